"""Convolutions (cross-correlations, as in deep learning): ``conv1d``, ``conv2d``, ``conv3d``, ``conv_nd``.

How it is computed (im2col through a sliding-window view)
---------------------------------------------------------
The input is zero-padded; ``sliding_window_view`` exposes every kernel
placement without copying; one copy lays those windows out, per sample, as
the columns of a matrix ``cols`` of shape ``(C*K, O)`` (``C`` channels, ``K``
kernel taps, ``O`` output positions). Row ``(c, k)`` of ``cols`` lines up with
the filters' own memory order ``w[f, c, *k]``, so the filters are used as
they are, an ``(F, C*K)`` matrix, and one batched BLAS product
``W @ cols_n`` gives an ``(F, O)`` block per sample: the output is already
in (N, F, *O) order, with no transposing copy. Backward is two more matrix
products:

* ``dW = sum_n G_n @ cols_n^T``  (``G_n`` sample ``n``'s upstream gradient as
  an ``(F, O)`` matrix)
* ``dcols = G @ W`` in channels-last layout, scattered back onto the input
  with one strided add per kernel tap (a loop over the ``K`` kernel offsets
  only).

Groups split the channels into independent convolutions: the same products,
batched over the ``G`` groups (``cols`` becomes ``(N, G, C/G*K, O)``).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import IntOrTuple, data_of, ntuple, pad_trailing, unpad_trailing, window_slices, windows

__all__ = ["conv1d", "conv2d", "conv3d", "conv_nd"]

Padding = Union[str, int, Sequence[int]]


class ConvND(Operation):
    """N-d convolution of ``x`` (N, C, *S) with filters ``w`` (F, C/groups, *K), plus an optional bias (F,)."""

    def __call__(self, x, w, *bias, stride, pads, dilation, groups):
        self.variables = (x, w, *bias)
        xd, wd = x.data, w.data
        nd = wd.ndim - 2
        n, c = xd.shape[:2]
        f, kernel = wd.shape[0], wd.shape[2:]
        self.stride, self.pads, self.dilation, self.groups = stride, pads, dilation, groups
        self.in_shape = xd.shape
        xp = pad_trailing(xd, pads, 0)  # (N, C, *Sp)
        self.padded_spatial = xp.shape[2:]
        self.out_shape = tuple(
            (p - d * (k - 1) - 1) // s + 1 for p, k, s, d in zip(self.padded_spatial, kernel, stride, dilation)
        )
        view = windows(xp, kernel, self.out_shape, stride, dilation)  # (N, C, *O, *K)
        # im2col, channels first: rows are (channel, kernel tap), columns are output positions
        perm = (0, 1, *range(2 + nd, 2 + 2 * nd), *range(2, 2 + nd))
        cols = np.ascontiguousarray(view.transpose(perm))  # (N, C, *K, *O)
        positions, taps = int(np.prod(self.out_shape)), int(np.prod(kernel))
        self.cols = cols.reshape(n, groups, c // groups * taps, positions)  # (N, G, Cg*K, O)
        w_mat = wd.reshape(groups, f // groups, -1)  # (G, Fg, Cg*K): no copy, w's own order
        out = np.matmul(w_mat, self.cols)  # (N, G, Fg, O), broadcast over the batch
        out = out.reshape(n, f, *self.out_shape)  # contiguous (N, F, *O)
        if bias:
            out += bias[0].data.reshape(f, *(1,) * nd)
        return out

    def backward_var(self, grad, index, **kwargs):
        if index == 2:  # d(out)/d(bias) = 1, summed over batch and positions
            return grad.sum(axis=(0, *range(2, grad.ndim)))
        w = self.variables[1]
        if index == 1:  # dL/dW = sum_n G_n @ cols_n^T, per group
            n, f = grad.shape[:2]
            g_n = grad.reshape(n, self.groups, f // self.groups, self.cols.shape[-1])  # (N, G, Fg, O)
            dw = np.matmul(g_n, self.cols.transpose(0, 1, 3, 2)).sum(axis=0)  # (G, Fg, Cg*K)
            return dw.reshape(w.shape)
        return self._input_grad(self._grad_matrix(grad), self.variables[0].data.dtype)

    def _grad_matrix(self, grad: np.ndarray) -> np.ndarray:
        """The upstream gradient (N, F, *O) as (G, rows, Fg): one row per (sample, output position)."""
        f = grad.shape[1]
        g_rows = np.moveaxis(grad, 1, -1).reshape(-1, self.groups, f // self.groups)
        return g_rows.transpose(1, 0, 2)

    def _input_grad(self, g_mat: np.ndarray, dtype: np.dtype) -> np.ndarray:
        """dL/dx: dcols = G @ W, then each kernel tap's column block is added back where it was read.

        Works channels-last, (N, *S, C): each tap's block is then one strided add of whole
        channel vectors.
        """
        groups, rows, _ = g_mat.shape
        n, c = self.in_shape[:2]
        w = self.variables[1].data
        kernel = w.shape[2:]
        w_mat = np.moveaxis(w, 1, -1).reshape(groups, w.shape[0] // groups, -1)  # (G, Fg, K*Cg)
        dcols = np.matmul(g_mat, w_mat)  # (G, rows, K*Cg)
        taps = int(np.prod(kernel))
        dcols = dcols.reshape(groups, rows, taps, c // groups).transpose(1, 2, 0, 3)
        dcols = dcols.reshape(n, *self.out_shape, *kernel, c)
        nd = len(kernel)
        dxp = np.zeros((n, *self.padded_spatial, c), dtype=dtype)  # (N, *Sp, C)
        for offset in np.ndindex(*kernel):
            target = (slice(None),) + window_slices(offset, self.out_shape, self.stride, self.dilation)
            dxp[target] += dcols[(slice(None),) * (1 + nd) + offset]
        dx = unpad_trailing(dxp, tuple(self.pads) + ((0, 0),), self.in_shape[2:] + (c,))
        return np.moveaxis(dx, -1, 1)


def _conv_padding(padding: Padding, kernel: Tuple[int, ...], stride: Tuple[int, ...],
                  dilation: Tuple[int, ...]) -> Tuple[Tuple[int, int], ...]:
    """PyTorch's ``padding`` argument as ``(before, after)`` per spatial axis."""
    nd = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * nd
        if padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions (stride must be 1)")
            totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
            return tuple((t // 2, t - t // 2) for t in totals)
        raise ValueError(f"padding must be 'valid', 'same', an int or a tuple of ints; got {padding!r}")
    pads = ntuple(padding, nd, "padding")
    if any(p < 0 for p in pads):
        raise ValueError(f"padding must be non-negative; got {padding!r}")
    return tuple((p, p) for p in pads)


def _conv(input: Any, weight: Any, bias: Any, stride: IntOrTuple, padding: Padding, dilation: IntOrTuple,
          groups: int, nd: Optional[int], constant: Optional[bool]) -> Tensor:
    """Validate the arguments of an N-d convolution and run :class:`ConvND`."""
    x_shape, w_shape = np.shape(data_of(input)), np.shape(data_of(weight))
    if nd is None:
        nd = len(w_shape) - 2
    if len(w_shape) != nd + 2:
        raise ValueError(f"weight must have shape (out_channels, in_channels/groups, *kernel) with {nd} kernel "
                         f"dimensions; got shape {w_shape}")
    unbatched = len(x_shape) == nd + 1
    if unbatched:
        input = input[None] if isinstance(input, Tensor) else np.asarray(input)[None]
        x_shape = (1, *x_shape)
    if len(x_shape) != nd + 2:
        raise ValueError(f"input must have shape (N, C, *spatial) or (C, *spatial) with {nd} spatial dimensions; "
                         f"got shape {x_shape[1:] if unbatched else x_shape}")
    if not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive int; got {groups!r}")
    f, cg, kernel = w_shape[0], w_shape[1], tuple(w_shape[2:])
    if x_shape[1] != cg * groups:
        raise ValueError(f"input has {x_shape[1]} channels but weight of shape {w_shape} with groups={groups} "
                         f"expects {cg * groups}")
    if f % groups:
        raise ValueError(f"out_channels ({f}) must be divisible by groups ({groups})")
    stride, dilation = ntuple(stride, nd, "stride"), ntuple(dilation, nd, "dilation")
    if any(s < 1 for s in stride) or any(d < 1 for d in dilation):
        raise ValueError(f"stride and dilation must be positive; got stride={stride}, dilation={dilation}")
    pads = _conv_padding(padding, kernel, stride, dilation)
    for size, (lo, hi), k, d in zip(x_shape[2:], pads, kernel, dilation):
        if size + lo + hi < d * (k - 1) + 1:
            raise ValueError(f"the kernel {kernel} (dilation {dilation}) is larger than the padded input "
                             f"{tuple(n + a + b for n, (a, b) in zip(x_shape[2:], pads))}")
    tensors = (input, weight) if bias is None else (input, weight, bias)
    if bias is not None and np.shape(data_of(bias)) != (f,):
        raise ValueError(f"bias must have shape ({f},); got {np.shape(data_of(bias))}")
    out = execute_op(ConvND, *tensors, op_kwargs=dict(stride=stride, pads=pads, dilation=dilation, groups=int(groups)),
                     constant=constant)
    return out[0] if unbatched else out


def conv1d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
           dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None) -> Tensor:
    """1-D convolution over an input of shape (N, C_in, L) or (C_in, L); see :func:`conv2d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import conv1d
    >>> x = mg.tensor([[[1.0, 2.0, 3.0, 4.0]]])
    >>> conv1d(x, mg.tensor([[[1.0, -1.0]]]))
    Tensor([[[-1., -1., -1.]]])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1, constant)


def conv2d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
           dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None) -> Tensor:
    """2-D convolution (cross-correlation, as ``torch.nn.functional.conv2d``).

    ``out[n, f, i, j] = bias[f] + sum_{c,a,b} weight[f, c, a, b] * x_pad[n, g*C/G + c, i*s0 + a*d0, j*s1 + b*d1]``

    Parameters
    ----------
    input : ArrayLike, shape=(N, C_in, H, W) or (C_in, H, W)
    weight : ArrayLike, shape=(C_out, C_in/groups, kH, kW)
    bias : Optional[ArrayLike], shape=(C_out,)
    stride : int or (int, int), default 1
    padding : int, (int, int), 'valid' or 'same', default 0
        Zeros added to both sides of each spatial axis. ``'same'`` (stride 1
        only) pads so the output has the input's size; an odd total puts the
        extra zero after, as PyTorch does.
    dilation : int or (int, int), default 1
        Spacing between kernel taps.
    groups : int, default 1
        Split channels into ``groups`` independent convolutions.
    constant : Optional[bool]
        Force the result to be a constant.

    Returns
    -------
    Tensor, shape=(N, C_out, H_out, W_out)
        ``H_out = (H + 2p - d(kH - 1) - 1) // s + 1``, likewise ``W_out``.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import conv2d
    >>> x = mg.tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    >>> w = mg.tensor(np.ones((1, 1, 2, 2)))
    >>> conv2d(x, w, stride=2)
    Tensor([[[[10., 18.],
              [42., 50.]]]])
    >>> conv2d(x, w, padding="same").shape
    (1, 1, 4, 4)
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 2, constant)


