"""nn.functional losses vs independent NumPy formulas (PyTorch's documented definitions)."""

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
import mygrad.nn.functional as F
from tests.gradcheck import arrays, check_op

try:  # compare with PyTorch where it happens to be installed
    import torch
except ImportError:  # pragma: no cover
    torch = None


def np_log_softmax(x, axis=1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def ref_cross_entropy(x, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """PyTorch's definition, written per sample with the class axis 1."""
    c = x.shape[1]
    logp = np.moveaxis(np_log_softmax(x, 1), 1, -1).reshape(-1, c)
    w = np.ones(c) if weight is None else weight
    if np.asarray(target).dtype.kind in "iu":
        t = np.asarray(target).reshape(-1)
        keep = t != ignore_index
        ts = np.where(keep, t, 0)
        nll = -w[ts] * logp[np.arange(len(ts)), ts] * keep
        smooth = -(logp * w).sum(axis=1) * keep
        per = (1 - label_smoothing) * nll + label_smoothing / c * smooth
        denom = (w[ts] * keep).sum()
    else:
        t = np.moveaxis(np.asarray(target), 1, -1).reshape(-1, c) * (1 - label_smoothing) + label_smoothing / c
        per = -(t * w * logp).sum(axis=1)
        denom = len(per)
    if reduction == "none":
        return per.reshape((x.shape[0],) + x.shape[2:])
    return per.sum() / (denom if reduction == "mean" else 1)


@st.composite
def ce_cases(draw):
    n, c = draw(st.integers(1, 4)), draw(st.integers(2, 4))
    extra = draw(st.sampled_from([(), (2,), (2, 1)]))
    rng = np.random.default_rng(draw(st.integers(0, 999)))
    x = rng.normal(size=(n, c) + extra) * 3
    if draw(st.booleans()):
        target = rng.integers(0, c, size=(n,) + extra)
        if draw(st.booleans()):
            target.flat[0] = -100  # ignored
    else:
        target = rng.dirichlet(np.ones(c), size=(n,) + extra)
        target = np.moveaxis(target, -1, 1)
    kwargs = dict(reduction=draw(st.sampled_from(["mean", "sum", "none"])),
                  label_smoothing=draw(st.sampled_from([0.0, 0.1])))
    if draw(st.booleans()):
        kwargs["weight"] = rng.uniform(0.5, 2, size=c)
    return x, target, kwargs


@settings(max_examples=40)
@given(case=ce_cases())
def test_cross_entropy_matches_formula_and_gradients(case):
    x, target, kwargs = case
    if kwargs["reduction"] == "mean" and target.dtype.kind == "i" and (target == -100).all():
        return  # 0/0: nan, as PyTorch
    check_op(lambda a, **k: F.cross_entropy(a, target, **k), lambda a, **k: ref_cross_entropy(a, target, **k), x,
             kwargs=kwargs)


def test_cross_entropy_unbatched_and_mygrad_example():
    np.testing.assert_allclose(F.cross_entropy(mg.tensor([1.0, 2.0, 0.5]), np.array(1)).data,
                               -np_log_softmax(np.array([[1.0, 2.0, 0.5]]))[0, 1])
    np.testing.assert_allclose(F.cross_entropy(mg.tensor([[2.0, 2, 2], [0, 0, 1e6]]), [0, 2]).data, np.log(3) / 2)


@pytest.mark.parametrize("target_kind", ["index", "probs"])
def test_cross_entropy_extreme_logits_are_finite_float32(target_kind):
    x = mg.tensor(np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4]], dtype=np.float32))
    target = np.array([1, 2]) if target_kind == "index" else np.array([[0, 1, 0], [0.5, 0, 0.5]], np.float32)
    loss = F.cross_entropy(x, target, label_smoothing=0.1)
    loss.backward()
    assert loss.dtype == x.grad.dtype == np.float32
    assert np.isfinite(loss.data) and np.isfinite(x.grad).all()


@pytest.mark.parametrize("options", [{}, {"weight": np.array([1.0, 2.0, 0.5])}, {"reduction": "none"},
                                     {"label_smoothing": 0.1}])
