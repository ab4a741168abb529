"""Relatives of Adam - Adamax, NAdam, RAdam - and Adadelta, with PyTorch's update rules.

Each update is written once per parameter, as the formulas in its docstring
read (``torch.optim``'s single-tensor forms); ``maximize`` and L2
``weight_decay`` enter the gradient through :meth:`Optimizer.gradient`.
"""

from __future__ import annotations

import math
from typing import Any, Dict, Optional, Tuple

import numpy as np

from mygrad.optim import _options as opt
from mygrad.optim.optimizer import Optimizer, ParamsT

__all__ = ["Adamax", "NAdam", "RAdam", "Adadelta"]


def _check_betas(owner: str, group: Dict[str, Any]) -> None:
    betas = group["betas"] = tuple(float(beta) for beta in group["betas"])
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"{owner}: Invalid beta parameter at index {i}: betas[{i}] must be in [0, 1); "
                             f"got betas={betas}")


class Adamax(Optimizer):
    r"""Adamax (Kingma & Ba, 2015): Adam with the infinity norm, as ``torch.optim.Adamax``.

    Each step (:math:`t = 1, 2, \dots`), with ``g`` the (L2-penalised, sign-corrected) gradient::

        m_t = beta1 m_{t-1} + (1 - beta1) g
        u_t = max(beta2 u_{t-1}, |g| + eps)
        theta_t = theta_{t-1} - lr / (1 - beta1^t) * m_t / u_t

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
    lr : float, default 2e-3
    betas : Tuple[float, float], default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
        L2 penalty, added to the gradient.
    maximize : bool, default False
    foreach, capturable, differentiable : optional
        PyTorch's choices of implementation; accepted and ignored (``differentiable=True`` raises).

    State
    -----
    ``step``, ``exp_avg`` (:math:`m_t`) and ``exp_inf`` (:math:`u_t`).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import Adamax
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = Adamax([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()                  # the first step moves each coordinate by about lr
    >>> w.data.round(4)
    array([ 0.9, -1.9])
    """

    def __init__(self, params: ParamsT, lr: float = 2e-3, betas: Tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, foreach: Optional[bool] = None, *,
                 maximize: bool = False, differentiable: bool = False, capturable: bool = False) -> None:
        opt.implementation_flags(type(self).__name__, foreach=foreach, differentiable=differentiable,
                                 capturable=capturable)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize))

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        _check_betas(type(self).__name__, group)

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state.update(step=0, exp_avg=np.zeros_like(param), exp_inf=np.zeros_like(param))
        state["step"] = t = state["step"] + 1
        beta1, beta2 = group["betas"]
        g = self.gradient(param, grad, group)
        m, u = state["exp_avg"], state["exp_inf"]
        m *= beta1
        m += (1.0 - beta1) * g
        np.maximum(u * beta2, np.abs(g) + float(group["eps"]), out=u)
        param -= (float(group["lr"]) / (1.0 - beta1 ** t)) * m / u


class NAdam(Optimizer):
    r"""Adam with Nesterov momentum (Dozat, 2016), as ``torch.optim.NAdam``.

    With the momentum schedule :math:`\mu_t = \beta_1 (1 - 0.5 \cdot 0.96^{t \psi})`
    (``psi = momentum_decay``) and :math:`\Pi_t = \prod_{i \le t} \mu_i`, each step::

        m_t = beta1 m_{t-1} + (1 - beta1) g;   v_t = beta2 v_{t-1} + (1 - beta2) g^2
        d = sqrt(v_t / (1 - beta2^t)) + eps
        theta_t = theta_{t-1} - lr (1 - mu_t) / (1 - Pi_t) g / d - lr mu_{t+1} / (1 - Pi_t mu_{t+1}) m_t / d

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
    lr : float, default 2e-3
    betas : Tuple[float, float], default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    momentum_decay : float, default 4e-3
    decoupled_weight_decay : bool, default False
        Decay the parameters directly (``theta *= 1 - lr * weight_decay``), as AdamW, instead of
        adding ``weight_decay * theta`` to the gradient.
    maximize : bool, default False
    foreach, capturable, differentiable : optional
        Accepted and ignored (``differentiable=True`` raises).

    State
    -----
    ``step``, ``mu_product`` (:math:`\Pi_t`), ``exp_avg`` and ``exp_avg_sq``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import NAdam
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = NAdam([w], lr=0.1)
    >>> for _ in range(3):
    ...     opt.zero_grad()
    ...     (w * w).sum().backward()
    ...     opt.step()
    >>> bool(abs(w.data[0]) < 1.0 and abs(w.data[1]) < 2.0)
    True
    """

    def __init__(self, params: ParamsT, lr: float = 2e-3, betas: Tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: Optional[bool] = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False) -> None:
        opt.implementation_flags(type(self).__name__, foreach=foreach, differentiable=differentiable,
                                 capturable=capturable)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize))

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        _check_betas(type(self).__name__, group)
        opt.check_nonnegative(group, "momentum_decay")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state.update(step=0, mu_product=1.0, exp_avg=np.zeros_like(param), exp_avg_sq=np.zeros_like(param))
        state["step"] = t = state["step"] + 1
        lr, (beta1, beta2), psi = float(group["lr"]), group["betas"], float(group["momentum_decay"])
        g = _decayed_gradient(self, param, grad, group)
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        state["mu_product"] = mu_product = state["mu_product"] * mu
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m *= beta1
        m += (1.0 - beta1) * g
        v *= beta2
        v += (1.0 - beta2) * g * g
        denom = np.sqrt(v / (1.0 - beta2 ** t)) + float(group["eps"])
        param -= (lr * (1.0 - mu) / (1.0 - mu_product)) * g / denom
        param -= (lr * mu_next / (1.0 - mu_product * mu_next)) * m / denom


