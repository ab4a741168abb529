"""Hostile arguments to joining, linear algebra, windows and layers: each refusal names the function or the
argument and the facts (shapes, values), keeps the exception class NumPy / MyGrad 2.5 raise, and changes nothing.

(The fuzzer, tests/test_bad_inputs_fuzz.py, reports a refusal whose message names neither; these are the
cases it found, pinned down.)
"""

from __future__ import annotations

import numpy as np
import pytest

import mygrad as mg
from mygrad import nn
from tests.test_bad_inputs import check

AxisError = np.exceptions.AxisError


def _x(*shape: int) -> mg.Tensor:
    return mg.tensor(np.random.default_rng(0).normal(size=shape))


# ----------------------------------------------------------------------------- stack / concatenate
@pytest.mark.parametrize("name", ["stack", "concatenate"])
@pytest.mark.parametrize("arrays, got", [(5, "got 5"), (None, "got None"), (1.5, "got 1.5"),
                                         (np.array(2.0), "<ndarray of shape ()"), (mg.tensor(2.0), "<Tensor of shape ()")])
def test_join_names_a_non_sequence(name, arrays, got):
    check(lambda: getattr(mg, name)(arrays), TypeError, f"{name}: arrays must be a sequence", got,
          unchanged=(arrays,))


@pytest.mark.parametrize("name", ["stack", "concatenate"])
@pytest.mark.parametrize("axis, kind", [(1.5, TypeError), ("0", TypeError), ((0,), TypeError), ([0], TypeError),
                                        (2**63, OverflowError), (-2**63 - 1, OverflowError)])
def test_join_names_a_bad_axis(name, axis, kind):
    arrays = [_x(2, 3), _x(2, 3)]
    check(lambda: getattr(mg, name)(arrays, axis=axis), kind, f"{name}: axis must be", f"axis={axis!r}",
          unchanged=tuple(arrays))


@pytest.mark.parametrize("name, axis", [("stack", 3), ("stack", -4), ("concatenate", 2)])
def test_join_axis_out_of_bounds_names_the_axis_and_shapes(name, axis):
    arrays = [_x(2, 3), _x(2, 3)]
    check(lambda: getattr(mg, name)(arrays, axis=axis), AxisError, name, f"axis={axis}", "(2, 3), (2, 3)",
          unchanged=tuple(arrays))


# ----------------------------------------------------------------------------- linalg.norm
@pytest.mark.parametrize("axis, kind, facts", [
    ((), ValueError, ["norm: axis must name one axis", "axis=()"]),  # (NumPy: ValueError for a tuple...)
    ((0, 1, 1), ValueError, ["axis=(0, 1, 1)", "2-D"]),
    ([], TypeError, ["axis=[]"]),  # (... and TypeError for anything else, as MyGrad 2.5)
    ("", TypeError, ["axis=''"]),
    (1.5, TypeError, ["norm: axis must be None, an int or a tuple of ints", "axis=1.5"]),
    (np.array(1), TypeError, ["norm: axis must be", "<ndarray of shape ()"]),
])
def test_norm_names_a_bad_axis(axis, kind, facts):
    x = _x(2, 3)
    check(lambda: mg.linalg.norm(x, axis=axis), kind, *facts, unchanged=(x,))


@pytest.mark.parametrize("ord, kind", [(np.ones(3), ValueError), ((), ValueError), (object(), TypeError),
                                       (10**30, TypeError), (1 + 2j, TypeError), (mg.tensor(np.nan), ValueError)])
def test_norm_names_a_bad_order(ord, kind):
    x = _x(2, 3)
    check(lambda: mg.linalg.norm(x, ord=ord, axis=1), kind, "norm: ord must be", "axis=1", "shape (2, 3)",
          unchanged=(x,))


def test_norm_names_an_order_wrong_for_the_axes():
    x = _x(2, 3)
    check(lambda: mg.linalg.norm(x, ord="abc", axis=1), ValueError, "norm(ord='abc', axis=1)", "shape (2, 3)",
          unchanged=(x,))


def test_norm_keepdims_numpy_bool_is_numpys_type_error_for_a_vector_norm():
    x = _x(2, 3)
    check(lambda: mg.linalg.norm(x, axis=1, keepdims=np.bool_(True)), TypeError, "norm: keepdims", unchanged=(x,))
    assert mg.linalg.norm(x, axis=(0, 1), keepdims=np.bool_(True)).shape == (1, 1)  # (as NumPy's matrix norms)


