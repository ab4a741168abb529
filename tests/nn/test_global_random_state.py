"""One random state for the whole library: NumPy's global one, as in MyGrad.

``np.random.seed(n)`` (or ``mg.random.seed(n)``) at the top of a program must
reproduce everything random that follows - initialisation, dropout masks,
shuffling - and each draw must be the one NumPy's module-level functions make.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.data import DataLoader, TensorDataset, random_split
from mygrad.nn import functional as F
from mygrad.nnet import initializers

seeds = st.integers(0, 2**32 - 1)


@pytest.fixture(autouse=True)
def _restore_global_state():
    state = np.random.get_state()
    yield
    np.random.set_state(state)


def _a_random_program():
    """Model init, a dropout mask, two shuffled passes and a split, all from the global state."""
    layer = nn.Linear(4, 3)
    mask = nn.Dropout(0.5)(np.ones((2, 5), dtype=np.float32)).data
    loader = DataLoader(TensorDataset(np.arange(10)), batch_size=10, shuffle=True)
    orders = [batch.tolist() for _ in range(2) for (batch,) in loader]
    split = random_split(TensorDataset(np.arange(8)), [5, 3])[0].indices.tolist()
    gru = nn.GRU(2, 3, num_layers=2, dropout=0.5)
    hidden = gru(np.ones((4, 2, 2), dtype=np.float32))[0].data  # dropout between the two layers
    masked = F.gru(np.ones((4, 2, 2)), *(np.full(s, 0.1) for s in [(2, 3), (3, 3), (3,)] * 3), dropout=0.5).data
    return [layer.weight.data, layer.bias.data, mask, np.array(orders), np.array(split), gru.weight_ih_l0.data,
            hidden, masked]


@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_reseeding_reproduces_a_whole_run(seed):
    np.random.seed(seed)
    first = _a_random_program()
    np.random.seed(seed)
    again = _a_random_program()
    mg.random.seed(seed)
    via_mygrad = _a_random_program()
    for a, b, c in zip(first, again, via_mygrad):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)


def test_different_seeds_give_different_runs():
    np.random.seed(0)
    a = _a_random_program()
    np.random.seed(1)
    b = _a_random_program()
    assert not np.array_equal(a[0], b[0]) and not np.array_equal(a[3], b[3])


# ------------------------------------------------------------- exact draws
@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_linear_init_is_numpys_uniform(seed):
    np.random.seed(seed)
    layer = nn.Linear(5, 2, dtype=np.float64)
    np.random.seed(seed)
    bound = 1 / math.sqrt(5)  # kaiming_uniform_(a=sqrt(5)) and the bias both reduce to 1/sqrt(fan_in)
    weight = np.random.uniform(-bound, bound, (2, 5))
    bias = np.random.uniform(-bound, bound, 2)
    np.testing.assert_allclose(layer.weight.data, weight, rtol=1e-12)
    np.testing.assert_allclose(layer.bias.data, bias, rtol=1e-12)


@settings(max_examples=10, deadline=None)
@given(seed=seeds, p=st.floats(0.05, 0.95))
def test_dropout_mask_is_numpys_random_sample(seed, p):
    np.random.seed(seed)
    out = F.dropout(np.ones((3, 4)), p)
    np.random.seed(seed)
    keep = np.random.random_sample((3, 4)) >= p
    np.testing.assert_array_equal(out.data != 0, keep)


@settings(max_examples=10, deadline=None)
@given(seed=seeds, n=st.integers(1, 30))
def test_unseeded_shuffling_is_numpys_permutation(seed, n):
    np.random.seed(seed)
    loader = DataLoader(TensorDataset(np.arange(n)), batch_size=n, shuffle=True)
    passes = [next(iter(loader))[0].tolist() for _ in range(2)]
    split = random_split(TensorDataset(np.arange(n)), [n, 0])[0].indices.tolist()
    np.random.seed(seed)
    assert passes == [np.random.permutation(n).tolist(), np.random.permutation(n).tolist()]
    assert split == np.random.permutation(n).tolist()


@settings(max_examples=10, deadline=None)
@given(seed=seeds)
def test_nnet_initializers_are_mygrads_draws(seed):
    # MyGrad 2.5: np.random.normal / uniform in float64, then cast to the dtype
    np.random.seed(seed)
    got = initializers.he_normal(3, 4)
    np.random.seed(seed)
    np.testing.assert_array_equal(got.data, np.random.normal(0, 1 / math.sqrt(4), (3, 4)).astype(np.float32))
    np.random.seed(seed)
    got = initializers.glorot_uniform(2, 3, 4, dtype="float64")
    np.random.seed(seed)
    bound = math.sqrt(6 / (3 * 4 + 2 * 4))
    np.testing.assert_allclose(got.data, np.random.uniform(-bound, bound, (2, 3, 4)), rtol=1e-12)


def test_nnet_initializers_match_numbers_printed_by_mygrad_2_5():
    np.random.seed(0)
    np.testing.assert_allclose(
        initializers.he_normal(3, 4).data[0], [0.8820262, 0.2000786, 0.489369, 1.1204466], rtol=1e-6
    )
    np.random.seed(4)
    np.testing.assert_allclose(
        initializers.he_uniform(2, 3, dtype="float64").data[0], [0.93405968, 0.0944645, 0.94536872], rtol=1e-7
    )


# -------------------------------------------- explicit sources keep working
def test_explicit_seed_or_generator_leaves_the_global_state_alone():
    np.random.seed(5)
    before = np.random.get_state()[1].copy()
    nn.Linear(3, 3, generator=np.random.default_rng(0))
    F.dropout(np.ones(10), 0.5, generator=np.random.RandomState(1))
    list(DataLoader(TensorDataset(np.arange(9)), 3, shuffle=True, seed=2))
    random_split(TensorDataset(np.arange(9)), [4, 5], generator=3)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_seeded_dataloader_ignores_the_global_seed():
    orders = []
    for global_seed in (0, 1):
        np.random.seed(global_seed)
        loader = DataLoader(TensorDataset(np.arange(12)), 12, shuffle=True, seed=7)
        orders.append([next(iter(loader))[0].tolist() for _ in range(2)])
    assert orders[0] == orders[1] and orders[0][0] != orders[0][1]


def test_random_state_generators_are_accepted_everywhere():
    def run(state):
        layer = nn.Linear(3, 2, generator=state)
        mask = nn.Dropout(0.5, generator=state)(np.ones(8)).data
        order = next(iter(DataLoader(TensorDataset(np.arange(6)), 6, shuffle=True, generator=state)))[0]
        split = random_split(TensorDataset(np.arange(6)), [3, 3], generator=state)[0].indices
        return layer.weight.data, mask, order, split

    for a, b in zip(run(np.random.RandomState(3)), run(np.random.RandomState(3))):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("make", [
    lambda bad: nn.Linear(2, 2, generator=bad),
    lambda bad: F.dropout(np.ones(3), 0.5, generator=bad),
    lambda bad: DataLoader(TensorDataset(np.arange(3)), 1, shuffle=True, generator=bad),
    lambda bad: random_split(TensorDataset(np.arange(3)), [1, 2], generator=bad),
])
def test_bad_generators_are_named_in_the_error(make):
    with pytest.raises(TypeError, match="numpy.random.Generator or numpy.random.RandomState"):
        make("seed")
