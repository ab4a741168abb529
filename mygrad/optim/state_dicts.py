"""Optimizer state dicts: an optimizer's options and state as plain data, and their checked restoration.

:func:`save_state` replaces each parameter by its *position* - counting
through the groups in order - never by ``id``, so a state dict saved in one
process loads into an optimizer built the same way in another.
:func:`load_state` checks every entry of a state dict - its structure, each
group's options (with the optimizer's own ``_check_options``), each state
entry's type and shape - before it changes anything, so a foreign or damaged
state dict leaves the optimizer exactly as it was.
"""

from __future__ import annotations

import copy
from collections import defaultdict
import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Dict, List, Tuple

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.optim._options import IMPLEMENTATION_FLAGS, OPTIMIZER_OPTIONS, implementation_flags

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.optim.optimizer import Optimizer

__all__ = ["save_state", "load_state"]


def save_state(optimizer: "Optimizer") -> Dict[str, Any]:
    """``optimizer.state_dict()``: options and state as plain data, parameters replaced by positions."""
    positions: Dict[int, int] = {}
    groups = []
    for group in optimizer.param_groups:
        saved = {k: copy.deepcopy(v) for k, v in group.items() if k != "params"}
        saved["params"] = [positions.setdefault(id(p), len(positions)) for p in group["params"]]
        groups.append(saved)
    state = {}
    for group in optimizer.param_groups:
        for p in group["params"]:
            if p in optimizer.state:
                state[positions[id(p)]] = {k: _copy_value(v) for k, v in optimizer.state[p].items()}
    return {"state": state, "param_groups": groups}


def load_state(optimizer: "Optimizer", state_dict: Dict[str, Any]) -> None:
    """``optimizer.load_state_dict(state_dict)``: check every entry, then apply them all."""
    owner = f"{type(optimizer).__name__}.load_state_dict"
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"{owner}: expected the dict that optimizer.state_dict() returns; got "
                        f"{type(state_dict).__name__}")
    missing = [key for key in ("state", "param_groups") if key not in state_dict]
    if missing:
        raise ValueError(
            f"{owner}: not an optimizer state dict (no {' or '.join(map(repr, missing))}; "
            f"got keys {sorted(map(str, state_dict))}); pass what optimizer.state_dict() returned"
        )
    saved_groups, saved_state = state_dict["param_groups"], state_dict["state"]
    if not isinstance(saved_groups, (list, tuple)) or not all(isinstance(g, Mapping) for g in saved_groups):
        raise TypeError(f"{owner}: 'param_groups' must be a list of dicts, as state_dict() returns; got "
                        f"{saved_groups!r:.80}")
    if not isinstance(saved_state, Mapping):
        raise TypeError(f"{owner}: 'state' must be a dict from parameter positions to dicts; got "
                        f"{saved_state!r:.80}")
    if len(saved_groups) != len(optimizer.param_groups):
        raise ValueError(
            f"{owner}: loaded state dict has {len(saved_groups)} parameter groups, "
            f"but the optimizer has {len(optimizer.param_groups)}"
        )
    params: List[Tensor] = []
    group_of: List[int] = []
    new_options: List[Dict[str, Any]] = []
    for i, (group, saved) in enumerate(zip(optimizer.param_groups, saved_groups)):
        n_saved = _count_positions(owner, i, saved.get("params"))
        if n_saved != len(group["params"]):
            raise ValueError(
                f"{owner}: parameter group {i} of the loaded state dict has {n_saved} parameters, "
                f"but the optimizer's group {i} has {len(group['params'])}"
            )
        params.extend(group["params"])
        group_of.extend([i] * n_saved)
        options = {key: _restore_option(value, group.get(key, optimizer.defaults.get(key)))
                   for key, value in saved.items() if key != "params"}
        _drop_pytorch_flags(optimizer, options, f"{owner}: param_groups[{i}]")
        # (keys of the user's own - a tag, "lr_scale" - load as PyTorch loads them; another optimizer's option does not)
        unknown = sorted(map(str, (set(options) - set(optimizer.defaults) - set(group)) & OPTIMIZER_OPTIONS))
        if unknown:
            raise ValueError(f"{owner}: param_groups[{i}] has options {unknown} that {type(optimizer).__name__} does "
                             f"not have (a state dict of another optimizer?); its options are "
                             f"{sorted(optimizer.defaults)}")
        trial = {**group, **options}
        try:
            optimizer._check_options(trial)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{owner}: param_groups[{i}] has an invalid option: {error}") from None
        new_options.append({key: trial[key] for key in options})

    new_state: Dict[Tensor, Dict[str, Any]] = {}
    keys_of_group: Dict[int, Tuple[int, frozenset]] = {}
    kinds: Dict[Tuple[int, str], Tuple[int, bool]] = {}  # (group, entry) -> (first position, is an array)
    for p, entries in optimizer.state.items():
        for name, value in entries.items():
            kinds.setdefault((-1, f"{id(p)}:{name}"), (-1, isinstance(value, np.ndarray)))
    for key, saved_entry in saved_state.items():
        position = _position(owner, key, len(params))
        if not isinstance(saved_entry, Mapping):
            raise TypeError(f"{owner}: the state of parameter {position} must be a dict; got {saved_entry!r:.80}")
        p = params[position]
        new_state[p] = {str(name): _restore_value(value, p, name, position, owner)
                        for name, value in saved_entry.items()}
        # the parameters of one group keep the same state entries: a mixture means a damaged or foreign dict
        for name, value in new_state[p].items():  # an entry is an array for every parameter, or for none
            is_array = isinstance(value, np.ndarray)
            for where in ((-1, f"{id(p)}:{name}"), (group_of[position], name)):
                first, was_array = kinds.setdefault(where, (position, is_array))
                if was_array != is_array:
                    whose = "this optimizer's state" if first == -1 else f"parameter {first}'s"
                    raise TypeError(f"{owner}: state '{name}' of parameter {position} is "
                                    f"{'an array' if is_array else 'a number'}, but in {whose} it is "
                                    f"{'an array' if was_array else 'a number'}")
        names = frozenset(new_state[p])
        current = frozenset(optimizer.state.get(p, ()))
        if names and current and names != current:
            raise ValueError(f"{owner}: the state of parameter {position} holds {sorted(names)}, but this "
                             f"optimizer's state for it holds {sorted(current)} (a state dict of another "
                             "optimizer or configuration?)")
        first = keys_of_group.setdefault(group_of[position], (position, names))
        if names and first[1] and names != first[1]:
            raise ValueError(f"{owner}: the states of parameters {first[0]} and {position} (one group) hold "
                             f"different entries: {sorted(first[1])} and {sorted(names)}")

    for group, options in zip(optimizer.param_groups, new_options):  # everything checked: apply it all
        group.update(options)
    optimizer.state = defaultdict(dict, new_state)


