"""Engine misuse (issue 11): each refusal has NumPy's exception class, names its facts, and changes nothing."""

import numpy as np
import pytest

import mygrad as mg


def _x():
    return mg.tensor([1.0, 2.0, 3.0])


# ----------------------------------------------------------------------------- ufunc dtype=
@pytest.mark.parametrize("call, numpy_call", [
    (lambda x: mg.add(x, 1, dtype=int), lambda a: np.add(a, 1, dtype=int)),
    (lambda x: mg.multiply(x, x, dtype=np.uint8), lambda a: np.multiply(a, a, dtype=np.uint8)),
    (lambda x: mg.add(x, 1, dtype=bool), lambda a: np.add(a, 1, dtype=bool)),
    (lambda x: np.add(x, 1, dtype=int), lambda a: np.add(a, 1, dtype=int)),
])
def test_ufunc_dtype_refuses_a_same_kind_cast_as_numpy(call, numpy_call):
    with pytest.raises(Exception) as expected:
        numpy_call(np.array([1.0, 2.0, 3.0]))
    x = _x()
    with pytest.raises(type(expected.value)) as got:
        call(x)
    assert str(got.value) == str(expected.value)  # NumPy's text names the ufunc and both dtypes
    assert x.creator is None and x.data.flags.writeable


@pytest.mark.parametrize("dtype", [int, np.int64, bool, "int32"])
@pytest.mark.parametrize("name", ["exp", "sin", "sqrt"])
def test_float_only_ufunc_refuses_an_integer_dtype(name, dtype):
    with pytest.raises(TypeError) as expected:
        getattr(np, name)(np.ones(3), dtype=dtype)
    with pytest.raises(type(expected.value), match=rf"^{name}\(\.\.\., dtype=.*float64: No loop") as got:
        getattr(mg, name)(_x(), dtype=dtype)
    assert str(np.dtype(dtype)) in str(got.value) or repr(dtype) in str(got.value)


@pytest.mark.parametrize("name", ["sec", "csc", "cot", "arccsc"])
def test_mygrad_only_elementwise_functions_refuse_an_integer_dtype(name):
    with pytest.raises(TypeError, match=rf"^{name}\(\.\.\., dtype=<class 'int'>\).*float64.*no loop"):
        getattr(mg, name)(_x(), dtype=int)


@pytest.mark.parametrize("call", [
    lambda x: mg.add(x, 1, dtype=np.float32),
    lambda x: mg.add(mg.tensor([1, 2, 3]), 1, dtype=int),
    lambda x: mg.add(mg.tensor([True, False]), True, dtype=bool),
    lambda x: mg.sec(x, dtype=np.float32),
])
def test_allowed_dtypes_still_work(call):
    call(_x())


# ----------------------------------------------------------------------------- Python ints beyond int64
def test_norm_keepdims_beyond_a_c_long_overflows_as_in_numpy():
    with pytest.raises(OverflowError):
        np.linalg.norm(np.ones((2, 3)), axis=1, keepdims=10**30)
    with pytest.raises(OverflowError, match=r"norm: keepdims=10+ .*too large"):
        mg.linalg.norm(mg.ones((2, 3)), axis=1, keepdims=10**30)


@pytest.mark.parametrize("x, y, name", [(-1, 10**30, "y"), (10**30, 1, "x"), (-(10**30), 1, "x")])
def test_where_names_the_int_too_large_for_an_integer_array(x, y, name):
    with pytest.raises(OverflowError) as got:
        mg.where(np.array([True, False, True]), x, y)
    message = str(got.value)
    assert message.startswith(f"where: {name}=") and "too large for an integer array" in message
    assert "broadcast" not in message


def test_an_int_too_large_names_the_op():
    with pytest.raises(OverflowError, match="Add: Python int too large"):
        mg.add(mg.tensor([1, 2]), 10**30)


