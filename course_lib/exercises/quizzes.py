"""The exercise widgets: a question, an answer box, a Check button, a hint and a solution revealed on request."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as widgets

from .. import _checks
from .._ui import Panel, css
from .answers import Feedback, NumberRule, check_choice, explanation_texts, option_index, option_texts, show

__all__ = ["NumberCheck", "ChoiceQuiz", "Quiz"]

_LOOK = {"right": ("#1b5e20", "✔", "cl-right"), "wrong": ("#b71c1c", "✘", "cl-wrong"),
         "incomplete": ("#8a5300", "✎", "cl-incomplete")}


def _text_or_none(name: str, value) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a text or None, got {value!r}")
    return value


class _Check(Panel):
    """What NumberCheck and ChoiceQuiz share: question, Check button, feedback, hint, solution."""

    def __init__(self, css_class: str, title: str, question: str, answer_widget, hint, solution, note=()):
        if not isinstance(question, str):
            raise TypeError(f"question must be a text, got {question!r}")
        self.question = css(widgets.HTMLMath(f"<b>{question}</b>"), "cl-question")
        self.answer_box = css(answer_widget, "cl-answer")
        self.check_button = css(widgets.Button(description="Check", button_style="primary", icon="check"), "cl-check")
        self.feedback = css(widgets.HTMLMath(""), "cl-feedback")
        self.hint = css(widgets.HTMLMath("", layout=widgets.Layout(display="none")), "cl-hint")
        self.solution = css(widgets.HTMLMath("", layout=widgets.Layout(display="none")), "cl-solution")
        self.hint_button = css(widgets.Button(description="Show hint", icon="lightbulb-o"), "cl-hint-button")
        self.solution_button = css(widgets.Button(description="Show solution", icon="eye"), "cl-solution-button")
        self._hint_text = _text_or_none("hint", hint)
        self._solution_text = _text_or_none("solution", solution)
        self.hint_button.layout.display = None if hint else "none"
        self.solution_button.disabled = bool(hint)  # the hint comes first
        self.last: Feedback | None = None
        buttons = widgets.HBox([self.check_button, self.hint_button, self.solution_button])
        super().__init__(css_class, title, [self.question, *note, self.answer_box, buttons, self.feedback,
                                            self.hint, self.solution])
        self.answer_box.observe(self.guard(lambda _: self._forget()), "value")
        self.check_button.on_click(self.guard(lambda _: self.check()))
        self.hint_button.on_click(self.guard(lambda _: self.show_hint()))
        self.solution_button.on_click(self.guard(lambda _: self.show_solution()))

    def _verdict(self) -> Feedback:
        raise NotImplementedError

    def _forget(self):
        """A verdict belongs to the answer it judged: a new answer clears it."""
        self.last = None
        self.feedback.value = ""
        for _, _, name in _LOOK.values():
            self.feedback.remove_class(name)

    def check(self) -> Feedback:
        """Check the current answer, show the verdict and return it."""
        self._forget()  # if judging fails, no old verdict stays under the new answer
        feedback = self._verdict()
        color, mark, name = _LOOK["right" if feedback.correct else "wrong" if feedback.complete else "incomplete"]
        self.feedback.value = f'<span style="color:{color}">{mark} {html.escape(feedback.message)}</span>'
        self.feedback.add_class(name)
        self.last = feedback
        return feedback

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
        answer: the right value, computed with course_lib on the page (an int for a count).
        digits, decimals, exact, percent, tol, mistakes: as for :func:`check_number`. The widget
            states the precision under the question.
        hint: a nudge, revealed by "Show hint".
        solution: the worked answer, revealed by "Show solution" once the hint was seen. By
            default it states the value.
        placeholder: the grey text in the empty answer box.

    Attributes: ``answer``, ``digits``, ``decimals``, ``exact``, ``percent``, ``tol`` and ``mistakes``
    (a dict) as the check uses them; ``requirement`` (the line that states the precision),
    ``answer_box`` (Text), ``check_button``, ``feedback``, ``hint_button``, ``hint``,
    ``solution_button``, ``solution``, ``last`` (the last :class:`Feedback`, None once the answer changes).
    """

    def __init__(self, question: str, answer, *, digits: int | None = None, decimals: int | None = None,
                 exact: bool | None = None, percent: bool = False, tol: float = 0.0, mistakes: Mapping | None = None,
                 hint: str | None = None, solution: str | None = None, placeholder: str = "your answer"):
        _checks.number("answer", answer)  # the right answer, computed on the page: a finite number
        hint, solution = _text_or_none("hint", hint), _text_or_none("solution", solution)
        self._rule = NumberRule.make(answer, digits=digits, decimals=decimals, exact=exact, percent=percent,
                                      tol=tol, mistakes=mistakes)
        rule = self._rule
        self.answer = int(rule.expected) if rule.whole else rule.expected
        self.digits, self.decimals, self.exact, self.percent, self.tol = (
            rule.digits, rule.decimals, rule.exact, rule.percent, rule.tol)
        self.mistakes = dict(rule.mistakes)
        self.requirement = css(widgets.HTML(f'<span style="color:#616161">{html.escape(rule.describe())}</span>'),
                               "cl-requirement")
        if not isinstance(placeholder, str):
            raise TypeError(f"placeholder must be a text, got {placeholder!r}")
        box = widgets.Text(placeholder=placeholder, layout=widgets.Layout(width="16em"))
        super().__init__("cl-number-check", "Exercise with a self-check", question, box, hint,
                         solution or show(str(self.answer) if rule.whole else self.answer),
                         note=[self.requirement])

    def _verdict(self) -> Feedback:
        return self._rule.judge(self.answer_box.value)


