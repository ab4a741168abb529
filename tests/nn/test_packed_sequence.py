"""Packed sequences (``mygrad.nn.utils.rnn``) and the recurrent layers over them, against PyTorch where installed.

The utilities: packing layouts, round trips, gradients and PyTorch's errors. The layers: RNN, LSTM and GRU on
random lengths (batch_first both ways, enforce_sorted both ways, 1-2 layers, bidirectional, with or without
initial states) in float64 against torch with identical weights, outputs and every gradient; a packed run
against each sequence run alone (no torch needed); a central-difference gradient check of a packed LSTM.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn.utils.rnn import (PackedSequence, pack_padded_sequence, pack_sequence, pad_packed_sequence,
                                 pad_sequence, unpack_sequence)

try:
    import torch
    from torch.nn.utils import rnn as trnn
except ImportError:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch is not installed")
LAYERS = ("RNN", "LSTM", "GRU")

lengths_strategy = st.lists(st.integers(1, 6), min_size=1, max_size=5)


def _padded(rng, lengths, features=3, batch_first=False, extra=0):
    x = rng.normal(size=(len(lengths), max(lengths) + extra, features))
    return x if batch_first else np.ascontiguousarray(x.transpose(1, 0, 2))


# ---------------------------------------------------------------- the utilities


@needs_torch
@settings(max_examples=40, deadline=None)
@given(lengths=lengths_strategy, batch_first=st.booleans(), extra=st.integers(0, 2), seed=st.integers(0, 99))
def test_pack_padded_matches_torch(lengths, batch_first, extra, seed):
    rng = np.random.default_rng(seed)
    x = _padded(rng, lengths, batch_first=batch_first, extra=extra)
    for enforce_sorted in (False, True):
        given_lengths = sorted(lengths, reverse=True) if enforce_sorted else lengths
        ours = pack_padded_sequence(mg.tensor(x), given_lengths, batch_first=batch_first,
                                    enforce_sorted=enforce_sorted)
        theirs = trnn.pack_padded_sequence(torch.from_numpy(x), given_lengths, batch_first=batch_first,
                                           enforce_sorted=enforce_sorted)
        assert isinstance(ours, PackedSequence)
        np.testing.assert_array_equal(ours.data.data, theirs.data.numpy())
        np.testing.assert_array_equal(ours.batch_sizes, theirs.batch_sizes.numpy())
        for mine, torch_indices in ((ours.sorted_indices, theirs.sorted_indices),
                                    (ours.unsorted_indices, theirs.unsorted_indices)):
            if torch_indices is None:
                assert mine is None
            else:
                np.testing.assert_array_equal(mine, torch_indices.numpy())
        total = max(given_lengths) + extra
        padded, out_lengths = pad_packed_sequence(ours, batch_first=batch_first, padding_value=-2.5,
                                                  total_length=total)
        t_padded, t_lengths = trnn.pad_packed_sequence(theirs, batch_first=batch_first, padding_value=-2.5,
                                                       total_length=total)
        np.testing.assert_array_equal(padded.data, t_padded.numpy())
        np.testing.assert_array_equal(out_lengths, t_lengths.numpy())
        assert out_lengths.dtype == np.int64


@settings(max_examples=40, deadline=None)
@given(lengths=lengths_strategy, batch_first=st.booleans(), seed=st.integers(0, 99))
def test_round_trips_and_gradients(lengths, batch_first, seed):
    rng = np.random.default_rng(seed)
    sequences = [mg.tensor(rng.normal(size=(n, 2))) for n in lengths]
    packed = pack_sequence(sequences, enforce_sorted=False)
    assert packed.data.shape == (sum(lengths), 2)
    for original, back in zip(sequences, unpack_sequence(packed)):
        np.testing.assert_array_equal(back.data, original.data)
    padded, out_lengths = pad_packed_sequence(packed, batch_first=batch_first)
    assert out_lengths.tolist() == lengths
    np.testing.assert_array_equal(padded.data, pad_sequence(sequences, batch_first=batch_first).data)
    # packing then padding is the identity on the valid steps and zero on the padding, gradients included
    weights = rng.normal(size=padded.shape)
    (padded * weights).sum().backward()
    for i, s in enumerate(sequences):
        want = weights[i, : lengths[i]] if batch_first else weights[: lengths[i], i]
        np.testing.assert_array_equal(s.grad, want)
    again = pack_padded_sequence(padded.data, out_lengths, batch_first=batch_first, enforce_sorted=False)
    np.testing.assert_array_equal(again.data.data, packed.data.data)


def test_pack_padded_gradient_skips_padding_and_keeps_float32():
    x = mg.tensor(np.arange(12, dtype=np.float32).reshape(4, 3))  # (L=4, B=3)
    packed = pack_padded_sequence(x, [2, 4, 1], enforce_sorted=False)
    assert packed.data.dtype == np.float32
    assert packed.batch_sizes.tolist() == [3, 2, 1, 1]
    assert packed.sorted_indices.tolist() == [1, 0, 2] and packed.unsorted_indices.tolist() == [1, 0, 2]
    assert packed.data.data.tolist() == [1, 0, 2, 4, 3, 7, 10]
    packed.data.sum().backward()
    assert x.grad.tolist() == [[1, 1, 1], [1, 1, 0], [0, 1, 0], [0, 1, 0]]
    padded, _ = pad_packed_sequence(packed, padding_value=9)
    assert padded.dtype == np.float32


def test_packed_sequence_fields():
    packed = PackedSequence(np.arange(3.0), [2, 1], [1, 0])
    assert packed._fields == ("data", "batch_sizes", "sorted_indices", "unsorted_indices")
    data, batch_sizes, sorted_indices, unsorted_indices = packed
    assert isinstance(data, mg.Tensor) and batch_sizes.tolist() == [2, 1] and unsorted_indices.tolist() == [1, 0]
    assert PackedSequence(np.arange(3.0), np.array([2, 1])).sorted_indices is None


@pytest.mark.parametrize("lengths, error, match", [
    ([2, 3, 1], RuntimeError, r"pack_padded_sequence: `lengths` array must be sorted in decreasing order when "
                              r"`enforce_sorted` is True"),
    ([3, 0, 1], RuntimeError, r"pack_padded_sequence: Length of all samples has to be greater than 0"),
    ([5, 3, 1], ValueError, r"pack_padded_sequence: lengths must be at most the input's sequence length 4"),
    ([3, 2], RuntimeError, r"pack_padded_sequence: Expected `len\(lengths\)` to be equal to batch_size, but got 2 "
                           r"\(batch_size=3\)"),
    ([[3], [2], [1]], RuntimeError, r"pack_padded_sequence: 'lengths' argument should be a 1D"),
    ([3.5, 2, 1], TypeError, r"pack_padded_sequence: lengths must hold integers"),
])
def test_pack_padded_errors(lengths, error, match):
    with pytest.raises(error, match=match):
        pack_padded_sequence(np.zeros((4, 3, 2)), lengths)


def test_zero_length_is_refused_also_unsorted():
    with pytest.raises(RuntimeError, match="greater than 0"):
        pack_padded_sequence(np.zeros((4, 3, 2)), [3, 0, 1], enforce_sorted=False)
    with pytest.raises(RuntimeError, match="pack_sequence: Length of all samples"):
        pack_sequence([np.zeros((2, 1)), np.zeros((0, 1))], enforce_sorted=False)


def test_other_errors():
    with pytest.raises(RuntimeError, match="pack_sequence: received an empty list"):
        pack_sequence([])
    packed = pack_sequence([np.ones(3), np.ones(2)])
    with pytest.raises(ValueError, match="pad_packed_sequence: Expected total_length to be at least the length of "
                                         "the longest sequence in input, but got total_length=2 and max sequence "
                                         "length being 3"):
        pad_packed_sequence(packed, total_length=2)
    with pytest.raises(TypeError, match="pad_packed_sequence: sequence must be a PackedSequence"):
        pad_packed_sequence(np.ones((3, 2)))
    with pytest.raises(ValueError, match="pack_padded_sequence: input must have shape"):
        pack_padded_sequence(np.ones(3), [3])
    with pytest.raises(ValueError, match="PackedSequence: batch_sizes must be a non-empty, non-increasing"):
        PackedSequence(np.ones(3), [1, 2])
    with pytest.raises(ValueError, match="PackedSequence: data must have sum\\(batch_sizes\\) = 3 rows"):
        PackedSequence(np.ones(4), [2, 1])
    with pytest.raises(ValueError, match="PackedSequence: sorted_indices must be a permutation of range\\(2\\)"):
        PackedSequence(np.ones(3), [2, 1], [0, 0])
    with pytest.raises(ValueError, match="PackedSequence: unsorted_indices must be the inverse permutation"):
        PackedSequence(np.ones(3), [2, 1], [1, 0], [0, 1])


# ---------------------------------------------------------------- the layers


def _layer_pair(kind, input_size, hidden, num_layers, bidirectional, batch_first, proj_size=0):
    kwargs = dict(num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first)
    if proj_size:
        kwargs["proj_size"] = proj_size
    theirs = getattr(torch.nn, kind)(input_size, hidden, **kwargs).double()
    ours = getattr(nn, kind)(input_size, hidden, dtype=np.float64, **kwargs)
    ours.load_state_dict({k: v.detach().numpy().copy() for k, v in theirs.state_dict().items()})
    return ours, theirs


def _close(got, want, what):
    np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-9, atol=1e-11, err_msg=what)


@needs_torch
@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(LAYERS), lengths=lengths_strategy, num_layers=st.integers(1, 2),
       bidirectional=st.booleans(), batch_first=st.booleans(), enforce_sorted=st.booleans(),
       with_states=st.booleans(), seed=st.integers(0, 999))
def test_layers_on_packed_input_match_torch(kind, lengths, num_layers, bidirectional, batch_first, enforce_sorted,
                                            with_states, seed):
    rng = np.random.default_rng(seed)
    if enforce_sorted:
        lengths = sorted(lengths, reverse=True)
    input_size, hidden = 3, 4
    ours, theirs = _layer_pair(kind, input_size, hidden, num_layers, bidirectional, batch_first)
    x = _padded(rng, lengths, input_size, batch_first)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    state_shape = ((2 if bidirectional else 1) * num_layers, len(lengths), hidden)
    states = [rng.normal(size=state_shape) for _ in range(2 if kind == "LSTM" else 1)] if with_states else []
    m_states = [mg.tensor(s) for s in states]
    t_states = [torch.from_numpy(s.copy()).requires_grad_(True) for s in states]
    m_hx = (tuple(m_states) if kind == "LSTM" else m_states[0]) if states else None
    t_hx = (tuple(t_states) if kind == "LSTM" else t_states[0]) if states else None

    m_out, m_final = ours(pack_padded_sequence(mx, lengths, batch_first, enforce_sorted), m_hx)
    t_out, t_final = theirs(trnn.pack_padded_sequence(tx, lengths, batch_first, enforce_sorted), t_hx)
    assert isinstance(m_out, PackedSequence)
    np.testing.assert_array_equal(m_out.batch_sizes, t_out.batch_sizes.numpy())
    if t_out.sorted_indices is None:
        assert m_out.sorted_indices is None and m_out.unsorted_indices is None
    else:
        np.testing.assert_array_equal(m_out.sorted_indices, t_out.sorted_indices.numpy())
        np.testing.assert_array_equal(m_out.unsorted_indices, t_out.unsorted_indices.numpy())
    m_finals = list(m_final) if kind == "LSTM" else [m_final]
    t_finals = list(t_final) if kind == "LSTM" else [t_final]
    _close(m_out.data.data, t_out.data, "packed output")
    m_total, t_total = 0, 0
    for i, (m, t) in enumerate(zip([m_out.data] + m_finals, [t_out.data] + t_finals)):
        assert m.shape == tuple(t.shape)
        _close(m.data, t, f"output {i}")
        g = rng.normal(size=m.shape)
        m_total = m_total + (m * g).sum()
        t_total = t_total + (t * torch.from_numpy(g.copy())).sum()
    m_total.backward()
    t_total.backward()
    _close(mx.grad, tx.grad, "input gradient")
    for i, (m, t) in enumerate(zip(m_states, t_states)):
        _close(m.grad, t.grad, f"initial state {i} gradient")
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        _close(p.grad, tp.grad, f"{name} gradient")


@needs_torch
def test_projected_lstm_on_packed_input_matches_torch():
    rng = np.random.default_rng(5)
    ours, theirs = _layer_pair("LSTM", 3, 5, 2, True, True, proj_size=2)
    lengths = [2, 5, 1, 4]
    x = _padded(rng, lengths, 3, batch_first=True)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    m_out, (m_h, m_c) = ours(pack_padded_sequence(mx, lengths, True, False))
    t_out, (t_h, t_c) = theirs(trnn.pack_padded_sequence(tx, lengths, True, False))
    for m, t, what in ((m_out.data, t_out.data, "output"), (m_h, t_h, "h_n"), (m_c, t_c, "c_n")):
        _close(m.data, t, what)
    ((m_out.data ** 2).sum() + (m_h * m_c[..., :2]).sum()).backward()
    ((t_out.data ** 2).sum() + (t_h * t_c[..., :2]).sum()).backward()
    _close(mx.grad, tx.grad, "input gradient")
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        _close(p.grad, tp.grad, f"{name} gradient")


@pytest.mark.parametrize("kind", LAYERS)
def test_packed_run_equals_each_sequence_alone(kind):
    """No torch needed: each sequence's outputs and final states are those of running it alone, unpadded."""
    rng = np.random.default_rng(0)
    layer = getattr(nn, kind)(2, 3, num_layers=2, bidirectional=True, dtype=np.float64,
                              generator=np.random.default_rng(1))
    sequences = [rng.normal(size=(n, 2)) for n in (3, 5, 1)]
    out, final = layer(pack_sequence(sequences, enforce_sorted=False))
    finals = final if kind == "LSTM" else (final,)
    for i, (sequence, got) in enumerate(zip(sequences, unpack_sequence(out))):
        alone_out, alone_final = layer(sequence[:, None])
        np.testing.assert_allclose(got.data, alone_out.data[:, 0], rtol=1e-12, atol=1e-12)
        for f, alone in zip(finals, alone_final if kind == "LSTM" else (alone_final,)):
            np.testing.assert_allclose(f.data[:, i], alone.data[:, 0], rtol=1e-12, atol=1e-12)


