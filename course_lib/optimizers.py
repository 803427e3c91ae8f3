"""The course's optimizers, as pure functions on NumPy arrays.

Every optimizer has the same two-call API (the optax pattern)::

    >>> from course_lib.optimizers import Adam
    >>> opt = Adam(lr=0.1)
    >>> state = opt.init(3.0)             # a float, shape (d,), or (n, d): n starts at once
    >>> x, state = opt.step(3.0, 6.0, state)  # gradient 6.0 at x = 3.0
    >>> round(float(x), 6)
    2.9

``step`` is pure: it returns new parameters and a new state and never changes its inputs.
The state is a small named tuple; ``state.count`` is the number of steps taken so far.

Hyperparameter names, defaults and update rules are those of the ``torch.optim`` class named in
each docstring, so results agree with PyTorch to float64 rounding (``tests/test_torch_parity.py``).
The contract, which the tests hold the classes to:

===================  =====================================================================  ===========================
class                keyword arguments (defaults)                                           same rule as ``torch.optim``
===================  =====================================================================  ===========================
``GradientDescent``  lr, weight_decay=0                                                     ``SGD`` without momentum
``Momentum``         lr, momentum=0.9, dampening=0, weight_decay=0                          ``SGD(momentum=…)``
``Nesterov``         lr, momentum=0.9, weight_decay=0                                       ``SGD(nesterov=True)``
``AdaGrad``          lr=0.01, lr_decay=0, initial_accumulator_value=0, eps=1e-10,           ``Adagrad``
                     weight_decay=0
``RMSProp``          lr=0.01, alpha=0.99, eps=1e-8, momentum=0, centered=False,             ``RMSprop``
                     weight_decay=0
``Adam``             lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False  ``Adam``
``AdamW``            lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01,             ``AdamW``
                     amsgrad=False
===================  =====================================================================  ===========================

Momentum's and Nesterov's default momentum of 0.9 is the course's (torch's SGD has none).
Every hyperparameter is checked when the optimizer is made: a bad value raises ``ValueError``
naming the argument and the value. ``lr`` may also be a :class:`course_lib.schedules.Schedule`, or
an array that broadcasts against the parameters (one learning rate per start, for sweeps).

Notation in the docstrings: g is the gradient passed to ``step``, η the learning rate, t the
step number (1 for the first step), λ the weight decay. The sign flip ``x ← x − update`` lives
in exactly one place, :meth:`Optimizer.step`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks
from .schedules import Schedule

__all__ = [
    "Optimizer",
    "check_lr",
    "GradientDescent",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSProp",
    "Adam",
    "AdamW",
    "ALL",
]


def _lerp(start, end, weight):
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


def _check_betas(betas):
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
    """Whether its steps are about η long whatever the gradient's size (so η is measured in units of x)."""
    velocity_buffer: str | None = None
    """The state buffer that acts as a velocity, or None."""
    velocity_per_coordinate = False
    """Whether the velocity moves x by :meth:`per_coordinate_lr` times the buffer (Adam's m), not by η times it."""
    hyperparameters: tuple[str, ...] = ()
    """Its hyperparameters, besides lr, that shape the method: an explorer with a control of that name sets them."""
    color: str | None = None
    """Its colour in every figure, a name from :data:`course_lib.style.PALETTE` (None: the next free colour)."""
    line_style: str | None = None
    """Its line in every figure, a name from :data:`course_lib.style.LINE_STYLES` (None: the next free style)."""
    marker: str | None = None
    """Its marker in every figure, a name from :data:`course_lib.style.MARKERS`: with the line style, what tells
    runs apart where colours cannot (colour-blind readers, more runs than colours)."""
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


