"""A hostile-input fuzzer over the public API.

Every target below is a public function, class or method with a valid call.
Hypothesis replaces one (or two) of its arguments by something hostile - a
wrong type, NaN/inf, a negative, zero or huge size, an empty or ragged
array, a string, None, a mismatched shape, a complex/object/str/datetime
array - and the call must then

* either succeed, without changing its other inputs, with a result that a
  per-target check accepts (for core functions: what NumPy gives), or
* raise an exception of a documented class (``TypeError``, ``ValueError``,
  ``IndexError``, ``AxisError``, ``RuntimeError``, ... - never an internal
  ``AttributeError``, ``KeyError``, ``UnboundLocalError``, ``ZeroDivisionError``,
  ``RecursionError``), leaving every input - tensors, modules, optimizers,
  schedulers, files - exactly as it was; for the arguments listed in a
  target's ``named``, the message must also name the function or the
  argument.

A few violations live in code outside this suite's reach (the engine, and
files other people own); they are listed in ``KNOWN`` with the reason, so
that the test passes until they are fixed - and ``test_known_gaps_are_still_gaps``
fails once one is, so that its entry gets removed.

Run ``python tests/test_bad_inputs_fuzz.py [name]`` for an exhaustive sweep
(every target x every argument x every catalogued hostile value); it prints
each violation, message-naming ones included for every argument. The test
below samples that space (10 draws per target).
"""

from __future__ import annotations

import copy
import functools
import math
import re
import signal
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mygrad as mg
import mygrad.nn.functional as F
import mygrad.nnet as nnet
from mygrad import nn, optim
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.data import DataLoader, TensorDataset, parse_idx, random_split, read_idx, write_idx
from mygrad.optim import lr_scheduler as sched

AxisError = np.exceptions.AxisError

# What a hostile call may raise. mygrad's own errors subclass these (DatasetNotFoundError is a
# FileNotFoundError, ChecksumError a ValueError, ...). MemoryError: NumPy's refusal of an absurd size.
DOCUMENTED = (TypeError, ValueError, IndexError, RuntimeError, OverflowError, MemoryError, OSError, NotImplementedError)
# What a hostile call must never raise: these mean that an argument reached code that did not expect it.
INTERNAL = (AttributeError, NameError, KeyError, ZeroDivisionError, RecursionError, AssertionError, SystemError,
            StopIteration)


# ----------------------------------------------------------------------------- hostile values
def _rng() -> np.random.Generator:
    return np.random.default_rng(0)


def _t(*shape: int, dtype: Any = np.float64) -> mg.Tensor:
    return mg.tensor(_rng().normal(size=shape).astype(dtype))


class Gadget:
    """An object with no numeric meaning at all."""

    def __repr__(self) -> str:
        return "<Gadget>"


# label -> factory (values are made afresh for every call: some are mutable, tensors collect graphs)
HOSTILE: Dict[str, Callable[[], Any]] = {
    "None": lambda: None,
    "True": lambda: True,
    "False": lambda: False,
    "0": lambda: 0,
    "-1": lambda: -1,
    "-7": lambda: -7,
    "1.5": lambda: 1.5,
    "-0.5": lambda: -0.5,
    "2**63": lambda: 2**63,
    "-2**63-1": lambda: -(2**63) - 1,
    "10**30": lambda: 10**30,
    "nan": lambda: math.nan,
    "inf": lambda: math.inf,
    "-inf": lambda: -math.inf,
    "1+2j": lambda: 1 + 2j,
    "''": lambda: "",
    "'abc'": lambda: "abc",
    "'0'": lambda: "0",
    "b'x'": lambda: b"x",
    "[]": lambda: [],
    "()": lambda: (),
    "{}": lambda: {},
    "ragged": lambda: [[1.0], [2.0, 3.0]],
    "[None]": lambda: [None],
    "(1, 'a')": lambda: (1, "a"),
    "(2, -3)": lambda: (2, -3),
    "(2.5,)": lambda: (2.5,),
    "gadget": lambda: Gadget(),
    "slice": lambda: slice(None, None, 2),
    "Ellipsis": lambda: Ellipsis,
    "function": lambda: (lambda *a, **k: None),
    "np.nan64": lambda: np.float64(np.nan),
    "np.int64(-5)": lambda: np.int64(-5),
    "np.bool_": lambda: np.bool_(True),
    "empty(0)": lambda: np.empty((0,)),
    "zeros(0,3)": lambda: np.zeros((0, 3)),
    "zeros(2,0,3)": lambda: np.zeros((2, 0, 3)),
    "str array": lambda: np.array(["a", "b"]),
    "complex array": lambda: np.array([[1 + 1j, 2, 3], [4, 5, 6j]]),
    "object array": lambda: np.array([None, 1.0], dtype=object),
    "datetime array": lambda: np.array(["2020-01-01", "2021-01-01"], dtype="datetime64[D]"),
    "nan/inf array": lambda: np.array([[np.nan, np.inf, -np.inf], [0.0, 1.0, 2.0]]),
    "0-d array": lambda: np.array(3.0),
    "ones(7,5)": lambda: np.ones((7, 5)),
    "int32 (2,3)": lambda: np.arange(6, dtype=np.int32).reshape(2, 3),
    "bool (2,3)": lambda: np.ones((2, 3), dtype=bool),
    "float16 (2,3)": lambda: np.ones((2, 3), dtype=np.float16),
    "tensor nan": lambda: mg.tensor(np.nan),
    "tensor (4,1,2)": lambda: _t(4, 1, 2),
    "int tensor": lambda: mg.tensor([1, 2]),
    "tensor (2,3)": lambda: _t(2, 3),
    "iterator": lambda: iter([1, 2]),
    "set": lambda: {1, 2},
    "nested dict": lambda: {"a": [1, {"b": None}]},
}
HOSTILE_LABELS = sorted(HOSTILE)

# Functions that would run for ever on a huge but "valid" argument are refused by NumPy (MemoryError,
# ValueError "maximum supported dimension"); a call is still given a few seconds, to report a hang.
CALL_SECONDS = 5


# ----------------------------------------------------------------------------- state snapshots
def snapshot(obj: Any, depth: int = 0) -> Any:
    """A deep, comparable record of ``obj``'s state (tensors, arrays, modules, optimizers, ...)."""
    if depth > 6:
        return ("deep", id(obj))
    if isinstance(obj, mg.Tensor):
        # (not the writeable flag: a graph that is alive - held by a traceback, say - locks its inputs' arrays)
        return ("tensor", obj.data.copy(), None if obj.grad is None else np.array(obj.grad, copy=True), obj.constant)
    if isinstance(obj, np.ndarray):
        return ("array", obj.copy())
    if isinstance(obj, nn.Module):
        return ("module", snapshot(obj.state_dict(keep_vars=False), depth + 1), [m.training for m in obj.modules()],
                [snapshot(p, depth + 1) for p in obj.parameters()])
    if isinstance(obj, optim.Optimizer):
        return ("optimizer", snapshot(obj.state_dict(), depth + 1),
                [snapshot(p, depth + 1) for g in obj.param_groups for p in g["params"]])
    if isinstance(obj, sched.LRScheduler):
        return ("scheduler", snapshot(obj.state_dict(), depth + 1),
                snapshot([{k: v for k, v in g.items() if k != "params"} for g in obj.optimizer.param_groups],
                         depth + 1))
    if isinstance(obj, Path):
        return ("path", obj.read_bytes() if obj.is_file() else obj.exists())
    if isinstance(obj, dict):
        return ("dict", [(repr(k), snapshot(v, depth + 1)) for k, v in obj.items()])
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [snapshot(v, depth + 1) for v in obj])
    if isinstance(obj, (int, float, complex, str, bytes, bool, type(None), np.generic)):
        return ("value", obj)
    return ("object", type(obj).__name__)  # (a deep copy - inside a state dict - is another object)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)) or a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.hasobject:
            return all(x is y or x == y for x, y in zip(a.ravel(), b.ravel()))
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except Exception:
        return a is b


