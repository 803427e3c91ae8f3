"""descent.run: closed forms, the seeds' worked tables, statuses, clean divergence, vectorisation."""

import warnings

import numpy as np
import pytest

from course_lib import objectives
from course_lib.descent import (
    CONVERGED,
    DIVERGED,
    OSCILLATING,
    STILL_CONVERGING,
    contraction_factor,
    critical_learning_rate,
    one_step_learning_rate,
    run,
)
from course_lib.optimizers import Adam, GradientDescent, Momentum

pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3, 0.5, 0.75, 0.95])
@pytest.mark.parametrize("x0", [10.0, -3.0, 0.25])
def test_closed_form_on_x_squared(lr, x0):
    """x_k = (1 − 2η)^k · x₀ for f(x) = x²."""
    t = run(objectives.square, GradientDescent(lr=lr), x0, 30)
    k = np.arange(31)
    assert np.allclose(t.positions, (1 - 2 * lr) ** k * x0, rtol=1e-12, atol=1e-300)


def test_seed_table_from_ten_with_lr_point_one():
    t = run(objectives.square, GradientDescent(lr=0.1), 10.0, 20)
    printed = [f"{x:.6f}" for x in t.positions[1:]]
    assert printed[:5] == ["8.000000", "6.400000", "5.120000", "4.096000", "3.276800"]
    assert printed[-1] == "0.115292"
    assert f"{t.values[-1]:.6f}" == "0.013292"


def test_shifted_parabola_from_zero_reaches_1_9769_after_20_steps():
    t = run(objectives.shifted_parabola, GradientDescent(lr=0.1), 0.0, 20)
    assert f"{t.positions[1]:.4f}" == "0.4000" and f"{t.values[1]:.4f}" == "3.5600"
    assert f"{t.positions[2]:.4f}" == "0.7200" and f"{t.values[2]:.4f}" == "2.6384"
    assert f"{t.positions[-1]:.4f}" == "1.9769" and f"{t.values[-1]:.4f}" == "1.0005"


def test_parabola_5x_from_five_closed_form():
    """x_k = −2.5 + 7.5 · 0.8^k for f = x² + 5x + 6, α = 0.1."""
    t = run(objectives.parabola_5x, GradientDescent(lr=0.1), 5.0, 12)
    assert np.allclose(t.positions, -2.5 + 7.5 * 0.8 ** np.arange(13), rtol=1e-12)


def test_learning_rate_sweep_statuses_on_shifted_parabola():
    expected = {
        0.01: STILL_CONVERGING,
        0.1: STILL_CONVERGING,
        0.5: CONVERGED,  # 1/f'' = 0.5: exactly one step
        0.9: STILL_CONVERGING,
        1.0: OSCILLATING,  # 2/f'' = 1: bounces between 0 and 4 forever
        1.1: DIVERGED,  # |1 − 2.2| = 1.2 > 1, still finite after 20 steps
        1.5: DIVERGED,
    }
    lrs = np.array(list(expected))
    together = run(objectives.shifted_parabola, GradientDescent(lr=lrs), np.zeros(lrs.size), 20)
    for i, (lr, status) in enumerate(expected.items()):
        alone = run(objectives.shifted_parabola, GradientDescent(lr=lr), 0.0, 20)
        assert alone.status == status, lr
        assert together.status[i] == status, lr


def test_point_nine_lands_exactly_where_point_one_lands_after_an_even_number_of_steps():
    slow = run(objectives.shifted_parabola, GradientDescent(lr=0.1), 0.0, 20)
    bouncy = run(objectives.shifted_parabola, GradientDescent(lr=0.9), 0.0, 20)
    assert bouncy.positions[-1] == pytest.approx(slow.positions[-1], abs=1e-12)
    assert np.all(np.diff(slow.positions) > 0)  # from one side
    assert np.all(np.diff(np.sign(bouncy.positions[1:] - 2)) != 0)  # alternating sides


def test_divergence_stops_cleanly_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = run(objectives.square, GradientDescent(lr=1.5), 10.0, 1000)
    assert t.status == DIVERGED
    assert np.all(np.isfinite(t.positions)) and np.all(np.isfinite(t.values))
    assert t.lengths == len(t.positions) < 1001
    assert np.abs(t.positions[-2]) <= 1e6


def test_overflow_to_infinity_is_caught_too():
    """A quartic with a huge rate jumps straight past the bound to inf: still just 'diverged'."""
    t = run(objectives.double_dip, GradientDescent(lr=1e5), 3.0, 50)
    assert t.status == DIVERGED
    assert np.all(np.isfinite(t.positions))



