"""Show Matplotlib figures in a notebook as compact 256-colour PNGs.

Contour plots are expensive to store: their anti-aliased lines in many colours defeat PNG
compression, and a notebook keeps every figure, base64-encoded, in its file. :func:`show`
replaces ``plt.show()`` for such figures: it draws the figure once, reduces it to a 256-colour
palette (as :func:`course_lib.plots.animation_html` does for its background), displays that
PNG, and closes the figure. The picture looks the same and takes about a third of the bytes::

    fig, ax = plt.subplots()
    plots.contour_with_paths(runs, ax=ax)
    pictures.show(fig)
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
from IPython.display import Image as _IPythonImage
from IPython.display import display
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["compact_png", "show"]


def compact_png(fig: Figure, *, colors: int = 256, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes with a palette of at most ``colors`` colours (tight bounding box)."""
    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure, got {fig!r}")
    if isinstance(colors, bool) or not isinstance(colors, int) or not 2 <= colors <= 256:
        raise ValueError(f"colors must be a whole number in [2, 256], got {colors!r}")
    rendered = io.BytesIO()
    fig.savefig(rendered, format="png", dpi=dpi, bbox_inches="tight")
    png = io.BytesIO()
    Image.open(rendered).convert("RGB").quantize(colors).save(png, format="png", optimize=True)
    return png.getvalue()


def show(fig: Figure | None = None, *, colors: int = 256, dpi: float | None = None) -> None:
    """Display ``fig`` (default: the current figure) as a compact PNG, then close it.

    Args:
        fig: the figure to show.
        colors: palette size (2–256).
        dpi: resolution; the figure's own by default.
    """
    fig = plt.gcf() if fig is None else fig
    try:
        display(_IPythonImage(data=compact_png(fig, colors=colors, dpi=dpi), format="png"))
    finally:
        plt.close(fig)
