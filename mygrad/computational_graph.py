"""Draw a tensor's computational graph: Graphviz DOT text, rendered with ``graphviz`` when installed.

:func:`build_graph` walks back from a tensor through each ``creator`` op to
the tensors it read, and describes what it finds in the DOT language:
a box per tensor, a filled ellipse per op (labelled with the op's class
name), and edges ``input -> op -> output``. The DOT text needs nothing but
this module; turning it into an SVG/PNG/PDF needs the ``graphviz`` Python
package and Graphviz's ``dot`` program.

Call it *before* ``backward()``: back-propagation clears the graph.

>>> import mygrad as mg
>>> from mygrad.computational_graph import build_graph
>>> x = mg.tensor([1.0, 2.0])
>>> y = mg.exp(x) * 2
>>> print(build_graph(y, names={"x": x, "y": y}, graphviz=False).source)  # doctest: +ELLIPSIS
strict digraph {
    node [fontsize=12]
    t... [label="y" shape="box"]
    op... [label="Multiply" style="filled" fillcolor="lightcoral"]
...
}
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from mygrad.autodiff.tensor import Tensor

__all__ = ["build_graph", "DotGraph"]

_RENDERED_FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif")


class DotGraph:
    """A computational graph as DOT text, for when the ``graphviz`` package is not used.

    Attributes
    ----------
    source : str
        The graph in Graphviz's DOT language; paste it into any Graphviz
        viewer, or run ``dot -Tsvg``.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def save(self, filename: Union[str, os.PathLike]) -> str:
        """Write the DOT text to ``filename`` and return the path."""
        path = os.fspath(filename)
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.source)
        return path

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"DotGraph(<{self.source.count(chr(10)) + 1} lines of DOT>)"


def build_graph(
    fin: Tensor,
    names: Optional[Dict[str, Any]] = None,
    *,
    render: bool = True,
    save: Union[bool, str, os.PathLike] = False,
    dims: bool = False,
    dtypes: bool = False,
    sum_stats: bool = False,
    graphviz: Optional[bool] = None,
) -> Any:
    """Build the computational graph that produced ``fin``.

    Parameters
    ----------
    fin : Tensor
        The final tensor; the graph contains everything it was computed from.
    names : Optional[Dict[str, Union[Tensor, numpy.ndarray]]]
        Labels for tensors: a node whose tensor (or whose tensor's data
        array) is a value here is labelled with its key, so
        ``names=locals()`` labels tensors by their variable names. With
        ``names`` given, other 0-d tensors show their value, other constants
        ``*Constant*`` and other tensors ``Intermediary Tensor``. Without
        ``names`` a tensor is labelled with its value if 0-d, else with
        its shape and dtype.
    render : bool, default True
        Return the graph. With False, nothing is returned (useful with
        ``save``).
    save : Union[bool, str, PathLike], default False
        Also write the graph to a file. True writes MyGrad's default,
        ``computational_graph.pdf`` in the working directory. A filename
        chooses the format by its suffix: ``.dot``/``.gv`` writes the DOT
        text (no Graphviz needed); ``.svg``, ``.png``, ``.pdf`` ... are
        rendered by Graphviz.
    dims : bool, default False
        Add each non-scalar tensor's shape to its label.
    dtypes : bool, default False
        Add each tensor's dtype to its label.
    sum_stats : bool, default False
        Add each non-scalar tensor's min, median, mean and max to its label.
    graphviz : Optional[bool], default None
        Return a ``graphviz.Digraph`` (True) or a :class:`DotGraph` holding
        the DOT text (False). By default a ``Digraph`` if the ``graphviz``
        package is installed, else a ``DotGraph``.

    Returns
    -------
    Union[graphviz.Digraph, DotGraph, None]
        Both have ``.source``, the DOT text. A ``Digraph`` displays itself
        in Jupyter and has ``render``/``pipe``.

    Raises
    ------
    TypeError
        If ``fin`` is not a Tensor or ``names`` is not a dict.
    ImportError
        If a rendered format (or ``graphviz=True``) is asked for and the
        ``graphviz`` package is not installed.

    Notes
    -----
    ``backward()`` clears the graph, so build it before back-propagating.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor(2.0)
    >>> f = x * x + 1
    >>> dot = build_graph(f, names={"x": x, "f": f}, graphviz=False).source
    >>> '[label="Multiply"' in dot and '[label="x"' in dot and '[label="f"' in dot
    True
    """
    if not isinstance(fin, Tensor):
        raise TypeError(f"build_graph needs a mygrad.Tensor to start from; got {type(fin).__name__}")
    if names is not None and not isinstance(names, dict):
        raise TypeError(f"`names` must be a dict mapping labels to tensors (e.g. locals()); got {type(names).__name__}")
    nodes, edges = _walk(fin, names, dims=dims, dtypes=dtypes, sum_stats=sum_stats)
    save_path, save_format = _save_target(save)
    use_graphviz = _want_graphviz(graphviz, save_format)

    if use_graphviz:
        import graphviz as gv

        graph = gv.Digraph(strict=True)
        graph.node_attr.update(fontsize="12")
        for node_id, label, attrs in nodes:
            graph.node(node_id, label=label, **attrs)
        for tail, head in edges:
            graph.edge(tail, head)
        if save_path is not None:
            if save_format in ("dot", "gv"):
                DotGraph(graph.source).save(save_path)
            else:
                stem = save_path[: -len(save_format) - 1]
                graph.render(filename=stem, format=save_format, cleanup=True)
    else:
        graph = DotGraph(_dot_source(nodes, edges))
        if save_path is not None:
            graph.save(save_path)
    return graph if render else None


