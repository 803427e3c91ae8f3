"""Every public function and widget factory, called with generated bad and edge values (issue 17).

The list of what is called is derived from the packages' ``__all__`` (:data:`MODULES`), not kept by hand:
a new public function is called automatically once it has an example call in :data:`EXAMPLES` (or needs
no argument at all), and :func:`test_every_public_callable_is_called` fails, naming it, until then.

For each callable, Hypothesis replaces one argument of a working example call by a generated value (edge
and bad values of every kind, and values derived from the example's own: scaled, negated, with a NaN).
Each call must either

- work: no warning, nothing written to stderr (LAPACK writes there directly, so the file descriptor is
  watched), and a widget it builds shows no error, a status line that tells the truth (see
  :func:`assert_truthful`) and no NaN or infinity in its charts' data; or
- raise ValueError or TypeError whose message names the argument,

within :data:`TIME_LIMIT` seconds. Every explorer also has every slider set to its minimum and maximum,
and every pair of sliders to each combination of their ends.

The examples are fixed and modest (``derandomize=True``), so the run is the same in CI and here.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import itertools
import math
import os
import re
import signal
import tempfile
import warnings

import ipywidgets
import matplotlib
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from course_lib import data, descent, models, objectives, run, schedules
from course_lib import optimizers as opt
from course_lib.plots import Drawn
from course_lib.widgets.explorer import Explorer

MODULES = (
    "course_lib", "course_lib.analysis", "course_lib.data", "course_lib.descent", "course_lib.models",
    "course_lib.objectives", "course_lib.optimizers", "course_lib.schedules", "course_lib.tuning",
    "course_lib.windows", "course_lib.newton", "course_lib.claims", "course_lib.expressions", "course_lib.style",
    "course_lib.plots", "course_lib.widgets", "course_lib.playground", "course_lib.exercises",
    "course_lib.setup_check",
)
"""The packages and modules whose ``__all__`` lists what a notebook may call."""

RECORDS = {
    "course_lib.Trajectory", "course_lib.data.Dataset", "course_lib.models.FitResult",
    "course_lib.objectives.StationaryPoint", "course_lib.tuning.Sweep", "course_lib.tuning.Race",
    "course_lib.exercises.Feedback", "course_lib.plots.HTMLAnimation", "course_lib.plots.Drawn",
    "course_lib.claims.ClaimError", "course_lib.exercises.CodeCheck",
}
"""Plain records (named tuples, data classes, an exception): they hold what the checked functions that make them
computed, and check nothing themselves."""
BASES = {"course_lib.optimizers.Optimizer", "course_lib.schedules.Schedule", "course_lib.widgets.Explorer"}
"""Base classes a new optimizer, schedule or explorer is written on, not called by a notebook."""

TIME_LIMIT = 20
"""Seconds one call may take (an alarm stops it): nothing may hang a kernel."""


def public_callables() -> dict:
    """``{qualified name: callable}`` for every callable in the ``__all__`` of :data:`MODULES`, each once."""
    found, seen = {}, set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            found[f"{module_name}.{name}"] = obj
    return found


CALLABLES = public_callables()


# --- example calls: the required arguments (and small sizes for costly defaults) -----------------------------

def _runs():
    return {
        "one_1d": run(objectives.square, opt.GradientDescent(lr=0.1), 3.0, 10),
        "one_2d": run(objectives.rosenbrock, opt.Momentum(lr=1e-3), [-1.5, 2.0], 20, record_state=True),
        "many_1d": run(objectives.double_dip, opt.GradientDescent(lr=0.01), np.linspace(-3, 3, 9), 30),
        "sweep": run(objectives.square, opt.GradientDescent(lr=np.linspace(0.1, 1.2, 8)), np.full(8, 2.0), 15),
    }


RUNS = _runs()
SMALL_LINE = data.linear_data(60, rng=1)
MOONS = data.two_moons(30, rng=0)
MLP = models.MLP([2, 4, 1])
FIT = models.fit(models.LinearRegression(3), opt.GradientDescent(lr=0.1), SMALL_LINE.X, SMALL_LINE.y, epochs=3)
GRID = objectives.rosenbrock.grid(30)[2]


def _figure():
    fig = plt.figure(figsize=(2, 2))
    fig.add_subplot().plot([0, 1], [0, 1])
    return fig


EXAMPLES = {
    "course_lib.run": lambda: {"objective": objectives.square, "optimizer": opt.GradientDescent(lr=0.1),
                               "x0": 2.0, "steps": 10},
    "course_lib.critical_learning_rate": lambda: {"objective": objectives.square},
    "course_lib.one_step_learning_rate": lambda: {"objective": objectives.square},
    "course_lib.GradientDescent": lambda: {"lr": 0.1},
    "course_lib.Momentum": lambda: {"lr": 0.1},
    "course_lib.Nesterov": lambda: {"lr": 0.1},
    "course_lib.analysis.which_minimum": lambda: {"trajectory": RUNS["many_1d"]},
    "course_lib.analysis.value_gap": lambda: {"objective": objectives.square, "values": [1.0, 0.5]},
    "course_lib.analysis.state_vectors": lambda: {"trajectory": RUNS["one_2d"]},
    "course_lib.analysis.step_size_crosses": lambda: {"points": np.zeros((2, 2)), "sizes": np.ones((2, 2)),
                                                      "window": ((-1.0, 1.0), (-1.0, 1.0))},
    "course_lib.analysis.landscape_grid": lambda: {"objective": objectives.rosenbrock, "resolution": 20},
    "course_lib.analysis.contour_levels": lambda: {"objective": objectives.rosenbrock, "F": GRID},
    "course_lib.data.linear_data": lambda: {"n": 50},
    "course_lib.data.minibatches": lambda: {"n": 10, "batch_size": 3, "rng": 0},
    "course_lib.data.add_missing": lambda: {"X": np.ones((5, 2)), "fraction": 0.2, "rng": 0},
    "course_lib.data.impute_with_indicator": lambda: {"X": np.array([[1.0, np.nan], [3.0, 4.0]])},
    "course_lib.data.check_data": lambda: {"X": SMALL_LINE.X, "y": SMALL_LINE.y},
    "course_lib.descent.contraction_factor": lambda: {"objective": objectives.square, "lr": 0.1},
    "course_lib.models.LinearRegression": lambda: {"n_features": 2},
    "course_lib.models.MLP": lambda: {"layer_sizes": [2, 4, 1]},
    "course_lib.models.fit": lambda: {"model": models.LinearRegression(3), "optimizer": opt.GradientDescent(lr=0.1),
                                      "X": SMALL_LINE.X, "y": SMALL_LINE.y, "epochs": 3},
    "course_lib.models.linear_regression_objective": lambda: {"X": SMALL_LINE.X[:, :1], "y": SMALL_LINE.y},
    "course_lib.models.epochs_to_reach": lambda: {"loss_history": [3.0, 2.0, 0.5], "threshold": 1.0},
    "course_lib.models.minibatch_gradients": lambda: {
        "model": models.LinearRegression(3), "params": np.zeros(4), "X": SMALL_LINE.X, "y": SMALL_LINE.y,
        "batch_size": 8, "draws": 5, "rng": 0},
    "course_lib.objectives.Objective": lambda: {"name": "bowl", "f": lambda x: x * x, "grad": lambda x: 2 * x,
                                                "dim": 1, "window": (-2.0, 2.0)},
    "course_lib.objectives.gradient_2d": lambda: {"gx": np.ones(3), "gy": np.zeros(3)},
    "course_lib.objectives.hessian_2d": lambda: {"hxx": np.ones(3), "hxy": np.zeros(3), "hyy": np.ones(3)},
    "course_lib.objectives.polynomial": lambda: {"name": "p", "coefficients": [1.0, 0.0, -1.0],
                                                 "window": (-2.0, 2.0)},
    "course_lib.optimizers.check_lr": lambda: {"lr": 0.1},
    "course_lib.schedules.Constant": lambda: {"lr": 0.1},
    "course_lib.schedules.StepDecay": lambda: {"lr": 0.1, "step_size": 10},
    "course_lib.schedules.ExponentialDecay": lambda: {"lr": 0.1, "gamma": 0.9},
    "course_lib.schedules.CosineDecay": lambda: {"lr": 0.1, "total_steps": 100},
    "course_lib.schedules.LinearWarmup": lambda: {"lr": 0.1, "warmup_steps": 10},
    "course_lib.schedules.PolynomialDecay": lambda: {"lr": 0.1, "total_steps": 100},
    "course_lib.schedules.InverseTimeDecay": lambda: {"lr": 0.1},
    "course_lib.schedules.WarmRestarts": lambda: {"lr": 0.1, "period": 10},
    "course_lib.schedules.OneCycle": lambda: {"max_lr": 0.1, "total_steps": 100},
    "course_lib.schedules.Stacked": lambda: {"schedules": [schedules.Constant(0.1), schedules.Constant(0.2)]},
    "course_lib.tuning.steps_to_reach": lambda: {"trajectory": RUNS["one_1d"]},
    "course_lib.tuning.sweep_learning_rate": lambda: {"objective": objectives.square,
                                                      "make_optimizer": opt.GradientDescent, "x0": 2.0,
                                                      "rates": [0.1, 0.5], "steps": 20},
    "course_lib.tuning.race": lambda: {"objective": objectives.ill_conditioned_bowl,
                                       "optimizers": ["GradientDescent", "Adam"], "x0": [1.0, 1.0],
                                       "rates": [0.01, 0.05], "steps": 30},
    "course_lib.windows.check_window": lambda: {"window": (-1.0, 1.0), "dim": 1},
    "course_lib.windows.window_sides": lambda: {"window": (-1.0, 1.0)},
    "course_lib.windows.window_span": lambda: {"window": (-1.0, 1.0)},
    "course_lib.windows.window_point": lambda: {"window": (-1.0, 1.0), "fraction": 0.5},
    "course_lib.windows.padded_range": lambda: {"values": [1.0, 2.0]},
    "course_lib.claims.claim": lambda: {"holds": True, "sentence": "x² is convex."},
    "course_lib.expressions.parse_objective": lambda: {"text": "x**2"},
    "course_lib.style.optimizer_color": lambda: {"optimizer": opt.Adam},
    "course_lib.style.optimizer_colors": lambda: {"classes": [opt.Adam, opt.Momentum]},
    "course_lib.style.status_color": lambda: {"status": "converged"},
    "course_lib.style.status_marker": lambda: {"status": "converged"},
    "course_lib.style.Look": lambda: {"color": "#0072b2", "line_style": "solid", "marker": "circle"},
    "course_lib.style.optimizer_look": lambda: {"optimizer": opt.Adam},
    "course_lib.style.optimizer_looks": lambda: {"classes": {"Adam": opt.Adam, "Momentum": opt.Momentum}},
    "course_lib.style.number": lambda: {"x": 0.5},
    "course_lib.style.point": lambda: {"p": (0.5, 1.0)},
    "course_lib.plots.curve_with_trajectory": lambda: {"trajectory": RUNS["one_1d"]},
    "course_lib.plots.foggy_curve": lambda: {"trajectory": RUNS["one_1d"]},
    "course_lib.plots.value_per_step": lambda: {"runs": RUNS["one_1d"]},
    "course_lib.plots.contour_with_paths": lambda: {"runs": RUNS["one_2d"]},
    "course_lib.plots.state_arrows": lambda: {"trajectory": RUNS["one_2d"],
                                              "ax": plt.figure(figsize=(2, 2)).add_subplot()},
    "course_lib.plots.loss_curves": lambda: {"curves": {"GD": FIT}},
    "course_lib.plots.basin_strip": lambda: {"runs": RUNS["many_1d"]},
    "course_lib.plots.regime_map": lambda: {"trajectory": RUNS["sweep"]},
    "course_lib.plots.decision_boundary": lambda: {"model": MLP, "params": MLP.init_params(np.random.default_rng(0)),
                                                   "X": MOONS.X, "y": MOONS.y, "resolution": 20},
    "course_lib.plots.eigen_directions": lambda: {"ax": plt.figure(figsize=(2, 2)).add_subplot(),
                                                  "center": np.zeros(2), "curvatures": np.array([1.0, 20.0]),
                                                  "directions": np.eye(2), "height": 1.0},
    "course_lib.plots.compact_png": lambda: {"fig": _figure()},
    "course_lib.plots.show": lambda: {"fig": _figure()},
    "course_lib.plots.alt_text": lambda: {"figure": _figure()},
    "course_lib.plots.describe": lambda: {"ax": _figure().axes[0], "text": "A rising line."},
    "course_lib.plots.animation_html": lambda: {"runs": RUNS["one_1d"], "size": (3.0, 2.0), "dpi": 40},
    "course_lib.widgets.BasinExplorer": lambda: {"starts": 21, "steps": 60},
    "course_lib.widgets.Frames": lambda: {"show": lambda k: None},
    "course_lib.widgets.MiniBatchExplorer": lambda: {"dataset": SMALL_LINE, "epochs": 2},
    "course_lib.widgets.TrajectoryPlayer": lambda: {"runs": RUNS["one_1d"]},
    "course_lib.widgets.OptimizerRace": lambda: {"steps": 20},
    "course_lib.widgets.RegimeExplorer": lambda: {"sweep": 12, "steps": 10},
    "course_lib.widgets.AnchoredSlider": lambda: {"value": 0.5, "low": 0.0, "high": 1.0, "step": 0.1},
    "course_lib.widgets.AnchoredLogSlider": lambda: {"value": 0.5, "low": 0.01, "high": 1.0},
    "course_lib.widgets.make_schedule": lambda: {"name": "cosine decay", "lr": 0.1, "total_steps": 50},
    "course_lib.widgets.TrainingExplorer": lambda: {"dataset": MOONS, "hidden": 4, "epochs": 4},
    "course_lib.widgets.Landscape1D": lambda: {"objective": objectives.square},
    "course_lib.widgets.Contours2D": lambda: {"objective": objectives.rosenbrock},
    "course_lib.playground.Playground": lambda: {"steps": 20},
    "course_lib.exercises.parse_number": lambda: {"text": "0.5"},
    "course_lib.exercises.check_number": lambda: {"answer": "0.5", "expected": 0.5},
    "course_lib.exercises.check_choice": lambda: {"choice": 0, "correct": 0, "options": ["a", "b"]},
    "course_lib.exercises.check_descend": lambda: {"descend": _descend},
    "course_lib.exercises.check_mse_gradient": lambda: {"mse_gradient": _mse_gradient},
    "course_lib.exercises.check_regime": lambda: {"regime": _regime},
    "course_lib.exercises.check_restarts": lambda: {"best_of_restarts": _best_of_restarts},
    "course_lib.exercises.NumberCheck": lambda: {"question": "Half of 1?", "answer": 0.5},
    "course_lib.exercises.ChoiceQuiz": lambda: {"question": "Which?", "options": ["a", "b"], "correct": 0},
    "course_lib.exercises.Quiz": lambda: {"questions": [ChoiceQuizExample()]},
}
"""A working call of each public callable (the keyword arguments), for the callables that need arguments or whose
defaults are costly; the suite changes one argument at a time."""


def _descend(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return xs


def _mse_gradient(w, b, x, y):
    error = w * x + b - y
    return 2 * np.mean(error * x), 2 * np.mean(error)


def _regime(lr, curvature):
    factor = abs(1 - lr * curvature)
    return "converges" if factor < 1 else "oscillates" if factor == 1 else "diverges"


def _best_of_restarts(objective, starts, lr, steps):
    ends = [run(objective, opt.GradientDescent(lr=lr), x0, steps).positions[-1] for x0 in starts]
    return min(ends, key=objective.f)


def ChoiceQuizExample():
    from course_lib.exercises import ChoiceQuiz

    return ChoiceQuiz("Which?", ["a", "b"], correct=0)


BY_DESIGN = {"course_lib.claims.claim": "ClaimError"}
"""What a callable raises on purpose: a claim that does not hold raises ClaimError (that is its job)."""

ALIASES = {"dataset": ("X", "y")}
"""Arguments whose messages may name what inside them is wrong (a data set's X or y)."""

PARTNERS = {
    "course_lib.run": {"objective": ("x0",), "gradient_noise": ("rng",)},
    "course_lib.objectives.Objective": {"dim": ("window",)},
    "course_lib.expressions.parse_objective": {"text": ("formula",)},
    "course_lib.data.check_data": {"n_features": ("X",)},
    "course_lib.tuning.sweep_learning_rate": {"objective": ("x0",)},
    "course_lib.tuning.race": {"objective": ("x0",)},
    "course_lib.windows.check_window": {"dim": ("window",)},
    "course_lib.exercises.NumberCheck": {"answer": ("decimals", "exact")},
}
"""Arguments checked against another one: a value that does not fit the other may be refused naming it (an
objective of another dimension than x0)."""


def test_every_public_callable_is_called():
    """Every public callable either needs no argument (its defaults are a working call) or has an example."""
    missing = []
    for name, fn in CALLABLES.items():
        if name in RECORDS | BASES or name in EXAMPLES:
            continue
        required = [p.name for p in inspect.signature(fn).parameters.values()
                    if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if required:
            missing.append(f"{name}({', '.join(required)})")
    assert not missing, f"no example call for {missing}: add one to EXAMPLES"
    assert set(EXAMPLES) | RECORDS | BASES <= set(CALLABLES), "an example or exemption names nothing public"


# --- what a call may do -----------------------------------------------------------------------------------


class TooSlow(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    def stop(_signum, _frame):
        raise TooSlow(f"the call took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def stderr_watched():
    """Yields a list that receives what was written to file descriptor 2 (Python's and C libraries' stderr)."""
    written: list[str] = []
    with tempfile.TemporaryFile(mode="w+b") as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield written
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            written.append(sink.read().decode(errors="replace"))


def _marks_data(widget):
    for chart in getattr(widget, "charts", []):
        for name, mark in chart.marks.items():
            for trait in ("x", "y"):
                if mark.has_trait(trait) and getattr(mark, trait) is not None:
                    yield f"{name}.{trait}", np.asarray(getattr(mark, trait), dtype=float)


def _text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html_text)


def assert_truthful(explorer, where: str):
    """The checks every explorer's state must pass: no callback error, a status, finite chart data, and a
    status line whose words fit the run it describes."""
    assert explorer.error.value == "", f"{where}: {explorer.error.value[:300]}"
    status = _text(explorer.status.value)
    assert status.strip(), f"{where}: no status"
    for name, values in _marks_data(explorer):
        assert np.all(np.isfinite(values)), f"{where}: {name} has non-finite values"
    assert not re.search(r"\b1 steps\b|\bafter -|\bnan\b|\binf\b", status, re.IGNORECASE), f"{where}: {status}"
    t = getattr(explorer, "trajectory", None)
    if t is not None:
        assert t.status in status, f"{where}: status {t.status!r} not in {status!r}"
        said = re.search(r"after (\d+) steps?\b", status)
        if said:
            assert int(said.group(1)) == len(t.positions) - 1, f"{where}: {status}"
        if "outside the plot" in status:
            lo, hi = np.asarray(t.objective.window, dtype=float).reshape(-1, 2).T
            p = np.asarray(t.positions).reshape(len(t.positions), -1)
            assert np.any((p < lo) | (p > hi)), f"{where}: says the path left the plot, which it did not"
        if t.status == descent.NOT_STARTED:
            assert len(t.positions) == 1
    for t in getattr(explorer, "trajectories", {}).values():
        assert t.status in status, f"{where}: {t.status!r} not in {status!r}"
    r = getattr(explorer, "result", None)
    if r is not None:
        assert r.status in status, f"{where}: {r.status!r} not in {status!r}"


def _names_argument(message: str, argument: str, partners=()) -> bool:
    names = (argument, *ALIASES.get(argument, ()), *partners)
    return any(re.search(rf"(?<![\w.]){re.escape(a)}(?![\w])", message) for a in names)


def call_and_judge(fn, kwargs: dict, argument: str, by_design: str | None = None, partners=()):
    """Call ``fn(**kwargs)``: it works cleanly, or raises ValueError/TypeError naming ``argument`` (or, on
    purpose, the exception named ``by_design``)."""
    where = f"{getattr(fn, '__name__', fn)}({argument}={kwargs.get(argument)!r})"
    with warnings.catch_warnings(record=True) as caught, stderr_watched() as stderr:
        warnings.simplefilter("always")
        try:
            with time_limit(TIME_LIMIT):
                result = fn(**kwargs)
        except (ValueError, TypeError) as error:
            message = str(error)
            assert _names_argument(message, argument, partners), f"{where} raised {type(error).__name__}: {message}"
            result = None
        except Exception as error:
            if type(error).__name__ != by_design:
                raise
            result = None
        finally:
            plt.close("all")
    assert not caught, f"{where}: warning {caught[0].category.__name__}: {caught[0].message}"
    assert not stderr[0], f"{where}: wrote to stderr: {stderr[0][:300]}"
    if isinstance(result, Explorer):
        assert_truthful(result, where)
    elif isinstance(result, Drawn):
        for line in result.ax.lines:  # paths and losses: finite (only f's own curve has gaps, where f is undefined)
            if not line.get_label().startswith("f("):
                data = np.concatenate([np.ravel(line.get_xdata()), np.ravel(line.get_ydata())]).astype(float)
                assert np.all(np.isfinite(data)), f"{where}: the line {line.get_label()!r} has NaN or infinity"
    elif isinstance(result, ipywidgets.Widget) and hasattr(result, "error"):
        assert result.error.value == "", f"{where}: {result.error.value[:300]}"


# --- generated values ---------------------------------------------------------------------------------------

EDGE_VALUES = [
    None, True, False, 0, 1, -1, 2, np.int64(3), 10**12, 0.0, -0.0, 0.5, -2.5, 1e-300, 1e308, -1e308,
    math.nan, math.inf, -math.inf, np.float64(0.25), "3", "", "x**2", "no such name", [], (), [1.0, 2.0],
    (0.0, 1.0), np.array([1.0, 2.0]), np.array([]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([np.nan, 1.0]),
    {}, object(), objectives.square, objectives.rosenbrock, opt.Adam, opt.GradientDescent(lr=0.1),
]
"""Values of every kind a careless or curious caller might pass, legitimate or not."""


def derived_values(value):
    """Values near a working one: scaled up and down, negated, as numpy types, with a NaN or an infinity."""
    if isinstance(value, (bool, np.bool_)):
        return st.sampled_from([not value, int(value), "yes", np.bool_(value)])
    if isinstance(value, (int, np.integer)):
        return st.sampled_from([int(value) + 1, -int(value), 0, np.int64(value), float(value), 10 * int(value) + 7,
                                int(value) * 10**6])
    if isinstance(value, float):
        return st.sampled_from([-value, 0.0, value * 1e6, value * 1e-6, value + 1e-12, np.float64(value),
                                math.nan, math.inf])
    if isinstance(value, (list, tuple, np.ndarray)) and len(value) and not isinstance(value[0], (str, type)):
        try:
            arr = np.array(value, dtype=float)
        except (TypeError, ValueError):
            return st.just(value)
        with_nan = arr.copy()
        with_nan.flat[0] = np.nan
        with_inf = arr.copy()
        with_inf.flat[-1] = np.inf
        return st.sampled_from([arr, with_nan, with_inf, arr[::-1].copy(), arr[:1].copy(), -arr,
                                np.stack([arr, arr]), list(arr.ravel())])
    return st.just(value)


def _parameters(fn) -> list[str]:
    return [p.name for p in inspect.signature(fn).parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY)]


def _is_widget(name: str) -> bool:
    return name.startswith(("course_lib.widgets", "course_lib.playground", "course_lib.exercises",
                            "course_lib.setup_check"))


CALLED = {name: fn for name, fn in CALLABLES.items() if name not in RECORDS | BASES and _parameters(fn)}


def _argument_and_value(draw, fn, example: dict):
    argument = draw(st.sampled_from(_parameters(fn)))
    base = example.get(argument, inspect.signature(fn).parameters[argument].default)
    pool = st.sampled_from(EDGE_VALUES)
    if base is not inspect.Parameter.empty and base is not None:
        pool = st.one_of(pool, derived_values(base))
    return argument, draw(pool)


@pytest.mark.parametrize("name", [n for n in CALLED if not _is_widget(n)])
@settings(max_examples=14, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_every_function_works_or_names_the_argument(name, data):
    fn = CALLED[name]
    example = EXAMPLES.get(name, dict)()
    argument, value = _argument_and_value(data.draw, fn, example)
    call_and_judge(fn, {**example, argument: value}, argument, BY_DESIGN.get(name),
                   PARTNERS.get(name, {}).get(argument, ()))


@pytest.mark.parametrize("name", [n for n in CALLED if _is_widget(n)])
@settings(max_examples=6, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_every_widget_factory_works_or_names_the_argument(name, data):
    fn = CALLED[name]
    example = EXAMPLES.get(name, dict)()
    argument, value = _argument_and_value(data.draw, fn, example)
    call_and_judge(fn, {**example, argument: value}, argument, BY_DESIGN.get(name),
                   PARTNERS.get(name, {}).get(argument, ()))


# --- every explorer's sliders at their ends, alone and in pairs ---------------------------------------------

SLIDERS = (ipywidgets.IntSlider, ipywidgets.FloatSlider, ipywidgets.FloatLogSlider, ipywidgets.SelectionSlider)


def _ends(slider):
    if isinstance(slider, ipywidgets.SelectionSlider):
        return [slider.options[0], slider.options[-1]]
    if isinstance(slider, ipywidgets.FloatLogSlider):
        return [slider.base**slider.min, slider.base**slider.max]
    return [slider.min, slider.max]


def _explorers():
    found = {}
    for name, fn in CALLABLES.items():
        if isinstance(fn, type) and issubclass(fn, Explorer) and fn is not Explorer:
            found[name] = fn
    return found


@pytest.mark.parametrize("name", _explorers())
def test_every_explorer_slider_and_pair_of_sliders_at_their_ends(name):
    explorer = CALLABLES[name](**EXAMPLES.get(name, dict)())
    sliders = {key: c for key, c in explorer.controls.items() if isinstance(c, SLIDERS)}
    assert sliders, f"{name} has no sliders"
    with warnings.catch_warnings(), stderr_watched() as stderr:
        warnings.simplefilter("error")
        for key, slider in sliders.items():
            for value in _ends(slider):
                slider.value = value
                assert_truthful(explorer, f"{name}.{key} = {value!r}")
        for (a, sa), (b, sb) in itertools.combinations(sliders.items(), 2):
            for va, vb in itertools.product(_ends(sa), _ends(sb)):
                with time_limit(TIME_LIMIT):
                    sa.value = va
                    sb.value = vb
                assert_truthful(explorer, f"{name}.{a} = {va!r}, {b} = {vb!r}")
    assert not stderr[0], f"{name}: wrote to stderr: {stderr[0][:300]}"


def test_the_suite_reaches_every_layer():
    """The derived list holds the layers the issue names: widgets, playground, plots, data, models, tuning,
    exercises, objectives, analysis, windows, style."""
    layers = {name.split(".")[1] if name.count(".") > 1 else "core" for name in CALLED}
    assert {"widgets", "playground", "plots", "data", "models", "tuning", "exercises", "objectives", "analysis",
            "windows", "style"} <= layers
