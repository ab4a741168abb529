"""Differential harness: run the same snippets under MyGrad 2.5 and under mygrad, compare the records.

A *snippet* is a short program (see ``corpus/README.md`` for the file format)
that records what it observes with ``show(...)`` and ``with raises(): ...``.
All snippets run in ONE subprocess per implementation (``snippet_runtime.py``):

* the reference is MyGrad 2.5.0 in its own virtual environment, whose
  interpreter ``$MYGRAD25_PYTHON`` names; it runs outside the repository so that
  it cannot import this package;
* ours is ``sys.executable`` with the repository first on ``PYTHONPATH``.

Per snippet, the two lists of records must be equal: floats to a relative
tolerance of 1e-6 (absolute 1e-9), NaN equal to NaN, everything else exactly.

From the command line (run from the repository root)::

    python -m tests.mygrad25.harness                    # every corpus file
    python -m tests.mygrad25.harness --area views --show-diff
    python -m tests.mygrad25.harness --docstrings       # MyGrad 2.5's own examples
    python -m tests.mygrad25.harness --generated 200 --seed 1
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .program_generator import generate_program

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
CORPUS_DIR = HERE / "corpus"
RUNTIME = HERE / "snippet_runtime.py"
DOCSTRING_EXTRACTOR = HERE / "docstring_corpus.py"
DELIBERATE_DIFFERENCES = HERE / "deliberate_differences.toml"
KNOWN_GAPS = HERE / "known_gaps.toml"

REFERENCE_VERSION = "2.5.0"
REL_TOL = 1e-6
ABS_TOL = 1e-9
RUN_TIME_LIMIT_S = 900

_SNIPPET_HEADER = re.compile(r"^# %% (?P<name>\S.*?)\s*$", re.MULTILINE)
_VALID_NAME = re.compile(r"^[A-Za-z0-9][\w.\-]*$")


@dataclass(frozen=True)
class Snippet:
    """One program of the corpus; ``id`` is ``<area>/<name>``."""

    area: str
    name: str
    code: str

    @property
    def id(self) -> str:
        return f"{self.area}/{self.name}"


# --------------------------------------------------------------------------- corpus


def parse_snippets(text: str, area: str) -> list[Snippet]:
    """Split the text of a corpus file into its snippets.

    >>> [s.id for s in parse_snippets("# %% one\\nshow(1)\\n# %% two\\nshow(2)\\n", "demo")]
    ['demo/one', 'demo/two']
    """
    headers = list(_SNIPPET_HEADER.finditer(text))
    if text[: headers[0].start() if headers else len(text)].strip(" \n#!").count("\n") > 50:
        raise ValueError(f"corpus {area!r}: long text before the first '# %% name' line")
    snippets, seen = [], set()
    for header, following in zip(headers, headers[1:] + [None]):
        name = header["name"]
        if not _VALID_NAME.match(name):
            raise ValueError(f"corpus {area!r}: snippet name {name!r} is not a plain name (letters, digits, - _ .)")
        if name in seen:
            raise ValueError(f"corpus {area!r}: snippet name {name!r} appears twice")
        seen.add(name)
        code = text[header.end() : following.start() if following else len(text)]
        snippets.append(Snippet(area, name, code.strip("\n") + "\n"))
    return snippets


def corpus_areas() -> list[str]:
    """The names of the corpus files (``corpus/<area>.py``), sorted.

    >>> "smoke" in corpus_areas()
    True
    """
    return sorted(path.stem for path in CORPUS_DIR.glob("*.py") if not path.stem.startswith("_"))


def load_corpus(areas: list[str] | None = None) -> list[Snippet]:
    """Every snippet of the given corpus files (all of them by default).

    >>> load_corpus(["smoke"])[0].id
    'smoke/tensor-basics'
    """
    snippets = []
    for area in areas or corpus_areas():
        path = CORPUS_DIR / f"{area}.py"
        if not path.exists():
            raise FileNotFoundError(f"no corpus file {path} (areas: {', '.join(corpus_areas())})")
        snippets.extend(parse_snippets(path.read_text(), area))
    return snippets


# --------------------------------------------------------------------------- interpreters


def _clean_env(*, ours: bool) -> dict[str, str]:
    """The environment of a snippet run: fixed hash seed, library defaults, one BLAS thread."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYGRAD_MEM_GUARD", "PYTHONSTARTUP")}
    env.update(PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if ours:
        env["PYTHONPATH"] = str(REPO_ROOT)
    else:  # MyGrad 2.5's gru is numba-compiled, and numba's np.dot needs scipy; run it as plain Python
        env["NUMBA_DISABLE_JIT"] = "1"
    return env


@lru_cache(maxsize=None)
def reference_python() -> tuple[str | None, str]:
    """``(interpreter, "")`` when ``$MYGRAD25_PYTHON`` runs MyGrad 2.5.0, else ``(None, why not)``."""
    python = os.environ.get("MYGRAD25_PYTHON")
    if not python:
        return None, "MYGRAD25_PYTHON is not set (point it at a Python with mygrad==2.5.0 installed)"
    try:
        done = subprocess.run(
            [python, "-c", "import mygrad; print(mygrad.__version__)"],
            capture_output=True, text=True, timeout=120, cwd=tempfile.gettempdir(), env=_clean_env(ours=False),
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"MYGRAD25_PYTHON={python} cannot run: {error}"
    version = done.stdout.strip()
    if done.returncode != 0 or version != REFERENCE_VERSION:
        detail = version or done.stderr.strip().splitlines()[-1:]
        return None, f"MYGRAD25_PYTHON={python} does not import mygrad {REFERENCE_VERSION} ({detail})"
    return python, ""


def _start_run(snippets: list[Snippet], python: str, *, ours: bool, workdir: Path) -> tuple[subprocess.Popen, Path]:
    label = "ours" if ours else "reference"
    inputs, outputs = workdir / f"{label}-snippets.json", workdir / f"{label}-records.json"
    inputs.write_text(json.dumps([{"id": s.id, "code": s.code} for s in snippets]))
    process = subprocess.Popen(
        [python, str(RUNTIME), str(inputs), str(outputs)],
        cwd=workdir, env=_clean_env(ours=ours), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return process, outputs


def _finish_run(process: subprocess.Popen, outputs: Path, label: str) -> dict:
    try:
        _, stderr = process.communicate(timeout=RUN_TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        raise RuntimeError(f"{label}: the snippet run took longer than {RUN_TIME_LIMIT_S} s") from None
    if process.returncode != 0 or not outputs.exists():
        raise RuntimeError(f"{label}: the snippet runtime failed (exit {process.returncode}):\n{stderr[-3000:]}")
    return json.loads(outputs.read_text())["results"]


def run_both(snippets: list[Snippet], reference: str) -> tuple[dict, dict]:
    """Run ``snippets`` under mygrad and under MyGrad 2.5 (concurrently); return ``(ours, reference)``.

    Each maps a snippet id to ``{"records": [...], "traceback": str | None}``.
    """
    with tempfile.TemporaryDirectory(prefix="mygrad25-") as workdir:
        ours = _start_run(snippets, sys.executable, ours=True, workdir=Path(workdir))
        theirs = _start_run(snippets, reference, ours=False, workdir=Path(workdir))
        return _finish_run(*ours, "mygrad"), _finish_run(*theirs, "MyGrad 2.5")


# --------------------------------------------------------------------------- comparison


def _numbers_close(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= ABS_TOL + REL_TOL * abs(b)


def records_equal(ours, reference) -> bool:
    """Whether two records (JSON values) agree: floats within tolerance, all else exactly.

    >>> records_equal({"values": [1.0, "nan"]}, {"values": [1.0 + 1e-12, "nan"]})
    True
    >>> records_equal([1], [1.0])
    False
    """
    if type(ours) is not type(reference):
        return False
    if isinstance(ours, float):
        return _numbers_close(ours, reference)
    if isinstance(ours, list):
        return len(ours) == len(reference) and all(map(records_equal, ours, reference))
    if isinstance(ours, dict):
        return ours.keys() == reference.keys() and all(records_equal(ours[k], reference[k]) for k in ours)
    return ours == reference


def _format_values(values: list, shape: list) -> str:
    shown = ", ".join(format_record(v) if isinstance(v, dict) else repr(v) for v in values[:16])
    more = f", ... ({len(values)} values)" if len(values) > 16 else ""
    return f"[{shown}{more}]" if shape else shown


def format_record(record) -> str:
    """One readable line for a record.

    >>> format_record({"kind": "ndarray", "dtype": "int64", "shape": [2], "values": [1, 2], "writeable": True})
    'ndarray int64 (2,) [1, 2] writeable'
    """
    if not isinstance(record, dict):
        return repr(record)
    kind = record.get("kind")
    if kind == "Tensor":
        grad = record["grad"]
        flags = [f"grad={'None' if grad is None else _format_values(grad['values'], grad['shape'])}"]
        flags += [f"{key}={record[key]}" for key in ("constant", "base is None", "creator is None")]
        values = _format_values(record["values"], record["shape"])
        return f"{record['type']} {record['dtype']} {tuple(record['shape'])} {values} {' '.join(flags)}"
    if kind == "ndarray":
        values = _format_values(record["values"], record["shape"])
        writeable = "writeable" if record["writeable"] else "read-only"
        return f"ndarray {record['dtype']} {tuple(record['shape'])} {values} {writeable}"
    if kind == "numpy scalar":
        return f"{record['dtype']}({format_record(record['value'])})"
    if len(record) == 1:
        ((key, value),) = record.items()
        if isinstance(value, list):
            return f"{key}[{', '.join(format_record(v) for v in value)}]"
        return f"{key}: {value}" if key != "stdout" else "stdout:\n" + value.rstrip("\n")
    return json.dumps(record)


def diff_report(snippet: Snippet, ours: dict, reference: dict) -> str:
    """The readable difference of one snippet's records: its code, then a unified diff."""
    ref_lines = [line for r in reference["records"] for line in format_record(r).splitlines()]
    our_lines = [line for r in ours["records"] for line in format_record(r).splitlines()]
    diff = difflib.unified_diff(ref_lines, our_lines, "MyGrad 2.5", "mygrad", n=2, lineterm="")
    parts = [f"=== {snippet.id}", snippet.code.rstrip(), "--- records (- MyGrad 2.5, + mygrad):", *list(diff)[2:]]
    if ref_lines == our_lines:
        parts.append("(the lines agree when printed; a float differs beyond the tolerance)")
    for label, result in (("mygrad", ours), ("MyGrad 2.5", reference)):
        if result.get("traceback"):
            parts.append(f"--- {label} traceback:\n{result['traceback'].rstrip()}")
    return "\n".join(parts)


# --------------------------------------------------------------------------- expected differences


def _load_reasons(path: Path, table: str) -> dict[str, str]:
    """``{snippet id: reason}`` from one table of a TOML file (absent file: empty)."""
    if not path.exists():
        return {}
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib
    with open(path, "rb") as file:
        return dict(tomllib.load(file).get(table, {}))


def deliberate_differences() -> dict[str, str]:
    """Snippets whose output is *meant* to differ from MyGrad 2.5, with the reason."""
    return _load_reasons(DELIBERATE_DIFFERENCES, "deliberate")


def known_gaps() -> dict[str, str]:
    """Snippets that differ today and should not: MyGrad 2.5 behaviours still to match, with the cause."""
    return _load_reasons(KNOWN_GAPS, "known_gaps")


# --------------------------------------------------------------------------- other snippet sources


def docstring_snippets(reference: str) -> list[Snippet]:
    """One program per docstring of MyGrad 2.5 that has examples, extracted from the reference install."""
    with tempfile.TemporaryDirectory(prefix="mygrad25-doc-") as workdir:
        output = Path(workdir) / "docstrings.json"
        done = subprocess.run(
            [reference, str(DOCSTRING_EXTRACTOR), str(output)],
            cwd=workdir, env=_clean_env(ours=False), capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"extracting MyGrad 2.5's docstring examples failed:\n{done.stderr[-3000:]}")
        programs = json.loads(output.read_text())
    return [Snippet("docstrings", name, code) for name, code in programs]


def generated_snippets(count: int, seed: int = 0) -> list[Snippet]:
    """``count`` random op-chain programs (see ``program_generator.py``), reproducible from ``seed``.

    >>> [s.id for s in generated_snippets(2, seed=7)]
    ['generated/seed-7-program-0', 'generated/seed-7-program-1']
    """
    return [Snippet("generated", f"seed-{seed}-program-{i}", generate_program(seed * 1_000_003 + i)) for i in range(count)]


# --------------------------------------------------------------------------- shrinking


def _statements(code: str) -> list[str]:
    """The top-level statements of a program, each with its indented body."""
    lines = code.splitlines(keepends=True)
    return ["".join(lines[node.lineno - 1 : node.end_lineno]) for node in ast.parse(code).body]


_INTERNAL_FAILURES = ({"raises": "AssertionError"}, {"raised": "AssertionError"}, {"raised": "timeout"})


def reference_failed_internally(result: dict) -> bool:
    """Whether MyGrad 2.5 failed one of its own assertions or hung (a MyGrad bug: nothing to match).

    >>> reference_failed_internally({"records": [{"raises": "AssertionError"}]})
    True
    """
    return any(record in _INTERNAL_FAILURES for record in result["records"])


def _drop_name_from_shows(statement: str, names: set[str]) -> str:
    """``statement`` without ``names`` among its ``show(...)`` arguments (a show left empty goes)."""
    node = ast.parse(statement).body[0]
    call = node.value if isinstance(node, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "show"):
        return statement
    call.args = [arg for arg in call.args if not (isinstance(arg, ast.Name) and arg.id in names)]
    return ast.unparse(node) + "\n" if call.args else ""


def _without(statements: list[str], start: int, stop: int) -> list[str]:
    """The statements less ``[start:stop]``, and less the names those assigned in later shows."""
    removed = ast.parse("".join(statements[start:stop]))
    names = {n.id for n in ast.walk(removed) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    rest = [_drop_name_from_shows(s, names) for s in statements[:start] + statements[stop:]]
    return [s for s in rest if s]


def shrink(snippet: Snippet, reference: str) -> Snippet:
    """A shorter program that still differs: chunks of statements are dropped while the difference remains.

    Each round tries every deletion of one chunk in one batch (one subprocess
    per implementation) and keeps the first that still differs; the chunks
    halve when none does, down to single statements.
    """
    statements = _statements(snippet.code)
    chunk = max(1, len(statements) // 2)
    while statements:
        spans = [(i, min(i + chunk, len(statements))) for i in range(0, len(statements), chunk)]
        candidates = [_without(statements, *span) for span in spans]
        batch = [Snippet(snippet.area, f"{snippet.name}-{i}", "".join(c)) for i, c in enumerate(candidates)]
        ours, theirs = run_both(batch, reference)
        still_differing = [
            i for i, s in enumerate(batch)
            if not reference_failed_internally(theirs[s.id])
            and not records_equal(ours[s.id]["records"], theirs[s.id]["records"])
        ]  # fmt: skip
        if still_differing:
            statements = candidates[still_differing[0]]
            chunk = min(chunk, max(1, len(statements) // 2))
        elif chunk > 1:
            chunk //= 2
        else:
            break
    return Snippet(snippet.area, snippet.name, "".join(statements))


# --------------------------------------------------------------------------- command line


def _select(args) -> list[Snippet]:
    reference = reference_python()[0]
    snippets = [] if (args.docstrings or args.generated) and not args.area else load_corpus(args.area)
    if args.docstrings:
        snippets += docstring_snippets(reference)
    if args.generated:
        snippets += generated_snippets(args.generated, args.seed)
    if args.match:  # a full id or name picks that snippet; anything else is a substring of ids
        exact = [s for s in snippets if s.id in args.match or s.name in args.match]
        snippets = exact or [s for s in snippets if any(m in s.id for m in args.match)]
    return snippets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mygrad25.harness", description=__doc__.split("\n")[0])
    parser.add_argument("--area", action="append", help="a corpus file (repeatable); default: all of them")
    parser.add_argument("--docstrings", action="store_true", help="MyGrad 2.5's docstring examples")
    parser.add_argument("--generated", type=int, default=0, metavar="N", help="N generated programs")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated programs")
    parser.add_argument("--match", action="append", help="only this snippet (id or name), or the ids containing this text")
    parser.add_argument("--show-diff", action="store_true", help="print each differing snippet's code and diff")
    parser.add_argument("--shrink", action="store_true", help="with --show-diff: shrink each differing program first")
    args = parser.parse_args(argv)

    reference, why = reference_python()
    if reference is None:
        print(f"cannot compare: {why}", file=sys.stderr)
        return 2
    snippets = _select(args)
    ours, theirs = run_both(snippets, reference)
    expected = {**known_gaps(), **deliberate_differences()}
    differing = [s for s in snippets if not records_equal(ours[s.id]["records"], theirs[s.id]["records"])]
    for snippet in differing:
        note = f"  [expected: {expected[snippet.id]}]" if snippet.id in expected else ""
        if not args.show_diff:
            print(snippet.id + note)
            continue
        if args.shrink:
            snippet = shrink(snippet, reference)
            shrunk_ours, shrunk_theirs = run_both([snippet], reference)
            ours[snippet.id], theirs[snippet.id] = shrunk_ours[snippet.id], shrunk_theirs[snippet.id]
        print(diff_report(snippet, ours[snippet.id], theirs[snippet.id]))
        print(note.strip() + "\n" if note else "")
    agreeing = len(snippets) - len(differing)
    print(f"{agreeing} of {len(snippets)} snippets agree with MyGrad {REFERENCE_VERSION}; {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
