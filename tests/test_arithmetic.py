"""Arithmetic ops: forward against NumPy, gradients against finite differences."""

import numpy as np
import pytest
from hypothesis import assume, given
import hypothesis.strategies as st

import mygrad as mg
from tests.gradcheck import arrays, broadcastable_arrays, check_op, shapes


def _far_from(values: np.ndarray, points, gap: float) -> bool:
    return all(np.all(np.abs(values - p) > gap) for p in points)


BINARY = [
    (mg.add, np.add, None),
    (mg.subtract, np.subtract, None),
    (mg.multiply, np.multiply, None),
    (mg.divide, np.divide, "nonzero_b"),
    (mg.power, np.power, "positive_a"),
    (mg.maximum, np.maximum, "no_ties"),
    (mg.minimum, np.minimum, "no_ties"),
]


@pytest.mark.parametrize("mg_func, np_func, domain", BINARY, ids=lambda v: getattr(v, "__name__", str(v)))
@given(pair=broadcastable_arrays(2, low=-3.0, high=3.0))
def test_binary_ops(mg_func, np_func, domain, pair):
    a, b = pair
    if domain == "nonzero_b":
        assume(np.all(np.abs(b) > 0.1))
    elif domain == "positive_a":
        a = np.abs(a) + 0.5
    elif domain == "no_ties":
        assume(np.all(np.abs(np.subtract(a, b)) > 1e-3))
    check_op(mg_func, np_func, a, b)


UNARY = [
    (mg.negative, np.negative, None),
    (mg.positive, np.positive, None),
    (mg.square, np.square, None),
    (mg.reciprocal, np.reciprocal, "nonzero"),
    (mg.sqrt, np.sqrt, "positive"),
    (mg.cbrt, np.cbrt, "nonzero"),
    (mg.absolute, np.absolute, "nonzero"),
]


@pytest.mark.parametrize("mg_func, np_func, domain", UNARY, ids=lambda v: getattr(v, "__name__", str(v)))
@given(x=arrays(shapes(), low=-5.0, high=5.0))
def test_unary_ops(mg_func, np_func, domain, x):
    if domain == "positive":
        x = np.abs(x) + 0.1
    elif domain == "nonzero":
        assume(np.all(np.abs(x) > 0.1))
    check_op(mg_func, np_func, x)


@given(x=arrays(shapes(), low=-5.0, high=5.0), bounds=st.tuples(st.floats(-4, 0), st.floats(0.1, 4)))
def test_clip(x, bounds):
    lo, hi = bounds
    assume(_far_from(x, bounds, 1e-3))
    check_op(lambda t: mg.clip(t, lo, hi), lambda a: np.clip(a, lo, hi), x)


def test_clip_out_writes_into_a_tensor_or_array_like_mygrad():
    """MyGrad's clip takes out= (4th argument): a tensor target is written in place and returned."""
    x = mg.tensor([1.0, 5.0, 2.5])
    target = mg.zeros(3, dtype=float)
    assert mg.clip(x, 2, 3, out=target) is target
    np.testing.assert_array_equal(target.data, [2.0, 3.0, 2.5])
    target.backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 1.0])
    x = mg.tensor([1.0, 5.0, 2.5])
    array = np.zeros(3)
    result = mg.clip(x, 2, 3, array)
    assert result.data is array and array.tolist() == [2.0, 3.0, 2.5]
    with pytest.raises(TypeError):
        mg.clip(x, 2, 3, out=[0.0, 0.0, 0.0])


def test_clip_without_bounds_returns_its_input():
    x = mg.tensor([1.0, -2.0])
    assert mg.clip(x, None, None) is x  # as MyGrad


@given(x=arrays(shapes(max_dims=2), low=-3, high=3), lo=st.floats(-2, 0), hi=st.floats(0, 2))
def test_clip_is_maximum_then_minimum_and_bounds_get_gradients(x, lo, hi):
    t, t_lo, t_hi = mg.tensor(x), mg.tensor(lo), mg.tensor(hi)
    clipped = mg.clip(t, t_lo, t_hi)
    np.testing.assert_array_equal(clipped.data, np.clip(x, lo, hi))
    clipped.backward()
    np.testing.assert_array_equal(t.grad, (x > lo) & (x < hi))  # ties at a bound: no gradient (MyGrad)
    assert t_lo.grad == np.sum((lo > x) & (lo < hi)) and t_hi.grad == np.sum(np.maximum(x, lo) > hi)


