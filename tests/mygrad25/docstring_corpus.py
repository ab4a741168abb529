"""Turn the ``>>>`` examples of the installed MyGrad's docstrings into snippets (run by the REFERENCE interpreter).

    python docstring_corpus.py OUTPUT.json

walks every module of the ``mygrad`` package that this interpreter imports
(MyGrad 2.5 in its own virtual environment), finds each docstring with
examples (``doctest.DocTestFinder``) and writes ``[[name, program], ...]``.
Nothing is copied into this repository: the examples are read at test time.

A program is the docstring's examples in order. An example that is an
expression is wrapped in ``show(...)``, so its value is compared as a record
rather than as printed text; an example whose expected output is a traceback
runs inside ``with raises():``; examples marked ``# doctest: +SKIP`` are left
out. This file imports nothing from the repository.
"""

import doctest
import importlib
import inspect
import json
import pkgutil
import sys


def _is_expression(source):
    try:
        compile(source, "<example>", "eval")
    except SyntaxError:
        return False
    return True


def _indent(source):
    return "".join("    " + line + "\n" for line in source.rstrip("\n").splitlines())


def example_code(example):
    """The snippet lines of one doctest example."""
    source = example.source.rstrip("\n")
    if _is_expression(source):
        source = f"show({source})"
    if example.exc_msg is not None:
        return "with raises():\n" + _indent(source)
    return source + "\n"


def program(test):
    """One snippet from all the (non-skipped) examples of a docstring."""
    skip = doctest.OPTIONFLAGS_BY_NAME["SKIP"]
    return "".join(example_code(ex) for ex in test.examples if not ex.options.get(skip, False))


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
