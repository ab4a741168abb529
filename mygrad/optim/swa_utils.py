"""Weight averaging, as ``torch.optim.swa_utils``: ``AveragedModel`` (SWA, or an exponential moving average of
the weights), ``SWALR`` (the learning rate for the averaging phase) and ``update_bn`` (batch-norm statistics
recomputed for the averaged weights).

A typical loop trains as usual, and from some epoch on calls
``swa_model.update_parameters(model)`` after each epoch (or step, for an
EMA), steps ``SWALR`` instead of the usual schedule, and at the end runs
``update_bn(loader, swa_model)`` before evaluating ``swa_model``.
"""

from __future__ import annotations

import copy
import math
from typing import Any, Callable, Iterable, List, Optional, Sequence, Union

import numpy as np

from mygrad.autodiff.conversion import tensor
from mygrad.autodiff.memory.inplace import renew_memory
from mygrad.autodiff.modes import no_autodiff
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.layers.normalization import _BatchNorm
from mygrad.nn.module import Module
from mygrad.optim import _options as opt
from mygrad.optim.lr_scheduler.base import LRScheduler, _check_optimizer, _unchanged_on_error
from mygrad.optim.optimizer import Optimizer

__all__ = ["AveragedModel", "SWALR", "update_bn", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
           "get_ema_avg_fn", "get_swa_avg_fn"]

AvgFn = Callable[[np.ndarray, np.ndarray, int], np.ndarray]
MultiAvgFn = Callable[[List[np.ndarray], List[np.ndarray], int], None]


def get_swa_avg_fn() -> AvgFn:
    """The running mean: ``averaged + (current - averaged) / (n + 1)`` after ``n`` models averaged."""
    return lambda averaged, current, n: averaged + (current - averaged) / (n + 1)


def get_ema_avg_fn(decay: float = 0.999) -> AvgFn:
    """The exponential moving average: ``decay * averaged + (1 - decay) * current``."""
    decay = opt.real("get_ema_avg_fn", "decay", decay, low=0, high=1)
    return lambda averaged, current, n: decay * averaged + (1 - decay) * current


def get_swa_multi_avg_fn() -> MultiAvgFn:
    """:func:`get_swa_avg_fn` for lists of arrays, updated in place."""
    def update(averaged: List[np.ndarray], current: List[np.ndarray], n: int) -> None:
        for a, c in zip(averaged, current):
            a[...] = a + (c - a) / (n + 1)  # (an integer buffer is truncated back, as PyTorch's copy_)
    return update


def get_ema_multi_avg_fn(decay: float = 0.999) -> MultiAvgFn:
    """:func:`get_ema_avg_fn` for lists of arrays, updated in place: ``a += (1 - decay) (c - a)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.optim.swa_utils import get_ema_multi_avg_fn
    >>> a = [np.array([1.0])]
    >>> get_ema_multi_avg_fn(0.9)(a, [np.array([2.0])], 1)
    >>> a
    [array([1.1])]
    """
    decay = opt.real("get_ema_multi_avg_fn", "decay", decay, low=0, high=1)

    def update(averaged: List[np.ndarray], current: List[np.ndarray], n: int) -> None:
        for a, c in zip(averaged, current):
            if a.dtype.kind in "fc":
                a += (1 - decay) * (c - a)
            else:  # an integer buffer (num_batches_tracked): PyTorch's formula, truncated back
                a[...] = a * decay + c * (1 - decay)
    return update


