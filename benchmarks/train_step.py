"""One training step (forward, backward, SGD update): mygrad vs hand-written NumPy (and PyTorch).

Two float32 models, softmax cross-entropy (mean) on a fixed random batch,
plain SGD ``p -= 0.01 * grad``:

* MLP: Linear(784, 512)-ReLU-Linear(512, 256)-ReLU-Linear(256, 10), batch 128;
* CNN: Conv2d(1, 32, 3)-ReLU-MaxPool2-Conv2d(32, 64, 3)-ReLU-MaxPool2-Flatten-
  Linear(1600, 128)-ReLU-Linear(128, 10), batch 64, 28x28 inputs.

The NumPy reference is what a skilled NumPy programmer would write by hand
for these two fixed networks: channels-last activations, im2col through
``sliding_window_view`` and one matrix product per convolution, col2im as
one strided add per kernel offset, 2x2 max-pooling by reshaping, a fused
softmax cross-entropy gradient, and in-place updates. It starts from the
mygrad model's own initial parameters, and before anything is timed the
script checks that one NumPy step and one mygrad step (and one PyTorch step)
give the same loss and the same updated parameters, so all three do the
same arithmetic.

Steps are timed round-robin (one step of each implementation per round,
after warm-up rounds), so background load affects all of them alike; the
median per implementation is reported, with its ratio to NumPy.

BLAS uses ONE thread by default: the script sets ``OMP_NUM_THREADS``,
``OPENBLAS_NUM_THREADS`` and ``MKL_NUM_THREADS`` before importing NumPy, and
gives PyTorch the same count. ``--threads N`` changes it (variables already
set in the environment are respected when ``--threads`` is not given).

    python benchmarks/train_step.py [--threads 1] [--rounds 30] [--warmup 3] [--no-torch] [--profile]
"""

from __future__ import annotations

import argparse
import os
import sys

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS/OpenMP threads for NumPy and PyTorch (default: $OMP_NUM_THREADS, else 1)")
    parser.add_argument("--rounds", type=int, default=30, help="timed steps per implementation")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps per implementation first")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    parser.add_argument("--model", choices=("mlp", "cnn", "both"), default="both")
    parser.add_argument("--profile", action="store_true",
                        help="also print where a mygrad step spends its time (cProfile, by own time)")
    return parser.parse_args()


ARGS = _parse_args()
if ARGS.threads is not None:
    for _name in _THREAD_VARIABLES:
        os.environ[_name] = str(ARGS.threads)
else:
    for _name in _THREAD_VARIABLES:
        os.environ.setdefault(_name, os.environ.get("OMP_NUM_THREADS", "1"))
THREADS = int(os.environ["OPENBLAS_NUM_THREADS"])
if "numpy" in sys.modules:
    print("warning: NumPy was imported before the thread count was set; BLAS may use more threads", file=sys.stderr)

import statistics  # noqa: E402
import time  # noqa: E402
from typing import Callable, Dict, List, Optional, Tuple  # noqa: E402

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

import mygrad as mg  # noqa: E402
from mygrad import nn, optim  # noqa: E402

try:
    import torch
except ImportError:  # the benchmark works without PyTorch
    torch = None

LR = 0.01
SEED = 0
Params = List[np.ndarray]


# ---------------------------------------------------------------------------------------------------------------
# Hand-written NumPy: the same maths as the mygrad models, forward, backward and update written out.
# Parameters are kept in PyTorch's layout (Linear weight (out, in), Conv weight (F, C, kh, kw)).
# ---------------------------------------------------------------------------------------------------------------

def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> Tuple[float, np.ndarray]:
    """Mean cross-entropy of ``softmax(logits)`` and its gradient ``(softmax - onehot) / N`` (fused)."""
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(total[:, 0]) - shifted[np.arange(n), labels]))
    exp /= total  # softmax
    exp[np.arange(n), labels] -= 1
    exp *= np.float32(1 / n)
    return loss, exp


def sgd_update(params: Params, grads: Params) -> None:
    """``p -= lr * grad`` in place."""
    for p, g in zip(params, grads):
        g *= np.float32(LR)
        p -= g


