"""course_lib.playground, driven headless: formulas good and bad, 1-D and 2-D, every control at its ends,
runs that leave a formula's domain, clicks on the plot, stationary points on request."""

import numpy as np
import pytest

from course_lib import objectives, run, widgets
from course_lib.expressions import parse_objective
from course_lib.optimizers import GradientDescent
from course_lib.playground import DEFAULT_FORMULA, playground
from tests._controls import settings
from tests._paths import assert_draws

pytestmark = pytest.mark.filterwarnings("error")

ROSENBROCK = "(1-x)**2 + 100*(y-x**2)**2"


def view_data(pg):
    """Everything the views on show would draw (each mark's data, a picture's bytes), as bytes."""
    out = []
    for chart in pg.charts:
        out.append(("title", chart.figure.title))
        for name, mark in sorted(chart.marks.items()):
            for trait in ("x", "y", "text"):
                if mark.has_trait(trait):
                    out.append((name, trait, np.asarray(getattr(mark, trait)).tobytes()))
            if mark.has_trait("image"):
                out.append((name, "image", mark.image.value))
    return out


def assert_drawn_cleanly(pg):
    """No callback error, a status for every run, and nothing non-finite sent to a view."""
    assert pg.error.value == "", pg.error.value
    assert pg.status.value
    for chart in pg.charts:
        for name, mark in chart.marks.items():
            for trait in ("x", "y"):
                values = np.asarray(getattr(mark, trait), dtype=float)
                assert np.all(np.isfinite(values)), f"{name}.{trait} has non-finite values"


@pytest.fixture(scope="module")
def shared():
    """One playground for the tests that leave it as they found it (building one parses a formula)."""
    return playground()


BAD_FORMULAS = {
    "syntax": ("x**", "could not read the formula"),
    "missing product sign": ("2x + 1", "could not read the formula"),
    "forbidden name": ("__import__('os').system('ls')", "is not allowed"),
    "attribute": ("np.sin(x)", "is not allowed"),
    "unknown variable": ("x + z", "'z' is not allowed"),
    "huge power": ("x**1000", "too large"),
    "power of a power": ("(x**20)**20", "more than 100"),
    "cyrillic letter": ("\u0445**2", "plain ASCII"),
    "empty": ("   ", "empty"),
    "no real value anywhere": ("log(-x**2 - 1)", "no real, finite value"),
    "flat in 2-D": ("0*x + 0*y + 1", "flat"),
}


@pytest.mark.parametrize("kind", BAD_FORMULAS)
def test_a_bad_formula_shows_its_message_and_keeps_the_last_plot(shared, kind):
    text, expected = BAD_FORMULAS[kind]
    pg = shared
    before, objective, trajectories = view_data(pg), pg.objective, pg.trajectories
    pg.formula.value = text
    assert expected in pg.formula_message
    assert pg.formula_error.layout.display != "none" and pg.hint.layout.display == "none"  # in the hint's place
    assert expected in pg.formula_error.value and "#b71c1c" in pg.formula_error.value  # shown, in red
    assert pg.error.value == ""  # a refused formula is a message for the student, not a traceback
    assert view_data(pg) == before
    assert pg.objective is objective and pg.trajectories is trajectories
    assert pg.formula.value == text  # left in the box, to be corrected

    # the controls still work on the last good formula
    pg.steps.value = 20
    assert all(len(t.positions) <= 21 for t in pg.trajectories.values())
    assert pg.objective is objective and expected in pg.formula_message

    pg.formula.value = DEFAULT_FORMULA
    pg.steps.value = 100
    assert pg.formula_message == "" and pg.formula_error.layout.display == "none"
    assert pg.hint.layout.display is None
    assert view_data(pg) == before


def test_a_good_formula_reruns_every_optimizer_on_it():
    pg = playground(optimizers=("GradientDescent", "Adam"), lr=0.02, steps=100, x0=2.4)
    before = view_data(pg)
    pg.formula.value = "x**2"
    assert view_data(pg) != before
    assert pg.objective.formula == "x²"
    assert set(pg.trajectories) == {"GradientDescent", "Adam"}
    gd = pg.trajectories["GradientDescent"]
    assert gd.objective is pg.objective
    # x_k = (1 - 2η)^k x_0 on x²
    assert gd.positions[-1] == pytest.approx(2.4 * (1 - 2 * 0.02) ** 100, rel=1e-12)
    assert_draws(pg.landscape.chart, "path:GradientDescent", gd.positions, gd.values)
    np.testing.assert_array_equal(pg.values_chart.marks["Adam"].y, pg.trajectories["Adam"].values)
    assert pg.landscape.chart.figure.title == "f(x) = x²"
    assert f"x = {gd.positions[-1]:.4g}, f = {gd.values[-1]:.4g}" in pg.status.value


