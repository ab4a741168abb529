"""Gradient hooks: ``tensor.register_hook(hook)`` (PyTorch's), run by the backward walk.

When a backward pass has computed a tensor's whole gradient - before it is
passed on to the tensor's creator, or, for a leaf, before it becomes
``.grad`` - each of the tensor's hooks is called with it, in the order they
were registered. A hook returns None, or an array (or number) of the
gradient's shape that replaces it from then on: scaling, clipping or
reversing the gradient of one tensor (a gradient-reversal layer), logging it.

The hook sees a read-only view: a gradient array can be shared (``a + b``
hands one array to both inputs), so changing it in place would change
others; return a new array instead.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Dict, Optional

import numpy as np

__all__ = ["HookHandle", "register_hook", "run_hooks"]

Hook = Callable[[np.ndarray], Optional[Any]]
_ids = itertools.count()


class HookHandle:
    """What ``register_hook`` returns: ``remove()`` unregisters the hook (twice is harmless)."""

    def __init__(self, hooks: Dict[int, Hook]) -> None:
        self._hooks, self.id = hooks, next(_ids)

    def remove(self) -> None:
        self._hooks.pop(self.id, None)

    def __enter__(self) -> "HookHandle":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.remove()


def register_hook(tensor: Any, hook: Hook) -> HookHandle:
    """Register ``hook`` on ``tensor`` (see the module docstring); returns its :class:`HookHandle`."""
    if not callable(hook):
        raise TypeError(f"register_hook: hook must be callable (hook(grad) -> None or a new gradient); "
                        f"got {type(hook).__name__}")
    if tensor._constant:
        raise RuntimeError("register_hook: cannot register a hook on a constant tensor (it gets no gradient)")
    hooks = tensor.__dict__.get("_hooks")
    if hooks is None:
        hooks = tensor._hooks = {}
    handle = HookHandle(hooks)
    hooks[handle.id] = hook
    return handle


def run_hooks(tensor: Any, grad: np.ndarray) -> np.ndarray:
    """``grad`` after each of ``tensor``'s hooks (a hook returning None keeps it)."""
    for hook in list(tensor._hooks.values()):
        seen = grad.view()
        seen.flags.writeable = False
        replaced = hook(seen)
        if replaced is None:
            continue
        replaced = np.asarray(getattr(replaced, "data", replaced))  # (a tensor returned: its data)
        if replaced.shape != grad.shape:
            raise ValueError(f"register_hook: a hook returned a gradient of shape {replaced.shape} for a tensor "
                             f"of shape {grad.shape}")
        grad = replaced.astype(grad.dtype, copy=False)
    return grad
