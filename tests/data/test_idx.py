"""IDX reader/writer: round trips for every type code and rank, and a clear
IDXFormatError naming the file for every kind of damage."""

from __future__ import annotations

import gzip
import re

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from mygrad.data import IDXFormatError, parse_idx, read_idx, write_idx
from mygrad.data.idx import IDX_DTYPES

from tests.data.conftest import idx_bytes

NATIVE_DTYPES = [dtype.newbyteorder("=") for dtype in IDX_DTYPES.values()]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("idx")


idx_arrays = st.sampled_from(NATIVE_DTYPES).flatmap(
    lambda dtype: hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
)


@settings(max_examples=60)
@given(array=idx_arrays, compressed=st.booleans())
def test_round_trip_every_dtype_and_rank(folder, array, compressed):
    path = folder / ("a-idx.gz" if compressed else "a-idx")
    write_idx(path, array)
    result = read_idx(path)
    assert result.dtype == array.dtype and result.dtype.isnative
    assert result.shape == array.shape
    np.testing.assert_array_equal(result, array)  # NaNs compare equal here
    assert result.flags.writeable


@given(array=idx_arrays)
def test_writer_matches_independent_encoding(folder, array):
    path = folder / "b-idx"
    write_idx(path, array)
    assert path.read_bytes() == idx_bytes(array)


@pytest.mark.parametrize("code, dtype", [(code, d.newbyteorder("=")) for code, d in IDX_DTYPES.items()])
def test_type_codes_are_the_documented_ones(code, dtype):
    content = bytes([0, 0, code, 1]) + (3).to_bytes(4, "big") + np.arange(3, dtype=dtype.newbyteorder(">")).tobytes()
    np.testing.assert_array_equal(parse_idx(content), np.arange(3, dtype=dtype))
    documented = {0x08: "uint8", 0x09: "int8", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64"}
    assert documented[code] == dtype.name


def test_reads_big_endian_multibyte_values(folder):
    # 0x0102 = 258 as a big-endian short; 0x3F800000 = 1.0 as a big-endian float
    shorts = bytes([0, 0, 0x0B, 1, 0, 0, 0, 2, 0x01, 0x02, 0xFF, 0xFE])
    floats = bytes([0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, 0x80, 0, 0])
    np.testing.assert_array_equal(parse_idx(shorts), np.array([258, -2], dtype=np.int16))
    np.testing.assert_array_equal(parse_idx(floats), np.array([1.0], dtype=np.float32))


VALID = idx_bytes(np.arange(24, dtype=np.uint8).reshape(2, 3, 4))

DAMAGE = {
    "wrong-magic": (b"\x08\x03" + VALID[2:], "bad magic number"),
    "one-zero-magic": (b"\x00\x01" + VALID[2:], "bad magic number"),
    "bad-dtype-code": (VALID[:2] + b"\x0a" + VALID[3:], "unknown element type code 0x0A"),
    "truncated-data": (VALID[:-1], "truncated data"),
    "truncated-header": (VALID[:10], "truncated header"),
    "too-short": (b"\x00\x00", "truncated header"),
    "trailing-bytes": (VALID + b"\x00\x00\x00", "3 trailing bytes"),
}


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damaged_file_names_file_and_problem(tmp_path, case, compressed):
    content, problem = DAMAGE[case]
    path = tmp_path / (f"{case}-idx3-ubyte" + (".gz" if compressed else ""))
    path.write_bytes(gzip.compress(content) if compressed else content)
    with pytest.raises(IDXFormatError, match=re.escape(str(path)) + ".*" + problem):
        read_idx(path)


def test_gz_name_without_gzip_content(tmp_path):
    path = tmp_path / "plain-idx1-ubyte.gz"
    path.write_bytes(VALID)
    with pytest.raises(IDXFormatError, match=re.escape(str(path)) + ".*not gzip-compressed"):
        read_idx(path)


@pytest.mark.parametrize(
    "damage",
    [lambda gz: gz[: len(gz) // 2], lambda gz: gz[:-4] + b"\xde\xad\xbe\xef", lambda gz: gz[:12] + b"garbage" * 4],
    ids=["truncated", "bad-crc", "bad-deflate"],
)
def test_corrupt_gzip_stream(tmp_path, damage):
    path = tmp_path / "broken-idx3-ubyte.gz"
    path.write_bytes(damage(gzip.compress(VALID)))
    with pytest.raises(IDXFormatError, match=re.escape(str(path)) + ".*gzip"):
        read_idx(path)


@given(cut=st.integers(0, len(VALID) - 1), extra=st.binary(min_size=1, max_size=8))
def test_any_truncation_or_extension_is_rejected(cut, extra):
    with pytest.raises(IDXFormatError, match="truncated"):
        parse_idx(VALID[:cut], source="cut-file")
    with pytest.raises(IDXFormatError, match="trailing bytes"):
        parse_idx(VALID + extra, source="long-file")


@pytest.mark.parametrize("dtype", [np.int64, np.uint16, np.bool_, np.complex64, np.float16])
def test_writer_rejects_unsupported_dtypes(tmp_path, dtype):
    with pytest.raises(ValueError, match=f"cannot store dtype {np.dtype(dtype)}"):
        write_idx(tmp_path / "x-idx", np.zeros(3, dtype=dtype))
    assert not (tmp_path / "x-idx").exists()
