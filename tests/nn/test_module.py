"""Module system: registration, traversal, modes, state dicts, repr, summary, containers, Parameter."""

from __future__ import annotations

import copy
import importlib.util

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
from mygrad.nn import Module, Parameter


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


class Affine(Module):
    """A hand-written layer: only Parameters and a buffer, no functional calls."""

    def __init__(self, n_in: int, n_out: int) -> None:
        super().__init__()
        self.w = Parameter(rng(n_in).normal(size=(n_out, n_in)))
        self.b = Parameter(np.zeros(n_out))
        self.register_buffer("calls", np.zeros((), dtype=np.int64))

    def forward(self, x):
        self.calls.data += 1
        return mg.matmul(x, self.w.T) + self.b


class TwoLayer(Module):
    def __init__(self) -> None:
        super().__init__()
        self.first = Affine(3, 4)
        self.second = Affine(4, 2)

    def forward(self, x):
        return self.second(self.first(x))


def conv_net() -> nn.Sequential:
    g = rng(1)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, generator=g),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(4 * 3 * 3, 5, generator=g),
        nn.Dropout(0.5),
        nn.Linear(5, 2, generator=g),
    )


class Encoder(Module):
    def __init__(self) -> None:
        super().__init__()
        g = rng(2)
        self.embed = nn.Embedding(10, 3, padding_idx=0, generator=g)
        self.rnn = nn.GRU(3, 4, num_layers=2, batch_first=True, generator=g)
        self.norm = nn.LayerNorm(4)
        self.heads = nn.ModuleDict({"cls": nn.Linear(4, 2, generator=g)})
        self.blocks = nn.ModuleList([nn.Linear(4, 4, generator=g), nn.BatchNorm1d(4, affine=False)])

    def forward(self, tokens):
        out, _ = self.rnn(self.embed(tokens))
        h = self.norm(out[:, -1])
        for block in self.blocks:
            h = block(h)
        return self.heads["cls"](h)


# The keys PyTorch gives the same models (the spec for interoperability).
CONV_NET_KEYS = [
    "0.weight", "0.bias",
    "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
    "5.weight", "5.bias",
    "7.weight", "7.bias",
]
CONV_NET_SHAPES = [(4, 1, 3, 3), (4,), (4,), (4,), (4,), (4,), (), (5, 36), (5,), (2, 5), (2,)]
ENCODER_KEYS = [
    "embed.weight",
    "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
    "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
    "norm.weight", "norm.bias",
    "heads.cls.weight", "heads.cls.bias",
    "blocks.0.weight", "blocks.0.bias",
    "blocks.1.running_mean", "blocks.1.running_var", "blocks.1.num_batches_tracked",
]
ENCODER_PARAM_KEYS = [k for k in ENCODER_KEYS if not k.startswith("blocks.1.")]


# ----------------------------------------------------------------- Parameter
def test_parameter_is_a_non_constant_tensor_and_gradients_flow():
    w = Parameter(np.array([1.0, -2.0]))
    assert isinstance(w, mg.Tensor) and not w.constant and w.requires_grad
    (mg.tensor([3.0, 4.0]) * w * w).sum().backward()
    np.testing.assert_array_equal(w.grad, [6.0, -16.0])


def test_parameter_rejects_integer_data():
    with pytest.raises(TypeError, match="floating-point.*int64"):
        Parameter(np.arange(3))


def test_parameter_keeps_float32_and_survives_deepcopy():
    w = Parameter(np.ones(3, dtype=np.float32))
    clone = copy.deepcopy(w)
    assert type(clone) is Parameter and clone.dtype == np.float32
    assert not np.shares_memory(clone.data, w.data)
    assert repr(w).startswith("Parameter containing:")


# -------------------------------------------------------------- registration
def test_assignment_registers_parameters_buffers_and_modules_in_order():
    net = TwoLayer()
    assert [n for n, _ in net.named_parameters()] == ["first.w", "first.b", "second.w", "second.b"]
    assert [n for n, _ in net.named_buffers()] == ["first.calls", "second.calls"]
    assert [n for n, _ in net.named_children()] == ["first", "second"]
    assert [n for n, _ in net.named_modules()] == ["", "first", "second"]
    assert net.first.w is net._modules["first"]._parameters["w"]


