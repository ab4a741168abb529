"""The backward walk: reverse-mode autodiff over the recorded graph.

The graph is a DAG whose nodes are tensors; a tensor's ``creator`` is the
:class:`~mygrad.operation.Operation` that produced it, and the op holds its
input tensors in ``variables``. ``backward`` first counts, for every tensor
upstream of the root, how many times ops in the graph read it. It then
walks back from the root; a tensor is pushed through its creator only once
all of its uses have contributed to its gradient (Kahn's algorithm, run in
reverse). Both passes are loops, not recursion: a chain of 100,000 ops is
fine.

As the walk proceeds it lets go of what it no longer needs: each op is
detached once its backward has run, so memory held by intermediates falls
as it goes. When it is done the graph is gone (MyGrad 2 semantics): every
tensor it visited has ``creator is None`` and keeps only its ``.grad``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Dict, Set

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.tensor import Tensor

__all__ = ["backward", "clear_graph", "count_uses"]


def count_uses(root: "Tensor") -> Dict[int, int]:
    """``id(tensor) -> number of times ops upstream of root read it``, for every non-constant tensor there."""
    uses: Dict[int, int] = {}
    stack = [root]
    while stack:
        creator = stack.pop()._creator
        if creator is None:
            continue
        for var in creator.variables:
            if var._constant:
                continue
            key = id(var)
            count = uses.get(key)
            if count is None:
                uses[key] = 1
                stack.append(var)  # first sighting: its own inputs are counted once, from here
            else:
                uses[key] = count + 1
    return uses


def backward(root: "Tensor", grad: np.ndarray, grad_is_private: bool = False) -> None:
    """Fill ``.grad`` of every non-constant tensor upstream of ``root``.

    ``grad`` is ``dL/droot``, already shaped like ``root``.
    ``grad_is_private`` says that nothing else holds ``grad``.
    """
    from mygrad.operation import fit_gradient

    uses = count_uses(root)
    grads: Dict[int, np.ndarray] = {id(root): grad}
    # Ops hand gradient arrays on freely (``add`` passes its incoming grad to both
    # inputs unchanged), so a pending gradient is only added into in place if the
    # walk allocated it itself: ``owned`` holds the ids of those tensors.
    owned: Set[int] = {id(root)} if grad_is_private else set()
    ready = [root]
    while ready:
        tensor = ready.pop()
        key = id(tensor)
        tensor_grad = grads.pop(key)
        creator = tensor._creator
        if creator is None:
            # a leaf: users mutate these (clipping, optimizers), so it must not share its array
            # with anything still alive (two references here: ``tensor_grad`` and getrefcount's)
            shared = key not in owned and sys.getrefcount(tensor_grad) > 2
            tensor._grad = tensor_grad.copy() if shared else tensor_grad
            continue
        tensor._creator = None
        tensor._grad = tensor_grad
        index = -1
        for var in creator.variables:
            index += 1
            if var._constant:
                continue
            var_grad = creator.backward_var(tensor_grad, index)
            data = var.data
            if type(var_grad) is not np.ndarray or var_grad.shape != data.shape or var_grad.dtype is not data.dtype:
                var_grad = fit_gradient(var_grad, data, creator)
            var_key = id(var)
            held = grads.get(var_key)
            if held is None:
                grads[var_key] = var_grad
            elif var_key in owned:
                np.add(held, var_grad, out=held)
            else:
                grads[var_key] = np.add(held, var_grad, out=np.empty_like(held))  # (out=: 0-d stays an array)
                owned.add(var_key)
            remaining = uses[var_key] - 1
            if remaining:
                uses[var_key] = remaining
            else:  # every use has contributed: its gradient is complete
                ready.append(var)
        creator.release(tensor)  # drop the op's inputs and unlock its arrays


def clear_graph(root: "Tensor") -> None:
    """Detach every tensor upstream of ``root`` from its creator."""
    stack = [root]
    while stack:
        tensor = stack.pop()
        creator = tensor._creator
        if creator is None:
            continue
        tensor._creator = None
        stack.extend(creator.variables)
        creator.release(tensor)
