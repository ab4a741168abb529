"""Shape manipulation: reshape, transpose, squeeze, broadcast_to, ...

These ops move elements around without changing them, so each backward
applies the inverse rearrangement to the gradient.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.operation import Operation, execute_op
from mygrad.tensor import Tensor

__all__ = ["reshape", "transpose"]


class Reshape(Operation):
    can_return_view = True

    def __call__(self, a, newshape):
        self.variables = (a,)
        return np.reshape(a.data, newshape)

    def backward_var(self, grad, index, **kwargs):
        return np.reshape(grad, self.variables[0].data.shape)


class Transpose(Operation):
    can_return_view = True

    def __call__(self, a, axes=None):
        self.variables = (a,)
        self.axes = axes
        return np.transpose(a.data, axes)

    def backward_var(self, grad, index, **kwargs):
        if self.axes is None:
            return np.transpose(grad)
        return np.transpose(grad, np.argsort(self.axes))  # the inverse permutation


def reshape(a: Any, newshape: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Give ``a`` a new shape without changing its data (a view where NumPy makes one).

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.reshape(mg.arange(6.0), (2, 3)).shape
    (2, 3)
    """
    return execute_op(Reshape, a, op_args=(newshape,), constant=constant)


def transpose(a: Any, axes: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """Permute the axes of ``a`` (reverse them by default)."""
    if axes is not None:
        axes = tuple(int(ax) for ax in axes)
    return execute_op(Transpose, a, op_args=(axes,), constant=constant)
