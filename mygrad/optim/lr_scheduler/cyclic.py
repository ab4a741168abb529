"""``CyclicLR``: the learning rate goes back and forth between two bounds, stepped once per batch."""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from mygrad.optim import _options as opt
from mygrad.optim.lr_scheduler.base import LRScheduler, _check_optimizer, _require_group_keys, _unchanged_on_error
from mygrad.optim.lr_scheduler.one_cycle import _set_momentum, check_cycled_momentum, cycles_beta1
from mygrad.optim.optimizer import Optimizer

__all__ = ["CyclicLR"]

#: The amplitude of each built-in policy, as a function of the cycle (1, 2, ...) or of the step.
_POLICIES: Dict[str, Callable[[float, float], float]] = {
    "triangular": lambda x, gamma: 1.0,
    "triangular2": lambda x, gamma: 0.5 ** (x - 1),  # (not 1 / 2 ** (x - 1): that overflows for a late cycle)
    "exp_range": lambda x, gamma: gamma ** x,
}


class CyclicLR(LRScheduler):
    r"""Cyclical learning rates (Smith, 2017): up from ``base_lr`` to ``max_lr`` and back, cycle after cycle.

    Step it after every *batch*. A cycle takes ``step_size_up`` steps up and
    ``step_size_down`` (default: the same) down. At step :math:`t`, with
    :math:`T` the cycle length, :math:`c = \lfloor 1 + t / T \rfloor` the
    cycle and :math:`x = 1 + t/T - c` the position in it, the rate is
    ``base_lr + (max_lr - base_lr) * h * amplitude``, where ``h`` rises
    linearly from 0 to 1 over the first ``step_size_up`` steps and falls back
    over the rest. The amplitude is 1 (``"triangular"``), halves every cycle
    (``"triangular2"``), is ``gamma ** t`` (``"exp_range"``), or is
    ``scale_fn(c)`` / ``scale_fn(t)`` (``scale_mode`` ``"cycle"`` /
    ``"iterations"``). With ``cycle_momentum`` the momentum (or Adam's
    beta1) moves the other way, between ``max_momentum`` and
    ``base_momentum``.

    Parameters
    ----------
    optimizer : Optimizer
    base_lr, max_lr : float or list of float
        The bounds (per group with a list); the groups' ``lr`` start at ``base_lr``.
    step_size_up : int or float, default 2000
    step_size_down : Optional[int or float]
    mode : {"triangular", "triangular2", "exp_range"}, default "triangular"
        Ignored when ``scale_fn`` is given.
    gamma : float, default 1.0
        ``exp_range``'s factor per step.
    scale_fn : Optional[Callable[[float], float]]
        A custom amplitude; it is not part of the state dict (pass it again when resuming).
    scale_mode : {"cycle", "iterations"}, default "cycle"
        What ``scale_fn`` is given.
    cycle_momentum : bool, default True
    base_momentum, max_momentum : float or list of float, default 0.8, 0.9
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import CyclicLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0, momentum=0.9)
    >>> sched = CyclicLR(opt, base_lr=0.1, max_lr=0.5, step_size_up=2, mode="triangular2")
    >>> lrs = []
    >>> for batch in range(9):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs                 # up and down in 4 steps; the second cycle reaches half as high
    [0.1, 0.3, 0.5, 0.3, 0.1, 0.2, 0.3, 0.2, 0.1]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        base_lr: Union[float, Sequence[float]],
        max_lr: Union[float, Sequence[float]],
        step_size_up: float = 2000,
        step_size_down: Optional[float] = None,
        mode: str = "triangular",
        gamma: float = 1.0,
        scale_fn: Optional[Callable[[float], float]] = None,
        scale_mode: str = "cycle",
        cycle_momentum: bool = True,
        base_momentum: Union[float, Sequence[float]] = 0.8,
        max_momentum: Union[float, Sequence[float]] = 0.9,
        last_epoch: int = -1,
    ) -> None:
        owner = "CyclicLR"
        _check_optimizer(owner, optimizer)
        self.optimizer = optimizer
        groups = optimizer.param_groups
        lows = opt.per_group(owner, "base_lr", base_lr, len(groups), opt.bounded(low=0))
        self._set("max_lrs", opt.per_group(owner, "max_lr", max_lr, len(groups), opt.bounded(low=0)))
        up = opt.real(owner, "step_size_up", step_size_up, low=0, low_open=True)
        down = up if step_size_down is None else opt.real(owner, "step_size_down", step_size_down, low=0,
                                                          low_open=True)
        self.total_size, self.step_ratio = up + down, up / (up + down)
        if scale_fn is not None and not callable(scale_fn):
            raise TypeError(f"{owner}: scale_fn must be callable (or None); got {type(scale_fn).__name__}")
        self._scale_fn_custom = scale_fn
        self._set("mode", mode if scale_fn is None else "triangular")
        self._set("gamma", gamma)
        # the built-in policies decide what their amplitude is a function of, as in PyTorch
        self._set("scale_mode", scale_mode if scale_fn is not None else
                  ("iterations" if self.mode == "exp_range" else "cycle"))
        self._set("cycle_momentum", cycle_momentum)
        last_epoch = opt.integer(owner, "last_epoch", last_epoch, low=-1)
        if self.cycle_momentum:
            self.use_beta1 = cycles_beta1(owner, optimizer)
            unit = opt.bounded(low=0, high=1)
            self.base_momentums = opt.per_group(owner, "base_momentum", base_momentum, len(groups), unit)
            self.max_momentums = opt.per_group(owner, "max_momentum", max_momentum, len(groups), unit)
        if last_epoch != -1:
            _require_group_keys(owner, optimizer, ("initial_lr",))
        with _unchanged_on_error(optimizer):
            if last_epoch == -1:
                for group, low in zip(groups, lows):
                    group["lr"] = low
                if self.cycle_momentum:
                    for group, low, high in zip(groups, self.base_momentums, self.max_momentums):
                        group["base_momentum"], group["max_momentum"] = low, high
                        _set_momentum(group, high, self.use_beta1)
            super().__init__(optimizer, last_epoch)
        self.base_lrs = lows

    _checks = {"mode": opt.one_of(*_POLICIES), "gamma": opt.bounded(low=0, low_open=True),
               "scale_mode": opt.one_of("cycle", "iterations"), "cycle_momentum": opt.flag, "use_beta1": opt.flag,
               "total_size": opt.bounded(low=0, low_open=True), "step_ratio": opt.bounded(low=0, high=1),
               "max_lrs": lambda o, n, v: opt.reals(o, n, v, each=opt.bounded(low=0)),
               "base_momentums": lambda o, n, v: opt.reals(o, n, v, each=opt.bounded(low=0, high=1)),
               "max_momentums": lambda o, n, v: opt.reals(o, n, v, each=opt.bounded(low=0, high=1))}

    def state_dict(self) -> Dict[str, Any]:
        """The schedule's state, without a custom ``scale_fn`` (a function is not data: pass it again)."""
        state = super().state_dict()
        state["_scale_fn_custom"] = None
        return state

    def _from_pytorch(self, values: Dict[str, Any]) -> None:
        values.pop("_scale_fn_ref", None)  # (PyTorch's reference to its built-in policy)
        values["_scale_fn_custom"] = self._scale_fn_custom  # (never loaded from a state dict)

    def _check_state(self, state: Dict[str, Any], owner: str) -> None:
        if state.get("cycle_momentum"):
            check_cycled_momentum(owner, self.optimizer, state)

    def _amplitude(self, cycle: int) -> float:
        x = cycle if self.scale_mode == "cycle" else self.last_epoch
        try:
            if self._scale_fn_custom is None:
                return _POLICIES[self.mode](x, self.gamma)
            return opt.real("CyclicLR", "scale_fn's result", self._scale_fn_custom(x), finite=False)
        except OverflowError:  # (exp_range with gamma > 1, far into the schedule)
            raise ValueError(f"CyclicLR: the amplitude overflows at step {self.last_epoch} (mode={self.mode!r}, "
                             f"gamma={self.gamma})") from None

    def get_lr(self) -> List[float]:
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        height = x / self.step_ratio if x <= self.step_ratio else (x - 1) / (self.step_ratio - 1)
        amplitude = self._amplitude(cycle)
        if self.cycle_momentum:
            for group, low, high in zip(self.optimizer.param_groups, self.base_momentums, self.max_momentums):
                _set_momentum(group, high - (high - low) * height * amplitude, self.use_beta1)
        return [low + (high - low) * height * amplitude for low, high in zip(self.base_lrs, self.max_lrs)]
