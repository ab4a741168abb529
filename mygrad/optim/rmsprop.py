"""RMSprop: divide the gradient by a running root-mean-square of recent gradients."""

from __future__ import annotations

from typing import Any, Dict, Optional

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim._blocks import regularized, row_blocks
from mygrad.optim.optimizer import Optimizer, ParamsT, _check_nonnegative

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop (Hinton's lecture 6e), as ``torch.optim.RMSprop``.

    With learning rate :math:`\gamma`, smoothing constant :math:`\alpha`,
    momentum :math:`\mu`, weight decay :math:`\lambda` and
    :math:`v_0 = \bar g_0 = b_0 = 0`, each step computes::

        g_t = -grad if maximize else grad
        g_t = g_t + lambda * theta_{t-1}                  (if weight_decay)
        v_t = alpha * v_{t-1} + (1 - alpha) * g_t**2
        gbar_t = alpha * gbar_{t-1} + (1 - alpha) * g_t   (if centered)
        s_t = sqrt(v_t - gbar_t**2) + eps  if centered  else  sqrt(v_t) + eps
        b_t = mu * b_{t-1} + g_t / s_t;  theta_t = theta_{t-1} - gamma * b_t   (if momentum > 0)
        theta_t = theta_{t-1} - gamma * g_t / s_t                               (otherwise)

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
        Parameters to optimize, or parameter-group dicts.
    lr : float, default 1e-2
        Learning rate :math:`\gamma` (>= 0).
    alpha : float, default 0.99
        Smoothing constant of the squared-gradient average (>= 0).
    eps : float, default 1e-8
        Added to the denominator for numerical stability (>= 0).
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, added to the gradient (>= 0).
    momentum : float, default 0
        Momentum factor :math:`\mu` (>= 0).
    centered : bool, default False
        Normalise by an estimate of the gradient's variance instead of its
        second moment.
    maximize : bool, default False
        Maximize the objective instead of minimizing it.
    foreach, fused, capturable, differentiable : optional
        PyTorch's choices of implementation; mygrad has one, so they are
        accepted and change nothing (``differentiable=True`` raises
        ``NotImplementedError``).

    State
    -----
    ``step``, ``square_avg`` (:math:`v_t`), ``momentum_buffer`` (:math:`b_t`,
    when momentum > 0), ``grad_avg`` (:math:`\bar g_t`, when centered).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import RMSprop
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = RMSprop([w], lr=0.01, alpha=0.75)
    >>> (w * w).sum().backward()
    >>> opt.step()              # g / sqrt(0.25 g^2) = 2 sign(g): moves by 2 lr
    >>> w
    Tensor([ 0.98, -1.98])
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        *,
        maximize: bool = False,
        capturable: bool = False,
        foreach: Optional[bool] = None,
        differentiable: bool = False,
    ) -> None:
        opt.implementation_flags(
            type(self).__name__, capturable=capturable, foreach=foreach, differentiable=differentiable
        )
        defaults = dict(
            lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
            momentum=momentum, centered=centered, maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        _check_nonnegative(group, "momentum", "alpha")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        momentum, centered = float(group["momentum"]), bool(group["centered"])
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(param)
        if momentum > 0 and "momentum_buffer" not in state:  # (also when switched on mid-run)
            state["momentum_buffer"] = np.zeros_like(param)
        if centered and "grad_avg" not in state:
            state["grad_avg"] = np.zeros_like(param)
        state["step"] += 1
        arrays = [param, grad, state["square_avg"]]
        if momentum > 0:
            arrays.append(state["momentum_buffer"])
        if centered:
            arrays.append(state["grad_avg"])
        for p, g, square_avg, *optional in row_blocks(*arrays):
            buf = optional.pop(0) if momentum > 0 else None
            grad_avg = optional.pop(0) if centered else None
            self._update_block(p, g, square_avg, buf, grad_avg, group)

    def _update_block(self, p: np.ndarray, g: np.ndarray, square_avg: np.ndarray, buf: Optional[np.ndarray],
                      grad_avg: Optional[np.ndarray], group: Dict[str, Any]) -> None:
        """One block of a step: ``p`` and the state blocks in place (``buf``, ``grad_avg`` None when unused)."""
        alpha = float(group["alpha"])
        weight_decay, maximize = float(group["weight_decay"]), bool(group["maximize"])
        if weight_decay or maximize:
            g = regularized(p, g, weight_decay, maximize, out=self.scratch(p, 2))
        work = self.scratch(p, 1)
        square_avg *= alpha  # v_t = alpha v_{t-1} + (1 - alpha) g_t^2
        np.multiply(g, g, out=work)
        work *= 1.0 - alpha
        square_avg += work
        if grad_avg is not None:
            grad_avg *= alpha  # gbar_t = alpha gbar_{t-1} + (1 - alpha) g_t
            np.multiply(g, 1.0 - alpha, out=work)
            grad_avg += work
            np.multiply(grad_avg, grad_avg, out=work)
            np.subtract(square_avg, work, out=work)
            np.sqrt(work, out=work)  # sqrt(v_t - gbar_t^2)
        else:
            np.sqrt(square_avg, out=work)
        work += float(group["eps"])
        np.divide(g, work, out=work)  # g_t / s_t
        if buf is not None:
            buf *= float(group["momentum"])
            buf += work
            np.multiply(buf, float(group["lr"]), out=work)
        else:
            work *= float(group["lr"])
        p -= work
