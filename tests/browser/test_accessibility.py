"""Readable by everyone: every explorer used by keyboard alone, in JupyterLab and Voilà; legible in the dark
theme (contrast measured on screenshots); accessible names and text alternatives (axe-core); and at projector
size (1024 × 768) nothing overlaps and nothing is clipped.

The fixture notebooks ``fixtures/accessibility.ipynb`` and ``fixtures/projector.ipynb`` (the same, with
``projector_style()``) show every explorer and a static figure. Screenshots go to the artifacts folder.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

import tasks
from tests._colors import contrast

from . import harness
from .test_course import EXPLORER, NEXT_TO, SLIDER, Explorer, check_change, course_class, view_only

NOTEBOOK, PROJECTOR = "accessibility.ipynb", "projector.ipynb"
LAST = ".cl-playground .cl-plot"  # the last cell's explorer: once it is drawn, the notebook has run
EXPLORERS = ("cl-fog-explorer", "cl-descent-explorer", "cl-trajectory-player", "cl-regime-explorer",
             "cl-basin-explorer", "cl-minibatch-explorer", "cl-optimizer-race", "cl-training-explorer",
             "cl-playground")
CONTROLS = (".widget-slider, .widget-dropdown, .widget-select-multiple, .widget-radio, .widget-toggle-button, "
            ".widget-button, .widget-play, .widget-text, .widget-checkbox, .widget-toggle-buttons")
"""The views of ipywidgets controls (a Play widget is one control with several buttons)."""
TYPED, TYPED_AGAIN = "x**2 + 2*y**2", "(x - 1)**2 + y**2"  # new formulas for the playground, typed

# Which control (its index among the explorer's CONTROLS, or -1) holds the focus, and what the focus is on.
FOCUS = """([root, selector]) => {
    const el = document.activeElement, controls = [...root.querySelectorAll(selector)];
    const index = controls.findIndex(c => c.contains(el));
    return {index, tag: el ? el.tagName.toLowerCase() : '', role: el ? (el.getAttribute('role') || '') : '',
            text: el ? (el.getAttribute('title') || el.innerText || '').trim().slice(0, 40) : '',
            disabled: !!(el && el.disabled)};
}"""


def open_fixture(page, server, notebook: str = NOTEBOOK) -> list[Explorer]:
    harness.open_notebook(page, server, notebook, LAST)
    explorers = [Explorer(root) for root in page.locator(EXPLORER).all()]
    assert [e.name for e in explorers] == list(EXPLORERS)
    return explorers


def controls_of(explorer: Explorer):
    return [c for c in explorer.root.locator(CONTROLS).all() if c.is_visible()]


def focus_first(page, explorer: Explorer) -> None:
    """Put the keyboard focus on the explorer's first focusable element (where Tab from the cell above lands)."""
    explorer.root.evaluate("""root => root.querySelector(
        'input, select, button, textarea, [tabindex]:not([tabindex="-1"])').focus()""")


def tab_through(page, explorer: Explorer) -> list[dict]:
    """Press Tab from the explorer's first control until the focus leaves it; return where it was at each stop."""
    selector = CONTROLS
    focus_first(page, explorer)
    stops = []
    for _ in range(80):
        where = explorer.root.evaluate(FOCUS, selector) if False else page.evaluate(
            FOCUS, [explorer.root.element_handle(), selector])
        if where["index"] < 0 and stops:
            break
        stops.append(where)
        page.keyboard.press("Tab")
    return stops


def wait_status_change(explorer: Explorer, before: str, what: str, timeout: float = 30.0) -> None:
    """Wait until the status line reads other than ``before`` (a formula's runs can come in after its title)."""
    status = explorer.root.locator(".cl-status").first.element_handle()
    try:
        explorer.root.page.wait_for_function("([el, old]) => el.innerText !== old", arg=[status, before],
                                             timeout=timeout * 1000)
    except Exception:
        raise AssertionError(f"{explorer.name}: {what}: the status stayed {before!r}") from None
    explorer.settle()


