"""Regenerate ``mygrad25_public_names.json``: MyGrad 2.5's public modules and the names that matter in each.

Run it with the *reference* MyGrad 2.5 installed, from outside this repository
(so that ``import mygrad`` finds the reference, not this project)::

    cd /tmp && python /path/to/tests/data_files/make_mygrad25_public_names.py /path/to/out.json

Per module, the names recorded are its ``__all__`` where it has one; otherwise,
for a package, its submodules and every MyGrad function or class it exposes
(``mygrad.nnet.tanh``), and for a plain module, the functions and classes
defined in it (the names it merely imports - ``np``, ``Optional``, ``Tensor``
- are left out). The top-level package records every public name except
``TYPE_CHECKING``, since MyGrad re-exports NumPy's dtypes, constants and
non-differentiable functions there.
"""

import importlib
import json
import pkgutil
import sys
import types

import mygrad


def _public_modules():
    names = ["mygrad"] + [m.name for m in pkgutil.walk_packages(mygrad.__path__, "mygrad.")]
    return [name for name in names if not any(part.startswith("_") for part in name.split("."))]


def _defined_below(value, module_name):
    if isinstance(value, types.ModuleType):
        return value.__name__.startswith(module_name + ".")
    origin = getattr(value, "__module__", None) or ""
    return callable(value) and (origin == module_name or origin.startswith(module_name + "."))


def _from_mygrad(value):
    if isinstance(value, types.ModuleType):
        return value.__name__.startswith("mygrad.")
    return callable(value) and (getattr(value, "__module__", None) or "").startswith("mygrad")


def _names_that_matter(module):
    public = {k: v for k, v in vars(module).items() if not k.startswith("_")}
    if module.__name__ == "mygrad":
        return sorted(k for k, v in public.items() if k != "TYPE_CHECKING"
                      and not (isinstance(v, types.ModuleType) and not v.__name__.startswith("mygrad")))
    if hasattr(module, "__all__"):
        return sorted(module.__all__)
    if hasattr(module, "__path__"):
        return sorted(k for k, v in public.items() if _from_mygrad(v))
    return sorted(k for k, v in public.items() if _defined_below(v, module.__name__))


def _attribute_walk(module_name):
    """What ``mygrad.a.b.c`` gives after ``import mygrad``: None if some attribute is missing."""
    value = mygrad
    for part in module_name.split(".")[1:]:
        value = getattr(value, part, None)
    return value


def main(path):
    import numpy as np

    top_level = _names_that_matter(mygrad)  # before importing the submodules adds them as attributes
    modules = {name: importlib.import_module(name) for name in _public_modules()}
    table = {name: _names_that_matter(module) for name, module in modules.items()}
    table["mygrad"] = top_level
    same_as_top_level = {
        name: sorted(n for n in names if name != "mygrad" and getattr(modules[name], n) is getattr(mygrad, n, None))
        for name, names in table.items()}
    report = {
        "mygrad_version": mygrad.__version__,
        "modules": table,
        # per module, the names that are the very object of the same name at top level (mygrad.<name>)
        "same_as_top_level": {name: names for name, names in same_as_top_level.items() if names},
        # top-level names that are NumPy's own scalar types (mygrad.float32 is numpy.float32)
        "numpy_types": sorted(n for n in table["mygrad"]
                              if isinstance(getattr(mygrad, n), type) and getattr(mygrad, n) is getattr(np, n, None)),
        # modules that ``mygrad.a.b`` attribute access reaches after ``import mygrad`` (in the others, a
        # function of the same name shadows the submodule: mygrad.nnet.layers.batchnorm is the function)
        "reachable_as_attributes": sorted(name for name, module in modules.items()
                                          if _attribute_walk(name) is module),
    }
    with open(path, "w") as file:
        json.dump(report, file, indent=1, sort_keys=True)
        file.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
