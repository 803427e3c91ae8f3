"""How :func:`course_lib.descent.run` judges a run's status: the statuses, and the evidence they are judged on.

The rules are in :mod:`course_lib.descent`'s docstring. :class:`Evidence` gathers what they read, step by step
as a run goes (``run(..., record=False)``, which keeps no records) or from a recorded run's arrays at once, in
the same arithmetic, and gives each start its status.
"""

from __future__ import annotations

import math

import numpy as np

CONVERGED = "converged"
OSCILLATING = "oscillating"
DIVERGED = "diverged"
STILL_CONVERGING = "still converging"
NOT_CONVERGING = "not converging"
NOT_STARTED = "not started"
STATUSES = (CONVERGED, STILL_CONVERGING, OSCILLATING, NOT_CONVERGING, DIVERGED, NOT_STARTED)
"""Every status :func:`run` gives, in the order legends list them."""
_NAMES = np.array(STATUSES)
_CODE = {name: code for code, name in enumerate(STATUSES)}
WINDOW = 20
"""The fewest recent steps a status is judged on."""
def start_norm(a: np.ndarray, dim: int) -> np.ndarray:
    """|a| per start: elementwise in 1-D, the norm over the last axis otherwise."""
    return np.abs(a) if dim == 1 else np.sqrt(np.sum(a * a, axis=-1))


def _blocks(length: int):
    """The last three equal blocks of a sequence of ``length`` items: their first index and their length h."""
    h = length // 3
    return length - 3 * h, h


def _decline(peaks, first_steps):
    """How a positive sequence falls, judged on the peaks e₁, e₂, e₃ of its last three equal blocks.

    ``first_steps``: the step numbers k₁, k₂, k₃ of the blocks' first items (they stand for the blocks).
    Returns (geometric, toward_zero, clear_fall): it falls and Aitken's extrapolation of a
    geometric decline puts its limit below e₃/2 (a decline toward zero, not toward a plateau or
    a cycle); it falls geometrically or its log-log slope does not flatten by more than half (a
    power law, as on a flat minimum); each peak is at most 3/4 of the one before (a clear fall,
    as a momentum spiral's, whose gradient rises and falls within the window).
    """
    e1, e2, e3 = (np.asarray(e) for e in peaks)
    k1, k2, k3 = first_steps
    falling = (e2 < e1 * (1 - _ROUNDING)) & (e3 < e2 * (1 - _ROUNDING))
    geometric, power = np.zeros(falling.shape, dtype=bool), np.zeros(falling.shape, dtype=bool)
    p1, p2, p3 = e1[falling], e2[falling], e3[falling]  # only these can decline (the logarithms are slow)
    d1, d2 = p2 - p1, p3 - p2
    geometric[falling] = ~(p3 - d2 * d2 / (d2 - d1) > 0.5 * p3)
    power[falling] = ~(np.log(p2 / p3) / math.log(k3 / k2) < 0.5 * np.log(p1 / p2) / math.log(k2 / k1))
    return geometric, power | geometric, (e2 <= 0.75 * e1) & (e3 <= 0.75 * e2)


_ROUNDING = 1e-9  # a relative change smaller than this is not a measurable change


def has_minimum(objective) -> bool:
    """Whether the objective has a minimum to approach: one of its stationary points is one."""
    try:
        return bool(objective.minima)
    except ValueError:  # no way to find its stationary points: trust what it says of itself
        return objective.bounded_below


class _Peaks:
    """The largest item of each of the last three equal blocks of a sequence of ``length`` items, fed one by one."""

    def __init__(self, length: int):
        self.start, self.h = _blocks(length)
        self.peaks = [None, None, None]

    def add(self, i: int, item) -> None:
        """Item ``i`` of the sequence (NaN wins, as in ``np.maximum``)."""
        j, at = divmod(i - self.start, self.h) if self.h else (-1, 0)
        if 0 <= j < 3:
            if at == 0:
                self.peaks[j] = np.array(item)  # a copy of our own, updated in place
            else:
                np.maximum(self.peaks[j], item, out=self.peaks[j])

    def add_all(self, sequence) -> None:
        """The whole sequence at once (its items along the first axis): what :meth:`add` gathers item by item."""
        if self.h:
            self.peaks = [np.maximum.reduce(sequence[self.start + j * self.h: self.start + (j + 1) * self.h], axis=0)
                          for j in range(3)]

    def decline(self, offset: int):
        """:func:`_decline` of the sequence whose item 0 is step ``offset``."""
        return _decline(self.peaks, [offset + self.start + 1.0 + self.h * j for j in range(3)])