# ----------------------------------------------------------------------------- multi_matmul
@pytest.mark.parametrize("tensors", [5, 1.5, None, np.array(2.0)])
def test_multi_matmul_names_a_non_sequence(tensors):
    check(lambda: mg.multi_matmul(tensors), TypeError, "multi_matmul: tensors must be a sequence", unchanged=(tensors,))


@pytest.mark.parametrize("shapes, kind, facts", [
    ([(2, 3), (2, 3), (3,)], ValueError, ["(2, 3), (2, 3), (3,)"]),
    ([(2, 3), (3,), (3, 2)], IndexError, ["at least 2-D", "(2, 3), (3,), (3, 2)"]),  # (MyGrad 2.5's class)
    ([(), (), ()], IndexError, ["(), (), ()"]),
    ([(2, 3), (4, 5)], ValueError, ["(2, 3), (4, 5)"]),
])
def test_multi_matmul_names_every_shape(shapes, kind, facts):
    tensors = [mg.tensor(np.ones(s)) for s in shapes]
    check(lambda: mg.multi_matmul(tensors), kind, "multi_matmul", *facts, unchanged=tuple(tensors))


# ----------------------------------------------------------------------------- sliding_window_view
_NON_SEQUENCES = [(1.5, "got 1.5"), (None, "got None"), (np.array(2), "<ndarray of shape ()"),
                  (mg.tensor(2.0), "<Tensor of shape ()")]


@pytest.mark.parametrize("arg, value, got", [(arg, value, got) for arg in ("window_shape", "step", "dilation")
                                             for value, got in _NON_SEQUENCES
                                             if not (arg == "dilation" and value is None)])  # (dilation's default)
def test_sliding_window_view_names_a_non_sequence(arg, value, got):
    x = _x(5, 5)
    args: dict = dict(window_shape=(2, 2), step=1, dilation=None)
    args[arg] = value
    check(lambda: mg.sliding_window_view(x, **args), TypeError, f"sliding_window_view: `{arg}`", got,
          unchanged=(x,))


# ----------------------------------------------------------------------------- layers
@pytest.mark.parametrize("make, kind, facts", [
    (lambda: nn.Linear(10**30, 2), ValueError, ["Linear", f"in_features={10**30}", "Maximum allowed dimension"]),
    (lambda: nn.Linear(2, 2**63), ValueError, ["Linear", f"out_features={2**63}"]),
    (lambda: nn.Embedding(10**30, 2), ValueError, ["Embedding", f"num_embeddings={10**30}"]),
    (lambda: nn.Embedding(2, 2**63), ValueError, ["Embedding", f"embedding_dim={2**63}"]),
    (lambda: nn.Conv2d(2, 3, kernel_size=10**30), ValueError, ["Conv2d", f"kernel_size={10**30}"]),
    (lambda: nn.Conv1d(10**30, 1, 3), ValueError, ["Conv1d", f"in_channels={10**30}"]),
    (lambda: nn.RNNCell(10**30, 2), ValueError, ["RNNCell", f"input_size={10**30}"]),
    (lambda: nn.GRUCell(3, 2**62), ValueError, ["GRUCell", f"hidden_size={2**62}"]),
])
def test_layer_names_the_size_numpy_cannot_allocate(make, kind, facts):
    check(make, kind, *facts)


def test_layer_names_the_size_behind_numpys_memory_error(monkeypatch):
    real = np.empty

    def empty(shape, dtype=None):  # (a real 40 GB request could succeed, lazily, where memory is overcommitted)
        if np.prod(shape) > 10**9:
            raise np._core._exceptions._ArrayMemoryError(tuple(shape), np.dtype(dtype))
        return real(shape, dtype=dtype)

    monkeypatch.setattr(np, "empty", empty)
    check(lambda: nn.Linear(10**5, 10**5), MemoryError, "Linear", "in_features=100000, out_features=100000",
          "Unable to allocate")


def test_linear_with_no_outputs_is_made_as_in_pytorch():
    layer = nn.Linear(3, 0)
    assert layer.weight.shape == (0, 3) and layer(np.ones((2, 3))).shape == (2, 0)


@pytest.mark.parametrize("make", [lambda b: nn.Linear(3, 2, bias=b), lambda b: nn.Conv1d(2, 3, 3, bias=b)])
@pytest.mark.parametrize("bias", [np.ones(3), np.array(["2020-01-01", "2021-01-01", "2022-01-01"], "datetime64[D]"),
                                  mg.tensor([1.0, 2.0, 3.0])])
def test_weight_layers_name_an_array_bias(make, bias):
    check(lambda: make(bias), ValueError, "bias must be a bool", "shape (3,)", "ambiguous", unchanged=(bias,))
    assert make(None).bias is None  # (PyTorch's `if bias:` reads None as False)


