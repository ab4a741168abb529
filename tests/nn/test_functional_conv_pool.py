"""Convolution and pooling against naive loops written here, gradients vs finite differences."""

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
import hypothesis.strategies as st

import mygrad as mg
import mygrad.nn.functional as F
from mygrad.nn.functional.pooling import MaxPoolND
from tests.gradcheck import check_op


def naive_conv(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Direct definition of a deep-learning N-d convolution, one output element at a time."""
    nd = w.ndim - 2
    stride, dilation = [(v,) * nd if isinstance(v, int) else tuple(v) for v in (stride, dilation)]
    if isinstance(padding, str):
        total = [d * (k - 1) for k, d in zip(w.shape[2:], dilation)]
        pads = [(0, 0)] * nd if padding == "valid" else [(t // 2, t - t // 2) for t in total]
    else:
        pads = [(p, p) for p in ((padding,) * nd if isinstance(padding, int) else padding)]
    xp = np.pad(x, [(0, 0), (0, 0)] + pads)
    n, c = x.shape[:2]
    f, cg = w.shape[:2]
    fg = f // groups
    out_sp = [(xp.shape[2 + i] - dilation[i] * (w.shape[2 + i] - 1) - 1) // stride[i] + 1 for i in range(nd)]
    out = np.zeros((n, f, *out_sp))
    for ni, fi, *pos in itertools.product(range(n), range(f), *map(range, out_sp)):
        g = fi // fg
        total = 0.0
        for ci, *k in itertools.product(range(cg), *map(range, w.shape[2:])):
            idx = tuple(p * s + kk * d for p, s, kk, d in zip(pos, stride, k, dilation))
            total += w[(fi, ci, *k)] * xp[(ni, g * cg + ci, *idx)]
        out[(ni, fi, *pos)] = total + (0 if b is None else b[fi])
    return out


@st.composite
def conv_cases(draw, nd):
    groups = draw(st.sampled_from([1, 2]))
    n = draw(st.integers(1, 2))
    c = groups * draw(st.integers(1, 2))
    f = groups * draw(st.integers(1, 2))
    kernel = draw(st.tuples(*[st.integers(1, 3)] * nd))
    stride = draw(st.tuples(*[st.integers(1, 2)] * nd))
    dilation = draw(st.tuples(*[st.integers(1, 2)] * nd))
    padding = draw(st.one_of(st.tuples(*[st.integers(0, 2)] * nd), st.just("valid"),
                             st.just("same") if stride == (1,) * nd else st.just(0)))
    spatial = tuple(draw(st.integers(d * (k - 1) + 1, d * (k - 1) + 4)) for k, d in zip(kernel, dilation))
    rng = np.random.default_rng(draw(st.integers(0, 100)))
    x = rng.normal(size=(n, c, *spatial))
    w = rng.normal(size=(f, c // groups, *kernel))
    b = rng.normal(size=(f,))
    return x, w, b, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


@settings(max_examples=12)
@given(case=conv_cases(2))
def test_conv2d_matches_naive_loop_and_gradients(case):
    x, w, b, kw = case
    check_op(F.conv2d, lambda *a, **k: naive_conv(*a, **k), x, w, b, kwargs=kw)


@settings(max_examples=8)
@given(case=conv_cases(1))
def test_conv1d(case):
    x, w, b, kw = case
    check_op(F.conv1d, lambda *a, **k: naive_conv(*a, **k), x, w, b, kwargs=kw)


def test_conv3d_and_conv_nd_without_bias():
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(1, 2, 4, 3, 3)), rng.normal(size=(2, 2, 2, 2, 2))
    check_op(F.conv3d, lambda a, b, **k: naive_conv(a, b, **k), x, w, kwargs=dict(stride=(1, 2, 1), padding=1))
    check_op(F.conv_nd, lambda a, b: naive_conv(a, b), x, w)


def test_conv2d_unbatched_input():
    rng = np.random.default_rng(2)
    x, w = rng.normal(size=(2, 5, 5)), rng.normal(size=(3, 2, 3, 3))
    np.testing.assert_allclose(F.conv2d(x, w).data, naive_conv(x[None], w)[0])


def test_conv2d_float32_end_to_end():
    rng = np.random.default_rng(3)
    x = mg.tensor(rng.normal(size=(2, 3, 6, 6)).astype(np.float32))
    w = mg.tensor(rng.normal(size=(4, 3, 3, 3)).astype(np.float32))
    b = mg.tensor(np.zeros(4, np.float32))
    out = F.conv2d(x, w, b, padding=1)
    out.backward()
    assert out.dtype == x.grad.dtype == w.grad.dtype == b.grad.dtype == np.float32


@pytest.mark.parametrize("kwargs, match", [
    (dict(padding="same", stride=2), "same"),
    (dict(padding="full"), "padding must be"),
    (dict(groups=2), "channels"),
])
def test_conv2d_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        F.conv2d(np.zeros((1, 3, 5, 5)), np.zeros((2, 3, 3, 3)), **kwargs)


def test_conv2d_shape_errors():
    with pytest.raises(ValueError, match="larger than the padded input"):
        F.conv2d(np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match="spatial"):
        F.conv2d(np.zeros((1, 1, 1, 2, 2)), np.zeros((1, 1, 1, 1)))


# ------------------------------------------------------------------ pooling
def _sizes(n, k, s, p, d, ceil):
    room = n + 2 * p - d * (k - 1) - 1
    out = (-(-room // s) if ceil else room // s) + 1
    if ceil and (out - 1) * s >= n + p:
        out -= 1
    return out


def naive_pool(x, kernel, stride, padding, dilation=(1, 1), ceil_mode=False, kind="max", count_include_pad=True):
    """Pooling over the last two axes, one window at a time (PyTorch's index rules)."""
    h, w = x.shape[-2:]
    oh, ow = (_sizes(n, k, s, p, d, ceil_mode) for n, k, s, p, d in zip((h, w), kernel, stride, padding, dilation))
    out = np.zeros(x.shape[:-2] + (oh, ow))
    for i, j in itertools.product(range(oh), range(ow)):
        rows = [i * stride[0] - padding[0] + a * dilation[0] for a in range(kernel[0])]
        cols = [j * stride[1] - padding[1] + b * dilation[1] for b in range(kernel[1])]
        inside_r = [r for r in rows if 0 <= r < h]
        inside_c = [c for c in cols if 0 <= c < w]
        block = x[..., inside_r, :][..., inside_c]
        if kind == "max":
            out[..., i, j] = block.max(axis=(-2, -1)) if block.size else -np.inf
        else:
            if count_include_pad:  # padded region counts; the ceil-mode overhang does not
                nr = len([r for r in rows if r < h + padding[0]])
                nc = len([c for c in cols if c < w + padding[1]])
            else:
                nr, nc = len(inside_r), len(inside_c)
            out[..., i, j] = block.sum(axis=(-2, -1)) / (nr * nc)
    return out


@st.composite
def pool_cases(draw, dilate):
    kernel = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    stride = draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    dilation = draw(st.tuples(st.integers(1, 2), st.integers(1, 2))) if dilate else (1, 1)
    ceil_mode = draw(st.booleans())
    spatial = tuple(draw(st.integers(max(1, d * (k - 1) + 1 - 2 * p), 6))
                    for k, d, p in zip(kernel, dilation, padding))
    lead = draw(st.sampled_from([(2,), (1, 2)]))
    x = np.random.default_rng(draw(st.integers(0, 99))).permutation(np.prod(lead + spatial)).reshape(lead + spatial)
    return x.astype(float), dict(kernel_size=kernel, stride=stride, padding=padding, ceil_mode=ceil_mode), dilation


@settings(max_examples=25)
@given(case=pool_cases(dilate=True))
def test_max_pool2d_matches_naive_and_gradients(case):
    x, kw, dilation = case  # distinct values: no ties, so finite differences are valid
    expected = naive_pool(x, kw["kernel_size"], kw["stride"], kw["padding"], dilation, kw["ceil_mode"])
    assume(np.isfinite(expected).all())  # a window lying wholly in the padding gives -inf (as PyTorch)
    check_op(F.max_pool2d, lambda a, **k: naive_pool(a, k["kernel_size"], k["stride"], k["padding"], k["dilation"],
                                                     k["ceil_mode"]),
             x, kwargs=dict(kw, dilation=dilation))


def naive_argmax_indices(x, kernel, stride, padding, dilation, ceil_mode):
    """Flat index into the input plane of each window's maximum (distinct values), window by window."""
    h, w = x.shape[-2:]
    oh, ow = (_sizes(n, k, s, p, d, ceil_mode) for n, k, s, p, d in zip((h, w), kernel, stride, padding, dilation))
    out = np.zeros(x.shape[:-2] + (oh, ow), dtype=np.int64)
    for lead in np.ndindex(*x.shape[:-2]):
        for i, j in itertools.product(range(oh), range(ow)):
            cells = [(r, c) for r in (i * stride[0] - padding[0] + a * dilation[0] for a in range(kernel[0]))
                     for c in (j * stride[1] - padding[1] + b * dilation[1] for b in range(kernel[1]))
                     if 0 <= r < h and 0 <= c < w]
            r, c = max(cells, key=lambda rc: x[lead + rc])
            out[lead + (i, j)] = r * w + c
    return out


@settings(max_examples=25)
@given(case=pool_cases(dilate=True), grad=st.booleans())
def test_max_pool2d_return_indices_point_at_the_maxima(case, grad):
    x, kw, dilation = case
    assume(np.isfinite(naive_pool(x, kw["kernel_size"], kw["stride"], kw["padding"], dilation,
                                  kw["ceil_mode"])).all())
    out, indices = F.max_pool2d(mg.tensor(x, constant=not grad), return_indices=True, dilation=dilation, **kw)
    want = naive_argmax_indices(x, kw["kernel_size"], kw["stride"], kw["padding"], dilation, kw["ceil_mode"])
    assert indices.dtype == np.int64 and indices.constant and indices.shape == out.shape
    np.testing.assert_array_equal(indices.data, want)
    plane = x.reshape(x.shape[:-2] + (-1,))
    np.testing.assert_array_equal(np.take_along_axis(plane, want.reshape(want.shape[:-2] + (-1,)), -1),
                                  out.data.reshape(want.shape[:-2] + (-1,)))


def test_max_pool_return_indices_match_pytorch_in_1d_2d_3d_and_layers():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    cases = [(F.max_pool1d, torch.nn.functional.max_pool1d, (2, 3, 9), dict(kernel_size=3, stride=2, padding=1)),
             (F.max_pool2d, torch.nn.functional.max_pool2d, (3, 8, 8), dict(kernel_size=2)),  # unbatched, 2x2 path
             (F.max_pool3d, torch.nn.functional.max_pool3d, (1, 2, 5, 4, 6),
              dict(kernel_size=2, dilation=(1, 2, 1), ceil_mode=True))]
    for ours, theirs, shape, kw in cases:
        x = rng.normal(size=shape)
        out, idx = ours(x, return_indices=True, **kw)
        t_out, t_idx = theirs(torch.tensor(x), return_indices=True, **kw)
        np.testing.assert_array_equal(out.data, t_out.numpy())
        np.testing.assert_array_equal(idx.data, t_idx.numpy())
    layer_out, layer_idx = mg.nn.MaxPool2d(3, stride=2, return_indices=True)(rng.normal(size=(1, 2, 7, 7)))
    assert layer_idx.shape == layer_out.shape == (1, 2, 3, 3)


@settings(max_examples=25)
@given(case=pool_cases(dilate=False))
def test_max_unpool2d_puts_maxima_back_and_its_gradient_reads_them_back(case):
    x, kw, _ = case
    assume(np.isfinite(naive_pool(x, kw["kernel_size"], kw["stride"], kw["padding"], (1, 1),
                                  kw["ceil_mode"])).all())
    pooled, where = F.max_pool2d(x, return_indices=True, **kw)
    size = x.shape[-2:]
    args = dict(kernel_size=kw["kernel_size"], stride=kw["stride"], padding=kw["padding"], output_size=size)

    def naive_unpool(values, **_):
        out = np.zeros(values.shape[:-2] + (size[0] * size[1],))
        for lead in np.ndindex(*values.shape[:-2]):
            for pos in np.ndindex(*values.shape[-2:]):
                out[lead + (where.data[lead + pos],)] = values[lead + pos]
        return out.reshape(values.shape[:-2] + size)

    restored = F.max_unpool2d(pooled, where, **args)
    kept = restored.data != 0
    np.testing.assert_array_equal(restored.data[kept], x[kept])  # every value that survived is a maximum, in place
    planes = where.data.reshape(-1, where.shape[-2] * where.shape[-1])
    if all(len(np.unique(p)) == p.size for p in planes):  # (overlapping windows can share a maximum)
        check_op(lambda v: F.max_unpool2d(v, where, **args), naive_unpool, pooled.data)


def test_max_unpool_matches_pytorch_and_layers():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for nd, (ours, theirs), shape in [(1, (F.max_unpool1d, torch.nn.functional.max_unpool1d), (2, 3, 4)),
                                      (2, (F.max_unpool2d, torch.nn.functional.max_unpool2d), (3, 3, 2)),
                                      (3, (F.max_unpool3d, torch.nn.functional.max_unpool3d), (1, 2, 2, 3, 2))]:
        values = rng.normal(size=shape)
        per_plane, plane = int(np.prod(shape[-nd:])), 2 ** nd * int(np.prod(shape[-nd:]))  # kernel 2 doubles each axis
        lead = shape[:-nd]
        indices = np.stack([rng.permutation(plane)[:per_plane] for _ in np.ndindex(*lead)]).reshape(shape)
        got = ours(values, indices, 2)
        want = theirs(torch.tensor(values), torch.tensor(indices), 2)
        np.testing.assert_array_equal(got.data, want.numpy())
    for n in (1, 2, 3):
        assert repr(getattr(mg.nn, f"MaxUnpool{n}d")(2)) == repr(getattr(torch.nn, f"MaxUnpool{n}d")(2))
    pool, unpool = mg.nn.MaxPool2d(2, return_indices=True), mg.nn.MaxUnpool2d(2)
    x = mg.tensor(rng.normal(size=(1, 2, 4, 4)))
    out, where = pool(x)
    unpool(out, where, output_size=x.shape).sum().backward()
    np.testing.assert_array_equal(x.grad.reshape(1, 2, -1).sum(-1), 4.0)  # one gradient per window, at its max


def test_max_unpool_errors_name_the_problem():
    with pytest.raises(ValueError, match="shaped like the input"):
        F.max_unpool2d(np.zeros((1, 2, 2)), np.zeros((1, 2, 3), dtype=int), 2)
    with pytest.raises(ValueError, match="output plane"):
        F.max_unpool2d(np.zeros((1, 2, 2)), np.full((1, 2, 2), 16), 2)
    with pytest.raises(ValueError, match="spatial"):
        F.max_unpool2d(np.zeros(4), np.zeros(4, dtype=int), 2)


@settings(max_examples=25)
@given(case=pool_cases(dilate=False), count_include_pad=st.booleans())
def test_avg_pool2d_matches_naive_and_gradients(case, count_include_pad):
    x, kw, _ = case
    check_op(F.avg_pool2d, lambda a, **k: naive_pool(a, k["kernel_size"], k["stride"], k["padding"], (1, 1),
                                                     k["ceil_mode"], "avg", k["count_include_pad"]),
             x, kwargs=dict(kw, count_include_pad=count_include_pad))


def test_max_pool_ties_send_gradient_to_first_max():
    x = mg.tensor(np.ones((1, 1, 2, 2)))
    F.max_pool2d(x, 2).backward()
    np.testing.assert_array_equal(x.grad[0, 0], [[1, 0], [0, 0]])


def test_max_pool1d_and_overlapping_windows_accumulate():
    x = mg.tensor([[[0.0, 5.0, 1.0, 2.0]]])
    y = F.max_pool1d(x, 2, stride=1)
    np.testing.assert_array_equal(y.data, [[[5.0, 5.0, 2.0]]])
    y.backward()
    np.testing.assert_array_equal(x.grad, [[[0, 2, 0, 1]]])


def test_pool_float32_and_errors():
    x = mg.tensor(np.random.default_rng(0).normal(size=(2, 3, 4, 4)).astype(np.float32))
    for pool in (lambda t: F.max_pool2d(t, 2), lambda t: F.avg_pool2d(t, 2), lambda t: F.adaptive_avg_pool2d(t, 3)):
        y = pool(x)  # one graph per backward: a backward clears x's other pending uses (MyGrad)
        y.backward()
        assert y.dtype == x.grad.dtype == np.float32
    with pytest.raises(ValueError, match="at most half"):
        F.max_pool2d(x, 2, padding=2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        F.max_pool2d(x, 5)
    with pytest.raises(ValueError, match="spatial"):
        F.avg_pool2d(np.zeros(4), 2)


def _max_pool_2x2(x, grad, fast, pool=F.max_pool2d):
    """Output, chosen path, input gradient and argmax indices of 2x2/stride-2 max pooling, fast path on or off."""
    old = MaxPoolND.use_2x2_fast_path
    MaxPoolND.use_2x2_fast_path = fast
    try:
        t = mg.tensor(x)
        y = pool(t, 2)
        took_fast, indices = y.creator.fast_2x2, y.creator.flat_indices()
        y.backward(grad)
        return y.data, took_fast, t.grad, indices
    finally:
        MaxPoolND.use_2x2_fast_path = old


def _assert_fast_2x2_pool_matches_general(x, grad, pool=F.max_pool2d):
    fast_out, took_fast, fast_grad, fast_indices = _max_pool_2x2(x, grad, True, pool)
    general_out, took_general, general_grad, general_indices = _max_pool_2x2(x, grad, False, pool)
    assert took_fast and not took_general
    np.testing.assert_array_equal(fast_out, general_out)
    np.testing.assert_array_equal(fast_grad, general_grad)
    np.testing.assert_array_equal(fast_indices, general_indices)
    assert fast_out.dtype == fast_grad.dtype == x.dtype


@settings(max_examples=30)
@given(lead=st.sampled_from([(1,), (3,), (2, 3)]), h=st.integers(2, 7), w=st.integers(2, 7),
       dtype=st.sampled_from([np.float32, np.float64]), seed=st.integers(0, 1000))
def test_max_pool_2x2_fast_path_matches_general_path_on_ties(lead, h, w, dtype, seed):
    # small integers: windows with 2, 3 and 4 equal maxima, in every position; odd sizes crop a row/column
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 3, size=lead + (h, w)).astype(dtype)
    grad = rng.integers(1, 9, size=lead + (h // 2, w // 2)).astype(dtype)
    _assert_fast_2x2_pool_matches_general(x, grad)


def test_max_pool_2x2_fast_path_every_tie_pattern():
    # all 2**4 windows over {0, 1}: each pattern of which taps hold the maximum
    patterns = np.array(list(itertools.product([0.0, 1.0], repeat=4))).reshape(16, 1, 2, 2)
    grad = np.arange(1.0, 17.0).reshape(16, 1, 1, 1)
    _assert_fast_2x2_pool_matches_general(patterns, grad)
    _, _, dx, _ = _max_pool_2x2(patterns, grad, True)
    first_max = patterns.reshape(16, 4).argmax(axis=1)  # NumPy's argmax: first occurrence
    np.testing.assert_array_equal(dx.reshape(16, 4).argmax(axis=1), first_max)


def test_max_pool_2x2_fast_path_nan_and_infinities_as_general_path():
    x = np.array([[np.nan, 1.0, 2.0, -np.inf, np.inf, np.inf, 5.0, 0.0],
                  [2.0, 3.0, 1.0, np.nan, np.inf, 1.0, -np.inf, -np.inf],
                  [-np.inf, -np.inf, 0.0, 0.0, 1.0, 1.0, np.nan, np.nan],
                  [-np.inf, -np.inf, 0.0, np.nan, 1.0, 1.0, np.nan, np.nan]])[None]
    out, _, _, _ = _max_pool_2x2(x, np.ones((1, 2, 4)), True)
    assert np.isnan(out[0, 0, :2]).all() and np.isnan(out[0, 1, [1, 3]]).all()
    _assert_fast_2x2_pool_matches_general(x, np.arange(1.0, 9.0).reshape(1, 2, 4))
    # non-finite upstream gradients must not leak into the taps that lost (inf * 0 would be NaN)
    grad = np.array([[[np.inf, -np.inf, np.nan, 1.0], [np.nan, np.inf, 2.0, -np.inf]]])
    _assert_fast_2x2_pool_matches_general(x, grad)


def test_max_pool_2x2_fast_path_through_max_pool_nd_and_unbatched_float32():
    rng = np.random.default_rng(4)
    x = rng.integers(-2, 2, size=(2, 2, 3, 5, 6)).astype(np.float32)
    grad = rng.standard_normal((2, 2, 3, 2, 3)).astype(np.float32)
    _assert_fast_2x2_pool_matches_general(x, grad, pool=lambda t, k: F.max_pool_nd(t, (k, k)))
    _assert_fast_2x2_pool_matches_general(x[0, 0], grad[0, 0])  # (C, H, W) input to max_pool2d


def test_max_pool_2x2_fast_path_only_for_float_2x2_stride_2():
    x = mg.tensor(np.zeros((1, 1, 4, 4)))
    assert F.max_pool2d(x, 2).creator.fast_2x2
    for kwargs in (dict(kernel_size=2, stride=1), dict(kernel_size=2, padding=1), dict(kernel_size=2, dilation=2),
                   dict(kernel_size=2, ceil_mode=True), dict(kernel_size=(2, 1)), dict(kernel_size=3)):
        assert not F.max_pool2d(x, **kwargs).creator.fast_2x2, kwargs
    op = MaxPoolND()  # integer input (a constant, so no creator to inspect): general path
    op(mg.tensor(np.zeros((4, 4), dtype=np.int64)), (2, 2), (2, 2), (0, 0), (1, 1), False)
    assert not op.fast_2x2


def naive_adaptive(x, out):
    h, w = x.shape[-2:]
    res = np.zeros(x.shape[:-2] + out)
    for i, j in itertools.product(range(out[0]), range(out[1])):
        r0, r1 = (i * h) // out[0], -(-((i + 1) * h) // out[0])
        c0, c1 = (j * w) // out[1], -(-((j + 1) * w) // out[1])
        res[..., i, j] = x[..., r0:r1, c0:c1].mean(axis=(-2, -1))
    return res


@settings(max_examples=15)
@given(h=st.integers(1, 6), w=st.integers(1, 6), oh=st.integers(1, 4), ow=st.integers(1, 4))
def test_adaptive_avg_pool2d(h, w, oh, ow):
    x = np.random.default_rng(h * 10 + w).normal(size=(2, 1, h, w))
    check_op(F.adaptive_avg_pool2d, lambda a, output_size: naive_adaptive(a, output_size), x,
             kwargs=dict(output_size=(oh, ow)))


def test_adaptive_avg_pool2d_to_one_is_global_mean():
    x = np.random.default_rng(0).normal(size=(2, 3, 5, 7))
    np.testing.assert_allclose(F.adaptive_avg_pool2d(x, 1).data, x.mean(axis=(2, 3), keepdims=True))
