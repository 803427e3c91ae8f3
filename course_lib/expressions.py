"""Turn a formula a student types, such as ``x**4 - 3*x**2 + sin(5*x)``, into an Objective.

    >>> from course_lib.expressions import parse_objective
    >>> bowl = parse_objective("(1-x)**2 + 100*(y-x**2)**2")
    >>> bowl.dim, bowl.formula
    (2, '(1 − x)² + 100(y − x²)²')
    >>> [float(g) for g in bowl.grad([0.0, 1.0])]
    [-2.0, 200.0]

A formula is data, never code. It goes through four gates before anything computes with it:

1. **Text.** At most :data:`MAX_LENGTH` characters, all of them printable ASCII (so a Cyrillic
   ``х`` or a fullwidth ``ｘ``, which Python would silently read as ``x``, is refused by name),
   on one line, without ``#``, at most :data:`MAX_DEPTH` parentheses deep.
2. **Syntax tree.** Python's own parser (``ast.parse``, which only parses) turns the text into a
   tree, and every node of it is checked against the allow-list below *before* anything is
   evaluated. The tree may nest at most :data:`MAX_DEPTH` operations deep.
3. **Building.** The SymPy expression is built node by node from the checked tree; SymPy's own
   string parsers (``sympify``, ``parse_expr``), which call ``eval``, never see the text. Each
   number is checked as it appears: exponents at most :data:`MAX_EXPONENT` in size, every number
   at most :data:`MAX_MAGNITUDE`, and no non-real or infinite constant (``sqrt(-1)``, ``1/0``).
4. **Derivatives.** SymPy differentiates twice; the gradient may have at most
   :data:`MAX_GRADIENT_SIZE` parts (this bounds the time a formula takes to prepare), the
   results may contain only the allowed functions, and :func:`sympy.lambdify` compiles them
   to NumPy code (the code it runs is SymPy's printout of the checked expression).

The allow-list (everything else is refused with a message that says so):

- numbers, such as ``3``, ``0.5``, ``1e-3``;
- the variables ``x`` and ``y``, and the constants ``pi`` and ``e``;
- ``+ - * / **``, a leading ``-`` or ``+``, and parentheses (``^`` is Python's exclusive or,
  not a power: write ``x**2``);
- the functions of :data:`FUNCTIONS`, each with one argument (``log`` is the natural logarithm).

Not allowed: other names (``__import__``, ``X``, ``np``), attribute access (``np.sin``),
indexing, keyword or starred arguments, strings and f-strings, lambdas, comprehensions,
``:=``, ``if … else``, comparisons, ``and``/``or``/``not``, bit operations, ``@``, ``//``,
``%``, lists, tuples, sets and dicts, complex numbers, ``True``/``False``/``None``.

Numbers: literals are read exactly (``0.1`` is 1/10), but a non-integer exponent (``x**0.5``,
``sqrt(x)``) becomes a floating-point number, and so does any exact number with more than six
digits in its numerator or denominator: exact arithmetic on those (SymPy factors numbers to
simplify roots) can take minutes. ``pi`` and ``e`` are doubles, and every part without x and
y is computed at once (``sin(2)`` is 0.909…), so ``tan(pi/2)`` is 1.6e16, as in NumPy, and a
constant outside a function's real domain (``asin(2)``, ``log(-1)``) is refused.

Evaluation never warns or raises: outside the formula's domain (``log`` of a negative number,
overflow) the functions return NaN or ±inf quietly, which :func:`course_lib.descent.run`
reports as a diverged start. Where ``abs`` has a kink its derivative is taken as ``sign``
(0 at the kink) and its second derivative as 0.

Whether a formula has a lowest value cannot be decided in general, so a parsed objective is
``bounded_below=False`` (no global minimum is claimed) unless the caller says otherwise. Its
``formula`` is written as the course writes formulas (:mod:`course_lib.typeset`).
"""

from __future__ import annotations

import ast
import functools
import unicodedata
import warnings
from decimal import Decimal

import numpy as np
import sympy

from . import _checks
from .objectives import Objective, gradient_2d, hessian_2d
from .typeset import formula_text
from .windows import check_window

__all__ = [
    "parse_objective",
    "DEFAULT_WINDOW",
    "FUNCTIONS",
    "CONSTANTS",
    "ALLOWED",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_GRADIENT_SIZE",
    "MAX_MAGNITUDE",
]

DEFAULT_WINDOW = (-3.0, 3.0)
"""The range of x (and of y) a formula is shown over unless the caller gives a window."""