class AveragedModel(Module):
    """A copy of ``model`` whose parameters are an average of ``model``'s over the calls to
    :meth:`update_parameters` (SWA by default; an EMA with ``multi_avg_fn=get_ema_multi_avg_fn(decay)``).

    Parameters
    ----------
    model : Module
        Copied (``copy.deepcopy``); the copy is ``self.module`` and runs ``forward``.
    device : None or "cpu"
        PyTorch's; mygrad computes on the CPU.
    avg_fn : Optional[Callable[[averaged, current, n_averaged], new_averaged]]
        The average of one array (see :func:`get_swa_avg_fn`).
    multi_avg_fn : Optional[Callable[[averaged_list, current_list, n_averaged], None]]
        The average of all arrays at once, in place (see :func:`get_ema_multi_avg_fn`);
        used in preference to ``avg_fn``; SWA's running mean if neither is given.
    use_buffers : bool, default False
        Average the buffers (batch-norm statistics) too; by default they are
        copied from ``model`` at every update.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> from mygrad.optim.swa_utils import AveragedModel
    >>> model = nn.Linear(1, 1, bias=False)
    >>> swa = AveragedModel(model)
    >>> for w in (1.0, 2.0, 6.0):
    ...     model.weight.data[...] = w
    ...     swa.update_parameters(model)
    >>> swa.module.weight.data, int(swa.n_averaged.item())
    (array([[3.]], dtype=float32), 3)
    """

    def __init__(self, model: Module, device: Any = None, avg_fn: Optional[AvgFn] = None,
                 multi_avg_fn: Optional[MultiAvgFn] = None, use_buffers: bool = False) -> None:
        super().__init__()
        if not isinstance(model, Module):
            raise TypeError(f"AveragedModel: model must be an nn.Module; got {type(model).__name__}")
        if device is not None and str(device) != "cpu":
            raise ValueError(f"AveragedModel: mygrad computes on the CPU; device={device!r} is not available")
        for name, fn in (("avg_fn", avg_fn), ("multi_avg_fn", multi_avg_fn)):
            if fn is not None and not callable(fn):
                raise TypeError(f"AveragedModel: {name} must be callable (or None); got {type(fn).__name__}")
        if not isinstance(use_buffers, (bool, np.bool_)):
            raise TypeError(f"AveragedModel: use_buffers must be True or False; got {use_buffers!r:.60}")
        self.module = copy.deepcopy(model)
        self.register_buffer("n_averaged", tensor(0, dtype=np.int64))
        self.avg_fn, self.multi_avg_fn, self.use_buffers = avg_fn, multi_avg_fn, bool(use_buffers)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.module(*args, **kwargs)

    def update_parameters(self, model: Module) -> None:
        """Average ``model``'s current parameters (and buffers, with ``use_buffers``) into this copy's."""
        if not isinstance(model, Module):
            raise TypeError(f"AveragedModel.update_parameters: model must be an nn.Module; got {type(model).__name__}")
        averaged, current = self._arrays(self.module), self._arrays(model)
        if len(averaged) != len(current) or any(a.shape != c.shape for a, c in zip(averaged, current)):
            raise ValueError("AveragedModel.update_parameters: model's parameters do not match the averaged "
                             "model's (shapes or number)")
        n = int(self.n_averaged.item())
        if n == 0:
            for a, c in zip(averaged, current):
                a[...] = c
        elif self.multi_avg_fn is not None or self.avg_fn is None:
            (self.multi_avg_fn or get_swa_multi_avg_fn())(averaged, [c.astype(a.dtype, copy=False)
                                                                   for a, c in zip(averaged, current)], n)
        else:
            for a, c in zip(averaged, current):
                new = self.avg_fn(a.copy(), c, n)
                a[...] = new.data if isinstance(new, Tensor) else new
        if not self.use_buffers:  # the buffers follow the model's
            for b_avg, b_model in zip(self._writable(self.module.buffers()), model.buffers()):
                b_avg[...] = b_model.data
        self.n_averaged = tensor(n + 1, dtype=np.int64)

    def _arrays(self, model: Module) -> List[np.ndarray]:
        """The arrays to average, writable in place (a live graph keeps the old values)."""
        tensors: Iterable[Tensor] = model.parameters()
        if self.use_buffers:
            tensors = list(tensors) + list(model.buffers())
        return self._writable(tensors) if model is self.module else [t.data for t in tensors]

    @staticmethod
    def _writable(tensors: Iterable[Tensor]) -> List[np.ndarray]:
        return [t.data if t.data.flags.writeable else renew_memory(t) for t in tensors]


