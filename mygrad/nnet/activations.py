"""MyGrad's activation functions (``mygrad.nnet.activations``), adapters over :mod:`mygrad.nn.functional`.

MyGrad's names and signatures: ``axis`` rather than ``dim``, ``slope`` for
the leaky ReLU, ``lower_bound``/``upper_bound`` for the hard tanh.
"""

from __future__ import annotations

import numbers
from typing import Any, Optional, Tuple, Union

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn.functional.softmax import LogSoftmax, Softmax
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.ops.arithmetic import maximum, minimum
from mygrad.ops.trig import tanh  # noqa: F401  (MyGrad's nnet.tanh is mygrad.tanh itself)
from mygrad.autodiff.tensor import Tensor
from mygrad._arg_errors import name_errors as _name_errors

__all__ = ["elu", "glu", "hard_tanh", "leaky_relu", "logsoftmax", "relu", "selu", "sigmoid", "soft_sign", "softmax",
           "tanh"]


# relu, elu, selu and leaky_relu follow MyGrad 2.5's arithmetic rather than PyTorch's (which
# mygrad.nn.functional follows): at x = 0 elu/selu have slope 1 (scale for selu) and
# leaky_relu has slope 0 (its maximum/minimum ties pass no gradient); relu is x * (x > 0), so
# negative inputs give -0.0 (and -inf gives nan), as MyGrad prints them.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class ReLu(Operation):
    """MyGrad's relu op: ``x * (x > 0)``; gradient ``grad * (x > 0)``."""

    fresh_result = True

    def __call__(self, x):
        self.variables = (x,)
        self.mask = np.asarray(x.data > 0, dtype=x.data.dtype)
        return x.data * self.mask

    def backward_var(self, grad, index, **kwargs):
        return grad * self.mask


class ELU(Operation):
    """MyGrad's elu op: ``alpha (e^x - 1)`` where ``x < 0``, else ``x``; slope 1 at 0."""

    fresh_result = True

    def __call__(self, x, alpha):
        self.variables = (x,)
        self.alpha = alpha
        self.exp = alpha * (np.exp(x.data) - 1)
        return np.where(x.data < 0, self.exp, x.data)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[index]
        return grad * np.where(x.data < 0, self.exp + self.alpha, 1)


class SELU(Operation):
    """MyGrad's selu op: ``scale * elu(x, alpha)`` with Klambauer et al.'s constants; slope ``scale`` at 0."""

    fresh_result = True

    def __call__(self, x):
        self.variables = (x,)
        self.exp = _SELU_ALPHA * (np.exp(x.data) - 1)
        return _SELU_SCALE * np.where(x.data < 0, self.exp, x.data)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[index]
        return grad * _SELU_SCALE * np.where(x.data < 0, self.exp + _SELU_ALPHA, 1)


def relu(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x * (x > 0)``: ``max(x, 0)``, with MyGrad's signed zeros (negative inputs give ``-0.0``).

    The gradient is 1 where ``x > 0`` and 0 elsewhere (0 at ``x = 0``).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-1.0, 0.0, 2.0])
    >>> y = relu(x)
    >>> y
    Tensor([-0.,  0.,  2.])
    >>> y.sum().backward()
    >>> x.grad
    array([0., 0., 1.])
    """
    return execute_op(ReLu, x, constant=constant)


def leaky_relu(x: Any, slope: float, *, constant: Optional[bool] = None) -> Tensor:
    """``maximum(x, 0) + slope * minimum(x, 0)``: ``x`` for ``x > 0``, else ``slope * x``.

    As in MyGrad, it is that composition of ops, so the gradient at exactly
    ``x = 0`` is 0 (ties of ``maximum``/``minimum`` pass no gradient).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-2.0, 0.0, 3.0])
    >>> y = leaky_relu(x, slope=0.1)
    >>> y
    Tensor([-0.2,  0. ,  3. ])
    >>> y.sum().backward()
    >>> x.grad
    array([0.1, 0. , 1. ])
    """
    if isinstance(slope, (np.ndarray, Tensor)):  # a number, as in MyGrad: no gradient reaches a tensor slope
        slope = slope.item()
    if not isinstance(slope, numbers.Real):
        raise TypeError(f"leaky_relu: `slope` must be a real number; got {type(slope).__name__}")
    return maximum(x, 0, constant=constant) + slope * minimum(x, 0, constant=constant)


def elu(x: Any, alpha: float, *, constant: Optional[bool] = None) -> Tensor:
    """``x`` for ``x >= 0``, else ``alpha * (exp(x) - 1)``; the gradient at 0 is 1, as in MyGrad.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-1.0, 0.0, 2.0])
    >>> y = elu(x, alpha=2.0)
    >>> y                       # [2 (e^-1 - 1), 0, 2]
    Tensor([-1.26424112,  0.        ,  2.        ])
    >>> y.sum().backward()
    >>> x.grad                  # alpha e^x below 0, 1 from 0 up
    array([0.73575888, 1.        , 1.        ])
    """
    if isinstance(alpha, (np.ndarray, Tensor)):
        alpha = alpha.item()
    return execute_op(ELU, x, op_args=(alpha,), constant=constant)


def selu(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """The scaled ELU of Klambauer et al. (2017): ``scale * elu(x, alpha)``, ``scale ~ 1.0507``, ``alpha ~ 1.6733``.

    The gradient at 0 is ``scale``, as in MyGrad.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-1.0, 0.0, 1.0])
    >>> y = selu(x)
    >>> y                       # [scale alpha (e^-1 - 1), 0, scale]
    Tensor([-1.11133074,  0.        ,  1.05070099])
    >>> y.sum().backward()
    >>> x.grad                  # scale alpha e^x below 0, scale from 0 up
    array([0.6467686 , 1.05070099, 1.05070099])
    """
    return execute_op(SELU, x, constant=constant)


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
    """``x`` clipped to ``[lower_bound, upper_bound]``: ``maximum(lower_bound, minimum(x, upper_bound))``.

    As in MyGrad it is that composition, so the result's dtype follows NumPy's
    rules for ``x`` and the bounds (integer inputs with integer bounds stay
    integers) and the gradient is 0 at the bounds themselves.

    Examples
    --------
    >>> import mygrad as mg
    >>> hard_tanh(mg.tensor([-3.0, 0.5, 3.0]))
    Tensor([-1. ,  0.5,  1. ])
    >>> hard_tanh(mg.tensor([-3, 0, 3]), lower_bound=-2, upper_bound=2)
    Tensor([-2,  0,  2])
    """
    if isinstance(lower_bound, (np.ndarray, Tensor)):  # (one-element arrays and tensors: their number)
        lower_bound = lower_bound.item()
    if isinstance(upper_bound, (np.ndarray, Tensor)):
        upper_bound = upper_bound.item()
    for name, bound in (("lower_bound", lower_bound), ("upper_bound", upper_bound)):
        if not isinstance(bound, numbers.Real):
            raise TypeError(f"hard_tanh: `{name}` must be a real-valued scalar; got {bound!r:.60} "
                            f"(type {type(bound).__name__})")
    return maximum(lower_bound, minimum(x, upper_bound, constant=constant), constant=constant)


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
