"""Winograd's two ways to transform the input (and back, for its gradient), against each other and the definition.

Small images go through :func:`~mygrad.nn.functional.winograd._axis_matrix`'s
matrices (padding, tiling and ``B^T`` as one matrix per axis), larger ones
copy their padded tiles out (``BANDED_MAX_SIDE`` decides); both must give the
direct convolution and the same gradients.
"""

import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
import mygrad.nn.functional as F
from mygrad.nn.functional import winograd
from mygrad.nn.functional.winograd import _axis_matrix, winograd_matrices
from tests.nn.test_conv_algorithms import applies, conv_cases, direct_conv2d


def forward_and_grads(x, w, b, padding, algorithm):
    tensors = [mg.tensor(a) for a in (x, w, b)]
    out = F.conv2d(*tensors, padding=padding, algorithm=algorithm)
    op = out.creator.algorithm
    out.backward(np.cos(np.arange(out.size)).reshape(out.shape))
    return op, [out.data] + [t.grad for t in tensors]


@pytest.mark.parametrize("algorithm", ["winograd2", "winograd4"])
@settings(max_examples=25, deadline=None)
@given(case=conv_cases(max_side=13))
def test_axis_matrices_and_tile_copies_give_the_direct_convolution(algorithm, case):
    x, w, b, padding = case
    if not applies(algorithm, x.shape, w.shape):
        return
    results, default = [], winograd.BANDED_MAX_SIDE
    try:
        for side, banded in [(1 << 20, True), (0, False)]:
            winograd.BANDED_MAX_SIDE = side
            op, found = forward_and_grads(x, w, b, padding, algorithm)
            assert op.banded is banded
            results.append(found)
    finally:
        winograd.BANDED_MAX_SIDE = default
    np.testing.assert_allclose(results[0][0], direct_conv2d(x, w, b, padding), rtol=1e-10, atol=1e-10)
    for banded, copied in zip(*results):
        np.testing.assert_allclose(banded, copied, rtol=1e-10, atol=1e-10)


def test_small_images_use_the_axis_matrices_and_large_ones_copy_tiles():
    x, w = np.ones((1, 2, 9, 9)), np.ones((2, 2, 3, 3))
    small, _ = forward_and_grads(x, w, np.zeros(2), 1, "winograd4")
    side = winograd.BANDED_MAX_SIDE + 1
    large, _ = forward_and_grads(np.ones((1, 2, side, 3)), w, np.zeros(2), 1, "winograd4")
    assert small.banded and not large.banded


@pytest.mark.parametrize("m, r", [(2, 3), (4, 3), (4, 5), (2, 5), (3, 2)])
@pytest.mark.parametrize("size, pads", [(1, (0, 0)), (7, (1, 1)), (14, (2, 2)), (9, (0, 2)), (6, (2, 0))])
def test_axis_matrix_is_padding_tiling_and_the_transform(m, r, size, pads):
    """Row ``t * alpha + a`` (or ``a * tiles + t``) of the matrix times a signal is ``B^T`` applied to tile ``t``
    of the zero-padded signal, tiles ``alpha`` long every ``m`` inputs, zeros past the end."""
    if size + sum(pads) < r:
        return
    alpha, b_t = m + r - 1, winograd_matrices(m, r)[2]
    signal = np.random.default_rng(size).normal(size=size)
    tiles = -(-(size + sum(pads) - r + 1) // m)
    padded = np.zeros(tiles * m + alpha)
    padded[pads[0]:pads[0] + size] = signal
    expected = np.stack([b_t @ padded[t * m:t * m + alpha] for t in range(tiles)])  # (tiles, alpha)
    tile_major = _axis_matrix(m, r, size, pads, np.float64, False)
    alpha_major = _axis_matrix(m, r, size, pads, np.float64, True)
    np.testing.assert_allclose(tile_major @ signal, expected.reshape(-1), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(alpha_major @ signal, expected.T.reshape(-1), rtol=1e-12, atol=1e-12)
    assert _axis_matrix(m, r, size, pads, np.float32, False).dtype == np.float32


@pytest.mark.parametrize("algorithm", ["winograd2", "winograd4", "im2col"])
@pytest.mark.parametrize("shape", [(0, 2, 9, 9), (2, 0, 9, 9)])
def test_empty_batch_or_channels(algorithm, shape):
    """Nothing to compute (Winograd's tile transforms would divide by zero tiles): the output is the bias, the
    gradients are zeros, or the bias gradient's count of positions."""
    x, w, b = mg.tensor(np.ones(shape)), mg.tensor(np.ones((3, shape[1], 3, 3))), mg.tensor(np.arange(3.0))
    out = F.conv2d(x, w, b, padding=1, algorithm=algorithm)
    assert out.shape == (shape[0], 3, 9, 9)
    np.testing.assert_array_equal(out.data, np.broadcast_to(b.data.reshape(3, 1, 1), out.shape))
    out.sum().backward()
    assert x.grad.shape == x.shape and w.grad.shape == w.shape
    np.testing.assert_array_equal(b.grad, np.full(3, shape[0] * 81.0))
