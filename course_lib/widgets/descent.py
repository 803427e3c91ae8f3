"""The descent explorer (notebooks 02, 03 and the demos): any optimizer on a 1-D objective, re-run as a slider moves.

CSS classes: ``cl-descent-explorer``; controls ``cl-optimizer``, ``cl-lr``, ``cl-x0``, ``cl-steps``,
``cl-play``, ``cl-frame``; views ``cl-landscape``, ``cl-values``; ``cl-status``.
"""

from __future__ import annotations

import numpy as np

from .. import objectives
from ..descent import run
from ..style import PATH
from ..windows import window_point, window_span
from .chart import Chart
from .explorer import (
    Explorer,
    Frames,
    check_objective,
    critical_or,
    int_slider,
    log_slider,
    optimizer_choices,
    picker,
    slider,
    steps_text,
    where_it_ends,
)
from .views import Landscape1D, status_html

__all__ = ["DescentExplorer", "descent_explorer"]


class DescentExplorer(Explorer):
    """Gradient descent (or any optimizer) on a 1-D objective, re-run live as the sliders move.

    Controls: the optimizer, the learning rate η (log slider from 1/200 of the critical rate
    2/f″ to twice it, so divergence can be seen; adaptive methods get a range in x units), the
    start x₀ (across the objective's window), the number of steps (0–200), and Play with a step
    slider that rolls the ball along the path. Views: the curve with the path, and f(x_k) per
    step; the status line gives the run's status and final point.

    Args:
        objective: a 1-D objective, e.g. ``objectives.square`` or ``objectives.double_dip``.
        optimizer: a name from ``optimizers.ALL``, or an Optimizer class.
        lr: the starting learning rate (default: a quarter of the critical rate).
        x0: the starting point (default: 90% of the way across the window).
        steps: the starting number of steps.

    Attributes: ``.trajectory`` is the last run; ``.optimizer``, ``.lr``, ``.x0``, ``.steps``,
    ``.play``, ``.frame`` are the controls.
    """

    def __init__(self, objective=objectives.double_dip, *, optimizer="GradientDescent", lr: float | None = None,
                 x0: float | None = None, steps: int = 30):
        check_objective(objective, (1,), "descent_explorer")
        self.choices, name = optimizer_choices("optimizer", optimizer, one=True)
        self.objective = objective
        critical, span = critical_or(objective), window_span(objective.window)
        self._lr_ranges = {False: (critical / 200, 2 * critical, critical / 4),
                           True: (span / 2000, span / 5, span / 50)}
        low, high, default = self._lr_ranges[self.choices[name].adaptive]
        lo, hi = objective.window
        self.landscape = Landscape1D(objective)
        self.values_chart = Chart("Value at every step", "step k", "f(x_k)", width=380, height=320,
                                  css_class="cl-values")
        self.values_chart.lines("values", PATH, width=2, marker="circle")
        controls = {
            "optimizer": picker("optimizer", self.choices, name),
            "lr": log_slider("lr", "learning rate η", default if lr is None else lr, low, high),
            "x0": slider("x0", "start x₀", window_point(objective.window, 0.9) if x0 is None else x0, lo, hi,
                         (hi - lo) / 200),
            "steps": int_slider("steps", "steps", steps, 0, 200),
        }
        self.trajectory = None
        frames = Frames(self.guard(self._show_frame))
        super().__init__("cl-descent-explorer", "Descent explorer", controls,
                         [self.landscape.chart, self.values_chart], frames)
        self.optimizer.observe(self.guard(self._rescale_lr), names="value")
        self.watch(self.optimizer, self.lr, self.x0, self.steps)

    def _rescale_lr(self, change):
        """Adaptive methods' first step does not depend on the gradient's size: a learning-rate range in x units."""
        adaptive = self.choices[change["new"]].adaptive
        if self.choices[change["old"]].adaptive != adaptive:
            with self.quiet:  # the optimizer's own change re-runs, once
                self.lr.retarget(self._lr_ranges[adaptive][2], *self._lr_ranges[adaptive][:2])

    def update(self):
        optimizer = self.choices[self.optimizer.value].configured(self.lr.value)
        self.trajectory = t = run(self.objective, optimizer, self.x0.value, self.steps.value)
        self.values_chart.set("values", np.arange(len(t.values)), t.values)
        self.frames.reset(len(t.positions))
        steps = self.steps.value
        when = "at the start" if steps == 0 else f"after {steps_text(len(t.positions) - 1)}"
        self.status.value = status_html(t.status, f"{when}: {where_it_ends(t, self.objective.window, steps)}")

    def _show_frame(self, k: int):
        t = self.trajectory
        self.landscape.show_path(t.positions, t.values, upto=k)


descent_explorer = DescentExplorer
"""The name notebooks call: ``widgets.descent_explorer(objectives.square, lr=0.1)``."""
