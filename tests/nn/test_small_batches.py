"""Linear's small-batch product paths (einsum outer product, transposed forward) give the usual results.

``mygrad/nn/functional/linear.py`` computes ``x @ W.T`` as ``(W @ x.T).T`` for
float32 batches of a few to 64 rows, by the layer's width, and the weight
gradient of a single row through ``np.einsum``. These tests run every path,
and the batch sizes and widths on either side of each switch, against
float64 NumPy.
"""

import hypothesis.strategies as st
import numpy as np
from hypothesis import given, settings
import pytest

import mygrad as mg
from mygrad import nn, optim
from mygrad.nn.functional.linear import times_transpose, transpose_times

ROWS = [1, 2, 3, 5, 6, 11, 12, 32, 33, 48, 49, 64, 65, 128]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("in_features, out_features", [(20, 10), (20, 127), (20, 128), (20, 255), (20, 256),
                                                        (20, 511), (20, 512), (512, 300), (20, 1024)])
@pytest.mark.parametrize("rows", ROWS)
def test_linear_forward_and_gradients_match_numpy(rows, in_features, out_features, dtype):
    rng = np.random.default_rng(rows * 1000 + out_features)
    x = rng.standard_normal((rows, in_features)).astype(dtype)
    w = rng.standard_normal((out_features, in_features)).astype(dtype)
    b = rng.standard_normal(out_features).astype(dtype)
    g = rng.standard_normal((rows, out_features)).astype(dtype)
    xt, wt, bt = mg.tensor(x), mg.tensor(w), mg.tensor(b)

    out = nn.functional.linear(xt, wt, bt)
    assert out.dtype == dtype and out.data.flags.c_contiguous
    (out * g).sum().backward()

    x64, w64, g64 = x.astype(np.float64), w.astype(np.float64), g.astype(np.float64)
    tol = dict(rtol=1e-5, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(out.data, x64 @ w64.T + b, **tol)
    np.testing.assert_allclose(xt.grad, g64 @ w64, **tol)
    np.testing.assert_allclose(wt.grad, g64.T @ x64, **tol)
    np.testing.assert_allclose(bt.grad, g64.sum(axis=0), **tol)
    assert wt.grad.dtype == dtype and wt.grad.flags.c_contiguous


@pytest.mark.parametrize("leading", [(1,), (1, 1), (2, 3), (1, 5)])
def test_leading_axes_are_summed_over_in_the_weight_gradient(leading):
    rng = np.random.default_rng(0)
    x = mg.tensor(rng.standard_normal((*leading, 7)).astype(np.float32))
    layer = nn.Linear(7, 300, generator=rng)
    out = layer(x)
    assert out.shape == (*leading, 300)
    out.sum().backward()
    rows = x.data.reshape(-1, 7).astype(np.float64)
    np.testing.assert_allclose(layer.weight.grad, np.ones((300, rows.shape[0])) @ rows, rtol=1e-5, atol=1e-5)


def test_helpers_handle_non_contiguous_inputs():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((20, 20)).astype(np.float32)[::2, ::2]  # (10, 10), strided
    w = np.asfortranarray(rng.standard_normal((260, 20)).astype(np.float32))[:, ::2]
    np.testing.assert_allclose(times_transpose(x, w), x @ w.T, rtol=1e-5, atol=1e-5)
    g = rng.standard_normal((1, 260)).astype(np.float32)
    np.testing.assert_allclose(transpose_times(g, x[:1]), g.T @ x[:1], rtol=1e-6)


def test_batch_of_one_trains_like_repeated_single_steps():
    """SGD on one sample at a time: the hand-computed update of a two-layer net."""
    rng = np.random.default_rng(2)
    model = nn.Sequential(nn.Linear(6, 300, generator=rng), nn.ReLU(), nn.Linear(300, 3, generator=rng))
    w1, b1, w2, b2 = (p.data.astype(np.float64) for p in model.parameters())
    opt = optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        x = rng.standard_normal((1, 6)).astype(np.float32)
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
        h = x @ w1.T + b1  # the same step by hand, in float64
        d2 = np.ones((1, 3))
        d1 = (d2 @ w2) * (h > 0)
        w2, b2 = w2 - 0.1 * d2.T @ np.maximum(h, 0), b2 - 0.1 * d2.sum(0)
        w1, b1 = w1 - 0.1 * d1.T @ x, b1 - 0.1 * d1.sum(0)
    for got, want in zip(model.parameters(), (w1, b1, w2, b2)):
        np.testing.assert_allclose(got.data, want, rtol=1e-4, atol=1e-5)


@settings(max_examples=40, deadline=None)
@given(leading=st.lists(st.integers(0, 4), min_size=0, max_size=3).map(tuple), n_in=st.integers(0, 5),
       n_out=st.integers(1, 5), transposed=st.booleans(), seed=st.integers(0, 99))
def test_leading_axes_become_one_matrix_product_with_the_usual_result(leading, n_in, n_out, transposed, seed):
    """(N, T, D) inputs are multiplied as one (N*T, D) matrix (a view, or a copy for non-contiguous memory)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((*leading, n_in))
    if transposed and len(leading) >= 2:
        x = np.ascontiguousarray(np.swapaxes(x, 0, 1)).swapaxes(0, 1)  # same values, other memory order
    w, b = rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out)
    xt, wt, bt = mg.tensor(x), mg.tensor(w), mg.tensor(b)
    out = nn.functional.linear(xt, wt, bt)
    g = rng.standard_normal(out.shape)
    (out * g).sum().backward()
    np.testing.assert_allclose(out.data, x @ w.T + b, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(xt.grad, g @ w, rtol=1e-12, atol=1e-12)
    count = int(np.prod(leading))
    rows, grads = x.reshape(count, n_in), g.reshape(count, n_out)
    np.testing.assert_allclose(wt.grad, grads.T @ rows, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(bt.grad, grads.sum(axis=0), rtol=1e-12, atol=1e-12)
