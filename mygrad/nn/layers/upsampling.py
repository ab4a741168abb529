"""Resizing modules: ``Upsample``, ``UpsamplingNearest2d``, ``UpsamplingBilinear2d`` over ``F.interpolate``."""

from __future__ import annotations

from typing import Any, Optional

from mygrad.nn.functional import interpolation
from mygrad.nn.module import Module

__all__ = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]


class Upsample(Module):
    """Resize ``(N, C, *spatial)`` inputs to ``size`` or by ``scale_factor``; see :func:`mygrad.nn.functional.interpolate`.

    Parameters
    ----------
    size : Optional[int or tuple of int]
    scale_factor : Optional[float or tuple of float]
        Stored as float(s), as PyTorch.
    mode : str, default "nearest"
        ``"nearest"``, ``"nearest-exact"``, ``"linear"``, ``"bilinear"``,
        ``"bicubic"``, ``"trilinear"`` or ``"area"``.
    align_corners : Optional[bool]
    recompute_scale_factor : Optional[bool]

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> up = nn.Upsample(scale_factor=2, mode="bilinear")
    >>> up
    Upsample(scale_factor=2.0, mode='bilinear')
    >>> up(np.arange(4, dtype=np.float32).reshape(1, 1, 2, 2)).data[0, 0]
    array([[0.  , 0.25, 0.75, 1.  ],
           [0.5 , 0.75, 1.25, 1.5 ],
           [1.5 , 1.75, 2.25, 2.5 ],
           [2.  , 2.25, 2.75, 3.  ]], dtype=float32)
    """

    def __init__(self, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                 align_corners: Optional[bool] = None, recompute_scale_factor: Optional[bool] = None) -> None:
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        self.scale_factor = _scale_factor(self.name, scale_factor)
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input: Any) -> Any:
        return interpolation.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                                         recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self) -> str:
        info = f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None else f"size={self.size!r}"
        return info + f", mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """Nearest-neighbour resizing of ``(N, C, H, W)`` inputs: ``Upsample(size, scale_factor, mode="nearest")``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.UpsamplingNearest2d(scale_factor=2)(np.array([[[[1.0, 2.0]]]])).data
    array([[[[1., 1., 2., 2.],
             [1., 1., 2., 2.]]]])
    """

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Bilinear resizing of ``(N, C, H, W)`` inputs with ``align_corners=True`` (PyTorch's definition).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.UpsamplingBilinear2d(size=(1, 3))(np.array([[[[0.0, 4.0]]]])).data
    array([[[[0., 2., 4.]]]])
    """

    def __init__(self, size: Any = None, scale_factor: Any = None) -> None:
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


def _scale_factor(layer: str, scale_factor: Any) -> Any:
    """PyTorch's reading of ``scale_factor``, ``float(scale_factor) if scale_factor else None`` (a tuple: each
    element), with PyTorch's exception class for what it cannot read, naming the argument."""
    def refuse(error: Exception, factor: Any) -> Exception:
        return type(error)(f"{layer}: scale_factor must be a number or a tuple of numbers; got {factor!r:.60} of "
                           f"type {type(factor).__name__} ({error})")

    def real(factor: Any) -> float:
        try:
            return float(factor)
        except (TypeError, ValueError) as error:
            raise refuse(error, factor) from error

    if isinstance(scale_factor, tuple):
        return tuple(real(factor) for factor in scale_factor)
    try:
        given = bool(scale_factor)
    except (TypeError, ValueError) as error:  # (an array of several numbers)
        raise refuse(error, scale_factor) from error
    return real(scale_factor) if given else None
