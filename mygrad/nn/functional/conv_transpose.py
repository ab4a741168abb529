"""Transposed convolutions: ``conv_transpose1d``, ``conv_transpose2d``, ``conv_transpose3d``.

A transposed convolution is the adjoint (the input-gradient map) of the
convolution with the same weight, stride, padding and dilation. Input
position ``i`` spreads ``x[n, c, i] * w[c, o, k]`` onto output position
``i * stride - padding + k * dilation``:

    out[n, o, p] = bias[o] + sum_{c, k, i: i s - pad + k d = p} x[n, c, i] w[c, o, k]

Forward is one matrix product per group (every input position times every
kernel tap, im2col's product read backwards) followed by a ``col2im``
scatter-add: one strided slice-add per kernel tap, not per pixel. Backward
reads the output gradient through the same windows a convolution reads its
input through (a ``sliding_window_view``, no copy until the product):

    dL/dx[n, c, i] = sum_{o, k} w[c, o, k] g[n, o, i s - pad + k d]      (a convolution of g)
    dL/dw[c, o, k] = sum_{n, i} x[n, c, i] g[n, o, i s - pad + k d]
    dL/dbias[o]    = sum_{n, p} g[n, o, p]

For 2-D float data (:func:`_adjoint_applies`) the same three maps are
computed by im2col's convolution ``conv(z, w)`` run backwards: the forward
pass is its input gradient, ``dL/dx`` its forward pass on ``g`` and ``dL/dw``
its weight gradient, all in im2col's batch-last layout.

The output length along each axis is
``(L - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1``.
"""

from __future__ import annotations

import itertools
from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import IntOrTuple, data_of, ntuple, windows
from mygrad.nn.functional.im2col import Im2colConv

