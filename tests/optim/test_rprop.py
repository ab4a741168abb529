"""Rprop: trajectories and state dicts against PyTorch's, a hand-computed run, float32 and option errors."""

import numpy as np
import pytest

import mygrad as mg
from mygrad import optim
from tests.optim.test_adam_variants import _trajectory


@pytest.mark.parametrize("options", [dict(), dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2)),
                                     dict(lr=0.3, maximize=True)])
def test_trajectory_equals_pytorchs(options):
    # (a trajectory of sin(w) * w crosses minima, so signs flip and step sizes shrink as well as grow)
    torch = pytest.importorskip("torch", reason="compares with PyTorch's optimizers")
    start = np.random.default_rng(0).normal(size=(3, 2)) * 3
    ours = _trajectory(lambda p: optim.Rprop(p, **options), "mygrad", start, steps=20)
    theirs = _trajectory(lambda p: torch.optim.Rprop(p, **options), "torch", start, steps=20)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_a_pytorch_state_dict_loads_and_continues():
    torch = pytest.importorskip("torch", reason="loads a PyTorch optimizer's state dict")
    start = np.array([[1.0, -2.0], [0.5, 3.0]])
    tw = torch.tensor(start, requires_grad=True)
    topt = torch.optim.Rprop([tw], lr=0.1)
    for _ in range(3):
        topt.zero_grad()
        (torch.sin(tw) * tw).sum().backward()
        topt.step()
    w = mg.tensor(tw.detach().numpy().copy())
    opt = optim.Rprop([w], lr=0.1)
    opt.load_state_dict(topt.state_dict())
    for _ in range(4):
        topt.zero_grad()
        (torch.sin(tw) * tw).sum().backward()
        topt.step()
        (mg.sin(w) * w).sum().backward()
        opt.step()
    np.testing.assert_allclose(w.data, tw.detach().numpy(), rtol=1e-12)


def test_steps_by_hand_and_float32_stays_float32():
    w = mg.tensor(np.array([1.0, -1.0], dtype=np.float32))
    opt = optim.Rprop([w], lr=0.1)
    for _ in range(3):
        (w * w).sum().backward()  # the signs never flip: steps of 0.1, 0.12, 0.144
        opt.step()
    np.testing.assert_allclose(w.data, [1 - 0.364, -1 + 0.364], rtol=1e-6)
    assert w.dtype == np.float32 and opt.state_dict()["state"][0]["step_size"].dtype == np.float32
    w2 = mg.tensor([0.05])
    opt2 = optim.Rprop([w2], lr=0.1)
    for expected in (-0.05, -0.05, 0.0):  # overshoots 0, then its sign flips: no move, a smaller step
        (w2 * w2).sum().backward()
        opt2.step()
        np.testing.assert_allclose(w2.data, [expected], atol=1e-12)


@pytest.mark.parametrize("options, message", [(dict(etas=(1.2, 0.5)), "eta"), (dict(etas=(0.5, 1.0)), "eta"),
                                              (dict(step_sizes=(1.0, 0.1)), "step_sizes"),
                                              (dict(differentiable=True), "differentiable")])
def test_option_errors(options, message):
    with pytest.raises((ValueError, TypeError, NotImplementedError), match=message):
        optim.Rprop([mg.tensor([1.0])], **options)