MAX_LENGTH = 150
"""Longest formula, in characters (Beale's function takes 68)."""

MAX_DEPTH = 15
"""Deepest nesting, of parentheses and of operations: each function call, power and sign is one
level, and so is each switch between sums and products; a long sum or product is one level."""

MAX_EXPONENT = 100
"""Largest size of a constant exponent, also after SymPy combines powers: ``(x**20)**20`` is
``x**400`` and is refused. ``2**x`` (a variable exponent) is fine."""

MAX_GRADIENT_SIZE = 500
"""Largest gradient, counted as nodes of its SymPy expression trees (Goldstein–Price's has 328).
The Hessian and its compiled code cost 10–20 times more, so this bounds the time a formula
takes to prepare (products of many different factors grow fastest)."""

MAX_MAGNITUDE = 1e300
"""Largest size of any number in the formula or its derivatives (leaves room below 1.8e308,
the largest double, for evaluation)."""

_EXACT_LIMIT = 10**6  # exact numbers with a larger numerator or denominator become floats


class _abs(sympy.Function):
    """|u| for real u; its derivative is sign(u)·u′ (SymPy's Abs assumes complex arguments)."""

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            return abs(arg)
        return None

    def fdiff(self, argindex=1):
        return _sign(self.args[0])


class _sign(sympy.Function):
    """sign(u) for real u, with derivative 0 (the kink of |u| has no second derivative)."""

    @classmethod
    def eval(cls, arg):
        if arg.is_Number:
            return sympy.sign(arg)
        return None

    def fdiff(self, argindex=1):
        return sympy.S.Zero


FUNCTIONS = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": lambda u: u ** sympy.Float(0.5),
    "abs": _abs,
}
"""The functions a formula may call, each with one argument, and what each becomes in SymPy."""

_X = sympy.Symbol("x", real=True)
_Y = sympy.Symbol("y", real=True)
_VARIABLES = {"x": _X, "y": _Y}
CONSTANTS = {"pi": sympy.Float(np.pi), "e": sympy.Float(np.e)}
"""The named constants a formula may use, as double-precision numbers (see :func:`_build`)."""
_NAMES = {**_VARIABLES, **CONSTANTS}

ALLOWED = (
    "use x and y, numbers, + - * / ** and parentheses, the constants pi and e, "
    f"and the functions {', '.join(FUNCTIONS)}"
)
"""The allow-list in one sentence, for a hint beside a text box."""

# Functions the derivatives may contain: the allowed ones and the real |u| and sign(u).
_COMPILABLE = frozenset(f for f in FUNCTIONS.values() if isinstance(f, type)) | {_sign}
_NUMPY_NAMES = {"_abs": np.abs, "_sign": np.sign}

_SUM, _PRODUCT = (ast.Add, ast.Sub), (ast.Mult, ast.Div)
_BINARY = frozenset({ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow})
_UNARY = frozenset({ast.USub, ast.UAdd})
_REFUSED_OPERATORS = {
    ast.BitXor: ("'^'", "it is not a power in Python: write x**2"),
    ast.FloorDiv: ("'//'", "integer division"),
    ast.Mod: ("'%'", "remainder"),
    ast.MatMult: ("'@'", "matrix product"),
    ast.BitAnd: ("'&'", "bit operation"),
    ast.BitOr: ("'|'", "bit operation"),
    ast.LShift: ("'<<'", "bit operation"),
    ast.RShift: ("'>>'", "bit operation"),
    ast.Invert: ("'~'", "bit operation"),
    ast.Not: ("'not'", "logic"),
}
_REFUSED_NODES = {
    ast.Attribute: "attribute access with '.'",
    ast.Subscript: "indexing with [ ]",
    ast.Lambda: "lambda",
    **dict.fromkeys((ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp), "comprehension"),
    ast.NamedExpr: "assignment with ':='",
    ast.IfExp: "'if ... else'",
    ast.Compare: "comparison",
    ast.BoolOp: "'and' / 'or'",
    ast.JoinedStr: "text in quotes",
    ast.List: "list",
    ast.Tuple: "tuple: a formula is one expression, without commas",
    ast.Set: "set",
    ast.Dict: "dict",
    ast.Starred: "'*' unpacking",
    ast.Await: "await",
    **dict.fromkeys((ast.Yield, ast.YieldFrom), "yield"),
    ast.Slice: "slice",
}


def _refuse(what: str, why: str = "") -> ValueError:
    return ValueError(f"{what} is not allowed{f' ({why})' if why else ''}: {ALLOWED}")


