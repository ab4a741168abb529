"""Reductions: forward vs NumPy, backward vs finite differences, over axes/keepdims/empty inputs."""

import warnings

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from numpy.exceptions import AxisError

import mygrad as mg
from tests.gradcheck import arrays, axis_args, check_op, shapes


def _reduced_size(shape, axis):
    if axis is None:
        return int(np.prod(shape))
    axes = (axis,) if isinstance(axis, int) else axis
    return int(np.prod([shape[ax] for ax in axes]))


@st.composite
def array_axis_keepdims(draw, low=-10.0, high=10.0, min_side=0, unique=False):
    """An array, a valid axis argument for it and a keepdims flag."""
    shape = draw(shapes(max_dims=3, min_side=min_side))
    if unique:  # distinct values, far apart compared with the finite-difference step
        x = draw(hnp.arrays(np.int64, shape, elements=st.integers(-100, 100), unique=True)) / 4.0
    else:
        x = draw(arrays(shape, low, high))
    return x, draw(axis_args(x.ndim)), draw(st.booleans())


@given(args=array_axis_keepdims())
def test_sum(args):
    x, axis, keepdims = args
    check_op(mg.sum, np.sum, x, kwargs=dict(axis=axis, keepdims=keepdims))


@given(args=array_axis_keepdims())
def test_mean(args):
    x, axis, keepdims = args
    with warnings.catch_warnings():  # the mean of an empty slice is nan, with NumPy's warning
        warnings.simplefilter("ignore", RuntimeWarning)
        check_op(mg.mean, np.mean, x, kwargs=dict(axis=axis, keepdims=keepdims))


@pytest.mark.parametrize("mg_func, np_func", [(mg.var, np.var), (mg.std, np.std)])
@given(args=array_axis_keepdims(min_side=1), ddof=st.integers(0, 1))
def test_var_std(mg_func, np_func, args, ddof):
    x, axis, keepdims = args
    assume(_reduced_size(x.shape, axis) > ddof)
    x = x + 0.37 * np.arange(x.size).reshape(x.shape)  # distinct values: std > 0, where it is smooth
    check_op(mg_func, np_func, x, kwargs=dict(axis=axis, ddof=ddof, keepdims=keepdims))


def test_std_of_equal_values_has_zero_gradient():
    x = mg.tensor([[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]])
    mg.std(x, axis=1).backward()
    np.testing.assert_allclose(x.grad, [[0.0, 0.0, 0.0], [-1 / np.sqrt(6), 0.0, 1 / np.sqrt(6)]])


@pytest.mark.parametrize("mg_func, np_func", [(mg.max, np.max), (mg.min, np.min), (mg.amax, np.amax),
                                              (mg.amin, np.amin)])
@given(args=array_axis_keepdims(min_side=1, unique=True))
def test_max_min_distinct_values(mg_func, np_func, args):
    x, axis, keepdims = args
    check_op(mg_func, np_func, x, kwargs=dict(axis=axis, keepdims=keepdims))


def test_max_min_give_the_gradient_to_the_first_tie():
    x = mg.tensor([[3.0, 1.0, 3.0, 3.0], [0.0, 0.0, 5.0, 2.0]])
    mg.max(x, axis=1).backward(np.array([6.0, 1.0]))
    np.testing.assert_allclose(x.grad, [[6.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]])
    mg.min(x, axis=-1, keepdims=True).backward()
    np.testing.assert_allclose(x.grad, [[0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])


@given(data=st.data(), func=st.sampled_from(["max", "min"]))
def test_max_min_gradient_is_the_one_hot_of_argmax_over_the_reduced_axes(data, func):
    shape = data.draw(shapes(min_dims=1, max_dims=4, min_side=1))
    axis = data.draw(axis_args(len(shape)))
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0, 2.0])))  # many ties
    t = mg.tensor(x)
    getattr(mg, func)(t, axis=axis).backward()
    # reference: move the reduced axes last (in order), flatten them, one-hot at arg{max,min}
    axes = tuple(range(x.ndim)) if axis is None else tuple(sorted(a % x.ndim for a in np.atleast_1d(axis)))
    kept = tuple(a for a in range(x.ndim) if a not in axes)
    lanes = np.transpose(x, kept + axes).reshape([x.shape[a] for a in kept] + [-1])
    first = getattr(np, "arg" + func)(lanes, axis=-1)
    expected = (np.arange(lanes.shape[-1]) == first[..., None]).astype(float)
    expected = np.transpose(expected.reshape([x.shape[a] for a in kept + axes]), np.argsort(kept + axes))
    np.testing.assert_array_equal(t.grad, expected)


@pytest.mark.parametrize("func, last", [(mg.max, 3.0), (mg.min, 1.0)])
def test_max_min_gradient_goes_to_the_nan_numpy_picks(func, last):
    x = mg.tensor([[1.0, np.nan, 3.0], [3.0, 2.0, 1.0]])
    out = func(x, axis=1)
    np.testing.assert_array_equal(out.data, [np.nan, last])
    out.backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 1.0, 0.0], [last == 3.0, 0.0, last == 1.0]])


