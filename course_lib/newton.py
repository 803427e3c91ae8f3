"""Newton's method, the second-order method the course sets beside gradient descent.

    >>> from course_lib import objectives, run
    >>> from course_lib.newton import Newton
    >>> run(objectives.ill_conditioned_bowl, Newton(), [-9.0, 3.0], steps=1).positions[1].tolist()
    [0.0, 0.0]

One step lands on the minimum of any quadratic, however narrow its valley: where gradient descent
needs a learning rate below 2/λmax and then crawls along the flat direction, Newton divides every
direction by its own curvature.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks
from .optimizers import Optimizer, check_lr

__all__ = ["Newton"]


class Newton(Optimizer):
    r"""Newton's method: step to the minimum of the local quadratic model (no ``torch.optim`` twin).

    .. math::  x \leftarrow x - \eta\, (H + \lambda I)^{-1} g

    with H the Hessian at x (f″ in 1-D) and λ the ``damping``. With η = 1 and λ = 0 one step lands on
    the minimum of a quadratic, whatever its condition number: the curvature of every direction is
    divided out. It needs the Hessian (d² numbers in d dimensions, and a linear solve per step), and it
    heads for the stationary point of the local model, which is a maximum or a saddle where f″ < 0 or H
    has a negative eigenvalue. :func:`course_lib.descent.run` passes the objective's Hessian to
    :meth:`step` because ``needs_hessian`` is True. Not in :data:`course_lib.optimizers.ALL`: a
    second-order method, shown beside the first-order ones, not raced among them.
    """

    class State(NamedTuple):
        count: int

    needs_hessian = True
    color = "moss"
    line_style = "dash_dotted"
    marker = "square"
    _arg_names = ("lr", "damping")

    def __init__(self, lr=1.0, damping=0.0):
        self.lr = check_lr(lr)
        self.damping = _checks.number("damping", damping, low=0)
        self.weight_decay = 0.0

    @_checks.quiet  # a singular or tiny Hessian sends x to inf without a warning; run reports "diverged"
    def step(self, x, grad, state, hessian=None):
        """One Newton step; ``hessian`` is H at x: the shape of x for a 1-D objective (f″ per start), else
        ``x.shape + (d,)``."""
        x = np.asarray(x, dtype=float)
        g = np.asarray(grad, dtype=float)
        if hessian is None:
            raise ValueError("hessian must be given: Newton's step divides by the curvature (run passes it)")
        h = np.asarray(hessian, dtype=float)
        if g.shape != x.shape or h.shape not in (x.shape, x.shape + x.shape[-1:]):
            raise ValueError(f"grad must have the shape of x {x.shape} and hessian that shape or "
                             f"{x.shape + x.shape[-1:]}, got {g.shape} and {h.shape}")
        lr = self.learning_rate(state.count)
        if h.shape == x.shape:  # one curvature per number: a 1-D objective
            direction = g / (h + self.damping)
        else:
            h = h + self.damping * np.eye(x.shape[-1])
            direction = np.linalg.solve(h, g[..., None])[..., 0]
        return x - lr * direction, state._replace(count=state.count + 1)
