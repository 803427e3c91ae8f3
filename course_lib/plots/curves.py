"""Figures of runs on a 1-D objective, and of f step by step: :func:`curve_with_trajectory`,
:func:`foggy_curve` (notebook 01) and :func:`value_per_step`."""

from __future__ import annotations

import numpy as np

from .. import _checks, style
from ..analysis import value_gap
from ..descent import Trajectory
from ..objectives import Objective
from ..windows import padded_range, window_span
from .alt import describe, runs_phrase
from .base import (
    DIRECT_LABELS,
    Drawn,
    check_trajectory,
    direct_labels,
    labelled_runs,
    log_y,
    mark_minima,
    marker_every,
    new_axes,
    optimizer_label,
    require_dim,
    run_end,
)

__all__ = ["curve_with_trajectory", "foggy_curve", "value_per_step"]


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


def curve_with_trajectory(trajectory: Trajectory, ax=None, *, title: str | None = None, show_minima: bool = True):
    """Draw a 1-D objective and the path descent took on it.

    Args:
        trajectory: a 1-D run, one start or many (one path per start).
        ax: where to draw (a new figure when None).
        title: the figure title; by default the optimizer and the formula.
        show_minima: mark the objective's minima (a star on the global one).

    Returns:
        :class:`Drawn` with ``ax``, ``curve`` (the objective), ``paths`` (one line per start,
        dots at every iterate; with many starts, in the colour of its status), ``starts``, ``ends`` (marker per
        start; with many starts, the shape of its status), ``minima`` and
        ``status`` (the text box with the run's status).

    The x-range is the objective's window, widened to include the path unless the run flew
    far away (a diverged run); points outside the range are clipped, never drawn as NaN.
    """
    check_trajectory(trajectory)
    show_minima = _checks.flag("show_minima", show_minima)
    objective = trajectory.objective
    require_dim(objective, 1, "trajectory")
    ax = new_axes(ax, title=title)
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
        shape = style.MARKERS[style.status_marker(trajectory.status_of(i))] if many else "o"
        (end,) = ax.plot(p[-1], v[-1], shape, markersize=8, color=color, markeredgecolor="black", zorder=4,
                         label="end" if n == 0 else None)
        drawn.paths.append(line)
        drawn.starts.append(start)
        drawn.ends.append(end)
    if show_minima:
        drawn.minima = mark_minima(ax, objective, (lo, hi))
    ax.set_xlim(lo, hi)
    ax.set_ylim(*padded_range(fx))
    statuses = [trajectory.status_of(i) for i in starts]
    if many:
        text = _status_summary(statuses)
    else:
        text = f"{statuses[0]} after {len(paths[0]) - 1} steps: x = {style.number(paths[0][-1])}"
    drawn.status = _status_box(ax, text, statuses[0] if len(set(statuses)) == 1 else "")
    whose = (f"the paths of {len(starts)} starts of {optimizer_label(trajectory)}: " if many else
             f"the path of {optimizer_label(trajectory)} from x₀ = {style.number(paths[0][0])}, ")
    describe(ax, f"The curve f(x) = {objective.formula} with {whose}{text}.")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(title or f"{optimizer_label(trajectory)} on f(x) = {objective.formula}")
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
    check_trajectory(trajectory)
    objective = trajectory.objective
    require_dim(objective, 1, "trajectory")
    reveal = _checks.flag("reveal", reveal)
    if trajectory.n_starts is not None:
        raise ValueError("trajectory must be a single-start run for foggy_curve: one hiker")
    visibility = _checks.number("visibility", visibility, low=0, low_open=True,
                                high=100 * window_span(objective.window))
    ax = new_axes(ax, title=title)
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
    seen = ("The whole valley, revealed" if reveal else
            f"In the fog, only the ground within {style.number(visibility)} of the hiker can be seen")
    steps = len(positions) - 1
    describe(ax, f"{seen}: the hiker at x = {style.number(x)} after {steps} step{'' if steps == 1 else 's'}, where "
                 f"the slope is f′(x) = {style.number(slope_value)}.")
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
        :class:`Drawn` with ``ax``, ``lines`` (one per run in its optimizer's colour, line style and marker, under
        a legend; or, with more than :data:`DIRECT_LABELS` lines from runs of many starts, each in its status's
        colour and marker; its label ends with the status) and ``labels`` (each run's name at its line's end, for up
        to :data:`DIRECT_LABELS` lines).
    """
    entries = labelled_runs(runs)
    objective = entries[0][1].objective
    gap = _checks.flag("gap", gap)
    ax = new_axes(ax, figsize=(7.0, 3.6), title=title)
    if gap and not objective.global_minima:
        raise ValueError(f"gap=True needs a global minimum, and {objective.name} has none")
    used: set = set()
    lines, ends = [], []
    # a sweep of many starts: more lines than runs
    by_status = len(entries) > DIRECT_LABELS and len({id(t) for _, t, _ in entries}) < len(entries)
    for label, t, i in entries:
        v = t.value_path(i)
        y = value_gap(objective, v) if gap else v
        if by_status:
            status = t.status_of(i)
            look = {"color": style.status_color(status), "marker": style.MARKERS[style.status_marker(status)]}
        else:
            look = style.optimizer_look(t.optimizer, used).matplotlib
        (line,) = ax.plot(np.arange(len(v)), y, **look, markersize=3.5, markevery=marker_every(len(v)),
                          label=f"{label} ({t.status_of(i)})")
        lines.append(line)
        ends.append((label, (len(v) - 1, y[-1])))
    if gap:
        log_y(ax)
    ax.set_xlabel("step k")
    ax.set_ylabel("f(x_k) − f*" if gap else "f(x_k)")
    ax.set_title(title or ("Distance to the lowest value, step by step" if gap else "Value at every step"))
    labels = []
    if not by_status:
        ax.legend(fontsize=8, ncol=1 if len(entries) <= 6 else 2)
    if len(entries) <= DIRECT_LABELS:
        labels = direct_labels(ax, ends, lines)
    shown = "f(x_k) − f* (log scale)" if gap else "f(x_k)"
    describe(ax, f"{shown} at every step k of {runs_phrase([(label, run_end(t, i)) for label, t, i in entries])}.")
    return Drawn(ax=ax, lines=lines, labels=labels)
