"""Every figure has a short text alternative (issue 16): what each plots function drew, in a sentence, and in
Jupyter an ``<img alt="…">`` instead of a bare ``image/png``."""

import base64
import html
import io
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from PIL import Image

from course_lib import data, models, objectives, plots, run, style
from course_lib.optimizers import Adam, GradientDescent, Momentum

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _rosenbrock_race():
    start = (-1.5, 2.0)
    return {"GradientDescent": run(objectives.rosenbrock, GradientDescent(lr=0.001), start, 300, record_state=True),
            "Adam": run(objectives.rosenbrock, Adam(lr=0.05), start, 300, record_state=True)}


def _ended(t, i=None):
    """How the run ended, as the run says it (its status; a value unless it diverged)."""
    status = t.status_of(i)
    return status if status == "diverged" else f"{status}, f = {style.number(t.value_path(i)[-1])}"


# Each figure function of plots.__all__: how to draw one (returns the Axes), and what its alternative must say,
# read from what it was given.
def curve_one():
    t = run(objectives.square, GradientDescent(lr=0.1), x0=10.0, steps=20)
    ax = plots.curve_with_trajectory(t).ax
    return ax, [objectives.square.formula, "GradientDescent(lr=0.1)", f"{t.status} after 20 steps",
                f"x = {style.number(t.positions[-1])}"]


def foggy():
    t = run(objectives.square, GradientDescent(lr=0.1), x0=3.0, steps=3)
    ax = plots.foggy_curve(t, visibility=0.5).ax
    return ax, ["fog", "within 0.5", f"x = {style.number(t.positions[-1])}", "after 3 steps",
                f"f′(x) = {style.number(t.gradients[-1])}"]


def per_step():
    runs = {"slow": run(objectives.square, GradientDescent(lr=0.1), x0=10.0, steps=20),
            "wild": run(objectives.square, GradientDescent(lr=1.1), x0=10.0, steps=20)}
    ax = plots.value_per_step(runs, gap=True).ax
    return ax, ["f(x_k) − f*", "every step", f"slow ({_ended(runs['slow'])})", "wild (diverged)"]


def contours():
    race = _rosenbrock_race()
    ax = plots.contour_with_paths(race).ax
    return ax, ["Contours of f = " + objectives.rosenbrock.formula,
                *(f"{name} ({_ended(t)})" for name, t in race.items())]


def arrows():
    race = _rosenbrock_race()
    ax = plots.contour_with_paths(race).ax
    before = plots.alt_text(ax)
    plots.state_arrows(race["Adam"], ax, "step_size", every=20)
    plots.state_arrows(race["GradientDescent"], ax, "velocity", every=20)
    return ax, [before, "Crosses along the path of Adam: its step size per coordinate",
                "Arrows along the path of GradientDescent: its velocity"]


def eigen():
    race = _rosenbrock_race()
    ax = plots.contour_with_paths(race).ax
    plots.eigen_directions(ax, np.array([1.0, 1.0]), np.array([0.4, 1001.6]), np.eye(2), height=0.5)
    return ax, ["eigen-directions", "minimum (1, 1)", "λ = 0.4 and 1002"]


def losses():
    X, y = data.noisy_line(rng=0)
    objective = models.linear_regression_objective(X, y)
    fits = {"GradientDescent": run(objective, GradientDescent(lr=0.1), (0.0, 0.0), 30).values,
            "η = 1.5": run(objective, GradientDescent(lr=1.5), (0.0, 0.0), 30).values}
    ax = plots.loss_curves(fits, xlabel="epoch").ax
    return ax, ["Training loss (log scale) against epoch",
                *(f"{name} (ends at {style.number(v[-1])})" for name, v in fits.items())]


def basins():
    f = objectives.double_dip
    spread = np.linspace(*f.window, 101)
    t = run(f, GradientDescent(lr=0.01), spread, steps=200)
    ax = plots.basin_strip({"plain": t}).ax
    ends = plots.which_minimum(t)
    return ax, [f"from {style.number(spread[0])} to {style.number(spread[-1])}",
                *(f"{np.sum(ends == i)} into the {plots.regimes.minimum_label(f, i)}" for i in range(len(f.minima)))]


def regimes():
    rates = np.linspace(0.01, 1.6, 160)
    t = run(objectives.square, GradientDescent(lr=rates), x0=np.full(160, 10.0), steps=20)
    ax = plots.regime_map(t).ax
    first, last = t.status[0], t.status[-1]
    return ax, ["160 runs, one per learning rate", f"{first} from η = 0.01", f"{last} from η =", "to 1.6",
                "2/f″ (critical) = 1"]


def boundary():
    X, y = data.two_moons(rng=0)
    net = models.MLP([2, 4, 1])
    ax = plots.decision_boundary(net, net.init_params(0), X, y).ax
    return ax, ["probability of class 1", "P(class 1) = 0.5", f"{len(y)} data points",
                f"{np.sum(y == 0)} of class 0", f"{np.sum(y == 1)} of class 1"]


