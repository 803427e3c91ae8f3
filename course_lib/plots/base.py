"""What every figure of :mod:`course_lib.plots` shares: the :class:`Drawn` it returns, a new Axes, a readable
log axis, the labels of runs, the marks of minima and the check of an objective's dimension."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, NullFormatter

from .. import _checks, style
from ..descent import DIVERGED, Trajectory
from ..objectives import Objective

__all__ = ["Drawn", "new_axes", "log_y", "optimizer_name", "optimizer_label", "labelled_runs", "run_end",
           "mark_minima", "direct_labels", "marker_every", "require_dim", "DIRECT_LABELS"]

DIRECT_LABELS = 8
"""Runs a figure names one by one, beside their paths (and in its text alternative); with more, a legend does."""


class Drawn(SimpleNamespace):
    """What a plot function drew: ``ax`` plus its artists by name (see each function's docstring).

    The repr lists the names only, so a notebook cell that ends with a plot call prints a
    short, stable line.
    """

    def __repr__(self) -> str:
        return f"Drawn({', '.join(vars(self))})"


def new_axes(ax, figsize=(7.0, 4.2), *, title=None):
    """``ax``, or the Axes of a new figure of ``figsize`` inches when it is None (TypeError for anything else).

    ``title``, the caller's title argument, is checked too (a text or None): every figure takes one.
    """
    _checks.text("title", title, allow_none=True)
    if ax is not None:
        return _checks.instance("ax", ax, Axes, "matplotlib Axes (or None, for a new figure)")
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def log_y(ax):
    """A log y-axis; within two decades its ticks read 0.3, 2, 5 instead of 3×10⁻¹, 2×10⁰, …"""
    ax.set_yscale("log")
    lo, hi = ax.get_ylim()
    if hi / lo < 100:
        plain = FuncFormatter(lambda v, _: style.number(v))
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain if hi / lo < 10 else NullFormatter())


def optimizer_name(trajectory: Trajectory) -> str:
    """The name of the run's optimizer class, for labels."""
    return type(trajectory.optimizer).__name__


def optimizer_label(trajectory: Trajectory) -> str:
    """``"GradientDescent(lr=0.1)"``, or just the class name when lr is an array or a schedule."""
    lr = getattr(trajectory.optimizer, "lr", None)
    name = optimizer_name(trajectory)
    return f"{name}(lr={style.number(lr)})" if isinstance(lr, float) else name


def labelled_runs(runs) -> list[tuple[str, Trajectory, int | None]]:
    """Normalise a Trajectory or a mapping ``label -> Trajectory`` to ``(label, trajectory, start)``.

    A many-start trajectory contributes one entry per start.
    """
    if isinstance(runs, Trajectory):
        runs = {optimizer_label(runs): runs}
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError(f"runs must be a Trajectory or a non-empty mapping label -> Trajectory, got {runs!r}")
    out = []
    for label, t in runs.items():
        if not isinstance(t, Trajectory):
            raise ValueError(f"runs[{label!r}] must be a Trajectory, got {t!r}")
        if t.n_starts is None:
            out.append((str(label), t, None))
        else:
            out.extend((f"{label}, start {i}", t, i) for i in range(t.n_starts))
    objectives = {id(t.objective) for _, t, _ in out}
    if len(objectives) > 1:
        raise ValueError("all runs must be on the same objective")
    return out


def run_end(trajectory: Trajectory, start: int | None = None) -> str:
    """How a run (or one start of it) ended, for a text alternative: ``"converged, f = 1e−6"`` (a diverged
    run's last value means nothing: ``"diverged"``)."""
    status = trajectory.status_of(start)
    if status == DIVERGED:
        return status
    return f"{status}, f = {style.number(trajectory.value_path(start)[-1])}"


def mark_minima(ax, objective: Objective, x_range=None):
    """Stars on the global minima, triangles on the other minima (1-D and 2-D)."""
    drawn = []
    for p in objective.minima:
        pos = np.atleast_1d(p.position)
        if x_range is not None and not x_range[0] <= pos[0] <= x_range[1]:
            continue
        xy = (pos[0], p.value) if objective.dim == 1 else (pos[0], pos[1])
        is_global = any(p is q for q in objective.global_minima)
        (marker,) = ax.plot(
            *xy, marker="*" if is_global else "v", markersize=13 if is_global else 9,
            color=style.GLOBAL_MINIMUM if is_global else style.LOCAL_MINIMUM, markeredgecolor="black",
            linestyle="none", zorder=5,
            label="global minimum" if is_global else "local minimum",
        )
        drawn.append(marker)
    # one legend entry per kind
    seen = set()
    for m in drawn:
        if m.get_label() in seen:
            m.set_label("_" + m.get_label())
        seen.add(m.get_label())
    return drawn


def check_trajectory(trajectory, name: str = "trajectory") -> Trajectory:
    """TypeError unless ``trajectory`` is a :class:`~course_lib.descent.Trajectory`."""
    return _checks.instance(name, trajectory, Trajectory, "Trajectory (a run of course_lib.run)")


def marker_every(points: int) -> int:
    """Mark every n-th point of a line: about 25 markers along it, so that its marker shape can be seen."""
    return max(1, points // 25)


def direct_labels(ax, ends, lines) -> list:
    """Each run's name beside the last point of its line (``ends``: ``(label, (x, y))`` pairs, ``lines``:
    the lines drawn, whose colour the text's outline takes), so that a reader need not match colours to a
    legend. Names whose points fall close together are stacked, not printed over each other.

    The name is the label up to its first ``", "`` (a many-start run's entries share one label).
    """
    texts, placed = [], []
    x_span, y_span = np.ptp(ax.get_xlim()) or 1.0, np.ptp(ax.get_ylim()) or 1.0
    for (label, xy), line in zip(ends, lines, strict=True):
        x, y = (float(v) for v in xy)
        if not (np.isfinite(x) and np.isfinite(y)):
            continue
        near = sum(abs(x - px) < 0.08 * x_span and abs(y - py) < 0.08 * y_span for px, py in placed)
        placed.append((x, y))
        texts.append(ax.annotate(
            label.split(", ")[0], (x, y), xytext=(7, 5 + 11 * near), textcoords="offset points", fontsize=8,
            color="black", zorder=6, annotation_clip=True,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": line.get_color(), "alpha": 0.85},
        ))
    return texts


def require_dim(objective: Objective, dim: int, name: str):
    """ValueError naming the argument ``name`` unless its objective has dimension ``dim``."""
    if objective.dim != dim:
        raise ValueError(f"{name} must be on a {dim}-D objective, got {objective.name} (dim {objective.dim})")
