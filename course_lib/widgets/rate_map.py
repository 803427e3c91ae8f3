"""The momentum rate map (notebook 07): momentum's rate per step over (η, μ), with the run at the marker beside it.

After Distill's "Why Momentum Really Works": the map colours every (η, μ) by the rate computed
from the quadratic's curvatures (:func:`course_lib.spectral.momentum_rate`); the sliders move a
marker over it and re-run Momentum (or Nesterov) from the start, whose path is drawn on the
contours. The map is computed once per form (heavy ball, Nesterov): a slider moves only the
marker and the path.

CSS classes: ``cl-rate-map-explorer``; controls ``cl-lr``, ``cl-momentum``, ``cl-form``,
``cl-steps``; views ``cl-rate-map``, ``cl-contours``; ``cl-status``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import _checks, objectives, spectral
from ..descent import run
from ..optimizers import Momentum, Nesterov
from ..style import RATE_COLORS, optimizer_color, point
from .chart import Chart
from .explorer import WIDE, Explorer, check_objective, int_slider, log_slider, slider, steps_text
from .views import Contours2D, status_html

__all__ = ["MomentumRateMap", "momentum_rate_map"]

FORMS = {"heavy ball": Momentum, "Nesterov": Nesterov}


def _curvatures(objective) -> np.ndarray:
    """The Hessian's eigenvalues, the same at every point of the window; ValueError unless f is a quadratic bowl."""
    (x_lo, x_hi), (y_lo, y_hi) = objective.window
    corners = np.array([[x_lo, y_lo], [x_hi, y_hi], [0.0, 0.0]])
    hessians = None if objective.hessian is None else objective.hessian(corners)
    if hessians is None or not np.allclose(hessians, hessians[0]):
        raise ValueError(f"momentum_rate_map needs a quadratic objective (one Hessian everywhere), got {objective!r}")
    curvatures = np.linalg.eigvalsh(hessians[0])
    if curvatures.min() <= 0:
        raise ValueError(f"momentum_rate_map needs a bowl (positive curvatures), got {curvatures.tolist()}")
    return curvatures


class MomentumRateMap(Explorer):
    """Momentum's rate per step over (η, μ) on a quadratic bowl, and the run at the chosen (η, μ).

    Controls: η (log slider up to the stability bound 2(1 + μ)/λmax at μ = 0.99), μ (0 to 0.99),
    the form (heavy ball or Nesterov, each with its own map) and the number of steps. Views: the
    rate map (η on a log axis, μ upwards) with a marker at the sliders' (η, μ) and a diamond at
    the optimum (η*, μ*) of :func:`course_lib.spectral.optimal_momentum`; the path on the
    contours. The status line gives the computed rate, the rate the run achieved, and its status.

    Args:
        objective: a 2-D quadratic bowl (default: the κ = 20 bowl).
        lr, momentum: the starting (η, μ) (default: 0.0316 and 0.9, notebook 07's race).
        x0: the start (default: the objective's own start).
        steps: the starting number of steps.
        resolution: the map's cells along each axis.

    Attributes: ``.trajectory`` is the last run; ``.rate`` its computed rate; ``.rates`` the
    maps, by form (μ along rows, η along columns).
    """

    def __init__(self, objective=objectives.ill_conditioned_bowl, *, lr: float = 0.0316, momentum: float = 0.9,
                 x0=None, steps: int = 100, resolution: int = 80):
        check_objective(objective, (2,), "momentum_rate_map")
        resolution = _checks.integer("resolution", resolution, low=2, high=400)
        self.curvatures = _curvatures(objective)
        self.objective = objective
        self._x0 = objective.start if x0 is None else objective.check_points(x0, "x0")
        top = spectral.momentum_critical_lr(self.curvatures, 0.99)
        self.lr_grid = np.geomspace(top / 3000, top, resolution)
        self.momentum_grid = np.linspace(0.0, 0.99, resolution)
        self.rates = {form: spectral.momentum_rate(self.lr_grid[None, :], self.momentum_grid[:, None],
                                                   self.curvatures, nesterov=cls is Nesterov)
                      for form, cls in FORMS.items()}
        self.best = spectral.optimal_momentum(self.curvatures)
        self.low = max(self.best.rate - 0.1, 0.0)
        self.map = Chart("Rate per step (darker: faster)", "learning rate η", "momentum μ", width=440, height=400,
                         x_log=True, x_range=(self.lr_grid[0], top), y_range=(0.0, 0.99), css_class="cl-rate-map")
        self.map.heatmap("rates", self.lr_grid, self.momentum_grid, colors=RATE_COLORS, value_range=(self.low, 1.0))
        self.map.points("optimum", "gold", size=120, marker="diamond")
        self.map.points("marker", "white", size=110, marker="circle")
        self.map.set("optimum", [self.best.lr], [self.best.momentum])
        self.view = Contours2D(objective, width=440, height=400)
        self.view.add_run("run", optimizer_color(Momentum))
        controls = {
            "lr": log_slider("lr", "learning rate η", lr, self.lr_grid[0], top, continuous=False),
            "momentum": slider("momentum", "momentum μ", momentum, 0.0, 0.99, 0.01, continuous=False),
            "form": widgets.RadioButtons(options=list(FORMS), value="heavy ball", description="form", style=WIDE),
            "steps": int_slider("steps", "steps", steps, 1, 400, continuous=False),
        }
        self.trajectory, self.rate, self._form = None, None, None
        super().__init__("cl-rate-map-explorer", "Momentum rate map", controls, [self.map, self.view.chart])
        self.watch(self.lr, self.momentum, self.form, self.steps)

    def update(self):
        form, eta, mu = self.form.value, self.lr.value, self.momentum.value
        if form != self._form:  # the map of this form, computed once in __init__
            self.map.set_colors("rates", np.clip(self.rates[form], self.low, 1.0))
            self._form = form
        self.map.set("marker", [eta], [mu])
        optimizer = FORMS[form].configured(eta, momentum=mu)  # Nesterov at μ = 0: plain descent
        self.trajectory = t = run(self.objective, optimizer, self._x0, self.steps.value)
        self.view.show_run("run", t.positions)
        self.rate = float(spectral.momentum_rate(eta, mu, self.curvatures, nesterov=form == "Nesterov"))
        computed = (f"computed rate {self.rate:.4f} per step" if self.rate < 1
                    else f"computed rate {self.rate:.4f}: no convergence")
        self.status.value = status_html(t.status, f"η = {eta:.3g}, μ = {mu:.2f}: {computed}; after "
                                                  f"{steps_text(len(t.positions) - 1)} at {point(t.positions[-1])}"
                                                  f" (optimum: η* = {self.best.lr:.3g}, μ* = {self.best.momentum:.2f},"
                                                  f" rate {self.best.rate:.4f})")


momentum_rate_map = MomentumRateMap
"""The name notebooks call: ``widgets.momentum_rate_map(objectives.ill_conditioned_bowl)``."""
