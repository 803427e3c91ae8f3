"""Objectives: analytic derivatives against finite differences, computed stationary points."""

import numpy as np
import pytest

from course_lib import objectives
from course_lib.objectives import Objective

pytestmark = pytest.mark.filterwarnings("error")

ALL = list(objectives.ALL.values())
ONE_D = [o for o in ALL if o.dim == 1]
TWO_D = [o for o in ALL if o.dim == 2]


def random_points(obj, n, seed=0):
    rng = np.random.default_rng(seed)
    if obj.dim == 1:
        lo, hi = obj.window
        return rng.uniform(lo, hi, n)
    (x_lo, x_hi), (y_lo, y_hi) = obj.window
    return np.stack([rng.uniform(x_lo, x_hi, n), rng.uniform(y_lo, y_hi, n)], axis=-1)


def central_difference(fun, p, dim, h):
    """d fun / d p by central differences; p has shape (n,) in 1-D or (n, dim)."""
    if dim == 1:
        return (fun(p + h) - fun(p - h)) / (2 * h)
    cols = []
    for i in range(dim):
        e = np.zeros(dim)
        e[i] = h
        cols.append((fun(p + e) - fun(p - e)) / (2 * h))
    return np.stack(cols, axis=-1)


@pytest.mark.parametrize("obj", ALL, ids=lambda o: o.name)
def test_gradient_matches_central_differences(obj):
    p = random_points(obj, 50)
    numeric = central_difference(obj.f, p, obj.dim, 1e-6)
    analytic = obj.grad(p)
    assert analytic.shape == p.shape
    scale = np.maximum(1.0, np.abs(analytic))
    assert np.all(np.abs(numeric - analytic) <= 1e-5 * scale)


@pytest.mark.parametrize("obj", ALL, ids=lambda o: o.name)
def test_hessian_matches_central_differences_of_gradient(obj):
    p = random_points(obj, 50, seed=1)
    numeric = central_difference(obj.grad, p, obj.dim, 1e-6)
    analytic = obj.hessian(p)
    expected_shape = p.shape if obj.dim == 1 else (*p.shape, obj.dim)
    assert analytic.shape == expected_shape
    if obj.dim == 2:
        assert np.allclose(analytic, np.swapaxes(analytic, -1, -2))  # symmetric
    scale = np.maximum(1.0, np.abs(analytic))
    assert np.all(np.abs(numeric - analytic) <= 1e-5 * scale)


