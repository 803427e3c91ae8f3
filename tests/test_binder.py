"""The Binder recipe cannot rot: binder/ alone builds a working environment."""

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pins(path):
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def test_binder_pins_are_exact_and_match_the_course_requirements():
    binder = pins(ROOT / "binder" / "requirements.txt")
    assert binder[-1] == "-e ."
    for line in binder[:-1]:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.\-]*", line), line
    assert binder[:-1] == pins(ROOT / "requirements.txt")


def test_runtime_pins_the_oldest_python_the_course_supports():
    """Binder runs the oldest Python that pyproject and the README promise; this suite may run on a newer one."""
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    oldest = re.search(r'requires-python = ">=(\d+)\.(\d+)"', (ROOT / "pyproject.toml").read_text()).groups()
    assert runtime == f"python-{'.'.join(oldest)}"
    assert f"Python {'.'.join(oldest)} or newer" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert sys.version_info[:2] >= tuple(map(int, oldest))


@pytest.mark.slow
def test_a_fresh_environment_from_binder_alone_imports_the_course(tmp_path):
    """What repo2docker does: pip install -r binder/requirements.txt from the repository root."""
    env_dir = tmp_path / "binder-env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-compile", "-r", "binder/requirements.txt"],
        cwd=ROOT, check=True, timeout=900,
    )
    code = (
        "import course_lib, ipywidgets, matplotlib, numpy, voila, jupyterlab_widgets\n"
        "from course_lib import run, GradientDescent, objectives\n"
        "t = run(objectives.square, GradientDescent(lr=0.1), 10.0, 20)\n"
        "print(ipywidgets.__version__, matplotlib.__version__, round(float(t.positions[-1]), 6))\n"
    )
    out = subprocess.run([python, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    versions = dict(line.split("==") for line in pins(ROOT / "requirements.txt"))
    assert out.stdout.split() == [versions["ipywidgets"], versions["matplotlib"], "0.115292"]