def test_assigning_before_super_init_is_a_clear_error():
    class Broken(Module):
        def __init__(self):
            self.w = Parameter(np.zeros(2))

    class BrokenModule(Module):
        def __init__(self):
            self.child = Affine(1, 1)

    with pytest.raises(AttributeError, match=r"before Module.__init__\(\).*super\(\).__init__\(\)"):
        Broken()
    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        BrokenModule()


def test_wrong_values_for_registered_names_are_rejected():
    net = Affine(2, 2)
    with pytest.raises(TypeError, match="parameter 'w'"):
        net.w = np.zeros((2, 2))
    with pytest.raises(TypeError, match="Parameter or None"):
        net.register_parameter("v", mg.tensor([1.0]))
    with pytest.raises(KeyError, match="already exists"):
        net.register_buffer("w", np.zeros(2))
    with pytest.raises(KeyError, match='contain "."'):
        net.register_buffer("a.b", np.zeros(2))
    with pytest.raises(AttributeError, match="'Affine' object has no attribute 'nope'"):
        net.nope
    net.w = None
    assert net.w is None and [n for n, _ in net.named_parameters()] == ["b"]


def test_reassignment_moves_a_name_between_registries_and_delattr_removes_it():
    net = Affine(2, 2)
    net.calls = Parameter(np.zeros(1))  # the buffer becomes a parameter
    assert "calls" not in net._buffers and "calls" in net._parameters
    del net.calls
    assert [n for n, _ in net.named_parameters()] == ["w", "b"]


def test_tied_parameters_and_shared_modules_are_deduplicated():
    shared = Affine(2, 2)
    tied = nn.Sequential(shared, shared)
    assert len(list(tied.parameters())) == 2
    assert len(list(tied.modules())) == 2
    assert list(tied.state_dict()) == ["0.w", "0.b", "0.calls", "1.w", "1.b", "1.calls"]
    a, b = Affine(2, 2), Affine(2, 2)
    b.w = a.w
    pair = nn.ModuleList([a, b])
    assert [n for n, _ in pair.named_parameters()] == ["0.w", "0.b", "1.b"]
    assert len(list(pair.named_parameters(remove_duplicate=False))) == 4


def test_train_eval_is_per_module_and_recursive():
    net = conv_net()
    assert all(m.training for m in net.modules())
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net[6].train()
    assert net[6].training and not net[5].training
    with pytest.raises(ValueError, match="boolean"):
        net.train("yes")


def test_zero_grad_and_apply():
    net = TwoLayer()
    net(mg.tensor(np.ones((1, 3)))).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    visited = []
    assert net.apply(lambda m: visited.append(type(m).__name__)) is net
    assert visited == ["Affine", "Affine", "TwoLayer"]


def test_requires_grad_freezes_parameters():
    net = TwoLayer().requires_grad_(False)
    assert all(p.constant for p in net.parameters())
    assert net(np.ones((1, 3))).constant  # constant input + frozen parameters: nothing to differentiate


# --------------------------------------------------------------- state dict
def test_state_dict_keys_and_shapes_match_pytorch_naming():
    sd = conv_net().state_dict()
    assert list(sd) == CONV_NET_KEYS
    assert [v.shape for v in sd.values()] == CONV_NET_SHAPES
    assert all(type(v) is np.ndarray for v in sd.values())
    assert sd["0.weight"].dtype == np.float32 and sd["1.num_batches_tracked"].dtype == np.int64
    assert list(Encoder().state_dict()) == ENCODER_KEYS
    assert [n for n, _ in Encoder().named_parameters()] == ENCODER_PARAM_KEYS


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="PyTorch is not installed (not required)")
def test_state_dict_matches_pytorch_models():  # pragma: no cover - only where torch exists
    import torch

    reference = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(36, 5), torch.nn.Dropout(0.5), torch.nn.Linear(5, 2),
    )
    ours = conv_net()
    assert [(k, tuple(v.shape)) for k, v in reference.state_dict().items()] == [
        (k, v.shape) for k, v in ours.state_dict().items()
    ]
    reference.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    x = np.random.default_rng(0).normal(size=(2, 1, 8, 8)).astype(np.float32)
    ours.eval(), reference.eval()
    np.testing.assert_allclose(ours(x).data, reference(torch.from_numpy(x)).detach().numpy(), atol=1e-5)


