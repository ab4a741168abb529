"""The Lazy* modules against PyTorch: reprs and state-dict keys before and after the first call, the class they
become, materialised shapes, forward values and gradients (parameters copied from PyTorch's), optimizers built
before the first call, load_state_dict in both states, and a failed first call leaving the module lazy."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn, optim
from mygrad.nn.uninitialized import is_lazy

torch = pytest.importorskip("torch")

CONV = ["LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d"]
NORM = ["LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d",
        "LazyInstanceNorm3d"]


def _pair(name, *args, **kwargs):
    return getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)


def _copy_params(ours, theirs):
    for key, value in theirs.state_dict().items():
        ours.state_dict(keep_vars=True)[key].data[...] = value.numpy()


def _check_forward_and_grads(ours, theirs, x, rtol=1e-4, atol=1e-5):
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=rtol, atol=atol)
    g = np.random.default_rng(0).normal(size=out.shape).astype(x.dtype)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g)).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=rtol, atol=atol)
    for (name, p), tp in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=rtol, atol=atol, err_msg=name)


def _before(ours, theirs):
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert ours.has_uninitialized_params() == theirs.has_uninitialized_params()
    assert type(ours).__name__ == type(theirs).__name__
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]


def _after(ours, theirs):
    assert type(ours).__name__ == type(theirs).__name__
    assert type(ours) is getattr(nn, type(theirs).__name__)
    assert {k: v.shape for k, v in ours.state_dict().items()} == {k: tuple(v.shape) for k, v in
                                                                  theirs.state_dict().items()}
    assert not any(is_lazy(t) for t in ours.state_dict(keep_vars=True).values())


@settings(max_examples=40, deadline=None)
@given(out=st.integers(1, 5), inp=st.integers(1, 5), bias=st.booleans(), lead=st.lists(st.integers(1, 3), max_size=2),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_lazy_linear_matches_torch(out, inp, bias, lead, dtype):
    ours = nn.LazyLinear(out, bias=bias, dtype=dtype)
    theirs = torch.nn.LazyLinear(out, bias=bias, dtype=torch.float64 if dtype == np.float64 else torch.float32)
    _before(ours, theirs)
    x = np.random.default_rng(1).normal(size=(*lead, inp)).astype(dtype)
    ours(x), theirs(torch.from_numpy(x.copy()))
    _after(ours, theirs)
    assert repr(ours) == repr(theirs) and ours.weight.dtype == dtype
    bound = 1 / np.sqrt(inp)
    assert np.all(np.abs(ours.weight.data) <= bound) and (not bias or np.all(np.abs(ours.bias.data) <= bound))
    _copy_params(ours, theirs)
    _check_forward_and_grads(ours, theirs, x)


_CONV_ARGS = st.fixed_dictionaries(dict(
    kernel_size=st.integers(1, 3), stride=st.integers(1, 2), padding=st.integers(0, 1), dilation=st.integers(1, 2),
    groups=st.integers(1, 2), bias=st.booleans()))


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(CONV), out_per_group=st.integers(1, 3), in_per_group=st.integers(1, 3), n=st.integers(1, 2),
       batched=st.booleans(), side=st.integers(5, 6), args=_CONV_ARGS, seed=st.integers(0, 999))
def test_lazy_convolutions_match_torch(name, out_per_group, in_per_group, n, batched, side, args, seed):
    nd = int(name[-2])
    groups = args["groups"]
    ours, theirs = _pair(name, out_per_group * groups, **args)
    _before(ours, theirs)
    shape = ((n,) if batched else ()) + (in_per_group * groups,) + (side,) * nd
    x = np.random.default_rng(seed).normal(size=shape).astype(np.float32)
    ours(x), theirs(torch.from_numpy(x.copy()))
    _after(ours, theirs)
    assert repr(ours) == repr(theirs)
    _copy_params(ours, theirs)
    _check_forward_and_grads(ours, theirs, x, rtol=1e-4, atol=1e-4)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(NORM), affine=st.booleans(), track=st.booleans(), bias=st.booleans(),
       momentum=st.sampled_from([0.1, None]), c=st.integers(1, 4), n=st.integers(2, 3), seed=st.integers(0, 999))
def test_lazy_norms_match_torch(name, affine, track, bias, momentum, c, n, seed):
    nd = int(name[-2])
    ours, theirs = _pair(name, affine=affine, track_running_stats=track, bias=bias, momentum=momentum)
    _before(ours, theirs)
    shape = (n, c) + (3,) * nd
    x = np.random.default_rng(seed).normal(1.0, 2.0, size=shape).astype(np.float32)
    out, t_out = ours(x), theirs(torch.from_numpy(x.copy()))
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-4, atol=1e-4)
    _after(ours, theirs)
    if affine or track:  # (PyTorch records num_features only when it has something to materialise)
        assert repr(ours) == repr(theirs)
    else:
        assert repr(ours) == repr(theirs).replace("(0,", f"({c},")
    for key, value in theirs.state_dict().items():  # running statistics after one training call
        np.testing.assert_allclose(ours.state_dict()[key], value.numpy(), rtol=1e-5, atol=1e-6, err_msg=key)
    _check_forward_and_grads(ours, theirs, x, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("kind", ["SGD", "Adam"])
def test_an_optimizer_built_before_the_first_call_trains_the_materialised_parameters(kind):
    make = dict(SGD=lambda lib, p: lib.SGD(p, lr=0.1, momentum=0.9), Adam=lambda lib, p: lib.Adam(p, lr=0.01))[kind]
    torch.manual_seed(0)
    # (Tanh, not ReLU: Adam turns the rounding noise of a dead unit's zero gradient into whole steps)
    ours = nn.Sequential(nn.LazyLinear(4), nn.Tanh(), nn.LazyBatchNorm1d(), nn.LazyLinear(2))
    theirs = torch.nn.Sequential(torch.nn.LazyLinear(4), torch.nn.Tanh(), torch.nn.LazyBatchNorm1d(),
                                 torch.nn.LazyLinear(2))
    opt, t_opt = make(optim, list(ours.parameters())), make(torch.optim, list(theirs.parameters()))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3)).astype(np.float32)
    ours(x), theirs(torch.from_numpy(x.copy()))  # the dry run materialises both
    assert repr(ours) == repr(theirs)
    assert [p for g in opt.param_groups for p in g["params"]] == list(ours.parameters())
    _copy_params(ours, theirs)
    for _ in range(3):
        x = rng.normal(size=(5, 3)).astype(np.float32)
        opt.zero_grad(), t_opt.zero_grad()
        (ours(x) ** 2).sum().backward()
        (theirs(torch.from_numpy(x.copy())) ** 2).sum().backward()
        opt.step(), t_opt.step()
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[key], value.numpy(), rtol=1e-4, atol=1e-5, err_msg=key)


def test_load_state_dict_in_both_states_as_torch():
    full = torch.nn.Sequential(torch.nn.Linear(5, 3), torch.nn.BatchNorm1d(3), torch.nn.Conv1d(3, 2, 2))
    state = {k: v.numpy() for k, v in full.state_dict().items()}
    ours = nn.Sequential(nn.LazyLinear(3), nn.LazyBatchNorm1d(), nn.LazyConv1d(2, 2))
    theirs = torch.nn.Sequential(torch.nn.LazyLinear(3), torch.nn.LazyBatchNorm1d(), torch.nn.LazyConv1d(2, 2))
    assert ours.load_state_dict(state) == ([], [])
    theirs.load_state_dict(full.state_dict())
    assert [type(m).__name__ for m in ours] == [type(m).__name__ for m in theirs] == [
        "LazyLinear", "LazyBatchNorm1d", "LazyConv1d"]  # (they become the regular classes at the next call)
    assert not any(m.has_uninitialized_params() for m in ours)
    for key, value in full.state_dict().items():
        np.testing.assert_array_equal(ours.state_dict()[key], value.numpy())
    x = np.random.default_rng(0).normal(size=(4, 3, 5)).astype(np.float32)
    ours.eval(), theirs.eval()
    np.testing.assert_allclose(ours(x).data, theirs(torch.from_numpy(x.copy())).detach().numpy(), rtol=1e-5, atol=1e-5)
    assert [type(m).__name__ for m in ours] == ["Linear", "BatchNorm1d", "Conv1d"]
    # (PyTorch leaves in_features/in_channels at 0 here; mygrad records the loaded sizes)
    assert repr(ours) == repr(theirs).replace("in_features=0", "in_features=5").replace("Conv1d(0,", "Conv1d(3,").replace(
        "BatchNorm1d(0,", "BatchNorm1d(3,")

    # an uninitialised state dict into a lazy module: it stays lazy (keep_vars gives the placeholders themselves)
    for lazy_state in (nn.LazyLinear(3).state_dict(), nn.LazyLinear(3).state_dict(keep_vars=True)):
        layer = nn.LazyLinear(3)
        assert layer.load_state_dict(lazy_state) == ([], []) and layer.has_uninitialized_params()
    # ... and into an initialised one: a RuntimeError, as PyTorch's
    for lazy_state in (nn.LazyLinear(3).state_dict(), nn.LazyLinear(3).state_dict(keep_vars=True)):
        with pytest.raises(RuntimeError, match="weight"):
            nn.Linear(4, 3).load_state_dict(lazy_state)
    with pytest.raises(RuntimeError, match="uninitialized"):
        torch.nn.Linear(4, 3).load_state_dict(torch.nn.LazyLinear(3).state_dict())


def test_a_failed_first_call_leaves_the_module_lazy():
    bn = nn.LazyBatchNorm1d()
    before = (repr(bn), list(bn.parameters()), [type(p) for p in bn.parameters()])
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(np.ones((1, 3), dtype=np.float32))
    assert (repr(bn), list(bn.parameters()), [type(p) for p in bn.parameters()]) == before
    assert bn.has_uninitialized_params() and int(bn.num_batches_tracked.item()) == 0
    bn(np.random.default_rng(0).normal(size=(4, 5)))
    assert repr(bn).startswith("BatchNorm1d(5,")
    conv = nn.LazyConv2d(4, 3, groups=2)
    with pytest.raises(ValueError, match="LazyConv2d: in_channels must be divisible by groups"):
        conv(np.ones((1, 3, 5, 5)))
    with pytest.raises(RuntimeError, match=r"Expected 3D \(unbatched\) or 4D \(batched\) input to LazyConv2d"):
        conv(np.ones((5, 5)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv(np.ones((1, 2, 2, 2)))  # (a kernel larger than the input: the regular forward refuses, after materialising)
    assert conv.has_uninitialized_params() and type(conv) is nn.LazyConv2d and conv.in_channels == 0


def test_initialisation_draws_like_the_regular_layer():
    x = np.ones((2, 4), dtype=np.float32)
    np.random.seed(0)
    lazy = nn.LazyLinear(3)
    lazy(x)
    np.random.seed(0)
    regular = nn.Linear(4, 3)
    np.testing.assert_array_equal(lazy.weight.data, regular.weight.data)
    np.testing.assert_array_equal(lazy.bias.data, regular.bias.data)
    lazy = nn.LazyConv2d(2, 3, generator=np.random.default_rng(5))
    lazy(np.ones((1, 4, 5, 5), dtype=np.float32))
    regular = nn.Conv2d(4, 2, 3, generator=np.random.default_rng(5))
    np.testing.assert_array_equal(lazy.weight.data, regular.weight.data)
    state = np.random.get_state()[1].copy()
    nn.LazyConv3d(8, 3)  # building one draws nothing from the global state
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_placeholders():
    layer = nn.LazyLinear(3)
    assert isinstance(layer.weight, nn.UninitializedParameter) and isinstance(layer.weight, nn.Parameter)
    assert repr(layer.weight) == repr(torch.nn.LazyLinear(3).weight) == "<UninitializedParameter>"
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized parameter"):
        layer.weight.shape
    clone = copy.deepcopy(layer)
    assert isinstance(clone.weight, nn.UninitializedParameter)
    restored = pickle.loads(pickle.dumps(nn.LazyBatchNorm2d(dtype=np.float64)))
    assert isinstance(restored.running_mean, nn.UninitializedBuffer) and restored.running_mean.dtype == np.float64
    restored(np.random.default_rng(0).normal(size=(2, 3, 2, 2)))
    assert type(restored).__name__ == "BatchNorm2d" and restored.running_mean.dtype == np.float64
    layer.double()
    layer(np.ones((2, 2)))
    assert layer.weight.dtype == np.float64


def test_argument_errors():
    with pytest.raises(ValueError, match="LazyConv2d: out_channels \\(4\\) must be divisible by groups \\(3\\)"):
        nn.LazyConv2d(4, 3, groups=3)
    with pytest.raises(TypeError, match="LazyLinear: out_features must be an int"):
        nn.LazyLinear(2.5)
    with pytest.raises(TypeError, match="LazyBatchNorm2d: affine must be True or False"):
        nn.LazyBatchNorm2d(affine="yes")
    with pytest.raises(ValueError, match="LazyBatchNorm2d: eps must be positive"):
        nn.LazyBatchNorm2d(eps=-1.0)
    with pytest.raises(ValueError, match="LazyBatchNorm2d: expected 4D input"):
        nn.LazyBatchNorm2d()(np.ones((2, 3)))
    with pytest.raises(ValueError, match="LazyLinear: the input must have at least 1 dimension"):
        nn.LazyLinear(2)(np.ones(()))
    with pytest.raises(ValueError, match="LazyConvTranspose2d: padding"):
        nn.LazyConvTranspose2d(2, 3, padding="same")
    # an unbatched instance-norm input: channels from axis 0 (PyTorch reads axis 1 and then refuses the input)
    norm = nn.LazyInstanceNorm2d()
    norm(np.random.default_rng(0).normal(size=(3, 4, 4)))
    assert norm.num_features == 3


def test_checkpoint_files_round_trip_in_both_states(tmp_path):
    path = tmp_path / "lazy.ckpt"
    saved = nn.Sequential(nn.LazyLinear(3), nn.LazyBatchNorm1d())
    saved.save(path)
    loaded = nn.Sequential(nn.LazyLinear(3), nn.LazyBatchNorm1d())
    loaded.load(path)  # (the placeholders were saved as empty arrays: they stay placeholders)
    assert loaded[0].has_uninitialized_params() and loaded[1].has_uninitialized_params()
    saved(np.random.default_rng(0).normal(size=(4, 5)).astype(np.float32))
    saved.save(path)
    loaded.load(path)
    for key, value in saved.state_dict().items():
        np.testing.assert_array_equal(loaded.state_dict()[key], value)
    loaded(np.ones((2, 5), dtype=np.float32))
    assert repr(loaded) == repr(saved)


def test_reset_parameters_waits_for_the_first_call():
    for ours in (nn.LazyLinear(3), nn.LazyConv2d(2, 3), nn.LazyBatchNorm2d(), nn.LazyInstanceNorm1d()):
        ours.reset_parameters()  # (PyTorch: nothing to reset yet)
        assert ours.has_uninitialized_params()
    layer = nn.LazyLinear(3, generator=np.random.default_rng(1))
    layer(np.ones((2, 4), dtype=np.float32))
    first = layer.weight.data.copy()
    layer.reset_parameters(np.random.default_rng(2))
    assert layer.weight.shape == (3, 4) and not np.array_equal(first, layer.weight.data)
