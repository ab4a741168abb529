"""``Unfold`` and ``Fold``: sliding blocks to columns and back, over :mod:`mygrad.nn.functional.sliding_blocks`."""

from __future__ import annotations

from typing import Any

from mygrad.nn.functional import sliding_blocks
from mygrad.nn.functional._utils import IntOrTuple
from mygrad.nn.module import Module

__all__ = ["Unfold", "Fold"]


class Unfold(Module):
    """Extract sliding blocks of ``(N, C, H, W)`` inputs as columns ``(N, C * kH * kW, L)``; see
    :func:`mygrad.nn.functional.unfold`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> unfold = nn.Unfold(kernel_size=(2, 3))
    >>> unfold
    Unfold(kernel_size=(2, 3), dilation=1, padding=0, stride=1)
    >>> unfold(np.zeros((2, 5, 3, 4), dtype=np.float32)).shape    # 5 * 2 * 3 rows, 2 * 2 blocks
    (2, 30, 4)
    """

    def __init__(self, kernel_size: IntOrTuple, dilation: IntOrTuple = 1, padding: IntOrTuple = 0,
                 stride: IntOrTuple = 1) -> None:
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def forward(self, input: Any) -> Any:
        return sliding_blocks.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
                f"stride={self.stride}")


class Fold(Module):
    """Sum columns of sliding blocks ``(N, C * kH * kW, L)`` into ``(N, C, *output_size)`` images; see
    :func:`mygrad.nn.functional.fold`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> fold = nn.Fold(output_size=(4, 5), kernel_size=2)
    >>> fold
    Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1)
    >>> fold(np.ones((1, 3 * 4, 12), dtype=np.float32)).shape
    (1, 3, 4, 5)
    """

    def __init__(self, output_size: IntOrTuple, kernel_size: IntOrTuple, dilation: IntOrTuple = 1,
                 padding: IntOrTuple = 0, stride: IntOrTuple = 1) -> None:
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input: Any) -> Any:
        return sliding_blocks.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                                   self.stride)

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")
