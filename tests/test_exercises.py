"""course_lib.exercises: answers are checked with reasons; hints come before solutions; errors show."""

import pytest

from course_lib import exercises, objectives
from course_lib.descent import critical_learning_rate, one_step_learning_rate
from course_lib.exercises import ChoiceQuiz, NumberCheck, Quiz, check_choice, check_number, parse_number

pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize(("text", "value"), [
    ("0.5", 0.5), (" -2.03 ", -2.03), ("−2.03", -2.03), ("1e-7", 1e-7), ("1/4", 0.25), ("2,5", 2.5), (3, 3.0),
])
def test_parse_number_reads_what_students_type(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1/0", "inf", "nan", "1,000.5", True])
def test_parse_number_refuses_anything_else(text):
    with pytest.raises(ValueError, match="number"):
        parse_number(text)


def test_check_number_accepts_a_rounded_answer_and_explains_wrong_ones():
    critical = critical_learning_rate(objectives.shifted_parabola)  # 2/f'' = 1.0
    assert check_number("1", critical) and check_number("1.004", critical)
    assert not check_number("1.01", critical)
    assert check_number("0.115", 0.115292).correct  # three significant digits
    assert check_number("2", critical).message == "Not yet: 2 is too large — off by a factor of 2."
    assert check_number("0.1", critical).message == "Not yet: 0.1 is too small — off by a factor of 10."
    assert check_number("-1", critical).message == "Not yet: -1 is too small. Check the sign."
    assert check_number("0.7", critical).message == "Not yet: 0.7 is too small."
    assert check_number("x", critical).message.startswith("Not a number: type a number")
    mistakes = {one_step_learning_rate(objectives.shifted_parabola): "that is 1/f″, the one-step rate."}
    assert check_number("0.5", critical, mistakes=mistakes).message == "Not yet: that is 1/f″, the one-step rate."
    assert check_number("0.0000005", 0.0) and not check_number("0.01", 0.0)
    assert check_number("0.2", 0.0, tol=0.5)


def test_check_choice_by_index_or_text_with_explanations():
    options = ["x ≈ −2.03", "x ≈ 1.97"]
    explanations = ["f(−2.03) ≈ −18.0 is the lowest value.", "f(1.97) ≈ −14.0 is higher."]
    right = check_choice(0, 0, options=options, explanations=explanations)
    assert right.correct and right.message == "Right. f(−2.03) ≈ −18.0 is the lowest value."
    wrong = check_choice("x ≈ 1.97", "x ≈ −2.03", options=options, explanations={1: "f(1.97) ≈ −14.0 is higher."})
    assert not wrong and wrong.message == "Not this one. f(1.97) ≈ −14.0 is higher."
    assert check_choice(None, 0).message == "Pick an answer first."
    with pytest.raises(ValueError, match="choice"):
        check_choice("nope", 0, options=options)
    with pytest.raises(ValueError, match="correct"):
        check_choice(0, 5, options=options)


def _classes(widget):
    return set(widget._dom_classes)


def _number_check(**kwargs):
    return NumberCheck("Critical learning rate of $x^2 - 4x + 5$?", critical_learning_rate(objectives.shifted_parabola),
                       hint="Where does |1 − ηf″| reach 1?", solution="2/f″ = 1.", **kwargs)


def test_number_check_widget_marks_right_and_wrong_answers():
    w = _number_check()
    assert {"cl-widget", "cl-number-check"} <= _classes(w)
    for part, name in [(w.question, "cl-question"), (w.answer_box, "cl-answer"), (w.check_button, "cl-check"),
                       (w.feedback, "cl-feedback"), (w.hint_button, "cl-hint-button"), (w.hint, "cl-hint"),
                       (w.solution_button, "cl-solution-button"), (w.solution, "cl-solution"), (w.error, "cl-error")]:
        assert name in _classes(part)
    w.answer_box.value = "2"
    w.check_button.click()
    assert "cl-wrong" in _classes(w.feedback) and "too large" in w.feedback.value and not w.last
    w.answer_box.value = "1.0"
    w.check_button.click()
    assert "cl-right" in _classes(w.feedback) and "cl-wrong" not in _classes(w.feedback) and w.last
    assert w.error.value == ""


def test_solution_opens_only_after_the_hint():
    w = _number_check()
    assert w.solution_button.disabled and w.hint.layout.display == "none"
    with pytest.raises(RuntimeError, match="after the hint"):
        w.show_solution()
    w.hint_button.click()
    assert "Where does" in w.hint.value and w.hint.layout.display is None and w.hint_button.disabled
    assert not w.solution_button.disabled
    w.solution_button.click()
    assert "2/f″ = 1." in w.solution.value and w.solution.layout.display is None
    no_hint = NumberCheck("2 + 2?", 4)
    assert no_hint.hint_button.layout.display == "none" and not no_hint.solution_button.disabled
    no_hint.solution_button.click()
    assert "4" in no_hint.solution.value


def test_an_error_inside_a_callback_is_shown_in_the_widget(monkeypatch):
    w = _number_check()

    def broken(*args, **kwargs):
        raise ZeroDivisionError("injected failure")

    monkeypatch.setattr(exercises, "check_number", broken)
    w.answer_box.value = "1"
    w.check_button.click()
    assert "ZeroDivisionError: injected failure" in w.error.value and w.error.layout.display is None
    monkeypatch.undo()
    w.check_button.click()
    assert w.error.value == "" and w.last


def test_choice_quiz_shows_the_reason_for_the_option_picked():
    q = ChoiceQuiz("Which minimum is global?", ["left", "right"], correct="left",
                   explanations=["f is lowest there.", "f is higher there."])
    assert "cl-choice-quiz" in _classes(q) and q.answer_box.value is None
    q.check_button.click()
    assert "Pick an answer first." in q.feedback.value
    q.answer_box.value = "right"
    q.check_button.click()
    assert "Not this one. f is higher there." in q.feedback.value and "cl-wrong" in _classes(q.feedback)
    q.answer_box.value = "left"
    q.check_button.click()
    assert "Right. f is lowest there." in q.feedback.value
    assert not q.solution_button.disabled  # no hint: the solution is open
    q.solution_button.click()
    assert "left" in q.solution.value
    with pytest.raises(ValueError, match="at least two"):
        ChoiceQuiz("?", ["only"], 0)


def test_quiz_keeps_the_score():
    one = NumberCheck("2 + 2?", 4)
    two = ChoiceQuiz("Pick b", ["a", "b"], correct=1)
    quiz = Quiz([one, two])
    assert "cl-quiz" in _classes(quiz) and "cl-score" in _classes(quiz.score)
    assert "0 of 2 right" in quiz.score.value
    one.answer_box.value = "4"
    one.check_button.click()
    assert "1 of 2 right" in quiz.score.value
    two.answer_box.value = "b"
    two.check_button.click()
    assert "2 of 2 right" in quiz.score.value
    with pytest.raises(ValueError, match="questions"):
        Quiz([])


def test_plain_text_stand_in_says_what_the_widget_is():
    text = repr(_number_check())
    assert text == ("[Exercise with a self-check: an interactive widget; "
                    "run the notebook in JupyterLab or Voilà to use it]")
    assert _number_check()._repr_mimebundle_()["text/plain"] == text  # short enough not to be cut
