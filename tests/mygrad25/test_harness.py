"""The differential harness itself: corpus parsing, records, comparison, generated programs, shrinking."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mygrad as mg
from tests.mygrad25 import harness, snippet_runtime
from tests.mygrad25.program_generator import generate_program


def records_of(code: str) -> list:
    """The records of one snippet, run here under mygrad (the runtime is the subprocesses' own)."""
    return snippet_runtime.run_snippet(code).records


# --------------------------------------------------------------------------- corpus files


def test_parse_snippets_splits_on_headers():
    snippets = harness.parse_snippets("# intro\n# %% first\nshow(1)\n\n# %% second-one\nx = 2\nshow(x)\n", "area")
    assert [(s.id, s.code) for s in snippets] == [("area/first", "show(1)\n"), ("area/second-one", "x = 2\nshow(x)\n")]


@pytest.mark.parametrize("text", ["# %% same\nshow(1)\n# %% same\nshow(2)\n", "# %% has space\nshow(1)\n"])
def test_parse_snippets_rejects_bad_names(text):
    with pytest.raises(ValueError, match="snippet name"):
        harness.parse_snippets(text, "area")


def test_every_corpus_file_parses_with_unique_ids():
    ids = [snippet.id for snippet in harness.load_corpus()]
    assert len(ids) == len(set(ids)) and any(i.startswith("smoke/") for i in ids)


# --------------------------------------------------------------------------- records


def test_show_records_a_tensor_completely():
    x = mg.tensor([1.0, 2.0])
    (x * x).sum().backward()
    record = snippet_runtime.describe(x)
    assert record == {
        "kind": "Tensor", "type": "Tensor", "dtype": "float64", "shape": [2], "values": [1.0, 2.0],
        "grad": {"kind": "ndarray", "dtype": "float64", "shape": [2], "values": [2.0, 4.0], "writeable": True},
        "constant": False, "base is None": True, "creator is None": True,
    }  # fmt: skip


def test_show_records_arrays_numbers_and_containers():
    records = records_of("show(np.array([1, 2], dtype=np.int8), np.float32(0.5), (1, [None, 'a']), float('nan'), int)")
    assert records == [
        {"kind": "ndarray", "dtype": "int8", "shape": [2], "values": [1, 2], "writeable": True},
        {"kind": "numpy scalar", "dtype": "float32", "value": 0.5},
        {"tuple": [1, {"list": [None, {"str": "a"}]}]},
        "nan",
        {"type": "int"},
    ]


def test_raises_records_and_continues():
    records = records_of("with raises():\n    [][1]\nwith raises():\n    pass\nshow('after')")
    assert records == [{"raises": "IndexError"}, {"raises": "no exception"}, {"str": "after"}]


def test_escaping_exception_ends_the_snippet_and_output_is_recorded():
    records = records_of("print('hi')\nshow(1)\n1 / 0\nshow(2)")
    assert records == [1, {"raised": "ZeroDivisionError"}, {"stdout": "hi\n"}]


def test_snippets_do_not_share_state():
    assert records_of("x = 1") == []
    assert records_of("show(x)") == [{"raised": "NameError"}]


# --------------------------------------------------------------------------- comparison


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_floats_agree_within_relative_tolerance(x):
    assert harness.records_equal([x], [x * (1 + 1e-9)])
    if abs(x) > 1e-3:  # beyond the absolute tolerance
        assert not harness.records_equal([x], [x * (1 + 1e-4)])


@pytest.mark.parametrize(
    "ours, reference",
    [(1, 1.0), (True, 1), ({"raises": "TypeError"}, {"raises": "ValueError"}), ([1.0], [1.0, 2.0]), ("nan", 0.0)],
)
def test_records_differ_on_type_name_and_length(ours, reference):
    assert not harness.records_equal(ours, reference)


def test_nan_agrees_with_nan():
    nan = snippet_runtime.describe(np.array([math.nan]))
    assert harness.records_equal(nan, snippet_runtime.describe(np.array([math.nan])))


def test_diff_report_names_the_differing_record():
    snippet = harness.Snippet("area", "name", "show(x)\n")
    ours = {"records": [{"raises": "TypeError"}], "traceback": None}
    reference = {"records": [{"raises": "ValueError"}], "traceback": None}
    report = harness.diff_report(snippet, ours, reference)
    assert "=== area/name" in report and "-raises: ValueError" in report and "+raises: TypeError" in report


# --------------------------------------------------------------------------- generated programs


@pytest.mark.parametrize("seed", range(40))
def test_generated_programs_run_to_the_end(seed):
    """The generator writes valid programs: under mygrad nothing escapes them (in-place writes are guarded)."""
    records = records_of(generate_program(seed))
    assert not [r for r in records if isinstance(r, dict) and "raised" in r]
    assert isinstance(records[-1], dict) and records[-1].get("kind") == "Tensor"


def test_generated_programs_depend_on_the_seed():
    assert len({generate_program(seed) for seed in range(20)}) == 20


def test_shrink_drops_names_from_show_calls():
    statements = ["a = 1\n", "b = 2\n", "show(a, b)\n"]
    assert harness._without(statements, 1, 2) == ["a = 1\n", "show(a)\n"]
    assert harness._without(statements, 0, 2) == []


# --------------------------------------------------------------------------- against the reference


def test_a_real_difference_is_detected():
    """The comparison can fail: the two versions differ, and the harness sees it."""
    reference, why_not = harness.reference_python()
    if reference is None:
        pytest.skip(why_not)
    snippets = [harness.Snippet("self", "version", "show(mg.__version__)\n")]
    ours, theirs = harness.run_both(snippets, reference)
    assert theirs["self/version"]["records"] == [{"str": "2.5.0"}]
    assert not harness.records_equal(ours["self/version"]["records"], theirs["self/version"]["records"])
