"""Optimizers: argument checks, purity, shapes, and the update rules written in their docstrings.

Equality with PyTorch is in test_torch_parity.py; these tests need NumPy only.
"""

import ast
import inspect
import math
import re

import numpy as np
import pytest

from course_lib import optimizers, style
from course_lib.optimizers import (
    Adadelta,
    AdaGrad,
    Adam,
    Adamax,
    AdamW,
    GradientDescent,
    Momentum,
    NAdam,
    Nesterov,
    RAdam,
    RMSProp,
)
from course_lib.schedules import StepDecay

pytestmark = pytest.mark.filterwarnings("error")

EVERY = [cls(lr=0.1) for cls in optimizers.ALL.values()] + [
    RMSProp(lr=0.01, momentum=0.5, centered=True),  # the branches the defaults leave out
    Adam(lr=0.1, amsgrad=True),
    NAdam(lr=0.1, weight_decay=0.1, decoupled_weight_decay=True),
    RAdam(lr=0.1, weight_decay=0.1, decoupled_weight_decay=True),
]
"""Every optimizer of the course (from ``optimizers.ALL``), and some of their options."""


def _contract_table() -> dict[str, dict]:
    """The contract table of course_lib/optimizers/__init__.py's docstring: ``{class name: {argument: default}}``."""
    lines = optimizers.__doc__.splitlines()
    rules = [i for i, line in enumerate(lines) if line.startswith("=====")]  # the table's top, header, bottom
    rows, name = {}, None
    for line in lines[rules[1] + 1: rules[2]]:
        if line.startswith("``"):
            name, arguments = re.match(r"``(\w+)``\s+(.*?)(\s{2,}\S.*)?$", line).groups()[:2]
            rows[name] = arguments
        else:  # the arguments' column goes on
            rows[name] += " " + line.strip()
    empty = inspect.Parameter.empty
    return {name: {arg.split("=")[0]: ast.literal_eval(arg.split("=")[1]) if "=" in arg else empty
                   for arg in re.split(r",\s*(?![^()]*\))", text)} for name, text in rows.items()}


def test_the_classes_keep_the_contract_table_of_their_module():
    """Every optimizer of optimizers.ALL has its row, and its keyword arguments and defaults are the row's."""
    table = _contract_table()
    assert set(table) == set(optimizers.ALL) and table["GradientDescent"] == {"lr": inspect.Parameter.empty,
                                                                                 "weight_decay": 0}
    for name, args in table.items():
        params = inspect.signature(optimizers.ALL[name]).parameters
        ours = {arg: p.default for arg, p in params.items() if p.kind is p.POSITIONAL_OR_KEYWORD}
        assert ours == args, name


