"""The margin loss modules (MarginRanking, MultiMargin, HingeEmbedding, MultiLabelMargin, MultiLabelSoftMargin,
TripletMarginWithDistance) and their functional forms against PyTorch: values, gradients of every input (and of
a tensor class weight), every reduction, reprs, state_dicts, central differences, bad arguments."""

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
# the mean over no samples is nan, as in PyTorch (NumPy warns)
pytestmark = pytest.mark.filterwarnings("ignore:Mean of empty slice", "ignore:invalid value encountered")
REDUCTIONS = st.sampled_from(["mean", "sum", "none"])


def compare(ours, theirs, arrays, grad_of, seed=0):
    """Run ``ours``/``theirs`` on float64 copies of ``arrays``; compare values and the gradients of ``grad_of``."""
    mx = [mg.tensor(a) if i in grad_of else a for i, a in enumerate(arrays)]
    tx = [torch.tensor(a, requires_grad=i in grad_of) if i in grad_of or a.dtype.kind == "f" else torch.tensor(a)
          for i, a in enumerate(arrays)]
    out, t_out = ours(*mx), theirs(*tx)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert out.shape == tuple(t_out.shape)
    if out.size == 0:
        return
    g = np.random.default_rng(seed).normal(size=out.shape)
    (out * g).sum().backward()
    (t_out * torch.tensor(g)).sum().backward()
    for i in grad_of:
        np.testing.assert_allclose(mx[i].grad, tx[i].grad.numpy(), rtol=1e-9, atol=1e-12, err_msg=f"grad {i}")


@settings(max_examples=30, deadline=None)
@given(reduction=REDUCTIONS, n=st.integers(0, 4), d=st.integers(1, 3), margin=st.sampled_from([0.0, 0.5, 2.0]),
       seed=st.integers(0, 9999))
def test_margin_ranking_loss_module(reduction, n, d, margin, seed):
    g = np.random.default_rng(seed)
    x1, x2, y = g.normal(size=(n, d)), g.normal(size=(n, d)), g.choice([-1.0, 1.0], size=(n, d))
    ours, theirs = nn.MarginRankingLoss(margin=margin, reduction=reduction), \
        torch.nn.MarginRankingLoss(margin=margin, reduction=reduction)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, [x1, x2, y], (0, 1), seed)


@settings(max_examples=40, deadline=None)
@given(reduction=REDUCTIONS, n=st.integers(1, 4), c=st.integers(1, 5), p=st.sampled_from([1, 2]),
       margin=st.sampled_from([0.3, 1.0]), weighted=st.booleans(), unbatched=st.booleans(),
       seed=st.integers(0, 9999))
def test_multi_margin_loss_module(reduction, n, c, p, margin, weighted, unbatched, seed):
    g = np.random.default_rng(seed)
    x = g.normal(size=(c,) if unbatched else (n, c))
    y = g.integers(0, c, size=() if unbatched else (n,))
    w = g.uniform(0.5, 2.0, size=c) if weighted else None
    ours = nn.MultiMarginLoss(p=p, margin=margin, weight=w, reduction=reduction)
    theirs = torch.nn.MultiMarginLoss(p=p, margin=margin, weight=None if w is None else torch.tensor(w),
                                      reduction=reduction)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    compare(ours, theirs, [x, y], (0,), seed)


def test_multi_margin_loss_gradient_of_a_weight_tensor():
    g = np.random.default_rng(3)
    x, y, w = g.normal(size=(5, 4)), g.integers(0, 4, size=5), g.uniform(0.5, 2, size=4)
    # (PyTorch refuses a weight that requires grad; central differences check it)
    check_op(lambda a, b: F.multi_margin_loss(a, y, p=2, weight=b), None, x, w)
    check_op(lambda a, b: F.multi_margin_loss(a, y, p=1, weight=b, reduction="none"), None, x, w)


@settings(max_examples=30, deadline=None)
@given(reduction=REDUCTIONS, shape=st.sampled_from([(0, 3), (1,), (4,), (2, 3), (3, 1, 2)]),
       margin=st.sampled_from([0.0, 1.0, 2.5]), seed=st.integers(0, 9999))
def test_hinge_embedding_loss_module(reduction, shape, margin, seed):
    g = np.random.default_rng(seed)
    x, y = g.normal(size=shape) * 2, g.choice([-1.0, 1.0, 1.0, -1.0, 0.0], size=shape)  # 0: both terms
    ours, theirs = nn.HingeEmbeddingLoss(margin, reduction=reduction), torch.nn.HingeEmbeddingLoss(
        margin, reduction=reduction)
    assert repr(ours) == repr(theirs)
    if shape[0] == 0 and reduction == "mean":
        assert np.isnan(ours(mg.tensor(x), y).item()) and torch.isnan(theirs(torch.tensor(x), torch.tensor(y)))
        return
    compare(ours, theirs, [x, y], (0,), seed)


