"""Hostile arguments to the core ops: shape ops, reductions, indexing, where, windows, creation, casting.

Every case asserts that the error has NumPy's exception class (exactly: an
``AxisError`` stays an ``AxisError``, so MyGrad 2.5 code that catches it
still works), that the message names the function, the argument as given,
the input's shape and what was expected, and that the tensors involved -
data, grad and constant flag - are exactly as they were before the call.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
from mygrad._arg_errors import explain, named
from tests.test_bad_inputs import check

AxisError = np.exceptions.AxisError


def leaf() -> mg.Tensor:
    """A (2, 3) float tensor that already holds a gradient (so a cleared grad would show)."""
    x = mg.tensor(np.arange(6.0).reshape(2, 3))
    (x * 2).sum().backward()
    return x


def exact(call: Callable[[], Any], exc: type) -> None:
    """The call raises exactly ``exc`` (not a subclass, not a parent)."""
    with pytest.raises(BaseException) as info:
        call()
    assert type(info.value) is exc, f"raised {type(info.value).__name__}, not {exc.__name__}"


# label, mygrad call on x, the same call in NumPy on x.data (None: no NumPy twin), exception, facts
SHAPE_CASES = [
    ("reshape size", lambda x: mg.reshape(x, (4, 2)), lambda a: np.reshape(a, (4, 2)), ValueError,
     ["reshape", "shape=(4, 2)", "input_shape=(2, 3)", "same number of elements"]),
    ("reshape two unknowns", lambda x: mg.reshape(x, (-1, -1)), lambda a: np.reshape(a, (-1, -1)), ValueError,
     ["reshape", "shape=(-1, -1)", "(2, 3)", "at most one of them -1"]),
    ("reshape float", lambda x: mg.reshape(x, (2.0, 3)), lambda a: np.reshape(a, (2.0, 3)), TypeError,
     ["reshape", "shape=(2.0, 3)", "ints"]),
    ("reshape str", lambda x: mg.reshape(x, "a"), lambda a: np.reshape(a, "a"), TypeError,
     ["reshape", "shape='a'", "(2, 3)"]),
    ("Tensor.reshape", lambda x: x.reshape(4, 2), lambda a: a.reshape(4, 2), ValueError,
     ["reshape", "(4, 2)", "(2, 3)"]),
    ("transpose too few axes", lambda x: mg.transpose(x, (0,)), lambda a: np.transpose(a, (0,)), ValueError,
     ["transpose", "axes=(0,)", "input_shape=(2, 3)", "permutation"]),
    ("transpose repeated", lambda x: mg.transpose(x, (0, 0)), lambda a: np.transpose(a, (0, 0)), ValueError,
     ["transpose", "axes=(0, 0)", "each once"]),
    ("transpose out of range", lambda x: mg.transpose(x, (0, 2)), lambda a: np.transpose(a, (0, 2)), AxisError,
     ["transpose", "axes=(0, 2)", "(2, 3)", "axis 2 is out of bounds"]),
    ("transpose str axes", lambda x: mg.transpose(x, ("a", "b")), lambda a: np.transpose(a, ("a", "b")),
     TypeError, ["transpose", "axes=('a', 'b')", "(2, 3)"]),
    ("transpose int axes", lambda x: mg.transpose(x, 1), lambda a: np.transpose(a, 1), ValueError,
     ["transpose", "axes=1", "(2, 3)"]),
    ("Tensor.transpose repeated", lambda x: x.transpose(1, 1), lambda a: a.transpose(1, 1), ValueError,
     ["transpose", "axes=(1, 1)", "(2, 3)"]),
    ("moveaxis out of range", lambda x: mg.moveaxis(x, 2, 0), lambda a: np.moveaxis(a, 2, 0), AxisError,
     ["moveaxis", "source=2", "destination=0", "(2, 3)", "within the input's axes"]),
    ("moveaxis lengths", lambda x: mg.moveaxis(x, (0, 1), 0), lambda a: np.moveaxis(a, (0, 1), 0), ValueError,
     ["moveaxis", "source=(0, 1)", "destination=0", "equally long"]),
    ("moveaxis repeated", lambda x: mg.moveaxis(x, (0, 0), (0, 1)), lambda a: np.moveaxis(a, (0, 0), (0, 1)),
     ValueError, ["moveaxis", "source=(0, 0)", "distinct"]),
    ("moveaxis float", lambda x: mg.moveaxis(x, 0.0, 1), lambda a: np.moveaxis(a, 0.0, 1), TypeError,
     ["moveaxis", "source=0.0", "ints"]),
    ("swapaxes out of range", lambda x: mg.swapaxes(x, 0, 5), lambda a: np.swapaxes(a, 0, 5), AxisError,
     ["swapaxes", "axis1=0", "axis2=5", "(2, 3)"]),
    ("swapaxes float", lambda x: mg.swapaxes(x, 0.5, 1), lambda a: np.swapaxes(a, 0.5, 1), TypeError,
     ["swapaxes", "axis1=0.5", "ints"]),
    ("squeeze size 2 axis", lambda x: mg.squeeze(x, 0), lambda a: np.squeeze(a, 0), ValueError,
     ["squeeze", "axis=0", "input_shape=(2, 3)", "size 1"]),
    ("squeeze out of range", lambda x: mg.squeeze(x, 3), lambda a: np.squeeze(a, 3), AxisError,
     ["squeeze", "axis=3", "(2, 3)"]),
    ("Tensor.squeeze float", lambda x: x.squeeze(1.0), lambda a: a.squeeze(1.0), TypeError,
     ["squeeze", "axis=1.0", "(2, 3)"]),
    ("expand_dims out of range", lambda x: mg.expand_dims(x, 4), lambda a: np.expand_dims(a, 4), AxisError,
     ["expand_dims", "axis=4", "(2, 3)", "result's axes"]),
    ("expand_dims repeated", lambda x: mg.expand_dims(x, (0, 0)), lambda a: np.expand_dims(a, (0, 0)),
     ValueError, ["expand_dims", "axis=(0, 0)", "distinct"]),
    ("expand_dims float", lambda x: mg.expand_dims(x, 1.0), lambda a: np.expand_dims(a, 1.0), TypeError,
     ["expand_dims", "axis=1.0"]),
    ("broadcast_to incompatible", lambda x: mg.broadcast_to(x, (3, 3)), lambda a: np.broadcast_to(a, (3, 3)),
     ValueError, ["broadcast_to", "shape=(3, 3)", "input_shape=(2, 3)", "broadcasts to"]),
    ("broadcast_to negative", lambda x: mg.broadcast_to(x, (-1, 3)), lambda a: np.broadcast_to(a, (-1, 3)),
     ValueError, ["broadcast_to", "shape=(-1, 3)", "non-negative"]),
    ("broadcast_to fewer dims", lambda x: mg.broadcast_to(x, (3,)), lambda a: np.broadcast_to(a, (3,)),
     ValueError, ["broadcast_to", "shape=(3,)", "(2, 3)"]),
    ("repeat negative", lambda x: mg.repeat(x, -1), lambda a: np.repeat(a, -1), ValueError,
     ["repeat", "repeats=-1", "(2, 3)", "non-negative"]),
    ("repeat wrong count", lambda x: mg.repeat(x, [1, 2], axis=1), lambda a: np.repeat(a, [1, 2], axis=1),
     ValueError, ["repeat", "repeats=[1, 2]", "axis=1", "(2, 3)", "one per element"]),
    ("repeat axis out of range", lambda x: mg.repeat(x, 2, axis=2), lambda a: np.repeat(a, 2, axis=2),
     AxisError, ["repeat", "axis=2", "(2, 3)"]),
    ("roll axis out of range", lambda x: mg.roll(x, 1, axis=2), lambda a: np.roll(a, 1, axis=2), AxisError,
     ["roll", "shift=1", "axis=2", "(2, 3)"]),
    ("roll shifts vs axes", lambda x: mg.roll(x, (1, 2, 3), axis=(0, 1)),
     lambda a: np.roll(a, (1, 2, 3), axis=(0, 1)), ValueError,
     ["roll", "shift=(1, 2, 3)", "axis=(0, 1)", "as many shifts as axes"]),
]

REDUCTION_CASES = [
    ("sum out of range", lambda x: mg.sum(x, axis=2), lambda a: np.sum(a, axis=2), AxisError,
     ["sum", "axis=2", "input_shape=(2, 3)", "within the input's axes"]),
    ("sum duplicated", lambda x: mg.sum(x, axis=(0, 0)), lambda a: np.sum(a, axis=(0, 0)), ValueError,
     ["sum", "axis=(0, 0)", "distinct"]),
    ("sum float axis", lambda x: mg.sum(x, axis=1.0), lambda a: np.sum(a, axis=1.0), TypeError,
     ["sum", "axis=1.0", "an int"]),
    ("sum str axis", lambda x: mg.sum(x, axis="0"), lambda a: np.sum(a, axis="0"), TypeError,
     ["sum", "axis='0'"]),
    ("sum keepdims str", lambda x: mg.sum(x, keepdims="yes"), lambda a: np.sum(a, keepdims="yes"), TypeError,
     ["sum", "keepdims='yes'", "keepdims: a bool"]),
    ("Tensor.sum out of range", lambda x: x.sum(axis=-3), lambda a: a.sum(axis=-3), AxisError,
     ["sum", "axis=-3", "(2, 3)"]),
    ("mean out of range", lambda x: mg.mean(x, axis=-3), lambda a: np.mean(a, axis=-3), AxisError,
     ["mean", "axis=-3", "(2, 3)"]),
    ("Tensor.mean duplicated", lambda x: x.mean(axis=(1, -1)), lambda a: a.mean(axis=(1, -1)), ValueError,
     ["mean", "axis=(1, -1)", "distinct"]),
    ("var ddof str", lambda x: mg.var(x, ddof="a"), None, TypeError,
     ["var", "ddof='a'", "str", "real number"]),
    ("std ddof list", lambda x: mg.std(x, ddof=[1]), None, TypeError, ["std", "ddof=[1]", "list"]),
    ("var out of range", lambda x: mg.var(x, axis=5), lambda a: np.var(a, axis=5), AxisError,
     ["var", "axis=5", "ddof=0", "(2, 3)"]),
    ("max out of range", lambda x: mg.max(x, axis=3), lambda a: np.max(a, axis=3), AxisError,
     ["max", "axis=3", "(2, 3)"]),
    ("min duplicated", lambda x: mg.min(x, axis=(1, 1)), lambda a: np.min(a, axis=(1, 1)), ValueError,
     ["min", "axis=(1, 1)"]),
    ("prod out of range", lambda x: mg.prod(x, axis=2), lambda a: np.prod(a, axis=2), AxisError,
     ["prod", "axis=2", "(2, 3)"]),
    ("cumsum out of range", lambda x: mg.cumsum(x, axis=2), lambda a: np.cumsum(a, axis=2), AxisError,
     ["cumsum", "axis=2", "(2, 3)", "one int"]),
    ("cumsum tuple axis", lambda x: mg.cumsum(x, axis=(0, 1)), lambda a: np.cumsum(a, axis=(0, 1)), TypeError,
     ["cumsum", "axis=(0, 1)", "one int"]),
    ("cumprod out of range", lambda x: mg.cumprod(x, axis=-3), lambda a: np.cumprod(a, axis=-3), AxisError,
     ["cumprod", "axis=-3", "(2, 3)"]),
]

OTHER_CASES = [
    ("where shapes", lambda x: mg.where(np.ones((2, 2), bool), x, 0.0),
     lambda a: np.where(np.ones((2, 2), bool), a, 0.0), ValueError,
     ["where", "condition_shape=(2, 2)", "x_shape=(2, 3)", "y_shape=()", "broadcast together"]),
    ("where y shape", lambda x: mg.where(x > 1, x, mg.ones((2,))),
     lambda a: np.where(a > 1, a, np.ones((2,))), ValueError,
     ["where", "condition_shape=(2, 3)", "y_shape=(2,)"]),
    ("astype unknown dtype", lambda x: mg.astype(x, "nope"), None, TypeError,
     ["astype", "dtype='nope'", "input_shape=(2, 3)", "NumPy dtype"]),
    ("astype dtype object", lambda x: mg.astype(x, object()), None, TypeError, ["astype", "dtype=<object"]),
    # NumPy's index messages already name the index, the axis and its size: they are kept as they are
    ("index out of range", lambda x: x[5], lambda a: a[5], IndexError, ["index 5", "axis 0", "size 2"]),
    ("index out of range, 2nd axis", lambda x: x[0, 3], lambda a: a[0, 3], IndexError,
     ["index 3", "axis 1", "size 3"]),
    ("too many indices", lambda x: x[0, 0, 0], lambda a: a[0, 0, 0], IndexError, ["2-dimensional", "3 were"]),
    ("boolean index length", lambda x: x[np.array([True, False, True])],
     lambda a: a[np.array([True, False, True])], IndexError, ["size of axis is 2", "boolean axis is 3"]),
    ("window too big", lambda x: mg.sliding_window_view(x, (3, 3), step=1), None, ValueError,
     ["sliding_window_view", "(3, 3)", "(2, 3)", "does not fit"]),
    ("window step 0", lambda x: mg.sliding_window_view(x, (1, 1), step=0), None, ValueError,
     ["sliding_window_view", "`step`", "positive", "got 0"]),
    ("window dilation 0", lambda x: mg.sliding_window_view(x, (1, 1), step=1, dilation=0), None, ValueError,
     ["sliding_window_view", "`dilation`", "got 0"]),
    ("window negative", lambda x: mg.sliding_window_view(x, (-1, 1), step=1), None, TypeError,
     ["sliding_window_view", "`window_shape`", "(-1, 1)", "positive integers"]),
    ("window float", lambda x: mg.sliding_window_view(x, (1.5, 1), step=1), None, TypeError,
     ["sliding_window_view", "(1.5, 1)"]),
    ("window too many axes", lambda x: mg.sliding_window_view(x, (1, 1, 1), step=1), None, ValueError,
     ["sliding_window_view", "(1, 1, 1)", "shape (2, 3)"]),
    ("window steps per axis", lambda x: mg.sliding_window_view(x, (1, 1), step=(1, 1, 1)), None, ValueError,
     ["sliding_window_view", "`step`", "2 positive integers", "(1, 1, 1)"]),
]


def _ids(cases: list) -> list:
    return [case[0] for case in cases]


@pytest.mark.parametrize("label, call, numpy_call, exc, facts", SHAPE_CASES + REDUCTION_CASES + OTHER_CASES,
                         ids=_ids(SHAPE_CASES + REDUCTION_CASES + OTHER_CASES))
def test_op_refuses_bad_argument_and_changes_nothing(label, call, numpy_call, exc, facts):
    x = leaf()
    if numpy_call is not None:  # the exception class is NumPy's, exactly
        with pytest.raises(BaseException) as numpy_error:
            numpy_call(x.data.copy())
        assert exc is type(numpy_error.value)
    check(lambda: call(x), exc, *facts, unchanged=(x,))
    exact(lambda: call(x), exc)


@pytest.mark.parametrize("label, call, numpy_call, exc, facts", SHAPE_CASES + REDUCTION_CASES + OTHER_CASES[:2],
                         ids=_ids(SHAPE_CASES + REDUCTION_CASES + OTHER_CASES[:2]))
def test_failing_op_leaves_a_live_graph_working(label, call, numpy_call, exc, facts):
    """Raising mid-graph neither clears the graph nor unlocks the memory it guards."""
    x = mg.tensor(np.arange(6.0).reshape(2, 3))
    y = x * x
    with pytest.raises(Exception):
        call(y)
    assert not x.data.flags.writeable  # still guarded for y's backward
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, 2 * np.arange(6.0).reshape(2, 3))


# --------------------------------------------------------------------------- creation
CREATION_CASES = [
    ("zeros negative", lambda: mg.zeros((-1, 2)), lambda: np.zeros((-1, 2)), ValueError,
     ["zeros", "shape=(-1, 2)", "non-negative"]),
    ("ones negative int", lambda: mg.ones(-3), lambda: np.ones(-3), ValueError, ["ones", "shape=-3"]),
    ("empty negative", lambda: mg.empty((2, -2)), lambda: np.empty((2, -2)), ValueError,
     ["empty", "shape=(2, -2)"]),
    ("full negative", lambda: mg.full((-1,), 1.0), lambda: np.full((-1,), 1.0), ValueError,
     ["full", "shape=(-1,)", "fill_value=1.0"]),
    ("zeros bad dtype", lambda: mg.zeros(3, dtype="floop"), lambda: np.zeros(3, dtype="floop"), TypeError,
     ["zeros", "dtype='floop'", "NumPy dtype"]),
    ("ones float shape", lambda: mg.ones(2.5), lambda: np.ones(2.5), TypeError,
     ["ones", "shape=2.5", "int"]),
    ("arange step 0", lambda: mg.arange(0, 5, 0), lambda: np.arange(0, 5, 0), ZeroDivisionError,
     ["arange", "(0, 5, 0)", "non-zero step"]),
    ("arange str", lambda: mg.arange("a"), lambda: np.arange("a"), TypeError, ["arange", "('a',)", "numbers"]),
    ("linspace negative num", lambda: mg.linspace(0, 1, -1), lambda: np.linspace(0, 1, -1), ValueError,
     ["linspace", "num=-1", "non-negative"]),
    ("logspace negative num", lambda: mg.logspace(0, 1, -2), lambda: np.logspace(0, 1, -2), ValueError,
     ["logspace", "num=-2"]),
    ("geomspace zero start", lambda: mg.geomspace(0, 1, 3), lambda: np.geomspace(0, 1, 3), ValueError,
     ["geomspace", "start=0", "non-zero"]),
    ("eye negative", lambda: mg.eye(-1), lambda: np.eye(-1), ValueError, ["eye", "N=-1", "non-negative"]),
    ("identity negative", lambda: mg.identity(-2), lambda: np.identity(-2), ValueError,
     ["identity", "n=-2", "non-negative"]),
]


@pytest.mark.parametrize("label, call, numpy_call, exc, facts", CREATION_CASES, ids=_ids(CREATION_CASES))
def test_creation_names_the_bad_argument(label, call, numpy_call, exc, facts):
    with pytest.raises(BaseException) as numpy_error:
        numpy_call()
    assert type(numpy_error.value) is exc
    check(call, exc, *facts)
    exact(call, exc)


LIKE_CASES = [
    ("zeros_like bad dtype", lambda x: mg.zeros_like(x, dtype="nope"), TypeError,
     ["zeros_like", "dtype='nope'", "shape (2, 3)"]),
    ("ones_like negative shape", lambda x: mg.ones_like(x, shape=(2, -1)), ValueError,
     ["ones_like", "shape=(2, -1)", "non-negative"]),
    ("empty_like bad dtype", lambda x: mg.empty_like(x, dtype="nope"), TypeError, ["empty_like", "'nope'"]),
    ("full_like negative shape", lambda x: mg.full_like(x, 1.0, shape=(-1,)), ValueError,
     ["full_like", "shape=(-1,)", "fill_value=1.0", "Tensor of shape (2, 3)"]),
]


@pytest.mark.parametrize("label, call, exc, facts", LIKE_CASES, ids=_ids(LIKE_CASES))
def test_like_creation_names_the_bad_argument_and_leaves_the_model_tensor(label, call, exc, facts):
    x = leaf()
    check(lambda: call(x), exc, *facts, unchanged=(x,))
    exact(lambda: call(x), exc)


def test_creation_wrappers_keep_name_docstring_and_signature():
    import inspect

    assert mg.zeros.__name__ == "zeros" and "Examples" in mg.zeros.__doc__
    assert list(inspect.signature(mg.full).parameters)[:2] == ["shape", "fill_value"]


# --------------------------------------------------------------------------- properties
@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple), data=st.data())
def test_any_out_of_range_axis_is_numpys_axis_error_naming_axis_and_shape(shape, data):
    ndim = len(shape)
    axis = data.draw(st.one_of(st.integers(ndim, ndim + 3), st.integers(-ndim - 3, -ndim - 1)))
    x = mg.tensor(np.ones(shape))
    for func in (mg.sum, mg.mean, mg.max, mg.prod, mg.cumsum):
        message = check(lambda: func(x, axis=axis), AxisError, func.__name__, f"axis={axis}", str(shape),
                        unchanged=(x,))
        assert f"{func.__name__}:" in message
    check(lambda: mg.squeeze(x, axis), AxisError, "squeeze", f"axis={axis}", unchanged=(x,))


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), extra=st.integers(1, 5))
def test_reshape_to_a_wrong_size_names_both_shapes(shape, extra):
    x = mg.tensor(np.ones(shape))
    new = (int(np.prod(shape)) + extra,)
    check(lambda: mg.reshape(x, new), ValueError, "reshape", f"shape={new}", f"input_shape={shape}",
          unchanged=(x,))


def test_explain_passes_other_errors_through():
    """Only the plain NumPy classes are reworded; mygrad's own (sub)classes keep their message."""

    class Special(ValueError):
        pass

    error = Special("mine")
    assert explain(error, "f", "x", a=1) is error
    assert str(explain(KeyError("k"), "f", "x")) == "'k'"


