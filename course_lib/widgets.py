"""Explorers: ready-made widgets that re-run descent when a slider moves.

Each function returns one widget (an ``ipywidgets.VBox``) with sensible defaults, so a notebook
cell is one line::

    from course_lib import objectives
    from course_lib.widgets import descent_explorer
    descent_explorer(objectives.double_dip)

The explorers hold no math of their own: a change of a control calls
:func:`course_lib.descent.run` or :func:`course_lib.models.fit` and hands the recorded result
to the live views (drawn in the browser by bqplot; see ``course_lib/_views.py``). Each one also
keeps its controls and its last result as attributes, so a notebook or a test can drive it::

    ex = descent_explorer(objectives.square)
    ex.lr.value = 1.5
    ex.trajectory.status        # 'diverged'

An error inside a callback is shown in the widget, in red (``cl-error``); a diverged run shows
the status "diverged" and draws only its finite points. Costly explorers recompute when a
slider is released (``continuous_update=False``). Where widgets cannot be shown (GitHub,
nbviewer, a frontend without ipywidgets) the output reads "[<name>: an interactive widget; run the
notebook in JupyterLab or Voilà to use it]": so a course notebook puts a static
:mod:`course_lib.plots` figure (or :func:`course_lib.plots.animation_html`) of the same run beside
each explorer. :func:`projector_style` enlarges every explorer on the page for a lecture.

The explorers and their CSS classes (every control, view and output has a stable class for
browser tests and styling; all widgets also carry ``cl-widget``):

=========================  ===========================================================================
``descent_explorer``       ``cl-descent-explorer``: ``cl-optimizer``, ``cl-lr``, ``cl-x0``, ``cl-steps``,
                           ``cl-play``, ``cl-frame``; views ``cl-landscape``, ``cl-values``; ``cl-status``
``fog_explorer``           ``cl-fog-explorer``: ``cl-lr``, ``cl-x0``, ``cl-step-button``, ``cl-reveal``,
                           ``cl-reset``; view ``cl-landscape``; ``cl-status``
``trajectory_player``      ``cl-trajectory-player``: ``cl-play``, ``cl-frame``; view ``cl-landscape`` or
                           ``cl-contours`` (with a legend ``cl-key``); ``cl-status``
``optimizer_race``         ``cl-optimizer-race``: ``cl-objective-name``, ``cl-optimizers``, ``cl-lr``,
                           ``cl-adaptive-lr``, ``cl-momentum``, ``cl-beta1``, ``cl-beta2``, ``cl-steps``,
                           ``cl-arrows``, ``cl-play``, ``cl-frame``; legend ``cl-key``; views ``cl-contours``,
                           ``cl-values``; ``cl-status``
``basin_explorer``         ``cl-basin-explorer``: ``cl-x0``, ``cl-momentum``, ``cl-play``, ``cl-frame``;
                           views ``cl-landscape``, ``cl-basin-map``; ``cl-status``
``minibatch_explorer``     ``cl-minibatch-explorer``: ``cl-batch-size``, ``cl-lr``, ``cl-epochs``;
                           views ``cl-loss``, ``cl-contours``; ``cl-status``
``regime_explorer``        ``cl-regime-explorer``: ``cl-lr``, ``cl-steps``; views ``cl-landscape`` (1-D)
                           or ``cl-contours`` (2-D), ``cl-regime-map``; ``cl-status``
``training_explorer``      ``cl-training-explorer``: ``cl-optimizer``, ``cl-schedule``, ``cl-lr``,
                           ``cl-epochs``, ``cl-batch-size``; views ``cl-loss``, ``cl-boundary``;
                           ``cl-status``
=========================  ===========================================================================

Every view is a ``cl-plot`` (a bqplot figure of fixed size); ``cl-error`` holds callback errors.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np

from . import _checks, models, objectives, schedules, style
from . import data as datasets
from . import optimizers as opt
from ._ui import AnchoredLogSlider, AnchoredSlider, Panel, Quiet, css
from ._views import Chart, Contours2D, Landscape1D, key_html, runs_table, status_html
from .analysis import state_vectors, step_size_crosses, value_gap, which_minimum
from .descent import DIVERGED, STATUSES, contraction_factor, critical_learning_rate, run
from .plots.base import labelled_runs
from .plots.regimes import minimum_label
from .style import CURVE, PATH, number, optimizer_color, point
from .windows import padded_range, window_point, window_span

__all__ = [
    "Explorer",
    "projector_style",
    "SCHEDULES",
    "make_schedule",
    "descent_explorer",
    "fog_explorer",
    "trajectory_player",
    "optimizer_race",
    "basin_explorer",
    "minibatch_explorer",
    "regime_explorer",
    "training_explorer",
]

_WIDE = {"description_width": "11em"}


def _control_layout():
    return widgets.Layout(width="430px")


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _critical_or(objective, fallback: float = 0.1) -> float:
    """2/f″ at the objective's minimum, for slider ranges; ``fallback`` where it has none."""
    try:
        rate = critical_learning_rate(objective)
    except ValueError:
        rate = None
    return rate if rate else fallback


def _contraction_or_nan(objective, lr: float) -> float:
    try:
        return contraction_factor(objective, lr)
    except ValueError:
        return float("nan")


def _log_slider(description: str, value: float, low: float, high: float, *, continuous: bool = True,
                tooltip: str | None = None):
    """A log slider over [low, high] (and ``value``) in steps of 1/20 decade, its grid through ``value``."""
    return AnchoredLogSlider(value, low, high, 0.05, description=description, readout_format=".3g", style=_WIDE,
                             tooltip=tooltip, continuous_update=continuous, layout=_control_layout())


def _slider(description: str, value: float, low: float, high: float, step: float, *, continuous: bool = True,
            integer: bool = False):
    """A slider over [low, high] (and ``value``); a float slider's grid passes through ``value``."""
    common = {"description": description, "style": _WIDE, "continuous_update": continuous,
              "layout": _control_layout()}
    if integer:
        return widgets.IntSlider(value=value, min=min(low, value), max=max(high, value), step=step, **common)
    return AnchoredSlider(value, low, high, step, readout_format=".3g", **common)


def _batch_slider(n: int, batch_size: int, sizes):
    """A batch-size slider over 1, ``sizes`` (those up to ``n``), ``n`` and the caller's ``batch_size`` (at most n)."""
    batch_size = min(_checks.integer("batch_size", batch_size, low=1), n)
    options = sorted({1, n, batch_size, *(s for s in sizes if s <= n)})
    return widgets.SelectionSlider(options=options, value=batch_size, description="batch size", style=_WIDE,
                                   continuous_update=False, layout=_control_layout())


def _picker(description: str, options, value):
    return widgets.Dropdown(options=list(options), value=value, description=description, style=_WIDE,
                            layout=_control_layout())


