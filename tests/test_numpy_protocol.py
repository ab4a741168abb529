"""NumPy's functions and ufuncs on tensors: mygrad's namesakes run (differentiably); the rest run on the data.

For every mygrad function with a NumPy namesake, ``np.<name>(tensor, ...)``
must return a Tensor equal to NumPy's result on the data, and back-propagate
exactly as calling ``mygrad.<name>`` directly does.
"""

import types

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from mygrad.ops import numpy_protocol
from tests.gradcheck import check_op, shapes

RNG = np.random.default_rng(0)
X = RNG.uniform(0.2, 0.8, size=(2, 3))
Y = RNG.uniform(0.2, 0.8, size=(2, 3))

# NumPy does not dispatch these on tensors (no array argument), or their mygrad namesake differs on purpose
NOT_DISPATCHED = {"arange", "empty", "eye", "full", "geomspace", "identity", "linspace", "logspace", "ones",
                  "zeros", "load", "save", "asarray"}
CONSTANT_ONLY = {"ceil", "floor", "rint", "sign", "trunc", "fmod", "divmod", "floor_divide", "remainder", "mod"}
TESTED_APART = {"copyto", "split", "array_split", "hsplit", "vsplit", "dsplit"}  # (lists: tests/ops/test_joining)
UNINITIALISED = {"empty_like"}

# name -> f(x, y) giving (args, kwargs); the default is ((x,), {})
SAMPLES = {
    "arctan2": lambda x, y: ((x, y), {}),
    "logaddexp": lambda x, y: ((x, y), {}),
    "logaddexp2": lambda x, y: ((x, y), {}),
    "add": lambda x, y: ((x, y), {}),
    "subtract": lambda x, y: ((x, y), {}),
    "multiply": lambda x, y: ((x, y), {}),
    "divide": lambda x, y: ((x, y), {}),
    "true_divide": lambda x, y: ((x, y), {}),
    "power": lambda x, y: ((x, y), {}),
    "maximum": lambda x, y: ((x, y), {}),
    "minimum": lambda x, y: ((x, y), {}),
    "matmul": lambda x, y: ((x, np.swapaxes(y, 0, 1)), {}),
    "arccosh": lambda x, y: ((x * 2 + 1,), {}),  # the domain is x >= 1; x * 2 + 1 stays differentiable
    "clip": lambda x, y: ((x, 0.3, 0.6), {}),
    "reshape": lambda x, y: ((x, (3, 2)), {}),
    "moveaxis": lambda x, y: ((x, 0, -1), {}),
    "swapaxes": lambda x, y: ((x, 0, 1), {}),
    "transpose": lambda x, y: ((x, (1, 0)), {}),
    "roll": lambda x, y: ((x, 1), {"axis": 1}),
    "repeat": lambda x, y: ((x, 2), {"axis": 0}),
    "broadcast_to": lambda x, y: ((x, (4, 2, 3)), {}),
    "expand_dims": lambda x, y: ((x, 1), {}),
    "squeeze": lambda x, y: ((np.expand_dims(x, 0),), {"axis": 0}),
    "concatenate": lambda x, y: (([x, y],), {"axis": 1}),
    "stack": lambda x, y: (([x, y],), {"axis": -1}),
    "einsum": lambda x, y: (("ij,ij->j", x, y), {}),
    "where": lambda x, y: ((X > 0.5, x, y), {}),
    "full_like": lambda x, y: ((x, 3.0), {}),
    "astype": lambda x, y: ((x, np.float32), {}),
    "sum": lambda x, y: ((x,), {"axis": 1, "keepdims": True}),
    "mean": lambda x, y: ((x,), {"axis": -1}),
    "var": lambda x, y: ((x,), {"axis": 0, "ddof": 1}),
    "std": lambda x, y: ((x,), {"axis": None}),
    "prod": lambda x, y: ((x,), {"axis": 0}),
    "max": lambda x, y: ((x,), {"axis": 1}),
    "min": lambda x, y: ((x,), {"axis": (0, 1)}),
    "amax": lambda x, y: ((x,), {"axis": 0, "keepdims": True}),
    "amin": lambda x, y: ((x,), {}),
    "cumsum": lambda x, y: ((x,), {"axis": 1}),
    "cumprod": lambda x, y: ((x,), {"axis": 0}),
}


