"""Is this Jupyter ready for the course? A widget round trip, and the widget packages Python sees.

Notebook 00 uses both::

    from course_lib import setup_check
    setup_check.widget_check()        # a slider, and a line Python rewrites whenever it moves
    print(setup_check.versions())     # ipywidgets and jupyterlab_widgets in this kernel's environment

and notebook 05 says where its timings were measured with :func:`where`: on the machine of the kernel, or in the
browser (the course's JupyterLite site, where Python runs as WebAssembly inside the browser tab).

The widget proves the whole chain: the browser draws the slider, a move travels to the kernel,
Python computes a reply, and the browser shows it. Where widgets cannot be drawn, Jupyter shows
the widget's plain-text form instead, and that text says what it means (rather than
``VBox(children=(IntSlider(...), ...))``).
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

import ipywidgets as widgets
import numpy as np

from . import _checks
from ._ui import Panel, css

__all__ = ["WidgetCheck", "widget_check", "versions", "in_browser", "where"]

FALLBACK_TEXT = (
    "[Widget check: not drawn. If you still see this line after running the cell, this Jupyter cannot "
    "display widgets: see the table below.]"
)


class WidgetCheck(Panel):
    """A slider ``x`` and a line ``reply`` that Python rewrites as "x² = …" whenever the slider moves.

    CSS classes: ``cl-setup-check`` (the widget), ``cl-check-slider``, ``cl-check-reply``.
    """

    def __init__(self, value: int = 3):
        value = _checks.integer("value", value, low=-10, high=10)
        self.slider = css(widgets.IntSlider(value=value, min=-10, max=10, description="x"), "cl-check-slider")
        self.reply = css(widgets.Label(), "cl-check-reply")
        super().__init__("cl-setup-check", "Widget check", [self.slider, self.reply])
        self.slider.observe(self.guard(self._answer), names="value")
        self._answer()

    def _answer(self, change=None):
        x = self.slider.value
        self.reply.value = f"Python computed x² = {x * x} for x = {x}."

    def __repr__(self) -> str:
        return FALLBACK_TEXT


def widget_check(value: int = 3) -> WidgetCheck:
    """The setup check of notebook 00: a slider (−10 … 10, starting at ``value``) and Python's reply."""
    return WidgetCheck(value)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def in_browser() -> bool:
    """Whether this kernel runs in the browser: Pyodide, Python compiled to WebAssembly (the JupyterLite site)."""
    return sys.platform == "emscripten"


def where() -> str:
    """Where this kernel runs, in a few words, with its Python and NumPy versions."""
    python = f"Python {platform.python_version()}"
    if in_browser():
        import pyodide  # only there

        return (f"in your browser (JupyterLite): {python} compiled to WebAssembly by Pyodide {pyodide.__version__}, "
                f"NumPy {np.__version__}")
    return f"on the machine that runs this kernel: {python}, NumPy {np.__version__}"


def versions() -> str:
    """One line each for ipywidgets and jupyterlab_widgets as this kernel's environment has them, and in the
    browser a third line that says so.

    The course needs ipywidgets 8. JupyterLab draws widgets with the ``jupyterlab_widgets`` of the
    environment that runs JupyterLab, which may differ from the kernel's: the report says so. The browser
    version of the course brings its own, with nothing to install.
    """
    ipywidgets_version = widgets.__version__
    major = ipywidgets_version.split(".")[0]
    lines = [f"ipywidgets {ipywidgets_version}: " + ("OK" if major == "8" else "the course needs ipywidgets 8")]
    lab_widgets = _version("jupyterlab_widgets")
    if lab_widgets is None:
        lines.append("jupyterlab_widgets: not installed in this kernel's environment (JupyterLab needs it in the "
                     "environment that runs JupyterLab)")
    else:
        lines.append(f"jupyterlab_widgets {lab_widgets}: installed in this kernel's environment")
    if in_browser():
        lines.append(f"running {where()}: this site brings the widgets' browser side along, nothing to install")
    return "\n".join(lines)
