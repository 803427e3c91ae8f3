"""Data sets: seeded, the shapes and facts the notebooks rely on, and the mini-batch iterator."""

import numpy as np
import pytest

from course_lib import data

pytestmark = pytest.mark.filterwarnings("error")


def test_same_seed_same_data_other_seed_other_data():
    for make in (data.noisy_line, data.linear_data, data.two_moons):
        a, b, c = make(rng=3), make(rng=3), make(rng=4)
        assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
        assert not np.array_equal(a.y, c.y) or not np.array_equal(a.X, c.X)
    assert np.array_equal(data.noisy_line(rng=np.random.default_rng(5)).y, data.noisy_line(rng=5).y)


def test_noisy_line_is_close_to_2x_plus_1():
    X, y = data.noisy_line(100, noise=0.1, rng=42)
    assert X.shape == (100, 1) and y.shape == (100,)
    slope, intercept = np.polyfit(X[:, 0], y, 1)
    assert slope == pytest.approx(2.0, abs=0.1) and intercept == pytest.approx(1.0, abs=0.1)
    assert np.array_equal(data.noisy_line(noise=0.0).y, 2 * np.linspace(0, 1, 100) + 1)


def test_house_prices():
    X, y = data.house_prices()
    assert X[:, 0].tolist() == [1000, 1500, 2000, 2500, 3000]
    assert y.tolist() == [200, 280, 350, 400, 480]


def test_linear_data_recovers_true_weights():
    X, y = data.linear_data(1000, rng=42)
    assert X.shape == (1000, 3)
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    assert np.allclose(w, [2.0, -1.5, 0.5], atol=0.05)
    assert np.std(y - X @ [2.0, -1.5, 0.5]) == pytest.approx(0.5, abs=0.05)


def test_two_moons_is_balanced_and_not_linearly_separable():
    X, y = data.two_moons(200, noise=0.1, rng=0)
    assert X.shape == (200, 2) and set(np.unique(y)) == {0.0, 1.0} and y.sum() == 100
    A = np.hstack([X, np.ones((200, 1))])
    w = np.linalg.lstsq(A, 2 * y - 1, rcond=None)[0]
    assert np.mean((A @ w > 0) == (y == 1)) < 0.95


def test_minibatches_cover_every_index_once_per_epoch():
    rng = np.random.default_rng(0)
    first = list(data.minibatches(10, 4, rng))
    second = list(data.minibatches(10, 4, rng))
    assert [len(b) for b in first] == [4, 4, 2]
    assert sorted(np.concatenate(first).tolist()) == list(range(10))
    assert not np.array_equal(np.concatenate(first), np.concatenate(second))  # reshuffled
    assert np.concatenate(list(data.minibatches(5, 2, rng, shuffle=False))).tolist() == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="batch_size"):
        list(data.minibatches(10, 0, rng))


def test_minibatches_with_replacement_draw_each_index_independently():
    rng = np.random.default_rng(0)
    epoch = list(data.minibatches(1000, 32, rng, replace=True))
    drawn = np.concatenate(epoch)
    assert [len(b) for b in epoch] == [len(b) for b in data.minibatches(1000, 32, rng)]  # the same batch sizes
    assert drawn.min() >= 0 and drawn.max() < 1000
    # n draws from n with replacement miss about (1 − 1/n)^n ≈ 1/e of the examples
    assert abs(len(np.unique(drawn)) / 1000 - (1 - np.exp(-1))) < 0.03
    again = np.concatenate(list(data.minibatches(1000, 32, np.random.default_rng(0), replace=True)))
    assert np.array_equal(drawn, again)  # seeded
    with pytest.raises(ValueError, match="replace"):
        list(data.minibatches(10, 2, rng, replace="yes"))


def test_missing_values_imputation_with_indicator():
    X = np.array([[1.0, 10.0], [np.nan, 20.0], [3.0, np.nan]])
    filled, means = data.impute_with_indicator(X)
    assert means.tolist() == [2.0, 15.0]
    assert filled.tolist() == [[1, 10, 0, 0], [2, 20, 1, 0], [3, 15, 0, 1]]
    new, _ = data.impute_with_indicator(np.array([[np.nan, np.nan]]), means)
    assert new.tolist() == [[2, 15, 1, 1]]
    holed = data.add_missing(np.ones((1000, 3)), 0.05, rng=0)
    assert 0.03 < np.isnan(holed).mean() < 0.07
    with pytest.raises(ValueError, match="no values"):
        data.impute_with_indicator(np.array([[np.nan], [np.nan]]))


def test_unseeded_randomness_is_refused():
    with pytest.raises(ValueError, match="rng"):
        data.linear_data(rng=None)
