"""``DataLoader``: iterate over a dataset in (optionally shuffled) batches."""

from __future__ import annotations

from typing import Any, Callable, Iterator, List, Optional

import numpy as np

from mygrad.data.dataset import fetch_batch, is_dataset
from mygrad.random import RandomSource, check_seed, draw_permutation, epoch_generator, resolve_source

__all__ = ["DataLoader"]


class DataLoader:
    """Iterate over a dataset in batches of NumPy arrays.

    For a :class:`~mygrad.data.TensorDataset` (or a
    :class:`~mygrad.data.Subset` of one) each batch is gathered by one
    fancy-indexing operation per array; other datasets are read sample by
    sample and stacked (see :func:`~mygrad.data.fetch_batch`).

    Batches are plain ``numpy.ndarray`` objects (a tuple of them for
    datasets whose samples are tuples); wrap them in tensors in the training
    loop, e.g. ``mg.tensor(x, dtype=np.float32) / 255``.

    Parameters
    ----------
    dataset : Dataset
        Anything with ``__len__`` and ``__getitem__``.
    batch_size : int, default 1
        Samples per batch.
    shuffle : bool, default False
        Visit the samples in a new random order on every pass.
    drop_last : bool, default False
        Skip the final batch when it has fewer than ``batch_size`` samples.
    seed : int, optional
        Makes shuffling reproducible. Pass number ``e`` (0, 1, 2, ...)
        uses a permutation derived only from ``(seed, e)`` through NumPy's
        ``SeedSequence`` and the PCG64 bit stream, so it is the same on
        every machine. Each ``iter(loader)`` starts the next pass;
        :meth:`set_epoch` chooses the pass number (to resume training).
    generator : numpy.random.Generator or numpy.random.RandomState, optional
        Draw every pass's permutation from this generator instead (its
        state advances; :meth:`set_epoch` does not affect the order). Give
        at most one of ``seed`` and ``generator``. With neither, every pass
        draws its permutation from NumPy's global random state, so
        ``np.random.seed(n)`` earlier in the program fixes the orders.
    collate_fn : Callable[[list], Any], optional
        Makes a batch from the list of samples ``[dataset[i] for i in batch]``
        (padding sequences, say), as in PyTorch. By default samples are
        stacked field by field (see :func:`~mygrad.data.fetch_batch`).
    num_workers, pin_memory, timeout, worker_init_fn, persistent_workers, prefetch_factor : optional
        PyTorch's options for loading in worker processes and onto a GPU:
        accepted and ignored, as batches are made in this process.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.data import DataLoader, TensorDataset
    >>> data = TensorDataset(np.arange(10) * 10, np.arange(10))
    >>> loader = DataLoader(data, batch_size=4)
    >>> len(loader)
    3
    >>> [y.tolist() for x, y in loader]
    [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    >>> shuffled = DataLoader(data, batch_size=4, shuffle=True, seed=0, drop_last=True)
    >>> [y.shape for x, y in shuffled]
    [(4,), (4,)]
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        seed: Optional[int] = None,
        generator: Optional[RandomSource] = None,
        collate_fn: Optional[Callable[[List[Any]], Any]] = None,
        *,
        num_workers: int = 0,
        pin_memory: bool = False,
        timeout: float = 0,
        worker_init_fn: Optional[Callable[[int], Any]] = None,
        persistent_workers: bool = False,
        prefetch_factor: Optional[int] = None,
    ) -> None:
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError(f"DataLoader: collate_fn must be callable; got {type(collate_fn).__name__}")
        if isinstance(num_workers, bool) or not isinstance(num_workers, (int, np.integer)) or num_workers < 0:
            raise ValueError(f"DataLoader: num_workers must be a non-negative integer; got {num_workers!r}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive integer; got {batch_size!r}")
        check_seed(seed)
        if seed is not None and generator is not None:
            raise ValueError("DataLoader: give at most one of seed and generator")
        if generator is not None:
            resolve_source(generator, owner="DataLoader: generator")  # only checks the type
        if not is_dataset(dataset):
            raise TypeError(f"DataLoader: dataset must support len() and indexing (a Dataset, e.g. TensorDataset); "
                            f"got {type(dataset).__name__}")
        for name, flag in (("shuffle", shuffle), ("drop_last", drop_last)):
            if not isinstance(flag, (bool, np.bool_)):
                raise TypeError(f"DataLoader: {name} must be a bool; got {flag!r}")
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.seed = seed
        self._generator = generator
        self.collate_fn = collate_fn
        self.num_workers = int(num_workers)  # (recorded; batches are made in this process)
        self._epoch = 0

    @property
    def epoch(self) -> int:
        """The number of the next pass over the data."""
        return self._epoch

    def set_epoch(self, epoch: int) -> None:
        """Make the next pass pass number ``epoch`` (e.g. when resuming training).

        With a ``seed``, pass ``epoch`` then visits the data in the same order
        as it would have in an uninterrupted run.
        """
        check_seed(epoch, name="epoch")
        self._epoch = int(epoch)

    def __len__(self) -> int:
        """The number of batches in one pass."""
        full, remainder = divmod(len(self.dataset), self.batch_size)
        return full + (1 if remainder and not self.drop_last else 0)

    def __iter__(self) -> Iterator[Any]:
        order = self._order(self._epoch)
        starts = range(0, len(self) * self.batch_size, self.batch_size)
        if not starts:
            self._epoch += 1
        for start in starts:
            indices = order[start : start + self.batch_size]
            if self.collate_fn is None:
                batch = fetch_batch(self.dataset, indices)
            else:
                batch = self.collate_fn([self.dataset[int(i)] for i in indices])
            if start == 0:  # a pass counts once its first batch is made: a refused one changes nothing
                self._epoch += 1
            yield batch

    def _order(self, epoch: int) -> np.ndarray:
        n = len(self.dataset)
        if not self.shuffle:
            return np.arange(n, dtype=np.int64)
        if self.seed is not None:
            return draw_permutation(epoch_generator(self.seed, epoch), n)
        return draw_permutation(resolve_source(self._generator), n)

    def __repr__(self) -> str:
        return (
            f"DataLoader(<{type(self.dataset).__name__} of {len(self.dataset)}>, batch_size={self.batch_size}, "
            f"shuffle={self.shuffle}, drop_last={self.drop_last}, seed={self.seed})"
        )
