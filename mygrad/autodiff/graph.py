"""Graph bookkeeping: how an op enters the graph and how it leaves it.

Two functions, and every path that makes or retires an op goes through them:
:func:`mygrad.execute_op` for ordinary ops, the in-place machinery
(:mod:`mygrad.autodiff.memory.inplace`) for writes, and the backward walk.

* :func:`record` - the op has run and produced ``output`` from ``inputs``:
  number it, register it as a reader of each input, clear the inputs' stale
  gradients (MyGrad 2's rule), note a view's base, and (with memory guarding
  on) make the arrays it depends on read-only.
* :func:`release` - the op is done (its backward ran, or its graph was
  cleared): detach its output, let go of its inputs and unlock its arrays.

Numbering: ops are numbered as they are recorded, counting down, so an op's
number is below those of the ops that made its inputs. The backward walk
(:mod:`mygrad.autodiff.backprop`) relies on it to visit the graph in order.
"""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING, Any, Optional, Sequence

from mygrad.autodiff.memory import guard, views

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.autodiff.operation import Operation
    from mygrad.autodiff.tensor import Tensor

__all__ = ["record", "release", "set_creator", "hand_over", "live_readers"]

_op_numbers = itertools.count(0, -1)


def record(op: "Operation", inputs: Sequence["Tensor"], output: "Tensor", view_step: Optional[tuple] = None) -> None:
    """Enter ``op``, which made ``output`` from ``inputs``, into the graph.

    Each input keeps weak references to the ops that read it: an in-place
    write uses them to re-point those ops at the old values. An input taking
    part in an op is no longer ``_cleared`` (see the backward walk) and loses
    the gradient of its last backward pass (MyGrad 2's rule) - except when
    ``op`` only takes a view of it. A view whose graph was cleared is
    disconnected from its base as it enters the op (MyGrad's rule): its
    gradient from now on is its own.

    Parameters
    ----------
    op : Operation
        The op; ``output.creator`` is already ``op``.
    inputs : Sequence[Tensor]
        The tensors it read.
    output : Tensor
        Its result.
    view_step : Optional[tuple]
        For an op that may return a view of ``inputs[0]`` (reshape, basic
        indexing ...): ``(op_type, op_args, op_kwargs)``, the step to record
        in the view's chain if ``output`` really is a view.
    """
    op._seq = next(_op_numbers)
    ref = weakref.ref(op)
    clear_grads = view_step is None
    for t in inputs:
        if t._base is not None and t._creator is None:
            views.disconnect(t)
        if clear_grads:
            t._grad = None
        t._cleared = False
        if t._constant and t._creator is not None:  # the walk clears such graphs too (see backprop)
            op._reads_constant_graph = True
        readers = t._ops
        if readers is None:
            t._ops = [ref]
            continue
        readers.append(ref)
        n = len(readers)
        if n >= 32 and not n & (n - 1):  # at powers of two, forget finished ops
            readers[:] = [r for r in readers if (reader := r()) is not None and reader.variables]  # (is_live, inlined)
    if view_step is not None and not views.attach_view(output, inputs[0], view_step):
        for t in inputs:  # not a view after all: the inputs lose their stale gradients as for any op
            t._grad = None
    if guard.guard_active:
        guard.guard_op(op, inputs, output)


def release(op: "Operation", output: Optional["Tensor"]) -> None:
    """Take ``op`` out of the graph: detach it from its output and inputs, and unlock the arrays it kept read-only.

    (The backward walk does the same inline: :mod:`mygrad.autodiff.backprop`.)

    ``output`` is the tensor the op produced (None if it is gone); it keeps
    its data and gradient, has no creator from now on and is marked
    cleared (an op recorded before cannot backpropagate into it any more).
    """
    if output is not None:
        output._creator = None
        output._cleared = True
    op.variables = ()
    if op._guarded is not None:
        guard.release_op(op, output)


def set_creator(t: "Tensor", op: Optional["Operation"], constant: bool) -> None:
    """Make ``op`` the creator of the existing tensor ``t`` (an in-place write rewrote ``t``)."""
    t._creator = op
    t._constant = constant
    t._grad = None


def live_readers(t: "Tensor") -> list:
    """The ops recorded as reading ``t`` that are still part of a graph."""
    return [op for op in (ref() for ref in t._ops or ()) if is_live(op)]


def hand_over(t: "Tensor", stand_in: "Tensor") -> None:
    """Let ``stand_in`` take ``t``'s place in the graph: its creator, its readers and its memory-guard holds.

    Used before an in-place write changes ``t``: the graph keeps ``t``'s old
    array through ``stand_in``, and ``t`` is left outside any graph.
    """
    readers = live_readers(t)
    for op in readers:
        op.variables = tuple(stand_in if v is t else v for v in op.variables)
    guard.move_holds(t, stand_in, readers)
    stand_in._creator, t._creator = t._creator, None
    stand_in._ops, t._ops = t._ops, None


def is_live(op: Any) -> bool:
    """True for an op that is still part of a graph (not yet released)."""
    return op is not None and bool(op.variables)
