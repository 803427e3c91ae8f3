"""The course in the browser: the JupyterLite site of ``python3 tasks.py lite``, offline, in headless Chromium.

The site is built (or a fresh build reused) and served on 127.0.0.1 by ``tasks.py lite``; Chromium
resolves no other host. Each notebook is opened in a page of its own, one after another, and Run All:
no error output, no unexecuted cell, no widget error, no request to anywhere but the site, no failed
request but the noise JupyterLite makes by design (below), every figure an ``<img>`` with its text alternative
(Pyodide's matplotlib shows figures through the inline backend too); notebooks 00 and 06 say that they run in the
browser. In notebook 02 a slider of the descent
explorer is moved by keyboard and by mouse, and its figure must change. The time from opening the
page to a ready kernel and the Run All time are printed for every notebook.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from . import harness
from .conftest import VIEWPORT, require_browser

ROOT = Path(__file__).parents[2]
NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"  # every host but 127.0.0.1 is unknown
# What JupyterLite asks for and does not have, by design: a favicon at the root, and the kernel's probes of
# the contents API (the notebooks live in the browser's storage and in files/, not behind a server).
EXPECTED_404 = re.compile(r"/favicon\.ico|/api/contents/.*|/api/resolvePath.*")
# Printed to stderr by the first figure of each kernel (Pyodide's file system starts empty every time).
FONT_CACHE = "Matplotlib is building the font cache; this may take a moment."
# What the notebooks that need to know where they run print in the browser (course_lib.setup_check.where).
SAYS_BROWSER = {
    "00_start_here.ipynb": "running in your browser (JupyterLite): Python 3.12.7 compiled to WebAssembly by Pyodide",
    "06_mini_batch_sgd.ipynb": "measured in your browser (JupyterLite): Python 3.12.7",
}
# The explorer whose sliders are moved, and the notebook it is in.
SLIDERS = ("02_descent_on_a_parabola.ipynb", ".cl-descent-explorer")

STDERR_JS = """() => [...document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.innerText)"""
# The text alternative of every picture shown in an output (None for an <img> without alt); the course's all have
# one. (The widgets' hidden <img alt=""> that runs their keyboard shim, course_lib/_ui.py, shows nothing.)
ALTS_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output img')]
    .filter(img => img.getClientRects().length).map(img => img.getAttribute('alt'))"""
PROMPTS_JS = "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map(p => p.textContent)"


@pytest.fixture(scope="module")
def lite_server(tmp_path_factory):
    """The site built by ``tasks.py lite build --if-needed`` and served by ``tasks.py lite`` on 127.0.0.1."""
    require_browser()
    start = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "tasks.py"), "lite", "build", "--if-needed"], check=True)
    print(f"lite site ready to serve after {time.monotonic() - start:.1f} s")
    with harness.JupyterServer.start("lite", ROOT, tmp_path_factory.mktemp("lite")) as server:
        yield server


@pytest.fixture(scope="module")
def offline_chromium(playwright_session):
    """Headless Chromium that resolves no host but 127.0.0.1."""
    browser = harness.launch_chromium(playwright_session, (OFFLINE,))
    yield browser
    browser.close()


class Traffic:
    """Every request of a browser context (its pages and their workers), and every one that failed."""

    def __init__(self, context):
        self.requests: list[str] = []
        self.failures: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", lambda request: self.failures.append(f"{request.failure}: {request.url}"))
        context.on("response", self._response)

    def _response(self, response) -> None:
        expected = response.status == 404 and EXPECTED_404.fullmatch(urlparse(response.url).path)
        if response.status >= 400 and not expected:
            self.failures.append(f"{response.status}: {response.url}")

    def problems(self, base_url: str) -> list[str]:
        away = [f"request away from the site: {url}" for url in self.requests
                if not url.startswith((base_url + "/", "data:", "blob:"))]
        return away + self.failures


def move_sliders(page) -> None:
    """The descent explorer of notebook 02: x₀ one notch by keyboard, η dragged by mouse; each time the
    readout moves and the figure shows other pixels."""
    explorer = page.locator(SLIDERS[1]).first
    figure = explorer.locator(".cl-plot").first.locator("xpath=..")
    explorer.scroll_into_view_if_needed()
    pixels = harness.pixel_hash(figure)
    harness.press_slider(page, f"{SLIDERS[1]} .cl-x0", "ArrowRight")
    pixels = harness.wait_pixels_change(figure, pixels)
    harness.save_screenshot(explorer, "lite-descent-explorer-key")

    rate = f"{SLIDERS[1]} .cl-lr"
    before = harness.slider_readout(page, rate)
    box = page.locator(f"{rate} .noUi-handle").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2, steps=10)
    page.mouse.up()
    assert harness.slider_readout(page, rate) != before, f"dragging the η slider left its readout at {before}"
    harness.wait_pixels_change(figure, pixels)
    harness.save_screenshot(explorer, "lite-descent-explorer-mouse")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_offline_in_the_browser(lite_server, offline_chromium, notebook, capsys):
    context = offline_chromium.new_context(viewport=VIEWPORT)
    traffic = Traffic(context)
    page = context.new_page()
    try:
        start = time.monotonic()
        page.goto(f"{lite_server.base_url}/lab/index.html?path=notebooks/{notebook}", timeout=120_000)
        harness.wait_kernel_idle(page, timeout=180, idle=harness.LITE_KERNEL_IDLE)
        ready = time.monotonic() - start
        harness.run_all_cells(page, timeout=600, idle=harness.LITE_KERNEL_IDLE)
        ran = time.monotonic() - start - ready
        with capsys.disabled():
            print(f"\n[lite] {notebook}: kernel ready {ready:.1f} s after the page opened, Run All {ran:.1f} s")

        assert harness.course_errors(page) == []
        stderr = [text for text in page.evaluate(STDERR_JS) if text.replace(FONT_CACHE, "").strip()]
        assert stderr == [], f"unexpected output on stderr: {stderr}"
        prompts = page.evaluate(PROMPTS_JS)
        code_cells = sum(cell.cell_type == "code" for cell in nbformat.read(ROOT / "notebooks" / notebook, 4).cells)
        assert len(prompts) == code_cells, f"{len(prompts)} code cells on the page, {code_cells} in the notebook"
        assert [p for p in prompts if not re.fullmatch(r"\[\d+\]:", p.strip())] == [], "code cells left unexecuted"
        pictures = page.evaluate(ALTS_JS)
        assert all(pictures), f"a figure without a text alternative: {pictures}"
        figures = sum("plt.show()" in cell.source or "plots.show(" in cell.source
                      for cell in nbformat.read(ROOT / "notebooks" / notebook, 4).cells)
        assert len(pictures) >= figures, f"{len(pictures)} pictures for {figures} figures shown"
        if notebook in SAYS_BROWSER:
            page.locator(".jp-OutputArea-output", has_text=SAYS_BROWSER[notebook]).first.wait_for(timeout=1000)
        if notebook == SLIDERS[0]:
            move_sliders(page)
            assert harness.course_errors(page) == []
        assert traffic.problems(lite_server.base_url) == []
    except BaseException:
        print(f"screenshot of the failed page: {harness.save_screenshot(page, f'FAILED-lite-{notebook}')}")
        raise
    finally:
        context.close()