def test_state_dict_values_are_copies_and_keep_vars_gives_the_tensors():
    net = TwoLayer()
    sd = net.state_dict()
    net.first.w.data += 1
    assert not np.array_equal(sd["first.w"], net.first.w.data)
    assert net.state_dict(keep_vars=True)["first.w"] is net.first.w


def test_load_state_dict_round_trip_in_place():
    source, target = conv_net(), conv_net()
    for p in source.parameters():
        p.data += 1
    weight = target[0].weight
    assert target.load_state_dict(source.state_dict()) == ([], [])
    assert target[0].weight is weight  # loaded in place: optimizers keep their references
    for (k, a), b in zip(source.state_dict().items(), target.state_dict().values()):
        np.testing.assert_array_equal(a, b, err_msg=k)


def test_load_state_dict_lists_every_problem_and_leaves_the_model_unchanged():
    net = conv_net()
    before = net.state_dict()
    bad = net.state_dict()
    bad["0.weight"] = bad["0.weight"] + 5  # a valid entry: must not be loaded either
    del bad["1.running_var"], bad["7.bias"]
    bad["extra.weight"] = np.zeros(3)
    bad["5.weight"] = np.zeros((5, 35))
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(bad)
    message = str(info.value)
    assert "Sequential" in message
    assert 'Missing key(s) in state_dict: "1.running_var", "7.bias".' in message
    assert 'Unexpected key(s) in state_dict: "extra.weight".' in message
    assert "size mismatch for 5.weight: copying a param with shape (5, 35)" in message and "(5, 36)" in message
    for k, v in net.state_dict().items():
        np.testing.assert_array_equal(v, before[k], err_msg=k)


def test_load_state_dict_non_strict_returns_the_incompatible_keys():
    net = conv_net()
    partial = {k: v for k, v in net.state_dict().items() if k.startswith("0.")}
    partial["head.weight"] = np.zeros(1)
    missing, unexpected = net.load_state_dict(partial, strict=False)
    assert missing == CONV_NET_KEYS[2:] and unexpected == ["head.weight"]
    partial["0.bias"] = np.zeros(7)
    with pytest.raises(RuntimeError, match="size mismatch for 0.bias"):
        net.load_state_dict(partial, strict=False)


def test_non_persistent_buffers_are_not_saved():
    net = Affine(2, 2)
    net.register_buffer("cache", np.zeros(2), persistent=False)
    assert "cache" in dict(net.named_buffers()) and "cache" not in net.state_dict()


@settings(max_examples=15)
@given(widths=st.lists(st.integers(1, 5), min_size=2, max_size=4), seed=st.integers(0, 2**16))
def test_state_dict_round_trip_for_random_mlps(widths, seed):
    def mlp(s):
        g = rng(s)
        layers = []
        for n_in, n_out in zip(widths[:-1], widths[1:]):
            layers += [nn.Linear(n_in, n_out, generator=g), nn.BatchNorm1d(n_out), nn.Tanh()]
        return nn.Sequential(*layers)

    source, target = mlp(seed), mlp(seed + 1)
    source(np.random.default_rng(seed).normal(size=(4, widths[0])).astype(np.float32))  # moves the BN stats
    target.load_state_dict(source.state_dict())
    x = np.random.default_rng(seed + 2).normal(size=(3, widths[0])).astype(np.float32)
    source.eval(), target.eval()
    np.testing.assert_array_equal(source(x).data, target(x).data)


# ---------------------------------------------------------------- dtype
def test_to_double_and_float_cast_floats_only():
    net = conv_net()
    weight = net[0].weight
    net.double()
    assert net[0].weight is weight and weight.dtype == np.float64
    assert net[1].running_mean.dtype == np.float64 and net[1].num_batches_tracked.dtype == np.int64
    assert net(np.zeros((1, 1, 8, 8))).dtype == np.float64
    assert net.float()[0].weight.dtype == np.float32
    with pytest.raises(TypeError, match="floating-point"):
        net.to(np.int32)


