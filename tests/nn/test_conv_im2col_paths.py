"""im2col's shifted rows (a 2-D convolution with large ``cols``, one group, dilation 1 and a stride of at most the
kernel's height along the rows):
each output row's window is a view of the input's rows with their column shifts copied side by side. Against
the one-``cols`` path (tested against the definition in ``test_conv_algorithms.py``), forward and gradients."""

import hypothesis.strategies as st
import numpy as np
from hypothesis import given, settings

import mygrad as mg
import mygrad.nn.functional as F
from mygrad.nn.functional import im2col


def run(x, w, b, block_bytes, **kwargs):
    """Output, gradients and the op of an im2col convolution with ``BLOCK_BYTES`` set to ``block_bytes``."""
    default = im2col.BLOCK_BYTES, im2col.MIN_BLOCK_COLUMNS
    try:
        im2col.BLOCK_BYTES, im2col.MIN_BLOCK_COLUMNS = block_bytes, 1
        tensors = [mg.tensor(a) for a in (x, w, b) if a is not None]
        out = F.conv2d(*tensors[:2], tensors[2] if b is not None else None, algorithm="im2col", **kwargs)
        op = out.creator.algorithm
        out.backward(np.cos(np.arange(out.size)).reshape(out.shape))
    finally:
        im2col.BLOCK_BYTES, im2col.MIN_BLOCK_COLUMNS = default
    return op, [out.data] + [t.grad for t in tensors]


@st.composite
def shifted_cases(draw):
    """2-D convolutions with dilation 1 and a stride of 1 to kh along the rows, anything along the columns."""
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride, dilation = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    row_stride = draw(st.integers(1, kh))
    pads = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    h = draw(st.integers(max(2, kh + row_stride - 2 * pads[0]), 9 + row_stride))  # at least two output rows
    w = draw(st.integers(max(1, dilation * (kw - 1) + 1 - 2 * pads[1]), 9))
    n, c, f = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    bias = rng.normal(size=f) if draw(st.booleans()) else None
    kwargs = dict(stride=(row_stride, stride), dilation=(1, dilation), padding=pads)
    return rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, kh, kw)), bias, kwargs


@settings(max_examples=80, deadline=None)
@given(case=shifted_cases())
def test_shifted_rows_give_the_one_cols_results(case):
    x, w, b, kwargs = case
    op, shifted = run(x, w, b, 1, **kwargs)  # blocks of one byte: every cols is "large"
    assert op.shifted
    op, reference = run(x, w, b, 1 << 40, **kwargs)
    assert not op.shifted and op.blocks is None
    for ours, expected in zip(shifted, reference):
        np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-12)


def test_float32_and_mixed_dtypes_keep_their_result_dtype():
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(4, 2, 9, 8)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)
    for dtypes, expected in [((np.float32,) * 3, np.float32), ((np.float32, np.float64, np.float64), np.float64)]:
        args = [a.astype(t) for a, t in zip((x, w, b), dtypes)]
        op, found = run(*args, 1, padding=1)
        assert op.shifted and found[0].dtype == expected
        _, reference = run(*args, 1 << 40, padding=1)
        for ours, theirs in zip(found, reference):
            assert ours.dtype == theirs.dtype
            np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5 * np.abs(theirs).max())


def test_other_convolutions_keep_the_blocks_of_cols():
    x, w = np.ones((2, 4, 9, 9)), np.ones((4, 2, 3, 3))
    for kwargs in [dict(groups=2), dict(stride=(4, 1)), dict(dilation=(2, 1))]:  # (a row stride above kh = 3)
        op, _ = run(x, w if "groups" in kwargs else np.ones((4, 4, 3, 3)), None, 1, **kwargs)
        assert not op.shifted and op.blocks is not None


def test_two_convolutions_of_one_shape_share_the_shifted_rows_safely():
    """Both forward passes run before either backward pass: the second takes the first one's shifted rows (scratch
    memory reserved per shape), which the first one's weight gradient must build again."""
    rng = np.random.default_rng(1)
    xs = [rng.normal(size=(2, 3, 9, 9)) for _ in range(2)]
    ws = [rng.normal(size=(4, 3, 3, 3)) for _ in range(2)]
    default = im2col.BLOCK_BYTES, im2col.MIN_BLOCK_COLUMNS
    try:
        im2col.BLOCK_BYTES, im2col.MIN_BLOCK_COLUMNS = 1, 1
        xt, wt = [mg.tensor(a) for a in xs], [mg.tensor(a) for a in ws]
        outs = [F.conv2d(x, w, padding=1, algorithm="im2col") for x, w in zip(xt, wt)]
        assert all(out.creator.algorithm.shifted for out in outs)
        (outs[0] * outs[0] + outs[1]).sum().backward()
    finally:
        im2col.BLOCK_BYTES, im2col.MIN_BLOCK_COLUMNS = default
    for i in range(2):
        x, w = mg.tensor(xs[i]), mg.tensor(ws[i])
        out = F.conv2d(x, w, padding=1, algorithm="im2col")
        out.backward(2 * out.data if i == 0 else np.ones(out.shape))
        np.testing.assert_allclose(wt[i].grad, w.grad, rtol=1e-10)
        np.testing.assert_allclose(xt[i].grad, x.grad, rtol=1e-10)
