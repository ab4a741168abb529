"""Activation functions, each a small :class:`~mygrad.Operation` with its derivative.

Numerically stable forms are used throughout: the sigmoid is evaluated as
``1/(1+e^-x)`` with ``exp`` allowed to overflow to ``inf`` (giving exactly 0).
GELU lives in :mod:`~mygrad.nn.functional.gelu`, softmax and log-softmax in
:mod:`~mygrad.nn.functional.softmax`.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from mygrad.autodiff import modes
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.ops.trig import tanh as mg_tanh
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import check_real, data_of, write_back
from mygrad.nn.functional.cache_blocks import blockwise

__all__ = [
    "relu", "leaky_relu", "elu", "selu", "silu", "sigmoid", "tanh", "hardtanh", "softplus", "softsign", "glu",
    "stable_sigmoid",
]

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def stable_sigmoid(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))`` for any ``x``, in ``x``'s dtype, in one new array (four passes over it).

    Where ``exp(-x)`` overflows (``x`` below about -88 in float32, -709 in
    float64) the result is the limit, 0, without a warning; elsewhere the
    formula is accurate to the last bits in both tails (it is MyGrad's and
    PyTorch's).

    >>> stable_sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    return _sigmoid_into(x, np.empty_like(x))


def _sigmoid_into(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """:func:`stable_sigmoid` written into ``out`` (not ``x``)."""
    np.negative(x, out=out)
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1
    return np.reciprocal(out, out=out)


def wants_gradient(x: Tensor) -> bool:
    """Whether a backward pass may ask for ``x``'s gradient (then forward makes the derivative while in cache)."""
    return not (x.constant or modes.no_autodiff_active)


def _step(x: np.ndarray, below: float, above: float, dtype: np.dtype) -> np.ndarray:
    """A new array of ``above`` where ``x > 0`` and ``below`` elsewhere (NaN counts as below).

    Arithmetic on the 0/1 mask: ``np.where`` on a mask of mixed signs is 5x slower (a branch per element).
    """
    d = np.greater(x, 0, out=np.empty(x.shape, dtype=bool)).astype(dtype)  # (an array even for a 0-d x)
    d *= np.dtype(dtype).type(above - below)
    d += below
    return d


def float_input(x: np.ndarray) -> np.ndarray:
    """``x`` itself if it holds floats (or complex numbers), else ``x`` as float64: what an activation computes on.

    >>> float_input(np.array([1, 2])).dtype, float_input(np.array([1.0], dtype=np.float32)).dtype
    (dtype('float64'), dtype('float32'))
    """
    return x if x.dtype.kind in "fc" else x.astype(np.float64)


class ReLU(Operation):
    def __call__(self, x):
        self.variables = (x,)
        return np.maximum(x.data, 0)

    def backward_var(self, grad, index, **kwargs):
        return grad * (self.variables[0].data > 0)  # d relu/dx = 1 if x > 0 else 0


class LeakyReLU(Operation):
    def __call__(self, x, slope):
        self.variables = (x,)
        self.slope = slope
        # x for x > 0, slope * x otherwise: the larger of the two when slope <= 1, the smaller when slope > 1
        # (two passes, no mask; NaN stays NaN either way)
        if slope != slope:  # a NaN slope: NaN only where x <= 0, as PyTorch
            return np.where(x.data > 0, x.data, slope * x.data)
        scaled = np.multiply(x.data, slope, out=np.empty_like(x.data)) if x.data.dtype.kind == "f" else slope * x.data
        return (np.maximum if slope <= 1 else np.minimum)(x.data, scaled, out=scaled)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if not math.isfinite(self.slope):
            return np.where(x > 0, grad, self.slope * grad)
        d = _step(x, self.slope, 1, grad.dtype)  # 1 or slope
        return np.multiply(grad, d, out=d)


