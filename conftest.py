"""pytest settings for the whole repository.

nbval never compares a stored picture (image/png) with a fresh one; a course figure's ``<img alt="…">``
(:mod:`course_lib.plots.alt`) and :func:`course_lib.plots.animation_html` embed their picture in HTML, which
nbval does compare. ``tests/nbval_sanitize.cfg`` takes the picture out of that comparison: everything else (the
figure's text alternative; the player's recorded positions, frames and page) is compared.

After a run that executed notebooks (nbval), the summary has a table of the time each notebook took: its
cells' setup, run and teardown (the kernel's start and stop included), slowest first, and marks those over
:data:`NOTEBOOK_BUDGET` seconds.
"""

from collections import defaultdict
from pathlib import Path

SANITIZE = Path(__file__).parent / "tests" / "nbval_sanitize.cfg"
NOTEBOOK_BUDGET = 15.0
"""Seconds a notebook may take under nbval on a 2-core machine (issue 13)."""

_notebook_seconds: dict = defaultdict(float)


def pytest_configure(config):
    if getattr(config.option, "nbval_sanitize_with", None) is None:
        config.option.nbval_sanitize_with = str(SANITIZE)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::", 1)[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _notebook_seconds:
        return
    terminalreporter.section("time per notebook")
    for path, seconds in sorted(_notebook_seconds.items(), key=lambda item: -item[1]):
        over = f"  over the {NOTEBOOK_BUDGET:g} s budget" if seconds > NOTEBOOK_BUDGET else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{over}")
    terminalreporter.write_line(f"{sum(_notebook_seconds.values()):7.1f} s  in all")
