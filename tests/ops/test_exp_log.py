"""exp/log family: forward vs NumPy, backward vs finite differences."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import arrays, broadcastable_arrays, check_op, shapes

# (mygrad function, numpy function, lowest input, highest input): inputs stay inside the domain
UNARY = [
    (mg.exp, np.exp, -5.0, 5.0),
    (mg.expm1, np.expm1, -5.0, 5.0),
    (mg.exp2, np.exp2, -5.0, 5.0),
    (mg.log, np.log, 0.1, 10.0),
    (mg.log1p, np.log1p, -0.9, 10.0),
    (mg.log2, np.log2, 0.1, 10.0),
    (mg.log10, np.log10, 0.1, 10.0),
]
BINARY = [(mg.logaddexp, np.logaddexp), (mg.logaddexp2, np.logaddexp2)]


@pytest.mark.parametrize("mg_func, np_func, low, high", UNARY, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_unary(mg_func, np_func, low, high, data):
    x = data.draw(arrays(shapes(max_dims=3), low, high))
    check_op(mg_func, np_func, x)


@pytest.mark.parametrize("mg_func, np_func", BINARY, ids=lambda v: getattr(v, "__name__", ""))
@given(xs=broadcastable_arrays(2, -5.0, 5.0, max_dims=3))
def test_binary_broadcasting(mg_func, np_func, xs):
    check_op(mg_func, np_func, *xs)


@pytest.mark.parametrize("mg_func, np_func", BINARY, ids=lambda v: getattr(v, "__name__", ""))
def test_binary_with_one_constant_input(mg_func, np_func):
    check_op(mg_func, np_func, np.array([0.5, -1.0]), np.array([[2.0], [0.0]]), constant_inputs=(1,))


@pytest.mark.parametrize("mg_func", [mg.logaddexp, mg.logaddexp2])
def test_logaddexp_backward_is_stable_for_huge_inputs(mg_func):
    a = mg.tensor([1000.0, -1000.0, 800.0])
    b = mg.tensor([-1000.0, 1000.0, 800.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings allowed
        mg_func(a, b).backward()
    np.testing.assert_allclose(a.grad, [1.0, 0.0, 0.5])
    np.testing.assert_allclose(b.grad, [0.0, 1.0, 0.5])


@pytest.mark.parametrize("mg_func, np_func, low, high", UNARY, ids=lambda v: getattr(v, "__name__", ""))
def test_float32_is_preserved(mg_func, np_func, low, high):
    x = mg.tensor(np.linspace(low, high, 5, dtype=np.float32))
    out = mg_func(x)
    assert out.dtype == np.float32
    out.backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_allclose(out.data, np_func(x.data), rtol=1e-6)


@pytest.mark.parametrize("mg_func", [mg.logaddexp, mg.logaddexp2])
def test_binary_float32_with_python_scalar(mg_func):
    x = mg.tensor(np.array([0.0, 1.0], dtype=np.float32))
    out = mg_func(x, 2.0)
    out.backward()
    assert out.dtype == np.float32 and x.grad.dtype == np.float32


def test_integer_input_gives_constant_float_result():
    out = mg.exp(mg.tensor([0, 1]))
    assert out.constant and out.dtype == np.float64


def test_constant_keyword():
    x = mg.tensor([1.0, 2.0])
    assert mg.log(x, constant=True).constant
    assert not mg.log(x).constant
