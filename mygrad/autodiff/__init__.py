"""The autodiff engine: tensors, ops, the graph they form and the backward walk.

Read it in this order:

* :mod:`~mygrad.autodiff.tensor` - ``Tensor``: an array, the op that made it
  (``creator``), whether it is a constant, and its gradient.
* :mod:`~mygrad.autodiff.operation` - ``Operation``, the contract every op
  follows (forward ``__call__``, ``backward_var`` per input, ``backward``
  for all of them), and ``execute_op``, which runs one and records it.
* :mod:`~mygrad.autodiff.graph` - recording an op in the graph and
  releasing it; :mod:`~mygrad.autodiff.backprop` - the backward walk.
* :mod:`~mygrad.autodiff.gradients` - un-broadcasting and checking gradients.
* :mod:`~mygrad.autodiff.modes` (``no_autodiff``) and
  :mod:`~mygrad.autodiff.anomaly` (``detect_anomaly``).
* :mod:`~mygrad.autodiff.memory` - views, in-place writes, memory guarding
  and the backward pass's buffer pool: what makes tensors share memory
  safely. The rest of the engine works without reading it.
* :mod:`~mygrad.autodiff.ndarray_methods` and
  :mod:`~mygrad.autodiff.op_table` - ``Tensor``'s operators and methods,
  which reach the ops through a table the op library fills.

What it may import: NumPy, :mod:`mygrad.errors` and itself - never
:mod:`mygrad.ops`, ``nn``, ``optim`` or the ``mygrad`` package namespace.
The layers above reach back into it only through the op table.
"""

from mygrad.autodiff.tensor import Tensor
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.memory import inplace  # noqa: F401  (fills the op table's in-place entries)

__all__ = ["Tensor", "Operation", "execute_op"]
