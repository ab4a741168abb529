"""The package's shape: layers that import one way, no cycles, short files, documented folders.

The layers, bottom-up (README "Layout"):

    mygrad.errors -> mygrad.autodiff (the engine) -> mygrad.ops -> the NumPy-like API
    (creation, random, linalg, io, ...) -> mygrad.nn -> mygrad.optim; data and checkpoints beside them.

These tests read the source (no imports run), so a cycle hidden by an import
inside a function is found too.
"""

from __future__ import annotations

import ast
import pathlib
from typing import Dict, List, Set, Tuple

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1] / "mygrad"
# third-party packages that are optional, and so may be imported where they are used
OPTIONAL_PACKAGES = {"graphviz", "matplotlib", "torch"}
MAX_LINES = 600


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: Dict[str, pathlib.Path] = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _imported_modules(module: str, node: ast.AST) -> List[str]:
    """The mygrad modules an import statement loads (``from mygrad import x`` loads ``mygrad.x`` if it is one)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".")
            if MODULES[module].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join(package + ([base] if base else []))
        submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
        names = submodules if len(submodules) == len(node.names) else submodules + [base]
    found = []
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.append(name)
    return found


def _imports(module: str) -> List[Tuple[str, ast.AST, bool]]:
    """(imported module or top-level package name, node, inside a function?) for each import in ``module``."""
    tree = ast.parse(MODULES[module].read_text())
    in_function: Set[int] = set()
    type_checking_only: Set[int] = set()  # ``if TYPE_CHECKING:`` imports never run
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function.update(id(sub) for sub in ast.walk(node) if sub is not node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_checking_only.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in type_checking_only:
            inside = id(node) in in_function
            targets = _imported_modules(module, node)
            if not targets and not (isinstance(node, ast.ImportFrom) and node.level):
                top = (node.names[0].name if isinstance(node, ast.Import) else node.module or "").split(".")[0]
                targets = [top]
            found.extend((target, node, inside) for target in targets)
    return found


GRAPH: Dict[str, Set[str]] = {m: {t for t, _, _ in _imports(m) if t in MODULES} for m in MODULES}


def _cycles() -> List[List[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    components = []
    counter = 0
    for start in GRAPH:
        if start in index:
            continue
        work = [(start, iter(sorted(GRAPH[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))
    return components


def test_no_import_cycles():
    assert _cycles() == []


def test_the_cycle_finder_finds_cycles():
    saved = {m: set(GRAPH[m]) for m in ("mygrad.autodiff.tensor", "mygrad.ops.arithmetic")}
    try:
        GRAPH["mygrad.autodiff.tensor"].add("mygrad.ops.arithmetic")
        assert any("mygrad.autodiff.tensor" in c for c in _cycles())
    finally:
        GRAPH.update(saved)


def test_no_imports_inside_functions_except_optional_packages():
    offenders = [
        f"{MODULES[m].relative_to(ROOT.parent)}:{node.lineno}: {ast.unparse(node)}"
        for m in MODULES for target, node, inside in _imports(m)
        if inside and target.split(".")[0] not in OPTIONAL_PACKAGES
    ]
    assert offenders == []


@pytest.mark.parametrize("lower, forbidden", [
    ("mygrad.autodiff", ("mygrad.ops", "mygrad.nn", "mygrad.optim", "mygrad.data", "mygrad.creation",
                         "mygrad.random", "mygrad.checkpoint", "mygrad.io", "mygrad.nnet")),
    ("mygrad.ops", ("mygrad.nn", "mygrad.optim", "mygrad.data", "mygrad.creation", "mygrad.random",
                    "mygrad.checkpoint", "mygrad.nnet", "mygrad.linalg")),
    ("mygrad.nn", ("mygrad.optim", "mygrad.nnet", "mygrad.data")),
    ("mygrad.optim", ("mygrad.data", "mygrad.nnet")),
    ("mygrad.creation", ("mygrad.nn", "mygrad.optim")),
    ("mygrad.random", ("mygrad.nn", "mygrad.optim")),
    ("mygrad.io", ("mygrad.nn", "mygrad.optim")),
    ("mygrad.checkpoint", ("mygrad.nn", "mygrad.optim")),
    ("mygrad.data", ("mygrad.nn", "mygrad.optim")),
])
def test_layers_import_downwards_only(lower, forbidden):
    offenders = [
        f"{m} imports {target}" for m in MODULES if m == lower or m.startswith(lower + ".")
        for target in GRAPH[m] if any(target == f or target.startswith(f + ".") for f in forbidden)
    ]
    assert offenders == []


def test_no_module_imports_the_package_namespace():
    """``import mygrad`` inside mygrad ties a module to everything the package imports (nn, optim ...)."""
    offenders = [m for m in MODULES if m != "mygrad" and "mygrad" in GRAPH[m]]
    assert offenders == []


def test_no_source_file_is_longer_than_the_limit():
    long_files = {str(p.relative_to(ROOT.parent)): n for p in MODULES.values()
                  if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long_files == {}


def test_every_folder_says_what_lives_there():
    undocumented = [str(p.relative_to(ROOT.parent)) for p in ROOT.rglob("__init__.py")
                    if not ast.get_docstring(ast.parse(p.read_text()))]
    assert undocumented == []
