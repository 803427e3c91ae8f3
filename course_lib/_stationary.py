"""Stationary points found numerically: Newton's method on ∇f = 0 from a grid of starts, for the objectives of
:mod:`course_lib.objectives` that are not polynomials (their default finder), and the classification of a point
by its Hessian's eigenvalues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .objectives import Objective

__all__ = ["classify", "newton_stationary_points", "one_per_flat_stretch"]


def classify(hessian_eigenvalues, scale: float) -> str:
    tol = 1e-9 * max(1.0, scale)
    ev = np.atleast_1d(hessian_eigenvalues)
    if np.all(ev > tol):
        return "minimum"
    if np.all(ev < -tol):
        return "maximum"
    if np.any(ev > tol) and np.any(ev < -tol):
        return "saddle"
    return "degenerate"


def newton_stationary_points(obj: Objective, resolution: int | None = None, iterations: int = 60):
    """Solve ∇f = 0 by Newton's method from a grid of starts over the window: ``(position, value, kind)`` each.

    1-D: 401 starts; 2-D: 41 × 41. Points that end inside the window with a vanishing
    gradient are kept (duplicates merged, one per flat stretch) and classified by their Hessian.
    """
    if obj.hessian is None or obj.dim not in (1, 2):
        raise ValueError(f"{obj.name}: the default stationary-point finder needs dim 1 or 2 and a Hessian")
    if obj.dim == 1:
        lo, hi = obj.window
        p = np.linspace(lo, hi, resolution or 401)
        bounds = [(lo, hi)]
    else:
        bounds = list(obj.window)
        n = resolution or 41
        X, Y = np.meshgrid(np.linspace(*bounds[0], n), np.linspace(*bounds[1], n))
        p = np.stack([X.ravel(), Y.ravel()], axis=-1)
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            g = obj.grad(p)
            h = obj.hessian(p)
            if obj.dim == 1:
                p = p - g / h
                continue
            det = h[:, 0, 0] * h[:, 1, 1] - h[:, 0, 1] * h[:, 1, 0]
            dx = (h[:, 1, 1] * g[:, 0] - h[:, 0, 1] * g[:, 1]) / det
            dy = (h[:, 0, 0] * g[:, 1] - h[:, 1, 0] * g[:, 0]) / det
            p = p - np.stack([dx, dy], axis=-1)
        g = np.nan_to_num(obj.grad(p), nan=np.inf)
    pts = p.reshape(len(p), obj.dim)
    span = max(b - a for a, b in bounds)
    inside = np.all(np.isfinite(pts), axis=-1)
    for axis, (a, b) in enumerate(bounds):
        inside &= (pts[:, axis] >= a) & (pts[:, axis] <= b)
    tiny = 1e-8 * max(1.0, span)
    g_size = np.abs(g).reshape(len(p), obj.dim).max(axis=-1)
    inside &= g_size < tiny
    candidates, g_size = pts[inside], g_size[inside]
    kept = np.zeros(len(candidates), dtype=bool)  # the first of each cluster of nearby candidates
    for i, q in enumerate(candidates):
        kept[i] = not np.any(np.linalg.norm(candidates[kept] - q, axis=-1) <= 1e-6 * span)
    found = list(one_per_flat_stretch(obj, candidates[kept], g_size[kept], tiny))
    points = []
    for q in sorted(found, key=lambda q: tuple(np.round(q, 9))):
        position = float(q[0]) if obj.dim == 1 else q.copy()
        value = float(obj.f(position))
        h = obj.hessian(position)
        kind = classify(h if obj.dim == 1 else np.linalg.eigvalsh(h), abs(value))
        points.append((position, value, kind))
    return points


def one_per_flat_stretch(obj: Objective, candidates: np.ndarray, g_size: np.ndarray, tiny: float) -> np.ndarray:
    """One candidate per flat stretch: candidates joined by segments along which the gradient stays below ``tiny``
    are one stationary point (Newton's method crawls there and stops all along it, as on x¹⁰⁰ near 0); the
    candidate with the smallest gradient stands for it."""
    if len(candidates) < 2:
        return candidates
    i, j = np.triu_indices(len(candidates), 1)
    along = candidates[i] + np.linspace(0.0, 1.0, 9)[1:-1, None, None] * (candidates[j] - candidates[i])
    g = np.nan_to_num(np.abs(obj.grad(along[..., 0] if obj.dim == 1 else along)), nan=np.inf)
    label = np.arange(len(candidates))
    flat = np.all(g.reshape(*along.shape[:2], -1).max(axis=-1) < tiny, axis=0)
    for a, b in zip(i[flat], j[flat], strict=True):
        label[label == label[b]] = label[a]  # one stretch
    return candidates[sorted(min(np.flatnonzero(label == c), key=lambda k: g_size[k]) for c in np.unique(label))]