@pytest.mark.parametrize(
    ("make", "arg", "value"),
    [
        (lambda v: GradientDescent(lr=v), "lr", -1.0),
        (lambda v: GradientDescent(lr=v), "lr", float("nan")),
        (lambda v: GradientDescent(lr=v), "lr", float("inf")),
        (lambda v: GradientDescent(lr=v), "lr", "0.1"),
        (lambda v: GradientDescent(lr=v), "lr", None),
        (lambda v: GradientDescent(lr=0.1, weight_decay=v), "weight_decay", -0.1),
        (lambda v: Momentum(lr=0.1, momentum=v), "momentum", -0.5),
        (lambda v: Momentum(lr=0.1, momentum=v), "momentum", 1.0),
        (lambda v: Momentum(lr=0.1, dampening=v), "dampening", 2.0),
        (lambda v: Nesterov(lr=0.1, momentum=v), "momentum", 0.0),
        (lambda v: AdaGrad(eps=v), "eps", -1e-10),
        (lambda v: AdaGrad(lr_decay=v), "lr_decay", -1.0),
        (lambda v: AdaGrad(initial_accumulator_value=v), "initial_accumulator_value", -1.0),
        (lambda v: RMSProp(alpha=v), "alpha", 1.0),
        (lambda v: RMSProp(eps=v), "eps", -1.0),
        (lambda v: RMSProp(centered=v), "centered", "yes"),
        (lambda v: Adam(betas=v), "betas[0]", (1.0, 0.999)),
        (lambda v: Adam(betas=v), "betas[1]", (0.9, -0.1)),
        (lambda v: Adam(betas=v), "betas[1]", (0.9, float("nan"))),
        (lambda v: Adam(betas=v), "betas", 0.9),
        (lambda v: Adam(eps=v), "eps", -1e-8),
        (lambda v: Adam(amsgrad=v), "amsgrad", 1),
        (lambda v: AdamW(weight_decay=v), "weight_decay", -0.01),
        (lambda v: Adadelta(lr=v), "lr", -1.0),
        (lambda v: Adadelta(rho=v), "rho", 1.5),
        (lambda v: Adadelta(eps=v), "eps", -1e-6),
        (lambda v: Adadelta(weight_decay=v), "weight_decay", float("nan")),
        (lambda v: Adamax(betas=v), "betas[0]", (1.0, 0.999)),
        (lambda v: Adamax(eps=v), "eps", -1e-8),
        (lambda v: Adamax(weight_decay=v), "weight_decay", -1.0),
        (lambda v: NAdam(betas=v), "betas", (0.9,)),
        (lambda v: NAdam(momentum_decay=v), "momentum_decay", -0.004),
        (lambda v: NAdam(decoupled_weight_decay=v), "decoupled_weight_decay", "True"),
        (lambda v: NAdam(eps=v), "eps", float("inf")),
        (lambda v: RAdam(betas=v), "betas[1]", (0.9, 1.0)),
        (lambda v: RAdam(weight_decay=v), "weight_decay", -0.1),
        (lambda v: RAdam(decoupled_weight_decay=v), "decoupled_weight_decay", 0),
    ],
)
def test_bad_hyperparameters_raise_value_error_naming_argument_and_value(make, arg, value):
    with pytest.raises(ValueError) as info:
        make(value)
    message = str(info.value)
    assert message.startswith(arg)
    assert repr(value) in message


@pytest.mark.parametrize("opt", EVERY, ids=repr)
@pytest.mark.parametrize("x0", [3.0, np.array([3.0, -2.0]), np.array([[3.0, -2.0], [0.5, 1.0], [-1.0, 4.0]])])
def test_step_is_pure_and_keeps_the_shape(opt, x0):
    state = opt.init(x0)
    x = np.array(x0, dtype=float)
    g = 2 * x
    x_copy, g_copy = x.copy(), g.copy()
    state_copy = [np.copy(s) for s in state]
    new_x, new_state = opt.step(x, g, state)
    assert np.shape(new_x) == np.shape(x0)
    assert np.array_equal(x, x_copy) and np.array_equal(g, g_copy)
    assert all(np.array_equal(a, b) for a, b in zip(state, state_copy, strict=True))
    assert new_state.count == state.count + 1
    assert not np.array_equal(new_x, x)  # it moved


@pytest.mark.parametrize("opt", EVERY, ids=repr)
def test_many_starts_at_once_equal_one_start_at_a_time(opt):
    starts = np.array([[3.0, -2.0], [0.5, 1.0], [-1.0, 4.0]])

    def descend(x, steps=30):
        state = opt.init(x)
        for _ in range(steps):
            x, state = opt.step(x, 2 * x + np.sin(x), state)
        return x

    together = descend(starts)
    for i, start in enumerate(starts):
        assert np.allclose(together[i], descend(start), rtol=0, atol=1e-15)


def test_grad_of_the_wrong_shape_is_refused():
    opt = GradientDescent(lr=0.1)
    with pytest.raises(ValueError, match="grad"):
        opt.step(np.zeros(2), np.zeros(3), opt.init(np.zeros(2)))


def test_gradient_descent_rule():
    x, _ = GradientDescent(lr=0.1, weight_decay=0.5).step(2.0, 3.0, GradientDescent(lr=0.1).init(2.0))
    assert x == pytest.approx(2.0 - 0.1 * (3.0 + 0.5 * 2.0))


