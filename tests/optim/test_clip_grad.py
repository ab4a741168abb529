"""nn.utils.clip_grad_norm_ / clip_grad_value_ against NumPy, in place, per-parameter independent."""

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from mygrad.nn.utils import clip_grad_norm_, clip_grad_value_

grad_lists = st.lists(
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4),
               elements=st.floats(-10, 10)),
    min_size=1, max_size=4,
)


def tensors_with_grads(grads, dtype=np.float64):
    params = []
    for g in grads:
        p = mg.tensor(np.zeros(g.shape), dtype=dtype)
        p.grad = g.astype(dtype)
        params.append(p)
    return params


@settings(max_examples=30)
@given(grads=grad_lists, max_norm=st.floats(0.01, 20), norm_type=st.sampled_from([1.0, 2.0, 3.0, float("inf")]))
def test_clip_grad_norm_matches_numpy(grads, max_norm, norm_type):
    params = tensors_with_grads(grads)
    flat = np.concatenate([g.ravel() for g in grads])
    if norm_type == float("inf"):
        expected_norm = np.max(np.abs(flat), initial=0.0)
    else:
        expected_norm = np.sum(np.abs(flat) ** norm_type) ** (1 / norm_type)
    total = clip_grad_norm_(params, max_norm, norm_type=norm_type)
    assert total == pytest.approx(expected_norm, rel=1e-9, abs=1e-12)
    scale = min(1.0, max_norm / (expected_norm + 1e-6))
    for p, g in zip(params, grads):
        np.testing.assert_allclose(p.grad, g * scale, rtol=1e-9, atol=1e-12)


def test_clip_grad_norm_in_place_float32_and_skips_none():
    w, v, unused = mg.tensor(np.ones(3, np.float32)), mg.tensor(np.ones(1, np.float32)), mg.tensor([1.0])
    ((w * 4).sum() + (v * 3).sum()).backward()
    grad_w = w.grad
    total = clip_grad_norm_([w, v, unused], max_norm=1.0)
    assert total == pytest.approx(np.sqrt(3 * 16 + 9))
    assert w.grad is grad_w and w.grad.dtype == np.float32
    np.testing.assert_allclose(np.sqrt((w.grad**2).sum() + (v.grad**2).sum()), 1.0, rtol=1e-5)
    assert unused.grad is None


def test_clipping_one_param_leaves_another_sharing_its_graph_alone():
    # y = w1 + w2: the add passes one gradient array to both inputs; each leaf must get its own copy
    w1, w2 = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
    (w1 + w2).sum().backward()
    assert w1.grad is not w2.grad
    clip_grad_value_(w1, 0.5)
    np.testing.assert_array_equal(w1.grad, [0.5, 0.5])
    np.testing.assert_array_equal(w2.grad, [1.0, 1.0])
    clip_grad_norm_([w2], max_norm=0.1)
    np.testing.assert_array_equal(w1.grad, [0.5, 0.5])


def test_tied_parameter_is_clipped_once():
    w = mg.tensor([3.0, 4.0])
    w.grad = np.array([3.0, 4.0])
    total = clip_grad_norm_([w, w], max_norm=1.0)
    assert total == pytest.approx(5.0)
    np.testing.assert_allclose(w.grad, [0.6, 0.8], rtol=1e-5)


def test_nonfinite_norm():
    w = mg.tensor([1.0, 2.0])
    w.grad = np.array([np.inf, 1.0])
    with pytest.raises(RuntimeError, match="total norm of order 2.0 .* is non-finite"):
        clip_grad_norm_(w, 1.0, error_if_nonfinite=True)
    assert clip_grad_norm_(w, 1.0) == np.inf


def test_no_grads_gives_zero_norm():
    assert clip_grad_norm_([mg.tensor([1.0])], 1.0) == 0.0


@settings(max_examples=20)
@given(grads=grad_lists, clip=st.floats(0, 5))
def test_clip_grad_value_matches_numpy(grads, clip):
    params = tensors_with_grads(grads)
    clip_grad_value_(params, clip)
    for p, g in zip(params, grads):
        np.testing.assert_array_equal(p.grad, np.clip(g, -clip, clip))


def test_clip_errors():
    with pytest.raises(ValueError, match="clip_value must be >= 0"):
        clip_grad_value_([mg.tensor([1.0])], -1.0)
    with pytest.raises(TypeError, match="expected Tensors.*ndarray"):
        clip_grad_norm_([np.ones(2)], 1.0)


def test_clipping_accepts_pytorchs_foreach_option():
    w = mg.tensor([3.0, 4.0])
    (w * w).sum().backward()  # grad [6, 8]
    assert clip_grad_norm_([w], 5.0, foreach=True) == 10.0
    clip_grad_value_([w], 3.5, foreach=None)
    np.testing.assert_allclose(w.grad, [3.0, 3.5], rtol=1e-6)


@pytest.mark.parametrize("clip", ["norm", "value"])
def test_clipping_after_a_logging_forward_clips_what_step_uses(clip):
    """backward(); a forward for a metric (it clears .grad, MyGrad's rule); clip; step() - clipped as in PyTorch."""
    from mygrad import nn, optim

    rng = np.random.default_rng(0)
    x, x_val = rng.standard_normal((5, 4)), rng.standard_normal((2, 4))
    w = nn.Parameter(mg.tensor(rng.standard_normal((4, 3))))
    opt = optim.SGD([w], lr=0.1)
    before = w.data.copy()
    opt.zero_grad()
    (mg.matmul(x, w) ** 2).sum().backward()
    grad = w.grad.copy()
    mg.matmul(x_val, w).sum()  # the metric's forward pass
    assert w.grad is None
    if clip == "norm":
        total = clip_grad_norm_([w], max_norm=1.0)
        assert total == pytest.approx(np.linalg.norm(grad))
        expected = grad * (1.0 / (np.linalg.norm(grad) + 1e-6))
    else:
        clip_grad_value_([w], 0.5)
        expected = np.clip(grad, -0.5, 0.5)
    opt.step()
    np.testing.assert_allclose(w.data, before - 0.1 * expected, rtol=1e-12)
