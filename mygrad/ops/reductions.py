"""Reductions over axes: sum, mean, var, std, max, min, prod, and the cumulative cumsum, cumprod.

Every reduction takes ``axis`` (an int, a tuple of ints, negative ones
included, or None for all axes) and ``keepdims``, as NumPy does. A bad axis
raises NumPy's ``AxisError``, which names the axis and the number of
dimensions. Empty inputs behave as in NumPy: ``sum`` of nothing is 0,
``mean`` of nothing is nan (with NumPy's warning), ``max`` of nothing is an
error.

Gradient conventions
--------------------
* ``max``/``min``: at ties the gradient goes to the first of the tied
  extreme values (in C order, the one ``argmax``/``argmin`` picks) - a valid
  subgradient, and MyGrad's convention.
* ``prod``/``cumprod``: exact with zeros in the input (no division by zero).
* ``std``: where the standard deviation is exactly 0 the gradient is taken as 0.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Optional, Tuple

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from mygrad._arg_errors import explain, shape_of
from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.ufunc import register_sequential

__all__ = ["sum", "mean", "var", "std", "max", "min", "amax", "amin", "prod", "cumsum", "cumprod"]


def _reduced_axes(axis: Any, ndim: int) -> Tuple[int, ...]:
    """The (non-negative) axes a reduction over ``axis`` collapses."""
    if axis is None:
        return tuple(range(ndim))
    return normalize_axis_tuple(axis, ndim)


def _expand_reduced(grad: np.ndarray, shape: tuple, axis: Any, keepdims: bool) -> np.ndarray:
    """Re-insert the axes a reduction removed, so ``grad`` broadcasts against its input."""
    if keepdims:
        return grad
    return np.expand_dims(grad, _reduced_axes(axis, len(shape)))


def _reduced_size(shape: tuple, axis: Any) -> int:
    """How many input elements went into each element of the result."""
    return math.prod(shape[ax] for ax in _reduced_axes(axis, len(shape)))


class _Reduction(Operation):
    """Shared forward bookkeeping: ``self.axis`` and ``self.keepdims``."""

    def _bind(self, a, axis, keepdims):
        self.variables = (a,)
        self.axis, self.keepdims = axis, keepdims

    def _expand(self, grad):
        return _expand_reduced(grad, self.variables[0].data.shape, self.axis, self.keepdims)


class Sum(_Reduction):
    def __call__(self, a, axis=None, keepdims=False):
        self._bind(a, axis, keepdims)
        return np.sum(a.data, axis=axis, keepdims=keepdims)

    def backward_var(self, grad, index, **kwargs):
        # d(sum x)/dx_i = 1: every summed element gets the gradient of its sum
        return np.broadcast_to(self._expand(grad), self.variables[0].data.shape)


class Mean(_Reduction):
    def __call__(self, a, axis=None, keepdims=False):
        self._bind(a, axis, keepdims)
        return np.mean(a.data, axis=axis, keepdims=keepdims)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if x.size == 0:
            return np.zeros_like(x)
        # d(mean x)/dx_i = 1/N
        n = _reduced_size(x.shape, self.axis)
        return np.broadcast_to(self._expand(grad) / n, x.shape)


class Var(_Reduction):
    def __call__(self, a, axis=None, ddof=0, keepdims=False):
        self._bind(a, axis, keepdims)
        self.ddof = ddof
        return np.var(a.data, axis=axis, ddof=ddof, keepdims=keepdims)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if x.size == 0:
            return np.zeros_like(x)
        # var = sum (x - mean)^2 / (N - ddof):  d var/dx_i = 2 (x_i - mean)/(N - ddof)
        centered = x - np.mean(x, axis=self.axis, keepdims=True)
        dof = _reduced_size(x.shape, self.axis) - self.ddof
        scale = 2 / dof if dof else math.inf  # (ddof == N: the variance is inf, as NumPy's, and so is its slope)
        return self._expand(grad) * centered * scale


class Std(_Reduction):
    def __call__(self, a, axis=None, ddof=0, keepdims=False):
        self._bind(a, axis, keepdims)
        self.ddof = ddof
        self.out = np.std(a.data, axis=axis, ddof=ddof, keepdims=keepdims)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if x.size == 0:
            return np.zeros_like(x)
        # std = sqrt(var):  d std/dx_i = (x_i - mean) / ((N - ddof) std); taken as 0 where std == 0
        centered = x - np.mean(x, axis=self.axis, keepdims=True)
        std = self._expand(self.out)
        denominator = (_reduced_size(x.shape, self.axis) - self.ddof) * np.where(std == 0, 1, std)
        return np.where(std == 0, 0, self._expand(grad) * centered / denominator)


class _Extremum(_Reduction):
    """max/min: ``numpy_func`` picks the extreme value."""

    numpy_func = staticmethod(np.max)

    def __call__(self, a, axis=None, keepdims=False):
        self._bind(a, axis, keepdims)
        self.out = self.numpy_func(a.data, axis=axis, keepdims=keepdims)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if x.size == 0:
            return np.zeros_like(x)
        # d max/dx_i = 1 where x_i is the maximum. Among ties, only the first (in C order, as argmax
        # finds it) gets the gradient - MyGrad's convention. A nan is the max/min of its slice (as in NumPy).
        extreme = self._expand(self.out)
        is_extreme = (x == extreme) | (np.isnan(x) & np.isnan(extreme))
        lanes, undo = _as_lanes(is_extreme, self.axis)
        first = np.zeros_like(lanes)
        np.put_along_axis(first, np.argmax(lanes, axis=-1)[..., np.newaxis], True, axis=-1)
        return undo(first) * self._expand(grad)


class Max(_Extremum):
    numpy_func = staticmethod(np.max)


class Min(_Extremum):
    numpy_func = staticmethod(np.min)


class Prod(_Reduction):
    def __call__(self, a, axis=None, keepdims=False):
        self._bind(a, axis, keepdims)
        return np.prod(a.data, axis=axis, keepdims=keepdims)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if x.size == 0:
            return np.zeros_like(x)
        # d(prod x)/dx_i = prod_{j != i} x_j: the product of everything before i times
        # everything after i (exclusive cumulative products), so zeros need no division
        lanes, undo = _as_lanes(x, self.axis)
        others = _exclusive_cumprod(lanes) * np.flip(_exclusive_cumprod(np.flip(lanes, -1)), -1)
        return undo(np.reshape(grad, lanes.shape[:-1] + (1,)) * others)


def _as_lanes(x: np.ndarray, axis: Any) -> Tuple[np.ndarray, Any]:
    """``x`` with the elements each reduction result came from along its last axis, and the inverse map.

    ``lanes[k..., :]`` lists (in C order) the elements of ``x`` reduced into
    result ``k``; ``undo(lanes_like)`` puts an array of that shape back into
    ``x``'s layout.
    """
    axes = tuple(sorted(_reduced_axes(axis, x.ndim)))
    kept = tuple(ax for ax in range(x.ndim) if ax not in axes)
    moved = np.transpose(x, kept + axes)
    lanes = moved.reshape(moved.shape[: len(kept)] + (-1,))

    def undo(lanes_like: np.ndarray) -> np.ndarray:
        return np.transpose(lanes_like.reshape(moved.shape), np.argsort(kept + axes))

    return lanes, undo


def _exclusive_cumprod(lanes: np.ndarray) -> np.ndarray:
    """``out[..., i] = prod(lanes[..., :i])`` (1 for i = 0)."""
    out = np.ones_like(lanes)
    np.cumprod(lanes[..., :-1], axis=-1, out=out[..., 1:])
    return out


class CumSum(Operation):
    def __call__(self, a, axis=None):
        self.variables = (a,)
        self.axis = axis
        return np.cumsum(a.data, axis=axis)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        axis = -1 if self.axis is None else self.axis
        # y_i = sum_{j<=i} x_j:  dL/dx_j = sum_{i>=j} g_i, a reversed cumulative sum
        dx = np.flip(np.cumsum(np.flip(grad, axis), axis=axis), axis)
        return dx.reshape(x.shape)


class CumProd(Operation):
    def __call__(self, a, axis=None):
        self.variables = (a,)
        self.axis = axis
        self.out = np.cumprod(a.data, axis=axis)
        return self.out

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if self.axis is None:
            return self._lane_grad(grad, x.ravel(), self.out, 0).reshape(x.shape)
        return self._lane_grad(grad, x, self.out, self.axis)

    @staticmethod
    def _lane_grad(g: np.ndarray, x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:
        # y_i = prod_{j<=i} x_j:  dL/dx_k = sum_{i>=k} g_i prod_{j<=i, j!=k} x_j.
        # Before a lane's first zero this is revcumsum(g y)_k / x_k (x_k != 0 there).
        # At the first zero it is revcumsum(g y')_k, y' being the cumprod with that zero set to 1.
        # After the first zero every term contains it, so the gradient is 0.
        def revcumsum(v):
            return np.flip(np.cumsum(np.flip(v, axis), axis=axis), axis)

        is_zero = x == 0
        zeros_so_far = np.cumsum(is_zero, axis=axis)
        before_zero = zeros_so_far == 0
        first_zero = is_zero & (zeros_so_far == 1)
        dx = np.where(before_zero, revcumsum(g * y) / np.where(before_zero, x, 1), 0)
        if first_zero.any():
            y_skip = np.cumprod(np.where(first_zero, 1, x), axis=axis)
            dx = np.where(first_zero, revcumsum(g * y_skip), dx)
        return dx


_AXES = "axis: None, an int, or a tuple of distinct ints within the input's axes"


def _reduce(op_type: type, name: str, x: Any, kwargs: dict, constant: Optional[bool]) -> Tensor:
    """Run a reduction; a bad argument re-raises NumPy's error (same class) naming ``name`` and the arguments."""
    try:
        return execute_op(op_type, x, op_kwargs=kwargs, constant=constant)
    except Exception as error:
        expected = _AXES if op_type not in (CumSum, CumProd) else "axis: None or one int within the input's axes"
        if "keepdims" in kwargs:
            expected += "; keepdims: a bool"
        raise explain(error, name, expected, **kwargs, input_shape=shape_of(x)) from error


