"""Tensor creation: NumPy's array-creation routines, returning tensors.

Each function mirrors its NumPy namesake and adds the keyword-only
``constant`` flag. Following MyGrad, ``zeros``, ``ones`` and ``empty``
default to float32 (the dtype models are trained in); everything else takes
NumPy's default dtype. None of these functions is differentiable in its
arguments: the results are new leaves of the graph.

``constant`` (all functions)
    If True, no gradient is computed for the tensor. By default a float
    tensor is not constant and an integer/bool tensor is (integer tensors
    must be constant). The ``*_like`` functions follow MyGrad's rule: the
    result is a constant unless ``other`` is a non-constant tensor, in which
    case the dtype decides (so ``ones_like`` of a NumPy array is a constant).
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from mygrad._arg_errors import explain
from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.tensor import data_of
from mygrad.autodiff.tensor import Tensor

__all__ = [
    "empty",
    "empty_like",
    "zeros",
    "zeros_like",
    "ones",
    "ones_like",
    "full",
    "full_like",
    "eye",
    "identity",
    "arange",
    "linspace",
    "logspace",
    "geomspace",
]

Shape = Union[int, Sequence[int]]


def _new(data: np.ndarray, constant: Optional[bool]) -> Tensor:
    """Wrap freshly made data (no copy); validates ``constant`` against the dtype."""
    return Tensor(data, constant=constant, copy=False)


_SHAPE = "shape: a non-negative int or a sequence of them; dtype: None or a NumPy dtype"
_LIKE = "shape: None, a non-negative int or a sequence of them; dtype: None or a NumPy dtype"
_RANGE = "num: a non-negative int; dtype: None or a NumPy dtype; axis: an int within the result's axes"


def _explained(expected: str) -> Callable[[Callable[..., Tensor]], Callable[..., Tensor]]:
    """Re-raise a NumPy argument error (same class) naming the function, the arguments given and ``expected``."""

    def decorate(func: Callable[..., Tensor]) -> Callable[..., Tensor]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Tensor:
            try:
                return func(*args, **kwargs)
            except Exception as error:
                raise explain(error, func.__name__, expected, **_given(func, args, kwargs)) from error

        return wrapper

    return decorate


def _given(func: Callable[..., Any], args: tuple, kwargs: dict) -> dict:
    """The arguments of a call by parameter name (the shapes of array arguments, not their values)."""
    try:
        bound = inspect.signature(func).bind(*args, **kwargs).arguments
    except TypeError:  # the call did not fit the signature: report it positionally
        bound = {"args": args, **kwargs}
    return {name: _brief(value) for name, value in bound.items() if name != "constant"}


def _brief(value: Any) -> Any:
    if isinstance(value, (Tensor, np.ndarray)):
        return f"<{type(value).__name__} of shape {value.shape}, dtype {value.dtype}>"
    return value


def _like_constant(other: Any, constant: Optional[bool]) -> Optional[bool]:
    """``constant`` for a ``*_like`` result: True unless ``other`` is a non-constant tensor.

    For a non-constant tensor the answer is left to the result's dtype (None):
    a float result is differentiable, an integer one a constant.
    """
    if constant is not None:
        return constant
    return None if isinstance(other, Tensor) and not other.constant else True


# -------------------------------------------------------------------- filled arrays
@implements_numpy_override(np.empty)
@_explained(_SHAPE)
def empty(shape: Shape, dtype: Any = np.float32, *, constant: Optional[bool] = None) -> Tensor:
    """A tensor of the given shape and dtype with uninitialised values.

    Parameters
    ----------
    shape : int or Sequence[int]
        The shape of the tensor.
    dtype : DTypeLike, default float32
        The data type.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        Uninitialised data (whatever was in memory).

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.empty((2, 3)).shape
    (2, 3)
    """
    return _new(np.empty(shape, dtype=dtype), constant)


@implements_numpy_override(np.zeros)
@_explained(_SHAPE)
def zeros(shape: Shape, dtype: Any = np.float32, *, constant: Optional[bool] = None) -> Tensor:
    """A tensor of the given shape and dtype filled with zeros.

    Parameters
    ----------
    shape : int or Sequence[int]
        The shape of the tensor.
    dtype : DTypeLike, default float32
        The data type.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        A tensor of zeros.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.zeros(3)
    Tensor([0., 0., 0.], dtype=float32)
    >>> mg.zeros((2, 1), dtype=int)
    Tensor([[0],
            [0]])
    """
    return _new(np.zeros(shape, dtype=dtype), constant)


@implements_numpy_override(np.ones)
@_explained(_SHAPE)
def ones(shape: Shape, dtype: Any = np.float32, *, constant: Optional[bool] = None) -> Tensor:
    """A tensor of the given shape and dtype filled with ones.

    Parameters
    ----------
    shape : int or Sequence[int]
        The shape of the tensor.
    dtype : DTypeLike, default float32
        The data type.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        A tensor of ones.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.ones((2, 2), dtype=float)
    Tensor([[1., 1.],
            [1., 1.]])
    """
    return _new(np.ones(shape, dtype=dtype), constant)


@implements_numpy_override(np.full)
@_explained(_SHAPE)
def full(shape: Shape, fill_value: Any, dtype: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """A tensor of the given shape filled with ``fill_value``.

    Parameters
    ----------
    shape : int or Sequence[int]
        The shape of the tensor.
    fill_value : ArrayLike
        The value(s), broadcast to ``shape``. Not differentiated through.
    dtype : Optional[DTypeLike]
        The data type; by default that of ``fill_value``.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        A tensor filled with ``fill_value``.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.full((2, 2), 7.0)
    Tensor([[7., 7.],
            [7., 7.]])
    """
    return _new(np.full(shape, data_of(fill_value), dtype=dtype), constant)


@implements_numpy_override(np.empty_like)
@_explained(_LIKE)
def empty_like(
    other: Any, dtype: Any = None, shape: Optional[Shape] = None, *, constant: Optional[bool] = None
) -> Tensor:
    """An uninitialised tensor with the shape and dtype of ``other``.

    Parameters
    ----------
    other : ArrayLike
        The tensor or array whose shape and dtype are copied.
    dtype : Optional[DTypeLike]
        Override the dtype.
    shape : Optional[int or Sequence[int]]
        Override the shape.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor. By default the
        result is a constant unless ``other`` is a non-constant tensor.

    Returns
    -------
    Tensor
        Uninitialised data.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.empty_like(mg.zeros((2, 3))).shape
    (2, 3)
    """
    data = np.empty_like(data_of(other), dtype=dtype, shape=shape)
    return _new(data, _like_constant(other, constant))


@implements_numpy_override(np.zeros_like)
@_explained(_LIKE)
def zeros_like(
    other: Any, dtype: Any = None, shape: Optional[Shape] = None, *, constant: Optional[bool] = None
) -> Tensor:
    """A tensor of zeros with the shape and dtype of ``other``.

    Parameters
    ----------
    other : ArrayLike
        The tensor or array whose shape and dtype are copied.
    dtype : Optional[DTypeLike]
        Override the dtype.
    shape : Optional[int or Sequence[int]]
        Override the shape.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor. By default the
        result is a constant unless ``other`` is a non-constant tensor.

    Returns
    -------
    Tensor
        A tensor of zeros.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.zeros_like(mg.tensor([1.0, 2.0], constant=True))
    Tensor([0., 0.])
    """
    data = np.zeros_like(data_of(other), dtype=dtype, shape=shape)
    return _new(data, _like_constant(other, constant))


@implements_numpy_override(np.ones_like)
@_explained(_LIKE)
def ones_like(
    other: Any, dtype: Any = None, shape: Optional[Shape] = None, *, constant: Optional[bool] = None
) -> Tensor:
    """A tensor of ones with the shape and dtype of ``other``.

    Parameters
    ----------
    other : ArrayLike
        The tensor or array whose shape and dtype are copied.
    dtype : Optional[DTypeLike]
        Override the dtype.
    shape : Optional[int or Sequence[int]]
        Override the shape.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor. By default the
        result is a constant unless ``other`` is a non-constant tensor.

    Returns
    -------
    Tensor
        A tensor of ones.

    Examples
    --------
    >>> import mygrad as mg
    >>> import numpy as np
    >>> mg.ones_like([[1, 2, 3]])
    Tensor([[1, 1, 1]])
    >>> mg.ones_like(np.zeros(2)).constant       # an array in: a constant out
    True
    >>> mg.ones_like(mg.tensor([0.0, 0.0])).constant
    False
    """
    data = np.ones_like(data_of(other), dtype=dtype, shape=shape)
    return _new(data, _like_constant(other, constant))


@implements_numpy_override(np.full_like)
@_explained(_LIKE)
def full_like(
    other: Any,
    fill_value: Any,
    dtype: Any = None,
    shape: Optional[Shape] = None,
    constant: Optional[bool] = None,
) -> Tensor:
    """A tensor filled with ``fill_value``, with the shape and dtype of ``other``.

    Parameters
    ----------
    other : ArrayLike
        The tensor or array whose shape and dtype are copied.
    fill_value : ArrayLike
        The value(s), cast to the dtype. Not differentiated through.
    dtype : Optional[DTypeLike]
        Override the dtype.
    shape : Optional[int or Sequence[int]]
        Override the shape.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor. By default the
        result is a constant unless ``other`` is a non-constant tensor.

    Returns
    -------
    Tensor
        A tensor filled with ``fill_value``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import numpy as np
    >>> mg.full_like([1, 2, 3], 7.9)     # the integer dtype of `other` wins
    Tensor([7, 7, 7])
    >>> mg.full_like(np.zeros(2), 1.5).constant   # not a non-constant tensor: a constant
    True
    >>> mg.full_like(mg.zeros(2), 1.5).constant
    False
    """
    data = np.full_like(data_of(other), data_of(fill_value), dtype=dtype, shape=shape)
    return _new(data, _like_constant(other, constant))


@implements_numpy_override(np.eye)
@_explained("N, M: non-negative ints (M None for N); k: an int; dtype: a NumPy dtype")
def eye(
    N: int, M: Optional[int] = None, k: int = 0, dtype: Any = float, *, constant: Optional[bool] = None
) -> Tensor:
    """A 2-D tensor with ones on the ``k``-th diagonal and zeros elsewhere.

    Parameters
    ----------
    N : int
        Number of rows.
    M : Optional[int]
        Number of columns; ``N`` by default.
    k : int, default 0
        The diagonal: 0 the main one, positive above it, negative below.
    dtype : DTypeLike, default float
        The data type.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        An ``(N, M)`` tensor.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.eye(2, 3, k=1)
    Tensor([[0., 1., 0.],
            [0., 0., 1.]])
    """
    return _new(np.eye(N, M=M, k=k, dtype=dtype), constant)


@implements_numpy_override(np.identity)
@_explained("n: a non-negative int; dtype: a NumPy dtype")
def identity(n: int, dtype: Any = float, *, constant: Optional[bool] = None) -> Tensor:
    """The ``(n, n)`` identity matrix as a tensor.

    Parameters
    ----------
    n : int
        Number of rows and columns.
    dtype : DTypeLike, default float
        The data type.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The identity matrix.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.identity(2, dtype=int)
    Tensor([[1, 0],
            [0, 1]])
    """
    return _new(np.identity(n, dtype=dtype), constant)


# -------------------------------------------------------------------- numerical ranges
@implements_numpy_override(np.arange)
@_explained("numbers start, stop, step (a non-zero step); dtype: None or a NumPy dtype")
def arange(*args: Any, constant: Optional[bool] = None, **kwargs: Any) -> Tensor:
    """Evenly spaced values in ``[start, stop)``, with ``numpy.arange``'s arguments.

    Called as ``arange(stop)``, ``arange(start, stop)`` or
    ``arange(start, stop, step)``, optionally followed by ``dtype``; each may
    also be given by keyword (``arange(stop=3)``).

    Parameters
    ----------
    start : Real, default 0
        The first value.
    stop : Real
        The end of the interval (excluded, except for floating-point round-off).
    step : Real, default 1
        The spacing between values.
    dtype : Optional[DTypeLike]
        The data type; by default inferred from the arguments, as in NumPy.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The 1-D tensor of values.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.arange(3)
    Tensor([0, 1, 2])
    >>> mg.arange(1.0, 2.0, 0.5)
    Tensor([1. , 1.5])
    >>> mg.arange(stop=2.0, constant=True).constant
    True
    """
    args = tuple(data_of(arg) for arg in args)
    kwargs = {name: data_of(value) for name, value in kwargs.items()}
    return _new(np.arange(*args, **kwargs), constant)


@implements_numpy_override(np.linspace)
@_explained(_RANGE)
def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    dtype: Any = None,
    axis: int = 0,
    *,
    constant: Optional[bool] = None,
) -> Tensor:
    """``num`` evenly spaced values from ``start`` to ``stop``.

    Parameters
    ----------
    start, stop : ArrayLike
        The ends of the interval (arrays give one sequence per element).
    num : int, default 50
        How many values.
    endpoint : bool, default True
        Include ``stop``.
    dtype : Optional[DTypeLike]
        The data type; float by default.
    axis : int, default 0
        For array ``start``/``stop``: the axis of the result holding the samples.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.linspace(0, 1, 5)
    Tensor([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    data = np.linspace(data_of(start), data_of(stop), num=num, endpoint=endpoint, dtype=dtype, axis=axis)
    return _new(data, constant)


@implements_numpy_override(np.logspace)
@_explained(_RANGE)
def logspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    base: Any = 10,
    dtype: Any = None,
    axis: int = 0,
    *,
    constant: Optional[bool] = None,
) -> Tensor:
    """``num`` values from ``base**start`` to ``base**stop``, evenly spaced on a log scale.

    Parameters
    ----------
    start, stop : ArrayLike
        The exponents of the first and last values.
    num : int, default 50
        How many values.
    endpoint : bool, default True
        Include ``base**stop``.
    base : ArrayLike, default 10
        The base of the log space.
    dtype : Optional[DTypeLike]
        The data type; float by default.
    axis : int, default 0
        For array inputs: the axis of the result holding the samples.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.logspace(0, 2, 3)
    Tensor([  1.,  10., 100.])
    """
    data = np.logspace(
        data_of(start), data_of(stop), num=num, endpoint=endpoint, base=data_of(base), dtype=dtype, axis=axis
    )
    return _new(data, constant)


@implements_numpy_override(np.geomspace)
@_explained(_RANGE + "; start and stop: non-zero")
def geomspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    dtype: Any = None,
    axis: int = 0,
    *,
    constant: Optional[bool] = None,
) -> Tensor:
    """``num`` values from ``start`` to ``stop`` forming a geometric progression.

    Parameters
    ----------
    start, stop : ArrayLike
        The first and last values (non-zero).
    num : int, default 50
        How many values.
    endpoint : bool, default True
        Include ``stop``.
    dtype : Optional[DTypeLike]
        The data type; float by default.
    axis : int, default 0
        For array inputs: the axis of the result holding the samples.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.geomspace(1, 8, 4)
    Tensor([1., 2., 4., 8.])
    """
    data = np.geomspace(data_of(start), data_of(stop), num=num, endpoint=endpoint, dtype=dtype, axis=axis)
    return _new(data, constant)
