"""Local response normalisation across channels: ``local_response_norm`` (and ``CrossMapLRN2d``'s variant).

Each value is divided by a power of the sum of squares of its neighbours
along the channel axis (axis 1) of an ``(N, C, *)`` input:

    s[c] = k + alpha / size * sum(x[c'] ** 2 for c' in window(c))
    y[c] = x[c] * s[c] ** -beta

``local_response_norm`` (PyTorch's, an average pool over zero-padded
channels) uses ``window(c) = c - size // 2 ... c + (size - 1) // 2``.
``CrossMapLRN2d`` (PyTorch's legacy Lua-Torch code) uses
``c - (p - 1) ... c + (p - 1)`` with ``p = int((size - 1) / 2 + 1)``, and its
running-sum loop never drops channel 0 once it has left the window, so
channel 0 also counts for every ``c >= p``; both are reproduced value for
value. Windows are clipped at the channel ends. With ``u = dL/dy * y / s``
and ``W^T`` the transposed window sum, backward is

    dL/dx = dL/dy * s ** -beta - 2 * alpha * beta / size * x * W^T(u)

(the exact derivative of the forward; PyTorch's hand-written
``CrossMapLRN2d`` backward uses a shifted window and differs from it).
"""

from __future__ import annotations

import math
from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import check_real, data_of, real_input_shape

__all__ = ["local_response_norm"]


def _window_sum(a: np.ndarray, before: int, after: int, first: int) -> np.ndarray:
    """``out[:, c] = sum(a[:, c + d] for d in -before..after)`` (clipped), plus ``a[:, 0]`` for ``c >= first``."""
    channels = a.shape[1]
    out = np.zeros_like(a)
    for d in range(-min(before, channels - 1), min(after, channels - 1) + 1):  # (one slice add per offset)
        if d >= 0:
            out[:, :channels - d] += a[:, d:]
        else:
            out[:, -d:] += a[:, :channels + d]
    if first < channels:
        out[:, first:] += a[:, :1]
    return out


def _window_sum_transposed(u: np.ndarray, before: int, after: int, first: int) -> np.ndarray:
    """The adjoint of :func:`_window_sum`: the window mirrored, and channel 0 collecting ``u[:, first:]``."""
    out = _window_sum(u, after, before, u.shape[1])
    if first < u.shape[1]:
        out[:, 0] += u[:, first:].sum(axis=1)
    return out


class LocalResponseNormalize(Operation):
    """``x * (k + alpha / size * W(x**2)) ** -beta`` over the channel axis of an ``(N, C, M)`` array."""

    def __call__(self, x, *, window, size, alpha, beta, k):
        self.variables = (x,)
        xd = x.data if x.data.dtype.kind == "f" else x.data.astype(np.float64)
        self.window, self.coef, self.beta = window, alpha / size, beta
        shape3 = xd.shape[:2] + (int(np.prod(xd.shape[2:])),)
        self.s = k + self.coef * _window_sum((xd * xd).reshape(shape3), *window).reshape(xd.shape)
        self.out = xd * self.s ** -beta
        return self.out

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        shape3 = x.shape[:2] + (int(np.prod(x.shape[2:])),)
        x = x if x.dtype.kind == "f" else x.astype(np.float64)
        u = (grad * self.out / self.s).reshape(shape3)  # dL/ds = -beta * u
        back = _window_sum_transposed(u, *self.window).reshape(x.shape)
        return grad * self.s ** -self.beta - (2 * self.coef * self.beta) * x * back


def _check_arguments(name: str, size: Any, alpha: Any, beta: Any, k: Any) -> None:
    if isinstance(size, (bool, np.bool_)) or not isinstance(size, (int, np.integer)):
        raise TypeError(f"{name}: size must be an int; got {size!r:.60} of type {type(size).__name__}")
    if size < 1:
        raise ValueError(f"{name}: size must be an int >= 1; got {size}")
    for arg, value in (("alpha", alpha), ("beta", beta), ("k", k)):
        try:
            finite = math.isfinite(float(data_of(check_real(f"{name}: {arg}", value))))
        except OverflowError:  # (an int beyond float's range)
            finite = False
        if not finite:
            raise ValueError(f"{name}: {arg} must be finite; got {value!r:.60}")


