"""Every public name in MyGrad's API reference exists here (the issue's "done means").

The lists follow MyGrad's documentation pages (math, tensor manipulation,
tensor creation, linear algebra, indexing, I/O, random, Tensor, writing
operations) and the names MyGrad's top-level namespace re-exports from NumPy
(constants, non-differentiable helpers). ``mygrad.computational_graph`` is
checked in tests/test_computational_graph.py.
Behaviour is checked by the family tests; here a few calls confirm that each
name is the documented kind of thing (a differentiable op returns a tensor,
a NumPy helper returns NumPy's result).
"""

import importlib

import numpy as np
import pytest

import mygrad as mg

MATH = """
sin cos tan arcsin arccos arctan arctan2 sinh cosh tanh arcsinh arccosh arctanh
prod sum cumprod cumsum mean var std amax amin max min
exp expm1 exp2 log log10 log2 log1p logaddexp logaddexp2
add_sequence multiply_sequence sinc
add reciprocal positive negative multiply divide power subtract true_divide
clip sqrt cbrt square absolute abs maximum minimum
csc sec cot arccsc arcsec arccot csch sech coth arccsch arccoth
""".split()
TENSOR_MANIPULATION = """
ravel reshape moveaxis roll swapaxes transpose broadcast_to expand_dims squeeze repeat
atleast_1d atleast_2d atleast_3d concatenate stack
""".split()
CREATION = """
asarray astensor tensor ones ones_like zeros zeros_like eye identity full full_like empty empty_like
arange linspace logspace geomspace
""".split()
LINALG_AND_INDEXING = "matmul multi_matmul einsum where sliding_window_view".split()
IO_AND_AUTODIFF = "save load no_autodiff execute_op".split()
DIFFERENTIABLE = MATH + TENSOR_MANIPULATION + LINALG_AND_INDEXING

# names MyGrad's namespace re-exports from NumPy without a derivative
NUMPY_HELPERS = """
argmax argmin any allclose bincount can_cast copyto may_share_memory min_scalar_type result_type
shares_memory shape equal not_equal greater greater_equal less less_equal logical_and logical_or
logical_xor logical_not isnan isinf isfinite isnat isclose signbit
""".split()
CONSTANT_ONLY = "ceil floor rint sign trunc fmod divmod".split()
CONSTANTS = {"pi": np.pi, "e": np.e, "euler_gamma": np.euler_gamma, "inf": np.inf}

MEMORY_GUARDING = "mem_guard_off mem_guard_on mem_guard_active turn_memory_guarding_off turn_memory_guarding_on".split()

TENSOR_ATTRIBUTES = """
astype backward base clear_graph constant copy creator dtype grad item ndim null_grad null_gradients
shape size T data argmax argmin any all cumprod cumsum matmul max mean min moveaxis prod reshape
squeeze std sum swapaxes transpose var flatten ravel clip itemsize nbytes tolist
""".split()

RANDOM = "rand randint randn random random_integers random_sample ranf sample seed".split()

NNET = {
    "mygrad.nnet.layers": "batchnorm conv_nd max_pool gru",
    "mygrad.nnet.losses": "focal_loss margin_ranking_loss multiclass_hinge negative_log_likelihood "
    "softmax_crossentropy softmax_focal_loss",
    "mygrad.nnet.activations": "elu glu hard_tanh leaky_relu logsoftmax selu sigmoid softmax soft_sign relu tanh",
    "mygrad.nnet.initializers": "dirac glorot_normal glorot_uniform he_normal he_uniform normal uniform",
    "mygrad.nnet": "softmax_crossentropy margin_ranking_loss sigmoid softmax logsoftmax gru hard_tanh",
}
NNET_CASES = [(module, name) for module, names in NNET.items() for name in names.split()]


@pytest.mark.parametrize("name", DIFFERENTIABLE + CREATION + IO_AND_AUTODIFF + NUMPY_HELPERS + CONSTANT_ONLY)
def test_top_level_name_exists(name):
    assert hasattr(mg, name), f"mygrad.{name} is missing"
    assert callable(getattr(mg, name)) or name == "no_autodiff"


