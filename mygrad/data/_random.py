"""Reproducible permutations for shuffling and splitting.

``Generator.permutation`` may, in principle, change between NumPy versions
(NumPy only promises that a *bit generator's* raw stream never changes). To
make "same seed, same order" hold on every machine and NumPy version, a
permutation here is the stable argsort of ``n`` raw 64-bit draws from PCG64,
so it depends only on that stream.
"""

from __future__ import annotations

from typing import Optional, Union

import numpy as np

SeedOrGenerator = Union[None, int, np.random.Generator]


def as_generator(seed: SeedOrGenerator) -> np.random.Generator:
    """Return ``seed`` if it is a Generator, else a new PCG64 Generator seeded with it."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.Generator(np.random.PCG64(seed))


def epoch_generator(seed: int, epoch: int) -> np.random.Generator:
    """The generator for pass number ``epoch`` of a loader seeded with ``seed``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(epoch,))))


def stable_permutation(rng: np.random.Generator, n: int) -> np.ndarray:
    """A permutation of ``range(n)`` (int64) that depends only on the bit stream of ``rng``."""
    keys = rng.bit_generator.random_raw(n)
    return np.argsort(keys, kind="stable").astype(np.int64, copy=False)


def check_seed(seed: Optional[int], name: str = "seed") -> None:
    """Raise a clear error unless ``seed`` is None or a non-negative integer."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"{name} must be None or a non-negative integer; got {seed!r}")
