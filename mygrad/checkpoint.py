"""Checkpoints: nested dicts/lists of arrays and plain values in one ``.npz`` file, without pickle.

A checkpoint can hold a model's state dict, an optimizer's, the epoch, the
random state - any nesting of dicts, lists and tuples whose leaves are
ndarrays, tensors, NumPy scalars, Python numbers, strings, bools and None.
NumPy's global random state (which all of mygrad draws from) fits as
``np.random.get_state(legacy=False)`` returns it - a name, a uint32 array
and numbers - and goes back with ``np.random.set_state``.

File format: a NumPy ``.npz`` archive. The entry ``__checkpoint__`` holds
the structure as UTF-8 JSON (a ``uint8`` array) in which every array is
replaced by a reference ``{"t": "array", "key": "a0"}`` to its own entry.
Loading uses ``np.load(..., allow_pickle=False)``, so opening an untrusted
file cannot run code.

Writing is atomic: the data go to a temporary file in the same directory
which then replaces ``path`` in one ``os.replace``; if anything fails the
old file (if any) is untouched and no partial file is left behind.
"""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from typing import Any, Callable, Dict, Tuple

import numpy as np

from mygrad.io import write_npz_atomically
from mygrad.autodiff.tensor import Tensor

__all__ = ["save_checkpoint", "load_checkpoint", "register_tensor_kind"]

_STRUCTURE_KEY = "__checkpoint__"
_FORMAT = "mygrad-checkpoint"
_VERSION = 1


# Tensor subclasses that a checkpoint records by kind, so that loading rebuilds the same class:
# kind -> (class, rebuild(data, constant)). nn.Parameter registers itself when mygrad.nn is imported
# (checkpoints sit below nn and do not import it).
_TENSOR_KINDS: Dict[str, Tuple[type, Callable[[np.ndarray, bool], Tensor]]] = {}


def register_tensor_kind(kind: str, cls: type, rebuild: Callable[[np.ndarray, bool], Tensor]) -> None:
    """Save instances of the Tensor subclass ``cls`` as ``kind``, and load them with ``rebuild(data, constant)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.checkpoint import _TENSOR_KINDS
    >>> _TENSOR_KINDS["parameter"][0] is mg.nn.Parameter     # (registered by mygrad.nn)
    True
    """
    if not (isinstance(cls, type) and issubclass(cls, Tensor)):
        raise TypeError(f"register_tensor_kind() needs a Tensor subclass; got {cls!r}")
    _TENSOR_KINDS[kind] = (cls, rebuild)


def _tensor_kind(t: Tensor) -> str:
    for kind, (cls, _) in _TENSOR_KINDS.items():
        if isinstance(t, cls):
            return kind
    return "tensor"


class _Encoder:
    """Turns a nested object into JSON-ready structure plus a dict of arrays."""

    def __init__(self) -> None:
        self.arrays: Dict[str, np.ndarray] = {}
        self.open: set = set()  # ids of the containers being encoded (one that contains itself is refused)

    def _store(self, array: np.ndarray, where: str) -> str:
        if array.dtype.hasobject:
            raise TypeError(f"cannot save {where}: arrays of Python objects need pickle, which checkpoints never use")
        key = f"a{len(self.arrays)}"
        self.arrays[key] = array
        return key

    def encode(self, obj: Any, where: str) -> Any:
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, float)) and type(obj) in (int, float):
            return obj
        if isinstance(obj, Tensor):
            kind = _tensor_kind(obj)
            return {"t": kind, "key": self._store(obj.data, where), "constant": obj.constant}
        if isinstance(obj, np.ndarray):
            return {"t": "array", "key": self._store(obj, where)}
        if isinstance(obj, np.generic):
            return {"t": "scalar", "key": self._store(np.asarray(obj), where)}
        if isinstance(obj, complex):
            return {"t": "complex", "re": obj.real, "im": obj.imag}
        if isinstance(obj, (dict, list, tuple)):
            if id(obj) in self.open:
                raise ValueError(f"cannot save {where}: it contains itself (a checkpoint holds a tree, not a cycle)")
            self.open.add(id(obj))
            try:
                if isinstance(obj, dict):
                    items = [[self.encode_key(k, where), self.encode(v, f"{where}[{k!r}]")] for k, v in obj.items()]
                    return {"t": "dict", "items": items}
                values = [self.encode(v, f"{where}[{i}]") for i, v in enumerate(obj)]
                return {"t": "list" if isinstance(obj, list) else "tuple", "items": values}
            finally:
                self.open.discard(id(obj))
        raise TypeError(
            f"cannot save {where} of type {type(obj).__name__}: checkpoints hold dicts, lists, tuples, arrays, "
            "tensors, numbers, strings, bools and None"
        )

    def encode_key(self, key: Any, where: str) -> Any:
        if isinstance(key, (str, int, float, bool, tuple)) or key is None:
            return self.encode(key, f"a key of {where}")
        raise TypeError(f"cannot save a dict key of type {type(key).__name__} in {where}")


