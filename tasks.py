#!/usr/bin/env python3
"""Set up and run the course. Needs only Python 3.11+ with pip.

    python3 tasks.py lab         set up, then open the course in JupyterLab at notebook 00
    python3 tasks.py test        set up (with test tools and PyTorch), then run every check
                                 (nbval also under other CPUs' numeric kernels)
    python3 tasks.py notebooks   re-execute every notebook in place (refresh stored outputs)
    python3 tasks.py voila       open the instructor demos in Voila (code hidden)
    python3 tasks.py slides      open the instructor demos as slides (Voila's reveal.js deck: one demo per
                                 slide, arrow or page keys to move, S for the speaker notes)
    python3 tasks.py benchmark   print the speed measurements of benchmarks/
    python3 tasks.py lite        build the browser version (JupyterLite) if needed, serve it on 127.0.0.1
    python3 tasks.py lite build  build it into build/lite/ from nothing (in its own environment, build/lite-venv)

Setup makes a virtual environment in .venv and installs the pinned requirements and
course_lib (editable) into it. It is skipped when nothing it depends on has changed, so
running a command twice is fast.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
TORCH = "torch==2.13.0"  # test-only: the PyTorch parity tests compare against it
LITE_VENV = ROOT / "build" / "lite-venv"  # builds the JupyterLite site (requirements-lite.txt)


def _say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def _run(*args, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def setup(dev: bool = False, torch: bool = False) -> None:
    """Create .venv and install what is needed, unless the stamp says it is already there."""
    inputs = ["requirements.txt", "pyproject.toml"] + (["requirements-dev.txt"] if dev else [])
    digest = hashlib.sha256()
    for name in inputs:
        digest.update((ROOT / name).read_bytes())
    digest.update(f"{sys.version_info[:2]} dev={dev} torch={TORCH if torch else None}".encode())
    stamp = VENV / f".setup-{'dev' if dev else 'course'}{'-torch' if torch else ''}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and PYTHON.exists():
        return
    if not PYTHON.exists():
        _say(f"creating the virtual environment in {VENV}")
        venv.create(VENV, with_pip=True)
    _say("installing requirements (the first time takes a few minutes)")
    requirements = "requirements-dev.txt" if dev else "requirements.txt"
    _run(PYTHON, "-m", "pip", "install", "--quiet", "-r", requirements, "-e", ".")
    if torch:
        _say(f"installing {TORCH} for the parity tests (CPU build where one is available)")
        try:
            _run(PYTHON, "-m", "pip", "install", "--quiet", TORCH)
        except subprocess.CalledProcessError:
            _say(f"could not install {TORCH}: the PyTorch parity tests will be skipped (the next setup tries again)")
            return  # no stamp: the setup is not complete
    stamp.write_text(digest.hexdigest())


def _jupyter_env() -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(jupyter_path())
    return env


def lab(args) -> None:
    setup()
    _say("opening JupyterLab; stop it with Ctrl+C")
    _run(BIN / "jupyter", "lab", "notebooks/00_start_here.ipynb", *args, env=_jupyter_env())


SHARE = ROOT / "share" / "jupyter"
"""Jupyter data the course brings along: its Voila templates, the page (voila/templates/course) and the slide
deck (voila/templates/course-slides)."""
VOILA = ["--template=course"]
"""Voila's options for a page: the course's template, Voila's lab template without its Font Awesome from a CDN."""


def jupyter_path() -> dict:
    """The environment variable that lets Jupyter find :data:`SHARE`, on top of any JUPYTER_PATH already set."""
    return {"JUPYTER_PATH": os.pathsep.join(p for p in (str(SHARE), os.environ.get("JUPYTER_PATH", "")) if p)}


def voila(args) -> None:
    setup()
    _run(BIN / "voila", "notebooks/instructor_demos.ipynb", *VOILA, *args, env=_jupyter_env())


SLIDES = ["--template=course-slides"]
"""Voila's options for the deck. The template (its conf.json) extends Voila's reveal.js deck: a slide of
1400 × 1050 pixels (4:3) that reveal.js scales to fit the screen, no transitions, and nothing fetched from a CDN."""


def slides(args) -> None:
    setup()
    _run(BIN / "voila", "notebooks/instructor_demos.ipynb", *SLIDES, *args, env=_jupyter_env())


def test(args) -> None:
    with_torch = "--no-torch" not in args
    args = [a for a in args if a != "--no-torch"]
    setup(dev=True, torch=with_torch)
    _say("ruff check")
    _run(BIN / "ruff", "check", ".")
    _say("pytest: library (and its doctests), widgets, notebooks (nbval), Binder recipe, browser")
    _run(PYTHON, "-m", "pytest", "tests", "course_lib", "notebooks", "--doctest-modules", "--nbval",
         "--nbval-current-env", *args, env=_jupyter_env())
    _say("nbval under other CPUs' numeric kernels (OpenBLAS Prescott, Sandybridge, Haswell; NumPy without AVX2)")
    _run(PYTHON, "tools/nbval_envs.py", env=_jupyter_env())


def notebooks(args) -> None:
    setup(dev=True)
    _run(PYTHON, "tools/execute_notebooks.py", *args, env=_jupyter_env())


def benchmark(args) -> None:
    setup(dev=True, torch="--no-torch" not in args)
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        _say(f"running {script.relative_to(ROOT)}")
        _run(PYTHON, script, env=_jupyter_env())


def lite(args) -> None:
    python = LITE_VENV / PYTHON.relative_to(VENV)
    stamp, digest = LITE_VENV / ".setup-lite", hashlib.sha256((ROOT / "requirements-lite.txt").read_bytes()).hexdigest()
    if not (stamp.exists() and stamp.read_text() == digest and python.exists()):
        _say(f"installing the site's build tools into {LITE_VENV}")
        venv.create(LITE_VENV, with_pip=True, clear=True)
        _run(python, "-m", "pip", "install", "--quiet", "-r", "requirements-lite.txt")
        stamp.write_text(digest)
    build = args[:1] == ["build"]
    _run(python, "tools/build_lite.py", *(args[1:] if build else ["--if-needed", "--serve", *args]))


COMMANDS = {"lab": lab, "test": test, "notebooks": notebooks, "voila": voila, "slides": slides, "benchmark": benchmark,
            "lite": lite}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    try:
        COMMANDS[argv[0]](argv[1:])
    except subprocess.CalledProcessError as error:
        return error.returncode or 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
