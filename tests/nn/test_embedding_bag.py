"""nn.EmbeddingBag and F.embedding_bag against PyTorch: values and gradients of the table (and of
per_sample_weights) for every mode, 2-D bags and 1-D bags at offsets (empty bags, include_last_offset),
padding_idx, scale_grad_by_freq, max_norm; reprs, state_dict, initialisation, central differences, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
import mygrad.nn.functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


@settings(max_examples=80, deadline=None)
@given(mode=st.sampled_from(["sum", "mean", "max"]), two_d=st.booleans(), n_rows=st.integers(1, 6),
       dim=st.integers(1, 3), data=st.data(), weighted=st.booleans(), padded=st.booleans(), last=st.booleans(),
       scale=st.booleans(), seed=st.integers(0, 9999))
def test_embedding_bag_matches_torch(mode, two_d, n_rows, dim, data, weighted, padded, last, scale, seed):
    g = np.random.default_rng(seed)
    weighted = weighted and mode == "sum"
    scale = scale and mode != "max"
    padding_idx = data.draw(st.integers(-n_rows, n_rows - 1)) if padded else None
    if two_d:
        shape = (data.draw(st.integers(0, 3)), data.draw(st.integers(1, 4)))
        idx, offsets = g.integers(0, n_rows, size=shape), None
        last = False
    else:
        idx = g.integers(0, n_rows, size=data.draw(st.integers(0, 8)))
        cuts = np.sort(g.integers(0, idx.size + 1, size=data.draw(st.integers(0, 4))))  # empty bags too
        offsets = np.concatenate([[0], cuts] + ([[idx.size]] if last else [])).astype(np.int64)
    psw = g.normal(size=idx.shape) if weighted else None
    ours = nn.EmbeddingBag(n_rows, dim, mode=mode, padding_idx=padding_idx, include_last_offset=last,
                           scale_grad_by_freq=scale, dtype=np.float64, generator=g)
    theirs = torch.nn.EmbeddingBag(n_rows, dim, mode=mode, padding_idx=padding_idx, include_last_offset=last,
                                   scale_grad_by_freq=scale, dtype=torch.float64)
    assert repr(ours) == repr(theirs)
    # PyTorch 2.13's CPU kernel divides every row's gradient by the use count of one index (a bug: with
    # [0, 0, 0, 1, 1] both rows get 1/3), so scaling is compared with the documented rule, applied below
    theirs.scale_grad_by_freq = False
    theirs.load_state_dict({"weight": torch.tensor(ours.weight.data)})
    m_psw = None if psw is None else mg.tensor(psw)
    t_psw = None if psw is None else torch.tensor(psw, requires_grad=True)
    out = ours(idx, None if offsets is None else offsets, m_psw)
    t_out = theirs(torch.tensor(idx), None if offsets is None else torch.tensor(offsets), t_psw)
    assert out.shape == tuple(t_out.shape)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-12, atol=1e-12)
    up = g.normal(size=out.shape)
    (out * up).sum().backward()
    (t_out * torch.tensor(up)).sum().backward()
    t_grad = theirs.weight.grad
    if scale and t_grad is not None:
        uses = np.bincount(idx.reshape(-1)[:len(idx.reshape(-1)) if offsets is None or not last else offsets[-1]],
                           minlength=n_rows)
        t_grad = t_grad / torch.tensor(np.maximum(uses, 1))[:, None]
    np.testing.assert_allclose(ours.weight.grad if ours.weight.grad is not None else 0,
                               0 if t_grad is None else t_grad.numpy(), rtol=1e-12, atol=1e-12)
    if weighted:
        t_g = 0 if t_psw.grad is None else t_psw.grad.numpy()
        np.testing.assert_allclose(0 if m_psw.grad is None else m_psw.grad, t_g, rtol=1e-12, atol=1e-12)


def test_max_mode_ties_and_max_norm_match_torch():
    w = np.array([[1.0, 5.0], [1.0, 2.0], [3.0, 4.0]])
    idx, offsets = np.array([0, 1, 1, 2, 0]), np.array([0, 3])
    for kw in (dict(mode="max"), dict(mode="mean", max_norm=2.0), dict(mode="sum", max_norm=1.5, norm_type=1.0)):
        mw, tw = mg.tensor(w.copy()), torch.tensor(w.copy(), requires_grad=True)
        out = F.embedding_bag(idx, mw, offsets, **kw)
        if "max_norm" in kw:
            with torch.no_grad():  # (PyTorch renormalises the leaf in place)
                t_out = torch.nn.functional.embedding_bag(torch.tensor(idx), tw, torch.tensor(offsets), **kw)
        else:  # ties: the gradient goes to the first maximal element of the bag, as in PyTorch
            t_out = torch.nn.functional.embedding_bag(torch.tensor(idx), tw, torch.tensor(offsets), **kw)
            out.backward(np.array([[1.0, 10.0], [100.0, 1000.0]]))
            t_out.backward(torch.tensor([[1.0, 10.0], [100.0, 1000.0]], dtype=torch.float64))
            np.testing.assert_array_equal(mw.grad, tw.grad.numpy())
        np.testing.assert_allclose(out.data, t_out.detach().numpy())
        np.testing.assert_allclose(mw.data, tw.detach().numpy())


def test_initialisation_and_weight():
    bag = nn.EmbeddingBag(500, 8, padding_idx=3, generator=np.random.default_rng(0))
    assert bag.weight.dtype == np.float32 and list(bag.state_dict()) == ["weight"]
    assert not bag.weight.data[3].any() and abs(bag.weight.data.std() - 1) < 0.05
    w = np.arange(6.0).reshape(3, 2)
    np.testing.assert_array_equal(nn.EmbeddingBag(3, 2, _weight=w, mode="sum")(np.array([[0, 2]])).data, [[4, 6]])


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_central_differences(mode):
    g = np.random.default_rng(5)
    idx, offsets = np.array([0, 2, 2, 1, 3, 0]), np.array([0, 2, 2, 5])
    check_op(lambda w: F.embedding_bag(idx, w, offsets, mode=mode), None, g.normal(size=(4, 3)))
    if mode == "sum":
        check_op(lambda w, p: F.embedding_bag(idx, w, offsets, mode="sum", per_sample_weights=p), None,
                 g.normal(size=(4, 3)), g.normal(size=6))


@pytest.mark.parametrize("call, exc, match", [
    (lambda: F.embedding_bag(np.array([1, 2]), np.ones((5, 2)), np.array([1])), RuntimeError, "offsets\\[0\\]"),
    (lambda: F.embedding_bag(np.array([1, 2]), np.ones((5, 2)), np.array([0, 3])), RuntimeError, "offsets\\[-1\\]"),
    (lambda: F.embedding_bag(np.array([1, 2, 3]), np.ones((5, 2)), np.array([0, 2, 1])), RuntimeError,
     "non-decreasing"),
    (lambda: F.embedding_bag(np.array([1, 2]), np.ones((5, 2))), ValueError, "offsets has to be a 1D"),
    (lambda: F.embedding_bag(np.array([[1, 2]]), np.ones((5, 2)), np.array([0])), ValueError, "offsets has to be None"),
    (lambda: F.embedding_bag(np.array([1, 5]), np.ones((5, 2)), np.array([0])), IndexError, r"\[0, 5\)"),
    (lambda: F.embedding_bag(np.array([1, 2]), np.ones((5, 2)), np.array([0]), per_sample_weights=np.ones(2)),
     NotImplementedError, "mode='sum'"),
    (lambda: F.embedding_bag(np.array([1, 2]), np.ones((5, 2)), np.array([0]), mode="sum",
                             per_sample_weights=np.ones(3)), ValueError, "same shape"),
    (lambda: F.embedding_bag(np.array([1, 2]), np.ones((5, 2)), np.array([0]), mode="x"), ValueError, "mode"),
    (lambda: F.embedding_bag(np.array([1.0]), np.ones((5, 2)), np.array([0])), TypeError, "integer"),
    (lambda: F.embedding_bag(np.ones((1, 1, 1), int), np.ones((5, 2))), ValueError, "1D or 2D"),
    (lambda: F.embedding_bag(np.array([1]), np.ones((5, 2)), np.array([0]), mode="max", scale_grad_by_freq=True),
     ValueError, "max mode"),
    (lambda: nn.EmbeddingBag(5, 2, sparse=True), NotImplementedError, "sparse"),
    (lambda: nn.EmbeddingBag(5, 2, padding_idx=5), AssertionError, "padding_idx"),
    (lambda: nn.EmbeddingBag(5, 2, mode="median"), ValueError, "mode"),
    (lambda: nn.EmbeddingBag(0, 2), ValueError, "num_embeddings"),
    (lambda: nn.EmbeddingBag(5, 2, _weight=np.ones((2, 5))), AssertionError, r"\(5, 2\)"),
])
def test_bad_arguments(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize("padding_idx", [-1, 2, -3])
def test_functional_padding_idx_counts_from_the_end(padding_idx):
    w = np.arange(8.0).reshape(4, 2)
    idx, offsets = np.array([3, 0, 3, 2, 1, 3]), np.array([0, 1, 3])
    out = F.embedding_bag(idx, w, offsets, mode="mean", padding_idx=padding_idx)
    t_out = torch.nn.functional.embedding_bag(torch.tensor(idx), torch.tensor(w), torch.tensor(offsets),
                                              mode="mean", padding_idx=padding_idx % 4)
    np.testing.assert_allclose(out.data, t_out.numpy())
