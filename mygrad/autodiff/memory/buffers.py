"""Recycled scratch arrays for the backward pass.

A large array that NumPy allocates from fresh memory costs a page fault per
4 KiB page the first time it is written - for a 1e6-element float32 array,
about as long as the arithmetic itself. During ``backward()`` the forward
pass's arrays die one by one, already paged in. The backward walk hands
the ones that nothing else references to a pool (:func:`recycle`), and the
backward code of the elementwise ops takes its temporaries from there
(:func:`empty_like`, :func:`product`) instead of from fresh memory.

The pool lives only while a walk runs: outside ``backward()`` these
functions are plain ``np.empty_like`` / ``a * b``, and the pool is dropped
when the walk ends, so no memory is held on to. Arrays below
:data:`MIN_SIZE` elements are never pooled: they are cheap to allocate.

Whether an array is dead is decided by its reference count, which is only
exact on CPython before 3.14 with the GIL (later versions may borrow
references on the interpreter's stack and report fewer): elsewhere nothing
is recycled, and the walk copies leaf gradients instead of judging whether
they are shared.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

__all__ = ["MIN_SIZE", "empty_like", "temporary", "product", "recycle", "EXACT_REFCOUNTS"]

MIN_SIZE = 1 << 15  # elements

EXACT_REFCOUNTS = (
    sys.implementation.name == "cpython"
    and sys.version_info < (3, 14)
    and getattr(sys, "_is_gil_enabled", lambda: True)()  # free-threaded builds defer reference counts
)

# (shape, dtype) -> spare arrays; None while no backward walk is running
_spare: Optional[Dict[Tuple[Any, np.dtype], List[np.ndarray]]] = None


def empty_like(a: np.ndarray) -> np.ndarray:
    """An uninitialised array shaped like ``a`` - a recycled one if the pool has it."""
    spare = _spare
    if spare is not None and a.size >= MIN_SIZE:
        stack = spare.get((a.shape, a.dtype))
        if stack:
            return stack.pop()
    return np.empty_like(a)


def temporary(ufunc: Any, x: np.ndarray) -> np.ndarray:
    """``ufunc(x)`` in a scratch array the caller may overwrite - recycled memory during ``backward()``.

    Examples
    --------
    >>> import numpy as np
    >>> temporary(np.square, np.array([1.0, 2.0]))
    array([1., 4.])
    """
    if x.ndim and (_spare is None or x.size < MIN_SIZE):  # small: no pool to look in (0-d: out= keeps an array)
        return ufunc(x)
    return ufunc(x, out=empty_like(x))


def product(grad: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """``grad * factor`` (a new array), written into a recycled buffer where one fits."""
    if _spare is None or grad.size < MIN_SIZE or factor.shape != grad.shape or factor.dtype != grad.dtype:
        return grad * factor
    return np.multiply(grad, factor, out=empty_like(grad))


def start_pool() -> Optional[Dict[Tuple[Any, np.dtype], List[np.ndarray]]]:
    """Open a pool for a backward walk; returns the previous one, for :func:`end_pool`."""
    global _spare
    previous, _spare = _spare, ({} if EXACT_REFCOUNTS else None)
    return previous


def end_pool(previous: Optional[Dict[Tuple[Any, np.dtype], List[np.ndarray]]]) -> None:
    """Drop the walk's pool (its arrays are freed) and restore ``previous``."""
    global _spare
    _spare = previous


def recycle(tensor: Any, grad: np.ndarray) -> None:
    """Pool ``tensor``'s data and its gradient ``grad`` if nothing but the walk holds them.

    Called by the backward walk once ``tensor`` is done with (its creator has
    run and been released). The walk holds ``tensor`` in one local variable
    and ``grad`` in another.
    """
    spare = _spare
    if spare is None:
        return
    # references to tensor: the walk's local, this parameter, getrefcount's argument
    if sys.getrefcount(tensor) != 3:
        return
    data = tensor.data
    # references to data: tensor.data, ``data``, getrefcount's argument
    if sys.getrefcount(data) == 3 and _reusable(data):
        spare.setdefault((data.shape, data.dtype), []).append(data)
    # references to grad: tensor._grad, the walk's local, this parameter, getrefcount's argument
    if grad is tensor._grad and sys.getrefcount(grad) == 4 and _reusable(grad):
        tensor._grad = None
        spare.setdefault((grad.shape, grad.dtype), []).append(grad)


def _reusable(arr: np.ndarray) -> bool:
    """Owns its memory, is writeable and C-contiguous (so any op may write into it)."""
    return arr.base is None and arr.flags.writeable and arr.flags.c_contiguous and type(arr) is np.ndarray
