"""Run an optimizer on an objective and record everything that happened.

    >>> from course_lib.descent import run
    >>> from course_lib.objectives import square
    >>> from course_lib.optimizers import GradientDescent
    >>> t = run(square, GradientDescent(lr=0.1), x0=10.0, steps=20)
    >>> round(float(t.positions[-1]), 6), t.status
    (0.115292, 'still converging')

``x0`` may hold many starts at once: shape ``(n,)`` for a 1-D objective, ``(n, 2)`` for a 2-D
one. They are updated together as one array, so 10,000 starts cost about what one start
costs in Python overhead. Every start gets a status, judged on the recent window (the last
half of the run, at least :data:`WINDOW` steps):

- ``"converged"``: the gradient at the last point is below ``tol`` (in norm);
- ``"still converging"``: measurably approaching a minimum. Its gradient norm falls steadily
  toward zero (geometrically, or as a power law as on a flat minimum), or, where f has a
  minimum, its value falls at nine steps in ten while the gradient does not rise above twice
  its first value in the window's last third; and it has
  not climbed back up by more than half of its descent (f_end − f_min ≤ (f₀ − f_min)/2: a run
  that was far lower before is bouncing, not converging). A run whose steps keep reversing
  counts only if its bounces die out: its step lengths shrink geometrically, and so does its
  gradient (or it clearly falls);
- ``"oscillating"``: its steps keep reversing and the bounces do not die out: the distance to
  where it bounces around is not shrinking (a 2-cycle, or a bounce settling into one);
- ``"diverged"``: the run left the region ``|x| <= divergence_bound``, produced a non-finite
  number, or its steps kept growing while f rose above its starting value;
- ``"not converging"``: none of these: bounded, but wandering, drifting or climbing;
- ``"not started"``: a run of 0 steps whose start is not already converged.

A diverging start stops cleanly where it left the bounded region: no overflow warnings, and
its recorded arrays end there (NaN-padded after that point when several starts share arrays).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np

from . import _checks
from ._checks import dot
from ._status import (
    CONVERGED,
    DIVERGED,
    NOT_CONVERGING,
    NOT_STARTED,
    OSCILLATING,
    STATUSES,
    STILL_CONVERGING,
    WINDOW,  # noqa: F401  (descent.WINDOW, named in the docstring above)
    Evidence,
    has_minimum,
    start_norm,
)
from .clipping import clip_grad_norm
from .objectives import Objective
from .optimizers import Optimizer

__all__ = [
    "CONVERGED",
    "OSCILLATING",
    "DIVERGED",
    "STILL_CONVERGING",
    "NOT_CONVERGING",
    "NOT_STARTED",
    "STATUSES",
    "MAX_STEPS",
    "MAX_RECORDED",
    "Trajectory",
    "run",
    "one_step_learning_rate",
    "critical_learning_rate",
    "contraction_factor",
]

BULK_LIMIT = 500
"""Coordinates (of all starts) up to which a recorded run's status evidence is read from its records at the end."""
MAX_STEPS = 1_000_000
MAX_RECORDED = 50_000_000
"""Limits on one run: steps, and numbers recorded per array ((steps + 1) × coordinates of all starts,
400 MB of floats); above them a typo such as ``steps=10**8`` is refused instead of hanging the kernel."""
DIVERGENCE_BOUND = 1e6
"""The default ``divergence_bound`` of :func:`run`: a start whose |x| exceeds it has diverged."""


