"""Every exercise and quiz of every notebook: its code is hidden, and it judges answers fairly.

The exercises are found in the notebooks themselves: a code cell that calls anything from
``course_lib.exercises`` builds a check. To build them, each notebook's exercise cells run in one
namespace together with just the earlier cells they need (found from the names each cell reads
and writes), in notebook order, so that a notebook's slow training runs only where an exercise
asks about it. Each check is then driven through its widget, as a student would: its right answer
in several roundings and forms must be accepted; its listed mistakes, typical slips (the sign, a
factor of 10, one off in the last digit, not a whole number) and every wrong option rejected.
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from course_lib import exercises

from . import test_code_checks as student_code

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
MAGICS = {"%matplotlib inline"}  # the only line magic the notebooks use; it only picks a backend


def code_cells(name: str) -> list[dict]:
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def python_source(cell: dict) -> str:
    lines = "".join(cell["source"]).splitlines()
    unknown = [line for line in lines if line.lstrip().startswith(("%", "!")) and line.strip() not in MAGICS]
    assert not unknown, f"cell {cell['id']}: teach this test what {unknown} does"
    return "\n".join(line for line in lines if line.strip() not in MAGICS)


# --- which cells build a check --------------------------------------------------------------------

def _exercise_imports(tree: ast.AST, modules: set, members: set, roots: set) -> None:
    """Add the names by which ``tree``'s imports reach course_lib.exercises (its module, its members, course_lib)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "course_lib":
            modules.update(a.asname or a.name for a in node.names if a.name == "exercises")
        elif isinstance(node, ast.ImportFrom) and node.module == "course_lib.exercises":
            members.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "course_lib.exercises" and alias.asname:
                    modules.add(alias.asname)
                elif alias.name.split(".")[0] == "course_lib":
                    roots.add(alias.asname or "course_lib")


def _calls_exercises(tree: ast.AST, modules: set, members: set, roots: set) -> bool:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in members:
            return True
        if isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in modules:
                return True
            if (isinstance(owner, ast.Attribute) and owner.attr == "exercises" and isinstance(owner.value, ast.Name)
                    and owner.value.id in roots):
                return True
    return False


def exercise_cells(name: str) -> list[int]:
    """Positions (among the code cells) of the cells that call course_lib.exercises."""
    modules, members, roots, found = set(), set(), set(), []
    for position, cell in enumerate(code_cells(name)):
        tree = ast.parse(python_source(cell))
        _exercise_imports(tree, modules, members, roots)
        if _calls_exercises(tree, modules, members, roots):
            found.append(position)
    return found


def test_the_finder_sees_every_way_of_calling_the_exercises():
    def finds(*sources):
        modules, members, roots = set(), set(), set()
        trees = [ast.parse(s) for s in sources]
        for tree in trees:
            _exercise_imports(tree, modules, members, roots)
        return _calls_exercises(trees[-1], modules, members, roots)

    assert finds("from course_lib import exercises", "exercises.NumberCheck('?', 1)")
    assert finds("from course_lib import exercises as ex", "w = ex.Quiz([])")
    assert finds("from course_lib.exercises import ChoiceQuiz as CQ", "CQ('?', ['a', 'b'], 0)")
    assert finds("import course_lib", "course_lib.exercises.check_number('1', 1)")
    assert finds("import course_lib.exercises as ex", "print(ex.check_choice(0, 0, options=['a', 'b']))")
    assert finds("import course_lib.exercises", "course_lib.exercises.NumberCheck('?', 1)")
    assert not finds("from course_lib import exercises, plots", "plots.show(None)")
    assert not finds("from course_lib import widgets", "widgets.descent_explorer()")


HIDDEN = {"jupyter": {"source_hidden": True}, "transient": {"remove_source": True}}


@pytest.mark.parametrize("name", ALL)
def test_every_cell_that_builds_a_check_hides_its_code(name):
    """Its source holds the answer. ``jupyter.source_hidden`` folds it in JupyterLab (the student can unfold it);
    nbconvert, and so nbviewer, ignore that key but leave out a source marked ``transient.remove_source``;
    Voilà shows no code at all."""
    cells = code_cells(name)
    for position in exercise_cells(name):
        cell = cells[position]
        for key, value in HIDDEN.items():
            assert cell["metadata"].get(key, {}).items() >= value.items(), (
                f"{name}, cell {cell['id']}: its metadata needs {key!r}: {value}")


