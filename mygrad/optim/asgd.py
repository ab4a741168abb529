"""``ASGD``: stochastic gradient descent with a decaying rate and a running average of the iterates."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim.optimizer import Optimizer, ParamsT

__all__ = ["ASGD"]


class ASGD(Optimizer):
    r"""Averaged stochastic gradient descent (Polyak & Juditsky, 1992), as ``torch.optim.ASGD``.

    Each step, with ``g`` the (L2-penalised, sign-corrected) gradient and
    ``t`` the step count::

        theta *= 1 - lambd * eta;  theta -= eta * g
        ax = theta if mu == 1 else ax + mu * (theta - ax)     # the average of the iterates
        eta = lr / (1 + lambd * lr * t) ** alpha;  mu = 1 / max(1, t - t0)

    The parameters follow SGD; the average ``ax`` (in the state) starts
    averaging after step ``t0``.

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
    lr : float, default 0.01
    lambd : float, default 1e-4
        The decay term.
    alpha : float, default 0.75
        The power of the rate's decay.
    t0 : float, default 1e6
        The step from which the average starts.
    weight_decay : float, default 0
    maximize : bool, default False
    foreach, capturable, differentiable : optional
        Accepted and ignored (``differentiable=True`` raises).

    State
    -----
    ``step``, ``eta``, ``mu`` and ``ax`` (the averaged parameters).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import ASGD
    >>> w = mg.tensor([1.0])
    >>> opt = ASGD([w], lr=0.1, lambd=0.0, t0=0)
    >>> for _ in range(3):
    ...     (w * w).sum().backward()      # g = 2w: w -> 0.8 w each step
    ...     opt.step()
    >>> w.data.round(4), opt.state_dict()["state"][0]["ax"].round(4)   # the mean of 0.64 and 0.512
    (array([0.512]), array([0.576]))
    """

    def __init__(self, params: ParamsT, lr: float = 1e-2, lambd: float = 1e-4, alpha: float = 0.75,
                 t0: float = 1e6, weight_decay: float = 0.0, foreach: Optional[bool] = None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        opt.implementation_flags(type(self).__name__, foreach=foreach, differentiable=differentiable,
                                 capturable=capturable)
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                                      maximize=maximize))

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        opt.check_nonnegative(group, "lambd", "alpha")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        lr = float(group["lr"])
        if not state:
            state.update(step=0, eta=lr, mu=1.0, ax=np.zeros_like(param))
        state["step"] += 1
        step, eta, lambd = state["step"], float(state["eta"]), float(group["lambd"])
        g = self.gradient(param, grad, group)
        param *= 1.0 - lambd * eta
        param -= eta * g
        if state["mu"] != 1:
            state["ax"] += (param - state["ax"]) * state["mu"]
        else:
            state["ax"][...] = param
        # lr / (1 + lambd lr t) ** alpha, written so that a huge alpha gives 0 rather than an overflow
        state["eta"] = lr * math.exp(-float(group["alpha"]) * math.log1p(lambd * lr * step))
        state["mu"] = 1.0 / max(1.0, step - float(group["t0"]))
