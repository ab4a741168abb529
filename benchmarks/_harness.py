"""Pieces shared by the benchmark scripts: the BLAS thread count, round-robin timing, the machine line.

Import this module, and call :func:`set_blas_threads`, *before* importing
NumPy: OpenBLAS reads its thread count once, when NumPy loads it.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from typing import Callable, Dict, Iterable, List, Optional

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def set_blas_threads(threads: Optional[int]) -> int:
    """Set the BLAS/OpenMP thread variables and return the count in force.

    ``threads=None`` keeps variables already set in the environment (one
    thread where none is set). Warns if NumPy was imported too early for it
    to take effect.

    >>> set_blas_threads(1)
    1
    """
    for name in THREAD_VARIABLES:
        if threads is not None:
            os.environ[name] = str(threads)
        else:
            os.environ.setdefault(name, os.environ.get("OMP_NUM_THREADS", "1"))
    if "numpy" in sys.modules:
        print("warning: NumPy was imported before the thread count was set; BLAS may use more threads",
              file=sys.stderr)
    return int(os.environ["OPENBLAS_NUM_THREADS"])


def round_robin_samples(steps: Dict[str, Callable[[], object]], rounds: int, warmup: int) -> Dict[str, List[float]]:
    """Seconds of each call of each function, calling them in turn (one call each per round).

    Alternating makes background load fall on every implementation alike;
    ``warmup`` untimed rounds come first (allocations, caches, lazy imports).

    >>> samples = round_robin_samples({"sum": lambda: sum(range(100))}, rounds=3, warmup=1)
    >>> len(samples["sum"])
    3
    """
    for _ in range(warmup):
        for step in steps.values():
            step()
    samples: Dict[str, List[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            samples[name].append(time.perf_counter() - start)
    return samples


def time_round_robin(steps: Dict[str, Callable[[], object]], rounds: int, warmup: int) -> Dict[str, float]:
    """Median seconds per call of each function, timed by :func:`round_robin_samples`.

    >>> medians = time_round_robin({"sum": lambda: sum(range(100)), "len": lambda: len("abc")}, rounds=5, warmup=1)
    >>> sorted(medians)
    ['len', 'sum']
    """
    samples = round_robin_samples(steps, rounds, warmup)
    return {name: statistics.median(times) for name, times in samples.items()}


def cpu_name() -> str:
    """The processor's model name (from /proc/cpuinfo on Linux), else what ``platform`` reports."""
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line(threads: int, modules: Iterable[object] = ()) -> str:
    """One line naming the machine, the load, the thread count and the versions of ``modules``.

    >>> import statistics
    >>> "BLAS thread" in machine_line(1, [statistics])
    True
    """
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    versions = ", ".join(f"{m.__name__} {getattr(m, '__version__', '?')}" for m in modules)
    return (f"{cpu_name()}, {os.cpu_count()} CPUs, 1-min load {load:.2f}; {threads} BLAS thread(s); "
            f"Python {platform.python_version()}" + (f", {versions}" if versions else ""))
