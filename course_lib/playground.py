"""The formula playground: type a function, pick optimizers, and watch them descend on it (notebook 11).

    from course_lib.playground import playground
    playground("x**4 - 3*x**2 + sin(5*x)")            # a formula in x: the curve with the paths
    playground("(1-x)**2 + 100*(y-x**2)**2")          # in x and y: the contours with the paths

The formula is read by :func:`course_lib.expressions.parse_objective`: it is data, never code
(only numbers, x, y, + - * / **, pi, e and the functions of :data:`course_lib.expressions.FUNCTIONS`
are allowed), and its gradient is exact (SymPy). A new formula is plotted when the student
presses Enter in the text box or clicks "Plot", not on every keystroke. A formula that cannot be
read shows its message in red under the box, and the last good plot, its runs and the controls
stay as they were.

Controls (each with a stable CSS class; the widget itself is ``cl-playground``, and a
``cl-widget``):

=======================  ==========================================================================
``.formula``             ``cl-formula``: the text box; ``.plot_button`` (``cl-plot-button``) plots it;
                         ``.hint`` (``cl-formula-hint``) says what is allowed; in its place,
                         ``.formula_error`` (``cl-formula-error``) shows why a formula was refused
``.optimizers``          ``cl-optimizers``: which optimizers run (each with its default
                         hyperparameters, except the learning rate; an Optimizer class passed in
                         ``optimizers`` joins the list)
``.lr``                  ``cl-lr``: the learning rate η of every run (log scale); the sliders re-run
                         when released (seven optimizers × 500 steps take a few tenths of a second)
``.steps``               ``cl-steps``: the number of steps
``.x0``, ``.y0``         ``cl-x0``, ``cl-y0``: the start (``y0`` is hidden for a formula in x alone);
                         a click on the plot also moves the start there
``.stationary``          ``cl-stationary``: mark the stationary points in the window (computed
                         only when asked: a very wiggly 2-D formula takes a second)
=======================  ==========================================================================

Views (``cl-plot``): the curve (``cl-landscape``, formulas in x) or the contours (``cl-contours``,
formulas in x and y) with one path per optimizer, and f at every step (``cl-values``), under a
key of the optimizers' colours (``cl-key``). The status table (``cl-status``) gives each run's
status: a run that leaves the formula's domain (``log(x)`` below 0) or runs off to infinity stops
cleanly with the status "diverged"; a start outside the domain runs nothing, and the status says so
(``x0`` outside it is refused when the playground is made).
Unexpected errors inside a callback appear in ``cl-error`` (see :class:`course_lib._ui.Panel`).

The playground is an explorer like those of :mod:`course_lib.widgets` (the same base class, controls
and checks); it lives here, outside that package, because it needs SymPy, which the other explorers do not.
"""

from __future__ import annotations

import contextlib
import html
import io

import ipywidgets as widgets
import numpy as np
from PIL import Image

from . import _checks
from ._ui import css
from .analysis import contour_levels, landscape_grid
from .descent import DIVERGED, DIVERGENCE_BOUND
from .expressions import ALLOWED, DEFAULT_WINDOW, parse_objective
from .style import ERROR, QUIET_TEXT, number, optimizer_looks, point
from .widgets.chart import Chart, thin
from .widgets.explorer import (
    Explorer,
    int_slider,
    log_slider,
    optimizer_choices,
    optimizer_picker,
    slider,
    steps_text,
)
from .widgets.views import Contours2D, Landscape1D, key_html, runs_table
from .windows import check_window, padded_range, window_point

__all__ = ["Playground", "playground", "DEFAULT_FORMULA"]

DEFAULT_FORMULA = "x**4 - 3*x**2 + sin(5*x)"
LR_RANGE = (1e-5, 1.0)
"""The learning-rate slider's range."""
MAX_STEPS = 500
"""The steps slider's top."""

_WIDTH = 600  # of the views, in pixels
_SMALL = "font-size:smaller;line-height:1.35;max-width:600px"


def _transparent_png() -> bytes:
    png = io.BytesIO()
    Image.new("RGBA", (1, 1), (0, 0, 0, 0)).save(png, format="png")
    return png.getvalue()


