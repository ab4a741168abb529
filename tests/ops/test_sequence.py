"""add_sequence / multiply_sequence: forward vs NumPy, backward vs finite differences."""

from functools import reduce

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import broadcastable_arrays, check_op


@settings(max_examples=25)
@given(n=st.integers(2, 4), data=st.data())
def test_add_sequence(n, data):
    xs = data.draw(broadcastable_arrays(n, max_dims=3, max_side=3))
    check_op(mg.add_sequence, lambda *a: reduce(np.add, a), *xs)


@settings(max_examples=25)
@given(n=st.integers(2, 4), data=st.data())
def test_multiply_sequence(n, data):
    xs = data.draw(broadcastable_arrays(n, -3.0, 3.0, max_dims=3, max_side=3))
    check_op(mg.multiply_sequence, lambda *a: reduce(np.multiply, a), *xs)


def test_multiply_sequence_gradient_with_zeros():
    x, y, z = mg.tensor([0.0, 2.0]), mg.tensor([3.0, 0.0]), mg.tensor([5.0, 7.0])
    mg.multiply_sequence(x, y, z).backward()
    np.testing.assert_array_equal(x.grad, [15.0, 0.0])
    np.testing.assert_array_equal(y.grad, [0.0, 14.0])
    np.testing.assert_array_equal(z.grad, [0.0, 0.0])


def test_same_tensor_twice_accumulates():
    x = mg.tensor(3.0)
    mg.multiply_sequence(x, x, 2.0).backward()  # d(2x^2)/dx = 4x
    assert x.grad == 12.0


def test_one_node_in_the_graph():
    a, b, c = mg.tensor(1.0), mg.tensor(2.0), mg.tensor(3.0)
    out = mg.add_sequence(a, b, c)
    assert out.creator.variables == (a, b, c)


@pytest.mark.parametrize("func", [mg.add_sequence, mg.multiply_sequence])
def test_needs_two_inputs(func):
    with pytest.raises(ValueError, match="at least two inputs"):
        func(mg.tensor(1.0))
