"""course_lib.exercises: answers are read as typed, judged at the precision asked, with reasons; hints come
before solutions; a verdict never outlives its answer; bad arguments say which one."""

import doctest
import math
import re

import numpy as np
import pytest

from course_lib import exercises, objectives
from course_lib.descent import critical_learning_rate, one_step_learning_rate
from course_lib.exercises import ChoiceQuiz, NumberCheck, Quiz, check_choice, check_number, parse_number

pytestmark = pytest.mark.filterwarnings("error")


# --- reading what a student typed --------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("0.5", 0.5), (" -2.03 ", -2.03), ("−2.03", -2.03), ("+3", 3.0), ("1e-7", 1e-7), ("1E3", 1000.0), ("5.", 5.0),
    (".25", 0.25), (3, 3.0), (np.float64(0.1), 0.1),
    ("2,5", 2.5), ("0,125", 0.125), (",5", 0.5), ("1,00", 1.0),                     # a decimal comma
    ("1,000", 1000.0), ("12,500,000", 12_500_000.0), ("1,000.5", 1000.5),           # thousands separators
    ("12 500", 12500.0), ("1\u202f000\u00a0000", 1_000_000.0),                      # thin and no-break spaces
    ("40%", 0.4), ("12.5 %", 0.125), ("-5%", -0.05),
    ("1.5×10^-7", 1.5e-7), ("1.5*10**(-7)", 1.5e-7),
    ("1/4", 0.25), ("1/(1 - 0.9)", 1 / (1 - 0.9)), ("1/(1 − 0.9)", 1 / (1 - 0.9)), ("2·0.5^10", 2 * 0.5**10),
    ("2 × 3 ÷ 4", 1.5), ("-(2 + 1)", -3.0), ("2**-1", 0.5), ("(1+1)*(1+2)", 6.0), ("4**0.5", 2.0),
])
def test_parse_number_reads_what_students_type(text, value):
    assert parse_number(text) == value


def test_parse_number_reads_percent_as_the_unit_where_percentages_are_asked_for():
    assert parse_number("40%", percent=True) == parse_number("40", percent=True) == 40.0
    assert parse_number("0.4", percent=True) == 0.4
    with pytest.raises(ValueError, match="percent must be True or False, got 'yes'"):
        parse_number("40", percent="yes")


@pytest.mark.parametrize(("text", "reason"), [
    ("", "type a number"), ("abc", "type a number"), ("x*2", "type a number"), ("inf", "type a number"),
    ("nan", "type a number"), ("1 2", "type a number"), ("2 +", "type a number"), ("1..2", "type a number"),
    ("__import__('os').system('ls')", "type a number"), ("0x10", "type a number"), ("1_000", "type a number"),
    ("1j", "type a number"), ("abs(-2)", "type a number"), ("2 % 3", "% may follow a single number"),
    ("(40)%", "% may follow a single number"), ("1 == 1", "type a number"), ("[1]", "type a number"),
    ("1/0", "divides by zero"), ("10**10**10", "too large"), ("1e999", "finite"), ("10.0**400", "too large"),
    ("(-8)**(1/3)", "no real value"), ("1" * 101, "at most 100"),
    ("1,00,0", "commas"), ("1.000,5", "commas"), ("1,5,3", "commas"), ("12,34.5", "commas"),
])
def test_parse_number_refuses_anything_else_and_says_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_number(text)
    for what in (True, None, [1]):  # not an answer at all
        with pytest.raises(TypeError, match="text must be the answer as typed"):
            parse_number(what)


# --- judging a numeric answer ---------------------------------------------------------------------

def _verdict(answer, expected, **rule):
    feedback = check_number(answer, expected, **rule)
    return "right" if feedback.correct else "wrong" if feedback.complete else "incomplete"


