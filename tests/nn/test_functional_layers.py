"""nn.functional: linear, batch_norm, layer_norm, dropout, embedding, one_hot, pad, gru."""

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
import mygrad.nn.functional as F
from tests.gradcheck import arrays, check_op


@settings(max_examples=15)
@given(lead=st.sampled_from([(3,), (2, 3), ()]), bias=st.booleans(), seed=st.integers(0, 99))
def test_linear(lead, bias, seed):
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=lead + (4,)), rng.normal(size=(2, 4)), rng.normal(size=2)
    if bias:
        check_op(F.linear, lambda a, ww, bb: a @ ww.T + bb, x, w, b)
    else:
        check_op(F.linear, lambda a, ww: a @ ww.T, x, w)
    with pytest.raises(ValueError, match="in_features"):
        F.linear(np.zeros((2, 3)), w)


def _bn_reference(x, w, b, eps):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    xhat = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    return xhat * w.reshape(shape) + b.reshape(shape)


@settings(max_examples=15)
@given(shape=st.sampled_from([(4, 3), (3, 2, 4), (2, 2, 3, 2)]), seed=st.integers(0, 99))
def test_batch_norm_training_forward_and_grad(shape, seed):
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=shape), rng.normal(size=shape[1]), rng.normal(size=shape[1])
    check_op(lambda a, ww, bb: F.batch_norm(a, None, None, ww, bb, training=True, eps=1e-3),
             lambda a, ww, bb: _bn_reference(a, ww, bb, 1e-3), x, w, b, atol=1e-4)


def test_batch_norm_running_stats_follow_pytorch_formula():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3, 4)).astype(np.float32)
    rm, rv = np.full(3, 0.5, np.float32), np.full(3, 2.0, np.float32)
    out = F.batch_norm(mg.tensor(x), rm, rv, training=True, momentum=0.3)
    n = 5 * 4
    np.testing.assert_allclose(rm, 0.7 * 0.5 + 0.3 * x.mean(axis=(0, 2)), rtol=1e-6)
    np.testing.assert_allclose(rv, 0.7 * 2.0 + 0.3 * x.var(axis=(0, 2)) * n / (n - 1), rtol=1e-5)
    assert out.dtype == rm.dtype == rv.dtype == np.float32
    # tensors as buffers are updated in place too
    trm, trv = mg.tensor(np.zeros(3)), mg.tensor(np.ones(3))
    F.batch_norm(x.astype(float), trm, trv, training=True)
    np.testing.assert_allclose(trm.data, 0.1 * x.mean(axis=(0, 2)), rtol=1e-6)


def test_batch_norm_eval_uses_running_stats_and_is_affine():
    rng = np.random.default_rng(1)
    x, rm, rv = rng.normal(size=(3, 2, 2)), rng.normal(size=2), rng.uniform(0.5, 2, size=2)
    w, b = rng.normal(size=2), rng.normal(size=2)
    ref = lambda a, ww, bb: (a - rm[:, None]) / np.sqrt(rv[:, None] + 1e-5) * ww[:, None] + bb[:, None]  # noqa
    check_op(lambda a, ww, bb: F.batch_norm(a, rm, rv, ww, bb, training=False), ref, x, w, b)


def test_batch_norm_errors():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        F.batch_norm(np.zeros((1, 3)), None, None, training=True)
    with pytest.raises(ValueError, match="running_mean must have shape"):
        F.batch_norm(np.zeros((2, 3)), np.zeros(2), np.ones(3))
    with pytest.raises(ValueError, match="required when training=False"):
        F.batch_norm(np.zeros((2, 3)), None, None)


@settings(max_examples=15)
@given(shape=st.sampled_from([(3, 4), (2, 3, 4)]), nd=st.integers(1, 2), affine=st.booleans(),
       seed=st.integers(0, 99))
