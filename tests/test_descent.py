"""descent.run: closed forms, the seeds' worked tables, statuses, clean divergence, vectorisation.

Every run in this file is made twice, with and without records (``run(..., record=False)``, the fast path
that gathers what the statuses need as it goes): :func:`run` below checks that both end at the same points
with the same statuses, so the whole status battery holds the fast path to the recorded one.
"""

import copy
import warnings

import numpy as np
import pytest

from course_lib import data, descent, models, objectives
from course_lib import optimizers as opt
from course_lib.descent import (
    CONVERGED,
    DIVERGED,
    NOT_CONVERGING,
    NOT_STARTED,
    OSCILLATING,
    STILL_CONVERGING,
    contraction_factor,
    critical_learning_rate,
    one_step_learning_rate,
)
from course_lib.optimizers import Adam, GradientDescent, Momentum

pytestmark = pytest.mark.filterwarnings("error")


def assert_same_ends(recorded, fast):
    """``fast`` (a run with record=False) ended where ``recorded`` did: same points, values, gradients, statuses."""
    assert not fast.recorded and recorded.recorded
    assert np.array_equal(fast.status, recorded.status)
    assert np.array_equal(fast.lengths, recorded.lengths)
    for name in ("positions", "values", "gradients"):
        last = recorded._last(getattr(recorded, name)) if np.all(recorded.lengths) else None
        if last is not None:
            assert np.array_equal(fast._last(getattr(fast, name)), last, equal_nan=True), name


def run(*args, **kwargs):
    """``descent.run``, and the same run with ``record=False`` (same seed), which must end the same way."""
    fast_kwargs = copy.deepcopy(kwargs)  # a Generator given as rng must give the fast run the same noise
    recorded = descent.run(*args, **kwargs)
    if not kwargs.get("record_state"):
        assert_same_ends(recorded, descent.run(*args, record=False, **fast_kwargs))
    return recorded


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
    """Starts that stay just inside the bound go on, starts that step just outside are lost, whatever their
    number; values whose squares overflow (f ~ 1e300 is still finite) are not mistaken for divergence."""
    hill = objectives.polynomial("hill", [-1.0, 0.0, 0.0], window=(-2.0, 2.0))  # −x²: descent moves outward
    inside = np.full(1000, 0.97)  # 0.97 · 1.02 = 0.9894 after one step at η = 0.01
    starts = np.concatenate([inside, -inside, [0.99]])  # 0.99 · 1.02 = 1.0098: out
    t = run(hill, GradientDescent(lr=0.01), starts, 1, divergence_bound=1.0)
    assert list(t.lengths) == [2] * 2000 + [1] and t.status[-1] == DIVERGED
    assert DIVERGED not in set(t.status[:2000])
    # In 2-D the bound is on the norm: (0.712, 0.712) is outside a bound of 1 though each coordinate is inside.
    dome = objectives.Objective("dome", lambda p: -0.5 * np.sum(p * p, axis=-1), lambda p: -p, dim=2,
                                window=((-2.0, 2.0), (-2.0, 2.0)))
    plane = np.concatenate([np.full((1000, 2), 0.69), [[0.705, 0.705]]])
    t2 = run(dome, GradientDescent(lr=0.01), plane, 1, divergence_bound=1.0)
    assert list(t2.lengths) == [2] * 1000 + [1] and t2.status[-1] == DIVERGED
    huge = run(objectives.square, GradientDescent(lr=0.1), np.array([1e150, -1e150]), 5, divergence_bound=1e200)
    assert list(huge.lengths) == [6, 6] and set(huge.status) == {STILL_CONVERGING}
    assert np.allclose(huge.final_position, [0.8**5 * 1e150, -(0.8**5) * 1e150])


