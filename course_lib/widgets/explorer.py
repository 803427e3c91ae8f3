"""The base of every explorer (:class:`Explorer`) and the controls they are made of.

An explorer is controls on top, live views below and a status line; a change of a control
re-runs :func:`course_lib.descent.run` (or :func:`course_lib.models.fit`) and redraws. The
control factories below check the value an explorer was given, as ``ValueError`` naming the
argument, and lay their slider's grid through it (:mod:`course_lib.widgets.sliders`), so every
explorer refuses ``lr=True`` and keeps ``x0=-4.5`` exactly, in the same words.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import _checks, objectives
from .. import optimizers as opt
from .._ui import Panel, Quiet, css
from ..descent import critical_learning_rate, run
from ..style import number, point
from .sliders import AnchoredLogSlider, AnchoredSlider

__all__ = ["Explorer", "Frames", "projector_style"]

WIDE = {"description_width": "11em"}
"""The width of a control's description."""


def control_layout():
    return widgets.Layout(width="430px")


def log_slider(arg: str, description: str, value, low: float, high: float, *, continuous: bool = True,
               tooltip: str | None = None):
    """A log slider for the argument ``arg`` over [low, high] (and ``value``, > 0) in steps of 1/20 decade, its
    grid through ``value``."""
    value = _checks.number(arg, value, low=0, low_open=True)
    if not low / 1e6 <= value <= high * 1e6:
        raise ValueError(f"{arg} must be within six powers of ten of the slider's range [{number(low)}, "
                         f"{number(high)}], got {value!r}")
    return AnchoredLogSlider(value, low, high, 0.05, arg=arg, description=description, readout_format=".3g", style=WIDE,
                             tooltip=tooltip, continuous_update=continuous, layout=control_layout())


def slider(arg: str, description: str, value, low: float, high: float, step: float, *, continuous: bool = True,
           allowed: dict | None = None):
    """A slider for the argument ``arg`` over [low, high] (and the number ``value``), its grid through ``value``.

    ``allowed``: the bounds ``value`` must keep, as :func:`course_lib._checks.number` takes them
    (e.g. ``{"low": 0, "high": 1, "high_open": True}`` for a momentum); any finite number otherwise.
    """
    value = _checks.number(arg, value, **(allowed or {}))
    return AnchoredSlider(value, low, high, step, arg=arg, readout_format=".3g", description=description, style=WIDE,
                          continuous_update=continuous, layout=control_layout())


LIMIT = 10
"""How far beyond its slider's top a whole-number argument (steps) may go: ten times the top."""


def int_slider(arg: str, description: str, value, low: int, high: int, *, continuous: bool = True):
    """A slider of whole numbers for the argument ``arg`` from ``low`` to ``high`` (or up to ``value``).

    ``value`` must lie from ``low`` to ``LIMIT`` × ``high``: a typo such as ``steps=10**8`` is refused
    instead of hanging the kernel.
    """
    value = _checks.integer(arg, value, low=low, high=LIMIT * high)
    return widgets.IntSlider(value=value, min=low, max=max(high, value), step=1, description=description,
                             style=WIDE, continuous_update=continuous, layout=control_layout())


def batch_slider(n: int, batch_size, sizes):
    """A batch-size slider over 1, ``sizes`` (those up to ``n``), ``n`` and the caller's ``batch_size`` (at most n)."""
    batch_size = min(_checks.integer("batch_size", batch_size, low=1), n)
    options = sorted({1, n, batch_size, *(s for s in sizes if s <= n)})
    return widgets.SelectionSlider(options=options, value=batch_size, description="batch size", style=WIDE,
                                   continuous_update=False, layout=control_layout())


def picker(description: str, options, value):
    return widgets.Dropdown(options=list(options), value=value, description=description, style=WIDE,
                            layout=control_layout())


def optimizer_choices(arg: str, picked, *, one: bool = False) -> tuple[dict, tuple[str, ...] | str]:
    """The optimizers an explorer offers, and the names of those ``picked``.

    ``picked``: a tuple or list of names from :data:`course_lib.optimizers.ALL` or Optimizer
    classes (any subclass, e.g. one a notebook defines); with ``one``, a single name or class.
    Returns ``{name: class}`` of the course's optimizers and the picked classes, and the picked
    names (the name, with ``one``); ValueError naming ``arg`` otherwise.
    """
    choices = dict(opt.ALL)
    names = []
    for p in [picked] if one else picked if isinstance(picked, (tuple, list)) else [None]:
        if isinstance(p, type) and issubclass(p, opt.Optimizer) and choices.setdefault(p.__name__, p) is p:
            names.append(p.__name__)
        elif isinstance(p, str) and p in opt.ALL:
            names.append(p)
        else:
            what = "a name from {} or an Optimizer class" if one else "names from {} or Optimizer classes"
            raise ValueError(f"{arg} must be {what.format(list(opt.ALL))}, got {picked!r}")
    return choices, names[0] if one else tuple(names)


