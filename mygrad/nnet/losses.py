"""MyGrad's losses (``mygrad.nnet.losses``), adapters over :mod:`mygrad.nn.functional`.

MyGrad's conventions differ from PyTorch's only in normalisation, which the
adapters translate: ``negative_log_likelihood`` divides by N (not by the
summed class weights) and ``multiclass_hinge`` does not divide by C.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn.functional._utils import data_of
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.arithmetic import multiply
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.nn.functional.losses.common import check_class_range
from mygrad._arg_errors import name_errors as _name_errors

__all__ = ["focal_loss", "margin_ranking_loss", "multiclass_hinge", "negative_log_likelihood",
           "softmax_crossentropy", "softmax_focal_loss"]


def _check_scores(x: Any, y_true: Any, name: str) -> np.ndarray:
    y = np.asarray(data_of(y_true))
    shape = np.shape(data_of(x))
    if len(shape) != 2:
        raise ValueError(f"{name}: x must be a 2-D array of shape (N, C); got shape {shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"{name}: y_true must be an integer array of class indices; got dtype {y.dtype}")
    if y.shape != (shape[0],):
        raise ValueError(f"{name}: y_true must have shape ({shape[0]},); got {y.shape}")
    return y


def _float_scores(x: Any) -> Any:
    """Integer scores (necessarily constant) as float64, as MyGrad 2.5 computes with them; others unchanged."""
    if np.asarray(data_of(x)).dtype.kind in "fc":
        return x
    return np.asarray(data_of(x), dtype=np.float64)


def softmax_crossentropy(x: Any, y_true: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Mean cross-entropy of ``softmax(x)`` (N, C) against class indices ``y_true`` (N,).

    Examples
    --------
    >>> import mygrad as mg
    >>> softmax_crossentropy(mg.tensor([[2.0, 2.0, 2.0], [0.0, 0.0, 1e6]]), [0, 2])
    Tensor(0.54930614)
    """
    return F.cross_entropy(_float_scores(x), _check_scores(x, y_true, "softmax_crossentropy"), constant=constant)


def negative_log_likelihood(x: Any, y_true: Any, *, weights: Any = None, constant: Optional[bool] = None) -> Tensor:
    """``-mean_n(weights[y_n] * x[n, y_n])`` for log-probabilities ``x`` (N, C).

    Examples
    --------
    >>> import mygrad as mg
    >>> negative_log_likelihood(mg.tensor([[-4.6, -4.6, -0.02]]), [0], weights=[2.0, 1.0, 1.0])
    Tensor(9.2)
    """
    y = _check_scores(x, y_true, "negative_log_likelihood")
    total = F.nll_loss(x, y, weight=weights, reduction="sum", constant=constant)
    return total / max(len(y), 1)


def multiclass_hinge(x: Any, y_true: Any, hinge: float = 1.0, *, constant: Optional[bool] = None) -> Tensor:
    """``mean_n sum_{i != y_n} max(0, x[n, i] - x[n, y_n] + hinge)`` (N, C) scores.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([[2.0, 1.5, 0.0], [0.0, 3.0, 0.0]])
    >>> loss = multiclass_hinge(x, [0, 1])  # sample 0: 1.5 - 2 + 1 = 0.5; sample 1: no violation
    >>> loss                    # (0.5 + 0) / 2
    Tensor(0.25)
    >>> loss.backward()
    >>> x.grad                  # -1/N to the label, +1/N to the class inside the hinge
    array([[-0.5,  0.5,  0. ],
           [ 0. ,  0. ,  0. ]])
    """
    y = _check_scores(x, y_true, "multiclass_hinge")
    # (constant= on the last op: F.multi_margin_loss keeps a variable input's graph even with constant=True)
    return multiply(F.multi_margin_loss(x, y, margin=hinge, constant=constant), np.shape(data_of(x))[1],
                    constant=constant)


def margin_ranking_loss(x1: Any, x2: Any, y: Any, margin: float, *, constant: Optional[bool] = None) -> Tensor:
    """``mean(max(0, margin - y * (x1 - x2)))`` for x1, x2 of shape (N,) or (N, D) and y of ±1 (scalar or (N,)).

    Examples
    --------
    >>> import mygrad as mg
    >>> x1, x2 = mg.tensor([1.0, 0.5]), mg.tensor([0.0, 1.0])
    >>> loss = margin_ranking_loss(x1, x2, 1, margin=0.5)  # y = 1: x1 should win by 0.5
    >>> loss                    # (max(0, 0.5 - 1) + max(0, 0.5 + 0.5)) / 2
    Tensor(0.5)
    >>> loss.backward()
    >>> x1.grad, x2.grad        # -y/N and +y/N for pairs inside the margin, 0 otherwise
    (array([-0. , -0.5]), array([0. , 0.5]))
    """
    s1, s2 = np.shape(data_of(x1)), np.shape(data_of(x2))
    if not 0 < len(s1) < 3:
        raise ValueError(f"margin_ranking_loss: x1 must have shape (N,) or (N, D); got {s1}")
    if s1 != s2:
        raise ValueError(f"margin_ranking_loss: x1 {s1} and x2 {s2} must have the same shape")
    for name, value in (("x1", x1), ("x2", x2)):
        if np.asarray(data_of(value)).dtype.kind != "f":  # (MyGrad 2.5's TypeError)
            raise TypeError(f"margin_ranking_loss: `{name}` must contain floats; got dtype {np.asarray(data_of(value)).dtype}")
    if not isinstance(margin, (int, float)) or margin < 0:
        raise ValueError(f"margin_ranking_loss: margin must be a non-negative number; got {margin!r}")
    y = np.asarray(data_of(y))
    if y.size == 1:
        y = y.reshape(())
    if y.ndim and y.shape != (s1[0],):
        raise ValueError(f"margin_ranking_loss: y must be a scalar or shape ({s1[0]},); got {y.shape}")
    if y.ndim and len(s1) == 2:
        y = y[:, None]
    return F.margin_ranking_loss(x1, x2, y, margin=margin, constant=constant)


