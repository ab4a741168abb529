"""Memory guarding: arrays that a live graph depends on are read-only.

Backpropagation reads the arrays that the forward pass saw. If one of them
were changed in between - ``x[:] = 0`` on a NumPy array that went into an op -
the gradients would silently be wrong. So while an op is part of a live
graph, the arrays it reads and the array it produced are made read-only;
writing to them raises NumPy's "read-only" ValueError instead of corrupting
the graph. The locks are released when the op is done with: after
``backward()`` has passed through it, after ``clear_graph()``, or when the
graph is garbage-collected.

Locks are counted (per tensor, then per array; see ``_locks`` below), so an
array read by several live ops becomes writeable again only when the last
of them is released. Arrays that were
read-only to begin with are left alone. (mygrad's own in-place operations -
``t[i] = v``, ``t += x`` - never need the guard lifted: they write into fresh
memory when a graph depends on the old values; see :mod:`mygrad.autodiff.memory.inplace`.)

Guarding is on by default. Turn it off globally with
``turn_memory_guarding_off()`` (or the environment variable
``MYGRAD_MEM_GUARD=0``), or locally with ``mem_guard_off`` as a context
manager or decorator. Ops run under :data:`mygrad.no_autodiff` build no graph
and so lock nothing.
"""

from __future__ import annotations

import os
import sys
import weakref
from typing import Any, Dict, Iterable, List, Sequence, Set

import numpy as np

from mygrad.autodiff.modes import ModeSwitch

__all__ = [
    "mem_guard_off",
    "mem_guard_on",
    "mem_guard_active",
    "turn_memory_guarding_off",
    "turn_memory_guarding_on",
]

def _guard_from_environment() -> bool:
    value = os.environ.get("MYGRAD_MEM_GUARD", "1").strip().lower()
    if value not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        raise ValueError(f"MYGRAD_MEM_GUARD must be 1/true/on or 0/false/off; got {value!r}")
    return value in {"1", "true", "yes", "on"}


guard_active = _guard_from_environment()

# Two levels of counting keep the common case cheap:
# * per tensor (``Tensor._holds``): how many live ops depend on the tensor - the op that
#   made it and every op that reads it. Only a tensor's first hold locks its array and
#   only its last one unlocks it, so a tensor read by many ops costs a counter each.
# * per array (``_locks``: id(array) -> count): how many tensors lock the array (and the
#   array owning a view's memory). Several tensors can share one array (views, or
#   ``Tensor(arr, copy=False)``); the array is writeable again only when all let go.
#   Every holder keeps the array alive, so an id here always names a live array.
_locks: Dict[int, int] = {}
# id(owner array) -> views whose locks were released while their owner was still locked
# (NumPy refuses to make a view writeable while its base is read-only)
_waiting_for_owner: Dict[int, List[np.ndarray]] = {}


class Holds(weakref.ref):
    """What a live op keeps read-only: its ``inputs`` (one hold each) and ``output_locked`` (its output's lock).

    It is a weak reference to the op, whose callback gives the holds back if
    the op is garbage-collected unreleased (its graph was dropped without
    ``backward()``). :func:`release_op` drops it first, so an op released by
    the walk dies without any Python call (a ``__del__`` would run for every op).
    Until then it sits in ``_unreleased``: the garbage collector skips the
    callback of a weak reference that is itself garbage (an op in a reference
    cycle, say one kept by an exception's traceback, takes its ``Holds`` along).
    """

    __slots__ = ("inputs", "output_locked")


_unreleased: Set[Holds] = set()


def guard_op(op: Any, inputs: Sequence[Any], output: Any) -> None:
    """Keep what ``op`` reads (its ``inputs``) and wrote (``output``) read-only until it is released.

    ``output`` is a tensor that no op holds yet. :func:`release_op` undoes this.
    """
    for t in inputs:
        holds = t._holds
        if holds:
            t._holds = holds + 1
        else:
            t._locked = _lock_array(t.data)
            t._holds = 1
    data = output.data
    # fresh memory (the usual case): not locked by anyone. (Reading ``flags`` costs about a
    # third of a small ufunc call, so an op that promises a new array skips it.)
    if op.fresh_result or (data.base is None and data.flags.writeable):
        data.setflags(False)
        _locks[id(data)] = 1
        locked: Sequence[np.ndarray] = (data,)
    else:
        locked = _lock_array(data)
    output._locked = locked
    output._holds = 1
    op_holds = op._guarded = Holds(op, _release_collected)
    op_holds.inputs = inputs
    op_holds.output_locked = locked
    _unreleased.add(op_holds)


def release_op(op: Any, output: Any) -> None:
    """Give back the holds ``op`` took in :func:`guard_op`.

    ``output`` is the op's output tensor, or None if that tensor is gone.
    (Runs once per op in every backward pass: the loop over the inputs is
    :func:`_release_inputs`, written out.)
    """
    op_holds = op._guarded
    op._guarded = None
    _unreleased.discard(op_holds)
    for t in op_holds.inputs:
        holds = t._holds
        if holds > 1:
            t._holds = holds - 1
        elif holds:
            t._holds = 0
            release(t._locked)
            t._locked = ()
    if output is None:
        release(op_holds.output_locked)
        return
    holds = output._holds
    if holds > 1:
        output._holds = holds - 1
    elif holds:
        output._holds = 0
        release(output._locked)
        output._locked = ()


def _release_inputs(inputs: Sequence[Any]) -> None:
    for t in inputs:
        holds = t._holds
        if holds > 1:
            t._holds = holds - 1
        elif holds:
            t._holds = 0
            release(t._locked)
            t._locked = ()


