"""Regression losses, functions of ``x - y``: MSE, L1, smooth L1, Huber (one fused op each)."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_reduction
from mygrad.nn.functional.losses.common import check_args, check_options, check_same_shape, per_element, reduce_loss

__all__ = ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"]


# ----------------------------------------------------------------- regression losses: functions of x - y
class _DifferenceLoss(Operation):
    """Elementwise ``f(input - target)``, reduced; ``d/dinput = f'(d)``, ``d/dtarget = -f'(d)``."""

    def __call__(self, x, y, reduction, kind, param):
        self.variables = (x, y)
        self.diff = x.data - y.data
        self.reduction, self.kind, self.param = reduction, kind, param
        return reduce_loss(self._loss(self.diff), reduction)

    def _loss(self, d):
        if self.kind == "mse":
            return d * d
        if self.kind == "l1":
            return np.abs(d)
        a, k = np.abs(d), self.param
        quad = np.where(a < k, 0.5 * d * d, k * (a - 0.5 * k))  # Huber with delta k
        return quad / k if self.kind == "smooth_l1" else quad

    def _slope(self, d):
        if self.kind == "mse":
            return 2 * d
        if self.kind == "l1":
            return np.sign(d)
        k = self.param
        slope = np.clip(d, -k, k)  # Huber: d inside [-k, k], k sign(d) outside
        return slope / k if self.kind == "smooth_l1" else slope

    def backward_var(self, grad, index, **kwargs):
        g = per_element(grad, self.reduction, self.diff.shape)
        d = g * self._slope(self.diff)
        return d if index == 0 else -d


def _difference_loss(input, target, reduction, kind, param, constant, name):
    check_reduction(reduction)
    check_same_shape(name, input, target)
    return execute_op(_DifferenceLoss, input, target, op_args=(reduction, kind, param), constant=constant)


def mse_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None, reduction: str = "mean", *,
             constant: Optional[bool] = None) -> Tensor:
    """Mean squared error ``(input - target)^2``, reduced.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import mse_loss
    >>> mse_loss(mg.tensor([1.0, 3.0]), [0.0, 0.0])
    Tensor(5.)
    """
    check_args("mse_loss", reduction, input=input, target=target)
    return _difference_loss(input, target, reduction, "mse", None, constant, "mse_loss")


def l1_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None, reduction: str = "mean", *,
            constant: Optional[bool] = None) -> Tensor:
    """Absolute error ``|input - target|``, reduced (subgradient 0 at equality).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import l1_loss
    >>> x = mg.tensor([1.0, 2.0, 5.0])
    >>> loss = l1_loss(x, [0.0, 4.0, 5.0], reduction="sum")  # 1 + 2 + 0
    >>> loss
    Tensor(3.)
    >>> loss.backward()
    >>> x.grad                  # d|x - t|/dx = sign(x - t)
    array([ 1., -1.,  0.])
    """
    check_args("l1_loss", reduction, input=input, target=target)
    return _difference_loss(input, target, reduction, "l1", None, constant, "l1_loss")


def smooth_l1_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None, reduction: str = "mean",
                   beta: float = 1.0, *, constant: Optional[bool] = None) -> Tensor:
    """``0.5 d^2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta`` (``d = input - target``).

    ``beta=0`` is the L1 loss.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import smooth_l1_loss
    >>> x = mg.tensor([0.5, -3.0])
    >>> loss = smooth_l1_loss(x, [0.0, 0.0], reduction="none", beta=1.0)
    >>> loss                    # [0.5 * 0.5^2, 3 - 0.5]
    Tensor([0.125, 2.5  ])
    >>> loss.sum().backward()
    >>> x.grad                  # d / beta inside the band, sign(d) outside
    array([ 0.5, -1. ])
    """
    check_args("smooth_l1_loss", reduction, input=input, target=target)
    check_options("smooth_l1_loss", beta=beta)
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be non-negative; got {beta}")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction, constant=constant)
    return _difference_loss(input, target, reduction, "smooth_l1", beta, constant, "smooth_l1_loss")


def huber_loss(input: Any, target: Any, reduction: str = "mean", delta: float = 1.0, *,
               constant: Optional[bool] = None) -> Tensor:
    """``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)`` (``d = input - target``).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import huber_loss
    >>> x = mg.tensor([0.5, -3.0])
    >>> loss = huber_loss(x, [0.0, 0.0], reduction="none", delta=2.0)
    >>> loss                    # [0.5 * 0.5^2, 2 * (3 - 1)]
    Tensor([0.125, 4.   ])
    >>> loss.sum().backward()
    >>> x.grad                  # d inside the band, delta * sign(d) outside
    array([ 0.5, -2. ])
    """
    check_args("huber_loss", reduction, input=input, target=target)
    check_options("huber_loss", delta=delta)
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be positive; got {delta}")
    return _difference_loss(input, target, reduction, "huber", delta, constant, "huber_loss")
