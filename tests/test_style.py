"""course_lib.style: one number format with a real minus sign, a colour for every status and every optimizer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import descent, objectives, optimizers, plots, run, style, widgets
from course_lib.optimizers import GradientDescent, Optimizer

pytestmark = pytest.mark.filterwarnings("error")


def test_number_writes_four_significant_digits_and_a_real_minus():
    cases = {0.115292: "0.1153", -2.0306: "−2.031", 0.0005: "5e−4", 0.002: "0.002", -0.25: "−0.25",
             1e-10: "1e−10", 12000: "12000", 123456.0: "1.235e5", 2e29: "2e29", 0.0: "0", 1.0: "1",
             float("nan"): "nan", -float("inf"): "−inf"}
    assert {v: style.number(v) for v in cases} == cases
    assert style.point(3.0) == "3" and style.point(np.array([1.5, -0.25])) == "(1.5, −0.25)"


def test_static_figures_and_live_views_write_a_number_alike():
    t = run(objectives.double_dip, GradientDescent(lr=0.01), -3.0, 200)  # ends at x ≈ −2.031
    figure = plots.curve_with_trajectory(t).status.get_text()
    live = widgets.descent_explorer(objectives.double_dip, lr=0.01, x0=-3.0, steps=200).status.value
    written = style.number(t.positions[-1])
    assert written == "−2.031" and f"x = {written}" in figure and f"x = {written}" in live
    assert "-" not in figure
    plt.close("all")


def test_every_status_has_a_colour_of_its_own_and_a_legend_entry():
    colors = [style.STATUS_COLORS[s] for s in descent.STATUSES]
    assert len(set(colors)) == len(descent.STATUSES)
    assert style.status_color("not a status") == style.NEUTRAL not in colors
    regimes = widgets.regime_explorer(sweep=10)
    legend = {m.labels[0] for m in regimes.map_chart.marks.values() if m.display_legend}
    assert legend == set(descent.STATUSES)
    for s in descent.STATUSES:
        assert regimes.map_chart.marks[f"status:{s}"].colors == [style.STATUS_COLORS[s]]


def test_every_course_optimizer_names_a_colour_of_its_own():
    colors = {name: style.optimizer_color(cls) for name, cls in optimizers.ALL.items()}
    assert len(set(colors.values())) == len(colors)
    for name, cls in optimizers.ALL.items():
        assert colors[name] == style.PALETTE[cls.color] == style.optimizer_color(cls(lr=0.1))
    assert plots.OPTIMIZER_COLORS == colors  # what notebooks 07 to 09 draw their sweeps with


class Uncoloured(GradientDescent):
    color = None


def test_an_optimizer_without_a_colour_and_a_colour_taken_get_the_next_free_one():
    used = set()
    first = style.optimizer_color(GradientDescent(lr=0.1), used)
    assert first == style.PALETTE["blue"]
    assert style.optimizer_color(GradientDescent(lr=0.2), used) == style.PALETTE[style.SPARE[0]]  # blue is taken
    assert style.optimizer_color(Uncoloured, used) == style.PALETTE[style.SPARE[1]]
    assert style.optimizer_color(None) == style.PALETTE[style.SPARE[0]]
    everything = set(style.PALETTE.values())
    assert style.optimizer_color(Optimizer, everything) in style.PALETTE.values()  # more runs than colours: reuse
