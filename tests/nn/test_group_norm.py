"""GroupNorm and InstanceNorm1d/2d/3d against PyTorch: values, every gradient, running statistics, state dicts,
reprs and errors; float64 central-difference checks of group_norm and instance_norm."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


def _grads_match(ours, theirs, rtol=1e-4, atol=1e-5):
    for mine, ref in zip(ours, theirs):
        if ref is None:
            assert mine is None
        else:
            np.testing.assert_allclose(mine, ref.detach().numpy(), rtol=rtol, atol=atol)


@settings(max_examples=50, deadline=None)
@given(n=st.integers(0, 3), groups=st.integers(1, 3), per_group=st.integers(1, 3),
       spatial=st.lists(st.integers(1, 3), max_size=2), affine=st.booleans(), bias=st.booleans(),
       eps=st.sampled_from([1e-5, 1e-3]), seed=st.integers(0, 9999))
def test_group_norm_matches_torch(n, groups, per_group, spatial, affine, bias, eps, seed):
    c = groups * per_group
    shape = (n, c, *spatial)
    ours = nn.GroupNorm(groups, c, eps=eps, affine=affine, bias=bias)
    theirs = torch.nn.GroupNorm(groups, c, eps=eps, affine=affine, bias=bias)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    rng = np.random.default_rng(seed)
    for name, param in ours.named_parameters():
        param.data[...] = rng.normal(size=param.shape)
        getattr(theirs, name).data = torch.from_numpy(param.data.copy())
    x = rng.normal(2.0, 3.0, size=shape).astype(np.float32)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    if n * per_group * int(np.prod(spatial)) == 1:
        with pytest.raises(ValueError, match="more than 1 value"):
            ours(mx)
        with pytest.raises(ValueError, match="more than 1 value"):
            theirs(tx)
        return
    out, t_out = ours(mx), theirs(tx)
    assert out.dtype == np.float32 and out.shape == shape
    # A group of one value has variance 0: the output is exactly 0 (here) or rounding noise times 1/sqrt(eps)
    # (PyTorch's x * scale - mean * scale form), so the tolerance grows with that factor.
    single = per_group * int(np.prod(spatial)) == 1
    tol = 1e-4 if not single else 1e-4 + 4e-7 * float(np.abs(x).max(initial=0)) / np.sqrt(eps)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-4, atol=tol)
    g = rng.normal(size=shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    _grads_match([mx.grad] + [p.grad for p in ours.parameters()],
                 [tx.grad] + [p.grad for p in theirs.parameters()], rtol=1e-3, atol=1e-3 if not single else 1e-3 + 20 * tol * (n + 1))


@settings(max_examples=50, deadline=None)
@given(dims=st.sampled_from([1, 2, 3]), batched=st.booleans(), n=st.integers(1, 3), c=st.integers(1, 3),
       side=st.integers(2, 3), affine=st.booleans(), track=st.booleans(),
       momentum=st.sampled_from([0.1, 0.5, None]), seed=st.integers(0, 9999))
def test_instance_norm_matches_torch(dims, batched, n, c, side, affine, track, momentum, seed):
    name = f"InstanceNorm{dims}d"
    ours = getattr(nn, name)(c, affine=affine, track_running_stats=track, momentum=momentum)
    theirs = getattr(torch.nn, name)(c, affine=affine, track_running_stats=track, momentum=momentum)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    rng = np.random.default_rng(seed)
    for pname, param in ours.named_parameters():
        param.data[...] = rng.normal(size=param.shape)
        getattr(theirs, pname).data = torch.from_numpy(param.data.copy())
    shape = ((n,) if batched else ()) + (c,) + (side,) * dims
    for step in range(3):  # two training steps, then evaluation
        if step == 2:
            ours.eval(), theirs.eval()
        x = rng.normal(1.0, 2.0, size=shape).astype(np.float32)
        mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
        out, t_out = ours(mx), theirs(tx)
        assert out.shape == shape
        np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-4, atol=1e-4)
        g = rng.normal(size=shape).astype(np.float32)
        for p in ours.parameters():
            p.null_grad()
        theirs.zero_grad()
        (out * g).sum().backward()
        (t_out * torch.from_numpy(g.copy())).sum().backward()
        _grads_match([mx.grad] + [p.grad for p in ours.parameters()],
                     [tx.grad] + [p.grad for p in theirs.parameters()], rtol=1e-3, atol=1e-3)
        for key, value in theirs.state_dict().items():
            np.testing.assert_allclose(ours.state_dict()[key], value.numpy(), rtol=1e-5, atol=1e-6, err_msg=key)


def test_norm_state_dicts_round_trip_with_torch():
    theirs = torch.nn.Sequential(torch.nn.GroupNorm(2, 4), torch.nn.InstanceNorm2d(4, affine=True,
                                                                                   track_running_stats=True))
    for p in theirs.parameters():
        p.data.normal_()
    theirs(torch.randn(3, 4, 5, 5))
    ours = nn.Sequential(nn.GroupNorm(2, 4), nn.InstanceNorm2d(4, affine=True, track_running_stats=True))
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    back = torch.nn.Sequential(torch.nn.GroupNorm(2, 4), torch.nn.InstanceNorm2d(4, affine=True,
                                                                                 track_running_stats=True))
    back.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in ours.state_dict().items()})
    ours.eval(), back.eval(), theirs.eval()
    x = np.random.default_rng(0).normal(size=(2, 4, 3, 3)).astype(np.float32)
    np.testing.assert_allclose(ours(x).data, theirs(torch.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-5)
    for key, value in theirs.state_dict().items():
        assert torch.equal(back.state_dict()[key], value), key


def _group_norm_reference(x, w, b, groups, eps):
    n, c = x.shape[:2]
    g = x.reshape(n, groups, -1)
    xhat = ((g - g.mean(2, keepdims=True)) / np.sqrt(g.var(2, keepdims=True) + eps)).reshape(x.shape)
    shape = (c,) + (1,) * (x.ndim - 2)
    return xhat * w.reshape(shape) + b.reshape(shape)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 2), groups=st.integers(1, 2), per_group=st.integers(1, 2),
       spatial=st.lists(st.integers(2, 3), min_size=1, max_size=2), seed=st.integers(0, 999))
def test_group_norm_gradients_by_central_differences(n, groups, per_group, spatial, seed):
    c = groups * per_group
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(n, c, *spatial)), rng.normal(size=c), rng.normal(size=c)
    check_op(lambda x, w, b: F.group_norm(x, groups, w, b, eps=1e-3),
             lambda x, w, b: _group_norm_reference(x, w, b, groups, 1e-3), x, w, b, atol=1e-5, rtol=1e-4)
    check_op(lambda x, w, b: F.instance_norm(x, weight=w, bias=b, eps=1e-3),
             lambda x, w, b: _group_norm_reference(x, w, b, c, 1e-3), x, w, b, atol=1e-5, rtol=1e-4)
    rm, rv = rng.normal(size=c), rng.uniform(0.5, 2.0, size=c)
    shape = (c,) + (1,) * len(spatial)
    check_op(lambda x, w: F.instance_norm(x, rm, rv, w, use_input_stats=False, eps=1e-3),
             lambda x, w: (x - rm.reshape(shape)) / np.sqrt(rv.reshape(shape) + 1e-3) * w.reshape(shape), x, w)


def test_errors_match_torch():
    for lib in (nn, torch.nn):
        with pytest.raises(ValueError, match="divisible by num_groups"):
            lib.GroupNorm(3, 4)
        with pytest.raises(ValueError, match="expected 2D or 3D input"):
            lib.InstanceNorm1d(3)(np.ones((2, 3, 4, 5), dtype=np.float32) if lib is nn else torch.ones(2, 3, 4, 5))
        with pytest.raises(ValueError, match="to match num_features"):
            lib.InstanceNorm1d(3, affine=True)(np.ones((2, 4, 5), dtype=np.float32) if lib is nn else
                                               torch.ones(2, 4, 5))
        with pytest.raises(ValueError, match="more than 1 spatial element"):
            lib.InstanceNorm2d(3)(np.ones((2, 3, 1, 1), dtype=np.float32) if lib is nn else torch.ones(2, 3, 1, 1))
    for lib, make in ((F, lambda *s: np.ones(s, dtype=np.float32)), (torch.nn.functional, torch.ones)):
        with pytest.raises(RuntimeError, match="at least 2 dimensions"):
            lib.group_norm(make(4), 2)
        with pytest.raises(RuntimeError, match="divisible by num_groups"):
            lib.group_norm(make(2, 4, 3), 3)
    with pytest.warns(UserWarning, match="does not match num_features"):
        nn.InstanceNorm1d(3)(np.ones((2, 4, 5), dtype=np.float32))
    with pytest.raises(RuntimeError, match="running_mean"):
        F.instance_norm(np.ones((2, 3, 4)), use_input_stats=False)
    with pytest.raises(RuntimeError, match="weight"):
        F.group_norm(np.ones((2, 4, 3)), 2, weight=np.ones(3))
    with pytest.raises(TypeError, match="num_groups"):
        nn.GroupNorm(2.0, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.InstanceNorm1d(3)(np.ones((3, 5), dtype=np.float32))  # unbatched (C, L): no warning


def test_group_norm_names_a_channel_count_numpy_cannot_allocate():
    with pytest.raises(ValueError, match=r"^GroupNorm: a parameter of shape 1000000000000000000000000000000 \(from its "
                                         r"weight\) is more than NumPy can allocate"):
        nn.GroupNorm(1, 10**30)
