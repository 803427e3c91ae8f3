"""Schedules: their formulas, and their argument checks (torch equality is in test_torch_parity.py)."""

import math

import numpy as np
import pytest

from course_lib import data, models, schedules
from course_lib.optimizers import Adam
from course_lib.schedules import Constant, CosineDecay, ExponentialDecay, LinearWarmup, StepDecay

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
    ],
)
def test_bad_arguments(make, arg, value):
    with pytest.raises(ValueError, match=rf"^{arg}.*{value!r}"):
        make(value)


def test_schedules_compare_and_print_by_value():
    assert StepDecay(0.1, 5) == StepDecay(0.1, 5) != StepDecay(0.1, 6)
    assert repr(ExponentialDecay(0.1, 0.9)) == "ExponentialDecay(lr=0.1, gamma=0.9)"


def test_a_stack_of_schedules_trains_each_model_as_its_own_fit_would():
    X, y = data.two_moons(60, rng=0)
    net = models.MLP([2, 4, 1])
    parts = [schedules.Constant(0.3), schedules.CosineDecay(0.3, total_steps=20), schedules.ExponentialDecay(0.3, 0.9)]
    w0 = net.init_params(0)
    alone = [models.fit(net, Adam(lr=s), X, y, epochs=5, batch_size=16, rng=1, params0=w0).params for s in parts]
    stack = models.fit(net, Adam(lr=schedules.Stacked(parts)), X, y, epochs=5, batch_size=16, rng=1,
                       params0=np.tile(w0, (3, 1))).params
    np.testing.assert_array_equal(stack, np.array(alone))
    assert schedules.Stacked(parts)(7).shape == (3, 1)
    for bad in ([], [0.1], "cosine"):
        with pytest.raises(ValueError, match="schedules"):
            schedules.Stacked(bad)
