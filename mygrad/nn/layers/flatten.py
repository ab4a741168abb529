"""Shape layers: ``Flatten`` and ``Unflatten``."""

from __future__ import annotations

import math
from typing import Any, Sequence, Tuple

import numpy as np

from mygrad.nn.module import Module
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.shape import reshape

__all__ = ["Flatten", "Unflatten"]


def _shape_of(input: Any, layer: str) -> tuple:
    """The shape of ``input``, or NumPy's refusal of a ragged list naming ``layer``."""
    try:
        return np.shape(input.data if isinstance(input, Tensor) else input)
    except ValueError as error:
        raise ValueError(f"{layer}: input must be array-like; got {input!r:.60} ({error})") from error


class Flatten(Module):
    """Merge the axes ``start_dim`` through ``end_dim`` into one.

    The default keeps the batch axis: ``(N, C, H, W) -> (N, C*H*W)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.Flatten()(np.zeros((2, 3, 4, 5))).shape
    (2, 60)
    >>> nn.Flatten(0, 1)(np.zeros((2, 3, 4))).shape
    (6, 4)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Any) -> Any:
        shape = _shape_of(input, "Flatten")
        ndim = max(len(shape), 1)
        start, end = self.start_dim, self.end_dim
        if not (-ndim <= start < ndim and -ndim <= end < ndim):
            raise IndexError(f"Flatten(start_dim={start}, end_dim={end}) is out of range for an input of shape {shape}")
        start, end = start % ndim, end % ndim
        if start > end:
            raise ValueError(f"Flatten: start_dim ({self.start_dim}) comes after end_dim ({self.end_dim}) for shape {shape}")
        new_shape = shape[:start] + (math.prod(shape[start : end + 1]),) + shape[end + 1 :]
        return reshape(input, new_shape)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split axis ``dim`` into ``unflattened_size``: the inverse of :class:`Flatten`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.Unflatten(1, (3, 4))(np.zeros((2, 12))).shape
    (2, 3, 4)
    """

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        super().__init__()
        self.dim = dim
        self.unflattened_size = _sizes(unflattened_size)

    def forward(self, input: Any) -> Any:
        shape = _shape_of(input, "Unflatten")
        dim = self.dim % len(shape) if -len(shape) <= self.dim < len(shape) else None
        if dim is None:
            raise IndexError(f"Unflatten: dim {self.dim} is out of range for an input of shape {shape}")
        sizes = self.unflattened_size
        known = math.prod(s for s in sizes if s != -1)
        if (-1 not in sizes and known != shape[dim]) or (-1 in sizes and (known == 0 or shape[dim] % known)):
            raise ValueError(f"Unflatten: cannot split axis {self.dim} of size {shape[dim]} into {sizes}")
        return reshape(input, shape[:dim] + sizes + shape[dim + 1 :])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


def _sizes(unflattened_size: Any) -> Tuple[Any, ...]:
    """``unflattened_size`` as a tuple, or PyTorch's TypeError naming the argument (a number, None, a 0-d array...)."""
    try:
        sizes = tuple(unflattened_size)
    except TypeError as error:
        raise TypeError(f"Unflatten: unflattened_size must be a tuple of ints; got {unflattened_size!r:.60} of type "
                        f"{type(unflattened_size).__name__} ({error})") from error
    for position, size in enumerate(sizes):
        if not isinstance(size, (int, np.integer, np.bool_)):
            raise TypeError(f"Unflatten: unflattened_size must be a tuple of ints; got {unflattened_size!r:.60}, with "
                            f"an element of type {type(size).__name__} at position {position}")
    return sizes
