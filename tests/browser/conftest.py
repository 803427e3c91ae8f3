"""Fixtures for the browser tests: JupyterLab and Voilà servers, Debian's headless Chromium, one page per test.

The servers serve a temporary copy of ``fixtures/`` and of the course's ``notebooks/`` (as ``course/``).
Without Chromium, Playwright, JupyterLab or Voilà the browser tests skip, saying what is missing;
with ``COURSE_REQUIRE_BROWSER=1`` (as in CI) they fail instead. Screenshots go to
``$COURSE_ARTIFACTS_DIR`` or a temporary folder named at the end of the run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

import tasks
from tests._require import unavailable

from . import harness

FIXTURES = Path(__file__).parent / "fixtures"
COURSE = Path(__file__).parents[2] / "notebooks"
collect_ignore_glob = ["fixtures/*"]  # notebooks the browser tests open, not tests themselves (nbval would run them)
VIEWPORT = {"width": 1280, "height": 1000}


def require_browser() -> None:
    """Skip the calling test (fail it under COURSE_REQUIRE_BROWSER=1) unless the browser stack is installed."""
    modules = ("playwright", "jupyterlab", "voila")
    missing = [f"the Python module {m}" for m in modules if not importlib.util.find_spec(m)]
    if not os.access(harness.CHROMIUM, os.X_OK):
        missing.append(f"Chromium at {harness.CHROMIUM} (apt-get install chromium)")
    if missing:
        unavailable("browser tests need " + " and ".join(missing), "COURSE_REQUIRE_BROWSER")


@pytest.fixture(scope="session")
def served_dir(tmp_path_factory) -> Path:
    """The folder both servers serve: a copy of the fixture notebooks, and of the course in ``course/``.

    One folder for both, so that one JupyterLab and one Voilà server serve every browser test;
    copies, so that running notebooks never modifies the repository.
    """
    folder = tmp_path_factory.mktemp("served")
    for notebook in FIXTURES.glob("*.ipynb"):
        shutil.copy(notebook, folder)
    shutil.copytree(COURSE, folder / "course", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return folder


@pytest.fixture(scope="session")
def lab_server(served_dir, tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 (free port, random token), stopped with its kernels at the end."""
    require_browser()
    with harness.JupyterServer.start("lab", served_dir, tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
def voila_server(served_dir, tmp_path_factory):
    """A Voilà server on 127.0.0.1 (free port, random token) as ``tasks.py voila`` starts it (the course's template),
    stopped with its kernels at the end."""
    require_browser()
    with harness.JupyterServer.start("voila", served_dir, tmp_path_factory.mktemp("voila"), args=tasks.VOILA,
                                     env=tasks.jupyter_path()) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_session():
    """Playwright's sync API, started once: a second one in the same process would refuse to start."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_session):
    """Debian's headless Chromium driven by Playwright (sync API)."""
    browser = harness.launch_chromium(playwright_session)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium, request):
    """A fresh browser page (own context, offline: see :func:`harness.offline`; ``page.refused`` lists what it asked
    outside the servers); a screenshot of it is saved if the test fails."""
    context = chromium.new_context(viewport=VIEWPORT)
    refused = harness.offline(context)
    page = context.new_page()
    page.refused = refused
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        path = harness.save_screenshot(page, f"FAILED-{request.node.name}")
        print(f"screenshot of the failed page: {path}")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def pytest_terminal_summary(terminalreporter):
    if harness.artifacts_used() is not None:
        terminalreporter.write_line(f"browser screenshots: {harness.artifacts_used()}")
