"""Arithmetic: + - * / // % ** and their elementwise relatives.

Each op's backward states its derivative; broadcasting is undone by the
:class:`~mygrad.autodiff.operation.Operation` base class, not here.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import execute_op
from mygrad._arg_errors import brief
from mygrad.autodiff.rewording import REWORDED, numpy_text, reword
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.ufunc import BinaryUfunc, UnaryUfunc, as_ufunc
from mygrad.ops.ufunc_keywords import _out_target, write_named_out

__all__ = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "power",
    "negative",
    "positive",
    "reciprocal",
    "square",
    "sqrt",
    "cbrt",
    "absolute",
    "abs",
    "maximum",
    "minimum",
    "clip",
]


class Add(BinaryUfunc):
    numpy_ufunc = np.add

    def backward_var(self, grad, index, **kwargs):
        return grad  # d(a + b)/da = d(a + b)/db = 1


class Subtract(BinaryUfunc):
    numpy_ufunc = np.subtract

    def backward_var(self, grad, index, **kwargs):
        return grad if index == 0 else -grad


class Multiply(BinaryUfunc):
    numpy_ufunc = np.multiply

    def backward_var(self, grad, index, **kwargs):
        return self.product(grad, self.variables[1 - index].data)  # d(ab)/da = b, d(ab)/db = a


class Divide(BinaryUfunc):
    numpy_ufunc = np.divide

    def backward_var(self, grad, index, **kwargs):
        a, b = self.variables
        if index == 0:
            return grad / b.data  # d(a/b)/da = 1/b
        return -grad * a.data / (b.data * b.data)  # d(a/b)/db = -a/b^2


class Power(BinaryUfunc):
    numpy_ufunc = np.power
    fresh_result = True

    def __call__(self, a, b):
        self.variables = (a, b)
        self.out = a.data ** b.data
        return self.out

    def backward_var(self, grad, index, **kwargs):
        a, b = self.variables
        if index == 0:  # d(a^b)/da = b a^(b-1); 0 where b == 0 (a^0 is constant, even at a == 0)
            return grad * b.data * a.data ** np.where(b.data == 0, 1, b.data - 1)
        # d(a^b)/db = a^b ln(a); taken as 0 where a == 0 (the limit for b > 0)
        safe_log = np.log(np.where(a.data == 0, 1, a.data))
        return grad * self.out * safe_log


class Negative(UnaryUfunc):
    numpy_ufunc = np.negative
    fresh_result = True

    def __call__(self, a):
        self.variables = (a,)
        return -a.data

    def backward_var(self, grad, index, **kwargs):
        return -grad


class Positive(UnaryUfunc):
    numpy_ufunc = np.positive
    fresh_result = True

    def __call__(self, a):
        self.variables = (a,)
        return +a.data

    def backward_var(self, grad, index, **kwargs):
        return grad


class Reciprocal(UnaryUfunc):
    numpy_ufunc = np.reciprocal
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        return -grad * self.out * self.out  # d(1/a)/da = -1/a^2


class Square(UnaryUfunc):
    numpy_ufunc = np.square
    fresh_result = True

    def __call__(self, a):
        self.variables = (a,)
        return a.data * a.data

    def backward_var(self, grad, index, **kwargs):
        return grad * 2 * self.variables[0].data  # d(a^2)/da = 2a


class Sqrt(UnaryUfunc):
    numpy_ufunc = np.sqrt
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        return grad / (2 * self.out)  # d(sqrt a)/da = 1 / (2 sqrt a)


class Cbrt(UnaryUfunc):
    numpy_ufunc = np.cbrt
    keeps_result = True

    def backward_var(self, grad, index, **kwargs):
        return grad / (3 * self.out * self.out)  # d(a^(1/3))/da = 1 / (3 a^(2/3))


class Absolute(UnaryUfunc):
    numpy_ufunc = np.absolute
    fresh_result = True

    def __call__(self, a, nan_to_num=True):
        self.variables = (a,)
        self.nan_to_num = nan_to_num
        return np.abs(a.data)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if self.nan_to_num:
            return grad * np.sign(x)  # d|x|/dx = sign(x); the subgradient 0 at x == 0
        with np.errstate(invalid="ignore"):
            return grad * (x / np.abs(x))  # undefined (nan) at x == 0


class Maximum(BinaryUfunc):
    numpy_ufunc = np.maximum

    def backward_var(self, grad, index, **kwargs):
        a, b = self.variables
        mine, other = (a.data, b.data) if index == 0 else (b.data, a.data)
        # the strictly larger input gets the gradient; at a tie neither does (MyGrad's convention)
        return grad * (mine > other)


class Minimum(BinaryUfunc):
    numpy_ufunc = np.minimum

    def backward_var(self, grad, index, **kwargs):
        a, b = self.variables
        mine, other = (a.data, b.data) if index == 0 else (b.data, a.data)
        return grad * (mine < other)  # as Maximum: at a tie neither input gets the gradient


@as_ufunc(np.add)
def add(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``x1 + x2``, with NumPy broadcasting.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.add(x, 3.0)
    >>> y.backward()
    >>> x.grad
    array([1., 1.])
    """
    return execute_op(Add, x1, x2, constant=constant)


