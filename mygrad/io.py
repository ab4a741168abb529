"""Saving and loading tensors as NumPy ``.npz`` archives.

A mygrad tensor file is an uncompressed ``.npz`` holding the arrays

* ``data``        the tensor's data,
* ``grad``        its gradient (only if it had one),
* ``constant``    a 0-d bool array, the ``constant`` flag,
* ``__mygrad__``  a 0-d int array, the file-format version (marks the file as ours).

:func:`load` also reads the files MyGrad 2.5's ``save`` writes: an ``.npz``
with ``data`` and, if the tensor had one, ``grad`` - and nothing else. Those
load as MyGrad 2.5 loads them: ``mg.tensor(data)`` (a variable for float data,
a constant otherwise) with the gradient restored on a variable.

Files are written atomically: to a temporary file in the target's directory,
then moved over the target with ``os.replace``, so a crash never leaves a
half-written file behind. Loading never unpickles (``allow_pickle=False``).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
import zlib
from typing import IO, Union

import numpy as np

from mygrad.autodiff.tensor import Tensor

__all__ = ["save", "load", "write_npz_atomically"]

_FORMAT_KEY = "__mygrad__"
_FORMAT_VERSION = 1

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes]]


def _arrays_of(tensor: Tensor) -> dict:
    arrays = {
        "data": tensor.data,
        "constant": np.asarray(tensor.constant),
        _FORMAT_KEY: np.asarray(_FORMAT_VERSION),
    }
    if tensor.grad is not None:
        arrays["grad"] = tensor.grad
    return arrays


def _check_target(path: str, directory: str, what: str) -> None:
    """Refuse, naming ``path``, a save whose folder is missing or whose target is a folder (before writing)."""
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"cannot save the {what} to {path}: the folder {directory} does not exist")
    if os.path.isdir(path):
        raise IsADirectoryError(f"cannot save the {what} to {path}: it is a folder; give a file name")


def _current_umask() -> int:
    mask = os.umask(0)  # the only portable way to read the umask is to set it and restore it
    os.umask(mask)
    return mask


def save(file: PathOrFile, tensor: Tensor) -> None:
    """Save a tensor's data, gradient (if any) and ``constant`` flag to a ``.npz`` file.

    Parameters
    ----------
    file : str, os.PathLike or binary file object
        Where to write. As with ``numpy.savez``, ``.npz`` is appended to a
        path that does not end with it. A path is written atomically.
    tensor : Tensor
        The tensor to save.

    Raises
    ------
    TypeError
        If ``tensor`` is not a :class:`~mygrad.Tensor`.

    Examples
    --------
    >>> import os, tempfile
    >>> import mygrad as mg
    >>> path = os.path.join(tempfile.mkdtemp(), "x.npz")
    >>> mg.save(path, mg.tensor([1.0, 2.0]))
    >>> mg.load(path)
    Tensor([1., 2.])
    """
    if not isinstance(tensor, Tensor):
        raise TypeError(f"mygrad.save expects a mygrad.Tensor, got {type(tensor).__name__}")
    arrays = _arrays_of(tensor)
    if not isinstance(file, (str, os.PathLike)):
        np.savez(file, **arrays)
        return
    path = os.fspath(file)
    if not path.endswith(".npz"):
        path += ".npz"
    write_npz_atomically(path, arrays, "tensor")


def write_npz_atomically(path: str, arrays: dict, what: str, compress: bool = False) -> None:
    """Write ``arrays`` to the ``.npz`` file ``path`` so that it is either fully written or untouched.

    The data go to a temporary file in the same folder, which then replaces
    ``path`` in one ``os.replace``; if anything fails (a full disk, a killed
    process) the old file, if any, is intact and no partial file is left.
    ``what`` names the thing saved in error messages ("tensor", "checkpoint").

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> path = os.path.join(tempfile.mkdtemp(), "arrays.npz")
    >>> write_npz_atomically(path, {"w": np.ones(2)}, "arrays")
    >>> np.load(path)["w"]
    array([1., 1.])
    """
    directory = os.path.dirname(os.path.abspath(path))
    _check_target(path, directory, what)
    fd, tmp_path = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        os.chmod(tmp_path, 0o666 & ~_current_umask())  # mkstemp makes it 0600; give it a normal file's mode
        with os.fdopen(fd, "wb") as tmp:
            (np.savez_compressed if compress else np.savez)(tmp, **arrays)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_path, path)
    except BaseException:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)
        raise


def load(file: PathOrFile) -> Tensor:
    """Load a tensor saved by :func:`save`, with its gradient and ``constant`` flag.

    Parameters
    ----------
    file : str, os.PathLike or binary file object
        The ``.npz`` file to read.

    Returns
    -------
    Tensor
        A new tensor (no ``creator``), with ``.grad`` restored if it was saved.

    Raises
    ------
    ValueError
        If the file is not a mygrad tensor file (not an ``.npz``, or one
        that lacks mygrad's arrays).
    FileNotFoundError
        If the path does not exist.

    Examples
    --------
    A round trip through an in-memory file; the gradient travels too:

    >>> import io
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> (x ** 2).sum().backward()   # x.grad = 2x
    >>> buffer = io.BytesIO()
    >>> mg.save(buffer, x)
    >>> _ = buffer.seek(0)
    >>> y = mg.load(buffer)
    >>> y, y.grad, y.creator is None
    (Tensor([1., 2.]), array([2., 4.]), True)
    """
    if not isinstance(file, (str, os.PathLike)) and not callable(getattr(file, "read", None)):
        raise TypeError(f"mygrad.load: file must be a path or a binary file object; got {type(file).__name__} "
                        f"{file!r:.60}")
    name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else getattr(file, "name", repr(file))
    try:
        archive = np.load(file, allow_pickle=False)
    except (FileNotFoundError, IsADirectoryError) as e:  # (the same class, naming the call)
        raise type(e)(e.errno, f"mygrad.load: cannot read {name!r}: {e.strerror}", name) from None
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as e:
        raise ValueError(f"{name!s} is not a mygrad tensor file: NumPy cannot read it as .npz "
                         f"({type(e).__name__}: {e})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ValueError(f"{name!s} is not a mygrad tensor file: it holds a single .npy array, not an .npz archive")
    try:
        return _read_tensor(archive, name)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, TypeError) as e:
        if str(e).startswith(str(name)):  # already names the file
            raise
        raise ValueError(f"{name!s} is not a mygrad tensor file: an entry cannot be read "
                         f"({type(e).__name__}: {e})") from None


def _read_tensor(archive: "np.lib.npyio.NpzFile", name: str) -> Tensor:
    """The tensor in an opened ``.npz`` archive (errors name the file ``name``)."""
    with archive:
        if _FORMAT_KEY not in archive.files and "data" in archive.files and set(archive.files) <= {"data", "grad"}:
            return _read_mygrad25_tensor(archive)
        missing = {"data", "constant", _FORMAT_KEY} - set(archive.files)
        if missing:
            raise ValueError(
                f"{name!s} is not a mygrad tensor file: the .npz archive lacks {sorted(missing)} "
                f"(it holds {sorted(archive.files)})"
            )
        version = int(archive[_FORMAT_KEY])
        if version > _FORMAT_VERSION:
            raise ValueError(f"{name!s} was written by a newer mygrad (file format {version}; this one reads {_FORMAT_VERSION})")
        out = Tensor(archive["data"], constant=bool(archive["constant"]), copy=False)
        if "grad" in archive.files:
            out.grad = archive["grad"]
    return out


def _read_mygrad25_tensor(archive: "np.lib.npyio.NpzFile") -> Tensor:
    """The tensor in a file written by MyGrad 2.5's ``save`` (``data`` and an optional ``grad``, no flag).

    As MyGrad 2.5 loads it: the constant flag follows the dtype (float data
    load as a variable), and a saved gradient is restored on a variable only.
    """
    out = Tensor(archive["data"], copy=False)
    if "grad" in archive.files and not out.constant:
        out.grad = np.asarray(archive["grad"], dtype=out.dtype)
    return out
