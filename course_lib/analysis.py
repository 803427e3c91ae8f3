"""What the course reads off recorded runs and landscapes: computed here, drawn by plots and widgets.

Nothing in this module draws; the figures of :mod:`course_lib.plots` and the live views of
:mod:`course_lib.widgets` call it, and so can a notebook::

    >>> import numpy as np
    >>> from course_lib import objectives, run
    >>> from course_lib.analysis import which_minimum
    >>> from course_lib.optimizers import GradientDescent
    >>> t = run(objectives.double_dip, GradientDescent(lr=0.01), np.array([-3.0, 3.0]), 200)
    >>> which_minimum(t).tolist()  # indices into objectives.double_dip.minima
    [0, 1]

- :func:`which_minimum`: the minimum each start ended in (basins of attraction);
- :func:`value_gap`: f − f*, floored where float64 can no longer tell them apart (for log scales);
- :func:`state_vectors` and :func:`step_size_crosses`: an optimizer's state along a run, as arrows;
- :func:`landscape_grid` and :func:`contour_levels`: a 2-D objective over its window, and where to draw contours.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .descent import DIVERGED, Trajectory
from .objectives import Objective
from .windows import check_window, window_sides, window_span

__all__ = ["which_minimum", "value_gap", "state_vectors", "step_size_crosses", "landscape_grid", "contour_levels"]


def which_minimum(trajectory: Trajectory) -> np.ndarray:
    """For every start, the index into ``objective.minima`` of the minimum the run ended at.

    A run counts as having arrived when its last point is closer to that minimum than 5% of
    the distance between the two closest minima (5% of the window when there is only one).
    Diverged runs and runs that are still far from every minimum get −1. Returns an int array
    shaped like the starts (a 0-d array for one start).
    """
    _checks.instance("trajectory", trajectory, Trajectory, "Trajectory (a run of course_lib.run)")
    objective = trajectory.objective
    minima = np.array([np.atleast_1d(p.position) for p in objective.minima], dtype=float)
    final = np.asarray(trajectory.final_position, dtype=float)
    points = final.reshape(-1, objective.dim)
    if len(minima) == 0:
        return np.full(points.shape[0], -1).reshape(np.shape(trajectory.lengths))
    distances = np.linalg.norm(points[:, None, :] - minima[None, :, :], axis=-1)
    if len(minima) > 1:
        gaps = np.linalg.norm(minima[:, None] - minima[None, :], axis=-1)
        reach = 0.05 * np.min(gaps[np.triu_indices(len(minima), 1)])
    else:
        reach = 0.05 * window_span(objective.window)
    nearest = np.argmin(distances, axis=1)
    arrived = distances[np.arange(len(points)), nearest] <= reach
    status = np.asarray(trajectory.status).reshape(-1)
    labels = np.where(arrived & (status != DIVERGED), nearest, -1)
    return labels.reshape(np.shape(trajectory.lengths))


def value_gap(objective: Objective, values) -> np.ndarray:
    """f − f* for ``values`` of ``objective``, f* its global minimum's value.

    Gaps below float64 resolution, 1e-16 · max(1, |f*|), are that floor: a run that lands
    exactly on the minimum stays on a log scale instead of falling to −∞.
    """
    _checks.instance("objective", objective, Objective)
    values = _checks.array("values", values, what="values of f (numbers)")
    if not objective.global_minima:
        raise ValueError(f"a gap to the lowest value needs a global minimum, and {objective.name} has none")
    best = objective.global_minima[0].value
    return np.maximum(values - best, 1e-16 * max(1.0, abs(best)))


def state_vectors(trajectory: Trajectory, kind: str = "velocity", every: int = 1):
    """Vectors that show an optimizer's state along a single 2-D run (recorded with ``record_state=True``).

    ``kind="velocity"``: the displacement the state's velocity alone would cause, −η·v for
    Momentum and Nesterov (−η·b for RMSProp with momentum, −η̂ ⊙ m for Adam), at every point
    it was recorded; which buffer that is, and how it is scaled, the optimizer's class says
    (``velocity_buffer``, ``velocity_per_coordinate``). ``kind="step_size"``: the per-coordinate
    step size η_i each coordinate got at the last step (η for both coordinates of non-adaptive methods).

    Returns ``(points, vectors)``, two arrays of shape (m, 2), at steps 1, 1 + every, 1 + 2·every, …
    (the start has no state yet); both empty for a velocity of an optimizer without one (plain
    descent, AdaGrad).
    """
    _checks.text("kind", kind, ("velocity", "step_size"))
    _checks.instance("trajectory", trajectory, Trajectory, "Trajectory (a run of course_lib.run)")
    if trajectory.n_starts is not None or trajectory.objective.dim != 2:
        raise ValueError("state_vectors needs a single-start run on a 2-D objective")
    if trajectory.states is None:
        raise ValueError("the run has no recorded state: call run(..., record_state=True)")
    every = _checks.integer("every", every, low=1)
    opt = trajectory.optimizer
    names = opt.State._fields[1:]
    steps = np.arange(1, trajectory.lengths, every)  # the state after step 1, 1 + every, ...
    points = trajectory.positions[steps]
    vectors = np.zeros_like(points)
    buffer = opt.velocity_buffer
    if kind == "velocity" and buffer is None:
        return points[:0], vectors[:0]
    for n, k in enumerate(steps):
        state = opt.State(int(k), *(trajectory.states[name][k] for name in names))
        if kind == "step_size":
            vectors[n] = opt.per_coordinate_lr(state)
        else:
            scale = opt.per_coordinate_lr(state) if opt.velocity_per_coordinate else opt.learning_rate(max(k - 1, 0))
            vectors[n] = -scale * trajectory.states[buffer][k]
    return points, vectors


def step_size_crosses(points: np.ndarray, sizes: np.ndarray, window):
    """Segments of crosses that show per-coordinate step sizes ``sizes`` (shape (m, 2)) at ``points``.

    Arms are proportional to the sizes: the median arm is 4% of the window, none longer than 15%,
    so a flat cross means longer steps along x₁ than along x₂. Returns ``(starts, ends)``, each
    (2m, 2): the horizontal arms, then the vertical ones.
    """
    points = _checks.array("points", points, ndim=2, finite=True, what="finite points of shape (m, 2)")
    sizes = _checks.array("sizes", sizes, ndim=2, finite=True, what="finite step sizes of shape (m, 2)")
    if points.shape[1:] != (2,) or sizes.shape != points.shape or np.any(sizes < 0):
        raise ValueError(f"points and sizes must both have shape (m, 2), sizes >= 0, got shapes {points.shape} "
                         f"and {sizes.shape}")
    window = check_window(window, 2)
    typical = float(np.median(sizes)) if sizes.size else 1.0
    arm = np.minimum(0.04 * sizes / (typical or 1.0), 0.15) * window_sides(window)
    across, up = arm * [1, 0], arm * [0, 1]
    return np.concatenate([points - across, points - up]), np.concatenate([points + across, points + up])


def landscape_grid(objective: Objective, resolution: int = 200):
    """``(X, Y, F)`` meshes of a 2-D objective over its window, like ``objective.grid``.

    f is evaluated one grid row at a time, so a loss over a large data set (whose every
    evaluation touches all the data) does not need a resolution² × n array at once.
    """
    _checks.instance("objective", objective, Objective)
    if objective.dim != 2:
        raise ValueError(f"objective must be 2-D for a landscape grid, got {objective.name} (dim {objective.dim})")
    resolution = _checks.integer("resolution", resolution, low=2, high=2000)
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    X, Y = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
    F = np.array([objective.f(np.stack([x, y], axis=-1)) for x, y in zip(X, Y, strict=True)])
    return X, Y, F


def contour_levels(objective: Objective, F: np.ndarray, n: int = 18) -> np.ndarray:
    """``n`` contour levels for the values ``F`` of ``objective`` (e.g. from :func:`landscape_grid`).

    Log-spaced above the minimum when f spans orders of magnitude there (Rosenbrock), else evenly
    spaced up to the 98th percentile. Levels that are not increasing mean f is flat almost everywhere.
    """
    _checks.instance("objective", objective, Objective)
    F = _checks.array("F", F, what="an array of values of f")
    n = _checks.integer("n", n, low=2, high=1000)
    finite = F[np.isfinite(F)]
    if finite.size == 0:
        raise ValueError(f"F must hold at least one finite value, got {F!r}")
    lo, hi = float(np.min(finite)), float(np.percentile(finite, 98))
    if objective.global_minima:
        best = min(lo, objective.global_minima[0].value)
        rise = finite - best
        small = float(np.percentile(rise[rise > 0], 0.5)) if np.any(rise > 0) else np.inf
        if (hi - best) / small > 100:
            return best + np.geomspace(small, hi - best, n)
    return np.linspace(lo, hi, n)
