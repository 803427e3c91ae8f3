"""course_lib.plots: each figure draws the recorded run it was given, labelled, with no NaN."""

import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import analysis, data, models, objectives, plots, run
from course_lib.optimizers import GradientDescent, Momentum
from tests._races import rosenbrock_race

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _finite_line_data(drawn_lines):
    for line in drawn_lines:
        assert np.all(np.isfinite(line.get_xydata())), line.get_label()


def _legend_texts(ax):
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def test_curve_with_trajectory_draws_the_recorded_path_with_labels():
    t = run(objectives.square, GradientDescent(lr=0.1), x0=10.0, steps=20)
    drawn = plots.curve_with_trajectory(t)
    np.testing.assert_array_equal(drawn.paths[0].get_xdata(), t.positions)
    np.testing.assert_array_equal(drawn.paths[0].get_ydata(), t.values)
    assert drawn.ax.get_title() == "GradientDescent(lr=0.1) on f(x) = x²"
    assert (drawn.ax.get_xlabel(), drawn.ax.get_ylabel()) == ("x", "f(x)")
    assert "still converging after 20 steps: x = 0.1153" == drawn.status.get_text()
    assert "global minimum" in _legend_texts(drawn.ax)
    assert repr(drawn) == "Drawn(ax, curve, paths, starts, ends, minima, status)"


def test_curve_with_trajectory_of_a_diverged_run_keeps_the_window_and_says_diverged():
    t = run(objectives.square, GradientDescent(lr=1.1), x0=10.0, steps=100)
    assert t.status == "diverged"
    drawn = plots.curve_with_trajectory(t)
    assert drawn.ax.get_xlim() == objectives.square.window
    assert drawn.status.get_text().startswith("diverged after")
    _finite_line_data([drawn.curve, *drawn.paths, *drawn.starts, *drawn.ends])


def test_curve_with_trajectory_draws_one_path_per_start_and_counts_statuses():
    t = run(objectives.double_dip, GradientDescent(lr=0.02), x0=np.array([-3.0, -1.0, 0.5, 2.5]), steps=40)
    drawn = plots.curve_with_trajectory(t)
    assert len(drawn.paths) == len(drawn.starts) == 4
    for i, line in enumerate(drawn.paths):
        np.testing.assert_array_equal(line.get_xdata(), t.path(i))
    assert drawn.status.get_text() == "4 converged"


def test_curve_with_trajectory_refuses_a_2d_run():
    t = run(objectives.rosenbrock, GradientDescent(lr=1e-3), x0=[0.0, 0.0], steps=3)
    with pytest.raises(ValueError, match="1-D objective"):
        plots.curve_with_trajectory(t)


def test_foggy_curve_shows_only_the_window_and_the_recorded_slope():
    t = run(objectives.double_dip, GradientDescent(lr=0.02), x0=2.5, steps=3)
    drawn = plots.foggy_curve(t, visibility=0.5)
    x = t.positions[-1]
    seen = drawn.visible.get_xdata()
    assert seen.min() == pytest.approx(x - 0.5) and seen.max() == pytest.approx(x + 0.5)
    assert not drawn.hidden.get_visible() and len(drawn.fog) == 2
    sx, sy = drawn.slope.get_xdata(), drawn.slope.get_ydata()
    assert (sy[1] - sy[0]) / (sx[1] - sx[0]) == pytest.approx(t.gradients[-1])
    np.testing.assert_array_equal(drawn.footprints.get_xdata(), t.positions[:-1])
    revealed = plots.foggy_curve(t, visibility=0.5, reveal=True, ax=plt.subplots()[1])
    assert revealed.hidden.get_visible() and revealed.fog == []
    assert "revealed" in revealed.ax.get_title()
    with pytest.raises(ValueError, match="visibility"):
        plots.foggy_curve(t, visibility=0)


