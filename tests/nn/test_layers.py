"""Layers: forward against independent NumPy code, gradients against finite differences, dtypes, modes."""

from __future__ import annotations

import importlib.util
import math
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from tests.gradcheck import numerical_gradients


def gen(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def check_layer_gradients(
    layer: nn.Module, *inputs: np.ndarray, wrt_inputs: bool = True, select: Callable[[Any], Any] = lambda out: out,
    seed: int = 0, atol: float = 1e-5, rtol: float = 1e-4,
) -> None:
    """Compare the gradients of every parameter (and float input) of a float64 layer with finite differences.

    ``L = sum(G * select(layer(*inputs)))`` for a random upstream ``G``.
    """
    layer.double()
    params = list(layer.parameters())
    is_float = [np.asarray(x).dtype.kind == "f" for x in inputs]
    inputs = [np.asarray(x, dtype=np.float64) if f else np.asarray(x) for x, f in zip(inputs, is_float)]
    tensors = [mg.tensor(x) if f and wrt_inputs else x for x, f in zip(inputs, is_float)]
    out = select(layer(*tensors))
    upstream = gen(seed).normal(size=out.shape)
    out.backward(upstream)

    float_positions = [i for i, f in enumerate(is_float) if f and wrt_inputs]

    def forward(*arrays):
        xs = list(inputs)
        for i, a in zip(float_positions, arrays[: len(float_positions)]):
            xs[i] = a
        saved = [p.data for p in params]
        try:
            for p, a in zip(params, arrays[len(float_positions):]):
                p.data = a
            with mg.no_autodiff:
                return np.asarray(select(layer(*xs)).data)
        finally:
            for p, a in zip(params, saved):
                p.data = a

    wrt = [inputs[i] for i in float_positions] + [p.data.copy() for p in params]
    expected = numerical_gradients(forward, wrt, upstream)
    actual = [tensors[i].grad for i in float_positions] + [p.grad for p in params]
    names = [f"input {i}" for i in float_positions] + [name for name, _ in layer.named_parameters()]
    for name, got, want in zip(names, actual, expected):
        assert got is not None, f"{name} got no gradient"
        np.testing.assert_allclose(got, want, atol=atol, rtol=rtol, err_msg=f"gradient of {name}")


# ------------------------------------------------------------------ NumPy references
def reference_conv(x, w, b, stride, pads, dilation, groups):
    """Direct N-d cross-correlation by looping over output positions (independent of the library)."""
    nd = w.ndim - 2
    xp = np.pad(x, [(0, 0), (0, 0)] + list(pads))
    k = w.shape[2:]
    out_shape = [(xp.shape[2 + i] - dilation[i] * (k[i] - 1) - 1) // stride[i] + 1 for i in range(nd)]
    out = np.zeros((x.shape[0], w.shape[0], *out_shape))
    f_per_g, c_per_g = w.shape[0] // groups, w.shape[1]
    for pos in np.ndindex(*out_shape):
        window = tuple(
            slice(pos[i] * stride[i], pos[i] * stride[i] + dilation[i] * (k[i] - 1) + 1, dilation[i]) for i in range(nd)
        )
        for g in range(groups):
            patch = xp[(slice(None), slice(g * c_per_g, (g + 1) * c_per_g)) + window]
            filters = w[g * f_per_g:(g + 1) * f_per_g]
            out[(slice(None), slice(g * f_per_g, (g + 1) * f_per_g)) + pos] = np.tensordot(
                patch, filters, axes=(list(range(1, nd + 2)), list(range(1, nd + 2))))
    if b is not None:
        out += b.reshape((1, -1) + (1,) * nd)
    return out


def reference_gru(x, h0, params, hidden, num_layers, bidirectional):
    """PyTorch's GRU equations on (L, N, F) input, written out in NumPy."""
    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    directions = 2 if bidirectional else 1
    finals = []
    layer_input = x
    for layer in range(num_layers):
        outs = []
        for d in range(directions):
            sfx = f"_l{layer}" + ("_reverse" if d else "")
            w_ih, w_hh = params["weight_ih" + sfx], params["weight_hh" + sfx]
            b_ih, b_hh = params["bias_ih" + sfx], params["bias_hh" + sfx]
            h = h0[layer * directions + d]
            seq = np.zeros(layer_input.shape[:2] + (hidden,))
            steps = range(len(layer_input))[::-1] if d else range(len(layer_input))
            for t in steps:
                gi, gh = layer_input[t] @ w_ih.T + b_ih, h @ w_hh.T + b_hh
                r = sigmoid(gi[:, :hidden] + gh[:, :hidden])
                z = sigmoid(gi[:, hidden:2 * hidden] + gh[:, hidden:2 * hidden])
                n = np.tanh(gi[:, 2 * hidden:] + r * gh[:, 2 * hidden:])
                h = (1 - z) * n + z * h
                seq[t] = h
            outs.append(seq)
            finals.append(h)
        layer_input = np.concatenate(outs, axis=-1)
    return layer_input, np.stack(finals)


# ------------------------------------------------------------------------- Linear
def test_linear_forward_dtype_and_shapes():
    layer = nn.Linear(3, 2, generator=gen())
    x = gen(1).normal(size=(4, 5, 3)).astype(np.float32)
    out = layer(x)
    assert out.dtype == np.float32 and out.shape == (4, 5, 2)
    np.testing.assert_allclose(out.data, x @ layer.weight.data.T + layer.bias.data, rtol=1e-5, atol=1e-6)
    out.sum().backward()
    assert layer.weight.grad.dtype == np.float32
    no_bias = nn.Linear(3, 2, bias=False, generator=gen())
    assert no_bias.bias is None and [n for n, _ in no_bias.named_parameters()] == ["weight"]
    assert nn.Linear(2, 2, dtype=np.float64, generator=gen()).weight.dtype == np.float64
    with pytest.raises(TypeError, match="floating-point"):
        nn.Linear(2, 2, dtype=np.int32)
    with pytest.raises(ValueError, match="CPU only"):
        nn.Linear(2, 2, device="cuda")


def test_linear_gradients():
    check_layer_gradients(nn.Linear(3, 2, generator=gen()), gen(1).normal(size=(4, 3)))


# --------------------------------------------------------------------------- Conv
@settings(max_examples=12)
@given(
    stride=st.integers(1, 2), padding=st.sampled_from([0, 1, "same", "valid", (1, 0)]), dilation=st.integers(1, 2),
    groups=st.sampled_from([1, 2]), bias=st.booleans(), seed=st.integers(0, 100),
)
def test_conv2d_forward_matches_numpy(stride, padding, dilation, groups, bias, seed):
    if padding == "same" and stride != 1:
        with pytest.raises(ValueError, match="strided"):
            nn.Conv2d(2, 4, 3, stride=stride, padding=padding)
        return
    layer = nn.Conv2d(2, 4, (3, 2), stride=stride, padding=padding, dilation=dilation, groups=groups, bias=bias,
                      generator=gen(seed))
    x = gen(seed + 1).normal(size=(2, 2, 6, 5)).astype(np.float32)
    if padding == "same":
        totals = [dilation * 2, dilation * 1]
        pads = [(t // 2, t - t // 2) for t in totals]
    elif padding == "valid":
        pads = [(0, 0), (0, 0)]
    else:
        p = (padding, padding) if isinstance(padding, int) else padding
        pads = [(p[0], p[0]), (p[1], p[1])]
    expected = reference_conv(x.astype(np.float64), layer.weight.data.astype(np.float64),
                              None if layer.bias is None else layer.bias.data, (stride,) * 2, pads, (dilation,) * 2,
                              groups)
    out = layer(x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.data, expected, rtol=1e-4, atol=1e-5)
    if padding == "same":
        assert out.shape[2:] == x.shape[2:]


@pytest.mark.parametrize("mode, numpy_mode", [("reflect", "reflect"), ("replicate", "edge"), ("circular", "wrap")])
def test_conv_padding_modes(mode, numpy_mode):
    layer = nn.Conv1d(2, 3, 3, padding=2, padding_mode=mode, generator=gen())
    x = gen(1).normal(size=(2, 2, 6))
    padded = np.pad(x, [(0, 0), (0, 0), (2, 2)], mode=numpy_mode)
    expected = reference_conv(padded, layer.weight.data, layer.bias.data, (1,), [(0, 0)], (1,), 1)
    np.testing.assert_allclose(layer(x.astype(np.float32)).data, expected, rtol=1e-4, atol=1e-5)
    assert "padding_mode=" + mode in repr(layer)


def test_conv_argument_errors():
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(2, 4, 3, padding_mode="mirror")
    with pytest.raises(ValueError, match="padding must be"):
        nn.Conv2d(2, 4, 3, padding="full")


def test_conv_gradients():
    check_layer_gradients(nn.Conv2d(2, 4, 2, stride=2, padding=1, dilation=1, groups=2, generator=gen()),
                          gen(1).normal(size=(2, 2, 4, 3)))
    check_layer_gradients(nn.Conv1d(2, 2, 3, padding="same", dilation=2, padding_mode="reflect", generator=gen()),
                          gen(2).normal(size=(1, 2, 5)))


def test_conv1d_matches_numpy_and_accepts_unbatched_input():
    layer = nn.Conv1d(3, 2, 2, stride=2, generator=gen())
    x = gen(1).normal(size=(3, 7)).astype(np.float32)
    expected = reference_conv(x[None].astype(np.float64), layer.weight.data, layer.bias.data, (2,), [(0, 0)], (1,), 1)
    np.testing.assert_allclose(layer(x).data, expected[0], rtol=1e-4, atol=1e-5)


# ------------------------------------------------------------------------ Pooling
def test_pooling_layers_match_numpy():
    x = gen().normal(size=(2, 3, 4, 6)).astype(np.float32)
    blocks = x.reshape(2, 3, 2, 2, 3, 2)
    np.testing.assert_allclose(nn.MaxPool2d(2)(x).data, blocks.max(axis=(3, 5)))
    np.testing.assert_allclose(nn.AvgPool2d(2)(x).data, blocks.mean(axis=(3, 5)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(nn.AdaptiveAvgPool2d(1)(x).data, x.mean(axis=(2, 3), keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(nn.AdaptiveAvgPool2d((2, 3))(x).data, blocks.mean(axis=(3, 5)), rtol=1e-5, atol=1e-6)
    seq = x[:, :, 0]
    np.testing.assert_allclose(nn.MaxPool1d(3)(seq).data, seq.reshape(2, 3, 2, 3).max(axis=-1))
    padded = nn.MaxPool2d(3, stride=2, padding=1)(x).data
    ref = np.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)], constant_values=-np.inf)
    ref = np.stack([np.stack([ref[:, :, i:i + 3, j:j + 3].max(axis=(2, 3)) for j in range(0, 6, 2)], -1)
                    for i in range(0, 4, 2)], -2)
    np.testing.assert_allclose(padded, ref)
    assert all(layer(x).dtype == np.float32 for layer in (nn.MaxPool2d(2), nn.AvgPool2d(2), nn.AdaptiveAvgPool2d(1)))
    assert repr(nn.AvgPool2d(2)) == "AvgPool2d(kernel_size=2, stride=2, padding=0)"
    assert repr(nn.AdaptiveAvgPool2d(1)) == "AdaptiveAvgPool2d(output_size=1)"


def test_pooling_input_gradients():
    x = gen().normal(size=(1, 2, 4, 4))
    check_layer_gradients(nn.MaxPool2d(2), x)
    check_layer_gradients(nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False), x)
    check_layer_gradients(nn.AdaptiveAvgPool2d(1), x)


# ------------------------------------------------------------------ Normalisation
def test_batchnorm_training_uses_batch_stats_and_updates_running_stats():
    bn = nn.BatchNorm1d(3, momentum=0.2)
    bn.weight.data[:] = [1.0, 2.0, 3.0]
    bn.bias.data[:] = [0.5, 0.0, -1.0]
    x = gen().normal(2.0, 3.0, size=(8, 3)).astype(np.float32)
    out = bn(x)
    mean, var = x.mean(0), x.var(0)
    expected = (x - mean) / np.sqrt(var + 1e-5) * bn.weight.data + bn.bias.data
    np.testing.assert_allclose(out.data, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bn.running_mean.data, 0.2 * mean, rtol=1e-5)
    np.testing.assert_allclose(bn.running_var.data, 0.8 + 0.2 * x.var(0, ddof=1), rtol=1e-5)
    assert bn.num_batches_tracked.item() == 1 and out.dtype == np.float32
    assert bn.running_mean.dtype == np.float32


def test_batchnorm_eval_uses_running_stats_and_leaves_them_alone():
    bn = nn.BatchNorm2d(2)
    bn.running_mean.data[:] = [1.0, -1.0]
    bn.running_var.data[:] = [4.0, 0.25]
    bn.eval()
    x = gen().normal(size=(3, 2, 2, 2)).astype(np.float32)
    expected = (x - np.array([1.0, -1.0]).reshape(1, 2, 1, 1)) / np.sqrt(np.array([4.0, 0.25]) + 1e-5).reshape(1, 2, 1, 1)
    np.testing.assert_allclose(bn(x).data, expected, rtol=1e-5, atol=1e-6)
    assert bn.num_batches_tracked.item() == 0 and bn.running_mean.data.tolist() == [1.0, -1.0]


def test_batchnorm_momentum_none_is_a_cumulative_average():
    bn = nn.BatchNorm1d(2, momentum=None, affine=False)
    batches = [gen(i).normal(i, 1.0, size=(5, 2)) for i in range(3)]
    for b in batches:
        bn(b.astype(np.float32))
    np.testing.assert_allclose(bn.running_mean.data, np.mean([b.mean(0) for b in batches], axis=0), rtol=1e-5)
    np.testing.assert_allclose(bn.running_var.data, np.mean([b.var(0, ddof=1) for b in batches], axis=0), rtol=1e-5)
    assert list(bn.state_dict()) == ["running_mean", "running_var", "num_batches_tracked"]


def test_batchnorm_without_running_stats_normalises_with_batch_stats_in_eval():
    bn = nn.BatchNorm1d(2, track_running_stats=False).eval()
    assert bn.running_mean is None and list(bn.state_dict()) == ["weight", "bias"]
    x = gen().normal(size=(6, 2, 3))
    mean, var = x.mean(axis=(0, 2), keepdims=True), x.var(axis=(0, 2), keepdims=True)
    np.testing.assert_allclose(bn(x).data, (x - mean) / np.sqrt(var + 1e-5), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D input\)"):
        bn(np.zeros((1, 2, 3, 4)))


def test_normalisation_gradients():
    check_layer_gradients(nn.BatchNorm2d(2), gen().normal(size=(3, 2, 2, 2)))
    ln = nn.LayerNorm((2, 3))
    ln.weight.data[:] = gen(3).normal(size=(2, 3))
    check_layer_gradients(ln, gen(1).normal(size=(2, 2, 3)))


def test_layernorm_matches_numpy():
    ln = nn.LayerNorm(4)
    ln.weight.data[:] = [1.0, 2.0, 0.5, -1.0]
    x = gen().normal(size=(3, 4)).astype(np.float32)
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    out = ln(x)
    np.testing.assert_allclose(out.data, (x - mean) / np.sqrt(var + 1e-5) * ln.weight.data, rtol=1e-4, atol=1e-5)
    assert out.dtype == np.float32
    assert nn.LayerNorm(3, elementwise_affine=False).weight is None
    assert list(nn.LayerNorm(3, bias=False).state_dict()) == ["weight"]


# ------------------------------------------------------------------------ Dropout
def test_dropout_train_and_eval():
    drop = nn.Dropout(0.25, generator=gen())
    x = np.ones((200, 50), dtype=np.float32)
    out = drop(x).data
    assert set(np.unique(out).tolist()) == {0.0, np.float32(1 / 0.75)} and out.dtype == np.float32
    assert abs((out == 0).mean() - 0.25) < 0.01
    drop.eval()
    np.testing.assert_array_equal(drop(x).data, x)
    with pytest.raises(ValueError, match="between 0 and 1"):
        nn.Dropout(1.5)


def test_dropout_is_reproducible_from_the_library_seed():
    mg.random.seed(11)
    a = nn.Dropout(0.5)(np.ones(20)).data
    mg.random.seed(11)
    b = nn.Dropout(0.5)(np.ones(20)).data
    np.testing.assert_array_equal(a, b)


def test_dropout_gradient_uses_the_same_mask():
    x = mg.tensor(np.ones(1000))
    out = nn.Dropout(0.5, generator=gen())(x)
    out.backward()
    np.testing.assert_array_equal(x.grad, out.data)


# ---------------------------------------------------------------------- Embedding
def test_embedding_lookup_and_padding_row():
    emb = nn.Embedding(6, 3, padding_idx=-1, generator=gen())
    assert emb.padding_idx == 5 and np.all(emb.weight.data[5] == 0)
    ids = np.array([[0, 5], [2, 2]])
    out = emb(ids)
    np.testing.assert_array_equal(out.data, emb.weight.data[ids])
    assert out.dtype == np.float32
    out.backward(np.ones((2, 2, 3)))
    expected = np.zeros((6, 3))
    expected[0], expected[2] = 1, 2
    np.testing.assert_array_equal(emb.weight.grad, expected)
    frozen = nn.Embedding.from_pretrained(np.eye(3))
    assert frozen.weight.constant and frozen(np.array([1])).data.tolist() == [[0.0, 1.0, 0.0]]
    with pytest.raises(ValueError, match="padding_idx"):
        nn.Embedding(3, 2, padding_idx=3)


def test_embedding_gradient():
    check_layer_gradients(nn.Embedding(5, 2, generator=gen()), np.array([[1, 3, 1]]))


# ---------------------------------------------------------------------------- GRU
@pytest.mark.parametrize("num_layers, bidirectional, batch_first", [(1, False, False), (2, True, True)])
def test_gru_matches_numpy_reference(num_layers, bidirectional, batch_first):
    gru = nn.GRU(3, 4, num_layers=num_layers, bidirectional=bidirectional, batch_first=batch_first, generator=gen())
    directions = 2 if bidirectional else 1
    x = gen(1).normal(size=(5, 2, 3)).astype(np.float32)
    h0 = gen(2).normal(size=(num_layers * directions, 2, 4)).astype(np.float32)
    params = {k: v.astype(np.float64) for k, v in gru.state_dict().items()}
    want_out, want_h = reference_gru(x.astype(np.float64), h0.astype(np.float64), params, 4, num_layers,
                                     bidirectional)
    out, h_n = gru(np.swapaxes(x, 0, 1) if batch_first else x, h0)
    got = np.swapaxes(out.data, 0, 1) if batch_first else out.data
    assert out.dtype == np.float32 and h_n.shape == (num_layers * directions, 2, 4)
    np.testing.assert_allclose(got, want_out, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(h_n.data, want_h, rtol=1e-4, atol=1e-5)


def test_gru_unbatched_input_and_zero_initial_state():
    gru = nn.GRU(2, 3, generator=gen())
    x = gen(1).normal(size=(4, 2)).astype(np.float32)
    out, h = gru(x)
    batched, hb = gru(x[:, None])
    assert out.shape == (4, 3) and h.shape == (1, 3)
    np.testing.assert_allclose(out.data, batched.data[:, 0])
    with pytest.raises(ValueError, match="input_size=2"):
        gru(np.zeros((4, 1, 5)))


def test_gru_gradients():
    check_layer_gradients(nn.GRU(2, 2, num_layers=2, bidirectional=True, generator=gen()),
                          gen(1).normal(size=(3, 2, 2)), select=lambda out: out[0])


# -------------------------------------------------------------------- Activations
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805


def _erf(v):
    return np.vectorize(math.erf)(v)


ACTIVATIONS = [
    (nn.ReLU(), lambda x: np.maximum(x, 0)),
    (nn.LeakyReLU(0.2), lambda x: np.where(x > 0, x, 0.2 * x)),
    (nn.ELU(0.5), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    (nn.SELU(), lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))),
    (nn.GELU(), lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2)))),
    (nn.GELU("tanh"), lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))),
    (nn.SiLU(), lambda x: x / (1 + np.exp(-x))),
    (nn.Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (nn.Tanh(), np.tanh),
    (nn.Softmax(dim=1), lambda x: np.exp(x) / np.exp(x).sum(1, keepdims=True)),
    (nn.LogSoftmax(dim=-1), lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True))),
]


