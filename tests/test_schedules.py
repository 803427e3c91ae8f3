"""Schedules: their formulas, and their argument checks (torch equality is in test_torch_parity.py)."""

import math
from fractions import Fraction

import numpy as np
import pytest

from course_lib.schedules import (
    Constant,
    CosineDecay,
    ExponentialDecay,
    InverseTimeDecay,
    LinearWarmup,
    OneCycle,
    PolynomialDecay,
    StepDecay,
    WarmRestarts,
)

pytestmark = pytest.mark.filterwarnings("error")


def test_formulas():
    assert Constant(0.3).values(3) == pytest.approx([0.3, 0.3, 0.3])
    assert StepDecay(1.0, step_size=3, gamma=0.5).values(7) == pytest.approx([1, 1, 1, 0.5, 0.5, 0.5, 0.25])
    assert ExponentialDecay(2.0, gamma=0.9).values(4) == pytest.approx([2.0 * 0.9**t for t in range(4)])
    cosine = CosineDecay(1.0, total_steps=4, min_lr=0.2)
    expected = [0.2 + 0.8 * (1 + math.cos(math.pi * min(t, 4) / 4)) / 2 for t in range(6)]
    assert cosine.values(6) == pytest.approx(expected)
    assert cosine(4) == pytest.approx(0.2) and cosine(100) == pytest.approx(0.2)


def test_warmup_then_another_schedule():
    s = LinearWarmup(1.0, warmup_steps=4, start_factor=0.2, then=ExponentialDecay(1.0, gamma=0.5))
    assert s.values(7) == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0, 0.5, 0.25])
    assert np.all(np.diff(LinearWarmup(0.1, 10).values(10)) > 0)


def test_polynomial_and_inverse_time_decay():
    assert PolynomialDecay(1.0, total_steps=4).values(6) == pytest.approx([1, 0.75, 0.5, 0.25, 0, 0])
    assert PolynomialDecay(2.0, total_steps=4, power=2.0).values(3) == pytest.approx([2, 2 * 0.75**2, 2 * 0.5**2])
    assert InverseTimeDecay(1.0).values(4) == pytest.approx([1 / math.sqrt(1 + t) for t in range(4)])
    assert InverseTimeDecay(0.5, scale=10.0, power=1.0)(10) == pytest.approx(0.25)  # lr / 2^power at t = scale


def test_warm_restarts_start_again_each_longer_period():
    lr = WarmRestarts(1.0, period=2, period_mult=2, min_lr=0.1).values(9)
    cos = [0.1 + 0.9 * (1 + math.cos(math.pi * k / n)) / 2 for n in (2, 4) for k in range(n)]
    assert lr[:6] == pytest.approx(cos) and lr[6] == lr[2] == lr[0] == 1.0  # restarts at steps 2 and 6 (and 14)
    assert WarmRestarts(1.0, period=3).values(7).tolist() == WarmRestarts(1.0, period=3).values(3).tolist() * 2 + [1.0]


@pytest.mark.parametrize("anneal_strategy", ["cos", "linear"])
def test_one_cycle_goes_up_then_down_below_its_start(anneal_strategy):
    lr = OneCycle(1.0, total_steps=100, pct_start=0.2, anneal_strategy=anneal_strategy).values(100)
    top = int(np.argmax(lr))
    assert top == 19 and lr[top] == 1.0  # the peak at step 0.2 · 100 − 1
    assert lr[0] == pytest.approx(1 / 25) and lr[-1] == pytest.approx(1 / 25 / 1e4)
    assert np.all(np.diff(lr[: top + 1]) > 0) and np.all(np.diff(lr[top + 1:]) < 0)
    three = OneCycle(1.0, total_steps=100, pct_start=0.3, anneal_strategy=anneal_strategy, three_phase=True)
    assert three(58) == pytest.approx(1 / 25) and three(99) == pytest.approx(1 / 25 / 1e4)  # back at the start


