"""course_lib's optimizers and schedules step by step against torch.optim, plus equivalences.

One list of optimizers (several settings of every argument of the contract table of course_lib.optimizers)
runs over one list of problems (optax style):

- fixed sequences of seeded random gradients, for a float, shape (d,) and shape (n, d);
- real objectives, where the gradient depends on the position: ``double_dip`` from a float and
  from n starts, ``ill_conditioned_bowl`` from one start (2,) and from n starts (n, 2).

Every step's parameters must agree with PyTorch's to ``rtol=1e-12, atol=1e-14``. Both sides
compute the same formulas in float64 but not always in the same order (torch's ``addcdiv``
computes (−η·m)/d where course_lib computes (η/d)·m, AdamW decays x before the step where
course_lib adds the decay to the step, NAdam adds its two terms to x one after the other where
course_lib subtracts their sum, ...), so single steps differ in the last bit or two. Over 60 steps
of these problems the largest difference measured (torch 2.13, 280 runs) is 3.6e-14 absolute, at
positions of size up to 139; 64 of the 280 runs agree bit for bit. rtol=1e-12 leaves a factor
of ~300 for that accumulation, while any difference in a rule (a missing bias correction, a
dampening applied once too often) shows up at 1e-4 or more.
The problems are stable for every case (checked below), so the tolerance need not absorb
chaotic growth of rounding errors. That is why no case has β₂ near 0: on an objective Adam
then takes sign-like steps that amplify rounding near the minimum (β₂ = 0 is covered by the
torch-free equivalences at the end).

PyTorch is test-only: without it the parity tests skip, unless COURSE_REQUIRE_TORCH=1 (CI),
where they fail. The equivalences at the end need no torch.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pytest

from course_lib.objectives import double_dip, ill_conditioned_bowl
from course_lib.optimizers import (
    ALL,
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
from course_lib.schedules import (
    Constant,
    CosineDecay,
    ExponentialDecay,
    InverseTimeDecay,
    LinearWarmup,
    OneCycle,
    PolynomialDecay,
    Schedule,
    StepDecay,
    WarmRestarts,
)
from tests._require import require

STEPS = 60
RTOL, ATOL = 1e-12, 1e-14


@pytest.fixture(scope="module")
def torch():
    """torch, with float64 as its default dtype while these tests run: its optimizers keep scalar state (the step
    count, NAdam's momentum cache) in the default dtype, and NAdam's cache in float32 would put its runs 1e-9 to 1e-6
    (relative) away from the float64 rule."""
    torch = require("torch", "COURSE_REQUIRE_TORCH")
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(default)


# --- the problems ----------------------------------------------------------------------------

class Problem(NamedTuple):
    name: str
    x0: float | np.ndarray
    gradient: Callable  # (x, k) -> the gradient given to the optimizer at x on step k

    def __repr__(self) -> str:
        return self.name


def random_gradients(shape, seed) -> Problem:
    """A fixed sequence of gradients, independent of x, on coordinate scales from 0.01 to 100."""
    rng = np.random.default_rng(seed)
    scales = np.logspace(-2, 2, shape[-1]) if shape else 1.0
    gradients = rng.standard_normal((STEPS, *shape)) * scales
    x0 = rng.standard_normal(shape)
    return Problem(f"random_gradients{shape}", float(x0) if shape == () else x0, lambda x, k: gradients[k])


def objective(obj, x0) -> Problem:
    return Problem(f"{obj.name}{np.shape(x0)}", x0, lambda x, k: obj.grad(x))


# The problems with n starts (one per row, or per element for the 1-D double_dip).
MANY_STARTS = [
    random_gradients((4, 3), seed=2),
    objective(double_dip, np.linspace(-2.5, 2.5, 6)),
    objective(ill_conditioned_bowl, np.random.default_rng(3).uniform((-10, -4), (10, 4), size=(6, 2))),
]
PROBLEMS = [
    random_gradients((), seed=0),
    random_gradients((5,), seed=1),
    objective(double_dip, 2.5),
    objective(ill_conditioned_bowl, np.array([-8.0, 3.0])),
    *MANY_STARTS,
]

# --- the optimizers: several settings of every argument ---------------------------------------

OPTIMIZERS = [
    GradientDescent(lr=0.01),
    GradientDescent(lr=0.05, weight_decay=0.1),
    GradientDescent(lr=0.002, weight_decay=1.0),
    Momentum(lr=0.01),
    Momentum(lr=0.005, momentum=0.99),
    Momentum(lr=0.02, momentum=0.5, dampening=0.3, weight_decay=0.05),
    Momentum(lr=0.01, momentum=0.8, dampening=1.0),
    Momentum(lr=0.01, momentum=0.0, dampening=0.5),
    Nesterov(lr=0.01),
    Nesterov(lr=0.02, momentum=0.5, weight_decay=0.1),
    Nesterov(lr=0.002, momentum=0.99),
    AdaGrad(),
    AdaGrad(lr=0.1, lr_decay=0.05),
    AdaGrad(lr=0.5, initial_accumulator_value=0.3, eps=1e-3, weight_decay=0.1),
    RMSProp(),
    RMSProp(lr=0.003, alpha=0.9, centered=True),
    RMSProp(lr=0.01, alpha=0.5, eps=1e-4, momentum=0.8, weight_decay=0.1),
    RMSProp(lr=0.001, momentum=0.9, centered=True),
    Adam(),
    Adam(lr=0.05, betas=(0.5, 0.9), eps=1e-3, weight_decay=0.1),
    Adam(lr=0.02, amsgrad=True),
    Adam(lr=0.05, betas=(0.0, 0.99), amsgrad=True),
    Adam(lr=0.01, betas=(0.95, 0.5)),
    AdamW(),
    AdamW(lr=0.05, weight_decay=0.5, amsgrad=True),
    AdamW(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.0),
    Adadelta(),
    Adadelta(lr=0.5, rho=0.5, eps=1e-4, weight_decay=0.1),
    Adadelta(lr=2.0, rho=0.99),
    Adamax(),
    Adamax(lr=0.05, betas=(0.5, 0.9), eps=1e-3, weight_decay=0.1),
    Adamax(lr=0.01, betas=(0.0, 0.99)),
    NAdam(),
    NAdam(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, momentum_decay=0.1),
    NAdam(lr=0.02, weight_decay=0.5, decoupled_weight_decay=True),
    NAdam(lr=0.01, momentum_decay=0.0),
    RAdam(),  # rectified from step 6 on (t ≤ 5: momentum steps)
    RAdam(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    RAdam(lr=0.02, weight_decay=0.5, decoupled_weight_decay=True),
    RAdam(lr=0.05, betas=(0.9, 0.5)),  # ρ∞ = 3: never rectified
]

# The contract table: course_lib class -> (torch.optim class, its argument names, fixed torch arguments).
TORCH_TWINS = {
    GradientDescent: ("SGD", ("lr", "weight_decay"), {}),
    Momentum: ("SGD", ("lr", "momentum", "dampening", "weight_decay"), {}),
    Nesterov: ("SGD", ("lr", "momentum", "weight_decay"), {"nesterov": True}),
    AdaGrad: ("Adagrad", ("lr", "lr_decay", "initial_accumulator_value", "eps", "weight_decay"), {}),
    RMSProp: ("RMSprop", ("lr", "alpha", "eps", "momentum", "centered", "weight_decay"), {}),
    Adam: ("Adam", ("lr", "betas", "eps", "weight_decay", "amsgrad"), {}),
    AdamW: ("AdamW", ("lr", "betas", "eps", "weight_decay", "amsgrad"), {}),
    Adadelta: ("Adadelta", ("lr", "rho", "eps", "weight_decay"), {}),
    Adamax: ("Adamax", ("lr", "betas", "eps", "weight_decay"), {}),
    NAdam: ("NAdam", ("lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay"), {}),
    RAdam: ("RAdam", ("lr", "betas", "eps", "weight_decay", "decoupled_weight_decay"), {}),
}
# Defaults that differ from torch's on purpose (the contract table of course_lib.optimizers): SGD has momentum=0.
OWN_DEFAULTS = {(Momentum, "momentum"), (Nesterov, "momentum")}


def course_path(optimizer, problem, steps=STEPS) -> np.ndarray:
    """Every position of ``steps`` course_lib steps on ``problem``, the start included."""
    x, state = problem.x0, optimizer.init(problem.x0)
    path = [x]
    for k in range(steps):
        x, state = optimizer.step(x, problem.gradient(x, k), state)
        assert np.shape(x) == np.shape(problem.x0)
        path.append(x)
    return np.array(path)


def torch_path(torch, optimizer, problem, steps=STEPS) -> np.ndarray:
    """The same run with the torch.optim twin of ``optimizer`` (and of its schedule, if any)."""
    return torch_run(torch, optimizer, problem, steps)[0]


def torch_run(torch, optimizer, problem, steps=STEPS):
    """``(path, twin, param)``: :func:`torch_path`, the torch optimizer that took it and its parameter."""
    param = torch.tensor(problem.x0, dtype=torch.float64, requires_grad=True)
    name, arg_names, fixed = TORCH_TWINS[type(optimizer)]
    kwargs = {arg: getattr(optimizer, arg) for arg in arg_names} | fixed
    schedule = kwargs["lr"] if isinstance(kwargs["lr"], Schedule) else None
    if schedule is not None:
        kwargs["lr"] = base_lr(schedule)
    twin = getattr(torch.optim, name)([param], **kwargs)
    scheduler = torch_scheduler(torch, schedule, twin) if schedule is not None else None
    path = [param.detach().numpy().copy()]
    for k in range(steps):
        param.grad = torch.tensor(problem.gradient(param.detach().numpy(), k), dtype=torch.float64)
        twin.step()
        if scheduler is not None:
            scheduler.step()
        path.append(param.detach().numpy().copy())
    return np.array(path), twin, param


def base_lr(schedule) -> float:
    """The learning rate to make the torch optimizer with, which its scheduler then scales."""
    return schedule.max_lr if isinstance(schedule, OneCycle) else schedule.lr


def torch_scheduler(torch, schedule, optimizer):
    """The torch.optim.lr_scheduler that each course_lib schedule names in its docstring."""
    lr_scheduler = torch.optim.lr_scheduler
    if isinstance(schedule, Constant):
        return lr_scheduler.LambdaLR(optimizer, lambda t: 1.0)
    if isinstance(schedule, StepDecay):
        return lr_scheduler.StepLR(optimizer, schedule.step_size, schedule.gamma)
    if isinstance(schedule, ExponentialDecay):
        return lr_scheduler.ExponentialLR(optimizer, schedule.gamma)
    if isinstance(schedule, CosineDecay):
        return lr_scheduler.CosineAnnealingLR(optimizer, schedule.total_steps, schedule.min_lr)
    if isinstance(schedule, LinearWarmup):
        warmup = lr_scheduler.LinearLR(optimizer, schedule.start_factor, 1.0, schedule.warmup_steps)
        if schedule.then is None:
            return warmup
        then = torch_scheduler(torch, schedule.then, optimizer)
        return lr_scheduler.SequentialLR(optimizer, [warmup, then], [schedule.warmup_steps])
    if isinstance(schedule, PolynomialDecay):
        return lr_scheduler.PolynomialLR(optimizer, schedule.total_steps, schedule.power)
    if isinstance(schedule, InverseTimeDecay):  # torch has no class for it: its docstring's LambdaLR
        return lr_scheduler.LambdaLR(optimizer, lambda t: 1 / (1 + t / schedule.scale) ** schedule.power)
    if isinstance(schedule, WarmRestarts):
        return lr_scheduler.CosineAnnealingWarmRestarts(optimizer, schedule.period, schedule.period_mult,
                                                        schedule.min_lr)
    if isinstance(schedule, OneCycle):  # course_lib schedules the learning rate only: no cycling of the momentum
        return lr_scheduler.OneCycleLR(optimizer, schedule.max_lr, schedule.total_steps, pct_start=schedule.pct_start,
                                       anneal_strategy=schedule.anneal_strategy, cycle_momentum=False,
                                       div_factor=schedule.div_factor, final_div_factor=schedule.final_div_factor,
                                       three_phase=schedule.three_phase)
    raise AssertionError(f"no torch twin for {schedule!r}")


def assert_same_path(actual, expected):
    # A run that blew up would compare inf with inf: the problems are chosen to stay bounded.
    assert np.all(np.isfinite(expected)) and np.max(np.abs(expected)) < 1e4
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)


# --- parity with torch.optim -----------------------------------------------------------------

def test_every_optimizer_of_the_course_has_a_torch_twin_and_settings():
    """A new optimizer in optimizers.ALL needs its entry here: its torch twin and settings of its arguments."""
    assert set(TORCH_TWINS) == set(ALL.values())
    assert {type(opt) for opt in OPTIMIZERS} == set(ALL.values())


def test_every_argument_is_covered():
    """Every argument of every class takes at least two values in OPTIMIZERS (one not its default)."""
    for cls, (_, arg_names, _) in TORCH_TWINS.items():
        for arg in arg_names:
            values = {repr(getattr(opt, arg)) for opt in OPTIMIZERS if type(opt) is cls}
            assert len(values) >= 2, f"{cls.__name__}.{arg} is tested with {values} only"


@pytest.mark.parametrize("cls", list(TORCH_TWINS), ids=lambda cls: cls.__name__)
def test_argument_names_and_defaults_match_torch(torch, cls):
    name, arg_names, _ = TORCH_TWINS[cls]
    ours = {
        arg: p.default for arg, p in inspect.signature(cls).parameters.items() if p.kind is p.POSITIONAL_OR_KEYWORD
    }
    theirs = {arg: p.default for arg, p in inspect.signature(getattr(torch.optim, name)).parameters.items()}
    assert tuple(ours) == arg_names
    for arg, default in ours.items():
        if default is not inspect.Parameter.empty and (cls, arg) not in OWN_DEFAULTS:
            assert default == theirs[arg], f"{cls.__name__}({arg}={default!r}) but torch's default is {theirs[arg]!r}"


@pytest.mark.parametrize("problem", PROBLEMS, ids=repr)
@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=repr)
def test_optimizer_matches_torch_at_every_step(torch, optimizer, problem):
    assert_same_path(course_path(optimizer, problem), torch_path(torch, optimizer, problem))


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=repr)
def test_state_buffers_match_torchs(torch, optimizer):
    """Each buffer that torch keeps under the same name (exp_avg, exp_inf, acc_delta, NAdam's momentum cache
    mu_product, ...) holds the same numbers after the run; torch calls SGD's velocity momentum_buffer and
    AdaGrad's sum_of_squares sum."""
    problem = MANY_STARTS[2]
    x, state = problem.x0, optimizer.init(problem.x0)
    for k in range(STEPS):
        x, state = optimizer.step(x, problem.gradient(x, k), state)
    _, twin, param = torch_run(torch, optimizer, problem)
    theirs = twin.state[param]
    shared = [name for name in state._fields[1:] if name in theirs]
    assert shared or type(optimizer) in (GradientDescent, Momentum, Nesterov, AdaGrad)
    for name in shared:
        expected = np.broadcast_to(theirs[name].numpy(), np.shape(x))
        np.testing.assert_allclose(getattr(state, name), expected, rtol=RTOL, atol=ATOL, err_msg=name)


SCHEDULES = [  # learning rates at most 0.05, where every optimizer is stable on PROBLEMS
    Constant(0.05),
    StepDecay(0.05, step_size=7),
    StepDecay(0.03, step_size=1, gamma=0.9),
    StepDecay(0.05, step_size=20, gamma=0.5),
    ExponentialDecay(0.05, gamma=0.97),
    ExponentialDecay(0.02, gamma=0.5),
    CosineDecay(0.05, total_steps=STEPS),
    CosineDecay(0.03, total_steps=STEPS, min_lr=0.01),
    CosineDecay(0.05, total_steps=1000, min_lr=0.001),
    LinearWarmup(0.05, warmup_steps=10),
    LinearWarmup(0.02, warmup_steps=37, start_factor=0.01),
    LinearWarmup(0.05, warmup_steps=10, start_factor=0.25, then=CosineDecay(0.05, total_steps=STEPS - 10)),
    LinearWarmup(0.05, warmup_steps=5, then=StepDecay(0.05, step_size=10, gamma=0.5)),
    LinearWarmup(0.05, warmup_steps=5, start_factor=0.5, then=ExponentialDecay(0.05, gamma=0.95)),
    PolynomialDecay(0.05, total_steps=STEPS),
    PolynomialDecay(0.03, total_steps=37, power=2.0),
    PolynomialDecay(0.05, total_steps=1000, power=0.5),
    InverseTimeDecay(0.05),
    InverseTimeDecay(0.05, scale=10.0, power=1.0),
    WarmRestarts(0.05, period=10),
    WarmRestarts(0.05, period=7, period_mult=2, min_lr=0.005),
    WarmRestarts(0.03, period=1, period_mult=3),
    OneCycle(0.05, total_steps=200),
    OneCycle(0.05, total_steps=100, pct_start=0.25, anneal_strategy="linear", div_factor=10.0, final_div_factor=100.0),
    OneCycle(0.05, total_steps=150, pct_start=0.4, three_phase=True),
    OneCycle(0.05, total_steps=90, anneal_strategy="linear", three_phase=True),
]


def schedule_length(schedule) -> int:
    """How far to compare: 200 steps, or up to total_steps for cosine (torch's climbs back after) and one-cycle
    (torch's refuses to go on)."""
    if isinstance(schedule, OneCycle):
        return schedule.total_steps
    cosine = schedule.then if isinstance(schedule, LinearWarmup) else schedule
    if isinstance(cosine, CosineDecay):
        return cosine.total_steps + 1 + (schedule.warmup_steps if cosine is not schedule else 0)
    return 200


@pytest.mark.parametrize("schedule", SCHEDULES, ids=repr)
def test_schedule_values_match_torch(torch, schedule):
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=base_lr(schedule))
    scheduler = torch_scheduler(torch, schedule, optimizer)
    expected = []
    for _ in range(schedule_length(schedule)):
        expected.append(optimizer.param_groups[0]["lr"])
        param.grad = torch.zeros_like(param)
        optimizer.step()
        scheduler.step()
    np.testing.assert_allclose(schedule.values(len(expected)), expected, rtol=RTOL, atol=0)


