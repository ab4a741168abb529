"""Margin losses with PyTorch's semantics: hinge embedding, multi-label margin and soft margin, the
multi-class margin (``p`` 1 or 2, class ``weight``) and the triplet loss with any distance function.

Each is a composition of differentiable mygrad ops over the whole batch (no
Python loop over samples), so every input gets its gradient.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.functional.losses.common import check_args, check_class_range
from mygrad.nn.functional.losses.distances import (_reduction, as_tensor, honours_constant, pairwise_distance,
                                                   reduce_tensor)
from mygrad.nn.functional.piecewise_activations import logsigmoid
from mygrad.ops.arithmetic import maximum, minimum
from mygrad.ops.reductions import sum as sum_

__all__ = ["hinge_embedding_loss", "multilabel_margin_loss", "multilabel_soft_margin_loss", "multi_margin_loss",
           "triplet_margin_with_distance_loss"]


def _zero(x: Tensor) -> np.ndarray:
    return np.zeros((), dtype=x.dtype)


@honours_constant
def hinge_embedding_loss(input: Any, target: Any, margin: float = 1.0, size_average: Any = None, reduce: Any = None,
                         reduction: str = "mean", *, constant: Optional[bool] = None) -> Tensor:
    """``input`` where ``target`` is 1, ``max(0, margin - input)`` where it is -1 (PyTorch adds both terms for
    any other target value).

    ``target`` broadcasts against ``input``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.hinge_embedding_loss(mg.tensor([0.3, 0.3, 2.0]), [1, -1, -1], reduction="none")
    Tensor([0.3, 0.7, 0. ])
    """
    reduction = _reduction("hinge_embedding_loss", size_average, reduce, reduction)
    check_args("hinge_embedding_loss", reduction, input=input, target=target)
    check_real("hinge_embedding_loss: margin", margin)
    x = as_tensor(input, constant)
    y = np.asarray(data_of(target))
    try:
        np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise ValueError(f"hinge_embedding_loss: target of shape {y.shape} does not broadcast against input of "
                         f"shape {x.shape}") from None
    loss = maximum(margin - x, _zero(x)) * (y != 1) + x * (y != -1)
    return reduce_tensor(loss, reduction)


def _class_input(name: str, x: Tensor, target: Any, same_shape: bool) -> np.ndarray:
    """Check PyTorch's ``(C,)``/``(N, C)`` input and return the integer target."""
    y = np.asarray(data_of(target))
    if x.ndim not in (1, 2) or (x.ndim == 1 and x.shape[0] == 0) or (x.ndim == 2 and x.shape[1] == 0):
        raise ValueError(f"{name}: expected a non-empty (C,) or (N, C) input; got shape {x.shape}")
    want = x.shape if same_shape else x.shape[:-1]
    if y.shape != want:
        raise ValueError(f"{name}: target must have shape {want} for input of shape {x.shape}; got {y.shape}")
    if y.dtype.kind not in "iu":
        raise TypeError(f"{name}: target must hold integer class indices; got dtype {y.dtype}")
    return y


def check_margin_power(name: str, p: Any) -> None:
    """PyTorch's check of multi_margin_loss's ``p``: a number equal to 1 or 2 (ValueError otherwise)."""
    if not (isinstance(p, (int, float, np.integer, np.floating)) and not isinstance(p, (bool, np.bool_))
            and p in (1, 2)):
        raise ValueError(f"{name}: only p == 1 and p == 2 supported; got p={p!r:.60}")


@honours_constant
def multi_margin_loss(input: Any, target: Any, p: int = 1, margin: float = 1.0, weight: Any = None,
                      size_average: Any = None, reduce: Any = None, reduction: str = "mean", *,
                      constant: Optional[bool] = None) -> Tensor:
    """Multi-class hinge: ``sum_{i != y} w[y] max(0, margin - x[y] + x[i])^p / C`` per sample.

    ``input`` is (N, C) with integer ``target`` (N,), or (C,) with a 0-d target; ``p`` is 1 or 2 and
    ``weight`` (C,) rescales each sample by the weight of its class.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> x = mg.tensor([[2.0, 1.5, 0.0]])
    >>> round(F.multi_margin_loss(x, [0], p=2).item(), 6)   # 0.5 ** 2 / 3
    0.083333
    """
    reduction = _reduction("multi_margin_loss", size_average, reduce, reduction)
    check_args("multi_margin_loss", reduction, labels=True, input=input, target=target, weight=weight)
    check_real("multi_margin_loss: margin", margin)
    check_margin_power("multi_margin_loss", p)
    x = as_tensor(input, constant)
    y = _class_input("multi_margin_loss", x, target, False)
    n_classes = x.shape[-1]
    check_class_range("multi_margin_loss", y, n_classes)  # (IndexError, as cross_entropy's; PyTorch: RuntimeError)
    own = np.arange(n_classes) == y[..., None]
    x_y = sum_(x * own, axis=-1, keepdims=True)
    hinge = maximum(margin - x_y + x, _zero(x)) * ~own
    if p == 2:
        hinge = hinge * hinge
    if weight is not None:
        w = np.asarray(data_of(weight), dtype=x.dtype)
        if w.shape != (n_classes,):
            raise ValueError(f"multi_margin_loss: weight must have shape ({n_classes},) (one per class); "
                             f"got {w.shape}")
        learnt = isinstance(weight, Tensor) and not weight.constant  # (a buffer follows the input's dtype)
        hinge = hinge * (weight if learnt else w)[y][..., None]
    return reduce_tensor(sum_(hinge, axis=-1) / n_classes, reduction)