@pytest.mark.parametrize("name", sorted(set(DIFFERENTIABLE) - {"sliding_window_view"}))
def test_documented_op_is_a_numpy_namesake_or_returns_a_tensor(name):
    """Every differentiable op accepts a tensor and returns a tensor (sample arguments per signature)."""
    x = mg.tensor([[0.5, 0.25], [0.75, 0.4]])
    special = {
        "arctan2": (x, x), "logaddexp": (x, x), "logaddexp2": (x, x), "add": (x, x), "multiply": (x, x),
        "divide": (x, x), "true_divide": (x, x), "power": (x, x), "subtract": (x, x), "maximum": (x, x),
        "minimum": (x, x), "add_sequence": (x, x, x), "multiply_sequence": (x, x), "clip": (x, 0.3, 0.6),
        "reshape": (x, (4,)), "moveaxis": (x, 0, 1), "roll": (x, 1), "swapaxes": (x, 0, 1),
        "broadcast_to": (x, (3, 2, 2)), "expand_dims": (x, 0), "repeat": (x, 2), "concatenate": ([x, x],),
        "stack": ([x, x],), "matmul": (x, x), "multi_matmul": ([x, x, x],), "einsum": ("ij->i", x),
        "where": (x > 0.45, x, 0.0), "arccosh": (x + 1,), "arccsc": (x + 1,), "arcsec": (x + 1,),
        "arccoth": (x + 1,),
    }
    out = getattr(mg, name)(*special.get(name, (x,)))
    assert isinstance(out, mg.Tensor), f"mygrad.{name} returned {type(out).__name__}"
    out.backward()
    assert x.grad is not None and x.grad.shape == x.shape


@pytest.mark.parametrize("name", NUMPY_HELPERS)
def test_numpy_helper_returns_numpy_results(name):
    x = mg.tensor([1.0, 2.0])
    args = {"bincount": (mg.tensor([0, 1]),), "copyto": (np.zeros(2), x), "can_cast": (x, np.float32),
            "isnat": (np.array(["NaT"], dtype="datetime64[s]"),)}.get(name)
    binary = {"allclose", "may_share_memory", "shares_memory", "equal", "not_equal", "greater", "greater_equal",
              "less", "less_equal", "logical_and", "logical_or", "logical_xor", "isclose"}
    if args is None:
        args = (x, x) if name in binary else (x,)
    result = getattr(mg, name)(*args)
    assert not isinstance(result, mg.Tensor)
    if name != "copyto":
        np_args = tuple(a.data if isinstance(a, mg.Tensor) else a for a in args)
        np.testing.assert_array_equal(result, getattr(np, name)(*np_args))


@pytest.mark.parametrize("name", CONSTANT_ONLY)
def test_constant_only_helpers(name):
    args = (mg.tensor([1.5], constant=True),) + ((2.0,) if name in ("fmod", "divmod") else ())
    assert not isinstance(getattr(mg, name)(*args), mg.Tensor)
    with pytest.raises(ValueError, match="non-constant"):
        getattr(mg, name)(mg.tensor([1.5]), *args[1:])


@pytest.mark.parametrize("name, value", CONSTANTS.items())
def test_constants(name, value):
    assert getattr(mg, name) == value
    assert np.isnan(mg.nan) and mg.newaxis is None


@pytest.mark.parametrize("name", TENSOR_ATTRIBUTES)
def test_tensor_attribute_exists(name):
    assert hasattr(mg.Tensor([1.0, 2.0]), name), f"Tensor.{name} is missing"


@pytest.mark.parametrize("name", RANDOM)
def test_random_namespace(name):
    assert callable(getattr(mg.random, name))


def test_random_samplers_return_tensors():
    mg.random.seed(0)
    for name in sorted(set(RANDOM) - {"seed", "randint", "random_integers"}):
        sample = getattr(mg.random, name)(2) if name in ("rand", "randn") else getattr(mg.random, name)((2,))
        assert isinstance(sample, mg.Tensor) and sample.shape == (2,)
    values = mg.random.random_integers(2, 3, size=200)
    assert isinstance(values, mg.Tensor) and set(np.unique(values.data)) == {2, 3}  # both ends included


def test_linalg_norm():
    assert callable(mg.linalg.norm)
    assert isinstance(mg.linalg.norm(mg.tensor([3.0, 4.0])), mg.Tensor)


def test_writing_your_own_operation_imports():
    """The imports MyGrad's "Writing Your Own Operations" page uses."""
    from mygrad import execute_op  # noqa: F401
    from mygrad.operation_base import BroadcastableOp, Operation
    from mygrad.typing import ArrayLike, DTypeLike  # noqa: F401

    assert issubclass(BroadcastableOp, Operation)
    assert Operation.backward and Operation.backward_var


@pytest.mark.parametrize("name", MEMORY_GUARDING)
def test_memory_guarding_names(name):
    assert hasattr(mg, name), f"mygrad.{name} is missing"


@pytest.mark.parametrize("module, name", NNET_CASES)
def test_nnet_names(module, name):
    assert hasattr(importlib.import_module(module), name), f"{module}.{name} is missing"
