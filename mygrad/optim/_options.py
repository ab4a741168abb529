"""Checked options: the argument checks that optimizers and learning-rate schedules share.

Each check takes the owner (``"StepLR"``, ``"SGD"``), the option's name and
the value given, and returns the value in its canonical Python form - or
raises, naming all three and what was expected. Following PyTorch, a value
of the wrong *type* raises ``TypeError`` and a value of the right type but
out of range raises ``ValueError``.

The same checks guard a constructor and ``load_state_dict``, so a value a
constructor refuses cannot be slipped in through a saved state either.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import operator
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

__all__ = ["Check", "real", "integer", "flag", "choice", "reals", "per_group", "check_fields", "bounded", "at_least",
           "one_of", "pair_of", "SCHEDULER_KEYS", "same_objects", "declared_defaults", "check_like_default",
           "check_nonnegative", "IMPLEMENTATION_FLAGS", "implementation_flags", "OPTIMIZER_OPTIONS"]

# A check: (owner, name, value) -> the value, canonical (raises TypeError/ValueError)
Check = Callable[[str, str, Any], Any]

# Keys that learning-rate schedulers write into parameter groups; allowed in
# a group dict so that a scheduler can be resumed on a fresh optimizer.
SCHEDULER_KEYS = frozenset({"initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"})

# The options of mygrad's optimizers: in a parameter group of an optimizer that does not have one, such a key is a
# mistake (Adam's "betas" given to SGD); other keys a group carries are the user's own and are kept, as in PyTorch.
OPTIMIZER_OPTIONS = frozenset({"lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "betas", "eps",
                               "amsgrad", "alpha", "centered", "lr_decay", "initial_accumulator_value"})

# PyTorch's optimizer options that choose *how* an update is computed - a loop per tensor or one over all
# (foreach), a fused kernel (fused), CUDA-graph capture (capturable) - or ask for a step autograd can
# differentiate (differentiable). mygrad has one implementation of each update, so the first three change
# nothing; they are accepted (and PyTorch state dicts that carry them load) as long as differentiable is False.
IMPLEMENTATION_FLAGS = {"foreach": None, "fused": None, "capturable": False, "differentiable": False}


def implementation_flags(owner: str, **flags: Any) -> None:
    """Check PyTorch's implementation options (see ``IMPLEMENTATION_FLAGS``): they are accepted and ignored.

    Raises
    ------
    TypeError
        If one is not a bool (or None, for ``foreach`` and ``fused``).
    NotImplementedError
        For ``differentiable=True``: mygrad's ``step()`` updates the
        parameters outside any graph, so it cannot be backpropagated through.

    Examples
    --------
    >>> from mygrad.optim._options import implementation_flags
    >>> implementation_flags("Adam", foreach=None, fused=True, capturable=False, differentiable=False)
    >>> implementation_flags("Adam", differentiable=True)
    Traceback (most recent call last):
    ...
    NotImplementedError: Adam: differentiable=True is not supported: mygrad's step() updates the parameters outside any graph, so it cannot be backpropagated through
    """
    for name, value in flags.items():
        if name not in IMPLEMENTATION_FLAGS:
            raise TypeError(f"{owner}: unknown implementation option {name!r}")
        if IMPLEMENTATION_FLAGS[name] is None and value is None:
            continue
        if not isinstance(value, (bool, np.bool_)):
            allowed = "None, True or False" if IMPLEMENTATION_FLAGS[name] is None else "True or False"
            raise TypeError(f"{owner}: {name} must be {allowed}; got {_got(value)}")
    if flags.get("differentiable"):
        raise NotImplementedError(f"{owner}: differentiable=True is not supported: mygrad's step() updates the "
                                  "parameters outside any graph, so it cannot be backpropagated through")


def _is_real(value: Any) -> bool:
    return isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def _got(value: Any) -> str:
    return f"{value!r} of type {type(value).__name__}"


def real(
    owner: str, name: str, value: Any, *, low: Optional[float] = None, high: Optional[float] = None,
    low_open: bool = False, high_open: bool = False, finite: bool = True,
) -> float:
    """``value`` as a float, checked to be a real number (not a bool) within the given bounds.

    Examples
    --------
    >>> from mygrad.optim._options import real
    >>> real("StepLR", "gamma", 0.5, low=0)
    0.5
    >>> real("StepLR", "gamma", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: StepLR: gamma must be a finite real number >= 0; got -1
    """
    if not _is_real(value):
        raise TypeError(f"{owner}: {name} must be a real number; got {_got(value)}")
    number = float(value)
    bounds = []
    if low is not None:
        bounds.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        bounds.append(f"{'<' if high_open else '<='} {high:g}")
    expected = f"a {'finite ' if finite else ''}real number" + (" " + " and ".join(bounds) if bounds else "")
    if math.isnan(number) or (finite and math.isinf(number)):
        raise ValueError(f"{owner}: {name} must be {expected}; got {value!r}")
    if low is not None and (number <= low if low_open else number < low):
        raise ValueError(f"{owner}: {name} must be {expected}; got {value!r}")
    if high is not None and (number >= high if high_open else number > high):
        raise ValueError(f"{owner}: {name} must be {expected}; got {value!r}")
    return number


def integer(owner: str, name: str, value: Any, *, low: Optional[int] = None) -> int:
    """``value`` as an int, checked to be integral (an int, or a whole float such as ``10.0``), at least ``low``.

    Examples
    --------
    >>> from mygrad.optim._options import integer
    >>> integer("StepLR", "step_size", 3.0, low=1)
    3
    >>> integer("StepLR", "step_size", 0, low=1)
    Traceback (most recent call last):
    ...
    ValueError: StepLR: step_size must be a positive int; got 0
    >>> integer("StepLR", "step_size", "3", low=1)
    Traceback (most recent call last):
    ...
    TypeError: StepLR: step_size must be an int; got '3' of type str
    """
    if not _is_real(value):
        raise TypeError(f"{owner}: {name} must be an int; got {_got(value)}")
    if not isinstance(value, (numbers.Integral, np.integer)) and not float(value).is_integer():
        raise ValueError(f"{owner}: {name} must be a whole number; got {value!r}")
    number = int(value)
    if low is not None and number < low:
        expected = {0: "a non-negative int", 1: "a positive int"}.get(low, f"an int >= {low}")
        raise ValueError(f"{owner}: {name} must be {expected}; got {value!r}")
    return number


def flag(owner: str, name: str, value: Any) -> bool:
    """``value`` as a bool, checked to be one (``True``/``False``, or NumPy's bool)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {name} must be True or False; got {_got(value)}")
    return bool(value)


def choice(owner: str, name: str, value: Any, options: Sequence[str]) -> str:
    """``value``, checked to be one of the strings ``options``."""
    if not isinstance(value, str):
        raise TypeError(f"{owner}: {name} must be one of {list(options)}; got {_got(value)}")
    if value not in options:
        raise ValueError(f"{owner}: {name} must be one of {list(options)}; got {value!r}")
    return value


def reals(
    owner: str, name: str, value: Any, *, length: Optional[int] = None, each: Optional[Check] = None,
) -> List[Any]:
    """``value`` as a list, checked to be a sequence (not a string) of ``length`` items, each passing ``each``.

    ``length`` is the number of parameter groups for per-group values; ``each``
    defaults to any finite real number.
    """
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (Sequence, np.ndarray)) or (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        raise TypeError(f"{owner}: {name} must be a list of numbers; got {_got(value)}")
    items = list(np.asarray(value).tolist()) if isinstance(value, np.ndarray) else list(value)
    if length is not None and len(items) != length:
        raise ValueError(f"{owner}: expected {length} values for {name}, one per parameter group; got {len(items)}: "
                         f"{value!r}")
    check = each or (lambda o, n, v: real(o, n, v))
    return [check(owner, f"{name}[{i}]", item) for i, item in enumerate(items)]


def check_fields(owner: str, checks: Dict[str, Check], values: Dict[str, Any], what: str) -> Dict[str, Any]:
    """Every entry of ``values`` checked by its field's check; unknown names are refused.

    Returns the checked (canonical) values; raises before anything could be
    assigned, so the caller can apply them all or none.
    """
    unknown = sorted(map(str, set(values) - set(checks)))
    if unknown:
        raise ValueError(f"{owner}: {what} has unknown entries {unknown}; expected some of {sorted(checks)}")
    return {name: checks[name](owner, name, value) for name, value in values.items()}


def per_group(owner: str, name: str, value: Any, n_groups: int, check: Check) -> List[Any]:
    """One checked value per parameter group, from a single value or a per-group sequence."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return reals(owner, name, value, length=n_groups, each=check)
    return [check(owner, name, value)] * n_groups


def bounded(**bounds: Any) -> Check:
    """A :func:`real` check with fixed bounds, for tables of fields."""
    return lambda owner, name, value: real(owner, name, value, **bounds)


def at_least(low: Optional[int]) -> Check:
    """An :func:`integer` check with a fixed minimum, for tables of fields."""
    return lambda owner, name, value: integer(owner, name, value, low=low)


def one_of(*options: str) -> Check:
    """A :func:`choice` check with fixed options, for tables of fields."""
    return lambda owner, name, value: choice(owner, name, value, options)


def pair_of(check: Check) -> Callable[[str, str, Any], Tuple[Any, Any]]:
    """A check of a 2-sequence (Adam's ``betas``) whose items pass ``check``."""

    def check_pair(owner: str, name: str, value: Any) -> Tuple[Any, Any]:
        items = reals(owner, name, value, each=check)
        if len(items) != 2:
            raise ValueError(f"{owner}: {name} must be a pair of numbers; got {value!r}")
        return items[0], items[1]

    return check_pair


def same_objects(keys: tuple, values: tuple, group: Dict[str, Any]) -> bool:
    """Whether ``group`` holds exactly ``keys`` and the objects ``values`` (by identity: no value is compared)."""
    return len(group) == len(values) and tuple(group) == keys and all(map(operator.is_, values, group.values()))


@functools.lru_cache(maxsize=None)
def declared_defaults(cls: type) -> Dict[str, Any]:
    """The default values in ``cls.__init__``'s signature (what each option's type must be)."""
    try:
        parameters = inspect.signature(cls.__init__).parameters.values()
    except (TypeError, ValueError):  # pragma: no cover - a signature-less __init__
        return {}
    return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}


def check_like_default(owner: str, name: str, value: Any, default: Any) -> None:
    """Raise TypeError/ValueError if option ``name`` does not have the type of its ``default``."""
    if isinstance(default, bool):
        flag(owner, name, value)
    elif isinstance(default, numbers.Real):
        real(owner, name, value, finite=False)
    elif isinstance(default, tuple):
        items = reals(owner, name, value, each=lambda o, n, v: real(o, n, v, finite=False))
        if len(items) != len(default):
            raise ValueError(f"{owner}: {name} must hold {len(default)} numbers, as {default!r} does; got {value!r}")


def check_nonnegative(group: Dict[str, Any], *names: str) -> None:
    """Raise ValueError naming the first option among ``names`` that is negative."""
    for name in names:
        if name in group and not group[name] >= 0.0:
            raise ValueError(f"Invalid {name} value: {group[name]} (must be >= 0)")
