"""The notebooks as documents: stored executed, small, no errors, the parts every lesson has.

nbval (run by `python3 tasks.py test`) re-executes each notebook and compares its outputs;
these checks cover what nbval does not: that the stored copy reads well without a kernel.
"""

import json
import math
import re

import pytest

from tests._notebooks import ALL, COURSE, NOTEBOOKS


def load(name):
    return json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))


def text_of(nb, kind=None):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if kind is None or c["cell_type"] == kind)


def test_the_lessons_are_numbered_without_gaps_and_the_readme_lists_every_notebook():
    assert [name[:2] for name in COURSE] == [f"{i:02d}" for i in range(len(COURSE))]
    assert set(ALL) - set(COURSE) == {"instructor_demos"}
    readme = (NOTEBOOKS.parent / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\(notebooks/([\w]+)\.ipynb\)", readme)
    assert [n for n in linked if n in COURSE] == COURSE and "instructor_demos" in linked


@pytest.mark.parametrize("name", ALL)
def test_stored_executed_without_errors_and_small(name):
    path = NOTEBOOKS / f"{name}.ipynb"
    assert path.stat().st_size < 2_000_000
    nb = load(name)
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert code, "a notebook with no code"
    counts = [c["execution_count"] for c in code]
    assert None not in counts, "stored unexecuted: run `python3 tasks.py notebooks`"
    assert counts == list(range(1, len(code) + 1)), "executed out of order or partially"
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", "".join(cell["source"])[:80]
            assert out.get("name") != "stderr" or "Warning" not in "".join(out.get("text", "")), out


@pytest.mark.parametrize("name", ALL)
def test_widget_outputs_are_excluded_from_output_comparison(name):
    for cell in load(name)["cells"]:
        shows_widget = any(
            "application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.get("outputs", [])
        )
        if shows_widget:
            tags = cell["metadata"].get("tags", [])
            assert "nbval-ignore-output" in tags, "".join(cell["source"])[:80]


@pytest.mark.parametrize("name", ALL)
def test_no_path_hacks(name):
    code = text_of(load(name), "code")
    assert "sys.path" not in code and "os.chdir" not in code


@pytest.mark.parametrize("index", range(len(COURSE)))
def test_each_lesson_has_its_parts_and_links_to_its_neighbours(index):
    nb = load(COURSE[index])
    prose = text_of(nb, "markdown")
    assert re.search(r"you will learn", prose, re.IGNORECASE)
    assert re.search(r"^#+ .*summary", prose, re.IGNORECASE | re.MULTILINE)
    if index > 0:  # 00 is the orientation page
        assert re.search(r"^#+ .*exercise", prose, re.IGNORECASE | re.MULTILINE)
        assert re.search(r"^#+ .*quiz", prose, re.IGNORECASE | re.MULTILINE)
    if index > 0:
        assert f"{COURSE[index - 1]}.ipynb" in prose
    if index < len(COURSE) - 1:
        assert f"{COURSE[index + 1]}.ipynb" in prose


# --- how long a lesson takes ----------------------------------------------------------------------

MINUTES = {"word": 1 / 150, "code cell": 0.5, "question": 2, "code exercise": 8, "explorer": 3}
"""The reading model behind each notebook's estimated time: prose read at 150 words a minute, half a minute to run
and read each code cell, two minutes per exercise or quiz question, eight per function the student writes, three
per explorer or animation to play with."""

ESTIMATE = re.compile(r"\*\*Estimated time:\*\* about (\d+) minutes")


def estimated_minutes(nb: dict) -> int:
    """The reading model's time for a notebook, rounded up to 5 minutes."""
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in code]
    counts = {
        "word": len(re.findall(r"\w+", text_of(nb, "markdown"))),
        "code cell": len(code),
        "question": sum(s.count("NumberCheck(") + s.count("ChoiceQuiz(") for s in sources),
        "code exercise": sum(s.count("exercises.check_") for s in sources),
        "explorer": sum("nbval-ignore-output" in c["metadata"].get("tags", []) and "exercises." not in s
                        for c, s in zip(code, sources, strict=True)),
    }
    return 5 * math.ceil(sum(MINUTES[kind] * n for kind, n in counts.items()) / 5)


@pytest.mark.parametrize("name", COURSE)
def test_a_lesson_states_its_estimated_time_at_the_top_and_it_is_at_most_an_hour(name):
    nb = load(name)
    stated = ESTIMATE.findall("".join(nb["cells"][0]["source"]))
    assert stated == [str(estimated_minutes(nb))], f"{name}: the reading model says {estimated_minutes(nb)} minutes"
    assert int(stated[0]) <= 60


@pytest.mark.parametrize("name", ALL)
def test_the_first_code_cell_imports_what_the_notebook_needs(name):
    """00 §3: "The first code cell of every notebook imports what it needs": no import statement in a later cell."""
    import ast

    code = ["".join(c["source"]) for c in load(name)["cells"] if c["cell_type"] == "code"]
    for source in code[1:]:
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%")))
        assert not any(isinstance(node, ast.Import | ast.ImportFrom) for node in ast.walk(tree)), source[:80]
