"""Non-differentiable NumPy helpers (logical, searching, array_info, rounding): tensors in, NumPy out."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
from mygrad.ops import array_info, logical, rounding, searching
from tests.gradcheck import arrays, shapes

UNARY = ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "signbit", "logical_not", "any", "all",
         "count_nonzero", "argmax", "argmin", "argsort", "argwhere", "flatnonzero", "shape", "ndim", "size",
         "min_scalar_type", "result_type"]
BINARY = ["equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "logical_and", "logical_or",
          "logical_xor", "isclose", "allclose", "array_equal", "array_equiv", "shares_memory", "may_share_memory"]
ROUNDING = ["floor", "ceil", "trunc", "rint", "sign"]
special_floats = st.sampled_from([0.0, -0.0, 1.5, -2.5, np.nan, np.inf, -np.inf])


def _assert_same(result, expected):
    assert not isinstance(result, mg.Tensor)
    assert type(result) is type(expected)
    np.testing.assert_array_equal(result, expected)


def test_every_exported_helper_is_tested():
    exported = set(logical.__all__) | set(searching.__all__) | set(array_info.__all__)
    covered = set(UNARY) | set(BINARY) | {"bincount", "searchsorted", "can_cast", "copyto", "isnat"}
    assert exported <= covered, exported - covered


@pytest.mark.parametrize("name", UNARY)
@settings(max_examples=10)
@given(x=arrays(shapes(min_dims=1, max_dims=3, min_side=1)), extra=special_floats)
def test_unary_helpers_match_numpy(name, x, extra):
    x = x.copy()
    x.flat[0] = extra
    _assert_same(getattr(mg, name)(mg.tensor(x)), getattr(np, name)(x))


@pytest.mark.parametrize("name", BINARY)
@settings(max_examples=10)
@given(data=st.data())
def test_binary_helpers_match_numpy(name, data):
    shape = data.draw(shapes(max_dims=2, max_side=3))
    x = data.draw(arrays(shape, -2, 2))
    y = x.copy() if data.draw(st.booleans()) else data.draw(arrays(shape, -2, 2))
    # a tensor on the left, an array on the right, and the other way round
    _assert_same(getattr(mg, name)(mg.tensor(x), y), getattr(np, name)(x, y))
    _assert_same(getattr(mg, name)(x, mg.tensor(y)), getattr(np, name)(x, y))


def test_keyword_arguments_pass_through():
    x = mg.tensor([[1.0, 5.0], [7.0, 2.0]])
    np.testing.assert_array_equal(mg.argmax(x, axis=1), [1, 0])
    np.testing.assert_array_equal(mg.any(x > 6, axis=0, keepdims=True), [[True, False]])
    assert mg.allclose(x, x.data + 1e-9) is True and mg.size(x, axis=0) == 2
    np.testing.assert_array_equal(mg.bincount(mg.tensor([0, 2, 2]), weights=mg.tensor([1.0, 2.0, 3.0])), [1, 0, 5])
    np.testing.assert_array_equal(mg.searchsorted(mg.tensor([1.0, 3.0]), mg.tensor([2.0, 4.0])), [1, 2])
    assert mg.can_cast(mg.tensor(1.0, dtype="float32"), np.float64) is True
    assert mg.isnat(np.array(["NaT"], dtype="datetime64[s]"))[0]


def test_helpers_do_not_touch_the_graph():
    x = mg.tensor([1.0, -1.0])
    y = 2 * x
    mg.argmax(y), mg.isnan(y), mg.greater(y, x)
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


@pytest.mark.parametrize("name", ROUNDING)
def test_rounding_on_constants_matches_numpy(name):
    data = np.array([-2.5, -0.5, 0.0, 0.5, 1.5, 2.7])
    _assert_same(getattr(mg, name)(mg.tensor(data, constant=True)), getattr(np, name)(data))
    _assert_same(getattr(mg, name)(data), getattr(np, name)(data))
    out = np.empty_like(data)
    assert getattr(mg, name)(data, out=out) is out


@pytest.mark.parametrize("name", ROUNDING + ["fmod", "divmod", "floor_divide", "remainder"])
def test_rounding_refuses_tensors_that_need_gradients(name):
    args = (mg.tensor([1.5]),) if name in ROUNDING else (mg.tensor([1.5]), 2.0)
    with pytest.raises(ValueError, match=f"{name} is not differentiable"):
        getattr(mg, name)(*args)
    with pytest.raises(ValueError, match="non-constant"):
        getattr(np, name)(*args)  # NumPy dispatches to mygrad's version


def test_fmod_and_divmod_on_constants():
    a, b = np.array([-3.0, 7.0]), np.array([2.0, -4.0])
    _assert_same(mg.fmod(mg.tensor(a, constant=True), b), np.fmod(a, b))
    q, r = mg.divmod(a, mg.tensor(b, constant=True))
    np.testing.assert_array_equal(q, a // b)
    np.testing.assert_array_equal(r, a % b)


def test_copyto_ndarray_and_tensor():
    dst = np.zeros(3)
    mg.copyto(dst, mg.tensor([1.0, 2.0, 3.0]), where=[True, False, True])
    np.testing.assert_array_equal(dst, [1.0, 0.0, 3.0])

    x = mg.tensor([1.0, 2.0, 3.0])
    target = mg.tensor([10.0, 20.0, 30.0])
    np.copyto(target, 2 * x, where=np.array([True, False, True]))  # dispatches to mygrad.copyto
    np.testing.assert_array_equal(target.data, [2.0, 20.0, 6.0])
    (target * mg.tensor([1.0, 1.0, 1.0])).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 2.0])


def test_copyto_casting_error_names_the_dtypes():
    with pytest.raises(TypeError, match="float64.*int64|Cannot cast"):
        mg.copyto(mg.tensor([1, 2]), mg.tensor([1.5, 2.5]))


@pytest.mark.parametrize("src", [[5.0, 6.0], (5.0, 6.0), [mg.tensor(5.0), 6.0]])
def test_copyto_tensor_from_a_sequence(src):
    dst = mg.tensor([0.0, 0.0])
    mg.copyto(dst, src)
    np.testing.assert_array_equal(dst.data, [5.0, 6.0])
    with pytest.raises(TypeError, match="Cannot cast"):
        mg.copyto(mg.tensor([0, 0]), src)
