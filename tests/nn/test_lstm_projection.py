"""LSTM(proj_size=...) against PyTorch: parameter names and shapes, reprs, outputs and final states, every
gradient (input, initial states, parameters), bidirectional and multi-layer, batch_first and unbatched inputs;
float64 central differences of the projected recurrence; argument errors."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn.functional import recurrent
from mygrad.nn.functional.lstm import lstm_projected_recurrence
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


@settings(max_examples=60, deadline=None)
@given(input_size=st.integers(1, 4), hidden=st.integers(2, 5), data=st.data(), num_layers=st.integers(1, 3),
       bias=st.booleans(), batch_first=st.booleans(), bidirectional=st.booleans(), layout=st.sampled_from(
           ["batched", "unbatched"]), with_state=st.booleans(), length=st.integers(1, 4), n=st.integers(1, 3),
       seed=st.integers(0, 9999))
def test_projected_lstm_matches_torch(input_size, hidden, data, num_layers, bias, batch_first, bidirectional, layout,
                                      with_state, length, n, seed):
    proj = data.draw(st.integers(1, hidden - 1), label="proj_size")
    kwargs = dict(num_layers=num_layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional,
                  proj_size=proj)
    ours, theirs = nn.LSTM(input_size, hidden, **kwargs), torch.nn.LSTM(input_size, hidden, **kwargs)
    assert repr(ours) == repr(theirs)
    assert [(k, v.shape) for k, v in ours.state_dict().items()] == [(k, tuple(v.shape)) for k, v in
                                                                    theirs.state_dict().items()]
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    rng = np.random.default_rng(seed)
    d = 2 if bidirectional else 1
    if layout == "unbatched":
        x_shape, h_shape, c_shape = (length, input_size), (d * num_layers, proj), (d * num_layers, hidden)
    else:
        x_shape = (n, length, input_size) if batch_first else (length, n, input_size)
        h_shape, c_shape = (d * num_layers, n, proj), (d * num_layers, n, hidden)
    x = rng.normal(size=x_shape).astype(np.float32)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    if with_state:
        h0, c0 = rng.normal(size=h_shape).astype(np.float32), rng.normal(size=c_shape).astype(np.float32)
        mh, mc = mg.tensor(h0), mg.tensor(c0)
        th, tc = (torch.from_numpy(a.copy()).requires_grad_(True) for a in (h0, c0))
        out, (h_n, c_n) = ours(mx, (mh, mc))
        t_out, (t_h, t_c) = theirs(tx, (th, tc))
    else:
        out, (h_n, c_n) = ours(mx)
        t_out, (t_h, t_c) = theirs(tx)
    for mine, ref in ((out, t_out), (h_n, t_h), (c_n, t_c)):
        assert mine.shape == tuple(ref.shape) and mine.dtype == np.float32
        np.testing.assert_allclose(mine.data, ref.detach().numpy(), rtol=1e-5, atol=1e-6)
    gs = [rng.normal(size=t.shape).astype(np.float32) for t in (out, h_n, c_n)]
    sum((t * g).sum() for t, g in zip((out, h_n, c_n), gs)).backward()
    sum((t * torch.from_numpy(g)).sum() for t, g in zip((t_out, t_h, t_c), gs)).backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-4, atol=1e-5)
    if with_state:
        np.testing.assert_allclose(mh.grad, th.grad.numpy(), rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(mc.grad, tc.grad.numpy(), rtol=1e-4, atol=1e-5)
    for (name, p), (t_name, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert name == t_name
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-4, atol=1e-5, err_msg=name)


def _reference(gx, h0, c0, w_hh, w_hr, b_hh, reverse):
    """The projected LSTM recurrence, step by step in NumPy."""
    hidden = w_hr.shape[1]
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    h, c, outs = h0, c0, [None] * len(gx)
    for t in (range(len(gx) - 1, -1, -1) if reverse else range(len(gx))):
        pre = gx[t] + h @ w_hh.T + b_hh
        i, f, g, o = sig(pre[:, :hidden]), sig(pre[:, hidden:2 * hidden]), np.tanh(pre[:, 2 * hidden:3 * hidden]), \
            sig(pre[:, 3 * hidden:])
        c = f * c + i * g
        h = (o * np.tanh(c)) @ w_hr.T
        outs[t] = np.concatenate([h, c], axis=1)
    return np.stack(outs)


@settings(max_examples=20, deadline=None)
@given(length=st.integers(1, 3), n=st.integers(1, 2), hidden=st.integers(2, 3), data=st.data(),
       reverse=st.booleans(), copied=st.booleans(), seed=st.integers(0, 999))
def test_projected_recurrence_by_central_differences(length, n, hidden, data, reverse, copied, seed):
    """(``copied``: the weight W_hh copied into gate blocks, as for sequences of at least _COPY_WEIGHTS_FROM
    steps, or not.)"""
    proj = data.draw(st.integers(1, hidden - 1))
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(size=s) for s in ((length, n, 4 * hidden), (n, proj), (n, hidden), (4 * hidden, proj),
                                            (proj, hidden), (4 * hidden,))]
    with mock.patch.object(recurrent, "_COPY_WEIGHTS_FROM", 1 if copied else 10**9):
        check_op(lambda *a: lstm_projected_recurrence(*a, reverse=reverse),
                 lambda *a: _reference(*a, reverse), *arrays, atol=1e-6, rtol=1e-5)


def test_projection_errors_match_torch():
    for lib in (nn, torch.nn):
        with pytest.raises(ValueError, match="proj_size has to be smaller than hidden_size"):
            lib.LSTM(3, 4, proj_size=4)
        with pytest.raises(ValueError, match="proj_size should be a positive integer or zero"):
            lib.LSTM(3, 4, proj_size=-2)
    with pytest.raises(TypeError, match="LSTM: proj_size must be an int"):
        nn.LSTM(3, 4, proj_size=1.5)
    lstm = nn.LSTM(3, 4, proj_size=2)
    with pytest.raises(ValueError, match=r"LSTM: Expected hidden size \(1, 5, 2\), got \(1, 5, 4\)"):
        lstm(np.ones((2, 5, 3), dtype=np.float32), (np.zeros((1, 5, 4)), np.zeros((1, 5, 4))))
    with pytest.raises(ValueError, match=r"LSTM: Expected cell size \(1, 5, 4\), got \(1, 5, 2\)"):
        lstm(np.ones((2, 5, 3), dtype=np.float32), (np.zeros((1, 5, 2)), np.zeros((1, 5, 2))))
    with pytest.raises(ValueError, match="lstm_projected_recurrence: expected gates_x"):
        lstm_projected_recurrence(np.ones((2, 1, 8)), np.ones((1, 1)), np.ones((1, 2)), np.ones((8, 1)),
                                  np.ones((2, 2)))


def test_projected_lstm_trains():
    """A projected LSTM that learns to output the running sum's sign (float32 throughout)."""
    rng = np.random.default_rng(0)
    lstm, head = nn.LSTM(1, 8, proj_size=3, generator=rng), nn.Linear(3, 1, generator=rng)
    params = list(lstm.parameters()) + list(head.parameters())
    x = rng.normal(size=(6, 32, 1)).astype(np.float32)
    y = (np.cumsum(x, axis=0) > 0).astype(np.float32)
    first = None
    for _ in range(150):
        out, _ = lstm(x)
        loss = nn.functional.binary_cross_entropy_with_logits(head(out), y)
        first = loss.item() if first is None else first
        loss.backward()
        for p in params:
            assert p.grad.dtype == np.float32
            p.data -= 0.5 * p.grad
            p.null_grad()
    assert loss.item() < 0.5 * first
