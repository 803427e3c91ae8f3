"""The formula playground in JupyterLab: type a formula, see the new landscape; type a bad one, see the
message and the old plot; click the contours to move the start."""

from __future__ import annotations

import time

import nbformat
import pytest

from . import harness

NOTEBOOK = "playground_demo.ipynb"
FORMULA = ".cl-playground .cl-formula input"


@pytest.fixture(scope="module")
def playground_notebook(served_dir):
    """A one-cell notebook that shows the playground, in the folder the servers serve."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                       "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("from course_lib.playground import playground\nplayground()")]
    nbformat.write(notebook, served_dir / NOTEBOOK)
    return NOTEBOOK


def settled_hash(locator, pause_ms: int = 400, timeout: float = 30.0) -> str:
    """The element's pixel hash once two screenshots ``pause_ms`` apart agree (a redraw may come in parts)."""
    deadline = time.monotonic() + timeout
    old = harness.pixel_hash(locator)
    while time.monotonic() < deadline:
        locator.page.wait_for_timeout(pause_ms)
        new = harness.pixel_hash(locator)
        if new == old:
            return new
        old = new
    raise AssertionError(f"the figure kept changing for {timeout:.0f} s")


def marks_drawn(locator) -> list[str]:
    """What the figure draws, read from its SVG: every path's outline, every text, every picture's source.

    Unlike a pixel hash this does not change when the figure moves by a fraction of a pixel as a message
    above it appears, so it tells a redraw from a reflow."""
    return locator.evaluate("""el => [...el.querySelectorAll('path, text, image')].map(n =>
        n.tagName + ':' + (n.getAttribute('d') || n.getAttribute('href') || n.textContent || ''))""")


def submit(page, text: str, *, button: bool = False) -> None:
    """Type ``text`` into the formula box and submit it with Enter (or the Plot button)."""
    box = page.locator(FORMULA)
    box.fill(text)
    if button:
        page.locator(".cl-playground .cl-plot-button").click()
    else:
        box.press("Enter")


@pytest.mark.browser
def test_typing_a_formula_draws_its_landscape_and_a_bad_one_shows_why(lab_server, page, playground_notebook):
    harness.open_lab_notebook(page, lab_server, playground_notebook)
    harness.run_all_cells(page)
    landscape = page.locator(".cl-playground .cl-plot").first
    landscape.wait_for(state="visible")
    assert "cl-landscape" in landscape.get_attribute("class")
    page.locator(".cl-playground .cl-status", has_text="GradientDescent").wait_for()
    harness.save_screenshot(page.locator(".cl-playground"), "lab-playground-start")
    before = harness.pixel_hash(landscape)

    submit(page, "x**2 + sin(3*x)")
    landscape.locator(".mainheading", has_text="f(x) = x² + sin(3x)").wait_for()
    harness.wait_pixels_change(landscape, before)
    harness.wait_kernel_idle(page)  # the title comes first; on a busy machine the paths arrive later
    settled_hash(landscape)
    drawn = marks_drawn(landscape)
    assert any(mark.startswith("path:M") for mark in drawn), drawn  # the curve and the paths are SVG
    harness.save_screenshot(page.locator(".cl-playground"), "lab-playground-new-formula")

    submit(page, "x**")
    error = page.locator(".cl-playground .cl-formula-error")
    error.get_by_text("could not read the formula", exact=False).wait_for()
    assert "The plot still shows f = x² + sin(3x)" in error.inner_text()
    page.wait_for_timeout(1000)  # time for any (wrong) redraw to arrive
    assert marks_drawn(landscape) == drawn
    assert page.locator(FORMULA).input_value() == "x**"  # left in the box, to be corrected
    harness.save_screenshot(page.locator(".cl-playground"), "lab-playground-bad-formula")

    submit(page, "(1-x)**2 + 100*(y-x**2)**2", button=True)
    contours = page.locator(".cl-playground .cl-contours")
    contours.locator(".mainheading", has_text="100(y − x²)²").wait_for()
    error.wait_for(state="hidden")
    page.locator(".cl-playground .cl-y0").wait_for(state="visible")
    harness.save_screenshot(page.locator(".cl-playground"), "lab-playground-2d")

    # a click on the contours moves the start: the start sliders' readouts follow
    readouts = [harness.slider_readout(page, f".cl-playground .{name}") for name in ("cl-x0", "cl-y0")]
    box = contours.locator("image").first.bounding_box()
    contours.locator("image").first.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.25})
    page.wait_for_function(
        """([old]) => { const r = [...document.querySelectorAll('.cl-playground .cl-x0 .widget-readout')];
                        return r.length && r[0].textContent.trim() !== old; }""",
        arg=[readouts[0]],
    )
    assert harness.slider_readout(page, ".cl-playground .cl-y0") != readouts[1]
    assert harness.course_errors(page) == []
