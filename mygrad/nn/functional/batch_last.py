"""The batch-last memory layout that the convolution algorithms work in.

A convolution's input has the logical shape ``(N, C, *spatial)``. In memory
the convolution code keeps it as ``(C, *spatial, N)``: the batch axis is the
fastest-varying one. Why: every step of im2col and Winograd moves small
windows (3 to 8 pixels wide) of an image around. In the usual layout each
such move copies a run of 3 to 8 numbers, and NumPy's cost per run, not per
number, dominates. Batch-last, the same move copies ``N`` numbers for every
pixel, and a whole window row of ``N``-vectors is one contiguous run.

Arrays go in and out with their logical shape: an op's result is returned
as the view ``a.transpose(-1, 0, 1, ...)`` of a batch-last array, shape
``(N, C, *spatial)``, like PyTorch's ``channels_last`` memory format. NumPy's
elementwise functions keep the memory order of their inputs, so a ReLU or a
pooling after a convolution stays batch-last, and the next convolution finds
its input already in this layout (no copy). An input in the usual C order is
copied once; that copy reads with long strides but writes contiguously,
which is the cache-friendly direction.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence, Tuple

import numpy as np

__all__ = ["as_batch_first", "batch_last", "padded_batch_last"]


def batch_last(x: np.ndarray) -> np.ndarray:
    """``x`` (N, C, *S) as a batch-last array (C, *S, N): a view when its memory is already in that order.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.batch_last import batch_last
    >>> x = np.arange(8.0).reshape(2, 1, 2, 2)
    >>> y = batch_last(x)  # a copy: x is in C order
    >>> y.shape
    (1, 2, 2, 2)
    >>> np.shares_memory(batch_last(y.transpose(3, 0, 1, 2)), y)  # already batch-last: a view
    True
    """
    return np.ascontiguousarray(np.moveaxis(x, 0, -1))


def padded_batch_last(x: np.ndarray, pads: Sequence[Tuple[int, int]],
                      out: Optional[Callable[[Tuple[int, ...]], np.ndarray]] = None) -> np.ndarray:
    """``x`` (N, C, *S) zero-padded by ``pads`` (``(before, after)`` per spatial axis), batch-last: (C, *Sp, N).

    Without padding, a batch-last ``x`` comes back as a view. ``out``, if
    given, is called with the padded shape and returns the (uninitialised)
    array to fill, e.g. a scratch array.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.batch_last import padded_batch_last
    >>> padded_batch_last(np.ones((1, 1, 2)), [(1, 0)])[0, :, 0]
    array([0., 1., 1.])
    """
    if not any(lo or hi for lo, hi in pads):
        view = np.moveaxis(x, 0, -1)
        if view.flags.c_contiguous or out is None:
            return np.ascontiguousarray(view)
    n, c, *spatial = x.shape
    shape = (c, *(s + lo + hi for s, (lo, hi) in zip(spatial, pads)), n)
    padded = np.zeros(shape, dtype=x.dtype) if out is None else out(shape)
    interior = tuple(slice(lo, lo + s) for s, (lo, _) in zip(spatial, pads))
    if out is not None:  # zero the border: for each axis, the slabs before and after the interior
        for axis, (s, (lo, hi)) in enumerate(zip(spatial, pads), start=1):
            before = (slice(None),) * axis + (slice(0, lo),)
            after = (slice(None),) * axis + (slice(lo + s, lo + s + hi),)
            padded[before] = 0
            padded[after] = 0
    padded[(slice(None), *interior)] = np.moveaxis(x, 0, -1)
    return padded


def as_batch_first(a: np.ndarray) -> np.ndarray:
    """The logical (N, C, *S) view of a batch-last array (C, *S, N); no copy.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.batch_last import as_batch_first
    >>> as_batch_first(np.zeros((3, 4, 5, 2))).shape
    (2, 3, 4, 5)
    """
    return np.moveaxis(a, -1, 0)
