"""LocalResponseNorm / F.local_response_norm and CrossMapLRN2d against PyTorch: values, input gradients,
reprs, state dicts and errors; float64 central-difference checks of both windows."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import functional as F
from mygrad.nn.functional.local_response import cross_map_lrn2d
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


def _window_matrix(channels, size, cross_map):
    """M[c, c'] = 1 where x[c'] ** 2 counts for channel c (the definitions in the module's docstring)."""
    m = np.zeros((channels, channels))
    for c in range(channels):
        if cross_map:
            pre = int((size - 1) / 2 + 1)
            lo, hi = c - pre + 1, c + pre - 1
            if c >= pre:
                m[c, 0] = 1
        else:
            lo, hi = c - size // 2, c + (size - 1) // 2
        m[c, max(lo, 0):min(hi, channels - 1) + 1] = 1
    return m


def _reference(x, size, alpha, beta, k, cross_map, lib=np):
    """The definition, by an explicit window matrix (NumPy or PyTorch, to differentiate with autograd)."""
    m = _window_matrix(x.shape[1], size, cross_map)
    if lib is np:
        s = k + alpha / size * np.einsum("dc,nc...->nd...", m, x * x)
    else:
        s = k + alpha / size * torch.einsum("dc,nc...->nd...", torch.from_numpy(m).to(x.dtype), x * x)
    return x * s ** -beta


def test_window_matrix_reproduces_torch_values():
    rng = np.random.default_rng(0)
    for size in range(1, 8):
        for channels in (1, 2, 5, 8):
            x = rng.normal(size=(2, channels, 3, 2))
            ref = torch.from_numpy(x)
            np.testing.assert_allclose(_reference(x, size, 0.7, 0.6, 1.5, False),
                                       torch.nn.functional.local_response_norm(ref, size, 0.7, 0.6, 1.5).numpy(),
                                       rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(_reference(x, size, 0.7, 0.6, 1.5, True),
                                       torch.nn.CrossMapLRN2d(size, 0.7, 0.6, 1.5)(ref).numpy(),
                                       rtol=1e-12, atol=1e-12)


_PARAMS = dict(size=st.integers(1, 7), alpha=st.sampled_from([1e-4, 0.1, 1.0, 3.0]),
               beta=st.sampled_from([0.75, 0.5, 1.0, 2.0]), k=st.sampled_from([1.0, 2.0, 0.5]))


@settings(max_examples=80, deadline=None)
@given(n=st.integers(0, 3), c=st.integers(1, 7), spatial=st.lists(st.integers(1, 3), min_size=1, max_size=4),
       seed=st.integers(0, 9999), **_PARAMS)
def test_local_response_norm_matches_torch(n, c, spatial, size, alpha, beta, k, seed):
    shape = (n, c, *spatial)
    ours, theirs = nn.LocalResponseNorm(size, alpha, beta, k), torch.nn.LocalResponseNorm(size, alpha, beta, k)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == []
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 2.0, size=shape).astype(np.float32)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    assert out.dtype == np.float32 and out.shape == shape
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(F.local_response_norm(x, size, alpha, beta, k).data, out.data)
    if x.size == 0:
        return
    g = rng.normal(size=shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g)).sum().backward()
    assert mx.grad.dtype == np.float32
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-4, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 3), c=st.integers(1, 8), h=st.integers(1, 3), w=st.integers(1, 3),
       seed=st.integers(0, 9999), **_PARAMS)
def test_cross_map_lrn2d_matches_torch(n, c, h, w, size, alpha, beta, k, seed):
    """Values equal PyTorch's; gradients are compared with PyTorch's autograd through the definition, because
    PyTorch's own CrossMapLRN2d backward is not the derivative of its forward (see the next test)."""
    shape = (n, c, h, w)
    ours, theirs = nn.CrossMapLRN2d(size, alpha, beta, k), torch.nn.CrossMapLRN2d(size, alpha, beta, k)
    assert repr(ours) == repr(theirs)
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 2.0, size=shape).astype(np.float32)
    mx = mg.tensor(x)
    out = ours(mx)
    assert out.dtype == np.float32 and out.shape == shape
    np.testing.assert_allclose(out.data, theirs(torch.from_numpy(x.copy())).numpy(), rtol=1e-5, atol=1e-6)
    tx = torch.from_numpy(x.copy()).requires_grad_(True)
    t_out = _reference(tx, size, alpha, beta, k, True, lib=torch)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-5, atol=1e-6)
    g = rng.normal(size=shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g)).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-4, atol=1e-5)


