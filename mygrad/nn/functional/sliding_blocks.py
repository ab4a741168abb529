"""Sliding blocks as columns: ``unfold`` (im2col) and its adjoint ``fold`` (col2im), as PyTorch's.

``unfold`` copies every ``kH x kW`` block of a zero-padded ``(N, C, H, W)``
input into a column: the result is ``(N, C * kH * kW, L)``, row
``c * kH * kW + i * kW + j`` holding tap ``(i, j)`` of channel ``c`` and column
``l`` the ``l``-th block in row-major order. ``fold`` sums such columns back
into an image (overlapping taps add up), so each is the other's gradient:

    dL/dx = fold(dL/dcolumns)      (unfold's backward)
    dL/dcolumns = unfold(dL/dimage)  (fold's backward)

The gather is a ``sliding_window_view`` (no loop); the scatter is one
strided slice-add per kernel tap (``kH * kW`` of them, never per pixel).
"""

from __future__ import annotations

import itertools
from typing import Any, Optional, Sequence, Tuple

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import IntOrTuple, data_of, ntuple, windows

__all__ = ["unfold", "fold"]

Geometry = Tuple[Tuple[int, int], Tuple[int, int], Tuple[int, int], Tuple[int, int]]


def _blocks(size: Sequence[int], kernel: Sequence[int], dilation: Sequence[int], padding: Sequence[int],
            stride: Sequence[int]) -> Tuple[int, ...]:
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, d, p, s in zip(size, kernel, dilation, padding,
                                                                                 stride))


def im2col(x: np.ndarray, kernel: Sequence[int], dilation: Sequence[int], padding: Sequence[int],
           stride: Sequence[int]) -> np.ndarray:
    """``(N, C, H, W)`` -> ``(N, C * kH * kW, L)``: every block of the zero-padded input as a column."""
    n, c = x.shape[:2]
    blocks = _blocks(x.shape[2:], kernel, dilation, padding, stride)
    padded = np.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in padding)) if any(padding) else x
    view = windows(padded, kernel, blocks, stride, dilation)  # (N, C, oh, ow, kh, kw), a view
    columns = n, c * int(np.prod(kernel)), int(np.prod(blocks))
    return np.ascontiguousarray(view.transpose(0, 1, 4, 5, 2, 3)).reshape(columns)


def col2im(cols: np.ndarray, size: Sequence[int], kernel: Sequence[int], dilation: Sequence[int],
           padding: Sequence[int], stride: Sequence[int]) -> np.ndarray:
    """``(N, C * kH * kW, L)`` -> ``(N, C, H, W)``: the columns summed back where their blocks lie."""
    n = cols.shape[0]
    taps = int(np.prod(kernel))
    c = cols.shape[1] // taps
    blocks = _blocks(size, kernel, dilation, padding, stride)
    cols = cols.reshape((n, c) + tuple(kernel) + blocks)
    out = np.zeros((n, c) + tuple(s + 2 * p for s, p in zip(size, padding)), dtype=cols.dtype)
    for tap in itertools.product(*(range(k) for k in kernel)):
        target = tuple(slice(t * d, t * d + (b - 1) * s + 1, s) for t, d, b, s in zip(tap, dilation, blocks, stride))
        out[(slice(None), slice(None)) + target] += cols[(slice(None), slice(None)) + tap]
    return out[(slice(None), slice(None)) + tuple(slice(p, p + s) for p, s in zip(padding, size))]


class Unfold(Operation):
    """``im2col``; backward is ``col2im`` of the gradient."""

    def __call__(self, x, kernel, dilation, padding, stride):
        self.variables = (x,)
        self.geometry = (kernel, dilation, padding, stride)
        return im2col(x.data, kernel, dilation, padding, stride)

    def backward_var(self, grad, index, **kwargs):
        return col2im(grad, self.variables[0].shape[2:], *self.geometry)


class Fold(Operation):
    """``col2im``; backward is ``im2col`` of the gradient."""

    def __call__(self, cols, size, kernel, dilation, padding, stride):
        self.variables = (cols,)
        self.geometry = (kernel, dilation, padding, stride)
        return col2im(cols.data, size, kernel, dilation, padding, stride)

    def backward_var(self, grad, index, **kwargs):
        return im2col(grad, *self.geometry)


