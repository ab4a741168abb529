"""Every public function and class shows a runnable ``>>>`` example, and every example runs.

Coverage: the public names of mygrad's user-facing namespaces (their
``__all__``, or their public attributes where there is none) that are
functions, classes or ufunc objects defined by mygrad, each object counted
once however many names reach it, must show an example in at least
``MIN_COVERAGE`` of the cases.

Running: pytest's ``--doctest-modules`` runs the examples of the functions and
classes a module defines. It does not see docstrings held by other objects -
mygrad's ufunc objects (``mg.exp`` is an instance, not a function) - nor
objects whose ``__module__`` names another module than the file defining
them. Those examples are run here, so that no example goes unchecked.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from typing import Any, Dict, List, Tuple

import pytest

import mygrad

NAMESPACES = [
    "mygrad",
    "mygrad.nn",
    "mygrad.nn.functional",
    "mygrad.nn.init",
    "mygrad.optim",
    "mygrad.optim.lr_scheduler",
    "mygrad.data",
    "mygrad.nnet",
    "mygrad.random",
    "mygrad.linalg",
]
MIN_COVERAGE = 0.95


def _defined_by_mygrad(obj: Any) -> bool:
    return str(getattr(obj, "__module__", "") or "").startswith("mygrad")


def _is_documentable(obj: Any) -> bool:
    """A function or class that mygrad defines, or a callable object of a mygrad class.

    Callable objects are the ufuncs (``mg.exp``) and the mode switches
    (``mg.no_autodiff``); NumPy's scalar types (``mg.float32``), constants
    and modules are not counted.
    """
    if inspect.isclass(obj) or inspect.isroutine(obj):
        return _defined_by_mygrad(obj)
    return callable(obj) and _defined_by_mygrad(type(obj))


def public_objects() -> List[Tuple[str, Any]]:
    """``(qualified name, object)`` for each public object, deduplicated (first name wins)."""
    seen = set()
    found = []
    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        names = getattr(module, "__all__", None)
        if names is None:
            names = sorted(n for n in vars(module) if not n.startswith("_"))
        for name in names:
            obj = getattr(module, name)
            if not _is_documentable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            found.append((f"{namespace}.{name}", obj))
    return found


def has_example(obj: Any) -> bool:
    return ">>>" in (obj.__doc__ or "")  # its own docstring: inspect.getdoc would lend a base class's


def test_public_objects_are_enumerated():
    names = dict(public_objects())
    # one of each kind, so a broken enumeration cannot pass the coverage test vacuously
    assert names["mygrad.tensor"] is mygrad.tensor
    assert names["mygrad.exp"] is mygrad.exp  # a ufunc object
    assert names["mygrad.nn.Linear"] is mygrad.nn.Linear
    assert names["mygrad.optim.SGD"] is mygrad.optim.SGD
    assert "mygrad.float32" not in names  # NumPy's, not mygrad's
    assert len(names) > 300


def test_public_objects_show_an_example():
    objects = public_objects()
    missing = [name for name, obj in objects if not has_example(obj)]
    coverage = 1 - len(missing) / len(objects)
    assert coverage >= MIN_COVERAGE, (
        f"{coverage:.1%} of {len(objects)} public functions and classes show a `>>>` example "
        f"(at least {MIN_COVERAGE:.0%} required); without one:\n  " + "\n  ".join(missing)
    )


# ------------------------------------------------------------------ examples doctest-modules does not run
def _collected_docstrings() -> set:
    """The docstrings ``--doctest-modules`` runs: those DocTestFinder finds in each module of the package."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    docstrings = set()
    for info in pkgutil.walk_packages(mygrad.__path__, prefix="mygrad.", onerror=lambda name: None):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # --doctest-modules reports a module that cannot be imported; the rest still count
            continue
        for test in finder.find(module, info.name):
            docstrings.add(test.docstring)
    for test in finder.find(mygrad, "mygrad"):
        docstrings.add(test.docstring)
    return docstrings


def _uncollected() -> Dict[str, Any]:
    collected = _collected_docstrings()
    return {name: obj for name, obj in public_objects()
            if has_example(obj) and obj.__doc__ not in collected}


_UNCOLLECTED = _uncollected()


def test_ufunc_examples_need_running_here():
    # the reason this file runs examples at all: doctest does not look inside ufunc objects
    assert "mygrad.exp" in _UNCOLLECTED


@pytest.mark.parametrize("name", sorted(_UNCOLLECTED))
def test_uncollected_example_runs(name: str):
    obj = _UNCOLLECTED[name]
    module = importlib.import_module(obj.__module__ if isinstance(obj.__module__, str) else "mygrad")
    finder = doctest.DocTestFinder(exclude_empty=True, recurse=False)
    tests = finder.find(obj, name, globs=dict(vars(module)))
    assert tests, f"no example found in {name}'s docstring"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples of {name} failed (report above)"
