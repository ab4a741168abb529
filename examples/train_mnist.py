"""Train a digit (or clothing) classifier on MNIST-style data with mygrad.

    python examples/train_mnist.py                          # CNN on MNIST, 3 epochs
    python examples/train_mnist.py --model mlp --epochs 10
    python examples/train_mnist.py --dataset fashion-mnist --epochs 10

Data is looked up in --data-dir (default: datasets/ beside this repository),
then $MYGRAD_DATA, /usr/share/datasets and the user cache; if it is nowhere,
it is downloaded into --data-dir (pass --no-download to forbid that).

Each epoch shows a progress bar with the running loss and accuracy, then the
test loss and accuracy. With --checkpoint PATH the model, optimizer, epoch and
random state are saved atomically after every epoch, and --resume continues
exactly where the saved run stopped. --plot PATH draws the learning curves and
the misclassified test images (needs matplotlib: pip install -e ".[plot]").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
from tqdm import tqdm

import mygrad as mg
from mygrad import nn, optim
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.data import (ChecksumError, DataLoader, DatasetNotFoundError, DownloadError, IDXFormatError, TensorDataset,
                         load_dataset)

REPO_ROOT = Path(__file__).resolve().parents[1]
CLASS_NAMES = {
    "mnist": [str(d) for d in range(10)],
    "fashion-mnist": ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"],
}


# ----------------------------------------------------------------------------- models
def build_model(kind: str) -> nn.Module:
    """The two architectures: a small LeNet-style CNN and a two-hidden-layer MLP."""
    if kind == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=5, padding=2),   # 16 x 28 x 28
            nn.ReLU(),
            nn.MaxPool2d(2),                              # 16 x 14 x 14
            nn.Conv2d(16, 32, kernel_size=5, padding=2),  # 32 x 14 x 14
            nn.ReLU(),
            nn.MaxPool2d(2),                              # 32 x 7 x 7
            nn.Flatten(),
            nn.Linear(32 * 7 * 7, 128),
            nn.ReLU(),
            nn.Dropout(0.25),
            nn.Linear(128, 10),
        )
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(28 * 28, 512),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(512, 256),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(256, 10),
    )


def build_optimizer(name: str, params, lr: float) -> optim.Optimizer:
    if name == "sgd":
        return optim.SGD(params, lr=lr, momentum=0.9, nesterov=True)
    if name == "adamw":
        return optim.AdamW(params, lr=lr)
    return optim.Adam(params, lr=lr)


# ----------------------------------------------------------------------------- data
def load_images(args: argparse.Namespace) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """float32 images (N, 1, 28, 28) normalised with the training set's mean and std."""
    try:
        data = load_dataset(args.dataset, root=args.data_dir, download=not args.no_download, channels=True,
                            mirrors=args.mirror)
    except (DatasetNotFoundError, DownloadError, ChecksumError, IDXFormatError) as error:
        sys.exit(f"error: cannot load {args.dataset}: {error}")
    x_train = data.x_train.astype(np.float32) / 255
    x_test = data.x_test.astype(np.float32) / 255
    mean, std = x_train.mean(), x_train.std()
    return (x_train - mean) / std, data.y_train, (x_test - mean) / std, data.y_test


# ----------------------------------------------------------------------------- training
def train_epoch(model, optimizer, loader, loss_fn, epoch: int, epochs: int, max_steps: Optional[int]) -> Dict:
    """One pass over the training data; returns the mean loss and accuracy."""
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    steps = len(loader) if max_steps is None else min(len(loader), max_steps)
    bar = tqdm(loader, total=steps, desc=f"epoch {epoch}/{epochs}", unit="batch", leave=True)
    for step, (images, labels) in enumerate(bar, start=1):
        logits = model(mg.tensor(images, constant=True))  # data, not a variable: no gradient for the images
        loss = loss_fn(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        total_loss += loss.item() * len(labels)
        correct += int((logits.data.argmax(axis=1) == labels).sum())
        seen += len(labels)
        bar.set_postfix(loss=f"{total_loss / seen:.4f}", acc=f"{correct / seen:.4f}")
        if step == steps:
            break
    bar.close()
    return {"loss": total_loss / seen, "accuracy": correct / seen}


@mg.no_autodiff
def evaluate(model, x: np.ndarray, y: np.ndarray, loss_fn, batch_size: int = 1000) -> Dict:
    """Test loss, accuracy and predictions, in eval mode and without building a graph."""
    model.eval()
    predictions, total_loss = [], 0.0
    for start in range(0, len(x), batch_size):
        logits = model(mg.tensor(x[start:start + batch_size]))
        total_loss += loss_fn(logits, y[start:start + batch_size]).item() * len(logits)
        predictions.append(logits.data.argmax(axis=1))
    predicted = np.concatenate(predictions)
    return {"loss": total_loss / len(x), "accuracy": float((predicted == y).mean()), "predicted": predicted}


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, classes: int = 10) -> np.ndarray:
    """counts[i, j] = how many images of class i were predicted as class j."""
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def format_confusion(counts: np.ndarray, names: List[str]) -> str:
    width = max(6, max(len(n) for n in names) + 1)
    header = " " * width + "".join(f"{n[:width - 1]:>{width}}" for n in names)
    rows = [f"{name[:width - 1]:>{width}}" + "".join(f"{c:>{width}}" for c in row) for name, row in zip(names, counts)]
    return "\n".join(["rows: true class, columns: predicted class", header, *rows])


