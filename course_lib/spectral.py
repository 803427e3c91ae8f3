"""Momentum on a quadratic, read off the eigenvalues: the 2×2 map, its rate, and the best (η, μ).

On f(x) = ½ xᵀHx every eigen-direction of H, with curvature λ, is a 1-D problem of its own. In
PyTorch's form (v ← μv + g, x ← x − ηv, notebook 07) the gradient there is λx, so the pair (x, v)
follows a linear map::

    (x_t, v_t) = M (x_{t−1}, v_{t−1}),   M = [[1 − ηλ, −ημ], [λ, μ]]

(Nesterov: M = [[1 − ηλ(1 + μ), −ημ²], [λ, μ]]). The distance to the minimum shrinks by the
largest eigenvalue modulus of M per step, the *rate*; the slowest direction sets the run's rate::

    >>> from course_lib import spectral
    >>> round(float(spectral.momentum_rate(2 / 21, 0.0, [1.0, 20.0])), 4)  # plain descent at 2/(λmin+λmax)
    0.9048
    >>> best = spectral.optimal_momentum([1.0, 20.0])
    >>> round(best.lr, 4), round(best.momentum, 4), round(best.rate, 4)
    (0.1336, 0.4026, 0.6345)

Everything here is computed from η, μ and the curvatures; :func:`measured_rate` reads the same
number off a recorded run, which is how the tests and notebook 07 check it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks
from .descent import Trajectory

__all__ = ["momentum_matrix", "momentum_rate", "momentum_critical_lr", "OptimalMomentum", "optimal_momentum",
           "measured_rate"]


def _curvatures(curvatures) -> np.ndarray:
    return np.atleast_1d(_checks.number("curvatures", curvatures, low=0, low_open=True, allow_array=True))


def momentum_matrix(lr, momentum, curvature, *, nesterov: bool = False) -> np.ndarray:
    """The 2×2 matrix M with (x_t, v_t) = M (x_{t−1}, v_{t−1}) along a direction of curvature ``curvature``.

    PyTorch's form of Momentum (or of Nesterov, with ``nesterov=True``); μ = 0 is plain descent.
    ``lr``, ``momentum`` and ``curvature`` broadcast; the result has their shape + (2, 2).
    """
    lr = _checks.number("lr", lr, low=0, allow_array=True)
    momentum = _checks.number("momentum", momentum, low=0, high=1, high_open=True, allow_array=True)
    curvature = _checks.number("curvature", curvature, low=0, low_open=True, allow_array=True)
    lr, momentum, curvature = np.broadcast_arrays(lr, momentum, curvature)
    top_left = 1 - lr * curvature * (1 + momentum) if nesterov else 1 - lr * curvature
    top_right = -lr * momentum * (momentum if nesterov else 1)
    return np.stack([np.stack([top_left, top_right], -1), np.stack([curvature, momentum], -1)], -2)


def momentum_rate(lr, momentum, curvatures, *, nesterov: bool = False) -> np.ndarray:
    """The rate per step, max over ``curvatures`` of the largest eigenvalue modulus of :func:`momentum_matrix`.

    Below 1 the run converges (that fast, in the long run), above 1 it diverges. The eigenvalues
    z solve z² − Tz + D = 0 (T, D: the trace and the determinant of M); for heavy-ball momentum
    D = μ, so the two moduli multiply to μ and the larger is at least √μ. ``lr`` and ``momentum``
    broadcast (e.g. a grid for a rate map); ``curvatures`` is a list of curvatures (λ of every direction).
    """
    lr = _checks.number("lr", lr, low=0, allow_array=True)
    momentum = _checks.number("momentum", momentum, low=0, high=1, high_open=True, allow_array=True)
    lam = _curvatures(curvatures).reshape((-1,) + (1,) * np.ndim(np.broadcast(lr, momentum)))
    shrink = 1 - lr * lam
    trace = (1 + momentum) * shrink if nesterov else shrink + momentum
    det = momentum * (shrink if nesterov else np.ones_like(shrink))
    disc = trace * trace - 4 * det
    real = (np.abs(trace) + np.sqrt(np.maximum(disc, 0))) / 2  # two real roots: the larger modulus
    radius = np.where(disc >= 0, real, np.sqrt(np.maximum(det, 0)))  # complex pair: |z|² = D
    return radius.max(axis=0)


def momentum_critical_lr(curvatures, momentum, *, nesterov: bool = False) -> float:
    """The largest stable η: ηλmax < 2(1 + μ) for Momentum (2(1 + μ)/(1 + 2μ) for Nesterov).

    At this η one eigenvalue of M along λmax is −1; above it, it is below −1 and the run diverges.
    """
    momentum = _checks.number("momentum", momentum, low=0, high=1, high_open=True)
    top = 2 * (1 + momentum) / (1 + 2 * momentum) if nesterov else 2 * (1 + momentum)
    return float(top / _curvatures(curvatures).max())


class OptimalMomentum(NamedTuple):
    """The (η, μ) with the lowest rate on a quadratic, and that rate."""

    lr: float
    momentum: float
    rate: float


def optimal_momentum(curvatures) -> OptimalMomentum:
    """η* = 4/(√λmax + √λmin)², μ* = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1), κ = λmax/λmin.

    At (η*, μ*) both extreme directions have a double eigenvalue of modulus √μ*, the lowest that
    μ* allows; plain descent's best rate is (κ − 1)/(κ + 1).
    """
    lam = _curvatures(curvatures)
    low, high = np.sqrt(lam.min()), np.sqrt(lam.max())
    rate = (high - low) / (high + low)
    return OptimalMomentum(float(4 / (high + low) ** 2), float(rate**2), float(rate))


def measured_rate(trajectory: Trajectory, first: int, last: int | None = None) -> np.ndarray:
    """The rate a run achieved between steps ``first`` and ``last`` (default: its end), per start:
    (‖x_last − x*‖ / ‖x_first − x*‖)^(1/(last − first)), x* the objective's global minimum; inf for a run
    that diverged before ``last``."""
    objective = trajectory.objective
    if not objective.global_minima:
        raise ValueError(f"a rate needs a minimum to approach, and {objective.name} has none")
    n = trajectory.positions.shape[0] - 1
    last = n if last is None else _checks.integer("last", last, low=1)
    first = _checks.integer("first", first)
    if not first < last <= n:
        raise ValueError(f"first and last must satisfy 0 <= first < last <= {n} (the run's steps), "
                         f"got first={first}, last={last}")
    offset = trajectory.positions - np.asarray(objective.global_minima[0].position, dtype=float)
    distance = np.linalg.norm(offset, axis=-1) if objective.dim > 1 else np.abs(offset)
    rate = (distance[last] / distance[first]) ** (1 / (last - first))
    return np.where(np.isfinite(rate), rate, np.inf)
