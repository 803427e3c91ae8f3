"""course_lib.widgets, driven headless: every control to its ends and between, the views change,
nothing raises, no warning escapes, and an error inside a callback is shown in the widget."""

import contextlib
import math
import sys

import ipywidgets
import numpy as np
import pytest

from course_lib import data, models, objectives, playground, run, style, widgets
from course_lib import optimizers as opt
from course_lib.descent import critical_learning_rate
from course_lib.optimizers import Adam, GradientDescent, Momentum
from course_lib.widgets import chart as _views
from tests._controls import settings
from tests._paths import assert_draws

pytestmark = pytest.mark.filterwarnings("error")


def _subclasses(cls):
    return [c for sub in cls.__subclasses__() for c in (sub, *_subclasses(sub))]


EXPLORER_CLASSES = {cls.__name__: cls for cls in _subclasses(widgets.Explorer)
                    if cls.__module__.startswith("course_lib")}
"""Every explorer of the course, found in the code (the playground's tests are in test_playground.py)."""


def _small_explorers():
    """Every explorer, at sizes that keep the whole sweep quick, and a few variants."""
    X, y = data.noisy_line(rng=42)
    race = {name: run(objectives.rosenbrock, o, [-1.5, 2.0], 60)
            for name, o in (("GD", GradientDescent(lr=1e-3)), ("Adam", Adam(lr=0.05)))}
    small = {  # keyword arguments per explorer class; an explorer not named here is built with its defaults
        "TrajectoryPlayer": {"runs": run(objectives.square, GradientDescent(lr=0.1), 10.0, 20)},
        "OptimizerRace": {"steps": 60},
        "BasinExplorer": {"starts": 41, "steps": 120},
        "MiniBatchExplorer": {"dataset": data.linear_data(120, rng=42), "epochs": 3},
        "RegimeExplorer": {"sweep": 40},
        "TrainingExplorer": {"dataset": data.two_moons(40, rng=0), "hidden": 6, "epochs": 8},
    }
    explorers = {name: (lambda cls=cls, name=name: cls(**small.get(name, {})))
                 for name, cls in EXPLORER_CLASSES.items() if name != "Playground"}
    return {
        **explorers,
        "descent_square": lambda: widgets.descent_explorer(objectives.square, optimizer="Momentum"),
        "player_race": lambda: widgets.trajectory_player(race),
        "regime_regression": lambda: widgets.regime_explorer(models.linear_regression_objective(X, y), sweep=30,
                                                             axis_labels=("w", "b")),
    }


EXPLORERS = _small_explorers()


def test_every_explorer_class_is_exercised():
    assert {"DescentExplorer", "FogExplorer", "TrajectoryPlayer", "OptimizerRace", "BasinExplorer",
            "MiniBatchExplorer", "RegimeExplorer", "TrainingExplorer", "Playground"} <= set(EXPLORER_CLASSES)
    assert set(EXPLORER_CLASSES) - {"Playground"} <= set(EXPLORERS)
    assert EXPLORER_CLASSES["Playground"] is playground.Playground  # on the same base as the others


def _view_data(explorer):
    """Everything the views would draw: each mark's data (and a picture's bytes), as bytes."""
    out = []
    for chart in explorer.charts:
        for name, mark in sorted(chart.marks.items()):
            for trait in ("x", "y", "color", "text"):
                if mark.has_trait(trait):
                    value = getattr(mark, trait)
                    out.append((name, trait, np.asarray(value).tobytes() if value is not None else b""))
            if mark.has_trait("image"):
                out.append((name, "image", mark.image.value))
    return out


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_control_at_its_ends_and_between_changes_the_views(name):
    explorer = EXPLORERS[name]()
    assert explorer.error.value == "", explorer.error.value
    for key, control in explorer.controls.items():
        if isinstance(control, ipywidgets.Play):
            continue  # Play drives the step slider in the browser (jslink); tested below
        for value in settings(control):
            if value == control.value:
                continue  # setting it again is no change
            before = _view_data(explorer)
            control.value = value
            assert explorer.error.value == "", f"{name}.{key} = {value!r}: {explorer.error.value}"
            assert _view_data(explorer) != before, f"{name}.{key} = {value!r} changed nothing"
            assert explorer.status.value, f"{name}.{key} = {value!r} left no status"


@pytest.mark.parametrize("name", EXPLORERS)
def test_css_classes_on_the_widget_every_control_and_view(name):
    explorer = EXPLORERS[name]()
    classes = explorer._dom_classes
    assert "cl-widget" in classes
    assert any(c.startswith("cl-") and c.endswith(("-explorer", "-player", "-race")) for c in classes)
    for key, control in explorer.controls.items():
        assert f"cl-{key.replace('_', '-')}" in control._dom_classes
    for chart in explorer.charts:
        assert "cl-plot" in chart.figure._dom_classes
    assert "cl-status" in explorer.status._dom_classes and "cl-error" in explorer.error._dom_classes
    # the figures have a fixed size, so nothing jumps when the data change
    for chart in explorer.charts:
        assert chart.figure.layout.width.endswith("px") and chart.figure.layout.height.endswith("px")


