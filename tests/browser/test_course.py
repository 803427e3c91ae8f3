"""The real course in the browser: the instructor demos in JupyterLab and Voilà, every course notebook in JupyterLab.

An explorer is a course widget with a figure (``.cl-widget`` holding a ``.cl-plot``). In each one,
every control is used: every dropdown, toggle button, radio group, multiple choice and button is
changed once, then every slider is moved to both ends of its range with the keyboard (Home, End
on its handle). After each change the explorer's figures must show other pixels (element
screenshots compared byte for byte) and, where the control changes the run, its status line
must read differently; the page must show no error output, no "Error displaying widget" and no
error inside a widget (``cl-error``). Problems are collected per explorer, so one broken demo does
not hide another. A screenshot of every explorer, after its changes, goes to the artifacts folder.
"""

from __future__ import annotations

import re
import time

import pytest

from tests._notebooks import COURSE
from tests.test_notebook_exercises import exercise_cells

from . import harness

DEMOS = "course/instructor_demos.ipynb"
DRIVEN = ("02_descent_on_a_parabola", "11_playground")  # driven control by control by tests of their own
EXPLORER = ".cl-widget:has(.cl-plot)"
CHANGE_TIMEOUT = 30.0  # seconds for one change to show; a training run at the end of a slider takes ~2 s here
QUIET = 0.2  # seconds without a change in the figures' DOM and the status: the change is fully drawn

# Controls that change only what is shown, not the run or its summary, so the status may stay the same
# (the figure must still change): the step slider of a recorded run, the fog's "reveal", the race's
# state arrows; and the fog's η, which before the first step shows only as the next-step arrow.
VIEW_ONLY = ("cl-frame", "cl-reveal", "cl-arrows", "cl-fog-explorer cl-lr")

# A cheap fingerprint of what an explorer shows (its figures' SVG and its status), to see when a change
# has arrived and when it is over; the check that the figure changed compares pixels.
HASH = "t => { let h = 2166136261; for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619); " \
       "return t.length + ':' + (h >>> 0); }"
FINGERPRINT = f"""root => {{
    const status = root.querySelector('.cl-status').innerText;
    const text = [...root.querySelectorAll('.cl-plot')].map(e => e.outerHTML).join('') + status;
    return [({HASH})(text), status];
}}"""
# Note, in the page, every different state the figures pass through (after each batch of changes):
# a frame shown for a moment is caught, which screenshots taken one after another can miss.
RECORD_FIGURES = f"""views => {{
    window.__figures = new Set();
    const note = () => window.__figures.add(
        ({HASH})([...views.querySelectorAll('.cl-plot')].map(e => e.outerHTML).join('')));
    const everything = {{subtree: true, childList: true, attributes: true, characterData: true}};
    new MutationObserver(note).observe(views, everything);
}}"""

# The slider's noUiSlider: its value (for a log slider, the exponent), range and step.
SLIDER = """h => { const s = h.closest('.noUi-target').noUiSlider;
                   return {value: Number(s.get()), min: s.options.range.min, max: s.options.range.max,
                           step: s.options.step}; }"""
# Put the handle one step away from ``value`` (no event for a slider that updates on release) and
# return the arrow key that moves it onto ``value``.
NEXT_TO = """(h, value) => { const s = h.closest('.noUi-target').noUiSlider;
                            const below = value - s.options.step >= s.options.range.min;
                            s.set(below ? value - s.options.step : value + s.options.step);
                            return below ? 'ArrowRight' : 'ArrowLeft'; }"""


def course_class(locator) -> str:
    """The element's first ``cl-…`` class other than ``cl-widget`` (its name in messages and file names)."""
    classes = (locator.get_attribute("class") or "").split()
    return next((c for c in classes if c.startswith("cl-") and c != "cl-widget"), "(no cl- class)")