def test_to_takes_pytorchs_device_and_dtype_forms():
    net = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    assert net.to("cpu") is net and net[0].weight.dtype == np.float32
    net.to("cpu", np.float64)
    assert net[0].weight.dtype == np.float64 and net[1].num_batches_tracked.dtype == np.int64
    net.to(device="cpu:0", dtype="float32", non_blocking=True)
    assert net[1].running_var.dtype == np.float32
    with pytest.raises(ValueError, match="CPU.*'cuda'"):
        net.to("cuda")
    with pytest.raises(ValueError, match="'mps'"):
        net.to(device="mps", dtype=np.float64)
    assert net[0].weight.dtype == np.float32  # a refused call changes nothing
    with pytest.raises(TypeError, match="floating-point"):
        net.to("cpu", np.int64)
    with pytest.raises(TypeError, match="unexpected keyword"):
        net.to(memory_format=None)


# --------------------------------------------------------------- display
def test_repr_is_nested_like_pytorch():
    net = nn.Sequential(nn.Linear(2, 3, generator=rng()), nn.ReLU(), nn.Sequential(nn.Dropout(0.1), nn.Identity()))
    assert repr(net) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Sequential(\n"
        "    (0): Dropout(p=0.1, inplace=False)\n"
        "    (1): Identity()\n"
        "  )\n"
        ")"
    )
    assert repr(nn.BatchNorm2d(16)) == "BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)"
    assert repr(nn.Conv2d(1, 32, 3, generator=rng())) == "Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1))"


def test_summary_lists_leaf_layers_output_shapes_and_parameter_counts():
    net = conv_net()
    before = net.state_dict()
    lines = []
    text = net.summary((2, 1, 8, 8), print_fn=lines.append)
    assert lines == [text]
    assert "0 (Conv2d)" in text and "(2, 4, 6, 6)" in text and "40" in text
    assert "5 (Linear)" in text and "(2, 5)" in text and "185" in text
    assert "(2, 2)" in text
    total = sum(p.size for p in net.parameters())
    assert f"Total params: {total:,}" in text and "Trainable params" in text
    assert all(m.training for m in net.modules())  # modes restored
    np.testing.assert_array_equal(net.state_dict()["1.running_mean"], before["1.running_mean"])  # BN untouched


def test_forward_must_be_defined():
    class NoForward(Module):
        pass

    with pytest.raises(NotImplementedError, match='NoForward.*"forward"'):
        NoForward()(1)


def test_forward_hooks_see_outputs_and_can_be_removed():
    layer = nn.ReLU()
    seen = []
    handle = layer.register_forward_hook(lambda m, args, out: seen.append(out.shape))
    layer(np.zeros((2, 3)))
    handle.remove()
    layer(np.zeros(1))
    assert seen == [(2, 3)]


def test_forward_pre_hooks_replace_the_arguments_in_order():
    class Scale(Module):
        def forward(self, x, factor=1.0):
            return x * factor

    layer = Scale()
    order = []
    seen = []
    first = layer.register_forward_pre_hook(lambda m, args: order.append("first"))
    layer.register_forward_pre_hook(lambda m, args: (order.append("double"), args[0] * 2)[1])  # a bare value
    layer.register_forward_pre_hook(lambda m, args: order.append("prepended"), prepend=True)
    layer.register_forward_pre_hook(lambda m, args, kwargs: (args, {**kwargs, "factor": 3.0}), with_kwargs=True)
    layer.register_forward_hook(lambda m, args, kwargs, out: seen.append((args[0].item(), kwargs)), with_kwargs=True)
    out = layer(mg.tensor(1.0))
    assert order == ["prepended", "first", "double"]
    assert out.item() == 6.0 and seen == [(2.0, {"factor": 3.0})]  # forward hooks see the replaced arguments
    out.backward()  # through the pre-hook's op too
    first.remove()
    order.clear()
    layer(mg.tensor(1.0))
    assert order == ["prepended", "double"]


