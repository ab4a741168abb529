"""Joining tensors: concatenate and stack.

The gradient of a joined tensor is cut back into the pieces that were
joined: each input receives its own slice of ``grad``.
"""

from __future__ import annotations

import operator
from typing import Any, Optional, Sequence

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from mygrad._arg_errors import brief, reword, shape_of
from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

__all__ = ["concatenate", "stack"]


class Concatenate(Operation):
    def __call__(self, *arrays, axis=0, dtype=None):
        self.variables = arrays
        self.axis = axis
        out = np.concatenate([a.data for a in arrays], axis=axis, dtype=dtype)
        if axis is not None:
            self.axis = normalize_axis_index(axis, out.ndim)
        return out

    def backward_var(self, grad, index, **kwargs):
        # d(concat)/dx_k is the identity on x_k's own slice of the result
        if self.axis is None:
            sizes = [a.data.size for a in self.variables]
            axis = 0
        else:
            sizes = [a.data.shape[self.axis] for a in self.variables]
            axis = self.axis
        start = int(np.sum(sizes[:index]))
        piece = np.take(grad, np.arange(start, start + sizes[index]), axis=axis)
        return piece.reshape(self.variables[index].data.shape)


class Stack(Operation):
    def __call__(self, *arrays, axis=0, dtype=None):
        self.variables = arrays
        out = np.stack([a.data for a in arrays], axis=axis, dtype=dtype)
        self.axis = normalize_axis_index(axis, out.ndim)
        return out

    def backward_var(self, grad, index, **kwargs):
        # x_k is the k-th slice of the result along the new axis
        return np.take(grad, index, axis=self.axis)


@implements_numpy_override(np.concatenate)
def concatenate(
    arrays: Sequence[Any], axis: Optional[int] = 0, dtype: Any = None, *, constant: Optional[bool] = None
) -> Tensor:
    """Join a sequence of tensors along an existing axis (flattening them all first when ``axis`` is None).

    Parameters
    ----------
    arrays : sequence of ArrayLike
        Shapes must match except along ``axis``.
    axis : Optional[int]
        The axis to join along (negative counts from the end); None joins the flattened inputs.
    dtype : Optional[DTypeLike]
        The result's dtype, as in ``np.concatenate``.
    constant : Optional[bool]
        If True, the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor([[1.0, 2.0]]), mg.tensor([[3.0, 4.0], [5.0, 6.0]])
    >>> out = mg.concatenate([a, b], axis=0)
    >>> out.shape
    (3, 2)
    >>> (out * out).sum().backward()
    >>> a.grad
    array([[2., 4.]])
    """
    return _join(Concatenate, "concatenate", arrays, axis, dtype, constant)


@implements_numpy_override(np.stack)
def stack(arrays: Sequence[Any], axis: int = 0, dtype: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """Join a sequence of same-shaped tensors along a new axis.

    Parameters
    ----------
    arrays : sequence of ArrayLike
        All of the same shape.
    axis : int
        The position of the new axis in the result (negative counts from the end).
    dtype : Optional[DTypeLike]
        The result's dtype, as in ``np.stack``.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.stack([mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])], axis=-1)
    Tensor([[1., 3.],
            [2., 4.]])
    """
    return _join(Stack, "stack", arrays, axis, dtype, constant)


def _join(op_type: type, name: str, arrays: Any, axis: Any, dtype: Any, constant: Optional[bool]) -> Tensor:
    """Run a join op over the sequence ``arrays`` (a tensor or array is split along its first axis, as NumPy does)."""
    try:
        if isinstance(arrays, (Tensor, np.ndarray)):
            arrays = list(arrays)
        if len(arrays) == 0:
            raise ValueError(f"need at least one array to {name}")
        return execute_op(op_type, *arrays, op_kwargs=dict(axis=axis, dtype=dtype), constant=constant)
    except (TypeError, ValueError, IndexError, OverflowError) as error:  # (AxisError is a ValueError and IndexError)
        renamed = _join_error(name, arrays, axis, error)
        if renamed is error:
            raise
        raise renamed from error


def _join_error(name: str, arrays: Any, axis: Any, error: BaseException) -> BaseException:
    """The error of a failed join naming ``name``, the argument at fault and every input's shape (NumPy's class)."""
    if name in str(error) and not isinstance(error, np.exceptions.AxisError):  # (named already: "need at least one")
        return error
    zero_d = isinstance(arrays, (Tensor, np.ndarray)) and arrays.ndim == 0
    if zero_d or not hasattr(arrays, "__len__"):
        return reword(error, f"{name}: arrays must be a sequence (list or tuple) of arrays; got {brief(arrays)} "
                             f"({error})")
    shapes = ", ".join(str(shape_of(a)) for a in arrays) if isinstance(arrays, (list, tuple)) else "?"
    if isinstance(error, np.exceptions.AxisError):
        return reword(error, f"{name}: axis={axis!r} is out of bounds for the result of joining arrays of shapes "
                             f"[{shapes}] ({error})")
    if isinstance(error, (TypeError, OverflowError)) and not _is_axis(axis, allow_none=name == "concatenate"):
        expected = "an int or None" if name == "concatenate" else "an int"
        return reword(error, f"{name}: axis must be {expected}; got axis={brief(axis)} ({error})")
    if isinstance(error, ValueError) and ("shape" in str(error) or "dimension" in str(error)):
        rule = "all of the same shape" if name == "stack" else "the same shape except along the axis"
        return reword(error, f"{name}(axis={axis!r}): the arrays must have {rule}; got shapes [{shapes}] ({error})")
    return reword(error, f"{name}(axis={brief(axis)}, arrays of shapes [{shapes}]): {error}")


def _is_axis(axis: Any, allow_none: bool) -> bool:
    """Whether NumPy can read ``axis`` as an axis (an integer that fits a C long, or None where allowed)."""
    if axis is None:
        return allow_none
    try:
        return -2**63 <= operator.index(axis) < 2**63
    except TypeError:
        return False

