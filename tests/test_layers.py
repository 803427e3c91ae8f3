"""The layout of course_lib: the core imports NumPy only, modules stay short, and no module reaches into
another's private names (a name with a leading underscore is its own module's business)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import course_lib

PACKAGE = Path(course_lib.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
FRONT_END = {"style", "plots", "widgets", "playground", "exercises", "setup_check", "_ui"}
"""The drawing and widget layers (the rest of course_lib is the NumPy core; see course_lib/README.md)."""
NEEDS_SYMPY = {"expressions"}
TOP = {p.stem for p in PACKAGE.glob("*.py")} | {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
"""The modules and packages at the top of course_lib."""
CORE = sorted(TOP - FRONT_END - NEEDS_SYMPY - {"__init__"})

LONGEST = 500
"""Modules allowed over LONGEST lines for now, each with the reason (the test fails once one is short enough)."""


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def test_every_module_is_either_core_or_front_end():
    assert FRONT_END <= TOP and {"objectives", "analysis", "windows", "optimizers"} <= set(CORE)


def test_core_leaves_plotting_and_widgets_out_of_sys_modules():
    code = (
        "import sys\n"
        + "".join(f"import course_lib.{m}\n" for m in CORE)
        + "heavy = [m for m in ('matplotlib', 'ipywidgets', 'bqplot', 'IPython', 'sympy', 'torch', 'PIL') "
        "if m in sys.modules]\n"
        + f"heavy += [m for m in {sorted(FRONT_END)} if 'course_lib.' + m in sys.modules]\n"
        + "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_longer_than_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LONGEST, f"{_name(path)} has {lines} lines"


def _crossings(source: str, name: str, is_package: bool = False) -> list[str]:
    """The private names of other course_lib modules that the module ``name`` (with this ``source``) uses:
    ``from .x import _y``, and ``x._y`` for a module x of course_lib it imported. Private modules such as
    ``_checks`` are course_lib's own, and any of its modules may import them."""
    tree = ast.parse(source)
    here = name.split(".") if is_package else name.split(".")[:-1]
    modules, crossings = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("course_lib")):
            base = here[: len(here) - node.level + 1] if node.level else []
            module = ".".join([*base, *filter(None, (node.module or "").split("."))])
            for alias in node.names:
                full = f"{module}.{alias.name}"
                is_module = Path(PACKAGE.parent, *full.split(".")).with_suffix(".py").exists() or \
                    Path(PACKAGE.parent, *full.split("."), "__init__.py").exists()
                if is_module:
                    modules.add(alias.asname or alias.name)
                elif _private(alias.name):
                    crossings.append(alias.name)
        elif isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name for alias in node.names if alias.name.startswith("course_lib")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            if _private(node.attr):
                crossings.append(f"{node.value.id}.{node.attr}")
    return crossings


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_private_name_crosses_a_module_boundary(path):
    crossings = _crossings(path.read_text(encoding="utf-8"), _name(path), path.name == "__init__.py")
    assert crossings == [], f"{_name(path)} uses private names of other modules: {crossings}"


def test_the_boundary_check_sees_both_kinds_of_crossing():
    source = "from ..plots.base import _status_box, labelled_runs\nfrom .. import analysis, _checks\n" \
             "analysis._private_helper\n_checks.number\n"
    assert _crossings(source, "course_lib.widgets.probe") == ["_status_box", "analysis._private_helper"]
