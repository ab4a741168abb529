"""Elementwise chains in cache-sized blocks (mygrad/nn/functional/cache_blocks.py) give the whole-array results."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
import mygrad.nn.functional as F
from mygrad.nn.functional import cache_blocks
from mygrad.nn.functional.cache_blocks import blockwise


def _chain(x, y, out, twice):
    np.multiply(x, y, out=out)
    out += 1
    np.sqrt(out, out=out)
    np.add(out, out, out=twice)


LAYOUTS = {
    "C": lambda a: a,
    "Fortran": np.asfortranarray,
    "batch-last": lambda a: np.moveaxis(np.ascontiguousarray(np.moveaxis(a, 0, -1)), -1, 0),
    "strided slice": lambda a: np.repeat(a, 2, axis=-1)[..., ::2],
}


@settings(max_examples=30, deadline=None)
@given(shape=st.sampled_from([(3, 4, 5), (7, 1, 6), (2, 9)]), layout=st.sampled_from(sorted(LAYOUTS)),
       block=st.integers(1, 40), seed=st.integers(0, 99))
def test_blocks_give_the_whole_array_result_in_the_input_layout(shape, layout, block, seed):
    rng = np.random.default_rng(seed)
    x = LAYOUTS[layout](rng.random(shape))
    y = LAYOUTS[layout](rng.random(shape))
    saved, cache_blocks.BLOCK_ELEMENTS = cache_blocks.BLOCK_ELEMENTS, block
    try:
        out, twice = blockwise(_chain, x, y, outputs=2)
    finally:
        cache_blocks.BLOCK_ELEMENTS = saved
    np.testing.assert_array_equal(out, np.sqrt(x * y + 1))
    np.testing.assert_array_equal(twice, 2 * out)
    assert out.shape == twice.shape == x.shape
    if layout != "strided slice":
        assert all(so == sx for so, sx, n in zip(out.strides, x.strides, shape) if n > 1)  # laid out like x


@settings(max_examples=20, deadline=None)
@given(shape=st.sampled_from([(3, 4, 5), (7, 1, 6), (2, 9)]), layout=st.sampled_from(sorted(LAYOUTS)),
       block=st.integers(1, 40), seed=st.integers(0, 99))
def test_a_broadcast_value_is_blocked_with_the_input(shape, layout, block, seed):
    rng = np.random.default_rng(seed)
    x = LAYOUTS[layout](rng.random(shape))
    y = np.broadcast_to(rng.random(), shape)  # (the gradient of a sum)
    seen = []
    def chain(*arrays):
        seen.append(arrays[0].size)
        _chain(*arrays)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache_blocks, "BLOCK_ELEMENTS", block)
        out, twice = blockwise(chain, x, y, outputs=2)
    np.testing.assert_array_equal(out, np.sqrt(x * y + 1))
    np.testing.assert_array_equal(twice, 2 * out)
    if layout != "strided slice" and x.size > block:
        assert max(seen) <= block  # in blocks, not whole


@pytest.mark.parametrize("func", [F.sigmoid, F.gelu, F.silu])
def test_activation_gradients_in_blocks_equal_whole(func, monkeypatch):
    x = np.random.default_rng(1).normal(scale=3, size=(4, 3, 5, 6)).astype(np.float32)
    results = []
    for block in (10 ** 9, 17):
        monkeypatch.setattr(cache_blocks, "BLOCK_ELEMENTS", block)
        for upstream in (np.cos(x), None):  # a dense gradient, and a sum's broadcast one
            t = mg.tensor(x)
            y = func(t)
            y.backward(upstream) if upstream is not None else y.sum().backward()
            results.append((y.data, t.grad))
    for whole, blocked in zip(results[:2], results[2:]):
        for a, b in zip(whole, blocked):
            np.testing.assert_array_equal(b, a)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_in_blocks_equals_gelu_whole(dtype, monkeypatch):
    rng = np.random.default_rng(0)
    x = (rng.normal(size=(4, 3, 5, 6)) * 3).astype(dtype)
    x = np.moveaxis(np.ascontiguousarray(np.moveaxis(x, 0, -1)), -1, 0)  # batch-last memory, as a conv's output
    results = []
    for block in (10 ** 9, 17):
        monkeypatch.setattr(cache_blocks, "BLOCK_ELEMENTS", block)
        t = mg.tensor(x)
        y = F.gelu(t)
        y.backward(np.cos(x))
        results.append((y.data, t.grad))
    for whole, blocked in zip(*results):
        np.testing.assert_array_equal(blocked, whole)