# ----------------------------------------------------------------------------- targets
class Target(NamedTuple):
    """One public callable: ``call(**make())`` is valid; ``fuzz`` names the arguments to make hostile.

    ``mutates``: arguments the call changes by design when it succeeds (an initialiser's tensor, an
    optimizer's parameters); they must still be unchanged when it raises. ``result``: a check of a
    successful call's result (given the arguments). ``raises``: further documented exception classes.
    ``setup``: run on the arguments (hostile ones included) before the state is recorded, to plant a
    hostile value where no argument reaches (a gradient, a group option); it may refuse the value too.
    ``named``: the arguments whose refusal must name the function or the argument (see ``NAMED``).
    ``names``: words one of which the message of an error must contain (the function's name,
    by default its last dotted part, and the hostile argument's name are always accepted).
    """

    name: str
    call: Callable[..., Any]
    make: Callable[[], Dict[str, Any]]
    fuzz: Tuple[str, ...]
    mutates: Tuple[str, ...] = ()
    result: Optional[Callable[[Any, Dict[str, Any]], None]] = None
    raises: Tuple[type, ...] = ()
    names: Tuple[str, ...] = ()
    setup: Optional[Callable[..., None]] = None
    named: Tuple[str, ...] = ()


TARGETS: List[Target] = []


def target(name: str, call: Callable[..., Any], make: Callable[[], Dict[str, Any]], fuzz: Optional[tuple] = None,
           **options: Any) -> None:
    TARGETS.append(Target(name, call, make, tuple(make()) if fuzz is None else tuple(fuzz), **options))


def positional(func: Callable[..., Any], n: int) -> Callable[..., Any]:
    """``func`` called with its first ``n`` arguments by position (the rest by keyword)."""

    def call(**kwargs: Any) -> Any:
        values = list(kwargs.values())
        keys = list(kwargs)
        return func(*values[:n], **dict(zip(keys[n:], values[n:])))

    return call


def like_numpy(np_func: Callable[..., Any], n_positional: int = 1) -> Callable[[Any, Dict[str, Any]], None]:
    """A result check: NumPy's function on the same (unwrapped) arguments gives the same values.

    Not made when ``out`` or ``where`` was given (NumPy leaves the masked-out elements of a new
    array undefined, and ``out`` is locked once it holds a tensor's data), nor with a tensor as
    ``dtype`` (NumPy reads any object's ``.dtype``; unwrapped, it would be an array).
    """

    def check(result: Any, args: Dict[str, Any]) -> None:
        if args.get("out") is not None or (args.get("where", True) is not True):
            return
        if any(hasattr(a, "__next__") for a in args.values()):  # (mygrad's call consumed the iterator)
            return
        values = [a.data if isinstance(a, mg.Tensor) and k != "dtype" else a for k, a in args.items()]
        keys = list(args)
        kwargs = {k: v for k, v in zip(keys[n_positional:], values[n_positional:]) if k != "constant"}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                expected = np_func(*values[:n_positional], **kwargs)
            except Exception as error:  # mygrad accepted what NumPy refuses
                raise AssertionError(f"mygrad accepted arguments that NumPy refuses ({type(error).__name__}: "
                                     f"{error})") from None
        got = result.data if isinstance(result, mg.Tensor) else result
        if isinstance(expected, tuple):
            assert isinstance(got, tuple) and len(got) == len(expected)
            pairs = list(zip(got, expected))
        else:
            pairs = [(got, expected)]
        for g, e in pairs:
            g = g.data if isinstance(g, mg.Tensor) else g
            assert np.shape(g) == np.shape(e), f"shape {np.shape(g)} != NumPy's {np.shape(e)}"
            e, g = np.asarray(e), np.asarray(g)
            if e.dtype.kind in "fc" or g.dtype.kind in "fc":
                assert np.allclose(g, e, equal_nan=True, rtol=1e-3, atol=1e-6), "values differ from NumPy's"
            else:
                assert np.array_equal(g, e), "values differ from NumPy's"

    return check


def still_works(use: Callable[[Dict[str, Any]], Any]) -> Callable[[Any, Dict[str, Any]], None]:
    """A result check for a call that changes an object: the object can still be used afterwards."""

    def check(result: Any, args: Dict[str, Any]) -> None:
        try:
            use(args)
        except Exception as error:
            raise AssertionError(f"it accepted the value, and then {type(error).__name__}: {error}") from None

    return check


def tensor_result(result: Any, args: Dict[str, Any]) -> None:
    assert isinstance(result, mg.Tensor), f"expected a Tensor, got {type(result).__name__}"


def usable_module(example: Callable[[], Any]) -> Callable[[Any, Dict[str, Any]], None]:
    """A check of a constructed layer: its repr works, and a valid input either runs or is refused cleanly."""

    def check(module: Any, args: Dict[str, Any]) -> None:
        assert isinstance(module, nn.Module)
        repr(module)
        state = snapshot(module)
        try:
            module(example())
        except DOCUMENTED as error:
            assert not isinstance(error, INTERNAL), f"{type(error).__name__}: {error}"
            assert same(snapshot(module), state), "the module's state changed in a forward pass that raised"
        list(module.parameters())
        module.state_dict()

    return check


# -- core: elementwise ufuncs -----------------------------------------------------------------
UNARY = ["abs", "negative", "positive", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt",
         "square", "reciprocal", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
         "arcsinh", "arccosh", "arctanh"]
BINARY = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "logaddexp", "logaddexp2",
          "arctan2"]
for _name in UNARY:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1),
           lambda: dict(x1=_t(2, 3), out=None, where=True, dtype=None),
           result=like_numpy(getattr(np, _name)), names=(_name,))
for _name in BINARY:
    target(f"mg.{_name}", positional(getattr(mg, _name), 2),
           lambda: dict(x1=_t(2, 3), x2=_t(2, 3), out=None, where=True, dtype=None),
           result=like_numpy(getattr(np, _name), 2), names=(_name,))
for _name in ["cot", "csc", "sec", "coth", "csch", "sech", "arccot", "arccsc", "arcsec", "arccoth", "arccsch",
              "sinc"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1), lambda: dict(x=_t(2, 3), constant=None),
           result=tensor_result)
target("mg.matmul", positional(mg.matmul, 2), lambda: dict(x1=_t(2, 3), x2=_t(3, 4)),
       result=like_numpy(np.matmul, 2))
target("mg.clip", positional(mg.clip, 1), lambda: dict(a=_t(2, 3), a_min=-0.5, a_max=0.5),
       result=like_numpy(np.clip, 1))
target("mg.where", positional(mg.where, 3), lambda: dict(condition=np.array([[True, False, True]] * 2),
                                                      x=_t(2, 3), y=_t(2, 3)),
       result=like_numpy(np.where, 3))

# -- core: reductions --------------------------------------------------------------------------
for _name in ["sum", "mean", "max", "min", "amax", "amin", "prod"]:
    _np = {"max": np.max, "min": np.min}.get(_name, getattr(np, _name))
    target(f"mg.{_name}", positional(getattr(mg, _name), 1), lambda: dict(x=_t(2, 3, 4), axis=1, keepdims=False),
           result=like_numpy(_np), names=(_name,))
for _name in ["var", "std"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1),
           lambda: dict(x=_t(2, 3, 4), axis=1, ddof=0, keepdims=False), result=like_numpy(getattr(np, _name)),
           names=(_name,))
for _name in ["cumsum", "cumprod"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1), lambda: dict(a=_t(2, 3), axis=1),
           result=like_numpy(getattr(np, _name)), names=(_name,))
target("mg.linalg.norm", positional(mg.linalg.norm, 1), lambda: dict(x=_t(2, 3), ord=None, axis=1, keepdims=False),
       result=like_numpy(np.linalg.norm), names=("norm",))

# -- core: shapes, joining, indexing -----------------------------------------------------------
target("mg.reshape", positional(mg.reshape, 2), lambda: dict(a=_t(2, 3), shape=(3, 2)),
       result=like_numpy(np.reshape, 2))
