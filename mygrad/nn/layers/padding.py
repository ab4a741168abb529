"""Padding modules with PyTorch's names, each a call of :func:`mygrad.nn.functional.pad`.

``padding`` is an int (the same on every side) or PyTorch's tuple: ``(left,
right)`` for 1-d, ``(left, right, top, bottom)`` for 2-d and ``(left, right,
top, bottom, front, back)`` for 3-d. The constant (and zero) paddings take
any input with at least as many axes as they pad; the others take one
unbatched or batched input (``(C, ...)`` or ``(N, C, ...)``).
"""

from __future__ import annotations

from typing import Any, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn import functional as F
from mygrad.nn.functional._utils import check_real
from mygrad.nn.module import Module

__all__ = ["ZeroPad1d", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d", "ReflectionPad2d",
           "ReplicationPad1d", "ReplicationPad2d", "ZeroPad3d", "ConstantPad3d", "ReflectionPad3d", "ReplicationPad3d",
           "CircularPad1d", "CircularPad2d", "CircularPad3d"]

Padding = Union[int, Sequence[int]]


def _padding(layer: str, padding: Padding, dims: int) -> Tuple[int, ...]:
    """``padding`` as PyTorch's 2*dims-tuple, checked."""
    if isinstance(padding, (int, np.integer)) and not isinstance(padding, bool):
        return (int(padding),) * (2 * dims)
    values = tuple(padding) if isinstance(padding, (tuple, list)) else None
    if values is None or len(values) != 2 * dims or any(
            isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in values):
        raise TypeError(f"{layer}: padding must be an int or a tuple of {2 * dims} ints; got {padding!r}")
    return tuple(int(v) for v in values)


class _Pad(Module):
    _dims, _mode = 1, "constant"

    def __init__(self, padding: Padding, value: float = 0.0) -> None:
        super().__init__()
        self.padding = _padding(type(self).__name__, padding, self._dims)
        self.value = value

    def forward(self, input: Any) -> Tensor:
        x = np.ndim(input.data if isinstance(input, Tensor) else input)
        if self._mode == "constant" and x < self._dims:  # (PyTorch pads the trailing axes of any input)
            raise ValueError(f"{type(self).__name__}: expected an input of at least {self._dims} dimensions; "
                             f"got {x}-D")
        if self._mode != "constant" and x not in (self._dims + 1, self._dims + 2):
            raise ValueError(f"{type(self).__name__}: expected a {self._dims + 1}-D (unbatched) or "
                             f"{self._dims + 2}-D (batched) input; got {x}-D")
        return F.pad(input, self.padding, self._mode, self.value if self._mode == "constant" else None)

    def extra_repr(self) -> str:
        if type(self).__name__.startswith("Constant"):
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"


class ConstantPad1d(_Pad):
    """Pad the last axis with ``value``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ConstantPad1d((1, 2), 9.0)(mg.tensor([[[1.0, 2.0]]]))
    Tensor([[[9., 1., 2., 9., 9.]]])
    """

    def __init__(self, padding: Padding, value: float) -> None:
        super().__init__(padding, check_real("ConstantPad1d: value", value))


class ConstantPad2d(_Pad):
    """Pad the last two axes with ``value``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ConstantPad2d(1, -1.0)(mg.tensor([[[5.0]]]))
    Tensor([[[-1., -1., -1.],
             [-1.,  5., -1.],
             [-1., -1., -1.]]])
    """

    _dims = 2

    def __init__(self, padding: Padding, value: float) -> None:
        super().__init__(padding, check_real("ConstantPad2d: value", value))


class ZeroPad1d(_Pad):
    """Pad the last axis with zeros.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ZeroPad1d(1)(mg.tensor([[[1.0]]]))
    Tensor([[[0., 1., 0.]]])
    """

    def __init__(self, padding: Padding) -> None:
        super().__init__(padding, 0.0)


class ZeroPad2d(_Pad):
    """Pad the last two axes with zeros.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ZeroPad2d((1, 0, 0, 1))(mg.tensor([[[1.0]]]))
    Tensor([[[0., 1.],
             [0., 0.]]])
    """

    _dims = 2

    def __init__(self, padding: Padding) -> None:
        super().__init__(padding, 0.0)


