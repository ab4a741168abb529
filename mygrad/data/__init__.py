"""Data loading: datasets, batching, the IDX format and MNIST-style data sets.

* :mod:`~mygrad.data.dataset` - ``Dataset``, ``TensorDataset``, ``Subset``, ``random_split``
* :mod:`~mygrad.data.dataloader` - ``DataLoader`` (yields NumPy arrays)
* :mod:`~mygrad.data.idx` - ``read_idx`` / ``write_idx`` for the IDX file format
* :mod:`~mygrad.data.download` - mirror fallback, SHA-256 checks, atomic writes
* :mod:`~mygrad.data.mnist` - ``load_mnist``, ``load_fashion_mnist``, ``load_kmnist``

Examples
--------
>>> import numpy as np
>>> from mygrad.data import DataLoader, TensorDataset
>>> loader = DataLoader(TensorDataset(np.zeros((10, 3)), np.arange(10)), batch_size=4, shuffle=True, seed=0)
>>> [x.shape for x, y in loader]
[(4, 3), (4, 3), (2, 3)]
"""

from mygrad.data.dataloader import DataLoader
from mygrad.data.dataset import Dataset, Subset, TensorDataset, fetch_batch, random_split
from mygrad.data.download import ChecksumError, DownloadError, download_file
from mygrad.data.idx import IDXFormatError, parse_idx, read_idx, read_idx_bytes, write_idx
from mygrad.data.mnist import (
    DATASETS,
    DatasetNotFoundError,
    DatasetSpec,
    IDXFile,
    ImageClassificationData,
    find_dataset,
    load_dataset,
    load_fashion_mnist,
    load_kmnist,
    load_mnist,
    MIRRORS_ENV_VAR,
    resolve_mirrors,
    user_cache_dir,
)

__all__ = [
    "Dataset",
    "TensorDataset",
    "Subset",
    "random_split",
    "fetch_batch",
    "DataLoader",
    "IDXFormatError",
    "read_idx",
    "read_idx_bytes",
    "parse_idx",
    "write_idx",
    "ChecksumError",
    "DownloadError",
    "download_file",
    "DATASETS",
    "DatasetNotFoundError",
    "DatasetSpec",
    "IDXFile",
    "ImageClassificationData",
    "find_dataset",
    "load_dataset",
    "load_mnist",
    "load_fashion_mnist",
    "load_kmnist",
    "user_cache_dir",
    "resolve_mirrors",
    "MIRRORS_ENV_VAR",
]
