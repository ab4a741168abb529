"""Reordering axes: transpose, moveaxis, swapaxes, roll.

Each op only permutes or cyclically shifts elements, so its backward applies
the inverse permutation to the gradient. transpose, moveaxis and swapaxes
return views of their input (``can_return_view``); roll copies.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from numbers import Integral
from typing import Any, Optional, Tuple

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from mygrad._arg_errors import explain, shape_of
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.numpy_protocol import implements_numpy_override

__all__ = ["transpose", "moveaxis", "swapaxes", "roll"]


class Transpose(Operation):
    can_return_view = True

    def __call__(self, a, axes=None):
        self.variables = (a,)
        out = np.transpose(a.data, axes)  # NumPy validates the axes
        self.axes = None if axes is None else normalize_axis_tuple(axes, a.data.ndim)
        return out

    def backward_var(self, grad, index, **kwargs):
        if self.axes is None:
            return np.transpose(grad)
        return np.transpose(grad, np.argsort(self.axes))  # the inverse permutation


class MoveAxis(Operation):
    can_return_view = True

    def __call__(self, a, source, destination):
        self.variables = (a,)
        self.source, self.destination = source, destination
        return np.moveaxis(a.data, source, destination)

    def backward_var(self, grad, index, **kwargs):
        return np.moveaxis(grad, self.destination, self.source)  # move the axes back


class SwapAxes(Operation):
    can_return_view = True

    def __call__(self, a, axis1, axis2):
        self.variables = (a,)
        self.axis1, self.axis2 = axis1, axis2
        return np.swapaxes(a.data, axis1, axis2)

    def backward_var(self, grad, index, **kwargs):
        return np.swapaxes(grad, self.axis1, self.axis2)  # a swap is its own inverse


class Roll(Operation):
    def __call__(self, a, shift, axis=None):
        self.variables = (a,)
        self.shift, self.axis = shift, axis
        return np.roll(a.data, shift, axis=axis)

    def backward_var(self, grad, index, **kwargs):
        return np.roll(grad, np.negative(self.shift), axis=self.axis)  # roll back by -shift



def _axes_tuple(axes: Any) -> Optional[Tuple[int, ...]]:
    """``axes`` as a tuple of ints; a single int is a one-entry permutation, as in NumPy (valid for 1-D only)."""
    if axes is None:
        return None
    if type(axes) is tuple and all(type(ax) is int for ax in axes):  # the common case, already in shape
        return axes
    if not isinstance(axes, (Integral, Sequence, np.ndarray)) or isinstance(axes, (str, bytes)):
        raise TypeError(f"axes must be an int or a sequence of ints; got {type(axes).__name__} {axes!r:.60}")
    entries = (axes,) if isinstance(axes, Integral) else tuple(axes)
    if any(isinstance(ax, (bool, np.bool_)) for ax in entries):  # (NumPy refuses a bool axis too)
        raise TypeError(f"an axis must be an int, not a bool; got {axes!r}")
    return tuple(operator.index(ax) for ax in entries)


@implements_numpy_override(np.transpose)
def transpose(a: Any, *axes_args: Any, axes: Any = None, constant: Optional[bool] = None) -> Tensor:
    """Permute the axes of ``a`` (reverse them by default); a view.

    Parameters
    ----------
    a : ArrayLike
    *axes_args : ints, or one tuple of ints
        The permutation given positionally, as MyGrad takes it:
        ``transpose(x, 1, 0)`` or ``transpose(x, (1, 0))``.
    axes : Optional[tuple of ints]
        The permutation as a keyword, as NumPy takes it (negative axes
        allowed); ``axes[i]`` is the input axis that becomes output axis ``i``.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.transpose(mg.ones((2, 3, 4)), (-1, 0, 1)).shape
    (4, 2, 3)
    >>> mg.transpose(mg.ones((2, 3, 4)), 2, 0, 1).shape
    (4, 2, 3)
    """
    if axes_args:
        if axes is not None:
            raise TypeError("transpose: give the axes either positionally or as axes=, not both")
        axes = axes_args[0] if len(axes_args) == 1 else axes_args
    try:
        return execute_op(Transpose, a, op_args=(_axes_tuple(axes),), constant=constant)
    except Exception as error:
        expected = "None or a permutation of the input's axes (one int per axis, each once)"
        raise explain(error, "transpose", expected, axes=axes, input_shape=shape_of(a)) from error


@implements_numpy_override(np.moveaxis)
def moveaxis(a: Any, source: Any, destination: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Move axes ``source`` to positions ``destination`` (ints or sequences); a view.

    Parameters
    ----------
    a : ArrayLike
    source, destination : int | sequence of ints
        Original and new positions of the moved axes.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.moveaxis(mg.ones((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    try:
        return execute_op(MoveAxis, a, op_args=(source, destination), constant=constant)
    except Exception as error:
        expected = "source and destination: ints or equally long sequences of distinct ints, within the input's axes"
        raise explain(error, "moveaxis", expected, source=source, destination=destination,
                      input_shape=shape_of(a)) from error


@implements_numpy_override(np.swapaxes)
def swapaxes(a: Any, axis1: int, axis2: int, *, constant: Optional[bool] = None) -> Tensor:
    """Interchange two axes; a view.

    Parameters
    ----------
    a : ArrayLike
    axis1, axis2 : int
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> x = mg.tensor([[1.0, 2.0, 3.0]])
    >>> y = mg.swapaxes(x, 0, 1)    # shape (1, 3) -> (3, 1)
    >>> y.shape, np.shares_memory(y, x)
    ((3, 1), True)
    >>> (y * mg.tensor([[10.0], [20.0], [30.0]])).sum().backward()
    >>> x.grad                  # the gradient is swapped back to x's shape
    array([[10., 20., 30.]])
    """
    try:
        return execute_op(SwapAxes, a, op_args=(axis1, axis2), constant=constant)
    except Exception as error:
        raise explain(error, "swapaxes", "axis1 and axis2: ints within the input's axes", axis1=axis1, axis2=axis2,
                      input_shape=shape_of(a)) from error


@implements_numpy_override(np.roll)
def roll(a: Any, shift: Any, axis: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """Shift elements cyclically by ``shift`` along ``axis`` (of the flattened input when None).

    Parameters
    ----------
    a : ArrayLike
    shift : int | tuple of ints
    axis : None | int | tuple of ints
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.roll(mg.tensor([1.0, 2.0, 3.0]), 1)
    Tensor([3., 1., 2.])
    """
    try:
        return execute_op(Roll, a, op_args=(shift, axis), constant=constant)
    except Exception as error:
        expected = "int shift(s) and axis None or int(s) within the input's axes, as many shifts as axes"
        raise explain(error, "roll", expected, shift=shift, axis=axis, input_shape=shape_of(a)) from error