def test_float32_stays_float32():
    lstm = nn.LSTM(2, 3, bidirectional=True)
    out, (h_n, c_n) = lstm(pack_sequence([np.ones((3, 2), np.float32), np.ones((2, 2), np.float32)]))
    assert out.data.dtype == h_n.dtype == c_n.dtype == np.float32
    padded, lengths = pad_packed_sequence(out, batch_first=True)
    assert padded.shape == (2, 3, 6) and padded.dtype == np.float32 and lengths.tolist() == [3, 2]
    assert np.all(padded.data[1, 2] == 0)


def test_layer_errors_on_packed_input():
    gru = nn.GRU(2, 3)
    with pytest.raises(ValueError, match=r"GRU: a PackedSequence input's data must have shape \(total steps, "
                                         r"input_size=2\); got \(5, 4\)"):
        gru(pack_sequence([np.ones((3, 4)), np.ones((2, 4))]))
    packed = pack_sequence([np.ones((3, 2)), np.ones((2, 2))])
    with pytest.raises(ValueError, match=r"GRU: Expected hidden size \(1, 2, 3\), got \(1, 3, 3\)"):
        gru(packed, np.zeros((1, 3, 3)))
    with pytest.raises(ValueError, match=r"LSTM: Expected cell size \(1, 2, 3\)"):
        nn.LSTM(2, 3)(packed, (np.zeros((1, 2, 3)), np.zeros((1, 1, 3))))
    with pytest.raises(TypeError, match="LSTM: hx must be a tuple"):
        nn.LSTM(2, 3)(packed, np.zeros((1, 2, 3)))