def optimizer_picker(choices, picked, *, rows: int = 7):
    """A multiple choice of optimizers: Ctrl-click or Shift-click picks several."""
    return widgets.SelectMultiple(options=list(choices), value=tuple(picked), rows=rows, description="optimizers",
                                  style=WIDE, tooltip="Ctrl-click or Shift-click to pick several",
                                  layout=control_layout())


def check_objective(objective, dims, who: str):
    """TypeError unless ``objective`` is an Objective, ValueError unless of one of the dimensions ``dims``."""
    wanted = " or ".join(f"{d}-D" for d in dims)
    _checks.instance("objective", objective, objectives.Objective, f"{wanted} Objective (see course_lib.objectives)")
    if objective.dim not in dims:
        raise ValueError(f"objective must be a {wanted} objective for {who}, got {objective!r} (dim {objective.dim})")


def critical_rate(objective) -> float | None:
    """2/f″ at the objective's minimum, or None where there is none (no minimum, or f″ zero or undefined there)."""
    try:
        rate = critical_learning_rate(objective)
    except ValueError:
        return None
    return rate if rate is not None and math.isfinite(rate) else None


def critical_or(objective, fallback: float = 0.1) -> float:
    """2/f″ at the objective's minimum, for slider ranges; ``fallback`` where it has none."""
    return critical_rate(objective) or fallback


def steps_text(n: int) -> str:
    """"1 step", "2 steps": the count with the right plural."""
    return f"{n} step" if n == 1 else f"{n} steps"


def left_window(path, window) -> bool:
    """Whether a recorded path (positions, shape (k,) or (k, d)) went outside the plot window."""
    lo, hi = np.asarray(window, dtype=float).reshape(-1, 2).T
    p = np.asarray(path, dtype=float).reshape(len(path), -1)
    return bool(np.any((p < lo) | (p > hi)))


def where_it_ends(t, window, steps: int) -> str:
    """Where a single-start run of ``steps`` steps ends, in words, for a status line: its last point and value,
    whether its path went outside the plot (only when it did), and whether its next point had no finite value."""
    last = f"x = {point(t.positions[-1])}, f = {number(t.values[-1])}"
    if left_window(t.positions, window):
        last = f"the path goes outside the plot; its last point: {last}"
    if len(t.positions) - 1 < steps:
        return f"stopped at {last}: the next point has no finite value of f"
    return last


