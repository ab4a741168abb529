"""MyGrad's activation functions (``mygrad.nnet.activations``), adapters over :mod:`mygrad.nn.functional`.

MyGrad's names and signatures: ``axis`` rather than ``dim``, ``slope`` for
the leaky ReLU, ``lower_bound``/``upper_bound`` for the hard tanh.
"""

from __future__ import annotations

import numbers
from typing import Any, Optional, Tuple, Union

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn.functional.activations import LogSoftmax, Softmax
from mygrad.operation import execute_op
from mygrad.ops.trig import tanh  # noqa: F401  (MyGrad's nnet.tanh is mygrad.tanh itself)
from mygrad.tensor import Tensor

__all__ = ["elu", "glu", "hard_tanh", "leaky_relu", "logsoftmax", "relu", "selu", "sigmoid", "soft_sign", "softmax",
           "tanh"]


def relu(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``max(x, 0)``; see :func:`mygrad.nn.functional.relu`.

    >>> import mygrad as mg
    >>> relu(mg.tensor([-1.0, 2.0]))
    Tensor([0., 2.])
    """
    return F.relu(x, constant=constant)


def leaky_relu(x: Any, slope: float, *, constant: Optional[bool] = None) -> Tensor:
    """``x`` for ``x > 0``, else ``slope * x``.

    >>> import mygrad as mg
    >>> leaky_relu(mg.tensor([-2.0, 3.0]), slope=0.1)
    Tensor([-0.2,  3. ])
    """
    if not isinstance(slope, (numbers.Real, np.ndarray, Tensor)) or np.ndim(slope):
        raise TypeError(f"leaky_relu: `slope` must be a real number; got {type(slope).__name__}")
    return F.leaky_relu(x, slope, constant=constant)


def elu(x: Any, alpha: float, *, constant: Optional[bool] = None) -> Tensor:
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    return F.elu(x, alpha, constant=constant)


def selu(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """The scaled ELU of Klambauer et al. (2017)."""
    return F.selu(x, constant=constant)


def sigmoid(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``1 / (1 + exp(-x))``, computed without overflow."""
    return F.sigmoid(x, constant=constant)


def soft_sign(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x / (1 + |x|)``."""
    return F.softsign(x, constant=constant)


def hard_tanh(x: Any, *, lower_bound: float = -1, upper_bound: float = 1, constant: Optional[bool] = None) -> Tensor:
    """``x`` clipped to ``[lower_bound, upper_bound]``.

    >>> import mygrad as mg
    >>> hard_tanh(mg.tensor([-3.0, 0.5, 3.0]))
    Tensor([-1. ,  0.5,  1. ])
    """
    return F.hardtanh(x, lower_bound, upper_bound, constant=constant)


def glu(x: Any, axis: int = -1, *, constant: Optional[bool] = None) -> Tensor:
    """Gated linear unit: halves ``a, b`` of ``x`` along ``axis``, returns ``a * sigmoid(b)``."""
    return F.glu(x, axis, constant=constant)


def softmax(x: Any, axis: Optional[Union[int, Tuple[int, ...]]] = -1, *, constant: Optional[bool] = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``axis`` (stable); ``axis=None`` normalises over all of ``x``.

    >>> import mygrad as mg
    >>> softmax(mg.tensor([[2.0, 2.0], [1e50, 0.0]]))
    Tensor([[0.5, 0.5],
            [1. , 0. ]])
    """
    return execute_op(Softmax, x, op_args=(axis,), constant=constant)  # axis=None: over all of x


def logsoftmax(x: Any, axis: Optional[Union[int, Tuple[int, ...]]] = -1, *,
               constant: Optional[bool] = None) -> Tensor:
    """``log(softmax(x))`` along ``axis`` (all of ``x`` for None), via log-sum-exp.

    >>> import mygrad as mg
    >>> logsoftmax(mg.tensor([[0.0, 0.0], [0.0, 0.0]]), axis=None)
    Tensor([[-1.38629436, -1.38629436],
            [-1.38629436, -1.38629436]])
    """
    return execute_op(LogSoftmax, x, op_args=(axis,), constant=constant)  # axis=None: over all of x
