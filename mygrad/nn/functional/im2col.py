"""im2col: any convolution (N-d, strided, dilated, grouped) as one matrix product per group.

Working batch-last (see :mod:`mygrad.nn.functional.batch_last`), the input
is zero-padded to ``xc`` of shape ``(C, *Sp, N)``. A strided view exposes
every kernel placement without copying; ONE copy lays those windows out as
the matrix ``cols`` of shape ``(C*K, O*N)`` (``K`` kernel taps, ``O`` output
positions): row ``(c, k)``, column ``(o, n)`` holds the input that tap ``k``
of filter channel ``c`` meets at output position ``o`` of sample ``n``. The
rows line up with the filters' own memory order ``w[f, c, *k]``, so with the
filters as an ``(F, C*K)`` matrix:

* forward: ``out = W @ cols``, shape ``(F, O*N)``: the result, batch-last;
* weight gradient: ``dW = G @ cols^T`` (``G`` the upstream gradient as an
  ``(F, O*N)`` matrix): the sum over the batch happens inside the product;
* input gradient: ``dcols = W^T @ G``, whose rows are added back onto the
  input positions they were read from, one strided add per kernel tap (a
  loop over the ``K`` taps, never over pixels or samples).

A bias rides in the same products: ``cols`` gets a last row of ones and
``W`` the bias as a last column, so the forward pass adds no pass over the
output and the weight gradient's last column is the bias gradient.

Groups split the channels into independent convolutions: the same products,
batched over the groups. Batch-last, the column index ``(o, n)`` of a stride-1
convolution runs through whole input rows of ``N``-vectors, so the copy into
``cols`` moves long contiguous runs. ``cols`` waits for the backward pass in
scratch memory (:mod:`mygrad.nn.functional.scratch`) - unless it is larger
than 256 KB (:data:`BLOCK_BYTES`): then it is built a block of output rows at
a time, each block's product computed while the block is in cache, and the
weight gradient builds the blocks again (a copy from the input, which is
``K`` times smaller than ``cols``): 1.5-2x faster for a first layer's
convolution (few channels, many positions) than one ``cols`` in memory.

A 2-D convolution with one group, dilation 1 along the rows and a row
stride ``s`` of at most ``kh`` needs no such blocks: ``cols`` for output row
``i`` is the input's padded rows ``i*s .. i*s + kh - 1``, each with its ``kw``
column shifts (column stride and dilation are any), and with those
shifts copied side by side once (``shifted rows``, ``kh / s`` times smaller than
``cols``), every output row's window is a contiguous slice of them, so the
forward pass and the weight gradient are one batched matrix product each,
over the output rows, with no window copied twice. Measured (forward, weight
gradient; float32, one thread): ``examples/train_mnist.py``'s first
convolution (C=1, 5x5, 28x28, batch 64), interleaved, 1.00, 1.25 -> 0.80,
0.92 ms; (batch 8, 16 -> 16 channels, 5x5, 28x28) 2.02, 1.93 -> 1.72, 1.35 ms;
(batch 8, 64 -> 64, 3x3, 28x28) 9.96, 10.15 -> 9.88, 9.81 ms. For row stride 2
(forward + both gradients, same process, one thread): (batch 64, 32 -> 64, 3x3,
16x16, padding 1) 7.56 -> 6.94 ms; (64, 3 -> 16, 3x3, 32x32) 2.45 -> 1.94 ms;
(64, 1 -> 32, 5x5, 28x28) 2.03 -> 1.74 ms.
"""

from __future__ import annotations

import math
from typing import Iterator, List, Optional, Tuple

import numpy as np

from mygrad.nn.functional.batch_last import as_batch_first, padded_batch_last
from mygrad.nn.functional.scratch import scratch, still_owned

__all__ = ["Im2colConv", "tap_range"]


