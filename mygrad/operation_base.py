"""MyGrad's import path for the op base classes (``from mygrad.operation_base import Operation``).

* ``Operation`` (and ``execute_op``) live in :mod:`mygrad.operation`.
* ``Ufunc``, ``UnaryUfunc``, ``BinaryUfunc`` and ``Sequential`` - MyGrad's bases
  for elementwise and sequence-reducing ops - live in :mod:`mygrad.ufuncs`.

>>> from mygrad.operation_base import Operation
>>> import mygrad as mg
>>> issubclass(type(mg.exp(mg.tensor(1.0)).creator), Operation)
True
"""

from mygrad.operation import Operation, execute_op  # noqa: F401
from mygrad.ufuncs import BinaryUfunc, Sequential, Ufunc, UnaryUfunc  # noqa: F401

__all__ = ["Operation", "BroadcastableOp", "execute_op", "Ufunc", "UnaryUfunc", "BinaryUfunc", "Sequential"]

# MyGrad's base class for ops whose inputs broadcast; here every Operation un-broadcasts its gradients.
BroadcastableOp = Operation
