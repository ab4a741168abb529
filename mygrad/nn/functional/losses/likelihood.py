"""Likelihood losses: KL divergence, Gaussian and Poisson negative log-likelihood, soft margin.

Each is a composition of differentiable mygrad ops written in a form that
stays finite: ``x log x`` is 0 at ``x = 0``, ``log(1 + exp(z))`` is
``logaddexp(0, z)``. Names, arguments, defaults and reductions are PyTorch's.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from mygrad.autodiff.conversion import tensor
from mygrad.nn.functional._utils import check_real
from mygrad.nn.functional.losses.common import check_args, check_same_shape
from mygrad.nn.functional.losses.distances import _reduction, as_tensor, honours_constant, reduce_tensor
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.exp_log import exp, log, logaddexp
from mygrad.ops.reductions import sum as sum_
from mygrad.ops.selection import where

__all__ = ["kl_div", "gaussian_nll_loss", "poisson_nll_loss", "soft_margin_loss"]


def _xlogx(t: Tensor) -> Tensor:
    """``t log t``, 0 where ``t = 0`` (gradient ``log t + 1`` where ``t > 0``)."""
    positive = t.data > 0
    return where(positive, t * log(where(positive, t, 1)), 0)


@honours_constant
def kl_div(input: Any, target: Any, size_average: Any = None, reduce: Any = None, reduction: str = "mean",
           log_target: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Kullback-Leibler divergence ``target * (log(target) - input)`` with ``input`` log-probabilities.

    Parameters
    ----------
    input : ArrayLike
        Log-probabilities.
    target : ArrayLike, same shape
        Probabilities, or log-probabilities with ``log_target=True``
        (then the pointwise loss is ``exp(target) * (target - input)``).
    reduction : {"mean", "batchmean", "sum", "none"}, default "mean"
        ``"batchmean"`` divides the sum by ``input.shape[0]``, which is the
        KL divergence per sample; ``"mean"`` divides by the element count.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> p = mg.tensor(np.log([[0.5, 0.5]]))
    >>> F.kl_div(p, [[0.5, 0.5]], reduction="batchmean")
    Tensor(0.)
    >>> round(F.kl_div(p, [[1.0, 0.0]], reduction="batchmean").item(), 4)   # log 2
    0.6931
    """
    reduction = _reduction("kl_div", size_average, reduce, reduction)
    check_args("kl_div", "sum" if reduction == "batchmean" else reduction, input=input, target=target)
    x, t = as_tensor(input, constant), as_tensor(target)
    check_same_shape("kl_div", x, t)
    pointwise = exp(t) * (t - x) if log_target else _xlogx(t) - t * x
    if reduction == "batchmean":
        total = sum_(pointwise)
        return total / x.shape[0] if x.ndim else total
    return reduce_tensor(pointwise, reduction)


@honours_constant
def gaussian_nll_loss(input: Any, target: Any, var: Any, full: bool = False, eps: float = 1e-6,
                      reduction: str = "mean", *, constant: Optional[bool] = None) -> Tensor:
    """Gaussian negative log-likelihood ``0.5 * (log(var) + (input - target)^2 / var)`` (+ ``0.5 log 2 pi`` if ``full``).

    ``var`` has ``input``'s shape, or that shape without its last axis, or it
    differs from it in one axis of size 1 (one variance shared along it), or
    is a float. It is clamped to at least ``eps`` in value only: as in
    PyTorch, the gradient passes through the clamp.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.gaussian_nll_loss(mg.tensor([1.0, 3.0]), [1.0, 1.0], mg.tensor([1.0, 1.0]))   # (0 + 0.5 * 4) / 2
    Tensor(1.)
    """
    check_args("gaussian_nll_loss", reduction, input=input, target=target)
    check_real("gaussian_nll_loss: eps", eps)
    x, t = as_tensor(input, constant), as_tensor(target)
    if isinstance(var, (float, int)) and not isinstance(var, bool):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        v = tensor(np.full(x.shape, var, dtype=x.dtype), constant=True)
    else:
        v = as_tensor(var)
        if np.any(v.data < 0):
            raise ValueError("var has negative entry/entries")
        if v.shape != x.shape:
            if v.shape == x.shape[:-1]:
                v = v[..., None]
            elif not (v.ndim == x.ndim and sum(b for a, b in zip(x.shape, v.shape) if a != b) == 1):
                raise ValueError(f"var is of incorrect size: {v.shape} for input of shape {x.shape}")
    clamped = v + tensor(np.maximum(v.data, eps) - v.data, constant=True)  # value max(var, eps), gradient 1
    loss = 0.5 * (log(clamped) + (x - t) ** 2 / clamped)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_tensor(loss, reduction)


@honours_constant
def poisson_nll_loss(input: Any, target: Any, log_input: bool = True, full: bool = False, size_average: Any = None,
                     eps: float = 1e-8, reduce: Any = None, reduction: str = "mean", *,
                     constant: Optional[bool] = None) -> Tensor:
    """Poisson negative log-likelihood: ``exp(input) - target * input`` (``log_input``) or
    ``input - target * log(input + eps)``.

    With ``full`` the Stirling approximation of ``log(target!)``,
    ``target log target - target + 0.5 log(2 pi target)``, is added where ``target > 1``.

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.poisson_nll_loss(mg.tensor([0.0, 0.0]), [1.0, 3.0], reduction="none")   # exp(0) - t * 0
    Tensor([1., 1.])
    """
    reduction = _reduction("poisson_nll_loss", size_average, reduce, reduction)
    check_args("poisson_nll_loss", reduction, input=input, target=target)
    check_real("poisson_nll_loss: eps", eps)
    x, t = as_tensor(input, constant), as_tensor(target)
    check_same_shape("poisson_nll_loss", x, t)
    loss = exp(x) - t * x if log_input else x - t * log(x + eps)
    if full:
        big = t.data > 1
        safe = where(big, t, 1)
        stirling = _xlogx(safe) - safe + 0.5 * log(2 * math.pi * safe)
        loss = loss + where(big, stirling, 0)
    return reduce_tensor(loss, reduction)


@honours_constant
def soft_margin_loss(input: Any, target: Any, size_average: Any = None, reduce: Any = None, reduction: str = "mean",
                     *, constant: Optional[bool] = None) -> Tensor:
    """Two-class logistic loss ``log(1 + exp(-target * input))`` for targets +-1 (finite for any input).

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> F.soft_margin_loss(mg.tensor([0.0, 1000.0]), [1.0, -1.0], reduction="none").data.round(4).tolist()
    [0.6931, 1000.0]
    """
    reduction = _reduction("soft_margin_loss", size_average, reduce, reduction)
    check_args("soft_margin_loss", reduction, input=input, target=target)
    x, t = as_tensor(input, constant), as_tensor(target)
    check_same_shape("soft_margin_loss", x, t)
    return reduce_tensor(logaddexp(np.zeros((), dtype=x.dtype), -t * x), reduction)

