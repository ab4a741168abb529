"""Casting between dtypes."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad._arg_errors import explain, shape_of
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

__all__ = ["astype", "asarray"]


class AsType(Operation):
    def __call__(self, a, dtype):
        self.variables = (a,)
        return a.data.astype(dtype)

    def backward_var(self, grad, index, **kwargs):
        return grad  # the identity; the base class casts grad back to a's dtype


@implements_numpy_override(np.astype)
def astype(x: Any, dtype: Any, *, constant: Optional[bool] = None) -> Tensor:
    """A copy of ``x`` cast to ``dtype``.

    Float-to-float casts are differentiable (the gradient is cast back);
    casting to an integer or boolean dtype gives a constant tensor. (The
    ``Tensor.astype`` method, as MyGrad's, gives a new leaf outside the graph
    instead.)

    Parameters
    ----------
    x : ArrayLike
        The tensor (or array-like) to cast.
    dtype : DTypeLike
        The dtype to cast to.
    constant : Optional[bool]
        If True, the result is a constant; by default it is one when ``x``
        is a constant or ``dtype`` is not a float dtype.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.astype(mg.tensor([1.0, 2.0]), "float32")
    Tensor([1., 2.], dtype=float32)
    """
    try:
        dtype = np.dtype(dtype)
    except Exception as error:
        raise explain(error, "astype", "dtype: a NumPy dtype (e.g. 'float32', np.float64)", dtype=dtype,
                      input_shape=shape_of(x)) from error
    return execute_op(AsType, x, op_args=(dtype,), constant=constant)


@implements_numpy_override(np.asarray)
def asarray(a: Any, dtype: Any = None, order: Any = None) -> np.ndarray:
    """The data as an ndarray: a tensor's ``.data`` (no copy), else ``np.asarray``.

    Parameters
    ----------
    a : ArrayLike
        A tensor, an ndarray or anything ``numpy.asarray`` accepts.
    dtype : Optional[DTypeLike]
        Cast to this dtype (a copy if it differs).
    order : Optional[{"C", "F", "A", "K"}]
        The memory layout, as in ``numpy.asarray``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.asarray(mg.tensor([1.0, 2.0]))
    array([1., 2.])
    """
    if isinstance(a, Tensor):
        a = a.data
    return np.asarray(a, dtype=dtype, order=order)
