"""Sliders whose grid of steps passes through the value the caller gave, so that the value a notebook
passes is the value used: :class:`AnchoredSlider` and :class:`AnchoredLogSlider`.

Both validate their value the way ipywidgets' own sliders do (``@validate("value")`` calling through
to the base class), then put a value that came back from the browser within rounding of a grid
point onto that point.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from traitlets import validate

from .. import _checks

__all__ = ["AnchoredSlider", "AnchoredLogSlider"]

SNAP = 1e-6
"""A slider value this close to a grid point (in steps) is that point: the difference is the browser's rounding."""


def grid_range(value: float, low: float, high: float, step: float) -> tuple[float, float]:
    """``(min, max)`` of a slider grid ``value + k·step`` that covers [low, high] and ``value``.

    The ends are ``low`` and ``high`` themselves where the grid meets them up to rounding (so
    that, say, a momentum slider ends at exactly 0), else the grid points just beyond them.
    """
    below = max(math.ceil((value - low) / step - SNAP), 0)
    above = max(math.ceil((high - value) / step - SNAP), 0)
    lo, hi = value - below * step, value + above * step
    return (low if abs(lo - low) <= SNAP * step else lo), (high if abs(hi - high) <= SNAP * step else hi)


MAX_GRID = 100_000
"""The most grid steps a slider spans (its range and its value, at its step)."""


def _check_grid(value, low, high, step, scale, *, positive: bool = False, arg: str = "value"):
    """The slider's numbers as floats, or ValueError naming the one that is wrong (the value as ``arg``, the
    argument it came from): finite (and > 0, for a log slider), low < high, step > 0, and at most
    :data:`MAX_GRID` steps from the lowest to the highest of them."""
    bound = {"low": 0, "low_open": True} if positive else {}
    value, low, high = (_checks.number(name, v, **bound) for name, v in ((arg, value), ("low", low),
                                                                          ("high", high)))
    step = _checks.number("step", step, low=0, low_open=True)
    if not low < high:
        raise ValueError(f"low must be below high, got low = {low!r}, high = {high!r}")
    with np.errstate(over="ignore"):
        steps = (scale(max(value, high)) - scale(min(value, low))) / step
    if not steps <= MAX_GRID:
        raise ValueError(f"{arg} must lie within {MAX_GRID:,} steps of the slider's range: {arg} = {value!r}, "
                         f"low = {low!r}, high = {high!r} and step = {step!r} give {steps:.3g} steps")
    return value, low, high, step


def _on_grid(position: float, anchor: float, step: float, ends) -> float | None:
    """The grid point (an end, the anchor, or anchor + k·step) that ``position`` rounds to, or None."""
    k = round((position - anchor) / step)
    for point in (*ends, anchor + k * step if k else anchor):
        if abs(position - point) <= SNAP * step:
            return point
    return None


class AnchoredSlider(widgets.FloatSlider):
    """A FloatSlider whose steps ``value + k·step`` pass through the value it was given.

    The browser's slider snaps its value to ``min + k·step`` and, with ``continuous_update``,
    sends the snapped value back as soon as it is drawn: a grid that misses the caller's value
    moves it (x₀ = −4.5 became −4.53). Here the grid is laid through the value, and a value
    that comes back within rounding of a grid point is replaced by that point: the anchor
    exactly, or the range's own ends.

    Args:
        value: the starting value (the anchor).
        low, high: the range to cover (widened to the next grid point, and to include ``value``).
        step: the grid spacing.
        **kwargs: as for ``FloatSlider``.
    """

    def __init__(self, value: float, low: float, high: float, step: float, *, arg: str = "value", **kwargs):
        value, low, high, step = _check_grid(value, low, high, step, lambda v: v, arg=arg)
        self.anchor = value
        lo, hi = grid_range(self.anchor, low, high, step)
        super().__init__(value=self.anchor, min=lo, max=hi, step=step, **kwargs)

    @validate("value")
    def _validate_value(self, proposal):
        value = super()._validate_value(proposal)
        point = _on_grid(value, self.anchor, self.step, (self.min, self.max))
        return value if point is None else point

    @property
    def notches(self) -> np.ndarray:
        """Every value a drag reaches, in order: ``value + k·step`` from ``min`` to ``max`` (the ends themselves)."""
        ks = range(round((self.min - self.anchor) / self.step) + 1, round((self.max - self.anchor) / self.step))
        return np.array([self.min, *(self.anchor + k * self.step if k else self.anchor for k in ks), self.max])


class AnchoredLogSlider(widgets.FloatLogSlider):
    """A base-10 FloatLogSlider whose exponent grid passes through the value it was given (η = 0.5 stays 0.5).

    As :class:`AnchoredSlider`, on the exponent: ``min`` and ``max`` are exponents
    ``log10(value) + k·step``, and a value that comes back within rounding of
    ``value · 10^(k·step)`` is that number (the anchor itself for k = 0).

    Args:
        value: the starting value (the anchor), > 0.
        low, high: the range of values to cover, > 0.
        step: the grid spacing in decades.
        **kwargs: as for ``FloatLogSlider``.
    """

    def __init__(self, value: float, low: float, high: float, step: float = 0.05, *, arg: str = "value", **kwargs):
        value, low, high, step = _check_grid(value, low, high, step, math.log10, positive=True, arg=arg)
        self.anchor = value
        lo, hi = grid_range(math.log10(self.anchor), math.log10(low), math.log10(high), step)
        super().__init__(value=self.anchor, base=10, min=lo, max=hi, step=step, **kwargs)

    @validate("value")
    def _validate_value(self, proposal):
        value = super()._validate_value(proposal)
        anchor = math.log10(self.anchor)
        point = _on_grid(math.log10(value), anchor, self.step, ())
        return value if point is None else self.anchor * 10 ** (point - anchor)  # the anchor itself at k = 0

    @property
    def notches(self) -> np.ndarray:
        """Every value a drag reaches, in order: ``value · 10^(k·step)`` from ``10^min`` to ``10^max``."""
        anchor = math.log10(self.anchor)
        ks = range(round((self.min - anchor) / self.step), round((self.max - anchor) / self.step) + 1)
        # in Python floats, as the value's validation computes them (NumPy's vector power can differ in the last bit)
        return np.array([self.anchor * 10 ** ((anchor + k * self.step) - anchor) if k else self.anchor for k in ks])

    def retarget(self, value: float, low: float, high: float):
        """A new anchor and range (widened first, so that the value is never clipped on the way)."""
        lo, hi = grid_range(math.log10(value), math.log10(low), math.log10(high), self.step)
        self.min, self.max = min(lo, self.min), max(hi, self.max)
        self.anchor = float(value)
        self.value = self.anchor
        self.min, self.max = lo, hi