@pytest.mark.parametrize("name", EXPLORERS)
def test_without_a_widget_frontend_the_output_says_what_it_is(name):
    text = EXPLORERS[name]()._repr_mimebundle_()["text/plain"]
    assert text.startswith("[") and text.endswith("run the notebook in JupyterLab or Voilà to use it]")  # not cut


def _browser_snap(slider):
    """What the browser's slider (noUiSlider) sends back once drawn: its value snapped to min + k·step."""
    if isinstance(slider, ipywidgets.FloatLogSlider):
        k = round((math.log10(slider.value) - slider.min) / slider.step)
        return slider.base ** (slider.min + k * slider.step)
    return slider.min + round((slider.value - slider.min) / slider.step) * slider.step


@pytest.mark.parametrize("name", EXPLORERS)
def test_the_browser_sending_back_a_drawn_slider_keeps_its_value(name):
    explorer = EXPLORERS[name]()
    for key, control in explorer.controls.items():
        if isinstance(control, (ipywidgets.FloatSlider, ipywidgets.FloatLogSlider)):
            value = control.value
            control.value = _browser_snap(control)
            assert control.value == value, f"{name}.{key}: {value!r} came back as {control.value!r}"


@pytest.mark.parametrize("name", EXPLORERS)
def test_a_sliders_notches_are_the_values_a_drag_reaches(name):
    """``notches`` lists, in order, what the slider's value becomes at each position the browser can send back."""
    explorer = EXPLORERS[name]()
    for key, control in explorer.controls.items():
        if isinstance(control, (ipywidgets.FloatSlider, ipywidgets.FloatLogSlider)):  # every one of them anchored
            log = isinstance(control, ipywidgets.FloatLogSlider)
            positions = round((control.max - control.min) / control.step) + 1
            reached = []
            for k in range(positions):
                sent = control.min + k * control.step
                control.value = control.base ** sent if log else sent
                reached.append(control.value)
            assert control.notches.tolist() == reached, f"{name}.{key}"


def test_the_values_a_notebook_passes_are_the_values_used():
    valley = objectives.Objective("valley", f=lambda x: x * x / 10 + np.sin(x), grad=lambda x: x / 5 + np.cos(x),
                                  dim=1, window=(-6.0, 8.0))
    fog = widgets.fog_explorer(valley, x0=-4.5, lr=0.5, visibility=1.0)
    descent = widgets.descent_explorer(objectives.square, lr=0.1, x0=10.0, steps=20)
    for slider in (fog.x0, fog.lr, descent.x0, descent.lr):
        slider.value = _browser_snap(slider)
    assert (fog.x0.value, fog.lr.value, descent.x0.value, descent.lr.value) == (-4.5, 0.5, 10.0, 0.1)
    assert "x = 0.1153" in descent.status.value  # 10 · 0.8²⁰ = 0.115292, as the page prints
    # a value outside the default range widens the range instead of being clipped
    far = widgets.descent_explorer(objectives.square, lr=5.0, x0=50.0)
    assert (far.lr.value, far.x0.value) == (5.0, 50.0)
    # the range's ends are themselves where the grid meets them: μ = 0 is plain momentum-free descent
    race = widgets.optimizer_race(objectives.ill_conditioned_bowl, ("Momentum",), steps=10)
    race.momentum.value = race.momentum.min + 1e-17
    assert race.momentum.value == 0.0 and race.error.value == ""
    # after a change of objective the learning rate starts at its new default, exactly
    race.objective_name.value = "rosenbrock"
    assert race.lr.value == critical_learning_rate(objectives.rosenbrock) / 2
    # batch sizes: the one asked for is one of the options
    assert widgets.minibatch_explorer(data.linear_data(120, rng=42), batch_size=50, epochs=2).batch_size.value == 50
    assert widgets.training_explorer(data.two_moons(40, rng=0), batch_size=12, epochs=2).batch_size.value == 12


def test_descent_explorer_diverges_past_the_critical_rate_and_draws_no_nan():
    ex = widgets.descent_explorer(objectives.square, x0=10.0, steps=30)
    assert 10**ex.lr.max >= 2 * 1.0  # the slider reaches past 2/f″ = 1
    ex.lr.value = 1.5
    assert ex.trajectory.status == "diverged"
    assert "diverged" in ex.status.value and ex.error.value == ""
    path = ex.landscape.chart.marks["path"]
    assert np.all(np.isfinite(path.x)) and np.all(np.isfinite(path.y))
    np.testing.assert_array_equal(path.x, ex.trajectory.positions)
    ex.lr.value = 0.5
    assert ex.trajectory.status == "converged"  # 1/f″: one step lands on the minimum


