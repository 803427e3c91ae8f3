"""Figures of training runs (:func:`course_lib.models.fit`): :func:`loss_curves` and :func:`decision_boundary`."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import _checks, optimizers, style
from ..descent import DIVERGED
from ..models import FitResult
from .alt import describe, runs_phrase
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
    _checks.text("per", per, _PER)
    log_scale = _checks.flag("log_scale", log_scale)
    _checks.text("xlabel", xlabel, allow_none=True)
    _checks.text("ylabel", ylabel)
    if isinstance(curves, FitResult):
        curves = {"training loss": curves}
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(f"curves must be a non-empty mapping label -> FitResult or losses, got {curves!r}")
    ax = new_axes(ax, figsize=(7.0, 3.8), title=title)
    default_xlabel, series = _PER[per]
    lines, used, ended = [], set(), []
    for label, curve in curves.items():
        text = str(label)
        if isinstance(curve, FitResult):
            x, y = series(curve)
            if curve.status == DIVERGED:
                text += " (diverged)"
        else:  # numbers given directly: finite (positive on a log scale), one x per loss
            name = f"curves[{label!r}]"
            pair = isinstance(curve, tuple) and len(curve) == 2
            x, y = (np.atleast_1d(_checks.number(name, c, allow_array=True)) for c in curve) if pair else (
                None, np.atleast_1d(_checks.number(name, curve, low=0 if log_scale else None,
                                                   low_open=log_scale, allow_array=True)))
            x = np.arange(len(y)) if x is None else x
            if y.ndim != 1 or x.shape != y.shape or (log_scale and np.any(y <= 0)):
                raise ValueError(f"{name} must be losses (> 0 on a log scale), or a pair (x, losses) of equal "
                                 f"lengths, got {curve!r}")
        look = style.optimizer_look(optimizers.ALL.get(label), used).matplotlib
        (line,) = ax.plot(x, y, **look, markevery=max(1, len(x) // 20), markersize=4, linewidth=1.8, label=text)
        lines.append(line)
        status = str(curve.status) if isinstance(curve, FitResult) else None
        how = [status] if status else []
        if status != DIVERGED:
            how.append(f"ends at {style.number(y[-1])}")
        ended.append((str(label), ", ".join(how)))
    if log_scale:
        log_y(ax)
    ax.set_xlabel(xlabel or default_xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or "Training loss")
    ax.legend(fontsize=8)
    scale = " (log scale)" if log_scale else ""
    describe(ax, f"{ylabel[:1].upper() + ylabel[1:]}{scale} against {ax.get_xlabel()}, for {runs_phrase(ended)}.")
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
    if not callable(getattr(model, "predict_proba", None)) or not callable(getattr(model, "check_data", None)):
        raise TypeError(f"model must be a two-class model such as models.MLP (with predict_proba), got {model!r}")
    X, y = model.check_data(X, y)  # (n, 2) inputs, 0/1 labels
    params = _checks.array("params", params, ndim=1, finite=True, what="the model's parameters (a 1-D array)")
    if params.shape != (model.n_params,):
        raise ValueError(f"params must have shape ({model.n_params},) for {model!r}, got shape {params.shape}")
    resolution = _checks.integer("resolution", resolution, low=2, high=1000)
    ax = new_axes(ax, figsize=(5.5, 4.6), title=title)
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
    classes = " and ".join(f"{np.sum(y == c)} of class {c}" for c in range(len(style.CLASS_COLORS)))
    describe(ax, f"The model's probability of class 1 over the plane, shaded, with its boundary P(class 1) = 0.5 "
                 f"and the {len(y)} data points: {classes}.")
    return Drawn(ax=ax, probability=image, boundary=boundary, points=points)