target("mg.transpose", positional(mg.transpose, 2), lambda: dict(a=_t(2, 3, 4), axes=(2, 0, 1)),
       result=like_numpy(np.transpose, 2))
target("mg.moveaxis", positional(mg.moveaxis, 3), lambda: dict(a=_t(2, 3, 4), source=0, destination=2),
       result=like_numpy(np.moveaxis, 3))
target("mg.swapaxes", positional(mg.swapaxes, 3), lambda: dict(a=_t(2, 3, 4), axis1=0, axis2=2),
       result=like_numpy(np.swapaxes, 3))
target("mg.squeeze", positional(mg.squeeze, 2), lambda: dict(a=_t(2, 1, 3), axis=1),
       result=like_numpy(np.squeeze, 2))
target("mg.expand_dims", positional(mg.expand_dims, 2), lambda: dict(a=_t(2, 3), axis=1),
       result=like_numpy(np.expand_dims, 2))
target("mg.broadcast_to", positional(mg.broadcast_to, 2), lambda: dict(array=_t(1, 3), shape=(4, 3)),
       result=like_numpy(np.broadcast_to, 2))
target("mg.repeat", positional(mg.repeat, 3), lambda: dict(a=_t(2, 3), repeats=2, axis=1),
       result=like_numpy(np.repeat, 3))
target("mg.roll", positional(mg.roll, 3), lambda: dict(a=_t(2, 3), shift=1, axis=1), result=like_numpy(np.roll, 3))
target("mg.flatten", mg.flatten, lambda: dict(a=_t(2, 3)), result=tensor_result)
target("mg.ravel", mg.ravel, lambda: dict(a=_t(2, 3)), result=like_numpy(np.ravel))
target("mg.atleast_2d", lambda x: mg.atleast_2d(x), lambda: dict(x=_t(3)), result=like_numpy(np.atleast_2d))
target("mg.concatenate", lambda arrays, axis: mg.concatenate(arrays, axis=axis),
       lambda: dict(arrays=[_t(2, 3), _t(1, 3)], axis=0), result=like_numpy(np.concatenate))
target("mg.stack", lambda arrays, axis: mg.stack(arrays, axis=axis), lambda: dict(arrays=[_t(2, 3), _t(2, 3)], axis=1),
       result=like_numpy(np.stack))
target("mg.stack element", lambda first, second: mg.stack([first, second]), lambda: dict(first=_t(2, 3),
                                                                                       second=_t(2, 3)),
       names=("stack",))
target("mg.einsum", lambda subscripts, a, b: mg.einsum(subscripts, a, b),
       lambda: dict(subscripts="ij,jk->ik", a=_t(2, 3), b=_t(3, 2)), result=like_numpy(np.einsum, 3))
target("mg.multi_matmul", lambda tensors: mg.multi_matmul(tensors), lambda: dict(tensors=[_t(2, 3), _t(3, 4), _t(4, 2)]),
       result=tensor_result)
target("mg.add_sequence", lambda a, b, c: mg.add_sequence(a, b, c), lambda: dict(a=_t(2, 3), b=_t(2, 3), c=_t(2, 3)),
       result=tensor_result, names=("add_sequence",))
target("mg.getitem", positional(mg.getitem, 2), lambda: dict(x=_t(2, 3), index=(1, slice(None))),
       result=like_numpy(lambda a, index: np.asarray(a)[index], 2), names=("index", "indices", "getitem"))
target("Tensor[index]", lambda x, index: x[index], lambda: dict(x=_t(2, 3, 4), index=(0, 1)), fuzz=("index",),
       result=like_numpy(lambda a, index: a[index], 2), names=("index",))
target("Tensor[index] = value", lambda x, index, value: x.__setitem__(index, value),
       lambda: dict(x=_t(2, 3), index=0, value=5.0), fuzz=("index", "value"), mutates=("x",),
       names=("index", "setitem", "assign"))
target("mg.sliding_window_view", positional(mg.sliding_window_view, 2),
       lambda: dict(arr=_t(5, 5), window_shape=(2, 2), step=1, dilation=None),
       result=lambda out, args: isinstance(out, (mg.Tensor, np.ndarray)) or tensor_result(out, args),
       names=("sliding_window_view", "window"))
target("mg.astype", positional(mg.astype, 2), lambda: dict(x=_t(2, 3), dtype="float32"),
       result=like_numpy(lambda a, dtype: np.asarray(a).astype(dtype), 2))
target("Tensor.astype", lambda x, dtype: x.astype(dtype), lambda: dict(x=_t(2, 3), dtype="float32"),
       fuzz=("dtype",), names=("astype", "dtype"))

# -- core: making tensors ----------------------------------------------------------------------
target("mg.tensor", positional(mg.tensor, 1), lambda: dict(arr_like=[[1.0, 2.0]], dtype=None, constant=None,
                                                           ndmin=0), names=("tensor", "Tensor"))
target("mg.zeros", positional(mg.zeros, 2), lambda: dict(shape=(2, 3), dtype="float32"),
       result=like_numpy(np.zeros, 2))
target("mg.ones", positional(mg.ones, 2), lambda: dict(shape=(2, 3), dtype="float32"), result=like_numpy(np.ones, 2))
target("mg.empty", positional(mg.empty, 2), lambda: dict(shape=(2, 3), dtype="float32"), result=tensor_result)
target("mg.full", positional(mg.full, 3), lambda: dict(shape=(2, 3), fill_value=1.5, dtype=None),
       result=like_numpy(np.full, 3))
for _name in ["zeros_like", "ones_like", "empty_like"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 3), lambda: dict(other=_t(2, 3), dtype=None, shape=None),
           result=tensor_result, names=(_name,))
target("mg.full_like", positional(mg.full_like, 4), lambda: dict(other=_t(2, 3), fill_value=2.0, dtype=None,
                                                                 shape=None), result=tensor_result)
target("mg.eye", positional(mg.eye, 4), lambda: dict(N=3, M=4, k=1, dtype=float), result=like_numpy(np.eye, 4))
target("mg.identity", positional(mg.identity, 2), lambda: dict(n=3, dtype=float), result=like_numpy(np.identity, 2))
target("mg.arange", positional(mg.arange, 3), lambda: dict(start=0, stop=5, step=1), result=like_numpy(np.arange, 3),
       raises=(ZeroDivisionError,))  # (NumPy's class for step 0, kept as MyGrad keeps it; the message names arange)
for _name in ["linspace", "logspace", "geomspace"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 3), lambda: dict(start=1.0, stop=4.0, num=5, dtype=None),
           result=like_numpy(getattr(np, _name), 3), names=(_name,))
target("mg.random.rand", lambda a, b: mg.random.rand(a, b), lambda: dict(a=2, b=3), result=tensor_result,
       names=("rand", "shape", "dimension"))
target("mg.random.normal", positional(mg.random.normal, 3), lambda: dict(loc=0.0, scale=1.0, size=(2, 3)),
       result=tensor_result, names=("normal", "scale", "size", "loc"))
target("mg.random.randint", positional(mg.random.randint, 3), lambda: dict(low=0, high=5, shape=(2, 3)),
       result=tensor_result, names=("randint", "low", "high", "shape"))


# -- core: gradients ---------------------------------------------------------------------------
def _backward(x: mg.Tensor, grad: Any) -> None:
    (x * 2).backward(grad)


target("Tensor.backward", _backward, lambda: dict(x=_t(2, 3), grad=np.ones((2, 3))), fuzz=("grad",), mutates=("x",),
       names=("backward", "grad", "gradient"))

