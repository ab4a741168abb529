"""F.interpolate and the Upsample modules against PyTorch: values and input gradients for every mode, sizes and
scale factors (size-1 axes, shrinking, non-integer factors, align_corners, recompute_scale_factor), reprs,
errors; float64 central differences."""

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

RANK = {"nearest": (3, 4, 5), "nearest-exact": (3, 4, 5), "area": (3, 4, 5), "linear": (3,), "bilinear": (4,),
        "trilinear": (5,), "bicubic": (4,)}
INTERPOLATING = ("linear", "bilinear", "trilinear", "bicubic")


@st.composite
def cases(draw):
    mode = draw(st.sampled_from(sorted(RANK)))
    rank = draw(st.sampled_from(RANK[mode]))
    dims = rank - 2
    side = 4 if dims == 3 else 6
    spatial = tuple(draw(st.integers(1, side)) for _ in range(dims))
    kwargs = {}
    if draw(st.booleans()):
        size = tuple(draw(st.integers(1, 2 * side)) for _ in range(dims))
        kwargs["size"] = size[0] if draw(st.booleans()) and len(set(size)) == 1 else size
    else:
        factors = st.sampled_from([0.5, 0.75, 1.0, 1.5, 1.7, 2.0, 2.5, 3.0])
        factor = tuple(draw(factors) for _ in range(dims))
        if any(int(n * f) == 0 for n, f in zip(spatial, factor)):
            factor = tuple(max(f, 1.0) for f in factor)
        kwargs["scale_factor"] = factor[0] if draw(st.booleans()) else factor
        if draw(st.booleans()):
            kwargs["recompute_scale_factor"] = draw(st.booleans())
    if mode in INTERPOLATING and draw(st.booleans()):
        kwargs["align_corners"] = draw(st.booleans())
    n, c = draw(st.integers(0, 2)), draw(st.integers(1, 2))
    return mode, (n, c) + spatial, kwargs


@settings(max_examples=120, deadline=None)
@given(case=cases(), seed=st.integers(0, 9999), dtype=st.sampled_from([np.float32, np.float64]))
def test_interpolate_matches_torch(case, seed, dtype):
    mode, shape, kwargs = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape).astype(dtype)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    try:
        t_out = torch.nn.functional.interpolate(tx, mode=mode, **kwargs)
    except RuntimeError:  # (an empty output but for area mode; PyTorch's class, a message naming the sizes)
        with pytest.raises(RuntimeError, match="sizes should be greater than 0"):
            F.interpolate(mx, mode=mode, **kwargs)
        return
    out = F.interpolate(mx, mode=mode, **kwargs)
    assert out.shape == tuple(t_out.shape) and out.dtype == dtype
    tol = dict(rtol=1e-5, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), **tol)
    g = rng.normal(size=out.shape).astype(dtype)
    (out * g).sum().backward()
    if out.size == 0:  # (PyTorch's adaptive_avg_pool backward refuses an empty output; the gradient is 0)
        np.testing.assert_array_equal(mx.grad, np.zeros(shape, dtype))
        return
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), **tol)


@settings(max_examples=40, deadline=None)
@given(module=st.sampled_from(["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]),
       by_size=st.booleans(), seed=st.integers(0, 999), h=st.integers(1, 5), w=st.integers(1, 5),
       mode=st.sampled_from(["nearest", "bilinear", "bicubic", "nearest-exact", "area"]))
def test_upsample_modules_match_torch(module, by_size, seed, h, w, mode):
    args = dict(size=(h + 2, 2 * w)) if by_size else dict(scale_factor=2)
    if module == "Upsample":
        args["mode"] = mode
    ours, theirs = getattr(nn, module)(**args), getattr(torch.nn, module)(**args)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == []
    x = np.random.default_rng(seed).normal(size=(2, 3, h, w)).astype(np.float32)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-5, atol=1e-5)
    out.sum().backward()
    t_out.sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-5, atol=1e-5)


