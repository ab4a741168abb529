"""Hostile arguments to joining, linear algebra, windows and layers: each refusal names the function or the
argument and the facts (shapes, values), keeps the exception class NumPy / MyGrad 2.5 raise, and changes nothing.

(The fuzzer, tests/test_bad_inputs_fuzz.py, reports a refusal whose message names neither; these are the
cases it found, pinned down.)
"""

from __future__ import annotations

import numpy as np
import pytest

import mygrad as mg
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
