"""Models: analytic gradients against finite differences; fit with any optimizer, seeded."""

import numpy as np
import pytest

from course_lib import data, models
from course_lib.descent import critical_learning_rate, run
from course_lib.optimizers import Adam, GradientDescent, Momentum, RMSProp
from course_lib.schedules import CosineDecay

pytestmark = pytest.mark.filterwarnings("error")


def numeric_gradient(loss, params, h=1e-6):
    grad = np.zeros_like(params)
    for i in range(params.size):
        e = np.zeros_like(params)
        e[i] = h
        grad[i] = (loss(params + e) - loss(params - e)) / (2 * h)
    return grad


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_linear_regression_gradient(fit_intercept):
    X, y = data.linear_data(50, rng=1)
    model = models.LinearRegression(3, fit_intercept)
    p = np.random.default_rng(0).standard_normal(model.n_params)
    loss, grad = model.loss_and_grad(p, X, y)
    assert loss == pytest.approx(model.loss(p, X, y))
    assert np.allclose(grad, numeric_gradient(lambda q: model.loss(q, X, y), p), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(("sizes", "activation"), [([2, 8, 1], "tanh"), ([2, 6, 5, 1], "tanh"), ([2, 7, 4, 1], "relu")])
def test_network_gradient_matches_finite_differences(sizes, activation):
    X, y = data.two_moons(40, rng=2)
    net = models.MLP(sizes, activation)
    p = net.init_params(np.random.default_rng(1)) + 0.01  # nonzero biases too
    loss, grad = net.loss_and_grad(p, X, y)
    assert grad.shape == p.shape
    assert loss == pytest.approx(net.loss(p, X, y))
    assert np.allclose(grad, numeric_gradient(lambda q: net.loss(q, X, y), p), rtol=1e-5, atol=1e-8)


def test_network_loss_does_not_overflow_for_huge_logits():
    net = models.MLP([2, 3, 1])
    p = net.init_params(0) * 1e4
    X, y = data.two_moons(20, rng=0)
    loss, grad = net.loss_and_grad(p, X, y)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    assert np.all((net.predict_proba(p, X) >= 0) & (net.predict_proba(p, X) <= 1))


@pytest.mark.parametrize(("sizes", "activation"), [([2, 6, 5, 1], "tanh"), ([2, 7, 1], "relu")])
def test_network_takes_a_stack_of_parameter_vectors(sizes, activation):
    X, y = data.two_moons(30, rng=3)
    net = models.MLP(sizes, activation)
    stack = np.stack([net.init_params(seed) + 0.01 * seed for seed in range(4)])
    losses, grads = net.loss_and_grad(stack, X, y)
    assert losses.shape == (4,) and grads.shape == stack.shape
    for p, loss, grad in zip(stack, losses, grads, strict=True):
        one_loss, one_grad = net.loss_and_grad(p, X, y)
        assert loss == pytest.approx(one_loss, rel=1e-13) and np.allclose(grad, one_grad, rtol=1e-12, atol=1e-15)
    assert np.allclose(net.loss(stack, X, y), losses, rtol=1e-13)
    assert np.allclose(net.predict_proba(stack, X), [net.predict_proba(p, X) for p in stack], rtol=1e-12)
    assert isinstance(net.loss(stack[0], X, y), float)


def test_loss_surface_of_linear_regression_is_an_objective():
    X, y = data.noisy_line(100, rng=42)
    obj = models.linear_regression_objective(X, y)
    assert obj.dim == 2
    best = obj.global_minimum.position
    assert np.allclose(best, np.polyfit(X[:, 0], y, 1))
    _, _, L = obj.grid(25)
    assert L.shape == (25, 25) and np.all(L >= obj.global_minimum.value - 1e-12)
    t = run(obj, GradientDescent(lr=0.5), [0.0, 0.0], 2000)
    assert t.status == "converged" and np.allclose(t.positions[-1], best, atol=1e-5)


def test_a_one_parameter_regression_is_a_1d_objective():
    """One feature, no intercept: L(w) is a parabola in w, and w is a plain number like x on x²."""
    X, y = data.noisy_line(50, rng=1)
    obj = models.linear_regression_objective(X, y, fit_intercept=False)
    w_best = float(X[:, 0] @ y / (X[:, 0] @ X[:, 0]))
    assert obj.dim == 1 and obj.global_minimum.position == pytest.approx(w_best)
    lo, hi = obj.window
    assert lo < w_best < hi
    ws = np.array([-1.0, 0.5, 3.0])
    assert np.allclose(obj.f(ws), [np.mean((w * X[:, 0] - y) ** 2) for w in ws])
    assert np.allclose(obj.grad(ws), (obj.f(ws + 1e-6) - obj.f(ws - 1e-6)) / 2e-6, rtol=1e-6)
    assert obj.hessian(0.5) == pytest.approx(2 * np.mean(X[:, 0] ** 2))
    critical = critical_learning_rate(obj)
    assert critical == pytest.approx(1 / np.mean(X[:, 0] ** 2))
    one = run(obj, GradientDescent(lr=critical / 2), 0.0, 1)  # 1/f″ lands on the minimum of a parabola
    assert one.final_position == pytest.approx(w_best) and one.status == "converged"
    many = run(obj, GradientDescent(lr=critical / 4), ws, 100)
    assert list(many.status) == ["converged"] * 3


def test_house_prices_need_a_tiny_rate_until_standardised():
    X, y = data.house_prices()
    raw = models.linear_regression_objective(X, y)
    assert run(raw, GradientDescent(lr=1e-7), [0.1, 50.0], 1000).status != "diverged"
    assert run(raw, GradientDescent(lr=1e-6), [0.1, 50.0], 1000).status == "diverged"
    Z = (X - X.mean()) / X.std()
    scaled = models.linear_regression_objective(Z, y)
    t = run(scaled, GradientDescent(lr=0.1), [0.0, 0.0], 200)
    assert t.status == "converged"


def test_fit_same_seed_same_start_and_result():
    X, y = data.two_moons(100, rng=0)
    net = models.MLP([2, 8, 1])
    a = models.fit(net, Adam(lr=0.05), X, y, epochs=5, batch_size=16, rng=7)
    b = models.fit(net, Adam(lr=0.05), X, y, epochs=5, batch_size=16, rng=7)
    c = models.fit(net, Momentum(lr=0.1), X, y, epochs=5, batch_size=16, rng=7)
    assert np.array_equal(a.params, b.params) and np.array_equal(a.step_losses, b.step_losses)
    assert np.array_equal(a.initial_params, c.initial_params)  # a fair comparison: same start


def test_fit_records_what_the_notebooks_plot():
    X, y = data.linear_data(1000, rng=42)
    model = models.LinearRegression(3, fit_intercept=False)
    r = models.fit(model, GradientDescent(lr=0.05), X, y, epochs=3, batch_size=32, rng=0,
                   params0=np.zeros(3), record_path=True)
    steps = 3 * int(np.ceil(1000 / 32))
    assert r.loss_history.shape == (4,) and r.step_losses.shape == (steps + 1,)
    assert r.examples_seen[-1] == 3000 and r.path.shape == (steps + 1, 3)
    assert r.epoch_seconds.shape == (3,) and np.all(r.epoch_seconds > 0)
    assert r.loss_history[-1] < 0.3 and r.status == "still converging"


def test_full_batch_vs_minibatch_vs_single_sample_epochs_to_loss_below_one():
    X, y = data.linear_data(1000, rng=42)
    model = models.LinearRegression(3, fit_intercept=False)
    epochs = {}
    for batch, budget in ((None, 100), (32, 5), (1, 2)):
        r = models.fit(model, GradientDescent(lr=0.01), X, y, epochs=budget, batch_size=batch, rng=0,
                       params0=np.zeros(3))
        epochs[batch] = models.epochs_to_reach(r.loss_history, 1.0)
    assert epochs[None] > epochs[32] >= epochs[1] >= 1


def test_fit_samples_with_replacement_when_asked():
    X, y = data.linear_data(1000, rng=42)
    model = models.LinearRegression(3, fit_intercept=False)
    runs = {replace: models.fit(model, GradientDescent(lr=0.05), X, y, epochs=4, batch_size=32, replace=replace,
                                rng=0, params0=np.zeros(3)) for replace in (False, True)}
    assert len(runs[True].step_losses) == len(runs[False].step_losses)  # as many steps per epoch
    assert not np.array_equal(runs[True].params, runs[False].params)
    assert runs[True].loss_history[-1] < 0.3  # it still trains
    with pytest.raises(ValueError, match="replace"):
        models.fit(model, GradientDescent(lr=0.05), X, y, epochs=1, replace=1)


def test_a_member_of_a_stack_is_the_result_of_its_own_fit():
    X, y = data.two_moons(60, rng=0)
    net = models.MLP([2, 4, 1])
    starts = np.stack([net.init_params(1), net.init_params(2)])
    stack = models.fit(net, Adam(lr=0.05), X, y, epochs=3, batch_size=16, rng=0, params0=starts, record_path=True)
    alone = models.fit(net, Adam(lr=0.05), X, y, epochs=3, batch_size=16, rng=0, params0=starts[1], record_path=True)
    second = stack.member(1)
    for field in ("params", "initial_params", "loss_history", "step_losses", "path"):
        np.testing.assert_array_equal(getattr(second, field), getattr(alone, field))
    assert second.status == alone.status and isinstance(second.status, str)
    with pytest.raises(ValueError, match="i must be below"):
        stack.member(2)
    with pytest.raises(ValueError, match="stack"):
        alone.member(0)


def test_fit_trains_a_stack_of_networks_as_it_trains_each_alone():
    X, y = data.two_moons(100, rng=0)
    net = models.MLP([2, 8, 1])
    starts = np.stack([net.init_params(seed) for seed in range(3)])
    rates = np.array([0.01, 0.05, 0.2])
    stack = models.fit(net, Adam(lr=rates[:, None]), X, y, epochs=6, batch_size=16, rng=5, params0=starts,
                       record_path=True)
    assert stack.params.shape == (3, net.n_params) and stack.loss_history.shape == (7, 3)
    assert stack.step_losses.shape == (43, 3) and stack.path.shape == (43, 3, net.n_params)
    assert stack.examples_seen.shape == (43,) and stack.status.shape == (3,)
    for i, (lr, start) in enumerate(zip(rates, starts, strict=True)):
        alone = models.fit(net, Adam(lr=lr), X, y, epochs=6, batch_size=16, rng=5, params0=start)
        assert np.allclose(stack.loss_history[:, i], alone.loss_history, rtol=1e-10)
        assert np.allclose(stack.params[i], alone.params, rtol=1e-9, atol=1e-12)
        assert stack.status[i] == alone.status


def test_a_diverging_member_of_a_stack_stops_alone():
    X, y = data.house_prices()
    model = models.LinearRegression(1)
    stack = models.fit(model, GradientDescent(lr=np.array([[1e-8], [1e-3]])), X, y, epochs=200,
                       params0=[[0.1, 50.0], [0.1, 50.0]])
    alone = models.fit(model, GradientDescent(lr=1e-8), X, y, epochs=200, params0=[0.1, 50.0])
    assert list(stack.status) == [alone.status, "diverged"] and alone.status != "diverged"
    assert np.array_equal(stack.loss_history[:, 0], alone.loss_history)
    assert np.array_equal(stack.params[0], alone.params)
    assert np.all(np.isfinite(stack.params[1])) and np.isnan(stack.loss_history[-1, 1])


def test_fit_without_step_losses_trains_the_same_runs():
    X, y = data.two_moons(100, rng=0)
    net = models.MLP([2, 8, 1])
    starts = np.stack([net.init_params(seed) for seed in range(3)])
    for params0, lr in ((starts, np.array([[0.01], [0.1], [3.0]])), (starts[0], 0.1)):
        every = models.fit(net, RMSProp(lr=lr), X, y, epochs=8, batch_size=16, rng=5, params0=params0)
        epochs = models.fit(net, RMSProp(lr=lr), X, y, epochs=8, batch_size=16, rng=5, params0=params0,
                            record_steps=False)
        assert np.array_equal(every.loss_history, epochs.loss_history, equal_nan=True)
        assert np.array_equal(every.params, epochs.params) and np.all(every.status == epochs.status)
        assert epochs.step_losses is None and epochs.examples_seen is None


def test_fit_without_step_losses_still_stops_a_diverging_run():
    X, y = data.house_prices()
    r = models.fit(models.LinearRegression(1), GradientDescent(lr=1e-3), X, y, epochs=200, params0=[0.1, 50.0],
                   record_steps=False)
    assert r.status == "diverged" and np.all(np.isfinite(r.params)) and len(r.loss_history) < 201


def test_slow_divergence_just_above_the_critical_rate_is_reported():
    X, y = data.noisy_line(100, rng=42)
    critical = 2 / np.linalg.eigvalsh(models.linear_regression_objective(X, y).hessian(np.zeros(2)))[-1]
    below = models.fit(models.LinearRegression(1), GradientDescent(lr=0.97 * critical), X, y, epochs=100, rng=0)
    above = models.fit(models.LinearRegression(1), GradientDescent(lr=1.03 * critical), X, y, epochs=100, rng=0)
    assert below.status == "still converging" and above.status == "diverged"
    assert above.loss_history[-1] < 1e8  # it never hit the bound: the rising loss gave it away


def test_fit_stops_cleanly_when_it_diverges():
    X, y = data.house_prices()
    r = models.fit(models.LinearRegression(1), GradientDescent(lr=1e-3), X, y, epochs=200, params0=[0.1, 50.0])
    assert r.status == "diverged" and np.all(np.isfinite(r.params)) and len(r.loss_history) < 201


def test_fit_with_schedule_and_rmsprop_trains_the_network():
    X, y = data.two_moons(200, rng=0)
    net = models.MLP([2, 16, 1])
    r = models.fit(net, RMSProp(lr=CosineDecay(0.02, total_steps=700)), X, y, epochs=100, batch_size=32, rng=0)
    accuracy = np.mean((net.predict_proba(r.params, X) > 0.5) == (y == 1))
    assert r.loss_history[-1] < 0.5 * r.loss_history[0] and accuracy > 0.9


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: models.MLP([2, 1]), "layer_sizes"),
        (lambda: models.MLP([2, 4, 2]), "layer_sizes"),
        (lambda: models.MLP([2, 4, 1], activation="sigmoid"), "activation"),
        (lambda: models.fit(models.MLP([2, 4, 1]), Adam(), np.zeros((3, 2)), np.zeros(3), epochs=-1), "epochs"),
        (lambda: models.fit(models.MLP([2, 4, 1]), Adam(), np.zeros((3, 2)), np.zeros(4), epochs=1), "y"),
        (lambda: models.fit(models.MLP([2, 4, 1]), Adam(), np.zeros((3, 2)), np.zeros(3), epochs=1, batch_size=0),
         "batch_size"),
        (lambda: models.fit(models.MLP([2, 4, 1]), "adam", np.zeros((3, 2)), np.zeros(3), epochs=1), "optimizer"),
        (lambda: models.fit(models.MLP([2, 4, 1]), Adam(), np.zeros((3, 2)), np.zeros(3), epochs=1,
                            params0=np.zeros((2, 2, 17))), "params0"),
        (lambda: models.MLP([2, 4, 1]).loss(np.zeros(16), np.zeros((3, 2)), np.zeros(3)), "params"),
    ],
)
def test_bad_arguments(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()



def test_minibatch_gradients_average_to_the_full_gradient_with_the_sampling_variance():
    X, y = data.linear_data(200, rng=3)
    model = models.LinearRegression(3, fit_intercept=False)
    w = np.zeros(3)
    per_example = np.array([model.loss_and_grad(w, X[i:i + 1], y[i:i + 1])[1] for i in range(200)])
    full = model.loss_and_grad(w, X, y)[1]
    for batch_size in (1, 10, 100):
        g = models.minibatch_gradients(model, w, X, y, batch_size=batch_size, draws=4000, rng=0)
        assert g.shape == (4000, 3)
        expected = per_example.var(axis=0) / batch_size * (200 - batch_size) / 199
        assert np.allclose(g.var(axis=0), expected, rtol=0.1)
        assert np.allclose(g.mean(axis=0), full, atol=4 * np.sqrt(expected.max() / 4000))
    everything = models.minibatch_gradients(model, w, X, y, batch_size=200, draws=3, rng=0)
    assert np.allclose(everything, full)  # B = N: no noise at all


def test_minibatch_gradients_are_seeded_and_check_their_arguments():
    X, y = data.linear_data(50, rng=3)
    model = models.LinearRegression(3)
    a = models.minibatch_gradients(model, np.ones(4), X, y, batch_size=5, draws=10, rng=1)
    assert np.array_equal(a, models.minibatch_gradients(model, np.ones(4), X, y, batch_size=5, draws=10, rng=1))
    with pytest.raises(ValueError, match="batch_size"):
        models.minibatch_gradients(model, np.ones(4), X, y, batch_size=51, draws=10, rng=1)
    with pytest.raises(ValueError, match="draws"):
        models.minibatch_gradients(model, np.ones(4), X, y, batch_size=5, draws=0, rng=1)


def test_one_feature_may_come_as_a_plain_list_of_numbers():
    X, y = data.house_prices()
    sizes = X[:, 0]  # shape (5,), as a student would type it
    assert models.linear_regression_objective(sizes, y).dim == 2
    a = models.fit(models.LinearRegression(1), GradientDescent(lr=1e-7), sizes, y, epochs=3, rng=0)
    b = models.fit(models.LinearRegression(1), GradientDescent(lr=1e-7), X, y, epochs=3, rng=0)
    assert np.array_equal(a.loss_history, b.loss_history)
    with pytest.raises(ValueError, match=r"X must have shape \(n, 3\)"):
        models.fit(models.LinearRegression(3), GradientDescent(lr=0.1), sizes, y, epochs=1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda X, y: models.fit(models.LinearRegression(3, False), GradientDescent(lr=0.01), X, y, epochs=1),
         r"X has \d+ missing \(NaN\) values: fill them first, for example with data.impute_with_indicator"),
        (lambda X, y: models.linear_regression_objective(X[:, :1], y), r"X has \d+ missing"),
        (lambda X, y: models.minibatch_gradients(models.LinearRegression(3, False), np.zeros(3), X, y, batch_size=4,
                                                 draws=2, rng=0), r"X has \d+ missing"),
    ],
)
def test_missing_values_are_refused_with_what_to_do(call, message):
    X, y = data.linear_data(200, rng=1)
    X = data.add_missing(X, 0.2, rng=0)
    with pytest.raises(ValueError, match=message):
        call(X, y)