# -- nn.functional -----------------------------------------------------------------------------
_F_CASES = {
    "relu": dict(input=_t(2, 3)),
    "leaky_relu": dict(input=_t(2, 3), negative_slope=0.1),
    "elu": dict(input=_t(2, 3), alpha=1.0),
    "selu": dict(input=_t(2, 3)),
    "silu": dict(input=_t(2, 3)),
    "gelu": dict(input=_t(2, 3), approximate="none"),
    "glu": dict(input=_t(2, 4), dim=-1),
    "hardtanh": dict(input=_t(2, 3), min_val=-1.0, max_val=1.0),
    "sigmoid": dict(input=_t(2, 3)),
    "softsign": dict(input=_t(2, 3)),
    "softplus": dict(input=_t(2, 3), beta=1.0, threshold=20.0),
    "softmax": dict(input=_t(2, 3), dim=1),
    "log_softmax": dict(input=_t(2, 3), dim=1),
    "linear": dict(input=_t(4, 3), weight=_t(2, 3), bias=_t(2)),
    "bilinear": dict(input1=_t(4, 3), input2=_t(4, 2), weight=_t(5, 3, 2), bias=_t(5)),
    "dropout": dict(input=_t(2, 3), p=0.5, training=True),
    "embedding": dict(input=np.array([[0, 2], [1, 3]]), weight=_t(4, 3), padding_idx=None, max_norm=None),
    "one_hot": dict(tensor=np.array([0, 2, 1]), num_classes=3),
    "pad": dict(input=_t(2, 3), pad=(1, 1), mode="constant", value=0.0),
    "layer_norm": dict(input=_t(2, 3), normalized_shape=(3,), weight=None, bias=None, eps=1e-5),
    "batch_norm": dict(input=_t(4, 3), running_mean=np.zeros(3), running_var=np.ones(3), weight=None, bias=None,
                       training=True, momentum=0.1, eps=1e-5),
    "conv1d": dict(input=_t(2, 3, 8), weight=_t(4, 3, 3), bias=None, stride=1, padding=0, dilation=1, groups=1),
    "conv2d": dict(input=_t(2, 2, 6, 6), weight=_t(4, 2, 3, 3), bias=_t(4), stride=1, padding=1, dilation=1,
                   groups=1),
    "conv3d": dict(input=_t(1, 2, 4, 4, 4), weight=_t(2, 2, 2, 2, 2), bias=None, stride=1, padding=0),
    "max_pool1d": dict(input=_t(2, 3, 8), kernel_size=2, stride=None, padding=0, dilation=1, ceil_mode=False),
    "max_pool2d": dict(input=_t(2, 3, 6, 6), kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False,
                       return_indices=False),
    "avg_pool1d": dict(input=_t(2, 3, 8), kernel_size=2, stride=None, padding=0, ceil_mode=False),
    "avg_pool2d": dict(input=_t(2, 3, 6, 6), kernel_size=3, stride=2, padding=1, ceil_mode=False,
                       count_include_pad=True, divisor_override=None),
    "adaptive_avg_pool1d": dict(input=_t(2, 3, 8), output_size=3),
    "adaptive_avg_pool2d": dict(input=_t(2, 3, 6, 6), output_size=(2, 3)),
    "mse_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="mean"),
    "l1_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="sum"),
    "smooth_l1_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="mean", beta=1.0),
    "huber_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="mean", delta=1.0),
    "binary_cross_entropy": dict(input=mg.tensor(np.full((4, 3), 0.3)), target=np.ones((4, 3)), weight=None,
                                 reduction="mean"),
    "binary_cross_entropy_with_logits": dict(input=_t(4, 3), target=np.ones((4, 3)), weight=None, reduction="mean",
                                             pos_weight=None),
    "cross_entropy": dict(input=_t(4, 3), target=np.array([0, 2, 1, 1]), weight=None, ignore_index=-100,
                          reduction="mean", label_smoothing=0.0),
    "nll_loss": dict(input=_t(4, 3), target=np.array([0, 2, 1, 1]), weight=None, ignore_index=-100,
                     reduction="mean"),
    "multi_margin_loss": dict(input=_t(4, 3), target=np.array([0, 2, 1, 1]), p=1, margin=1.0, weight=None,
                              reduction="mean"),
    "margin_ranking_loss": dict(input1=_t(4), input2=_t(4), target=np.array([1, -1, 1, 1]), margin=0.0,
                                reduction="mean"),
    "focal_loss": dict(probs=mg.tensor(np.full((4, 3), 1 / 3)), targets=np.array([0, 2, 1, 1]), alpha=1.0, gamma=2.0),
    "softmax_focal_loss": dict(scores=_t(4, 3), targets=np.array([0, 2, 1, 1]), alpha=1.0, gamma=2.0),
}


def _kwargs_factory(example: Dict[str, Any]) -> Callable[[], Dict[str, Any]]:
    def make() -> Dict[str, Any]:
        return {k: (mg.tensor(v.data.copy()) if isinstance(v, mg.Tensor) else copy.deepcopy(v)) for k, v in
                example.items()}

    return make


_F_MUTATES = {"batch_norm": ("running_mean", "running_var"), "embedding": ("weight",)}  # by design
for _name, _example in _F_CASES.items():
    target(f"F.{_name}", positional(getattr(F, _name), 1), _kwargs_factory(_example),
           result=lambda out, args: (isinstance(out, tuple) and args.get("return_indices")) or tensor_result(out, args),
           mutates=_F_MUTATES.get(_name, ()), names=(_name,))

target("F.max_unpool2d", positional(F.max_unpool2d, 3),
       lambda: dict(input=_t(1, 1, 2, 2), indices=np.array([[[[0, 3], [8, 15]]]]), kernel_size=2, stride=2,
                    padding=0, output_size=None), result=tensor_result)

# -- nn.init -----------------------------------------------------------------------------------
_INIT = {
    "uniform_": dict(tensor=_t(3, 4), a=-1.0, b=1.0),
    "normal_": dict(tensor=_t(3, 4), mean=0.0, std=1.0),
    "trunc_normal_": dict(tensor=_t(3, 4), mean=0.0, std=1.0, a=-2.0, b=2.0),
    "constant_": dict(tensor=_t(3, 4), val=0.5),
    "ones_": dict(tensor=_t(3, 4)),
    "zeros_": dict(tensor=_t(3, 4)),
    "eye_": dict(tensor=_t(3, 4)),
    "dirac_": dict(tensor=_t(4, 2, 3, 3), groups=1),
    "xavier_uniform_": dict(tensor=_t(3, 4), gain=1.0),
    "xavier_normal_": dict(tensor=_t(3, 4), gain=1.0),
    "kaiming_uniform_": dict(tensor=_t(3, 4), a=0.0, mode="fan_in", nonlinearity="leaky_relu"),
    "kaiming_normal_": dict(tensor=_t(3, 4), a=0.0, mode="fan_out", nonlinearity="relu"),
    "orthogonal_": dict(tensor=_t(3, 4), gain=1.0),
}
for _name, _example in _INIT.items():
    target(f"nn.init.{_name}", positional(getattr(nn.init, _name), 1), _kwargs_factory(_example),
           mutates=("tensor",), names=(_name, _name.rstrip("_")))
target("nn.init.calculate_gain", positional(nn.init.calculate_gain, 2),
       lambda: dict(nonlinearity="leaky_relu", param=0.2), names=("calculate_gain", "nonlinearity", "param"))

# -- nnet (MyGrad 2.5's API) -------------------------------------------------------------------
target("nnet.softmax", positional(nnet.softmax, 1), lambda: dict(x=_t(2, 3), axis=-1), result=tensor_result)
target("nnet.leaky_relu", positional(nnet.leaky_relu, 2), lambda: dict(x=_t(2, 3), slope=0.1), result=tensor_result)
target("nnet.softmax_crossentropy", positional(nnet.softmax_crossentropy, 2),
       lambda: dict(x=_t(4, 3), y_true=np.array([0, 2, 1, 1])), result=tensor_result)
target("nnet.multiclass_hinge", positional(nnet.multiclass_hinge, 2),
       lambda: dict(x=_t(4, 3), y_true=np.array([0, 2, 1, 1]), hinge=1.0), result=tensor_result)
target("nnet.negative_log_likelihood", positional(nnet.negative_log_likelihood, 2),
       lambda: dict(x=_t(4, 3), y_true=np.array([0, 2, 1, 1]), weights=None), result=tensor_result)
target("nnet.margin_ranking_loss", positional(nnet.margin_ranking_loss, 4),
       lambda: dict(x1=_t(4), x2=_t(4), y=np.array([1, -1, 1, 1]), margin=0.5), result=tensor_result)
