"""pytest settings for the whole repository.

nbval never compares a stored picture (image/png) with a fresh one; :func:`course_lib.plots.animation_html`
embeds its picture in its HTML, which nbval does compare. ``tests/nbval_sanitize.cfg`` takes the picture out
of that comparison: everything else in the player (the recorded positions, the frames, the page) is compared.
"""

from pathlib import Path

SANITIZE = Path(__file__).parent / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config):
    if getattr(config.option, "nbval_sanitize_with", None) is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
