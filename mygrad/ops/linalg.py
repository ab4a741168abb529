"""Linear algebra: matmul, einsum, ..."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.operation import Operation, execute_op
from mygrad.tensor import Tensor

__all__ = ["matmul"]


class MatMul(Operation):
    def __call__(self, a, b):
        self.variables = (a, b)
        return np.matmul(a.data, b.data)

    def backward_var(self, grad, index, **kwargs):
        a, b = (v.data for v in self.variables)
        # promote 1-D operands to matrices as matmul does, then undo it
        a2 = a[np.newaxis, :] if a.ndim == 1 else a
        b2 = b[:, np.newaxis] if b.ndim == 1 else b
        g = grad
        if a.ndim == 1:
            g = np.expand_dims(g, -2)
        if b.ndim == 1:
            g = np.expand_dims(g, -1)
        if index == 0:  # dL/dA = G B^T
            out = np.matmul(g, np.swapaxes(b2, -1, -2))
            return out.reshape(out.shape[:-2] + (a.shape[-1],)) if a.ndim == 1 else out
        out = np.matmul(np.swapaxes(a2, -1, -2), g)  # dL/dB = A^T G
        return out.reshape(out.shape[:-2] + (b.shape[0],)) if b.ndim == 1 else out


def matmul(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Matrix product, with NumPy's rules for 1-D and batched operands.

    Examples
    --------
    >>> import mygrad as mg
    >>> a = mg.tensor([[1.0, 2.0]])
    >>> b = mg.tensor([[3.0], [4.0]])
    >>> mg.matmul(a, b)
    Tensor([[11.]])
    """
    return execute_op(MatMul, x1, x2, constant=constant)
