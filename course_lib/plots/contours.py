"""Figures of runs on a 2-D objective: :func:`contour_with_paths`, and :func:`state_arrows` and
:func:`eigen_directions` over it."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from .. import _checks, style
from ..analysis import contour_levels, landscape_grid, state_vectors, step_size_crosses
from ..descent import Trajectory
from .alt import describe, runs_phrase
from .base import (
    DIRECT_LABELS,
    Drawn,
    direct_labels,
    labelled_runs,
    mark_minima,
    marker_every,
    new_axes,
    optimizer_name,
    require_dim,
    run_end,
)

__all__ = ["contour_with_paths", "state_arrows", "eigen_directions"]


def contour_with_paths(runs, ax=None, *, title: str | None = None, show_minima: bool = True, levels=None):
    """Contours of a 2-D objective with the path of every run, in one figure with a legend.

    Args:
        runs: a Trajectory, or a mapping ``label -> Trajectory`` (several optimizers), all on
            the same 2-D objective.
        ax: where to draw.
        title: the figure title; by default the formula.
        show_minima: mark the objective's minima.
        levels: contour levels (default: log-spaced above the minimum when f spans orders of
            magnitude, as on Rosenbrock; evenly spaced otherwise).

    Returns:
        :class:`Drawn` with ``ax``, ``contours``, ``paths`` (one line per run in its optimizer's colour, line
        style and marker, legend label ``"<label>: <status>, f = <final value>"``), ``starts``, ``ends``,
        ``labels`` (each run's name beside its end, for up to :data:`DIRECT_LABELS` runs: told apart without
        matching colours) and ``minima``.
    """
    entries = labelled_runs(runs)
    objective = entries[0][1].objective
    require_dim(objective, 2, "runs")
    show_minima = _checks.flag("show_minima", show_minima)
    if levels is not None:
        levels = _checks.array("levels", levels, ndim=1, finite=True, what="increasing contour levels (numbers)")
        if len(levels) < 2 or not np.all(np.diff(levels) > 0):
            raise ValueError(f"levels must be at least two increasing contour levels, got {levels!r}")
    ax = new_axes(ax, figsize=(7.0, 5.2), title=title)
    X, Y, F = landscape_grid(objective)
    contours = ax.contour(X, Y, F, levels=contour_levels(objective, F) if levels is None else levels,
                          cmap=style.CONTOUR_MAP, linewidths=0.8, alpha=0.8, zorder=1)
    used: set = set()
    drawn = Drawn(ax=ax, contours=contours, paths=[], starts=[], ends=[], minima=[], labels=[])
    for label, t, i in entries:
        p = t.path(i)
        look = style.optimizer_look(t.optimizer, used)
        final = t.value_path(i)[-1]
        (line,) = ax.plot(p[:, 0], p[:, 1], **look.matplotlib, markersize=3.5, markevery=marker_every(len(p)),
                          linewidth=1.6, zorder=3, label=f"{label}: {t.status_of(i)}, f = {style.number(final)}")
        (start,) = ax.plot(*p[0], "o", color="white", markeredgecolor="black", markersize=8, zorder=4)
        (end,) = ax.plot(*p[-1], "X", color=look.color, markeredgecolor="black", markersize=10, zorder=4)
        drawn.paths.append(line)
        drawn.starts.append(start)
        drawn.ends.append(end)
    if len(entries) <= DIRECT_LABELS:
        drawn.labels = direct_labels(ax, [(label, t.path(i)[-1]) for label, t, i in entries], drawn.paths)
    if show_minima:
        drawn.minima = mark_minima(ax, objective)
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title(title or f"f = {objective.formula}")
    if len(entries) <= DIRECT_LABELS:
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    else:  # beside the contours, not over them
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, borderaxespad=0)
    ended = runs_phrase([(label, run_end(t, i)) for label, t, i in entries])
    describe(ax, f"Contours of f = {objective.formula} with the {'path' if len(entries) == 1 else 'paths'} of {ended}.")
    return drawn


def state_arrows(trajectory: Trajectory, ax, kind: str = "velocity", every: int = 1, color: str | None = None):
    """Draw :func:`state_vectors` on an Axes that already shows the run (e.g. from :func:`contour_with_paths`).

    ``"velocity"`` draws arrows at scale 1 (an arrow is as long as the displacement).
    ``"step_size"`` draws a cross at each point whose arms are proportional to η₁ and η₂
    (the median arm is 4% of the window, none longer than 15%): a flat cross means the method
    takes bigger steps along x₁ than along x₂.

    Returns :class:`Drawn` with ``ax`` and ``arrows`` (a Quiver, or the LineCollection of crosses).
    """
    _checks.instance("ax", ax, Axes, "matplotlib Axes that shows the run")
    _checks.text("color", color, allow_none=True)
    points, vectors = state_vectors(trajectory, kind, every)
    color = color or style.optimizer_color(trajectory.optimizer)
    if kind == "velocity":
        arrows = ax.quiver(points[:, 0], points[:, 1], vectors[:, 0], vectors[:, 1], angles="xy",
                           scale_units="xy", scale=1, color=color, width=0.004, zorder=5,
                           label=f"{optimizer_name(trajectory)} velocity")
    else:
        starts, ends = step_size_crosses(points, vectors, trajectory.objective.window)
        arrows = ax.add_collection(LineCollection(np.stack([starts, ends], axis=1), colors=color, linewidths=1.5,
                                                  zorder=5,
                                                  label=f"{optimizer_name(trajectory)} step size per coordinate"))
    describe(ax, f"Arrows along the path of {optimizer_name(trajectory)}: its velocity." if kind == "velocity" else
             f"Crosses along the path of {optimizer_name(trajectory)}: its step size per coordinate, η₁ across and "
             "η₂ up.")
    return Drawn(ax=ax, arrows=arrows)


def eigen_directions(ax, center, curvatures, directions, height: float):
    """Draw the principal directions of a bowl at its minimum ``center``, on an Axes that shows its contours.

    Each eigenvector of the Hessian is drawn as a segment across the contour ``height`` above the minimum: on a
    quadratic that contour is an ellipse whose semi-axis along a direction of curvature λ is √(2·height/λ), so the
    flat direction is the long one. Each segment is labelled with its λ.

    Args:
        ax: where to draw (e.g. the ``ax`` of :func:`contour_with_paths`).
        center: the minimum, shape ``(2,)``.
        curvatures: the Hessian's eigenvalues λ, all positive, in the order of ``directions``' columns.
        directions: the eigenvectors as columns, shape ``(2, 2)`` (what ``np.linalg.eigh`` returns).
        height: the contour the segments reach, f − f(minimum) > 0.

    Returns :class:`Drawn` with ``ax`` and ``axes`` (one line per direction, in the order given).
    """
    _checks.instance("ax", ax, Axes, "matplotlib Axes that shows the contours")
    center, curvatures, directions = (_checks.array(name, value, finite=True, what="finite numbers")
                                      for name, value in (("center", center), ("curvatures", curvatures),
                                                          ("directions", directions)))
    height = _checks.number("height", height, low=0, low_open=True)
    if center.shape != (2,) or curvatures.shape != (2,) or directions.shape != (2, 2):
        raise ValueError(f"center and curvatures must have shape (2,) and directions (2, 2), got {center.shape}, "
                         f"{curvatures.shape} and {directions.shape}")
    if not np.all(np.isfinite(curvatures) & (curvatures > 0)):
        raise ValueError(f"curvatures must be positive (a bowl), got {curvatures!r}")
    drawn = Drawn(ax=ax, axes=[])
    for curvature, direction, dashes in zip(curvatures, directions.T, ("--", ":"), strict=True):
        reach = np.sqrt(2 * height / curvature) * direction / np.linalg.norm(direction)
        ends = np.stack([center - reach, center + reach])
        (line,) = ax.plot(ends[:, 0], ends[:, 1], dashes, color="black", linewidth=1.6, zorder=2,
                          label=f"eigen-direction, λ = {style.number(curvature)}")
        drawn.axes.append(line)
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    describe(ax, f"The eigen-directions at the minimum {style.point(center)}, dashed and dotted, across the contour "
                 f"{style.number(height)} above it: curvature λ = {style.number(curvatures[0])} and "
                 f"{style.number(curvatures[1])}, the flatter one the longer.")
    return drawn