def test_layer_norm(shape, nd, affine, seed):
    rng = np.random.default_rng(seed)
    norm_shape = shape[-nd:]
    x, w, b = rng.normal(size=shape), rng.normal(size=norm_shape), rng.normal(size=norm_shape)
    axes = tuple(range(-nd, 0))

    def ref(a, ww=1.0, bb=0.0):
        return (a - a.mean(axis=axes, keepdims=True)) / np.sqrt(a.var(axis=axes, keepdims=True) + 1e-5) * ww + bb

    if affine:
        check_op(lambda a, ww, bb: F.layer_norm(a, norm_shape, ww, bb), ref, x, w, b, atol=1e-4)
    else:
        check_op(lambda a: F.layer_norm(a, norm_shape), ref, x, atol=1e-4)
    with pytest.raises(ValueError, match="trailing dimensions"):
        F.layer_norm(x, (7,))


def test_dropout_train_eval_and_reproducibility():
    x = mg.tensor(np.ones((200, 50), dtype=np.float32))
    assert F.dropout(x, 0.3, training=False) is x
    a = F.dropout(x, 0.3, generator=np.random.default_rng(5))
    b = F.dropout(x, 0.3, generator=np.random.default_rng(5))
    np.testing.assert_array_equal(a.data, b.data)
    assert a.dtype == np.float32
    kept = a.data != 0
    assert abs(kept.mean() - 0.7) < 0.02
    np.testing.assert_allclose(a.data[kept], 1 / 0.7, rtol=1e-6)
    a.backward()
    np.testing.assert_array_equal(x.grad, a.data)  # gradient is the same scaled mask
    assert (F.dropout(x, 1.0).data == 0).all()
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        F.dropout(x, 1.5)


def test_dropout_default_generator_is_the_library_one():
    mg.random.seed(3)
    a = F.dropout(np.ones(100), 0.5)
    mg.random.seed(3)
    b = F.dropout(np.ones(100), 0.5)
    np.testing.assert_array_equal(a.data, b.data)


def test_embedding_and_padding_idx():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(5, 3))
    idx = np.array([[0, 2, 2], [4, 0, 1]])
    check_op(lambda ww: F.embedding(idx, ww), lambda ww: ww[idx], w)
    t = mg.tensor(w)
    F.embedding(idx, t, padding_idx=2).backward()
    np.testing.assert_array_equal(t.grad[2], 0)
    np.testing.assert_array_equal(t.grad[0], 2)
    with pytest.raises(IndexError, match="indices must be in"):
        F.embedding(np.array([5]), w)


def test_embedding_scale_grad_by_freq_divides_by_uses():
    w = mg.tensor(np.arange(12.0).reshape(4, 3))
    idx = np.array([[1, 3, 1], [1, 0, -1]])  # row 1 three times, row 3 twice (-1 is row 3)
    upstream = np.random.default_rng(1).normal(size=(2, 3, 3))
    F.embedding(idx, w, scale_grad_by_freq=True).backward(upstream)
    want = np.zeros((4, 3))
    for pos, row in np.ndenumerate(idx):
        want[row] += upstream[pos] / np.count_nonzero(idx % 4 == row % 4)
    np.testing.assert_allclose(w.grad, want)


@pytest.mark.parametrize("norm_type", [1.0, 2.0, np.inf])
def test_embedding_max_norm_renormalizes_looked_up_rows_in_place(norm_type):
    table = np.array([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0], [10.0, 0.0]])
    w = mg.tensor(table)
    out = F.embedding(np.array([0, 1, 0, 2]), w, max_norm=1.0, norm_type=norm_type)
    norms = np.linalg.norm(w.data, ord=norm_type, axis=1)
    np.testing.assert_allclose(norms[[0, 2]], 1.0, rtol=1e-6)  # long rows that were looked up: cut to 1
    np.testing.assert_array_equal(w.data[1], [0.3, 0.4])  # short enough: untouched
    np.testing.assert_array_equal(w.data[3], [10.0, 0.0])  # not looked up: untouched
    np.testing.assert_array_equal(out.data, w.data[[0, 1, 0, 2]])
    out.backward()
    np.testing.assert_array_equal(w.grad[0], [2.0, 2.0])


