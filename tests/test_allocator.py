"""mygrad asks glibc's malloc to keep freed memory (mygrad/autodiff/memory/allocator.py): fewer page faults."""

import os
import subprocess
import sys
import textwrap

import pytest

from mygrad.autodiff.memory import allocator

GLIBC = allocator._glibc()

# A training step in miniature: arrays of varying sizes below NumPy's huge-page size (4 MiB), all freed at the
# end of the step. Prints the page faults per step.
CHURN = textwrap.dedent("""
    import resource
    import numpy as np
    import mygrad
    rng = np.random.default_rng(0)
    def faults():
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = faults()
    for step in range(30):
        arrays = [np.ones(int(rng.integers(1 << 15, 1 << 18))) for _ in range(40)]
        del arrays
    print((faults() - start) / 30)
""")


def _faults_per_step(keep: str) -> float:
    env = dict(os.environ, MYGRAD_KEEP_FREED_MEMORY=keep)
    out = subprocess.run([sys.executable, "-c", CHURN], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout)


@pytest.mark.skipif(not GLIBC, reason="only glibc's malloc is tuned")
def test_freed_memory_is_reused_instead_of_faulted_in_again():
    kept, returned = _faults_per_step("1"), _faults_per_step("0")
    assert kept < returned / 4, (kept, returned)


def test_the_environment_variable_turns_it_off(monkeypatch):
    monkeypatch.setenv("MYGRAD_KEEP_FREED_MEMORY", "0")
    assert allocator.keep_freed_memory() is False
    monkeypatch.setenv("MYGRAD_KEEP_FREED_MEMORY", "1")
    assert allocator.keep_freed_memory() is GLIBC
