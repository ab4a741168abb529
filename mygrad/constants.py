"""NumPy's constants under mygrad's name (``mg.pi``, ``mg.inf``, ``mg.newaxis`` ...).

MyGrad re-exports NumPy's constants so that ``import mygrad as mg`` code can
use ``mg.pi`` the way NumPy code uses ``np.pi``. The spellings NumPy 2 removed
(``Inf``, ``NaN``, ``PINF``, ``infty`` ...) are not provided.

>>> import mygrad as mg
>>> mg.sin(mg.tensor(mg.pi / 2))
Tensor(1.)
"""

import numpy as np

__all__ = ["e", "euler_gamma", "inf", "nan", "newaxis", "pi"]

e = np.e
euler_gamma = np.euler_gamma
inf = np.inf
nan = np.nan
newaxis = np.newaxis
pi = np.pi