def test_cosine_decay_holds_min_lr_after_total_steps():
    """The documented difference: torch's CosineAnnealingLR climbs back up after T_max; this one stays down."""
    schedule = CosineDecay(0.05, total_steps=20, min_lr=0.001)
    assert schedule.values(60)[20:].tolist() == [0.001] * 40


@pytest.mark.parametrize("three_phase", [False, True])
def test_one_cycle_holds_its_last_rate_after_total_steps(three_phase):
    """Another documented difference: torch's OneCycleLR raises past total_steps; this one holds its end rate."""
    schedule = OneCycle(0.05, total_steps=40, three_phase=three_phase)
    end = schedule.values(40)[-1]
    assert end == 0.05 / 25 / 1e4 and schedule.values(60)[40:].tolist() == [end] * 20


@pytest.mark.parametrize("schedule", [s for s in SCHEDULES if schedule_length(s) > STEPS], ids=repr)
@pytest.mark.parametrize("cls", list(TORCH_TWINS), ids=lambda cls: cls.__name__)
def test_scheduled_optimizer_matches_torch(torch, cls, schedule):
    optimizer = AdaGrad(lr=schedule, lr_decay=0.05) if cls is AdaGrad else cls(lr=schedule)
    for problem in (MANY_STARTS[0], MANY_STARTS[2]):
        assert_same_path(course_path(optimizer, problem), torch_path(torch, optimizer, problem))