def _value_range(objective) -> tuple[float, float]:
    """The lowest and highest finite value of f over the window's grid, or ValueError if the views cannot
    draw f (no finite value, values too far apart, or in 2-D no contours)."""
    values = objective.grid(300)[1] if objective.dim == 1 else landscape_grid(objective, 120)[2]
    finite = values[np.isfinite(values)]
    where = "x" if objective.dim == 1 else "(x, y)"
    if finite.size == 0:
        raise ValueError(f"f = {objective.formula} has no real, finite value for any {where} in the window: "
                         "nothing to draw")
    with np.errstate(over="ignore"):
        spread = np.ptp(finite)
    if not np.isfinite(spread):
        raise ValueError(f"the values of f = {objective.formula} in the window are too far apart to draw "
                         "(beyond the largest number, 1.8e308)")
    if objective.dim == 2 and not np.all(np.diff(contour_levels(objective, values)) > 0):
        raise ValueError(f"f = {objective.formula} is flat almost everywhere in the window: no contours to draw")
    return float(np.min(finite)), float(np.max(finite))


class Playground(Explorer):
    """A playground for any function the student types: optimizers descend on it, live.

    Type a formula in x (a curve) or in x and y (contours), press Enter or click Plot, pick
    optimizers, and move the learning rate, the number of steps and the start (sliders, or a
    click on the plot). Every run starts from the same point with the same learning rate (the
    other hyperparameters are each optimizer's defaults) and uses the exact gradient. A formula
    that cannot be read is refused with a message and leaves the last plot in place; a run that
    leaves the formula's domain or runs off ends with the status "diverged". The arguments are
    checked and the sliders anchored as in every explorer (:mod:`course_lib.widgets.explorer`).

    Args:
        formula: the first formula to plot (it must be valid; see :mod:`course_lib.expressions`).
        optimizers: names from ``optimizers.ALL``, or Optimizer classes, that run at first.
        lr: the learning rate (the slider runs from 1e-5 to 1).
        steps: the number of steps (the slider runs from 1 to 500).
        x0: the start: x₀, or (x₀, y₀) (default: 90% across the x range, 10% up the y range).
        window: the plot range, ``(lo, hi)`` for x (and y) or ``((x_lo, x_hi), (y_lo, y_hi))``;
            default -3 to 3.

    Attributes: ``.objective`` is the formula on the plot (a :class:`course_lib.objectives.Objective`),
    ``.trajectories`` maps each running optimizer to its :class:`course_lib.descent.Trajectory`,
    ``.formula_message`` says why the last formula was refused ("" if it was not); the controls
    are attributes (see the module docstring).
    """

    def __init__(self, formula: str = DEFAULT_FORMULA, *, optimizers=("GradientDescent", "Momentum", "Adam"),
                 lr: float = 0.02, steps: int = 100, x0=None, window=None):
        self.choices, picked = optimizer_choices("optimizers", optimizers)
        # (lo, hi) is the range of x, and of y in 2-D; ((x_lo, x_hi), (y_lo, y_hi)) gives both
        self._window_2d = check_window(DEFAULT_WINDOW if window is None else window, 2, shared=True)
        if np.max(np.abs(self._window_2d)) > DIVERGENCE_BOUND:
            raise ValueError(f"window must lie within ±{DIVERGENCE_BOUND:g} (beyond it a run counts as diverged), "
                             f"got {window!r}")
        self._window_1d = self._window_2d[0]
        # the first formula must be good: there is no plot to keep yet
        self.objective, self._values = self._parse(formula)
        (x_lo, x_hi), (y_lo, y_hi) = self._window_2d
        start = self._start(x0)
        if x0 is not None and not self._defined_at(start[: self.objective.dim]):
            raise ValueError(f"x0 must lie inside the domain of f = {self.objective.formula} (where f and its "
                             f"gradient have finite values), got {x0!r}")

        self.formula = css(widgets.Text(value=formula, continuous_update=False, description="f =",
                                        placeholder="a formula in x, or in x and y, e.g. x**2 + 3*y**2",
                                        style={"description_width": "2.5em"}, layout={"width": "510px"}),
                           "cl-formula")
        self.plot_button = css(widgets.Button(description="Plot", button_style="primary", icon="pencil",
                                              tooltip="plot the formula (or press Enter in the box)",
                                              layout={"width": "90px"}), "cl-plot-button")
        self.hint = css(widgets.HTML(f'<div style="{_SMALL};color:{QUIET_TEXT}">'
                                     f"Allowed: {html.escape(ALLOWED)}. Press Enter or click Plot.</div>"),
                        "cl-formula-hint")
        self.formula_error = css(widgets.HTML(layout={"display": "none"}), "cl-formula-error")
        controls = {
            "optimizers": optimizer_picker(self.choices, picked),
            "lr": log_slider("lr", "learning rate η", lr, *LR_RANGE, continuous=False),
            "steps": int_slider("steps", "steps", steps, 1, MAX_STEPS, continuous=False),
            "x0": slider("x0", "start x₀", start[0], x_lo, x_hi, (x_hi - x_lo) / 200, continuous=False),
            "y0": slider("x0", "start y₀", start[1], y_lo, y_hi, (y_hi - y_lo) / 200, continuous=False),
            "stationary": widgets.ToggleButton(value=False, description="mark stationary points", icon="map-marker",
                                               layout={"width": "auto"},  # as wide as its words, at any size
                                               tooltip="find every point in the window where the gradient is 0"),
        }
        self.values_chart = Chart("f at every step", "step k", "f(x_k)", width=_WIDTH, height=240,
                                  css_class="cl-values")
        self.looks = optimizer_looks(self.choices)
        for name, look in self.looks.items():
            self.values_chart.lines(name, look.color, width=2, style=look.line_style)
        self.key = css(widgets.HTML(), "cl-key")  # which colour is which optimizer, above the plots, not over them
        self.landscape: Landscape1D | None = None
        self.contours: Contours2D | None = None
        self.trajectories: dict = {}
        self._message = ""  # why the formula in the box was refused
        self._stationary_text = ""  # the stationary points in words, below the status table
        self._plotted = None  # the text of the formula on the plot
        self._outside = False  # whether the start is outside f's domain (then nothing runs)
        super().__init__("cl-playground", "Formula playground", controls, [], above=[
            widgets.HBox([self.formula, self.plot_button]),
            # the hint, or the message in its place: a box of fixed height, so that nothing below jumps
            widgets.Box([self.hint, self.formula_error], layout={"height": "4.4em", "overflow": "hidden auto"}),
        ], below=[self.key])
        self._show_objective(formula)
        self.formula.observe(self.guard(lambda _: self.submit()), names="value")
        self.plot_button.on_click(self.guard(lambda _: self.submit()))
        self.stationary.observe(self.guard(lambda _: self._mark_stationary()), names="value")
        self.watch(self.optimizers, self.lr, self.steps, self.x0, self.y0)

    # --- formulas ---------------------------------------------------------------------------

    def _parse(self, text: str):
        dim = parse_objective(text).dim  # the same text again comes from parse_objective's cache
        objective = parse_objective(text, window=self._window_1d if dim == 1 else self._window_2d)
        return objective, _value_range(objective)

    def _start(self, x0) -> tuple[float, float]:
        """The start as (x₀, y₀): the given one, or 90% across the x range and 10% up the y range."""
        (x_lo, x_hi), (y_lo, y_hi) = self._window_2d
        default = window_point(self._window_2d, (0.9, 0.1))
        if x0 is None:
            return float(default[0]), float(default[1])
        start = np.atleast_1d(_checks.number("x0", x0, allow_array=True))
        if start.size == 1:
            start = np.array([start[0], default[1]])
        if start.shape != (2,) or not (x_lo <= start[0] <= x_hi and y_lo <= start[1] <= y_hi):
            raise ValueError(f"x0 must be a number or a pair (x0, y0) inside the window {self._window_2d}, got {x0!r}")
        return float(start[0]), float(start[1])

    def _defined_at(self, start) -> bool:
        """Whether f and its gradient have finite values at ``start`` (a run can start there)."""
        start = np.asarray(start, dtype=float).reshape(self.objective.dim)
        x = start[0] if self.objective.dim == 1 else start
        return bool(np.isfinite(self.objective.f(x)) and np.all(np.isfinite(self.objective.grad(x))))

    @property
    def formula_message(self) -> str:
        """Why the formula in the box was refused, or "" when it is on the plot."""
        return self._message

    def submit(self):
        """Plot the formula in the text box, or show why it cannot be plotted (keeping the last plot)."""
        text = self.formula.value
        if text == self._plotted and not self.formula_message:
            return  # Enter and then Plot: already on the plot
        try:
            self.objective, self._values = self._parse(text)
        except ValueError as error:
            self._message = str(error)
            self.formula_error.value = (f'<div style="{_SMALL};color:{ERROR}"><b>Cannot plot this formula:</b> '
                                        f"{html.escape(self._message, quote=False)}. The plot still shows f = "
                                        f"{html.escape(self.objective.formula, quote=False)}.</div>")
            self.formula_error.layout.display = None
            self.hint.layout.display = "none"
            return
        self._show_objective(text)
        self.update()

    def _show_objective(self, text: str):
        self._message = ""
        self.formula_error.value = ""
        self.formula_error.layout.display = "none"
        self.hint.layout.display = None
        self._plotted = text
        objective = self.objective
        if objective.dim == 1:
            if self.landscape is None:
                self.landscape = Landscape1D(objective, width=_WIDTH, height=400, minima=False)
                lo, hi = objective.window
                click = self.landscape.chart.image("click", _transparent_png(), (lo, hi), (0.0, 1.0))
                click.on_element_click(self.guard(self._on_click))
                self._add_runs(self.landscape.chart)
            else:
                self.landscape.show_objective(objective, minima=False)
            # the invisible picture that catches clicks spans the whole plot
            scale = self.landscape.chart.y_scale
            self.landscape.chart.marks["click"].y = [scale.min, scale.max]
            view = self.landscape
        else:
            if self.contours is None:
                self.contours = Contours2D(objective, width=_WIDTH, height=440, xlabel="x", ylabel="y", minima=False)
                for name, look in self.looks.items():
                    self.contours.add_run(name, look.color, line_style=look.line_style, marker=look.marker)
                self.contours.chart.marks["contours"].on_element_click(self.guard(self._on_click))
            else:
                self.contours.show_objective(objective, minima=False)
            view = self.contours
        view.chart.marks["minima"].default_size = 70  # smaller than the views' default: a formula may have dozens
        self.show_charts([view.chart, self.values_chart])
        self.y0.layout.display = None if objective.dim == 2 else "none"
        self._mark_stationary()

    def _view(self):
        return self.landscape if self.objective.dim == 1 else self.contours

    # --- runs -------------------------------------------------------------------------------

    def _add_runs(self, chart: Chart):
        """Marks for every optimizer's path on a 1-D curve (the 2-D view has its own, see Contours2D)."""
        for name, look in self.looks.items():
            chart.lines(f"path:{name}", look.color, width=1.5, style=look.line_style, marker=look.marker)
            chart.points(f"end:{name}", look.color, size=90, marker="cross")
        chart.points("start", "white", size=90)

    def _show_run_1d(self, name: str, t):
        chart = self.landscape.chart
        if t is None:
            chart.clear(f"path:{name}")
            chart.clear(f"end:{name}")
            return
        shown = thin(np.column_stack([t.positions, t.values]))
        chart.set(f"path:{name}", shown[:, 0], shown[:, 1])
        chart.set(f"end:{name}", t.positions[-1:], t.values[-1:])

    def _on_click(self, _mark, content):
        """A click on the plot moves the start there (within the window)."""
        where = content.get("data") or {}
        (x_lo, x_hi), (y_lo, y_hi) = self._window_2d
        with self.quiet:
            self.x0.value = float(np.clip(where["click_x"], x_lo, x_hi))
            if self.objective.dim == 2:
                self.y0.value = float(np.clip(where["click_y"], y_lo, y_hi))
        self.update()

    @property
    def start(self):
        """The start point of every run: x₀, or (x₀, y₀) for a formula in x and y."""
        return self.x0.value if self.objective.dim == 1 else np.array([self.x0.value, self.y0.value])

    def update(self):
        """Run every picked optimizer from the start and redraw the paths, the values and the status."""
        objective, start = self.objective, self.start
        # outside f's domain no run can start (run refuses such a start): the status says so, and nothing is drawn
        self._outside = not self._defined_at(start)
        self.trajectories = {} if self._outside else {
            name: self.cached_run(name, objective, self.choices[name].configured(self.lr.value), start,
                                  self.steps.value)
            for name in self.optimizers.value}
        with self.values_chart.batch(), (contextlib.nullcontext() if objective.dim == 1 else self.contours.batch()):
            for name in self.choices:
                t = self.trajectories.get(name)
                if objective.dim == 1:
                    self._show_run_1d(name, t)
                else:
                    self.contours.show_run(name, None if t is None else t.positions)
                if t is None:
                    self.values_chart.clear(name)
                else:
                    self.values_chart.set(name, np.arange(len(t.values)), t.values)
        # the values chart spans the runs' values, but no more than f's range over the window: a run that
        # climbs away (or falls below the window's lowest value) leaves it instead of squashing the others
        low, high = self._values
        reached = [t.values for t in self.trajectories.values() if len(t.values)]
        if reached:
            low, high = max(low, min(map(np.min, reached))), min(high, max(map(np.max, reached)))
        self.values_chart.set_range(None, padded_range([low, high], 0.05))
        if objective.dim == 1:
            height = objective.f(np.array([start]))
            self.landscape.chart.set("start", *(([start], height) if np.isfinite(height[0]) else ([], [])))
        else:
            self.contours.chart.set("start", [start[0]], [start[1]])
        self.key.value = key_html((name, self.looks[name]) for name in self.trajectories)
        self.status.value = self._status_table()

    def _status_table(self) -> str:
        if self._outside:
            where = f"{'x₀' if self.objective.dim == 1 else '(x₀, y₀)'} = {point(self.start)}"
            return (f"No run: the start {where} is outside the domain of f = {html.escape(self.objective.formula)} "
                    "(f or its gradient has no finite value there). Move the start, or click on the curve."
                    + self._stationary_text)
        rows = []
        for name, t in self.trajectories.items():
            steps = len(t.positions) - 1
            where = f"{'x' if self.objective.dim == 1 else '(x, y)'} = {point(t.positions[-1])}"
            if t.status == DIVERGED and steps < self.steps.value:
                text = (f"step {steps + 1} ran off to infinity or out of the formula's domain; the last point "
                        f"with a finite value: {where}")
            elif t.status == DIVERGED:
                text = f"the steps keep growing and f keeps rising: after {steps_text(steps)} {where}, " \
                       f"f = {number(t.values[-1])}"
            else:
                text = f"after {steps_text(steps)}: {where}, f = {number(t.values[-1])}"
            rows.append((name, self.looks[name], t.status, [html.escape(text, quote=False)]))
        table = runs_table(rows) if rows else "pick one or more optimizers"
        return table + self._stationary_text

    # --- stationary points ------------------------------------------------------------------

    def _mark_stationary(self):
        """Mark the minima (and list the stationary points) when the toggle is on; clear them when off."""
        chart = self._view().chart
        if not self.stationary.value:
            chart.clear("minima")
            self._stationary_text = ""
        else:
            points = self.objective.stationary_points
            minima = [p for p in points if p.kind == "minimum"]
            positions = np.array([p.position for p in minima], dtype=float).reshape(len(minima), self.objective.dim)
            if self.objective.dim == 1:
                chart.set("minima", positions[:, 0], [p.value for p in minima])
            else:
                chart.set("minima", positions[:, 0], positions[:, 1])
            self._stationary_text = "<div>" + _describe(points) + "</div>"
        if self.trajectories or self._outside or self.status.value:
            self.status.value = self._status_table()


_KINDS = {"minimum": ("minimum", "minima"), "maximum": ("maximum", "maxima"),
          "saddle": ("saddle point", "saddle points"), "degenerate": ("degenerate point", "degenerate points")}


def _describe(points) -> str:
    """The stationary points in words: each one when there are few, a count per kind otherwise."""
    if not points:
        return "No stationary points in the window (the gradient is nowhere 0 there)."
    if len(points) <= 6:
        return "Stationary points in the window (gold: minima): " + "; ".join(
            f"{p.kind} at {point(p.position)}, f = {number(p.value)}" for p in points) + "."
    kinds = {}
    for p in points:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    lowest = min(points, key=lambda p: p.value)
    return (f"{len(points)} stationary points in the window: "
            + ", ".join(f"{n} {_KINDS[kind][n > 1]}" for kind, n in kinds.items())
            + f"; the lowest of them is at {point(lowest.position)}, f = {number(lowest.value)}.")


playground = Playground
"""The name notebooks call: ``playground("x**4 - 3*x**2 + sin(5*x)")``."""
