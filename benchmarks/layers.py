"""Common layers one at a time: forward + backward in mygrad and PyTorch, and the ratio.

Each layer gets the same float32 input in both frameworks; one timed call is
``layer(x).sum().backward()`` (the input requires a gradient). The two take
turns call by call, so background load falls on both alike; the report gives
medians. Where a network is slower than PyTorch's as a whole, this table says
which layers to look at. Without PyTorch it prints mygrad's times alone.

BLAS uses one thread by default (``--threads``; PyTorch gets the same count).

    python benchmarks/layers.py                     # every layer
    python benchmarks/layers.py --only norm gelu    # layers whose name contains a word
"""

from __future__ import annotations

import argparse
from typing import Callable, List, Tuple

import _harness

_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
_parser.add_argument("--threads", type=int, default=None, help="threads (default: $OMP_NUM_THREADS, else 1)")
_parser.add_argument("--rounds", type=int, default=20, help="timed calls per layer and framework")
_parser.add_argument("--only", nargs="*", default=(), help="run the layers whose name contains one of these")
ARGS = _parser.parse_args()
THREADS = _harness.set_blas_threads(ARGS.threads)

import numpy as np  # noqa: E402

import mygrad as mg  # noqa: E402
from mygrad import nn  # noqa: E402

try:  # noqa: E402
    import torch
    torch.set_num_threads(THREADS)
except ImportError:  # pragma: no cover - optional
    torch = None

IMAGES, SEQUENCE = (64, 32, 16, 16), (32, 64, 256)

# (name, how to build the layer from a module namespace (mygrad.nn or torch.nn), input shape)
LAYERS: List[Tuple[str, Callable, Tuple[int, ...]]] = [
    ("Conv2d(32, 32, 3, padding=1)", lambda m: m.Conv2d(32, 32, 3, padding=1), IMAGES),
    ("Conv2d(32, 64, 3, stride=2, padding=1)", lambda m: m.Conv2d(32, 64, 3, stride=2, padding=1), IMAGES),
    ("Conv2d(64, 64, 1)", lambda m: m.Conv2d(64, 64, 1), (64, 64, 8, 8)),
    ("Conv1d(64, 64, 5, padding=2)", lambda m: m.Conv1d(64, 64, 5, padding=2), (32, 64, 128)),
    ("ConvTranspose2d(32, 16, 4, stride=2, padding=1)", lambda m: m.ConvTranspose2d(32, 16, 4, 2, 1), (32, 32, 8, 8)),
    ("MaxPool2d(2)", lambda m: m.MaxPool2d(2), IMAGES),
    ("MaxPool2d(3, 2, 1)", lambda m: m.MaxPool2d(3, 2, 1), IMAGES),
    ("AvgPool2d(2)", lambda m: m.AvgPool2d(2), IMAGES),
    ("AdaptiveAvgPool2d(1)", lambda m: m.AdaptiveAvgPool2d(1), (64, 64, 8, 8)),
    ("BatchNorm2d(32)", lambda m: m.BatchNorm2d(32), IMAGES),
    ("GroupNorm(8, 32)", lambda m: m.GroupNorm(8, 32), IMAGES),
    ("LayerNorm(256)", lambda m: m.LayerNorm(256), SEQUENCE),
    ("ReLU", lambda m: m.ReLU(), IMAGES),
    ("LeakyReLU(0.1)", lambda m: m.LeakyReLU(0.1), IMAGES),
    ("ELU", lambda m: m.ELU(), IMAGES),
    ("GELU", lambda m: m.GELU(), IMAGES),
    ("Sigmoid", lambda m: m.Sigmoid(), IMAGES),
    ("SiLU", lambda m: m.SiLU(), IMAGES),
    ("Tanh", lambda m: m.Tanh(), IMAGES),
    ("Softmax(dim=1)", lambda m: m.Softmax(dim=1), IMAGES),
    ("Dropout(0.5)", lambda m: m.Dropout(0.5), IMAGES),
    ("Upsample(scale_factor=2)", lambda m: m.Upsample(scale_factor=2), (32, 32, 16, 16)),
    ("Upsample(scale_factor=2, mode='bilinear')", lambda m: m.Upsample(scale_factor=2, mode="bilinear"),
     (32, 32, 16, 16)),
    ("Linear(256, 256) on (32, 64, 256)", lambda m: m.Linear(256, 256), SEQUENCE),
    ("LSTM(128, 256, batch_first=True)", lambda m: m.LSTM(128, 256, batch_first=True), (32, 32, 128)),
    ("GRU(128, 256, batch_first=True)", lambda m: m.GRU(128, 256, batch_first=True), (32, 32, 128)),
    ("TransformerEncoderLayer(256, 8, 1024)",
     lambda m: m.TransformerEncoderLayer(256, 8, 1024, dropout=0.0, batch_first=True), SEQUENCE),
]


def first_output(out):
    """The output to sum: a recurrent layer returns (output, state)."""
    return out[0] if isinstance(out, tuple) else out


def mygrad_call(layer, x: np.ndarray) -> Callable[[], None]:
    tensor = mg.tensor(x)
    return lambda: first_output(layer(tensor)).sum().backward()


def torch_call(layer, x: np.ndarray) -> Callable[[], None]:  # pragma: no cover - optional
    tensor = torch.tensor(x, requires_grad=True)
    return lambda: first_output(layer(tensor)).sum().backward()


def main() -> None:
    print(f"layers: forward + backward of layer(x).sum(), float32, median of {ARGS.rounds} alternating calls")
    print(_harness.machine_line(THREADS, [np] + ([torch] if torch is not None else [])))
    print(f"  {'layer':48s} {'input':>18s} {'mygrad ms':>10s} {'torch ms':>9s} {'ratio':>6s}")
    rng = np.random.default_rng(0)
    for name, build, shape in LAYERS:
        if ARGS.only and not any(word.lower() in name.lower() for word in ARGS.only):
            continue
        x = rng.standard_normal(shape).astype(np.float32)
        steps = {"mygrad": mygrad_call(build(nn), x)}
        if torch is not None:
            steps["torch"] = torch_call(build(torch.nn), x)
        times = _harness.time_round_robin(steps, rounds=ARGS.rounds, warmup=2)
        ours = times["mygrad"] * 1e3
        if torch is None:
            print(f"  {name:48s} {str(shape):>18s} {ours:10.2f}")
            continue
        theirs = times["torch"] * 1e3
        print(f"  {name:48s} {str(shape):>18s} {ours:10.2f} {theirs:9.2f} {ours / theirs:5.2f}x", flush=True)


if __name__ == "__main__":
    main()
