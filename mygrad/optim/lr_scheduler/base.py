"""``LRScheduler``: the base class of the learning-rate schedules, and the checks they share.

A schedule's constructor, ``step()`` and ``load_state_dict()`` either
succeed or leave the optimizer's parameter groups and the schedule exactly
as they were (:func:`_unchanged_on_error`).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Mapping
from typing import Any, Dict, Iterator, List, Sequence

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim.optimizer import Optimizer

__all__ = ["LRScheduler"]


class LRScheduler:
    """Base class of the learning-rate schedules.

    Subclasses implement :meth:`get_lr`, the learning rate of each group at
    epoch ``self.last_epoch`` from ``self.base_lrs``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates are scheduled.
    last_epoch : int, default -1
        The index of the last epoch, to resume a schedule; -1 starts afresh
        (and records each group's current ``lr`` as its ``initial_lr``).

    Attributes
    ----------
    base_lrs : List[float]
        Each group's ``initial_lr``.
    last_epoch : int
        The number of ``step()`` calls so far (0 right after construction).

    Notes
    -----
    Every argument is checked before the optimizer is touched, and a
    constructor, ``step()`` or ``load_state_dict()`` that raises leaves the
    optimizer's groups and the schedule exactly as they were.

    Examples
    --------
    A schedule of your own, ``lr = base_lr / (1 + epoch)``:

    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import LRScheduler
    >>> class InverseTime(LRScheduler):
    ...     def get_lr(self):
    ...         return [base / (1 + self.last_epoch) for base in self.base_lrs]
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = InverseTime(opt)
    >>> lrs = []
    >>> for epoch in range(3):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 0.3333]
    """

    # checks of the schedule-specific attributes (constructor arguments and state-dict entries)
    _checks: Dict[str, opt.Check] = {}

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        owner = type(self).__name__
        _check_optimizer(owner, optimizer)
        last_epoch = opt.integer(owner, "last_epoch", last_epoch, low=-1)
        if last_epoch != -1:
            _require_group_keys(owner, optimizer, ("initial_lr",))
        self.optimizer = optimizer
        with _unchanged_on_error(optimizer):
            if last_epoch == -1:
                for group in optimizer.param_groups:
                    group.setdefault("initial_lr", group["lr"])
            self.base_lrs: List[float] = [
                opt.real(owner, f"param_groups[{i}]['initial_lr']", group["initial_lr"])
                for i, group in enumerate(optimizer.param_groups)
            ]
            self.last_epoch = last_epoch
            self._step_count = 0
            self.step()  # the initial step sets the epoch-0 learning rates

    def _set(self, name: str, value: Any) -> None:
        """Set attribute ``name`` to ``value`` after its check (see ``_checks``)."""
        self.__dict__[name] = self._state_checks()[name](type(self).__name__, name, value)

    def _state_checks(self) -> Dict[str, opt.Check]:
        """The check of every attribute a state dict may set (``_checks`` of the class and its bases)."""
        n_groups = len(self.optimizer.param_groups)
        checks: Dict[str, opt.Check] = {
            "base_lrs": lambda o, n, v: opt.reals(o, n, v, length=n_groups),
            "_last_lr": lambda o, n, v: opt.reals(o, n, v, length=n_groups),
            "last_epoch": opt.at_least(-1),
            "_step_count": opt.at_least(0),
        }
        for cls in reversed(type(self).__mro__):
            checks.update(cls.__dict__.get("_checks", {}))
        return checks

    def get_lr(self) -> List[float]:
        """The learning rate of each group at epoch ``self.last_epoch``."""
        raise NotImplementedError(f"{type(self).__name__} does not define get_lr")

    def get_last_lr(self) -> List[float]:
        """The learning rates set by the last ``step()``, one per group."""
        return list(self._last_lr)

    def step(self) -> None:
        """Advance the schedule one epoch and set each group's ``lr``.

        Warns (once) when called before the optimizer has ever stepped: the
        first learning rate of the schedule would then be skipped. If the
        schedule raises (a :class:`OneCycleLR` stepped past its end), the
        epoch count and the groups are left as they were.
        """
        epoch, count = self.last_epoch, self._step_count
        self._step_count += 1
        if self._step_count == 2 and self.optimizer._step_count == 0:
            warnings.warn(
                "Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
                "Call `optimizer.step()` before `lr_scheduler.step()`, otherwise the first "
                "value of the learning rate schedule is skipped.",
                UserWarning,
                stacklevel=2,
            )
        self.last_epoch += 1
        try:
            with _unchanged_on_error(self.optimizer):
                for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
                    group["lr"] = lr
        except BaseException:
            self.last_epoch, self._step_count = epoch, count
            raise
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> Dict[str, Any]:
        """The schedule's state: every attribute except the optimizer."""
        return {key: _copy(value) for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        """Restore a state from :meth:`state_dict` (NumPy values become Python ones).

        Every entry is checked first - known to this schedule, of the right
        type, in range, one value per parameter group where the schedule
        keeps one - and only then are they all applied, so a foreign or
        damaged state dict changes nothing.

        Raises
        ------
        TypeError
            If ``state_dict`` is not a dict, or an entry has the wrong type.
        ValueError
            If an entry is unknown to this schedule or out of range.

        Examples
        --------
        >>> import mygrad as mg
        >>> from mygrad.optim import SGD
        >>> from mygrad.optim.lr_scheduler import StepLR
        >>> sched = StepLR(SGD([mg.tensor([1.0])], lr=1.0), step_size=2)
        >>> sched.load_state_dict({"step_size": 0})
        Traceback (most recent call last):
        ...
        ValueError: StepLR.load_state_dict: step_size must be a positive int; got 0
        >>> sched.step_size
        2
        """
        owner = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"{owner}: expected the dict that state_dict() returns; got {type(state_dict).__name__}")
        values = {key: _restore(value, self.__dict__.get(key)) for key, value in state_dict.items()
                  if key not in _PYTORCH_BOOKKEEPING}
        self._from_pytorch(values)
        declared = self._state_checks()
        checks = {key: declared.get(key) or _like(current) for key, current in self.__dict__.items()
                  if key != "optimizer"}
        checked = opt.check_fields(owner, checks, values, "the state dict")
        self._check_state({**self.__dict__, **checked}, owner)
        self.__dict__.update(checked)

    def _from_pytorch(self, values: Dict[str, Any]) -> None:
        """Turn the entries only a PyTorch scheduler's state dict has into this schedule's (in place).

        PyTorch's private bookkeeping (``_is_initial``, ``_get_lr_called_within_step``, ``verbose``) is dropped
        for every schedule before this is called; subclasses translate or drop their own.
        """

    def _check_state(self, state: Dict[str, Any], owner: str) -> None:
        """Checks across entries of a state about to be loaded (subclasses add theirs)."""


