"""In-place operations on tensors: ``t[index] = v``, ``t += x``, ``np.add(a, b, out=t)``.

A write must reach every tensor that shows the written memory: the base
and its live views (see :mod:`mygrad.autodiff.memory.views` for how views
are tracked, and for the *positions* of the base each view covers).

Mutation
--------
Outside any graph (no op has used the tensor or its views, and the written
value is a constant) an in-place op simply writes into the memory, as NumPy
does, and every view sees the change. If that memory is read-only because a
live graph still reads it through another tensor (say a view that was
disconnected from its base; see ``Tensor.base``), the write goes into fresh
memory instead, as it would inside a graph. (Under ``no_autodiff`` it
raises instead.)

A view whose graph has been cleared is disconnected from its base when it
is written to, exactly as when it takes part in an op (MyGrad's rule).

Inside a graph the earlier ops must keep seeing the values they saw. So a
mutation of tensor ``t`` with base ``b``:

1. moves the graph history of ``b`` and of each of its live views onto
   *snapshot* tensors that keep the pre-mutation arrays, re-pointing every
   op that used them;
2. computes ``b``'s new data with :class:`WriteIntoBase` - the old base
   with the value written at ``t[index]``'s positions - into fresh memory,
   and makes that op ``b``'s creator;
3. re-derives each live view's data from the new memory (so views still
   share memory with their base) and makes each view's creator a
   :class:`ViewOfBase` of the new ``b``.

Gradients then flow to both the pre-mutation tensors and the written value,
exactly as if the computation had been written out of place.
"""

from __future__ import annotations

import weakref
from typing import Any, List, Optional

import numpy as np

from mygrad.autodiff import graph, modes, op_table
from mygrad.autodiff.gradients import unbroadcast
from mygrad.autodiff.index_text import brief_index
from mygrad.autodiff.memory import guard
from mygrad.autodiff.memory.views import disconnect, extend_chain, live_views, positions_in_base
from mygrad.autodiff.operation import Operation
from mygrad.autodiff.tensor import Tensor, data_of

__all__ = ["setitem", "inplace_op", "set_shape", "renew_memory", "WriteIntoBase", "ViewOfBase"]


class WriteIntoBase(Operation):
    """``new = old.copy(); new.flat[positions] = value`` - the base after a write."""

    def __call__(self, old, value, positions):
        self.variables = (old, value)
        self.positions = positions
        new = old.data.copy(order="K")  # (keeps the layout, as MyGrad's copy: a transposed tensor stays one)
        fitted = value.data.reshape(_fitted_shape(value.shape, positions.ndim))
        new.flat[positions.ravel()] = np.broadcast_to(fitted, positions.shape).ravel()
        return new

    def backward_var(self, grad, index, **kwargs):
        flat_positions = self.positions.ravel()
        if index == 0:  # overwritten elements no longer depend on the old values
            out = grad.copy()
            out.flat[flat_positions] = 0
            return out
        picked = grad.ravel()[flat_positions]
        # an element written twice keeps only its last write: earlier writes get no gradient
        last_write = _last_occurrence_mask(flat_positions)
        if last_write is not None:
            picked = picked * last_write
        value_shape = self.variables[1].shape
        picked = picked.reshape(self.positions.shape)
        if len(value_shape) > self.positions.ndim:  # a value with extra leading 1s (a[0] = [[1, 2]])
            picked = unbroadcast(picked, _fitted_shape(value_shape, picked.ndim)).reshape(value_shape)
        return picked  # the base class sums over broadcast copies


class ViewOfBase(Operation):
    """A view re-attached to its (mutated) base: ``view = base.flat[positions]``.

    (The view's data itself is re-derived by replaying its view ops, so that
    it shares the base's memory; this op records the dependency.)
    """

    def __call__(self, base, positions):
        self.variables = (base,)
        self.positions = positions
        return base.data.ravel()[positions]

    def backward_var(self, grad, index, **kwargs):
        base = self.variables[0].data
        # each element of the view came from one base position; positions may repeat
        # (broadcast views), so accumulate
        summed = np.bincount(self.positions.ravel(), weights=grad.ravel(), minlength=base.size)
        return summed.reshape(base.shape)


