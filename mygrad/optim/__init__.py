"""Optimizers and learning-rate schedules with PyTorch's interface and update rules.

>>> import mygrad as mg
>>> from mygrad import optim
>>> w = mg.tensor([1.0, 2.0])
>>> opt = optim.SGD([w], lr=0.25)
>>> (w * w).sum().backward()      # grad = 2w
>>> opt.step()
>>> w
Tensor([0.5, 1. ])
"""

from mygrad.optim import lr_scheduler, swa_utils
from mygrad.optim.adagrad import Adagrad
from mygrad.optim.asgd import ASGD
from mygrad.optim.adam import Adam, AdamW
from mygrad.optim.adam_variants import Adadelta, Adamax, NAdam, RAdam
from mygrad.optim.optimizer import Optimizer
from mygrad.optim.rmsprop import RMSprop
from mygrad.optim.rprop import Rprop
from mygrad.optim.sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Rprop", "ASGD", "Adagrad", "Adamax", "NAdam", "RAdam", "Adadelta",
           "lr_scheduler", "swa_utils"]
