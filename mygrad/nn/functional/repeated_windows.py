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
* per window, those pixel hashes times fixed random 64-bit multipliers,
  summed modulo ``2**64``, plus a random number per sample;

then ``np.unique`` over the keys. Integer arithmetic makes the key of a
window independent of its position, so identical windows always share a
key; a shared key is then checked, pixel by pixel (a hash collision only
sends the position to a group of its own). The
positions that repeat a window of their sample, and every all-zero window,
then get :func:`overwrite_repeated`'s values: one matrix product of the
filters with ONE copy of each distinct window (plus the bias), written to
every position of its group. The gradients need no repair: they are the
same linear maps whatever rounding the forward pass had.

Cost (2-core x86-64, real MNIST batches of 64, the second convolution of
the 3x3 and 5x5 example models): 1.5-2 ms per forward pass, next to 9-10 ms
of Winograd forward and backward (and 13-21 ms of im2col's).
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
def _multipliers(channels: int, taps: int, samples: int, bits: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Odd random pixel multipliers (``bits`` wide), odd random 64-bit tap multipliers, random sample offsets."""
    rng = np.random.default_rng(HASH_SEED)
    pixel = rng.integers(0, 2 ** 63, size=channels, dtype=np.uint64) | np.uint64(1)
    tap = rng.integers(0, 2 ** 63, size=taps, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    offset = rng.integers(0, 2 ** 63, size=samples, dtype=np.uint64)
    pixel = pixel.astype(np.uint32) | np.uint32(1) if bits == 32 else pixel
    for a in (pixel, tap, offset):
        a.flags.writeable = False
    return pixel, tap, offset


def find_repeated_windows(xc: np.ndarray, kernel: Tuple[int, int], out_hw: Tuple[int, int]) -> Optional[Repeats]:
    """The output positions of a stride-1 convolution of the padded batch-last ``xc`` (C, Hp, Wp, N) that need
    exact values: those whose ``kernel`` window repeats another one of the same sample, and all-zero windows.

    Returns ``None`` when there are none, else :data:`Repeats`. Windows start
    at ``(i, j)`` for ``i < out_hw[0]``, ``j < out_hw[1]``; ``xc`` may extend
    further (its extra rows and columns are not read).

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
    pixel_mult, tap_mult, sample_offset = _multipliers(c, kh * kw, n, 8 * xc.itemsize)
    canonical = np.add(xc, 0, out=scratch("ties.x", xc.shape, xc.dtype))  # -0.0 + 0 is +0.0
    pixels = np.einsum("c,chwn->hwn", pixel_mult, canonical.view(uint)).astype(np.uint64)  # wraps: exact
    keys = np.zeros((oh, ow, n), dtype=np.uint64)
    step = np.empty_like(keys)
    for tap, (a, b) in enumerate(np.ndindex(kh, kw)):
        keys += np.multiply(pixels[a:a + oh, b:b + ow], tap_mult[tap], out=step)
    zero = keys == 0  # all-zero windows hash to 0 (and, rarely, others: they are then their own group)
    keys += sample_offset
    _, group, count = np.unique(keys.reshape(-1), return_inverse=True, return_counts=True)
    group = group.reshape(-1)
    repeated = (count[group] > 1) | zero.reshape(-1)
    positions = np.flatnonzero(repeated)
    if positions.size == 0:
        return None
    group = group[positions]
    row_of = np.empty(count.size, dtype=np.int64)
    row_of[group] = np.arange(positions.size)  # one position of each group (any) represents it
    rep = row_of[group]
    same = _same_windows(canonical, pixels, kernel, repeated.reshape(oh, ow, n), positions, positions[rep])
    if not same.all():  # a hash collision: such positions keep their own window
        rep = np.where(same, rep, np.arange(positions.size))
    used, columns = np.unique(rep, return_inverse=True)
    return positions, columns.reshape(-1), _windows(canonical, kernel, out_hw, positions[used])


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
    covered = np.zeros((hp, wp, n), dtype=bool)
    for a, b in np.ndindex(kh, kw):
        covered[a:a + oh, b:b + ow] |= repeated
    where = np.flatnonzero(covered)
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
