"""Figures of training runs (:func:`course_lib.models.fit`): :func:`loss_curves` and :func:`decision_boundary`."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import optimizers, style
from ..descent import DIVERGED
from ..models import FitResult
from .base import Drawn, log_y, new_axes

__all__ = ["loss_curves", "decision_boundary"]


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
        :class:`Drawn` with ``ax`` and ``lines`` (a diverged run's label says so). A run labelled with the name
        of a course optimizer is drawn in its colour, line style and marker; other runs get free ones.
    """
    if per not in _PER:
        raise ValueError(f"per must be one of {list(_PER)}, got {per!r}")
    if isinstance(curves, FitResult):
        curves = {"training loss": curves}
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(f"curves must be a non-empty mapping label -> FitResult or losses, got {curves!r}")
    ax = new_axes(ax, figsize=(7.0, 3.8))
    default_xlabel, series = _PER[per]
    lines, used = [], set()
    for label, curve in curves.items():
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
        look = style.optimizer_look(optimizers.ALL.get(label), used).matplotlib
        (line,) = ax.plot(x, y, **look, markevery=max(1, len(x) // 20), markersize=4, linewidth=1.8, label=text)
        lines.append(line)
    if log_scale:
        log_y(ax)
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
    ax = new_axes(ax, figsize=(5.5, 4.6))
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
