"""``ReduceLROnPlateau``: lower the learning rates when a watched metric stops improving."""

from __future__ import annotations

import math
from typing import Any, Dict, Sequence, Union

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.optim import _options as opt
from mygrad.optim.lr_scheduler.base import LRScheduler, _check_optimizer
from mygrad.optim.optimizer import Optimizer

__all__ = ["ReduceLROnPlateau"]


class ReduceLROnPlateau(LRScheduler):
    """Reduce the learning rate when a metric has stopped improving.

    ``step(metric)`` after each evaluation. A metric is an improvement when it
    beats the best so far by more than ``threshold`` (``mode="min"``,
    ``threshold_mode="rel"``: ``metric < best * (1 - threshold)``; ``"abs"``:
    ``metric < best - threshold``; mirrored for ``"max"``). After more than
    ``patience`` epochs without improvement every group's rate becomes
    ``max(lr * factor, min_lr)`` (unless that changes it by less than ``eps``),
    and ``cooldown`` epochs pass before bad epochs count again.

    Parameters
    ----------
    optimizer : Optimizer
    mode : {"min", "max"}, default "min"
    factor : float, default 0.1
        Must be < 1.
    patience : int, default 10
    threshold : float, default 1e-4
    threshold_mode : {"rel", "abs"}, default "rel"
    cooldown : int, default 0
    min_lr : float or list of float, default 0
    eps : float, default 1e-8

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import ReduceLROnPlateau
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = ReduceLROnPlateau(opt, patience=1, factor=0.5)
    >>> for loss in [3.0, 2.0, 2.0, 2.0, 2.0]:
    ...     sched.step(loss)
    >>> sched.get_last_lr()
    [0.5]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: Union[float, Sequence[float]] = 0.0,
        eps: float = 1e-8,
    ) -> None:
        _check_optimizer("ReduceLROnPlateau", optimizer)
        self.optimizer = optimizer
        for name, value in [("mode", mode), ("factor", factor), ("patience", patience), ("threshold", threshold),
                            ("threshold_mode", threshold_mode), ("cooldown", cooldown), ("eps", eps)]:
            self._set(name, value)
        self.min_lrs = opt.per_group("ReduceLROnPlateau", "min_lr", min_lr, len(optimizer.param_groups),
                                     opt.bounded(low=0))
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.last_epoch = 0
        self._step_count = 0
        self._last_lr = [group["lr"] for group in optimizer.param_groups]

    _checks = {"mode": opt.one_of("min", "max"), "factor": opt.bounded(low=0, high=1, high_open=True),
               "patience": opt.at_least(0), "threshold": opt.bounded(low=0), "threshold_mode": opt.one_of("rel", "abs"),
               "cooldown": opt.at_least(0), "eps": opt.bounded(low=0), "best": opt.bounded(finite=False),
               "num_bad_epochs": opt.at_least(0), "cooldown_counter": opt.at_least(0),
               "min_lrs": lambda o, n, v: opt.reals(o, n, v, each=opt.bounded(low=0))}

    def _check_state(self, state: Dict[str, Any], owner: str) -> None:
        if len(state["min_lrs"]) != len(self.optimizer.param_groups):
            raise ValueError(f"{owner}: min_lrs must hold {len(self.optimizer.param_groups)} values, one per "
                             f"parameter group; got {state['min_lrs']!r}")

    def is_better(self, metric: float, best: float) -> bool:
        """Whether ``metric`` improves on ``best`` by more than the threshold."""
        if self.mode == "min":
            bar = best * (1.0 - self.threshold) if self.threshold_mode == "rel" else best - self.threshold
            return metric < bar
        bar = best * (1.0 + self.threshold) if self.threshold_mode == "rel" else best + self.threshold
        return metric > bar

    def _from_pytorch(self, values: Dict[str, Any]) -> None:
        # derived by PyTorch from mode/threshold_mode (mode_worse) and min_lr (default_min_lr)
        values.pop("mode_worse", None)
        values.pop("default_min_lr", None)

    def step(self, metrics: Any) -> None:  # type: ignore[override]
        """Record one epoch's metric and reduce the learning rates if it has plateaued.

        Parameters
        ----------
        metrics : float
            The quantity watched (a number, or a one-element array or tensor).
            A NaN never counts as an improvement.

        Raises
        ------
        TypeError
            If ``metrics`` is not a single real number; the schedule is unchanged.
        """
        current = _metric(metrics)
        self._step_count += 1
        self.last_epoch += 1
        if self.is_better(current, self.best):
            self.best, self.num_bad_epochs = current, 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _reduce_lr(self) -> None:
        for group, min_lr in zip(self.optimizer.param_groups, self.min_lrs):
            old = float(group["lr"])
            new = max(old * self.factor, min_lr)
            if old - new > self.eps:
                group["lr"] = new


def _metric(metrics: Any) -> float:
    """ReduceLROnPlateau's metric as a float: a real number, or a one-element array or tensor of one."""
    value = metrics.data if isinstance(metrics, Tensor) else metrics
    try:
        array = np.asarray(value)
    except Exception:
        array = np.asarray(None)
    if array.size != 1 or array.dtype.kind not in "fiu":
        raise TypeError(f"ReduceLROnPlateau.step: metrics must be a single real number (the quantity watched, "
                        f"such as a validation loss); got {metrics!r}")
    return float(array.reshape(()))