@pytest.mark.parametrize(("answer", "expected", "rule", "verdict"), [
    # the answers the old 0.5 % tolerance refused, each right at the precision its question now asks for
    ("0.33", 1 / 3, {}, "right"), ("0.002", 2 * 0.5**10, {"decimals": 3}, "right"),
    ("0.21", 2 * 0.8**10, {}, "right"), ("0.88", 1 - 0.5**3, {}, "right"),
    ("0.16", 0.05 * 0.1 / 0.001**0.5, {}, "right"),
    # any correct rounding with at least the digits asked for; both roundings of a tie
    ("0.333", 1 / 3, {}, "right"), ("0.3333333", 1 / 3, {}, "right"), ("0.87", 0.875, {}, "right"),
    ("0.875", 0.875, {"digits": 3}, "right"), ("0.10", 0.0995, {}, "right"), ("0.099", 0.0995, {}, "right"),
    ("-0.40", -0.4034, {"decimals": 2}, "right"), ("−0.403", -0.4034, {"decimals": 2}, "right"),
    ("0.0020", 2 * 0.5**10, {}, "right"), ("1.95e-3", 2 * 0.5**10, {}, "right"),
    ("2e-3", 2 * 0.5**10, {"decimals": 3}, "right"),
    # the exact value in any form, even with fewer digits than asked
    ("0.5", 0.5, {"digits": 3}, "right"), ("1/3", 1 / 3, {"digits": 5}, "right"), ("87.5%", 0.875, {}, "right"),
    ("7/8", 0.875, {}, "right"), ("1/(1 - 0.9)", 1 / (1 - 0.9), {"exact": True}, "right"),
    ("10", 1 / (1 - 0.9), {"exact": True}, "right"),
    # too few digits: not wrong, not right yet
    ("0.3", 1 / 3, {}, "incomplete"), ("0.002", 2 * 0.5**10, {}, "incomplete"),
    ("0.9", 0.9048, {"digits": 3}, "incomplete"), ("0.4", 0.4034, {"decimals": 2}, "incomplete"),
    ("0", 0.0002, {"decimals": 4}, "incomplete"),
    # wrong
    ("0.34", 1 / 3, {}, "wrong"), ("0.3334", 1 / 3, {}, "wrong"), ("0.333", 0.3339, {"digits": 3}, "wrong"),
    ("0.0019", 2 * 0.5**10, {"decimals": 3}, "wrong"), ("0.5", 1 / 3, {}, "wrong"), ("-0.33", 1 / 3, {}, "wrong"),
    ("0.33", 1 / 3, {"exact": True}, "wrong"), ("9.99", 1 / (1 - 0.9), {"exact": True}, "wrong"),
    ("87.5", 0.875, {}, "wrong"),
    # integer answers are exact
    ("210", 210, {}, "right"), ("210.0", 210, {}, "right"), ("420/2", 210, {}, "right"), ("2.1e2", 210, {}, "right"),
    ("209", 210, {}, "wrong"), ("211", 210, {}, "wrong"), ("209.6", 210, {}, "wrong"), ("2e2", 210, {}, "wrong"),
    ("1,000", 1000, {}, "right"), ("1 000", np.int64(1000), {}, "right"),
    # percentages, where the question asks for one
    ("87.5", 87.5, {"percent": True}, "right"), ("87.5%", 87.5, {"percent": True}, "right"),
    ("88 %", 87.5, {"percent": True}, "right"), ("0.875", 87.5, {"percent": True}, "wrong"),
    # an allowance for measured answers
    ("0.52", 0.5, {"tol": 0.05}, "right"), ("0.56", 0.5, {"tol": 0.05}, "wrong"),
    # what is not a number is not judged
    ("abc", 1 / 3, {}, "incomplete"), ("1/0", 1 / 3, {}, "incomplete"),
])
def test_an_answer_is_right_at_the_precision_its_question_asks_for(answer, expected, rule, verdict):
    assert _verdict(answer, expected, **rule) == verdict


def test_messages_say_why():
    critical = critical_learning_rate(objectives.shifted_parabola)  # 2/f'' = 1.0
    assert check_number("1", critical, exact=True).message == "Right: 1."
    assert check_number("1/(1 − 0.9)", 1 / (1 - 0.9), exact=True).message == "Right: 1/(1−0.9) = 10."
    assert check_number("2", critical, exact=True).message == "Not yet: 2 is too large — off by a factor of 2."
    assert check_number("0.1", critical, exact=True).message == "Not yet: 0.1 is too small — off by a factor of 10."
    assert check_number("-1", critical, exact=True).message == "Not yet: −1 is too small. Check the sign."
    assert check_number("0.7", critical, exact=True).message == "Not yet: 0.7 is too small."
    assert check_number("0.3", 1 / 3).message == "Almost: 0.3 is right to 1 significant digit; give at least 2."
    assert check_number("0.4", 0.4034, decimals=2).message == "Almost: 0.4 is right to 1 decimal; give at least 2."
    assert check_number("0.3334", 1 / 3).message == ("Close: 0.3334 is a little off. Round the exact value to the "
                                                     "digits you give (at least 2 significant digits).")
    assert check_number("209.6", 210).message == "Not yet: the answer is a whole number, and 209.6 is not one."
    assert check_number("1,234", 1.234, exact=True).message == (
        "Not yet: 1234 is too large (1,234 was read as 1234: a comma before three digits separates thousands)"
        " — off by a factor of 1000.")
    assert check_number("x", critical).message.startswith("Not a number: type a number")


