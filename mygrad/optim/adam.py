"""Adam and AdamW: adaptive moment estimation, with L2 or decoupled weight decay."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional, Tuple

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim._blocks import regularized, row_blocks
from mygrad.optim.optimizer import Optimizer, ParamsT

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2014), as ``torch.optim.Adam``.

    With learning rate :math:`\gamma`, betas :math:`(\beta_1, \beta_2)`,
    weight decay :math:`\lambda` and :math:`m_0 = v_0 = \hat v^{max}_0 = 0`,
    step :math:`t = 1, 2, \dots` computes::

        g_t = -grad if maximize else grad
        g_t = g_t + lambda * theta_{t-1}                  (if weight_decay)
        m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
        v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2
        vmax_t = max(vmax_{t-1}, v_t)                     (if amsgrad; use vmax_t for v_t below)
        theta_t = theta_{t-1} - gamma / (1 - beta1**t) * m_t / (sqrt(v_t) / sqrt(1 - beta2**t) + eps)

    which is :math:`\theta_t = \theta_{t-1} - \gamma\,\hat m_t / (\sqrt{\hat v_t} + \epsilon)`
    with the bias-corrected moments :math:`\hat m_t = m_t / (1-\beta_1^t)`,
    :math:`\hat v_t = v_t / (1 - \beta_2^t)`.

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
        Parameters to optimize, or parameter-group dicts.
    lr : float, default 1e-3
        Learning rate :math:`\gamma` (>= 0).
    betas : Tuple[float, float], default (0.9, 0.999)
        Decay rates of the first and second moment averages, each in [0, 1).
    eps : float, default 1e-8
        Added to the denominator for numerical stability (>= 0).
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, added to the gradient (>= 0).
    amsgrad : bool, default False
        Use the maximum of all :math:`v_t` so far (Reddi et al., 2018).
    maximize : bool, default False
        Maximize the objective instead of minimizing it.
    decoupled_weight_decay : bool, default False
        Decay the parameters directly, as :class:`AdamW` does, instead of
        adding ``weight_decay * theta`` to the gradient.
    foreach, fused, capturable, differentiable : optional
        PyTorch's choices of implementation; mygrad has one, so they are
        accepted and change nothing (``differentiable=True`` raises
        ``NotImplementedError``).

    State
    -----
    ``step`` (int), ``exp_avg`` (:math:`m_t`), ``exp_avg_sq`` (:math:`v_t`),
    and ``max_exp_avg_sq`` with amsgrad.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import Adam
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = Adam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()              # the first Adam step moves each entry by ~lr
    >>> w
    Tensor([ 0.9, -1.9])
    """

    decoupled_weight_decay = False

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: Tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: Optional[bool] = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: Optional[bool] = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        opt.implementation_flags(
            type(self).__name__, foreach=foreach, capturable=capturable, differentiable=differentiable, fused=fused
        )
        if opt.flag(type(self).__name__, "decoupled_weight_decay", decoupled_weight_decay):
            self.decoupled_weight_decay = True  # AdamW's update (PyTorch's Adam option of that name)
        defaults = dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize
        )
        super().__init__(params, defaults)

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        owner = type(self).__name__
        betas = group["betas"] = tuple(float(beta) for beta in group["betas"])  # (a pair of reals: checked above)
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"{owner}: Invalid beta parameter at index {i}: betas[{i}] must be in [0, 1); "
                                 f"got betas={betas}")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
        if group["amsgrad"] and "max_exp_avg_sq" not in state:  # (also when amsgrad is switched on mid-run)
            state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        arrays = [param, grad, state["exp_avg"], state["exp_avg_sq"]]
        if group["amsgrad"]:
            arrays.append(state["max_exp_avg_sq"])
        for blocks in row_blocks(*arrays):
            self._update_block(*blocks, t=state["step"], group=group)

    def _update_block(self, p: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray,
                      v_max: Optional[np.ndarray] = None, *, t: int, group: Dict[str, Any]) -> None:
        """One block of step ``t``: ``p`` and the moments ``m``, ``v`` (and ``v_max``) in place."""
        lr, weight_decay, maximize = float(group["lr"]), float(group["weight_decay"]), bool(group["maximize"])
        beta1, beta2 = (float(b) for b in group["betas"])
        if self.decoupled_weight_decay:
            if weight_decay:
                p *= 1.0 - lr * weight_decay  # theta <- theta (1 - gamma lambda)
            weight_decay = 0.0
        if weight_decay or maximize:
            g = regularized(p, g, weight_decay, maximize, out=self.scratch(p, 2))
        work = self.scratch(p, 1)

        m *= beta1  # m_t = beta1 m_{t-1} + (1 - beta1) g_t
        np.multiply(g, 1.0 - beta1, out=work)
        m += work
        v *= beta2  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
        np.multiply(g, g, out=work)
        work *= 1.0 - beta2
        v += work
        if v_max is not None:
            v = np.maximum(v_max, v, out=v_max)

        denom = work  # sqrt(v_t) / sqrt(1 - beta2^t) + eps
        np.sqrt(v, out=denom)
        denom /= math.sqrt(1.0 - beta2**t)
        denom += float(group["eps"])
        np.divide(m, denom, out=work)
        work *= lr / (1.0 - beta1**t)
        p -= work


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as ``torch.optim.AdamW``.

    Identical to :class:`Adam` except that weight decay shrinks the
    parameters directly instead of being added to the gradient (so it is not
    rescaled by the adaptive denominator)::

        theta_{t-1} <- theta_{t-1} * (1 - gamma * lambda)
        ... then the Adam step with weight_decay = 0.

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
        Parameters to optimize, or parameter-group dicts.
    lr : float, default 1e-3
        Learning rate :math:`\gamma` (>= 0).
    betas : Tuple[float, float], default (0.9, 0.999)
        Decay rates of the first and second moment averages, each in [0, 1).
    eps : float, default 1e-8
        Added to the denominator for numerical stability (>= 0).
    weight_decay : float, default 1e-2
        Decoupled decay rate :math:`\lambda` (>= 0).
    amsgrad : bool, default False
        Use the maximum of all second-moment averages so far.
    maximize : bool, default False
        Maximize the objective instead of minimizing it.
    foreach, fused, capturable, differentiable : optional
        PyTorch's choices of implementation; mygrad has one, so they are
        accepted and change nothing (``differentiable=True`` raises
        ``NotImplementedError``).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import AdamW
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> (w * w).sum().backward()
    >>> opt.step()              # w (1 - 0.05), then the Adam step of ~lr
    >>> w
    Tensor([ 0.85, -1.8 ])
    """

    decoupled_weight_decay = True

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: Tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: Optional[bool] = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: Optional[bool] = None,
    ) -> None:
        opt.implementation_flags(
            type(self).__name__, foreach=foreach, capturable=capturable, differentiable=differentiable, fused=fused
        )
        super().__init__(
            params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize
        )
