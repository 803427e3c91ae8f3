"""Learning-rate schedules: the learning rate as a function of the step count.

A schedule is passed to any optimizer in place of a constant learning rate::

    >>> from course_lib.optimizers import Momentum
    >>> from course_lib.schedules import CosineDecay
    >>> opt = Momentum(lr=CosineDecay(0.1, total_steps=100))

The optimizer calls ``schedule(t)`` with ``t = 0`` for its first step, ``t = 1`` for the
second, and so on (``t`` is the optimizer state's ``count``). Each schedule gives the same
learning rates as the ``torch.optim.lr_scheduler`` class named in its docstring when that
scheduler's ``step()`` is called once after every optimizer step.
"""

from __future__ import annotations

import math

import numpy as np

from . import _checks

__all__ = ["Schedule", "Constant", "StepDecay", "ExponentialDecay", "CosineDecay", "LinearWarmup", "Stacked"]


class Schedule:
    """Base class: a learning rate for every step count ``t = 0, 1, 2, ...``."""

    def __call__(self, t: int) -> float:
        raise NotImplementedError

    def values(self, steps: int) -> np.ndarray:
        """The learning rates of the first ``steps`` steps, as an array (for plotting)."""
        return np.array([self(t) for t in range(_checks.integer("steps", steps))])

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *vars(self).values()))


class Constant(Schedule):
    """η_t = lr."""

    def __init__(self, lr: float):
        self.lr = _checks.number("lr", lr, low=0)

    def __call__(self, t):
        return self.lr


class StepDecay(Schedule):
    """η_t = lr · gamma^⌊t / step_size⌋ (``torch.optim.lr_scheduler.StepLR``)."""

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1):
        self.lr = _checks.number("lr", lr, low=0)
        self.step_size = _checks.integer("step_size", step_size, low=1)
        self.gamma = _checks.number("gamma", gamma, low=0, high=1)

    def __call__(self, t):
        return self.lr * self.gamma ** (t // self.step_size)


class ExponentialDecay(Schedule):
    """η_t = lr · gamma^t (``torch.optim.lr_scheduler.ExponentialLR``)."""

    def __init__(self, lr: float, gamma: float):
        self.lr = _checks.number("lr", lr, low=0)
        self.gamma = _checks.number("gamma", gamma, low=0, high=1)

    def __call__(self, t):
        return self.lr * self.gamma**t


class CosineDecay(Schedule):
    """η_t = min_lr + (lr − min_lr) · (1 + cos(π t / total_steps)) / 2, held at min_lr after.

    ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max=total_steps, eta_min=min_lr)`` for
    ``t <= total_steps`` (torch's schedule climbs back up afterwards; this one stays down).
    """

    def __init__(self, lr: float, total_steps: int, min_lr: float = 0.0):
        self.lr = _checks.number("lr", lr, low=0)
        self.total_steps = _checks.integer("total_steps", total_steps, low=1)
        self.min_lr = _checks.number("min_lr", min_lr, low=0, high=self.lr)

    def __call__(self, t):
        t = min(t, self.total_steps)
        return self.min_lr + (self.lr - self.min_lr) * (1 + math.cos(math.pi * t / self.total_steps)) / 2


class LinearWarmup(Schedule):
    """Ramp linearly from ``start_factor · lr`` to ``lr`` over ``warmup_steps``, then follow ``then``.

    η_t = lr · (start_factor + (1 − start_factor) · t / warmup_steps) for t < warmup_steps
    (``torch.optim.lr_scheduler.LinearLR(start_factor, 1.0, total_iters=warmup_steps)``), and
    afterwards ``then(t − warmup_steps)``, or ``lr`` when ``then`` is None.
    """

    def __init__(self, lr: float, warmup_steps: int, start_factor: float = 0.1, then: Schedule | None = None):
        self.lr = _checks.number("lr", lr, low=0)
        self.warmup_steps = _checks.integer("warmup_steps", warmup_steps, low=1)
        self.start_factor = _checks.number("start_factor", start_factor, low=0, high=1)
        if then is not None and not isinstance(then, Schedule):
            raise ValueError(f"then must be a Schedule or None, got {then!r}")
        self.then = then

    def __call__(self, t):
        if t < self.warmup_steps:
            return self.lr * (self.start_factor + (1 - self.start_factor) * t / self.warmup_steps)
        return self.lr if self.then is None else self.then(t - self.warmup_steps)


class Stacked(Schedule):
    """One schedule per model of a stack: at step t, the column of their rates, shape (k, 1).

    :func:`course_lib.models.fit` trains a stack of k models in one call (``params0`` of shape (k, n));
    an optimizer given ``Stacked([s₁, …, s_k])`` steps model i with schedule sᵢ, exactly as k separate
    fits with the same batches would, in about the time of one::

        >>> Stacked([Constant(0.1), StepDecay(0.1, step_size=2)])(3).tolist()
        [[0.1], [0.010000000000000002]]
    """

    def __init__(self, schedules):
        self.schedules = tuple(schedules) if isinstance(schedules, (list, tuple)) else (schedules,)
        if not self.schedules or not all(isinstance(s, Schedule) for s in self.schedules):
            raise ValueError(f"schedules must be a non-empty list of Schedules, got {schedules!r}")

    def __call__(self, t):
        return np.array([[s(t)] for s in self.schedules])
