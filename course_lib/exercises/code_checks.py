"""Checks of code a student writes: a function is run against ``course_lib`` and the first difference explained.

Each exercise calls the student's function the way the notebook describes it, on a few cases, and compares
every output with what ``course_lib`` computes (:func:`course_lib.run`, an objective's gradient). The verdict
names the first step (or rate, or number of restarts) that differs, and the likely mistake: every typical mistake
is itself written as a function, and when the student's outputs are exactly that function's outputs, its
explanation is the message::

    >>> from course_lib.exercises import check_descend
    >>> def descend(grad, x0, lr, steps):
    ...     xs = [x0]
    ...     for _ in range(steps):
    ...         xs.append(xs[-1] + lr * grad(xs[-1]))
    ...     return xs
    >>> print(check_descend(descend).message)  # doctest: +ELLIPSIS
    Not yet: step 1 of descend(grad of x², 10.0, 0.1, 20) differs: yours is 12, run(...) gives 8. The steps go uphill...

A function that is still the notebook's placeholder (a ``...`` where the code goes, or ``raise
NotImplementedError``) is told so kindly (``complete`` is False), not called wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .. import data, models, objectives
from ..descent import CONVERGED, DIVERGED, OSCILLATING, STILL_CONVERGING, run
from ..optimizers import GradientDescent
from .answers import Feedback

__all__ = ["CodeCheck", "CodeExercise", "Mistake", "check_descend", "check_mse_gradient", "check_regime",
           "check_restarts", "REGIME_LABELS"]

_RTOL = 1e-9  # a student's loop may add in another order than run's: last-digit differences pass


@dataclass(frozen=True)
class CodeCheck:
    """The verdict on a student's function; shown as one line under the cell that checks it.

    ``exercise`` is the check that judged it: ``check.exercise.check(another_function)`` judges another.
    """

    feedback: Feedback
    exercise: CodeExercise = field(repr=False, compare=False)

    @property
    def correct(self) -> bool:
        return self.feedback.correct

    @property
    def complete(self) -> bool:
        return self.feedback.complete

    @property
    def message(self) -> str:
        return self.feedback.message

    def __bool__(self) -> bool:
        return self.feedback.correct

    def __repr__(self) -> str:
        mark = "✔" if self.correct else "✘" if self.complete else "✎"
        return f"{mark} {self.message}"


@dataclass(frozen=True)
class Mistake:
    """A typical mistake, written as the wrong function it leads to, and what to tell the student who made it."""

    reason: str
    function: Callable


@dataclass(frozen=True)
class _Call:
    args: tuple
    where: str  # the call, as the message names it
    expected: object  # what course_lib computes for it

    def __post_init__(self):
        object.__setattr__(self, "expected", _tidy(self.expected))


@dataclass(frozen=True)
class CodeExercise:
    """One "write it yourself" exercise: the function's name, the calls it is judged on, the typical mistakes.

    ``calls`` builds the calls (each with the arguments, a description, and course_lib's answer) when a function
    is first checked; ``part(i)`` names element ``i`` of an output (a step, a partial derivative), ``source`` says
    where the right answer comes from, ``choices`` lists the only answers allowed (for a label), if any.
    """

    name: str
    calls: Callable[[], tuple[_Call, ...]]
    mistakes: tuple[Mistake, ...]
    right: str
    source: str
    part: Callable[[int], str] = lambda i: f"element {i}"
    choices: tuple[str, ...] = ()
    tolerance: float = 1e-12  # absolute, besides a relative 1e-9: a loop may add in another order than run does

    def check(self, function) -> CodeCheck:
        """Run ``function`` on every call, compare with course_lib, and explain the first difference."""
        if not callable(function):
            raise TypeError(f"{self.name} must be a function (def {self.name}(...): ...), got {function!r}")
        calls = self.calls()
        outputs = []
        for call in calls:
            try:
                outputs.append(_outcome(function, call))
            except NotImplementedError:
                return self._verdict(Feedback(False, _PENDING.format(name=self.name), complete=False))
            except Exception as error:  # the student's code: any error is shown, never raised
                return self._verdict(Feedback(False, f"Not yet: {call.where} raised {type(error).__name__}: {error}."))
        if any(_holds_ellipsis(o) for o in outputs):
            return self._verdict(Feedback(False, _PENDING.format(name=self.name), complete=False))
        wrong = [i for i, (call, o) in enumerate(zip(calls, outputs, strict=True)) if not self._same(o, call.expected)]
        if not wrong:
            return self._verdict(Feedback(True, f"Right: {self.right}"))
        first = wrong[0]
        unknown = [o for o in outputs if self.choices and o not in self.choices]
        if unknown:
            allowed = ", ".join(repr(c) for c in self.choices)
            return self._verdict(Feedback(False, f"Not yet: {self.name} returned {unknown[0]!r}; return one of "
                                                 f"{allowed}."))
        return self._verdict(Feedback(False, f"Not yet: {self._difference(calls[first], outputs[first])}"
                                             f"{self._reason(calls, outputs, first)}"))

    def _verdict(self, feedback: Feedback) -> CodeCheck:
        return CodeCheck(feedback, self)

    def _reason(self, calls, outputs, first) -> str:
        """The mistake whose function gives all the student's outputs, else one that gives the first wrong one."""
        for everywhere in (True, False):
            for mistake in self.mistakes:
                chosen = calls if everywhere else calls[first:first + 1]
                theirs = outputs if everywhere else outputs[first:first + 1]
                try:
                    if all(self._same(o, _outcome(mistake.function, c)) for c, o in zip(chosen, theirs, strict=True)):
                        return f" {mistake.reason}"
                except Exception:  # a mistake that cannot run on this call does not explain it
                    continue
        return ""

    def _same(self, mine, theirs) -> bool:
        if isinstance(mine, np.ndarray) and isinstance(theirs, np.ndarray):
            return mine.shape == theirs.shape and bool(np.all(self._close(mine, theirs)))
        return type(mine) is type(theirs) and mine == theirs

    def _close(self, mine, theirs):
        return np.isclose(mine, theirs, rtol=_RTOL, atol=self.tolerance)

    def _difference(self, call, output) -> str:
        want = call.expected
        if isinstance(output, np.ndarray) and isinstance(want, np.ndarray) and output.shape == want.shape \
                and output.ndim == 1:
            i = int(np.flatnonzero(~self._close(output, want))[0])
            return (f"{self.part(i)} of {call.where} differs: yours is {_show(output[i])}, {self.source} gives "
                    f"{_show(want[i])}.")
        return f"{call.where}: yours is {_show(output)}, {self.source} gives {_show(want)}."


_PENDING = ("Not written yet: {name} still holds the placeholder (…). Write your code in the cell above, run it, "
            "then run this cell again.")


def _outcome(function, call):
    """What ``function`` returns for ``call`` (on copies of its arrays, which a function may change), tidied.

    A wrong function may overflow (a step uphill): that is an answer to compare, not a warning to print."""
    with np.errstate(all="ignore"):
        return _tidy(function(*(a.copy() if isinstance(a, np.ndarray) else a for a in call.args)))


def _tidy(value):
    """An output as compared: None, a text, or a float array (a list, a tuple or a number becomes one)."""
    if value is None or isinstance(value, str) or value is Ellipsis:
        return value
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return value


def _holds_ellipsis(value) -> bool:
    return value is Ellipsis or (isinstance(value, (list, tuple)) and any(_holds_ellipsis(v) for v in value))


def _show(value) -> str:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = float(value)
    if isinstance(value, float):
        return f"{value:.6g}".replace("-", "−")
    if isinstance(value, np.ndarray) and value.size <= 8:
        return "(" + ", ".join(_show(float(v)) for v in value.ravel()) + ")"
    if isinstance(value, np.ndarray):
        return f"{value.size} numbers, from {_show(float(value.ravel()[0]))} to {_show(float(value.ravel()[-1]))}"
    if value is None:
        return "nothing (None)"
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:77]}..."  # a list of lists, say: its start is enough


