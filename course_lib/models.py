"""Models with analytic gradients, and a training loop that takes any optimizer.

A model holds no data and no weights: its parameters are one flat float vector, so every
optimizer of :mod:`course_lib.optimizers` trains every model unchanged::

    >>> from course_lib import data, models
    >>> from course_lib.optimizers import Adam
    >>> X, y = data.two_moons(200, rng=0)
    >>> net = models.MLP([2, 16, 1])
    >>> result = models.fit(net, Adam(lr=0.05), X, y, epochs=50, batch_size=32, rng=0)
    >>> bool(result.loss_history[-1] < result.loss_history[0])
    True
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from . import _checks
from .clipping import clip_grad_norm
from .data import check_data, minibatches
from .descent import CONVERGED, DIVERGED, NOT_CONVERGING, NOT_STARTED, STILL_CONVERGING
from .objectives import Objective, StationaryPoint
from .optimizers import Optimizer

__all__ = [
    "LinearRegression", "MLP", "FitResult", "fit", "MAX_STEPS", "linear_regression_objective", "epochs_to_reach",
    "minibatch_gradients",
]


MAX_STEPS = 1_000_000
"""The most optimizer steps :func:`fit` takes (epochs × batches per epoch): enough for any lesson, and a
typo such as ``epochs=10**12`` is refused instead of hanging the kernel."""


class LinearRegression:
    """ŷ = X·w (+ b), trained on the mean squared error L = mean((ŷ − y)²).

    Parameters are ``[w_1, …, w_d]`` or ``[w_1, …, w_d, b]`` with an intercept. ``loss`` and
    ``loss_and_grad`` also take a stack of parameter vectors, shape ``(..., n_params)``, and
    return one loss (gradient) per vector: that is how a contour plot of L(w, b) is filled.

        ∂L/∂w = (2/n) Xᵀ(ŷ − y),   ∂L/∂b = (2/n) Σ(ŷ − y)
    """

    def __init__(self, n_features: int, fit_intercept: bool = True):
        self.n_features = _checks.integer("n_features", n_features, low=1)
        self.fit_intercept = _checks.flag("fit_intercept", fit_intercept)
        self.n_params = self.n_features + int(self.fit_intercept)

    def __repr__(self) -> str:
        return f"LinearRegression(n_features={self.n_features}, fit_intercept={self.fit_intercept})"

    def check_data(self, X, y):
        """X as (n, n_features) and y as (n,) floats, or ValueError naming what is wrong (NaN included)."""
        return check_data(X, y, self.n_features)

    def init_params(self, rng) -> np.ndarray:
        """Standard-normal starting parameters from ``rng``."""
        return _checks.generator("rng", rng).standard_normal(self.n_params)

    def predict(self, params, X) -> np.ndarray:
        params = np.asarray(params, dtype=float)
        pred = params[..., : self.n_features] @ np.asarray(X, dtype=float).T
        return pred + params[..., -1:] if self.fit_intercept else pred

    def loss(self, params, X, y):
        r = self.predict(params, X) - y
        return np.mean(r * r, axis=-1)

    def loss_and_grad(self, params, X, y, need_loss: bool = True):
        """(loss, gradient); (None, gradient) without ``need_loss``: what a training step needs."""
        X = np.asarray(X, dtype=float)
        r = self.predict(params, X) - y
        n = r.shape[-1]
        grad_w = (2.0 / n) * (r @ X)
        if self.fit_intercept:
            grad_w = np.concatenate([grad_w, (2.0 / n) * np.sum(r, axis=-1, keepdims=True)], axis=-1)
        return np.mean(r * r, axis=-1) if need_loss else None, grad_w

    def solve(self, X, y) -> np.ndarray:
        """The exact least-squares parameters (what gradient descent should approach)."""
        X = np.asarray(X, dtype=float)
        A = np.hstack([X, np.ones((len(X), 1))]) if self.fit_intercept else X
        return np.linalg.lstsq(A, y, rcond=None)[0]


def linear_regression_objective(X, y, fit_intercept: bool = True, *, name: str = "mse", window=None) -> Objective:
    """The mean squared error of a linear fit as an :class:`Objective` of its parameters.

    With one feature and an intercept the parameters are (w, b) and the objective is 2-D, so
    ``descent.run`` and the contour plots work on it directly. Its one stationary point is
    the least-squares solution; the Hessian (2/n)·AᵀA is constant. With one parameter only
    (one feature, ``fit_intercept=False``) it is a 1-D objective like the course's curves:
    w is a float, or an array of many ws.
    """
    X, y = check_data(X, y, None)
    model = LinearRegression(X.shape[1], fit_intercept)
    A = np.hstack([X, np.ones((len(X), 1))]) if fit_intercept else X
    H = (2.0 / len(X)) * A.T @ A
    best = model.solve(X, y)
    if window is None:
        half = np.maximum(np.abs(best), 1.0) * 1.5
        sides = [(float(c - h), float(c + h)) for c, h in zip(best, half, strict=True)]
        window = sides[0] if len(sides) == 1 else tuple(sides)

    one = model.n_params == 1  # then a point is a plain number (a 1-D objective): give it a parameter axis
    if one:
        best = float(best[0])

    def params(p):
        return np.asarray(p, dtype=float)[..., None] if one else p

    def loss(p):
        return model.loss(params(p), X, y)

    def grad(p):
        g = model.loss_and_grad(params(p), X, y, need_loss=False)[1]
        return g[..., 0] if one else g

    def hessian(p):
        return np.broadcast_to(H[0, 0], np.shape(p)) if one else np.broadcast_to(H, (*np.shape(p)[:-1], *H.shape))

    def stationary(obj):
        return [StationaryPoint(best, float(loss(best)), "minimum")]

    return Objective(
        name,
        loss,
        grad,
        hessian=hessian,
        dim=model.n_params,
        window=window,
        formula="mean((Xw + b − y)²)" if fit_intercept else "mean((Xw − y)²)",
        find_stationary_points=stationary,
    )


class MLP:
    """A small fully connected network for two classes: tanh (or ReLU) hidden layers, sigmoid out.

    ``layer_sizes = [inputs, hidden…, 1]``, e.g. ``[2, 16, 1]`` or ``[2, 16, 16, 1]``. The loss is
    the mean binary cross-entropy of P(y = 1 | x) = σ(z), computed from the logit z without
    overflow: L = mean(log(1 + eᶻ) − y·z). Like :class:`LinearRegression`, every method also takes a
    stack of parameter vectors, shape ``(k, n_params)``: k networks at once, one loss (gradient,
    prediction) each. Backpropagation, layer by layer from the output::

        δ_out = (σ(z) − y) / n
        ∂L/∂W_l = a_{l−1}ᵀ δ_l,   ∂L/∂b_l = Σ δ_l,   δ_{l−1} = (δ_l W_lᵀ) ⊙ act′(z_{l−1})
    """

    def __init__(self, layer_sizes, activation: str = "tanh"):
        if not isinstance(layer_sizes, (list, tuple)):
            raise ValueError(f"layer_sizes must be a list [inputs, hidden..., 1], got {layer_sizes!r}")
        sizes = [_checks.integer(f"layer_sizes[{i}]", s, low=1, high=10_000) for i, s in enumerate(layer_sizes)]
        if len(sizes) < 3 or sizes[-1] != 1:
            raise ValueError(
                f"layer_sizes must be [inputs, hidden..., 1] with at least one hidden layer, got {layer_sizes!r}"
            )
        _checks.text("activation", activation, ("tanh", "relu"))
        self.layer_sizes = sizes
        self.activation = activation
        self.shapes = list(pairwise(sizes))
        self.n_params = sum(a * b + b for a, b in self.shapes)

    def __repr__(self) -> str:
        return f"MLP({self.layer_sizes}, activation={self.activation!r})"

    def check_data(self, X, y):
        """X as (n, inputs) and y as 0/1 labels, or ValueError naming what is wrong and what to do."""
        X, y = check_data(X, y, self.layer_sizes[0])
        labels = np.unique(y)
        if not np.all((labels == 0) | (labels == 1)):
            shown = labels[:6].tolist()
            hint = " map them to 0 and 1, e.g. with (y + 1) / 2" if set(shown) <= {-1.0, 1.0} else ""
            raise ValueError(f"y must hold the class labels 0 and 1 (the cross-entropy of P(y = 1)), "
                             f"got {shown}{'…' if len(labels) > 6 else ''}:{hint or ' one label per class'}")
        return X, y

    def init_params(self, rng) -> np.ndarray:
        """Glorot-style (tanh) or He-style (ReLU) random weights, zero biases."""
        rng = _checks.generator("rng", rng)
        parts = []
        for fan_in, fan_out in self.shapes:
            scale = np.sqrt(2.0 / fan_in) if self.activation == "relu" else np.sqrt(1.0 / fan_in)
            parts += [scale * rng.standard_normal(fan_in * fan_out), np.zeros(fan_out)]
        return np.concatenate(parts)

    def unpack(self, params):
        """The list of (W, b) per layer, as views into ``params``.

        For one vector W has shape (fan_in, fan_out) and b (fan_out,); for a stack of k vectors
        (k, fan_in, fan_out) and (k, 1, fan_out), so that ``a @ W + b`` works for both.
        """
        params = np.asarray(params, dtype=float)
        if params.ndim not in (1, 2) or params.shape[-1] != self.n_params:
            raise ValueError(f"params must have shape ({self.n_params},) or (k, {self.n_params}), got {params.shape}")
        lead = params.shape[:-1]
        layers, i = [], 0
        for fan_in, fan_out in self.shapes:
            W = np.ascontiguousarray(params[..., i: i + fan_in * fan_out]).reshape(*lead, fan_in, fan_out)
            i += fan_in * fan_out
            b = params[..., i: i + fan_out]
            layers.append((W, b[..., None, :] if lead else b))
            i += fan_out
        return layers

    def _act(self, z):
        """The activation, in place (z is a fresh array): a stack of networks makes large arrays, and
        every new one costs page faults."""
        return np.tanh(z, out=z) if self.activation == "tanh" else np.maximum(z, 0.0, out=z)

    def _forward(self, params, X):
        activations = [np.asarray(X, dtype=float)]
        layers = self.unpack(params)
        for W, b in layers[:-1]:
            z = activations[-1] @ W
            z += b
            activations.append(self._act(z))
        W, b = layers[-1]
        return layers, activations, (activations[-1] @ W + b)[..., 0]

    def logits(self, params, X) -> np.ndarray:
        return self._forward(params, X)[2]

    def predict_proba(self, params, X) -> np.ndarray:
        """P(y = 1 | x) for every row of X."""
        z = self.logits(params, X)
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # σ(z), without overflow

    @staticmethod
    def _mean_loss(z, y):
        loss = np.mean(np.logaddexp(0.0, z) - y * z, axis=-1)
        return float(loss) if loss.ndim == 0 else loss

    def loss(self, params, X, y):
        """The mean cross-entropy: a float, or one per network for a stack of parameter vectors."""
        return self._mean_loss(self.logits(params, X), y)

    def loss_and_grad(self, params, X, y, need_loss: bool = True):
        """(loss, gradient); (None, gradient) without ``need_loss``: what a training step needs."""
        layers, activations, z = self._forward(params, X)
        lead, grads = z.shape[:-1], []
        delta = ((0.5 * (1.0 + np.tanh(0.5 * z)) - y) / z.shape[-1])[..., None]
        for layer in range(len(layers) - 1, -1, -1):
            (W, _), a = layers[layer], activations[layer]
            grads.append(delta.sum(axis=-2))  # the methods: the same sums, without np.sum's dispatch
            grads.append((a.swapaxes(-1, -2) @ delta).reshape(*lead, -1))
            if layer:
                back = delta @ W.swapaxes(-1, -2)
                delta = back * (1.0 - a * a) if self.activation == "tanh" else back * (a > 0)
        return self._mean_loss(z, y) if need_loss else None, np.concatenate(grads[::-1], axis=-1)


@dataclass(frozen=True)
class FitResult:
    """What :func:`fit` recorded.

    For k models trained at once (``params0`` of shape ``(k, n_params)``) every per-model
    record gains a model axis: ``params`` is ``(k, n_params)``, ``loss_history`` ``(epochs + 1, k)``,
    ``step_losses`` ``(steps + 1, k)``, ``path`` ``(steps + 1, k, n_params)`` and ``status`` an
    array of k statuses; a model that diverged keeps its last finite parameters, and its losses
    after that are NaN. ``examples_seen`` and ``epoch_seconds`` are shared.

    Attributes:
        params: the final parameters (the last finite ones, if the run diverged).
        initial_params: where training started.
        loss_history: full-data loss before training and after each epoch.
        step_losses: full-data loss before training and after every optimizer step (None
            without ``record_steps``).
        examples_seen: gradient evaluations (examples processed) at each entry of ``step_losses``
            (None without ``record_steps``).
        epoch_seconds: wall time of each epoch's updates (loss recording excluded).
        path: parameters before training and after every step (with ``record_path``), else None.
        status: in :func:`course_lib.descent.run`'s words, judged on the loss per epoch:
            ``"diverged"`` if the loss exceeded ``divergence_bound``, the parameters stopped being
            finite, or the loss ended above where it started and was still rising;
            ``"converged"`` if the full-data gradient at the end is below ``tol`` (in norm);
            ``"still converging"`` if the loss of the last quarter of the epochs is measurably
            below that of the quarter before (by more than twice its noise) and below the start;
            ``"not started"`` after 0 epochs; else ``"not converging"`` (a plateau, such as
            the noise ball of constant-rate SGD, or a rise that stopped).
    """

    params: np.ndarray
    initial_params: np.ndarray
    loss_history: np.ndarray
    step_losses: np.ndarray
    examples_seen: np.ndarray
    epoch_seconds: np.ndarray
    path: np.ndarray | None
    status: str | np.ndarray

    def member(self, i: int) -> FitResult:
        """Model ``i`` of a stack trained at once, as a result of its own (the run fit makes of it alone)."""
        if self.params.ndim != 2:
            raise ValueError("member needs the result of a stack of models (params0 of shape (k, n_params))")
        i = _checks.integer("i", i)
        if i >= len(self.params):
            raise ValueError(f"i must be below the stack's size {len(self.params)}, got {i}")

        def pick(a, axis):
            return None if a is None else np.take(a, i, axis=axis)

        return FitResult(self.params[i], self.initial_params[i], self.loss_history[:, i], pick(self.step_losses, 1),
                         self.examples_seen, self.epoch_seconds, pick(self.path, 1), str(self.status[i]))


def fit(
    model,
    optimizer: Optimizer,
    X,
    y,
    *,
    epochs: int,
    batch_size: int | None = None,
    replace: bool = False,
    rng=0,
    params0=None,
    record_path: bool = False,
    record_steps: bool = True,
    divergence_bound: float = 1e8,
    tol: float = 1e-6,
    max_grad_norm: float | None = None,
) -> FitResult:
    """Train ``model`` with ``optimizer`` by (mini-batch) gradient descent.

    Several models can train at once, as :func:`course_lib.descent.run` runs several starts: give
    ``params0`` a stack of k starting vectors, shape ``(k, n_params)`` (and, for one learning rate
    per model, an optimizer whose ``lr`` is an array of shape ``(k, 1)``). All k see the same
    batches in the same order; each is the run that ``fit`` would make of it alone, up to rounding.

    Args:
        model: a :class:`LinearRegression` or :class:`MLP` (anything with ``init_params``,
            ``loss`` and ``loss_and_grad``).
        optimizer: any optimizer; give it a :mod:`course_lib.schedules` schedule as ``lr`` to
            change the learning rate step by step.
        X, y: the training data.
        epochs: passes over the data.
        batch_size: examples per step; None (the default) means the whole data set (full
            batch), 1 means single-sample SGD.
        replace: draw each epoch's examples with replacement (:func:`course_lib.data.minibatches`)
            instead of shuffling them (every example once per epoch, the default).
        rng: seed or Generator for the initial parameters and the shuffling. Two calls with
            the same seed start from the same parameters, so optimizers can be compared fairly.
        params0: starting parameters (instead of drawing them from ``rng``), one vector or a
            stack of k.
        record_path: keep the parameters after every step (for path plots).
        record_steps: compute the full-data loss after every step (``step_losses``). Without it
            (``step_losses`` and ``examples_seen`` are then None) the loss is computed once per
            epoch, which about halves the time of a small network; a step that makes the
            parameters non-finite still stops a run at once, a loss above ``divergence_bound``
            at the end of its epoch.
        divergence_bound: stop as diverged when the loss exceeds this.
        tol: full-data gradient norm below which the end counts as converged.
        max_grad_norm: clip every mini-batch gradient to this norm (over the whole parameter vector of each
            model) before the optimizer sees it, as ``torch.nn.utils.clip_grad_norm_`` does
            (:func:`course_lib.clipping.clip_grad_norm`).
    """
    _check_model(model)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an Optimizer, got {optimizer!r}")
    X, y = model.check_data(X, y)
    n = len(X)
    epochs = _checks.integer("epochs", epochs)
    batch_size = n if batch_size is None else min(_checks.integer("batch_size", batch_size, low=1), n)
    if epochs * -(-n // batch_size) > MAX_STEPS:
        raise ValueError(f"epochs = {epochs} with {-(-n // batch_size)} batches each is over {MAX_STEPS:,} steps: "
                         "fewer epochs or larger batches, please")
    bound = _checks.number("divergence_bound", divergence_bound, low=0, low_open=True)
    tol = _checks.number("tol", tol, low=0)
    replace = _checks.flag("replace", replace)
    if max_grad_norm is not None:
        max_grad_norm = _checks.number("max_grad_norm", max_grad_norm, low=0, low_open=True)
    rng = _checks.generator("rng", rng)
    record_path = _checks.flag("record_path", record_path)
    record_steps = _checks.flag("record_steps", record_steps)
    params = model.init_params(rng) if params0 is None else _checks.array("params0", params0, finite=True).copy()
    if params.ndim not in (1, 2) or params.shape[-1] != model.n_params:
        raise ValueError(f"params0 must have shape ({model.n_params},) or (k, {model.n_params}), got {params.shape}")
    initial, state = params.copy(), optimizer.init(params)

    start_loss = model.loss(params, X, y)
    loss_history, step_losses, examples, seconds = [start_loss], [start_loss], [0], []
    path = [params.copy()] if record_path else None
    alive, seen = np.ones(params.shape[:-1], dtype=bool), 0  # one flag per model: not diverged
    step, clip = _checks.loud(optimizer.step), _checks.loud(clip_grad_norm)  # warnings are off around the loop
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            elapsed, everyone = 0.0, bool(np.all(alive))  # everyone: no model has stopped (a bool: cheap to test)
            for idx in minibatches(n, batch_size, rng, shuffle=batch_size < n, replace=replace):
                tick = time.perf_counter()
                _, grad = model.loss_and_grad(params, X[idx], y[idx], need_loss=False)
                if max_grad_norm is not None:
                    grad = clip(grad, max_grad_norm, axis=-1)
                new_params, state = step(params, grad, state)
                elapsed += time.perf_counter() - tick
                if not _checks.dot(new_params, new_params) < np.inf:  # quick test: Σx² is finite only if every x is
                    alive = alive & np.all(np.isfinite(new_params), axis=-1)
                    everyone = bool(np.all(alive))
                if record_steps:
                    loss = model.loss(new_params, X, y)
                    alive = alive & (loss <= bound)
                    everyone = bool(np.all(alive))
                if not (everyone or np.any(alive)):
                    break
                params = new_params if everyone else np.where(alive[..., None], new_params, params)
                seen += len(idx)
                if record_steps:
                    step_losses.append(np.where(alive, loss, np.nan))
                    examples.append(seen)
                if record_path:
                    path.append(params.copy())
            seconds.append(elapsed)
            if record_steps:
                epoch_loss = step_losses[-1]
            elif np.any(alive):
                loss = model.loss(params, X, y)
                alive = alive & (loss <= bound)
                epoch_loss = np.where(alive, loss, np.nan)
            if not np.any(alive):
                break
            loss_history.append(epoch_loss)
        grad_norm = np.sqrt(np.sum(model.loss_and_grad(params, X, y, need_loss=False)[1] ** 2, axis=-1))
    history = np.array(loss_history, dtype=float)
    status = np.array([_training_status(h, g, tol, not a) for h, g, a in
                       zip(history.reshape(len(history), -1).T, np.ravel(grad_norm), np.ravel(alive), strict=True)])
    return FitResult(
        params, initial, history, np.array(step_losses, dtype=float) if record_steps else None,
        np.array(examples) if record_steps else None, np.array(seconds), np.array(path) if record_path else None,
        str(status[0]) if params.ndim == 1 else status,
    )


def _check_model(model) -> None:
    if not all(hasattr(model, a) for a in ("init_params", "loss", "loss_and_grad", "check_data")):
        raise TypeError(f"model must be a LinearRegression or an MLP, got {model!r}")


def _training_status(loss_history: np.ndarray, grad_norm: float, tol: float, diverged: bool) -> str:
    """The status of a training run from its loss per epoch (see :class:`FitResult`)."""
    epochs = len(loss_history) - 1
    if diverged:
        return DIVERGED
    if grad_norm <= tol:
        return CONVERGED
    if epochs == 0:
        return NOT_STARTED
    w = max(1, epochs // 4)
    recent, before = loss_history[-w:], loss_history[-2 * w: -w] if 2 * w <= epochs else loss_history[:1]
    noise = 2 * np.sqrt(np.var(recent) / len(recent) + np.var(before) / len(before))
    margin = noise + 1e-9 * abs(float(np.mean(before)))
    change = float(np.mean(recent) - np.mean(before))
    above_start = loss_history[-1] > loss_history[0]
    if above_start and change > margin:
        return DIVERGED  # finite, but worse than where it started, and still getting worse
    if not above_start and change < -margin:
        return STILL_CONVERGING
    return NOT_CONVERGING


def epochs_to_reach(loss_history, threshold: float) -> int | None:
    """The first epoch after which the loss is below ``threshold`` (None if it never is)."""
    loss_history = _checks.array("loss_history", loss_history, ndim=1, what="losses, one per epoch (a 1-D array)")
    threshold = _checks.number("threshold", threshold)
    below = np.flatnonzero(loss_history[1:] < threshold)
    return int(below[0]) + 1 if below.size else None


def minibatch_gradients(model, params, X, y, *, batch_size: int, draws: int, rng) -> np.ndarray:
    """Mini-batch gradients at fixed ``params``: how noisy is the gradient a step of SGD sees?

    Each of the ``draws`` gradients uses ``batch_size`` examples drawn without replacement (as
    one batch of a shuffled epoch). Their mean is the full-batch gradient; their variance is

        Var[ĝ_B] = σ²/B · (N − B)/(N − 1)

    per coordinate, where σ² is the variance of the per-example gradients over the N examples
    and (N − B)/(N − 1) the finite-population correction (zero when B = N: the whole data set).
    ``model`` is a :class:`LinearRegression` or :class:`MLP`, ``params`` where to evaluate, ``X, y`` the
    training data, ``batch_size`` 1..N, ``rng`` a seed or Generator; returns shape ``(draws, n_params)``.
    """
    _check_model(model)
    X, y = model.check_data(X, y)
    n = len(X)
    batch_size = _checks.integer("batch_size", batch_size, low=1)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the number of examples {n}, got {batch_size}")
    draws = _checks.integer("draws", draws, low=1, high=MAX_STEPS)
    rng = _checks.generator("rng", rng)
    params = _checks.array("params", params, ndim=1, finite=True, what=f"{model.n_params} finite parameters")
    if params.shape != (model.n_params,):
        raise ValueError(f"params must be {model.n_params} finite parameters for {model!r}, got shape {params.shape}")
    return np.array([model.loss_and_grad(params, X[idx], y[idx], need_loss=False)[1]
                     for idx in (rng.choice(n, batch_size, replace=False) for _ in range(draws))])