# ----------------------------------------------------------------------------- checkpoints
def _resume_keys(args: argparse.Namespace) -> Tuple[str, ...]:
    """Settings a resumed run must share with the saved one (the schedule's length depends on --epochs)."""
    keys = ("model", "dataset", "seed", "batch_size", "schedule")
    return keys + ("epochs",) if args.schedule == "cosine" else keys


def save_state(path: Path, model, optimizer, scheduler, epoch: int, history: Dict, args: argparse.Namespace) -> None:
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict() if scheduler is not None else None,
        "epoch": epoch,
        "rng": np.random.get_state(legacy=False),  # NumPy's global state: plain strings, ints, a uint32 array
        "history": history,
        "config": {key: getattr(args, key) for key in _resume_keys(args)},
    }
    save_checkpoint(path, state)


_STATE_KEYS = ("model", "optimizer", "scheduler", "epoch", "rng", "history", "config")


def restore_state(path: Path, model, optimizer, scheduler, args: argparse.Namespace) -> Tuple[int, Dict]:
    """Load ``path`` into the (fresh) model, optimizer and scheduler; exit with one message if it cannot."""
    if not path.is_file():
        sys.exit(f"error: --resume: checkpoint {path} does not exist (run once without --resume to create it)")
    try:
        state = load_checkpoint(path)
    except ValueError as error:
        sys.exit(f"error: --resume: {error}")
    if not isinstance(state, dict) or set(_STATE_KEYS) - set(state) or not isinstance(state["config"], dict):
        found = sorted(state) if isinstance(state, dict) else type(state).__name__
        sys.exit(f"error: --resume: {path} is a mygrad checkpoint but not one written by this script "
                 f"(expected the entries {list(_STATE_KEYS)}; found {found})")
    try:
        return _apply_state(path, state, model, optimizer, scheduler, args)
    except (KeyError, ValueError, TypeError, RuntimeError) as error:
        sys.exit(f"error: --resume: {path} does not fit this run ({type(error).__name__}: {error})")


def _apply_state(path: Path, state: Dict, model, optimizer, scheduler, args: argparse.Namespace) -> Tuple[int, Dict]:
    saved = state["config"]
    if set(saved) != set(_resume_keys(args)):
        sys.exit(f"error: {path} was saved with --schedule {saved.get('schedule')}; resume with the same settings")
    for key in _resume_keys(args):
        if saved[key] != getattr(args, key):
            sys.exit(f"error: {path} was saved with --{key.replace('_', '-')} {saved[key]}, "
                     f"but this run uses {getattr(args, key)}; resume with the same settings")
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    if scheduler is not None:
        scheduler.load_state_dict(state["scheduler"])
    np.random.set_state(state["rng"])
    return int(state["epoch"]), state["history"]