def _last_occurrence_mask(flat_positions: np.ndarray) -> Optional[np.ndarray]:
    """1 where a position is written for the last time, 0 for earlier writes; None if none repeat."""
    reversed_positions = flat_positions[::-1]
    unique, first_in_reversed = np.unique(reversed_positions, return_index=True)
    if unique.size == flat_positions.size:
        return None
    mask = np.zeros(flat_positions.size)
    mask[flat_positions.size - 1 - first_in_reversed] = 1
    return mask


def _in_graph(t: Tensor) -> bool:
    """True if ``t`` was produced by an op, or some live op reads it."""
    return t._creator is not None or bool(graph.live_readers(t))


def _snapshot(t: Tensor) -> Tensor:
    """Move ``t``'s graph history onto a new tensor that keeps ``t``'s current array.

    A cleared ``t`` (see the backward walk) gives a snapshot that is cleared
    as long as ``t`` is: the ops recorded before the clearing cannot
    backpropagate into it until ``t`` takes part in an op again (MyGrad's
    rule: those ops still read ``t``, and a walk through them raises
    InvalidBackprop while no op uses ``t``).
    """
    old = Tensor._wrap(t.data, None, t._constant)
    graph.hand_over(t, old)
    if t._cleared:
        old._cleared = True
        old._cleared_with = weakref.ref(t)  # (weak: no cycle through t's new graph)
    return old


def _write_input(snapshot: Tensor) -> Tensor:
    """The tensor a write reads the old values from: ``snapshot``, or for a cleared one a fresh stand-in.

    (The write is a new op: it may backpropagate into the old values even
    where the ops recorded before the clearing may not; reading the cleared
    tensor itself would mark it as used again.)
    """
    if not snapshot._cleared or snapshot._creator is not None:
        return snapshot
    return Tensor._wrap(snapshot.data, None, snapshot._constant)


def _as_value_tensor(value: Any) -> Tensor:
    if isinstance(value, Tensor):
        return value
    return Tensor(value, constant=True, copy=False)


def setitem(target: Tensor, index: Any, value: Any) -> None:
    """``target[index] = value``, differentiable, visible through every view of ``target``'s memory.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0, 3.0])
    >>> w = mg.tensor(10.0)
    >>> x[1] = w * 2
    >>> x.backward()
    >>> w.grad
    array(2.)
    """
    index = data_of(index)  # tensors inside an index stand for their data
    value = _as_value_tensor(value)
    try:
        _setitem(target, index, value)
    except (IndexError, ValueError, OverflowError) as error:  # (OverflowError: an int index beyond int64)
        if type(error) not in (IndexError, ValueError, OverflowError):  # mygrad's own subclasses name their facts
            raise
        raise type(error)(f"cannot assign a value of shape {value.shape} to a tensor of shape {target.shape} at "
                          f"{brief_index(index)}: {error}") from error


def _setitem(target: Tensor, index: Any, value: Tensor) -> None:
    family = _memory_family(target)
    if _writes_straight_to_memory(family, value._constant, target):
        target.data[index] = value.data
        _clear_grads(family)
        return
    positions = positions_in_base(target)
    if _read_only_by_nature(target, positions):
        raise ValueError(
            "cannot write into this tensor in place: its memory is read-only (not because a graph uses it: "
            "it was read-only to begin with, as NumPy's broadcast_to and sliding_window_view results are)"
        )
    base, *views = family
    written = positions[index]
    _check_fits(value.shape, written.shape)  # before any graph history moves
    _write_in_graph(base, views, written, value)


def _fitted_shape(value_shape: tuple, ndim: int) -> tuple:
    """``value_shape`` without the leading 1s beyond ``ndim`` dimensions: NumPy drops them (``a[0] = [[1, 2]]``)."""
    extra = 0
    while len(value_shape) - extra > ndim and value_shape[extra] == 1:
        extra += 1
    return tuple(value_shape[extra:])


def _check_fits(value_shape: tuple, shape: tuple) -> None:
    """NumPy's ValueError unless a value of ``value_shape`` can be assigned to ``shape`` elements."""
    fitted = _fitted_shape(value_shape, len(shape))
    try:
        fits = len(fitted) <= len(shape) and np.broadcast_shapes(fitted, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"could not broadcast input array from shape {value_shape} into shape {shape}")


