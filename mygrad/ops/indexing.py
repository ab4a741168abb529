"""Indexing: ``t[index]`` with basic, integer-array and boolean indices."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.operation import Operation, execute_op
from mygrad.tensor import Tensor

__all__ = ["getitem"]


def _plain_index(index: Any) -> Any:
    """Replace tensors inside an index by their data."""
    if isinstance(index, tuple):
        return tuple(i.data if isinstance(i, Tensor) else i for i in index)
    return index.data if isinstance(index, Tensor) else index


class GetItem(Operation):
    can_return_view = True

    def __call__(self, a, index):
        self.variables = (a,)
        self.index = index
        return a.data[index]

    def backward_var(self, grad, index, **kwargs):
        out = np.zeros(self.variables[0].data.shape, dtype=grad.dtype)
        # np.add.at accumulates where an integer index repeats an element
        np.add.at(out, self.index, grad)
        return out


def getitem(x: Any, index: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x[index]``, as NumPy indexes; repeated indices accumulate gradient."""
    return execute_op(GetItem, x, op_args=(_plain_index(index),), constant=constant)
