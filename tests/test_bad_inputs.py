"""Hostile inputs across the API: every misuse raises a clear error, and nothing is changed.

Each case asserts three things: the exception's type, that its message
names the facts (the argument, what it got, what was expected), and that
the objects involved - tensors, modules, optimizers, schedulers, files -
are exactly as they were before the call.

The data-download cases (a local HTTP server that misbehaves) are in
tests/data/test_bad_inputs_data.py, beside the server fixture they use; the
losses in tests/test_bad_inputs_losses.py, core-op arguments in
tests/test_bad_inputs_ops.py, calls that fail part-way in
tests/test_bad_inputs_state.py, and the fuzzer in tests/test_bad_inputs_fuzz.py.
"""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

import mygrad as mg
import mygrad.nn.functional as F
from mygrad import nn, optim
from mygrad.autodiff.anomaly import AnomalyError
from mygrad.checkpoint import load_checkpoint, save_checkpoint

ROOT = Path(__file__).resolve().parents[1]
# NaN/inf are produced on purpose here (anomaly detection); NumPy's RuntimeWarnings about them are noise
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


# ----------------------------------------------------------------------------- helpers
def snapshot(obj: Any) -> Any:
    """A deep, comparable copy of the state of ``obj``."""
    if isinstance(obj, mg.Tensor):
        return (obj.data.copy(), None if obj.grad is None else obj.grad.copy(), obj.constant)
    if isinstance(obj, nn.Module):
        return {k: np.array(v, copy=True) for k, v in obj.state_dict().items()}, obj.training
    if isinstance(obj, (optim.Optimizer, optim.lr_scheduler.LRScheduler)):
        return copy.deepcopy(obj.state_dict())
    if isinstance(obj, Path):
        return obj.read_bytes() if obj.exists() else None
    if isinstance(obj, np.ndarray):
        return obj.copy()
    return copy.deepcopy(obj)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype and \
            np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def check(call: Callable[[], Any], exc: type, *facts: str, unchanged: tuple = ()) -> str:
    """Call ``call``; assert it raises ``exc`` whose message contains every fact, and that
    every object in ``unchanged`` has the state it had before. Returns the message."""
    before = [snapshot(o) for o in unchanged]
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    for fact in facts:
        assert fact in message, f"{fact!r} not in {message!r}"
    for obj, old in zip(unchanged, before):
        assert same(snapshot(obj), old), f"{obj!r} was changed by a call that raised"
    return message


def rng() -> np.random.Generator:
    return np.random.default_rng(0)


# ----------------------------------------------------------------------------- core: tensors and ops
@pytest.mark.parametrize("data, facts", [
    (["a", "b"], ["<U1"]),
    ([b"a"], ["S1"]),
    ([object(), 1], ["object"]),
    ([{"a": 1}], ["object"]),
    ([None, 1.0], ["object"]),
    (np.array(["x"]), ["<U1"]),
    (np.array([np.datetime64("2020-01-01")]), ["datetime64"]),
])
def test_tensor_from_non_numeric_data(data, facts):
    check(lambda: mg.tensor(data), TypeError, "dtype", *facts)


@pytest.mark.parametrize("shapes", [[(2,), (3,)], [(2, 3), (3, 2)], [(1,), (1, 1)], [(2, 2), (2, 2), (2, 3)]])
def test_stack_names_every_shape(shapes):
    arrays = [mg.tensor(np.ones(s)) for s in shapes]
    check(lambda: mg.stack(arrays), ValueError, "stack", *[str(s) for s in shapes], unchanged=tuple(arrays))


@pytest.mark.parametrize("shapes, axis", [([(2, 2), (2, 3)], 0), ([(2, 3), (3, 3)], 1), ([(2,), (2, 2)], 0),
                                          ([(1, 2, 3), (1, 3, 3)], 2)])
def test_concatenate_names_every_shape(shapes, axis):
    arrays = [mg.tensor(np.ones(s)) for s in shapes]
    check(lambda: mg.concatenate(arrays, axis=axis), ValueError, "concatenate", *[str(s) for s in shapes],
          unchanged=tuple(arrays))