def _quote(text: str, node: ast.AST) -> str:
    segment = ast.get_source_segment(text, node) or type(node).__name__
    return repr(segment if len(segment) <= 40 else segment[:37] + "...")


# --- gate 1: the text ----------------------------------------------------------------------

def _check_text(text: str) -> str:
    if len(text) > MAX_LENGTH:
        raise ValueError(f"the formula is too long: {len(text)} characters, at most {MAX_LENGTH}")
    depth = 0
    for ch in text:
        if ch == "#":
            raise _refuse("'#'", "comment")
        depth += (ch in "([{") - (ch in ")]}")
        if depth > MAX_DEPTH:
            raise ValueError(f"the formula is nested too deeply: more than {MAX_DEPTH} parentheses inside each other")
        if not " " <= ch <= "~":
            if ch in "\n\r":
                raise ValueError("the formula must be on one line")
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            raise _refuse(f"the character {ch!r} ({name})", "type the formula in plain ASCII")
    text = text.strip(" ")
    if not text:
        raise ValueError(f"the formula is empty: type a formula in x (and y), such as x**2; {ALLOWED}")
    return text


def _parse(text: str) -> ast.Expression:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for "2(x)"; the tree check refuses it
            return ast.parse(text, mode="eval")
    except SyntaxError as error:
        where = f" at character {error.offset}" if error.offset else ""
        raise ValueError(
            f"could not read the formula{where}: {error.msg}. "
            "Products need a '*' (2*x, not 2x) and powers are written ** (x**2)"
        ) from None
    except (RecursionError, MemoryError):
        raise ValueError("the formula is nested too deeply to read") from None


# --- gate 2: the syntax tree -----------------------------------------------------------------

def _validate(tree: ast.Expression, text: str) -> bool:
    """Check every node against the allow-list (iteratively); return whether y appears."""
    uses_y = False
    stack = [(tree.body, 0)]
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        if kind in (ast.BinOp, ast.UnaryOp, ast.Call):
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError(
                    f"the formula is nested too deeply: more than {MAX_DEPTH} levels of functions, "
                    "powers and signs inside each other"
                )
        if kind is ast.BinOp:
            if type(node.op) not in _BINARY:
                raise _refuse(*_REFUSED_OPERATORS[type(node.op)])
            for child in (node.left, node.right):
                chained = (
                    isinstance(child, ast.BinOp)
                    and any(isinstance(node.op, g) and isinstance(child.op, g) for g in (_SUM, _PRODUCT))
                )
                stack.append((child, depth - 1 if chained else depth))
        elif kind is ast.UnaryOp:
            if type(node.op) not in _UNARY:
                raise _refuse(*_REFUSED_OPERATORS[type(node.op)])
            stack.append((node.operand, depth))
        elif kind is ast.Call:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else None
            if name not in FUNCTIONS:
                if type(func) in _REFUSED_NODES:
                    raise _refuse(_quote(text, func), _REFUSED_NODES[type(func)])
                if name is not None and name not in _NAMES:
                    raise _refuse(repr(name), "not one of the functions")
                raise _refuse(_quote(text, node), "to multiply, put a '*' before the parenthesis")
            if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise _refuse(_quote(text, node), f"{name} takes exactly one argument, such as {name}(x)")
            stack.append((node.args[0], depth))
        elif kind is ast.Name:
            if node.id in FUNCTIONS:
                raise _refuse(f"{node.id!r} without an argument", f"write {node.id}(x)")
            if node.id not in _NAMES:
                raise _refuse(repr(node.id), "the variables are x and y")
            uses_y |= node.id == "y"
        elif kind is ast.Constant:
            _check_literal(node, text)
        else:
            raise _refuse(_quote(text, node), _REFUSED_NODES.get(kind, ""))
    return uses_y


def _check_literal(node: ast.Constant, text: str) -> None:
    value = node.value
    if isinstance(value, (str, bytes)):
        raise _refuse(_quote(text, node), "text in quotes")
    if isinstance(value, complex):
        raise _refuse(_quote(text, node), "complex numbers")
    if type(value) not in (int, float):
        raise _refuse(_quote(text, node))
    if not abs(value) <= MAX_MAGNITUDE:  # also catches 1e999, which Python reads as inf
        raise ValueError(f"the number {_quote(text, node)} is too large: at most {MAX_MAGNITUDE:g}")


# --- gate 3: building the SymPy expression ------------------------------------------------------

