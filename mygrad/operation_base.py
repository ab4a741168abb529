"""MyGrad's historical import path for the op contract (``from mygrad.operation_base import Operation``)."""

from mygrad.operation import Operation, execute_op  # noqa: F401

__all__ = ["Operation", "BroadcastableOp", "execute_op"]

# MyGrad's base class for ops whose inputs broadcast; here every Operation un-broadcasts its gradients.
BroadcastableOp = Operation
