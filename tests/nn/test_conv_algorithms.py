"""Every convolution algorithm (im2col, Winograd F(2x2), F(4x4)), forced one by one, against a direct reference.

* float64: forward against the direct definition, gradients against central
  differences (``tests.gradcheck.check_op``);
* float32: forward and all three gradients against the float64 reference, to
  float32 tolerance;
* PyTorch (skipped when it is not installed): float32 forward and gradients;
* the rule that ``algorithm="auto"`` applies, and the batch-last memory layout
  the results come in.
"""

import warnings
from fractions import Fraction

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
import mygrad.nn.functional as F
from mygrad.nn.functional.conv import ALGORITHMS, choose_algorithm, winograd_applies
from mygrad.nn.functional import winograd
from mygrad.nn.functional.winograd import winograd_matrices
from tests.gradcheck import check_op

FORCED = [name for name in ALGORITHMS if name != "auto"]


def direct_conv2d(x, w, b=None, padding=0):
    """The definition, one shifted slice per kernel tap.

    ``out[n, f, i, j] = b[f] + sum_{c, a, e} w[f, c, a, e] x_pad[n, c, i + a, j + e]``.

    ``padding`` is an int, a pair of ints (rows, columns) or 'same' (the extra zero after, as PyTorch).
    """
    kh, kw = w.shape[2:]
    if padding == "same":
        pads = [((k - 1) // 2, k - 1 - (k - 1) // 2) for k in (kh, kw)]
    else:
        pads = [(p, p) for p in np.broadcast_to(padding, 2)]
    xp = np.pad(x, [(0, 0), (0, 0), *pads])
    oh, ow = xp.shape[2] - kh + 1, xp.shape[3] - kw + 1
    out = np.zeros((x.shape[0], w.shape[0], oh, ow), dtype=np.result_type(x, w))
    for a in range(kh):
        for e in range(kw):
            out += np.einsum("nchw,fc->nfhw", xp[:, :, a:a + oh, e:e + ow], w[:, :, a, e])
    if b is not None:
        out += b.reshape(-1, 1, 1)
    return out


def applies(algorithm, x_shape, w_shape, dtype=np.float64):
    """Whether ``algorithm`` can run this stride-1 2-D convolution (Winograd: tiles up to 8x8)."""
    if algorithm == "im2col":
        return True
    m = int(algorithm[len("winograd"):])
    assert m in (2, 4)
    return winograd_applies(x_shape, w_shape, (1, 1), (1, 1), 1, dtype)


@st.composite
def conv_cases(draw, max_side=7):
    """Random stride-1 convolutions: batch, channels, odd/even/size-1 sides, kernels 1x1..5x5, padding."""
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    padding = draw(st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2)), st.just("same")))
    pads = [((k - 1) // 2 + (k - 1) % 2) if padding == "same" else p
            for k, p in zip((kh, kw), np.broadcast_to(0 if padding == "same" else padding, 2))]
    # every side at least 1 and large enough for the kernel once padded
    h = draw(st.integers(max(1, kh - 2 * pads[0]), max_side))
    w = draw(st.integers(max(1, kw - 2 * pads[1]), max_side))
    n, c, f = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    return (rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, kh, kw)), rng.normal(size=f), padding)


def float32_close(ours, reference, rtol, scale=None):
    """``|ours - reference| <= rtol * scale``, by default ``scale`` = the reference's largest magnitude.

    A sum's rounding error grows with the sizes of its terms, not of the sum (which cancellation can make
    small), so callers that can pass the largest sum of absolute terms as ``scale``.
    """
    scale = max(np.abs(reference).max() if scale is None else scale, 1e-30)
    np.testing.assert_allclose(np.asarray(ours, dtype=np.float64), reference, rtol=0, atol=rtol * scale)