def _namesakes():
    names = []
    for name, value in vars(mg).items():
        if name.startswith("_") or isinstance(value, (type, types.ModuleType)) or not callable(value):
            continue
        if hasattr(np, name) and not getattr(value, "_mygrad_returns_numpy", False):
            names.append(name)
    return sorted(names)


NAMESAKES = _namesakes()
DISPATCHED = [n for n in NAMESAKES if n not in NOT_DISPATCHED | CONSTANT_ONLY | TESTED_APART]


def _call(func, name, x, y):
    args, kwargs = SAMPLES.get(name, lambda x, y: ((x,), {}))(x, y)
    return func(*args, **kwargs)


def _grads_after(func, name):
    """(result, [x.grad, y.grad]) of ``func`` on fresh tensors, back-propagating a fixed upstream gradient."""
    x, y = mg.tensor(X), mg.tensor(Y)
    out = _call(func, name, x, y)
    upstream = np.random.default_rng(1).normal(size=out.shape)
    out.backward(upstream)
    return out, [x.grad, y.grad]


def test_the_namesake_list_is_what_we_expect():
    assert {"sum", "exp", "add", "matmul", "einsum", "where", "reshape", "concatenate"} <= set(DISPATCHED)
    assert len(DISPATCHED) >= 70


@pytest.mark.parametrize("name", DISPATCHED)
def test_numpy_namesake_returns_tensor_and_backpropagates(name):
    np_func, mg_func = getattr(np, name), getattr(mg, name)
    out, grads = _grads_after(np_func, name)
    assert isinstance(out, mg.Tensor), f"np.{name}(tensor) returned {type(out).__name__}"
    expected = _call(np_func, name, X.copy(), Y.copy())
    assert out.shape == np.shape(expected) and out.dtype == np.asarray(expected).dtype
    if name not in UNINITIALISED:
        np.testing.assert_allclose(out.data, expected, rtol=1e-12)
    _, direct_grads = _grads_after(mg_func, name)
    for grad, direct in zip(grads, direct_grads):
        if direct is None:
            assert grad is None
        else:
            np.testing.assert_allclose(grad, direct, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(CONSTANT_ONLY))
def test_constant_only_namesakes(name):
    binary = ("fmod", "divmod", "floor_divide", "remainder", "mod")
    args = (mg.tensor(X, constant=True),) + ((0.3,) if name in binary else ())
    result = getattr(np, name)(*args)
    expected = getattr(np, name)(X, *args[1:])
    np.testing.assert_array_equal(result, expected)
    assert not isinstance(result, mg.Tensor) and not isinstance(result, tuple) or name == "divmod"
    with pytest.raises(ValueError, match="not differentiable"):
        getattr(np, name)(mg.tensor(X), *args[1:])


def test_asarray_gives_the_data():
    t = mg.tensor(X)
    assert np.asarray(t) is t.data
    assert np.array(t).base is None or not np.shares_memory(np.array(t), t.data)


BINARY_UFUNCS = [n for n in DISPATCHED if isinstance(getattr(np, n), np.ufunc) and getattr(np, n).nin == 2]


@pytest.mark.parametrize("name", BINARY_UFUNCS)
@pytest.mark.parametrize("position", [0, 1])
def test_binary_ufunc_with_tensor_in_either_position(name, position):
    ufunc = getattr(np, name)
    a, b = (X, Y.T) if name == "matmul" else (X, Y)
    t = mg.tensor(a if position == 0 else b)
    args = (t, b) if position == 0 else (a, t)
    out = ufunc(*args)
    assert isinstance(out, mg.Tensor)
    np.testing.assert_allclose(out.data, ufunc(a, b))
    out.backward()
    direct = mg.tensor(t.data)
    getattr(mg, name)(*((direct, b) if position == 0 else (a, direct))).backward()
    np.testing.assert_allclose(t.grad, direct.grad)


@pytest.mark.parametrize(
    "operator, name",
    [(lambda a, b: a + b, "add"), (lambda a, b: a - b, "subtract"), (lambda a, b: a * b, "multiply"),
     (lambda a, b: a / b, "divide"), (lambda a, b: a ** b, "power")],
)
def test_ndarray_operator_tensor(operator, name):
    t = mg.tensor(Y)
    out = operator(X, t)  # ndarray.__op__ hands over to the tensor through __array_ufunc__
    assert isinstance(out, mg.Tensor)
    np.testing.assert_allclose(out.data, operator(X, Y))
    out.backward()
    direct = mg.tensor(Y)
    getattr(mg, name)(X, direct).backward()
    np.testing.assert_allclose(t.grad, direct.grad)