def numpy_mlp_step(params: Params, x: np.ndarray, labels: np.ndarray) -> float:
    """One SGD step of the MLP; ``params`` = [W1, b1, W2, b2, W3, b3] are updated in place."""
    w1, b1, w2, b2, w3, b3 = params
    a1 = x @ w1.T
    a1 += b1
    np.maximum(a1, 0, out=a1)  # ReLU in place: a1 > 0 exactly where the pre-activation was
    a2 = a1 @ w2.T
    a2 += b2
    np.maximum(a2, 0, out=a2)
    logits = a2 @ w3.T
    logits += b3
    loss, d3 = softmax_cross_entropy(logits, labels)

    dw3, db3 = d3.T @ a2, d3.sum(axis=0)
    d2 = d3 @ w3
    d2 *= a2 > 0  # ReLU'
    dw2, db2 = d2.T @ a1, d2.sum(axis=0)
    d1 = d2 @ w2
    d1 *= a1 > 0
    dw1, db1 = d1.T @ x, d1.sum(axis=0)  # the input is data: no gradient for it
    sgd_update(params, [dw1, db1, dw2, db2, dw3, db3])
    return loss


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Valid 3x3 cross-correlation, channels-last: x (N, H, W, C) -> (N, H-2, W-2, F); returns (out, cols)."""
    n, h, wd, c = x.shape
    f, _, kh, kw = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    windows = sliding_window_view(x, (kh, kw), axis=(1, 2))  # (N, OH, OW, C, kh, kw), no copy
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)  # im2col: the one copy
    w_mat = w.transpose(0, 2, 3, 1).reshape(f, kh * kw * c)  # columns ordered (tap, channel) like cols
    out = cols @ w_mat.T
    out += b
    return out.reshape(n, oh, ow, f), cols


def conv_backward(grad: np.ndarray, cols: np.ndarray, w: np.ndarray, in_shape: Optional[Tuple[int, ...]]):
    """Gradients of :func:`conv_forward` for weight, bias and (if ``in_shape``) input: dW = G^T cols, col2im."""
    n, oh, ow, f = grad.shape
    _, c, kh, kw = w.shape
    g = grad.reshape(-1, f)
    dw = (g.T @ cols).reshape(f, kh, kw, c).transpose(0, 3, 1, 2)
    db = g.sum(axis=0)
    if in_shape is None:
        return dw, db, None
    w_mat = w.transpose(0, 2, 3, 1).reshape(f, kh * kw * c)
    dcols = (g @ w_mat).reshape(n, oh, ow, kh, kw, c)
    dx = np.zeros(in_shape, dtype=grad.dtype)
    for i in range(kh):  # col2im: each kernel offset's block goes back where it was read
        for j in range(kw):
            dx[:, i:i + oh, j:j + ow, :] += dcols[:, :, :, i, j, :]
    return dw, db, dx


def max_pool2(x: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """2x2/stride-2 max-pool of channels-last x (odd last row/column dropped); returns (out, winner mask)."""
    n, h, w, c = x.shape
    blocks = x[:, : h // 2 * 2, : w // 2 * 2].reshape(n, h // 2, 2, w // 2, 2, c)
    out = blocks.max(axis=(2, 4))
    # The mask marks every tap equal to its window's maximum. Ties would split nothing here: they need two equal
    # positive floats (ReLU outputs), or are zeros, whose gradient the ReLU below the pool removes anyway.
    mask = blocks == out[:, :, None, :, None, :]
    return out, mask


def max_pool2_backward(grad: np.ndarray, mask: np.ndarray, in_shape: Tuple[int, ...]) -> np.ndarray:
    """Route each pooled gradient to its window's maximum; dropped rows/columns get zero."""
    n, h, w, c = in_shape
    blocks = np.multiply(mask, grad[:, :, None, :, None, :])  # (N, H/2, 2, W/2, 2, C)
    if h % 2 == 0 and w % 2 == 0:
        return blocks.reshape(in_shape)
    dx = np.zeros(in_shape, dtype=grad.dtype)
    dx[:, : h // 2 * 2, : w // 2 * 2] = blocks.reshape(n, h // 2 * 2, w // 2 * 2, c)
    return dx


def numpy_cnn_step(params: Params, x: np.ndarray, labels: np.ndarray) -> float:
    """One SGD step of the CNN; ``params`` = [K1, c1, K2, c2, W3, b3, W4, b4] are updated in place."""
    k1, c1, k2, c2, w3, b3, w4, b4 = params
    n = x.shape[0]
    x = x.transpose(0, 2, 3, 1)  # channels-last (a view; C = 1)
    h1, cols1 = conv_forward(x, k1, c1)  # (N, 26, 26, 32)
    np.maximum(h1, 0, out=h1)
    p1, mask1 = max_pool2(h1)  # (N, 13, 13, 32)
    h2, cols2 = conv_forward(p1, k2, c2)  # (N, 11, 11, 64)
    np.maximum(h2, 0, out=h2)
    p2, mask2 = max_pool2(h2)  # (N, 5, 5, 64)
    flat = p2.transpose(0, 3, 1, 2).reshape(n, -1)  # Flatten in PyTorch's (C, H, W) order
    a3 = flat @ w3.T
    a3 += b3
    np.maximum(a3, 0, out=a3)
    logits = a3 @ w4.T
    logits += b4
    loss, d4 = softmax_cross_entropy(logits, labels)

    dw4, db4 = d4.T @ a3, d4.sum(axis=0)
    d3 = d4 @ w4
    d3 *= a3 > 0
    dw3, db3 = d3.T @ flat, d3.sum(axis=0)
    dflat = d3 @ w3
    dp2 = dflat.reshape(p2.shape[0], p2.shape[3], *p2.shape[1:3]).transpose(0, 2, 3, 1)
    dh2 = max_pool2_backward(dp2, mask2, h2.shape)
    dh2 *= h2 > 0
    dk2, dc2, dp1 = conv_backward(dh2, cols2, k2, p1.shape)
    dh1 = max_pool2_backward(dp1, mask1, h1.shape)
    dh1 *= h1 > 0
    dk1, dc1, _ = conv_backward(dh1, cols1, k1, None)  # the input is data: no gradient for it
    sgd_update(params, [dk1, dc1, dk2, dc2, dw3, db3, dw4, db4])
    return loss


# ---------------------------------------------------------------------------------------------------------------
# mygrad and PyTorch
# ---------------------------------------------------------------------------------------------------------------

def mygrad_mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))