def test_descent_explorer_draws_the_recorded_run_and_plays_it():
    ex = widgets.descent_explorer(objectives.square, lr=0.1, x0=10.0, steps=20)
    t = ex.trajectory
    assert t.positions[-1] == pytest.approx(0.115292, abs=1e-6)
    np.testing.assert_array_equal(ex.values_chart.marks["values"].y, t.values)
    assert "x = 0.1153" in ex.status.value
    assert ex.frame.max == 20 and ex.frame.value == 20
    ex.frame.value = 3
    np.testing.assert_array_equal(ex.landscape.chart.marks["path"].x, t.positions[:4])
    np.testing.assert_array_equal(ex.landscape.chart.marks["ends"].x, [t.positions[0], t.positions[3]])
    link = ex.frames.link
    assert (link.source[0], link.target[0]) == (ex.play, ex.frame)
    assert ex.play.max == ex.frame.max


def test_descent_explorer_gives_adaptive_methods_a_learning_rate_range_in_x_units():
    ex = widgets.descent_explorer(objectives.double_dip)
    plain_range = (ex.lr.min, ex.lr.max)
    ex.optimizer.value = "Adam"
    assert (ex.lr.min, ex.lr.max) != plain_range
    assert isinstance(ex.trajectory.optimizer, Adam) and ex.trajectory.optimizer.lr == ex.lr.value
    ex.optimizer.value = "GradientDescent"
    assert (ex.lr.min, ex.lr.max) == plain_range


def test_an_exception_inside_a_callback_is_shown_not_lost(monkeypatch):
    ex = widgets.descent_explorer(objectives.square)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(sys.modules[type(ex).__module__], "run", broken)
    ex.lr.value = 0.2
    assert "RuntimeError: injected failure" in ex.error.value and ex.error.layout.display is None
    assert "Traceback" in ex.error.value  # the details are there, folded away
    monkeypatch.undo()
    ex.lr.value = 0.3
    assert ex.error.value == "" and ex.error.layout.display == "none"


def test_fog_explorer_steps_downhill_and_reveals_the_valley():
    fog = widgets.fog_explorer(objectives.double_dip, x0=2.8, lr=0.02, visibility=0.5)
    chart = fog.chart
    fog_mark = chart.marks["fog"]
    assert len(chart.marks["valley"].x) == 0 and len(fog_mark.x) == 2  # a band on each side of the hiker
    # bqplot fills line i with fill_colors[i] and fill_opacities[i] (no cycling): both bands need theirs
    assert len(fog_mark.fill_colors) == len(fog_mark.fill_opacities) == 2
    slope = objectives.double_dip.grad(2.8)
    assert f"moves x by −η·f′(x) = −0.02·({slope:.4g}) = {-0.02 * slope:+.4g}".replace("-", "−") in fog.status.value
    assert "not started" in fog.status.value and "at the start: x = 2.8," in fog.status.value
    seen = chart.marks["visible"].x
    assert seen.min() == pytest.approx(2.3) and seen.max() == pytest.approx(3.2)  # clipped at the window's edge
    for _ in range(3):
        fog.step_button.click()
    assert fog.steps_taken == 3
    np.testing.assert_allclose(fog.trajectory.positions, run(objectives.double_dip, GradientDescent(lr=0.02), 2.8,
                                                             3).positions)
    np.testing.assert_array_equal(chart.marks["hiker"].x, fog.trajectory.positions[-1:])
    assert len(chart.marks["footprints"].x) == 3
    arrow = chart.marks["next step"]  # from the hiker to where the next step lands, with a head there
    tail, tip = arrow.x[:2]  # one arrow: tail, tip, barb, tip, barb
    assert tail == fog.trajectory.positions[-1]
    assert tip == pytest.approx(fog.trajectory.positions[-1] - 0.02 * fog.trajectory.gradients[-1])
    fog.reveal.value = True
    assert len(chart.marks["valley"].x) == 300 and len(chart.marks["fog"].x) == 0
    assert chart.figure.title == "The valley revealed"
    fog.reset_button.click()
    assert fog.steps_taken == 0 and len(chart.marks["footprints"].x) == 0
    with pytest.raises(ValueError, match="visibility"):
        widgets.fog_explorer(visibility=0)


def test_fog_explorer_too_big_a_step_leaves_the_map_cleanly():
    fog = widgets.fog_explorer(objectives.square, x0=10.0, lr=1.9)
    for _ in range(40):
        fog.step_button.click()
    assert fog.trajectory.status == "diverged" and "left the map" in fog.status.value
    assert fog.error.value == ""