class Explorer:
    """An explorer on the page: its figures (``views``, the box holding every ``cl-plot``) and status line."""

    def __init__(self, root):
        self.root = root
        self.name = course_class(root)
        self.views = root.locator(".cl-plot").first.locator("xpath=..")
        self.pixels = ""  # hash of the views' pixels after the last change

    @property
    def status(self) -> str:
        return self.root.locator(".cl-status").first.inner_text()

    def fingerprint(self) -> tuple[str, str]:
        """(a hash of the figures' SVG and the status, the status)."""
        return tuple(self.root.evaluate(FINGERPRINT))
    def wait_drawn(self, before: tuple[str, str] | None, timeout: float = CHANGE_TIMEOUT) -> bool:
        """Wait until the fingerprint differs from ``before`` (unless None) and then stays put for :data:`QUIET`.

        Returns False if it never left ``before`` within ``timeout``.
        """
        deadline = time.monotonic() + timeout
        last, since = self.fingerprint(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.fingerprint()
            if now != last:
                last, since = now, time.monotonic()
            elif last != before and time.monotonic() - since >= QUIET:
                return True
        if last == before:
            return False
        raise AssertionError(f"{self.name}: the figure kept changing for {timeout:.0f} s")

    def settle(self) -> None:
        """Wait for the explorer to be fully drawn and note its pixels."""
        self.wait_drawn(None)
        self.pixels = harness.pixel_hash(self.views)


def check_change(page, explorer: Explorer, what: str, act, *, status_changes: bool = True,
                 pixels: bool = True) -> None:
    """Do ``act()``; the figures (their pixels, or with ``pixels=False`` their SVG) must change, and with
    ``status_changes`` the status too, without errors."""
    fingerprint = explorer.fingerprint()
    act()
    if not explorer.wait_drawn(fingerprint):
        raise AssertionError(f"{explorer.name}: {what}: neither figure nor status changed within "
                             f"{CHANGE_TIMEOUT:.0f} s; errors: {harness.course_errors(page)}")
    if status_changes and explorer.fingerprint()[1] == fingerprint[1]:
        # the figure can be redrawn before the new runs are computed (the race shows a new objective's contours
        # first): on a loaded machine the status follows more than QUIET later
        explorer.wait_drawn(explorer.fingerprint(), timeout=CHANGE_TIMEOUT)
    errors = harness.course_errors(page)
    if errors:
        raise AssertionError(f"{explorer.name}: {what}: errors shown: {errors}")
    figure, status = explorer.fingerprint()
    if pixels:
        try:  # the pixels can lag a moment behind the DOM (an image in the SVG decoding)
            explorer.pixels = harness.wait_pixels_change(explorer.views, explorer.pixels, timeout=5)
        except AssertionError:
            raise AssertionError(f"{explorer.name}: {what}: the figure's pixels did not change") from None
    elif figure.removesuffix(status) == fingerprint[0]:
        raise AssertionError(f"{explorer.name}: {what}: the figure did not change")
    if status_changes and status == fingerprint[1]:
        raise AssertionError(f"{explorer.name}: {what}: the status did not change from {status!r}")


def view_only(explorer: Explorer, control: str) -> bool:
    return control in VIEW_ONLY or f"{explorer.name} {control}" in VIEW_ONLY


def move_sliders(page, explorer: Explorer, ends: tuple[str, ...]) -> int:
    """Move every slider with the keyboard to each end in ``ends`` ("Home", "End"), then back to where it was.

    A slider already at an end is not moved there (with ``ends=("End",)`` a slider at its top goes
    Home instead). Each slider is put back (next to its value, then one arrow key onto it), so
    every slider is tried with the others at their starting values. Returns how many sliders.
    """
    sliders = explorer.root.locator(".widget-slider").all()
    for slider in sliders:
        name = course_class(slider)
        handle = slider.locator(".noUi-handle").first
        readout = slider.locator(".widget-readout").first
        start = handle.evaluate(SLIDER)
        keys = [key for key, end in (("Home", "min"), ("End", "max")) if key in ends and start["value"] != start[end]]
        if not keys:
            keys = ["Home" if start["value"] == start["max"] else "End"]
        for key in keys:
            before = readout.inner_text()
            check_change(page, explorer, f"{name} {key}", lambda handle=handle, key=key: handle.press(key),
                         status_changes=not view_only(explorer, name))
            assert readout.inner_text() != before, f"{explorer.name}: {name} {key}: the readout stayed {before!r}"

        def back(handle=handle, value=start["value"]):
            before = explorer.fingerprint()
            arrow = handle.evaluate(NEXT_TO, value)
            # A slider that updates while dragged sends that position and reruns (one that updates on
            # release does not): wait for that rerun to be drawn, or the arrow key can arrive while the
            # slider is redrawn and be lost (seen once in CI: the slider and the run stayed a step short).
            explorer.wait_drawn(before, timeout=1.0)
            handle.press(arrow)

        check_change(page, explorer, f"{name} back to its start", back, status_changes=not view_only(explorer, name))
        moved_back = handle.evaluate(SLIDER)["value"]
        assert abs(moved_back - start["value"]) < 1e-6 * max(1, abs(start["value"])), (name, start, moved_back)
    return len(sliders)


def use_choices(page, explorer: Explorer) -> int:
    """Change every dropdown, multiple choice, radio group, toggle button and button once; return how many."""
    used = 0
    for control in explorer.root.locator(".widget-dropdown").all():
        select = control.locator("select")
        index = select.evaluate("s => (s.selectedIndex + 1) % s.options.length")
        check_change(page, explorer, f"{course_class(control)} → option {index}",
                     lambda select=select, index=index: select.select_option(index=index))
        used += 1
    for control in explorer.root.locator(".widget-select-multiple").all():
        select = control.locator("select")
        chosen = select.evaluate("s => [...s.options].filter(o => o.selected).map(o => o.index)")
        extra = select.evaluate("s => [...s.options].findIndex(o => !o.selected)")
        check_change(page, explorer, f"{course_class(control)} + option {extra}",
                     lambda select=select, indices=[*chosen, extra]: select.select_option(index=indices))
        used += 1
    for control in explorer.root.locator(".widget-radio").all():
        name = course_class(control)
        option = control.locator("input[type=radio]:not(:checked)").last
        check_change(page, explorer, f"{name} → another option", option.check,
                     status_changes=not view_only(explorer, name))
        used += 1
    for control in explorer.root.locator(".widget-toggle-button, .widget-button").all():
        name = course_class(control)
        check_change(page, explorer, f"{name} clicked", control.click, status_changes=not view_only(explorer, name))
        used += 1
    return used


def exercise_explorers(page, where: str, ends: tuple[str, ...] = ("Home", "End")) -> list[tuple[str, int, int]]:
    """Use every slider (see :func:`move_sliders`), then every other control, of every explorer on the page.

    Fails with every explorer's problems at once. Returns ``(explorer, other controls used, sliders moved)``
    for each explorer, in page order.
    """
    explorers = [Explorer(root) for root in page.locator(EXPLORER).all()]
    problems, used = [], []
    for i, explorer in enumerate(explorers):
        shot = f"{where}-{i}-{explorer.name.removeprefix('cl-')}"
        try:
            explorer.root.scroll_into_view_if_needed()
            explorer.settle()
            sliders = move_sliders(page, explorer, ends)
            used.append((explorer.name, use_choices(page, explorer), sliders))
        except AssertionError as error:
            problems.append(str(error))
            shot = f"FAILED-{shot}"
        harness.save_screenshot(explorer.root, shot)
    assert not problems, "\n".join(problems)
    return used


DECK = [  # the instructor demos in order: explorer, other controls, sliders
    ("cl-fog-explorer", 3, 2), ("cl-descent-explorer", 1, 4), ("cl-regime-explorer", 0, 2),
    ("cl-regime-explorer", 0, 2), ("cl-basin-explorer", 0, 3), ("cl-minibatch-explorer", 2, 3),
    ("cl-optimizer-race", 3, 7), ("cl-training-explorer", 2, 3),
]


@pytest.mark.browser
def test_instructor_demos_in_jupyterlab(lab_server, page):
    harness.open_lab_notebook(page, lab_server, DEMOS)
    harness.run_all_cells(page)
    assert harness.course_errors(page) == []
    assert exercise_explorers(page, "lab-demos") == DECK


@pytest.mark.browser
def test_instructor_demos_in_voila(voila_server, page):
    harness.open_voila(page, voila_server, DEMOS, ".cl-training-explorer .cl-plot")
    assert page.get_by_text("projector_style").count() == 0, "Voilà should hide the code"
    assert harness.course_errors(page) == []
    assert exercise_explorers(page, "voila-demos", ends=("End",)) == DECK


def check_exercise_code_folded(page, notebook: str) -> None:
    """Every cell that builds an exercise or a quiz opens with its code folded away ("source_hidden"), so that
    the answer it computes is not on screen; its output (the widget) is shown."""
    code_cells = page.locator(".jp-Notebook .jp-CodeCell")
    positions = exercise_cells(notebook)
    assert positions, f"{notebook} has no exercise"
    for position in positions:
        cell = code_cells.nth(position)
        cell.scroll_into_view_if_needed()
        assert cell.locator(".jp-InputPlaceholder").is_visible(), f"{notebook}: code cell {position} is not folded"
        assert not cell.locator(".cm-editor").is_visible(), f"{notebook}: code cell {position} shows its code"


def check_exercises(page, where: str) -> None:
    """Every number check: a wrong answer gets "Not yet", the hint and then the solution open.

    Every quiz: each question answered (its first option) gets a verdict, and the score counts the right ones.
    """
    checks = page.locator(".cl-number-check").all()
    assert checks, "no exercise on the page"
    for check in checks:
        check.scroll_into_view_if_needed()
        check.locator(".cl-answer input").fill("12345")
        check.locator(".cl-check").click()
        feedback = check.locator(".cl-feedback.cl-wrong")
        feedback.wait_for()
        assert feedback.inner_text().startswith("✘ Not yet"), feedback.inner_text()
        solution_button = check.locator(".cl-solution-button")
        assert solution_button.is_disabled(), "the solution should open only after the hint"
        check.locator(".cl-hint-button").click()
        check.locator(".cl-hint", has_text="Hint:").wait_for()
        solution_button.click()
        check.locator(".cl-solution", has_text="Solution:").wait_for()
    harness.save_screenshot(checks[0], f"{where}-exercise")
    for quiz in page.locator(".cl-quiz").all():
        questions = quiz.locator(".cl-choice-quiz").all()
        right = 0
        for question in questions:
            question.scroll_into_view_if_needed()
            question.locator(".cl-answer input[type=radio]").first.check()
            question.locator(".cl-check").click()
            verdict = question.locator(".cl-feedback.cl-right, .cl-feedback.cl-wrong")
            verdict.wait_for()
            right += "cl-right" in verdict.get_attribute("class")
        quiz.locator(".cl-score", has_text=f"{right} of {len(questions)} right").wait_for()
        harness.save_screenshot(quiz, f"{where}-quiz")
    assert harness.course_errors(page) == []


def check_play(page, player) -> None:
    """Press Play on a trajectory player: status and figure run through the steps, from 0 to the last."""
    player.scroll_into_view_if_needed()
    explorer = Explorer(player)
    explorer.settle()
    handle = player.locator(".cl-frame .noUi-handle")
    slider = handle.evaluate(SLIDER)
    assert slider["value"] == slider["max"], "the player should first show the whole run"
    player.locator(".cl-status").evaluate(  # note every status the player shows
        "el => { window.__statuses = []; new MutationObserver(() => window.__statuses.push(el.innerText))"
        ".observe(el, {subtree: true, childList: true, characterData: true}); }"
    )
    explorer.views.evaluate(RECORD_FIGURES)
    pictures = {explorer.pixels}
    player.locator(".cl-play button").first.click()  # ▶: from the last frame, Play starts over at step 0
    deadline = time.monotonic() + CHANGE_TIMEOUT
    while handle.evaluate(SLIDER)["value"] != slider["max"]:
        pictures.add(harness.pixel_hash(explorer.views))
        assert time.monotonic() < deadline, "Play did not reach the last step"
    explorer.settle()
    steps = [int(m.group(1)) for m in map(re.compile(r"step (\d+):").match, page.evaluate("window.__statuses")) if m]
    last = int(slider["max"])
    assert steps[0] == 0 and steps[-1] == last and len(set(steps)) > last // 2, steps
    # the figure drew the ball at several places (states of its SVG), and a screenshot taken while
    # playing shows other pixels than the whole run does
    figures = page.evaluate("window.__figures.size")
    assert figures > 3, f"the figure should show the ball at several places while playing: {figures} states"
    assert len(pictures) > 1, "no screenshot taken while playing differs from the whole run"
    assert harness.course_errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("notebook", [n for n in COURSE if n not in DRIVEN])
def test_course_notebook_runs_clean_in_jupyterlab(lab_server, page, notebook):
    """Every notebook a student opens: Run All shows every widget, no error output, no error in a widget.
    (02 and 08 are driven control by control below.)"""
    harness.open_lab_notebook(page, lab_server, f"course/{notebook}.ipynb")
    check_exercise_code_folded(page, notebook)
    harness.run_all_cells(page)
    assert page.locator(".cl-widget").count() >= 2  # at least the widget check or an exercise and a quiz
    assert harness.course_errors(page) == []
    harness.save_screenshot(page, f"lab-{notebook}")


@pytest.mark.browser
def test_descent_notebook_in_jupyterlab(lab_server, page):
    harness.open_lab_notebook(page, lab_server, "course/02_descent_on_a_parabola.ipynb")
    check_exercise_code_folded(page, "02_descent_on_a_parabola")
    harness.run_all_cells(page)
    assert harness.course_errors(page) == []
    check_play(page, page.locator(".cl-trajectory-player"))
    used = exercise_explorers(page, "lab-02")
    assert used == [("cl-descent-explorer", 1, 4), ("cl-trajectory-player", 0, 1)]
    check_exercises(page, "lab-02")


@pytest.mark.browser
def test_playground_notebook_in_jupyterlab(lab_server, page):
    harness.open_lab_notebook(page, lab_server, "course/11_playground.ipynb")
    check_exercise_code_folded(page, "11_playground")
    harness.run_all_cells(page)
    assert harness.course_errors(page) == []
    playground = page.locator(".cl-playground").first
    playground.scroll_into_view_if_needed()
    view = Explorer(playground)
    view.settle()
    formula = playground.locator(".cl-formula input").first
    formula.fill("x**2 + 3*cos(3*x)")  # the notebook opened it on another formula
    check_change(page, view, "a formula typed", lambda: formula.press("Enter"))
    formula.fill("x.__class__")
    formula.press("Enter")
    playground.locator(".cl-formula-error", has_text="Cannot plot this formula").wait_for()
    harness.save_screenshot(playground, "lab-11-playground")
    check_exercises(page, "lab-11")
