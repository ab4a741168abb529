"""Pooling over the trailing spatial axes: max, average and adaptive average (max-unpooling: ``unpooling.py``).

Windows come from ``sliding_window_view`` (no copy). Max pooling remembers
which tap of each window won (the argmax); backward routes each output's
gradient to that tap with one strided add per kernel offset - a loop over the
kernel's taps only, never over pixels or the batch. Ties go to the first
maximum in the window (row-major order), as in PyTorch.

The most common case, 2x2 windows with stride 2 over the last two axes, has
a fast path (:class:`MaxPoolND` picks it by itself): the four taps of each
window are four strided views of the input, compared pairwise, and backward
writes each tap's share with one multiply. It gives exactly the general
path's outputs and gradients (ties, NaN, infinities included).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import (IntOrTuple, data_of, ntuple, pad_trailing, pooled_size, unpad_trailing,
                                         window_slices, windows)
from mygrad.nn.functional.scratch import scratch_like

__all__ = [
    "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "max_pool_nd",
]


class _Pool(Operation):
    """Shared geometry: padding (with ceil-mode overhang) and the window view."""

    def _setup(self, x: np.ndarray, kernel, stride, padding, dilation, ceil_mode, fill):
        nd = len(kernel)
        self.kernel, self.stride, self.dilation = kernel, stride, dilation
        self.in_shape = x.shape
        spatial = x.shape[-nd:]
        self.out_shape = tuple(pooled_size(n, k, s, p, d, ceil_mode)
                               for n, k, s, p, d in zip(spatial, kernel, stride, padding, dilation))
        # right padding large enough for the last (ceil-mode) window
        self.pads = tuple(
            (p, max(p, (o - 1) * s + d * (k - 1) + 1 - n - p))
            for n, k, s, p, d, o in zip(spatial, kernel, stride, padding, dilation, self.out_shape)
        )
        xp = pad_trailing(x, self.pads, fill)
        self.padded_shape = xp.shape
        return windows(xp, kernel, self.out_shape, stride, dilation)  # (*lead, *O, *K)

    def _scatter(self, per_offset, dtype) -> np.ndarray:
        """Add ``per_offset(flat_tap_index, offset)`` onto the input positions each kernel tap read.

        Windows that do not overlap (stride = kernel, no dilation) give every
        input position at most one tap: each tap's share is then written, not
        added, and a zero fill is needed only where no window reaches.
        """
        nd = len(self.kernel)
        tiled = tuple(self.stride) == tuple(self.kernel) and tuple(self.dilation) == (1,) * nd
        covered = tiled and all(o * k == n for o, k, n in zip(self.out_shape, self.kernel, self.padded_shape[-nd:]))
        dxp = (np.empty if covered else np.zeros)(self.padded_shape, dtype=dtype)
        lead = (slice(None),) * (len(self.padded_shape) - nd)
        for tap, offset in enumerate(np.ndindex(*self.kernel)):
            target = lead + window_slices(offset, self.out_shape, self.stride, self.dilation)
            if tiled:
                dxp[target] = per_offset(tap, offset)
            else:
                dxp[target] += per_offset(tap, offset)
        return unpad_trailing(dxp, self.pads, self.in_shape[-nd:])


class MaxPoolND(_Pool):
    # set to False to force the general path (tests compare the two)
    use_2x2_fast_path = True

    def __call__(self, x, kernel, stride, padding, dilation, ceil_mode):
        self.variables = (x,)
        self.padding = padding
        xd = x.data
        self.fast_2x2 = (self.use_2x2_fast_path and xd.dtype.kind == "f" and tuple(kernel) == (2, 2)
                         and tuple(stride) == (2, 2) and not any(padding) and tuple(dilation) == (1, 1)
                         and not ceil_mode)
        if self.fast_2x2:
            return self._forward_2x2(xd)
        fill = -np.inf if xd.dtype.kind == "f" else np.iinfo(xd.dtype).min
        view = self._setup(xd, kernel, stride, padding, dilation, ceil_mode, fill)  # (*lead, *O, *K)
        # one strided view per kernel tap: a running maximum, and the tap where it last grew - strictly, so
        # that ties keep the earlier tap: the first tap that attains the maximum
        taps = [view[(Ellipsis, *offset)] for offset in np.ndindex(*kernel)]
        out = taps[0].copy()
        winner = np.zeros(out.shape, dtype=np.min_scalar_type(len(taps)))
        grew, step = np.empty(out.shape, dtype=bool), np.empty_like(winner)
        for index, tap in enumerate(taps[1:], start=1):
            np.greater(tap, out, out=grew)
            np.maximum(out, tap, out=out)
            np.subtract(index, winner, out=step)  # winner + grew * (index - winner): index where it grew
            step *= grew
            winner += step
        if out.dtype.kind == "f" and out.size and np.isnan(out.max()):
            winner[np.isnan(out)] = len(taps) - 1  # a NaN maximum equals no tap: the last one, as ever
        self.winner = winner
        return out

    def backward_var(self, grad, index, **kwargs):
        # d max/d x_j = 1 for the winning tap j of each window (the first maximum), 0 for the others
        if self.fast_2x2:
            return self._backward_2x2(grad)
        # grad * (winner == tap) is where(winner == tap, grad, 0) for finite gradients (inf * 0 would be NaN)
        finite = bool(np.isfinite(grad.sum()))
        zero = np.zeros((), dtype=grad.dtype)
        chosen = np.empty(self.winner.shape, dtype=bool)

        def share(tap, _):
            np.equal(self.winner, tap, out=chosen)
            return np.multiply(grad, chosen) if finite else np.where(chosen, grad, zero)

        return self._scatter(share, grad.dtype)

    def flat_indices(self) -> np.ndarray:
        """Where each output's maximum came from: its flat index into the (unpadded) input plane, as PyTorch."""
        kernel = tuple(self.kernel)
        nd = len(kernel)
        taps = np.array(list(np.ndindex(*kernel)), dtype=np.int64).reshape(-1, nd)  # tap -> offset in the window
        window_starts = np.stack(np.meshgrid(*(np.arange(n) for n in self.out_shape), indexing="ij"), axis=-1)
        coords = (window_starts * np.array(self.stride) - np.array(self.padding)  # (*O, nd) ...
                  + taps[self.winner] * np.array(self.dilation))  # ... + (*lead, *O, nd)
        plane = self.in_shape[-nd:]
        return np.ravel_multi_index(tuple(np.moveaxis(coords, -1, 0)), plane).astype(np.int64)

    # ---- fast path: kernel 2x2, stride 2, no padding, dilation 1, floor mode, float input
    def _tap_slices(self, tap: int) -> Tuple[slice, ...]:
        """Where tap 0..3 of every 2x2 window lies: rows ``i::2``, columns ``j::2`` (``i, j = divmod(tap, 2)``).

        A trailing odd row/column belongs to no window (floor mode) and is skipped.
        """
        return (Ellipsis,) + window_slices(divmod(tap, 2), self.out_shape, (2, 2), (1, 1))

    def _forward_2x2(self, xd: np.ndarray) -> np.ndarray:
        self.kernel, self.stride, self.dilation = (2, 2), (2, 2), (1, 1)
        self.in_shape = xd.shape
        self.out_shape = (xd.shape[-2] // 2, xd.shape[-1] // 2)
        # each window is [[a, b], [c, d]]
        a, b, c, d = (xd[self._tap_slices(tap)] for tap in range(4))
        # temporaries in scratch memory with the input's memory order (no fresh pages to fault in each step)
        top = np.maximum(a, b, out=scratch_like("temp.a", a))
        bottom = np.maximum(c, d, out=scratch_like("temp.b", a))
        out = np.maximum(top, bottom)
        # The first maximum in row-major order, from strict comparisons: a later tap wins only if it is
        # larger, so ties go to the earlier tap, as in the general path.
        # As 0/1 bytes: lower = the bottom row wins, right_top/right_bottom = that row's right tap wins.
        # (top > a is b > a, NaN included - max(a, b) is NaN if either is - and reads half the input's memory)
        lower = np.greater(bottom, top, out=scratch_like("mask.a", a, bool)).view(np.uint8)
        right_top = np.greater(top, a, out=scratch_like("mask.b", a, bool)).view(np.uint8)
        right_bottom = np.greater(bottom, c, out=scratch_like("mask.c", a, bool)).view(np.uint8)
        # winner = 2 * lower + (right_bottom if lower else right_top), with bitwise operations on bytes
        # (np.where on booleans is ten times slower): x ^ ((x ^ y) & s) picks y where s is 1, x where 0.
        winner = np.bitwise_xor(right_top, right_bottom)
        winner &= lower
        winner ^= right_top
        winner |= np.add(lower, lower, out=lower)  # 2 * lower (NumPy's uint8 shift is 15x slower than an add)
        if out.size and np.isnan(out.max()):  # one reduction: max is NaN exactly when some maximum is
            # The general path finds the winner as the first tap equal to the maximum; a NaN maximum
            # equals no tap, so it keeps its default, the last tap. Do the same here.
            winner[np.isnan(out)] = 3
        self.winner = winner
        return out

    def _backward_2x2(self, grad: np.ndarray) -> np.ndarray:
        h, w = self.in_shape[-2:]
        covered = h % 2 == 0 and w % 2 == 0  # every input element is one window's tap
        # dx in the input's memory order (a batch-last convolution output stays batch-last, see
        # mygrad.nn.functional.batch_last), so the ops before this one see matching layouts
        x = self.variables[0].data
        dx = np.empty_like(x, dtype=grad.dtype) if covered else np.zeros_like(x, dtype=grad.dtype)
        # grad * (winner == tap) is where(winner == tap, grad, 0), as the general path computes, for
        # finite gradients; inf * 0 would give NaN, so non-finite gradients take np.where (slower).
        # One reduction decides: a finite sum means finite entries (an overflowing sum only costs speed).
        finite = bool(np.isfinite(grad.sum()))
        if _memory_order(grad) != _memory_order(self.winner):
            # another memory order than the forward pass's (e.g. from a Flatten): one copy into that order
            # is cheaper than four elementwise passes walking two orders at once
            same_order = scratch_like("temp.a", self.winner, grad.dtype)
            same_order[...] = grad
            grad = same_order
        chosen = scratch_like("mask.a", self.winner, bool)
        for tap in range(4):
            np.equal(self.winner, tap, out=chosen)
            target = dx[self._tap_slices(tap)]
            if finite:
                np.multiply(grad, chosen, out=target)
            else:
                target[...] = np.where(chosen, grad, 0)
        return dx


def _memory_order(a: np.ndarray) -> Tuple[int, ...]:
    """The axes of ``a`` from the slowest- to the fastest-varying in memory (axes of length 1 left out)."""
    return tuple(sorted((axis for axis in range(a.ndim) if a.shape[axis] > 1), key=lambda axis: -abs(a.strides[axis])))


class AvgPoolND(_Pool):
    def __call__(self, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
        self.variables = (x,)
        nd = len(kernel)
        view = self._setup(x.data, kernel, stride, padding, (1,) * nd, ceil_mode, 0)
        self.divisor = self._divisor(padding, count_include_pad, divisor_override, x.data.dtype)
        # one strided view per kernel tap, added up: 3-10x faster than a reduction over the window axes
        # (measured for kernels 2x2 to 8x8, strides 1 to 8)
        taps = [view[(Ellipsis, *offset)] for offset in np.ndindex(*kernel)]
        total = taps[0] + taps[1] if len(taps) > 1 else taps[0].copy()
        for tap in taps[2:]:
            total += tap
        return total / self.divisor

    def _divisor(self, padding, count_include_pad, divisor_override, dtype):
        if divisor_override:
            return np.asarray(divisor_override, dtype=dtype)
        # per axis: how many taps of each window fall in the counted region; the window count is their product
        divisor = np.ones((), dtype=dtype)
        for n, k, s, p, o in zip(self.in_shape[-len(self.kernel):], self.kernel, self.stride, padding, self.out_shape):
            start = np.arange(o) * s  # window starts, in padded coordinates
            lo, hi = (0, n + 2 * p) if count_include_pad else (p, p + n)
            counts = np.minimum(start + k, hi) - np.maximum(start, lo)
            divisor = np.multiply.outer(divisor, counts.astype(dtype))
        return divisor

    def backward_var(self, grad, index, **kwargs):
        g = grad / self.divisor  # every tap of a window gets d mean/d x_j = 1/divisor
        return self._scatter(lambda tap, _: g, grad.dtype)


class AdaptiveAvgPoolND(Operation):
    """Average over PyTorch's adaptive bins, ``[floor(i L/O), ceil((i+1) L/O))`` per axis.

    Each axis is one matrix product with a (O, L) averaging matrix, so any
    output size works and backward is the transposed products.
    """

    def __call__(self, x, output_size):
        self.variables = (x,)
        xd = x.data
        nd = len(output_size)
        self.mats = [self._bin_matrix(n, o, xd.dtype) for n, o in zip(xd.shape[-nd:], output_size)]
        out = xd
        for axis, mat in zip(range(-nd, 0), self.mats):
            out = np.moveaxis(np.tensordot(out, mat, axes=([axis], [1])), -1, axis)
        return out

    @staticmethod
    def _bin_matrix(length: int, out: int, dtype) -> np.ndarray:
        i = np.arange(out)
        start, end = (i * length) // out, -((-(i + 1) * length) // out)
        cols = np.arange(length)
        member = (cols >= start[:, None]) & (cols < end[:, None])
        return (member / (end - start)[:, None]).astype(dtype if np.dtype(dtype).kind == "f" else np.float64)

    def backward_var(self, grad, index, **kwargs):
        nd = len(self.mats)
        g = grad
        for axis, mat in zip(range(-nd, 0), self.mats):
            g = np.moveaxis(np.tensordot(g, mat, axes=([axis], [0])), -1, axis)  # transpose of each average
        return g


def _pool_geometry(shape: Tuple[int, ...], nd: int, kernel_size, stride, padding, name: str):
    """Check the input has ``nd`` spatial axes; kernel, stride (default: the kernel) and padding as ``nd``-tuples."""
    if len(shape) not in (nd + 1, nd + 2):
        raise ValueError(f"{name} expects an input of shape (N, C, *spatial) or (C, *spatial) with {nd} spatial "
                         f"dimensions; got shape {shape}")
    kernel = ntuple(kernel_size, nd, "kernel_size")
    stride = kernel if stride is None or (not isinstance(stride, int) and len(stride) == 0) else ntuple(stride, nd, "stride")
    return kernel, stride, ntuple(padding, nd, "padding")


def _pool_args(x: Any, nd: int, kernel_size, stride, padding, dilation, name: str):
    shape = np.shape(data_of(x))
    kernel, stride, padding = _pool_geometry(shape, nd, kernel_size, stride, padding, name)
    dilation = ntuple(dilation, nd, "dilation")
    if any(k < 1 for k in kernel) or any(s < 1 for s in stride) or any(d < 1 for d in dilation):
        raise ValueError(f"{name}: kernel_size, stride and dilation must be positive; got kernel_size={kernel}, "
                         f"stride={stride}, dilation={dilation}")
    if any(p < 0 or 2 * p > k for p, k in zip(padding, kernel)):
        raise ValueError(f"{name}: padding {padding} must be non-negative and at most half the kernel size {kernel}")
    for n, k, p, d in zip(shape[-nd:], kernel, padding, dilation):
        if n + 2 * p < d * (k - 1) + 1:
            raise ValueError(f"{name}: the window (kernel_size={kernel}, dilation={dilation}) is larger than the "
                             f"padded input of spatial shape {shape[-nd:]} with padding {padding}")
    return kernel, stride, padding, dilation


def _max_pool(input, nd, kernel_size, stride, padding, dilation, ceil_mode, return_indices, constant, name):
    kernel, stride, padding, dilation = _pool_args(input, nd, kernel_size, stride, padding, dilation, name)
    out = execute_op(MaxPoolND, input, op_args=(kernel, stride, padding, dilation, bool(ceil_mode)),
                     constant=constant)
    if not return_indices:
        return out
    op = out.creator
    if op is None:  # a constant result keeps no op: find the winners again
        op = MaxPoolND()
        op(input if isinstance(input, Tensor) else Tensor(input, constant=True, copy=False), kernel, stride,
           padding, dilation, bool(ceil_mode))
    return out, Tensor(op.flat_indices(), constant=True, copy=False)


def max_pool1d(input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: bool = False, *,
               constant: Optional[bool] = None) -> Tensor:
    """1-D max pooling over the last axis of (N, C, L) or (C, L); see :func:`max_pool2d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import max_pool1d
    >>> x = mg.tensor([[[1.0, 5.0, 2.0, 0.0]]])
    >>> y = max_pool1d(x, 2)    # max of [1, 5] and of [2, 0]
    >>> y
    Tensor([[[5., 2.]]])
    >>> y.sum().backward()
    >>> x.grad                  # 1 at each window's maximum, 0 elsewhere
    array([[[0., 1., 1., 0.]]])
    """
    return _max_pool(input, 1, kernel_size, stride, padding, dilation, ceil_mode, return_indices, constant,
                     "max_pool1d")


def max_pool2d(input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: bool = False, *,
               constant: Optional[bool] = None) -> Tensor:
    """2-D max pooling over the last two axes of (N, C, H, W) or (C, H, W), as PyTorch.

    Parameters
    ----------
    kernel_size : int or (int, int)
    stride : int or (int, int), default ``kernel_size``
    padding : int or (int, int), default 0
        Implicit ``-inf`` padding on both sides; at most half the kernel.
    dilation : int or (int, int), default 1
    ceil_mode : bool, default False
        Round the output size up (a last, partial window is kept if it
        starts inside the input or the left padding).
    return_indices : bool, default False
        Also return where each maximum came from.

    Returns
    -------
    Tensor
        Spatial size ``floor_or_ceil((H + 2p - d(k-1) - 1) / s) + 1``.
    indices : Tensor (only with ``return_indices``)
        int64, shaped like the output: each maximum's flat index into its
        (unpadded) input plane ``H * W``, as PyTorch (for ``MaxUnpool``).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import max_pool2d
    >>> x = mg.tensor([[[1.0, 2.0], [4.0, 3.0]]])
    >>> y = max_pool2d(x, 2)
    >>> y
    Tensor([[[4.]]])
    >>> y.backward()
    >>> x.grad
    array([[[0., 0.],
            [1., 0.]]])
    """
    return _max_pool(input, 2, kernel_size, stride, padding, dilation, ceil_mode, return_indices, constant,
                     "max_pool2d")


def max_pool3d(input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               dilation: IntOrTuple = 1, ceil_mode: bool = False, return_indices: bool = False, *,
               constant: Optional[bool] = None) -> Tensor:
    """3-D max pooling over the last three axes; see :func:`max_pool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import max_pool3d
    >>> x = mg.tensor(np.arange(8.0).reshape(1, 1, 2, 2, 2))
    >>> y = max_pool3d(x, 2)    # one 2x2x2 window: its maximum is 7
    >>> y.shape, y.item()
    ((1, 1, 1, 1, 1), 7.0)
    >>> y.backward()
    >>> x.grad.ravel()          # only the maximum receives the gradient
    array([0., 0., 0., 0., 0., 0., 0., 1.])
    """
    return _max_pool(input, 3, kernel_size, stride, padding, dilation, ceil_mode, return_indices, constant,
                     "max_pool3d")


def max_pool_nd(input: Any, kernel_size: Sequence[int], stride: Optional[IntOrTuple] = None, *,
                constant: Optional[bool] = None) -> Tensor:
    """Max pooling (no padding) over the trailing ``len(kernel_size)`` axes of an input of any rank.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import max_pool_nd
    >>> x = mg.tensor([[1.0, 4.0], [6.0, 3.0]])
    >>> y = max_pool_nd(x, (2, 2))  # one 2x2 window over both axes
    >>> y
    Tensor([[6.]])
    >>> y.backward()
    >>> x.grad                  # d max / d x = 1 at the maximum, 0 elsewhere
    array([[0., 0.],
           [1., 0.]])
    """
    nd = len(kernel_size)
    shape = np.shape(data_of(input))
    if len(shape) < nd:
        raise ValueError(f"cannot pool over {nd} axes of an input with shape {shape}")
    kernel = ntuple(kernel_size, nd, "pool")
    stride = kernel if stride is None else ntuple(stride, nd, "stride")
    if any(k < 1 for k in kernel) or any(s < 1 for s in stride):
        raise ValueError(f"pool and stride must be positive; got pool={kernel}, stride={stride}")
    if any(n < k for n, k in zip(shape[-nd:], kernel)):
        raise ValueError(f"the pooling window {kernel} is larger than the pooled axes {shape[-nd:]}")
    return execute_op(MaxPoolND, input, op_args=(kernel, stride, (0,) * nd, (1,) * nd, False), constant=constant)


def _avg_pool(input, nd, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, constant,
              name):
    kernel, stride, padding, _ = _pool_args(input, nd, kernel_size, stride, padding, 1, name)
    return execute_op(AvgPoolND, input,
                      op_args=(kernel, stride, padding, bool(ceil_mode), bool(count_include_pad), divisor_override),
                      constant=constant)


def avg_pool1d(input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, *,
               constant: Optional[bool] = None) -> Tensor:
    """1-D average pooling; see :func:`avg_pool2d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import avg_pool1d
    >>> x = mg.tensor([[[1.0, 3.0, 2.0, 6.0]]])
    >>> y = avg_pool1d(x, 2)    # means of [1, 3] and [2, 6]
    >>> y
    Tensor([[[2., 4.]]])
    >>> y.sum().backward()
    >>> x.grad                  # d(mean of k)/dx = 1/k
    array([[[0.5, 0.5, 0.5, 0.5]]])
    """
    return _avg_pool(input, 1, kernel_size, stride, padding, ceil_mode, count_include_pad, None, constant,
                     "avg_pool1d")


def avg_pool2d(input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: Optional[int] = None, *,
               constant: Optional[bool] = None) -> Tensor:
    """2-D average pooling over the last two axes, as PyTorch.

    ``count_include_pad`` (default True) counts the zero padding in each
    window's divisor; a ceil-mode window's overhang past the padding is never
    counted. ``divisor_override`` replaces the divisor.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import avg_pool2d
    >>> avg_pool2d(mg.tensor([[[1.0, 2.0], [3.0, 6.0]]]), 2)
    Tensor([[[3.]]])
    """
    return _avg_pool(input, 2, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
                     constant, "avg_pool2d")


def avg_pool3d(input: Any, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
               ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: Optional[int] = None, *,
               constant: Optional[bool] = None) -> Tensor:
    """3-D average pooling; see :func:`avg_pool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import avg_pool3d
    >>> x = mg.tensor(np.arange(8.0).reshape(1, 1, 2, 2, 2))
    >>> y = avg_pool3d(x, 2)    # the mean of 0..7
    >>> y.item()
    3.5
    >>> y.backward()
    >>> x.grad.ravel()          # 1/8 each
    array([0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125])
    """
    return _avg_pool(input, 3, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
                     constant, "avg_pool3d")


def _adaptive(input: Any, output_size: Any, nd: int, constant: Optional[bool], name: str) -> Tensor:
    shape = np.shape(data_of(input))
    if len(shape) not in (nd + 1, nd + 2):
        raise ValueError(f"{name} expects an input of shape (N, C, *spatial) or (C, *spatial) with {nd} spatial "
                         f"dimensions; got shape {shape}")
    if isinstance(output_size, (int, np.integer)) or output_size is None:
        output_size = (output_size,) * nd
    sizes = tuple(n if o is None else int(o) for n, o in zip(shape[-nd:], output_size))
    if len(sizes) != nd or any(o < 1 for o in sizes):
        raise ValueError(f"{name}: output_size must be {nd} positive ints (or None to keep a size); "
                         f"got {output_size!r}")
    return execute_op(AdaptiveAvgPoolND, input, op_args=(sizes,), constant=constant)


def adaptive_avg_pool1d(input: Any, output_size: IntOrTuple, *, constant: Optional[bool] = None) -> Tensor:
    """1-D adaptive average pooling to ``output_size`` bins; see :func:`adaptive_avg_pool2d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import adaptive_avg_pool1d
    >>> x = mg.tensor([[[1.0, 3.0, 2.0, 6.0, 4.0]]])
    >>> y = adaptive_avg_pool1d(x, 2)   # bins x[0:3] and x[2:5] (5 values into 2 bins)
    >>> y
    Tensor([[[2., 4.]]])
    >>> y.sum().backward()
    >>> x.grad                  # 1/3 per bin; x[2] lies in both bins
    array([[[0.33333333, 0.33333333, 0.66666667, 0.33333333, 0.33333333]]])
    """
    return _adaptive(input, output_size, 1, constant, "adaptive_avg_pool1d")


def adaptive_avg_pool2d(input: Any, output_size: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Average pooling to a fixed output size, as PyTorch: bin ``i`` of an axis of length
    ``L`` averages ``[floor(i L / O), ceil((i + 1) L / O))``.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import adaptive_avg_pool2d
    >>> adaptive_avg_pool2d(mg.tensor(np.arange(8.0).reshape(1, 2, 4)), 1)
    Tensor([[[3.5]]])
    """
    return _adaptive(input, output_size, 2, constant, "adaptive_avg_pool2d")


def adaptive_avg_pool3d(input: Any, output_size: Any, *, constant: Optional[bool] = None) -> Tensor:
    """3-D adaptive average pooling; see :func:`adaptive_avg_pool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import adaptive_avg_pool3d
    >>> x = mg.tensor(np.ones((2, 3, 4, 6, 8)))
    >>> y = adaptive_avg_pool3d(x, (2, 3, None))    # None keeps that axis's size
    >>> y.shape
    (2, 3, 2, 3, 8)
    >>> y.sum().backward()
    >>> x.grad[0, 0, 0, 0, 0].item()    # 1 / (2 * 2 * 1) values per bin
    0.25
    """
    return _adaptive(input, output_size, 3, constant, "adaptive_avg_pool3d")
