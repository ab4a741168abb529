"""Fixtures for the data tests: an isolated search path, a tiny MNIST-format
data set with its checksums, and a local HTTP server that can misbehave."""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Tuple

import numpy as np
import pytest

from mygrad.data import mnist
from mygrad.data.idx import IDX_DTYPES
from mygrad.data.mnist import DatasetSpec, IDXFile

FILE_NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode an array as IDX bytes independently of mygrad's writer."""
    code = {dtype.newbyteorder("="): code for code, dtype in IDX_DTYPES.items()}[array.dtype]
    header = bytes([0, 0, code, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class TinyDataset:
    """A 6-train / 4-test image set in MNIST's format, and a spec with its checksums."""

    arrays: Tuple[np.ndarray, ...]
    raw: Dict[str, bytes]
    gz: Dict[str, bytes]
    spec: DatasetSpec

    def write(self, folder, compressed: bool = True, names=FILE_NAMES) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            if compressed:
                (folder / f"{name}.gz").write_bytes(self.gz[name])
            else:
                (folder / name).write_bytes(self.raw[name])


def make_tiny_dataset(name: str = "mnist", mirrors: Tuple[str, ...] = (), known_raw: bool = True) -> TinyDataset:
    rng = np.random.default_rng(1234)
    arrays = (
        rng.integers(0, 256, size=(6, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, size=6, dtype=np.uint8),
        rng.integers(0, 256, size=(4, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, size=4, dtype=np.uint8),
    )
    raw = {n: idx_bytes(a) for n, a in zip(FILE_NAMES, arrays)}
    gz = {n: gzip.compress(raw[n], mtime=0) for n in FILE_NAMES}
    files = tuple(
        IDXFile(n, sha256(gz[n]), len(gz[n]), sha256(raw[n]) if known_raw else None, len(raw[n])) for n in FILE_NAMES
    )
    spec = DatasetSpec(name, f"Tiny {name}", mirrors, files, tuple("0123456789"), "test data", apt_package=None)
    return TinyDataset(arrays, raw, gz, spec)


@pytest.fixture
def isolated_search(tmp_path, monkeypatch):
    """No MYGRAD_DATA, an empty system folder and an empty user cache, all under tmp_path."""
    monkeypatch.delenv("MYGRAD_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setattr(mnist, "SYSTEM_DATA_DIR", tmp_path / "system")
    return tmp_path


@dataclass
class FileServer:
    """Serves ``routes[path] = (body, declared_length)``; anything else is 404."""

    base_url: str
    routes: Dict[str, Tuple[bytes, int]] = field(default_factory=dict)
    requests: List[str] = field(default_factory=list)

    def serve(self, path: str, body: bytes, declared_length: int = None) -> None:
        self.routes[path] = (body, len(body) if declared_length is None else declared_length)


@pytest.fixture
def file_server(monkeypatch):
    """A local HTTP server on 127.0.0.1 in a background thread (never the internet)."""
    for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            if self.path not in state.routes:
                self.send_error(404)
                return
            body, declared = state.routes[self.path]
            self.send_response(200)
            self.send_header("Content-Length", str(declared))
            self.end_headers()
            self.wfile.write(body)  # a body shorter than declared: the server "dies" mid-file
            self.close_connection = True

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = FileServer(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
