"""``t[index]``: forward against NumPy, gradients against finite differences."""

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from tests.gradcheck import arrays, check_op, shapes


def _index_with(index):
    return lambda x: x[index]


@given(data=st.data(), shape=shapes(max_dims=4, max_side=4))
def test_basic_index_forward_backward_and_view(data, shape):
    index = data.draw(hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True), label="index")
    x = data.draw(arrays(shape), label="x")
    check_op(_index_with(index), _index_with(index), x)

    t = mg.tensor(x)
    out = t[index]
    numpy_out = x[index]
    # a view exactly where NumPy makes one (an empty view shares no bytes, but is a view)
    expected_view = isinstance(numpy_out, np.ndarray) and numpy_out.base is not None
    assert (out.base is t) is expected_view
    if out.data.size:
        assert expected_view == np.shares_memory(out.data, t.data)


@given(data=st.data(), shape=shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
def test_integer_array_index_accumulates_repeats(data, shape):
    index = data.draw(hnp.integer_array_indices(shape, result_shape=shapes(max_dims=2, max_side=5)), label="index")
    x = data.draw(arrays(shape), label="x")
    check_op(_index_with(index), _index_with(index), x)
    t = mg.tensor(x)
    out = t[index]
    assert out.base is None
    out.backward()
    expected = np.zeros_like(x)
    np.add.at(expected, index, 1.0)
    np.testing.assert_array_equal(t.grad, expected)  # each element's grad counts how often it was read


@given(data=st.data(), shape=shapes(min_dims=1, max_dims=3, max_side=4), leading=st.booleans())
def test_boolean_mask_index(data, shape, leading):
    mask_ndim = data.draw(st.integers(1, len(shape)), label="mask ndim")
    mask_shape = shape[:mask_ndim] if leading else shape[len(shape) - mask_ndim:]
    mask = data.draw(hnp.arrays(bool, mask_shape), label="mask")
    index = mask if leading else (Ellipsis, mask)
    x = data.draw(arrays(shape), label="x")
    check_op(_index_with(index), _index_with(index), x)


@pytest.mark.parametrize(
    "index",
    [
        (slice(None), [0, 0, 2], slice(1, 3)),
        ([1, 1], Ellipsis, [0, 4]),
        (np.array([[0], [2]]), slice(None), np.array([1, 1, 3])),  # index arrays broadcast together
        (1, [2, 0, 2], None),
        (slice(None), slice(None), [True, False, True, True, False]),
        (np.array([True, False, True]), 2),
        (None, [0, 1], 0, slice(None, None, -1)),
        (mg.tensor([2, 0, 2]),),
        (mg.tensor([[True] * 4, [False] * 4, [True, False, True, False]]),),
        [2, 2, 1],
        True,
        (np.True_, 0),
        (),
        np.array(1),
    ],
)
def test_mixed_and_special_indices(index):
    x = np.random.default_rng(0).normal(size=(3, 4, 5))
    plain = tuple(i.data if isinstance(i, mg.Tensor) else i for i in index) if isinstance(index, tuple) else index
    check_op(_index_with(index), _index_with(plain), x)


def test_list_and_tensor_indices_match_array_indices():
    x = mg.tensor(np.arange(12.0).reshape(3, 4))
    np.testing.assert_array_equal(x[[0, 2]].data, x.data[np.array([0, 2])])
    np.testing.assert_array_equal(x[mg.tensor([0, 2]), mg.tensor(1)].data, x.data[[0, 2], 1])


def test_repeated_index_gradient_by_hand():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    (x[[0, 0, 1], [1, 1, 0]] * mg.tensor([1.0, 10.0, 100.0])).sum().backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 11.0], [100.0, 0.0]])


def test_float32_stays_float32():
    x = mg.tensor(np.ones((3, 2), dtype=np.float32))
    y = x[[0, 0]]
    assert y.dtype == np.float32
    y.backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad, [[2, 2], [0, 0], [0, 0]])


@pytest.mark.parametrize(
    "index",
    [5, (0, 3), [0, 4], (slice(None), [1, -3]), 1.5, "a", (0, 0, 0), np.array([True, False])],
)
def test_bad_indices_raise_numpys_error(index):
    data = np.zeros((4, 2))
    with pytest.raises(IndexError) as numpy_error:
        data[index]
    with pytest.raises(IndexError, match=None) as mygrad_error:
        mg.tensor(data)[index]
    # NumPy's class and reason, plus the facts NumPy leaves out: the tensor's shape and the index
    assert type(mygrad_error.value) is type(numpy_error.value)
    assert str(numpy_error.value) in str(mygrad_error.value) and "shape (4, 2)" in str(mygrad_error.value)


def test_basic_index_of_a_view_tracks_the_root_base():
    x = mg.tensor(np.arange(10.0))
    y = x[2:]
    z = y[::2]
    assert y.base is x and z.base is x
    assert x[[1, 2]].base is None and x[x.data > 3].base is None


def test_constant_index_result():
    x = mg.tensor([1.0, 2.0])
    assert x[0].constant is False
    assert mg.getitem(x, 0, constant=True).constant is True


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 6), inner=st.sampled_from([(), (1,), (3,), (2, 4)]), count=st.integers(0, 12),
       at_once=st.integers(1, 20), seed=st.integers(0, 99))
def test_add_at_rows_equals_numpys_add_at(n, inner, count, at_once, seed):
    """Rows as runs of flat indices, a few at a time (the block size forced small), accumulate as np.add.at."""
    from mygrad.ops import indexing

    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, size=count)  # repeats included
    values = rng.normal(size=(count, *inner))
    expected = np.zeros((n, *inner))
    np.add.at(expected, rows, values)
    out = np.zeros((n, *inner))
    saved, indexing._FLAT_INDICES_AT_ONCE = indexing._FLAT_INDICES_AT_ONCE, at_once
    try:
        indexing.add_at_rows(out, rows, values)
    finally:
        indexing._FLAT_INDICES_AT_ONCE = saved
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("index", [np.array([2, -1, 0, 2, 2]), np.array(1), np.array([], dtype=int)])
def test_integer_array_index_gradient_sums_repeats(index):
    x = mg.tensor(np.arange(12.0).reshape(4, 3))
    y = x[index]
    g = np.arange(y.size, dtype=float).reshape(y.shape) + 1
    y.backward(g)
    expected = np.zeros((4, 3))
    np.add.at(expected, index, g)
    np.testing.assert_array_equal(x.grad, expected)


@given(st.data())
def test_integer_array_index_of_any_shape_on_the_first_axis(data):
    """x[idx] with an integer array idx of any shape (an embedding lookup's (batch, seq)): the gradient is
    np.add.at of the upstream gradient at idx; negative entries count from the end."""
    x_shape = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), label="x_shape")
    idx_shape = data.draw(st.lists(st.integers(0, 3), min_size=0, max_size=3).map(tuple), label="idx_shape")
    n = x_shape[0]
    idx = np.array(data.draw(st.lists(st.integers(-n, n - 1), min_size=int(np.prod(idx_shape)),
                                      max_size=int(np.prod(idx_shape))), label="idx"), dtype=int).reshape(idx_shape)
    x = mg.tensor(np.arange(float(np.prod(x_shape))).reshape(x_shape))
    upstream = np.arange(1.0, 1.0 + np.prod(idx_shape + x_shape[1:])).reshape(idx_shape + x_shape[1:])
    y = x[idx]
    np.testing.assert_array_equal(y.data, x.data[idx])
    (y * upstream).sum().backward()
    expected = np.zeros(x_shape)
    np.add.at(expected, idx, upstream)
    np.testing.assert_array_equal(x.grad, expected)