class _Count:
    """How many steps each start's ``a < b`` held at, counted step by step (:meth:`add_less`) or at once
    (:meth:`add`): step by step in bytes, the cheapest array for NumPy to add to, carried into whole numbers
    every 255 steps, before a byte can overflow."""

    def __init__(self, shape: tuple):
        self._whole = np.zeros(shape, dtype=int)
        self._bytes = np.zeros(shape, dtype=np.uint8)
        self._held = np.empty(shape, dtype=bool)
        self._held_bytes = self._held.view(np.uint8)
        self._uncarried = 0  # steps counted in the bytes

    def add_less(self, a, b) -> None:
        np.less(a, b, out=self._held)
        np.add(self._bytes, self._held_bytes, out=self._bytes)
        self._uncarried += 1
        if self._uncarried == 255:
            self._whole += self._bytes
            self._bytes[...] = 0
            self._uncarried = 0

    def add(self, counts) -> None:
        self._whole += counts

    @property
    def total(self):
        return self._whole + self._bytes


class Evidence:
    """What a run's status is judged on, gathered step by step as it runs (see the module docstring).

    :meth:`add` takes every step's position, value and gradient (NaN for the starts that have
    stopped; :meth:`add_records` takes a recorded run's arrays at once, in the same arithmetic) and
    keeps only what the statuses read: f at the start and its lowest value so far,
    and over the recent window (the last half of the run, at least :data:`WINDOW` steps) the
    first and last gradient norms, values and step lengths, how often each fell, the peaks of
    the gradient norms and step lengths in three blocks, and whether the last few steps kept
    reversing and growing. So a run is classified without its records (``run(..., record=False)``),
    in the same arithmetic as from them.
    """

    def __init__(self, steps: int, dim: int, shape: tuple):
        self.steps, self.dim = steps, dim
        self.m = min(steps, max(WINDOW, steps // 2))  # the recent window: the last half, at least WINDOW steps
        self.first = steps - self.m
        self.r = min(self.m, 6)  # the last r steps are checked for reversing and growing
        self.g_peaks, self.step_peaks = _Peaks(self.m + 1), _Peaks(self.m)
        no = np.zeros(shape, dtype=bool)
        self.reversing = self.growing = no if self.r < 2 else ~no
        self.g_falls, self.f_falls = _Count(shape), _Count(shape)  # steps at which each fell

    def add(self, k: int, x, value, grad) -> None:
        """Step ``k``'s position, value and gradient."""
        self.f_last = value
        if k == 0:
            self.f_start, self.lowest = value, np.array(value)  # lowest: our own copy, updated in place
        else:
            np.fmin(self.lowest, value, out=self.lowest)
        i = k - self.first  # the index in the window
        if i < 0:
            return
        g = start_norm(grad, self.dim)
        self.g_peaks.add(i, g)
        if i == 0:
            self.g_first, self.f_window_first = g, value
        else:
            self.g_falls.add_less(g, self.g_last)
            self.f_falls.add_less(value, self.f_prev)
            d = x - self.x_prev
            length = start_norm(d, self.dim)
            self.step_peaks.add(i - 1, length)
            if i == 1:
                self.step_first = length
            if i >= self.m - self.r + 2:  # two of the last r steps: did they reverse, did they grow?
                dot = d * self.d_prev if self.dim == 1 else np.sum(d * self.d_prev, axis=-1)
                self.reversing = self.reversing & (dot < 0)
                self.growing = self.growing & (length > self.step_last * (1 + _ROUNDING))
            self.d_prev, self.step_last = d, length
        self.g_last, self.f_prev, self.x_prev = g, value, x

    def add_records(self, positions, values, gradients) -> None:
        """Every step at once, from a recorded run's arrays: what :meth:`add` gathers step by step (vectorised
        over the steps, as a short run of one start is quicker to judge at once than step by step)."""
        self.f_start, self.f_last = values[0], values[self.steps]
        self.lowest = np.fmin.reduce(values[: self.steps + 1], axis=0)
        window = slice(self.first, self.steps + 1)
        g, f = start_norm(gradients[window], self.dim), values[window]
        self.g_peaks.add_all(g)
        self.g_first, self.g_last, self.f_window_first = g[0], g[-1], f[0]
        if self.m == 0:
            return
        self.g_falls.add(np.count_nonzero(g[1:] < g[:-1], axis=0))
        self.f_falls.add(np.count_nonzero(f[1:] < f[:-1], axis=0))
        d = np.diff(positions[window], axis=0)
        length = start_norm(d, self.dim)
        self.step_peaks.add_all(length)
        self.step_first, self.step_last = length[0], length[-1]
        if self.r >= 2:  # the last r steps: did they keep reversing, and growing?
            last = d[-self.r:]
            dots = last[1:] * last[:-1] if self.dim == 1 else np.sum(last[1:] * last[:-1], axis=-1)
            self.reversing = np.logical_and.reduce(dots < 0, axis=0)
            recent = length[-self.r:]
            self.growing = np.logical_and.reduce(recent[1:] > recent[:-1] * (1 + _ROUNDING), axis=0)

    def status(self, diverged: np.ndarray, tol: float, has_minimum) -> np.ndarray:
        """A status per start (all ``steps`` added, or all starts diverged); ``has_minimum()`` is asked only if
        falling values alone would call a run "still converging"."""
        status = np.full(diverged.shape, _CODE[NOT_CONVERGING], dtype=np.int8)  # codes: faster than text
        status[diverged] = _CODE[DIVERGED]
        if np.all(diverged):
            return _NAMES[status]
        finished = ~diverged  # these ran all `steps` steps
        g_first, g_last = self.g_first, self.g_last
        if self.steps == 0:
            status[finished] = _CODE[NOT_STARTED]
            status[finished & (g_first <= tol)] = _CODE[CONVERGED]
            return _NAMES[status]
        with np.errstate(all="ignore"):
            reversing = self.reversing
            uphill = self.f_last > self.f_start
            lowest = self.lowest
            climbed_back = self.f_last - lowest > 0.5 * (self.f_start - lowest)  # up again by half its descent
            if self.m >= 6:
                g_geometric, g_toward_zero, g_clear_fall = self.g_peaks.decline(self.first)
                steps_die_out = self.step_peaks.decline(self.first + 1)[0]
                g_steady = g_toward_zero & ((self.g_falls.total / self.m >= 0.9) | g_clear_fall)
                # values falling at nine steps in ten, and the gradient not above twice its first value anywhere in the
                # window's last third (a run sliding back from a far throw spikes there: it is not approaching)
                f_steady = (self.f_falls.total / self.m >= 0.9) & ~(self.g_peaks.peaks[2] > 2 * g_first)
                if np.any(f_steady & ~reversing & ~g_steady) and not has_minimum():
                    f_steady = np.zeros_like(f_steady)  # falling values alone may be a slide toward −∞
                approaching = np.where(reversing, (g_geometric | g_clear_fall) & steps_die_out, g_steady | f_steady)
            else:  # too few steps for a trend: the gradient and the value fell, and any bouncing shrank
                approaching = ((g_last < g_first) & (self.f_last < self.f_window_first)
                               & ~(reversing & ~(self.step_last < self.step_first)))
        status[finished & reversing] = _CODE[OSCILLATING]
        status[finished & approaching & ~climbed_back] = _CODE[STILL_CONVERGING]
        status[finished & self.growing & uphill] = _CODE[DIVERGED]
        status[finished & (g_last <= tol)] = _CODE[CONVERGED]
        return _NAMES[status]
