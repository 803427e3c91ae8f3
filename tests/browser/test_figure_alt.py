"""Every static figure has a text alternative a screen reader reads (issue 16): in JupyterLab and Voilà each course
figure is an ``<img>`` with its ``alt`` (the animation player's picture too, its moving dots hidden from screen
readers), and axe-core finds no serious or critical problem in their outputs. The fixture's last figure says nothing (no
title, no label, no legend): it stays a bare PNG, and axe-core must find its missing ``alt`` (so the check can fail).

A notebook is stored executed and opened untrusted, so JupyterLab sanitizes its HTML outputs: the stored
``<img>`` must still show its picture and keep its ``alt``.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from . import harness
from .conftest import FIXTURES
from .test_accessibility import AXE_RUN

FIXTURE, STORED = "figures.ipynb", "figures_stored.ipynb"
LAST = ".cl-animation"  # the last cell's output: once it is shown, the notebook has run

PICTURES = """() => [...document.querySelectorAll('.jp-OutputArea-output img')].map(img => ({
    alt: img.getAttribute('alt'), loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth,
    player: !!img.closest('.cl-animation')}))"""
SAYS = [["Contours of f = (1 − x)² + 100(y − x²)² with the paths of GradientDescent (", ") and Adam ("],
        ["η = 0.1: The curve f(x) = x² with the path of GradientDescent(lr=0.1)", " η = 0.9: The curve f(x) = x²"],
        ["f(x_k) − f* (log scale) at every step k of GradientDescent (", ") and Adam ("],
        ["Drawn by hand: value against step; doubling."]]
"""What each of the fixture's figures says, in order (the bare PNG says nothing; the animation is checked apart)."""


def axe_on_outputs(page) -> list[dict]:
    """axe-core's serious and critical violations in every output area that shows a picture."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    found = []
    for output in page.locator(".jp-OutputArea-output").all():
        if output.locator("img, svg").count():
            found += page.evaluate(AXE_RUN, [output.element_handle()])
    return found


def check_pictures(page) -> None:
    pictures = page.evaluate(PICTURES)
    assert all(p["loaded"] and p["width"] > 100 for p in pictures), pictures  # every picture shown
    said = [p["alt"] for p in pictures if not p["player"]]
    assert len(said) == len(SAYS) + 1 and said[-1] is None, said  # the last, bare PNG: no alt at all
    missing = [(words, alt) for words, alt in zip(SAYS, said[:-1], strict=True)
               if not (alt and all(w in alt for w in words))]
    assert not missing, missing
    (player,) = [p["alt"] for p in pictures if p["player"]]
    assert player.startswith("An animation in 20 frames") and "Contours of f = " in player, player


def check_axe(page) -> None:
    violations = axe_on_outputs(page)
    ids = [v["id"] for v in violations]
    assert ids == ["image-alt"], violations  # the bare PNG only: every course figure passes
    (bare,) = violations
    assert len(bare["nodes"]) == 1, bare


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["lab", "voila"])
def test_every_course_figure_is_an_img_with_its_alt_and_axe_finds_no_other_problem(request, page, kind):
    harness.open_notebook(page, request.getfixturevalue(f"{kind}_server"), FIXTURE, LAST)
    check_pictures(page)
    check_axe(page)
    harness.save_screenshot(page, f"{kind}-figure-alt")
    assert harness.course_errors(page) == []


@pytest.fixture(scope="module")
def stored(served_dir):
    """The fixture executed (as ``tasks.py notebooks`` stores a notebook) beside it in the served folder."""
    nb = nbformat.read(FIXTURES / FIXTURE, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(served_dir)}}).execute()
    nbformat.write(nb, served_dir / STORED)
    yield STORED
    (served_dir / STORED).unlink()


@pytest.mark.browser
def test_a_stored_notebook_opened_untrusted_keeps_each_picture_and_its_alt(page, lab_server, stored):
    harness.open_lab_notebook(page, lab_server, stored)
    page.locator(LAST).first.wait_for(state="attached", timeout=30_000)
    check_pictures(page)
    check_axe(page)
