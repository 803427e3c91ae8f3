"""Gradient clipping by norm, as ``torch.nn.utils.clip_grad_norm_`` clips.

A gradient whose norm exceeds ``max_norm`` is scaled down to (just under) that norm; a smaller one is
left alone. The direction never changes, only the length, so a step can no longer be huge where the
objective is steep (x⁴ far from its minimum, a network's loss cliff)::

    >>> from course_lib.clipping import clip_grad_norm
    >>> clip_grad_norm([3.0, 4.0], max_norm=1.0).round(6).tolist()  # norm 5: scaled by 1/5
    [0.6, 0.8]
    >>> clip_grad_norm([0.3, 0.4], max_norm=1.0).tolist()  # norm 0.5: left as it is
    [0.3, 0.4]

:func:`course_lib.descent.run` and :func:`course_lib.models.fit` clip every gradient they pass to the
optimizer when given ``max_grad_norm``.
"""

from __future__ import annotations

import math

import numpy as np

from . import _checks

__all__ = ["clip_grad_norm"]

_NORMS = {1: lambda a, axis: np.sum(np.abs(a), axis=axis, keepdims=True),
          2: lambda a, axis: np.sqrt(np.sum(a * a, axis=axis, keepdims=True)),
          math.inf: lambda a, axis: np.max(np.abs(a), axis=axis, keepdims=True)}


@_checks.quiet  # an infinite gradient gives NaN (inf · 0), as in torch; run reports such a start "diverged"
def clip_grad_norm(grad, max_norm: float, norm_type: float = 2.0, *, axis=None) -> np.ndarray:
    """``grad`` times min(1, max_norm / (‖grad‖ + 1e−6)): torch's ``clip_grad_norm_``, without changing ``grad``.

    (The quotient is computed as torch computes it, as max_norm times the reciprocal of ‖grad‖ + 1e−6.)

    Args:
        grad: the gradient, one parameter vector or several.
        max_norm: the largest norm let through (> 0); the 1e−6 is torch's, and keeps the division finite.
        norm_type: 2 (the length), 1 (the sum of |gᵢ|) or ``math.inf`` (the largest |gᵢ|).
        axis: the axes that hold one parameter vector. None: the whole array is one (torch's
            ``clip_grad_norm_`` of one tensor); -1: each row is one (n starts of a 2-D objective, k models);
            ``()``: each number is one (n starts of a 1-D objective).

    Returns the clipped gradient, a new array shaped like ``grad``.

    The result equals torch's bit for bit when the norms agree: always for the ∞-norm (a maximum), for
    one number per vector, and for the 1-norm of two. Torch sums with its own vectorised kernels (fused
    multiply-adds, in an order set by the CPU's vector width), so the 2-norm of several numbers (and the
    1-norm of many) may differ from NumPy's in the last bit or two, and the clipped gradient by a few units
    in the last place.
    """
    try:
        g = np.asarray(grad, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"grad must be a number or an array of numbers, got {grad!r}") from None
    max_norm = _checks.number("max_norm", max_norm, low=0, low_open=True)
    if isinstance(norm_type, (bool, np.bool_)) or norm_type not in _NORMS:
        raise ValueError(f"norm_type must be 1, 2 or math.inf, got {norm_type!r}")
    norm = _NORMS[norm_type](g, axis)
    return g * np.minimum(1 / (norm + 1e-6) * max_norm, 1.0)
