"""Self-checks for exercises and quizzes: a student answers, and learns whether and why.

Two plain functions check an answer without any widget (in a test, a script, or a cell)::

    >>> from course_lib.exercises import check_number, check_choice
    >>> check_number("1/2", 0.5).correct
    True
    >>> print(check_number("0.25", 0.5).message)
    Not yet: 0.25 is too small — off by a factor of 2.

and two widgets wrap them for a notebook, with a Check button, a hint that can be revealed,
and a solution that can be revealed only after the hint::

    NumberCheck("Critical learning rate of f(x) = x² − 4x + 5?", critical_learning_rate(shifted_parabola),
                hint="Divergence starts where |1 − ηf″| = 1.", solution="2/f″ = 2/2 = 1.")
    ChoiceQuiz("Which minimum of x⁴ − 8x² + x is global?", ["x ≈ −2.03", "x ≈ 1.97"], correct=0,
               explanations=["f(−2.03) ≈ −18.0 is the lowest value.", "f(1.97) ≈ −14.0 is higher."])

The right answer is always passed in, computed by ``course_lib`` on the page — never typed
into the notebook as a magic number. :class:`Quiz` stacks questions and keeps the score.

CSS classes (for tests and styling): ``cl-number-check``, ``cl-choice-quiz``, ``cl-quiz``
(the widgets); ``cl-question``, ``cl-answer`` (the text box or the radio buttons), ``cl-check``
(the button), ``cl-feedback`` (plus ``cl-right`` or ``cl-wrong`` once checked), ``cl-hint-button``,
``cl-hint``, ``cl-solution-button``, ``cl-solution``, ``cl-score``, and ``cl-error`` (an error
inside a callback is shown there).
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import ipywidgets as widgets

from ._ui import Panel, css

__all__ = ["Feedback", "parse_number", "check_number", "check_choice", "NumberCheck", "ChoiceQuiz", "Quiz"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct``, and a ``message`` that says why. Truthy when correct."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct


def parse_number(text) -> float:
    """A number from what a student typed: ``0.5``, ``-2.03``, ``1e-7``, ``1/2``, ``2,5`` (decimal comma).

    Raises ValueError with a readable message for anything else.
    """
    if isinstance(text, numbers.Real) and not isinstance(text, bool):
        value = float(text)
    else:
        cleaned = str(text).strip().replace(" ", "").replace("−", "-")
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        try:
            value = float(Fraction(cleaned)) if "/" in cleaned else float(cleaned)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"type a number such as 0.25, -3, 1e-7 or 1/4 (got {str(text)!r})") from None
    if not math.isfinite(value):
        raise ValueError(f"type a finite number (got {str(text)!r})")
    return value


def _tolerance(expected: float, tol: float | None) -> float:
    if tol is None:
        return 0.005 * abs(expected) or 1e-6
    return tol


def _factor_hint(value: float, expected: float) -> str:
    """A reason a wrong number may be wrong: its sign, or a factor of 2 or a power of 10."""
    if expected != 0 and value != 0 and (value < 0) != (expected < 0):
        return ". Check the sign."
    if expected == 0 or value == 0:
        return ""
    ratio = abs(value / expected)
    for factor, name in ((2, "2"), (10, "10"), (100, "100"), (1000, "1000")):
        if math.isclose(ratio, factor, rel_tol=0.01) or math.isclose(ratio, 1 / factor, rel_tol=0.01):
            return f" — off by a factor of {name}."
    return "."


def check_number(answer, expected: float, *, tol: float | None = None, mistakes: Mapping | None = None) -> Feedback:
    """Check a numeric answer against the value course_lib computed.

    Args:
        answer: what the student typed (a string as accepted by :func:`parse_number`, or a number).
        expected: the right value.
        tol: accepted absolute error; by default half a percent of ``expected`` (1e-6 when
            ``expected`` is 0), so an answer rounded to three significant digits counts.
        mistakes: common wrong answers and why they are wrong, ``{value: reason}``, matched with
            the same tolerance (e.g. ``{0.5: "That is 1/f″, the one-step rate."}``).

    Returns:
        :class:`Feedback`: right, or not yet with a reason (a listed mistake, too large or too
        small, a wrong sign, off by a factor of 2 or 10).
    """
    expected = float(expected)
    try:
        value = parse_number(answer)
    except ValueError as error:
        return Feedback(False, f"Not a number: {error}.")
    if abs(value - expected) <= _tolerance(expected, tol):
        return Feedback(True, f"Right: {value:g}.")
    for wrong, reason in (mistakes or {}).items():
        if abs(value - float(wrong)) <= _tolerance(float(wrong), tol):
            return Feedback(False, f"Not yet: {reason}")
    size = "too large" if value > expected else "too small"
    return Feedback(False, f"Not yet: {value:g} is {size}{_factor_hint(value, expected)}")


def _option_index(options: Sequence[str] | None, choice, name: str) -> int:
    if isinstance(choice, numbers.Integral) and not isinstance(choice, bool):
        index = int(choice)
    elif options is not None and choice in options:
        index = list(options).index(choice)
    else:
        raise ValueError(f"{name} must be an option or its index, got {choice!r}")
    if options is not None and not 0 <= index < len(options):
        raise ValueError(f"{name} must be an index below {len(options)}, got {choice!r}")
    return index


def check_choice(choice, correct, *, options: Sequence[str] | None = None, explanations=None) -> Feedback:
    """Check a multiple-choice answer.

    Args:
        choice: the option picked, as its index or (with ``options``) its text; None if nothing was picked.
        correct: the right option, as an index or (with ``options``) its text.
        options: the option texts.
        explanations: why each option is right or wrong: a list parallel to ``options`` or a
            mapping from index or text to reason. The chosen option's reason is the message.
    """
    correct_index = _option_index(options, correct, "correct")
    if choice is None:
        return Feedback(False, "Pick an answer first.")
    index = _option_index(options, choice, "choice")
    reason = ""
    if isinstance(explanations, Mapping):
        key = options[index] if options is not None and options[index] in explanations else index
        reason = explanations.get(key, "")
    elif explanations is not None:
        reason = explanations[index]
    verdict = "Right." if index == correct_index else "Not this one."
    return Feedback(index == correct_index, f"{verdict} {reason}".strip())


class _Check(Panel):
    """What NumberCheck and ChoiceQuiz share: question, Check button, feedback, hint, solution."""

    def __init__(self, css_class: str, title: str, question: str, answer_widget, hint, solution):
        self.question = css(widgets.HTMLMath(f"<b>{question}</b>"), "cl-question")
        self.answer_box = css(answer_widget, "cl-answer")
        self.check_button = css(widgets.Button(description="Check", button_style="primary", icon="check"), "cl-check")
        self.feedback = css(widgets.HTMLMath(""), "cl-feedback")
        self.hint = css(widgets.HTMLMath("", layout=widgets.Layout(display="none")), "cl-hint")
        self.solution = css(widgets.HTMLMath("", layout=widgets.Layout(display="none")), "cl-solution")
        self.hint_button = css(widgets.Button(description="Show hint", icon="lightbulb-o"), "cl-hint-button")
        self.solution_button = css(widgets.Button(description="Show solution", icon="eye"), "cl-solution-button")
        self._hint_text = hint
        self._solution_text = solution
        self.hint_button.layout.display = None if hint else "none"
        self.solution_button.disabled = bool(hint)  # the hint comes first
        self.last: Feedback | None = None
        buttons = widgets.HBox([self.check_button, self.hint_button, self.solution_button])
        super().__init__(css_class, title, [self.question, self.answer_box, buttons, self.feedback,
                                            self.hint, self.solution])
        self.check_button.on_click(self.guard(lambda _: self.check()))
        self.hint_button.on_click(self.guard(lambda _: self.show_hint()))
        self.solution_button.on_click(self.guard(lambda _: self.show_solution()))

    def _verdict(self) -> Feedback:
        raise NotImplementedError

    def check(self) -> Feedback:
        """Check the current answer, show the verdict and return it."""
        self.last = self._verdict()
        color = "#1b5e20" if self.last.correct else "#b71c1c"
        mark = "✔" if self.last.correct else "✘"
        self.feedback.value = f'<span style="color:{color}">{mark} {html.escape(self.last.message)}</span>'
        self.feedback.remove_class("cl-wrong" if self.last.correct else "cl-right")
        self.feedback.add_class("cl-right" if self.last.correct else "cl-wrong")
        return self.last

    def show_hint(self):
        """Reveal the hint; this unlocks the solution button."""
        self.hint.value = f"<b>Hint:</b> {self._hint_text}"
        self.hint.layout.display = None
        self.hint_button.disabled = True
        self.solution_button.disabled = False

    def show_solution(self):
        """Reveal the solution (after the hint, when there is one)."""
        if self.solution_button.disabled:
            raise RuntimeError("the solution opens after the hint")
        self.solution.value = f"<b>Solution:</b> {self._solution_text}"
        self.solution.layout.display = None
        self.solution_button.disabled = True


class NumberCheck(_Check):
    """A question with a numeric answer, checked by :func:`check_number`.

    Args:
        question: the question (HTML; ``$…$`` for math).
        answer: the right value, computed with course_lib on the page.
        tol, mistakes: as for :func:`check_number`.
        hint: a nudge, revealed by "Show hint".
        solution: the worked answer, revealed by "Show solution" once the hint was seen. By
            default it states the value.
        placeholder: the grey text in the empty answer box.

    Attributes: ``answer_box`` (Text), ``check_button``, ``feedback``, ``hint_button``, ``hint``,
    ``solution_button``, ``solution``, ``last`` (the last :class:`Feedback`).
    """

    def __init__(self, question: str, answer: float, *, tol: float | None = None, mistakes: Mapping | None = None,
                 hint: str | None = None, solution: str | None = None, placeholder: str = "your answer"):
        self.answer = float(answer)
        self._tol = tol
        self._mistakes = mistakes
        box = widgets.Text(placeholder=placeholder, layout=widgets.Layout(width="16em"))
        super().__init__("cl-number-check", "Exercise with a self-check", question, box, hint,
                         solution or f"{self.answer:.6g}")

    def _verdict(self) -> Feedback:
        return check_number(self.answer_box.value, self.answer, tol=self._tol, mistakes=self._mistakes)


class ChoiceQuiz(_Check):
    """A multiple-choice question, checked by :func:`check_choice`.

    Args:
        question: the question (HTML; ``$…$`` for math).
        options: the answers to pick from.
        correct: the right option (index or text).
        explanations: why each option is right or wrong (list or mapping, as for :func:`check_choice`).
        hint, solution: as for :class:`NumberCheck`; the solution defaults to the right option.

    Attributes: ``answer_box`` (RadioButtons, nothing picked at first) and those of :class:`NumberCheck`.
    """

    def __init__(self, question: str, options: Sequence[str], correct, *, explanations=None,
                 hint: str | None = None, solution: str | None = None):
        if len(options) < 2:
            raise ValueError(f"options must hold at least two answers, got {options!r}")
        self.options = list(options)
        self.correct = _option_index(self.options, correct, "correct")
        self._explanations = explanations
        radio = widgets.RadioButtons(options=self.options, value=None, layout=widgets.Layout(width="auto"))
        super().__init__("cl-choice-quiz", "Quiz question with a self-check", question, radio, hint,
                         solution or f"{self.options[self.correct]}")

    def _verdict(self) -> Feedback:
        return check_choice(self.answer_box.value, self.correct, options=self.options,
                            explanations=self._explanations)


class Quiz(Panel):
    """Several questions in a column, with the score so far ("2 of 3 right").

    Args:
        questions: :class:`NumberCheck` and :class:`ChoiceQuiz` widgets.
        title: a heading above them.
    """

    def __init__(self, questions: Sequence[_Check], title: str = "Quiz"):
        if not questions or not all(isinstance(q, _Check) for q in questions):
            raise ValueError(f"questions must be NumberCheck or ChoiceQuiz widgets, got {questions!r}")
        self.questions = list(questions)
        self.score = css(widgets.HTML(), "cl-score")
        heading = widgets.HTML(f"<h3>{html.escape(title)}</h3>")
        super().__init__("cl-quiz", title, [heading, *self.questions, self.score])
        for question in self.questions:
            question.check_button.on_click(self.guard(lambda _: self._update_score()))
        self._update_score()

    def _update_score(self):
        right = sum(bool(q.last) for q in self.questions)
        self.score.value = f"<b>{right} of {len(self.questions)} right</b>"