@pytest.mark.parametrize("obj", ALL, ids=lambda o: o.name)
def test_vectorised_over_any_leading_shape(obj):
    p = random_points(obj, 12).reshape((3, 4) if obj.dim == 1 else (3, 4, 2))
    values = obj.f(p)
    assert values.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            assert values[i, j] == pytest.approx(float(obj.f(p[i, j])), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("obj", ALL, ids=lambda o: o.name)
def test_stationary_points_have_zero_gradient_and_right_kind(obj):
    assert obj.stationary_points, f"{obj.name} should have at least one stationary point"
    for point in obj.stationary_points:
        assert np.all(np.abs(obj.grad(point.position)) < 1e-8)
        assert point.value == pytest.approx(float(obj.f(point.position)))
        h = obj.hessian(point.position)
        eig = np.atleast_1d(h if obj.dim == 1 else np.linalg.eigvalsh(h))
        expected = {(True, False): "minimum", (False, True): "maximum", (True, True): "saddle"}
        assert point.kind == expected[(bool(np.any(eig > 0)), bool(np.any(eig < 0)))]


def test_grid_fills_a_contour_in_one_call():
    X, Y, F = objectives.rosenbrock.grid(30)
    assert X.shape == Y.shape == F.shape == (30, 30)
    assert F[0, 0] == pytest.approx(float(objectives.rosenbrock.f([X[0, 0], Y[0, 0]])))
    xs, ys = objectives.square.grid(11)
    assert np.allclose(ys, xs * xs)


def test_parabolas_have_their_textbook_minima():
    assert objectives.square.global_minimum.position == pytest.approx(0.0)
    assert objectives.shifted_parabola.global_minimum.position == pytest.approx(2.0)
    assert objectives.shifted_parabola.global_minimum.value == pytest.approx(1.0)
    assert objectives.parabola_5x.global_minimum.position == pytest.approx(-2.5)
    assert objectives.parabola_5x.global_minimum.value == pytest.approx(-0.25)


def test_polynomials_evaluate_by_horners_rule_into_new_arrays():
    """f, f′ and f″ of a polynomial are Horner's rule, bit for bit (a leading 1 and zero coefficients cost no
    operation, and change no bit; a power-of-two lead a starts from a·(x·x), the same bits as (a·x)·x), in a new
    array: x itself is never changed, even by f = x; lists work too."""
    x = np.concatenate([[-3.0, -0.0, 1e-160, 0.3, 2.5, 7e5], np.random.default_rng(4).uniform(-3.2, 3.2, 100_000)])
    before = x.copy()
    dip = objectives.double_dip
    assert np.array_equal(dip.f(x), (((x * x) - 8) * x + 1) * x)
    assert np.array_equal(dip.grad(x), (((4 * x) * x) - 16) * x + 1)
    assert np.array_equal(dip.hessian(x), (12 * x) * x - 16)  # 12 is no power of two: (12·x)·x, as Horner has it
    line = objectives.polynomial("line", [1, 0], window=(-1.0, 1.0))
    for value in (line.f(x), objectives.polynomial("p", [2, -1, 0.5], window=(-1.0, 1.0)).f(x)):
        assert value is not x and np.shares_memory(value, x) is False
    assert np.array_equal(line.f(x), x) and np.signbit(line.f(x)[1])
    assert np.array_equal(objectives.shifted_parabola.f([1.0, 2.0]), [2.0, 1.0])
    assert objectives.shifted_parabola.f(2.0) == 1.0
    assert np.array_equal(x, before)


@pytest.mark.parametrize("objective", [*objectives.ALL.values(), *(
    objectives.polynomial(name, c, window=(-1.0, 1.0)) for name, c in (
        ("cubic", [1, 0, -3, 0]), ("lead 2", [2, 0, -1, 0.5, 3]), ("lead 3", [3, 0, 1, 0]),
        ("x⁴/4", [0.25, 0, -2, 1, 0]), ("negative lead", [-4, 0, 1, 0, 0]), ("line", [1, 0]), ("constant", [5]),
        ("x⁴", [1, 0, 0, 0, 0])))],
    ids=lambda objective: objective.name)
def test_value_and_grad_gives_f_and_grad_bit_for_bit(objective):
    """run takes f and ∇f from one call (a polynomial's share x²): the same numbers as f and grad, called
    in turn, on ordinary points and on awkward ones (±0, huge, tiny); the points themselves are not changed."""
    rng = np.random.default_rng(3)
    x = rng.uniform(-3, 3, (257, objective.dim) if objective.dim > 1 else 257)
    x.flat[:6] = [0.0, -0.0, 1e-160, 7e5, -2.5, 1e150]
    before = x.copy()
    value, grad = objective.value_and_grad(x)
    assert np.array_equal(value, objective.f(x), equal_nan=True)
    assert np.array_equal(grad, objective.grad(x), equal_nan=True)
    assert np.array_equal(x, before)


def test_double_dip_global_minimum_is_the_left_one():
    """x⁴ − 8x² + x: a common telling puts the global minimum near +2; it is near −2."""
    kinds = [p.kind for p in objectives.double_dip.stationary_points]
    assert kinds == ["minimum", "maximum", "minimum"]
    left, top, right = objectives.double_dip.stationary_points
    assert left.position == pytest.approx(-2.0305, abs=1e-4)
    assert top.position == pytest.approx(0.0626, abs=1e-4)
    assert right.position == pytest.approx(1.9680, abs=1e-4)
    assert objectives.double_dip.global_minimum == left
    assert left.value < right.value
    # Cross-check with a dense grid: nothing in the window lies lower.
    xs = np.linspace(-3.2, 3.2, 100_001)
    assert objectives.double_dip.f(xs).min() >= left.value - 1e-9


def test_two_d_minima_are_where_the_literature_puts_them():
    assert np.allclose(objectives.revenue_loss.global_minimum.position, [50, 25])
    assert objectives.revenue_loss.global_minimum.value == pytest.approx(-3125.0)
    assert np.allclose(objectives.rosenbrock.global_minimum.position, [1, 1])
    assert np.allclose(objectives.beale.global_minimum.position, [3, 0.5])
    assert np.allclose(objectives.ill_conditioned_bowl.global_minimum.position, [0, 0])
    himmelblau = objectives.himmelblau
    assert len(himmelblau.global_minima) == 4
    assert [p.kind for p in himmelblau.stationary_points].count("saddle") == 4
    assert [p.kind for p in himmelblau.stationary_points].count("maximum") == 1
    assert np.allclose(sorted(tuple(p.position) for p in himmelblau.global_minima)[2], [3, 2])


def test_saddle_is_unbounded_below_so_has_no_global_minimum():
    assert [p.kind for p in objectives.saddle.stationary_points] == ["saddle"]
    assert objectives.saddle.global_minima == ()
    assert objectives.saddle.global_minimum is None


def test_double_well_has_a_saddle_between_two_minima():
    kinds = [(tuple(np.round(p.position, 9)), p.kind) for p in objectives.double_well.stationary_points]
    assert kinds == [((-1.0, 0.0), "minimum"), ((0.0, 0.0), "saddle"), ((1.0, 0.0), "minimum")]


def test_a_repeated_root_of_the_derivative_is_one_stationary_point():
    cubic = objectives.polynomial("cubic", [1, 0, 0, 0], window=(-2.0, 2.0))
    assert [(p.position, p.kind) for p in cubic.stationary_points] == [(pytest.approx(0.0, abs=1e-6), "degenerate")]
    flat = objectives.polynomial("flat_bottom", [1, 0, 0, 0, 0], window=(-2.0, 2.0))  # x⁴: f″(0) = 0 too
    assert len(flat.stationary_points) == 1


def test_default_finder_works_for_a_non_polynomial_1d_objective():
    wavy = Objective(
        "wavy", lambda x: x * x / 10 + np.sin(x), lambda x: x / 5 + np.cos(x),
        hessian=lambda x: 0.2 - np.sin(x) + 0 * x, dim=1, window=(-8.0, 8.0),
    )
    kinds = [p.kind for p in wavy.stationary_points]
    assert kinds == ["minimum", "maximum", "minimum"]
    assert wavy.global_minimum.position == pytest.approx(-1.30644, abs=1e-5)


@pytest.mark.parametrize(
    ("obj", "bad"),
    [
        (objectives.rosenbrock, 1.0),
        (objectives.rosenbrock, [1.0, 2.0, 3.0]),
        (objectives.rosenbrock, [[1.0], [2.0]]),
        (objectives.square, float("nan")),
        (objectives.square, "ten"),
        (objectives.beale, [np.inf, 0.0]),
    ],
)
def test_points_that_do_not_fit_raise_value_error_naming_the_argument(obj, bad):
    with pytest.raises(ValueError, match="x0"):
        obj.check_points(bad, "x0")


def test_a_race_start_is_a_fact_of_the_objective():
    assert objectives.rosenbrock.start.tolist() == [-1.5, 2.0]
    assert objectives.quadratic_bowl(1.0, 5.0).start.tolist() == [-9.0, 3.0]  # the far end of the valley
    assert objectives.square.start == pytest.approx(-11.0 + 0.1 * 22.0)  # by default 10% inside the window
    for obj in TWO_D:
        (x_lo, x_hi), (y_lo, y_hi) = obj.window
        assert x_lo <= obj.start[0] <= x_hi and y_lo <= obj.start[1] <= y_hi, obj.name
    with pytest.raises(ValueError, match="start must have shape"):
        Objective("bad", lambda p: p[..., 0], lambda p: p, dim=2, window=((0, 1), (0, 1)), start=1.0)


@pytest.mark.parametrize("angle", [30.0, 45.0, -60.0])
def test_a_turned_bowl_is_the_same_bowl_in_turned_coordinates(angle):
    bowl, turned = objectives.quadratic_bowl(1.0, 20.0), objectives.quadratic_bowl(1.0, 20.0, angle=angle)
    t = np.radians(angle)
    rotation = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    p = np.random.default_rng(1).uniform(-5, 5, (50, 2))
    np.testing.assert_allclose(turned.f(p @ rotation.T), bowl.f(p), rtol=1e-12)
    np.testing.assert_allclose(turned.grad(p @ rotation.T), bowl.grad(p) @ rotation.T, rtol=1e-12, atol=1e-12)
    h = turned.hessian(p)
    np.testing.assert_allclose(h, np.broadcast_to(rotation @ np.diag([1.0, 20.0]) @ rotation.T, h.shape), atol=1e-12)
    np.testing.assert_allclose(turned.start, rotation @ [-9.0, 3.0])
    assert turned.window == ((-10.0, 10.0), (-10.0, 10.0)) and len(turned.minima) == 1
    np.testing.assert_allclose(turned.minima[0].position, [0.0, 0.0], atol=1e-12)
    with pytest.raises(ValueError, match="angle"):
        objectives.quadratic_bowl(1.0, 20.0, angle=float("nan"))
