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
  minimum, its value falls at nine steps in ten while the gradient does not double; and it has
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
from dataclasses import dataclass

import numpy as np

from . import _checks
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

CONVERGED = "converged"
OSCILLATING = "oscillating"
DIVERGED = "diverged"
STILL_CONVERGING = "still converging"
NOT_CONVERGING = "not converging"
NOT_STARTED = "not started"
STATUSES = (CONVERGED, STILL_CONVERGING, OSCILLATING, NOT_CONVERGING, DIVERGED, NOT_STARTED)
"""Every status :func:`run` gives, in the order legends list them."""
WINDOW = 20
"""The fewest recent steps a status is judged on."""
MAX_STEPS = 1_000_000
MAX_RECORDED = 50_000_000
"""Limits on one run: steps, and numbers recorded per array ((steps + 1) × coordinates of all starts,
400 MB of floats); above them a typo such as ``steps=10**8`` is refused instead of hanging the kernel."""


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
    """

    objective: Objective
    optimizer: Optimizer
    positions: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    status: str | np.ndarray
    lengths: int | np.ndarray
    states: dict | None = None

    @property
    def n_starts(self) -> int | None:
        """None for a single start, else the number of starts."""
        return None if np.ndim(self.lengths) == 0 else int(np.size(self.lengths))

    def path(self, i: int | None = None) -> np.ndarray:
        """The recorded positions of start ``i`` (no NaN padding); the only one when ``i`` is None."""
        if self.n_starts is None:
            return self.positions
        return self.positions[: self.lengths[i], i]

    def value_path(self, i: int | None = None) -> np.ndarray:
        """The recorded values of start ``i`` (no NaN padding)."""
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

    def _last(self, arr):
        if self.n_starts is None:
            return arr[-1]
        idx = np.asarray(self.lengths) - 1
        return arr[idx, np.arange(idx.size)]


def _start_norm(a: np.ndarray, dim: int) -> np.ndarray:
    """|a| per start: elementwise in 1-D, the norm over the last axis otherwise."""
    return np.abs(a) if dim == 1 else np.sqrt(np.sum(a * a, axis=-1))


def _per_start(mask: np.ndarray, dim: int) -> np.ndarray:
    """Broadcast a per-start mask against a positions-shaped array."""
    return mask if dim == 1 else mask[..., None]


def _within(a, edge: float) -> bool:
    """Whether every element of a lies in [−edge, edge] (False for NaN); no temporary array."""
    return (np.maximum.reduce(a, axis=None, initial=-np.inf) <= edge
            and np.minimum.reduce(a, axis=None, initial=np.inf) >= -edge)


def _total(a) -> float:
    """sum(a), finite only if every element is finite (``np.sum`` minus its Python-level overhead)."""
    return np.add.reduce(a, axis=None)


def _record(rows: np.ndarray, k: int, a, live) -> None:
    """``rows[k] = a``, NaN for the starts that ``live`` (None: all) says have stopped."""
    rows[k] = a if live is None else np.where(live, a, np.nan)


def run(
    objective: Objective,
    optimizer: Optimizer,
    x0,
    steps: int,
    *,
    tol: float = 1e-6,
    divergence_bound: float = 1e6,
    gradient_noise: float = 0.0,
    rng=None,
    record_state: bool = False,
    max_grad_norm: float | None = None,
) -> Trajectory:
    """Run ``optimizer`` on ``objective`` from ``x0`` for ``steps`` steps and record the run.

    Args:
        objective: what to minimise.
        optimizer: any :mod:`course_lib.optimizers` instance.
        x0: one start (a float in 1-D, shape ``(d,)``) or many (``(n,)`` in 1-D, ``(n, d)``).
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
    if noise > 0:
        rng = _checks.generator("rng", rng)
    if steps > MAX_STEPS or (steps + 1) * x.size > MAX_RECORDED:
        raise ValueError(f"steps = {steps} for {x.size} coordinates would record over {MAX_RECORDED:,} numbers per "
                         f"array (at most {MAX_STEPS:,} steps): fewer steps or fewer starts, please")
    beyond = _start_norm(x, objective.dim) > bound
    if np.any(beyond):
        raise ValueError(f"x0 must lie within divergence_bound = {bound:g} (|x0| <= bound), got {x0!r}: "
                         "such a start has diverged before its first step")
    dim = objective.dim
    start_shape = x.shape if dim == 1 else x.shape[:-1]
    single = x.ndim == 0 or (dim > 1 and x.ndim == 1)

    # Rows are filled as the run goes; rows after an early stop are set to NaN at the end.
    positions = np.empty((steps + 1, *x.shape))
    values = np.empty((steps + 1, *start_shape))
    gradients = np.empty((steps + 1, *x.shape))
    state = optimizer.init(x)
    states = {name: np.empty((steps + 1, *x.shape)) for name in state._fields[1:]} if record_state else {}
    lengths = np.full(start_shape, steps + 1)
    diverged = np.zeros(start_shape, dtype=bool)
    live = live_x = None  # masks of the starts still running, per start and per coordinate; None: all of them
    recorded = 0  # rows written
    coordinate_edge = bound / dim

    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            value = objective.f(x)
            grad = objective.grad(x)
            if noise > 0:
                grad = grad + noise * rng.standard_normal(grad.shape)
            # A start is lost when |x| leaves the bound or anything turns non-finite (NaN compares
            # False, so "not <=" catches it too). Quick test first, without per-start norms (slow
            # in 2-D): when every coordinate lies within bound/dim (then every norm is within the
            # bound) and both sums are finite (then so is every term), no start is lost.
            if not (_within(x, coordinate_edge) and math.isfinite(_total(value)) and math.isfinite(_total(grad))):
                x_norm = _start_norm(x, dim)
                lost = ~(x_norm <= bound) | ~np.isfinite(value) | ~(_start_norm(grad, dim) < np.inf)
                newly = lost & ~diverged
                if np.any(newly):
                    diverged |= newly
                    lengths = np.where(newly, k, lengths)
                    if np.all(diverged):
                        break
                    live = ~diverged
                    live_x = _per_start(live, dim)
            _record(positions, k, x, live_x)
            _record(values, k, value, live)
            _record(gradients, k, grad, live_x)
            for name, rows in states.items():
                _record(rows, k, getattr(state, name), live_x)
            recorded = k + 1
            if k == steps:
                break
            if max_grad_norm is not None:  # the optimizer gets it clipped; the record above keeps it whole
                grad = clip_grad_norm(grad, max_grad_norm, axis=() if dim == 1 else -1)
            if optimizer.needs_hessian:
                x_new, state = optimizer.step(x, grad, state, hessian=objective.hessian(x))
            else:
                x_new, state = optimizer.step(x, grad, state)
            # Diverged starts stay at their last finite point, so they cost nothing downstream.
            x = x_new if live is None else np.where(live_x, x_new, x)
    for rows in (positions, values, gradients, *states.values()):
        rows[recorded:] = np.nan

    status = _classify(positions, values, gradients, diverged, steps, tol, dim, lambda: _has_minimum(objective))
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


