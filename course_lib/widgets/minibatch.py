"""The mini-batch explorer (notebook 05): full-batch, mini-batch and single-sample descent on linear regression.

CSS classes: ``cl-minibatch-explorer``; controls ``cl-batch-size``, ``cl-lr``, ``cl-epochs``; views ``cl-loss``,
``cl-contours``; ``cl-status``.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _checks, data, models
from ..optimizers import GradientDescent
from ..style import PATH, number, optimizer_color, point
from .chart import Chart
from .explorer import Explorer, batch_slider, int_slider, limit_epochs, log_slider, steps_text
from .views import Contours2D, status_html

__all__ = ["MiniBatchExplorer", "minibatch_explorer"]


class MiniBatchExplorer(Explorer):
    """Full-batch, mini-batch and single-sample descent on linear regression (notebook 05).

    Controls: the batch size (1, 2, 4, …, n), the learning rate, the number of epochs (up to 50,
    fewer for small batches: a run stays under 5,000 steps, so a slider answers in well under a
    second). Views: the loss on all the data after every epoch (log scale), and the path of
    (w₁, w₂) on the contours of the loss (the other weights held at their least-squares values).
    Every run starts from w = 0 and shuffles with ``seed``. Sliders recompute when released.

    Args:
        dataset: a :class:`course_lib.data.Dataset` with at least two features (default
            ``data.linear_data(1000, rng=42)``: true w = [2, −1.5, 0.5]).
        batch_size, lr, epochs: the starting slider values.
        seed: the shuffling seed.

    Attributes: ``.result`` is the last :class:`course_lib.models.FitResult`.
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
        self.view = Contours2D(self.surface, title="Path of (w₁, w₂) on the loss", xlabel="w₁", ylabel="w₂",
                               width=420, height=380)
        self.view.add_run("w", PATH)
        controls = {
            "batch_size": batch_slider(n, batch_size, (2**k for k in range(int(math.log2(n)) + 1))),
            "lr": log_slider("lr", "learning rate η", lr, 1e-4, 1.0, continuous=False),
            "epochs": int_slider("epochs", "epochs", epochs, 1, 50, continuous=False),
        }
        self.result = None
        super().__init__("cl-minibatch-explorer", "Mini-batch explorer", controls, [self.loss_chart, self.view.chart])
        limit_epochs(self, n, 50, budget=5000)
        self.watch(self.lr, self.epochs)

    def update(self):
        batch = self.batch_size.value
        self.result = r = models.fit(self.model, GradientDescent(lr=self.lr.value), self.X, self.y,
                                     epochs=self.epochs.value, batch_size=batch, rng=self.seed,
                                     params0=np.zeros(self.model.n_params), record_path=True)
        self.loss_chart.set("loss", np.arange(len(r.loss_history)), r.loss_history)
        self.view.show_run("w", r.path[:, :2])
        # the loss of the weights shown (a run that diverged ends at its last finite weights, past its last epoch)
        loss = self.model.loss(r.params, self.X, self.y)
        text = (f"batch size {batch}: {steps_text(len(r.step_losses) - 1)}, {r.examples_seen[-1]} gradient "
                f"evaluations; loss {number(loss)}, w = {point(r.params)}")
        self.status.value = status_html(r.status, text)


minibatch_explorer = MiniBatchExplorer
"""The name notebooks call: ``widgets.minibatch_explorer()``."""
