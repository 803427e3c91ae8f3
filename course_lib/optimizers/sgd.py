"""Gradient descent and the momentum methods: ``torch.optim.SGD`` and its options."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import _checks
from ._base import Optimizer, check_lr

__all__ = ["GradientDescent", "Momentum", "Nesterov"]


class GradientDescent(Optimizer):
    r"""Plain gradient descent (``torch.optim.SGD`` without momentum).

    .. math::  g \leftarrow g + \lambda x, \qquad x \leftarrow x - \eta\, g
    """

    class State(NamedTuple):
        count: int

    _arg_names = ("lr", "weight_decay")
    color = "blue"
    line_style = "solid"
    marker = "circle"

    def __init__(self, lr, weight_decay=0.0):
        self.lr = check_lr(lr)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)

    def _update(self, x, g, lr, state):
        return lr * g, state


class Momentum(Optimizer):
    r"""Heavy-ball momentum (``torch.optim.SGD(momentum=μ, dampening=τ)``).

    .. math::
        g &\leftarrow g + \lambda x \\
        v &\leftarrow \mu v + (1-\tau)\, g \quad (\text{first step: } v \leftarrow g) \\
        x &\leftarrow x - \eta\, v

    With μ = 0 there is no velocity to damp: v = g at every step and τ is ignored, as in PyTorch.

    Textbooks often write the velocity with the learning rate inside,
    ``u ← μu + ηg; x ← x − u``. For a constant η the two are the same sequence of
    points: u = η·v at every step. ``state.velocity`` holds v (PyTorch's ``momentum_buffer``).
    """

    class State(NamedTuple):
        count: int
        velocity: np.ndarray

    _arg_names = ("lr", "momentum", "dampening", "weight_decay")
    velocity_buffer = "velocity"
    hyperparameters = ("momentum",)
    color = "orange"
    line_style = "dashed"
    marker = "square"

    def __init__(self, lr, momentum=0.9, dampening=0.0, weight_decay=0.0):
        self.lr = check_lr(lr)
        self.momentum = _checks.number("momentum", momentum, low=0, high=1, high_open=True, allow_array=True)
        self.dampening = _checks.number("dampening", dampening, low=0, high=1)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)
        self._gradient_weight = np.where(self.momentum > 0, 1 - self.dampening, 1.0)  # 1 − τ, or 1 when μ = 0

    def _velocity(self, g, state):
        if state.count == 0:
            return g
        return self.momentum * state.velocity + self._gradient_weight * g

    def _update(self, x, g, lr, state):
        v = self._velocity(g, state)
        return lr * v, state._replace(velocity=v)


class Nesterov(Momentum):
    r"""Nesterov momentum (``torch.optim.SGD(momentum=μ, nesterov=True)``).

    .. math::
        g &\leftarrow g + \lambda x \\
        v &\leftarrow \mu v + g \quad (\text{first step: } v \leftarrow g) \\
        x &\leftarrow x - \eta\, (g + \mu v)

    The step looks ahead: it uses the velocity it is about to have, not the one it had.
    """

    _arg_names = ("lr", "momentum", "weight_decay")
    color = "brown"
    line_style = "dotted"
    marker = "triangle-up"

    def __init__(self, lr, momentum=0.9, weight_decay=0.0):
        super().__init__(lr, momentum=momentum, dampening=0.0, weight_decay=weight_decay)
        if np.any(self.momentum == 0):
            raise ValueError(f"momentum must be > 0 for Nesterov, got {momentum!r}")

    @classmethod
    def configured(cls, lr, **settings):
        """As :meth:`Optimizer.configured`; at momentum 0, plain gradient descent (what Nesterov is without
        momentum, which Nesterov itself refuses, as torch does)."""
        if settings.get("momentum") == 0:
            return GradientDescent(lr=lr)
        return super().configured(lr, **settings)

    def _update(self, x, g, lr, state):
        v = self._velocity(g, state)
        return lr * (g + self.momentum * v), state._replace(velocity=v)
