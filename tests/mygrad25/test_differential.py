"""Every snippet of the differential corpus agrees with MyGrad 2.5 (see harness.py).

One test per snippet, with ids ``<area>/<snippet-name>``: the hand-written
corpus (``corpus/*.py``), MyGrad 2.5's own docstring examples (``docstrings/...``,
extracted from the reference installation at test time) and generated op-chain
programs (``generated/...``). Without ``$MYGRAD25_PYTHON`` running mygrad 2.5.0
they are skipped, with the reason shown. To see a generated program's
difference shrunk to a few lines, run
``python -m tests.mygrad25.harness --generated 60 --match seed-0-program-7 --show-diff --shrink``.
"""

import os

import pytest

from tests.mygrad25 import harness

REFERENCE, WHY_NOT = harness.reference_python()
GENERATED_COUNT = {"thorough": 1000}.get(os.environ.get("HYPOTHESIS_PROFILE", ""), 60)


def _collect() -> tuple[dict[str, list[harness.Snippet]], str]:
    """The snippets of each source, and why the docstring examples could not be extracted (if so)."""
    sources = {"corpus": harness.load_corpus(), "generated": harness.generated_snippets(GENERATED_COUNT)}
    if REFERENCE is None:
        return sources, ""
    try:
        sources["docstrings"] = harness.docstring_snippets(REFERENCE)
    except RuntimeError as error:
        return sources, str(error)
    return sources, ""


SOURCES, DOCSTRING_ERROR = _collect()
DELIBERATE = harness.deliberate_differences()
KNOWN_GAPS = harness.known_gaps()


def _param(source: str, snippet: harness.Snippet):
    marks = []
    if snippet.id in DELIBERATE:
        marks.append(pytest.mark.xfail(strict=True, reason=f"deliberate difference: {DELIBERATE[snippet.id]}"))
    elif snippet.id in KNOWN_GAPS:
        marks.append(pytest.mark.xfail(strict=False, reason=f"known gap: {KNOWN_GAPS[snippet.id]}"))
    return pytest.param(source, snippet, id=snippet.id, marks=marks)


_CACHE: dict[str, tuple[dict, dict]] = {}


def _results(source: str) -> tuple[dict, dict]:
    """Both implementations' records for every snippet of ``source``: one subprocess each, run once."""
    if source not in _CACHE:
        _CACHE[source] = harness.run_both(SOURCES[source], REFERENCE)
    return _CACHE[source]


@pytest.mark.parametrize(
    "source, snippet", [_param(source, snippet) for source, snippets in SOURCES.items() for snippet in snippets]
)
def test_agrees_with_mygrad25(source: str, snippet: harness.Snippet):
    if REFERENCE is None:
        pytest.skip(WHY_NOT)
    ours, reference = (results[snippet.id] for results in _results(source))
    if source == "generated" and harness.reference_failed_internally(reference):
        pytest.skip("MyGrad 2.5 fails one of its own assertions (or hangs) on this program: no behaviour to match")
    if not harness.records_equal(ours["records"], reference["records"]):
        pytest.fail(harness.diff_report(snippet, ours, reference), pytrace=False)


def test_docstring_examples_are_collected():
    if REFERENCE is None:
        pytest.skip(f"MyGrad 2.5's docstring examples: {WHY_NOT}")
    assert not DOCSTRING_ERROR, DOCSTRING_ERROR
    assert len(SOURCES["docstrings"]) > 100, "too few docstring programs extracted from MyGrad 2.5"


def test_expected_differences_name_real_snippets():
    """Every entry of deliberate_differences.toml / known_gaps.toml names a snippet that exists."""
    if REFERENCE is None:
        pytest.skip(WHY_NOT)
    ids = {snippet.id for snippets in SOURCES.values() for snippet in snippets}
    stale = sorted((set(DELIBERATE) | set(KNOWN_GAPS)) - ids)
    assert not stale, f"entries for snippets that do not exist: {stale}"