def test_enter_and_the_plot_button_plot_once_and_the_button_retries_a_refused_formula(shared):
    pg = shared
    trajectories = pg.trajectories
    pg.plot_button.click()  # the formula on the plot, again: nothing to do
    assert pg.trajectories is trajectories
    assert pg.formula.continuous_update is False  # the text box submits on Enter, not on every keystroke
    assert not any(slider.continuous_update for slider in (pg.lr, pg.steps, pg.x0, pg.y0))  # re-run on release
    pg.formula.value = "x**"
    pg.plot_button.click()
    assert "could not read" in pg.formula_message and pg.trajectories is trajectories
    pg.formula.value = DEFAULT_FORMULA
    assert pg.formula_message == ""


def test_switching_between_formulas_in_x_and_in_x_and_y():
    pg = playground(x0=(2.0, 1.0))
    curve = pg.charts[0]
    assert "cl-landscape" in curve.figure._dom_classes and pg.y0.layout.display == "none"

    pg.formula.value = ROSENBROCK
    contours = pg.charts[0]
    assert "cl-contours" in contours.figure._dom_classes and pg.views.children[0] is contours.figure
    assert pg.y0.layout.display is None
    assert pg.objective.dim == 2 and contours.figure.title == "f = (1 − x)² + 100(y − x²)²"
    for name, t in pg.trajectories.items():
        np.testing.assert_array_equal(t.positions[0], [2.0, 1.0])
        np.testing.assert_array_equal(pg.contours.drawn(name)["path"][0], [2.0, 1.0])
    assert_drawn_cleanly(pg)

    picture = contours.marks["contours"].image.value
    pg.formula.value = "x**2 + 3*y**2"
    assert contours.marks["contours"].image.value != picture  # new contours on the same view

    pg.formula.value = "sin(3*x) + x**2/4"
    assert pg.charts[0] is curve and pg.views.children[0] is curve.figure
    assert pg.y0.layout.display == "none"
    for t in pg.trajectories.values():
        assert t.positions[0] == 2.0
    xs = np.asarray(curve.marks["curve"].x)
    np.testing.assert_allclose(curve.marks["curve"].y, np.sin(3 * xs) + xs**2 / 4)
    assert_drawn_cleanly(pg)


@pytest.mark.parametrize("formula", [DEFAULT_FORMULA, ROSENBROCK, "log(x)", "sqrt(x) + y**2"])
def test_every_control_at_its_ends_and_between_draws_cleanly(formula):
    pg = playground(formula, x0=(0.5, 0.5))
    for key, control in pg.controls.items():
        if pg.objective.dim == 1 and key == "y0":
            continue
        for value in settings(control, none_picked=True):
            before, old = view_data(pg), control.value
            control.value = value
            assert_drawn_cleanly(pg)
            start = pg.start
            if not (np.isfinite(pg.objective.f(start)) and np.all(np.isfinite(pg.objective.grad(start)))):
                # outside the formula's domain: no run, and the status says why
                assert pg.trajectories == {} and "outside the domain" in pg.status.value
                continue
            assert set(pg.trajectories) == set(pg.optimizers.value)
            if key != "stationary" and value != old:
                assert view_data(pg) != before, f"{key} = {value!r} changed nothing"
            for name, t in pg.trajectories.items():
                assert t.optimizer.lr == pg.lr.value
                assert len(t.positions) <= pg.steps.value + 1
                assert f"{name}</span></td>" in pg.status.value and t.status in pg.status.value


@pytest.mark.parametrize("formula, x0, lr", [("log(x)", 0.5, 1.0), ("sqrt(x)", 0.2, 1.0),
                                             ("log(x) + y**2", (0.5, 1), 1.0)])
def test_a_run_that_leaves_the_formulas_domain_is_diverged_cleanly(formula, x0, lr):
    pg = playground(formula, optimizers=("GradientDescent",), x0=x0, lr=lr, steps=50)
    t = pg.trajectories["GradientDescent"]
    assert t.status == "diverged" and len(t.positions) < 51
    assert np.all(np.isfinite(t.positions)) and np.all(np.isfinite(t.values))
    assert "diverged" in pg.status.value and "out of the formula's domain" in pg.status.value
    assert_drawn_cleanly(pg)
    # the same run as course_lib.descent.run on the parsed formula
    expected = run(parse_objective(formula), GradientDescent(lr=lr), x0, 50)
    np.testing.assert_array_equal(t.positions, expected.positions)


