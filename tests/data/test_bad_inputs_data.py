"""Hostile inputs for mygrad.data and examples/train_mnist.py: bad mirrors, servers that
serve corrupt bytes or die mid-file, missing folders, truncated or foreign checkpoints.

Every case asserts the exception (or the script's exit message), the facts it
names, and that nothing was left behind or changed (cache folders, files).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from mygrad.checkpoint import save_checkpoint
from mygrad.data import (DataLoader, DatasetNotFoundError, DownloadError, TensorDataset, load_dataset, mnist,
                         random_split, resolve_mirrors, write_idx)
from mygrad.data.download import download_file

from tests.data.conftest import FILE_NAMES, make_tiny_dataset

ROOT = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> dict:
    """Every file under ``folder`` with its bytes (empty if it does not exist)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} \
        if folder.exists() else {}


@pytest.fixture
def tiny(file_server, monkeypatch, isolated_search):
    """A tiny set registered as "mnist" whose built-in mirror is the local /good/ route."""
    data = make_tiny_dataset("mnist", (file_server.base_url + "/good/",))
    for name in FILE_NAMES:
        file_server.serve(f"/good/{name}.gz", data.gz[name])
    monkeypatch.setitem(mnist.DATASETS, "mnist", data.spec)
    monkeypatch.delenv(mnist.MIRRORS_ENV_VAR, raising=False)
    return data


# ----------------------------------------------------------------------------- mirrors
@pytest.mark.parametrize("mirrors, exc, facts", [
    ("http://a/", TypeError, ["sequence of base-URL strings", "'http://a/'"]),
    ([1, 2], TypeError, ["sequence", "[1, 2]"]),
    ([], ValueError, ["empty"]),
    (["ftp:/broken", "www.example.org/mnist/"], ValueError, ["URL", "www.example.org/mnist/"]),
    (["/local/folder/"], ValueError, ["URL", "/local/folder/"]),
])
def test_bad_mirrors_are_refused_before_anything_happens(tiny, tmp_path, mirrors, exc, facts):
    with pytest.raises(exc) as info:
        load_dataset("mnist", tmp_path / "root", download=True, progress=False, mirrors=mirrors)
    for fact in facts:
        assert fact in str(info.value)
    assert not (tmp_path / "root").exists()


@pytest.mark.parametrize("value, facts", [("www.example.org", ["MYGRAD_DATA_MIRRORS", "www.example.org"]),
                                          ("http://ok/, c:\\data", ["MYGRAD_DATA_MIRRORS", "c:\\\\data"])])
def test_bad_mirror_environment_variable_is_named(tiny, tmp_path, monkeypatch, value, facts):
    monkeypatch.setenv(mnist.MIRRORS_ENV_VAR, value)
    with pytest.raises(ValueError) as info:
        load_dataset("mnist", tmp_path, download=True, progress=False)
    for fact in facts:
        assert fact in str(info.value)
    assert tree(tmp_path / "mnist") == {}


def test_mirrors_argument_replaces_the_built_in_list(tiny, tmp_path, file_server):
    for name in FILE_NAMES:
        file_server.serve(f"/other/{name}.gz", tiny.gz[name])
    load_dataset("mnist", tmp_path, download=True, progress=False, mirrors=[file_server.base_url + "/other"])
    assert file_server.requests == [f"/other/{n}.gz" for n in FILE_NAMES]


def test_mirror_environment_variable_is_used_and_the_argument_wins(tiny, tmp_path, file_server, monkeypatch):
    for name in FILE_NAMES:
        file_server.serve(f"/env/{name}.gz", tiny.gz[name])
    monkeypatch.setenv(mnist.MIRRORS_ENV_VAR, f"{file_server.base_url}/missing/, {file_server.base_url}/env/")
    load_dataset("mnist", tmp_path / "a", download=True, progress=False)
    assert file_server.requests == [f"/{m}/{n}.gz" for n in FILE_NAMES for m in ("missing", "env")]
    file_server.requests.clear()
    load_dataset("mnist", tmp_path / "b", download=True, progress=False, mirrors=[file_server.base_url + "/good/"])
    assert file_server.requests == [f"/good/{n}.gz" for n in FILE_NAMES]


def test_resolve_mirrors_adds_the_trailing_slash_and_keeps_the_order(tiny):
    assert resolve_mirrors(tiny.spec, ["http://b/x", "https://a/y/"]) == ("http://b/x/", "https://a/y/")
    assert resolve_mirrors(tiny.spec) == tiny.spec.mirrors