def test_optimizer_race_runs_the_picked_optimizers_with_the_sliders_values():
    race = widgets.optimizer_race(objectives.ill_conditioned_bowl, ("GradientDescent", "Momentum", "Adam"), steps=80)
    assert set(race.trajectories) == {"GradientDescent", "Momentum", "Adam"}
    race.momentum.value = 0.5
    race.beta1.value = 0.8
    assert race.trajectories["Momentum"].optimizer.momentum == 0.5
    assert race.trajectories["Adam"].optimizer.betas == (0.8, race.beta2.value)
    assert race.trajectories["GradientDescent"].optimizer.lr == race.lr.value
    assert race.trajectories["Adam"].optimizer.lr == race.adaptive_lr.value
    adam = race.trajectories["Adam"].positions
    assert len(adam) == 81
    assert_draws(race.view, "Adam", adam[:, 0], adam[:, 1])
    assert race.view.drawn("RMSProp") is None  # not racing: not drawn
    # arrows: Momentum's velocity (GD and Adam's first moment too, where they have one)
    race.arrows.value = "velocity"
    assert len(race.view.chart.marks["arrows"].x) > 0
    race.optimizers.value = ("GradientDescent",)
    assert len(race.view.chart.marks["arrows"].x) == 0  # plain descent has no velocity
    race.arrows.value = "step size"
    assert len(race.view.chart.marks["arrows"].x) > 0
    # a new objective repaints the contours (new picture bytes) and resets the learning-rate ranges
    picture = race.view.chart.marks["contours"].image.value
    race.objective_name.value = "rosenbrock"
    assert race.view.chart.marks["contours"].image.value != picture
    assert race.trajectories["GradientDescent"].objective is objectives.rosenbrock
    with pytest.raises(ValueError, match="2-D objective"):
        widgets.optimizer_race(objectives.square)
    with pytest.raises(ValueError, match="optimizers must be names"):
        widgets.optimizer_race(optimizers=("SGD",))


def test_the_race_sets_only_the_hyperparameters_each_optimizer_has():
    """β₂ is Adam's; RMSProp keeps its own α = 0.99 (it used to get β₂ = 0.999), Nesterov at μ = 0 is plain descent."""
    race = widgets.optimizer_race(objectives.ill_conditioned_bowl, ("RMSProp", "Adam", "Nesterov"), steps=10)
    assert race.trajectories["RMSProp"].optimizer.alpha == 0.99 and race.beta2.value == 0.999
    race.beta2.value = 0.95
    assert race.trajectories["RMSProp"].optimizer == opt.RMSProp(lr=race.adaptive_lr.value)
    assert race.trajectories["Adam"].optimizer.betas == (race.beta1.value, 0.95)
    race.momentum.value = 0.0
    assert race.trajectories["Nesterov"].optimizer == GradientDescent(lr=race.lr.value) and race.error.value == ""


def test_the_race_starts_where_the_objective_says():
    race = widgets.optimizer_race(objectives.beale, ("Adam",), steps=5)
    np.testing.assert_array_equal(race.trajectories["Adam"].positions[0], objectives.beale.start)
    race.objective_name.value = "saddle"
    np.testing.assert_array_equal(race.trajectories["Adam"].positions[0], objectives.saddle.start)


def test_a_new_objective_gives_the_contour_view_a_new_picture_widget_and_title():
    # bqplot's Image mark redraws in the browser only when its `image` trait gets another widget:
    # new bytes inside the same widget leave the old picture on screen.
    race = widgets.optimizer_race(objectives.ill_conditioned_bowl, ("Adam",), steps=20)
    mark = race.view.chart.marks["contours"]
    before = mark.image
    assert race.view.chart.figure.title == f"f = {objectives.ill_conditioned_bowl.formula}"
    race.objective_name.value = "beale"
    assert mark.image is not before and mark.image.value != before.value
    assert before.comm is None  # the old picture's widget is closed, not leaked
    assert race.view.chart.figure.title == f"f = {objectives.beale.formula}"
    np.testing.assert_array_equal(mark.x, objectives.beale.window[0])
    # a view with a title of its own keeps it
    mb = widgets.minibatch_explorer(data.linear_data(120, rng=42), epochs=2)
    assert mb.view.chart.figure.title == "Path of (w₁, w₂) on the loss"


def test_basin_explorer_shows_momentum_carrying_a_start_over_the_hump():
    basin = widgets.basin_explorer(objectives.double_dip, x0=3.0, momentum=0.0, lr=0.01, steps=200, starts=41)
    assert "local minimum" in basin.status.value
    basin.momentum.value = 0.9
    assert "global minimum" in basin.status.value  # the fact sheet: momentum 0.9 from 3 reaches x ≈ −2.03
    plain, heavy = basin.basins.values()
    assert np.sum(heavy == 0) > np.sum(plain == 0)
    assert basin.basin_chart.marks["x0"].x.tolist() == [3.0, 3.0]