def test_floor_division_and_remainder_are_for_constants_as_in_mygrad():
    c, v = mg.tensor([5.0, -7.0], constant=True), mg.tensor([5.0, -7.0])
    for result, expected in ((c // 2, [2.0, -4.0]), (7 // c, [1.0, -1.0]), (c % 3, [2.0, 2.0])):
        assert type(result) is np.ndarray and result.tolist() == expected
    for operation in (lambda: v // 2, lambda: 2 // v, lambda: v % 2, lambda: mg.floor_divide(v, 2)):
        with pytest.raises(ValueError, match="non-constant"):
            operation()
    d = c
    d //= 2  # no in-place form: d becomes the array c // 2, c is untouched
    assert type(d) is np.ndarray and c.data.tolist() == [5.0, -7.0]


def test_operators_match_functions():
    a, b = mg.tensor([[1.0, 2.0]]), mg.tensor([[3.0], [4.0]])
    pairs = [
        (a + b, np.add), (a - b, np.subtract), (a * b, np.multiply), (a / b, np.divide),
        (a ** b, np.power),
        (2.0 + a, lambda x, y: 2.0 + x), (2.0 - a, lambda x, y: 2.0 - x), (2.0 * a, lambda x, y: 2.0 * x),
        (2.0 / a, lambda x, y: 2.0 / x), (2.0 ** a, lambda x, y: 2.0 ** x), (-a, lambda x, y: -x),
        (abs(-a), lambda x, y: np.abs(x)), (+a, lambda x, y: x),
    ]
    for result, expected in pairs:
        assert isinstance(result, mg.Tensor)
        np.testing.assert_allclose(result.data, expected(a.data, b.data))


@given(x=arrays(shapes(min_dims=1, max_dims=3, min_side=1)))
def test_maximum_and_minimum_ties_pass_no_gradient(x):
    t, u = mg.tensor(x), mg.tensor(x.copy())
    (mg.maximum(t, u) + mg.minimum(t, u)).backward()  # every element ties: MyGrad gives neither side a gradient
    np.testing.assert_array_equal(t.grad, np.zeros_like(x))
    np.testing.assert_array_equal(u.grad, np.zeros_like(x))


@pytest.mark.parametrize("op", [mg.add, mg.multiply, mg.divide, mg.subtract, mg.power, mg.maximum])
def test_python_scalars_do_not_upcast_float32(op):
    for make in (lambda x: op(x, 2.0), lambda x: op(2.0, x), lambda x: op(x, 2)):
        x = mg.tensor([1.0, 2.0], dtype=np.float32)  # one graph per tensor: backward clears it (MyGrad)
        result = make(x)
        assert result.dtype == np.float32
        result.backward()
        assert x.grad.dtype == np.float32


def test_float32_stays_float32_through_arrays_of_same_dtype():
    x = mg.tensor(np.ones((2, 3), dtype=np.float32))
    y = x * np.float32(3) + np.ones(3, dtype=np.float32)
    assert y.dtype == np.float32
    y.backward()
    assert x.grad.dtype == np.float32


def test_integer_tensors_are_constant_and_int_plus_float_is_float():
    i = mg.tensor([1, 2])
    f = mg.tensor([0.5, 0.5])
    assert i.constant and not f.constant
    out = i + f
    assert out.dtype == np.float64 and not out.constant
    out.backward()
    assert i.grad is None
    np.testing.assert_array_equal(f.grad, [1.0, 1.0])
    assert (i * 2).constant


def test_power_gradient_with_respect_to_exponent_at_zero_base():
    base, exp = mg.tensor([0.0, 2.0]), mg.tensor([2.0, 3.0])
    (base ** exp).backward()
    np.testing.assert_allclose(exp.grad, [0.0, 8.0 * np.log(2.0)])
    np.testing.assert_allclose(base.grad, [0.0, 12.0])