def test_join_axis_error_stays_numpys_axis_error():
    check(lambda: mg.stack([np.ones(2)], axis=5), np.exceptions.AxisError, "axis 5")


@pytest.mark.parametrize("a, b", [((2, 3), (4, 5)), ((3,), (4,)), ((2, 3), (2,)), ((5, 2, 3), (5, 4, 2)),
                                  ((3, 1), (3, 1))])
def test_matmul_names_both_shapes(a, b):
    x, y = mg.tensor(np.ones(a)), mg.tensor(np.ones(b))
    for call in (lambda: mg.matmul(x, y), lambda: x @ y, lambda: x @ np.ones(b)):
        check(call, ValueError, "matmul", str(a), str(b), unchanged=(x, y))


@pytest.mark.parametrize("subscripts, shapes", [("ij,jk", [(2, 3), (4, 5)]), ("i,i", [(2,), (3,)]),
                                                ("ij,ij->i", [(2, 3), (2, 4)])])
def test_einsum_names_shapes_and_subscripts(subscripts, shapes):
    arrays = [mg.tensor(np.ones(s)) for s in shapes]
    check(lambda: mg.einsum(subscripts, *arrays), ValueError, repr(subscripts), *[str(s) for s in shapes],
          unchanged=tuple(arrays))


def test_operation_overriding_backward_is_honoured_as_in_mygrad():
    # MyGrad's own ops (e.g. its multiply_sequence) prepare in backward() and then call super().backward()
    calls = []

    class Cube(mg.Operation):
        def __call__(self, x):
            self.variables = (x,)
            return x.data ** 3

        def backward(self, grad, **kwargs):
            self.three_x_squared = 3 * self.variables[0].data ** 2  # prepared once per pass
            calls.append("backward")
            return super().backward(grad, **kwargs)

        def backward_var(self, grad, index, **kwargs):
            calls.append("backward_var")
            return grad * self.three_x_squared

    x = mg.tensor([1.0, 2.0])
    mg.execute_op(Cube, x).backward()
    np.testing.assert_array_equal(x.grad, [3.0, 12.0])
    assert calls == ["backward", "backward_var"]


def test_operation_missing_backward_var_cannot_be_instantiated():
    class Half(mg.Operation):
        def __call__(self, x):
            self.variables = (x,)
            return x.data

    x = mg.tensor([1.0])
    check(lambda: mg.execute_op(Half, x), TypeError, "backward_var", unchanged=(x,))


def test_power_zero_at_zero_has_zero_gradient():
    x = mg.tensor([0.0, 2.0])
    (x ** 0).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


