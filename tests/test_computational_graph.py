"""mygrad.computational_graph.build_graph: DOT text without graphviz; Digraph and rendering with it."""

import importlib.util
import re
import shutil

import numpy as np
import pytest

import mygrad as mg
from mygrad.computational_graph import DotGraph, build_graph

HAS_GRAPHVIZ = importlib.util.find_spec("graphviz") is not None
needs_graphviz = pytest.mark.skipif(not HAS_GRAPHVIZ, reason="the graphviz Python package is not installed")
# graphviz quotes a label only when it has to (``label=y`` or ``label="a b"``)
NODE = re.compile(r'^\s*(\w+) \[label=("(?:[^"\\]|\\.)*"|[^\s\]]+)(.*)\]$')
EDGE = re.compile(r"^\s*(\w+) -> (\w+)$")


def parse(source):
    """(labels by node id, attributes text by node id, edges as (tail label, head label) pairs)."""
    labels, attrs, edges = {}, {}, []
    for line in source.splitlines():
        node = NODE.match(line)
        if node:
            label = node.group(2)
            if label.startswith('"'):
                label = label[1:-1]
            labels[node.group(1)] = label.replace("\\n", "\n")
            attrs[node.group(1)] = node.group(3)
        edge = EDGE.match(line)
        if edge:
            edges.append(edge.groups())
    return labels, attrs, [(labels[a], labels[b]) for a, b in edges]


def dot(*args, **kwargs):
    return build_graph(*args, graphviz=False, **kwargs).source


def test_small_graph_nodes_and_edges():
    x, w = mg.tensor([1.0, 2.0]), mg.tensor(3.0)
    h = mg.exp(x) * w
    y = h + x
    labels, attrs, edges = parse(dot(y, names={"x": x, "w": w, "h": h, "y": y}))
    assert sorted(labels.values()) == sorted(["x", "w", "h", "y", "Exp", "Multiply", "Add", "Intermediary Tensor"])
    assert set(edges) == {
        ("x", "Exp"), ("Exp", "Intermediary Tensor"), ("Intermediary Tensor", "Multiply"), ("w", "Multiply"),
        ("Multiply", "h"), ("h", "Add"), ("x", "Add"), ("Add", "y"),
    }
    assert len(edges) == len(set(edges))
    op_ids = [i for i, label in labels.items() if label in ("Exp", "Multiply", "Add")]
    assert all("filled" in attrs[i] for i in op_ids)


def test_reused_tensor_is_one_node():
    x = mg.tensor([1.0, 2.0])
    y = x * x
    labels, _, edges = parse(dot(y, names={"x": x, "y": y}))
    assert list(labels.values()).count("x") == 1
    assert edges.count(("x", "Multiply")) == 1  # strict graph: the two uses share an edge


def test_labels_without_names_show_shape_dtype_and_scalar_values():
    x = mg.tensor([[1.0, 2.0]], dtype="float32")
    y = x * 2
    labels, _, edges = parse(dot(y))
    assert "Tensor (1, 2) float32" in labels.values()
    assert ("2.0", "Multiply") in edges  # the Python scalar became a 0-d constant tensor


def test_named_constant_array_and_unnamed_constant():
    x, a = mg.tensor([1.0, 2.0]), np.array([3.0, 4.0])
    y = x * a - [1.0, 1.0]
    labels, _, edges = parse(dot(y, names={"x": x, "a": a}))
    assert ("a\n*Constant*", "Multiply") in edges
    assert ("*Constant*", "Subtract") in edges


def test_dims_dtypes_and_stats():
    x = mg.tensor([1.0, 2.0, 6.0])
    s = mg.tensor(4.0)
    y = x * s
    labels, _, _ = parse(dot(y, names={"x": x, "s": s}, dims=True, dtypes=True, sum_stats=True))
    assert "x\nDims: (3,)\nDtype: float64\nMin: 1.0\nMedian: 2.0\nMean: 3.0\nMax: 6.0" in labels.values()
    assert "s\nDtype: float64" in labels.values()  # no dims or stats for a scalar


def test_labels_with_quotes_are_escaped():
    x = mg.tensor([1.0])
    labels, _, _ = parse(dot(2 * x, names={'say "hi"': x}))
    assert 'say \\"hi\\"' in labels.values()


def test_backward_clears_the_graph_so_build_it_first():
    x = mg.tensor([1.0])
    y = mg.exp(x)
    assert "Exp" in dot(y)
    y.backward()
    labels, _, edges = parse(dot(y))
    assert len(labels) == 1 and not edges


def test_deep_graph_is_walked_without_recursion():
    x = mg.tensor(1.0)
    y = x
    for _ in range(3000):
        y = y + 1.0
    labels, _, edges = parse(dot(y))
    assert list(labels.values()).count("Add") == 3000 and len(edges) == 2 * 3000 + 3000


def test_render_false_returns_nothing_and_save_writes_dot(tmp_path):
    x = mg.tensor([1.0])
    path = tmp_path / "graph.dot"
    assert build_graph(mg.exp(x), render=False, save=path, graphviz=False) is None
    assert path.read_text().startswith("strict digraph {") and "Exp" in path.read_text()
    graph = build_graph(mg.exp(x), graphviz=False)
    assert isinstance(graph, DotGraph) and str(graph) == graph.source


def test_errors_are_clear():
    with pytest.raises(TypeError, match="needs a mygrad.Tensor"):
        build_graph(np.ones(2))
    with pytest.raises(TypeError, match="`names` must be a dict"):
        build_graph(mg.tensor(1.0), names=["x"])
    with pytest.raises(ValueError, match="cannot tell the format"):
        build_graph(mg.tensor(1.0), save="graph.txt")


@pytest.mark.skipif(HAS_GRAPHVIZ, reason="checks the error raised when graphviz is missing")
def test_rendering_without_graphviz_explains_what_is_needed(tmp_path):
    with pytest.raises(ImportError, match="needs the `graphviz` Python package"):
        build_graph(mg.exp(mg.tensor(1.0)), save=tmp_path / "g.svg")
    with pytest.raises(ImportError, match="graphviz=True"):
        build_graph(mg.exp(mg.tensor(1.0)), graphviz=True)
    assert isinstance(build_graph(mg.exp(mg.tensor(1.0))), DotGraph)  # the default falls back to DOT text


@needs_graphviz
def test_returns_a_graphviz_digraph_when_installed():
    import graphviz

    x = mg.tensor([1.0, 2.0])
    y = mg.exp(x)
    graph = build_graph(y, names={"x": x, "y": y})
    assert isinstance(graph, graphviz.Digraph)
    labels, _, edges = parse(graph.source)
    assert {("x", "Exp"), ("Exp", "y")} <= set(edges)


@needs_graphviz
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")
@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_save_renders_with_graphviz(tmp_path, suffix):
    x = mg.tensor([1.0, 2.0])
    path = tmp_path / f"graph.{suffix}"
    build_graph(mg.exp(x), save=path, render=False)
    assert path.exists() and path.stat().st_size > 0
