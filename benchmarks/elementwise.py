"""Large-array elementwise throughput: mygrad vs hand-written NumPy.

A chain of 20 elementwise ops (add, multiply, tanh, sin - five rounds) on
1e6-element float32 arrays, forward and backward. The reference is NumPy
doing the same forward plus a hand-written backward (the chain rule typed
out by hand). At this size the per-op bookkeeping is negligible: the ratio
measures how well mygrad avoids extra temporaries and copies.

PyTorch, when installed, gets the same thread count as BLAS (one by
default; ``--threads N`` changes it): at this size its elementwise kernels
would otherwise spread over every core while NumPy uses one.

    python benchmarks/elementwise.py [--threads 1]
"""

from __future__ import annotations

import argparse
import timeit

import _harness

_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
_parser.add_argument("--threads", type=int, default=None, help="threads (default: $OMP_NUM_THREADS, else 1)")
THREADS = _harness.set_blas_threads(_parser.parse_args().threads)

import numpy as np  # noqa: E402

import mygrad as mg  # noqa: E402

N = 1_000_000
ROUNDS = 5  # 4 ops per round
REPEATS = 7


def numpy_forward_backward(x: np.ndarray, y: np.ndarray) -> tuple:
    saved = []
    a = x
    for _ in range(ROUNDS):
        a = a + y
        b = a * y
        c = np.tanh(b)
        d = np.sin(c)
        saved.append((a, c))
        a = d
    gx = np.ones_like(x)  # d(sum)/d(out)
    gy = np.zeros_like(y)
    for a, c in reversed(saved):
        g = gx * np.cos(c)  # sin
        g *= 1 - c * c  # tanh
        gy += g * a  # multiply: d/dy
        g *= y  # multiply: d/da
        gy += g  # add: d/dy
        gx = g  # add: d/dx
    return gx, gy


def mygrad_forward_backward(x0: np.ndarray, y0: np.ndarray) -> tuple:
    x = mg.Tensor(x0, copy=False)
    y = mg.Tensor(y0, copy=False)
    a = x
    for _ in range(ROUNDS):
        a = mg.sin(mg.tanh((a + y) * y))
    a.backward()
    return x.grad, y.grad


def torch_forward_backward(x0: np.ndarray, y0: np.ndarray):  # pragma: no cover - optional
    import torch

    x = torch.tensor(x0, requires_grad=True)
    y = torch.tensor(y0, requires_grad=True)
    a = x
    for _ in range(ROUNDS):
        a = torch.sin(torch.tanh((a + y) * y))
    a.backward(torch.ones_like(a))
    return x.grad, y.grad


def best(fn, *args) -> float:
    return min(timeit.repeat(lambda: fn(*args), number=1, repeat=REPEATS))


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=N).astype(np.float32)
    y = rng.uniform(0.5, 1.0, size=N).astype(np.float32)

    gx_np, gy_np = numpy_forward_backward(x, y)
    gx_mg, gy_mg = mygrad_forward_backward(x, y)
    assert gx_mg.dtype == np.float32 and gy_mg.dtype == np.float32
    np.testing.assert_allclose(gx_mg, gx_np, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gy_mg, gy_np, rtol=1e-4, atol=1e-4)

    t_np = best(numpy_forward_backward, x, y)
    t_mg = best(mygrad_forward_backward, x, y)
    print(f"{4 * ROUNDS} elementwise ops on {N:,} float32 elements, forward + backward; "
          + _harness.machine_line(THREADS, [np]))
    print(f"  numpy (hand-written backward): {t_np * 1e3:7.1f} ms")
    print(f"  mygrad                       : {t_mg * 1e3:7.1f} ms  ({t_mg / t_np:4.2f}x numpy)")
    try:
        import torch
    except ImportError:
        print("  torch                        : not installed")
    else:
        torch.set_num_threads(THREADS)
        t_th = best(torch_forward_backward, x, y)
        print(f"  torch                        : {t_th * 1e3:7.1f} ms  ({t_th / t_np:4.2f}x numpy)")


if __name__ == "__main__":
    main()