def test_more_starts_than_one_dot_product_takes_are_judged_as_in_small_runs():
    """The quick divergence test sums over all starts in pieces (of 10,000 numbers, which OpenBLAS keeps on one
    thread): among 25,000 converging starts, one that diverges, at either edge of a piece, is lost at the step
    where a run of 500 starts loses it, and the others keep the statuses they have in runs of 500."""
    rng = np.random.default_rng(11)
    starts = rng.uniform(-3.2, 3.2, 25_000)
    lrs = np.exp(rng.uniform(np.log(1e-3), np.log(0.02), starts.size))
    for loner in (0, 9_999, 10_000, 19_999, 24_999):
        lost_starts, lost_lrs = starts.copy(), lrs.copy()
        lost_starts[loner], lost_lrs[loner] = -1.5, 0.12  # lost at step 6, alone
        large = run(objectives.double_dip, GradientDescent(lr=lost_lrs), lost_starts, 40)
        small = [descent.run(objectives.double_dip, GradientDescent(lr=lost_lrs[i:i + 500]), lost_starts[i:i + 500],
                             40) for i in range(0, starts.size, 500)]
        assert np.array_equal(large.lengths, np.concatenate([t.lengths for t in small]))
        assert np.array_equal(large.status, np.concatenate([t.status for t in small]))
        assert list(np.flatnonzero(large.lengths < 41)) == [loner] and large.lengths[loner] == 6


def test_long_windows_count_their_falls_as_the_records_do():
    """Over 255 steps in the status window (the fast path counts falls in bytes and carries them every 255
    steps): with and without records, the same statuses, on runs whose values and gradients fall at most
    steps, at about half of them (bouncing) and at few, and at lengths on both sides of a carry."""
    rng = np.random.default_rng(12)
    flat = objectives.polynomial("flat", [1, 0, 0, 0, 0], window=(-2.0, 2.0))  # x⁴: power-law descent
    seen = set()
    for objective in (objectives.double_dip, flat):
        starts = rng.uniform(*objective.window, 60)
        for steps in (509, 510, 511, 1100):
            for optimizer in (GradientDescent(lr=np.exp(rng.uniform(np.log(1e-5), np.log(0.3), 60))),
                              Momentum(lr=np.exp(rng.uniform(np.log(1e-5), np.log(0.03), 60)), momentum=0.95)):
                seen |= set(run(objective, optimizer, starts, steps, tol=1e-12).status)
    assert {STILL_CONVERGING, NOT_CONVERGING, CONVERGED} <= seen


def test_a_start_beyond_the_bound_is_refused_by_name():
    with pytest.raises(ValueError, match=r"x0 must lie within divergence_bound = 1e\+06"):
        run(objectives.square, GradientDescent(lr=0.1), 8e6, 10)
    with pytest.raises(ValueError, match="x0 must lie within divergence_bound = 1"):
        run(objectives.square, GradientDescent(lr=0.1), [0.5, 1.5], 10, divergence_bound=1.0)


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


# --- Statuses at their boundaries -------------------------------------------------------------
# shifted_parabola is x² − 4x + 5: f″ = 2, so 1/f″ = 0.5 and 2/f″ = 1; each step multiplies the
# distance to the minimum x = 2 by 1 − 2η.


@pytest.mark.parametrize("steps", [20, 100, 1000])
@pytest.mark.parametrize(
    ("lr", "status"),
    [
        (0.995, STILL_CONVERGING),  # factor −0.99: bounces, but every bounce is 1 % shorter
        (0.9999, STILL_CONVERGING),  # factor −0.9998: still measurably shorter
        (1.0, OSCILLATING),  # factor −1: bounces between 0 and 4 forever
        (1.0001, DIVERGED),  # factor −1.0002: each bounce a little longer, f above its start
        (0.4999, CONVERGED),  # factor 0.0002: lands within tol at once
        (0.5001, CONVERGED),
        (0.01, STILL_CONVERGING),  # factor 0.98, from one side
    ],
)
def test_statuses_on_both_sides_of_one_step_and_critical_rates(lr, status, steps):
    if lr == 0.01 and steps == 1000:
        status = CONVERGED  # 0.98¹⁰⁰⁰ · 4 is far below tol
    assert run(objectives.shifted_parabola, GradientDescent(lr=lr), 0.0, steps).status == status


