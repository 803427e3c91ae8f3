"""fit's training loop against the same loop written plainly through the public API, bit for bit.

fit takes shortcuts on its hot path (the gradient without the loss, the optimizer's step without its warnings
wrapper, one finiteness test for all the models, no copy while every model trains); none may change a number.
The reference below takes none of them: the gradient by the textbook formulas (backpropagation written out
on ``unpack``'s layers), the public ``step`` and ``clip_grad_norm``, a test of every model at every step, and
``np.where`` to keep the last finite parameters of the models that stopped.
"""

import numpy as np
import pytest

from course_lib import data, models
from course_lib.clipping import clip_grad_norm
from course_lib.data import minibatches
from course_lib.optimizers import ALL
from course_lib.schedules import CosineDecay

pytestmark = pytest.mark.filterwarnings("error")


def reference_gradient(model, params, X, y):
    """The gradient of the mean squared error, or backpropagation through the network, written plainly."""
    if isinstance(model, models.LinearRegression):
        r = model.predict(params, X) - y
        grad = (2.0 / len(X)) * (r @ X)
        if model.fit_intercept:
            grad = np.concatenate([grad, (2.0 / len(X)) * np.sum(r, axis=-1, keepdims=True)], axis=-1)
        return grad
    layers, activations = model.unpack(params), [X]
    for W, b in layers[:-1]:
        z = activations[-1] @ W + b
        activations.append(np.tanh(z) if model.activation == "tanh" else np.maximum(z, 0.0))
    W, b = layers[-1]
    z = (activations[-1] @ W + b)[..., 0]
    delta = ((0.5 * (1.0 + np.tanh(0.5 * z)) - y) / len(X))[..., None]  # ∂L/∂z: (σ(z) − y) / n
    grads = []
    for layer in range(len(layers) - 1, -1, -1):
        a = activations[layer]
        grads = [(np.swapaxes(a, -1, -2) @ delta).reshape(*params.shape[:-1], -1), np.sum(delta, axis=-2), *grads]
        if layer:
            back = delta @ np.swapaxes(layers[layer][0], -1, -2)
            delta = back * (1.0 - a * a) if model.activation == "tanh" else back * (a > 0)
    return np.concatenate(grads, axis=-1)


def reference_fit(model, optimizer, X, y, *, epochs, batch_size=None, replace=False, rng=0, params0=None,
                  record_path=False, record_steps=True, divergence_bound=1e8, tol=1e-6, max_grad_norm=None):
    """What :func:`course_lib.models.fit` computes, written plainly."""
    X, y = model.check_data(X, y)
    n = len(X)
    batch_size = n if batch_size is None else min(batch_size, n)
    rng = np.random.default_rng(rng)
    params = model.init_params(rng) if params0 is None else np.array(params0, dtype=float)
    initial, state = params.copy(), optimizer.init(params)
    loss = model.loss(params, X, y)
    history, step_losses, examples, path = [loss], [loss], [0], [params.copy()]
    alive, seen = np.ones(params.shape[:-1], dtype=bool), 0
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            for idx in minibatches(n, batch_size, rng, shuffle=batch_size < n, replace=replace):
                grad = reference_gradient(model, params, X[idx], y[idx])
                if max_grad_norm is not None:
                    grad = clip_grad_norm(grad, max_grad_norm, axis=-1)
                new_params, state = optimizer.step(params, grad, state)
                alive = alive & np.all(np.isfinite(new_params), axis=-1)
                if record_steps:
                    loss = model.loss(new_params, X, y)
                    alive = alive & (loss <= divergence_bound)
                if not np.any(alive):
                    break
                params = np.where(alive[..., None], new_params, params)
                seen += len(idx)
                if record_steps:
                    step_losses.append(np.where(alive, loss, np.nan))
                    examples.append(seen)
                path.append(params.copy())
            if record_steps:
                epoch_loss = step_losses[-1]
            elif np.any(alive):
                loss = model.loss(params, X, y)
                alive = alive & (loss <= divergence_bound)
                epoch_loss = np.where(alive, loss, np.nan)
            if not np.any(alive):
                break
            history.append(epoch_loss)
        grad_norm = np.sqrt(np.sum(reference_gradient(model, params, X, y) ** 2, axis=-1))
    history = np.array(history, dtype=float)
    status = [models._training_status(h, g, tol, not a) for h, g, a in
              zip(history.reshape(len(history), -1).T, np.ravel(grad_norm), np.ravel(alive), strict=True)]
    return {"params": params, "initial_params": initial, "loss_history": history,
            "step_losses": np.array(step_losses) if record_steps else None,
            "examples_seen": np.array(examples) if record_steps else None,
            "path": np.array(path) if record_path else None,
            "status": status[0] if params.ndim == 1 else np.array(status)}


