"""Download a file from a list of mirrors, verify it, and write it atomically.

The file is streamed into a hidden temporary file next to its destination
while its SHA-256 is computed; only a complete download with the expected
checksum is renamed into place (``os.replace`` is atomic on one file
system). Anything else - an HTTP error, a dropped connection, a short body,
a checksum mismatch, Ctrl-C - deletes the temporary file and, for errors,
moves on to the next mirror.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.request
from pathlib import Path
from typing import List, Optional, Sequence

from tqdm.auto import tqdm

__all__ = ["ChecksumError", "DownloadError", "download_file", "sha256_of_file"]

_CHUNK = 1 << 16
_USER_AGENT = "mygrad-data-downloader"


class ChecksumError(ValueError):
    """A file's SHA-256 digest differs from the expected one.

    :func:`download_file` treats it as a failed mirror (the bad file is
    deleted) and moves on to the next one.

    Examples
    --------
    >>> from mygrad.data import ChecksumError
    >>> issubclass(ChecksumError, ValueError)
    True
    """


class DownloadError(OSError):
    """No mirror delivered a complete file with the expected checksum.

    Examples
    --------
    A file whose digest is not the expected one is refused, and nothing is written:

    >>> import pathlib, tempfile
    >>> from mygrad.data import DownloadError, download_file
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source = pathlib.Path(folder, "source.bin")
    ...     _ = source.write_bytes(b"hello")
    ...     try:
    ...         download_file([source.as_uri()], pathlib.Path(folder, "copy.bin"), "0" * 64, progress=False)
    ...     except DownloadError as error:
    ...         print("ChecksumError" in str(error), pathlib.Path(folder, "copy.bin").exists())
    True False
    """


def sha256_of_file(path: os.PathLike) -> str:
    """Return the hex SHA-256 digest of the bytes of ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download_file(
    urls: Sequence[str],
    destination: os.PathLike,
    sha256: str,
    *,
    progress: bool = True,
    timeout: float = 60.0,
) -> Path:
    """Download one file, trying each mirror in turn, and verify its SHA-256.

    Parameters
    ----------
    urls : Sequence[str]
        Candidate URLs of the same file, tried in order.
    destination : os.PathLike
        The final path. Its folder is created if needed. It appears only
        once a download is complete and verified.
    sha256 : str
        The expected hex SHA-256 digest of the downloaded bytes.
    progress : bool, default True
        Show a tqdm progress bar.
    timeout : float, default 60
        Seconds to wait for the server on connect and on each read.

    Returns
    -------
    pathlib.Path
        ``destination``.

    Raises
    ------
    DownloadError
        If every URL failed; the message lists each URL with its error.

    Examples
    --------
    Local ``file://`` URLs stand in for web mirrors here; the first is missing,
    so the second is used:

    >>> import hashlib, pathlib, tempfile
    >>> from mygrad.data import download_file
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source = pathlib.Path(folder, "source.bin")
    ...     _ = source.write_bytes(b"hello")
    ...     mirrors = [pathlib.Path(folder, "missing.bin").as_uri(), source.as_uri()]
    ...     path = download_file(mirrors, pathlib.Path(folder, "copy.bin"),
    ...                          hashlib.sha256(b"hello").hexdigest(), progress=False)
    ...     print(path.name, path.read_bytes())
    copy.bin b'hello'
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    failures: List[str] = []
    for url in urls:
        try:
            _download_verified(url, destination, sha256, progress, timeout)
            return destination
        # HTTP errors, refused connections, timeouts, short reads and checksum mismatches: next mirror
        except (OSError, ValueError, http.client.HTTPException) as error:
            failures.append(f"  {url}: {type(error).__name__}: {error}")
    raise DownloadError(f"could not download {destination.name}; every mirror failed:\n" + "\n".join(failures))


def _download_verified(url: str, destination: Path, sha256: str, progress: bool, timeout: float) -> None:
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            actual = _stream(url, file, progress, timeout, destination.name)
        if actual != sha256:
            raise ChecksumError(f"SHA-256 of the download is {actual}, expected {sha256}")
        os.replace(temporary, destination)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _stream(url: str, file, progress: bool, timeout: float, name: str) -> str:
    """Copy the body at ``url`` into ``file``; return its SHA-256 hex digest."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    digest = hashlib.sha256()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        expected_size = _content_length(response)
        received = 0
        bar = tqdm(total=expected_size, unit="B", unit_scale=True, unit_divisor=1024, desc=name, disable=not progress)
        with bar:
            for chunk in iter(lambda: response.read(_CHUNK), b""):
                file.write(chunk)
                digest.update(chunk)
                received += len(chunk)
                bar.update(len(chunk))
    if expected_size is not None and received != expected_size:
        raise OSError(f"connection closed after {received} of {expected_size} bytes")
    return digest.hexdigest()


def _content_length(response) -> Optional[int]:
    value = response.headers.get("Content-Length")
    return int(value) if value is not None and value.isdigit() else None
