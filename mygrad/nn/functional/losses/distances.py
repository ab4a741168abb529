"""Distances between vectors and the losses built on them.

``normalize``, ``cosine_similarity`` and ``pairwise_distance`` measure along
one axis; ``cosine_embedding_loss`` and ``triplet_margin_loss`` compare
embeddings with them. They are compositions of differentiable mygrad ops
(the vector norm among them has a zero gradient at the zero vector, as in
PyTorch), so every input, broadcast or not, gets its gradient.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional

import numpy as np

from mygrad.autodiff.conversion import tensor
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.functional.losses.common import check_args
from mygrad.ops.norms import norm
from mygrad.ops.arithmetic import maximum, minimum, positive
from mygrad.ops.reductions import mean, sum as sum_
from mygrad.ops.shape import broadcast_to

__all__ = ["normalize", "cosine_similarity", "pairwise_distance", "cosine_embedding_loss", "triplet_margin_loss",
           "reduce_tensor"]


def as_tensor(value: Any, constant: Optional[bool] = None) -> Tensor:
    """``value`` as a tensor (arrays become constants unless ``constant=False``)."""
    if isinstance(value, Tensor):
        return value
    return tensor(value, constant=True if constant is None else constant)


def honours_constant(function: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """Decorate a loss or distance built from mygrad ops so that ``constant=True`` makes its result a constant.

    ``constant`` only decides how array inputs are wrapped (:func:`as_tensor`);
    ops on a *variable* input tensor would still give a variable. With
    ``constant=True`` the result passes through one more op (``positive``)
    that is recorded as a constant, as any op given ``constant=True`` is.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import cosine_embedding_loss
    >>> x = mg.tensor([[1.0, 2.0]])
    >>> cosine_embedding_loss(x, x, [1.0], constant=True).constant
    True
    """

    @functools.wraps(function)
    def honouring(*args: Any, constant: Optional[bool] = None, **kwargs: Any) -> Tensor:
        result = function(*args, constant=constant, **kwargs)
        return positive(result, constant=True) if constant and not result.constant else result

    return honouring


def reduce_tensor(loss: Tensor, reduction: str) -> Tensor:
    """PyTorch's three reductions of an elementwise loss tensor.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional.losses.distances import reduce_tensor
    >>> reduce_tensor(mg.tensor([1.0, 3.0]), "mean")
    Tensor(2.)
    """
    if reduction == "mean":
        return mean(loss)
    if reduction == "sum":
        return sum_(loss)
    return loss


def _axis(name: str, dim: Any, ndim: int) -> int:
    if isinstance(dim, (bool, np.bool_)) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"{name}: dim must be an int; got {dim!r}")
    if not -max(ndim, 1) <= dim < max(ndim, 1):
        raise IndexError(f"{name}: Dimension out of range (expected to be in range of [{-max(ndim, 1)}, "
                         f"{max(ndim, 1) - 1}], but got {dim})")
    return int(dim)


def _norm(x: Tensor, p: float, axis: int, keepdims: bool) -> Tensor:
    """The p-norm of ``x`` along ``axis`` (zero gradient at the zero vector)."""
    return norm(x, ord=p, axis=axis, keepdims=keepdims)


@honours_constant
def normalize(input: Any, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out: Any = None, *,
              constant: Optional[bool] = None) -> Tensor:
    """``input / max(||input||_p, eps)`` along ``dim``: unit vectors (zero vectors stay zero).

    Parameters
    ----------
    input : ArrayLike
    p : float, default 2
        The exponent of the norm.
    dim : int, default 1
        The axis that holds the vectors.
    eps : float, default 1e-12
        The smallest norm divided by.
    out : None
        PyTorch's output argument; only None is supported.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.normalize(mg.tensor([[3.0, 4.0], [0.0, 0.0]]))
    Tensor([[0.6, 0.8],
            [0. , 0. ]])
    """
    if out is not None:
        raise NotImplementedError("normalize: out= is not supported in mygrad; use the returned tensor")
    check_real("normalize: p", p)
    check_real("normalize: eps", eps)
    x = as_tensor(input, constant)
    axis = _axis("normalize", dim, x.ndim)
    return x / maximum(_norm(x, p, axis, True), eps)


@honours_constant
def cosine_similarity(x1: Any, x2: Any, dim: int = 1, eps: float = 1e-8, *,
                      constant: Optional[bool] = None) -> Tensor:
    """Cosine of the angle between ``x1`` and ``x2`` along ``dim`` (they broadcast against each other).

    ``sum(x1 / max(||x1||, eps) * x2 / max(||x2||, eps))`` along ``dim``, as PyTorch computes it.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.cosine_similarity(mg.tensor([[1.0, 0.0], [1.0, 1.0]]), mg.tensor([[0.0, 2.0], [2.0, 2.0]]))
    Tensor([0., 1.])
    """
    check_real("cosine_similarity: eps", eps)
    a, b = as_tensor(x1, constant), as_tensor(x2, constant)
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"cosine_similarity: x1 of shape {a.shape} and x2 of shape {b.shape} do not broadcast") \
            from None
    axis = _axis("cosine_similarity", dim, len(shape))
    # broadcast first, as PyTorch does: a vector broadcast along ``dim`` has the norm of its repeated copies
    a, b = (v if v.shape == shape else broadcast_to(v, shape) for v in (a, b))
    a_unit = a / maximum(_norm(a, 2, axis, True), eps)
    b_unit = b / maximum(_norm(b, 2, axis, True), eps)
    return sum_(a_unit * b_unit, axis=axis)


@honours_constant
def pairwise_distance(x1: Any, x2: Any, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False, *,
                      constant: Optional[bool] = None) -> Tensor:
    """``||x1 - x2 + eps||_p`` over the last axis (PyTorch's ``pairwise_distance``).

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.pairwise_distance(mg.tensor([[0.0, 0.0]]), mg.tensor([[3.0, 4.0]]), eps=0.0)
    Tensor([5.])
    """
    check_real("pairwise_distance: p", p)
    check_real("pairwise_distance: eps", eps)
    a, b = as_tensor(x1, constant), as_tensor(x2, constant)
    return _norm(a - b + eps, p, -1, keepdim)


def _reduction(name: str, size_average: Any, reduce: Any, reduction: str) -> str:
    """PyTorch's translation of the deprecated ``size_average``/``reduce`` into ``reduction``."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        return "none" if not reduce else ("mean" if size_average else "sum")
    return reduction


@honours_constant
def cosine_embedding_loss(input1: Any, input2: Any, target: Any, margin: float = 0.0, size_average: Any = None,
                          reduce: Any = None, reduction: str = "mean", *,
                          constant: Optional[bool] = None) -> Tensor:
    """``1 - cos(x1, x2)`` where ``target`` is 1, ``max(0, cos(x1, x2) - margin)`` where it is -1.

    ``input1`` and ``input2`` are (N, D) with ``target`` (N,), or (D,) with a
    0-d ``target``; the cosine is PyTorch's ``x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12))``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> x1, x2 = mg.tensor([[1.0, 0.0], [1.0, 0.0]]), mg.tensor([[1.0, 0.0], [0.6, 0.8]])
    >>> F.cosine_embedding_loss(x1, x2, [1, -1], margin=0.5, reduction="none").data.round(6).tolist()
    [0.0, 0.1]
    """
    reduction = _reduction("cosine_embedding_loss", size_average, reduce, reduction)
    check_args("cosine_embedding_loss", reduction, input1=input1, input2=input2, target=target)
    check_real("cosine_embedding_loss: margin", margin)
    a, b = as_tensor(input1, constant), as_tensor(input2, constant)
    y = np.asarray(data_of(target))
    if y.ndim not in (0, 1) or a.ndim != y.ndim + 1:
        raise ValueError(f"cosine_embedding_loss: {y.ndim}D target tensor expects {y.ndim + 1}D input tensors, "
                         f"but found inputs with sizes {a.shape} and {b.shape}")
    if a.shape != b.shape:
        raise ValueError(f"cosine_embedding_loss: input1 of shape {a.shape} and input2 of shape {b.shape} "
                         "must have the same shape")
    if y.shape != a.shape[:-1]:
        raise ValueError(f"cosine_embedding_loss: target of shape {y.shape} must have shape {a.shape[:-1]}")
    tiny = 1e-12
    cos = sum_(a * b, axis=-1) / ((sum_(a * a, axis=-1) + tiny) * (sum_(b * b, axis=-1) + tiny)) ** 0.5
    zero = np.zeros((), dtype=cos.dtype)
    loss = (1 - cos) * (y == 1) + maximum(cos - margin, zero) * (y == -1)
    return reduce_tensor(loss, reduction)


@honours_constant
def triplet_margin_loss(anchor: Any, positive: Any, negative: Any, margin: float = 1.0, p: float = 2,
                        eps: float = 1e-6, swap: bool = False, size_average: Any = None, reduce: Any = None,
                        reduction: str = "mean", *, constant: Optional[bool] = None) -> Tensor:
    """``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` :func:`pairwise_distance`.

    With ``swap`` the negative distance is ``min(d(a, n), d(p, n))`` (Balntas et al., 2016).

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> a, pos, neg = mg.tensor([[0.0, 0.0]]), mg.tensor([[3.0, 4.0]]), mg.tensor([[0.0, 1.0]])
    >>> F.triplet_margin_loss(a, pos, neg, eps=0.0)   # 5 - 1 + 1
    Tensor(5.)
    """
    reduction = _reduction("triplet_margin_loss", size_average, reduce, reduction)
    check_args("triplet_margin_loss", reduction, anchor=anchor, positive=positive, negative=negative)
    if check_real("triplet_margin_loss: margin", margin) <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, pos, neg = (as_tensor(v, constant) for v in (anchor, positive, negative))
    if not a.ndim == pos.ndim == neg.ndim:
        raise ValueError("triplet_margin_loss: The anchor, positive, and negative tensors are expected to have the "
                         f"same number of dimensions, but got: anchor {a.ndim}D, positive {pos.ndim}D, and negative "
                         f"{neg.ndim}D inputs")
    d_pos = pairwise_distance(a, pos, p, eps)
    d_neg = pairwise_distance(a, neg, p, eps)
    if swap:
        d_neg = minimum(d_neg, pairwise_distance(pos, neg, p, eps))
    loss = maximum(margin + d_pos - d_neg, np.zeros((), dtype=d_pos.dtype))
    return reduce_tensor(loss, reduction)
