"""plots.compact_png / plots.show: compact palette PNGs of figures, displayed and closed."""

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from course_lib import objectives, plots, run
from course_lib.optimizers import GradientDescent

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def contour_figure():
    t = run(objectives.rosenbrock, GradientDescent(lr=0.001), (-1.5, 2.0), 200)
    drawn = plots.contour_with_paths(t)
    yield drawn.ax.figure
    plt.close("all")


def test_compact_png_is_a_palette_image_of_the_same_size_and_much_smaller(contour_figure):
    full = io.BytesIO()
    contour_figure.savefig(full, format="png", bbox_inches="tight")
    compact = plots.compact_png(contour_figure)
    small, big = Image.open(io.BytesIO(compact)), Image.open(full)
    assert small.mode == "P" and small.size == big.size
    assert len(compact) < 0.6 * len(full.getvalue())
    # the picture survives: every pixel within a few levels of the original on average
    diff = np.abs(np.asarray(small.convert("RGB"), dtype=float) - np.asarray(big.convert("RGB"), dtype=float))
    assert diff.mean() < 3


def test_fewer_colors_and_lower_dpi_give_fewer_bytes(contour_figure):
    assert len(plots.compact_png(contour_figure, colors=16)) < len(plots.compact_png(contour_figure))
    assert Image.open(io.BytesIO(plots.compact_png(contour_figure, dpi=50))).size[0] < \
        Image.open(io.BytesIO(plots.compact_png(contour_figure, dpi=100))).size[0]


def test_show_displays_one_png_and_closes_the_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    fig, ax = plt.subplots()  # drawn by hand: no text alternative, so a bare PNG (a course figure's: test_alt_text)
    ax.plot([0, 1], [1, 0])
    plots.show(fig)
    assert len(shown) == 1 and shown[0].format == "png" and shown[0].data[:8] == b"\x89PNG\r\n\x1a\n"
    assert not plt.fignum_exists(fig.number)


def test_show_defaults_to_the_current_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    plots.show()
    assert len(shown) == 1 and not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("bad", [0, 1, 257, 2.5, True])
def test_bad_arguments_are_named(contour_figure, bad):
    with pytest.raises(ValueError, match="colors"):
        plots.compact_png(contour_figure, colors=bad)
    with pytest.raises(ValueError, match="fig must be"):
        plots.compact_png("not a figure")
