"""relu6, hardswish, hardsigmoid, mish, logsigmoid, softmin, celu, softshrink, hardshrink, tanhshrink, threshold,
prelu, rrelu (functions and modules) against PyTorch: values, input gradients, PReLU's weight gradient, reprs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
import mygrad.nn.functional as F
from mygrad import nn

torch = pytest.importorskip("torch")

SHAPES = st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple)

# (our module, torch module) built the same way; each is also checked through the functional form by name
CASES = {
    "ReLU6": ((), {}), "Hardswish": ((), {}), "Hardsigmoid": ((), {}), "Mish": ((), {}), "LogSigmoid": ((), {}),
    "Tanhshrink": ((), {}), "Softmin": ((), {"dim": 1}), "CELU": ((), {"alpha": 0.7}),
    "Softshrink": ((0.8,), {}), "Hardshrink": ((0.8,), {}), "Threshold": ((0.3, -2.0), {}),
    "RReLU": ((0.1, 0.4), {}),
}


def compare(ours, theirs, x, params=()):
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    assert out.dtype == np.float32 and out.shape == tuple(t_out.shape)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    g = np.random.default_rng(0).normal(size=out.shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g)).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-5, atol=1e-6)
    for p, tp in params:
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-4, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(CASES)), shape=SHAPES, scale=st.sampled_from([1.0, 4.0, 50.0]),
       seed=st.integers(0, 9999))
def test_activation_modules_match_torch(name, shape, scale, seed):
    if name == "Softmin" and len(shape) < 2:
        shape = shape + (3,)
    args, kwargs = CASES[name]
    ours, theirs = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    ours.eval(), theirs.eval()
    assert repr(ours) == repr(theirs)
    x = (np.random.default_rng(seed).normal(size=shape) * scale).astype(np.float32)
    compare(ours, theirs, x)


@settings(max_examples=30, deadline=None)
@given(shape=SHAPES, seed=st.integers(0, 9999), scale=st.sampled_from([1.0, 10.0]))
def test_functional_forms_match_torch(shape, seed, scale):
    x = (np.random.default_rng(seed).normal(size=shape) * scale).astype(np.float32)
    tf = torch.nn.functional
    for ours, theirs in [
        (F.relu6, tf.relu6), (F.hardswish, tf.hardswish), (F.hardsigmoid, tf.hardsigmoid), (F.mish, tf.mish),
        (F.logsigmoid, tf.logsigmoid), (F.tanhshrink, tf.tanhshrink),
        (lambda a: F.softmin(a, dim=-1), lambda a: tf.softmin(a, dim=-1)),
        (lambda a: F.celu(a, 2.0), lambda a: tf.celu(a, 2.0)),
        (lambda a: F.softshrink(a, 0.3), lambda a: tf.softshrink(a, 0.3)),
        (lambda a: F.hardshrink(a, 0.3), lambda a: tf.hardshrink(a, 0.3)),
        (lambda a: F.threshold(a, -0.5, 7.0), lambda a: tf.threshold(a, -0.5, 7.0)),
        (lambda a: F.rrelu(a, 0.2, 0.3, training=False), lambda a: tf.rrelu(a, 0.2, 0.3, training=False)),
    ]:
        compare(ours, theirs, x)


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple), per_channel=st.booleans(),
       seed=st.integers(0, 9999))
def test_prelu_matches_torch_including_weight_gradient(shape, per_channel, seed):
    n = shape[1] if per_channel and len(shape) >= 2 else 1
    ours, theirs = nn.PReLU(n, init=0.2), torch.nn.PReLU(n, init=0.2)
    assert repr(ours) == repr(theirs)
    assert [k for k, _ in ours.named_parameters()] == [k for k, _ in theirs.named_parameters()]
    w = np.random.default_rng(seed + 1).uniform(-1, 1, size=n).astype(np.float32)
    ours.load_state_dict({"weight": w})
    theirs.load_state_dict({"weight": torch.from_numpy(w.copy())})
    x = np.random.default_rng(seed).normal(size=shape).astype(np.float32)
    compare(ours, theirs, x, [(ours.weight, theirs.weight)])


def test_rrelu_training_draws_slopes_in_range_and_backprops_them():
    act = nn.RReLU(0.1, 0.3, generator=np.random.default_rng(0))
    x = mg.tensor(-np.ones(10000, dtype=np.float32))
    y = act(x)
    slopes = -y.data
    assert y.dtype == np.float32 and slopes.min() >= 0.1 and slopes.max() <= 0.3 and slopes.std() > 0.05
    y.sum().backward()
    np.testing.assert_allclose(x.grad, slopes)
    act.eval()
    np.testing.assert_allclose(act(x).data, -0.2, rtol=1e-6)
    a = nn.RReLU(generator=np.random.default_rng(5))(x).data
    b = nn.RReLU(generator=np.random.default_rng(5))(x).data
    np.testing.assert_array_equal(a, b)


def test_extreme_inputs_stay_finite():
    x = mg.tensor(np.array([-1e4, -50.0, 0.0, 50.0, 1e4], dtype=np.float32))
    for f in (F.mish, F.logsigmoid, F.celu, F.hardswish, lambda a: F.softmin(a, dim=0)):
        y = f(x)
        y.sum().backward()
        assert np.all(np.isfinite(y.data)) and np.all(np.isfinite(x.grad)), f
        x.null_grad()


def test_inplace_writes_into_the_input():
    x = mg.tensor(np.array([-1.0, 8.0], dtype=np.float32))
    y = x * 1
    assert nn.ReLU6(inplace=True)(y) is y
    np.testing.assert_array_equal(y.data, [0.0, 6.0])


def test_validation_names_the_argument():
    with pytest.raises(ValueError, match="lambda must be greater or equal to 0"):
        F.softshrink(mg.tensor([1.0]), -1.0)
    with pytest.raises(ValueError, match="alpha"):
        F.celu(mg.tensor([1.0]), 0.0)
    with pytest.raises(ValueError, match="channel size"):
        F.prelu(mg.tensor(np.zeros((2, 3))), mg.tensor(np.ones(2)))
    with pytest.raises(TypeError, match="num_parameters"):
        nn.PReLU(2.0)
    with pytest.raises(ValueError, match="upper"):
        nn.RReLU(0.5, 0.1)
    with pytest.raises(TypeError, match="lambd"):
        nn.Hardshrink("a")
