"""The lecture deck (``python3 tasks.py slides``): the instructor demos as Voilà's reveal.js slides, walked slide by
slide with the keys a presenter's clicker sends, at 1024 × 768 and 1920 × 1080.

On each slide: its title, its explorer drawn and answering a slider moved by keyboard, nothing outside the screen,
no error, and no request for anything outside the server (reveal.js comes with Voilà, its style sheets with the
course's template). Screenshots of every slide go to the artifacts folder.
"""

from __future__ import annotations

import re

import nbformat
import pytest

import tasks
from tests._notebooks import NOTEBOOKS

from . import harness
from .test_course import Explorer, check_change

DECK = "course/instructor_demos.ipynb"
TITLES = [re.sub(r"^#+ ", "", c.source.splitlines()[0])
          for c in nbformat.read(NOTEBOOKS / "instructor_demos.ipynb", as_version=4).cells
          if c.metadata.get("slideshow", {}).get("slide_type") == "slide"]

PRESENT = """() => {
    const slides = [...document.querySelectorAll('.reveal .slides > section')];
    const present = document.querySelector('.reveal .slides > section.present');
    const view = {width: window.innerWidth, height: window.innerHeight};
    // HTML elements and whole SVG figures (a mark inside a figure may reach past it, clipped by the figure)
    const out = [...present.querySelectorAll('*')].filter(el => !(el instanceof SVGElement) || el.tagName === 'svg')
        .filter(el => {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') return false;
        if (el.closest('aside.notes')) return false;
        return r.left < -1 || r.top < -1 || r.right > view.width + 1 || r.bottom > view.height + 1;
    }).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'));
    const notes = present.querySelector('aside.notes');
    return {index: slides.indexOf(present), count: slides.length,
            title: (present.querySelector('h1, h2') || {innerText: ''}).innerText.trim(),
            notes: notes ? notes.innerText.trim() : '', notesShown: !!notes && notes.offsetParent !== null,
            outside: out.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def slides_server(served_dir, tmp_path_factory):
    """Voilà serving the course as ``tasks.py slides`` does: its deck template and options."""
    from .conftest import require_browser

    require_browser()
    with harness.JupyterServer.start("voila", served_dir, tmp_path_factory.mktemp("slides"), args=tasks.SLIDES,
                                     env=tasks.jupyter_path()) as server:
        yield server


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_deck_walks_one_demo_per_slide_by_keyboard(chromium, slides_server, size):
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    outside, page_errors = [], []
    local = (slides_server.base_url, "blob:", "data:")  # the server, and pictures the page makes itself
    page.on("request", lambda r: r.url.startswith(local) or outside.append(r.url))
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        page.goto(slides_server.voila_url(DECK), timeout=120_000)
        page.locator(".cl-training-explorer .cl-status").first.wait_for(state="attached", timeout=120_000)
        where = page.evaluate(PRESENT)
        assert where["count"] == len(TITLES) and where["index"] == 0
        keys = ["ArrowRight", "PageDown"]  # the keyboard's, and a presenter clicker's, in turn
        for n, title in enumerate(TITLES):
            page.wait_for_function(f"() => document.querySelector('.reveal .slides > section.present') === "
                                   f"document.querySelectorAll('.reveal .slides > section')[{n}]")
            page.wait_for_timeout(300)  # reveal.js lays the slide out
            where = page.evaluate(PRESENT)
            assert where["title"] == title, where
            assert where["notes"].startswith("Speaker note:") and not where["notesShown"], where
            if where["outside"]:
                harness.save_screenshot(page, f"FAILED-slides-{size[0]}x{size[1]}-{n}")
            assert not where["outside"], f"slide {n} ({title}) at {size}: outside the screen: {where['outside']}"
            present = page.locator(".reveal .slides > section.present")
            explorers = present.locator(".cl-widget:has(.cl-plot)")
            if n:  # every slide after the title shows one explorer: drawn, and it answers a slider
                assert explorers.count() == 1, title
                explorer = Explorer(explorers.first)
                explorer.settle()
                handle = explorer.root.locator(".widget-slider .noUi-handle").first
                at_top = handle.evaluate("h => { const s = h.closest('.noUi-target').noUiSlider;"
                                         " return Number(s.get()) === s.options.range.max; }")
                handle.focus()
                key = "Home" if at_top else "End"
                check_change(page, explorer, f"slide {n}: first slider {key}",
                             lambda key=key: page.keyboard.press(key), status_changes=False)
                assert page.evaluate(PRESENT)["index"] == n, "a key pressed in a widget changed the slide"
            harness.save_screenshot(page, f"slides-{size[0]}x{size[1]}-{n}")
            assert harness.course_errors(page) == [] and page_errors == [], (harness.course_errors(page), page_errors)
            if n + 1 < len(TITLES):
                key = keys[n % 2]
                if n and key == "ArrowRight":
                    page.keyboard.press("Escape")  # in a widget the arrows are the widget's: Escape leaves it
                page.keyboard.press(key)  # Page Down (a clicker) changes the slide even from inside a widget
        page.keyboard.press("PageUp")
        page.wait_for_function("() => document.querySelector('.reveal .slides > section.present') === "
                               f"document.querySelectorAll('.reveal .slides > section')[{len(TITLES) - 2}]")
        assert outside == [], f"requests outside the server: {outside}"
    finally:
        context.close()
