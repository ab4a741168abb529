"""Reusable arrays for the temporaries of the convolution and pooling ops.

Why: a fresh NumPy array of a few megabytes is fresh memory from the
operating system, and the first write to each 4 KiB page of it costs a page
fault (measured on a 2-core x86-64 machine: 2-3 us per fault, 30-40% of a
small CNN's training step). The transformed tiles, channel sums and
gathered windows of one convolution are such arrays, and they are dead as
soon as the op returns. Taking them from :func:`scratch` instead reuses the
same pages every step.

The rule that makes this safe: a scratch array never leaves the function
that asked for it - it is neither returned nor kept on an op for its
backward pass - and two temporaries alive at the same time use different
``slot`` names. So that the memory held stays small, the ops share a few
slots, named by role, whatever op runs: ``"temp.a"`` and ``"temp.b"`` for
numbers, ``"mask.a"``, ``"mask.b"``, ``"mask.c"`` for booleans (an op never
calls another op while it holds them). One exception, checked: an op may keep a scratch array
between the gradient calls of one backward pass if it passes itself as
``owner`` and, before reusing it, asks :func:`still_owned` whether no other
call has taken that slot since. Each thread has its own arrays. One array
per (slot, dtype) is kept, grown to the largest size asked for;
:func:`clear_scratch` frees them.
"""

from __future__ import annotations

import math
import threading
import weakref
from typing import Any, Dict, Sequence, Tuple

import numpy as np

__all__ = ["clear_scratch", "scratch", "scratch_like", "still_owned"]

_local = threading.local()


def _arrays() -> Dict[Tuple[str, np.dtype], np.ndarray]:
    if not hasattr(_local, "arrays"):
        _local.arrays, _local.owners = {}, {}
    return _local.arrays


def scratch(slot: str, shape: Sequence[int], dtype, owner: Any = None) -> np.ndarray:
    """An uninitialised C-contiguous array of ``shape`` for a temporary, reusing the memory of ``slot``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.scratch import scratch
    >>> a = scratch("example", (2, 3), np.float32)
    >>> a.shape, a.dtype
    ((2, 3), dtype('float32'))
    >>> np.shares_memory(a, scratch("example", (3, 2), np.float32))  # the same memory, reused
    True
    """
    dtype = np.dtype(dtype)
    size = int(math.prod(shape))  # (np.prod's call costs 3 us, most of this function's time)
    arrays = _arrays()
    memory = arrays.get((slot, dtype))
    if memory is None or memory.size < size:
        memory = arrays[(slot, dtype)] = np.empty(max(size, 1), dtype=dtype)
    # (a weak reference: the registry must not keep an op, and the arrays it holds, alive)
    _local.owners[(slot, dtype)] = None if owner is None else weakref.ref(owner)
    return memory[:size].reshape(shape)


def scratch_like(slot: str, a: np.ndarray, dtype=None) -> np.ndarray:
    """A scratch array shaped like ``a`` with ``a``'s memory order (its axes nested as in ``a``), e.g. batch-last.

    An elementwise op between ``a`` and its result then walks both in the
    same order, as NumPy does for a result it allocates itself.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.scratch import scratch_like
    >>> a = np.zeros((4, 3, 2)).transpose(2, 0, 1)  # shape (2, 4, 3), its first axis the fastest in memory
    >>> t = scratch_like("example", a)
    >>> t.shape, t.strides == a.strides
    ((2, 4, 3), True)
    """
    order = sorted(range(a.ndim), key=lambda axis: -abs(a.strides[axis]))  # slowest-varying axis first
    memory = scratch(slot, tuple(a.shape[axis] for axis in order), a.dtype if dtype is None else dtype)
    return memory.transpose(np.argsort(order))


def still_owned(slot: str, dtype, owner: Any) -> bool:
    """Whether the last :func:`scratch` call for ``slot`` was ``owner``'s (so its contents are still ``owner``'s).

    ``owner`` must accept weak references (instances of Python classes do).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.scratch import scratch, still_owned
    >>> class Op: ...
    >>> me, other = Op(), Op()
    >>> _ = scratch("kept", (4,), np.float64, owner=me)
    >>> still_owned("kept", np.float64, me)
    True
    >>> _ = scratch("kept", (4,), np.float64, owner=other)
    >>> still_owned("kept", np.float64, me)
    False
    """
    _arrays()
    ref = _local.owners.get((slot, np.dtype(dtype)))
    return ref is not None and ref() is owner


def clear_scratch() -> None:
    """Free this thread's scratch arrays (they are made again when next needed).

    Examples
    --------
    >>> from mygrad.nn.functional.scratch import clear_scratch
    >>> clear_scratch()
    """
    _arrays().clear()
    _local.owners.clear()
