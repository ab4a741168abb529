"""The differentiable op library, one module per family of NumPy functions.

Every public function here is re-exported at ``mygrad.*``.

Layer: above the engine (:mod:`mygrad.autodiff`), below everything users
import (``mygrad.*``, :mod:`mygrad.nn`, :mod:`mygrad.optim`). Modules here
import the engine and each other, never ``mygrad`` itself, ``nn`` or
``optim``. Besides the families, three modules say how an op is declared:
:mod:`~mygrad.ops.ufunc` (``@as_ufunc``: the ``mygrad.ufunc`` objects and
MyGrad's op bases), :mod:`~mygrad.ops.ufunc_keywords` (``out``/``where``/
``dtype``) and :mod:`~mygrad.ops.numpy_protocol` (the NumPy-override table
behind ``np.exp(tensor)``). Importing this package fills the engine's op
table (:mod:`mygrad.autodiff.op_table`), through which ``Tensor``'s
operators and methods reach the ops.
"""

from mygrad.ops.arithmetic import *  # noqa: F401,F403
from mygrad.ops.axes import *  # noqa: F401,F403
from mygrad.ops.casting import *  # noqa: F401,F403
from mygrad.ops.exp_log import *  # noqa: F401,F403
from mygrad.ops.indexing import *  # noqa: F401,F403
from mygrad.ops.joining import *  # noqa: F401,F403
from mygrad.ops.linalg import *  # noqa: F401,F403
from mygrad.ops.reductions import *  # noqa: F401,F403
from mygrad.ops.selection import *  # noqa: F401,F403
from mygrad.ops.shape import *  # noqa: F401,F403
from mygrad.ops.trig import *  # noqa: F401,F403
from mygrad.ops.logical import *  # noqa: F401,F403
from mygrad.ops.reciprocal_trig import *  # noqa: F401,F403
from mygrad.ops.rounding import *  # noqa: F401,F403
from mygrad.ops.searching import *  # noqa: F401,F403
from mygrad.ops.sequence import *  # noqa: F401,F403
from mygrad.ops.windows import *  # noqa: F401,F403

import types as _types  # noqa: E402

from mygrad.autodiff import op_table as _op_table  # noqa: E402
from mygrad.ops import arithmetic as _arithmetic, shape as _shape  # noqa: E402

_op_table.fill(
    Add=_arithmetic.Add, Subtract=_arithmetic.Subtract, Multiply=_arithmetic.Multiply,
    Divide=_arithmetic.Divide, Negative=_arithmetic.Negative, Reshape=_shape.Reshape,
    add=add, subtract=subtract, multiply=multiply, divide=divide, power=power,  # noqa: F405
    positive=positive, absolute=absolute, floor_divide=floor_divide, remainder=remainder,  # noqa: F405
    matmul=matmul, clip=clip, getitem=getitem, sum=sum, mean=mean, var=var, std=std,  # noqa: F405
    max=max, min=min, prod=prod, cumsum=cumsum, cumprod=cumprod, reshape=reshape,  # noqa: F405
    transpose=transpose, moveaxis=moveaxis, swapaxes=swapaxes, squeeze=squeeze,  # noqa: F405
    flatten=flatten, ravel=ravel,  # noqa: F405
)

# Export the functions, not the family submodules (``mygrad.linalg`` is its own namespace).
__all__ = [name for name, value in list(globals().items())
           if not name.startswith("_") and not isinstance(value, _types.ModuleType)]
