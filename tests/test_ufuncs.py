"""mygrad's ufunc objects (mygrad/ufuncs.py): types, NumPy's attributes, methods, the override table."""

import inspect
import pickle

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import mygrad as mg
from mygrad.ops import numpy_protocol
from mygrad.ops.ufunc import (BinaryUfunc, MyGradBinaryUfunc, MyGradUnaryUfunc, UnaryUfunc, as_ufunc, ufunc,
                              ufunc_creator)
from tests.gradcheck import arrays, broadcastable_arrays, check_op, shapes

# MyGrad 2.5's ufunc objects, by name (its `mygrad.ops.ufunc` instances)
MYGRAD25_UFUNCS = (
    "abs absolute add arccos arccosh arcsin arcsinh arctan arctan2 arctanh cbrt cos cosh divide exp exp2 expm1 "
    "log log10 log1p log2 logaddexp logaddexp2 matmul maximum minimum multiply negative positive power "
    "reciprocal sin sinh sqrt square subtract tan tanh true_divide"
).split()
ALL_UFUNCS = sorted({name for name in dir(mg) if isinstance(getattr(mg, name), ufunc)})
BINARY = [name for name in ALL_UFUNCS if getattr(mg, name).nin == 2 and name != "matmul"]
STEPS = ()  # (piecewise ufuncs such as floor_divide are constants-only functions, as in MyGrad)
ATTRIBUTES = ("nin", "nout", "nargs", "identity", "signature")


@pytest.mark.parametrize("name", MYGRAD25_UFUNCS)
def test_mygrad_25_ufuncs_are_ufunc_objects_with_numpys_attributes(name):
    public = getattr(mg, name)
    numpy_twin = getattr(np, name)
    assert isinstance(public, mg.ufunc)
    assert type(public) is (MyGradUnaryUfunc if numpy_twin.nin == 1 else MyGradBinaryUfunc)
    for attribute in ATTRIBUTES:
        assert getattr(public, attribute) == getattr(numpy_twin, attribute), attribute
    # NumPy's loops for real numbers and booleans only (no complex, object or datetime loops), in NumPy's order
    real = [t for t in numpy_twin.types if not any(code in t for code in "FDGOMm")]
    assert public.types == real and public.ntypes == len(real) > 0
    assert repr(public) == f"<mygrad-ufunc '{public.__name__}'>"
    assert public.__name__ == ("true_divide" if numpy_twin is np.divide else numpy_twin.__name__)  # MyGrad's names
    assert public.__doc__ and "out" in public.__doc__


@pytest.mark.parametrize("name", ALL_UFUNCS)
def test_each_ufunc_is_numpys_override_for_its_twin(name):
    public = getattr(mg, name)
    assert numpy_protocol._OVERRIDES[public.numpy_ufunc] is public
    x = mg.tensor([0.25, 0.5])
    args = (x,) * public.nin
    if name == "matmul":
        args = (x, x)
    result = public.numpy_ufunc(*args)
    assert isinstance(result, mg.Tensor)
    np.testing.assert_allclose(result.data, public.numpy_ufunc(*(a.data for a in args)))