@pytest.mark.parametrize("cell", [nn.RNNCell, nn.GRUCell, nn.LSTMCell])
@pytest.mark.parametrize("bias", ["no", np.ones(3), None, 2, 1.0])
def test_rnn_cells_refuse_a_non_bool_bias_as_the_sequence_layers_do(cell, bias):
    check(lambda: cell(3, 4, bias=bias), TypeError, f"{cell.__name__}: bias must be a bool", "got")
    check(lambda: nn.GRU(3, 4, bias=bias), TypeError, "GRU: bias must be a bool")


@pytest.mark.parametrize("bias, params", [(True, 4), (1, 4), (np.bool_(False), 2), (0, 2)])
def test_rnn_cells_take_a_bool_or_0_or_1_as_bias(bias, params):
    assert len(list(nn.GRUCell(3, 4, bias=bias).parameters())) == params


@pytest.mark.parametrize("padding_idx, kind", [("a", TypeError), ([1], TypeError), (np.ones(3), ValueError),
                                               (1.5, IndexError), (np.array(2.0), IndexError)])
def test_embedding_names_a_bad_padding_idx(padding_idx, kind):
    check(lambda: nn.Embedding(5, 3, padding_idx=padding_idx), kind, "Embedding: padding_idx", unchanged=(padding_idx,))


def test_embedding_padding_idx_counts_from_the_end():
    assert nn.Embedding(5, 3, padding_idx=-1).padding_idx == 4
    check(lambda: nn.Embedding(5, 3, padding_idx=-7), ValueError, "Embedding: padding_idx must be within [-5, 5)",
          "-7")


@pytest.mark.parametrize("size, facts", [(5, ["got 5 of type int"]), (None, ["NoneType"]), (1.5, ["float"]),
                                         ((2.5, 3), ["type float at position 0"]), ("ab", ["type str at position 0"])])
def test_unflatten_names_a_bad_unflattened_size(size, facts):
    check(lambda: nn.Unflatten(1, size), TypeError, "Unflatten: unflattened_size must be a tuple of ints", *facts)


@pytest.mark.parametrize("approximate", [np.ones(3), np.empty(0), mg.tensor([1.0, 2.0]), 5, None])
def test_gelu_names_a_bad_approximate(approximate):
    check(lambda: nn.GELU(approximate), ValueError, "GELU: approximate must be 'none' or 'tanh'",
          unchanged=(approximate,))


# ----------------------------------------------------------------------------- ragged and non-numeric inputs
RAGGED = [[1.0], [2.0, 3.0]]


@pytest.mark.parametrize("call, facts", [
    (lambda: mg.where(RAGGED, 1.0, 2.0), ["where: condition", str(RAGGED)]),
    (lambda: mg.atleast_2d(RAGGED), ["atleast_2d", str(RAGGED)]),
    (lambda: mg.atleast_3d(_x(2), RAGGED), ["atleast_3d", str(RAGGED)]),
    (lambda: mg.einsum("ij,jk->ik", _x(2, 2), RAGGED), ["einsum('ij,jk->ik')", "(2, 2), ?"]),
    (lambda: nn.Flatten()(RAGGED), ["Flatten: input", str(RAGGED)]),
    (lambda: nn.Unflatten(1, (2, 3))(RAGGED), ["Unflatten: input", str(RAGGED)]),
    (lambda: nn.GRU(1, 2)(RAGGED), ["GRU: input", str(RAGGED)]),
])
def test_a_ragged_list_is_refused_naming_the_function(call, facts):
    check(call, ValueError, *facts, "inhomogeneous")


@pytest.mark.parametrize("call, facts", [
    (lambda: nn.GRU(3, 4)("abc"), ["GRU: input must be an array of numbers", "'abc'"]),
    (lambda: nn.LSTM(3, 4)(np.ones((2, 3)), (np.array(["a"]), np.ones((1, 4)))),
     ["LSTM: the initial hidden state", "<ndarray of shape (1,)>"]),
    (lambda: nn.RNN(3, 4)(np.ones((2, 3)), {}), ["RNN: the initial hidden state", "{}"]),
    (lambda: nn.GRUCell(3, 4)(np.ones(3), {}), ["GRUCell: hx must be an array of numbers"]),
    (lambda: nn.LSTMCell(3, 4)(np.ones(3), (np.ones(4), "x")), ["LSTMCell: cx"]),
    (lambda: nn.RNNCell(3, 4)(10**30), ["RNNCell: input", str(10**30)]),
])
def test_recurrent_layers_name_a_non_numeric_input_or_state(call, facts):
    check(call, TypeError, *facts)