class RAdam(Optimizer):
    r"""Rectified Adam (Liu et al., 2020), as ``torch.optim.RAdam``.

    Adam whose adaptive step is switched on only once the variance of the adaptive learning rate is
    tractable: with :math:`\rho_\infty = 2 / (1 - \beta_2) - 1` and
    :math:`\rho_t = \rho_\infty - 2 t \beta_2^t / (1 - \beta_2^t)`, each step::

        m_t, v_t as in Adam;  m_hat = m_t / (1 - beta1^t)
        if rho_t > 5:  theta -= lr * m_hat * r_t * sqrt(1 - beta2^t) / (sqrt(v_t) + eps)
                       with r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
        else:          theta -= lr * m_hat                       (SGD with momentum)

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
    lr : float, default 1e-3
    betas : Tuple[float, float], default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    decoupled_weight_decay : bool, default False
        Decay the parameters directly, as AdamW.
    maximize : bool, default False
    foreach, capturable, differentiable : optional
        Accepted and ignored (``differentiable=True`` raises).

    State
    -----
    ``step``, ``exp_avg`` and ``exp_avg_sq``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import RAdam
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = RAdam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()                  # rho_1 <= 5: the first steps are plain momentum steps, lr * m_hat = lr * g
    >>> w.data.round(4)
    array([ 0.8, -1.6])
    """

    def __init__(self, params: ParamsT, lr: float = 1e-3, betas: Tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, decoupled_weight_decay: bool = False, *,
                 foreach: Optional[bool] = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        opt.implementation_flags(type(self).__name__, foreach=foreach, differentiable=differentiable,
                                 capturable=capturable)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      decoupled_weight_decay=decoupled_weight_decay, maximize=maximize))

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        _check_betas(type(self).__name__, group)

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state.update(step=0, exp_avg=np.zeros_like(param), exp_avg_sq=np.zeros_like(param))
        state["step"] = t = state["step"] + 1
        lr, (beta1, beta2) = float(group["lr"]), group["betas"]
        g = _decayed_gradient(self, param, grad, group)
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m *= beta1
        m += (1.0 - beta1) * g
        v *= beta2
        v += (1.0 - beta2) * g * g
        correction2 = 1.0 - beta2 ** t
        m_hat = m / (1.0 - beta1 ** t)
        rho_inf = 2.0 / (1.0 - beta2) - 1.0
        rho_t = rho_inf - 2.0 * t * beta2 ** t / correction2
        if rho_t > 5.0:
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            param -= m_hat * lr * (math.sqrt(correction2) / (np.sqrt(v) + float(group["eps"]))) * rect
        else:
            param -= m_hat * lr


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012), as ``torch.optim.Adadelta``.

    Each step, with ``g`` the (L2-penalised, sign-corrected) gradient::

        s_t = rho s_{t-1} + (1 - rho) g^2
        delta = sqrt(a_{t-1} + eps) / sqrt(s_t + eps) * g
        a_t = rho a_{t-1} + (1 - rho) delta^2
        theta_t = theta_{t-1} - lr * delta

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
    lr : float, default 1.0
    rho : float, default 0.9
        In [0, 1].
    eps : float, default 1e-6
    weight_decay : float, default 0
    maximize : bool, default False
    foreach, capturable, differentiable : optional
        Accepted and ignored (``differentiable=True`` raises).

    State
    -----
    ``step``, ``square_avg`` (:math:`s_t`) and ``acc_delta`` (:math:`a_t`).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.optim import Adadelta
    >>> w = mg.tensor([1.0])
    >>> opt = Adadelta([w])
    >>> (w * w).sum().backward()    # g = 2, s = 0.4, delta = sqrt(1e-6 / (0.4 + 1e-6)) * 2
    >>> opt.step()
    >>> w.data.round(5)
    array([0.99684])
    """

    def __init__(self, params: ParamsT, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0.0, foreach: Optional[bool] = None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False) -> None:
        opt.implementation_flags(type(self).__name__, foreach=foreach, differentiable=differentiable,
                                 capturable=capturable)
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize))

    def _check_options(self, group: Dict[str, Any]) -> None:
        super()._check_options(group)
        if not 0.0 <= float(group["rho"]) <= 1.0:
            raise ValueError(f"{type(self).__name__}: Invalid rho value: rho must be in [0, 1]; got {group['rho']}")

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        if not state:
            state.update(step=0, square_avg=np.zeros_like(param), acc_delta=np.zeros_like(param))
        state["step"] += 1
        rho, eps = float(group["rho"]), float(group["eps"])
        g = self.gradient(param, grad, group)
        s, a = state["square_avg"], state["acc_delta"]
        s *= rho
        s += (1.0 - rho) * g * g
        delta = np.sqrt(a + eps) / np.sqrt(s + eps) * g
        a *= rho
        a += (1.0 - rho) * delta * delta
        param -= float(group["lr"]) * delta


def _decayed_gradient(optimizer: Optimizer, param: np.ndarray, grad: np.ndarray, group: Dict[str, Any]) -> np.ndarray:
    """The gradient of NAdam/RAdam's step: weight decay decoupled (the parameter shrunk first) or added as L2."""
    weight_decay = float(group["weight_decay"])
    if group["decoupled_weight_decay"] and weight_decay:
        param *= 1.0 - float(group["lr"]) * weight_decay
        return optimizer.gradient(param, grad, {**group, "weight_decay": 0.0})
    return optimizer.gradient(param, grad, group)
