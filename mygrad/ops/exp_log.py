"""Exponentials and logarithms: exp, expm1, exp2, log, log1p, log2, log10, logaddexp, logaddexp2.

Each op's backward states its derivative. Constants such as ``ln 2`` are
Python floats, so float32 data stays float32 (NumPy 2 treats Python
scalars as "weak").
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.ufunc import BinaryUfunc, UnaryUfunc, as_ufunc

__all__ = ["exp", "expm1", "exp2", "log", "log1p", "log2", "log10", "logaddexp", "logaddexp2"]

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


class Exp(UnaryUfunc):
    numpy_ufunc = np.exp
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        return self.product(grad, self.out)  # d(e^x)/dx = e^x


class Expm1(UnaryUfunc):
    numpy_ufunc = np.expm1

    def backward_var(self, grad, index, **kwargs):
        return grad * np.exp(self.variables[0].data)  # d(e^x - 1)/dx = e^x


class Exp2(UnaryUfunc):
    numpy_ufunc = np.exp2
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        return grad * self.out * _LN2  # d(2^x)/dx = 2^x ln 2


class Log(UnaryUfunc):
    numpy_ufunc = np.log

    def backward_var(self, grad, index, **kwargs):
        return grad / self.variables[0].data  # d(ln x)/dx = 1/x


class Log1p(UnaryUfunc):
    numpy_ufunc = np.log1p

    def backward_var(self, grad, index, **kwargs):
        return grad / (1 + self.variables[0].data)  # d(ln(1 + x))/dx = 1/(1 + x)


class Log2(UnaryUfunc):
    numpy_ufunc = np.log2

    def backward_var(self, grad, index, **kwargs):
        return grad / (self.variables[0].data * _LN2)  # d(log2 x)/dx = 1/(x ln 2)


class Log10(UnaryUfunc):
    numpy_ufunc = np.log10

    def backward_var(self, grad, index, **kwargs):
        return grad / (self.variables[0].data * _LN10)  # d(log10 x)/dx = 1/(x ln 10)


class LogAddExp(BinaryUfunc):
    numpy_ufunc = np.logaddexp
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        # d/dx1 ln(e^x1 + e^x2) = e^x1 / (e^x1 + e^x2) = exp(x1 - out);
        # x1 - out <= 0, so this never overflows (it is 1/(1 + e^(x2 - x1)))
        return grad * np.exp(self.variables[index].data - self.out)


class LogAddExp2(BinaryUfunc):
    numpy_ufunc = np.logaddexp2
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        # d/dx1 log2(2^x1 + 2^x2) = 2^x1 / (2^x1 + 2^x2) = 2^(x1 - out), overflow-free
        return grad * np.exp2(self.variables[index].data - self.out)


@as_ufunc(np.exp)
def exp(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``e ** x``; ``d/dx = e ** x``.

    Parameters
    ----------
    x : ArrayLike
        The exponent.
    constant : Optional[bool]
        If True, the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = mg.exp(x)
    >>> y.backward()
    >>> x.grad
    array([1.        , 2.71828183])
    """
    return execute_op(Exp, x, constant=constant)


