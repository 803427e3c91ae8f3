"""A self-contained HTML player of recorded runs (:func:`animation_html`): plays in JupyterLab, Voilà and
nbviewer without a kernel, and shows the whole paths where JavaScript is stripped (GitHub)."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json

import numpy as np
from matplotlib.figure import Figure

from .. import _checks
from .alt import alt_text, image_html
from .base import labelled_runs
from .contours import contour_with_paths
from .curves import curve_with_trajectory
from .pictures import compact_png

__all__ = ["HTMLAnimation", "animation_html"]


class HTMLAnimation:
    """A self-contained HTML player (``.html``); Jupyter, Voilà and nbviewer display it.

    Made by :func:`animation_html`; ``animation.html`` is the page fragment (save it to a file to share it).
    """

    def __init__(self, html: str, frames: int):
        self.html = html
        self.frames = frames

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"HTMLAnimation({self.frames} frames)"  # not its size in bytes: that is the compressor's, not a fact


_ANIMATION_IDS = itertools.count(1)  # element ids stay unique when one run is shown twice


_PLAYER_JS = """
(function () {
  var root = document.getElementById("%(id)s");
  if (!root) return;
  var data = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  var dots = root.querySelectorAll("circle.cl-dot"), trails = root.querySelectorAll("polyline.cl-trail");
  var slider = root.querySelector("input"), label = root.querySelector(".cl-frame"),
      button = root.querySelector("button"), timer = null;
  function show(f) {
    data.runs.forEach(function (run, r) {
      var k = Math.min(f, run.length - 1);
      dots[r].setAttribute("cx", run[k][0]);
      dots[r].setAttribute("cy", run[k][1]);
      trails[r].setAttribute("points", run.slice(0, k + 1).map(function (p) { return p.join(","); }).join(" "));
    });
    slider.value = f;
    label.textContent = "step " + data.steps[f] + " of " + data.steps[data.steps.length - 1];
  }
  function stop() { clearInterval(timer); timer = null; button.textContent = "\\u25B6 Play"; }
  button.onclick = function () {
    if (timer) { stop(); return; }
    if (+slider.value >= data.steps.length - 1) show(0);
    button.textContent = "\\u275A\\u275A Pause";
    timer = setInterval(function () {
      var f = +slider.value + 1;
      if (f >= data.steps.length) { stop(); return; }
      show(f);
    }, data.interval);
  };
  slider.oninput = function () { stop(); show(+slider.value); };
  root.querySelector(".cl-controls").style.display = "flex";
  root.querySelector(".cl-static-note").style.display = "none";
  show(0);
})();
"""


def animation_html(runs, *, max_frames: int = 120, interval_ms: int = 120, size=(6.4, 4.0), dpi: int = 80,
                   title: str | None = None) -> HTMLAnimation:
    """A self-contained HTML animation of one or more recorded runs (no kernel, no external files).

    The landscape is drawn once by :func:`curve_with_trajectory` (1-D) or
    :func:`contour_with_paths` (2-D) and embedded as one PNG, with each whole path drawn faintly;
    a small SVG layer on top moves a dot along each recorded path, driven by a few lines of
    inline JavaScript (Play/Pause and a step slider).

    The picture is an ``<img>`` whose ``alt`` is the figure's text alternative (:func:`~course_lib.plots.alt.alt_text`),
    after the number of frames the player shows; the moving dots, on top of it, are hidden from screen readers.
    Where a page strips SVG (JupyterLab sanitizes an untrusted notebook's HTML) the picture and its ``alt`` stay.

    Without JavaScript (GitHub's notebook view strips it) the player shows the static picture:
    every path drawn whole, each dot at its start, and a note saying so; the controls stay
    hidden. nbviewer, JupyterLab and Voilà run the player.

    Args:
        runs: a Trajectory, or a mapping ``label -> Trajectory`` (e.g. an optimizer race).
        max_frames: at most this many frames; longer runs are shown at evenly spread steps.
        interval_ms: time between frames when playing.
        size, dpi: the picture's size in inches and its resolution (pixels = size × dpi).
        title: the figure title.
    """
    entries = labelled_runs(runs)
    objective = entries[0][1].objective
    if objective.dim not in (1, 2):
        raise ValueError(f"animation_html draws 1-D and 2-D objectives, got dim {objective.dim}")
    max_frames = _checks.integer("max_frames", max_frames, low=2, high=2000)
    interval_ms = _checks.integer("interval_ms", interval_ms, low=1, high=60_000)
    dpi = _checks.integer("dpi", dpi, low=20, high=200)
    wanted = f"(width, height) in inches, from (3, 2) to (20, 20), got {size!r}"
    width, height = _checks.array("size", size, ndim=1, finite=True, what=wanted) if np.size(size) == 2 else (0, 0)
    if not (3 <= width <= 20 and 2 <= height <= 20):  # smaller, and the axes collapse; larger is a typo
        raise ValueError(f"size must be {wanted}")
    size = (float(width), float(height))
    fig = Figure(figsize=size, dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    if objective.dim == 1:
        if len({id(t) for _, t, _ in entries}) > 1:
            raise ValueError("a 1-D animation takes one Trajectory (it may have many starts)")
        drawn = curve_with_trajectory(entries[0][1], ax, title=title)
    else:
        drawn = contour_with_paths(runs, ax, title=title)
    for line in drawn.paths:
        line.set_alpha(0.3)
    for marker in drawn.ends:
        marker.set_visible(False)
    fig.canvas.draw()
    width, height = (round(v) for v in fig.bbox.size)
    png = compact_png(fig, dpi=dpi, tight=False)  # untrimmed: the SVG layer uses the figure's pixel coordinates
    box = ax.bbox

    longest = max(len(t.path(i)) for _, t, i in entries)
    steps = np.unique(np.linspace(0, longest - 1, min(max_frames, longest)).round().astype(int))
    runs_px, colors = [], []
    for line, (_, t, i) in zip(drawn.paths, entries, strict=True):
        p = t.path(i)
        xy = np.column_stack([p, t.value_path(i)]) if objective.dim == 1 else p
        k = np.minimum(steps, len(p) - 1)
        # Clamp far-away points (a diverged run) so the SVG numbers stay short; the clip hides them.
        px = np.clip(ax.transData.transform(xy[k]), -10 * width, 10 * width)
        px[:, 1] = height - px[:, 1]
        k_last = int(np.searchsorted(steps, len(p) - 1))  # drop repeats after the run ended
        runs_px.append(np.round(px[: k_last + 1], 1).tolist())
        colors.append(line.get_color())
    data = {"runs": runs_px, "steps": steps.tolist(), "interval": interval_ms}
    payload = json.dumps(data, separators=(",", ":"))
    digest = hashlib.sha1(payload.encode()).hexdigest()[:10]
    uid = f"cl-anim-{digest}-{next(_ANIMATION_IDS)}"
    image = base64.b64encode(png).decode("ascii")
    alt = f"An animation in {len(steps)} frames, a dot moving along each path. {alt_text(fig)}"
    clip = f'<rect x="{box.x0:.1f}" y="{height - box.y1:.1f}" width="{box.width:.1f}" height="{box.height:.1f}"/>'
    layers = "".join(
        f'<polyline class="cl-trail" fill="none" stroke="{c}" stroke-width="2.5" points=""/>'
        f'<circle class="cl-dot" r="6" fill="{c}" stroke="black" stroke-width="1.5" cx="{run[0][0]}" cy="{run[0][1]}"/>'
        for run, c in zip(runs_px, colors, strict=True)
    )
    html = (
        f'<div id="{uid}" class="cl-animation" style="max-width:{width}px;font-family:sans-serif">'
        f'<div style="position:relative">{image_html(image, alt, style="display:block;width:100%")}'
        f'<svg viewBox="0 0 {width} {height}" aria-hidden="true" '
        'style="position:absolute;left:0;top:0;width:100%;height:100%">'
        f'<clipPath id="{uid}-clip">{clip}</clipPath><g clip-path="url(#{uid}-clip)">{layers}</g></svg></div>'
        '<div class="cl-controls" style="display:none;align-items:center;gap:8px">'
        '<button type="button" style="min-width:6em">&#9654; Play</button>'
        f'<input type="range" aria-label="step" min="0" max="{len(steps) - 1}" value="0" style="flex:1"/>'
        '<span class="cl-frame" style="min-width:9em"></span></div>'
        '<div class="cl-static-note" style="font-size:smaller;color:#555">Static view: each path is drawn whole, '
        'each dot at its start. Run the notebook (or open it on nbviewer) to play the animation.</div>'
        f'<script type="application/json">{payload}</script>'
        f"<script>{_PLAYER_JS % {'id': uid}}</script></div>"
    )
    return HTMLAnimation(html, len(steps))
