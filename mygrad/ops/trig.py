"""Trigonometric and hyperbolic functions and their inverses.

Each op's backward states its derivative; broadcasting (``arctan2``) is
undone by the :class:`~mygrad.autodiff.operation.Operation` base class.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.ufunc import BinaryUfunc, UnaryUfunc, as_ufunc
from mygrad.ops.ufunc_keywords import ufunc_keywords

__all__ = [
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "arctan2",
    "sinc",
    "sinh",
    "cosh",
    "tanh",
    "arcsinh",
    "arccosh",
    "arctanh",
]

_PI = math.pi


class Sin(UnaryUfunc):
    numpy_ufunc = np.sin

    def backward_var(self, grad, index, **kwargs):
        cos_x = self.temporary(np.cos, self.variables[0].data)  # d(sin x)/dx = cos x
        return np.multiply(grad, cos_x, out=cos_x)


class Cos(UnaryUfunc):
    numpy_ufunc = np.cos

    def backward_var(self, grad, index, **kwargs):
        sin_x = self.temporary(np.sin, self.variables[0].data)  # d(cos x)/dx = -sin x
        return np.multiply(grad, np.negative(sin_x, out=sin_x), out=sin_x)


class Tan(UnaryUfunc):
    numpy_ufunc = np.tan
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        return grad * (1 + self.out * self.out)  # d(tan x)/dx = 1 + tan^2 x


class Arcsin(UnaryUfunc):
    numpy_ufunc = np.arcsin

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad / np.sqrt(1 - x * x)  # d(arcsin x)/dx = 1/sqrt(1 - x^2)


class Arccos(UnaryUfunc):
    numpy_ufunc = np.arccos

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return -grad / np.sqrt(1 - x * x)  # d(arccos x)/dx = -1/sqrt(1 - x^2)


class Arctan(UnaryUfunc):
    numpy_ufunc = np.arctan

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad / (1 + x * x)  # d(arctan x)/dx = 1/(1 + x^2)


class Arctan2(BinaryUfunc):
    numpy_ufunc = np.arctan2

    def backward_var(self, grad, index, **kwargs):
        y, x = (v.data for v in self.variables)
        # d(arctan2(y, x))/dy = x/(x^2 + y^2), d/dx = -y/(x^2 + y^2)
        numerator = x if index == 0 else -y
        return grad * numerator / (x * x + y * y)


class Sinc(Operation):
    def __call__(self, a):
        self.variables = (a,)
        self.out = np.sinc(a.data)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        # sinc x = sin(pi x)/(pi x):  d/dx = (cos(pi x) - sinc x)/x.
        # That difference cancels badly near 0, where the Taylor series
        # -pi^2 x/3 + pi^4 x^3/30 is used instead (exact to rounding for |x| < 1e-3).
        small = np.abs(x) < 1e-3
        safe_x = np.where(small, 1, x)
        exact = (np.cos(_PI * x) - self.out) / safe_x
        x2 = x * x
        series = x * (-(_PI**2) / 3 + (_PI**4 / 30) * x2)
        return grad * np.where(small, series, exact)


class Sinh(UnaryUfunc):
    numpy_ufunc = np.sinh

    def backward_var(self, grad, index, **kwargs):
        return grad * np.cosh(self.variables[0].data)  # d(sinh x)/dx = cosh x


class Cosh(UnaryUfunc):
    numpy_ufunc = np.cosh

    def backward_var(self, grad, index, **kwargs):
        return grad * np.sinh(self.variables[0].data)  # d(cosh x)/dx = sinh x


class Tanh(UnaryUfunc):
    numpy_ufunc = np.tanh
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        d = self.temporary(np.square, self.out)  # d(tanh x)/dx = 1 - tanh^2 x
        np.subtract(1.0, d, out=d)  # (1.0: a float scalar converts faster than an int)
        return np.multiply(grad, d, out=d)


class Arcsinh(UnaryUfunc):
    numpy_ufunc = np.arcsinh

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad / np.sqrt(x * x + 1)  # d(arcsinh x)/dx = 1/sqrt(x^2 + 1)


class Arccosh(UnaryUfunc):
    numpy_ufunc = np.arccosh

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad / np.sqrt(x * x - 1)  # d(arccosh x)/dx = 1/sqrt(x^2 - 1)


class Arctanh(UnaryUfunc):
    numpy_ufunc = np.arctanh

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad / (1 - x * x)  # d(arctanh x)/dx = 1/(1 - x^2)


@as_ufunc(np.sin)
def sin(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise sine (radians); ``d/dx = cos x``.

    Parameters
    ----------
    x : ArrayLike
        Angles in radians.
    constant : Optional[bool]
        If True, the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 3.141592653589793])
    >>> mg.sin(x).backward()
    >>> x.grad
    array([ 1., -1.])
    """
    return execute_op(Sin, x, constant=constant)