def _lrn(name: str, input: Any, window: Tuple[int, int, int], size: int, alpha: float, beta: float, k: float,
         constant: Optional[bool]) -> Tensor:
    return execute_op(LocalResponseNormalize, input,
                      op_kwargs=dict(window=window, size=int(size), alpha=float(alpha), beta=float(beta),
                                     k=float(k)), constant=constant)


def local_response_norm(input: Any, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0, *,
                        constant: Optional[bool] = None) -> Tensor:
    """Local response normalisation across channels (Krizhevsky et al., 2012), as PyTorch's.

    For an input of shape ``(N, C, *)``::

        y[:, c] = x[:, c] * (k + alpha / size * sum(x[:, c'] ** 2)) ** -beta

    summed over ``c' = c - size // 2 ... c + (size - 1) // 2`` clipped to
    ``0 ... C - 1`` (the missing neighbours count as 0; the divisor stays
    ``size``). The gradient, with ``s`` the bracket, is
    ``dL/dx = dL/dy * s**-beta - 2 alpha beta / size * x * W^T(dL/dy * y / s)``
    with ``W^T`` the window sum mirrored.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, ...)
        At least 3 dimensions.
    size : int
        The number of neighbouring channels in the sum (>= 1).
    alpha : float, default 1e-4
    beta : float, default 0.75
    k : float, default 1.0

    Returns
    -------
    Tensor, shape of ``input``

    Raises
    ------
    ValueError
        For an input of fewer than 3 dimensions (PyTorch's class) or ``size < 1``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import local_response_norm
    >>> x = mg.tensor([[[1.0], [2.0], [2.0]]])       # N=1, C=3, L=1
    >>> y = local_response_norm(x, size=3, alpha=3.0, beta=1.0, k=0.0)
    >>> y.data.ravel()                               # x / (1 + 4), x / (1 + 4 + 4), x / (4 + 4)
    array([0.2       , 0.22222222, 0.25      ])
    >>> y.sum().backward()
    >>> x.grad.shape
    (1, 3, 1)
    """
    _check_arguments("local_response_norm", size, alpha, beta, k)
    shape = real_input_shape("local_response_norm", input)
    if len(shape) < 3:
        raise ValueError(f"local_response_norm: Expected 3D or higher dimensionality input (got {len(shape)} "
                         f"dimensions)")
    return _lrn("local_response_norm", input, (size // 2, (size - 1) // 2, shape[1]), size, alpha, beta, k, constant)


def cross_map_lrn2d(input: Any, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0, *,
                    constant: Optional[bool] = None) -> Tensor:
    """The normalisation of :class:`mygrad.nn.CrossMapLRN2d` (PyTorch's legacy cross-channel LRN) of an ``(N, C, H, W)`` input.

    ``y[:, c] = x[:, c] * (k + alpha / size * S[c]) ** -beta`` with ``S[c]`` the sum of
    ``x[:, c'] ** 2`` over ``c' = c - p + 1 ... c + p - 1`` (clipped), ``p = int((size - 1) / 2 + 1)``,
    plus ``x[:, 0] ** 2`` for every ``c >= p`` (PyTorch's running sum never removes channel 0). Gradients
    are the exact derivative of this (PyTorch's own backward is not).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.local_response import cross_map_lrn2d
    >>> x = np.ones((1, 4, 1, 1))
    >>> cross_map_lrn2d(x, 3, alpha=3.0, beta=1.0, k=0.0).data.ravel()  # S = 2, 3, 3 + 1, 2 + 1
    array([0.5       , 0.33333333, 0.25      , 0.33333333])
    """
    _check_arguments("CrossMapLRN2d", size, alpha, beta, k)
    shape = real_input_shape("CrossMapLRN2d", input)
    if len(shape) != 4:
        raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {len(shape)}D instead.")
    pre = int((size - 1) / 2 + 1)
    return _lrn("CrossMapLRN2d", input, (pre - 1, pre - 1, pre), size, alpha, beta, k, constant)
