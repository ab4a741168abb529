"""``OneCycleLR``: the 1cycle policy, stepped once per batch, with inverse momentum cycling."""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence, Union

from mygrad.optim import _options as opt
from mygrad.optim.lr_scheduler.base import LRScheduler, _check_optimizer, _require_group_keys, _unchanged_on_error
from mygrad.optim.optimizer import Optimizer

__all__ = ["OneCycleLR", "cycles_beta1", "check_cycled_momentum"]


class OneCycleLR(LRScheduler):
    r"""The 1cycle policy (Smith & Topin, 2018): warm up to ``max_lr``, then anneal far below.

    Step it after every *batch*. With ``initial_lr = max_lr / div_factor``
    and ``min_lr = initial_lr / final_div_factor``, over ``T = total_steps``:

    * two phases (default): ``initial_lr -> max_lr`` over steps
      ``[0, pct_start*T - 1]``, then ``max_lr -> min_lr`` until step ``T - 1``;
    * ``three_phase=True``: ``initial_lr -> max_lr -> initial_lr`` symmetrically,
      then ``initial_lr -> min_lr``.

    Within a phase from ``a`` to ``b`` at fraction ``p`` of it, the rate is
    ``b + (a - b) (1 + cos(pi p)) / 2`` (``anneal_strategy="cos"``) or
    ``a + (b - a) p`` (``"linear"``). With ``cycle_momentum`` the momentum
    (or Adam's beta1) moves inversely, between ``max_momentum`` and
    ``base_momentum``.

    Parameters
    ----------
    optimizer : Optimizer
    max_lr : float or list of float
        Peak learning rate (per group with a list).
    total_steps : Optional[int]
        Number of steps in the cycle; or give ``epochs`` and ``steps_per_epoch``.
    epochs, steps_per_epoch : Optional[int]
    pct_start : float, default 0.3
        Fraction of the cycle spent increasing the learning rate.
    anneal_strategy : {"cos", "linear"}, default "cos"
    cycle_momentum : bool, default True
    base_momentum, max_momentum : float, default 0.85, 0.95
    div_factor : float, default 25
    final_div_factor : float, default 1e4
    three_phase : bool, default False
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import OneCycleLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0, momentum=0.9)
    >>> sched = OneCycleLR(opt, max_lr=1.0, total_steps=5, pct_start=0.4,
    ...                    div_factor=10, final_div_factor=100)
    >>> lrs = []
    >>> for batch in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs                     # 0.1 up to 1.0 at step 1, then a cosine down to 0.1 / 100
    [0.1, 1.0, 0.7502, 0.2508, 0.001]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: Union[float, Sequence[float]],
        total_steps: Optional[int] = None,
        epochs: Optional[int] = None,
        steps_per_epoch: Optional[int] = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        cycle_momentum: bool = True,
        base_momentum: Union[float, Sequence[float]] = 0.85,
        max_momentum: Union[float, Sequence[float]] = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        last_epoch: int = -1,
    ) -> None:
        owner = "OneCycleLR"
        _check_optimizer(owner, optimizer)
        self.optimizer = optimizer
        if total_steps is not None:
            self._set("total_steps", total_steps)
        elif epochs is not None and steps_per_epoch is not None:
            self.total_steps = (opt.integer(owner, "epochs", epochs, low=1)
                                * opt.integer(owner, "steps_per_epoch", steps_per_epoch, low=1))
        else:
            raise ValueError(f"{owner}: you must define either total_steps OR (epochs AND steps_per_epoch)")
        for name, value in [("pct_start", pct_start), ("anneal_strategy", anneal_strategy),
                            ("three_phase", three_phase), ("cycle_momentum", cycle_momentum)]:
            self._set(name, value)
        last_epoch = opt.integer(owner, "last_epoch", last_epoch, low=-1)
        groups = optimizer.param_groups
        positive = opt.bounded(low=0, low_open=True)
        tops = opt.per_group(owner, "max_lr", max_lr, len(groups), positive)
        div_factor = positive(owner, "div_factor", div_factor)
        final_div_factor = positive(owner, "final_div_factor", final_div_factor)
        resumed_keys: tuple = ("initial_lr", "max_lr", "min_lr")
        if self.cycle_momentum:
            self.use_beta1 = cycles_beta1(owner, optimizer)
            unit = opt.bounded(low=0, high=1)
            lows = opt.per_group(owner, "base_momentum", base_momentum, len(groups), unit)
            highs = opt.per_group(owner, "max_momentum", max_momentum, len(groups), unit)
            resumed_keys += ("base_momentum", "max_momentum")
        if last_epoch != -1:
            _require_group_keys(owner, optimizer, resumed_keys)
        with _unchanged_on_error(optimizer):  # (every argument is checked: nothing below raises but step())
            if last_epoch == -1:
                for group, top in zip(groups, tops):
                    group["initial_lr"] = top / div_factor
                    group["max_lr"] = top
                    group["min_lr"] = group["initial_lr"] / final_div_factor
                if self.cycle_momentum:
                    for group, low, high in zip(groups, lows, highs):
                        group["base_momentum"], group["max_momentum"] = low, high
                        _set_momentum(group, high, self.use_beta1)
            super().__init__(optimizer, last_epoch)

    _checks = {"total_steps": opt.at_least(1), "pct_start": opt.bounded(low=0, high=1),
               "anneal_strategy": opt.one_of("cos", "linear"), "three_phase": opt.flag,
               "cycle_momentum": opt.flag, "use_beta1": opt.flag}

    def _check_state(self, state: Dict[str, Any], owner: str) -> None:
        if state["last_epoch"] > state["total_steps"]:
            raise ValueError(f"{owner}: last_epoch ({state['last_epoch']}) is past the end of the cycle "
                             f"(total_steps={state['total_steps']})")
        if state.get("cycle_momentum"):
            check_cycled_momentum(owner, self.optimizer, state)

    def _phases(self) -> List[tuple]:
        """``(end_step, start_key, end_key)`` for each phase, keys into the group dict."""
        T, pct = self.total_steps, self.pct_start
        if self.three_phase:
            return [
                (float(pct * T) - 1, "initial_lr", "max_lr"),
                (float(2 * pct * T) - 2, "max_lr", "initial_lr"),
                (T - 1, "initial_lr", "min_lr"),
            ]
        return [(float(pct * T) - 1, "initial_lr", "max_lr"), (T - 1, "max_lr", "min_lr")]

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def _from_pytorch(self, values: Dict[str, Any]) -> None:
        # PyTorch keeps the phases it derived from pct_start/three_phase (rebuilt here from those arguments)
        # and the annealing function's name
        values.pop("_schedule_phases", None)
        if "_anneal_func_type" in values:
            values.setdefault("anneal_strategy", values.pop("_anneal_func_type"))

    def get_lr(self) -> List[float]:
        step = self.last_epoch
        if step > self.total_steps:
            raise ValueError(f"OneCycleLR: Tried to step {step} times. The specified number of total steps is "
                             f"{self.total_steps}")
        momentum_keys = {"initial_lr": "max_momentum", "max_lr": "base_momentum", "min_lr": "max_momentum"}
        phases = self._phases()
        start_step, i = 0.0, 0
        for i, (end_step, _, _) in enumerate(phases):
            if step <= end_step or i == len(phases) - 1:
                break
            start_step = end_step
        end_step, start_key, end_key = phases[i]
        span = end_step - start_step  # (a phase of no steps - a tiny total_steps - is complete at once)
        pct = (step - start_step) / span if span else 1.0
        lrs = []
        for group in self.optimizer.param_groups:
            lrs.append(self._anneal(group[start_key], group[end_key], pct))
            if self.cycle_momentum:
                m = self._anneal(group[momentum_keys[start_key]], group[momentum_keys[end_key]], pct)
                _set_momentum(group, m, self.use_beta1)
        return lrs


def _set_momentum(group: Dict[str, Any], momentum: float, use_beta1: bool) -> None:
    if use_beta1:
        group["betas"] = (momentum, *group["betas"][1:])
    else:
        group["momentum"] = momentum


def cycles_beta1(owner: str, optimizer: Optimizer) -> bool:
    """Whether a schedule cycling momentum cycles Adam's beta1 (True) or SGD's momentum (False); an optimizer
    with neither is refused."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError(f"{owner}: {type(optimizer).__name__} has no momentum or beta1 to cycle; "
                         "pass cycle_momentum=False")
    return "betas" in optimizer.defaults


def check_cycled_momentum(owner: str, optimizer: Optimizer, state: Dict[str, Any]) -> None:
    """Refuse a state dict that cycles momentum the optimizer lacks, or whose groups lack the momentum bounds."""
    has_beta1 = "betas" in optimizer.defaults
    if state.get("use_beta1") != has_beta1 or not (has_beta1 or "momentum" in optimizer.defaults):
        raise ValueError(f"{owner}: the state cycles {'beta1' if state.get('use_beta1') else 'momentum'}, "
                         f"which {type(optimizer).__name__} does not have")
    _require_group_keys(owner, optimizer, ("base_momentum", "max_momentum"))