def _decline(seq: np.ndarray, offset: int):
    """How a positive sequence falls, judged on the peaks e₁, e₂, e₃ of its last three equal blocks.

    Returns (geometric, toward_zero, clear_fall): it falls and Aitken's extrapolation of a
    geometric decline puts its limit below e₃/2 (a decline toward zero, not toward a plateau or
    a cycle); it falls geometrically or its log-log slope does not flatten by more than half (a
    power law, as on a flat minimum), the blocks' first steps standing for them; each peak is at
    most 3/4 of the one before (a clear fall, as a momentum spiral's, whose gradient rises and
    falls within the window). ``offset``: the step number of ``seq[0]``.
    """
    h = len(seq) // 3
    start = len(seq) - 3 * h
    e1, e2, e3 = np.maximum.reduceat(seq[start:], [0, h, 2 * h], axis=0)
    k1, k2, k3 = (offset + start + 1.0 + h * j for j in range(3))
    falling = (e2 < e1 * (1 - _ROUNDING)) & (e3 < e2 * (1 - _ROUNDING))
    d1, d2 = e2 - e1, e3 - e2
    geometric = falling & ~(e3 - d2 * d2 / (d2 - d1) > 0.5 * e3)
    power = falling & ~(np.log(e2 / e3) / math.log(k3 / k2) < 0.5 * np.log(e1 / e2) / math.log(k2 / k1))
    return geometric, power | geometric, (e2 <= 0.75 * e1) & (e3 <= 0.75 * e2)


