"""Getting data into tensors: ``tensor`` and ``astensor``.

``Tensor(x)`` always copies; :func:`tensor` and :func:`astensor` are the
NumPy-like spellings (``np.array`` / ``np.asarray``) that can share memory
with ``x``, or return ``x`` itself when nothing would change. (``asarray``,
the way out to NumPy, is an op-layer function: :func:`mygrad.asarray`.)
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.tensor import Tensor

__all__ = ["tensor", "astensor"]


def tensor(
    arr_like: Any, dtype: Any = None, *, constant: Optional[bool] = None, copy: bool = True, ndmin: int = 0
) -> Tensor:
    """Create a tensor from array-like data (a copy by default).

    Parameters
    ----------
    arr_like : ArrayLike
        A number, a (nested) sequence, an ndarray or a tensor.
    dtype : Optional[DTypeLike]
        A float, integer or boolean dtype; by default inferred as NumPy would.
    constant : Optional[bool]
        If True, no gradient is computed for the tensor. By default a float
        tensor is differentiable and an integer/bool tensor is a constant.
    copy : bool, default True
        With ``copy=False`` a tensor ``arr_like`` that already has ``dtype``
        and ``constant`` is returned itself (graph and gradient included);
        an ndarray is shared rather than copied where NumPy can.
    ndmin : int, default 0
        Minimum number of dimensions; size-1 axes are prepended as needed.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.tensor([1, 2, 3])          # integers: a constant tensor
    Tensor([1, 2, 3])
    >>> mg.tensor(2.0).constant
    False
    >>> x = mg.tensor([1.0, 2.0])
    >>> mg.tensor(x, copy=False) is x      # nothing to change: x itself
    True
    """
    if isinstance(arr_like, Tensor) and copy is False and _tensor_fits(arr_like, dtype, constant):
        if not isinstance(ndmin, (int, np.integer)):
            raise TypeError(f"ndmin must be an integer; got {type(ndmin).__name__}")
        missing = ndmin - arr_like.ndim
        # as MyGrad: a view with leading size-1 axes, which stays in arr_like's graph
        return arr_like[(None,) * missing] if missing > 0 else arr_like
    return Tensor(arr_like, dtype=dtype, constant=constant, copy=copy, ndmin=ndmin)


def _tensor_fits(t: Tensor, dtype: Any, constant: Optional[bool]) -> bool:
    """True if ``t`` already has the requested dtype and constant flag."""
    return (dtype is None or np.dtype(dtype) == t.dtype) and (constant is None or constant is t.constant)


def astensor(t: Any, dtype: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """Convert to a tensor, returning ``t`` itself when nothing would change.

    Parameters
    ----------
    t : ArrayLike
        The data. A tensor with the requested ``dtype`` and ``constant`` is
        returned unchanged (its graph and gradient kept); an ndarray is shared
        rather than copied where possible.
    dtype : Optional[DTypeLike]
        The data type; by default that of ``t``.
    constant : Optional[bool]
        If True, no gradient is computed for the result. By default that of
        a tensor ``t``, else inferred from the dtype.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0])
    >>> mg.astensor(x) is x
    True
    """
    if isinstance(t, Tensor) and _tensor_fits(t, dtype, constant):
        return t
    return Tensor(t, dtype=dtype, constant=constant, copy=False)
