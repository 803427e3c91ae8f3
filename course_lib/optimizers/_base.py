"""The base class of every optimizer, and the argument checks and helpers they share."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import _checks
from ..schedules import Schedule

__all__ = ["Optimizer", "check_lr", "check_betas", "lerp"]


def lerp(start, end, weight):
    """``start + weight · (end − start)``, rounded exactly as ``torch.lerp`` rounds it."""
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def check_lr(lr):
    """``lr`` as every optimizer takes it: a :class:`~course_lib.schedules.Schedule`, or a finite number >= 0
    (or an array of them, one per start); ValueError naming ``lr`` otherwise."""
    if isinstance(lr, Schedule):
        return lr
    return _checks.number("lr", lr, low=0, allow_array=True)


def check_betas(betas):
    if isinstance(betas, (str, bytes)) or np.shape(betas) != (2,):
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    for i, beta in enumerate(betas):
        try:
            _checks.number(f"betas[{i}]", beta, low=0, high=1, high_open=True)
        except ValueError as error:
            raise ValueError(f"{error} (betas={betas!r})") from None
    return (float(betas[0]), float(betas[1]))


class Optimizer:
    """Base class. Subclasses set ``State`` and implement ``_update``.

    ``_update(x, g, lr, state)`` returns ``(update, new_state)``; :meth:`step` subtracts the
    update. ``g`` already includes L2 weight decay (λ·x) unless ``decoupled_weight_decay``.

    What the figures and explorers need to know about an optimizer is on its class, in the
    attributes below; a new optimizer sets those that apply to it, and nothing else in the
    course keeps a list of optimizers.
    """

    State: type = NamedTuple
    decoupled_weight_decay = False
    _arg_names: tuple[str, ...] = ()

    adaptive = False
    """Whether it divides by a running size of the gradient, so that its first step has the same length whatever the
    gradient's size (η per coordinate for AdaGrad and Adam, 10η for RMSProp: its docstring says) and η is measured in
    units of x; later steps vary (notebook 08 §3)."""
    velocity_buffer: str | None = None
    """The state buffer that acts as a velocity, or None."""
    velocity_per_coordinate = False
    """Whether the velocity moves x by :meth:`per_coordinate_lr` times the buffer (Adam's m), not by η times it."""
    hyperparameters: tuple[str, ...] = ()
    """Its hyperparameters, besides lr, that shape the method: an explorer with a control of that name sets them."""
    color: str | None = None
    """Its colour in every figure, a name from :data:`course_lib.style.PALETTE` (None: the next free colour)."""
    needs_hessian = False
    """Whether :meth:`step` needs the Hessian at x too (``step(x, grad, state, hessian=H)``; run passes it)."""

    @classmethod
    def configured(cls, lr, **settings):
        """An optimizer of this class with learning rate ``lr`` and, of ``settings``, those that are among its
        :attr:`hyperparameters` (the others keep their defaults): how an explorer builds it from its controls."""
        return cls(lr=lr, **{name: value for name, value in settings.items() if name in cls.hyperparameters})

    def init(self, x0):
        """A fresh state for parameters shaped like ``x0``: count 0 and zero buffers."""
        x0 = self._check_params(x0)
        buffers = [np.zeros_like(x0) for _ in self.State._fields[1:]]
        return self.State(0, *buffers)

    def _check_params(self, x0) -> np.ndarray:
        """``x0`` as floats; ValueError if an array of learning rates (or momenta) cannot serve its shape."""
        try:
            x0 = np.asarray(x0, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"x0 must be a number or an array of numbers, got {x0!r}") from None
        for name in self._arg_names:
            value = getattr(self, name)
            if isinstance(value, np.ndarray) and value.ndim:
                try:
                    np.broadcast_shapes(value.shape, x0.shape)
                except ValueError:
                    raise ValueError(f"{name} has shape {value.shape}, which does not fit parameters of shape "
                                     f"{x0.shape}: give one {name} per start, shaped (n, 1) for n starts in 2-D"
                                     ) from None
        return x0

    def learning_rate(self, count: int):
        """The learning rate of the step taken when ``state.count == count``."""
        return self.lr(count) if isinstance(self.lr, Schedule) else self.lr

    @_checks.quiet  # at a huge rate x overflows to inf without a warning; run reports "diverged"
    def step(self, x, grad, state):
        """One update. Returns ``(new_x, new_state)``; ``x``, ``grad`` and ``state`` are untouched."""
        x = np.asarray(x, dtype=float)
        g = np.asarray(grad, dtype=float)
        if g.shape != x.shape:
            raise ValueError(f"grad must have the shape of x {x.shape}, got shape {g.shape}")
        lr = self.learning_rate(state.count)
        if self.weight_decay and not self.decoupled_weight_decay:
            g = g + self.weight_decay * x
        update, state = self._update(x, g, lr, state)
        return x - update, state._replace(count=state.count + 1)

    def per_coordinate_lr(self, state):
        """The step size each coordinate got at the last step (η for non-adaptive methods)."""
        shape = np.shape(state[1]) if len(state) > 1 else ()
        return np.broadcast_to(self.learning_rate(max(state.count - 1, 0)), shape)

    def _update(self, x, g, lr, state):
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._arg_names)
        return f"{type(self).__name__}({args})"

    def _key(self) -> tuple:
        """The hyperparameters, arrays as (shape, values): equal keys for equal optimizers, and hashable."""
        return tuple((v.shape, tuple(v.ravel().tolist())) if isinstance(v, np.ndarray) else v
                     for v in (getattr(self, n) for n in self._arg_names))

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self), self._key()))