def test_upsample_reprs_match_torch():
    for args in (dict(scale_factor=2), dict(scale_factor=(2, 3)), dict(size=(3, 4), mode="bilinear"),
                 dict(size=5, mode="linear", align_corners=True)):
        assert repr(nn.Upsample(**args)) == repr(torch.nn.Upsample(**args))


@settings(max_examples=20, deadline=None)
@given(mode=st.sampled_from(["nearest", "linear", "bicubic", "bilinear", "nearest-exact"]),
       align=st.booleans(), seed=st.integers(0, 999), h=st.integers(1, 4), w=st.integers(2, 4),
       oh=st.integers(1, 7), ow=st.integers(1, 7))
def test_interpolate_gradients_by_central_differences(mode, align, seed, h, w, oh, ow):
    rank = 3 if mode == "linear" else 4
    shape = (1, 2, w) if rank == 3 else (1, 2, h, w)
    size = ow if rank == 3 else (oh, ow)
    kwargs = dict(size=size, mode=mode)
    if mode not in ("nearest", "nearest-exact"):
        kwargs["align_corners"] = align
    x = np.random.default_rng(seed).normal(size=shape)
    reference = torch.nn.functional.interpolate(torch.from_numpy(x), **kwargs).numpy()
    check_op(lambda t: F.interpolate(t, **kwargs), lambda a: reference if np.array_equal(a, x) else None, x)


def test_errors_match_torch():
    x, tx = np.ones((1, 1, 4, 4), dtype=np.float32), torch.ones(1, 1, 4, 4)
    for lib, arr in ((F, x), (torch.nn.functional, tx)):
        with pytest.raises(ValueError, match="only one of size or scale_factor"):
            lib.interpolate(arr, size=2, scale_factor=2)
        with pytest.raises(ValueError, match="either size or scale_factor"):
            lib.interpolate(arr)
        with pytest.raises(ValueError, match="align_corners option can only be set"):
            lib.interpolate(arr, scale_factor=2, align_corners=True)
        with pytest.raises(ValueError, match="same number of spatial dimensions"):
            lib.interpolate(arr, size=(2, 2, 2))
        with pytest.raises(NotImplementedError, match="Got 4D input, but linear mode needs 3D input"):
            lib.interpolate(arr, scale_factor=2, mode="linear")
        with pytest.raises(ValueError, match="recompute_scale_factor is not meaningful"):
            lib.interpolate(arr, size=2, recompute_scale_factor=True)
        with pytest.raises(TypeError, match="expected size"):
            lib.interpolate(arr, size=(2.5, 2))
        with pytest.raises(RuntimeError, match="greater than 0"):
            lib.interpolate(arr, size=(0, 2))
    with pytest.raises(NotImplementedError, match="Only 3D, 4D and 5D"):
        F.interpolate(np.ones((2, 2)), scale_factor=2)
    with pytest.raises(NotImplementedError, match="antialias"):
        F.interpolate(x, scale_factor=2, mode="bilinear", antialias=True)
    with pytest.raises(NotImplementedError, match="mode"):
        F.interpolate(x, scale_factor=2, mode="cubic")


@pytest.mark.parametrize("scale_factor", ["a", [2], np.ones(3), {1}])
def test_upsample_names_a_scale_factor_that_is_not_a_number_with_torchs_class(scale_factor):
    with pytest.raises((TypeError, ValueError)) as theirs:
        torch.nn.Upsample(scale_factor=scale_factor)
    with pytest.raises(type(theirs.value), match=r"^Upsample: scale_factor must be a number or a tuple of numbers"):
        nn.Upsample(scale_factor=scale_factor)


@pytest.mark.parametrize("scale_factor", [True, 0, 2, (2, 3), np.float32(1.5), None, {}, []])
def test_upsample_reads_scale_factor_as_torch_does(scale_factor):
    assert nn.Upsample(scale_factor=scale_factor).scale_factor == torch.nn.Upsample(scale_factor=scale_factor).scale_factor