# --- equivalences that need no torch ----------------------------------------------------------

def _same_rule(optimizer, other, exact=False):
    """``optimizer`` and ``other`` take the same path on every problem (bit for bit, if ``exact``)."""
    for problem in PROBLEMS:
        a, b = course_path(optimizer, problem), course_path(other, problem)
        if exact:
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("dampening", [0.0, 0.5])
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_momentum_zero_is_gradient_descent(dampening, weight_decay):
    _same_rule(
        Momentum(lr=0.02, momentum=0.0, dampening=dampening, weight_decay=weight_decay),
        GradientDescent(lr=0.02, weight_decay=weight_decay),
        exact=True,
    )


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adamw_without_weight_decay_is_adam(amsgrad):
    _same_rule(
        AdamW(lr=0.03, betas=(0.8, 0.9), weight_decay=0.0, amsgrad=amsgrad),
        Adam(lr=0.03, betas=(0.8, 0.9), amsgrad=amsgrad),
        exact=True,
    )


def test_adamw_decay_is_not_adams_decay():
    """Decoupled decay shrinks x by (1 − ηλ); Adam's L2 decay goes through the √v scaling instead."""
    adamw = course_path(AdamW(lr=0.03, weight_decay=0.5), MANY_STARTS[2])
    adam = course_path(Adam(lr=0.03, weight_decay=0.5), MANY_STARTS[2])
    assert np.max(np.abs(adamw - adam)) > 0.01


