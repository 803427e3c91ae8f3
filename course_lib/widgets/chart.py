"""The live figure of every explorer: :class:`Chart`, one bqplot figure of fixed size with named marks.

A slider change sends only new arrays to the browser (``Lines.x``, ``Lines.y``, …), where d3
redraws the marks; no image is rendered in the kernel on a slider change. The ticks are chosen
and labelled here (:func:`nice_ticks`, :func:`log_ticks`, :func:`course_lib.style.number`), so
that a live view writes numbers as the static figures do. The composites built on it are in
:mod:`course_lib.widgets.views`.
"""

from __future__ import annotations

import contextlib
import math
import warnings

import ipywidgets as widgets
import numpy as np

from .. import _checks
from .._ui import css
from ..style import INK, PATH, PROBABILITY_COLORS, number

__all__ = ["Chart"]

with warnings.catch_warnings():
    # bqscales 0.3.7 passes trait metadata the pre-4.1 traitlets way; harmless, but it warns on import.
    warnings.simplefilter("ignore", DeprecationWarning)
    import bqplot as bq

def _finite(a) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ValueError("a view was given NaN or infinite values to draw")
    return a


MARKED_POINTS = 60
"""The most points of a path that carry its marker (see :meth:`Chart.lines`)."""


def thin(points: np.ndarray, max_points: int = 1500) -> np.ndarray:
    """At most ``max_points`` evenly spread rows of ``points``, the first and last included."""
    if len(points) <= max_points:
        return points
    return points[np.unique(np.linspace(0, len(points) - 1, max_points).round().astype(int))]


def same_pixel_dropped(x: np.ndarray, y: np.ndarray, cell: tuple[float, float]) -> np.ndarray:
    """The indices of a path's points that its picture needs: each point that lands in another ``cell`` (a
    rectangle ``cell[0]`` wide and ``cell[1]`` high, on a grid from 0) than the point before it, and the first
    and the last. A point dropped is in the same cell as a point kept, so the line drawn through the others
    strays from it by less than a cell: with half-pixel cells, nothing a screen can show. A run that converges
    takes hundreds of steps within a pixel; their picture is the same without them."""
    cx, cy = np.floor(x / cell[0]), np.floor(y / cell[1])
    moved = (cx[1:] != cx[:-1]) | (cy[1:] != cy[:-1])
    moved[-1] = True
    return np.concatenate([[0], 1 + np.flatnonzero(moved)])


def _widen(extent, share: float):
    low, high = extent
    return low - share * (high - low), high + share * (high - low)


def nice_ticks(low: float, high: float, count: int = 6) -> np.ndarray:
    """About ``count`` round numbers (1, 2 or 5 × 10^k apart) from ``low`` to ``high``, as d3 picks them."""
    if not high > low:
        return np.array([low])
    raw = (high - low) / count
    step = 10.0 ** math.floor(math.log10(raw))
    step *= next(m for limit, m in ((50**0.5, 10), (10**0.5, 5), (2**0.5, 2), (0, 1)) if raw / step >= limit)
    ticks = np.arange(math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9) + 1) * step
    return np.array([float(f"{t:.12g}") for t in ticks])  # 0.30000000000000004 → 0.3


def log_ticks(low: float, high: float, count: int = 10) -> np.ndarray:
    """Readable ticks on a log axis from ``low`` to ``high`` (> 0): 1, 2, …, 9 within a decade,
    1-2-5 within three, else powers of ten (every second or third one when more than ``count``)."""
    e_low, e_high = math.floor(math.log10(low)), math.ceil(math.log10(high))
    decades = e_high - e_low
    steps = range(1, 10) if decades <= 1 else (1, 2, 5) if decades <= 3 else (1,)
    every = max(1, math.ceil((decades + 1) / count)) if decades > 3 else 1
    ticks = [float(f"{m * 10.0**e:.12g}") for e in range(e_low, e_high + 1) if e % every == 0 for m in steps]
    return np.array([t for t in ticks if low / 1.1 <= t <= high * 1.1])


