"""The op contract: what every differentiable operation in mygrad is.

An :class:`Operation` does two things:

* ``__call__(*tensors)`` - the forward pass. It binds its input tensors to
  ``self.variables`` and returns the result as a NumPy array.
* ``backward_var(grad, index)`` - given ``grad = dL/df`` (shaped like the
  forward result), returns ``dL/dx_index`` for input ``index``.

:meth:`Operation.backward` turns those into the gradients of all inputs and
is the one method the backward walk calls. Everything shared by all ops
lives once, there: skipping constant inputs, checking what ``backward_var``
returned, un-broadcasting each gradient back to its input's shape and dtype.
:func:`execute_op` runs an op and records it in the graph; every public
function (``mygrad.add``, ``mygrad.sum``, ...) calls it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, Iterator, Optional, Tuple

import numpy as np

from mygrad.autodiff import anomaly, graph, modes, op_table
from mygrad.autodiff.gradients import fit_gradient
from mygrad.autodiff.memory import buffers, guard
from mygrad.autodiff.rewording import REWORDED, name_op
from mygrad.autodiff.tensor import Tensor
from mygrad.errors import SkipGradient

__all__ = ["Operation", "execute_op"]

_SCALAR_TYPES = (int, float, complex, bool)
_TENSOR_OR_SCALAR = (Tensor,) + _SCALAR_TYPES
_wrap_tensor = Tensor._wrap


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
    fresh_result : bool
        True for ops whose ``__call__`` always returns an array it has just
        made (a NumPy ufunc's result), never one that exists elsewhere:
        memory guarding then locks it without first checking its flags. A
        subclass that defines its own ``__call__`` must say so again.

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
    fresh_result = False
    _reads_constant_graph = False  # set by graph.record: a constant input made by an op (its graph is cleared too)
    variables: Tuple["Tensor", ...] = ()
    _guarded: Optional[guard.Holds] = None  # what this op keeps read-only (see mygrad.autodiff.memory.guard)

    # Both are abstract, as in MyGrad: a subclass missing one cannot be instantiated (TypeError).
    @abstractmethod
    def __call__(self, *input_vars: "Tensor", **kwargs: Any) -> np.ndarray:
        """Forward pass: bind ``self.variables`` and return an ndarray."""

    @abstractmethod
    def backward_var(self, grad: np.ndarray, index: int, **kwargs: Any) -> np.ndarray:
        """Return ``dL/d(variables[index])`` given ``grad = dL/df``."""

    def backward(self, grad: np.ndarray) -> Iterator[Tuple["Tensor", np.ndarray]]:
        """Yield ``(x, dL/dx)`` for every non-constant input ``x``, given ``grad = dL/df``.

        This is what the backward walk calls for each op. It asks
        :meth:`backward_var` for each input's gradient and checks what comes
        back: it must be an array or a real number (else
        :class:`~mygrad.errors.InvalidGradient`); it is then summed back to
        the input's shape (undoing broadcasting) and cast to its dtype.
        Gradients are computed lazily, one per step of the iteration.

        Override it to prepare something once per backward pass, then
        ``return super().backward(grad)``. As in MyGrad, an override may also
        just call ``super().backward(grad)`` and return nothing: the walk
        then takes the gradients from this default.
        """
        index = -1
        for var in self.variables:
            index += 1
            if var._constant:
                continue
            try:
                var_grad = self.backward_var(grad, index)
            except SkipGradient:  # (MyGrad's signal: no gradient for ``var`` from this op)
                continue
            data = var.data
            if type(var_grad) is not np.ndarray or var_grad.shape != data.shape or var_grad.dtype is not data.dtype:
                var_grad = fit_gradient(var_grad, data, self)
            yield var, var_grad

    _default_backward = backward  # what the walk falls back on when an override returns None (MyGrad's style)
    # False while ``backward`` is this one: the walk then runs it inlined (see mygrad.autodiff.backprop)
    _overrides_backward = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._overrides_backward = cls.backward is not Operation._default_backward
        if "__call__" in cls.__dict__ and "fresh_result" not in cls.__dict__:
            cls.fresh_result = False  # a new forward pass: no promise inherited

    # Scratch memory for backward_var (recycled during backward(); see mygrad.autodiff.memory.buffers):
    # ``cos_x = self.temporary(np.cos, x)`` then ``np.multiply(grad, cos_x, out=cos_x)`` needs one new
    # array instead of two; ``self.product(grad, factor)`` is ``grad * factor``. (Plain functions, bound
    # here without a wrapper: they run once per op in every backward pass.)
    temporary = staticmethod(buffers.temporary)
    product = staticmethod(buffers.product)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _scalar_dtype(scalar: Any, arrays: list, op_type: type) -> np.dtype:
    """The dtype a Python scalar takes next to ``arrays`` (NumPy 2's weak scalars)."""
    try:
        dtype = np.asarray(scalar).dtype if not arrays else np.result_type(*arrays, scalar)
    except OverflowError:  # (NumPy's own says only "Python int too large to convert to C long")
        dtype = np.dtype(object)
    if dtype == object:  # a Python int beyond int64/uint64: NumPy refuses it too
        raise OverflowError(f"{op_type.__name__}: Python int too large to convert to an integer array: {scalar!r:.40}")
    return dtype


def _as_input_tensors(inputs: tuple, op_type: type) -> tuple:
    """Turn an op's inputs into tensors; array-likes become constants.

    Python scalars take the dtype NumPy 2 would give them next to the other
    inputs (``float32_tensor * 2.0`` stays float32). The arrays made for them
    are read-only: nothing may change them, so memory guarding can skip them.
    """
    if len(inputs) == 2:  # the common ``tensor * 0.5`` / ``2 - tensor``
        a, b = inputs
        if type(b) in (int, float) and isinstance(a, Tensor) and a.data.dtype.kind in "fc":
            return a, _scalar_constant(b, a.data.dtype, op_type)
        if type(a) in (int, float) and isinstance(b, Tensor) and b.data.dtype.kind in "fc":
            return _scalar_constant(a, b.data.dtype, op_type), b
    if not any(isinstance(x, _SCALAR_TYPES) for x in inputs):  # tensors and arrays (a batch given to a layer)
        return tuple(x if isinstance(x, Tensor) else Tensor._wrap(_as_data_array(x, op_type), None, True)
                     for x in inputs)
    converted = [x if isinstance(x, _TENSOR_OR_SCALAR) else _as_data_array(x, op_type) for x in inputs]
    arrays = [x.data if isinstance(x, Tensor) else x for x in converted if not isinstance(x, _SCALAR_TYPES)]
    tensors = []
    for x in converted:
        if isinstance(x, Tensor):
            tensors.append(x)
        elif isinstance(x, _SCALAR_TYPES):
            tensors.append(_scalar_constant(x, _scalar_dtype(x, arrays, op_type), op_type))
        else:
            tensors.append(Tensor._wrap(x, None, True))
    return tuple(tensors)


def _scalar_constant(x: Any, dtype: np.dtype, op_type: type) -> "Tensor":
    """A constant tensor holding a Python scalar; its array is read-only, so memory guarding skips it."""
    key = (type(x), x, dtype)
    scalar = _scalar_arrays.get(key)
    if scalar is None:
        try:
            scalar = np.array(x, dtype=dtype)
        except OverflowError as e:  # (int64_tensor + 10**30, float_tensor * 10**400)
            raise OverflowError(f"{op_type.__name__}: {e}: {x!r:.40}") from None
        scalar.setflags(False)
        if type(x) in (int, float) and 0 < abs(x) < 65504 and len(_scalar_arrays) < 1024:
            _scalar_arrays[key] = scalar
    out = Tensor._wrap(scalar, None, True)
    out._holds, out._locked = 1, ()  # (read-only by nature: memory guarding has nothing to lock, ever)
    return out


# ``tensor * 0.5`` in a loop makes the same read-only 0-d array each time: it is made once and shared
# (NumPy refuses writes to it). Only numbers that every float dtype holds are kept: not 0.0, which
# equals -0.0 as a key, and not numbers whose cast to float16/float32 overflows (it warns each time).
_scalar_arrays: Dict[tuple, np.ndarray] = {}


def _as_data_array(x: Any, op_type: type) -> np.ndarray:
    """Convert an input of the op ``op_type`` that is not a Tensor into an ndarray, or explain why not."""
    try:
        arr = np.asarray(x)
    except Exception as e:  # ragged lists and the like
        raise TypeError(f"mygrad cannot use an input of type {type(x).__name__} (given to the "
                        f"{op_type.__name__} op): {e}") from None
    if arr.dtype.kind not in "biufc":
        raise TypeError(
            f"mygrad cannot use an input of type {type(x).__name__} (given to the {op_type.__name__} op): it "
            f"converts to an array of dtype {arr.dtype}, not numbers"
        )
    return arr


def execute_op(
    op_type: type,
    *inputs: Any,
    op_args: tuple = (),
    op_kwargs: Optional[dict] = None,
    constant: Optional[bool] = None,
    out: Any = None,
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
    out : Optional[Union[Tensor, np.ndarray]]
        Receives the result, as a ufunc's ``out=`` does (MyGrad's
        ``execute_op`` takes it too): a tensor is written in place
        (differentiably) and returned; an array gets the values.

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
    >>> target = mg.zeros(2)
    >>> mg.execute_op(Multiply, mg.tensor([1.0, 2.0]), 3.0, out=target) is target
    True
    >>> target
    Tensor([3., 6.], dtype=float32)
    """
    if out is not None:
        return op_table.write_out(execute_op(op_type, *inputs, op_args=op_args, op_kwargs=op_kwargs,
                                             constant=constant), out)
    if constant is not None and type(constant) is not bool:  # (MyGrad's TypeError, before any work)
        raise TypeError(f"{op_type.__name__}: `constant` must be True, False or None; got {constant!r:.60}")
    first_is_tensor = True
    for x in inputs:
        if not isinstance(x, Tensor):
            first_is_tensor = isinstance(inputs[0], Tensor)
            inputs = _as_input_tensors(inputs, op_type)
            break
    op = op_type()
    try:  # (free unless it raises: then the error names the op and its inputs)
        if op_kwargs:
            data = op(*inputs, *op_args, **op_kwargs)
        else:
            data = op(*inputs, *op_args) if op_args else op(*inputs)
    except REWORDED as error:
        renamed = name_op(error, op_type, inputs)
        if renamed is error:
            raise
        raise renamed.with_traceback(error.__traceback__) from None
    if type(data) is not np.ndarray:
        data = np.asarray(data)

    if constant is None:
        constant = True
        if data.dtype.kind in "fc":
            if modes.no_autodiff_active:  # no graph: as in MyGrad, the dtype alone decides
                constant = False
            else:
                for t in inputs:
                    if not t._constant:
                        constant = False
                        break
    elif not constant and data.dtype.kind not in "fc":
        raise ValueError(f"{op_type.__name__} produced {data.dtype} data, which cannot be a non-constant tensor "
                         "(only float tensors have gradients; MyGrad's ValueError)")

    if anomaly.active:  # mg.detect_anomaly(): check the result, remember where the op was made
        anomaly.check_forward(op, inputs, data)
    if modes.no_autodiff_active:  # no graph, so no creator, no view bookkeeping, no locks
        return _wrap_tensor(data, None, constant)
    # As in MyGrad, ops on constants are recorded too (``constant_tensor.T.creator`` is an op):
    # ``backward()`` on a constant result only clears that graph.
    out = _wrap_tensor(data, op, constant)
    # (a view of an array-like that was not a tensor has no base, as in MyGrad)
    view_step = (op_type, op_args, op_kwargs) if op.can_return_view and first_is_tensor else None
    graph.record(op, inputs, out, view_step)
    return out


op_table.fill(execute_op=execute_op)