# ------------------------------------------------------------------------------------ float64: exact and gradients
@pytest.mark.parametrize("algorithm", FORCED)
@settings(max_examples=25, deadline=None)
@given(case=conv_cases())
def test_each_algorithm_matches_direct_conv_and_finite_differences(algorithm, case):
    x, w, b, padding = case
    if not applies(algorithm, x.shape, w.shape):
        with pytest.raises(ValueError, match="algorithm="):
            F.conv2d(x, w, b, padding=padding, algorithm=algorithm)
        return
    check_op(lambda *a: F.conv2d(*a, padding=padding, algorithm=algorithm),
             lambda *a: direct_conv2d(*a, padding=padding), x, w, b, atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("algorithm", FORCED)
def test_larger_images_float64_against_direct_conv(algorithm):
    """Several tiles per axis, ragged last tiles, more channels: forward and gradients in float64."""
    rng = np.random.default_rng(0)
    for shape, kernel, padding in [((3, 5, 13, 11), (7, 5, 3, 3), 1), ((2, 4, 14, 9), (3, 4, 5, 5), 2),
                                   ((2, 3, 9, 10), (4, 3, 3, 5), 0), ((1, 2, 17, 6), (2, 2, 2, 2), "same")]:
        x, w, b = rng.normal(size=shape), rng.normal(size=kernel), rng.normal(size=kernel[0])
        xt, wt, bt = mg.tensor(x), mg.tensor(w), mg.tensor(b)
        out = F.conv2d(xt, wt, bt, padding=padding, algorithm=algorithm)
        np.testing.assert_allclose(out.data, direct_conv2d(x, w, b, padding), rtol=1e-10, atol=1e-10)
        grad = rng.normal(size=out.shape)
        out.backward(grad)
        # the gradients of a linear map, exactly: <grad, conv(dx)> = <x.grad, dx>, likewise for w and b
        for tensor, probe in [(xt, lambda d: direct_conv2d(d, w, None, padding)),
                              (wt, lambda d: direct_conv2d(x, d, None, padding)),
                              (bt, lambda d: direct_conv2d(np.zeros_like(x), np.zeros_like(w), d, padding))]:
            direction = rng.normal(size=tensor.shape)
            np.testing.assert_allclose(np.sum(tensor.grad * direction), np.sum(grad * probe(direction)), rtol=1e-9)


@pytest.mark.parametrize("algorithm", ["winograd2", "winograd4"])
@settings(max_examples=20, deadline=None)
@given(case=conv_cases(max_side=11), block_bytes=st.sampled_from([1, 300, 5000]))
def test_winograd_transforms_blocked_over_channels_give_the_same_results(algorithm, case, block_bytes):
    """The tile transforms run a block of channels at a time (``SEPARABLE_BLOCK_BYTES``), some in place:
    any block size gives the direct convolution and the same gradients as one block."""
    x, w, b, padding = case
    if not applies(algorithm, x.shape, w.shape):
        return
    results, default = [], winograd.SEPARABLE_BLOCK_BYTES
    try:
        for size in (block_bytes, 1 << 40):
            winograd.SEPARABLE_BLOCK_BYTES = size
            xt, wt, bt = mg.tensor(x), mg.tensor(w), mg.tensor(b)
            out = F.conv2d(xt, wt, bt, padding=padding, algorithm=algorithm)
            out.backward(np.cos(np.arange(out.size)).reshape(out.shape))
            results.append((out.data, xt.grad, wt.grad, bt.grad))
    finally:
        winograd.SEPARABLE_BLOCK_BYTES = default
    np.testing.assert_allclose(results[0][0], direct_conv2d(x, w, b, padding), rtol=1e-10, atol=1e-10)
    for ours, reference in zip(*results):
        np.testing.assert_allclose(ours, reference, rtol=1e-12, atol=1e-12)


# ------------------------------------------------------------------------------------ float32 tolerance
@pytest.mark.parametrize("algorithm", FORCED)
@settings(max_examples=25, deadline=None)
@given(case=conv_cases(max_side=12))
def test_float32_agrees_with_float64_reference(algorithm, case):
    """Winograd's transforms add rounding error; it must stay at float32 tolerance (1e-4 of the largest value)."""
    x64, w64, b64, padding = case
    if not applies(algorithm, x64.shape, w64.shape, np.float32):
        return
    x, w, b = (mg.tensor(a.astype(np.float32)) for a in (x64, w64, b64))
    out = F.conv2d(x, w, b, padding=padding, algorithm=algorithm)
    assert out.dtype == np.float32
    grad = np.random.default_rng(1).normal(size=out.shape)
    out.backward(grad.astype(np.float32))
    exact, sizes = [], []  # float64 results, and the same sums of absolute values (the error's scale)
    for sign in (lambda a: a, np.abs):
        ref_in, ref_w, ref_b = (mg.tensor(sign(a)) for a in (x64, w64, b64))
        ref = F.conv2d(ref_in, ref_w, ref_b, padding=padding, algorithm="im2col")
        ref.backward(sign(grad))
        (exact if sign is not np.abs else sizes).extend([ref.data, ref_in.grad, ref_w.grad, ref_b.grad])
    rtol = 1e-5 if algorithm == "im2col" else 1e-4
    for ours, reference, size in zip([out.data, x.grad, w.grad, b.grad], exact, sizes):
        assert ours.dtype == np.float32
        float32_close(ours, reference, rtol, scale=size.max())


def test_float32_error_of_the_example_networks_shapes():
    """The shapes the benchmarks train, at realistic scale: Winograd's error stays below 2e-5 of the largest value."""
    rng = np.random.default_rng(0)
    for shape, kernel, padding in [((16, 32, 13, 13), (64, 32, 3, 3), 0), ((16, 16, 14, 14), (32, 16, 5, 5), 2)]:
        x = rng.normal(size=shape)
        w = rng.normal(size=kernel) / np.sqrt(np.prod(kernel[1:]))
        ref = direct_conv2d(x, w, None, padding)
        for algorithm in ("winograd2", "winograd4"):
            out = F.conv2d(x.astype(np.float32), w.astype(np.float32), padding=padding, algorithm=algorithm)
            float32_close(out.data, ref, 2e-5)


# ------------------------------------------------------------------------------------ PyTorch
@pytest.mark.parametrize("algorithm", FORCED)
@settings(max_examples=15, deadline=None)
@given(case=conv_cases(max_side=10))
def test_against_pytorch_float32(algorithm, case):
    torch = pytest.importorskip("torch")
    x64, w64, b64, padding = case
    if not applies(algorithm, x64.shape, w64.shape, np.float32):
        return
    x, w, b = (a.astype(np.float32) for a in (x64, w64, b64))
    xt, wt, bt = (mg.tensor(a) for a in (x, w, b))
    out = F.conv2d(xt, wt, bt, padding=padding, algorithm=algorithm)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    with warnings.catch_warnings():  # PyTorch warns about padding="same" with even kernels
        warnings.simplefilter("ignore")
        t_out = torch.nn.functional.conv2d(tx, tw, tb, padding=padding)
    grad = np.random.default_rng(2).normal(size=out.shape).astype(np.float32)
    out.backward(grad)
    t_out.backward(torch.from_numpy(grad))
    float32_close(out.data, t_out.detach().numpy().astype(np.float64), 1e-4)
    for ours, theirs in [(xt, tx), (wt, tw), (bt, tb)]:
        float32_close(ours.grad, theirs.grad.numpy().astype(np.float64), 1e-4)


def test_example_network_shapes_against_pytorch():
    """The CNN benchmark's and the MNIST example's convolutions, each algorithm that applies, vs PyTorch."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    for shape, kernel, padding in [((8, 1, 28, 28), (32, 1, 3, 3), 0), ((8, 32, 13, 13), (64, 32, 3, 3), 0),
                                   ((8, 1, 28, 28), (16, 1, 5, 5), 2), ((8, 16, 14, 14), (32, 16, 5, 5), 2)]:
        x = rng.standard_normal(shape, dtype=np.float32)
        w = (rng.standard_normal(kernel, dtype=np.float32) / np.sqrt(np.prod(kernel[1:]))).astype(np.float32)
        t_out = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w), padding=padding).numpy()
        for algorithm in FORCED:
            if applies(algorithm, shape, kernel, np.float32):
                out = F.conv2d(x, w, padding=padding, algorithm=algorithm)
                float32_close(out.data, t_out.astype(np.float64), 1e-5 if algorithm == "im2col" else 3e-5)


# ------------------------------------------------------------------------------------ Winograd's matrices
@pytest.mark.parametrize("m, r", [(m, r) for r in range(1, 6) for m in range(1, 8) if 2 <= m + r - 1 <= 8])
def test_winograd_matrices_compute_the_1d_correlation(m, r):
    a_t, g, b_t = winograd_matrices(m, r)
    assert a_t.shape == (m, m + r - 1) and g.shape == (m + r - 1, r) and b_t.shape == (m + r - 1, m + r - 1)
    rng = np.random.default_rng(m * 10 + r)
    d, w = rng.normal(size=m + r - 1), rng.normal(size=r)
    np.testing.assert_allclose(a_t @ ((g @ w) * (b_t @ d)), np.correlate(d, w, "valid"), rtol=1e-12, atol=1e-12)


def test_winograd_f23_matrices_are_lavin_and_grays():
    a_t, g, b_t = winograd_matrices(2, 3)
    np.testing.assert_array_equal(b_t, [[1, 0, -1, 0], [0, 1, 1, 0], [0, 1, -1, 0], [0, 1, 0, -1]])
    np.testing.assert_array_equal(g, [[1, 0, 0], [0.5, 0.5, 0.5], [-0.5, 0.5, -0.5], [0, 0, -1]])
    np.testing.assert_array_equal(a_t, [[1, 1, 1, 0], [0, 1, -1, 1]])
    assert all(Fraction(v).denominator == 1 for v in b_t.ravel())  # B^T is an integer matrix


def test_winograd_matrices_refuse_tiles_larger_than_eight():
    with pytest.raises(ValueError, match="F\\(6, 5\\)"):
        winograd_matrices(6, 5)


# ------------------------------------------------------------------------------------ the rule and the arguments
def test_rule_picks_documented_algorithms():
    rule = lambda x, w, stride=(1, 1), groups=1, dtype=np.float32: choose_algorithm(x, w, stride, (1, 1), groups,
                                                                                    dtype)
    assert rule((64, 32, 13, 13), (64, 32, 3, 3)) == "winograd4"  # train_step.py's second convolution
    assert rule((64, 16, 14, 14), (32, 16, 5, 5)) == "winograd4"  # train_mnist.py's second convolution
    assert rule((64, 1, 28, 28), (32, 1, 3, 3)) == "im2col"  # a single input channel: nothing to save
    assert rule((64, 32, 13, 13), (64, 32, 3, 3), stride=(2, 2)) == "im2col"
    assert rule((64, 32, 13, 13), (64, 32, 3, 3), groups=2) == "im2col"
    assert rule((64, 32, 13, 13), (64, 32, 7, 7)) == "im2col"
    assert rule((64, 32, 13, 13), (64, 32, 3, 3), dtype=np.float16) == "im2col"
    assert rule((8, 16, 14, 14), (16, 16, 3, 3)) == "im2col"  # 3.6M multiply-adds: too little work
    assert rule((64, 16, 7, 7), (16, 16, 3, 3)) == "winograd4"  # 7.2M
    assert rule((64, 32, 13, 13), (1, 32, 3, 3)) == "im2col"  # one output channel


def test_auto_gives_the_forced_algorithms_result():
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((4, 32, 9, 9), dtype=np.float32), rng.standard_normal((32, 32, 3, 3), dtype=np.float32)
    auto = F.conv2d(x, w, padding=1)
    np.testing.assert_array_equal(auto.data, F.conv2d(x, w, padding=1, algorithm=choose_algorithm(
        x.shape, w.shape, (1, 1), (1, 1), 1)).data)


@pytest.mark.parametrize("kwargs", [dict(stride=2), dict(dilation=2), dict(groups=2)])
def test_forcing_winograd_where_it_does_not_apply_is_refused(kwargs):
    x, w = np.ones((1, 2, 8, 8)), np.ones((2, 2 // kwargs.get("groups", 1), 3, 3))
    with pytest.raises(ValueError, match="stride 1, dilation 1"):
        F.conv2d(x, w, algorithm="winograd2", **kwargs)
    F.conv2d(x, w, algorithm="im2col", **kwargs)  # im2col computes everything


def test_unknown_algorithm_and_large_kernels_are_refused():
    x = np.ones((1, 1, 8, 8))
    with pytest.raises(ValueError, match="algorithm must be one of"):
        F.conv2d(x, np.ones((1, 1, 5, 5)), algorithm="fft")
    with pytest.raises(ValueError, match="kernel sides 2 to 5"):  # 4x4 tiles would need 9x9 input tiles
        F.conv2d(x, np.ones((1, 1, 3, 6)), algorithm="winograd4")


def test_unbatched_input_and_integer_data():
    x = np.arange(2 * 6 * 6).reshape(2, 6, 6)  # (C, H, W), integers
    w = np.ones((3, 2, 3, 3))
    for algorithm in FORCED:
        out = F.conv2d(x, w, algorithm=algorithm)
        np.testing.assert_allclose(out.data, direct_conv2d(x[None].astype(float), w)[0], rtol=1e-12)


# ------------------------------------------------------------------------------------ memory layout
@pytest.mark.parametrize("algorithm", FORCED)
def test_results_are_batch_last_views_and_input_layout_does_not_matter(algorithm):
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=(3, 4, 9, 9)), rng.normal(size=(5, 4, 3, 3))
    batch_last = np.ascontiguousarray(np.moveaxis(x, 0, -1))
    out = F.conv2d(x, w, padding=1, algorithm=algorithm)
    assert out.shape == (3, 5, 9, 9)
    assert np.moveaxis(out.data, 0, -1).flags.c_contiguous or algorithm != "im2col"  # (F, H, W, N) memory
    again = F.conv2d(np.moveaxis(batch_last, -1, 0), w, padding=1, algorithm=algorithm)
    np.testing.assert_array_equal(out.data, again.data)


def test_max_pool_gradient_keeps_the_inputs_memory_order():
    x = mg.tensor(np.moveaxis(np.random.default_rng(6).normal(size=(2, 3, 4, 4, 5)), -1, 0))  # batch-last (5, 2, ...)
    x4 = x[:, 0]  # (5, 3, 4, 4), batch-last memory
    out = F.max_pool2d(x4, 2)
    out.backward(np.ones(out.shape))
    assert x.grad.shape == x.shape
    np.testing.assert_array_equal(x.grad[:, 0].sum(axis=(2, 3)), np.full((5, 3), 4.0))


@pytest.mark.parametrize("algorithm", FORCED)
def test_two_convolutions_of_one_shape_share_scratch_memory_safely(algorithm):
    """Both forward passes run before either backward pass: the first one's kept tiles/windows, in scratch
    memory reserved per shape, are taken by the second, and must be computed again for its weight gradient."""
    rng = np.random.default_rng(7)
    xs = [mg.tensor(rng.normal(size=(2, 3, 9, 9))) for _ in range(2)]
    ws = [mg.tensor(rng.normal(size=(4, 3, 3, 3))) for _ in range(2)]
    outs = [F.conv2d(x, w, padding=1, algorithm=algorithm) for x, w in zip(xs, ws)]
    (outs[0] * outs[0] + outs[1]).sum().backward()
    for i, (x, w) in enumerate(zip(xs, ws)):
        upstream = 2 * direct_conv2d(x.data, w.data, None, 1) if i == 0 else np.ones(outs[1].shape)
        xt, wt = mg.tensor(x.data), mg.tensor(w.data)
        F.conv2d(xt, wt, padding=1, algorithm="im2col").backward(upstream)
        np.testing.assert_allclose(w.grad, wt.grad, rtol=1e-10)
        np.testing.assert_allclose(x.grad, xt.grad, rtol=1e-10)


@pytest.mark.parametrize("nd, groups, stride, dilation, bias, dtypes", [
    (2, 1, 1, 1, True, (np.float32, np.float32)),
    (2, 2, (2, 1), 1, True, (np.float64, np.float64)),
    (2, 1, 1, 2, False, (np.float32, np.float64)),
    (1, 3, 2, 1, True, (np.float64, np.float64)),
    (3, 1, 1, 1, True, (np.float64, np.float64)),
])
def test_im2col_blocks_of_output_rows_give_the_unblocked_results(monkeypatch, nd, groups, stride, dilation, bias,
                                                                 dtypes):
    """With ``cols`` built a block of output rows at a time (forced: tiny blocks), the output and the three
    gradients are exactly the unblocked path's (1-D, 3-D, groups, strides, dilation, mixed dtypes)."""
    from mygrad.nn.functional import im2col

    rng = np.random.default_rng(nd + groups)
    spatial = {1: (23,), 2: (11, 9), 3: (6, 5, 7)}[nd]
    x = rng.normal(size=(3, 6, *spatial)).astype(dtypes[0])
    w = rng.normal(size=(6, 6 // groups, *(3,) * nd)).astype(dtypes[1])
    b = rng.normal(size=6).astype(dtypes[1]) if bias else None
    results = []
    monkeypatch.setattr(im2col, "MIN_BLOCK_COLUMNS", 1)
    for block_bytes in (1 << 30, 64):
        monkeypatch.setattr(im2col, "BLOCK_BYTES", block_bytes)
        tensors = [mg.tensor(a) for a in (x, w, b) if a is not None]
        out = F.conv_nd(*tensors[:2], tensors[2] if bias else None, stride=stride, padding=1, dilation=dilation,
                        groups=groups, algorithm="im2col")
        op = out.creator.algorithm
        out.backward(np.cos(np.arange(out.size)).reshape(out.shape))
        results.append([out.data] + [t.grad for t in tensors])
        assert (op.blocks is None) == (block_bytes > 1 << 20) and (block_bytes > 1 << 20 or len(op.blocks) > 1)
    for unblocked, blocked in zip(*results):  # (BLAS rounds products of other sizes differently)
        assert blocked.dtype == unblocked.dtype
        tolerance = (1e-5 if unblocked.dtype == np.float32 else 1e-12) * np.abs(unblocked).max()
        np.testing.assert_allclose(blocked, unblocked, rtol=0, atol=tolerance)


@pytest.mark.parametrize("padding", [10**30, 2**63])
def test_an_impossible_output_size_is_refused_at_once_not_split_into_blocks(padding):
    from mygrad.nn.functional.im2col import _row_blocks

    assert _row_blocks((2 * padding, 2 * padding), 1, 4) is None  # (a list of ~1e30 blocks never ends)
    with pytest.raises((ValueError, MemoryError), match="conv2d"):
        F.conv2d(mg.ones((1, 1, 5, 5)), mg.ones((2, 1, 3, 3)), padding=padding)
