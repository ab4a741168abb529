"""Per-op Python overhead: a chain of elementwise ops on a tiny array.

Runs a chain of 200 elementwise ops (add, multiply, tanh, exp, ...) on a
(10, 10) float64 tensor, forward + backward, and reports microseconds per
op next to NumPy doing the same forward alone (and PyTorch, if installed).
At this size the arithmetic is negligible, so the ratio measures the
framework's bookkeeping. It is reported with memory guarding on (the
default: every op makes the arrays it depends on read-only and back) and off,
and for the smallest tape engine that runs the chain (written here, ~50
lines: nodes with closures, one topological sweep, nothing else), which
shows how much of the ratio Python alone costs.

BLAS and PyTorch use one thread by default, for stable numbers
(``--threads N`` changes it):

    python benchmarks/overhead.py [--threads 1]
"""

from __future__ import annotations

import argparse
import timeit

import _harness

_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
_parser.add_argument("--threads", type=int, default=None, help="threads (default: $OMP_NUM_THREADS, else 1)")
THREADS = _harness.set_blas_threads(_parser.parse_args().threads)

import numpy as np  # noqa: E402

import mygrad as mg  # noqa: E402

CHAIN = 200
REPEATS = 30


def numpy_forward(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    for i in range(CHAIN // 4):
        x = x + y
        x = x * y
        x = np.tanh(x)
        x = np.exp(-x) if i % 2 else x * 0.5  # keeps values bounded
    return x


def mygrad_forward_backward(x0: np.ndarray, y0: np.ndarray) -> None:
    x = mg.tensor(x0)
    y = mg.tensor(y0)
    out = x
    for i in range(CHAIN // 4):
        out = out + y
        out = out * y
        out = mg.tanh(out)
        out = mg.exp(-out) if i % 2 else out * 0.5
    out.backward()


def torch_forward_backward(x0: np.ndarray, y0: np.ndarray):  # pragma: no cover - optional
    import torch

    x = torch.tensor(x0, requires_grad=True)
    y = torch.tensor(y0, requires_grad=True)
    out = x
    for i in range(CHAIN // 4):
        out = out + y
        out = out * y
        out = torch.tanh(out)
        out = torch.exp(-out) if i % 2 else out * 0.5
    out.sum().backward()


class _Node:
    """A node of the smallest tape engine this chain needs: data, parents, and a closure giving their gradients.

    It is the floor a Python engine can reach on this chain (no memory
    guarding, no constants, no dtype or shape checks, no views, no in-place
    writes, no graph clearing): the ratio it gets is the part of the overhead
    that comes from Python itself, not from mygrad's bookkeeping.
    """

    __slots__ = ("data", "parents", "grads_of")

    def __init__(self, data, parents=(), grads_of=None):
        self.data, self.parents, self.grads_of = data, parents, grads_of

    def __add__(self, other):
        return _Node(self.data + other.data, (self, other), lambda g: (g, g))

    def __mul__(self, other):
        if isinstance(other, _Node):
            return _Node(self.data * other.data, (self, other), lambda g: (g * other.data, g * self.data))
        return _Node(self.data * other, (self,), lambda g: (g * other,))

    def __neg__(self):
        return _Node(-self.data, (self,), lambda g: (-g,))

    def tanh(self):
        y = np.tanh(self.data)
        return _Node(y, (self,), lambda g: (g * (1 - y * y),))

    def exp(self):
        y = np.exp(self.data)
        return _Node(y, (self,), lambda g: (g * y,))


def _tape_backward(root: _Node) -> dict:
    """Gradients of every node reached from ``root`` (by id): a topological order, then one sweep."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    grads = {id(root): np.ones_like(root.data)}
    for node in reversed(order):
        grad = grads.get(id(node))
        if node.grads_of is not None:
            for parent, parent_grad in zip(node.parents, node.grads_of(grad)):
                key = id(parent)
                grads[key] = grads[key] + parent_grad if key in grads else parent_grad
    return grads


def minimal_tape_forward_backward(x0: np.ndarray, y0: np.ndarray) -> tuple:
    """The chain on the minimal tape engine; returns the gradients of ``x0`` and ``y0``."""
    x, y = _Node(x0), _Node(y0)
    out = x
    for i in range(CHAIN // 4):
        out = out + y
        out = out * y
        out = out.tanh()
        out = (-out).exp() if i % 2 else out * 0.5
    grads = _tape_backward(out)
    return grads[id(x)], grads[id(y)]


def check_minimal_tape(x0: np.ndarray, y0: np.ndarray) -> None:
    """The minimal engine must compute what mygrad computes, or its timing means nothing."""
    x, y = mg.tensor(x0), mg.tensor(y0)
    out = x
    for i in range(CHAIN // 4):
        out = mg.exp(-mg.tanh((out + y) * y)) if i % 2 else mg.tanh((out + y) * y) * 0.5
    out.backward()
    for name, theirs, ours in zip("xy", minimal_tape_forward_backward(x0, y0), (x.grad, y.grad)):
        if not np.allclose(theirs, ours, rtol=1e-10, atol=1e-12):
            raise AssertionError(f"the minimal tape engine's gradient of {name} differs from mygrad's")


def ops_per_chain() -> int:
    """Ops recorded in one chain (the odd steps add a negation)."""
    return CHAIN + CHAIN // 8


def best_time(fn, *args) -> float:
    return min(timeit.repeat(lambda: fn(*args), number=1, repeat=REPEATS))


def main() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(10, 10)), rng.normal(size=(10, 10)) * 0.5
    n_ops = ops_per_chain()
    t_np = best_time(numpy_forward, x, y) / n_ops * 1e6
    t_mg = best_time(mygrad_forward_backward, x, y) / n_ops * 1e6
    with mg.mem_guard_off:
        t_unguarded = best_time(mygrad_forward_backward, x, y) / n_ops * 1e6
    print(f"chain of {n_ops} elementwise ops on (10, 10) float64; " + _harness.machine_line(THREADS, [np]))
    print(f"  numpy forward only      : {t_np:6.2f} us/op")
    print(f"  mygrad forward+backward : {t_mg:6.2f} us/op  ({t_mg / t_np:5.1f}x numpy)  memory guarding on (default)")
    print(f"  mygrad forward+backward : {t_unguarded:6.2f} us/op  ({t_unguarded / t_np:5.1f}x numpy)  mem_guard_off")
    check_minimal_tape(x, y)
    t_tape = best_time(minimal_tape_forward_backward, x, y) / n_ops * 1e6
    print(f"  minimal tape engine     : {t_tape:6.2f} us/op  ({t_tape / t_np:5.1f}x numpy)  "
          "the floor of a Python engine: no guard, checks or views")
    try:
        import torch
    except ImportError:
        print("  torch                   : not installed")
    else:
        torch.set_num_threads(THREADS)
        t_th = best_time(torch_forward_backward, x, y) / n_ops * 1e6
        print(f"  torch forward+backward  : {t_th:6.2f} us/op  ({t_th / t_np:5.1f}x numpy)")


if __name__ == "__main__":
    main()