@dataclass(frozen=True)
class Trajectory:
    """What one call of :func:`run` recorded.

    For a single start, ``positions`` has shape ``(k + 1,)`` (1-D) or ``(k + 1, d)`` and ends at
    the last recorded step ``k`` (``k < steps`` only when the run diverged). For n starts the
    arrays have a start axis after the step axis, length ``steps + 1``, NaN after a start's
    last recorded step; ``lengths`` says how many entries of each are real.

    Attributes:
        positions: every iterate, the start included.
        values: f at every position.
        gradients: the objective's gradient at every position (with noise, if any); the optimizer was given it
            clipped, when run had a ``max_grad_norm``.
        status: one of :data:`STATUSES` per start (a str for one start, an array for many).
        lengths: number of recorded positions per start.
        states: with ``record_state=True``, each optimizer-state buffer at every position.
        recorded: False for ``run(..., record=False)``: then ``positions``, ``values`` and ``gradients``
            hold one row, the last recorded point of each start, and there is no path.
    """

    objective: Objective
    optimizer: Optimizer
    positions: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    status: str | np.ndarray
    lengths: int | np.ndarray
    states: dict | None = None
    recorded: bool = True

    @property
    def n_starts(self) -> int | None:
        """None for a single start, else the number of starts."""
        return None if np.ndim(self.lengths) == 0 else int(np.size(self.lengths))

    def path(self, i: int | None = None) -> np.ndarray:
        """The recorded positions of start ``i`` (no NaN padding); the only one when ``i`` is None."""
        self._check_recorded()
        if self.n_starts is None:
            return self.positions
        return self.positions[: self.lengths[i], i]

    def value_path(self, i: int | None = None) -> np.ndarray:
        """The recorded values of start ``i`` (no NaN padding)."""
        self._check_recorded()
        if self.n_starts is None:
            return self.values
        return self.values[: self.lengths[i], i]

    def status_of(self, i: int | None = None) -> str:
        """The status of start ``i``; of the only one when ``i`` is None."""
        return str(self.status if self.n_starts is None else self.status[i])

    @property
    def final_position(self):
        """The last recorded position of every start."""
        return self._last(self.positions)

    @property
    def final_value(self):
        """f at the last recorded position of every start."""
        return self._last(self.values)

    def _check_recorded(self):
        if not self.recorded:
            raise ValueError("this run was made with record=False: it kept only its last point, no path")

    def _last(self, arr):
        if self.n_starts is None or not self.recorded:
            return arr[-1]
        idx = np.asarray(self.lengths) - 1
        return arr[idx, np.arange(idx.size)]


def _per_start(mask: np.ndarray, dim: int) -> np.ndarray:
    """Broadcast a per-start mask against a positions-shaped array."""
    return mask if dim == 1 else mask[..., None]