def _release_collected(op_holds: Holds) -> None:
    """An op died unreleased (its graph was dropped without ``backward()``): give its arrays back."""
    _unreleased.discard(op_holds)
    try:
        _release_inputs(op_holds.inputs)
        release(op_holds.output_locked)
    except Exception:  # pragma: no cover - interpreter shutdown
        pass


def move_holds(source: Any, target: Any, readers: Sequence[Any] = ()) -> None:
    """``target`` takes over ``source``'s holds (it now stands for ``source``'s array in the graph).

    ``readers`` are the ops that now read ``target`` in place of ``source``:
    the holds they took are counted on ``target`` from now on.
    """
    for op in readers:
        if op._guarded is not None:
            op._guarded.inputs = tuple(target if v is source else v for v in op._guarded.inputs)
    target._holds, source._holds = source._holds, 0
    if target._holds:
        target._locked = source._locked


def _lock_array(arr: np.ndarray) -> Sequence[np.ndarray]:
    """Lock one array (and the array owning its memory); return the arrays this lock must release."""
    held: List[np.ndarray] = []
    key = id(arr)
    count = _locks.get(key)
    if count is not None:  # already locked by another holder: count one more
        _locks[key] = count + 1
        held.append(arr)
    elif arr.base is None:  # an array that owns its memory
        if arr.flags.writeable:
            arr.setflags(False)
            _locks[key] = 1
            held.append(arr)
        # (otherwise read-only by nature: not ours to manage)
    else:
        owner = arr.base
        if type(owner) is np.ndarray:
            if _lock_one(owner, False):
                held.append(owner)
            # a view of a locked array is read-only too, but it is ours to unlock later
            if _lock_one(arr, id(owner) in _locks):
                held.append(arr)
        elif _lock_one(arr, False):
            held.append(arr)
    return held


def is_guarded(arr: np.ndarray) -> bool:
    """True if ``arr`` is read-only because a live graph locked it (or the array owning its memory)."""
    return id(arr) in _locks or (arr.base is not None and id(arr.base) in _locks)


def _lock_one(arr: np.ndarray, force: bool) -> bool:
    key = id(arr)
    count = _locks.get(key)
    if count is not None:
        _locks[key] = count + 1
        return True
    if arr.flags.writeable:
        arr.setflags(False)
    elif not force:  # read-only by nature: not ours to manage
        return False
    _locks[key] = 1
    return True


def release(held: Iterable[np.ndarray]) -> None:
    """Give back one lock on each array (as ``_lock_array`` returned them); an array with no locks left
    is writeable again."""
    locks = _locks
    for arr in held:
        key = id(arr)
        count = locks.get(key)
        if count is None:
            continue
        if count > 1:
            locks[key] = count - 1
            continue
        del locks[key]
        try:
            arr.setflags(True)
        except ValueError:  # its owner is still locked: wait for it
            _waiting_for_owner.setdefault(id(arr.base), []).append(arr)
            continue
        if _waiting_for_owner:
            _release_waiting_views(arr)


def _release_waiting_views(owner: np.ndarray) -> None:
    """``owner`` is writeable again: so are its views that were only waiting for it."""
    for view in _waiting_for_owner.pop(id(owner), ()):
        if id(view) not in _locks:
            try:
                view.setflags(True)
            except ValueError:  # pragma: no cover - the owner was re-locked meanwhile
                pass


def mem_guard_active() -> bool:
    """True if arrays in live graphs are currently made read-only.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.mem_guard_active()   # on by default
    True
    >>> with mg.mem_guard_off:
    ...     print(mg.mem_guard_active())
    False
    """
    return guard_active


def turn_memory_guarding_off() -> None:
    """Stop locking arrays that live graphs depend on (except inside ``mem_guard_on``).

    Faster for many small tensors, but mutating an array that a graph still
    needs then silently corrupts its gradients.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> mg.turn_memory_guarding_off()
    >>> x = np.arange(3.0)
    >>> y = mg.tensor([1.0, 1.0, 1.0])
    >>> z = x * y
    >>> x[:] = 0                 # allowed now - and it corrupts z's graph
    >>> z.backward()
    >>> y.grad                   # should have been [0., 1., 2.]
    array([0., 0., 0.])
    >>> mg.turn_memory_guarding_on()
    """
    global guard_active
    guard_active = False


def turn_memory_guarding_on() -> None:
    """Lock arrays that live graphs depend on (the default).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> x = np.arange(3.0)
    >>> y = mg.tensor([1.0, 1.0, 1.0])
    >>> z = x * y
    >>> x[:] = 0
    Traceback (most recent call last):
    ValueError: assignment destination is read-only
    >>> z.backward()
    >>> y.grad
    array([0., 1., 2.])
    >>> x[:] = 0                 # the graph is gone: x is writeable again
    """
    global guard_active
    guard_active = True


mem_guard_off = ModeSwitch(
    sys.modules[__name__], "guard_active", False, "mygrad.mem_guard_off",
    """Suspend memory guarding inside a ``with`` block or a decorated function.

    Examples
    --------
    >>> import mygrad as mg
    >>> with mg.mem_guard_off:
    ...     pass   # ops here leave their arrays writeable
    """,
)

mem_guard_on = ModeSwitch(
    sys.modules[__name__], "guard_active", True, "mygrad.mem_guard_on",
    """Enable memory guarding inside a ``with`` block or a decorated function.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> mg.turn_memory_guarding_off()
    >>> x = np.arange(3.0)
    >>> with mg.mem_guard_on:
    ...     z = x * mg.tensor([1.0, 1.0, 1.0])
    >>> x.flags.writeable       # locked while z's graph needs it
    False
    >>> z.backward()
    >>> x.flags.writeable       # the graph is cleared: unlocked
    True
    >>> mg.turn_memory_guarding_on()
    """,
)
