"""Complete training loops written the PyTorch way with mygrad, checked number by number.

Each loop is written as a PyTorch user would write it (``zero_grad``,
``backward``, ``step``, evaluation each epoch, schedulers, checkpoints, ...)
and its loss curve is compared with a NumPy reference of the same loop: the
same two-layer network (Linear, tanh, Linear) with its gradients and update
rules written out by hand, started from the same weights. Models run in
float64, so the curves must agree to ~1e-10.

Where PyTorch is installed, ``test_curves_equal_pytorch`` also runs the
classification and regression loops in PyTorch from the same initial weights
and compares the curves to float32 tolerance; without PyTorch it is skipped.
"""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

import numpy as np
import pytest

import mygrad as mg
from mygrad import nn, optim
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.nn.utils import clip_grad_norm_

KEYS = ("0.weight", "0.bias", "2.weight", "2.bias")  # the MLP's state_dict keys, in layer order
RTOL = 1e-10


# ------------------------------------------------------------------ data and models
def classification_data(seed: int = 0, n_train: int = 48, n_val: int = 24) -> Tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=2.0, size=(3, 4))
    y = rng.integers(0, 3, size=n_train + n_val)
    x = centers[y] + rng.normal(size=(n_train + n_val, 4))
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def regression_data(seed: int = 1, n_train: int = 48, n_val: int = 16) -> Tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n_train + n_val, 4))
    y = np.sin(x @ np.array([0.5, -1.0, 0.25, 2.0]))[:, None] + 0.1 * rng.normal(size=(n_train + n_val, 1))
    return x[:n_train], y[:n_train], x[n_train:], y[n_train:]


def mlp(n_in: int, n_hidden: int, n_out: int, seed: int = 0) -> nn.Sequential:
    np.random.seed(seed)  # mygrad's initialisation draws from NumPy's global state
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.Tanh(), nn.Linear(n_hidden, n_out)).double()


def batches(x: np.ndarray, y: np.ndarray, size: int, epoch: int):
    """Shuffled mini-batches; the order depends on the epoch only (so a resumed run sees the same)."""
    order = np.random.default_rng(100 + epoch).permutation(len(x))
    for start in range(0, len(x), size):
        index = order[start:start + size]
        yield x[index], y[index]


# ------------------------------------------------------------------ the NumPy reference
def cross_entropy(out: np.ndarray, y: np.ndarray) -> Tuple[float, np.ndarray]:
    """Mean cross-entropy of logits ``out`` and its gradient ``softmax - onehot`` over N."""
    z = out - out.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    rows = np.arange(len(y))
    grad = np.exp(log_p)
    grad[rows, y] -= 1
    return -log_p[rows, y].mean(), grad / len(y)


def mse(out: np.ndarray, y: np.ndarray) -> Tuple[float, np.ndarray]:
    """Mean squared error and its gradient ``2 (out - y) / size``."""
    diff = out - y
    return (diff ** 2).mean(), 2 * diff / diff.size