def _number(value: int | float) -> sympy.Expr:
    """The literal as written (0.1 is exactly 1/10), tamed like every other number."""
    if isinstance(value, int):
        return _tame(sympy.Integer(value), "the formula")
    numerator, denominator = Decimal(repr(value)).as_integer_ratio()
    return _tame(sympy.Rational(numerator, denominator), "the formula")


def _tame(expr: sympy.Expr, where: str) -> sympy.Expr:
    """Refuse non-real, infinite and too large numbers; make long exact numbers floats."""
    if expr.has(sympy.I, sympy.zoo, sympy.oo, sympy.S.NegativeInfinity, sympy.nan):
        raise ValueError(
            f"{where} has a part with no real, finite value (such as 1/0, log(0), sqrt(-1) or (-8)**(1/3))"
        )
    floats = {}
    for number in expr.atoms(sympy.Number):
        if abs(number) > MAX_MAGNITUDE:
            raise ValueError(f"a number in {where} is too large: more than {MAX_MAGNITUDE:g}")
        if number.is_Rational and (abs(number.p) > _EXACT_LIMIT or number.q > _EXACT_LIMIT):
            floats[number] = sympy.Float(number)
    return expr.xreplace(floats) if floats else expr


def _power(base: sympy.Expr, exponent: sympy.Expr, text: str, node: ast.AST) -> sympy.Expr:
    if exponent.is_Number:
        if abs(exponent) > MAX_EXPONENT:
            raise ValueError(f"the exponent in {_quote(text, node)} is too large: at most {MAX_EXPONENT}")
        if not exponent.is_Integer:
            exponent = sympy.Float(exponent)  # exact roots make SymPy factor numbers, which can take minutes
    result = base**exponent
    for power in result.atoms(sympy.Pow):
        if power.exp.is_Number and abs(power.exp) > MAX_EXPONENT:
            raise ValueError(
                f"{_quote(text, node)} has the power {power}, whose exponent is more than {MAX_EXPONENT}"
            )
    return result


def _build(node: ast.AST, text: str) -> sympy.Expr:
    """The SymPy expression of a validated node (recursion depth < MAX_LENGTH / 2).

    Every part without x and y becomes a number at once (pi and e are floats, a function of
    a number is evaluated), so no symbolic constant such as sin(exp(exp(exp(3)))) is left for
    SymPy to evaluate to ever higher precision when it sorts terms or checks signs.
    """
    kind = type(node)
    if kind is ast.Constant:
        return _number(node.value)
    if kind is ast.Name:
        return _NAMES[node.id]
    if kind is ast.UnaryOp:
        operand = _build(node.operand, text)
        result = -operand if isinstance(node.op, ast.USub) else operand
    elif kind is ast.Call:
        argument = _build(node.args[0], text)
        if argument.is_Number:  # evaluate now: sin(2) as a number, not a symbol SymPy may evalf later
            argument = sympy.Float(argument)
        result = FUNCTIONS[node.func.id](argument)
    else:
        left, right = _build(node.left, text), _build(node.right, text)
        op = type(node.op)
        if op is ast.Pow:
            result = _power(left, right, text, node)
        elif op is ast.Div:
            result = left * _power(right, sympy.Integer(-1), text, node)
        else:
            result = {ast.Add: sympy.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sympy.Mul}[op](left, right)
    return _tame(result, _quote(text, node))


# --- gate 4: derivatives and NumPy code --------------------------------------------------------

def _real(expr: sympy.Expr) -> sympy.Expr:
    """SymPy's Abs and sign (which it may create, e.g. sqrt(x**2) = |x|) as their real versions."""
    if not expr.has(sympy.Abs, sympy.sign):
        return expr
    return expr.replace(sympy.Abs, _abs).replace(sympy.sign, _sign)


def _derivative(expr: sympy.Expr, variable: sympy.Symbol, formula: str) -> sympy.Expr:
    result = _tame(_real(sympy.diff(expr, variable)), f"the derivative of {formula!r}")
    for call in result.atoms(sympy.Function):
        if call.func not in _COMPILABLE:
            raise ValueError(f"cannot differentiate {formula!r}: its derivative contains {call.func}")
    return result


def _compile(variables, expressions):
    """NumPy code for a list of expressions: points → list of arrays (maybe scalars)."""
    return sympy.lambdify(variables, list(expressions), modules=[_NUMPY_NAMES, "numpy"], cse=True)