def test_labels_other_than_zero_and_one_are_refused_with_the_mapping_to_use():
    X, y = data.two_moons(40, rng=0)
    with pytest.raises(ValueError, match=r"got \[-1.0, 1.0\]: map them to 0 and 1, e.g. with \(y \+ 1\) / 2"):
        models.fit(models.MLP([2, 4, 1]), GradientDescent(lr=0.1), X, 2 * y - 1, epochs=1)


def test_training_too_long_to_finish_is_refused_and_a_wrong_model_named():
    X, y = data.house_prices()
    with pytest.raises(ValueError, match="epochs = 1000000000000"):
        models.fit(models.LinearRegression(1), GradientDescent(lr=0.1), X, y, epochs=10**12)
    with pytest.raises(TypeError, match="model must be"):
        models.fit(None, GradientDescent(lr=0.1), X, y, epochs=1)


def test_fit_statuses_speak_run_s_language():
    X, y = data.house_prices()
    assert models.fit(models.LinearRegression(1), GradientDescent(lr=0.1), X, y, epochs=0).status == "not started"
    X, y = data.linear_data(200, noise=0.0, rng=2)
    exact = models.fit(models.LinearRegression(3, False), GradientDescent(lr=0.3), X, y, epochs=300, rng=0)
    assert exact.status == "converged"  # noise-free data: full batch reaches the exact fit
    noisy = models.fit(models.LinearRegression(3, False), GradientDescent(lr=0.05), *data.linear_data(1000, rng=42),
                       epochs=40, batch_size=32, rng=0)
    assert noisy.status == "not converging"  # hovering in the noise ball of constant-rate SGD