class SWALR(LRScheduler):
    """Anneal each group's learning rate to ``swa_lr`` over ``anneal_epochs`` steps, then hold it (PyTorch's).

    Like PyTorch's it works from the groups' current rates, so it takes over
    wherever the previous schedule left them.

    Parameters
    ----------
    optimizer : Optimizer
    swa_lr : float or list of float
    anneal_epochs : int, default 10
    anneal_strategy : {"cos", "linear"}, default "cos"
    last_epoch : int, default -1

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> from mygrad.optim.swa_utils import SWALR
    >>> opt = SGD([mg.tensor([1.0])], lr=1.0)
    >>> sched = SWALR(opt, swa_lr=0.2, anneal_epochs=2, anneal_strategy="linear")
    >>> lrs = []
    >>> for epoch in range(4):
    ...     lrs.append(round(sched.get_last_lr()[0], 4))
    ...     opt.step()
    ...     sched.step()
    >>> lrs
    [1.0, 0.6, 0.2, 0.2]
    """

    def __init__(self, optimizer: Optimizer, swa_lr: Union[float, Sequence[float]], anneal_epochs: int = 10,
                 anneal_strategy: str = "cos", last_epoch: int = -1) -> None:
        owner = "SWALR"
        _check_optimizer(owner, optimizer)
        self.optimizer = optimizer
        swa_lrs = opt.per_group(owner, "swa_lr", swa_lr, len(optimizer.param_groups), opt.bounded(low=0))
        self._set("anneal_epochs", anneal_epochs)
        self._set("anneal_strategy", anneal_strategy)
        with _unchanged_on_error(optimizer):
            for group, lr in zip(optimizer.param_groups, swa_lrs):
                group["swa_lr"] = lr
            super().__init__(optimizer, last_epoch)

    _checks = {"anneal_epochs": opt.at_least(0), "anneal_strategy": opt.one_of("cos", "linear")}

    def _anneal(self, t: float) -> float:
        return t if self.anneal_strategy == "linear" else (1 - math.cos(math.pi * t)) / 2

    def get_lr(self) -> List[float]:
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        span = max(1, self.anneal_epochs)
        previous, now = (self._anneal(max(0.0, min(1.0, s / span))) for s in (step - 1, step))
        lrs = []
        for group in self.optimizer.param_groups:
            # the rate the annealing started from, recovered from the current one (PyTorch's recursion)
            start = group["swa_lr"] if previous == 1 else (group["lr"] - previous * group["swa_lr"]) / (1 - previous)
            lrs.append(group["swa_lr"] * now + start * (1 - now))
        return lrs


def update_bn(loader: Iterable[Any], model: Module, device: Any = None) -> None:
    """Recompute the running statistics of ``model``'s batch-norm layers over ``loader`` (one pass).

    Each batch-norm layer's statistics are reset and averaged over every
    batch (its ``momentum`` set to None meanwhile); a batch that is a list or
    tuple gives its first item to the model. Runs without building graphs;
    the model's train/eval mode is restored afterwards.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> from mygrad.optim.swa_utils import update_bn
    >>> model = nn.Sequential(nn.BatchNorm1d(1))
    >>> batches = [np.array([[1.0], [3.0]], dtype=np.float32), np.array([[5.0], [7.0]], dtype=np.float32)]
    >>> update_bn(batches, model)
    >>> model[0].running_mean        # the mean of the batches' means, 2 and 6
    Tensor([4.], dtype=float32)
    """
    if not isinstance(model, Module):
        raise TypeError(f"update_bn: model must be an nn.Module; got {type(model).__name__}")
    if device is not None and str(device) != "cpu":
        raise ValueError(f"update_bn: mygrad computes on the CPU; device={device!r} is not available")
    try:
        batches = iter(loader)
    except TypeError:
        raise TypeError(f"update_bn: loader must be an iterable of batches (a DataLoader); got "
                        f"{type(loader).__name__}") from None
    momenta = {m: m.momentum for m in model.modules() if isinstance(m, _BatchNorm)}
    if not momenta:
        return
    was_training = model.training
    try:
        for m in momenta:
            m.reset_running_stats()
            m.momentum = None
        model.train()
        with no_autodiff:
            for batch in batches:
                model(batch[0] if isinstance(batch, (list, tuple)) else batch)
    finally:
        for m, momentum in momenta.items():
            m.momentum = momentum
        model.train(was_training)