@settings(max_examples=40, deadline=None)
@given(reduction=REDUCTIONS, n=st.integers(0, 4), c=st.integers(1, 5), unbatched=st.booleans(),
       seed=st.integers(0, 9999))
def test_multilabel_margin_loss_module(reduction, n, c, unbatched, seed):
    g = np.random.default_rng(seed)
    shape = (c,) if unbatched else (n, c)
    x = g.normal(size=shape)
    y = g.integers(-1, c, size=shape)  # -1 ends each row's list; later entries (even repeated ones) are ignored
    ours, theirs = nn.MultiLabelMarginLoss(reduction=reduction), torch.nn.MultiLabelMarginLoss(reduction=reduction)
    assert repr(ours) == repr(theirs)
    if n == 0 and not unbatched and reduction == "mean":  # PyTorch returns uninitialised memory here
        assert ours(mg.tensor(x), y).item() == 0
        return
    compare(ours, theirs, [x, y], (0,), seed)


@settings(max_examples=30, deadline=None)
@given(reduction=REDUCTIONS, shape=st.sampled_from([(1, 1), (3, 4), (2, 1), (5,), (2, 3, 2)]),
       weighted=st.booleans(), seed=st.integers(0, 9999))
def test_multilabel_soft_margin_loss_module(reduction, shape, weighted, seed):
    g = np.random.default_rng(seed)
    x, y = g.normal(size=shape) * 3, g.integers(0, 2, size=shape).astype(np.float64)
    w = g.uniform(0.5, 2.0, size=shape[-1]) if weighted else None
    ours = nn.MultiLabelSoftMarginLoss(weight=w, reduction=reduction)
    theirs = torch.nn.MultiLabelSoftMarginLoss(weight=None if w is None else torch.tensor(w), reduction=reduction)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    compare(ours, theirs, [x, y], (0, 1), seed)


@settings(max_examples=30, deadline=None)
@given(reduction=REDUCTIONS, n=st.integers(0, 4), d=st.integers(1, 3), swap=st.booleans(),
       margin=st.sampled_from([0.5, 1.0, 3.0]), custom=st.booleans(), seed=st.integers(0, 9999))
def test_triplet_margin_with_distance_loss_module(reduction, n, d, swap, margin, custom, seed):
    g = np.random.default_rng(seed)
    a, pos, neg = (g.normal(size=(n, d)) for _ in range(3))
    ours = nn.TripletMarginWithDistanceLoss(
        distance_function=(lambda u, v: 1 - F.cosine_similarity(u, v)) if custom else None, margin=margin,
        swap=swap, reduction=reduction)
    theirs = torch.nn.TripletMarginWithDistanceLoss(
        distance_function=(lambda u, v: 1 - torch.nn.functional.cosine_similarity(u, v)) if custom else None,
        margin=margin, swap=swap, reduction=reduction)
    if not custom:
        assert repr(ours) == repr(theirs)
    if n == 0 and reduction == "mean":
        assert np.isnan(ours(mg.tensor(a), pos, neg).item())
        return
    compare(ours, theirs, [a, pos, neg], (0, 1, 2), seed)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_central_differences(reduction):
    g = np.random.default_rng(7)
    x = g.normal(size=(3, 4))
    y = np.array([[2, 0, -1, 3], [1, -1, 0, 0], [0, 1, 2, 3]])
    check_op(lambda a: F.multilabel_margin_loss(a, y, reduction=reduction), None, x)
    check_op(lambda a: F.multi_margin_loss(a, np.array([0, 3, 1]), p=2, weight=[1.0, 2.0, 0.5, 1.5],
                                              reduction=reduction), None, x)
    check_op(lambda a, t: F.multilabel_soft_margin_loss(a, t, weight=[1.0, 2.0, 0.5, 1.5], reduction=reduction),
             None, x, g.uniform(size=(3, 4)))
    check_op(lambda a: F.hinge_embedding_loss(a, np.sign(x), margin=5.0, reduction=reduction), None, x)
    check_op(lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, swap=True, margin=2.0,
                                                                 reduction=reduction), None, x, x + 1, x * 0.5)


