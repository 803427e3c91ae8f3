"""Static matplotlib figures of recorded runs: what a notebook shows without a kernel.

Every function draws results that :func:`course_lib.descent.run` or :func:`course_lib.models.fit`
already recorded; none computes a gradient (they call ``objective.f`` on a grid to draw the
landscape, nothing more). Each takes an optional Matplotlib ``Axes`` (a new figure is made when
it is None) and returns a :class:`Drawn`: the Axes plus every artist it drew, by name, so a
notebook can restyle them and a test can read them back::

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from course_lib import objectives, optimizers, plots, run
    >>> t = run(objectives.square, optimizers.GradientDescent(lr=0.1), x0=10.0, steps=20)
    >>> drawn = plots.curve_with_trajectory(t)
    >>> drawn.paths[0].get_xdata()[:3]
    array([10. ,  8. ,  6.4])

The figures:

- :func:`curve_with_trajectory`: a 1-D objective with the path of one or many starts;
- :func:`foggy_curve`: the same, but only a window around the hiker is visible (notebook 01);
- :func:`value_per_step`: f(x_k) against the step k (or the gap to the minimum, on a log scale);
- :func:`contour_with_paths`: contours of a 2-D objective with the paths of several runs;
- :func:`state_arrows`: optimizer state (velocity, per-coordinate step size) along a 2-D path;
- :func:`loss_curves`: training losses of :func:`course_lib.models.fit` runs;
- :func:`basin_strip`: which minimum every start ends in (basins of attraction);
- :func:`regime_map`: the status of a run for every learning rate of a sweep;
- :func:`decision_boundary`: a two-class model's probability map over its data;
- :func:`animation_html`: a self-contained HTML player of one or more runs (no kernel needed);
- :func:`show`: display a figure as a compact palette PNG (:func:`compact_png`), for small notebooks.

Colours and numbers come from :mod:`course_lib.style`, as in the live views of :mod:`course_lib.widgets`:
:data:`STATUS_COLORS` for a run's status, :data:`OPTIMIZER_COLORS` for an optimizer.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
from collections.abc import Mapping
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, NullFormatter
from PIL import Image

from . import _checks, optimizers, style
from .analysis import contour_levels, landscape_grid, state_vectors, step_size_crosses, value_gap, which_minimum
from .descent import DIVERGED, STATUSES, Trajectory, critical_learning_rate
from .descent import one_step_learning_rate as _one_step_lr
from .models import FitResult
from .objectives import Objective
from .style import STATUS_COLORS
from .windows import padded_range

__all__ = [
    "STATUS_COLORS",
    "OPTIMIZER_COLORS",
    "Drawn",
    "curve_with_trajectory",
    "foggy_curve",
    "value_per_step",
    "contour_with_paths",
    "landscape_grid",
    "state_arrows",
    "state_vectors",
    "step_size_crosses",
    "loss_curves",
    "which_minimum",
    "basin_strip",
    "regime_map",
    "decision_boundary",
    "compact_png",
    "show",
    "HTMLAnimation",
    "animation_html",
]

OPTIMIZER_COLORS = {name: style.optimizer_color(cls) for name, cls in optimizers.ALL.items()}
"""The colour of every course optimizer, by class name (each class names its own: ``Adam.color``)."""


class Drawn(SimpleNamespace):
    """What a plot function drew: ``ax`` plus its artists by name (see each function's docstring).

    The repr lists the names only, so a notebook cell that ends with a plot call prints a
    short, stable line.
    """

    def __repr__(self) -> str:
        return f"Drawn({', '.join(vars(self))})"


# --- helpers -----------------------------------------------------------------------------


def _axes(ax, figsize=(7.0, 4.2)):
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _log_y(ax):
    """A log y-axis; within two decades its ticks read 0.3, 2, 5 instead of 3×10⁻¹, 2×10⁰, …"""
    ax.set_yscale("log")
    lo, hi = ax.get_ylim()
    if hi / lo < 100:
        plain = FuncFormatter(lambda v, _: f"{v:g}")
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain if hi / lo < 10 else NullFormatter())


def _optimizer_name(trajectory: Trajectory) -> str:
    return type(trajectory.optimizer).__name__


def _optimizer_label(trajectory: Trajectory) -> str:
    """``"GradientDescent(lr=0.1)"``, or just the class name when lr is an array or a schedule."""
    lr = getattr(trajectory.optimizer, "lr", None)
    name = _optimizer_name(trajectory)
    return f"{name}(lr={style.number(lr)})" if isinstance(lr, float) else name


def labelled_runs(runs) -> list[tuple[str, Trajectory, int | None]]:
    """Normalise a Trajectory or a mapping ``label -> Trajectory`` to ``(label, trajectory, start)``.

    A many-start trajectory contributes one entry per start.
    """
    if isinstance(runs, Trajectory):
        runs = {_optimizer_label(runs): runs}
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


def _status_summary(statuses) -> str:
    statuses = list(statuses)
    if len(statuses) == 1:
        return statuses[0]
    counts = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
    return ", ".join(f"{n} {s}" for s, n in counts.items())


def _status_box(ax, text: str, status: str):
    return ax.text(
        0.02, 0.97, text, transform=ax.transAxes, va="top", ha="left", fontsize=9, color="white",
        bbox={"boxstyle": "round,pad=0.3", "facecolor": style.status_color(status), "edgecolor": "none"},
    )


def _one_d(objective: Objective, name: str = "trajectory"):
    if objective.dim != 1:
        raise ValueError(f"{name} must be on a 1-D objective, got {objective.name} (dim {objective.dim})")


def _two_d(objective: Objective, name: str = "runs"):
    if objective.dim != 2:
        raise ValueError(f"{name} must be on a 2-D objective, got {objective.name} (dim {objective.dim})")


def _x_range(objective: Objective, paths) -> tuple[float, float]:
    """The objective's window, widened to show the paths when that costs at most 3× the width."""
    lo, hi = objective.window
    if paths:
        p_lo = min(float(np.min(p)) for p in paths)
        p_hi = max(float(np.max(p)) for p in paths)
        wide_lo, wide_hi = min(lo, p_lo), max(hi, p_hi)
        if wide_hi - wide_lo <= 3 * (hi - lo):
            pad = 0.03 * (wide_hi - wide_lo)
            return (wide_lo - pad if wide_lo < lo else lo), (wide_hi + pad if wide_hi > hi else hi)
    return lo, hi


def _mark_minima(ax, objective: Objective, x_range=None):
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


# --- 1-D ---------------------------------------------------------------------------------


def curve_with_trajectory(trajectory: Trajectory, ax=None, *, title: str | None = None, show_minima: bool = True):
    """Draw a 1-D objective and the path descent took on it.

    Args:
        trajectory: a 1-D run, one start or many (one path per start).
        ax: where to draw (a new figure when None).
        title: the figure title; by default the optimizer and the formula.
        show_minima: mark the objective's minima (a star on the global one).

    Returns:
        :class:`Drawn` with ``ax``, ``curve`` (the objective), ``paths`` (one line per start,
        dots at every iterate), ``starts``, ``ends`` (marker per start), ``minima`` and
        ``status`` (the text box with the run's status).

    The x-range is the objective's window, widened to include the path unless the run flew
    far away (a diverged run); points outside the range are clipped, never drawn as NaN.
    """
    objective = trajectory.objective
    _one_d(objective)
    ax = _axes(ax)
    starts = [None] if trajectory.n_starts is None else list(range(trajectory.n_starts))
    paths = [trajectory.path(i) for i in starts]
    lo, hi = _x_range(objective, paths)
    xs = np.linspace(lo, hi, 400)
    fx = objective.f(xs)
    (curve,) = ax.plot(xs, fx, color=style.CURVE, linewidth=2, label=f"f(x) = {objective.formula}", zorder=2)
    many = len(starts) > 1
    drawn = Drawn(ax=ax, curve=curve, paths=[], starts=[], ends=[], minima=[])
    for n, i in enumerate(starts):
        p, v = paths[n], trajectory.value_path(i)
        color = style.status_color(trajectory.status_of(i)) if many else style.PATH
        (line,) = ax.plot(
            p, v, "o-", color=color, markersize=4, linewidth=1.2, alpha=0.85, zorder=3,
            label=None if many else f"path ({len(p) - 1} steps)",
        )
        (start,) = ax.plot(p[0], v[0], "o", markersize=8, markerfacecolor="white", markeredgecolor=color,
                           markeredgewidth=2, zorder=4, label="start" if n == 0 else None)
        (end,) = ax.plot(p[-1], v[-1], "o", markersize=8, color=color, markeredgecolor="black", zorder=4,
                         label="end" if n == 0 else None)
        drawn.paths.append(line)
        drawn.starts.append(start)
        drawn.ends.append(end)
    if show_minima:
        drawn.minima = _mark_minima(ax, objective, (lo, hi))
    ax.set_xlim(lo, hi)
    ax.set_ylim(*padded_range(fx))
    statuses = [trajectory.status_of(i) for i in starts]
    if many:
        text = _status_summary(statuses)
    else:
        text = f"{statuses[0]} after {len(paths[0]) - 1} steps: x = {style.number(paths[0][-1])}"
    drawn.status = _status_box(ax, text, statuses[0] if len(set(statuses)) == 1 else "")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(title or f"{_optimizer_label(trajectory)} on f(x) = {objective.formula}")
    ax.legend(loc="upper right", fontsize=8)
    return drawn


def foggy_curve(trajectory: Trajectory, ax=None, *, visibility: float = 0.6, reveal: bool = False,
                title: str | None = None):
    """The foggy valley: only the part of f within ``visibility`` of the hiker can be seen.

    Args:
        trajectory: the hiker's walk so far, a single-start 1-D run (``steps=0`` for just the
            start). The hiker stands at its last position and feels the slope recorded there.
        ax: where to draw.
        visibility: how far the hiker sees to each side, in x units.
        reveal: lift the fog and show the whole curve (dashed) as well.
        title: the figure title.

    Returns:
        :class:`Drawn` with ``ax``, ``visible`` (the curve near the hiker), ``hidden`` (the whole
        curve, dashed; invisible until ``reveal``), ``fog`` (the grey patches), ``footprints``
        (earlier positions), ``hiker`` and ``slope`` (the tangent line at the hiker).
    """
    objective = trajectory.objective
    _one_d(objective)
    if trajectory.n_starts is not None:
        raise ValueError("foggy_curve needs a single-start run: one hiker")
    visibility = float(visibility)
    if not visibility > 0:
        raise ValueError(f"visibility must be > 0, got {visibility!r}")
    ax = _axes(ax)
    positions, heights = trajectory.positions, trajectory.values
    x, fx, slope_value = positions[-1], heights[-1], trajectory.gradients[-1]
    lo, hi = objective.window
    xs, f_all = objective.grid(400)
    near = np.linspace(max(lo, x - visibility), min(hi, x + visibility), 100)
    (hidden,) = ax.plot(xs, f_all, "--", color=style.CURVE, linewidth=1.2, visible=reveal,
                        label="the whole valley" if reveal else None)
    (visible,) = ax.plot(near, objective.f(near), color=style.CURVE, linewidth=2.5, label="what the hiker sees")
    fog = []
    if not reveal:
        fog = [ax.axvspan(lo, x - visibility, color=style.FOG, alpha=0.9, zorder=4, label="fog"),
               ax.axvspan(x + visibility, hi, color=style.FOG, alpha=0.9, zorder=4)]
    (footprints,) = ax.plot(positions[:-1], heights[:-1], "o", color=style.FOOTPRINTS, markersize=5, alpha=0.7,
                            label="footprints", zorder=5)
    (hiker,) = ax.plot([x], [fx], "o", color=style.PATH, markersize=12, markeredgecolor="black",
                       label=f"hiker at x = {style.number(x)}", zorder=6)
    tangent_x = np.array([x - visibility, x + visibility])
    (slope,) = ax.plot(tangent_x, fx + slope_value * (tangent_x - x), color=style.PATH, linewidth=1.5,
                       linestyle=":", label=f"slope f′(x) = {style.number(slope_value)}", zorder=5)
    ax.set_xlim(lo, hi)
    ax.set_ylim(*padded_range(f_all))
    ax.set_xlabel("x (where the hiker stands)")
    ax.set_ylabel("height f(x)")
    ax.set_title(title or ("The valley revealed" if reveal else "In the fog: only the ground nearby is visible"))
    ax.legend(loc="upper right", fontsize=8)
    return Drawn(ax=ax, visible=visible, hidden=hidden, fog=fog, footprints=footprints, hiker=hiker, slope=slope)


def value_per_step(runs, ax=None, *, gap: bool = False, title: str | None = None):
    """f(x_k) against the step k, one line per run (and per start).

    Args:
        runs: a Trajectory, or a mapping ``label -> Trajectory`` to compare runs.
        ax: where to draw.
        gap: plot f(x_k) − f* on a log scale instead, f* the global minimum's value (the
            objective needs one). Gaps below float64 resolution (1e-16 · max(1, |f*|)) are
            drawn at that floor.
        title: the figure title.

    Returns:
        :class:`Drawn` with ``ax`` and ``lines`` (one per run; its label ends with the status).
    """
    entries = labelled_runs(runs)
    objective = entries[0][1].objective
    ax = _axes(ax, figsize=(7.0, 3.6))
    if gap and not objective.global_minima:
        raise ValueError(f"gap=True needs a global minimum, and {objective.name} has none")
    used: set = set()
    lines = []
    for label, t, i in entries:
        v = t.value_path(i)
        y = value_gap(objective, v) if gap else v
        color = style.status_color(t.status_of(i)) if len(entries) > 8 else style.optimizer_color(t.optimizer, used)
        (line,) = ax.plot(np.arange(len(v)), y, "o-", markersize=3, color=color, label=f"{label} ({t.status_of(i)})")
        lines.append(line)
    if gap:
        _log_y(ax)
    ax.set_xlabel("step k")
    ax.set_ylabel("f(x_k) − f*" if gap else "f(x_k)")
    ax.set_title(title or ("Distance to the lowest value, step by step" if gap else "Value at every step"))
    if len(entries) <= 8:
        ax.legend(fontsize=8)
    return Drawn(ax=ax, lines=lines)


# --- 2-D ---------------------------------------------------------------------------------


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
        :class:`Drawn` with ``ax``, ``contours``, ``paths`` (one line per run, legend label
        ``"<label>: <status>, f = <final value>"``), ``starts``, ``ends``, ``minima``.
    """
    entries = labelled_runs(runs)
    objective = entries[0][1].objective
    _two_d(objective)
    ax = _axes(ax, figsize=(7.0, 5.2))
    X, Y, F = landscape_grid(objective)
    contours = ax.contour(X, Y, F, levels=contour_levels(objective, F) if levels is None else levels,
                          cmap=style.CONTOUR_MAP, linewidths=0.8, alpha=0.8, zorder=1)
    used: set = set()
    drawn = Drawn(ax=ax, contours=contours, paths=[], starts=[], ends=[], minima=[])
    for label, t, i in entries:
        p = t.path(i)
        color = style.optimizer_color(t.optimizer, used)
        final = t.value_path(i)[-1]
        (line,) = ax.plot(p[:, 0], p[:, 1], "o-", color=color, markersize=2.5, linewidth=1.6, zorder=3,
                          label=f"{label}: {t.status_of(i)}, f = {style.number(final)}")
        (start,) = ax.plot(*p[0], "o", color="white", markeredgecolor="black", markersize=8, zorder=4)
        (end,) = ax.plot(*p[-1], "X", color=color, markeredgecolor="black", markersize=10, zorder=4)
        drawn.paths.append(line)
        drawn.starts.append(start)
        drawn.ends.append(end)
    if show_minima:
        drawn.minima = _mark_minima(ax, objective)
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title(title or f"f = {objective.formula}")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    return drawn


def state_arrows(trajectory: Trajectory, ax, kind: str = "velocity", every: int = 1, color: str | None = None):
    """Draw :func:`state_vectors` on an Axes that already shows the run (e.g. from :func:`contour_with_paths`).

    ``"velocity"`` draws arrows at scale 1 (an arrow is as long as the displacement).
    ``"step_size"`` draws a cross at each point whose arms are proportional to η₁ and η₂
    (the median arm is 4% of the window, none longer than 15%): a flat cross means the method
    takes bigger steps along x₁ than along x₂.

    Returns :class:`Drawn` with ``ax`` and ``arrows`` (a Quiver, or the LineCollection of crosses).
    """
    points, vectors = state_vectors(trajectory, kind, every)
    color = color or style.optimizer_color(trajectory.optimizer)
    if kind == "velocity":
        arrows = ax.quiver(points[:, 0], points[:, 1], vectors[:, 0], vectors[:, 1], angles="xy",
                           scale_units="xy", scale=1, color=color, width=0.004, zorder=5,
                           label=f"{_optimizer_name(trajectory)} velocity")
    else:
        starts, ends = step_size_crosses(points, vectors, trajectory.objective.window)
        arrows = ax.add_collection(LineCollection(np.stack([starts, ends], axis=1), colors=color, linewidths=1.5,
                                                  zorder=5,
                                                  label=f"{_optimizer_name(trajectory)} step size per coordinate"))
    return Drawn(ax=ax, arrows=arrows)


# --- training ----------------------------------------------------------------------------


_PER = {
    "epoch": ("epoch", lambda r: (np.arange(len(r.loss_history)), r.loss_history)),
    "step": ("optimizer step", lambda r: (np.arange(len(r.step_losses)), r.step_losses)),
    "example": ("examples seen (gradient evaluations)", lambda r: (r.examples_seen, r.step_losses)),
}


def loss_curves(curves, ax=None, *, per: str = "epoch", log_scale: bool = True, title: str | None = None,
                xlabel: str | None = None, ylabel: str = "training loss"):
    """Training-loss curves, one line per run.

    Args:
        curves: a mapping ``label -> FitResult`` (or ``label -> losses`` or ``label -> (x, losses)``),
            or a single FitResult.
        ax: where to draw.
        per: for FitResults, the x-axis: ``"epoch"`` (``loss_history``), ``"step"`` or
            ``"example"`` (``step_losses`` against ``examples_seen``).
        log_scale: a log loss axis (losses must be positive).
        title, xlabel, ylabel: labels (xlabel defaults from ``per``).

    Returns:
        :class:`Drawn` with ``ax`` and ``lines`` (a diverged run's label says so).
    """
    if per not in _PER:
        raise ValueError(f"per must be one of {list(_PER)}, got {per!r}")
    if isinstance(curves, FitResult):
        curves = {"training loss": curves}
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(f"curves must be a non-empty mapping label -> FitResult or losses, got {curves!r}")
    ax = _axes(ax, figsize=(7.0, 3.8))
    default_xlabel, series = _PER[per]
    lines = []
    for n, (label, curve) in enumerate(curves.items()):
        text = str(label)
        if isinstance(curve, FitResult):
            x, y = series(curve)
            if curve.status == DIVERGED:
                text += " (diverged)"
        elif isinstance(curve, tuple) and len(curve) == 2:
            x, y = (np.asarray(c, dtype=float) for c in curve)
        else:
            y = np.asarray(curve, dtype=float)
            x = np.arange(len(y))
        color = style.optimizer_color(optimizers.ALL[label]) if label in optimizers.ALL else f"C{n}"
        (line,) = ax.plot(x, y, color=color, linewidth=1.8, label=text)
        lines.append(line)
    if log_scale:
        _log_y(ax)
    ax.set_xlabel(xlabel or default_xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or "Training loss")
    ax.legend(fontsize=8)
    return Drawn(ax=ax, lines=lines)


def decision_boundary(model, params, X, y, ax=None, *, resolution: int = 120, title: str | None = None):
    """A two-class model's P(y = 1 | x) over the plane, its 0.5 boundary, and the data.

    Args:
        model: e.g. :class:`course_lib.models.MLP` (anything with ``predict_proba(params, X)``).
        params: the model's parameters (e.g. ``FitResult.params``).
        X, y: 2-D inputs, shape (n, 2), and 0/1 labels.
        resolution: grid points per axis.

    Returns:
        :class:`Drawn` with ``ax``, ``probability`` (the image), ``boundary`` (the 0.5 contour)
        and ``points`` (one scatter per class).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    ax = _axes(ax, figsize=(5.5, 4.6))
    pad = 0.5
    (x_lo, y_lo), (x_hi, y_hi) = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
    prob = model.predict_proba(params, np.stack([gx.ravel(), gy.ravel()], axis=1)).reshape(gx.shape)
    image = ax.imshow(prob, origin="lower", extent=(x_lo, x_hi, y_lo, y_hi), cmap=style.PROBABILITY_MAP, vmin=0, vmax=1,
                      alpha=0.55, aspect="auto")
    boundary = ax.contour(gx, gy, prob, levels=[0.5], colors="black", linewidths=1.5)
    points = [ax.scatter(*X[y == c].T, s=14, color=color, edgecolor="white", linewidth=0.4, label=f"class {c}")
              for c, color in enumerate(style.CLASS_COLORS)]
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_title(title or "Decision boundary: P(class 1) = 0.5")
    ax.legend(loc="upper right", fontsize=8)
    return Drawn(ax=ax, probability=image, boundary=boundary, points=points)


# --- basins and regimes ------------------------------------------------------------------


def minimum_label(objective: Objective, index: int) -> str:
    p = objective.minima[index]
    where = style.point(p.position)
    kind = "global" if any(p is q for q in objective.global_minima) else "local"
    return f"{kind} minimum at {where}"


def basin_strip(runs, ax=None, *, title: str | None = None):
    """Basins of attraction: one coloured row per run, a cell per start, coloured by where it ended.

    Args:
        runs: a many-start 1-D Trajectory (the starts spread over the window, e.g.
            ``np.linspace(*objective.window, 200)``), or a mapping ``label -> Trajectory`` to
            compare settings (say, without and with momentum) row by row.
        ax: where to draw.
        title: the figure title.

    Returns:
        :class:`Drawn` with ``ax``, ``cells`` (one QuadMesh per row), ``outcomes`` (one
        :func:`which_minimum` array per row) and ``legend``.
    """
    if isinstance(runs, Trajectory):
        runs = {_optimizer_label(runs): runs}
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError(f"runs must be a many-start Trajectory or a mapping label -> Trajectory, got {runs!r}")
    objective = next(iter(runs.values())).objective
    _one_d(objective, "runs")
    ax = _axes(ax, figsize=(7.0, 1.2 + 0.5 * len(runs)))
    colors = [*style.BASIN_COLORS[: len(objective.minima)], style.NOT_SETTLED]
    cmap = ListedColormap(colors)
    drawn = Drawn(ax=ax, cells=[], outcomes=[])
    for row, (label, t) in enumerate(runs.items()):
        if t.n_starts is None or t.objective is not objective:
            raise ValueError(f"runs[{label!r}] must be a many-start run on {objective.name}")
        starts = np.asarray(t.positions[0], dtype=float)
        order = np.argsort(starts)
        starts = starts[order]
        outcome = which_minimum(t)[order]
        edges = np.concatenate([[starts[0]], (starts[1:] + starts[:-1]) / 2, [starts[-1]]])
        codes = np.where(outcome >= 0, outcome, len(colors) - 1)
        mesh = ax.pcolormesh(edges, [row - 0.4, row + 0.4], codes[None, :], cmap=cmap, vmin=-0.5,
                             vmax=len(colors) - 0.5)
        drawn.cells.append(mesh)
        drawn.outcomes.append(outcome)
    handles = [Patch(color=colors[i], label=minimum_label(objective, i)) for i in range(len(objective.minima))]
    handles.append(Patch(color=style.NOT_SETTLED, label="diverged or not settled"))
    drawn.legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
                             frameon=False)
    ax.set_yticks(range(len(runs)), [str(k) for k in runs])
    ax.set_ylim(-0.5, len(runs) - 0.5)
    ax.set_xlabel("starting point x₀")
    ax.set_title(title or "Which minimum each start rolls into")
    return drawn


def regime_map(trajectory: Trajectory, ax=None, *, title: str | None = None, show_rates: bool = True):
    """The outcome of a learning-rate sweep: one run per rate, coloured by status.

    Args:
        trajectory: a many-start run whose optimizer has one learning rate per start, e.g.
            ``run(square, GradientDescent(lr=np.linspace(0.01, 1.5, 60)), x0=np.full(60, 10.0), steps=50)``.
        ax: where to draw.
        title: the figure title.
        show_rates: for plain gradient descent on an objective with a Hessian, dashed lines at
            the one-step rate 1/f″ and the critical rate 2/f″ of the minimum.

    Returns:
        :class:`Drawn` with ``ax``, ``points`` (one scatter per status; y = f(x_K) − f* where the
        objective has a global minimum, else the last gradient's size), ``bands`` (status
        colours behind the points), ``diverged`` (markers on the top edge: a diverged run has
        no meaningful final value) and ``rates`` (the dashed lines).
    """
    if trajectory.n_starts is None:
        raise ValueError("regime_map needs a many-start run: one start per learning rate")
    lr = getattr(trajectory.optimizer, "lr", None)
    try:
        rates = np.broadcast_to(np.asarray(lr, dtype=float).reshape(-1), (trajectory.n_starts,))
    except (TypeError, ValueError):
        raise ValueError("the run's optimizer needs one learning rate per start (an array lr)") from None
    objective = trajectory.objective
    ax = _axes(ax, figsize=(7.0, 3.6))
    status = np.asarray(trajectory.status).reshape(-1)
    order = np.argsort(rates)
    rates, status = rates[order], status[order]
    idx = (np.asarray(trajectory.lengths).reshape(-1) - 1)[order]
    if objective.global_minima:
        y = value_gap(objective, trajectory.final_value.reshape(-1)[order])
        ylabel = "f(x_K) − f* after the run"
    else:
        grads = trajectory.gradients.reshape(trajectory.gradients.shape[0], trajectory.n_starts, -1)
        y = np.linalg.norm(grads[idx, order], axis=-1)
        ylabel = "|∇f| at the last point"
    use_log_x = bool(np.all(rates > 0) and rates[-1] / rates[0] > 30)
    if use_log_x:
        ax.set_xscale("log")
    x_lo, x_hi = rates[0], rates[-1]
    if x_hi == x_lo:  # one rate only: give it some room
        x_lo, x_hi = x_lo - (0.1 * abs(x_lo) or 0.1), x_hi + (0.1 * abs(x_hi) or 0.1)
    edges = (np.sqrt(rates[1:] * rates[:-1]) if use_log_x else (rates[1:] + rates[:-1]) / 2)
    edges = np.concatenate([[x_lo], edges, [x_hi]])
    drawn = Drawn(ax=ax, points=[], bands=[], diverged=None, rates=[])
    for n, s in enumerate(status):
        drawn.bands.append(ax.axvspan(edges[n], edges[n + 1], color=style.status_color(s), alpha=0.15, linewidth=0))
    live = status != DIVERGED
    for s in STATUSES:
        mask = (status == s) & live
        if np.any(mask):
            drawn.points.append(ax.scatter(rates[mask], y[mask], s=18, color=style.status_color(s), label=s, zorder=3))
    if np.any(~live):
        drawn.diverged = ax.scatter(rates[~live], np.full(np.sum(~live), 0.95), marker="x", s=30,
                                    color=style.status_color(DIVERGED), transform=ax.get_xaxis_transform(),
                                    label=DIVERGED, zorder=3)
    if np.any(live):
        lo, hi = float(np.min(y[live])), float(np.max(y[live]))
        ax.set_ylim(lo / 3, hi * 30)
        _log_y(ax)
    else:
        ax.set_yticks([])
    if show_rates and isinstance(trajectory.optimizer, optimizers.GradientDescent) and objective.hessian is not None:
        try:
            marks = {"1/f″ (one step)": _one_step_lr(objective), "2/f″ (critical)": critical_learning_rate(objective)}
        except ValueError:
            marks = {}
        for (name, rate), line_style in zip(marks.items(), (":", "--"), strict=True):
            if rate is not None and x_lo <= rate <= x_hi:
                drawn.rates.append(ax.axvline(rate, color="black", linestyle=line_style, linewidth=1,
                                              label=f"{name} = {style.number(rate)}"))
    ax.set_xlim(x_lo, x_hi)
    ax.set_xlabel("learning rate η")
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"What each learning rate does on f = {objective.formula}")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return drawn


