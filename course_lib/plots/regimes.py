"""Figures of many runs at once: :func:`basin_strip` (which minimum each start reaches) and
:func:`regime_map` (what each learning rate of a sweep does)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from .. import _checks, optimizers, style
from ..analysis import value_gap, which_minimum
from ..descent import DIVERGED, STATUSES, Trajectory, critical_learning_rate, one_step_learning_rate
from ..objectives import Objective
from .alt import describe
from .base import Drawn, log_y, new_axes, optimizer_label, require_dim

__all__ = ["minimum_label", "basin_strip", "regime_map"]


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
        runs = {optimizer_label(runs): runs}
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError(f"runs must be a many-start Trajectory or a mapping label -> Trajectory, got {runs!r}")
    objective = next(iter(runs.values())).objective
    require_dim(objective, 1, "runs")
    ax = new_axes(ax, figsize=(7.0, 1.2 + 0.5 * len(runs)), title=title)
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
    rows = []
    for label, outcome in zip(runs, drawn.outcomes, strict=True):
        ends = [f"{np.sum(outcome == i)} into the {minimum_label(objective, i)}"
                for i in range(len(objective.minima)) if np.any(outcome == i)]
        if np.any(outcome < 0):
            ends.append(f"{np.sum(outcome < 0)} diverged or not settled")
        rows.append(f"{label}: " + ", ".join(ends))
    lo = min(float(np.min(t.positions[0])) for t in runs.values())
    hi = max(float(np.max(t.positions[0])) for t in runs.values())
    describe(ax, f"Where each start x₀ from {style.number(lo)} to {style.number(hi)} ends, row by row: "
                 + "; ".join(rows) + ".")
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
        :class:`Drawn` with ``ax``, ``points`` (one scatter per status, in its colour and marker; y = f(x_K) − f*
        where the objective has a global minimum, else the last gradient's size), ``bands`` (status
        colours behind the points), ``diverged`` (markers on the top edge: a diverged run has
        no meaningful final value) and ``rates`` (the dashed lines).
    """
    _checks.instance("trajectory", trajectory, Trajectory, "Trajectory (a many-start run of course_lib.run)")
    if trajectory.n_starts is None:
        raise ValueError("trajectory must be a many-start run for regime_map: one start per learning rate")
    lr = getattr(trajectory.optimizer, "lr", None)
    try:
        rates = np.broadcast_to(np.asarray(lr, dtype=float).reshape(-1), (trajectory.n_starts,))
    except (TypeError, ValueError):
        raise ValueError("the run's optimizer needs one learning rate per start (an array lr)") from None
    objective = trajectory.objective
    show_rates = _checks.flag("show_rates", show_rates)
    ax = new_axes(ax, figsize=(7.0, 3.6), title=title)
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
            drawn.points.append(ax.scatter(rates[mask], y[mask], s=22, color=style.status_color(s),
                                           marker=style.MARKERS[style.status_marker(s)], label=s, zorder=3))
    if np.any(~live):
        drawn.diverged = ax.scatter(rates[~live], np.full(np.sum(~live), 0.95),
                                    marker=style.MARKERS[style.status_marker(DIVERGED)], s=30,
                                    color=style.status_color(DIVERGED), transform=ax.get_xaxis_transform(),
                                    label=DIVERGED, zorder=3)
    if np.any(live):
        lo, hi = float(np.min(y[live])), float(np.max(y[live]))
        ax.set_ylim(lo / 3, hi * 30)
        log_y(ax)
    else:
        ax.set_yticks([])
    if show_rates and isinstance(trajectory.optimizer, optimizers.GradientDescent) and objective.hessian is not None:
        try:
            marks = {("1/f″ (one step)", ":"): one_step_learning_rate(objective),
                     ("2/f″ (critical)", "--"): critical_learning_rate(objective)}
        except ValueError:  # no minimum: no curvature to draw rates from
            marks = {}
        for (name, line_style), rate in marks.items():
            if rate is not None and x_lo <= rate <= x_hi:
                drawn.rates.append(ax.axvline(rate, color="black", linestyle=line_style, linewidth=1,
                                              label=f"{name} = {style.number(rate)}"))
    ax.set_xlim(x_lo, x_hi)
    describe(ax, _regimes_sentence(rates, status, [line.get_label() for line in drawn.rates]))
    ax.set_xlabel("learning rate η")
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"What each learning rate does on f = {objective.formula}")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return drawn


MOST_STRETCHES = 6
"""Stretches of learning rates with one status that a regime map's text alternative names; the rest it counts."""


def _regimes_sentence(rates, status, marks) -> str:
    """What a regime map shows, in words: the stretches of rates (in increasing order) with one status each."""
    cuts = np.flatnonzero(status[1:] != status[:-1]) + 1
    stretches = []
    for lo, hi in zip([0, *cuts], [*cuts, len(rates)], strict=True):
        where = (f"at η = {style.number(rates[lo])}" if hi - lo == 1 else
                 f"from η = {style.number(rates[lo])} to {style.number(rates[hi - 1])}")
        stretches.append(f"{status[lo]} {where}")
    more = len(stretches) - MOST_STRETCHES
    said = "; ".join(stretches[:MOST_STRETCHES]) + (f"; and {more} more stretches" if more > 0 else "")
    lines = f" Lines at {' and '.join(marks)}." if marks else ""
    return f"The status of {len(rates)} runs, one per learning rate: {said}.{lines}"
