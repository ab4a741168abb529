"""Loss functions, each one fused operation with a closed-form gradient.

Cross-entropy and NLL share one form: with per-element class weights ``Q``
(built from the targets, class weights, label smoothing and the reduction),

    loss = -sum(Q * log_p)             dL/dlogits = p * sum_c(Q) - Q

where ``log_p = log_softmax(logits)`` (cross-entropy) or the input itself (NLL).
So the gradient of cross-entropy is softmax minus the (weighted, smoothed)
one-hot targets, and nothing overflows for logits of any finite size.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import check_reduction, data_of
from mygrad.nn.functional.activations import log_softmax_array, stable_sigmoid

__all__ = [
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "margin_ranking_loss", "multi_margin_loss", "softmax_focal_loss",
    "focal_loss",
]


def check_same_shape(name: str, input: Any, target: Any, target_name: str = "target") -> None:
    """Raise unless ``target`` has exactly ``input``'s shape (or is a scalar).

    An ``(N, 1)`` prediction against an ``(N,)`` target would broadcast to
    ``(N, N)`` and give a wrong number without any error, so elementwise
    losses accept only equal shapes (a 0-d target, a constant, is allowed).
    """
    xs, ys = np.shape(data_of(input)), np.shape(data_of(target))
    if xs != ys and ys != ():
        both = _broadcast_or_none(xs, ys)
        hint = f" (they would broadcast to {both})" if both is not None else ""
        raise ValueError(f"{name}: {target_name} shape {ys} must equal input shape {xs}{hint}; "
                         f"reshape one of them explicitly")


def _broadcast_or_none(*shapes: Tuple[int, ...]) -> Optional[Tuple[int, ...]]:
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        return None


def _check_broadcasts_to(name: str, what: str, value: np.ndarray, shape: Tuple[int, ...]) -> None:
    """Raise unless ``value`` (a weight) broadcasts to ``shape`` without changing it."""
    if _broadcast_or_none(value.shape, shape) != tuple(shape):
        raise ValueError(f"{name}: {what} of shape {value.shape} must broadcast to the input's shape {tuple(shape)}")


def _check_class_range(name: str, t: np.ndarray, n_classes: int) -> None:
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        raise IndexError(f"{name}: target class indices must be in [0, {n_classes}); "
                         f"got values in [{t.min()}, {t.max()}]")


def _reduce(loss: np.ndarray, reduction: str, denominator: Any = None) -> np.ndarray:
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return total
    return total / (loss.size if denominator is None else denominator)


def _per_element(grad: np.ndarray, reduction: str, shape: Tuple[int, ...]) -> np.ndarray:
    """dL/d(each element of the unreduced loss): the upstream gradient spread over ``shape``
    (and divided by the element count for ``reduction="mean"``)."""
    if reduction == "none":
        return grad
    spread = np.broadcast_to(grad, shape)
    return spread / int(np.prod(shape)) if reduction == "mean" else spread


# ----------------------------------------------------------------- class-target losses (cross-entropy, NLL)
class _ClassWeighted(Operation):
    """``loss = -sum_c Q * log_p`` per sample (class axis last), with ``Q`` precomputed."""

    def __call__(self, scores, q, reduction, from_logits):
        self.variables = (scores,)
        x = np.moveaxis(scores.data, 1, -1) if scores.ndim > 1 else scores.data  # class axis last
        log_p = log_softmax_array(x, -1) if from_logits else x
        self.q, self.reduction, self.from_logits = q, reduction, from_logits
        self.log_p = log_p
        per_sample = -(q * log_p).sum(axis=-1)
        return per_sample if reduction == "none" else per_sample.sum()

    def backward_var(self, grad, index, **kwargs):
        g = grad[..., None] if self.reduction == "none" else grad
        if self.from_logits:
            d = g * (np.exp(self.log_p) * self.q.sum(axis=-1, keepdims=True) - self.q)  # softmax * sum(Q) - Q
        else:
            d = -g * self.q  # d(-Q log_p)/d log_p = -Q
        return np.moveaxis(d, -1, 1) if d.ndim > 1 else d


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
    t = np.asarray(data_of(target))
    if t.dtype.kind not in "iu":
        raise TypeError(f"nll_loss: target must hold integer class indices; got dtype {t.dtype}")
    return _class_loss(input, target, weight, ignore_index, reduction, 0.0, False, constant, "nll_loss")


# ----------------------------------------------------------------- regression losses: functions of x - y
class _DifferenceLoss(Operation):
    """Elementwise ``f(input - target)``, reduced; ``d/dinput = f'(d)``, ``d/dtarget = -f'(d)``."""

    def __call__(self, x, y, reduction, kind, param):
        self.variables = (x, y)
        self.diff = x.data - y.data
        self.reduction, self.kind, self.param = reduction, kind, param
        return _reduce(self._loss(self.diff), reduction)

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
        g = _per_element(grad, self.reduction, self.diff.shape)
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
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be positive; got {delta}")
    return _difference_loss(input, target, reduction, "huber", delta, constant, "huber_loss")


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
        return _reduce(loss, reduction)

    def backward_var(self, grad, index, **kwargs):
        p, y = (v.data for v in self.variables)
        g = _per_element(grad, self.reduction, self.shape)
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
        _check_broadcasts_to("binary_cross_entropy", "weight", extra[0], xs)
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
        return _reduce(loss, reduction)

    def backward_var(self, grad, index, **kwargs):
        x, y = (v.data for v in self.variables)
        g = _per_element(grad, self.reduction, self.shape)
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
            _check_broadcasts_to("binary_cross_entropy_with_logits", what, value, xs)
    return execute_op(BCEWithLogits, input, target, op_args=(w, pw, reduction), constant=constant)


# ----------------------------------------------------------------- margin losses
class _Hinge(Operation):
    """``mean/sum of max(0, m)`` for a margin array ``m`` linear in the inputs: ``dm/dinput_i = coef_i``."""

    def __call__(self, *tensors, margins, coefs, reduction, divisor, per_row):
        self.variables = tensors
        self.active = margins > 0
        self.coefs, self.reduction, self.divisor, self.per_row = coefs, reduction, divisor, per_row
        loss = np.where(self.active, margins, 0) / divisor
        if per_row:  # one loss per sample: sum over the class axis
            loss = loss.sum(axis=1)
        self.loss_shape = loss.shape
        return _reduce(loss, reduction)

    def backward_var(self, grad, index, **kwargs):
        g = _per_element(grad, self.reduction, self.loss_shape)
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
    check_reduction(reduction)
    x1, x2, y = (np.asarray(data_of(v)) for v in (input1, input2, target))
    if x1.shape != x2.shape or _broadcast_or_none(x1.shape, y.shape) != x1.shape:
        raise ValueError(f"margin_ranking_loss: input1 and input2 must have the same shape, and target a shape that "
                         f"broadcasts to it unchanged; got {x1.shape}, {x2.shape} and {y.shape}")
    margins = margin - y * (x1 - x2)
    return execute_op(_Hinge, input1, input2,
                      op_kwargs=dict(margins=margins, coefs=(lambda g: -y * g, lambda g: y * g),
                                     reduction=reduction, divisor=1, per_row=False),
                      constant=constant)


def multi_margin_loss(input: Any, target: Any, p: int = 1, margin: float = 1.0, weight: Any = None,
                      size_average: Any = None, reduce: Any = None, reduction: str = "mean", *,
                      constant: Optional[bool] = None) -> Tensor:
    """Multi-class hinge: ``sum_{i != y} max(0, margin - x[y] + x[i]) / C`` per sample (``p=1``, no weight).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import multi_margin_loss
    >>> x = mg.tensor([[2.0, 1.5, 0.0]])           # label 0 scores 2.0
    >>> loss = multi_margin_loss(x, np.array([0]))  # (max(0, 1 - 2 + 1.5) + max(0, 1 - 2 + 0)) / 3
    >>> round(loss.item(), 6)
    0.166667
    >>> loss.backward()
    >>> x.grad                  # class 1 violates the margin: -1/C to the label, +1/C to it
    array([[-0.33333333,  0.33333333,  0.        ]])
    """
    if p != 1 or weight is not None:
        raise NotImplementedError("multi_margin_loss: only p=1 and weight=None are supported")
    check_reduction(reduction)
    x = np.asarray(data_of(input))
    y = np.asarray(data_of(target))
    if x.ndim != 2 or y.shape != (x.shape[0],) or y.dtype.kind not in "iu":
        raise ValueError(f"multi_margin_loss: expected input (N, C) and integer target (N,); got {x.shape} "
                         f"and {y.shape} ({y.dtype})")
    _check_class_range("multi_margin_loss", y, x.shape[1])
    rows = np.arange(x.shape[0])
    own = np.arange(x.shape[1]) == y[:, None]
    margins = np.where(own, 0, margin - x[rows, y][:, None] + x)

    def input_grad(g):  # d m_i/dx_i = 1, d m_i/dx_y = -1 (summed over i)
        return g - own * g.sum(axis=1, keepdims=True)

    return execute_op(_Hinge, input, op_kwargs=dict(margins=margins, coefs=(input_grad,), reduction=reduction,
                                                    divisor=x.shape[1], per_row=True), constant=constant)


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
    _check_class_range(name, t, shape[1])
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
    return execute_op(Focal, probs, op_args=(_focal_args(probs, targets, "focal_loss"), alpha, gamma),
                      constant=constant)
