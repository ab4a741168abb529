"""How the cost of a training step grows with batch size and width: mygrad, hand-written NumPy, PyTorch.

The model is an MLP 784-W-W-10 (two hidden layers of width W, ReLU) in
float32, with softmax cross-entropy (mean) and plain SGD, trained on a fixed
random batch. For each width and each batch size one step of each
implementation is timed in turn (round-robin, so background load falls on
all of them alike), and the median per implementation is reported.

The hand-written NumPy step does the same arithmetic with no framework
around it, using the same matrix-product routines as mygrad's ``Linear``
(``mygrad.nn.functional.linear``: ``einsum`` for one-row weight gradients,
the faster product order for small float32 batches), so its ratio to mygrad
is the framework's overhead and not a choice of BLAS call. Before a point
is timed, one step of each implementation is checked against the others
(same loss, same updated parameters).

Small batches show the per-op overhead (Python bookkeeping is the same at
any size); large ones show BLAS. The table and the plot show where one
stops mattering: the ratio to NumPy approaches 1 as the batch grows.

BLAS uses one thread by default (``--threads`` changes it; PyTorch gets the
same count). The run makes ``--passes`` passes over all the points (fresh
models each pass), so that a burst of background load falls on many points
a little rather than on one point entirely; each point gets about
``--seconds`` of timing in all, and its median is taken over the samples of
every pass. The curves (time per sample and the
ratios, against batch size) are drawn into ``--plot`` when matplotlib is
installed.

    python benchmarks/scaling.py [--threads 1] [--widths 128,512,1024] [--batches 1,2,4,...,512]
                                 [--seconds 1.0] [--passes 3] [--plot scaling.png | --no-plot] [--no-torch]
"""

from __future__ import annotations

import argparse
import statistics
from typing import Callable, Dict, List, Tuple

import _harness


def _int_list(text: str) -> List[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected positive integers separated by commas, got {text!r}")
    return values


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS/OpenMP threads for NumPy and PyTorch (default: $OMP_NUM_THREADS, else 1)")
    parser.add_argument("--widths", type=_int_list, default=[128, 512, 1024], help="hidden widths W")
    parser.add_argument("--batches", type=_int_list, default=[2**k for k in range(10)], help="batch sizes")
    parser.add_argument("--seconds", type=float, default=1.0, help="timing budget per point (all implementations)")
    parser.add_argument("--passes", type=int, default=3,
                        help="passes over all points; each point's samples are pooled over the passes")
    parser.add_argument("--plot", default="scaling.png", help="PNG to draw the curves into")
    parser.add_argument("--no-plot", action="store_true", help="do not draw")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    return parser.parse_args()


ARGS = parse_args()
THREADS = _harness.set_blas_threads(ARGS.threads)

import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402

import mygrad as mg  # noqa: E402
from mygrad import nn, optim  # noqa: E402
from mygrad.nn.functional.linear import times_transpose, transpose_times  # noqa: E402

try:
    import torch
except ImportError:  # the benchmark runs without PyTorch
    torch = None

LR = 0.01
IN_FEATURES, CLASSES = 784, 10
Params = List[np.ndarray]
Step = Callable[[], float]


# ---------------------------------------------------------------------------------------------------------------
# the three implementations
# ---------------------------------------------------------------------------------------------------------------

def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> Tuple[float, np.ndarray]:
    """Mean cross-entropy of ``softmax(logits)`` and its gradient ``(softmax - onehot) / N``."""
    n = len(logits)
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(total[:, 0]) - shifted[np.arange(n), labels]))
    exp /= total
    exp[np.arange(n), labels] -= 1
    exp *= np.float32(1 / n)
    return loss, exp


def numpy_step(params: Params, x: np.ndarray, labels: np.ndarray) -> float:
    """One SGD step of the MLP whose ``params`` are ``[W1, b1, W2, b2, ...]`` (updated in place)."""
    n_layers = len(params) // 2
    activations = [x]
    for i in range(n_layers):
        h = times_transpose(activations[-1], params[2 * i])  # x @ W.T
        h += params[2 * i + 1]
        if i < n_layers - 1:
            np.maximum(h, 0, out=h)  # ReLU in place: h > 0 exactly where the pre-activation was
        activations.append(h)
    loss, delta = softmax_cross_entropy(activations[-1], labels)
    for i in reversed(range(n_layers)):
        w, b, below = params[2 * i], params[2 * i + 1], activations[i]
        grad_w, grad_b = transpose_times(delta, below), delta.sum(axis=0)  # G.T @ x, sum of G
        if i:  # the input is data: no gradient for it
            delta = delta @ w
            delta *= below > 0  # ReLU'
        grad_w *= np.float32(LR)
        w -= grad_w
        grad_b *= np.float32(LR)
        b -= grad_b
    return loss


