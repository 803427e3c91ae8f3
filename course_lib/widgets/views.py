"""The views the explorers compose from :class:`~course_lib.widgets.chart.Chart`: a 1-D landscape with a path
(:class:`Landscape1D`), a 2-D objective's contours with paths (:class:`Contours2D`), and the HTML of a
legend beside the plots, a table of runs and a status badge. No explorer writes drawing code of its own.

Matplotlib is used once per landscape, to paint a 2-D objective's contours into a PNG that sits
behind the marks.
"""

from __future__ import annotations

import contextlib
import html
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import _checks
from ..analysis import contour_levels, landscape_grid
from ..objectives import Objective
from ..style import CONTOUR_MAP, GLOBAL_MINIMUM, INK, LOOK_HELP, PATH, Look, number, status_color
from ..windows import padded_range
from .chart import MARKED_POINTS, Chart, finite_pieces, thin

__all__ = ["Landscape1D", "Contours2D"]


def _check_view_of(objective, dim: int):
    """TypeError unless ``objective`` is an Objective, ValueError unless of dimension ``dim``."""
    _checks.instance("objective", objective, Objective)
    if objective.dim != dim:
        raise ValueError(f"objective must be {dim}-D for this view, got {objective.name} (dim {objective.dim})")


def contour_png(objective, width: int, height: int) -> bytes:
    """The contour lines of a 2-D objective over exactly its window, as a PNG without axes."""
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    X, Y, F = landscape_grid(objective, 120)
    ax.contour(X, Y, F, levels=contour_levels(objective, F), cmap=CONTOUR_MAP, linewidths=0.9, alpha=0.8)
    ax.set_axis_off()
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=100, transparent=True)
    return png.getvalue()


class Landscape1D:
    """A 1-D objective's curve with one path on it, a start and an end, and its minima marked.

    ``chart.marks``: ``curve``, ``path`` (line with dots), ``ends`` (the start in white, then the
    ball at the last step shown), ``minima``. A new path costs two messages to the browser.
    """

    def __init__(self, objective, *, title: str = "", width: int = 460, height: int = 320, minima: bool = True):
        self.title = _checks.text("title", title)
        self.chart = Chart("", "x", "f(x)", width=width, height=height, css_class="cl-landscape")
        self.chart.lines("curve", INK, width=2.5)
        self.chart.points("minima", GLOBAL_MINIMUM, size=110, marker="diamond")
        self.chart.lines("path", PATH, width=1.5, marker="circle", opacity=0.9)
        self.chart.points("ends", ["white", PATH], size=110)
        self.show_objective(objective, minima=minima)

    def show_objective(self, objective, *, minima: bool = True):
        """Draw ``objective`` over its window and fix the axes there (paths that leave are clipped).

        The curve has gaps where f has no finite value (outside its domain). The title follows the
        objective's formula, unless a ``title`` was given; ``minima=False`` marks no minima (finding
        them costs a search).
        """
        _check_view_of(objective, 1)
        minima = _checks.flag("minima", minima)
        self.chart.figure.title = self.title or f"f(x) = {objective.formula}"
        lo, hi = objective.window
        xs = np.linspace(lo, hi, 300)
        fx = objective.f(xs)
        finite = fx[np.isfinite(fx)]
        if finite.size == 0:
            raise ValueError(f"f has no finite value for x in [{number(lo)}, {number(hi)}]")
        self.chart.set_range((lo, hi), padded_range(finite))
        self.chart.set("curve", *finite_pieces(xs, fx))
        minima = [p for p in objective.minima if lo <= p.position <= hi] if minima else []
        self.chart.set("minima", [p.position for p in minima], [p.value for p in minima])

    def show_path(self, positions, values, upto: int | None = None):
        """The path up to step ``upto`` (all of it by default, and at most), the start, and the ball at the last
        shown step."""
        k = len(positions) if upto is None else min(upto + 1, len(positions))
        self.chart.set("path", positions[:k], values[:k])
        self.chart.set("ends", [positions[0], positions[k - 1]], [values[0], values[k - 1]])


