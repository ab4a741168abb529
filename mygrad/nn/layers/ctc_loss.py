"""The connectionist temporal classification loss module: ``CTCLoss``."""

from __future__ import annotations

from typing import Any

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional import ctc
from mygrad.nn.losses import _Loss

__all__ = ["CTCLoss"]


class CTCLoss(_Loss):
    """The connectionist temporal classification loss; see :func:`mygrad.nn.functional.ctc_loss`.

    Parameters
    ----------
    blank : int, default 0
        The blank class.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides each sample's loss by its target length (at least 1)
        and averages over the batch, as PyTorch.
    zero_infinity : bool, default False
        Zero the infinite losses (targets no alignment can produce) and their gradients.

    Shape
    -----
    ``forward(log_probs, targets, input_lengths, target_lengths)``: log_probs
    ``(T, N, C)`` or ``(T, C)``; targets ``(N, S)`` padded or
    ``(sum(target_lengths),)`` concatenated; lengths ``(N,)``.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad import nn
    >>> ctc = nn.CTCLoss()
    >>> ctc
    CTCLoss()
    >>> logits = mg.tensor(np.random.default_rng(0).normal(size=(6, 2, 4)).astype(np.float32))
    >>> loss = ctc(nn.functional.log_softmax(logits, dim=2), np.array([[1, 2, 2], [3, 1, 0]]), [6, 5], [3, 2])
    >>> loss.dtype, loss.shape
    (dtype('float32'), ())
    >>> loss.backward()
    >>> logits.grad.shape
    (6, 2, 4)
    """

    def __init__(self, blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> None:
        super().__init__(reduction=reduction)
        if isinstance(blank, (bool, np.bool_)) or not isinstance(blank, (int, np.integer)):
            raise TypeError(f"CTCLoss: blank must be an int; got {blank!r:.60}")
        if blank < 0:
            raise ValueError(f"CTCLoss: blank must be a class index (>= 0); got {blank}")
        if not isinstance(zero_infinity, (bool, np.bool_)):
            raise TypeError(f"CTCLoss: zero_infinity must be True or False; got {zero_infinity!r:.60}")
        self.blank = blank
        self.zero_infinity = zero_infinity

    def forward(self, log_probs: Any, targets: Any, input_lengths: Any, target_lengths: Any) -> Tensor:
        return ctc.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction,
                            self.zero_infinity)