# ----------------------------------------------------------------------------- nn: layer construction
LAYER_SIZES = [
    (lambda: nn.Linear(-1, 3), ValueError, ["Linear", "in_features", "-1"]),
    (lambda: nn.Linear(3, -2), ValueError, ["Linear", "out_features", "-2"]),
    (lambda: nn.Linear(2.5, 3), TypeError, ["Linear", "in_features", "2.5", "float"]),
    (lambda: nn.Linear("3", 3), TypeError, ["Linear", "in_features", "'3'", "str"]),
    (lambda: nn.Linear(True, 3), TypeError, ["Linear", "in_features", "True", "bool"]),
    (lambda: nn.Linear(3, None), TypeError, ["Linear", "out_features", "None"]),
    (lambda: nn.Linear(3, 2, dtype=np.int32), TypeError, ["floating-point", "int32"]),
    (lambda: nn.Linear(3, 2, device="cuda"), ValueError, ["CPU", "cuda"]),
    (lambda: nn.Conv2d(0, 4, 3), ValueError, ["Conv2d", "in_channels", "0"]),
    (lambda: nn.Conv2d(3, -4, 3), ValueError, ["Conv2d", "out_channels", "-4"]),
    (lambda: nn.Conv2d(3, 4, 0), ValueError, ["Conv2d", "kernel_size", "0"]),
    (lambda: nn.Conv2d(3, 4, (3, -1)), ValueError, ["Conv2d", "kernel_size", "(3, -1)"]),
    (lambda: nn.Conv2d(3, 4, (3, 3, 3)), ValueError, ["Conv2d", "kernel_size", "2 ints"]),
    (lambda: nn.Conv2d(3, 4, 3, stride=0), ValueError, ["Conv2d", "stride", "0"]),
    (lambda: nn.Conv2d(3, 4, 3, padding=-1), ValueError, ["Conv2d", "padding", "-1"]),
    (lambda: nn.Conv2d(3, 4, 3, padding="full"), ValueError, ["padding", "'full'"]),
    (lambda: nn.Conv2d(3, 4, 3, dilation=0), ValueError, ["Conv2d", "dilation", "0"]),
    (lambda: nn.Conv2d(3, 4, 3, groups=2), ValueError, ["in_channels (3)", "groups (2)"]),
    (lambda: nn.Conv2d(4, 4, 3, groups=0), ValueError, ["groups", "0"]),
    (lambda: nn.Conv2d(3, 4, 3, padding_mode="mirror"), ValueError, ["padding_mode", "'mirror'"]),
    (lambda: nn.Conv2d(3, 4, 3, stride=2, padding="same"), ValueError, ["same", "stride"]),
    (lambda: nn.Conv1d(3, 4, 2.0), ValueError, ["Conv1d", "kernel_size", "2.0"]),
    (lambda: nn.Conv3d(3, 4, (1, 2)), ValueError, ["Conv3d", "kernel_size", "3 ints"]),
    (lambda: nn.BatchNorm1d(0), ValueError, ["BatchNorm1d", "num_features", "0"]),
    (lambda: nn.BatchNorm2d(4.0), TypeError, ["BatchNorm2d", "num_features", "4.0"]),
    (lambda: nn.BatchNorm1d(4, eps=0), ValueError, ["BatchNorm1d", "eps", "0"]),
    (lambda: nn.BatchNorm1d(4, momentum=2), ValueError, ["BatchNorm1d", "momentum", "2"]),
    (lambda: nn.Embedding(0, 3), ValueError, ["Embedding", "num_embeddings", "0"]),
    (lambda: nn.Embedding(5, -3), ValueError, ["Embedding", "embedding_dim", "-3"]),
    (lambda: nn.Embedding(5, 3, padding_idx=7), ValueError, ["padding_idx", "7"]),
    (lambda: nn.GRU(0, 3), ValueError, ["GRU", "input_size", "0"]),
    (lambda: nn.GRU(3, -1), ValueError, ["GRU", "hidden_size", "-1"]),
    (lambda: nn.GRU(3, 3, num_layers=0), ValueError, ["num_layers", "0"]),
    (lambda: nn.GRU(3, 3, dropout=1.5), ValueError, ["dropout", "1.5"]),
    (lambda: nn.Dropout(p=-0.1), ValueError, ["between 0 and 1", "-0.1"]),
    (lambda: nn.Dropout(p=1.1), ValueError, ["between 0 and 1", "1.1"]),
    (lambda: nn.Dropout(p="half"), TypeError, ["Dropout: p", "'half'"]),
    (lambda: nn.MaxPool2d(0), ValueError, ["MaxPool2d", "kernel_size", "0"]),
    (lambda: nn.MaxPool2d(2, stride=0), ValueError, ["MaxPool2d", "stride", "0"]),
    (lambda: nn.MaxPool2d(2, padding=-1), ValueError, ["MaxPool2d", "padding", "-1"]),
    (lambda: nn.MaxPool1d(2, dilation=0), ValueError, ["MaxPool1d", "dilation", "0"]),
    (lambda: nn.MaxPool3d(2.5), TypeError, ["MaxPool3d", "kernel_size", "2.5"]),
    (lambda: nn.AvgPool2d(-1), ValueError, ["AvgPool2d", "kernel_size", "-1"]),
    (lambda: nn.AvgPool2d((2, 0)), ValueError, ["AvgPool2d", "kernel_size", "(2, 0)"]),
    (lambda: nn.AvgPool2d(2, divisor_override=0), ValueError, ["AvgPool2d", "divisor_override", "0"]),
    (lambda: nn.AvgPool1d("2"), TypeError, ["AvgPool1d", "kernel_size", "'2'"]),
    (lambda: nn.AdaptiveAvgPool2d(0), ValueError, ["AdaptiveAvgPool2d", "output_size", "0"]),
    (lambda: nn.AdaptiveAvgPool2d((3, -1)), ValueError, ["AdaptiveAvgPool2d", "output_size", "-1"]),
    (lambda: nn.LeakyReLU("x"), TypeError, ["LeakyReLU: negative_slope", "'x'"]),
    (lambda: nn.ELU(alpha=None), TypeError, ["ELU: alpha", "None"]),
    (lambda: nn.Hardtanh("a", 1), TypeError, ["Hardtanh: min_val", "'a'"]),
    (lambda: nn.Hardtanh(1, -1), ValueError, ["min_val (1)", "max_val (-1)"]),
]


