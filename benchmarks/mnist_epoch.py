"""A fraction of one MNIST epoch of ``examples/train_mnist.py``'s CNN: mygrad vs the same model in PyTorch.

The model is ``examples/train_mnist.py``'s ``build_model("cnn")`` (5x5
convolutions 1-16-32 with padding 2, max-pooling, Linear 1568-128-10 with
dropout), trained as that script trains it: Adam (lr 1e-3), softmax
cross-entropy, batch 64, in training mode. PyTorch gets the identical
architecture, initial weights and optimizer. The data is MNIST-shaped
random float32 (the step's cost does not depend on the pixel values), so
nothing has to be downloaded.

Steps alternate between the two frameworks (one step of each per round,
after warm-up), so background load affects both alike. The report gives the
median step time, its ratio to PyTorch's, and the projected time of one
60,000-image epoch (938 steps; data loading and the progress bar excluded).

BLAS uses ONE thread unless ``--threads N`` says otherwise (set before NumPy
is imported; PyTorch gets the same count).

    python benchmarks/mnist_epoch.py [--threads 1] [--steps 40] [--warmup 3]
"""

from __future__ import annotations

import argparse
import os
import sys

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads (default 1)")
    parser.add_argument("--steps", type=int, default=40, help="timed steps per framework")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps per framework first")
    return parser.parse_args()


ARGS = _parse_args()
for _name in _THREAD_VARIABLES:
    os.environ[_name] = str(ARGS.threads)

import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Dict, List  # noqa: E402

import numpy as np  # noqa: E402

import mygrad as mg  # noqa: E402
from mygrad import nn, optim  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
from train_mnist import build_model  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

BATCH, EPOCH_IMAGES, LR = 64, 60_000, 1e-3


def mygrad_step(model: nn.Module, images: np.ndarray, labels: np.ndarray) -> Callable[[], float]:
    loss_fn, opt = nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=LR)
    model.train()

    def step() -> float:
        loss = loss_fn(model(mg.tensor(images, constant=True)), labels)  # as examples/train_mnist.py
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def torch_model(model: nn.Module):
    """The same architecture in PyTorch, starting from ``model``'s weights."""
    tnn = torch.nn
    twin = tnn.Sequential(
        tnn.Conv2d(1, 16, kernel_size=5, padding=2), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Conv2d(16, 32, kernel_size=5, padding=2), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Flatten(), tnn.Linear(32 * 7 * 7, 128), tnn.ReLU(), tnn.Dropout(0.25), tnn.Linear(128, 10),
    )
    with torch.no_grad():
        for ours, theirs in zip(model.parameters(), twin.parameters()):
            theirs.copy_(torch.from_numpy(np.asarray(ours.data)))
    return twin


def torch_step(model, images: np.ndarray, labels: np.ndarray) -> Callable[[], float]:
    x, y = torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))
    loss_fn, opt = torch.nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=LR)
    model.train()

    def step() -> float:
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main() -> None:
    rng = np.random.default_rng(0)
    images = rng.standard_normal((BATCH, 1, 28, 28), dtype=np.float32)
    labels = rng.integers(0, 10, size=BATCH)
    mg.random.seed(0)
    model = build_model("cnn")
    steps: Dict[str, Callable[[], float]] = {}
    if torch is not None:
        torch.set_num_threads(ARGS.threads)
        torch.manual_seed(0)
        steps["torch"] = torch_step(torch_model(model), images, labels)
    steps["mygrad"] = mygrad_step(model, images, labels)
    samples: Dict[str, List[float]] = {name: [] for name in steps}
    for round_ in range(ARGS.warmup + ARGS.steps):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            if round_ >= ARGS.warmup:
                samples[name].append(time.perf_counter() - start)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"train_mnist.py CNN, batch {BATCH}, Adam, float32; {ARGS.threads} BLAS thread(s); median of "
          f"{ARGS.steps} round-robin steps; 1-min load average {load:.2f} on {os.cpu_count()} CPUs")
    print(f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch is not None else ", torch not installed"))
    reference = statistics.median(samples["torch"]) if "torch" in samples else None
    epoch_steps = -(-EPOCH_IMAGES // BATCH)
    print(f"  {'framework':<10}{'ms/step':>9}{'vs torch':>10}{'epoch s':>9}")
    for name, times in samples.items():
        median = statistics.median(times)
        ratio = f"{median / reference:>9.2f}x" if reference else f"{'-':>10}"
        print(f"  {name:<10}{median * 1e3:>9.2f}{ratio}{median * epoch_steps:>9.1f}")


if __name__ == "__main__":
    main()
