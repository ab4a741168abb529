"""Identical outputs for identical input windows: the exactness repair of the Winograd convolution.

Why: im2col (like PyTorch) computes every output of a convolution with the
same arithmetic, a dot product of the window with the filter, so two output
positions whose input windows are identical get bitwise identical values.
Winograd does not: an output's rounding depends on where it sits in its
tile. On images with an exact-zero background (MNIST) identical windows are
everywhere - all-zero windows, the constant ``relu(bias)`` planes the
background becomes after a layer, padded borders next to them, the straight
strokes of a digit - and the ties between them are what ``max_pool``
(the first maximum wins) and ``relu`` (the gradient at exactly 0 is 0)
decide on. Winograd's residues (about 1e-7 relative in float32, or +-1e-17
where the answer is 0) broke those ties at random, so the gradient went to
other pixels than PyTorch's: measured on real MNIST, an input gradient 64%
off PyTorch's, bias gradients 14% off in a deeper model.

How: :func:`find_repeated_windows` groups the output positions of a stride-1
2-D convolution by their input window, within each sample (pooling and
``relu`` decide within a sample), with an exact integer hash of the
windows' bits (``-0.0`` counts as ``0.0``, as it does in the arithmetic):

* per pixel, the bit patterns of its ``C`` channels times fixed odd random
  multipliers, summed modulo ``2**32`` (one ``einsum``);
* per window, those pixel hashes times ``row[a] * col[b]`` for the pixel
  at row ``a``, column ``b`` of the window (fixed random odd 64-bit
  multipliers), summed modulo ``2**64`` - separably, the columns' sums
  first, so ``kh + kw`` shifted multiply-adds instead of ``kh * kw`` - plus
  a random number per sample;

then a sort of the keys that can repeat: ``np.bincount`` of the keys' top
16 bits finds the keys alone in their bucket, which repeat no other, and
only the rest (an eighth on MNIST) and the all-zero windows go through
``np.unique``. Integer arithmetic makes the key of a
window independent of its position, so identical windows always share a
key; a shared key is then checked, pixel by pixel (a hash collision only
sends the position to a group of its own). The
positions that repeat a window of their sample, and every all-zero window,
then get :func:`overwrite_repeated`'s values: one matrix product of the
filters with ONE copy of each distinct window (plus the bias), written to
every position of its group. The gradients need no repair: they are the
same linear maps whatever rounding the forward pass had.

Cost (2-core x86-64, real MNIST batches of 64, the second convolution of
``examples/train_mnist.py`` inside its training step): the search takes
1.2-1.4 ms per forward pass (2.1-2.25 ms before the separable hash, the
bucket prefilter and the ``+ 0`` folded into Winograd's padding copy), the
overwrite 0.2 ms, next to about 10 ms of Winograd forward and backward.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Tuple

import numpy as np

from mygrad.nn.functional.scratch import scratch

__all__ = ["find_repeated_windows", "overwrite_repeated"]

#: The seed of the hash multipliers (any fixed value: collisions are checked, never trusted).
HASH_SEED = 20240611

#: (positions, groups, windows): flat output positions in (OH, OW, N) order, the group of each (an index into
#: the columns of ``windows``), and one copy of each group's window as the columns of a (C*kh*kw, groups) matrix.
Repeats = Tuple[np.ndarray, np.ndarray, np.ndarray]


@lru_cache(maxsize=None)
def _multipliers(channels: int, rows: int, cols: int, samples: int,
                 bits: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Odd random pixel multipliers (``bits`` wide), odd random 64-bit multipliers of the window's rows and of its
    columns, random sample offsets."""
    rng = np.random.default_rng(HASH_SEED)
    pixel = rng.integers(0, 2 ** 63, size=channels, dtype=np.uint64) | np.uint64(1)
    row, col = (rng.integers(0, 2 ** 63, size=k, dtype=np.uint64) * np.uint64(2) + np.uint64(1) for k in (rows, cols))
    offset = rng.integers(0, 2 ** 63, size=samples, dtype=np.uint64)
    pixel = pixel.astype(np.uint32) | np.uint32(1) if bits == 32 else pixel
    for a in (pixel, row, col, offset):
        a.flags.writeable = False
    return pixel, row, col, offset