class RefMLP:
    """``out = tanh(x W1^T + b1) W2^T + b2`` with hand-written gradients.

    ``keys`` names the four arrays in ``params``; naming the same array twice
    ties the weights (its gradient is the sum of both uses).
    """

    def __init__(self, state: Dict[str, np.ndarray], keys: Sequence[str] = KEYS) -> None:
        self.params = {k: np.array(v, dtype=np.float64) for k, v in state.items() if k in keys}
        self.keys = keys

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self._forward(x)[0]

    def _forward(self, x: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        w1, b1, w2, b2 = (self.params[k] for k in self.keys)
        h = np.tanh(x @ w1.T + b1)
        return h @ w2.T + b2, h

    def loss_and_grads(self, x, y, loss) -> Tuple[float, Dict[str, np.ndarray]]:
        out, h = self._forward(x)
        value, d_out = loss(out, y)
        k_w1, k_b1, k_w2, k_b2 = self.keys
        grads: Dict[str, np.ndarray] = {}
        for key, grad in ((k_w2, d_out.T @ h), (k_b2, d_out.sum(0))):
            grads[key] = grads.get(key, 0) + grad
        d_h = (d_out @ self.params[k_w2]) * (1 - h ** 2)  # tanh' = 1 - tanh^2
        for key, grad in ((k_w1, d_h.T @ x), (k_b1, d_h.sum(0))):
            grads[key] = grads.get(key, 0) + grad
        return value, grads


class RefSGD:
    """PyTorch's SGD: ``b = mu b + g`` (``b = g`` at first), ``p -= lr b``."""

    def __init__(self, keys: Sequence[str], lr: float, momentum: float = 0.0) -> None:
        self.keys, self.lr, self.momentum, self.buffers = list(dict.fromkeys(keys)), lr, momentum, {}

    def step(self, params: Dict[str, np.ndarray], grads: Dict[str, np.ndarray]) -> None:
        for k in self.keys:
            g = grads[k]
            if self.momentum:
                g = self.buffers[k] = g.copy() if k not in self.buffers else self.momentum * self.buffers[k] + g
            params[k] = params[k] - self.lr * g


class RefAdam:
    """Adam with PyTorch's bias corrections: ``p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)``."""

    def __init__(self, keys: Sequence[str], lr: float, betas=(0.9, 0.999), eps: float = 1e-8) -> None:
        self.keys, self.lr, self.betas, self.eps = list(keys), lr, betas, eps
        self.m: Dict[str, np.ndarray] = {}
        self.v: Dict[str, np.ndarray] = {}
        self.t = 0

    def step(self, params: Dict[str, np.ndarray], grads: Dict[str, np.ndarray]) -> None:
        self.t += 1
        b1, b2 = self.betas
        for k in self.keys:
            g = grads[k]
            self.m[k] = b1 * self.m.get(k, 0) + (1 - b1) * g
            self.v[k] = b2 * self.v.get(k, 0) + (1 - b2) * g * g
            denom = np.sqrt(self.v[k]) / np.sqrt(1 - b2 ** self.t) + self.eps
            params[k] = params[k] - self.lr / (1 - b1 ** self.t) * self.m[k] / denom


def assert_curve(got: List[float], want: List[float]) -> None:
    assert len(got) == len(want) > 0
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=1e-12)


