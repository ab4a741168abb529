"""Peak memory of one training step: mygrad vs hand-written NumPy (and PyTorch, by resident set size).

The workloads are those of ``benchmarks/train_step.py`` - the MLP
784-512-256-10 at batch 128 and the CNN conv32-pool-conv64-pool-fc128-fc10
at batch 64, float32, softmax cross-entropy, plain SGD - with the same
hand-written NumPy reference, imported from there.

Two measurements:

* **tracemalloc** (always). NumPy reports every array it allocates to
  Python's tracemalloc, so it sees all of NumPy's and mygrad's memory (not
  PyTorch's, which allocates on its own). Tracing starts before the model and
  data are made; after one warm-up step (optimizer state, scratch buffers),
  the highest traced total during the next step is the *peak*. Everything
  alive then counts: parameters, the batch, optimizer state, activations,
  gradients. *Working* memory is the peak less the parameters and the batch,
  i.e. what the step itself needs. For mygrad, the memory held after the
  forward pass (activations and what the ops keep for backward) is shown too.
* **resident set** (``--rss``, Linux). Each implementation runs in a fresh
  subprocess: the resident set's high-water mark (``VmHWM``) over three steps,
  less the resident set once model and data are made. It includes what the
  allocator keeps and libraries load on first use, so it is coarser - but it
  sees PyTorch too.

    python benchmarks/memory.py [--model mlp|cnn|both] [--rss] [--threads 1]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Callable, Dict, Tuple

import _harness


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=("mlp", "cnn", "both"), default="both")
    parser.add_argument("--rss", action="store_true", help="also measure resident set size in subprocesses")
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads (default: $OMP_NUM_THREADS, else 1)")
    parser.add_argument("--child", nargs=2, metavar=("IMPLEMENTATION", "MODEL"), help=argparse.SUPPRESS)
    return parser.parse_args()


ARGS = parse_args()
THREADS = _harness.set_blas_threads(ARGS.threads)


def _import_train_step():
    """``benchmarks/train_step.py`` as a module (it reads the command line on import: give it none)."""
    saved, sys.argv = sys.argv, sys.argv[:1]
    try:
        import train_step
    finally:
        sys.argv = saved
    return train_step


train_step = _import_train_step()

import numpy as np  # noqa: E402

import mygrad as mg  # noqa: E402
from mygrad import nn, optim  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

MB = 1e6
Step = Callable[[], float]


# ---------------------------------------------------------------------------------------------------------------
# the workloads
# ---------------------------------------------------------------------------------------------------------------

def workload(kind: str) -> Tuple[nn.Module, np.ndarray, np.ndarray]:
    """The mygrad model, input batch and labels of ``kind`` ("mlp" or "cnn"), as train_step.py makes them."""
    rng = np.random.default_rng(train_step.SEED)
    mg.random.seed(train_step.SEED)
    if kind == "mlp":
        model, x = train_step.mygrad_mlp(), rng.standard_normal((128, 784), dtype=np.float32)
    else:
        model, x = train_step.mygrad_cnn(), rng.standard_normal((64, 1, 28, 28), dtype=np.float32)
    return model, x, rng.integers(0, 10, size=len(x))


def numpy_step(kind: str) -> Tuple[Step, int]:
    """The NumPy reference step and the bytes of its parameters and batch."""
    model, x, labels = workload(kind)
    params = [p.data.copy() for p in model.parameters()]
    del model
    reference = train_step.numpy_mlp_step if kind == "mlp" else train_step.numpy_cnn_step
    return (lambda: reference(params, x, labels)), sum(p.nbytes for p in params) + x.nbytes


def mygrad_step(kind: str, marks: Dict[str, int]) -> Tuple[Step, int]:
    """mygrad's step (noting traced memory around the forward pass in ``marks``) and its parameter + batch bytes."""
    model, x, labels = workload(kind)
    loss_fn = nn.CrossEntropyLoss()
    opt = optim.SGD(model.parameters(), lr=train_step.LR)

    def step() -> float:
        opt.zero_grad()
        if tracemalloc.is_tracing():
            marks["before forward"] = tracemalloc.get_traced_memory()[0]
        loss = loss_fn(model(x), labels)
        if tracemalloc.is_tracing():
            marks["after forward"] = tracemalloc.get_traced_memory()[0]
        loss.backward()
        opt.step()
        return loss.item()

    return step, sum(p.data.nbytes for p in model.parameters()) + x.nbytes


