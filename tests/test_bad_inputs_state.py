"""A call that raises changes nothing: modules, optimizers, schedulers, data loaders.

Each case makes a call fail part-way - after some of the state it touches
could already have been changed - and compares the complete state before
and after (``snapshot`` from tests/test_bad_inputs.py: state dicts, arrays,
gradients, flags).
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

import mygrad as mg
from mygrad import nn, optim
from mygrad.data import DataLoader, TensorDataset
from mygrad.optim import lr_scheduler as sched
from tests.test_bad_inputs import check, same, snapshot

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def batch(n: int = 6, features: int = 3) -> np.ndarray:
    return np.random.default_rng(0).normal(size=(n, features))


# ----------------------------------------------------------------------------- modules
class NormThenHead(nn.Module):
    """A user's model (not a Sequential): BatchNorm updates its statistics, then the head may refuse."""

    def __init__(self, head_in: int = 4) -> None:
        super().__init__()
        self.norm = nn.BatchNorm1d(3)
        self.head = nn.Linear(head_in, 2)

    def forward(self, x: Any) -> Any:
        return self.head(self.norm(x))


def trained(module: nn.Module) -> nn.Module:
    module(batch())  # some history, so that a reset would show too
    return module


def test_custom_module_failing_after_batchnorm_keeps_running_stats_and_counter():
    net = trained(NormThenHead(head_in=3))
    net.head = nn.Linear(4, 2)  # now mis-sized: the call fails after norm updated its statistics
    check(lambda: net(batch()), ValueError, "in_features=4", unchanged=(net,))
    assert int(net.norm.num_batches_tracked.item()) == 1


def test_nested_custom_modules_and_a_sequential_inside():
    class Outer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.first = NormThenHead(head_in=3)
            self.block = nn.Sequential(nn.Linear(2, 5), nn.BatchNorm1d(5))
            self.last = nn.Linear(4, 1)  # mis-sized: the block's output has 5 features

        def forward(self, x: Any) -> Any:
            return self.last(self.block(self.first(x)))

    net = trained_outer = Outer()
    with pytest.raises(ValueError):
        net(batch())
    assert int(net.first.norm.num_batches_tracked.item()) == 0 and int(net.block[1].num_batches_tracked.item()) == 0
    trained_outer.last = nn.Linear(5, 1)
    trained_outer(batch())  # the same call works once the layer fits, and then does count
    assert int(net.block[1].num_batches_tracked.item()) == 1