# ------------------------------------------------------------------ classification with validation
def train_classifier(evaluate_under_no_autodiff: bool, epochs: int = 4):
    x, y, x_val, y_val = classification_data()
    model = mlp(4, 8, 3)
    initial = model.state_dict()
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    train_losses, val_losses, accuracies = [], [], []
    for epoch in range(epochs):
        model.train()
        for xb, yb in batches(x, y, 12, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            train_losses.append(loss.item())
        model.eval()
        if evaluate_under_no_autodiff:
            with mg.no_autodiff:
                logits = model(x_val)
                val_loss = loss_fn(logits, y_val)
        else:  # as most PyTorch tutorials do: the graph stays alive until the next epoch
            logits = model(x_val)
            val_loss = loss_fn(logits, y_val)
            assert not model[0].weight.data.flags.writeable  # the live graph guards the weights
        val_losses.append(val_loss.item())
        accuracies.append((logits.data.argmax(axis=1) == y_val).mean())
    return initial, train_losses, val_losses, accuracies


def reference_classifier(initial, epochs: int = 4):
    x, y, x_val, y_val = classification_data()
    ref = RefMLP(initial)
    opt = RefSGD(KEYS, lr=0.1, momentum=0.9)
    train_losses, val_losses = [], []
    for epoch in range(epochs):
        for xb, yb in batches(x, y, 12, epoch):
            value, grads = ref.loss_and_grads(xb, yb, cross_entropy)
            opt.step(ref.params, grads)
            train_losses.append(value)
        val_losses.append(cross_entropy(ref(x_val), y_val)[0])
    return train_losses, val_losses


@pytest.mark.parametrize("under_no_autodiff", [True, False])
def test_classification_with_validation_each_epoch(under_no_autodiff):
    initial, train_losses, val_losses, accuracies = train_classifier(under_no_autodiff)
    want_train, want_val = reference_classifier(initial)
    assert_curve(train_losses, want_train)
    assert_curve(val_losses, want_val)
    assert val_losses[-1] < val_losses[0] and accuracies[-1] >= 0.9


def test_evaluating_with_or_without_no_autodiff_trains_identically():
    with_guard, without = train_classifier(True), train_classifier(False)
    assert with_guard[1] == without[1] and with_guard[2] == without[2]


# ------------------------------------------------------------------ regression
def test_regression_with_adam():
    x, y, x_val, y_val = regression_data()
    model = mlp(4, 8, 1, seed=1)
    ref = RefMLP(model.state_dict())
    optimizer, ref_opt = optim.Adam(model.parameters(), lr=0.01), RefAdam(KEYS, lr=0.01)
    loss_fn = nn.MSELoss()
    got, want = [], []
    for epoch in range(6):
        for xb, yb in batches(x, y, 8, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            got.append(loss.item())
            value, grads = ref.loss_and_grads(xb, yb, mse)
            ref_opt.step(ref.params, grads)
            want.append(value)
        with mg.no_autodiff:
            got.append(loss_fn(model(x_val), y_val).item())
        want.append(mse(ref(x_val), y_val)[0])
    assert_curve(got, want)
    assert got[-1] < got[5]  # the validation loss fell


# ------------------------------------------------------------------ gradient accumulation
def accumulation_loop(use_accumulate_grad: bool):
    x, y, _, _ = classification_data()
    model = mlp(4, 8, 3)
    initial = model.state_dict()
    optimizer = optim.SGD(model.parameters(), lr=0.2)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for epoch in range(3):
        micro_batches = list(batches(x, y, 6, epoch))
        for start in range(0, len(micro_batches), 4):  # 4 micro-batches per step
            optimizer.zero_grad()
            with optimizer.accumulate_grad() if use_accumulate_grad else _nothing():
                for xb, yb in micro_batches[start:start + 4]:
                    loss = loss_fn(model(xb), yb) / 4
                    loss.backward()
                    losses.append(loss.item())
            optimizer.step()
    return initial, losses


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_gradient_accumulation_over_micro_batches():
    initial, losses = accumulation_loop(True)
    x, y, _, _ = classification_data()
    ref, ref_opt = RefMLP(initial), RefSGD(KEYS, lr=0.2)
    want = []
    for epoch in range(3):
        micro_batches = list(batches(x, y, 6, epoch))
        for start in range(0, len(micro_batches), 4):
            total: Dict[str, np.ndarray] = {}
            for xb, yb in micro_batches[start:start + 4]:
                value, grads = ref.loss_and_grads(xb, yb, cross_entropy)
                want.append(value / 4)
                for k, g in grads.items():
                    total[k] = total.get(k, 0) + g / 4
            ref_opt.step(ref.params, total)
    assert_curve(losses, want)


def test_gradient_accumulation_without_accumulate_grad_fails_loudly():
    with pytest.raises(RuntimeError, match=r"4 backward passes.*accumulate_grad"):
        accumulation_loop(False)


# ------------------------------------------------------------------ gradient clipping
def test_gradient_clipping():
    x, y, _, _ = classification_data()
    model = mlp(4, 8, 3)
    ref = RefMLP(model.state_dict())
    optimizer, ref_opt = optim.SGD(model.parameters(), lr=0.5), RefSGD(KEYS, lr=0.5)
    loss_fn = nn.CrossEntropyLoss()
    norms, want_norms, got, want = [], [], [], []
    for epoch in range(3):
        for xb, yb in batches(x, y, 12, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            norms.append(float(clip_grad_norm_(model.parameters(), max_norm=0.5)))
            optimizer.step()
            got.append(loss.item())
            value, grads = ref.loss_and_grads(xb, yb, cross_entropy)
            norm = np.sqrt(sum((g ** 2).sum() for g in grads.values()))
            scale = min(1.0, 0.5 / (norm + 1e-6))  # PyTorch's rule
            ref_opt.step(ref.params, {k: g * scale for k, g in grads.items()})
            want.append(value)
            want_norms.append(norm)
    assert_curve(got, want)
    assert_curve(norms, want_norms)
    assert max(want_norms) > 0.5  # the clipping did bind


# ------------------------------------------------------------------ schedulers
@pytest.mark.parametrize("per", ["batch", "epoch"])
def test_scheduler_stepping_per_batch_and_per_epoch(per):
    x, y, _, _ = classification_data()
    model = mlp(4, 8, 3)
    ref = RefMLP(model.state_dict())
    optimizer, ref_opt = optim.SGD(model.parameters(), lr=0.3, momentum=0.5), RefSGD(KEYS, lr=0.3, momentum=0.5)
    if per == "batch":
        scheduler = optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    else:
        scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    loss_fn = nn.CrossEntropyLoss()
    got, want, lrs = [], [], []
    n_batches = 0
    for epoch in range(5):
        for xb, yb in batches(x, y, 12, epoch):
            lrs.append(optimizer.param_groups[0]["lr"])
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            if per == "batch":
                scheduler.step()
            got.append(loss.item())
            # hand-computed schedule: 0.3 * 0.9^(batches done), or 0.3 * 0.5^(epoch // 2)
            ref_opt.lr = 0.3 * 0.9 ** n_batches if per == "batch" else 0.3 * 0.5 ** (epoch // 2)
            value, grads = ref.loss_and_grads(xb, yb, cross_entropy)
            ref_opt.step(ref.params, grads)
            want.append(value)
            n_batches += 1
        if per == "epoch":
            scheduler.step()
    want_lrs = [0.3 * 0.9 ** k for k in range(20)] if per == "batch" else [0.3 * 0.5 ** (k // 8) for k in range(20)]
    np.testing.assert_allclose(lrs, want_lrs, rtol=1e-12)
    assert_curve(got, want)


# ------------------------------------------------------------------ early stopping
def test_early_stopping_keeps_the_best_state_dict():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(16, 4)), rng.integers(0, 3, size=16)  # labels are noise: it overfits fast
    x_val, y_val = rng.normal(size=(16, 4)), rng.integers(0, 3, size=16)
    model = mlp(4, 16, 3, seed=2)
    ref = RefMLP(model.state_dict())
    optimizer, ref_opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.9), RefSGD(KEYS, lr=0.5, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def run(train_step, val_loss):
        best, best_state, best_epoch, waited, history = np.inf, None, -1, 0, []
        for epoch in range(50):
            for xb, yb in batches(x, y, 8, epoch):
                train_step(xb, yb)
            value, state = val_loss()
            history.append(value)
            if value < best:
                best, best_state, best_epoch, waited = value, state, epoch, 0
            else:
                waited += 1
                if waited == 2:  # patience
                    break
        return history, best, best_state, best_epoch

    def step(xb, yb):
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()

    def val_loss():
        with mg.no_autodiff:
            return loss_fn(model(x_val), y_val).item(), model.state_dict()  # state_dict() copies

    def ref_step(xb, yb):
        ref_opt.step(ref.params, ref.loss_and_grads(xb, yb, cross_entropy)[1])

    def ref_val_loss():
        return cross_entropy(ref(x_val), y_val)[0], None

    history, best, best_state, best_epoch = run(step, val_loss)
    want_history, want_best, _, want_best_epoch = run(ref_step, ref_val_loss)
    assert_curve(history, want_history)
    assert best_epoch == want_best_epoch and len(history) == best_epoch + 3 < 50  # it did stop early
    model.load_state_dict(best_state)
    with mg.no_autodiff:
        assert loss_fn(model(x_val), y_val).item() == pytest.approx(want_best, rel=RTOL)


# ------------------------------------------------------------------ checkpoint and resume
def resumable_run(epochs: range, model, optimizer, scheduler) -> List[float]:
    x, y, _, _ = classification_data()
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for epoch in epochs:
        for xb, yb in batches(x, y, 12, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        scheduler.step()
    return losses


def fresh_run(seed: int):
    model = mlp(4, 8, 3, seed=seed)
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    return model, optimizer, optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)


def test_checkpoint_and_resume_mid_run(tmp_path):
    model, optimizer, scheduler = fresh_run(seed=0)
    initial = model.state_dict()
    straight = resumable_run(range(6), model, optimizer, scheduler)

    model, optimizer, scheduler = fresh_run(seed=0)
    first_half = resumable_run(range(3), model, optimizer, scheduler)
    path = tmp_path / "run.ckpt"
    save_checkpoint(path, {"epoch": 3, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                           "scheduler": scheduler.state_dict()})
    del model, optimizer, scheduler

    model, optimizer, scheduler = fresh_run(seed=7)  # other initial weights: all must come from the file
    checkpoint = load_checkpoint(path)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    second_half = resumable_run(range(int(checkpoint["epoch"]), 6), model, optimizer, scheduler)
    assert first_half + second_half == straight  # bit for bit

    x, y, _, _ = classification_data()
    ref, ref_opt, want = RefMLP(initial), RefAdam(KEYS, lr=0.05), []
    for epoch in range(6):
        ref_opt.lr = 0.05 * 0.5 ** (epoch // 2)
        for xb, yb in batches(x, y, 12, epoch):
            value, grads = ref.loss_and_grads(xb, yb, cross_entropy)
            ref_opt.step(ref.params, grads)
            want.append(value)
    assert_curve(straight, want)


# ------------------------------------------------------------------ two optimizers over one model
def test_two_optimizers_over_one_model():
    x, y, _, _ = classification_data()
    model = mlp(4, 8, 3)
    ref = RefMLP(model.state_dict())
    sgd, adam = optim.SGD(model[0].parameters(), lr=0.1, momentum=0.9), optim.Adam(model[2].parameters(), lr=0.02)
    ref_sgd, ref_adam = RefSGD(KEYS[:2], lr=0.1, momentum=0.9), RefAdam(KEYS[2:], lr=0.02)
    loss_fn = nn.CrossEntropyLoss()
    got, want = [], []
    for epoch in range(3):
        for xb, yb in batches(x, y, 12, epoch):
            sgd.zero_grad()
            adam.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            sgd.step()
            adam.step()
            got.append(loss.item())
            value, grads = ref.loss_and_grads(xb, yb, cross_entropy)
            ref_sgd.step(ref.params, grads)
            ref_adam.step(ref.params, grads)
            want.append(value)
    assert_curve(got, want)


# ------------------------------------------------------------------ a frozen sub-module
@pytest.mark.parametrize("how", ["requires_grad_", "optimize_trainable_only"])
def test_frozen_sub_module(how):
    x, y, _, _ = classification_data()
    model = mlp(4, 8, 3)
    model[0].requires_grad_(False)  # its parameters become constants
    frozen = {k: v for k, v in model.state_dict().items() if k.startswith("0.")}
    ref = RefMLP(model.state_dict())
    params = model.parameters() if how == "requires_grad_" else [p for p in model.parameters() if p.requires_grad]
    optimizer, ref_opt = optim.SGD(params, lr=0.2, momentum=0.9), RefSGD(KEYS[2:], lr=0.2, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    got, want = [], []
    for epoch in range(3):
        for xb, yb in batches(x, y, 12, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            got.append(loss.item())
            value, grads = ref.loss_and_grads(xb, yb, cross_entropy)
            ref_opt.step(ref.params, grads)
            want.append(value)
    assert_curve(got, want)
    for key, value in frozen.items():
        np.testing.assert_array_equal(model.state_dict()[key], value)
    assert model[0].weight.grad is None


# ------------------------------------------------------------------ weight tying
def test_weight_tying():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(32, 3))
    y = np.tanh(x[:, ::-1])
    model = mlp(3, 3, 3, seed=4)
    model[2].weight = model[0].weight  # one parameter, used twice
    assert len(list(model.parameters())) == 3
    tied = ("0.weight", "0.bias", "0.weight", "2.bias")
    ref = RefMLP(model.state_dict(), keys=tied)
    optimizer, ref_opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.5), RefSGD(tied, lr=0.1, momentum=0.5)
    loss_fn = nn.MSELoss()
    got, want = [], []
    for epoch in range(4):
        for xb, yb in batches(x, y, 8, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            got.append(loss.item())
            value, grads = ref.loss_and_grads(xb, yb, mse)  # the tied weight's gradient sums both uses
            ref_opt.step(ref.params, grads)
            want.append(value)
    assert_curve(got, want)
    assert model[2].weight is model[0].weight


# ------------------------------------------------------------------ against PyTorch, where installed
def torch_curve(kind: str, initial: Dict[str, np.ndarray]) -> List[float]:
    """The classification or regression loop in PyTorch (float32), from ``initial`` weights."""
    torch = pytest.importorskip("torch")
    n_hidden, n_out = (8, 3) if kind == "classification" else (8, 1)
    model = torch.nn.Sequential(torch.nn.Linear(4, n_hidden), torch.nn.Tanh(), torch.nn.Linear(n_hidden, n_out))
    model.load_state_dict({k: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in initial.items()})
    if kind == "classification":
        x, y, x_val, y_val = classification_data()
        optimizer, loss_fn = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), torch.nn.CrossEntropyLoss()
        as_target = lambda a: torch.from_numpy(np.asarray(a, dtype=np.int64))  # noqa: E731
    else:
        x, y, x_val, y_val = regression_data()
        optimizer, loss_fn = torch.optim.Adam(model.parameters(), lr=0.01), torch.nn.MSELoss()
        as_target = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float32))  # noqa: E731
    as_input = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float32))  # noqa: E731
    curve = []
    for epoch in range(4):
        for xb, yb in batches(x, y, 12, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(as_input(xb)), as_target(yb))
            loss.backward()
            optimizer.step()
            curve.append(loss.item())
        with torch.no_grad():
            curve.append(loss_fn(model(as_input(x_val)), as_target(y_val)).item())
    return curve


def mygrad_curve(kind: str, initial: Dict[str, np.ndarray]) -> List[float]:
    """The same loop in mygrad, in float32 as PyTorch runs it."""
    model = mlp(4, 8, 3 if kind == "classification" else 1).float()
    model.load_state_dict(initial)
    if kind == "classification":
        x, y, x_val, y_val = classification_data()
        optimizer, loss_fn = optim.SGD(model.parameters(), lr=0.1, momentum=0.9), nn.CrossEntropyLoss()
    else:
        x, y, x_val, y_val = regression_data()
        optimizer, loss_fn = optim.Adam(model.parameters(), lr=0.01), nn.MSELoss()
        y, y_val = y.astype(np.float32), y_val.astype(np.float32)
    x, x_val = x.astype(np.float32), x_val.astype(np.float32)
    curve = []
    for epoch in range(4):
        for xb, yb in batches(x, y, 12, epoch):
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            curve.append(loss.item())
        curve.append(loss_fn(model(x_val), y_val).item())  # no no_autodiff: the graph stays alive
    return curve


@pytest.mark.parametrize("kind", ["classification", "regression"])
def test_curves_equal_pytorch(kind):
    initial = mlp(4, 8, 3 if kind == "classification" else 1, seed=11).float().state_dict()
    want = torch_curve(kind, initial)  # skips without PyTorch
    np.testing.assert_allclose(mygrad_curve(kind, initial), want, rtol=1e-4, atol=1e-6)


def test_restoring_a_state_dict_while_an_evaluation_graph_is_alive():
    x, y, x_val, y_val = classification_data()
    model = mlp(4, 8, 3)
    best = model.state_dict()
    optimizer, loss_fn = optim.SGD(model.parameters(), lr=0.5), nn.CrossEntropyLoss()
    for xb, yb in batches(x, y, 12, 0):
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()
    val_loss = loss_fn(model(x_val), y_val)  # kept, outside no_autodiff: the weights are read-only
    trained = val_loss.item()
    model.load_state_dict(best)  # PyTorch habit: restore the best weights
    with mg.no_autodiff:
        assert loss_fn(model(x_val), y_val).item() == pytest.approx(cross_entropy(RefMLP(best)(x_val), y_val)[0])
    assert val_loss.item() == trained  # the kept graph still shows the trained weights' loss
    val_loss.backward()
    assert model[0].weight.grad is None  # its gradient went to the trained (pre-restore) values