#: Keys are first spread over this many buckets by their top bits (``np.bincount``): a window alone in its
#: bucket repeats no other, so only the crowded buckets' keys (and all-zero windows) are sorted. On MNIST batches
#: most windows are unique, and sorting an eighth of the keys instead of all costs a third as much.
BUCKET_BITS = 16


def _dilate(mask: np.ndarray, kernel: Tuple[int, int], shape: Tuple[int, ...]) -> np.ndarray:
    """The pixels (``shape``: rows, columns, samples) that the windows starting where ``mask`` is true cover:
    separably, ``kw`` shifted ors along the columns, then ``kh`` along the rows."""
    (kh, kw), (oh, ow) = kernel, mask.shape[:2]
    along_cols = np.zeros((oh, shape[1], shape[2]), dtype=bool)
    for b in range(kw):
        along_cols[:, b:b + ow] |= mask
    covered = np.zeros(shape, dtype=bool)
    for a in range(kh):
        covered[a:a + oh] |= along_cols
    return covered


def find_repeated_windows(xc: np.ndarray, kernel: Tuple[int, int], out_hw: Tuple[int, int],
                          canonical: bool = False) -> Optional[Repeats]:
    """The output positions of a stride-1 convolution of the padded batch-last ``xc`` (C, Hp, Wp, N) that need
    exact values: those whose ``kernel`` window repeats another one of the same sample, and all-zero windows.

    Returns ``None`` when there are none, else :data:`Repeats`. Windows start
    at ``(i, j)`` for ``i < out_hw[0]``, ``j < out_hw[1]``; ``xc`` may extend
    further (its extra rows and columns are not read). ``canonical=True``
    says that ``xc`` holds no ``-0.0`` (e.g. it was copied with ``+ 0``, as
    :func:`~mygrad.nn.functional.batch_last.padded_batch_last` can), which
    saves a pass over it.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.repeated_windows import find_repeated_windows
    >>> xc = np.zeros((1, 4, 4, 1), dtype=np.float32)  # one channel, 4x4, one sample
    >>> xc[0, 3, 3, 0] = 1.0  # the 2x2 windows ending at (3, 3) see it; the other 8 are zero
    >>> positions, groups, windows = find_repeated_windows(xc, (2, 2), (3, 3))
    >>> positions  # (i, j) as i * 3 + j: all but (2, 2)
    array([0, 1, 2, 3, 4, 5, 6, 7])
    >>> groups, windows.shape
    (array([0, 0, 0, 0, 0, 0, 0, 0]), (4, 1))
    """
    c, hp, wp, n = xc.shape
    (kh, kw), (oh, ow) = kernel, out_hw
    uint = {4: np.uint32, 8: np.uint64}[xc.itemsize]
    pixel_mult, row_mult, col_mult, sample_offset = _multipliers(c, kh, kw, n, 8 * xc.itemsize)
    if not canonical:
        xc = np.add(xc, 0, out=scratch("ties.x", xc.shape, xc.dtype))  # -0.0 + 0 is +0.0
    pixels = np.einsum("c,chwn->hwn", pixel_mult, xc.view(uint)).astype(np.uint64)  # wraps: exact
    # a window's key: sum over its rows a and columns b of row_mult[a] * col_mult[b] * pixel, modulo 2**64
    # (separably: the columns' sums first, for every row the windows read)
    rows = np.multiply(pixels[:oh + kh - 1, :ow], col_mult[0])
    step = np.empty_like(rows)
    for b in range(1, kw):
        rows += np.multiply(pixels[:oh + kh - 1, b:b + ow], col_mult[b], out=step)
    keys = np.multiply(rows[:oh], row_mult[0])
    step = step[:oh]
    for a in range(1, kh):
        keys += np.multiply(rows[a:a + oh], row_mult[a], out=step)
    zero = (keys == 0).reshape(-1)  # all-zero windows hash to 0 (and, rarely, others: they are then their own group)
    keys += sample_offset
    keys = keys.reshape(-1)
    bucket = (keys >> np.uint64(64 - BUCKET_BITS)).astype(np.intp)
    crowded = np.bincount(bucket, minlength=1 << BUCKET_BITS)[bucket] > 1
    candidates = np.flatnonzero(crowded | zero)
    if candidates.size == 0:
        return None
    _, group, count = np.unique(keys[candidates], return_inverse=True, return_counts=True)
    group = group.reshape(-1)
    repeated = (count[group] > 1) | zero[candidates]
    positions = candidates[repeated]
    if positions.size == 0:
        return None
    group = group[repeated]
    row_of = np.empty(count.size, dtype=np.int64)
    row_of[group] = np.arange(positions.size)  # one position of each group (any) represents it
    rep = row_of[group]
    mask = np.zeros(oh * ow * n, dtype=bool)
    mask[positions] = True
    same = _same_windows(xc, pixels, kernel, mask.reshape(oh, ow, n), positions, positions[rep])
    if not same.all():  # a hash collision: such positions keep their own window
        rep = np.where(same, rep, np.arange(positions.size))
    used, columns = np.unique(rep, return_inverse=True)
    return positions, columns.reshape(-1), _windows(xc, kernel, out_hw, positions[used])


