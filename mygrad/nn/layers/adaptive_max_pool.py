"""``AdaptiveMaxPool1d/2d/3d`` over :mod:`mygrad.nn.functional.adaptive_max_pool`."""

from __future__ import annotations

from typing import Any

from mygrad.nn.functional import adaptive_max_pool as AMP
from mygrad.nn.layers._common import check_flag
from mygrad.nn.module import Module

__all__ = ["AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d"]


class _AdaptiveMaxPoolNd(Module):
    _function: Any = None

    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size = output_size
        self.return_indices = check_flag(type(self).__name__, "return_indices", return_indices)

    def forward(self, input: Any) -> Any:
        return type(self)._function(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """Max over ``output_size`` adaptive windows of ``(N, C, L)`` inputs; see
    :func:`mygrad.nn.functional.adaptive_max_pool1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.AdaptiveMaxPool1d(2)(np.array([[[1.0, 3.0, 2.0, 0.0]]])).data
    array([[[3., 2.]]])
    """

    _function = staticmethod(AMP.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """Max over adaptive windows of ``(N, C, H, W)`` inputs to ``output_size`` (``None`` keeps an axis).

    See :func:`mygrad.nn.functional.adaptive_max_pool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> pool = nn.AdaptiveMaxPool2d((1, None))
    >>> pool
    AdaptiveMaxPool2d(output_size=(1, None))
    >>> pool(np.zeros((2, 3, 5, 7), dtype=np.float32)).shape
    (2, 3, 1, 7)
    """

    _function = staticmethod(AMP.adaptive_max_pool2d)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    """Max over adaptive windows of ``(N, C, D, H, W)`` inputs; see :func:`mygrad.nn.functional.adaptive_max_pool3d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.AdaptiveMaxPool3d(1)(np.zeros((2, 3, 4, 4, 4), dtype=np.float32)).shape
    (2, 3, 1, 1, 1)
    """

    _function = staticmethod(AMP.adaptive_max_pool3d)
