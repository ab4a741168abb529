"""Learning-rate schedules, as ``torch.optim.lr_scheduler``.

A scheduler sets ``group["lr"]`` of its optimizer's parameter groups. Call
``scheduler.step()`` once per epoch (or per batch, for :class:`OneCycleLR`)
*after* ``optimizer.step()``::

    for epoch in range(n_epochs):
        for x, y in loader:
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        scheduler.step()

Each schedule here is written in closed form, ``lr = f(base_lr, epoch)``
(PyTorch's recursive forms give the same values up to rounding). So a
schedule always follows its formula: setting ``group["lr"]`` by hand lasts
only until the next ``step()``, and schedules do not chain.

The schedules live in five modules, by kind: :mod:`.base` (``LRScheduler``,
the base class), :mod:`.closed_form` (``StepLR``, ``MultiStepLR``,
``ExponentialLR``, ``CosineAnnealingLR``, ``LinearLR``, ``LambdaLR``, ``MultiplicativeLR``),
:mod:`.composite` (``ConstantLR``, ``PolynomialLR``,
``CosineAnnealingWarmRestarts``, ``SequentialLR``), :mod:`.one_cycle`
(``OneCycleLR``), :mod:`.cyclic` (``CyclicLR``) and :mod:`.plateau` (``ReduceLROnPlateau``); import them
from here.
"""

from mygrad.optim.lr_scheduler.base import LRScheduler
from mygrad.optim.lr_scheduler.closed_form import (CosineAnnealingLR, ExponentialLR, LambdaLR, LinearLR,
                                                   MultiplicativeLR, MultiStepLR, StepLR)
from mygrad.optim.lr_scheduler.composite import ConstantLR, CosineAnnealingWarmRestarts, PolynomialLR, SequentialLR
from mygrad.optim.lr_scheduler.cyclic import CyclicLR
from mygrad.optim.lr_scheduler.one_cycle import OneCycleLR
from mygrad.optim.lr_scheduler.plateau import ReduceLROnPlateau

__all__ = [
    "LRScheduler",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "LinearLR",
    "LambdaLR",
    "MultiplicativeLR",
    "ConstantLR",
    "PolynomialLR",
    "CosineAnnealingWarmRestarts",
    "SequentialLR",
    "OneCycleLR",
    "CyclicLR",
    "ReduceLROnPlateau",
]