def softmax_focal_loss(scores: Any, targets: Any, *, alpha: float = 1, gamma: float = 0,
                       constant: Optional[bool] = None) -> Tensor:
    """Per-datum focal loss ``-alpha (1 - p)^gamma log p`` of ``p = softmax(scores)`` at the target class.

    Examples
    --------
    >>> import mygrad as mg
    >>> scores = mg.tensor([[0.0, 0.0]])    # p = [0.5, 0.5]
    >>> loss = softmax_focal_loss(scores, [0], gamma=2.0)
    >>> loss                    # -(1 - 0.5)^2 log 0.5
    Tensor([0.1732868])
    >>> loss.sum().backward()
    >>> scores.grad
    array([[-0.2982868,  0.2982868]])
    """
    _check_gamma(gamma)
    return F.softmax_focal_loss(_float_scores(scores), targets, alpha, gamma, constant=constant)


class FocalLoss(Operation):
    """MyGrad 2.5's per-datum focal loss ``-alpha (1 - p)^gamma log p`` of the label's probability ``p``.

    ``1 - p`` is clipped to [0, 1] and no epsilon is added, so at ``p = 1``
    the loss and its gradient are exactly 0 (for any ``gamma > 0``); for
    ``gamma < 1`` the ``(1 - p)^(gamma - 1)`` term is dropped where ``p = 1``
    (its product with ``log p = 0``).
    """

    fresh_result = True

    def __call__(self, probs, targets, alpha, gamma):
        self.variables = (probs,)
        self.locs = (np.arange(len(targets)), targets)
        p = probs.data[self.locs]
        one_minus_p = np.clip(1 - p, 0, 1)
        log_p = np.log(p)
        weight = one_minus_p ** gamma
        loss = -(alpha * weight * log_p)
        # d loss / dp = -alpha [(1 - p)^gamma / p - gamma (1 - p)^(gamma - 1) log p]
        if gamma == 0:  # (0 - ..., not -...: a zero gradient is +0.0, as MyGrad's)
            dp = 0.0 - alpha / p
        else:
            tail = np.zeros(np.shape(p), dtype=np.result_type(p, np.float64))
            inside = one_minus_p > 0
            tail[inside] = gamma * one_minus_p[inside] ** (gamma - 1) * log_p[inside]
            dp = 0.0 - alpha * (weight / p - tail)
        self.dp = dp
        return loss

    def backward_var(self, grad, index, **kwargs):
        probs = self.variables[0].data
        out = np.zeros(probs.shape, dtype=np.result_type(probs, np.float64))
        out[self.locs] = grad * self.dp
        return out


def focal_loss(class_probs: Any, targets: Any, *, alpha: Any = 1, gamma: float = 0,
               constant: Optional[bool] = None) -> Tensor:
    """Per-datum focal loss ``-alpha (1 - p)^gamma log p`` of class probabilities ``class_probs`` (N, C).

    ``p`` is each datum's probability of its target class. As in MyGrad,
    ``alpha`` may also be an array that broadcasts against the N per-datum
    losses (a weight per datum), and the loss is computed exactly as
    written: at ``p = 1`` the loss and its gradient are 0.

    Examples
    --------
    >>> import mygrad as mg
    >>> p = mg.tensor([[0.5, 0.5], [0.9, 0.1]])
    >>> loss = focal_loss(p, [0, 0], gamma=1.0)    # -(1 - p) log p
    >>> loss
    Tensor([0.34657359, 0.01053605])
    >>> loss.sum().backward()
    >>> p.grad                  # -(1 - p)/p + log p at the label, 0 elsewhere
    array([[-1.69314718,  0.        ],
           [-0.21647163,  0.        ]])
    """
    _check_gamma(gamma)
    y = _check_scores(class_probs, targets, "focal_loss")
    check_class_range("focal_loss", y, np.shape(data_of(class_probs))[1])
    return execute_op(FocalLoss, class_probs, op_args=(y, alpha, gamma), constant=constant)


def _check_gamma(gamma: Any) -> None:
    if not np.isscalar(gamma) or not np.isreal(gamma) or gamma < 0:
        raise ValueError(f"focal loss: `gamma` must be a non-negative number; got {gamma!r}")

_name_errors(globals(), "mygrad.nnet.losses")