def run(
    objective: Objective,
    optimizer: Optimizer,
    x0,
    steps: int,
    *,
    tol: float = 1e-6,
    divergence_bound: float = DIVERGENCE_BOUND,
    gradient_noise: float = 0.0,
    rng=None,
    record_state: bool = False,
    max_grad_norm: float | None = None,
    record: bool = True,
) -> Trajectory:
    """Run ``optimizer`` on ``objective`` from ``x0`` for ``steps`` steps and record the run.

    With ``record=False`` the run keeps no records, only what the statuses are judged on (gathered
    as it goes) and the last point of every start: the same final positions, values, gradients,
    statuses and lengths as the recorded run, in a Trajectory whose arrays hold that one row
    (``recorded`` is False). That is the fast way to run many starts when only their ends matter.

    Args:
        objective: what to minimise.
        optimizer: any :mod:`course_lib.optimizers` instance.
        x0: one start (a float in 1-D, shape ``(d,)``) or many (``(n,)`` in 1-D, ``(n, d)``), each within
            ``divergence_bound`` and where f and its gradient are finite (inside f's domain).
        steps: number of updates.
        tol: gradient norm below which the last point counts as converged.
        divergence_bound: a start whose |x| exceeds this has diverged.
        gradient_noise: standard deviation of Gaussian noise added to every gradient
            (stochastic descent); needs ``rng``.
        rng: a seeded ``numpy.random.Generator`` or int seed, for ``gradient_noise``.
        record_state: also record the optimizer's state buffers at every step.
        max_grad_norm: clip every gradient to this norm before the optimizer sees it
            (:func:`course_lib.clipping.clip_grad_norm`; each start is its own parameter vector). The
            recorded gradients, and the status, are the objective's, unclipped.
        record: record every step (False: only the last point of each start, see above).
    """
    _check_objective(objective)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an Optimizer, got {optimizer!r}")
    if optimizer.needs_hessian and objective.hessian is None:
        raise ValueError(f"optimizer {optimizer!r} needs the Hessian, and {objective.name} has none")
    x = objective.check_points(x0, "x0")
    steps = _checks.integer("steps", steps)
    tol = _checks.number("tol", tol, low=0)
    bound = _checks.number("divergence_bound", divergence_bound, low=0, low_open=True)
    noise = _checks.number("gradient_noise", gradient_noise, low=0)
    record_state = _checks.flag("record_state", record_state)
    if max_grad_norm is not None:
        max_grad_norm = _checks.number("max_grad_norm", max_grad_norm, low=0, low_open=True)
    record = _checks.flag("record", record)
    if record_state and not record:
        raise ValueError("record_state=True needs record=True: the states are recorded with the run")
    if noise > 0:
        rng = _checks.generator("rng", rng)
    if steps > MAX_STEPS or (record and (steps + 1) * x.size > MAX_RECORDED):
        raise ValueError(f"steps = {steps} for {x.size} coordinates would record over {MAX_RECORDED:,} numbers per "
                         f"array (at most {MAX_STEPS:,} steps): fewer steps or fewer starts, please")
    beyond = start_norm(x, objective.dim) > bound
    if np.any(beyond):
        raise ValueError(f"x0 must lie within divergence_bound = {bound:g} (|x0| <= bound), got {x0!r}: "
                         "such a start has diverged before its first step")
    _check_defined(objective, x)
    dim = objective.dim
    start_shape = x.shape if dim == 1 else x.shape[:-1]
    single = x.ndim == 0 or (dim > 1 and x.ndim == 1)

    # Rows are filled as the run goes; rows after an early stop are set to NaN at the end.
    state = optimizer.init(x)
    if record:
        positions = np.empty((steps + 1, *x.shape))
        values = np.empty((steps + 1, *start_shape))
        gradients = np.empty((steps + 1, *x.shape))
        states = {name: np.empty((steps + 1, *x.shape)) for name in state._fields[1:]} if record_state else {}
    else:
        final = (np.full(x.shape, np.nan), np.full(start_shape, np.nan), np.full(x.shape, np.nan))
    evidence = Evidence(steps, dim, start_shape)
    # the evidence step by step without records, or past BULK_LIMIT coordinates (then the window's arrays
    # outgrow the CPU's caches); else at the end from the records, in a few dozen NumPy calls
    stepwise = not record or x.size > BULK_LIMIT
    lengths = np.full(start_shape, steps + 1)
    diverged = np.zeros(start_shape, dtype=bool)
    live = live_x = None  # masks of the starts still running, per start and per coordinate; None: all of them
    recorded = 0  # rows written
    bound_squared = min(bound * bound, sys.float_info.max)  # finite: an infinite x never passes the quick test
    # warnings are off for the whole loop: the functions need not turn them off at every call
    value_and_grad, step = _checks.loud(objective.value_and_grad), _checks.loud(optimizer.step)

    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            value, grad = value_and_grad(x)
            if noise > 0:
                grad = grad + noise * rng.standard_normal(grad.shape)
            # A start is lost when |x| leaves the bound or anything turns non-finite (NaN compares
            # False, so "not <=" catches it too). Quick test first, one pass per array, without per-start
            # norms (slow in 2-D): when Σ|x|² over all starts is within bound² (then every norm is within
            # the bound) and Σ f·f′ is finite in 1-D, Σf² + Σ|∇f|² in 2-D (then so is every term), no start is lost.
            if not (dot(x, x) <= bound_squared
                    and math.isfinite(dot(value, grad) if dim == 1 else dot(value, value) + dot(grad, grad))):
                x_norm = start_norm(x, dim)
                lost = ~(x_norm <= bound) | ~np.isfinite(value) | ~(start_norm(grad, dim) < np.inf)
                newly = lost & ~diverged
                if np.any(newly):
                    diverged |= newly
                    lengths = np.where(newly, k, lengths)
                    if np.all(diverged):
                        break
                    live = ~diverged
                    live_x = _per_start(live, dim)
            # what is recorded at step k: NaN for the starts that have stopped
            row = (x, value, grad) if live is None else _masked((x, value, grad), (live_x, live, live_x))
            if record:
                positions[k], values[k], gradients[k] = row
                for name, rows in states.items():
                    rows[k] = getattr(state, name) if live is None else np.where(live_x, getattr(state, name), np.nan)
            else:  # the last recorded row of every start
                final = row if live is None else _masked(row, (live_x, live, live_x), final)
            if stepwise:
                evidence.add(k, *row)
            recorded = k + 1
            if k == steps:
                break
            if max_grad_norm is not None:  # the optimizer gets it clipped; the record above keeps it whole
                grad = clip_grad_norm(grad, max_grad_norm, axis=() if dim == 1 else -1)
            if optimizer.needs_hessian:
                x_new, state = step(x, grad, state, hessian=objective.hessian(x))
            else:
                x_new, state = step(x, grad, state)
            # Diverged starts stay at their last finite point, so they cost nothing downstream.
            x = x_new if live is None else np.where(live_x, x_new, x)
    if record:
        for rows in (positions, values, gradients, *states.values()):
            rows[recorded:] = np.nan
    if not stepwise:
        evidence.add_records(positions, values, gradients)
    status = evidence.status(diverged, tol, lambda: has_minimum(objective))
    if not record:  # one row: the last recorded point of every start
        positions, values, gradients = (a[None] for a in final)
        if single:
            return Trajectory(objective, optimizer, positions, values, gradients, str(status), int(lengths),
                              recorded=False)
        return Trajectory(objective, optimizer, positions, values, gradients, status, lengths, recorded=False)
    if single:
        n = int(lengths)
        trajectory = Trajectory(
            objective, optimizer, positions[:n], values[:n], gradients[:n], str(status), n,
            {name: arr[:n] for name, arr in states.items()} if record_state else None,
        )
    else:
        trajectory = Trajectory(
            objective, optimizer, positions, values, gradients, status, lengths, states if record_state else None
        )
    return trajectory


