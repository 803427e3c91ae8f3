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
``Adadelta``         lr=1.0, rho=0.9, eps=1e-6, weight_decay=0                              ``Adadelta``
``Adamax``           lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0                 ``Adamax``
``NAdam``            lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,                ``NAdam``
                     momentum_decay=0.004, decoupled_weight_decay=False
``RAdam``            lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,                ``RAdam``
                     decoupled_weight_decay=False
===================  =====================================================================  ===========================

Momentum's and Nesterov's default momentum of 0.9 is the course's (torch's SGD has none).
Every hyperparameter is checked when the optimizer is made: a bad value raises ``ValueError``
naming the argument and the value. ``lr`` may also be a :class:`course_lib.schedules.Schedule`, or
an array that broadcasts against the parameters (one learning rate per start, for sweeps).

Notation in the docstrings: g is the gradient passed to ``step``, η the learning rate, t the
step number (1 for the first step), λ the weight decay. The sign flip ``x ← x − update`` lives
in exactly one place, :meth:`Optimizer.step`.

The classes live by family (``sgd``, ``adaptive``, ``adam``; the base class in ``_base``); this
package offers every one of them, and :data:`ALL`.
"""

from __future__ import annotations

from ._base import Optimizer, check_lr
from .adam import Adam, Adamax, AdamW, NAdam, RAdam
from .adaptive import Adadelta, AdaGrad, RMSProp
from .sgd import GradientDescent, Momentum, Nesterov

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
    "Adadelta",
    "Adamax",
    "NAdam",
    "RAdam",
    "ALL",
]


ALL = {
    cls.__name__: cls
    for cls in (GradientDescent, Momentum, Nesterov, AdaGrad, RMSProp, Adadelta, Adam, AdamW, Adamax, NAdam, RAdam)
}
"""Every first-order optimizer class, by name (for pickers); :class:`course_lib.newton.Newton` stands apart."""
