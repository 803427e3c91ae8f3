"""Argument checks shared by the core modules, and the dot product of their quick finiteness tests.

Every check raises ``ValueError`` with the argument's name and the offending value, in the
style of ``torch.optim``: ``lr must be a finite number >= 0, got -1.0``.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np


def number(name, value, *, low=None, high=None, low_open=False, high_open=False, allow_array=False):
    """Check a finite real number (or, with ``allow_array``, an array of them) against bounds.

    Returns the value as a float, or as a float array when an array was given.
    """
    lo = "(" if low_open else "["
    hi = ")" if high_open else "]"
    if low is not None and high is not None:
        requirement = f"a finite number in {lo}{low}, {high}{hi}"
    elif low is not None:
        requirement = f"a finite number {'>' if low_open else '>='} {low}"
    elif high is not None:
        requirement = f"a finite number {'<' if high_open else '<='} {high}"
    else:
        requirement = "a finite number"
    arr = None
    if not isinstance(value, (bool, np.bool_, str, bytes)):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            arr = None
    if arr is None or (arr.ndim > 0 and not allow_array) or arr.size == 0:
        raise ValueError(f"{name} must be {requirement}, got {value!r}")
    ok = np.isfinite(arr)
    if low is not None:
        ok &= (arr > low) if low_open else (arr >= low)
    if high is not None:
        ok &= (arr < high) if high_open else (arr <= high)
    if not np.all(ok):
        raise ValueError(f"{name} must be {requirement}, got {value!r}")
    return float(arr) if arr.ndim == 0 else arr


def array(name, value, *, ndim=None, finite: bool = False, what: str = "an array of numbers"):
    """``value`` as a float array (of ``ndim`` dimensions, if given; all finite, with ``finite``), or ValueError
    naming the argument (``what`` says what was expected)."""
    arr = None
    if not isinstance(value, (str, bytes)):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            arr = None
    wrong_ndim = arr is not None and ndim is not None and arr.ndim not in np.atleast_1d(ndim)
    if arr is None or wrong_ndim or (finite and not np.all(np.isfinite(arr))):
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return arr


def integer(name, value, *, low=0, high=None):
    """Check a whole number >= ``low`` (and <= ``high``, if given); returns it as an ``int``."""
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < low
            or (high is not None and value > high)):
        wanted = f">= {low}" if high is None else f"from {low} to {high:,}"
        raise ValueError(f"{name} must be a whole number {wanted}, got {value!r}")
    return int(value)


def text(name, value, options=None, *, allow_none: bool = False):
    """Check a str (one of ``options``, if given; or None, with ``allow_none``)."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or (options is not None and value not in options):
        wanted = "a text" if options is None else f"one of {list(options)}"
        raise ValueError(f"{name} must be {wanted}, got {value!r}")
    return value


def flag(name, value):
    """Check a bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def instance(name, value, kind, what: str | None = None):
    """Check that ``value`` is a ``kind`` (a class or a tuple of them); TypeError naming the argument otherwise.

    ``what`` is how the message names the kind (default: the class names).
    """
    if not isinstance(value, kind):
        if what is None:
            what = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise TypeError(f"{name} must be a {what}, got {value!r}")
    return value


def generator(name, value):
    """Accept a ``numpy.random.Generator`` or an int seed; return a Generator.

    ``None`` is refused on purpose: every random thing in the course is seeded.
    """
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 0:
        return np.random.default_rng(int(value))
    raise ValueError(f"{name} must be a numpy.random.Generator or an int seed >= 0, got {value!r}")


def quiet(fn):
    """``fn`` without floating-point warnings: an overflow shows as inf (or nan) in its result instead.

    For the functions a student calls in a loop of their own (an optimizer's step, an objective's f):
    at a huge learning rate they would otherwise print RuntimeWarnings; :func:`course_lib.descent.run`
    reports such a run as "diverged".
    """

    @functools.wraps(fn)
    def without_warnings(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

    without_warnings._loud = fn
    return without_warnings


def loud(fn):
    """``fn`` without the wrapper of :func:`quiet` (``fn`` itself if it has none; a method stays bound): for a
    loop that has turned floating-point warnings off once, around all of its calls, instead of once per call."""
    raw = getattr(fn, "_loud", None)
    if raw is None:
        return fn
    owner = getattr(fn, "__self__", None)
    return raw if owner is None else raw.__get__(owner)


BLAS_ONE_THREAD = 10_000
"""Longest dot product OpenBLAS computes on one thread (longer ones wake its threads: slower here, not faster)."""


def dot(a, b) -> float:
    """Σ aᵢ·bᵢ over every element of two arrays of one size: inf or NaN if any term is (or the sum overflows).

    One pass through OpenBLAS's dot product, in pieces it keeps on one thread: the quick test of
    :func:`course_lib.descent.run` and :func:`course_lib.models.fit` that every start (model) is still finite.
    """
    if not (isinstance(a, np.ndarray) and a.ndim == 1):  # run's 1-D arrays go to BLAS as they are
        a, b = np.asarray(a).reshape(-1), np.asarray(b).reshape(-1)
    if a.size <= BLAS_ONE_THREAD:
        return a.dot(b)
    return sum(a[i:i + BLAS_ONE_THREAD].dot(b[i:i + BLAS_ONE_THREAD]) for i in range(0, a.size, BLAS_ONE_THREAD))