target("nnet.conv_nd", positional(nnet.conv_nd, 2),
       lambda: dict(x=_t(2, 3, 6, 6), filter_bank=_t(4, 3, 2, 2), stride=1, padding=0, dilation=1),
       result=tensor_result)
target("nnet.max_pool", positional(nnet.max_pool, 3), lambda: dict(x=_t(2, 3, 6, 6), pool=(2, 2), stride=2),
       result=tensor_result)
target("nnet.batchnorm", positional(nnet.batchnorm, 1), lambda: dict(x=_t(4, 3), gamma=None, beta=None, eps=1e-5),
       result=tensor_result)
target("nnet.initializers.uniform", lambda a, b, lower_bound: nnet.initializers.uniform(a, b, lower_bound=lower_bound),
       lambda: dict(a=2, b=3, lower_bound=-1.0), result=tensor_result, names=("uniform", "shape", "bound"))
target("nnet.initializers.glorot_normal", lambda a, b, gain: nnet.initializers.glorot_normal(a, b, gain=gain),
       lambda: dict(a=3, b=4, gain=1.0), result=tensor_result, names=("glorot_normal", "shape", "gain"))

def _with_grad(x: mg.Tensor) -> mg.Tensor:
    (x * x).sum().backward()
    return x


# -- nn layers: construction and forward passes ------------------------------------------------
_LAYERS = [
    (nn.Linear, dict(in_features=3, out_features=2, bias=True), lambda: _t(4, 3)),
    (nn.Conv2d, dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, padding=1, dilation=1, groups=1),
     lambda: _t(2, 2, 5, 5)),
    (nn.Conv1d, dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, padding=0), lambda: _t(2, 2, 7)),
    (nn.BatchNorm1d, dict(num_features=3, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True),
     lambda: _t(4, 3)),
    (nn.BatchNorm2d, dict(num_features=3, eps=1e-5, momentum=0.1), lambda: _t(2, 3, 4, 4)),
    (nn.LayerNorm, dict(normalized_shape=3, eps=1e-5, elementwise_affine=True), lambda: _t(4, 3)),
    (nn.Embedding, dict(num_embeddings=5, embedding_dim=3, padding_idx=None, max_norm=None),
     lambda: np.array([[0, 4], [2, 1]])),
    (nn.Dropout, dict(p=0.5), lambda: _t(4, 3)),
    (nn.GRU, dict(input_size=3, hidden_size=4, num_layers=1, bias=True, batch_first=True, dropout=0.0,
                  bidirectional=False), lambda: _t(2, 5, 3)),
    (nn.MaxPool2d, dict(kernel_size=2, stride=None, padding=0, dilation=1), lambda: _t(2, 3, 6, 6)),
    (nn.AvgPool2d, dict(kernel_size=2, stride=None, padding=0), lambda: _t(2, 3, 6, 6)),
    (nn.AdaptiveAvgPool2d, dict(output_size=(2, 2)), lambda: _t(2, 3, 6, 6)),
    (nn.MaxUnpool2d, dict(kernel_size=2, stride=2, padding=0), None),
    (nn.Flatten, dict(start_dim=1, end_dim=-1), lambda: _t(2, 3, 4)),
    (nn.Unflatten, dict(dim=1, unflattened_size=(2, 3)), lambda: _t(4, 6)),
    (nn.LeakyReLU, dict(negative_slope=0.01), lambda: _t(4, 3)),
    (nn.ELU, dict(alpha=1.0), lambda: _t(4, 3)),
    (nn.Hardtanh, dict(min_val=-1.0, max_val=1.0), lambda: _t(4, 3)),
    (nn.Softmax, dict(dim=1), lambda: _t(4, 3)),
    (nn.LogSoftmax, dict(dim=1), lambda: _t(4, 3)),
    (nn.Softplus, dict(beta=1.0, threshold=20.0), lambda: _t(4, 3)),
    (nn.GELU, dict(approximate="none"), lambda: _t(4, 3)),
    (nn.GLU, dict(dim=-1), lambda: _t(4, 4)),
    (nn.MSELoss, dict(reduction="mean"), None),
    (nn.CrossEntropyLoss, dict(weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0), None),
    (nn.NLLLoss, dict(weight=None, ignore_index=-100, reduction="mean"), None),
    (nn.BCELoss, dict(weight=None, reduction="mean"), None),
    (nn.BCEWithLogitsLoss, dict(weight=None, reduction="mean", pos_weight=None), None),
    (nn.HuberLoss, dict(reduction="mean", delta=1.0), None),
    (nn.SmoothL1Loss, dict(reduction="mean", beta=1.0), None),
]
for _cls, _kwargs, _example in _LAYERS:
    target(f"nn.{_cls.__name__}()", positional(_cls, 0), _kwargs_factory(_kwargs),
           result=usable_module(_example) if _example is not None else None, names=(_cls.__name__,))
    if _example is not None:
        target(f"nn.{_cls.__name__}.forward", lambda module, input: module(input),
               (lambda c=_cls, k=_kwargs, e=_example: dict(module=c(**k), input=e())), fuzz=("input",),
               mutates=("module",), names=(_cls.__name__,))  # (a training forward updates running statistics)
for _cls in (nn.MSELoss, nn.L1Loss, nn.HuberLoss, nn.SmoothL1Loss):
    target(f"nn.{_cls.__name__}.forward", lambda module, input, target: module(input, target),
           (lambda c=_cls: dict(module=c(), input=_t(4, 3), target=_t(4, 3))), fuzz=("input", "target"),
           names=(_cls.__name__,))
target("nn.CrossEntropyLoss.forward", lambda module, input, target: module(input, target),
       lambda: dict(module=nn.CrossEntropyLoss(), input=_t(4, 3), target=np.array([0, 1, 2, 1])),
       fuzz=("input", "target"), names=("CrossEntropyLoss", "cross_entropy"))