@pytest.mark.parametrize("serve", ["corrupt", "dies", "404", "empty", "wrong-file"])
def test_checksums_are_enforced_whatever_the_mirror(tiny, tmp_path, file_server, serve):
    name = FILE_NAMES[0]
    good = tiny.gz[name]
    if serve == "corrupt":
        file_server.serve(f"/bad/{name}.gz", good[:-10] + b"\xff" * 10)
    elif serve == "dies":
        file_server.serve(f"/bad/{name}.gz", good[: len(good) // 3], declared_length=len(good))
    elif serve == "empty":
        file_server.serve(f"/bad/{name}.gz", b"")
    elif serve == "wrong-file":
        file_server.serve(f"/bad/{name}.gz", tiny.gz[FILE_NAMES[2]])
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError) as info:
        load_dataset("mnist", cache, download=True, progress=False, mirrors=[file_server.base_url + "/bad/"])
    message = str(info.value)
    assert f"{name}.gz" in message and file_server.base_url + "/bad/" in message
    assert "Provide the files in one of these ways" in message and "MYGRAD_DATA_MIRRORS" in message
    assert not cache.exists()  # the folder this call created is gone again: the cache stays empty


def test_failed_download_keeps_what_was_already_there(tiny, tmp_path, file_server):
    tiny.write(tmp_path / "mnist", names=FILE_NAMES[:2])
    before = tree(tmp_path)
    with pytest.raises(DownloadError):
        load_dataset("mnist", tmp_path, download=True, progress=False, mirrors=[file_server.base_url + "/none/"])
    assert tree(tmp_path) == before


def test_download_file_leaves_no_partial_file(tmp_path, file_server):
    file_server.serve("/x.gz", b"abc" * 1000, declared_length=10_000)
    with pytest.raises(DownloadError, match="connection closed"):
        download_file([file_server.base_url + "/x.gz"], tmp_path / "x.gz", "0" * 64, progress=False)
    assert tree(tmp_path) == {}


def test_not_found_lists_the_ways_to_provide_the_data(tiny, tmp_path):
    with pytest.raises(DatasetNotFoundError) as info:
        load_dataset("mnist", tmp_path / "nowhere", download=False)
    message = str(info.value)
    assert "download=True" in message and "MYGRAD_DATA" in message and str(tmp_path / "nowhere") in message
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("kwargs, exc, facts", [
    (dict(name="mnist2"), ValueError, ["'mnist2'", "mnist"]),
    (dict(channels=True, flatten=True), ValueError, ["channels", "flatten"]),
])
def test_load_dataset_argument_errors(tiny, tmp_path, kwargs, exc, facts):
    name = kwargs.pop("name", "mnist")
    with pytest.raises(exc) as info:
        load_dataset(name, tmp_path, **kwargs)
    for fact in facts:
        assert fact in str(info.value)


# ----------------------------------------------------------------------------- the example script
def _load_example():
    spec = importlib.util.spec_from_file_location("train_mnist_bad_inputs", ROOT / "examples" / "train_mnist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


train_mnist = _load_example()
QUICK = ["--model", "mlp", "--epochs", "1", "--max-steps", "1", "--batch-size", "4"]


def exit_message(argv, capsys) -> str:
    with pytest.raises(SystemExit) as info:
        train_mnist.main(argv)
    code = info.value.code
    return code if isinstance(code, str) else capsys.readouterr().err


@pytest.mark.parametrize("argv, facts", [
    (["--data-dir", "{missing}"], ["--data-dir", "does not exist"]),
    (["--data-dir", "{file}"], ["--data-dir", "is not a folder"]),
    (["--epochs", "0"], ["--epochs", "0"]),
    (["--batch-size", "-4"], ["--batch-size", "-4"]),
    (["--lr", "-1"], ["--lr", "-1"]),
    (["--resume"], ["--resume needs --checkpoint"]),
    (["--model", "transformer"], ["--model", "transformer"]),
    (["--checkpoint", "{missing}/run.npz"], ["--checkpoint", "does not exist"]),
    (["--checkpoint", "{folder}"], ["--checkpoint", "is a folder"]),
])
def test_script_argument_errors(tmp_path, capsys, argv, facts, file_server):
    (tmp_path / "a-file").write_text("x")
    argv = [a.format(missing=tmp_path / "missing", file=tmp_path / "a-file", folder=tmp_path) for a in argv]
    message = exit_message(QUICK + argv, capsys)
    for fact in facts:
        assert fact in message
    assert not (tmp_path / "missing").exists() and file_server.requests == []


def test_script_failed_download_is_one_readable_message(tiny, tmp_path, capsys, file_server):
    message = exit_message(QUICK + ["--data-dir", str(tmp_path), "--mirror", file_server.base_url + "/none/"], capsys)
    assert message.startswith("error: cannot load mnist")
    assert "Provide the files in one of these ways" in message and "Traceback" not in message
    assert tree(tmp_path) == {}


def test_script_no_download_lists_the_ways(tiny, tmp_path, capsys):
    message = exit_message(QUICK + ["--data-dir", str(tmp_path), "--no-download"], capsys)
    assert "not found" in message and "download=True" in message


@pytest.fixture
def trained(tiny, tmp_path):
    """A data root with the tiny set and a checkpoint from one quick run."""
    tiny.write(tmp_path / "data" / "mnist")
    checkpoint = tmp_path / "run.npz"
    train_mnist.main(QUICK + ["--data-dir", str(tmp_path / "data"), "--no-download", "--checkpoint", str(checkpoint)])
    return tmp_path / "data", checkpoint


@pytest.mark.parametrize("damage, facts", [
    ("truncate", ["not a valid mygrad checkpoint"]),
    ("garbage", ["not a valid mygrad checkpoint"]),
    ("foreign", ["not one written by this script"]),
    ("plain-npz", ["not a valid mygrad checkpoint"]),
    ("missing", ["does not exist"]),
    ("other-model", ["does not fit this run", "Unexpected key(s)", "0.weight"]),
])
def test_resume_from_a_damaged_or_foreign_checkpoint(trained, capsys, damage, facts):
    data, checkpoint = trained
    if damage == "truncate":
        checkpoint.write_bytes(checkpoint.read_bytes()[:200])
    elif damage == "garbage":
        checkpoint.write_bytes(b"\x00" * 64)
    elif damage == "foreign":
        save_checkpoint(checkpoint, {"weights": np.ones(3)})
    elif damage == "plain-npz":
        np.savez(checkpoint, a=np.ones(2))
    elif damage == "missing":
        checkpoint.unlink()
    elif damage == "other-model":
        from mygrad.checkpoint import load_checkpoint
        state = load_checkpoint(checkpoint)
        state["model"] = {"0.weight": np.ones((2, 2))}
        save_checkpoint(checkpoint, state)
    before = checkpoint.read_bytes() if checkpoint.exists() else None
    message = exit_message(QUICK + ["--data-dir", str(data), "--no-download", "--checkpoint", str(checkpoint),
                                    "--resume"], capsys)
    assert message.startswith("error: --resume") and str(checkpoint) in message
    for fact in facts:
        assert fact in message
    assert (checkpoint.read_bytes() if checkpoint.exists() else None) == before


def test_resume_with_other_settings_names_the_setting(trained, capsys):
    data, checkpoint = trained
    message = exit_message(QUICK + ["--data-dir", str(data), "--no-download", "--checkpoint", str(checkpoint),
                                    "--resume", "--seed", "7"], capsys)
    assert re.search(r"--seed 0.*7", message)


# ----------------------------------------------------------------------------- datasets, loaders, IDX files
def _dataset():
    return TensorDataset(np.zeros((10, 3)), np.arange(10))


@pytest.mark.parametrize("label, call, exc, facts", [
    ("TensorDataset lengths", lambda: TensorDataset(np.zeros((10, 3)), np.arange(9)),
     ValueError, ["(10, 3)", "(9,)"]),
    ("TensorDataset empty", lambda: TensorDataset(), ValueError, ["at least one"]),
    ("TensorDataset 0-d", lambda: TensorDataset(np.float64(3)), ValueError, ["()"]),
    ("DataLoader batch 0", lambda: DataLoader(_dataset(), batch_size=0), ValueError,
     ["batch_size", "0"]),
    ("DataLoader batch float", lambda: DataLoader(_dataset(), batch_size=2.5),
     ValueError, ["batch_size", "2.5"]),
    ("DataLoader not a dataset", lambda: DataLoader(5), TypeError,
     ["dataset", "int"]),
    ("DataLoader shuffle str", lambda: DataLoader(_dataset(), shuffle="yes"),
     TypeError, ["shuffle", "'yes'"]),
    ("DataLoader seed and generator",
     lambda: DataLoader(_dataset(), seed=1, generator=np.random.default_rng()),
     ValueError, ["seed", "generator"]),
    ("random_split sum", lambda: random_split(_dataset(), [3, 3]), ValueError,
     ["[3, 3]", "10"]),
    ("random_split negative", lambda: random_split(_dataset(), [12, -2]), ValueError,
     ["[12, -2]"]),
    ("random_split fractions", lambda: random_split(_dataset(), [0.5, 0.6]),
     ValueError, ["[0.5, 0.6]"]),
    ("write_idx object", lambda: write_idx("unused.idx", np.array([object()])),
     ValueError, ["object", "uint8"]),
    ("write_idx float16", lambda: write_idx("unused.idx", np.zeros(2, np.float16)),
     ValueError, ["float16"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_data_argument_errors(tmp_path, monkeypatch, label, call, exc, facts):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(exc) as info:
        call()
    for fact in facts:
        assert fact in str(info.value), (fact, str(info.value))
    assert tree(tmp_path) == {}  # nothing written


@pytest.mark.parametrize("content, facts", [(b"", []), (b"\x00\x00\x08", []), (b"\x01\x02\x08\x01\x00\x00\x00\x05", []),
                                            (b"\x00\x00\x08\x01\x00\x00\x00\x05abc", ["5"])])
def test_read_idx_of_broken_files_names_the_file(tmp_path, content, facts):
    from mygrad.data import IDXFormatError, read_idx
    path = tmp_path / "broken-idx1-ubyte"
    path.write_bytes(content)
    with pytest.raises(IDXFormatError) as info:
        read_idx(path)
    assert "broken-idx1-ubyte" in str(info.value)
    for fact in facts:
        assert fact in str(info.value)
    assert path.read_bytes() == content
