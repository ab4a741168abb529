"""MNIST, Fashion-MNIST and Kuzushiji-MNIST: find, download, verify, load.

Where the files are looked for
------------------------------
A *data root* holds one folder per data set, each with the four original
IDX files (gzip-compressed ``*.gz`` or uncompressed)::

    <root>/mnist/train-images-idx3-ubyte.gz      <root>/fashion-mnist/...
    <root>/mnist/train-labels-idx1-ubyte.gz      <root>/kmnist/...
    <root>/mnist/t10k-images-idx3-ubyte.gz
    <root>/mnist/t10k-labels-idx1-ubyte.gz

This is the layout Debian's dataset packages use under ``/usr/share/datasets``.
The loaders use the first *complete* set of four files in, in order:

1. the ``root`` argument,
2. the ``MYGRAD_DATA`` environment variable,
3. ``/usr/share/datasets`` (e.g. ``apt-get install dataset-fashion-mnist``),
4. the user cache, ``$XDG_CACHE_HOME/mygrad/datasets`` (default
   ``~/.cache/mygrad/datasets``).

With ``download=True`` a missing set is downloaded into the first of
``root``, ``MYGRAD_DATA`` and the user cache that is given, trying each
mirror in turn (see :mod:`mygrad.data.download`).

Choosing the mirrors
--------------------
Each data set lists its official mirrors (``DATASETS[name].mirrors``). To
download from somewhere else - a local mirror, a proxy, a ``file://``
folder - pass ``mirrors=[base_url, ...]`` to the loaders, or set the
``MYGRAD_DATA_MIRRORS`` environment variable to base URLs separated by
spaces or commas. Either replaces the built-in list (the argument wins over
the variable); a file's URL is ``base_url + file_name + ".gz"``. The SHA-256
of every downloaded file is still checked, so a mirror can only serve the
original bytes.

Verification
------------
Two SHA-256 digests are recorded per file. Downloads are checked against the
digest of the distributed ``.gz`` file. Files found locally are checked
against the digest of their *decompressed* content, because a redistributor
may re-compress them (Debian's Fashion-MNIST ``.gz`` files differ from
upstream's byte-wise but decompress to identical data). This check runs on
every load: the loader has to decompress the file anyway, and hashing the
47 MB of training images adds about 25 ms to the ~350 ms of decompression,
so there is no verification cache to go stale.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.data.download import ChecksumError, DownloadError, download_file, sha256_of_file
from mygrad.data.catalog import (DATASETS, FASHION_MNIST, KMNIST, MNIST, DatasetSpec, IDXFile,  # noqa: F401
                                 ImageClassificationData, known_dataset)
from mygrad.data.idx import IDXFormatError, parse_idx, read_idx_bytes

__all__ = [
    "ImageClassificationData",
    "DatasetNotFoundError",
    "DatasetSpec",
    "IDXFile",
    "DATASETS",
    "load_dataset",
    "load_mnist",
    "load_fashion_mnist",
    "load_kmnist",
    "find_dataset",
    "user_cache_dir",
    "resolve_mirrors",
    "MIRRORS_ENV_VAR",
]

PathLike = Union[str, "os.PathLike[str]"]

#: Where Debian's dataset packages install their files.
SYSTEM_DATA_DIR = Path("/usr/share/datasets")
#: The environment variable naming a data root.
DATA_ENV_VAR = "MYGRAD_DATA"
#: The environment variable listing download mirrors (base URLs separated by spaces or commas).
MIRRORS_ENV_VAR = "MYGRAD_DATA_MIRRORS"
_URL_SCHEMES = ("http://", "https://", "file://", "ftp://")


class DatasetNotFoundError(FileNotFoundError):
    """No complete copy of a data set was found, and downloading was not requested.

    Its message lists the places searched and how to provide the files.

    Examples
    --------
    >>> from mygrad.data import DatasetNotFoundError, load_mnist
    >>> issubclass(DatasetNotFoundError, FileNotFoundError)    # so either can be caught
    True
    >>> try:                                                   # doctest: +SKIP
    ...     data = load_mnist()
    ... except DatasetNotFoundError:
    ...     data = load_mnist(download=True)
    """


def user_cache_dir() -> Path:
    """The per-user data root: ``$XDG_CACHE_HOME/mygrad/datasets`` or ``~/.cache/mygrad/datasets``.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> from mygrad.data import user_cache_dir
    >>> with mock.patch.dict(os.environ, {"XDG_CACHE_HOME": "/scratch/cache"}):
    ...     print(user_cache_dir().as_posix())
    /scratch/cache/mygrad/datasets
    """
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "mygrad" / "datasets"


def _search_roots(root: Optional[PathLike]) -> List[Tuple[Path, str]]:
    """The data roots to search, in order, each with where it came from."""
    candidates = []
    if root is not None:
        candidates.append((Path(root), "root argument"))
    if os.environ.get(DATA_ENV_VAR):
        candidates.append((Path(os.environ[DATA_ENV_VAR]), f"{DATA_ENV_VAR} environment variable"))
    candidates.append((SYSTEM_DATA_DIR, "system data sets"))
    candidates.append((user_cache_dir(), "user cache"))
    unique, seen = [], set()
    for path, origin in candidates:
        key = os.path.abspath(os.path.expanduser(path))
        if key not in seen:
            seen.add(key)
            unique.append((Path(key), origin))
    return unique


def _download_root(root: Optional[PathLike]) -> Path:
    if root is not None:
        return Path(root).expanduser()
    if os.environ.get(DATA_ENV_VAR):
        return Path(os.environ[DATA_ENV_VAR]).expanduser()
    return user_cache_dir()


def _file_path(folder: Path, file: IDXFile) -> Optional[Path]:
    """The file in ``folder``: ``name.gz`` preferred, else uncompressed ``name``; None if absent."""
    for candidate in (folder / f"{file.name}.gz", folder / file.name):
        if candidate.is_file():
            return candidate
    return None


def find_dataset(name: str, root: Optional[PathLike] = None) -> Optional[Path]:
    """Return the folder holding the first complete set of the data set's files, or None.

    Searches the ``root`` argument, ``$MYGRAD_DATA``, ``/usr/share/datasets``
    and the user cache, in that order (see the module docstring). The files
    are not verified here; the loaders verify them.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`: "mnist", "fashion-mnist" or "kmnist".
    root : str or os.PathLike, optional
        A data root to search first.

    Returns
    -------
    pathlib.Path or None
        ``<data root>/<name>``, or None if no location has all four files.

    Examples
    --------
    A root holding the four file names (empty files: they are not checked here):

    >>> import pathlib, tempfile
    >>> from mygrad.data import DATASETS, find_dataset
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "kmnist").mkdir()
    >>> for file in DATASETS["kmnist"].files:
    ...     (root / "kmnist" / (file.name + ".gz")).touch()
    >>> find_dataset("kmnist", root) == root / "kmnist"
    True
    """
    spec = known_dataset(name)
    for data_root, _ in _search_roots(root):
        folder = data_root / spec.name
        if all(_file_path(folder, file) is not None for file in spec.files):
            return folder
    return None


def load_dataset(
    name: str,
    root: Optional[PathLike] = None,
    *,
    download: bool = False,
    channels: bool = False,
    flatten: bool = False,
    progress: bool = True,
    mirrors: Optional[Sequence[str]] = None,
) -> ImageClassificationData:
    """Load an MNIST-format data set by name, verifying its files.

    Parameters
    ----------
    name : str
        "mnist", "fashion-mnist" or "kmnist" (a key of :data:`DATASETS`).
    root : str or os.PathLike, optional
        A data root (holding ``<name>/``) searched first and, with
        ``download=True``, where downloads go.
    download : bool, default False
        Download the files if no complete copy is found.
    channels : bool, default False
        Return images as ``N x 1 x 28 x 28`` instead of ``N x 28 x 28``.
    flatten : bool, default False
        Return images as ``N x 784``.
    progress : bool, default True
        Show a progress bar while downloading.
    mirrors : Sequence[str], optional
        Base URLs to download from, tried in order, instead of the data
        set's own (default: ``$MYGRAD_DATA_MIRRORS`` if set, else
        ``DATASETS[name].mirrors``). Checksums are enforced whatever the mirror.

    Returns
    -------
    ImageClassificationData
        ``(x_train, y_train, x_test, y_test)``: uint8 images, int64 labels.

    Raises
    ------
    DatasetNotFoundError
        If no complete copy exists and ``download`` is False; the message
        lists the places searched and how to provide the files.
    ChecksumError
        If a file's content is not the expected one.
    IDXFormatError
        If a file is not valid IDX data.
    mygrad.data.DownloadError
        If downloading was needed and every mirror failed; the message lists
        each URL's error and the other ways to provide the files.

    Examples
    --------
    >>> from mygrad.data import load_dataset
    >>> data = load_dataset("mnist", "datasets", download=True,
    ...                     mirrors=["https://example.org/mnist/"])  # doctest: +SKIP
    """
    spec = known_dataset(name)
    if channels and flatten:
        raise ValueError("load_dataset: choose at most one of channels=True and flatten=True")
    urls = resolve_mirrors(spec, mirrors)  # checked even when nothing is downloaded: bad input fails early
    folder = find_dataset(name, root)
    if folder is None:
        if not download:
            raise DatasetNotFoundError(_not_found_message(spec, root))
        folder = _download(spec, _download_root(root) / spec.name, progress, urls, root)
    x_train, y_train, x_test, y_test = (_load_verified(_file_path(folder, file), file) for file in spec.files)
    _check_pair(x_train, y_train, folder, spec.files[:2])
    _check_pair(x_test, y_test, folder, spec.files[2:])
    if channels:
        x_train, x_test = x_train[:, None], x_test[:, None]
    elif flatten:
        x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)
    return ImageClassificationData(x_train, y_train.astype(np.int64), x_test, y_test.astype(np.int64))


def load_mnist(
    root: Optional[PathLike] = None,
    *,
    download: bool = False,
    channels: bool = False,
    flatten: bool = False,
    progress: bool = True,
    mirrors: Optional[Sequence[str]] = None,
) -> ImageClassificationData:
    """Load MNIST handwritten digits (60,000 train and 10,000 test images, 28x28).

    Parameters and search order as in :func:`load_dataset`.

    Returns
    -------
    ImageClassificationData
        ``(x_train, y_train, x_test, y_test)``: uint8 images, int64 labels 0-9.

    Examples
    --------
    >>> from mygrad.data import load_mnist
    >>> x_train, y_train, x_test, y_test = load_mnist("datasets", download=True)  # doctest: +SKIP
    >>> x_train.shape, x_train.dtype, y_train[:5]                                 # doctest: +SKIP
    ((60000, 28, 28), dtype('uint8'), array([5, 0, 4, 1, 9]))
    """
    return load_dataset("mnist", root, download=download, channels=channels, flatten=flatten, progress=progress,
                        mirrors=mirrors)


def load_fashion_mnist(
    root: Optional[PathLike] = None,
    *,
    download: bool = False,
    channels: bool = False,
    flatten: bool = False,
    progress: bool = True,
    mirrors: Optional[Sequence[str]] = None,
) -> ImageClassificationData:
    """Load Fashion-MNIST (Zalando clothing images; MNIST's format and sizes).

    Parameters and search order as in :func:`load_dataset`; the class names
    are ``DATASETS["fashion-mnist"].classes``. On Debian/Ubuntu,
    ``apt-get install dataset-fashion-mnist`` provides the files.

    Returns
    -------
    ImageClassificationData
        ``(x_train, y_train, x_test, y_test)``: uint8 images, int64 labels 0-9.

    Examples
    --------
    >>> from mygrad.data import DATASETS, load_fashion_mnist
    >>> DATASETS["fashion-mnist"].classes[7]      # what label 7 means
    'Sneaker'
    >>> x_train, y_train, x_test, y_test = load_fashion_mnist(download=True)   # doctest: +SKIP
    >>> x_train.shape, x_test.shape                                            # doctest: +SKIP
    ((60000, 28, 28), (10000, 28, 28))
    """
    return load_dataset(
        "fashion-mnist", root, download=download, channels=channels, flatten=flatten, progress=progress,
        mirrors=mirrors,
    )


def load_kmnist(
    root: Optional[PathLike] = None,
    *,
    download: bool = False,
    channels: bool = False,
    flatten: bool = False,
    progress: bool = True,
    mirrors: Optional[Sequence[str]] = None,
) -> ImageClassificationData:
    """Load Kuzushiji-MNIST (cursive Japanese characters; MNIST's format and sizes).

    Parameters and search order as in :func:`load_dataset`; the class names
    are ``DATASETS["kmnist"].classes``.

    Returns
    -------
    ImageClassificationData
        ``(x_train, y_train, x_test, y_test)``: uint8 images, int64 labels 0-9.

    Examples
    --------
    >>> from mygrad.data import DATASETS, load_kmnist
    >>> DATASETS["kmnist"].classes[:4]            # the syllables the 10 labels stand for
    ('o', 'ki', 'su', 'tsu')
    >>> data = load_kmnist(download=True, flatten=True)    # doctest: +SKIP
    >>> data.x_train.shape, data.y_train.dtype             # doctest: +SKIP
    ((60000, 784), dtype('int64'))
    """
    return load_dataset("kmnist", root, download=download, channels=channels, flatten=flatten, progress=progress,
                        mirrors=mirrors)


def resolve_mirrors(spec: DatasetSpec, mirrors: Optional[Sequence[str]] = None) -> Tuple[str, ...]:
    """The base URLs to download ``spec`` from: ``mirrors``, else ``$MYGRAD_DATA_MIRRORS``, else the spec's own.

    Each base URL gets a trailing ``/`` if it lacks one.

    Examples
    --------
    >>> from mygrad.data.mnist import DATASETS, resolve_mirrors
    >>> resolve_mirrors(DATASETS["mnist"], ["http://localhost:8000/mnist"])
    ('http://localhost:8000/mnist/',)
    """
    origin = "mirrors"
    if mirrors is None and os.environ.get(MIRRORS_ENV_VAR, "").strip():
        mirrors, origin = os.environ[MIRRORS_ENV_VAR].replace(",", " ").split(), MIRRORS_ENV_VAR
    if mirrors is None:
        return tuple(spec.mirrors)
    if isinstance(mirrors, (str, bytes)) or not all(isinstance(m, str) for m in mirrors):
        raise TypeError(f"{origin} must be a sequence of base-URL strings; got {mirrors!r}")
    mirrors = tuple(mirrors)
    if not mirrors:
        raise ValueError(f"{origin} is empty; give at least one base URL (or None for the built-in mirrors)")
    bad = [m for m in mirrors if not m.lower().startswith(_URL_SCHEMES)]
    if bad:
        raise ValueError(f"{origin}: each mirror must be a URL starting with one of {', '.join(_URL_SCHEMES)}; "
                         f"got {bad}")
    return tuple(m if m.endswith("/") else m + "/" for m in mirrors)


def _download(spec: DatasetSpec, folder: Path, progress: bool, mirrors: Sequence[str],
              root: Optional[PathLike]) -> Path:
    """Download the files missing from ``folder``; return ``folder``.

    If a file cannot be downloaded, a folder this call created is removed
    again (files already verified stay), and the error says how else to
    provide the data.
    """
    created = [p for p in (folder.parent, folder) if not p.exists()]
    try:
        for file in spec.files:
            if _file_path(folder, file) is None:
                urls = [f"{mirror}{file.name}.gz" for mirror in mirrors]
                download_file(urls, folder / f"{file.name}.gz", file.gz_sha256, progress=progress)
    except DownloadError as error:
        for path in reversed(created):
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        raise DownloadError(f"{error}\n\n{_not_found_message(spec, root, downloading=True)}") from None
    return folder


def _load_verified(path: Path, file: IDXFile) -> np.ndarray:
    """Read one IDX file, checking its content against the recorded digest."""
    content = read_idx_bytes(path)
    if file.raw_sha256 is not None:
        _check_digest(path, hashlib.sha256(content).hexdigest(), file.raw_sha256, "decompressed content")
    elif path.suffix == ".gz":
        _check_digest(path, sha256_of_file(path), file.gz_sha256, ".gz file")
    return parse_idx(content, source=str(path))


def _check_digest(path: Path, actual: str, expected: str, what: str) -> None:
    if actual != expected:
        raise ChecksumError(
            f"{path}: SHA-256 of the {what} is {actual}, expected {expected}; the file is corrupt "
            f"or not the original. Delete it (download=True fetches a fresh copy)."
        )


def _check_pair(images: np.ndarray, labels: np.ndarray, folder: Path, files: Tuple[IDXFile, IDXFile]) -> None:
    """Images must be N x 28 x 28 uint8 and labels N uint8."""
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (28, 28):
        raise IDXFormatError(
            f"{folder / files[0].name}: expected uint8 images of shape (N, 28, 28); got {images.dtype} {images.shape}"
        )
    if labels.dtype != np.uint8 or labels.shape != (len(images),):
        raise IDXFormatError(
            f"{folder / files[1].name}: expected {len(images)} uint8 labels to match the images; "
            f"got {labels.dtype} {labels.shape}"
        )


def _not_found_message(spec: DatasetSpec, root: Optional[PathLike], downloading: bool = False) -> str:
    names = ", ".join(f"{file.name}.gz" for file in spec.files)
    lines = [f"{spec.title} not found. Looked for its four files ({names}; .gz or uncompressed) in:"]
    for data_root, origin in _search_roots(root):
        folder = data_root / spec.name
        present = [file for file in spec.files if _file_path(folder, file) is not None]
        status = f"{len(present)} of 4 files" if present else "no files"
        lines.append(f"  {folder}  ({origin}: {status})")
    get = (f"  - download from another mirror: pass mirrors=[<base URL>, ...] or set {MIRRORS_ENV_VAR}"
           if downloading else f"  - pass download=True to download them into {_download_root(root) / spec.name}")
    lines += [
        "Provide the files in one of these ways:",
        get,
        f"  - copy the four files into <dir>/{spec.name}/ and pass root=<dir>, or set {DATA_ENV_VAR}=<dir>",
    ]
    if spec.apt_package:
        lines.append(f"  - on Debian/Ubuntu: sudo apt-get install {spec.apt_package} (installs into {SYSTEM_DATA_DIR})")
    return "\n".join(lines)
