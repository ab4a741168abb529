"""What runs around a module's ``forward``: forward (pre-)hooks, and the buffer rollback of a call that raises.

Hooks: ``register_forward_pre_hook`` hooks run before ``forward`` and may
replace its arguments; ``register_forward_hook`` hooks run after it and may
replace its output (:func:`add_hook`, :func:`run_pre_hooks`,
:func:`run_forward_hooks`), as in PyTorch.

A training forward pass changes state as it goes: a BatchNorm layer updates
its running statistics and ``num_batches_tracked`` before the layers after
it run. If a later layer then refuses its input (a shape error, say), the
call raises, and without care the model would be left half-updated by a
batch that was never processed.

:class:`BufferRollback` prevents that for *any* module. The outermost
``module(...)`` call records every buffer of the module's tree (the registry
entries, the tensors' arrays and copies of their values - running
statistics and counters are small); a module called from inside that is not
part of the tree (a model held outside the registries) is recorded when it
is called. If the outermost call raises, every recorded buffer is put back,
exactly as it was; if it returns, the record is dropped.

Which modules of a tree hold buffers is worked out once per tree and cached
until any module's registries change (they are :class:`Registry` dicts,
which count their changes), so a call costs a cache lookup, a copy of each
buffer, and a set lookup per nested call: about 1 us for a small MLP.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple

import numpy as np

from mygrad.autodiff.memory.inplace import renew_memory

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.autodiff.tensor import Tensor
    from mygrad.nn.module import Module

__all__ = ["RemovableHandle", "BufferRollback", "Registry", "active_rollback", "calls", "add_hook", "run_pre_hooks",
           "run_forward_hooks"]

calls = threading.local()  # .rollback: the rollback of this thread's outermost module call, while one runs
_changes = [0]  # how many times any module's registries have changed
# id(root) -> (changes when made, weakref to root, ids of the tree's modules, the modules that hold buffers)
_plans: Dict[int, Tuple[int, Any, FrozenSet[int], Tuple["Module", ...]]] = {}


class Registry(OrderedDict):
    """A module's registry (``_parameters``, ``_buffers``, ``_modules``): an ordered dict that counts its changes.

    Any change - an item set, deleted, popped, cleared - makes the cached
    rollback plans of every tree be worked out again on their next call.
    """

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        _changes[0] += 1
        OrderedDict.__setitem__(self, key, value)

    def __delitem__(self, key: Any) -> None:
        _changes[0] += 1
        OrderedDict.__delitem__(self, key)

    def pop(self, *args: Any) -> Any:
        _changes[0] += 1
        return OrderedDict.pop(self, *args)

    def popitem(self, last: bool = True) -> Any:
        _changes[0] += 1
        return OrderedDict.popitem(self, last)

    def clear(self) -> None:
        _changes[0] += 1
        OrderedDict.clear(self)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        _changes[0] += 1
        return OrderedDict.setdefault(self, key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        _changes[0] += 1
        OrderedDict.update(self, *args, **kwargs)


def _plan_of(root: "Module") -> Tuple[int, Any, FrozenSet[int], Tuple["Module", ...]]:
    """The ids of ``root``'s tree and its modules that hold buffers (cached until a registry changes)."""
    plan = _plans.get(id(root))
    if plan is not None and plan[0] == _changes[0] and plan[1]() is root:
        return plan
    ids: Set[int] = set()
    holders = []
    stack = [root]
    while stack:
        module = stack.pop()
        if id(module) in ids:
            continue
        ids.add(id(module))
        state = module.__dict__  # (a module whose __init__ did not call super().__init__() has no registries)
        if state.get("_buffers"):
            holders.append(module)
        children = state.get("_modules")
        if children:
            stack.extend(child for child in children.values() if child is not None)
    if len(_plans) > 4096:  # (plans of modules that are gone)
        _plans.clear()
    plan = _plans[id(root)] = (_changes[0], weakref.ref(root), frozenset(ids), tuple(holders))
    return plan


def _record(module: "Module") -> Tuple["Module", dict, List[Tuple["Tensor", np.ndarray, np.ndarray]]]:
    """``module``'s buffer registry as it is, and each buffer tensor with its array and a copy of its values."""
    buffers = module.__dict__["_buffers"]
    return module, dict(buffers), [(t, t.data, t.data.copy()) for t in buffers.values() if t is not None]


class RemovableHandle:
    """Returned by :meth:`Module.register_forward_hook`; ``remove()`` unregisters the hook."""

    _next_id = 0

    def __init__(self, hooks: Dict[int, Callable]) -> None:
        self._hooks = hooks
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self) -> None:
        """Unregister the hook (a no-op if it is already gone)."""
        self._hooks.pop(self.id, None)

    def __enter__(self) -> "RemovableHandle":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.remove()


