"""mygrad.nnet: MyGrad's signatures and documented behaviour, as adapters over nn.functional."""

import numpy as np
import hypothesis.strategies as st
import pytest
from hypothesis import given

import mygrad as mg
import mygrad.nn.functional as F
from mygrad import nnet
from mygrad.nnet import initializers
from tests.gradcheck import check_op


def test_public_names():
    for name in ["elu", "glu", "hard_tanh", "leaky_relu", "logsoftmax", "relu", "selu", "sigmoid", "soft_sign",
                 "softmax", "tanh"]:
        assert callable(getattr(nnet.activations, name))
    for name in ["focal_loss", "margin_ranking_loss", "multiclass_hinge", "negative_log_likelihood",
                 "softmax_crossentropy", "softmax_focal_loss"]:
        assert callable(getattr(nnet.losses, name))
    for name in ["conv_nd", "max_pool", "batchnorm", "gru"]:
        assert callable(getattr(nnet.layers, name))


def test_activations_match_functional():
    x = np.random.default_rng(0).normal(size=(3, 4))
    pairs = [
        (nnet.relu(x), F.relu(x)), (nnet.leaky_relu(x, slope=0.1), F.leaky_relu(x, 0.1)),
        (nnet.elu(x, alpha=0.5), F.elu(x, 0.5)), (nnet.selu(x), F.selu(x)), (nnet.sigmoid(x), F.sigmoid(x)),
        (nnet.tanh(x), F.tanh(x)), (nnet.soft_sign(x), F.softsign(x)),
        (nnet.hard_tanh(x, lower_bound=-0.5, upper_bound=0.5), np.clip(x, -0.5, 0.5)),
        (nnet.glu(x, axis=1), F.glu(x, 1)), (nnet.softmax(x, axis=0), F.softmax(x, 0)),
        (nnet.logsoftmax(x), F.log_softmax(x, -1)),
    ]
    for ours, expected in pairs:
        np.testing.assert_allclose(ours.data, np.asarray(getattr(expected, "data", expected)))


def test_softmax_crossentropy_documented_example():
    x = mg.tensor([[2.0, 2.0, 2.0], [0.0, 0.0, 1e6]])
    loss = nnet.softmax_crossentropy(x, [0, 2])
    np.testing.assert_allclose(loss.data, np.log(3) / 2)
    with pytest.raises(TypeError, match="integer"):
        nnet.softmax_crossentropy(x, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="shape"):
        nnet.softmax_crossentropy(x, np.array([0]))


def test_negative_log_likelihood_divides_by_n_like_mygrad():
    x = mg.tensor([[-4.6, -4.6, -0.02]])
    np.testing.assert_allclose(nnet.negative_log_likelihood(x, [0], weights=np.array([2.0, 1, 1])).data, 9.2)
    rng = np.random.default_rng(0)
    logp, y, w = rng.normal(size=(4, 3)), np.array([0, 2, 1, 1]), rng.uniform(1, 2, size=3)
    check_op(lambda a: nnet.negative_log_likelihood(a, y, weights=w),
             lambda a: -np.mean(a[np.arange(4), y] * w[y]), logp)


def test_multiclass_hinge_and_margin_ranking():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(4, 3)), np.array([0, 2, 1, 1])
    margins = np.maximum(0, x - x[np.arange(4), y][:, None] + 1.0)
    margins[np.arange(4), y] = 0
    check_op(lambda a: nnet.multiclass_hinge(a, y), lambda a: margins.sum() / 4, x)
    x1, x2, t = rng.normal(size=(4, 2)), rng.normal(size=(4, 2)), np.array([1, -1, 1, -1])
    check_op(lambda a, b: nnet.margin_ranking_loss(a, b, t, 0.5),
             lambda a, b: np.maximum(0, 0.5 - t[:, None] * (a - b)).mean(), x1, x2)
    with pytest.raises(ValueError, match="non-negative"):
        nnet.margin_ranking_loss(x1, x2, t, -1.0)


def test_focal_losses_per_datum():
    x, y = np.array([[2.0, 2.0, 2.0], [0.0, 1.0, 0.0]]), np.array([0, 1])
    p = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    py = p[np.arange(2), y]
    np.testing.assert_allclose(nnet.softmax_focal_loss(x, y, alpha=0.5, gamma=2).data,
                               -0.5 * (1 - py + 1e-14) ** 2 * np.log(py))
    np.testing.assert_allclose(nnet.focal_loss(p, y).data, -np.log(py))


