"""Adamax, NAdam, RAdam and Adadelta: hand-computed first steps, and trajectories against PyTorch's."""

import numpy as np
import pytest

import mygrad as mg
from mygrad import optim


def _trajectory(make, lib, start, steps=12):
    """Minimise sum(sin(w) * w) from ``start`` with the optimizer ``make(params)``; the final parameters."""
    if lib == "mygrad":
        w = mg.tensor(start.copy())
        opt = make([w])
        for _ in range(steps):
            opt.zero_grad()
            (mg.sin(w) * w).sum().backward()
            opt.step()
        return w.data
    torch = pytest.importorskip("torch", reason="compares with PyTorch's optimizers")
    w = torch.tensor(start.copy(), requires_grad=True)
    opt = make([w])
    for _ in range(steps):
        opt.zero_grad()
        (torch.sin(w) * w).sum().backward()
        opt.step()
    return w.detach().numpy()


CASES = [
    ("Adamax", dict(lr=0.05, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1, maximize=True)),
    ("Adamax", dict()),
    ("NAdam", dict(lr=0.05, betas=(0.8, 0.9), weight_decay=0.1, momentum_decay=0.1)),
    ("NAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict(lr=0.05, betas=(0.8, 0.9), weight_decay=0.1)),  # rho_t > 5 from step 6 on: both branches
    ("RAdam", dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True)),
    ("Adadelta", dict(lr=0.5, rho=0.5, weight_decay=0.1, maximize=True)),
    ("Adadelta", dict()),
]


@pytest.mark.parametrize("name, options", CASES)
def test_trajectory_equals_pytorchs(name, options):
    torch = pytest.importorskip("torch", reason="compares with PyTorch's optimizers")
    start = np.random.default_rng(0).normal(size=(3, 2))
    ours = _trajectory(lambda p: getattr(optim, name)(p, **options), "mygrad", start)
    theirs = _trajectory(lambda p: getattr(torch.optim, name)(p, **options), "torch", start)
    # (PyTorch keeps NAdam's running product of momenta in float32: ~1e-9 apart after 12 steps)
    np.testing.assert_allclose(ours, theirs, rtol=1e-7 if name == "NAdam" else 1e-10, atol=1e-12)


@pytest.mark.parametrize("name, options", CASES[::2])
def test_a_pytorch_state_dict_loads_and_continues(name, options):
    torch = pytest.importorskip("torch", reason="loads a PyTorch optimizer's state dict")
    start = np.array([[1.0, -2.0], [0.5, 3.0]])
    tw = torch.tensor(start, requires_grad=True)
    topt = getattr(torch.optim, name)([tw], **options)
    w = mg.tensor(start.copy())
    for _ in range(3):
        topt.zero_grad()
        (tw ** 2).sum().backward()
        topt.step()
    w.data[...] = tw.detach().numpy()
    opt = getattr(optim, name)([w], **options)
    opt.load_state_dict(topt.state_dict())
    for _ in range(3):
        for o, x, square in ((opt, w, lambda v: (v ** 2).sum()), (topt, tw, lambda v: (v ** 2).sum())):
            o.zero_grad()
            square(x).backward()
            o.step()
    np.testing.assert_allclose(w.data, tw.detach().numpy(), rtol=1e-7)


def test_first_steps_by_hand():
    w = mg.tensor([1.0, -2.0])
    opt = optim.RAdam([w], lr=0.1, betas=(0.9, 0.999))
    for expected in ([0.8, -1.6], ):  # rho_1 <= 5: lr * m_hat = lr * g
        (w * w).sum().backward()
        opt.step()
        np.testing.assert_allclose(w.data, expected)
    w = mg.tensor([3.0])
    opt = optim.Adamax([w], lr=0.5)
    (w * w).sum().backward()  # g = 6: m = 0.6, u = 6 + eps, step lr / 0.1 * 0.6 / 6 = lr
    opt.step()
    np.testing.assert_allclose(w.data, [2.5])


def test_option_errors():
    with pytest.raises(ValueError, match="beta parameter at index 1"):
        optim.NAdam([mg.tensor([1.0])], betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="rho"):
        optim.Adadelta([mg.tensor([1.0])], rho=1.5)
    with pytest.raises(ValueError, match="momentum_decay"):
        optim.NAdam([mg.tensor([1.0])], momentum_decay=-1.0)
    with pytest.raises(NotImplementedError, match="differentiable"):
        optim.RAdam([mg.tensor([1.0])], differentiable=True)
