"""mygrad.random: MyGrad's tensor-returning samplers over NumPy's global random state.

MyGrad's guarantee is that ``mg.random.f(*args)`` gives the numbers
``np.random.f(*args)`` gives after the same seed; the differential tests
below check exactly that. (Verified once by hand against MyGrad 2.5 itself:
``np.random.seed(s); mygrad.random.f(...)`` prints the same tensors there.)
"""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
import mygrad.random as mgr

seeds = st.integers(0, 2**32 - 1)
shapes = st.lists(st.integers(0, 4), max_size=3).map(tuple)


@pytest.fixture(autouse=True)
def _restore_global_state():
    state = np.random.get_state()
    yield
    np.random.set_state(state)


def test_importable_as_attribute():
    import mygrad

    assert mygrad.random is mgr


# ------------------------------------------------------- same numbers as NumPy
@settings(max_examples=30, deadline=None)
@given(seed=seeds, shape=shapes)
def test_each_sampler_equals_its_numpy_namesake(seed, shape):
    calls = [
        ("rand", shape, {}),
        ("randn", shape, {}),
        ("random", (shape,), {}),
        ("random_sample", (shape,), {}),
        ("ranf", (shape,), {}),
        ("sample", (shape,), {}),
        ("randint", (-3, 7, shape), {}),
        ("uniform", (-2.0, 5.0, shape), {}),
        ("normal", (1.5, 3.0, shape), {}),
    ]
    for name, args, kwargs in calls:
        np.random.seed(seed)
        got = getattr(mgr, name)(*args, **kwargs)
        np.random.seed(seed)
        want = np.asarray(getattr(np.random, name)(*args, **kwargs))
        assert isinstance(got, mg.Tensor), name
        assert got.shape == want.shape and got.dtype == want.dtype, name
        np.testing.assert_array_equal(got.data, want, err_msg=name)


@settings(max_examples=20, deadline=None)
@given(seed=seeds, shape=shapes)
def test_random_integers_equals_numpys_without_its_warning(seed, shape):
    np.random.seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's own function warns that it is deprecated; ours must not
        got = mgr.random_integers(-2, 4, size=shape)
    np.random.seed(seed)
    with pytest.warns(DeprecationWarning):
        want = np.random.random_integers(-2, 4, size=shape)
    np.testing.assert_array_equal(got.data, want)
    assert got.dtype == want.dtype and got.constant


@settings(max_examples=20, deadline=None)
@given(seed=seeds)
def test_mg_seed_is_np_seed(seed):
    mgr.seed(seed)
    via_mygrad = np.random.get_state()[1].copy(), mgr.randn(5).data
    np.random.seed(seed)
    via_numpy = np.random.get_state()[1].copy(), np.random.randn(5)
    np.testing.assert_array_equal(via_mygrad[0], via_numpy[0])
    np.testing.assert_array_equal(via_mygrad[1], via_numpy[1])


def test_numbers_printed_by_mygrad_2_5():
    # values printed by MyGrad 2.5 itself for these calls (each after np.random.seed(0))
    np.random.seed(0)
    np.testing.assert_allclose(mgr.ranf(3).data, [0.5488135, 0.71518937, 0.60276338], rtol=1e-7)
    np.random.seed(0)
    np.testing.assert_array_equal(mgr.randint(5, shape=3).data, [4, 0, 3])
    np.random.seed(0)
    np.testing.assert_allclose(mgr.randn(2).data, [1.76405235, 0.40015721], rtol=1e-7)


def test_get_generator_is_numpys_global_state():
    source = mgr.get_generator()
    assert source is mgr.get_generator()
    assert isinstance(source, np.random.RandomState)
    np.random.seed(11)
    first = source.random_sample(3)
    np.random.seed(11)
    np.testing.assert_array_equal(np.random.random_sample(3), first)  # seeding reaches the same object


# ----------------------------------------------------------- MyGrad's signatures
# (name, kind, default) of every parameter, as inspect.signature reports them for MyGrad 2.5
_P, _KW, _VAR = inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_POSITIONAL
_EMPTY = inspect.Parameter.empty
MYGRAD_SIGNATURES = {
    "rand": [("shape", _VAR, _EMPTY), ("constant", _KW, None)],
    "randn": [("shape", _VAR, _EMPTY), ("constant", _KW, None)],
    "randint": [("low", _P, _EMPTY), ("high", _P, None), ("shape", _P, None), ("dtype", _P, int)],
    "random": [("shape", _P, None), ("constant", _KW, None)],
    "random_sample": [("shape", _P, None), ("constant", _KW, None)],
    "ranf": [("shape", _P, None), ("constant", _KW, None)],
    "sample": [("shape", _P, None), ("constant", _KW, None)],
    "seed": [("seed_number", _P, _EMPTY)],
}


