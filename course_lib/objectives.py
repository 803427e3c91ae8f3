"""The functions the course descends on, each with its exact gradient and Hessian.

An :class:`Objective` bundles f, ∇f and ∇²f with a plot window and its stationary points,
which are *computed* (roots of f′ for polynomials, Newton's method from a grid of starts
otherwise) and classified from the Hessian, never typed in from prose.

Points: a 1-D objective treats every element of its input as one point, so ``f`` maps an
array of any shape to an array of the same shape. A 2-D objective takes points of shape
``(..., 2)`` and returns values of shape ``(...)``, gradients of shape ``(..., 2)`` and
Hessians of shape ``(..., 2, 2)``. One call therefore fills a whole contour grid::

    >>> import numpy as np
    >>> from course_lib.objectives import rosenbrock
    >>> xx, yy = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 5))
    >>> rosenbrock.f(np.stack([xx, yy], axis=-1)).shape
    (5, 5)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cached_property
from typing import NamedTuple

import numpy as np

from . import _checks
from ._stationary import classify, newton_stationary_points
from .windows import check_window, window_point

__all__ = [
    "Objective", "StationaryPoint", "gradient_2d", "hessian_2d", "polynomial", "square", "shifted_parabola",
    "parabola_5x", "double_dip", "revenue_loss", "quadratic_bowl", "ill_conditioned_bowl", "rosenbrock", "beale",
    "saddle", "double_well", "himmelblau", "ALL",
]


class StationaryPoint(NamedTuple):
    """A point where ∇f = 0, with its value and kind: minimum, maximum, saddle or degenerate."""

    position: float | np.ndarray
    value: float
    kind: str


class Objective:
    """A function to minimise, with its exact derivatives.

    Args:
        name: short identifier, e.g. ``"rosenbrock"``.
        f, grad, hessian: vectorised callables (see the module docstring for shapes).
        value_and_grad: ``(f(x), grad(x))`` in one call, the same numbers bit for bit, where computing them
            together saves work (a polynomial's f and f′ share x²); default: f and grad called in turn.
        dim: 1 or 2 (or more, for the models' losses).
        window: plot range, ``(lo, hi)`` in 1-D or ``((x_lo, x_hi), (y_lo, y_hi))`` in 2-D.
        formula: the formula as readable text, for titles.
        bounded_below: whether f has a lowest value at all (then the lowest minimum is global).
        find_stationary_points: computes the stationary points; the default runs Newton's
            method on ∇f = 0 from a grid of starts across the window.
        start: a good point to start a run from, e.g. an optimizer race (default: 10% inside
            the window's lower end, see :attr:`start`).
    """

    def __init__(
        self,
        name: str,
        f: Callable,
        grad: Callable,
        *,
        dim: int,
        window,
        hessian: Callable | None = None,
        value_and_grad: Callable | None = None,
        formula: str = "",
        bounded_below: bool = True,
        find_stationary_points: Callable[[Objective], list] | None = None,
        start=None,
    ):
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty text, got {name!r}")
        for label, fn in (("f", f), ("grad", grad), ("hessian", hessian), ("value_and_grad", value_and_grad),
                          ("find_stationary_points", find_stationary_points)):
            if not callable(fn) and not (label not in ("f", "grad") and fn is None):
                raise TypeError(f"{label} must be a function, got {fn!r}")
        _checks.text("formula", formula)
        bounded_below = _checks.flag("bounded_below", bounded_below)
        self.name = name
        self.f = _checks.quiet(f)
        self.grad = _checks.quiet(grad)
        self.value_and_grad = _checks.quiet(value_and_grad or (lambda x: (f(x), grad(x))))
        self.hessian = None if hessian is None else _checks.quiet(hessian)
        self.dim = _checks.integer("dim", dim, low=1)
        self.window = check_window(window, self.dim)
        self.formula = formula or name
        self.bounded_below = bounded_below
        self._find_stationary_points = find_stationary_points or _newton_stationary_points
        self._start = None if start is None else self.check_points(start, "start")

    def __repr__(self) -> str:
        return f"<Objective {self.name}: f = {self.formula}>"

    def check_points(self, x, name: str = "x0") -> np.ndarray:
        """``x`` as a float array of points of this objective, or ValueError naming ``name``."""
        try:
            arr = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number or an array of numbers, got {x!r}") from None
        if self.dim > 1 and (arr.ndim == 0 or arr.shape[-1] != self.dim):
            raise ValueError(
                f"{name} must have shape ({self.dim},) or (n, {self.dim}) for {self.name}, "
                f"got shape {arr.shape}: {x!r}"
            )
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite, got {x!r}")
        if arr.size == 0:
            raise ValueError(f"{name} must hold at least one point, got {x!r}")
        return arr

    @property
    def start(self):
        """A good point to start a run from (the start of an optimizer race): the one given, else 10% inside
        the window's lower end (lower-left corner in 2-D)."""
        return window_point(self.window, 0.1) if self._start is None else self._start

    @cached_property
    def stationary_points(self) -> tuple[StationaryPoint, ...]:
        """All stationary points (in the window, for non-polynomials), sorted by position."""
        return tuple(self._find_stationary_points(self))

    @property
    def minima(self) -> tuple[StationaryPoint, ...]:
        return tuple(p for p in self.stationary_points if p.kind == "minimum")

    @property
    def global_minima(self) -> tuple[StationaryPoint, ...]:
        """The minima with the lowest value; empty when f is unbounded below."""
        if not self.bounded_below or not self.minima:
            return ()
        lowest = min(p.value for p in self.minima)
        return tuple(p for p in self.minima if p.value - lowest <= 1e-9 * max(1.0, abs(lowest)))

    @property
    def global_minimum(self) -> StationaryPoint | None:
        """The global minimum when there is exactly one, else None."""
        return self.global_minima[0] if len(self.global_minima) == 1 else None

    def grid(self, resolution: int = 200):
        """A grid over the window: ``(xs, f(xs))`` in 1-D, ``(X, Y, F)`` meshes in 2-D."""
        if self.dim == 1:
            xs = np.linspace(*self.window, resolution)
            return xs, self.f(xs)
        (x_lo, x_hi), (y_lo, y_hi) = self.window
        X, Y = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
        return X, Y, self.f(np.stack([X, Y], axis=-1))


def _newton_stationary_points(obj: Objective) -> list[StationaryPoint]:
    """The default finder: Newton's method on ∇f = 0 from a grid of starts (see :mod:`course_lib._stationary`)."""
    return [StationaryPoint(*found) for found in newton_stationary_points(obj)]


def _starts_from_square(coefficients) -> bool:
    """Whether :func:`_horner` starts from a·x²: a power of two a, then a zero coefficient, then more."""
    return len(coefficients) >= 3 and not coefficients[1] and math.frexp(coefficients[0])[0] in (0.5, -0.5)


def _horner(coefficients, x, x_squared=None):
    """Evaluate a polynomial (coefficients highest power first) without calling pow.

    Horner's rule, y ← y·x + c, spending no array operation on a zero coefficient nor on a leading 1:
    x⁴ − 8x² + x = ((x² − 8)·x + 1)·x takes 5 operations instead of 8. A polynomial with no second-highest
    power, whose leading coefficient a is a power of two (±1, ±2, ±4, …), starts from a·x², with x² = x·x in
    one pass (``np.square``, which reads x once, where ``x * x`` reads it twice): the same bits as (a·x)·x,
    as scaling by a power of two is exact (unless x² is below the normal range, |x| < 1.5e-154). (Skipping
    "+ 0" leaves a −0.0 result as −0.0 instead of turning it into +0.0; 1·x is x, bit for bit.) After the
    first operation, in place: x itself is never changed. ``x_squared``: x·x when the caller has it already
    (:func:`polynomial`'s value_and_grad shares it between f and f′); it becomes the result (it is changed)
    when the leading coefficient is 1.
    Give the coefficients as 0-d arrays (as :func:`polynomial` does): NumPy combines a 0-d array with an
    array faster than a Python float.
    """
    x = np.asarray(x, dtype=float)
    lead, *rest = coefficients
    if not rest:
        return np.zeros_like(x) + lead
    if _starts_from_square(coefficients):
        y = np.square(x) if x_squared is None else x_squared
        if lead != 1:
            y = lead * y
        rest = rest[1:]
    else:
        y = x if lead == 1 else lead * x
    for i, c in enumerate(rest):  # the first operation on x itself makes a new array; the others work in place
        if i:
            if y is x:
                y = x * x
            else:
                y *= x
        if c:
            if y is x:
                y = x + c
            else:
                y += c
    return +y if y is x else y


def polynomial(name: str, coefficients, *, window, formula: str = "") -> Objective:
    """A 1-D polynomial objective; coefficients from the highest power down (as ``np.roots``).

    Its stationary points are the real roots of f′, each polished by Newton's method and
    classified by the sign of f″ (all of them, not only those in the window).
    """
    _checks.text("name", name)
    _checks.text("formula", formula)
    c = _checks.number("coefficients", coefficients, allow_array=True)
    c = np.atleast_1d(c)
    if c.ndim != 1:
        raise ValueError(f"coefficients must be a list of numbers, highest power first, got {coefficients!r}")
    c1 = np.polyder(c) if len(c) > 1 else np.zeros(1)  # a constant: f′ = 0
    c2 = np.polyder(c1) if len(c1) > 1 else np.zeros(1)
    terms, terms1, terms2 = ([np.array(v) for v in a] for a in (c, c1, c2))  # 0-d arrays, for _horner

    def find(obj):
        roots = np.roots(c1) if len(c1) > 1 else np.array([])
        real = np.sort(roots[np.abs(roots.imag) <= 1e-7 * np.maximum(1.0, np.abs(roots))].real)
        points = []
        for r in real:
            for _ in range(3):  # polish the root from np.roots with Newton on f'
                slope = _horner(terms2, r)
                step = _horner(terms1, r) / slope if slope != 0 else 0.0
                if abs(_horner(terms1, r - step)) < abs(_horner(terms1, r)):
                    r = r - step
            if points and abs(r - points[-1].position) <= 1e-6 * max(1.0, abs(r)):
                continue  # a repeated root of f' (e.g. x³ at 0) is one stationary point
            points.append(StationaryPoint(float(r), float(_horner(terms, r)), classify(_horner(terms2, r), 1.0)))
        return points

    shares_square = _starts_from_square(terms) and _starts_from_square(terms1)
    grad_takes_square = terms1[0] == 1  # then f′'s evaluation would change the shared x² in place

    def value_and_grad(x):  # f and f′ from one x² when both start from it: one pass over x fewer
        x = np.asarray(x, dtype=float)
        if not shares_square:
            return _horner(terms, x), _horner(terms1, x)
        x_squared = np.square(x)
        grad = _horner(terms1, x, x_squared.copy() if grad_takes_square else x_squared)
        return _horner(terms, x, x_squared), grad

    degree = len(c) - 1
    return Objective(
        name,
        lambda x: _horner(terms, x),
        lambda x: _horner(terms1, x),
        hessian=lambda x: _horner(terms2, x),
        value_and_grad=value_and_grad,
        dim=1,
        window=window,
        formula=formula,
        bounded_below=degree % 2 == 0 and degree > 0 and c[0] > 0,
        find_stationary_points=find,
    )


# --- 1-D ---------------------------------------------------------------------------------

square = polynomial("square", [1, 0, 0], window=(-11.0, 11.0), formula="x²")
shifted_parabola = polynomial("shifted_parabola", [1, -4, 5], window=(-1.0, 5.0), formula="x² − 4x + 5")
parabola_5x = polynomial("parabola_5x", [1, 5, 6], window=(-8.0, 6.0), formula="x² + 5x + 6")
double_dip = polynomial("double_dip", [1, 0, -8, 1, 0], window=(-3.2, 3.2), formula="x⁴ − 8x² + x")


# --- 2-D ---------------------------------------------------------------------------------

def _xy(p):
    p = np.asarray(p, dtype=float)
    return p[..., 0], p[..., 1]


def gradient_2d(gx, gy):
    """The gradients (gx, gy) of many 2-D points at once, shape (..., 2): ``np.stack``'s, without its overhead."""
    try:
        shape = np.shape(gx)
        if np.shape(gy) != shape:  # (np.broadcast_shapes costs more than the rest of a single point's gradient)
            shape = np.broadcast_shapes(shape, np.shape(gy))
        out = np.empty((*shape, 2))
        out[..., 0], out[..., 1] = gx, gy
    except (TypeError, ValueError):
        raise ValueError(f"gx and gy must be arrays of numbers of one shape, got {gx!r}, {gy!r}") from None
    return out


def hessian_2d(hxx, hxy, hyy):
    """The Hessians [[hxx, hxy], [hxy, hyy]] of many 2-D points at once: shape (..., 2, 2)."""
    try:
        hxx, hxy, hyy = np.broadcast_arrays(*(np.asarray(h, dtype=float) for h in (hxx, hxy, hyy)))
    except (TypeError, ValueError):
        raise ValueError(f"hxx, hxy and hyy must be arrays of numbers of one shape, got {hxx!r}, {hxy!r}, {hyy!r}") \
            from None
    return np.stack([np.stack([hxx, hxy], axis=-1), np.stack([hxy, hyy], axis=-1)], axis=-2)


def quadratic_bowl(a: float = 1.0, b: float = 20.0, name: str | None = None, angle: float = 0.0) -> Objective:
    """f(x, y) = (a·x² + b·y²)/2, turned by ``angle`` degrees: Hessian R·diag(a, b)·Rᵀ, condition number b/a.

    Turned (notebook 08 §2), the valley lies along no coordinate axis; the window is then square and
    the start (−9, 3) turns with the bowl. At angle 0 the Hessian is exactly diag(a, b).
    """
    a = _checks.number("a", a, low=0, low_open=True)
    b = _checks.number("b", b, low=0, low_open=True)
    if name is not None:
        _checks.text("name", name)
    turn = math.radians(_checks.number("angle", angle))
    c, s = math.cos(turn), math.sin(turn)
    hxx, hxy, hyy = a * c * c + b * s * s, (a - b) * c * s, a * s * s + b * c * c  # elementwise: no BLAS rounding

    def f(p):
        x, y = _xy(p)
        return 0.5 * (hxx * x * x + 2 * hxy * x * y + hyy * y * y)

    def grad(p):
        x, y = _xy(p)
        return gradient_2d(hxx * x + hxy * y, hxy * x + hyy * y)

    def hess(p):
        x, _ = _xy(p)
        return hessian_2d(np.full_like(x, hxx), np.full_like(x, hxy), np.full_like(x, hyy))

    return Objective(
        name or f"quadratic_bowl({a:g}, {b:g}{f', {angle:g}°' if angle else ''})", f, grad, hessian=hess, dim=2,
        window=((-10.0, 10.0), (-10.0, 10.0) if angle else (-4.0, 4.0)), start=(-9 * c - 3 * s, -9 * s + 3 * c),
        formula=f"({a:g}x² + {b:g}y²)/2" + (f" turned {angle:g}°" if angle else ""),
    )


ill_conditioned_bowl = quadratic_bowl(1.0, 20.0, name="ill_conditioned_bowl")


def _revenue_loss_f(p):
    x, y = _xy(p)
    return x * x + y * y - 100 * x - 50 * y


def _revenue_loss_grad(p):
    x, y = _xy(p)
    return gradient_2d(2 * x - 100, 2 * y - 50)


def _revenue_loss_hess(p):
    x, _ = _xy(p)
    return hessian_2d(np.full_like(x, 2.0), np.zeros_like(x), np.full_like(x, 2.0))


revenue_loss = Objective(
    "revenue_loss", _revenue_loss_f, _revenue_loss_grad, hessian=_revenue_loss_hess, dim=2,
    window=((-10.0, 110.0), (-10.0, 60.0)),
    formula="−R(x₁, x₂) = x₁² + x₂² − 100x₁ − 50x₂", start=(0.0, 0.0),
)
"""The negated revenue R(x₁, x₂) = 100x₁ + 50x₂ − x₁² − x₂²: maximising R is minimising this."""


def _rosenbrock_f(p):
    x, y = _xy(p)
    r = y - x * x
    return (1 - x) * (1 - x) + 100 * r * r


def _rosenbrock_grad(p):
    x, y = _xy(p)
    r = y - x * x
    return gradient_2d(-2 * (1 - x) - 400 * x * r, 200 * r)


def _rosenbrock_hess(p):
    x, y = _xy(p)
    return hessian_2d(2 - 400 * (y - x * x) + 800 * x * x, -400 * x, np.full_like(x, 200.0))


rosenbrock = Objective(
    "rosenbrock", _rosenbrock_f, _rosenbrock_grad, hessian=_rosenbrock_hess, dim=2,
    window=((-2.0, 2.0), (-1.0, 3.0)), formula="(1 − x)² + 100(y − x²)²", start=(-1.5, 2.0),
)

_BEALE_C = (1.5, 2.25, 2.625)


def _beale_terms(p):
    """For i = 1, 2, 3: a_i = c_i − x + x·yⁱ and its partial derivatives."""
    x, y = _xy(p)
    out = []
    y_pow = np.ones_like(y)  # y^(i-1)
    for i, c in enumerate(_BEALE_C, start=1):
        y_prev, y_pow = y_pow, y_pow * y  # y^(i-1), y^i
        a = c - x + x * y_pow
        out.append((i, a, y_pow - 1, i * x * y_prev, y_prev))
    return x, y, out


def _beale_f(p):
    _, _, terms = _beale_terms(p)
    return sum(a * a for _, a, _, _, _ in terms)


def _beale_grad(p):
    _, _, terms = _beale_terms(p)
    gx = sum(2 * a * ax for _, a, ax, _, _ in terms)
    gy = sum(2 * a * ay for _, a, _, ay, _ in terms)
    return gradient_2d(gx, gy)


def _beale_hess(p):
    x, y, terms = _beale_terms(p)
    hxx = sum(2 * ax * ax for _, _, ax, _, _ in terms)
    # ∂²a/∂x∂y = i·y^(i−1); ∂²a/∂y² = i(i−1)·x·y^(i−2)
    hxy = sum(2 * (ax * ay + a * i * y_prev) for i, a, ax, ay, y_prev in terms)
    hyy = sum(2 * ay * ay for _, _, _, ay, _ in terms)
    hyy = hyy + 2 * terms[1][1] * 2 * x + 2 * terms[2][1] * 6 * x * y
    return hessian_2d(hxx, hxy, hyy)


beale = Objective(
    "beale", _beale_f, _beale_grad, hessian=_beale_hess, dim=2,
    window=((-4.5, 4.5), (-4.5, 4.5)),
    formula="(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", start=(1.0, 1.5),
)


def _saddle_f(p):
    x, y = _xy(p)
    return x * x - y * y


def _saddle_grad(p):
    x, y = _xy(p)
    return gradient_2d(2 * x, -2 * y)


def _saddle_hess(p):
    x, _ = _xy(p)
    return hessian_2d(np.full_like(x, 2.0), np.zeros_like(x), np.full_like(x, -2.0))


saddle = Objective(
    "saddle", _saddle_f, _saddle_grad, hessian=_saddle_hess, dim=2,
    window=((-2.0, 2.0), (-2.0, 2.0)), formula="x² − y²", bounded_below=False, start=(-1.8, 0.05),
)


def _double_well_f(p):
    x, y = _xy(p)
    w = x * x - 1
    return 0.25 * w * w + y * y


def _double_well_grad(p):
    x, y = _xy(p)
    return gradient_2d(x * (x * x - 1), 2 * y)


def _double_well_hess(p):
    x, _ = _xy(p)
    return hessian_2d(3 * x * x - 1, np.zeros_like(x), np.full_like(x, 2.0))


double_well = Objective(
    "double_well", _double_well_f, _double_well_grad, hessian=_double_well_hess, dim=2,
    window=((-2.0, 2.0), (-1.5, 1.5)), formula="(x² − 1)²/4 + y²", start=(-0.2, 1.2),
)
"""Two minima at (±1, 0) with a saddle between them at the origin (for escaping saddles)."""


def _himmelblau_f(p):
    x, y = _xy(p)
    a = x * x + y - 11
    b = x + y * y - 7
    return a * a + b * b


def _himmelblau_grad(p):
    x, y = _xy(p)
    a = x * x + y - 11
    b = x + y * y - 7
    return gradient_2d(4 * x * a + 2 * b, 2 * a + 4 * y * b)


def _himmelblau_hess(p):
    x, y = _xy(p)
    return hessian_2d(12 * x * x + 4 * y - 42, 4 * x + 4 * y, 4 * x + 12 * y * y - 26)


himmelblau = Objective(
    "himmelblau", _himmelblau_f, _himmelblau_grad, hessian=_himmelblau_hess, dim=2,
    window=((-5.0, 5.0), (-5.0, 5.0)), formula="(x² + y − 11)² + (x + y² − 7)²", start=(0.0, 0.0),
)


ALL = {obj.name: obj for obj in (square, shifted_parabola, parabola_5x, double_dip, revenue_loss, ill_conditioned_bowl,
                                  rosenbrock, beale, saddle, double_well, himmelblau)}
"""Every named objective of the course, by name (for pickers)."""
