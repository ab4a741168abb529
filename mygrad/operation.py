"""The op contract: what every differentiable operation in mygrad is.

An :class:`Operation` does two things:

* ``__call__(*tensors)`` - the forward pass. It binds its input tensors to
  ``self.variables`` and returns the result as a NumPy array.
* ``backward_var(grad, index)`` - given ``grad = dL/df`` (shaped like the
  forward result), returns ``dL/dx_index`` for input ``index``.

Everything shared by all ops lives once, here: skipping constant inputs and
un-broadcasting each gradient back to its input's shape.
:func:`execute_op` wires an op into the graph and is what every public
function (``mygrad.add``, ``mygrad.sum``, ...) calls.
"""

from __future__ import annotations

import itertools
import weakref
from abc import ABC, abstractmethod
from numbers import Real
from typing import Any, Iterator, Optional, Sequence, Tuple

import numpy as np

from mygrad import _mode, anomaly as _anomaly, memory_guard
from mygrad.errors import InvalidGradient

__all__ = ["Operation", "execute_op", "unbroadcast", "fit_gradient", "link_inputs"]

_SCALAR_TYPES = (int, float, complex, bool)
_op_numbers = itertools.count(0, -1)  # recording order of ops in graphs (see link_inputs)


class Operation(ABC):
    """Base class for every differentiable operation.

    Subclass it, implement ``__call__`` (forward) and ``backward_var``
    (one gradient per input), and run it with :func:`mygrad.execute_op`.
    Broadcasting needs no special care: gradients are summed back to each
    input's shape automatically.

    Attributes
    ----------
    variables : tuple of Tensor
        The op's input tensors; ``__call__`` must bind them.
    can_return_view : bool
        True for ops whose forward result may be a view of their (single)
        input's memory, e.g. reshape or basic indexing.
    read_only_result : bool
        True for ops whose result is a read-only view that NumPy refuses to
        write through (sliding windows): in-place writes into it are refused.

    Examples
    --------
    >>> import mygrad as mg
    >>> class Cube(mg.Operation):
    ...     def __call__(self, x):
    ...         self.variables = (x,)
    ...         return x.data ** 3
    ...     def backward_var(self, grad, index, **kwargs):
    ...         x, = self.variables
    ...         return grad * 3 * x.data ** 2      # dL/dx = dL/df * 3x^2
    >>> x = mg.tensor(2.0)
    >>> mg.execute_op(Cube, x).backward()
    >>> x.grad
    array(12.)
    """

    can_return_view = False
    read_only_result = False
    _custom_backward = False  # True where a subclass overrides backward (see __init_subclass__)
    variables: Tuple["Tensor", ...] = ()
    _guarded: Sequence["Tensor"] = ()  # inputs this op keeps read-only (see mygrad.memory_guard)

    # Both are abstract, as in MyGrad: a subclass missing one cannot be instantiated (TypeError).
    @abstractmethod
    def __call__(self, *input_vars: "Tensor", **kwargs: Any) -> np.ndarray:
        """Forward pass: bind ``self.variables`` and return an ndarray."""

    @abstractmethod
    def backward_var(self, grad: np.ndarray, index: int, **kwargs: Any) -> np.ndarray:
        """Return ``dL/d(variables[index])`` given ``grad = dL/df``."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # MyGrad's ops may override backward(grad) to prepare something once per backward pass and then
        # call super().backward(grad): the walk honours that by calling it before the op's backward_var
        # calls (the base method itself is a lazy generator, so super()'s call computes nothing twice).
        super().__init_subclass__(**kwargs)
        cls._custom_backward = cls.backward is not Operation.backward

    def backward(self, grad: np.ndarray) -> Iterator[Tuple["Tensor", np.ndarray]]:
        """Yield ``(tensor, dL/dtensor)`` for every non-constant input.

        Each gradient is reduced to its input's shape (undoing broadcasting)
        and cast to its input's dtype. (The backward walk in
        :mod:`mygrad.backprop` does the same, inlined.)
        """
        for index, var in enumerate(self.variables):
            if not var._constant:
                yield var, fit_gradient(self.backward_var(grad, index), var.data, self)

    def release(self, output: Optional["Tensor"] = None) -> None:
        """Detach the op from its inputs and unlock the arrays it kept read-only.

        ``output`` is the tensor the op produced (None if it is gone).
        """
        self.variables = ()
        if self._guarded:
            memory_guard.release_op(self, output)

    def __del__(self) -> None:
        if self._guarded:  # a graph dropped without backward(): give its arrays back
            try:
                memory_guard.release_op(self, None)
            except Exception:  # pragma: no cover - interpreter shutdown
                pass

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def unbroadcast(grad: np.ndarray, shape: Tuple[int, ...], op: Optional[Operation] = None) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched.

    If ``x`` of shape ``shape`` was broadcast to ``grad.shape`` in the
    forward pass, each element of ``x`` was used once per copy, so
    ``dL/dx`` is the sum of ``grad`` over the copies.

    Examples
    --------
    >>> unbroadcast(np.ones((4, 2, 3)), (2, 1)).tolist()
    [[12.0], [12.0]]
    """
    extra = grad.ndim - len(shape)
    if extra < 0:
        name = type(op).__name__ if op is not None else "an operation"
        raise ValueError(
            f"{name} produced a gradient of shape {grad.shape} for an input of shape {shape}; "
            "a gradient cannot have fewer dimensions than its input"
        )
    stretched = tuple(extra + i for i, n in enumerate(shape) if n == 1 and grad.shape[extra + i] != 1)
    if extra or stretched:
        grad = np.asarray(grad.sum(axis=tuple(range(extra)) + stretched))
        if stretched:
            grad = grad.reshape(shape)
    if grad.shape != tuple(shape):
        name = type(op).__name__ if op is not None else "an operation"
        raise ValueError(f"{name} produced a gradient of shape {grad.shape} for an input of shape {tuple(shape)}")
    return grad


