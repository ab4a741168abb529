"""Downloads against a local http.server on 127.0.0.1: success, checksum
mismatch, a server dying mid-file, 404 then a good mirror. Never the internet."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from mygrad.data import DownloadError, download_file, load_dataset
from mygrad.data import mnist

from tests.data.conftest import FILE_NAMES, make_tiny_dataset, sha256

pytestmark = pytest.mark.usefixtures("isolated_search")

PAYLOAD = os.urandom(200_000)


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_file_success(tmp_path, file_server):
    file_server.serve("/a/blob.gz", PAYLOAD)
    target = tmp_path / "out" / "blob.gz"
    assert download_file([file_server.base_url + "/a/blob.gz"], target, sha256(PAYLOAD), progress=False) == target
    assert target.read_bytes() == PAYLOAD
    assert leftovers(target.parent) == ["blob.gz"]


@pytest.mark.parametrize(
    "bad_mirror",
    [
        pytest.param(lambda server: None, id="404"),
        pytest.param(lambda server: server.serve("/one/blob.gz", PAYLOAD[:-1] + b"!"), id="corrupt"),
        pytest.param(lambda server: server.serve("/one/blob.gz", PAYLOAD[:5000], len(PAYLOAD)), id="dies-mid-file"),
    ],
)
def test_next_mirror_after_a_failure(tmp_path, file_server, bad_mirror):
    bad_mirror(file_server)
    file_server.serve("/two/blob.gz", PAYLOAD)
    urls = [file_server.base_url + "/one/blob.gz", file_server.base_url + "/two/blob.gz"]
    download_file(urls, tmp_path / "blob.gz", sha256(PAYLOAD), progress=False)
    assert (tmp_path / "blob.gz").read_bytes() == PAYLOAD
    assert file_server.requests == ["/one/blob.gz", "/two/blob.gz"]
    assert leftovers(tmp_path) == ["blob.gz"]


@pytest.mark.parametrize(
    "serve, reason",
    [
        (lambda s, p: s.serve(p, PAYLOAD[::-1]), "ChecksumError: SHA-256 of the download is"),
        (lambda s, p: s.serve(p, PAYLOAD[:777], len(PAYLOAD)), r"(IncompleteRead|connection closed).*777"),
        (lambda s, p: None, "HTTP Error 404"),
    ],
    ids=["corrupt", "dies-mid-file", "404"],
)
def test_all_mirrors_fail_leaves_nothing(tmp_path, file_server, serve, reason):
    paths = ["/one/blob.gz", "/two/blob.gz"]
    for path in paths:
        serve(file_server, path)
    (tmp_path / "keep.txt").write_text("unrelated")
    with pytest.raises(DownloadError, match=r"(?s)blob\.gz.*/one/blob\.gz: .*" + reason + r".*/two/blob\.gz: "):
        download_file([file_server.base_url + p for p in paths], tmp_path / "blob.gz", sha256(PAYLOAD), progress=False)
    assert leftovers(tmp_path) == ["keep.txt"]  # no partial or temporary file


@pytest.fixture
def served_dataset(file_server, monkeypatch):
    """A tiny data set registered as "mnist", served by mirror /m2/; mirror /m1/ is configured per test."""
    mirrors = (file_server.base_url + "/m1/", file_server.base_url + "/m2/")
    tiny = make_tiny_dataset("mnist", mirrors)
    for name in FILE_NAMES:
        file_server.serve(f"/m2/{name}.gz", tiny.gz[name])
    monkeypatch.setitem(mnist.DATASETS, "mnist", tiny.spec)
    return tiny


def assert_loaded(data, tiny):
    for loaded, original in zip(data, tiny.arrays):
        np.testing.assert_array_equal(loaded, original)


def test_load_dataset_downloads_into_root_then_reads_locally(tmp_path, file_server, served_dataset):
    data = load_dataset("mnist", tmp_path / "root", download=True, progress=False)
    assert_loaded(data, served_dataset)
    assert leftovers(tmp_path / "root" / "mnist") == sorted(f"{n}.gz" for n in FILE_NAMES)
    # the first mirror 404s, so each file was fetched from the second
    assert file_server.requests == [f"/m{k}/{n}.gz" for n in FILE_NAMES for k in (1, 2)]
    file_server.requests.clear()
    assert_loaded(load_dataset("mnist", tmp_path / "root", download=True), served_dataset)
    assert file_server.requests == []


def test_corrupt_mirror_is_skipped_and_never_cached(tmp_path, file_server, served_dataset):
    for name in FILE_NAMES:
        file_server.serve(f"/m1/{name}.gz", served_dataset.gz[name][:-8] + b"\x00" * 8)
    assert_loaded(load_dataset("mnist", tmp_path, download=True, progress=False), served_dataset)
    assert leftovers(tmp_path / "mnist") == sorted(f"{n}.gz" for n in FILE_NAMES)


def test_every_mirror_bad_leaves_no_file(tmp_path, file_server, served_dataset):
    name = FILE_NAMES[0]
    file_server.serve(f"/m2/{name}.gz", served_dataset.gz[name][:100], len(served_dataset.gz[name]))
    with pytest.raises(DownloadError, match=re.escape(f"{name}.gz")):
        load_dataset("mnist", tmp_path, download=True, progress=False)
    assert leftovers(tmp_path / "mnist") == []


def test_only_missing_files_are_downloaded(tmp_path, file_server, served_dataset):
    served_dataset.write(tmp_path / "mnist", names=FILE_NAMES[:3])
    assert_loaded(load_dataset("mnist", tmp_path, download=True, progress=False), served_dataset)
    assert file_server.requests == [f"/m1/{FILE_NAMES[3]}.gz", f"/m2/{FILE_NAMES[3]}.gz"]


def test_download_destination_without_root(isolated_search, file_server, served_dataset, monkeypatch):
    load_dataset("mnist", download=True, progress=False)
    cache = isolated_search / "xdg-cache" / "mygrad" / "datasets" / "mnist"
    assert leftovers(cache) == sorted(f"{n}.gz" for n in FILE_NAMES)
    monkeypatch.setenv("MYGRAD_DATA", str(isolated_search / "env-root"))
    load_dataset("mnist", download=False)  # found in the cache: no download
    assert not (isolated_search / "env-root").exists()


def test_download_goes_to_mygrad_data(isolated_search, file_server, served_dataset, monkeypatch):
    monkeypatch.setenv("MYGRAD_DATA", str(isolated_search / "env-root"))
    load_dataset("mnist", download=True, progress=False)
    assert len(leftovers(isolated_search / "env-root" / "mnist")) == 4
    assert not (isolated_search / "xdg-cache").exists()
