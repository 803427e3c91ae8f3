"""course_lib.style: one number format with a real minus sign, a colour for every status and every optimizer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import descent, objectives, optimizers, plots, run, style, widgets
from course_lib.optimizers import Adam, GradientDescent, Optimizer
from course_lib.widgets.views import key_html

from ._colors import VISIONS, closest_pair, contrast

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


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("name", style.COLOR_SETS)
def test_every_set_of_colours_shown_together_stays_apart_also_for_colour_blind_readers(name, vision):
    distance, a, b = closest_pair(style.COLOR_SETS[name], vision)
    assert distance >= 10, f"{name}: {a} and {b} are only ΔE {distance:.1f} apart for {vision}"


@pytest.mark.parametrize("vision", VISIONS)
def test_the_colours_of_the_course_optimizers_stay_apart_also_for_colour_blind_readers(vision):
    # read from optimizers.ALL, so that an optimizer added later is measured too
    colors = [style.PALETTE[cls.color] for cls in optimizers.ALL.values()]
    distance, a, b = closest_pair(colors, vision)
    assert distance >= 10, f"{a} and {b} are only ΔE {distance:.1f} apart for {vision}"


def test_every_course_optimizer_names_a_line_style_and_a_marker_no_other_has():
    looks = style.optimizer_looks(optimizers.ALL)
    for name, cls in optimizers.ALL.items():
        assert cls.line_style in style.LINE_STYLES and cls.marker in style.MARKERS, name
        assert looks[name] == (style.PALETTE[cls.color], cls.line_style, cls.marker)  # its own, nothing changed
    pairs = [(look.line_style, look.marker) for look in looks.values()]
    assert len(set(pairs)) == len(pairs)


def test_the_figures_draw_each_optimizer_in_its_colour_line_style_and_marker():
    race = {name: run(objectives.rosenbrock, cls.configured(0.001 if cls.adaptive else 0.0005), [-1.5, 2.0], 60)
            for name, cls in optimizers.ALL.items()}
    drawn = plots.contour_with_paths(race)
    values = plots.value_per_step(race)
    for cls, path, line in zip(optimizers.ALL.values(), drawn.paths, values.lines, strict=True):
        look = style.optimizer_look(cls).matplotlib
        for artist in (path, line):
            assert (artist.get_color(), artist.get_linestyle(), artist.get_marker()) == (
                look["color"], look["linestyle"], look["marker"])
    for figure in (drawn, values):  # every run in the legend, in its own look
        names = [t.get_text().split(" ")[0].rstrip(":") for t in figure.ax.get_legend().get_texts()]
        assert names[:len(optimizers.ALL)] == list(optimizers.ALL)
    few = dict(list(race.items())[:8])  # up to 8 runs: each name also beside its path's end
    for figure in (plots.contour_with_paths(few), plots.value_per_step(few)):
        assert [t.get_text() for t in figure.labels] == list(few)
    live = widgets.optimizer_race(objectives.rosenbrock, list(optimizers.ALL), steps=20)
    for name, cls in optimizers.ALL.items():
        drawn = live.view.drawn(name)
        color = style.PALETTE[cls.color]
        assert (drawn["color"], drawn["line_style"], drawn["marker"], drawn["end_color"]) == (
            color, cls.line_style, cls.marker, color) and set(drawn["marker_colors"]) == {color}
        assert live.values_chart.marks[name].line_style == cls.line_style
    plt.close("all")


def test_a_legend_with_more_runs_than_colours_says_how_to_tell_them_apart():
    used: set = set()
    many = [(f"run {n}", style.optimizer_look(Adam, used)) for n in range(len(style.PALETTE) + 1)]
    assert len({look.color for _, look in many}) == len(style.PALETTE)  # a colour repeats
    assert len({(look.line_style, look.marker) for _, look in many}) == len(many)  # the line and marker do not
    assert style.LOOK_HELP in key_html(many)
    assert style.LOOK_HELP not in key_html(many[:3])


def test_statuses_differ_by_marker_and_their_badges_are_readable():
    assert len({style.STATUS_MARKERS[s] for s in descent.STATUSES}) == len(descent.STATUSES)
    for status in descent.STATUSES:
        assert style.STATUS_MARKERS[status] in style.MARKERS
        assert contrast("white", style.status_color(status)) >= 4.5, status  # white text on the badge
    assert contrast("white", style.NEUTRAL) >= 4.5
    sweep = run(objectives.square, GradientDescent(lr=np.linspace(0.05, 1.2, 24)), np.full(24, 10.0), 30)
    drawn = plots.regime_map(sweep)
    shapes = {p.get_label(): p.get_paths()[0].vertices.round(3).tobytes() for p in drawn.points}
    assert len(set(shapes.values())) == len(shapes) >= 2  # each status drawn in a shape of its own
    regimes = widgets.regime_explorer(sweep=10)
    for s in descent.STATUSES:
        assert regimes.map_chart.marks[f"status:{s}"].marker == style.STATUS_MARKERS[s]
    plt.close("all")


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
