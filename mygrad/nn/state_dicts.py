"""Module state dicts: the flat ``"layer.weight" -> array`` view of a model, and its checked loading.

Keys are the dotted attribute paths, exactly as PyTorch names them, so
weights move between the two libraries. :func:`load_into` checks every
entry before it copies any, so a foreign or damaged state dict leaves the
module exactly as it was.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, List, NamedTuple, Tuple

import numpy as np

from mygrad.autodiff.memory import guard
from mygrad.autodiff.memory.inplace import renew_memory
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.parameter import Parameter
from mygrad.nn.uninitialized import is_lazy

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.nn.module import Module

__all__ = ["IncompatibleKeys", "state_entries", "load_into"]


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(..., strict=False)`` could not match."""

    missing_keys: List[str]
    unexpected_keys: List[str]


def state_entries(root: "Module", prefix: str = "") -> "OrderedDict[str, Tensor]":
    """Every persistent parameter/buffer by state-dict key, in PyTorch's order (tied ones under each name)."""
    entries: "OrderedDict[str, Tensor]" = OrderedDict()
    stack: List[Tuple[str, "Module"]] = [(prefix, root)]
    while stack:
        module_prefix, module = stack.pop()
        for name, param in module._parameters.items():
            if param is not None:
                entries[module_prefix + name] = param
        for name, buffer in module._buffers.items():
            if buffer is not None and name not in module._non_persistent_buffers:
                entries[module_prefix + name] = buffer
        children = [(module_prefix + n + ".", m) for n, m in module._modules.items() if m is not None]
        stack.extend(reversed(children))
    return entries


def load_into(module: "Module", state_dict: Any, strict: Any = True) -> IncompatibleKeys:
    """``module.load_state_dict(state_dict, strict)``: check every entry, then copy them all."""
    owner = f"{type(module).__name__}.load_state_dict"
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"{owner}: Expected state_dict to be dict-like, got {type(state_dict).__name__}")
    if not isinstance(strict, (bool, np.bool_)):
        raise TypeError(f"{owner}: strict must be True or False; got {strict!r:.60}")
    targets = state_entries(module)
    missing = [key for key in targets if key not in state_dict]
    unexpected = [key for key in state_dict.keys() if key not in targets]
    problems = []
    if strict and missing:
        problems.append("Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ".")
    if strict and unexpected:
        problems.append("Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ".")
    new_values = []
    for key, target in targets.items():
        if key not in state_dict:
            continue
        value = state_dict[key]
        if is_lazy(value):  # (a lazy module's placeholder: it loads into a placeholder, as PyTorch, and nothing else)
            if not is_lazy(target):
                problems.append(f"cannot load {key}: it is an uninitialized parameter or buffer (of a lazy module "
                                f"not yet called) and the model's is initialized.")
            continue
        try:
            array = np.asarray(value.data if isinstance(value, Tensor) else value)
        except (TypeError, ValueError) as error:  # a ragged list, say
            problems.append(f"cannot read {key} as an array ({type(value).__name__}: {error}).")
            continue
        if is_lazy(target):  # a placeholder takes the loaded shape (a size-0 value, as saved from one, leaves it)
            if array.size and not np.can_cast(array.dtype, target.data.dtype, casting="same_kind"):
                problems.append(f"dtype mismatch for {key}: cannot copy {array.dtype} values from checkpoint into "
                                f"the model's {target.data.dtype} placeholder.")
            elif array.size:
                new_values.append((target, array))
        elif array.shape != target.data.shape:
            problems.append(
                f"size mismatch for {key}: copying a param with shape {array.shape} from checkpoint, "
                f"the shape in current model is {target.data.shape}."
            )
        elif not np.can_cast(array.dtype, target.data.dtype, casting="same_kind"):
            problems.append(
                f"dtype mismatch for {key}: cannot copy {array.dtype} values from checkpoint into the "
                f"model's {target.data.dtype} {'parameter' if isinstance(target, Parameter) else 'buffer'}."
            )
        else:
            new_values.append((target, array))
    if problems:
        raise RuntimeError(
            f"Error(s) in loading state_dict for {type(module).__name__}:\n\t" + "\n\t".join(problems)
        )
    for key, target in targets.items():  # a read-only array that cannot be renewed: refuse before any write
        if target.data.flags.writeable or key not in state_dict:
            continue
        if target.base is not None or not guard.is_guarded(target.data):
            raise RuntimeError(f"{owner}: cannot copy into {key}: its array is read-only (not by a live graph)")
    for target, _ in new_values:  # all checked before any write: a failure changes nothing
        if not target.data.flags.writeable:  # a live graph reads it: it keeps the old array
            renew_memory(target)
    for target, array in new_values:
        if is_lazy(target):
            target.materialize(array.shape)
        target.data[...] = array
    return IncompatibleKeys(missing, unexpected)