def js_number(value: float) -> str:
    """JavaScript's ``String(value)`` for a float: how bqplot looks a tick up in ``Axis.tick_labels``."""
    if 1e-6 <= abs(value) < 1e21 or value == 0:
        return np.format_float_positional(value, trim="-")
    mantissa, exponent = repr(float(value)).split("e")
    return f"{mantissa}e{int(exponent):+d}"


# Widths of characters in a tick label, in ems of the tick font (DejaVu Sans, the usual sans-serif here).
_CHAR_EM = {"−": 0.84, "+": 0.84, ".": 0.32, "e": 0.62}
TICK_TO_LABEL = 0.86
"""The tick font's size over the axis title's: 12 px / 14 px in bqplot, 14 / 17 with :func:`projector_style`."""
LEFT_MARGIN = 74
"""Pixels left of the plot area: room for tick labels of 5 characters and the y-axis title, also at projector size."""


def finite_pieces(x: np.ndarray, y: np.ndarray):
    """``(x, y)`` without its non-finite values of y, for a Lines mark: the arrays themselves when all
    are finite, else one row per unbroken piece (a gap where y was NaN or infinite), each row padded
    with its own last point so that the rows have equal length."""
    finite = np.isfinite(y)
    if finite.all():
        return x, y
    edges = np.flatnonzero(np.diff(np.concatenate([[0], finite.astype(int), [0]])))
    pieces = [slice(start, stop) for start, stop in zip(edges[::2], edges[1::2], strict=True)]
    longest = max(p.stop - p.start for p in pieces)
    pad = [np.arange(longest).clip(max=p.stop - p.start - 1) + p.start for p in pieces]
    return x[pad], y[pad]