# Entries of PyTorch's scheduler state dicts that record how its recursive forms were called, which mygrad's
# closed forms do not need: dropped by load_state_dict, so a PyTorch scheduler's state dict loads.
_PYTORCH_BOOKKEEPING = frozenset({"_get_lr_called_within_step", "_is_initial", "verbose"})


def _check_optimizer(owner: str, optimizer: Any) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{owner}: optimizer must be a mygrad.optim.Optimizer; got {type(optimizer).__name__}")


def _require_group_keys(owner: str, optimizer: Optimizer, keys: Sequence[str]) -> None:
    """KeyError (as PyTorch raises) naming the first group that lacks one of ``keys`` needed to resume."""
    for i, group in enumerate(optimizer.param_groups):
        for key in keys:
            if key not in group:
                raise KeyError(f"{owner}: param '{key}' is not specified in param_groups[{i}] when resuming a "
                               "schedule (last_epoch != -1): load the optimizer's state dict first")


@contextlib.contextmanager
def _unchanged_on_error(optimizer: Optimizer) -> Iterator[None]:
    """Put every group option (``lr``, ``initial_lr``, momentum, ...) back as it was if the block raises."""
    saved = [{key: value for key, value in group.items() if key != "params"} for group in optimizer.param_groups]
    try:
        yield
    except BaseException:
        for group, options in zip(optimizer.param_groups, saved):
            for key in [key for key in group if key != "params" and key not in options]:
                del group[key]
            group.update(options)
        raise


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _restore(value: Any, current: Any) -> Any:
    """A saved attribute, with NumPy values turned back into the current attribute's Python type."""
    if isinstance(value, (np.ndarray, np.generic)):
        value = value.tolist()
    if isinstance(current, list) and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = [value]  # (a checkpoint gives a one-group list back as a number)
    return value


def _like(current: Any) -> opt.Check:
    """The check of an attribute that declares none (a subclass's own): a value of the current one's kind."""
    if isinstance(current, bool):
        return opt.flag
    if isinstance(current, int):
        return opt.at_least(None)
    if isinstance(current, float):
        return opt.bounded(finite=False)
    if isinstance(current, str):
        return lambda o, n, v: v if isinstance(v, str) else opt.choice(o, n, v, [current])
    if isinstance(current, list):
        return lambda o, n, v: opt.reals(o, n, v, each=lambda o2, n2, item: item)
    return lambda o, n, v: v
