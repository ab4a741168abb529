"""The ``mygrad-api`` directive: a summary table plus the full entry of each listed object.

Usage in a page::

    .. mygrad-api::

       mygrad.add
       mygrad.subtract
       mygrad.pi -- the circle constant

Each line names an object by its public import path. The directive emits a
table (each name, linking to its entry, beside the first paragraph of its
docstring) followed by the autodoc entry of every object. The directive is
chosen from what the object is: ``autoclass`` (with its public members) for
a class, ``autoexception`` for an exception, ``autofunction`` for anything
callable (functions, mygrad's ufunc objects, ``no_autodiff``) and
``py:data`` for the rest - constants, whose docstring would be their type's:
their description follows `` -- `` on the line, and their value is shown
unless the description starts with ``(no value)``. Options:

``:no-members:``  document classes without their methods.
``:no-table:``    leave out the summary table.

``tests/test_docs.py`` reads these directives to check that every public
name of every public module is documented somewhere.
"""

from __future__ import annotations

import importlib
import inspect

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def resolve(name: str):
    """The object ``a.b.c`` names, found as Python finds ``import a; a.b.c``.

    Attributes win over submodules of the same name
    (``mygrad.nn.functional.linear`` is the function, not the module
    ``linear.py``); a submodule that is no attribute yet is imported.
    """
    parts = name.split(".")
    obj = importlib.import_module(parts[0])
    for i, attr in enumerate(parts[1:], start=2):
        if hasattr(obj, attr):
            obj = getattr(obj, attr)
        else:
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError as error:
                raise ImportError(f"{name}: {error}") from None
    return obj


def directive_for(obj) -> str:
    if inspect.isclass(obj):
        return "autoexception" if issubclass(obj, BaseException) else "autoclass"
    if callable(obj):
        return "autofunction"
    return "py:data"


def summary_of(obj) -> str:
    """The first paragraph of the docstring, on one line."""
    doc = inspect.cleandoc(getattr(obj, "__doc__", None) or "")
    return " ".join(doc.split("\n\n", 1)[0].split())


def parse_entries(lines):
    """``(name, description)`` for each non-blank, non-comment line."""
    entries = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, description = line.partition(" -- ")
            entries.append((name.strip(), description.strip()))
    return entries


class MygradAPI(SphinxDirective):
    has_content = True
    option_spec = {"no-members": directives.flag, "no-table": directives.flag}

    def run(self):
        resolved = []
        for name, description in parse_entries(self.content):
            try:
                resolved.append((name, description, resolve(name)))
            except ImportError as error:  # a Sphinx warning, so a -W build fails
                return [self.state.document.reporter.warning(f"mygrad-api: cannot import {name}: {error}",
                                                             line=self.lineno)]
        lines = []
        if "no-table" not in self.options:
            lines += [".. list-table::", "   :class: mygrad-api-summary", "   :widths: 30 70", ""]
            for name, description, obj in resolved:
                text = description.removeprefix("(no value)").strip() if directive_for(obj) == "py:data" \
                    else summary_of(obj)
                lines += [f"   * - :py:obj:`{name.rpartition('.')[2]} <{name}>`", f"     - {text}"]
            lines.append("")
        for name, description, obj in resolved:
            kind = directive_for(obj)
            lines.append(f".. {kind}:: {name}")
            if kind == "autoclass" and "no-members" not in self.options:
                lines.append("   :members:")
            if kind == "py:data":
                if description.startswith("(no value)"):
                    description = description[len("(no value)"):].strip()
                else:
                    lines.append(f"   :value: {obj!r}")
                lines += ["", f"   {description}"]
            lines.append("")
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, container)
        return container.children


def setup(app):
    app.add_directive("mygrad-api", MygradAPI)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
