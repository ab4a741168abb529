"""Independent NumPy implementations of the published update rules.

Each ``reference_*`` function is written from the formula in PyTorch's
documentation (bias-corrected moments, explicit ``if t == 1`` branches, ...),
in a plain functional style: ``theta, state = rule(theta, grad, state, t, **options)``
with float64 arrays and fresh arrays for every quantity. They deliberately
share no code with ``mygrad.optim``.
"""

import numpy as np


def reference_sgd(
    theta, grad, state, t, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False
):
    g = -grad if maximize else grad
    if weight_decay != 0:
        g = g + weight_decay * theta
    if momentum != 0:
        if t > 1:
            b = momentum * state["b"] + (1 - dampening) * g
        else:
            b = g
        state = {"b": b}
        g = g + momentum * b if nesterov else b
    return theta - lr * g, state


def reference_adam(
    theta, grad, state, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, maximize=False,
    decoupled=False,
):
    beta1, beta2 = betas
    if decoupled:
        theta = theta * (1 - lr * weight_decay)
    g = -grad if maximize else grad
    if weight_decay != 0 and not decoupled:
        g = g + weight_decay * theta
    m = beta1 * state.get("m", 0.0) + (1 - beta1) * g
    v = beta2 * state.get("v", 0.0) + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    new_state = {"m": m, "v": v}
    if amsgrad:
        # PyTorch keeps the running max of the raw (not bias-corrected) second moment
        v_max = np.maximum(state.get("v_max", 0.0), v)
        new_state["v_max"] = v_max
        v_hat = v_max / (1 - beta2**t)
    else:
        v_hat = v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), new_state


def reference_adamw(theta, grad, state, t, lr=1e-3, weight_decay=1e-2, **options):
    return reference_adam(theta, grad, state, t, lr=lr, weight_decay=weight_decay, decoupled=True, **options)


def reference_rmsprop(
    theta, grad, state, t, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False, maximize=False
):
    g = -grad if maximize else grad
    if weight_decay != 0:
        g = g + weight_decay * theta
    v = alpha * state.get("v", 0.0) + (1 - alpha) * g**2
    new_state = {"v": v}
    if centered:
        g_avg = alpha * state.get("g_avg", 0.0) + (1 - alpha) * g
        new_state["g_avg"] = g_avg
        denom = np.sqrt(v - g_avg**2) + eps
    else:
        denom = np.sqrt(v) + eps
    if momentum > 0:
        b = momentum * state.get("b", 0.0) + g / denom
        new_state["b"] = b
        return theta - lr * b, new_state
    return theta - lr * g / denom, new_state


def reference_adagrad(
    theta, grad, state, t, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10,
    maximize=False,
):
    g = -grad if maximize else grad
    if weight_decay != 0:
        g = g + weight_decay * theta
    lr_t = lr / (1 + (t - 1) * lr_decay)
    s = state.get("s", initial_accumulator_value) + g * g
    return theta - lr_t * g / (np.sqrt(s) + eps), {"s": s}
