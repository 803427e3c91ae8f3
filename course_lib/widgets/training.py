"""The training explorer (notebook 10): a small network on two moons with any optimizer and schedule.

CSS classes: ``cl-training-explorer``; controls ``cl-optimizer``, ``cl-schedule``, ``cl-lr``, ``cl-epochs``,
``cl-batch-size``; views ``cl-loss``, ``cl-boundary``; ``cl-status``.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _checks, data, models, schedules, style
from ..style import number, optimizer_color
from .chart import Chart
from .explorer import Explorer, batch_slider, int_slider, limit_epochs, log_slider, optimizer_choices, picker
from .views import status_html

__all__ = ["SCHEDULES", "make_schedule", "TrainingExplorer", "training_explorer"]

SCHEDULES = ("constant", "step decay", "exponential decay", "cosine decay", "warm-up + cosine", "linear decay",
             "1/√t decay", "warm restarts", "one cycle")
"""The schedules the training explorer offers, each spread over the whole run."""


def make_schedule(name: str, lr: float, total_steps: int):
    """The named schedule of :data:`SCHEDULES` with peak rate ``lr`` over ``total_steps`` optimizer steps.

    Step decay multiplies by 0.3 every third of the run; exponential decay ends at lr/100;
    cosine decays to 0; warm-up ramps up over the first tenth, then decays by a cosine; linear decay goes
    straight down to 0; 1/√t decay ends at lr/√21; warm restarts run three cosine cycles (1/7, 2/7 and 4/7 of
    the run); one cycle climbs from lr/25 to lr over the first 30 % and falls to 10⁻⁴ of its start (at least
    4 steps long, which it needs for its phases).
    """
    _checks.text("name", name, SCHEDULES)
    total_steps = _checks.integer("total_steps", total_steps, low=1)
    if name == "constant":
        return schedules.Constant(lr)
    if name == "step decay":
        return schedules.StepDecay(lr, step_size=max(total_steps // 3, 1), gamma=0.3)
    if name == "exponential decay":
        return schedules.ExponentialDecay(lr, gamma=0.01 ** (1 / total_steps))
    if name == "cosine decay":
        return schedules.CosineDecay(lr, total_steps=total_steps)
    if name == "linear decay":
        return schedules.PolynomialDecay(lr, total_steps=total_steps, power=1.0)
    if name == "1/√t decay":
        return schedules.InverseTimeDecay(lr, scale=total_steps / 20, power=0.5)
    if name == "warm restarts":
        return schedules.WarmRestarts(lr, period=max(total_steps // 7, 1), period_mult=2)
    if name == "one cycle":
        return schedules.OneCycle(lr, total_steps=max(total_steps, 4))
    warmup = max(total_steps // 10, 1)
    return schedules.LinearWarmup(lr, warmup, then=schedules.CosineDecay(lr, total_steps=max(total_steps - warmup, 1)))


class TrainingExplorer(Explorer):
    """Train a small network on two moons with any optimizer and schedule (notebook 10).

    Controls: the optimizer, the learning-rate schedule (constant, step, exponential, cosine,
    warm-up then cosine; each spread over the whole run), the peak learning rate, epochs (up to
    200, fewer for small batches: a run stays under 3,000 steps) and batch size. Views: the loss
    per epoch, and the network's P(class 1) over the plane with the data. Every run starts from
    the same seeded weights, and every optimizer with its own defaults but for the learning
    rate. Sliders recompute when released.

    Args:
        dataset: a two-class :class:`course_lib.data.Dataset` with 2 features (default
            ``data.two_moons(200, rng=0)``).
        hidden: hidden units of the :class:`course_lib.models.MLP` ``[2, hidden, 1]``.
        optimizer: a name from ``optimizers.ALL``, or an Optimizer class.
        lr, epochs, batch_size: the starting control values.
        seed: the seed of the initial weights and of the shuffling.

    Attributes: ``.result`` is the last :class:`course_lib.models.FitResult`.
    """

    def __init__(self, dataset=None, *, hidden: int = 16, optimizer="Adam", lr: float = 0.05, epochs: int = 60,
                 batch_size: int = 32, seed: int = 0):
        dataset = data.two_moons(200, rng=0) if dataset is None else dataset
        _checks.instance("dataset", dataset, data.Dataset, "data.Dataset (X, y)")
        self.choices, name = optimizer_choices("optimizer", optimizer, one=True)
        self.colors = {name: optimizer_color(cls) for name, cls in self.choices.items()}
        self.net = models.MLP([2, _checks.integer("hidden", hidden, low=1, high=1000), 1])
        # two features, no NaN, labels 0 and 1: refused otherwise, saying what to do
        self.X, self.y = self.net.check_data(dataset.X, dataset.y)
        self.seed = _checks.integer("seed", seed)
        (x_lo, y_lo), (x_hi, y_hi) = self.X.min(axis=0) - 0.5, self.X.max(axis=0) + 0.5
        gx, gy = np.linspace(x_lo, x_hi, 50), np.linspace(y_lo, y_hi, 50)
        self._grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
        self.loss_chart = Chart("Training loss per epoch", "epoch", "cross-entropy", width=420, height=380,
                                y_log=True, css_class="cl-loss")
        self.loss_chart.lines("loss", self.colors[name], width=2)
        self.boundary_chart = Chart("P(class 1): red above ½, blue below", "x₁", "x₂", width=420, height=380,
                                    x_range=(x_lo, x_hi), y_range=(y_lo, y_hi), css_class="cl-boundary")
        self.boundary_chart.heatmap("probability", gx, gy, colors=style.PROBABILITY_COLORS)
        self.boundary_chart.figure.legend_location = "top-left"  # where two moons leave room
        for c, color in enumerate(style.CLASS_COLORS):
            self.boundary_chart.points(f"class {c}", color, size=30, stroke="white", label=f"class {c}")
            self.boundary_chart.set(f"class {c}", self.X[self.y == c, 0], self.X[self.y == c, 1])
        n = len(self.X)
        controls = {
            "optimizer": picker("optimizer", self.choices, name),
            "schedule": picker("schedule", SCHEDULES, "constant"),
            "lr": log_slider("lr", "peak learning rate η", lr, 1e-3, 3.0, continuous=False),
            "epochs": int_slider("epochs", "epochs", epochs, 1, 200, continuous=False),
            "batch_size": batch_slider(n, batch_size, (8, 16, 32, 64, 128)),
        }
        self.result = None
        super().__init__("cl-training-explorer", "Training explorer", controls, [self.loss_chart, self.boundary_chart])
        limit_epochs(self, n, 200, budget=3000)
        self.watch(self.optimizer, self.schedule, self.lr, self.epochs)

    def update(self):
        batch, epochs = self.batch_size.value, self.epochs.value
        lr = make_schedule(self.schedule.value, self.lr.value, epochs * math.ceil(len(self.X) / batch))
        # the loss once per epoch, not after every step: all the views show (and half the time of a run)
        self.result = r = models.fit(self.net, self.choices[self.optimizer.value].configured(lr), self.X, self.y,
                                     epochs=epochs, batch_size=batch, rng=self.seed, record_steps=False)
        self.loss_chart.set("loss", np.arange(len(r.loss_history)), r.loss_history,
                            colors=[self.colors[self.optimizer.value]])
        probability = self.net.predict_proba(r.params, self._grid).reshape(50, 50)
        self.boundary_chart.set_colors("probability", probability)
        accuracy = float(np.mean((self.net.predict_proba(r.params, self.X) > 0.5) == (self.y == 1)))
        loss = self.net.loss(r.params, self.X, self.y)  # of the weights shown, as the boundary is
        self.status.value = status_html(r.status, f"{self.optimizer.value}, {self.schedule.value}: loss "
                                                  f"{number(loss)}, training accuracy {accuracy:.0%}")


training_explorer = TrainingExplorer
"""The name notebooks call: ``widgets.training_explorer()``."""
