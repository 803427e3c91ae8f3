"""course_lib.analysis and course_lib.windows: what the figures and explorers show, computed in the NumPy core."""

import numpy as np
import pytest

from course_lib import analysis, objectives, run
from course_lib.optimizers import Adam, GradientDescent, Momentum, RMSProp
from course_lib.windows import check_window, padded_range, window_point, window_sides, window_span
from tests._races import rosenbrock_race

pytestmark = pytest.mark.filterwarnings("error")


def test_which_minimum_matches_the_fact_sheet():
    # x⁴ − 8x² + x: the global minimum is the left one (x ≈ −2.03); momentum carries the start 3 over
    starts = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])
    plain = run(objectives.double_dip, GradientDescent(lr=0.01), starts, 200)
    heavy = run(objectives.double_dip, Momentum(lr=0.01, momentum=0.9), starts, 200)
    minima = objectives.double_dip.minima
    assert minima[0].position == pytest.approx(-2.0305, abs=1e-4)
    np.testing.assert_array_equal(analysis.which_minimum(plain), [0, 0, 0, 1, 1])
    np.testing.assert_array_equal(analysis.which_minimum(heavy), [0, 0, 0, 1, 0])
    diverged = run(objectives.double_dip, GradientDescent(lr=0.5), 3.0, 50)
    assert diverged.status == "diverged" and analysis.which_minimum(diverged) == -1
    unfinished = run(objectives.double_dip, GradientDescent(lr=1e-4), 3.0, 2)
    assert analysis.which_minimum(unfinished) == -1



def test_state_vectors_read_the_recorded_state():
    race = rosenbrock_race(steps=30, record_state=True)
    points, vectors = analysis.state_vectors(race["Momentum"], "velocity", every=5)
    t = race["Momentum"]
    np.testing.assert_array_equal(points, t.positions[1::5])
    np.testing.assert_allclose(vectors, -1e-3 * t.states["velocity"][1::5])
    # Momentum's first velocity is the first gradient: the arrow is the first step itself
    np.testing.assert_allclose(vectors[0], t.positions[1] - t.positions[0])
    assert analysis.state_vectors(race["GradientDescent"], "velocity")[0].shape == (0, 2)
    _, sizes = analysis.state_vectors(race["GradientDescent"], "step_size")
    np.testing.assert_array_equal(sizes, 1e-3)
    _, adam = analysis.state_vectors(race["Adam"], "step_size", every=1)
    assert adam.shape == (30, 2) and np.all(adam > 0)
    with pytest.raises(ValueError, match="record_state=True"):
        analysis.state_vectors(rosenbrock_race(steps=3)["Adam"])
    with pytest.raises(ValueError, match="kind"):
        analysis.state_vectors(t, "speed")
    for bad in (0, True, 2.0):
        with pytest.raises(ValueError, match="every must be a whole number >= 1"):
            analysis.state_vectors(t, "velocity", every=bad)


def test_state_vectors_of_adam_and_of_rmsprop_with_momentum():
    """Adam's velocity is its first moment times its per-coordinate step size; RMSProp's is η times its buffer."""
    adam = run(objectives.rosenbrock, Adam(lr=0.05), [-1.5, 2.0], 10, record_state=True)
    _, pushes = analysis.state_vectors(adam, "velocity")
    _, sizes = analysis.state_vectors(adam, "step_size")
    np.testing.assert_allclose(pushes, -sizes * adam.states["exp_avg"][1:])
    heavy = run(objectives.rosenbrock, RMSProp(lr=0.01, momentum=0.5), [-1.5, 2.0], 10, record_state=True)
    _, pushes = analysis.state_vectors(heavy, "velocity")
    np.testing.assert_allclose(pushes, -0.01 * heavy.states["momentum_buffer"][1:])
    np.testing.assert_allclose(pushes[-1], heavy.positions[-1] - heavy.positions[-2])  # the step is that push


def test_step_size_crosses_have_arms_in_proportion_and_capped():
    points = np.array([[0.0, 0.0], [1.0, 1.0]])
    sizes = np.array([[1.0, 1.0], [100.0, 0.5]])
    starts, ends = analysis.step_size_crosses(points, sizes, ((-2.0, 2.0), (-1.0, 3.0)))
    arms = (ends - starts) / 2
    # median size 1.0 → arm 4% of each side (4 wide, 4 high); 100 → capped at 15%
    np.testing.assert_allclose(arms[:2, 0], [0.16, 0.6])
    np.testing.assert_allclose(arms[2:, 1], [0.16, 0.08])


def test_value_gap_floors_at_float64_resolution():
    gaps = analysis.value_gap(objectives.shifted_parabola, [5.0, 1.0 + 1e-20, 1.25])  # f* = 1
    np.testing.assert_array_equal(gaps, [4.0, 1e-16, 0.25])
    with pytest.raises(ValueError, match="global minimum"):
        analysis.value_gap(objectives.saddle, [0.0])


def test_contour_levels_are_log_spaced_where_f_spans_orders_of_magnitude():
    X, Y, F = analysis.landscape_grid(objectives.rosenbrock, 60)
    assert X.shape == Y.shape == F.shape == (60, 60)
    np.testing.assert_array_equal(F, objectives.rosenbrock.f(np.stack([X, Y], axis=-1)))
    levels = analysis.contour_levels(objectives.rosenbrock, F)
    assert len(levels) == 18 and np.all(np.diff(levels) > 0)
    assert levels[1] - levels[0] < (levels[-1] - levels[-2]) / 100
    even = analysis.contour_levels(objectives.saddle, analysis.landscape_grid(objectives.saddle, 40)[2])
    np.testing.assert_allclose(np.diff(even), np.diff(even)[0])


def test_window_geometry():
    window = ((-2.0, 2.0), (-1.0, 3.0))
    assert window_sides(window).tolist() == [4.0, 4.0] and window_span(((0, 1), (0, 5))) == 5.0
    assert window_point(window, 0.1).tolist() == [-1.6, -0.6]
    assert window_point(window, (0.9, 0.1)).tolist() == [1.6, -0.6]
    assert window_point((-1.0, 5.0), 0.5) == 2.0
    assert padded_range([1.0, 2.0, 3.0]) == pytest.approx((0.84, 3.16))
    assert padded_range([7.0, 7.0]) == pytest.approx((6.92, 7.08))  # flat: a margin all the same


def test_check_window():
    assert check_window((0, 1), 1) == (0.0, 1.0)
    assert check_window([(-2, 2), (-1, 3)], 2) == ((-2.0, 2.0), (-1.0, 3.0))
    assert check_window((-3, 3), 2, shared=True) == ((-3.0, 3.0), (-3.0, 3.0))
    for bad, dim in [((1, 0), 1), ((0, np.inf), 1), ((True, 2), 1), ("wide", 2), ((-1, 1), 2), (((0, 1),), 2),
                     ([(0, 1), (1, 1)], 2), (None, 1)]:
        with pytest.raises(ValueError, match="window must be") as info:
            check_window(bad, dim)
        assert repr(bad) in str(info.value)
    with pytest.raises(ValueError, match=r"window must be \(lo, hi\) or \(\(x_lo"):
        check_window("wide", 2, shared=True)
