"""Read and write the IDX file format (the format of the MNIST files).

An IDX file is a small header followed by the array's elements, row-major:

=======  ========================================================
bytes    meaning
=======  ========================================================
0-1      always zero
2        element type code (see :data:`IDX_DTYPES`)
3        number of dimensions, ``ndims``
4-...    ``ndims`` sizes, each a big-endian unsigned 32-bit integer
...      the data: ``prod(sizes)`` elements, big-endian
=======  ========================================================

Files may be gzip-compressed (the MNIST files are distributed as ``.gz``);
:func:`read_idx` recognises gzip by its content, not by the file name.
Every structural problem raises :class:`IDXFormatError`, whose message names
the file and says what is wrong.
"""

from __future__ import annotations

import gzip
import math
import os
import tempfile
import zlib
from pathlib import Path
from typing import Dict, Union

import numpy as np

__all__ = ["IDXFormatError", "IDX_DTYPES", "read_idx", "read_idx_bytes", "parse_idx", "write_idx"]

PathLike = Union[str, "os.PathLike[str]"]

#: Element type code -> big-endian NumPy dtype, as defined by the IDX format.
IDX_DTYPES: Dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_CODE_OF_KIND = {(dtype.kind, dtype.itemsize): code for code, dtype in IDX_DTYPES.items()}
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_DIM = 2**32 - 1


class IDXFormatError(ValueError):
    """A file is not a valid IDX file (or not valid gzip-compressed IDX data).

    Examples
    --------
    >>> from mygrad.data import IDXFormatError, parse_idx
    >>> try:
    ...     parse_idx(b"PK\\x03\\x04", source="archive.zip")    # a zip file, not IDX
    ... except IDXFormatError as error:
    ...     print(error)
    archive.zip: bad magic number 0x504b0304: an IDX file starts with two zero bytes
    """


def read_idx_bytes(path: PathLike) -> bytes:
    """Return the IDX bytes stored in ``path``, decompressing gzip data.

    Parameters
    ----------
    path : str or os.PathLike
        An IDX file, raw or gzip-compressed.

    Returns
    -------
    bytes
        The uncompressed file content (header and data).

    Raises
    ------
    IDXFormatError
        If the file is named ``.gz`` but is not gzip data, or if its gzip
        stream is corrupt or truncated.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from mygrad.data import read_idx_bytes, write_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "labels-idx1-ubyte.gz")
    >>> write_idx(path, np.array([7, 2], dtype=np.uint8))       # gzip-compressed on disk
    >>> read_idx_bytes(path)    # magic 0 0, type 0x08 (uint8), 1 dim; size 2; the data
    b'\\x00\\x00\\x08\\x01\\x00\\x00\\x00\\x02\\x07\\x02'
    """
    path = _as_path(path, "read_idx")
    try:
        content = path.read_bytes()
    except OSError as error:  # (the same class - FileNotFoundError, IsADirectoryError - naming the call)
        raise type(error)(error.errno, f"read_idx: cannot read the IDX file {str(path)!r}: {error.strerror}",
                          str(path)) from None
    if content[:2] == _GZIP_MAGIC:
        try:
            return gzip.decompress(content)
        except (OSError, EOFError, zlib.error) as error:
            raise IDXFormatError(f"{path}: corrupt or truncated gzip data ({error})") from None
    if path.suffix == ".gz":
        raise IDXFormatError(f"{path}: the name ends in .gz but the content is not gzip-compressed")
    return content


def parse_idx(content: bytes, source: str = "<bytes>") -> np.ndarray:
    """Decode uncompressed IDX bytes into an array.

    Parameters
    ----------
    content : bytes
        A whole IDX file: header and data, uncompressed.
    source : str, default "<bytes>"
        Where the bytes came from; used in error messages.

    Returns
    -------
    numpy.ndarray
        A new, writable array in native byte order with the shape and
        element type declared by the header.

    Raises
    ------
    IDXFormatError
        On a wrong magic number, an unknown type code, a header or data
        shorter than declared, or bytes after the declared data.

    Examples
    --------
    A 2x2 uint8 matrix: magic ``00 00``, type ``08``, 2 dimensions, the
    sizes as big-endian uint32, then the 4 values:

    >>> from mygrad.data import parse_idx
    >>> parse_idx(bytes([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4]))
    array([[1, 2],
           [3, 4]], dtype=uint8)
    """
    if not isinstance(content, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_idx: content must be the bytes of an IDX file; got {type(content).__name__} "
                        f"{content!r:.60}")
    content = bytes(content)
    if len(content) < 4:
        raise IDXFormatError(f"{source}: truncated header: {len(content)} bytes, an IDX header needs at least 4")
    if content[0:2] != b"\x00\x00":
        raise IDXFormatError(
            f"{source}: bad magic number 0x{content[:4].hex()}: an IDX file starts with two zero bytes"
        )
    dtype = _dtype_of_code(content[2], source)
    ndims = content[3]
    header_size = 4 + 4 * ndims
    if len(content) < header_size:
        raise IDXFormatError(
            f"{source}: truncated header: {ndims} dimensions need {header_size} header bytes, "
            f"the file has {len(content)}"
        )
    shape = tuple(int(n) for n in np.frombuffer(content, dtype=">u4", count=ndims, offset=4))
    expected = math.prod(shape) * dtype.itemsize
    found = len(content) - header_size
    if found < expected:
        raise IDXFormatError(
            f"{source}: truncated data: the header declares shape {shape} of {dtype.name} "
            f"({expected} bytes) but only {found} bytes follow"
        )
    if found > expected:
        raise IDXFormatError(
            f"{source}: {found - expected} trailing bytes after the {expected} data bytes "
            f"declared by the header (shape {shape}, {dtype.name})"
        )
    data = np.frombuffer(content, dtype=dtype, count=math.prod(shape), offset=header_size)
    return data.astype(dtype.newbyteorder("=")).reshape(shape)


