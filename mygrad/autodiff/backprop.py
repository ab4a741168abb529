"""The backward walk: reverse-mode autodiff over the recorded graph.

The graph is a DAG whose nodes are tensors; a tensor's ``creator`` is the
:class:`~mygrad.autodiff.operation.Operation` that produced it, and the op holds its
input tensors in ``variables``. Every op is numbered when it is recorded
(``op._seq``, counting down), and an op can only read tensors that existed
before it. So walking back from the root, always taking the pending tensor
made *last*, reaches a tensor only after every op that read it has passed
its gradient contribution back: the gradient is complete when it is pushed
through the tensor's creator. A heap keyed by that number is all the walk
needs - no separate topological sort, no recursion (a chain of 100,000 ops
is fine).

As the walk proceeds it lets go of what it no longer needs: each op is
detached once its backward has run, so memory held by intermediates falls
as it goes. When it is done the graph is gone (MyGrad 2 semantics): every
tensor it visited has ``creator is None`` and keeps only its ``.grad``, and
is marked ``_cleared`` until it takes part in a new op. An op recorded
before that, and not part of this walk, can no longer backpropagate into
such a tensor: a later walk through it raises
:class:`~mygrad.errors.InvalidBackprop` rather than silently dropping that
tensor's part of the gradient (MyGrad's rule).

A view visited by the walk remembers which gradient array of its base its
``.grad`` is a view of (``_grad_source``): once its graph is gone, that is
the only base gradient it may report (see ``Tensor.grad``).
"""

from __future__ import annotations

import sys
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Set, Tuple

import numpy as np

from mygrad.autodiff import anomaly, graph
from mygrad.autodiff.hooks import run_hooks
from mygrad.autodiff.gradients import fit_gradient
from mygrad.autodiff.memory import buffers, guard
from mygrad.errors import InvalidBackprop, SkipGradient

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.autodiff.tensor import Tensor

__all__ = ["backward", "clear_graph"]

# Called as ``listener(leaves)`` after each backward pass with the leaf tensors that got a
# gradient (mygrad.optim: gradient accumulation and detecting gradients lost between passes).
# Empty unless an optimizer is between zero_grad() and step(): one check per pass.
leaf_grad_listeners: List[Callable[[List["Tensor"]], None]] = []


def backward(root: "Tensor", grad: np.ndarray, grad_is_private: bool = False) -> None:
    """Fill ``.grad`` of every non-constant tensor upstream of ``root``.

    ``grad`` is ``dL/droot``, already shaped like ``root``.
    ``grad_is_private`` says that nothing else holds ``grad``.
    """
    grads: Dict[int, np.ndarray] = {id(root): grad}
    # Ops hand gradient arrays on freely (``add`` passes its incoming grad to both
    # inputs unchanged), so a pending gradient is only added into in place if the
    # walk allocated it itself: ``owned`` holds the ids of those tensors.
    owned: Set[int] = {id(root)} if grad_is_private else set()
    leaves: List["Tensor"] = []  # their gradients are final once the walk is over
    views: List["Tensor"] = []  # visited views: they note their base's final gradient at the end
    constants: List["Tensor"] = []  # constant inputs made by ops: their (constant) graphs are cleared at the end
    pending = []  # heap of (creator's number, id, tensor): the most recent creator first
    if root._creator is None:
        leaves.append(root)
        if root._base is not None:  # a view out of its graph: its .grad no longer shows its base's (MyGrad's rule)
            root._grad_source = None
    else:
        pending.append((root._creator._seq, id(root), root))
    previous_pool = buffers.start_pool()
    pool_from = buffers.MIN_SIZE if buffers.EXACT_REFCOUNTS else float("inf")  # (the smallest array size pooled)
    checking = anomaly.active  # mg.detect_anomaly(): check every gradient for NaN/inf
    pop_grad, get_grad = grads.pop, grads.get
    try:
        while pending:
            tensor = heappop(pending)[2]
            tensor_grad = pop_grad(id(tensor))
            if tensor._hooks:  # (register_hook: a class-level None unless the tensor has hooks)
                tensor_grad = run_hooks(tensor, tensor_grad)
            creator = tensor._creator
            tensor._grad = tensor_grad
            if creator._overrides_backward:
                input_grads = _overridden_backward(creator, tensor_grad)
            else:  # Operation.backward, inlined (no generator per op): a gradient per non-constant input
                input_grads = []
                index = -1
                for var in creator.variables:
                    index += 1
                    if var._constant:
                        continue
                    try:
                        var_grad = creator.backward_var(tensor_grad, index)
                    except SkipGradient:  # (MyGrad's: this op gives ``var`` no gradient)
                        continue
                    data = var.data
                    if type(var_grad) is not np.ndarray or var_grad.shape != data.shape or var_grad.dtype is not data.dtype:
                        var_grad = fit_gradient(var_grad, data, creator)
                    input_grads.append((var, var_grad))
            for var, var_grad in input_grads:
                if var._cleared and _still_cleared(var):
                    _abandon_walk(tensor, pending, leaves, grads)
                    raise _cleared_graph_error(var)
                if checking:
                    anomaly.check_gradient(creator, var, var_grad)
                var_key = id(var)
                held = get_grad(var_key)
                if held is None:  # its first contribution
                    grads[var_key] = var_grad
                    var_creator = var._creator
                    if var_creator is None:
                        leaves.append(var)
                    else:
                        heappush(pending, (var_creator._seq, var_key, var))
                elif var_key in owned:
                    np.add(held, var_grad, out=held)
                else:
                    grads[var_key] = np.add(held, var_grad, out=buffers.empty_like(held))  # (out=: 0-d stays an array)
                    owned.add(var_key)
            if creator._reads_constant_graph:
                constants.extend(v for v in creator.variables if v._constant and v._creator is not None)
            if tensor._base is not None:
                views.append(tensor)
            # Released only now (if a cleared input raised above, this op and its locks stay, as in MyGrad):
            # graph.release(creator, tensor), inlined as it runs once per op.
            tensor._creator = None
            tensor._cleared = True
            creator.variables = ()
            if creator._guarded is not None:
                guard.release_op(creator, tensor)  # unlock the arrays it kept read-only
            if tensor.data.size >= pool_from:
                creator = None  # (the op may hold the tensor's data: let go of it first)
                buffers.recycle(tensor, tensor_grad)
    finally:
        buffers.end_pool(previous_pool)
    input_grads = var_grad = held = None  # (the last op's gradients: a leaf's must not look shared below)

    for leaf in leaves:
        key = id(leaf)
        leaf_grad = grads.pop(key)
        if leaf._hooks:
            hooked = run_hooks(leaf, leaf_grad)
            if hooked is not leaf_grad:
                owned.discard(key)
                leaf_grad = hooked
        leaf._cleared = True
        # users mutate leaf gradients (clipping, optimizers), so a leaf must not share its array
        # with anything still alive (two references here: ``leaf_grad`` and getrefcount's)
        shared = key not in owned and (
            not leaf_grad.flags.writeable  # e.g. a broadcast view that an op's backward returned
            or not buffers.EXACT_REFCOUNTS or sys.getrefcount(leaf_grad) > 2
        )
        leaf._grad = leaf_grad.copy() if shared else leaf_grad
    for view in views:
        view._grad_source = view._base._grad
    if leaf_grad_listeners:
        for listener in tuple(leaf_grad_listeners):
            listener(leaves)
    for constant in constants:
        clear_graph(constant)


