"""AdaptiveMaxPool1d/2d/3d and F.adaptive_max_pool1d/2d/3d against PyTorch: values, indices and input gradients
over output sizes (larger than the input, None, overlapping windows), ties, batch 0 and unbatched inputs; reprs,
errors; central differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


@settings(max_examples=60, deadline=None)
@given(nd=st.integers(1, 3), batch=st.sampled_from([None, 0, 1, 2]), c=st.integers(1, 2),
       sides=st.lists(st.integers(1, 6), min_size=3, max_size=3), outs=st.lists(st.integers(1, 7), min_size=3,
                                                                                 max_size=3),
       keep=st.lists(st.booleans(), min_size=3, max_size=3), ties=st.booleans(), indices=st.booleans(),
       seed=st.integers(0, 9999))
def test_adaptive_max_pool_matches_torch(nd, batch, c, sides, outs, keep, ties, indices, seed):
    spatial = tuple(sides[:nd])
    size = tuple(None if k and nd > 1 else o for o, k in zip(outs[:nd], keep))
    size = size[0] if nd == 1 else size
    shape = (() if batch is None else (batch,)) + (c,) + spatial
    rng = np.random.default_rng(seed)
    x = (rng.integers(0, 3, size=shape) if ties else rng.normal(size=shape)).astype(np.float32)
    name = f"AdaptiveMaxPool{nd}d"
    ours, theirs = getattr(nn, name)(size, return_indices=indices), getattr(torch.nn, name)(size, indices)
    assert repr(ours) == repr(theirs)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    result, t_result = ours(mx), theirs(tx)
    out, t_out = (result[0], t_result[0]) if indices else (result, t_result)
    np.testing.assert_array_equal(out.data, t_out.detach().numpy())
    if indices:
        np.testing.assert_array_equal(result[1], t_result[1].numpy())
    g = rng.normal(size=out.shape).astype(np.float32)
    (out * g).sum().backward()
    if out.size:
        (t_out * torch.from_numpy(g.copy())).sum().backward()
        np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-6, atol=1e-6)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 999), h=st.integers(1, 5), w=st.integers(1, 5), oh=st.integers(1, 6),
       ow=st.integers(1, 6))
def test_gradients_by_central_differences(seed, h, w, oh, ow):
    x = np.random.default_rng(seed).permutation(2 * h * w).reshape(1, 2, h, w) / 7.0  # distinct: no ties
    expected = torch.nn.functional.adaptive_max_pool2d(torch.from_numpy(x), (oh, ow)).numpy()
    check_op(lambda t: F.adaptive_max_pool2d(t, (oh, ow)), lambda a: expected, x)


def test_errors():
    for lib, make in ((F, lambda *s: np.ones(s, dtype=np.float32)), (torch.nn.functional, torch.ones)):
        with pytest.raises(RuntimeError, match="non-zero size for non-batch dimensions"):
            lib.adaptive_max_pool2d(make(1, 1, 0, 3), 2)
    with pytest.raises(RuntimeError, match="3D or 4D"):
        F.adaptive_max_pool2d(np.ones((2, 2)), 1)
    with pytest.raises(ValueError, match="output_size"):
        F.adaptive_max_pool2d(np.ones((1, 1, 2, 2)), (1, 2, 3))
