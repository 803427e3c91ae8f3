"""Gradient clipping by norm: torch's clip_grad_norm_ semantics, and the max_grad_norm option of run and fit.

torch is test-only: without it the comparisons skip, unless COURSE_REQUIRE_TORCH=1 (CI), where they fail.
"""

import math

import numpy as np
import pytest

from course_lib import data, models, objectives, run
from course_lib.clipping import clip_grad_norm
from course_lib.optimizers import Adam, GradientDescent, Momentum
from tests._require import require

pytestmark = pytest.mark.filterwarnings("error")

quartic = objectives.polynomial("quartic", [1, 0, 0, 0, 0], window=(-4.0, 4.0), formula="x⁴")


@pytest.fixture(scope="module")
def torch():
    return require("torch", "COURSE_REQUIRE_TORCH")


def torch_clipped(torch, g, max_norm, norm_type):
    param = torch.tensor(g, dtype=torch.float64, requires_grad=True)
    param.grad = torch.tensor(g, dtype=torch.float64)
    torch.nn.utils.clip_grad_norm_([param], max_norm, norm_type=norm_type)
    return param.grad.numpy()


def gradients(d, norm_type, n=300, seed=0):
    """``n`` seeded gradients of ``d`` numbers on scales from 1e−3 to 1e3, each with a max_norm from a tenth of
    its norm to twice it (so about half of them are clipped)."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        g = rng.standard_normal(d) * 10 ** rng.uniform(-3, 3)
        yield g, float(np.linalg.norm(g, ord=norm_type) * rng.uniform(0.1, 2.0))


@pytest.mark.parametrize(("d", "norm_type"), [(1, 2.0), (1, 1.0), (1, math.inf), (2, 1.0), (2, math.inf),
                                              (3, math.inf), (65, math.inf)])
def test_equal_to_torch_bit_for_bit_where_the_norms_agree(torch, d, norm_type):
    clipped = 0
    for g, max_norm in gradients(d, norm_type):
        ours = clip_grad_norm(g, max_norm, norm_type)
        np.testing.assert_array_equal(ours, torch_clipped(torch, g, max_norm, norm_type))
        clipped += not np.array_equal(ours, g)
    assert 50 < clipped < 300  # both kinds of case were tried


@pytest.mark.parametrize("d", [2, 3, 17, 65])
@pytest.mark.parametrize("norm_type", [2.0, 1.0])
def test_equal_to_torch_to_a_few_units_in_the_last_place(torch, d, norm_type):
    """torch's vectorised sums (fused multiply-adds) round a 2-norm, or a long 1-norm, differently: measured,
    at most 12 units in the last place (a 1-norm of 300 numbers), 4 for these."""
    for g, max_norm in gradients(d, norm_type, n=100):
        theirs = torch_clipped(torch, g, max_norm, norm_type)
        np.testing.assert_allclose(clip_grad_norm(g, max_norm, norm_type), theirs, rtol=1e-15, atol=0)


def test_the_clip_keeps_the_direction_and_caps_the_norm():
    g = np.array([3.0, -4.0])
    clipped = clip_grad_norm(g, 1.0)
    assert np.linalg.norm(clipped) == pytest.approx(1 / (1 + 1e-6)) and clipped / np.linalg.norm(clipped) == \
        pytest.approx(g / 5)
    assert clip_grad_norm(g, 10.0).tolist() == g.tolist()  # under the cap: unchanged (times 1)
    assert clip_grad_norm(g, 1.0, math.inf).tolist() == pytest.approx([0.75, -1.0], rel=1e-6)  # largest |gᵢ| = 4
    assert clip_grad_norm(g, 1.0, 1).tolist() == pytest.approx([3 / 7, -4 / 7], rel=1e-6)  # Σ|gᵢ| = 7
    assert g.tolist() == [3.0, -4.0]  # grad untouched


def test_each_start_or_row_is_its_own_vector():
    rows = np.array([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]])
    per_row = clip_grad_norm(rows, 1.0, axis=-1)
    for row, clipped in zip(rows, per_row, strict=True):
        np.testing.assert_array_equal(clipped, clip_grad_norm(row, 1.0))
    starts = np.array([5.0, -0.5, 2.0])
    np.testing.assert_array_equal(clip_grad_norm(starts, 1.0, axis=()), [clip_grad_norm(s, 1.0) for s in starts])
    assert np.linalg.norm(clip_grad_norm(rows, 1.0)) < 1  # axis None: one vector of all six numbers


@pytest.mark.parametrize(("kwargs", "arg", "value"), [
    ({"max_norm": 0.0}, "max_norm", 0.0),
    ({"max_norm": -1.0}, "max_norm", -1.0),
    ({"max_norm": float("nan")}, "max_norm", float("nan")),
    ({"max_norm": 1.0, "norm_type": 3}, "norm_type", 3),
    ({"max_norm": 1.0, "norm_type": True}, "norm_type", True),
    ({"max_norm": 1.0, "norm_type": "inf"}, "norm_type", "inf"),
])
def test_bad_arguments_name_themselves(kwargs, arg, value):
    with pytest.raises(ValueError, match=rf"^{arg} .*{value!r}"):
        clip_grad_norm([1.0, 2.0], **kwargs)
    with pytest.raises(ValueError, match=r"^grad"):
        clip_grad_norm("steep", 1.0)


def test_x4_at_a_large_rate_diverges_without_clipping_and_settles_with_it():
    """x⁴ from 3 at η = 0.1: f″ = 108 there, far above 2/η = 20, so plain descent overshoots to −7.8 and beyond.
    Clipped to |g| ≤ 1, every step is at most 0.1 long until the slope is gentle enough."""
    plain = run(quartic, GradientDescent(lr=0.1), 3.0, 300)
    clipped = run(quartic, GradientDescent(lr=0.1), 3.0, 300, max_grad_norm=1.0)
    assert plain.status == "diverged" and plain.lengths < 10
    assert clipped.status == "still converging" and abs(clipped.positions[-1]) < 0.07
    assert np.all(np.abs(np.diff(clipped.positions)) <= 0.1)  # no step longer than η · max_grad_norm
    assert np.all(np.diff(clipped.values) < 0)  # downhill at every step
    np.testing.assert_array_equal(clipped.gradients, quartic.grad(clipped.positions))  # the record is unclipped


def test_run_clips_each_start_on_its_own():
    starts = np.array([[-9.0, 3.0], [0.5, 0.2], [4.0, -1.0]])
    together = run(objectives.ill_conditioned_bowl, Momentum(lr=0.05), starts, 80, max_grad_norm=2.0)
    for i, start in enumerate(starts):
        alone = run(objectives.ill_conditioned_bowl, Momentum(lr=0.05), start, 80, max_grad_norm=2.0)
        np.testing.assert_array_equal(together.positions[:, i], alone.positions)
        assert together.status[i] == alone.status
    many_1d = run(quartic, GradientDescent(lr=0.1), np.array([3.0, -2.0, 0.5]), 50, max_grad_norm=1.0)
    for i, x0 in enumerate((3.0, -2.0, 0.5)):
        alone = run(quartic, GradientDescent(lr=0.1), x0, 50, max_grad_norm=1.0)
        np.testing.assert_array_equal(many_1d.positions[:, i], alone.positions)


def test_run_with_clipping_matches_torch(torch):
    """The whole clipped run, against torch's SGD and Adam with clip_grad_norm_ before every step (on a problem
    where rounding differences do not grow, as in test_torch_parity.py)."""
    bowl = objectives.ill_conditioned_bowl
    for optimizer, twin in ((GradientDescent(lr=0.08), lambda p: torch.optim.SGD([p], lr=0.08)),
                            (Momentum(lr=0.02), lambda p: torch.optim.SGD([p], lr=0.02, momentum=0.9)),
                            (Adam(lr=0.05), lambda p: torch.optim.Adam([p], lr=0.05))):
        ours = run(bowl, optimizer, [-9.0, 3.0], 60, max_grad_norm=2.0)
        param = torch.tensor([-9.0, 3.0], dtype=torch.float64, requires_grad=True)
        opt = twin(param)
        path = [param.detach().numpy().copy()]
        for _ in range(60):
            param.grad = torch.tensor(bowl.grad(param.detach().numpy()), dtype=torch.float64)
            torch.nn.utils.clip_grad_norm_([param], 2.0)
            opt.step()
            path.append(param.detach().numpy().copy())
        np.testing.assert_allclose(ours.positions, np.array(path), rtol=1e-12, atol=1e-14)


def test_fit_clips_the_whole_parameter_vector_of_each_model():
    ds = data.two_moons(60, rng=0)
    net = models.MLP([2, 4, 1])
    params0 = net.init_params(np.random.default_rng(1))
    clipped = models.fit(net, GradientDescent(lr=0.5), ds.X, ds.y, epochs=5, params0=params0, max_grad_norm=0.1)
    params = params0.copy()  # the same full-batch descent, clipped by hand
    for _ in range(5):
        params = params - 0.5 * clip_grad_norm(net.loss_and_grad(params, ds.X, ds.y)[1], 0.1)
    np.testing.assert_array_equal(clipped.params, params)
    plain = models.fit(net, GradientDescent(lr=0.5), ds.X, ds.y, epochs=5, params0=params0)
    assert not np.allclose(plain.params, clipped.params)  # the clip mattered
    stack = np.stack([params0, 3 * params0])
    both = models.fit(net, GradientDescent(lr=0.5), ds.X, ds.y, epochs=5, params0=stack, max_grad_norm=0.1)
    np.testing.assert_allclose(both.params[0], clipped.params, rtol=1e-13, atol=1e-15)  # each model on its own


@pytest.mark.parametrize("bad", [0.0, -1.0, "1"])
def test_run_and_fit_check_max_grad_norm(bad):
    with pytest.raises(ValueError, match=rf"^max_grad_norm .*{bad!r}"):
        run(quartic, GradientDescent(lr=0.1), 3.0, 10, max_grad_norm=bad)
    ds = data.two_moons(20, rng=0)
    with pytest.raises(ValueError, match=rf"^max_grad_norm .*{bad!r}"):
        models.fit(models.MLP([2, 3, 1]), GradientDescent(lr=0.1), ds.X, ds.y, epochs=1, max_grad_norm=bad)
