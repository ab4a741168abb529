"""Loss modules: options forwarded correctly, values against NumPy, gradients, buffers, dtypes, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from tests.gradcheck import check_op


def gen(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def reduce(losses, reduction, denominator=None):
    if reduction == "none":
        return losses
    if reduction == "sum":
        return losses.sum()
    return losses.sum() / (losses.size if denominator is None else denominator)


def log_softmax(x, axis=1):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def reference_cross_entropy(x, y, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Integer labels; x of shape (N, C, *d). Written from PyTorch's documented formula."""
    n_classes = x.shape[1]
    w = np.ones(n_classes) if weight is None else weight
    logp = np.moveaxis(log_softmax(x), 1, -1)  # (N, *d, C)
    keep = y != ignore_index
    safe_y = np.where(keep, y, 0)
    nll = -w[safe_y] * np.take_along_axis(logp, safe_y[..., None], -1)[..., 0]
    smooth = -(w * logp).sum(-1) / n_classes
    losses = np.where(keep, (1 - label_smoothing) * nll + label_smoothing * smooth, 0.0)
    return reduce(losses, reduction, (w[safe_y] * keep).sum())


@settings(max_examples=25)
@given(
    reduction=st.sampled_from(["mean", "sum", "none"]), smoothing=st.sampled_from([0.0, 0.1]),
    weighted=st.booleans(), ignore=st.booleans(), spatial=st.booleans(), seed=st.integers(0, 1000),
)
def test_cross_entropy_loss_with_class_labels(reduction, smoothing, weighted, ignore, spatial, seed):
    g = gen(seed)
    shape = (4, 3, 2) if spatial else (4, 3)
    x = g.normal(size=shape) * 3
    y = g.integers(0, 3, size=(4, 2) if spatial else (4,))
    if ignore:
        y.flat[0] = 1 if spatial else -1  # ignore_index=1 / -1 below
    ignore_index = (1 if spatial else -1) if ignore else -100
    weight = g.uniform(0.5, 2.0, size=3) if weighted else None
    loss = nn.CrossEntropyLoss(weight=weight, ignore_index=ignore_index, reduction=reduction,
                               label_smoothing=smoothing)
    expected = reference_cross_entropy(x, y, weight, ignore_index, reduction, smoothing)

    def numpy_loss(scores, _labels):
        return expected

    check_op(lambda s, t: loss(s, mg.asarray(t).astype(np.int64)), numpy_loss, x, y, constant_inputs=(1,))


def test_cross_entropy_loss_with_class_probabilities():
    g = gen()
    x = g.normal(size=(5, 4))
    q = g.dirichlet(np.ones(4), size=5)
    w = np.array([1.0, 2.0, 0.5, 1.0])
    for smoothing in (0.0, 0.2):
        target = (1 - smoothing) * q + smoothing / 4
        expected = -(w * target * log_softmax(x)).sum(1).mean()
        loss = nn.CrossEntropyLoss(weight=w, label_smoothing=smoothing)
        check_op(lambda s, t: loss(s, t), lambda s, t: expected, x, q, constant_inputs=(1,))


def test_cross_entropy_is_stable_for_huge_logits_and_keeps_float32():
    x = np.array([[1e4, 0.0, -1e4], [0.0, 0.0, 0.0]], dtype=np.float32)
    loss = nn.CrossEntropyLoss()(mg.tensor(x), np.array([0, 2]))
    assert loss.dtype == np.float32 and np.isclose(loss.item(), np.log(3) / 2, rtol=1e-5)
    loss = nn.CrossEntropyLoss()(mg.tensor(x), np.array([2, 2]))
    assert np.isfinite(loss.item()) and np.isclose(loss.item(), (2e4 + np.log(3)) / 2)