def test_momentum_textbook_form_gives_the_same_points():
    """v ← μv + g, x ← x − ηv  equals  u ← μu + ηg, x ← x − u  for a constant η."""
    opt = Momentum(lr=0.05, momentum=0.8)
    x, state = 4.0, opt.init(4.0)
    y, u = 4.0, 0.0
    for _ in range(40):
        x, state = opt.step(x, 2 * x, state)
        u = 0.8 * u + 0.05 * (2 * y)
        y = y - u
        assert x == pytest.approx(y, rel=1e-12, abs=1e-14)


def test_momentum_zero_is_gradient_descent():
    a, b = Momentum(lr=0.1, momentum=0.0), GradientDescent(lr=0.1)
    x, sa = 5.0, a.init(5.0)
    y, sb = 5.0, b.init(5.0)
    for _ in range(20):
        x, sa = a.step(x, 2 * x + 1, sa)
        y, sb = b.step(y, 2 * y + 1, sb)
    assert x == y


def test_adam_first_step_moves_by_lr_whatever_the_gradient_scale():
    """With bias correction, Adam's first step is lr·g/(|g| + eps): about lr, for any |g| ≫ eps."""
    for g in (1e-3, 1.0, 1e4):
        opt = Adam(lr=0.1)
        x, _ = opt.step(0.0, g, opt.init(0.0))
        assert x == pytest.approx(-0.1, rel=1e-4)


def test_adam_without_bias_correction_creeps_at_first():
    opt = Adam(lr=0.1, bias_correction=False)
    x, _ = opt.step(0.0, 1.0, opt.init(0.0))
    # m = 0.1, v = 0.001: the step is 0.1 · 0.1 / √0.001 ≈ 0.316 instead of 0.1.
    assert x == pytest.approx(-0.1 * 0.1 / (math.sqrt(0.001) + 1e-8))


def test_adamw_decays_weights_independently_of_the_gradient():
    opt = AdamW(lr=0.1, weight_decay=0.5)
    x, _ = opt.step(2.0, 0.0, opt.init(2.0))  # zero gradient: only the decay acts
    assert x == pytest.approx(2.0 * (1 - 0.1 * 0.5))
    with_l2, _ = Adam(lr=0.1, weight_decay=0.5).step(2.0, 0.0, Adam().init(2.0))
    assert with_l2 == pytest.approx(2.0 - 0.1)  # L2 inside Adam is normalised away: a full lr step


def _steps(opt, gradient, n, x0=0.0):
    """The first ``n`` steps (x_t − x_{t−1}) of ``opt`` under a constant gradient."""
    x, state, steps = x0, opt.init(x0), []
    for _ in range(n):
        new, state = opt.step(x, gradient, state)
        steps.append(float(new - x))
        x = new
    return steps


def test_adadelta_starts_at_sqrt_eps_over_one_minus_rho_and_speeds_up():
    """Its docstring: the first step is about η·√(ε/(1−ρ)) long (0.0032 at the defaults), whatever the slope,
    and later ones grow with the average of the steps u."""
    steps = _steps(Adadelta(), 50.0, 30)
    assert -steps[0] == pytest.approx(math.sqrt(1e-6 / 0.1), rel=1e-6) and round(-steps[0], 4) == 0.0032
    assert -steps[0] == pytest.approx(-_steps(Adadelta(), 0.5, 1)[0], rel=1e-4)
    assert np.all(np.diff(np.abs(steps)) > 0)


def test_adamax_steps_by_m_over_the_running_maximum():
    lr, g = 0.01, np.array([0.003, -40.0])
    x, state = Adamax(lr=lr).step(np.zeros(2), g, Adamax(lr=lr).init(np.zeros(2)))
    np.testing.assert_allclose(x, -lr * g / (np.abs(g) + 1e-8), rtol=1e-15)  # m̂ = g, u = |g| + ε
    opt = Adamax(lr=lr, betas=(0.9, 0.5))
    x, state = opt.step(x, np.array([0.0, 10.0]), state)  # a smaller |g|: u decays by β₂ but not below it
    np.testing.assert_allclose(state.exp_inf, [0.5 * (0.003 + 1e-8), 20.0 + 0.5e-8], rtol=1e-12)


