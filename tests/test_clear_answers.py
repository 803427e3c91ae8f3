"""Issue 17, item by item: every input a careless or curious student tried gets a clear answer, and every status
line tells the truth about what is drawn. (tests/test_every_input.py calls everything with generated values.)"""

import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from course_lib import data, descent, models, objectives, plots, run, tuning, widgets
from course_lib import optimizers as opt
from course_lib.exercises import ChoiceQuiz, check_number, parse_number
from course_lib.expressions import parse_objective
from course_lib.playground import playground
from course_lib.style import number

pytestmark = pytest.mark.filterwarnings("error")


def text(widget) -> str:
    return re.sub(r"<[^>]+>", " ", widget.status.value)


def test_1_the_minibatch_status_gives_the_loss_of_the_weights_it_shows():
    ex = widgets.minibatch_explorer(data.linear_data(120, rng=42), epochs=3)
    ex.batch_size.value, ex.lr.value = 1, 1.0
    r = ex.result
    assert r.status == "diverged"
    shown = models.LinearRegression(3, fit_intercept=False).loss(r.params, ex.X, ex.y)
    assert shown > 1e6 * r.loss_history[-1]  # the last epoch's loss is the loss before the run went off
    assert f"loss {number(shown)}," in text(ex)


def test_2_one_step_and_zero_step_runs_say_so_with_the_right_plural():
    pg = playground(lr=1.0, steps=1, optimizers=("GradientDescent",))
    assert pg.trajectories["GradientDescent"].status == "not converging"  # it climbed from 15.4 to 3.3e6
    assert "after 1 step:" in text(pg)
    ex = widgets.descent_explorer(steps=0)
    assert ex.trajectory.status == "not started" and "at the start:" in text(ex)
    ex.steps.value = 1
    assert "after 1 step:" in text(ex)


def test_3_one_feature_given_as_a_1d_array():
    sizes, prices = data.house_prices()
    sizes = sizes[:, 0] / 1000
    mse = models.linear_regression_objective(sizes, prices)
    assert mse.dim == 2
    fitted = models.fit(models.LinearRegression(1), opt.GradientDescent(lr=0.1), sizes, prices, epochs=5)
    assert fitted.params.shape == (2,)


def test_4_thousands_separators():
    assert parse_number("1,000") == 1000.0 and parse_number("12 500") == 12500.0


@pytest.mark.parametrize("make", [
    lambda X, y: widgets.minibatch_explorer(data.Dataset(X, y)),
    lambda X, y: models.linear_regression_objective(X, y),
    lambda X, y: widgets.training_explorer(data.Dataset(X[:, :2], (y > 0).astype(float))),
])
def test_5_missing_values_are_refused_saying_what_to_do_and_nothing_reaches_stderr(make, capfd):
    X, y = data.linear_data(100, rng=3)
    X = data.add_missing(X, 0.05, rng=1)
    with pytest.raises(ValueError, match=r"missing \(NaN\) values: fill them first, for example with "
                                         r"data.impute_with_indicator"):
        make(X, y)
    assert capfd.readouterr().err == ""
    with pytest.raises(ValueError, match="curves\\['a'\\] must be"):
        plots.loss_curves({"a": [1.0, np.nan, 0.5]})


@pytest.mark.parametrize(("explorer", "kwargs", "message"), [
    (widgets.descent_explorer, {"lr": 0}, "lr must be a finite number > 0, got 0"),
    (widgets.descent_explorer, {"lr": np.nan}, "lr must be a finite number > 0, got nan"),
    (widgets.descent_explorer, {"x0": np.inf}, "x0 must be a finite number, got inf"),
    (widgets.descent_explorer, {"lr": True}, "lr must be a finite number > 0, got True"),
    (widgets.descent_explorer, {"steps": True}, "steps must be a whole number from 0 to 2,000, got True"),
    (widgets.descent_explorer, {"steps": 5.0}, "steps must be a whole number from 0 to 2,000, got 5.0"),
    (widgets.descent_explorer, {"x0": "3"}, "x0 must be a finite number, got '3'"),
    (widgets.regime_explorer, {"lr": -1}, "lr must be a finite number > 0, got -1"),
    (widgets.regime_explorer, {"sweep": 0}, "sweep must be a whole number from 2 to 2,000, got 0"),
    (widgets.basin_explorer, {"momentum": -1}, r"momentum must be a finite number in \[0, 1\), got -1"),
    (widgets.descent_explorer, {"steps": 10**8}, "steps must be a whole number from 0 to 2,000"),
    (widgets.optimizer_race, {"optimizers": "Adam"}, "optimizers must be names .* got 'Adam'"),
    (widgets.descent_explorer, {"x0": 8e6}, "x0 must lie within 100,000 steps of the slider's range"),
    (playground, {"steps": True}, "steps must be a whole number from 1 to 5,000, got True"),
])
def test_6_explorer_arguments_are_refused_at_construction_naming_the_argument(explorer, kwargs, message):
    with pytest.raises(ValueError, match=message):
        explorer(**kwargs)