def test_minibatch_explorer_fits_with_the_chosen_batch_size():
    mb = widgets.minibatch_explorer(data.linear_data(120, rng=42), batch_size=32, lr=0.05, epochs=4)
    assert len(mb.result.loss_history) == 5 and mb.result.examples_seen[-1] == 4 * 120
    np.testing.assert_array_equal(mb.loss_chart.marks["loss"].y, mb.result.loss_history)
    assert_draws(mb.view, "w", mb.result.path[:, 0], mb.result.path[:, 1])
    mb.batch_size.value = 120
    assert len(mb.result.step_losses) == 5  # full batch: one step per epoch
    mb.lr.value = 10**mb.lr.max
    mb.batch_size.value = 1
    assert mb.result.status == "diverged" and "diverged" in mb.status.value and mb.error.value == ""


def test_minibatch_explorer_samples_with_replacement_and_scales_the_rate_with_the_batch():
    dataset = data.linear_data(120, rng=42)
    mb = widgets.minibatch_explorer(dataset, batch_size=16, lr=0.02, epochs=3)
    model = models.LinearRegression(3, fit_intercept=False)

    def expected(batch, lr, replace):
        return models.fit(model, GradientDescent(lr=lr), dataset.X, dataset.y, epochs=3, batch_size=batch,
                          replace=replace, rng=0, params0=np.zeros(3)).params

    np.testing.assert_array_equal(mb.result.params, expected(16, 0.02, False))
    mb.sampling.value = "with replacement"
    np.testing.assert_array_equal(mb.result.params, expected(16, 0.02, True))
    assert "with replacement" in mb.status.value
    assert mb.reference is None and len(mb.loss_chart.marks["reference"].y) == 0
    mb.linear_scaling.value = True  # at the starting batch size the rule changes nothing: both curves coincide
    np.testing.assert_array_equal(mb.result.params, expected(16, 0.02, True))
    assert "× 16/16" in mb.status.value
    np.testing.assert_array_equal(mb.loss_chart.marks["reference"].y, mb.result.loss_history)
    mb.batch_size.value = 64  # η = 0.02 × 64/16
    np.testing.assert_array_equal(mb.result.params, expected(64, 0.08, True))
    assert "0.08 = 0.02 × 64/16" in mb.status.value
    np.testing.assert_array_equal(mb.reference.params, expected(16, 0.02, True))  # the dashed run: B = 16, η 0.02
    np.testing.assert_array_equal(mb.loss_chart.marks["reference"].y, mb.reference.loss_history)
    mb.linear_scaling.value = False
    assert mb.reference is None and len(mb.loss_chart.marks["reference"].y) == 0
    np.testing.assert_array_equal(mb.result.params, expected(64, 0.02, True))


def test_regime_explorer_marks_the_regimes_of_the_fact_sheet():
    # f = x² − 4x + 5 from 0, 20 steps: 0.5 converges, 1.0 oscillates, 1.1 diverges
    ex = widgets.regime_explorer(objectives.shifted_parabola, x0=0.0, steps=20, sweep=60)
    for lr, status in ((0.5, "converged"), (1.0, "oscillating"), (1.1, "diverged"), (0.1, "still converging")):
        ex.lr.value = lr
        assert ex.trajectory.status == status, lr
        assert status in ex.status.value
    assert "2/f″ = 1" in ex.status.value
    diverged = ex.map_chart.marks["status:diverged"].x
    assert len(diverged) and np.all(diverged > 1.0)
    assert ex.map_chart.marks["lr"].x.tolist() == [0.1, 0.1]


@pytest.mark.parametrize("objective", [objectives.shifted_parabola, objectives.square, "line fit"])
def test_regime_slider_stops_exactly_at_the_one_step_and_critical_rates(objective):
    if objective == "line fit":
        objective = models.linear_regression_objective(*data.noisy_line(rng=42))
    ex = widgets.regime_explorer(objective, steps=20, sweep=20)
    critical = critical_learning_rate(objective)
    on_grid = {}
    for target in (critical / 2, critical):
        k = round((target - ex.lr.min) / ex.lr.step)
        ex.lr.value = ex.lr.min + k * ex.lr.step  # a slider position, as the browser computes it
        on_grid[target] = ex.lr.value
    assert on_grid == {critical / 2: critical / 2, critical: critical}


