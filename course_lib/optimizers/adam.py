"""The Adam family: Adam, AdamW, Adamax, NAdam and RAdam."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import _checks
from ._base import Optimizer, check_betas, check_lr
from ._base import lerp as _lerp

__all__ = ["Adam", "AdamW", "Adamax", "NAdam", "RAdam"]


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
        self.betas = check_betas(betas)
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


class Adamax(Optimizer):
    r"""Adamax (``torch.optim.Adamax``): Adam with a running maximum of \|g\| in place of its root-mean-square.

    .. math::
        g &\leftarrow g + \lambda x \\
        m &\leftarrow \beta_1 m + (1-\beta_1)\, g \\
        u &\leftarrow \max(\beta_2 u,\; |g| + \epsilon) \\
        x &\leftarrow x - \frac{\eta}{1-\beta_1^t}\; \frac{m}{u}

    u decays by β₂ per step but never falls below the latest \|g\| + ε, so it needs no bias correction. As β₂ > β₁,
    u forgets a gradient more slowly than m does, so no step is longer than η(1 − β₁)/(1 − β₁/β₂) per coordinate
    (1.009η at the defaults), whatever the gradients; a steady gradient gives steps of η, and the steps do not change
    when every gradient is scaled by the same factor (ε aside). Shorter steps are common: after a spike of |g| the
    next steps are shorter, not longer, and under noise m averages away while u holds the largest |g|.
    """

    class State(NamedTuple):
        count: int
        exp_avg: np.ndarray
        exp_inf: np.ndarray

    _arg_names = ("lr", "betas", "eps", "weight_decay")
    adaptive = True
    velocity_buffer = "exp_avg"  # m: x moves by the per-coordinate step size times m
    velocity_per_coordinate = True
    hyperparameters = ("betas",)
    color = "plum"
    line_style = "solid"
    marker = "cross"

    def __init__(self, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        self.lr = check_lr(lr)
        self.betas = check_betas(betas)
        self.eps = _checks.number("eps", eps, low=0)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)

    def _corrected_lr(self, lr, t):
        return lr / (1 - self.betas[0] ** t)

    def _update(self, x, g, lr, state):
        beta1, beta2 = self.betas
        m = _lerp(state.exp_avg, g, 1 - beta1)
        u = np.maximum(beta2 * state.exp_inf, np.abs(g) + self.eps)
        return self._corrected_lr(lr, state.count + 1) * (m / u), state._replace(exp_avg=m, exp_inf=u)

    def per_coordinate_lr(self, state):
        """The factor that multiplied the first moment m at the last step."""
        t = max(state.count, 1)
        return self._corrected_lr(self.learning_rate(t - 1), t) / state.exp_inf


class NAdam(Optimizer):
    r"""NAdam (``torch.optim.NAdam``): Adam with Nesterov's look-ahead, and a momentum that warms up.

    .. math::
        g &\leftarrow g + \lambda x \quad (\text{decoupled: } x \leftarrow x - \eta\lambda x \text{ instead}) \\
        \mu_t &= \beta_1 \bigl(1 - \tfrac12\, 0.96^{\,t \psi}\bigr), \qquad
            \Pi_t = \mu_1 \mu_2 \cdots \mu_t \\
        m &\leftarrow \beta_1 m + (1-\beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1-\beta_2)\, g^2 \\
        d &= \sqrt{v / (1-\beta_2^t)} + \epsilon \\
        x &\leftarrow x - \eta\, \frac{1-\mu_t}{1-\Pi_t}\, \frac{g}{d}
                       - \eta\, \frac{\mu_{t+1}}{1-\Pi_t\, \mu_{t+1}}\, \frac{m}{d}

    with ψ the ``momentum_decay``. The step takes the gradient's share now and m's share as it will be one
    step ahead (μ_{t+1}), as Nesterov momentum does. μ_t grows from β₁/2 towards β₁, slowly at PyTorch's
    ψ = 0.004: over the first thousand steps the momentum stays near 0.45 to 0.52 (β₁ = 0.9)::

        >>> [round(NAdam().momentum_of_step(t), 3) for t in (1, 100, 1000, 10000)]
        [0.45, 0.457, 0.518, 0.812]

    ``state.mu_product`` holds Π_t, PyTorch's momentum cache (the same for every coordinate).
    """

    class State(NamedTuple):
        count: int
        exp_avg: np.ndarray
        exp_avg_sq: np.ndarray
        mu_product: np.ndarray

    _arg_names = ("lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay")
    adaptive = True
    velocity_buffer = "exp_avg"  # m: x moves by the per-coordinate step size times m (and a share of g)
    velocity_per_coordinate = True
    hyperparameters = ("betas",)
    color = "crimson"
    line_style = "dotted"
    marker = "square"

    def __init__(self, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=0.004,
                 decoupled_weight_decay=False):
        self.lr = check_lr(lr)
        self.betas = check_betas(betas)
        self.eps = _checks.number("eps", eps, low=0)
        self.weight_decay = _checks.number("weight_decay", weight_decay, low=0)
        self.momentum_decay = _checks.number("momentum_decay", momentum_decay, low=0)
        self.decoupled_weight_decay = _checks.flag("decoupled_weight_decay", decoupled_weight_decay)

    def init(self, x0):
        x0 = self._check_params(x0)
        return self.State(0, np.zeros_like(x0), np.zeros_like(x0), np.ones_like(x0))

    def momentum_of_step(self, t: int) -> float:
        """μ_t, the momentum of step t (t = 1 for the first step)."""
        return self.betas[0] * (1.0 - 0.5 * 0.96 ** (t * self.momentum_decay))

    def _denominator(self, t, exp_avg_sq):
        return np.sqrt(exp_avg_sq / (1 - self.betas[1] ** t)) + self.eps

    def _update(self, x, g, lr, state):
        beta1, beta2 = self.betas
        t = state.count + 1
        mu, mu_next = self.momentum_of_step(t), self.momentum_of_step(t + 1)
        mu_product = state.mu_product * mu
        m = _lerp(state.exp_avg, g, 1 - beta1)
        v = beta2 * state.exp_avg_sq + (1 - beta2) * g * g
        d = self._denominator(t, v)
        update = lr * (1 - mu) / (1 - mu_product) * (g / d) + lr * mu_next / (1 - mu_product * mu_next) * (m / d)
        if self.decoupled_weight_decay and self.weight_decay:
            update = update + lr * self.weight_decay * x
        return update, state._replace(exp_avg=m, exp_avg_sq=v, mu_product=mu_product)

    def per_coordinate_lr(self, state):
        """The factor that multiplied the first moment m at the last step: η μ_{t+1} / ((1 − Π_t μ_{t+1}) d)."""
        t = max(state.count, 1)
        mu_next = self.momentum_of_step(t + 1)
        factor = self.learning_rate(t - 1) * mu_next / (1 - state.mu_product * mu_next)
        return factor / self._denominator(t, state.exp_avg_sq)


class RAdam(Adam):
    r"""RAdam (``torch.optim.RAdam``): Adam with its step rectified, and no adaptive step at all at first.

    .. math::
        g &\leftarrow g + \lambda x \quad (\text{decoupled: } x \leftarrow x - \eta\lambda x \text{ instead}) \\
        m &\leftarrow \beta_1 m + (1-\beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1-\beta_2)\, g^2 \\
        \rho_\infty &= \frac{2}{1-\beta_2} - 1, \qquad \rho_t = \rho_\infty - \frac{2 t \beta_2^t}{1-\beta_2^t} \\
        r_t &= \sqrt{\frac{(\rho_t - 4)(\rho_t - 2)\, \rho_\infty}{(\rho_\infty - 4)(\rho_\infty - 2)\, \rho_t}} \\
        x &\leftarrow x - \frac{\eta}{1-\beta_1^t}\, m \cdot
            \begin{cases} r_t\, \sqrt{1-\beta_2^t} \,/\, (\sqrt{v} + \epsilon) & \text{if } \rho_t > 5 \\
                          1 & \text{otherwise} \end{cases}

    ρ_t is the length of the simple moving average that v stands for (ρ_t ≈ t at first). While it is 5 or
    less, v is too noisy to divide by, and the step is plain momentum, η·m/(1 − β₁ᵗ), as long as the gradient
    is steep: the first 5 steps at β₂ = 0.999. Then r_t starts small and grows slowly towards 1, and the step becomes
    Adam's (with ε added to √v before the bias correction, as PyTorch does)::

        >>> [None if r is None else round(r, 3) for r in map(RAdam().rectification, (1, 5, 6, 100, 1000))]
        [None, None, 0.026, 0.215, 0.645]

    With β₂ ≤ 2/3, ρ_∞ ≤ 5 and it never adapts. The rule is Adam's with another step size, so the state is
    Adam's too (``max_exp_avg_sq`` stays 0: RAdam has no amsgrad).
    """

    _arg_names = ("lr", "betas", "eps", "weight_decay", "decoupled_weight_decay")
    color = "lavender"
    line_style = "dash_dotted"
    marker = "triangle-up"

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled_weight_decay=False):
        super().__init__(lr, betas, eps, weight_decay)
        self.decoupled_weight_decay = _checks.flag("decoupled_weight_decay", decoupled_weight_decay)

    def rectification(self, t: int):
        """r_t of step t, or None while ρ_t ≤ 5 (then the step is not adaptive)."""
        beta2 = self.betas[1]
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * (beta2**t) / (1 - beta2**t)
        if rho_t <= 5:
            return None
        return ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5

    def _step_size(self, lr, t, second_moment):
        r = self.rectification(t)
        if r is None:
            adaptive = np.ones_like(second_moment)
        else:
            adaptive = r * ((1 - self.betas[1] ** t) ** 0.5 / (np.sqrt(second_moment) + self.eps))
        return lr / (1 - self.betas[0] ** t) * adaptive
