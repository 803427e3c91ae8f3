"""The checks of code a student writes: the right function passes, each typical mistake gets its own message.

Every wrong function here is written the way a student would write it, not taken from the checker's list of
mistakes, so a test fails if the checker stops recognising the mistake as a student makes it.
"""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import GradientDescent, run
from course_lib.exercises import CodeCheck, check_descend, check_mse_gradient, check_regime, check_restarts
from course_lib.exercises.code_checks import DESCEND, MSE_GRADIENT, REGIME, RESTARTS

# --- descend -------------------------------------------------------------------------------------

def descend(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return xs


def descend_as_array(grad, x0, lr, steps):  # another right way: a NumPy array, the loop over an index
    xs = np.empty(steps + 1)
    xs[0] = x0
    for k in range(steps):
        xs[k + 1] = xs[k] - lr * grad(xs[k])
    return xs


def uphill(grad, x0, lr, steps):
    x, xs = x0, [x0]
    for _ in range(steps):
        x = x + lr * grad(x)
        xs.append(x)
    return xs


def the_typo(grad, x0, lr, steps):  # x_old − α·2
    x, xs = x0, [x0]
    for _ in range(steps):
        x = x - lr * 2
        xs.append(x)
    return xs


def no_learning_rate(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - grad(xs[-1]))
    return xs


def slope_of_x_squared(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * 2 * xs[-1])
    return xs


def slope_without_the_2(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * xs[-1])
    return xs


def slope_at_the_start(grad, x0, lr, steps):
    g = grad(x0)
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * g)
    return xs