class _Net(nn.Module):
    """A user's model: BatchNorm first (its running statistics change), then a layer that may refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.norm = nn.BatchNorm1d(3)
        self.inner = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
        self.head = nn.Linear(4, 2)

    def forward(self, x: Any, extra: Any = None) -> Any:
        y = self.head(nn.functional.relu(self.inner(self.norm(x))))
        return y if extra is None else y + extra


target("custom Module.forward", lambda module, input, extra: module(input, extra),
       lambda: dict(module=_Net(), input=_t(4, 3), extra=None), fuzz=("input", "extra"), mutates=("module",),
       names=("Linear", "BatchNorm1d", "add", "shape", "broadcast"))


def _load_module_state(module: nn.Module, key: str, value: Any, strict: Any) -> Any:
    state = module.state_dict()
    state[key] = value
    return module.load_state_dict(state, strict=strict)


target("Module.load_state_dict value", _load_module_state,
       lambda: dict(module=nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)), key="1.running_var",
                    value=np.ones(2), strict=True), fuzz=("value", "strict"), mutates=("module",),
       result=still_works(lambda args: args["module"](_t(4, 3))), names=("state_dict", "load_state_dict"))
target("Module.load_state_dict dict", lambda module, state_dict: module.load_state_dict(state_dict),
       lambda: dict(module=nn.Linear(3, 2), state_dict=nn.Linear(3, 2).state_dict()), fuzz=("state_dict",),
       mutates=("module",), result=still_works(lambda args: args["module"](_t(4, 3))),
       names=("state_dict", "load_state_dict"))
target("Module.register_buffer", lambda module, name, tensor, persistent: module.register_buffer(name, tensor,
                                                                                                 persistent),
       lambda: dict(module=nn.Linear(3, 2), name="extra", tensor=np.zeros(3), persistent=True),
       fuzz=("name", "tensor", "persistent"), mutates=("module",), raises=(KeyError,), names=("buffer",))
# (KeyError for an empty or dotted name, as PyTorch)
target("Module.to", lambda module, dtype: module.to(dtype), lambda: dict(module=nn.Linear(3, 2), dtype="float64"),
       fuzz=("dtype",), mutates=("module",), names=("to", "dtype"))
target("Module.train", lambda module, mode: module.train(mode), lambda: dict(module=nn.Linear(3, 2), mode=False),
       fuzz=("mode",), mutates=("module",), names=("train", "mode"))
target("Module.summary", lambda module, input_shape: module.summary(input_shape, print_fn=None),
       lambda: dict(module=nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)), input_shape=(4, 3)),
       fuzz=("input_shape",), names=("summary", "input_shape", "Linear", "BatchNorm1d", "forward"))
target("Sequential[index]", lambda module, index: module[index],
       lambda: dict(module=nn.Sequential(nn.Linear(3, 2), nn.ReLU()), index=1), fuzz=("index",),
       names=("Sequential", "index"))
target("nn.utils.clip_grad_norm_", positional(nn.utils.clip_grad_norm_, 2),
       lambda: dict(parameters=[_with_grad(_t(2, 3))], max_norm=1.0, norm_type=2.0),
       mutates=("parameters",), names=("clip_grad_norm_", "max_norm", "norm_type", "parameters"))


# -- optimizers --------------------------------------------------------------------------------
_OPTIMIZERS = [
    (optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=False)),
    (optim.Adam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False)),
    (optim.AdamW, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)),
    (optim.RMSprop, dict(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False)),
    (optim.Adagrad, dict(lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10)),
]


def _params() -> List[mg.Tensor]:
    return [_with_grad(_t(2, 3)), _with_grad(_t(3))]


def _stepped(opt: optim.Optimizer) -> optim.Optimizer:
    opt.zero_grad()
    for p in (p for g in opt.param_groups for p in g["params"]):
        _with_grad(p)
    opt.step()
    for p in (p for g in opt.param_groups for p in g["params"]):
        _with_grad(p)
    return opt


for _cls, _kwargs in _OPTIMIZERS:
    target(f"optim.{_cls.__name__}()", lambda cls=_cls, **kw: cls(**kw),
           (lambda k=_kwargs: dict(params=_params(), **copy.deepcopy(k))), names=(_cls.__name__,))

    target(f"{_cls.__name__}.step grad", lambda optimizer, grad: optimizer.step(),
           (lambda c=_cls, k=_kwargs: dict(optimizer=_stepped(c(_params(), **k)), grad=np.ones(3))),
           fuzz=("grad",), mutates=("optimizer",), names=("grad", "gradient", "parameter"),
           setup=lambda optimizer, grad: setattr(optimizer.param_groups[0]["params"][-1], "grad", grad))
    for _option in _kwargs:
        target(f"{_cls.__name__}.step group[{_option!r}]", lambda optimizer, option, value: optimizer.step(),
               (lambda c=_cls, k=_kwargs, o=_option: dict(optimizer=_stepped(c([{"params": _params()[:1]},
                                                                                 {"params": _params()[1:]}], **k)),
                                                          option=o, value=k[o])),
               fuzz=("value",), mutates=("optimizer",), names=(_option, "option"),
               setup=lambda optimizer, option, value: optimizer.param_groups[-1].__setitem__(option, value))

    def _load_optimizer(optimizer: optim.Optimizer, path: str, value: Any) -> None:
        state = optimizer.state_dict()
        node = state
        keys = path.split("/")
        for key in keys[:-1]:
            node = node[int(key) if key.isdigit() else key]
        last = keys[-1]
        node[int(last) if last.isdigit() else last] = value
        optimizer.load_state_dict(state)

    _state_key = {optim.SGD: "momentum_buffer", optim.Adam: "exp_avg", optim.AdamW: "exp_avg_sq",
                  optim.RMSprop: "square_avg", optim.Adagrad: "sum"}[_cls]
    for _path, _valid in [(f"state/1/{_state_key}", np.ones(3)), ("param_groups/0/lr", 0.5),
                          ("param_groups/0/params", [0]), ("param_groups", [{"params": [0]}, {"params": [1]}]),
                          ("state", {}), ("state/1", {})]:
        target(f"{_cls.__name__}.load_state_dict {_path}", _load_optimizer,
               (lambda c=_cls, k=_kwargs, p=_path, v=_valid: dict(
                   optimizer=_stepped(c([{"params": _params()[:1]}, {"params": _params()[1:]}], **k)),
                   path=p, value=copy.deepcopy(v))),
               fuzz=("value",), mutates=("optimizer",), result=still_works(lambda args: _stepped(args["optimizer"])),
               names=("state_dict", "load_state_dict"))
    target(f"{_cls.__name__}.load_state_dict whole", lambda optimizer, state_dict: optimizer.load_state_dict(state_dict),
           (lambda c=_cls, k=_kwargs: dict(optimizer=_stepped(c(_params(), **k)), state_dict={"state": {},
                                                                                             "param_groups": []})),
           fuzz=("state_dict",), result=still_works(lambda args: _stepped(args["optimizer"])),
           names=("state_dict", "load_state_dict"))
    target(f"{_cls.__name__}.add_param_group", lambda optimizer, param_group: optimizer.add_param_group(param_group),
           (lambda c=_cls, k=_kwargs: dict(optimizer=_stepped(c(_params(), **k)), param_group={"params": [_t(2)]})),
           fuzz=("param_group",), names=("param", "group"))


def _group_option(cls: type, option: str, value: Any) -> Any:
    return cls([{"params": _params(), option: value}], lr=0.1)


target("optim group option", lambda option, value: _group_option(optim.SGD, option, value),
       lambda: dict(option="momentum", value=0.5), fuzz=("value",), names=("option", "momentum"))

# -- schedulers --------------------------------------------------------------------------------
_SCHEDULERS = [
    (sched.StepLR, dict(step_size=2, gamma=0.5, last_epoch=-1)),
    (sched.MultiStepLR, dict(milestones=[1, 3], gamma=0.5)),
    (sched.ExponentialLR, dict(gamma=0.9)),
    (sched.CosineAnnealingLR, dict(T_max=5, eta_min=0.0)),
    (sched.LinearLR, dict(start_factor=0.5, end_factor=1.0, total_iters=4)),
    (sched.OneCycleLR, dict(max_lr=1.0, total_steps=10, pct_start=0.3, anneal_strategy="cos", cycle_momentum=True,
                            base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4,
                            three_phase=False)),
    (sched.ReduceLROnPlateau, dict(mode="min", factor=0.5, patience=1, threshold=1e-4, threshold_mode="rel",
                                   cooldown=0, min_lr=0.0, eps=1e-8)),
]


def _opt() -> optim.SGD:
    return optim.SGD([{"params": _params()[:1]}, {"params": _params()[1:]}], lr=0.1, momentum=0.9)


def _use_scheduler(args: Dict[str, Any]) -> None:
    scheduler = args["scheduler"]
    scheduler.optimizer.step()
    scheduler.step(1.0) if isinstance(scheduler, sched.ReduceLROnPlateau) else scheduler.step()
    lrs = scheduler.get_last_lr()
    assert all(isinstance(lr, float) for lr in lrs), f"learning rates {lrs!r}"
    assert all(isinstance(g["lr"], float) for g in scheduler.optimizer.param_groups)


for _cls, _kwargs in _SCHEDULERS:
    target(f"lr_scheduler.{_cls.__name__}()", lambda cls=_cls, **kw: cls(**kw),
           (lambda k=_kwargs: dict(optimizer=_opt(), **copy.deepcopy(k))), mutates=("optimizer",),
           raises=(KeyError,), names=(_cls.__name__,))  # (KeyError: resuming without 'initial_lr', as PyTorch)

    def _load_sched(scheduler: Any, key: str, value: Any) -> None:
        state = scheduler.state_dict()
        state[key] = value
        scheduler.load_state_dict(state)

    _made = _cls(_opt(), **_kwargs)
    for _key in sorted(_made.state_dict()):
        target(f"{_cls.__name__}.load_state_dict[{_key!r}]", _load_sched,
               (lambda c=_cls, k=_kwargs, key=_key: dict(scheduler=c(_opt(), **k), key=key,
                                                          value=copy.deepcopy(c(_opt(), **k).state_dict()[key]))),
               fuzz=("value",), mutates=("scheduler",), result=still_works(_use_scheduler),
               names=("state_dict", "load_state_dict", _key))
target("ReduceLROnPlateau.step", lambda scheduler, metrics: scheduler.step(metrics),
       lambda: dict(scheduler=sched.ReduceLROnPlateau(_opt()), metrics=1.0), fuzz=("metrics",),
       mutates=("scheduler",), names=("ReduceLROnPlateau", "metrics", "metric"))


def _step_after_edit(scheduler: Any, attribute: str, value: Any) -> None:
    setattr(scheduler, attribute, value)
    scheduler.step()


# -- checkpoints, tensor files, data -----------------------------------------------------------
_TMP = Path(tempfile.mkdtemp(prefix="mygrad-fuzz-"))


def _checkpoint_path() -> Path:
    path = _TMP / "run.ckpt"
    if not path.exists():
        save_checkpoint(path, {"epoch": 1})
    return path


target("save_checkpoint", lambda path, obj: save_checkpoint(path, obj),
       lambda: dict(path=_checkpoint_path(), obj={"w": np.ones(2), "epoch": 2}), fuzz=("obj",),
       mutates=("path",), names=("checkpoint", "save"))
target("load_checkpoint", lambda path: load_checkpoint(path), lambda: dict(path=_checkpoint_path()),
       names=("checkpoint", "path", "load_checkpoint"))
target("mg.save", lambda file, tensor: mg.save(file, tensor), lambda: dict(file=str(_TMP / "x.npz"), tensor=_t(2)),
       fuzz=("tensor",), names=("save", "Tensor", "tensor"))
target("mg.load", lambda file: mg.load(file), lambda: dict(file=str(_TMP / "missing.npz")),
       raises=(FileNotFoundError,), names=("load", "file", "tensor file"))
target("TensorDataset", lambda a, b: TensorDataset(a, b), lambda: dict(a=np.zeros((4, 3)), b=np.arange(4)),
       names=("TensorDataset",))
target("DataLoader", positional(DataLoader, 1),
       lambda: dict(dataset=TensorDataset(np.zeros((5, 3)), np.arange(5)), batch_size=2, shuffle=True, seed=0,
                    drop_last=False), result=lambda loader, args: [b for b in loader],
       names=("DataLoader", "dataset", "batch_size", "shuffle", "seed", "drop_last", "batch"))
target("random_split", positional(random_split, 2),
       lambda: dict(dataset=TensorDataset(np.zeros((5, 3))), lengths=[3, 2], generator=0),
       names=("random_split", "lengths", "generator"))
target("parse_idx", lambda content: parse_idx(content), lambda: dict(content=b"\x00\x00\x08\x01\x00\x00\x00\x02ab"),
       names=("IDX", "idx", "bytes"))
target("write_idx", lambda path, array: write_idx(path, array),
       lambda: dict(path=_TMP / "a.idx", array=np.arange(6, dtype=np.uint8).reshape(2, 3)), fuzz=("array",),
       mutates=("path",), names=("IDX", "idx", "array"))
target("read_idx", lambda path: read_idx(path), lambda: dict(path=_TMP / "missing.idx"), names=("IDX", "idx", "path"))


# ----------------------------------------------------------------------------- what must name itself
# The arguments whose refusal must name the function or the argument: those checked by the code that the
# hostile-input work covers (reductions' axis/keepdims/ddof, indexing, creation, losses, normalisation,
# modules, optimizers, schedulers, checkpoints, data). An array argument that the engine converts, and the
# functions of other files, are reported by the sweep only. (regex on the target's name, arguments or None: all)
NAMED: List[Tuple[str, Optional[Tuple[str, ...]]]] = [
    (r"mg\.(sum|mean|max|min|amax|amin|prod|var|std|cumsum|cumprod)$", ("axis", "keepdims", "ddof")),
    (r"mg\.getitem$|Tensor\[index\]$", ("index",)),
    (r"mg\.(zeros|ones|empty|full|eye|identity|arange|linspace|logspace|geomspace)$", None),
    (r"mg\.(zeros|ones|empty|full)_like$", None),
    (r"F\.(mse_loss|l1_loss|smooth_l1_loss|huber_loss|binary_cross_entropy|binary_cross_entropy_with_logits|"
     r"cross_entropy|nll_loss|multi_margin_loss|margin_ranking_loss|focal_loss|softmax_focal_loss|batch_norm|"
     r"layer_norm)$", None),
    (r"nn\.(BatchNorm1d|BatchNorm2d|LayerNorm|MSELoss|L1Loss|CrossEntropyLoss|NLLLoss|BCELoss|BCEWithLogitsLoss|"
     r"HuberLoss|SmoothL1Loss)(\(\)|\.forward)$", None),
    (r"optim\.|(SGD|Adam|AdamW|RMSprop|Adagrad)\.|optim group option", None),
    (r"lr_scheduler\.|(StepLR|MultiStepLR|ExponentialLR|CosineAnnealingLR|LinearLR|OneCycleLR|ReduceLROnPlateau)\.",
     None),
    (r"Module\.|Sequential\[index\]", None),
    (r"save_checkpoint|load_checkpoint|mg\.save|mg\.load|TensorDataset|DataLoader|random_split|parse_idx|"
     r"write_idx|read_idx", None),
]


def _named(case: Target) -> Tuple[str, ...]:
    for pattern, args in NAMED:
        if re.match(pattern, case.name):
            return case.fuzz if args is None else tuple(a for a in args if a in case.fuzz)
    return ()


TARGETS[:] = [case._replace(named=_named(case)) for case in TARGETS]


_UFUNCS = r"mg\.(" + "|".join(UNARY + BINARY) + r")$"


class Known(NamedTuple):
    """A violation whose fix lies outside the files this suite's work owns (reported to their owners)."""

    target: str  # regex on the target's name
    argument: str  # regex on the hostile argument's name
    labels: str  # regex on the hostile value's label
    violation: str  # regex on the violation's text
    example: str  # a label that shows it
    reason: str