def test_value_per_step_plain_and_gap():
    runs = {f"lr {lr}": run(objectives.square, GradientDescent(lr=lr), x0=10.0, steps=20) for lr in (0.1, 0.5, 1.1)}
    drawn = plots.value_per_step(runs)
    np.testing.assert_array_equal(drawn.lines[0].get_ydata(), runs["lr 0.1"].values)
    assert _legend_texts(drawn.ax) == ["lr 0.1 (still converging)", "lr 0.5 (converged)", "lr 1.1 (diverged)"]
    gap = plots.value_per_step(runs, gap=True, ax=plt.subplots()[1])
    assert gap.ax.get_yscale() == "log" and gap.ax.get_ylabel() == "f(x_k) − f*"
    # lr 0.5 lands exactly on the minimum: the zero gap is drawn at the float64 floor, not as -inf
    assert np.all(gap.lines[1].get_ydata()[1:] == 1e-16)
    saddle_run = run(objectives.saddle, GradientDescent(lr=0.1), x0=[1.0, 0.1], steps=3)
    with pytest.raises(ValueError, match="global minimum"):
        plots.value_per_step(saddle_run, gap=True)


def test_contour_with_paths_draws_every_run_with_its_status_in_the_legend():
    race = rosenbrock_race()
    drawn = plots.contour_with_paths(race)
    assert len(drawn.paths) == 3
    for line, (name, t) in zip(drawn.paths, race.items(), strict=True):
        np.testing.assert_array_equal(line.get_xydata(), t.positions)
        assert line.get_label().startswith(f"{name}: {t.status}, f = ")
        assert line.get_color() == plots.OPTIMIZER_COLORS[name]
    assert drawn.ax.get_title() == f"f = {objectives.rosenbrock.formula}"
    assert (drawn.ax.get_xlabel(), drawn.ax.get_ylabel()) == ("x₁", "x₂")
    assert "global minimum" in _legend_texts(drawn.ax)
    # Rosenbrock spans orders of magnitude: the levels are log-spaced
    levels = drawn.contours.levels
    assert levels[1] - levels[0] < (levels[-1] - levels[-2]) / 100


def test_contour_with_paths_checks_its_input():
    with pytest.raises(ValueError, match="2-D objective"):
        plots.contour_with_paths(run(objectives.square, GradientDescent(lr=0.1), x0=1.0, steps=2))
    a = run(objectives.rosenbrock, GradientDescent(lr=1e-3), x0=[0.0, 0.0], steps=2)
    b = run(objectives.beale, GradientDescent(lr=1e-3), x0=[0.0, 0.0], steps=2)
    with pytest.raises(ValueError, match="same objective"):
        plots.contour_with_paths({"a": a, "b": b})
    with pytest.raises(ValueError, match="non-empty mapping"):
        plots.contour_with_paths({})


def test_state_arrows_draw_on_an_existing_axes():
    race = rosenbrock_race(steps=30, record_state=True)
    drawn = plots.contour_with_paths(race)
    arrows = plots.state_arrows(race["Momentum"], drawn.ax, "velocity", every=5)
    assert arrows.arrows.N == 6
    crosses = plots.state_arrows(race["Adam"], drawn.ax, "step_size", every=10)
    assert len(crosses.arrows.get_segments()) == 2 * 3


def _fits():
    X, y = data.linear_data(200, rng=1)
    model = models.LinearRegression(3, fit_intercept=False)
    return {
        "full batch": models.fit(model, GradientDescent(lr=0.05), X, y, epochs=10, rng=0),
        "batch 32": models.fit(model, GradientDescent(lr=0.05), X, y, epochs=10, batch_size=32, rng=0),
        "too fast": models.fit(model, GradientDescent(lr=5.0), X, y, epochs=10, rng=0),
    }


def test_eigen_directions_cross_the_contour_at_the_given_height_along_each_eigenvector():
    X, y = data.noisy_line(rng=42)
    mse = models.linear_regression_objective(X, y)
    best = mse.global_minimum
    curvatures, directions = np.linalg.eigh(mse.hessian(best.position))
    drawn_paths = plots.contour_with_paths(run(mse, GradientDescent(lr=0.5), [4.5, -0.3], steps=50))
    drawn = plots.eigen_directions(drawn_paths.ax, best.position, curvatures, directions, height=0.5)
    assert len(drawn.axes) == 2
    for line, curvature, direction in zip(drawn.axes, curvatures, directions.T, strict=True):
        ends = line.get_xydata()
        assert np.allclose(mse.f(ends), best.value + 0.5, rtol=1e-9)  # both ends on the contour
        along = (ends[1] - ends[0]) / np.linalg.norm(ends[1] - ends[0])
        assert abs(abs(along @ direction) - 1) < 1e-12  # along the eigenvector
        assert f"λ = {curvature:.4g}" in line.get_label()
    lengths = [np.linalg.norm(np.diff(line.get_xydata(), axis=0)) for line in drawn.axes]
    assert lengths[0] > lengths[1]  # the flat direction (the smaller λ) is the long one
    assert sum("eigen-direction" in text for text in _legend_texts(drawn.ax)) == 2