def _geometry(name: str, kernel_size: IntOrTuple, dilation: IntOrTuple, padding: IntOrTuple,
              stride: IntOrTuple) -> Geometry:
    return (ntuple(kernel_size, 2, f"{name}: kernel_size", 1), ntuple(dilation, 2, f"{name}: dilation", 1),
            ntuple(padding, 2, f"{name}: padding", 0), ntuple(stride, 2, f"{name}: stride", 1))


def _float_input(name: str, input: Any) -> Tuple[int, ...]:
    raw = np.asarray(data_of(input))
    if raw.dtype.kind not in "biuf":
        raise TypeError(f"{name}: input must hold real numbers; got dtype {raw.dtype}")
    return raw.shape


def unfold(input: Any, kernel_size: IntOrTuple, dilation: IntOrTuple = 1, padding: IntOrTuple = 0,
           stride: IntOrTuple = 1, *, constant: Optional[bool] = None) -> Tensor:
    """Extract sliding ``kernel_size`` blocks of a ``(N, C, H, W)`` (or ``(C, H, W)``) input as columns.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, H, W) or (C, H, W)
    kernel_size, dilation, padding, stride : int or (int, int)
        As for :func:`conv2d`; padding is with zeros.

    Returns
    -------
    Tensor, shape=(N, C * kH * kW, L)
        ``L = oh * ow`` blocks, ``oh = (H + 2 pH - dH (kH - 1) - 1) // sH + 1``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import unfold
    >>> x = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> unfold(x, kernel_size=2)          # four 2x2 blocks, one per column
    Tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    """
    shape = _float_input("unfold", input)
    if len(shape) not in (3, 4):
        raise RuntimeError(f"unfold: Input Error: Only 3D or 4D input Tensors are supported (got {len(shape)}D)")
    kernel, dilation, padding, stride = _geometry("unfold", kernel_size, dilation, padding, stride)
    blocks = _blocks(shape[-2:], kernel, dilation, padding, stride)
    if any(b < 1 for b in blocks):
        raise RuntimeError(f"unfold: Given input with spatial size {tuple(shape[-2:])}, kernel_size={kernel}, "
                           f"dilation={dilation}, padding={padding}, calculated shape of the array of sliding blocks "
                           f"as {blocks}, but its components must be at least one.")
    unbatched = len(shape) == 3
    if unbatched:
        input = input[None] if isinstance(input, Tensor) else np.asarray(data_of(input))[None]
    out = execute_op(Unfold, input, op_args=(kernel, dilation, padding, stride), constant=constant)
    return out[0] if unbatched else out


def fold(input: Any, output_size: IntOrTuple, kernel_size: IntOrTuple, dilation: IntOrTuple = 1,
         padding: IntOrTuple = 0, stride: IntOrTuple = 1, *, constant: Optional[bool] = None) -> Tensor:
    """Sum columns of sliding blocks back into an image: the adjoint of :func:`unfold`.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C * kH * kW, L) or (C * kH * kW, L)
    output_size : int or (int, int)
        The image's spatial size ``(H, W)``.
    kernel_size, dilation, padding, stride : int or (int, int)

    Returns
    -------
    Tensor, shape=(N, C, H, W)

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import fold, unfold
    >>> ones = np.ones((1, 1, 3, 3))
    >>> fold(unfold(ones, 2), (3, 3), 2)   # how many 2x2 blocks cover each pixel
    Tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    shape = _float_input("fold", input)
    if len(shape) not in (2, 3):
        raise RuntimeError(f"fold: Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
                           f"(got {len(shape)}D)")
    size = ntuple(output_size, 2, "fold: output_size", 1)
    kernel, dilation, padding, stride = _geometry("fold", kernel_size, dilation, padding, stride)
    taps = kernel[0] * kernel[1]
    if shape[-2] % taps:
        raise RuntimeError(f"fold: Expected size of input's dimension 1 to be divisible by the product of "
                           f"kernel_size, but got input.size(1)={shape[-2]} and kernel_size={kernel}")
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if any(b < 1 for b in blocks) or shape[-1] != blocks[0] * blocks[1]:
        raise RuntimeError(f"fold: Given output_size={size}, kernel_size={kernel}, dilation={dilation}, "
                           f"padding={padding}, stride={stride}, expected size of input's dimension 2 to match the "
                           f"calculated number of sliding blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, "
                           f"but got input.size(2)={shape[-1]}.")
    unbatched = len(shape) == 2
    if unbatched:
        input = input[None] if isinstance(input, Tensor) else np.asarray(data_of(input))[None]
    out = execute_op(Fold, input, op_args=(size, kernel, dilation, padding, stride), constant=constant)
    return out[0] if unbatched else out