def test_a_module_held_outside_the_registries_is_restored_too():
    outside = trained(nn.BatchNorm1d(3))

    class Uses(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.head = nn.Linear(4, 1)

        def forward(self, x: Any) -> Any:
            return self.head(outside(x))  # `outside` is not a registered child

    net = Uses()
    check(lambda: net(batch()), ValueError, unchanged=(outside, net))


def test_buffers_reassigned_added_or_grown_in_a_failing_forward_are_put_back():
    class Counts(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("calls", np.array(0))
            self.register_buffer("seen", np.zeros(3))

        def forward(self, x: Any) -> Any:
            self.calls = self.calls + 1  # a new tensor assigned to the buffer
            self.seen.data += 1  # the same array changed in place
            self.register_buffer("extra", np.ones(2))  # a buffer added
            raise RuntimeError("refused after counting")

    module = Counts()
    before = snapshot(module)
    registry = dict(module._buffers)
    with pytest.raises(RuntimeError, match="refused after counting"):
        module(batch())
    assert same(snapshot(module), before)
    assert "extra" not in module._buffers and all(module._buffers[k] is t for k, t in registry.items())


def test_a_failing_forward_hook_and_keyboard_interrupt_restore_buffers():
    net = trained(nn.Sequential(nn.BatchNorm1d(3)))

    def hook(module: nn.Module, inputs: tuple, output: Any) -> None:
        raise KeyboardInterrupt

    handle = net.register_forward_hook(hook)
    before = snapshot(net)
    with pytest.raises(KeyboardInterrupt):
        net(batch())
    assert same(snapshot(net), before)
    handle.remove()
    net(batch())
    assert int(net[0].num_batches_tracked.item()) == 2  # a call that succeeds keeps its updates


def test_a_buffer_locked_by_a_live_graph_is_restored_in_new_memory():
    bn = trained(nn.BatchNorm1d(3)).eval()
    kept = (bn(batch()) * 1).sum()  # an eval output whose graph reads the running statistics
    bn.train()

    class Fails(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bn = bn

        def forward(self, x: Any) -> Any:
            self.bn(x)
            raise ValueError("later layer refuses")

    before = snapshot(bn)
    with pytest.raises(ValueError):
        Fails()(batch())
    assert same(snapshot(bn), before)
    kept.backward()  # the kept graph is intact


def test_register_buffer_with_a_bad_persistent_flag_registers_nothing():
    module = nn.Linear(3, 2)
    check(lambda: module.register_buffer("extra", np.zeros(2), persistent=np.array([True, False])), TypeError,
          "register_buffer", "persistent", unchanged=(module,))
    assert "extra" not in module._buffers


@pytest.mark.parametrize("value, facts", [
    ([[1.0], [2.0, 3.0]], ["cannot read 0.bias"]),
    (np.array(["a", "b"]), ["dtype mismatch for 0.bias"]),
    (np.ones(5), ["size mismatch for 0.bias"]),
])
def test_module_load_state_dict_refuses_every_bad_entry_before_writing(value, facts):
    net = trained(nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)))
    state = {k: v * 0 + 7 for k, v in net.state_dict().items()}
    state["0.bias"] = value
    check(lambda: net.load_state_dict(state), RuntimeError, "Error(s) in loading state_dict", *facts,
          unchanged=(net,))


def test_module_load_state_dict_strict_must_be_a_bool():
    net = nn.Linear(3, 2)
    check(lambda: net.load_state_dict(net.state_dict(), strict="no"), TypeError, "strict", unchanged=(net,))


# ----------------------------------------------------------------------------- optimizers
def params() -> list:
    ps = [mg.tensor(np.arange(6.0).reshape(2, 3)), mg.tensor([1.0, -2.0, 3.0])]
    for p in ps:
        (p * p).sum().backward()
    return ps


def stepped(make: Any) -> optim.Optimizer:
    ps = params()
    opt = make([{"params": ps[:1]}, {"params": ps[1:]}])
    opt.step()
    for p in ps:
        (p * p).sum().backward()
    return opt


OPTIMIZERS = [lambda g: optim.SGD(g, lr=0.1, momentum=0.9), lambda g: optim.Adam(g, lr=0.1),
              lambda g: optim.RMSprop(g, lr=0.1), lambda g: optim.Adagrad(g, lr=0.1)]


@pytest.mark.parametrize("make", OPTIMIZERS)
@pytest.mark.parametrize("option, value, exc", [("lr", "fast", TypeError), ("lr", -1.0, ValueError),
                                                 ("weight_decay", None, TypeError), ("eps", -1e-8, ValueError)])
def test_a_bad_option_in_the_last_group_leaves_the_first_group_unupdated(make, option, value, exc):
    opt = stepped(make)
    opt.param_groups[1][option] = value
    check(opt.step, exc, "step", "param_groups[1]", option, unchanged=(opt,))


@pytest.mark.parametrize("grad, facts", [(np.array([1 + 1j, 2, 3]), ["complex128"]),
                                         (np.array(["a", "b", "c"]), ["<U1"]),
                                         (np.array([None, 1, 2], dtype=object), ["object"])])
def test_a_non_real_gradient_of_the_last_parameter_changes_nothing(grad, facts):
    opt = stepped(OPTIMIZERS[1])
    last = opt.param_groups[1]["params"][0]
    last.grad = grad
    check(opt.step, TypeError, "Adam.step", "gradient of parameter 1", *facts, unchanged=(opt,))


def test_a_read_only_view_parameter_is_refused_before_any_update():
    base = mg.tensor(np.arange(4.0))
    ps = params()
    view = base[:2]
    (view * view).sum().backward()
    view.data.setflags(write=False)
    opt = optim.SGD(ps + [view], lr=0.1)
    check(opt.step, ValueError, "SGD.step", "parameter 2", "read-only", unchanged=(opt,))


@pytest.mark.parametrize("make", OPTIMIZERS)
def test_loading_another_optimizers_state_dict_changes_nothing(make):
    opt = stepped(make)
    foreign = stepped(lambda g: optim.Adam(g, lr=0.5, amsgrad=True) if not isinstance(opt, optim.Adam)
                      else optim.SGD(g, lr=0.5, momentum=0.9)).state_dict()
    check(lambda: opt.load_state_dict(foreign), ValueError, "load_state_dict", unchanged=(opt,))


@pytest.mark.parametrize("damage, exc, facts", [
    (lambda sd: sd["param_groups"].__setitem__(0, "group"), TypeError, ["param_groups", "list of dicts"]),
    (lambda sd: sd.__setitem__("state", [1, 2]), TypeError, ["'state' must be a dict"]),
    (lambda sd: sd["param_groups"][1].__setitem__("lr", "0.1"), TypeError, ["param_groups[1]", "lr"]),
    (lambda sd: sd["param_groups"][0].__setitem__("params", ["0"]), TypeError, ["params", "positions"]),
    (lambda sd: sd["state"][1].__setitem__("exp_avg", np.ones(4)), ValueError, ["exp_avg", "shape (4,)"]),
    (lambda sd: sd["state"][1].__setitem__("exp_avg", "zeros"), TypeError, ["exp_avg", "str"]),
    (lambda sd: sd["state"][1].__setitem__("exp_avg", 0.0), TypeError, ["exp_avg", "a number", "an array"]),
    (lambda sd: sd["state"][0].pop("exp_avg_sq"), ValueError, ["parameter 0"]),
    (lambda sd: sd["state"].__setitem__(5, {}), ValueError, ["parameter 5"]),
    (lambda sd: sd["state"].__setitem__("x", {}), TypeError, ["key 'x'"]),
])
def test_a_damaged_optimizer_state_dict_is_refused_whole(damage, exc, facts):
    opt = stepped(OPTIMIZERS[1])
    state = copy.deepcopy(opt.state_dict())
    damage(state)
    check(lambda: opt.load_state_dict(state), exc, "Adam.load_state_dict", *facts, unchanged=(opt,))


@pytest.mark.parametrize("make", [optim.Adam, optim.AdamW])
@pytest.mark.parametrize("betas, exc, facts", [
    (-0.5, TypeError, ["betas", "-0.5", "float"]), (0.9, TypeError, ["betas"]), ("ab", TypeError, ["betas", "str"]),
    ((0.9,), ValueError, ["betas", "2 numbers"]), ((0.9, 0.999, 0.5), ValueError, ["betas", "2 numbers"]),
    ((0.9, 1.0), ValueError, ["betas[1]", "[0, 1)"]), ((-0.1, 0.9), ValueError, ["betas[0]", "[0, 1)"]),
    ((0.9, "x"), TypeError, ["betas[1]", "str"]), ((0.9, float("nan")), ValueError, ["betas[1]"]),
])
def test_adam_betas_are_refused_naming_the_optimizer_and_betas(make, betas, exc, facts):
    ps = params()
    check(lambda: make(ps, betas=betas), exc, make.__name__, *facts, unchanged=tuple(ps))


def test_adam_accepts_betas_as_any_sequence_and_stores_a_tuple():
    opt = optim.Adam(params(), betas=[0.8, np.float32(0.9)])
    assert opt.param_groups[0]["betas"] == (0.8, np.float32(0.9))


def _one_more_step(opt: optim.Optimizer) -> list:
    for p in opt.param_groups[0]["params"]:
        (p * p).sum().backward()
    opt.step()
    return [p.data.copy() for p in opt.param_groups[0]["params"]]


@pytest.mark.parametrize("make, option, value", [
    (lambda ps: optim.Adam(ps, lr=0.1), "amsgrad", True),
    (lambda ps: optim.RMSprop(ps, lr=0.1), "momentum", 0.5),
])
def test_an_option_switched_on_mid_run_starts_its_state_from_zero(make, option, value):
    """amsgrad's running maximum and RMSprop's momentum buffer start at zero when switched on after some steps,
    so that the first step with them equals the step without them (max(0, v) = v; 0 * momentum + update)."""
    plain, switched = make(params()), make(params())
    for opt in (plain, switched):
        _one_more_step(opt)
    switched.param_groups[0][option] = value
    for new, old in zip(_one_more_step(switched), _one_more_step(plain)):
        np.testing.assert_allclose(new, old, rtol=1e-12)
    state = switched.state[switched.param_groups[0]["params"][0]]
    assert {"amsgrad": "max_exp_avg_sq", "momentum": "momentum_buffer"}[option] in state


def test_rmsprop_centered_switched_on_mid_run_starts_its_gradient_average_at_zero():
    opt = optim.RMSprop(params(), lr=0.1, alpha=0.5)
    _one_more_step(opt)
    opt.param_groups[0]["centered"] = True
    p = opt.param_groups[0]["params"][1]
    square_avg = opt.state[p]["square_avg"].copy()
    before = p.data.copy()
    (p * p).sum().backward()
    g = p.grad.copy()
    opt.step()
    v = 0.5 * square_avg + 0.5 * g * g
    g_avg = 0.5 * g
    np.testing.assert_allclose(p.data, before - 0.1 * g / (np.sqrt(v - g_avg**2) + 1e-8), rtol=1e-10)


@pytest.mark.parametrize("num_layers", [2**63, 10**30, 2**40])
def test_an_absurd_gru_layer_count_is_refused_at_once_with_a_memory_error(num_layers):
    check(lambda: nn.GRU(3, 4, num_layers=num_layers), MemoryError, "GRU", f"num_layers={num_layers}")


def test_add_param_group_that_fails_adds_nothing():
    opt = stepped(OPTIMIZERS[0])
    check(lambda: opt.add_param_group({"params": [mg.tensor([1.0])], "momentum": "high"}), TypeError,
          "SGD", "momentum", unchanged=(opt,))
    assert len(opt.param_groups) == 2


# ----------------------------------------------------------------------------- schedulers
def test_a_refused_scheduler_leaves_the_optimizer_groups_alone():
    opt = stepped(OPTIMIZERS[0])
    check(lambda: sched.OneCycleLR(opt, max_lr=1.0, total_steps=10, base_momentum=[0.8, "x"]), TypeError,
          "OneCycleLR", "base_momentum[1]", unchanged=(opt,))
    assert all("initial_lr" not in g and "max_lr" not in g for g in opt.param_groups)


def test_one_cycle_stepped_past_its_end_keeps_its_epoch_and_the_learning_rates():
    opt = stepped(OPTIMIZERS[0])
    scheduler = sched.OneCycleLR(opt, max_lr=1.0, total_steps=3)
    for _ in range(3):
        scheduler.step()
    check(scheduler.step, ValueError, "Tried to step 4 times", unchanged=(scheduler, opt))


@pytest.mark.parametrize("make, entry, value, exc", [
    (lambda o: sched.StepLR(o, 2), "step_size", 0, ValueError),
    (lambda o: sched.StepLR(o, 2), "last_epoch", "3", TypeError),
    (lambda o: sched.CosineAnnealingLR(o, 5), "base_lrs", [0.1], ValueError),
    (lambda o: sched.LinearLR(o), "total_iters", 0, ValueError),
    (lambda o: sched.OneCycleLR(o, max_lr=1.0, total_steps=5), "last_epoch", 99, ValueError),
    (lambda o: sched.OneCycleLR(o, max_lr=1.0, total_steps=5), "anneal_strategy", "exp", ValueError),
    (lambda o: sched.ReduceLROnPlateau(o), "mode", "up", ValueError),
    (lambda o: sched.ReduceLROnPlateau(o), "state", {}, ValueError),
])
def test_a_bad_scheduler_state_dict_entry_is_refused_whole(make, entry, value, exc):
    opt = stepped(OPTIMIZERS[0])
    scheduler = make(opt)
    state = dict(scheduler.state_dict())
    state[entry] = value
    check(lambda: scheduler.load_state_dict(state), exc, "load_state_dict", entry, unchanged=(scheduler, opt))


def test_plateau_metric_must_be_a_number_and_a_refused_one_counts_nothing():
    scheduler = sched.ReduceLROnPlateau(stepped(OPTIMIZERS[0]), patience=0)
    check(lambda: scheduler.step("low"), TypeError, "metrics", "'low'", unchanged=(scheduler,))
    check(lambda: scheduler.step(np.array([1.0, 2.0])), TypeError, "metrics", unchanged=(scheduler,))
    scheduler.step(mg.tensor(1.0))  # a one-element tensor is a metric
    assert scheduler.last_epoch == 1


# ----------------------------------------------------------------------------- data loaders
class FailsAt:
    """A dataset whose item ``bad`` (every item, for None) cannot be read."""

    def __init__(self, n: int, bad: Any) -> None:
        self.n, self.bad = n, bad

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: int) -> Any:
        if self.bad is None or index == self.bad:
            raise IndexError(f"item {index} is damaged")
        return np.full(2, float(index))


