"""Slider latency: how long from a slider change to new pixels on screen, per rendering technology and for
every explorer of the course.

The technology candidates draw the same 2-panel plot — left: f(x) = x⁴ − 8x² + x with the gradient-descent
path from x0 (``course_lib.descent.run`` + ``GradientDescent``); right: f per step — with the
learning rate on a slider. All are measured in one run, in JupyterLab (and with ``--voila`` in
Voilà too) in headless Chromium:

- the page records ``performance.now()`` at the keydown on the slider handle (capture phase);
- a MutationObserver on the figure element(s) (style and class changes aside) and a counter of
  canvas drawing calls tell when the figure changed; a requestAnimationFrame loop stamps the first
  frame at which every figure element has changed (and every <img> in it has decoded): the frame
  that paints the new pixels;
- the next change waits until the figure has been quiet for ``QUIET_MS``, so a late frame of one change
  never counts for the next; latency = the time of the last frame at which the figure changed before it
  went quiet − keydown time: the frame that shows its final picture. (The first changed frame is not enough:
  something in a chart can change before the explorer has sent its new data. Timed that way, the training
  explorer at its most expensive took 23 ms, though its kernel computes for 130 ms.)
- every candidate's notebook stays open, and the changes are measured in interleaved rounds, so a
  change in the machine's load during the run touches all candidates alike. Median and p90 (the
  90th percentile) per candidate.

The explorer candidates are every explorer class of the course (found in the code: the widgets package
and the playground, so one added later is measured too), each at its default settings and at its most
expensive ones, moved by its first slider (:mod:`explorer_cases`, which also times the kernel side of a
change alone: ``.venv/bin/python benchmarks/explorer_cases.py``). ``floor`` is a callback that only
updates a label: the kernel's round trip. Targets (issue 13): an explorer's median at most 2 × the
floor's at its default settings, 3 × at its most expensive; the table says "met" or "MISSED".

Run:  .venv/bin/python benchmarks/slider_latency.py [--changes 24] [--only floor,explorers,...] [--compare DIR]
      [--voila]

A candidate is a :class:`Candidate`: notebook cell sources, a CSS selector for the slider and one
for the figure(s).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import explorer_cases  # noqa: E402  (beside this file)

from tests.browser import harness  # noqa: E402  (needs ROOT on sys.path)

TARGETS = {"default": 2.0, "expensive": 3.0}
"""The most an explorer's median latency may be, in multiples of the floor's, at each setting (issue 13)."""


@dataclass(frozen=True)
class Candidate:
    """One way of drawing the plot: notebook cells, and CSS selectors of its slider and its figure.

    ``figure`` may match several elements (e.g. one per panel); a change counts as shown when
    every one of them has changed.
    """

    name: str
    description: str
    cells: tuple[str, ...]
    slider: str = ".bench-slider"
    figure: str = ".bench-figure"
    needs: tuple[str, ...] = ()  # modules the cells import beyond the course requirements
    target: float | None = None  # the most its median may be, in multiples of the floor's median


# Shared by every candidate: the descent and the slider. Fixed axis limits, so all draw the same.
SETUP = '''
import ipywidgets as widgets
import numpy as np
from IPython.display import display

from course_lib.descent import run
from course_lib.objectives import double_dip
from course_lib.optimizers import GradientDescent

X0, STEPS = 3.0, 30
XS = np.linspace(*double_dip.window, 200)
FX = double_dip.f(XS)
LIMITS = {"x": double_dip.window, "f": (-22.0, 60.0), "steps": (0, STEPS)}


def descend(lr):
    """The recorded run for one learning rate: positions and values per step."""
    trajectory = run(double_dip, GradientDescent(lr=lr), x0=X0, steps=STEPS)
    return trajectory.positions, trajectory.values


lr_slider = widgets.FloatSlider(
    value=0.01, min=0.001, max=0.06, step=0.001, readout_format=".3f", description="learning rate",
    style={"description_width": "initial"},
)
lr_slider.add_class("bench-slider");
'''

MATPLOTLIB_FIGURE = '''
def make_figure():
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2), dpi=100, layout="constrained")
    left.plot(XS, FX, color="0.6", label="f(x) = x⁴ − 8x² + x")
    left.set(xlim=LIMITS["x"], ylim=LIMITS["f"], xlabel="x", ylabel="f(x)", title="descent path")
    right.set(xlim=LIMITS["steps"], ylim=LIMITS["f"], xlabel="step", ylabel="f(x)", title="value per step")
    return fig, left, right
'''

NAIVE = '''
%matplotlib inline
import matplotlib.pyplot as plt


def draw(lr):
    positions, values = descend(lr)
    fig, left, right = make_figure()
    left.plot(positions, values, "o-", color="C1", markersize=3, label="path")
    right.plot(values, "o-", color="C1", markersize=3)
    plt.show()


explorer = widgets.interact(draw, lr=lr_slider)
explorer.widget.out.add_class("bench-figure")
explorer.widget.out.layout.height = "340px"
'''

FLOOR = '''
label = widgets.Label()
label.add_class("bench-figure")


def show(change=None):
    positions, values = descend(lr_slider.value)
    label.value = f"lr = {lr_slider.value:.3f}: f = {values[-1]:.4f} after {len(values) - 1} steps"


lr_slider.observe(show, "value")
show()
display(widgets.VBox([lr_slider, label]))
'''

IPYMPL_SETUP = '''
%matplotlib widget
import matplotlib.pyplot as plt

with plt.ioff():
    fig, left, right = make_figure()
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
fig.canvas.add_class("bench-figure")
'''

IPYMPL = IPYMPL_SETUP + '''
(path,) = left.plot([], [], "o-", color="C1", markersize=3, label="path")
(per_step,) = right.plot([], [], "o-", color="C1", markersize=3)


def show(change=None):
    positions, values = descend(lr_slider.value)
    path.set_data(positions, values)
    per_step.set_data(np.arange(len(values)), values)
    fig.canvas.draw_idle()


lr_slider.observe(show, "value")
show()
display(widgets.VBox([lr_slider, fig.canvas]))
'''

# Blitting: the static parts (axes, curve, labels) are drawn once and kept as a background;
# a change restores the background and draws only the two animated lines, then pushes the
# (diff) image straight away, skipping draw_idle's round trip to the browser. A full redraw
# (resize, first display) re-captures the background through the draw_event.
IPYMPL_BLIT = IPYMPL_SETUP + '''
(path,) = left.plot([], [], "o-", color="C1", markersize=3, label="path", animated=True)
(per_step,) = right.plot([], [], "o-", color="C1", markersize=3, animated=True)
background = None


def draw_animated():
    left.draw_artist(path)
    right.draw_artist(per_step)


def on_draw(event):
    global background
    background = fig.canvas.copy_from_bbox(fig.bbox)
    draw_animated()


fig.canvas.mpl_connect("draw_event", on_draw)


def show(change=None):
    positions, values = descend(lr_slider.value)
    path.set_data(positions, values)
    per_step.set_data(np.arange(len(values)), values)
    if background is None:  # not drawn yet: draw() before display would leave ipympl 0.10 blank
        fig.canvas.draw_idle()
    else:
        fig.canvas.restore_region(background)
        draw_animated()
        fig.canvas.blit(fig.bbox)


lr_slider.observe(show, "value")
show()
display(widgets.VBox([lr_slider, fig.canvas]))
'''

# As IPYMPL, with the constrained layout computed once and then frozen: otherwise it runs at every draw.
FREEZE_LAYOUT = """
fig.get_layout_engine().execute(fig)  # place the axes once...
fig.set_layout_engine("none")         # ...and keep them there
"""
IPYMPL_FIXED = IPYMPL.replace("\n(path,)", FREEZE_LAYOUT + "(path,)", 1)

# As IPYMPL_FIXED, drawing at once instead of draw_idle (which asks the browser to ask back for a draw).
# Not before the figure is displayed: ipympl 0.10 then fails to show it at all (0×0 canvas).
IPYMPL_DRAW = IPYMPL_FIXED.replace(
    "    fig.canvas.draw_idle()", "    fig.canvas.draw() if change else fig.canvas.draw_idle()"
)

BQPLOT = '''
import bqplot as bq

x_scale = bq.LinearScale(min=LIMITS["x"][0], max=LIMITS["x"][1])
step_scale = bq.LinearScale(min=LIMITS["steps"][0], max=LIMITS["steps"][1])
f_scale = bq.LinearScale(min=LIMITS["f"][0], max=LIMITS["f"][1])
curve = bq.Lines(x=XS, y=FX, scales={"x": x_scale, "y": f_scale}, colors=["#999999"])
path = bq.Lines(x=[], y=[], scales={"x": x_scale, "y": f_scale}, colors=["#ff7f0e"], marker="circle", marker_size=12)
per_step = bq.Lines(x=[], y=[], scales={"x": step_scale, "y": f_scale}, colors=["#ff7f0e"], marker="circle",
                    marker_size=12)
layout = {"width": "450px", "height": "320px"}
margin = {"top": 40, "bottom": 40, "left": 50, "right": 10}
left = bq.Figure(marks=[curve, path], title="descent path", layout=layout, fig_margin=margin, axes=[
    bq.Axis(scale=x_scale, label="x"), bq.Axis(scale=f_scale, orientation="vertical", label="f(x)")])
right = bq.Figure(marks=[per_step], title="value per step", layout=layout, fig_margin=margin, axes=[
    bq.Axis(scale=step_scale, label="step"), bq.Axis(scale=f_scale, orientation="vertical", label="f(x)")])
left.add_class("bench-figure")
right.add_class("bench-figure")


def show(change=None):
    positions, values = descend(lr_slider.value)
    with path.hold_sync():
        path.x, path.y = positions, values
    with per_step.hold_sync():
        per_step.x, per_step.y = np.arange(len(values)), values


lr_slider.observe(show, "value")
show()
display(widgets.VBox([lr_slider, widgets.HBox([left, right])]))
'''

ANYWIDGET = '''
import anywidget
import traitlets


class TwoPanels(anywidget.AnyWidget):
    """A canvas that draws the curve, the path and the values per step in the browser."""

    _esm = """
    function render({ model, el }) {
      const canvas = document.createElement("canvas");
      canvas.width = 900; canvas.height = 320;
      el.appendChild(canvas);
      const ctx = canvas.getContext("2d");
      const panels = [{x0: 50, x1: 440}, {x0: 500, x1: 890}];
      const top = 30, bottom = 280;
      function draw() {
        const [fx0, fx1] = model.get("x_limits"), [fy0, fy1] = model.get("f_limits");
        const steps = model.get("steps");
        const sx = (p, v, lo, hi) => p.x0 + (v - lo) / (hi - lo) * (p.x1 - p.x0);
        const sy = v => bottom - (v - fy0) / (fy1 - fy0) * (bottom - top);
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        ctx.font = "12px sans-serif"; ctx.fillStyle = "#000";
        for (const [p, title] of [[panels[0], "descent path"], [panels[1], "value per step"]]) {
          ctx.strokeStyle = "#000"; ctx.lineWidth = 1; ctx.strokeRect(p.x0, top, p.x1 - p.x0, bottom - top);
          ctx.fillText(title, (p.x0 + p.x1) / 2 - 35, top - 8);
        }
        const line = (p, xs, ys, lo, hi, color, dots) => {
          ctx.save(); ctx.beginPath(); ctx.rect(p.x0, top, p.x1 - p.x0, bottom - top); ctx.clip();
          ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 1.5; ctx.beginPath();
          xs.forEach((x, i) => { const X = sx(p, x, lo, hi), Y = sy(ys[i]); i ? ctx.lineTo(X, Y) : ctx.moveTo(X, Y); });
          ctx.stroke();
          if (dots) xs.forEach((x, i) => {
            ctx.beginPath(); ctx.arc(sx(p, x, lo, hi), sy(ys[i]), 3, 0, 7); ctx.fill();
          });
          ctx.restore();
        };
        line(panels[0], model.get("curve_x"), model.get("curve_y"), fx0, fx1, "#999", false);
        const ys = model.get("values");
        line(panels[0], model.get("positions"), ys, fx0, fx1, "#ff7f0e", true);
        line(panels[1], ys.map((_, i) => i), ys, 0, steps, "#ff7f0e", true);
      }
      model.on("change:values", draw);
      draw();
    }
    export default { render };
    """
    curve_x = traitlets.List().tag(sync=True)
    curve_y = traitlets.List().tag(sync=True)
    positions = traitlets.List().tag(sync=True)
    values = traitlets.List().tag(sync=True)
    x_limits = traitlets.List().tag(sync=True)
    f_limits = traitlets.List().tag(sync=True)
    steps = traitlets.Int().tag(sync=True)


panels = TwoPanels(curve_x=XS.tolist(), curve_y=FX.tolist(), x_limits=list(LIMITS["x"]),
                   f_limits=list(LIMITS["f"]), steps=STEPS)
panels.add_class("bench-figure")


def show(change=None):
    positions, values = descend(lr_slider.value)
    with panels.hold_sync():
        panels.positions, panels.values = positions.tolist(), values.tolist()


lr_slider.observe(show, "value")
show()
display(widgets.VBox([lr_slider, panels]))
'''

CANDIDATES = [
    Candidate("naive", "interact + fresh inline matplotlib figure", (SETUP, MATPLOTLIB_FIGURE, NAIVE)),
    Candidate("floor", "callback updates a Label only (runs descent, draws nothing)", (SETUP, FLOOR)),
    Candidate("ipympl", "ipympl: set_data + draw_idle", (SETUP, MATPLOTLIB_FIGURE, IPYMPL)),
    Candidate("ipympl_fixed", "ipympl: set_data + draw_idle, layout frozen", (SETUP, MATPLOTLIB_FIGURE, IPYMPL_FIXED)),
    Candidate("ipympl_draw", "ipympl: set_data + draw() at once, layout frozen", (SETUP, MATPLOTLIB_FIGURE,
                                                                                    IPYMPL_DRAW)),
    Candidate("ipympl_blit", "ipympl: blit animated lines on a cached background", (SETUP, MATPLOTLIB_FIGURE,
                                                                                     IPYMPL_BLIT)),
    Candidate("bqplot", "bqplot: two Figures, Lines x/y updated", (SETUP, BQPLOT), needs=("bqplot",)),
    Candidate("anywidget", "anywidget: 2-D canvas drawn in the browser", (SETUP, ANYWIDGET), needs=("anywidget",)),
]
TECHNOLOGIES = [c.name for c in CANDIDATES]
# Every explorer of the course, at its default and its most expensive settings (benchmarks/explorer_cases.py).
EXPLORERS = [
    Candidate(case.name, f"{case.control} slider", case.cells, slider=case.slider, figure=case.figure,
              target=TARGETS[case.name.rsplit("-", 1)[1]])
    for case in explorer_cases.cases()
]
CANDIDATES += EXPLORERS

# In the page: stamp the keydown, watch the figure(s), and find the first frame showing the change.
PROBE = """
(() => {
  if (window.__latency) return;
  const draws = new WeakMap();   // canvas -> number of drawing calls so far
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ["drawImage", "putImageData", "fillRect", "clearRect", "stroke", "fill", "fillText"]) {
    const original = proto[name];
    proto[name] = function (...args) {
      draws.set(this.canvas, (draws.get(this.canvas) || 0) + 1);
      return original.apply(this, args);
    };
  }
  let state = null;
  const mutations = new WeakMap();  // watched element -> number of mutation records
  const signature = el => {
    let canvasDraws = 0;
    for (const c of [el, ...el.querySelectorAll("canvas")]) canvasDraws += draws.get(c) || 0;
    return (mutations.get(el) || 0) + ":" + canvasDraws;
  };
  const decoded = el => [...el.querySelectorAll("img")].every(img => img.complete && img.naturalWidth > 0);
  document.addEventListener("keydown", () => {
    if (state && state.t0 === null) state.t0 = performance.now();
  }, true);
  // A frame is checked twice: at its start (a requestAnimationFrame callback: what tasks changed since the last
  // frame) and after every animation callback has run, in the frame's own rendering steps (a ResizeObserver on a
  // hidden element whose width flips every frame: what d3's transitions, which run as animation callbacks, changed
  // in this frame). Both paint in this frame, stamped with its start; checked at its start only, a change made
  // by an animation callback after the probe's would count one frame late.
  let frameTime = 0, flip = false;
  const ticker = document.createElement("div");
  ticker.style.cssText = "position:fixed;left:-9px;top:0;width:1px;height:1px;visibility:hidden;pointer-events:none";
  document.body.appendChild(ticker);
  const check = () => {
    const current = state.els.map(signature).join();
    if (current !== state.last) [state.last, state.lastChange] = [current, frameTime];
    if (state.t0 !== null && state.t1 === null
        && state.els.every((el, i) => signature(el) !== state.before[i] && decoded(el))) state.t1 = frameTime;
  };
  new ResizeObserver(() => { if (state) check(); }).observe(ticker);
  // The frame loop runs only from arm() to disarm(): a page left open costs no CPU while others are measured.
  let looping = false;
  const frame = () => {
    if (!state) { looping = false; return; }
    frameTime = performance.now();
    check();
    flip = !flip;
    ticker.style.width = flip ? "2px" : "1px";
    requestAnimationFrame(frame);
  };
  window.__latency = {
    arm(selector) {
      const els = [...document.querySelectorAll(selector)];
      if (!els.length) throw new Error("no element matches " + selector);
      for (const el of els) {
        if (!mutations.has(el)) {
          mutations.set(el, 0);
          // Style and class changes (a busy cursor, a toolbar fading in) are not new content.
          new MutationObserver(records => mutations.set(el, mutations.get(el) + records.filter(
            r => r.type !== "attributes" || !["style", "class"].includes(r.attributeName)).length))
            .observe(el, {subtree: true, childList: true, attributes: true, characterData: true});
        }
      }
      const before = els.map(signature);
      frameTime = performance.now();
      state = {els, before, t0: null, t1: null, last: before.join(), lastChange: frameTime};
      if (!looping) { looping = true; requestAnimationFrame(frame); }
    },
    disarm() { state = null; },
    result() { return state && state.t1 !== null ? state.t1 - state.t0 : null; },
    settled() { return state && state.t1 !== null ? state.lastChange - state.t0 : null; },
    // the last message from the server before the final picture (its time after the keydown), or null
    lastMessage() {
      const before = (window.__wire || []).filter(t => t >= state.t0 && t <= state.lastChange);
      return before.length ? Math.max(...before) - state.t0 : null;
    },
    quietFor() { return state ? performance.now() - state.lastChange : Infinity; },
  };
})();
"""


# Installed before the page loads: the time the page takes in every message from the server (the kernel's), so
# that a change's latency can be split at its last message before the final picture. That time is the kernel's
# work and sending, or later when the page was still busy drawing earlier messages (it takes messages in between);
# what follows it is the page's drawing of the last ones.
WIRE = """
(() => {
  window.__wire = [];
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Socket(...args);
    socket.addEventListener("message", () => window.__wire.push(performance.now()));
    return socket;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, Socket);
})();
"""

QUIET_MS = 400  # no figure change for this long = the previous slider change is fully shown


def measure(page, candidate: Candidate, changes: int, warmup: int, timeout: float = 30.0) -> list[tuple]:
    """Latencies (ms) of ``changes`` slider changes, after ``warmup`` unmeasured ones, each with the time of the
    last message from the kernel the page took in before the final picture (None if none came).

    The slider goes one way for half the changes and back for the rest, so every change sets
    a new value and the value stays in one range: toward its far end first (left when it stands
    in its upper half).
    """
    page.bring_to_front()
    handle = page.locator(f"{candidate.slider} .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    now, low, high = (float(handle.get_attribute(f"aria-value{a}")) for a in ("now", "min", "max"))
    first, back = ("ArrowLeft", "ArrowRight") if now - low > high - now else ("ArrowRight", "ArrowLeft")
    total = warmup + changes
    keys = [first] * (total - total // 2) + [back] * (total // 2)
    latencies = []
    for i, key in enumerate(keys):
        page.evaluate("(s) => window.__latency.arm(s)", candidate.figure)
        handle.press(key)
        page.wait_for_function("() => window.__latency.result() !== null", timeout=timeout * 1000)
        # Before the next change, the figure must have stopped changing (a late frame of this change
        # must not count as the next one's).
        page.wait_for_function(f"() => window.__latency.quietFor() > {QUIET_MS}", timeout=timeout * 1000)
        if i >= warmup:  # the latency ends at the frame the figure last changed: its final picture
            latencies.append(page.evaluate("() => [window.__latency.settled(), window.__latency.lastMessage()]"))
    page.evaluate("() => window.__latency.disarm()")
    return latencies


def write_notebook(folder: Path, candidate: Candidate) -> str:
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source.strip()) for source in candidate.cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}},
    )
    name = f"latency_{candidate.name}.ipynb"
    nbformat.write(notebook, folder / name)
    return name


def open_candidate(browser, server: harness.JupyterServer, notebook: str, candidate: Candidate):
    """A page showing the candidate's notebook, run, error-free, with the latency probe installed."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.add_init_script(WIRE)
    harness.open_notebook(page, server, notebook, candidate.figure)
    errors = harness.output_errors(page)
    if errors:
        raise RuntimeError(f"{candidate.name} in {server.kind}: the notebook shows errors:\n" + "\n".join(errors))
    page.evaluate(PROBE)
    return page


