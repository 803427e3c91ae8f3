"""A formula as the course writes it: ``(1-x)**2 + 100*(y-x**2)**2`` becomes ``(1 − x)² + 100(y − x²)²``.

:func:`formula_text` reads a syntax tree that :mod:`course_lib.expressions` has already checked
(numbers, x, y, pi, e, + - * / **, signs and one-argument functions), so it meets nothing else.
"""

from __future__ import annotations

import ast

__all__ = ["formula_text"]


def formula_text(node: ast.AST) -> str:
    """The text of a checked formula's syntax tree (``ast.parse(text, mode="eval").body``), typeset."""
    return _typeset(node)[0]


_ADD, _MUL, _SIGN, _POW, _ATOM = range(1, 6)  # precedence, loosest first
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _typeset(node: ast.AST) -> tuple[str, int]:
    """A validated node as the course writes formulas, and its precedence.

    ``(1-x)**2 + 100*(y-x**2)**2`` becomes ``(1 − x)² + 100(y − x²)²``: whole-number powers
    as superscripts (others as ``^``), a number or variable times a variable or a bracket
    written side by side, other products with ``·``, and a true minus sign. Brackets stay
    where Python needs them; a sign after an operator gets one too (``x − (−y)``).
    """
    kind = type(node)
    if kind is ast.Constant:
        return ast.unparse(node), _ATOM
    if kind is ast.Name:
        return ("π" if node.id == "pi" else node.id), _ATOM
    if kind is ast.Call:
        return f"{node.func.id}({_typeset(node.args[0])[0]})", _ATOM
    if kind is ast.UnaryOp:
        sign = "−" if isinstance(node.op, ast.USub) else "+"
        return sign + _operand(node.operand, _SIGN, after_operator=True), _SIGN
    op = type(node.op)
    if op is ast.Pow:
        base = _operand(node.left, _ATOM)
        exponent = _integer_exponent(node)
        if exponent is not None:
            return base + str(exponent).replace("-", "⁻").translate(_SUPERSCRIPTS), _POW
        return f"{base}^{_operand(node.right, _ATOM)}", _POW
    precedence = _ADD if op in (ast.Add, ast.Sub) else _MUL
    left = _operand(node.left, precedence)
    right = _operand(node.right, precedence + 1, after_operator=True)
    if op is ast.Mult:
        side_by_side = _may_precede(node.left) and (right.startswith("(") or _is_variable(node.right))
        return left + ("" if side_by_side else "·") + right, _MUL
    symbol = {ast.Add: " + ", ast.Sub: " − ", ast.Div: "/"}[op]
    return left + symbol + right, precedence


def _operand(node: ast.AST, at_least: int, after_operator: bool = False) -> str:
    """A node's text, bracketed when it binds looser than ``at_least`` or is a sign after an operator."""
    text, precedence = _typeset(node)
    if precedence < at_least or (after_operator and type(node) is ast.UnaryOp):
        return f"({text})"
    return text


def _integer_exponent(node: ast.BinOp) -> int | None:
    """The exponent of a power when it is a whole number (written as a superscript), else None."""
    exponent, sign = node.right, 1
    if type(exponent) is ast.UnaryOp:
        exponent, sign = exponent.operand, (-1 if isinstance(exponent.op, ast.USub) else 1)
    if type(exponent) is ast.Constant and type(exponent.value) is int:
        return sign * exponent.value
    return None


def _may_precede(node: ast.AST) -> bool:
    """Whether a factor's text ends so that a variable or bracket may follow with no dot:
    in a number, a variable, a superscript or a bracket (``2x``, ``xy``, ``x²y``, ``(x + 1)y``),
    not in a function call (``sin(x)·y``), a ``^`` power (``x^0.5·y``) or a quotient (``1/2·x``)."""
    kind = type(node)
    if kind is ast.UnaryOp:
        return _may_precede(node.operand)
    if kind is not ast.BinOp:
        return kind in (ast.Constant, ast.Name)
    op = type(node.op)
    if op is ast.Mult:
        return _may_precede(node.right)
    if op is ast.Pow:
        return _integer_exponent(node) is not None
    return op in (ast.Add, ast.Sub)  # a sum as a factor is in brackets


def _is_variable(node: ast.AST) -> bool:
    """x, y or π, or a power of one of them: what can follow a number without a dot (2x, 3y², 2π)."""
    if type(node) is ast.BinOp and type(node.op) is ast.Pow:
        node = node.left
    return type(node) is ast.Name and node.id in ("x", "y", "pi")