def test_packed_lstm_central_difference_gradient():
    """dL/d(input, h0, c0, weights) of a small bidirectional packed LSTM against central differences."""
    rng = np.random.default_rng(3)
    lstm = nn.LSTM(2, 2, bidirectional=True, dtype=np.float64, generator=np.random.default_rng(4))
    lengths = [1, 3, 2]
    x0 = rng.normal(size=(3, 3, 2))
    h00, c00 = rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 3, 2))
    w_out, w_h, w_c = rng.normal(size=(6, 4)), rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 3, 2))

    def loss(x, h0, c0):
        out, (h_n, c_n) = lstm(pack_padded_sequence(x, lengths, enforce_sorted=False), (h0, c0))
        return (out.data * w_out).sum() + (h_n * w_h).sum() + (c_n * w_c).sum()

    x, h0, c0 = mg.tensor(x0), mg.tensor(h00), mg.tensor(c00)
    loss(x, h0, c0).backward()
    eps = 1e-6
    with mg.no_autodiff:
        for tensor_, base, args in ((x, x0, lambda a: (a, h00, c00)), (h0, h00, lambda a: (x0, a, c00)),
                                    (c0, c00, lambda a: (x0, h00, a))):
            numeric = np.zeros_like(base)
            for index in np.ndindex(base.shape):
                plus, minus = base.copy(), base.copy()
                plus[index] += eps
                minus[index] -= eps
                numeric[index] = (float(loss(*args(plus))) - float(loss(*args(minus)))) / (2 * eps)
            np.testing.assert_allclose(tensor_.grad, numeric, rtol=1e-6, atol=1e-8)
        weight = lstm.weight_hh_l0_reverse
        analytic = weight.grad.copy()
        numeric = np.zeros_like(analytic)
        for index in np.ndindex(analytic.shape):
            saved = weight.data[index]
            weight.data[index] = saved + eps
            up = float(loss(x0, h00, c00))
            weight.data[index] = saved - eps
            down = float(loss(x0, h00, c00))
            weight.data[index] = saved
            numeric[index] = (up - down) / (2 * eps)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    # padded positions get no gradient: x0's steps past each length do not change the loss
    assert np.all(x.grad[1:, 0] == 0) and np.all(x.grad[2:, 2] == 0)


