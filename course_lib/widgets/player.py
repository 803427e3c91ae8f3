"""The trajectory player (notebook 02): Play/Pause and a step slider through runs already recorded.

CSS classes: ``cl-trajectory-player``; controls ``cl-play``, ``cl-frame``; view ``cl-landscape`` (1-D) or
``cl-contours`` (2-D, with a legend ``cl-key``); ``cl-status``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .._ui import css
from ..plots.base import labelled_runs
from ..style import number, optimizer_look, point
from .explorer import Explorer, Frames
from .views import Contours2D, Landscape1D, key_html

__all__ = ["TrajectoryPlayer", "trajectory_player"]


class TrajectoryPlayer(Explorer):
    """Play back recorded runs: Play/Pause, and a step slider to scrub through them.

    Args:
        runs: a single-start Trajectory (1-D or 2-D), or a mapping ``label -> Trajectory`` of
            2-D runs on one objective (an optimizer race).
        interval_ms: time between frames while playing.

    Attributes: ``.play`` and ``.frame`` (the step slider) are the controls.
    """

    def __init__(self, runs, *, interval_ms: int = 120):
        self.runs = labelled_runs(runs)
        objective = self.runs[0][1].objective
        self.key = css(widgets.HTML(), "cl-key")  # the legend, beside the plot rather than over the paths
        self.paths = [t.path(i) for _, t, i in self.runs]
        self.values = [t.value_path(i) for _, t, i in self.runs]
        if objective.dim == 1:
            if len(self.runs) != 1:
                raise ValueError(f"runs must be one run with one start for a 1-D objective, got {len(self.runs)}")
            self.view = Landscape1D(objective)
        else:
            self.view = Contours2D(objective)
            used: set = set()
            entries = []
            for label, t, i in self.runs:
                look = optimizer_look(t.optimizer, used)
                self.view.add_run(label, look.color, line_style=look.line_style, marker=look.marker)
                entries.append((f"{label}: {t.status_of(i)}", look))
            self.key.value = key_html(entries)
        frames = Frames(self.guard(self._show_frame), interval_ms)
        super().__init__("cl-trajectory-player", "Trajectory player", {}, [self.view.chart], frames,
                         below=[self.key])
        self.frames.reset(max(len(p) for p in self.paths))

    def update(self):
        self._show_frame(self.frame.value)

    def _show_frame(self, k: int):
        if isinstance(self.view, Landscape1D):
            self.view.show_path(self.paths[0], self.values[0], upto=k)
        else:
            with self.view.batch():
                for (label, _, _), path in zip(self.runs, self.paths, strict=True):
                    self.view.show_run(label, path, upto=k)
        parts = []
        for (label, t, i), path, values in zip(self.runs, self.paths, self.values, strict=True):
            j = min(k, len(path) - 1)
            ended = f" ({t.status_of(i)})" if j == len(path) - 1 else ""
            parts.append(f"<b>{html.escape(label)}</b>: x = {point(path[j])}, f = {number(values[j])}{ended}")
        self.status.value = f"step {k}: " + "; ".join(parts)


trajectory_player = TrajectoryPlayer
"""The name notebooks call: ``widgets.trajectory_player(run(...))``."""