def test_torch_cross_map_backward_is_not_the_derivative_but_ours_is():
    x = np.random.default_rng(1).normal(size=(1, 5, 2, 2))
    tx = torch.from_numpy(x.copy()).requires_grad_(True)
    assert not torch.autograd.gradcheck(torch.nn.CrossMapLRN2d(3, 0.5, 0.75, 1.0), (tx,), raise_exception=False)
    check_op(lambda x: cross_map_lrn2d(x, 3, 0.5, 0.75, 1.0),
             lambda x: _reference(x, 3, 0.5, 0.75, 1.0, True), x, atol=1e-6, rtol=1e-5)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 2), c=st.integers(1, 6), spatial=st.lists(st.integers(1, 3), min_size=1, max_size=3),
       cross=st.booleans(), seed=st.integers(0, 999), **_PARAMS)
def test_gradients_by_central_differences(n, c, spatial, cross, size, alpha, beta, k, seed):
    if cross:
        spatial = (spatial + [1, 1])[:2]
    x = np.random.default_rng(seed).normal(size=(n, c, *spatial))
    fn = cross_map_lrn2d if cross else F.local_response_norm
    check_op(lambda x: fn(x, size, alpha, beta, k), lambda x: _reference(x, size, alpha, beta, k, cross), x,
             atol=1e-6, rtol=1e-5)


def test_errors_match_torch():
    for lib, make in ((nn, lambda *s: np.ones(s, dtype=np.float32)), (torch.nn, torch.ones)):
        with pytest.raises(ValueError, match="Expected 3D or higher dimensionality"):
            lib.LocalResponseNorm(2)(make(3, 4))
        with pytest.raises(ValueError, match="CrossMapLRN2d: Expected input to be 4D, got 3D instead"):
            lib.CrossMapLRN2d(2)(make(3, 4, 5))
    with pytest.raises(ValueError, match="local_response_norm: Expected 3D"):
        F.local_response_norm(np.ones(3), 2)
    with pytest.raises(ValueError, match="LocalResponseNorm: size must be an int >= 1"):
        nn.LocalResponseNorm(0)
    with pytest.raises(TypeError, match="LocalResponseNorm: size must be an int"):
        nn.LocalResponseNorm(2.0)
    with pytest.raises(TypeError, match="CrossMapLRN2d: alpha must be a real number"):
        nn.CrossMapLRN2d(2, alpha="a")
    with pytest.raises(ValueError, match="local_response_norm: beta must be finite"):
        F.local_response_norm(np.ones((1, 2, 3)), 2, beta=np.inf)
    with pytest.raises(TypeError, match="local_response_norm: input must hold real numbers"):
        F.local_response_norm(np.ones((1, 2, 3), dtype=complex), 2)


def test_integer_input_and_huge_size():
    x = np.arange(12).reshape(1, 3, 4)
    np.testing.assert_allclose(F.local_response_norm(x, 10**9, 1.0, 1.0, 1.0).data,
                               _reference(x.astype(float), 10**9, 1.0, 1.0, 1.0, False))
    assert nn.LocalResponseNorm(2)(np.ones((2, 3, 0, 4), dtype=np.float32)).shape == (2, 3, 0, 4)


def test_the_two_layers_are_siblings_as_in_torch():
    assert not isinstance(nn.CrossMapLRN2d(2), nn.LocalResponseNorm)
    assert not isinstance(torch.nn.CrossMapLRN2d(2), torch.nn.LocalResponseNorm)
