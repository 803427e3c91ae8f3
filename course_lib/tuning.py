"""Fair comparisons of optimizers: sweep each one's learning rate, then race their best runs.

Comparing optimizers at one shared learning rate is unfair: plain descent's best rate is set by
the curvature (below 2/f″), an adaptive method's by the distance to travel (AdaGrad's and Adam's first
step is η per coordinate, RMSProp's 10η, however steep the slope). So each optimizer gets the rate that suits
it best, picked by a sweep computed on the spot::

    >>> import numpy as np
    >>> from course_lib import objectives, optimizers
    >>> from course_lib.tuning import sweep_learning_rate
    >>> s = sweep_learning_rate(objectives.ill_conditioned_bowl, optimizers.GradientDescent,
    ...                         x0=(-9.0, 3.0), rates=np.geomspace(1e-3, 1, 13), steps=300)
    >>> print(s.describe())
    GradientDescent  η = 0.0562: f − f* ≤ 1e-06 from step 152 on (converged); 2 of 13 rates get there

The whole sweep is one vectorised :func:`course_lib.descent.run` (one start per rate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from . import _checks
from .descent import CONVERGED, DIVERGED, STILL_CONVERGING, Trajectory, run
from .objectives import Objective
from .optimizers import ALL

__all__ = ["steps_to_reach", "Sweep", "sweep_learning_rate", "Race", "race"]


def _best_value(objective: Objective) -> float:
    if not objective.global_minima:
        raise ValueError(f"{objective.name} has no global minimum: there is no f* to get close to")
    return objective.global_minima[0].value


def steps_to_reach(trajectory: Trajectory, tol: float = 1e-6):
    """The first step k from which f(x_j) − f* ≤ ``tol`` holds at every later recorded step j.

    "Stays within" matters: a run that flies through the minimum and out again has not reached
    it. So does settling: only a run whose status is ``"converged"`` or ``"still converging"`` has
    reached it. A run still bouncing at the end (``"oscillating"``) or wandering (``"not
    converging"``) has not, even when its last steps happen to lie within ``tol``: whether they do
    is luck, which the last bits of the arithmetic decide. f* is the objective's global minimum
    value.

    Returns an int (None when the run never gets and stays there, or has not settled) for a
    single start; for many starts an int array with −1 for those.
    """
    _checks.instance("trajectory", trajectory, Trajectory, "Trajectory (a run of course_lib.run)")
    tol = _checks.number("tol", tol, low=0)
    best = _best_value(trajectory.objective)
    values = trajectory.values
    with np.errstate(invalid="ignore"):
        outside = ~(values - best <= tol)  # NaN (after a divergence) counts as outside
    n = values.shape[0]
    last_outside = np.where(np.any(outside, axis=0), n - 1 - np.argmax(outside[::-1], axis=0), -1)
    first = last_outside + 1
    never = (first >= n) | ~np.isin(trajectory.status, (CONVERGED, STILL_CONVERGING))
    if trajectory.n_starts is None:
        return None if bool(never) else int(first)
    return np.where(never, -1, first).astype(int)


def _one_start(trajectory: Trajectory, i: int, optimizer) -> Trajectory:
    """Start ``i`` of a many-start run as a single-start run of ``optimizer`` (the same numbers:
    every start of a run is computed independently, element by element)."""
    n = int(trajectory.lengths[i])
    states = None if trajectory.states is None else {k: v[:n, i] for k, v in trajectory.states.items()}
    return Trajectory(
        trajectory.objective, optimizer, trajectory.positions[:n, i], trajectory.values[:n, i],
        trajectory.gradients[:n, i], str(trajectory.status[i]), n, states,
    )


@dataclass(frozen=True)
class Sweep:
    """One optimizer run at every learning rate of a sweep, and the best of them.

    Attributes:
        name: the optimizer's label.
        rates: the learning rates tried.
        trajectory: the sweep, one start per rate (a many-start :class:`Trajectory`).
        steps_needed: :func:`steps_to_reach` per rate (−1: not within ``steps``).
        final_gaps: f − f* at the end of each run (inf where the run diverged).
        best_index: the index of the best rate: the fewest steps needed; when no rate gets
            there, the smallest final gap.
        best_run: a single-start run at the best rate (for plots).
        tol: the tolerance on f − f*.
        make_optimizer: what made the optimizers (for :meth:`refined`).
    """

    name: str
    rates: np.ndarray
    trajectory: Trajectory
    steps_needed: np.ndarray
    final_gaps: np.ndarray
    best_index: int
    best_run: Trajectory
    tol: float
    make_optimizer: Callable

    @property
    def best_lr(self) -> float:
        return float(self.rates[self.best_index])

    @property
    def reached(self) -> bool:
        """Whether the best rate got within ``tol`` of f* (and stayed)."""
        return bool(self.steps_needed[self.best_index] >= 0)

    @property
    def steps(self) -> int | None:
        """The steps the best rate needs to get within ``tol`` and stay (None: it does not)."""
        return int(self.steps_needed[self.best_index]) if self.reached else None

    def refined(self, factor: int = 8) -> Sweep:
        """The same sweep on a grid ``factor`` times finer over the same range.

        The whole range, not only the best rate's neighbourhood: on a bumpy objective the
        finer grid's best rate can lie several coarse steps away. A claim about tuned
        optimizers should hold on this grid as well as on the one printed. The coarse rates
        are part of the fine grid when they are evenly spaced (linearly or geometrically).
        """
        factor = _checks.integer("factor", factor, low=2)
        rates = self.rates
        n = (len(rates) - 1) * factor + 1
        if len(rates) == 1:
            fine = np.geomspace(rates[0] / 2, rates[0] * 2, 2 * factor + 1)
        elif np.allclose(np.diff(np.log(rates)), np.log(rates[1] / rates[0])):
            fine = np.geomspace(rates[0], rates[-1], n)
        else:
            fine = np.linspace(rates[0], rates[-1], n)
        x0 = self.trajectory.positions[0, 0]
        steps = self.trajectory.positions.shape[0] - 1
        return sweep_learning_rate(self.trajectory.objective, self.make_optimizer, x0, fine, steps, tol=self.tol,
                                   name=self.name, record_state=self.best_run.states is not None)

    def describe(self, width: int = 16) -> str:
        """One line: the best rate, what it achieved, and how many rates of the sweep got there.

        ``width``: the label's column width (for tables).
        """
        status = self.best_run.status
        if self.reached:
            result = f"f − f* ≤ {self.tol:g} from step {self.steps_needed[self.best_index]} on"
        else:
            steps = len(self.best_run.values) - 1
            result = f"not within {self.tol:g} in {steps} steps; f − f* = {self.final_gaps[self.best_index]:.1e}"
        working = int(np.sum(self.steps_needed >= 0))
        return (f"{self.name:<{width}} η = {self.best_lr:.3g}: {result} ({status}); "
                f"{working} of {len(self.rates)} rates get there")


def sweep_learning_rate(
    objective: Objective,
    make_optimizer: Callable,
    x0,
    rates,
    steps: int,
    *,
    tol: float = 1e-6,
    name: str | None = None,
    record_state: bool = False,
) -> Sweep:
    """Run ``make_optimizer(lr=η)`` from ``x0`` for every η in ``rates`` and pick the best η.

    Args:
        objective: an objective with a global minimum (f* is its value).
        make_optimizer: an optimizer class or any callable taking ``lr`` (e.g.
            ``functools.partial(Momentum, momentum=0.5)``); it receives an array of rates.
        x0: the one start every run shares.
        rates: the learning rates to try (a 1-D array of positive numbers).
        steps: steps per run.
        tol: "reached" means f − f* ≤ tol from some step on.
        name: the label (default: the optimizer's class name).
        record_state: record the optimizer state in ``best_run`` (for state arrows).
    """
    _checks.instance("objective", objective, Objective)
    if not callable(make_optimizer):
        raise ValueError(f"make_optimizer must be an optimizer class or a callable taking lr, got {make_optimizer!r}")
    if name is not None:
        _checks.text("name", name)
    rates = _checks.number("rates", rates, low=0, low_open=True, allow_array=True)
    rates = np.atleast_1d(rates)
    if rates.ndim != 1:
        raise ValueError(f"rates must be a 1-D array of learning rates, got shape {rates.shape}")
    x0 = objective.check_points(x0, "x0")
    if x0.shape != (() if objective.dim == 1 else (objective.dim,)):
        raise ValueError(f"x0 must be a single point of {objective.name}, got shape {x0.shape}")
    tol = _checks.number("tol", tol, low=0)
    best = _best_value(objective)
    n = len(rates)
    starts = np.broadcast_to(x0, (n, *x0.shape)).copy()
    optimizer = make_optimizer(lr=rates.reshape((n,) + (1,) * x0.ndim))
    trajectory = run(objective, optimizer, starts, steps, record_state=record_state)
    needed = steps_to_reach(trajectory, tol)
    gaps = np.where(trajectory.status == DIVERGED, np.inf, trajectory.final_value - best)
    if np.any(needed >= 0):
        best_index = int(np.argmin(np.where(needed >= 0, needed, np.iinfo(int).max)))
    else:
        best_index = int(np.argmin(gaps))
    best_run = _one_start(trajectory, best_index, make_optimizer(lr=float(rates[best_index])))
    return Sweep(name or type(optimizer).__name__, rates, trajectory, needed, gaps, best_index, best_run, tol,
                 make_optimizer)


@dataclass(frozen=True)
class Race:
    """Several optimizers, each at its own best learning rate, on one objective from one start.

    ``sweeps`` maps each label to its :class:`Sweep`; ``runs`` gives the best runs, ready for
    :func:`course_lib.plots.contour_with_paths`; ``str(race)`` is a table, one line per optimizer.
    """

    sweeps: dict

    @property
    def runs(self) -> dict:
        """label → the run at that optimizer's best rate."""
        return {label: s.best_run for label, s in self.sweeps.items()}

    @property
    def steps(self) -> dict:
        """label → the steps its best rate needs to get within ``tol`` (None: it does not)."""
        return {label: s.steps for label, s in self.sweeps.items()}

    def refined(self, factor: int = 8) -> Race:
        """The race with every optimizer's sweep on a grid ``factor`` times finer (:meth:`Sweep.refined`)."""
        return Race({label: s.refined(factor) for label, s in self.sweeps.items()})

    def __str__(self) -> str:
        width = max(16, *(len(label) + 1 for label in self.sweeps))
        return "\n".join(s.describe(width) for s in self.sweeps.values())


def _optimizer_class(item):
    """An optimizer class or callable taking lr, from itself or from its name."""
    if isinstance(item, str):
        if item not in ALL:
            raise ValueError(f"optimizers: {item!r} is not an optimizer; the names are {', '.join(ALL)}")
        return ALL[item]
    if not callable(item):
        raise ValueError(f"optimizers must hold optimizer classes, names, or callables taking lr, got {item!r}")
    return item


def race(objective: Objective, optimizers, x0, rates, steps: int, *, tol: float = 1e-6,
         record_state: bool = False) -> Race:
    """:func:`sweep_learning_rate` for each optimizer, all from the same start with the same rates.

    Args:
        optimizers: optimizer classes or their names (``"Adam"``, labelled by name), or a mapping
            label → class or callable taking ``lr``.
        objective, x0, rates, steps, tol, record_state: as for :func:`sweep_learning_rate`.
    """
    if isinstance(optimizers, str) or not isinstance(optimizers, Iterable):
        raise ValueError(f"optimizers must be a list of optimizer classes or names, such as ['Adam'], "
                         f"got {optimizers!r}")
    if not isinstance(optimizers, Mapping):
        optimizers = {item if isinstance(item, str) else getattr(item, "__name__", repr(item)): item
                      for item in optimizers}
    if not optimizers:
        raise ValueError("optimizers must name at least one optimizer, got none")
    optimizers = {label: _optimizer_class(make) for label, make in optimizers.items()}
    return Race({
        label: sweep_learning_rate(objective, make, x0, rates, steps, tol=tol, name=label, record_state=record_state)
        for label, make in optimizers.items()
    })