def benchmark(browser, server: harness.JupyterServer, candidates: list[Candidate], notebooks: dict, changes: int,
              rounds: int) -> dict:
    """Median latency per candidate on one server.

    Every candidate's page stays open (its kernel idle while others are measured), and the
    changes are measured in ``rounds`` interleaved rounds, so that a change in the machine's
    load during the run touches every candidate alike.
    """
    pages = {c: open_candidate(browser, server, notebooks[c.name], c) for c in candidates}
    latencies = {c: [] for c in pages}
    per_round = [changes // rounds + (r < changes % rounds) for r in range(rounds)]
    for r, n in enumerate(per_round):
        for candidate, page in pages.items():
            latencies[candidate] += measure(page, candidate, n, warmup=3 if r == 0 else 1)
    for candidate, page in pages.items():
        page.locator(candidate.figure).first.scroll_into_view_if_needed()
        harness.save_screenshot(page, f"latency-{server.kind}-{candidate.name}")
        page.close()
    stats = {}
    for candidate, pairs in latencies.items():
        values = [latency for latency, _ in pairs]
        messages = [message for _, message in pairs if message is not None]
        last = statistics.median(messages) if messages else None
        stats[candidate.name] = (statistics.median(values), statistics.quantiles(values, n=10)[-1], last)
        print(
            f"  {candidate.name:28s} median {stats[candidate.name][0]:7.1f} ms, p90 {stats[candidate.name][1]:7.1f}"
            f"  (min {min(values):.0f}, max {max(values):.0f}, n={len(values)}; last message taken in at: "
            f"{'-' if last is None else f'{last:.0f}'})  {candidate.description}",
            flush=True,
        )
    return stats


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=24, help="measured slider changes per candidate (default 24)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds the changes are split into")
    parser.add_argument("--only", default="", help="comma-separated candidate names, or 'explorers' for every "
                        "explorer case, 'technologies' for the others (default: all)")
    parser.add_argument("--compare", metavar="DIR", default="",
                        help="also measure every chosen explorer case with the course_lib in DIR (e.g. main's, from "
                        "'git archive main course_lib | tar -x -C DIR'), side by side: before and after in one run")
    parser.add_argument("--voila", action="store_true", help="measure in Voilà as well as in JupyterLab")
    parser.add_argument("--keep", action="store_true", help="keep the generated notebooks and server logs")
    args = parser.parse_args(argv)

    chosen = []
    for candidate in CANDIDATES:
        wanted = set(args.only.split(",")) if args.only else set()
        wanted |= set(TECHNOLOGIES) if "technologies" in wanted else set()
        wanted |= {c.name for c in EXPLORERS} if "explorers" in wanted else set()
        if wanted and candidate.name not in wanted:
            continue
        missing = [m for m in candidate.needs if importlib.util.find_spec(m) is None]
        if missing:
            print(f"skipping {candidate.name}: {', '.join(missing)} not installed")
            continue
        chosen.append(candidate)
    if args.compare:
        before = Path(args.compare).resolve()
        if not (before / "course_lib" / "__init__.py").exists():
            parser.error(f"--compare {args.compare}: no course_lib package in that folder")
        first = f"import sys\nsys.path.insert(0, {str(before)!r})  # this course_lib, not the installed one"
        chosen += [replace(c, name=f"{c.name}@before", cells=(first, *c.cells)) for c in chosen if c in EXPLORERS]
    work = Path(tempfile.mkdtemp(prefix="slider-latency-"))
    folder = work / "notebooks"
    folder.mkdir()
    notebooks = {c.name: write_notebook(folder, c) for c in chosen}
    print(f"notebooks and logs in {work}; screenshots in {harness.artifacts_dir()}", flush=True)

    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        for kind in ["lab", "voila"] if args.voila else ["lab"]:
            started = time.monotonic()
            print(f"{kind}:", flush=True)
            with harness.JupyterServer.start(kind, folder, work / kind) as server:
                results[kind] = benchmark(browser, server, chosen, notebooks, args.changes, args.rounds)
            print(f"  ({time.monotonic() - started:.0f} s)")
        browser.close()

    targets = {c.name: c.target for c in chosen}
    print("\nslider → pixels latency (ms); targets: an explorer's median ≤ 2 × floor at its default settings, "
          "≤ 3 × floor at its most expensive")
    for kind, stats in results.items():
        print(f"{kind:6s} {'candidate':28s} {'median':>7s} {'p90':>7s} {'last msg':>8s} {'vs naive':>9s} "
              f"{'vs floor':>9s}  target")
        for name, (median, p90, last) in stats.items():
            ratios = [median / stats[ref][0] if ref in stats else None for ref in ("naive", "floor")]
            shown = [f"{r:9.2f}" if r is not None else f"{'-':>9s}" for r in ratios]
            target, verdict = targets[name], ""
            if target is not None and ratios[1] is not None:
                verdict = f"≤ {target:g}: {'met' if ratios[1] <= target else 'MISSED'}"
            last = f"{last:8.1f}" if last is not None else f"{'-':>8s}"
            print(f"{'':6s} {name:28s} {median:7.1f} {p90:7.1f} {last} {shown[0]} {shown[1]}  {verdict}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