def _check_ddof(name: str, ddof: Any) -> None:
    if type(ddof) is not int and not isinstance(ddof, numbers.Real):  # (the common int skips the ABC check)
        raise TypeError(f"{name}: expected ddof to be a real number (usually 0 or 1); got ddof={ddof!r} "
                        f"of type {type(ddof).__name__}")


@implements_numpy_override(np.sum)
@register_sequential(np.add, "reduce")
def sum(x: Any, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Sum of elements over ``axis``; ``d/dx_i = 1``.

    Parameters
    ----------
    x : ArrayLike
    axis : None | int | tuple of ints
        The axes to sum over (negative ones count from the end); all by default.
    keepdims : bool
        Keep the summed axes, with size 1.
    constant : Optional[bool]
        If True, the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> mg.sum(x, axis=0)
    Tensor([4., 6.])
    """
    return _reduce(Sum, "sum", x, dict(axis=axis, keepdims=keepdims), constant)


@implements_numpy_override(np.mean)
def mean(x: Any, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Arithmetic mean over ``axis``; ``d/dx_i = 1/N`` for the ``N`` averaged elements.

    Parameters
    ----------
    x : ArrayLike
    axis : None | int | tuple of ints
        The axes to average over; all by default.
    keepdims : bool
        Keep the reduced axes, with size 1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0, 6.0])
    >>> m = mg.mean(x)
    >>> m.backward()
    >>> m, x.grad
    (Tensor(3.), array([0.33333333, 0.33333333, 0.33333333]))
    """
    return _reduce(Mean, "mean", x, dict(axis=axis, keepdims=keepdims), constant)


@implements_numpy_override(np.var)
def var(
    x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False, *, constant: Optional[bool] = None
) -> Tensor:
    """Variance ``sum((x - mean)^2) / (N - ddof)`` over ``axis``.

    ``d var/dx_i = 2 (x_i - mean) / (N - ddof)``.

    Parameters
    ----------
    x : ArrayLike
    axis : None | int | tuple of ints
        The axes to reduce; all by default.
    ddof : int
        "Delta degrees of freedom": the divisor is ``N - ddof``.
    keepdims : bool
        Keep the reduced axes, with size 1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 3.0])
    >>> v = mg.var(x)
    >>> v.backward()
    >>> v, x.grad
    (Tensor(1.), array([-1.,  1.]))
    """
    _check_ddof("var", ddof)
    return _reduce(Var, "var", x, dict(axis=axis, ddof=ddof, keepdims=keepdims), constant)


@implements_numpy_override(np.std)
def std(
    x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False, *, constant: Optional[bool] = None
) -> Tensor:
    """Standard deviation ``sqrt(var(x, axis, ddof))`` over ``axis``.

    ``d std/dx_i = (x_i - mean) / ((N - ddof) std)``; where the standard
    deviation is exactly 0 (all elements equal) the gradient is taken as 0.

    Parameters
    ----------
    x : ArrayLike
    axis : None | int | tuple of ints
        The axes to reduce; all by default.
    ddof : int
        "Delta degrees of freedom": the divisor is ``N - ddof``.
    keepdims : bool
        Keep the reduced axes, with size 1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([[1.0, 3.0], [5.0, 5.0]])
    >>> s = mg.std(x, axis=1)   # row 0: mean 2, deviations -1 and 1; row 1: all equal
    >>> s
    Tensor([1., 0.])
    >>> s.sum().backward()
    >>> x.grad                  # (x_i - mean) / (N std); 0 where std is 0
    array([[-0.5,  0.5],
           [ 0. ,  0. ]])
    """
    _check_ddof("std", ddof)
    return _reduce(Std, "std", x, dict(axis=axis, ddof=ddof, keepdims=keepdims), constant)


@implements_numpy_override(np.max)
@implements_numpy_override(np.amax)
@register_sequential(np.maximum, "reduce")
def max(x: Any, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Maximum over ``axis``.

    The gradient goes to the maximal element; when several tie for the
    maximum, the first of them (the one ``argmax`` picks) gets it.

    Parameters
    ----------
    x : ArrayLike
        Must not be empty along the reduced axes (NumPy raises ``ValueError``).
    axis : None | int | tuple of ints
        The axes to reduce; all by default.
    keepdims : bool
        Keep the reduced axes, with size 1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 5.0, 5.0])
    >>> mg.max(x).backward()
    >>> x.grad
    array([0., 1., 0.])
    """
    return _reduce(Max, "max", x, dict(axis=axis, keepdims=keepdims), constant)


@implements_numpy_override(np.min)
@implements_numpy_override(np.amin)
@register_sequential(np.minimum, "reduce")
def min(x: Any, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Minimum over ``axis``; among tied minima the first (the one ``argmin`` picks) gets the gradient.

    Parameters
    ----------
    x : ArrayLike
        Must not be empty along the reduced axes (NumPy raises ``ValueError``).
    axis : None | int | tuple of ints
        The axes to reduce; all by default.
    keepdims : bool
        Keep the reduced axes, with size 1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([[3.0, 1.0, 1.0], [2.0, 5.0, 4.0]])
    >>> m = mg.min(x, axis=1)   # also mg.amin
    >>> m
    Tensor([1., 2.])
    >>> m.sum().backward()
    >>> x.grad                  # 1 at each row's minimum; of the tied 1s, the first
    array([[0., 1., 0.],
           [1., 0., 0.]])
    """
    return _reduce(Min, "min", x, dict(axis=axis, keepdims=keepdims), constant)