@pytest.mark.parametrize("make, exc, facts", LAYER_SIZES, ids=[" ".join(map(str, c[2])) for c in LAYER_SIZES])
def test_layer_construction_names_the_bad_argument(make, exc, facts):
    _, key, pos, *_ = np.random.get_state()  # a refused layer draws no random numbers either
    check(make, exc, *facts)
    _, key_after, pos_after, *_ = np.random.get_state()
    assert np.array_equal(key, key_after) and pos == pos_after


# ----------------------------------------------------------------------------- nn: forward passes
def bn_cases():
    yield "BatchNorm1d(4) given 5 channels", lambda: nn.BatchNorm1d(4), np.ones((3, 5)), ["5 channels", "4"]
    yield "BatchNorm1d training batch of one", lambda: nn.BatchNorm1d(4), np.ones((1, 4)), ["more than 1", "(1, 4)"]
    yield "BatchNorm1d (1, C, 1) in training", lambda: nn.BatchNorm1d(4), np.ones((1, 4, 1)), ["more than 1"]
    yield "BatchNorm1d 4-D input", lambda: nn.BatchNorm1d(4), np.ones((2, 4, 3, 3)), ["2D or 3D", "4D"]
    yield "BatchNorm1d 1-D input", lambda: nn.BatchNorm1d(4), np.ones(4), ["2D or 3D", "1D"]
    yield "BatchNorm2d 3-D input", lambda: nn.BatchNorm2d(3), np.ones((2, 3, 4)), ["4D", "3D"]
    yield "BatchNorm2d wrong channels", lambda: nn.BatchNorm2d(3), np.ones((2, 2, 4, 4)), ["2 channels", "3"]
    yield "BatchNorm2d batch of one pixel", lambda: nn.BatchNorm2d(3), np.ones((1, 3, 1, 1)), ["more than 1"]
    yield "BatchNorm1d momentum=None wrong channels", lambda: nn.BatchNorm1d(4, momentum=None), np.ones((3, 5)), \
        ["5 channels"]
    yield "BatchNorm1d eval wrong channels", lambda: nn.BatchNorm1d(4).eval(), np.ones((3, 5)), ["5 channels"]


@pytest.mark.parametrize("label, make, x, facts", list(bn_cases()), ids=[c[0] for c in bn_cases()])
def test_batchnorm_refuses_before_touching_running_stats(label, make, x, facts):
    bn = make()
    valid = (6, bn.num_features) if isinstance(bn, nn.BatchNorm1d) else (6, bn.num_features, 2, 2)
    bn.train()(np.random.default_rng(0).normal(size=valid))  # some history first
    bn.train(make().training)
    check(lambda: bn(x), ValueError, type(bn).__name__, *facts, unchanged=(bn,))
    check(lambda: bn(mg.tensor(x)), ValueError, *facts, unchanged=(bn,))


FORWARD_CASES = [
    ("Linear wrong features", lambda: nn.Linear(3, 2), np.ones((4, 5)), ValueError, ["in_features=3", "(4, 5)"]),
    ("Conv2d wrong channels", lambda: nn.Conv2d(3, 2, 3), np.ones((1, 4, 8, 8)), ValueError, ["3", "4"]),
    ("Conv2d kernel larger than input", lambda: nn.Conv2d(1, 1, 5), np.ones((1, 1, 3, 3)), ValueError, ["5"]),
    ("Embedding out-of-range index", lambda: nn.Embedding(5, 2), np.array([1, 7]), IndexError, ["7"]),
    ("Embedding float indices", lambda: nn.Embedding(5, 2), np.array([1.0, 2.0]), TypeError, ["float"]),
    ("LayerNorm wrong trailing shape", lambda: nn.LayerNorm(4), np.ones((2, 5)), ValueError, ["4", "5"]),
]