def test_listed_mistakes_are_recognised_at_the_precision_typed():
    mistakes = {one_step_learning_rate(objectives.shifted_parabola): "that is 1/f″, the one-step rate."}
    critical = critical_learning_rate(objectives.shifted_parabola)
    assert check_number("0.5", critical, exact=True, mistakes=mistakes).message == (
        "Not yet: that is 1/f″, the one-step rate.")
    decay = {0.9: "that is 1 − 1000·ηλ: the factors multiply."}
    answer = (1 - 0.0001) ** 1000  # 0.904833
    for typed in ("0.9", "0.90", "0.900", "0.9000", "1 - 1000*0.0001"):  # typed exactly: the mistake, even when short
        assert check_number(typed, answer, digits=3, mistakes=decay).message == f"Not yet: {decay[0.9]}"
    assert check_number("0.905", answer, digits=3, mistakes=decay).correct
    assert check_number("0.91", answer, digits=3, mistakes=decay).message.startswith("Close: 0.91 is a little off")
    assert check_number("0.91", 0.9148, digits=3, mistakes=decay).message.startswith("Almost: 0.91 is right")
    steps = {30: "at that step |x| is still just above 0.01."}
    assert check_number("30", 31, mistakes=steps).message == f"Not yet: {steps[30]}"
    assert check_number("30.0", 31, mistakes=steps).message == f"Not yet: {steps[30]}"


def test_a_mistake_that_cannot_be_told_from_the_answer_is_refused():
    with pytest.raises(ValueError, match=r"the mistake 0\.9 cannot be told from the answer 0\.9048.*at least 2 sig"):
        check_number("1", (1 - 0.0001) ** 1000, mistakes={0.9: "linearised"})
    with pytest.raises(ValueError, match="the mistake 210 cannot be told"):
        check_number("1", 210, mistakes={210: "the same"})
    assert check_number("0.34", 1 / 3, mistakes={0.34: "close but different"}).message == "Not yet: close but different"


@pytest.mark.parametrize(("rule", "error", "message"), [
    ({"tol": True}, ValueError, "tol must be a finite number >= 0, got True"),
    ({"tol": -0.1}, ValueError, "tol must be a finite number >= 0, got -0.1"),
    ({"tol": math.nan}, ValueError, "tol must be a finite number >= 0, got nan"),
    ({"tol": "0.1"}, ValueError, "tol must be a finite number >= 0, got '0.1'"),
    ({"digits": 0}, ValueError, "digits must be a whole number >= 1, got 0"),
    ({"digits": 2.0}, ValueError, "digits must be a whole number >= 1, got 2.0"),
    ({"digits": True}, ValueError, "digits must be a whole number >= 1, got True"),
    ({"digits": 16}, ValueError, "digits must be at most 15"),
    ({"decimals": -1}, ValueError, "decimals must be a whole number >= 0, got -1"),
    ({"decimals": 2, "digits": 2}, ValueError, "give one of digits, decimals or exact, got {'digits': 2, 'decimals'"),
    ({"exact": True, "digits": 3}, ValueError, "give one of digits, decimals or exact"),
    ({"exact": 1}, ValueError, "exact must be True or False, got 1"),
    ({"exact": True, "tol": 0.1}, ValueError, "an exact answer has no tolerance, got tol=0.1"),
    ({"percent": 1}, ValueError, "percent must be True or False, got 1"),
    ({"mistakes": [0.5]}, TypeError, "mistakes must be a mapping {wrong value: reason}, got [0.5]"),
    ({"mistakes": {math.inf: "why"}}, ValueError, "a key of mistakes must be a finite number, got inf"),
    ({"mistakes": {"0.5": "why"}}, ValueError, "a key of mistakes must be a finite number, got '0.5'"),
    ({"mistakes": {0.5: 2}}, TypeError, "the reason for the mistake 0.5 must be a text, got 2"),
    ({"mistakes": {0.5: " "}}, TypeError, "the reason for the mistake 0.5 must be a text, got ' '"),
])
def test_bad_rules_name_the_argument_and_the_value(rule, error, message):
    with pytest.raises(error, match=re.escape(message)):
        check_number("1", 1 / 3, **rule)
    with pytest.raises(error):
        NumberCheck("?", 1 / 3, **rule)


