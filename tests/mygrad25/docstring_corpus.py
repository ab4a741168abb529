"""Turn the ``>>>`` examples of the installed MyGrad's docstrings into snippets (run by the REFERENCE interpreter).

    python docstring_corpus.py OUTPUT.json

walks every module of the ``mygrad`` package that this interpreter imports
(MyGrad 2.5 in its own virtual environment), finds each docstring with
examples (``doctest.DocTestFinder``) and writes ``[[name, program], ...]``.
Nothing is copied into this repository: the examples are read at test time.

A program is the docstring's examples in order, after imports of the names
they take from their module's globals (doctest runs examples there). An
example that is an expression is wrapped in ``show(...)``, so its value is compared as a record
rather than as printed text; an example whose expected output is a traceback
runs inside ``with raises():``; see :func:`kept_examples` for the examples left
out. This file imports nothing from the repository.
"""

import ast
import builtins
import doctest
import importlib
import inspect
import json
import pkgutil
import sys


COMPARED_PACKAGES = {"mygrad", "numpy"}


def _is_expression(source):
    try:
        compile(source, "<example>", "eval")
    except SyntaxError:
        return False
    return True


def _compiles(source):
    try:
        compile(source, "<example>", "exec")
    except SyntaxError:
        return False
    return True


def _indent(source):
    return "".join("    " + line + "\n" for line in source.rstrip("\n").splitlines())


def example_code(example):
    """The snippet lines of one doctest example.

    As in doctest, an example that raises does not stop the ones after it: an
    unexpected exception is recorded (``show`` of the exception) and the
    program goes on; an expected one (a traceback in the docstring) is recorded
    by ``raises()``.
    """
    source = example.source.rstrip("\n")
    if _is_expression(source):
        source = f"show(\n{source}\n)"  # on its own lines: the example may end in a comment
    if example.exc_msg is not None:
        return "with raises():\n" + _indent(source)
    return "try:\n" + _indent(source) + "except Exception as _error:\n    show(_error)\n"


def _import_line(name, value, module_name):
    """The import that gives ``name`` the value the docstring's module had for it, if it is MyGrad's or NumPy's."""
    if inspect.ismodule(value):
        if value.__name__.split(".")[0] in COMPARED_PACKAGES:
            return f"import {value.__name__} as {name}" if value.__name__ != name else f"import {name}"
        return None
    mygrad = sys.modules["mygrad"]
    if getattr(mygrad, name, None) is value:
        return f"from mygrad import {name}"
    if (getattr(value, "__module__", "") or "").split(".")[0] == "mygrad":
        return f"from {module_name} import {name}"
    return None


def module_names_used(test, examples):
    """Imports for the names the examples take from their module's globals (doctest runs them there)."""
    bound, lines = {"np", "mg"}, []
    for example in examples:
        used, newly_bound = _names_used_and_bound(ast.parse(example.source))
        for name in sorted(used - bound):
            if name in test.globs and not hasattr(builtins, name):
                line = _import_line(name, test.globs[name], test.globs.get("__name__", "mygrad"))
                if line:
                    lines.append(line)
            bound.add(name)
        bound |= newly_bound
    return lines


def _foreign_imports(tree):
    """Names bound by imports of third-party packages (matplotlib, scipy): not part of the comparison."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [(alias.name, alias.asname or alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [(node.module, alias.asname or alias.name) for alias in node.names]
        else:
            continue
        for module, bound in modules:
            top = module.split(".")[0]
            if top not in COMPARED_PACKAGES and top not in sys.stdlib_module_names:
                names.add(bound)
    return names


def _names_used_and_bound(tree):
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    bound = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    return used, bound


def kept_examples(test):
    """The examples of a docstring that the comparison can run.

    Left out: examples marked ``+SKIP``, examples that are not valid Python
    (typos in the docstring), and the plotting (matplotlib) or cross-checking
    (scipy) examples, together with every later example that uses a name they
    bound: neither is MyGrad's behaviour, and the reference environment does
    not have those packages.
    """
    skip = doctest.OPTIONFLAGS_BY_NAME["SKIP"]
    unavailable = set()
    for example in test.examples:
        if example.options.get(skip, False) or not _compiles(example.source):
            continue
        tree = ast.parse(example.source)
        used, bound = _names_used_and_bound(tree)
        foreign = _foreign_imports(tree)
        if foreign or used & unavailable:
            unavailable |= foreign | bound
            continue
        yield example


def program(test):
    """One snippet from the examples of a docstring that the comparison can run."""
    examples = list(kept_examples(test))
    imports = [f"try:\n    {line}\nexcept Exception as _error:\n    show(_error)\n" for line in module_names_used(test, examples)]
    return "".join(imports) + "".join(example_code(example) for example in examples)


def iter_modules(package_name="mygrad"):
    package = importlib.import_module(package_name)
    yield package
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        try:
            yield importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - e.g. optional dependencies missing: no examples from it
            continue


def _documented_objects(module):
    """Public objects of ``module`` with examples in their own docstring, wherever they were defined."""
    for name, value in vars(module).items():
        doc = getattr(value, "__doc__", None)
        if name.startswith("_") or inspect.ismodule(value) or not isinstance(doc, str) or ">>>" not in doc:
            continue
        defined_in = getattr(value, "__module__", None) or type(value).__module__
        if isinstance(defined_in, str) and defined_in.split(".")[0] == module.__name__.split(".")[0]:
            yield f"{module.__name__}.{name}", value


def _is_public(dotted_name):
    return not any(part.startswith("_") and not part.endswith("__") for part in dotted_name.split("."))


def collect(package_name="mygrad"):
    """``[(public name, program)]`` for every public docstring with examples, sorted by name.

    DocTestFinder, given a module, keeps only the functions and classes defined
    in it; objects made by factories (MyGrad's ufuncs, the ``no_autodiff``
    context manager) are picked up by a second pass over each module's names.
    A docstring reachable under several names is kept once, under its shortest
    public name (``mygrad.add`` rather than ``mygrad.math.arithmetic.funcs.add``).
    """
    finder = doctest.DocTestFinder(exclude_empty=True)
    modules = list(iter_modules(package_name))
    tests = [test for module in modules for test in finder.find(module)]
    for module in modules:
        for name, value in _documented_objects(module):
            tests += [test for test in finder.find(value, name, module=False, globs={}) if test.name == name]
    by_docstring = {}
    for test in tests:
        if _is_public(test.name):
            by_docstring.setdefault(test.docstring, []).append(test)
    chosen, shorter = [], {}
    for same_docstring in by_docstring.values():
        test = min(same_docstring, key=lambda t: (t.name.count("."), len(t.name), t.name))
        # the module globals of the definition, not the empty ones of a re-export found by name
        test.globs = max((other.globs for other in same_docstring), key=len)
        chosen.append(test)
        shorter.update({other.name + ".": test.name + "." for other in same_docstring})
    programs = {}
    for test in chosen:  # methods take their class's short name: mygrad.Tensor.astype
        prefix = max((p for p in shorter if test.name.startswith(p)), key=len, default="")
        programs[shorter.get(prefix, "") + test.name[len(prefix) :]] = program(test)
    return sorted((name, code) for name, code in programs.items() if code.strip())


if __name__ == "__main__":
    with open(sys.argv[1], "w") as file:
        json.dump(collect(), file)