# --- 02: the descent loop ---------------------------------------------------------------------

def _loop(step, extra=0, keep=slice(None)):
    """A descent loop with the update ``step(x, g, lr, x0)``, ``extra`` steps too many, returning ``xs[keep]``."""
    def descend(grad, x0, lr, steps):
        xs = [x0]
        for _ in range(steps + extra):
            xs.append(step(xs[-1], grad, lr, x0))
        return xs[keep]
    return descend


def _right_step(x, grad, lr, x0):
    return x - lr * grad(x)


@cache
def _descend_calls():
    cases = [(objectives.square, 10.0, 0.1, 20), (objectives.double_dip, 1.0, 0.01, 30)]
    return tuple(_Call((objective.grad, x0, lr, steps), f"descend(grad of {objective.formula}, {x0}, {lr}, {steps})",
                       run(objective, GradientDescent(lr=lr), x0, steps).positions)
                 for objective, x0, lr, steps in cases)


DESCEND = CodeExercise(
    name="descend",
    calls=_descend_calls,
    source="run(...)",
    part=lambda i: "the start x₀" if i == 0 else f"step {i}",
    right="your descend takes the same steps as run, on x² (20 steps from 10) and on x⁴ − 8x² + x "
          "(30 steps from 1).",
    mistakes=(
        Mistake("The steps go uphill: the rule subtracts, x − lr·grad(x).",
                _loop(lambda x, grad, lr, x0: x + lr * grad(x))),
        Mistake("Every step moves by lr·2, however steep the ground: that is the typo x − α·2. Multiply lr by the "
                "slope grad(x).", _loop(lambda x, grad, lr, x0: x - lr * 2)),
        Mistake("Each step is the whole slope: multiply grad(x) by the learning rate lr.",
                _loop(lambda x, grad, lr, x0: x - grad(x))),
        Mistake("The steps are half as long as lr·grad(x): a factor 2 is missing. Let grad give the slope rather "
                "than writing it yourself.", _loop(lambda x, grad, lr, x0: x - lr * x)),
        Mistake("It uses the slope 2x of x² instead of grad(x): right on x², wrong on any other function.",
                _loop(lambda x, grad, lr, x0: x - lr * 2 * x)),
        Mistake("Every step uses the slope at the start x₀: evaluate grad at the current x.",
                _loop(lambda x, grad, lr, x0: x - lr * grad(x0))),
        Mistake("Every step starts again from x₀: keep the new x and take the next step from it.",
                _loop(lambda x, grad, lr, x0: x0 - lr * grad(x0))),
        Mistake("Your list leaves out the start: put x₀ first, then one position per step.",
                _loop(_right_step, keep=slice(1, None))),
        Mistake("One step too few: the loop should run `steps` times (for _ in range(steps)).",
                _loop(_right_step, extra=-1)),
        Mistake("One step too many: the loop should run `steps` times (for _ in range(steps)).",
                _loop(_right_step, extra=1)),
        Mistake("It returns only the last position: return the whole list, x₀ first, so that every step can be "
                "compared.", _loop(_right_step, keep=-1)),
        Mistake("It returns nothing: end the function with `return xs`.",
                lambda grad, x0, lr, steps: None),
    ),
)