def test_a_start_outside_the_domain_is_refused_or_reported_and_draws_nothing():
    with pytest.raises(ValueError, match="x0 must lie inside the domain of f = log"):
        playground("log(x)", x0=-1.0)
    pg = playground("log(x)", x0=1.0)
    pg.x0.value = -1.0  # moved there: nothing runs, and the status says why
    assert pg.trajectories == {}
    assert "No run: the start x₀ = −1 is outside the domain of f = log(x)" in pg.status.value
    assert len(pg.landscape.chart.marks["start"].x) == 0
    for name in pg.choices:
        assert len(pg.landscape.chart.marks[f"path:{name}"].x) == 0
    assert_drawn_cleanly(pg)
    pg.x0.value = 2.0
    assert set(pg.trajectories) == set(pg.optimizers.value) and "No run" not in pg.status.value


def test_the_curve_has_gaps_where_f_is_not_defined():
    pg = playground("log(x**2 - 1)")  # defined for |x| > 1 only
    curve = pg.landscape.chart.marks["curve"]
    x, y = np.asarray(curve.x), np.asarray(curve.y)
    assert x.shape[0] == 2  # two pieces: x < -1 and x > 1
    assert np.all(x[0] < -1) and np.all(x[1] > 1)
    np.testing.assert_allclose(y, np.log(x**2 - 1))
    assert_drawn_cleanly(pg)


def test_diverging_runs_leave_the_values_chart_instead_of_squashing_it():
    pg = playground(ROSENBROCK, optimizers=("GradientDescent", "Adam"), lr=0.01, x0=(-2.0, -2.0), steps=100)
    assert pg.trajectories["GradientDescent"].status == "diverged"
    grid_top = np.max(objectives.Objective.grid(pg.objective, 120)[2])
    assert pg.values_chart.y_scale.max <= 1.06 * grid_top
    assert np.max(pg.trajectories["GradientDescent"].values) > 1e6 * grid_top  # it did climb far away


def test_a_click_on_the_plot_moves_the_start():
    pg = playground(ROSENBROCK, x0=(2.0, 2.0))
    picture = pg.contours.chart.marks["contours"]
    picture._handle_custom_msgs(None, {"event": "element_click", "data": {"click_x": -1.25, "click_y": 0.75}})
    assert (pg.x0.value, pg.y0.value) == (-1.25, 0.75)
    for t in pg.trajectories.values():
        np.testing.assert_array_equal(t.positions[0], [-1.25, 0.75])

    pg.formula.value = DEFAULT_FORMULA
    catcher = pg.landscape.chart.marks["click"]
    assert list(catcher.x) == [-3.0, 3.0] and list(catcher.y) == [pg.landscape.chart.y_scale.min,
                                                                  pg.landscape.chart.y_scale.max]
    catcher._handle_custom_msgs(None, {"event": "element_click", "data": {"click_x": 9.0, "click_y": 1.0}})
    assert pg.x0.value == 3.0  # clipped to the window
    assert all(t.positions[0] == 3.0 for t in pg.trajectories.values())
    assert_drawn_cleanly(pg)


def test_stationary_points_are_marked_only_on_request():
    # (run may compute them, in about 10 ms, to learn whether a run with falling values has a minimum to approach)
    pg = playground()
    assert len(pg.landscape.chart.marks["minima"].x) == 0
    pg.stationary.value = True
    minima = pg.objective.minima
    assert len(minima) == 3
    np.testing.assert_array_equal(pg.landscape.chart.marks["minima"].x, [p.position for p in minima])
    assert "minimum at 1.02" in pg.status.value and "maximum at" in pg.status.value

    pg.formula.value = "sin(5*x)*cos(5*y) + (x**2 + y**2)/10"
    minima = pg.objective.minima
    assert len(pg.contours.chart.marks["minima"].x) == len(minima) > 6
    assert f"{len(minima)} minima" in pg.status.value
    pg.stationary.value = False
    assert len(pg.contours.chart.marks["minima"].x) == 0 and "minima" not in pg.status.value