def never_moves_on(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(x0 - lr * grad(x0))
    return xs


def without_the_start(grad, x0, lr, steps):
    x, xs = x0, []
    for _ in range(steps):
        x = x - lr * grad(x)
        xs.append(x)
    return xs


def one_step_short(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(1, steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return xs


def one_step_long(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps + 1):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return xs


def only_the_end(grad, x0, lr, steps):
    x = x0
    for _ in range(steps):
        x = x - lr * grad(x)
    return x


def forgets_to_return(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))


def placeholder(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        x = ...
        xs.append(x)
    return xs


def crashes(grad, x0, lr, steps):
    xs = [x0]
    xs.add(x0 - lr * grad(x0))  # a set's method on a list
    return xs


DESCEND_MISTAKES = {
    uphill: ("step 1 of descend(grad of x², 10.0, 0.1, 20) differs: yours is 12, run(...) gives 8.", "uphill"),
    the_typo: ("step 1 of descend(grad of x², 10.0, 0.1, 20) differs: yours is 9.8", "typo x − α·2"),
    no_learning_rate: ("yours is −10, run(...) gives 8", "multiply grad(x) by the learning rate"),
    slope_without_the_2: ("yours is 9, run(...) gives 8", "a factor 2 is missing"),
    slope_of_x_squared: ("step 1 of descend(grad of x⁴ − 8x² + x, 1.0, 0.01, 30) differs", "slope 2x of x²"),
    slope_at_the_start: ("step 2 of descend(grad of x², 10.0, 0.1, 20) differs: yours is 6, run(...) gives 6.4",
                         "slope at the start"),
    never_moves_on: ("step 2 of", "starts again from x₀"),
    without_the_start: ("yours is 20 numbers, from 8", "leaves out the start"),
    one_step_short: ("yours is 20 numbers, from 10", "One step too few"),
    one_step_long: ("yours is 22 numbers", "One step too many"),
    only_the_end: ("yours is 0.115292, run(...) gives 21 numbers", "only the last position"),
    forgets_to_return: ("yours is nothing (None)", "end the function with `return xs`"),
}


@pytest.mark.parametrize("right", [descend, descend_as_array])
def test_a_right_descend_passes(right):
    verdict = check_descend(right)
    assert isinstance(verdict, CodeCheck) and verdict.correct and verdict.complete
    assert repr(verdict).startswith("✔ Right: your descend takes the same steps as run")


@pytest.mark.parametrize("wrong", DESCEND_MISTAKES, ids=lambda f: f.__name__)
def test_each_descend_mistake_gets_the_first_step_that_differs_and_its_reason(wrong):
    where, reason = DESCEND_MISTAKES[wrong]
    verdict = check_descend(wrong)
    assert not verdict.correct and verdict.complete and repr(verdict).startswith("✘ Not yet: ")
    assert where in verdict.message and reason in verdict.message, verdict.message


def test_every_listed_descend_mistake_is_one_a_student_makes_here():
    """No mistake in the checker's list goes untested: each reason is the message of one function above."""
    reasons = {m.reason for m in DESCEND.mistakes}
    given = {next(r for r in reasons if r in check_descend(f).message) for f in DESCEND_MISTAKES}
    assert given == reasons


def test_the_placeholder_is_answered_kindly_and_errors_are_shown_not_raised():
    verdict = check_descend(placeholder)
    assert not verdict.correct and not verdict.complete and repr(verdict).startswith("✎ Not written yet")
    assert not check_descend(lambda *a: (_ for _ in ()).throw(NotImplementedError)).complete
    verdict = check_descend(crashes)
    assert not verdict.correct and "raised AttributeError: 'list' object has no attribute 'add'" in verdict.message
    with pytest.raises(TypeError, match="descend must be a function"):
        check_descend([1, 2, 3])


def test_an_output_that_is_not_a_list_of_numbers_is_shown_briefly():
    def pairs(grad, x0, lr, steps):  # a list of (step, x) pairs of two shapes: not numbers NumPy can stack
        xs = [x0]
        for k in range(steps):
            xs.append((k, xs[-1] - lr * grad(xs[-1]) if k == 0 else xs[-1][1] - lr * grad(xs[-1][1])))
        return xs
    verdict = check_descend(pairs)
    assert not verdict.correct and "yours is [10.0, (0, " in verdict.message and "...," in verdict.message
    assert len(verdict.message) < 250, verdict.message


def test_a_wrong_step_that_overflows_warns_nothing(recwarn):
    check_descend(no_learning_rate)  # x − f′(x) on x⁴ − 8x² + x grows past the largest float
    assert not recwarn.list


def test_a_descend_that_differs_only_in_the_last_digit_passes():
    def reordered(grad, x0, lr, steps):
        xs = [x0]
        for _ in range(steps):
            xs.append(xs[-1] + (-lr) * grad(xs[-1]) * (1 + 1e-15))
        return xs
    assert check_descend(reordered).correct


# --- the line fit's gradient ---------------------------------------------------------------------

def mse_gradient(w, b, x, y):
    y_hat = w * x + b
    n = len(x)
    return 2 / n * np.sum((y_hat - y) * x), 2 / n * np.sum(y_hat - y)


def mse_gradient_with_a_loop(w, b, x, y):
    dw = db = 0.0
    for xi, yi in zip(x, y, strict=True):
        dw += 2 * (w * xi + b - yi) * xi / len(x)
        db += 2 * (w * xi + b - yi) / len(x)
    return [dw, db]


GRADIENT_MISTAKES = {
    (lambda w, b, x, y: (2 * np.mean((y - w * x - b) * x), 2 * np.mean(y - w * x - b))): "sign is flipped",
    (lambda w, b, x, y: (np.mean((w * x + b - y) * x), np.mean(w * x + b - y))): "factor 2",
    (lambda w, b, x, y: (2 * np.sum((w * x + b - y) * x), 2 * np.sum(w * x + b - y))): "n times too large",
    (lambda w, b, x, y: (2 * np.mean(w * x + b - y), 2 * np.mean(w * x + b - y))): "missing the factor x",
    (lambda w, b, x, y: (2 * np.mean(w * x + b - y), 2 * np.mean((w * x + b - y) * x))): "swapped",
    (lambda w, b, x, y: (2 * np.mean((w * x + b - y) * x), 2 * np.mean((w * x + b - y) * x))): "∂L/∂b has a factor x",
    (lambda w, b, x, y: (2 * (w * x + b - y) * x, 2 * (w * x + b - y))): "one number per data point",
    (lambda w, b, x, y: None): "return dw, db",
}


@pytest.mark.parametrize("right", [mse_gradient, mse_gradient_with_a_loop])
def test_a_right_gradient_passes(right):
    assert check_mse_gradient(right).correct


@pytest.mark.parametrize("wrong", GRADIENT_MISTAKES, ids=list(GRADIENT_MISTAKES.values()))
def test_each_gradient_mistake_gets_its_reason(wrong):
    verdict = check_mse_gradient(wrong)
    assert not verdict.correct and verdict.complete
    assert "at step 0 of the descent from (4.5, −0.3) on 100 points" in verdict.message
    assert GRADIENT_MISTAKES[wrong] in verdict.message, verdict.message


def test_a_gradient_right_on_one_data_set_only_is_caught_on_the_other():
    def hard_coded_n(w, b, x, y):
        return 2 / 100 * np.sum((w * x + b - y) * x), 2 / 100 * np.sum(w * x + b - y)
    verdict = check_mse_gradient(hard_coded_n)
    assert not verdict.correct and "on 10 points" in verdict.message


def test_every_listed_gradient_mistake_is_tested():
    reasons = {m.reason for m in MSE_GRADIENT.mistakes}
    assert {next(r for r in reasons if r in check_mse_gradient(f).message) for f in GRADIENT_MISTAKES} == reasons


def test_the_gradient_placeholder_is_answered_kindly():
    verdict = check_mse_gradient(lambda w, b, x, y: (..., ...))
    assert not verdict.correct and not verdict.complete


# --- the regime label ----------------------------------------------------------------------------

def regime(lr, curvature):
    q = abs(1 - lr * curvature)
    if q < 1:
        return "converges"
    if q == 1:
        return "oscillates"
    return "diverges"


def signed_factor(lr, curvature):
    q = 1 - lr * curvature
    return "converges" if q < 1 else "oscillates" if q == 1 else "diverges"


def edge_included(lr, curvature):
    return "converges" if abs(1 - lr * curvature) <= 1 else "diverges"


def no_oscillation(lr, curvature):
    return "converges" if abs(1 - lr * curvature) < 1 else "diverges"


def edge_at_one_step(lr, curvature):
    return "converges" if lr < 1 / curvature else "oscillates" if lr == 1 / curvature else "diverges"


def no_curvature(lr, curvature):
    q = abs(1 - lr)
    return "converges" if q < 1 else "oscillates" if q == 1 else "diverges"


REGIME_MISTAKES = {signed_factor: "the size |q|", edge_included: "Only |q| < 1 converges",
                   no_oscillation: "never says 'oscillates'", edge_at_one_step: "not above 1/f″",
                   no_curvature: "needs the curvature"}


def test_a_right_regime_passes():
    assert check_regime(regime).correct


@pytest.mark.parametrize("wrong", REGIME_MISTAKES, ids=lambda f: f.__name__)
def test_each_regime_mistake_gets_the_first_rate_that_differs_and_its_reason(wrong):
    verdict = check_regime(wrong)
    assert not verdict.correct and verdict.message.startswith("Not yet: regime(")
    assert "run(...) after 100 steps gives" in verdict.message and REGIME_MISTAKES[wrong] in verdict.message


def test_a_label_that_is_not_one_of_the_three_is_named():
    verdict = check_regime(lambda lr, curvature: "converged" if abs(1 - lr * curvature) < 1 else "diverged")
    assert verdict.message == "Not yet: regime returned 'converged'; return one of 'converges', 'oscillates', " \
                              "'diverges'."


def test_every_listed_regime_mistake_is_tested():
    reasons = {m.reason for m in REGIME.mistakes}
    assert {next(r for r in reasons if r in check_regime(f).message) for f in REGIME_MISTAKES} == reasons


# --- random restarts -----------------------------------------------------------------------------

def best_of_restarts(objective, starts, lr, steps):
    best = None
    for x0 in starts:
        end = run(objective, GradientDescent(lr=lr), x0, steps).final_position
        if best is None or objective.f(end) < objective.f(best):
            best = end
    return best


def best_of_restarts_at_once(objective, starts, lr, steps):
    ends = run(objective, GradientDescent(lr=lr), np.asarray(starts), steps).final_position
    return ends[np.argmin(objective.f(ends))]


def _ends(objective, starts, lr, steps):
    return [run(objective, GradientDescent(lr=lr), x0, steps).final_position for x0 in starts]


RESTART_MISTAKES = {
    (lambda objective, starts, lr, steps: max(_ends(objective, starts, lr, steps), key=objective.f)): "ends highest",
    (lambda objective, starts, lr, steps: min(_ends(objective, starts, lr, steps))): "the smallest x",
    (lambda objective, starts, lr, steps: max(_ends(objective, starts, lr, steps))): "the largest x",
    (lambda objective, starts, lr, steps: _ends(objective, starts, lr, steps)[-1]): "where the last restart ends",
    (lambda objective, starts, lr, steps: min(starts, key=objective.f)): "compares the starts",
    (lambda objective, starts, lr, steps: min(objective.f(e) for e in _ends(objective, starts, lr, steps))):
        "the lowest value f, not the position",
    (lambda objective, starts, lr, steps: print(best_of_restarts(objective, starts, lr, steps))): "return best",
}


@pytest.mark.parametrize("right", [best_of_restarts, best_of_restarts_at_once])
def test_a_right_restart_loop_passes(right):
    assert check_restarts(right).correct


@pytest.mark.parametrize("wrong", RESTART_MISTAKES, ids=list(RESTART_MISTAKES.values()))
def test_each_restart_mistake_gets_the_first_number_of_restarts_that_differs_and_its_reason(wrong, capsys):
    verdict = check_restarts(wrong)
    assert not verdict.correct and verdict.message.startswith("Not yet: best_of_restarts on x⁴ − 8x² ")
    assert RESTART_MISTAKES[wrong] in verdict.message, verdict.message


def test_the_first_difference_is_the_first_number_of_restarts_where_the_lowest_end_changes():
    verdict = check_restarts(lambda objective, starts, lr, steps: _ends(objective, starts, lr, steps)[-1])
    assert "from the first 3 starts [2.5, −1, 1.5]: yours is 1.96799" in verdict.message


def test_every_listed_restart_mistake_is_tested(capsys):
    reasons = {m.reason for m in RESTARTS.mistakes}
    assert {next(r for r in reasons if r in check_restarts(f).message) for f in RESTART_MISTAKES} == reasons


def test_the_gradient_check_is_what_notebook_01_says_it_is():
    """01 §5: "compares your function with course_lib's gradient at the start and the first four steps of the walk,
    on these 100 points and on a second set of 10" (the walk: η = 0.5 from (4.5, −0.3) on data.noisy_line(rng=42))."""
    from course_lib import GradientDescent, data, models, run

    line = data.noisy_line(rng=42)
    walk = run(models.linear_regression_objective(line.X, line.y), GradientDescent(lr=0.5), [4.5, -0.3], steps=200)
    calls = MSE_GRADIENT.calls()
    on_100 = [c for c in calls if c.args[2].size == 100]
    on_10 = [c for c in calls if c.args[2].size == 10]
    assert len(on_100) == len(on_10) == 5 and len(calls) == 10
    np.testing.assert_array_equal([c.args[:2] for c in on_100], walk.positions[:5])
    assert all(np.array_equal(c.args[2], line.X[:, 0]) and np.array_equal(c.args[3], line.y) for c in on_100)
    ten = data.noisy_line(n=10, rng=42)  # the same seed: its first point (x = 0) is the 100's first, the rest differ
    assert all(np.array_equal(c.args[2], ten.X[:, 0]) and np.array_equal(c.args[3], ten.y) for c in on_10)
    assert np.isin(ten.y, line.y).sum() == 1  # a second data set, not 10 of the 100
