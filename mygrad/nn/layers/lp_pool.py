"""``LPPool1d/2d/3d`` (power-average pooling) and ``Softmax2d``, as PyTorch's."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.tensor import data_of
from mygrad.nn.functional import lp_pool as LP
from mygrad.nn.functional.softmax import softmax
from mygrad.nn.functional._utils import IntOrTuple
from mygrad.nn.module import Module

__all__ = ["LPPool1d", "LPPool2d", "LPPool3d", "Softmax2d"]


class _LPPoolNd(Module):
    _function: Any = None

    def __init__(self, norm_type: float, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
                 ceil_mode: bool = False) -> None:
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def forward(self, input: Any) -> Any:
        return type(self)._function(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    """Power-average pooling of ``(N, C, L)`` inputs; see :func:`mygrad.nn.functional.lp_pool1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.LPPool1d(2, 3)
    LPPool1d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)
    """

    _function = staticmethod(LP.lp_pool1d)


class LPPool2d(_LPPoolNd):
    """Power-average pooling of ``(N, C, H, W)`` inputs; see :func:`mygrad.nn.functional.lp_pool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.LPPool2d(2, 2)(np.ones((1, 1, 4, 4))).data
    array([[[[2., 2.],
             [2., 2.]]]])
    """

    _function = staticmethod(LP.lp_pool2d)


class LPPool3d(_LPPoolNd):
    """Power-average pooling of ``(N, C, D, H, W)`` inputs; see :func:`mygrad.nn.functional.lp_pool3d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.LPPool3d(1, 2)(np.ones((1, 1, 2, 2, 2))).data.ravel()
    array([8.])
    """

    _function = staticmethod(LP.lp_pool3d)


class Softmax2d(Module):
    """Softmax over the channels (axis -3) of ``(N, C, H, W)`` or ``(C, H, W)`` inputs, at every pixel.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> y = nn.Softmax2d()(np.random.default_rng(0).normal(size=(2, 3, 4, 4)))
    >>> np.allclose(y.data.sum(axis=1), 1)
    True
    """

    def forward(self, input: Any) -> Any:
        ndim = np.ndim(data_of(input))
        if ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {ndim}D instead")
        return softmax(input, -3)
