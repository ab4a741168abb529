"""Questions about arrays rather than values: ``shape``, ``ndim``, ``size``, memory sharing, dtype rules.

Each accepts tensors wherever NumPy accepts arrays and answers as NumPy does
for the tensors' data; nothing here is differentiable.

>>> import mygrad as mg
>>> x = mg.arange(6.0).reshape(2, 3)
>>> mg.shape(x), mg.ndim(x), mg.size(x)
((2, 3), 2, 6)
>>> mg.shares_memory(x, x[0])
True
>>> mg.result_type(mg.tensor([1.0], dtype="float32"), 2.0)
dtype('float32')
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.tensor import Tensor, data_of
from mygrad.ops.selection import where as mg_where
from mygrad.ops._nondiff import on_data

__all__ = [
    "shape",
    "ndim",
    "size",
    "shares_memory",
    "may_share_memory",
    "can_cast",
    "min_scalar_type",
    "result_type",
    "copyto",
]

# Each example (the wrapper's Examples section) shows NumPy's answer for tensor inputs.
shape = on_data(np.shape, "The shape of an array-like, as a tuple of ints.", """
    >>> mg.shape(mg.zeros((2, 3))), mg.shape([[1, 2, 3]])
    ((2, 3), (1, 3))
""")
ndim = on_data(np.ndim, "The number of dimensions of an array-like.", """
    >>> mg.ndim(mg.zeros((2, 3))), mg.ndim(5.0)
    (2, 0)
""")
size = on_data(np.size, "The number of elements (along ``axis``, if given).", """
    >>> x = mg.zeros((2, 3))
    >>> mg.size(x), mg.size(x, axis=1)
    (6, 3)
""")
shares_memory = on_data(np.shares_memory, "True if ``a`` and ``b`` share memory (exact test).", """
    >>> x = mg.arange(6.0)
    >>> mg.shares_memory(x, x[:3]), mg.shares_memory(x, x[:3] + 0)   # a view; a new array
    (True, False)
""")
may_share_memory = on_data(np.may_share_memory, "True if ``a`` and ``b`` might share memory (bounds test).", """
    >>> x = mg.arange(6.0)
    >>> mg.may_share_memory(x[::2], x[1::2])    # overlapping bounds, though no element is shared
    True
""")
can_cast = on_data(np.can_cast, "True if a cast from ``from_`` to ``to`` is allowed under ``casting``.", """
    >>> mg.can_cast(mg.tensor([1, 2]), "float64"), mg.can_cast("float64", "int32")
    (True, False)
""")
min_scalar_type = on_data(np.min_scalar_type, "The smallest dtype that holds the scalar ``a`` (or ``a``'s dtype).", """
    >>> mg.min_scalar_type(300), mg.min_scalar_type(-1)
    (dtype('uint16'), dtype('int8'))
""")
result_type = on_data(np.result_type, "The dtype NumPy's promotion rules give the arguments.", """
    >>> mg.result_type(mg.tensor([1.0], dtype="float32"), 2.0)    # Python floats do not upcast
    dtype('float32')
""")


@implements_numpy_override(np.copyto)
def copyto(dst: Any, src: Any, casting: str = "same_kind", where: Any = True) -> None:
    """Copy ``src`` into ``dst`` where ``where`` is true, broadcasting ``src`` to ``dst``'s shape.

    ``numpy.copyto`` for tensors. A tensor ``dst`` is written through
    mygrad's differentiable in-place assignment (``dst[...] = ...``), so the
    copy is seen by every view of ``dst`` and gradients flow to ``src``
    where it was copied and to ``dst``'s old values elsewhere.

    Parameters
    ----------
    dst : Union[Tensor, numpy.ndarray]
        The array written into.
    src : ArrayLike
        The values; broadcast to ``dst.shape``.
    casting : str, default "same_kind"
        NumPy's casting rule for ``src``'s dtype to ``dst``'s.
    where : ArrayLike of bool, default True
        Copy only where this (broadcast) mask is true.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([0.0, 0.0, 0.0])
    >>> mg.copyto(x, mg.tensor([1.0, 2.0, 3.0]), where=[True, False, True])
    >>> x
    Tensor([1., 0., 3.])
    """
    if not isinstance(dst, Tensor):
        np.copyto(dst, data_of(src), casting=casting, where=data_of(where))
        return
    # NumPy treats Python scalars as "weak" (cast by value); anything else casts by its dtype
    src_dtype = None if isinstance(src, (int, float, complex, bool)) else np.asarray(data_of(src)).dtype
    if src_dtype is not None and not np.can_cast(src_dtype, dst.dtype, casting=casting):
        raise TypeError(f"Cannot cast from {src_dtype} to the destination tensor's {dst.dtype} under {casting!r}")
    mask = data_of(where)
    value = src if mask is True else mg_where(mask, src, dst)
    if isinstance(value, Tensor) and value.dtype != dst.dtype:
        value = value.astype(dst.dtype)
    dst[...] = value