def test_ndarray_matmul_and_comparison_with_tensor():
    t = mg.tensor(Y.T)
    out = X @ t
    assert isinstance(out, mg.Tensor)
    out.backward()
    np.testing.assert_allclose(t.grad, X.T @ np.ones((2, 2)))
    compared = X < mg.tensor(Y)
    assert type(compared) is np.ndarray and compared.dtype == bool
    np.testing.assert_array_equal(compared, X < Y)


def test_out_tensor_is_mutated_and_differentiable():
    x = mg.tensor(X)
    target = mg.zeros_like(x)
    row = target[0]  # a view of the target sees the write
    result = np.multiply(x, 2.0, out=target)
    assert result is target
    np.testing.assert_allclose(target.data, 2 * X)
    np.testing.assert_allclose(row.data, 2 * X[0])
    (target ** 2).sum().backward()
    np.testing.assert_allclose(x.grad, 8 * X)  # d(sum (2x)^2)/dx = 8x


def test_out_tuple_form_and_ndarray_target():
    x = mg.tensor(X)
    buffer = np.empty_like(X)
    result = np.exp(x, out=(buffer,))
    assert isinstance(result, mg.Tensor) and result.data is buffer  # MyGrad: the array becomes the result's data
    np.testing.assert_allclose(buffer, np.exp(X))
    assert not buffer.flags.writeable  # ... which its graph needs until backward
    result.backward()
    assert buffer.flags.writeable
    np.testing.assert_allclose(x.grad, np.exp(X))


def test_where_with_out_tensor_keeps_unselected_values_and_their_gradients():
    x = mg.tensor([1.0, 2.0, 3.0])
    old = mg.tensor([10.0, 20.0, 30.0])
    y = old * 1.0  # an intermediate target: its old values carry a gradient path to `old`
    np.multiply(x, x, where=[True, False, True], out=y)
    np.testing.assert_array_equal(y.data, [1.0, 20.0, 9.0])
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 6.0])
    np.testing.assert_array_equal(old.grad, [0.0, 1.0, 0.0])


def test_where_documented_example():
    x = mg.tensor([1.0, 2.0, 3.0])
    y = mg.zeros_like(x)
    np.multiply(x, x, where=[True, False, True], out=y)
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 0.0, 6.0])


def test_where_broadcasts_and_accepts_tensor_masks():
    x = mg.tensor(X)
    target = np.full_like(X, -1.0)
    np.exp(x, out=target, where=mg.tensor([True, False, True]))
    np.testing.assert_allclose(target, np.where([True, False, True], np.exp(X), -1.0))
    without_out = np.exp(x, where=np.array([[True], [False]]))
    assert isinstance(without_out, mg.Tensor)
    np.testing.assert_allclose(without_out.data, np.where([[True], [False]], np.exp(X), 0.0))
    without_out.backward()
    np.testing.assert_allclose(x.grad, np.where([[True], [False]], np.exp(X), 0.0))


def test_dtype_keyword_computes_in_that_dtype():
    x = mg.tensor(X)
    out = np.add(x, Y, dtype=np.float32)
    assert isinstance(out, mg.Tensor) and out.dtype == np.float32
    np.testing.assert_allclose(out.data, np.add(X, Y, dtype=np.float32))
    out.backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad, np.ones_like(X))


def test_linalg_namesakes_dispatch_to_mygrad_linalg():
    t = mg.tensor(X)
    norm = np.linalg.norm(t, axis=1)
    assert isinstance(norm, mg.Tensor)
    norm.sum().backward()
    np.testing.assert_allclose(t.grad, X / np.linalg.norm(X, axis=1, keepdims=True))


