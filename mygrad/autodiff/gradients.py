"""Gradients' shapes and types: what every op's gradient goes through before it is used.

An op's ``backward_var`` may return its gradient broadcast (shaped like the
op's result rather than like its input), as a number, or in another dtype.
:func:`fit_gradient` turns it into an array of the input's own shape and
dtype - the one place where broadcasting is undone (:func:`unbroadcast`) -
and refuses anything that is not a gradient.
"""

from __future__ import annotations

from numbers import Real
from typing import Any, Optional, Tuple

import numpy as np

from mygrad.errors import InvalidGradient

__all__ = ["unbroadcast", "fit_gradient"]


def unbroadcast(grad: np.ndarray, shape: Tuple[int, ...], op: Optional[Any] = None) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched.

    If ``x`` of shape ``shape`` was broadcast to ``grad.shape`` in the
    forward pass, each element of ``x`` was used once per copy, so
    ``dL/dx`` is the sum of ``grad`` over the copies.

    Examples
    --------
    >>> unbroadcast(np.ones((4, 2, 3)), (2, 1)).tolist()
    [[12.0], [12.0]]
    """
    extra = grad.ndim - len(shape)
    if extra < 0:
        name = type(op).__name__ if op is not None else "an operation"
        raise ValueError(
            f"{name} produced a gradient of shape {grad.shape} for an input of shape {shape}; "
            "a gradient cannot have fewer dimensions than its input"
        )
    stretched = tuple(extra + i for i, n in enumerate(shape) if n == 1 and grad.shape[extra + i] != 1)
    if extra or stretched:
        grad = np.asarray(grad.sum(axis=tuple(range(extra)) + stretched))
        if stretched:
            grad = grad.reshape(shape)
    if grad.shape != tuple(shape):
        name = type(op).__name__ if op is not None else "an operation"
        raise ValueError(f"{name} produced a gradient of shape {grad.shape} for an input of shape {tuple(shape)}")
    return grad


def fit_gradient(grad: Any, data: np.ndarray, op: Optional[Any] = None) -> np.ndarray:
    """``grad`` as an ndarray of ``data``'s shape (un-broadcast) and dtype.

    ``grad`` must be an ndarray or a real number (as MyGrad requires of
    ``backward_var``); anything else is an :class:`~mygrad.errors.InvalidGradient` (as in MyGrad).
    """
    if type(grad) is not np.ndarray:
        if not isinstance(grad, (np.ndarray, np.number, Real)):
            name = type(op).__name__ if op is not None else "an operation"
            raise InvalidGradient(
                f"{name}.backward_var returned a gradient of type {type(grad).__name__}; "
                "a gradient must be a NumPy array or a real number"
            )
        grad = np.asarray(grad)
    if grad.shape != data.shape:
        grad = unbroadcast(grad, data.shape, op=op)
    if grad.dtype != data.dtype:
        grad = grad.astype(data.dtype, copy=False)
    return grad