@pytest.mark.parametrize("schedule", [Constant(0.1), InverseTimeDecay(0.3, power=1.0), WarmRestarts(0.1, 7, 2),
                                      OneCycle(0.1, 300, three_phase=True)], ids=repr)
def test_sums_are_the_exact_sums_of_the_rates_rounded_once(schedule):
    rates = schedule.values(300).tolist()
    assert schedule.sums(300) == (float(sum(map(Fraction, rates))), float(sum(Fraction(r * r) for r in rates)))


def test_sums_print_equal_sums_equal():
    """A hundred steps of 0.1 travel 10: np.sum says 9.999999999999998."""
    assert Constant(0.1).sums(100)[0] == 10.0 != np.sum(Constant(0.1).values(100))
    total, squares = ExponentialDecay(0.1, gamma=0.5).sums(200)  # 0.1 · Σ 2^−t and 0.01 · Σ 4^−t
    assert total == pytest.approx(0.2, rel=1e-15) and squares == pytest.approx(0.01 / 0.75, rel=1e-15)
    assert InverseTimeDecay(1.0, power=1.0).sums(10**4)[0] == pytest.approx(math.log(10**4) + 0.5772, rel=1e-4)
    assert Constant(0.1).sums(0) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("make", "arg", "value"),
    [
        (lambda v: Constant(v), "lr", -0.1),
        (lambda v: StepDecay(0.1, step_size=v), "step_size", 0),
        (lambda v: StepDecay(0.1, 10, gamma=v), "gamma", 1.5),
        (lambda v: ExponentialDecay(0.1, gamma=v), "gamma", float("nan")),
        (lambda v: CosineDecay(0.1, total_steps=v), "total_steps", 2.5),
        (lambda v: CosineDecay(0.1, 10, min_lr=v), "min_lr", 0.2),
        (lambda v: LinearWarmup(0.1, warmup_steps=v), "warmup_steps", -3),
        (lambda v: LinearWarmup(0.1, 10, then=v), "then", 0.5),
        (lambda v: PolynomialDecay(v, 10), "lr", -0.1),
        (lambda v: PolynomialDecay(0.1, total_steps=v), "total_steps", 0),
        (lambda v: PolynomialDecay(0.1, 10, power=v), "power", -1.0),
        (lambda v: InverseTimeDecay(0.1, scale=v), "scale", 0.0),
        (lambda v: InverseTimeDecay(0.1, power=v), "power", float("inf")),
        (lambda v: WarmRestarts(0.1, period=v), "period", 2.0),
        (lambda v: WarmRestarts(0.1, 10, period_mult=v), "period_mult", 0),
        (lambda v: WarmRestarts(0.1, 10, min_lr=v), "min_lr", 0.5),
        (lambda v: OneCycle(v, 100), "max_lr", -1.0),
        (lambda v: OneCycle(0.1, total_steps=v), "total_steps", 1),
        (lambda v: OneCycle(0.1, 100, pct_start=v), "pct_start", 1.0),
        (lambda v: OneCycle(0.1, 100, pct_start=v), "pct_start", 0.01),  # a warm-up of one step
        (lambda v: OneCycle(0.1, 100, pct_start=v, three_phase=True), "pct_start", 0.6),  # no room for phase 3
        (lambda v: OneCycle(0.1, 100, anneal_strategy=v), "anneal_strategy", "cosine"),
        (lambda v: OneCycle(0.1, 100, div_factor=v), "div_factor", 0.0),
        (lambda v: OneCycle(0.1, 100, final_div_factor=v), "final_div_factor", -1e4),
        (lambda v: OneCycle(0.1, 100, three_phase=v), "three_phase", "no"),
    ],
)
def test_bad_arguments(make, arg, value):
    with pytest.raises(ValueError, match=rf"^{arg}.*{value!r}"):
        make(value)


def test_schedules_compare_and_print_by_value():
    assert StepDecay(0.1, 5) == StepDecay(0.1, 5) != StepDecay(0.1, 6)
    assert repr(ExponentialDecay(0.1, 0.9)) == "ExponentialDecay(lr=0.1, gamma=0.9)"