def test_conv_nd_documented_example_and_max_pool():
    x = np.zeros((1, 1, 16))
    x[..., 5:11] = 1
    out = nnet.conv_nd(x, np.ones((1, 1, 5)), stride=1)
    np.testing.assert_array_equal(out.data, [[[0, 1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 0]]])
    t = mg.tensor([[0.0, 10.0, 8.0], [2.0, 7.0, 3.0], [5.0, 7.0, 20.0]])
    out = nnet.max_pool(t, (2, 2), 1)
    np.testing.assert_array_equal(out.data, [[10, 10], [7, 20]])
    out.sum().backward()
    np.testing.assert_array_equal(t.grad, [[0, 2, 0], [0, 1, 0], [0, 0, 1]])
    assert nnet.max_pool(np.zeros((10, 3, 12, 12)), (2, 2), (2, 1)).shape == (10, 3, 6, 11)


def test_batchnorm_documented_example():
    out = nnet.batchnorm(mg.tensor([1.0, 4.0, 1.0]).reshape(3, 1), eps=0)
    np.testing.assert_allclose(out.data, [[-0.70710678], [1.41421356], [-0.70710678]])


def test_gru_returns_all_states():
    T, N, C, D = 3, 2, 4, 5
    rng = np.random.default_rng(0)
    U, W, b = rng.normal(size=(C, D)), rng.normal(size=(D, D)), np.zeros(D)
    out = nnet.gru(rng.normal(size=(T, N, C)), U, W, b, U, W, b, U, W, b)
    assert out.shape == (T + 1, N, D)
    np.testing.assert_array_equal(out.data[0], 0)


@pytest.mark.parametrize("name, kwargs, expected_std", [
    ("glorot_normal", {"gain": 2.0}, 2.0 * np.sqrt(2 / (30 * 3 + 20 * 3))),  # MyGrad 2.5: fans use shape[-1] only
    ("he_normal", {}, 1 / np.sqrt(30 * 9)),
    ("normal", {"mean": 0, "std": 0.3}, 0.3),
])
def test_normal_initializers(name, kwargs, expected_std):
    t = getattr(initializers, name)(20, 30, 3, 3, generator=np.random.default_rng(0), **kwargs)
    assert isinstance(t, mg.Tensor) and t.dtype == np.float32 and t.shape == (20, 30, 3, 3)
    assert abs(t.data.std() / expected_std - 1) < 0.05


@pytest.mark.parametrize("name, bound", [
    ("glorot_uniform", np.sqrt(6 / (30 * 9 + 20 * 9))),
    ("he_uniform", 1 / np.sqrt(3 / 30 * 9)),  # MyGrad 2.5's bound, gain / sqrt(3 / shape[1] * prod(shape[2:]))
])
def test_uniform_initializers(name, bound):
    t = getattr(initializers, name)((20, 30, 3, 3), dtype="float64", constant=True,
                                    generator=np.random.default_rng(0))
    assert t.constant and t.dtype == np.float64
    assert np.abs(t.data).max() <= bound and np.abs(t.data).max() > 0.95 * bound


def test_uniform_constant_and_errors():
    t = initializers.uniform(100, lower_bound=-1, upper_bound=3, generator=np.random.default_rng(0))
    assert t.data.min() >= -1 and t.data.max() < 3
    np.testing.assert_array_equal(initializers.constant(2, 2, value=3.0).data, 3.0)
    with pytest.raises(ValueError, match="lower_bound"):
        initializers.uniform(2, lower_bound=1, upper_bound=0)
    with pytest.raises(TypeError, match="at least 2 dimensions"):  # MyGrad 2.5: TypeError for one bare int
        initializers.glorot_normal(5)
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        initializers.glorot_normal((5,))
    with pytest.raises(ValueError, match="floating-point"):
        initializers.normal(2, dtype=int)


@given(shape=st.tuples(st.integers(1, 3), st.integers(1, 4)), seed=st.integers(0, 100))
def test_softmax_axis_none_normalises_over_everything(shape, seed):
    x = np.random.default_rng(seed).normal(size=shape)
    p = nnet.softmax(mg.tensor(x), axis=None)
    np.testing.assert_allclose(p.data, np.exp(x) / np.exp(x).sum())
    np.testing.assert_allclose(nnet.logsoftmax(mg.tensor(x), axis=None).data, np.log(p.data))