class Chart:
    """One bqplot figure of fixed size (no jumping) whose marks are reached by name.

    Args:
        title, xlabel, ylabel: the texts.
        width, height: size in pixels.
        x_log, y_log: logarithmic axes.
        x_range, y_range: fixed axis limits (None: fit the data).
        css_class: CSS class of the figure, ``cl-plot`` plus this one.
    """

    def __init__(self, title: str = "", xlabel: str = "", ylabel: str = "", *, width: int = 440, height: int = 300,
                 x_log: bool = False, y_log: bool = False, x_range=None, y_range=None, css_class: str = ""):
        for name, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel), ("css_class", css_class)):
            _checks.text(name, text)
        width = _checks.integer("width", width, low=100, high=4000)
        height = _checks.integer("height", height, low=100, high=4000)
        x_log, y_log = _checks.flag("x_log", x_log), _checks.flag("y_log", y_log)
        for name, extent in (("x_range", x_range), ("y_range", y_range)):
            lo_hi = None if extent is None else _checks.array(name, extent, ndim=1, finite=True, what="(lo, hi)")
            if lo_hi is not None and not (lo_hi.shape == (2,) and lo_hi[0] < lo_hi[1]):
                raise ValueError(f"{name} must be None or (lo, hi) with finite lo < hi, got {extent!r}")
        self.width, self.height = width, height
        self.x_scale = bq.LogScale() if x_log else bq.LinearScale()
        self.y_scale = bq.LogScale() if y_log else bq.LinearScale()
        self.scales = {"x": self.x_scale, "y": self.y_scale}
        # titles offset in units of their own font: clear of the tick labels at any font size (projector_style)
        self.x_axis = bq.Axis(scale=self.x_scale, label=xlabel, grid_lines="none", label_offset="4ex")
        self.y_axis = bq.Axis(scale=self.y_scale, label=ylabel, side="left", grid_lines="none", tick_format=".4~g")
        self.y_log = y_log
        axes = [self.x_axis, self.y_axis]
        self.figure = bq.Figure(
            marks=[], axes=axes, title=title, animation_duration=0, padding_x=0.02, padding_y=0.04,
            fig_margin={"top": 36, "bottom": 50, "left": LEFT_MARGIN, "right": 14},
            title_style={"font-size": "14px"}, legend_location="top-right",
            # a legend's words in the page's text colour on the page's own background (bqplot writes each in its
            # mark's colour, which a dark page cannot show), the mark's colour left to its sample
            legend_text={"fill": INK}, legend_style={"fill": "var(--jp-layout-color0, white)", "fill-opacity": "0.9"},
            layout=widgets.Layout(width=f"{width}px", height=f"{height}px", flex="0 0 auto"),
        )
        css(self.figure, "cl-plot", *([css_class] if css_class else []))
        self.marks: dict[str, bq.Mark] = {}
        self._batched = False  # inside batch(): the axes are fitted once, at its end
        self.set_range(x_range, y_range)

    @property
    def plot_size(self) -> tuple[int, int]:
        """Width and height of the plot area (the figure without its margins), in pixels."""
        m = self.figure.fig_margin
        return self.width - m["left"] - m["right"], self.height - m["top"] - m["bottom"]

    def set_range(self, x_range=None, y_range=None):
        """Fix the axis limits (or let them follow the data, for None)."""
        self._fixed = {"x": x_range is not None, "y": y_range is not None}
        for scale, limits in ((self.x_scale, x_range), (self.y_scale, y_range)):
            low, high = (None, None) if limits is None else (float(limits[0]), float(limits[1]))
            with scale.hold_sync():
                scale.min, scale.max = low, high
        self._fit_axes()

    def _pixel_cell(self):
        """Half a pixel, as (width, height) in data units, when both axes are linear with fixed limits (see
        :func:`same_pixel_dropped`); else None."""
        if not all(self._fixed.values()) or any(isinstance(s, bq.LogScale) for s in self.scales.values()):
            return None
        width, height = self.plot_size
        return ((self.x_scale.max - self.x_scale.min) / (2 * width),
                (self.y_scale.max - self.y_scale.min) / (2 * height))

    def visible(self, x, y):
        """A path's points as a line of this chart needs them: without the points that land within half a pixel
        of the point before (:func:`same_pixel_dropped`) when both axes are linear with fixed limits."""
        cell = self._pixel_cell()
        if cell is None or len(x) <= 2:
            return x, y
        keep = same_pixel_dropped(x, y, cell)
        return (x[keep], y[keep]) if len(keep) < len(x) else (x, y)

    def _extent(self, axis: str):
        """The smallest and largest value the marks draw along ``axis`` (positive ones on a log scale), or None."""
        log = isinstance(self.scales[axis], bq.LogScale)
        values = [np.asarray(getattr(m, axis), dtype=float).ravel() for m in self.marks.values()
                  if m.has_trait(axis) and getattr(m, axis) is not None]
        values = np.concatenate(values) if values else np.zeros(0)
        values = values[values > 0] if log else values
        return (float(values.min()), float(values.max())) if values.size else None

    def _fit_axes(self):
        """An axis that follows the data gets room around a single value (bqplot would span 6.7 to 6.7);
        both axes get their ticks labelled here (see :meth:`_label_ticks`)."""
        for axis, scale in self.scales.items():
            if self._fixed[axis]:
                continue
            extent = self._extent(axis)
            low = high = None
            if extent is not None and extent[0] == extent[1]:
                v = extent[0]
                room = abs(v) / 2 or 1.0
                low, high = (v / 3, v * 3) if isinstance(scale, bq.LogScale) else (v - room, v + room)
            if (scale.min, scale.max) != (low, high):
                with scale.hold_sync():
                    scale.min, scale.max = low, high
        for axis, scale in self.scales.items():
            self._label_ticks(axis, scale)

    def _label_ticks(self, axis: str, scale):
        """Round tick values over the axis's range, labelled by :func:`course_lib.style.number` (a real minus sign);
        the y-axis title goes just beyond its widest label."""
        extent = (scale.min, scale.max) if scale.min is not None else self._extent(axis)
        if extent is None:
            return
        log = isinstance(scale, bq.LogScale)
        size, spacing, padding = ((self.plot_size[1], 45, self.figure.padding_y) if axis == "y"
                                  else (self.plot_size[0], 70, self.figure.padding_x))
        count = max(3, size // spacing)
        # ticks also in most of the figure's padding around the data (``padding`` of the plot at each end)
        if log:
            ticks = log_ticks(*(10 ** np.array(_widen(np.log10(extent), 0.75 * padding))), count)
        else:
            ticks = nice_ticks(*_widen(extent, 0.75 * padding), count)
        labels = {js_number(t): number(t) for t in ticks}
        target = self.y_axis if axis == "y" else self.x_axis
        if target.tick_values is not None and np.array_equal(target.tick_values, ticks):
            return
        with target.hold_sync():
            target.tick_values = ticks
            target.tick_labels = labels
            if axis == "y":
                width = max((sum(_CHAR_EM.get(c, 0.64) for c in text) for text in labels.values()), default=0.0)
                # + the tick, a gap and the title's descenders; in whole ex (bqplot reads the number with
                # parseInt), an ex being a little over half an em
                target.label_offset = f"{math.ceil(2 * (width * TICK_TO_LABEL + 0.95))}ex"

    def _add(self, name: str, mark):
        self.marks[name] = mark
        self.figure.marks = [*self.figure.marks, mark]
        return mark

    def lines(self, name: str, color: str = INK, *, width: float = 2.0, style: str = "solid",
              opacity: float = 1.0, marker: str | None = None, marker_size: int = 36, label: str | None = None,
              fill: str = "none", fill_opacity: float = 0.0):
        """Add a (multi-)line mark; several lines when ``set`` gets 2-D arrays.

        ``marker_size`` is the marker's area in square pixels (36: a dot 6 pixels across). A line with a
        ``marker`` and no legend ``label`` (a run's path) carries it on at most :data:`MARKED_POINTS` of its
        points, evenly spread, drawn by a scatter mark of its own, ``"<name> markers"``: the marker still tells
        the runs apart, and a path of a thousand steps costs the browser 60 symbols to redraw, not a thousand
        (at every frame of a player, it took half a second).
        """
        marked = marker is not None and label is None
        line = self._add(name, bq.Lines(
            x=np.zeros(0), y=np.zeros(0), scales=self.scales, colors=[color], stroke_width=width,
            line_style=style, opacities=[opacity], marker=None if marked else marker, marker_size=marker_size,
            fill=fill, fill_colors=[color], fill_opacities=[fill_opacity], labels=[label or name],
            display_legend=label is not None,
        ))
        if marked:
            self._add(f"{name} markers", bq.Scatter(
                x=np.zeros(0), y=np.zeros(0), scales=self.scales, colors=[color], default_size=marker_size,
                opacities=[opacity], marker=marker, stroke_width=0, labels=[f"{name} markers"],
            ))
        return line

    def points(self, name: str, color: str | list = PATH, *, size: int = 64, marker: str = "circle",
               stroke: str | None = "black", label: str | None = None):
        """Add a scatter mark (``stroke=None``: no outline; a list of colours is used point by point)."""
        return self._add(name, bq.Scatter(
            x=np.zeros(0), y=np.zeros(0), scales=self.scales, colors=list(np.atleast_1d(color)), default_size=size,
            marker=marker,
            stroke=stroke, stroke_width=1 if stroke else 0, labels=[label or name], display_legend=label is not None,
        ))

    def image(self, name: str, png: bytes, x_range, y_range):
        """Add a picture (a rendered landscape) stretched over the given data ranges."""
        return self._add(name, bq.Image(
            image=widgets.Image(value=png, format="png"), scales=self.scales,
            x=[float(x_range[0]), float(x_range[1])], y=[float(y_range[0]), float(y_range[1])],
        ))

    def texts(self, name: str, color: str = INK, *, size: int = 13, align: str = "start"):
        """Add a text mark; ``set(name, x, y, text=[...])`` places the texts at data coordinates."""
        return self._add(name, bq.Label(x=np.zeros(0), y=np.zeros(0), text=[], scales=self.scales,
                                        colors=[color], default_size=size, font_unit="px", align=align))

    def heatmap(self, name: str, x, y, colors=PROBABILITY_COLORS, value_range=(0.0, 1.0)):
        """Add a colour map over the grid ``x`` × ``y``; ``set_colors`` fills it."""
        color_scale = bq.ColorScale(colors=list(colors), min=value_range[0], max=value_range[1])
        return self._add(name, bq.HeatMap(x=_finite(x), y=_finite(y), color=np.zeros((len(y), len(x))),
                                          scales={**self.scales, "color": color_scale}))

    def set_colors(self, name: str, values):
        """New values for a heat map (shape: len(y) × len(x))."""
        self.marks[name].color = _finite(values)

    def set(self, name: str, x, y, **traits):
        """New data (and optionally other traits) for a mark, sent in one message. A single line on linear axes
        with fixed limits goes without its points that land within half a pixel of the point before
        (:func:`same_pixel_dropped`): the same picture, from a fraction of the data."""
        mark = self.marks[name]
        x, y = _finite(x), _finite(y)
        if isinstance(mark, bq.Lines) and mark.fill != "none":
            # bqplot fills line i with fill_colors[i] and fill_opacities[i], which it does not cycle: one per line
            lines = len(x) if x.ndim == 2 else 1
            traits = {"fill_colors": mark.fill_colors[:1] * lines, "fill_opacities": mark.fill_opacities[:1] * lines,
                      **traits}
        with mark.hold_sync():
            mark.x, mark.y = self.visible(x, y) if isinstance(mark, bq.Lines) and x.ndim == 1 else (x, y)
            for key, value in traits.items():
                setattr(mark, key, value)
        markers = self.marks.get(f"{name} markers")
        if markers is not None:
            shown = thin(np.column_stack([x, y]), MARKED_POINTS)
            with markers.hold_sync():
                markers.x, markers.y = shown[:, 0], shown[:, 1]
        if not (self._batched or all(self._fixed.values())):
            self._fit_axes()

    @contextlib.contextmanager
    def batch(self):
        """New data for several marks, and the axes fitted to all of it once, at the end (not after each
        ``set``, which would send the browser a tick relabelling per mark)."""
        self._batched = True
        try:
            yield self
        finally:
            self._batched = False
            if not all(self._fixed.values()):
                self._fit_axes()

    def clear(self, name: str):
        self.set(name, np.zeros(0), np.zeros(0))

    def arrows(self, starts, ends, head: float = 9.0):
        """``(x, y)`` for a line mark that draws an arrow from each row of ``starts`` to the same row of ``ends``.

        Each arrow is one line: tail, tip, one barb, tip, the other barb; the barbs are ``head``
        pixels long whatever the axes' ranges (which must be fixed, see :meth:`set_range`).
        """
        starts, ends = np.atleast_2d(_finite(starts)), np.atleast_2d(_finite(ends))
        pixels = np.array(self.plot_size)
        span = np.array([self.x_scale.max - self.x_scale.min, self.y_scale.max - self.y_scale.min])
        along = (ends - starts) / span * pixels  # in pixels
        length = np.linalg.norm(along, axis=1, keepdims=True)
        unit = np.divide(along, length, out=np.zeros_like(along), where=length > 0)
        back, side = -unit * head, unit[:, ::-1] * [-1, 1] * head * 0.5
        barbs = [ends + (back + sign * side) / pixels * span for sign in (1, -1)]
        points = np.stack([starts, ends, barbs[0], ends, barbs[1]], axis=1)  # (arrows, 5, 2)
        return points[..., 0], points[..., 1]