def test_embedding_options_match_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    table = rng.normal(size=(6, 4)) * 2
    idx = np.array([[0, 5, 2], [2, 2, 4]])
    upstream = rng.normal(size=(2, 3, 4))
    w = mg.tensor(table)
    out = F.embedding(idx, w, padding_idx=4, max_norm=1.5, norm_type=3.0, scale_grad_by_freq=True)
    out.backward(upstream)
    tw = torch.tensor(table, requires_grad=True)
    tout = torch.nn.functional.embedding(torch.tensor(idx), tw, padding_idx=4, max_norm=1.5, norm_type=3.0,
                                         scale_grad_by_freq=True)
    tout.backward(torch.tensor(upstream))
    np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(w.data, tw.detach().numpy(), rtol=1e-6)  # the table was renormalised in place
    np.testing.assert_allclose(w.grad, tw.grad.numpy(), rtol=1e-6)


def test_embedding_max_norm_refuses_a_table_a_live_graph_reads():
    w = mg.tensor(np.full((3, 2), 5.0))
    kept = w * 2  # a live graph reads the table
    with pytest.raises(ValueError, match="live computational graph"):
        F.embedding(np.array([0]), w, max_norm=1.0)
    np.testing.assert_array_equal(w.data, 5.0)  # nothing was written
    kept.backward()
    with pytest.raises(NotImplementedError, match="sparse"):
        F.embedding(np.array([0]), w, sparse=True)
    with pytest.raises(ValueError, match="max_norm"):
        F.embedding(np.array([0]), w, max_norm=0.0)


def test_one_hot():
    np.testing.assert_array_equal(F.one_hot(np.array([[1, 0]]), 3).data, [[[0, 1, 0], [1, 0, 0]]])
    assert F.one_hot(np.array([2])).shape == (1, 3) and F.one_hot(np.array([2])).dtype == np.int64
    with pytest.raises(ValueError, match="class values"):
        F.one_hot(np.array([3]), 2)


NP_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


@settings(max_examples=25)
@given(x=arrays((2, 3, 4)), mode=st.sampled_from(list(NP_MODES)),
       pads=st.lists(st.integers(0, 2), min_size=2, max_size=4).filter(lambda p: len(p) % 2 == 0))