def fit_gradient(grad: Any, data: np.ndarray, op: Optional[Operation] = None) -> np.ndarray:
    """``grad`` as an ndarray of ``data``'s shape (un-broadcast) and dtype.

    ``grad`` must be an ndarray or a real number (as MyGrad requires of
    ``backward_var``); anything else is an :class:`~mygrad.errors.InvalidGradient` (as in MyGrad).
    """
    if type(grad) is not np.ndarray:
        if not isinstance(grad, (np.ndarray, np.number, Real)):
            name = type(op).__name__ if op is not None else "an operation"
            raise InvalidGradient(
                f"{name}.backward_var returned a gradient of type {type(grad).__name__}; "
                "a gradient must be a NumPy array or a real number"
            )
        grad = np.asarray(grad)
    if grad.shape != data.shape:
        grad = unbroadcast(grad, data.shape, op=op)
    if grad.dtype != data.dtype:
        grad = grad.astype(data.dtype, copy=False)
    return grad


def _scalar_dtype(scalar: Any, arrays: list) -> np.dtype:
    """The dtype a Python scalar takes next to ``arrays`` (NumPy 2's weak scalars)."""
    if not arrays:
        return np.asarray(scalar).dtype
    return np.result_type(*arrays, scalar)


def _as_input_tensors(inputs: tuple) -> tuple:
    """Turn an op's inputs into tensors; array-likes become constants.

    Python scalars take the dtype NumPy 2 would give them next to the other
    inputs (``float32_tensor * 2.0`` stays float32). The arrays made for them
    are read-only: nothing may change them, so memory guarding can skip them.
    """
    if len(inputs) == 2:  # the common ``tensor * 0.5`` / ``2 - tensor``
        a, b = inputs
        if type(b) in (int, float) and isinstance(a, Tensor) and a.data.dtype.kind in "fc":
            return a, _scalar_constant(b, a.data.dtype)
        if type(a) in (int, float) and isinstance(b, Tensor) and b.data.dtype.kind in "fc":
            return _scalar_constant(a, b.data.dtype), b
    converted = [x if isinstance(x, _TENSOR_OR_SCALAR) else _as_data_array(x) for x in inputs]
    arrays = [x.data if isinstance(x, Tensor) else x for x in converted if not isinstance(x, _SCALAR_TYPES)]
    tensors = []
    for x in converted:
        if isinstance(x, Tensor):
            tensors.append(x)
        elif isinstance(x, _SCALAR_TYPES):
            tensors.append(_scalar_constant(x, _scalar_dtype(x, arrays)))
        else:
            tensors.append(Tensor._wrap(x, None, True))
    return tuple(tensors)


def _scalar_constant(x: Any, dtype: np.dtype) -> "Tensor":
    """A constant tensor holding a Python scalar; its array is read-only, so memory guarding skips it."""
    scalar = np.array(x, dtype=dtype)
    scalar.setflags(False)
    return Tensor._wrap(scalar, None, True)


def _as_data_array(x: Any) -> np.ndarray:
    """Convert an op input that is not a Tensor into an ndarray, or explain why not."""
    try:
        arr = np.asarray(x)
    except Exception as e:  # ragged lists and the like
        raise TypeError(f"mygrad cannot use an input of type {type(x).__name__}: {e}") from None
    if arr.dtype.kind not in "biufc":
        raise TypeError(
            f"mygrad cannot use an input of type {type(x).__name__}: it converts to an array of dtype "
            f"{arr.dtype}, not numbers"
        )
    return arr


