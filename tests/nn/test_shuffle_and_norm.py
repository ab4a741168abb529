"""BatchNorm3d, RMSNorm/F.rms_norm, PixelShuffle/PixelUnshuffle/ChannelShuffle against PyTorch: values, every
gradient, running statistics, state dicts, reprs, errors; float64 central differences for rms_norm."""

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


def _load(ours, theirs, rng):
    for p in theirs.parameters():
        p.data = torch.from_numpy(rng.normal(size=tuple(p.shape)).astype(np.float32))
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})


def _run(ours, theirs, x, rng, rtol=1e-4, atol=1e-5):
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=rtol, atol=atol)
    g = rng.normal(size=out.shape).astype(x.dtype)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=10 * rtol, atol=10 * atol)
    t_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, t_params[name].grad.numpy(), rtol=10 * rtol, atol=10 * atol, err_msg=name)
        p.null_grad()
    theirs.zero_grad()


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(1, 3), min_size=1, max_size=3), extra=st.lists(st.integers(0, 3), max_size=2),
       affine=st.booleans(), eps=st.sampled_from([None, 1e-6, 0.1]), as_int=st.booleans(), seed=st.integers(0, 9999),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_rms_norm_matches_torch(shape, extra, affine, eps, as_int, seed, dtype):
    normalized = shape[0] if as_int and len(shape) == 1 else tuple(shape)
    ours = nn.RMSNorm(normalized, eps=eps, elementwise_affine=affine, dtype=dtype)
    theirs = torch.nn.RMSNorm(normalized, eps=eps, elementwise_affine=affine, dtype=getattr(torch, np.dtype(dtype).name))
    assert repr(ours) == repr(theirs)
    rng = np.random.default_rng(seed)
    for p in theirs.parameters():
        p.data = torch.from_numpy(rng.normal(size=tuple(p.shape)).astype(dtype))
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = rng.normal(size=tuple(extra) + tuple(shape)).astype(dtype)
    tol = (1e-4, 1e-5) if dtype == np.float32 else (1e-10, 1e-12)
    _run(ours, theirs, x, rng, *tol)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 999), shape=st.lists(st.integers(1, 3), min_size=1, max_size=2))
def test_rms_norm_gradients_by_central_differences(seed, shape):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(2,) + tuple(shape)), rng.normal(size=tuple(shape))
    axes = tuple(range(1, 1 + len(shape)))

    def reference(x, w):
        return x / np.sqrt(np.mean(x * x, axis=axes, keepdims=True) + 1e-3) * w

    check_op(lambda x, w: F.rms_norm(x, tuple(shape), w, eps=1e-3), reference, x, w)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 3), c=st.integers(1, 3), side=st.integers(1, 3), affine=st.booleans(),
       track=st.booleans(), seed=st.integers(0, 9999))
def test_batch_norm_3d_matches_torch(n, c, side, affine, track, seed):
    ours = nn.BatchNorm3d(c, affine=affine, track_running_stats=track)
    theirs = torch.nn.BatchNorm3d(c, affine=affine, track_running_stats=track)
    assert repr(ours) == repr(theirs)
    rng = np.random.default_rng(seed)
    _load(ours, theirs, rng)
    x = rng.normal(2.0, 3.0, size=(n, c, side, side + 1, 2)).astype(np.float32)
    _run(ours, theirs, x, rng, rtol=1e-4, atol=1e-4)
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[key], value.numpy(), rtol=1e-5, atol=1e-6)
    ours.eval(), theirs.eval()
    _run(ours, theirs, x, rng, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="5D"):
        ours(x[0])


@settings(max_examples=40, deadline=None)
@given(lead=st.lists(st.integers(1, 2), max_size=2), r=st.integers(1, 3), c=st.integers(1, 2),
       h=st.integers(1, 3), w=st.integers(1, 3), seed=st.integers(0, 9999))
def test_pixel_and_channel_shuffles_match_torch(lead, r, c, h, w, seed):
    rng = np.random.default_rng(seed)
    lead = tuple(lead)
    for ours, theirs, shape in (
        (nn.PixelShuffle(r), torch.nn.PixelShuffle(r), lead + (c * r * r, h, w)),
        (nn.PixelUnshuffle(r), torch.nn.PixelUnshuffle(r), lead + (c, h * r, w * r)),
        (nn.ChannelShuffle(r), torch.nn.ChannelShuffle(r), (1 + len(lead), c * r, h, w)),
    ):
        assert repr(ours) == repr(theirs)
        _run(ours, theirs, rng.normal(size=shape).astype(np.float32), rng, rtol=0, atol=0)


def test_errors_match_torch():
    for lib, make in ((F, lambda *s: np.ones(s, dtype=np.float32)), (torch.nn.functional, torch.ones)):
        with pytest.raises(RuntimeError, match="divisible by the square of upscale_factor"):
            lib.pixel_shuffle(make(1, 5, 2, 2), 2)
        with pytest.raises(RuntimeError, match="at least 3 dimensions"):
            lib.pixel_shuffle(make(5, 2), 2)
        with pytest.raises(RuntimeError, match="height to be divisible by downscale_factor"):
            lib.pixel_unshuffle(make(1, 1, 5, 4), 2)
        with pytest.raises(RuntimeError, match="Number of channels must be divisible by groups"):
            lib.channel_shuffle(make(1, 5, 2, 2), 2)
        with pytest.raises(RuntimeError, match="expected input with shape"):
            lib.rms_norm(make(2, 3), (4,))
    with pytest.raises(ValueError, match="upscale_factor"):
        F.pixel_shuffle(np.ones((1, 4, 2, 2)), 0)
