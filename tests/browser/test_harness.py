"""The browser harness itself: run a notebook in JupyterLab and Voilà, move a slider, see the plot change.

The fixture notebook ``fixtures/slider_demo.ipynb`` shows a slope slider (``demo-slider``), a label
(``demo-label``) and a matplotlib plot drawn by ``interactive_output`` (``demo-output``).
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from . import conftest, harness

SLIDER, LABEL, PLOT = ".demo-slider", ".demo-label", ".demo-output"


def check_slider_redraws(page, where: str) -> None:
    """Move the slope slider from 1.00 and check the readout, the label and the plot's pixels follow."""
    label, plot = page.locator(LABEL), page.locator(f"{PLOT} img")
    plot.wait_for(state="visible")
    assert harness.slider_readout(page, SLIDER) == "1.00"
    assert label.inner_text() == "slope = +1.00"
    before = harness.pixel_hash(plot)
    harness.save_screenshot(page, f"{where}-slider-demo-before")

    assert harness.press_slider(page, SLIDER, "ArrowRight", times=2) == "1.50"
    page.locator(LABEL, has_text="slope = +1.50").wait_for()
    after = harness.wait_pixels_change(plot, before)

    assert harness.press_slider(page, SLIDER, "Home") == "−2.00"  # ipywidgets' readout uses a real minus
    page.locator(LABEL, has_text="slope = -2.00").wait_for()
    at_minimum = harness.wait_pixels_change(plot, after)
    assert len({before, after, at_minimum}) == 3
    harness.save_screenshot(page, f"{where}-slider-demo-at-minimum")
    assert harness.output_errors(page) == []


@pytest.mark.browser
def test_jupyterlab_runs_the_notebook_and_the_slider_redraws_the_plot(lab_server, page):
    harness.open_lab_notebook(page, lab_server, "slider_demo.ipynb")
    harness.run_all_cells(page)
    assert harness.output_errors(page) == []
    check_slider_redraws(page, "lab")
    assert page.refused == [], "JupyterLab asked for something outside the server"


@pytest.mark.browser
def test_voila_renders_the_notebook_and_the_slider_redraws_the_plot(voila_server, page):
    harness.open_voila(page, voila_server, "slider_demo.ipynb", f"{PLOT} img")
    assert page.get_by_text("interactive_output").count() == 0, "Voilà should hide the code"
    check_slider_redraws(page, "voila")
    assert page.refused == [], "the course's Voilà template asked for something outside the server"


@pytest.mark.browser
def test_errors_in_outputs_and_widgets_are_reported(lab_server, page):
    harness.open_lab_notebook(page, lab_server, "planted_errors.ipynb")
    harness.run_all_cells(page)
    errors = harness.output_errors(page)
    assert any("ValueError: planted error for the harness self-test" in e for e in errors), errors
    assert any(harness.WIDGET_ERROR in e for e in errors), errors
    assert len(errors) == 2, errors
    harness.save_screenshot(page, "lab-planted-errors")


@pytest.mark.browser
def test_server_stop_ends_the_server_and_its_kernels(tmp_path):
    conftest.require_browser()
    with harness.JupyterServer.start("lab", tmp_path, tmp_path / "work") as server:
        request = urllib.request.Request(server.url("api/kernels"), data=b"{}", method="POST")
        with urllib.request.urlopen(request) as response:
            kernel = json.load(response)
        assert kernel["execution_state"] in ("starting", "idle", "busy")
        started = [server.process.pid, *harness.descendant_pids(server.process.pid)]
        assert len(started) >= 2, "the kernel should run as a child of the server"
        server.stop()
        assert [pid for pid in started if harness.pid_alive(pid)] == []
        assert not list((tmp_path / "work" / "runtime").glob("kernel-*.json")), "kernel connection files left behind"


def test_a_server_that_cannot_start_says_why(tmp_path):
    conftest.require_browser()
    with pytest.raises(RuntimeError, match=r"lab server exited with code \d+ before answering; log .*\n"):
        harness.JupyterServer.start("lab", tmp_path / "no-such-folder", tmp_path / "work", timeout=60)


@pytest.mark.parametrize("required, outcome", [("1", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_missing_chromium_skips_or_fails_as_configured(monkeypatch, required, outcome):
    monkeypatch.setattr(harness, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("COURSE_REQUIRE_BROWSER", required)
    with pytest.raises(outcome, match="Chromium at /nonexistent/chromium"):
        conftest.require_browser()


def test_artifacts_dir_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setattr(harness, "_ARTIFACTS", None)
    monkeypatch.setenv("COURSE_ARTIFACTS_DIR", str(tmp_path / "shots"))
    assert harness.artifacts_dir() == tmp_path / "shots"
    assert (tmp_path / "shots").is_dir()
    assert harness.artifacts_used() == tmp_path / "shots"
