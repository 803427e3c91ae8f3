"""How the course looks: every colour its figures and widgets use, and the one way it writes a number.

Static figures (:mod:`course_lib.plots`) and live views (:mod:`course_lib.widgets`) take their
colours and their numbers from here, so that both show the same thing: Adam in the same red,
a diverged run in the same red badge, and −2.031 written with a real minus sign (U+2212)::

    >>> from course_lib import style
    >>> from course_lib.optimizers import Adam
    >>> style.number(-2.0306), style.number(0.0004), style.point([1.0, -0.5])
    ('−2.031', '4e−4', '(1, −0.5)')
    >>> style.optimizer_color(Adam(lr=0.1)) == style.PALETTE[Adam.color]
    True

- :data:`PALETTE`: the named colours of runs. An optimizer class names its own
  (``Adam.color == "red"``); :func:`optimizer_color` turns that into a colour, and gives an
  optimizer that names none (or a run whose colour another run took) the next free one.
  Colour is never the only sign: the class names a line style and a marker too (``Adam.line_style``,
  ``Adam.marker``), and :func:`optimizer_look` gives a run all three (:class:`Look`).
- :data:`COLOR_SETS`: the colours shown together, each set told apart also by colour-blind readers.
- :data:`STATUS_COLORS`: a colour for every run status, built from
  :data:`course_lib.descent.STATUSES`, so that a new status gets a colour without a second list,
  and a marker (:data:`STATUS_MARKERS`).
- The colours of landscapes, paths, the fog, minima, basins and classes (the constants below).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from .descent import CONVERGED, DIVERGED, NOT_CONVERGING, NOT_STARTED, OSCILLATING, STATUSES, STILL_CONVERGING

__all__ = [
    "PALETTE",
    "optimizer_color",
    "optimizer_colors",
    "Look",
    "optimizer_look",
    "optimizer_looks",
    "LINE_STYLES",
    "MARKERS",
    "STATUS_MARKERS",
    "status_marker",
    "COLOR_SETS",
    "STATUS_COLORS",
    "status_color",
    "number",
    "point",
    "MINUS",
]

PALETTE = {
    "blue": "#0072b2",
    "orange": "#e69f00",
    "brown": "#8b2e00",
    "purple": "#cc79a7",
    "green": "#009e73",
    "red": "#d55e00",
    "sky": "#56b4e9",
    "plum": "#5d465d",
    "navy": "#00468b",
    "sage": "#a2b974",
    "ultramarine": "#0000ff",
    "lavender": "#8b74ff",
    "moss": "#566550",
    "mauve": "#90617d",
    "crimson": "#bf023d",
    "fern": "#6f9445",
}
"""The colours of runs, by name (an optimizer class's ``color`` is one of these names).

Okabe and Ito's colours without black and yellow, and nine more: any two of the sixteen stay at least
10 apart (CAM02-UCS ΔE) for normal vision and under simulated deuteranomaly, protanomaly and tritanomaly
at full severity (``tests/test_style.py`` measures it). A figure with more runs than that reuses
colours; line styles and markers (:data:`LINE_STYLES`, :data:`MARKERS`) and labels still tell them apart.
"""

SPARE = ("navy", "ultramarine", "mauve", "fern")
"""The colours no course optimizer names: first in line for runs that need a colour of their own."""

LINE_STYLES = {"solid": "-", "dashed": "--", "dotted": ":", "dash_dotted": "-."}
"""The line styles of runs, by name (an optimizer class's ``line_style``): bqplot's name, matplotlib's code."""

MARKERS = {"circle": "o", "square": "s", "triangle-up": "^", "triangle-down": "v", "diamond": "D", "cross": "P"}
"""The markers of runs and statuses, by name (an optimizer class's ``marker``): bqplot's name, matplotlib's code."""

LOOK_HELP = ("Each optimizer has its own colour, line style and marker: where two lines share a colour "
             "(more runs than colours), the dashes and the markers tell them apart.")
"""What a legend says when more runs are shown than :data:`PALETTE` has colours."""

_STATUS_HUES = {
    CONVERGED: "#236641",  # green
    STILL_CONVERGING: "#1168c8",  # blue
    OSCILLATING: "#bb5412",  # orange
    NOT_CONVERGING: "#681794",  # purple
    DIVERGED: "#a6000e",  # red
    NOT_STARTED: "#717171",  # grey
}
_SPARE_STATUS_HUES = iter(("#00838f", "#9e9d24", "#4e342e"))  # for statuses without a hue above

STATUS_COLORS = {status: _STATUS_HUES.get(status) or next(_SPARE_STATUS_HUES) for status in STATUSES}
"""A colour per run status, for every entry of :data:`course_lib.descent.STATUSES` (a new status gets a spare
colour until it is given one above). Dark enough for white text (contrast ≥ 4.5:1, the badges), and at least
10 apart (CAM02-UCS ΔE) under simulated colour blindness."""

_STATUS_SHAPES = {CONVERGED: "circle", STILL_CONVERGING: "triangle-down", OSCILLATING: "diamond",
                  NOT_CONVERGING: "square", DIVERGED: "cross", NOT_STARTED: "triangle-up"}
STATUS_MARKERS = {status: _STATUS_SHAPES.get(status, "circle") for status in STATUSES}
"""A marker (a name from :data:`MARKERS`) per run status: a status is told by its shape as well as its colour."""

NEUTRAL = "#555555"
"""The badge of a state that is no run status (the fog explorer's "not started")."""

CURVE = "#424242"
"""A 1-D objective's curve."""
INK = "var(--jp-content-font-color1, #212121)"
"""The page's own text colour, for the live views' texts, curves and arrows: a CSS variable of JupyterLab's (and
Voilà's) theme, dark on a light page and light on a dark one (the static figures, on white, use :data:`CURVE`)."""
PATH = "#e65100"
"""A single run's path (and the hiker of the foggy valley)."""
VALLEY = "#757575"
"""The whole valley once the fog lifts (dashed)."""
FOG = "#cfd8dc"
FOOTPRINTS = "#b0855a"
GLOBAL_MINIMUM = "gold"
LOCAL_MINIMUM = "#9e9e9e"
CONTOUR_MAP = "viridis"
"""The matplotlib colour map of contour lines."""

BASIN_COLORS = ("#4e79a7", "#f08000", "#60af68", "#bb89a8", "#4cc6dd", "#edc948", "#956f59")
"""Basins of attraction, one per minimum in the order of ``objective.minima``."""
NOT_SETTLED = "#bdbdbd"
"""A start that diverged or reached no minimum."""

CLASS_COLORS = ("#1565c0", "#c62828")
"""The points of class 0 and class 1 of a two-class data set."""
PROBABILITY_MAP = "RdBu_r"
"""The matplotlib colour map of P(class 1), blue (0) to red (1)."""
PROBABILITY_COLORS = ("#6fa8dc", "#f7f7f7", "#ea9999")
"""The same map for the live views: P(class 1) = 0, ½ and 1."""
RATE_COLORS = ("#3b0f70", "#8c2981", "#de4968", "#fe9f6d", "#fcfdbf")
"""The momentum rate map's colours: fast rates dark, rates of 1 and above (no convergence) the palest."""

ERROR = "var(--jp-error-color1, #b71c1c)"
"""Text that says something went wrong (HTML only): the theme's error red, readable on a light and on a dark page."""
QUIET_TEXT = "var(--jp-ui-font-color2, #616161)"
"""Secondary text in a widget (a hint; HTML only): the theme's own, readable on a light and on a dark page."""

COLOR_SETS = {
    "runs": tuple(PALETTE.values()),
    "statuses": tuple(STATUS_COLORS.values()),
    "basins": (*BASIN_COLORS, NOT_SETTLED),
    "landscape": (CURVE, PATH, VALLEY, FOG, FOOTPRINTS, GLOBAL_MINIMUM, LOCAL_MINIMUM),
    "starts by status": (*STATUS_COLORS.values(), CURVE, GLOBAL_MINIMUM, LOCAL_MINIMUM),
    "classes": CLASS_COLORS,
    "rates": RATE_COLORS,
}
"""The colours that are shown together, by what they show: each set stays at least 10 apart (CAM02-UCS ΔE),
also under simulated colour blindness (``tests/test_style.py``)."""

MINUS = "\u2212"
"""The minus sign of every number shown (a hyphen, "-", is not one)."""


def optimizer_color(optimizer, used: set | None = None) -> str:
    """The colour of an optimizer (an instance or a class): the :data:`PALETTE` colour its class names.

    An optimizer whose class names no colour of the palette (``None`` included, for a run of no
    optimizer), or whose colour is in ``used``, gets the first colour not in ``used``: the
    :data:`SPARE` ones first. The colour returned is added to ``used``, so that each run of a
    figure gets its own.
    """
    cls = optimizer if isinstance(optimizer, type) or optimizer is None else type(optimizer)
    if used is not None and not isinstance(used, set):
        raise TypeError(f"used must be a set of colours (or None), got {used!r}")
    used = set() if used is None else used
    color = PALETTE.get(getattr(cls, "color", None))
    if color is None or color in used:
        order = [PALETTE[name] for name in (*SPARE, *PALETTE)]
        color = next((c for c in order if c not in used), order[len(used) % len(order)])
    used.add(color)
    return color


def optimizer_colors(classes) -> dict[str, str]:
    """``{name: colour}`` for a mapping ``name -> optimizer class``, each its own (see :func:`optimizer_color`)."""
    return {name: look.color for name, look in optimizer_looks(classes).items()}


class Look(NamedTuple):
    """How a run is drawn: a colour (hex), a line style (a :data:`LINE_STYLES` name) and a marker
    (a :data:`MARKERS` name)."""

    color: str
    line_style: str
    marker: str

    @property
    def matplotlib(self) -> dict:
        """The keyword arguments of matplotlib's ``plot`` that draw this look."""
        return {"color": self.color, "linestyle": LINE_STYLES[self.line_style], "marker": MARKERS[self.marker]}


_LOOK_ORDER = [(line, marker) for marker in MARKERS for line in LINE_STYLES]


def optimizer_look(optimizer, used: set | None = None) -> Look:
    """The :class:`Look` of an optimizer (an instance, a class, or None for a run of no optimizer).

    Its colour is :func:`optimizer_color`'s (a colour no look in ``used`` has, where there is one); its line
    style and marker are those its class names (``line_style``, ``marker``), unless a look in ``used`` has
    both already or the class names none: then the first pair that no look in ``used`` has. The look
    returned is added to ``used``, so that every run of a figure is drawn its own way.
    """
    cls = optimizer if isinstance(optimizer, type) or optimizer is None else type(optimizer)
    if used is not None and not (isinstance(used, set) and all(isinstance(look, Look) for look in used)):
        raise TypeError(f"used must be a set of Looks (or None), got {used!r}")
    used = set() if used is None else used
    color = optimizer_color(cls, {look.color for look in used})
    taken = {(look.line_style, look.marker) for look in used}
    pair = (getattr(cls, "line_style", None), getattr(cls, "marker", None))
    if pair[0] not in LINE_STYLES or pair[1] not in MARKERS or pair in taken:
        pair = next((p for p in _LOOK_ORDER if p not in taken), _LOOK_ORDER[len(used) % len(_LOOK_ORDER)])
    look = Look(color, *pair)
    used.add(look)
    return look


def optimizer_looks(classes) -> dict[str, Look]:
    """``{name: Look}`` for a mapping ``name -> optimizer class``, each its own (see :func:`optimizer_look`)."""
    if not isinstance(classes, Mapping):
        raise TypeError(f"classes must be a mapping name -> optimizer class, got {classes!r}")
    used: set = set()
    return {name: optimizer_look(cls, used) for name, cls in classes.items()}


def status_color(status: str) -> str:
    """The colour of a run status (:data:`NEUTRAL` for anything that is not one)."""
    return STATUS_COLORS.get(status, NEUTRAL) if isinstance(status, str) else NEUTRAL


def status_marker(status: str) -> str:
    """The marker of a run status (a :data:`MARKERS` name; a circle for anything that is not one)."""
    return STATUS_MARKERS.get(status, "circle") if isinstance(status, str) else "circle"


def number(x) -> str:
    """A number for a label, a tick or a status line: 4 significant digits and a real minus sign.

    From 0.001 to 100,000 it is written out (0.1153, 12000, −2.031); outside that range with a
    power of ten (5e−4, 1.5e−7, 2e29).
    """
    if isinstance(x, (str, bytes)) or np.ndim(x) != 0:
        raise TypeError(f"x must be one number, got {x!r}")
    try:
        value = float(x)
    except (TypeError, ValueError):
        raise TypeError(f"x must be one number, got {x!r}") from None
    if not math.isfinite(value):
        text = str(value)
    elif 1e-3 <= abs(value) < 1e5 or value == 0:
        text = np.format_float_positional(float(f"{value:.4g}"), trim="-")
    else:
        mantissa, exponent = f"{value:.3e}".split("e")
        text = f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    return text.replace("-", MINUS)


def point(p) -> str:
    """A point for a label: :func:`number` for one coordinate, ``(x, y)`` for more."""
    try:
        p = np.atleast_1d(np.asarray(p, dtype=float))
    except (TypeError, ValueError):
        raise TypeError(f"p must be a number or a point (a 1-D array of numbers), got {p!r}") from None
    if p.ndim != 1 or p.size == 0:
        raise TypeError(f"p must be a number or a point (a 1-D array of numbers), got {p!r}")
    return number(p[0]) if p.size == 1 else "(" + ", ".join(number(c) for c in p) + ")"