def _decode(node: Any, arrays: Any, path: str) -> Any:
    if not isinstance(node, dict):
        return node
    kind = node.get("t")
    if kind == "dict":
        return {_hashable(_decode(k, arrays, path)): _decode(v, arrays, path) for k, v in node["items"]}
    if kind == "list":
        return [_decode(v, arrays, path) for v in node["items"]]
    if kind == "tuple":
        return tuple(_decode(v, arrays, path) for v in node["items"])
    if kind == "complex":
        return complex(node["re"], node["im"])
    if kind in ("array", "scalar", "tensor") or kind in _TENSOR_KINDS:
        key = node["key"]
        if key not in arrays.files:
            raise ValueError(f"{path} is not a valid mygrad checkpoint: array entry {key!r} is missing")
        array = arrays[key]
        if not isinstance(array, np.ndarray):
            raise ValueError(f"{path} is not a valid mygrad checkpoint: entry {key!r} is not an array")
        if kind == "scalar":
            return array[()]
        if kind in _TENSOR_KINDS:
            return _TENSOR_KINDS[kind][1](array, node["constant"])
        if kind == "tensor":
            return Tensor(array, constant=node["constant"], copy=False)
        return array
    raise ValueError(f"{path} is not a valid mygrad checkpoint: unknown entry type {kind!r}")


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, (list, tuple)) else key


def save_checkpoint(path: "os.PathLike[str] | str", obj: Any, *, compress: bool = False) -> None:
    """Save a nested structure of arrays and plain values to ``path`` (one ``.npz`` file), atomically.

    Parameters
    ----------
    path : str or PathLike
        The file to write, used exactly as given (no suffix is added).
    obj : Any
        Dicts (keys: str, int, float, bool, None, tuples), lists and
        tuples nested in any way, with leaves that are ndarrays, tensors,
        Parameters, NumPy scalars, Python numbers, strings, bools or None.
    compress : bool, default False
        Compress the arrays (``np.savez_compressed``).

    Raises
    ------
    TypeError
        If ``obj`` contains anything else; the message names where it is.
        Nothing is written then.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from mygrad.checkpoint import save_checkpoint, load_checkpoint
    >>> path = os.path.join(tempfile.mkdtemp(), "run.ckpt")
    >>> save_checkpoint(path, {"weights": {"w": np.arange(3.0)}, "epoch": 3})
    >>> load_checkpoint(path)
    {'weights': {'w': array([0., 1., 2.])}, 'epoch': 3}
    """
    if not isinstance(path, (str, os.PathLike)) or path == "":
        raise TypeError(f"save_checkpoint: path must be a file name (a non-empty str or os.PathLike); got "
                        f"{type(path).__name__} {path!r:.60}")
    encoder = _Encoder()
    try:
        structure = {"format": _FORMAT, "version": _VERSION, "root": encoder.encode(obj, "checkpoint")}
        text = json.dumps(structure, allow_nan=True)
    except RecursionError:
        raise ValueError("cannot save the checkpoint: it is nested too deeply to store") from None
    entries = dict(encoder.arrays)
    entries[_STRUCTURE_KEY] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)

    write_npz_atomically(os.fspath(path), entries, "checkpoint", compress=compress)


def load_checkpoint(path: "os.PathLike[str] | str") -> Any:
    """Load what :func:`save_checkpoint` wrote to ``path``.

    Arrays come back as ndarrays, tensors as Tensors (Parameters as
    Parameters), NumPy scalars as NumPy scalars, tuples as tuples.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If ``path`` is not a checkpoint written by :func:`save_checkpoint`
        (the message names the file).
    """
    if not isinstance(path, (str, os.PathLike)) or path == "":
        raise TypeError(f"load_checkpoint: path must be a file name (a non-empty str or os.PathLike); got "
                        f"{type(path).__name__} {path!r:.60}")
    path = os.fspath(path)
    try:
        archive = np.load(path, allow_pickle=False)
    except (FileNotFoundError, IsADirectoryError) as e:  # (the same class, naming the call)
        raise type(e)(e.errno, f"load_checkpoint: cannot read {path!r}: {e.strerror}", path) from None
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as e:
        raise ValueError(f"{path} is not a valid mygrad checkpoint ({type(e).__name__}: {e})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise ValueError(f"{path} is not a valid mygrad checkpoint: it is a .npy array, not an .npz archive")
    with archive:
        if _STRUCTURE_KEY not in archive.files:
            raise ValueError(f"{path} is not a valid mygrad checkpoint: it has no {_STRUCTURE_KEY!r} entry")
        try:
            encoded = archive[_STRUCTURE_KEY]
            if not isinstance(encoded, np.ndarray) or encoded.dtype != np.uint8 or encoded.ndim != 1:
                raise ValueError(f"the {_STRUCTURE_KEY!r} entry is not a uint8 array")
            structure = json.loads(encoded.tobytes().decode("utf-8"))
        except (ValueError, UnicodeDecodeError, OSError, EOFError, zipfile.BadZipFile, RecursionError) as e:
            raise ValueError(f"{path} is not a valid mygrad checkpoint: unreadable structure ({e})") from None
        if not isinstance(structure, dict) or structure.get("format") != _FORMAT or "root" not in structure:
            raise ValueError(f"{path} is not a valid mygrad checkpoint: unrecognised format")
        if structure.get("version", 0) > _VERSION:
            raise ValueError(f"{path} was written by a newer mygrad (checkpoint format version {structure['version']})")
        try:
            return _decode(structure["root"], archive, path)
        except ValueError as e:
            if str(e).startswith(path):  # already names the file (raised by _decode)
                raise
            raise ValueError(f"{path} is not a valid mygrad checkpoint ({type(e).__name__}: {e})") from None
        except (KeyError, TypeError, zipfile.BadZipFile, OSError, EOFError, zlib.error, RecursionError) as e:
            raise ValueError(f"{path} is not a valid mygrad checkpoint ({type(e).__name__}: {e})") from None
