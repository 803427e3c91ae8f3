"""Short text alternatives of the figures, for screen readers, and how Jupyter shows them.

Every function of :mod:`course_lib.plots` says in a sentence what it drew, in the course's words, and
:func:`describe` keeps that sentence on the Axes; :func:`alt_text` reads a figure's (or an Axes')
alternative back. A figure a notebook drew by hand says its title, its axes' labels and its legend, and
:func:`describe` can say more.

JupyterLab, Voilà and nbviewer show a figure's ``image/png`` output as an ``<img>`` without ``alt``. So,
inside IPython, a figure with an alternative is shown as ``text/html`` instead: the same PNG (the inline
backend's, at its size and resolution, retina included) in ``<img src="data:image/png;base64,…" alt="…">``,
and no ``image/png`` beside it (one copy of the picture in the notebook). A figure with nothing to say (no
sentence, no title, label or legend) is shown as IPython always shows it. :func:`install` does it
(``course_lib.plots`` calls it on import; outside IPython it does nothing).

How: IPython's formatter of ``image/png`` holds the inline backend's printer of figures, and the backend
replaces it (and drops every other figure printer) whenever it is configured, at the first figure or on
``%matplotlib inline`` and ``%config InlineBackend``. The course's HTML printer and its wrapper of the PNG
printer are put back, if dropped, by a printer of the mime-bundle formatter, which the backend leaves alone
and which IPython calls before the others every time it shows a figure.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import _checks
from ..descent import STATUSES
from .base import DIRECT_LABELS

__all__ = ["describe", "alt_text", "runs_phrase", "image_html", "install"]

_KEY = "_course_alt"  # the Axes attribute that holds its sentences


def describe(ax: Axes, text: str) -> str:
    """Add the sentence ``text`` to the text alternative of the figure of ``ax`` (what ``ax`` shows); returns it.

    The plots functions call it with what they drew; call it for a figure drawn by hand, which otherwise says only
    its title, its axes' labels and its legend (see :func:`alt_text`).
    """
    _checks.instance("ax", ax, Axes, "matplotlib Axes")
    text = _checks.text("text", text).strip()
    if not text:
        raise ValueError("text must say what the Axes shows, got an empty text")
    vars(ax).setdefault(_KEY, []).append(text)
    return text


def alt_text(figure) -> str | None:
    """The text alternative of a figure (or of one Axes), or None when it has nothing to say.

    An Axes says the sentences its plots functions said (:func:`describe`); one drawn by hand says what it
    shows of itself: its title, what it plots against what, and its legend. A figure says what each of its Axes
    says; when there are several, each part begins with that Axes' title.
    """
    if isinstance(figure, Axes):
        return " ".join(vars(figure).get(_KEY, [])) or _by_hand(figure)
    _checks.instance("figure", figure, Figure, "matplotlib Figure or Axes")
    parts = [(_title(ax), alt_text(ax)) for ax in figure.axes]
    parts = [(title, said) for title, said in parts if said]
    if len(parts) == 1:
        return parts[0][1]
    return " ".join(f"{title}: {said}" if title and not said.startswith(title) else said
                    for title, said in parts) or None


def _title(ax: Axes) -> str:
    return " ".join(ax.get_title().split())  # a title of two lines, read as one


def _by_hand(ax: Axes) -> str | None:
    """What an Axes that no plots function described shows, from its own words (None if it has none)."""
    x, y = ax.get_xlabel(), ax.get_ylabel()
    plotted = f"{y} against {x}" if x and y else x or y
    legend = ax.get_legend()
    shown = ", ".join(t.get_text() for t in legend.get_texts()) if legend is not None else ""
    said = "; ".join(part for part in (plotted, shown) if part)
    title = _title(ax)
    if not (title or said):
        return None
    return f"{title}: {said}." if title and said else f"{title or said}."


def runs_phrase(runs: Sequence[tuple[str, str]]) -> str:
    """``"A (converged, f = 0.1) and B (diverged)"`` from ``(name, how it ended)`` pairs; with more than
    :data:`~course_lib.plots.base.DIRECT_LABELS` runs (as many as a figure labels directly), how many there are,
    by status (``"12 runs: 10 converged, 2 diverged"``)."""
    if len(runs) > DIRECT_LABELS:
        ends = [how.split(", ")[0] for _, how in runs]
        counts = ", ".join(f"{ends.count(s)} {s}" for s in STATUSES if s in ends)
        return f"{len(runs)} runs" + (f": {counts}" if counts else "")
    named = [f"{name} ({how})" for name, how in runs]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def image_html(png_base64: str, alt: str, width=None, height=None, style: str | None = None) -> str:
    """An ``<img>`` of a PNG (base64) with its ``alt`` text, its display size in pixels and a ``style`` when given."""
    extra = "".join(f' {name}="{int(value)}"' for name, value in (("width", width), ("height", height))
                    if value is not None) + (f' style="{style}"' if style else "")
    return f'<img src="data:image/png;base64,{png_base64}" alt="{html.escape(alt)}"{extra}>'


class _UnlessDescribed:
    """The PNG printer of figures, except for a figure with a text alternative: that one is shown as HTML."""

    def __init__(self, png):
        self.png = png

    def __call__(self, figure):
        return None if alt_text(figure) else self.png(figure)

    def html(self, figure):
        alt = alt_text(figure)
        if not alt:
            return None
        data = self.png(figure)  # base64 text; with retina, (text, {"width": …, "height": …})
        data, size = data if isinstance(data, tuple) else (data, {})
        return image_html(data, alt, size.get("width"), size.get("height"))


def _restore(shell):
    """The mime-bundle printer of figures: puts the HTML printer and the PNG wrapper back if they were dropped."""

    def printer(figure):
        formatters = shell.display_formatter.formatters
        png = formatters["image/png"]
        try:
            current = png.lookup_by_type(Figure)
        except KeyError:  # figures are not shown as PNG here (SVG, or not at all): nothing to replace
            return None
        if not isinstance(current, _UnlessDescribed):
            current = _UnlessDescribed(current)
            png.for_type(Figure, current)
            formatters["text/html"].for_type(Figure, current.html)
        return None  # no bundle of its own: the formatters of each type do the rest

    return printer


def install(shell=None) -> bool:
    """Show figures with a text alternative as ``<img alt>`` in ``shell`` (default: the running IPython).

    Returns whether there was a shell to do it in: outside IPython (plain Python) nothing changes.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")  # never imported here: a running IPython has imported it
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    shell.display_formatter.mimebundle_formatter.for_type(Figure, _restore(shell))
    return True
