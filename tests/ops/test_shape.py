"""Shape ops: forward vs NumPy, backward vs finite differences, views tracked through ``.base``."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import arrays, axis_args, check_op, shapes


def _maybe_negative(draw, axis, ndim):
    return axis - ndim if draw(st.booleans()) else axis


@st.composite
def array_and(draw, extra, min_dims=0, max_dims=3):
    """An array and ``extra(draw, x)``: the other arguments, drawn knowing the array."""
    x = draw(arrays(shapes(min_dims=min_dims, max_dims=max_dims)))
    return x, extra(draw, x)


def _newshape(draw, x):
    return draw(st.sampled_from([(-1,), x.shape[::-1], (1,) + x.shape, x.shape + (1,), x.size]))


@given(args=array_and(_newshape))
def test_reshape(args):
    x, newshape = args
    check_op(mg.reshape, np.reshape, x, kwargs=dict(shape=newshape))
    np.testing.assert_array_equal(mg.reshape(x, newshape=newshape).data, np.reshape(x, newshape))


def test_reshape_needs_exactly_one_shape():
    with pytest.raises(TypeError, match="shape"):
        mg.reshape(mg.tensor([1.0]))
    with pytest.raises(TypeError, match="not both"):
        mg.reshape(mg.tensor([1.0]), (1,), newshape=(1,))


def _axes_permutation(draw, x):
    if draw(st.booleans()):
        return None
    perm = draw(st.permutations(range(x.ndim)))
    return tuple(_maybe_negative(draw, ax, x.ndim) for ax in perm)


@given(args=array_and(_axes_permutation))
def test_transpose(args):
    x, axes = args
    check_op(mg.transpose, np.transpose, x, kwargs=dict(axes=axes))


def _source_destination(draw, x):
    source = draw(st.integers(-x.ndim, x.ndim - 1))
    return source, draw(st.integers(-x.ndim, x.ndim - 1))


@given(args=array_and(_source_destination, min_dims=1))
def test_moveaxis_and_swapaxes(args):
    x, (first, second) = args
    check_op(mg.moveaxis, np.moveaxis, x, kwargs=dict(source=first, destination=second))
    check_op(mg.swapaxes, np.swapaxes, x, kwargs=dict(axis1=first, axis2=second))


def test_moveaxis_with_sequences():
    x = np.arange(24.0).reshape(2, 3, 4)
    check_op(mg.moveaxis, np.moveaxis, x, kwargs=dict(source=(0, -1), destination=(-1, 1)))


def _size_one_axes(draw, x):
    ones = [ax for ax, n in enumerate(x.shape) if n == 1]
    if not ones or draw(st.booleans()):
        return None
    picked = draw(st.lists(st.sampled_from(ones), min_size=1, unique=True))
    return tuple(_maybe_negative(draw, ax, x.ndim) for ax in picked)


@given(args=array_and(_size_one_axes))
def test_squeeze(args):
    x, axis = args
    check_op(mg.squeeze, np.squeeze, x, kwargs=dict(axis=axis))


def test_squeeze_of_a_longer_axis_is_an_error():
    with pytest.raises(ValueError, match="size not equal to one"):
        mg.squeeze(mg.tensor(np.ones((1, 3))), axis=1)


def _new_axes(draw, x):
    count = draw(st.integers(1, 2))
    out_ndim = x.ndim + count  # positions (negative ones too) refer to the expanded result
    axes = draw(st.lists(st.integers(0, out_ndim - 1), min_size=count, max_size=count, unique=True))
    axes = tuple(_maybe_negative(draw, ax, out_ndim) for ax in axes)
    return axes[0] if count == 1 and draw(st.booleans()) else axes


@given(args=array_and(_new_axes))
def test_expand_dims(args):
    x, axis = args
    check_op(mg.expand_dims, np.expand_dims, x, kwargs=dict(axis=axis))


@st.composite
def broadcast_source_and_target(draw):
    target = draw(shapes(max_dims=3))
    stretched = tuple(1 if draw(st.booleans()) else n for n in target)
    source = stretched[draw(st.integers(0, len(target))):]
    return draw(arrays(source)), target


@given(args=broadcast_source_and_target())
def test_broadcast_to(args):
    x, shape = args
    check_op(mg.broadcast_to, np.broadcast_to, x, kwargs=dict(shape=shape))


def test_broadcast_to_incompatible_shape_is_an_error():
    with pytest.raises(ValueError, match="broadcast"):
        mg.broadcast_to(mg.tensor([1.0, 2.0]), (3, 3))


@given(x=arrays(shapes()))
def test_ravel_and_flatten(x):
    check_op(mg.ravel, np.ravel, x)
    check_op(mg.flatten, lambda a: a.flatten(), x)


@pytest.mark.parametrize("mg_func, np_func", [(mg.atleast_1d, np.atleast_1d), (mg.atleast_2d, np.atleast_2d),
                                              (mg.atleast_3d, np.atleast_3d)])
@given(x=arrays(shapes(max_dims=4)))
def test_atleast_nd(mg_func, np_func, x):
    check_op(mg_func, np_func, x)


def test_atleast_nd_with_several_inputs_returns_a_list():
    result = mg.atleast_2d(mg.tensor(1.0), [1.0, 2.0])
    assert type(result) is list  # MyGrad's container (NumPy 2 gives a tuple)
    a, b = result
    assert (a.shape, b.shape) == ((1, 1), (1, 2))
    assert not a.constant and b.constant


@pytest.mark.parametrize("func, ndim", [(mg.atleast_1d, 1), (mg.atleast_2d, 2), (mg.atleast_3d, 3)])
@given(x=arrays(shapes(max_dims=4)), constant=st.sampled_from([None, True, False]))
def test_atleast_nd_returns_a_tensor_with_enough_dimensions_itself(func, ndim, x, constant):
    t = mg.tensor(x)
    result = func(t, constant=constant)
    same = t.ndim >= ndim and constant in (None, t.constant)
    assert (result is t) == same
    assert result.constant == (t.constant if constant is None else constant)


def _shift_and_axis(draw, x):
    if x.ndim == 0 or draw(st.booleans()):
        return draw(st.integers(-5, 5)), None
    axes = draw(axis_args(x.ndim, allow_none=False))
    if isinstance(axes, int):
        return draw(st.integers(-5, 5)), axes
    return tuple(draw(st.integers(-5, 5)) for _ in axes), axes


@given(args=array_and(_shift_and_axis))
def test_roll(args):
    x, (shift, axis) = args
    check_op(mg.roll, np.roll, x, kwargs=dict(shift=shift, axis=axis))


def _repeats_and_axis(draw, x):
    axis = draw(st.none() | st.integers(-x.ndim, x.ndim - 1)) if x.ndim else None
    n = x.size if axis is None else x.shape[axis]
    if draw(st.booleans()):
        return draw(st.integers(0, 3)), axis
    return draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), axis


@given(args=array_and(_repeats_and_axis))
def test_repeat(args):
    x, (repeats, axis) = args
    check_op(mg.repeat, np.repeat, x, kwargs=dict(repeats=repeats, axis=axis))


@pytest.mark.parametrize("counts", [[1.0, 3.0], 2.0, [0.0, 2.0]])
def test_repeat_takes_a_float_tensor_of_whole_counts_as_mygrad_does(counts):
    x = mg.tensor([1.0, 2.0])
    y = mg.repeat(x, mg.tensor(counts))
    np.testing.assert_array_equal(y.data, np.repeat(x.data, np.asarray(counts, dtype=int)))
    y.backward()
    np.testing.assert_array_equal(x.grad, np.broadcast_to(np.asarray(counts), (2,)))


@pytest.mark.parametrize("counts", [np.nan, np.inf, 2.5, [1.0, 0.5]])
def test_repeat_refuses_counts_that_are_not_whole_numbers_as_numpy_does(counts):
    with pytest.raises(TypeError, match="repeat"):
        mg.repeat(mg.tensor([1.0, 2.0]), mg.tensor(counts))


VIEWS = [
    lambda x: mg.reshape(x, (3, 2)),
    lambda x: mg.transpose(x),
    lambda x: mg.moveaxis(x, 0, 1),
    lambda x: mg.swapaxes(x, 0, 1),
    lambda x: mg.squeeze(mg.expand_dims(x, 0)),
    lambda x: mg.expand_dims(x, -1),
    lambda x: mg.broadcast_to(x, (4, 2, 3)),
    lambda x: mg.ravel(x),
    lambda x: mg.atleast_3d(x),
]


@pytest.mark.parametrize("view_op", VIEWS)
def test_view_ops_track_their_base(view_op):
    x = mg.tensor(np.arange(6.0).reshape(2, 3))
    out = view_op(x)
    assert out.base is x
    assert np.shares_memory(out.data, x.data)


def test_flatten_copies_and_ravel_of_non_contiguous_copies():
    x = mg.tensor(np.arange(6.0).reshape(2, 3))
    assert mg.flatten(x).base is None
    assert not np.shares_memory(mg.flatten(x).data, x.data)
    assert mg.ravel(mg.transpose(x)).base is None  # NumPy must copy here too


def test_tensor_methods():
    data = np.arange(24.0).reshape(2, 3, 4)
    x = mg.tensor(data)
    assert x.reshape(4, 6).shape == (4, 6) and x.reshape((24,)).shape == (24,)
    np.testing.assert_array_equal(x.transpose(2, 0, 1).data, data.transpose(2, 0, 1))
    np.testing.assert_array_equal(x.transpose((-1, 0, 1)).data, data.transpose(2, 0, 1))
    np.testing.assert_array_equal(x.T.data, data.T)
    np.testing.assert_array_equal(x.moveaxis(0, -1).data, np.moveaxis(data, 0, -1))
    np.testing.assert_array_equal(x.swapaxes(0, 2).data, data.swapaxes(0, 2))
    assert x.reshape(1, 24).squeeze().shape == (24,)
    np.testing.assert_array_equal(x.flatten().data, data.flatten())
    np.testing.assert_array_equal(x.ravel().data, data.ravel())


@pytest.mark.parametrize("func, kwargs", [(mg.transpose, dict(axes=(0, 1))), (mg.swapaxes, dict(axis1=0, axis2=3)),
                                          (mg.moveaxis, dict(source=3, destination=0)),
                                          (mg.expand_dims, dict(axis=4))])
def test_bad_axes_are_errors(func, kwargs):
    with pytest.raises((ValueError, np.exceptions.AxisError), match="axis|axes"):
        func(mg.tensor(np.ones((2, 3, 4))), **kwargs)


@pytest.mark.parametrize("func, args", [(mg.reshape, ((3, 2),)), (mg.transpose, ()), (mg.repeat, (2,)),
                                        (mg.roll, (1,)), (mg.broadcast_to, ((2, 2, 3),)), (mg.flatten, ())])
def test_float32_is_preserved(func, args):
    x = mg.tensor(np.arange(6.0, dtype=np.float32).reshape(2, 3))
    out = func(x, *args)
    assert out.dtype == np.float32
    out.backward()
    assert x.grad.dtype == np.float32


def test_transpose_takes_axes_positionally_like_mygrad():
    x = mg.tensor(np.arange(24.0).reshape(2, 3, 4))
    for y in (mg.transpose(x, 2, 0, 1), mg.transpose(x, (2, 0, 1)), mg.transpose(x, axes=(2, 0, 1))):
        np.testing.assert_array_equal(y.data, np.transpose(x.data, (2, 0, 1)))
    y = mg.transpose(x, 1, 0, 2)
    (y * np.arange(24.0).reshape(3, 2, 4)).sum().backward()
    np.testing.assert_array_equal(x.grad, np.arange(24.0).reshape(3, 2, 4).transpose(1, 0, 2))
    with pytest.raises(TypeError, match="not both"):
        mg.transpose(x, 1, 0, 2, axes=(1, 0, 2))


def test_broadcast_to_first_parameter_is_a_like_mygrad():
    assert mg.broadcast_to(a=mg.tensor([1.0, 2.0]), shape=(3, 2)).shape == (3, 2)
