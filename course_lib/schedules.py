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

__all__ = [
    "Schedule",
    "Constant",
    "StepDecay",
    "ExponentialDecay",
    "CosineDecay",
    "LinearWarmup",
    "PolynomialDecay",
    "InverseTimeDecay",
    "WarmRestarts",
    "OneCycle",
]


class Schedule:
    """Base class: a learning rate for every step count ``t = 0, 1, 2, ...``."""

    def __call__(self, t: int) -> float:
        raise NotImplementedError

    def values(self, steps: int) -> np.ndarray:
        """The learning rates of the first ``steps`` steps, as an array (for plotting)."""
        return np.array([self(t) for t in range(_checks.integer("steps", steps))])

    def sums(self, steps: int) -> tuple[float, float]:
        """(Σ η_t, Σ η_t²) over the first ``steps`` steps, t = 0 … steps − 1: the two sums of the decay conditions.

        A schedule that makes stochastic descent settle needs Σ η_t = ∞ (it can travel any distance) and
        Σ η_t² < ∞ (the noise it injects stays bounded). Each sum is of the rates as :meth:`values` gives them
        (and of their squares, as float64 rounds them), rounded once at the end (``math.fsum``), so that two
        sums that are equal print equal. Exponential decay fails the first condition (its Σ η_t never exceeds
        lr / (1 − γ), so it can stall short of a minimum); 1/t decay meets both::

            >>> [round(total, 4) for total in ExponentialDecay(0.1, gamma=0.5).sums(1000)]
            [0.2, 0.0133]
            >>> [round(total, 4) for total in InverseTimeDecay(0.1, power=1.0).sums(1000)]
            [0.7485, 0.0164]
        """
        rates = self.values(steps).tolist()
        return math.fsum(rates), math.fsum(rate * rate for rate in rates)

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


class PolynomialDecay(Schedule):
    """η_t = lr · (1 − min(t, total_steps) / total_steps)^power: 0 from ``total_steps`` on (for power > 0).

    ``torch.optim.lr_scheduler.PolynomialLR(total_iters=total_steps, power=power)``; power 1 is a straight
    line down to 0, power 2 falls fast and then flattens. This is torch's closed form; its scheduler multiplies
    the rate by a factor at every step instead, which rounds differently in the last bit (1e−15 relative).
    """

    def __init__(self, lr: float, total_steps: int, power: float = 1.0):
        self.lr = _checks.number("lr", lr, low=0)
        self.total_steps = _checks.integer("total_steps", total_steps, low=1)
        self.power = _checks.number("power", power, low=0)

    def __call__(self, t):
        return self.lr * (1.0 - min(t, self.total_steps) / self.total_steps) ** self.power


class InverseTimeDecay(Schedule):
    """η_t = lr / (1 + t / scale)^power: 1/√t decay at power ½ (the default), 1/t decay at power 1.

    Both decay so slowly that Σ η_t = ∞ (for power ≤ 1), but only power > ½ makes Σ η_t² finite. At
    t = ``scale`` steps the rate is lr / 2^power. PyTorch has no class for it: it is
    ``torch.optim.lr_scheduler.LambdaLR(lambda t: 1 / (1 + t / scale) ** power)``, which the parity
    test compares it with.
    """

    def __init__(self, lr: float, scale: float = 1.0, power: float = 0.5):
        self.lr = _checks.number("lr", lr, low=0)
        self.scale = _checks.number("scale", scale, low=0, low_open=True)
        self.power = _checks.number("power", power, low=0, low_open=True)

    def __call__(self, t):
        return self.lr * (1 / (1 + t / self.scale) ** self.power)