@pytest.mark.parametrize("label, make, x, exc, facts", FORWARD_CASES, ids=[c[0] for c in FORWARD_CASES])
def test_layer_forward_refuses_bad_input_and_keeps_its_state(label, make, x, exc, facts):
    layer = make()
    check(lambda: layer(x), exc, *facts, unchanged=(layer,))


@pytest.mark.parametrize("make", [
    lambda: nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(4, 2)),
    lambda: nn.Sequential(nn.Sequential(nn.BatchNorm1d(3), nn.BatchNorm1d(3, momentum=None)), nn.Linear(5, 1)),
    lambda: nn.Sequential(nn.BatchNorm1d(3), nn.Dropout(0.5), nn.Linear(3, 2), nn.BatchNorm1d(3)),
], ids=["bn-then-bad-linear", "nested", "bad-second-bn"])
def test_sequential_failing_late_leaves_earlier_running_stats_alone(make):
    model = make()
    check(lambda: model(rng().normal(size=(5, 3))), ValueError, "(5, ", unchanged=(model,))
    model.eval()
    check(lambda: model(rng().normal(size=(5, 3))), ValueError, "(5, ", unchanged=(model,))


def test_module_load_state_dict_refuses_and_changes_nothing():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    good = model.state_dict()
    bad = [
        ({k: v for k, v in good.items() if k != "0.bias"}, ["Missing", "0.bias"]),
        ({**good, "extra": np.ones(1)}, ["Unexpected", "extra"]),
        ({**good, "0.weight": np.ones((2, 2))}, ["size mismatch", "0.weight", "(2, 2)", "(3, 2)"]),
        ({**good, "0.weight": np.full((3, 2), "a")}, ["dtype", "0.weight"]),
    ]
    for state, facts in bad:
        check(lambda: model.load_state_dict(state), RuntimeError, *facts, unchanged=(model,))


FUNCTIONAL_CASES = [
    ("leaky_relu slope", lambda x: F.leaky_relu(x, "a"), TypeError, ["leaky_relu: negative_slope", "'a'"]),
    ("elu alpha", lambda x: F.elu(x, alpha=[1.0]), TypeError, ["elu: alpha", "[1.0]"]),
    ("hardtanh bound", lambda x: F.hardtanh(x, None, 1.0), TypeError, ["hardtanh: min_val", "None"]),
    ("softplus beta", lambda x: F.softplus(x, beta="2"), TypeError, ["softplus: beta", "'2'"]),
    ("dropout p type", lambda x: F.dropout(x, "a"), TypeError, ["dropout: p", "'a'"]),
    ("dropout p range", lambda x: F.dropout(x, 2.0), ValueError, ["[0, 1]", "2.0"]),
    ("linear weight", lambda x: F.linear(x, np.ones(4)), ValueError, ["linear", "weight", "(4,)"]),
    ("linear bias", lambda x: F.linear(x, np.ones((2, 4)), np.ones(3)), ValueError, ["bias", "(2,)", "(3,)"]),
    ("layer_norm shape", lambda x: F.layer_norm(x, (5,)), ValueError, ["(5,)", "(3, 4)"]),
    ("batch_norm running", lambda x: F.batch_norm(x, np.zeros(3), np.ones(3)), ValueError,
     ["running_mean", "(4,)", "(3,)"]),
    ("glu odd", lambda x: F.glu(x[:, :3]), ValueError, ["glu", "3"]),
    ("pad odd", lambda x: F.pad(x, (1,)), ValueError, ["pad", "(1,)"]),
    ("pad mode", lambda x: F.pad(x, (1, 1), mode="foo"), ValueError, ["mode", "'foo'"]),
    ("pad crop", lambda x: F.pad(x, (-3, -3)), ValueError, ["(-3, -3)", "(3, 4)"]),
    ("one_hot float", lambda x: F.one_hot(np.array([1.0])), TypeError, ["one_hot", "float64"]),
    ("one_hot range", lambda x: F.one_hot(np.array([3]), num_classes=2), ValueError, ["[0, 2)", "3"]),
    ("embedding float", lambda x: F.embedding(np.array([0.5]), x), TypeError, ["integers", "float64"]),
    ("embedding range", lambda x: F.embedding(np.array([5]), x), IndexError, ["[0, 3)", "5"]),
    ("max_pool window", lambda x: F.max_pool2d(x[None, None], 7), ValueError, ["max_pool2d", "(7, 7)", "(3, 4)"]),
    ("avg_pool ndim", lambda x: F.avg_pool2d(x, 2), ValueError, ["avg_pool2d", "(3, 4)"]),
    ("conv2d channels", lambda x: F.conv2d(x[None, None], np.ones((2, 3, 1, 1))), ValueError, ["1 channels", "3"]),
    ("conv2d stride", lambda x: F.conv2d(x[None, None], np.ones((2, 1, 1, 1)), stride=0), ValueError,
     ["stride", "(0, 0)"]),
    ("softmax dim", lambda x: F.softmax(x, dim=5), np.exceptions.AxisError, ["axis 5"]),
]