MOONS = data.two_moons(60, rng=1)
_rng = np.random.default_rng(3)
LINE_X = _rng.standard_normal((40, 2))
LINE = (LINE_X, LINE_X @ [1.5, -2.0] + 0.3 + 0.1 * _rng.standard_normal(40))
TANH, RELU, LINEAR = models.MLP([2, 5, 1]), models.MLP([2, 6, 3, 1], activation="relu"), models.LinearRegression(2)


def stack(model, k=3):
    return np.stack([model.init_params(seed) for seed in range(k)])


RATES = np.array([[0.05], [3.0], [1e100]])  # one per model of a stack: slow, fast, and one that diverges (to inf)

SETTINGS = {  # name: (model, data, lr, fit's keyword arguments)
    "tanh": (TANH, MOONS, 0.05, {"batch_size": 7}),
    "tanh, batch 1, path, clipped": (TANH, MOONS, 0.05, {"batch_size": 1, "record_path": True, "max_grad_norm": 0.1}),
    "tanh, epoch losses only": (TANH, MOONS, 0.5, {"batch_size": 16, "record_steps": False}),
    "tanh, stack, one rate each": (TANH, MOONS, RATES, {"batch_size": 16, "params0": stack(TANH), "record_path": True}),
    "relu, stack, epoch losses only": (RELU, MOONS, RATES, {"batch_size": 8, "params0": stack(RELU),
                                                            "record_steps": False}),
    "relu, schedule, with replacement": (RELU, MOONS, "schedule", {"batch_size": 10, "replace": True}),
    "relu, stack of 1, clipped": (RELU, MOONS, 0.05, {"batch_size": 1, "params0": stack(RELU, 1),
                                                      "max_grad_norm": 0.5}),
    "linear, full batch": (LINEAR, LINE, 0.05, {"record_path": True}),
    "linear, stack, epoch losses only": (LINEAR, LINE, RATES, {"batch_size": 5, "params0": stack(LINEAR),
                                                               "record_steps": False, "record_path": True}),
    "linear, every model diverges": (LINEAR, LINE, 1e6, {"batch_size": 4, "params0": stack(LINEAR, 2)}),
    "tanh, loss bound": (TANH, MOONS, 0.05, {"batch_size": 30, "divergence_bound": 0.625}),  # starts at 0.634
    "tanh, loss bound, epoch losses only": (TANH, MOONS, 0.05, {"batch_size": 30, "divergence_bound": 0.625,
                                                                "record_steps": False}),
}


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("name", ALL)
def test_fit_equals_the_plain_loop_bit_for_bit(name, setting):
    model, (X, y), lr, settings = SETTINGS[setting]
    made = []
    for _ in range(2):  # a fresh optimizer (and schedule) for each run
        rate = CosineDecay(0.1, total_steps=20) if isinstance(lr, str) else lr
        made.append(ALL[name].configured(rate))
    result = models.fit(model, made[0], X, y, epochs=3, rng=2, **settings)
    expected = reference_fit(model, made[1], X, y, epochs=3, rng=2, **settings)
    for field, value in expected.items():
        got = getattr(result, field)
        if value is None or isinstance(value, str):
            assert got == value, field
        else:
            assert got.shape == value.shape and np.array_equal(got, value, equal_nan=field != "status"), field


def test_the_settings_reach_every_way_a_run_stops():
    """The comparisons above cover a model that diverges in a stack of live ones, with and without step losses
    (the linear model's parameters overflow to inf within an epoch), runs where every model stops, and the loss
    bound."""
    def statuses(setting):
        model, (X, y), lr, settings = SETTINGS[setting]
        result = models.fit(model, ALL["GradientDescent"](lr=lr), X, y, epochs=3, rng=2, **settings)
        assert np.all(np.isfinite(result.params))
        return np.atleast_1d(result.status).tolist()

    for setting in ("tanh, stack, one rate each", "relu, stack, epoch losses only", "linear, stack, epoch losses only"):
        first, *_, last = statuses(setting)
        assert first != "diverged" and last == "diverged", setting
    assert statuses("linear, every model diverges") == ["diverged", "diverged"]
    assert statuses("tanh, loss bound") == statuses("tanh, loss bound, epoch losses only") == ["diverged"]


@pytest.mark.parametrize("model", [TANH, RELU, LINEAR, models.LinearRegression(2, fit_intercept=False)], ids=repr)
def test_loss_and_grad_without_the_loss_gives_the_same_gradient(model):
    X, y = LINE if isinstance(model, models.LinearRegression) else MOONS
    for params in (model.init_params(0), stack(model)):
        for rows in (slice(0, 1), slice(0, 7), slice(None)):
            loss, grad = model.loss_and_grad(params, X[rows], y[rows])
            nothing, same = model.loss_and_grad(params, X[rows], y[rows], need_loss=False)
            assert nothing is None and np.array_equal(same, grad)
            assert np.array_equal(grad, reference_gradient(model, params, X[rows], y[rows]))
            assert np.array_equal(loss, model.loss(params, X[rows], y[rows]))