class WarmRestarts(Schedule):
    """Cosine decay from lr to min_lr over ``period`` steps, then again from lr: SGDR's warm restarts.

    Each cycle is ``period_mult`` times as long as the one before (periods 10, 20, 40, … for period=10,
    period_mult=2). Within a cycle of length T_i, t_cur steps in: η_t = min_lr + (lr − min_lr) · (1 +
    cos(π t_cur / T_i)) / 2 (``torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(T_0=period,
    T_mult=period_mult, eta_min=min_lr)``).
    """

    def __init__(self, lr: float, period: int, period_mult: int = 1, min_lr: float = 0.0):
        self.lr = _checks.number("lr", lr, low=0)
        self.period = _checks.integer("period", period, low=1)
        self.period_mult = _checks.integer("period_mult", period_mult, low=1)
        self.min_lr = _checks.number("min_lr", min_lr, low=0, high=self.lr)

    def __call__(self, t):
        if self.period_mult == 1:
            t_cur, length = t % self.period, self.period
        else:  # a few cycles: their lengths grow geometrically
            t_cur, length = t, self.period
            while t_cur >= length:
                t_cur, length = t_cur - length, length * self.period_mult
        return self.min_lr + (self.lr - self.min_lr) * (1 + math.cos(math.pi * t_cur / length)) / 2


class OneCycle(Schedule):
    """Up from max_lr/div_factor to max_lr, then down to far below the start: Smith's one-cycle policy.

    ``torch.optim.lr_scheduler.OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy, div_factor=…,
    final_div_factor=…, three_phase=…, cycle_momentum=False)``: course_lib schedules the learning rate only,
    so torch's cycling of the momentum (on by default there) has no counterpart here. The rate starts at
    initial = max_lr / div_factor, reaches max_lr after the first ``pct_start`` of the steps, and ends at
    initial / final_div_factor at step total_steps − 1, each phase a half cosine (``anneal_strategy="cos"``)
    or a straight line (``"linear"``). With ``three_phase`` it goes back down to initial over as many steps
    as it went up, and then on to the end. From ``total_steps`` on (where torch's scheduler refuses to go on)
    it holds its last rate.
    """

    def __init__(self, max_lr: float, total_steps: int, pct_start: float = 0.3, anneal_strategy: str = "cos",
                 div_factor: float = 25.0, final_div_factor: float = 1e4, three_phase: bool = False):
        self.max_lr = _checks.number("max_lr", max_lr, low=0)
        self.total_steps = _checks.integer("total_steps", total_steps, low=2)
        self.pct_start = _checks.number("pct_start", pct_start, low=0, high=1, low_open=True, high_open=True)
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}")
        self.anneal_strategy = anneal_strategy
        self.div_factor = _checks.number("div_factor", div_factor, low=0, low_open=True)
        self.final_div_factor = _checks.number("final_div_factor", final_div_factor, low=0, low_open=True)
        self.three_phase = _checks.flag("three_phase", three_phase)
        ends = [end for end, _, _ in self._phases()]
        if not 0 < ends[0] or ends != sorted(set(ends)):  # each phase ends after the one before
            raise ValueError(f"pct_start must leave every phase more than one step with total_steps = "
                             f"{total_steps}{' and three_phase' if three_phase else ''}, got {pct_start!r}")

    def _phases(self):
        """(last step, rate at its start, rate at its end) of each phase, as ``OneCycleLR`` computes them."""
        initial = self.max_lr / self.div_factor
        final = initial / self.final_div_factor
        up = float(self.pct_start * self.total_steps) - 1
        if self.three_phase:
            down = float(2 * self.pct_start * self.total_steps) - 2
            return [(up, initial, self.max_lr), (down, self.max_lr, initial), (self.total_steps - 1, initial, final)]
        return [(up, initial, self.max_lr), (self.total_steps - 1, self.max_lr, final)]

    def __call__(self, t):
        t = min(t, self.total_steps - 1)
        phases, start = self._phases(), 0.0
        for i, (end, first, last) in enumerate(phases):
            if t <= end or i == len(phases) - 1:
                pct = (t - start) / (end - start)
                if self.anneal_strategy == "cos":
                    return last + (first - last) / 2.0 * (math.cos(math.pi * pct) + 1)
                return (last - first) * pct + first
            start = end