@as_ufunc(np.subtract)
def subtract(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``x1 - x2``, with NumPy broadcasting.

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor([5.0, 1.0]), mg.tensor(2.0)
    >>> y = mg.subtract(a, b)   # b is broadcast
    >>> y
    Tensor([ 3., -1.])
    >>> y.sum().backward()
    >>> a.grad, b.grad          # d/da = 1; d/db = -1 for each of the 2 uses of b
    (array([1., 1.]), array(-2.))
    """
    return execute_op(Subtract, x1, x2, constant=constant)


@as_ufunc(np.multiply)
def multiply(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``x1 * x2``, with NumPy broadcasting.

    Examples
    --------
    >>> import mygrad as mg
    >>> x, y = mg.tensor(2.0), mg.tensor([1.0, 2.0, 3.0])
    >>> mg.multiply(x, y).backward()     # x was broadcast: its grad sums
    >>> x.grad, y.grad
    (array(6.), array([2., 2., 2.]))
    """
    return execute_op(Multiply, x1, x2, constant=constant)


@as_ufunc(np.divide, name="true_divide")  # the name MyGrad 2.5 gives it
def divide(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise true division ``x1 / x2``.

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor([1.0, 6.0]), mg.tensor([2.0, 3.0])
    >>> y = mg.divide(a, b)
    >>> y
    Tensor([0.5, 2. ])
    >>> y.sum().backward()
    >>> a.grad, b.grad          # d/da = 1/b; d/db = -a/b^2
    (array([0.5       , 0.33333333]), array([-0.25      , -0.66666667]))
    """
    return execute_op(Divide, x1, x2, constant=constant)


true_divide = divide


@as_ufunc(np.power)
def power(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``x1 ** x2``.

    ``d/dx1 = x2 x1^(x2-1)`` and ``d/dx2 = x1^x2 ln(x1)`` (taken as 0 where
    ``x1 == 0``). A constant Python exponent of 2 uses the cheaper square.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor(3.0)
    >>> (x ** 2).backward()
    >>> x.grad
    array(6.)
    """
    if type(x2) in (int, float) and x2 == 2 and isinstance(x1, Tensor) and x1.dtype.kind in "fc":
        return execute_op(Square, x1, constant=constant)
    return execute_op(Power, x1, x2, constant=constant)


@as_ufunc(np.negative)
def negative(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``-x``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, -2.0])
    >>> y = mg.negative(x)      # also written -x
    >>> y
    Tensor([-1.,  2.])
    >>> y.sum().backward()
    >>> x.grad                  # d(-x)/dx = -1
    array([-1., -1.])
    """
    return execute_op(Negative, x, constant=constant)


@as_ufunc(np.positive)
def positive(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``+x`` (a copy).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, -2.0])
    >>> y = mg.positive(x)      # also written +x
    >>> y, y is x               # equal values, a new tensor
    (Tensor([ 1., -2.]), False)
    >>> y.sum().backward()
    >>> x.grad                  # d(+x)/dx = 1
    array([1., 1.])
    """
    return execute_op(Positive, x, constant=constant)


@as_ufunc(np.reciprocal)
def reciprocal(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``1 / x``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([2.0, 4.0])
    >>> y = mg.reciprocal(x)
    >>> y
    Tensor([0.5 , 0.25])
    >>> y.sum().backward()
    >>> x.grad                  # d(1/x)/dx = -1/x^2
    array([-0.25  , -0.0625])
    """
    return execute_op(Reciprocal, x, constant=constant)


@as_ufunc(np.square)
def square(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``x ** 2``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-3.0, 2.0])
    >>> y = mg.square(x)
    >>> y
    Tensor([9., 4.])
    >>> y.sum().backward()
    >>> x.grad                  # d(x^2)/dx = 2x
    array([-6.,  4.])
    """
    return execute_op(Square, x, constant=constant)


@as_ufunc(np.sqrt)
def sqrt(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise non-negative square root.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([4.0, 9.0])
    >>> y = mg.sqrt(x)
    >>> y
    Tensor([2., 3.])
    >>> y.sum().backward()
    >>> x.grad                  # d(sqrt x)/dx = 1 / (2 sqrt x)
    array([0.25      , 0.16666667])
    """
    return execute_op(Sqrt, x, constant=constant)


@as_ufunc(np.cbrt)
def cbrt(x: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise cube root.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([8.0, -27.0])
    >>> y = mg.cbrt(x)          # real for negative x too
    >>> y
    Tensor([ 2., -3.])
    >>> y.sum().backward()
    >>> x.grad                  # d(x^(1/3))/dx = 1 / (3 x^(2/3))
    array([0.08333333, 0.03703704])
    """
    return execute_op(Cbrt, x, constant=constant)


@as_ufunc(np.absolute)
def absolute(x: Any, *, nan_to_num: bool = True, constant: Optional[bool] = None) -> Tensor:
    """Elementwise ``|x|``.

    The derivative ``sign(x)`` is undefined at 0: there the gradient is 0 (a
    subgradient), or nan with ``nan_to_num=False`` (MyGrad's keyword).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-2.0, 0.0, 3.0])
    >>> mg.absolute(x).backward()
    >>> x.grad
    array([-1.,  0.,  1.])
    """
    return execute_op(Absolute, x, op_kwargs=None if nan_to_num else {"nan_to_num": False}, constant=constant)


abs = absolute


@as_ufunc(np.maximum)
def maximum(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise maximum; at a tie neither input gets the gradient (MyGrad's convention).

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor([1.0, 5.0, 3.0]), mg.tensor([4.0, 2.0, 3.0])
    >>> y = mg.maximum(a, b)
    >>> y
    Tensor([4., 5., 3.])
    >>> y.sum().backward()
    >>> a.grad, b.grad          # 1 where that input is strictly larger; the tie gets 0
    (array([0., 1., 0.]), array([1., 0., 0.]))
    """
    return execute_op(Maximum, x1, x2, constant=constant)


@as_ufunc(np.minimum)
def minimum(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Elementwise minimum; at a tie neither input gets the gradient (MyGrad's convention).

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor([1.0, 5.0, 3.0]), mg.tensor([4.0, 2.0, 3.0])
    >>> y = mg.minimum(a, b)
    >>> y
    Tensor([1., 2., 3.])
    >>> y.sum().backward()
    >>> a.grad, b.grad          # 1 where that input is strictly smaller; the tie gets 0
    (array([1., 0., 0.]), array([0., 1., 0.]))
    """
    return execute_op(Minimum, x1, x2, constant=constant)


@implements_numpy_override(np.clip)
def clip(a: Any, a_min: Any = None, a_max: Any = None, out: Any = None, *,
         constant: Optional[bool] = None) -> Tensor:
    """Limit values to ``[a_min, a_max]``: ``minimum(maximum(a, a_min), a_max)``.

    It is that composition, so the gradient follows :func:`maximum` and
    :func:`minimum`: 1 for ``a`` strictly inside the bounds, and a bound
    that is a tensor gets the gradient where it clips. At a bound (a tie)
    nobody gets it, and where ``a_min > a_max`` every value is ``a_max``, as
    in NumPy. A missing bound (None) is no limit; with neither bound, ``a``
    itself is returned.

    ``out`` (a tensor or an array), as in MyGrad, receives the result: a
    tensor is written in place (differentiably) and returned; an array gets
    the values and becomes the data of the returned tensor.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([-2.0, 0.5, 3.0])
    >>> mg.clip(x, -1, 1).backward()
    >>> x.grad
    array([0., 1., 0.])
    >>> target = mg.zeros(3, dtype=float)
    >>> mg.clip(x, 0, 1, out=target) is target
    True
    >>> target
    Tensor([0. , 0.5, 1. ])
    """
    if out is not None:
        _out_target(out, "clip")  # (refused before any work, as NumPy does)
        return write_named_out(clip(a, a_min, a_max, constant=constant), out, "clip")
    if a_min is None and a_max is None:
        return a
    try:
        result = a if a_min is None else maximum(a, a_min, constant=constant)
        return result if a_max is None else minimum(result, a_max, constant=constant)
    except REWORDED as error:  # (named by the maximum/minimum op it failed in: name clip and its bounds)
        renamed = reword(error, f"clip(a={brief(a)}, a_min={brief(a_min)}, a_max={brief(a_max)}): "
                                f"{numpy_text(error)}")
        if renamed is error or type(renamed) is not type(error):
            raise
        raise renamed from error
