"""Convolution layers: ``Conv1d``, ``Conv2d`` (and ``Conv3d``), calling :mod:`mygrad.nn.functional`."""

from __future__ import annotations

from typing import Any, Optional, Tuple, Union

from mygrad.nn import functional as F
from mygrad.nn.functional._utils import ntuple
from mygrad.nn.layers._common import (IntOrTuple, check_size, empty_parameter, factory_dtype, flag_truth,
                                      reset_weight_and_bias)
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource

__all__ = ["Conv1d", "Conv2d", "Conv3d"]

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """The shared body of ``Conv1d``/``Conv2d``/``Conv3d``: arguments, parameters, init and repr."""

    _ndim = 0

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: IntOrTuple, stride: IntOrTuple = 1,
        padding: Union[str, IntOrTuple] = 0, dilation: IntOrTuple = 1, groups: int = 1, bias: bool = True,
        padding_mode: str = "zeros", device: Any = None, dtype: Any = None,
        *, generator: Optional[RandomSource] = None,
    ) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        nd = self._ndim
        layer = type(self).__name__
        in_channels = check_size(layer, "in_channels", in_channels, 1)
        out_channels = check_size(layer, "out_channels", out_channels, 1)
        groups = check_size(layer, "groups", groups, 1)
        if groups < 1 or in_channels % groups or out_channels % groups:
            raise ValueError(
                f"in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups})"
            )
        if not isinstance(padding_mode, str) or padding_mode not in _PADDING_MODES:  # (an array cannot be compared)
            raise ValueError(f"{layer}: padding_mode must be one of {_PADDING_MODES}; got {padding_mode!r:.60}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = ntuple(kernel_size, nd, f"{layer}: kernel_size", 1)
        self.stride = ntuple(stride, nd, f"{layer}: stride", 1)
        self.dilation = ntuple(dilation, nd, f"{layer}: dilation", 1)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"padding must be 'valid', 'same', an int or a tuple of ints; got {padding!r}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError("padding='same' is not supported for strided convolutions (stride must be 1)")
            self.padding: Union[str, Tuple[int, ...]] = padding
        else:
            self.padding = ntuple(padding, nd, f"{layer}: padding", 0)
        self.padding_mode = padding_mode
        sizes = (f"in_channels={in_channels}, out_channels={out_channels}, groups={groups}, "
                 f"kernel_size={kernel_size!r:.60}")
        shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(empty_parameter(layer, sizes, shape, dtype))
        if flag_truth(layer, "bias", bias):
            self.bias = Parameter(empty_parameter(layer, f"out_channels={out_channels}", (out_channels,), dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters(generator)

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """PyTorch's default: ``kaiming_uniform_(a=sqrt(5))`` weights, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias."""
        reset_weight_and_bias(self.weight, self.bias, generator)

    def _explicit_padding(self) -> Tuple[int, ...]:
        """``(left, right)`` per spatial axis, last axis first: the ``pad`` argument of ``F.pad``."""
        if self.padding == "valid":
            per_axis = [(0, 0)] * self._ndim
        elif self.padding == "same":
            totals = [d * (k - 1) for k, d in zip(self.kernel_size, self.dilation)]
            per_axis = [(t // 2, t - t // 2) for t in totals]
        else:
            per_axis = [(p, p) for p in self.padding]
        return tuple(n for pair in reversed(per_axis) for n in pair)

    def forward(self, input: Any) -> Any:
        conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[self._ndim]
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._explicit_padding(), mode=self.padding_mode)
            return conv(padded, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
        return conv(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)

    def extra_repr(self) -> str:
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * self._ndim:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self._ndim:
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class Conv1d(_ConvNd):
    """1-D convolution (cross-correlation) over an input of shape ``(N, C_in, L)`` or ``(C_in, L)``.

    Same arguments as :class:`Conv2d`, with ints or 1-tuples for the sizes.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> conv = nn.Conv1d(2, 4, kernel_size=3, padding=1)
    >>> conv.weight.shape, conv(np.zeros((5, 2, 10), dtype=np.float32)).shape
    ((4, 2, 3), (5, 4, 10))
    """

    _ndim = 1


class Conv2d(_ConvNd):
    """2-D convolution (cross-correlation) over an input of shape ``(N, C_in, H, W)`` or ``(C_in, H, W)``.

    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and output.
    kernel_size : int or (int, int)
    stride : int or (int, int), default 1
    padding : int, (int, int), "valid" or "same", default 0
        Padding on both sides of each spatial axis; ``"same"`` (stride 1
        only) keeps the spatial size, putting an odd extra pixel after.
    dilation : int or (int, int), default 1
        Spacing between kernel taps.
    groups : int, default 1
        Split the channels into ``groups`` independent convolutions.
    bias : bool, default True
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default "zeros"
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values (NumPy's global random state by default).

    Attributes
    ----------
    weight : Parameter, shape (out_channels, in_channels // groups, kH, kW)
        U(-k, k) with ``k = 1 / sqrt(in_channels // groups * kH * kW)``
        (``kaiming_uniform_(a=sqrt(5))``, as PyTorch).
    bias : Parameter, shape (out_channels,), or None
        U(-k, k).

    Shape
    -----
    ``H_out = (H + pad_total - dilation * (kH - 1) - 1) // stride + 1``, likewise ``W_out``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> conv = nn.Conv2d(1, 8, 3, padding="same")
    >>> conv
    Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=same)
    >>> conv(np.zeros((2, 1, 5, 5), dtype=np.float32)).shape
    (2, 8, 5, 5)
    """

    _ndim = 2


class Conv3d(_ConvNd):
    """3-D convolution over an input of shape ``(N, C_in, D, H, W)``; see :class:`Conv2d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> conv = nn.Conv3d(1, 2, kernel_size=3)        # weight: (2, 1, 3, 3, 3)
    >>> x = np.ones((4, 1, 5, 6, 7), dtype=np.float32)
    >>> y = conv(x)
    >>> y.shape                 # each spatial size shrinks by kernel_size - 1
    (4, 2, 3, 4, 5)
    >>> y.sum().backward()      # d(sum y)/d weight = sum of the inputs each tap saw
    >>> conv.weight.grad[0, 0, 0, 0, 0].item()      # 4 samples * 3 * 4 * 5 positions
    240.0
    """

    _ndim = 3