def mygrad_model(width: int) -> nn.Module:
    return nn.Sequential(nn.Linear(IN_FEATURES, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                         nn.Linear(width, CLASSES))


def mygrad_step(model: nn.Module, x: np.ndarray, labels: np.ndarray) -> Step:
    loss_fn = nn.CrossEntropyLoss()
    opt = optim.SGD(model.parameters(), lr=LR)

    def step() -> float:
        opt.zero_grad()
        loss = loss_fn(model(x), labels)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def torch_step(width: int, initial: Params, x: np.ndarray, labels: np.ndarray) -> Tuple[Step, Callable[[], Params]]:
    """A PyTorch step of the same model (starting from ``initial``) and a function returning its parameters."""
    tnn = torch.nn
    model = tnn.Sequential(tnn.Linear(IN_FEATURES, width), tnn.ReLU(), tnn.Linear(width, width), tnn.ReLU(),
                           tnn.Linear(width, CLASSES))
    with torch.no_grad():
        for p, value in zip(model.parameters(), initial):
            p.copy_(torch.from_numpy(value))
    xt, yt = torch.from_numpy(x), torch.from_numpy(labels.astype(np.int64))
    loss_fn = tnn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step() -> float:
        opt.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        opt.step()
        return loss.item()

    return step, lambda: [p.detach().numpy() for p in model.parameters()]


# ---------------------------------------------------------------------------------------------------------------
# one point: check, then time
# ---------------------------------------------------------------------------------------------------------------

def make_steps(width: int, batch: int, use_torch: bool) -> Dict[str, Step]:
    """The implementations' steps for one point, after checking that one step of each agrees."""
    rng = np.random.default_rng(batch)
    mg.random.seed(width)
    x = rng.standard_normal((batch, IN_FEATURES), dtype=np.float32)
    labels = rng.integers(0, CLASSES, size=batch)
    model = mygrad_model(width)
    initial = [p.data.copy() for p in model.parameters()]
    np_params = [p.copy() for p in initial]
    steps: Dict[str, Step] = {"numpy": lambda: numpy_step(np_params, x, labels),
                              "mygrad": mygrad_step(model, x, labels)}
    candidates = {"mygrad": lambda: [p.data for p in model.parameters()]}
    if use_torch:
        steps["torch"], candidates["torch"] = torch_step(width, initial, x, labels)

    losses = {name: step() for name, step in steps.items()}
    for name, params in candidates.items():
        np.testing.assert_allclose(losses[name], losses["numpy"], rtol=1e-4, err_msg=f"{name}: loss differs")
        for ours, ref in zip(params(), np_params):
            np.testing.assert_allclose(ours, ref, rtol=1e-4, atol=1e-6, err_msg=f"{name}: parameters differ")
    return steps


def time_point(steps: Dict[str, Step], seconds: float) -> Dict[str, List[float]]:
    """Seconds per step of each implementation, from about ``seconds`` of round-robin timing (>= 2 rounds)."""
    one_round = sum(_harness.time_round_robin(steps, rounds=1, warmup=0).values())
    rounds = int(min(100, max(2, seconds / one_round)))
    return _harness.round_robin_samples(steps, rounds=rounds, warmup=1)


# ---------------------------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------------------------

Results = Dict[int, Dict[int, Dict[str, float]]]  # width -> batch -> implementation -> seconds


def print_table(width: int, rows: Dict[int, Dict[str, float]]) -> None:
    names = list(next(iter(rows.values())))
    print(f"\nMLP 784-{width}-{width}-10, float32, SGD: median ms per step")
    header = f"  {'batch':>6}" + "".join(f"{name:>10}" for name in names) + f"{'mg/numpy':>10}"
    print(header + (f"{'mg/torch':>10}" if "torch" in names else "") + f"{'mygrad us/sample':>18}")
    for batch, times in rows.items():
        line = f"  {batch:>6}" + "".join(f"{times[name] * 1e3:>10.3f}" for name in names)
        line += f"{times['mygrad'] / times['numpy']:>9.2f}x"
        if "torch" in times:
            line += f"{times['mygrad'] / times['torch']:>9.2f}x"
        print(line + f"{times['mygrad'] / batch * 1e6:>18.1f}")


def print_summary(results: Results) -> None:
    print("\nsummary")
    for width, rows in results.items():
        parts = []
        if 1 in rows and 8 in rows:
            one, eight = rows[1]["mygrad"], rows[8]["mygrad"]
            parts.append(f"batch 1 {one * 1e3:.2f} ms vs batch 8 {eight * 1e3:.2f} ms ({one / eight:.2f}x)")
        if all("torch" in times for times in rows.values()):
            worst = max(rows, key=lambda b: rows[b]["mygrad"] / rows[b]["torch"])
            parts.append(f"worst mygrad/torch {rows[worst]['mygrad'] / rows[worst]['torch']:.2f}x at batch {worst}")
        print(f"  width {width}: " + "; ".join(parts))


def plot(results: Results, path: str) -> None:
    """Time per sample and mygrad's ratios against batch size, one colour per width."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"\nmatplotlib is not installed: no plot (pip install matplotlib, then rerun to draw {path})")
        return
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    styles = {"mygrad": "-", "numpy": ":", "torch": "--"}
    for (width, rows), colour in zip(results.items(), plt.rcParams["axes.prop_cycle"].by_key()["color"]):
        batches = sorted(rows)
        for name, style in styles.items():
            if name in rows[batches[0]]:
                per_sample = [rows[b][name] / b * 1e6 for b in batches]
                left.plot(batches, per_sample, style, color=colour, marker="o", ms=3, label=f"{name}, W={width}")
        right.plot(batches, [rows[b]["mygrad"] / rows[b]["numpy"] for b in batches], "-", color=colour,
                   marker="o", ms=3, label=f"mygrad / NumPy, W={width}")
        if "torch" in rows[batches[0]]:
            right.plot(batches, [rows[b]["mygrad"] / rows[b]["torch"] for b in batches], "--", color=colour,
                       marker="o", ms=3, label=f"mygrad / PyTorch, W={width}")
    left.set(xscale="log", yscale="log", xlabel="batch size", ylabel="microseconds per sample",
             title="MLP 784-W-W-10 training step, per sample")
    right.axhline(1.0, color="grey", lw=0.8)
    right.set(xscale="log", xlabel="batch size", ylabel="time ratio", title="mygrad's step time relative to")
    for axes in (left, right):
        axes.set_xticks(sorted({b for rows in results.values() for b in rows}))
        axes.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        axes.legend(fontsize=7)
        axes.grid(alpha=0.3)
    fig.suptitle(_harness.machine_line(THREADS, [np] + ([torch] if torch is not None else [])), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    print(f"\ncurves drawn into {path}")


def main() -> None:
    use_torch = torch is not None and not ARGS.no_torch
    if use_torch:
        torch.set_num_threads(THREADS)
    print("scaling: one training step (forward, backward, SGD), median of round-robin steps")
    print(_harness.machine_line(THREADS, [np, mg] + ([torch] if use_torch else [])))
    points = [(w, b) for w in ARGS.widths for b in ARGS.batches]
    samples: Dict[Tuple[int, int], Dict[str, List[float]]] = {point: {} for point in points}
    with tqdm(total=ARGS.passes * len(points), desc="points", unit="point") as bar:
        for _ in range(ARGS.passes):  # each pass visits every point: a burst of load spoils no point alone
            for width, batch in points:
                timed = time_point(make_steps(width, batch, use_torch), ARGS.seconds / ARGS.passes)
                for name, times in timed.items():
                    samples[width, batch].setdefault(name, []).extend(times)
                bar.update()
    results: Results = {w: {} for w in ARGS.widths}
    for (width, batch), by_name in samples.items():
        results[width][batch] = {name: statistics.median(times) for name, times in by_name.items()}
    for width, rows in results.items():
        print_table(width, rows)
    print_summary(results)
    if not ARGS.no_plot:
        plot(results, ARGS.plot)


if __name__ == "__main__":
    main()