def test_adamax_steps_are_at_most_eta_times_its_bound_whatever_the_gradients():
    """Its docstring: no step longer than η(1 − β₁)/(1 − β₁/β₂) (1.009η at the defaults), η under a steady gradient,
    the same steps when every gradient is scaled, and a short step after a spike (where Adam's is long)."""
    rng = np.random.default_rng(7)
    lr = 0.01
    for betas in ((0.9, 0.999), (0.5, 0.9), (0.0, 0.99)):
        bound = (1 - betas[0]) / (1 - betas[0] / betas[1])
        for scale in (1e-3, 1.0, 1e3):
            walks = [rng.standard_normal(400), np.r_[np.full(300, 0.01), 1.0, np.full(99, -0.5)],
                     np.cumsum(rng.standard_normal(400)), np.geomspace(1e-3, 1e3, 400) * rng.choice([-1, 1], 400)]
            for gradients in walks:
                opt = Adamax(lr=lr, betas=betas)
                x, state, steps = 0.0, opt.init(0.0), []
                for g in scale * gradients:
                    new, state = opt.step(x, g, state)
                    steps.append(float(new - x))
                    x = new
                assert np.max(np.abs(steps)) <= lr * bound * (1 + 1e-12)
    assert (1 - 0.9) / (1 - 0.9 / 0.999) == pytest.approx(1.009, abs=5e-4)
    steady = _steps(Adamax(lr=lr), 3.0, 200)
    assert steady == pytest.approx([-lr] * 200, rel=1e-6)
    assert _steps(Adamax(lr=lr), 3e3, 200) == pytest.approx(steady, rel=1e-8)  # scaled: the same steps, ε aside
    spike = np.r_[np.full(1000, 0.001), 1.0]
    after = {}
    for cls in (Adamax, Adam):
        opt = cls(lr=lr)
        x, state = 0.0, opt.init(0.0)
        for g in spike:
            new, state = opt.step(x, g, state)
            after[cls.__name__], x = abs(new - x) / lr, new
    assert after["Adamax"] < 0.2 < 2 < after["Adam"]


def test_nadam_momentum_warms_up_and_decoupled_decay_shrinks_x():
    opt = NAdam(lr=0.01)
    mus = [opt.momentum_of_step(t) for t in (1, 2, 10, 100, 10**4)]
    assert mus[0] == pytest.approx(0.9 * (1 - 0.5 * 0.96**0.004)) and np.all(np.diff(mus) > 0) and mus[-1] < 0.9
    assert NAdam(momentum_decay=0.0).momentum_of_step(500) == pytest.approx(0.45)  # ψ = 0: β₁/2 for ever
    x, state = 3.0, opt.init(3.0)
    for t in range(1, 4):
        x, state = opt.step(x, 1.0, state)
        assert state.mu_product == pytest.approx(np.prod([opt.momentum_of_step(k) for k in range(1, t + 1)]))
    for cls in (NAdam, RAdam):
        decoupled = cls(lr=0.1, weight_decay=0.5, decoupled_weight_decay=True)
        x, state = 2.0, decoupled.init(2.0)
        for _ in range(3):  # zero gradient: only the decay acts
            x, state = decoupled.step(x, 0.0, state)
        assert x == pytest.approx(2.0 * (1 - 0.1 * 0.5) ** 3), cls.__name__


def test_radam_takes_momentum_steps_until_rho_passes_5():
    lr, g = 0.01, 30.0
    steps = _steps(RAdam(lr=lr), g, 8)
    assert steps[:5] == pytest.approx([-lr * g] * 5)  # m̂ = g under a constant gradient: plain steps, η·g long
    for t in (6, 7, 8):  # then Adam's step η·m̂/(√v̂ + …) ≈ η, times r_t
        assert steps[t - 1] == pytest.approx(-lr * RAdam().rectification(t), rel=1e-6)
    never = _steps(RAdam(lr=lr, betas=(0.9, 2 / 3)), g, 50)  # ρ∞ = 5: never rectified
    assert never == pytest.approx([-lr * g] * 50)


