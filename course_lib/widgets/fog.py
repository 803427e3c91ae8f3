"""The foggy valley (notebook 01): see only the ground near the hiker, and take one step at a time.

CSS classes: ``cl-fog-explorer``; controls ``cl-lr``, ``cl-x0``, ``cl-reveal``, buttons ``cl-step-button``,
``cl-reset``; view ``cl-landscape``; ``cl-status``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import _checks, objectives, style
from .._ui import css
from ..descent import DIVERGED, run
from ..optimizers import GradientDescent
from ..style import INK, PATH, number
from ..windows import padded_range, window_point, window_span
from .chart import Chart
from .explorer import Explorer, check_objective, critical_or, log_slider, slider, steps_text
from .views import status_html

__all__ = ["FogExplorer", "fog_explorer"]


class FogExplorer(Explorer):
    """The foggy valley of notebook 01: see only the ground near the hiker, step by step.

    "Feel the slope and step" takes one gradient-descent step x ← x − η·f′(x) from where the
    hiker stands; "Reveal the valley" lifts the fog; "Start over" (or moving x₀ or η) goes back
    to the start.

    Args:
        objective: a 1-D objective.
        x0: where the hiker starts (default: 85% of the way across the window).
        lr: the step size η.
        visibility: how far the hiker sees to each side, in x units.

    Attributes: ``.trajectory`` is the walk so far (a run of ``.steps_taken`` steps);
    ``.step_button``, ``.reset_button``, ``.reveal``, ``.x0``, ``.lr`` are the controls.
    """

    def __init__(self, objective=objectives.double_dip, *, x0: float | None = None, lr: float = 0.02,
                 visibility: float = 0.6):
        check_objective(objective, (1,), "fog_explorer")
        self.visibility = _checks.number("visibility", visibility, low=0, low_open=True,
                                         high=100 * window_span(objective.window))
        self.objective = objective
        lo, hi = objective.window
        self._xs, self._fx = objective.grid(300)  # the whole valley, drawn when revealed
        self._y = padded_range(self._fx)
        self.chart = Chart("In the fog: only the ground nearby is visible", "x (where the hiker stands)",
                           "height f(x)", width=640, height=340, x_range=(lo, hi), y_range=self._y,
                           css_class="cl-landscape")
        self.chart.lines("valley", style.VALLEY, width=1.5, style="dashed")
        self.chart.lines("fog", style.FOG, width=0, fill="inside", fill_opacity=0.95)
        self.chart.lines("visible", INK, width=3)
        self.chart.lines("slope", PATH, width=2, style="dashed", opacity=0.8)
        self.chart.lines("next step", PATH, width=3)
        self.chart.points("footprints", style.FOOTPRINTS, size=50, stroke=None)
        self.chart.points("hiker", PATH, size=160)
        self.step_button = css(widgets.Button(description="Feel the slope and step", button_style="primary",
                                              layout=widgets.Layout(width="220px")), "cl-step-button")
        self.reset_button = css(widgets.Button(description="Start over", icon="undo"), "cl-reset")
        critical = critical_or(objective)
        controls = {
            "x0": slider("x0", "start x₀", window_point(objective.window, 0.85) if x0 is None else x0, lo, hi,
                         (hi - lo) / 200),
            "lr": log_slider("lr", "step size η", lr, critical / 100, 2 * critical),
            "reveal": widgets.ToggleButton(value=False, description="Reveal the valley", icon="eye",
                                           layout=widgets.Layout(width="200px")),
        }
        super().__init__("cl-fog-explorer", "Foggy valley", controls, [self.chart],
                         below=[widgets.HBox([self.step_button, self.reset_button])])
        self.steps_taken = 0
        self.trajectory = None
        self.step_button.on_click(self.guard(lambda _: self.take_step()))
        self.reset_button.on_click(self.guard(lambda _: self.start_over()))
        for control in (self.x0, self.lr):
            control.observe(self.guard(lambda _: self.start_over()), names="value")
        self.watch(self.reveal)

    def take_step(self):
        """Feel the slope where the hiker stands and take one step downhill: x ← x − η·f′(x)."""
        self.steps_taken += 1
        self.update()

    def start_over(self):
        self.steps_taken = 0
        self.update()

    def update(self):
        # The walk so far is one recorded run: x0, then steps_taken steps of plain gradient descent;
        # one step more shows where the next step would land.
        descent = GradientDescent(lr=self.lr.value)
        self.trajectory = t = run(self.objective, descent, self.x0.value, self.steps_taken)
        ahead = run(self.objective, descent, self.x0.value, self.steps_taken + 1)
        x, fx, slope = t.positions[-1], t.values[-1], t.gradients[-1]
        if len(ahead.positions) > len(t.positions):
            self.chart.set("next step", *self.chart.arrows([x, fx], [ahead.positions[-1], fx]))
        else:
            self.chart.clear("next step")
        lo, hi = self.objective.window
        left, right = float(np.clip(x - self.visibility, lo, hi)), float(np.clip(x + self.visibility, lo, hi))
        near = np.linspace(left, right, 80)
        self.chart.set("visible", near, self.objective.f(near))
        if self.reveal.value:
            self.chart.set("valley", self._xs, self._fx)
            self.chart.clear("fog")
        else:
            self.chart.clear("valley")
            # two bands, reaching past the axes' ends (the plot clips them), so no ground shows around them
            (y_lo, y_hi), beyond = self._y, hi - lo
            y_lo, y_hi = y_lo - (y_hi - y_lo), y_hi + (y_hi - y_lo)
            self.chart.set("fog", [[lo - beyond, left, left, lo - beyond], [right, hi + beyond, hi + beyond, right]],
                           [[y_lo, y_lo, y_hi, y_hi]] * 2)
        self.chart.figure.title = ("The valley revealed" if self.reveal.value
                                   else "In the fog: only the ground nearby is visible")
        tangent = np.array([x - self.visibility, x + self.visibility])
        self.chart.set("slope", tangent, fx + slope * (tangent - x))
        self.chart.set("footprints", t.positions[:-1], t.values[:-1])
        self.chart.set("hiker", [x], [fx])
        if t.status == DIVERGED:
            self.status.value = status_html(DIVERGED, "that step was so big the hiker left the map: start over "
                                                      "with a smaller η")
        else:
            step = -self.lr.value * slope
            # before the first step the run's status is "not started"
            when = "at the start" if self.steps_taken == 0 else f"after {steps_text(self.steps_taken)}"
            self.status.value = status_html(
                t.status, f"{when}: x = {number(x)}, height {number(fx)}, slope f′(x) = "
                          f"{number(slope)}; the next step (the arrow) moves x by −η·f′(x) = −{number(self.lr.value)}·"
                          f"({number(slope)}) = {'+' if step >= 0 else ''}{number(step)}")


fog_explorer = FogExplorer
"""The name notebooks call: ``widgets.fog_explorer(objectives.double_dip)``."""
