"""nn.Bilinear and F.bilinear against PyTorch: values and gradients of both inputs, weight and bias over
drawn shapes (batch 0 and 1, unbatched, extra leading axes, size-1 features), initialisation, reprs,
state_dict keys, central differences, bad arguments."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
import mygrad.nn.functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


@settings(max_examples=40, deadline=None)
@given(lead=st.sampled_from([(), (0,), (1,), (4,), (2, 3)]), in1=st.integers(1, 4), in2=st.integers(1, 4),
       out=st.integers(1, 3), bias=st.booleans(), seed=st.integers(0, 9999))
def test_bilinear_matches_torch(lead, in1, in2, out, bias, seed):
    g = np.random.default_rng(seed)
    ours = nn.Bilinear(in1, in2, out, bias=bias, dtype=np.float64, generator=g)
    theirs = torch.nn.Bilinear(in1, in2, out, bias=bias, dtype=torch.float64)
    assert repr(ours) == repr(theirs)
    assert {k: v.shape for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    theirs.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in ours.state_dict().items()})
    x1, x2 = g.normal(size=lead + (in1,)), g.normal(size=lead + (in2,))
    m1, m2 = mg.tensor(x1), mg.tensor(x2)
    t1, t2 = torch.tensor(x1, requires_grad=True), torch.tensor(x2, requires_grad=True)
    y, ty = ours(m1, m2), theirs(t1, t2)
    assert y.shape == tuple(ty.shape)
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    up = g.normal(size=y.shape)
    (y * up).sum().backward()
    (ty * torch.tensor(up)).sum().backward()
    np.testing.assert_allclose(m1.grad, t1.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(m2.grad, t2.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.weight.grad, theirs.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
    if bias:
        np.testing.assert_allclose(ours.bias.grad, theirs.bias.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_bilinear_initialisation_and_float32():
    layer = nn.Bilinear(16, 3, 50, generator=np.random.default_rng(0))
    bound = 1 / np.sqrt(16)  # PyTorch: U(-1/sqrt(in1_features), 1/sqrt(in1_features)) for weight and bias
    for p in (layer.weight, layer.bias):
        assert p.dtype == np.float32
        assert np.abs(p.data).max() <= bound and np.abs(p.data).max() > 0.9 * bound
    assert abs(layer.weight.data.std() - bound / np.sqrt(3)) < 0.02
    y = layer(np.ones((2, 16), dtype=np.float32), np.ones((2, 3), dtype=np.float32))
    assert y.dtype == np.float32 and y.shape == (2, 50)
    assert nn.Bilinear(2, 3, 4, bias=False).bias is None


def test_bilinear_central_differences():
    g = np.random.default_rng(1)
    ref = lambda a, b, w, c: np.einsum("ni,kij,nj->nk", a, w, b) + c  # noqa: E731
    check_op(F.bilinear, ref, g.normal(size=(3, 2)), g.normal(size=(3, 4)), g.normal(size=(5, 2, 4)),
             g.normal(size=5))


@pytest.mark.parametrize("call, exc, match", [
    (lambda: F.bilinear(np.ones((5, 2)), np.ones((4, 3)), np.ones((4, 2, 3))), RuntimeError, "dim 0: got 5 and 4"),
    (lambda: F.bilinear(np.ones((5, 2)), np.ones((5, 4)), np.ones((4, 2, 3))), RuntimeError, "input2 size.*4.*3"),
    (lambda: F.bilinear(np.ones((5, 3)), np.ones((5, 3)), np.ones((4, 2, 3))), RuntimeError, "input1 size.*3.*2"),
    (lambda: F.bilinear(np.ones((1, 5, 2)), np.ones((5, 3)), np.ones((4, 2, 3))), RuntimeError, "got 3 and 2"),
    (lambda: F.bilinear(np.ones((5, 2)), np.ones((5, 3)), np.ones((4, 2, 3)), np.ones(3)), RuntimeError, "bias"),
    (lambda: F.bilinear(np.ones((5, 2)), np.ones((5, 3)), np.ones((2, 3))), RuntimeError, "weight"),
    (lambda: F.bilinear(np.ones(()), np.ones(()), np.ones((1, 1, 1))), RuntimeError, "at least one dimension"),
    (lambda: nn.Bilinear(0, 3, 4), ValueError, "in1_features"),
    (lambda: nn.Bilinear(2, 3.0, 4), TypeError, "in2_features"),
    (lambda: nn.Bilinear(2, 3, -1), ValueError, "out_features"),
])
def test_bilinear_bad_arguments(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
