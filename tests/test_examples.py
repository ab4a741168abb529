"""The small examples run top to bottom and reach their stated results."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_example(name: str, *args: str, timeout: int = 300) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name), *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_fit_curve_learns_the_cubic():
    out = run_example("fit_curve.py")
    learned = out.strip().splitlines()[-2]
    coefficients = [float(tok) for tok in learned.replace("x^3", "").replace("x^2", "").replace("x", "")
                    .split("=")[1].replace("+", " ").split()]
    for got, want in zip(coefficients, [0.5, 0.0, -1.0, 2.0]):
        assert got == pytest.approx(want, abs=0.1)


def test_custom_operation_example_checks_itself():
    assert "backward agrees with finite differences" in run_example("custom_operation.py")
