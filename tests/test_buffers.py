"""Recycled backward buffers (mygrad.autodiff.memory.buffers): faster, and never visible in any result."""

import contextlib
import weakref

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from mygrad.autodiff.memory import buffers

SIZE = buffers.MIN_SIZE  # large enough to be pooled

_STEPS = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "tanh": lambda a, b: mg.tanh(a) * b,
    "sin": lambda a, b: mg.sin(a) + b,
    "cos": lambda a, b: mg.cos(a) * 0.5,
    "exp": lambda a, b: mg.exp(a * 0.1) - b,
}


class _CountingPool(dict):
    """A pool that counts the buffers handed out of it."""

    taken = 0

    def get(self, key, default=None):
        stack = super().get(key, default)
        if stack:
            _CountingPool.taken += 1
        return stack


@contextlib.contextmanager
def _recycling(enabled):
    saved, buffers.EXACT_REFCOUNTS = buffers.EXACT_REFCOUNTS, enabled
    try:
        yield
    finally:
        buffers.EXACT_REFCOUNTS = saved


def _run(plan, values, keep, keep_array):
    """Build and backprop the graph; return leaf grads and the kept intermediates' data and grads."""
    leaves = [mg.tensor(v) for v in values]
    nodes = list(leaves)
    for name, i, j in plan:
        nodes.append(_STEPS[name](nodes[i % len(nodes)], nodes[j % len(nodes)]))
    kept = [nodes[k % len(nodes)] for k in keep]  # the user holds these tensors...
    kept_arrays = [nodes[keep_array % len(nodes)].data]  # ...and the array of one more
    before = [t.data.copy() for t in kept]
    array_before = [a.copy() for a in kept_arrays]
    root = nodes[-1]
    del nodes  # the walk may recycle whatever the user does not hold
    root.backward()
    for t, b in zip(kept, before):
        np.testing.assert_array_equal(t.data, b)  # nothing the user holds was overwritten
    for arr, b in zip(kept_arrays, array_before):
        np.testing.assert_array_equal(arr, b)
    return [leaf.grad for leaf in leaves], [(t.data.copy(), None if t.grad is None else t.grad.copy()) for t in kept]


@settings(max_examples=50, deadline=None)
@given(
    plan=st.lists(st.tuples(st.sampled_from(sorted(_STEPS)), st.integers(0, 40), st.integers(0, 40)),
                  min_size=3, max_size=10),
    keep=st.lists(st.integers(0, 40), max_size=3),
    keep_array=st.integers(0, 40),
    seed=st.integers(0, 2**16),
)
def test_recycling_never_changes_a_result(plan, keep, keep_array, seed):
    rng = np.random.default_rng(seed)
    values = [rng.uniform(-1, 1, size=SIZE) for _ in range(2)]
    with _recycling(True):
        grads, kept = _run(plan, values, keep, keep_array)
    with _recycling(False):
        want_grads, want_kept = _run(plan, values, keep, keep_array)
    for g, w in zip(grads, want_grads):
        assert (g is None) == (w is None)
        if g is not None:
            np.testing.assert_array_equal(g, w)
    for (data, grad), (want_data, want_grad) in zip(kept, want_kept):
        np.testing.assert_array_equal(data, want_data)
        assert (grad is None) == (want_grad is None)
        if grad is not None:
            np.testing.assert_array_equal(grad, want_grad)


def test_a_long_elementwise_chain_reuses_dead_arrays(monkeypatch):
    monkeypatch.setattr(buffers, "EXACT_REFCOUNTS", True)
    monkeypatch.setattr(buffers, "start_pool", _counting_start_pool)
    _CountingPool.taken = 0
    x = mg.tensor(np.linspace(-1, 1, SIZE, dtype=np.float32))
    y = mg.tensor(np.full(SIZE, 0.5, dtype=np.float32))
    a = x
    for _ in range(4):
        a = mg.sin(mg.tanh((a + y) * y))
    a.backward()
    assert _CountingPool.taken > 0
    assert x.grad.dtype == np.float32 and y.grad.dtype == np.float32


def _counting_start_pool():
    previous, buffers._spare = buffers._spare, _CountingPool()
    return previous


def test_no_pool_outside_backward_and_small_arrays_are_never_pooled():
    assert buffers._spare is None
    small = np.ones(3)
    assert buffers.empty_like(small).shape == (3,)
    np.testing.assert_array_equal(buffers.product(small, small * 2), [2.0, 2.0, 2.0])
    x = mg.tensor(np.ones(3))
    (x * x).backward()
    assert buffers._spare is None  # the walk's pool was dropped


def test_the_pool_is_dropped_when_backward_fails():
    class Broken(mg.Operation):
        def __call__(self, x):
            self.variables = (x,)
            return x.data * 1.0

        def backward_var(self, grad, index, **kwargs):
            raise RuntimeError("boom")

    x = mg.tensor(np.ones(SIZE))
    with pytest.raises(RuntimeError, match="boom"):
        mg.execute_op(Broken, x).backward()
    assert buffers._spare is None


def test_without_exact_reference_counts_leaf_gradients_are_still_private():
    with _recycling(False):
        w = mg.tensor(np.ones(SIZE))
        b = mg.tensor(np.ones(SIZE))
        (w + b).backward()  # add hands the same gradient array to both
    assert w.grad is not b.grad
    w.grad[0] = 5.0
    assert b.grad[0] == 1.0


@pytest.mark.skipif(not buffers.EXACT_REFCOUNTS, reason="needs CPython's exact reference counts")
def test_a_fresh_leaf_gradient_is_kept_not_copied():
    """The gradient array an op makes for a leaf becomes its ``.grad`` as it is: no defensive copy of a
    private array (a 1.6 MB weight gradient per step, at the first layer of an MLP)."""
    made = []

    class Scale(mg.Operation):
        def __call__(self, x):
            self.variables = (x,)
            return x.data * 2

        def backward_var(self, grad, index, **kwargs):
            fresh = grad * 2
            made.append(weakref.ref(fresh))  # (a strong reference would make it shared: copied)
            return fresh

    x = mg.tensor(np.ones(SIZE))
    mg.execute_op(Scale, x).backward()
    assert x.grad is made.pop()()
