"""Connectionist temporal classification: ``ctc_loss`` (Graves et al., 2006), one operation.

For each sample, the target ``l`` (length ``S``) is extended with blanks to
``l' = (blank, l1, blank, l2, ..., lS, blank)`` (length ``2S + 1``). In log
space, over time steps ``t < T_n`` (a Python loop over ``t``; the batch and
the extended-label axis are vectorised):

    alpha_0(0) = lp_0(blank),  alpha_0(1) = lp_0(l1)
    alpha_t(s) = lse(alpha_{t-1}(s), alpha_{t-1}(s-1), [alpha_{t-1}(s-2)]) + lp_t(l'_s)
    beta_{T-1}(2S) = lp_{T-1}(blank),  beta_{T-1}(2S-1) = lp_{T-1}(lS)
    beta_t(s) = lse(beta_{t+1}(s), beta_{t+1}(s+1), [beta_{t+1}(s+2)]) + lp_t(l'_s)

where the bracketed skip exists when ``l'_s`` is not blank and differs from
``l'_{s-2}``. The loss is ``-log p`` with ``log p = lse(alpha_{T-1}(2S), alpha_{T-1}(2S-1))``,
and its exact derivative is

    d(-log p)/d lp_t(k) = -sum over s with l'_s = k of exp(alpha_t(s) + beta_t(s) - lp_t(k) - log p)

(minus the posterior occupancy of label ``k`` at ``t``). PyTorch's backward
returns ``exp(lp_t(k))`` minus the same occupancy: its gradient is right for
the logits under a ``log_softmax``, not for ``log_probs`` themselves.
Through ``log_softmax`` both give the same gradient, and that is what the
tests compare; here the gradient is the true one of the loss as a function
of ``log_probs`` (central differences agree). The recursions run in float64
and the result takes the dtype of ``log_probs``.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import data_of

__all__ = ["ctc_loss"]

_REDUCTIONS = ("none", "mean", "sum")


def _lse3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """``log(exp(a) + exp(b) + exp(c))``, shifted by the largest; all ``-inf`` gives ``-inf``."""
    m = np.maximum(np.maximum(a, b), c)
    safe = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.exp(a - safe) + np.exp(b - safe) + np.exp(c - safe)) + safe


def _shift(a: np.ndarray, k: int) -> np.ndarray:
    """``a`` moved ``k`` places along its last axis (right for k > 0, left for k < 0), ``-inf`` shifted in."""
    out = np.full_like(a, -np.inf)
    if k > 0:
        out[..., k:] = a[..., :-k]
    else:
        out[..., :k] = a[..., -k:]
    return out


class CTCNegativeLogLikelihood(Operation):
    """``-log p(target | log_probs)`` per sample, then reduced; log_probs ``(T, N, C)``."""

    def __call__(self, log_probs, *, ext, target_lengths, input_lengths, blank, reduction, zero_infinity, unbatched):
        self.variables = (log_probs,)
        lp = log_probs.data.astype(np.float64)
        steps, batch, _ = lp.shape
        width = ext.shape[1]
        self.ext, self.il, self.tl = ext, input_lengths, target_lengths
        self.reduction, self.zero_infinity, self.unbatched = reduction, zero_infinity, unbatched
        lengths = 2 * target_lengths + 1
        self.valid = np.arange(width)[None, :] < lengths[:, None]
        skip = np.zeros((batch, width), dtype=bool)
        skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
        self.skip = skip & self.valid
        # emissions lp_t(l'_s): (T, N, width)
        self.emit = np.where(self.valid, np.take_along_axis(lp, np.broadcast_to(ext, (steps, batch, width)), axis=2),
                             -np.inf)
        alpha = np.full((steps, batch, width), -np.inf)
        if steps:
            alpha[0, :, :2] = self.emit[0, :, :2]
        for t in range(1, steps):
            prev = alpha[t - 1]
            new = _lse3(prev, _shift(prev, 1), np.where(self.skip, _shift(prev, 2), -np.inf)) + self.emit[t]
            alpha[t] = np.where((t < input_lengths)[:, None], new, prev)  # (a finished sample keeps its last)
        self.alpha = alpha
        rows = np.arange(batch)
        if steps:
            last = alpha[-1]
            before_last = np.where(lengths >= 2, last[rows, np.maximum(lengths - 2, 0)], -np.inf)
            loglik = np.logaddexp(last[rows, lengths - 1], before_last)
        else:
            loglik = np.zeros(batch)
        empty = input_lengths == 0  # (no steps: only the empty target has probability 1)
        loglik = np.where(empty, np.where(target_lengths == 0, 0.0, -np.inf), loglik)
        self.loglik = loglik
        nll = -loglik
        self.infinite = np.isinf(nll)
        if zero_infinity:
            nll = np.where(self.infinite, 0.0, nll)
        self.divisor = np.maximum(target_lengths, 1)
        dtype = log_probs.data.dtype
        if reduction == "none":
            return (nll[0] if unbatched else nll).astype(dtype)
        if reduction == "sum":
            return np.asarray(nll.sum(), dtype=dtype)
        return np.asarray((nll / self.divisor).mean(), dtype=dtype)

    def _beta(self) -> np.ndarray:
        steps, batch, width = self.emit.shape
        lengths = 2 * self.tl + 1
        last = self.il - 1
        rows = np.arange(batch)
        start = np.full((batch, width), -np.inf)
        at_last = self.emit[np.maximum(last, 0), rows]  # (N, width): emissions at each sample's last step
        start[rows, lengths - 1] = at_last[rows, lengths - 1]
        two = lengths >= 2
        start[rows[two], lengths[two] - 2] = at_last[rows[two], lengths[two] - 2]
        skip_ahead = _shift(self.skip, -2) if width > 2 else np.zeros_like(self.skip)  # s -> s + 2 allowed
        beta = np.full((steps, batch, width), -np.inf)
        following = np.full((batch, width), -np.inf)
        for t in range(steps - 1, -1, -1):
            rec = _lse3(following, _shift(following, -1), np.where(skip_ahead, _shift(following, -2), -np.inf))
            current = np.where((t == last)[:, None], start, np.where((t < last)[:, None], rec + self.emit[t],
                                                                     -np.inf))
            beta[t] = following = np.where(self.valid, current, -np.inf)
        return beta

    def backward_var(self, grad, index, **kwargs):
        steps, batch, width = self.emit.shape
        classes = self.variables[0].data.shape[-1]
        grad = np.asarray(grad, dtype=np.float64)
        if self.reduction == "none":
            weight = grad.reshape(batch)
        elif self.reduction == "sum":
            weight = np.full(batch, float(grad))
        else:
            weight = float(grad) / self.divisor / batch
        beta = self._beta()
        with np.errstate(invalid="ignore", over="ignore"):
            log_occ = np.where(np.isfinite(self.emit), self.alpha + beta - self.emit, -np.inf) - self.loglik[:, None]
            occupancy = np.exp(np.where(self.infinite[:, None], -np.inf, log_occ))
        contributions = -occupancy * weight[:, None]
        index_ = ((np.arange(steps)[:, None, None] * batch + np.arange(batch)[None, :, None]) * classes
                  + self.ext[None])
        out = np.bincount(index_.ravel(), weights=contributions.ravel(), minlength=steps * batch * classes)
        out = out.reshape(steps, batch, classes)
        if not self.zero_infinity and self.infinite.any():  # (as PyTorch: NaN for the steps of an impossible target)
            nan_steps = (np.arange(steps)[:, None] < self.il[None, :]) & self.infinite[None, :] & (weight != 0)
            out[nan_steps] = np.nan
        return out.astype(self.variables[0].data.dtype)


def _lengths(name: str, value: Any, batch: Optional[int]) -> np.ndarray:
    """``input_lengths``/``target_lengths`` as an int64 array of shape ``(N,)``."""
    raw = data_of(value)
    try:
        array = np.asarray(raw)
    except (TypeError, ValueError) as error:
        raise TypeError(f"ctc_loss: {name} must be integers (a sequence, array or tensor); got {value!r:.60} "
                        f"({error})") from None
    if array.dtype.kind not in "iu":
        raise TypeError(f"ctc_loss: {name} must hold integers; got {type(value).__name__} of dtype {array.dtype}")
    if batch is None:  # unbatched: one length
        if array.size != 1 or array.ndim > 1:
            raise RuntimeError(f"ctc_loss: {name} must be of size batch_size (one length for an unbatched input); "
                               f"got shape {array.shape}")
        return array.reshape(1).astype(np.int64)
    if array.ndim != 1 or array.shape[0] != batch:
        raise RuntimeError(f"ctc_loss: {name} must be of size batch_size ({batch}); got shape {array.shape}")
    return array.astype(np.int64)


def _targets(targets: Any, target_lengths: np.ndarray, batch: int, blank: int, classes: int,
             unbatched: bool) -> np.ndarray:
    """The targets as a padded ``(N, max S)`` int64 array (blanks past each length)."""
    raw = data_of(targets)
    try:
        array = np.asarray(raw)
    except (TypeError, ValueError) as error:
        raise TypeError(f"ctc_loss: targets ({type(targets).__name__}) is not array-like: {error}") from None
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        array = array.astype(np.int64)  # (PyTorch accepts integral float targets)
    if array.dtype.kind not in "iu":
        raise TypeError(f"ctc_loss: targets must hold integer class indices; got dtype {array.dtype}")
    longest = int(target_lengths.max(initial=0))
    if unbatched and array.ndim != 1:  # (then read as the concatenated form of one target, as PyTorch)
        raise RuntimeError(f"ctc_loss: targets of an unbatched (T, C) input must be 1-D; got shape {array.shape}")
    if array.ndim == 2:
        if array.shape[0] != batch:
            raise RuntimeError(f"ctc_loss: padded targets must have batch_size ({batch}) rows; got shape "
                               f"{array.shape}")
        if array.shape[1] < longest:
            raise RuntimeError(f"ctc_loss: Expected tensor to have size at least {longest} at dimension 1, but got "
                               f"size {array.shape[1]} for argument #2 'targets'")
        padded = array[:, :longest].astype(np.int64)
    elif array.ndim == 1:
        total = int(target_lengths.sum())
        if array.shape[0] != total:
            raise RuntimeError(f"ctc_loss: Expected tensor to have size {total} at dimension 0, but got size "
                               f"{array.shape[0]} for argument #2 'targets' (the concatenated targets)")
        starts = np.cumsum(target_lengths) - target_lengths
        where = starts[:, None] + np.arange(longest)[None, :]
        padded = array.astype(np.int64)[np.clip(where, 0, max(total - 1, 0))] if total else \
            np.zeros((batch, longest), dtype=np.int64)
    else:
        raise RuntimeError(f"ctc_loss: targets must be 1-D (concatenated) or 2-D (padded); got shape {array.shape}")
    used = np.arange(longest)[None, :] < target_lengths[:, None]
    padded = np.where(used, padded, blank)
    if padded.size and (padded.min() < 0 or padded.max() >= classes):
        raise ValueError(f"ctc_loss: targets must be class indices in [0, {classes}); got values from "
                         f"{padded.min()} to {padded.max()}")
    return padded


def ctc_loss(log_probs: Any, targets: Any, input_lengths: Any, target_lengths: Any, blank: int = 0,
             reduction: str = "mean", zero_infinity: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """The connectionist temporal classification loss (Graves et al., 2006), as PyTorch's.

    ``-log p(target | log_probs)``: the probability of every alignment (a
    path over the classes, one per time step) that collapses to the target
    once repeated labels are merged and blanks removed, summed by the
    forward (alpha) recursion in log space. The gradient, from the backward
    (beta) recursion, is the exact derivative with respect to ``log_probs``:
    minus the posterior occupancy of each label at each step (see the module
    docstring; PyTorch's differs by ``exp(log_probs)``, which cancels through
    a ``log_softmax``).

    Parameters
    ----------
    log_probs : ArrayLike, shape=(T, N, C) or (T, C)
        Log-probabilities over ``C`` classes (the blank included) at each of
        ``T`` time steps, e.g. ``log_softmax(logits, axis=-1)``.
    targets : ArrayLike[int], shape=(N, S) padded, (sum(target_lengths),) concatenated, or (S,) unbatched
        Class indices in ``[0, C)``.
    input_lengths : ArrayLike[int], shape=(N,) (or one int, unbatched)
        The steps used of each sample, ``0 <= T_n <= T``.
    target_lengths : ArrayLike[int], shape=(N,) (or one int, unbatched)
        The length of each target (the columns past it are ignored).
    blank : int, default 0
        The blank class.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides each loss by its target length (at least 1), then
        averages over the batch, as PyTorch.
    zero_infinity : bool, default False
        Give a target that no alignment can produce (an infinite loss) a loss
        and a gradient of 0 (otherwise: ``inf``, and NaN gradients, as PyTorch).

    Returns
    -------
    Tensor
        Shape ``(N,)`` (``()`` unbatched) for "none", else a scalar; the dtype of ``log_probs``.

    Raises
    ------
    RuntimeError
        For sizes that do not fit together (PyTorch's class and wording) or a
        ``blank`` outside ``[0, C)``.
    ValueError
        For target values outside ``[0, C)`` or an unknown ``reduction``.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import ctc_loss
    >>> lp = mg.tensor(np.log(np.full((2, 1, 2), 0.5)))   # T=2, N=1, C=2 (blank 0), uniform
    >>> loss = ctc_loss(lp, [[1]], [2], [1], reduction="sum")
    >>> float(np.exp(-loss.item()))                        # paths "1 1", "0 1", "1 0": 3 of 4
    0.75
    >>> loss.backward()
    >>> lp.grad[:, 0]                                      # -(occupancy): label 1 in 2 of 3 paths at each step
    array([[-0.33333333, -0.66666667],
           [-0.33333333, -0.66666667]])
    """
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        kind = ValueError if isinstance(reduction, str) else TypeError
        raise kind(f"ctc_loss: reduction must be one of {list(_REDUCTIONS)}; got {reduction!r:.60}")
    if not isinstance(zero_infinity, (bool, np.bool_)):
        raise TypeError(f"ctc_loss: zero_infinity must be True or False; got {zero_infinity!r:.60}")
    raw = data_of(log_probs)
    try:
        array = raw if isinstance(raw, np.ndarray) else np.asarray(raw)
    except (TypeError, ValueError) as error:
        raise TypeError(f"ctc_loss: log_probs ({type(log_probs).__name__}) is not array-like: {error}") from None
    if array.dtype.kind != "f":
        raise TypeError(f"ctc_loss: log_probs must be floating-point; got dtype {array.dtype}")
    if array.ndim not in (2, 3):
        raise RuntimeError(f"ctc_loss: Expected 3-dimensional tensor (or 2-dimensional, unbatched), but got "
                           f"{array.ndim}-dimensional tensor for argument #1 'log_probs'")
    unbatched = array.ndim == 2
    steps, classes = array.shape[0], array.shape[-1]
    batch = 1 if unbatched else array.shape[1]
    if isinstance(blank, (bool, np.bool_)) or not isinstance(blank, (int, np.integer)):
        raise TypeError(f"ctc_loss: blank must be an int; got {blank!r:.60}")
    if not 0 <= blank < classes:
        raise RuntimeError(f"ctc_loss: blank must be in label range [0, {classes}); got {blank}")
    il = _lengths("input_lengths", input_lengths, None if unbatched else batch)
    tl = _lengths("target_lengths", target_lengths, None if unbatched else batch)
    for name, values, top in (("input_lengths", il, steps), ("target_lengths", tl, None)):
        if values.size and values.min() < 0:
            raise RuntimeError(f"ctc_loss: Expected {name} to have value at least 0, but got value {values.min()}")
        if top is not None and values.size and values.max() > top:
            raise RuntimeError(f"ctc_loss: Expected {name} to have value at most {top}, but got value "
                               f"{values.max()}")
    padded = _targets(targets, tl, batch, int(blank), classes, unbatched)
    ext = np.full((batch, 2 * padded.shape[1] + 1), int(blank), dtype=np.int64)
    ext[:, 1::2] = padded
    if unbatched:
        log_probs = (log_probs if isinstance(log_probs, Tensor) else array)[:, None]
    return execute_op(CTCNegativeLogLikelihood, log_probs,
                      op_kwargs=dict(ext=ext, target_lengths=tl, input_lengths=il, blank=int(blank),
                                     reduction=reduction, zero_infinity=bool(zero_infinity), unbatched=unbatched),
                      constant=constant)