@pytest.mark.parametrize("name", ALL_UFUNCS)
def test_signature_has_numpys_keywords_and_positional_out(name):
    parameters = inspect.signature(getattr(mg, name)).parameters
    names = list(parameters)
    nin = getattr(mg, name).nin
    inputs = ["x"] if nin == 1 else ["x1", "x2"]  # (MyGrad 2.5's name for one input: mg.exp(x=t))
    assert names == inputs + ["out", "where", "dtype", "constant", "kwargs"]  # kwargs: op options
    assert parameters["out"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


@pytest.mark.parametrize("name", ALL_UFUNCS)
def test_ufunc_objects_pickle_by_reference(name):
    assert pickle.loads(pickle.dumps(getattr(mg, name))) is getattr(mg, name)


@given(data=st.data(), name=st.sampled_from(["add", "multiply", "subtract", "maximum"]))
def test_positional_out_into_a_tensor_is_a_differentiable_write(data, name):
    x, y = data.draw(broadcastable_arrays(2, max_dims=3))
    shape = np.broadcast_shapes(x.shape, y.shape)
    tx, ty, target = mg.tensor(x), mg.tensor(y), mg.zeros(shape, dtype=np.float64, constant=False)
    result = getattr(mg, name)(tx, ty, target)
    assert result is target
    np.testing.assert_allclose(target.data, getattr(np, name)(x, y))
    upstream = np.random.default_rng(0).normal(size=shape)
    target.backward(upstream)
    expected = mg.tensor(x), mg.tensor(y)
    getattr(mg, name)(*expected).backward(upstream)
    np.testing.assert_allclose(tx.grad, expected[0].grad)
    np.testing.assert_allclose(ty.grad, expected[1].grad)


def test_positional_out_into_an_array_fills_the_array():
    target = np.zeros(3)
    result = mg.exp(mg.tensor([0.0, 1.0, 2.0]), target)
    assert isinstance(result, mg.Tensor) and result.data is target  # MyGrad's rule
    np.testing.assert_allclose(target, np.exp([0.0, 1.0, 2.0]))


@given(data=st.data(), name=st.sampled_from(["add", "multiply", "maximum", "minimum"]))
def test_reduce_is_differentiable(data, name):
    shape = data.draw(shapes(min_dims=1, max_dims=3, min_side=1))
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    keepdims = data.draw(st.booleans())
    size = int(np.prod(shape))
    x = (np.random.default_rng(size).permutation(size).reshape(shape) + 1.0) / size  # distinct: no ties
    public = getattr(mg, name)
    check_op(lambda t: public.reduce(t, axis=axis, keepdims=keepdims),
             lambda a: getattr(np, name).reduce(a, axis=axis, keepdims=keepdims), x)


@given(data=st.data(), name=st.sampled_from(["add", "multiply"]))
def test_accumulate_is_differentiable(data, name):
    shape = data.draw(shapes(min_dims=1, max_dims=3))
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    size = int(np.prod(shape))
    x = np.random.default_rng(size).uniform(0.5, 2.0, size=shape) * np.resize([1, -1], shape)
    public = getattr(mg, name)
    check_op(lambda t: public.accumulate(t, axis=axis), lambda a: getattr(np, name).accumulate(a, axis=axis), x)


@given(data=st.data(), name=st.sampled_from([name for name in BINARY if name not in STEPS]))
def test_outer_is_differentiable_for_every_binary_ufunc(data, name):
    a = data.draw(arrays(data.draw(shapes(max_dims=2, max_side=3)), low=0.5, high=2.0))
    b = data.draw(arrays(data.draw(shapes(max_dims=2, max_side=3)), low=0.5, high=2.0))
    if name in ("maximum", "minimum"):  # keep clear of ties, where the subgradient is a choice
        b = b + 3.0
    public = getattr(mg, name)
    check_op(public.outer, getattr(np, name).outer, a, b)
    np_result = getattr(np, name).outer(mg.tensor(a), b)  # NumPy's own method on a tensor
    assert isinstance(np_result, mg.Tensor)


def test_reduce_accepts_dtype_and_out():
    x = mg.tensor([1.0, 2.0, 3.0])
    assert mg.add.reduce(x, dtype=np.float32).dtype == np.float32
    target = mg.zeros((), dtype=np.float64, constant=False)
    assert mg.multiply.reduce(x, 0, None, target) is target and target.item() == 6.0


@pytest.mark.parametrize("method, args", [("reduce", ([1.0, 2.0],)), ("accumulate", ([1.0, 2.0],)),
                                          ("at", ([1.0, 2.0], [0], 1.0)), ("reduceat", ([1.0, 2.0], [0]))])
def test_methods_without_a_gradient_raise_not_implemented(method, args):
    with pytest.raises(NotImplementedError, match=f"mygrad.subtract.{method}"):
        getattr(mg.subtract, method)(*args)


def test_outer_of_unary_and_generalised_ufuncs_is_refused_as_numpy_does():
    with pytest.raises(ValueError, match="binary"):
        mg.exp.outer([1.0], [2.0])
    with pytest.raises(TypeError, match="signature"):
        mg.matmul.outer([1.0], [2.0])


def test_ufunc_creator_turns_a_mygrad_style_op_into_a_ufunc():
    class Halve(UnaryUfunc):
        numpy_ufunc = np.negative

        def __call__(self, x):
            self.variables = (x,)
            return x.data / 2

        def backward_var(self, grad, index, **kwargs):
            return grad / 2

    @ufunc_creator(Halve)
    class halve:
        """x / 2, elementwise."""

    assert isinstance(halve, MyGradUnaryUfunc) and halve.__name__ == "halve" and "x / 2" in halve.__doc__
    x = mg.tensor([2.0, 4.0])
    halve(x).backward()
    np.testing.assert_array_equal(x.grad, [0.5, 0.5])
    assert numpy_protocol._OVERRIDES[np.negative] is mg.negative  # not registered unless asked


def test_ufunc_op_base_classes_compute_forward_from_numpy_ufunc():
    class Hypot(BinaryUfunc):
        numpy_ufunc = np.hypot

        def backward_var(self, grad, index, **kwargs):
            x = self.variables[index].data
            return grad * x / np.hypot(*(v.data for v in self.variables))

    check_op(lambda a, b: mg.execute_op(Hypot, a, b), np.hypot, np.array([3.0, 1.0]), np.array([4.0, 2.0]))


def test_as_ufunc_needs_a_numpy_ufunc():
    with pytest.raises(TypeError, match="NumPy ufunc"):
        as_ufunc(np.sum)


def test_ufunc_objects_count_as_subclasses_of_ufunc_as_in_mygrad():
    assert issubclass(mg.add, mg.ufunc) and issubclass(mg.exp, MyGradUnaryUfunc)
    assert not issubclass(mg.add, MyGradUnaryUfunc)
    assert issubclass(MyGradBinaryUfunc, mg.ufunc) and not issubclass(int, mg.ufunc)
    with pytest.raises(TypeError):
        issubclass(3, mg.ufunc)


@pytest.mark.parametrize("name", MYGRAD25_UFUNCS)
def test_each_ufunc_op_class_names_its_numpy_ufunc(name):
    public = getattr(mg, name)
    x = mg.tensor([0.5, 0.25])
    result = public(*(x,) * public.nin) if name != "matmul" else public(x, x)
    assert result.creator.numpy_ufunc is public.numpy_ufunc  # MyGrad's op contract: Op.numpy_ufunc
    assert isinstance(result.creator, UnaryUfunc if public.nin == 1 else BinaryUfunc)


def test_ufunc_creator_keeps_the_declarations_docstring_verbatim():
    from mygrad.ops.trig import Sin

    @ufunc_creator(mygrad_op=Sin)
    def sine(x, *, constant=None):
        """custom docs"""

    assert sine.__doc__ == "custom docs" and sine.nin == 1
    np.testing.assert_allclose(sine(mg.tensor([0.5])).data, np.sin([0.5]))


def test_unary_ufunc_input_keyword_is_x_like_mygrad():
    t = mg.tensor([0.0, 1.0])
    np.testing.assert_array_equal(mg.exp(x=t).data, np.exp([0.0, 1.0]))
    np.testing.assert_array_equal(mg.add(x1=t, x2=t).data, [0.0, 2.0])  # (here only: MyGrad's take no keywords)