def check_descend(descend) -> CodeCheck:
    """Check a student's ``descend(grad, x0, lr, steps)``: every position of ``steps`` steps of x ← x − lr·grad(x)
    from x0, the start included (``steps + 1`` numbers), compared with :func:`course_lib.run` step by step."""
    return DESCEND.check(descend)


# --- 01: the gradient of the line fit ---------------------------------------------------------

def _gradient(dw, db):
    def mse_gradient(w, b, x, y):
        error = w * x + b - y
        return dw(error, x), db(error, x)
    return mse_gradient


@cache
def _gradient_calls():
    calls = []
    for n in (100, 10):
        line = data.noisy_line(n=n, rng=42)
        x, y = line.X[:, 0], line.y
        loss = models.linear_regression_objective(line.X, y)
        path = run(loss, GradientDescent(lr=0.5), [4.5, -0.3], steps=4).positions
        calls += [_Call((float(w), float(b), x, y), f"mse_gradient at step {k} of the descent from (4.5, −0.3) on "
                                                    f"{n} points, (w, b) = ({w:.4g}, {b:.4g})".replace("-", "−"),
                        loss.grad(np.array([w, b])))
                  for k, (w, b) in enumerate(path)]
    return tuple(calls)


MSE_GRADIENT = CodeExercise(
    name="mse_gradient",
    calls=_gradient_calls,
    source="the library's gradient",
    part=lambda i: ("∂L/∂w", "∂L/∂b")[i] if i < 2 else f"element {i}",
    right="both partial derivatives agree with course_lib's gradient at every step of the descent, on 100 "
          "points and on 10.",
    mistakes=(
        Mistake("The sign is flipped: the error is ŷ − y (prediction minus data), so both derivatives change sign.",
                _gradient(lambda e, x: -2 * np.mean(e * x), lambda e, x: -2 * np.mean(e))),
        Mistake("Both are half the right size: the factor 2 from differentiating the square (ŷ − y)² is missing.",
                _gradient(lambda e, x: np.mean(e * x), lambda e, x: np.mean(e))),
        Mistake("Both are n times too large: that is a sum; L is a mean, so divide by n (np.mean).",
                _gradient(lambda e, x: 2 * np.sum(e * x), lambda e, x: 2 * np.sum(e))),
        Mistake("∂L/∂w is missing the factor x: ŷ = w·x + b changes with w in proportion to x.",
                _gradient(lambda e, x: 2 * np.mean(e), lambda e, x: 2 * np.mean(e))),
        Mistake("The two are swapped: return (∂L/∂w, ∂L/∂b), in that order.",
                _gradient(lambda e, x: 2 * np.mean(e), lambda e, x: 2 * np.mean(e * x))),
        Mistake("∂L/∂b has a factor x it should not have: ŷ changes with b one for one.",
                _gradient(lambda e, x: 2 * np.mean(e * x), lambda e, x: 2 * np.mean(e * x))),
        Mistake("It returns one number per data point: average over the points (np.mean).",
                _gradient(lambda e, x: 2 * e * x, lambda e, x: 2 * e)),
        Mistake("It returns nothing: end the function with `return dw, db`.", lambda w, b, x, y: None),
    ),
)


