"""mygrad: NumPy-centric automatic differentiation.

>>> import mygrad as mg
>>> x = mg.tensor([1.0, 2.0, 3.0])
>>> (x * x).sum().backward()
>>> x.grad
array([2., 4., 6.])
"""

from mygrad.autodiff.modes import enable_grad, no_autodiff, set_grad_enabled
from mygrad.autodiff import anomaly
from mygrad.autodiff.anomaly import detect_anomaly
from mygrad.autodiff.memory.guard import (
    mem_guard_active,
    mem_guard_off,
    mem_guard_on,
    turn_memory_guarding_off,
    turn_memory_guarding_on,
)
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.autodiff.conversion import astensor, tensor
from mygrad.ops import *  # noqa: F401,F403
from mygrad.creation import *  # noqa: F401,F403
from mygrad.ops.array_info import *  # noqa: F401,F403  (here: its `shape` would hide the mygrad.ops.shape module)
from mygrad.constants import *  # noqa: F401,F403
from mygrad import random  # noqa: E402
from mygrad.io import load, save  # noqa: E402
import mygrad.linalg as linalg  # noqa: E402
from mygrad import optim  # noqa: E402
from mygrad import checkpoint, nn, nnet  # noqa: E402
from mygrad import errors, typing  # noqa: E402
from mygrad.ops.ufunc import ufunc  # noqa: E402
# NumPy's scalar types under mygrad's name, as MyGrad provides them (mg.float32 is np.float32).
from numpy import (bool_, double, float16, float32, float64, half, int8, int16, int32, int64,  # noqa: E402
                   intp, longdouble, single, uint8, uint16, uint32, uint64, uintp)
from mygrad import _mygrad25_paths  # noqa: E402

_mygrad25_paths.install()  # MyGrad 2.5's module paths (mygrad.math.arithmetic.funcs, ...) as aliases

__version__ = "0.1.0"
