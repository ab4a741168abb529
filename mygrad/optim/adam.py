"""Adam and AdamW: adaptive moment estimation, with L2 or decoupled weight decay."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

import numpy as np

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
    ) -> None:
        defaults = dict(
            lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize
        )
        super().__init__(params, defaults)

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        betas = group["betas"] = tuple(group["betas"])
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas}")
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta} (must be in [0, 1))")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] = t = state["step"] + 1
        lr, weight_decay = float(group["lr"]), float(group["weight_decay"])
        beta1, beta2 = (float(b) for b in group["betas"])
        rule = _AdamRule(
            beta1=beta1, beta2=beta2, eps=float(group["eps"]), maximize=bool(group["maximize"]),
            step_size=lr / (1.0 - beta1**t), root_correction=math.sqrt(1.0 - beta2**t),
            weight_decay=0.0 if self.decoupled_weight_decay else weight_decay,
            decay_factor=1.0 - lr * weight_decay if self.decoupled_weight_decay else 1.0,
        )
        arrays = [param, grad, state["exp_avg"], state["exp_avg_sq"]]
        if group["amsgrad"]:
            arrays.append(state["max_exp_avg_sq"])
        for p, g, m, v, *v_max, work, denom in row_blocks(arrays, self.scratch, 2):
            rule.apply(p, g, m, v, v_max[0] if v_max else None, work, denom)


@dataclass(frozen=True)
class _AdamRule:
    """One step's constants; :meth:`apply` updates one block."""

    beta1: float
    beta2: float
    eps: float
    maximize: bool
    step_size: float  # gamma / (1 - beta1^t)
    root_correction: float  # sqrt(1 - beta2^t)
    weight_decay: float  # L2 penalty added to the gradient (Adam)
    decay_factor: float  # 1 - gamma lambda, shrinking the parameter first (AdamW)

    def apply(self, p: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray, v_max: Optional[np.ndarray],
              work: np.ndarray, denom: np.ndarray) -> None:
        if self.decay_factor != 1.0:
            p *= self.decay_factor  # theta <- theta (1 - gamma lambda)
        g = regularized(p, g, self.weight_decay, self.maximize, out=work)
        m *= self.beta1  # m_t = beta1 m_{t-1} + (1 - beta1) g_t
        np.multiply(g, 1.0 - self.beta1, out=denom)
        m += denom
        v *= self.beta2  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
        np.multiply(g, g, out=denom)
        denom *= 1.0 - self.beta2
        v += denom
        if v_max is not None:
            v = np.maximum(v_max, v, out=v_max)
        np.sqrt(v, out=denom)  # sqrt(v_t) / sqrt(1 - beta2^t) + eps
        denom /= self.root_correction
        denom += self.eps
        np.divide(m, denom, out=work)
        work *= self.step_size
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
    ) -> None:
        super().__init__(
            params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize
        )