def test_cross_entropy_with_masked_minus_inf_logits_is_pytorchs(options):
    # contrastive losses (SimCLR's NT-Xent) mask the diagonal of a similarity matrix with -inf: a class with no
    # target weight adds 0 (0 * -inf gave nan); with label smoothing the loss is inf, as in PyTorch
    x = np.array([[-np.inf, 1.0, 2.0], [0.5, -np.inf, 1.0]])
    target = np.array([1, 2])
    logits = mg.tensor(x)
    loss = F.cross_entropy(logits, target, **options)
    mg.sum(loss).backward()
    log_p = x - x.max(1, keepdims=True)
    log_p = log_p - np.log(np.exp(log_p).sum(1, keepdims=True))
    per_sample = -log_p[[0, 1], target] * (options["weight"][target] if "weight" in options else 1)
    if "label_smoothing" in options:
        assert loss.item() == np.inf
    elif options.get("reduction") == "none":
        np.testing.assert_allclose(loss.data, per_sample)
    else:
        np.testing.assert_allclose(loss.item(), per_sample.sum() / (options["weight"][target].sum()
                                                                    if "weight" in options else 2))
    assert not np.isnan(logits.grad).any() and (logits.grad[np.isinf(x)] <= 0).all()
    nll = F.nll_loss(mg.tensor(log_p), target)  # log-probabilities with -inf entries
    assert np.isfinite(nll.item())
    torch = pytest.importorskip("torch")
    t = torch.tensor(x, requires_grad=True)
    tloss = torch.nn.functional.cross_entropy(t, torch.tensor(target), **{k: torch.tensor(v) if isinstance(v, np.ndarray)
                                                                       else v for k, v in options.items()})
    tloss.sum().backward()
    np.testing.assert_allclose(loss.data, tloss.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(logits.grad, t.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_cross_entropy_gradient_is_softmax_minus_onehot():
    x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    t = mg.tensor(x)
    F.cross_entropy(t, [2, 0], reduction="sum").backward()
    p = np.exp(np_log_softmax(x))
    np.testing.assert_allclose(t.grad, p - np.eye(3)[[2, 0]])


def test_cross_entropy_errors():
    with pytest.raises(ValueError, match="class-index target must have shape"):
        F.cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(IndexError, match="target values must be in"):
        F.cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="reduction"):
        F.cross_entropy(np.zeros((2, 3)), np.array([0, 1]), reduction="avg")
    with pytest.raises(ValueError, match="weight must have shape"):
        F.cross_entropy(np.zeros((2, 3)), np.array([0, 1]), weight=np.ones(2))


@settings(max_examples=20)
@given(n=st.integers(1, 4), c=st.integers(1, 4), reduction=st.sampled_from(["mean", "sum", "none"]),
       weighted=st.booleans(), seed=st.integers(0, 99))
def test_nll_loss(n, c, reduction, weighted, seed):
    rng = np.random.default_rng(seed)
    x, t = rng.normal(size=(n, c)), rng.integers(0, c, size=n)
    w = rng.uniform(0.5, 2, size=c) if weighted else None
    ww = np.ones(c) if w is None else w
    per = -ww[t] * x[np.arange(n), t]
    expected = {"none": per, "sum": per.sum(), "mean": per.sum() / ww[t].sum()}[reduction]
    check_op(lambda a: F.nll_loss(a, t, weight=w, reduction=reduction), lambda a: expected, x)


REGRESSION = [
    (F.mse_loss, {}, lambda d: d ** 2),
    (F.l1_loss, {}, np.abs),
    (F.smooth_l1_loss, {"beta": 0.5}, lambda d: np.where(np.abs(d) < 0.5, 0.5 * d ** 2 / 0.5, np.abs(d) - 0.25)),
    (F.huber_loss, {"delta": 0.5}, lambda d: np.where(np.abs(d) < 0.5, 0.5 * d ** 2, 0.5 * (np.abs(d) - 0.25))),
]


@pytest.mark.parametrize("func, kwargs, elementwise", REGRESSION, ids=lambda v: getattr(v, "__name__", ""))
@settings(max_examples=15)
@given(x=arrays((2, 3), -3, 3), y=arrays((2, 3), -3, 3), reduction=st.sampled_from(["mean", "sum", "none"]))
def test_regression_losses(func, kwargs, elementwise, x, y, reduction):
    d = x - y
    y = np.where(np.isin(np.round(np.abs(d), 3), [0.0, 0.5]), y + 0.1, y)  # keep off the kinks
    reduce = {"none": lambda v: v, "sum": np.sum, "mean": np.mean}[reduction]
    check_op(lambda a, b: func(a, b, reduction=reduction, **kwargs), lambda a, b: reduce(elementwise(a - b)), x, y)


@settings(max_examples=15)
@given(seed=st.integers(0, 99), reduction=st.sampled_from(["mean", "sum", "none"]), weighted=st.booleans())
def test_binary_cross_entropy(seed, reduction, weighted):
    rng = np.random.default_rng(seed)
    p, y = rng.uniform(0.05, 0.95, size=(3, 2)), rng.uniform(0, 1, size=(3, 2))
    w = rng.uniform(0.5, 2, size=(2,)) if weighted else None
    per = -(y * np.log(p) + (1 - y) * np.log(1 - p)) * (1 if w is None else w)
    expected = {"none": per, "sum": per.sum(), "mean": per.mean()}[reduction]
    check_op(lambda a, b: F.binary_cross_entropy(a, b, weight=w, reduction=reduction), lambda a, b: expected, p, y)


def test_binary_cross_entropy_log_clamp_at_boundary():
    p = mg.tensor(np.array([0.0, 1.0, 1.0], dtype=np.float32))
    loss = F.binary_cross_entropy(p, np.array([1.0, 0.0, 1.0], np.float32), reduction="none")
    np.testing.assert_allclose(loss.data, [100.0, 100.0, 0.0])
    loss.backward()
    assert loss.dtype == p.grad.dtype == np.float32 and np.isfinite(p.grad).all()
    with pytest.raises(ValueError, match="probabilities"):
        F.binary_cross_entropy(mg.tensor([1.5]), [1.0])


@settings(max_examples=15)
@given(seed=st.integers(0, 99), reduction=st.sampled_from(["mean", "sum", "none"]), pos=st.booleans(),
       weighted=st.booleans())
def test_bce_with_logits(seed, reduction, pos, weighted):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(3, 2)) * 4, rng.uniform(0, 1, size=(3, 2))
    pw = rng.uniform(0.5, 3, size=(2,)) if pos else None
    w = rng.uniform(0.5, 2, size=(3, 1)) if weighted else None
    s = 1 / (1 + np.exp(-x))
    per = -((1 if pw is None else pw) * y * np.log(s) + (1 - y) * np.log(1 - s)) * (1 if w is None else w)
    expected = {"none": per, "sum": per.sum(), "mean": per.mean()}[reduction]
    check_op(lambda a, b: F.binary_cross_entropy_with_logits(a, b, weight=w, reduction=reduction, pos_weight=pw),
             lambda a, b: expected, x, y, rtol=1e-4)


