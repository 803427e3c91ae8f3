"""The instructor demos as a slide deck (``python3 tasks.py slides``): one titled demo per slide with a speaker
note, and every claim of a note checked on the explorer the slide builds (headless; the browser walks the deck in
tests/browser/test_slides.py)."""

from __future__ import annotations

import ast
import math
import re

import nbformat
import numpy as np
import pytest

from course_lib import data, descent, models, objectives
from tests._notebooks import NOTEBOOKS

pytestmark = pytest.mark.filterwarnings("error")

DECK = nbformat.read(NOTEBOOKS / "instructor_demos.ipynb", as_version=4)


def slides() -> list[list]:
    """The deck's cells, slide by slide (a cell of type "slide" opens one)."""
    out: list[list] = []
    for cell in DECK.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        assert kind in ("slide", "-", "notes"), f"cell {cell['id']} has slide type {kind!r}"
        if kind == "slide":
            out.append([])
        out[-1].append(cell)
    return out


def test_every_slide_is_a_titled_demo_with_a_speaker_note():
    deck = slides()
    assert DECK.cells[0].metadata["slideshow"]["slide_type"] == "slide"
    for n, cells in enumerate(deck):
        title, *rest = cells
        assert title.cell_type == "markdown" and re.match(r"#{1,2} \S", title.source), title.source
        notes = [c for c in rest if c.metadata["slideshow"]["slide_type"] == "notes"]
        assert len(notes) == 1 and notes[0].cell_type == "markdown", title.source
        code = [c for c in rest if c.cell_type == "code"]
        assert len(code) == 1, title.source  # one demo per slide (the title slide's cell sets the projector style)
        if n:
            assert "widgets." in code[0].source, title.source


def explorer(heading: str):
    """The explorer the slide titled ``heading`` shows, built by that slide's own code (after the first slide's)."""
    namespace: dict = {}
    first = next(c for c in slides()[0] if c.cell_type == "code")
    exec(first.source, namespace)
    cells = next(s for s in slides() if heading in s[0].source)
    code = next(c for c in cells if c.cell_type == "code").source
    tree = ast.parse(code)
    *body, last = tree.body
    exec(compile(ast.Module(body, []), "demo", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "demo", "eval"), namespace)


def note(heading: str) -> str:
    cells = next(s for s in slides() if heading in s[0].source)
    return next(c for c in cells if c.metadata["slideshow"]["slide_type"] == "notes").source


def test_the_foggy_valley_note():
    fog = explorer("The foggy valley")
    assert "x = 1.97" in note("The foggy valley") and "x = −2.03" in note("The foggy valley")
    for _ in range(4):  # "a few times": four presses already read 1.97 (1.9716), and it stays there
        fog.take_step()
    assert round(float(fog.trajectory.positions[-1]), 2) == 1.97
    for _ in range(26):
        fog.take_step()
    assert round(float(fog.trajectory.positions[-1]), 2) == 1.97
    assert round(float(objectives.double_dip.global_minima[0].position), 2) == -2.03


def test_the_parabola_note():
    demo = explorer("Descent on a parabola")
    assert "Drag η to 0.501" in note("Descent on a parabola") and "x = −0.024" in note("Descent on a parabola")
    lr = demo.lr  # a drag reaches only the slider's notches, 10^(min + k·step): the one next to 0.5
    demo.lr.value = 10 ** (lr.min + round((math.log10(0.5) - lr.min) / lr.step) * lr.step)
    assert round(demo.lr.value, 3) == 0.501
    assert round(float(demo.trajectory.positions[1]), 3) == -0.024 and demo.trajectory.status == "converged"
    demo.lr.value = 1.0
    assert demo.trajectory.status == "oscillating" and set(np.abs(demo.trajectory.positions)) == {10.0}
    demo.lr.value = 1.1
    assert demo.trajectory.status == "diverged"
    for k in range(round((math.log10(1.0) - lr.min) / lr.step) + 1, round((lr.max - lr.min) / lr.step) + 1):
        demo.lr.value = 10 ** (lr.min + k * lr.step)  # "past 1 it flies off": at every notch past 1
        assert demo.lr.value > 1 and demo.trajectory.status == "diverged", demo.lr.value


def test_the_learning_rate_regimes_note():
    demo = explorer("Learning-rate regimes")
    assert demo.lr.value == 0.25
    demo.lr.value = 0.5
    assert demo.trajectory.positions[1] == 2.0  # the minimum of x² − 4x + 5
    between = [lr for lr in demo.lr.notches if 0.5 < lr < 1]
    assert len(between) == 99  # every notch between 0.5 and 1, not a sample of them
    for lr in between:
        demo.lr.value = float(lr)
        gaps = demo.trajectory.positions - 2.0
        measurable = gaps[: np.argmin(np.abs(gaps) > 1e-12)] if np.any(np.abs(gaps) <= 1e-12) else gaps
        assert np.all(np.sign(measurable[1:]) != np.sign(measurable[:-1])), lr  # zigzags across it, to rounding
        assert abs(gaps[-1]) < abs(gaps[0]) and demo.trajectory.status != "diverged", lr  # and closes in
    demo.lr.value = 1.0
    assert demo.trajectory.status == "oscillating"
    above = [lr for lr in demo.lr.notches if lr > 1 + 1e-9]
    assert above
    for lr in above:  # "above 1 it runs off": every notch
        demo.lr.value = float(lr)
        assert demo.trajectory.status == "diverged", lr


def test_the_line_fit_note():
    demo = explorer("Linear regression")
    assert "0.79" in note("Linear regression") and "2/f″ = 0.7887" in demo.status.value
    demo.lr.value = 0.8
    assert demo.trajectory.status == "diverged"
    line = data.noisy_line(rng=42)
    critical = descent.critical_learning_rate(models.linear_regression_objective(line.X, line.y))  # 2/λmax
    assert f"2/f″ = {critical:.4f}" in demo.status.value
    just_past = min(lr for lr in demo.lr.notches if lr > critical * (1 + 1e-12))
    assert just_past < critical * 1.006  # the first notch past 2/f″ (its slider steps (2/f″)/200)
    demo.lr.value = float(just_past)
    assert demo.trajectory.status == "diverged"  # "move η just past it and the path runs away"


def test_the_local_minima_note():
    demo = explorer("Local minima")
    assert demo.momentum.value == 0 and "the local minimum at 1.968" in demo.status.value
    demo.momentum.value = 0.9
    assert "the global minimum at −2.031" in demo.status.value


def test_the_mini_batch_note():
    demo = explorer("Mini-batches")
    losses, steps, evaluations = {}, {}, {}
    for size in (1, 1000):
        demo.batch_size.value = size
        r = demo.result
        losses[size], steps[size], evaluations[size] = r.loss_history[-1], len(r.step_losses) - 1, r.examples_seen[-1]
    assert evaluations[1] == evaluations[1000] and steps[1] == 1000 * steps[1000] == 1000 * demo.epochs.value
    assert losses[1000] > 10 * losses[1]


def test_the_race_note():
    race = explorer("Optimizer race")
    final = {name: t.values[-1] for name, t in race.trajectories.items()}
    assert race.steps.value == 150 and sorted(final, key=final.get) == ["Momentum", "Adam", "GradientDescent"]


def test_the_training_note():
    demo = explorer("Training a network")
    assert demo.optimizer.value == "Adam" and demo.epochs.value == 60
    adam = demo.result.loss_history[-1]
    demo.optimizer.value = "GradientDescent"
    assert demo.result.loss_history[-1] > adam
    assert "cosine decay" in demo.schedule.options