@pytest.mark.parametrize("layer, reference", ACTIVATIONS, ids=lambda v: repr(v) if isinstance(v, nn.Module) else "")
def test_activation_modules_match_numpy_and_keep_float32(layer, reference):
    x = gen().normal(size=(3, 4)) * 3
    np.testing.assert_allclose(layer(x).data, reference(x), rtol=1e-7, atol=1e-10)
    assert layer(x.astype(np.float32)).dtype == np.float32
    check_layer_gradients(layer, x)


def test_activation_reprs():
    assert [repr(m) for m, _ in ACTIVATIONS] == [
        "ReLU()", "LeakyReLU(negative_slope=0.2)", "ELU(alpha=0.5)", "SELU()", "GELU(approximate='none')",
        "GELU(approximate='tanh')", "SiLU()", "Sigmoid()", "Tanh()", "Softmax(dim=1)", "LogSoftmax(dim=-1)",
    ]
    assert repr(nn.ReLU(inplace=True)) == "ReLU(inplace=True)"


# ------------------------------------------------------------------ a small CNN
def test_small_cnn_trains_end_to_end_in_float32():
    g = gen(0)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1, generator=g), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(4 * 2 * 2, 2, generator=g),
    )
    x = g.normal(size=(16, 1, 4, 4)).astype(np.float32)
    y = (x[:, 0, :2].sum(axis=(1, 2)) > x[:, 0, 2:].sum(axis=(1, 2))).astype(np.int64)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(150):
        loss = loss_fn(model(x), y)
        loss.backward()
        for p in model.parameters():
            assert p.grad.dtype == np.float32
            p.data -= 0.1 * p.grad
    assert loss.dtype == np.float32 and loss.item() < 0.05
    model.eval()
    assert (model(x).data.argmax(1) == y).mean() == 1.0


