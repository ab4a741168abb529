"""Adagrad: per-coordinate learning rates from the running sum of squared gradients."""

from __future__ import annotations

from typing import Any, Dict, Optional

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim._blocks import regularized, row_blocks
from mygrad.optim.optimizer import Optimizer, ParamsT, _check_nonnegative

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011), as ``torch.optim.Adagrad``.

    With learning rate :math:`\gamma`, learning-rate decay :math:`\eta`,
    weight decay :math:`\lambda` and :math:`s_0` = ``initial_accumulator_value``,
    step :math:`t = 1, 2, \dots` computes::

        g_t = -grad if maximize else grad
        g_t = g_t + lambda * theta_{t-1}                  (if weight_decay)
        gamma_t = gamma / (1 + (t - 1) * eta)
        s_t = s_{t-1} + g_t**2
        theta_t = theta_{t-1} - gamma_t * g_t / (sqrt(s_t) + eps)

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
        Parameters to optimize, or parameter-group dicts.
    lr : float, default 1e-2
        Learning rate :math:`\gamma` (>= 0).
    lr_decay : float, default 0
        Learning-rate decay :math:`\eta` (>= 0).
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, added to the gradient (>= 0).
    initial_accumulator_value : float, default 0
        Starting value of the sum of squares (>= 0).
    eps : float, default 1e-10
        Added to the denominator for numerical stability (>= 0).
    maximize : bool, default False
        Maximize the objective instead of minimizing it.
    foreach, fused, capturable, differentiable : optional
        PyTorch's choices of implementation; mygrad has one, so they are
        accepted and change nothing (``differentiable=True`` raises
        ``NotImplementedError``).

    State
    -----
    ``step`` (int) and ``sum`` (:math:`s_t`).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import Adagrad
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = Adagrad([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()              # g / sqrt(g^2) = sign(g): moves by lr
    >>> w
    Tensor([ 0.9, -1.9])
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
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
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        _check_nonnegative(group, "lr_decay", "initial_accumulator_value")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state["step"] = 0
            state["sum"] = np.full_like(param, float(group["initial_accumulator_value"]))
        state["step"] = t = state["step"] + 1
        clr = float(group["lr"]) / (1.0 + (t - 1) * float(group["lr_decay"]))
        for p, g, total in row_blocks(param, grad, state["sum"]):
            self._update_block(p, g, total, clr, group)

    def _update_block(self, p: np.ndarray, g: np.ndarray, total: np.ndarray, clr: float,
                      group: Dict[str, Any]) -> None:
        """One block of a step with learning rate ``clr``: ``p`` and the running sum ``total`` in place."""
        weight_decay, maximize = float(group["weight_decay"]), bool(group["maximize"])
        if weight_decay or maximize:
            g = regularized(p, g, weight_decay, maximize, out=self.scratch(p, 2))
        work = self.scratch(p, 1)
        np.multiply(g, g, out=work)  # s_t = s_{t-1} + g_t^2
        total += work
        np.sqrt(total, out=work)
        work += float(group["eps"])
        np.divide(g, work, out=work)
        work *= clr
        p -= work