KNOWN = [
    Known(r"mg\.", r".", r"^(10\*\*30|-2\*\*63-1)$", "internal AttributeError|wrong result", "10**30",
          "engine: execute_op turns a Python int beyond int64 into an object array and lets it reach NumPy (sinc "
          "then fails with AttributeError, where(c, -1, 10**30) returns an object-dtype tensor, and "
          "power(int_tensor, 10**30) computes 2**10**30 with Python integers - for ever, beyond any alarm); "
          "mg.tensor refuses the same value with a TypeError. Not drawn for any core function."),
    Known(r"mg\.linalg\.norm$", "keepdims", r".", "accepted arguments that NumPy refuses", "'abc'",
          "ops/linalg.py: any truthy keepdims is accepted; NumPy and MyGrad 2.5 refuse a str, float or None"),
    Known(r"nn\.GRU\(\)$", "num_layers", r"^(10\*\*30|2\*\*63)$", "still running", "2**63",
          "nn/layers/recurrent.py builds the layers one by one (as PyTorch does): an absurd count runs for ever"),
    Known(r"Adam\.step group\['amsgrad'\]$", "value", r"^(True|np\.bool_)$", "internal KeyError", "True",
          "optim/adam.py: amsgrad switched on after a step finds no max_exp_avg_sq state (KeyError)"),
    Known(r"RMSprop\.step group\['(momentum|centered)'\]$", "value", r"^(1\.5|10\*\*30|2\*\*63|True|inf|np\.bool_)$",
          "internal KeyError", "True",
          "optim/rmsprop.py: momentum or centered switched on after a step finds no momentum_buffer/grad_avg "
          "state (KeyError)"),
    Known(_UFUNCS, "out", r"^(?!None$|tensor |.* array$|zeros|empty|ones|int32|bool |float16|0-d).*", "internal AttributeError",
          "'abc'", "engine (ops/ufunc_keywords.py): a ufunc's out= that is not an array or tensor reaches "
          "`.dtype` (AttributeError); NumPy and MyGrad 2.5 raise TypeError 'return arrays must be of ArrayType'"),
    Known(_UFUNCS, "dtype", r"tensor|np\.int64|np\.bool_", "accepted arguments that NumPy refuses", "int tensor",
          "engine (ops/ufunc_keywords.py): dtype= of an integer or bool type computes a float ufunc and casts the "
          "result, where NumPy (and MyGrad 2.5) refuse the same_kind cast of the input"),
    Known(r"optim\.(Adam|AdamW)\(\)$", "betas", r".", "names neither", "-0.5",
          "optim/adam.py: the constructor runs tuple(betas) before any check ('float' object is not iterable) "
          "and its range error names neither Adam nor betas ('Invalid beta parameter at index 0')"),
    Known(r"\w+\.step grad$", "grad", r"^ragged$", "names neither", "ragged",
          "engine: the Tensor.grad setter passes NumPy's ragged-array ValueError through, naming neither the "
          "tensor nor .grad"),
]


