"""The documentation site (docs/) stays true: its tutorials run, its API reference is complete.

* Every ``>>>`` example in docs/**/*.rst runs as a doctest, so no tutorial can
  go stale. Pages that need something optional (real MNIST data, PyTorch)
  are skipped, saying why, where it is absent.
* Every public name of every public module is documented by a
  ``.. mygrad-api::`` directive of the API reference (docs/_ext/mygrad_api.py).
* The computational graphs drawn in the tutorials are what ``build_graph``
  draws today (docs/make_figures.py regenerates them).

The Sphinx build itself (``python -m sphinx -W --keep-going -b html docs
docs/_build/html``) runs in CI (.ci/run), not here.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import os
import sys
import types
from pathlib import Path

import numpy as np
import pytest

import mygrad

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.rst") if "_build" not in p.parts)
EXAMPLE_PAGES = [p for p in PAGES if ">>>" in p.read_text(encoding="utf-8")]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _mnist_root():
    """A data root holding mnist/, as tests/test_train_mnist.py looks for it; None if absent."""
    from mygrad.data import find_dataset

    for root in (os.environ.get("MYGRAD_DATA"), ROOT.parent / "shared" / "datasets", ROOT / "datasets"):
        if root and Path(root, "mnist").is_dir() and find_dataset("mnist", root=root) is not None:
            return str(root)
    return None


def _requirement(page: Path):
    """Why ``page`` cannot run here, or None."""
    text = page.read_text(encoding="utf-8")
    if ">>> import torch" in text and importlib.util.find_spec("torch") is None:
        return "PyTorch is not installed (pip install torch) - the page compares mygrad with it"
    if "MYGRAD_DATA" in text and ">>>" in text and _mnist_root() is None:
        return ("real MNIST data not found ($MYGRAD_DATA, ../shared/datasets, datasets/); "
                "set MYGRAD_DATA to a data root holding mnist/ to run this page")
    return None


def test_docs_have_pages():
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert "index.rst" in names and "api/index.rst" in names
    tutorials = [p for p in EXAMPLE_PAGES if p.parent.name == "tutorials"]
    assert len(tutorials) >= 7, "every tutorial shows code that the tests run"


@pytest.mark.parametrize("page", EXAMPLE_PAGES, ids=[p.relative_to(DOCS).as_posix() for p in EXAMPLE_PAGES])
def test_page_examples_run(page, monkeypatch, tmp_path):
    reason = _requirement(page)
    if reason:
        pytest.skip(reason)
    root = _mnist_root()
    if root is not None:
        monkeypatch.setenv("MYGRAD_DATA", root)
    monkeypatch.chdir(tmp_path)  # files a page writes land here
    np.random.seed(0)
    guarded = mygrad.mem_guard_active()
    try:
        result = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS, raise_on_error=False,
                                  report=True, verbose=False, globs={"__name__": "docs_page"})
    finally:  # a failing page must not leave memory guarding switched off for the tests after it
        if guarded:
            mygrad.turn_memory_guarding_on()
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {page.name} failed (see the output above)"


# ----------------------------------------------------------------------------- API completeness
# The public modules and, for each, the names it offers.
PUBLIC_MODULES = [
    "mygrad", "mygrad.linalg", "mygrad.random", "mygrad.errors", "mygrad.checkpoint",
    "mygrad.computational_graph", "mygrad.typing",
    "mygrad.nn", "mygrad.nn.functional", "mygrad.nn.init", "mygrad.nn.utils", "mygrad.nn.utils.rnn",
    "mygrad.optim", "mygrad.optim.lr_scheduler", "mygrad.optim.swa_utils", "mygrad.data",
    "mygrad.nnet", "mygrad.nnet.activations", "mygrad.nnet.layers", "mygrad.nnet.losses", "mygrad.nnet.initializers",
]
# mygrad's NumPy dtype mirrors documented together under a few entries (numpy.rst says so)
DTYPE_ALIASES = {"half", "single", "double", "int16", "int32", "int64", "intp", "uint16", "uint32", "uint64", "uintp"}


def _public_names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return [n for n in names if not isinstance(getattr(module, n), types.ModuleType)]


def _documented():
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        from mygrad_api import parse_entries, resolve
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    names = []
    for page in (DOCS / "api").glob("*.rst"):
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip() == ".. mygrad-api::":
                block = []
                for following in lines[i + 1:]:
                    if following.strip() and not following.startswith(" "):
                        break
                    if not following.strip().startswith(":"):
                        block.append(following)
                names += [name for name, _ in parse_entries(block)]
    return names, resolve


def test_every_public_name_is_in_the_api_reference():
    names, resolve = _documented()
    assert len(names) == len(set(names)), "an object is listed twice in docs/api"
    documented_ids = {id(resolve(name)) for name in names}
    missing = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in _public_names(module):
            obj = getattr(module, name)
            if module_name == "mygrad" and name in DTYPE_ALIASES:
                continue
            if id(obj) in documented_ids or f"{module_name}.{name}" in names:
                continue
            missing.append(f"{module_name}.{name}")
    assert not missing, f"public names missing from docs/api/*.rst (add them to a `.. mygrad-api::` list): {missing}"


def test_the_api_reference_uses_public_names():
    names, resolve = _documented()
    for name in names:
        module_name = name.rpartition(".")[0]
        assert module_name in PUBLIC_MODULES or module_name == "mygrad.anomaly", \
            f"{name}: document objects under a public module's name ({PUBLIC_MODULES})"
        assert resolve(name) is getattr(resolve(module_name), name.rpartition(".")[2])


# ----------------------------------------------------------------------------- figures
def _make_figures():
    spec = importlib.util.spec_from_file_location("docs_make_figures", DOCS / "make_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tutorial_graphs_are_current():
    pytest.importorskip("graphviz", reason="the graphviz package (the 'graph' or 'docs' extra) draws the graphs")
    figures = _make_figures()
    for name, graph in figures.tutorial_graphs().items():
        committed = (DOCS / "_static" / "figures" / f"{name}.dot").read_text(encoding="utf-8")
        assert figures.normalized_dot(graph.source) == committed, \
            f"docs/_static/figures/{name}.svg is out of date: run python docs/make_figures.py graphs"
        assert (DOCS / "_static" / "figures" / f"{name}.svg").is_file()


def test_figures_exist():
    for name in ("mnist_learning_curve.png", "mnist_confusion_matrix.png"):
        assert (DOCS / "_static" / "figures" / name).stat().st_size > 10_000, name