def test_eigen_directions_checks_its_input():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="curvatures must be positive"):
        plots.eigen_directions(ax, [0, 0], [-1.0, 2.0], np.eye(2), height=1.0)
    with pytest.raises(ValueError, match="height must be a finite number > 0, got 0"):
        plots.eigen_directions(ax, [0, 0], [1.0, 2.0], np.eye(2), height=0)
    with pytest.raises(ValueError, match="shape"):
        plots.eigen_directions(ax, [0, 0, 0], [1.0, 2.0], np.eye(2), height=1.0)


def test_loss_curves_per_epoch_and_per_example():
    fits = _fits()
    assert fits["too fast"].status == "diverged"
    drawn = plots.loss_curves(fits)
    np.testing.assert_array_equal(drawn.lines[0].get_ydata(), fits["full batch"].loss_history)
    assert _legend_texts(drawn.ax) == ["full batch", "batch 32", "too fast (diverged)"]
    assert drawn.ax.get_yscale() == "log" and drawn.ax.get_xlabel() == "epoch"
    per_example = plots.loss_curves(fits, per="example", ax=plt.subplots()[1])
    np.testing.assert_array_equal(per_example.lines[1].get_xdata(), fits["batch 32"].examples_seen)
    raw = plots.loss_curves({"mine": [3.0, 2.0, 1.0]}, log_scale=False, ax=plt.subplots()[1])
    np.testing.assert_array_equal(raw.lines[0].get_xdata(), [0, 1, 2])
    with pytest.raises(ValueError, match="per"):
        plots.loss_curves(fits, per="hour")


def test_basin_strip_colours_every_start_by_its_minimum():
    starts = np.linspace(-3.2, 3.2, 101)
    runs = {"plain": run(objectives.double_dip, GradientDescent(lr=0.01), starts, 300),
            "momentum 0.9": run(objectives.double_dip, Momentum(lr=0.01), starts, 300)}
    drawn = plots.basin_strip(runs)
    assert len(drawn.cells) == 2
    plain = drawn.outcomes[0]
    # without momentum the basins meet at the maximum x ≈ 0.0626
    assert np.all(plain[starts < 0.06] == 0) and np.all(plain[starts > 0.07] == 1)
    assert np.array_equal(drawn.cells[0].get_array().ravel(), plain)
    assert [t.get_text() for t in drawn.legend.get_texts()] == [
        "global minimum at −2.031", "local minimum at 1.968", "diverged or not settled"]
    assert [t.get_text() for t in drawn.ax.get_yticklabels()] == ["plain", "momentum 0.9"]
    assert drawn.ax.get_title() and drawn.ax.get_xlabel() == "starting point x₀"


def test_regime_map_shows_status_per_learning_rate_and_the_critical_rates():
    rates = np.linspace(0.05, 1.5, 30)
    sweep = run(objectives.shifted_parabola, GradientDescent(lr=rates), np.zeros(30), 20)
    drawn = plots.regime_map(sweep)
    assert len(drawn.bands) == 30
    diverged_rates = drawn.diverged.get_offsets()[:, 0]
    np.testing.assert_array_equal(np.sort(diverged_rates), rates[sweep.status == "diverged"])
    assert np.all(diverged_rates > 1.0)
    assert [line.get_xdata()[0] for line in drawn.rates] == pytest.approx([0.5, 1.0])
    texts = _legend_texts(drawn.ax)
    assert "2/f″ (critical) = 1" in texts and "diverged" in texts
    for scatter in drawn.points:
        assert np.all(np.isfinite(scatter.get_offsets()))
    single = run(objectives.square, GradientDescent(lr=0.1), 1.0, 3)
    with pytest.raises(ValueError, match="many-start"):
        plots.regime_map(single)
    same_lr = run(objectives.square, GradientDescent(lr=0.1), np.ones(3), 3)
    assert len(plots.regime_map(same_lr, ax=plt.subplots()[1]).bands) == 3


