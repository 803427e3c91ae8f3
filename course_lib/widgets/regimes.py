"""The regime explorer (notebook 03): plain gradient descent at any learning rate, and the regime it lands in.

CSS classes: ``cl-regime-explorer``; controls ``cl-lr``, ``cl-steps``; views ``cl-landscape`` (1-D) or
``cl-contours`` (2-D), ``cl-regime-map``; ``cl-status``.
"""

from __future__ import annotations

import numpy as np

from .. import _checks, objectives
from ..descent import STATUSES, contraction_factor, run
from ..optimizers import GradientDescent
from ..style import INK, PATH, number, status_color, status_marker
from .chart import Chart
from .explorer import (
    Explorer,
    check_objective,
    critical_or,
    critical_rate,
    int_slider,
    slider,
    steps_text,
    where_it_ends,
)
from .views import Contours2D, Landscape1D, status_html

__all__ = ["RegimeExplorer", "regime_explorer"]


class RegimeExplorer(Explorer):
    """Plain gradient descent at any learning rate, and the regime it lands in (notebook 03).

    Controls: the learning rate η (from 1/100 of the critical rate 2/f″ to 1.6 times it, in
    steps of 1/200 of it, so that 1/f″ and 2/f″ are on the slider) and the number of steps.
    Views: the run on the curve (1-D) or on the contours (2-D, e.g. the (w, b) plane of
    ``models.linear_regression_objective``), and a regime map: the status of ``sweep`` rates
    across the slider's range after the same number of steps (a colour and a legend entry for
    every status of :data:`course_lib.descent.STATUSES`), dashed lines at 1/f″ and 2/f″, and the
    current η. The status badge names the regime and the contraction factor |1 − η·f″| (largest
    over the Hessian's directions in 2-D).

    Args:
        objective: a 1-D or 2-D objective with a minimum (default x² − 4x + 5).
        x0: the start (default: the objective's :attr:`~course_lib.objectives.Objective.start`, 10% inside its
            window's lower end unless it names another).
        steps, lr: the starting slider values (lr default: a quarter of the critical rate).
        sweep: how many learning rates the regime map shows.
        axis_labels: names of the two parameters of a 2-D objective, e.g. ``("w", "b")``.

    Attributes: ``.trajectory`` is the run at the slider's η, ``.sweep`` the map's runs.
    """

    def __init__(self, objective=objectives.shifted_parabola, *, x0=None, steps: int = 20, lr: float | None = None,
                 sweep: int = 120, axis_labels: tuple[str, str] | None = None):
        check_objective(objective, (1, 2), "regime_explorer")
        self.objective = objective
        # 2/f″ at the minimum, or None: no minimum, or f″ is zero or undefined there (|x|, x⁴, eˣ), and then
        # the slider spans a fallback range and nothing is said or drawn about 1/f″ and 2/f″
        self.critical = critical_rate(objective)
        scale = critical_or(objective)
        low, high = scale / 100, 1.6 * scale
        self._x0 = objective.check_points(objective.start if x0 is None else x0, "x0")
        if self._x0.shape != (() if objective.dim == 1 else (2,)):
            raise ValueError(f"x0 must be one start of {objective.name}, got {x0!r}")
        self._rates = np.linspace(low, high, _checks.integer("sweep", sweep, low=2, high=2000))
        if axis_labels is not None and not (isinstance(axis_labels, (tuple, list)) and len(axis_labels) == 2
                                            and all(isinstance(a, str) for a in axis_labels)):
            raise ValueError(f"axis_labels must be two texts, such as ('w', 'b'), got {axis_labels!r}")
        if objective.dim == 1:
            self.view = Landscape1D(objective)
        else:
            xlabel, ylabel = axis_labels or ("x₁", "x₂")
            self.view = Contours2D(objective, xlabel=xlabel, ylabel=ylabel)
            self.view.add_run("path", PATH)
        self.map_chart = Chart("Status after the same number of steps, per η", "learning rate η", "", width=440,
                               height=240, x_range=(low, high), y_range=(-2.6, 1.2), css_class="cl-regime-map")
        self.map_chart.y_axis.visible = False
        self.map_chart.figure.legend_location = "bottom"
        for status in STATUSES:
            self.map_chart.points(f"status:{status}", status_color(status), size=70, marker=status_marker(status),
                                  stroke=None, label=status)
        self.map_chart.lines("rates", INK, width=1, style="dashed")
        self.map_chart.texts("rate names", size=12, align="middle")
        if self.critical is not None:
            self.map_chart.set("rates", [[self.critical / 2] * 2, [self.critical] * 2], [[-0.5, 0.6]] * 2)
            self.map_chart.set("rate names", [self.critical / 2, self.critical], [0.75, 0.75], text=["1/f″", "2/f″"])
        self.map_chart.lines("lr", PATH, width=3)
        controls = {
            # steps of 2/f″ ÷ 200 from a quarter of it: 1/f″ and 2/f″ themselves are on the slider
            "lr": slider("lr", "learning rate η", scale / 4 if lr is None else lr, low, high, scale / 200,
                         allowed={"low": 0, "low_open": True}),
            "steps": int_slider("steps", "steps", steps, 1, 100),
        }
        self.trajectory = None
        self.sweep = None
        super().__init__("cl-regime-explorer", "Learning-rate regimes", controls, [self.view.chart, self.map_chart])
        self.watch(self.lr, self.steps)

    def _draw_map(self, steps: int):
        """Run every rate of the sweep at once (one start per rate) and colour the map by status."""
        starts = np.broadcast_to(self._x0, (len(self._rates), *self._x0.shape)).copy()
        rates = self._rates if self.objective.dim == 1 else self._rates[:, None]
        self.sweep = run(self.objective, GradientDescent(lr=rates), starts, steps)
        status = np.asarray(self.sweep.status)
        for name in STATUSES:
            chosen = self._rates[status == name]
            self.map_chart.set(f"status:{name}", chosen, np.zeros(len(chosen)))

    def update(self):
        lr, steps = self.lr.value, self.steps.value
        if self.sweep is None or len(self.sweep.positions) != steps + 1:
            self._draw_map(steps)
        self.trajectory = t = run(self.objective, GradientDescent(lr=lr), self._x0, steps)
        if isinstance(self.view, Landscape1D):
            self.view.show_path(t.positions, t.values)
        else:
            self.view.show_run("path", t.positions)
        self.map_chart.set("lr", [lr, lr], [-0.5, 0.6])
        ends = where_it_ends(t, self.objective.window, steps)
        text = f"η = {number(lr)}, after {steps_text(len(t.positions) - 1)}: {ends}"
        if self.critical is None:
            text += "; f″ at the minimum is zero or undefined (or f has no minimum): no 1/f″ or 2/f″ to compare η with"
        else:
            text += (f"; near the minimum each step multiplies the distance to it by |1 − η·f″| = "
                     f"{number(contraction_factor(self.objective, lr))} (2/f″ = {number(self.critical)})")
        self.status.value = status_html(t.status, text)


regime_explorer = RegimeExplorer
"""The name notebooks call: ``widgets.regime_explorer(objectives.shifted_parabola, x0=0.0)``."""
