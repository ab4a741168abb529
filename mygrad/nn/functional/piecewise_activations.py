"""More activations with PyTorch's names: the hard (piecewise-linear) family, shrinkage, Mish, CELU,
log-sigmoid, softmin, PReLU and RReLU.

Each is a short composition of differentiable mygrad ops. The piecewise ones
select their branch with a constant mask taken from the input's values, so
the gradient at a kink is PyTorch's (the branch the forward pass used), and
nothing overflows in a branch that is not taken (``exp`` only ever sees
``min(x, 0)``).
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.conversion import tensor
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_real, data_of, write_back
from mygrad.nn.functional.activations import hardtanh
from mygrad.nn.functional.softmax import softmax
from mygrad.ops.arithmetic import minimum
from mygrad.ops.exp_log import expm1, logaddexp
from mygrad.ops.trig import tanh
from mygrad.random import RandomSource, draw_unit_floats, resolve_source

__all__ = ["relu6", "hardswish", "hardsigmoid", "mish", "logsigmoid", "softmin", "celu", "softshrink", "hardshrink",
           "tanhshrink", "threshold", "prelu", "rrelu"]


def _x(input: Any, constant: Optional[bool]) -> Tensor:
    return input if isinstance(input, Tensor) else tensor(input, constant=constant)


def _zero(x: Tensor) -> np.ndarray:
    return np.zeros((), dtype=x.dtype)


def relu6(input: Any, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """``min(max(x, 0), 6)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.relu6(mg.tensor([-1.0, 3.0, 9.0]))
    Tensor([0., 3., 6.])
    """
    return hardtanh(input, 0.0, 6.0, inplace, constant=constant)


def hardsigmoid(input: Any, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """``relu6(x + 3) / 6``: 0 below -3, 1 above 3, linear between.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.hardsigmoid(mg.tensor([-4.0, 0.0, 4.0]))
    Tensor([0. , 0.5, 1. ])
    """
    x = _x(input, constant)
    return write_back(input, hardtanh(x + 3, 0.0, 6.0) / 6, inplace)


def hardswish(input: Any, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """``x * relu6(x + 3) / 6`` (Howard et al., 2019).

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.hardswish(mg.tensor([-4.0, 0.0, 4.0]))
    Tensor([-0.,  0.,  4.])
    """
    x = _x(input, constant)
    return write_back(input, x * hardtanh(x + 3, 0.0, 6.0) / 6, inplace)


def mish(input: Any, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """``x * tanh(softplus(x))`` (Misra, 2019), with ``softplus(x) = logaddexp(0, x)`` (no overflow).

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.mish(mg.tensor([0.0, 100.0]))
    Tensor([  0., 100.])
    """
    x = _x(input, constant)
    return write_back(input, x * tanh(logaddexp(_zero(x), x)), inplace)


def logsigmoid(input: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``log(sigmoid(x)) = -logaddexp(0, -x)``, finite for any finite input.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.logsigmoid(mg.tensor([0.0, -1000.0])).data.round(4).tolist()
    [-0.6931, -1000.0]
    """
    x = _x(input, constant)
    return -logaddexp(_zero(x), -x)


def softmin(input: Any, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Any = None, *,
            constant: Optional[bool] = None) -> Tensor:
    """``softmax(-x)`` along ``dim``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.softmin(mg.tensor([0.0, 1e4]), dim=0)
    Tensor([1., 0.])
    """
    return softmax(-_x(input, constant), dim, _stacklevel, dtype)


