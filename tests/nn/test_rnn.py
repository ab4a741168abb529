"""RNN, LSTM and the cells (RNNCell, LSTMCell, GRUCell) against PyTorch: outputs, final states, every gradient.

Each case builds the torch module, loads its ``state_dict`` into ours (the
keys must be PyTorch's), runs both on the same input and initial states and
back-propagates the same random upstream gradient through every output.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn

torch = pytest.importorskip("torch")

RTOL, ATOL = 1e-4, 1e-5


def load_from_torch(ours: nn.Module, theirs) -> None:
    assert [k for k, _ in ours.named_parameters()] == [k for k, _ in theirs.named_parameters()]
    ours.load_state_dict({k: v.detach().numpy().copy() for k, v in theirs.state_dict().items()})


def close(got, want, what):
    np.testing.assert_allclose(got, want.detach().numpy() if hasattr(want, "detach") else want,
                               rtol=RTOL, atol=ATOL, err_msg=what)


def compare(ours, theirs, x, states, rng):
    """Run both on ``x`` and ``states`` (list of arrays), back-propagate, compare outputs and gradients."""
    mx = mg.tensor(x)
    ms = [mg.tensor(s) for s in states]
    tx = torch.from_numpy(x).requires_grad_(True)
    ts = [torch.from_numpy(s).requires_grad_(True) for s in states]
    if isinstance(theirs, (torch.nn.LSTM, torch.nn.LSTMCell)):
        m_args, t_args = (ms[0], ms[1]) if ms else None, (ts[0], ts[1]) if ts else None
    else:
        m_args, t_args = (ms[0] if ms else None), (ts[0] if ts else None)
    m_out, t_out = ours(mx, m_args), theirs(tx, t_args)
    flat = lambda o: [a for b in o for a in (b if isinstance(b, tuple) else (b,))] if isinstance(o, tuple) else [o]
    m_flat, t_flat = flat(m_out), flat(t_out)
    assert len(m_flat) == len(t_flat)
    total_m, total_t = 0, 0
    for i, (m, t) in enumerate(zip(m_flat, t_flat)):
        assert m.shape == tuple(t.shape), (i, m.shape, t.shape)
        assert m.dtype == np.float32
        close(m.data, t, f"output {i}")
        g = rng.normal(size=m.shape).astype(np.float32)
        total_m = total_m + (m * g).sum()
        total_t = total_t + (t * torch.from_numpy(g)).sum()
    total_m.backward()
    total_t.backward()
    close(mx.grad, tx.grad, "input gradient")
    for i, (m, t) in enumerate(zip(ms, ts)):
        close(m.grad, t.grad, f"state {i} gradient")
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert p.grad.dtype == np.float32
        close(p.grad, tp.grad, name)


@settings(max_examples=30, deadline=None)
@given(kind=st.sampled_from(["LSTM", "RNN_tanh", "RNN_relu"]), length=st.integers(1, 5), batch=st.integers(0, 3),
       input_size=st.integers(1, 4), hidden=st.integers(1, 4), num_layers=st.integers(1, 3),
       bias=st.booleans(), batch_first=st.booleans(), bidirectional=st.booleans(), give_state=st.booleans(),
       seed=st.integers(0, 2**16))
def test_sequence_layers_match_torch(kind, length, batch, input_size, hidden, num_layers, bias, batch_first,
                                     bidirectional, give_state, seed):
    """batch 0 means an unbatched (2-D) input."""
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    kwargs = dict(num_layers=num_layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    if kind == "LSTM":
        theirs, ours = torch.nn.LSTM(input_size, hidden, **kwargs), nn.LSTM(input_size, hidden, **kwargs)
    else:
        nl = kind.split("_")[1]
        theirs = torch.nn.RNN(input_size, hidden, nonlinearity=nl, **kwargs)
        ours = nn.RNN(input_size, hidden, nonlinearity=nl, **kwargs)
    assert repr(ours) == repr(theirs)
    load_from_torch(ours, theirs)
    shape = (length, input_size) if batch == 0 else ((batch, length, input_size) if batch_first
                                                     else (length, batch, input_size))
    x = rng.normal(size=shape).astype(np.float32)
    d = (2 if bidirectional else 1) * num_layers
    state_shape = (d, hidden) if batch == 0 else (d, batch, hidden)
    states = [rng.normal(size=state_shape).astype(np.float32) for _ in range(2 if kind == "LSTM" else 1)]
    compare(ours, theirs, x, states if give_state else [], rng)


@settings(max_examples=30, deadline=None)
@given(kind=st.sampled_from(["LSTMCell", "GRUCell", "RNNCell_tanh", "RNNCell_relu"]), batch=st.integers(0, 3),
       input_size=st.integers(1, 4), hidden=st.integers(1, 4), bias=st.booleans(), give_state=st.booleans(),
       seed=st.integers(0, 2**16))
def test_cells_match_torch(kind, batch, input_size, hidden, bias, give_state, seed):
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    name, *nl = kind.split("_")
    extra = dict(nonlinearity=nl[0]) if nl else {}
    theirs = getattr(torch.nn, name)(input_size, hidden, bias=bias, **extra)
    ours = getattr(nn, name)(input_size, hidden, bias=bias, **extra)
    assert repr(ours) == repr(theirs)
    load_from_torch(ours, theirs)
    x = rng.normal(size=(input_size,) if batch == 0 else (batch, input_size)).astype(np.float32)
    state_shape = (hidden,) if batch == 0 else (batch, hidden)
    states = [rng.normal(size=state_shape).astype(np.float32) for _ in range(2 if name == "LSTMCell" else 1)]
    compare(ours, theirs, x, states if give_state else [], rng)


def test_lstm_state_dict_round_trip_and_training_step():
    """Weights saved by torch load into ours and back; a step of SGD on both lands on the same weights."""
    torch.manual_seed(0)
    theirs = torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True)
    ours = nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True)
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    back = {k: torch.from_numpy(np.array(v)) for k, v in ours.state_dict().items()}
    theirs.load_state_dict(back)  # strict: same keys and shapes
    x = np.random.default_rng(1).normal(size=(4, 6, 3)).astype(np.float32)
    out, (h, c) = ours(x)
    t_out, (th, tc) = theirs(torch.from_numpy(x))
    ((out ** 2).mean() + h.sum() + c.sum()).backward()
    ((t_out ** 2).mean() + th.sum() + tc.sum()).backward()
    opt = mg.optim.SGD(ours.parameters(), lr=0.1)
    t_opt = torch.optim.SGD(theirs.parameters(), lr=0.1)
    opt.step()
    t_opt.step()
    for k, v in ours.state_dict().items():
        close(v, theirs.state_dict()[k], k)


def test_long_sequence_gradients_stay_float32_and_finite():
    torch.manual_seed(0)
    theirs, ours = torch.nn.LSTM(2, 3), nn.LSTM(2, 3)
    load_from_torch(ours, theirs)
    x = (np.random.default_rng(0).normal(size=(200, 2, 2)) * 30).astype(np.float32)  # saturating gates
    compare(ours, theirs, x, [], np.random.default_rng(1))


def test_dropout_between_layers_only_in_training():
    lstm = nn.LSTM(2, 3, num_layers=2, dropout=0.5, generator=np.random.default_rng(0))
    x = np.ones((4, 1, 2), dtype=np.float32)
    lstm.eval()
    a, b = lstm(x)[0].data, lstm(x)[0].data
    np.testing.assert_array_equal(a, b)
    lstm.train()
    outs = [lstm(x)[0].data for _ in range(5)]
    assert any(not np.array_equal(outs[0], o) for o in outs[1:])


def test_validation_messages_name_the_argument():
    assert nn.LSTM(3, 4, proj_size=2).weight_hr_l0.shape == (2, 4)  # (projections: tests/nn/test_lstm_projection.py)
    with pytest.raises(ValueError, match="proj_size should be a positive integer or zero"):
        nn.LSTM(3, 4, proj_size=-1)
    with pytest.raises(ValueError, match="proj_size has to be smaller"):
        nn.LSTM(3, 4, proj_size=4)
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(3, 4, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNNCell(3, 4, nonlinearity="gelu")
    with pytest.raises(ValueError, match="dropout"):
        nn.LSTM(3, 4, dropout=1.5)
    with pytest.raises(TypeError, match="hidden_size"):
        nn.LSTM(3, 4.0)
    with pytest.raises(ValueError, match="num_layers"):
        nn.RNN(3, 4, num_layers=0)
    lstm = nn.LSTM(3, 4)
    with pytest.raises(ValueError, match="input_size"):
        lstm(np.zeros((2, 1, 5), dtype=np.float32))
    with pytest.raises(ValueError, match="2D or 3D"):
        lstm(np.zeros((2, 1, 1, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="cell"):
        lstm(np.zeros((2, 1, 3), dtype=np.float32), (np.zeros((1, 1, 4)), np.zeros((1, 2, 4))))
    with pytest.raises(TypeError, match=r"\(h_0, c_0\)"):
        lstm(np.zeros((2, 1, 3), dtype=np.float32), np.zeros((1, 1, 4)))
    with pytest.raises(ValueError, match="1D or 2D"):
        nn.GRUCell(3, 4)(np.zeros((1, 1, 3)))
    with pytest.raises(ValueError, match="hx"):
        nn.GRUCell(3, 4)(np.zeros((2, 3)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="empty"):
        nn.RNN(3, 4)(np.zeros((0, 2, 3), dtype=np.float32))


def test_float64_layers_stay_float64():
    lstm = nn.LSTM(2, 3, dtype=np.float64)
    out, (h, c) = lstm(np.ones((3, 2), dtype=np.float64))
    assert out.dtype == h.dtype == c.dtype == np.float64
