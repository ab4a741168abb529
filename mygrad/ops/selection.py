"""Selecting elements by a condition: where."""

from __future__ import annotations

from typing import Any, Optional, Tuple, Union

import numpy as np

from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad._arg_errors import explain, reword, shape_of
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

__all__ = ["where"]

_NOT_GIVEN = object()


class Where(Operation):
    def __call__(self, x, y, condition):
        self.variables = (x, y)
        self.condition = condition
        return np.where(condition, x.data, y.data)

    def backward_var(self, grad, index, **kwargs):
        # d where(c, x, y)/dx = c and /dy = not c; broadcasting is undone by the base class
        chosen = self.condition if index == 0 else ~self.condition
        return np.where(chosen, grad, 0)


@implements_numpy_override(np.where)
def where(
    condition: Any, x: Any = _NOT_GIVEN, y: Any = _NOT_GIVEN, *, constant: Optional[bool] = None
) -> Union[Tensor, Tuple[np.ndarray, ...]]:
    """Elements of ``x`` where ``condition`` is true, else of ``y`` (all three broadcast together).

    The condition is not differentiable; the gradient flows to ``x`` where
    it was chosen and to ``y`` elsewhere. With only ``condition``, returns
    ``np.nonzero(condition)``: a tuple of index arrays, as ``np.where``.

    Parameters
    ----------
    condition : ArrayLike
        Converted to bool; a tensor's data is used.
    x, y : ArrayLike
        The values to choose from; give both or neither.
    constant : Optional[bool]
        If True, the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor, or a tuple of ndarrays for the one-argument form.

    Examples
    --------
    >>> import mygrad as mg
    >>> x, y = mg.tensor([1.0, 2.0, 3.0]), mg.tensor(0.0)
    >>> out = mg.where(x > 1.5, x, y)
    >>> out.backward()
    >>> out, x.grad, y.grad
    (Tensor([0., 2., 3.]), array([0., 1., 1.]), array(1.))
    """
    try:
        condition = np.asarray(condition.data if isinstance(condition, Tensor) else condition)
    except ValueError as error:  # (a ragged list)
        raise reword(error, f"where: condition must be an array-like of booleans; got {condition!r:.60} "
                            f"({error})") from error
    if x is _NOT_GIVEN and y is _NOT_GIVEN:
        return np.nonzero(condition)
    if x is _NOT_GIVEN or y is _NOT_GIVEN:
        raise ValueError("where needs either both x and y, or neither")
    try:
        return execute_op(Where, x, y, op_args=(condition.astype(bool, copy=False),), constant=constant)
    except OverflowError as error:  # a Python int beyond int64/uint64 (refused by the engine, as by NumPy)
        name, value = ("x", x) if _too_large(x) else ("y", y)
        raise OverflowError(f"where: {name}={value!r:.40} is too large for an integer array ({error})") from error
    except Exception as error:
        raise explain(error, "where", "condition, x and y whose shapes broadcast together",
                      condition_shape=condition.shape, x_shape=shape_of(x), y_shape=shape_of(y)) from error


def _too_large(value: Any) -> bool:
    """Whether ``value`` is a Python int that fits no NumPy integer type."""
    return type(value) is int and not -2**63 <= value < 2**64
