"""Cache-sized blocks for the optimizers' update rules.

An update rule is a chain of elementwise NumPy operations (multiply, add,
sqrt, ...). Applied to a whole parameter, each operation streams every
array it touches through memory once, and a 512x784 float32 weight (1.6 MB)
does not stay in a core's cache from one operation to the next: Adam's
dozen operations read it from memory a dozen times. Applied to blocks of
rows of about :data:`BLOCK_BYTES`, a block's arrays stay in cache for the
whole chain. Measured on a 2-core x86-64 machine (NumPy 2.4, float32
512x784): plain SGD 211 -> 133 us, Adam 1021 -> 757 us per parameter.
Parameters of up to :data:`WHOLE_BYTES` are updated whole (their arrays fit
the cache as they are). The optimizers' scratch buffers (``Optimizer.scratch``)
are requested per block, so they shrink from the size of the largest
parameter to at most :data:`WHOLE_BYTES`.

Every block is a view (a slice along the first axis), so updating a block
in place updates the parameter, whatever its memory layout.
"""

from __future__ import annotations

from typing import List, Tuple

import numpy as np

__all__ = ["BLOCK_BYTES", "WHOLE_BYTES", "regularized", "row_blocks"]

# Bytes of the first array per block. 64 KiB to 1 MiB measured alike (+-5%); smaller blocks pay
# for more Python calls, larger ones fall out of the cache.
BLOCK_BYTES = 256 * 1024
# Arrays up to this size are updated whole: their few arrays still fit the cache together, and
# splitting them was measured 5-8% slower (the extra Python calls); from 768 KiB on, blocks win.
WHOLE_BYTES = 3 * BLOCK_BYTES


def row_blocks(*arrays: np.ndarray) -> List[Tuple[np.ndarray, ...]]:
    """Matching blocks of rows of equally shaped arrays; arrays of up to :data:`WHOLE_BYTES` come whole.

    Parameters
    ----------
    *arrays : np.ndarray
        Arrays of one shape (a parameter, its gradient, its state buffers).

    Returns
    -------
    List[Tuple[np.ndarray, ...]]
        ``(block of arrays[0], block of arrays[1], ...)`` for each block: views
        of the same rows (slices along the first axis), about
        :data:`BLOCK_BYTES` of the first array each. Write into a block to
        update its array.

    Examples
    --------
    >>> import numpy as np
    >>> param, grad = np.zeros((3000, 100), np.float32), np.ones((3000, 100), np.float32)
    >>> for p, g in row_blocks(param, grad):
    ...     p -= 0.5 * g
    >>> [p.shape for p, g in row_blocks(param, grad)]
    [(655, 100), (655, 100), (655, 100), (655, 100), (380, 100)]
    >>> float(param.sum())
    -150000.0
    >>> len(row_blocks(param[:100], grad[:100]))  # 40 KB: one block, the arrays themselves
    1
    """
    first = arrays[0]
    if first.nbytes <= WHOLE_BYTES:  # (0-d and empty arrays too)
        return [arrays]
    rows = max(1, BLOCK_BYTES // first[0].nbytes)
    return [tuple(a[start:start + rows] for a in arrays) for start in range(0, len(first), rows)]


def regularized(param: np.ndarray, grad: np.ndarray, weight_decay: float, maximize: bool,
                out: np.ndarray) -> np.ndarray:
    """``g = (-grad if maximize else grad) + weight_decay * param``: ``grad`` itself, or written into ``out``.

    The per-block form of ``Optimizer.gradient``; ``out`` is written only if an option is on.

    Examples
    --------
    >>> import numpy as np
    >>> out = np.empty(2)
    >>> regularized(np.array([1.0, 2.0]), np.array([0.5, 0.5]), 0.1, True, out)
    array([-0.4, -0.3])
    """
    if not weight_decay and not maximize:
        return grad
    if weight_decay:
        np.multiply(param, weight_decay, out=out)
        (np.subtract if maximize else np.add)(out, grad, out=out)
    else:
        np.negative(grad, out=out)
    return out
