"""Placeholders for the parameters and buffers of lazy modules, whose shapes are known only at the first call.

As PyTorch's ``torch.nn.UninitializedParameter`` / ``UninitializedBuffer``:
a placeholder is registered like any parameter (so ``module.parameters()``,
an optimizer built from them, and ``state_dict()`` all hold it), and
:meth:`materialize` later gives it its shape **in place**: the same object
becomes an ordinary :class:`~mygrad.nn.Parameter` (or constant
:class:`~mygrad.Tensor`), so every reference taken before - an optimizer's
parameter groups included - sees the materialised values. Until then it
holds an empty array of its dtype (``Module.to`` converts it), and reading
its ``shape`` raises, as PyTorch's does.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn.parameter import Parameter

__all__ = ["UninitializedParameter", "UninitializedBuffer", "is_lazy"]

_SHAPE_ERROR = ("Can't access the shape of an uninitialized parameter or buffer. This error usually happens in "
                "`load_state_dict` when trying to load an uninitialized parameter into an initialized one. Call "
                "`forward` to initialize the parameters before accessing their attributes.")


def _placeholder_dtype(owner: str, device: Any, dtype: Any) -> np.dtype:
    if device is not None and str(device) != "cpu":
        raise ValueError(f"{owner}: mygrad runs on the CPU only; got device={device!r:.60}")
    try:
        dtype = np.dtype(np.float32 if dtype is None else dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{owner}: dtype must be a floating-point dtype; got {dtype!r:.60} ({error})") from None
    if dtype.kind != "f":
        raise TypeError(f"{owner}: dtype must be a floating-point dtype; got {dtype}")
    return dtype


class _Lazy:
    """What both placeholders share: ``materialize``, the refused ``shape``, the repr."""

    __slots__ = ()
    cls_to_become: type = Tensor

    def materialize(self, shape: Sequence[int], device: Any = None, dtype: Any = None) -> None:
        """Give the placeholder ``shape`` (uninitialised values), in place; it becomes ``cls_to_become``."""
        owner = f"{type(self).__name__}.materialize"
        dtype = _placeholder_dtype(owner, device, self.data.dtype if dtype is None else dtype)
        try:
            shape = tuple(int(n) for n in ((shape,) if isinstance(shape, (int, np.integer)) else shape))
            data = np.empty(shape, dtype=dtype)
        except (TypeError, ValueError, OverflowError, MemoryError) as error:
            raise type(error)(f"{owner}: cannot make an array of shape {shape!r:.60} ({error})") from None
        self.data = data
        self.__class__ = self.cls_to_become

    @property
    def shape(self) -> Any:  # type: ignore[override]
        raise RuntimeError(_SHAPE_ERROR)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    __str__ = __repr__


class UninitializedParameter(_Lazy, Parameter):
    """A parameter whose shape is not known yet; :meth:`materialize` turns it into a :class:`Parameter`.

    Parameters
    ----------
    requires_grad : bool, default True
    device : None or "cpu"
    dtype : DTypeLike, default float32

    Examples
    --------
    >>> from mygrad import nn
    >>> p = nn.UninitializedParameter()
    >>> p
    <UninitializedParameter>
    >>> p.materialize((2, 3))
    >>> type(p).__name__, p.shape, p.dtype
    ('Parameter', (2, 3), dtype('float32'))
    """

    __slots__ = ()
    cls_to_become = Parameter

    def __init__(self, requires_grad: bool = True, device: Any = None, dtype: Any = None) -> None:
        dtype = _placeholder_dtype("UninitializedParameter", device, dtype)
        super().__init__(np.empty(0, dtype=dtype), requires_grad)

    def __reduce__(self) -> Any:
        return (UninitializedParameter, (not self._constant, None, self.data.dtype))


class UninitializedBuffer(_Lazy, Tensor):
    """A buffer whose shape is not known yet; :meth:`materialize` turns it into a constant :class:`~mygrad.Tensor`.

    Examples
    --------
    >>> from mygrad import nn
    >>> b = nn.UninitializedBuffer()
    >>> b.materialize(3)
    >>> type(b).__name__, b.shape, b.constant
    ('Tensor', (3,), True)
    """

    __slots__ = ()
    cls_to_become = Tensor

    def __init__(self, requires_grad: bool = False, device: Any = None, dtype: Any = None) -> None:
        dtype = _placeholder_dtype("UninitializedBuffer", device, dtype)
        super().__init__(np.empty(0, dtype=dtype), constant=not requires_grad, copy=False)

    def __reduce__(self) -> Any:
        return (UninitializedBuffer, (not self._constant, None, self.data.dtype))


def is_lazy(value: Any) -> bool:
    """Whether ``value`` is an :class:`UninitializedParameter` or :class:`UninitializedBuffer`.

    Examples
    --------
    >>> from mygrad import nn
    >>> from mygrad.nn.uninitialized import is_lazy
    >>> is_lazy(nn.UninitializedParameter()), is_lazy(nn.Parameter())
    (True, False)
    """
    return isinstance(value, _Lazy)
