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
``relu`` decide within a sample), with an integer hash of the windows' bits
that ignores the sign bit (so ``-0.0`` hashes as ``0.0``, which it equals in
the arithmetic; ``x`` and ``-x`` collide, which the check below sorts out):

* per pixel, the bit patterns of its ``C`` channels times fixed even random
  multipliers (an even multiplier shifts the sign bit out), summed modulo
  ``2**bits`` - 32 for float32, 64 for float64 - in one ``einsum`` over the
  unpadded input (the padding's pixels are all-zero: hash 0, no copy);
* per window, those pixel hashes times ``row[a] * col[b]`` for the pixel
  at row ``a``, column ``b`` of the window (fixed random odd multipliers),
  summed modulo ``2**bits`` - separably, the columns' sums first, so
  ``kh + kw`` shifted multiply-adds instead of ``kh * kw`` - plus a random
  number per sample;

then a sort of the keys that can repeat: ``np.sort`` of all keys finds the
keys that repeat, and only the keys that share their top 16 bits with one of
them (a twentieth on MNIST) and the all-zero windows go through
``np.unique``. Integer arithmetic makes the key of a window independent of
its position, so identical windows always share a key. A shared key is
then checked number by number, pixel by pixel: every pixel that a repeated
window covers is compared with one pixel of its hash group (MNIST: a handful
of groups, found by the hash's top bits without a sort), which gives each
pixel a column in a small table of distinct pixel values; two windows are
equal when their taps read the same columns. Where a check fails (a hash
collision), the pixels or windows that differ are grouped again among
themselves (:func:`_representatives`), so equal windows always end up in
one group. The positions that repeat a window of their sample, and every
all-zero window, then get :func:`overwrite_repeated`'s values: one matrix
product of the filters with ONE copy of each distinct window (plus the
bias), written to every position of its group. The gradients need no repair:
they are the same linear maps whatever rounding the forward pass had.

Cost (2-core x86-64, real MNIST batches of 64, the second convolution of
``examples/train_mnist.py`` inside its training step): the search takes
about 1.0 ms per forward pass (1.25-1.35 ms with the padded copy it read
before, 64-bit keys and sorted pixel groups; 2.1-2.25 ms before the
separable hash and the bucket prefilter), the overwrite 0.1 ms, next to
about 8 ms of Winograd forward and backward.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional, Tuple

import numpy as np


__all__ = ["find_repeated_windows", "overwrite_repeated"]

#: The seed of the hash multipliers (any fixed value: collisions are checked, never trusted).
HASH_SEED = 20240611

#: (positions, groups, windows): flat output positions in (OH, OW, N) order, the group of each (an index into
#: the columns of ``windows``), and one copy of each group's window as the columns of a (C*kh*kw, groups) matrix.
Repeats = Tuple[np.ndarray, np.ndarray, np.ndarray]


@lru_cache(maxsize=None)
def _multipliers(channels: int, rows: int, cols: int, samples: int,
                 bits: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The hash's constants, ``bits`` wide: even random pixel multipliers, odd random multipliers of the window's
    rows and of its columns, random sample offsets."""
    rng = np.random.default_rng(HASH_SEED)
    uint = {32: np.uint32, 64: np.uint64}[bits]
    pixel, row, col, offset = (rng.integers(0, 2 ** 63, size=k, dtype=np.uint64).astype(uint)
                               for k in (channels, rows, cols, samples))
    pixel <<= uint(1)  # even: the sign bit falls off (2 m b = m (b << 1) modulo 2**bits), so -0.0 hashes as 0.0
    row |= uint(1)
    col |= uint(1)
    for a in (pixel, row, col, offset):
        a.flags.writeable = False
    return pixel, row, col, offset


#: Keys are bucketed by this many top bits: the windows whose key falls in the bucket of a repeating key are the
#: ones grouped (:func:`_may_repeat`), and the pixels that repeated windows cover are grouped by them at first.
BUCKET_BITS = 16


def find_repeated_windows(xb: np.ndarray, pads: Tuple[Tuple[int, int], Tuple[int, int]], kernel: Tuple[int, int],
                          out_hw: Tuple[int, int]) -> Optional[Repeats]:
    """The output positions of a stride-1 convolution of the batch-last ``xb`` (C, H, W, N), zero-padded by
    ``pads``, that need exact values: those whose ``kernel`` window repeats another one of the same sample, and
    all-zero windows.

    Returns ``None`` when there are none, else :data:`Repeats`. Windows start
    at ``(i, j)`` of the padded input for ``i < out_hw[0]``, ``j < out_hw[1]``.
    The padding is not copied: its pixels hash to 0 and read as zeros.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.repeated_windows import find_repeated_windows
    >>> xb = np.zeros((1, 4, 4, 1), dtype=np.float32)  # one channel, 4x4, one sample
    >>> xb[0, 3, 3, 0] = -1.0  # the 2x2 windows ending at (3, 3) see it; the other 8 are zero
    >>> xb[0, 0, 0, 0] = -0.0  # which counts as 0.0
    >>> positions, groups, windows = find_repeated_windows(xb, ((0, 0), (0, 0)), (2, 2), (3, 3))
    >>> positions  # (i, j) as i * 3 + j: all but (2, 2)
    array([0, 1, 2, 3, 4, 5, 6, 7])
    >>> groups, windows.shape
    (array([0, 0, 0, 0, 0, 0, 0, 0]), (4, 1))
    """
    c, _, _, n = xb.shape
    (kh, kw), ow = kernel, out_hw[1]
    pixel_mult, row_mult, col_mult, sample_offset = _multipliers(c, kh, kw, n, 8 * xb.itemsize)
    pixels = _pixel_hashes(xb, pads, pixel_mult)
    keys = _window_keys(pixels, row_mult, col_mult, out_hw)
    zero = (keys == 0).reshape(-1)  # all-zero windows hash to 0 (and, rarely, others: they are then their own group)
    keys += sample_offset
    keys = keys.reshape(-1)
    candidates = np.flatnonzero(_may_repeat(keys) | zero)
    if candidates.size == 0:
        return None
    _, group, count = np.unique(keys[candidates], return_inverse=True, return_counts=True)
    group = group.reshape(-1)
    repeated = (count[group] > 1) | zero[candidates]
    positions = candidates[repeated]
    if positions.size == 0:
        return None
    wp = ow + kw - 1
    first = positions + positions // (ow * n) * ((kw - 1) * n)  # (i, j, s) flat in (Hp, Wp, N), not (OH, OW, N)
    taps = first[:, None] + (np.arange(kh)[:, None] * wp + np.arange(kw)).reshape(-1) * n  # the windows' pixels
    columns, values = _verified_pixels(xb, pads, pixels, taps)
    # windows are equal when they have the same verified value at every tap
    rep = _representatives(keys[positions], (group[repeated], count.size),
                           lambda a, b: (columns[a] == columns[b]).all(axis=1),
                           exact=lambda a: np.column_stack([columns[a], positions[a] % n]))  # (+ the sample)
    used = np.zeros(positions.size, dtype=bool)
    used[rep] = True
    groups = (np.cumsum(used) - 1)[rep]
    windows = np.take(values, columns[used].T, axis=1)  # (C, kh*kw, groups)
    return positions, groups, windows.reshape(c * kh * kw, -1)


def _may_repeat(keys: np.ndarray) -> np.ndarray:
    """Whether each key may occur more than once: a superset of those that do, cheaply.

    ``np.sort`` (no permutation: a few times faster than ``argsort``) finds
    the keys that repeat; the keys whose top :data:`BUCKET_BITS` bits are
    one of theirs are marked. On MNIST that is a twentieth of the keys, and
    only they are grouped by ``np.unique``.
    """
    top = keys.dtype.type(8 * keys.itemsize - BUCKET_BITS)
    ordered = np.sort(keys)
    repeats = ordered[1:][ordered[1:] == ordered[:-1]]
    marked = np.zeros(1 << BUCKET_BITS, dtype=bool)
    marked[repeats >> top] = True
    return marked[keys >> top]


def _pixel_hashes(xb: np.ndarray, pads: Tuple[Tuple[int, int], Tuple[int, int]], pixel_mult: np.ndarray) -> np.ndarray:
    """Per pixel of the zero-padded input, its channels' bit patterns times ``pixel_mult``, summed (wrapping).

    Shape (Hp, Wp, N); the padding's pixels are 0, as all-zero pixels are.
    """
    c, h, w, n = xb.shape
    (top, bottom), (left, right) = pads
    uint = pixel_mult.dtype
    pixels = np.empty((top + h + bottom, left + w + right, n), dtype=uint)
    for border in (pixels[:top], pixels[top + h:], pixels[top:top + h, :left], pixels[top:top + h, left + w:]):
        border[...] = 0
    np.einsum("c,chwn->hwn", pixel_mult, xb.view(uint), out=pixels[top:top + h, left:left + w])  # wraps: exact
    return pixels


def _window_keys(pixels: np.ndarray, row_mult: np.ndarray, col_mult: np.ndarray,
                 out_hw: Tuple[int, int]) -> np.ndarray:
    """A window's key, (OH, OW, N): the sum over its rows ``a`` and columns ``b`` of
    ``row_mult[a] * col_mult[b] * pixel``, modulo ``2**bits`` - separably, the columns' sums first, for every row
    the windows read (``kh + kw`` shifted multiply-adds instead of ``kh * kw``)."""
    (oh, ow), kh, kw = out_hw, row_mult.size, col_mult.size
    rows = np.multiply(pixels[:oh + kh - 1, :ow], col_mult[0])
    step = np.empty_like(rows)
    for b in range(1, kw):
        rows += np.multiply(pixels[:oh + kh - 1, b:b + ow], col_mult[b], out=step)
    keys = np.multiply(rows[:oh], row_mult[0])
    step = step[:oh]
    for a in range(1, kh):
        keys += np.multiply(rows[a:a + oh], row_mult[a], out=step)
    return keys


def _verified_pixels(xb: np.ndarray, pads: Tuple[Tuple[int, int], Tuple[int, int]], pixels: np.ndarray,
                     taps: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """The pixels at ``taps`` (flat indices into the padded (Hp, Wp, N)) as columns of a table of their values.

    Returns ``(columns, values)``: ``values`` (C, pixels covered) holds each
    pixel that some tap reads, once; ``columns`` (shaped like ``taps``) says
    which column holds a tap's value, the same column for pixels of equal
    value. Checked number by number: the covered pixels are grouped by their
    hash, and each is compared with one pixel of its group (C numbers each:
    every pixel once, not once per window that reads it); pixels that differ
    from it are grouped again among themselves (:func:`_representatives`).
    """
    covered = np.zeros(pixels.size, dtype=bool)
    covered[taps.reshape(-1)] = True
    where = np.flatnonzero(covered)
    values = _pixel_values(xb, pads, pixels.shape, where)
    hashes = pixels.reshape(-1)[where]
    # the first try groups by the hash's top bits (no sort): few distinct pixels repeat (MNIST: a handful)
    bucket = (hashes >> hashes.dtype.type(8 * hashes.itemsize - BUCKET_BITS)).astype(np.intp)
    rep = _representatives(hashes, (bucket, 1 << BUCKET_BITS), lambda a, b: _equal_columns(values, a, b))
    column = np.empty(pixels.size, dtype=np.intp)
    column[where] = rep
    return column[taps], values


def _representatives(keys: np.ndarray, first_groups: Tuple[np.ndarray, int],
                     equal: Callable[[np.ndarray, np.ndarray], np.ndarray],
                     exact: Optional[Callable[[np.ndarray], np.ndarray]] = None) -> np.ndarray:
    """For each item, the index of an item equal to it, the same one for all items equal to each other.

    Items with equal ``keys`` (a hash: equal items have equal keys) are
    grouped, the first time by ``first_groups`` (group ids below a bound,
    e.g. a coarser hash), and one item of each group represents it; the
    items found equal to it (``equal(items, others)``, exact) are done, the
    others - a hash collision - are grouped again among themselves: by the
    rows of ``exact(items)`` if given (integers, equal exactly when the items
    are: one more pass), else by their keys. An item unequal to itself (NaN)
    is its own representative at once.
    """
    rep, todo = np.arange(keys.size), np.arange(keys.size)
    group, groups = first_groups
    while True:  # one pass per distinct value a group of equal keys holds: once, but for collisions
        last = np.empty(groups, dtype=np.intp)
        last[group] = todo  # one item of each group (the last: any would do) represents it
        rep[todo] = last[group]
        todo = todo[(rep[todo] != todo) & ~equal(todo, rep[todo])]
        if todo.size:
            alone = ~equal(todo, todo)
            rep[todo[alone]] = todo[alone]
            todo = todo[~alone]
        if todo.size == 0:
            return rep
        _, group = np.unique(keys[todo] if exact is None else exact(todo), return_inverse=True,
                             axis=None if exact is None else 0)
        group, groups = group.reshape(-1), todo.size


def _equal_columns(values: np.ndarray, columns: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Whether column ``columns[k]`` of ``values`` equals column ``other[k]``, number by number."""
    if columns.size == values.shape[1]:  # all of them, in order: one take less
        return (values == np.take(values, other, axis=1)).all(axis=0)
    return (np.take(values, columns, axis=1) == np.take(values, other, axis=1)).all(axis=0)


def _pixel_values(xb: np.ndarray, pads: Tuple[Tuple[int, int], Tuple[int, int]], padded: Tuple[int, int, int],
                  where: np.ndarray) -> np.ndarray:
    """The C numbers of the zero-padded input's pixels ``where`` (flat in ``padded``, (Hp, Wp, N)): (C, pixels)."""
    c = xb.shape[0]
    source = _source_index(xb.shape[1:], pads)[where]
    values = np.take(xb.reshape(c, -1), source, axis=1)
    values[:, np.flatnonzero(source < 0)] = 0  # the padding (index -1 read x's last number)
    return values


@lru_cache(maxsize=64)
def _source_index(shape: Tuple[int, int, int], pads: Tuple[Tuple[int, int], Tuple[int, int]]) -> np.ndarray:
    """For each pixel of the zero-padded (Hp, Wp, N), flat, its flat index in the unpadded (H, W, N); -1 for the
    padding. Cached (read-only): one per input shape."""
    (h, w, n), ((top, bottom), (left, right)) = shape, pads
    index = np.full((top + h + bottom, left + w + right, n), -1, dtype=np.intp)
    index[top:top + h, left:left + w] = np.arange(h * w * n).reshape(h, w, n)
    index = index.reshape(-1)
    index.flags.writeable = False
    return index


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