@pytest.mark.parametrize("func", [mg.max, mg.min])
def test_max_min_of_empty_raises_like_numpy(func):
    with pytest.raises(ValueError, match="zero-size array"):
        func(mg.tensor(np.zeros((0, 3))), axis=0)
    out = func(mg.tensor(np.zeros((0, 3))), axis=1)  # reducing a non-empty axis is fine
    assert out.shape == (0,)
    out.backward()


@given(args=array_axis_keepdims(low=-2.0, high=2.0))
def test_prod(args):
    x, axis, keepdims = args
    check_op(mg.prod, np.prod, x, kwargs=dict(axis=axis, keepdims=keepdims))


def test_prod_gradient_with_zeros_is_exact():
    x = mg.tensor([[2.0, 0.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 3.0]])
    mg.prod(x, axis=1).backward()
    np.testing.assert_array_equal(x.grad, [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [6.0, 3.0, 2.0]])


@st.composite
def array_and_cumulative_axis(draw, low, high):
    x = draw(arrays(shapes(max_dims=3), low, high))
    return x, draw(axis_args(x.ndim, allow_tuple=False))


def _tiny_to_zero(x):
    """cumprod's gradient divides by x before a lane's first zero (documented): keep |x| away from underflow."""
    return np.where(np.abs(x) < 1e-3, 0.0, x)


@given(args=array_and_cumulative_axis(-10.0, 10.0))
def test_cumsum(args):
    x, axis = args
    check_op(mg.cumsum, np.cumsum, x, kwargs=dict(axis=axis))


@given(args=array_and_cumulative_axis(-2.0, 2.0))
def test_cumprod(args):
    x, axis = args
    x = _tiny_to_zero(x)
    check_op(mg.cumprod, np.cumprod, x, kwargs=dict(axis=axis))


@given(x=arrays(st.integers(1, 6).map(lambda n: (n,)), -2.0, 2.0), zeros=st.lists(st.integers(0, 5), max_size=3))
def test_cumprod_with_zeros(x, zeros):
    x = _tiny_to_zero(x)
    x[[i for i in zeros if i < x.size]] = 0.0
    check_op(mg.cumprod, np.cumprod, x)


def test_cumprod_gradient_with_zeros_hand_computed():
    x = mg.tensor([2.0, 0.0, 3.0, 0.0, 5.0])
    mg.cumprod(x).backward()
    # y = [2, 0, 0, 0, 0]; dL/dx1 = x0 + x0 x2 = 8; after the first zero everything is 0
    np.testing.assert_array_equal(x.grad, [1.0, 8.0, 0.0, 0.0, 0.0])


REDUCTIONS = [mg.sum, mg.mean, mg.var, mg.std, mg.max, mg.min, mg.prod]


@pytest.mark.parametrize("func", REDUCTIONS + [mg.cumsum, mg.cumprod], ids=lambda f: f.__name__)
def test_float32_is_preserved(func):
    x = mg.tensor(np.array([[1.0, 2.0, 3.5], [0.5, -1.0, 2.0]], dtype=np.float32))
    out = func(x, axis=1)
    assert out.dtype == np.float32
    out.backward()
    assert x.grad.dtype == np.float32


BAD_AXES = [(func, axis) for func in REDUCTIONS for axis in (2, -3, (0, 2))]
BAD_AXES += [(func, axis) for func in (mg.cumsum, mg.cumprod) for axis in (2, -3)]  # one axis only


@pytest.mark.parametrize("func, axis", BAD_AXES, ids=str)
def test_bad_axis_names_axis_and_ndim(func, axis):
    bad = axis[1] if isinstance(axis, tuple) else axis
    with pytest.raises(AxisError, match=f"axis {bad} is out of bounds for array of dimension 2"):
        func(mg.tensor(np.ones((2, 3))), axis=axis)


def test_tensor_methods_match_functions():
    data = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    x = mg.tensor(data)
    np.testing.assert_allclose(x.sum(axis=-1, keepdims=True).data, data.sum(axis=-1, keepdims=True))
    np.testing.assert_allclose(x.mean(0).data, data.mean(0))
    np.testing.assert_allclose(x.var(axis=1, ddof=1).data, data.var(axis=1, ddof=1))
    np.testing.assert_allclose(x.std(None, 1, True).data, data.std(None, ddof=1, keepdims=True))
    np.testing.assert_allclose(x.max(axis=(0, 1)).data, data.max())
    np.testing.assert_allclose(x.min(1).data, data.min(1))
    np.testing.assert_allclose(x.prod(axis=0, keepdims=True).data, data.prod(axis=0, keepdims=True))
    np.testing.assert_allclose(x.cumsum(axis=1).data, data.cumsum(axis=1))
    np.testing.assert_allclose(x.cumprod().data, data.cumprod())
    assert x.sum(constant=True).constant


def test_sum_of_empty_is_zero_and_backward_works():
    x = mg.tensor(np.zeros((2, 0)))
    out = mg.sum(x, axis=1)
    np.testing.assert_array_equal(out.data, [0.0, 0.0])
    out.backward()
    assert x.grad.shape == (2, 0)