# --- compact pictures --------------------------------------------------------------------


def compact_png(fig: Figure, *, colors: int = 256, dpi: float | None = None, tight: bool = True) -> bytes:
    """The figure as PNG bytes with a palette of at most ``colors`` colours.

    Contour plots are expensive to store: their anti-aliased lines in many colours defeat PNG
    compression, and a notebook keeps every figure in its file. A 256-colour palette looks the
    same and takes about a third of the bytes. ``tight`` trims the white border (as
    ``bbox_inches="tight"``).
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure, got {fig!r}")
    if isinstance(colors, bool) or not isinstance(colors, int) or not 2 <= colors <= 256:
        raise ValueError(f"colors must be a whole number in [2, 256], got {colors!r}")
    rendered = io.BytesIO()
    fig.savefig(rendered, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
    png = io.BytesIO()
    Image.open(rendered).convert("RGB").quantize(colors).save(png, format="png", optimize=True)
    return png.getvalue()


def show(fig: Figure | None = None, *, colors: int = 256, dpi: float | None = None) -> None:
    """Display ``fig`` (default: the current figure) as a :func:`compact_png`, then close it.

    Use it instead of ``plt.show()`` for contour-heavy figures, to keep notebooks small.
    """
    from IPython.display import Image as IPythonImage
    from IPython.display import display

    fig = plt.gcf() if fig is None else fig
    try:
        display(IPythonImage(data=compact_png(fig, colors=colors, dpi=dpi), format="png"))
    finally:
        plt.close(fig)


# --- animation ---------------------------------------------------------------------------


class HTMLAnimation:
    """A self-contained HTML player (``.html``); Jupyter, Voilà and nbviewer display it.

    Made by :func:`animation_html`; ``animation.html`` is the page fragment (save it to a file to share it).
    """

    def __init__(self, html: str, frames: int):
        self.html = html
        self.frames = frames

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"HTMLAnimation({self.frames} frames, {len(self.html) // 1024} kB)"


_ANIMATION_IDS = itertools.count(1)  # element ids stay unique when one run is shown twice

_PLAYER_JS = """
(function () {
  var root = document.getElementById("%(id)s");
  if (!root) return;
  var data = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  var dots = root.querySelectorAll("circle.cl-dot"), trails = root.querySelectorAll("polyline.cl-trail");
  var slider = root.querySelector("input"), label = root.querySelector(".cl-frame"),
      button = root.querySelector("button"), timer = null;
  function show(f) {
    data.runs.forEach(function (run, r) {
      var k = Math.min(f, run.length - 1);
      dots[r].setAttribute("cx", run[k][0]);
      dots[r].setAttribute("cy", run[k][1]);
      trails[r].setAttribute("points", run.slice(0, k + 1).map(function (p) { return p.join(","); }).join(" "));
    });
    slider.value = f;
    label.textContent = "step " + data.steps[f] + " of " + data.steps[data.steps.length - 1];
  }
  function stop() { clearInterval(timer); timer = null; button.textContent = "\\u25B6 Play"; }
  button.onclick = function () {
    if (timer) { stop(); return; }
    if (+slider.value >= data.steps.length - 1) show(0);
    button.textContent = "\\u275A\\u275A Pause";
    timer = setInterval(function () {
      var f = +slider.value + 1;
      if (f >= data.steps.length) { stop(); return; }
      show(f);
    }, data.interval);
  };
  slider.oninput = function () { stop(); show(+slider.value); };
  root.querySelector(".cl-controls").style.display = "flex";
  root.querySelector(".cl-static-note").style.display = "none";
  show(0);
})();
"""


def animation_html(runs, *, max_frames: int = 120, interval_ms: int = 120, size=(6.4, 4.0), dpi: int = 80,
                   title: str | None = None) -> HTMLAnimation:
    """A self-contained HTML animation of one or more recorded runs (no kernel, no external files).

    The landscape is drawn once by :func:`curve_with_trajectory` (1-D) or
    :func:`contour_with_paths` (2-D) and embedded as one PNG, with each whole path drawn faintly;
    a small SVG layer on top moves a dot along each recorded path, driven by a few lines of
    inline JavaScript (Play/Pause and a step slider).

    Without JavaScript (GitHub's notebook view strips it) the player shows the static picture:
    every path drawn whole, each dot at its start, and a note saying so; the controls stay
    hidden. nbviewer, JupyterLab and Voilà run the player.

    Args:
        runs: a Trajectory, or a mapping ``label -> Trajectory`` (e.g. an optimizer race).
        max_frames: at most this many frames; longer runs are shown at evenly spread steps.
        interval_ms: time between frames when playing.
        size, dpi: the picture's size in inches and its resolution (pixels = size × dpi).
        title: the figure title.
    """
    entries = labelled_runs(runs)
    objective = entries[0][1].objective
    if objective.dim not in (1, 2):
        raise ValueError(f"animation_html draws 1-D and 2-D objectives, got dim {objective.dim}")
    max_frames = _checks.integer("max_frames", max_frames, low=2)
    interval_ms = _checks.integer("interval_ms", interval_ms, low=1)
    fig = Figure(figsize=size, dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    if objective.dim == 1:
        if len({id(t) for _, t, _ in entries}) > 1:
            raise ValueError("a 1-D animation takes one Trajectory (it may have many starts)")
        drawn = curve_with_trajectory(entries[0][1], ax, title=title)
    else:
        drawn = contour_with_paths(runs, ax, title=title)
    for line in drawn.paths:
        line.set_alpha(0.3)
    for marker in drawn.ends:
        marker.set_visible(False)
    fig.canvas.draw()
    width, height = (round(v) for v in fig.bbox.size)
    png = compact_png(fig, dpi=dpi, tight=False)  # untrimmed: the SVG layer uses the figure's pixel coordinates
    box = ax.bbox

    longest = max(len(t.path(i)) for _, t, i in entries)
    steps = np.unique(np.linspace(0, longest - 1, min(max_frames, longest)).round().astype(int))
    runs_px, colors = [], []
    for line, (_, t, i) in zip(drawn.paths, entries, strict=True):
        p = t.path(i)
        xy = np.column_stack([p, t.value_path(i)]) if objective.dim == 1 else p
        k = np.minimum(steps, len(p) - 1)
        # Clamp far-away points (a diverged run) so the SVG numbers stay short; the clip hides them.
        px = np.clip(ax.transData.transform(xy[k]), -10 * width, 10 * width)
        px[:, 1] = height - px[:, 1]
        k_last = int(np.searchsorted(steps, len(p) - 1))  # drop repeats after the run ended
        runs_px.append(np.round(px[: k_last + 1], 1).tolist())
        colors.append(line.get_color())
    data = {"runs": runs_px, "steps": steps.tolist(), "interval": interval_ms}
    payload = json.dumps(data, separators=(",", ":"))
    digest = hashlib.sha1(payload.encode()).hexdigest()[:10]
    uid = f"cl-anim-{digest}-{next(_ANIMATION_IDS)}"
    image = base64.b64encode(png).decode("ascii")
    clip = f'<rect x="{box.x0:.1f}" y="{height - box.y1:.1f}" width="{box.width:.1f}" height="{box.height:.1f}"/>'
    layers = "".join(
        f'<polyline class="cl-trail" fill="none" stroke="{c}" stroke-width="2.5" points=""/>'
        f'<circle class="cl-dot" r="6" fill="{c}" stroke="black" stroke-width="1.5" cx="{run[0][0]}" cy="{run[0][1]}"/>'
        for run, c in zip(runs_px, colors, strict=True)
    )
    html = (
        f'<div id="{uid}" class="cl-animation" style="max-width:{width}px;font-family:sans-serif">'
        f'<svg viewBox="0 0 {width} {height}" width="100%">'
        f'<image width="{width}" height="{height}" href="data:image/png;base64,{image}"/>'
        f'<clipPath id="{uid}-clip">{clip}</clipPath><g clip-path="url(#{uid}-clip)">{layers}</g></svg>'
        '<div class="cl-controls" style="display:none;align-items:center;gap:8px">'
        '<button type="button" style="min-width:6em">&#9654; Play</button>'
        f'<input type="range" min="0" max="{len(steps) - 1}" value="0" style="flex:1"/>'
        '<span class="cl-frame" style="min-width:9em"></span></div>'
        '<div class="cl-static-note" style="font-size:smaller;color:#555">Static view: each path is drawn whole, '
        'each dot at its start. Run the notebook (or open it on nbviewer) to play the animation.</div>'
        f'<script type="application/json">{payload}</script>'
        f"<script>{_PLAYER_JS % {'id': uid}}</script></div>"
    )
    return HTMLAnimation(html, len(steps))