@pytest.mark.parametrize(("expected", "message"), [
    (math.inf, "expected must be a finite number, got inf"), (-math.inf, "expected must be a finite number, got -inf"),
    (math.nan, "expected must be a finite number, got nan"), (True, "expected must be a finite number, got True"),
    ("0.5", "expected must be a finite number, got '0.5'"), (None, "expected must be a finite number, got None"),
    (np.array([1.0, 2.0]), "expected must be a finite number"),
])
def test_an_expected_value_that_is_not_a_finite_number_is_refused(expected, message):
    with pytest.raises(ValueError, match=message):
        check_number("1e308", expected)


def test_rules_that_cannot_apply_are_refused():
    with pytest.raises(ValueError, match=re.escape("checked exactly (got expected=5 with {'digits': 2})")):
        check_number("5", 5, digits=2)
    with pytest.raises(ValueError, match="an integer answer is checked exactly"):
        check_number("5", np.int64(5), exact=False)
    with pytest.raises(ValueError, match="an expected value of 0 has no significant digits"):
        check_number("0", 0.0)
    assert check_number("0.000", 0.0, decimals=3) and check_number("0", 0.0, exact=True)
    assert not check_number("0.001", 0.0, decimals=3)


# --- multiple choice ----------------------------------------------------------------------------

def test_check_choice_by_index_or_text_with_explanations():
    options = ["x ≈ −2.03", "x ≈ 1.97"]
    explanations = ["f(−2.03) ≈ −18.0 is the lowest value.", "f(1.97) ≈ −14.0 is higher."]
    right = check_choice(0, 0, options=options, explanations=explanations)
    assert right.correct and right.message == "Right. f(−2.03) ≈ −18.0 is the lowest value."
    wrong = check_choice("x ≈ 1.97", "x ≈ −2.03", options=options, explanations={1: "f(1.97) ≈ −14.0 is higher."})
    assert not wrong and wrong.complete and wrong.message == "Not this one. f(1.97) ≈ −14.0 is higher."
    assert check_choice(1, 0, options=options, explanations={"x ≈ −2.03": "lowest"}).message == "Not this one."
    nothing = check_choice(None, 0, options=options)
    assert nothing.message == "Pick an answer first." and not nothing.correct and not nothing.complete


def test_options_that_look_like_numbers_are_texts_and_indices_stay_indices():
    options = ["1", "2", "3"]
    assert check_choice("2", "2", options=options) and check_choice(1, "2", options=options)
    assert not check_choice(2, "2", options=options)  # index 2 is the option "3"
    quiz = ChoiceQuiz("How many steps?", options, correct="2", explanations=["one", "two", "three"])
    quiz.answer_box.value = "3"
    assert not quiz.check() and quiz.last.message == "Not this one. three"
    quiz.answer_box.value = "2"
    assert quiz.check().message == "Right. two"


@pytest.mark.parametrize(("arguments", "error", "message"), [
    ({"options": [1, 2, 3], "correct": 0}, TypeError,
     "options must be texts (the words shown), got 1 (int) at position 0"),
    ({"options": "ab", "correct": 0}, TypeError, "options must be a list of texts, got 'ab'"),
    ({"options": ["a"], "correct": 0}, ValueError, "options must hold at least two answers, got ['a']"),
    ({"options": ["a", "a"], "correct": 0}, ValueError, "options must be different, non-empty texts"),
    ({"options": ["a", ""], "correct": 0}, ValueError, "options must be different, non-empty texts"),
    ({"options": ["a", "b"], "correct": 2}, ValueError, "correct must be an index below 2 or an option's text, got 2"),
    ({"options": ["a", "b"], "correct": -1}, ValueError, "correct must be an index below 2"),
    ({"options": ["a", "b"], "correct": "c"}, ValueError,
     "correct must be one of the options ['a', 'b'] or its index, got 'c'"),
    ({"options": ["a", "b"], "correct": True}, ValueError,
     "correct must be one of the options ['a', 'b'] or its index, got True"),
    ({"options": ["a", "b", "c"], "correct": 0, "explanations": ["x", "y"]}, ValueError,
     "explanations must hold one text per option (3), got 2"),
    ({"options": ["a", "b"], "correct": 0, "explanations": ["x", 2]}, TypeError, "explanations must be texts"),
    ({"options": ["a", "b"], "correct": 0, "explanations": "xy"}, TypeError, "explanations must be a list of texts"),
    ({"options": ["a", "b"], "correct": 0, "explanations": {"c": "x"}}, ValueError,
     "a key of explanations must be one of the options"),
    ({"options": ["a", "b"], "correct": 0, "explanations": {0: None}}, TypeError,
     "explanations[0] must be a text, got None"),
])
def test_bad_choice_arguments_name_the_argument_and_the_value(arguments, error, message):
    with pytest.raises(error, match=re.escape(message)):
        ChoiceQuiz("?", **arguments)
    with pytest.raises(error, match=re.escape(message)):
        check_choice(0, **arguments)


