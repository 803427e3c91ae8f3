"""The optimizer race (notebook 09): several optimizers from one start on a 2-D objective's contours.

CSS classes: ``cl-optimizer-race``; controls ``cl-objective-name``, ``cl-optimizers``, ``cl-lr``,
``cl-adaptive-lr``, ``cl-momentum``, ``cl-beta1``, ``cl-beta2``, ``cl-steps``, ``cl-arrows``, ``cl-play``,
``cl-frame``; legend ``cl-key``; views ``cl-contours``, ``cl-values``; ``cl-status``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import objectives
from .._ui import css
from ..analysis import state_vectors, step_size_crosses, value_gap
from ..style import number, optimizer_looks, point
from ..windows import window_span
from .chart import Chart
from .explorer import (
    WIDE,
    Explorer,
    Frames,
    check_objective,
    critical_or,
    int_slider,
    log_slider,
    optimizer_choices,
    optimizer_picker,
    picker,
    slider,
)
from .views import Contours2D, key_html, runs_table

__all__ = ["OptimizerRace", "optimizer_race"]


class OptimizerRace(Explorer):
    """Several optimizers from one start on a 2-D objective's contours, side by side (notebook 09).

    Controls: the objective (the course's 2-D objectives), which optimizers race, the learning
    rate of the plain methods (a range around the critical rate 2/f″) and of the adaptive ones
    (in x units: their first step's length does not depend on the gradient; each class says which it is),
    the momentum μ and β₁, β₂: each optimizer takes those of them that are among its class's ``hyperparameters``
    (μ for Momentum and Nesterov, β₁ and β₂ for Adam and AdamW; the others, such as RMSProp's α,
    keep their defaults). Then the number of steps, state arrows (the velocity's push, or the
    per-coordinate step size as crosses: a flat cross takes longer steps along x₁), and
    Play/step to watch the race unfold. Sliders recompute when released. The status table gives
    each run's status and final point.

    Args:
        objective: a 2-D objective (default Rosenbrock).
        optimizers: names from ``optimizers.ALL``, or Optimizer classes (which join the picker).
        x0: the common start (default: the objective's own :attr:`~course_lib.objectives.Objective.start`).
        steps: the starting number of steps.

    Attributes: ``.trajectories`` maps each racing optimizer to its run.
    """

    def __init__(self, objective=objectives.rosenbrock, optimizers=("GradientDescent", "Momentum", "Adam"), *,
                 x0=None, steps: int = 150):
        check_objective(objective, (2,), "optimizer_race")
        self.choices, picked = optimizer_choices("optimizers", optimizers)
        if not picked:
            raise ValueError(f"optimizers must be names from {list(self.choices)} or Optimizer classes, "
                             f"got {optimizers!r}")
        self.objective = objective
        self._x0 = None if x0 is None else objective.check_points(x0, "x0")
        if self._x0 is not None and self._x0.shape != (2,):
            raise ValueError(f"x0 must be one start (x₁, x₂), got {x0!r}")
        self._objectives = {**{n: o for n, o in objectives.ALL.items() if o.dim == 2}, objective.name: objective}
        self.view = Contours2D(objective, width=480, height=420)
        self.values_chart = Chart("Distance to the lowest value", "step k", "f(x_k) − f*", width=420, height=420,
                                  y_log=True, css_class="cl-values")
        self.looks = optimizer_looks(self.choices)
        for name, look in self.looks.items():
            self.view.add_run(name, look.color, line_style=look.line_style, marker=look.marker)
            self.values_chart.lines(name, look.color, width=2, style=look.line_style)
        self.key = css(widgets.HTML(), "cl-key")  # the legend, beside the plots rather than over the contours

        def which(applies) -> str:
            return ", ".join(name for name, cls in self.choices.items() if applies(cls))

        tuned_by = {name: which(lambda cls, name=name: name in cls.hyperparameters) for name in ("momentum", "betas")}
        controls = {
            "objective_name": picker("objective", self._objectives, objective.name),
            "optimizers": optimizer_picker(self.choices, picked),
            "lr": log_slider("lr", "η plain methods", 0.01, 1e-4, 1.0, continuous=False,
                             tooltip=f"learning rate of {which(lambda cls: not cls.adaptive)}"),
            "adaptive_lr": log_slider("lr", "η adaptive methods", 0.01, 1e-4, 1.0, continuous=False,
                                      tooltip=f"learning rate of {which(lambda cls: cls.adaptive)}"),
            "momentum": slider("momentum", f"μ ({tuned_by['momentum']})", 0.9, 0.0, 0.99, 0.01, continuous=False),
            "beta1": slider("beta1", f"β₁ ({tuned_by['betas']})", 0.9, 0.0, 0.99, 0.01, continuous=False),
            "beta2": slider("beta2", f"β₂ ({tuned_by['betas']})", 0.999, 0.5, 0.9999, 0.0001, continuous=False),
            "steps": int_slider("steps", "steps", steps, 1, 500, continuous=False),
            "arrows": widgets.RadioButtons(options=["none", "velocity", "step size"], value="none",
                                           description="state arrows", style=WIDE),
        }
        self.trajectories: dict = {}
        self._arrows: dict = {}
        frames = Frames(self.guard(self._show_frame))
        super().__init__("cl-optimizer-race", "Optimizer race", controls, [self.view.chart, self.values_chart],
                         frames, below=[self.key])
        self._set_lr_ranges()
        self.objective_name.observe(self.guard(self._change_objective), names="value")
        # the runs record their state, so other arrows need no rerun: only the frame is redrawn
        self.arrows.observe(self.guard(lambda _: self._show_arrows()), names="value")
        self.watch(self.optimizers, self.lr, self.adaptive_lr, self.momentum, self.beta1, self.beta2, self.steps)

    def _set_lr_ranges(self):
        """Plain methods: around the critical rate 2/f″; adaptive ones: in x units (their first steps are ≈ η long)."""
        critical = critical_or(self.objective)
        span = window_span(self.objective.window)
        self.lr.retarget(critical / 2, critical / 300, 1.5 * critical)
        self.adaptive_lr.retarget(span / 50, span / 5000, span / 5)

    def _change_objective(self, change):
        self.objective = self._objectives[change["new"]]
        self._x0 = None
        self.view.show_objective(self.objective)
        with self.quiet:  # two new ranges, one update
            self._set_lr_ranges()
        self.update()

    def update(self):
        x0 = self.objective.start if self._x0 is None else self._x0
        settings = {"momentum": self.momentum.value, "betas": (self.beta1.value, self.beta2.value)}
        self.trajectories = {}
        for name in self.optimizers.value:
            cls = self.choices[name]
            optimizer = cls.configured(self.adaptive_lr.value if cls.adaptive else self.lr.value, **settings)
            self.trajectories[name] = self.cached_run(name, self.objective, optimizer, x0, self.steps.value,
                                                      record_state=True)
        self._arrows = self._state_arrows()
        has_best = bool(self.objective.global_minima)
        with self.values_chart.batch():
            for name in self.choices:
                t = self.trajectories.get(name)
                if t is None or not has_best:
                    self.values_chart.clear(name)
                else:
                    self.values_chart.set(name, np.arange(len(t.values)), value_gap(self.objective, t.values))
        self.key.value = key_html((name, self.looks[name]) for name in self.trajectories)
        self.values_chart.figure.title = ("Distance to the lowest value" if has_best
                                          else "f has no lowest value: no distance to show")
        self.frames.reset(self.steps.value + 1)
        self.status.value = runs_table(
            (name, self.looks[name], t.status, [f"x = {point(t.positions[-1])}", f"f = {number(t.values[-1])}"])
            for name, t in self.trajectories.items()
        ) if self.trajectories else "pick an optimizer"

    def _state_arrows(self) -> dict:
        """Per run, the points and vectors of the state the arrows control asks for ({} for none)."""
        kind = {"velocity": "velocity", "step size": "step_size"}.get(self.arrows.value)
        return {name: state_vectors(t, kind) for name, t in self.trajectories.items()} if kind else {}

    def _show_arrows(self):
        self._arrows = self._state_arrows()
        self._show_frame(self.frame.value)

    def _show_frame(self, k: int):
        with self.view.batch():
            for name in self.choices:
                t = self.trajectories.get(name)
                self.view.show_run(name, None if t is None else t.positions, upto=k)
        starts, ends = [np.zeros((0, 2))], [np.zeros((0, 2))]
        for points, vectors in self._arrows.values():
            # state_vectors row j belongs to step j + 1: show the steps up to k, a dozen at most
            shown = slice(0, min(k, len(points)), max(1, k // 12))
            if self.arrows.value == "velocity":
                starts.append(points[shown])
                ends.append(points[shown] + vectors[shown])
            else:
                a, b = step_size_crosses(points[shown], vectors[shown], self.objective.window)
                starts.append(a)
                ends.append(b)
        self.view.show_segments(np.concatenate(starts), np.concatenate(ends))


optimizer_race = OptimizerRace
"""The name notebooks call: ``widgets.optimizer_race(objectives.rosenbrock, ["GradientDescent", "Adam"])``."""