# ----------------------------------------------------------------------------- unusable input types
@pytest.mark.parametrize("bad", ["abc", {"a": 1}, [[1.0], [1.0, 2.0]], object()])
def test_unusable_input_names_its_type_and_the_op(bad):
    with pytest.raises(TypeError, match=rf"input of type {type(bad).__name__} \(given to the Add op\)"):
        mg.add(mg.tensor(1.0), bad)
    with pytest.raises(TypeError, match=r"\(given to the Exp op\)"):
        mg.exp(bad)


# ----------------------------------------------------------------------------- Tensor.__setitem__
@pytest.mark.parametrize("in_graph", [False, True])
@pytest.mark.parametrize("index, value, error, facts", [
    ((0, 5), 1.0, IndexError, ["[0, 5]", "(2, 3)", "out of bounds"]),
    ("a", 1.0, IndexError, ["['a']", "(2, 3)", "only integers"]),
    ((0, 0, 0), 1.0, IndexError, ["[0, 0, 0]", "(2, 3)", "too many indices"]),
    (np.array([True, False, True]), 1.0, IndexError, ["[[True, False, True]]", "(2, 3)", "boolean index"]),
    ((slice(None),), np.ones(4), ValueError, ["[:]", "(2, 3)", "value of shape (4,)"]),
    (0, np.ones((2, 2)), ValueError, ["[0]", "(2, 3)", "value of shape (2, 2)", "broadcast"]),
])
def test_setitem_errors_name_index_and_shapes_and_change_nothing(in_graph, index, value, error, facts):
    w = mg.tensor(np.arange(6.0).reshape(2, 3))
    x = w * 1 if in_graph else w
    creator = x.creator
    with pytest.raises(error) as got:
        x[index] = mg.tensor(value) if in_graph else value
    assert type(got.value) is error
    for fact in facts:
        assert fact in str(got.value)
    np.testing.assert_array_equal(x.data, np.arange(6.0).reshape(2, 3))
    assert x.creator is creator
    if in_graph:
        (x * 2).sum().backward()
        np.testing.assert_array_equal(w.grad, np.full((2, 3), 2.0))


def test_setitem_drops_a_values_leading_ones_as_numpy_does_inside_a_graph():
    w = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    y = w * 1
    v = mg.tensor([[[5.0], [6.0]]])  # (1, 2, 1) into y[:, 1:] of shape (2, 2)
    y[:, 1:] = v
    np.testing.assert_array_equal(y.data, [[1.0, 5.0, 5.0], [4.0, 6.0, 6.0]])
    (y * mg.tensor([[1.0, 2.0, 3.0]])).sum().backward()
    np.testing.assert_array_equal(v.grad, [[[5.0], [5.0]]])
    np.testing.assert_array_equal(w.grad, [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])


# ----------------------------------------------------------------------------- an op's forward refuses its inputs
_BROADCAST_FAILURES = [
    (lambda a, b: mg.add(a, b), np.add, "Add"),
    (lambda a, b: a * b, np.multiply, "Multiply"),
    (lambda a, b: np.subtract(a, b), np.subtract, "Subtract"),
    (lambda a, b: mg.maximum(a, b), np.maximum, "Maximum"),
    (lambda a, b: a ** b, np.power, "Power"),
]


@pytest.mark.parametrize("call, numpy_call, op", _BROADCAST_FAILURES)
@pytest.mark.parametrize("shapes", [((2,), (3,)), ((2,), (2, 3)), ((0,), (2,))])
def test_an_op_that_refuses_its_inputs_names_itself_and_their_shapes(call, numpy_call, op, shapes):
    a, b = mg.tensor(np.ones(shapes[0])), mg.tensor(np.ones(shapes[1]))
    with pytest.raises(Exception) as expected:
        numpy_call(a.data, b.data)
    with pytest.raises(type(expected.value)) as got:
        call(a, b)
    message = str(got.value)
    assert message.startswith(f"{op} (inputs: float64 of shape {shapes[0]}, float64 of shape {shapes[1]}): ")
    assert message.endswith(str(expected.value))  # NumPy's own words kept
    assert a.creator is None and b.creator is None and a.data.flags.writeable and b.data.flags.writeable


