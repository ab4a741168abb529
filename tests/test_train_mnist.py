"""The flagship example on real data: short smoke runs, exact resume, plotting.

These need the real IDX files: MNIST under $MYGRAD_DATA or ../shared/datasets,
Fashion-MNIST under /usr/share/datasets (apt-get install dataset-fashion-mnist).
Where the files are absent the tests are skipped and say why.
"""

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from mygrad.data import find_dataset
from mygrad.checkpoint import load_checkpoint

ROOT = Path(__file__).resolve().parents[1]


def _load_example():
    spec = importlib.util.spec_from_file_location("train_mnist", ROOT / "examples" / "train_mnist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


train_mnist = _load_example()


def data_root(name: str) -> str:
    candidates = [os.environ.get("MYGRAD_DATA"), ROOT.parent / "shared" / "datasets", "/usr/share/datasets",
                  ROOT / "datasets"]
    for root in candidates:
        if root and find_dataset(name, root) is not None and (Path(root) / name).is_dir():
            return str(root)
    pytest.skip(f"real {name} data not found (looked in {[str(c) for c in candidates if c]}); "
                f"set MYGRAD_DATA or install dataset-fashion-mnist to run this test")


@pytest.mark.parametrize("dataset, model, steps, sanity", [
    ("mnist", "cnn", 300, 0.95),
    ("fashion-mnist", "cnn", 300, 0.75),
    ("mnist", "mlp", 300, 0.93),
    ("fashion-mnist", "mlp", 300, 0.78),
])
def test_smoke_run_reaches_sanity_accuracy(dataset, model, steps, sanity):
    root = data_root(dataset)
    result = train_mnist.main(["--dataset", dataset, "--model", model, "--epochs", "1", "--max-steps", str(steps),
                               "--data-dir", root, "--no-download"])
    assert result["accuracy"] >= sanity


def _same_run(a, b):
    assert a["history"] == b["history"]


def test_resume_after_an_interruption_continues_exactly(tmp_path, monkeypatch):
    root = data_root("mnist")
    common = ["--model", "mlp", "--max-steps", "20", "--data-dir", root, "--no-download", "--seed", "3",
              "--epochs", "2"]
    straight = train_mnist.main(common + ["--checkpoint", str(tmp_path / "straight.npz")])

    real_train_epoch = train_mnist.train_epoch
    calls = []

    def interrupted_in_epoch_2(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C
        return real_train_epoch(*args, **kwargs)

    monkeypatch.setattr(train_mnist, "train_epoch", interrupted_in_epoch_2)
    with pytest.raises(KeyboardInterrupt):
        train_mnist.main(common + ["--checkpoint", str(tmp_path / "resumed.npz")])
    monkeypatch.setattr(train_mnist, "train_epoch", real_train_epoch)
    resumed = train_mnist.main(common + ["--checkpoint", str(tmp_path / "resumed.npz"), "--resume"])

    _same_run(straight, resumed)
    a, b = load_checkpoint(tmp_path / "straight.npz"), load_checkpoint(tmp_path / "resumed.npz")
    for key, value in a["model"].items():
        np.testing.assert_array_equal(value, b["model"][key], err_msg=key)
    assert a["optimizer"]["state"].keys() == b["optimizer"]["state"].keys()


def test_training_can_be_extended_without_a_schedule(tmp_path):
    root = data_root("mnist")
    common = ["--model", "mlp", "--max-steps", "10", "--data-dir", root, "--no-download", "--schedule", "none"]
    straight = train_mnist.main(common + ["--epochs", "2"])
    train_mnist.main(common + ["--epochs", "1", "--checkpoint", str(tmp_path / "run.npz")])
    extended = train_mnist.main(common + ["--epochs", "2", "--checkpoint", str(tmp_path / "run.npz"), "--resume"])
    _same_run(straight, extended)


def test_resume_refuses_other_settings(tmp_path):
    root = data_root("mnist")
    common = ["--model", "mlp", "--max-steps", "2", "--data-dir", root, "--no-download",
              "--checkpoint", str(tmp_path / "run.npz")]
    train_mnist.main(common + ["--epochs", "1"])
    with pytest.raises(SystemExit, match="--seed"):
        train_mnist.main(common + ["--epochs", "2", "--resume", "--seed", "5"])


def test_plot_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib", reason="--plot needs matplotlib (the 'plot' extra)")
    root = data_root("mnist")
    out = tmp_path / "curves.png"
    train_mnist.main(["--model", "mlp", "--epochs", "1", "--max-steps", "5", "--data-dir", root, "--no-download",
                      "--plot", str(out)])
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_confusion_matrix_counts():
    y_true = np.array([0, 0, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 2, 0, 2])
    counts = train_mnist.confusion_matrix(y_true, y_pred, classes=3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert counts.sum() == len(y_true)