def test_a_choice_that_is_not_an_option_is_refused():
    with pytest.raises(ValueError, match="choice must be one of the options"):
        check_choice("nope", 0, options=["a", "b"])
    with pytest.raises(ValueError, match="choice must be an index below 2"):
        check_choice(5, 0, options=["a", "b"])


# --- the widgets --------------------------------------------------------------------------------

def _classes(widget):
    return set(widget._dom_classes)


def _number_check(**kwargs):
    return NumberCheck("Critical learning rate of $x^2 - 4x + 5$?", critical_learning_rate(objectives.shifted_parabola),
                       exact=True, hint="Where does |1 − ηf″| reach 1?", solution="2/f″ = 1.", **kwargs)


def _answer(check, text):
    check.answer_box.value = text
    check.check_button.click()
    return check.last


def test_number_check_widget_marks_right_wrong_and_incomplete_answers():
    w = _number_check()
    assert {"cl-widget", "cl-number-check"} <= _classes(w)
    for part, name in [(w.question, "cl-question"), (w.requirement, "cl-requirement"), (w.answer_box, "cl-answer"),
                       (w.check_button, "cl-check"), (w.feedback, "cl-feedback"), (w.hint_button, "cl-hint-button"),
                       (w.hint, "cl-hint"), (w.solution_button, "cl-solution-button"), (w.solution, "cl-solution"),
                       (w.error, "cl-error")]:
        assert name in _classes(part)
    assert not _answer(w, "2") and "cl-wrong" in _classes(w.feedback) and "too large" in w.feedback.value
    assert _answer(w, "1.0") and "cl-right" in _classes(w.feedback) and "cl-wrong" not in _classes(w.feedback)
    coarse = NumberCheck("1/3?", 1 / 3, digits=3)
    assert not _answer(coarse, "0.33") and not coarse.last.complete
    assert "cl-incomplete" in _classes(coarse.feedback) and "give at least 3" in coarse.feedback.value
    assert w.error.value == ""


def test_the_widget_states_the_precision_it_asks_for():
    assert "at least 3 significant digits" in NumberCheck("?", 0.9048, digits=3).requirement.value
    assert "at least 2 significant digits" in NumberCheck("?", 0.9048).requirement.value
    assert "at least 2 decimals" in NumberCheck("?", -0.4034, decimals=2).requirement.value
    assert "the whole number" in NumberCheck("?", 31).requirement.value
    assert "the exact value" in NumberCheck("?", 0.99, exact=True).requirement.value
    assert "In percent" in NumberCheck("?", 87.5, percent=True).requirement.value
    assert "within ±0.05" in NumberCheck("?", 0.5, tol=0.05).requirement.value
    check = NumberCheck("?", 0.9048, digits=3, mistakes={0.9: "linearised"})
    assert (check.answer, check.digits, check.decimals, check.exact, check.percent, check.tol, check.mistakes) == (
        0.9048, 3, None, False, False, 0.0, {0.9: "linearised"})
    assert NumberCheck("?", np.int64(16)).answer == 16 and type(NumberCheck("?", np.int64(16)).answer) is int