def mygrad_cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def make_mygrad_step(model: nn.Module, x: np.ndarray, labels: np.ndarray) -> Callable[[], float]:
    loss_fn = nn.CrossEntropyLoss()
    opt = optim.SGD(model.parameters(), lr=LR)

    def step() -> float:
        opt.zero_grad()
        loss = loss_fn(model(x), labels)
        loss.backward()
        opt.step()
        return float(loss.item())

    return step


def torch_model(kind: str, params: Params):
    tnn = torch.nn
    if kind == "mlp":
        model = tnn.Sequential(tnn.Linear(784, 512), tnn.ReLU(), tnn.Linear(512, 256), tnn.ReLU(),
                               tnn.Linear(256, 10))
    else:
        model = tnn.Sequential(
            tnn.Conv2d(1, 32, 3), tnn.ReLU(), tnn.MaxPool2d(2),
            tnn.Conv2d(32, 64, 3), tnn.ReLU(), tnn.MaxPool2d(2),
            tnn.Flatten(), tnn.Linear(1600, 128), tnn.ReLU(), tnn.Linear(128, 10),
        )
    with torch.no_grad():
        for p, value in zip(model.parameters(), params):
            p.copy_(torch.from_numpy(value))
    return model


def make_torch_step(model, x: np.ndarray, labels: np.ndarray) -> Callable[[], float]:
    xt, yt = torch.from_numpy(x), torch.from_numpy(labels.astype(np.int64))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step() -> float:
        opt.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        opt.step()
        return float(loss.item())

    return step


# ---------------------------------------------------------------------------------------------------------------
# check, time, report
# ---------------------------------------------------------------------------------------------------------------

