"""MNIST-style loaders: search order, verification of local files, the
not-found message, output layouts, and the real data sets where present."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import numpy as np
import pytest

from mygrad.data import (
    DATASETS,
    ChecksumError,
    DatasetNotFoundError,
    IDXFormatError,
    find_dataset,
    load_dataset,
    load_fashion_mnist,
    load_kmnist,
    load_mnist,
)
from mygrad.data import mnist

from tests.data.conftest import FILE_NAMES, idx_bytes, make_tiny_dataset

REPO_ROOT = Path(__file__).resolve().parents[2]
USER_DATA = os.environ.get("MYGRAD_DATA")  # read before any test changes the environment


def touch_set(folder: Path, count: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILE_NAMES[:count]:
        (folder / f"{name}.gz").write_bytes(b"")
    return folder


@pytest.fixture
def tiny(monkeypatch):
    data = make_tiny_dataset("mnist")
    monkeypatch.setitem(mnist.DATASETS, "mnist", data.spec)
    return data


@pytest.mark.usefixtures("isolated_search")
class TestSearchOrder:
    def test_order_root_env_system_cache(self, isolated_search, monkeypatch):
        base = isolated_search
        places = {
            "root": base / "root",
            "env": base / "env",
            "system": base / "system",
            "cache": base / "xdg-cache" / "mygrad" / "datasets",
        }
        monkeypatch.setenv("MYGRAD_DATA", str(places["env"]))
        for key in ("cache", "system", "env", "root"):
            touch_set(places[key] / "fashion-mnist")
            assert find_dataset("fashion-mnist", places["root"]) == places[key] / "fashion-mnist"

    def test_incomplete_sets_are_skipped(self, isolated_search):
        touch_set(isolated_search / "root" / "mnist", count=3)
        assert find_dataset("mnist", isolated_search / "root") is None
        touch_set(isolated_search / "system" / "mnist")
        assert find_dataset("mnist", isolated_search / "root") == isolated_search / "system" / "mnist"

    def test_uncompressed_files_count(self, isolated_search):
        folder = isolated_search / "root" / "kmnist"
        folder.mkdir(parents=True)
        for name in FILE_NAMES:
            (folder / name).write_bytes(b"")
        assert find_dataset("kmnist", isolated_search / "root") == folder

    def test_not_found_lists_places_and_remedies(self, isolated_search, monkeypatch):
        monkeypatch.setenv("MYGRAD_DATA", str(isolated_search / "env"))
        touch_set(isolated_search / "env" / "fashion-mnist", count=2)
        with pytest.raises(DatasetNotFoundError) as info:
            load_fashion_mnist(isolated_search / "root")
        message = str(info.value)
        assert message.startswith("Fashion-MNIST not found")
        for folder in ("root", "env", "system", "xdg-cache/mygrad/datasets"):
            assert str(isolated_search / folder / "fashion-mnist") in message
        assert "(MYGRAD_DATA environment variable: 2 of 4 files)" in message
        for remedy in ("download=True", "root=<dir>", "MYGRAD_DATA=<dir>", "apt-get install dataset-fashion-mnist"):
            assert remedy in message
        with pytest.raises(DatasetNotFoundError, match="Kuzushiji-MNIST not found") as info:
            load_kmnist()
        assert "apt-get" not in str(info.value)

    def test_unknown_name(self):
        with pytest.raises(ValueError, match="unknown data set 'cifar'; known: mnist, fashion-mnist, kmnist"):
            load_dataset("cifar")


@pytest.mark.usefixtures("isolated_search")
class TestLocalFiles:
    def test_loads_gz_and_raw_and_layouts(self, tmp_path, tiny):
        tiny.write(tmp_path / "gz" / "mnist")
        tiny.write(tmp_path / "raw" / "mnist", compressed=False)
        for root in (tmp_path / "gz", tmp_path / "raw"):
            x_train, y_train, x_test, y_test = load_mnist(root)
            for loaded, original in zip((x_train, y_train, x_test, y_test), tiny.arrays):
                np.testing.assert_array_equal(loaded, original)
            assert x_train.dtype == np.uint8 and y_train.dtype == np.int64
        data = load_mnist(tmp_path / "gz", channels=True)
        assert data.x_train.shape == (6, 1, 28, 28) and data.x_test.shape == (4, 1, 28, 28)
        data = load_mnist(tmp_path / "gz", flatten=True)
        np.testing.assert_array_equal(data.x_test, tiny.arrays[2].reshape(4, 784))
        with pytest.raises(ValueError, match="at most one of channels=True and flatten=True"):
            load_mnist(tmp_path / "gz", channels=True, flatten=True)

    def test_recompressed_files_are_accepted(self, tmp_path, tiny):
        # like Debian's Fashion-MNIST: different .gz bytes, identical content
        folder = tmp_path / "mnist"
        tiny.write(folder)
        for name in FILE_NAMES:
            recompressed = gzip.compress(tiny.raw[name], compresslevel=1, mtime=123456)
            assert recompressed != tiny.gz[name]
            (folder / f"{name}.gz").write_bytes(recompressed)
        np.testing.assert_array_equal(load_mnist(tmp_path).x_train, tiny.arrays[0])

    def test_wrong_content_names_the_file(self, tmp_path, tiny):
        folder = tmp_path / "mnist"
        tiny.write(folder)
        bad = folder / f"{FILE_NAMES[1]}.gz"
        bad.write_bytes(gzip.compress(idx_bytes(np.zeros(6, np.uint8))))
        with pytest.raises(ChecksumError, match=re.escape(str(bad)) + ".*SHA-256 of the decompressed content"):
            load_mnist(tmp_path)

    def test_broken_gzip_names_the_file(self, tmp_path, tiny):
        folder = tmp_path / "mnist"
        tiny.write(folder)
        bad = folder / f"{FILE_NAMES[2]}.gz"
        bad.write_bytes(tiny.gz[FILE_NAMES[2]][:50])
        with pytest.raises(IDXFormatError, match=re.escape(str(bad)) + ".*gzip"):
            load_mnist(tmp_path)

    def test_gz_digest_used_when_no_decompressed_digest_is_known(self, tmp_path, monkeypatch):
        data = make_tiny_dataset("kmnist", known_raw=False)
        monkeypatch.setitem(mnist.DATASETS, "kmnist", data.spec)
        data.write(tmp_path / "kmnist")
        np.testing.assert_array_equal(load_kmnist(tmp_path).y_train, data.arrays[1])
        bad = tmp_path / "kmnist" / f"{FILE_NAMES[0]}.gz"
        bad.write_bytes(gzip.compress(data.raw[FILE_NAMES[0]], compresslevel=1))
        with pytest.raises(ChecksumError, match=re.escape(str(bad)) + ".*SHA-256 of the .gz file"):
            load_kmnist(tmp_path)

    def test_wrong_shape_is_reported(self, tmp_path, monkeypatch):
        data = make_tiny_dataset("kmnist", known_raw=False)
        monkeypatch.setitem(mnist.DATASETS, "kmnist", data.spec)
        data.write(tmp_path / "kmnist", compressed=False)  # uncompressed, no digest: only structure is checked
        (tmp_path / "kmnist" / FILE_NAMES[3]).write_bytes(idx_bytes(np.zeros(5, np.uint8)))
        with pytest.raises(IDXFormatError, match=re.escape(FILE_NAMES[3]) + ".*expected 4 uint8 labels"):
            load_kmnist(tmp_path)


def test_recorded_checksums_are_well_formed():
    for spec in DATASETS.values():
        assert [f.name for f in spec.files] == list(FILE_NAMES)
        for file in spec.files:
            for digest in (file.gz_sha256, file.raw_sha256):
                assert digest is None or re.fullmatch("[0-9a-f]{64}", digest)
        assert len(spec.classes) == 10 and spec.mirrors


# --- the real data sets, where this machine has them --------------------------

def _real_root(name: str, candidates) -> Path:
    for root in candidates:
        if root and find_dataset(name, root) == Path(os.path.abspath(root)) / name:
            return Path(root)
    pytest.skip(f"real {name} files not found in any of {[str(c) for c in candidates if c]}; "
                f"set MYGRAD_DATA to a folder holding {name}/")


MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_real_mnist():
    root = _real_root("mnist", [USER_DATA, REPO_ROOT.parent / "shared" / "datasets", REPO_ROOT / "datasets"])
    x_train, y_train, x_test, y_test = load_mnist(root)
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == x_test.dtype == np.uint8 and y_train.dtype == np.int64
    assert np.bincount(y_train).tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == MNIST_TEST_COUNTS
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]
    assert x_train.min() == 0 and x_train.max() == 255


def test_real_fashion_mnist():
    root = _real_root("fashion-mnist", [USER_DATA, "/usr/share/datasets", REPO_ROOT / "datasets"])
    x_train, y_train, x_test, y_test = load_fashion_mnist(root, channels=True)
    assert x_train.shape == (60000, 1, 28, 28) and x_test.shape == (10000, 1, 28, 28)
    assert x_train.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