def test_a_verdict_never_stays_under_another_answer():
    w = _number_check()
    assert _answer(w, "1") and "✔" in w.feedback.value
    w.answer_box.value = "2"  # typing a new answer clears the old verdict
    assert w.last is None and w.feedback.value == "" and not _classes(w.feedback) & {"cl-right", "cl-wrong"}
    q = ChoiceQuiz("Pick b", ["a", "b"], correct="b", explanations=["no", "yes"])
    q.answer_box.value = "b"
    assert q.check() and "Right. yes" in q.feedback.value
    q.answer_box.value = "a"
    assert q.feedback.value == "" and q.last is None
    assert not q.check() and "✘ Not this one. no" in q.feedback.value and "cl-right" not in _classes(q.feedback)


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
    assert "Solution:</b> 4" in no_hint.solution.value
    negative = NumberCheck("?", -0.4034, decimals=2)
    negative.solution_button.click()
    assert "Solution:</b> −0.4034" in negative.solution.value


def test_an_error_inside_a_callback_is_shown_and_no_old_verdict_stays(monkeypatch):
    w = _number_check()
    assert _answer(w, "1")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("injected failure")

    monkeypatch.setattr(type(w), "_verdict", broken)
    w.check_button.click()
    assert "ZeroDivisionError: injected failure" in w.error.value and w.error.layout.display is None
    assert w.feedback.value == "" and w.last is None
    monkeypatch.undo()
    w.check_button.click()
    assert w.error.value == "" and w.last


def test_choice_quiz_shows_the_reason_for_the_option_picked():
    q = ChoiceQuiz("Which minimum is global?", ["left", "right"], correct="left",
                   explanations=["f is lowest there.", "f is higher there."])
    assert "cl-choice-quiz" in _classes(q) and q.answer_box.value is None
    assert (q.options, q.correct) == (["left", "right"], 0)
    assert q.explanations == ["f is lowest there.", "f is higher there."]
    q.check_button.click()
    assert "Pick an answer first." in q.feedback.value and "cl-incomplete" in _classes(q.feedback)
    q.answer_box.value = "right"
    q.check_button.click()
    assert "Not this one. f is higher there." in q.feedback.value and "cl-wrong" in _classes(q.feedback)
    q.answer_box.value = "left"
    q.check_button.click()
    assert "Right. f is lowest there." in q.feedback.value
    assert not q.solution_button.disabled  # no hint: the solution is open
    q.solution_button.click()
    assert "left" in q.solution.value


def test_quiz_keeps_the_score_of_the_answers_shown():
    one = NumberCheck("2 + 2?", 4)
    two = ChoiceQuiz("Pick b", ["a", "b"], correct=1)
    quiz = Quiz([one, two])
    assert "cl-quiz" in _classes(quiz) and "cl-score" in _classes(quiz.score)
    assert "0 of 2 right" in quiz.score.value
    _answer(one, "4")
    assert "1 of 2 right" in quiz.score.value
    two.answer_box.value = "b"
    two.check_button.click()
    assert "2 of 2 right" in quiz.score.value
    one.answer_box.value = "5"  # a changed answer is not right until checked
    assert "1 of 2 right" in quiz.score.value


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: Quiz([]), TypeError, "questions must be a list of NumberCheck or ChoiceQuiz widgets, got \\[\\]"),
    (lambda: Quiz(["a question"]), TypeError, "questions must be a list"),
    (lambda: Quiz([NumberCheck("?", 4)], title=3), TypeError, "title must be a text, got 3"),
    (lambda: NumberCheck(3, 4), TypeError, "question must be a text, got 3"),
    (lambda: NumberCheck("?", 4, hint=1), TypeError, "hint must be a text or None, got 1"),
    (lambda: NumberCheck("?", 4, solution=["x"]), TypeError, r"solution must be a text or None, got \['x'\]"),
    (lambda: NumberCheck("?", math.inf), ValueError, "answer must be a finite number, got inf"),
    (lambda: NumberCheck("?", 4, placeholder=None), TypeError, "placeholder must be a text, got None"),
    (lambda: ChoiceQuiz("?", ["a", "b"], 0, hint=0), TypeError, "hint must be a text or None, got 0"),
])
def test_bad_widget_arguments_name_the_argument(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_plain_text_stand_in_says_what_the_widget_is():
    text = repr(_number_check())
    assert text == ("[Exercise with a self-check: an interactive widget; "
                    "run the notebook in JupyterLab or Voilà to use it]")
    assert _number_check()._repr_mimebundle_()["text/plain"] == text  # short enough not to be cut


def test_the_module_docstring_examples_hold():
    assert doctest.testmod(exercises).failed == 0
