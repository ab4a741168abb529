"""Checkpoints: round trips of nested structures, atomic writes, clear errors for bad files."""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st
import hypothesis.extra.numpy as hnp

import mygrad as mg
from mygrad import checkpoint
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.nn import Parameter


def assert_same(a, b):
    """Deep equality that also checks types, dtypes and shapes."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif isinstance(a, mg.Tensor):
        assert a.constant == b.constant
        assert_same(a.data, b.data)
    elif isinstance(a, (np.ndarray, np.generic)):
        assert a.dtype == b.dtype and np.shape(a) == np.shape(b)
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b)
    else:
        assert a == b


def test_round_trip_of_a_training_state(tmp_path):
    generator = np.random.default_rng(3)
    state = {
        "model": {"0.weight": np.ones((2, 3), dtype=np.float32), "1.num_batches_tracked": np.array(4)},
        "optimizer": {"state": {0: {"step": 3, "exp_avg": np.zeros(3)}}, "param_groups": [{"lr": 1e-3, "params": [0, 1],
                                                                                          "betas": (0.9, 0.999)}]},
        "epoch": 3,
        "best": float("inf"),
        "nan": float("nan"),
        "name": "run-1 ✓",
        "flags": [True, False, None],
        "rng": generator.bit_generator.state,
        "scalar": np.float32(1.5),
        "tensor": mg.tensor([1.0, 2.0], constant=True),
        "param": Parameter(np.arange(3.0)),
        "complex": 1 + 2j,
        "empty": np.zeros((0, 3)),
        (1, "a"): "tuple key",
    }
    path = tmp_path / "state.ckpt"
    save_checkpoint(path, state)
    assert sorted(os.listdir(tmp_path)) == ["state.ckpt"]  # exact name, no temp files left
    loaded = load_checkpoint(path)
    assert_same(state, loaded)
    restored = np.random.default_rng()
    restored.bit_generator.state = loaded["rng"]
    assert restored.random() == generator.random()


@pytest.mark.parametrize("normals_drawn", [0, 1, 2])  # odd counts leave a cached Gaussian in the state
def test_numpys_global_random_state_round_trips(tmp_path, normals_drawn):
    saved_outside = np.random.get_state()
    try:
        np.random.seed(8)
        np.random.standard_normal(normals_drawn)
        save_checkpoint(tmp_path / "rng.npz", {"rng": np.random.get_state(legacy=False)})
        expected = np.random.standard_normal(3), np.random.random_sample(2)
        np.random.seed(99)  # scramble, then restore from the file
        np.random.set_state(load_checkpoint(tmp_path / "rng.npz")["rng"])
        np.testing.assert_array_equal(np.random.standard_normal(3), expected[0])
        np.testing.assert_array_equal(np.random.random_sample(2), expected[1])
    finally:
        np.random.set_state(saved_outside)


def test_file_is_an_npz_that_loads_without_pickle(tmp_path):
    path = tmp_path / "c.npz"
    save_checkpoint(path, {"w": np.ones(2)}, compress=True)
    with np.load(path, allow_pickle=False) as archive:
        assert "__checkpoint__" in archive.files and archive["__checkpoint__"].dtype == np.uint8


leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False), st.text(max_size=5),
    hnp.arrays(hnp.scalar_dtypes().filter(lambda d: d.kind in "biufc"), hnp.array_shapes(min_dims=0, max_side=3)),
)
nested = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.tuples(children, children),
        st.dictionaries(st.one_of(st.text(max_size=4), st.integers(-5, 5)), children, max_size=3),
    ),
    max_leaves=8,
)


@settings(max_examples=30)
@given(obj=nested)
def test_round_trip_of_arbitrary_nested_structures(tmp_path_factory, obj):
    path = tmp_path_factory.mktemp("ckpt") / "x.ckpt"
    save_checkpoint(path, obj)
    assert_same(obj, load_checkpoint(path))


def test_unsupported_values_are_rejected_naming_where_they_are(tmp_path):
    path = tmp_path / "c.ckpt"
    with pytest.raises(TypeError, match=r"checkpoint\['opt'\]\[0\] of type object"):
        save_checkpoint(path, {"opt": [object()]})
    with pytest.raises(TypeError, match="pickle"):
        save_checkpoint(path, {"a": np.array([None, 1], dtype=object)})
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_intact_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "model.ckpt"
    save_checkpoint(path, {"version": 1, "w": np.ones(1000)})

    def crash(file, **arrays):
        file.write(b"PK\x03\x04 partial garbage")
        raise OSError("disk full")

    monkeypatch.setattr(checkpoint.np, "savez", crash)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, {"version": 2, "w": np.zeros(1000)})
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["model.ckpt"]
    loaded = load_checkpoint(path)
    assert loaded["version"] == 1 and loaded["w"].sum() == 1000


def test_interrupted_replace_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "model.ckpt"
    save_checkpoint(path, {"version": 1})
    monkeypatch.setattr(checkpoint.os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint(path, {"version": 2})
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["model.ckpt"] and load_checkpoint(path) == {"version": 1}


def test_invalid_files_give_a_clear_error_naming_the_file(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ValueError, match="notes.txt is not a valid mygrad checkpoint"):
        load_checkpoint(text)
    plain = tmp_path / "plain.npz"
    np.savez(plain, w=np.ones(2))
    with pytest.raises(ValueError, match="plain.npz is not a valid mygrad checkpoint.*__checkpoint__"):
        load_checkpoint(plain)
    npy = tmp_path / "a.npy"
    np.save(npy, np.ones(2))
    with pytest.raises(ValueError, match="a.npy is not a valid mygrad checkpoint"):
        load_checkpoint(npy)
    truncated = tmp_path / "cut.ckpt"
    save_checkpoint(truncated, {"w": np.ones(100)})
    truncated.write_bytes(truncated.read_bytes()[:50])
    with pytest.raises(ValueError, match="cut.ckpt is not a valid mygrad checkpoint"):
        load_checkpoint(truncated)
    forged = tmp_path / "forged.ckpt"
    with zipfile.ZipFile(forged, "w") as z:
        z.writestr("__checkpoint__.npy", b"not an npy")
    with pytest.raises(ValueError, match="forged.ckpt is not a valid mygrad checkpoint"):
        load_checkpoint(forged)
    with pytest.raises(FileNotFoundError):
        load_checkpoint(tmp_path / "missing.ckpt")


def test_module_save_and_load(tmp_path):
    from mygrad import nn

    g = np.random.default_rng(0)
    net = nn.Sequential(nn.Linear(3, 4, generator=g), nn.BatchNorm1d(4))
    net(np.ones((5, 3), dtype=np.float32))
    net.save(tmp_path / "net.ckpt")
    other = nn.Sequential(nn.Linear(3, 4, generator=g), nn.BatchNorm1d(4))
    other.load(tmp_path / "net.ckpt")
    for (k, a), b in zip(net.state_dict().items(), other.state_dict().values()):
        np.testing.assert_array_equal(a, b, err_msg=k)
    wrong = nn.Sequential(nn.Linear(3, 5, generator=g))
    with pytest.raises(RuntimeError, match=r'size mismatch for 0.weight.*Missing key\(s\)|Unexpected key\(s\).*"1.weight"'):
        wrong.load(tmp_path / "net.ckpt")