def _want_graphviz(requested: Optional[bool], save_format: Optional[str]) -> bool:
    needs_renderer = save_format is not None and save_format not in ("dot", "gv")
    try:
        import graphviz  # noqa: F401

        available = True
    except ImportError:
        available = False
    if (requested or needs_renderer) and not available:
        what = f"saving as .{save_format}" if needs_renderer else "graphviz=True"
        raise ImportError(
            f"{what} needs the `graphviz` Python package (pip install graphviz) and Graphviz's `dot` program; "
            "without them, save the DOT text to a .dot file or use the returned graph's .source"
        )
    if requested is None:
        return available
    return bool(requested) or needs_renderer


def _save_target(save: Union[bool, str, os.PathLike]) -> Tuple[Optional[str], Optional[str]]:
    """(path, format) for ``save``; (None, None) when nothing is saved."""
    if save is False or save is None:
        return None, None
    if save is True:
        return "computational_graph.pdf", "pdf"
    path = os.fspath(save)
    suffix = os.path.splitext(path)[1].lower().lstrip(".")
    if suffix not in _RENDERED_FORMATS + ("dot", "gv"):
        raise ValueError(
            f"cannot tell the format to save {path!r} in: use a .dot/.gv (DOT text) or "
            f"{'/'.join('.' + f for f in _RENDERED_FORMATS)} (rendered by Graphviz) suffix"
        )
    return path, suffix


def _walk(fin: Tensor, names: Optional[Dict[str, Any]], **label_options: bool) -> Tuple[list, list]:
    """All tensors and ops that ``fin`` was computed from, as (nodes, edges) in discovery order."""
    nodes: List[Tuple[str, str, dict]] = []
    edges: List[Tuple[str, str]] = []
    seen_nodes, seen_edges = set(), set()

    def add_node(node_id: str, label: str, attrs: dict) -> bool:
        if node_id in seen_nodes:
            return False
        seen_nodes.add(node_id)
        nodes.append((node_id, label, attrs))
        return True

    def add_edge(tail: str, head: str) -> None:
        if (tail, head) not in seen_edges:
            seen_edges.add((tail, head))
            edges.append((tail, head))

    stack = [fin]
    while stack:  # iterative: deep graphs are fine
        tensor = stack.pop()
        tensor_id, label = _tensor_node(tensor, names, **label_options)
        if not add_node(tensor_id, label, {"shape": "box"}):
            continue
        op = tensor.creator
        if op is None:
            continue
        op_id = f"op{id(op)}"
        add_node(op_id, type(op).__name__, {"style": "filled", "fillcolor": "lightcoral"})
        add_edge(op_id, tensor_id)
        for var in op.variables:
            add_edge(_tensor_node(var, names, **label_options)[0], op_id)
            stack.append(var)
    return nodes, edges


def _tensor_node(
    tensor: Tensor, names: Optional[Dict[str, Any]], *, dims: bool, dtypes: bool, sum_stats: bool
) -> Tuple[str, str]:
    """The node id and label of ``tensor``."""
    node_id, label = f"t{id(tensor)}", None
    for key, value in (names or {}).items():
        if value is tensor:
            label = str(key)
            break
        if isinstance(value, np.ndarray) and value is tensor.data:
            node_id, label = f"a{id(value)}", f"{key}\n*Constant*"
            break
    if label is None:
        if tensor.ndim == 0:
            label = str(tensor.data)
        elif names is not None:
            label = "*Constant*" if tensor.constant else "Intermediary Tensor"
        else:
            label = f"{'Constant' if tensor.constant else 'Tensor'} {tensor.shape} {tensor.dtype}"
    if dims and tensor.ndim:
        label += f"\nDims: {tensor.shape}"
    if dtypes:
        label += f"\nDtype: {tensor.dtype}"
    if sum_stats and tensor.ndim and tensor.size:
        data = tensor.data
        label += f"\nMin: {np.min(data)}\nMedian: {np.median(data)}\nMean: {np.mean(data)}\nMax: {np.max(data)}"
    return node_id, label


def _quote(text: str) -> str:
    """``text`` as a DOT double-quoted string (newlines become DOT's ``\\n``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_source(nodes: list, edges: list) -> str:
    lines = ["strict digraph {", "    node [fontsize=12]"]
    for node_id, label, attrs in nodes:
        extra = "".join(f" {key}={_quote(str(value))}" for key, value in attrs.items())
        lines.append(f"    {node_id} [label={_quote(label)}{extra}]")
    lines.extend(f"    {tail} -> {head}" for tail, head in edges)
    lines.append("}")
    return "\n".join(lines)
