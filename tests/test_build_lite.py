"""tools/build_lite.py: Pyodide's files are used only when their sha256 is the pinned one, the site's lock
holds the course's wheels with their dependencies and nothing the site does not ship, and the built app is
made to start with bubbling keydown. (The whole build, served and run in a browser: tests/browser/test_lite.py.)"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
spec = importlib.util.spec_from_file_location("build_lite", ROOT / "tools" / "build_lite.py")
build_lite = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_lite)


def test_a_pyodide_file_is_used_only_with_its_pinned_sha256(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PYODIDE_DIR", str(tmp_path))
    (tmp_path / "numpy.whl").write_bytes(b"the real thing")
    real = hashlib.sha256(b"the real thing").hexdigest()
    assert build_lite.pyodide_file("numpy.whl", real) == tmp_path / "numpy.whl"
    (tmp_path / "pyodide.js").write_bytes(b"console.log('not the official pyodide.js')")
    with pytest.raises(SystemExit, match=r"pyodide\.js has sha256 [0-9a-f]{64}, but Pyodide 0\.27\.7's is b4cb23a5"):
        build_lite.pyodide_file("pyodide.js", build_lite.PYODIDE_CORE["pyodide.js"])
    with pytest.raises(SystemExit, match=re.escape("python_stdlib.zip is not in COURSE_PYODIDE_DIR")):
        build_lite.pyodide_file("python_stdlib.zip", build_lite.PYODIDE_CORE["python_stdlib.zip"])


def wheel(folder: Path, name: str, version: str, requires=(), modules=None) -> Path:
    """A minimal pure-Python wheel with these requirements and top-level modules."""
    path = folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    metadata = "\n".join(["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                          *(f"Requires-Dist: {r}" for r in requires)]) + "\n\nA description: with colons.\n"
    with zipfile.ZipFile(path, "w") as archive:
        for module in modules or [f"{name.replace('-', '_')}/__init__.py"]:
            archive.writestr(module, "")
        archive.writestr(f"{name.replace('-', '_')}-{version}.dist-info/METADATA", metadata)
    return path


def official(**versions) -> dict:
    """A stand-in for Pyodide's lock: the kernel's packages and a few others, each with its depends."""
    depends = {"micropip": ["packaging"], "ssl": ["openssl"], "jedi": ["parso"], "ipython": ["traitlets"]}
    names = ["micropip", "packaging", "ssl", "openssl", "sqlite3", "jedi", "parso", "ipython", "traitlets",
             "numpy", "sympy", "mpmath", "scipy"]
    return {"info": {"python": "3.12.7", "version": "0.27.7"},
            "packages": {n: {"name": n, "version": versions.get(n, "1.0"), "file_name": f"{n}.whl",
                             "depends": depends.get(n, [])} for n in names}}


def test_the_lock_has_the_wheels_with_their_dependencies_and_nothing_else(tmp_path):
    wheels = [
        wheel(tmp_path, "course-lib", "0.1.0", ["numpy>=1.26", "sympy>=1.12; extra == 'playground'",
                                                 "pytest; extra == 'test'", "tomli; python_version < '3.11'"]),
        wheel(tmp_path, "sympy", "1.14.0", ["mpmath<1.4,>=1.1.0"], ["sympy/__init__.py", "isympy.py"]),
        wheel(tmp_path, "mpmath", "1.3.0"),
        wheel(tmp_path, "comm", "0.2.3"),
        wheel(tmp_path, "ipywidgets", "8.1.9", ["comm>=0.1.3", "widgetsnbextension~=4.0.16"]),
    ]
    lock = build_lite.site_lock(official(numpy="2.0.2", sympy="1.13.3"), wheels)
    packages = lock["packages"]
    assert set(packages) == {"micropip", "packaging", "ssl", "openssl", "sqlite3", "jedi", "parso", "ipython",
                             "traitlets", "numpy", "sympy", "mpmath", "comm", "course-lib", "ipywidgets"}
    course = packages["course-lib"]
    assert course["depends"] == ["numpy", "sympy"] and course["imports"] == ["course_lib"]
    assert course["sha256"] == hashlib.sha256(wheels[0].read_bytes()).hexdigest()
    assert course["file_name"] == wheels[0].name and course["package_type"] == "package"
    assert packages["sympy"]["version"] == "1.14.0" and packages["sympy"]["imports"] == ["isympy", "sympy"]
    assert packages["ipywidgets"]["depends"] == ["comm"]  # widgetsnbextension: not needed in the browser
    assert lock["info"] == official()["info"]


def test_a_requirement_the_site_cannot_meet_stops_the_build(tmp_path):
    comm = wheel(tmp_path, "comm", "0.2.3")
    too_new = wheel(tmp_path, "course-lib", "0.1.0", ["numpy>=2.1"])
    with pytest.raises(SystemExit, match=re.escape("course-lib needs numpy>=2.1, but the site has numpy 2.0.2")):
        build_lite.site_lock(official(numpy="2.0.2"), [comm, too_new])
    unknown = wheel(tmp_path, "bqplot", "0.13.1", ["pandas>=1.0.0"])
    with pytest.raises(SystemExit, match=re.escape("bqplot needs pandas>=1.0.0, which neither Pyodide")):
        build_lite.site_lock(official(), [comm, unknown])


def test_the_built_app_starts_with_bubbling_keydown(tmp_path):
    (tmp_path / "build").mkdir()
    bundle = tmp_path / "build" / "215.js"
    bundle.write_text('window.jupyterapp=y),await y.start(),await y.restored}},9:(e)=>{}')
    (tmp_path / "build" / "1.js").write_text("other code; app.start()")
    build_lite.start_with_bubbling_keydown(tmp_path)
    assert bundle.read_text() == 'window.jupyterapp=y),await y.start({bubblingKeydown:!0}),await y.restored}},9:(e)=>{}'
    with pytest.raises(SystemExit, match="expected the app's start call once"):
        build_lite.start_with_bubbling_keydown(tmp_path)  # already changed: a new JupyterLite needs a new look