def test_the_course_counterexamples_get_true_statuses():
    # 0.995 on x² − 4x + 5 was once called "oscillating" although each step shrinks the distance by 1 %.
    for steps in (20, 100, 1000):
        assert run(objectives.shifted_parabola, GradientDescent(lr=0.995), 0.0, steps).status == STILL_CONVERGING
    # x − log x at η = 4 > 2/f″(1) = 2 can never converge: it bounces far out and walks back, for ever.
    x_minus_log = objectives.Objective(
        "x - log x", lambda x: x - np.log(x), lambda x: 1 - 1 / x, hessian=lambda x: 1 / x**2, dim=1,
        window=(0.05, 10.0),
    )
    t = run(x_minus_log, GradientDescent(lr=4.0), 3.0, 1000)
    assert t.status == NOT_CONVERGING and t.final_position > 1000


def test_a_run_sliding_back_toward_a_minimum_that_repels_it_is_not_still_converging():
    """x − log x at η = 4 from 1000 starts within 5·10⁻¹⁰ of 3 (notebook 10). After 1000 steps a few runs are
    sliding back down from a throw beyond x = 100: their values fall at nine steps in ten, but in the window's last
    third their gradient spikes far above twice its value at the window's start (landings near the edge). They
    can never converge (the minimum multiplies the distance by −3), and none is called still converging."""
    x_minus_log = objectives.Objective(
        "x - log x", lambda x: x - np.log(x), lambda x: 1 - 1 / x, hessian=lambda x: 1 / x**2, dim=1,
        window=(0.05, 4.0),
    )
    near_three = 3.0 + 1e-12 * np.arange(-500, 500)
    t = run(x_minus_log, GradientDescent(lr=4.0), near_three, 1000)  # and with record=False: the same statuses
    assert set(t.status) == {NOT_CONVERGING, DIVERGED}
    # A walker leaving the double well's saddle: its gradient rises and falls within the window, before its last
    # third, while f falls. It is on its way to a minimum.
    left = run(objectives.double_well, GradientDescent(lr=0.1), (1e-6, 1.0), 200)
    assert left.status == STILL_CONVERGING and abs(left.final_position[0]) > 0.9


def test_zero_and_one_step_runs():
    assert run(objectives.shifted_parabola, GradientDescent(lr=0.1), 0.0, 0).status == NOT_STARTED
    assert run(objectives.shifted_parabola, GradientDescent(lr=0.1), 2.0, 0).status == CONVERGED  # at the minimum
    assert run(objectives.shifted_parabola, GradientDescent(lr=0.1), 0.0, 1).status == STILL_CONVERGING
    climbs = run(objectives.shifted_parabola, GradientDescent(lr=1.2), 0.0, 1)  # from 0 to 4.8: f rose
    assert climbs.values[1] > climbs.values[0] and climbs.status == NOT_CONVERGING
    t = run(objectives.shifted_parabola, GradientDescent(lr=0.1), np.array([0.0, 2.0]), 0)
    assert list(t.status) == [NOT_STARTED, CONVERGED]


def test_a_two_cycle_beside_an_unstable_minimum_is_oscillating_not_converging():
    """At η = 0.06 the minimum x* ≈ −2.03 of x⁴ − 8x² + x repels (|1 − η f″(x*)| ≈ 1.008): the run settles
    into a 2-cycle around it. Its gradient still falls, slowly, toward the cycle's: that is no convergence."""
    x_star = objectives.double_dip.global_minimum.position
    assert abs(1 - 0.06 * objectives.double_dip.hessian(x_star)) > 1
    for steps in (50, 200, 1000):
        t = run(objectives.double_dip, GradientDescent(lr=0.06), -1.0, steps)
        assert t.status == OSCILLATING, steps
    t = run(objectives.double_dip, GradientDescent(lr=0.06), -1.0, 1000)
    assert abs(t.positions[-1] - t.positions[-3]) < 1e-9 < abs(t.positions[-1] - t.positions[-2])