def test_adagrad_step_size_shrinks_with_history():
    opt = AdaGrad(lr=1.0)
    state = opt.init(0.0)
    sizes = []
    x = 0.0
    for _ in range(4):
        x, state = opt.step(x, 1.0, state)
        sizes.append(float(opt.per_coordinate_lr(state)))
    assert sizes == pytest.approx([1 / math.sqrt(k) for k in (1, 2, 3, 4)], rel=1e-9)


def test_rmsprop_per_coordinate_lr_adapts_to_each_coordinate():
    opt = RMSProp(lr=0.01, alpha=0.9)
    state = opt.init(np.zeros(2))
    x = np.zeros(2)
    for _ in range(50):
        x, state = opt.step(x, np.array([100.0, 0.01]), state)
    small, large = opt.per_coordinate_lr(state)
    assert small == pytest.approx(0.01 / 100, rel=1e-2)
    assert large == pytest.approx(0.01 / 0.01, rel=1e-2)


def test_schedule_sets_the_learning_rate_per_step():
    opt = GradientDescent(lr=StepDecay(1.0, step_size=2, gamma=0.5))
    x, state = 0.0, opt.init(0.0)
    moves = []
    for _ in range(6):
        new_x, state = opt.step(x, -1.0, state)
        moves.append(new_x - x)
        x = new_x
    assert moves == pytest.approx([1, 1, 0.5, 0.5, 0.25, 0.25])


def test_array_learning_rate_runs_a_sweep_in_one_array():
    lrs = np.array([0.1, 0.5, 1.0])
    opt = GradientDescent(lr=lrs)
    x, _ = opt.step(np.full(3, 10.0), np.full(3, 20.0), opt.init(np.full(3, 10.0)))
    assert np.allclose(x, 10.0 - lrs * 20.0)
    with pytest.raises(ValueError, match="lr"):
        GradientDescent(lr=np.array([0.1, -0.1]))


def test_repr_lists_the_hyperparameters():
    assert repr(Momentum(lr=0.1)) == "Momentum(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0)"
    assert Adam(lr=0.1) == Adam(lr=0.1) and Adam(lr=0.1) != Adam(lr=0.2)


def _tenth_step(opt, g):
    """The length of the tenth step under a constant gradient ``g``."""
    x, state = 0.0, opt.init(0.0)
    for _ in range(10):
        last, (x, state) = x, opt.step(x, g, state)
    return abs(float(x - last))


@pytest.mark.parametrize("cls", optimizers.ALL.values(), ids=lambda cls: cls.__name__)
def test_facts_on_the_classes(cls):
    """What the figures and explorers read from an optimizer's class: true of how it steps."""
    tenth_steps = [_tenth_step(cls(lr=0.1), g) for g in (10.0, 10000.0)]
    # adaptive: its steps are as long for a gradient of 10,000 as for one of 10 (otherwise 1000 times longer); the
    # tenth step, for RAdam's first five are plain momentum steps (and ε = 1e-6 is no longer felt by Adadelta's)
    assert tenth_steps[1] / tenth_steps[0] == pytest.approx(1.0 if cls.adaptive else 1000.0, rel=1e-6)
    if cls.velocity_buffer is not None:
        assert cls.velocity_buffer in cls.State._fields[1:]  # a buffer of its state
    assert set(cls.hyperparameters) <= set(cls._arg_names)  # arguments of its constructor
    assert cls.color in style.PALETTE