def check_mse_gradient(mse_gradient) -> CodeCheck:
    """Check a student's ``mse_gradient(w, b, x, y)`` → (∂L/∂w, ∂L/∂b) of L = mean((w·x + b − y)²), compared with
    the library's gradient at every point of a 4-step descent on the noisy line (100 points, and a second set of 10)."""
    return MSE_GRADIENT.check(mse_gradient)


# --- 03: the regime from the contraction factor -----------------------------------------------

REGIME_LABELS = ("converges", "oscillates", "diverges")
"""The three answers ``regime(lr, curvature)`` may give."""

_AS_LABEL = {CONVERGED: "converges", STILL_CONVERGING: "converges", OSCILLATING: "oscillates", DIVERGED: "diverges"}


@cache
def _regime_calls():
    calls = []
    for curvature in (2.0, 0.5):  # exact in binary, so that η = 2/f″ gives q = −1 exactly
        parabola = objectives.polynomial("parabola", [curvature / 2, 0, 0], window=(-2.0, 2.0))
        rates = np.arange(1, 13) * (1 / curvature) / 4  # 1/f″ and 2/f″ are the 4th and the 8th
        statuses = run(parabola, GradientDescent(lr=rates), np.ones(rates.size), steps=100).status
        calls += [_Call((float(lr), curvature), f"regime({lr:g}, {curvature:g}), where q = 1 − η·f″ = "
                                                f"{1 - lr * curvature:g}".replace("-", "−"), _AS_LABEL[str(status)])
                  for lr, status in zip(rates, statuses, strict=True)]
    return tuple(calls)


def _label(converges, oscillates):
    return lambda lr, curvature: ("converges" if converges(lr, curvature) else
                                  "oscillates" if oscillates(lr, curvature) else "diverges")


REGIME = CodeExercise(
    name="regime",
    calls=_regime_calls,
    source="run(...) after 100 steps",
    choices=REGIME_LABELS,
    right="your labels agree with run's statuses for 24 rates on two parabolas, 1/f″ and 2/f″ among them.",
    mistakes=(
        Mistake("It compares q = 1 − η·f″ itself with 1, so every q below 1 passes, −1.5 too. It is the size |q| "
                "that must be below 1.", _label(lambda lr, c: 1 - lr * c < 1, lambda lr, c: 1 - lr * c == 1)),
        Mistake("At |q| = 1 exactly (η = 2/f″) the walker bounces between two points forever: that is "
                "'oscillates'. Only |q| < 1 converges.",
                _label(lambda lr, c: abs(1 - lr * c) <= 1, lambda lr, c: False)),
        Mistake("It never says 'oscillates': at |q| = 1 exactly (η = 2/f″) the walker bounces between two points "
                "forever.", _label(lambda lr, c: abs(1 - lr * c) < 1, lambda lr, c: False)),
        Mistake("Between 1/f″ and 2/f″ the factor q is between −1 and 0: the walker zigzags, but closes in. "
                "Divergence starts above 2/f″, not above 1/f″.",
                _label(lambda lr, c: lr < 1 / c, lambda lr, c: lr == 1 / c)),
        Mistake("The factor needs the curvature: q = 1 − η·f″, not 1 − η.",
                _label(lambda lr, c: abs(1 - lr) < 1, lambda lr, c: abs(1 - lr) == 1)),
    ),
)


