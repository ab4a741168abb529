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
from mygrad.autodiff.operation import execute_op
from mygrad.ops.trig import tanh  # noqa: F401  (MyGrad's nnet.tanh is mygrad.tanh itself)
from mygrad.autodiff.tensor import Tensor
from mygrad._arg_errors import name_errors as _name_errors

__all__ = ["elu", "glu", "hard_tanh", "leaky_relu", "logsoftmax", "relu", "selu", "sigmoid", "soft_sign", "softmax",
           "tanh"]


def relu(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``max(x, 0)``; see :func:`mygrad.nn.functional.relu`.

    Examples
    --------
    >>> import mygrad as mg
    >>> relu(mg.tensor([-1.0, 2.0]))
    Tensor([0., 2.])
    """
    return F.relu(x, constant=constant)


def leaky_relu(x: Any, slope: float, *, constant: Optional[bool] = None) -> Tensor:
    """``x`` for ``x > 0``, else ``slope * x``.

    Examples
    --------
    >>> import mygrad as mg
    >>> leaky_relu(mg.tensor([-2.0, 3.0]), slope=0.1)
    Tensor([-0.2,  3. ])
    """
    if not isinstance(slope, (numbers.Real, np.ndarray, Tensor)) or np.ndim(slope):
        raise TypeError(f"leaky_relu: `slope` must be a real number; got {type(slope).__name__}")
    return F.leaky_relu(x, slope, constant=constant)


def elu(x: Any, alpha: float, *, constant: Optional[bool] = None) -> Tensor:
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-1.0, 2.0])
    >>> y = elu(x, alpha=2.0)
    >>> y                       # [2 (e^-1 - 1), 2]
    Tensor([-1.26424112,  2.        ])
    >>> y.sum().backward()
    >>> x.grad                  # alpha e^x below 0, 1 above
    array([0.73575888, 1.        ])
    """
    return F.elu(x, alpha, constant=constant)


def selu(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """The scaled ELU of Klambauer et al. (2017): ``scale * elu(x, alpha)``, ``scale ~ 1.0507``, ``alpha ~ 1.6733``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-1.0, 1.0])
    >>> y = selu(x)
    >>> y                       # [scale alpha (e^-1 - 1), scale]
    Tensor([-1.11133074,  1.05070099])
    >>> y.sum().backward()
    >>> x.grad                  # scale alpha e^x below 0, scale above
    array([0.6467686 , 1.05070099])
    """
    return F.selu(x, constant=constant)


def sigmoid(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``1 / (1 + exp(-x))``, computed without overflow.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 2.0])
    >>> y = sigmoid(x)
    >>> y
    Tensor([0.5       , 0.88079708])
    >>> y.sum().backward()
    >>> x.grad                  # d sigmoid/dx = sigmoid(x) (1 - sigmoid(x))
    array([0.25      , 0.10499359])
    """
    return F.sigmoid(x, constant=constant)


def soft_sign(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x / (1 + |x|)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, -3.0])
    >>> y = soft_sign(x)
    >>> y
    Tensor([ 0.5 , -0.75])
    >>> y.sum().backward()
    >>> x.grad                  # d/dx = 1 / (1 + |x|)^2
    array([0.25  , 0.0625])
    """
    return F.softsign(x, constant=constant)


def hard_tanh(x: Any, *, lower_bound: float = -1, upper_bound: float = 1, constant: Optional[bool] = None) -> Tensor:
    """``x`` clipped to ``[lower_bound, upper_bound]``.

    Examples
    --------
    >>> import mygrad as mg
    >>> hard_tanh(mg.tensor([-3.0, 0.5, 3.0]))
    Tensor([-1. ,  0.5,  1. ])
    """
    return F.hardtanh(x, lower_bound, upper_bound, constant=constant)


def glu(x: Any, axis: int = -1, *, constant: Optional[bool] = None) -> Tensor:
    """Gated linear unit: halves ``a, b`` of ``x`` along ``axis``, returns ``a * sigmoid(b)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([[4.0, 2.0, 0.0, 100.0]])     # a = [4, 2], b = [0, 100]
    >>> y = glu(x, axis=1)      # [4 s(0), 2 s(100)], s = sigmoid
    >>> y
    Tensor([[2., 2.]])
    >>> y.sum().backward()
    >>> x.grad                  # d/da = s(b); d/db = a s(b) (1 - s(b))
    array([[0.5, 1. , 1. , 0. ]])
    """
    return F.glu(x, axis, constant=constant)


def softmax(x: Any, axis: Optional[Union[int, Tuple[int, ...]]] = -1, *, constant: Optional[bool] = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``axis`` (stable); ``axis=None`` normalises over all of ``x``.

    Examples
    --------
    >>> import mygrad as mg
    >>> softmax(mg.tensor([[2.0, 2.0], [1e50, 0.0]]))
    Tensor([[0.5, 0.5],
            [1. , 0. ]])
    """
    return execute_op(Softmax, x, op_args=(axis,), constant=constant)  # axis=None: over all of x


def logsoftmax(x: Any, axis: Optional[Union[int, Tuple[int, ...]]] = -1, *,
               constant: Optional[bool] = None) -> Tensor:
    """``log(softmax(x))`` along ``axis`` (all of ``x`` for None), via log-sum-exp.

    Examples
    --------
    >>> import mygrad as mg
    >>> logsoftmax(mg.tensor([[0.0, 0.0], [0.0, 0.0]]), axis=None)
    Tensor([[-1.38629436, -1.38629436],
            [-1.38629436, -1.38629436]])
    """
    return execute_op(LogSoftmax, x, op_args=(axis,), constant=constant)  # axis=None: over all of x

_name_errors(globals(), "mygrad.nnet.activations")