def read_idx(path: PathLike) -> np.ndarray:
    """Read an IDX file (raw or gzip-compressed) into an array.

    Parameters
    ----------
    path : str or os.PathLike
        The file. gzip data is recognised by its content.

    Returns
    -------
    numpy.ndarray
        A writable array in native byte order; its dtype is one of
        uint8, int8, int16, int32, float32 or float64.

    Raises
    ------
    IDXFormatError
        If the file is not valid IDX data; the message names the file.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> from mygrad.data import read_idx, write_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "labels-idx1-ubyte.gz")
    >>> write_idx(path, np.array([5, 0, 4], dtype=np.uint8))
    >>> read_idx(path)
    array([5, 0, 4], dtype=uint8)
    """
    return parse_idx(read_idx_bytes(path), source=str(path))


def write_idx(path: PathLike, array: np.ndarray) -> None:
    """Write an array as an IDX file; gzip-compress it if the name ends in ``.gz``.

    Parameters
    ----------
    path : str or os.PathLike
        Where to write.
    array : array_like
        The data. Its dtype must be one IDX can store: uint8, int8, int16,
        int32, float32 or float64. At most 255 dimensions, each < 2**32.

    Raises
    ------
    ValueError
        If the dtype or shape cannot be stored in IDX.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from mygrad.data import read_idx, write_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "images-idx3-ubyte")
    >>> images = np.arange(12, dtype=np.uint8).reshape(3, 2, 2)
    >>> write_idx(path, images)
    >>> os.path.getsize(path)   # a 4-byte magic, 3 sizes of 4 bytes, 12 values
    28
    >>> bool((read_idx(path) == images).all())
    True
    """
    path = _as_path(path, "write_idx")
    try:
        array = np.asarray(array)
    except (TypeError, ValueError) as error:  # a ragged list, say
        raise type(error)(f"write_idx: array ({type(array).__name__}) is not array-like: {error}") from None
    code = _CODE_OF_KIND.get((array.dtype.kind, array.dtype.itemsize))
    if code is None:
        supported = ", ".join(dtype.newbyteorder("=").name for dtype in IDX_DTYPES.values())
        raise ValueError(f"write_idx: IDX cannot store dtype {array.dtype}; supported: {supported}")
    if array.ndim > 255 or any(n > _MAX_DIM for n in array.shape):
        raise ValueError(f"write_idx: IDX cannot store shape {array.shape} (at most 255 dims, each < 2**32)")
    header = bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    content = header + array.astype(IDX_DTYPES[code], copy=False).tobytes(order="C")
    data = gzip.compress(content) if path.suffix == ".gz" else content
    # atomically: a temporary file beside the target, then one rename (a failure leaves any old file intact)
    fd, tmp_name = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        mask = os.umask(0)  # (mkstemp makes the file 0600: give it an ordinary file's mode)
        os.umask(mask)
        os.chmod(tmp_name, 0o666 & ~mask)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def _as_path(path: PathLike, owner: str) -> Path:
    """``path`` as a Path, or a TypeError naming ``owner`` for something that is not a path."""
    if not isinstance(path, (str, os.PathLike)) or path == "":
        raise TypeError(f"{owner}: path must be a file name (a non-empty str or os.PathLike); got "
                        f"{type(path).__name__} {path!r:.60}")
    return Path(path)


def _dtype_of_code(code: int, source: str) -> np.dtype:
    try:
        return IDX_DTYPES[code]
    except KeyError:
        known = ", ".join(f"0x{c:02X} ({d.newbyteorder('=').name})" for c, d in IDX_DTYPES.items())
        raise IDXFormatError(f"{source}: unknown element type code 0x{code:02X}; valid codes are {known}") from None