def _memory_family(target: Tensor) -> List[Tensor]:
    """``target``'s base followed by the base's live views: every tensor showing that memory.

    A view whose graph was cleared is first disconnected from its base (as
    when it enters an op), unless under ``no_autodiff``.
    """
    if target._base is not None and target._creator is None and not modes.no_autodiff_active:
        disconnect(target)
    base = target._base if target._base is not None else target
    return [base, *live_views(base)]


def _writes_straight_to_memory(family: List[Tensor], value_is_constant: bool, target: Tensor) -> bool:
    """True if the write can go straight into ``target``'s memory, as NumPy's would.

    That is so under ``no_autodiff`` (where a read-only target raises), or for a
    constant written into writeable memory that no live op reads and no op produced.
    """
    if modes.no_autodiff_active:
        _check_writeable(target)
        return True
    return value_is_constant and target.data.flags.writeable and not any(_in_graph(t) for t in family)


def _read_only_by_nature(target: Tensor, positions: np.ndarray) -> bool:
    """True if NumPy itself would refuse to write into ``target`` (memory guarding aside)."""
    if not positions.flags.writeable:  # replaying its view ops gave a read-only view (broadcast_to, ...)
        return True
    creator = target._creator
    if creator is not None:
        return creator.read_only_result
    data = target.data
    return not data.flags.writeable and not guard.is_guarded(data)


def _clear_grads(family: List[Tensor]) -> None:
    for t in family:
        t._grad = None


def _check_writeable(target: Tensor) -> None:
    if target.data.flags.writeable:
        return
    if target.data.base is not None and not target.data.base.flags.writeable or not target.data.flags.owndata:
        why = "its memory is read-only (a view of read-only memory, or locked by a live graph)"
    else:
        why = "its memory is read-only"
    raise ValueError(
        f"cannot write into this tensor in place: {why}. If a live computational graph depends on it "
        "(memory guarding), call backward() or clear_graph() on that graph first, or make the write outside "
        "no_autodiff so that it is recorded in the graph."
    )


def _write_in_graph(base: Tensor, views: List[Tensor], positions: np.ndarray, value: Tensor) -> None:
    old_base = _write_input(_snapshot(base))
    if value is base:  # ``t[...] = t``: the op reads the old values, not the tensor it rewrites
        value = old_base
    for view in views:
        if view is value:  # ``t[...] = view_of_t``: likewise (and no cycle in the graph)
            value = _write_input(_snapshot(view))
        elif _in_graph(view):
            _snapshot(view)
    op = WriteIntoBase()
    base.data = op(old_base, value, positions)
    # the written tensor keeps its own constant-ness (MyGrad's rule): writing a variable into a constant
    # tensor does not make it trainable, and no gradient flows back to the value through it
    constant = old_base._constant or base.data.dtype.kind not in "fc"
    for view in views:  # the views see the new memory
        view.data = view._view_of(base.data)
    # (a constant result is recorded too, as every op on constants is: see execute_op)
    graph.set_creator(base, op, constant)
    graph.record(op, op.variables, base)
    if len(views) > 1:  # parents before the views taken from them
        views = sorted(views, key=lambda v: len(v._view_chain or ()))
    # each view's chain is its parent's chain and one more step (a tuple of its own): the last step names the view
    taken_by = {id(v._view_chain[-1]): v for v in views if v._view_chain}
    for view in views:
        parent, positions_in_parent = _parent_view(view, base, taken_by)
        view_op = ViewOfBase()
        view_op.variables, view_op.positions = (parent,), positions_in_parent
        graph.record(view_op, view_op.variables, view)
        graph.set_creator(view, view_op, constant)


def _parent_view(view: Tensor, base: Tensor, taken_by: dict):
    """The live tensor ``view`` was taken from (a view of ``base``, else ``base``), and its positions there.

    As MyGrad re-creates each view from the one it was taken from, so that a
    backward pass (or clear_graph) from a view passes through its parent views.
    ``taken_by`` maps the id of each live view's last chain step to the view.
    """
    chain = view._view_chain or ()
    for depth in range(len(chain) - 1, 0, -1):
        parent = taken_by.get(id(chain[depth - 1]))
        if parent is not None and parent is not view and len(parent._view_chain) == depth:
            positions = np.arange(parent.data.size).reshape(parent.data.shape)
            for op_type, op_args, op_kwargs in chain[depth:]:
                positions = op_type()(Tensor._wrap(positions, None, True), *op_args, **op_kwargs)
            return parent, positions
    return base, positions_in_base(view)