@honours_constant
def multilabel_margin_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None,
                           reduction: str = "mean", *, constant: Optional[bool] = None) -> Tensor:
    """Multi-label hinge: ``sum_{j, i} max(0, 1 - (x[y_j] - x[i])) / C`` per sample, over the target classes
    ``y_j`` (``target``'s entries up to the first -1) and the classes ``i`` that are not targets.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> x = mg.tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> round(F.multilabel_margin_loss(x, [[3, 0, -1, 1]]).item(), 4)   # PyTorch's documented example
    0.85
    """
    reduction = _reduction("multilabel_margin_loss", size_average, reduce, reduction)
    check_args("multilabel_margin_loss", reduction, labels=True, input=input, target=target)
    x = as_tensor(input, constant)
    y = _class_input("multilabel_margin_loss", x, target, True)
    n_classes = x.shape[-1]
    valid = np.cumprod(y != -1, axis=-1).astype(bool)  # the targets before the first -1
    if (valid & ((y < 0) | (y >= n_classes))).any():
        raise RuntimeError(f"multilabel_margin_loss: target class indices must be in [0, {n_classes}) "
                         f"(-1 ends the list); got values in [{y.min()}, {y.max()}]")
    safe = np.where(valid, y, 0)
    is_target = ((safe[..., :, None] == np.arange(n_classes)) & valid[..., None]).any(axis=-2)
    if x.ndim == 1:
        x_y = x[safe]
    else:
        x_y = x[np.arange(x.shape[0])[:, None], safe]
    pairs = maximum(1 - x_y[..., :, None] + x[..., None, :], _zero(x))
    mask = valid[..., :, None] & ~is_target[..., None, :]
    loss = sum_(pairs * mask, axis=(-2, -1)) / n_classes
    return reduce_tensor(loss, "sum" if reduction == "mean" and loss.size == 0 else reduction)  # 0, as PyTorch


@honours_constant
def multilabel_soft_margin_loss(input: Any, target: Any, weight: Any = None, size_average: Any = None,
                                reduce: Any = None, reduction: str = "mean", *,
                                constant: Optional[bool] = None) -> Tensor:
    """Per-class logistic loss ``-(y log sigmoid(x) + (1 - y) log sigmoid(-x))``, times ``weight``, averaged
    over the classes (the last axis), then reduced over the samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> round(F.multilabel_soft_margin_loss(mg.tensor([[0.0, 0.0]]), [[1.0, 0.0]]).item(), 4)   # log 2
    0.6931
    """
    reduction = _reduction("multilabel_soft_margin_loss", size_average, reduce, reduction)
    check_args("multilabel_soft_margin_loss", reduction, input=input, target=target, weight=weight)
    x = as_tensor(input, constant)
    if x.ndim == 0:
        raise ValueError("multilabel_soft_margin_loss: input must have a class axis (its last); got a 0-d input")
    y = target if isinstance(target, Tensor) else np.asarray(target, dtype=x.dtype)
    try:
        np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise ValueError(f"multilabel_soft_margin_loss: target of shape {y.shape} does not broadcast against input "
                         f"of shape {x.shape}") from None
    loss = -(y * logsigmoid(x) + (1 - y) * logsigmoid(-x))
    if weight is not None:
        learnt = isinstance(weight, Tensor) and not weight.constant  # (a buffer follows the input's dtype)
        loss = loss * (weight if learnt else np.asarray(data_of(weight), dtype=x.dtype))
    return reduce_tensor(sum_(loss, axis=-1) / x.shape[-1], reduction)


@honours_constant
def triplet_margin_with_distance_loss(anchor: Any, positive: Any, negative: Any, *,
                                      distance_function: Optional[Callable[[Tensor, Tensor], Tensor]] = None,
                                      margin: float = 1.0, swap: bool = False, reduction: str = "mean",
                                      constant: Optional[bool] = None) -> Tensor:
    """``max(d(a, p) - d(a, n) + margin, 0)`` for any ``distance_function`` ``d`` (default
    :func:`~mygrad.nn.functional.pairwise_distance`); with ``swap``, ``d(a, n)`` is ``min(d(a, n), d(p, n))``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> a, pos, neg = mg.tensor([[0.0, 0.0]]), mg.tensor([[3.0, 4.0]]), mg.tensor([[0.0, 1.0]])
    >>> l1 = lambda u, v: mg.abs(u - v).sum(axis=-1)
    >>> F.triplet_margin_with_distance_loss(a, pos, neg, distance_function=l1)   # 7 - 1 + 1
    Tensor(7.)
    """
    check_args("triplet_margin_with_distance_loss", reduction, anchor=anchor, positive=positive, negative=negative)
    if check_real("triplet_margin_with_distance_loss: margin", margin) <= 0:
        raise ValueError(f"triplet_margin_with_distance_loss: margin must be greater than 0, got {margin}")
    if distance_function is not None and not callable(distance_function):
        raise TypeError(f"triplet_margin_with_distance_loss: distance_function must be callable or None; got "
                        f"{type(distance_function).__name__}")
    a, pos, neg = (as_tensor(v, constant) for v in (anchor, positive, negative))
    if not a.ndim == pos.ndim == neg.ndim:
        raise ValueError("triplet_margin_with_distance_loss: The anchor, positive, and negative tensors are expected "
                         f"to have the same number of dimensions, but got: anchor {a.ndim}D, positive {pos.ndim}D, "
                         f"and negative {neg.ndim}D inputs")
    d = pairwise_distance if distance_function is None else distance_function
    d_pos, d_neg = as_tensor(d(a, pos)), as_tensor(d(a, neg))
    if swap:
        d_neg = minimum(d_neg, as_tensor(d(pos, neg)))
    loss = maximum(margin + d_pos - d_neg, _zero(d_pos))
    return reduce_tensor(loss, reduction)