@functools.lru_cache(maxsize=64)
def _symbolic(text: str, dim: int | None):
    """Formula text → (the formula as the course writes it, dim, compiled f, gradient, Hessian). Cached."""
    text = _check_text(text)
    tree = _parse(text)
    uses_y = _validate(tree, text)
    formula = ast.unparse(tree)  # for messages: Python, as the student typed it
    if dim == 1 and uses_y:
        raise ValueError(f"dim must be 2 for a formula in y, got dim=1 for {formula!r}")
    dim = dim or (2 if uses_y else 1)
    variables = (_X, _Y)[:dim]
    f = _real(_build(tree.body, text))
    gradient = [_derivative(f, v, formula) for v in variables]
    size = sum(1 for g in gradient for _ in sympy.preorder_traversal(g))
    if size > MAX_GRADIENT_SIZE:
        raise ValueError(
            f"the formula is too complicated to differentiate quickly: its gradient has {size} parts "
            f"(at most {MAX_GRADIENT_SIZE}); try a shorter formula with fewer factors"
        )
    hessian = [_derivative(gradient[i], variables[j], formula) for i in range(dim) for j in range(i, dim)]
    typeset = formula_text(tree.body)
    return typeset, dim, _compile(variables, [f]), _compile(variables, gradient), _compile(variables, hessian)


def _on_points(compiled, dim: int):
    """Call compiled code on points (1-D: any array; 2-D: shape (..., 2)): a new array of their shape per expression."""

    def evaluate(points):
        points = np.asarray(points, dtype=float)
        coordinates = (points,) if dim == 1 else (points[..., 0], points[..., 1])
        shape, values = coordinates[0].shape, [np.asarray(v, dtype=float) for v in compiled(*coordinates)]
        # a constant, or a coordinate itself ("x": not the caller's own array), is spread over a new array
        return [v if v.shape == shape and not any(v is c for c in coordinates) else np.full(shape, v) for v in values]

    return evaluate


def parse_objective(
    text: str,
    *,
    dim: int | None = None,
    window=None,
    name: str = "your function",
    bounded_below: bool = False,
) -> Objective:
    """Parse a formula in x (or x and y) into an :class:`~course_lib.objectives.Objective`.

    The objective's ``f``, ``grad`` and ``hessian`` are exact (SymPy derivatives compiled to
    NumPy), vectorised with the shapes of :mod:`course_lib.objectives`, and quiet: outside the
    formula's domain they return NaN or ±inf instead of warning. Its stationary points come
    from Newton's method on ∇f = 0 from a grid over the window.

    Preparing a new formula takes SymPy about 0.1–1 s; the same text again comes from a cache.

    Args:
        text: the formula, e.g. ``"x**4 - 3*x**2 + sin(5*x)"`` (see the module docstring for
            what is allowed).
        dim: 1 or 2; by default 2 when ``y`` appears, else 1. ``dim=2`` makes a formula in x
            alone a function of (x, y).
        window: plot range, ``(lo, hi)`` in 1-D or ``((x_lo, x_hi), (y_lo, y_hi))`` in 2-D;
            default -3 to 3 on each axis.
        name: short identifier of the objective.
        bounded_below: say True only if you know f has a lowest value; then its lowest
            minimum in the window is reported as global. The default False claims no global
            minimum, since that cannot be decided from a formula in general.

    Raises:
        ValueError: with a message for the student saying what is wrong or not allowed.
    """
    if not isinstance(text, str):
        raise ValueError(f"the formula must be text (a str), got {text!r}")
    if dim is not None and (type(dim) is not int or dim not in (1, 2)):
        raise ValueError(f"dim must be 1, 2 or None, got {dim!r}")
    bounded_below = _checks.flag("bounded_below", bounded_below)
    formula, dim, f, gradient, hessian = _symbolic(text, dim)
    window = check_window(DEFAULT_WINDOW, dim, shared=True) if window is None else check_window(window, dim)
    f, gradient, hessian = _on_points(f, dim), _on_points(gradient, dim), _on_points(hessian, dim)
    if dim == 1:
        return Objective(
            name, lambda x: f(x)[0][()], lambda x: gradient(x)[0][()], hessian=lambda x: hessian(x)[0][()],
            dim=1, window=window, formula=formula, bounded_below=bounded_below,
        )
    return Objective(
        name, lambda p: f(p)[0], lambda p: gradient_2d(*gradient(p)), hessian=lambda p: hessian_2d(*hessian(p)),
        dim=2, window=window, formula=formula, bounded_below=bounded_below,
    )
