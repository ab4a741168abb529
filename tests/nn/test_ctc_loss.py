"""CTCLoss / F.ctc_loss: against PyTorch (losses, and gradients through log_softmax, where PyTorch's gradient is
right), against a brute-force sum over every alignment, and by float64 central differences with respect to
log_probs themselves; target layouts, lengths, reductions, zero_infinity, errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")


def _collapse(path, blank):
    out, previous = [], None
    for label in path:
        if label != previous and label != blank:
            out.append(label)
        previous = label
    return out


def _brute_force_nll(lp, targets, input_lengths, target_lengths, blank):
    """-log of the summed probability of every path (C ** T of them) that collapses to each target."""
    losses = []
    for n in range(lp.shape[1]):
        t_n, target = input_lengths[n], list(targets[n][:target_lengths[n]])
        total = 0.0
        for path in itertools.product(range(lp.shape[2]), repeat=t_n):
            if _collapse(path, blank) == target:
                total += np.exp(sum(lp[t, n, k] for t, k in enumerate(path)))
        losses.append(-np.log(total) if total > 0 else np.inf)
    return np.array(losses)


@st.composite
def _problems(draw, max_t=6, max_c=5, max_n=3):
    t = draw(st.integers(1, max_t))
    c = draw(st.integers(2, max_c))
    n = draw(st.integers(1, max_n))
    blank = draw(st.integers(0, c - 1))
    labels = [k for k in range(c) if k != blank]
    input_lengths = draw(st.lists(st.integers(0, t), min_size=n, max_size=n))
    target_lengths = draw(st.lists(st.integers(0, t), min_size=n, max_size=n))
    width = max(target_lengths) + draw(st.integers(0, 2))
    targets = np.array(draw(st.lists(st.lists(st.sampled_from(labels), min_size=width, max_size=width),
                                     min_size=n, max_size=n)), dtype=np.int64).reshape(n, width)
    return t, c, n, blank, targets, input_lengths, target_lengths


@settings(max_examples=150, deadline=None)
@given(problem=_problems(), reduction=st.sampled_from(["none", "mean", "sum"]), zero_infinity=st.booleans(),
       layout=st.sampled_from(["padded", "concatenated", "unbatched"]), dtype=st.sampled_from([np.float32, np.float64]),
       seed=st.integers(0, 9999))
def test_ctc_loss_matches_torch(problem, reduction, zero_infinity, layout, dtype, seed):
    t, c, n, blank, targets, il, tl = problem
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 2.0, size=(t, n, c)).astype(dtype)
    if layout == "unbatched":
        z, targets, il, tl = z[:, 0], targets[0][:tl[0]], il[0], tl[0]  # (one target, exactly tl long)
        t_il, t_tl = torch.tensor(il), torch.tensor(tl)
    elif layout == "concatenated":
        targets = np.concatenate([row[:k] for row, k in zip(targets, tl)]).astype(np.int64)
        t_il, t_tl = torch.tensor(il), torch.tensor(tl)
    else:
        t_il, t_tl = tuple(il), tuple(tl)
    ours, theirs = nn.CTCLoss(blank, reduction, zero_infinity), torch.nn.CTCLoss(blank, reduction, zero_infinity)
    assert repr(ours) == repr(theirs)
    mz, tz = mg.tensor(z), torch.from_numpy(z.copy()).requires_grad_(True)
    axis = z.ndim - 1
    loss = ours(F.log_softmax(mz, dim=axis), targets, il, tl)
    t_loss = theirs(tz.log_softmax(axis), torch.from_numpy(np.asarray(targets)), t_il, t_tl)
    assert loss.dtype == dtype and loss.shape == tuple(t_loss.shape)
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(loss.data, t_loss.detach().numpy(), **tol)
    g = rng.uniform(0.5, 1.5, size=loss.shape).astype(dtype)
    (loss * g).sum().backward()
    (t_loss * torch.from_numpy(g)).sum().backward()
    assert mz.grad.dtype == dtype
    np.testing.assert_allclose(mz.grad, tz.grad.numpy(), equal_nan=True, **tol)


@settings(max_examples=60, deadline=None)
@given(problem=_problems(max_t=4, max_c=3, max_n=2), seed=st.integers(0, 9999))
def test_ctc_loss_is_the_sum_over_alignments(problem, seed):
    t, c, n, blank, targets, il, tl = problem
    lp = np.random.default_rng(seed).normal(size=(t, n, c))
    expected = _brute_force_nll(lp, targets, il, tl, blank)
    got = F.ctc_loss(lp, targets, il, tl, blank=blank, reduction="none").data
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(problem=_problems(max_t=5, max_c=4, max_n=3), reduction=st.sampled_from(["none", "mean", "sum"]),
       seed=st.integers(0, 9999))
def test_gradient_wrt_log_probs_by_central_differences(problem, reduction, seed):
    """The exact derivative with respect to log_probs (not PyTorch's, which assumes a log_softmax follows)."""
    t, c, n, blank, targets, il, tl = problem
    lp = np.random.default_rng(seed).normal(size=(t, n, c))
    finite = np.isfinite(F.ctc_loss(lp, targets, il, tl, blank=blank, reduction="none").data)
    il = [k if ok else 0 for k, ok in zip(il, finite)]  # (an impossible target has a NaN gradient by design)
    tl = [k if ok else 0 for k, ok in zip(tl, finite)]

    def reference(x):
        losses = _brute_force_nll(x, targets, il, tl, blank) if t <= 4 else \
            F.ctc_loss(x, targets, il, tl, blank=blank, reduction="none").data
        if reduction == "none":
            return losses
        return losses.sum() if reduction == "sum" else (losses / np.maximum(tl, 1)).mean()

    check_op(lambda x: F.ctc_loss(x, targets, il, tl, blank=blank, reduction=reduction),
             reference if t <= 4 else None, lp, atol=1e-6, rtol=1e-5)


def test_torch_gradient_wrt_raw_log_probs_is_not_the_derivative():
    """Documents why the comparison with PyTorch goes through log_softmax."""
    x = torch.randn(4, 1, 3, dtype=torch.float64).log_softmax(2).requires_grad_(True)
    assert not torch.autograd.gradcheck(lambda x: torch.nn.functional.ctc_loss(x, torch.tensor([[1, 2]]), [4], [2]),
                                        (x,), raise_exception=False)
    check_op(lambda x: F.ctc_loss(x, np.array([[1, 2]]), [4], [2]), None, x.detach().numpy())


def test_impossible_targets_and_zero_infinity():
    lp = np.log(np.full((2, 1, 3), 1 / 3))
    for zero_infinity, loss_value in ((False, np.inf), (True, 0.0)):
        x = mg.tensor(lp)
        loss = F.ctc_loss(x, [[1, 1]], [2], [2], reduction="sum", zero_infinity=zero_infinity)  # needs 3 steps
        assert loss.item() == loss_value
        loss.backward()
        assert np.isnan(x.grad).all() if not zero_infinity else (x.grad == 0).all()
    assert F.ctc_loss(lp, [[1]], [0], [0], reduction="none").data.tolist() == [0.0]  # no steps, empty target


def test_errors_match_torch():
    lp = np.log(np.full((5, 2, 4), 0.25, dtype=np.float32))
    tg = np.array([[1, 2], [3, 1]])
    cases = [
        (dict(input_lengths=[6, 4]), RuntimeError, "Expected input_lengths to have value at most 5, but got value 6"),
        (dict(target_lengths=[3, 1]), RuntimeError, "Expected tensor to have size at least 3 at dimension 1"),
        (dict(input_lengths=[5]), RuntimeError, "input_lengths must be of size batch_size"),
        (dict(target_lengths=[2]), RuntimeError, "target_lengths must be of size batch_size"),
        (dict(input_lengths=[5, -1]), RuntimeError, "Expected input_lengths to have value at least 0"),
        (dict(blank=4), RuntimeError, "blank must be in label range"),
        (dict(targets=np.array([1, 2, 3, 1])), RuntimeError, "Expected tensor to have size 3 at dimension 0"),
        (dict(reduction="bad"), ValueError, "reduction"),
    ]
    base = dict(log_probs=lp, targets=tg, input_lengths=[5, 4], target_lengths=[2, 1])
    for change, kind, message in cases:
        args = {**base, **change}
        with pytest.raises(kind, match=message):
            F.ctc_loss(**args)
        t_args = {k: torch.from_numpy(v) if isinstance(v, np.ndarray) else v for k, v in args.items()}
        with pytest.raises(kind, match=message if kind is RuntimeError else "reduction"):
            torch.nn.functional.ctc_loss(**t_args)
    with pytest.raises(ValueError, match=r"ctc_loss: targets must be class indices in \[0, 4\)"):
        F.ctc_loss(lp, np.array([[1, 5], [3, 1]]), [5, 4], [2, 1])  # (PyTorch reads past its array here)
    with pytest.raises(TypeError, match="ctc_loss: input_lengths must hold integers"):
        F.ctc_loss(lp, tg, [5.0, 4.0], [2, 1])
    with pytest.raises(RuntimeError, match="ctc_loss: Expected 3-dimensional tensor"):
        F.ctc_loss(lp[None], tg, [5, 4], [2, 1])
    with pytest.raises(TypeError, match="ctc_loss: log_probs must be floating-point"):
        F.ctc_loss(np.ones((5, 2, 4), dtype=int), tg, [5, 4], [2, 1])
    with pytest.raises(TypeError, match="CTCLoss: zero_infinity must be True or False"):
        nn.CTCLoss(zero_infinity=1)
    with pytest.raises(ValueError, match="CTCLoss: .*reduction"):
        nn.CTCLoss(reduction="avg")
    # integral float targets are accepted, as PyTorch
    np.testing.assert_allclose(F.ctc_loss(lp, tg.astype(np.float32), [5, 4], [2, 1]).data,
                               F.ctc_loss(lp, tg, [5, 4], [2, 1]).data)


def test_float32_stays_float32_and_long_sequences_are_finite():
    rng = np.random.default_rng(0)
    z = mg.tensor(rng.normal(size=(300, 4, 20)).astype(np.float32))
    targets = rng.integers(1, 20, size=(4, 60))
    loss = nn.CTCLoss()(F.log_softmax(z, dim=2), targets, [300, 280, 250, 200], [60, 50, 40, 30])
    assert loss.dtype == np.float32 and np.isfinite(loss.item())
    loss.backward()
    assert z.grad.dtype == np.float32 and np.isfinite(z.grad).all()
    t_z = torch.from_numpy(z.data.astype(np.float64)).requires_grad_(True)  # (PyTorch's float32 sums drift more)
    t_loss = torch.nn.CTCLoss()(t_z.log_softmax(2), torch.from_numpy(targets), (300, 280, 250, 200), (60, 50, 40, 30))
    t_loss.backward()
    np.testing.assert_allclose(loss.item(), t_loss.item(), rtol=1e-5)
    np.testing.assert_allclose(z.grad, t_z.grad.numpy(), atol=1e-6)