def limit_epochs(explorer, n_examples: int, max_epochs: int, budget: int):
    """Keep a training run under ``budget`` optimizer steps: the epochs slider's top follows the batch size.

    ``explorer`` has ``batch_size`` and ``epochs`` sliders. A new batch size lowers or raises
    the epochs' maximum, then re-runs once (through the epochs slider when its value had to drop).
    """

    def top(batch: int) -> int:
        return max(2, min(max_epochs, budget // math.ceil(n_examples / batch)))

    batch, epochs = explorer.batch_size.value, explorer.epochs.value
    if epochs > top(batch):
        raise ValueError(f"epochs must be at most {top(batch)} with batch_size = {batch} ({budget:,} steps at most, "
                         f"so that a slider answers quickly), got {epochs}")
    explorer.epochs.max = top(batch)

    def on_batch_size(change):
        before = explorer.epochs.value
        explorer.epochs.max = top(change["new"])
        if explorer.epochs.value == before:  # otherwise the epochs slider's change has re-run already
            explorer.update()

    explorer.batch_size.observe(explorer.guard(on_batch_size), names="value")


class Frames:
    """A Play button and a step slider, linked in the browser, that animate a recorded run.

    ``show(k)`` draws frame k. :meth:`reset` sets the number of frames and shows the last one
    (the whole run), drawing once.
    """

    def __init__(self, show, interval_ms: int = 120):
        interval_ms = _checks.integer("interval_ms", interval_ms, low=1)
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=interval_ms, description="Play")
        self.frame = widgets.IntSlider(value=0, min=0, max=1, description="step", style=WIDE,
                                       layout=control_layout())
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
    """Base of the explorers: rows ``above`` the controls, the controls, Play, rows ``below``, the views, a status.

    Every control ``name`` becomes the attribute ``self.<name>`` with the CSS class
    ``cl-<name>`` (underscores become dashes). ``self.charts`` lists the views on show (tests
    read their marks; :meth:`show_charts` swaps them). With ``frames`` (a :class:`Frames`), Play
    and the step slider get a row of their own and the attributes ``play`` and ``frame``. A
    subclass implements :meth:`update` and names the controls that re-run it in :meth:`watch`.
    """

    def __init__(self, css_class: str, title: str, controls: dict, charts: list, frames: Frames | None = None, *,
                 above=(), below=()):
        grid = widgets.Layout(grid_template_columns="repeat(auto-fill, 440px)", grid_gap="2px 12px", width="100%")
        rows = [*above, widgets.GridBox(list(controls.values()), layout=grid)]
        if frames is not None:
            controls = {**controls, "play": frames.play, "frame": frames.frame}
            rows.append(widgets.HBox([frames.play, frames.frame]))
        self.controls = controls
        for name, control in controls.items():
            css(control, f"cl-{name.replace('_', '-')}")
            setattr(self, name, control)
        self.frames = frames
        self.quiet = Quiet()  # raised while a callback sets several controls before its one update
        self._runs: dict = {}  # slot -> (arguments, Trajectory): the last run of each, see cached_run
        self.status = css(widgets.HTML(layout=widgets.Layout(min_height="2em")), "cl-status")
        self.views = widgets.Box(layout=widgets.Layout(flex_flow="row wrap"))
        self.show_charts(charts)
        super().__init__(css_class, title, [*rows, *below, self.views, self.status])

    def show_charts(self, charts: list):
        """Show these views (:class:`~course_lib.widgets.chart.Chart` objects) below the controls."""
        self.charts = list(charts)
        self.views.children = [c.figure for c in self.charts]

    def watch(self, *controls):
        """Recompute whenever one of ``controls`` changes (unless :attr:`quiet`), and compute once now.

        The first computation is not guarded: an argument it cannot use raises here, in the
        notebook's cell, before the widget is drawn (later errors are shown in the widget).
        """
        for control in controls:
            control.observe(self.guard(lambda _change: self.quiet or self.update()), names="value")
        self.update()

    def cached_run(self, slot, objective, optimizer, x0, steps: int, **options):
        """:func:`course_lib.descent.run` for one of the explorer's runs (``slot`` names it, e.g. an optimizer's
        name), or that slot's last run if it was made with the same arguments: a control that does not change a
        run does not re-run it (η of the plain methods leaves the adaptive methods' runs of a race as they were).
        Only the last run of each slot is kept."""
        key = (objective, optimizer, np.shape(x0), np.asarray(x0, dtype=float).tobytes(), steps,
               sorted(options.items()))
        last = self._runs.get(slot)
        if last is None or last[0] != key:
            last = self._runs[slot] = (key, run(objective, optimizer, x0, steps, **options))
        return last[1]

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

    font_size = _checks.integer("font_size", font_size, low=10, high=40)  # pixels
    small = round(font_size * 0.85)
    return HTML(
        "<style>"
        f".cl-widget {{ --jp-widgets-font-size: {font_size}px; --jp-widgets-inline-height: {2 * font_size}px;"
        f" font-size: {font_size}px; }}"
        f".cl-widget .widget-label, .cl-widget .widget-readout, .cl-widget .widget-html-content,"
        f" .cl-widget button, .cl-widget select {{ font-size: {font_size}px; }}"
        # room for a readout such as 0.000998, kept whole; a long description wraps instead of losing its end
        ".cl-widget .widget-readout { min-width: 5.2em; flex-shrink: 0; }"
        ".cl-widget .widget-slider .widget-label { white-space: normal; text-overflow: clip; overflow: visible;"
        " line-height: 1.15; height: auto; }"
        f".cl-plot .tick text, .cl-plot .legendtext {{ font-size: {small}px !important; }}"
        f".cl-plot .axislabel, .cl-plot .mainheading {{ font-size: {font_size}px !important; }}"
        ".jp-Notebook .jp-Cell, .jp-Notebook .jp-Cell-inputWrapper { max-width: none; }"
        "</style>"
    )