def test_6_epochs_beyond_an_explorers_budget_are_refused_not_clipped():
    with pytest.raises(ValueError, match="epochs must be at most 5 with batch_size = 1"):
        widgets.minibatch_explorer(batch_size=1, epochs=50)


def test_7_fifteen_runs_each_get_a_colour():
    runs = {f"r{i}": run(objectives.rosenbrock, opt.GradientDescent(lr=1e-4), [-1.5 + 0.01 * i, 2.0], 5)
            for i in range(15)}
    drawn = plots.contour_with_paths(runs)
    assert len(drawn.paths) == 15 and len({line.get_color() for line in drawn.paths}) >= 10
    assert plots.animation_html(runs).frames == 6
    assert text(widgets.trajectory_player(runs)).count("r1") >= 1


@pytest.mark.parametrize("objective", [objectives.saddle, parse_objective("x**3"), parse_objective("x**3 + y**2")])
def test_8_a_regime_map_of_an_objective_without_a_minimum(objective):
    n = 12
    x0 = np.broadcast_to(np.asarray(objective.start, dtype=float), (n, *np.shape(objective.start))).copy()
    lr = np.linspace(0.01, 1.0, n)
    t = run(objective, opt.GradientDescent(lr=lr if objective.dim == 1 else lr[:, None]), x0, 20)
    drawn = plots.regime_map(t)
    assert drawn.rates == []  # no curvature at a minimum: no 1/f″ or 2/f″ lines
    if objective.dim == 1:
        ex = widgets.regime_explorer(objective, sweep=12)
        assert "no 1/f″ or 2/f″" in text(ex) and len(ex.map_chart.marks["rates"].x) == 0


@pytest.mark.parametrize("formula", ["abs(x)", "x**4", "exp(x)"])
def test_9_no_curvature_claims_where_f2_is_zero_or_undefined(formula):
    ex = widgets.regime_explorer(parse_objective(formula), sweep=12)
    status = text(ex)
    assert "nan" not in status and "|1 − η·f″|" not in status and "no 1/f″ or 2/f″ to compare η with" in status
    assert len(ex.map_chart.marks["rates"].x) == 0 and len(ex.map_chart.marks["rate names"].x) == 0
    shifted = widgets.regime_explorer(objectives.shifted_parabola, sweep=12)
    assert "|1 − η·f″| = 0.5" in text(shifted)  # η = 2/f″ ÷ 4 = 0.25 on f″ = 2


def test_10_one_stationary_point_for_x_to_the_100():
    # one point, near 0 (where f = x¹⁰⁰ is below 1e−200: Newton's method crawls there)
    assert [p.position for p in parse_objective("x**100").stationary_points] == pytest.approx([0.0], abs=0.01)
    pg = playground("x**100", x0=0.5)
    pg.stationary.value = True
    assert "Stationary points in the window (gold: minima): degenerate at 0.008" in pg.status.value
    assert len(parse_objective("x**4 - 8*x**2 + x").stationary_points) == 3


def test_11_lists_of_optimizers_take_names_and_say_which_argument():
    r = tuning.race(objectives.ill_conditioned_bowl, ["GradientDescent", opt.Adam], [1.0, 1.0], [0.01, 0.05], 20)
    assert set(r.sweeps) == {"GradientDescent", "Adam"}
    with pytest.raises(ValueError, match="optimizers must be a list"):
        tuning.race(objectives.ill_conditioned_bowl, "Adam", [1.0, 1.0], [0.01], 20)


def test_12_labels_other_than_0_and_1_are_refused_with_the_mapping():
    moons = data.two_moons(40, rng=0)
    signs = 2 * moons.y - 1
    with pytest.raises(ValueError, match=r"map them to 0 and 1, e.g. with \(y \+ 1\) / 2"):
        models.fit(models.MLP([2, 4, 1]), opt.Adam(lr=0.01), moons.X, signs, epochs=2)
    with pytest.raises(ValueError, match=r"\(y \+ 1\) / 2"):
        widgets.training_explorer(data.Dataset(moons.X, signs))


def test_13_a_students_own_step_loop_prints_no_warning():
    m = opt.Momentum(lr=5)
    x, state = np.array(1e300), m.init(np.array(1e300))
    for _ in range(3):
        x, state = m.step(x, 2 * x, state)
    assert not np.isfinite(x) or abs(x) > 1e300
    assert objectives.double_dip.f(1e100) == np.inf


