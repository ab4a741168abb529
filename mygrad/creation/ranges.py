"""Evenly spaced values: ``arange``, ``linspace``, ``logspace``, ``geomspace``, as tensors."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad._arg_errors import explained as _explained
from mygrad.autodiff.tensor import Tensor, data_of
from mygrad.ops.numpy_protocol import implements_numpy_override

__all__ = ["arange", "linspace", "logspace", "geomspace"]

_RANGE = "num: a non-negative int; dtype: None or a NumPy dtype; axis: an int within the result's axes"


def _new(data: np.ndarray, constant: Optional[bool]) -> Tensor:
    """Wrap freshly made data (no copy); validates ``constant`` against the dtype."""
    return Tensor(data, constant=constant, copy=False)


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