# ----------------------------------------------------------------------------- plotting
def plot_run(path: Path, history: Dict, x_test: np.ndarray, y_test: np.ndarray, predicted: np.ndarray,
             names: List[str]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print('--plot needs matplotlib: pip install -e ".[plot]"  (skipping the plot)')
        return
    fig = plt.figure(figsize=(13, 6), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[1, 1.2])
    ax = left.subplots()
    epochs = np.arange(1, len(history["train_loss"]) + 1)
    ax.plot(epochs, history["train_loss"], "o-", label="train loss")
    ax.plot(epochs, history["test_loss"], "o-", label="test loss")
    ax.set_xlabel("epoch")
    ax.set_xticks(epochs)
    ax.set_ylabel("cross-entropy")
    ax2 = ax.twinx()
    ax2.plot(epochs, history["test_accuracy"], "s--", color="tab:green", label="test accuracy")
    ax2.set_ylabel("test accuracy")
    lines = ax.get_lines() + ax2.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], loc="center right")
    ax.set_title("learning curves")

    wrong = np.flatnonzero(predicted != y_test)
    for k, sub in enumerate(right.subplots(4, 6).ravel()):
        sub.axis("off")
        if k < len(wrong):
            i = wrong[k]
            sub.imshow(x_test[i, 0], cmap="gray")
            sub.set_title(f"{names[y_test[i]]} -> {names[predicted[i]]}", fontsize=9)
    right.suptitle(f"misclassified test images, true -> predicted ({len(wrong)} of {len(y_test)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    print(f"saved the learning curves and misclassified images to {path}")


# ----------------------------------------------------------------------------- main
def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--model", choices=["cnn", "mlp"], default="cnn")
    parser.add_argument("--dataset", choices=["mnist", "fashion-mnist"], default="mnist")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--optimizer", choices=["adam", "adamw", "sgd"], default="adam")
    parser.add_argument("--schedule", choices=["cosine", "none"], default="cosine",
                        help="learning-rate schedule over the epochs (cosine annealing to 0, stepped per epoch)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="an existing data root holding <dataset>/ folders; downloads land here "
                             f"(default: {REPO_ROOT / 'datasets'}, created when needed)")
    parser.add_argument("--mirror", action="append", metavar="URL",
                        help="download from this base URL instead of the built-in mirrors (repeatable; "
                             "default: $MYGRAD_DATA_MIRRORS or the built-in list); checksums are still checked")
    parser.add_argument("--no-download", action="store_true", help="fail instead of downloading missing data")
    parser.add_argument("--checkpoint", type=Path, help="save model/optimizer/RNG state here after each epoch")
    parser.add_argument("--resume", action="store_true", help="continue from --checkpoint")
    parser.add_argument("--plot", type=Path, help="write learning curves and misclassified images to this PNG")
    parser.add_argument("--max-steps", type=int, help="stop each epoch after this many batches (quick runs)")
    args = parser.parse_args(argv)
    if args.resume and args.checkpoint is None:
        parser.error("--resume needs --checkpoint PATH")
    for name in ("epochs", "batch_size", "max_steps"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1; got {value}")
    if not args.lr > 0:
        parser.error(f"--lr must be positive; got {args.lr}")
    if args.checkpoint is not None and not args.checkpoint.resolve().parent.is_dir():
        parser.error(f"--checkpoint {args.checkpoint}: the folder {args.checkpoint.resolve().parent} does not exist")
    if args.checkpoint is not None and args.checkpoint.is_dir():
        parser.error(f"--checkpoint {args.checkpoint} is a folder; give a file name, e.g. {args.checkpoint / 'run.npz'}")
    if args.data_dir is None:
        args.data_dir = REPO_ROOT / "datasets"
    elif not args.data_dir.is_dir():
        what = "is not a folder" if args.data_dir.exists() else "does not exist"
        parser.error(f"--data-dir {args.data_dir} {what}; create it, or leave --data-dir out to use "
                     f"{REPO_ROOT / 'datasets'}")
    return args


def main(argv: Optional[List[str]] = None) -> Dict:
    args = parse_args(argv)
    mg.random.seed(args.seed)
    print(f"mygrad {mg.__version__}: training a {args.model.upper()} on {args.dataset} "
          f"for {args.epochs} epochs (batch {args.batch_size}, {args.optimizer}, lr {args.lr}, seed {args.seed})")

    x_train, y_train, x_test, y_test = load_images(args)
    print(f"data: {len(x_train):,} training and {len(x_test):,} test images")
    loader = DataLoader(TensorDataset(x_train, y_train), batch_size=args.batch_size, shuffle=True, seed=args.seed)

    model = build_model(args.model)
    optimizer = build_optimizer(args.optimizer, model.parameters(), args.lr)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs) if args.schedule == "cosine" else None
    loss_fn = nn.CrossEntropyLoss()
    n_params = sum(p.size for p in model.parameters())
    print(f"model: {n_params:,} parameters\n{model}")

    start_epoch, history = 0, {"train_loss": [], "train_accuracy": [], "test_loss": [], "test_accuracy": []}
    if args.resume:
        start_epoch, history = restore_state(args.checkpoint, model, optimizer, scheduler, args)
        print(f"resumed from {args.checkpoint} after epoch {start_epoch}")

    result = evaluate(model, x_test, y_test, loss_fn) if start_epoch == args.epochs else None
    for epoch in range(start_epoch + 1, args.epochs + 1):
        started = time.perf_counter()
        loader.set_epoch(epoch - 1)  # the shuffle order depends only on (seed, epoch): resumable
        train = train_epoch(model, optimizer, loader, loss_fn, epoch, args.epochs, args.max_steps)
        if scheduler is not None:
            scheduler.step()
        result = evaluate(model, x_test, y_test, loss_fn)
        elapsed = time.perf_counter() - started
        for key, value in (("train_loss", train["loss"]), ("train_accuracy", train["accuracy"]),
                           ("test_loss", result["loss"]), ("test_accuracy", result["accuracy"])):
            history[key].append(value)
        print(f"epoch {epoch}: test loss {result['loss']:.4f}, test accuracy {result['accuracy']:.4f} "
              f"({elapsed:.1f} s)")
        if args.checkpoint is not None:
            save_state(args.checkpoint, model, optimizer, scheduler, epoch, history, args)
            print(f"saved checkpoint {args.checkpoint}")

    names = CLASS_NAMES[args.dataset]
    print(format_confusion(confusion_matrix(y_test, result["predicted"]), names))
    print(f"final test accuracy: {result['accuracy']:.4f}")
    if args.plot is not None:
        plot_run(args.plot, history, x_test, y_test, result["predicted"], names)
    return {"accuracy": result["accuracy"], "history": history}


if __name__ == "__main__":
    main()
