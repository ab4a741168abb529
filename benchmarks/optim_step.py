"""Optimizer step cost: ``mygrad.optim`` vs the same update as hand-written NumPy.

One ``step()`` over 1,000,000 float32 parameters in 10 tensors of 100,000,
for SGD with momentum and for Adam. The reference applies exactly the same
arithmetic with in-place NumPy ufuncs on preallocated buffers, with no
optimizer machinery around it, so the ratio measures the optimizer's
overhead: Python bookkeeping per parameter and any extra temporaries.

    python benchmarks/optim_step.py
"""

from __future__ import annotations

import math
import timeit

import numpy as np

import mygrad as mg
from mygrad import optim

N_TENSORS = 10
SIZE = 100_000
REPEATS = 7
NUMBER = 20
LR, MOMENTUM, BETA1, BETA2, EPS = 1e-3, 0.9, 0.9, 0.999, 1e-8


def make_params(seed: int = 0) -> list:
    rng = np.random.default_rng(seed)
    params = [mg.tensor(rng.standard_normal(SIZE, dtype=np.float32)) for _ in range(N_TENSORS)]
    for p in params:
        p.grad = rng.standard_normal(SIZE, dtype=np.float32)
    return params


def numpy_sgd_momentum(datas: list, grads: list, bufs: list, tmp: np.ndarray) -> None:
    for p, g, b in zip(datas, grads, bufs):
        b *= MOMENTUM
        b += g
        np.multiply(b, LR, out=tmp)
        p -= tmp


def numpy_adam(datas: list, grads: list, ms: list, vs: list, tmp: np.ndarray, t: list) -> None:
    t[0] += 1
    bias1, bias2 = 1 - BETA1 ** t[0], math.sqrt(1 - BETA2 ** t[0])
    for p, g, m, v in zip(datas, grads, ms, vs):
        m *= BETA1
        np.multiply(g, 1 - BETA1, out=tmp)
        m += tmp
        v *= BETA2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - BETA2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp /= bias2
        tmp += EPS
        np.divide(m, tmp, out=tmp)
        tmp *= LR / bias1
        p -= tmp


def best_seconds(func) -> float:
    func()  # warm up: state buffers and scratch allocated
    return min(timeit.repeat(func, repeat=REPEATS, number=NUMBER)) / NUMBER


def main() -> None:
    tmp = np.empty(SIZE, np.float32)
    print(f"one step over {N_TENSORS} x {SIZE:,} float32 parameters (best of {REPEATS}x{NUMBER})")
    print(f"{'optimizer':<14}{'mygrad (ms)':>12}{'numpy (ms)':>12}{'ratio':>8}")

    params = make_params()
    sgd = optim.SGD(params, lr=LR, momentum=MOMENTUM)
    datas, grads = [p.data.copy() for p in params], [p.grad for p in params]
    bufs = [g.copy() for g in grads]
    ours, ref = best_seconds(sgd.step), best_seconds(lambda: numpy_sgd_momentum(datas, grads, bufs, tmp))
    print(f"{'SGD momentum':<14}{ours * 1e3:>12.3f}{ref * 1e3:>12.3f}{ours / ref:>8.2f}")

    params = make_params()
    adam = optim.Adam(params, lr=LR, betas=(BETA1, BETA2), eps=EPS)
    datas, grads = [p.data.copy() for p in params], [p.grad for p in params]
    ms, vs, t = [np.zeros_like(d) for d in datas], [np.zeros_like(d) for d in datas], [0]
    ours, ref = best_seconds(adam.step), best_seconds(lambda: numpy_adam(datas, grads, ms, vs, tmp, t))
    print(f"{'Adam':<14}{ours * 1e3:>12.3f}{ref * 1e3:>12.3f}{ours / ref:>8.2f}")
    assert all(p.dtype == np.float32 for p in params)


if __name__ == "__main__":
    main()
