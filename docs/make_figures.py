"""Make the pictures of the documentation (docs/_static/figures/).

    python docs/make_figures.py            # everything
    python docs/make_figures.py graphs     # the tutorials' computational graphs (seconds; needs Graphviz)
    python docs/make_figures.py gd         # the gradient-descent tutorial's plot (seconds)
    python docs/make_figures.py mnist      # learning curve + confusion matrix (a few minutes; needs MNIST)

The graphs are drawn by ``mygrad.computational_graph.build_graph`` from the
same computations the tutorials run. Each is saved as an SVG next to a
normalised copy of its DOT text; tests/test_docs.py redraws the graphs and
compares them with the DOT files, so a change in mygrad that changes a
picture fails the tests until this script is run again.

The gradient-descent plot reruns that tutorial's two experiments.

The MNIST pictures come from a short run of ``examples/train_mnist.py``'s
model, data pipeline and evaluation: the default CNN, trained for the
default 3 epochs (Adam, lr 1e-3, batch 64, cosine schedule, seed 0),
recording the training loss every 50 steps and the test loss and accuracy
twice per epoch. It needs matplotlib and the MNIST files, found as the
example finds them (``--data-dir``, ``$MYGRAD_DATA``, ...).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from pathlib import Path

import numpy as np

DOCS = Path(__file__).resolve().parent
FIGURES = DOCS / "_static" / "figures"
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # this checkout's mygrad, also when it is not installed

import mygrad as mg  # noqa: E402
from mygrad.computational_graph import build_graph  # noqa: E402


# ----------------------------------------------------------------------------- computational graphs
def _graph_product():
    """f = x^2 sin(x) at x = 1.5 (Automatic differentiation in 5 minutes)."""
    x = mg.tensor(1.5)
    u = x ** 2
    v = mg.sin(x)
    f = u * v
    return build_graph(f, names={"x": x, "x**2": u, "sin(x)": v, "f": f}, graphviz=True)


def _graph_chain():
    """The squared error (w x + b - y)^2, annotated with values and gradients."""
    w = mg.tensor(2.0)
    b = mg.tensor(0.5)
    x = mg.tensor(3.0, constant=True)
    y = mg.tensor(4.0, constant=True)
    p = w * x
    y_hat = p + b
    r = y_hat - y
    L = r ** 2
    names = {"w": w, "b": b, "x": x, "y": y, "p": p, "y_hat": y_hat, "r": r, "L": L}
    graph = build_graph(L, names=names, graphviz=True)
    values = {name: float(t.item()) for name, t in names.items()}
    L.backward()
    grads = {name: (None if t.grad is None else float(t.grad)) for name, t in names.items()}
    return _annotate(graph, values, grads)


def _graph_reuse():
    """f = x e^x: x reaches f along two paths."""
    x = mg.tensor(2.0)
    e = mg.exp(x)
    f = x * e
    return build_graph(f, names={"x": x, "exp(x)": e, "f": f}, graphviz=True)


def _annotate(graph, values, grads, rankdir=None):
    """Relabel each named tensor's box 'name = value' and 'dL/dname = grad' (none for constants)."""
    body = []
    for line in graph.body:
        match = re.search(r'\[label="?([A-Za-z_]+)"? shape=box\]', line)
        if match and match.group(1) in values:
            name = match.group(1)
            grad = grads[name]
            text = f"{name} = {values[name]:g}\\n" + ("constant" if grad is None else f"dL/d{name} = {grad:g}")
            line = line.replace(match.group(0), f'[label="{text}" shape=box]')
        body.append(line)
    graph.body[:] = body
    if rankdir:
        graph.graph_attr["rankdir"] = rankdir
    return graph


def tutorial_graphs():
    """name -> graphviz.Digraph of every graph drawn in the tutorials."""
    return {"graph_product": _graph_product(), "graph_chain": _graph_chain(), "graph_reuse": _graph_reuse()}


def normalized_dot(source: str) -> str:
    """DOT text with the node ids (which come from id()) renumbered in order of appearance."""
    ids = {}

    def renumber(match):
        return ids.setdefault(match.group(0), f"{match.group(1)}{len(ids)}")

    return re.sub(r"\b(t|op)\d+\b", renumber, source)


def make_graphs() -> None:
    for name, graph in tutorial_graphs().items():
        graph.format = "svg"
        svg = graph.pipe(format="svg").decode("utf-8")
        (FIGURES / f"{name}.svg").write_text(svg, encoding="utf-8")
        (FIGURES / f"{name}.dot").write_text(normalized_dot(graph.source), encoding="utf-8")
        print(f"wrote {FIGURES / name}.svg")