def celu(input: Any, alpha: float = 1.0, inplace: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` (Barron, 2017).

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.celu(mg.tensor([2.0, -1000.0]), alpha=0.5)
    Tensor([ 2. , -0.5])
    """
    if check_real("celu: alpha", alpha) == 0:
        raise ValueError("celu: alpha must not be 0 (ZeroDivisionError in PyTorch)")
    x = _x(input, constant)
    positive = data_of(x) > 0
    negative_part = alpha * expm1(minimum(x, _zero(x)) / alpha)
    return write_back(input, x * positive + negative_part * ~positive, inplace)


def softshrink(input: Any, lambd: float = 0.5, *, constant: Optional[bool] = None) -> Tensor:
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 between.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.softshrink(mg.tensor([-2.0, 0.2, 1.5]), 0.5)
    Tensor([-1.5,  0. ,  1. ])
    """
    if check_real("softshrink: lambd", lambd) < 0:
        raise ValueError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    x = _x(input, constant)
    outside = np.abs(data_of(x)) > lambd
    shift = (lambd * np.sign(data_of(x)) * outside).astype(x.dtype)
    return x * outside - shift + 0.0  # (+ 0.0: zeros are +0 as in PyTorch, not -0)


def hardshrink(input: Any, lambd: float = 0.5, *, constant: Optional[bool] = None) -> Tensor:
    """``x`` where ``|x| > lambd``, else 0.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.hardshrink(mg.tensor([-2.0, 0.2, 1.5]), 0.5)
    Tensor([-2. ,  0. ,  1.5])
    """
    check_real("hardshrink: lambd", lambd)
    x = _x(input, constant)
    return x * (np.abs(data_of(x)) > lambd)


def tanhshrink(input: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x - tanh(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.tanhshrink(mg.tensor([0.0]))
    Tensor([0.])
    """
    x = _x(input, constant)
    return x - tanh(x)


def threshold(input: Any, threshold: float, value: float, inplace: bool = False, *,
              constant: Optional[bool] = None) -> Tensor:
    """``x`` where ``x > threshold``, else ``value``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.threshold(mg.tensor([-1.0, 0.5, 2.0]), 1.0, 20.0)
    Tensor([20., 20.,  2.])
    """
    check_real("threshold: threshold", threshold)
    check_real("threshold: value", value)
    x = _x(input, constant)
    above = data_of(x) > threshold
    return write_back(input, x * above + np.where(above, 0, value).astype(x.dtype), inplace)


def prelu(input: Any, weight: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x`` where ``x > 0``, else ``weight * x``, with one learnable slope per channel (axis 1) or one in all.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.prelu(mg.tensor([[-1.0, -1.0], [2.0, -2.0]]), mg.tensor([0.1, 0.5]))
    Tensor([[-0.1, -0.5],
            [ 2. , -1. ]])
    """
    x = _x(input, constant)
    w = _x(weight, True)
    if w.ndim > 1:
        raise ValueError(f"prelu: weight must be 1-D (one slope per channel); got shape {w.shape}")
    if w.size != 1:
        channels = x.shape[1] if x.ndim >= 2 else 1
        if w.size != channels:
            raise ValueError(f"prelu: Mismatch of parameter numbers and input channel size. Found parameter numbers "
                             f"= {w.size} and channel size = {channels}.")
        w = w.reshape((channels,) + (1,) * (x.ndim - 2))
    elif w.ndim:
        w = w.reshape(())
    positive = data_of(x) > 0
    return x * positive + w * x * ~positive


def rrelu(input: Any, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False, inplace: bool = False,
          *, generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """Randomized leaky ReLU (Xu et al., 2015): ``x`` where ``x >= 0``, else ``a * x``.

    In training ``a`` is drawn for every element from U(lower, upper) (from
    ``generator``, NumPy's global state by default); otherwise it is the
    fixed ``(lower + upper) / 2``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.rrelu(mg.tensor([-3.0, 2.0]), 0.1, 0.3)
    Tensor([-0.6,  2. ])
    """
    check_real("rrelu: lower", lower)
    check_real("rrelu: upper", upper)
    if lower > upper:
        raise ValueError(f"Lower bound should be less than or equal to the upper bound; got lower={lower}, "
                         f"upper={upper}")
    x = _x(input, constant)
    if training:
        u = draw_unit_floats(resolve_source(generator), x.shape, np.float64 if x.dtype.itemsize >= 8 else np.float32)
        slope = (lower + (upper - lower) * u).astype(x.dtype)
    else:
        slope = np.asarray((lower + upper) / 2, dtype=x.dtype)
    negative = data_of(x) < 0
    return write_back(input, x * np.where(negative, slope, 1).astype(x.dtype), inplace)