def test_bce_with_logits_extreme_is_finite():
    x = mg.tensor(np.array([1e4, -1e4, 1e4, -1e4], dtype=np.float32))
    y = np.array([1.0, 0.0, 0.0, 1.0], np.float32)
    loss = F.binary_cross_entropy_with_logits(x, y, reduction="none", pos_weight=np.float32(2.0))
    loss.backward()
    np.testing.assert_allclose(loss.data, [0, 0, 1e4, 2e4])
    assert loss.dtype == x.grad.dtype == np.float32 and np.isfinite(x.grad).all()
    np.testing.assert_allclose(x.grad, [0, 0, 1, -2])


def test_margin_losses():
    rng = np.random.default_rng(0)
    x1, x2, y = rng.normal(size=5), rng.normal(size=5), np.array([1, -1, 1, 1, -1])
    check_op(lambda a, b: F.margin_ranking_loss(a, b, y, margin=0.3),
             lambda a, b: np.maximum(0, 0.3 - y * (a - b)).mean(), x1, x2)
    x, t = rng.normal(size=(4, 3)), np.array([0, 2, 1, 1])
    own = np.eye(3, dtype=bool)[t]
    ref = (np.where(own, 0, np.maximum(0, 1 - x[np.arange(4), t][:, None] + x)).sum(axis=1) / 3).mean()
    check_op(lambda a: F.multi_margin_loss(a, t), lambda a: ref, x)


