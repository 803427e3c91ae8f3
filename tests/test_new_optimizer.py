"""A new optimizer is one class: defined here and nowhere else, it runs through run, the static figures, the
explorers and the playground, which read everything they need from the class."""

from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import _checks, data, objectives, plots, run, style, widgets
from course_lib.optimizers import Adam, Optimizer, check_lr
from course_lib.playground import playground

pytestmark = pytest.mark.filterwarnings("error")


class SignMomentum(Optimizer):
    r"""Sign descent with momentum: v ← μv + (1 − μ)g, x ← x − η·sign(v). Every step is η long per coordinate."""

    class State(NamedTuple):
        count: int
        velocity: np.ndarray

    _arg_names = ("lr", "momentum", "weight_decay")
    adaptive = True  # its steps are η long whatever the gradient
    velocity_buffer = "velocity"
    hyperparameters = ("momentum",)  # the race's μ slider sets it
    # no colour: the figures and explorers give it one that no other run has

    def __init__(self, lr=0.01, momentum=0.9, weight_decay=0.0):
        self.lr = check_lr(lr)  # a number, an array of them, or a schedule
        self.momentum = _checks.number("momentum", momentum, low=0, high=1, high_open=True)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)

    def _update(self, x, g, lr, state):
        v = self.momentum * state.velocity + (1 - self.momentum) * g
        return lr * np.sign(v), state._replace(velocity=v)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_run_records_it_in_one_and_two_dimensions():
    t = run(objectives.rosenbrock, SignMomentum(lr=0.01), [-1.5, 2.0], 300, record_state=True)
    assert t.positions.shape == (301, 2) and t.status in ("converged", "still converging", "oscillating",
                                                          "not converging")
    np.testing.assert_allclose(np.abs(np.diff(t.positions, axis=0)), 0.01)  # every step η along each axis
    many = run(objectives.double_dip, SignMomentum(lr=0.05), np.linspace(-3, 3, 7), 100)
    assert many.positions.shape == (101, 7)


def test_the_static_figures_draw_it_in_a_colour_line_and_marker_of_its_own():
    race = {name: run(objectives.rosenbrock, opt, [-1.5, 2.0], 100, record_state=True)
            for name, opt in (("sign", SignMomentum(lr=0.01)), ("Adam", Adam(lr=0.05)))}
    drawn = plots.contour_with_paths(race)
    colors = [line.get_color() for line in drawn.paths]
    assert colors[1] == style.optimizer_color(Adam) and colors[0] != colors[1]
    assert colors[0] in style.PALETTE.values()
    # colour is not the only sign: a line style and marker pair no other run has, and its name beside its end
    looks = [(line.get_linestyle(), line.get_marker()) for line in drawn.paths]
    assert looks[1] == (style.LINE_STYLES[Adam.line_style], style.MARKERS[Adam.marker]) and looks[0] != looks[1]
    assert [label.get_text() for label in drawn.labels] == ["sign", "Adam"]
    plots.value_per_step(race, gap=True)
    arrows = plots.state_arrows(race["sign"], drawn.ax, "velocity", every=10)
    assert arrows.arrows.N == 10
    plots.state_arrows(race["sign"], drawn.ax, "step_size", every=10)
    assert "cl-dot" in plots.animation_html(race, max_frames=20).html
    drawn_1d = plots.curve_with_trajectory(run(objectives.double_dip, SignMomentum(lr=0.05), 2.5, 50))
    assert drawn_1d.ax.get_title().startswith("SignMomentum(lr=0.05)")


def test_the_race_runs_it_with_the_adaptive_rate_and_its_momentum():
    race = widgets.optimizer_race(objectives.ill_conditioned_bowl, (SignMomentum, "Adam"), steps=40)
    assert "SignMomentum" in race.optimizers.options and race.error.value == ""
    t = race.trajectories["SignMomentum"]
    assert isinstance(t.optimizer, SignMomentum) and t.optimizer.lr == race.adaptive_lr.value
    assert "SignMomentum" in race.momentum.description  # the μ slider says whom it tunes
    race.momentum.value = 0.5
    assert race.trajectories["SignMomentum"].optimizer.momentum == 0.5
    looks = race.looks
    assert looks["SignMomentum"].color not in {looks[n].color for n in looks if n != "SignMomentum"}
    assert (looks["SignMomentum"].line_style, looks["SignMomentum"].marker) not in {
        (looks[n].line_style, looks[n].marker) for n in looks if n != "SignMomentum"}
    assert looks["SignMomentum"].color in race.key.value and "SignMomentum" in race.status.value
    drawn = race.view.drawn("SignMomentum")
    assert (drawn["color"], drawn["line_style"], drawn["marker"]) == (
        looks["SignMomentum"].color, looks["SignMomentum"].line_style, looks["SignMomentum"].marker)
    race.arrows.value = "velocity"
    assert len(race.view.chart.marks["arrows"].x) > 0 and race.error.value == ""


def test_the_playground_and_the_explorers_take_it():
    pg = playground("x**2 + 3*y**2", optimizers=(SignMomentum,), lr=0.05, steps=60, x0=(2.0, 1.0))
    assert isinstance(pg.trajectories["SignMomentum"].optimizer, SignMomentum) and pg.error.value == ""
    pg.optimizers.value = ("SignMomentum", "Adam")
    assert set(pg.trajectories) == {"SignMomentum", "Adam"} and pg.error.value == ""
    descent = widgets.descent_explorer(objectives.double_dip, optimizer=SignMomentum)
    assert isinstance(descent.trajectory.optimizer, SignMomentum)
    adam = widgets.descent_explorer(objectives.double_dip, optimizer="Adam")
    assert (descent.lr.min, descent.lr.max) == (adam.lr.min, adam.lr.max)  # adaptive: a range in x units
    training = widgets.training_explorer(data.two_moons(40, rng=0), hidden=4, epochs=3, optimizer=SignMomentum)
    assert "SignMomentum" in training.status.value and training.error.value == ""