class ELU(Operation):
    def __call__(self, x, alpha, scale):
        self.variables = (x,)
        xd = float_input(x.data)
        self.alpha, self.scale = alpha, scale
        neg = np.minimum(xd, 0, out=np.empty_like(xd))  # alpha (e^x - 1) for x <= 0, and 0 for x > 0
        np.expm1(neg, out=neg)
        neg *= alpha
        self.neg = neg
        if not math.isfinite(alpha):  # (inf * 0 is NaN: the positive entries must not see alpha)
            return scale * np.where(xd > 0, xd, neg)
        out = np.maximum(xd, 0, out=np.empty_like(xd))  # x for x > 0, plus that (0 there), no mask
        out += neg
        if scale != 1:
            out *= scale
        return out

    def backward_var(self, grad, index, **kwargs):
        # d/dx = scale for x > 0, scale * alpha e^x = scale * (neg + alpha) otherwise
        x = self.variables[0].data
        if not math.isfinite(self.alpha):
            return self.scale * np.where(x > 0, grad, grad * (self.neg + self.alpha))
        d = _step(x, 0, 1 - self.alpha, grad.dtype)  # neg + alpha is alpha where x > 0: there, add 1 - alpha
        d += self.neg
        d += self.alpha
        d *= grad
        if self.scale != 1:
            d *= self.scale
        return d


def _sigmoid_backward(sigma: np.ndarray, grad: np.ndarray, out: np.ndarray) -> None:
    """``out = grad (1 - sigma) sigma``, the gradient through the sigmoid."""
    np.subtract(1, sigma, out=out)
    out *= sigma
    out *= grad


def _silu_step(x: np.ndarray, out: np.ndarray, slope: np.ndarray) -> None:
    """``out = x sigma(x)`` and its derivative ``slope = sigma (1 + x (1 - sigma))`` (``d(x s)/dx = s + x s (1 - s)``)."""
    s = _sigmoid_into(x, np.empty_like(x))
    np.multiply(x, s, out=out)
    np.subtract(1, s, out=slope)
    slope *= x
    slope += 1
    slope *= s


def _silu_value(x: np.ndarray, out: np.ndarray) -> None:
    np.multiply(x, _sigmoid_into(x, out), out=out)


class Sigmoid(Operation):
    def __call__(self, x):
        self.variables = (x,)
        self.out = stable_sigmoid(float_input(x.data))
        return self.out

    def backward_var(self, grad, index, **kwargs):
        # d sigma/dx = sigma (1 - sigma), a cache block at a time where grad is laid out like sigma
        return blockwise(_sigmoid_backward, self.out, grad)[0]


class SiLU(Operation):
    # Forward also makes the derivative, a cache block at a time, where a gradient may be asked for: backward
    # is then one product instead of five passes over memory.
    def __call__(self, x):
        self.variables = (x,)
        xd = float_input(x.data)
        if not wants_gradient(x):
            return blockwise(_silu_value, xd)[0]
        out, self.slope = blockwise(_silu_step, xd, outputs=2)
        return out

    def backward_var(self, grad, index, **kwargs):
        return self.product(grad, self.slope)  # d(x s)/dx = s (1 + x (1 - s)), made in forward


class Hardtanh(Operation):
    def __call__(self, x, low, high):
        self.variables = (x,)
        self.low, self.high = low, high
        return np.clip(x.data, low, high)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad * ((x > self.low) & (x < self.high))  # 1 strictly inside (low, high), else 0


class Softplus(Operation):
    # Forward, a cache block at a time, also makes the derivative where a gradient may be asked for (backward is
    # then one product); the same operations as the whole-array formulas, so the same values to the last bit.
    def __call__(self, x, beta, threshold):
        self.variables = (x,)
        self.beta, self.threshold = beta, threshold
        xd = float_input(x.data)
        if not wants_gradient(x):
            return blockwise(self._value, xd)[0]
        out, self.slope = blockwise(self._value, xd, outputs=2)
        return out

    def _value(self, x: np.ndarray, out: np.ndarray, slope: Optional[np.ndarray] = None) -> None:
        """``out = log(1 + e^bx) / beta`` computed stably, ``bx = beta x``, and ``x`` itself where
        ``bx > threshold``; ``slope = sigmoid(bx)`` (1 where ``bx > threshold``) if given."""
        bx = np.multiply(x, self.beta, out=np.empty_like(x))
        np.abs(bx, out=out)
        np.negative(out, out=out)
        np.exp(out, out=out)
        np.log1p(out, out=out)
        out += np.maximum(bx, 0, out=np.empty_like(x))
        if self.beta != 1:
            out /= self.beta
        if slope is not None:
            _sigmoid_into(bx, out=slope)  # d/dx softplus = sigmoid(beta x)
        linear = bx > self.threshold
        if linear.any():
            np.copyto(out, x, where=linear)
            if slope is not None:
                np.copyto(slope, 1, where=linear)

    def backward_var(self, grad, index, **kwargs):
        return self.product(grad, self.slope)


