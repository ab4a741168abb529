"""Schedules in closed form that restart or hand over: constant and polynomial factors, cosine annealing with
warm restarts, and a sequence of schedules (a warm-up, then a decay).

Each still computes ``lr`` from the epoch alone (see :mod:`mygrad.optim.lr_scheduler`):
:class:`SequentialLR` asks the schedule in force for its formula at the epoch counted from its milestone.
"""

from __future__ import annotations

import bisect
import math
from typing import Any, Dict, List, Optional, Sequence

from mygrad.optim import _options as opt
from mygrad.optim.lr_scheduler.base import LRScheduler, _check_optimizer
from mygrad.optim.lr_scheduler.plateau import ReduceLROnPlateau
from mygrad.optim.optimizer import Optimizer

__all__ = ["ConstantLR", "PolynomialLR", "CosineAnnealingWarmRestarts", "SequentialLR"]


class ConstantLR(LRScheduler):
    """``lr = base_lr * factor`` for the first ``total_iters`` epochs, then ``base_lr``.

    Parameters
    ----------
    optimizer : Optimizer
    factor : float, default 1/3
        In [0, 1].
    total_iters : int, default 5
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import ConstantLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = ConstantLR(opt, factor=0.5, total_iters=2)
    >>> lrs = []
    >>> for epoch in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.5, 0.5, 1.0, 1.0]
    """

    _checks = {"factor": opt.bounded(low=0, high=1), "total_iters": opt.at_least(0)}

    def __init__(self, optimizer: Optimizer, factor: float = 1.0 / 3, total_iters: int = 5,
                 last_epoch: int = -1) -> None:
        _check_optimizer("ConstantLR", optimizer)
        self.optimizer = optimizer
        self._set("factor", factor)
        self._set("total_iters", total_iters)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> List[float]:
        factor = self.factor if self.last_epoch < self.total_iters else 1.0
        return [base * factor for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    """``lr = base_lr * (1 - min(epoch, total_iters) / total_iters) ** power``: down to 0 at ``total_iters``.

    Parameters
    ----------
    optimizer : Optimizer
    total_iters : int, default 5
    power : float, default 1.0
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import PolynomialLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = PolynomialLR(opt, total_iters=4, power=2.0)
    >>> lrs = []
    >>> for epoch in range(6):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5625, 0.25, 0.0625, 0.0, 0.0]
    """

    _checks = {"total_iters": opt.at_least(1), "power": opt.bounded(low=0)}  # (a negative power grows to inf)

    def __init__(self, optimizer: Optimizer, total_iters: int = 5, power: float = 1.0, last_epoch: int = -1) -> None:
        _check_optimizer("PolynomialLR", optimizer)
        self.optimizer = optimizer
        self._set("total_iters", total_iters)
        self._set("power", power)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> List[float]:
        factor = (1.0 - min(self.last_epoch, self.total_iters) / self.total_iters) ** self.power
        return [base * factor for base in self.base_lrs]


class CosineAnnealingWarmRestarts(LRScheduler):
    r"""Cosine annealing from ``base_lr`` to ``eta_min`` over ``T_i`` epochs, then a restart (SGDR).

    ``lr = eta_min + (base_lr - eta_min) (1 + cos(pi T_cur / T_i)) / 2``, where ``T_cur`` counts
    the epochs since the last restart; the first cycle lasts ``T_0`` epochs and each next one
    ``T_mult`` times longer.

    Parameters
    ----------
    optimizer : Optimizer
    T_0 : int
        The length of the first cycle (>= 1).
    T_mult : int, default 1
        The factor by which each cycle is longer than the one before (>= 1).
    eta_min : float, default 0.0
    last_epoch : int, default -1

    Notes
    -----
    As in PyTorch, ``step(epoch)`` accepts a fractional epoch, for stepping
    after every batch: ``scheduler.step(epoch + i / n_batches)``. The
    position in the cycle is computed from the epoch given (a later
    ``step()`` without an epoch counts on from ``floor(epoch)``).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import CosineAnnealingWarmRestarts
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2)
    >>> lrs = []
    >>> for epoch in range(7):
    ...     lrs.append(round(sched.get_last_lr()[0], 3))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 1.0, 0.854, 0.5, 0.146, 1.0]
    """

    _checks = {"T_0": opt.at_least(1), "T_mult": opt.at_least(1), "eta_min": opt.bounded(),
               "_epoch": lambda o, n, v: None if v is None else opt.real(o, n, v, low=0)}

    def __init__(self, optimizer: Optimizer, T_0: int, T_mult: int = 1, eta_min: float = 0.0,
                 last_epoch: int = -1) -> None:
        _check_optimizer("CosineAnnealingWarmRestarts", optimizer)
        self.optimizer = optimizer
        self._set("T_0", T_0)
        self._set("T_mult", T_mult)
        self._set("eta_min", eta_min)
        self._epoch: Optional[float] = None  # a fractional epoch given to step(epoch), for this step only
        super().__init__(optimizer, last_epoch)

    def step(self, epoch: Optional[float] = None) -> None:  # type: ignore[override]
        """Advance one epoch, or go to ``epoch`` (a float, possibly fractional: see the class notes)."""
        if epoch is None:
            self._epoch = None
            super().step()
            return
        epoch = opt.real("CosineAnnealingWarmRestarts", "epoch", epoch, low=0)
        saved = self.last_epoch, self._epoch
        self.last_epoch, self._epoch = math.floor(epoch) - 1, epoch  # (the base step counts one on)
        try:
            super().step()
        except BaseException:
            self.last_epoch, self._epoch = saved
            raise

    def cycle_position(self, epoch: float) -> "tuple[float, float]":
        """``(T_cur, T_i)`` at ``epoch``: the epochs since the last restart and the length of this cycle."""
        T_0, T_mult = self.T_0, self.T_mult
        if T_mult == 1:
            return epoch % T_0, float(T_0)
        if epoch < T_0:
            return float(epoch), float(T_0)
        n = int(math.log(epoch / T_0 * (T_mult - 1) + 1, T_mult))  # completed cycles
        start = T_0 * (T_mult ** n - 1) / (T_mult - 1)
        if epoch < start:  # (rounding in the logarithm at a cycle boundary)
            n -= 1
            start = T_0 * (T_mult ** n - 1) / (T_mult - 1)
        elif epoch >= start + T_0 * T_mult ** n:
            n += 1
            start = T_0 * (T_mult ** n - 1) / (T_mult - 1)
        return epoch - start, float(T_0 * T_mult ** n)

    def get_lr(self) -> List[float]:
        epoch = self.last_epoch if self._epoch is None else self._epoch
        t_cur, t_i = self.cycle_position(epoch)
        cos = 1.0 + math.cos(math.pi * t_cur / t_i)
        return [self.eta_min + (base - self.eta_min) * cos / 2.0 for base in self.base_lrs]


class SequentialLR(LRScheduler):
    """One schedule after another: ``schedulers[i]`` from epoch ``milestones[i - 1]`` on, its epochs counted from there.

    The usual use is a warm-up followed by a decay: ``SequentialLR(opt, [LinearLR(opt, 0.1, total_iters=5),
    CosineAnnealingLR(opt, T_max=95)], milestones=[5])``. Build the schedules on the same optimizer
    first (as in PyTorch), then step only the ``SequentialLR``.

    Parameters
    ----------
    optimizer : Optimizer
    schedulers : Sequence[LRScheduler]
        Built on ``optimizer``; not ``ReduceLROnPlateau``.
    milestones : Sequence[int]
        ``len(schedulers) - 1`` increasing epochs at which the next schedule takes over.
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import ExponentialLR, LinearLR, SequentialLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> warmup = LinearLR(opt, start_factor=0.25, total_iters=3)
    >>> decay = ExponentialLR(opt, gamma=0.5)
    >>> sched = SequentialLR(opt, [warmup, decay], milestones=[3])
    >>> lrs = []
    >>> for epoch in range(6):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.25, 0.5, 0.75, 1.0, 0.5, 0.25]
    """

    def __init__(self, optimizer: Optimizer, schedulers: Sequence[LRScheduler], milestones: Sequence[int],
                 last_epoch: int = -1) -> None:
        owner = "SequentialLR"
        _check_optimizer(owner, optimizer)
        if isinstance(schedulers, LRScheduler) or not isinstance(schedulers, (list, tuple)) or not schedulers:
            raise TypeError(f"{owner}: schedulers must be a non-empty list of schedules; got {schedulers!r:.60}")
        for i, schedule in enumerate(schedulers):
            if not isinstance(schedule, LRScheduler) or isinstance(schedule, (ReduceLROnPlateau, SequentialLR)):
                raise TypeError(f"{owner}: schedulers[{i}] must be a schedule with a formula (not ReduceLROnPlateau "
                                f"or another SequentialLR); got {type(schedule).__name__}")
            if schedule.optimizer is not optimizer:
                raise ValueError(f"{owner}: schedulers[{i}] was built on another optimizer than the one given")
        milestones = [opt.integer(owner, f"milestones[{i}]", m, low=0) for i, m in enumerate(milestones)]
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(f"{owner}: expected {len(schedulers) - 1} milestones (one fewer than the schedulers); "
                             f"got {len(milestones)}")
        if any(b <= a for a, b in zip(milestones, milestones[1:])):
            raise ValueError(f"{owner}: milestones must increase; got {milestones}")
        self.optimizer = optimizer
        self._schedulers = list(schedulers)
        self._milestones = milestones
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> List[float]:
        i = bisect.bisect_right(self._milestones, self.last_epoch)
        schedule = self._schedulers[i]
        schedule.last_epoch = self.last_epoch - (self._milestones[i - 1] if i else 0)
        lrs = schedule.get_lr()
        schedule._last_lr = list(lrs)
        return lrs

    def state_dict(self) -> Dict[str, Any]:
        """The sequence's state, with each schedule's own state dict under ``"_schedulers"`` (as PyTorch's)."""
        state = {key: value for key, value in super().state_dict().items() if key != "_schedulers"}
        state["_schedulers"] = [schedule.state_dict() for schedule in self._schedulers]
        return state

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        """Restore a state from :meth:`state_dict` (each schedule's too)."""
        state = dict(state_dict) if isinstance(state_dict, dict) else state_dict
        saved = state.pop("_schedulers", None) if isinstance(state, dict) else None
        if saved is not None and (not isinstance(saved, (list, tuple)) or len(saved) != len(self._schedulers)):
            raise ValueError(f"SequentialLR.load_state_dict: _schedulers must hold {len(self._schedulers)} state "
                             "dicts, one per schedule")
        if isinstance(state, dict) and "_milestones" in state:
            state["_milestones"] = [int(m) for m in _as_list(state["_milestones"])]
        super().load_state_dict(state)
        for schedule, schedule_state in zip(self._schedulers, saved or ()):
            schedule.load_state_dict(schedule_state)


def _as_list(value: Any) -> List[Any]:
    return list(value.tolist() if hasattr(value, "tolist") else value) if not isinstance(value, (int, float)) \
        else [value]