def check(page, explorer: Explorer, what: str, act, changes: bool = True, pixels: bool = True) -> None:
    """``act()`` must redraw the figures (see test_course's ``check_change``) and, with ``changes``, change the
    status line too, however late it comes (a new objective's picture is drawn before its runs are done)."""
    before = explorer.status
    check_change(page, explorer, what, act, status_changes=False, pixels=pixels)
    if changes:
        wait_status_change(explorer, before, what)


def use_by_keyboard(page, explorer: Explorer) -> list[str]:
    """Tab to every control and use it with its keys; return what was done (fails on the first problem)."""
    done = []
    controls = controls_of(explorer)
    stops = tab_through(page, explorer)
    reached = {s["index"] for s in stops}
    missing = [course_class(c) for i, c in enumerate(controls) if i not in reached]
    assert not missing, f"{explorer.name}: Tab never reaches {missing}; stops: {stops}"
    explorer.settle()
    # the sliders and Play first, then the choices (a choice of fewer optimizers leaves a slider with nothing to do)
    moving = ("widget-slider", "widget-play")
    ordered = sorted(controls, key=lambda c: not any(k in c.get_attribute("class") for k in moving))
    for control in ordered:
        name, kinds = course_class(control), control.get_attribute("class")
        changes = not view_only(explorer, name)
        if "widget-slider" in kinds:
            handle = control.locator(".noUi-handle").first
            start = handle.evaluate(SLIDER)
            for key, end in (("End", "max"), ("Home", "min")):
                if start["value"] == start[end]:
                    continue
                before = control.locator(".widget-readout").first.inner_text()
                handle.focus()
                check(page, explorer, f"{name} {key}", lambda key=key: page.keyboard.press(key), changes)
                assert control.locator(".widget-readout").first.inner_text() != before, f"{name} {key}"
                done.append(f"{name} {key}")

            def back(handle=handle, value=start["value"]):  # one step from where it started, then an arrow key
                before = explorer.fingerprint()
                arrow = handle.evaluate(NEXT_TO, value)
                explorer.wait_drawn(before, timeout=1.0)
                handle.focus()
                page.keyboard.press(arrow)

            check(page, explorer, f"{name} back with an arrow key", back, changes)
            assert abs(handle.evaluate(SLIDER)["value"] - start["value"]) < 1e-6 * max(1, abs(start["value"]))
            done.append(f"{name} arrow")
        elif "widget-play" in kinds:
            frame = explorer.root.locator(".cl-frame .widget-readout").first
            buttons = control.locator("button")
            before = frame.inner_text()
            buttons.first.focus()  # Play
            page.keyboard.press("Enter")
            page.wait_for_function("([el, old]) => el.innerText.trim() !== old",
                                   arg=[frame.element_handle(), before.strip()], timeout=15_000)
            buttons.nth(1).focus()  # Pause
            page.keyboard.press("Space")
            explorer.settle()
            paused = frame.inner_text()
            page.wait_for_timeout(500)
            assert frame.inner_text() == paused, f"{explorer.name}: Space on Pause did not stop the Play widget"
            done.append(f"{name} Enter on Play, Space on Pause")
        elif "widget-dropdown" in kinds or "widget-select-multiple" in kinds or "widget-radio" in kinds:
            target = control.locator("select, input[type=radio]:checked").first
            target.focus()
            check(page, explorer, f"{name} ArrowDown", lambda: page.keyboard.press("ArrowDown"), changes)
            done.append(f"{name} ArrowDown")
        elif "widget-text" in kinds:
            box = control.locator("input").first
            box.focus()
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.type(TYPED)
            check(page, explorer, f"{name}: typed {TYPED!r} and Enter", lambda: page.keyboard.press("Enter"))
            done.append(f"{name} typed, Enter")
        elif name == "cl-plot-button":  # the playground's: type a formula, Tab to the button, Enter
            def plot(control=control):
                explorer.root.locator(".cl-formula input").first.focus()
                page.keyboard.press("ControlOrMeta+a")
                page.keyboard.type(TYPED_AGAIN)
                page.keyboard.press("Tab")
                assert page.evaluate("([b]) => b.contains(document.activeElement)", [control.element_handle()])
                page.keyboard.press("Enter")
            check(page, explorer, f"{name}: typed {TYPED_AGAIN!r}, Tab, Enter", plot)
            done.append(f"{name} Enter")
        elif "widget-toggle-button" in kinds or "widget-button" in kinds:
            key = "Space" if "widget-toggle-button" in kinds else "Enter"
            control.focus()
            check(page, explorer, f"{name} {key}", lambda key=key: page.keyboard.press(key), changes)
            done.append(f"{name} {key}")
        else:
            done.append(f"{name}: reached by Tab")
    return done


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_every_explorer_by_keyboard_alone(request, page, kind):
    explorers = open_fixture(page, request.getfixturevalue(f"{kind}_server"))
    problems = []
    for explorer in explorers:
        explorer.root.scroll_into_view_if_needed()
        try:
            done = use_by_keyboard(page, explorer)
            assert done, f"{explorer.name}: no control used"
        except AssertionError as error:
            problems.append(str(error))
        harness.save_screenshot(explorer.root, f"{kind}-keyboard-{explorer.name.removeprefix('cl-')}")
    assert not problems, "\n".join(problems)
    assert harness.course_errors(page) == []