def verify(name: str, step: Callable[[], float], params: Callable[[], Params], initial: Params,
           ref_loss: float, ref_params: Params) -> None:
    """One step of ``step`` must give NumPy's loss, updated parameters and updates (float32 tolerance).

    The updates ``new - initial`` are compared on their own scale too: they are small next to the
    parameters, so comparing the parameters alone could miss a wrong (or missing) gradient.
    """
    loss = step()
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-4, err_msg=f"{name}: loss differs from NumPy's")
    for i, (ours, ref, start) in enumerate(zip(params(), ref_params, initial)):
        what = f"{name}: parameter {i} {ref.shape}"
        np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-6, err_msg=f"{what} differs from NumPy's")
        ref_update = ref - start
        np.testing.assert_allclose(ours - start, ref_update, rtol=1e-3, atol=1e-3 * np.abs(ref_update).max(),
                                   err_msg=f"{what}: its SGD update differs from NumPy's")


def time_round_robin(steps: Dict[str, Callable[[], float]], rounds: int, warmup: int) -> Dict[str, float]:
    """Median seconds per step for each implementation, alternating them step by step."""
    for _ in range(warmup):
        for step in steps.values():
            step()
    samples: Dict[str, List[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) for name, times in samples.items()}


def benchmark(kind: str, use_torch: bool) -> None:
    rng = np.random.default_rng(SEED)
    mg.random.seed(SEED)  # the models' default initialisation, made repeatable
    if kind == "mlp":
        model, batch = mygrad_mlp(), 128
        x = rng.standard_normal((batch, 784), dtype=np.float32)
        numpy_step = numpy_mlp_step
        title = "MLP 784-512-256-10, batch 128"
    else:
        model, batch = mygrad_cnn(), 64
        x = rng.standard_normal((batch, 1, 28, 28), dtype=np.float32)
        numpy_step = numpy_cnn_step
        title = "CNN conv32-pool-conv64-pool-fc128-fc10, batch 64"
    labels = rng.integers(0, 10, size=batch)
    initial = [p.data.copy() for p in model.parameters()]

    np_params = [p.copy() for p in initial]
    ref_loss = numpy_step(np_params, x, labels)
    ref_params = [p.copy() for p in np_params]

    steps: Dict[str, Callable[[], float]] = {}
    steps["numpy"] = lambda: numpy_step(np_params, x, labels)
    steps["mygrad"] = make_mygrad_step(model, x, labels)
    verify("mygrad", steps["mygrad"], lambda: [p.data for p in model.parameters()], initial, ref_loss,
           ref_params)
    if use_torch:
        tmodel = torch_model(kind, initial)
        steps["torch"] = make_torch_step(tmodel, x, labels)
        verify("torch", steps["torch"], lambda: [p.detach().numpy() for p in tmodel.parameters()],
               initial, ref_loss, ref_params)

    medians = time_round_robin(steps, ARGS.rounds, ARGS.warmup)
    print(f"\n{title} (float32; step verified against NumPy: loss {ref_loss:.6f})")
    print(f"  {'implementation':<16}{'median ms':>10}{'vs numpy':>10}")
    for name, seconds in medians.items():
        print(f"  {name:<16}{seconds * 1e3:>10.2f}{seconds / medians['numpy']:>9.2f}x")
    if ARGS.profile:
        profile(steps["mygrad"], ARGS.rounds)


def profile(step: Callable[[], float], rounds: int) -> None:
    """Print the functions where ``rounds`` mygrad steps spend the most time of their own."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [step() for _ in range(rounds)])
    print(f"  mygrad profile ({rounds} steps; tottime excludes called Python functions):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(12)


def main() -> None:
    use_torch = torch is not None and not ARGS.no_torch
    if use_torch:
        torch.set_num_threads(THREADS)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"train step: forward + backward + SGD(lr={LR}); {THREADS} BLAS thread(s); "
          f"median of {ARGS.rounds} round-robin steps after {ARGS.warmup} warm-up; "
          f"1-min load average {load:.2f} on {os.cpu_count()} CPUs")
    print(f"numpy {np.__version__}" + (f", torch {torch.__version__}" if use_torch else ", torch not used"))
    for kind in (("mlp", "cnn") if ARGS.model == "both" else (ARGS.model,)):
        benchmark(kind, use_torch)


if __name__ == "__main__":
    main()
