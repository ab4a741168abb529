"""Softmax and log-softmax along an axis, with the maximum subtracted first (log-sum-exp: no overflow)."""

from __future__ import annotations

import warnings
from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.casting import astype
from mygrad.ops.reductions import _reduced_axes

from mygrad.nn.functional._utils import data_of
from mygrad.nn.functional.activations import float_input
from mygrad.nn.functional.normalization import sum_of_products

__all__ = ["softmax", "log_softmax", "log_softmax_array"]


def _softmax(x: np.ndarray, axis: Any) -> np.ndarray:
    e = np.subtract(x, x.max(axis=axis, keepdims=True), out=np.empty_like(x))  # largest entry 0: exp cannot overflow
    np.exp(e, out=e)
    e /= e.sum(axis=axis, keepdims=True)
    return e


def log_softmax_array(x: np.ndarray, axis: Any) -> np.ndarray:
    """``x - logsumexp(x)`` along ``axis``, stable for any finite ``x`` (a NumPy helper)."""
    shifted = np.subtract(x, x.max(axis=axis, keepdims=True), out=np.empty_like(x))
    total = np.exp(shifted).sum(axis=axis, keepdims=True)
    shifted -= np.log(total)
    return shifted


class Softmax(Operation):
    def __call__(self, x, axis):
        self.variables = (x,)
        self.axis = axis
        self.out = _softmax(float_input(x.data), axis)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        # dL/dx = p * (g - sum(g * p))
        total = sum_of_products(grad, self.out, _reduced_axes(self.axis, grad.ndim))
        dx = np.subtract(grad, total, out=np.empty_like(self.out))
        dx *= self.out
        return dx


class LogSoftmax(Operation):
    def __call__(self, x, axis):
        self.variables = (x,)
        self.axis = axis
        self.out = log_softmax_array(float_input(x.data), axis)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        # dL/dx = g - softmax(x) * sum(g)
        dx = np.exp(self.out)
        dx *= grad.sum(axis=self.axis, keepdims=True)
        return np.subtract(grad, dx, out=dx)


def _softmax_dim(input: Any, dim: Optional[int], name: str) -> int:
    if dim is not None:
        return dim
    ndim = np.ndim(data_of(input))
    warnings.warn(f"Implicit dimension choice for {name} is deprecated (as in PyTorch); pass dim explicitly",
                  UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def _cast(input: Any, dtype: Any) -> Any:
    if dtype is None:
        return input
    return astype(input, dtype)


def softmax(input: Any, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Any = None, *,
            constant: Optional[bool] = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``, with the maximum subtracted first (no overflow).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import softmax
    >>> softmax(mg.tensor([[0.0, 0.0], [1e4, 0.0]]), dim=1)
    Tensor([[0.5, 0.5],
            [1. , 0. ]])
    """
    dim = _softmax_dim(input, dim, "softmax")
    return execute_op(Softmax, _cast(input, dtype), op_args=(dim,), constant=constant)


def log_softmax(input: Any, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Any = None, *,
                constant: Optional[bool] = None) -> Tensor:
    """``x - logsumexp(x)`` along ``dim`` (stable for any finite input).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import log_softmax
    >>> log_softmax(mg.tensor([1e4, 0.0]), dim=0)
    Tensor([     0., -10000.])
    """
    dim = _softmax_dim(input, dim, "log_softmax")
    return execute_op(LogSoftmax, _cast(input, dtype), op_args=(dim,), constant=constant)
