"""``BatchNorm3d``, ``RMSNorm``, ``PixelShuffle``, ``PixelUnshuffle`` and ``ChannelShuffle``, as PyTorch's."""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from mygrad.nn.functional import reshuffle, rms_normalization
from mygrad.nn.functional._utils import check_real
from mygrad.nn.functional.normalization import normalized_shape_of
from mygrad.nn.layers._common import check_flag, factory_dtype, reset_affine
from mygrad.nn.layers.normalization import _BatchNorm
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter

__all__ = ["BatchNorm3d", "RMSNorm", "PixelShuffle", "PixelUnshuffle", "ChannelShuffle"]


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of ``(N, C, D, H, W)`` inputs, per channel; see :class:`BatchNorm1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> bn = nn.BatchNorm3d(2)
    >>> y = bn(np.random.default_rng(0).normal(3.0, 2.0, size=(4, 2, 3, 3, 3)).astype(np.float32))
    >>> np.allclose(y.data.mean(axis=(0, 2, 3, 4)), 0, atol=1e-5), bn.running_mean.shape
    (True, (2,))
    """

    _allowed_ndims = (5,)


class RMSNorm(Module):
    """Root-mean-square normalisation over the trailing ``normalized_shape`` axes, then a learnt scale.

    See :func:`mygrad.nn.functional.rms_norm`.

    Parameters
    ----------
    normalized_shape : int or tuple of int
    eps : Optional[float]
        Default: the machine epsilon of the input's dtype.
    elementwise_affine : bool, default True
        Learn ``weight`` (initialised to 1) of shape ``normalized_shape``.
    device : None or "cpu"
    dtype : DTypeLike, default float32

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> norm = nn.RMSNorm(4)
    >>> norm
    RMSNorm((4,), eps=None, elementwise_affine=True)
    >>> y = norm(np.array([[1.0, -1.0, 1.0, -1.0]], dtype=np.float32))
    >>> y.data
    array([[ 1., -1.,  1., -1.]], dtype=float32)
    """

    def __init__(self, normalized_shape: Union[int, Sequence[int]], eps: Optional[float] = None,
                 elementwise_affine: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.normalized_shape = normalized_shape_of("RMSNorm", normalized_shape)
        if eps is not None and not check_real("RMSNorm: eps", eps) >= 0:
            raise ValueError(f"RMSNorm: eps must be >= 0 or None; got {eps}")
        self.eps = eps
        self.elementwise_affine = check_flag("RMSNorm", "elementwise_affine", elementwise_affine)
        if self.elementwise_affine:  # (no bias at all, as PyTorch's RMSNorm)
            self.weight = Parameter(np.ones(self.normalized_shape, dtype=dtype))
        else:
            self.register_parameter("weight", None)

    def reset_parameters(self) -> None:
        """Scale 1."""
        reset_affine(self)

    def forward(self, input: Any) -> Any:
        return rms_normalization.rms_norm(input, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class PixelShuffle(Module):
    """``(*, C * r**2, H, W)`` -> ``(*, C, H * r, W * r)``; see :func:`mygrad.nn.functional.pixel_shuffle`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.PixelShuffle(3)(np.zeros((1, 18, 4, 4), dtype=np.float32)).shape
    (1, 2, 12, 12)
    """

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input: Any) -> Any:
        return reshuffle.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """``(*, C, H * r, W * r)`` -> ``(*, C * r**2, H, W)``; see :func:`mygrad.nn.functional.pixel_unshuffle`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.PixelUnshuffle(2)(np.zeros((1, 1, 4, 6), dtype=np.float32)).shape
    (1, 4, 2, 3)
    """

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input: Any) -> Any:
        return reshuffle.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"


class ChannelShuffle(Module):
    """Interleave the channels of ``(N, C, *)`` inputs from ``groups`` groups; see
    :func:`mygrad.nn.functional.channel_shuffle`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.ChannelShuffle(3)(np.arange(6.0).reshape(1, 6, 1)).data.ravel()
    array([0., 2., 4., 1., 3., 5.])
    """

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Any) -> Any:
        return reshuffle.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
