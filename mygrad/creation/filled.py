"""Tensors of one value: ``empty``, ``zeros``, ``ones``, ``full``, their ``*_like`` forms, ``eye``, ``identity``.

See :mod:`mygrad.creation` for the ``constant`` rule of the ``*_like`` functions.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from mygrad._arg_errors import explained as _explained
from mygrad.autodiff.tensor import Tensor, data_of
from mygrad.ops.numpy_protocol import implements_numpy_override

__all__ = ["empty", "empty_like", "zeros", "zeros_like", "ones", "ones_like", "full", "full_like", "eye", "identity"]

Shape = Union[int, Sequence[int]]


def _new(data: np.ndarray, constant: Optional[bool]) -> Tensor:
    """Wrap freshly made data (no copy); validates ``constant`` against the dtype."""
    return Tensor(data, constant=constant, copy=False)

_SHAPE = "shape: a non-negative int or a sequence of them; dtype: None or a NumPy dtype"
_LIKE = "shape: None, a non-negative int or a sequence of them; dtype: None or a NumPy dtype"


def _like_constant(other: Any, constant: Optional[bool]) -> Optional[bool]:
    """``constant`` for a ``*_like`` result: True unless ``other`` is a non-constant tensor.

    For a non-constant tensor the answer is left to the result's dtype (None):
    a float result is differentiable, an integer one a constant.
    """
    if constant is not None:
        return constant
    return None if isinstance(other, Tensor) and not other.constant else True


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