@pytest.mark.parametrize("name", ["RMSProp", "Adam", "AdamW", "AdaGrad"])
def test_explorers_without_beta_sliders_use_each_optimizers_defaults(name):
    """What notebook 10's table trains (RMSProp(lr) with α = 0.99) is what its explorer trains."""
    moons = data.two_moons(40, rng=0)
    tr = widgets.training_explorer(moons, hidden=6, optimizer=name, lr=0.03, epochs=5, batch_size=8)
    expected = models.fit(models.MLP([2, 6, 1]), opt.ALL[name](lr=0.03), moons.X, moons.y, epochs=5, batch_size=8,
                          rng=0)
    np.testing.assert_array_equal(tr.result.loss_history, expected.loss_history)


def test_training_explorer_trains_with_a_schedule():
    tr = widgets.training_explorer(data.two_moons(40, rng=0), hidden=6, epochs=10)
    tr.schedule.value = "cosine decay"
    assert type(tr.result) is models.FitResult and len(tr.result.loss_history) == 11
    colors = tr.boundary_chart.marks["probability"].color
    assert colors.shape == (50, 50) and np.all((colors >= 0) & (colors <= 1))
    assert "cosine decay" in tr.status.value
    with pytest.raises(ValueError, match="name must be one of"):
        widgets.make_schedule("linear", 0.1, 10)
    assert widgets.make_schedule("warm-up + cosine", 0.1, 100)(0) == pytest.approx(0.01)


@pytest.mark.parametrize("name", widgets.SCHEDULES)
def test_every_schedule_of_the_training_explorer_spans_runs_of_any_length(name):
    for total in (1, 2, 3, 7, 420):
        rates = widgets.make_schedule(name, 0.3, total).values(total)
        assert np.all(np.isfinite(rates)) and np.all((0 <= rates) & (rates <= 0.3 + 1e-12)), (name, total)
    long_run = widgets.make_schedule(name, 0.3, 420).values(420)
    assert long_run.max() == pytest.approx(0.3, rel=1e-3)  # every schedule reaches its peak


def test_trajectory_player_scrubs_through_a_race():
    race = {"Momentum": run(objectives.rosenbrock, Momentum(lr=1e-3), [-1.5, 2.0], 40),
            "Adam": run(objectives.rosenbrock, Adam(lr=0.05), [-1.5, 2.0], 40)}
    player = widgets.trajectory_player(race)
    player.frame.value = 10
    for name, t in race.items():
        assert_draws(player.view, name, t.positions[:11, 0], t.positions[:11, 1])
    assert "step 10" in player.status.value
    with pytest.raises(ValueError, match="one run"):
        widgets.trajectory_player(run(objectives.square, GradientDescent(lr=0.1), np.ones(2), 3))


def test_a_long_path_carries_its_marker_on_a_few_of_its_points_only():
    race = {name: run(objectives.rosenbrock, cls(lr=1e-3), [-1.5, 2.0], 1000) for name, cls in
            (("Momentum", Momentum), ("Adam", Adam))}
    player = widgets.trajectory_player(race)
    view = player.view
    for k in (5, 59, 300, 1000):
        player.frame.value = k
        for name, t in race.items():
            path = t.positions[:k + 1]
            assert_draws(view, name, path[:, 0], path[:, 1])  # the path, as the screen shows it
            drawn = view.drawn(name)
            assert len(drawn["markers"]) == min(k + 1, _views.MARKED_POINTS)
            assert view.chart.marks[f"paths:{drawn['line_style']}"].marker is None
            # evenly spread over the path's steps, its first and last point included
            markers = drawn["markers"]
            assert np.array_equal(markers[0], path[0]) and np.array_equal(markers[-1], path[-1])
            assert {tuple(p) for p in markers} <= {tuple(p) for p in path}
            assert np.array_equal(drawn["end"], path[-1])
    # a converging run takes hundreds of steps within a pixel: its picture needs far fewer points than steps
    assert len(view.drawn("Adam")["path"]) < 200 < len(race["Adam"].positions)
    # the runs share their marks: a frame sends a message per line style and marker, and one for the ends
    assert len(view.chart.marks) <= 4 + len(style.LINE_STYLES) + len(style.MARKERS) + 1


def test_explorers_refuse_objectives_of_the_wrong_dimension():
    with pytest.raises(ValueError, match="1-D objective"):
        widgets.descent_explorer(objectives.rosenbrock)
    with pytest.raises(ValueError, match="1-D objective"):
        widgets.basin_explorer(objectives.beale)
    with pytest.raises(ValueError, match="optimizer must be a name from"):
        widgets.descent_explorer(optimizer="SGD")