__all__ = ["conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "conv_transpose_output_size"]


def conv_transpose_output_size(size: int, kernel: int, stride: int, padding: int, output_padding: int,
                               dilation: int) -> int:
    """The output length of a transposed convolution along one axis.

    Examples
    --------
    >>> from mygrad.nn.functional.conv_transpose import conv_transpose_output_size
    >>> conv_transpose_output_size(4, kernel=3, stride=2, padding=1, output_padding=1, dilation=1)
    8
    """
    return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1


def _adjoint_applies(xd: np.ndarray, wd: np.ndarray, stride, output_padding) -> bool:
    """Whether :class:`~mygrad.nn.functional.im2col.Im2colConv` runs this transposed convolution as its
    convolution's adjoint: 2-D, float data, and an output the convolution maps back onto the input's size
    (``output_padding < stride`` on every axis).

    Measured (fwd + bwd, float32, one thread, same process, against the matmul + col2im path): 2-D
    (32, 32, 8, 8) 32 -> 16 k4 s2 p1 3.59 -> 2.64 ms; (64, 16, 16, 16) 16 -> 3 k4 s2 p1 4.32 -> 2.92;
    (16, 32, 16, 16) 32 -> 32 k3 s1 p1 5.77 -> 4.56; (32, 8, 16, 16) 8 -> 8 k2 s2 1.69 -> 1.31; but 1-D
    (32, 32, 64) 32 -> 16 k4 s2 p1 0.93 -> 1.13 ms, (16, 64, 128) 64 -> 32 k4 s2 1.98 -> 2.32, and 3-D
    (8, 16, 4, 8, 8) 16 -> 8 k4 s2 p1 5.60 -> 6.04, (8, 8, 8, 8, 8) 8 -> 8 k2 s2 1.80 -> 2.00: those keep col2im.
    """
    floats = xd.dtype.kind == "f" and wd.dtype.kind == "f"
    return (wd.ndim == 4 and floats and xd.size > 0
            and all(op < s for op, s in zip(output_padding, stride)))


class ConvTransposeND(Operation):
    """``conv_transpose`` over the trailing ``nd`` axes of ``x`` (N, C_in, *L) with ``w`` (C_in, C_out/G, *k).

    For 2-D float data the three passes are those of the convolution ``conv(z, w)`` it is the adjoint of (``z`` of
    the output's shape), computed by :class:`~mygrad.nn.functional.im2col.Im2colConv` in the batch-last layout:
    forward is that convolution's input gradient for the upstream gradient ``x``; ``dL/dx = conv(g, w)`` its
    forward pass on ``g``; ``dL/dw`` its weight gradient with input ``g`` and upstream gradient ``x``.
    """

    def __call__(self, x, w, *bias, stride, padding, output_padding, dilation, groups):
        self.variables = (x, w, *bias)
        xd, wd = x.data, w.data
        self.conv = None
        if _adjoint_applies(xd, wd, stride, output_padding):
            return self._adjoint_forward(xd, wd, bias[0].data if bias else None, stride, padding, output_padding,
                                         dilation, groups)
        n, c_in = xd.shape[:2]
        spatial, kernel = xd.shape[2:], wd.shape[2:]
        nd = len(kernel)
        og = wd.shape[1]
        cg = c_in // groups
        taps = int(np.prod(kernel))
        positions = int(np.prod(spatial))
        dtype = np.result_type(xd.dtype, wd.dtype)
        self.geometry = (n, groups, cg, og, spatial, kernel, stride, padding, dilation)
        out_shape = tuple(conv_transpose_output_size(L, k, s, p, op, d) for L, k, s, p, op, d in
                          zip(spatial, kernel, stride, padding, output_padding, dilation))
        self.out_shape = out_shape
        # (G, cg, N * L): each group's input channels against every sample and position
        self.x_matrix = np.ascontiguousarray(
            xd.reshape(n, groups, cg, positions).transpose(1, 2, 0, 3)).reshape(groups, cg, n * positions)
        self.w_matrix = wd.reshape(groups, cg, og * taps)
        cols = np.matmul(self.w_matrix.transpose(0, 2, 1), self.x_matrix)  # (G, og * K, N * L)
        cols = cols.reshape((groups, og) + kernel + (n,) + spatial)
        # col2im: tap k of input position i lands on full-output position i * s + k * d
        full = tuple(max((L - 1) * s + d * (k - 1) + 1, p + o) for L, k, s, d, p, o in
                     zip(spatial, kernel, stride, dilation, padding, out_shape))
        self.full = full
        buffer = np.zeros((n, groups, og) + full, dtype=dtype)
        for tap in itertools.product(*(range(k) for k in kernel)):
            target = tuple(slice(t * d, t * d + (L - 1) * s + 1, s) for t, L, s, d in
                           zip(tap, spatial, stride, dilation))
            block = cols[(slice(None), slice(None)) + tap]  # (G, og, N, *L)
            buffer[(slice(None),) * 3 + target] += block.transpose((2, 0, 1) + tuple(range(3, 3 + nd)))
        crop = tuple(slice(p, p + o) for p, o in zip(padding, out_shape))
        out = buffer[(slice(None),) * 3 + crop].reshape((n, groups * og) + out_shape)
        if bias:
            out = out + bias[0].data.reshape((-1,) + (1,) * nd)
        return out

    def _adjoint_forward(self, xd, wd, bias, stride, padding, output_padding, dilation, groups) -> np.ndarray:
        """The forward pass as the input gradient of ``conv(z, w)`` for the upstream gradient ``x``."""
        spatial, kernel = xd.shape[2:], wd.shape[2:]
        out_shape = tuple(conv_transpose_output_size(L, k, s, p, op, d) for L, k, s, p, op, d in
                          zip(spatial, kernel, stride, padding, output_padding, dilation))
        dtype = np.result_type(xd.dtype, wd.dtype)
        conv = Im2colConv(stride, tuple((p, p) for p in padding), dilation, groups)
        conv.x = np.broadcast_to(np.zeros((), dtype), (xd.shape[0], wd.shape[1] * groups) + out_shape)  # (shape only)
        conv.w, conv.out_shape = wd, tuple(spatial)
        out = conv.input_grad(xd)
        self.conv = conv
        if bias is not None:
            out = out + bias.reshape((-1,) + (1,) * len(kernel))
        return out

    def _grad_columns(self, grad: np.ndarray) -> np.ndarray:
        """The output gradient as (G, og * K, N * L): what each input position's taps touched."""
        n, groups, cg, og, spatial, kernel, stride, padding, dilation = self.geometry
        nd = len(kernel)
        full = np.zeros((n, groups * og) + self.full, dtype=grad.dtype)
        full[(slice(None),) * 2 + tuple(slice(p, p + o) for p, o in zip(padding, self.out_shape))] = grad
        view = windows(full, kernel, spatial, stride, dilation)  # (N, C_out, *L, *k), a view
        view = view.reshape((n, groups, og) + spatial + kernel)
        order = (1, 2) + tuple(range(3 + nd, 3 + 2 * nd)) + (0,) + tuple(range(3, 3 + nd))
        return np.ascontiguousarray(view.transpose(order)).reshape(groups, og * int(np.prod(kernel)), -1)

    def backward(self, grad):
        # the output gradient's windows serve both dL/dx and dL/dw: gather them once per backward pass
        needed = any(not v._constant for v in self.variables[:2])
        if self.conv is not None:
            x, w = self.variables[:2]
            self.dx = self.conv.forward(grad, w.data, None) if needed else None  # conv(g, w); keeps g's windows
        else:
            self.gcols = self._grad_columns(grad) if needed else None
        return super().backward(grad)

    def backward_var(self, grad, index, **kwargs):
        if index == 2:
            return grad.sum(axis=(0,) + tuple(range(2, grad.ndim)))  # dL/dbias[o] = sum of g over n, p
        if self.conv is not None:
            return self.dx if index == 0 else self.conv.weight_grad(self.variables[0].data)
        n, groups, cg, og, spatial, kernel, stride, padding, dilation = self.geometry
        gcols = self.gcols
        if index == 0:  # dL/dx = W g-windows: (G, cg, og K) @ (G, og K, N L)
            dx = np.matmul(self.w_matrix, gcols).reshape((groups, cg, n) + spatial)
            return dx.transpose((2, 0, 1) + tuple(range(3, 3 + len(spatial)))).reshape(self.variables[0].shape)
        dw = np.matmul(self.x_matrix, gcols.transpose(0, 2, 1))  # (G, cg, og K)
        return dw.reshape(self.variables[1].shape)


def _conv_transpose(nd: int, name: str, input: Any, weight: Any, bias: Any, stride: IntOrTuple,
                    padding: IntOrTuple, output_padding: IntOrTuple, groups: int, dilation: IntOrTuple,
                    constant: Optional[bool]) -> Tensor:
    x_shape, w_shape = np.shape(data_of(input)), np.shape(data_of(weight))
    for arg, value in (("input", input), ("weight", weight), ("bias", bias)):
        if value is not None and np.asarray(data_of(value)).dtype.kind not in "biuf":
            raise TypeError(f"{name}: {arg} must hold real numbers; got {type(value).__name__}")
    if len(w_shape) != nd + 2:
        raise RuntimeError(f"{name}: weight should have {nd + 2} dimensions (in_channels, out_channels / groups, "
                           f"*kernel_size); got shape {w_shape}")
    if len(x_shape) not in (nd + 1, nd + 2):
        raise RuntimeError(f"{name}: Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {name}, but "
                           f"got input of size: {list(x_shape)}")
    if isinstance(groups, (bool, np.bool_)) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise RuntimeError(f"{name}: non-positive groups is not supported; got groups={groups!r}")
    stride = ntuple(stride, nd, f"{name}: stride", 1)
    padding = ntuple(padding, nd, f"{name}: padding", 0)
    output_padding = ntuple(output_padding, nd, f"{name}: output_padding", 0)
    dilation = ntuple(dilation, nd, f"{name}: dilation", 1)
    channels = x_shape[-nd - 1]
    if channels != w_shape[0]:
        raise RuntimeError(f"{name}: Given transposed=1, weight of size {list(w_shape)}, expected input "
                           f"{list(x_shape)} to have {w_shape[0]} channels, but got {channels} channels instead")
    if w_shape[0] % groups:
        raise RuntimeError(f"{name}: weight's in_channels ({w_shape[0]}) must be divisible by groups ({groups})")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        raise RuntimeError(f"{name}: output padding must be smaller than either stride or dilation, but got "
                           f"output_padding={output_padding}, stride={stride}, dilation={dilation}")
    out_channels = w_shape[1] * groups
    if bias is not None and np.shape(data_of(bias)) != (out_channels,):
        raise RuntimeError(f"{name}: Given transposed=1, weight of size {list(w_shape)}, expected bias to be "
                           f"1-dimensional with {out_channels} elements, but got bias of size "
                           f"{list(np.shape(data_of(bias)))} instead")
    out_shape = tuple(conv_transpose_output_size(L, k, s, p, op, d) for L, k, s, p, op, d in
                      zip(x_shape[-nd:], w_shape[2:], stride, padding, output_padding, dilation))
    batch = x_shape[0] if len(x_shape) == nd + 2 else 1
    if any(o < 0 or (o == 0 and batch) for o in out_shape):  # (PyTorch allows an empty output for an empty batch)
        raise RuntimeError(f"{name}: Given input size per channel: {list(x_shape[-nd:])}. Calculated output size "
                           f"per channel: {list(out_shape)}. Output size is too small")
    unbatched = len(x_shape) == nd + 1
    if unbatched:
        input = input[None] if isinstance(input, Tensor) else np.asarray(data_of(input))[None]
    params = (weight,) if bias is None else (weight, bias)
    out = execute_op(ConvTransposeND, input, *params,
                     op_kwargs=dict(stride=stride, padding=padding, output_padding=output_padding,
                                    dilation=dilation, groups=int(groups)),
                     constant=constant)
    return out[0] if unbatched else out


def conv_transpose1d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: IntOrTuple = 0,
                     output_padding: IntOrTuple = 0, groups: int = 1, dilation: IntOrTuple = 1, *,
                     constant: Optional[bool] = None) -> Tensor:
    """1-D transposed convolution ("deconvolution") of ``(N, C_in, L)`` or ``(C_in, L)`` inputs, as PyTorch's.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C_in, L) or (C_in, L)
    weight : ArrayLike, shape=(C_in, C_out / groups, k)
    bias : Optional[ArrayLike], shape=(C_out,)
    stride, padding, output_padding, dilation : int or (int,)
        ``padding`` removes that many positions from both ends of the full
        output; ``output_padding`` (smaller than ``stride`` or ``dilation``)
        adds that many positions at the end.
    groups : int, default 1

    Returns
    -------
    Tensor, shape=(N, C_out, (L - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1)

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import conv_transpose1d
    >>> x = mg.tensor([[[1.0, 2.0]]])                     # N=1, C_in=1, L=2
    >>> w = mg.tensor([[[1.0, 10.0, 100.0]]])             # C_in=1, C_out=1, k=3
    >>> conv_transpose1d(x, w, stride=2)                  # each input spreads a scaled copy of w
    Tensor([[[  1.,  10., 102.,  20., 200.]]])
    """
    return _conv_transpose(1, "conv_transpose1d", input, weight, bias, stride, padding, output_padding, groups,
                           dilation, constant)