def test_packed_sequence_casts_and_device():
    x = mg.tensor(np.arange(3.0))
    packed = PackedSequence(x, [2, 1], [1, 0])
    assert packed.cpu() is packed and packed.to("cpu") is packed and packed.double() is packed
    assert not packed.is_cuda and not packed.is_pinned()
    single = packed.float()
    assert isinstance(single, PackedSequence) and single.data.dtype == np.float32
    assert single.sorted_indices.tolist() == [1, 0] and single.unsorted_indices.tolist() == [1, 0]
    (single.data * np.float32(2)).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    with pytest.raises(ValueError, match="PackedSequence.to"):
        packed.to("cuda")


def test_dropout_between_layers_on_packed_input():
    gru = nn.GRU(2, 3, num_layers=2, dropout=0.5, dtype=np.float64, generator=np.random.default_rng(0))
    packed = pack_sequence([np.ones((4, 2)), np.ones((2, 2))])
    gru.eval()
    first, h_first = gru(packed)
    second, _ = gru(packed)
    np.testing.assert_array_equal(first.data.data, second.data.data)  # no dropout in evaluation
    gru.train()
    trained, h_trained = gru(packed)
    assert trained.data.shape == first.data.shape and not np.allclose(trained.data.data, first.data.data)
    np.testing.assert_array_equal(h_trained.data[0], h_first.data[0])  # the first layer is before any dropout


@pytest.mark.parametrize("call, error, name", [
    (lambda: PackedSequence([[1.0], [2.0, 3.0]], [2]), ValueError, "PackedSequence: data"),
    (lambda: PackedSequence(np.ones(3), [[1], [2, 3]]), ValueError, "PackedSequence: batch_sizes"),
    (lambda: pack_padded_sequence("text", [1]), TypeError, "pack_padded_sequence"),
    (lambda: pack_padded_sequence(np.ones((2, 2)), [[1], [1, 2]]), ValueError, "pack_padded_sequence: lengths"),
    (lambda: pack_padded_sequence(np.ones((2, 2)), [2, 1], batch_first=np.ones(3)), ValueError,
     "pack_padded_sequence"),
    (lambda: pad_packed_sequence(pack_sequence([np.ones(2)]), padding_value="a"), ValueError, "pad_packed_sequence"),
    (lambda: pack_sequence(5.0), TypeError, "pack_sequence"),
    (lambda: unpack_sequence(np.ones(3)), TypeError, "unpack_sequence: packed_sequences must be a PackedSequence"),
])
def test_refusals_name_the_function(call, error, name):
    with pytest.raises(error, match=name):
        call()
