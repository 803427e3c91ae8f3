"""Self-checks for exercises and quizzes: a student answers, and learns whether and why.

Two plain functions check an answer without any widget (in a test, a script, or a cell)::

    >>> from course_lib.exercises import check_number, check_choice
    >>> check_number("0.33", 1 / 3, digits=2).correct
    True
    >>> print(check_number("0.3", 1 / 3, digits=2).message)
    Almost: 0.3 is right to 1 significant digit; give at least 2.
    >>> print(check_number("0.25", 0.5, exact=True).message)
    Not yet: 0.25 is too small — off by a factor of 2.

and two widgets wrap them for a notebook, with a Check button, a hint that can be revealed,
and a solution that can be revealed only after the hint::

    NumberCheck("Critical learning rate of f(x) = x² − 4x + 5?", critical_learning_rate(shifted_parabola),
                exact=True, hint="Divergence starts where |1 − ηf″| = 1.", solution="2/f″ = 2/2 = 1.")
    ChoiceQuiz("Which minimum of x⁴ − 8x² + x is global?", ["x ≈ −2.03", "x ≈ 1.97"], correct=0,
               explanations=["f(−2.03) ≈ −18.0 is the lowest value.", "f(1.97) ≈ −14.0 is higher."])

The right answer is always passed in, computed by ``course_lib`` on the page — never typed
into the notebook as a magic number. :class:`Quiz` stacks questions and keeps the score.

**What a numeric answer may look like** (:func:`parse_number`): ``0.5``, ``−2.03``, ``1e-7``,
``1.5×10^-7``, a decimal comma (``0,5``), thousands separated by commas or spaces (``1,000``,
``12 500``), a percentage (``40%`` is 0.4), or an expression of numbers with + − × ÷ ** (or ^)
and parentheses, such as ``1/(1 − 0.9)`` or ``2·0.5^10``. Expressions are read as a syntax tree
of numbers and those operators only; nothing typed is ever run.

**When a numeric answer is right.** Each question states what it wants, and the widget prints it
under the question:

- ``exact=True``, and every integer answer (a count, a step number): the exact value, in any form
  (``10``, ``10.0``, ``1/(1 − 0.9)``); 209 is not 210.
- ``digits=n`` (n significant digits; the default, with n = 2) or ``decimals=n``: an answer is right
  when it is the exact value, or when it is the expected value correctly rounded to the digits
  typed and has at least the minimum asked (``0.33``, ``0.333`` and ``1/3`` for 1/3 with
  ``digits=2``; both roundings of a tie count). A correct answer with too few digits (``0.3``) is
  told how many are wanted; it is not called wrong. An expression has all its digits: it is right
  when it is within half a unit of the minimum precision.
- ``percent=True``: the question asks for a percentage, and the expected value is one (87.5);
  ``87.5`` and ``87.5%`` mean the same. In every other question ``%`` means ÷ 100, so ``87.5%``
  is 0.875 and a bare ``87.5`` is taken as it stands.
- ``tol``: an extra allowance for answers that are measured rather than computed.

A wrong answer gets a reason: a listed mistake, off in its last digit, not a whole number,
too large or too small, a wrong sign, off by a factor of 2 or a power of 10.

**Code a student writes** (:mod:`.code_checks`): :func:`check_descend`, :func:`check_mse_gradient`,
:func:`check_regime` and :func:`check_restarts` run a function the student wrote against ``course_lib``
(:func:`course_lib.run`, the library's gradient) and return a :class:`CodeCheck`: right, not written yet
(the notebook's ``...`` placeholder), or the first step that differs with the likely mistake.

CSS classes (for tests and styling): ``cl-number-check``, ``cl-choice-quiz``, ``cl-quiz``
(the widgets); ``cl-question``, ``cl-requirement`` (what a numeric answer must look like),
``cl-answer`` (the text box or the radio buttons), ``cl-check`` (the button), ``cl-feedback``
(plus ``cl-right``, ``cl-wrong`` or ``cl-incomplete`` once checked), ``cl-hint-button``,
``cl-hint``, ``cl-solution-button``, ``cl-solution``, ``cl-score``, and ``cl-error`` (an error
inside a callback is shown there).
"""

from __future__ import annotations

from .answers import Feedback, check_choice, check_number, parse_number
from .code_checks import CodeCheck, check_descend, check_mse_gradient, check_regime, check_restarts
from .quizzes import ChoiceQuiz, NumberCheck, Quiz

__all__ = ["Feedback", "parse_number", "check_number", "check_choice", "NumberCheck", "ChoiceQuiz", "Quiz",
           "CodeCheck", "check_descend", "check_mse_gradient", "check_regime", "check_restarts"]
