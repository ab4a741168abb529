"""concatenate and stack: forward vs NumPy, each input's gradient is its own slice."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import arrays, check_op, shapes


@st.composite
def arrays_to_concatenate(draw):
    """2-3 arrays that agree except along ``axis`` (or any shapes for axis=None)."""
    count = draw(st.integers(1, 3))
    base = draw(shapes(min_dims=1, max_dims=3))
    if draw(st.booleans()):
        return [draw(arrays(shapes(max_dims=3))) for _ in range(count)], None
    axis = draw(st.integers(-len(base), len(base) - 1))
    pieces = []
    for _ in range(count):
        shape = list(base)
        shape[axis] = draw(st.integers(0, 3))
        pieces.append(draw(arrays(tuple(shape))))
    return pieces, axis


def _joined(np_func, **kwargs):
    """A NumPy reference taking the arrays as separate arguments, as check_op passes them."""
    return lambda *xs: np_func(xs, **kwargs)


@given(args=arrays_to_concatenate())
def test_concatenate(args):
    pieces, axis = args
    check_op(lambda *xs: mg.concatenate(xs, axis=axis), _joined(np.concatenate, axis=axis), *pieces)


@given(shape=shapes(max_dims=3), count=st.integers(1, 3), data=st.data())
def test_stack(shape, count, data):
    pieces = [data.draw(arrays(shape)) for _ in range(count)]
    axis = data.draw(st.integers(-len(shape) - 1, len(shape)))
    check_op(lambda *xs: mg.stack(xs, axis=axis), _joined(np.stack, axis=axis), *pieces)


def test_concatenate_with_a_constant_input():
    check_op(lambda a, b: mg.concatenate([a, b], axis=1), _joined(np.concatenate, axis=1),
             np.ones((2, 1)), np.arange(6.0).reshape(2, 3), constant_inputs=(0,))


def test_float32_is_preserved():
    for join in (lambda a, b: mg.concatenate([a, b]), lambda a, b: mg.stack([a, a])):
        a, b = mg.tensor(np.ones(2, dtype=np.float32)), mg.tensor(np.zeros(3, dtype=np.float32))
        out = join(a, b)  # one graph per tensor: a backward clears what it passes through (MyGrad)
        assert out.dtype == np.float32
        out.backward()
        assert a.grad.dtype == np.float32


def test_fan_in_of_the_same_tensor_accumulates():
    x = mg.tensor([1.0, 2.0])
    mg.concatenate([x, x, x]).backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_mismatched_shapes_and_bad_axes_are_clear_errors():
    with pytest.raises(ValueError, match="dimension"):
        mg.concatenate([mg.tensor(np.ones((2, 3))), mg.tensor(np.ones((3, 2)))], axis=0)
    with pytest.raises(ValueError, match="same shape"):
        mg.stack([mg.tensor(np.ones(2)), mg.tensor(np.ones(3))])
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds for array of dimension 2"):
        mg.concatenate([mg.tensor(np.ones((2, 3)))] * 2, axis=2)
    with pytest.raises(ValueError, match="at least one array"):
        mg.concatenate([])
