"""NumPy's ufunc keywords - ``out``, ``where``, ``dtype`` - for mygrad's elementwise functions.

``mg.add(x, y, out=t)``, ``mg.exp(x, where=mask)`` and ``mg.multiply(x, y,
dtype="float32")`` behave as the NumPy ufuncs do, and stay differentiable:

* ``dtype``: the inputs are cast to it first (differentiably), so the op
  computes in that dtype. A dtype that NumPy's ufunc refuses for these
  inputs (``mg.add(float_x, 1, dtype=int)``: no 'same_kind' cast;
  ``mg.exp(x, dtype=int)``: no integer loop) is refused with NumPy's error.
* ``out``: the result is written into the target. A tensor target is
  mutated through mygrad's in-place machinery (differentiable; every view
  sees it); an ndarray target receives the data.
* ``where``: only where the mask is true does the result replace the ``out``
  target's values; elsewhere the target keeps its values (and their
  gradient path). Without ``out`` the unselected elements are 0 (NumPy
  leaves them uninitialised).

The same rules serve ``np.add(x, y, out=t)`` on tensors (see
:mod:`mygrad.ops.numpy_protocol`).
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional, TypeVar

import numpy as np

from mygrad.autodiff import op_table
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.rewording import REWORDED, numpy_text, reword
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.casting import astype
from mygrad.ops.selection import where as select

__all__ = ["ufunc_keywords", "apply_ufunc_keywords", "write_out", "write_named_out"]

_F = TypeVar("_F", bound=Callable[..., Any])


def ufunc_keywords(func: _F) -> _F:
    """Give an elementwise mygrad function NumPy's ``out``, ``where`` and ``dtype`` keywords."""

    input_names = [p.name for p in inspect.signature(func).parameters.values()
                   if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]

    @functools.wraps(func)
    def wrapper(*inputs: Any, out: Any = None, where: Any = True, dtype: Any = None,
                constant: Optional[bool] = None, **named: Any) -> Any:
        if named:  # inputs given by name (MyGrad's mg.cot(a=t))
            inputs = _bind_inputs(func.__name__, input_names, inputs, named)
        if out is None and where is True and dtype is None:
            return func(*inputs, constant=constant)
        return apply_ufunc_keywords(func, inputs, out=out, where=where, dtype=dtype, constant=constant,
                                    numpy_ufunc=np.sin, name=func.__name__)

    wrapper.__signature__ = _with_ufunc_keywords(inspect.signature(func))  # type: ignore[attr-defined]
    wrapper.__doc__ = (func.__doc__ or "").rstrip() + _KEYWORDS_DOC
    return wrapper  # type: ignore[return-value]


def _bind_inputs(name: str, input_names: list, inputs: tuple, named: dict) -> tuple:
    """``inputs`` completed with the ones passed by name, in ``input_names`` order (Python's TypeErrors otherwise)."""
    unknown = set(named) - set(input_names)
    if unknown:
        raise TypeError(f"{name}() got an unexpected keyword argument {sorted(unknown)[0]!r}")
    bound = list(inputs)
    for position, input_name in enumerate(input_names):
        if input_name not in named:
            continue
        if position < len(inputs):
            raise TypeError(f"{name}() got multiple values for argument {input_name!r}")
        if position > len(bound):
            raise TypeError(f"{name}() missing required argument {input_names[len(bound)]!r}")
        bound.append(named[input_name])
    return tuple(bound)


_KEYWORDS_DOC = """

    Like the NumPy ufunc, it also takes ``out``, ``where`` and ``dtype``
    (keyword-only; see :mod:`mygrad.ops.ufunc_keywords`).
"""


def _with_ufunc_keywords(signature: inspect.Signature) -> inspect.Signature:
    """``func(x1, x2, *, constant=None)`` -> ``func(x1, x2, *, out=None, where=True, dtype=None, constant=None)``."""
    positional = [p for p in signature.parameters.values() if p.kind is not p.KEYWORD_ONLY]
    keywords = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default)
                for name, default in (("out", None), ("where", True), ("dtype", None))]
    rest = [p for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY]
    return signature.replace(parameters=positional + keywords + rest)


def apply_ufunc_keywords(func: Callable[..., Any], inputs: tuple, out: Any = None, where: Any = True,
                         dtype: Any = None, constant: Optional[bool] = None, *,
                         numpy_ufunc: Optional[np.ufunc] = None, name: str = "") -> Any:
    """Run ``func(*inputs)`` with NumPy's ufunc keywords applied (see the module docstring).

    ``numpy_ufunc`` is the NumPy ufunc whose loops decide which ``dtype`` is
    allowed (``name``: the function named in the error).
    """
    name = name or (numpy_ufunc.__name__ if numpy_ufunc is not None else getattr(func, "__name__", "ufunc"))
    target = None if out is None else _out_target(out, name)
    if dtype is not None:
        try:
            np.dtype(dtype)
        except REWORDED as error:  # (NumPy's text, "entry not a 2- or 3- tuple", names no argument)
            raise reword(error, f"{name}(..., dtype={dtype!r:.60}): not a data type: {error}") from error
        if numpy_ufunc is not None:
            _check_dtype(numpy_ufunc, name, inputs, dtype)
        inputs = tuple(_cast(x, dtype) for x in inputs)
    where = where.data if isinstance(where, Tensor) else where
    if where is not True:
        try:
            where = np.asarray(where, dtype=bool)
        except REWORDED as error:
            raise reword(error, f"{name}(..., where={where!r:.60}): where= must be a boolean mask (array-like) "
                                f"that broadcasts against the result: {error}") from error
    result = func(*inputs, constant=constant)
    if where is not True:
        result = _select(where, result, target)
    return result if target is None else write_named_out(result, target, name)