# ----------------------------------------------------------------------------- gradient descent
def make_gradient_descent() -> None:
    """The two experiments of tutorials/gradient_descent.rst, run as the page runs them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=100)
    y = 3 * x - 1 + 0.1 * rng.normal(size=100)
    curves = {}
    for lr in (0.1, 0.5, 1.1):
        w, b = mg.tensor(0.0), mg.tensor(0.0)
        curves[lr] = []
        for step in range(30):
            loss = mg.mean((w * x + b - y) ** 2)
            loss.backward()
            w -= lr * w.grad
            b -= lr * b.grad
            curves[lr].append(loss.item())

    X = np.linspace(-3, 3, 64).reshape(-1, 1)
    Y = np.sin(X)
    rng = np.random.default_rng(1)
    W1 = mg.tensor(rng.normal(size=(1, 16)))
    b1 = mg.tensor(np.zeros(16))
    W2 = mg.tensor(rng.normal(size=(16, 1)) / np.sqrt(16))
    b2 = mg.tensor(np.zeros(1))
    params = [W1, b1, W2, b2]

    def model(X):
        return mg.tanh(X @ W1 + b1) @ W2 + b2

    fine = np.linspace(-3, 3, 300).reshape(-1, 1)
    snapshots = {}
    for step in range(3001):
        if step in (0, 100, 1000, 3000):
            with mg.no_autodiff:
                snapshots[step] = model(fine).data.ravel()
        loss = mg.mean((model(X) - Y) ** 2)
        loss.backward()
        for p in params:
            p -= 0.1 * p.grad

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    for lr, losses in curves.items():
        left.plot(range(len(losses)), losses, "o-", ms=3, label=f"learning rate {lr}")
    left.set_yscale("log")
    left.set_xlabel("step")
    left.set_ylabel("mean squared error")
    left.set_title("fitting a line: the learning rate")
    left.legend()
    right.plot(X.ravel(), Y.ravel(), "k.", ms=4, label="data: sin(x)")
    colours = plt.get_cmap("viridis")(np.linspace(0.85, 0.0, len(snapshots)))
    for (step, curve), colour in zip(snapshots.items(), colours):
        right.plot(fine.ravel(), curve, color=colour, lw=2 if step == 3000 else 1.2,
                   label=f"network after {step} steps")
    right.set_xlabel("x")
    right.set_title("a 16-unit tanh network learning sin(x)")
    right.legend(fontsize=8, loc="lower right")
    fig.savefig(FIGURES / "gradient_descent.png", dpi=100)
    plt.close(fig)
    print(f"wrote {FIGURES / 'gradient_descent.png'}")


# ----------------------------------------------------------------------------- MNIST
def _load_example():
    spec = importlib.util.spec_from_file_location("train_mnist", ROOT / "examples" / "train_mnist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_mnist(argv) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    example = _load_example()
    args = example.parse_args(["--no-download", *argv])
    mg.random.seed(args.seed)
    x_train, y_train, x_test, y_test = example.load_images(args)
    loader = example.DataLoader(example.TensorDataset(x_train, y_train), batch_size=args.batch_size,
                                shuffle=True, seed=args.seed)
    model = example.build_model(args.model)
    optimizer = example.build_optimizer(args.optimizer, model.parameters(), args.lr)
    scheduler = mg.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    loss_fn = mg.nn.CrossEntropyLoss()

    steps_per_epoch = len(loader)
    train_steps, train_losses, test_steps, test_losses, test_accs = [], [], [], [], []
    window, step, started = [], 0, time.perf_counter()
    for epoch in range(args.epochs):
        loader.set_epoch(epoch)
        model.train()
        for images, labels in loader:
            logits = model(mg.tensor(images))
            loss = loss_fn(logits, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            window.append(loss.item())
            if step % 50 == 0:
                train_steps.append(step)
                train_losses.append(float(np.mean(window)))
                window = []
            if step % (steps_per_epoch // 2) == 0 or step == (epoch + 1) * steps_per_epoch:
                result = example.evaluate(model, x_test, y_test, loss_fn)
                model.train()
                if not test_steps or test_steps[-1] != step:
                    test_steps.append(step)
                    test_losses.append(result["loss"])
                    test_accs.append(result["accuracy"])
                print(f"step {step}: test loss {result['loss']:.4f}, accuracy {result['accuracy']:.4f} "
                      f"({time.perf_counter() - started:.0f} s)")
        scheduler.step()
    result = example.evaluate(model, x_test, y_test, loss_fn)
    counts = example.confusion_matrix(y_test, result["predicted"])
    names = example.CLASS_NAMES[args.dataset]

    # learning curve
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    epochs = np.asarray(train_steps) / steps_per_epoch
    ax.plot(epochs, train_losses, color="tab:blue", lw=1.2, label="training loss (mean of 50 batches)")
    ax.plot(np.asarray(test_steps) / steps_per_epoch, test_losses, "o-", color="tab:orange", label="test loss")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    ax2 = ax.twinx()
    ax2.plot(np.asarray(test_steps) / steps_per_epoch, np.asarray(test_accs) * 100, "s--", color="tab:green",
             label="test accuracy")
    ax2.set_ylabel("test accuracy (%)")
    lines = ax.get_lines() + ax2.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], loc="center right")
    ax.set_title(f"CNN on MNIST: {args.epochs} epochs, final test accuracy {result['accuracy']:.2%}")
    fig.savefig(FIGURES / "mnist_learning_curve.png", dpi=110)
    plt.close(fig)

    # confusion matrix
    fig, ax = plt.subplots(figsize=(6.2, 5.4), layout="constrained")
    shown = np.where(np.eye(len(names), dtype=bool), 0, counts)  # the diagonal would drown the colours
    image = ax.imshow(shown, cmap="Reds")
    for i in range(len(names)):
        for j in range(len(names)):
            ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=8,
                    color="black" if i == j or shown[i, j] < shown.max() / 2 else "white",
                    fontweight="bold" if i == j else "normal")
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(f"MNIST test set: {int(counts.trace())} of {counts.sum()} right\n"
                 "(colour: count of each mistake; diagonal: correct)")
    fig.colorbar(image, ax=ax, shrink=0.8, label="misclassified images")
    fig.savefig(FIGURES / "mnist_confusion_matrix.png", dpi=110)
    plt.close(fig)
    print(f"wrote the MNIST figures to {FIGURES} (final test accuracy {result['accuracy']:.4f})")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", choices=["all", "graphs", "gd", "mnist"], default="all")
    args, rest = parser.parse_known_args(argv)
    FIGURES.mkdir(parents=True, exist_ok=True)
    if args.what in ("all", "graphs"):
        make_graphs()
    if args.what in ("all", "gd"):
        make_gradient_descent()
    if args.what in ("all", "mnist"):
        make_mnist(rest)


if __name__ == "__main__":
    sys.exit(main())
