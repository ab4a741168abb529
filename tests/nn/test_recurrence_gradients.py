"""The LSTM, GRU and Elman recurrences (``lstm_recurrence``, ``gru_recurrence``, ``rnn_recurrence``) against
step-by-step NumPy references and float64 central differences, through both ways of forming ``h W_k^T`` (the
weight copied into gate blocks for long sequences, or not); saturated gates; float32 stays float32; the op
leaves its inputs alone. (``lstm_projected_recurrence`` has its own in ``test_lstm_projection.py``.)
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad.nn import functional as F
from mygrad.nn.functional import recurrent
from tests.gradcheck import check_op


def weights_copied(copied: bool):
    """A context in which recurrences copy their weight into gate blocks at every length (or at none)."""
    return mock.patch.object(recurrent, "_COPY_WEIGHTS_FROM", 1 if copied else 10**9)


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def _steps(length, reverse):
    return range(length - 1, -1, -1) if reverse else range(length)


def _numpy_lstm(gates_x, h0, c0, w_hh, b_hh=None, reverse=False):
    """PyTorch's LSTM recurrence typed out step by step: (2, L, N, H), h then c."""
    hidden = w_hh.shape[1]
    b_hh = np.zeros(4 * hidden) if b_hh is None else b_hh
    out = np.empty((2,) + gates_x.shape[:2] + (hidden,))
    h, c = h0, c0
    for t in _steps(len(gates_x), reverse):
        pre = gates_x[t] + h @ w_hh.T + b_hh
        i, f, o = (_sigmoid(pre[:, k * hidden:(k + 1) * hidden]) for k in (0, 1, 3))
        g = np.tanh(pre[:, 2 * hidden:3 * hidden])
        c = out[1, t] = f * c + i * g
        h = out[0, t] = o * np.tanh(c)
    return out


def _numpy_rnn(gates_x, h0, w_hh, b_hh=None, nonlinearity="tanh", reverse=False):
    act = np.tanh if nonlinearity == "tanh" else (lambda a: np.maximum(a, 0))
    out = np.empty(gates_x.shape)
    h = h0
    for t in _steps(len(gates_x), reverse):
        h = out[t] = act(gates_x[t] + h @ w_hh.T + (0 if b_hh is None else b_hh))
    return out


def _draw(rng, shapes, scale=1.0):
    return [scale * rng.normal(size=s) for s in shapes]


def _numpy_gru(gates_x, h0, w_hh, b_hh=None, reverse=False):
    """PyTorch's GRU recurrence typed out step by step (gates r, z, n)."""
    hidden = w_hh.shape[1]
    b_hh = np.zeros(3 * hidden) if b_hh is None else b_hh
    out = np.empty(gates_x.shape[:2] + (hidden,))
    h = h0
    for t in _steps(len(gates_x), reverse):
        gh = h @ w_hh.T + b_hh
        r, z = (_sigmoid(gates_x[t, :, k * hidden:(k + 1) * hidden] + gh[:, k * hidden:(k + 1) * hidden])
                for k in (0, 1))
        n = np.tanh(gates_x[t, :, 2 * hidden:] + r * gh[:, 2 * hidden:])
        h = out[t] = (1 - z) * n + z * h
    return out


@settings(max_examples=30, deadline=None)
@given(length=st.integers(1, 4), batch=st.integers(0, 2), hidden=st.integers(1, 3), reverse=st.booleans(),
       bias=st.booleans(), copied=st.booleans(), seed=st.integers(0, 9999))
def test_lstm_recurrence_matches_numpy_and_central_differences(length, batch, hidden, reverse, bias, copied, seed):
    shapes = [(length, batch, 4 * hidden), (batch, hidden), (batch, hidden), (4 * hidden, hidden)]
    inputs = _draw(np.random.default_rng(seed), shapes + ([(4 * hidden,)] if bias else []))
    with weights_copied(copied):
        check_op(lambda *a: F.lstm_recurrence(*a, reverse=reverse), lambda *a: _numpy_lstm(*a, reverse=reverse),
                 *inputs, atol=1e-6, rtol=1e-5)


@settings(max_examples=30, deadline=None)
@given(length=st.integers(1, 4), batch=st.integers(0, 2), hidden=st.integers(1, 3), reverse=st.booleans(),
       bias=st.booleans(), copied=st.booleans(), seed=st.integers(0, 9999))
