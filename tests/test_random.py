"""mygrad.random: one seeded library-wide Generator, tensor-returning samplers."""

import numpy as np
import pytest

import mygrad as mg
import mygrad.random as mgr


@pytest.fixture(autouse=True)
def _restore_generator_state():
    state = mgr.get_generator().bit_generator.state
    yield
    mgr.get_generator().bit_generator.state = state


def test_importable_as_attribute():
    import mygrad

    mygrad.random.seed(0)
    assert mygrad.random is mgr


def test_seed_reproduces_and_matches_default_rng():
    mgr.seed(123)
    draws = [mgr.rand(2, 3), mgr.randn(4), mgr.randint(0, 10, size=5), mgr.uniform(-1, 2, size=3)]
    rng = np.random.default_rng(123)
    expected = [rng.random((2, 3)), rng.standard_normal(4), rng.integers(0, 10, size=5), rng.uniform(-1, 2, 3)]
    for got, want in zip(draws, expected):
        np.testing.assert_array_equal(got.data, want)


def test_get_generator_is_stable_across_seed():
    gen = mgr.get_generator()
    mgr.seed(7)
    assert mgr.get_generator() is gen
    first = gen.random(3)
    mgr.seed(7)
    np.testing.assert_array_equal(gen.random(3), first)  # an old reference sees the re-seed


def test_never_touches_numpys_global_state():
    np.random.seed(5)
    expected = np.random.rand(3)
    np.random.seed(5)
    mgr.seed(1)
    mgr.rand(10), mgr.randn(10), mgr.normal(size=3)
    np.testing.assert_array_equal(np.random.rand(3), expected)


@pytest.mark.parametrize(
    "func, args, shape",
    [
        (mgr.rand, (), ()),
        (mgr.rand, (2, 3), (2, 3)),
        (mgr.rand, ((2, 3),), (2, 3)),
        (mgr.randn, (3,), (3,)),
        (mgr.random, ((2, 2),), (2, 2)),
        (mgr.random_sample, (4,), (4,)),
        (mgr.ranf, (None,), ()),
        (mgr.sample, ((1, 2),), (1, 2)),
        (mgr.uniform, (0, 1, (3, 1)), (3, 1)),
        (mgr.normal, (np.zeros(3), 1.0), (3,)),
    ],
)
def test_float_samplers_shapes_and_constant(func, args, shape):
    out = func(*args)
    assert isinstance(out, mg.Tensor) and out.shape == shape and out.dtype == np.float64
    assert out.constant is False
    assert func(*args, constant=True).constant is True


def test_ranges_and_statistics():
    mgr.seed(0)
    u = mgr.uniform(2.0, 3.0, size=10_000).data
    assert u.min() >= 2.0 and u.max() < 3.0 and abs(u.mean() - 2.5) < 0.02
    n = mgr.normal(5.0, 2.0, size=10_000).data
    assert abs(n.mean() - 5.0) < 0.1 and abs(n.std() - 2.0) < 0.1
    r = mgr.rand(10_000).data
    assert r.min() >= 0.0 and r.max() < 1.0


def test_randint():
    x = mgr.randint(3, size=(50,))
    assert x.constant and x.dtype == np.int64 and set(np.unique(x.data)) <= {0, 1, 2}
    y = mgr.randint(-2, 2, size=200, dtype=np.int8)
    assert y.dtype == np.int8 and y.data.min() >= -2 and y.data.max() < 2


def test_dtypes():
    assert mgr.random(3, dtype=np.float32).dtype == np.float32
    assert mgr.uniform(size=2, dtype=np.float32).dtype == np.float32
    assert mgr.normal(size=2, dtype=np.float32).dtype == np.float32


def test_randint_rejects_float_dtype():
    with pytest.raises((TypeError, ValueError)):
        mgr.randint(3, size=2, dtype=float)
