"""TensorDataset, Subset and random_split."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import mygrad as mg
from mygrad.data import Subset, TensorDataset, fetch_batch, random_split


def test_tensor_dataset_samples_and_batches():
    x, y = np.arange(12.0).reshape(6, 2), np.arange(6) * 10
    dataset = TensorDataset(x, y)
    assert len(dataset) == 6
    sample = dataset[4]
    np.testing.assert_array_equal(sample[0], x[4])
    assert sample[1] == 40
    batch = dataset.get_batch(np.array([5, 0, 5]))
    np.testing.assert_array_equal(batch[0], x[[5, 0, 5]])
    np.testing.assert_array_equal(batch[1], y[[5, 0, 5]])


def test_tensor_dataset_accepts_tensors_without_copying():
    t = mg.tensor(np.arange(6.0).reshape(3, 2))
    dataset = TensorDataset(t, [1, 2, 3])
    assert isinstance(dataset.arrays[0], np.ndarray)
    assert np.shares_memory(dataset.arrays[0], t.data)
    np.testing.assert_array_equal(dataset.arrays[1], [1, 2, 3])


def test_tensor_dataset_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"same first dimension.*\(5, 2\).*\(4,\)"):
        TensorDataset(np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="at least one dimension"):
        TensorDataset(np.zeros(3), np.float64(1.0))
    with pytest.raises(ValueError, match="at least one array"):
        TensorDataset()


@given(n=st.integers(0, 40), weights=st.lists(st.integers(0, 10), min_size=1, max_size=4), seed=st.integers(0, 2**32))
def test_random_split_by_sizes_partitions_the_data(n, weights, seed):
    sizes = list(np.diff(np.round(np.cumsum([0] + weights) / max(sum(weights), 1) * n)).astype(int))
    sizes[-1] += n - sum(sizes)
    parts = random_split(TensorDataset(np.arange(n)), sizes, generator=seed)
    assert [len(p) for p in parts] == sizes
    together = np.concatenate([p.indices for p in parts])
    np.testing.assert_array_equal(np.sort(together), np.arange(n))
    again = random_split(TensorDataset(np.arange(n)), sizes, generator=seed)
    for a, b in zip(parts, again):
        np.testing.assert_array_equal(a.indices, b.indices)


def test_random_split_fractions_floor_and_deal_out_the_remainder():
    parts = random_split(TensorDataset(np.arange(10)), [0.34, 0.33, 0.33], generator=1)
    # floors are 3, 3, 3; the one remaining sample goes to the first subset
    assert [len(p) for p in parts] == [4, 3, 3]
    assert [len(p) for p in random_split(TensorDataset(np.arange(7)), [0.5, 0.5], generator=1)] == [4, 3]


def test_random_split_shuffles_and_seed_matters():
    a = random_split(TensorDataset(np.arange(100)), [50, 50], generator=0)[0].indices
    b = random_split(TensorDataset(np.arange(100)), [50, 50], generator=1)[0].indices
    assert not np.array_equal(a, np.arange(50))
    assert not np.array_equal(a, b)
    rng = np.random.default_rng(3)
    c = random_split(TensorDataset(np.arange(100)), [50, 50], generator=rng)[0].indices
    d = random_split(TensorDataset(np.arange(100)), [50, 50], generator=rng)[0].indices
    assert not np.array_equal(c, d)  # a Generator's state advances


@pytest.mark.parametrize(
    "lengths, message",
    [
        ([3, 3], "sum to the dataset length 10"),
        ([11, -1], "non-negative"),
        ([0.5, 0.6], "sum to 1"),
        ([1.5, -0.5], r"\[0, 1\]"),
    ],
)
def test_random_split_errors(lengths, message):
    with pytest.raises(ValueError, match=message):
        random_split(TensorDataset(np.arange(10)), lengths, generator=0)


def test_subset_reads_through_to_the_parent():
    x = np.arange(20).reshape(10, 2)
    subset = Subset(TensorDataset(x), [7, 2, 9])
    assert len(subset) == 3
    np.testing.assert_array_equal(subset[1][0], x[2])
    np.testing.assert_array_equal(subset.get_batch(np.array([2, 0]))[0], x[[9, 7]])
    nested = Subset(subset, [2, 2, 0])
    np.testing.assert_array_equal(fetch_batch(nested, np.arange(3))[0], x[[9, 9, 7]])


class ListDataset:
    """A generic dataset without get_batch."""

    def __init__(self, samples):
        self.samples = samples

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        return self.samples[i]


def test_fetch_batch_stacks_generic_samples():
    pairs = ListDataset([(np.full(2, i), i) for i in range(5)])
    images, labels = fetch_batch(pairs, np.array([3, 1]))
    np.testing.assert_array_equal(images, [[3, 3], [1, 1]])
    np.testing.assert_array_equal(labels, [3, 1])
    singles = ListDataset([np.full(3, i) for i in range(5)])
    np.testing.assert_array_equal(fetch_batch(singles, np.array([4, 0])), [[4, 4, 4], [0, 0, 0]])
    np.testing.assert_array_equal(fetch_batch(Subset(singles, [4, 3]), np.array([1]))[0], [3, 3, 3])