@pytest.mark.parametrize("template", ["lab", "classic"])
def test_a_page_rendered_without_a_kernel_shows_no_exercise_code(template):
    """nbviewer renders with nbconvert's HTML exporter: the exercise cells' code must not be on the page,
    the other cells' code must (each cell is recognised by the texts in its code that no other cell has)."""
    nbconvert = pytest.importorskip("nbconvert")
    name = "01_the_foggy_valley"
    page, _ = nbconvert.HTMLExporter(template_name=template).from_filename(str(NOTEBOOKS / f"{name}.ipynb"))
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    hidden = {code_cells(name)[p]["id"] for p in exercise_cells(name)}
    visible_code_seen = 0
    for cell, source in zip(nb["cells"], sources, strict=True):
        if cell["cell_type"] != "code":
            continue
        others = "\n".join(s for s in sources if s is not source)
        for node in ast.walk(ast.parse(python_source(cell))):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if len(text) > 20 and text not in others:
                seen = html.escape(text, quote=False) in page
                assert not (seen and cell["id"] in hidden), f"{template}: cell {cell['id']} shows {text!r}"
                visible_code_seen += seen
    assert visible_code_seen, "the page should show the code of the other cells"


def test_every_lesson_has_exercises_to_find():
    assert all(exercise_cells(name) for name in ALL if name != "instructor_demos")


# --- building the checks ------------------------------------------------------------------------

class _Names(ast.NodeVisitor):
    """The global names a cell reads before it sets them, writes, and surely replaces (an unconditional
    assignment at the top level), and for each function it defines (``def`` or ``name = lambda``) the global
    names its body reads when it is called.

    A method call changes its object (``rng.uniform(…)`` draws from ``rng``, ``d.update(…)`` changes ``d``),
    unless the object is an imported module or class. Arguments are taken to be left unchanged, as the
    course's functions leave them.
    """

    def __init__(self, imported: set):
        self.imported = imported
        self.reads, self.writes, self.replaces = set(), set(), set()
        self.functions: dict[str, set] = {}
        self._depth = 0  # inside a block (if, for, ...): a write there may not happen
        self._local: set = set()  # names of a loop, a comprehension or a function body that shadow globals
        self._in_function = False

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            if node.id not in self._local and node.id not in self.replaces:
                self.reads.add(node.id)
        elif not self._in_function:
            self.writes.add(node.id)

    def _mutates(self, node):  # x[...] = …, x.a = …, x.update(…): x is read and written
        while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
            node = node.func if isinstance(node, ast.Call) else node.value
        if isinstance(node, ast.Name) and node.id not in self.imported and node.id not in self._local:
            if node.id not in self.replaces:  # not set earlier in this cell
                self.reads.add(node.id)
            if not self._in_function:
                self.writes.add(node.id)

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute):
            self._mutates(node.func)
        self.generic_visit(node)

    def visit_Assign(self, node):
        self.visit(node.value)  # the value is read before the targets are set
        for target in node.targets:
            self._target(target)
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Lambda):
                self.functions[target.id] = self._function_reads(node.value)

    def visit_AugAssign(self, node):
        self._mutates(node.target)
        if isinstance(node.target, ast.Name) and node.target.id not in self._local:
            self.reads.add(node.target.id)
        self.visit(node.value)

    def _target(self, target):
        if isinstance(target, ast.Name):
            self.visit(target)
            if not self._depth and not self._in_function:
                self.replaces.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(element)
        elif isinstance(target, ast.Starred):
            self._target(target.value)
        else:
            self._mutates(target)
            self.visit(target)

    def visit_Import(self, node):
        for alias in node.names:
            name = alias.asname or alias.name.split(".")[0]
            self.writes.add(name)
            if not self._depth:
                self.replaces.add(name)

    visit_ImportFrom = visit_Import

    def _stored(self, nodes) -> set:
        return {n.id for node in nodes for n in ast.walk(node)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}

    def _within(self, local: set, nodes, function: bool = False):
        saved = self._local, self._in_function
        self._local, self._in_function = self._local | local, self._in_function or function
        for node in nodes:
            self.visit(node)
        self._local, self._in_function = saved

    def _function_reads(self, node) -> set:
        """The global names a function's body reads, found by visiting it in a scratch visitor."""
        scratch = _Names(self.imported)
        scratch._in_function = True
        scratch._visit_function(node)
        return scratch.reads

    def _visit_function(self, node):
        arguments = node.args
        parameters = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                      *filter(None, (arguments.vararg, arguments.kwarg)))}
        body = node.body if isinstance(node.body, list) else [node.body]
        self._within(parameters | self._stored(body), body, function=True)
        for default in (*arguments.defaults, *filter(None, arguments.kw_defaults)):
            self.visit(default)

    def visit_FunctionDef(self, node):
        self.functions[node.name] = self._function_reads(node)
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._visit_function(node)
        self._target(ast.Name(node.name, ast.Store()))

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._visit_function(node)

    def visit_ClassDef(self, node):
        self._block(node)
        self._target(ast.Name(node.name, ast.Store()))

    def _comprehension(self, node):
        local = self._stored(g.target for g in node.generators)
        self.visit(node.generators[0].iter)  # read in the enclosing scope
        parts = [*(g.target for g in node.generators), *(g.iter for g in node.generators[1:]),
                 *(i for g in node.generators for i in g.ifs),
                 *([node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt])]
        self._within(local, parts, function=True)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_For(self, node):
        self.visit(node.iter)
        self._depth += 1
        self._target(node.target)  # the loop variable outlives the loop, but may stay unset
        self._within(self._stored([node.target]), [*node.body, *node.orelse])
        self._depth -= 1

    def _block(self, node):
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_If = visit_While = visit_With = visit_Try = _block