@pytest.mark.parametrize("make, facts", [
    (lambda v: nn.RNN(3, 4, nonlinearity=v), ["RNN: Unknown nonlinearity"]),
    (lambda v: nn.RNNCell(3, 4, nonlinearity=v), ["RNNCell: Unknown nonlinearity"]),
    (lambda v: nn.LSTM(3, 4, proj_size=v), ["LSTM: proj_size must be an int", "shape (2, 3)"]),
])
def test_recurrent_layers_name_an_array_option(make, facts):
    value = np.ones((2, 3))
    check(lambda: make(value), ValueError, *facts, unchanged=(value,))


@pytest.mark.parametrize("embeddings, kind, facts", [
    (RAGGED, ValueError, ["embeddings must be a 2-D array", "inhomogeneous"]),
    (np.ones(3), ValueError, ["must be 2-D", "(3,)"]),
    (np.arange(6).reshape(2, 3), TypeError, ["embeddings must be floating-point", "int64"]),
])
def test_embedding_from_pretrained_names_a_bad_table(embeddings, kind, facts):
    check(lambda: nn.Embedding.from_pretrained(embeddings), kind, "Embedding.from_pretrained", *facts,
          unchanged=(embeddings,))


def test_embedding_from_pretrained_names_an_array_freeze():
    table, freeze = np.ones((4, 3)), np.ones(2)
    check(lambda: nn.Embedding.from_pretrained(table, freeze=freeze), ValueError,
          "Embedding.from_pretrained: freeze must be a bool", unchanged=(table, freeze))


@pytest.mark.parametrize("mode", [np.array(["zeros", "zeros"]), None, 3])
def test_conv_names_a_bad_padding_mode(mode):
    check(lambda: nn.Conv3d(2, 2, 2, padding_mode=mode), ValueError, "Conv3d: padding_mode must be one of")


# ----------------------------------------------------------------------------- rounding (constants only)
@pytest.mark.parametrize("call, kind, facts", [
    (lambda a, b: mg.floor_divide(a, b), ValueError, ["mygrad.floor_divide", "(2, 3), (7, 5)", "broadcast"]),
    (lambda a, b: mg.remainder(a, b), ValueError, ["mygrad.remainder", "(2, 3), (7, 5)"]),
    (lambda a, b: mg.divmod(a, b), ValueError, ["mygrad.divmod", "(2, 3), (7, 5)"]),
    (lambda a, b: mg.floor_divide(a, {}), TypeError, ["mygrad.floor_divide", "unsupported operand"]),
    (lambda a, b: mg.sign(RAGGED), ValueError, ["mygrad.sign", "inhomogeneous"]),
])
def test_rounding_names_the_function_and_the_shapes(call, kind, facts):
    a, b = mg.tensor(np.ones((2, 3)), constant=True), np.ones((7, 5))
    check(lambda: call(a, b), kind, *facts, unchanged=(a, b))


def test_rounding_keeps_numpys_text_and_class_where_it_names_the_ufunc():
    info = check(lambda: mg.floor(np.array(["a"])), TypeError, "ufunc 'floor'")
    assert not info.startswith("mygrad.floor:")


@pytest.mark.parametrize("optimize", [{"a": [1]}, {}])
def test_einsum_refuses_a_dict_optimize_as_a_type_error_not_numpys_key_error(optimize):
    a, b = _x(2, 3), _x(3, 2)
    check(lambda: mg.einsum("ij,jk", a, b, optimize=optimize), TypeError, "einsum: optimize must be",
          unchanged=(a, b, optimize))


# ----------------------------------------------------------------------------- clip
@pytest.mark.parametrize("bounds, kind", [
    (dict(a_min="abc"), TypeError), (dict(a_max={}), TypeError), (dict(a_min=np.ones(4)), ValueError),
    (dict(a_min=0.0, a_max=mg.ones((4, 1, 2))), ValueError),
])
def test_clip_names_itself_and_its_bounds(bounds, kind):
    a = mg.tensor(np.arange(6.0).reshape(2, 3))
    with pytest.raises(kind, match=r"^clip\(a=<Tensor of shape \(2, 3\), dtype float64>, a_min=") as got:
        mg.clip(a, **bounds)
    for name, value in bounds.items():
        assert f"{name}=" in str(got.value)
    np.testing.assert_array_equal(a.data, np.arange(6.0).reshape(2, 3))
    assert a.creator is None