def test_valid_calls_are_unaffected():
    x = leaf()
    assert mg.reshape(x, (3, 2)).shape == (3, 2)
    assert mg.transpose(x, (np.int64(1), 0)).shape == (3, 2)
    assert mg.transpose(mg.tensor([1.0, 2.0]), 0).shape == (2,)  # an int is a 1-entry permutation, as in NumPy
    assert mg.sum(x, axis=np.int64(1)).shape == (2,)
    assert mg.var(x, ddof=np.int64(1)).item() == pytest.approx(np.var(x.data, ddof=1))
    assert mg.zeros((2, 0)).shape == (2, 0)
    assert mg.arange(0, 1, 0.5).shape == (2,)


@pytest.mark.parametrize("call, exc, facts", [
    (lambda: mg.random.normal(scale=-1.0), ValueError, ["mygrad.random.normal", "scale < 0", "scale=-1.0"]),
    (lambda: mg.nn.init.normal_(mg.zeros((3, 4)), std=-1), ValueError,
     ["mygrad.nn.init.normal_", "std=-1", "<Tensor of shape (3, 4), dtype float32>"]),
    (lambda: mg.nn.utils.clip_grad_norm_(slice(1), 1.0), TypeError, ["clip_grad_norm_", "parameters=slice"]),
    (lambda: mg.nnet.conv_nd(np.ones((1, 1, 5)), np.ones((1, 1, 2)), stride=[None]), TypeError,
     ["mygrad.nnet.layers.conv_nd", "stride=[None]"]),
    (lambda: mg.nnet.batchnorm(np.ones((2, 3)), gamma=[None], eps=1e-5), TypeError, ["batchnorm", "gamma=[None]"]),
])
def test_errors_from_deep_inside_a_public_function_name_it_and_the_call(call, exc, facts):
    """NumPy's and Python's own messages ('scale < 0') get the public name and the arguments; same class."""
    message = check(call, exc, *facts)
    assert message.count("(got ") == 1


def test_a_message_that_names_the_function_already_and_mygrads_own_errors_pass_through():
    message = check(lambda: mg.nnet.conv_nd(np.ones((1, 1, 5)), np.ones((1, 1, 2)), stride=2), ValueError,
                    "conv_nd: the windows do not tile")
    assert "(got " not in message

    class Special(ValueError):
        pass

    def raises_special(x):
        raise Special("mine")

    with pytest.raises(Special, match="^mine$"):
        named(raises_special, "mygrad.f")(1)
    assert named(lambda x: x + 1, "mygrad.f")(1) == 2


def test_a_public_function_calling_another_is_named_once():
    """The innermost public name wins; the outer wrapper leaves an error it already named alone."""
    inner = named(lambda scale: np.random.normal(0.0, scale), "mygrad.inner")
    outer = named(lambda width: inner(width), "mygrad.outer")
    message = check(lambda: outer(-1.0), ValueError, "mygrad.inner: scale < 0", "scale=-1.0")
    assert "outer" not in message and message.count("(got ") == 1