def _imported(trees) -> set:
    return {alias.asname or alias.name.split(".")[0] for tree in trees for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}


def cells_needed(sources: list[str], targets: list[int]) -> list[int]:
    """The cells to run, in order, so that each target cell sees what the notebook gives it there.

    A cell that calls a function also reads what the function's body reads (as defined at that point).
    """
    trees = [ast.parse(s) for s in sources]
    names = [_Names(_imported(trees)) for _ in trees]
    for cell, tree in zip(names, trees, strict=True):
        cell.visit(tree)
    functions: dict[str, set] = {}
    for cell in names:  # forwards: the functions defined so far, and what calling them reads
        reads, new = cell.reads, cell.reads
        while new:
            new = set().union(*(functions.get(name, set()) for name in new)) - reads
            reads = reads | new
        cell.reads = reads
        functions.update(cell.functions)
    needed, chosen = set(), set()
    for position in range(max(targets, default=-1), -1, -1):  # backwards: the names still to be defined
        if position in targets or names[position].writes & needed:
            chosen.add(position)
            needed = (needed - names[position].replaces) | names[position].reads
    return sorted(chosen)


def test_cells_needed_follows_reads_writes_and_redefinitions():
    sources = ["import numpy as np", "a = np.ones(3)", "b = 2", "a[0] = b", "plot(a)", "a = 5", "c = a + 1",
               "check(c, a)"]
    assert cells_needed(sources, [7]) == [5, 6, 7]  # a is redefined in cell 5: cells 0–3 are not needed
    assert cells_needed(sources, [4]) == [0, 1, 2, 3, 4]  # a[0] = b changes a
    assert cells_needed(["x = 1", "if y:\n    x = 2", "check(x)"], [2]) == [0, 1, 2]  # x = 2 may not happen
    assert cells_needed(["d = {}", "d.update(k=1)", "check(d)"], [2]) == [0, 1, 2]
    assert cells_needed(["def f(): return g", "g = 1", "check(f())"], [2]) == [0, 1, 2]  # calling f reads g
    assert cells_needed(["h = lambda: k", "k = 2", "def f(): return h()", "check(f())"], [3]) == [0, 1, 2, 3]
    assert cells_needed(["t = 1", "k = [t for t in range(3)]", "check(k)"], [2]) == [1, 2]  # t is the loop's own
    assert cells_needed(["lr = 1", "def f(lr):\n    return lr", "for lr in [2]:\n    print(lr)", "check(f(3))"],
                        [3]) == [1, 3]
    assert cells_needed(["x = 1", "x = x + 1", "check(x)"], [2]) == [0, 1, 2]
    assert cells_needed(["x = 1", "y = 2\nx = y", "check(x)"], [2]) == [1, 2]
    assert cells_needed(["import numpy as np", "rng = np.random.default_rng(0)", "a = rng.random()",
                         "b = rng.random()", "np.mean(b)", "check(b)"], [5]) == [0, 1, 2, 3, 5]  # draws change rng


def _run(source: str, namespace: dict, where: str):
    """Run a cell's source; return the value of its last line if that is an expression (what the cell shows)."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(tree, where, "exec"), namespace)
        value = eval(compile(ast.Expression(last.value), where, "eval"), namespace) if last else None
    plt.close("all")
    return value


class CodeExercise(NamedTuple):
    """A "write it yourself" cell: its check as stored (of the placeholder), and the notebook's own solution."""

    check: exercises.CodeCheck
    solution: object  # the student's function with the solution of the notebook's <details> block filled in


PLACEHOLDER = "# ← your code"