def test_nll_loss_with_weight_and_ignore_index():
    g = gen()
    logp = log_softmax(g.normal(size=(6, 4)))
    y = np.array([0, 3, 1, 1, 2, 3])
    w = np.array([0.5, 1.0, 2.0, 1.5])
    keep = y != 3
    expected = -(w[y] * logp[np.arange(6), y] * keep).sum() / (w[y] * keep).sum()
    loss = nn.NLLLoss(weight=w, ignore_index=3)
    check_op(lambda s, t: loss(s, mg.asarray(t).astype(np.int64)), lambda s, t: expected, logp, y,
             constant_inputs=(1,))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_regression_losses(reduction):
    g = gen()
    x, t = g.normal(size=(3, 4)) * 2, g.normal(size=(3, 4))
    d = x - t
    cases = [
        (nn.MSELoss(reduction=reduction), d**2),
        (nn.L1Loss(reduction=reduction), np.abs(d)),
        (nn.SmoothL1Loss(reduction=reduction, beta=0.5), np.where(np.abs(d) < 0.5, 0.5 * d**2 / 0.5, np.abs(d) - 0.25)),
        (nn.HuberLoss(reduction=reduction, delta=0.5), np.where(np.abs(d) < 0.5, 0.5 * d**2, 0.5 * (np.abs(d) - 0.25))),
    ]
    for module, elementwise in cases:
        expected = reduce(elementwise, reduction)
        check_op(lambda a, b: module(a, b), lambda a, b: expected, x, t, constant_inputs=(1,))


def test_binary_cross_entropy_losses():
    g = gen()
    logits = g.normal(size=(4, 3)) * 2
    y = g.integers(0, 2, size=(4, 3)).astype(np.float64)
    w = g.uniform(0.5, 1.5, size=(4, 3))
    pos = np.array([1.0, 2.0, 3.0])
    p = 1 / (1 + np.exp(-logits))
    bce = -w * (y * np.log(p) + (1 - y) * np.log(1 - p))
    check_op(lambda a, b: nn.BCELoss(weight=w)(a, b), lambda a, b: bce.mean(), p, y, constant_inputs=(1,))
    with_logits = -w * (pos * y * np.log(p) + (1 - y) * np.log(1 - p))
    loss = nn.BCEWithLogitsLoss(weight=w, pos_weight=pos, reduction="sum")
    check_op(lambda a, b: loss(a, b), lambda a, b: with_logits.sum(), logits, y, constant_inputs=(1,))


def test_binary_cross_entropy_extremes_are_finite():
    logits = mg.tensor(np.array([1e4, -1e4, 0.0], dtype=np.float32))
    loss = nn.BCEWithLogitsLoss()(logits, np.array([0.0, 1.0, 1.0], dtype=np.float32))
    loss.backward()
    assert loss.dtype == np.float32 and np.isclose(loss.item(), (2e4 + np.log(2)) / 3)
    assert np.all(np.isfinite(logits.grad))
    probs = mg.tensor(np.array([0.0, 1.0, 1.0]))
    loss = nn.BCELoss()(probs, np.array([1.0, 0.0, 1.0]))
    assert np.isclose(loss.item(), 200 / 3)  # logs clamped at -100, as PyTorch


def test_class_weights_are_buffers_in_the_state_dict():
    assert list(nn.CrossEntropyLoss().state_dict()) == []
    ce = nn.CrossEntropyLoss(weight=np.array([1.0, 2.0]))
    assert list(ce.state_dict()) == ["weight"] and isinstance(ce.weight, mg.Tensor) and ce.weight.constant
    assert list(nn.BCEWithLogitsLoss(pos_weight=np.ones(3)).state_dict()) == ["pos_weight"]
    assert list(nn.CrossEntropyLoss().parameters()) == []
    assert repr(ce) == "CrossEntropyLoss()"


def test_legacy_reduction_flags_and_errors():
    assert nn.MSELoss(size_average=False).reduction == "sum"
    assert nn.L1Loss(reduce=False).reduction == "none"
    assert nn.NLLLoss(size_average=True, reduce=True).reduction == "mean"
    with pytest.raises(ValueError, match="reduction must be one of"):
        nn.MSELoss(reduction="avg")
    with pytest.raises(ValueError, match="label_smoothing"):
        nn.CrossEntropyLoss(label_smoothing=1.5)
    with pytest.raises(ValueError, match="delta"):
        nn.HuberLoss(delta=0.0)