def check_regime(regime) -> CodeCheck:
    """Check a student's ``regime(lr, curvature)`` → 'converges', 'oscillates' or 'diverges' (from the contraction
    factor |1 − lr·curvature|), compared with the status :func:`course_lib.run` gives on a parabola with that f″."""
    return REGIME.check(regime)


# --- 05: random restarts ----------------------------------------------------------------------

_STARTS = np.array([2.5, -1.0, 1.5, 0.5, -2.8, 3.0])


def _restarts(pick, of="ends"):
    """Restarts that keep ``pick(objective, starts, ends)`` (an index) of the starts or the ends."""
    def best_of_restarts(objective, starts, lr, steps):
        ends = run(objective, GradientDescent(lr=lr), starts, steps).final_position
        return (ends if of == "ends" else starts)[pick(objective, starts, ends)]
    return best_of_restarts


@cache
def _restart_calls():
    mirrored = objectives.polynomial("mirrored_dip", [1, 0, -8, -1, 0], window=(-3.2, 3.2), formula="x⁴ − 8x² − x")
    calls = []
    for objective in (objectives.double_dip, mirrored):
        for k in range(1, _STARTS.size + 1):
            ends = run(objective, GradientDescent(lr=0.01), _STARTS[:k], steps=200).final_position
            shown = ", ".join(f"{s:g}" for s in _STARTS[:k]).replace("-", "−")
            calls.append(_Call((objective, _STARTS[:k].copy(), 0.01, 200),
                               f"best_of_restarts on {objective.formula} from "
                               f"{'the start' if k == 1 else f'the first {k} starts'} [{shown}]",
                               ends[np.argmin(objective.f(ends))]))
    return tuple(calls)


RESTARTS = CodeExercise(
    name="best_of_restarts",
    calls=_restart_calls,
    source="the lowest end of run(...)",
    tolerance=1e-4,  # ends in the same minimum differ by about 1e-8 (the runs stop at |f′| ≤ 1e-6): one answer
    right=f"it keeps the lowest end, for every number of restarts from 1 to {_STARTS.size}, on x⁴ − 8x² + x and on "
          "its mirror image x⁴ − 8x² − x.",
    mistakes=(
        Mistake("It keeps the run that ends highest: keep the one whose end has the lowest value f(x).",
                _restarts(lambda f, s, e: np.argmax(f.f(e)))),
        Mistake("It picks by position, the smallest x: 'lowest' is about the value f(x), not where x is (the "
                "slip of the blind-hiker tutorial). That is right on x⁴ − 8x² + x only by luck.",
                _restarts(lambda f, s, e: np.argmin(e))),
        Mistake("It picks by position, the largest x: 'lowest' is about the value f(x), not where x is (the "
                "slip of the blind-hiker tutorial).", _restarts(lambda f, s, e: np.argmax(e))),
        Mistake("It returns where the last restart ends: compare each end with the best so far, and keep the lower.",
                _restarts(lambda f, s, e: -1)),
        Mistake("It compares the starts, not where their runs end: run descent from each start first.",
                _restarts(lambda f, s, e: np.argmin(f.f(s)), of="starts")),
        Mistake("It returns the lowest value f, not the position x where it is reached.",
                lambda objective, starts, lr, steps: np.min(
                    objective.f(run(objective, GradientDescent(lr=lr), starts, steps).final_position))),
        Mistake("It returns nothing: end the function with `return best`.",
                lambda objective, starts, lr, steps: None),
    ),
)


def check_restarts(best_of_restarts) -> CodeCheck:
    """Check a student's ``best_of_restarts(objective, starts, lr, steps)``: plain descent from every start, and
    the end position with the lowest value, compared with :func:`course_lib.run` for 1 to 6 restarts on two
    functions."""
    return RESTARTS.check(best_of_restarts)

