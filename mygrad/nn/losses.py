"""Loss modules: thin wrappers over the loss functions of :mod:`mygrad.nn.functional`.

Each stores its options (and, where PyTorch does, a class-``weight`` /
``pos_weight`` buffer, so they appear in ``state_dict()``) and calls the
functional form in ``forward(input, target)``. ``reduction`` is ``"mean"``
(default), ``"sum"`` or ``"none"``; PyTorch's deprecated ``size_average``
and ``reduce`` are accepted and translated.
"""

from __future__ import annotations

import numbers
from typing import Any, Optional

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn.module import Module
from mygrad.autodiff.tensor import Tensor

__all__ = [
    "CrossEntropyLoss", "NLLLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss",
]

_REDUCTIONS = ("none", "mean", "sum")


def _legacy_reduction(size_average: Optional[bool], reduce: Optional[bool], reduction: str) -> str:
    """PyTorch's translation of the deprecated ``size_average``/``reduce`` flags into ``reduction``."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        return "none" if not reduce else ("mean" if size_average else "sum")
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        kind = ValueError if isinstance(reduction, str) else TypeError
        raise kind(f"reduction must be one of {_REDUCTIONS}; got {reduction!r:.60}")
    return reduction


def _real(loss: str, name: str, value: Any) -> Any:
    """``value`` after checking that it is a real number (not a bool, nor a string), naming the loss and argument."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        raise TypeError(f"{loss}: {name} must be a real number; got {value!r:.60} of type {type(value).__name__}")
    return value


def _check_weight(loss: str, name: str, value: Any, one_d: bool) -> Any:
    """``value`` after checking that it is None or a numeric array (1-D if ``one_d``), naming ``name``."""
    if value is None:
        return value
    try:
        array = np.asarray(value.data if isinstance(value, Tensor) else value)
    except (TypeError, ValueError) as error:  # a ragged list, say
        raise type(error)(f"{loss}: {name} ({type(value).__name__}) is not array-like: {error}") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{loss}: {name} must hold numbers; got dtype {array.dtype}")
    if one_d and array.ndim != 1:
        raise ValueError(f"{loss}: {name} must be 1-D, one value per class; got shape {array.shape}")
    return value


class _Loss(Module):
    def __init__(self, size_average: Optional[bool] = None, reduce: Optional[bool] = None, reduction: str = "mean"):
        super().__init__()
        try:
            self.reduction = _legacy_reduction(size_average, reduce, reduction)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{type(self).__name__}: {error}") from None


class _WeightedLoss(_Loss):
    def __init__(self, weight: Any = None, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                 reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _check_weight(type(self).__name__, "weight", weight,
                                                     one_d=not isinstance(self, (BCELoss, BCEWithLogitsLoss))))