def test_small_batches_get_fewer_epochs_so_a_slider_stays_quick(monkeypatch):
    mb = widgets.minibatch_explorer(data.linear_data(1000, rng=42), epochs=10)
    fits = []
    real_fit = models.fit
    monkeypatch.setattr(models, "fit", lambda *a, **k: fits.append(k["batch_size"]) or real_fit(*a, **k))
    mb.batch_size.value = 1  # 1000 steps per epoch: at most 5 epochs (5,000 steps)
    assert (mb.epochs.max, mb.epochs.value) == (5, 5)
    assert len(mb.result.step_losses) - 1 == 5000
    assert fits == [1]  # one run per change, even though the epochs value had to drop
    mb.batch_size.value = 1000
    assert mb.epochs.max == 50 and fits == [1, 1000]


def _label_width_em(text):
    """A generous width of a tick label, in ems of the tick font (DejaVu Sans: digits 0.64 em, '−' 0.84)."""
    return sum(0.84 if c in "−+" else 0.32 if c == "." else 0.64 for c in text)


@pytest.mark.parametrize("name", ["OptimizerRace", "MiniBatchExplorer", "TrainingExplorer", "DescentExplorer"])
def test_y_axis_titles_stand_clear_of_the_tick_labels(name):
    explorer = EXPLORERS[name]()
    for chart in explorer.charts:
        axis = chart.y_axis
        if not axis.visible:
            continue
        labels = axis.tick_labels
        # every tick has its label, looked up the way bqplot does: by JavaScript's String(value)
        assert set(labels) == {_views.js_number(t) for t in axis.tick_values}
        assert 2 <= len(labels) <= 12
        widest = max(_label_width_em(text) for text in labels.values())
        # the title sits beyond the widest label, the tick and a gap: in whole ex (bqplot parses an integer) of
        # the title's font, an ex being over half an em, ticks 0.86 em of it
        assert axis.label_offset.endswith("ex") and axis.label_offset[:-2].isdigit()
        assert int(axis.label_offset[:-2]) / 2 >= 0.86 * widest + 0.9, (name, labels, axis.label_offset)


def test_tick_labels_are_short_and_keyed_as_javascript_writes_numbers():
    # JavaScript's String(): fixed notation from 1e-6 up to 1e21, shortest round-trip digits
    cases = {1e-7: "1e-7", 1.5e-7: "1.5e-7", 1e-6: "0.000001", 0.1: "0.1", 2.0: "2", -0.5: "-0.5",
             123.456: "123.456", 1e20: "100000000000000000000", 1e21: "1e+21", 0.0: "0"}
    assert {v: _views.js_number(v) for v in cases} == cases
    chart = _views.Chart("ticks", "x", "y", y_range=(-0.0012, 0.0012))
    assert set(chart.y_axis.tick_labels.values()) == {style.number(t) for t in chart.y_axis.tick_values}
    assert {"−5e−4", "−0.001", "0"} <= set(chart.y_axis.tick_labels.values())  # the course's number format


@pytest.mark.parametrize("name", ["OptimizerRace", "DescentExplorer", "RegimeExplorer"])
def test_x_ticks_are_labelled_with_a_real_minus_inside_the_axis(name):
    for chart in EXPLORERS[name]().charts:
        axis, scale = chart.x_axis, chart.x_scale
        assert set(axis.tick_labels) == {_views.js_number(t) for t in axis.tick_values}
        assert not any("-" in label for label in axis.tick_labels.values())  # a minus sign, not a hyphen
        if scale.min is not None:  # a fixed range: every tick on the axis, none beyond its ends
            width = scale.max - scale.min
            assert all(scale.min - 0.02 * width <= t <= scale.max + 0.02 * width for t in axis.tick_values)


def test_a_single_value_gets_an_axis_around_it():
    chart = _views.Chart("one point", "x", "y", y_log=True)
    chart.lines("loss")
    chart.set("loss", [0.0], [6.7])
    assert chart.x_scale.min < 0 < chart.x_scale.max
    assert chart.y_scale.min < 6.7 < chart.y_scale.max and chart.y_scale.min > 0
    assert len(chart.y_axis.tick_values) >= 2
    chart.set("loss", [0.0, 1.0], [6.7, 3.0])  # two values: the axes follow the data again
    assert chart.x_scale.min is None and chart.y_scale.max is None


def test_a_batch_of_new_data_relabels_the_axes_once():
    def relabels(batched: bool):
        chart = _views.Chart("three runs", "step", "f")
        for name in "abc":
            chart.lines(name)
        ticks = []
        chart.y_axis.observe(lambda change: ticks.append(change.new), names="tick_values")
        with chart.batch() if batched else contextlib.nullcontext():
            for name, top in zip("abc", (10, 100, 1000), strict=True):
                chart.set(name, [0, 1], [0, top])
        return ticks

    assert len(relabels(batched=False)) == 3  # after every set, each time the data grew
    once = relabels(batched=True)
    assert len(once) == 1 and once[0][-1] >= 1000  # fitted to all three lines at once


