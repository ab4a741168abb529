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


@pytest.mark.parametrize("data", [[], ["--synthetic"]], ids=["fashion-mnist-if-present", "synthetic"])
def test_pytorch_quickstart_trains_saves_loads_and_predicts(data, tmp_path):
    out = run_example("pytorch_quickstart.py", "--epochs", "2", "--train-size", "3000", "--test-size", "1000",
                      "--lr", "0.05", "--out-dir", str(tmp_path), *data)
    accuracies = [float(line.split("Accuracy:")[1].split("%")[0]) for line in out.splitlines() if "Accuracy:" in line]
    assert len(accuracies) == 3  # two epochs, then the loaded model
    assert accuracies[1] > accuracies[0] or accuracies[1] > 90  # it learns
    assert accuracies[2] == accuracies[1] and accuracies[2] > 50  # the loaded model is the trained one
    assert (tmp_path / "model.ckpt").is_file()
    assert "loaded model agrees with the trained one: True" in out
    assert 'Predicted: "' in out and '", Actual: "' in out
