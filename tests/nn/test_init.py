"""nn.init: bounds, statistics, structure (orthogonality, Dirac), in-place semantics, generators."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import Parameter, init


def gen(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.mark.parametrize(
    "name, param, expected",
    [("linear", None, 1.0), ("conv2d", None, 1.0), ("sigmoid", None, 1.0), ("tanh", None, 5 / 3),
     ("relu", None, math.sqrt(2)), ("selu", None, 0.75), ("leaky_relu", None, math.sqrt(2 / (1 + 0.01**2))),
     ("leaky_relu", 0.2, math.sqrt(2 / 1.04))],
)
def test_calculate_gain(name, param, expected):
    assert init.calculate_gain(name, param) == pytest.approx(expected)


def test_calculate_gain_rejects_unknown_names():
    with pytest.raises(ValueError, match="Unsupported nonlinearity 'swish'"):
        init.calculate_gain("swish")


def test_fills_are_in_place_and_return_their_argument():
    p = Parameter(np.empty((3, 4), dtype=np.float32))
    data = p.data
    assert init.constant_(p, 0.5) is p and p.data is data and np.all(data == 0.5) and data.dtype == np.float32
    assert np.all(init.zeros_(p).data == 0) and np.all(init.ones_(p).data == 1)
    arr = np.empty((2, 3))
    assert init.uniform_(arr, generator=gen()) is arr
    np.testing.assert_array_equal(init.eye_(np.empty((2, 3))), np.eye(2, 3))


def test_integer_tensors_are_rejected():
    with pytest.raises(TypeError, match="floating-point.*int64"):
        init.normal_(mg.tensor([1, 2]))


@settings(max_examples=20)
@given(a=st.floats(-5, 5), width=st.floats(0.01, 5), seed=st.integers(0, 2**16))
def test_uniform_stays_in_bounds(a, width, seed):
    x = init.uniform_(np.empty(500), a, a + width, generator=gen(seed))
    assert x.min() >= a and x.max() <= a + width


def test_normal_and_trunc_normal_statistics():
    x = init.normal_(np.empty(200_000), 2.0, 3.0, generator=gen())
    assert abs(x.mean() - 2.0) < 0.03 and abs(x.std() - 3.0) < 0.03
    t = init.trunc_normal_(np.empty(50_000), 0.0, 1.0, -1.0, 0.5, generator=gen())
    assert t.min() >= -1.0 and t.max() <= 0.5 and t.min() < -0.99 and t.max() > 0.49


@pytest.mark.parametrize("shape", [(256, 512), (64, 32, 3, 3)])
def test_xavier_statistics(shape):
    fan_in = shape[1] * int(np.prod(shape[2:]))
    fan_out = shape[0] * int(np.prod(shape[2:]))
    std = 1.5 * math.sqrt(2 / (fan_in + fan_out))
    u = init.xavier_uniform_(np.empty(shape), gain=1.5, generator=gen())
    assert np.abs(u).max() <= std * math.sqrt(3) and u.std() == pytest.approx(std, rel=0.02)
    n = init.glorot_normal_(np.empty(shape), gain=1.5, generator=gen(1))
    assert n.std() == pytest.approx(std, rel=0.02) and abs(n.mean()) < 0.01 * std * 10


@pytest.mark.parametrize("mode, nonlinearity, a", [("fan_in", "relu", 0), ("fan_out", "leaky_relu", 0.1),
                                                   ("fan_in", "leaky_relu", math.sqrt(5))])
def test_kaiming_bounds_and_std(mode, nonlinearity, a):
    shape = (128, 64, 3)
    fan = 64 * 3 if mode == "fan_in" else 128 * 3
    std = init.calculate_gain(nonlinearity, a) / math.sqrt(fan)
    u = init.kaiming_uniform_(np.empty(shape), a=a, mode=mode, nonlinearity=nonlinearity, generator=gen())
    assert np.abs(u).max() <= math.sqrt(3) * std and np.abs(u).max() > 0.99 * math.sqrt(3) * std
    n = init.he_normal_(np.empty(shape), a=a, mode=mode, nonlinearity=nonlinearity, generator=gen())
    assert n.std() == pytest.approx(std, rel=0.02)


def test_fan_errors_name_the_problem():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(np.empty(5))
    with pytest.raises(ValueError, match="Mode 'fan_avg' not supported"):
        init.kaiming_normal_(np.empty((2, 2)), mode="fan_avg")


@settings(max_examples=20)
@given(rows=st.integers(1, 8), cols=st.integers(1, 8), gain=st.floats(0.5, 2), seed=st.integers(0, 100))
def test_orthogonal_rows_or_columns_are_orthonormal(rows, cols, gain, seed):
    q = init.orthogonal_(np.empty((rows, cols)), gain=gain, generator=gen(seed)) / gain
    if rows <= cols:
        np.testing.assert_allclose(q @ q.T, np.eye(rows), atol=1e-10)
    else:
        np.testing.assert_allclose(q.T @ q, np.eye(cols), atol=1e-10)


def test_orthogonal_on_conv_weights_flattens_trailing_axes():
    w = init.orthogonal_(np.empty((4, 2, 3, 3)), generator=gen()).reshape(4, -1)
    np.testing.assert_allclose(w @ w.T, np.eye(4), atol=1e-10)


@pytest.mark.parametrize("groups", [1, 2])
def test_dirac_makes_the_convolution_an_identity(groups):
    w = init.dirac_(np.empty((4, 4 // groups, 3, 3)), groups=groups)
    x = np.random.default_rng(0).normal(size=(1, 4, 5, 5))
    out = nn.functional.conv2d(x, w, padding=1, groups=groups).data
    np.testing.assert_allclose(out, x)
    assert w.sum() == 4
    with pytest.raises(ValueError, match="3, 4 or 5-D"):
        init.dirac_(np.empty((2, 2)))


def test_default_source_is_numpys_global_state():
    np.random.seed(123)
    a = init.normal_(np.empty(5), 2.0, 3.0)
    np.random.seed(123)
    np.testing.assert_array_equal(a, np.random.normal(2.0, 3.0, 5))
    mg.random.seed(123)  # the same seed, through mygrad
    np.testing.assert_array_equal(init.normal_(np.empty(5), 2.0, 3.0), a)


def test_generator_may_be_a_generator_or_a_random_state():
    from_state = init.uniform_(np.empty(4), generator=np.random.RandomState(0))
    np.testing.assert_array_equal(from_state, np.random.RandomState(0).uniform(size=4))
    from_generator = init.uniform_(np.empty(4), generator=np.random.default_rng(0))
    np.testing.assert_array_equal(from_generator, np.random.default_rng(0).uniform(size=4))
    with pytest.raises(TypeError, match="generator must be a numpy.random.Generator or numpy.random.RandomState"):
        init.normal_(np.empty(2), generator=0)


def test_layer_defaults_match_pytorch_initialisation():
    lin = nn.Linear(50, 400, generator=gen())
    bound = 1 / math.sqrt(50)
    for p in (lin.weight, lin.bias):
        assert np.abs(p.data).max() <= bound and np.abs(p.data).max() > 0.95 * bound
    assert lin.weight.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.03)
    conv = nn.Conv2d(4, 300, 3, groups=2, generator=gen())
    bound = 1 / math.sqrt(2 * 9)
    assert conv.weight.shape == (300, 2, 3, 3)
    assert bound * 0.95 < np.abs(conv.weight.data).max() <= bound and np.abs(conv.bias.data).max() <= bound
    gru = nn.GRU(3, 16, generator=gen())
    assert all(np.abs(p.data).max() <= 0.25 for p in gru.parameters())
    emb = nn.Embedding(1000, 20, generator=gen())
    assert emb.weight.data.std() == pytest.approx(1.0, rel=0.03)
    bn = nn.BatchNorm1d(3)
    assert bn.weight.data.tolist() == [1, 1, 1] and bn.bias.data.tolist() == [0, 0, 0]


def test_layers_are_reproducible_from_a_seed_or_a_generator():
    a, b = nn.Linear(3, 3, generator=gen(7)), nn.Linear(3, 3, generator=gen(7))
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    mg.random.seed(5)
    c = nn.Conv1d(2, 2, 3)
    mg.random.seed(5)
    d = nn.Conv1d(2, 2, 3)
    np.testing.assert_array_equal(c.weight.data, d.weight.data)


@pytest.mark.parametrize("func, allows_negative", [
    (init.xavier_uniform_, False), (init.xavier_normal_, False), (init.orthogonal_, True),
])
@pytest.mark.parametrize("gain, kind", [
    ("a", TypeError), (1 + 2j, TypeError), (None, TypeError), (np.ones(2), TypeError),
    (float("nan"), ValueError), (float("inf"), ValueError), (-7, ValueError),
])
def test_a_bad_gain_is_named_before_the_tensor_changes(func, allows_negative, gain, kind):
    w = np.full((3, 4), 5.0)
    if allows_negative and isinstance(gain, int) and gain == -7:
        func(w, gain=gain)
        assert np.all(np.isfinite(w))
        return
    with pytest.raises(kind, match=rf"^{func.__name__}: gain must be"):
        func(w, gain=gain)
    np.testing.assert_array_equal(w, 5.0)


@pytest.mark.parametrize("gain", [2, np.float32(2.0), np.array(2.0), True])
def test_a_real_scalar_gain_of_any_type_is_accepted(gain):
    a = init.xavier_normal_(np.empty((30, 40)), gain=gain, generator=np.random.default_rng(0))
    b = init.xavier_normal_(np.empty((30, 40)), gain=float(gain), generator=np.random.default_rng(0))
    np.testing.assert_array_equal(a, b)
