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
- :data:`STATUS_COLORS`: a colour for every run status, built from
  :data:`course_lib.descent.STATUSES`, so that a new status gets a colour without a second list.
- The colours of landscapes, paths, the fog, minima, basins and classes (the constants below).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .descent import CONVERGED, DIVERGED, NOT_CONVERGING, NOT_STARTED, OSCILLATING, STATUSES, STILL_CONVERGING

__all__ = [
    "PALETTE",
    "optimizer_color",
    "optimizer_colors",
    "STATUS_COLORS",
    "status_color",
    "number",
    "point",
    "MINUS",
]

PALETTE = {
    "blue": "#1f77b4",
    "orange": "#ff7f0e",
    "brown": "#8c564b",
    "purple": "#9467bd",
    "green": "#2ca02c",
    "red": "#d62728",
    "pink": "#e377c2",
    "cyan": "#17becf",
    "olive": "#bcbd22",
    "grey": "#7f7f7f",
    "indigo": "#393b79",
    "moss": "#637939",
    "ochre": "#8c6d31",
    "teal": "#0e7c7b",
    "plum": "#7b4173",
    "maroon": "#843c39",
    "slate": "#5f7391",
}
"""The colours of runs, by name (an optimizer class's ``color`` is one of these names)."""

SPARE = ("cyan", "olive", "grey", "indigo", "moss", "ochre")
"""The colours no course optimizer names: first in line for runs that need a colour of their own."""

_STATUS_HUES = {
    CONVERGED: "#2e7d32",  # green
    STILL_CONVERGING: "#1565c0",  # blue
    OSCILLATING: "#ef6c00",  # orange
    NOT_CONVERGING: "#6a1b9a",  # purple
    DIVERGED: "#c62828",  # red
    NOT_STARTED: "#757575",  # grey
}
_SPARE_STATUS_HUES = iter(("#00838f", "#9e9d24", "#4e342e"))  # for statuses without a hue above

STATUS_COLORS = {status: _STATUS_HUES.get(status) or next(_SPARE_STATUS_HUES) for status in STATUSES}
"""A colour per run status, for every entry of :data:`course_lib.descent.STATUSES` (a new status gets a spare
colour until it is given one above)."""

NEUTRAL = "#555555"
"""The badge of a state that is no run status (the fog explorer's "not started")."""

CURVE = "#424242"
"""A 1-D objective's curve."""
PATH = "#e65100"
"""A single run's path (and the hiker of the foggy valley)."""
VALLEY = "#757575"
"""The whole valley once the fog lifts (dashed)."""
FOG = "#cfd8dc"
FOOTPRINTS = "#8d6e63"
GLOBAL_MINIMUM = "gold"
LOCAL_MINIMUM = "#9e9e9e"
CONTOUR_MAP = "viridis"
"""The matplotlib colour map of contour lines."""

BASIN_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f")
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

ERROR = "#b71c1c"
"""Text that says something went wrong."""

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
    if not isinstance(classes, Mapping):
        raise TypeError(f"classes must be a mapping name -> optimizer class, got {classes!r}")
    used: set = set()
    return {name: optimizer_color(cls, used) for name, cls in classes.items()}


def status_color(status: str) -> str:
    """The colour of a run status (:data:`NEUTRAL` for anything that is not one)."""
    return STATUS_COLORS.get(status, NEUTRAL) if isinstance(status, str) else NEUTRAL


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
