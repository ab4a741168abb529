"""Reciprocal trigonometric and hyperbolic functions: ``csc``, ``sec``, ``cot``, ``csch`` ... and inverses.

NumPy has no ufuncs for these; MyGrad provides them, so mygrad does too.
Each op saves its output when the derivative is easiest written with it.

=========  ============================  =================================
function   definition                    derivative
=========  ============================  =================================
csc        1 / sin x                     -csc x cot x
sec        1 / cos x                     sec x tan x
cot        cos x / sin x                 -csc^2 x = -(1 + cot^2 x)
arccsc     arcsin(1/x),  abs(x) >= 1     -1 / (abs(x) sqrt(x^2 - 1))
arcsec     arccos(1/x),  abs(x) >= 1     1 / (abs(x) sqrt(x^2 - 1))
arccot     pi/2 - arctan x  (in (0, pi)) -1 / (1 + x^2)
csch       1 / sinh x                    -csch x coth x
sech       1 / cosh x                    -sech x tanh x
coth       cosh x / sinh x               1 - coth^2 x
arccsch    arcsinh(1/x)                  -1 / (abs(x) sqrt(1 + x^2))
arccoth    arctanh(1/x), abs(x) > 1      1 / (1 - x^2)
=========  ============================  =================================
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.ufunc_keywords import ufunc_keywords

__all__ = ["csc", "sec", "cot", "arccsc", "arcsec", "arccot", "csch", "sech", "coth", "arccsch", "arccoth"]


class Csc(Operation):
    def __call__(self, a):
        self.variables = (a,)
        self.out = 1 / np.sin(a.data)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        return -grad * self.out / np.tan(self.variables[0].data)  # d(csc x)/dx = -csc x cot x


class Sec(Operation):
    def __call__(self, a):
        self.variables = (a,)
        self.out = 1 / np.cos(a.data)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        return grad * self.out * np.tan(self.variables[0].data)  # d(sec x)/dx = sec x tan x


class Cot(Operation):
    def __call__(self, a):
        self.variables = (a,)
        self.out = 1 / np.tan(a.data)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        return -grad * (1 + self.out * self.out)  # d(cot x)/dx = -(1 + cot^2 x)


class Arccsc(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return np.arcsin(1 / a.data)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return -grad / (np.abs(x) * np.sqrt(x * x - 1))  # d(arccsc x)/dx = -1/(|x| sqrt(x^2 - 1))


class Arcsec(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return np.arccos(1 / a.data)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad / (np.abs(x) * np.sqrt(x * x - 1))  # d(arcsec x)/dx = 1/(|x| sqrt(x^2 - 1))


class Arccot(Operation):
    def __call__(self, a):
        self.variables = (a,)
        x = a.data
        with np.errstate(divide="ignore"):
            return np.where(x == 0, np.pi / 2, np.arctan(1 / x))  # MyGrad's branch: values in (-pi/2, pi/2]

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return -grad / (1 + x * x)  # d(arccot x)/dx = -1/(1 + x^2)


class Csch(Operation):
    def __call__(self, a):
        self.variables = (a,)
        self.out = 1 / np.sinh(a.data)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        return -grad * self.out / np.tanh(self.variables[0].data)  # d(csch x)/dx = -csch x coth x


class Sech(Operation):
    def __call__(self, a):
        self.variables = (a,)
        self.out = 1 / np.cosh(a.data)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        return -grad * self.out * np.tanh(self.variables[0].data)  # d(sech x)/dx = -sech x tanh x


class Coth(Operation):
    def __call__(self, a):
        self.variables = (a,)
        self.out = 1 / np.tanh(a.data)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        return grad * (1 - self.out * self.out)  # d(coth x)/dx = 1 - coth^2 x


class Arccsch(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return np.arcsinh(1 / a.data)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return -grad / (np.abs(x) * np.sqrt(1 + x * x))  # d(arccsch x)/dx = -1/(|x| sqrt(1 + x^2))


class Arccoth(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return np.arctanh(1 / a.data)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        return grad / (1 - x * x)  # d(arccoth x)/dx = 1/(1 - x^2)


@ufunc_keywords
def csc(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise cosecant, ``1 / sin(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.csc(mg.tensor(mg.pi / 2))
    Tensor(1.)
    """
    return execute_op(Csc, a, constant=constant)


