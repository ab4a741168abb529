"""ConvTranspose1d/2d/3d and F.conv_transpose1d/2d/3d against PyTorch: values and the input, weight and bias
gradients over stride, padding, output_padding, groups, dilation, bias, batch 0/1 and unbatched inputs; init,
reprs, state dicts, output_size, errors; float64 central differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


@st.composite
def geometries(draw, dims=st.sampled_from([1, 1, 2, 2, 3])):
    nd = draw(dims)
    groups = draw(st.integers(1, 2))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 3))
    side = 3 if nd == 3 else 5
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(nd))
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    spatial = tuple(draw(st.integers(1, side)) for _ in range(nd))
    batch = draw(st.sampled_from([None, 0, 1, 2]))
    return dict(nd=nd, groups=groups, cin=cin, cout=cout, kernel=kernel, stride=stride, dilation=dilation,
                padding=padding, output_padding=output_padding, spatial=spatial, batch=batch,
                bias=draw(st.booleans()))


@settings(max_examples=100, deadline=None)
@given(geo=geometries(), seed=st.integers(0, 9999))
def test_conv_transpose_modules_match_torch(geo, seed):
    nd = geo["nd"]
    args = dict(in_channels=geo["cin"], out_channels=geo["cout"], kernel_size=geo["kernel"], stride=geo["stride"],
                padding=geo["padding"], output_padding=geo["output_padding"], groups=geo["groups"],
                bias=geo["bias"], dilation=geo["dilation"])
    ours, theirs = getattr(nn, f"ConvTranspose{nd}d")(**args), getattr(torch.nn, f"ConvTranspose{nd}d")(**args)
    assert repr(ours) == repr(theirs)
    assert {k: v.shape for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    shape = (() if geo["batch"] is None else (geo["batch"],)) + (geo["cin"],) + geo["spatial"]
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape).astype(np.float32)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    try:
        t_out = theirs(tx)
    except RuntimeError:  # an output size below 1
        with pytest.raises(RuntimeError, match="too small"):
            ours(mx)
        return
    if 0 in tuple(t_out.shape[-nd:]) and geo["batch"] != 0:  # PyTorch's grouped path lets this one through
        with pytest.raises(RuntimeError, match="too small"):
            ours(mx)
        return
    out = ours(mx)
    assert out.shape == tuple(t_out.shape) and out.dtype == np.float32
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-4, atol=1e-5)
    g = rng.normal(size=out.shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-4, atol=1e-4)
    for (name, p), t_p in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad, t_p.grad.numpy(), rtol=1e-4, atol=1e-4, err_msg=name)


@settings(max_examples=15, deadline=None)
@given(geo=geometries(st.sampled_from([1, 2])), seed=st.integers(0, 999))
def test_conv_transpose_gradients_by_central_differences(geo, seed):
    nd = geo["nd"]
    geo["batch"] = 2
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, geo["cin"]) + geo["spatial"])
    w = rng.normal(size=(geo["cin"], geo["cout"] // geo["groups"]) + geo["kernel"])
    b = rng.normal(size=geo["cout"])
    kwargs = dict(stride=geo["stride"], padding=geo["padding"], output_padding=geo["output_padding"],
                  groups=geo["groups"], dilation=geo["dilation"])
    ref = getattr(torch.nn.functional, f"conv_transpose{nd}d")
    try:
        expected = ref(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **kwargs).numpy()
    except RuntimeError:
        return
    ours = getattr(F, f"conv_transpose{nd}d")
    check_op(lambda x, w, b: ours(x, w, b, **kwargs), lambda *arrays: expected, x, w, b)


def test_conv_transpose_init_matches_torchs_distribution():
    np.random.seed(0)
    layer = nn.ConvTranspose2d(6, 8, (3, 2), groups=2)
    bound = 1 / math.sqrt(4 * 3 * 2)  # fan_in: out_channels / groups * kernel, as torch counts it
    assert layer.weight.shape == (6, 4, 3, 2) and layer.weight.dtype == np.float32
    assert np.abs(layer.weight.data).max() <= bound and np.abs(layer.weight.data).max() > 0.8 * bound
    assert np.abs(layer.bias.data).max() <= bound
    t_layer = torch.nn.ConvTranspose2d(6, 8, (3, 2), groups=2)
    assert abs(t_layer.weight.abs().max().item() - bound) < 0.2 * bound


def test_output_size_picks_output_padding_as_torch():
    ours, theirs = nn.ConvTranspose2d(2, 3, 3, stride=3, padding=1), torch.nn.ConvTranspose2d(2, 3, 3, stride=3,
                                                                                             padding=1)
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).normal(size=(1, 2, 4, 5)).astype(np.float32)
    for size in ([10, 13], [1, 3, 12, 15], (11, 14)):
        out, t_out = ours(x, output_size=size), theirs(torch.from_numpy(x.copy()), output_size=size)
        np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    for lib, arr in ((ours, x), (theirs, torch.from_numpy(x.copy()))):
        with pytest.raises(ValueError, match="valid sizes range"):
            lib(arr, output_size=(20, 20))


def test_errors_match_torch():
    for lib in (nn, torch.nn):
        with pytest.raises(ValueError, match="zeros"):
            lib.ConvTranspose2d(2, 2, 3, padding_mode="reflect")
        with pytest.raises(ValueError, match="divisible by groups"):
            lib.ConvTranspose1d(3, 2, 3, groups=2)
    for lib, make in ((F, lambda *s: np.ones(s, dtype=np.float32)), (torch.nn.functional, torch.ones)):
        with pytest.raises(RuntimeError, match="output padding must be smaller than either stride or dilation"):
            lib.conv_transpose2d(make(1, 2, 3, 3), make(2, 1, 3, 3), output_padding=1)
        with pytest.raises(RuntimeError, match="expected input.* to have 2 channels"):
            lib.conv_transpose1d(make(1, 3, 4), make(2, 1, 3))
        with pytest.raises(RuntimeError, match="too small"):
            lib.conv_transpose1d(make(1, 2, 1), make(2, 1, 1), padding=1)
        with pytest.raises(RuntimeError, match="Expected 2D .* or 3D"):
            lib.conv_transpose1d(make(1, 1, 2, 4), make(2, 1, 3))
    with pytest.raises(ValueError, match="kernel_size"):
        nn.ConvTranspose2d(2, 2, "3")
    with pytest.raises(RuntimeError, match="bias"):
        F.conv_transpose1d(np.ones((1, 2, 4)), np.ones((2, 1, 3)), bias=np.ones(2))


def test_conv_transpose_is_the_adjoint_of_conv():
    """<conv(x), y> == <x, conv_transpose(y)> for the same weight and geometry."""
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 3, 9, 8)), rng.normal(size=(4, 3, 3, 2))
    kwargs = dict(stride=2, padding=1, dilation=2)
    y = F.conv2d(x, w, **kwargs).data
    probe = rng.normal(size=y.shape)
    out_pad = tuple(n - ((o - 1) * 2 - 2 + 2 * (k - 1) + 1) for n, o, k in zip(x.shape[2:], y.shape[2:], (3, 2)))
    back = F.conv_transpose2d(probe, w, output_padding=out_pad, **kwargs).data
    assert back.shape == x.shape
    np.testing.assert_allclose(np.sum(y * probe), np.sum(x * back), rtol=1e-10)


def _transpose_run(geo, x, w, b, g):
    nd = geo["nd"]
    kwargs = dict(stride=geo["stride"], padding=geo["padding"], output_padding=geo["output_padding"],
                  groups=geo["groups"], dilation=geo["dilation"])
    tensors = [mg.tensor(a) for a in (x, w, b)]
    out = getattr(F, f"conv_transpose{nd}d")(*tensors, **kwargs)
    op = out.creator
    (out * g(out.shape)).sum().backward()
    return op, [out.data] + [t.grad for t in tensors]


@settings(max_examples=60, deadline=None)
@given(geo=geometries(st.just(2)), seed=st.integers(0, 999), tiny_blocks=st.booleans(),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_adjoint_path_matches_the_col2im_path(geo, seed, tiny_blocks, dtype):
    """The float path (im2col's convolution run backwards: its input gradient, forward pass and weight gradient)
    against the matmul + col2im path, values and the three gradients; with tiny blocks of ``cols`` the
    convolution inside takes its blocked or shifted-rows passes."""
    from mygrad.nn.functional import conv_transpose, im2col

    if any(op >= s for op, s in zip(geo["output_padding"], geo["stride"])):
        geo["output_padding"] = (0,) * geo["nd"]
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(geo["batch"] or 1, geo["cin"]) + geo["spatial"]).astype(dtype)
    w = rng.normal(size=(geo["cin"], geo["cout"] // geo["groups"]) + geo["kernel"]).astype(dtype)
    b = rng.normal(size=geo["cout"]).astype(dtype)

    def g(shape):
        return np.cos(np.arange(np.prod(shape))).reshape(shape).astype(dtype)

    results = []
    with pytest.MonkeyPatch.context() as patch:
        if tiny_blocks:
            patch.setattr(im2col, "BLOCK_BYTES", 1)
            patch.setattr(im2col, "MIN_BLOCK_COLUMNS", 1)
        try:
            op, found = _transpose_run(geo, x, w, b, g)
        except RuntimeError:  # an output size below 1
            return
        assert op.conv is not None
        results.append(found)
        patch.setattr(conv_transpose, "_adjoint_applies", lambda *args: False)
        op, found = _transpose_run(geo, x, w, b, g)
        assert op.conv is None
        results.append(found)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    for ours, reference in zip(*results):
        assert ours.dtype == reference.dtype == dtype
        np.testing.assert_allclose(ours, reference, rtol=tol, atol=tol)