class Im2colConv:
    """One N-d convolution by im2col, and its gradients; works for every stride, dilation, padding and groups.

    Parameters
    ----------
    stride, dilation : Tuple[int, ...]
        Per spatial axis.
    pads : Tuple[Tuple[int, int], ...]
        Zero padding ``(before, after)`` per spatial axis.
    groups : int

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.im2col import Im2colConv
    >>> x = np.arange(5.0).reshape(1, 1, 5)
    >>> conv = Im2colConv(stride=(2,), pads=((0, 0),), dilation=(1,), groups=1)
    >>> conv.forward(x, np.array([[[1.0, 1.0]]]), None)  # x[0] + x[1], x[2] + x[3]
    array([[[1., 5.]]])
    """

    def __init__(self, stride: Tuple[int, ...], pads: Tuple[Tuple[int, int], ...], dilation: Tuple[int, ...],
                 groups: int) -> None:
        self.stride, self.pads, self.dilation, self.groups = tuple(stride), tuple(pads), tuple(dilation), groups
        self._grad = self._grad_rows = self._bias_grad = None
        self._grad_is_view = False

    def forward(self, x: np.ndarray, w: np.ndarray, bias: Optional[np.ndarray]) -> np.ndarray:
        """``conv(x, w) + bias`` for ``x`` (N, C, *S), ``w`` (F, C/groups, *K); bias (F,) or None."""
        n, c = x.shape[:2]
        f, kernel = w.shape[0], w.shape[2:]
        self.x, self.w = x, w
        self.padded = tuple(s + lo + hi for s, (lo, hi) in zip(x.shape[2:], self.pads))
        self.out_shape = tuple((p - d * (k - 1) - 1) // s + 1
                               for p, k, s, d in zip(self.padded, kernel, self.stride, self.dilation))
        groups = self.groups
        w_mat = w.reshape(groups, f // groups, -1)  # (G, Fg, Cg*K): w's own memory order
        # The bias rides in the products: a last row of ones in cols, the bias as a last column of W
        # (out = [W | b] @ [cols; 1]), and in backward the ones row turns G @ cols^T's last column into
        # dL/dbias, the sum of G's rows.
        out_dtype = np.result_type(x.dtype, w.dtype)
        self.has_bias = bias is not None and np.can_cast(bias.dtype, out_dtype, "same_kind")
        if self.has_bias:
            w_mat = np.concatenate([w_mat, bias.reshape(groups, f // groups, 1).astype(out_dtype)], axis=2)
        rows = c // groups * int(np.prod(kernel)) + self.has_bias
        self.blocks = _row_blocks(self.out_shape, n, groups * rows * x.itemsize)
        self.shifted = self.blocks is not None and self._shifted_rows_apply() and (bias is None or self.has_bias)
        if self.shifted:  # each output row's window a view of the shifted rows: one product per output row
            out = np.empty((f, self.out_shape[0], int(np.prod(self.out_shape[1:])) * n), dtype=out_dtype)
            self.rows = self._shifted_rows(out_dtype)
            np.matmul(self._shifted_weights(bias, out_dtype), self._row_windows(self.rows), out=out.transpose(1, 0, 2))
            return as_batch_first(out.reshape(f, *self.out_shape, n))
        if self.blocks is None:
            self.cols = self._columns()
            out = np.matmul(w_mat, self.cols)  # (G, Fg, O*N)
        else:  # cols a block of output rows at a time, each product while its block is in cache; none kept
            self.cols = None
            out = np.empty((groups, f // groups, int(np.prod(self.out_shape)) * n), dtype=out_dtype)
            for cols, part in self._column_blocks():
                np.matmul(w_mat, cols, out=out[:, :, part])
        if bias is not None and not self.has_bias:  # (a bias NumPy will not add in place raises, as it should)
            out += bias.reshape(groups, f // groups, 1)
        return as_batch_first(out.reshape(f, *self.out_shape, n))

    def _shifted_rows_apply(self) -> bool:
        """Whether :meth:`_shifted_rows` can stand in for ``cols``: 2-D, one group, dilation 1 along the rows and
        a stride no larger than the kernel's height, so that every padded row is read (columns: any)."""
        return (len(self.out_shape) == 2 and self.groups == 1 and self.dilation[0] == 1
                and self.stride[0] <= self.w.shape[2])

    def _shifted_rows(self, dtype) -> np.ndarray:
        """The padded input's rows, each with its ``kw`` column shifts side by side: (Hp, C*kw [+1], OW*N).

        ``rows[i, (c, b)]`` holds the inputs that tap ``(a, b)`` of channel
        ``c`` meets along output row ``i - a`` (padded row ``i``, columns
        ``j * s + b * d`` for every output column ``j``; a last row of ones
        carries the bias). So output row ``i``'s window, ``cols`` for that
        row, is ``rows[i:i + kh]``: contiguous, one matrix
        (:meth:`_row_windows`), from a copy ``kh`` times smaller than
        ``cols``. It lives in scratch memory reserved for this shape until the
        weight gradient needs it (:meth:`_kept_rows`).
        """
        x, kw, ow = self.x, self.w.shape[3], self.out_shape[1]
        xc = padded_batch_last(x, self.pads, out=lambda shape: scratch("temp.a", shape, x.dtype))  # (C, Hp, Wp, N)
        c, hp, _, n = xc.shape
        shape = (hp, c * kw + self.has_bias, ow * n)
        self._rows_slot = (f"im2col.rows{shape}", np.dtype(dtype))  # one slot per shape
        rows = scratch(self._rows_slot[0], shape, dtype, owner=self)
        sc, sh, sw, sn = xc.strides
        shifts = np.lib.stride_tricks.as_strided(xc, (hp, c, kw, ow, n),
                                                 (sh, sc, sw * self.dilation[1], sw * self.stride[1], sn))
        rows[:, :c * kw].reshape(hp, c, kw, ow, n)[...] = shifts  # the copy
        if self.has_bias:
            rows[:, c * kw] = 1
        return rows

    def _row_windows(self, rows: np.ndarray) -> np.ndarray:
        """Every output row's window of :meth:`_shifted_rows`, as the view (OH, kh*(C*kw [+1]), OW*N): rows
        ``(a, c, b)``, each ``a`` followed by a row of ones if there is a bias. Output row ``i`` starts at
        padded row ``i * stride``."""
        kh, oh = self.w.shape[2], self.out_shape[0]
        _, slots, cols = rows.shape
        return np.lib.stride_tricks.as_strided(rows, (oh, kh * slots, cols),
                                               (rows.strides[0] * self.stride[0], *rows.strides[1:]), writeable=False)

    def _shifted_weights(self, bias: Optional[np.ndarray], dtype) -> np.ndarray:
        """The filters as an (F, kh*(C*kw [+1])) matrix in :meth:`_row_windows`'s row order; the bias, if any,
        facing the first row of ones (the others get zeros)."""
        f, c, kh, kw = self.w.shape
        weights = np.zeros((f, kh, c * kw + self.has_bias), dtype=dtype)
        weights[:, :, :c * kw] = self.w.transpose(0, 2, 1, 3).reshape(f, kh, c * kw)
        if self.has_bias:
            weights[:, 0, c * kw] = bias
        return weights.reshape(f, -1)

    def _kept_rows(self) -> np.ndarray:
        """The forward pass's :meth:`_shifted_rows`, built again if its scratch memory was taken since."""
        if still_owned(*self._rows_slot, self):
            return self.rows
        return self._shifted_rows(self._rows_slot[1])

    def _window_view(self) -> np.ndarray:
        """Every kernel placement of the zero-padded batch-last input, as a view (C, *K, *O, N) of scratch memory.

        Axis k steps by the dilation, axis o by the stride.
        """
        x, kernel = self.x, self.w.shape[2:]
        xc = padded_batch_last(x, self.pads, out=lambda shape: scratch("temp.a", shape, x.dtype))  # (C, *Sp, N)
        step = xc.strides[1:-1]
        return np.lib.stride_tricks.as_strided(
            xc, (x.shape[1], *kernel, *self.out_shape, x.shape[0]),
            (xc.strides[0], *(s * d for s, d in zip(step, self.dilation)),
             *(s * st for s, st in zip(step, self.stride)), xc.strides[-1]),
            writeable=False)

    def _fill(self, cols: np.ndarray, view: np.ndarray) -> np.ndarray:
        """Copy the window ``view`` (C, *K, *O', N) into ``cols`` (G, Cg*K [+1], O'*N), with the row of ones."""
        groups, rows = self.groups, cols.shape[1] - self.has_bias
        per_tap = (groups, view.shape[0] // groups, *view.shape[1:])
        cols[:, :rows].reshape(per_tap)[...] = view.reshape(per_tap)  # the copy
        if self.has_bias:
            cols[:, rows] = 1
        return cols

    def _columns(self) -> np.ndarray:
        """``cols`` (G, Cg*K [+1 row of ones], O*N): every kernel placement's inputs, the one copy.

        ``cols`` lives in scratch memory reserved for this shape until the
        weight gradient needs it (no fresh pages each step); if another
        convolution of the same shape took that memory in between,
        :meth:`_kept_columns` builds ``cols`` again.
        """
        x, kernel, groups = self.x, self.w.shape[2:], self.groups
        rows = x.shape[1] // groups * int(np.prod(kernel))
        shape = (groups, rows + self.has_bias, int(np.prod(self.out_shape)) * x.shape[0])
        self._cols_slot = (f"im2col.cols{shape}", x.dtype)  # one slot per shape
        return self._fill(scratch(self._cols_slot[0], shape, x.dtype, owner=self), self._window_view())

    def _column_blocks(self) -> Iterator[Tuple[np.ndarray, slice]]:
        """``cols`` one block of output rows at a time (:func:`_row_blocks`): ``(block, its columns of cols)``.

        Each block is built in the same scratch memory, so it is only valid
        until the next one is made.
        """
        x, kernel, groups = self.x, self.w.shape[2:], self.groups
        view, inner = self._window_view(), int(np.prod(self.out_shape[1:])) * x.shape[0]
        rows = x.shape[1] // groups * int(np.prod(kernel)) + self.has_bias
        nk = len(kernel)
        memory = scratch("im2col.block", (groups, rows, max(b - a for a, b in self.blocks) * inner), x.dtype)
        for start, stop in self.blocks:
            cols = memory[:, :, :(stop - start) * inner]
            part = view[(slice(None),) * (1 + nk) + (slice(start, stop),)]  # output rows start..stop
            yield self._fill(cols, part), slice(start * inner, stop * inner)

    def _kept_columns(self) -> np.ndarray:
        """The forward pass's ``cols``, built again if its scratch memory was taken since."""
        if not still_owned(*self._cols_slot, self):
            self.cols = self._columns()
        return self.cols

    def _grad_matrix(self, grad: np.ndarray) -> np.ndarray:
        """The upstream gradient (N, F, *O) as the batch-last matrices (G, Fg, O*N); a view if it is batch-last."""
        if grad is self._grad and (self._grad_is_view or still_owned("im2col.grad", grad.dtype, self)):
            return self._grad_rows
        self._bias_grad = None
        f = grad.shape[1]
        shape = (self.groups, f // self.groups, grad.size // f)
        rows = np.moveaxis(grad, 0, -1)
        self._grad, self._grad_is_view = grad, rows.flags.c_contiguous
        if self._grad_is_view:  # a batch-last gradient: a view
            self._grad_rows = rows.reshape(shape)
        else:  # copied once, kept (for the other gradients of this backward pass) in scratch memory
            self._grad_rows = scratch("im2col.grad", shape, grad.dtype, owner=self)
            self._grad_rows.reshape(rows.shape)[...] = rows
        return self._grad_rows

    def bias_grad(self, grad: np.ndarray) -> np.ndarray:
        """dL/dbias: the upstream gradient summed over the batch and the positions (from :meth:`weight_grad`)."""
        if not self.has_bias:
            return self._grad_matrix(grad).sum(axis=-1).reshape(-1)
        if grad is not self._grad or self._bias_grad is None:
            self.weight_grad(grad)
        return self._bias_grad

    def weight_grad(self, grad: np.ndarray) -> np.ndarray:
        """dL/dw = G @ cols^T per group: a sum over the batch and the positions inside one product (or one per
        output row, on the shifted rows' windows, :meth:`_shifted_rows`; or one per block of output rows,
        :func:`_row_blocks`, building each block of ``cols`` again)."""
        g = self._grad_matrix(grad)
        if self.shifted:  # one product per output row, summed: (G_i @ window_i^T) over the rows i
            f, c, kh, kw = self.w.shape
            rows_g = g.reshape(f, self.out_shape[0], -1).transpose(1, 2, 0)  # (OH, OW*N, F)
            both = np.matmul(self._row_windows(self._kept_rows()), rows_g).sum(axis=0).T  # (F, kh*(C*kw [+1]))
            both = both.reshape(f, kh, c * kw + self.has_bias)
            self._bias_grad = both[:, 0, c * kw].copy() if self.has_bias else None
            return np.ascontiguousarray(both[:, :, :c * kw].reshape(f, kh, c, kw).transpose(0, 2, 1, 3))
        if self.blocks is None:
            both = np.matmul(g, self._kept_columns().transpose(0, 2, 1))  # (G, Fg, Cg*K [+1]): [dL/dW | dL/dbias]
        else:  # as (cols @ G^T)^T: measured 1.3x faster than G @ cols^T for these thin blocks
            both_t = None
            for cols, part in self._column_blocks():
                term = np.matmul(cols, g[:, :, part].transpose(0, 2, 1))  # (G, Cg*K [+1], Fg)
                both_t = term if both_t is None else np.add(both_t, term, out=both_t)
            both = both_t.transpose(0, 2, 1)
        rows = both.shape[2] - self.has_bias
        self._bias_grad = both[:, :, rows].reshape(-1) if self.has_bias else None
        return np.ascontiguousarray(both[:, :, :rows]).reshape(self.w.shape)

    def input_grad(self, grad: np.ndarray) -> np.ndarray:
        """dL/dx: dcols = W^T @ G, then each kernel tap's rows are added back where that tap read."""
        g = self._grad_matrix(grad)
        groups, fg = g.shape[:2]
        w_mat = self.w.reshape(groups, fg, -1)
        dtype = np.result_type(w_mat, g)
        dcols = np.matmul(w_mat.transpose(0, 2, 1), g, out=scratch("temp.a", (groups, w_mat.shape[2], g.shape[2]),
                                                                       dtype))  # (G, Cg*K, O*N)
        n, c, *spatial = self.x.shape
        kernel = self.w.shape[2:]
        dcols = dcols.reshape(c, *kernel, *self.out_shape, n)
        dx = np.zeros((c, *spatial, n), dtype=dcols.dtype)  # compact: taps that read padding are left out
        for offset in np.ndindex(*kernel):  # one strided add per kernel tap
            ranges = [tap_range(k * d, s, lo, size, o) for k, d, s, (lo, _), size, o
                      in zip(offset, self.dilation, self.stride, self.pads, spatial, self.out_shape)]
            if all(end > first for first, end, _ in ranges):
                target = tuple(slice(i, i + (end - first - 1) * s + 1, s)
                               for (first, end, i), s in zip(ranges, self.stride))
                source = tuple(slice(first, end) for first, end, _ in ranges)
                dx[(slice(None), *target)] += dcols[(slice(None), *offset, *source)]
        return as_batch_first(dx)


#: A convolution whose ``cols`` would be larger than twice this many bytes builds and uses it a block of
#: output rows at a time, each block about this size, so that it is still in cache when its matrix product
#: reads it (the weight gradient builds the blocks again from the input, which is ``K`` times smaller).
#: Measured (2-core x86-64, 2 MB L2 per core, caches flushed between runs as in a training step; forward,
#: weight gradient): ``examples/train_mnist.py``'s first convolution (C=1, 5x5, 28x28, batch 64: 5.2 MB of
#: cols) 2.07, 1.86 ms unblocked -> 1.06, 1.20 ms with 128 KB blocks (1.28-1.40, 1.46-1.51 ms with 1 MB, 1.06,
#: 1.20 with 256 KB, 1.09, 1.25 with 64 KB); ``benchmarks/train_step.py``'s (C=1, 3x3, 28x28, batch 64: 1.7 MB)
#: 1.44, 1.54 -> 0.83, 1.08 ms (1.33, 1.80 with 256 KB).
BLOCK_BYTES = 1 << 17
MAX_BYTES = np.iinfo(np.intp).max  # no array is larger
#: A block has at least this many columns (output positions times samples): thinner blocks make thin matrix
#: products, slower than the cache saves. Measured (fwd + bwd, float32, one thread, same process): Conv1d
#: 64 -> 64, kernel 5, (32, 64, 128): 8.2 ms with 96-column blocks -> 7.1 ms (512); unchanged within noise
#: for Conv1d 1 -> 16 k7, 16 -> 32 k5, strided Conv1d, grouped Conv2d, Conv3d.
MIN_BLOCK_COLUMNS = 512


def _row_blocks(out_shape: Tuple[int, ...], n: int, column_bytes: int) -> Optional[List[Tuple[int, int]]]:
    """Blocks ``(start, stop)`` of the first output axis, ``cols`` about :data:`BLOCK_BYTES` each; ``None``
    (one unblocked ``cols``) when ``cols`` is at most twice that, or the first axis cannot be split.

    ``column_bytes`` is the size of one column of ``cols`` (all groups).

    >>> _row_blocks((28, 28), 64, 26 * 4)[:3]  # train_mnist's first convolution: 5.2 MB of cols, rows of 186 KB
    [(0, 1), (1, 2), (2, 3)]
    >>> _row_blocks((26, 26), 16, 10 * 4)  # 433 KB of cols, rows of 16.6 KB
    [(0, 7), (7, 14), (14, 21), (21, 26)]
    >>> _row_blocks((13, 13), 8, 26 * 4) is None  # 70 KB
    True
    >>> _row_blocks((128,), 32, 321 * 4)[:2]  # a Conv1d's 5.3 MB: 16 positions of 32 samples, not 3
    [(0, 16), (16, 32)]
    """
    row_bytes = column_bytes * n * math.prod(out_shape[1:])
    if out_shape[0] < 2 or row_bytes * out_shape[0] <= 2 * BLOCK_BYTES:
        return None
    if row_bytes * out_shape[0] > MAX_BYTES:  # (padding=10**30: no such array exists; the allocation refuses it)
        return None
    columns = n * math.prod(out_shape[1:])  # per output row
    step = max(1, BLOCK_BYTES // row_bytes, -(-MIN_BLOCK_COLUMNS // columns))
    return [(start, min(start + step, out_shape[0])) for start in range(0, out_shape[0], step)]


def tap_range(offset: int, step: int, pad: int, size: int, count: int) -> Tuple[int, int, int]:
    """Which of ``count`` window positions read inside an unpadded axis of ``size``, through a tap at ``offset``.

    Position ``o`` reads padded index ``o * step + offset``, input index
    ``o * step + offset - pad``. Returns ``(first, end, first input index)``
    (``end <= first`` when none does).

    >>> tap_range(0, 4, 1, 13, 3)  # position 0 reads the padding; positions 1, 2 read inputs 3, 7
    (1, 3, 3)
    """
    first = max(0, -(-(pad - offset) // step))
    end = min(count, -(-(size + pad - offset) // step))
    return first, max(first, end), first * step + offset - pad
