"""Optimizer behaviour shared by every update rule."""

import numpy as np
import pytest

import mygrad as mg
from mygrad import optim
from mygrad.optim import SGD


def test_step_updates_a_parameter_kept_read_only_by_a_live_graph():
    w = mg.tensor([1.0, 2.0])
    kept = w * 3  # a graph that is never back-propagated: it keeps w's array read-only
    (w * w).sum().backward()
    SGD([w], lr=0.1).step()  # w gets new memory; the graph keeps the old values
    np.testing.assert_allclose(w.data, [0.8, 1.6])
    np.testing.assert_array_equal(kept.data, [3.0, 6.0])
    assert w.data.flags.writeable


def test_parameter_groups_keep_the_users_own_keys_as_pytorch_does():
    # layer-wise lr decay tags groups with "lr_scale" (read by a schedule of the user's), SAM passes "rho"
    w, v = mg.tensor([1.0]), mg.tensor([2.0])
    opt = optim.SGD([{"params": [w], "lr_scale": 0.5, "layer_id": 3}, {"params": [v], "name": "head"}], lr=0.1)
    assert opt.param_groups[0]["lr_scale"] == 0.5 and opt.param_groups[0]["layer_id"] == 3
    for group in opt.param_groups:
        group["lr"] = 0.1 * group.get("lr_scale", 1.0)
    (w * w + v * v).sum().backward()
    opt.step()
    np.testing.assert_allclose([w.item(), v.item()], [1.0 - 0.05 * 2, 2.0 - 0.1 * 4])
    saved = opt.state_dict()
    assert saved["param_groups"][0]["lr_scale"] == 0.5
    opt.load_state_dict(saved)
    with pytest.raises(ValueError, match=r"unknown option\(s\) \['betas'\]"):  # another optimizer's option: a mistake
        optim.SGD([{"params": [mg.tensor([1.0])], "betas": (0.9, 0.99)}], lr=0.1)


def test_state_is_a_defaultdict_as_custom_optimizers_expect():
    # custom optimizers written for PyTorch (SAM, Lookahead) do self.state[p]["old_p"] = ... on a fresh parameter
    w = mg.tensor([1.0, 2.0])
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    opt.state[w]["old_p"] = w.data.copy()
    (w * w).sum().backward()
    opt.step()
    assert set(opt.state[w]) == {"old_p", "momentum_buffer"}
    opt.load_state_dict(opt.state_dict())
    assert opt.state[mg.tensor([0.0])] == {}  # still a defaultdict after loading


def test_zeroing_by_another_optimizer_over_the_same_parameters_counts():
    # SAM: base = SGD(sam.param_groups); sam.zero_grad() between the two passes, then base.step()
    from mygrad import nn

    layer = nn.Linear(2, 1).double()
    base = optim.SGD(layer.parameters(), lr=0.5)
    wrapper = optim.SGD(base.param_groups, lr=0.5)
    base.zero_grad()
    layer(np.ones((1, 2))).sum().backward()
    wrapper.zero_grad()  # PyTorch: .grad is None again, for both optimizers
    (layer(np.ones((1, 2))) * 3).sum().backward()
    before = layer.weight.data.copy()
    base.step()  # one pass since the zeroing: no "2 backward passes" error
    np.testing.assert_allclose(layer.weight.data, before - 0.5 * 3)


def test_a_state_dict_with_the_users_own_group_keys_loads():
    w = mg.tensor([1.0])
    saved = optim.SGD([{"params": [w], "lr_scale": 0.5}], lr=0.1).state_dict()
    opt = optim.SGD([w], lr=0.1)
    opt.load_state_dict(saved)  # (PyTorch copies every saved group key)
    assert opt.param_groups[0]["lr_scale"] == 0.5
    saved["param_groups"][0]["betas"] = (0.9, 0.99)  # another optimizer's option: a foreign state dict
    with pytest.raises(ValueError, match="betas"):
        optim.SGD([w], lr=0.1).load_state_dict(saved)
