"""Plot windows: the range an objective is shown over, and the few rules the course measures with it.

A window is ``(lo, hi)`` for a 1-D objective and one such pair per axis otherwise, e.g.
``((x_lo, x_hi), (y_lo, y_hi))``::

    >>> from course_lib.windows import window_point, window_span
    >>> window = ((-2.0, 2.0), (-1.0, 3.0))
    >>> window_span(window), window_point(window, 0.1).tolist()
    (4.0, [-1.6, -0.6])
"""

from __future__ import annotations

import numpy as np

from . import _checks

__all__ = ["check_window", "window_sides", "window_span", "window_point", "padded_range"]


def check_window(window, dim: int, *, shared: bool = False):
    """``window`` as floats, ``(lo, hi)`` for ``dim == 1`` or one such pair per axis, each with lo < hi.

    With ``shared``, one ``(lo, hi)`` also stands for the same range on every axis. Anything else
    raises ValueError naming ``window``.
    """
    dim = _checks.integer("dim", dim, low=1)
    shared = _checks.flag("shared", shared)
    per_axis = "((x_lo, x_hi), (y_lo, y_hi))" if dim == 2 else f"{dim} pairs (lo, hi)"
    shape = "(lo, hi)" if dim == 1 else f"(lo, hi) or {per_axis}" if shared else per_axis
    try:
        pairs = [window] if dim == 1 else list(window)
        if shared and len(pairs) == 2 and not any(isinstance(v, (tuple, list, np.ndarray)) for v in pairs):
            pairs = [window] * dim
        if len(pairs) != dim:
            raise ValueError
        checked = []
        for lo, hi in pairs:
            lo, hi = _checks.number("window", lo), _checks.number("window", hi)
            if not lo < hi:
                raise ValueError
            checked.append((lo, hi))
    except (TypeError, ValueError):
        raise ValueError(f"window must be {shape} with finite lo < hi, got {window!r}") from None
    return checked[0] if dim == 1 else tuple(checked)


def _ranges(window) -> np.ndarray:
    """The window as an array of (lo, hi) rows, one per axis; ValueError naming ``window`` if it is not one."""
    ranges = np.atleast_2d(_checks.array("window", window, ndim=(1, 2), finite=True,
                                         what="(lo, hi) or one (lo, hi) per axis, finite"))
    if ranges.shape[1:] != (2,) or not np.all(ranges[:, 0] < ranges[:, 1]):
        raise ValueError(f"window must be (lo, hi) or one (lo, hi) per axis, with lo < hi, got {window!r}")
    return ranges


def window_sides(window) -> np.ndarray:
    """The width of the window along each axis."""
    ranges = _ranges(window)
    return ranges[:, 1] - ranges[:, 0]


def window_span(window) -> float:
    """The window's largest width: the scale of "near" and "far" on its plot."""
    return float(np.max(window_sides(window)))


def window_point(window, fraction):
    """The point ``lo + fraction·(hi − lo)`` on every axis (``fraction`` may differ per axis).

    A float for a 1-D window, an array of coordinates otherwise: 0.1 is 10% inside the lower
    end (the lower-left corner), 0.9 is 90% of the way across.
    """
    ranges = _ranges(window)
    fraction = _checks.number("fraction", fraction, low=-100, high=100, allow_array=True)  # within 100 widths
    if np.ndim(fraction) > 1 or np.size(fraction) not in (1, len(ranges)):
        raise ValueError(f"fraction must be one number or one per axis ({len(ranges)}), got {fraction!r}")
    point = ranges[:, 0] + fraction * (ranges[:, 1] - ranges[:, 0])
    return float(point[0]) if np.ndim(window) == 1 else point


def padded_range(values, margin: float = 0.08) -> tuple[float, float]:
    """``(lowest, highest)`` of ``values`` widened by ``margin`` of their spread at each end (by ``margin`` when
    they are all equal): the y-range that shows a curve with room above and below it."""
    values = _checks.array("values", values, what="numbers, at least one of them finite")
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise ValueError(f"values must be numbers, at least one of them finite, got {values!r}")
    margin = _checks.number("margin", margin, low=0, high=10)
    lo, hi = float(np.min(finite)), float(np.max(finite))
    with np.errstate(over="ignore"):
        spread = hi - lo
    if not np.isfinite(spread * (1 + 2 * margin)):
        raise ValueError(f"values must span less than the largest float, got {lo:g} to {hi:g}")
    pad = margin * (spread or 1.0)
    return lo - pad, hi + pad