def test_an_op_error_that_names_the_op_already_passes_through_unchanged():
    with pytest.raises(ValueError) as got:
        mg.matmul(mg.ones((2, 3)), mg.ones((2, 3)))
    assert str(got.value).startswith("matmul: operands of shapes (2, 3) and (2, 3)")
    assert "inputs:" not in str(got.value)


def test_mygrads_own_errors_raised_by_an_op_are_not_reworded():
    class Refuses(mg.Operation):
        def __call__(self, x):
            raise mg.errors.InvalidBackprop("my own words")

        def backward_var(self, grad, index, **kwargs):
            return grad

    with pytest.raises(mg.errors.InvalidBackprop, match=r"^my own words$"):
        mg.execute_op(Refuses, mg.tensor(1.0))


@pytest.mark.parametrize("kwargs, kind", [
    (dict(ndmin=1.5), TypeError), (dict(ndmin=100), ValueError), (dict(dtype="no such dtype"), TypeError),
])
def test_tensor_names_itself_and_the_arguments_numpy_refused(kwargs, kind):
    with pytest.raises(kind) as expected:
        np.array([1.0, 2.0], **kwargs)
    with pytest.raises(kind) as got:
        mg.tensor([1.0, 2.0], **kwargs)
    name, value = next(iter(kwargs.items()))
    assert str(got.value).startswith("Tensor: ") and f"{name}={value!r}" in str(got.value)
    assert str(expected.value) in str(got.value)


def test_tensor_of_ragged_data_names_itself():
    with pytest.raises(ValueError, match=r"^Tensor: cannot make an array of list \[\[1\], \[1, 2\]\].*inhomogeneous"):
        mg.tensor([[1], [1, 2]])


def test_astype_names_itself_and_the_dtype():
    x = _x()
    with pytest.raises(TypeError, match=r"^astype: cannot cast a float64 tensor of shape \(3,\) with dtype='foo'"):
        x.astype("foo")
    assert x.dtype == np.float64 and x.creator is None


def test_a_numpy_error_class_that_cannot_be_reworded_keeps_its_class_and_gets_a_note():
    class CastsBadly(mg.Operation):
        def __call__(self, x):
            return np.add(x.data, 1, out=np.zeros(x.shape, dtype=int))

        def backward_var(self, grad, index, **kwargs):
            return grad

    x = mg.tensor([1.5, 2.5])
    with pytest.raises(Exception) as expected:
        np.add(x.data, 1, out=np.zeros(2, dtype=int))
    with pytest.raises(type(expected.value)) as got:  # (NumPy's UFuncTypeError subclass)
        mg.execute_op(CastsBadly, x)
    assert type(got.value) is type(expected.value) and str(got.value) == str(expected.value)
    assert "raised by CastsBadly (inputs: float64 of shape (2,))" in getattr(got.value, "__notes__", [])


@pytest.mark.parametrize("constant", [1, 0, np.True_, "a", np.ones(2), [True]])
@pytest.mark.parametrize("call", [mg.sec, mg.exp, lambda x, constant: mg.add(x, x, constant=constant),
                                  lambda x, constant: mg.sum(x, constant=constant)])
def test_constant_must_be_a_bool_or_none_as_in_mygrad(call, constant):
    x = mg.tensor([1.0, 2.0])
    with pytest.raises(TypeError, match=r"`constant` must be True, False or None; got "):
        call(x, constant=constant)
    assert x.creator is None and x.data.flags.writeable


def test_an_index_beyond_int64_is_named_in_get_and_set_with_numpys_class():
    x = mg.tensor(np.ones((2, 3)))
    with pytest.raises(OverflowError, match=r"^cannot assign a value of shape \(\) to a tensor of shape \(2, 3\) at "):
        x[2**63] = 1.0
    with pytest.raises(OverflowError, match=r"^cannot index a tensor of shape \(2, 3\) with \[9223372036854775808\]: "
                                            r"Python int too large"):
        x[2**63]
    np.testing.assert_array_equal(x.data, 1.0)
    assert x.creator is None