class WithKwargs:
    """A hook registered with ``with_kwargs=True`` (it is also given the call's keyword arguments)."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function


def add_hook(module: "Module", registry: str, hook: Callable[..., Any], prepend: bool,
             with_kwargs: bool) -> RemovableHandle:
    """Register ``hook`` in ``module``'s hook dict ``registry`` (created if a module unpickled from before lacks it)."""
    if not callable(hook):
        raise TypeError(f"{type(module).__name__}: a hook must be callable; got {type(hook).__name__}")
    for name, flag in (("prepend", prepend), ("with_kwargs", with_kwargs)):
        if not isinstance(flag, (bool, np.bool_)):  # (``if flag:`` would take any string or list as True)
            raise TypeError(f"{type(module).__name__}: a hook's `{name}` must be True or False; got {flag!r:.60}")
    hooks = module.__dict__.get(registry)
    if hooks is None:
        hooks = OrderedDict()
        object.__setattr__(module, registry, hooks)
    handle = RemovableHandle(hooks)
    hooks[handle.id] = WithKwargs(hook) if with_kwargs else hook
    if prepend:
        hooks.move_to_end(handle.id, last=False)
    return handle


def run_pre_hooks(module: "Module", hooks: Dict[int, Any], args: tuple, kwargs: dict) -> Tuple[tuple, dict]:
    """The arguments ``forward`` gets after the pre-hooks: each returns None, or new args (a bare value is wrapped
    in a tuple), or - registered with ``with_kwargs`` - ``(new_args, new_kwargs)``."""
    for hook in list(hooks.values()):
        if isinstance(hook, WithKwargs):
            changed = hook.function(module, args, kwargs)
            if changed is not None:
                if not (isinstance(changed, tuple) and len(changed) == 2):
                    raise RuntimeError(f"forward pre-hook {hook.function!r:.60} registered with with_kwargs=True must "
                                       f"return None or a tuple (new_args, new_kwargs); got {changed!r:.60}")
                args, kwargs = changed
        else:
            changed = hook(module, args)
            if changed is not None:
                args = changed if isinstance(changed, tuple) else (changed,)
    return args, kwargs


def run_forward_hooks(module: "Module", hooks: Dict[int, Any], args: tuple, kwargs: dict, result: Any) -> Any:
    """``forward``'s result after the forward hooks (a hook returning something other than None replaces it)."""
    for hook in list(hooks.values()):
        if isinstance(hook, WithKwargs):
            hooked = hook.function(module, args, kwargs, result)
        else:
            hooked = hook(module, args, result)
        if hooked is not None:
            result = hooked
    return result


def active_rollback() -> Optional["BufferRollback"]:
    """The rollback of the module call running in this thread, or None outside any module call."""
    return getattr(calls, "rollback", None)


class BufferRollback:
    """The buffers of one outermost module call, put back as they were if the call raises.

    Use as a context manager around the call; :meth:`cover` adds the buffers
    of a module called from inside it.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> class Net(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.norm, self.head = nn.BatchNorm1d(3), nn.Linear(4, 2)   # (head expects 4 features)
    ...     def forward(self, x):
    ...         return self.head(self.norm(x))
    >>> net = Net()
    >>> try:
    ...     net(np.ones((5, 3)))                  # norm updates its statistics, then head refuses
    ... except ValueError:
    ...     pass
    >>> int(net.norm.num_batches_tracked.item())  # as if the call had never been made
    0
    """

    __slots__ = ("covered", "extra", "saved")

    def __init__(self, module: "Module") -> None:
        _, _, self.covered, holders = _plan_of(module)
        self.extra: Optional[Set[int]] = None  # modules called from inside that are outside the tree
        # (module, its buffer registry as it was, [(tensor, its array, a copy of its values)])
        self.saved = [_record(m) for m in holders]

    def cover(self, root: "Module") -> None:
        """Record the buffers of ``root`` and every module below it that is not recorded yet."""
        key = id(root)
        if key in self.covered or (self.extra is not None and key in self.extra):
            return
        _, _, ids, holders = _plan_of(root)
        extra = self.extra if self.extra is not None else set()
        self.saved.extend(_record(m) for m in holders if id(m) not in self.covered and id(m) not in extra)
        extra |= ids
        self.extra = extra

    def restore(self) -> None:
        """Put every recorded buffer back: registry entries, arrays and values (the earliest record wins)."""
        for module, registry, arrays in reversed(self.saved):
            buffers = module.__dict__["_buffers"]
            if len(buffers) != len(registry) or any(buffers.get(k) is not t for k, t in registry.items()):
                buffers.clear()  # (a buffer was reassigned, added or removed by the failed call)
                buffers.update(registry)
            for tensor, array, values in arrays:
                tensor.data = array
                if not np.array_equal(array, values, equal_nan=array.dtype.kind in "fc"):
                    if array.flags.writeable:
                        array[...] = values
                    else:  # a live graph reads it (memory guarding): the tensor gets new memory, the graph the old
                        renew_memory(tensor)[...] = values

    def __enter__(self) -> "BufferRollback":
        calls.rollback = self
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        calls.rollback = None
        if exc_type is not None:
            self.restore()