def _masked(arrays, masks, elsewhere=None):
    """Each array where its mask holds, else NaN (or the same item of ``elsewhere``)."""
    if elsewhere is None:
        return tuple(np.where(mask, a, np.nan) for a, mask in zip(arrays, masks, strict=True))
    return tuple(np.where(mask, a, b) for a, mask, b in zip(arrays, masks, elsewhere, strict=True))


def _check_defined(objective: Objective, x: np.ndarray) -> None:
    """ValueError naming x0 unless f and its gradient are finite at every start (inside f's domain)."""
    value, grad = objective.f(x), np.asarray(objective.grad(x), dtype=float)
    undefined = ~np.isfinite(value) | ~np.all(np.isfinite(grad.reshape(*np.shape(value), -1)), axis=-1)
    if np.any(undefined):
        shown = repr(float(x)) if x.ndim == 0 else np.array2string(x, threshold=6)
        where = f"{int(np.sum(undefined))} of the starts" if np.ndim(undefined) else "the start"
        raise ValueError(f"x0 must lie where f = {objective.formula} and its gradient have finite values (inside "
                         f"its domain), got {shown}: f or its gradient is not finite at {where}")


def _check_objective(objective) -> None:
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be an Objective (see course_lib.objectives), got {objective!r}")


def _curvatures(objective: Objective, x) -> np.ndarray:
    """The Hessian's eigenvalues at one point x (f″(x) in 1-D); x defaults to the minimum."""
    _check_objective(objective)
    if objective.hessian is None:
        raise ValueError(f"{objective.name} has no Hessian")
    if x is None:
        minimum = objective.global_minimum or (objective.minima[0] if objective.minima else None)
        if minimum is None:
            raise ValueError(f"{objective.name} has no minimum to default to: pass x")
        x = minimum.position
    x = objective.check_points(x, "x")
    if x.shape != (() if objective.dim == 1 else (objective.dim,)):
        raise ValueError(f"x must be a single point of {objective.name}, got shape {x.shape}")
    return np.atleast_1d(np.linalg.eigvalsh(objective.hessian(x)) if objective.dim > 1 else objective.hessian(x))


def one_step_learning_rate(objective: Objective, x=None) -> float | None:
    """1/f″(x): the rate that lands on the minimum of a parabola in exactly one step.

    ``x`` defaults to the objective's (global) minimum. In 2-D it uses the largest Hessian
    eigenvalue (the stiffest direction). None where that curvature is not positive.
    """
    largest = float(np.max(_curvatures(objective, x)))
    return 1 / largest if largest > 0 else None


def critical_learning_rate(objective: Objective, x=None) -> float | None:
    """2/f″(x): above it plain descent on a parabola diverges; at it, it bounces forever.

    Same conventions as :func:`one_step_learning_rate`.
    """
    rate = one_step_learning_rate(objective, x)
    return None if rate is None else 2 * rate


def contraction_factor(objective: Objective, lr: float, x=None) -> float:
    """|1 − η·f″(x)|: on a parabola, each step multiplies the distance to the minimum by this.

    Below 1 the run converges (from one side if η < 1/f″, alternating sides if η > 1/f″);
    exactly 1 it oscillates; above 1 it diverges. In 2-D: the largest factor over the
    Hessian's eigen-directions.
    """
    lr = _checks.number("lr", lr, low=0)
    with np.errstate(over="ignore"):  # an enormous η: the factor is inf, as large as it gets
        return float(np.max(np.abs(1 - lr * _curvatures(objective, x))))
