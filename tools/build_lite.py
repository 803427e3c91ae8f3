"""Build the course's JupyterLite site: the notebooks with a Pyodide kernel, as static files in build/lite/.

    python3 tasks.py lite build      build the site from nothing (runs this script in build/lite-venv)
    python3 tasks.py lite            build it if anything it is made of changed, then serve it on 127.0.0.1

The site is a standard ``jupyter lite build`` output (index.html, lab/, the notebooks under
files/notebooks/) with Pyodide 0.27.7 in static/pyodide/. Pyodide's files come from the folder named
by $COURSE_PYODIDE_DIR (a copy of the official distribution, such as ../shared/pyodide/0.27.7), or
else from Pyodide's official CDN. Every one of them is checked before use: the lock by the sha256
pinned below (that of the npm package pyodide@0.27.7), each package by the sha256 the lock gives it;
the build stops at the first mismatch. The site's lock lists exactly what the site ships: the Pyodide
packages the kernel and the course need, and the course's own wheels (requirements-lite-kernel.txt and
course_lib), each with its imports and dependencies, so that a plain ``import`` loads it and nothing is
fetched from anywhere else (no %pip, no PyPI fallback).
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
SITE = BUILD / "lite"
# Made anew by every build: the lite dir jupyter lite builds from, its task database, the wheels. (Not "build/lite…":
# jupyterlite-core 0.6.4 skips the jupyter-lite.json of a lite dir whose path starts with the output dir's.)
WORK = BUILD / "jupyterlite"
STAMP = BUILD / "lite.stamp"
KERNEL_WHEELS = ROOT / "requirements-lite-kernel.txt"

PYODIDE_VERSION = "0.27.7"
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
PYODIDE_CACHE = BUILD / f"pyodide-{PYODIDE_VERSION}"  # the files downloaded from the CDN, kept for later builds
# The sha256 of the files of the npm package pyodide@0.27.7 the site uses: its lock, and the core the lock
# does not list. The lock then vouches for every package file.
PYODIDE_CORE = {
    "pyodide-lock.json": "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c",
    "pyodide.js": "b4cb23a53aba19c221659b9fb40a2f18281d685691dc06647fb0afd0681baf98",
    "pyodide.asm.js": "6b4c90de5b7172873f04f21884d0e9d2274e305fe32116558fe3e4fbe3618d51",
    "pyodide.asm.wasm": "a50dd1843f805a0b7c45b61037ee0d7b26dfe85efe0e18ef95a34ad24e401f5f",
    "python_stdlib.zip": "16611534726e5d8ac2bd8f926410b2dcb8d6f49aa24913463533b457a2115c16",
}
# What jupyterlite-pyodide-kernel 0.6.1 installs when a kernel starts (besides its own wheels, which it ships).
KERNEL_PACKAGES = ("micropip", "ssl", "sqlite3", "jedi", "ipython", "comm")
# The extras of the course's wheels that the browser gets: course_lib imports SymPy for the playground itself.
EXTRAS = {"course-lib": {"playground"}}
# Requirements the browser does without: the classic Notebook's widget front-end (JupyterLite draws widgets
# with jupyterlab_widgets' extension, built into the site).
NOT_IN_BROWSER = {"widgetsnbextension"}
# The environment markers of Pyodide's Python (its version comes from the lock), to read the wheels'
# requirements as pip would in the browser.
PYODIDE_MARKERS = {
    "sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
    "os_name": "posix", "implementation_name": "cpython", "platform_python_implementation": "CPython",
}
# Settings of the site: every cell kept in the page (JupyterLite 0.6.4's default, "full" windowing, takes the cells
# out of view off the page; JupyterLab 4.6 keeps them, and so do the course's browser tests).
OVERRIDES_JSON = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
JUPYTER_LITE_JSON = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "Gradient descent, interactively",
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": True}},
    },
}

# JupyterLite 0.6.4 starts its app with the keyboard shortcuts handled in the capture phase, before any widget sees
# the key: the notebook's command-mode shortcuts (arrow keys: go to another cell; Enter: edit the cell) take the
# keys of a focused slider handle, dropdown or button. JupyterLab starts with bubblingKeydown (the widget first; a
# shortcut only if the widget left the key alone), and so does JupyterLite from 0.7.0 (its pull request #1702,
# backported to the 0.6.x branch after 0.6.4 but never released). The build makes that change in the built app.
APP_START = re.compile(r"await (\w+)\.start\(\),await \1\.restored")
APP_START_BUBBLING = r"await \1.start({bubblingKeydown:!0}),await \1.restored"


def fail(message: str) -> None:
    raise SystemExit(f"[lite] build stopped: {message}")


def say(message: str) -> None:
    print(f"[lite] {message}", flush=True)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pyodide_file(name: str, expected: str) -> Path:
    """Pyodide's file ``name``, checked against the sha256 ``expected``.

    From $COURSE_PYODIDE_DIR when it is set; else from the CDN, kept in :data:`PYODIDE_CACHE` for later
    builds. A file whose sha256 differs stops the build (a downloaded one is deleted first).
    """
    folder = os.environ.get("COURSE_PYODIDE_DIR")
    if folder:
        path = Path(folder) / name
        if not path.is_file():
            fail(f"{name} is not in COURSE_PYODIDE_DIR={folder}")
    else:
        path = PYODIDE_CACHE / name
        if not path.is_file():
            say(f"downloading {PYODIDE_CDN}{name}")
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                with urllib.request.urlopen(PYODIDE_CDN + name, timeout=120) as response:
                    path.with_suffix(".part").write_bytes(response.read())
            except OSError as error:
                fail(f"could not download {PYODIDE_CDN + name} ({error}); offline, set COURSE_PYODIDE_DIR to a "
                     f"folder with Pyodide {PYODIDE_VERSION}'s files")
            path.with_suffix(".part").replace(path)
    found = sha256(path)
    if found != expected:
        if not folder:
            path.unlink()
        fail(f"{path} has sha256 {found}, but Pyodide {PYODIDE_VERSION}'s is {expected}")
    return path


def course_wheels(folder: Path) -> list[Path]:
    """The wheels of requirements-lite-kernel.txt (pip checks their hashes) and course_lib's, built from here."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "download", "--quiet", "--no-deps", "--only-binary=:all:", "--require-hashes",
                    "-r", KERNEL_WHEELS, "-d", folder], check=True)
    subprocess.run([*pip, "wheel", "--quiet", "--no-deps", "-w", folder, ROOT], check=True)
    return sorted(folder.glob("*.whl"))


