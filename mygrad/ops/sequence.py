"""Sums and products of many tensors in one op: ``add_sequence``, ``multiply_sequence``.

``add_sequence(a, b, c)`` equals ``a + b + c`` but records one node in the
graph instead of two, which keeps long chains of additions cheap to
back-propagate. Inputs broadcast together as NumPy's binary ops do.
"""

from __future__ import annotations

from functools import reduce
from typing import Any, List, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

__all__ = ["add_sequence", "multiply_sequence"]


class AddSequence(Operation):
    def __call__(self, *tensors):
        self.variables = tensors
        return reduce(np.add, (t.data for t in tensors))

    def backward_var(self, grad, index, **kwargs):
        return grad  # d(x0 + x1 + ...)/dxi = 1


class MultiplySequence(Operation):
    def __call__(self, *tensors):
        self.variables = tensors
        self._others: Optional[List[np.ndarray]] = None
        return reduce(np.multiply, (t.data for t in tensors))

    def backward_var(self, grad, index, **kwargs):
        if self._others is None:
            self._others = _products_of_the_others([t.data for t in self.variables])
        return grad * self._others[index]  # d(x0 * x1 * ...)/dxi = product of all xj, j != i


def _products_of_the_others(arrays: List[np.ndarray]) -> List[Any]:
    """``[prod(arrays[:i] + arrays[i+1:]) for each i]`` from prefix and suffix products (no division)."""
    n = len(arrays)
    prefix = [1] * n  # prefix[i] = arrays[0] * ... * arrays[i-1]
    for i in range(1, n):
        prefix[i] = prefix[i - 1] * arrays[i - 1]
    others = [None] * n
    suffix: Any = 1  # arrays[i+1] * ... * arrays[n-1]
    for i in range(n - 1, -1, -1):
        others[i] = prefix[i] * suffix
        suffix = suffix * arrays[i]
    return others


def _check_count(name: str, tensors: tuple) -> None:
    if len(tensors) < 2:
        raise ValueError(f"{name} needs at least two inputs; got {len(tensors)}")


def add_sequence(*variables: Any, constant: Optional[bool] = None) -> Tensor:
    """``x0 + x1 + ... + xn`` as a single operation, with NumPy broadcasting.

    Parameters
    ----------
    *variables : ArrayLike
        Two or more tensors or array-likes, mutually broadcastable.
    constant : Optional[bool]
        If True the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor
        The elementwise sum; ``d(sum)/dxi = 1`` for every input.

    Examples
    --------
    >>> import mygrad as mg
    >>> x, y = mg.tensor([1.0, 2.0]), mg.tensor(3.0)
    >>> f = mg.add_sequence(x, y, x)
    >>> f
    Tensor([5., 7.])
    >>> f.backward()
    >>> x.grad, y.grad
    (array([2., 2.]), array(2.))
    """
    _check_count("add_sequence", variables)
    return execute_op(AddSequence, *variables, constant=constant)


def multiply_sequence(*variables: Any, constant: Optional[bool] = None) -> Tensor:
    """``x0 * x1 * ... * xn`` as a single operation, with NumPy broadcasting.

    Parameters
    ----------
    *variables : ArrayLike
        Two or more tensors or array-likes, mutually broadcastable.
    constant : Optional[bool]
        If True the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor
        The elementwise product; ``d(product)/dxi`` is the product of the
        other inputs (computed without dividing, so zeros are fine).

    Examples
    --------
    >>> import mygrad as mg
    >>> x, y, z = mg.tensor(2.0), mg.tensor(3.0), mg.tensor(0.0)
    >>> f = mg.multiply_sequence(x, y, z)
    >>> f.backward()
    >>> x.grad, y.grad, z.grad
    (array(0.), array(0.), array(6.))
    """
    _check_count("multiply_sequence", variables)
    return execute_op(MultiplySequence, *variables, constant=constant)