class CrossEntropyLoss(_WeightedLoss):
    """Softmax cross-entropy between logits and integer class labels or class probabilities.

    ``loss_n = -sum_c w_c * q_nc * log_softmax(x_n)_c``, where ``q`` is the
    one-hot label (smoothed towards uniform by ``label_smoothing``) or the
    given probabilities; computed with log-sum-exp, so large logits are safe.

    Parameters
    ----------
    weight : Optional[ArrayLike], shape (C,)
        A rescaling weight per class (a buffer).
    size_average, reduce : deprecated
        PyTorch's legacy flags; use ``reduction``.
    ignore_index : int, default -100
        Labels equal to it contribute nothing (and are not counted in the mean).
    reduction : {"mean", "sum", "none"}, default "mean"
        With class weights, "mean" divides by the sum of the targets' weights.
    label_smoothing : float in [0, 1], default 0

    Shape
    -----
    input ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``; target ``(N,)``/``()``/``(N, d1, ...)``
    integer labels, or probabilities shaped like ``input``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> loss = nn.CrossEntropyLoss()
    >>> logits = np.array([[0.0, 0.0], [0.0, 0.0]])
    >>> round(float(loss(logits, np.array([0, 1])).item()), 6)  # log 2
    0.693147
    """

    def __init__(self, weight: Any = None, size_average: Optional[bool] = None, ignore_index: int = -100,
                 reduce: Optional[bool] = None, reduction: str = "mean", label_smoothing: float = 0.0) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        if not 0.0 <= _real(type(self).__name__, "label_smoothing", label_smoothing) <= 1.0:
            raise ValueError(f"label_smoothing must be between 0.0 and 1.0; got {label_smoothing}")
        if isinstance(ignore_index, (bool, np.bool_)) or not isinstance(ignore_index, (int, np.integer)):
            raise TypeError(f"{type(self).__name__}: ignore_index must be an int; got {ignore_index!r}")
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input: Any, target: Any) -> Any:
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class NLLLoss(_WeightedLoss):
    """Negative log-likelihood of integer labels given log-probabilities: ``-w_y * input[n, y_n]``.

    Pair it with ``LogSoftmax`` (or use :class:`CrossEntropyLoss` on logits).
    Same ``weight``, ``ignore_index`` and ``reduction`` rules as :class:`CrossEntropyLoss`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> logp = mg.tensor(np.log([[0.5, 0.25, 0.25], [0.1, 0.6, 0.3]]))
    >>> loss = nn.NLLLoss()(logp, np.array([0, 1]))     # -(log 0.5 + log 0.6) / 2
    >>> round(loss.item(), 6)
    0.601986
    >>> loss.backward()
    >>> logp.grad               # -1/N at each sample's label, 0 elsewhere
    array([[-0.5, -0. , -0. ],
           [-0. , -0.5, -0. ]])
    """

    def __init__(self, weight: Any = None, size_average: Optional[bool] = None, ignore_index: int = -100,
                 reduce: Optional[bool] = None, reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        if isinstance(ignore_index, (bool, np.bool_)) or not isinstance(ignore_index, (int, np.integer)):
            raise TypeError(f"{type(self).__name__}: ignore_index must be an int; got {ignore_index!r}")
        self.ignore_index = ignore_index

    def forward(self, input: Any, target: Any) -> Any:
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class MSELoss(_Loss):
    """Mean squared error, ``(input - target)^2`` reduced by ``reduction``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.MSELoss()(np.array([1.0, 2.0]), np.array([1.0, 4.0]))
    Tensor(2.)
    """

    def forward(self, input: Any, target: Any) -> Any:
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error, ``|input - target|`` reduced by ``reduction``.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([1.0, 2.0, 5.0])
    >>> loss = nn.L1Loss()(x, np.array([0.0, 4.0, 5.0]))    # (1 + 2 + 0) / 3
    >>> loss
    Tensor(1.)
    >>> loss.backward()
    >>> x.grad                  # sign(x - target) / N
    array([ 0.33333333, -0.33333333,  0.        ])
    """

    def forward(self, input: Any, target: Any) -> Any:
        return F.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """``0.5 d^2 / beta`` for ``|d| < beta``, else ``|d| - 0.5 beta`` (``d = input - target``).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([0.5, 3.0])
    >>> loss = nn.SmoothL1Loss(beta=1.0, reduction="sum")(x, np.zeros(2))
    >>> loss                    # 0.5 * 0.5^2 + (3 - 0.5)
    Tensor(2.625)
    >>> loss.backward()
    >>> x.grad                  # d/beta inside the band, sign(d) outside
    array([0.5, 1. ])
    """

    def __init__(self, size_average: Optional[bool] = None, reduce: Optional[bool] = None, reduction: str = "mean",
                 beta: float = 1.0) -> None:
        super().__init__(size_average, reduce, reduction)
        if _real("SmoothL1Loss", "beta", beta) < 0:
            raise ValueError(f"SmoothL1Loss does not support a negative beta; got {beta}")
        self.beta = beta

    def forward(self, input: Any, target: Any) -> Any:
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """``0.5 d^2`` for ``|d| < delta``, else ``delta (|d| - 0.5 delta)`` (``d = input - target``).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([0.5, 3.0])
    >>> loss = nn.HuberLoss(delta=2.0, reduction="sum")(x, np.zeros(2))
    >>> loss                    # 0.5 * 0.5^2 + 2 * (3 - 1)
    Tensor(4.125)
    >>> loss.backward()
    >>> x.grad                  # d inside the band, delta * sign(d) outside
    array([0.5, 2. ])
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction=reduction)
        if _real("HuberLoss", "delta", delta) <= 0:
            raise ValueError(f"HuberLoss requires a positive delta; got {delta}")
        self.delta = delta

    def forward(self, input: Any, target: Any) -> Any:
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities: ``-w (y log p + (1 - y) log(1 - p))``, logs clamped at -100.

    Prefer :class:`BCEWithLogitsLoss` on logits: it is numerically stable.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> p = mg.tensor([0.5, 0.8])
    >>> loss = nn.BCELoss()(p, np.array([1.0, 0.0]))    # -(log 0.5 + log 0.2) / 2
    >>> round(loss.item(), 6)
    1.151293
    >>> loss.backward()
    >>> p.grad                  # (p - y) / (p (1 - p)) / N
    array([-1. ,  2.5])
    """

    def __init__(self, weight: Any = None, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                 reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, input: Any, target: Any) -> Any:
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits, ``-w (p_w y log s(x) + (1 - y) log(1 - s(x)))`` with ``s`` the sigmoid.

    Computed without overflow for any finite logit.

    Parameters
    ----------
    weight : Optional[ArrayLike]
        A rescaling weight broadcast against the loss (a buffer).
    size_average, reduce : deprecated
    reduction : {"mean", "sum", "none"}, default "mean"
    pos_weight : Optional[ArrayLike]
        Weight of the positive term, per class (broadcast over the last axis) (a buffer).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> z = mg.tensor([0.0, 2.0])                      # logits
    >>> loss = nn.BCEWithLogitsLoss(reduction="sum")(z, np.array([1.0, 1.0]))
    >>> round(loss.item(), 6)   # -log s(0) - log s(2)
    0.820075
    >>> loss.backward()
    >>> z.grad                  # s(z) - y
    array([-0.5       , -0.11920292])
    """

    def __init__(self, weight: Any = None, size_average: Optional[bool] = None, reduce: Optional[bool] = None,
                 reduction: str = "mean", pos_weight: Any = None) -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _check_weight("BCEWithLogitsLoss", "weight", weight, one_d=False))
        self.register_buffer("pos_weight", _check_weight("BCEWithLogitsLoss", "pos_weight", pos_weight, one_d=False))

    def forward(self, input: Any, target: Any) -> Any:
        return F.binary_cross_entropy_with_logits(input, target, weight=self.weight, reduction=self.reduction,
                                                  pos_weight=self.pos_weight)