class Softsign(Operation):
    def __call__(self, x):
        self.variables = (x,)
        self.denom = 1 + np.abs(float_input(x.data))
        return x.data / self.denom

    def backward_var(self, grad, index, **kwargs):
        return grad / (self.denom * self.denom)  # d/dx x/(1+|x|) = 1/(1+|x|)^2


class GLU(Operation):
    def __call__(self, x, axis):
        self.variables = (x,)
        self.axis = axis
        self.a, b = np.split(float_input(x.data), 2, axis=axis)
        self.sig = stable_sigmoid(b)
        return self.a * self.sig

    def backward_var(self, grad, index, **kwargs):
        # out = a s(b): d/da = s(b), d/db = a s(b)(1 - s(b))
        return np.concatenate([grad * self.sig, grad * self.a * self.sig * (1 - self.sig)], axis=self.axis)


def _scalar(value: Any, x: Any, name: str = "a parameter") -> Any:
    """A Python number as the input's float dtype, so it never upcasts float32."""
    check_real(name, value)
    dtype = np.asarray(data_of(x)).dtype
    return dtype.type(value) if dtype.kind == "f" else float(value)


def relu(input: Any, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Rectified linear unit, ``max(x, 0)``; the gradient at 0 is taken to be 0.

    With ``inplace=True`` the result is written into ``input`` (a tensor),
    which is returned, as PyTorch does; gradients flow as without it.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import relu
    >>> relu(mg.tensor([-1.0, 0.0, 2.0]))
    Tensor([0., 0., 2.])
    """
    return write_back(input, execute_op(ReLU, input, constant=constant), inplace)


def leaky_relu(input: Any, negative_slope: float = 0.01, inplace: bool = False, *,
               constant: Optional[bool] = None) -> Tensor:
    """``x`` for ``x > 0``, else ``negative_slope * x``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import leaky_relu
    >>> leaky_relu(mg.tensor([-2.0, 3.0]), 0.5)
    Tensor([-1.,  3.])
    """
    return write_back(input, execute_op(LeakyReLU, input, op_args=(_scalar(negative_slope, input, "leaky_relu: negative_slope"),),
                                        constant=constant), inplace)


def elu(input: Any, alpha: float = 1.0, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Exponential linear unit: ``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import elu
    >>> elu(mg.tensor([0.0, 1.0]))
    Tensor([0., 1.])
    """
    return write_back(input, execute_op(ELU, input, op_args=(_scalar(alpha, input, "elu: alpha"), _scalar(1.0, input)),
                                        constant=constant), inplace)


def selu(input: Any, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Scaled ELU: ``scale * elu(x, alpha)`` with the self-normalising constants
    ``alpha = 1.6732632...`` and ``scale = 1.0507009...``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import selu
    >>> x = mg.tensor([-1.0, 2.0])
    >>> y = selu(x)
    >>> y                       # [scale alpha (e^-1 - 1), 2 scale]
    Tensor([-1.11133074,  2.10140197])
    >>> y.sum().backward()
    >>> x.grad                  # scale alpha e^x below 0, scale above
    array([0.6467686 , 1.05070099])
    """
    return write_back(input, execute_op(ELU, input, op_args=(_scalar(SELU_ALPHA, input), _scalar(SELU_SCALE, input)),
                                        constant=constant), inplace)


def silu(input: Any, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Sigmoid-weighted linear unit (swish), ``x * sigmoid(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import silu
    >>> x = mg.tensor([-1.0, 2.0])
    >>> y = silu(x)
    >>> y                       # [-s(-1), 2 s(2)], s = sigmoid
    Tensor([-0.26894142,  1.76159416])
    >>> y.sum().backward()
    >>> x.grad                  # d(x s(x))/dx = s(x) (1 + x (1 - s(x)))
    array([0.07232949, 1.09078425])
    """
    return write_back(input, execute_op(SiLU, input, constant=constant), inplace)


def sigmoid(input: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Logistic sigmoid ``1 / (1 + exp(-x))``, computed without overflow.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import sigmoid
    >>> sigmoid(mg.tensor([-1e4, 0.0, 1e4]))
    Tensor([0. , 0.5, 1. ])
    """
    return execute_op(Sigmoid, input, constant=constant)


def tanh(input: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Hyperbolic tangent: :func:`mygrad.tanh` under PyTorch's argument name.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import tanh
    >>> x = mg.tensor([0.0])
    >>> tanh(x).backward()
    >>> x.grad
    array([1.])
    """
    return mg_tanh(input, constant=constant)


def hardtanh(input: Any, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False, *,
             constant: Optional[bool] = None) -> Tensor:
    """``x`` clipped to ``[min_val, max_val]``; gradient 1 strictly inside, 0 outside and at the bounds.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import hardtanh
    >>> x = mg.tensor([-2.0, 0.5, 1.5])
    >>> y = hardtanh(x)         # clipped to [-1, 1]
    >>> y
    Tensor([-1. ,  0.5,  1. ])
    >>> y.sum().backward()
    >>> x.grad                  # 1 inside, 0 where clipped
    array([0., 1., 0.])
    """
    if check_real("hardtanh: min_val", min_val) > check_real("hardtanh: max_val", max_val):
        raise ValueError(f"min_val ({min_val}) must not exceed max_val ({max_val})")
    return write_back(input, execute_op(Hardtanh, input, op_args=(_scalar(min_val, input, "hardtanh: min_val"), _scalar(max_val, input, "hardtanh: max_val")),
                                        constant=constant), inplace)


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0, *, constant: Optional[bool] = None) -> Tensor:
    """``log(1 + exp(beta x)) / beta``, and ``x`` itself where ``beta x > threshold``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import softplus
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = softplus(x, beta=2.0)
    >>> y                       # [log(2) / 2, log(1 + e^2) / 2]
    Tensor([0.34657359, 1.06346401])
    >>> y.sum().backward()
    >>> x.grad                  # d/dx = sigmoid(beta x)
    array([0.5       , 0.88079708])
    """
    return execute_op(Softplus, input, op_args=(_scalar(beta, input, "softplus: beta"), check_real("softplus: threshold", threshold)), constant=constant)


def softsign(input: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x / (1 + |x|)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import softsign
    >>> x = mg.tensor([1.0, -3.0])
    >>> y = softsign(x)
    >>> y
    Tensor([ 0.5 , -0.75])
    >>> y.sum().backward()
    >>> x.grad                  # d/dx = 1 / (1 + |x|)^2
    array([0.25  , 0.0625])
    """
    return execute_op(Softsign, input, constant=constant)


def glu(input: Any, dim: int = -1, *, constant: Optional[bool] = None) -> Tensor:
    """Gated linear unit: split ``input`` in half along ``dim`` into ``a, b``; return ``a * sigmoid(b)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import glu
    >>> x = mg.tensor([4.0, 2.0, 0.0, 100.0])   # a = [4, 2], b = [0, 100]
    >>> y = glu(x)              # [4 s(0), 2 s(100)], s = sigmoid
    >>> y
    Tensor([2., 2.])
    >>> y.sum().backward()
    >>> x.grad                  # d/da = s(b); d/db = a s(b) (1 - s(b))
    array([0.5, 1. , 1. , 0. ])
    """
    size = np.shape(data_of(input))[dim]
    if size % 2:
        raise ValueError(f"glu halves dimension {dim}, which must have even size; got size {size}")
    return execute_op(GLU, input, op_args=(dim,), constant=constant)
