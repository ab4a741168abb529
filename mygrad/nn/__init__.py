"""``mygrad.nn``: modules, layers, losses and initialisers with PyTorch's ``torch.nn`` names.

>>> import numpy as np
>>> from mygrad import nn
>>> model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
>>> loss = nn.CrossEntropyLoss()(model(np.ones((8, 4), dtype=np.float32)), np.zeros(8, dtype=np.int64))
>>> loss.backward()
>>> model[0].weight.grad.shape
(16, 4)
"""

import importlib.util as _importlib_util

from mygrad.nn import functional, init
from mygrad.nn.layers import *  # noqa: F401,F403
from mygrad.nn.layers import __all__ as _layers_all
from mygrad.nn.losses import *  # noqa: F401,F403
from mygrad.nn.losses import __all__ as _losses_all
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.nn.uninitialized import UninitializedBuffer, UninitializedParameter

__all__ = ["Module", "Parameter", "UninitializedParameter", "UninitializedBuffer", "functional", "init"]
__all__ += list(_layers_all) + list(_losses_all)

# mygrad.nn.utils (clip_grad_norm_, ...) is written alongside the optimisers; expose it once it exists.
if _importlib_util.find_spec("mygrad.nn.utils") is not None:
    from mygrad.nn import utils  # noqa: E402

    __all__.append("utils")
