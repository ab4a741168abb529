"""Datasets: indexable collections of samples.

A dataset is anything with ``__len__`` and ``__getitem__(i)`` returning the
``i``-th sample (a tuple such as ``(image, label)``, or a single array).

A dataset may also offer ``get_batch(indices)``, returning a whole batch in
one vectorised step. :class:`TensorDataset` does this by fancy-indexing its
arrays, and a :class:`Subset` of such a dataset passes the call on, so a
:class:`~mygrad.data.DataLoader` over either never loops over samples in
Python. :func:`fetch_batch` uses ``get_batch`` when it exists and otherwise
stacks samples one by one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, List, Sequence, Tuple, Union

import numpy as np

from mygrad.random import RandomSource, draw_permutation, resolve_source, seeded_generator
from mygrad.autodiff.tensor import Tensor

__all__ = ["Dataset", "TensorDataset", "Subset", "random_split", "fetch_batch"]


class Dataset:
    """Base class for map-style datasets.

    Subclasses implement ``__len__`` and ``__getitem__(index)``; they may
    also implement ``get_batch(indices)`` for fast batching. Inheriting from
    this class is optional: the data tools accept any object with
    ``__len__`` and ``__getitem__``.

    Examples
    --------
    A dataset of the squares ``(x, x**2)``, batched by a ``DataLoader``:

    >>> from mygrad.data import Dataset, DataLoader
    >>> class Squares(Dataset):
    ...     def __len__(self):
    ...         return 6
    ...     def __getitem__(self, i):
    ...         return float(i), float(i * i)
    >>> x, y = next(iter(DataLoader(Squares(), batch_size=4)))
    >>> x, y
    (array([0., 1., 2., 3.]), array([0., 1., 4., 9.]))
    """

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")


class TensorDataset(Dataset):
    """A dataset of arrays that share their first dimension.

    Sample ``i`` is the tuple ``(arrays[0][i], arrays[1][i], ...)``.

    Parameters
    ----------
    *arrays : array_like or Tensor
        One or more arrays with equal length along axis 0. Tensors are
        stored as their ``.data`` (no copy); other inputs go through
        ``np.asarray``.

    Raises
    ------
    ValueError
        If no arrays are given, an array is 0-dimensional, or the first
        dimensions differ.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.data import TensorDataset
    >>> images, labels = np.zeros((5, 2, 2)), np.arange(5)
    >>> dataset = TensorDataset(images, labels)
    >>> len(dataset)
    5
    >>> image, label = dataset[3]
    >>> image.shape, label
    ((2, 2), np.int64(3))
    >>> [a.shape for a in dataset.get_batch(np.array([0, 4]))]
    [(2, 2, 2), (2,)]
    """

    def __init__(self, *arrays: Any) -> None:
        if not arrays:
            raise ValueError("TensorDataset needs at least one array")
        converted = []
        for i, a in enumerate(arrays):
            try:
                converted.append(a.data if isinstance(a, Tensor) else np.asarray(a))
            except (TypeError, ValueError) as error:  # a ragged list, say
                raise type(error)(f"TensorDataset: array {i} ({type(a).__name__}) is not array-like: {error}") from None
        self.arrays: Tuple[np.ndarray, ...] = tuple(converted)
        shapes = [a.shape for a in self.arrays]
        if any(len(shape) == 0 for shape in shapes):
            raise ValueError(f"TensorDataset arrays need at least one dimension; got shapes {shapes}")
        if len({shape[0] for shape in shapes}) != 1:
            raise ValueError(f"TensorDataset arrays must have the same first dimension; got shapes {shapes}")

    def __len__(self) -> int:
        return self.arrays[0].shape[0]

    def __getitem__(self, index: Any) -> Tuple[np.ndarray, ...]:
        return tuple(a[index] for a in self.arrays)

    def get_batch(self, indices: np.ndarray) -> Tuple[np.ndarray, ...]:
        """Return the samples at ``indices`` as one tuple of arrays (fancy indexing)."""
        return tuple(a[indices] for a in self.arrays)


class Subset(Dataset):
    """The samples of ``dataset`` at the given ``indices``, in that order.

    Parameters
    ----------
    dataset : Dataset
        The dataset to draw from.
    indices : Sequence[int]
        Positions in ``dataset``; sample ``i`` of the subset is
        ``dataset[indices[i]]``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.data import Subset, TensorDataset
    >>> dataset = TensorDataset(np.arange(10) * 10)
    >>> evens = Subset(dataset, [0, 2, 4])
    >>> len(evens), evens[1]    # sample 1 of the subset is sample 2 of the dataset
    (3, (np.int64(20),))
    >>> evens.get_batch(np.array([0, 2]))
    (array([ 0, 40]),)
    """

    def __init__(self, dataset: Any, indices: Union[Sequence[int], np.ndarray]) -> None:
        self.dataset = dataset
        self.indices = np.asarray(indices, dtype=np.int64).reshape(-1)

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, index: int) -> Any:
        return self.dataset[int(self.indices[index])]

    def get_batch(self, indices: np.ndarray) -> Any:
        """Return the samples at ``indices``, vectorised when the parent dataset is."""
        return fetch_batch(self.dataset, self.indices[indices])


def is_dataset(dataset: Any) -> bool:
    """Whether ``dataset`` is a map-style dataset: indexable by position, with a length.

    A dict is keyed, not positional; a 0-d array or tensor has ``__len__`` but no length.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.data.dataset import is_dataset
    >>> is_dataset([1, 2, 3]), is_dataset(np.zeros((4, 2))), is_dataset(np.array(3.0)), is_dataset({0: "a"})
    (True, True, False, False)
    """
    if isinstance(dataset, Mapping) or not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
        return False
    try:
        len(dataset)
    except TypeError:
        return False
    return True


def fetch_batch(dataset: Any, indices: np.ndarray) -> Any:
    """Gather the samples at ``indices`` of ``dataset`` into a batch.

    Uses ``dataset.get_batch`` when the dataset has one. Otherwise each
    sample is read with ``dataset[i]`` and the samples are stacked as
    PyTorch's default collation stacks them: tuples of fields give a tuple
    of stacked arrays, dicts a dict of them (recursively), strings a list,
    single samples one array.

    Parameters
    ----------
    dataset : Dataset
        Any object with ``__getitem__``.
    indices : numpy.ndarray
        Integer positions.

    Returns
    -------
    numpy.ndarray or tuple of numpy.ndarray
        The batch; axis 0 runs over ``indices``.

    Examples
    --------
    A plain list of ``(features, label)`` pairs has no ``get_batch``, so its
    samples are read one by one and stacked field by field:

    >>> import numpy as np
    >>> from mygrad.data import fetch_batch
    >>> samples = [(np.array([0.0, 1.0]), 0), (np.array([2.0, 3.0]), 1), (np.array([4.0, 5.0]), 0)]
    >>> features, labels = fetch_batch(samples, np.array([2, 0]))
    >>> features, labels
    (array([[4., 5.],
           [0., 1.]]), array([0, 0]))
    """
    if callable(getattr(dataset, "get_batch", None)):
        return dataset.get_batch(indices)
    return _stack_samples([dataset[int(i)] for i in indices])


def random_split(
    dataset: Any, lengths: Sequence[Union[int, float]], generator: Union[None, int, RandomSource] = None
) -> List[Subset]:
    """Split a dataset into non-overlapping random subsets.

    Parameters
    ----------
    dataset : Dataset
        The dataset to split.
    lengths : Sequence[int] or Sequence[float]
        Either the sizes of the subsets (summing to ``len(dataset)``) or
        fractions summing to 1. Fractions are floored to sizes and any
        remaining samples are dealt out one each to the first subsets.
    generator : None, int, numpy.random.Generator or numpy.random.RandomState, optional
        Source of randomness: an integer seed gives the same split on every
        machine (through its own PCG64 stream); None draws from NumPy's
        global random state (as ``np.random.permutation`` would).

    Returns
    -------
    list of Subset
        One subset per entry of ``lengths``.

    Raises
    ------
    ValueError
        If sizes are negative or do not sum to the dataset length, or
        fractions are outside [0, 1] or do not sum to 1.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.data import TensorDataset, random_split
    >>> train, val = random_split(TensorDataset(np.arange(10)), [0.8, 0.2], generator=0)
    >>> len(train), len(val)
    (8, 2)
    """
    if not is_dataset(dataset):
        raise TypeError(f"random_split: dataset must support len() and indexing (a Dataset, e.g. TensorDataset); "
                        f"got {type(dataset).__name__}")
    sizes = _split_sizes(len(dataset), lengths)
    order = draw_permutation(_split_source(generator), len(dataset))
    bounds = np.cumsum([0] + sizes)
    return [Subset(dataset, order[start:stop]) for start, stop in zip(bounds[:-1], bounds[1:])]


def _split_source(generator: Union[None, int, RandomSource]) -> RandomSource:
    if isinstance(generator, (int, np.integer)) and not isinstance(generator, bool):
        if generator < 0:
            raise ValueError(f"random_split: an integer generator (a seed) must be non-negative; got {generator}")
        return seeded_generator(int(generator))
    return resolve_source(generator, owner="random_split: generator")


def _split_sizes(total: int, lengths: Sequence[Union[int, float]]) -> List[int]:
    if isinstance(lengths, (str, bytes, Mapping)) or not isinstance(lengths, (Sequence, np.ndarray)) or (
        isinstance(lengths, np.ndarray) and lengths.ndim != 1
    ):
        raise TypeError(f"random_split: lengths must be a list of sizes or fractions; got {type(lengths).__name__} "
                        f"{lengths!r:.60}")
    lengths = list(np.asarray(lengths).tolist()) if isinstance(lengths, np.ndarray) else list(lengths)
    if not lengths or not all(isinstance(n, (int, float, np.integer, np.floating)) and not isinstance(n, bool)
                              for n in lengths):
        raise TypeError(f"random_split: lengths must be a non-empty list of sizes (ints) or fractions (floats); "
                        f"got {lengths!r:.80}")
    if all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in lengths):
        if any(n < 0 for n in lengths) or sum(lengths) != total:
            raise ValueError(
                f"random_split: sizes {lengths} must be non-negative and sum to the dataset length {total}"
            )
        return [int(n) for n in lengths]
    if any(not 0 <= f <= 1 for f in lengths) or not math.isclose(sum(lengths), 1.0, abs_tol=1e-9):
        raise ValueError(f"random_split: fractions {lengths} must each lie in [0, 1] and sum to 1")
    sizes = [math.floor(total * f) for f in lengths]
    for i in range(total - sum(sizes)):
        sizes[i % len(sizes)] += 1
    return sizes


def _stack_samples(samples: List[Any]) -> Any:
    try:
        return _collate(samples) if samples else np.empty((0,))
    except ValueError as error:  # (fields of different shapes, a ragged sample)
        raise ValueError(f"fetch_batch: cannot stack the samples into a batch ({error}); every sample must have "
                         f"the same structure and shapes") from None


def _collate(samples: List[Any]) -> Any:
    """Samples into a batch as PyTorch's default collation does: field by field, recursively.

    Tuples and lists give a tuple of batches, dicts a dict of batches (same keys in every sample),
    strings a list; anything else is stacked into an array along a new first axis.
    """
    first = samples[0]
    if isinstance(first, Mapping):
        if any(not isinstance(s, Mapping) or s.keys() != first.keys() for s in samples):
            raise ValueError("the samples are dicts with different keys")
        return {key: _collate([s[key] for s in samples]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(not isinstance(s, (tuple, list)) or len(s) != len(first) for s in samples):
            raise ValueError("the samples have different numbers of fields")
        return tuple(_collate([s[k] for s in samples]) for k in range(len(first)))
    if isinstance(first, (str, bytes)):
        return list(samples)
    return np.stack([np.asarray(s) for s in samples])