amax = max
amin = min


@implements_numpy_override(np.prod)
@register_sequential(np.multiply, "reduce")
def prod(a: Any, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Product of elements over ``axis``; ``d/dx_i = prod_{j != i} x_j``.

    The gradient is computed from products of the other elements (no
    division), so it is exact when the input contains zeros.

    Parameters
    ----------
    a : ArrayLike
    axis : None | int | tuple of ints
        The axes to multiply over; all by default.
    keepdims : bool
        Keep the reduced axes, with size 1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([2.0, 0.0, 3.0])
    >>> mg.prod(x).backward()
    >>> x.grad
    array([0., 6., 0.])
    """
    return _reduce(Prod, "prod", a, dict(axis=axis, keepdims=keepdims), constant)


@implements_numpy_override(np.cumsum)
@register_sequential(np.add, "accumulate")
def cumsum(a: Any, axis: Optional[int] = None, *, constant: Optional[bool] = None) -> Tensor:
    """Cumulative sum along ``axis`` (of the flattened input when ``axis`` is None).

    ``dL/dx_j = sum_{i >= j} dL/dy_i``: a reversed cumulative sum of the gradient.

    Parameters
    ----------
    a : ArrayLike
    axis : Optional[int]
        The axis to accumulate along; None flattens first (as NumPy).
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0, 3.0])
    >>> y = mg.cumsum(x)
    >>> y.backward()
    >>> y, x.grad
    (Tensor([1., 3., 6.]), array([3., 2., 1.]))
    """
    return _reduce(CumSum, "cumsum", a, dict(axis=axis), constant)


@implements_numpy_override(np.cumprod)
@register_sequential(np.multiply, "accumulate")
def cumprod(a: Any, axis: Optional[int] = None, *, constant: Optional[bool] = None) -> Tensor:
    """Cumulative product along ``axis`` (of the flattened input when ``axis`` is None).

    ``dL/dx_k = sum_{i >= k} dL/dy_i prod_{j <= i, j != k} x_j``, correct
    when the input contains zeros. Before a lane's first zero it is computed
    as ``sum_{i >= k} dL/dy_i y_i / x_k``, which loses accuracy if the partial
    products ``y_i`` underflow (values near 1e-300).

    Parameters
    ----------
    a : ArrayLike
    axis : Optional[int]
        The axis to accumulate along; None flattens first (as NumPy).
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([2.0, 0.0, 3.0])
    >>> y = mg.cumprod(x)
    >>> y.backward()
    >>> y, x.grad
    (Tensor([2., 0., 0.]), array([1., 8., 0.]))
    """
    return _reduce(CumProd, "cumprod", a, dict(axis=axis), constant)
