"""The mini-batch explorer (notebook 06): full-batch, mini-batch and single-sample descent on linear regression.

CSS classes: ``cl-minibatch-explorer``; controls ``cl-batch-size``, ``cl-lr``, ``cl-epochs``, ``cl-sampling``,
``cl-linear-scaling``; views ``cl-loss`` (with the rule on, a dashed reference curve), ``cl-contours``; ``cl-status``.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import _checks, data, models
from ..optimizers import GradientDescent
from ..style import NEUTRAL, PATH, number, optimizer_color, point
from .chart import Chart
from .explorer import (
    WIDE,
    Explorer,
    batch_slider,
    control_layout,
    int_slider,
    limit_epochs,
    log_slider,
    picker,
    steps_text,
)
from .views import Contours2D, status_html

__all__ = ["SAMPLING", "MiniBatchExplorer", "minibatch_explorer"]

SAMPLING = {"shuffled epochs": False, "with replacement": True}
"""The sampling picker's choices: the value of :func:`course_lib.models.fit`'s ``replace``."""


class MiniBatchExplorer(Explorer):
    """Full-batch, mini-batch and single-sample descent on linear regression (notebook 06).

    Controls: the batch size (1, 2, 4, …, n), the learning rate, the number of epochs (up to 50,
    fewer for small batches: a run stays under 5,000 steps, so a slider answers in well under a
    second), how each epoch samples the examples (shuffled, every example once, or drawn with
    replacement), and a toggle for the linear scaling rule: when it is on, the learning rate used is
    the slider's value times B / ``batch_size`` (the starting batch size), so η/B stays fixed as the
    batch size moves, and the loss chart adds the run at the starting batch size and the slider's rate
    (dashed): where the rule holds, the two curves coincide. Views: the loss on all the data after every
    epoch (log scale), and the path of (w₁, w₂) on the contours of the loss (the other weights held at
    their least-squares values).
    Every run starts from w = 0 and samples with ``seed``. Sliders recompute when released.

    Args:
        dataset: a :class:`course_lib.data.Dataset` with at least two features (default
            ``data.linear_data(1000, rng=42)``: true w = [2, −1.5, 0.5]).
        batch_size, lr, epochs: the starting slider values (``batch_size`` is also the reference batch of
            the linear scaling rule).
        seed: the sampling seed.

    Attributes: ``.result`` is the last :class:`course_lib.models.FitResult`, ``.reference`` the dashed
    run's (None with the rule off).
    """

    def __init__(self, dataset=None, *, batch_size: int = 32, lr: float = 0.01, epochs: int = 10, seed: int = 0):
        dataset = data.linear_data(1000, rng=42) if dataset is None else dataset
        _checks.instance("dataset", dataset, data.Dataset, "data.Dataset (X, y)")
        self.X, self.y = data.check_data(dataset.X, dataset.y)  # NaN refused, saying what to do
        if self.X.shape[1] < 2:
            raise ValueError(f"dataset must have at least two features (columns of X), got X of shape {self.X.shape}")
        self.model = models.LinearRegression(self.X.shape[1], fit_intercept=False)
        self.seed = _checks.integer("seed", seed)
        best = self.model.solve(self.X, self.y)
        # The loss over (w₁, w₂) with the other weights at their least-squares values is itself a linear
        # regression: of the residual y − X₃…·w₃…* on the first two features.
        self.surface = models.linear_regression_objective(self.X[:, :2], self.y - self.X[:, 2:] @ best[2:],
                                                          fit_intercept=False, name="loss over (w₁, w₂)")
        n = len(self.X)
        self.loss_chart = Chart("Training loss (all data) per epoch", "epoch", "mean squared error", width=420,
                                height=380, y_log=True, css_class="cl-loss")
        self.loss_chart.lines("loss", optimizer_color(GradientDescent), width=2, marker="circle")
        self.loss_chart.lines("reference", NEUTRAL, width=1.5, style="dashed", marker="square", marker_size=16)
        self.view = Contours2D(self.surface, title="Path of (w₁, w₂) on the loss", xlabel="w₁", ylabel="w₂",
                               width=420, height=380)
        self.view.add_run("w", PATH)
        controls = {
            "batch_size": batch_slider(n, batch_size, (2**k for k in range(int(math.log2(n)) + 1))),
            "lr": log_slider("lr", "learning rate η", lr, 1e-4, 1.0, continuous=False),
            "epochs": int_slider("epochs", "epochs", epochs, 1, 50, continuous=False),
            "sampling": picker("sampling", SAMPLING, "shuffled epochs"),
            "linear_scaling": widgets.ToggleButton(value=False, description="η ∝ B (linear scaling rule)",
                                                   style=WIDE, layout=control_layout(),
                                                   tooltip="use the learning rate × B / the starting batch size"),
        }
        self.reference_batch = controls["batch_size"].value
        self.result = self.reference = None
        super().__init__("cl-minibatch-explorer", "Mini-batch explorer", controls, [self.loss_chart, self.view.chart])
        limit_epochs(self, n, 50, budget=5000)
        self.watch(self.lr, self.epochs, self.sampling, self.linear_scaling)

    def update(self):
        batch = self.batch_size.value
        lr = self.lr.value * (batch / self.reference_batch if self.linear_scaling.value else 1)
        self.result = r = models.fit(self.model, GradientDescent(lr=lr), self.X, self.y,
                                     epochs=self.epochs.value, batch_size=batch,
                                     replace=SAMPLING[self.sampling.value], rng=self.seed,
                                     params0=np.zeros(self.model.n_params), record_path=True)
        self.loss_chart.set("loss", np.arange(len(r.loss_history)), r.loss_history)
        if self.linear_scaling.value:  # the run the rule starts from: the starting batch size at the slider's rate
            self.reference = models.fit(self.model, GradientDescent(lr=self.lr.value), self.X, self.y,
                                        epochs=self.epochs.value, batch_size=self.reference_batch,
                                        replace=SAMPLING[self.sampling.value], rng=self.seed,
                                        params0=np.zeros(self.model.n_params), record_steps=False)
            self.loss_chart.set("reference", np.arange(len(self.reference.loss_history)), self.reference.loss_history)
        else:
            self.reference = None
            self.loss_chart.clear("reference")
        self.view.show_run("w", r.path[:, :2])
        scaled = (f" = {number(self.lr.value)} × {batch}/{self.reference_batch} (dashed: batch size "
                  f"{self.reference_batch} at η {number(self.lr.value)})" if self.linear_scaling.value else "")
        # the loss of the weights shown (a run that diverged ends at its last finite weights, past its last epoch)
        loss = self.model.loss(r.params, self.X, self.y)
        text = (f"batch size {batch}, η {number(lr)}{scaled}, {self.sampling.value}: "
                f"{steps_text(len(r.step_losses) - 1)}, {r.examples_seen[-1]} gradient evaluations; "
                f"loss {number(loss)}, w = {point(r.params)}")
        self.status.value = status_html(r.status, text)


minibatch_explorer = MiniBatchExplorer
"""The name notebooks call: ``widgets.minibatch_explorer()``."""
