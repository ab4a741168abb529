"""nn.functional activations: forward vs NumPy, gradients vs finite differences, float32, extreme inputs."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
import mygrad.nn.functional as F
from tests.gradcheck import arrays, check_op, shapes


def _sig(x):
    return 1 / (1 + np.exp(-x))


_erf = np.vectorize(math.erf, otypes=[float])

# (mygrad function, kwargs, independent NumPy reference); kinks are avoided by keeping |x| > 1e-3 below
ELEMENTWISE = [
    (F.relu, {}, lambda x: np.maximum(x, 0)),
    (F.leaky_relu, {"negative_slope": 0.2}, lambda x, negative_slope: np.where(x > 0, x, negative_slope * x)),
    (F.elu, {"alpha": 1.5}, lambda x, alpha: np.where(x > 0, x, alpha * (np.exp(x) - 1))),
    (F.selu, {}, lambda x: 1.0507009873554804934 * np.where(x > 0, x, 1.6732632423543772848 * (np.exp(x) - 1))),
    (F.gelu, {}, lambda x: x * 0.5 * (1 + _erf(x / np.sqrt(2)))),
    (F.gelu, {"approximate": "tanh"},
     lambda x, approximate: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))),
    (F.silu, {}, lambda x: x * _sig(x)),
    (F.sigmoid, {}, _sig),
    (F.tanh, {}, np.tanh),
    (F.hardtanh, {"min_val": -0.5, "max_val": 2.0}, lambda x, min_val, max_val: np.clip(x, min_val, max_val)),
    (F.softplus, {"beta": 2.0}, lambda x, beta: np.where(beta * x > 20, x, np.log1p(np.exp(beta * x)) / beta)),
    (F.softsign, {}, lambda x: x / (1 + np.abs(x))),
]


def _away_from_kinks(x):
    x = np.where(np.abs(x) < 1e-3, 0.5, x)
    for kink in (-0.5, 2.0):
        x = np.where(np.abs(x - kink) < 1e-3, kink + 0.25, x)
    return x


@pytest.mark.parametrize("func, kwargs, reference", ELEMENTWISE, ids=lambda v: getattr(v, "__name__", ""))
@settings(max_examples=15)
@given(x=arrays(shapes(max_dims=3), -5, 5))
def test_elementwise_forward_and_grad(func, kwargs, reference, x):
    x = _away_from_kinks(x)
    check_op(func, lambda a, **kw: reference(a, **kw), x, kwargs=kwargs)


@pytest.mark.parametrize("func, kwargs, reference", ELEMENTWISE, ids=lambda v: getattr(v, "__name__", ""))
def test_elementwise_keeps_float32_and_is_finite_at_extremes(func, kwargs, reference):
    x = mg.tensor(np.array([-1e4, -30.0, -1.0, 0.5, 30.0, 1e4], dtype=np.float32))
    y = func(x, **kwargs)
    y.backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32
    assert np.isfinite(y.data).all() and np.isfinite(x.grad).all()


@pytest.mark.parametrize("func", [F.softmax, F.log_softmax])
@settings(max_examples=20)
@given(x=arrays(shapes(min_dims=1, max_dims=3, min_side=1), -10, 10), data=st.data())
def test_softmax_family(func, x, data):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))

    def reference(a, dim):
        log_p = a - np.log(np.exp(a).sum(axis=dim, keepdims=True))
        return log_p if func is F.log_softmax else np.exp(log_p)

    check_op(func, reference, x, kwargs={"dim": dim})


@pytest.mark.parametrize("func", [F.softmax, F.log_softmax, F.sigmoid])
def test_stable_at_huge_logits(func):
    x = mg.tensor(np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4]], dtype=np.float32))
    y = func(x, dim=1) if func is not F.sigmoid else func(x)
    y.backward(np.arange(6, dtype=np.float32).reshape(2, 3))
    assert np.isfinite(y.data).all() and np.isfinite(x.grad).all()
    if func is F.softmax:
        np.testing.assert_allclose(y.data, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-6)
    if func is F.log_softmax:
        np.testing.assert_allclose(y.data[0], [0, -1e4, -2e4])


def test_softmax_without_dim_warns_and_uses_pytorch_rule():
    with pytest.warns(UserWarning, match="Implicit dimension"):
        y = F.softmax(mg.tensor(np.zeros((2, 4))))
    np.testing.assert_allclose(y.data, 0.25)  # dim=1 for 2-D input


@settings(max_examples=15)
@given(x=arrays(st.tuples(st.integers(1, 3), st.just(4)), -5, 5))
def test_glu(x):
    check_op(F.glu, lambda a, dim: a[:, :2] * _sig(a[:, 2:]), x, kwargs={"dim": 1})


def test_glu_odd_size_raises():
    with pytest.raises(ValueError, match="even size"):
        F.glu(mg.tensor(np.zeros((2, 3))))


def test_gelu_float32_close_to_exact():
    x = np.linspace(-6, 6, 1001)
    y32 = F.gelu(mg.tensor(x.astype(np.float32))).data
    assert y32.dtype == np.float32
    np.testing.assert_allclose(y32, x * 0.5 * (1 + _erf(x / np.sqrt(2))), atol=2e-6)


def test_bad_arguments():
    with pytest.raises(ValueError, match="approximate"):
        F.gelu(mg.tensor([1.0]), approximate="fast")
    with pytest.raises(ValueError, match="min_val"):
        F.hardtanh(mg.tensor([1.0]), 2.0, 1.0)


@pytest.mark.parametrize("name, kwargs", [
    ("relu", {}), ("leaky_relu", {"negative_slope": 0.2}), ("elu", {"alpha": 0.5}), ("selu", {}), ("silu", {}),
    ("hardtanh", {"min_val": -0.5, "max_val": 0.5}),
])
def test_inplace_writes_into_the_input_and_keeps_gradients(name, kwargs):
    func = getattr(F, name)
    values = np.random.default_rng(0).normal(size=(3, 4))
    w_ref, w = mg.tensor(values), mg.tensor(values)
    expected = func(w_ref * 2.0, **kwargs)
    expected.sum().backward()

    x = w * 2.0
    out = func(x, inplace=True, **kwargs)
    assert out is x  # the input tensor itself now holds the result, as in PyTorch
    np.testing.assert_allclose(x.data, expected.data)
    (x * 1.0).sum().backward()
    np.testing.assert_allclose(w.grad, w_ref.grad)  # the gradient still passes through the activation
    with pytest.raises(TypeError, match="needs a Tensor"):
        func(values.copy(), inplace=True, **kwargs)


def test_inplace_layers_and_dropout():
    x = mg.tensor([-1.0, 2.0])
    assert mg.nn.ReLU(inplace=True)(x) is x and x.data.tolist() == [0.0, 2.0]
    y = mg.tensor(np.ones(8))
    dropped = F.dropout(y, 0.5, inplace=True, generator=np.random.default_rng(0))
    assert dropped is y and set(np.unique(y.data)) <= {0.0, 2.0}
    z = mg.tensor(np.ones(4))
    layer = mg.nn.Dropout(0.5, inplace=True, generator=np.random.default_rng(1))
    assert layer(z) is z


@pytest.mark.parametrize("slope", [0.0, 0.01, 1.0, 2.5, -0.5, float("inf"), float("nan")])
def test_leaky_relu_any_slope_is_x_above_zero_and_slope_x_below(slope):
    """The forward pass picks x or slope * x by max/min (by the slope), or by a mask for a NaN slope."""
    x = np.array([-3.0, -0.5, 0.0, 0.5, 3.0, np.nan], dtype=np.float32)
    t = mg.tensor(x)
    y = F.leaky_relu(t, negative_slope=slope)
    with np.errstate(invalid="ignore"):
        expected = np.where(x > 0, x, np.float32(slope) * x)
    np.testing.assert_array_equal(y.data, expected)
    y.backward()
    np.testing.assert_array_equal(t.grad, np.where(x > 0, 1.0, np.float32(slope)).astype(np.float32))


@pytest.mark.parametrize("alpha", [0.0, 1.0, 2.5, -1.0, float("inf"), float("nan")])
def test_elu_any_alpha_leaves_positive_entries_alone(alpha):
    x = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], dtype=np.float64)
    t = mg.tensor(x)
    y = F.elu(t, alpha=alpha)
    with np.errstate(invalid="ignore", over="ignore"):
        expected = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    np.testing.assert_array_equal(y.data, expected)


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_gelu_gradient_in_low_precision_and_special_values(dtype):
    x = np.concatenate([np.linspace(-6, 6, 1001), [0.0, -0.0, np.inf, -np.inf, np.nan]]).astype(dtype)
    t = mg.tensor(x)
    with np.errstate(all="ignore"):
        y = F.gelu(t)
        y.backward()
    assert y.dtype == t.grad.dtype == dtype
    exact = x[:1001].astype(np.float64)
    slope = 0.5 * (1 + _erf(exact / np.sqrt(2))) + exact * np.exp(-exact ** 2 / 2) / np.sqrt(2 * np.pi)
    np.testing.assert_allclose(t.grad[:1001], slope, atol=2e-6 if dtype == np.float32 else 1e-2)
    assert t.grad[1001] == t.grad[1002] == 0.5  # Phi(0), as sign(0) = 0 makes it
    np.testing.assert_array_equal(y.data[-5:], [0.0, 0.0, np.inf, np.nan, np.nan])  # -inf * Phi(-inf) = -inf * 0
    assert np.isnan(t.grad[-3:]).all()


@pytest.mark.parametrize("func", [F.gelu, lambda t: F.gelu(t, approximate="tanh"), F.silu, F.sigmoid,
                                  lambda t: F.softplus(t, beta=2.0, threshold=5.0)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_without_a_gradient_equal_those_with_one(func, dtype):
    # gelu and silu make their derivative in forward only where a gradient may be asked for
    x = np.random.default_rng(0).normal(scale=4, size=(3, 50000)).astype(dtype)  # (more than one cache block)
    with_gradient = func(mg.tensor(x)).data
    np.testing.assert_array_equal(func(mg.tensor(x, constant=True)).data, with_gradient)
    with mg.no_autodiff:
        np.testing.assert_array_equal(func(mg.tensor(x)).data, with_gradient)
