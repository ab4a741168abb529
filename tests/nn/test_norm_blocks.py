"""layer_norm and group_norm backward a cache block of rows at a time: float64 central differences with blocks
of a few rows (so that every sum crosses blocks), parameters present or not, and the exact corner cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad.nn import functional as F
from mygrad.nn.functional import cache_blocks
from tests.gradcheck import check_op


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(cache_blocks, "BLOCK_ELEMENTS", 8)


def _layer_norm_reference(axes, eps):
    def ref(a, w=1.0, b=0.0):
        return (a - a.mean(axis=axes, keepdims=True)) / np.sqrt(a.var(axis=axes, keepdims=True) + eps) * w + b
    return ref


@settings(max_examples=20, deadline=None)
@given(shape=st.sampled_from([(5, 3), (2, 3, 4), (7, 2, 2)]), nd=st.integers(1, 2),
       params=st.sampled_from(["both", "weight", "bias", "none"]), seed=st.integers(0, 99))
def test_layer_norm_gradients_across_blocks(shape, nd, params, seed):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache_blocks, "BLOCK_ELEMENTS", 8)  # (a block: one or two rows)
        rng = np.random.default_rng(seed)
        norm_shape = shape[-nd:]
        x, w, b = rng.normal(size=shape), rng.normal(size=norm_shape), rng.normal(size=norm_shape)
        ref = _layer_norm_reference(tuple(range(-nd, 0)), 1e-3)
        if params == "both":
            check_op(lambda a, ww, bb: F.layer_norm(a, norm_shape, ww, bb, eps=1e-3), ref, x, w, b)
        elif params == "weight":
            check_op(lambda a, ww: F.layer_norm(a, norm_shape, ww, eps=1e-3), lambda a, ww: ref(a, ww), x, w)
        elif params == "bias":
            check_op(lambda a, bb: F.layer_norm(a, norm_shape, bias=bb, eps=1e-3), lambda a, bb: ref(a, b=bb), x, b)
        else:
            check_op(lambda a: F.layer_norm(a, norm_shape, eps=1e-3), ref, x)


def test_layer_norm_of_a_constant_input_still_gives_the_parameters_gradients(small_blocks):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(6, 4)), mg.tensor(rng.normal(size=4)), mg.tensor(rng.normal(size=4))
    g = rng.normal(size=(6, 4))
    F.layer_norm(mg.tensor(x, constant=True), 4, w, b, eps=1e-3).backward(g)
    xhat = _layer_norm_reference((-1,), 1e-3)(x)
    np.testing.assert_allclose(w.grad, (g * xhat).sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(b.grad, g.sum(axis=0), rtol=1e-12)


def _group_norm_reference(groups, eps):
    def ref(x, w, b):
        grouped = x.reshape(x.shape[0], groups, -1)
        xhat = (grouped - grouped.mean(2, keepdims=True)) / np.sqrt(grouped.var(2, keepdims=True) + eps)
        shape = (x.shape[1],) + (1,) * (x.ndim - 2)
        return xhat.reshape(x.shape) * w.reshape(shape) + b.reshape(shape)
    return ref


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 4), groups=st.integers(1, 2), per_group=st.integers(1, 2), spatial=st.integers(2, 3),
       seed=st.integers(0, 99))
def test_group_norm_gradients_across_blocks(n, groups, per_group, spatial, seed):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache_blocks, "BLOCK_ELEMENTS", 8)  # (a block: one sample)
        c = groups * per_group
        rng = np.random.default_rng(seed)
        x, w, b = rng.normal(size=(n, c, spatial)), rng.normal(size=c), rng.normal(size=c)
        check_op(lambda a, ww, bb: F.group_norm(a, groups, ww, bb, eps=1e-3), _group_norm_reference(groups, 1e-3),
                 x, w, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_group_norm_of_one_value_per_group_has_exactly_zero_input_gradient(dtype):
    rng = np.random.default_rng(0)
    x = mg.tensor(rng.normal(size=(3, 4, 1)).astype(dtype))
    y = F.group_norm(x, 4, rng.normal(size=4).astype(dtype), rng.normal(size=4).astype(dtype))
    y.backward(rng.normal(size=y.shape).astype(dtype))
    assert not x.grad.any()