def known_gap(case: Target, hostile: Dict[str, str], violation: Optional[str] = None) -> Optional[Known]:
    """The KNOWN entry covering ``case`` with these hostile values (and this violation, if given)."""
    for gap in KNOWN:
        if re.match(gap.target, case.name) and any(
            re.match(gap.argument, name) and re.search(gap.labels, label) for name, label in hostile.items()
        ):
            if violation is None or re.search(gap.violation, violation):
                return gap
    return None


# ----------------------------------------------------------------------------- the contract
class Hang(BaseException):
    """Raised by the alarm; a BaseException, so that code that catches Exception does not swallow it."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def run_case(case: Target, hostile: Dict[str, str], named: bool = True, seconds: int = CALL_SECONDS) -> Optional[str]:
    """Call ``case`` with the arguments named in ``hostile`` replaced; return a violation or None.

    With ``named``, a refusal must name the function or the argument when every hostile argument is in
    ``case.named``; with ``named="all"``, always (the sweep's advisory report).
    """
    args = case.make()
    for name, label in hostile.items():
        args[name] = HOSTILE[label]()
    before = {name: snapshot(value) for name, value in args.items()}
    desc = f"{case.name}({', '.join(f'{n}={l}' for n, l in hostile.items())})"
    old = signal.signal(signal.SIGALRM, _alarm) if hasattr(signal, "SIGALRM") else None
    if old is not None:  # (repeating, in case a first Hang is swallowed all the same)
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if case.setup is not None:
                case.setup(**args)
                before = {name: snapshot(value) for name, value in args.items()}
            result = case.call(**args)
            if case.result is not None:
                case.result(result, args)
    except Hang:
        return f"{desc}: still running after {seconds} s"
    except AssertionError as error:
        return f"{desc}: succeeded with a wrong result: {error}"
    except BaseException as error:  # the contract for a refused call
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        kind = type(error).__name__
        message = str(error)
        if isinstance(error, INTERNAL) and not isinstance(error, case.raises):
            return f"{desc}: internal {kind}: {message}"
        if not isinstance(error, DOCUMENTED + case.raises):
            return f"{desc}: undocumented {kind}: {message}"
        changed = [n for n, v in args.items() if not same(snapshot(v), before[n])]
        if changed:
            return f"{desc}: raised {kind} but changed {changed}"
        must_name = named == "all" or (named and all(n in case.named for n in hostile))
        words = (case.name.split("(")[0].split(".")[-1].split("[")[0].strip(),) + case.names + tuple(hostile)
        if must_name and not any(w.lower() in message.lower() for w in words if w):
            return f"{desc}: {kind} names neither the function nor the argument: {message!r}"
        return None
    finally:
        if old is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    changed = [n for n, v in args.items() if n not in case.mutates and n not in hostile
               and not same(snapshot(v), before[n])]
    if changed:
        return f"{desc}: succeeded but changed its inputs {changed}"
    return None


# ----------------------------------------------------------------------------- the test
@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("case", TARGETS, ids=[c.name for c in TARGETS])
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_hostile_arguments_give_a_result_or_a_documented_error_and_change_nothing(case, data):
    labels = _drawable(case.name)  # (a known gap is not drawn: some are slow, and each is checked once below)
    names = data.draw(st.lists(st.sampled_from(sorted(labels)), min_size=1, max_size=min(2, len(labels)),
                               unique=True), label="arguments")
    hostile = {name: data.draw(st.sampled_from(labels[name]), label=name) for name in names}
    violation = run_case(case, hostile)
    assert violation is None or known_gap(case, hostile, violation), violation


@functools.lru_cache(maxsize=None)
def _drawable(name: str) -> Dict[str, List[str]]:
    """For each fuzzed argument of target ``name``, the hostile labels that are not a known gap."""
    case = next(c for c in TARGETS if c.name == name)
    labels = {arg: [label for label in HOSTILE_LABELS if not known_gap(case, {arg: label})] for arg in case.fuzz}
    return {arg: found for arg, found in labels.items() if found}


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("gap", KNOWN, ids=[f"{g.target.strip('^$')} {g.example}" for g in KNOWN])
def test_known_gaps_are_still_gaps(gap):
    """Each KNOWN entry still shows on its example; once one is fixed, this fails: remove the entry."""
    cases = [(case, arg) for case in TARGETS if re.match(gap.target, case.name)
             for arg in case.fuzz if re.match(gap.argument, arg)]
    assert cases, f"no target matches {gap.target!r}"
    violations = [run_case(case, {arg: gap.example}, seconds=1) for case, arg in cases]
    assert any(v is not None and re.search(gap.violation, v) for v in violations), (
        f"fixed? {gap.reason} - remove its KNOWN entry ({violations})")


def test_the_fuzzer_can_fail():
    """The contract check reports each kind of violation: an internal error, a change made by a call that
    raised, a wrong result, an undocumented class, a message that names nothing, and a call that hangs."""

    def refuse_after_zeroing(y: mg.Tensor, x: Any) -> None:
        y.data[...] = 0
        raise ValueError("refused")

    cases = [
        (Target("internal", lambda y, x: {}["missing"], lambda: dict(y=1, x=1), ("x",)), "internal KeyError"),
        (Target("changes", refuse_after_zeroing, lambda: dict(y=_t(2), x=1), ("x",)),
         "raised ValueError but changed ['y']"),
        (Target("wrong", lambda x: mg.tensor([1.0, 2.0, 3.0]), lambda: dict(x=_t(2)), ("x",),
                result=like_numpy(np.negative)), "wrong result"),
        (Target("undocumented", lambda x: (_ for _ in ()).throw(LookupError("x")), lambda: dict(x=1), ("x",)),
         "undocumented LookupError"),
        (Target("unnamed", lambda x: int("bad"), lambda: dict(x=1), ("x",), named=("x",)), "names neither"),
        (Target("hangs", lambda x: [0 for _ in iter(int, 1)], lambda: dict(x=1), ("x",)), "still running"),
    ]
    for case, expected in cases:
        violation = run_case(case, {"x": "0"}, seconds=1)
        assert violation is not None and expected in violation, (case.name, violation)


def sweep(selected: Optional[str] = None) -> int:
    """Every target x every argument x every hostile value; print each violation (known gaps marked, and
    messages that name neither function nor argument reported for every argument, as advice)."""
    count = violations = advice = 0
    for case in TARGETS:
        if selected and selected not in case.name:
            continue
        for name in case.fuzz:
            for label in HOSTILE_LABELS:
                count += 1
                violation = run_case(case, {name: label}, named="all")
                if violation is None:
                    continue
                gap = known_gap(case, {name: label}, violation)
                if gap is not None:
                    print(f"known: {violation}")
                elif "names neither" in violation and name not in case.named:
                    advice += 1
                    print(f"advice: {violation}")
                else:
                    violations += 1
                    print(violation)
    print(f"{violations} violations and {advice} unnamed-message advices in {count} calls over {len(TARGETS)} "
          f"targets", file=sys.stderr)
    return violations


if __name__ == "__main__":
    sys.exit(1 if sweep(sys.argv[1] if len(sys.argv) > 1 else None) else 0)
