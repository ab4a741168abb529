"""``Rprop``: resilient backpropagation, steps of a size of their own per element, driven by gradient signs."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim.optimizer import Optimizer, ParamsT

__all__ = ["Rprop"]


class Rprop(Optimizer):
    r"""Resilient backpropagation (Riedmiller & Braun, 1993), as ``torch.optim.Rprop``.

    Every element has its own step size, starting at ``lr``. Each step,
    where the gradient kept its sign since the last step the size grows by
    ``etaplus``, where it flipped the size shrinks by ``etaminus`` (clipped to
    ``step_sizes``) and that element does not move this time (its gradient
    is taken as 0, also for the next comparison); then every element moves
    by its step size against the sign of its gradient. Only signs matter, so
    the scale of the loss does not.

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
    lr : float, default 0.01
        The initial step size.
    etas : (float, float), default (0.5, 1.2)
        ``(etaminus, etaplus)``, with ``0 < etaminus < 1 < etaplus``.
    step_sizes : (float, float), default (1e-6, 50)
        The smallest and largest step size.
    maximize : bool, default False
    foreach, capturable, differentiable : optional
        Accepted and ignored (``differentiable=True`` raises).

    State
    -----
    ``step``, ``prev`` (the last gradient used) and ``step_size``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import Rprop
    >>> w = mg.tensor([1.0, -1.0])
    >>> opt = Rprop([w], lr=0.1)
    >>> for _ in range(3):
    ...     (w * w).sum().backward()     # the signs never flip: steps of 0.1, 0.12, 0.144
    ...     opt.step()
    >>> w.data.round(3)
    array([ 0.636, -0.636])
    """

    def __init__(self, params: ParamsT, lr: float = 1e-2, etas: Tuple[float, float] = (0.5, 1.2),
                 step_sizes: Tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: Optional[bool] = None, maximize: bool = False, differentiable: bool = False) -> None:
        opt.implementation_flags(type(self).__name__, foreach=foreach, differentiable=differentiable,
                                 capturable=capturable)
        super().__init__(params, dict(lr=lr, etas=etas, step_sizes=step_sizes, maximize=maximize))

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        owner = type(self).__name__
        etaminus, etaplus = (float(v) for v in group["etas"])
        if not 0.0 < etaminus < 1.0 < etaplus:
            raise ValueError(f"{owner}: Invalid eta values: need 0 < etaminus < 1 < etaplus; got {group['etas']}")
        low, high = (float(v) for v in group["step_sizes"])
        if not 0.0 <= low <= high:
            raise ValueError(f"{owner}: Invalid step_sizes: need 0 <= smallest <= largest; got {group['step_sizes']}")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state.update(step=0, prev=np.zeros_like(param), step_size=np.full_like(param, float(group["lr"])))
        state["step"] += 1
        etaminus, etaplus = (float(v) for v in group["etas"])
        low, high = (float(v) for v in group["step_sizes"])
        g = np.array(-grad if group["maximize"] else grad, dtype=param.dtype)  # (a copy: zeroed below)
        agreement = np.sign(g * state["prev"])
        factor = np.where(agreement > 0, etaplus, np.where(agreement < 0, etaminus, 1.0)).astype(param.dtype)
        step_size = state["step_size"]
        np.clip(step_size * factor, low, high, out=step_size)
        g[agreement < 0] = 0  # a flipped sign: no move now, and no comparison next time
        param -= np.sign(g) * step_size
        state["prev"][...] = g
