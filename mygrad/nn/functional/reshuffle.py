"""Rearranging channels and pixels: ``pixel_shuffle``, ``pixel_unshuffle``, ``channel_shuffle``.

Each is a reshape, a transpose and a reshape (mygrad's differentiable
ops), so the gradient is the inverse rearrangement of the upstream gradient.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.conversion import astensor
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.axes import transpose
from mygrad.ops.shape import reshape

__all__ = ["pixel_shuffle", "pixel_unshuffle", "channel_shuffle"]


def _factor(name: str, arg: str, value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}: {arg} must be a positive int; got {value!r:.60}")
    return int(value)


def _tensor(input: Any, constant: Optional[bool]) -> Tensor:
    return input if isinstance(input, Tensor) and constant is None else astensor(input, constant=constant)


def pixel_shuffle(input: Any, upscale_factor: int, *, constant: Optional[bool] = None) -> Tensor:
    """``(*, C * r**2, H, W)`` -> ``(*, C, H * r, W * r)``: sub-pixel convolution's rearrangement, as PyTorch's.

    Output pixel ``(h * r + i, w * r + j)`` of channel ``c`` is input channel
    ``c * r**2 + i * r + j`` at ``(h, w)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import pixel_shuffle
    >>> pixel_shuffle(np.arange(4.0).reshape(1, 4, 1, 1), 2)
    Tensor([[[[0., 1.],
              [2., 3.]]]])
    """
    r = _factor("pixel_shuffle", "upscale_factor", upscale_factor)
    x = _tensor(input, constant)
    if x.ndim < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with {x.ndim} "
                           f"dimension(s)")
    *lead, c, h, w = x.shape
    if c % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={c} is not divisible by {r * r}")
    k = len(lead)
    out = reshape(x, (*lead, c // (r * r), r, r, h, w))
    out = transpose(out, tuple(range(k)) + tuple(k + i for i in (0, 3, 1, 4, 2)))
    return reshape(out, (*lead, c // (r * r), h * r, w * r))


def pixel_unshuffle(input: Any, downscale_factor: int, *, constant: Optional[bool] = None) -> Tensor:
    """``(*, C, H * r, W * r)`` -> ``(*, C * r**2, H, W)``: the inverse of :func:`pixel_shuffle`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import pixel_unshuffle
    >>> pixel_unshuffle(np.arange(4.0).reshape(1, 1, 2, 2), 2).shape
    (1, 4, 1, 1)
    """
    r = _factor("pixel_unshuffle", "downscale_factor", downscale_factor)
    x = _tensor(input, constant)
    if x.ndim < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{x.ndim} dimension(s)")
    *lead, c, h, w = x.shape
    for axis, size in (("height", h), ("width", w)):
        if size % r:
            raise RuntimeError(f"pixel_unshuffle expects {axis} to be divisible by downscale_factor, but "
                               f"input.size({-2 if axis == 'height' else -1})={size} is not divisible by {r}")
    k = len(lead)
    out = reshape(x, (*lead, c, h // r, r, w // r, r))
    out = transpose(out, tuple(range(k)) + tuple(k + i for i in (0, 2, 4, 1, 3)))
    return reshape(out, (*lead, c * r * r, h // r, w // r))


def channel_shuffle(input: Any, groups: int, *, constant: Optional[bool] = None) -> Tensor:
    """Interleave the channels of ``(N, C, *)`` inputs from ``groups`` groups (ShuffleNet), as PyTorch's.

    Channel ``g * (C / groups) + i`` moves to ``i * groups + g``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import channel_shuffle
    >>> channel_shuffle(np.arange(6.0).reshape(1, 6, 1), 2).data.ravel()
    array([0., 3., 1., 4., 2., 5.])
    """
    g = _factor("channel_shuffle", "groups", groups)
    x = _tensor(input, constant)
    if x.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes {list(x.shape)}")
    n, c, *rest = x.shape
    if c % g:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels and {g} groups.")
    out = reshape(x, (n, g, c // g, *rest))
    out = transpose(out, (0, 2, 1) + tuple(range(3, out.ndim)))
    return reshape(out, x.shape)