def test_a_pass_whose_first_batch_fails_does_not_count_as_an_epoch():
    loader = DataLoader(FailsAt(6, bad=None), batch_size=2, shuffle=True, seed=0)
    with pytest.raises(IndexError, match="is damaged"):
        list(loader)
    assert loader.epoch == 0
    good = DataLoader(TensorDataset(np.zeros((4, 2))), batch_size=2)
    list(good)
    assert good.epoch == 1


def test_data_loader_refuses_a_dict_as_dataset():
    check(lambda: DataLoader({0: np.zeros(2), 1: np.ones(2)}, batch_size=1), TypeError, "DataLoader", "dict")


# ----------------------------------------------------------------------------- checkpoints
def test_a_checkpoint_that_contains_itself_or_nests_too_deep_is_refused_and_the_old_file_kept(tmp_path):
    from mygrad.checkpoint import load_checkpoint, save_checkpoint

    path = tmp_path / "run.ckpt"
    save_checkpoint(path, {"epoch": 1})
    loop: list = [1]
    loop.append(loop)
    deep: list = []
    inner = deep
    for _ in range(5000):
        inner.append([])
        inner = inner[0]
    check(lambda: save_checkpoint(path, {"state": loop}), ValueError, "checkpoint['state'][1]", "contains itself",
          unchanged=(path,))
    check(lambda: save_checkpoint(path, deep), ValueError, "nested too deeply", unchanged=(path,))
    assert load_checkpoint(path) == {"epoch": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.ckpt"]  # no temporary file left behind


def test_a_crafted_checkpoint_nested_too_deep_is_not_a_valid_checkpoint(tmp_path):
    from mygrad.checkpoint import load_checkpoint

    text = '{"format": "mygrad-checkpoint", "version": 1, "root": ' + '{"t": "list", "items": [' * 3000 + \
        ']}' * 3000 + '}'
    path = tmp_path / "deep.ckpt"
    with open(path, "wb") as file:
        np.savez(file, __checkpoint__=np.frombuffer(text.encode(), dtype=np.uint8))
    check(lambda: load_checkpoint(path), ValueError, str(path), "not a valid mygrad checkpoint")


@pytest.mark.parametrize("path, exc, facts", [
    ("", TypeError, ["load_checkpoint", "path"]), (5, TypeError, ["load_checkpoint", "int"]),
    ("no-such.ckpt", FileNotFoundError, ["load_checkpoint", "no-such.ckpt"]),
])
def test_load_checkpoint_names_itself_and_the_path(path, exc, facts):
    from mygrad.checkpoint import load_checkpoint

    check(lambda: load_checkpoint(path), exc, *facts)


@pytest.mark.parametrize("file, exc, facts", [(5, TypeError, ["mygrad.load", "int"]),
                                              ("no-such.npz", FileNotFoundError, ["mygrad.load", "no-such.npz"])])
def test_mg_load_names_itself_and_the_file(file, exc, facts):
    check(lambda: mg.load(file), exc, *facts)


@pytest.mark.parametrize("layer", [nn.GRU, nn.LSTM, nn.RNN])
@pytest.mark.parametrize("flag, value", [("bias", ""), ("batch_first", "yes"), ("bidirectional", 2), ("bias", None)])
def test_recurrent_layers_refuse_a_flag_that_is_not_a_bool(layer, flag, value):
    check(lambda: layer(3, 4, **{flag: value}), TypeError, layer.__name__, flag, "bool")
