"""The basin explorer (notebook 05): which minimum a start rolls into, with and without momentum.

CSS classes: ``cl-basin-explorer``; controls ``cl-x0``, ``cl-momentum``, ``cl-play``, ``cl-frame``; views
``cl-landscape``, ``cl-basin-map``; ``cl-status``.
"""

from __future__ import annotations

import numpy as np

from .. import _checks, objectives, style
from ..analysis import which_minimum
from ..descent import DIVERGED, run
from ..optimizers import GradientDescent, Momentum
from ..plots.regimes import minimum_label
from ..style import number
from ..windows import window_point
from .chart import Chart
from .explorer import Explorer, Frames, check_objective, slider
from .views import Landscape1D, status_html

__all__ = ["BasinExplorer", "basin_explorer"]


class BasinExplorer(Explorer):
    """Which minimum a start rolls into, with and without momentum (notebook 05).

    Controls: the start x₀ and the momentum μ (0 = plain gradient descent), plus Play/step to
    watch the ball roll. Views: the curve with the run from x₀, and a basin map: for ``starts``
    starts across the window, the minimum each one ends in, for plain descent (bottom row) and
    for momentum μ (top row), with a line at x₀. Sliders recompute when released.

    Args:
        objective: a 1-D objective with several minima (default x⁴ − 8x² + x).
        x0, momentum: the starting slider values (x0 default: near the right edge).
        lr, steps: the learning rate and number of steps of every run.
        starts: how many starts the basin map uses.

    Attributes: ``.trajectory`` is the run from x₀, ``.basins`` the map (one
    :func:`course_lib.analysis.which_minimum` array per row).
    """

    def __init__(self, objective=objectives.double_dip, *, x0: float | None = None, momentum: float = 0.0,
                 lr: float = 0.01, steps: int = 200, starts: int = 161):
        check_objective(objective, (1,), "basin_explorer")
        self.objective = objective
        self._lr = _checks.number("lr", lr, low=0, low_open=True)
        self._steps = _checks.integer("steps", steps, low=1, high=2000)
        lo, hi = objective.window
        self._starts = np.linspace(lo, hi, _checks.integer("starts", starts, low=2, high=2000))
        self._labels = [minimum_label(objective, i) for i in range(len(objective.minima))]
        self.landscape = Landscape1D(objective)
        self.basin_chart = Chart("Where each start ends", "start x₀", "", width=460, height=240, x_range=(lo, hi),
                                 y_range=(-2.4, 1.7), css_class="cl-basin-map")
        self.basin_chart.y_axis.visible = False
        self.basin_chart.figure.legend_location = "bottom-left"
        colors = [*style.BASIN_COLORS[: len(self._labels)], style.NOT_SETTLED]
        for i, color in enumerate(colors):
            label = self._labels[i] if i < len(self._labels) else "diverged or not settled"
            self.basin_chart.points(f"basin:{i}", color, size=36, marker="square", stroke=None, label=label)
        self.basin_chart.lines("x0", style.INK, width=2)
        self.basin_chart.texts("rows")
        controls = {
            "x0": slider("x0", "start x₀", window_point(objective.window, 0.95) if x0 is None else x0, lo, hi,
                         (hi - lo) / 200, continuous=False),
            "momentum": slider("momentum", "momentum μ", momentum, 0.0, 0.99, 0.01, continuous=False,
                               allowed={"low": 0, "high": 1, "high_open": True}),
        }
        self.trajectory = None
        self.basins: dict = {}
        self._map_momentum = None
        # the plain-descent row of the map depends on no control: computed once
        self._plain = which_minimum(run(objective, self._optimizer(0.0), self._starts, self._steps))
        frames = Frames(self.guard(self._show_frame))
        super().__init__("cl-basin-explorer", "Basin explorer", controls, [self.landscape.chart, self.basin_chart],
                         frames)
        self.watch(self.x0, self.momentum)

    def _optimizer(self, momentum: float):
        return Momentum(lr=self._lr, momentum=momentum) if momentum > 0 else GradientDescent(lr=self._lr)

    def _draw_map(self, mu: float):
        """The basin map for plain descent (row 0) and momentum μ (row 1): the minimum each start reaches."""
        self.basins = {
            "plain": self._plain,
            f"μ = {number(mu)}": which_minimum(run(self.objective, self._optimizer(mu), self._starts, self._steps)),
        }
        rows = list(self.basins.values())
        for i in range(len(self._labels) + 1):
            code = i if i < len(self._labels) else -1
            xs = np.concatenate([self._starts[row == code] for row in rows])
            ys = np.concatenate([np.full(np.sum(row == code), float(r)) for r, row in enumerate(rows)])
            self.basin_chart.set(f"basin:{i}", xs, ys)
        lo, _ = self.objective.window
        self.basin_chart.set("rows", [lo, lo], [0.3, 1.3], text=list(self.basins))
        self._map_momentum = mu

    def update(self):
        mu = self.momentum.value
        self.trajectory = t = run(self.objective, self._optimizer(mu), self.x0.value, self._steps)
        if self._map_momentum != mu:
            self._draw_map(mu)
        self.basin_chart.set("x0", [self.x0.value] * 2, [-0.4, 1.6])
        self.frames.reset(len(t.positions))
        ends = int(which_minimum(t))
        where = (f"the {self._labels[ends]}" if ends >= 0
                 else "nowhere: it diverged" if t.status == DIVERGED else "no minimum yet")
        self.status.value = status_html(t.status, f"from x₀ = {number(self.x0.value)} with μ = {number(mu)}: ends at "
                                                  f"x = {number(t.positions[-1])}, {where}")

    def _show_frame(self, k: int):
        t = self.trajectory
        self.landscape.show_path(t.positions, t.values, upto=k)


basin_explorer = BasinExplorer
"""The name notebooks call: ``widgets.basin_explorer(objectives.double_dip, x0=3.0)``."""
