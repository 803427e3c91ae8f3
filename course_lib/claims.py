"""Claims a page makes, checked where they stand.

A sentence that compares, ranks, counts or classifies is only as good as the computation under
it. :func:`claim` states the sentence in code: when the numbers stop supporting it (a change to
the library, another seed, a finer grid), it raises :class:`ClaimError` quoting the sentence and
the evidence, so a notebook run, and nbval with it, fails at that sentence::

    >>> from course_lib.claims import claim
    >>> steps = {"GradientDescent": 94, "Nesterov": 108}
    >>> claim(steps["GradientDescent"] < steps["Nesterov"], "plain descent needs fewer steps", **steps)
    >>> claim(steps["Nesterov"] < steps["GradientDescent"], "Nesterov needs fewer steps", **steps)
    Traceback (most recent call last):
    ...
    course_lib.claims.ClaimError: the page says "Nesterov needs fewer steps", but GradientDescent = 94, Nesterov = 108

A claim prints nothing when it holds: it is a line of the lesson, not an output.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ClaimError", "claim"]


class ClaimError(AssertionError):
    """A sentence on the page that its own computation no longer supports."""


def _show(value) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=6, threshold=20)
    return repr(value) if isinstance(value, str) else str(value)


def claim(holds, sentence: str, **evidence) -> None:
    """Raise :class:`ClaimError` unless ``holds``; the message quotes ``sentence`` and ``evidence``.

    Args:
        holds: the computed truth of the sentence (a bool, or anything ``bool()`` accepts once,
            such as a NumPy bool; an array must be reduced with ``np.all``/``np.any`` first).
        sentence: the words on the page, as the reader sees them.
        evidence: the numbers the sentence rests on, named; shown when it fails.
    """
    if not isinstance(sentence, str) or not sentence.strip():
        raise ValueError(f"sentence must be the claim's words, got {sentence!r}")
    if isinstance(holds, np.ndarray) and holds.size != 1:
        raise ValueError(f"holds must be one truth value (reduce an array with np.all or np.any), got {holds!r}")
    if not bool(holds):
        shown = ", ".join(f"{name} = {_show(value)}" for name, value in evidence.items())
        raise ClaimError(f'the page says "{sentence}"' + (f", but {shown}" if shown else ", but it does not hold"))
