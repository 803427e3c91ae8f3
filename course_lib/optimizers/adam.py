"""The Adam family: Adam and AdamW."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import _checks
from ._base import Optimizer, check_betas, check_lr
from ._base import lerp as _lerp

__all__ = ["Adam", "AdamW"]


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
    color = "pink"

    def __init__(
        self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False, *, bias_correction=True
    ):
        super().__init__(lr, betas, eps, weight_decay, amsgrad, bias_correction=bias_correction)
