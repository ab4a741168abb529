"""Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout: masks from the global random state, PyTorch's arithmetic.

PyTorch's masks come from its own generator, so the comparison with it is on
what does not depend on the draw: the values a kept and a dropped element
take, the gradient's values, eval mode, reprs and errors. The masks
themselves are checked against NumPy's global state drawn by hand.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import functional as F

torch = pytest.importorskip("torch")

ALPHA = 1.7580993408473766

# (function, module, batched rank, unbatched rank or None)
FEATURE = [("dropout1d", "Dropout1d", 3, 2), ("dropout2d", "Dropout2d", 4, None), ("dropout3d", "Dropout3d", 5, 4)]


@pytest.fixture(autouse=True)
def _restore_global_state():
    state = np.random.get_state()
    yield
    np.random.set_state(state)


@settings(max_examples=40, deadline=None)
@given(case=st.sampled_from(FEATURE), batched=st.booleans(), p=st.sampled_from([0.0, 0.2, 0.5, 0.9, 1.0]),
       sides=st.lists(st.integers(1, 3), min_size=5, max_size=5), seed=st.integers(0, 2**32 - 1),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_feature_dropout_masks_whole_channels_from_the_global_state(case, batched, p, sides, seed, dtype):
    function, module, rank, unbatched_rank = case
    if not batched and unbatched_rank is None:
        return
    shape = tuple(sides[: rank if batched else unbatched_rank])
    x = np.random.default_rng(0).uniform(0.5, 2.0, size=shape).astype(dtype)
    np.random.seed(seed)
    tensor = mg.tensor(x)
    out = getattr(nn, module)(p)(tensor)
    assert out.dtype == dtype and out.shape == shape
    channels = shape[:2] if batched else shape[:1]
    np.random.seed(seed)
    if p in (0.0, 1.0):
        keep = np.full(channels, p == 0.0)
    else:
        keep = np.random.random_sample(((1,) if not batched else ()) + channels).reshape(channels) >= p
    scale = keep / (1 - p) if p < 1 else np.zeros(channels)
    expected = x * scale.reshape(channels + (1,) * (len(shape) - len(channels)))
    np.testing.assert_allclose(out.data, expected, rtol=1e-6)
    out.backward(np.ones(shape, dtype=dtype))
    np.testing.assert_allclose(tensor.grad, np.broadcast_to(expected / x, shape), rtol=1e-6)


@pytest.mark.parametrize("function, module, rank, unbatched", FEATURE)
def test_feature_dropout_matches_torch_where_the_draw_does_not_matter(function, module, rank, unbatched):
    ours, theirs = getattr(nn, module)(0.3), getattr(torch.nn, module)(0.3)
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(1).normal(size=(4, 64) + (2,) * (rank - 2)).astype(np.float32)
    out, t_out = ours(x).data, theirs(torch.from_numpy(x)).numpy()
    ratios, t_ratios = np.unique(np.round(out / x, 4)), np.unique(np.round(t_out / x, 4))
    np.testing.assert_array_equal(ratios, t_ratios)
    np.testing.assert_allclose(ratios, [0.0, 1 / 0.7], atol=1e-4)
    ours.eval(), theirs.eval()
    np.testing.assert_array_equal(ours(x).data, theirs(torch.from_numpy(x)).numpy())
    assert F.__dict__[function](mg.tensor(x), 0.3, training=False).data is not None


def test_feature_dropout_errors_and_warnings_match_torch():
    for bad in (-0.1, 1.5):
        for name in ("Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
            with pytest.raises(ValueError, match="between 0 and 1"):
                getattr(nn, name)(bad)
            with pytest.raises(ValueError, match="between 0 and 1"):
                getattr(torch.nn, name)(bad)
    with pytest.raises(TypeError, match="p"):
        nn.Dropout2d("0.5")
    for lib, x in ((F, np.ones(3, dtype=np.float32)), (torch.nn.functional, torch.ones(3))):
        with pytest.raises(RuntimeError, match="Expected 2D or 3D input"):
            lib.dropout1d(x)
        with pytest.raises(RuntimeError, match="at least 2 dimensions"):
            lib.feature_alpha_dropout(x, 0.5, True)
    for lib, x in ((F, np.ones((2, 3, 4), dtype=np.float32)), (torch.nn.functional, torch.ones(2, 3, 4))):
        with pytest.warns(UserWarning, match="3D input to dropout2d"):
            lib.dropout2d(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.dropout2d(np.ones((2, 3, 4, 4), dtype=np.float32))
        F.dropout3d(np.ones((2, 3, 4, 4), dtype=np.float32))  # 4-D: unbatched, no warning


def test_dropout2d_reads_3d_input_as_n_c_l_like_torch():
    np.random.seed(3)
    with pytest.warns(UserWarning):
        out = nn.Dropout2d(0.5)(np.ones((5, 6, 7), dtype=np.float32)).data
    assert (out == out[:, :, :1]).all()  # one draw per (axis 0, axis 1) pair
    assert len(np.unique(out[:, :, 0])) == 2


def test_inplace_writes_into_the_tensor():
    x = mg.tensor(np.ones((2, 3, 4), dtype=np.float32))
    y = x * 1
    out = F.dropout1d(y, 0.5, inplace=True, generator=np.random.default_rng(0))
    assert out is y
    out.sum().backward()
    np.testing.assert_array_equal(x.grad, y.data)


@settings(max_examples=30, deadline=None)
@given(p=st.sampled_from([0.1, 0.5, 0.8]), feature=st.booleans(), seed=st.integers(0, 2**32 - 1),
       shape=st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple))
def test_alpha_dropout_is_torchs_affine_map(p, feature, seed, shape):
    x = np.random.default_rng(seed % 1000).normal(size=shape)
    np.random.seed(seed)
    tensor = mg.tensor(x)
    ours = (nn.FeatureAlphaDropout if feature else nn.AlphaDropout)(p)
    out = ours(tensor)
    mask_shape = shape[:2] + (1,) * (len(shape) - 2) if feature else shape
    np.random.seed(seed)
    keep = np.random.random_sample(mask_shape) >= p
    a = 1 / np.sqrt((ALPHA**2 * p + 1) * (1 - p))
    expected = np.where(keep, a * x + a * ALPHA * p, a * ALPHA * (p - 1))
    np.testing.assert_allclose(out.data, expected, rtol=1e-12)
    out.backward(np.ones(shape))
    np.testing.assert_allclose(tensor.grad, np.broadcast_to(np.where(keep, a, 0.0), shape), rtol=1e-12)
    # PyTorch's kept and dropped values for the same p: the same two affine maps
    torch.manual_seed(seed % 1000)
    tx = torch.from_numpy(x).requires_grad_(True)
    t_out = (torch.nn.FeatureAlphaDropout if feature else torch.nn.AlphaDropout)(p)(tx)
    t_out.sum().backward()
    t_keep = tx.grad.numpy() != 0
    np.testing.assert_allclose(t_out.detach().numpy(), np.where(t_keep, a * x + a * ALPHA * p, a * ALPHA * (p - 1)),
                               rtol=1e-12)
    np.testing.assert_allclose(tx.grad.numpy()[t_keep], a, rtol=1e-12)
    assert repr(ours) == repr((torch.nn.FeatureAlphaDropout if feature else torch.nn.AlphaDropout)(p))


def test_alpha_dropout_edges_match_torch():
    x = np.random.default_rng(0).normal(size=(3, 4)).astype(np.float32)
    for p in (0.0, 1.0):
        np.testing.assert_array_equal(F.alpha_dropout(x, p, training=True).data,
                                      torch.nn.functional.alpha_dropout(torch.from_numpy(x), p, training=True).numpy())
    # PyTorch's default is training=False: the input passes unchanged
    np.testing.assert_array_equal(F.alpha_dropout(x, 0.5).data, x)
    np.testing.assert_array_equal(nn.AlphaDropout(0.5).eval()(x).data, x)


def test_alpha_dropout_keeps_selu_statistics():
    x = np.random.default_rng(2).normal(size=200_000)
    y = F.alpha_dropout(x, 0.3, training=True, generator=np.random.default_rng(3)).data
    assert abs(y.mean()) < 0.01 and abs(y.std() - 1) < 0.01