def test_divergence_is_judged_per_start_near_the_bound_and_at_huge_values():
    """Starts just inside the bound stay, starts just outside are lost, whatever their number;
    values whose squares overflow (f ~ 1e300 is still finite) are not mistaken for divergence."""
    inside = np.full(1000, 0.99)
    starts = np.concatenate([inside, -inside, [1.01]])
    t = run(objectives.square, GradientDescent(lr=0.0), starts, 3, divergence_bound=1.0)
    assert list(t.lengths) == [4] * 2000 + [0] and t.status[-1] == DIVERGED
    assert set(t.status[:2000]) == {STILL_CONVERGING}
    # In 2-D the bound is on the norm: (0.8, 0.8) is outside a bound of 1 though each coordinate is inside.
    plane = np.concatenate([np.full((1000, 2), 0.7), [[0.8, 0.8]]])
    t2 = run(objectives.quadratic_bowl(1.0, 1.0), GradientDescent(lr=0.0), plane, 3, divergence_bound=1.0)
    assert list(t2.lengths) == [4] * 1000 + [0] and t2.status[-1] == DIVERGED
    huge = run(objectives.square, GradientDescent(lr=0.1), np.array([1e150, -1e150]), 5, divergence_bound=1e200)
    assert list(huge.lengths) == [6, 6] and set(huge.status) == {STILL_CONVERGING}
    assert np.allclose(huge.final_position, [0.8**5 * 1e150, -(0.8**5) * 1e150])

def test_many_starts_vectorised_equal_one_at_a_time():
    starts = np.linspace(-3, 3, 13)
    together = run(objectives.double_dip, Momentum(lr=0.01, momentum=0.9), starts, 200)
    assert together.positions.shape == (201, 13)
    for i, x0 in enumerate(starts):
        alone = run(objectives.double_dip, Momentum(lr=0.01, momentum=0.9), x0, 200)
        assert np.array_equal(together.path(i), alone.positions)
        assert together.status[i] == alone.status


def test_many_starts_in_2d_with_some_diverging():
    starts = np.array([[-1.5, 2.0], [0.0, 0.0], [1.2, 1.2]])
    t = run(objectives.rosenbrock, GradientDescent(lr=0.002), starts, 500)
    assert t.positions.shape == (501, 3, 2) and t.values.shape == (501, 3) and t.status.shape == (3,)
    bad = run(objectives.rosenbrock, GradientDescent(lr=0.01), np.array([[-1.5, 2.0], [1.0, 1.0]]), 100)
    assert list(bad.status) == [DIVERGED, CONVERGED]
    assert bad.lengths[0] < 101 and bad.lengths[1] == 101
    assert np.all(np.isfinite(bad.path(0))) and np.all(np.isnan(bad.positions[bad.lengths[0]:, 0]))
    assert np.allclose(bad.final_position[1], [1.0, 1.0])


def test_adam_converges_on_rosenbrock():
    t = run(objectives.rosenbrock, Adam(lr=0.02), [-1.5, 2.0], 3000, tol=1e-4)
    assert t.status == CONVERGED
    assert np.allclose(t.positions[-1], [1, 1], atol=1e-3)


def test_gradient_noise_is_seeded():
    a = run(objectives.saddle, GradientDescent(lr=0.1), [1.0, 0.0], 30, gradient_noise=0.01, rng=0)
    b = run(objectives.saddle, GradientDescent(lr=0.1), [1.0, 0.0], 30, gradient_noise=0.01, rng=0)
    c = run(objectives.saddle, GradientDescent(lr=0.1), [1.0, 0.0], 30, gradient_noise=0.01, rng=1)
    plain = run(objectives.saddle, GradientDescent(lr=0.1), [1.0, 0.0], 30)
    assert np.array_equal(a.positions, b.positions) and not np.array_equal(a.positions, c.positions)
    assert np.all(plain.positions[:, 1] == 0)  # no noise: stuck on the ridge line y = 0
    assert abs(a.positions[-1, 1]) > 1e-3  # noise pushes it off


def test_recorded_state_has_the_velocity():
    t = run(objectives.square, Momentum(lr=0.1, momentum=0.5), 1.0, 3, record_state=True)
    assert t.states["velocity"].shape == (4,)
    assert t.states["velocity"][1] == pytest.approx(2.0)  # first step: v = g = 2x₀


def test_learning_rate_helpers():
    assert one_step_learning_rate(objectives.shifted_parabola) == pytest.approx(0.5)
    assert critical_learning_rate(objectives.shifted_parabola) == pytest.approx(1.0)
    assert critical_learning_rate(objectives.ill_conditioned_bowl) == pytest.approx(2 / 20)
    assert contraction_factor(objectives.square, 0.9) == pytest.approx(0.8)
    assert contraction_factor(objectives.square, 0.1) == pytest.approx(0.8)
    # At the local maximum of x⁴ − 8x² + x the curvature is negative: no such rate.
    top = objectives.double_dip.stationary_points[1].position
    assert one_step_learning_rate(objectives.double_dip, top) is None
    assert critical_learning_rate(objectives.double_dip, top) is None


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"x0": [1.0, 2.0, 3.0]}, "x0"),
        ({"x0": "far away"}, "x0"),
        ({"steps": -1}, "steps"),
        ({"steps": 2.5}, "steps"),
        ({"tol": -1.0}, "tol"),
        ({"gradient_noise": 0.1, "rng": None}, "rng"),
        ({"gradient_noise": -0.1}, "gradient_noise"),
    ],
)
def test_bad_arguments_raise_value_error(kwargs, name):
    args = {"objective": objectives.rosenbrock, "optimizer": GradientDescent(lr=0.001), "x0": [0.0, 0.0], "steps": 5}
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        run(**args)