def lock_entry(wheel: Path, python: str) -> tuple[dict, list[Requirement]]:
    """The pyodide-lock.json entry of a pure-Python wheel (its imports: its top-level packages and
    modules; its depends are left to :func:`site_lock`), and the requirements it has in Pyodide's Python
    ``python`` (such as "3.12.7"), with the extras of :data:`EXTRAS`."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    fields = [line.split(": ", 1) for line in metadata.split("\n\n", 1)[0].splitlines() if ": " in line]
    name = canonicalize_name(next(value for key, value in fields if key == "Name"))
    extras = {"", *EXTRAS.get(name, ())}
    markers = {**PYODIDE_MARKERS, "python_version": ".".join(python.split(".")[:2]), "python_full_version": python,
               "implementation_version": python}
    requirements = [requirement for key, value in fields if key == "Requires-Dist"
                    for requirement in [Requirement(value)]
                    if requirement.marker is None
                    or any(requirement.marker.evaluate({**markers, "extra": extra}) for extra in extras)]
    imports = sorted({n.split("/")[0].removesuffix(".py") for n in names
                      if ("/" not in n and n.endswith(".py")) or (n.count("/") == 1 and n.endswith("/__init__.py"))})
    entry = {
        "name": name, "version": next(value for key, value in fields if key == "Version"), "file_name": wheel.name,
        "install_dir": "site", "sha256": sha256(wheel), "package_type": "package", "imports": imports,
        "depends": [], "unvendored_tests": False,
    }
    return entry, requirements


def site_lock(official: dict, wheels: list[Path]) -> dict:
    """The site's lock: the course's wheels, put in place of Pyodide's entry where it has the same package
    (SymPy), and the official entries that the kernel and the wheels need (their whole dependency closure).

    Every requirement of a wheel must be met by a version the site has, or be one of :data:`NOT_IN_BROWSER`.
    """
    keys = {canonicalize_name(key): key for key in official["packages"]}
    packages = {canonicalize_name(key): entry for key, entry in official["packages"].items()}
    ours = [lock_entry(wheel, official["info"]["python"]) for wheel in wheels]
    for entry, _ in ours:
        keys[entry["name"]], packages[entry["name"]] = entry["name"], entry
    for entry, requirements in ours:
        for requirement in requirements:
            needed = canonicalize_name(requirement.name)
            if needed in NOT_IN_BROWSER:
                continue
            if needed not in packages:
                fail(f"{entry['name']} needs {requirement}, which neither Pyodide nor the course's wheels provide")
            if not requirement.specifier.contains(packages[needed]["version"], prereleases=True):
                fail(f"{entry['name']} needs {requirement}, but the site has {needed} {packages[needed]['version']}")
            entry["depends"].append(keys[needed])
    chosen, todo = {}, [*KERNEL_PACKAGES, *(entry["name"] for entry, _ in ours)]
    while todo:
        name = canonicalize_name(todo.pop())
        if keys[name] not in chosen:
            chosen[keys[name]] = packages[name]
            todo.extend(packages[name]["depends"])
    return {"info": official["info"], "packages": dict(sorted(chosen.items()))}


def start_with_bubbling_keydown(site: Path) -> None:
    """Make the built app start as JupyterLab does, with bubblingKeydown (see :data:`APP_START`)."""
    found = [(path, text) for path in sorted((site / "build").glob("*.js"))
             if APP_START.search(text := path.read_text(encoding="utf-8"))]
    if len(found) != 1 or len(APP_START.findall(found[0][1])) != 1:
        fail(f"expected the app's start call once in {site / 'build'}, found it in {[str(p) for p, _ in found]}")
    path, text = found[0]
    path.write_text(APP_START.sub(APP_START_BUBBLING, text), encoding="utf-8")

def inputs_digest() -> str:
    """A hash of everything the site is made of (this script, the pins, course_lib, the notebooks)."""
    digest = hashlib.sha256()
    files = [Path(__file__), ROOT / "requirements-lite.txt", KERNEL_WHEELS, ROOT / "pyproject.toml",
             *sorted((ROOT / "course_lib").rglob("*.py")), *sorted((ROOT / "notebooks").glob("*.ipynb"))]
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_fresh() -> bool:
    return (SITE / "index.html").exists() and STAMP.exists() and STAMP.read_text() == inputs_digest()


def build() -> None:
    """Build the site into build/lite/ from nothing (only Pyodide's downloaded files are kept)."""
    STAMP.unlink(missing_ok=True)
    for folder in (SITE, WORK):
        shutil.rmtree(folder, ignore_errors=True)
    lite_dir = WORK / "lite"
    pyodide_dir = lite_dir / "static" / "pyodide"  # where jupyterlite-pyodide-kernel looks for a local Pyodide
    pyodide_dir.mkdir(parents=True)

    source = os.environ.get("COURSE_PYODIDE_DIR") or PYODIDE_CDN
    say(f"Pyodide {PYODIDE_VERSION} from {source}, every file checked by its sha256")
    official = json.loads(pyodide_file("pyodide-lock.json", PYODIDE_CORE["pyodide-lock.json"]).read_bytes())
    for name, expected in PYODIDE_CORE.items():
        if name != "pyodide-lock.json":
            shutil.copy(pyodide_file(name, expected), pyodide_dir / name)

    say("the course's wheels: requirements-lite-kernel.txt (hashes checked) and course_lib")
    wheels = course_wheels(WORK / "wheels")
    lock = site_lock(official, wheels)
    ours = {wheel.name for wheel in wheels}
    for entry in lock["packages"].values():
        if entry["file_name"] not in ours:
            shutil.copy(pyodide_file(entry["file_name"], entry["sha256"]), pyodide_dir / entry["file_name"])
    for wheel in wheels:
        shutil.copy(wheel, pyodide_dir / wheel.name)
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    say(f"the site's lock: {len(lock['packages'])} packages ({len(wheels)} of them the course's wheels)")

    (lite_dir / "jupyter-lite.json").write_text(json.dumps(JUPYTER_LITE_JSON, indent=2) + "\n")
    (lite_dir / "overrides.json").write_text(json.dumps(OVERRIDES_JSON, indent=2) + "\n")
    contents = WORK / "contents"
    shutil.copytree(ROOT / "notebooks", contents / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    subprocess.run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", lite_dir, "--output-dir", SITE,
                    "--contents", contents, "--apps", "lab", "--no-sourcemaps", "--no-unused-shared-packages"],
                   check=True, cwd=WORK)
    start_with_bubbling_keydown(SITE)
    size = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    STAMP.write_text(inputs_digest())
    say(f"built {SITE.relative_to(ROOT)}: {size / 1e6:.1f} MB in {sum(1 for _ in SITE.rglob('*'))} files and folders")


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SITE), **kwargs)

    def log_message(self, format, *args):  # only failed requests, not the hundreds of files of a page load
        if args and str(args[1])[:1] in "45":
            super().log_message(format, *args)


def serve(port: int) -> None:
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler) as server:
        say(f"serving the site: http://127.0.0.1:{server.server_port}/lab/index.html?path=notebooks/00_start_here.ipynb"
            " (stop with Ctrl+C)")
        server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--if-needed", action="store_true", help="build only if the site is not fresh")
    parser.add_argument("--serve", action="store_true", help="then serve the site on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (default 8000)")
    args = parser.parse_args()
    if args.if_needed and is_fresh():
        say(f"{SITE.relative_to(ROOT)} is up to date")
    else:
        build()
    if args.serve:
        serve(args.port)


if __name__ == "__main__":
    main()
