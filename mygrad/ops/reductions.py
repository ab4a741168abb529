"""Reductions over axes: sum, mean, var, std, max, min, prod, ..."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from mygrad.operation import Operation, execute_op
from mygrad.tensor import Tensor

__all__ = ["sum"]


def _expand_reduced(grad: np.ndarray, shape: tuple, axis: Any, keepdims: bool) -> np.ndarray:
    """Re-insert the axes a reduction removed, so ``grad`` broadcasts against its input."""
    if keepdims:
        return grad
    axes = normalize_axis_tuple(axis, len(shape)) if axis is not None else range(len(shape))
    return np.expand_dims(grad, tuple(axes))


class Sum(Operation):
    def __call__(self, a, axis=None, keepdims=False):
        self.variables = (a,)
        self.axis, self.keepdims = axis, keepdims
        return np.sum(a.data, axis=axis, keepdims=keepdims)

    def backward_var(self, grad, index, **kwargs):
        shape = self.variables[0].data.shape
        # every summed element contributes with derivative 1
        return np.broadcast_to(_expand_reduced(grad, shape, self.axis, self.keepdims), shape)


def sum(x: Any, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Sum of elements over ``axis`` (an int, a tuple of ints, or None for all).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> mg.sum(x, axis=0)
    Tensor([4., 6.])
    """
    return execute_op(Sum, x, op_kwargs=dict(axis=axis, keepdims=keepdims), constant=constant)
