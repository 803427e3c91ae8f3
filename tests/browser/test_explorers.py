"""course_lib's explorers in JupyterLab and Voilà: what only a browser shows.

The fixture notebook ``fixtures/explorers.ipynb`` displays the explorers; each test drives one by
its ``cl-…`` CSS classes and checks the pixels (screenshots go to the artifacts folder).
"""

from __future__ import annotations

import pytest

from . import harness

NOTEBOOK = "explorers.ipynb"
RACE, DESCENT = ".cl-optimizer-race", ".cl-descent-explorer"


def check_race_repaints_the_contours(page, where: str) -> None:
    """Another objective in the race's picker: new contours and a new title on screen."""
    view = page.locator(f"{RACE} .cl-contours").first
    title, picture = view.locator(".mainheading").first, view.locator("image").first
    view.scroll_into_view_if_needed()
    assert title.text_content() == "f = (1 − x)² + 100(y − x²)²"
    before, href = harness.pixel_hash(view), picture.get_attribute("href")
    harness.save_screenshot(view, f"{where}-race-rosenbrock")
    page.locator(f"{RACE} .cl-objective-name select").first.select_option("beale")
    page.wait_for_function("el => el.textContent.startsWith('f = (1.5 − x + xy)²')", arg=title.element_handle())
    # the picture behind the paths is replaced (a new blob), not just the paths redrawn over the old one
    page.wait_for_function("([el, old]) => el.getAttribute('href') !== old", arg=[picture.element_handle(), href])
    harness.wait_pixels_change(view, before)
    harness.save_screenshot(view, f"{where}-race-beale")
    assert harness.course_errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_race_repaints_the_contours_of_a_new_objective(request, page, kind):
    harness.open_notebook(page, request.getfixturevalue(f"{kind}_server"), NOTEBOOK, f"{RACE} .cl-contours")
    check_race_repaints_the_contours(page, kind)


def check_drawn_sliders_keep_the_values_passed(page, where: str) -> None:
    """The browser's sliders snap to their grid when drawn: the values the notebook passed must survive that."""
    status = page.locator(f"{DESCENT} .cl-status").first
    status.scroll_into_view_if_needed()
    assert harness.slider_readout(page, f"{DESCENT} .cl-lr") == "0.100"
    assert harness.slider_readout(page, f"{DESCENT} .cl-x0") == "10.0"
    assert "x = 0.1153" in status.inner_text()  # 10 · 0.8²⁰ = 0.115292, as the notebook prints
    harness.press_slider(page, f"{DESCENT} .cl-x0", "ArrowLeft")
    page.locator(f"{DESCENT} .cl-status", has_text="x = 0.1").wait_for()
    harness.press_slider(page, f"{DESCENT} .cl-x0", "ArrowRight")  # back where it started: exactly 10 again
    page.locator(f"{DESCENT} .cl-status", has_text="x = 0.1153").wait_for()
    harness.save_screenshot(page.locator(DESCENT).first, f"{where}-descent-explorer")
    assert harness.course_errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_sliders_keep_the_values_the_notebook_passed(request, page, kind):
    harness.open_notebook(page, request.getfixturevalue(f"{kind}_server"), NOTEBOOK, f"{DESCENT} .cl-status")
    check_drawn_sliders_keep_the_values_passed(page, kind)


RATE_MAP = ".cl-rate-map-explorer"


def check_rate_map_moves_its_marker(page, where: str) -> None:
    """The μ slider moves the marker over the map and re-runs: new pixels, and the status's computed rate."""
    status = page.locator(f"{RATE_MAP} .cl-status").first
    status.scroll_into_view_if_needed()
    page.locator(f"{RATE_MAP} .cl-status", has_text="computed rate 0.9487").wait_for()  # √0.9: heavy ball's floor
    view = page.locator(f"{RATE_MAP} .cl-rate-map").first
    before = harness.pixel_hash(view)
    harness.save_screenshot(page.locator(RATE_MAP).first, f"{where}-rate-map")
    readout = harness.press_slider(page, f"{RATE_MAP} .cl-momentum", "ArrowLeft")  # μ 0.90 → 0.89
    assert readout == "0.890"
    page.locator(f"{RATE_MAP} .cl-status", has_text="μ = 0.89").wait_for()
    harness.wait_pixels_change(view, before)
    harness.save_screenshot(page.locator(RATE_MAP).first, f"{where}-rate-map-moved")
    assert harness.course_errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_rate_map_moves_its_marker_with_the_sliders(request, page, kind):
    harness.open_notebook(page, request.getfixturevalue(f"{kind}_server"), NOTEBOOK, f"{RATE_MAP} .cl-status")
    check_rate_map_moves_its_marker(page, kind)
