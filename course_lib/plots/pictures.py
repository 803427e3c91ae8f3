"""Figures as small pictures: :func:`compact_png` (a palette PNG, a third of the bytes) and :func:`show`."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from PIL import Image

from .. import _checks
from .alt import alt_text, image_html

__all__ = ["compact_png", "show"]


def compact_png(fig: Figure, *, colors: int = 256, dpi: float | None = None, tight: bool = True) -> bytes:
    """The figure as PNG bytes with a palette of at most ``colors`` colours.

    Contour plots are expensive to store: their anti-aliased lines in many colours defeat PNG
    compression, and a notebook keeps every figure in its file. A 256-colour palette looks the
    same and takes about a third of the bytes. ``tight`` trims the white border (as
    ``bbox_inches="tight"``).
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure, got {fig!r}")
    colors = _checks.integer("colors", colors, low=2, high=256)
    tight = _checks.flag("tight", tight)
    if dpi is not None:
        dpi = _checks.number("dpi", dpi, low=20, high=1000)
    rendered = io.BytesIO()
    fig.savefig(rendered, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
    png = io.BytesIO()
    Image.open(rendered).convert("RGB").quantize(colors).save(png, format="png", optimize=True)
    return png.getvalue()


def show(fig: Figure | None = None, *, colors: int = 256, dpi: float | None = None) -> None:
    """Display ``fig`` (default: the current figure) as a :func:`compact_png`, then close it.

    Use it instead of ``plt.show()`` for contour-heavy figures, to keep notebooks small. A figure with a text
    alternative (:func:`~course_lib.plots.alt.alt_text`) is shown as ``<img alt="…">`` (``text/html``, with the
    alternative as its ``text/plain``), like the figures ``plt.show()`` shows (see :mod:`.alt`).
    """
    from IPython.display import Image as IPythonImage
    from IPython.display import display

    fig = plt.gcf() if fig is None else _checks.instance("fig", fig, Figure, "matplotlib Figure (or None)")
    try:
        png, alt = compact_png(fig, colors=colors, dpi=dpi), alt_text(fig)
        if alt:
            display({"text/html": image_html(base64.b64encode(png).decode("ascii"), alt), "text/plain": alt},
                    raw=True)
        else:
            display(IPythonImage(data=png, format="png"))
    finally:
        plt.close(fig)