@pytest.mark.parametrize("name", sorted(MYGRAD_SIGNATURES))
def test_signature_matches_mygrad(name):
    params = inspect.signature(getattr(mgr, name)).parameters.values()
    assert [(p.name, p.kind, p.default) for p in params] == MYGRAD_SIGNATURES[name]


# ------------------------------------------------------ shapes, dtypes, constant
@pytest.mark.parametrize(
    "func, args, shape",
    [
        (mgr.rand, (), ()),
        (mgr.rand, (2, 3), (2, 3)),
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


@pytest.mark.parametrize("func", [mgr.rand, mgr.randn])
def test_rand_and_randn_take_dimensions_not_a_shape_tuple(func):
    with pytest.raises(TypeError):  # as NumPy's (and MyGrad's) rand / randn
        func((2, 2))


def test_randint_dtypes_and_constant():
    x = mgr.randint(3, shape=(50,))
    assert x.constant and x.dtype == np.int64 and set(np.unique(x.data)) <= {0, 1, 2}
    y = mgr.randint(-2, 2, shape=200, dtype=np.int8)
    assert y.dtype == np.int8 and y.data.min() >= -2 and y.data.max() < 2
    assert mgr.randint(4).shape == ()


def test_randint_rejects_float_dtype():
    with pytest.raises((TypeError, ValueError)):
        mgr.randint(3, shape=2, dtype=float)


def test_uniform_and_normal_cast_to_dtype():
    np.random.seed(2)
    u = mgr.uniform(size=2, dtype=np.float32)
    np.random.seed(2)
    np.testing.assert_array_equal(u.data, np.random.uniform(size=2).astype(np.float32))
    assert mgr.normal(size=2, dtype=np.float32).dtype == np.float32


def test_tensor_bounds_are_read_as_arrays():
    np.random.seed(4)
    got = mgr.uniform(mg.tensor([0.0, 10.0]), mg.tensor([1.0, 11.0]))
    np.random.seed(4)
    np.testing.assert_array_equal(got.data, np.random.uniform([0.0, 10.0], [1.0, 11.0]))


# ------------------------------------------- the toolkit the rest of mygrad uses
def test_resolve_source():
    gen, state = np.random.default_rng(0), np.random.RandomState(0)
    assert mgr.resolve_source(gen) is gen and mgr.resolve_source(state) is state
    assert mgr.resolve_source(None) is mgr.get_generator()
    with pytest.raises(TypeError, match="dropout: generator must be a numpy.random.Generator.*got int"):
        mgr.resolve_source(3, owner="dropout: generator")


@settings(max_examples=20, deadline=None)
@given(seed=seeds, n=st.integers(0, 50))
def test_draw_permutation(seed, n):
    np.random.seed(seed)
    got = mgr.draw_permutation(mgr.get_generator(), n)
    np.random.seed(seed)
    np.testing.assert_array_equal(got, np.random.permutation(n))  # the global state: NumPy's permutation
    assert got.dtype == np.int64
    from_generator = mgr.draw_permutation(mgr.seeded_generator(seed), n)
    raw = np.random.Generator(np.random.PCG64(seed)).bit_generator.random_raw(n)
    np.testing.assert_array_equal(from_generator, np.argsort(raw, kind="stable"))  # depends only on the bit stream


def test_draw_unit_floats():
    assert mgr.draw_unit_floats(np.random.default_rng(0), (3,), np.float32).dtype == np.float32
    np.random.seed(1)
    got = mgr.draw_unit_floats(mgr.get_generator(), (3,), np.float32)
    np.random.seed(1)
    np.testing.assert_array_equal(got, np.random.random_sample(3))  # RandomState always draws float64


def test_epoch_generators_differ_and_repeat():
    assert mgr.epoch_generator(1, 0).random() == mgr.epoch_generator(1, 0).random()
    assert mgr.epoch_generator(1, 0).random() != mgr.epoch_generator(1, 1).random()


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_check_seed_rejects(bad):
    with pytest.raises(ValueError, match="seed must be None or a non-negative integer"):
        mgr.check_seed(bad)