FIGURES = {
    "curve_with_trajectory": curve_one, "foggy_curve": foggy, "value_per_step": per_step,
    "contour_with_paths": contours, "state_arrows": arrows, "eigen_directions": eigen, "loss_curves": losses,
    "basin_strip": basins, "regime_map": regimes, "decision_boundary": boundary,
}
SHOWN = {"show", "animation_html"}
"""Functions that show a figure drawn by the others (tested below with the alternative they carry)."""
NOT_FIGURES = {"STATUS_COLORS", "OPTIMIZER_COLORS", "Drawn", "landscape_grid", "state_vectors", "step_size_crosses",
               "which_minimum", "compact_png", "HTMLAnimation", "alt_text", "describe"}


def test_every_public_name_of_plots_is_a_figure_tested_here_or_says_why_not():
    assert set(FIGURES) | SHOWN | NOT_FIGURES == set(plots.__all__)
    assert not (set(FIGURES) | SHOWN) & NOT_FIGURES


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_says_what_it_shows(name):
    ax, says = FIGURES[name]()
    alt = plots.alt_text(ax.figure)
    assert alt == plots.alt_text(ax) and alt.endswith(".")
    missing = [s for s in says if s not in alt]
    assert not missing, f"{name}: {alt!r} does not say {missing}"
    assert len(alt) < 600, f"{name}: not short: {alt!r}"
    assert "nan" not in alt.lower().split(), alt


def test_a_figure_of_several_panels_names_each_by_its_title():
    fig, axes = plt.subplots(1, 2)
    for ax, lr in zip(axes, (0.1, 0.9), strict=True):
        plots.curve_with_trajectory(run(objectives.square, GradientDescent(lr=lr), 3.0, steps=5), ax,
                                    title=f"η = {lr}")
    left, right = (plots.alt_text(ax) for ax in axes)
    assert plots.alt_text(fig) == f"η = 0.1: {left} η = 0.9: {right}"


def test_a_figure_drawn_by_hand_says_its_title_axes_and_legend_or_nothing():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    assert plots.alt_text(fig) is None  # nothing to say: shown as a bare PNG
    ax.plot([0, 1], [0, 1], label="rising")
    ax.plot([0, 1], [1, 1], label="flat")
    ax.set(xlabel="time t", ylabel="height h")
    ax.legend()
    assert plots.alt_text(fig) == "height h against time t; rising, flat."
    ax.set_title("Two lines")
    assert plots.alt_text(fig) == "Two lines: height h against time t; rising, flat."
    plots.describe(ax, "One rises from 0 to 1, one stays at 1.")
    assert plots.alt_text(fig) == "One rises from 0 to 1, one stays at 1."


def test_a_panel_drawn_by_hand_beside_a_course_figure_says_its_own():
    fig, (left, right) = plt.subplots(1, 2)
    left.set(title="A slice", xlabel="w", ylabel="loss")
    t = run(objectives.rosenbrock, GradientDescent(lr=0.001), (-1.5, 2.0), 20)
    plots.contour_with_paths(t, right, title="The whole valley")
    assert plots.alt_text(fig) == f"A slice: loss against w. The whole valley: {plots.alt_text(right)}"


@pytest.mark.parametrize("bad", ["", "   "])
def test_describe_names_a_bad_text(bad):
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="text"):
        plots.describe(ax, bad)
    with pytest.raises(TypeError, match="ax"):
        plots.describe("not an Axes", "words")
    with pytest.raises(TypeError, match="figure"):
        plots.alt_text("not a figure")


def test_many_runs_are_counted_by_status():
    rates = np.linspace(0.1, 1.2, 12)
    sweep = run(objectives.square, GradientDescent(lr=rates), x0=np.full(12, 10.0), steps=20)
    ax = plots.value_per_step({"sweep": sweep}).ax
    counts = {s: int(np.sum(sweep.status == s)) for s in np.unique(sweep.status)}
    alt = plots.alt_text(ax)
    assert "12 runs: " in alt and all(f"{n} {s}" in alt for s, n in counts.items())


def test_a_regime_map_of_many_stretches_names_the_first_and_counts_the_rest():
    rates = np.linspace(0.001, 0.2, 200)
    t = run(objectives.double_dip, Momentum(lr=rates, momentum=0.9), x0=np.full(200, 3.0), steps=20)
    status = np.asarray(t.status)
    stretches = 1 + int(np.sum(status[1:] != status[:-1]))
    assert stretches > plots.regimes.MOST_STRETCHES
    alt = plots.alt_text(plots.regime_map(t).ax)
    assert alt.count(" from η = ") + alt.count(" at η = ") == plots.regimes.MOST_STRETCHES
    assert alt.endswith(f"; and {stretches - plots.regimes.MOST_STRETCHES} more stretches.")
    assert alt.startswith(f"The status of 200 runs, one per learning rate: {status[0]} ")


