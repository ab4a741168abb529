"""Transformer layers against PyTorch (weights copied through state_dict): outputs and every gradient with
masks, key padding, pre-/post-norm, batch_first, gelu; state_dict keys, reprs of the stacks, errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn

torch = pytest.importorskip("torch")


def _copy_weights(ours, theirs):
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})


def _compare_grads(ours, theirs, inputs, t_inputs):
    for a, b in zip(inputs, t_inputs):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=2e-3, atol=2e-4)
    t_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, t_params[name].grad.numpy(), rtol=2e-3, atol=2e-4, err_msg=name)


# d_model >= 2: LayerNorm over one feature has variance 0, where PyTorch's fused form leaves rounding noise
# times 1/sqrt(eps) in the gradients (the exact ones are 0, as here); group norm's test covers that case.
config = dict(heads=st.integers(1, 2), per_head=st.integers(2, 3), batch_first=st.booleans(),
              norm_first=st.booleans(), activation=st.sampled_from(["relu", "gelu"]), bias=st.booleans(),
              n=st.integers(1, 2), S=st.integers(1, 4), T=st.integers(1, 4), padding=st.booleans(),
              causal=st.booleans(), seed=st.integers(0, 9999))


def _seq(rng, n, length, d, batch_first):
    shape = (n, length, d) if batch_first else (length, n, d)
    return rng.normal(size=shape).astype(np.float32)


@settings(max_examples=20, deadline=None)
@given(**config)
def test_encoder_stack_matches_torch(heads, per_head, batch_first, norm_first, activation, bias, n, S, T, padding,
                                     causal, seed):
    d = heads * per_head
    args = dict(d_model=d, nhead=heads, dim_feedforward=5, dropout=0.0, activation=activation,
                batch_first=batch_first, norm_first=norm_first, bias=bias)
    theirs = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(**args), 2,
                                         norm=torch.nn.LayerNorm(d), enable_nested_tensor=False)
    ours = nn.TransformerEncoder(nn.TransformerEncoderLayer(**args), 2, norm=nn.LayerNorm(d))
    _copy_weights(ours, theirs)
    rng = np.random.default_rng(seed)
    x = _seq(rng, n, S, d, batch_first)
    mask = nn.Transformer.generate_square_subsequent_mask(S) if causal else None
    kpm = None
    if padding:
        kpm = rng.random((n, S)) < 0.4
        kpm[:, 0] = False
        if mask is not None:  # (PyTorch deprecates masks of two kinds)
            kpm = np.where(kpm, -np.inf, 0).astype(np.float32)
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out = ours(mx, mask=mask, src_key_padding_mask=kpm)
    t_out = theirs(tx, mask=None if mask is None else torch.from_numpy(mask.copy()),
                   src_key_padding_mask=None if kpm is None else torch.from_numpy(kpm.copy()))
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-4, atol=1e-4)
    g = rng.normal(size=out.shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    _compare_grads(ours, theirs, [mx], [tx])


@settings(max_examples=20, deadline=None)
@given(**config)
def test_transformer_matches_torch(heads, per_head, batch_first, norm_first, activation, bias, n, S, T, padding,
                                   causal, seed):
    d = heads * per_head
    args = dict(d_model=d, nhead=heads, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=6, dropout=0.0,
                activation=activation, batch_first=batch_first, norm_first=norm_first, bias=bias)
    with warnings.catch_warnings():  # (PyTorch's note that its nested-tensor fast path is off)
        warnings.simplefilter("ignore", UserWarning)
        theirs = torch.nn.Transformer(**args)
    ours = nn.Transformer(**args)
    _copy_weights(ours, theirs)
    rng = np.random.default_rng(seed)
    src, tgt = _seq(rng, n, S, d, batch_first), _seq(rng, n, T, d, batch_first)
    tgt_mask = nn.Transformer.generate_square_subsequent_mask(T) if causal else None
    memory_kpm = None
    if padding:
        memory_kpm = rng.random((n, S)) < 0.4
        memory_kpm[:, 0] = False
    mine = [mg.tensor(src), mg.tensor(tgt)]
    refs = [torch.from_numpy(a.copy()).requires_grad_(True) for a in (src, tgt)]
    masks = dict(tgt_mask=tgt_mask, src_key_padding_mask=memory_kpm, memory_key_padding_mask=memory_kpm)
    out = ours(*mine, **masks)
    t_out = theirs(*refs, **{k: None if v is None else torch.from_numpy(v.copy()) for k, v in masks.items()})
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-4, atol=1e-4)
    g = rng.normal(size=out.shape).astype(np.float32)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    _compare_grads(ours, theirs, mine, refs)


def test_structure_and_init_follow_torch():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        theirs = torch.nn.Transformer(8, 2, 2, 1, 16)
    ours = nn.Transformer(8, 2, 2, 1, 16)
    assert {k: v.shape for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    assert list(ours.state_dict()) == list(theirs.state_dict())
    weight = ours.encoder.layers[0].linear1.weight.data
    assert np.abs(weight).max() <= np.sqrt(6 / (8 + 16))  # xavier_uniform_ over every matrix, as PyTorch
    assert not np.array_equal(ours.encoder.layers[0].linear1.weight.data, ours.encoder.layers[1].linear1.weight.data)
    layer = nn.TransformerEncoderLayer(4, 2, 8)
    t_layer = torch.nn.TransformerEncoderLayer(4, 2, 8)
    assert [n for n, _ in layer.named_children()] == [n for n, _ in t_layer.named_children()]
    np.testing.assert_array_equal(nn.Transformer.generate_square_subsequent_mask(4),
                                  torch.nn.Transformer.generate_square_subsequent_mask(4).numpy())


def test_dropout_is_on_in_training_only():
    layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.5)
    x = np.random.default_rng(0).normal(size=(3, 2, 4)).astype(np.float32)
    assert not np.allclose(layer(x).data, layer(x).data)
    layer.eval()
    np.testing.assert_array_equal(layer(x).data, layer(x).data)


def test_errors_match_torch():
    for lib in (nn, torch.nn):
        with pytest.raises(RuntimeError, match="activation should be relu/gelu"):
            lib.TransformerEncoderLayer(4, 2, activation="tanh")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            model = lib.Transformer(4, 2, 1, 1, 8)
        make = (lambda *s: np.zeros(s, dtype=np.float32)) if lib is nn else torch.zeros
        with pytest.raises(RuntimeError, match="the batch number of src and tgt must be equal"):
            model(make(3, 2, 4), make(3, 1, 4))
        with pytest.raises(RuntimeError, match="must be equal to d_model"):
            model(make(3, 2, 5), make(3, 2, 5))


@pytest.mark.parametrize("layer", [nn.TransformerEncoderLayer, nn.TransformerDecoderLayer])
@pytest.mark.parametrize("nhead, kind, words", [
    (3, ValueError, "d_model must be divisible by nhead; got d_model=4, nhead=3"),
    (0, ValueError, "nhead must be an int >= 1; got 0"), ({}, TypeError, "nhead must be an int"),
])
def test_a_bad_nhead_is_named_by_the_layer(layer, nhead, kind, words):
    with pytest.raises(kind, match=rf"^{layer.__name__}: {words}"):
        layer(4, nhead)


@pytest.mark.parametrize("sizes", [dict(d_model=2**40), dict(dim_feedforward=2**62)])
def test_sizes_beyond_memory_are_named_by_the_layer_before_any_allocation(sizes):
    arguments = dict(d_model=4, nhead=1, dim_feedforward=8) | sizes
    with pytest.raises(MemoryError, match=r"^TransformerEncoderLayer: d_model=\d+, dim_feedforward=\d+ needs \d+ "
                                          r"parameters"):
        nn.TransformerEncoderLayer(**arguments)