def _drop_pytorch_flags(optimizer: "Optimizer", options: Dict[str, Any], owner: str) -> None:
    """Remove from a saved group the options a PyTorch state dict carries that only choose an implementation.

    ``foreach``, ``fused``, ``capturable`` and ``differentiable`` are checked as the
    constructors check them; ``decoupled_weight_decay`` (PyTorch's Adam and AdamW)
    must match this optimizer's update. So ``optimizer.load_state_dict(torch_optimizer.state_dict())``
    (tensors turned into arrays) works.
    """
    flags = {key: options.pop(key) for key in list(options) if key in IMPLEMENTATION_FLAGS}
    implementation_flags(owner, **flags)
    if "decoupled_weight_decay" in options and not hasattr(optimizer, "decoupled_weight_decay"):
        return  # (left for the unknown-option error: this optimizer has no such option)
    if "decoupled_weight_decay" in options:
        saved = options.pop("decoupled_weight_decay")
        if not isinstance(saved, (bool, np.bool_)) or bool(saved) != bool(optimizer.decoupled_weight_decay):
            raise ValueError(f"{owner}: decoupled_weight_decay={saved!r:.40} was saved, but this "
                             f"{type(optimizer).__name__} has decoupled_weight_decay={optimizer.decoupled_weight_decay}"
                             " (a state dict of Adam with decoupled weight decay belongs to AdamW, and the reverse)")


def _count_positions(owner: str, index: int, positions: Any) -> int:
    """The number of parameter positions a saved group lists (checked to be a list of ints)."""
    if isinstance(positions, np.ndarray):
        positions = positions.tolist() if positions.ndim else [positions.item()]
    if not isinstance(positions, (list, tuple)) or not all(
        isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in positions
    ):
        raise TypeError(f"{owner}: param_groups[{index}]['params'] must be a list of parameter positions (ints); "
                        f"got {positions!r:.80}")
    return len(positions)


def _position(owner: str, key: Any, n_params: int) -> int:
    """A state-dict key as a parameter position (an int, or a string of digits as a file gives it back)."""
    try:
        position = int(key) if isinstance(key, (str, np.integer)) or type(key) is int else None
    except ValueError:
        position = None
    if position is None:
        raise TypeError(f"{owner}: the state must be keyed by parameter positions (ints); got key {key!r}")
    if not 0 <= position < n_params:
        raise ValueError(f"{owner}: loaded state refers to parameter {position}, but the optimizer has {n_params}")
    return position


def _copy_value(value: Any) -> Any:
    return value.copy() if isinstance(value, np.ndarray) else copy.deepcopy(value)


def _restore_value(value: Any, param: Tensor, name: str, position: int, owner: str = "load_state_dict") -> Any:
    """A state entry from a state dict: arrays shaped like ``param`` become copies in its dtype.

    Numbers (0-d arrays become Python numbers), None and containers pass; a
    non-numeric array or any other object (a string, say) is refused. Other
    array objects - a mygrad Tensor, or a CPU tensor from a PyTorch state dict
    (``torch.load``) - are read as arrays.
    """
    if isinstance(value, Tensor):
        value = value.data
    elif not isinstance(value, (np.ndarray, np.generic, numbers.Real)) and value is not None \
            and hasattr(value, "__array__") and not isinstance(value, (str, bytes, Mapping)):
        value = np.asarray(value)
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind not in "fiub":
        raise TypeError(f"{owner}: state '{name}' of parameter {position} must hold real numbers; got an array of "
                        f"dtype {value.dtype}")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        if value.shape != param.shape:
            raise ValueError(
                f"{owner}: state '{name}' of parameter {position} has shape {value.shape}, "
                f"but the parameter has shape {param.shape}"
            )
        return value.astype(param.dtype, copy=True)
    if value is not None and not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: state '{name}' of parameter {position} must be an array or a number; got "
                        f"{type(value).__name__} {value!r:.40}")
    return value


def _restore_option(value: Any, current: Any) -> Any:
    """A group option from a state dict, with NumPy values turned back into Python ones."""
    if isinstance(value, (np.ndarray, np.generic)):
        value = value.tolist()
    if isinstance(current, tuple) and isinstance(value, list):
        value = tuple(value)
    return copy.deepcopy(value)