def test_configured_takes_only_the_hyperparameters_of_the_class():
    settings = {"momentum": 0.5, "betas": (0.8, 0.9)}  # what an explorer's sliders offer
    assert Momentum.configured(0.1, **settings) == Momentum(lr=0.1, momentum=0.5)
    assert Adam.configured(0.1, **settings) == Adam(lr=0.1, betas=(0.8, 0.9))
    assert RMSProp.configured(0.1, **settings) == RMSProp(lr=0.1)  # neither its α nor its momentum is offered here
    assert GradientDescent.configured(0.1, **settings) == GradientDescent(lr=0.1)
    # Nesterov refuses momentum 0 (as torch does); without momentum it is plain descent
    assert Nesterov.configured(0.1, momentum=0.0) == GradientDescent(lr=0.1)


def test_equal_optimizers_hash_alike():
    """Optimizers are values: equal ones (same class, same hyperparameters) are one key of a dict or set."""
    assert hash(Adam(lr=0.1)) == hash(Adam(lr=0.1)) and len({Adam(lr=0.1), Adam(lr=0.1), Adam(lr=0.2)}) == 2
    rates = np.array([0.1, 0.2])
    assert GradientDescent(lr=rates) == GradientDescent(lr=rates.copy())
    assert hash(GradientDescent(lr=rates)) == hash(GradientDescent(lr=rates.copy()))
    assert GradientDescent(lr=rates) != GradientDescent(lr=0.1) and GradientDescent(lr=0.1) != GradientDescent(lr=rates)
    assert GradientDescent(lr=StepDecay(1.0, 2)) == GradientDescent(lr=StepDecay(1.0, 2))
    assert Adam(lr=0.1) != AdamW(lr=0.1, weight_decay=0.0)  # another class, another rule



def test_newton_lands_on_the_minimum_of_any_quadratic_in_one_step():
    from course_lib import objectives, run
    from course_lib.newton import Newton
    for bowl in (objectives.ill_conditioned_bowl, objectives.quadratic_bowl(1.0, 1e4), objectives.revenue_loss):
        t = run(bowl, Newton(), [-9.0, 3.0], 1)
        np.testing.assert_allclose(t.positions[1], bowl.global_minimum.position, atol=1e-9)
    assert run(objectives.shifted_parabola, Newton(), 0.0, 1).positions[1] == 2.0  # 1/f″ = 0.5 is its one-step rate
    half = run(objectives.shifted_parabola, Newton(lr=0.5), 0.0, 1).positions[1]
    assert half == 1.0


def test_newton_heads_for_the_stationary_point_of_the_local_model_even_a_maximum_or_a_saddle():
    from course_lib import objectives, run
    from course_lib.newton import Newton
    dip = objectives.double_dip
    top = next(p for p in dip.stationary_points if p.kind == "maximum")
    near_top = run(dip, Newton(), top.position + 0.2, 10)  # f″ < 0 there: the model's stationary point is a maximum
    assert abs(near_top.final_position - top.position) < 1e-9
    saddle = run(objectives.saddle, Newton(), [1.0, 0.5], 3)
    np.testing.assert_allclose(saddle.final_position, [0.0, 0.0], atol=1e-12)
    starts = np.array([[1.0, 0.5], [-2.0, 0.3]])  # many starts at once, each with its own Hessian
    np.testing.assert_allclose(run(objectives.rosenbrock, Newton(), starts, 20).final_position, [[1, 1], [1, 1]])


def test_newton_needs_a_hessian_and_checks_its_arguments():
    from course_lib import objectives, run
    from course_lib.newton import Newton
    no_hessian = objectives.Objective("no hessian", lambda x: x * x, lambda x: 2 * x, dim=1, window=(-1.0, 1.0))
    with pytest.raises(ValueError, match="needs the Hessian"):
        run(no_hessian, Newton(), 0.5, 3)
    with pytest.raises(ValueError, match="hessian must be given"):
        Newton().step(1.0, 2.0, Newton().init(1.0))
    with pytest.raises(ValueError, match="damping"):
        Newton(damping=-1.0)
    damped = Newton(damping=2.0).step(1.0, 2.0, Newton().init(1.0), hessian=2.0)[0]
    assert damped == 1.0 - 2.0 / (2.0 + 2.0)
