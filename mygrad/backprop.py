"""The backward walk: reverse-mode autodiff over the recorded graph.

The graph is a DAG whose nodes are tensors; a tensor's ``creator`` is the
:class:`~mygrad.operation.Operation` that produced it, and the op holds its
input tensors in ``variables``. ``backward`` visits the tensors in reverse
topological order (iteratively: a chain of 100,000 ops is fine), so each
tensor's gradient is complete - every use of it has contributed - before it
is pushed further back through its creator.

As the walk proceeds it lets go of what it no longer needs: each op is
detached once its backward has run and the walk's reference to each tensor
is dropped after use, so memory held by intermediates falls as it goes.
When it is done the graph is gone (MyGrad 2 semantics): every tensor it
visited has ``creator is None`` and keeps only its ``.grad``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Dict, List

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.tensor import Tensor

__all__ = ["backward", "clear_graph", "topological_order"]


def topological_order(root: "Tensor") -> List["Tensor"]:
    """All non-constant tensors upstream of ``root``, inputs before outputs.

    An iterative depth-first search (no recursion), so deep graphs are fine:
    a tensor is appended once everything it was computed from has been.
    """
    # A tensor may be pushed more than once (once per use); it is expanded the
    # first time it reaches the top and skipped afterwards. Marking tensors when
    # *pushed* instead would let a tensor used twice (``w + w * 2``) be placed
    # before one of its users, and lose that user's gradient contribution.
    order: List["Tensor"] = []
    stack = [root]
    expanded = set()
    done = set()
    while stack:
        tensor = stack[-1]
        key = id(tensor)
        if key in done:
            stack.pop()
            continue
        if key in expanded:
            stack.pop()
            done.add(key)
            order.append(tensor)
            continue
        expanded.add(key)
        creator = tensor._creator
        if creator is not None:
            for var in creator.variables:
                if not var._constant and id(var) not in expanded:
                    stack.append(var)
    return order


def backward(root: "Tensor", grad: np.ndarray, grad_is_private: bool = False) -> None:
    """Fill ``.grad`` of every non-constant tensor upstream of ``root``.

    ``grad`` is ``dL/droot``, already shaped like ``root``.
    ``grad_is_private`` says that nothing else holds ``grad``, so the walk
    may accumulate into it in place.
    """
    order = topological_order(root)
    grads: Dict[int, np.ndarray] = {id(root): grad}
    # Gradient arrays are shared freely (``add`` passes its incoming grad to
    # both inputs unchanged). ``private`` holds the ids of tensors whose
    # pending gradient no one else holds: only those are accumulated in place.
    private = {id(root)} if grad_is_private else set()
    handed_out = {id(grad)}

    for i in range(len(order) - 1, -1, -1):
        tensor = order[i]
        order[i] = None  # type: ignore[call-overload]  # let it die once its grad is spent
        key = id(tensor)
        tensor_grad = grads.pop(key, None)
        creator = tensor._creator
        tensor._creator = None
        if tensor_grad is None:  # no path from root flows through this tensor
            if creator is not None:
                creator.release()
            continue
        if creator is None:
            # a leaf: users mutate these (clipping, optimizers), so it must not share its array
            # with anything still alive (two references here: ``tensor_grad`` and getrefcount's)
            shared = key not in private and sys.getrefcount(tensor_grad) > 2
            tensor._grad = tensor_grad.copy() if shared else tensor_grad
            continue
        tensor._grad = tensor_grad
        for var, var_grad in creator.backward(tensor_grad):
            var_key = id(var)
            held = grads.get(var_key)
            if held is None:
                grads[var_key] = var_grad
                if var_grad.base is None and id(var_grad) not in handed_out:
                    private.add(var_key)
                handed_out.add(id(var_grad))
            elif var_key in private:
                np.add(held, var_grad, out=held)
            else:
                held = grads[var_key] = np.add(held, var_grad, out=np.empty_like(held))
                private.add(var_key)
                handed_out.add(id(held))
        creator.release()  # drop the op's inputs and unlock its arrays


def clear_graph(root: "Tensor") -> None:
    """Detach every tensor upstream of ``root`` from its creator."""
    for tensor in topological_order(root):
        creator = tensor._creator
        tensor._creator = None
        if creator is not None:
            creator.release()
