"""LPPool1d/2d/3d, F.lp_pool1d/2d/3d and Softmax2d against PyTorch: values and input gradients, reprs, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn

torch = pytest.importorskip("torch")


@settings(max_examples=50, deadline=None)
@given(nd=st.integers(1, 3), p=st.sampled_from([1, 2, 3, 1.5]), kernel=st.integers(1, 3),
       stride=st.sampled_from([None, 1, 2]), ceil_mode=st.booleans(), batch=st.integers(1, 2),
       side=st.integers(3, 5), seed=st.integers(0, 9999))
def test_lp_pool_matches_torch(nd, p, kernel, stride, ceil_mode, batch, side, seed):
    name = f"LPPool{nd}d"
    ours, theirs = getattr(nn, name)(p, kernel, stride, ceil_mode), getattr(torch.nn, name)(p, kernel, stride,
                                                                                           ceil_mode)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(seed).uniform(0.1, 2.0, size=(batch, 2) + (side,) * nd)  # positive: no 0 ** (1/p - 1)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10)
    g = np.random.default_rng(1).normal(size=out.shape)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-9, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(batched=st.booleans(), seed=st.integers(0, 999))
def test_softmax2d_matches_torch(batched, seed):
    x = np.random.default_rng(seed).normal(size=((2,) if batched else ()) + (3, 4, 5))
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = nn.Softmax2d()(mx), torch.nn.Softmax2d()(tx)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-12)
    g = np.random.default_rng(1).normal(size=out.shape)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_errors():
    with pytest.raises(ValueError, match="3D or 4D"):
        nn.Softmax2d()(np.ones((2, 2)))
    with pytest.raises(ValueError, match="3D or 4D"):
        torch.nn.Softmax2d()(torch.ones(2, 2))
    with pytest.raises(ValueError, match="norm_type"):
        nn.LPPool2d(0, 2)(np.ones((1, 1, 2, 2)))