def _same_windows(xc: np.ndarray, pixels: np.ndarray, kernel: Tuple[int, int], repeated: np.ndarray,
                  positions: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether the window at each of ``positions`` equals the one at ``others`` (flat, (OH, OW, N) order).

    Checked pixel by pixel rather than number by number: the pixels that the
    ``repeated`` windows cover are grouped by their hash (``pixels``) and each
    checked against its group's first (C numbers each: every pixel once, not
    once per window that reads it); then two windows are the same if their
    ``kh * kw`` pixels are, pixel group for pixel group.
    """
    c, hp, wp, n = xc.shape
    (kh, kw), (oh, ow) = kernel, repeated.shape[:2]
    where = np.flatnonzero(_dilate(repeated, kernel, (hp, wp, n)))
    _, first, group = np.unique(pixels.reshape(-1)[where], return_index=True, return_inverse=True)
    rep = where[first][group.reshape(-1)]
    flat = xc.reshape(c, -1)
    same = (np.take(flat, where, axis=1) == np.take(flat, rep, axis=1)).all(axis=0)
    pixel_id = np.arange(hp * wp * n)  # a pixel's id: the first pixel of its group, or itself
    pixel_id[where] = np.where(same, rep, where)
    i, j, s = np.unravel_index(positions, (oh, ow, n))
    i2, j2, s2 = np.unravel_index(others, (oh, ow, n))
    start, start2 = (i * wp + j) * n + s, (i2 * wp + j2) * n + s2  # the windows' first pixels
    taps = (np.arange(kh)[:, None] * (wp * n) + np.arange(kw) * n).reshape(-1)
    return (pixel_id[start[:, None] + taps] == pixel_id[start2[:, None] + taps]).all(axis=1)


def _windows(xc: np.ndarray, kernel: Tuple[int, int], out_hw: Tuple[int, int], positions: np.ndarray) -> np.ndarray:
    """The windows at ``positions`` (flat, (OH, OW, N) order) of batch-last ``xc``: columns (c, a, b) x position."""
    c, hp, wp, n = xc.shape
    i, j, s = np.unravel_index(positions, (*out_hw, n))
    start = (i * wp + j) * n + s  # flat index of the window's first tap, channel 0
    taps = (np.arange(c)[:, None, None] * (hp * wp * n) + np.arange(kernel[0])[:, None] * (wp * n)
            + np.arange(kernel[1]) * n).reshape(-1)
    return np.take(xc.reshape(-1), taps[:, None] + start)


def overwrite_repeated(out: np.ndarray, w: np.ndarray, bias: Optional[np.ndarray], repeats: Repeats) -> None:
    """Write the exact outputs of the repeated windows into ``out`` (F, OH, OW, N), in place.

    Each distinct window is computed once (``w`` as an (F, C*kh*kw) matrix
    times the windows, plus ``bias``), so a group's positions get one value.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.repeated_windows import overwrite_repeated
    >>> out = np.zeros((1, 1, 2, 1))
    >>> repeats = (np.array([0, 1]), np.array([0, 0]), np.ones((2, 1)))  # both positions see [1, 1]
    >>> overwrite_repeated(out, np.array([[[[0.5, 0.25]]]]), np.array([1.0]), repeats)
    >>> out.reshape(-1)
    array([1.75, 1.75])
    """
    positions, groups, windows = repeats
    f = w.shape[0]
    values = w.reshape(f, -1).astype(out.dtype, copy=False) @ windows.astype(out.dtype, copy=False)
    if bias is not None:
        values += bias.reshape(f, 1)
    out.reshape(f, -1)[:, positions] = values[:, groups]
