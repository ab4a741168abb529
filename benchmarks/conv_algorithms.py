"""Which convolution algorithm is fastest for which shape: the measurements behind ``choose_algorithm``.

For each convolution shape, every algorithm that applies (``im2col``,
``winograd2``, ``winograd4``; see ``mygrad/nn/functional/conv.py``) runs a
forward pass and the three gradients (input, weight, bias) on float32 data
laid out as a network hands it over (batch-last, see
``mygrad/nn/functional/batch_last.py``). The algorithms are timed
round-robin (one run of each per round, after warm-up), so background load
affects all alike; the table gives each one's median time as a ratio to
im2col's (below 1.00 = faster than im2col), the algorithm ``"auto"`` picks,
and each algorithm's largest error against a float64 im2col, relative to the
largest output (or gradient) magnitude.

With ``--data mnist`` the example networks' shapes run on what they meet in
training instead of random numbers: real MNIST images (normalised as
``examples/train_mnist.py`` does) for the first convolutions, and for the
second ones what the example's first layer (convolution with mygrad's
default initialisation, ReLU, 2x2 max-pooling) makes of them - exact-zero
backgrounds and constant planes, whose repeated windows Winograd finds and
recomputes exactly (``mygrad/nn/functional/repeated_windows.py``), a cost
that random data hides.

With ``--fft`` the table also has an FFT convolution's forward pass alone
(written here, not part of mygrad): if its forward is already slower than a
whole forward+backward of the best algorithm, it cannot win.

BLAS uses ONE thread unless ``--threads N`` says otherwise (set before
NumPy is imported, as in ``train_step.py``).

    python benchmarks/conv_algorithms.py [--threads 1] [--rounds 9] [--quick] [--fft]
    python benchmarks/conv_algorithms.py --quick --data mnist --data-dir ../shared/datasets
"""

from __future__ import annotations

import argparse
import os
import sys

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (default 1)")
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds per shape")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds per shape first")
    parser.add_argument("--quick", action="store_true", help="only the shapes of the two example networks")
    parser.add_argument("--fft", action="store_true", help="also time an FFT forward pass")
    parser.add_argument("--data", choices=("random", "mnist"), default="random",
                        help="the example shapes' inputs: random, or real MNIST through the example's first layer")
    parser.add_argument("--data-dir", default=None, help="where MNIST is (default: where the examples look)")
    return parser.parse_args()


ARGS = _parse_args()
for _name in _THREAD_VARIABLES:
    os.environ[_name] = str(ARGS.threads)
if "numpy" in sys.modules:
    print("warning: NumPy was imported before the thread count was set", file=sys.stderr)

import statistics  # noqa: E402
import time  # noqa: E402
from functools import lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Dict, List, Tuple  # noqa: E402

import numpy as np  # noqa: E402

from mygrad.nn.functional.conv import ALGORITHMS, _algorithm, choose_algorithm  # noqa: E402

# (name, N, C, F, H=W, kernel, padding)
EXAMPLE_SHAPES = [
    ("train_step conv1", 64, 1, 32, 28, 3, 0),
    ("train_step conv2", 64, 32, 64, 13, 3, 0),
    ("train_mnist conv1", 64, 1, 16, 28, 5, 2),
    ("train_mnist conv2", 64, 16, 32, 14, 5, 2),
]
GRID_SHAPES = [
    ("grid", n, c, c, s, k, k // 2)
    for k in (3, 5)
    for n in (8, 64)
    for c in (3, 8, 16, 32, 64, 128)
    for s in (7, 14, 28)
    if n * c * s * s <= 2 ** 20  # keep im2col's matrix (and each run) moderate
]


def batch_last_array(rng: np.random.Generator, shape: Tuple[int, ...]) -> np.ndarray:
    """Random float32 of logical ``shape`` (N, C, *S), stored batch-last as a network would hand it over."""
    a = rng.standard_normal((*shape[1:], shape[0]), dtype=np.float32)
    return np.moveaxis(a, -1, 0)


@lru_cache(maxsize=None)
def mnist_images(n: int) -> np.ndarray:
    """The first ``n`` MNIST training images, float32 (N, 1, 28, 28), normalised as ``examples/train_mnist.py``."""
    from mygrad.data import load_dataset

    root = Path(ARGS.data_dir) if ARGS.data_dir else Path(__file__).resolve().parents[1] / "datasets"
    x = load_dataset("mnist", root=root, download=False, channels=True).x_train.astype(np.float32) / 255
    return ((x - x.mean()) / x.std())[:n]


def mnist_input(n: int, c: int, s: int, k: int, p: int) -> np.ndarray:
    """An example shape's input on MNIST: the images (C=1), or the example's first layer applied to them
    (convolution to ``c`` channels with the same kernel and padding, default initialisation, ReLU, 2x2
    max-pooling; batch-last, as that layer hands it over)."""
    import mygrad as mg
    from mygrad import nn

    images = mnist_images(n)
    if c == 1:
        return images
    mg.random.seed(0)
    first = nn.Sequential(nn.Conv2d(1, c, k, padding=p), nn.ReLU(), nn.MaxPool2d(2))
    with mg.no_autodiff:
        x = first(mg.tensor(images)).data
    assert x.shape == (n, c, s, s), x.shape
    return x


def run_once(name: str, x: np.ndarray, w: np.ndarray, b: np.ndarray, pads, grad: np.ndarray):
    """Forward and the three gradients with algorithm ``name``; returns them."""
    alg = _algorithm(name, x.shape, w.shape, (1, 1), pads, (1, 1), 1)
    out = alg.forward(x, w, b)
    return out, alg.input_grad(grad), alg.weight_grad(grad), alg.bias_grad(grad)


def fft_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, pads) -> np.ndarray:
    """A plain FFT convolution plus bias (forward only): per frequency, a complex (F, C) @ (C, N) product."""
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    (top, bottom), (left, right) = pads
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    size = xp.shape[2:]
    xf = np.fft.rfft2(xp, s=size)  # (N, C, Hp, Wp//2+1)
    wf = np.fft.rfft2(w[:, :, ::-1, ::-1], s=size)  # flipped: correlation as convolution
    prod = np.matmul(wf.transpose(2, 3, 0, 1), xf.transpose(2, 3, 1, 0))  # (Hp, Wf, F, N)
    out = np.fft.irfft2(prod.transpose(3, 2, 0, 1), s=size)
    return (out[:, :, kh - 1:, kw - 1:] + b.reshape(f, 1, 1)).astype(np.float32)