@as_ufunc(np.cos)
def cos(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise cosine (radians); ``d/dx = -sin x``.

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
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.cos(x)
    >>> y
    Tensor([ 0.54030231, -0.41614684])
    >>> y.sum().backward()
    >>> x.grad                  # d(cos x)/dx = -sin x
    array([-0.84147098, -0.90929743])
    """
    return execute_op(Cos, x, constant=constant)


@as_ufunc(np.tan)
def tan(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise tangent (radians); ``d/dx = 1 + tan^2 x``.

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
    >>> x = mg.tensor([0.0, 0.5])
    >>> y = mg.tan(x)
    >>> y
    Tensor([0.        , 0.54630249])
    >>> y.sum().backward()
    >>> x.grad                  # d(tan x)/dx = 1 + tan^2 x
    array([1.        , 1.29844641])
    """
    return execute_op(Tan, x, constant=constant)


@as_ufunc(np.arcsin)
def arcsin(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse sine; ``d/dx = 1/sqrt(1 - x^2)`` (infinite at ``|x| = 1``).

    Parameters
    ----------
    x : ArrayLike
        Values in ``[-1, 1]``.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 0.5])
    >>> y = mg.arcsin(x)
    >>> y                       # [0, pi/6]
    Tensor([0.        , 0.52359878])
    >>> y.sum().backward()
    >>> x.grad                  # d(arcsin x)/dx = 1 / sqrt(1 - x^2)
    array([1.        , 1.15470054])
    """
    return execute_op(Arcsin, x, constant=constant)


@as_ufunc(np.arccos)
def arccos(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse cosine; ``d/dx = -1/sqrt(1 - x^2)`` (infinite at ``|x| = 1``).

    Parameters
    ----------
    x : ArrayLike
        Values in ``[-1, 1]``.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 0.5])
    >>> y = mg.arccos(x)
    >>> y                       # [pi/2, pi/3]
    Tensor([1.57079633, 1.04719755])
    >>> y.sum().backward()
    >>> x.grad                  # d(arccos x)/dx = -1 / sqrt(1 - x^2)
    array([-1.        , -1.15470054])
    """
    return execute_op(Arccos, x, constant=constant)