@ufunc_keywords
def sec(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise secant, ``1 / cos(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = mg.sec(x)
    >>> y
    Tensor([1.        , 1.85081572])
    >>> y.sum().backward()
    >>> x.grad                  # d(sec x)/dx = sec x tan x
    array([0.       , 2.8824747])
    """
    return execute_op(Sec, a, constant=constant)


@ufunc_keywords
def cot(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise cotangent, ``cos(x) / sin(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([mg.pi / 4, 1.0])
    >>> y = mg.cot(x)
    >>> y
    Tensor([1.        , 0.64209262])
    >>> y.sum().backward()
    >>> x.grad                  # d(cot x)/dx = -(1 + cot^2 x)
    array([-2.        , -1.41228293])
    """
    return execute_op(Cot, a, constant=constant)


@ufunc_keywords
def arccsc(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse cosecant, ``arcsin(1 / x)``; real for ``|x| >= 1``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([2.0, -2.0])
    >>> y = mg.arccsc(x)
    >>> y                       # [pi/6, -pi/6]
    Tensor([ 0.52359878, -0.52359878])
    >>> y.sum().backward()
    >>> x.grad                  # d(arccsc x)/dx = -1 / (|x| sqrt(x^2 - 1))
    array([-0.28867513, -0.28867513])
    """
    return execute_op(Arccsc, a, constant=constant)


@ufunc_keywords
def arcsec(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse secant, ``arccos(1 / x)``; real for ``|x| >= 1``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([2.0, -2.0])
    >>> y = mg.arcsec(x)
    >>> y                       # [pi/3, 2 pi/3]
    Tensor([1.04719755, 2.0943951 ])
    >>> y.sum().backward()
    >>> x.grad                  # d(arcsec x)/dx = 1 / (|x| sqrt(x^2 - 1))
    array([0.28867513, 0.28867513])
    """
    return execute_op(Arcsec, a, constant=constant)


@ufunc_keywords
def arccot(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse cotangent, ``arctan(1 / x)`` (``pi/2`` at 0), with values in ``(-pi/2, pi/2]``.

    This is MyGrad's branch; the other common one, ``pi/2 - arctan(x)``,
    differs by ``pi`` for negative ``x``. The derivative is
    ``-1 / (1 + x^2)`` either way.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.arccot(mg.tensor([-1.0, 0.0, 1.0]))
    Tensor([-0.78539816,  1.57079633,  0.78539816])
    """
    return execute_op(Arccot, a, constant=constant)


@ufunc_keywords
def csch(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise hyperbolic cosecant, ``1 / sinh(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.csch(x)
    >>> y
    Tensor([0.85091813, 0.27572056])
    >>> y.sum().backward()
    >>> x.grad                  # d(csch x)/dx = -csch x coth x
    array([-1.11728553, -0.286009  ])
    """
    return execute_op(Csch, a, constant=constant)


@ufunc_keywords
def sech(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise hyperbolic secant, ``1 / cosh(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.sech(x)
    >>> y
    Tensor([0.64805427, 0.26580223])
    >>> y.sum().backward()
    >>> x.grad                  # d(sech x)/dx = -sech x tanh x
    array([-0.49355435, -0.25624068])
    """
    return execute_op(Sech, a, constant=constant)


@ufunc_keywords
def coth(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise hyperbolic cotangent, ``cosh(x) / sinh(x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.coth(x)
    >>> y
    Tensor([1.31303529, 1.03731472])
    >>> y.sum().backward()
    >>> x.grad                  # d(coth x)/dx = -csch^2 x
    array([-0.72406166, -0.07602183])
    """
    return execute_op(Coth, a, constant=constant)


@ufunc_keywords
def arccsch(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse hyperbolic cosecant, ``arcsinh(1 / x)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.arccsch(x)
    >>> y
    Tensor([0.88137359, 0.48121183])
    >>> y.sum().backward()
    >>> x.grad                  # d(arccsch x)/dx = -1 / (|x| sqrt(1 + x^2))
    array([-0.70710678, -0.2236068 ])
    """
    return execute_op(Arccsch, a, constant=constant)


@ufunc_keywords
def arccoth(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise inverse hyperbolic cotangent, ``arctanh(1 / x)``; real for ``|x| > 1``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([2.0, 3.0])
    >>> y = mg.arccoth(x)
    >>> y                       # [log(3) / 2, log(2) / 2]
    Tensor([0.54930614, 0.34657359])
    >>> y.sum().backward()
    >>> x.grad                  # d(arccoth x)/dx = 1 / (1 - x^2)
    array([-0.33333333, -0.125     ])
    """
    return execute_op(Arccoth, a, constant=constant)
