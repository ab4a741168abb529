"""Stochastic gradient descent, with optional momentum and Nesterov momentum."""

from __future__ import annotations

from typing import Any, Dict, Optional

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim._blocks import regularized, row_blocks
from mygrad.optim.optimizer import Optimizer, ParamsT

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent (optionally with momentum), as ``torch.optim.SGD``.

    With gradient :math:`\nabla f(\theta_{t-1})`, learning rate :math:`\gamma`,
    weight decay :math:`\lambda`, momentum :math:`\mu` and dampening :math:`\tau`,
    each step computes::

        g_t = -grad if maximize else grad
        g_t = g_t + lambda * theta_{t-1}                 (if weight_decay)
        b_t = g_t                        at t = 1        (if momentum)
        b_t = mu * b_{t-1} + (1 - tau) * g_t   for t > 1
        g_t = g_t + mu * b_t  if nesterov  else  b_t
        theta_t = theta_{t-1} - gamma * g_t

    Note the velocity is not scaled by the learning rate (PyTorch's form,
    unlike Sutskever et al.), so changing ``lr`` mid-training takes effect
    at once.

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
        Parameters to optimize, or parameter-group dicts.
    lr : float, default 1e-3
        Learning rate :math:`\gamma` (>= 0).
    momentum : float, default 0
        Momentum factor :math:`\mu` (>= 0).
    dampening : float, default 0
        Dampening :math:`\tau` of the momentum.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda` (>= 0), added to the gradient.
    nesterov : bool, default False
        Nesterov momentum; needs ``momentum > 0`` and ``dampening == 0``.
    maximize : bool, default False
        Maximize the objective instead of minimizing it.
    foreach, fused, capturable, differentiable : optional
        PyTorch's choices of implementation; mygrad has one, so they are
        accepted and change nothing (``differentiable=True`` raises
        ``NotImplementedError``).

    State
    -----
    ``momentum_buffer`` (when momentum is on): :math:`b_t`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import SGD
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     (w * w).sum().backward()        # grad = 2w
    ...     opt.step()
    >>> w                                   # b1 = 2w0, b2 = 0.9 b1 + 2w1
    Tensor([ 0.46, -0.92])
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: Optional[bool] = None,
        differentiable: bool = False,
        fused: Optional[bool] = None,
    ) -> None:
        opt.implementation_flags(
            type(self).__name__, foreach=foreach, differentiable=differentiable, fused=fused
        )
        defaults = dict(
            lr=lr, momentum=momentum, dampening=dampening,
            weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        if not group["momentum"] >= 0.0:
            raise ValueError(f"Invalid momentum value: {group['momentum']} (must be >= 0)")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not group["momentum"]:
            for p, g in row_blocks(param, grad):
                self._update_block(p, g, None, False, group)
            return
        first = "momentum_buffer" not in state
        if first:
            state["momentum_buffer"] = np.empty_like(param)  # filled with b_1 = g_1 below
        for p, g, buf in row_blocks(param, grad, state["momentum_buffer"]):
            self._update_block(p, g, buf, first, group)

    def _update_block(self, p: np.ndarray, g: np.ndarray, buf: Optional[np.ndarray], first: bool,
                      group: Dict[str, Any]) -> None:
        """One block of a step: ``p`` and the momentum buffer ``buf`` (None without momentum) in place."""
        weight_decay, maximize = float(group["weight_decay"]), bool(group["maximize"])
        if weight_decay or maximize:
            g = regularized(p, g, weight_decay, maximize, out=self.scratch(p, 2))
        step = self.scratch(p, 1)
        if buf is not None:
            momentum = float(group["momentum"])
            if first:
                np.copyto(buf, g)  # b_1 = g_1
            else:
                buf *= momentum  # b_t = mu b_{t-1} + (1 - tau) g_t
                dampening = float(group["dampening"])
                if dampening:
                    np.multiply(g, 1.0 - dampening, out=step)
                    buf += step
                else:
                    buf += g
            if group["nesterov"]:
                np.multiply(buf, momentum, out=step)  # g_t + mu b_t
                step += g
                g = step
            else:
                g = buf
        np.multiply(g, float(group["lr"]), out=step)
        p -= step