def test_forward_pre_hook_errors_and_old_modules():
    layer = nn.ReLU()
    with pytest.raises(TypeError, match="callable"):
        layer.register_forward_pre_hook(None)
    layer.register_forward_pre_hook(lambda m, args, kwargs: "not a pair", with_kwargs=True)
    with pytest.raises(RuntimeError, match="new_args, new_kwargs"):
        layer(np.zeros(2))
    old = nn.ReLU()
    del old.__dict__["_forward_pre_hooks"]  # as a module pickled before pre-hooks existed
    old(np.zeros(2))
    with old.register_forward_pre_hook(lambda m, args: (args[0] + 1,)):
        assert old(np.zeros(2)).data.tolist() == [1.0, 1.0]
    assert old(np.ones(2)).data.tolist() == [1.0, 1.0]
    clone = copy.deepcopy(layer)  # hooks travel with a copied module, as in PyTorch
    with pytest.raises(RuntimeError, match="new_args"):
        clone(np.zeros(2))


# ------------------------------------------------------------- containers
def test_sequential_indexing_slicing_and_growth():
    a, b, c = nn.ReLU(), nn.Tanh(), nn.Sigmoid()
    seq = nn.Sequential(a, b)
    assert len(seq) == 2 and seq[0] is a and seq[-1] is b and list(seq) == [a, b]
    seq.append(c)
    tail = seq[1:]
    assert isinstance(tail, nn.Sequential) and list(tail) == [b, c] and list(tail._modules) == ["1", "2"]
    with pytest.raises(IndexError, match="out of range"):
        seq[3]
    x = mg.tensor([-1.0, 2.0])
    np.testing.assert_allclose(seq(x).data, 1 / (1 + np.exp(-np.tanh([0.0, 2.0]))))
    del seq[0]
    assert list(seq) == [b, c]
    named = nn.Sequential({"act": a, "out": b})
    assert [n for n, _ in named.named_children()] == ["act", "out"] and named[1] is b


def test_deleting_from_a_sequential_renumbers_as_pytorch_does():
    a, b, c, d = nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 3), nn.Tanh()
    seq = nn.Sequential(a, b, c)
    del seq[0]
    assert list(seq._modules) == ["0", "1"] and list(seq.state_dict()) == ["1.weight", "1.bias"]
    seq.append(d)  # was registered as "2", replacing c
    assert list(seq) == [b, c, d]
    assert seq.pop(1) is c and list(seq) == [b, d] and list(seq._modules) == ["0", "1"]
    assert seq.pop() is d and list(seq) == [b]
    layers = nn.ModuleList([a, b, c])
    assert layers.pop(0) is a and list(layers) == [b, c] and list(layers._modules) == ["0", "1"]
    torch = pytest.importorskip("torch")
    tseq = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 3))
    del tseq[0]
    ours = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 3))
    del ours[0]
    assert list(ours.state_dict()) == list(tseq.state_dict())


def test_module_list_and_dict():
    layers = nn.ModuleList([nn.Linear(2, 2, generator=rng()) for _ in range(3)])
    assert len(layers) == 3 and len(list(layers.parameters())) == 6
    layers.append(nn.ReLU())
    del layers[0]
    assert list(layers._modules) == ["0", "1", "2"] and isinstance(layers[-1], nn.ReLU)
    assert isinstance(layers[:2], nn.ModuleList) and len(layers[:2]) == 2
    with pytest.raises(TypeError, match="iterable of modules"):
        layers.extend(nn.ReLU())
    heads = nn.ModuleDict({"a": nn.ReLU()})
    heads["b"] = nn.Linear(1, 1, generator=rng())
    assert list(heads) == ["a", "b"] and "b" in heads and len(heads) == 2
    assert [k for k, _ in heads.named_parameters()] == ["b.weight", "b.bias"]
    assert isinstance(heads.pop("a"), nn.ReLU) and list(heads.keys()) == ["b"]


def test_flatten_and_identity():
    x = mg.tensor(np.arange(24.0).reshape(2, 3, 4))
    assert nn.Flatten()(x).shape == (2, 12)
    assert nn.Flatten(0, -2)(x).shape == (6, 4)
    assert nn.Unflatten(1, (3, 4))(nn.Flatten()(x)).shape == (2, 3, 4)
    assert nn.Identity(5, anything=1)(x) is x
    with pytest.raises(IndexError, match="out of range"):
        nn.Flatten(start_dim=3)(x)
    y = nn.Flatten()(x)
    y.backward(np.ones((2, 12)))
    np.testing.assert_array_equal(x.grad, np.ones((2, 3, 4)))


