"""Winograd minimal filtering: stride-1 2-D convolutions with fewer multiplications than im2col.

The idea in one dimension, ``F(m, r)``
--------------------------------------
A correlation of a length-``r`` filter ``g`` with ``alpha = m + r - 1``
inputs ``d`` gives ``m`` outputs, ``y_i = sum_k g_k d_{i+k}``; done directly
that is ``m * r`` multiplications. Winograd's minimal algorithm needs only
``alpha``:

    y = A^T [ (G g) * (B^T d) ]        (``*`` elementwise, length ``alpha``)

The three matrices come from polynomial arithmetic (Toom-Cook). The full
convolution ``s = g (*) h`` of two polynomials' coefficients is the product
of the polynomials, and a polynomial of degree ``alpha - 1`` is fixed by its
values at ``alpha`` points. So evaluate ``g`` and ``h`` at ``alpha - 1``
points ``p_j`` plus "infinity" (the leading coefficient), multiply the values
(``alpha`` multiplications) and interpolate back. In matrices, with ``E_n``
the ``(alpha, n)`` evaluation matrix (rows ``[1, p_j, p_j^2, ...]`` and the
row ``[0, ..., 0, 1]`` for infinity):

    s = E_alpha^-1 [ (E_r g) * (E_m h) ]

Correlation is this map's transpose (``y = C_g^T d`` where ``s = C_g h``),
which gives

* ``G   = E_r``                 (alpha, r): evaluates the filter at the points;
* ``B^T = E_alpha^-T``          (alpha, alpha): the transposed interpolation,
  applied to the input tile;
* ``A^T = E_m^T``               (m, alpha): sums the products back into the
  ``m`` outputs.

The rows of ``B^T`` and ``G`` are rescaled in pairs (``B^T`` row ``j`` times
``c_j``, ``G`` row ``j`` divided by it, which leaves every product unchanged)
so that ``B^T`` has small integer entries. With the points ``0, 1, -1`` this
reproduces the matrices of Lavin and Gray, "Fast Algorithms for Convolutional
Neural Networks" (2016) for ``F(2, 3)``.

Two dimensions and whole layers
-------------------------------
The 2-D algorithm ``F(m x m, r x r)`` nests the 1-D one along rows and
columns: ``Y = A^T [ (G g G^T) * (B^T d B) ] A`` on ``alpha x alpha`` input
tiles that overlap by ``r - 1``. Flattening a tile row by row, ``B^T d B``
is one matrix, the Kronecker product ``kron(B^T, B^T)`` of shape
``(alpha^2, alpha^2)``, times the flattened tile; likewise for ``G`` and
``A^T``. The filter transform is applied that way (filters are few). The
tile transforms are applied separably instead, ``B^T`` to the rows of all
tiles, then to the columns: two matrix products with ``2 alpha`` instead of
``alpha^2`` multiplications per value, over a block of channels at a time
so the half-way result stays in cache (:func:`_separable`; 2-2.5x faster
than the Kronecker product, which made the transforms most of the time for
layers with few channels, e.g. ``examples/train_mnist.py``'s 16 -> 32).

For small images (sides up to :data:`BANDED_MAX_SIDE`) the input's
transform goes further: along one axis, zero padding, cutting into tiles
and ``B^T`` on every tile are all linear, so together they are one matrix
of shape ``(tiles * alpha, side)`` (:func:`_axis_matrix`), and ``V`` is two
matrix products with the whole input, rows then columns - no padded copy,
no copy of the overlapping tiles. The input gradient is the same two
products transposed, which also adds the overlapping tiles' gradients
together. The matrices are mostly zeros (each tile reads ``alpha`` of the
``side`` inputs), so this pays only while the side is small: measured 1.2x
faster for ``examples/train_mnist.py``'s second convolution, forward and
gradients together (14x14), even at 28x28, slower from 40x40.

Summing over input channels happens in the transformed domain, where it is
``alpha^2`` independent matrix products:

    M[k] = U[k] @ V[k]    U[k]: (F, C) filters, V[k]: (C, P) tiles, k < alpha^2

with ``P = N * tiles per image``. They cost ``alpha^2 / (m^2 r^2)`` of
im2col's: 1/2.25 for ``F(2x2, 3x3)`` and 1/4 for ``F(4x4, 3x3)``.

Gradients
---------
Each step above is linear in the tiles and in the filters, so the gradients
are the same steps transposed, in reverse order. With ``Z = A^T``'s
transpose applied to the upstream gradient's tiles (that is ``dL/dM``):

* ``dL/dU[k] = Z[k] @ V[k]^T``, then ``kron(G, G)^T``: the weight gradient
  (a sum over all tiles of the batch, done inside the matrix product);
* ``dL/dV[k] = U[k]^T @ Z[k]``, then ``B`` on both axes of every tile:
  every input tile's gradient, added back onto the input where the tiles
  overlap.

The algorithm is exact in exact arithmetic; in floating point its error
grows with ``alpha`` (the points' powers grow), which is why mygrad offers
output tiles of at most 4x4 (input tiles of at most 8x8, for 5x5 kernels):
in float32 their error is about ten times im2col's, 1e-6 to 2e-5 of the
largest value, still at float32 tolerance (``benchmarks/conv_algorithms.py``
prints it; ``tests/nn/test_conv_algorithms.py`` checks it).

That error is not the same at two output positions whose input windows are
identical (it depends on the position in the tile), where im2col and
PyTorch give identical values; ``max_pool``'s ties and ``relu``'s kink then
send the gradient elsewhere. So the forward pass recomputes the outputs of
repeated (and all-zero) windows exactly, once per distinct window
(:mod:`~mygrad.nn.functional.repeated_windows`).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import lru_cache
from math import gcd, lcm
from typing import List, Optional, Tuple

import numpy as np

from mygrad.nn.functional.batch_last import as_batch_first, batch_last, padded_batch_last
from mygrad.nn.functional.repeated_windows import find_repeated_windows, overwrite_repeated
from mygrad.nn.functional.scratch import scratch, still_owned

__all__ = ["WinogradConv2d", "winograd_matrices"]

# The finite interpolation points for each tile size alpha (the point at infinity is always added).
# Small points keep the transforms' entries - and so the rounding error - small.
_POINTS = {
    2: (0,),
    3: (0, 1),
    4: (0, 1, -1),
    5: (0, 1, -1, 2),
    6: (0, 1, -1, 2, -2),
    7: (0, 1, -1, 2, -2, Fraction(1, 2)),
    8: (0, 1, -1, 2, -2, Fraction(1, 2), Fraction(-1, 2)),
}

Matrix = List[List[Fraction]]


def _evaluation_matrix(points: Tuple[Fraction, ...], n: int) -> Matrix:
    """``E_n``: values of a polynomial with ``n`` coefficients at ``points`` and at infinity (leading coefficient)."""
    rows = [[Fraction(p) ** k for k in range(n)] for p in points]
    rows.append([Fraction(0)] * (n - 1) + [Fraction(1)])
    return rows


def _inverse(a: Matrix) -> Matrix:
    """Exact inverse of a square matrix of fractions (Gauss-Jordan elimination)."""
    n = len(a)
    work = [row[:] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(a)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if work[r][col] != 0)
        work[col], work[pivot] = work[pivot], work[col]
        scale = work[col][col]
        work[col] = [v / scale for v in work[col]]
        for r in range(n):
            if r != col and work[r][col] != 0:
                factor = work[r][col]
                work[r] = [v - factor * p for v, p in zip(work[r], work[col])]
    return [row[n:] for row in work]


def _integer_scale(row: List[Fraction]) -> Fraction:
    """The positive factor that turns ``row`` into coprime integers (e.g. ``[1/2, -1/4]`` -> 4)."""
    nonzero = [v for v in row if v != 0]
    denominators = lcm(*(v.denominator for v in nonzero))
    numerators = gcd(*(v.numerator for v in nonzero))
    return Fraction(denominators, numerators)


@lru_cache(maxsize=None)
def winograd_matrices(m: int, r: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The 1-D transforms of ``F(m, r)``: ``(A^T, G, B^T)``, shapes ``(m, alpha)``, ``(alpha, r)``, ``(alpha, alpha)``.

    ``y = A^T @ ((G @ g) * (B^T @ d))`` is the correlation ``y_i = sum_k g_k d_{i+k}``
    of a length-``r`` filter with ``alpha = m + r - 1`` inputs. Computed exactly
    (fractions), returned as float64 arrays (read-only, cached).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.winograd import winograd_matrices
    >>> a_t, g, b_t = winograd_matrices(2, 3)
    >>> b_t.astype(int)
    array([[ 1,  0, -1,  0],
           [ 0,  1,  1,  0],
           [ 0,  1, -1,  0],
           [ 0,  1,  0, -1]])
    >>> d, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    >>> a_t @ ((g @ w) * (b_t @ d))  # [1 - 3, 2 - 4]
    array([-2., -2.])
    """
    alpha = m + r - 1
    if m < 1 or r < 1 or alpha not in _POINTS:
        raise ValueError(f"no Winograd points for F({m}, {r}): m + r - 1 must be between 2 and {max(_POINTS)}")
    points = tuple(Fraction(p) for p in _POINTS[alpha])
    a_t = [list(col) for col in zip(*_evaluation_matrix(points, m))]  # E_m^T
    g = _evaluation_matrix(points, r)  # E_r
    b_t = [list(col) for col in zip(*_inverse(_evaluation_matrix(points, alpha)))]  # E_alpha^-T
    for j, row in enumerate(b_t):  # rescale row pairs so B^T is integer; the products are unchanged
        scale = _integer_scale(row)
        if next(v for v in row if v != 0) < 0:
            scale = -scale
        b_t[j] = [v * scale for v in row]
        g[j] = [v / scale for v in g[j]]
    arrays = tuple(np.array([[float(v) for v in row] for row in mat]) for mat in (a_t, g, b_t))
    for a in arrays:
        a.flags.writeable = False
    return arrays


