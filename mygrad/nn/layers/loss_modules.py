"""More loss modules (and the two distance modules) with PyTorch's names, over the functional forms of
:mod:`mygrad.nn.functional.losses.likelihood` and :mod:`mygrad.nn.functional.losses.distances`.

Like those of :mod:`mygrad.nn.losses`, each stores its options and calls the
functional form in ``forward``; PyTorch's deprecated ``size_average`` and
``reduce`` are accepted and translated into ``reduction``.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn import functional as F
from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.functional.losses.margin import check_margin_power
from mygrad.nn.losses import _Loss
from mygrad.nn.module import Module

__all__ = ["KLDivLoss", "CosineSimilarity", "PairwiseDistance", "CosineEmbeddingLoss", "GaussianNLLLoss",
           "PoissonNLLLoss", "SoftMarginLoss", "TripletMarginLoss", "MarginRankingLoss", "MultiMarginLoss",
           "HingeEmbeddingLoss", "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "TripletMarginWithDistanceLoss"]


class KLDivLoss(_Loss):
    """Kullback-Leibler divergence between log-probabilities ``input`` and ``target``; see
    :func:`mygrad.nn.functional.kl_div`.

    ``reduction`` may also be ``"batchmean"`` (the sum divided by the batch size).

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad import nn
    >>> loss = nn.KLDivLoss(reduction="batchmean", log_target=True)
    >>> log_p = mg.tensor(np.log([[0.25, 0.75]]))
    >>> loss(log_p, log_p)
    Tensor(0.)
    """

    def __init__(self, size_average: Optional[bool] = None, reduce: Optional[bool] = None, reduction: str = "mean",
                 log_target: bool = False) -> None:
        batchmean = reduction == "batchmean" and size_average is None and reduce is None
        super().__init__(size_average, reduce, "sum" if batchmean else reduction)
        if batchmean:
            self.reduction = "batchmean"
        self.log_target = log_target

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class CosineSimilarity(Module):
    """Cosine similarity of ``x1`` and ``x2`` along ``dim``; see :func:`mygrad.nn.functional.cosine_similarity`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.CosineSimilarity(dim=1)(mg.tensor([[1.0, 1.0]]), mg.tensor([[-2.0, -2.0]]))
    Tensor([-1.])
    """

    def __init__(self, dim: int = 1, eps: float = 1e-8) -> None:
        super().__init__()
        self.dim, self.eps = dim, check_real("CosineSimilarity: eps", eps)

    def forward(self, x1: Any, x2: Any) -> Tensor:
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """``||x1 - x2 + eps||_p`` over the last axis; see :func:`mygrad.nn.functional.pairwise_distance`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.PairwiseDistance(p=1.0, eps=0.0)(mg.tensor([[1.0, 1.0]]), mg.tensor([[0.0, 3.0]]))
    Tensor([3.])
    """

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm = check_real("PairwiseDistance: p", p)
        self.eps = check_real("PairwiseDistance: eps", eps)
        self.keepdim = keepdim

    def forward(self, x1: Any, x2: Any) -> Tensor:
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineEmbeddingLoss(_Loss):
    """``1 - cos(x1, x2)`` for target 1, ``max(0, cos(x1, x2) - margin)`` for target -1; see
    :func:`mygrad.nn.functional.cosine_embedding_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([[1.0, 0.0]])
    >>> nn.CosineEmbeddingLoss(margin=0.5)(x, mg.tensor([[1.0, 0.0]]), [-1])   # cos = 1: 1 - 0.5
    Tensor(0.5)
    """

    def __init__(self, margin: float = 0.0, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = check_real("CosineEmbeddingLoss: margin", margin)

    def forward(self, input1: Any, input2: Any, target: Any) -> Tensor:
        return F.cosine_embedding_loss(input1, input2, target, margin=self.margin, reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    """Gaussian negative log-likelihood of ``target`` under mean ``input`` and variance ``var``; see
    :func:`mygrad.nn.functional.gaussian_nll_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.GaussianNLLLoss()(mg.tensor([[0.0], [2.0]]), [[0.0], [0.0]], mg.tensor([[1.0], [1.0]]))
    Tensor(1.)
    """

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean") -> None:
        super().__init__(None, None, reduction)
        self.full, self.eps = full, check_real("GaussianNLLLoss: eps", eps)

    def forward(self, input: Any, target: Any, var: Any) -> Tensor:
        return F.gaussian_nll_loss(input, target, var, full=self.full, eps=self.eps, reduction=self.reduction)


class PoissonNLLLoss(_Loss):
    """Poisson negative log-likelihood of ``target`` with rate ``exp(input)`` (or ``input``); see
    :func:`mygrad.nn.functional.poisson_nll_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.PoissonNLLLoss()(mg.tensor([0.0, 0.0]), [0.0, 2.0])
    Tensor(1.)
    """

    def __init__(self, log_input: bool = True, full: bool = False, size_average: Optional[bool] = None,
                 eps: float = 1e-8, reduce: Optional[bool] = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full, self.eps = log_input, full, check_real("PoissonNLLLoss: eps", eps)

    def forward(self, log_input: Any, target: Any) -> Tensor:
        return F.poisson_nll_loss(log_input, target, log_input=self.log_input, full=self.full, eps=self.eps,
                                  reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """``log(1 + exp(-target * input))`` for targets +-1; see :func:`mygrad.nn.functional.soft_margin_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> round(nn.SoftMarginLoss()(mg.tensor([0.0]), [1.0]).item(), 4)   # log 2
    0.6931
    """

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.soft_margin_loss(input, target, reduction=self.reduction)


class TripletMarginLoss(_Loss):
    """``max(d(a, p) - d(a, n) + margin, 0)`` with p-norm distances; see
    :func:`mygrad.nn.functional.triplet_margin_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> a, pos, neg = mg.tensor([[0.0, 0.0]]), mg.tensor([[0.0, 1.0]]), mg.tensor([[0.0, 3.0]])
    >>> nn.TripletMarginLoss(margin=1.0, eps=0.0)(a, pos, neg)   # 1 - 3 + 1 < 0
    Tensor(0.)
    """

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                 size_average: Optional[bool] = None, reduce: Optional[bool] = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        if check_real("TripletMarginLoss: margin", margin) <= 0:
            raise ValueError(f"TripletMarginLoss: margin must be greater than 0, got {margin}")
        self.margin, self.p, self.eps, self.swap = margin, check_real("TripletMarginLoss: p", p), eps, swap

    def forward(self, anchor: Any, positive: Any, negative: Any) -> Tensor:
        return F.triplet_margin_loss(anchor, positive, negative, margin=self.margin, p=self.p, eps=self.eps,
                                     swap=self.swap, reduction=self.reduction)



class MarginRankingLoss(_Loss):
    """``max(0, -target * (input1 - input2) + margin)`` for targets +-1; see
    :func:`mygrad.nn.functional.margin_ranking_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.MarginRankingLoss(margin=0.5)(mg.tensor([1.0, 0.0]), mg.tensor([0.0, 0.0]), [1, 1])
    Tensor(0.25)
    """

    def __init__(self, margin: float = 0.0, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = check_real("MarginRankingLoss: margin", margin)

    def forward(self, input1: Any, input2: Any, target: Any) -> Tensor:
        return F.margin_ranking_loss(input1, input2, target, margin=self.margin, reduction=self.reduction)


class MultiMarginLoss(_Loss):
    """Multi-class hinge ``sum_{i != y} w[y] max(0, margin - x[y] + x[i])^p / C``; see
    :func:`mygrad.nn.functional.multi_margin_loss`. ``weight`` (C,) is a buffer, as in PyTorch.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> round(nn.MultiMarginLoss()(mg.tensor([[0.1, 0.2, 0.4, 0.8]]), [3]).item(), 4)   # PyTorch's example
    0.325
    """

    def __init__(self, p: int = 1, margin: float = 1.0, weight: Any = None, size_average: Optional[bool] = None,
                 reduce: Optional[bool] = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        check_margin_power("MultiMarginLoss", p)
        try:
            weight_shape = np.shape(data_of(weight))
        except ValueError as error:  # (ragged)
            raise ValueError(f"MultiMarginLoss: weight must be 1-D, one value per class; got {weight!r:.60} "
                             f"({error})") from error
        if weight is not None and len(weight_shape) != 1:
            raise ValueError(f"MultiMarginLoss: weight must be 1-D, one value per class; got shape {weight_shape}")
        self.p, self.margin = p, check_real("MultiMarginLoss: margin", margin)
        self.register_buffer("weight", weight)

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.multi_margin_loss(input, target, p=self.p, margin=self.margin, weight=self.weight,
                                   reduction=self.reduction)


class HingeEmbeddingLoss(_Loss):
    """``input`` where ``target`` is 1, ``max(0, margin - input)`` where it is -1; see
    :func:`mygrad.nn.functional.hinge_embedding_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.HingeEmbeddingLoss(margin=2.0, reduction="sum")(mg.tensor([0.5, 0.5]), [1, -1])   # 0.5 + 1.5
    Tensor(2.)
    """

    def __init__(self, margin: float = 1.0, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = check_real("HingeEmbeddingLoss: margin", margin)

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.hinge_embedding_loss(input, target, margin=self.margin, reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    """Multi-label hinge over the target classes (``target``'s entries before the first -1) against the
    others; see :func:`mygrad.nn.functional.multilabel_margin_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> round(nn.MultiLabelMarginLoss()(mg.tensor([[0.1, 0.2, 0.4, 0.8]]), [[3, 0, -1, 1]]).item(), 4)
    0.85
    """

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_Loss):
    """Per-class logistic loss averaged over the classes; see
    :func:`mygrad.nn.functional.multilabel_soft_margin_loss`. ``weight`` (C,) is a buffer, as in PyTorch.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> round(nn.MultiLabelSoftMarginLoss()(mg.tensor([[0.0, 0.0]]), [[1.0, 0.0]]).item(), 4)   # log 2
    0.6931
    """

    def __init__(self, weight: Any = None, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)

    def forward(self, input: Any, target: Any) -> Tensor:
        return F.multilabel_soft_margin_loss(input, target, weight=self.weight, reduction=self.reduction)


class TripletMarginWithDistanceLoss(_Loss):
    """``max(d(a, p) - d(a, n) + margin, 0)`` for any distance function ``d`` (default a
    :class:`PairwiseDistance` submodule); see :func:`mygrad.nn.functional.triplet_margin_with_distance_loss`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> loss = nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(eps=0.0), margin=2.0)
    >>> loss(mg.tensor([[0.0, 0.0]]), mg.tensor([[0.0, 1.0]]), mg.tensor([[0.0, 2.0]]))   # 1 - 2 + 2
    Tensor(1.)
    """

    def __init__(self, *, distance_function: Optional[Callable[[Tensor, Tensor], Tensor]] = None,
                 margin: float = 1.0, swap: bool = False, reduction: str = "mean") -> None:
        super().__init__(None, None, reduction)
        if check_real("TripletMarginWithDistanceLoss: margin", margin) <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: margin must be greater than 0, got {margin}")
        if distance_function is not None and not callable(distance_function):
            raise TypeError(f"TripletMarginWithDistanceLoss: distance_function must be callable or None; got "
                            f"{type(distance_function).__name__}")
        self.distance_function = distance_function if distance_function is not None else PairwiseDistance()
        self.margin, self.swap = margin, swap

    def forward(self, anchor: Any, positive: Any, negative: Any) -> Tensor:
        return F.triplet_margin_with_distance_loss(anchor, positive, negative,
                                                   distance_function=self.distance_function, margin=self.margin,
                                                   swap=self.swap, reduction=self.reduction)