@pytest.mark.parametrize("label, call, exc, facts", FUNCTIONAL_CASES, ids=[c[0] for c in FUNCTIONAL_CASES])
def test_functional_arguments(label, call, exc, facts):
    x = mg.tensor(rng().normal(size=(3, 4)))
    check(lambda: call(x), exc, *facts, unchanged=(x,))


# ----------------------------------------------------------------------------- optimizers and schedulers
def fresh_optimizer(kind=optim.SGD, **kwargs):
    model = nn.Linear(2, 2)
    return model, kind(model.parameters(), **({"lr": 0.1} | kwargs))


@pytest.mark.parametrize("kind, kwargs, facts", [
    (optim.SGD, dict(lr=-1), ["lr", "-1"]),
    (optim.SGD, dict(momentum=-1), ["momentum", "-1"]),
    (optim.SGD, dict(nesterov=True), ["Nesterov"]),
    (optim.SGD, dict(weight_decay=-1), ["weight_decay", "-1"]),
    (optim.Adam, dict(betas=(1.5, 0.9)), ["beta", "1.5"]),
    (optim.Adam, dict(betas=(0.9, -0.1)), ["beta", "-0.1"]),
    (optim.Adam, dict(eps=-1), ["eps", "-1"]),
    (optim.AdamW, dict(lr=-0.5), ["lr", "-0.5"]),
    (optim.RMSprop, dict(alpha=-1), ["alpha", "-1"]),
    (optim.Adagrad, dict(lr=-1), ["lr", "-1"]),
])
def test_optimizer_arguments(kind, kwargs, facts):
    model = nn.Linear(2, 2)
    check(lambda: kind(model.parameters(), **({"lr": 0.1} | kwargs)), ValueError, *facts, unchanged=(model,))


def test_optimizer_parameter_list_errors():
    check(lambda: optim.SGD([], lr=0.1), ValueError, "empty")
    check(lambda: optim.SGD([np.ones(3)], lr=0.1), TypeError, "parameter 0", "ndarray")


@pytest.mark.parametrize("make, facts", [
    (lambda o: optim.lr_scheduler.StepLR(o, step_size=0), ["step_size", "0"]),
    (lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=0), ["T_max", "0"]),
    (lambda o: optim.lr_scheduler.StepLR(object(), step_size=1), ["Optimizer"]),
])
def test_scheduler_arguments_leave_the_optimizer_alone(make, facts):
    model, opt = fresh_optimizer()
    lrs = [g["lr"] for g in opt.param_groups]
    check(lambda: make(opt), (ValueError, TypeError), *facts, unchanged=(opt, model))
    assert [g["lr"] for g in opt.param_groups] == lrs and all("initial_lr" not in g for g in opt.param_groups)