def test_pad_matches_numpy(x, mode, pads):
    width = [(0, 0)] * (3 - len(pads) // 2) + [(pads[i], pads[i + 1]) for i in range(0, len(pads), 2)][::-1]
    check_op(lambda a: F.pad(a, pads, mode=mode), lambda a: np.pad(a, width, mode=NP_MODES[mode]), x)


def test_pad_negative_crops_and_value():
    x = np.arange(5.0)[None]
    np.testing.assert_array_equal(F.pad(x, (-1, 2), value=7.0).data, [[1, 2, 3, 4, 7, 7]])
    with pytest.raises(ValueError, match="even length"):
        F.pad(x, (1,))


def _gru_ref(X, Uz, Wz, bz, Ur, Wr, br, Uh, Wh, bh, s0):
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    s = [s0]
    for x in X:
        z = sig(x @ Uz + s[-1] @ Wz + bz)
        r = sig(x @ Ur + s[-1] @ Wr + br)
        h = np.tanh(x @ Uh + (r * s[-1]) @ Wh + bh)
        s.append((1 - z) * h + z * s[-1])
    return np.stack(s)


def _gru_args(seed, T=3, N=2, C=3, D=2):
    rng = np.random.default_rng(seed)
    shapes = [(T, N, C), (C, D), (D, D), (D,), (C, D), (D, D), (D,), (C, D), (D, D), (D,), (N, D)]
    return [rng.normal(size=s) * 0.7 for s in shapes]


@settings(max_examples=5)
@given(seed=st.integers(0, 99))
def test_gru_forward_and_bptt(seed):
    check_op(F.gru, _gru_ref, *_gru_args(seed))


def test_gru_truncated_bptt_zero_is_one_step_at_a_time():
    args = _gru_args(1)
    X = mg.tensor(args[0])
    out = F.gru(X, *args[1:], bp_lim=0)
    upstream = np.random.default_rng(0).normal(size=out.shape)
    out.backward(upstream)
    # with no back-propagation through time, each step sees its previous state as a constant
    states = out.data
    expected = np.zeros_like(args[0])
    for t in range(len(args[0])):
        xt = mg.tensor(args[0][t:t + 1])
        F.gru(xt, *args[1:10], s0=states[t]).backward(np.stack([np.zeros_like(states[0]), upstream[t + 1]]))
        expected[t] = xt.grad[0]
    np.testing.assert_allclose(X.grad, expected, atol=1e-10)


def test_gru_dropout_reproducible_and_float32():
    args = [a.astype(np.float32) for a in _gru_args(2)]
    a = F.gru(*args[:10], dropout=0.5, generator=np.random.default_rng(0))
    b = F.gru(*args[:10], dropout=0.5, generator=np.random.default_rng(0))
    np.testing.assert_array_equal(a.data, b.data)
    assert a.dtype == np.float32
    with pytest.raises(ValueError, match="Uz must have shape"):
        F.gru(args[0], args[2], *args[2:10])


def test_gru_dropout_gradients():
    def gru_with_fixed_masks(*a):
        return F.gru(*a[:10], dropout=0.4, generator=np.random.default_rng(7))

    check_op(gru_with_fixed_masks, None, *_gru_args(3)[:10])


def _numpy_gru_recurrence(gates_x, h0, w_hh, b_hh=None, reverse=False):
    """PyTorch's GRU recurrence typed out step by step."""
    hidden = w_hh.shape[1]
    b_hh = np.zeros(3 * hidden) if b_hh is None else b_hh
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    out = np.empty(gates_x.shape[:2] + (hidden,))
    h = h0
    for t in (reversed(range(len(gates_x))) if reverse else range(len(gates_x))):
        gh = h @ w_hh.T + b_hh
        r = sigmoid(gates_x[t, :, :hidden] + gh[:, :hidden])
        z = sigmoid(gates_x[t, :, hidden:2 * hidden] + gh[:, hidden:2 * hidden])
        n = np.tanh(gates_x[t, :, 2 * hidden:] + r * gh[:, 2 * hidden:])
        h = out[t] = (1 - z) * n + z * h
    return out


@settings(max_examples=20, deadline=None)
@given(length=st.integers(1, 4), batch=st.integers(0, 2), hidden=st.integers(1, 3), reverse=st.booleans(),
       bias=st.booleans(), data=st.data())
def test_gru_recurrence_matches_numpy_and_finite_differences(length, batch, hidden, reverse, bias, data):
    gates_x = data.draw(arrays((length, batch, 3 * hidden), -2, 2))
    h0 = data.draw(arrays((batch, hidden), -1, 1))
    w_hh = data.draw(arrays((3 * hidden, hidden), -1, 1))
    inputs = (gates_x, h0, w_hh) + ((data.draw(arrays((3 * hidden,), -1, 1)),) if bias else ())
    check_op(lambda *a: F.gru_recurrence(*a, reverse=reverse),
             lambda *a: _numpy_gru_recurrence(*a, reverse=reverse), *inputs)


def test_gru_recurrence_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"gates_x \(L, N, 3H\)"):
        F.gru_recurrence(np.zeros((2, 1, 6)), np.zeros((1, 3)), np.zeros((6, 2)))
    with pytest.raises(ValueError, match="empty"):
        F.gru_recurrence(np.zeros((0, 1, 6)), np.zeros((1, 2)), np.zeros((6, 2)))


@settings(max_examples=15, deadline=None)
@given(shape=st.sampled_from([(4, 3), (3, 2, 4), (2, 2, 3, 2)]), affine=st.sampled_from(["both", "weight", "none"]),
       batch_last=st.booleans(), seed=st.integers(0, 99))
def test_batch_norm_with_any_parameters_and_memory_order(shape, affine, batch_last, seed):
    """The fused forward/backward (shared sums, in-place scaling) for every parameter combination, and for an
    input whose memory is batch-last (a convolution's output), against the definition."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    if batch_last:
        x = np.moveaxis(np.ascontiguousarray(np.moveaxis(x, 0, -1)), -1, 0)  # same values, batch axis fastest
    w, b = rng.normal(size=shape[1]), rng.normal(size=shape[1])
    params = {"both": (w, b), "weight": (w,), "none": ()}[affine]

    def ours(a, *p):
        return F.batch_norm(a, None, None, *(p + (None,) * (2 - len(p))), training=True, eps=1e-3)

    def reference(a, *p):
        full = p + (np.ones(shape[1]), np.zeros(shape[1]))[len(p):]
        return _bn_reference(a, *full, 1e-3)

    check_op(ours, reference, x, *params, atol=1e-4)
