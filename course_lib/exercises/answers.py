"""Answers to exercises, read and judged without any widget: what :mod:`course_lib.exercises` checks with.

See the package's docstring for what a numeric answer may look like and when it is right.
"""

from __future__ import annotations

import ast
import math
import numbers
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .. import _checks

__all__ = ["Feedback", "parse_number", "check_number", "check_choice", "NumberRule", "show", "option_texts",
           "option_index", "explanation_texts"]

DEFAULT_DIGITS = 2
"""Significant digits a numeric answer needs when its question names no precision."""

_MAX_DIGITS = 15  # a float holds about 15 significant decimal digits
_SLACK = 1e-9  # relative: floating-point rounding between a typed value and a computed one
_MAX_LENGTH = 100


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct``, and a ``message`` that says why. Truthy when correct.

    ``complete`` is False when the answer could not be judged yet: nothing picked, text that is not
    a number, or a correct value with fewer digits than the question asks for.
    """

    correct: bool
    message: str
    complete: bool = True

    def __bool__(self) -> bool:
        return self.correct


# --- reading what a student typed ------------------------------------------------------------

@dataclass(frozen=True)
class _Reading:
    text: str  # as read: separators resolved, ASCII operators
    value: float
    unit: float | None  # the place of the last digit typed; None for an expression (all digits)
    digits: int  # significant digits typed (0 for an expression, or for zero)
    note: str = ""  # how an ambiguous comma was read


_PLAIN = re.compile(
    r"(?P<sign>[+-]?)(?P<int>\d*)(?:\.(?P<frac>\d*))?"
    r"(?:[eE](?P<exp>[+-]?\d+)|\*10\*\*(?P<open>\()?(?P<exp10>[+-]?\d+)(?(open)\)))?(?P<percent>%?)"
)
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d*,\d+")
_EXPRESSION_CHARACTERS = re.compile(r"[\d.eE+\-*/() ]*")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Div: operator.truediv, ast.Pow: operator.pow}
_EXAMPLES = "a number such as 0.25, −3, 1e−7 or 40%, or an expression such as 1/(1 − 0.9)"


def _commas(match: re.Match, notes: list) -> str:
    run = match.group()
    if "," not in run:
        return run
    if _THOUSANDS.fullmatch(run):
        notes.append(f"{run} was read as {run.replace(',', '')}: a comma before three digits separates thousands")
        return run.replace(",", "")
    if _DECIMAL_COMMA.fullmatch(run):
        return run.replace(",", ".")
    raise ValueError(f"cannot tell what the commas in {run} mean: write decimals with a point or a single "
                     "comma (2.5 or 2,5) and thousands without separators or with a comma every three "
                     "digits (12500 or 12,500)")


def _normalize(text: str) -> tuple[str, str]:
    """``text`` with ASCII operators and separators resolved, and a note on how commas were read."""
    text = re.sub(r"[\u00a0\u2009\u202f]", " ", text.strip())
    for typed, meant in (("−", "-"), ("–", "-"), ("×", "*"), ("·", "*"), ("⋅", "*"), ("÷", "/"), ("^", "**")):
        text = text.replace(typed, meant)
    text = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "", text)  # 12 500: a space between groups of three digits
    notes = []
    text = re.sub(r"[\d.,]+", lambda match: _commas(match, notes), text)
    return re.sub(r"\s*([-+*/()%])\s*", r"\1", text), "; ".join(notes)


def _evaluate(node) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        value = _OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
        if isinstance(value, complex):
            raise ValueError("it has no real value (a negative number to a fractional power)")
        return value
    raise ValueError(f"an answer may hold only numbers, + − × ÷ ** and parentheses: type {_EXAMPLES}")


def _plain(text: str, percent: bool) -> _Reading | None:
    match = _PLAIN.fullmatch(text)
    if not match or not (match["int"] or match["frac"]):
        return None
    whole, fraction = match["int"] or "0", match["frac"] or ""
    exponent = int(match["exp"] or match["exp10"] or 0)
    scale = -2 if match["percent"] and not percent else 0  # 40% is 0.4, except where percentages are asked for
    value = float(Decimal(f"{match['sign']}{whole}.{fraction or '0'}").scaleb(exponent + scale))
    unit = float(Decimal(1).scaleb(exponent + scale - len(fraction)))
    return _Reading(text, value, unit, len((whole + fraction).lstrip("0")))


def _read(answer, percent: bool = False) -> _Reading:
    """What the student typed, read as a number (see the module docstring); ValueError if it is not one."""
    if isinstance(answer, bool) or not isinstance(answer, (str, numbers.Real)):
        raise ValueError(f"type {_EXAMPLES} (got {answer!r})")
    typed = answer if isinstance(answer, str) else repr(float(answer))
    if len(typed) > _MAX_LENGTH:
        raise ValueError(f"that is {len(typed)} characters long; an answer needs at most {_MAX_LENGTH}")
    text, note = _normalize(typed)
    reading = _plain(text, percent)
    if reading is None:
        if "%" in text:
            raise ValueError(f"% may follow a single number, as in 40%, not an expression (got {typed!r})")
        if not text or not _EXPRESSION_CHARACTERS.fullmatch(text):
            raise ValueError(f"type {_EXAMPLES} (got {typed!r})")
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError:
            raise ValueError(f"type {_EXAMPLES} (got {typed!r})") from None
        try:
            value = _evaluate(tree.body)
        except ZeroDivisionError:
            raise ValueError(f"{typed!r} divides by zero") from None
        except OverflowError:
            raise ValueError(f"{typed!r} is too large to compute") from None
        reading = _Reading(text, value, None, 0)
    if not math.isfinite(reading.value):
        raise ValueError(f"type a finite number (got {typed!r})")
    return _Reading(reading.text, reading.value, reading.unit, reading.digits, note)


def parse_number(text, *, percent: bool = False) -> float:
    """A number from what a student typed: ``0.5``, ``-2.03``, ``1e-7``, ``2,5``, ``1,000``, ``40%``, ``1/(1 − 0.9)``.

    Args:
        text: the answer as typed (or a number).
        percent: True where the question asks for a percentage: then ``40%`` is 40, as is ``40``.
            Otherwise ``40%`` is 0.4.

    Raises ValueError with a readable message for anything else (TypeError for what is neither text nor a number).
    """
    percent = _checks.flag("percent", percent)
    if isinstance(text, bool) or not isinstance(text, (str, numbers.Real)):
        raise TypeError(f"text must be the answer as typed (a str) or a number, got {text!r}")
    try:
        return _read(text, percent).value
    except ValueError as error:
        raise ValueError(f"text {text!r} is not a number: {error}") from None


# --- judging a numeric answer ----------------------------------------------------------------

def show(text_or_value) -> str:
    text = text_or_value if isinstance(text_or_value, str) else f"{text_or_value:.6g}"
    return text.replace("**", "^").replace("*", "·").replace("-", "−")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _factor_hint(value: float, expected: float) -> str:
    """A reason a wrong number may be wrong: its sign, or a factor of 2 or a power of 10."""
    if expected != 0 and value != 0 and (value < 0) != (expected < 0):
        return ". Check the sign."
    if expected == 0 or value == 0:
        return "."
    ratio = abs(value / expected)
    for factor in (2, 10, 100, 1000):
        if math.isclose(ratio, factor, rel_tol=0.01) or math.isclose(ratio, 1 / factor, rel_tol=0.01):
            return f" — off by a factor of {factor}."
    return "."


@dataclass(frozen=True)
class NumberRule:
    """What counts as right for one numeric question; built (and checked) by :meth:`make`."""

    expected: float
    whole: bool  # an integer answer
    exact: bool
    digits: int | None
    decimals: int | None
    percent: bool
    tol: float
    mistakes: tuple[tuple[float, str], ...]

    @classmethod
    def make(cls, expected, *, digits=None, decimals=None, exact=None, percent=False, tol=0.0, mistakes=None):
        whole = isinstance(expected, numbers.Integral) and not isinstance(expected, bool)
        expected = _checks.number("expected", expected)
        percent = _checks.flag("percent", percent)
        tol = _checks.number("tol", tol, low=0)
        if exact is not None:
            exact = _checks.flag("exact", exact)
        given = {name: v for name, v in (("digits", digits), ("decimals", decimals), ("exact", exact)) if v is not None}
        if len(given) > 1:
            raise ValueError(f"give one of digits, decimals or exact, got {given}")
        if whole and (digits is not None or decimals is not None or exact is False):
            raise ValueError(f"an integer answer is checked exactly (got expected={int(expected)} with {given}); "
                             "pass a float to accept rounded answers")
        exact = whole or bool(exact)
        if exact and tol:
            raise ValueError(f"an exact answer has no tolerance, got tol={tol!r}")
        if digits is not None:
            digits = _checks.integer("digits", digits, low=1)
            if digits > _MAX_DIGITS:
                raise ValueError(f"digits must be at most {_MAX_DIGITS} (what a float holds), got {digits}")
        if decimals is not None:
            decimals = _checks.integer("decimals", decimals, low=0)
            if decimals > _MAX_DIGITS:
                raise ValueError(f"decimals must be at most {_MAX_DIGITS}, got {decimals}")
        if not exact and decimals is None and digits is None:
            digits = DEFAULT_DIGITS
        if digits is not None and expected == 0:
            raise ValueError("an expected value of 0 has no significant digits: pass decimals=… or exact=True")
        if mistakes is None:
            mistakes = {}
        if not isinstance(mistakes, Mapping):
            raise TypeError(f"mistakes must be a mapping {{wrong value: reason}}, got {mistakes!r}")
        listed = []
        for wrong, reason in mistakes.items():
            wrong = _checks.number("a key of mistakes", wrong)
            if not isinstance(reason, str) or not reason.strip():
                raise TypeError(f"the reason for the mistake {wrong!r} must be a text, got {reason!r}")
            listed.append((wrong, reason))
        rule = cls(expected, whole, exact, digits, decimals, percent, tol, tuple(listed))
        for wrong, _ in listed:
            rule._check_distinct(wrong)
        return rule

    # the precision asked for

    def unit_at(self, value: float) -> float:
        """The place of the last digit the question asks for, for an answer near ``value``."""
        if self.decimals is not None:
            return 10.0 ** -self.decimals
        if self.digits is None or value == 0:
            return 0.0
        return 10.0 ** (math.floor(math.log10(abs(value))) - self.digits + 1)

    def rounded(self, value: float) -> str:
        """``value`` written with just the precision the question asks for (all digits if exact)."""
        if self.exact:
            return str(int(value)) if self.whole else repr(value)
        if self.decimals is not None:
            return f"{value:.{self.decimals}f}"
        return f"{value:#.{self.digits}g}"

    def _precise_enough(self, reading: _Reading) -> bool:
        if reading.unit is None:
            return True
        if self.decimals is not None:
            return reading.unit <= 10.0 ** -self.decimals * (1 + _SLACK)
        return reading.digits >= self.digits

    def _typed(self, reading: _Reading) -> str:
        if self.decimals is not None:
            return _plural(max(0, round(-math.log10(reading.unit))), "decimal")
        return _plural(reading.digits, "significant digit")

    def _check_distinct(self, wrong: float):
        """A listed mistake, given to the precision asked for, must not be taken for the right answer."""
        clash = _near(wrong, self.expected, 0) if self.exact else (
            self._consistent(_read(self.rounded(wrong), self.percent), self.expected)
            or self._consistent(_read(self.rounded(self.expected), self.percent), wrong))
        if clash:
            raise ValueError(f"the mistake {wrong:g} cannot be told from the answer {self.expected:g} "
                             f"at the precision asked for ({self.describe(short=True)})")

    def _consistent(self, reading: _Reading, target: float) -> bool:
        """``reading`` is ``target`` rounded to the digits typed (within half a unit of its last digit)."""
        unit = self.unit_at(target) if reading.unit is None else reading.unit
        return _near(reading.value, target, unit / 2 + self.tol)

    # the verdict

    def judge(self, answer) -> Feedback:
        try:
            reading = _read(answer, self.percent)
        except ValueError as error:
            return Feedback(False, f"Not a number: {error}.", complete=False)
        shown = show(reading.text) if reading.unit is not None else f"{show(reading.text)} = {show(reading.value)}"
        if _near(reading.value, self.expected, self.tol):
            return Feedback(True, f"Right: {shown}.")
        for wrong, reason in self.mistakes:  # a mistake typed exactly, even with fewer digits than asked
            if _near(reading.value, wrong, 0):
                return Feedback(False, f"Not yet: {reason}")
        if not self.exact and self._consistent(reading, self.expected):
            if self._precise_enough(reading):
                return Feedback(True, f"Right: {shown}.")
            return Feedback(False, f"Almost: {shown} is right to {self._typed(reading)}; give at least "
                                   f"{self.digits if self.decimals is None else self.decimals}.", complete=False)
        for wrong, reason in self.mistakes:
            if not self.exact and self._consistent(reading, wrong):
                return Feedback(False, f"Not yet: {reason}")
        note = f" ({reading.note})" if reading.note else ""
        if self.whole and not float(reading.value).is_integer():
            return Feedback(False, f"Not yet: the answer is a whole number, and {shown} is not one{note}.")
        asked = self.unit_at(self.expected)
        last = asked if reading.unit is None else max(reading.unit, asked / 2)
        if not self.exact and _near(reading.value, self.expected, last + self.tol):
            return Feedback(False, f"Close: {shown} is a little off. Round the exact value to the digits you "
                                   f"give ({self.describe(short=True)}).")
        size = "too large" if reading.value > self.expected else "too small"
        hint = _factor_hint(reading.value, self.expected)
        return Feedback(False, f"Not yet: {shown} is {size}{note}{hint}")

    def describe(self, short: bool = False) -> str:
        """What the answer must look like, in words: printed under the question."""
        if self.whole:
            need = "the whole number"
        elif self.exact:
            need = "the exact value"
        elif self.decimals is not None:
            need = f"at least {_plural(self.decimals, 'decimal')}"
        else:
            need = f"at least {_plural(self.digits, 'significant digit')}"
        if self.tol:
            need += f", within ±{self.tol:g}"
        if short:
            return need
        unit = "In percent (40 and 40% both mean 40 %)" if self.percent else "Give"
        return f"{unit}{':' if self.percent else ''} {need}; an expression such as 1/(1 − 0.9) works too."


def _near(value: float, target: float, allowance: float) -> bool:
    return abs(value - target) <= allowance + _SLACK * max(abs(value), abs(target))


def check_number(answer, expected, *, digits: int | None = None, decimals: int | None = None,
                 exact: bool | None = None, percent: bool = False, tol: float = 0.0,
                 mistakes: Mapping | None = None) -> Feedback:
    """Check a numeric answer against the value course_lib computed (the rules: see the module docstring).

    Args:
        answer: what the student typed (a string as accepted by :func:`parse_number`, or a number).
        expected: the right value. An int (a count, a step number) must be given exactly.
        digits: the fewest significant digits a rounded answer may have (the default: 2).
        decimals: instead of ``digits``, the fewest decimals.
        exact: True to accept only the exact value (in any form, e.g. ``1/(1 − 0.9)`` for 10).
        percent: True if the question asks for a percentage; ``expected`` is then one (87.5).
        tol: an extra allowance around ``expected``, for measured answers.
        mistakes: common wrong answers and why they are wrong, ``{value: reason}``, matched at the
            precision of the answer typed (e.g. ``{0.5: "That is 1/f″, the one-step rate."}``). Each
            must differ from ``expected`` at the precision asked for.

    Returns:
        :class:`Feedback`: right; not yet complete (too few digits, not a number); or not yet with
        a reason (a listed mistake, off in the last digit, not a whole number, too large or too
        small, a wrong sign, off by a factor of 2 or a power of 10).

    Raises:
        ValueError or TypeError for a bad argument (a non-finite ``expected``, ``tol=True``, ...),
        naming the argument and its value.
    """
    rule = NumberRule.make(expected, digits=digits, decimals=decimals, exact=exact, percent=percent, tol=tol,
                            mistakes=mistakes)
    return rule.judge(answer)


# --- multiple choice ------------------------------------------------------------------------

def _texts(name: str, values, count: int | None = None) -> list[str]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of texts, got {values!r}")
    for position, value in enumerate(values):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be texts (the words shown), got {value!r} "
                            f"({type(value).__name__}) at position {position}")
    if count is not None and len(values) != count:
        raise ValueError(f"{name} must hold one text per option ({count}), got {len(values)}: {list(values)!r}")
    return list(values)


def option_texts(options) -> list[str]:
    options = _texts("options", options)
    if len(options) < 2:
        raise ValueError(f"options must hold at least two answers, got {options!r}")
    repeated = sorted({o for o in options if options.count(o) > 1})
    if repeated or not all(o.strip() for o in options):
        raise ValueError(f"options must be different, non-empty texts, got {options!r}")
    return options


def option_index(options: list[str], choice, name: str) -> int:
    if isinstance(choice, numbers.Integral) and not isinstance(choice, bool):
        if not 0 <= choice < len(options):
            raise ValueError(f"{name} must be an index below {len(options)} or an option's text, got {choice!r}")
        return int(choice)
    if isinstance(choice, str) and choice in options:
        return options.index(choice)
    raise ValueError(f"{name} must be one of the options {options!r} or its index, got {choice!r}")


def explanation_texts(options: list[str], explanations) -> list[str]:
    """One reason per option ("" where none is given), from a list parallel to ``options`` or a mapping."""
    if explanations is None:
        return [""] * len(options)
    if isinstance(explanations, Mapping):
        reasons = [""] * len(options)
        for key, reason in explanations.items():
            if not isinstance(reason, str):
                raise TypeError(f"explanations[{key!r}] must be a text, got {reason!r}")
            reasons[option_index(options, key, "a key of explanations")] = reason
        return reasons
    return _texts("explanations", explanations, len(options))


def check_choice(choice, correct, *, options: Sequence[str], explanations=None) -> Feedback:
    """Check a multiple-choice answer.

    Args:
        choice: the option picked, as its index or its text; None if nothing was picked.
        correct: the right option, as its index or its text.
        options: the option texts (strings; numbers are written as text, e.g. ``["1", "2"]``).
        explanations: why each option is right or wrong: a list with one text per option, or a
            mapping from index or text to reason. The chosen option's reason is the message.

    Raises:
        ValueError or TypeError for bad arguments (options that are not distinct texts, a
        ``correct`` that is not an option, a list of explanations of another length, ...).
    """
    options = option_texts(options)
    correct_index = option_index(options, correct, "correct")
    reasons = explanation_texts(options, explanations)
    if choice is None:
        return Feedback(False, "Pick an answer first.", complete=False)
    index = option_index(options, choice, "choice")
    verdict = "Right." if index == correct_index else "Not this one."
    return Feedback(index == correct_index, f"{verdict} {reasons[index]}".strip())


# --- the widgets -----------------------------------------------------------------------------