def test_14_starts_beyond_the_bound_or_outside_the_domain_are_refused_naming_x0():
    with pytest.raises(ValueError, match="x0 must lie within divergence_bound"):
        run(objectives.square, opt.GradientDescent(lr=0.1), 8e6, 3)
    log = parse_objective("x - log(x)")
    with pytest.raises(ValueError, match=r"x0 must lie where f = x − log\(x\) and its gradient have finite values"):
        run(log, opt.GradientDescent(lr=0.1), -1.0, 3)
    with pytest.raises(ValueError, match="1 of the starts"):
        run(log, opt.GradientDescent(lr=0.1), np.array([1.0, 0.0, 2.0]), 3)
    t = run(parse_objective("log(x)"), opt.GradientDescent(lr=1.0), 0.5, 20)  # it leaves the domain and stops
    assert t.status == "diverged" and np.isfinite(t.final_position)
    with pytest.raises(ValueError, match="window must lie within ±1e"):
        playground("x**2", window=(-1e7, 1e7))


def test_15_quizzes_refuse_what_they_would_misread():
    with pytest.raises(TypeError, match="options must be texts"):
        ChoiceQuiz("Which?", [1, 2, 3], correct=2)
    with pytest.raises(ValueError, match="explanations must hold one text per option"):
        ChoiceQuiz("Which?", ["a", "b", "c"], correct=0, explanations=["x"])


def test_a_run_that_stayed_on_the_plot_is_not_said_to_have_left_it():
    sine = parse_objective("sin(x)", window=(-10.0, 10.0))
    ex = widgets.descent_explorer(sine, lr=0.5, x0=1.0, steps=50)
    assert "outside the plot" not in text(ex)
    ex = widgets.descent_explorer(objectives.square, lr=1.5, x0=1.0, steps=30)  # |1 − 1.5·2| = 2: it flies off
    assert ex.trajectory.status == "diverged" and "the path goes outside the plot" in text(ex)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: check_number("5", np.inf), ValueError, "expected must be a finite number, got inf"),
    (lambda: check_number("5", 5.0, tol=True), ValueError, "tol must be a finite number >= 0, got True"),
    (lambda: run(objectives.square, opt.GradientDescent(lr=0.1), 1.0, 3, record_state="no"), ValueError,
     "record_state must be True or False"),
    (lambda: objectives.quadratic_bowl(np.nan), ValueError, "a must be a finite number > 0, got nan"),
    (lambda: objectives.polynomial("p", [1, 0, 1], window=(3, -3)), ValueError, "window must be"),
    (lambda: data.noisy_line(slope=np.inf), ValueError, "slope must be a finite number"),
    (lambda: run(objectives.square, opt.GradientDescent(lr=np.array([0.1, 0.2, 0.3])), np.array([1.0, 2.0]), 3),
     ValueError, "lr has shape"),
    (lambda: run(objectives.square, opt.GradientDescent(lr=0.1), 1.0, 10**8), ValueError, "steps = 100000000"),
    (lambda: models.fit(models.LinearRegression(3), opt.GradientDescent(lr=0.1), *data.linear_data(50), epochs=10**12),
     ValueError, "epochs = 1000000000000"),
    (lambda: plots.animation_html(run(objectives.square, opt.GradientDescent(lr=0.1), 1.0, 3), dpi=1), ValueError,
     "dpi must be a whole number from 20 to 200, got 1"),
    (lambda: plots.animation_html(run(objectives.square, opt.GradientDescent(lr=0.1), 1.0, 3), size=(0, 0)),
     ValueError, "size must be"),
    (lambda: plots.animation_html(run(objectives.square, opt.GradientDescent(lr=0.1), 1.0, 3), interval_ms=-5),
     ValueError, "interval_ms must be a whole number"),
    (lambda: descent.critical_learning_rate("square"), TypeError, "objective must be an Objective"),
    (lambda: models.fit(None, opt.GradientDescent(lr=0.1), *data.linear_data(50), epochs=1), TypeError,
     "model must be"),
    (lambda: plots.curve_with_trajectory(objectives.square), TypeError, "trajectory must be a Trajectory"),
])
def test_further_down_the_list(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_numpy_integers_and_two_element_arrays_work_where_ints_and_tuples_do():
    ex = widgets.descent_explorer(steps=np.int64(5))
    assert len(ex.trajectory.positions) == 6
    race = widgets.optimizer_race(x0=np.array([-1.0, 1.5]), steps=np.int32(10))
    assert all(t.positions[0].tolist() == [-1.0, 1.5] for t in race.trajectories.values())
    assert plots.animation_html(run(objectives.square, opt.GradientDescent(lr=0.1), 1.0, 3),
                                size=np.array([4.0, 3.0]), dpi=np.int64(50)).frames == 4