def execute_op(
    op_type: type,
    *inputs: Any,
    op_args: tuple = (),
    op_kwargs: Optional[dict] = None,
    constant: Optional[bool] = None,
) -> "Tensor":
    """Run the operation ``op_type`` on ``inputs`` and record it in the graph.

    Parameters
    ----------
    op_type : type[Operation]
        The operation class; a fresh instance is made for this call.
    *inputs : ArrayLike
        The op's tensor inputs. Array-likes are treated as constants.
    op_args, op_kwargs
        Extra non-tensor arguments passed on to the op's ``__call__``.
    constant : Optional[bool]
        Force the result to be a constant (no gradient flows through it).
        By default it is constant only if every input is, or if the result
        is not a floating-point array. (Under ``no_autodiff`` only the
        dtype decides, as in MyGrad: a float result is not a constant.)

    Returns
    -------
    Tensor
        The forward result; its ``creator`` is the op instance.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.ops.arithmetic import Multiply
    >>> mg.execute_op(Multiply, mg.tensor(2.0), 3.0)
    Tensor(6.)
    """
    first_is_tensor = True
    for x in inputs:
        if not isinstance(x, Tensor):
            first_is_tensor = isinstance(inputs[0], Tensor)
            inputs = _as_input_tensors(inputs)
            break
    op = op_type()
    if op_kwargs:
        data = op(*inputs, *op_args, **op_kwargs)
    else:
        data = op(*inputs, *op_args) if op_args else op(*inputs)
    if type(data) is not np.ndarray:
        data = np.asarray(data)

    if constant is None:
        constant = True
        if data.dtype.kind in "fc":
            if _mode.no_autodiff_active:  # no graph: as in MyGrad, the dtype alone decides
                constant = False
            else:
                for t in inputs:
                    if not t._constant:
                        constant = False
                        break
    elif not constant and data.dtype.kind not in "fc":
        raise TypeError(f"{op_type.__name__} produced {data.dtype} data, which cannot be a non-constant tensor")

    if _anomaly.active:  # mg.detect_anomaly(): check the result, remember where the op was made
        _anomaly.check_forward(op, inputs, data)
    if _mode.no_autodiff_active:  # no graph, so no creator, no view bookkeeping, no locks
        return _wrap_tensor(data, None, constant)
    # As in MyGrad, ops on constants are recorded too (``constant_tensor.T.creator`` is an op):
    # ``backward()`` on a constant result only clears that graph.
    out = _wrap_tensor(data, op, constant)
    if op.can_return_view:  # making a view leaves the parent's gradient alone
        link_inputs(op, inputs, clear_grads=False)
        # (a view of an array-like that was not a tensor has no base, as in MyGrad)
        if not (first_is_tensor and out._set_base_from(inputs[0], op_type, op_args, op_kwargs)):
            for t in inputs:
                t._grad = None
    else:
        link_inputs(op, inputs)
    if memory_guard.guard_active:
        memory_guard.guard_op(op, inputs, out)
    return out


def link_inputs(op: Operation, inputs: Sequence["Tensor"], clear_grads: bool = True) -> None:
    """Record ``op`` on each of its input tensors as a reader, and clear their stale gradients.

    Each tensor keeps weak references to the ops that read it: an in-place
    write uses them to re-point those ops at the old values (see
    :mod:`mygrad.inplace`). A tensor taking part in an op is no longer
    ``_cleared`` (see :mod:`mygrad.backprop`). Clearing ``.grad`` is MyGrad 2's rule: a tensor
    taking part in a new op (other than taking a view of it) loses the
    gradient of its last backward. A view whose graph was cleared is
    disconnected from its base as it enters the op (MyGrad's rule too): its
    gradient from now on is its own.
    It also numbers the op: numbers count down, so an op's number is below
    those of the ops that made its inputs (the backward walk relies on it).
    """
    op._seq = next(_op_numbers)
    ref = weakref.ref(op)
    for t in inputs:
        if t._base is not None and t._creator is None:
            t._base = t._view_chain = None
        if clear_grads:
            t._grad = None
        t._cleared = False
        ops = t._ops
        if ops is None:
            t._ops = [ref]
            continue
        ops.append(ref)
        n = len(ops)
        if n >= 32 and not n & (n - 1):  # at powers of two, forget finished ops
            ops[:] = [r for r in ops if _is_live(r())]


def _is_live(op: Optional[Operation]) -> bool:
    return op is not None and bool(op.variables)


# Imported last: mygrad.tensor itself imports the op families, which import this module.
from mygrad.tensor import Tensor  # noqa: E402

_TENSOR_OR_SCALAR = (Tensor,) + _SCALAR_TYPES
_wrap_tensor = Tensor._wrap