def write_named_out(result: Any, out: Any, name: str) -> Any:
    """:func:`write_out` for the function ``name``'s ``out=`` (a tensor, an array, or a 1-tuple of one):
    a target NumPy would refuse, or one the result does not fit, raises an error naming ``name`` and ``out``.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> target = np.zeros(2)
    >>> write_named_out(mg.tensor([1.0, 2.0]), (target,), "myfunc").data is target
    True
    """
    target = _out_target(out, name)
    try:
        return write_out(result, target)
    except REWORDED as error:  # (NumPy's text names neither the function nor out=)
        renamed = reword(error, f"{name}(..., out=<{type(target).__name__} of shape {target.shape}, dtype "
                                f"{target.dtype}>): cannot write the result of shape {result.shape}, dtype "
                                f"{result.dtype} into it: {numpy_text(error)}")
        if renamed is error or type(renamed) is not type(error):  # (keep NumPy's UFuncTypeError as it is)
            raise
        raise renamed from error


def _out_target(out: Any, name: str) -> Any:
    """The one array or tensor in ``out`` (``out=t`` or ``out=(t,)``); refused as NumPy refuses it, before any work."""
    if isinstance(out, tuple):
        if len(out) != 1:  # NumPy's ValueError
            raise ValueError(f"{name}: the 'out' tuple must have exactly one entry (one per output); got {len(out)}")
        (out,) = out
    if not isinstance(out, (Tensor, np.ndarray)):  # NumPy's (and MyGrad's) TypeError
        raise TypeError(f"return arrays must be of ArrayType: {name}'s out= must be a tensor or an array, "
                        f"got {type(out).__name__}")
    return out


def _check_dtype(numpy_ufunc: np.ufunc, name: str, inputs: tuple, dtype: Any) -> None:
    """Refuse ``dtype`` as ``numpy_ufunc`` does for these inputs: it runs on empty stand-ins of their dtypes."""
    try:
        stand_ins = tuple(_stand_in(x) for x in inputs)
    except Exception:  # (inputs NumPy cannot read: the op itself reports them)
        return
    try:
        numpy_ufunc(*stand_ins, dtype=dtype)
    except TypeError as e:
        if type(e) is not TypeError:  # NumPy's UFuncTypeError already names the ufunc and both dtypes
            raise
        got = ", ".join(str(np.result_type(x)) for x in stand_ins)
        why = e if name == numpy_ufunc.__name__ else f"like np.{numpy_ufunc.__name__}, {name} has no loop for it"
        raise TypeError(f"{name}(..., dtype={dtype!r}) refused for inputs of dtype {got}: {why}") from e


def _stand_in(x: Any) -> Any:
    """An empty array of ``x``'s dtype; a Python scalar stays itself (NumPy 2 lets it adapt, a 'weak' scalar)."""
    if isinstance(x, (bool, int, float, complex)):
        return x
    return np.empty(0, dtype=x.dtype if isinstance(x, (Tensor, np.ndarray)) else np.asarray(x).dtype)


def _cast(x: Any, dtype: Any) -> Any:
    """``x`` in ``dtype``; a tensor is cast differentiably (``Tensor.astype`` would cut the graph, as in MyGrad)."""
    if isinstance(x, Tensor):
        return x if x.dtype == np.dtype(dtype) else astype(x, dtype)
    return np.asarray(x, dtype=dtype)


def _select(where: np.ndarray, result: Any, target: Any) -> Any:
    """``result`` where the boolean mask ``where`` is true, else the ``out`` target's values (0 without a target)."""
    if target is None:
        return select(where, result, np.zeros((), dtype=result.dtype))
    if isinstance(target, Tensor):
        return select(where, result, target)
    return select(where, result, np.array(target))  # a copy: the where-op must not lock the array it then fills


def write_out(result: Any, target: Any) -> Any:
    """Write ``result`` into the ``out=`` target.

    A tensor target is mutated (a differentiable in-place write) and
    returned. An ndarray target receives the values and becomes the data of
    the returned tensor, which stays in the graph (as in MyGrad), so the
    array is read-only while that graph needs it.
    """
    if isinstance(target, Tensor):
        target[...] = result  # differentiable in-place write (mygrad.autodiff.memory.inplace)
        return target
    return execute_op(IntoArray, result, op_args=(target,))


class IntoArray(Operation):
    """``out=array``: copy the result into the array (NumPy's 'same_kind' casting) and return that array."""

    def __call__(self, x: Any, target: np.ndarray) -> np.ndarray:
        self.variables = (x,)
        if target.dtype == bool:
            np.copyto(target, x.data, casting="same_kind")
        else:  # raises NumPy's own UFuncTypeError for a forbidden cast, as the ufunc would
            np.positive(x.data, out=target, casting="same_kind")
        return target

    def backward_var(self, grad: np.ndarray, index: int, **kwargs: Any) -> np.ndarray:
        return grad  # the identity; the base class casts the gradient back to x's dtype


op_table.fill(write_out=write_out)
