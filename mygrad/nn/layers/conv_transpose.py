"""Transposed convolution layers: ``ConvTranspose1d``, ``ConvTranspose2d``, ``ConvTranspose3d``."""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple

import numpy as np

from mygrad.nn.functional import conv_transpose as CT
from mygrad.nn.functional._utils import IntOrTuple, data_of, ntuple
from mygrad.nn.layers._common import check_size, empty_parameter, factory_dtype, flag_truth, reset_weight_and_bias
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource

__all__ = ["ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]


class _ConvTransposeNd(Module):
    """The shared body of the transposed convolutions: PyTorch's arguments, parameters, init, repr."""

    _ndim = 0

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: IntOrTuple, stride: IntOrTuple = 1,
        padding: IntOrTuple = 0, output_padding: IntOrTuple = 0, groups: int = 1, bias: bool = True,
        dilation: IntOrTuple = 1, padding_mode: str = "zeros", device: Any = None, dtype: Any = None,
        *, generator: Optional[RandomSource] = None,
    ) -> None:
        super().__init__()
        layer = type(self).__name__
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {layer}; got padding_mode={padding_mode!r}')
        dtype = factory_dtype(device, dtype)
        nd = self._ndim
        in_channels = check_size(layer, "in_channels", in_channels, 1)
        out_channels = check_size(layer, "out_channels", out_channels, 1)
        groups = check_size(layer, "groups", groups, 1)
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"{layer}: in_channels ({in_channels}) and out_channels ({out_channels}) must be "
                             f"divisible by groups ({groups})")
        if isinstance(padding, str):
            raise ValueError(f"{layer}: padding must be an int or a tuple of ints (PyTorch's transposed "
                             f"convolutions take no padding string); got {padding!r}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = ntuple(kernel_size, nd, f"{layer}: kernel_size", 1)
        self.stride = ntuple(stride, nd, f"{layer}: stride", 1)
        self.padding = ntuple(padding, nd, f"{layer}: padding", 0)
        self.output_padding = ntuple(output_padding, nd, f"{layer}: output_padding", 0)
        self.dilation = ntuple(dilation, nd, f"{layer}: dilation", 1)
        self.transposed = True
        self.padding_mode = padding_mode
        sizes = (f"in_channels={in_channels}, out_channels={out_channels}, groups={groups}, "
                 f"kernel_size={kernel_size!r:.60}")
        shape = (in_channels, out_channels // groups, *self.kernel_size)
        self.weight = Parameter(empty_parameter(layer, sizes, shape, dtype))
        if flag_truth(layer, "bias", bias):
            self.bias = Parameter(empty_parameter(layer, f"out_channels={out_channels}", (out_channels,), dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters(generator)

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """PyTorch's default: ``kaiming_uniform_(a=sqrt(5))``, fan_in = ``out_channels / groups * prod(kernel)``
        (the weight's axis 1 onwards, as PyTorch counts it), and U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias."""
        reset_weight_and_bias(self.weight, self.bias, generator)

    def _output_padding(self, input_shape: Tuple[int, ...], output_size: Optional[Sequence[int]]) -> Tuple[int, ...]:
        """PyTorch's rule: the ``output_padding`` that gives ``output_size`` (or the layer's own)."""
        if output_size is None:
            return self.output_padding
        nd = self._ndim
        leading = 2 if len(input_shape) == nd + 2 else 1
        output_size = list(output_size)
        if len(output_size) == leading + nd:
            output_size = output_size[leading:]
        if len(output_size) != nd:
            raise ValueError(f"ConvTranspose{nd}D: for {len(input_shape)}D input, output_size must have {nd} or "
                             f"{leading + nd} elements (got {len(output_size)})")
        min_sizes = [CT.conv_transpose_output_size(L, k, s, p, 0, d) for L, k, s, p, d in
                     zip(input_shape[leading:], self.kernel_size, self.stride, self.padding, self.dilation)]
        max_sizes = [m + s - 1 for m, s in zip(min_sizes, self.stride)]
        if any(not lo <= size <= hi for size, lo, hi in zip(output_size, min_sizes, max_sizes)):
            raise ValueError(f"requested an output size of {output_size}, but valid sizes range from {min_sizes} "
                             f"to {max_sizes} (for an input of {list(input_shape[leading:])})")
        return tuple(size - lo for size, lo in zip(output_size, min_sizes))

    def forward(self, input: Any, output_size: Optional[Sequence[int]] = None) -> Any:
        function = {1: CT.conv_transpose1d, 2: CT.conv_transpose2d, 3: CT.conv_transpose3d}[self._ndim]
        output_padding = self._output_padding(np.shape(data_of(input)), output_size)
        return function(input, self.weight, self.bias, self.stride, self.padding, output_padding, self.groups,
                        self.dilation)

    def extra_repr(self) -> str:
        nd = self._ndim
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * nd:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * nd:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * nd:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text


class ConvTranspose1d(_ConvTransposeNd):
    """1-D transposed convolution of ``(N, C_in, L)`` or ``(C_in, L)`` inputs; see :class:`ConvTranspose2d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> up = nn.ConvTranspose1d(4, 2, kernel_size=4, stride=2, padding=1)
    >>> up.weight.shape, up(np.zeros((3, 4, 10), dtype=np.float32)).shape
    ((4, 2, 4), (3, 2, 20))
    """

    _ndim = 1


class ConvTranspose2d(_ConvTransposeNd):
    """2-D transposed convolution ("deconvolution") of ``(N, C_in, H, W)`` or ``(C_in, H, W)`` inputs.

    The adjoint of :class:`Conv2d` with the same arguments: it maps a
    convolution's output shape back to its input shape, as in decoders and
    U-Nets. See :func:`mygrad.nn.functional.conv_transpose2d`.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride : int or (int, int), default 1
    padding : int or (int, int), default 0
        Removed from both ends of each spatial axis of the full output.
    output_padding : int or (int, int), default 0
        Added at the end of each spatial axis (smaller than ``stride`` or
        ``dilation``): which of the sizes a strided convolution maps to
        the same size to produce.
    groups : int, default 1
    bias : bool, default True
    dilation : int or (int, int), default 1
    padding_mode : "zeros"
        The only mode PyTorch supports here.
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]

    Attributes
    ----------
    weight : Parameter, shape (in_channels, out_channels // groups, kH, kW)
        U(-k, k) with ``k = 1 / sqrt(out_channels // groups * kH * kW)``, as PyTorch.
    bias : Parameter, shape (out_channels,), or None

    Shape
    -----
    ``H_out = (H - 1) * stride - 2 * padding + dilation * (kH - 1) + output_padding + 1``,
    likewise ``W_out``; ``forward(input, output_size=...)`` picks ``output_padding``
    to reach ``output_size``, as PyTorch.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> up = nn.ConvTranspose2d(8, 3, kernel_size=3, stride=2, padding=1, output_padding=1)
    >>> up
    ConvTranspose2d(8, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))
    >>> up(np.zeros((1, 8, 16, 16), dtype=np.float32)).shape
    (1, 3, 32, 32)
    >>> nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1)(np.zeros((1, 8, 16, 16), dtype=np.float32),
    ...                                                  output_size=(32, 32)).shape
    (1, 3, 32, 32)
    """

    _ndim = 2


class ConvTranspose3d(_ConvTransposeNd):
    """3-D transposed convolution of ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)`` inputs; see :class:`ConvTranspose2d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.ConvTranspose3d(2, 1, kernel_size=2, stride=2)(np.zeros((1, 2, 3, 3, 3), dtype=np.float32)).shape
    (1, 1, 6, 6, 6)
    """

    _ndim = 3
