"""course_lib.setup_check: the widget of notebook 00 answers every slider move; the report names versions."""

import platform
import sys
import types
from importlib import metadata

import ipywidgets
import numpy as np
import pytest

from course_lib import setup_check

pytestmark = pytest.mark.filterwarnings("error")


def test_the_reply_follows_the_slider_over_its_whole_range():
    check = setup_check.widget_check()
    assert check.reply.value == "Python computed x² = 9 for x = 3."
    for x in (check.slider.min, -1, 0, 7, check.slider.max):
        check.slider.value = x
        assert check.reply.value == f"Python computed x² = {x * x} for x = {x}."
    assert check.error.layout.display == "none"


def test_it_carries_css_classes_and_a_plain_text_form_that_explains_itself():
    check = setup_check.widget_check(-2)
    assert {"cl-widget", "cl-setup-check"} <= set(check._dom_classes)
    assert "cl-check-slider" in check.slider._dom_classes and "cl-check-reply" in check.reply._dom_classes
    assert repr(check) == setup_check.FALLBACK_TEXT
    assert "cannot display widgets" in repr(check) and "VBox" not in repr(check)


@pytest.mark.parametrize("value", [11, -11, 2.5, "3", True])
def test_a_start_outside_the_slider_is_refused_by_name(value):
    with pytest.raises(ValueError, match="value must be a whole number"):
        setup_check.widget_check(value)


def test_versions_reports_both_packages():
    lines = setup_check.versions().splitlines()
    assert lines[0] == f"ipywidgets {ipywidgets.__version__}: OK"
    installed = metadata.version("jupyterlab_widgets")
    assert lines[1] == f"jupyterlab_widgets {installed}: installed in this kernel's environment"


def test_versions_says_what_is_missing_or_too_old(monkeypatch):
    def missing(package):
        raise metadata.PackageNotFoundError(package)

    monkeypatch.setattr(setup_check.metadata, "version", missing)
    monkeypatch.setattr(setup_check.widgets, "__version__", "7.7.5")
    lines = setup_check.versions().splitlines()
    assert lines[0] == "ipywidgets 7.7.5: the course needs ipywidgets 8"
    assert lines[1].startswith("jupyterlab_widgets: not installed in this kernel's environment")


def test_where_names_the_kernels_machine_outside_the_browser():
    assert not setup_check.in_browser()
    python = platform.python_version()
    assert setup_check.where() == f"on the machine that runs this kernel: Python {python}, NumPy {np.__version__}"
    assert len(setup_check.versions().splitlines()) == 2


def test_in_the_browser_it_says_so(monkeypatch):
    monkeypatch.setattr(setup_check.sys, "platform", "emscripten")
    monkeypatch.setitem(sys.modules, "pyodide", types.SimpleNamespace(__version__="0.27.7"))
    assert setup_check.in_browser()
    assert setup_check.where() == (f"in your browser (JupyterLite): Python {platform.python_version()} compiled to "
                                   f"WebAssembly by Pyodide 0.27.7, NumPy {np.__version__}")
    lines = setup_check.versions().splitlines()
    assert lines[2] == (f"running {setup_check.where()}: this site brings the widgets' browser side along, "
                        "nothing to install")