class Adam(Optimizer):
    r"""Adam (``torch.optim.Adam``): momentum on the gradient, RMSProp-style scaling, bias correction.

    .. math::
        g &\leftarrow g + \lambda x \\
        m &\leftarrow \beta_1 m + (1-\beta_1)\, g \\
        v &\leftarrow \beta_2 v + (1-\beta_2)\, g^2 \\
        \hat v_{\max} &\leftarrow \max(\hat v_{\max}, v) \quad \text{(amsgrad only; then use it for } v) \\
        x &\leftarrow x - \frac{\eta}{1-\beta_1^t}\;
             \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}

    The two factors 1/(1−β₁ᵗ) and 1/√(1−β₂ᵗ) are the bias correction: m and v start at 0, so
    early on they underestimate the gradient's mean and mean square. ``bias_correction=False``
    (not a PyTorch option; for teaching) drops both factors so the effect can be seen.
    """

    class State(NamedTuple):
        count: int
        exp_avg: np.ndarray
        exp_avg_sq: np.ndarray
        max_exp_avg_sq: np.ndarray

    _arg_names = ("lr", "betas", "eps", "weight_decay", "amsgrad", "bias_correction")
    adaptive = True
    velocity_buffer = "exp_avg"  # m: x moves by the per-coordinate step size times m
    velocity_per_coordinate = True
    hyperparameters = ("betas",)
    color = "red"
    line_style = "dashed"
    marker = "cross"

    def __init__(
        self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *, bias_correction=True
    ):
        self.lr = check_lr(lr)
        self.betas = _check_betas(betas)
        self.eps = _checks.number("eps", eps, low=0)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)
        self.amsgrad = _checks.flag("amsgrad", amsgrad)
        self.bias_correction = _checks.flag("bias_correction", bias_correction)

    def _corrections(self, t):
        """(1 − β₁ᵗ, √(1 − β₂ᵗ)), or (1, 1) without bias correction."""
        if not self.bias_correction:
            return 1.0, 1.0
        beta1, beta2 = self.betas
        return 1 - beta1**t, (1 - beta2**t) ** 0.5

    def _step_size(self, lr, t, second_moment):
        correction1, correction2 = self._corrections(t)
        return (lr / correction1) / (np.sqrt(second_moment) / correction2 + self.eps)

    def _update(self, x, g, lr, state):
        beta1, beta2 = self.betas
        m = _lerp(state.exp_avg, g, 1 - beta1)
        v = beta2 * state.exp_avg_sq + (1 - beta2) * (g * g)
        v_max = np.maximum(state.max_exp_avg_sq, v) if self.amsgrad else state.max_exp_avg_sq
        update = self._step_size(lr, state.count + 1, v_max if self.amsgrad else v) * m
        if self.decoupled_weight_decay and self.weight_decay:
            update = update + lr * self.weight_decay * x
        return update, state._replace(exp_avg=m, exp_avg_sq=v, max_exp_avg_sq=v_max)

    def per_coordinate_lr(self, state):
        """The factor that multiplied the first moment m at the last step."""
        t = max(state.count, 1)
        second = state.max_exp_avg_sq if self.amsgrad else state.exp_avg_sq
        return self._step_size(self.learning_rate(t - 1), t, second)


class AdamW(Adam):
    r"""AdamW (``torch.optim.AdamW``): Adam with decoupled weight decay.

    The decay is applied to the parameters directly instead of being added to the gradient:

    .. math::  x \leftarrow x - \eta \lambda x - \frac{\eta}{1-\beta_1^t}\;
               \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}

    with m and v computed from the raw gradient g (no λx in it). With L2 decay inside Adam
    the decay term is divided by √v like everything else; here every weight shrinks by the
    same factor (1 − ηλ) per step.
    """

    decoupled_weight_decay = True
    color = "sky"
    line_style = "dotted"
    marker = "circle"

    def __init__(
        self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False, *, bias_correction=True
    ):
        super().__init__(lr, betas, eps, weight_decay, amsgrad, bias_correction=bias_correction)


ALL = {cls.__name__: cls for cls in (GradientDescent, Momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW)}
"""Every first-order optimizer class, by name (for pickers); :class:`course_lib.newton.Newton` stands apart."""