def test_gru_recurrence_matches_numpy_and_central_differences(length, batch, hidden, reverse, bias, copied, seed):
    shapes = [(length, batch, 3 * hidden), (batch, hidden), (3 * hidden, hidden)]
    inputs = _draw(np.random.default_rng(seed), shapes + ([(3 * hidden,)] if bias else []))
    with weights_copied(copied):
        check_op(lambda *a: F.gru_recurrence(*a, reverse=reverse), lambda *a: _numpy_gru(*a, reverse=reverse),
                 *inputs, atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("recurrence, reference, gates", [(F.lstm_recurrence, _numpy_lstm, 4),
                                                          (F.gru_recurrence, _numpy_gru, 3)])
def test_a_long_sequence_copies_the_weight_and_matches_numpy(recurrence, reference, gates, reverse):
    length = recurrent._COPY_WEIGHTS_FROM + 1
    shapes = [(length, 2, gates * 2), (2, 2)] + [(2, 2)] * (gates == 4) + [(gates * 2, 2), (gates * 2,)]
    inputs = _draw(np.random.default_rng(length), shapes, scale=0.5)
    check_op(lambda *a: recurrence(*a, reverse=reverse), lambda *a: reference(*a, reverse=reverse), *inputs,
             atol=1e-6, rtol=1e-5)


@settings(max_examples=25, deadline=None)
@given(length=st.integers(1, 4), batch=st.integers(0, 2), hidden=st.integers(1, 3), reverse=st.booleans(),
       bias=st.booleans(), nonlinearity=st.sampled_from(["tanh", "relu"]), seed=st.integers(0, 9999))
def test_rnn_recurrence_matches_numpy_and_central_differences(length, batch, hidden, reverse, bias, nonlinearity,
                                                               seed):
    shapes = [(length, batch, hidden), (batch, hidden), (hidden, hidden)] + ([(hidden,)] if bias else [])
    inputs = _draw(np.random.default_rng(seed), shapes)
    if nonlinearity == "relu":  # keep pre-activations away from relu's kink, where differences are one-sided
        inputs[0] += np.sign(inputs[0]) * 5
    check_op(lambda *a: F.rnn_recurrence(*a, nonlinearity=nonlinearity, reverse=reverse),
             lambda *a: _numpy_rnn(*a, nonlinearity=nonlinearity, reverse=reverse), *inputs, atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_saturated_lstm_gates_are_exact_limits_without_warnings(dtype):
    """Pre-activations of +-1000: sigmoid's exp(-x) overflows; the gates are exactly 0 or 1, gradients finite."""
    hidden = 2
    gates_x = np.array([[[-1000, -1000, 1000, 1000, 1000, -1000, 1000, -1000]]], dtype=dtype).repeat(3, axis=0)
    gx = mg.tensor(gates_x)
    with np.errstate(all="raise", under="ignore"):  # (underflow is silent by default)
        out = F.lstm_recurrence(gx, np.zeros((1, hidden), dtype), np.ones((1, hidden), dtype),
                                np.zeros((4 * hidden, hidden), dtype))
        out.sum().backward()
    # i = (0, 0), f = (1, 1), g = (1, -1), o = (1, 0): c_t = c_0 = (1, 1) at every step, h_t = (tanh(1), 0)
    np.testing.assert_array_equal(out.data[1], np.ones((3, 1, hidden), dtype))
    np.testing.assert_allclose(out.data[0, :, 0, 0], np.tanh(np.float64(1.0)), rtol=1e-6)
    assert out.data[0, :, 0, 1].tolist() == [0.0] * 3
    assert out.dtype == dtype and gx.grad.dtype == dtype and np.isfinite(gx.grad).all()


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("recurrence, gates", [(F.lstm_recurrence, 4), (F.rnn_recurrence, 1),
                                               (F.gru_recurrence, 3)])
def test_float32_stays_float32_and_inputs_are_untouched(recurrence, gates, reverse):
    rng = np.random.default_rng(0)
    length, batch, hidden = 5, 3, 4
    arrays = [rng.normal(size=s).astype(np.float32) for s in
              ((length, batch, gates * hidden), (batch, hidden), (gates * hidden, hidden), (gates * hidden,))]
    states = [arrays[1], arrays[1] + 1] if gates == 4 else [arrays[1]]
    tensors = [mg.tensor(a) for a in [arrays[0], *states, arrays[2], arrays[3]]]
    copies = [t.data.copy() for t in tensors]
    out = recurrence(*tensors, reverse=reverse)
    (out * rng.normal(size=out.shape).astype(np.float32)).sum().backward()
    assert out.dtype == np.float32
    for t, before in zip(tensors, copies):
        assert t.grad.dtype == np.float32 and t.grad.shape == t.shape
        np.testing.assert_array_equal(t.data, before)


@pytest.mark.parametrize("guarded", [True, False])
@pytest.mark.parametrize("recurrence, gates", [(F.lstm_recurrence, 4), (F.gru_recurrence, 3), (F.rnn_recurrence, 1)])
def test_writing_into_the_output_leaves_the_gradients_alone(recurrence, gates, guarded):
    """Backward reads the states before each step from the op's output: a later in-place write to the output
    tensor must not reach them (the gradients are those of the untouched elements)."""
    rng = np.random.default_rng(1)
    length, batch, hidden = 4, 2, 3
    arrays = [rng.normal(size=(length, batch, gates * hidden)), rng.normal(size=(batch, hidden))]
    arrays += [rng.normal(size=(batch, hidden))] * (gates == 4) + [rng.normal(size=(gates * hidden, hidden))]
    upstream = rng.normal(size=recurrence(*arrays).shape)
    untouched = np.ones(upstream.shape)
    untouched[..., 1, :] = 0  # every step's second sample
    grads = []
    for write, up in ((True, upstream), (False, upstream * untouched)):
        tensors = [mg.tensor(a) for a in arrays]
        with (mg.mem_guard_on if guarded else mg.mem_guard_off):
            out = recurrence(*tensors)
            if write:
                out[..., 1, :] = 7.0
            (out * up).sum().backward()
        grads.append([t.grad for t in tensors])
    for written, masked in zip(*grads):
        np.testing.assert_allclose(written, masked, rtol=1e-12, atol=1e-12)
