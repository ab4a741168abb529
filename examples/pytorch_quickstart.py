"""PyTorch's "quickstart" loop, written with mygrad: train, validate, save, load, predict.

The structure follows the PyTorch tutorial step by step - a Fashion-MNIST
classifier (Flatten, Linear 784-512, ReLU, Linear 512-512, ReLU, Linear 512-10),
SGD, cross-entropy, a ``train`` and a ``test`` function, then saving the
weights, loading them into a new model and predicting. The differences are
the names: ``mg.no_autodiff`` for ``torch.no_grad()``, ``save_checkpoint`` /
``load_checkpoint`` for ``torch.save`` / ``torch.load``, NumPy arrays for
tensors. Without Fashion-MNIST on disk (see the README's "Data" section) a
synthetic stand-in of the same shape is used.

    python examples/pytorch_quickstart.py [--epochs 5] [--train-size N] [--lr 1e-3] [--synthetic]
"""

from __future__ import annotations

import argparse
import os
import tempfile

import numpy as np

import mygrad as mg
from mygrad import nn, optim
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.data import DataLoader, TensorDataset, load_fashion_mnist

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


class NeuralNetwork(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(),
            nn.Linear(512, 512), nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


def load_data(train_size: int, test_size: int, synthetic: bool):
    """Fashion-MNIST as float32 images in [0, 1], or a synthetic stand-in if it is not on disk."""
    try:
        if synthetic:
            raise FileNotFoundError("--synthetic")
        x_train, y_train, x_test, y_test = load_fashion_mnist(progress=False)
        print("data: Fashion-MNIST")
    except FileNotFoundError:
        print("data: synthetic stand-in of Fashion-MNIST's shape (Fashion-MNIST not found, or --synthetic)")
        rng = np.random.default_rng(0)
        prototypes = rng.integers(0, 256, size=(10, 28, 28))
        labels = rng.integers(0, 10, size=70_000)
        images = np.clip(prototypes[labels] + rng.normal(scale=80, size=(70_000, 28, 28)), 0, 255)
        x_train, y_train, x_test, y_test = images[:60_000], labels[:60_000], images[60_000:], labels[60_000:]
    scale = lambda images: (np.asarray(images, dtype=np.float32) / 255.0)  # noqa: E731
    return (TensorDataset(scale(x_train[:train_size]), y_train[:train_size]),
            TensorDataset(scale(x_test[:test_size]), y_test[:test_size]))


def train(dataloader, model, loss_fn, optimizer) -> None:
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)  # compute the prediction error
        loss = loss_fn(pred, y)
        loss.backward()  # backpropagation
        optimizer.step()
        optimizer.zero_grad()
        if batch % 100 == 0:
            print(f"loss: {loss.item():>7f}  [{(batch + 1) * len(X):>5d}/{size:>5d}]")


def test(dataloader, model, loss_fn) -> float:
    model.eval()
    test_loss, correct = 0.0, 0
    with mg.no_autodiff:
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += int((pred.data.argmax(1) == y).sum())
    test_loss /= len(dataloader)
    accuracy = correct / len(dataloader.dataset)
    print(f"Test Error: \n Accuracy: {100 * accuracy:>0.1f}%, Avg loss: {test_loss:>8f} \n")
    return accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--train-size", type=int, default=60_000)
    parser.add_argument("--test-size", type=int, default=10_000)
    parser.add_argument("--synthetic", action="store_true", help="use the synthetic stand-in data")
    parser.add_argument("--out-dir", default=None, help="where model.ckpt goes (default: a temporary folder)")
    args = parser.parse_args()

    np.random.seed(0)  # initialisation and shuffling draw from NumPy's global state
    training_data, test_data = load_data(args.train_size, args.test_size, args.synthetic)
    train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)
    test_dataloader = DataLoader(test_data, batch_size=64)

    model = NeuralNetwork()
    print(model)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=args.lr)
    for t in range(args.epochs):
        print(f"Epoch {t + 1}\n-------------------------------")
        train(train_dataloader, model, loss_fn, optimizer)
        test(test_dataloader, model, loss_fn)
    print("Done!")

    path = os.path.join(args.out_dir or tempfile.mkdtemp(), "model.ckpt")
    save_checkpoint(path, model.state_dict())
    print(f"Saved model state to {path}")

    loaded = NeuralNetwork()
    loaded.load_state_dict(load_checkpoint(path))
    print("Loaded model state from", path)
    accuracy = test(test_dataloader, loaded, loss_fn)

    x, y = test_data[0]
    with mg.no_autodiff:
        pred = loaded(x[None])
        same = np.array_equal(pred.data, model(x[None]).data)
    print(f'Predicted: "{CLASSES[int(pred.data[0].argmax())]}", Actual: "{CLASSES[int(y)]}"')
    print(f"loaded model agrees with the trained one: {same}; test accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