@pytest.mark.parametrize("length, kernel, stride, padding, dilation, fits", [
    (5, 2, 2, 0, 1, False), (6, 2, 2, 1, 1, True), (5, 2, 2, 1, 1, False), (5, 2, 2, 0, 2, True), (7, 3, 2, 0, 1, True),
])
def test_conv_nd_needs_windows_that_tile_the_input(length, kernel, stride, padding, dilation, fits):
    x, w = np.ones((1, 1, length)), np.ones((1, 1, kernel))
    if fits:
        expected = (length + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
        assert nnet.conv_nd(x, w, stride=stride, padding=padding, dilation=dilation).shape == (1, 1, expected)
    else:
        with pytest.raises(ValueError, match="do not tile"):
            nnet.conv_nd(x, w, stride=stride, padding=padding, dilation=dilation)


def test_focal_loss_gamma_and_leaky_relu_slope_are_checked():
    with pytest.raises(ValueError, match="gamma"):
        nnet.focal_loss(mg.tensor([[0.5, 0.5]]), [0], gamma=-1)
    with pytest.raises(ValueError, match="gamma"):
        nnet.softmax_focal_loss(mg.tensor([[0.5, 0.5]]), [0], gamma=-0.5)
    with pytest.raises(TypeError, match="slope"):
        nnet.leaky_relu(mg.tensor([1.0]), slope="a")
    assert nnet.leaky_relu(mg.tensor([-1.0]), slope=mg.tensor(0.5)).item() == -0.5


def test_activations_at_zero_follow_mygrad():
    """At x = 0 MyGrad's elu/selu have slope 1 (scale), leaky_relu slope 0; relu(negative) is -0.0."""
    for func, slope_at_zero in [(lambda t: nnet.elu(t, alpha=0.7), 1.0), (nnet.selu, 1.0507009873554805),
                                (lambda t: nnet.leaky_relu(t, slope=0.05), 0.0), (nnet.relu, 0.0)]:
        x = mg.tensor([0.0, -0.0, 2.0, -2.0])
        func(x).backward()
        assert x.grad[0] == x.grad[1] == pytest.approx(slope_at_zero)
    y = nnet.relu(mg.tensor([-3.0, -0.0, 0.0, 2.0]))
    assert np.signbit(y.data).tolist() == [True, True, False, False]
    assert np.signbit(nnet.elu(mg.tensor([-0.0]), alpha=1.0).data).tolist() == [True]
    assert type(nnet.relu(mg.tensor([1.0])).creator).__name__ == "ReLu"
    assert type(nnet.selu(mg.tensor([1.0])).creator).__name__ == "SELU"
    assert type(nnet.elu(mg.tensor([1.0]), 1.0).creator).__name__ == "ELU"


@given(st.lists(st.floats(-3, 3).filter(lambda v: abs(v) > 1e-3), min_size=1, max_size=6))
def test_mygrad_convention_activations_gradients(values):
    x = np.array(values)
    check_op(nnet.relu, lambda a: np.maximum(a, 0), x)
    check_op(lambda t: nnet.leaky_relu(t, slope=0.2), lambda a: np.where(a > 0, a, 0.2 * a), x)
    check_op(lambda t: nnet.elu(t, alpha=0.5), lambda a: np.where(a > 0, a, 0.5 * np.expm1(a)), x)
    check_op(nnet.selu, lambda a: 1.0507009873554805 * np.where(a > 0, a, 1.6732632423543772 * np.expm1(a)), x)


def test_multiclass_hinge_constant_true_gives_a_constant():
    """constant=True makes the loss a constant (as MyGrad): no gradient reaches the scores through it."""
    x = mg.tensor([[2.0, 1.5, 0.0], [0.0, 3.0, 2.5]])
    loss = nnet.multiclass_hinge(x, [0, 1], constant=True)
    assert loss.constant and loss.item() == pytest.approx(0.5)  # (0.5 + 0.5) / 2
    (loss + x.sum()).backward()
    np.testing.assert_array_equal(x.grad, np.ones((2, 3)))
    assert not nnet.multiclass_hinge(x, [0, 1]).constant


def test_hard_tanh_is_maximum_of_minimum_like_mygrad():
    y = nnet.hard_tanh(mg.tensor([-3, 0, 3]), lower_bound=-2, upper_bound=2)
    assert y.dtype == np.int64 and y.data.tolist() == [-2, 0, 2]
    x = mg.tensor([-3.0, -1.0, 0.5, 1.0, 3.0])
    y = nnet.hard_tanh(x, lower_bound=mg.tensor(-1.0), upper_bound=np.array(1.0))  # one-element bounds: numbers
    y.backward()
    assert y.data.tolist() == [-1.0, -1.0, 0.5, 1.0, 1.0] and x.grad.tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]
    with pytest.raises(TypeError):
        nnet.hard_tanh(x, lower_bound="a")


