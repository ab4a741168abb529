"""Creation routines: same values/dtypes as NumPy, tensors with the right constant flag."""

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import mygrad as mg

DTYPES = [None, np.float32, np.float64, np.int32, bool]


def _check(out, expected, constant=None):
    assert isinstance(out, mg.Tensor)
    assert out.dtype == expected.dtype
    np.testing.assert_array_equal(out.data, expected)
    expected_constant = expected.dtype.kind not in "fc" if constant is None else constant
    assert out.constant is expected_constant
    assert out.creator is None


@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3) | st.integers(0, 3),
       dtype=st.sampled_from(DTYPES), constant=st.sampled_from([None, True]))
def test_zeros_ones_full_empty(shape, dtype, constant):
    kw = {} if dtype is None else dict(dtype=dtype)
    default = dict(dtype=np.float32) if dtype is None else kw  # MyGrad: float32 by default
    _check(mg.zeros(shape, **kw, constant=constant), np.zeros(shape, **default), constant)
    _check(mg.ones(shape, **kw, constant=constant), np.ones(shape, **default), constant)
    _check(mg.full(shape, 3, **kw, constant=constant), np.full(shape, 3, **kw), constant)
    empty = mg.empty(shape, **kw, constant=constant)
    assert empty.shape == np.empty(shape).shape and empty.dtype == np.empty(shape, **default).dtype


@given(data=hnp.arrays(st.sampled_from([np.float32, np.float64, np.int64]), hnp.array_shapes(min_dims=0, max_dims=3)),
       dtype=st.sampled_from(DTYPES), as_tensor=st.booleans(), constant=st.sampled_from([None, True]))
def test_like_functions(data, dtype, as_tensor, constant):
    other = mg.tensor(data) if as_tensor else data
    for name, args in [("zeros_like", ()), ("ones_like", ()), ("full_like", (2,))]:
        out = getattr(mg, name)(other, *args, dtype=dtype, constant=constant)
        expected = getattr(np, name)(data, *args, dtype=dtype)
        inherited = constant
        if constant is None:  # MyGrad 2.5: constant unless `other` is a non-constant tensor
            inherited = other.constant or expected.dtype.kind != "f" if as_tensor else True
        _check(out, expected, inherited)
    out = mg.empty_like(other, dtype=dtype, shape=(2, 1))
    assert out.shape == (2, 1) and out.dtype == np.empty_like(data, dtype=dtype).dtype


def test_like_functions_inherit_constant_from_tensors():
    assert mg.zeros_like(mg.tensor([1.0], constant=True)).constant is True
    assert mg.zeros_like(mg.tensor([1.0])).constant is False
    assert mg.zeros_like(mg.tensor([1.0]), dtype=int).constant is True  # integer tensors are constant
    assert mg.ones_like(mg.tensor([1.0], constant=True), constant=False).constant is False


@pytest.mark.parametrize(
    "args, kwargs",
    [((5,), {}), ((2, 7), {}), ((1.0, 2.0, 0.25), {}), ((0, 5, 2), dict(dtype=float)), ((3,), dict(dtype=np.float32)),
     ((5, 0), {}), ((), dict(start=1, stop=4, step=2))],
)
def test_arange(args, kwargs):
    _check(mg.arange(*args, **kwargs), np.arange(*args, **kwargs))


@pytest.mark.parametrize("name", ["linspace", "logspace", "geomspace"])
@pytest.mark.parametrize(
    "start, stop, kwargs",
    [(1, 10, {}), (1.0, 4.0, dict(num=4, endpoint=False)), ([1.0, 2.0], [4.0, 8.0], dict(num=3, axis=1)),
     (1, 5, dict(num=5, dtype=np.float32)), (2, 3, dict(num=0))],
)
def test_ranges(name, start, stop, kwargs):
    _check(getattr(mg, name)(start, stop, **kwargs), getattr(np, name)(start, stop, **kwargs))


def test_logspace_base_and_tensor_arguments():
    _check(mg.logspace(mg.tensor(0.0), 3, num=4, base=2), np.logspace(0, 3, num=4, base=2))
    _check(mg.linspace(0, 1, 3, constant=True), np.linspace(0, 1, 3), True)


@pytest.mark.parametrize("kwargs", [dict(N=3), dict(N=2, M=4, k=1), dict(N=3, k=-1, dtype=int), dict(N=0)])
def test_eye(kwargs):
    _check(mg.eye(**kwargs), np.eye(**kwargs))


def test_identity():
    _check(mg.identity(3), np.identity(3))
    _check(mg.identity(2, dtype=np.int8), np.identity(2, dtype=np.int8))


def test_integer_tensors_cannot_be_non_constant():
    with pytest.raises(ValueError, match="must be constant"):
        mg.zeros(3, dtype=int, constant=False)


def test_results_are_differentiable_leaves():
    w = mg.ones(3, dtype=float)
    (w * mg.arange(3.0)).sum().backward()
    np.testing.assert_array_equal(w.grad, [0.0, 1.0, 2.0])


