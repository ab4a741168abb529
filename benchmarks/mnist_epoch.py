"""An MNIST training epoch of ``examples/train_mnist.py``: mygrad vs the same model, batch and optimizer in PyTorch.

The model and optimizer are the example's own (``build_model``,
``build_optimizer``: by default the LeNet-style CNN with 5x5 convolutions and
dropout, Adam with lr 1e-3, batch 64); PyTorch gets the same architecture,
starting from the same weights. Both train on the same batches in the same
order - MNIST-style data found where the example looks for it, else (with a
message) synthetic images of MNIST's shape - cut from one shuffled NumPy
array, so no data loader is timed, only the training step (forward, loss,
backward, update). The mygrad step is the example's: it wraps each batch in
``mg.tensor(images, constant=True)``, so, as in PyTorch
(``requires_grad=False``), no gradient is computed for the images.

The two take turns batch by batch (mygrad on batch i, then PyTorch on batch
i), so background load falls on both alike. The report gives the median and
mean time per batch and their ratio. Before timing, one forward pass of each
in eval mode (dropout off) is checked to give the same logits.

BLAS uses one thread by default (``--threads``; PyTorch gets the same count).

    python benchmarks/mnist_epoch.py                 # 200 batches
    python benchmarks/mnist_epoch.py --epoch         # every batch of one epoch (938 at batch 64)
    python benchmarks/mnist_epoch.py --model mlp --optimizer sgd --batches 500
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import _harness

REPO_ROOT = Path(__file__).resolve().parents[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=("cnn", "mlp"), default="cnn")
    parser.add_argument("--optimizer", choices=("adam", "adamw", "sgd"), default="adam")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--batches", type=int, default=200, help="batches to time (default 200)")
    parser.add_argument("--epoch", action="store_true", help="time every batch of one epoch instead")
    parser.add_argument("--warmup", type=int, default=3, help="untimed batches first")
    parser.add_argument("--dataset", choices=("mnist", "fashion-mnist"), default="mnist")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "datasets")
    parser.add_argument("--synthetic", action="store_true", help="use synthetic data even if the real data is there")
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads (default: $OMP_NUM_THREADS, else 1)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


ARGS = parse_args()
THREADS = _harness.set_blas_threads(ARGS.threads)

import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402

import mygrad as mg  # noqa: E402
from mygrad import nn  # noqa: E402
from mygrad.data import DatasetNotFoundError, load_dataset  # noqa: E402

sys.path.insert(0, str(REPO_ROOT / "examples"))
import train_mnist  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

Step = Callable[[np.ndarray, np.ndarray], float]


# ---------------------------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------------------------

def training_images() -> Tuple[np.ndarray, np.ndarray, str]:
    """float32 training images (N, 1, 28, 28), normalised as the example does, their labels, and where from."""
    if not ARGS.synthetic:
        try:
            data = load_dataset(ARGS.dataset, root=ARGS.data_dir, download=False, channels=True)
        except DatasetNotFoundError:
            print(f"{ARGS.dataset} not found (looked where examples/train_mnist.py looks): using synthetic data")
        else:
            x = data.x_train.astype(np.float32) / 255
            return (x - x.mean()) / x.std(), data.y_train, ARGS.dataset
    rng = np.random.default_rng(ARGS.seed)
    x = rng.integers(0, 256, size=(60_000, 1, 28, 28), dtype=np.uint8).astype(np.float32) / 255
    return (x - x.mean()) / x.std(), rng.integers(0, 10, size=60_000), "synthetic (MNIST's shape)"


def batches(x: np.ndarray, y: np.ndarray) -> List[Tuple[np.ndarray, np.ndarray]]:
    """The batches to train on, in one shuffled order (the last, partial batch kept, as the example's loader)."""
    order = np.random.default_rng(ARGS.seed).permutation(len(x))
    size = ARGS.batch_size
    count = -(-len(x) // size) if ARGS.epoch else ARGS.batches + ARGS.warmup
    picks = [order[i * size:(i + 1) * size] for i in range(count)]
    return [(x[p], y[p]) for p in picks if len(p)]


# ---------------------------------------------------------------------------------------------------------------
# the two frameworks
# ---------------------------------------------------------------------------------------------------------------

def mygrad_setup() -> Tuple[nn.Module, Step]:
    mg.random.seed(ARGS.seed)
    model = train_mnist.build_model(ARGS.model)
    optimizer = train_mnist.build_optimizer(ARGS.optimizer, model.parameters(), ARGS.lr)
    loss_fn = nn.CrossEntropyLoss()

    def step(images: np.ndarray, labels: np.ndarray) -> float:  # as train_mnist.train_epoch does it
        loss = loss_fn(model(mg.tensor(images, constant=True)), labels)  # as examples/train_mnist.py
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    return model, step


def torch_model(kind: str):
    """The example's architecture in PyTorch."""
    tnn = torch.nn
    if kind == "cnn":
        return tnn.Sequential(
            tnn.Conv2d(1, 16, kernel_size=5, padding=2), tnn.ReLU(), tnn.MaxPool2d(2),
            tnn.Conv2d(16, 32, kernel_size=5, padding=2), tnn.ReLU(), tnn.MaxPool2d(2),
            tnn.Flatten(), tnn.Linear(32 * 7 * 7, 128), tnn.ReLU(), tnn.Dropout(0.25), tnn.Linear(128, 10),
        )
    return tnn.Sequential(
        tnn.Flatten(), tnn.Linear(28 * 28, 512), tnn.ReLU(), tnn.Dropout(0.2),
        tnn.Linear(512, 256), tnn.ReLU(), tnn.Dropout(0.2), tnn.Linear(256, 10),
    )


def torch_setup(weights: List[np.ndarray]):
    model = torch_model(ARGS.model)
    with torch.no_grad():
        for p, value in zip(model.parameters(), weights, strict=True):
            p.copy_(torch.from_numpy(value))
    params = model.parameters()
    if ARGS.optimizer == "sgd":
        optimizer = torch.optim.SGD(params, lr=ARGS.lr, momentum=0.9, nesterov=True)
    else:
        optimizer = (torch.optim.AdamW if ARGS.optimizer == "adamw" else torch.optim.Adam)(params, lr=ARGS.lr)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step(images: np.ndarray, labels: np.ndarray) -> float:
        loss = loss_fn(model(torch.from_numpy(images)), torch.from_numpy(labels.astype(np.int64)))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    return model, step


def check_same_logits(model: nn.Module, tmodel, images: np.ndarray) -> None:
    """Eval-mode forward passes (dropout off) of the two models agree."""
    model.eval()
    tmodel.eval()
    with mg.no_autodiff:
        ours = model(mg.tensor(images)).data
    with torch.no_grad():
        theirs = tmodel(torch.from_numpy(images)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4, err_msg="the two models' logits differ")
    model.train()
    tmodel.train()


# ---------------------------------------------------------------------------------------------------------------
# timing
# ---------------------------------------------------------------------------------------------------------------

def run(steps: Dict[str, Step], data: List[Tuple[np.ndarray, np.ndarray]]) -> Dict[str, Dict[str, float]]:
    """Each batch through every framework in turn; per framework: per-batch times (after warm-up) and losses."""
    seconds: Dict[str, List[float]] = {name: [] for name in steps}
    losses: Dict[str, List[float]] = {name: [] for name in steps}
    for i, (images, labels) in enumerate(tqdm(data, desc="batches", unit="batch")):
        for name, step in steps.items():
            start = time.perf_counter()
            losses[name].append(step(images, labels))
            if i >= ARGS.warmup:
                seconds[name].append(time.perf_counter() - start)
    return {name: {"median": statistics.median(seconds[name]), "mean": statistics.fmean(seconds[name]),
                   "total": sum(seconds[name]), "first loss": float(np.mean(losses[name][:20])),
                   "last loss": float(np.mean(losses[name][-20:]))} for name in steps}


def main() -> None:
    use_torch = torch is not None
    if use_torch:
        torch.set_num_threads(THREADS)
        torch.manual_seed(ARGS.seed)
    x, y, source = training_images()
    data = batches(x, y)
    model, step = mygrad_setup()
    steps: Dict[str, Step] = {"mygrad": step}
    if use_torch:
        tmodel, steps["torch"] = torch_setup([p.data for p in model.parameters()])
        check_same_logits(model, tmodel, data[0][0])
    else:
        print("PyTorch is not installed: timing mygrad alone")

    timed = len(data) - ARGS.warmup
    print(f"mnist epoch: examples/train_mnist.py's {ARGS.model}, {ARGS.optimizer} (lr {ARGS.lr}), batch "
          f"{ARGS.batch_size}; data: {source}; {timed} timed batches after {ARGS.warmup} warm-up")
    print(_harness.machine_line(THREADS, [np, mg] + ([torch] if use_torch else [])))
    results = run(steps, data)
    print(f"\n  {'framework':<10}{'median ms':>11}{'mean ms':>10}{'total s':>9}{'loss: first 20':>16}{'last 20':>9}")
    for name, r in results.items():
        print(f"  {name:<10}{r['median'] * 1e3:>11.2f}{r['mean'] * 1e3:>10.2f}{r['total']:>9.2f}"
              f"{r['first loss']:>16.4f}{r['last loss']:>9.4f}")
    if use_torch:
        ours, theirs = results["mygrad"], results["torch"]
        print(f"  mygrad / torch: {ours['median'] / theirs['median']:.2f}x per batch (median), "
              f"{ours['total'] / theirs['total']:.2f}x in total")


if __name__ == "__main__":
    main()
