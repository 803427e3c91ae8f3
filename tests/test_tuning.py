"""tuning: steps to reach a tolerance, learning-rate sweeps, races of optimizers."""

import functools
import math
import subprocess
import sys

import numpy as np
import pytest

from course_lib import objectives, run
from course_lib.optimizers import Adam, GradientDescent, Momentum, RMSProp
from course_lib.tuning import race, steps_to_reach, sweep_learning_rate

pytestmark = pytest.mark.filterwarnings("error")


def test_steps_to_reach_matches_the_closed_form_on_x_squared():
    """f(x_k) = 100 · 0.64^k from x₀ = 10 with η = 0.1: below tol from k = ⌈ln(100/tol) / ln(1/0.64)⌉."""
    t = run(objectives.square, GradientDescent(lr=0.1), 10.0, 100)
    for tol in (1e-2, 1e-6, 1e-10):
        assert steps_to_reach(t, tol) == math.ceil(math.log(100 / tol) / math.log(1 / 0.64))


def test_a_run_that_dips_below_tol_and_comes_back_out_has_not_reached_it_yet():
    t = run(objectives.square, Momentum(lr=0.1, momentum=0.9), 10.0, 200)
    k = steps_to_reach(t, 1e-2)
    assert np.all(t.values[k:] <= 1e-2) and t.values[k - 1] > 1e-2
    assert np.any(t.values[: k - 1] <= 1e-2)  # it passed through earlier


def test_a_run_still_bouncing_inside_tol_has_not_reached_the_minimum():
    """At η = 2/f″ plain descent on x² bounces between ±x₀ forever: inside tol all the time, never settling."""
    bounce = run(objectives.square, GradientDescent(lr=1.0), 1e-4, 50)
    assert bounce.status == "oscillating" and np.all(bounce.values <= 1e-6)
    assert steps_to_reach(bounce) is None
    both = run(objectives.square, GradientDescent(lr=np.array([1.0, 0.4])), np.array([1e-4, 1e-4]), 50)
    assert steps_to_reach(both).tolist() == [-1, 0]


def test_a_run_that_is_not_converging_has_not_reached_the_minimum_even_inside_tol():
    """A step of 10⁻²⁰ · f′ is below the last bit of x = 10⁻⁴: the run stands still, inside tol from the start on,
    and is judged "not converging" (neither its values nor its gradient fall). Standing inside tol is not reaching."""
    stuck = run(objectives.square, GradientDescent(lr=1e-20), 1e-4, 50)
    assert stuck.status == "not converging" and np.all(stuck.values <= 1e-6)
    assert steps_to_reach(stuck) is None
    both = run(objectives.square, GradientDescent(lr=np.array([1e-20, 0.4])), np.array([1e-4, 1e-4]), 50)
    assert both.status.tolist() == ["not converging", "converged"]
    assert steps_to_reach(both).tolist() == [-1, 0]


def test_never_reaching_and_diverging_give_none_for_one_start_and_minus_one_for_many():
    assert steps_to_reach(run(objectives.square, GradientDescent(lr=0.001), 10.0, 10)) is None
    assert steps_to_reach(run(objectives.square, GradientDescent(lr=1.5), 10.0, 100)) is None
    starts = np.array([10.0, 10.0, 10.0])
    many = run(objectives.square, GradientDescent(lr=np.array([0.001, 0.1, 1.5])), starts, 100)
    assert steps_to_reach(many).tolist() == [-1, steps_to_reach(run(objectives.square, GradientDescent(lr=0.1),
                                                                      10.0, 100)), -1]


def test_steps_to_reach_needs_a_global_minimum_and_a_valid_tol():
    t = run(objectives.saddle, GradientDescent(lr=0.1), (1.0, 0.1), 5)
    with pytest.raises(ValueError, match="no global minimum"):
        steps_to_reach(t)
    with pytest.raises(ValueError, match="tol"):
        steps_to_reach(run(objectives.square, GradientDescent(lr=0.1), 1.0, 5), tol=-1)


@pytest.mark.parametrize("make", [GradientDescent, Momentum, Adam, functools.partial(RMSProp, alpha=0.9)])
def test_sweep_best_run_is_exactly_a_single_run_at_the_best_rate(make):
    rates = np.geomspace(1e-3, 1, 7)
    s = sweep_learning_rate(objectives.ill_conditioned_bowl, make, (-9.0, 3.0), rates, 200, record_state=True)
    single = run(objectives.ill_conditioned_bowl, make(lr=s.best_lr), (-9.0, 3.0), 200, record_state=True)
    assert np.array_equal(s.best_run.positions, single.positions)
    assert s.best_run.status == single.status and s.best_run.optimizer == single.optimizer
    for name, values in single.states.items():
        assert np.array_equal(s.best_run.states[name], values)