@as_ufunc(np.expm1)
def expm1(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``e ** x - 1``, accurate for small ``x``; ``d/dx = e ** x``.

    Parameters
    ----------
    x : ArrayLike
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = mg.expm1(x)
    >>> y                       # [e^0 - 1, e^1 - 1]
    Tensor([0.        , 1.71828183])
    >>> y.sum().backward()
    >>> x.grad                  # d(e^x - 1)/dx = e^x
    array([1.        , 2.71828183])
    >>> mg.expm1(1e-10).item()  # exp(1e-10) - 1 would lose about half the digits
    1.00000000005e-10
    """
    return execute_op(Expm1, x, constant=constant)


@as_ufunc(np.exp2)
def exp2(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``2 ** x``; ``d/dx = 2 ** x ln 2``.

    Parameters
    ----------
    x : ArrayLike
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 3.0])
    >>> y = mg.exp2(x)
    >>> y
    Tensor([1., 8.])
    >>> y.sum().backward()
    >>> x.grad                  # d(2^x)/dx = 2^x ln 2
    array([0.69314718, 5.54517744])
    """
    return execute_op(Exp2, x, constant=constant)


@as_ufunc(np.log)
def log(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise natural logarithm; ``d/dx = 1/x``.

    Parameters
    ----------
    x : ArrayLike
        Positive values (as ``np.log``, 0 gives ``-inf`` and negatives ``nan``).
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 4.0])
    >>> mg.log(x).backward()
    >>> x.grad
    array([1.  , 0.25])
    """
    return execute_op(Log, x, constant=constant)


@as_ufunc(np.log1p)
def log1p(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``ln(1 + x)``, accurate for small ``x``; ``d/dx = 1/(1 + x)``.

    Parameters
    ----------
    x : ArrayLike
        Values greater than -1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = mg.log1p(x)
    >>> y                       # [ln 1, ln 2]
    Tensor([0.        , 0.69314718])
    >>> y.sum().backward()
    >>> x.grad                  # d ln(1 + x)/dx = 1 / (1 + x)
    array([1. , 0.5])
    """
    return execute_op(Log1p, x, constant=constant)


@as_ufunc(np.log2)
def log2(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise base-2 logarithm; ``d/dx = 1/(x ln 2)``.

    Parameters
    ----------
    x : ArrayLike
        Positive values.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 8.0])
    >>> y = mg.log2(x)
    >>> y
    Tensor([0., 3.])
    >>> y.sum().backward()
    >>> x.grad                  # d(log2 x)/dx = 1 / (x ln 2)
    array([1.44269504, 0.18033688])
    """
    return execute_op(Log2, x, constant=constant)


@as_ufunc(np.log10)
def log10(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise base-10 logarithm; ``d/dx = 1/(x ln 10)``.

    Parameters
    ----------
    x : ArrayLike
        Positive values.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 100.0])
    >>> y = mg.log10(x)
    >>> y
    Tensor([0., 2.])
    >>> y.sum().backward()
    >>> x.grad                  # d(log10 x)/dx = 1 / (x ln 10)
    array([0.43429448, 0.00434294])
    """
    return execute_op(Log10, x, constant=constant)


@as_ufunc(np.logaddexp)
def logaddexp(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``ln(e ** x1 + e ** x2)`` without overflow, with broadcasting.

    ``d/dx1 = 1 / (1 + e ** (x2 - x1))``, computed as ``exp(x1 - out)``,
    which cannot overflow; likewise for ``x2``.

    Parameters
    ----------
    x1, x2 : ArrayLike
        Inputs that broadcast together.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor(1000.0), mg.tensor(1000.0)
    >>> out = mg.logaddexp(a, b)
    >>> out.backward()
    >>> a.grad, b.grad
    (array(0.5), array(0.5))
    """
    return execute_op(LogAddExp, x1, x2, constant=constant)


@as_ufunc(np.logaddexp2)
def logaddexp2(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``log2(2 ** x1 + 2 ** x2)`` without overflow, with broadcasting.

    ``d/dx1 = 2 ** x1 / (2 ** x1 + 2 ** x2) = 2 ** (x1 - out)``; likewise for ``x2``.

    Parameters
    ----------
    x1, x2 : ArrayLike
        Inputs that broadcast together.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor([1.0, 3.0]), mg.tensor([1.0, 1.0])
    >>> y = mg.logaddexp2(a, b)
    >>> y                       # [log2(2 + 2), log2(8 + 2)]
    Tensor([2.        , 3.32192809])
    >>> y.sum().backward()
    >>> a.grad, b.grad          # d/da = 2^a / (2^a + 2^b), likewise for b
    (array([0.5, 0.8]), array([0.5, 0.2]))
    >>> mg.logaddexp2(1e4, 0.0)     # 2 ** 1e4 would overflow
    Tensor(10000.)
    """
    return execute_op(LogAddExp2, x1, x2, constant=constant)