def test_a_short_zigzag_whose_bounces_clearly_shrink_is_still_converging():
    """The line fit of notebook 03 at η ≈ 0.57 for 6 or 7 steps: the steep direction's factor is about −0.44, the
    flat one's 0.92, so the bounces fall by a factor of about 5 per block of steps. A sum of two geometric declines
    is not one geometric decline (Aitken's test puts its limit above zero), and the run was called 'oscillating'."""
    X, y = data.noisy_line(rng=42)
    line_fit = models.linear_regression_objective(X, y)
    start = models.LinearRegression(1).init_params(rng=0)
    for lr, steps in ((0.5664, 6), (0.5639, 6), (0.5875, 7)):
        t = run(line_fit, GradientDescent(lr=lr), start, steps)
        assert contraction_factor(line_fit, lr) < 0.95
        assert t.status == STILL_CONVERGING, (lr, steps, t.status)


def test_bounded_chaotic_runs_are_not_converging():
    """Between η ≈ 0.09 and 0.11, descent on x⁴ − 8x² + x from these starts wanders between the wells
    without settling: bounded, no cycle, no convergence."""
    starts = np.linspace(0.3, 0.7, 41)
    for lr in (0.09, 0.1, 0.11):
        t = run(objectives.double_dip, GradientDescent(lr=lr), starts, 500)
        bounded = t.status != DIVERGED
        assert np.sum(bounded) >= 10
        finals = t.final_position[bounded]
        assert np.all(np.abs(finals) < 4)
        assert set(t.status[bounded]) <= {NOT_CONVERGING, OSCILLATING}, (lr, set(t.status[bounded]))
        # a chaotic run never repeats: its last 40 points are all different
        for i in np.flatnonzero(t.status == NOT_CONVERGING):
            tail = t.path(i)[-40:]
            assert np.min(np.abs(tail[:, None] - tail[None, :]) + np.eye(40)) > 1e-6


def test_slow_drifts_and_slides():
    # descent down an endless slope f = x: values fall forever, the gradient never changes
    slope = objectives.polynomial("slope", [1.0, 0.0], window=(-5.0, 5.0))
    assert run(slope, GradientDescent(lr=0.1), 0.0, 200).status == NOT_CONVERGING
    # off the ridge of the saddle x² − y², descent slides down toward y = ±∞ ever faster
    assert run(objectives.saddle, GradientDescent(lr=0.1), [1.0, 0.01], 50).status == NOT_CONVERGING
    # a crawl along Rosenbrock's valley: f falls at every step although the gradient does not
    crawl = run(objectives.rosenbrock, GradientDescent(lr=0.001), [-1.5, 2.0], 500)
    assert np.all(np.diff(crawl.values[-125:]) < 0) and crawl.status == STILL_CONVERGING
    # a flat minimum: descent on x⁴ converges only as a power law, and says so
    quartic = objectives.polynomial("x4", [1.0, 0.0, 0.0, 0.0, 0.0], window=(-2.0, 2.0))
    for steps in (20, 200, 2000):
        assert run(quartic, GradientDescent(lr=0.05), 1.5, steps).status == STILL_CONVERGING


def _random_quadratic(rng):
    """A random 1-D or 2-D quadratic ½xᵀAx (rotated in 2-D), its curvatures, and a start."""
    dim = int(rng.integers(1, 3))
    curvatures = np.exp(rng.uniform(np.log(0.1), np.log(10.0), dim))
    if dim == 1:
        objective = objectives.polynomial("q", [curvatures[0] / 2, 0.0, 0.0], window=(-5.0, 5.0))
        return objective, curvatures, float(rng.choice([-1, 1]) * rng.uniform(0.5, 3.0))
    angle = rng.uniform(0, np.pi)
    R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    A = R @ np.diag(curvatures) @ R.T
    objective = objectives.Objective(
        "bowl", lambda p: 0.5 * np.einsum("...i,ij,...j->...", p, A, p), lambda p: p @ A,
        hessian=lambda p: np.broadcast_to(A, (*np.shape(p)[:-1], 2, 2)), dim=2, window=((-5.0, 5.0), (-5.0, 5.0)),
    )
    return objective, curvatures, R @ (rng.choice([-1, 1], 2) * rng.uniform(0.5, 3.0, 2))