def solved(name: str, position: int, namespace: dict):
    """The function of the code cell before ``position`` with its placeholder lines replaced by the solution that
    the first markdown cell after ``position`` shows (a ```python block), defined in ``namespace``."""
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    check_id = code_cells(name)[position]["id"]
    at = next(i for i, c in enumerate(nb["cells"]) if c["id"] == check_id)
    student = "".join(nb["cells"][at - 1]["source"]).splitlines()
    shown = "".join(next(c for c in nb["cells"][at + 1:] if c["cell_type"] == "markdown")["source"])
    solution = shown.split("```python\n", 1)[1].split("```", 1)[0].splitlines()
    holes = [i for i, line in enumerate(student) if PLACEHOLDER in line]
    assert holes, f"{name}: the cell before {check_id} has no line marked {PLACEHOLDER!r}"
    filled = student[:holes[0]] + solution + [line for line in student[holes[0]:] if PLACEHOLDER not in line]
    scratch = dict(namespace)
    exec(compile("\n".join(filled), f"{name}, solution of {check_id}", "exec"), scratch)
    return scratch[next(n.name for n in ast.parse("\n".join(filled)).body if isinstance(n, ast.FunctionDef))]


def build_checks(name: str) -> list[tuple[str, exercises.NumberCheck | exercises.ChoiceQuiz | CodeExercise]]:
    """(cell id, check) for every NumberCheck, ChoiceQuiz and code check the notebook shows, quizzes unpacked."""
    cells = code_cells(name)
    sources = [python_source(c) for c in cells]
    targets = exercise_cells(name)
    namespace = {"__name__": "__main__"}
    checks = []
    for position in cells_needed(sources, targets):
        shown = _run(sources[position], namespace, f"{name}, cell {cells[position]['id']}")
        if position in targets and isinstance(shown, exercises.CodeCheck):
            checks.append((cells[position]["id"], CodeExercise(shown, solved(name, position, namespace))))
        elif position in targets:
            questions = shown.questions if isinstance(shown, exercises.Quiz) else [shown]
            assert questions and all(isinstance(q, (exercises.NumberCheck, exercises.ChoiceQuiz)) for q in questions), (
                f"{name}, cell {cells[position]['id']} calls course_lib.exercises but shows {shown!r}")
            checks += [(cells[position]["id"], q) for q in questions]
    return checks


@pytest.fixture(scope="module")
def notebook_checks():
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(NOTEBOOKS)
        yield {name: build_checks(name) for name in ALL}


# --- driving them -------------------------------------------------------------------------------

def _answer(check, answer):
    if isinstance(check, exercises.NumberCheck):
        check.answer_box.value = answer
    else:
        check.answer_box.value = check.options[answer]
    check.check_button.click()
    assert check.error.value == "", check.error.value
    return check.last


def _last_digit_slips(text: str) -> list[str]:
    """``text`` with its last digit one up and one down: the slip of a careless rounding."""
    number = Decimal(text)
    step = Decimal(1).scaleb(number.as_tuple().exponent)
    return [str(number + step), str(number - step)]


def _rounded(check, value: float, extra: int = 0) -> str:
    """``value`` with the digits the check asks for, plus ``extra`` (Python's rounding, not the module's)."""
    if check.decimals is not None:
        return f"{value:.{max(check.decimals + extra, 0)}f}"
    return f"{value:#.{check.digits + extra}g}"


def _right_answers(check) -> list[str]:
    a = check.answer
    forms = [repr(a), f"({2 * a!r})/2", f"{a!r} + 0"]  # the exact value, plainly and as expressions
    if check.exact:
        return forms + ([str(a), f"{a}.0", f"{a:,}", f"{a:_}".replace("_", " ")] if isinstance(a, int)
                        else [f"{a:.15g}", f"{100 * a!r}%"])
    rounded = [_rounded(check, a, extra) for extra in (0, 1, 2, 5)]
    if check.percent:
        return forms + rounded + [f"{text}%" for text in rounded]
    return forms + rounded + [f"{_rounded(check, 100 * a, 2)}%" if check.decimals is None else f"{100 * a!r}%"]


def _too_coarse(check) -> str | None:
    if check.exact or check.digits == 1 or check.decimals == 0:
        return None
    return _rounded(check, check.answer, -1)