def inplace_op(ufunc: np.ufunc, func: Any, target: Tensor, other: Any) -> Tensor:
    """``target = func(target, other)`` written into ``target``'s memory (``t += x`` and friends).

    Follows NumPy's rules for in-place ufuncs: the result must keep
    ``target``'s shape, and its dtype must cast to ``target``'s under
    ``same_kind`` casting. Outside any graph this is exactly
    ``ufunc(target.data, other, out=target.data)``, so ``w -= lr * w.grad``
    after ``backward()`` costs what the NumPy statement costs.
    """
    family = _memory_family(target)
    other_is_constant = not isinstance(other, Tensor) or other._constant
    if _writes_straight_to_memory(family, other_is_constant, target):
        other_data = other.data if isinstance(other, Tensor) else other
        ufunc(target.data, other_data, out=target.data, casting="same_kind")
        _clear_grads(family)
        return target
    # (a cleared target is read through a stand-in: reading it would mark it as used again - MyGrad's rule)
    result = func(target if target._base is not None else _write_input(target), other)
    if result.shape != target.shape:
        raise ValueError(
            f"non-broadcastable output operand with shape {target.shape} doesn't match the broadcast shape {result.shape}"
        )
    if not np.can_cast(result.dtype, target.dtype, casting="same_kind"):
        raise TypeError(
            f"Cannot cast the result of in-place {ufunc.__name__} from {result.dtype} to the tensor's dtype "
            f"{target.dtype} with casting rule 'same_kind'"
        )
    setitem(target, Ellipsis, result)
    return target


def set_shape(target: Tensor, new_shape: Any) -> None:
    """``target.shape = new_shape``: reshape in place without copying, as for an ndarray.

    Outside any graph only the array's shape changes. Inside a graph the
    tensor's history moves to a snapshot and the tensor becomes a reshape of
    it, so gradients still flow to everything computed before.
    """
    reshaped = target.data.view()
    reshaped.shape = new_shape  # NumPy's rules: raises if a copy would be needed
    if live_views(target):
        raise ValueError(
            "cannot set the shape of a tensor that has live views (they were derived from its old shape); "
            "use reshape() to get a new tensor instead"
        )
    if modes.no_autodiff_active or not _in_graph(target):
        target.data = reshaped
        return
    old = _snapshot(target)
    op = op_table.Reshape()
    target.data = op(old, reshaped.shape)
    graph.set_creator(target, op, old._constant)
    graph.record(op, op.variables, target)
    if target._base is not None:
        extend_chain(target, op_table.Reshape, (reshaped.shape,))


def renew_memory(target: Tensor) -> np.ndarray:
    """Give ``target`` fresh, writeable memory holding its current values; return that array.

    For a tensor whose array a live graph keeps read-only (memory guarding)
    but that must be changed outside any graph - an optimizer updating a
    parameter while a model output computed from it is still alive. The
    graph keeps the old array through a snapshot tensor (as for an in-graph
    write), so its values and gradients stay those of the pre-update values;
    ``target`` leaves that graph, keeps its ``.grad``, and its views are
    re-derived from the new memory. No op is recorded: the change is not
    differentiable.

    Raises
    ------
    ValueError
        If ``target`` is a view of another tensor, or its memory is read-only
        by nature rather than by memory guarding.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.autodiff.memory.inplace import renew_memory
    >>> w = mg.tensor([1.0, 2.0])
    >>> y = (w * w).sum()                 # the live graph keeps w's array read-only
    >>> w.data.flags.writeable
    False
    >>> renew_memory(w)[...] = 0.0        # w gets new memory; y's graph keeps [1, 2]
    >>> y.backward()
    >>> w, y
    (Tensor([0., 0.]), Tensor(5.))
    """
    if target._base is not None:
        raise ValueError("cannot give a view new memory of its own: renew the memory of its base instead")
    data = target.data
    if not data.flags.writeable and not guard.is_guarded(data):
        raise ValueError("cannot give this tensor new memory: its array is read-only by nature, not by a live graph")
    views = live_views(target)
    for t in (target, *views):
        if _in_graph(t):
            _snapshot(t)
    target.data = np.array(data, copy=True, order="K")
    for view in views:
        view.data = view._view_of(target.data)
    return target.data


op_table.fill(setitem=setitem, inplace_op=inplace_op, set_shape=set_shape)