@pytest.mark.parametrize("alpha", [0.0, 0.9, 0.99])
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_adam_without_first_moment_and_bias_correction_is_rmsprop(alpha, weight_decay):
    _same_rule(
        Adam(lr=0.01, betas=(0.0, alpha), eps=1e-6, weight_decay=weight_decay, bias_correction=False),
        RMSProp(lr=0.01, alpha=alpha, eps=1e-6, weight_decay=weight_decay),
    )


def test_adam_with_zero_betas_steps_by_the_sign_of_the_gradient():
    """β₁ = β₂ = 0: m = g, v = g², no bias correction left, so x ← x − η g / (|g| + ε) ≈ x − η sign(g)."""
    lr, eps = 0.05, 1e-8
    for problem in PROBLEMS:
        x = np.asarray(problem.x0, dtype=float)
        expected = [x]
        for k in range(STEPS):
            g = problem.gradient(x, k)
            x = x - lr * g / (np.abs(g) + eps)
            expected.append(x)
        np.testing.assert_allclose(course_path(Adam(lr=lr, betas=(0.0, 0.0), eps=eps), problem), expected,
                                   rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("momentum", [0.5, 0.9])
def test_textbook_momentum_is_momentum(momentum):
    """u ← μu + ηg; x ← x − u (lr inside the velocity) gives the same points as v ← μv + g; x ← x − ηv."""
    lr = 0.01
    for problem in PROBLEMS:
        x = np.asarray(problem.x0, dtype=float)
        u = np.zeros_like(x)
        expected = [x]
        for k in range(STEPS):
            u = momentum * u + lr * problem.gradient(x, k)
            x = x - u
            expected.append(x)
        np.testing.assert_allclose(course_path(Momentum(lr, momentum), problem), expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("momentum", [0.5, 0.9])
def test_nesterov_is_one_step_ahead_of_momentum_under_a_constant_gradient(momentum):
    """With g fixed, Nesterov's step k is Momentum's step k + 1, shifted by ηg (its first step is η(1+μ)g)."""
    lr, g = 0.1, np.array([0.3, -2.0, 50.0])
    problem = Problem("constant gradient", np.zeros(3), lambda x, k: g)
    nesterov = course_path(Nesterov(lr, momentum), problem)
    heavy_ball = course_path(Momentum(lr, momentum), problem, steps=STEPS + 1)
    np.testing.assert_allclose(nesterov[1], -lr * (1 + momentum) * g, rtol=RTOL)
    np.testing.assert_allclose(heavy_ball[1], -lr * g, rtol=RTOL)
    np.testing.assert_allclose(nesterov, heavy_ball[1:] + lr * g, rtol=RTOL, atol=ATOL)


def one_start(problem, i) -> Problem:
    """Start ``i`` of a problem with n starts, on its own."""

    def gradient(x, k):
        everywhere = np.array(problem.x0, dtype=float)  # the other starts do not matter
        everywhere[i] = x
        return problem.gradient(everywhere, k)[i]

    return Problem(f"{problem.name}[{i}]", problem.x0[i], gradient)


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=repr)
def test_starts_are_independent(optimizer):
    """n starts at once give exactly what each start gives on its own."""
    for problem in MANY_STARTS:
        together = course_path(optimizer, problem)
        for i in range(len(problem.x0)):
            np.testing.assert_array_equal(course_path(optimizer, one_start(problem, i)), together[:, i])


@pytest.mark.parametrize("cls", list(TORCH_TWINS), ids=lambda cls: cls.__name__)
def test_one_learning_rate_per_start(cls):
    """An array lr gives start i exactly the run it would get with the scalar lr[i]."""
    for problem in MANY_STARTS:
        lrs = np.linspace(0.001, 0.03, len(problem.x0))
        together = course_path(cls(lr=lrs if np.ndim(problem.x0) == 1 else lrs[:, None]), problem)
        for i, lr in enumerate(lrs):
            np.testing.assert_array_equal(course_path(cls(lr=lr), one_start(problem, i)), together[:, i])