def test_race_legend_sits_beside_the_plots_and_lists_the_racers():
    race = widgets.optimizer_race(objectives.ill_conditioned_bowl, ("GradientDescent", "Adam"), steps=20)
    assert not any(mark.display_legend for mark in race.view.chart.marks.values())  # nothing over the contours
    assert "cl-key" in race.key._dom_classes
    assert "GradientDescent" in race.key.value and "Adam" in race.key.value and "Momentum" not in race.key.value
    race.optimizers.value = ("Momentum",)
    assert "Momentum" in race.key.value and "Adam" not in race.key.value


@pytest.fixture
def runs(monkeypatch):
    """A list that gets an entry for every ``run`` the widgets call."""
    calls = []
    # the explorers' modules, and the base's (Explorer.cached_run)
    for module in {sys.modules[cls.__module__] for cls in (widgets.Explorer, *EXPLORER_CLASSES.values())}:
        if not hasattr(module, "run"):
            continue  # trains with models.fit
        real_run = module.run
        monkeypatch.setattr(module, "run", lambda *a, real_run=real_run, **k: calls.append(1) or real_run(*a, **k))
    return calls


def test_a_control_that_retargets_a_slider_reruns_once(runs):
    race = widgets.optimizer_race(objectives.rosenbrock, ("GradientDescent", "Adam"), steps=20)
    runs.clear()
    race.objective_name.value = "beale"  # two new learning-rate ranges, then one run per optimizer
    assert len(runs) == 2
    descent = widgets.descent_explorer(objectives.square)
    runs.clear()
    descent.optimizer.value = "Adam"  # a new learning-rate range (in x units), then one run
    assert len(runs) == 1


def test_a_race_reruns_only_the_runs_a_control_changes(runs):
    race = widgets.optimizer_race(objectives.rosenbrock, ("GradientDescent", "Momentum", "Adam"), steps=20)
    adam = race.trajectories["Adam"]
    runs.clear()
    race.lr.value = race.lr.value * 10**race.lr.step  # η of the plain methods: GD and Momentum run again
    assert len(runs) == 2 and race.trajectories["Adam"] is adam
    race.momentum.value = 0.5  # only Momentum has a momentum
    assert len(runs) == 3
    race.beta1.value = 0.8  # only Adam has betas
    assert len(runs) == 4 and race.trajectories["Adam"] is not adam
    race.steps.value = 30  # every run is longer
    assert len(runs) == 7 and all(len(t.values) == 31 for t in race.trajectories.values())


def test_the_race_draws_other_state_arrows_without_running_again(runs):
    race = widgets.optimizer_race(objectives.rosenbrock, ("Momentum", "Adam"), steps=20)
    runs.clear()
    arrows = race.view.chart.marks["arrows"]
    race.arrows.value = "velocity"
    velocity = np.array(arrows.x)
    race.arrows.value = "step size"
    assert runs == [] and velocity.size and not np.array_equal(np.array(arrows.x), velocity)
    race.arrows.value = "none"
    assert runs == [] and np.array(arrows.x).size == 0


def test_the_rate_map_moves_its_marker_and_computes_the_map_once_per_form(monkeypatch):
    from course_lib import spectral

    ex = widgets.momentum_rate_map(objectives.ill_conditioned_bowl, lr=0.05, momentum=0.5, steps=80)
    heat = ex.map.marks["rates"]
    assert heat.color.shape == (len(ex.momentum_grid), len(ex.lr_grid))
    assert list(ex.map.marks["marker"].x) == [0.05] and list(ex.map.marks["marker"].y) == [0.5]
    assert ex.rate == pytest.approx(float(spectral.momentum_rate(0.05, 0.5, [1.0, 20.0])))
    assert ex.trajectory.optimizer == Momentum(lr=0.05, momentum=0.5)
    calls = []
    monkeypatch.setattr(spectral, "momentum_rate", lambda *a, **k: calls.append(a) or np.float64(0.5))
    colors = heat.color
    ex.lr.value = 0.1
    assert heat.color is colors and list(ex.map.marks["marker"].x) == [0.1]  # only the marker moved
    monkeypatch.undo()
    ex.form.value = "Nesterov"
    assert not np.array_equal(heat.color, colors) and isinstance(ex.trajectory.optimizer, opt.Nesterov)
    ex.momentum.value = 0.0
    assert ex.trajectory.optimizer == GradientDescent(lr=0.1)
    critical = spectral.momentum_critical_lr([1.0, 20.0], 0.9)
    ex.form.value, ex.momentum.value = "heavy ball", 0.9
    ex.lr.value = 1.02 * critical
    assert ex.trajectory.status == "diverged" and ex.rate > 1
    with pytest.raises(ValueError, match="quadratic"):
        widgets.momentum_rate_map(objectives.rosenbrock)