@pytest.mark.parametrize("seed", range(8))
def test_status_agrees_with_the_contraction_factor_on_random_quadratics(seed):
    """Factor below 1: converging; exactly 1: oscillating; above 1: diverged. Factors within 2 % of 1
    are left out, except exactly 1 (η = 2/λmax), where 100 steps cannot yet tell."""
    rng = np.random.default_rng(seed)
    checked = 0
    for _ in range(60):
        objective, curvatures, x0 = _random_quadratic(rng)
        lr = 2 / curvatures.max() if rng.random() < 0.15 else rng.uniform(0, 2.2 / curvatures.max())
        factor = np.max(np.abs(1 - lr * curvatures))
        if 0 < abs(factor - 1) < 0.02:
            continue
        status = run(objective, GradientDescent(lr=lr), x0, 100).status
        expected = {CONVERGED, STILL_CONVERGING} if factor < 1 else {OSCILLATING} if factor == 1 else {DIVERGED}
        assert status in expected, (curvatures, lr, factor, status)
        checked += 1
    assert checked >= 40


def test_a_students_own_loop_prints_no_warning_however_large_the_rate():
    opt, x = Momentum(lr=5.0), np.array([3.0])
    state = opt.init(x)
    for _ in range(400):  # overflows to inf, then nan: shown in x, never as a RuntimeWarning
        x, state = opt.step(x, objectives.double_dip.grad(x), state)
    assert not np.all(np.isfinite(x))
    assert objectives.double_dip.f(1e100) == np.inf


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: run(objectives.square, GradientDescent(lr=0.1), 1.0, 5, record_state="no"), ValueError,
         "record_state"),
        (lambda: run(objectives.square, GradientDescent(lr=0.1), 1.0, 10**8), ValueError, "steps"),
        (lambda: run(objectives.square, GradientDescent(lr=0.1), np.zeros(10**5), 10**3), ValueError, "steps"),
        (lambda: run("square", GradientDescent(lr=0.1), 1.0, 5), TypeError, "objective"),
        (lambda: run(objectives.square, "adam", 1.0, 5), TypeError, "optimizer"),
        (lambda: critical_learning_rate("square"), TypeError, "objective"),
        (lambda: run(objectives.square, GradientDescent(lr=np.array([0.1, 0.2])), np.zeros(3), 5), ValueError,
         r"lr has shape \(2,\)"),
        (lambda: run(objectives.rosenbrock, GradientDescent(lr=np.array([0.1, 0.2, 0.3])), np.zeros((3, 2)), 5),
         ValueError, r"shaped \(n, 1\)"),
    ],
)
def test_bad_runs_are_refused_before_they_start(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_objectives_check_what_they_are_made_of():
    with pytest.raises(ValueError, match="a"):
        objectives.quadratic_bowl(float("nan"), 1.0)
    with pytest.raises(ValueError, match="window"):
        objectives.polynomial("p", [1.0, 0.0, 0.0], window=(2.0, -2.0))
    with pytest.raises(ValueError, match="coefficients"):
        objectives.polynomial("p", [1.0, float("inf")], window=(-2.0, 2.0))
    with pytest.raises(TypeError, match="grad"):
        objectives.Objective("o", np.sin, "cos", dim=1, window=(0.0, 1.0))


def test_a_run_that_climbed_back_up_is_not_still_converging():
    """x − log x at η = 4 bounces far out from near its minimum and walks back for hundreds of steps: while it
    walks, f falls at every step, but it was far lower before, so it is not converging."""
    x_minus_log = objectives.Objective(
        "x - log x", lambda x: x - np.log(x), lambda x: 1 - 1 / x, hessian=lambda x: 1 / x**2, dim=1,
        window=(0.05, 10.0),
    )
    starts = 3 + np.linspace(-1e-9, 1e-9, 101)  # chaotic: each start follows its own path
    t = run(x_minus_log, GradientDescent(lr=4.0), starts, 100)
    walking = np.all(np.diff(t.values[-30:], axis=0) < 0, axis=0) & (t.status != DIVERGED)
    assert np.sum(walking) >= 20
    assert set(t.status[walking]) == {NOT_CONVERGING}


BATTERY = ["GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"]


@pytest.mark.parametrize("name", BATTERY)
def test_runs_without_records_end_as_recorded_runs_do(name):
    """Random starts and learning rates (from tiny to diverging) on every course objective, for run lengths
    on both sides of the status window's edges (6 steps, 20 = WINDOW, and longer): with and without records,
    the same statuses, lengths and last points, start by start; one start alone too."""
    rng = np.random.default_rng(BATTERY.index(name))  # not ALL's order: a new optimizer must not reseed it
    seen = set()
    for objective in objectives.ALL.values():
        window = np.reshape(objective.window, (-1, 2))
        for steps in (0, 1, 5, 6, 7, 20, 21, 41, 150):
            starts = rng.uniform(window[:, 0], window[:, 1], (30, objective.dim)).squeeze(-1 if objective.dim == 1
                                                                                           else ())
            lrs = np.exp(rng.uniform(np.log(1e-4), np.log(3.0), 30))
            optimizer = opt.ALL[name](lr=lrs if objective.dim == 1 else lrs[:, None])
            recorded = descent.run(objective, optimizer, starts, steps)
            assert_same_ends(recorded, descent.run(objective, optimizer, starts, steps, record=False))
            seen |= set(recorded.status)
            one = opt.ALL[name](lr=float(lrs[0]))
            assert_same_ends(descent.run(objective, one, starts[0], steps),
                             descent.run(objective, one, starts[0], steps, record=False))
    assert len(seen) >= 4 and NOT_STARTED in seen  # a varied battery (adaptive methods rarely diverge)


def test_a_run_without_records_has_no_path_and_no_states():
    t = descent.run(objectives.double_dip, GradientDescent(lr=0.01), np.linspace(-3, 3, 5), 50, record=False)
    assert t.positions.shape == (1, 5) and t.final_position.shape == (5,)
    with pytest.raises(ValueError, match="record=False"):
        t.path(0)
    with pytest.raises(ValueError, match="record"):
        descent.run(objectives.square, GradientDescent(lr=0.1), 1.0, 5, record_state=True, record=False)
    with pytest.raises(ValueError, match="record"):
        descent.run(objectives.square, GradientDescent(lr=0.1), 1.0, 5, record="no")


def test_the_evidence_gathered_step_by_step_judges_as_the_records_do():
    """Past descent.BULK_LIMIT coordinates a recorded run gathers its status evidence step by step, below it from
    its records at the end: the same starts in one large run and in small ones get the same statuses."""
    rng = np.random.default_rng(5)
    starts = rng.uniform(-3.2, 3.2, 4 * 160)
    lrs = np.exp(rng.uniform(np.log(1e-3), np.log(0.2), starts.size))
    assert starts.size > descent.BULK_LIMIT >= 160
    large = descent.run(objectives.double_dip, Momentum(lr=lrs, momentum=0.5), starts, 60)
    small = [descent.run(objectives.double_dip, Momentum(lr=lrs[i:i + 160], momentum=0.5), starts[i:i + 160], 60)
             for i in range(0, starts.size, 160)]
    assert np.array_equal(large.status, np.concatenate([t.status for t in small]))
    assert len(set(large.status)) >= 3
