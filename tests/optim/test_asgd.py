"""ASGD: trajectories and averages against PyTorch's, a hand-computed run, float32 and option errors."""

import numpy as np
import pytest

import mygrad as mg
from mygrad import optim
from tests.optim.test_adam_variants import _trajectory


@pytest.mark.parametrize("options", [dict(), dict(lr=0.05, lambd=0.01, alpha=0.5, t0=3, weight_decay=0.1),
                                     dict(lr=0.1, t0=0, maximize=True)])
def test_trajectory_equals_pytorchs(options):
    torch = pytest.importorskip("torch", reason="compares with PyTorch's optimizers")
    start = np.random.default_rng(0).normal(size=(3, 2)) * 2
    ours = _trajectory(lambda p: optim.ASGD(p, **options), "mygrad", start, steps=15)
    theirs = _trajectory(lambda p: torch.optim.ASGD(p, **options), "torch", start, steps=15)
    # (PyTorch keeps eta and mu as float32 tensors: ~1e-9 apart after 15 steps)
    np.testing.assert_allclose(ours, theirs, rtol=1e-7, atol=1e-8)


def test_the_average_of_the_iterates_equals_pytorchs():
    torch = pytest.importorskip("torch", reason="compares with PyTorch's optimizers")
    start = np.random.default_rng(1).normal(size=(4,))
    w, tw = mg.tensor(start.copy()), torch.tensor(start.copy(), requires_grad=True)
    opt, topt = optim.ASGD([w], lr=0.05, lambd=0.01, t0=3), torch.optim.ASGD([tw], lr=0.05, lambd=0.01, t0=3)
    for _ in range(8):
        (mg.sin(w) * w).sum().backward()
        opt.step()
        topt.zero_grad()
        (torch.sin(tw) * tw).sum().backward()
        topt.step()
    ours, theirs = opt.state_dict()["state"][0], topt.state_dict()["state"][0]
    np.testing.assert_allclose(ours["ax"], theirs["ax"].numpy(), rtol=1e-7)
    assert ours["mu"] == pytest.approx(float(theirs["mu"])) and ours["step"] == int(theirs["step"])


def test_steps_by_hand_and_float32_stays_float32():
    w = mg.tensor(np.array([1.0], dtype=np.float32))
    opt = optim.ASGD([w], lr=0.1, lambd=0.0, t0=0)
    for _ in range(3):
        (w * w).sum().backward()  # w -> 0.8 w; the average starts after the second step
        opt.step()
    np.testing.assert_allclose(w.data, [0.512], rtol=1e-6)
    np.testing.assert_allclose(opt.state_dict()["state"][0]["ax"], [(0.64 + 0.512) / 2], rtol=1e-6)
    assert w.dtype == np.float32 and opt.state_dict()["state"][0]["ax"].dtype == np.float32


@pytest.mark.parametrize("options, message", [(dict(lambd=-1.0), "lambd"), (dict(alpha=-0.5), "alpha"),
                                              (dict(weight_decay=-0.1), "weight_decay"),
                                              (dict(differentiable=True), "differentiable")])
def test_option_errors(options, message):
    with pytest.raises((ValueError, TypeError, NotImplementedError), match=message):
        optim.ASGD([mg.tensor([1.0])], **options)
