"""How fast is ``course_lib.descent.run``? 10,000 starts × 200 steps of gradient descent on x⁴ − 8x² + x.

    .venv/bin/python benchmarks/runner.py          (or: python3 tasks.py benchmark)

Times, side by side in this one run (rounds interleaved, median of the rounds):

- ``run(..., record=False)`` with all 10,000 starts in one array (vectorised: each NumPy operation
  serves all starts): the explicit fast path, which keeps only what the statuses need and the last
  point of each start (the same final positions and statuses as the recorded run, tested in
  ``tests/test_descent.py``). The targets are on this row;
- ``run`` with its full records (every position, value and gradient), for comparison;
- a Python loop over the starts that calls ``run`` once per start (timed on a subset, scaled);
- a pure-Python float loop per start that does what ``run`` does at every step: records the
  position, value and gradient and checks that the start is still finite and inside the bound
  (it leaves out only ``run``'s final status per start);
- a minimal pure-Python float loop per start, ``x -= lr·(4x³ − 16x + 1)``, which records nothing;
- for reference, the same minimal loop on the NumPy array of all starts: the floor for any
  vectorised NumPy code, which ``run`` cannot reach because it records and checks every step;
- ``torch.optim.SGD`` on a 10,000-element float64 tensor: the usual way (``loss.backward()``) and
  with the analytic gradient assigned to ``p.grad`` (skipped with a message without PyTorch).

``run`` does more than the minimal loops and torch do: it computes f at every step as well as the
gradient, checks every start for divergence at every step and gathers the evidence of each
start's status (the recorded run also records 3 × 201 × 10,000 floats). All variants must end at
the same positions (asserted).

Targets (issue 13): the fast path at least 100× faster than the loop over starts that calls
``run`` (what a student would otherwise write), no slower than torch SGD with the analytic
gradient (ratio ≤ 1), and at most 3× the bare NumPy loop (the reference row: the update alone,
nothing computed, recorded or checked beside it). The pure-Python float loops are printed for
reference, without a target.

The ratios use the CPU time of this process (``time.process_time``): on a shared machine the
wall time also counts the other processes' turns on the CPU. Every variant here runs on one
thread (torch splits element-wise work across threads only above 32,768 elements), so on an
idle machine CPU time is close to wall time; both are printed.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from course_lib.descent import run
from course_lib.objectives import double_dip
from course_lib.optimizers import GradientDescent

N_STARTS, STEPS, LR = 10_000, 200, 0.01
BOUND = 1e6  # run's default divergence_bound
ROUNDS = 9
RUN_PER_START_SUBSET = 50  # starts timed for the loop that calls run once per start
LOOP_TARGET, TORCH_TARGET, FLOOR_TARGET = 100.0, 1.0, 3.0


class Variant(NamedTuple):
    name: str
    kind: str  # "run", "loop", "python", "recorded", "reference" or "torch": what it is compared with
    final_positions: Callable  # starts -> final positions
    starts: np.ndarray  # the starts it is timed on
    scale: float = 1.0  # factor from its time to the time for all N_STARTS


def vectorised(x0):
    return run(double_dip, GradientDescent(lr=LR), x0, STEPS, record=False).final_position


def recorded(x0):
    return run(double_dip, GradientDescent(lr=LR), x0, STEPS).final_position


def run_per_start(x0):
    return np.array([run(double_dip, GradientDescent(lr=LR), x, STEPS).final_position for x in x0.tolist()])


def python_floats_recorded(x0):
    final = []
    for x in x0.tolist():
        positions, values, gradients = [], [], []
        for k in range(STEPS + 1):
            value = x * x * x * x - 8 * x * x + x
            grad = 4 * x * x * x - 16 * x + 1
            if not (abs(x) <= BOUND and math.isfinite(value) and math.isfinite(grad)):
                break
            positions.append(x)
            values.append(value)
            gradients.append(grad)
            if k < STEPS:
                x -= LR * grad
        final.append(positions[-1])
    return np.array(final)


def python_floats(x0):
    final = []
    for x in x0.tolist():
        for _ in range(STEPS):
            x -= LR * (4 * x * x * x - 16 * x + 1)
        final.append(x)
    return np.array(final)


def numpy_floor(x0):
    x = x0.copy()
    for _ in range(STEPS):
        x -= LR * (((4 * x) * x - 16) * x + 1)
    return x


def torch_variants(torch):
    """The two torch.optim.SGD loops, as functions of the starting points."""

    def autograd(x0):
        p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.SGD([p], lr=LR)
        for _ in range(STEPS):
            optimizer.zero_grad()
            loss = (p**4 - 8 * p**2 + p).sum()
            loss.backward()
            optimizer.step()
        return p.detach().numpy()

    def analytic(x0):
        p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.SGD([p], lr=LR)
        for _ in range(STEPS):
            with torch.no_grad():
                p.grad = 4 * p * p * p - 16 * p + 1
            optimizer.step()
        return p.detach().numpy()

    return {"torch SGD, loss.backward()": autograd, "torch SGD, analytic p.grad": analytic}


def main() -> None:
    x0 = np.random.default_rng(0).uniform(*double_dip.window, N_STARTS)
    subset = x0[:RUN_PER_START_SUBSET]
    variants = [
        Variant("run(record=False), vectorised", "run", vectorised, x0),
        Variant("run with its records, vectorised", "recorded", recorded, x0),
        Variant("loop over starts calling run", "loop", run_per_start, subset, N_STARTS / len(subset)),
        Variant("loop over starts, Python, records", "python", python_floats_recorded, x0),
        Variant("loop over starts, Python, minimal", "python", python_floats, x0),
        Variant("reference: bare NumPy loop, no records", "reference", numpy_floor, x0),
    ]
    try:
        import torch
    except ImportError as error:
        torch = None
        print(f"PyTorch rows skipped: torch cannot be imported ({error})")
    if torch is not None:
        variants += [Variant(name, "torch", fn, x0) for name, fn in torch_variants(torch).items()]

    cpu = {v.name: [] for v in variants}
    wall = {v.name: [] for v in variants}
    finals = {}
    for v in variants:  # warm-up: imports, caches, torch's lazy setup
        v.final_positions(v.starts[:10])
    for _ in range(ROUNDS):
        for v in variants:
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            finals[v.name] = v.final_positions(v.starts)
            cpu[v.name].append((time.process_time() - start_cpu) * v.scale)
            wall[v.name].append((time.perf_counter() - start_wall) * v.scale)

    expected = finals[variants[0].name]
    for name, final in finals.items():
        np.testing.assert_allclose(final, expected[: len(final)], rtol=1e-12, atol=1e-12, err_msg=name)

    base = statistics.median(cpu[variants[0].name])
    python = statistics.median(cpu["loop over starts, Python, minimal"])
    print(f"{N_STARTS:,} starts x {STEPS} steps of gradient descent (lr {LR}) on {double_dip.formula}")
    print(f"median of {ROUNDS} interleaved rounds; all variants end at the same positions (rtol 1e-12)")
    versions = f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch is not None else "")
    print(f"{versions}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; ratios from CPU time")
    print()
    print(f"{'variant':<38} {'CPU time':>9} {'wall time':>10}   comparison with run(record=False)")
    for v in variants:
        t = statistics.median(cpu[v.name])
        if v.kind == "run":
            comparison = "-"
        elif v.kind == "loop":
            verdict = "met" if t / base >= LOOP_TARGET else "MISSED"
            comparison = f"run is {t / base:7.1f}x faster  (target >= {LOOP_TARGET:g}x: {verdict})"
        elif v.kind in ("python", "recorded"):
            comparison = f"run is {t / base:7.1f}x faster  (no target)"
        elif v.kind == "reference":
            verdict = "met" if base / t <= FLOOR_TARGET else "MISSED"
            comparison = (f"run / this = {base / t:5.2f}     (target <= {FLOOR_TARGET:g}: {verdict}); "
                          f"minimal Python loop / this = {python / t:.0f}")
        else:
            verdict = "met" if base / t <= TORCH_TARGET else "MISSED"
            comparison = f"run / torch = {base / t:5.2f}     (target <= {TORCH_TARGET:g}: {verdict})"
        if v.scale != 1:
            comparison += f"  [timed on {len(v.starts)} starts, x{v.scale:g}]"
        print(f"{v.name:<38} {_seconds(t):>9} {_seconds(statistics.median(wall[v.name])):>10}   {comparison}")


def _seconds(t: float) -> str:
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


if __name__ == "__main__":
    main()
