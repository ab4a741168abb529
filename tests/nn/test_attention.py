"""F.scaled_dot_product_attention and nn.MultiheadAttention against PyTorch: outputs, attention weights and every
gradient (inputs, projections, biases) over masks (boolean, float, causal, key padding), batch_first, unbatched
inputs, kdim/vdim, add_bias_kv, add_zero_attn; state dicts, init, dropout, errors; central differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


@st.composite
def sdpa_cases(draw):
    lead = tuple(draw(st.lists(st.integers(0, 2), max_size=2)))
    L, S = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    E, Ev = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    mask = draw(st.sampled_from([None, "bool", "float", "causal"]))
    scale = draw(st.sampled_from([None, 0.3]))
    return lead, L, S, E, Ev, mask, scale


@settings(max_examples=80, deadline=None)
@given(case=sdpa_cases(), seed=st.integers(0, 9999), dtype=st.sampled_from([np.float32, np.float64]))
def test_sdpa_matches_torch(case, seed, dtype):
    lead, L, S, E, Ev, mask_kind, scale = case
    rng = np.random.default_rng(seed)
    q, k, v = (rng.normal(size=lead + shape).astype(dtype) for shape in ((L, E), (S, E), (S, Ev)))
    kwargs = dict(scale=scale)
    mask = None
    if mask_kind == "bool":
        mask = rng.random((L, S)) < 0.7  # rows with no allowed key included: PyTorch gives 0 there
    elif mask_kind == "float":
        mask = rng.normal(size=(L, S)).astype(dtype)
    elif mask_kind == "causal":
        kwargs["is_causal"] = True
    ours = [mg.tensor(a) for a in (q, k, v)]
    theirs = [torch.from_numpy(a.copy()).requires_grad_(True) for a in (q, k, v)]
    out = F.scaled_dot_product_attention(*ours, attn_mask=mask, **kwargs)
    t_out = torch.nn.functional.scaled_dot_product_attention(
        *theirs, attn_mask=None if mask is None else torch.from_numpy(mask.copy()), **kwargs)
    assert out.shape == tuple(t_out.shape) and out.dtype == dtype
    tol = dict(rtol=1e-4, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), **tol)
    g = rng.normal(size=out.shape).astype(dtype)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g.copy())).sum().backward()
    for mine, ref in zip(ours, theirs):
        np.testing.assert_allclose(mine.grad, ref.grad.numpy(), **tol)


def test_sdpa_grouped_query_attention_and_float_mask_gradient_match_torch():
    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(2, 4, 3, 5)), rng.normal(size=(2, 2, 6, 5)), rng.normal(size=(2, 2, 6, 3))
    mask = rng.normal(size=(3, 6))
    ours = [mg.tensor(a) for a in (q, k, v, mask)]
    theirs = [torch.from_numpy(a.copy()).requires_grad_(True) for a in (q, k, v, mask)]
    out = F.scaled_dot_product_attention(*ours[:3], attn_mask=ours[3], enable_gqa=True)
    t_out = torch.nn.functional.scaled_dot_product_attention(*theirs[:3], attn_mask=theirs[3], enable_gqa=True)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10)
    out.sum().backward()
    t_out.sum().backward()
    for mine, ref in zip(ours, theirs):
        np.testing.assert_allclose(mine.grad, ref.grad.numpy(), rtol=1e-9, atol=1e-12)


def _sdpa_reference(q, k, v, mask):
    scores = q @ np.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1]) + mask
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    return weights / weights.sum(-1, keepdims=True) @ v


@settings(max_examples=15, deadline=None)
@given(L=st.integers(1, 3), S=st.integers(1, 3), seed=st.integers(0, 999))
def test_sdpa_gradients_by_central_differences(L, S, seed):
    rng = np.random.default_rng(seed)
    q, k, v, mask = rng.normal(size=(2, L, 3)), rng.normal(size=(2, S, 3)), rng.normal(size=(2, S, 2)), \
        rng.normal(size=(L, S))
    check_op(lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m), _sdpa_reference, q, k, v, mask)


@st.composite
def mha_cases(draw):
    heads = draw(st.integers(1, 2))
    embed = heads * draw(st.integers(1, 3))
    kdim = draw(st.sampled_from([None, embed, 2, 3]))
    vdim = draw(st.sampled_from([None, embed, 1, 4]))
    return dict(
        embed=embed, heads=heads, kdim=kdim, vdim=vdim, bias=draw(st.booleans()),
        add_bias_kv=draw(st.booleans()), add_zero_attn=draw(st.booleans()), batch_first=draw(st.booleans()),
        batch=draw(st.sampled_from([None, 1, 2, 3])), L=draw(st.integers(1, 4)), S=draw(st.integers(1, 4)),
        kpm=draw(st.sampled_from([None, "bool", "float"])), attn=draw(st.sampled_from([None, "bool", "float", "3d"])),
        need_weights=draw(st.booleans()), average=draw(st.booleans()),
    )


def _masks(case, rng):
    L, S, n = case["L"], case["S"], case["batch"] or 1
    kpm = attn = None
    if case["kpm"] is not None:
        kpm = rng.random((n, S)) < 0.4
        kpm[:, 0] = False  # every query keeps a key it may attend to (else NaN, checked separately)
        if case["kpm"] == "float":
            kpm = np.where(kpm, -2.0, 0.5).astype(np.float32)
        if case["batch"] is None:
            kpm = kpm[0]
    if case["attn"] is not None:
        shape = (L, S) if case["attn"] != "3d" else (n * case["heads"], L, S)
        attn = rng.random(shape) < 0.4
        attn[..., 0] = False
        if case["attn"] in ("float", "3d"):
            attn = rng.normal(size=shape).astype(np.float32)
            if case["kpm"] == "bool":  # (PyTorch wants both masks of one kind)
                kpm = np.where(kpm, -np.inf, 0.0).astype(np.float32)
        elif case["kpm"] == "float":
            attn = np.where(attn, -np.inf, 0.0).astype(np.float32)
    return kpm, attn


@settings(max_examples=80, deadline=None)
@given(case=mha_cases(), seed=st.integers(0, 9999))
def test_multihead_attention_matches_torch(case, seed):
    args = dict(embed_dim=case["embed"], num_heads=case["heads"], bias=case["bias"],
                add_bias_kv=case["add_bias_kv"], add_zero_attn=case["add_zero_attn"], kdim=case["kdim"],
                vdim=case["vdim"], batch_first=case["batch_first"])
    ours, theirs = nn.MultiheadAttention(**args), torch.nn.MultiheadAttention(**args)
    assert repr(ours) == repr(theirs)
    assert {k: v.shape for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in theirs.state_dict().items()}
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    rng = np.random.default_rng(seed)
    n, L, S = case["batch"], case["L"], case["S"]
    kdim, vdim = case["kdim"] or case["embed"], case["vdim"] or case["embed"]

    def shape(length, features):
        if n is None:
            return (length, features)
        return (n, length, features) if case["batch_first"] else (length, n, features)

    arrays = [rng.normal(size=shape(length, f)).astype(np.float32)
              for length, f in ((L, case["embed"]), (S, kdim), (S, vdim))]
    kpm, attn = _masks(case, rng)
    kwargs = dict(need_weights=case["need_weights"], average_attn_weights=case["average"])
    mine = [mg.tensor(a) for a in arrays]
    refs = [torch.from_numpy(a.copy()).requires_grad_(True) for a in arrays]
    out, weights = ours(*mine, key_padding_mask=kpm, attn_mask=attn, **kwargs)
    t_out, t_weights = theirs(*refs, key_padding_mask=None if kpm is None else torch.from_numpy(kpm.copy()),
                              attn_mask=None if attn is None else torch.from_numpy(attn.copy()), **kwargs)
    assert out.shape == tuple(t_out.shape)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-4, atol=1e-5)
    if case["need_weights"]:
        np.testing.assert_allclose(weights.data, t_weights.detach().numpy(), rtol=1e-4, atol=1e-6)
    else:
        assert weights is None and t_weights is None
    g = rng.normal(size=out.shape).astype(np.float32)
    total = (out * g).sum() + ((weights * 0.5).sum() if weights is not None else 0)
    t_total = (t_out * torch.from_numpy(g.copy())).sum() + ((t_weights * 0.5).sum() if t_weights is not None else 0)
    total.backward()
    t_total.backward()
    for a, b in zip(mine, refs):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=1e-3, atol=1e-4)
    t_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, t_params[name].grad.numpy(), rtol=1e-3, atol=1e-4, err_msg=name)


def test_queries_with_no_key_follow_torch():
    """SDPA gives such a query zeros (PyTorch's kernels); MultiheadAttention's weights path gives NaN (its softmax)."""
    q = np.random.default_rng(0).normal(size=(1, 3, 4)).astype(np.float32)
    mask = np.ones((3, 3), dtype=bool)
    mask[1] = False
    out = F.scaled_dot_product_attention(q, q, q, attn_mask=mask).data
    t_out = torch.nn.functional.scaled_dot_product_attention(*(torch.from_numpy(q),) * 3, attn_mask=torch.from_numpy(mask.copy()))
    np.testing.assert_allclose(out, t_out.numpy(), rtol=1e-5, atol=1e-6)
    assert (out[0, 1] == 0).all()
    theirs = torch.nn.MultiheadAttention(4, 2)
    ours = nn.MultiheadAttention(4, 2)
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = q.transpose(1, 0, 2).copy()
    blocked = ~mask
    for need in (True, False):
        mine = ours(x, x, x, attn_mask=blocked, need_weights=need)[0].data
        ref = theirs(*(torch.from_numpy(x),) * 3, attn_mask=torch.from_numpy(blocked.copy()), need_weights=need)[0]
        np.testing.assert_allclose(mine, ref.detach().numpy(), rtol=1e-5, atol=1e-6)  # (NaN == NaN here)
    assert np.isnan(ours(x, x, x, attn_mask=blocked)[0].data[1]).all()


def test_init_matches_torch():
    np.random.seed(0)
    ours = nn.MultiheadAttention(8, 2, add_bias_kv=True, kdim=3, vdim=5)
    bound = math.sqrt(6 / (8 + 8))
    assert np.abs(ours.q_proj_weight.data).max() <= bound and ours.q_proj_weight.dtype == np.float32
    assert np.abs(ours.k_proj_weight.data).max() <= math.sqrt(6 / (3 + 8))
    assert (ours.in_proj_bias.data == 0).all() and (ours.out_proj.bias.data == 0).all()
    assert np.abs(ours.out_proj.weight.data).max() <= 1 / math.sqrt(8)
    assert ours.in_proj_weight is None and ours.bias_k.shape == (1, 1, 8)
    packed = nn.MultiheadAttention(6, 3, bias=False)
    assert list(packed.state_dict()) == list(torch.nn.MultiheadAttention(6, 3, bias=False).state_dict())
    assert np.abs(packed.in_proj_weight.data).max() <= math.sqrt(6 / (18 + 6))


def test_dropout_uses_the_global_state_and_only_in_training():
    attn = nn.MultiheadAttention(4, 2, dropout=0.5)
    x = np.random.default_rng(0).normal(size=(5, 2, 4)).astype(np.float32)
    np.random.seed(3)
    a = attn(x, x, x)[1].data
    np.random.seed(3)
    b = attn(x, x, x)[1].data
    c = attn(x, x, x)[1].data
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    attn.eval()
    np.testing.assert_allclose(attn(x, x, x)[1].data.sum(-1), 1, rtol=1e-5)


def test_errors_match_torch():
    for lib in (nn, torch.nn):
        with pytest.raises(AssertionError, match="divisible by num_heads") as got:
            lib.MultiheadAttention(5, 2)
        assert lib is torch.nn or isinstance(got.value, ValueError)  # (ours is both: a bad argument)
    ours, theirs = nn.MultiheadAttention(4, 2), torch.nn.MultiheadAttention(4, 2)
    x, tx = np.ones((3, 2, 4), dtype=np.float32), torch.ones(3, 2, 4)
    for module, arr, make in ((ours, x, lambda *s: np.zeros(s, dtype=bool)),
                              (theirs, tx, lambda *s: torch.zeros(s, dtype=torch.bool))):
        with pytest.raises(RuntimeError, match="The shape of the 2D attn_mask is"):
            module(arr, arr, arr, attn_mask=make(3, 2))
        with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint"):
            module(arr, arr, arr, is_causal=True)
        with pytest.raises(AssertionError, match="expecting embedding dimension of 4"):
            module(arr[..., :3], arr[..., :3], arr[..., :3])
    for lib, arr in ((F, x), (torch.nn.functional, tx)):
        with pytest.raises(RuntimeError, match="attn_mask should not be set when is_causal=True"):
            lib.scaled_dot_product_attention(arr, arr, arr, attn_mask=arr[..., :3], is_causal=True)
    with pytest.raises(RuntimeError, match="last dimensions must match"):
        F.scaled_dot_product_attention(x, x[..., :3], x)


@pytest.mark.parametrize("bad", ["key", "value"])
def test_batch_first_with_a_key_or_value_of_the_wrong_rank_names_it(bad):
    attn = nn.MultiheadAttention(4, 2, batch_first=True)
    inputs = dict(query=np.ones((2, 3, 4), np.float32), key=np.ones((2, 5, 4), np.float32),
                  value=np.ones((2, 5, 4), np.float32))
    inputs[bad] = np.ones((5, 4), np.float32)
    with pytest.raises(ValueError, match=rf"MultiheadAttention: with batch_first .* {bad} must be 3-D too; got {bad} "
                                         r"of 2 dimensions") as got:
        attn(**inputs)
    assert isinstance(got.value, AssertionError)  # (PyTorch's class too)


def test_a_huge_embed_dim_is_named():
    with pytest.raises(ValueError, match=r"MultiheadAttention: a parameter of shape .*embed_dim=1000000000000"):
        nn.MultiheadAttention(10**12, 1)