def test_sweep_picks_the_rate_that_needs_the_fewest_steps():
    rates = np.array([0.01, 0.05, 0.09, 0.2])  # 0.2 > 2/20: diverges on the stiff axis
    s = sweep_learning_rate(objectives.ill_conditioned_bowl, GradientDescent, (-9.0, 3.0), rates, 400)
    singles = [steps_to_reach(run(objectives.ill_conditioned_bowl, GradientDescent(lr=r), (-9.0, 3.0), 400))
               for r in rates]
    assert s.steps_needed.tolist() == [-1 if k is None else k for k in singles]
    assert singles[3] is None and np.isinf(s.final_gaps[3])
    reached = [k for k in singles if k is not None]
    assert s.reached and s.steps_needed[s.best_index] == min(reached)
    assert s.best_lr == rates[singles.index(min(reached))]
    assert s.describe().startswith("GradientDescent  η = ")
    assert s.describe().endswith(f"; {len(reached)} of 4 rates get there")


def test_when_no_rate_gets_there_the_sweep_picks_the_lowest_final_value():
    rates = np.array([1e-4, 1e-3, 1e-2])
    s = sweep_learning_rate(objectives.rosenbrock, GradientDescent, (-1.5, 2.0), rates, 50)
    assert not s.reached and np.all(s.steps_needed == -1)
    assert s.best_index == int(np.argmin(s.final_gaps))
    assert "not within 1e-06 in 50 steps" in s.describe()


def test_sweep_rejects_bad_arguments():
    bowl = objectives.ill_conditioned_bowl
    with pytest.raises(ValueError, match="rates"):
        sweep_learning_rate(bowl, GradientDescent, (1.0, 1.0), [0.1, -0.1], 5)
    with pytest.raises(ValueError, match="rates must be a 1-D"):
        sweep_learning_rate(bowl, GradientDescent, (1.0, 1.0), np.ones((2, 2)) * 0.1, 5)
    with pytest.raises(ValueError, match="single point"):
        sweep_learning_rate(bowl, GradientDescent, np.ones((3, 2)), [0.1], 5)
    with pytest.raises(ValueError, match="make_optimizer"):
        sweep_learning_rate(bowl, "Adam", (1.0, 1.0), [0.1], 5)
    with pytest.raises(ValueError, match="no global minimum"):
        sweep_learning_rate(objectives.saddle, GradientDescent, (1.0, 0.1), [0.1], 5)


def test_race_labels_runs_and_table():
    rates = np.geomspace(1e-3, 1, 7)
    r = race(objectives.ill_conditioned_bowl, [GradientDescent, Adam], (-9.0, 3.0), rates, 100)
    assert list(r.sweeps) == ["GradientDescent", "Adam"]
    assert list(r.runs) == ["GradientDescent", "Adam"] and r.runs["Adam"] is r.sweeps["Adam"].best_run
    assert str(r).splitlines() == [s.describe() for s in r.sweeps.values()]
    labelled = race(objectives.ill_conditioned_bowl, {"μ = 0.5": functools.partial(Momentum, momentum=0.5)},
                    (-9.0, 3.0), rates, 100)
    assert str(labelled).startswith("μ = 0.5" + " " * 10 + "η = ")  # labels padded to one column
    long = race(objectives.ill_conditioned_bowl, {"a label longer than sixteen": GradientDescent, "short": Adam},
                (-9.0, 3.0), rates, 50)
    assert [line.index("η = ") for line in str(long).splitlines()] == [29, 29]
    with pytest.raises(ValueError, match="at least one"):
        race(objectives.ill_conditioned_bowl, {}, (-9.0, 3.0), rates, 100)


def test_the_module_docstring_example_holds():
    import doctest

    from course_lib import tuning

    assert doctest.testmod(tuning).failed == 0


def test_tuning_is_core_and_imports_numpy_only():
    code = "import sys, course_lib.tuning; print([m for m in ('matplotlib', 'ipywidgets') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_refined_sweep_searches_the_whole_range_on_a_finer_grid():
    coarse = race(objectives.ill_conditioned_bowl, [GradientDescent], (-9.0, 3.0), np.geomspace(1e-3, 1, 21), 300)
    fine = coarse.refined(8)
    sweep, finer = coarse.sweeps["GradientDescent"], fine.sweeps["GradientDescent"]
    assert len(finer.rates) == 161 and np.allclose(finer.rates[::8], sweep.rates)
    assert finer.steps <= sweep.steps and fine.steps == {"GradientDescent": finer.steps}
    # the finer grid finds what the coarse one hid: the fewest steps near 2/(λmin + λmax) = 2/21
    assert abs(finer.best_lr - 2 / 21) < abs(sweep.best_lr - 2 / 21)
    linear = sweep_learning_rate(objectives.square, GradientDescent, 1.0, [0.1, 0.2, 0.3], 20).refined(2)
    assert np.allclose(linear.rates, [0.1, 0.15, 0.2, 0.25, 0.3])


def test_race_takes_optimizer_names_or_classes_and_names_its_argument_when_wrong():
    by_name = race(objectives.square, ["GradientDescent", Adam], 1.0, [0.1, 0.3], 20)
    assert list(by_name.sweeps) == ["GradientDescent", "Adam"]
    for bad, message in (("Adam", "a list of optimizer classes or names"), (["Adamm"], "'Adamm' is not an optimizer"),
                         ([3], "optimizers must hold"), ([], "at least one")):
        with pytest.raises(ValueError, match=message):
            race(objectives.square, bad, 1.0, [0.1], 5)
