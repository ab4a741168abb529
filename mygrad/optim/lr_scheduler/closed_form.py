"""Schedules in closed form, ``lr = base_lr * f(epoch)``: step, multi-step, exponential, cosine, linear, a lambda."""

from __future__ import annotations

import bisect
import collections
import math
import types
from typing import Any, Callable, Dict, List, Sequence, Union

from mygrad.optim import _options as opt
from mygrad.optim.lr_scheduler.base import LRScheduler, _check_optimizer
from mygrad.optim.optimizer import Optimizer

__all__ = ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "LambdaLR", "MultiplicativeLR"]


class StepLR(LRScheduler):
    """Decay by ``gamma`` every ``step_size`` epochs: ``lr = base_lr * gamma ** (epoch // step_size)``.

    Parameters
    ----------
    optimizer : Optimizer
    step_size : int
        Epochs between decays (> 0).
    gamma : float, default 0.1
        Multiplicative decay factor.
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import StepLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    _checks = {"step_size": opt.at_least(1), "gamma": opt.bounded(low=0)}

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1) -> None:
        _check_optimizer("StepLR", optimizer)
        self.optimizer = optimizer
        self._set("step_size", step_size)
        self._set("gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> List[float]:
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Decay by ``gamma`` at each milestone: ``lr = base_lr * gamma ** (number of milestones <= epoch)``.

    Parameters
    ----------
    optimizer : Optimizer
    milestones : Sequence[int]
        Epochs at which to decay (a milestone listed twice decays twice).
    gamma : float, default 0.1
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import MultiStepLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = MultiStepLR(opt, milestones=[1, 3], gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 0.5, 0.25]
    """

    def __init__(
        self, optimizer: Optimizer, milestones: Sequence[int], gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        _check_optimizer("MultiStepLR", optimizer)
        self.optimizer = optimizer
        self._set("milestones", milestones)
        self._set("gamma", gamma)
        super().__init__(optimizer, last_epoch)

    _checks = {"milestones": lambda o, n, v: sorted(opt.reals(o, n, v, each=opt.at_least(0))),
               "gamma": opt.bounded(low=0)}

    def _from_pytorch(self, values: Dict[str, Any]) -> None:
        milestones = values.get("milestones")
        if isinstance(milestones, collections.Counter):  # PyTorch's form: milestone -> number of decays there
            values["milestones"] = sorted(milestones.elements())

    def get_lr(self) -> List[float]:
        n_passed = bisect.bisect_right(self.milestones, self.last_epoch)
        return [base * self.gamma**n_passed for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Decay by ``gamma`` every epoch: ``lr = base_lr * gamma ** epoch``.

    Parameters
    ----------
    optimizer : Optimizer
    gamma : float
        Multiplicative decay factor.
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import ExponentialLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = ExponentialLR(opt, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs                     # 1.0 * 0.5 ** epoch
    [1.0, 0.5, 0.25, 0.125]
    """

    _checks = {"gamma": opt.bounded(low=0, low_open=True)}

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        _check_optimizer("ExponentialLR", optimizer)
        self.optimizer = optimizer
        self._set("gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> List[float]:
        return [base * self.gamma**self.last_epoch for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    r"""Cosine annealing (SGDR without restarts, Loshchilov & Hutter 2017).

    .. math::
        \eta_t = \eta_{min} + \tfrac12 (\eta_{base} - \eta_{min})
                 \left(1 + \cos\left(\pi\, t / T_{max}\right)\right)

    Past ``T_max`` the cosine continues, rising back towards the base rate
    (as PyTorch's schedule does).

    Parameters
    ----------
    optimizer : Optimizer
    T_max : int
        Half-period, in epochs (> 0).
    eta_min : float, default 0
        Minimum learning rate.
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import CosineAnnealingLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = CosineAnnealingLR(opt, T_max=4, eta_min=0.1)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs                     # 0.1 + 0.45 (1 + cos(pi t / 4)): half a cosine from 1.0 down to 0.1
    [1.0, 0.8682, 0.55, 0.2318, 0.1]
    """

    _checks = {"T_max": opt.at_least(1), "eta_min": opt.bounded(low=0)}

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1) -> None:
        _check_optimizer("CosineAnnealingLR", optimizer)
        self.optimizer = optimizer
        self._set("T_max", T_max)
        self._set("eta_min", eta_min)
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> List[float]:
        cos = 1.0 + math.cos(math.pi * self.last_epoch / self.T_max)
        return [self.eta_min + (base - self.eta_min) * cos / 2.0 for base in self.base_lrs]


class LinearLR(LRScheduler):
    """Linear warm-up (or decay) of a multiplicative factor over ``total_iters`` epochs.

    ``lr = base_lr * (start_factor + (end_factor - start_factor) * min(epoch, total_iters) / total_iters)``

    Parameters
    ----------
    optimizer : Optimizer
    start_factor : float, default 1/3
        Factor at epoch 0, in (0, 1].
    end_factor : float, default 1.0
        Factor from epoch ``total_iters`` on, in [0, 1].
    total_iters : int, default 5
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import LinearLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = LinearLR(opt, start_factor=0.25, total_iters=3)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.25, 0.5, 0.75, 1.0, 1.0]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
        last_epoch: int = -1,
    ) -> None:
        _check_optimizer("LinearLR", optimizer)
        self.optimizer = optimizer
        self._set("start_factor", start_factor)
        self._set("end_factor", end_factor)
        self._set("total_iters", total_iters)
        super().__init__(optimizer, last_epoch)

    _checks = {"start_factor": opt.bounded(low=0, low_open=True, high=1), "end_factor": opt.bounded(low=0, high=1),
               "total_iters": opt.at_least(1)}

    def get_lr(self) -> List[float]:
        progress = min(self.last_epoch, self.total_iters) / self.total_iters
        factor = self.start_factor + (self.end_factor - self.start_factor) * progress
        return [base * factor for base in self.base_lrs]


class LambdaLR(LRScheduler):
    """``lr = base_lr * lr_lambda(epoch)``: any schedule written as a function, such as a warm-up.

    Parameters
    ----------
    optimizer : Optimizer
    lr_lambda : Callable[[int], float] or list of them
        The factor as a function of the epoch (the number of ``step()``
        calls so far); a list gives one function per parameter group.
    last_epoch : int, default -1

    Notes
    -----
    As PyTorch's, ``state_dict()`` does not store plain functions (a
    ``None`` stands in for each); a callable *object*'s ``__dict__`` is
    stored and restored by ``load_state_dict``.

    Examples
    --------
    A linear warm-up over 3 steps:

    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import LambdaLR
    >>> opt = SGD([mg.tensor([1.0])], lr=0.3)
    >>> sched = LambdaLR(opt, lambda epoch: min(1.0, (epoch + 1) / 3))
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [0.1, 0.2, 0.3, 0.3, 0.3]
    """

    def __init__(self, optimizer: Optimizer,
                 lr_lambda: Union[Callable[[int], float], Sequence[Callable[[int], float]]],
                 last_epoch: int = -1) -> None:
        owner = type(self).__name__
        _check_optimizer(owner, optimizer)
        n_groups = len(optimizer.param_groups)
        lambdas = list(lr_lambda) if isinstance(lr_lambda, (list, tuple)) else [lr_lambda] * n_groups
        if len(lambdas) != n_groups:
            raise ValueError(f"{owner}: expected {n_groups} lr_lambdas (one per parameter group); got {len(lambdas)}")
        for i, function in enumerate(lambdas):
            if not callable(function):
                raise TypeError(f"{owner}: lr_lambda[{i}] must be callable; got {type(function).__name__}")
        self.optimizer = optimizer
        self.lr_lambdas = lambdas
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> List[float]:
        return [base * factor for base, factor in zip(self.base_lrs, self._factors())]

    def _factors(self) -> List[float]:
        """Each group's ``lr_lambda(epoch)``, checked to be a real number."""
        return [opt.real(type(self).__name__, f"lr_lambda[{i}]({self.last_epoch})", function(self.last_epoch))
                for i, function in enumerate(self.lr_lambdas)]

    def state_dict(self) -> Dict[str, Any]:
        """The schedule's state; each ``lr_lambdas`` entry is None, or a callable object's ``__dict__``."""
        state = {key: value for key, value in super().state_dict().items() if key != "lr_lambdas"}
        state["lr_lambdas"] = [None if isinstance(function, types.FunctionType) or not hasattr(function, "__dict__")
                               else dict(function.__dict__) for function in self.lr_lambdas]
        return state

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        """Restore a state from :meth:`state_dict` (callable objects get their saved ``__dict__`` back)."""
        state = dict(state_dict) if isinstance(state_dict, dict) else state_dict
        saved = state.pop("lr_lambdas", None) if isinstance(state, dict) else None
        if saved is not None and (not isinstance(saved, (list, tuple)) or len(saved) != len(self.lr_lambdas)):
            raise ValueError(f"{type(self).__name__}.load_state_dict: lr_lambdas must be a list of "
                             f"{len(self.lr_lambdas)} entries")
        for entry in saved or ():  # (checked before anything is loaded)
            if entry is not None and not (isinstance(entry, dict) and all(isinstance(k, str) for k in entry)):
                raise TypeError(f"{type(self).__name__}.load_state_dict: each lr_lambdas entry must be None (a "
                                f"function) or the attribute dict of a callable object; got {entry!r:.60}")
        super().load_state_dict(state)
        for function, attributes in zip(self.lr_lambdas, saved or ()):
            if attributes is not None:
                function.__dict__.update(attributes)


class MultiplicativeLR(LambdaLR):
    """``lr = lr * lr_lambda(epoch)`` at every step after the first: the current rate, scaled.

    Unlike the other schedules it reads the groups' current ``lr``, as
    PyTorch's does, so it compounds with whatever changed the rate.

    Parameters
    ----------
    optimizer : Optimizer
    lr_lambda : Callable[[int], float] or list of them
        The factor for epoch ``epoch`` (1, 2, ...); one function per group with a list.
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.lr_scheduler import MultiplicativeLR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = MultiplicativeLR(opt, lambda epoch: 0.5)
    >>> lrs = []
    >>> for epoch in range(4):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 0.25, 0.125]
    """

    def get_lr(self) -> List[float]:
        current = [group["lr"] for group in self.optimizer.param_groups]
        if self.last_epoch <= 0:
            return current
        return [lr * factor for lr, factor in zip(current, self._factors())]

