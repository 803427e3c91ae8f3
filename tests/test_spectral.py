"""Momentum's 2×2 map, its rate and the optimal (η, μ), each checked against runs of the optimizers."""

import numpy as np
import pytest

from course_lib import objectives, run, spectral
from course_lib.descent import CONVERGED, DIVERGED
from course_lib.optimizers import GradientDescent, Momentum, Nesterov

START = (-9.0, 3.0)


@pytest.mark.parametrize("cls, nesterov", [(Momentum, False), (Nesterov, True)])
def test_the_matrix_maps_every_step_of_a_run(cls, nesterov):
    bowl = objectives.quadratic_bowl(1.0, 20.0)
    t = run(bowl, cls(lr=0.03, momentum=0.8), START, steps=40, record_state=True)
    x, v = t.positions, t.states["velocity"]
    for k, curvature in enumerate((1.0, 20.0)):
        m = spectral.momentum_matrix(0.03, 0.8, curvature, nesterov=nesterov)
        pairs = np.stack([x[:, k], v[:, k]], axis=-1)  # v_0 = 0 makes the first step v_1 = g_1 as well
        np.testing.assert_allclose(pairs[1:], pairs[:-1] @ m.T, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("nesterov", [False, True])
def test_the_rate_is_the_largest_eigenvalue_modulus(nesterov):
    lrs, mus = np.geomspace(1e-3, 0.3, 17), np.linspace(0, 0.99, 13)
    rates = spectral.momentum_rate(lrs[:, None], mus[None, :], [1.0, 20.0], nesterov=nesterov)
    for i, lr in enumerate(lrs):
        for j, mu in enumerate(mus):
            eig = [np.abs(np.linalg.eigvals(spectral.momentum_matrix(lr, mu, c, nesterov=nesterov))).max()
                   for c in (1.0, 20.0)]
            assert rates[i, j] == pytest.approx(max(eig), rel=1e-9, abs=1e-12)


def test_without_momentum_the_rate_is_plain_descents_contraction():
    lrs = np.geomspace(1e-3, 0.2, 50)
    np.testing.assert_allclose(spectral.momentum_rate(lrs, 0.0, [1.0, 20.0]),
                               np.maximum(np.abs(1 - lrs), np.abs(1 - 20 * lrs)), rtol=1e-12)


def test_heavy_ball_never_beats_the_square_root_of_mu():
    lrs, mus = np.geomspace(1e-4, 1.0, 400), np.linspace(0.01, 0.99, 50)
    rates = spectral.momentum_rate(lrs[:, None], mus[None, :], [1.0, 20.0])
    assert np.all(rates >= np.sqrt(mus) - 1e-12)
    # from μ* on, an interval of η makes both directions' roots complex, of modulus exactly √μ
    above = mus >= spectral.optimal_momentum([1.0, 20.0]).momentum
    assert np.allclose(rates.min(axis=0)[above], np.sqrt(mus[above]), rtol=1e-12)
    assert np.all(rates.min(axis=0)[~above] > np.sqrt(mus[~above]) + 0.01)


@pytest.mark.parametrize("nesterov, cls", [(False, Momentum), (True, Nesterov)])
@pytest.mark.parametrize("mu", [0.3, 0.9])
def test_runs_converge_below_the_critical_rate_and_diverge_above(nesterov, cls, mu):
    bowl = objectives.quadratic_bowl(1.0, 20.0)
    critical = spectral.momentum_critical_lr([1.0, 20.0], mu, nesterov=nesterov)
    assert spectral.momentum_rate(critical, mu, [1.0, 20.0], nesterov=nesterov) == pytest.approx(1.0)
    below = run(bowl, cls(lr=0.97 * critical, momentum=mu), START, steps=3000)
    above = run(bowl, cls(lr=1.03 * critical, momentum=mu), START, steps=3000)
    assert below.status == CONVERGED and above.status == DIVERGED


@pytest.mark.parametrize("kappa", [20.0, 100.0])
def test_the_optimum_is_the_best_momentum_and_runs_at_its_rate(kappa):
    curv = [1.0, kappa]
    best = spectral.optimal_momentum(curv)
    root = np.sqrt(kappa)
    assert best.rate == pytest.approx((root - 1) / (root + 1))
    assert best.momentum == pytest.approx(best.rate**2)
    assert best.lr == pytest.approx(4 / (root + 1) ** 2)
    assert spectral.momentum_rate(best.lr, best.momentum, curv) == pytest.approx(best.rate, rel=1e-6)
    lrs, mus = best.lr * np.geomspace(0.7, 1.4, 41), np.linspace(0.0, 0.95, 96)
    assert spectral.momentum_rate(lrs[:, None], mus[None, :], curv).min() >= best.rate - 1e-9
    bowl = objectives.quadratic_bowl(1.0, kappa)
    t = run(bowl, Momentum(lr=best.lr, momentum=best.momentum), START, steps=200)
    # a double eigenvalue: the distance falls like k·ρᵏ, so the measured rate is ρ·(last/first)^(1/(last−first))
    assert spectral.measured_rate(t, 20, 40) == pytest.approx(best.rate * 2 ** (1 / 20), rel=0.02)
    plain = run(bowl, GradientDescent(lr=2 / (1 + kappa)), START, steps=200)
    assert spectral.measured_rate(plain, 20, 40) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-6)


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="momentum"):
        spectral.momentum_rate(0.1, 1.0, [1.0])
    with pytest.raises(ValueError, match="curvatures"):
        spectral.optimal_momentum([0.0, 1.0])
    t = run(objectives.ill_conditioned_bowl, GradientDescent(lr=0.05), START, steps=10)
    with pytest.raises(ValueError, match="first and last"):
        spectral.measured_rate(t, 10, 5)


def test_a_diverged_run_measures_an_infinite_rate():
    rates = np.array([[0.05], [0.3]])
    t = run(objectives.ill_conditioned_bowl, GradientDescent(lr=rates), np.array([START, START]), 80)
    rates = spectral.measured_rate(t, 10, 60)
    assert rates[0] == pytest.approx(0.95, rel=1e-6) and rates[1] == np.inf
