"""kl_div, gaussian/poisson NLL, soft margin, cosine similarity, normalize, pairwise distance, cosine embedding
and triplet margin losses (functions and modules) against PyTorch: values and the gradient of every input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
import mygrad.nn.functional as F
from mygrad import nn

torch = pytest.importorskip("torch")
TF = torch.nn.functional

REDUCTIONS = st.sampled_from(["mean", "sum", "none"])
SHAPES = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)


def check(ours, theirs, arrays, grads, *, rtol=1e-4, atol=1e-5):
    """``ours(*tensors)`` vs ``theirs(*torch tensors)``: value, dtype float32, and d(sum(G * out))/d(arrays[i])
    for every i with ``grads[i]``."""
    m_in = [mg.tensor(a, constant=not g) for a, g in zip(arrays, grads)]
    t_in = [torch.from_numpy(np.array(a)).requires_grad_(g) for a, g in zip(arrays, grads)]
    out = ours(*m_in)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_out = theirs(*t_in)
    assert out.shape == tuple(t_out.shape)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=rtol, atol=atol)
    upstream = np.random.default_rng(0).normal(size=out.shape).astype(np.float32)
    (out * upstream).sum().backward()
    (t_out * torch.from_numpy(upstream)).sum().backward()
    for i, (m, t, g) in enumerate(zip(m_in, t_in, grads)):
        if g:
            assert m.grad.dtype == np.float32
            np.testing.assert_allclose(m.grad, t.grad.numpy(), rtol=rtol, atol=atol, err_msg=f"gradient {i}")


def normal(rng, shape, scale=1.0):
    return (rng.normal(size=shape) * scale).astype(np.float32)


@settings(max_examples=40, deadline=None)
@given(shape=SHAPES, reduction=st.sampled_from(["mean", "sum", "none", "batchmean"]), log_target=st.booleans(),
       seed=st.integers(0, 9999))
def test_kl_div(shape, reduction, log_target, seed):
    rng = np.random.default_rng(seed)
    x = np.log(rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])).astype(np.float32)
    t = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]).astype(np.float32) + np.float32(0.01)
    t = np.log(t) if log_target else t
    check(lambda a, b: F.kl_div(a, b, reduction=reduction, log_target=log_target),
          lambda a, b: TF.kl_div(a, b, reduction=reduction, log_target=log_target), [x, t], [True, True])
    check(lambda a, b: nn.KLDivLoss(reduction=reduction, log_target=log_target)(a, b),
          lambda a, b: torch.nn.KLDivLoss(reduction=reduction, log_target=log_target)(a, b), [x, t], [True, False])


def test_kl_div_zero_target_is_zero_not_nan():
    x = mg.tensor(np.log(np.array([[0.5, 0.5]], np.float32)))
    loss = F.kl_div(x, np.array([[1.0, 0.0]], np.float32), reduction="batchmean")
    loss.backward()
    assert np.isfinite(loss.item()) and np.all(np.isfinite(x.grad))
    with pytest.raises(ValueError, match="reduction"):
        F.kl_div(x, x, reduction="average")


@settings(max_examples=40, deadline=None)
@given(shape=SHAPES, reduction=REDUCTIONS, full=st.booleans(), var_kind=st.sampled_from(["same", "short", "one",
                                                                                           "float"]),
       tiny=st.booleans(), seed=st.integers(0, 9999))
def test_gaussian_nll(shape, reduction, full, var_kind, tiny, seed):
    rng = np.random.default_rng(seed)
    x, y = normal(rng, shape), normal(rng, shape)
    var_shape = {"same": shape, "short": shape[:-1], "one": shape[:-1] + (1,), "float": shape}[var_kind]
    var = (rng.uniform(0.1, 2, size=var_shape) * (1e-9 if tiny else 1)).astype(np.float32)  # tiny: clamped to eps
    if var_kind == "float":
        v = float(var.flat[0])
        check(lambda a, b: F.gaussian_nll_loss(a, b, v, full=full, reduction=reduction),
              lambda a, b: TF.gaussian_nll_loss(a, b, v, full=full, reduction=reduction), [x, y], [True, True],
              rtol=1e-3)
        return
    check(lambda a, b, c: nn.GaussianNLLLoss(full=full, reduction=reduction)(a, b, c),
          lambda a, b, c: torch.nn.GaussianNLLLoss(full=full, reduction=reduction)(a, b, c), [x, y, var],
          [True, True, True], rtol=1e-3)


def test_gaussian_nll_validation():
    with pytest.raises(ValueError, match="var has negative"):
        F.gaussian_nll_loss(np.zeros(3), np.zeros(3), -np.ones(3))
    with pytest.raises(ValueError, match="var is of incorrect size"):
        F.gaussian_nll_loss(np.zeros((2, 3)), np.zeros((2, 3)), np.ones((3, 2)))


@settings(max_examples=40, deadline=None)
@given(shape=SHAPES, reduction=REDUCTIONS, log_input=st.booleans(), full=st.booleans(), seed=st.integers(0, 9999))
def test_poisson_nll(shape, reduction, log_input, full, seed):
    rng = np.random.default_rng(seed)
    x = normal(rng, shape) if log_input else rng.uniform(0.1, 3, size=shape).astype(np.float32)
    t = rng.poisson(2.0, size=shape).astype(np.float32) + rng.uniform(0, 0.5, size=shape).astype(np.float32)
    check(lambda a, b: F.poisson_nll_loss(a, b, log_input=log_input, full=full, reduction=reduction),
          lambda a, b: TF.poisson_nll_loss(a, b, log_input=log_input, full=full, reduction=reduction), [x, t],
          [True, True])
    check(lambda a, b: nn.PoissonNLLLoss(log_input, full, reduction=reduction)(a, b),
          lambda a, b: torch.nn.PoissonNLLLoss(log_input, full, reduction=reduction)(a, b), [x, t], [True, False])


@settings(max_examples=30, deadline=None)
@given(shape=SHAPES, reduction=REDUCTIONS, seed=st.integers(0, 9999))
def test_soft_margin(shape, reduction, seed):
    rng = np.random.default_rng(seed)
    x, y = normal(rng, shape, 3), rng.choice([-1.0, 1.0], size=shape).astype(np.float32)
    check(lambda a, b: F.soft_margin_loss(a, b, reduction=reduction),
          lambda a, b: TF.soft_margin_loss(a, b, reduction=reduction), [x, y], [True, False])
    check(lambda a, b: nn.SoftMarginLoss(reduction=reduction)(a, b),
          lambda a, b: torch.nn.SoftMarginLoss(reduction=reduction)(a, b), [x, y], [True, False])
    big = mg.tensor(np.array([200.0], np.float32))
    loss = F.soft_margin_loss(big, np.array([-1.0], np.float32))
    loss.backward()
    assert loss.item() == pytest.approx(200.0) and big.grad == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), data=st.data(),
       seed=st.integers(0, 9999))
def test_cosine_similarity_and_normalize(shape, data, seed):
    rng = np.random.default_rng(seed)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    x1, x2 = normal(rng, shape), normal(rng, shape)
    if data.draw(st.booleans()):  # x2 broadcast along one axis
        x2 = x2[tuple(slice(0, 1) if i == 0 else slice(None) for i in range(len(shape)))].copy()
    # the gradients are differences of terms ~1/|x| that cancel (exactly, when the axis has one element): float32
    # rounding of those terms, not of the result, sets the tolerance
    smallest = min(np.abs(x1).max(axis=dim).min(), np.abs(x2).max(axis=dim).min())
    atol = 1e-5 * max(1.0, 1.0 / float(smallest))
    check(lambda a, b: F.cosine_similarity(a, b, dim=dim), lambda a, b: TF.cosine_similarity(a, b, dim=dim),
          [x1, x2], [True, True], atol=atol)
    check(lambda a, b: nn.CosineSimilarity(dim)(a, b), lambda a, b: torch.nn.CosineSimilarity(dim)(a, b),
          [x1, x2], [True, True], atol=atol)
    p = data.draw(st.sampled_from([1.0, 2.0, 3.0, float("inf")]))
    check(lambda a: F.normalize(a, p=p, dim=dim), lambda a: TF.normalize(a, p=p, dim=dim), [x1], [True], atol=atol)


def test_normalize_and_cosine_of_zero_vectors_are_finite():
    x = mg.tensor(np.zeros((2, 3), np.float32))
    y = F.normalize(x)
    (y * 2).sum().backward()
    assert np.all(y.data == 0) and np.all(np.isfinite(x.grad))
    c = F.cosine_similarity(x, np.ones((2, 3), np.float32))
    assert np.all(c.data == 0)


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(0, 4), d=st.integers(1, 5), p=st.sampled_from([1.0, 2.0, 3.0]), keepdim=st.booleans(),
       seed=st.integers(0, 9999))
def test_pairwise_distance(batch, d, p, keepdim, seed):
    rng = np.random.default_rng(seed)
    shape = (d,) if batch == 0 else (batch, d)
    x1, x2 = normal(rng, shape), normal(rng, shape)
    check(lambda a, b: F.pairwise_distance(a, b, p=p, keepdim=keepdim),
          lambda a, b: TF.pairwise_distance(a, b, p=p, keepdim=keepdim), [x1, x2], [True, True])
    check(lambda a, b: nn.PairwiseDistance(p, keepdim=keepdim)(a, b),
          lambda a, b: torch.nn.PairwiseDistance(p, keepdim=keepdim)(a, b), [x1, x2], [True, True])


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(0, 4), d=st.integers(1, 5), margin=st.sampled_from([-0.5, 0.0, 0.3]),
       reduction=REDUCTIONS, seed=st.integers(0, 9999))
def test_cosine_embedding_loss(batch, d, margin, reduction, seed):
    rng = np.random.default_rng(seed)
    shape = (d,) if batch == 0 else (batch, d)
    # entries of at least 0.1 in size: for tiny vectors the 1e-12 that both add to each squared norm decides
    # the gradient, and in float32 that is rounding noise (it differed from PyTorch's by 8% at |x2| = 1e-3)
    x1, x2 = (np.copysign(np.float32(0.1) + np.abs(v), v) for v in (normal(rng, shape), normal(rng, shape)))
    y = rng.choice([-1, 1], size=shape[:-1]).astype(np.int64)
    check(lambda a, b: F.cosine_embedding_loss(a, b, y, margin=margin, reduction=reduction),
          lambda a, b: TF.cosine_embedding_loss(a, b, torch.from_numpy(y), margin=margin, reduction=reduction),
          [x1, x2], [True, True])
    check(lambda a, b: nn.CosineEmbeddingLoss(margin, reduction=reduction)(a, b, y),
          lambda a, b: torch.nn.CosineEmbeddingLoss(margin, reduction=reduction)(a, b, torch.from_numpy(y)),
          [x1, x2], [True, True])
    with pytest.raises(ValueError, match="target"):
        F.cosine_embedding_loss(x1, x2, np.ones(shape))


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(0, 4), d=st.integers(1, 5), margin=st.sampled_from([0.1, 1.0, 3.0]),
       p=st.sampled_from([1.0, 2.0, 3.0]), swap=st.booleans(), reduction=REDUCTIONS, seed=st.integers(0, 9999))
def test_triplet_margin_loss(batch, d, margin, p, swap, reduction, seed):
    rng = np.random.default_rng(seed)
    shape = (d,) if batch == 0 else (batch, d)
    a, pos, neg = normal(rng, shape), normal(rng, shape), normal(rng, shape)
    kw = dict(margin=margin, p=p, swap=swap, reduction=reduction)
    check(lambda *x: F.triplet_margin_loss(*x, **kw), lambda *x: TF.triplet_margin_loss(*x, **kw),
          [a, pos, neg], [True, True, True])
    check(lambda *x: nn.TripletMarginLoss(**kw)(*x), lambda *x: torch.nn.TripletMarginLoss(**kw)(*x),
          [a, pos, neg], [True, True, True])


def test_triplet_validation():
    with pytest.raises(ValueError, match="margin must be greater than 0"):
        nn.TripletMarginLoss(margin=0.0)
    with pytest.raises(ValueError, match="same number of dimensions"):
        F.triplet_margin_loss(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="reduction"):
        F.triplet_margin_loss(np.zeros(3), np.zeros(3), np.zeros(3), reduction="avg")
