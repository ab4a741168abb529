"""Max-unpooling: put each pooled value back where max pooling found it, zeros elsewhere.

``max_unpool2d(y, indices, kernel_size)`` is the partial inverse of
``max_pool2d(x, kernel_size, return_indices=True)``: it scatters each value of
``y`` to the flat position ``indices`` recorded. Its gradient gathers the
upstream gradient from those same positions.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import IntOrTuple, data_of
from mygrad.nn.functional.pooling import _pool_geometry

__all__ = ["max_unpool1d", "max_unpool2d", "max_unpool3d"]


class MaxUnpoolND(Operation):
    def __call__(self, x, flat_indices, out_spatial):
        self.variables = (x,)
        lead = x.shape[: x.ndim - len(out_spatial)]
        self.in_shape = x.shape
        self.flat_indices = flat_indices.reshape(lead + (-1,))
        out = np.zeros(lead + (int(np.prod(out_spatial)),), dtype=x.dtype)
        np.put_along_axis(out, self.flat_indices, x.data.reshape(lead + (-1,)), axis=-1)
        return out.reshape(lead + tuple(out_spatial))

    def backward_var(self, grad, index, **kwargs):
        # each input value was written to one output position: its gradient is read back from there
        flat_grad = grad.reshape(self.flat_indices.shape[:-1] + (-1,))
        return np.take_along_axis(flat_grad, self.flat_indices, axis=-1).reshape(self.in_shape)


def _max_unpool(input, indices, nd, kernel_size, stride, padding, output_size, constant, name):
    shape = np.shape(data_of(input))
    kernel, stride, padding = _pool_geometry(shape, nd, kernel_size, stride, padding, name)
    idx = np.asarray(data_of(indices))
    if idx.shape != shape or idx.dtype.kind not in "iu":
        raise ValueError(f"{name}: indices must be integers shaped like the input {shape}; got {idx.dtype} "
                         f"indices of shape {idx.shape}")
    if output_size is None:
        out_spatial = tuple((n - 1) * s - 2 * p + k for n, s, p, k in zip(shape[-nd:], stride, padding, kernel))
    else:
        out_spatial = tuple(int(n) for n in tuple(output_size)[-nd:])
    plane = int(np.prod(out_spatial))
    if idx.size and (idx.min() < 0 or idx.max() >= plane):
        raise ValueError(f"{name}: indices must lie in the output plane {out_spatial} (0 to {plane - 1}); got values "
                         f"from {idx.min()} to {idx.max()}")
    return execute_op(MaxUnpoolND, input, op_args=(idx, out_spatial), constant=constant)


def max_unpool1d(input: Any, indices: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
                 padding: IntOrTuple = 0, output_size: Optional[Sequence[int]] = None, *,
                 constant: Optional[bool] = None) -> Tensor:
    """The partial inverse of :func:`max_pool1d`; see :func:`max_unpool2d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import max_pool1d, max_unpool1d
    >>> out, where = max_pool1d(mg.tensor([[[1.0, 5.0, 2.0, 0.0]]]), 2, return_indices=True)
    >>> where                   # the maxima 5 and 2 were at positions 1 and 2
    Tensor([[[1, 2]]])
    >>> max_unpool1d(out, where, 2)
    Tensor([[[0., 5., 2., 0.]]])
    """
    return _max_unpool(input, indices, 1, kernel_size, stride, padding, output_size, constant, "max_unpool1d")


def max_unpool2d(input: Any, indices: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
                 padding: IntOrTuple = 0, output_size: Optional[Sequence[int]] = None, *,
                 constant: Optional[bool] = None) -> Tensor:
    """The partial inverse of :func:`max_pool2d`: each value goes back where its maximum came from, zeros elsewhere.

    Parameters
    ----------
    input : ArrayLike, (N, C, H, W) or (C, H, W)
        Pooled values.
    indices : ArrayLike of int
        The ``indices`` that ``max_pool2d(..., return_indices=True)`` returned.
    kernel_size, stride, padding
        As given to the pooling (``stride`` defaults to ``kernel_size``).
    output_size : Optional[sequence of int]
        The spatial size to restore (the last two entries are used); by
        default ``(H - 1) * stride - 2 * padding + kernel_size`` per axis.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import max_pool2d, max_unpool2d
    >>> x = np.array([[[1.0, 2.0], [4.0, 3.0]]])
    >>> pooled, where = max_pool2d(x, 2, return_indices=True)
    >>> max_unpool2d(pooled, where, 2)
    Tensor([[[0., 0.],
             [4., 0.]]])
    """
    return _max_unpool(input, indices, 2, kernel_size, stride, padding, output_size, constant, "max_unpool2d")


def max_unpool3d(input: Any, indices: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
                 padding: IntOrTuple = 0, output_size: Optional[Sequence[int]] = None, *,
                 constant: Optional[bool] = None) -> Tensor:
    """The partial inverse of :func:`max_pool3d`; see :func:`max_unpool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import max_pool3d, max_unpool3d
    >>> x = mg.tensor(np.arange(8.0).reshape(1, 1, 2, 2, 2))
    >>> out, where = max_pool3d(x, 2, return_indices=True)
    >>> y = max_unpool3d(out, where, 2)
    >>> y.shape, y.data.ravel()     # 7 back in its place, zeros elsewhere
    ((1, 1, 2, 2, 2), array([0., 0., 0., 0., 0., 0., 0., 7.]))
    """
    return _max_unpool(input, indices, 3, kernel_size, stride, padding, output_size, constant, "max_unpool3d")