def _wrong_answers(check) -> dict[str, str | None]:
    """Wrong answers, each with the start of the message it must get (None: any but "Right")."""
    a = check.answer
    wrong = {}
    if isinstance(a, int):
        wrong |= {str(a + 1): None, str(a - 1): None, f"{a}.5": "Not yet: the answer is a whole number"}
    else:  # one off in the last digit: of the short form of an exact value, else one digit beyond the minimum
        wrong |= dict.fromkeys(_last_digit_slips(f"{a:.6g}" if check.exact else _rounded(check, a, 1)))
    if a:
        wrong |= {repr(-a): None, repr(10 * a): None}
    for mistake, reason in check.mistakes.items():
        wrong[repr(mistake)] = f"Not yet: {reason}"
        if not check.exact:
            wrong[_rounded(check, mistake)] = f"Not yet: {reason}"
    return wrong


@pytest.mark.parametrize("name", ALL)
def test_every_number_check_accepts_its_answer_in_every_rounding_and_rejects_slips(notebook_checks, name):
    for cell, check in notebook_checks[name]:
        if not isinstance(check, exercises.NumberCheck):
            continue
        where = f"{name}, cell {cell}: {check.question.value[:60]}"
        for text in _right_answers(check):
            feedback = _answer(check, text)
            assert feedback.correct, f"{where}: {text!r} should be right: {feedback.message}"
        coarse = _too_coarse(check)
        if coarse is not None:  # right but short: asked for more digits (unless it is exact, or a listed mistake)
            feedback = _answer(check, coarse)
            mistaken = [f"Not yet: {reason}" for mistake, reason in check.mistakes.items() if float(coarse) == mistake]
            if float(coarse) == pytest.approx(check.answer, rel=1e-9):
                assert feedback.correct, f"{where}: {coarse!r} is exact: {feedback.message}"
            elif mistaken:
                assert feedback.message == mistaken[0], f"{where}: {coarse!r}: {feedback.message}"
            else:
                asked_for_more = not feedback.complete and "give at least" in feedback.message
                assert asked_for_more, f"{where}: {coarse!r}: {feedback.message}"
        for text, message in _wrong_answers(check).items():
            feedback = _answer(check, text)
            assert not feedback.correct and feedback.complete, f"{where}: {text!r} should be wrong: {feedback.message}"
            assert message is None or feedback.message.startswith(message), f"{where}: {text!r}: {feedback.message}"


@pytest.mark.parametrize("name", ALL)
def test_every_choice_quiz_accepts_only_its_right_option_and_explains_each(notebook_checks, name):
    for cell, check in notebook_checks[name]:
        if not isinstance(check, exercises.ChoiceQuiz):
            continue
        where = f"{name}, cell {cell}: {check.question.value[:60]}"
        for index, (option, reason) in enumerate(zip(check.options, check.explanations, strict=True)):
            feedback = _answer(check, index)
            assert feedback.correct == (index == check.correct), f"{where}: {option!r}: {feedback.message}"
            assert feedback.message.endswith(reason), where
        assert _answer(check, check.correct)
        wrong = next(i for i in range(len(check.options)) if i != check.correct)
        assert not _answer(check, wrong) and "✘" in check.feedback.value and "✔" not in check.feedback.value, where


# --- the "write it yourself" exercises ------------------------------------------------------------

WRONG_CODE = {  # per exercise: functions with a typical mistake, and a part of the reason each must get
    "descend": {function: reason for function, (_, reason) in student_code.DESCEND_MISTAKES.items()},
    "mse_gradient": student_code.GRADIENT_MISTAKES,
    "regime": student_code.REGIME_MISTAKES,
    "best_of_restarts": student_code.RESTART_MISTAKES,
}


@pytest.mark.parametrize("name", ALL)
def test_every_code_exercise_answers_its_placeholder_kindly_accepts_its_solution_and_explains_mistakes(
        notebook_checks, name, capsys):
    for cell, case in notebook_checks[name]:
        if not isinstance(case, CodeExercise):
            continue
        where, exercise = f"{name}, cell {cell}", case.check.exercise
        assert not case.check.correct and not case.check.complete, f"{where}: the stored cell should hold the " \
                                                                    f"placeholder, answered kindly: {case.check}"
        assert repr(case.check).startswith("✎ Not written yet"), where
        verdict = exercise.check(case.solution)
        assert verdict.correct, f"{where}: the notebook's solution is not accepted: {verdict}"
        for wrong, reason in WRONG_CODE[exercise.name].items():
            verdict = exercise.check(wrong)
            assert not verdict.correct and reason in verdict.message, f"{where}: {verdict}"


def test_every_code_exercise_of_the_course_is_in_a_notebook(notebook_checks):
    found = {case.check.exercise.name for checks in notebook_checks.values() for _, case in checks
             if isinstance(case, CodeExercise)}
    assert found == set(WRONG_CODE)
