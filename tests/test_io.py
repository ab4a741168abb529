"""mygrad.save / mygrad.load: round trips, atomic writes, clear errors."""

import io
import os
import stat

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from mygrad.checkpoint import save_checkpoint


@settings(max_examples=20)
@given(
    data=hnp.arrays(st.sampled_from([np.float32, np.float64, np.int32, np.bool_]), hnp.array_shapes(min_dims=0)),
    constant=st.booleans(),
    with_grad=st.booleans(),
)
def test_round_trip_through_a_file_object(data, constant, with_grad):
    is_float = data.dtype.kind == "f"
    t = mg.tensor(data, constant=constant or not is_float)
    if with_grad and is_float:
        t.grad = np.full(data.shape, 0.5, dtype=data.dtype)
    buffer = io.BytesIO()
    mg.save(buffer, t)
    buffer.seek(0)
    loaded = mg.load(buffer)
    np.testing.assert_array_equal(loaded.data, t.data)
    assert loaded.dtype == t.dtype and loaded.constant == t.constant and loaded.creator is None
    if t.grad is None:
        assert loaded.grad is None
    else:
        np.testing.assert_array_equal(loaded.grad, t.grad)
        assert loaded.grad.dtype == t.grad.dtype


def test_round_trip_through_a_path_and_extension(tmp_path):
    t = mg.tensor([[1.0, 2.0]], dtype=np.float32)
    (3 * t).sum().backward()
    mg.save(tmp_path / "weights", t)  # .npz appended, as numpy.savez does
    assert os.listdir(tmp_path) == ["weights.npz"]  # no temporary file left behind
    loaded = mg.load(str(tmp_path / "weights.npz"))
    np.testing.assert_array_equal(loaded.data, t.data)
    np.testing.assert_array_equal(loaded.grad, [[3.0, 3.0]])
    assert loaded.constant is False


def test_save_replaces_atomically_and_cleans_up_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "x.npz"
    mg.save(path, mg.tensor([1.0]))
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask  # a normal file's mode, not mkstemp's 0600

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        mg.save(path, mg.tensor([2.0]))
    monkeypatch.undo()
    np.testing.assert_array_equal(mg.load(path).data, [1.0])  # the old file is intact
    assert os.listdir(tmp_path) == ["x.npz"]


def test_load_rejects_files_that_are_not_mygrad_tensors(tmp_path):
    np.savez(tmp_path / "other.npz", weights=np.ones(3))
    with pytest.raises(ValueError, match=r"other\.npz is not a mygrad tensor file.*lacks"):
        mg.load(tmp_path / "other.npz")
    np.save(tmp_path / "single.npy", np.ones(3))
    with pytest.raises(ValueError, match="single.npy is not a mygrad tensor file.*single .npy array"):
        mg.load(tmp_path / "single.npy")
    (tmp_path / "junk.npz").write_bytes(b"definitely not numpy")
    with pytest.raises(ValueError, match="junk.npz is not a mygrad tensor file"):
        mg.load(tmp_path / "junk.npz")
    with pytest.raises(FileNotFoundError):
        mg.load(tmp_path / "missing.npz")


def test_load_refuses_pickles(tmp_path):
    np.savez(tmp_path / "evil.npz", data=np.array([object()], dtype=object), constant=np.asarray(True),
             __mygrad__=np.asarray(1))
    with pytest.raises(ValueError, match="allow_pickle"):
        mg.load(tmp_path / "evil.npz")


def test_save_needs_a_tensor(tmp_path):
    with pytest.raises(TypeError, match="expects a mygrad.Tensor, got ndarray"):
        mg.save(tmp_path / "x.npz", np.ones(2))


def test_saved_files_get_an_ordinary_files_permissions(tmp_path):
    """Both writers go through io.write_npz_atomically: the temporary file's 0600 must not stick."""
    mask = os.umask(0)
    os.umask(mask)
    expected = 0o666 & ~mask
    mg.save(tmp_path / "t.npz", mg.tensor([1.0]))
    save_checkpoint(tmp_path / "c.ckpt", {"w": np.ones(2)})
    assert stat.S_IMODE(os.stat(tmp_path / "t.npz").st_mode) == expected
    assert stat.S_IMODE(os.stat(tmp_path / "c.ckpt").st_mode) == expected


def test_load_reads_files_written_by_mygrad25(tmp_path):
    """MyGrad 2.5's save writes ``data`` (and ``grad``) only; such a checkpoint loads as MyGrad 2.5 loads it."""
    np.savez(tmp_path / "w.npz", data=np.array([1.0, 2.0]), grad=np.array([2.0, 4.0]))
    w = mg.load(tmp_path / "w.npz")
    np.testing.assert_array_equal(w.data, [1.0, 2.0])
    np.testing.assert_array_equal(w.grad, [2.0, 4.0])
    assert not w.constant and w.creator is None
    np.savez(tmp_path / "i.npz", data=np.array([1, 2]))
    i = mg.load(tmp_path / "i.npz")
    assert i.constant and i.grad is None and i.dtype == np.int64
    np.savez(tmp_path / "f.npz", data=np.array([3.0]))
    f = mg.load(tmp_path / "f.npz")
    assert not f.constant and f.grad is None
    np.savez(tmp_path / "extra.npz", data=np.ones(2), weights=np.ones(2))  # not MyGrad's layout either
    with pytest.raises(ValueError, match="not a mygrad tensor file.*lacks"):
        mg.load(tmp_path / "extra.npz")
