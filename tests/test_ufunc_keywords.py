"""mygrad's elementwise functions take NumPy's ufunc keywords out=, where=, dtype= directly."""

import numpy as np
import pytest

import mygrad as mg

UNARY = [mg.exp, mg.tanh, mg.sin, mg.square, mg.negative, mg.sqrt, mg.log1p, mg.csc]
BINARY = [mg.add, mg.subtract, mg.multiply, mg.divide, mg.power, mg.maximum, mg.logaddexp, mg.arctan2]


@pytest.mark.parametrize("func", UNARY + BINARY, ids=lambda f: f.__name__)
def test_out_where_dtype_match_numpy_and_stay_differentiable(func):
    numpy_func = getattr(np, func.__name__) if hasattr(np, func.__name__) else None
    rng = np.random.default_rng(0)
    arrays = [rng.uniform(0.5, 2.0, size=(2, 3)) for _ in range(1 if func in UNARY else 2)]
    mask = np.array([[True, False, True], [False, True, True]])

    # out= into a tensor, with where=: unselected elements keep the target's values and gradient path
    inputs = [mg.tensor(a) for a in arrays]
    target_start = mg.tensor(np.full((2, 3), 7.0))
    target = target_start * 1.0
    result = func(*inputs, out=target, where=mask)
    assert result is target
    if numpy_func is not None:
        expected = np.full((2, 3), 7.0)
        numpy_func(*arrays, out=expected, where=mask)
        np.testing.assert_allclose(target.data, expected)
    target.sum().backward()
    np.testing.assert_array_equal(target_start.grad, ~mask)  # only unselected elements came from the target
    for t in inputs:
        assert t.grad is not None and np.all(t.grad[~mask] == 0)

    # dtype= computes in that dtype
    assert func(*[mg.tensor(a) for a in arrays], dtype=np.float32).dtype == np.float32

    # out= into an ndarray receives the data and becomes the data of the (differentiable) result, as in MyGrad
    buffer = np.zeros((2, 3))
    inputs = [mg.tensor(a) for a in arrays]
    result = func(*inputs, out=buffer)
    assert isinstance(result, mg.Tensor) and result.data is buffer
    np.testing.assert_allclose(buffer, func(*arrays).data)
    result.backward()
    expected_inputs = [mg.tensor(a) for a in arrays]
    func(*expected_inputs).backward()
    for got, want in zip(inputs, expected_inputs):
        np.testing.assert_allclose(got.grad, want.grad)


def test_out_array_refuses_a_cast_numpy_refuses():
    with pytest.raises(TypeError):  # NumPy's UFuncTypeError: float64 into int64 is not 'same_kind'
        mg.add(mg.tensor([1.5, 2.5]), 1, out=np.zeros(2, dtype=np.int64))


def test_out_array_of_lower_precision_sets_the_result_dtype():
    x = mg.tensor([1.0, 2.0])
    buffer = np.zeros(2, dtype=np.float32)
    result = mg.multiply(x, 2.0, out=buffer)
    assert result.dtype == np.float32 and result.data is buffer
    result.backward()
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [2.0, 2.0]


def test_where_without_out_fills_zeros():
    x = mg.tensor([1.0, 2.0])
    y = mg.exp(x, where=[True, False])
    assert y.data.tolist() == [np.e, 0.0]
    y.backward()
    np.testing.assert_allclose(x.grad, [np.e, 0.0])


def test_keywords_are_keyword_only_and_unknown_ones_are_rejected():
    with pytest.raises(TypeError):
        mg.exp(mg.tensor(1.0), casting="unsafe")


# ----------------------------------------------------------------------------- a refused out= names the function
@pytest.mark.parametrize("name", ["tanh", "exp", "add", "multiply"])
@pytest.mark.parametrize("target", [
    np.empty(0), np.zeros((2, 0, 3)), np.ones((7, 5)), mg.zeros((2, 0, 3)), mg.ones((7, 5)),
])
def test_out_of_the_wrong_shape_names_the_function_out_and_both_shapes(name, target):
    x = mg.tensor(np.ones((2, 3)))
    inputs = (x,) * (2 if name in ("add", "multiply") else 1)
    with pytest.raises(ValueError):  # (NumPy refuses it too)
        getattr(np, name)(*(i.data for i in inputs), out=np.array(target))
    before = np.array(target).copy()
    with pytest.raises(ValueError) as got:
        getattr(mg, name)(*inputs, out=target)
    message = str(got.value)
    assert message.startswith(f"{name}(..., out=<{type(target).__name__} of shape {target.shape}, dtype float")
    assert "result of shape (2, 3), dtype float64" in message
    np.testing.assert_array_equal(np.array(target), before)
    assert x.creator is None


@pytest.mark.parametrize("out", [(), (np.zeros(2), np.zeros(2))])
def test_out_tuple_must_hold_exactly_one_target_as_in_numpy(out):
    with pytest.raises(ValueError):
        np.tanh(np.ones(2), out=out)
    with pytest.raises(ValueError, match=rf"^tanh: the 'out' tuple must have exactly one entry .*got {len(out)}$"):
        mg.tanh(mg.tensor([1.0, 2.0]), out=out)


@pytest.mark.parametrize("keyword, value, expected", [
    ("where", [[1], [1, 2]], r"^tanh\(\.\.\., where=\[\[1\], \[1, 2\]\]\): where= must be a boolean mask"),
    ("dtype", {"a": {}}, r"^tanh\(\.\.\., dtype=\{'a': \{\}\}\): not a data type"),
])
def test_unreadable_where_or_dtype_names_the_function_and_keyword(keyword, value, expected):
    with pytest.raises(ValueError):  # (NumPy refuses them too, in its own words)
        np.tanh(np.ones(2), **{keyword: value})
    x = mg.tensor([1.0, 2.0])
    with pytest.raises(ValueError, match=expected):
        mg.tanh(x, **{keyword: value})
    assert x.creator is None and x.data.flags.writeable


@pytest.mark.parametrize("call", [lambda out: mg.clip(mg.tensor([1.0, 2.0]), 0, 1, out=out),
                                  lambda out: mg.concatenate([mg.tensor([1.0]), mg.tensor([2.0])], out=out),
                                  lambda out: mg.einsum("i,i->i", mg.tensor([1.0, 2.0]), mg.tensor([1.0, 2.0]),
                                                        out=out)])
def test_out_that_the_result_does_not_fit_names_the_function_and_out(call):
    with pytest.raises(ValueError, match=r"(clip|concatenate|einsum)\(\.\.\., out="):
        call(np.zeros((3, 3)))
