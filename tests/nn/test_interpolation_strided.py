"""AxisResample's strided pieces (interpolation.strided_pieces): they cover every (output, source) pair of a tap
exactly once, and the strided passes agree with the gather/reduceat passes, values and gradients, over modes,
sizes (size-1 axes included), scale factors and dtypes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad.nn import functional as F
from mygrad.nn.functional import interpolation
from mygrad.nn.functional.interpolation import strided_pieces, _taps

MODES = ("nearest", "nearest-exact", "bilinear", "bicubic")


@settings(max_examples=200, deadline=None)
@given(mode=st.sampled_from(MODES), n=st.integers(1, 20), o=st.integers(1, 50), align=st.booleans(),
       factor=st.sampled_from([None, 0.5, 1.0, 2.0, 3.0, 1.5, 4.0]))
def test_pieces_cover_each_pair_once(mode, n, o, align, factor):
    if factor is not None:
        o = max(1, int(n * factor))
    idx, _ = _taps(mode, n, o, factor, align and mode in ("bilinear", "bicubic"), np.dtype(np.float32))
    for t in range(idx.shape[1]):
        pieces = strided_pieces(idx[:, t], n)
        if pieces is None:
            continue
        seen = np.zeros(o, dtype=int)
        for po, pi in pieces:
            outs, ins = np.arange(o)[po], np.arange(n)[pi]
            assert len(outs) == len(ins) and len(set(ins.tolist())) == len(ins)
            np.testing.assert_array_equal(idx[outs, t], ins)
            seen[outs] += 1
        np.testing.assert_array_equal(seen, 1)


def test_integer_factors_take_the_strided_path():
    for mode, factor, pieces in (("nearest", 2, 2), ("nearest", 3, 3), ("bilinear", 2, 4)):
        idx, _ = _taps(mode, 16, 16 * factor, float(factor), False, np.dtype(np.float32))
        found = [strided_pieces(idx[:, t], 16) for t in range(idx.shape[1])]
        assert all(p is not None for p in found) and max(len(p) for p in found) == pieces


@settings(max_examples=80, deadline=None)
@given(mode=st.sampled_from(MODES), h=st.integers(1, 9), w=st.integers(1, 9), n=st.integers(1, 2),
       factor=st.sampled_from([0.5, 1.0, 2.0, 3.0, 1.5, 2.5]), align=st.booleans(), seed=st.integers(0, 99),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_strided_and_gather_passes_agree(mode, h, w, n, factor, align, seed, dtype):
    if int(h * factor) == 0 or int(w * factor) == 0:
        factor = 1.0
    kwargs = dict(scale_factor=factor, mode=mode)
    if mode in ("bilinear", "bicubic"):
        kwargs["align_corners"] = align
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3, h, w)).astype(dtype)

    def run(max_pieces):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(interpolation, "MAX_PIECES", max_pieces)
            t = mg.tensor(x)
            out = F.interpolate(t, **kwargs)
        (out * np.arange(out.size, dtype=dtype).reshape(out.shape)).sum().backward()
        return out.data, t.grad

    (fast, fast_grad), (slow, slow_grad) = run(8), run(-1)
    assert fast.dtype == dtype and fast_grad.dtype == dtype
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(fast, slow, rtol=tol, atol=tol)
    np.testing.assert_allclose(fast_grad, slow_grad, rtol=tol, atol=tol * 100)
