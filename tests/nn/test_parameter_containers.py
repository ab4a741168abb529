"""ParameterList and ParameterDict against PyTorch: registration, state_dict keys, indexing, updates, reprs, errors."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn

torch = pytest.importorskip("torch")


def _torch_repr(module) -> str:
    return repr(module).replace("torch.", "mygrad.").replace("mygrad.FloatTensor", "mygrad.float32").replace(
        "mygrad.DoubleTensor", "mygrad.float64")


shapes = st.lists(st.lists(st.integers(0, 3), min_size=0, max_size=3).map(tuple), min_size=0, max_size=4)


@settings(max_examples=25, deadline=None)
@given(shapes=shapes, extra=shapes, wrap=st.booleans())
def test_parameter_list_matches_torch(shapes, extra, wrap):
    arrays = [np.random.default_rng(i).normal(size=s).astype(np.float32) for i, s in enumerate(shapes + extra)]
    mine = [nn.Parameter(a) if wrap else mg.tensor(a) for a in arrays]
    theirs = [torch.nn.Parameter(torch.from_numpy(a)) if wrap else torch.from_numpy(a) for a in arrays]
    ours = nn.ParameterList(mine[:len(shapes)])
    ref = torch.nn.ParameterList(theirs[:len(shapes)])
    ours.extend(mine[len(shapes):])
    ref.extend(theirs[len(shapes):])
    assert len(ours) == len(ref) == len(arrays)
    assert repr(ours) == _torch_repr(ref)
    assert list(ours.state_dict()) == list(ref.state_dict())
    assert all(isinstance(p, nn.Parameter) for p in ours)
    assert [p.shape for p in ours.parameters()] == [tuple(p.shape) for p in ref.parameters()]
    for i in range(-len(arrays), len(arrays)):
        np.testing.assert_array_equal(ours[i].data, ref[i].detach().numpy())
    assert len(ours[1:]) == len(ref[1:]) and len(ours[::2]) == len(ref[::2])


def test_parameter_list_registers_in_owner_and_trains():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.weights = nn.ParameterList([nn.Parameter(np.full(2, 2.0, dtype=np.float32)) for _ in range(3)])

        def forward(self, x):
            for w in self.weights:
                x = x * w
            return x

    model = Model()
    assert [name for name, _ in model.named_parameters()] == ["weights.0", "weights.1", "weights.2"]
    model(np.ones(2, dtype=np.float32)).sum().backward()
    for w in model.weights:
        np.testing.assert_array_equal(w.grad, [4.0, 4.0])
    state = model.state_dict()
    fresh = Model()
    fresh.weights[1] = np.zeros(2, dtype=np.float32)  # a float array becomes a Parameter
    assert isinstance(fresh.weights[1], nn.Parameter)
    fresh.load_state_dict(state)
    np.testing.assert_array_equal(fresh.weights[1].data, [2.0, 2.0])


def test_parameter_list_state_dict_round_trips_with_torch():
    ref = torch.nn.ParameterList([torch.nn.Parameter(torch.randn(3, 2)), torch.nn.Parameter(torch.randn(4))])
    ours = nn.ParameterList([np.zeros((3, 2), dtype=np.float32), np.zeros(4, dtype=np.float32)])
    ours.load_state_dict({k: v.numpy() for k, v in ref.state_dict().items()})
    back = torch.nn.ParameterList([torch.nn.Parameter(torch.zeros(3, 2)), torch.nn.Parameter(torch.zeros(4))])
    back.load_state_dict({k: torch.from_numpy(v) for k, v in ours.state_dict().items()})
    for a, b in zip(ref, back):
        assert torch.equal(a, b)


def test_parameter_list_errors_match_torch():
    ours, ref = nn.ParameterList([np.zeros(2)]), torch.nn.ParameterList([torch.zeros(2)])
    for container in (ours, ref):
        with pytest.raises(IndexError, match="out of range"):
            container[1]
        with pytest.raises(IndexError, match="out of range"):
            container[-2] = np.zeros(1)
        with pytest.raises(TypeError, match="iterable"):
            container.extend(5)
    with pytest.raises(TypeError, match="iterable"):
        ours.extend(mg.tensor([1.0]))
    with pytest.raises(RuntimeError, match="should not be called"):
        ours(1)
    with pytest.raises(TypeError, match="integers"):
        ours["0"]


def test_parameter_list_keeps_other_objects():
    ours = nn.ParameterList([np.zeros(2), "text", nn.Linear(1, 1)])
    ref = torch.nn.ParameterList([torch.zeros(2, dtype=torch.float64), "text", torch.nn.Linear(1, 1)])
    assert ours[1] == "text" and repr(ours) == _torch_repr(ref)
    assert list(ours.state_dict()) == list(ref.state_dict())


dict_keys = st.lists(st.sampled_from(["b", "a", "weight", "c2"]), unique=True, max_size=4)


@settings(max_examples=25, deadline=None)
@given(keys=dict_keys, ordered=st.booleans(), more=dict_keys)
def test_parameter_dict_matches_torch(keys, ordered, more):
    arrays = {k: np.random.default_rng(i).normal(size=(i, 2)).astype(np.float32) for i, k in enumerate(keys)}
    kind = OrderedDict if ordered else dict
    ours = nn.ParameterDict(kind((k, mg.tensor(a)) for k, a in arrays.items()))
    ref = torch.nn.ParameterDict(kind((k, torch.from_numpy(a)) for k, a in arrays.items()))
    update = [(k, np.ones(1, dtype=np.float32)) for k in more]
    ours.update(update)
    ref.update([(k, torch.ones(1)) for k, _ in update])
    assert list(ours.keys()) == list(ref.keys())
    assert list(ours.state_dict()) == list(ref.state_dict())
    assert repr(ours) == _torch_repr(ref)
    for key in ref:
        np.testing.assert_array_equal(ours[key].data, ref[key].detach().numpy())
        assert isinstance(ours[key], nn.Parameter)
    if keys:
        assert ours.popitem()[0] == ref.popitem()[0]
        assert list(ours) == list(ref)
    merged, merged_ref = ours | nn.ParameterDict({"z": np.zeros(1)}), ref | torch.nn.ParameterDict({"z": torch.zeros(1)})
    assert list(merged) == list(merged_ref)


def test_parameter_dict_dict_methods_and_owner():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.heads = nn.ParameterDict({"scale": np.ones(3, dtype=np.float32)})

    model = Model()
    model.heads["shift"] = nn.Parameter(np.zeros(3, dtype=np.float32))
    assert [n for n, _ in model.named_parameters()] == ["heads.scale", "heads.shift"]
    assert model.heads.get("nope") is None and model.heads.get("scale") is model.heads["scale"]
    assert model.heads.setdefault("extra", np.zeros(1, dtype=np.float32)).shape == (1,)
    assert model.heads.pop("extra").shape == (1,) and "extra" not in model.heads
    copy = model.heads.copy()
    assert copy["scale"] is model.heads["scale"]
    assert list(model.heads.fromkeys(["p", "q"])) == ["p", "q"]
    del model.heads["shift"]
    assert list(model.state_dict()) == ["heads.scale"]
    model.heads.clear()
    assert len(model.heads) == 0 and list(model.parameters()) == []


def test_parameter_dict_errors_match_torch():
    ours, ref = nn.ParameterDict(), torch.nn.ParameterDict()
    for container in (ours, ref):
        with pytest.raises(AttributeError):
            container["missing"]
        with pytest.raises(TypeError, match="not a string"):
            container[1] = np.zeros(1)
        with pytest.raises(TypeError, match="iterable"):
            container.update(3)
        with pytest.raises(ValueError, match="has length 3; 2 is required"):
            container.update([("a", 1, 2)])
        with pytest.raises(KeyError, match="already exists"):
            container["keys"] = mg.zeros(1) if container is ours else torch.zeros(1)
    with pytest.raises(KeyError):  # dict-like as well
        ours["missing"]
    with pytest.raises(RuntimeError, match="should not be called"):
        ours(1)