def relative_error(ours, reference) -> float:
    scale = max(float(np.abs(reference).max()), 1e-30)
    return float(np.abs(np.asarray(ours, dtype=np.float64) - reference).max()) / scale


def measure(shape) -> Dict[str, Tuple[float, float]]:
    """{algorithm: (median seconds, worst relative error)} for one shape."""
    label, n, c, f, s, k, p = shape
    rng = np.random.default_rng(0)
    x = batch_last_array(rng, (n, c, s, s))
    if ARGS.data == "mnist" and label != "grid":
        x = mnist_input(n, c, s, k, p)
    w = (rng.standard_normal((f, c, k, k), dtype=np.float32) / np.sqrt(c * k * k)).astype(np.float32)
    b = rng.standard_normal(f, dtype=np.float32)
    pads = ((p, p), (p, p))
    out_side = s + 2 * p - k + 1
    grad = batch_last_array(rng, (n, f, out_side, out_side))
    exact = run_once("im2col", *(a.astype(np.float64) for a in (x, w, b)), pads, grad.astype(np.float64))
    runs: Dict[str, Callable[[], object]] = {}
    errors: Dict[str, float] = {}
    for name in ALGORITHMS[1:]:
        try:
            results = run_once(name, x, w, b, pads, grad)
        except ValueError:  # this algorithm does not apply to this shape
            continue
        errors[name] = max(relative_error(r, e) for r, e in zip(results, exact))
        runs[name] = (lambda name=name: run_once(name, x, w, b, pads, grad))
    if ARGS.fft:
        errors["fft fwd"] = relative_error(fft_forward(x, w, b, pads), exact[0])
        runs["fft fwd"] = lambda: fft_forward(x, w, b, pads)
    samples: Dict[str, List[float]] = {name: [] for name in runs}
    for round_ in range(ARGS.warmup + ARGS.rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            if round_ >= ARGS.warmup:
                samples[name].append(time.perf_counter() - start)
    return {name: (statistics.median(samples[name]), errors[name]) for name in runs}


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"conv algorithms: float32 forward + input/weight/bias gradients; {ARGS.threads} BLAS thread(s); "
          f"median of {ARGS.rounds} round-robin runs; {ARGS.data} data; numpy {np.__version__}; "
          f"1-min load average {load:.2f} on {os.cpu_count()} CPUs")
    names = list(ALGORITHMS[1:]) + (["fft fwd"] if ARGS.fft else [])
    header = f"{'shape':<20}{'N':>4}{'C':>5}{'F':>5}{'HxW':>6}{'k':>3}{'p':>3}{'im2col ms':>11}"
    header += "".join(f"{name:>11}" for name in names[1:]) + f"{'auto':>11}  max rel. error"
    print(header)
    for shape in EXAMPLE_SHAPES + ([] if ARGS.quick else GRID_SHAPES):
        label, n, c, f, s, k, p = shape
        result = measure(shape)
        base = result["im2col"][0]
        row = f"{label:<20}{n:>4}{c:>5}{f:>5}{s:>6}{k:>3}{p:>3}{base * 1e3:>11.2f}"
        row += "".join(f"{result[name][0] / base:>10.2f}x" if name in result else f"{'-':>11}" for name in names[1:])
        auto = choose_algorithm((n, c, s, s), (f, c, k, k), (1, 1), (1, 1), 1)
        row += f"{auto:>11}  " + " ".join(f"{name} {err:.1e}" for name, (_, err) in result.items())
        print(row, flush=True)


if __name__ == "__main__":
    main()