class ReflectionPad1d(_Pad):
    """Pad the last axis with its reflection (the edge not repeated).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReflectionPad1d(2)(mg.tensor([[[1.0, 2.0, 3.0]]]))
    Tensor([[[3., 2., 1., 2., 3., 2., 1.]]])
    """

    _mode = "reflect"


class ReflectionPad2d(_Pad):
    """Pad the last two axes with their reflection (the edge not repeated).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReflectionPad2d(1)(mg.tensor([[[1.0, 2.0], [3.0, 4.0]]]))
    Tensor([[[4., 3., 4., 3.],
             [2., 1., 2., 1.],
             [4., 3., 4., 3.],
             [2., 1., 2., 1.]]])
    """

    _dims, _mode = 2, "reflect"


class ReplicationPad1d(_Pad):
    """Pad the last axis by repeating its edge values.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReplicationPad1d((2, 1))(mg.tensor([[[1.0, 2.0]]]))
    Tensor([[[1., 1., 1., 2., 2.]]])
    """

    _mode = "replicate"


class ReplicationPad2d(_Pad):
    """Pad the last two axes by repeating their edge values.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReplicationPad2d((1, 0, 0, 0))(mg.tensor([[[1.0, 2.0]]]))
    Tensor([[[1., 1., 2.]]])
    """

    _dims, _mode = 2, "replicate"


class ConstantPad3d(_Pad):
    """Pad the last three axes with ``value``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ConstantPad3d((0, 0, 0, 0, 1, 0), 7.0)(mg.tensor([[[[1.0]]]])).data.ravel()
    array([7., 1.])
    """

    _dims = 3

    def __init__(self, padding: Padding, value: float) -> None:
        super().__init__(padding, check_real("ConstantPad3d: value", value))


class ZeroPad3d(_Pad):
    """Pad the last three axes with zeros.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ZeroPad3d(1)(mg.ones((1, 1, 1, 1))).shape
    (1, 3, 3, 3)
    """

    _dims = 3

    def __init__(self, padding: Padding) -> None:
        super().__init__(padding, 0.0)


class ReflectionPad3d(_Pad):
    """Pad the last three axes with their reflection (the edge not repeated).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReflectionPad3d((1, 0, 0, 0, 0, 0))(mg.tensor([[[[[1.0, 2.0]]]]]))
    Tensor([[[[[2., 1., 2.]]]]])
    """

    _dims, _mode = 3, "reflect"


class ReplicationPad3d(_Pad):
    """Pad the last three axes by repeating their edge values.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReplicationPad3d((0, 0, 0, 0, 1, 1))(mg.tensor([[[[1.0]], [[2.0]]]])).data.ravel()
    array([1., 1., 2., 2.])
    """

    _dims, _mode = 3, "replicate"


class CircularPad1d(_Pad):
    """Pad the last axis by wrapping it around (the end before the start, the start after the end).

    A padding larger than the axis (wrapping more than once) raises ``RuntimeError``, as in PyTorch.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.CircularPad1d((2, 1))(mg.tensor([[1.0, 2.0, 3.0]]))
    Tensor([[2., 3., 1., 2., 3., 1.]])
    """

    _mode = "circular"


class CircularPad2d(_Pad):
    """Pad the last two axes by wrapping them around.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.CircularPad2d((1, 0, 1, 0))(mg.tensor([[[1.0, 2.0], [3.0, 4.0]]]))
    Tensor([[[4., 3., 4.],
             [2., 1., 2.],
             [4., 3., 4.]]])
    """

    _dims, _mode = 2, "circular"


class CircularPad3d(_Pad):
    """Pad the last three axes by wrapping them around.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.CircularPad3d((0, 0, 0, 0, 1, 0))(mg.tensor([[[[1.0]], [[2.0]]]])).data.ravel()
    array([2., 1., 2.])
    """

    _dims, _mode = 3, "circular"
