"""The methods that scale each coordinate by its own gradient history: AdaGrad, RMSProp and Adadelta."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import _checks
from ._base import Optimizer, check_lr
from ._base import lerp as _lerp

__all__ = ["AdaGrad", "RMSProp", "Adadelta"]


class AdaGrad(Optimizer):
    r"""AdaGrad (``torch.optim.Adagrad``): each coordinate's step shrinks with its gradient history.

    .. math::
        g &\leftarrow g + \lambda x \\
        \tilde\eta &= \eta / (1 + (t-1)\,\text{lr\_decay}) \\
        s &\leftarrow s + g^2 \quad (s_0 = \text{initial\_accumulator\_value}) \\
        x &\leftarrow x - \tilde\eta\, g / (\sqrt{s} + \epsilon)
    """

    class State(NamedTuple):
        count: int
        sum_of_squares: np.ndarray

    _arg_names = ("lr", "lr_decay", "initial_accumulator_value", "eps", "weight_decay")
    adaptive = True
    color = "purple"
    line_style = "dash_dotted"
    marker = "diamond"

    def __init__(self, lr=0.01, lr_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, weight_decay=0.0):
        self.lr = check_lr(lr)
        self.lr_decay = _checks.number("lr_decay", lr_decay, low=0)
        self.initial_accumulator_value = _checks.number("initial_accumulator_value", initial_accumulator_value, low=0)
        self.eps = _checks.number("eps", eps, low=0)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)

    def init(self, x0):
        x0 = self._check_params(x0)
        return self.State(0, np.full_like(x0, self.initial_accumulator_value))

    def _step_size(self, lr, count, sum_of_squares):
        return lr / (1 + count * self.lr_decay) / (np.sqrt(sum_of_squares) + self.eps)

    def _update(self, x, g, lr, state):
        s = state.sum_of_squares + g * g
        return self._step_size(lr, state.count, s) * g, state._replace(sum_of_squares=s)

    def per_coordinate_lr(self, state):
        count = max(state.count - 1, 0)
        return self._step_size(self.learning_rate(count), count, state.sum_of_squares)


class RMSProp(Optimizer):
    r"""RMSProp (``torch.optim.RMSprop``): divide by a running root-mean-square of the gradient.

    .. math::
        g &\leftarrow g + \lambda x \\
        s &\leftarrow \alpha s + (1-\alpha) g^2 \\
        \bar g &\leftarrow \alpha \bar g + (1-\alpha) g \quad \text{(centered only)} \\
        d &= \sqrt{s - \bar g^2} + \epsilon \ \text{(centered)}, \quad \sqrt{s} + \epsilon \ \text{(otherwise)} \\
        b &\leftarrow \mu b + g / d, \quad x \leftarrow x - \eta\, b \quad \text{if } \mu > 0,
        \quad\text{else } x \leftarrow x - \eta\, g / d
    """

    class State(NamedTuple):
        count: int
        square_avg: np.ndarray
        grad_avg: np.ndarray
        momentum_buffer: np.ndarray

    _arg_names = ("lr", "alpha", "eps", "momentum", "centered", "weight_decay")
    adaptive = True
    velocity_buffer = "momentum_buffer"  # b, with momentum > 0: x moves by η·b
    hyperparameters = ("alpha",)
    color = "green"
    line_style = "solid"
    marker = "triangle-down"

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8, momentum=0.0, centered=False, weight_decay=0.0):
        self.lr = check_lr(lr)
        self.alpha = _checks.number("alpha", alpha, low=0, high=1, high_open=True)
        self.eps = _checks.number("eps", eps, low=0)
        self.momentum = _checks.number("momentum", momentum, low=0, high=1, high_open=True)
        self.centered = _checks.flag("centered", centered)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)

    def _denominator(self, square_avg, grad_avg):
        if self.centered:
            # Never negative in exact arithmetic; clip the rounding error instead of taking sqrt(-0.0…1).
            return np.sqrt(np.maximum(square_avg - grad_avg * grad_avg, 0.0)) + self.eps
        return np.sqrt(square_avg) + self.eps

    def _update(self, x, g, lr, state):
        s = self.alpha * state.square_avg + (1 - self.alpha) * (g * g)
        g_avg = _lerp(state.grad_avg, g, 1 - self.alpha) if self.centered else state.grad_avg
        scaled = g / self._denominator(s, g_avg)
        state = state._replace(square_avg=s, grad_avg=g_avg)
        if self.momentum > 0:
            b = self.momentum * state.momentum_buffer + scaled
            return lr * b, state._replace(momentum_buffer=b)
        return lr * scaled, state

    def per_coordinate_lr(self, state):
        return self.learning_rate(max(state.count - 1, 0)) / self._denominator(state.square_avg, state.grad_avg)


class Adadelta(Optimizer):
    r"""Adadelta (``torch.optim.Adadelta``): RMSProp's step, with a running RMS of the steps in place of η.

    .. math::
        g &\leftarrow g + \lambda x \\
        s &\leftarrow \rho s + (1-\rho)\, g^2 \\
        \Delta &= \frac{\sqrt{u + \epsilon}}{\sqrt{s + \epsilon}}\; g \\
        u &\leftarrow \rho u + (1-\rho)\, \Delta^2 \\
        x &\leftarrow x - \eta\, \Delta

    The ratio of two root-mean-squares, of the steps (u) and of the gradients (s), carries the units of x, so
    η is a plain factor (1 by default, as in PyTorch), not a length. The step does not grow with the gradient:
    the first one is about η·√(ε/(1−ρ)) long per coordinate (0.0032 at the defaults), whatever the slope, and
    later ones grow as the steps' own average u does.
    """

    class State(NamedTuple):
        count: int
        square_avg: np.ndarray
        acc_delta: np.ndarray

    _arg_names = ("lr", "rho", "eps", "weight_decay")
    adaptive = True
    hyperparameters = ("rho",)
    color = "sage"
    line_style = "dashed"
    marker = "diamond"

    def __init__(self, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
        self.lr = check_lr(lr)
        self.rho = _checks.number("rho", rho, low=0, high=1)
        self.eps = _checks.number("eps", eps, low=0)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)

    def _ratio(self, acc_delta, square_avg):
        """√(u + ε) / √(s + ε): the step per unit of gradient."""
        return np.sqrt(acc_delta + self.eps) / np.sqrt(square_avg + self.eps)

    def _update(self, x, g, lr, state):
        s = self.rho * state.square_avg + (1 - self.rho) * g * g
        delta = self._ratio(state.acc_delta, s) * g
        u = self.rho * state.acc_delta + (1 - self.rho) * delta * delta
        return lr * delta, state._replace(square_avg=s, acc_delta=u)

    def per_coordinate_lr(self, state):
        """η·√(u + ε)/√(s + ε) from the buffers as they are now: the step per unit of gradient that the next
        step starts from (the last step used u as it was before that step added its own Δ²)."""
        return self.learning_rate(max(state.count - 1, 0)) * self._ratio(state.acc_delta, state.square_avg)
