"""ZeroPad/ConstantPad/ReflectionPad/ReplicationPad 1d and 2d against PyTorch: values, input gradients, reprs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn

torch = pytest.importorskip("torch")


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(["ZeroPad1d", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d",
                             "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d"]),
       batched=st.booleans(), n=st.integers(1, 2), c=st.integers(1, 3), size=st.integers(3, 5),
       data=st.data(), seed=st.integers(0, 9999))
def test_padding_modules_match_torch(name, batched, n, c, size, data, seed):
    dims = int(name[-2])
    limit = size - 1 if name.startswith("Reflection") else 3
    low = 0 if name.startswith(("Reflection", "Replication")) else -1
    if data.draw(st.booleans()):
        padding = data.draw(st.integers(0, limit))
    else:
        padding = tuple(data.draw(st.integers(low, limit)) for _ in range(2 * dims))
    args = (padding, 2.5) if name.startswith("Constant") else (padding,)
    ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(ours) == repr(theirs)
    shape = ((n,) if batched else ()) + (c,) + (size,) * dims
    x = np.random.default_rng(seed).normal(size=shape).astype(np.float32)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.data, t_out.detach().numpy())
    g = np.random.default_rng(1).normal(size=out.shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g)).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_padding_validation():
    with pytest.raises(TypeError, match="padding"):
        nn.ZeroPad2d((1, 2))
    with pytest.raises(ValueError, match="3-D"):
        nn.ReflectionPad2d(1)(np.zeros((4, 4), dtype=np.float32))