class ChoiceQuiz(_Check):
    """A multiple-choice question, checked by :func:`check_choice`.

    Args:
        question: the question (HTML; ``$…$`` for math).
        options: the answers to pick from, as distinct texts.
        correct: the right option (index or text).
        explanations: why each option is right or wrong (one text per option, or a mapping), as for
            :func:`check_choice`.
        hint, solution: as for :class:`NumberCheck`; the solution defaults to the right option.

    Attributes: ``options``, ``correct`` (its index), ``explanations`` (one text per option, "" where
    none was given), ``answer_box`` (RadioButtons, nothing picked at first) and those of
    :class:`NumberCheck`.
    """

    def __init__(self, question: str, options: Sequence[str], correct, *, explanations=None,
                 hint: str | None = None, solution: str | None = None):
        hint, solution = _text_or_none("hint", hint), _text_or_none("solution", solution)
        self.options = option_texts(options)
        self.correct = option_index(self.options, correct, "correct")
        self.explanations = explanation_texts(self.options, explanations)
        radio = widgets.RadioButtons(options=self.options, value=None, layout=widgets.Layout(width="auto"))
        super().__init__("cl-choice-quiz", "Quiz question with a self-check", question, radio, hint,
                         solution or self.options[self.correct])

    def _verdict(self) -> Feedback:
        return check_choice(self.answer_box.index, self.correct, options=self.options,
                            explanations=self.explanations)


class Quiz(Panel):
    """Several questions in a column, with the score so far ("2 of 3 right").

    Args:
        questions: :class:`NumberCheck` and :class:`ChoiceQuiz` widgets.
        title: a heading above them.
    """

    def __init__(self, questions: Sequence[_Check], title: str = "Quiz"):
        if isinstance(questions, (str, bytes)) or not isinstance(questions, Sequence) or not questions or not all(
                isinstance(q, _Check) for q in questions):
            raise TypeError(f"questions must be a list of NumberCheck or ChoiceQuiz widgets, got {questions!r}")
        if not isinstance(title, str):
            raise TypeError(f"title must be a text, got {title!r}")
        self.questions = list(questions)
        self.score = css(widgets.HTML(), "cl-score")
        heading = widgets.HTML(f"<h3>{html.escape(title)}</h3>")
        super().__init__("cl-quiz", title, [heading, *self.questions, self.score])
        for question in self.questions:
            question.check_button.on_click(self.guard(lambda _: self._update_score()))
            question.answer_box.observe(self.guard(lambda _: self._update_score()), "value")
        self._update_score()

    def _update_score(self):
        right = sum(bool(q.last) for q in self.questions)
        self.score.value = f"<b>{right} of {len(self.questions)} right</b>"