def conv_transpose2d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: IntOrTuple = 0,
                     output_padding: IntOrTuple = 0, groups: int = 1, dilation: IntOrTuple = 1, *,
                     constant: Optional[bool] = None) -> Tensor:
    """2-D transposed convolution of ``(N, C_in, H, W)`` or ``(C_in, H, W)`` inputs; see :func:`conv_transpose1d`.

    ``weight`` has shape ``(C_in, C_out / groups, kH, kW)``.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import conv_transpose2d
    >>> x = mg.tensor(np.ones((1, 1, 2, 2)))
    >>> conv_transpose2d(x, np.ones((1, 1, 2, 2)), stride=2)  # each pixel becomes a 2x2 block
    Tensor([[[[1., 1., 1., 1.],
              [1., 1., 1., 1.],
              [1., 1., 1., 1.],
              [1., 1., 1., 1.]]]])
    >>> conv_transpose2d(x, np.ones((1, 1, 3, 3))).data[0, 0]  # overlapping taps add up
    array([[1., 2., 2., 1.],
           [2., 4., 4., 2.],
           [2., 4., 4., 2.],
           [1., 2., 2., 1.]])
    """
    return _conv_transpose(2, "conv_transpose2d", input, weight, bias, stride, padding, output_padding, groups,
                           dilation, constant)


def conv_transpose3d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: IntOrTuple = 0,
                     output_padding: IntOrTuple = 0, groups: int = 1, dilation: IntOrTuple = 1, *,
                     constant: Optional[bool] = None) -> Tensor:
    """3-D transposed convolution of ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)`` inputs; see :func:`conv_transpose1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import conv_transpose3d
    >>> conv_transpose3d(np.ones((1, 2, 2, 2, 2)), np.ones((2, 3, 2, 2, 2)), stride=2).shape
    (1, 3, 4, 4, 4)
    """
    return _conv_transpose(3, "conv_transpose3d", input, weight, bias, stride, padding, output_padding, groups,
                           dilation, constant)
