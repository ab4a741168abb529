"""``mygrad.linalg``: linear algebra, mirroring ``numpy.linalg`` (MyGrad's namespace).

The implementations live in :mod:`mygrad.ops.linalg` and :mod:`mygrad.ops.norms`; this package only
gathers them under the name users know from NumPy.

>>> import mygrad as mg
>>> mg.linalg.norm([3.0, 4.0])
Tensor(5.)
"""

from mygrad.ops.linalg import einsum, matmul, multi_matmul
from mygrad.ops.norms import norm

# funcs and ops: MyGrad's submodules, supplied by mygrad._mygrad25_paths once mygrad is imported.
__all__ = ["norm", "matmul", "einsum", "multi_matmul", "funcs", "ops"]
