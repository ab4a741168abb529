"""The hostile-input fuzzer's support: the catalogue of hostile values, state snapshots, and how a target is
declared (see tests/test_bad_inputs_fuzz.py, which runs them, and tests/fuzz_targets_*.py, which declare them)."""

from __future__ import annotations

import copy
import math
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

import numpy as np

import mygrad as mg
from mygrad import nn, optim
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


def _kwargs_factory(example: Dict[str, Any]) -> Callable[[], Dict[str, Any]]:
    def make() -> Dict[str, Any]:
        return {k: (mg.tensor(v.data.copy()) if isinstance(v, mg.Tensor) else copy.deepcopy(v)) for k, v in
                example.items()}

    return make


def _with_grad(x: mg.Tensor) -> mg.Tensor:
    (x * x).sum().backward()
    return x