@as_ufunc(np.arctan)
def arctan(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse tangent; ``d/dx = 1/(1 + x^2)``.

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
    >>> y = mg.arctan(x)
    >>> y                       # [0, pi/4]
    Tensor([0.        , 0.78539816])
    >>> y.sum().backward()
    >>> x.grad                  # d(arctan x)/dx = 1 / (1 + x^2)
    array([1. , 0.5])
    """
    return execute_op(Arctan, x, constant=constant)


@as_ufunc(np.arctan2)
def arctan2(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise angle of the point ``(x2, x1)``, i.e. ``arctan(x1/x2)`` in the right quadrant.

    ``d/dx1 = x2/(x1^2 + x2^2)`` and ``d/dx2 = -x1/(x1^2 + x2^2)``; the
    gradient at the origin is undefined (nan).

    Parameters
    ----------
    x1, x2 : ArrayLike
        The y- and x-coordinates; they broadcast together.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> y, x = mg.tensor(1.0), mg.tensor(1.0)
    >>> mg.arctan2(y, x).backward()
    >>> y.grad, x.grad
    (array(0.5), array(-0.5))
    """
    return execute_op(Arctan2, x1, x2, constant=constant)


@ufunc_keywords
@implements_numpy_override(np.sinc)
def sinc(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """The normalised sinc function ``sin(pi x)/(pi x)`` (1 at 0), as ``np.sinc``.

    ``d/dx = (cos(pi x) - sinc x)/x``, and 0 at ``x = 0``.

    Parameters
    ----------
    a : ArrayLike
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.5, 1.5])
    >>> y = mg.sinc(x)
    >>> y                       # [2/pi, -2/(3 pi)]
    Tensor([ 0.63661977, -0.21220659])
    >>> y.sum().backward()
    >>> x.grad                  # d(sinc x)/dx = (cos(pi x) - sinc x) / x
    array([-1.27323954,  0.14147106])
    """
    return execute_op(Sinc, a, constant=constant)


@as_ufunc(np.sinh)
def sinh(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise hyperbolic sine; ``d/dx = cosh x``.

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
    >>> y = mg.sinh(x)
    >>> y
    Tensor([0.        , 1.17520119])
    >>> y.sum().backward()
    >>> x.grad                  # d(sinh x)/dx = cosh x
    array([1.        , 1.54308063])
    """
    return execute_op(Sinh, x, constant=constant)


@as_ufunc(np.cosh)
def cosh(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise hyperbolic cosine; ``d/dx = sinh x``.

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
    >>> y = mg.cosh(x)
    >>> y
    Tensor([1.        , 1.54308063])
    >>> y.sum().backward()
    >>> x.grad                  # d(cosh x)/dx = sinh x
    array([0.        , 1.17520119])
    """
    return execute_op(Cosh, x, constant=constant)


@as_ufunc(np.tanh)
def tanh(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise hyperbolic tangent; ``d/dx = 1 - tanh^2 x`` (uses the saved output).

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
    >>> x = mg.tensor([0.0, 100.0])
    >>> mg.tanh(x).backward()
    >>> x.grad
    array([1., 0.])
    """
    return execute_op(Tanh, x, constant=constant)


@as_ufunc(np.arcsinh)
def arcsinh(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse hyperbolic sine; ``d/dx = 1/sqrt(x^2 + 1)``.

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
    >>> y = mg.arcsinh(x)
    >>> y                       # [0, log(1 + sqrt 2)]
    Tensor([0.        , 0.88137359])
    >>> y.sum().backward()
    >>> x.grad                  # d(arcsinh x)/dx = 1 / sqrt(x^2 + 1)
    array([1.        , 0.70710678])
    """
    return execute_op(Arcsinh, x, constant=constant)


@as_ufunc(np.arccosh)
def arccosh(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse hyperbolic cosine; ``d/dx = 1/sqrt(x^2 - 1)`` (infinite at 1).

    Parameters
    ----------
    x : ArrayLike
        Values ``>= 1``.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.5, 2.0])
    >>> y = mg.arccosh(x)
    >>> y
    Tensor([0.96242365, 1.3169579 ])
    >>> y.sum().backward()
    >>> x.grad                  # d(arccosh x)/dx = 1 / sqrt(x^2 - 1)
    array([0.89442719, 0.57735027])
    """
    return execute_op(Arccosh, x, constant=constant)


@as_ufunc(np.arctanh)
def arctanh(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse hyperbolic tangent; ``d/dx = 1/(1 - x^2)``.

    Parameters
    ----------
    x : ArrayLike
        Values in ``(-1, 1)``.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 0.5])
    >>> y = mg.arctanh(x)
    >>> y                       # [0, log(3) / 2]
    Tensor([0.        , 0.54930614])
    >>> y.sum().backward()
    >>> x.grad                  # d(arctanh x)/dx = 1 / (1 - x^2)
    array([1.        , 1.33333333])
    """
    return execute_op(Arctanh, x, constant=constant)