def torch_step(kind: str) -> Tuple[Step, int]:
    model, x, labels = workload(kind)
    tmodel = train_step.torch_model(kind, [p.data for p in model.parameters()])
    del model
    return train_step.make_torch_step(tmodel, x, labels), sum(p.numel() * 4 for p in tmodel.parameters()) + x.nbytes


# ---------------------------------------------------------------------------------------------------------------
# measurements
# ---------------------------------------------------------------------------------------------------------------

def traced(make: Callable[[], Tuple[Step, int]]) -> Dict[str, int]:
    """tracemalloc's view of one steady-state step: bytes held before it, its peak, peak less params and batch."""
    tracemalloc.start()
    try:
        step, fixed = make()
        step()  # warm-up: optimizer state and scratch buffers are made on the first step
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        step()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {"held": held, "peak": peak, "working": peak - fixed}


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def rss_child(implementation: str, kind: str) -> None:
    """In a fresh process: print the resident-set growth (bytes) over three steps, as JSON."""
    make = {"numpy": numpy_step, "torch": torch_step, "mygrad": lambda k: mygrad_step(k, {})}[implementation]
    if implementation == "torch":
        torch.set_num_threads(THREADS)
    step, _ = make(kind)
    gc.collect()
    start = _status_kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM to the current resident set
    for _ in range(3):
        step()
    print(json.dumps({"growth": (_status_kib("VmHWM") - start) * 1024}))


def rss_growth(implementation: str, kind: str) -> float:
    command = [sys.executable, str(Path(__file__).resolve()), "--threads", str(THREADS),
               "--child", implementation, kind]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["growth"]


# ---------------------------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------------------------

def report(kind: str) -> None:
    title = {"mlp": "MLP 784-512-256-10, batch 128", "cnn": "CNN conv32-pool-conv64-pool-fc128-fc10, batch 64"}[kind]
    marks: Dict[str, int] = {}
    ref = traced(lambda: numpy_step(kind))
    ours = traced(lambda: mygrad_step(kind, marks))
    print(f"\n{title} (float32, SGD): tracemalloc, MB")
    print(f"  {'':<10}{'held':>8}{'peak':>8}{'working':>9}")
    for name, m in (("numpy", ref), ("mygrad", ours)):
        print(f"  {name:<10}{m['held'] / MB:>8.2f}{m['peak'] / MB:>8.2f}{m['working'] / MB:>9.2f}")
    print(f"  mygrad / numpy: peak {ours['peak'] / ref['peak']:.2f}x, working {ours['working'] / ref['working']:.2f}x"
          f"; mygrad's forward pass leaves {(marks['after forward'] - marks['before forward']) / MB:.2f} MB "
          "for the backward pass")
    print("  (held: before the step - mygrad's includes the previous step's gradients, freed by zero_grad())")
    if ARGS.rss:
        names = ["numpy", "mygrad"] + (["torch"] if torch is not None else [])
        growth = {name: rss_growth(name, kind) for name in names}
        print("  resident set growth over three steps, MB: "
              + ", ".join(f"{name} {growth[name] / MB:.1f}" for name in names)
              + "".join(f"; mygrad / {name} {growth['mygrad'] / growth[name]:.2f}x" for name in names[::2]))


def main() -> None:
    if ARGS.child:
        rss_child(*ARGS.child)
        return
    print("memory: one training step (forward, backward, SGD); " + _harness.machine_line(THREADS, [np, mg]))
    for kind in (("mlp", "cnn") if ARGS.model == "both" else (ARGS.model,)):
        report(kind)


if __name__ == "__main__":
    main()
