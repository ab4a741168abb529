"""Losses of class targets: cross-entropy, NLL, multi-class margin, focal losses.

Cross-entropy and NLL share one form: with per-element class weights ``Q``
(built from the targets, class weights, label smoothing and the reduction),

    loss = -sum(Q * log_p)             dL/dlogits = p * sum_c(Q) - Q

where ``log_p = log_softmax(logits)`` (cross-entropy) or the input itself (NLL).
So the gradient of cross-entropy is softmax minus the (weighted, smoothed)
one-hot targets, and nothing overflows for logits of any finite size.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_reduction, data_of
from mygrad.nn.functional.softmax import log_softmax_array
from mygrad.nn.functional.losses.common import check_args, check_class_range, check_index, check_options

__all__ = ["cross_entropy", "nll_loss", "softmax_focal_loss", "focal_loss"]


# ----------------------------------------------------------------- class-target losses (cross-entropy, NLL)
class _ClassWeighted(Operation):
    """``loss = -sum_c Q * log_p`` per sample (class axis last), with ``Q`` precomputed."""

    def __call__(self, scores, q, reduction, from_logits):
        self.variables = (scores,)
        x = np.moveaxis(scores.data, 1, -1) if scores.ndim > 2 else scores.data  # class axis last
        log_p = log_softmax_array(x, -1) if from_logits else x
        self.q, self.reduction, self.from_logits = q, reduction, from_logits
        self.log_p = log_p
        with np.errstate(invalid="ignore"):
            per_sample = -(q * log_p).sum(axis=-1)
            if np.isnan(per_sample).any():  # a -inf score (a masked class, as contrastive losses mask) meets Q = 0:
                terms = q * log_p
                terms[(q == 0) & np.isnan(terms)] = 0  # 0 * -inf - that class adds nothing to the loss (PyTorch)
                per_sample = -terms.sum(axis=-1)
        if reduction == "none":
            return per_sample
        if reduction == "mean" and per_sample.size == 0:  # the mean over no samples is 0/0, as in PyTorch
            return np.full((), np.nan, dtype=per_sample.dtype)
        return per_sample.sum()

    def backward_var(self, grad, index, **kwargs):
        g = grad[..., None] if self.reduction == "none" else grad
        if self.from_logits:
            d = g * (np.exp(self.log_p) * self.q.sum(axis=-1, keepdims=True) - self.q)  # softmax * sum(Q) - Q
        else:
            d = -g * self.q  # d(-Q log_p)/d log_p = -Q
        return np.moveaxis(d, -1, 1) if d.ndim > 2 else d


def _class_weights(scores_shape, target: Any, weight: Optional[np.ndarray], ignore_index: int,
                   reduction: str, label_smoothing: float, dtype: np.dtype, name: str) -> np.ndarray:
    """Build ``Q`` (class axis last) so that the loss is ``-sum(Q * log_p)``, reduction included."""
    n_classes = scores_shape[1] if len(scores_shape) > 1 else scores_shape[0]
    sample_shape = (scores_shape[0], *scores_shape[2:]) if len(scores_shape) > 1 else ()
    t = np.asarray(data_of(target))
    w = np.ones(n_classes, dtype=dtype) if weight is None else np.asarray(data_of(weight), dtype=dtype)
    if w.shape != (n_classes,):
        raise ValueError(f"{name}: weight must have shape ({n_classes},) (one per class); got {w.shape}")
    eps = dtype.type(label_smoothing)
    if t.dtype.kind in "iu":  # class indices
        if t.shape != sample_shape:
            raise ValueError(f"{name}: class-index target must have shape {sample_shape} for input of shape "
                             f"{tuple(scores_shape)}; got {t.shape}")
        keep = t != ignore_index
        safe = np.where(keep, t, 0)
        if keep.any() and (safe.min() < 0 or safe.max() >= n_classes):
            raise IndexError(f"{name}: target values must be in [0, {n_classes}) (or ignore_index={ignore_index}); "
                             f"got values in [{t[keep].min()}, {t[keep].max()}]")
        if weight is None and not eps and t.size and keep.all():  # the common case: plain one-hot targets
            q = (t[..., None] == np.arange(n_classes)).astype(dtype)
            if reduction == "mean":
                q /= dtype.type(t.size)
            return q
        target_w = w[safe] * keep  # weight of each sample's own class, 0 where ignored
        q = (1 - eps) * target_w[..., None] * (np.arange(n_classes) == safe[..., None])
        if eps:
            q = q + (eps / n_classes) * w * keep[..., None]
        denominator = target_w.sum()  # PyTorch: the mean divides by the summed target-class weights
    else:  # class probabilities, shaped like the input
        if t.shape != tuple(scores_shape) and t.shape == sample_shape:
            raise TypeError(f"{name}: class-label target of shape {t.shape} must hold integers; got dtype "
                            f"{t.dtype} (cast with .astype(int); float targets are class probabilities shaped "
                            f"like the input {tuple(scores_shape)})")
        if t.dtype.kind not in "f":
            raise TypeError(f"{name}: target must hold integer class indices or float class probabilities; "
                            f"got dtype {t.dtype}")
        if t.shape != tuple(scores_shape):
            raise ValueError(f"{name}: probability target must have the input's shape {tuple(scores_shape)}; "
                             f"got {t.shape}")
        probs = np.moveaxis(t, 1, -1) if t.ndim > 1 else t
        if eps:
            probs = probs * (1 - eps) + eps / n_classes
        q = probs.astype(dtype, copy=False) * w
        denominator = int(np.prod(sample_shape))
    if reduction == "mean":
        with np.errstate(divide="ignore", invalid="ignore"):
            q = q / dtype.type(denominator)  # 0/0 gives nan, as PyTorch does when every target is ignored
    return q.astype(dtype, copy=False)


def _class_loss(input, target, weight, ignore_index, reduction, label_smoothing, from_logits, constant, name):
    check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{name}: label_smoothing must be in [0, 1]; got {label_smoothing}")
    x = np.asarray(data_of(input))
    if x.ndim == 0:
        raise ValueError(f"{name}: input must have shape (C,), (N, C) or (N, C, d1, ...); got a 0-d input")
    if x.shape[1 if x.ndim > 1 else 0] == 0:
        raise ValueError(f"{name}: input of shape {x.shape} has no classes (its class axis, "
                         f"{'1' if x.ndim > 1 else '0'}, has size 0)")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    q = _class_weights(x.shape, target, weight, ignore_index, reduction, label_smoothing, dtype, name)
    return execute_op(_ClassWeighted, input, op_args=(q, reduction, from_logits), constant=constant)


def cross_entropy(input: Any, target: Any, weight: Any = None, size_average: Any = None, ignore_index: int = -100,
                  reduce: Any = None, reduction: str = "mean", label_smoothing: float = 0.0, *,
                  constant: Optional[bool] = None) -> Tensor:
    """Cross-entropy between ``softmax(input)`` over axis 1 and ``target``, as PyTorch.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C), (N, C, d1, ...) or (C,)
        Unnormalised scores (logits).
    target : ArrayLike
        Either integer class indices of shape (N,), (N, d1, ...) or (), or
        class probabilities shaped like ``input``.
    weight : Optional[ArrayLike], shape=(C,)
        Per-class rescaling.
    ignore_index : int, default -100
        Class-index targets equal to it contribute nothing (nor to the mean's divisor).
    reduction : {'mean', 'sum', 'none'}
        ``'mean'`` divides by the summed weights of the targets' classes
        (index targets) or by the number of samples (probability targets).
    label_smoothing : float in [0, 1]
        Mixes the target with the uniform distribution: ``(1 - e) t + e / C``.
    size_average, reduce
        Deprecated PyTorch arguments; ignored.

    Notes
    -----
    Computed through log-sum-exp; ``dL/dinput = softmax(input) * sum(Q) - Q``
    (``Q`` the weighted, smoothed one-hot targets) - finite for any finite logits.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import cross_entropy
    >>> x = mg.tensor([[2.0, 2.0, 2.0], [0.0, 0.0, 1e4]])
    >>> cross_entropy(x, [0, 2])
    Tensor(0.54930614)
    """
    check_args("cross_entropy", reduction, labels=True, input=input, target=target, weight=weight)
    check_options("cross_entropy", label_smoothing=label_smoothing)
    check_index("cross_entropy", ignore_index)
    return _class_loss(input, target, weight, ignore_index, reduction, label_smoothing, True, constant,
                       "cross_entropy")


def nll_loss(input: Any, target: Any, weight: Any = None, size_average: Any = None, ignore_index: int = -100,
             reduce: Any = None, reduction: str = "mean", *, constant: Optional[bool] = None) -> Tensor:
    """Negative log-likelihood of log-probabilities ``input`` (N, C, ...) at integer ``target`` classes.

    ``loss_n = -weight[t_n] * input[n, t_n]``; ``'mean'`` divides by the summed
    ``weight[t_n]`` of the non-ignored targets, as PyTorch.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import nll_loss
    >>> nll_loss(mg.tensor([[-1.0, -2.0], [-3.0, -0.5]]), [0, 1])
    Tensor(0.75)
    """
    check_args("nll_loss", reduction, labels=True, input=input, target=target, weight=weight)
    check_index("nll_loss", ignore_index)
    t = np.asarray(data_of(target))
    if t.dtype.kind not in "iu":
        raise TypeError(f"nll_loss: target must hold integer class indices; got dtype {t.dtype}")
    return _class_loss(input, target, weight, ignore_index, reduction, 0.0, False, constant, "nll_loss")


# ----------------------------------------------------------------- focal losses
class SoftmaxFocal(Operation):
    """Per-sample ``-alpha (1 - p_y)^gamma log p_y`` with ``p = softmax(scores)`` (axis 1)."""

    def __call__(self, scores, targets, alpha, gamma):
        self.variables = (scores,)
        rows = np.arange(len(targets))
        log_p = log_softmax_array(scores.data, 1)
        log_py = log_p[rows, targets]
        py = np.exp(log_py)
        one_m = 1 - py + 1e-14  # keeps (1 - p)^(gamma - 1) finite when p == 1
        # dL/dx_k = alpha [gamma (1-p)^(gamma-1) p log p - (1-p)^gamma] (onehot_k - p_k)
        coef = alpha * (gamma * one_m ** (gamma - 1) * py * log_py - one_m ** gamma)
        onehot_minus_p = -np.exp(log_p)
        onehot_minus_p[rows, targets] += 1
        self.back = coef[:, None] * onehot_minus_p
        return -alpha * one_m ** gamma * log_py

    def backward_var(self, grad, index, **kwargs):
        return grad[:, None] * self.back


class Focal(Operation):
    """Per-sample ``-alpha (1 - p_y)^gamma log p_y`` for probabilities ``p``."""

    def __call__(self, probs, targets, alpha, gamma):
        self.variables = (probs,)
        self.rows, self.targets = np.arange(len(targets)), targets
        py = probs.data[self.rows, targets]
        one_m = 1 - py + 1e-14
        log_py = np.log(py)
        # dL/dp_y = alpha [gamma (1-p)^(gamma-1) log p - (1-p)^gamma / p]
        self.dpy = alpha * (gamma * one_m ** (gamma - 1) * log_py - one_m ** gamma / py)
        return -alpha * one_m ** gamma * log_py

    def backward_var(self, grad, index, **kwargs):
        d = np.zeros(self.variables[0].shape, dtype=grad.dtype)
        d[self.rows, self.targets] = grad * self.dpy
        return d


def _focal_args(scores: Any, targets: Any, name: str) -> np.ndarray:
    t = np.asarray(data_of(targets))
    shape = np.shape(data_of(scores))
    if len(shape) != 2 or t.shape != (shape[0],) or t.dtype.kind not in "iu":
        raise ValueError(f"{name}: expected scores (N, C) and integer targets (N,); got {shape} and {t.shape} "
                         f"({t.dtype})")
    check_class_range(name, t, shape[1])
    return t


def softmax_focal_loss(scores: Any, targets: Any, alpha: float = 1.0, gamma: float = 0.0, *,
                       constant: Optional[bool] = None) -> Tensor:
    """Per-sample focal loss ``-alpha (1 - p_y)^gamma log p_y`` of ``p = softmax(scores)``, fused and stable.

    ``gamma=0, alpha=1`` is the per-sample cross-entropy.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import softmax_focal_loss
    >>> scores = mg.tensor([[0.0, 0.0], [0.0, 0.0]])    # p = softmax = [0.5, 0.5]
    >>> loss = softmax_focal_loss(scores, np.array([0, 1]), gamma=2.0)
    >>> loss                    # -(1 - 0.5)^2 log 0.5 per sample
    Tensor([0.1732868, 0.1732868])
    >>> loss.sum().backward()
    >>> scores.grad             # pushes each label's score up, the other down
    array([[-0.2982868,  0.2982868],
           [ 0.2982868, -0.2982868]])
    """
    check_args("softmax_focal_loss", "none", labels=True, scores=scores, targets=targets)
    check_options("softmax_focal_loss", alpha=alpha, gamma=gamma)
    return execute_op(SoftmaxFocal, scores, op_args=(_focal_args(scores, targets, "softmax_focal_loss"), alpha,
                                                     gamma), constant=constant)


def focal_loss(probs: Any, targets: Any, alpha: float = 1.0, gamma: float = 0.0, *,
               constant: Optional[bool] = None) -> Tensor:
    """Per-sample focal loss ``-alpha (1 - p_y)^gamma log p_y`` of class probabilities ``probs`` (N, C).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import focal_loss
    >>> p = mg.tensor([[0.5, 0.5], [0.9, 0.1]])
    >>> loss = focal_loss(p, np.array([0, 0]), gamma=0.0)  # gamma 0: -log p_y
    >>> loss                    # [-log 0.5, -log 0.9]
    Tensor([0.69314718, 0.10536052])
    >>> loss.sum().backward()
    >>> p.grad                  # d(-log p_y)/dp_y = -1/p_y; 0 for the other class
    array([[-2.        ,  0.        ],
           [-1.11111111,  0.        ]])
    """
    check_args("focal_loss", "none", labels=True, probs=probs, targets=targets)
    check_options("focal_loss", alpha=alpha, gamma=gamma)
    return execute_op(Focal, probs, op_args=(_focal_args(probs, targets, "focal_loss"), alpha, gamma),
                      constant=constant)