def test_focal_losses_reduce_to_cross_entropy_at_gamma_zero_and_match_formula():
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(4, 3)), np.array([0, 2, 1, 1])
    logp = np_log_softmax(x)[np.arange(4), t]
    check_op(lambda a: F.softmax_focal_loss(a, t), lambda a: -logp, x)
    p = np.exp(logp)
    check_op(lambda a: F.softmax_focal_loss(a, t, alpha=0.5, gamma=2.0),
             lambda a: -0.5 * (1 - p + 1e-14) ** 2 * logp, x)
    probs = np.exp(np_log_softmax(x))
    check_op(lambda a: F.focal_loss(a, t, alpha=0.5, gamma=2.0), lambda a: -0.5 * (1 - p + 1e-14) ** 2 * logp,
             probs)


@pytest.mark.skipif(torch is None, reason="PyTorch is not installed")
def test_cross_entropy_against_torch():  # pragma: no cover
    rng = np.random.default_rng(0)
    x, t, w = rng.normal(size=(5, 4, 2)), rng.integers(0, 4, size=(5, 2)), rng.uniform(0.5, 2, size=4)
    t[0, 0] = -100
    ours = F.cross_entropy(x, t, weight=w, label_smoothing=0.2).item()
    theirs = torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(t), weight=torch.tensor(w),
                                               label_smoothing=0.2).item()
    assert np.isclose(ours, theirs)


@pytest.mark.parametrize("loss, kwargs", [
    (F.cross_entropy, {}), (F.cross_entropy, dict(label_smoothing=0.1)), (F.cross_entropy, dict(weight="w")),
    (F.cross_entropy, dict(target="probs")), (F.nll_loss, {}), (F.cross_entropy, dict(reduction="sum")),
    (F.cross_entropy, dict(extra=(3,))),
])
def test_a_loss_over_an_empty_batch_is_nan_for_the_mean_and_zero_for_the_sum(loss, kwargs):
    """The mean over no samples is 0/0 (PyTorch gives nan); the sum is 0; the gradient is empty."""
    kwargs = dict(kwargs)
    extra = kwargs.pop("extra", ())
    x = mg.tensor(np.zeros((0, 5, *extra), np.float32))
    target = np.zeros((0, *extra), np.int64)
    if kwargs.pop("target", None) == "probs":
        target = np.zeros((0, 5, *extra), np.float32)
    if kwargs.get("weight") == "w":
        kwargs["weight"] = np.ones(5, np.float32)
    out = loss(x, target, **kwargs)
    out.backward()
    expected = 0.0 if kwargs.get("reduction") == "sum" else np.nan
    np.testing.assert_equal(out.item(), expected)
    assert out.dtype == np.float32 and x.grad.shape == x.shape
    if torch is not None:
        t_kwargs = {k: (torch.tensor(v) if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
        t_loss = getattr(torch.nn.functional, loss.__name__)(torch.tensor(x.data), torch.tensor(target), **t_kwargs)
        np.testing.assert_equal(out.item(), t_loss.item())


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 5), c=st.integers(1, 5), extra=st.sampled_from([(), (3,)]),
       dtype=st.sampled_from([np.float32, np.float64]), reduction=st.sampled_from(["mean", "sum", "none"]),
       seed=st.integers(0, 999))
def test_cross_entropy_of_plain_class_indices_equals_the_weighted_form_exactly(n, c, extra, dtype, reduction, seed):
    """Plain index targets (no weights, no smoothing, none ignored) take a shorter path: it must give exactly
    what the general one (all-ones class weights) gives, loss and gradient."""
    rng = np.random.default_rng(seed)
    x = (rng.normal(size=(n, c, *extra)) * 3).astype(dtype)
    target = rng.integers(0, c, size=(n, *extra))
    results = []
    for weight in (None, np.ones(c, dtype)):
        scores = mg.tensor(x)
        loss = F.cross_entropy(scores, target, weight=weight, reduction=reduction)
        loss.backward()
        results.append((loss.data, scores.grad))
    (plain, plain_grad), (weighted, weighted_grad) = results
    assert plain.dtype == weighted.dtype == dtype
    np.testing.assert_array_equal(plain, weighted)
    np.testing.assert_array_equal(plain_grad, weighted_grad)