# --------------------------------------------------------- against PyTorch (optional)
def _layer_pairs(torch):
    tnn = torch.nn
    return [
        (nn.Linear(3, 4), tnn.Linear(3, 4), (2, 3)),
        (nn.Conv2d(2, 4, 3, stride=2, padding=2, dilation=2, groups=2, padding_mode="circular"),
         tnn.Conv2d(2, 4, 3, stride=2, padding=2, dilation=2, groups=2, padding_mode="circular"), (2, 2, 7, 6)),
        (nn.Conv1d(2, 3, 4, padding="same", dilation=3, bias=False, padding_mode="replicate"),
         tnn.Conv1d(2, 3, 4, padding="same", dilation=3, bias=False, padding_mode="replicate"), (2, 2, 9)),
        (nn.MaxPool2d(3, 2, 1), tnn.MaxPool2d(3, 2, 1), (2, 3, 6, 5)),
        (nn.MaxPool1d(2), tnn.MaxPool1d(2), (2, 3, 6)),
        (nn.AvgPool2d(3, 2, 1, count_include_pad=False), tnn.AvgPool2d(3, 2, 1, count_include_pad=False), (1, 2, 5, 5)),
        (nn.AdaptiveAvgPool2d(1), tnn.AdaptiveAvgPool2d(1), (2, 3, 4, 5)),
        (nn.MaxPool3d(2, ceil_mode=True), tnn.MaxPool3d(2, ceil_mode=True), (1, 2, 3, 4, 5)),
        (nn.AvgPool1d(3, 2, 1), tnn.AvgPool1d(3, 2, 1), (2, 3, 7)),
        (nn.AvgPool3d(2, divisor_override=3), tnn.AvgPool3d(2, divisor_override=3), (1, 2, 4, 4, 4)),
        (nn.AdaptiveAvgPool1d(3), tnn.AdaptiveAvgPool1d(3), (2, 3, 7)),
        (nn.AdaptiveAvgPool3d((1, 2, 3)), tnn.AdaptiveAvgPool3d((1, 2, 3)), (1, 2, 3, 4, 5)),
        (nn.BatchNorm1d(3, momentum=None, affine=False), tnn.BatchNorm1d(3, momentum=None, affine=False), (5, 3)),
        (nn.BatchNorm2d(3), tnn.BatchNorm2d(3), (4, 3, 2, 2)),
        (nn.LayerNorm([2, 3]), tnn.LayerNorm([2, 3]), (4, 2, 3)),
        (nn.GRU(3, 4, 2, batch_first=True, bidirectional=True), tnn.GRU(3, 4, 2, batch_first=True, bidirectional=True),
         (2, 5, 3)),
        (nn.GELU("tanh"), tnn.GELU("tanh"), (3, 4)),
        (nn.LogSoftmax(1), tnn.LogSoftmax(1), (3, 4)),
        (nn.Flatten(), tnn.Flatten(), (2, 3, 4)),
    ]


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="PyTorch is not installed (not required)")
def test_layers_match_pytorch():  # pragma: no cover - only where torch exists
    import torch

    for ours, theirs, shape in _layer_pairs(torch):
        name = type(ours).__name__
        assert repr(ours) == repr(theirs)
        assert [(k, v.shape) for k, v in ours.state_dict().items()] == [
            (k, tuple(v.shape)) for k, v in theirs.state_dict().items()], name
        theirs.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
        x = gen(1).normal(size=shape).astype(np.float32)
        tx = torch.from_numpy(x).requires_grad_(True)
        out, t_out = ours(mg.tensor(x)), theirs(tx)
        if isinstance(out, tuple):
            out, t_out = out[0], t_out[0]
        np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-5, atol=1e-5, err_msg=name)
        upstream = gen(2).normal(size=out.shape).astype(np.float32)
        out.backward(upstream)
        t_out.backward(torch.from_numpy(upstream))
        for (pname, p), tp in zip(ours.named_parameters(), theirs.parameters()):
            np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-4, atol=1e-5, err_msg=f"{name}.{pname}")
        for k, v in ours.state_dict().items():  # running statistics after one training step
            np.testing.assert_allclose(v, theirs.state_dict()[k].numpy(), rtol=1e-5, atol=1e-6, err_msg=f"{name} {k}")