# ---------------------------------------------------------------- MyGrad 2.5's constant rules
# Observed by running MyGrad 2.5.0: a ``*_like`` result is a constant unless
# ``other`` is a non-constant tensor; then (and for every other creation
# function) the result's dtype decides: float -> differentiable, int/bool -> constant.
LIKE_INPUTS = {
    "list_int": lambda: [1, 2],
    "list_float": lambda: [1.0, 2.0],
    "list_bool": lambda: [True, False],
    "arr_int": lambda: np.array([1, 2]),
    "arr_float": lambda: np.array([1.0, 2.0]),
    "arr_f32": lambda: np.array([1.0, 2.0], dtype=np.float32),
    "tensor_var": lambda: mg.tensor([1.0, 2.0]),
    "tensor_const": lambda: mg.tensor([1.0, 2.0], constant=True),
    "tensor_int": lambda: mg.tensor([1, 2]),
    "python_float": lambda: 3.0,
}
LIKE_FUNCTIONS = {
    "zeros_like": lambda other, **kw: mg.zeros_like(other, **kw),
    "ones_like": lambda other, **kw: mg.ones_like(other, **kw),
    "empty_like": lambda other, **kw: mg.empty_like(other, **kw),
    "full_like": lambda other, **kw: mg.full_like(other, 3, **kw),
}


def _mygrad25_like_constant(other, dtype, constant):
    """MyGrad 2.5's rule; None means "an error": an integer tensor asked to be non-constant."""
    is_float = np.dtype(dtype).kind == "f"
    if constant is None:
        non_constant_tensor = isinstance(other, mg.Tensor) and not other.constant
        constant = not is_float if non_constant_tensor else True
    return None if (constant is False and not is_float) else constant


@pytest.mark.parametrize("function", LIKE_FUNCTIONS)
@pytest.mark.parametrize("source", LIKE_INPUTS)
@pytest.mark.parametrize("dtype", [None, float, int, "float32", bool])
@pytest.mark.parametrize("constant", [None, True, False])
def test_like_functions_follow_mygrad25_constant_rule(function, source, dtype, constant):
    other = LIKE_INPUTS[source]()
    expected_dtype = np.zeros_like(np.asarray(other.data if isinstance(other, mg.Tensor) else other), dtype=dtype).dtype
    expected = _mygrad25_like_constant(other, expected_dtype, constant)
    kwargs = {} if dtype is None else dict(dtype=dtype)
    if expected is None:
        with pytest.raises(ValueError, match="must be constant"):
            LIKE_FUNCTIONS[function](other, **kwargs, constant=constant)
        return
    out = LIKE_FUNCTIONS[function](other, **kwargs, constant=constant)
    assert (out.constant, out.dtype, out.shape) == (expected, expected_dtype, np.shape(other))


@pytest.mark.parametrize(
    "make, constant",
    [  # pinned from MyGrad 2.5.0 (cd /tmp && /work/refvenv/bin/python -c ...)
        (lambda: mg.ones_like(np.array([1.0, 2.0])), True),
        (lambda: mg.zeros_like([1.0, 2.0]), True),
        (lambda: mg.zeros_like(3.0, shape=(2, 1)), True),
        (lambda: mg.full_like(np.zeros(2), 1.5), True),
        (lambda: mg.ones_like([1, 2], dtype=float), True),
        (lambda: mg.ones_like(mg.tensor([1.0, 2.0])), False),
        (lambda: mg.ones_like(mg.tensor([1, 2]), dtype=float), True),
        (lambda: mg.ones_like(mg.tensor([1.0, 2.0], constant=True)), True),
        (lambda: mg.zeros_like(mg.tensor([1.0]), dtype=int), True),
        (lambda: mg.zeros(2), False),
        (lambda: mg.arange(3.0), False),
        (lambda: mg.linspace(0, 1, 3), False),
        (lambda: mg.eye(2), False),
        (lambda: mg.full(2, 3), True),
        (lambda: mg.full(2, 3.0), False),
    ],
)
def test_creation_constant_defaults_pinned(make, constant):
    assert make().constant is constant


def test_full_like_takes_constant_positionally():
    # MyGrad 2.5: full_like(other, fill_value, dtype, shape, constant)
    out = mg.full_like(mg.tensor([1.0, 2.0]), 3, None, (3,), True)
    assert out.constant is True and out.shape == (3,)
    np.testing.assert_array_equal(out.data, [3.0, 3.0, 3.0])


@pytest.mark.parametrize(
    "kwargs, expected",
    [(dict(stop=3), np.arange(3)), (dict(start=1, stop=4), np.arange(1, 4)),
     (dict(start=0.0, stop=1.0, step=0.5), np.arange(0.0, 1.0, 0.5)), (dict(stop=3, dtype="float32"), np.arange(3.0, dtype="float32"))],
)
def test_arange_takes_numpy_keywords(kwargs, expected):
    _check(mg.arange(**kwargs), expected)


def test_arange_accepts_tensor_arguments():
    _check(mg.arange(mg.tensor(1.0), 3), np.arange(1.0, 3))


def test_arange_constant_is_keyword_only():
    assert mg.arange(3.0, constant=True).constant is True
    with pytest.raises(ValueError, match="must be constant"):
        mg.arange(3, constant=False)


@pytest.mark.parametrize("bad", [1, 0, "yes", np.float64(1.0)])
@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_constant_must_be_a_bool(bad, name):
    with pytest.raises(TypeError, match="constant"):
        getattr(mg, name)(2, constant=bad)