def test_css_classes_and_the_plain_text_stand_in(shared):
    pg = shared
    classes = pg._dom_classes
    assert "cl-widget" in classes and "cl-playground" in classes
    for widget, name in [(pg.formula, "cl-formula"), (pg.plot_button, "cl-plot-button"), (pg.hint, "cl-formula-hint"),
                         (pg.formula_error, "cl-formula-error"), (pg.optimizers, "cl-optimizers"), (pg.lr, "cl-lr"),
                         (pg.steps, "cl-steps"), (pg.x0, "cl-x0"), (pg.y0, "cl-y0"),
                         (pg.stationary, "cl-stationary"), (pg.status, "cl-status"), (pg.error, "cl-error")]:
        assert name in widget._dom_classes, name
    for chart in pg.charts:
        assert "cl-plot" in chart.figure._dom_classes
        assert chart.figure.layout.width.endswith("px") and chart.figure.layout.height.endswith("px")
    assert "cl-values" in pg.charts[1].figure._dom_classes
    assert "sqrt" in pg.hint.value and "Press Enter" in pg.hint.value
    text = pg._repr_mimebundle_()["text/plain"]
    assert text == "[Formula playground: an interactive widget; run the notebook in JupyterLab or Voilà to use it]"


@pytest.mark.parametrize("kwargs, message", [
    ({"formula": "x**"}, "could not read the formula"),
    ({"optimizers": ("SGD",)}, "optimizers must be names"),
    ({"optimizers": "Adam"}, "optimizers must be names"),
    ({"lr": 0.0}, "lr must be a finite number > 0, got 0.0"),
    ({"lr": True}, "lr must be a finite number > 0, got True"),
    ({"lr": "0.1"}, "lr must be a finite number > 0"),
    ({"steps": 0}, "steps must be a whole number from 1 to 5,000, got 0"),
    ({"steps": 10**8}, "steps must be a whole number from 1 to 5,000, got 100000000"),
    ({"steps": 2.5}, "steps must be a whole number"),
    ({"steps": True}, "steps must be a whole number from 1 to 5,000, got True"),
    ({"window": (-1e7, 1e7)}, "window must lie within ±1e"),
    ({"formula": "log(x)", "x0": -1.0}, "x0 must lie inside the domain"),
    ({"x0": 7.0}, "x0 must be a number or a pair"),
    ({"x0": (1.0, 2.0, 3.0)}, "x0 must be a number or a pair"),
    ({"x0": True}, "x0 must be a finite number, got True"),
    ({"x0": (0.0, np.nan)}, "x0 must be a finite number"),
    ({"window": (3, -3)}, "window must be"),
    ({"window": "wide"}, "window must be"),
])
def test_bad_arguments_are_refused_naming_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        playground(**kwargs)


def test_lr_true_and_steps_true_are_refused_in_the_words_of_every_explorer():
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got True"):
        playground(lr=True, steps=True)
    with pytest.raises(ValueError, match="steps must be a whole number from 1 to 5,000, got True"):
        playground(steps=True)
    for explorer in (widgets.descent_explorer, widgets.regime_explorer):
        with pytest.raises(ValueError, match="lr must be a finite number"):
            explorer(lr=True)
        with pytest.raises(ValueError, match="steps must be a whole number"):
            explorer(steps=True)


def test_the_sliders_keep_the_values_given_as_every_explorers_do():
    pg = playground(lr=5.0, steps=800, x0=(0.7, -0.3))  # beyond the sliders' usual ranges: they widen
    assert (pg.lr.value, pg.steps.value, pg.x0.value, pg.y0.value) == (5.0, 800, 0.7, -0.3)
    for slider in (pg.lr, pg.x0, pg.y0):
        value = slider.value
        slider.value = slider.min + round((slider.value - slider.min) / slider.step) * slider.step \
            if slider is not pg.lr else 10 ** (slider.min + round((np.log10(value) - slider.min) / slider.step)
                                              * slider.step)
        assert slider.value == value  # what the browser sends back once it drew the slider


def test_a_window_per_axis():
    pg = playground(ROSENBROCK, window=((-2, 2), (-1, 3)))
    assert pg.objective.window == ((-2.0, 2.0), (-1.0, 3.0))
    assert (pg.x0.min, pg.x0.max, pg.y0.min, pg.y0.max) == (-2.0, 2.0, -1.0, 3.0)
    pg.formula.value = "x**2"
    assert pg.objective.window == (-2.0, 2.0)


def test_the_key_names_the_running_optimizers_and_no_legend_covers_the_values():
    pg = playground("x**2", optimizers=("GradientDescent", "Adam"))
    assert "GradientDescent" in pg.key.value and "Adam" in pg.key.value and "Momentum" not in pg.key.value
    assert not any(mark.display_legend for mark in pg.values_chart.marks.values())
    pg.optimizers.value = ("Momentum",)
    assert "Momentum" in pg.key.value and "Adam" not in pg.key.value