# ----------------------------------------------------------------------------- checkpoints and tensor files
@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.npz"
    save_checkpoint(good, {"w": np.arange(3.0), "n": 1})
    tensor_file = tmp_path / "tensor.npz"
    mg.save(tensor_file, mg.tensor([1.0, 2.0]))
    made = {"good": good, "tensor": tensor_file}
    data = good.read_bytes()
    made["truncated"] = tmp_path / "truncated.npz"
    made["truncated"].write_bytes(data[: len(data) // 2])
    made["garbage"] = tmp_path / "garbage.npz"
    made["garbage"].write_bytes(b"not a zip file at all")
    made["empty"] = tmp_path / "empty.npz"
    made["empty"].write_bytes(b"")
    made["npy"] = tmp_path / "array.npy"
    np.save(made["npy"], np.ones(3))
    made["pickle"] = tmp_path / "pickle.npz"
    np.savez(made["pickle"], data=np.array([{"evil": 1}], dtype=object), constant=np.array(False),
             __mygrad__=np.array(1), __checkpoint__=np.load(good)["__checkpoint__"], a0=np.array([{}], dtype=object))
    made["foreign"] = tmp_path / "foreign.npz"
    np.savez(made["foreign"], x=np.ones(2))
    made["zeros_tail"] = tmp_path / "zeros_tail.npz"
    made["zeros_tail"].write_bytes(data[:-30] + bytes(30))
    return made


@pytest.mark.parametrize("kind", ["truncated", "garbage", "empty", "npy", "pickle", "foreign", "zeros_tail",
                                  "tensor"])
def test_load_checkpoint_names_the_file(files, kind):
    path = files[kind]
    check(lambda: load_checkpoint(path), ValueError, str(path), "not a valid mygrad checkpoint", unchanged=(path,))


@pytest.mark.parametrize("kind", ["truncated", "garbage", "empty", "npy", "pickle", "foreign", "zeros_tail"])
def test_mg_load_names_the_file(files, kind):
    path = files[kind]
    check(lambda: mg.load(path), ValueError, str(path), "not a mygrad tensor file", unchanged=(path,))


def test_missing_and_directory_paths(tmp_path):
    check(lambda: load_checkpoint(tmp_path / "nope.npz"), FileNotFoundError, "nope.npz")
    check(lambda: mg.load(tmp_path / "nope.npz"), FileNotFoundError, "nope.npz")
    check(lambda: load_checkpoint(tmp_path), (ValueError, IsADirectoryError, PermissionError), str(tmp_path))


@pytest.mark.parametrize("obj, facts", [
    ({"f": lambda: 1}, ["function"]),
    ({"o": np.array([object()], dtype=object)}, ["pickle"]),
    ({"s": {1, 2}}, ["set"]),
    ({object(): 3}, ["object"]),
])
def test_save_checkpoint_refuses_unsaveable_values_and_keeps_the_old_file(files, obj, facts):
    path = files["good"]
    check(lambda: save_checkpoint(path, obj), TypeError, *facts, unchanged=(path,))
    assert sorted(os.listdir(path.parent)) == sorted(p.name for p in files.values())  # no temporary left


@pytest.mark.parametrize("save", [lambda p: save_checkpoint(p, {"a": 1}), lambda p: mg.save(p, mg.tensor(1.0))],
                         ids=["save_checkpoint", "mg.save"])
def test_saving_into_a_missing_folder_or_onto_a_folder_names_the_path(tmp_path, save):
    target = tmp_path / "no" / "such" / "run.npz"
    check(lambda: save(target), FileNotFoundError, str(target), str(target.parent), "does not exist")
    assert not (tmp_path / "no").exists()
    (tmp_path / "dir.npz").mkdir()
    check(lambda: save(tmp_path / "dir.npz"), IsADirectoryError, str(tmp_path / "dir.npz"), "folder")
    assert sorted(os.listdir(tmp_path)) == ["dir.npz"] and os.listdir(tmp_path / "dir.npz") == []


def test_mg_save_refuses_a_non_tensor(files):
    path = files["tensor"]
    check(lambda: mg.save(path, np.ones(3)), TypeError, "Tensor", "ndarray", unchanged=(path,))


def test_kill_9_during_checkpoint_save_leaves_the_old_file_intact(tmp_path):
    path = tmp_path / "ckpt.npz"
    save_checkpoint(path, {"w": np.arange(4.0)})
    original = path.read_bytes()
    script = textwrap.dedent(f"""
        import sys, numpy as np
        from mygrad import checkpoint
        real_replace = checkpoint.os.replace
        def stall(*args):
            print("written", flush=True)
            sys.stdin.readline()  # wait to be killed, just before the rename
            real_replace(*args)
        checkpoint.os.replace = stall
        checkpoint.save_checkpoint({str(path)!r}, {{"w": np.zeros(1_000_000)}})
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout.readline().strip() == b"written"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert path.read_bytes() == original
    np.testing.assert_array_equal(load_checkpoint(path)["w"], np.arange(4.0))


# ----------------------------------------------------------------------------- anomaly detection
def test_anomaly_names_the_op_its_inputs_and_the_creating_line():
    x = mg.tensor([1.0, 0.0])
    with mg.detect_anomaly():
        message = check(lambda: mg.log(x), AnomalyError, "Log", "inf", "forward", "(2,) float64",
                        "test_bad_inputs.py", unchanged=(x,))
    assert "mg.log(x)" in message  # the creating line itself


def test_anomaly_in_backward_names_the_op_and_input():
    x = mg.tensor([0.0, 4.0])
    with mg.detect_anomaly():
        y = mg.sqrt(x).sum()
        message = check(lambda: y.backward(), AnomalyError, "Sqrt.backward_var", "input 0", "inf")
    assert "mg.sqrt(x)" in message


def test_anomaly_decorator_and_nan():
    @mg.detect_anomaly()
    def f(x):
        return x * np.inf - x * np.inf

    check(lambda: f(mg.tensor([1.0])), AnomalyError, "inf")
    assert not mg.anomaly.is_anomaly_enabled()


def test_anomaly_does_not_blame_ops_that_pass_on_a_nan_they_were_given():
    x = mg.tensor([np.nan, 1.0])
    with mg.detect_anomaly():
        y = (x * 2 + 1).sum()  # NaN in, NaN out: not this op's fault
    assert np.isnan(y.item())


def test_anomaly_is_off_by_default_and_blocks_restore_state():
    assert not mg.anomaly.is_anomaly_enabled()
    with pytest.raises(KeyError):
        with mg.detect_anomaly():
            with mg.detect_anomaly(enabled=False):
                assert not mg.anomaly.is_anomaly_enabled()
                mg.log(mg.tensor([0.0]))  # no error: switched off inside
            assert mg.anomaly.is_anomaly_enabled()
            raise KeyError
    assert not mg.anomaly.is_anomaly_enabled()
    with pytest.warns(RuntimeWarning):
        mg.log(mg.tensor([0.0]))  # off: NumPy's warning only


def test_anomaly_enabled_must_be_a_bool():
    check(lambda: mg.detect_anomaly(enabled="yes"), TypeError, "enabled", "'yes'")


def test_anomaly_checked_ops_do_not_leak_graphs():
    import gc
    import weakref
    gc.disable()  # graphs must die by reference counting alone: the checking backward holds its op weakly
    try:
        with mg.detect_anomaly():
            x = mg.tensor([1.0, 2.0])
            y = x * 2
            ref = weakref.ref(y.creator)
        del y
        assert ref() is None
    finally:
        gc.enable()


@pytest.mark.parametrize("value", [b"x", "ab", "1"])
def test_window_arguments_refuse_strings_and_bytes(value):
    """bytes iterate as ints (b"x" is (120,)): a padding of b"x" once built a 244^3 padded input for minutes."""
    x, w = mg.tensor(np.ones((1, 2, 4, 4, 4))), mg.tensor(np.ones((2, 2, 2, 2, 2)))
    check(lambda: F.conv3d(x, w, padding=value), ValueError, "padding", repr(value), unchanged=(x, w))
    check(lambda: F.max_pool2d(mg.tensor(np.ones((1, 1, 4, 4))), value), ValueError, "kernel_size", repr(value))