def _overridden_backward(creator: Any, grad: np.ndarray) -> Iterable[Tuple["Tensor", np.ndarray]]:
    """The ``(input, gradient)`` pairs of an op that overrides ``backward`` (MyGrad's style)."""
    input_grads = creator.backward(grad)
    if input_grads is None:  # it prepared, called super().backward() and returned nothing
        input_grads = creator._default_backward(grad)
    return input_grads


def _abandon_walk(tensor: "Tensor", pending: list, leaves: List["Tensor"], grads: Dict[int, np.ndarray]) -> None:
    """Leave the gradients as MyGrad leaves them when its walk stops at a cleared tensor.

    MyGrad clears every gradient in the graph before walking it, so the
    tensors not reached yet end with no gradient, and those reached part-way
    keep what they have accumulated so far. (``tensor``'s op keeps its place
    in the graph; ops done before it have been released already.)
    """
    reached = [entry[2] for entry in pending] + leaves
    for t in reached:
        t._grad = grads[id(t)].copy()
    seen = {id(t) for t in reached}
    seen.add(id(tensor))
    stack = list(tensor._creator.variables)
    for t in reached:
        if t._creator is not None:
            stack.extend(t._creator.variables)
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        t._grad = t._grad_source = None
        if t._creator is not None:
            stack.extend(t._creator.variables)


def _still_cleared(t: "Tensor") -> bool:
    """Whether the cleared ``t`` still is: a snapshot of a cleared tensor is cleared only while that tensor is."""
    ref = t._cleared_with
    if ref is None:
        return True
    original = ref()
    return original is None or original._cleared


def _cleared_graph_error(tensor: "Tensor") -> InvalidBackprop:
    return InvalidBackprop(
        f"Part of the graph behind this backward pass was cleared before it ran: a tensor of shape "
        f"{tensor.shape} and dtype {tensor.dtype} was cleared by an earlier backward() or clear_graph() "
        "after an op in this graph had used it, so its share of the gradient can no longer be computed. "
        "Clear all graphs and redo the computation."
    )


def clear_graph(root: "Tensor") -> None:
    """Detach every tensor upstream of ``root`` from its creator, and mark each one cleared."""
    stack = [root]
    while stack:
        tensor = stack.pop()
        tensor._cleared = True
        creator = tensor._creator
        if creator is None:
            continue
        base = tensor._base
        if base is not None:  # the view keeps the gradient its base has now (see Tensor.grad)
            tensor._grad_source = base._grad
        stack.extend(creator.variables)
        graph.release(creator, tensor)