class Contours2D:
    """A 2-D objective's contours (a picture) with paths, one per run, and their ends.

    The runs share their marks, so that a change sends a few messages, not three per run (each message costs the
    page a redraw of its own: with eleven runs, most of a frame): ``chart.marks`` holds ``contours`` (the
    picture), ``minima``, ``start`` and ``arrows`` (segments, for optimizer state), one multi-line mark
    ``paths:<line style>`` per line style, one scatter ``markers:<marker>`` per marker (each path's marker on
    at most :data:`~course_lib.widgets.chart.MARKED_POINTS` of its points) and ``ends``, every run's last point.
    :meth:`drawn` reads one run's share of them back; :meth:`batch` sends them once for several runs.
    """

    def __init__(self, objective, *, title: str = "", width: int = 460, height: int = 380,
                 xlabel: str = "x₁", ylabel: str = "x₂", minima: bool = True):
        self.title = _checks.text("title", title)
        self.chart = Chart("", xlabel, ylabel, width=width, height=height, css_class="cl-contours")
        self.objective = None
        self.looks: dict[str, Look] = {}  # per run name, in the order of add_run
        self._shown: dict[str, np.ndarray] = {}  # per run shown, the points of its path drawn (thinned)
        self._ends: dict[str, np.ndarray] = {}
        self._where: dict[str, dict] = {}  # per run shown, its row of its paths mark, its markers, its end
        self._batched = False
        self.show_objective(objective, minima=minima)

    def show_objective(self, objective, *, minima: bool = True):
        """Paint the contours of ``objective`` (only when it changed) and fix the axes to its window.

        The title follows the objective's formula, unless a ``title`` was given; ``minima=False``
        marks no minima (finding them costs a search).
        """
        _check_view_of(objective, 2)
        minima = _checks.flag("minima", minima)
        if objective is self.objective:
            return
        self.objective = objective
        self.chart.figure.title = self.title or f"f = {objective.formula}"
        (x_lo, x_hi), (y_lo, y_hi) = objective.window
        self.chart.set_range((x_lo, x_hi), (y_lo, y_hi))
        png = contour_png(objective, *self.chart.plot_size)
        if "contours" in self.chart.marks:
            # A new Image widget, not new bytes in the old one: bqplot's Image mark redraws when its
            # ``image`` trait changes and never hears of a change inside the widget it holds.
            mark = self.chart.marks["contours"]
            old = mark.image
            with mark.hold_sync():
                mark.image = widgets.Image(value=png, format="png")
                mark.x, mark.y = [x_lo, x_hi], [y_lo, y_hi]
            old.close()
        else:
            self.chart.image("contours", png, (x_lo, x_hi), (y_lo, y_hi))
            self.chart.points("minima", GLOBAL_MINIMUM, size=140, marker="diamond")
            self.chart.lines("arrows", INK, width=1.5)
            self.chart.points("start", "white", size=80)
        minima = np.array([p.position for p in objective.minima] if minima else []).reshape(-1, 2)
        self.chart.set("minima", minima[:, 0], minima[:, 1])

    def add_run(self, name: str, color: str, *, line_style: str = "solid", marker: str = "circle"):
        """Make room for a run's path (call once per name), drawn in ``color``, ``line_style`` and ``marker``
        (names from :data:`course_lib.style.LINE_STYLES` and :data:`~course_lib.style.MARKERS`)."""
        if name in self.looks:
            raise ValueError(f"a run named {name!r} was added already")
        self.looks[name] = Look(color, line_style, marker)
        if f"paths:{line_style}" not in self.chart.marks:
            self.chart.lines(f"paths:{line_style}", color, width=2, style=line_style)
        if f"markers:{marker}" not in self.chart.marks:
            self.chart.points(f"markers:{marker}", color, size=25, marker=marker, stroke=None)
        if "ends" not in self.chart.marks:
            self.chart.points("ends", color, size=90, marker="cross")

    def show_run(self, name: str, path: np.ndarray | None, upto: int | None = None):
        """Draw a path (rows of points) up to step ``upto``, or hide it with None."""
        if name not in self.looks:
            raise ValueError(f"no run named {name!r}: add_run first")
        if path is None:
            self._shown.pop(name, None)
            self._ends.pop(name, None)
        else:
            k = len(path) if upto is None else min(upto + 1, len(path))
            self._shown[name], self._ends[name] = thin(path[:k]), path[k - 1]
            self.chart.set("start", path[:1, 0], path[:1, 1])
        if not self._batched:
            self._send()

    @contextlib.contextmanager
    def batch(self):
        """Show several runs (``show_run`` calls) and send their marks once, at the end."""
        self._batched = True
        try:
            yield self
        finally:
            self._batched = False
            self._send()

    def _send(self):
        """Every shared mark from the runs shown, in the order of add_run; where each run went, in ``_where``."""
        shown = [name for name in self.looks if name in self._shown]
        self._where = {name: {"end": i} for i, name in enumerate(shown)}
        for style in dict.fromkeys(look.line_style for look in self.looks.values()):
            names = [name for name in shown if self.looks[name].line_style == style]
            lines = [self.chart.visible(self._shown[n][:, 0], self._shown[n][:, 1]) for n in names]
            if len(lines) <= 1:  # one line (or none): 1-D arrays
                xy = lines[0] if lines else (np.zeros(0), np.zeros(0))
            else:  # equal rows for a multi-line mark: each padded with its own last point
                longest = max(len(x) for x, _ in lines)
                xy = [np.array([np.pad(line[i], (0, longest - len(line[i])), mode="edge") for line in lines])
                      for i in (0, 1)]
            self.chart.set(f"paths:{style}", *xy, colors=[self.looks[n].color for n in names] or [INK])
            for row, (name, line) in enumerate(zip(names, lines, strict=True)):
                self._where[name].update(row=row, length=len(line[0]))
        for marker in dict.fromkeys(look.marker for look in self.looks.values()):
            names = [name for name in shown if self.looks[name].marker == marker]
            points = [thin(self._shown[n], MARKED_POINTS) for n in names]
            first = np.cumsum([0] + [len(p) for p in points])
            for name, start, stop in zip(names, first[:-1], first[1:], strict=True):
                self._where[name].update(first=int(start), stop=int(stop))
            xy = np.concatenate(points) if points else np.zeros((0, 2))
            colors = [self.looks[n].color for n, p in zip(names, points, strict=True) for _ in p]
            self.chart.set(f"markers:{marker}", xy[:, 0], xy[:, 1], colors=colors or [INK])
        ends = np.array([self._ends[n] for n in shown]).reshape(-1, 2)
        self.chart.set("ends", ends[:, 0], ends[:, 1], colors=[self.looks[n].color for n in shown] or [INK])

    def drawn(self, name: str) -> dict | None:
        """What the chart draws of run ``name``, read back from the shared marks: ``path`` and ``markers``
        (rows of points), ``end`` (a point), the ``color`` of each of them, ``line_style`` and ``marker``;
        None when it is hidden."""
        if name not in self._shown:
            return None
        look, where = self.looks[name], self._where[name]
        paths, markers, ends = (self.chart.marks[key] for key in
                                (f"paths:{look.line_style}", f"markers:{look.marker}", "ends"))
        row, length, first, stop, end = (where[key] for key in ("row", "length", "first", "stop", "end"))
        x, y = np.atleast_2d(paths.x), np.atleast_2d(paths.y)
        return {"path": np.column_stack([x[row, :length], y[row, :length]]),
                "markers": np.column_stack([markers.x, markers.y])[first:stop],
                "end": np.array([ends.x[end], ends.y[end]]),
                "color": paths.colors[row], "marker_colors": list(markers.colors[first:stop]),
                "end_color": ends.colors[end], "line_style": paths.line_style, "marker": markers.marker}

    def show_segments(self, starts: np.ndarray, ends: np.ndarray):
        """Straight segments from each row of ``starts`` to the same row of ``ends`` (state arrows)."""
        if len(starts) == 0:
            self.chart.clear("arrows")
            return
        self.chart.set("arrows", np.stack([starts[:, 0], ends[:, 0]], axis=1),
                       np.stack([starts[:, 1], ends[:, 1]], axis=1))