def test_losses_on_integer_scores_like_mygrad():
    """Integer scores are constants: softmax losses compute in float64; margin_ranking_loss refuses them."""
    scores = np.array([[1, 2, 0], [3, 1, 1]])
    loss = nnet.softmax_crossentropy(scores, [1, 0])
    assert loss.constant and loss.dtype == np.float64
    np.testing.assert_allclose(loss.data, nnet.softmax_crossentropy(scores.astype(float), [1, 0]).data)
    focal = nnet.losses.softmax_focal_loss(scores, [1, 0], gamma=1.0)
    np.testing.assert_allclose(focal.data, nnet.losses.softmax_focal_loss(scores.astype(float), [1, 0], gamma=1.0).data)
    with pytest.raises(TypeError, match="must contain floats"):
        nnet.margin_ranking_loss(scores[:, 0], scores[:, 1].astype(float), 1, 0.5)
    with pytest.raises(TypeError, match="must contain floats"):
        nnet.margin_ranking_loss(scores[:, 0].astype(float), scores[:, 1], 1, 0.5)


@given(length=st.integers(2, 9), pool=st.integers(1, 3), stride=st.integers(1, 3))
def test_max_pool_needs_windows_that_tile_the_input(length, pool, stride):
    """As in MyGrad 2.5: (length - pool) % stride must be 0 on every pooled axis, else ValueError."""
    x = mg.tensor(np.arange(2.0 * length).reshape(2, length))
    if pool > length:
        return
    if (length - pool) % stride:
        with pytest.raises(ValueError, match="do not tile"):
            nnet.max_pool(x, (pool,), stride)
        with pytest.raises(ValueError, match="do not tile"):
            nnet.max_pool(x[None], (1, pool), (1, stride))
    else:
        assert nnet.max_pool(x, (pool,), stride).shape == (2, (length - pool) // stride + 1)


def test_conv_nd_needs_matching_dimensionality():
    with pytest.raises(ValueError, match="same dimensionality"):
        nnet.conv_nd(np.ones((3, 5, 5)), np.ones((4, 3, 3, 3)), stride=1)  # no unbatched input, as MyGrad
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        nnet.conv_nd(np.ones((1, 1)), np.ones((1, 1)), stride=1)


@given(st.lists(st.floats(0.05, 0.95), min_size=2, max_size=5), st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5]))
def test_focal_loss_gradient(probs, gamma):
    p = np.array(probs).reshape(-1, 1) * np.array([[1.0, 0.5]])  # (N, 2); the label's probability in column 0
    labels = np.zeros(len(p), dtype=int)

    def reference(a):
        return -0.25 * (1 - a[:, 0]) ** gamma * np.log(a[:, 0])

    check_op(lambda t: nnet.focal_loss(t, labels, alpha=0.25, gamma=gamma), reference, p)


def test_focal_loss_at_certainty_and_per_datum_alpha_like_mygrad():
    """At p = 1 the loss and gradient are exactly +0 (no epsilon); alpha may be an array, one weight per datum."""
    for gamma in (0.5, 1.0, 2.0):
        p = mg.tensor([[1.0, 0.0]])
        loss = nnet.focal_loss(p, [0], gamma=gamma)
        loss.backward()
        assert loss.item() == 0 and p.grad.tolist() == [[0.0, 0.0]] and not np.signbit(p.grad).any()
    p = mg.tensor([[0.5, 0.5], [0.9, 0.1]])
    weighted = nnet.focal_loss(p, [0, 1], alpha=np.array([2.0, 0.5]), gamma=2.0)
    plain = nnet.focal_loss(p, [0, 1], gamma=2.0)
    np.testing.assert_allclose(weighted.data, plain.data * [2.0, 0.5])
    with pytest.raises(TypeError):
        nnet.focal_loss(p, np.array([0.0, 1.0]))


def test_leaky_relu_tensor_slope_is_a_number():
    slope = mg.tensor(0.1)
    x = mg.tensor([-2.0, 1.0])
    nnet.leaky_relu(x, slope).sum().backward()
    assert slope.grad is None and x.grad.tolist() == [0.1, 1.0]
    with pytest.raises(ValueError):
        nnet.leaky_relu(x, np.array([0.1, 0.2]))
