"""Trigonometric and hyperbolic ops: forward vs NumPy, backward vs finite differences."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import arrays, broadcastable_arrays, check_op, shapes

# (mygrad function, numpy function, lowest input, highest input): inputs stay inside the domain
# and away from its edges, where derivatives blow up and finite differences are unreliable
UNARY = [
    (mg.sin, np.sin, -6.0, 6.0),
    (mg.cos, np.cos, -6.0, 6.0),
    (mg.tan, np.tan, -1.2, 1.2),
    (mg.arcsin, np.arcsin, -0.9, 0.9),
    (mg.arccos, np.arccos, -0.9, 0.9),
    (mg.arctan, np.arctan, -10.0, 10.0),
    (mg.sinc, np.sinc, -4.0, 4.0),
    (mg.sinh, np.sinh, -4.0, 4.0),
    (mg.cosh, np.cosh, -4.0, 4.0),
    (mg.tanh, np.tanh, -4.0, 4.0),
    (mg.arcsinh, np.arcsinh, -10.0, 10.0),
    (mg.arccosh, np.arccosh, 1.1, 10.0),
    (mg.arctanh, np.arctanh, -0.9, 0.9),
]
_ids = lambda v: getattr(v, "__name__", "")  # noqa: E731


@pytest.mark.parametrize("mg_func, np_func, low, high", UNARY, ids=_ids)
@given(data=st.data())
def test_unary(mg_func, np_func, low, high, data):
    x = data.draw(arrays(shapes(max_dims=3), low, high))
    check_op(mg_func, np_func, x)


@given(xs=broadcastable_arrays(2, -5.0, 5.0, max_dims=3))
def test_arctan2_broadcasting(xs):
    y, x = xs
    # keep |y| >= 0.1: away from the origin and from the branch cut (y = 0, x < 0), where arctan2 jumps
    y = np.where(np.abs(y) < 0.1, 0.5, y)
    check_op(mg.arctan2, np.arctan2, y, x)


def test_arctan2_one_constant_input():
    check_op(mg.arctan2, np.arctan2, np.array([1.0, -2.0]), np.array([[3.0], [-0.5]]), constant_inputs=(0,))


def test_sinc_gradient_near_and_at_zero():
    x = mg.tensor([0.0, 1e-9, -1e-5, 5e-4, 2e-3, 1.0])
    mg.sinc(x).backward()
    xs = x.data
    # the derivative written out with sin/cos: (pi x cos(pi x) - sin(pi x)) / (pi x^2), -> 0 at 0
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = (np.pi * xs * np.cos(np.pi * xs) - np.sin(np.pi * xs)) / (np.pi * xs**2)
    expected[0] = 0.0
    expected[1] = -(np.pi**2) * 1e-9 / 3  # the formula above loses all digits this close to 0
    np.testing.assert_allclose(x.grad, expected, rtol=1e-6, atol=1e-15)


@pytest.mark.parametrize("mg_func, np_func, low, high", UNARY, ids=_ids)
def test_float32_is_preserved(mg_func, np_func, low, high):
    x = mg.tensor(np.linspace(low, high, 5, dtype=np.float32))
    out = mg_func(x)
    assert out.dtype == np.float32
    out.backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_allclose(out.data, np_func(x.data), rtol=1e-6)


def test_tanh_saturates_without_nan():
    x = mg.tensor([-1000.0, 1000.0])
    mg.tanh(x).backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])