def test_decision_boundary_draws_probabilities_and_both_classes():
    X, y = data.two_moons(60, rng=0)
    net = models.MLP([2, 8, 1])
    params = net.init_params(0)
    drawn = plots.decision_boundary(net, params, X, y, resolution=40)
    image = drawn.probability.get_array()
    assert image.shape == (40, 40) and np.all((image >= 0) & (image <= 1))
    assert sum(len(p.get_offsets()) for p in drawn.points) == 60
    assert _legend_texts(drawn.ax) == ["class 0", "class 1"]


def _payload(html):
    return json.loads(re.search(r'<script type="application/json">(.*?)</script>', html).group(1))


def test_animation_html_is_self_contained_small_and_holds_the_recorded_positions():
    t = run(objectives.square, GradientDescent(lr=0.1), x0=10.0, steps=20)
    animation = plots.animation_html(t)
    html = animation._repr_html_()
    assert "http" not in html and "<link" not in html and "@import" not in html
    assert re.findall(r'(?:src|href)="(?!data:)', html) == []  # its picture inside it, nothing fetched
    assert len(html) < 60_000
    data_ = _payload(html)
    assert data_["steps"] == list(range(21)) and animation.frames == 21
    px = np.array(data_["runs"][0])
    # the pixel coordinates are an affine image of the recorded (x, f(x)): fit and compare
    for column, recorded in ((0, t.positions), (1, t.values)):
        fit = np.polyfit(recorded, px[:, column], 1)
        assert np.max(np.abs(np.polyval(fit, recorded) - px[:, column])) < 0.11
    # the static view (no JavaScript): controls hidden, the dot at the start, a note saying so
    assert 'class="cl-controls" style="display:none' in html
    assert f'cx="{px[0][0]}" cy="{px[0][1]}"' in html
    assert "Static view" in html


def test_animation_html_of_a_race_subsamples_long_runs_and_clips_diverged_ones():
    race = rosenbrock_race(steps=300)
    race["GradientDescent"] = run(objectives.rosenbrock, GradientDescent(lr=0.01), [-1.5, 2.0], 300)
    assert race["GradientDescent"].status == "diverged"
    animation = plots.animation_html(race, max_frames=50)
    html = animation.html
    data_ = _payload(html)
    assert len(data_["steps"]) == 50 and data_["steps"][-1] == 300
    assert len(data_["runs"]) == 3 and len(data_["runs"][0]) < 50  # the diverged run stops early
    assert np.all(np.isfinite(np.array(data_["runs"][1])))
    assert len(html) < 120_000
    assert html.count('class="cl-dot"') == 3
    # two animations of the same run get different element ids
    assert re.search(r'id="(cl-anim-[^"]+)"', plots.animation_html(race, max_frames=50).html).group(1) != \
        re.search(r'id="(cl-anim-[^"]+)"', html).group(1)
    for bad in ({"max_frames": 1}, {"max_frames": True}, {"max_frames": 2.5}, {"interval_ms": 0}):
        with pytest.raises(ValueError, match=f"{next(iter(bad))} must be a whole number"):
            plots.animation_html(race, **bad)


def test_the_analysis_the_notebooks_call_through_plots_is_the_cores():
    assert (plots.which_minimum, plots.state_vectors, plots.step_size_crosses, plots.landscape_grid) == (
        analysis.which_minimum, analysis.state_vectors, analysis.step_size_crosses, analysis.landscape_grid)


def test_the_core_imports_neither_matplotlib_nor_widgets():
    import subprocess
    import sys

    code = ("import sys, course_lib; bad = {'matplotlib', 'ipywidgets', 'bqplot'} & set(sys.modules); "
            "print(sorted(bad)); sys.exit(bool(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