def conv3d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
           dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None) -> Tensor:
    """3-D convolution over an input of shape (N, C_in, D, H, W); see :func:`conv2d`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import conv3d
    >>> x = mg.tensor(np.ones((1, 1, 3, 3, 3)))
    >>> w = mg.tensor(np.full((1, 1, 2, 2, 2), 0.5))  # (C_out, C_in, kD, kH, kW)
    >>> y = conv3d(x, w)        # each output: the sum of 8 inputs times 0.5
    >>> y.shape, y[0, 0, 0, 0, 0].item()
    ((1, 1, 2, 2, 2), 4.0)
    >>> y.sum().backward()
    >>> x.grad[0, 0, 0]         # 0.5 times the number of windows covering each input
    array([[0.5, 1. , 0.5],
           [1. , 2. , 1. ],
           [0.5, 1. , 0.5]])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, constant)


def conv_nd(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
            dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None) -> Tensor:
    """Convolution over as many spatial axes as ``weight`` has kernel axes (``weight.ndim - 2``).

    Same arguments and rules as :func:`conv2d`; ``input`` must be batched,
    shape ``(N, C_in, *spatial)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import conv_nd
    >>> x = mg.tensor([[[1.0, 2.0, 3.0]]])      # (N, C_in, L): one spatial axis
    >>> w = mg.tensor([[[1.0, -1.0]]])          # a 1-D kernel: y_i = x_i - x_(i+1)
    >>> y = conv_nd(x, w)
    >>> y
    Tensor([[[-1., -1.]]])
    >>> y.sum().backward()
    >>> x.grad, w.grad          # dy/dx: kernel taps summed; dy/dw: input windows summed
    (array([[[ 1.,  0., -1.]]]), array([[[3., 5.]]]))
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, None, constant)
