"""Run snippets and record what they show, as JSON (runs under MyGrad 2.5 *and* under mygrad).

This file is executed as a script by ``tests/mygrad25/harness.py``, once per
implementation, and must therefore import nothing from this repository: the
only ``mygrad`` it sees is the implementation under test.

    python snippet_runtime.py SNIPPETS.json RECORDS.json

``SNIPPETS.json`` is a list of ``{"id": ..., "code": ...}``. Every snippet runs
alone, in a fresh namespace holding ``np``, ``mg``, ``show`` and ``raises``,
and leaves a list of records in ``RECORDS.json`` (``{id: [record, ...]}``):

* ``show(*values)`` appends one canonical description per value (see
  :func:`describe`);
* ``with raises(): ...`` appends the name of the exception raised inside the
  block (or ``"no exception"``) and lets the snippet go on;
* text the snippet prints is recorded as one ``stdout`` record at the end;
* an exception escaping the snippet ends it with a ``raised`` record.
"""

from __future__ import annotations

import contextlib
import io
import json
import linecache
import math
import signal
import sys
import traceback

import numpy as np

import mygrad as mg

SNIPPET_TIME_LIMIT_S = 10


def _encode_number(x):
    """A JSON-safe float/int/bool/complex (NaN and infinities become strings)."""
    if isinstance(x, bool):
        return x
    if isinstance(x, complex):
        return {"complex": [_encode_number(x.real), _encode_number(x.imag)]}
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)  # 'nan', 'inf', '-inf'
    return x


def _encode_array_values(array):
    """The values of an ndarray as (nested) JSON lists."""
    if array.dtype == object:
        return [describe(item) for item in array.ravel()]
    if array.dtype.kind in "biufc":
        flat = [_encode_number(v) for v in array.ravel().tolist()]
    else:  # strings, datetimes, ...: their repr
        flat = [repr(v) for v in array.ravel().tolist()]
    return flat


def describe(value: object) -> object:
    """A canonical, JSON-able description of ``value`` that does not depend on the implementation."""
    if isinstance(value, mg.Tensor):
        data = np.asarray(value.data)
        grad = value.grad
        return {
            "kind": "Tensor",
            "type": type(value).__name__,
            "dtype": str(data.dtype),
            "shape": list(data.shape),
            "values": _encode_array_values(data),
            "grad": None if grad is None else describe(np.asarray(grad)),
            "constant": bool(value.constant),
            "base is None": value.base is None,
            "creator is None": value.creator is None,
        }
    if isinstance(value, np.ndarray):
        return {
            "kind": "ndarray",
            "dtype": str(value.dtype),
            "shape": list(value.shape),
            "values": _encode_array_values(value),
            "writeable": bool(value.flags.writeable),
        }
    if isinstance(value, np.generic):
        item = value.item()
        return {"kind": "numpy scalar", "dtype": str(value.dtype), "value": describe(item)}
    if value is None or isinstance(value, (bool, int, float, complex, str)):
        return _encode_number(value) if not isinstance(value, str) else {"str": value}
    if isinstance(value, (tuple, list)):
        return {type(value).__name__: [describe(item) for item in value]}
    if isinstance(value, dict):
        return {"dict": [[describe(k), describe(v)] for k, v in value.items()]}
    if isinstance(value, np.dtype):
        return {"dtype": str(value)}
    if isinstance(value, type):
        # the class name only: module paths differ between the implementations
        return {"type": value.__qualname__}
    if isinstance(value, BaseException):
        return {"exception": type(value).__name__}
    if isinstance(value, (slice, type(Ellipsis))):
        return {"repr": repr(value)}
    return {"object of type": type(value).__name__}


class _Recorder:
    """Holds the records of the snippet that is running."""

    def __init__(self):
        self.records: list = []
        self.traceback: str | None = None

    def show(self, *values):
        """Record a canonical description of each value."""
        for value in values:
            self.records.append(describe(value))

    @contextlib.contextmanager
    def raises(self):
        """Record the name of the exception raised in the block (or "no exception"); swallow it."""
        try:
            yield
        except Exception as error:  # noqa: BLE001 - recording it is the point
            self.records.append({"raises": type(error).__name__})
        else:
            self.records.append({"raises": "no exception"})


class _SnippetTimeout(BaseException):
    """A snippet ran longer than SNIPPET_TIME_LIMIT_S."""


def _on_alarm(signum, frame):
    raise _SnippetTimeout()


def _reset_global_state(print_options):
    """Give every snippet the same starting point."""
    np.set_printoptions(**print_options)
    np.random.seed(0)
    random_module = getattr(mg, "random", None)
    if hasattr(random_module, "seed"):
        random_module.seed(0)
    if hasattr(mg, "turn_memory_guarding_on"):
        mg.turn_memory_guarding_on()


def run_snippet(code: str, name: str = "<snippet>", print_options: dict | None = None) -> _Recorder:
    """Run one snippet in a fresh namespace; return its list of records."""
    recorder = _Recorder()
    namespace = {"np": np, "mg": mg, "show": recorder.show, "raises": recorder.raises, "__name__": "__snippet__"}
    stdout = io.StringIO()
    _reset_global_state(print_options or np.get_printoptions())
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)  # source lines in tracebacks
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.alarm(SNIPPET_TIME_LIMIT_S)
        with contextlib.redirect_stdout(stdout):
            exec(compile(code, name, "exec"), namespace)
    except _SnippetTimeout:
        recorder.records.append({"raised": "timeout"})
    except BaseException as error:  # noqa: BLE001 - SystemExit etc. end the snippet too
        recorder.records.append({"raised": type(error).__name__})
        recorder.traceback = traceback.format_exc(limit=-3)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous_handler)
    if stdout.getvalue():
        recorder.records.append({"stdout": stdout.getvalue()})
    namespace.clear()
    return recorder


def main(argv: list[str]) -> None:
    snippets_path, records_path = argv[1], argv[2]
    with open(snippets_path) as file:
        snippets = json.load(file)
    print_options = np.get_printoptions()
    results = {}
    for snippet in snippets:
        recorder = run_snippet(snippet["code"], snippet["id"], print_options)
        results[snippet["id"]] = {"records": recorder.records, "traceback": recorder.traceback}
    with open(records_path, "w") as file:
        json.dump({"version": mg.__version__, "results": results}, file)


if __name__ == "__main__":
    main(sys.argv)