def test_the_animation_player_carries_the_figures_alternative():
    race = _rosenbrock_race()
    player = plots.animation_html(race, max_frames=30)
    label = html.unescape(re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]*)"',
                                    player.html).group(1))
    assert '<svg viewBox="0 0 ' in player.html and 'aria-hidden="true"' in player.html  # the dots: not read aloud
    still = plots.alt_text(plots.contour_with_paths(race).ax)
    assert label == f"An animation in {player.frames} frames, a dot moving along each path. {still}"
    assert '<input type="range" aria-label="step"' in player.html


def test_show_displays_an_img_with_the_alternative_and_no_bare_png(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.append((objs, kw)))
    ax = plots.contour_with_paths(_rosenbrock_race()).ax
    alt = plots.alt_text(ax.figure)
    plots.show(ax.figure)
    ((bundle,), kw), = shown
    assert kw == {"raw": True} and set(bundle) == {"text/html", "text/plain"} and bundle["text/plain"] == alt
    src, said = re.fullmatch(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)">',
                             bundle["text/html"]).groups()
    assert base64.b64decode(src)[:8] == b"\x89PNG\r\n\x1a\n" and html.unescape(said) == alt


def test_plots_does_nothing_outside_ipython():
    code = ("import sys, course_lib.plots as p\n"
            "print(p.alt.install(), 'IPython' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- in a real kernel, with the inline backend: what a notebook stores ------------------------------------------

KERNEL_CELLS = [
    # 0: a course figure, plt.show()
    "import matplotlib.pyplot as plt\nfrom course_lib import objectives, plots, run\n"
    "from course_lib.optimizers import GradientDescent\n"
    "t = run(objectives.square, GradientDescent(lr=0.1), x0=10.0, steps=20)\n"
    "drawn = plots.curve_with_trajectory(t)\nplt.show()\nprint(plots.alt_text(drawn.ax.figure))",
    # 1: a figure drawn by hand, no alternative: as IPython shows it
    "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([0, 1], [1, 0])\nplt.show()",
    # 2: after the inline backend chose its formats again (which drops every printer of figures), as a cell's value
    "from IPython.core.pylabtools import select_figure_formats\nselect_figure_formats(get_ipython(), {'png'})\n"
    "fig = plots.curve_with_trajectory(t).ax.figure\nplt.close(fig)  # shown once, as the value\nfig",
    # 3: retina: the picture at twice the resolution, shown at the same size
    "%config InlineBackend.figure_formats = ['retina']\nplots.curve_with_trajectory(t)\nplt.show()",
]


@pytest.fixture(scope="module")
def kernel_outputs():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in KERNEL_CELLS])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return [cell.outputs for cell in nb.cells]


def _pictures(outputs):
    return [o for o in outputs if o.output_type in ("display_data", "execute_result")]


def test_in_a_kernel_a_course_figure_is_an_img_with_its_alternative_and_no_png(kernel_outputs):
    (picture,) = _pictures(kernel_outputs[0])
    printed = "".join(o.text for o in kernel_outputs[0] if o.output_type == "stream").strip()
    assert "image/png" not in picture.data and set(picture.data) == {"text/html", "text/plain"}
    src, alt = re.fullmatch(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)">',
                            picture.data["text/html"]).groups()
    assert html.unescape(alt) == printed and printed.startswith("The curve f(x) = x²")
    assert base64.b64decode(src)[:8] == b"\x89PNG\r\n\x1a\n"


def test_in_a_kernel_a_figure_without_alternative_stays_a_png(kernel_outputs):
    (picture,) = _pictures(kernel_outputs[1])
    assert set(picture.data) == {"image/png", "text/plain"} and picture.data["text/plain"].startswith("<Figure")


def test_in_a_kernel_the_img_survives_the_backend_configured_again(kernel_outputs):
    pictures = _pictures(kernel_outputs[2])
    assert [set(p.data) for p in pictures] == [{"text/html", "text/plain"}]
    assert pictures[0].output_type == "execute_result" and 'alt="The curve' in pictures[0].data["text/html"]


def test_in_a_kernel_retina_keeps_the_size_and_doubles_the_pixels(kernel_outputs):
    (retina,) = _pictures(kernel_outputs[3])
    (plain,) = _pictures(kernel_outputs[2])  # the same figure, as a PNG at the inline backend's usual resolution
    match = re.fullmatch(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="[^"]+" width="(\d+)" '
                         r'height="(\d+)">', retina.data["text/html"])
    assert match, retina.data["text/html"][-200:]
    shown = int(match.group(2)), int(match.group(3))
    pixels = Image.open(io.BytesIO(base64.b64decode(match.group(1)))).size
    plain_png = re.search(r"base64,([A-Za-z0-9+/=]+)", plain.data["text/html"]).group(1)
    plain_size = Image.open(io.BytesIO(base64.b64decode(plain_png))).size
    assert shown == plain_size  # shown as large as before
    assert all(abs(p - 2 * q) <= 1 for p, q in zip(pixels, plain_size, strict=True)), (pixels, plain_size)  # tight box