def _which(applies) -> str:
    """The names of the course's optimizers whose class ``applies`` to, e.g. those with a momentum."""
    return ", ".join(name for name, cls in opt.ALL.items() if applies(cls))


def _check_dim(objective, dim: int, who: str):
    if not isinstance(objective, objectives.Objective) or objective.dim != dim:
        raise ValueError(f"{who} needs a {dim}-D objective, got {objective!r}")


def _limit_epochs(explorer, n_examples: int, max_epochs: int, budget: int):
    """Keep a training run under ``budget`` optimizer steps: the epochs slider's top follows the batch size.

    ``explorer`` has ``batch_size`` and ``epochs`` sliders. A new batch size lowers or raises
    the epochs' maximum, then re-runs once (through the epochs slider when its value had to drop).
    """

    def top(batch: int) -> int:
        return max(2, min(max_epochs, budget // math.ceil(n_examples / batch)))

    explorer.epochs.max = top(explorer.batch_size.value)

    def on_batch_size(change):
        before = explorer.epochs.value
        explorer.epochs.max = top(change["new"])
        if explorer.epochs.value == before:  # otherwise the epochs slider's change has re-run already
            explorer.update()

    explorer.batch_size.observe(explorer.guard(on_batch_size), names="value")


class _Frames:
    """A Play button and a step slider, linked in the browser, that animate a recorded run.

    ``show(k)`` draws frame k. :meth:`reset` sets the number of frames and shows the last one
    (the whole run), drawing once.
    """

    def __init__(self, show, interval_ms: int = 120):
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=interval_ms, description="Play")
        self.frame = widgets.IntSlider(value=0, min=0, max=1, description="step", style=_WIDE,
                                       layout=_control_layout())
        self.link = widgets.jslink((self.play, "value"), (self.frame, "value"))
        self._show = show
        self._quiet = Quiet()
        self.frame.observe(self._on_frame, names="value")

    def _on_frame(self, change):
        if not self._quiet:
            self._show(change["new"])

    def reset(self, frames: int):
        last = max(frames - 1, 0)
        with self._quiet:
            # A slider needs min < max: a run of one point offers steps 0 and 1, both showing the start.
            self.frame.max = self.play.max = max(last, 1)
            self.frame.value = self.play.value = last
        self._show(last)


class Explorer(Panel):
    """Base of the explorers: controls on top, views below, a status line; reruns on change.

    Every control ``name`` becomes the attribute ``self.<name>`` with the CSS class
    ``cl-<name>`` (underscores become dashes). ``self.charts`` lists the views (tests read their
    marks). With ``frames`` (a :class:`_Frames`), Play and the step slider get a row of their
    own and the attributes ``play`` and ``frame``.
    """

    def __init__(self, css_class: str, title: str, controls: dict, charts: list, frames: _Frames | None = None,
                 extra_rows=()):
        grid = widgets.Layout(grid_template_columns="repeat(auto-fill, 440px)", grid_gap="2px 12px", width="100%")
        rows = [widgets.GridBox(list(controls.values()), layout=grid)]
        if frames is not None:
            controls = {**controls, "play": frames.play, "frame": frames.frame}
            rows.append(widgets.HBox([frames.play, frames.frame]))
        self.controls = controls
        for name, control in controls.items():
            css(control, f"cl-{name.replace('_', '-')}")
            setattr(self, name, control)
        self.frames = frames
        self.charts = charts
        self._quiet = Quiet()  # raised while a callback sets several controls before its one update
        self.status = css(widgets.HTML(layout=widgets.Layout(min_height="2em")), "cl-status")
        views = widgets.Box([c.figure for c in charts], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(css_class, title, [*rows, *extra_rows, views, self.status])

    def _watch(self, *controls):
        """Recompute whenever one of ``controls`` changes, and compute once now."""
        for control in controls:
            control.observe(self.guard(lambda _change: self._quiet or self.update()), names="value")
        self.guard(self.update)()

    def update(self):
        """Re-run and redraw everything from the controls' current values."""
        raise NotImplementedError


def projector_style(font_size: int = 17):
    """Larger text in every course widget on the page, for a projector (and the notebook at full width).

    Display the result once, e.g. in the first cell of a lecture notebook or the Voilà deck: it
    is a page-wide stylesheet that touches only the course's widgets and the notebook's width.
    For larger figures too, zoom the browser (Ctrl +): the live figures redraw at the new size.
    (CSS ``zoom`` on the widgets themselves would clip the bqplot figures.)
    """
    from IPython.display import HTML

    if not (isinstance(font_size, int) and 10 <= font_size <= 40):
        raise ValueError(f"font_size must be a whole number of pixels from 10 to 40, got {font_size!r}")
    small = round(font_size * 0.85)
    return HTML(
        "<style>"
        f".cl-widget {{ --jp-widgets-font-size: {font_size}px; --jp-widgets-inline-height: {2 * font_size}px;"
        f" font-size: {font_size}px; }}"
        f".cl-widget .widget-label, .cl-widget .widget-readout, .cl-widget .widget-html-content,"
        f" .cl-widget button, .cl-widget select {{ font-size: {font_size}px; }}"
        ".cl-widget .widget-readout { min-width: 4.8em; }"  # room for a readout such as 0.000400
        f".cl-plot .tick text, .cl-plot .legendtext {{ font-size: {small}px !important; }}"
        f".cl-plot .axislabel, .cl-plot .mainheading {{ font-size: {font_size}px !important; }}"
        ".jp-Notebook .jp-Cell, .jp-Notebook .jp-Cell-inputWrapper { max-width: none; }"
        "</style>"
    )


# --- 1-D descent -------------------------------------------------------------------------


class DescentExplorer(Explorer):
    """See :func:`descent_explorer`."""

    def __init__(self, objective, optimizer: str, lr: float | None, x0: float | None, steps: int):
        _check_dim(objective, 1, "descent_explorer")
        if optimizer not in opt.ALL:
            raise ValueError(f"optimizer must be one of {sorted(opt.ALL)}, got {optimizer!r}")
        self.objective = objective
        critical, span = _critical_or(objective), window_span(objective.window)
        self._lr_ranges = {False: (critical / 200, 2 * critical, critical / 4),
                           True: (span / 2000, span / 5, span / 50)}
        low, high, default = self._lr_ranges[opt.ALL[optimizer].adaptive]
        lo, hi = objective.window
        self.landscape = Landscape1D(objective)
        self.values_chart = Chart("Value at every step", "step k", "f(x_k)", width=380, height=320,
                                  css_class="cl-values")
        self.values_chart.lines("values", PATH, width=2, marker="circle")
        controls = {
            "optimizer": _picker("optimizer", opt.ALL, optimizer),
            "lr": _log_slider("learning rate η", default if lr is None else lr, low, high),
            "x0": _slider("start x₀", window_point(objective.window, 0.9) if x0 is None else x0, lo, hi,
                          (hi - lo) / 200),
            "steps": _slider("steps", steps, 0, 200, 1, integer=True),
        }
        self.trajectory = None
        frames = _Frames(self.guard(self._show_frame))
        super().__init__("cl-descent-explorer", "Descent explorer", controls,
                         [self.landscape.chart, self.values_chart], frames)
        self.optimizer.observe(self.guard(self._rescale_lr), names="value")
        self._watch(self.optimizer, self.lr, self.x0, self.steps)

    def _rescale_lr(self, change):
        """Adaptive methods take steps of about η: they get a learning-rate range in x units."""
        low, high, default = self._lr_ranges[opt.ALL[change["new"]].adaptive]
        if opt.ALL[change["old"]].adaptive != opt.ALL[change["new"]].adaptive:
            with self._quiet:  # the optimizer's own change re-runs, once
                self.lr.retarget(default, low, high)

    def update(self):
        optimizer = opt.ALL[self.optimizer.value].configured(self.lr.value)
        self.trajectory = t = run(self.objective, optimizer, self.x0.value, self.steps.value)
        self.values_chart.set("values", np.arange(len(t.values)), t.values)
        self.frames.reset(len(t.positions))
        where = ("it left the plot" if t.status == DIVERGED
                 else f"x = {number(t.positions[-1])}, f = {number(t.values[-1])}")
        self.status.value = status_html(t.status, f"after {_steps(len(t.positions) - 1)}: {where}")

    def _show_frame(self, k: int):
        t = self.trajectory
        self.landscape.show_path(t.positions, t.values, upto=k)


def descent_explorer(objective=objectives.double_dip, *, optimizer: str = "GradientDescent", lr: float | None = None,
                     x0: float | None = None, steps: int = 30) -> DescentExplorer:
    """Gradient descent (or any optimizer) on a 1-D objective, re-run live as the sliders move.

    Controls: the optimizer, the learning rate η (log slider from 1/200 of the critical rate
    2/f″ to twice it, so divergence can be seen; adaptive methods get a range in x units), the
    start x₀ (across the objective's window), the number of steps (0–200), and Play with a step
    slider that rolls the ball along the path. Views: the curve with the path, and f(x_k) per
    step; the status line gives the run's status and final point.

    Args:
        objective: a 1-D objective, e.g. ``objectives.square`` or ``objectives.double_dip``.
        optimizer: a name from ``optimizers.ALL``.
        lr: the starting learning rate (default: a quarter of the critical rate).
        x0: the starting point (default: 90% of the way across the window).
        steps: the starting number of steps.

    Returns the widget; ``.trajectory`` is the last run; ``.optimizer``, ``.lr``, ``.x0``,
    ``.steps``, ``.play``, ``.frame`` are the controls.
    """
    return DescentExplorer(objective, optimizer, lr, x0, steps)


class FogExplorer(Explorer):
    """See :func:`fog_explorer`."""

    def __init__(self, objective, x0: float | None, lr: float, visibility: float):
        _check_dim(objective, 1, "fog_explorer")
        if not visibility > 0:
            raise ValueError(f"visibility must be > 0, got {visibility!r}")
        self.objective = objective
        self.visibility = float(visibility)
        lo, hi = objective.window
        self._xs, self._fx = objective.grid(300)  # the whole valley, drawn when revealed
        self._y = padded_range(self._fx)
        self.chart = Chart("In the fog: only the ground nearby is visible", "x (where the hiker stands)",
                           "height f(x)", width=640, height=340, x_range=(lo, hi), y_range=self._y,
                           css_class="cl-landscape")
        self.chart.lines("valley", style.VALLEY, width=1.5, style="dashed")
        self.chart.lines("fog", style.FOG, width=0, fill="inside", fill_opacity=0.95)
        self.chart.lines("visible", CURVE, width=3)
        self.chart.lines("slope", PATH, width=2, style="dashed", opacity=0.8)
        self.chart.lines("next step", PATH, width=3)
        self.chart.points("footprints", style.FOOTPRINTS, size=50, stroke=None)
        self.chart.points("hiker", PATH, size=160)
        self.step_button = css(widgets.Button(description="Feel the slope and step", button_style="primary",
                                              layout=widgets.Layout(width="220px")), "cl-step-button")
        self.reset_button = css(widgets.Button(description="Start over", icon="undo"), "cl-reset")
        critical = _critical_or(objective)
        controls = {
            "x0": _slider("start x₀", window_point(objective.window, 0.85) if x0 is None else x0, lo, hi,
                          (hi - lo) / 200),
            "lr": _log_slider("step size η", lr, critical / 100, 2 * critical),
            "reveal": widgets.ToggleButton(value=False, description="Reveal the valley", icon="eye",
                                           layout=widgets.Layout(width="200px")),
        }
        super().__init__("cl-fog-explorer", "Foggy valley", controls, [self.chart],
                         extra_rows=[widgets.HBox([self.step_button, self.reset_button])])
        self.steps_taken = 0
        self.trajectory = None
        self.step_button.on_click(self.guard(lambda _: self.take_step()))
        self.reset_button.on_click(self.guard(lambda _: self.start_over()))
        for control in (self.x0, self.lr):
            control.observe(self.guard(lambda _: self.start_over()), names="value")
        self._watch(self.reveal)

    def take_step(self):
        """Feel the slope where the hiker stands and take one step downhill: x ← x − η·f′(x)."""
        self.steps_taken += 1
        self.update()

    def start_over(self):
        self.steps_taken = 0
        self.update()

    def update(self):
        # The walk so far is one recorded run: x0, then steps_taken steps of plain gradient descent;
        # one step more shows where the next step would land.
        descent = opt.GradientDescent(lr=self.lr.value)
        self.trajectory = t = run(self.objective, descent, self.x0.value, self.steps_taken)
        ahead = run(self.objective, descent, self.x0.value, self.steps_taken + 1)
        x, fx, slope = t.positions[-1], t.values[-1], t.gradients[-1]
        if len(ahead.positions) > len(t.positions):
            self.chart.set("next step", *self.chart.arrows([x, fx], [ahead.positions[-1], fx]))
        else:
            self.chart.clear("next step")
        lo, hi = self.objective.window
        left, right = float(np.clip(x - self.visibility, lo, hi)), float(np.clip(x + self.visibility, lo, hi))
        near = np.linspace(left, right, 80)
        self.chart.set("visible", near, self.objective.f(near))
        if self.reveal.value:
            self.chart.set("valley", self._xs, self._fx)
            self.chart.clear("fog")
        else:
            self.chart.clear("valley")
            # two bands, reaching past the axes' ends (the plot clips them), so no ground shows around them
            (y_lo, y_hi), beyond = self._y, hi - lo
            y_lo, y_hi = y_lo - (y_hi - y_lo), y_hi + (y_hi - y_lo)
            self.chart.set("fog", [[lo - beyond, left, left, lo - beyond], [right, hi + beyond, hi + beyond, right]],
                           [[y_lo, y_lo, y_hi, y_hi]] * 2)
        self.chart.figure.title = ("The valley revealed" if self.reveal.value
                                   else "In the fog: only the ground nearby is visible")
        tangent = np.array([x - self.visibility, x + self.visibility])
        self.chart.set("slope", tangent, fx + slope * (tangent - x))
        self.chart.set("footprints", t.positions[:-1], t.values[:-1])
        self.chart.set("hiker", [x], [fx])
        if t.status == DIVERGED:
            self.status.value = status_html(DIVERGED, "that step was so big the hiker left the map: start over "
                                                      "with a smaller η")
        else:
            step = -self.lr.value * slope
            # before the first step there is no run to judge yet: a neutral badge, not "still converging"
            badge, when = (("not started", "at the start") if self.steps_taken == 0
                           else (t.status, f"after {_steps(self.steps_taken)}"))
            self.status.value = status_html(
                badge, f"{when}: x = {number(x)}, height {number(fx)}, slope f′(x) = "
                          f"{number(slope)}; the next step (the arrow) moves x by −η·f′(x) = −{number(self.lr.value)}·"
                          f"({number(slope)}) = {'+' if step >= 0 else ''}{number(step)}")


def fog_explorer(objective=objectives.double_dip, *, x0: float | None = None, lr: float = 0.02,
                 visibility: float = 0.6) -> FogExplorer:
    """The foggy valley of notebook 01: see only the ground near the hiker, step by step.

    "Feel the slope and step" takes one gradient-descent step x ← x − η·f′(x) from where the
    hiker stands; "Reveal the valley" lifts the fog; "Start over" (or moving x₀ or η) goes back
    to the start.

    Args:
        objective: a 1-D objective.
        x0: where the hiker starts (default: 85% of the way across the window).
        lr: the step size η.
        visibility: how far the hiker sees to each side, in x units.

    Returns the widget; ``.trajectory`` is the walk so far (a run of ``.steps_taken`` steps);
    ``.step_button``, ``.reset_button``, ``.reveal``, ``.x0``, ``.lr`` are the controls.
    """
    return FogExplorer(objective, x0, lr, visibility)


# --- playing a recorded run --------------------------------------------------------------


class TrajectoryPlayer(Explorer):
    """See :func:`trajectory_player`."""

    def __init__(self, runs, interval_ms: int):
        self.runs = labelled_runs(runs)
        objective = self.runs[0][1].objective
        self.key = css(widgets.HTML(), "cl-key")  # the legend, beside the plot rather than over the paths
        self.paths = [t.path(i) for _, t, i in self.runs]
        self.values = [t.value_path(i) for _, t, i in self.runs]
        if objective.dim == 1:
            if len(self.runs) != 1:
                raise ValueError("a 1-D player takes one run with one start")
            self.view = Landscape1D(objective)
        else:
            self.view = Contours2D(objective)
            used: set = set()
            entries = []
            for label, t, i in self.runs:
                color = optimizer_color(t.optimizer, used)
                self.view.add_run(label, color)
                entries.append((f"{label}: {t.status_of(i)}", color))
            self.key.value = key_html(entries)
        frames = _Frames(self.guard(self._show_frame), interval_ms)
        super().__init__("cl-trajectory-player", "Trajectory player", {}, [self.view.chart], frames,
                         extra_rows=[self.key])
        self.frames.reset(max(len(p) for p in self.paths))

    def update(self):
        self._show_frame(self.frame.value)

    def _show_frame(self, k: int):
        if isinstance(self.view, Landscape1D):
            self.view.show_path(self.paths[0], self.values[0], upto=k)
        else:
            for (label, _, _), path in zip(self.runs, self.paths, strict=True):
                self.view.show_run(label, path, upto=k)
        parts = []
        for (label, t, i), path, values in zip(self.runs, self.paths, self.values, strict=True):
            j = min(k, len(path) - 1)
            ended = f" ({t.status_of(i)})" if j == len(path) - 1 else ""
            parts.append(f"<b>{html.escape(label)}</b>: x = {point(path[j])}, f = {number(values[j])}{ended}")
        self.status.value = f"step {k}: " + "; ".join(parts)


def trajectory_player(runs, *, interval_ms: int = 120) -> TrajectoryPlayer:
    """Play back recorded runs: Play/Pause, and a step slider to scrub through them.

    Args:
        runs: a single-start Trajectory (1-D or 2-D), or a mapping ``label -> Trajectory`` of
            2-D runs on one objective (an optimizer race).
        interval_ms: time between frames while playing.

    Returns the widget; ``.play`` and ``.frame`` (the step slider) are the controls.
    """
    return TrajectoryPlayer(runs, interval_ms)


# --- optimizer race ----------------------------------------------------------------------

class OptimizerRace(Explorer):
    """See :func:`optimizer_race`."""

    def __init__(self, objective, optimizers, x0, steps: int):
        _check_dim(objective, 2, "optimizer_race")
        unknown = [name for name in optimizers if name not in opt.ALL]
        if unknown or not optimizers:
            raise ValueError(f"optimizers must be names from {sorted(opt.ALL)}, got {optimizers!r}")
        self.objective = objective
        self._x0 = None if x0 is None else objective.check_points(x0, "x0")
        self._objectives = {**{n: o for n, o in objectives.ALL.items() if o.dim == 2}, objective.name: objective}
        self.view = Contours2D(objective, width=480, height=420)
        self.values_chart = Chart("Distance to the lowest value", "step k", "f(x_k) − f*", width=420, height=420,
                                  y_log=True, css_class="cl-values")
        used: set = set()
        self.colors = {name: optimizer_color(cls, used) for name, cls in opt.ALL.items()}
        for name, color in self.colors.items():
            self.view.add_run(name, color)
            self.values_chart.lines(name, color, width=2)
        self.key = css(widgets.HTML(), "cl-key")  # the legend, beside the plots rather than over the contours
        controls = {
            "objective_name": _picker("objective", self._objectives, objective.name),
            "optimizers": widgets.SelectMultiple(options=list(opt.ALL), value=tuple(optimizers), rows=7,
                                                 description="optimizers", style=_WIDE,
                                                 layout=_control_layout()),
            "lr": _log_slider("η plain methods", 0.01, 1e-4, 1.0, continuous=False,
                              tooltip=f"learning rate of {_which(lambda cls: not cls.adaptive)}"),
            "adaptive_lr": _log_slider("η adaptive methods", 0.01, 1e-4, 1.0, continuous=False,
                                       tooltip=f"learning rate of {_which(lambda cls: cls.adaptive)}"),
            "momentum": _slider(f"μ ({_which(lambda cls: 'momentum' in cls.hyperparameters)})", 0.9, 0.0, 0.99,
                                0.01, continuous=False),
            "beta1": _slider(f"β₁ ({_which(lambda cls: 'betas' in cls.hyperparameters)})", 0.9, 0.0, 0.99, 0.01,
                             continuous=False),
            "beta2": _slider(f"β₂ ({_which(lambda cls: 'betas' in cls.hyperparameters)})", 0.999, 0.5, 0.9999,
                             0.0001, continuous=False),
            "steps": _slider("steps", steps, 1, 500, 1, integer=True, continuous=False),
            "arrows": widgets.RadioButtons(options=["none", "velocity", "step size"], value="none",
                                           description="state arrows", style=_WIDE),
        }
        self.trajectories: dict = {}
        self._arrows: dict = {}
        frames = _Frames(self.guard(self._show_frame))
        super().__init__("cl-optimizer-race", "Optimizer race", controls, [self.view.chart, self.values_chart],
                         frames, extra_rows=[self.key])
        self._set_lr_ranges()
        self.objective_name.observe(self.guard(self._change_objective), names="value")
        # the runs record their state, so other arrows need no rerun: only the frame is redrawn
        self.arrows.observe(self.guard(lambda _: self._show_arrows()), names="value")
        self._watch(self.optimizers, self.lr, self.adaptive_lr, self.momentum, self.beta1, self.beta2, self.steps)

    def _set_lr_ranges(self):
        """Plain methods: around the critical rate 2/f″; adaptive ones: in x units (their steps are ≈ η)."""
        critical = _critical_or(self.objective)
        span = window_span(self.objective.window)
        self.lr.retarget(critical / 2, critical / 300, 1.5 * critical)
        self.adaptive_lr.retarget(span / 50, span / 5000, span / 5)

    def _change_objective(self, change):
        self.objective = self._objectives[change["new"]]
        self._x0 = None
        self.view.show_objective(self.objective)
        with self._quiet:  # two new ranges, one update
            self._set_lr_ranges()
        self.update()

    def update(self):
        x0 = self.objective.start if self._x0 is None else self._x0
        settings = {"momentum": self.momentum.value, "betas": (self.beta1.value, self.beta2.value)}
        self.trajectories = {}
        for name in self.optimizers.value:
            cls = opt.ALL[name]
            optimizer = cls.configured(self.adaptive_lr.value if cls.adaptive else self.lr.value, **settings)
            self.trajectories[name] = run(self.objective, optimizer, x0, self.steps.value, record_state=True)
        self._arrows = self._state_arrows()
        has_best = bool(self.objective.global_minima)
        with self.values_chart.batch():
            for name in opt.ALL:
                t = self.trajectories.get(name)
                if t is None or not has_best:
                    self.values_chart.clear(name)
                else:
                    self.values_chart.set(name, np.arange(len(t.values)), value_gap(self.objective, t.values))
        self.key.value = key_html((name, self.colors[name]) for name in self.trajectories)
        self.values_chart.figure.title = ("Distance to the lowest value" if has_best
                                          else "f has no lowest value: no distance to show")
        self.frames.reset(self.steps.value + 1)
        self.status.value = runs_table(
            (name, self.colors[name], t.status, [f"x = {point(t.positions[-1])}", f"f = {number(t.values[-1])}"])
            for name, t in self.trajectories.items()
        ) if self.trajectories else "pick an optimizer"

    def _state_arrows(self) -> dict:
        """Per run, the points and vectors of the state the arrows control asks for ({} for none)."""
        kind = {"velocity": "velocity", "step size": "step_size"}.get(self.arrows.value)
        return {name: state_vectors(t, kind) for name, t in self.trajectories.items()} if kind else {}

    def _show_arrows(self):
        self._arrows = self._state_arrows()
        self._show_frame(self.frame.value)

    def _show_frame(self, k: int):
        for name in opt.ALL:
            t = self.trajectories.get(name)
            self.view.show_run(name, None if t is None else t.positions, upto=k)
        starts, ends = [np.zeros((0, 2))], [np.zeros((0, 2))]
        for points, vectors in self._arrows.values():
            # state_vectors row j belongs to step j + 1: show the steps up to k, a dozen at most
            shown = slice(0, min(k, len(points)), max(1, k // 12))
            if self.arrows.value == "velocity":
                starts.append(points[shown])
                ends.append(points[shown] + vectors[shown])
            else:
                a, b = step_size_crosses(points[shown], vectors[shown], self.objective.window)
                starts.append(a)
                ends.append(b)
        self.view.show_segments(np.concatenate(starts), np.concatenate(ends))


def optimizer_race(objective=objectives.rosenbrock, optimizers=("GradientDescent", "Momentum", "Adam"), *, x0=None,
                   steps: int = 150) -> OptimizerRace:
    """Several optimizers from one start on a 2-D objective's contours, side by side (notebook 06).

    Controls: the objective (the course's 2-D objectives), which optimizers race, the learning
    rate of the plain methods (GD, Momentum, Nesterov; a range around the critical rate 2/f″)
    and of the adaptive ones (in x units: their steps are about η long), the momentum μ
    (Momentum, Nesterov), β₁ and β₂ (Adam, AdamW; every other hyperparameter, such as RMSProp's α,
    keeps its default), the number of steps,
    state arrows (the velocity's push, or the per-coordinate step size as crosses: a flat
    cross takes longer steps along x₁), and Play/step to watch the race unfold. Sliders
    recompute when released. The status table gives each run's status and final point.

    Args:
        objective: a 2-D objective (default Rosenbrock).
        optimizers: names from ``optimizers.ALL``.
        x0: the common start (default: a start chosen per objective).
        steps: the starting number of steps.

    Returns the widget; ``.trajectories`` maps each racing optimizer to its run.
    """
    return OptimizerRace(objective, tuple(optimizers), x0, steps)


# --- basins ------------------------------------------------------------------------------


class BasinExplorer(Explorer):
    """See :func:`basin_explorer`."""

    def __init__(self, objective, x0: float | None, momentum: float, lr: float, steps: int, starts: int):
        _check_dim(objective, 1, "basin_explorer")
        self.objective = objective
        self._lr, self._steps = lr, steps
        lo, hi = objective.window
        self._starts = np.linspace(lo, hi, starts)
        self._labels = [minimum_label(objective, i) for i in range(len(objective.minima))]
        self.landscape = Landscape1D(objective)
        self.basin_chart = Chart("Where each start ends", "start x₀", "", width=460, height=240, x_range=(lo, hi),
                                 y_range=(-2.4, 1.7), css_class="cl-basin-map")
        self.basin_chart.y_axis.visible = False
        self.basin_chart.figure.legend_location = "bottom-left"
        colors = [*style.BASIN_COLORS[: len(self._labels)], style.NOT_SETTLED]
        for i, color in enumerate(colors):
            label = self._labels[i] if i < len(self._labels) else "diverged or not settled"
            self.basin_chart.points(f"basin:{i}", color, size=36, marker="square", stroke=None, label=label)
        self.basin_chart.lines("x0", "black", width=2)
        self.basin_chart.texts("rows")
        controls = {
            "x0": _slider("start x₀", window_point(objective.window, 0.95) if x0 is None else x0, lo, hi,
                          (hi - lo) / 200,
                          continuous=False),
            "momentum": _slider("momentum μ", momentum, 0.0, 0.99, 0.01, continuous=False),
        }
        self.trajectory = None
        self.basins: dict = {}
        self._map_momentum = None
        # the plain-descent row of the map depends on no control: computed once
        self._plain = which_minimum(run(objective, self._optimizer(0.0), self._starts, steps))
        frames = _Frames(self.guard(self._show_frame))
        super().__init__("cl-basin-explorer", "Basin explorer", controls, [self.landscape.chart, self.basin_chart],
                         frames)
        self._watch(self.x0, self.momentum)

    def _optimizer(self, momentum: float):
        return opt.Momentum(lr=self._lr, momentum=momentum) if momentum > 0 else opt.GradientDescent(lr=self._lr)

    def _draw_map(self, mu: float):
        """The basin map for plain descent (row 0) and momentum μ (row 1): the minimum each start reaches."""
        self.basins = {
            "plain": self._plain,
            f"μ = {mu:g}": which_minimum(run(self.objective, self._optimizer(mu), self._starts, self._steps)),
        }
        rows = list(self.basins.values())
        for i in range(len(self._labels) + 1):
            code = i if i < len(self._labels) else -1
            xs = np.concatenate([self._starts[row == code] for row in rows])
            ys = np.concatenate([np.full(np.sum(row == code), float(r)) for r, row in enumerate(rows)])
            self.basin_chart.set(f"basin:{i}", xs, ys)
        lo, _ = self.objective.window
        self.basin_chart.set("rows", [lo, lo], [0.3, 1.3], text=list(self.basins))
        self._map_momentum = mu

    def update(self):
        mu = self.momentum.value
        self.trajectory = t = run(self.objective, self._optimizer(mu), self.x0.value, self._steps)
        if self._map_momentum != mu:
            self._draw_map(mu)
        self.basin_chart.set("x0", [self.x0.value] * 2, [-0.4, 1.6])
        self.frames.reset(len(t.positions))
        ends = int(which_minimum(t))
        where = (f"the {self._labels[ends]}" if ends >= 0
                 else "nowhere: it diverged" if t.status == DIVERGED else "no minimum yet")
        self.status.value = status_html(t.status, f"from x₀ = {number(self.x0.value)} with μ = {mu:g}: ends at "
                                                  f"x = {number(t.positions[-1])}, {where}")

    def _show_frame(self, k: int):
        t = self.trajectory
        self.landscape.show_path(t.positions, t.values, upto=k)


def basin_explorer(objective=objectives.double_dip, *, x0: float | None = None, momentum: float = 0.0,
                   lr: float = 0.01, steps: int = 200, starts: int = 161) -> BasinExplorer:
    """Which minimum a start rolls into, with and without momentum (notebook 04).

    Controls: the start x₀ and the momentum μ (0 = plain gradient descent), plus Play/step to
    watch the ball roll. Views: the curve with the run from x₀, and a basin map: for ``starts``
    starts across the window, the minimum each one ends in, for plain descent (bottom row) and
    for momentum μ (top row), with a line at x₀. Sliders recompute when released.

    Args:
        objective: a 1-D objective with several minima (default x⁴ − 8x² + x).
        x0, momentum: the starting slider values (x0 default: near the right edge).
        lr, steps: the learning rate and number of steps of every run.
        starts: how many starts the basin map uses.

    Returns the widget; ``.trajectory`` is the run from x₀, ``.basins`` the map (one
    :func:`course_lib.analysis.which_minimum` array per row).
    """
    return BasinExplorer(objective, x0, momentum, lr, steps, starts)


# --- mini-batches ------------------------------------------------------------------------


class MiniBatchExplorer(Explorer):
    """See :func:`minibatch_explorer`."""

    def __init__(self, dataset, batch_size: int, lr: float, epochs: int, seed: int):
        self.X, self.y = np.asarray(dataset.X, dtype=float), np.asarray(dataset.y, dtype=float)
        if self.X.ndim != 2 or self.X.shape[1] < 2:
            raise ValueError("minibatch_explorer needs a data set with at least two features")
        self.model = models.LinearRegression(self.X.shape[1], fit_intercept=False)
        self.seed = seed
        best = self.model.solve(self.X, self.y)
        # The loss over (w₁, w₂) with the other weights at their least-squares values is itself a linear
        # regression: of the residual y − X₃…·w₃…* on the first two features.
        self.surface = models.linear_regression_objective(self.X[:, :2], self.y - self.X[:, 2:] @ best[2:],
                                                          fit_intercept=False, name="loss over (w₁, w₂)")
        n = len(self.X)
        self.loss_chart = Chart("Training loss (all data) per epoch", "epoch", "mean squared error", width=420,
                                height=380, y_log=True, css_class="cl-loss")
        self.loss_chart.lines("loss", optimizer_color(opt.GradientDescent), width=2, marker="circle")
        self.view = Contours2D(self.surface, title="Path of (w₁, w₂) on the loss", xlabel="w₁", ylabel="w₂",
                               width=420, height=380)
        self.view.add_run("w", PATH)
        controls = {
            "batch_size": _batch_slider(n, batch_size, (2**k for k in range(int(math.log2(n)) + 1))),
            "lr": _log_slider("learning rate η", lr, 1e-4, 1.0, continuous=False),
            "epochs": _slider("epochs", epochs, 1, 50, 1, integer=True, continuous=False),
        }
        self.result = None
        super().__init__("cl-minibatch-explorer", "Mini-batch explorer", controls, [self.loss_chart, self.view.chart])
        _limit_epochs(self, n, 50, budget=5000)
        self._watch(self.lr, self.epochs)

    def update(self):
        batch = self.batch_size.value
        self.result = r = models.fit(self.model, opt.GradientDescent(lr=self.lr.value), self.X, self.y,
                                     epochs=self.epochs.value, batch_size=batch, rng=self.seed,
                                     params0=np.zeros(self.model.n_params), record_path=True)
        self.loss_chart.set("loss", np.arange(len(r.loss_history)), r.loss_history)
        self.view.show_run("w", r.path[:, :2])
        text = (f"batch size {batch}: {len(r.step_losses) - 1} steps, {r.examples_seen[-1]} gradient evaluations; "
                f"loss {number(r.loss_history[-1])}, w = {point(r.params)}")
        self.status.value = status_html(r.status, text)


def minibatch_explorer(dataset=None, *, batch_size: int = 32, lr: float = 0.01, epochs: int = 10,
                       seed: int = 0) -> MiniBatchExplorer:
    """Full-batch, mini-batch and single-sample descent on linear regression (notebook 05).

    Controls: the batch size (1, 2, 4, …, n), the learning rate, the number of epochs (up to 50,
    fewer for small batches: a run stays under 5,000 steps, so a slider answers in well under a
    second). Views:
    the loss on all the data after every epoch (log scale), and the path of (w₁, w₂) on the
    contours of the loss (the other weights held at their least-squares values). Every run
    starts from w = 0 and shuffles with ``seed``. Sliders recompute when released.

    Args:
        dataset: a :class:`course_lib.data.Dataset` with at least two features (default
            ``data.linear_data(1000, rng=42)``: true w = [2, −1.5, 0.5]).
        batch_size, lr, epochs: the starting slider values.
        seed: the shuffling seed.

    Returns the widget; ``.result`` is the last :class:`course_lib.models.FitResult`.
    """
    return MiniBatchExplorer(dataset if dataset is not None else datasets.linear_data(1000, rng=42), batch_size, lr,
                             epochs, seed)


# --- learning-rate regimes ---------------------------------------------------------------


class RegimeExplorer(Explorer):
    """See :func:`regime_explorer`."""

    def __init__(self, objective, x0, steps: int, lr: float | None, sweep: int, axis_labels):
        if not isinstance(objective, objectives.Objective) or objective.dim not in (1, 2):
            raise ValueError(f"regime_explorer needs a 1-D or 2-D objective, got {objective!r}")
        self.objective = objective
        self.critical = _critical_or(objective)
        low, high = self.critical / 100, 1.6 * self.critical
        self._x0 = objective.check_points(objective.start if x0 is None else x0, "x0")
        self._rates = np.linspace(low, high, sweep)
        if objective.dim == 1:
            self.view = Landscape1D(objective)
        else:
            xlabel, ylabel = axis_labels or ("x₁", "x₂")
            self.view = Contours2D(objective, xlabel=xlabel, ylabel=ylabel)
            self.view.add_run("path", PATH)
        self.map_chart = Chart("Status after the same number of steps, per η", "learning rate η", "", width=440,
                               height=240, x_range=(low, high), y_range=(-2.6, 1.2), css_class="cl-regime-map")
        self.map_chart.y_axis.visible = False
        self.map_chart.figure.legend_location = "bottom"
        for status in STATUSES:
            self.map_chart.points(f"status:{status}", style.status_color(status), size=70, marker="square",
                                  stroke=None, label=status)
        self.map_chart.lines("rates", "black", width=1, style="dashed")
        self.map_chart.set("rates", [[self.critical / 2] * 2, [self.critical] * 2], [[-0.5, 0.6]] * 2)
        self.map_chart.texts("rate names", size=12, align="middle")
        self.map_chart.set("rate names", [self.critical / 2, self.critical], [0.75, 0.75], text=["1/f″", "2/f″"])
        self.map_chart.lines("lr", PATH, width=3)
        controls = {
            # steps of 2/f″ ÷ 200 from a quarter of it: 1/f″ and 2/f″ themselves are on the slider
            "lr": _slider("learning rate η", self.critical / 4 if lr is None else lr, low, high, self.critical / 200),
            "steps": _slider("steps", steps, 1, 100, 1, integer=True),
        }
        self.trajectory = None
        self.sweep = None
        super().__init__("cl-regime-explorer", "Learning-rate regimes", controls, [self.view.chart, self.map_chart])
        self._watch(self.lr, self.steps)

    def _draw_map(self, steps: int):
        """Run every rate of the sweep at once (one start per rate) and colour the map by status."""
        starts = np.broadcast_to(self._x0, (len(self._rates), *self._x0.shape)).copy()
        rates = self._rates if self.objective.dim == 1 else self._rates[:, None]
        self.sweep = run(self.objective, opt.GradientDescent(lr=rates), starts, steps)
        status = np.asarray(self.sweep.status)
        for name in STATUSES:
            chosen = self._rates[status == name]
            self.map_chart.set(f"status:{name}", chosen, np.zeros(len(chosen)))

    def update(self):
        lr, steps = self.lr.value, self.steps.value
        if self.sweep is None or len(self.sweep.positions) != steps + 1:
            self._draw_map(steps)
        self.trajectory = t = run(self.objective, opt.GradientDescent(lr=lr), self._x0, steps)
        if isinstance(self.view, Landscape1D):
            self.view.show_path(t.positions, t.values)
        else:
            self.view.show_run("path", t.positions)
        self.map_chart.set("lr", [lr, lr], [-0.5, 0.6])
        where = ("it left the plot" if t.status == DIVERGED
                 else f"ends at {point(t.positions[-1])}, f = {number(t.values[-1])}")
        self.status.value = status_html(
            t.status, f"η = {number(lr)}: {where}; each step multiplies the distance to the minimum by "
                      f"|1 − η·f″| = {number(_contraction_or_nan(self.objective, lr))} "
                      f"(2/f″ = {number(self.critical)})")


def regime_explorer(objective=objectives.shifted_parabola, *, x0=None, steps: int = 20, lr: float | None = None,
                    sweep: int = 120, axis_labels: tuple[str, str] | None = None) -> RegimeExplorer:
    """Plain gradient descent at any learning rate, and the regime it lands in (notebook 03).

    Controls: the learning rate η (from 1/100 of the critical rate 2/f″ to 1.6 times it, in
    steps of 1/200 of it, so that 1/f″ and 2/f″ are on the slider) and the number of steps.
    Views: the run on the curve (1-D) or on the contours (2-D, e.g. the (w, b) plane of
    ``models.linear_regression_objective``), and a regime map: the status of ``sweep`` rates
    across the slider's range after the same number of steps, dashed lines at 1/f″ and 2/f″,
    and the current η. The status badge names the regime and the contraction
    factor |1 − η·f″| (largest over the Hessian's directions in 2-D).

    Args:
        objective: a 1-D or 2-D objective with a minimum (default x² − 4x + 5).
        x0: the start (default: the objective's :attr:`~course_lib.objectives.Objective.start`, 10% inside its
            window's lower end unless it names another).
        steps, lr: the starting slider values (lr default: a quarter of the critical rate).
        sweep: how many learning rates the regime map shows.
        axis_labels: names of the two parameters of a 2-D objective, e.g. ``("w", "b")``.

    Returns the widget; ``.trajectory`` is the run at the slider's η, ``.sweep`` the map's runs.
    """
    return RegimeExplorer(objective, x0, steps, lr, sweep, axis_labels)


# --- training a network ------------------------------------------------------------------

SCHEDULES = ("constant", "step decay", "exponential decay", "cosine decay", "warm-up + cosine")
"""The schedules the training explorer offers, each spread over the whole run."""


def make_schedule(name: str, lr: float, total_steps: int):
    """The named schedule of :data:`SCHEDULES` with peak rate ``lr`` over ``total_steps`` optimizer steps.

    Step decay multiplies by 0.3 every third of the run; exponential decay ends at lr/100;
    cosine decays to 0; warm-up ramps up over the first tenth, then decays by a cosine.
    """
    if name not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}, got {name!r}")
    total_steps = max(int(total_steps), 1)
    if name == "constant":
        return schedules.Constant(lr)
    if name == "step decay":
        return schedules.StepDecay(lr, step_size=max(total_steps // 3, 1), gamma=0.3)
    if name == "exponential decay":
        return schedules.ExponentialDecay(lr, gamma=0.01 ** (1 / total_steps))
    if name == "cosine decay":
        return schedules.CosineDecay(lr, total_steps=total_steps)
    warmup = max(total_steps // 10, 1)
    return schedules.LinearWarmup(lr, warmup, then=schedules.CosineDecay(lr, total_steps=max(total_steps - warmup, 1)))


class TrainingExplorer(Explorer):
    """See :func:`training_explorer`."""

    def __init__(self, dataset, hidden: int, optimizer: str, lr: float, epochs: int, batch_size: int, seed: int):
        self.X, self.y = np.asarray(dataset.X, dtype=float), np.asarray(dataset.y, dtype=float)
        if self.X.ndim != 2 or self.X.shape[1] != 2:
            raise ValueError(f"training_explorer needs 2 input features, got X of shape {self.X.shape}")
        if optimizer not in opt.ALL:
            raise ValueError(f"optimizer must be one of {sorted(opt.ALL)}, got {optimizer!r}")
        self.net = models.MLP([2, hidden, 1])
        self.seed = seed
        (x_lo, y_lo), (x_hi, y_hi) = self.X.min(axis=0) - 0.5, self.X.max(axis=0) + 0.5
        gx, gy = np.linspace(x_lo, x_hi, 50), np.linspace(y_lo, y_hi, 50)
        self._grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
        self.loss_chart = Chart("Training loss per epoch", "epoch", "cross-entropy", width=420, height=380,
                                y_log=True, css_class="cl-loss")
        self.loss_chart.lines("loss", optimizer_color(opt.ALL[optimizer]), width=2)
        self.boundary_chart = Chart("P(class 1): red above ½, blue below", "x₁", "x₂", width=420, height=380,
                                    x_range=(x_lo, x_hi), y_range=(y_lo, y_hi), css_class="cl-boundary")
        self.boundary_chart.heatmap("probability", gx, gy, colors=style.PROBABILITY_COLORS)
        self.boundary_chart.figure.legend_location = "top-left"  # where two moons leave room
        for c, color in enumerate(style.CLASS_COLORS):
            self.boundary_chart.points(f"class {c}", color, size=30, stroke="white", label=f"class {c}")
            self.boundary_chart.set(f"class {c}", self.X[self.y == c, 0], self.X[self.y == c, 1])
        n = len(self.X)
        controls = {
            "optimizer": _picker("optimizer", opt.ALL, optimizer),
            "schedule": _picker("schedule", SCHEDULES, "constant"),
            "lr": _log_slider("peak learning rate η", lr, 1e-3, 3.0, continuous=False),
            "epochs": _slider("epochs", epochs, 1, 200, 1, integer=True, continuous=False),
            "batch_size": _batch_slider(n, batch_size, (8, 16, 32, 64, 128)),
        }
        self.result = None
        super().__init__("cl-training-explorer", "Training explorer", controls, [self.loss_chart, self.boundary_chart])
        _limit_epochs(self, n, 200, budget=3000)
        self._watch(self.optimizer, self.schedule, self.lr, self.epochs)

    def update(self):
        batch, epochs = self.batch_size.value, self.epochs.value
        lr = make_schedule(self.schedule.value, self.lr.value, epochs * math.ceil(len(self.X) / batch))
        self.result = r = models.fit(self.net, opt.ALL[self.optimizer.value].configured(lr), self.X, self.y,
                                     epochs=epochs, batch_size=batch, rng=self.seed)
        self.loss_chart.set("loss", np.arange(len(r.loss_history)), r.loss_history,
                            colors=[optimizer_color(opt.ALL[self.optimizer.value])])
        probability = self.net.predict_proba(r.params, self._grid).reshape(50, 50)
        self.boundary_chart.set_colors("probability", probability)
        accuracy = float(np.mean((self.net.predict_proba(r.params, self.X) > 0.5) == (self.y == 1)))
        self.status.value = status_html(r.status, f"{self.optimizer.value}, {self.schedule.value}: loss "
                                                  f"{number(r.loss_history[-1])}, training accuracy {accuracy:.0%}")


def training_explorer(dataset=None, *, hidden: int = 16, optimizer: str = "Adam", lr: float = 0.05, epochs: int = 60,
                      batch_size: int = 32, seed: int = 0) -> TrainingExplorer:
    """Train a small network on two moons with any optimizer and schedule (notebook 07).

    Controls: the optimizer, the learning-rate schedule (constant, step, exponential, cosine,
    warm-up then cosine; each spread over the whole run), the peak learning rate, epochs (up to
    200, fewer for small batches: a run stays under 3,000 steps) and batch size. Views: the loss
    per epoch, and the network's P(class 1) over the plane with the data. Every run starts from
    the same seeded weights. Sliders recompute when released.

    Args:
        dataset: a two-class :class:`course_lib.data.Dataset` with 2 features (default
            ``data.two_moons(200, rng=0)``).
        hidden: hidden units of the :class:`course_lib.models.MLP` ``[2, hidden, 1]``.
        optimizer, lr, epochs, batch_size: the starting control values.
        seed: the seed of the initial weights and of the shuffling.

    Returns the widget; ``.result`` is the last :class:`course_lib.models.FitResult`.
    """
    return TrainingExplorer(dataset if dataset is not None else datasets.two_moons(200, rng=0), hidden, optimizer,
                            lr, epochs, batch_size, seed)