def test_documented_values():
    x = mg.tensor([[0.1, 0.2, 0.4, 0.8]])
    assert np.isclose(nn.MultiLabelMarginLoss()(x, [[3, 0, -1, 1]]).item(), 0.85)
    assert np.isclose(nn.MultiMarginLoss()(x, [3]).item(), 0.325)


@pytest.mark.parametrize("make, exc, match", [
    (lambda: nn.MultiMarginLoss(p=3), ValueError, "p == 1 and p == 2"),
    (lambda: nn.MultiMarginLoss(weight=np.ones((2, 2))), ValueError, "weight"),
    (lambda: nn.MultiMarginLoss(margin="1"), TypeError, "margin"),
    (lambda: nn.MarginRankingLoss(reduction="avg"), ValueError, "reduction"),
    (lambda: nn.HingeEmbeddingLoss(margin=None), TypeError, "margin"),
    (lambda: nn.TripletMarginWithDistanceLoss(margin=0), ValueError, "margin must be greater than 0"),
    (lambda: nn.TripletMarginWithDistanceLoss(distance_function=3), TypeError, "distance_function"),
    (lambda: nn.MultiLabelMarginLoss()(mg.ones((2, 3)), [[0, 3, -1]] * 2), RuntimeError, r"\[0, 3\)"),
    (lambda: nn.MultiLabelMarginLoss()(mg.ones((2, 3)), [[0, 1]] * 2), ValueError, r"\(2, 3\)"),
    (lambda: nn.MultiLabelMarginLoss()(mg.ones((2, 3)), np.zeros((2, 3))), TypeError, "integer"),
    (lambda: nn.MultiMarginLoss()(mg.ones((2, 3)), [0, 3]), IndexError, r"multi_margin_loss: target class indices must be in \[0, 3\)"),
    (lambda: nn.MultiMarginLoss(weight=[1.0, 2.0])(mg.ones((2, 3)), [0, 1]), ValueError, r"\(3,\)"),
    (lambda: nn.MultiMarginLoss()(mg.ones((2, 3, 4)), [0, 1]), ValueError, r"\(C,\) or \(N, C\)"),
    (lambda: nn.HingeEmbeddingLoss()(mg.ones((2, 3)), np.ones(4)), ValueError, "broadcast"),
    (lambda: nn.MultiLabelSoftMarginLoss()(mg.ones((2, 3)), np.ones((2, 4))), ValueError, "broadcast"),
    (lambda: nn.MultiLabelSoftMarginLoss()(mg.tensor(1.0), 1.0), ValueError, "0-d"),
    (lambda: nn.TripletMarginWithDistanceLoss()(mg.ones((2, 3)), mg.ones(3), mg.ones((2, 3))), ValueError,
     "same number of dimensions"),
])
def test_bad_arguments(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_float32_inputs_give_float32_losses():
    x = mg.tensor(np.ones((2, 3), np.float32))
    for loss, args in [(nn.MultiMarginLoss(p=2, weight=np.ones(3)), ([0, 1],)),
                       (nn.MultiLabelSoftMarginLoss(weight=[1.0, 2.0, 3.0]), (np.ones((2, 3)),)),
                       (nn.HingeEmbeddingLoss(), (np.ones((2, 3)),)), (nn.MultiLabelMarginLoss(), ([[0, -1, 0]] * 2,)),
                       (nn.TripletMarginWithDistanceLoss(), (x, x))]:
        assert loss(x, *args).dtype == np.float32, loss


@pytest.mark.parametrize("p", [2.0, np.int64(1)])
def test_multi_margin_power_may_be_any_number_equal_to_1_or_2_as_in_pytorch(p):
    torch = pytest.importorskip("torch")
    torch.nn.MultiMarginLoss(p=p)
    assert nn.MultiMarginLoss(p=p).p == p


@pytest.mark.parametrize("p", [3, True, np.ones(2), "2"])
def test_multi_margin_power_other_than_1_or_2_is_named(p):
    with pytest.raises(ValueError, match=r"^MultiMarginLoss: only p == 1 and p == 2 supported; got p="):
        nn.MultiMarginLoss(p=p)
    with pytest.raises(ValueError, match=r"multi_margin_loss: only p == 1 and p == 2 supported; got p="):
        F.multi_margin_loss(mg.ones((2, 3)), [0, 1], p=p)


def test_multi_margin_loss_names_a_ragged_weight():
    with pytest.raises(ValueError, match=r"^MultiMarginLoss: weight must be 1-D"):
        nn.MultiMarginLoss(weight=[[1.0], [1.0, 2.0]])
