"""where: forward vs NumPy, gradient to the chosen input, and the one-argument form."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
import hypothesis.extra.numpy as hnp

import mygrad as mg
from tests.gradcheck import arrays, check_op


@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=3, min_side=0, max_side=3), data=st.data())
def test_where_broadcasting(shapes, data):
    cond_shape, x_shape, y_shape = shapes.input_shapes
    condition = data.draw(hnp.arrays(bool, cond_shape))
    x, y = data.draw(arrays(x_shape)), data.draw(arrays(y_shape))
    check_op(lambda a, b: mg.where(condition, a, b), lambda a, b: np.where(condition, a, b), x, y)


def test_where_condition_may_be_a_tensor_and_gets_no_gradient():
    x = mg.tensor([1.0, -2.0, 3.0])
    out = mg.where(x > 0, x, -x)  # |x|
    out.backward()
    np.testing.assert_array_equal(out.data, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x.grad, [1.0, -1.0, 1.0])
    cond = mg.tensor([1.0, 0.0, 2.0])
    out = mg.where(cond, x, 0.0)
    out.backward()
    assert cond.grad is None
    np.testing.assert_array_equal(out.data, [1.0, 0.0, 3.0])


def test_float32_with_python_scalar_is_preserved():
    x = mg.tensor(np.array([1.0, -1.0], dtype=np.float32))
    out = mg.where(x.data > 0, x, 0.0)
    assert out.dtype == np.float32
    out.backward()
    assert x.grad.dtype == np.float32


@given(condition=hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0),
                            elements=st.sampled_from([0.0, 1.0])))
def test_one_argument_form_is_nonzero(condition):
    expected = np.where(condition)
    result = mg.where(mg.tensor(condition))
    assert isinstance(result, tuple) and len(result) == len(expected)
    for got, want in zip(result, expected):
        np.testing.assert_array_equal(got, want)


def test_one_argument_form_of_0d_raises_like_numpy():
    with pytest.raises(ValueError, match="0d arrays"):
        mg.where(mg.tensor(1.0))


def test_x_without_y_is_an_error():
    with pytest.raises(ValueError, match="both x and y"):
        mg.where([True], mg.tensor([1.0]))