def look_html(name: str, look: Look) -> str:
    """A run's sign in a legend or a table: a short line in its colour and dash with its marker on it, then
    ``name`` in the page's own text colour (a coloured name could not be read on both a light and a dark page)."""
    dash = "dotted" if look.line_style == "dotted" else "solid" if look.line_style == "solid" else "dashed"
    return (f'<span class="cl-look" style="white-space:nowrap"><span aria-hidden="true" style="display:inline-block;'
            f'width:2.2em;border-top:3px {dash} {look.color};vertical-align:middle;margin-right:0.4em;'
            f'text-align:center;line-height:0;font-size:0.8em;color:{look.color}">{_GLYPHS[look.marker]}</span>'
            f"{html.escape(name)}</span>")


_GLYPHS = {"circle": "●", "square": "■", "triangle-up": "▲", "triangle-down": "▼", "diamond": "◆", "cross": "✚"}


def key_html(entries) -> str:
    """A legend to show beside the plots instead of over them: each run's line, marker and name
    (:func:`look_html`), and :data:`course_lib.style.LOOK_HELP` when colours repeat.

    ``entries``: ``(name, look)`` pairs, a look a :class:`course_lib.style.Look`.
    """
    entries = list(entries)
    help_text = (f'<div class="cl-look-help" style="font-size:smaller">{LOOK_HELP}</div>'
                 if len({look.color for _, look in entries}) < len(entries) else "")
    return "".join(f'<span style="margin-right:1.4em">{look_html(name, look)}</span>'
                   for name, look in entries) + help_text


def runs_table(rows) -> str:
    """One row per run: its sign and name (:func:`look_html`), its status badge, then more cells (HTML).

    ``rows``: ``(name, look, status, cells)`` tuples.
    """
    return "<table style='border-spacing:8px 2px'>" + "".join(
        f"<tr><td style='font-weight:bold'>{look_html(name, look)}</td>"
        f"<td style='white-space:nowrap'>{status_html(status, '')}</td>"
        + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
        for name, look, status, cells in rows
    ) + "</table>"


def status_html(status: str, text: str) -> str:
    """A coloured badge: the status in the course's colour for it, then ``text``."""
    color = status_color(status)
    return (f'<span style="background:{color};color:white;border-radius:4px;padding:2px 8px;font-weight:bold">'
            f"{status}</span> {text}")
