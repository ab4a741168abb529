"""MyGrad's layers (``mygrad.nnet.layers``): conv_nd, max_pool, batchnorm, gru - adapters over
:mod:`mygrad.nn.functional`."""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn.functional.recurrent import gru
from mygrad.autodiff.tensor import Tensor
from mygrad._arg_errors import name_errors as _name_errors

__all__ = ["batchnorm", "conv_nd", "gru", "max_pool"]


def conv_nd(x: Any, filter_bank: Any, *, stride: Union[int, Sequence[int]], padding: Union[int, Sequence[int]] = 0,
            dilation: Union[int, Sequence[int]] = 1, constant: Optional[bool] = None) -> Tensor:
    """N-d convolution of ``x`` (N, C, X0, ...) with ``filter_bank`` (F, C, W0, ...); no bias.

    Always computed as MyGrad 2.5 does (windows times filters, summed: the
    im2col algorithm), never with Winograd's transforms, which
    :func:`mygrad.nn.functional.conv2d` may pick for speed: those leave
    rounding residues of ~1e-17 where a window sees only zeros, and on
    MNIST-like inputs (exact-zero backgrounds) the residues flip ``relu``'s
    kink and ``max_pool``'s ties, so gradients would differ from MyGrad's
    by far more than rounding.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> x = np.zeros((1, 1, 16)); x[..., 5:11] = 1
    >>> conv_nd(x, np.ones((1, 1, 5)), stride=1)
    Tensor([[[0., 1., 2., 3., 4., 5., 5., 4., 3., 2., 1., 0.]]])
    """
    x_ndim, w_ndim = np.ndim(x), np.ndim(filter_bank)
    if x_ndim != w_ndim:  # (MyGrad 2.5's ValueError; PyTorch-style unbatched input is not accepted here)
        raise ValueError(f"conv_nd: `x` ({x_ndim}-dimensions) must have the same dimensionality as "
                         f"`filter_bank` ({w_ndim}-dimensions)")
    if x_ndim < 3:
        raise ValueError(f"conv_nd: `x` must have shape (N, C, X0, ...), at least 3 dimensions; got {np.shape(x)}")
    _check_windows_fit(np.shape(x)[2:], np.shape(filter_bank)[2:], stride, padding, dilation)
    return F.conv_nd(x, filter_bank, stride=stride, padding=padding, dilation=dilation, constant=constant,
                     algorithm="im2col")


def _check_windows_fit(spatial: tuple, kernel: tuple, stride: Any, padding: Any, dilation: Any,
                       name: str = "conv_nd") -> None:
    """MyGrad's rule: the strided windows must tile each padded axis exactly (PyTorch would drop the rest)."""
    n = len(kernel)
    stride, padding, dilation = (np.broadcast_to(v, (n,)) for v in (stride, padding, dilation))
    extent = np.add(spatial[:n], 2 * padding) - (dilation * (np.array(kernel) - 1) + 1)
    if np.any(extent % stride):
        raise ValueError(
            f"{name}: the windows do not tile the input: spatial shape {tuple(spatial)}, padding "
            f"{tuple(padding.tolist())}, kernel {tuple(kernel)}, dilation {tuple(dilation.tolist())} leave "
            f"{tuple(extent.tolist())} positions, not a multiple of the stride {tuple(stride.tolist())}"
        )


def max_pool(x: Any, pool: Sequence[int], stride: Union[int, Sequence[int]], *,
             constant: Optional[bool] = None) -> Tensor:
    """Max-pool over the trailing ``len(pool)`` axes of ``x`` (any leading axes), no padding.

    As in MyGrad, the strided windows must tile each pooled axis exactly
    (``(size - pool) % stride == 0``), else ValueError.

    Examples
    --------
    >>> import mygrad as mg
    >>> max_pool(mg.tensor([[0., 10., 8.], [2., 7., 3.], [5., 7., 20.]]), pool=(2, 2), stride=1)
    Tensor([[10., 10.],
            [ 7., 20.]])
    """
    pool_shape = np.atleast_1d(np.asarray(pool))
    if pool_shape.ndim == 1 and pool_shape.dtype.kind in "iu" and 0 < len(pool_shape) <= np.ndim(x):
        steps = np.asarray(stride)
        if steps.dtype.kind in "iu" and steps.ndim <= 1 and steps.size in (1, len(pool_shape)) and np.all(steps > 0):
            spatial = np.shape(x)[np.ndim(x) - len(pool_shape):]
            if np.all(np.array(spatial) >= pool_shape):  # (windows larger than the input: F's own error)
                _check_windows_fit(spatial, tuple(pool_shape.tolist()), steps, 0, 1, name="max_pool")
    return F.max_pool_nd(x, pool, stride, constant=constant)


def batchnorm(x: Any, *, gamma: Any = None, beta: Any = None, eps: float, constant: Optional[bool] = None) -> Tensor:
    """Normalise ``x`` (N, C, ...) per channel with its batch statistics, then scale by ``gamma``, shift by ``beta``.

    Examples
    --------
    >>> import mygrad as mg
    >>> batchnorm(mg.tensor([[1.0], [4.0], [1.0]]), eps=0)
    Tensor([[-0.70710678],
            [ 1.41421356],
            [-0.70710678]])
    """
    return F.batch_norm(x, None, None, gamma, beta, training=True, eps=eps, constant=constant)

_name_errors(globals(), "mygrad.nnet.layers")