@lru_cache(maxsize=None)
def _transforms(m: Tuple[int, int], r: Tuple[int, int], dtype: np.dtype) -> Tuple[np.ndarray, ...]:
    """The 1-D transforms of the two axes in ``dtype``: ``(A^T_h, A^T_w, B^T_h, B^T_w, kron(G_h, G_w))``.

    ``A^T`` and ``B^T`` act on the tiles one axis at a time
    (:func:`_separable`); the filter transform acts on row-major flattened
    filters, which are small, so it stays one Kronecker-product matrix.
    """
    (a_h, g_h, b_h), (a_w, g_w, b_w) = winograd_matrices(m[0], r[0]), winograd_matrices(m[1], r[1])
    mats = tuple(a.astype(dtype) for a in (a_h, a_w, b_h, b_w, np.kron(g_h, g_w)))
    for a in mats:
        a.flags.writeable = False
    return mats


@lru_cache(maxsize=None)
def _axis_matrix(m: int, r: int, size: int, pads: Tuple[int, int], dtype: np.dtype, alpha_major: bool) -> np.ndarray:
    """``B^T`` of ``F(m, r)`` applied to every tile along one axis of ``size`` inputs, as one matrix.

    The axis is zero-padded by ``pads`` and cut into ``tiles`` tiles of
    ``alpha = m + r - 1`` inputs, tile ``t`` from padded index ``t * m``; the
    matrix, shape ``(tiles * alpha, size)``, maps the unpadded axis to ``B^T d``
    for every tile ``d``: row ``t * alpha + a`` (``a * tiles + t`` if
    ``alpha_major``) is entry ``a`` of tile ``t``'s transform. Padding,
    tiling and the transform are one matrix product: the zeros contribute
    nothing (their columns are left out) and a column meets every tile that
    reads it, so the transpose adds overlapping tiles' gradients back.

    Examples
    --------
    >>> winograd_matrices(2, 2)[2]  # F(2, 2)'s B^T
    array([[ 1., -1.,  0.],
           [ 0.,  1.,  0.],
           [ 0.,  1., -1.]])
    >>> _axis_matrix(2, 2, 4, (1, 0), np.float64, False)  # 4 inputs, one zero before: tiles [0, x0, x1], [x1, x2, x3]
    array([[-1.,  0.,  0.,  0.],
           [ 1.,  0.,  0.,  0.],
           [ 1., -1.,  0.,  0.],
           [ 0.,  1., -1.,  0.],
           [ 0.,  0.,  1.,  0.],
           [ 0.,  0.,  1., -1.]])
    """
    b_t = winograd_matrices(m, r)[2]
    alpha, tiles = m + r - 1, -(-(size + pads[0] + pads[1] - r + 1) // m)
    mat = np.zeros((tiles, alpha, size))
    for t in range(tiles):  # a loop over the tiles of one axis, to build a small matrix once (cached)
        first = t * m - pads[0]  # the unpadded index of the tile's first input
        lo, hi = max(first, 0), min(first + alpha, size)
        if hi > lo:
            mat[t, :, lo:hi] = b_t[:, lo - first:hi - first]
    if alpha_major:
        mat = mat.transpose(1, 0, 2)
    mat = np.ascontiguousarray(mat.reshape(tiles * alpha, size), dtype=dtype)
    mat.flags.writeable = False
    return mat


#: The channels :func:`_separable` transforms at once are as many as fit this many bytes of input tiles, so that
#: the half-way result is still in cache when the second product reads it (measured: 1.3x faster than one pass).
SEPARABLE_BLOCK_BYTES = 1 << 19

#: Images with sides up to this many pixels are transformed by matrix products over whole axes
#: (:func:`_axis_matrix`; the input's transform and its gradient). Those matrices are dense,
#: ``tiles * alpha x side``, so their work grows with the square of the side; larger images copy their tiles
#: out instead. Measured (forward + gradients, float32, one thread): ``F(4x4)`` 14x14, 5x5 kernels, batch 64,
#: 16 -> 32 channels 8.1 -> 6.6 ms; 28x28 images about equal (10.4 -> 10.2 ms, 3x3, 64 channels); 40x40
#: 2.9 -> 3.4 ms and 56x56 5.3 -> 7.5 ms slower (3x3, 16 channels, batch 8).
BANDED_MAX_SIDE = 32


def _separable(rows: np.ndarray, cols: np.ndarray, x: np.ndarray, temp_slot: str, out: np.ndarray) -> np.ndarray:
    """``rows @ t @ cols^T`` for every 2-D tile ``t`` of ``x`` (chans, a, b, P): (chans, a', b', P) in ``out``.

    ``rows`` (a', a) mixes the tile's rows, ``cols`` (b', b) its columns; the
    ``P`` tiles of a channel are the last axis. That is the Kronecker-product
    matrix ``kron(rows, cols)`` applied to the row-major flattened tiles, in
    two matrix products with ``a + b`` instead of ``a * b`` multiplications
    per output (2-4x fewer for 6x6 and 8x8 tiles; measured 2x faster), done
    a block of channels at a time (:data:`SEPARABLE_BLOCK_BYTES`) with the
    half-way result in the scratch slot ``temp_slot``. ``out`` may start at
    ``x``'s memory if its channels are no larger than ``x``'s: each block
    is read before its result is written.
    """
    chans, a, b, p = x.shape
    a2, b2 = rows.shape[0], cols.shape[0]
    block = max(1, SEPARABLE_BLOCK_BYTES // (a * b * p * x.itemsize))
    dtype = np.result_type(rows, x)
    temp = scratch(temp_slot, (min(block, chans), a2, b * p), dtype)
    for start in range(0, chans, block):  # a loop over blocks of channels, for the cache
        stop = min(start + block, chans)
        half = np.matmul(rows, x[start:stop].reshape(stop - start, a, b * p), out=temp[:stop - start])
        np.matmul(cols, half.reshape((stop - start) * a2, b, p), out=out[start:stop].reshape(-1, b2, p))
    return out


def _tile_view(a: np.ndarray, tiles: Tuple[int, int], step: Tuple[int, int], size: Tuple[int, int],
               writeable: bool = False) -> np.ndarray:
    """Tiles of a batch-last array (C, H, W, N) as the view (C, TH, size_h, TW, size_w, N).

    Tile ``(t, u)`` starts at row ``t * step_h``, column ``u * step_w``; tiles
    overlap when ``size > step`` (then never write through the view).
    """
    sc, sh, sw, sn = a.strides
    shape = (a.shape[0], tiles[0], size[0], tiles[1], size[1], a.shape[3])
    strides = (sc, sh * step[0], sh, sw * step[1], sw, sn)
    return np.lib.stride_tricks.as_strided(a, shape, strides, writeable=writeable)


class WinogradConv2d:
    """``F(m x m, r x r)`` Winograd for one stride-1, undilated, ungrouped 2-D convolution and its gradients.

    Works batch-last (see :mod:`mygrad.nn.functional.batch_last`): the ``P``
    tiles of the batch are ordered (tile column, tile row, sample), so that the
    column products of :func:`_axis_matrix` write a tile column's results with
    one stride. The
    transformed arrays are channel-major in memory, ``(channels, alpha_h,
    alpha_w, P)``, so that the tile transforms are separable products over
    each channel's block (:func:`_separable`); the channel sums see them as
    ``(alpha^2, channels, P)`` views. ``forward`` keeps the transformed input
    tiles ``V`` and filters ``U``; the gradient methods share the transformed
    upstream gradient ``Z``.

    Parameters
    ----------
    m : Tuple[int, int]
        Output tile size (rows, columns); ``m + r - 1`` must be at most 8.
    pads : Tuple[Tuple[int, int], Tuple[int, int]]
        Zero padding ``(before, after)`` of the two spatial axes.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.winograd import WinogradConv2d
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> w = np.ones((1, 1, 3, 3))
    >>> WinogradConv2d((2, 2), ((0, 0), (0, 0))).forward(x, w, None)  # sums of the four 3x3 windows
    array([[[[45., 54.],
             [81., 90.]]]])
    """

    #: Recompute the outputs of repeated input windows exactly (:mod:`~mygrad.nn.functional.repeated_windows`),
    #: so that identical windows give identical outputs, as in im2col and PyTorch. Off only to measure its cost.
    exact_repeats = True

    def __init__(self, m: Tuple[int, int], pads: Tuple[Tuple[int, int], Tuple[int, int]]) -> None:
        self.m, self.pads = tuple(m), tuple(pads)
        self._grad = self._z = self._bias_grad = None
        self._repeats = None

    def forward(self, x: np.ndarray, w: np.ndarray, bias: Optional[np.ndarray]) -> np.ndarray:
        """``conv2d(x, w) + bias`` for ``x`` (N, C, H, W), ``w`` (F, C, rh, rw); bias (F,) or None."""
        n, c, h, wd = x.shape
        f, r = w.shape[0], w.shape[2:]
        dtype = np.result_type(x.dtype, w.dtype)
        self.x, self.r, self.dtype = x, r, dtype
        self.a_h, self.a_w, self.b_h, self.b_w, self.g = _transforms(self.m, r, dtype)
        self.out_hw = tuple(s + lo + hi - k + 1 for s, (lo, hi), k in zip((h, wd), self.pads, r))
        self.tiles = tuple(-(-o // k) for o, k in zip(self.out_hw, self.m))  # tiles per axis, rounded up
        self.alpha = (self.m[0] + r[0] - 1, self.m[1] + r[1] - 1)
        self.banded = max(h, wd) <= BANDED_MAX_SIDE
        k, p = self.alpha[0] * self.alpha[1], self.tiles[0] * self.tiles[1] * n  # tile size, number of tiles
        # the transformed-domain index whose A^T column is all ones on both axes (the interpolation point 1):
        # a value there goes unchanged into every output of the tile, and holds the sum of a tile's gradient
        self._ones = _ones_column(self.a_h) * self.alpha[1] + _ones_column(self.a_w)
        self.v = self._transformed_input(find_repeats=self.exact_repeats)  # (alpha^2, C, P) view, kept
        self.u = (self.g @ w.reshape(f * c, r[0] * r[1]).T).reshape(k, f, c)  # U = G g G^T for every filter
        prod = scratch("temp.a", (f, k, p), dtype)  # the channel sums, channel-major
        np.matmul(self.u, self.v, out=prod.transpose(1, 0, 2))
        if bias is not None:  # A^T's column of ones adds it to every output of every tile: F*P adds, not F*H*W*N
            np.add(prod[:, self._ones], bias.reshape(f, 1), out=prod[:, self._ones])
        y = _separable(self.a_h, self.a_w, prod.reshape(f, *self.alpha, p), "temp.b",
                       scratch("temp.a", (f, *self.m, p), dtype))  # A^T M A for every tile, in M's memory
        out = self._untile(y.reshape(f, *self.m, self.tiles[1], self.tiles[0], n))  # (F, OH, OW, N)
        if self._repeats is not None:
            overwrite_repeated(out, w, bias, self._repeats)
            self._repeats = None
        return as_batch_first(out)

    def _transformed_input(self, find_repeats: bool = False) -> np.ndarray:
        """``V = B^T d B`` for every input tile ``d``: an (alpha^2, C, P) view of (C, alpha^2, P) memory.

        For images up to :data:`BANDED_MAX_SIDE` (``banded``), two matrix products with
        :func:`_axis_matrix`'s matrices, rows then columns, pad, tile and
        transform at once; otherwise the padded input's tiles are copied out
        and transformed (:func:`_separable`). ``V`` lives in scratch memory
        reserved for this shape until the weight gradient needs it (no fresh
        pages each step); if another convolution of the same shape took that
        memory in between, :meth:`_kept_input` computes ``V`` again.
        """
        x, (ah, aw), (th, tw) = self.x, self.alpha, self.tiles
        n, c, h, wd = x.shape
        k, p = ah * aw, th * tw * n
        xb = batch_last(x)  # (C, H, W, N): a view when x is a batch-last convolution's output
        if find_repeats:
            self._repeats = find_repeated_windows(xb, self.pads, self.r, self.out_hw)
        self._v_slot = (f"winograd.v{(k, c, p)}", self.dtype)  # one slot per shape
        v = scratch(self._v_slot[0], (c, ah, aw, tw, th, n), self.dtype, owner=self)
        if self.banded:
            rows, cols = self._axis_matrices()
            half = np.matmul(rows, xb.reshape(c, h, wd * n),
                             out=scratch("temp.b", (c, th * ah, wd * n), self.dtype))  # (C, TH, ah, W, N)
            # the columns' matrix rows are (b, u): each (TH, ah) row's result fills V's (aw, TW) block, stride TH*N
            np.matmul(cols, half.reshape(c, th, ah, wd, n),
                      out=v.reshape(c, ah, aw * tw, th, n).transpose(0, 3, 1, 2, 4))
        else:
            # zero padding: the convolution's, plus what whole tiles need at the bottom/right
            extra = [t * m - o for t, m, o in zip(self.tiles, self.m, self.out_hw)]
            xc = padded_batch_last(as_batch_first(xb), [(lo, hi + e) for (lo, hi), e in zip(self.pads, extra)],
                                   out=lambda shape: scratch("temp.a", shape, x.dtype))  # (C, Hp, Wp, N)
            d = scratch("temp.b", (c, ah, aw, tw, th, n), x.dtype)  # every input tile, the one gather
            tiles = _tile_view(xc, self.tiles, self.m, self.alpha)  # (C, TH, ah, TW, aw, N), a view
            d[...] = tiles.transpose(0, 2, 4, 3, 1, 5)
            _separable(self.b_h, self.b_w, d.reshape(c, ah, aw, p), "temp.a", v.reshape(c, ah, aw, p))
        return v.reshape(c, k, p).transpose(1, 0, 2)

    def _axis_matrices(self) -> Tuple[np.ndarray, np.ndarray]:
        """:func:`_axis_matrix` for the rows (tile-major) and the columns (alpha-major) of the input."""
        (mh, mw), (rh, rw), (h, wd), (pad_h, pad_w) = self.m, self.r, self.x.shape[2:], self.pads
        return (_axis_matrix(mh, rh, h, pad_h, self.dtype, False), _axis_matrix(mw, rw, wd, pad_w, self.dtype, True))

    def _kept_input(self) -> np.ndarray:
        """The forward pass's ``V``, computed again if its scratch memory was taken since."""
        if not still_owned(*self._v_slot, self):
            self.v = self._transformed_input()
        return self.v

    def _untile(self, y: np.ndarray) -> np.ndarray:
        """Output tiles (F, mh, mw, TW, TH, N) -> the batch-last result (F, OH, OW, N).

        The result is compact: where the last tiles overhang the output, only
        their first rows/columns are copied (up to four rectangular parts).
        """
        f, mh, mw, tw, th, n = y.shape
        out = np.empty((f, *self.out_hw, n), dtype=y.dtype)
        for rows, cols in itertools.product(_tile_parts(self.out_hw[0], mh), _tile_parts(self.out_hw[1], mw)):
            (t0, t1, used_h), (u0, u1, used_w) = rows, cols
            target = out[:, t0 * mh:t1 * mh, u0 * mw:u1 * mw].reshape(f, t1 - t0, used_h, u1 - u0, used_w, n)
            source = y[:, :used_h, :used_w, u0:u1, t0:t1].transpose(0, 4, 1, 3, 2, 5)
            target[...] = source
        return out

    def _transformed_grad(self, grad: np.ndarray) -> np.ndarray:
        """``Z = dL/dM``: the upstream gradient's tiles through ``A^T``'s transpose, an (alpha^2, F, P) view.

        Computed once per backward pass (the input and weight gradients share
        it) into scratch memory; the bias gradient is read off it (each tile's sum).
        """
        if grad is self._grad and still_owned("winograd.z", self.dtype, self):
            return self._z
        (mh, mw), (th, tw), n = self.m, self.tiles, self.x.shape[0]
        k, f, p = self.u.shape[0], self.u.shape[1], self.v.shape[2]
        g = np.moveaxis(grad, 0, -1)  # (F, OH, OW, N): a view, contiguous when grad is batch-last
        tiles = scratch("temp.a", (f, mh, mw, p), grad.dtype)
        blocks = tiles.reshape(f, mh, mw, tw, th, n)  # the gradient's m x m tiles, zero where they overhang
        for (t0, t1, used_h), (u0, u1, used_w) in itertools.product(_tile_parts(self.out_hw[0], mh),
                                                                    _tile_parts(self.out_hw[1], mw)):
            part = g[:, t0 * mh:t1 * mh, u0 * mw:u1 * mw].reshape(f, t1 - t0, used_h, u1 - u0, used_w, n)
            blocks[:, :used_h, :used_w, u0:u1, t0:t1] = part.transpose(0, 2, 4, 3, 1, 5)
        blocks[:, self.out_hw[0] - (th - 1) * mh:, :, :, th - 1] = 0
        blocks[:, :, self.out_hw[1] - (tw - 1) * mw:, tw - 1] = 0
        z = scratch("winograd.z", (f, *self.alpha, p), self.dtype, owner=self)
        _separable(self.a_h.T, self.a_w.T, tiles, "temp.b", z)
        self._grad, self._z = grad, z.reshape(f, k, p).transpose(1, 0, 2)
        self._bias_grad = self._z[self._ones].sum(axis=1, dtype=grad.dtype)  # each tile's sum (zero-padded tiles)
        return self._z

    def bias_grad(self, grad: np.ndarray) -> np.ndarray:
        """dL/dbias: the upstream gradient summed over everything but the filter axis."""
        if grad is not self._grad:
            self._transformed_grad(grad)
        return self._bias_grad

    def weight_grad(self, grad: np.ndarray) -> np.ndarray:
        """dL/dw: ``dU = Z @ V^T`` summed over every tile of the batch, then through ``G``'s transpose."""
        z = self._transformed_grad(grad)
        du = np.matmul(z, self._kept_input().transpose(0, 2, 1))  # (alpha^2, F, C)
        f, c = du.shape[1:]
        dw = (self.g.T @ du.reshape(du.shape[0], f * c)).reshape(*self.r, f, c)
        return np.ascontiguousarray(dw.transpose(2, 3, 0, 1))

    def input_grad(self, grad: np.ndarray) -> np.ndarray:
        """dL/dx: ``dV = U^T @ Z``, through ``B^T``'s transpose, and each tile added back where it was read."""
        z = self._transformed_grad(grad)
        k, c, p = self.v.shape
        dtype = np.result_type(self.u, z)
        dv = scratch("temp.a", (c, k, p), dtype)
        np.matmul(self.u.transpose(0, 2, 1), z, out=dv.transpose(1, 0, 2))
        n, _, h, wd = self.x.shape
        (mh, mw), (th, tw), (ah, aw) = self.m, self.tiles, self.alpha
        if self.banded:  # the forward products transposed, columns then rows: tiles' overlaps add up inside them
            rows, cols = self._axis_matrices()
            half = np.matmul(cols.T, dv.reshape(c, ah, aw * tw, th, n).transpose(0, 3, 1, 2, 4),
                             out=scratch("temp.b", (c, th, ah, wd, n), dtype))
            return as_batch_first(np.matmul(rows.T, half.reshape(c, th * ah, wd * n)).reshape(c, h, wd, n))
        dd = _separable(self.b_h.T, self.b_w.T, dv.reshape(c, ah, aw, p), "temp.b",
                        dv.reshape(c, ah, aw, p))  # in place of dV
        dd = dd.reshape(c, ah, aw, tw, th, n).transpose(0, 1, 2, 4, 3, 5)
        # Each tile's gradient goes back where the tile was read, into the padded input (scratch)
        dxc = _overlap_add(dd, self.m, scratch("temp.b", (c, th * mh + ah - mh, tw * mw + aw - mw, n), dtype))
        (top, _), (left, _) = self.pads
        dx = np.empty((c, h, wd, n), dtype=dtype)
        dx[...] = dxc[:, top:top + h, left:left + wd]  # the input's part of the padded gradient, compact
        return as_batch_first(dx)


def _overlap_add(dd: np.ndarray, m: Tuple[int, int], out: np.ndarray) -> np.ndarray:
    """Add the tiles ``dd`` (C, ah, aw, TH, TW, N), tile ``(t, u)`` at rows ``t * mh``, columns ``u * mw``, into
    ``out`` (C, TH*mh + ah - mh, TW*mw + aw - mw, N); ``dd`` is overwritten.

    Tiles overlap by ``r - 1``. Where they overlap at most one neighbour per
    axis (``alpha <= 2m``: F(4x4) up to 5x5 kernels, F(2x2) up to 3x3), the
    overlaps are first added in the tiles' own layout - the part of tile
    ``t`` past row ``mh`` onto tile ``t + 1``'s first rows, likewise for
    columns - as adds over whole rows of tiles (long contiguous runs), and
    then each tile's first ``mh x mw`` block, and the strips past the last
    tiles, are copied into place once (measured 1.3x faster than four strided
    adds of ``m x m`` blocks, whose runs are one pixel's ``N`` numbers).
    Otherwise each tile is cut into blocks of at most ``m x m``: for one block
    position no two tiles touch the same place, so each block position is one
    strided copy (the first) or add.
    """
    c, ah, aw, th, tw, n = dd.shape
    mh, mw = m
    eh, ew = ah - mh, aw - mw
    if eh > mh or ew > mw:
        out[:, th * mh:] = 0  # the strips below and right of the first blocks
        out[:, :, tw * mw:] = 0
        for (i0, i1), (j0, j1) in itertools.product(_blocks(ah, mh), _blocks(aw, mw)):
            target = _tile_view(out[:, i0:, j0:], (th, tw), m, (i1 - i0, j1 - j0), writeable=True)
            source = dd[:, i0:i1, j0:j1].transpose(0, 3, 1, 4, 2, 5)  # (C, TH, i1 - i0, TW, j1 - j0, N)
            if i0 == j0 == 0:
                target[...] = source
            else:
                target += source
        return out
    if eh and th > 1:  # tile t's rows past mh onto tile t + 1's first rows
        dd[:, :eh, :, 1:] += dd[:, mh:, :, :-1]
    if ew and tw > 1:  # then columns: the first mh rows of every tile, and the last tile row's strip
        dd[:, :mh, :ew, :, 1:] += dd[:, :mh, mw:, :, :-1]
        if eh:
            dd[:, mh:, :ew, th - 1, 1:] += dd[:, mh:, mw:, th - 1, :-1]
    main = _tile_view(out, (th, tw), m, m, writeable=True)  # (C, TH, mh, TW, mw, N): every place once
    main[...] = dd[:, :mh, :mw].transpose(0, 3, 1, 4, 2, 5)
    if eh:  # below the last tile row
        out[:, th * mh:, :tw * mw].reshape(c, eh, tw, mw, n)[...] = dd[:, mh:, :mw, th - 1].transpose(0, 1, 3, 2, 4)
    if ew:  # right of the last tile column
        out[:, :th * mh, tw * mw:].reshape(c, th, mh, ew, n)[...] = dd[:, :mh, mw:, :, tw - 1].transpose(0, 3, 1, 2, 4)
    if eh and ew:
        out[:, th * mh:, tw * mw:] = dd[:, mh:, mw:, th - 1, tw - 1]
    return out


def _ones_column(a_t: np.ndarray) -> int:
    """The column of ``A^T`` that is all ones (the interpolation point 1; every tile size has it).

    >>> _ones_column(winograd_matrices(4, 3)[0])
    1
    """
    return int(np.flatnonzero((a_t == 1).all(axis=0))[0])


def _blocks(alpha: int, m: int) -> List[Tuple[int, int]]:
    """``[0, alpha)`` cut into pieces of at most ``m``: ``_blocks(6, 4) == [(0, 4), (4, 6)]``."""
    return [(start, min(start + m, alpha)) for start in range(0, alpha, m)]


def _tile_parts(size: int, m: int) -> List[Tuple[int, int, int]]:
    """Split ``size`` outputs into tiles of ``m``: ``(first tile, end tile, outputs used per tile)`` parts.

    >>> _tile_parts(11, 4)  # tiles 0 and 1 whole, tile 2 gives its first 3 outputs
    [(0, 2, 4), (2, 3, 3)]
    """
    whole, rest = divmod(size, m)
    parts = [(0, whole, m)] if whole else []
    return parts + [(whole, whole + 1, rest)] if rest else parts
