"""Losses of binary targets: binary cross-entropy (on probabilities or logits) and the margin ranking loss."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_reduction, data_of
from mygrad.nn.functional.activations import stable_sigmoid
from mygrad.nn.functional.losses.common import (broadcast_or_none, check_args, check_broadcasts_to, check_options,
                                                per_element, reduce_loss)

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "margin_ranking_loss", "Hinge"]


# ----------------------------------------------------------------- binary cross-entropy
class BinaryCrossEntropy(Operation):
    """``-w (y log p + (1 - y) log(1 - p))`` with each log clamped at -100 (PyTorch)."""

    def __call__(self, p, y, *weight, reduction):
        self.variables = (p, y)
        pd, yd = p.data, y.data
        self.w = weight[0] if weight else None
        self.reduction = reduction
        with np.errstate(divide="ignore"):
            self.log_p = np.maximum(np.log(pd), -100)
            self.log_q = np.maximum(np.log1p(-pd), -100)
        loss = -(yd * self.log_p + (1 - yd) * self.log_q)
        if self.w is not None:
            loss = loss * self.w
        self.shape = loss.shape
        return reduce_loss(loss, reduction)

    def backward_var(self, grad, index, **kwargs):
        p, y = (v.data for v in self.variables)
        g = per_element(grad, self.reduction, self.shape)
        if self.w is not None:
            g = g * self.w
        if index == 0:
            # d/dp = (p - y) / (p (1 - p)), the denominator clamped at 1e-12 as PyTorch does
            return g * (p - y) / np.maximum(p * (1 - p), p.dtype.type(1e-12))
        return -g * (self.log_p - self.log_q)  # d/dy = -(log p - log(1 - p))


def binary_cross_entropy(input: Any, target: Any, weight: Any = None, size_average: Any = None, reduce: Any = None,
                         reduction: str = "mean", *, constant: Optional[bool] = None) -> Tensor:
    """Binary cross-entropy between probabilities ``input`` and ``target`` (same shape).

    Each log is clamped at -100, so ``input`` of exactly 0 or 1 gives a finite loss.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import binary_cross_entropy
    >>> binary_cross_entropy(mg.tensor([1.0, 0.0]), [0.0, 0.0])
    Tensor(50.)
    """
    check_args("binary_cross_entropy", reduction, input=input, target=target, weight=weight)
    check_reduction(reduction)
    xs, ts = np.shape(data_of(input)), np.shape(data_of(target))
    if xs != ts:
        raise ValueError(f"binary_cross_entropy: target shape {ts} must equal input shape {xs}")
    x = np.asarray(data_of(input))
    if x.size and ((x < 0) | (x > 1)).any():
        raise ValueError(f"binary_cross_entropy: input values must be probabilities in [0, 1]; got values in "
                         f"[{np.nanmin(x)}, {np.nanmax(x)}] (apply sigmoid first, or use "
                         f"binary_cross_entropy_with_logits)")
    extra = () if weight is None else (np.asarray(data_of(weight), dtype=x.dtype),)
    if extra:
        check_broadcasts_to("binary_cross_entropy", "weight", extra[0], xs)
    return execute_op(BinaryCrossEntropy, input, target, op_args=extra, op_kwargs=dict(reduction=reduction),
                      constant=constant)


class BCEWithLogits(Operation):
    """``w [(1 - y) x + (1 + (pw - 1) y) softplus(-x)]``, stable for any finite logits ``x``."""

    def __call__(self, x, y, weight, pos_weight, reduction):
        self.variables = (x, y)
        xd, yd = x.data, y.data
        self.w, self.reduction = weight, reduction
        self.lw = 1 if pos_weight is None else 1 + (pos_weight - 1) * yd  # weight of the log(sigmoid(x)) term
        self.pw = pos_weight
        self.softplus_neg = np.log1p(np.exp(-np.abs(xd))) + np.maximum(-xd, 0)  # log(1 + e^-x), no overflow
        loss = (1 - yd) * xd + self.lw * self.softplus_neg
        if weight is not None:
            loss = loss * weight
        self.shape = loss.shape
        return reduce_loss(loss, reduction)

    def backward_var(self, grad, index, **kwargs):
        x, y = (v.data for v in self.variables)
        g = per_element(grad, self.reduction, self.shape)
        if self.w is not None:
            g = g * self.w
        if index == 0:
            return g * ((1 - y) - self.lw * stable_sigmoid(-x))  # d/dx softplus(-x) = -sigmoid(-x)
        pw = 1 if self.pw is None else self.pw
        return g * (-x + (pw - 1) * self.softplus_neg)  # d/dy


def binary_cross_entropy_with_logits(input: Any, target: Any, weight: Any = None, size_average: Any = None,
                                     reduce: Any = None, reduction: str = "mean", pos_weight: Any = None, *,
                                     constant: Optional[bool] = None) -> Tensor:
    """Sigmoid + binary cross-entropy in one stable step: no overflow for logits up to ~1e38.

    ``loss = -w [pw y log s(x) + (1 - y) log(1 - s(x))]`` with ``pos_weight``
    ``pw`` broadcast along the last (class) axis.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import binary_cross_entropy_with_logits
    >>> binary_cross_entropy_with_logits(mg.tensor([1e4, -1e4]), [1.0, 0.0])
    Tensor(0.)
    """
    check_args("binary_cross_entropy_with_logits", reduction, input=input, target=target, weight=weight,
                pos_weight=pos_weight)
    check_reduction(reduction)
    xs, ts = np.shape(data_of(input)), np.shape(data_of(target))
    if xs != ts:
        raise ValueError(f"binary_cross_entropy_with_logits: target shape {ts} must equal input shape {xs}")
    dtype = np.asarray(data_of(input)).dtype
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    w = None if weight is None else np.asarray(data_of(weight), dtype=dtype)
    pw = None if pos_weight is None else np.asarray(data_of(pos_weight), dtype=dtype)
    for what, value in (("weight", w), ("pos_weight", pw)):
        if value is not None:
            check_broadcasts_to("binary_cross_entropy_with_logits", what, value, xs)
    return execute_op(BCEWithLogits, input, target, op_args=(w, pw, reduction), constant=constant)


# ----------------------------------------------------------------- margin losses
class Hinge(Operation):
    """``mean/sum of max(0, m)`` for a margin array ``m`` linear in the inputs: ``dm/dinput_i = coef_i``."""

    def __call__(self, *tensors, margins, coefs, reduction, divisor, per_row):
        self.variables = tensors
        self.active = margins > 0
        self.coefs, self.reduction, self.divisor, self.per_row = coefs, reduction, divisor, per_row
        loss = np.where(self.active, margins, 0) / divisor
        if per_row:  # one loss per sample: sum over the class axis
            loss = loss.sum(axis=1)
        self.loss_shape = loss.shape
        return reduce_loss(loss, reduction)

    def backward_var(self, grad, index, **kwargs):
        g = per_element(grad, self.reduction, self.loss_shape)
        if self.per_row:
            g = g[:, None]
        return self.coefs[index](g * self.active / self.divisor)


def margin_ranking_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0, size_average: Any = None,
                        reduce: Any = None, reduction: str = "mean", *, constant: Optional[bool] = None) -> Tensor:
    """``max(0, -target * (input1 - input2) + margin)``, reduced; ``target`` is 1 or -1.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import margin_ranking_loss
    >>> margin_ranking_loss(mg.tensor([1.0, 0.0]), mg.tensor([0.0, 0.0]), [1, 1], margin=0.5)
    Tensor(0.25)
    """
    check_args("margin_ranking_loss", reduction, input1=input1, input2=input2, target=target)
    check_options("margin_ranking_loss", margin=margin)
    check_reduction(reduction)
    x1, x2, y = (np.asarray(data_of(v)) for v in (input1, input2, target))
    if x1.shape != x2.shape or broadcast_or_none(x1.shape, y.shape) != x1.shape:
        raise ValueError(f"margin_ranking_loss: input1 and input2 must have the same shape, and target a shape that "
                         f"broadcasts to it unchanged; got {x1.shape}, {x2.shape} and {y.shape}")
    margins = margin - y * (x1 - x2)
    return execute_op(Hinge, input1, input2,
                      op_kwargs=dict(margins=margins, coefs=(lambda g: -y * g, lambda g: y * g),
                                     reduction=reduction, divisor=1, per_row=False),
                      constant=constant)