@pytest.mark.parametrize(
    "call",
    [
        lambda t: np.argsort(t, axis=1),
        lambda t: np.unique(t),
        lambda t: np.histogram(t, bins=3),
        lambda t: np.sort(t),
        lambda t: np.median(t, axis=0),
        lambda t: np.percentile(t, 50),
        lambda t: np.diff(t),
        lambda t: np.nonzero(t > 0.5),
        lambda t: np.isin(t, [X[0, 0]]),
        lambda t: np.round(t, 1),
        lambda t: np.dot(t, t.T),
        lambda t: np.subtract.reduce(t, axis=0),
        lambda t: np.add.reduce(t, axis=0, initial=1.0),  # a keyword the reduction does not translate
        lambda t: np.maximum.accumulate(t, axis=1),
        lambda t: np.exp(t, casting="unsafe"),  # a ufunc keyword mygrad does not model
    ],
)
def test_unimplemented_functions_return_numpy_results_on_the_data(call):
    result = call(mg.tensor(X))
    expected = call(X)
    for got, want in zip(*(r if isinstance(r, tuple) else (r,) for r in (result, expected))):
        assert not isinstance(got, mg.Tensor)
        np.testing.assert_array_equal(got, want)


def test_numpy_save_writes_numpy_format(tmp_path):
    path = tmp_path / "t.npy"
    np.save(path, mg.tensor(X))
    np.testing.assert_array_equal(np.load(path, allow_pickle=False), X)


@settings(max_examples=30, deadline=None)
@given(shape=shapes(min_dims=1, max_dims=3, min_side=1), data=st.data(),
       method=st.sampled_from([(np.add, "reduce"), (np.multiply, "reduce"), (np.maximum, "reduce"),
                               (np.minimum, "reduce"), (np.add, "accumulate"), (np.multiply, "accumulate")]))
def test_ufunc_reduce_and_accumulate_are_differentiable(shape, data, method):
    ufunc, name = method
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    kwargs = {"axis": axis}
    if name == "reduce":
        kwargs["keepdims"] = data.draw(st.booleans())
    size = int(np.prod(shape))
    x = (np.random.default_rng(size).permutation(size).reshape(shape) + 1.0) / size  # distinct: no ties for max
    call = getattr(ufunc, name)
    assert isinstance(call(mg.tensor(x), **kwargs), mg.Tensor)
    check_op(lambda t: call(t, **kwargs), lambda a: call(a, **kwargs), x)


def test_ufunc_methods_mygrad_cannot_express_run_on_the_data():
    t = mg.tensor([1.0, 2.0, 3.0])
    assert not isinstance(np.add.reduce(t, initial=1.0), mg.Tensor)  # a keyword mygrad does not translate
    assert not isinstance(np.subtract.reduce(t), mg.Tensor)  # no mygrad equivalent
    assert np.add.reduce(t).item() == 6.0 and np.add.reduce(t, axis=None).item() == 6.0


def test_implements_numpy_override_without_an_argument_takes_the_numpy_namesake():
    def moveaxis(x, source, destination):  # a stand-in, restored below
        return "overridden"

    original = numpy_protocol._OVERRIDES.pop(np.moveaxis)  # (a second declaration would be refused)
    try:
        numpy_protocol.implements_numpy_override()(moveaxis)
        assert np.moveaxis(mg.tensor([[1.0]]), 0, 1) == "overridden"
    finally:
        numpy_protocol._OVERRIDES[np.moveaxis] = original
    with pytest.raises(ValueError, match="no function named"):
        numpy_protocol.implements_numpy_override()(lambda x: x)


def test_a_view_of_an_array_like_that_is_not_a_tensor_has_no_base():
    assert mg.reshape(2.0, (1,)).base is None and mg.transpose(np.ones((2, 3))).base is None
    t = mg.tensor([[1.0, 2.0]])
    assert mg.transpose(t).base is t


def test_an_op_cannot_be_declared_twice():
    """One declaration per op: a second override of np.tanh (a second Tanh) is refused at import time."""
    from mygrad.ops.numpy_protocol import implements_numpy_override

    def tanh(x):
        return x

    tanh.__module__ = "mygrad.ops.activations"  # as if a second Tanh were declared inside mygrad
    with pytest.raises(ValueError, match=r"tanh already has a mygrad override: mygrad\.tanh; an op is declared once"):
        implements_numpy_override(np.tanh)(tanh)
    assert implements_numpy_override(np.tanh)(mg.tanh) is mg.tanh  # re-declaring the same function is harmless


def test_a_users_override_replaces_mygrads_as_in_mygrad():
    from mygrad.ops.numpy_protocol import implements_numpy_override

    def reshape(x, shape):
        return "mine"

    original = numpy_protocol._OVERRIDES[np.reshape]
    try:
        implements_numpy_override()(reshape)
        assert np.reshape(mg.tensor([1.0]), (1,)) == "mine"
    finally:
        numpy_protocol._OVERRIDES[np.reshape] = original
