"""Tensor's NumPy face: its operators and ndarray-like methods.

``Tensor`` inherits these from :class:`NDArrayMethods`. Each one is a line
that hands the tensor to an op - ``t + s`` is ``execute_op(Add, t, s)``,
``t.sum()`` is ``mygrad.sum(t)`` - found through the engine's op table
(:mod:`mygrad.autodiff.op_table`), so the engine imports no op. The maths
and the gradients live with the ops in :mod:`mygrad.ops`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np

from mygrad.autodiff import op_table as ops

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.autodiff.tensor import Tensor

__all__ = ["NDArrayMethods"]


class NDArrayMethods:
    """The operators and ndarray-like methods of :class:`~mygrad.Tensor` (a mixin: no state of its own).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> y = (x @ x.T).sum(axis=0)        # operators and methods record ops like functions do
    >>> y
    Tensor([16., 36.])
    >>> y.backward()
    >>> x.grad                            # d(sum_ij (x x^T)_ij)/dx = 2 * (column sums of x), broadcast over rows
    array([[ 8., 12.],
           [ 8., 12.]])
    """

    __slots__ = ()

    # ------------------------------------------------------------- operators
    # (the common ones run their op directly: operators take no out=/where=/dtype= keywords)
    def __add__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Add, self, other)

    def __radd__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Add, other, self)

    def __sub__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Subtract, self, other)

    def __rsub__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Subtract, other, self)

    def __mul__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Multiply, self, other)

    def __rmul__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Multiply, other, self)

    def __truediv__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Divide, self, other)

    def __rtruediv__(self, other: Any) -> "Tensor":
        return ops.execute_op(ops.Divide, other, self)

    def __floordiv__(self, other: Any) -> "Tensor":
        return ops.floor_divide(self, other)  # constants only, giving an array (as MyGrad)

    def __rfloordiv__(self, other: Any) -> "Tensor":
        return ops.floor_divide(other, self)

    def __mod__(self, other: Any) -> "Tensor":
        return ops.remainder(self, other)

    def __rmod__(self, other: Any) -> "Tensor":
        return ops.remainder(other, self)

    def __pow__(self, other: Any) -> "Tensor":
        return ops.power(self, other)

    def __rpow__(self, other: Any) -> "Tensor":
        return ops.power(other, self)

    def __matmul__(self, other: Any) -> "Tensor":
        return ops.matmul(self, other)

    def __rmatmul__(self, other: Any) -> "Tensor":
        return ops.matmul(other, self)

    def __neg__(self) -> "Tensor":
        return ops.execute_op(ops.Negative, self)

    def __pos__(self) -> "Tensor":
        return ops.positive(self)

    def __abs__(self) -> "Tensor":
        return ops.absolute(self)

    def __getitem__(self, index: Any) -> "Tensor":
        return ops.getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        ops.setitem(self, index, value)

    # Augmented assignment mutates the tensor (and its views) as NumPy does.
    def __iadd__(self, other: Any) -> "Tensor":
        return ops.inplace_op(np.add, ops.add, self, other)

    def __isub__(self, other: Any) -> "Tensor":
        return ops.inplace_op(np.subtract, ops.subtract, self, other)

    def __imul__(self, other: Any) -> "Tensor":
        return ops.inplace_op(np.multiply, ops.multiply, self, other)

    def __itruediv__(self, other: Any) -> "Tensor":
        return ops.inplace_op(np.divide, ops.divide, self, other)

    # (no //= or %=: `t //= 2` rebinds t to the array `t // 2`, as in MyGrad)

    def __ipow__(self, other: Any) -> "Tensor":
        return ops.inplace_op(np.power, ops.power, self, other)

    # ---------------------------------------------------------- ndarray-like methods
    def sum(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Sum of elements over ``axis``; see :func:`mygrad.sum`."""
        return ops.sum(self, axis=axis, keepdims=keepdims, constant=constant)

    def mean(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Mean over ``axis``; see :func:`mygrad.mean`."""
        return ops.mean(self, axis=axis, keepdims=keepdims, constant=constant)

    def var(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Variance over ``axis``; see :func:`mygrad.var`."""
        return ops.var(self, axis=axis, ddof=ddof, keepdims=keepdims, constant=constant)

    def std(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Standard deviation over ``axis``; see :func:`mygrad.std`."""
        return ops.std(self, axis=axis, ddof=ddof, keepdims=keepdims, constant=constant)

    def max(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Maximum over ``axis``; see :func:`mygrad.max`."""
        return ops.max(self, axis=axis, keepdims=keepdims, constant=constant)

    def min(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Minimum over ``axis``; see :func:`mygrad.min`."""
        return ops.min(self, axis=axis, keepdims=keepdims, constant=constant)

    def prod(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Product over ``axis``; see :func:`mygrad.prod`."""
        return ops.prod(self, axis=axis, keepdims=keepdims, constant=constant)

    def reshape(self, *newshape: Any, constant: Optional[bool] = None) -> "Tensor":
        """Same data, new shape (``t.reshape(2, 3)`` or ``t.reshape((2, 3))``)."""
        if not newshape:
            raise TypeError("reshape() needs the new shape: t.reshape(2, 3) or t.reshape((2, 3))")
        if len(newshape) == 1:
            newshape = newshape[0]
        return ops.reshape(self, newshape, constant=constant)

    def transpose(self, *axes: Any, constant: Optional[bool] = None) -> "Tensor":
        """Permute the axes (reversed by default), as ``ndarray.transpose``."""
        if not axes:
            axes = None
        elif len(axes) == 1 and (axes[0] is None or not isinstance(axes[0], (int, np.integer))):
            axes = axes[0]
        return ops.transpose(self, axes, constant=constant)

    def moveaxis(self, source: Any, destination: Any, *, constant: Optional[bool] = None) -> "Tensor":
        """Move axes to new positions; see :func:`mygrad.moveaxis`."""
        return ops.moveaxis(self, source, destination, constant=constant)

    def swapaxes(self, axis1: int, axis2: int, *, constant: Optional[bool] = None) -> "Tensor":
        """Interchange two axes; see :func:`mygrad.swapaxes`."""
        return ops.swapaxes(self, axis1, axis2, constant=constant)

    def squeeze(self, axis: Any = None, *, constant: Optional[bool] = None) -> "Tensor":
        """Remove size-1 axes; see :func:`mygrad.squeeze`."""
        return ops.squeeze(self, axis, constant=constant)

    def flatten(self, *, constant: Optional[bool] = None) -> "Tensor":
        """A flattened copy; see :func:`mygrad.flatten`."""
        return ops.flatten(self, constant=constant)

    def ravel(self, *, constant: Optional[bool] = None) -> "Tensor":
        """A flattened view where possible; see :func:`mygrad.ravel`."""
        return ops.ravel(self, constant=constant)

    def clip(self, a_min: Any = None, a_max: Any = None, out: Any = None, *,
             constant: Optional[bool] = None) -> "Tensor":
        """Limit values to ``[a_min, a_max]``, into ``out`` if given; see :func:`mygrad.clip`."""
        return ops.clip(self, a_min, a_max, out, constant=constant)

    def matmul(self, other: Any, *, constant: Optional[bool] = None) -> "Tensor":
        """Matrix product; see :func:`mygrad.matmul`."""
        return ops.matmul(self, other, constant=constant)

    def argmax(self, axis: Optional[int] = None, out: Any = None) -> np.ndarray:
        """Indices of the maxima (not differentiable: returns an ndarray)."""
        return np.argmax(self.data, axis, out)

    def argmin(self, axis: Optional[int] = None, out: Any = None) -> np.ndarray:
        """Indices of the minima (not differentiable: returns an ndarray)."""
        return np.argmin(self.data, axis, out)

    def any(self, axis: Any = None, out: Optional[np.ndarray] = None, keepdims: bool = False) -> np.ndarray:
        """True where any element is true (returns an ndarray, as ``numpy.any``)."""
        return np.any(self.data, axis=axis, out=out, keepdims=keepdims)

    def all(self, axis: Any = None, out: Optional[np.ndarray] = None, keepdims: bool = False) -> np.ndarray:
        """True where all elements are true (returns an ndarray, as ``numpy.all``)."""
        return np.all(self.data, axis=axis, out=out, keepdims=keepdims)

    def cumsum(self, axis: Optional[int] = None, *, constant: Optional[bool] = None) -> "Tensor":
        """Cumulative sum along ``axis``; see :func:`mygrad.cumsum`."""
        return ops.cumsum(self, axis=axis, constant=constant)

    def cumprod(self, axis: Optional[int] = None, *, constant: Optional[bool] = None) -> "Tensor":
        """Cumulative product along ``axis``; see :func:`mygrad.cumprod`."""
        return ops.cumprod(self, axis=axis, constant=constant)
