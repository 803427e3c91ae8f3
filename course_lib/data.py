"""The course's data sets, generated from a seed, and a mini-batch iterator.

Every function that draws random numbers takes ``rng``: a ``numpy.random.Generator`` or an
int seed. The same seed gives the same data on every machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

from . import _checks

__all__ = [
    "Dataset",
    "noisy_line",
    "house_prices",
    "linear_data",
    "two_moons",
    "minibatches",
    "add_missing",
    "impute_with_indicator",
    "check_data",
]


MAX_EXAMPLES = 10_000_000
"""The most examples a generated data set may have (a typo such as ``n=10**12`` is refused, not allocated)."""
MAX_SIZE = 1e100
"""The largest weight, slope, intercept or noise level a generated data set takes (its numbers stay finite)."""


class Dataset(NamedTuple):
    """Inputs ``X`` of shape (n, features) and targets ``y`` of shape (n,)."""

    X: np.ndarray
    y: np.ndarray


def noisy_line(n: int = 100, slope: float = 2.0, intercept: float = 1.0, noise: float = 0.1, rng=42) -> Dataset:
    """y = slope·x + intercept + Gaussian noise, for n x-values evenly spaced on [0, 1]."""
    n = _checks.integer("n", n, low=2, high=MAX_EXAMPLES)
    slope = _checks.number("slope", slope, low=-MAX_SIZE, high=MAX_SIZE)
    intercept = _checks.number("intercept", intercept, low=-MAX_SIZE, high=MAX_SIZE)
    noise = _checks.number("noise", noise, low=0, high=MAX_SIZE)
    rng = _checks.generator("rng", rng)
    x = np.linspace(0.0, 1.0, n)
    y = slope * x + intercept + rng.normal(0.0, noise, size=n) if noise else slope * x + intercept
    return Dataset(x[:, None], y)


def house_prices() -> Dataset:
    """Five houses: size in square feet and price in $1000s (no randomness)."""
    sizes = np.array([1000.0, 1500.0, 2000.0, 2500.0, 3000.0])
    prices = np.array([200.0, 280.0, 350.0, 400.0, 480.0])
    return Dataset(sizes[:, None], prices)


def linear_data(n: int = 1000, true_w=(2.0, -1.5, 0.5), noise: float = 0.5, rng=42) -> Dataset:
    """X with standard-normal features and y = X·true_w + Gaussian noise (no intercept)."""
    n = _checks.integer("n", n, low=1, high=MAX_EXAMPLES)
    noise = _checks.number("noise", noise, low=0, high=MAX_SIZE)
    rng = _checks.generator("rng", rng)
    w = np.atleast_1d(_checks.number("true_w", true_w, low=-MAX_SIZE, high=MAX_SIZE, allow_array=True))
    if w.ndim != 1 or n * w.size > MAX_EXAMPLES:
        raise ValueError(f"true_w must be one weight per feature (at most {MAX_EXAMPLES:,} numbers in X), "
                         f"got {true_w!r}")
    X = rng.standard_normal((n, w.size))
    return Dataset(X, X @ w + noise * rng.standard_normal(n))


def two_moons(n: int = 200, noise: float = 0.1, rng=0) -> Dataset:
    """Two interleaved half-circles, labels 0 and 1 (n/2 points each): not linearly separable."""
    n = _checks.integer("n", n, low=2, high=MAX_EXAMPLES)
    noise = _checks.number("noise", noise, low=0, high=MAX_SIZE)
    rng = _checks.generator("rng", rng)
    n0 = n // 2
    n1 = n - n0
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    order = rng.permutation(n)
    return Dataset(X[order], y[order])


def minibatches(n: int, batch_size: int, rng, shuffle: bool = True, replace: bool = False) -> Iterator[np.ndarray]:
    """Index arrays covering ``range(n)`` once, ``batch_size`` at a time (the last may be shorter).

    With ``shuffle`` the order is a fresh permutation from ``rng`` on every call: one epoch, every
    example exactly once (sampling *without* replacement). With ``replace`` the n indices of the epoch
    are drawn independently from ``rng`` instead (sampling *with* replacement, ``shuffle`` is then
    ignored): the batches have the same sizes, but some examples come twice and others not at all.
    """
    n = _checks.integer("n", n, low=1)
    batch_size = _checks.integer("batch_size", batch_size, low=1)
    if _checks.flag("replace", replace):
        order = _checks.generator("rng", rng).integers(n, size=n)
    else:
        order = _checks.generator("rng", rng).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        yield order[start: start + batch_size]


def add_missing(X, fraction: float, rng) -> np.ndarray:
    """A copy of X with about ``fraction`` of its entries replaced by NaN, at random."""
    fraction = _checks.number("fraction", fraction, low=0, high=1)
    X = _checks.array("X", X).copy()
    X[_checks.generator("rng", rng).random(X.shape) < fraction] = np.nan
    return X


def impute_with_indicator(X, means=None):
    """Fill NaNs with column means and append one 0/1 "was missing" column per feature.

    Returns ``(X_filled, means)``. Pass the ``means`` computed on training data when
    transforming new data, so that test data is filled with the training statistics.
    """
    X = _checks.array("X", X, ndim=2, what="an array of numbers of shape (n, features)")
    missing = np.isnan(X)
    if means is not None:
        means = _checks.array("means", means, ndim=1, finite=True, what=f"{X.shape[1]} finite column means")
        if means.shape != (X.shape[1],):
            raise ValueError(f"means must be {X.shape[1]} finite column means, one per column of X, got {means!r}")
    else:
        counts = np.sum(~missing, axis=0)
        if np.any(counts == 0):
            raise ValueError(f"X has a column with no values at all (columns {np.flatnonzero(counts == 0).tolist()})")
        means = np.nansum(X, axis=0) / counts
    filled = np.where(missing, means, X)
    return np.hstack([filled, missing.astype(float)]), means


def check_data(X, y, n_features: int | None = None):
    """X as an (n, features) float array and y as (n,), as the models of :mod:`course_lib.models` take them,
    or ValueError saying what is wrong and what to do (``n_features``: the number the model expects, if any).

    A 1-D X is one feature per example (as a list of house sizes is), where one feature is expected.
    """
    if n_features is not None:
        n_features = _checks.integer("n_features", n_features, low=1)
    try:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"X and y must be arrays of numbers, got {type(X).__name__} and {type(y).__name__}") from None
    if X.ndim == 1 and n_features in (None, 1):
        X = X[:, None]
    if X.ndim != 2 or (n_features is not None and X.shape[1] != n_features):
        wanted = f"(n, {n_features})" if n_features is not None else "(n, features)"
        raise ValueError(f"X must have shape {wanted}: one row per example, got shape {X.shape}")
    if len(X) == 0:
        raise ValueError("X must hold at least one example, got none")
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},): one target per row of X, got shape {y.shape}")
    for name, a in (("X", X), ("y", y)):
        missing = int(np.sum(np.isnan(a)))
        if missing:
            raise ValueError(f"{name} has {missing} missing (NaN) values: fill them first, for example with "
                             f"data.impute_with_indicator({name})" if name == "X" else
                             f"{name} has {missing} missing (NaN) values: drop those examples first")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} must be finite, got {int(np.sum(~np.isfinite(a)))} infinite values")
    return X, y