def _share_falling(seq: np.ndarray) -> np.ndarray:
    """The fraction of steps at which ``seq`` fell."""
    return np.mean(seq[1:] < seq[:-1], axis=0)


_ROUNDING = 1e-9  # a relative change smaller than this is not a measurable change


def _has_minimum(objective: Objective) -> bool:
    """Whether the objective has a minimum to approach: one of its stationary points is one."""
    try:
        return bool(objective.minima)
    except ValueError:  # no way to find its stationary points: trust what it says of itself
        return objective.bounded_below


def _classify(positions, values, gradients, diverged, steps, tol, dim, has_minimum):
    """A status per start from the recorded arrays (see the module docstring)."""
    status = np.full(diverged.shape, NOT_CONVERGING, dtype=f"<U{max(map(len, STATUSES))}")
    status[diverged] = DIVERGED
    finished = ~diverged  # these ran all `steps` steps
    m = min(steps, max(WINDOW, steps // 2))  # the recent window: the last half, at least WINDOW steps
    first = steps - m
    g = _start_norm(gradients[first: steps + 1], dim)  # the gradient norms over the window
    if steps == 0:
        status[finished] = NOT_STARTED
        status[finished & (g[0] <= tol)] = CONVERGED
        return status
    with np.errstate(all="ignore"):
        window = positions[first: steps + 1]
        r = min(m, 6)
        last = np.diff(window[-r - 1:], axis=0)
        dots = last[1:] * last[:-1] if dim == 1 else np.sum(last[1:] * last[:-1], axis=-1)
        if dim == 1:  # |Δx| per step, in one buffer (these arrays are large: window × starts)
            step_length = np.subtract(window[1:], window[:-1])
            np.abs(step_length, out=step_length)
        else:
            step_length = _start_norm(np.diff(window, axis=0), dim)
        f = values[first: steps + 1]
        recent = step_length[-r:]
        no = np.zeros(diverged.shape, dtype=bool)
        reversing = np.all(dots < 0, axis=0) if r >= 2 else no
        growing = np.all(recent[1:] > recent[:-1] * (1 + _ROUNDING), axis=0) if r >= 2 else no
        uphill = values[steps] > values[0]
        lowest = np.fmin.reduce(values[: steps + 1], axis=0)
        climbed_back = values[steps] - lowest > 0.5 * (values[0] - lowest)  # up again by half its descent
        if m >= 6:
            g_geometric, g_toward_zero, g_clear_fall = _decline(g, first)
            steps_die_out = _decline(step_length, first + 1)[0]
            g_steady = g_toward_zero & ((_share_falling(g) >= 0.9) | g_clear_fall)
            f_steady = (_share_falling(f) >= 0.9) & ~(g[-1] > 2 * g[0])
            if np.any(f_steady & ~reversing & ~g_steady) and not has_minimum():
                f_steady = np.zeros_like(f_steady)  # falling values alone may be a slide toward −∞
            approaching = np.where(reversing, (g_geometric | g_clear_fall) & steps_die_out, g_steady | f_steady)
        else:  # too few steps for a trend: the gradient and the value fell, and any bouncing shrank
            approaching = (g[-1] < g[0]) & (f[-1] < f[0]) & ~(reversing & ~(step_length[-1] < step_length[0]))
    status[finished & reversing] = OSCILLATING
    status[finished & approaching & ~climbed_back] = STILL_CONVERGING
    status[finished & growing & uphill] = DIVERGED
    status[finished & (g[-1] <= tol)] = CONVERGED
    return status


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
    return float(np.max(np.abs(1 - lr * _curvatures(objective, x))))