def test_a_tiny_mlp_fits_a_toy_regression_with_plain_sgd():
    g = rng(0)
    x = g.uniform(-1, 1, size=(64, 2)).astype(np.float32)
    y = (np.sin(2 * x[:, :1]) + 0.5 * x[:, 1:] ** 2).astype(np.float32)
    model = nn.Sequential(nn.Linear(2, 32, generator=g), nn.Tanh(), nn.Linear(32, 1, generator=g))
    loss_fn = nn.MSELoss()
    first = None
    for _ in range(1500):
        loss = loss_fn(model(x), y)
        first = loss.item() if first is None else first
        loss.backward()
        for p in model.parameters():
            p.data -= 0.2 * p.grad
    assert loss.item() < 2e-3 < first / 10
    assert all(p.dtype == np.float32 for p in model.parameters())


# ----------------------------------------------------------------------------- errors name the module
class _AddsFive(nn.Module):
    def forward(self, x):
        return mg.tensor(x) + np.ones(5)


class _OwnWords(nn.Module):
    def forward(self, x):
        raise ValueError("my own words")


def test_an_error_mygrad_raises_inside_forward_names_the_innermost_module():
    with pytest.raises(ValueError, match=r"^_AddsFive\.forward: Add \(inputs: float64 of shape \(3,\), float64 of "
                                         r"shape \(5,\)\): operands could not be broadcast"):
        nn.Sequential(nn.Identity(), _AddsFive())(np.ones(3))
    with pytest.raises(TypeError, match=r"^PixelShuffle\.forward: Tensor data must have a float"):
        nn.PixelShuffle(2)(["a"])


def test_an_error_of_the_users_own_code_or_one_naming_its_layer_is_left_alone():
    with pytest.raises(ValueError, match=r"^my own words$"):
        nn.Sequential(_OwnWords())(1.0)
    with pytest.raises(ValueError, match=r"^linear: input's last dimension"):
        nn.Sequential(nn.Linear(3, 2))(np.ones((2, 4)))


def test_a_runtime_error_mygrad_raises_inside_forward_names_the_module_too():
    with pytest.raises(RuntimeError, match=r"^CircularPad2d\.forward: pad: .*circular padding \(1, 1\) is larger"):
        nn.CircularPad2d(1)(np.zeros((2, 0, 3)))


@pytest.mark.parametrize("register", ["register_forward_hook", "register_forward_pre_hook"])
@pytest.mark.parametrize("flag", ["prepend", "with_kwargs"])
@pytest.mark.parametrize("value", ["yes", [True], np.ones(2), None])
def test_hook_flags_must_be_booleans(register, flag, value):
    layer = nn.Linear(2, 1)
    with pytest.raises(TypeError, match=flag):
        getattr(layer, register)(lambda *args: None, **{flag: value})
    assert not layer._forward_hooks and not layer._forward_pre_hooks  # nothing was registered


def test_get_submodule_parameter_and_buffer_follow_dotted_names_as_pytorchs():
    net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)), nn.BatchNorm1d(3))
    assert net.get_submodule("") is net and net.get_submodule("1.1") is net[1][1]
    for name, value in net.named_parameters():
        assert net.get_parameter(name) is value
    for name, value in net.named_buffers():
        assert net.get_buffer(name) is value
    for call, target, message in [(net.get_submodule, "1.5", "Sequential has no attribute `5`"),
                                  (net.get_submodule, "0.weight", "`weight` of Linear is not an nn.Module"),
                                  (net.get_parameter, "2.running_mean", "`running_mean` of BatchNorm1d is not an "
                                                                        "nn.Parameter"),
                                  (net.get_buffer, "0.weight", "`weight` of Linear is not a buffer"),
                                  (net.get_parameter, "0.nothing", "Linear has no attribute `nothing`")]:
        with pytest.raises(AttributeError, match=message):
            call(target)
    with pytest.raises(TypeError, match="get_parameter: target"):
        net.get_parameter(0)