# --- screen readers: axe-core over each explorer -----------------------------------------------------------------

AXE_RUN = """async ([root]) => {
    const result = await axe.run(root, {resultTypes: ['violations']});
    return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))
    }));
}"""


FIGURE_NAMES = """root => [...root.querySelectorAll('.cl-plot svg.svg-figure')].map(svg => (
    {role: svg.getAttribute('role'), label: svg.getAttribute('aria-label') || ''}))"""


def read_aloud(text: str) -> str:
    """The words of a text, without the runs' line-and-marker glyphs (hidden from screen readers)."""
    return " ".join(w for w in (w.strip("●■▲▼◆✚") for w in text.split()) if w)


def axe_violations(page, explorer: Explorer) -> list[dict]:
    """axe-core's serious and critical violations inside the explorer (axe-core from axe-playwright-python's wheel)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(AXE_RUN, [explorer.root.element_handle()])


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_axe_finds_no_serious_problem_in_any_explorer(request, page, kind):
    explorers = open_fixture(page, request.getfixturevalue(f"{kind}_server"))
    found = {}
    for explorer in explorers:
        explorer.root.scroll_into_view_if_needed()
        explorer.settle()
        violations = axe_violations(page, explorer)
        if violations:
            found[explorer.name] = violations
        # the text alternative of each figure: its title and the status line, as a screen reader reads them
        names = explorer.root.evaluate(FIGURE_NAMES)
        status = read_aloud(explorer.status)
        assert names and all(n["role"] == "img" and read_aloud(n["label"]).endswith(status) for n in names), (
            names, status)
    descent = explorers[EXPLORERS.index("cl-descent-explorer")]
    descent.root.locator(".cl-lr .noUi-handle").first.focus()
    check(page, descent, "lr End", lambda: page.keyboard.press("End"))
    page.wait_for_timeout(500)
    labels = [read_aloud(n["label"]) for n in descent.root.evaluate(FIGURE_NAMES)]
    assert all(label.endswith(read_aloud(descent.status)) for label in labels), labels  # it follows the status
    assert not found, "\n".join(f"{name}: {v['impact']} {v['id']} ({v['help']}): {v['nodes'][:3]}"
                                for name, vs in found.items() for v in vs)


# --- projector: 1024 × 768 with projector_style() -----------------------------------------------------------------

LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text(encoding="utf-8")



@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_at_projector_size_nothing_overlaps_and_nothing_is_clipped(request, chromium, kind):
    context = chromium.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    try:
        explorers = open_fixture(page, request.getfixturevalue(f"{kind}_server"), PROJECTOR)
        found = []
        for explorer in explorers:
            explorer.root.scroll_into_view_if_needed()
            explorer.settle()
            found += [f"{explorer.name}: {p}" for p in explorer.root.evaluate(LAYOUT_PROBLEMS)]
            harness.save_screenshot(explorer.root, f"{kind}-projector-{explorer.name.removeprefix('cl-')}")
        assert not found, "\n".join(found)
    finally:
        context.close()


# --- the dark theme: contrast measured on screenshots --------------------------------------------------------------

TEXT_BOXES = (Path(__file__).parent / "text_boxes.js").read_text(encoding="utf-8")
DARK_LAB = {"@jupyterlab/apputils-extension/themes": '{"theme": "JupyterLab Dark"}'}


def measured_contrast(png: bytes, box: dict, scale: float) -> float:
    """The contrast of a text (or line) on a screenshot: its background is the box's commonest colour, its ink the
    pixel that stands out most from it (the core of a glyph's stroke)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    left, top = int(box["x"] * scale), int(box["y"] * scale)
    right, bottom = int(np.ceil((box["x"] + box["w"]) * scale)), int(np.ceil((box["y"] + box["h"]) * scale))
    pixels = np.asarray(image.crop((max(left - 1, 0), max(top - 1, 0), right + 1, bottom + 1)), dtype=float) / 255
    pixels = pixels.reshape(-1, 3)
    colors, counts = np.unique(pixels.round(3), axis=0, return_counts=True)
    background = colors[np.argmax(counts)]
    return max(contrast(background, p) for p in np.unique(pixels.round(3), axis=0))


def low_contrast(locator, name: str) -> list[str]:
    """Every text and axis line of ``locator`` with a contrast below 4.5:1 on its screenshot."""
    boxes = locator.evaluate(TEXT_BOXES)
    png = harness.element_png(locator)
    from PIL import Image

    scale = Image.open(io.BytesIO(png)).width / max(locator.bounding_box()["width"], 1)
    found = []
    for box in boxes:
        ratio = measured_contrast(png, box, scale)
        if ratio < 4.5:
            found.append(f"{name}: {box['what']!r} {ratio:.2f}:1")
    assert boxes, f"{name}: no text found"
    return found


@pytest.fixture(scope="module")
def dark_lab(served_dir, tmp_path_factory):
    """JupyterLab in its Dark theme, on the folder the other servers serve."""
    from .conftest import require_browser

    require_browser()
    with harness.JupyterServer.start("lab", served_dir, tmp_path_factory.mktemp("dark-lab"), settings=DARK_LAB) as lab:
        yield lab


@pytest.fixture(scope="module")
def dark_voila(served_dir, tmp_path_factory):
    """Voilà with ``--theme=dark``."""
    from .conftest import require_browser

    require_browser()
    with harness.JupyterServer.start("voila", served_dir, tmp_path_factory.mktemp("dark-voila"),
                                     args=[*tasks.VOILA, "--theme=dark"], env=tasks.jupyter_path()) as voila:
        yield voila


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_in_the_dark_theme_every_text_and_axis_keeps_a_contrast_of_4_5(request, chromium, kind):
    # a page taller than any explorer: JupyterLab draws only what its notebook panel shows
    context = chromium.new_context(viewport={"width": 1280, "height": 2000})
    try:
        check_dark(context.new_page(), request.getfixturevalue(f"dark_{kind}"), kind)
    finally:
        context.close()


def check_dark(page, server, kind: str) -> None:
    explorers = open_fixture(page, server)
    assert page.evaluate("() => document.body.dataset.jpThemeLight") == "false"  # the dark theme is on
    found = []
    for explorer in explorers:
        explorer.root.scroll_into_view_if_needed()
        explorer.settle()
        found += low_contrast(explorer.root, explorer.name)
        harness.save_screenshot(explorer.root, f"{kind}-dark-{explorer.name.removeprefix('cl-')}")
    # the static figure: a picture with its own white background, its text dark on it
    figure = page.locator(".jp-OutputArea-output img").first
    figure.scroll_into_view_if_needed()
    png = harness.element_png(figure)
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float).reshape(-1, 3) / 255
    colors, counts = np.unique(pixels.round(3), axis=0, return_counts=True)
    background = colors[np.argmax(counts)]
    assert contrast(background, (1, 1, 1)) < 1.1, f"the static figure's background is {background}, not white"
    assert max(contrast(background, p) for p in colors) >= 4.5
    harness.save_screenshot(figure, f"{kind}-dark-static-figure")
    assert not found, "\n".join(found)
