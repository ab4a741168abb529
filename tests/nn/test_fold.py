"""F.unfold/F.fold and nn.Unfold/nn.Fold against PyTorch: values and gradients over kernel, dilation, padding,
stride, batch 0/1 and unbatched inputs; reprs; errors; central differences; fold is unfold's adjoint."""

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

pairs = st.tuples(st.integers(1, 3), st.integers(1, 3))


@st.composite
def geometries(draw):
    kernel, dilation, stride = draw(pairs), draw(st.tuples(st.integers(1, 2), st.integers(1, 2))), draw(pairs)
    padding = draw(st.tuples(st.integers(0, 2), st.integers(0, 2)))
    size = draw(st.tuples(st.integers(1, 6), st.integers(1, 6)))
    blocks = tuple((n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, d, p, s in zip(size, kernel, dilation, padding,
                                                                                   stride))
    return dict(kernel=kernel, dilation=dilation, stride=stride, padding=padding, size=size, blocks=blocks,
                batch=draw(st.sampled_from([None, 0, 1, 2])), channels=draw(st.integers(1, 3)))


@settings(max_examples=60, deadline=None)
@given(geo=geometries(), seed=st.integers(0, 9999), as_int=st.booleans())
def test_unfold_and_fold_match_torch(geo, seed, as_int):
    args = dict(kernel_size=geo["kernel"], dilation=geo["dilation"], padding=geo["padding"], stride=geo["stride"])
    if as_int and len(set(geo["kernel"])) == 1:
        args["kernel_size"] = geo["kernel"][0]
    rng = np.random.default_rng(seed)
    lead = () if geo["batch"] is None else (geo["batch"],)
    x = rng.normal(size=lead + (geo["channels"],) + geo["size"]).astype(np.float32)
    ours, theirs = nn.Unfold(**args), torch.nn.Unfold(**args)
    assert repr(ours) == repr(theirs)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    if min(geo["blocks"]) < 1:
        for module, arr in ((ours, mx), (theirs, tx)):
            with pytest.raises(RuntimeError, match="must be at least one"):
                module(arr)
        return
    out, t_out = ours(mx), theirs(tx)
    np.testing.assert_array_equal(out.data, t_out.detach().numpy())
    g = rng.normal(size=out.shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-5, atol=1e-5)
    # fold: the columns back into images
    fold_args = dict(output_size=geo["size"], **args)
    ours_f, theirs_f = nn.Fold(**fold_args), torch.nn.Fold(**fold_args)
    assert repr(ours_f) == repr(theirs_f)
    cols = rng.normal(size=out.shape).astype(np.float32)
    mc, tc = mg.tensor(cols), torch.from_numpy(cols.copy()).requires_grad_(True)
    image, t_image = ours_f(mc), theirs_f(tc)
    np.testing.assert_allclose(image.data, t_image.detach().numpy(), rtol=1e-5, atol=1e-5)
    h = rng.normal(size=image.shape).astype(np.float32)
    (image * h).sum().backward()
    (t_image * torch.from_numpy(h.copy())).sum().backward()
    np.testing.assert_allclose(mc.grad, tc.grad.numpy(), rtol=1e-5, atol=1e-5)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 999), stride=st.integers(1, 2), padding=st.integers(0, 1))
def test_gradients_by_central_differences_and_adjointness(seed, stride, padding):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, 2, 4, 5))
    kwargs = dict(kernel_size=(2, 3), padding=padding, stride=stride)
    expected = torch.nn.functional.unfold(torch.from_numpy(x), **kwargs).numpy()
    check_op(lambda t: F.unfold(t, **kwargs), lambda a: expected, x)
    cols = rng.normal(size=expected.shape)
    expected_image = torch.nn.functional.fold(torch.from_numpy(cols), (4, 5), **kwargs).numpy()
    check_op(lambda c: F.fold(c, (4, 5), **kwargs), lambda a: expected_image, cols)
    # <unfold(x), c> == <x, fold(c)>
    np.testing.assert_allclose(np.sum(F.unfold(x, **kwargs).data * cols),
                               np.sum(x * F.fold(cols, (4, 5), **kwargs).data), rtol=1e-10)


def test_errors_match_torch():
    for lib, make in ((F, lambda *s: np.ones(s, dtype=np.float32)), (torch.nn.functional, torch.ones)):
        with pytest.raises(RuntimeError, match="divisible by the product of kernel_size"):
            lib.fold(make(1, 5, 4), (3, 3), 2)
        with pytest.raises(RuntimeError, match="calculated number of sliding blocks"):
            lib.fold(make(1, 4, 5), (3, 3), 2)
        with pytest.raises(RuntimeError, match="must be at least one"):
            lib.unfold(make(1, 1, 2, 2), 3)
    with pytest.raises(RuntimeError, match="Only 3D or 4D"):
        F.unfold(np.ones((2, 2)), 1)
    with pytest.raises(ValueError, match="kernel_size"):
        F.unfold(np.ones((1, 1, 3, 3)), (1, 2, 3))
