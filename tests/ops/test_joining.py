"""concatenate and stack: forward vs NumPy, each input's gradient is its own slice."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import arrays, check_op, shapes


@st.composite
def arrays_to_concatenate(draw):
    """2-3 arrays that agree except along ``axis`` (or any shapes for axis=None)."""
    count = draw(st.integers(1, 3))
    base = draw(shapes(min_dims=1, max_dims=3))
    if draw(st.booleans()):
        return [draw(arrays(shapes(max_dims=3))) for _ in range(count)], None
    axis = draw(st.integers(-len(base), len(base) - 1))
    pieces = []
    for _ in range(count):
        shape = list(base)
        shape[axis] = draw(st.integers(0, 3))
        pieces.append(draw(arrays(tuple(shape))))
    return pieces, axis


def _joined(np_func, **kwargs):
    """A NumPy reference taking the arrays as separate arguments, as check_op passes them."""
    return lambda *xs: np_func(xs, **kwargs)


@given(args=arrays_to_concatenate())
def test_concatenate(args):
    pieces, axis = args
    check_op(lambda *xs: mg.concatenate(xs, axis=axis), _joined(np.concatenate, axis=axis), *pieces)


@given(shape=shapes(max_dims=3), count=st.integers(1, 3), data=st.data())
def test_stack(shape, count, data):
    pieces = [data.draw(arrays(shape)) for _ in range(count)]
    axis = data.draw(st.integers(-len(shape) - 1, len(shape)))
    check_op(lambda *xs: mg.stack(xs, axis=axis), _joined(np.stack, axis=axis), *pieces)


def test_concatenate_with_a_constant_input():
    check_op(lambda a, b: mg.concatenate([a, b], axis=1), _joined(np.concatenate, axis=1),
             np.ones((2, 1)), np.arange(6.0).reshape(2, 3), constant_inputs=(0,))


def test_float32_is_preserved():
    for join in (lambda a, b: mg.concatenate([a, b]), lambda a, b: mg.stack([a, a])):
        a, b = mg.tensor(np.ones(2, dtype=np.float32)), mg.tensor(np.zeros(3, dtype=np.float32))
        out = join(a, b)  # one graph per tensor: a backward clears what it passes through (MyGrad)
        assert out.dtype == np.float32
        out.backward()
        assert a.grad.dtype == np.float32


def test_fan_in_of_the_same_tensor_accumulates():
    x = mg.tensor([1.0, 2.0])
    mg.concatenate([x, x, x]).backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_mismatched_shapes_and_bad_axes_are_clear_errors():
    with pytest.raises(ValueError, match="dimension"):
        mg.concatenate([mg.tensor(np.ones((2, 3))), mg.tensor(np.ones((3, 2)))], axis=0)
    with pytest.raises(ValueError, match="same shape"):
        mg.stack([mg.tensor(np.ones(2)), mg.tensor(np.ones(3))])
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds for array of dimension 2"):
        mg.concatenate([mg.tensor(np.ones((2, 3)))] * 2, axis=2)
    with pytest.raises(ValueError, match="at least one array"):
        mg.concatenate([])


# ------------------------------------------------------------------ splitting
SPLITS = [
    (mg.split, np.split, 3, 1), (mg.split, np.split, [1, 4], 1), (mg.split, np.split, [2, 2, 9], -1),
    (mg.array_split, np.array_split, 4, 1), (mg.array_split, np.array_split, 2, 0),
]


@pytest.mark.parametrize("split, np_split, sections, axis", SPLITS)
@pytest.mark.parametrize("through_numpy", [False, True], ids=["mg", "np-on-tensor"])
def test_split_pieces_are_views_with_their_own_slice_of_the_gradient(split, np_split, sections, axis, through_numpy):
    data = np.random.default_rng(0).normal(size=(2, 6))
    x = mg.tensor(data)
    pieces = (np_split if through_numpy else split)(x, sections, axis=axis)
    expected = np_split(data, sections, axis=axis)
    assert len(pieces) == len(expected)
    weights = [np.random.default_rng(i).normal(size=e.shape) for i, e in enumerate(expected)]
    total = 0
    for piece, want, w in zip(pieces, expected, weights):
        assert isinstance(piece, mg.Tensor) and piece.base is x  # a view, as NumPy's pieces are
        np.testing.assert_array_equal(piece.data, want)
        total = total + (piece * w).sum()
    total.backward()
    np.testing.assert_array_equal(x.grad, np.concatenate(weights, axis=axis))


def test_unused_pieces_get_no_gradient_and_constants_stay_constant():
    x = mg.tensor(np.arange(6.0))
    a, b = mg.split(x, 2)
    (a ** 2).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 2.0, 4.0, 0.0, 0.0, 0.0])
    assert all(p.constant for p in mg.split(x, 3, constant=True))
    assert all(p.constant for p in mg.split(mg.tensor(np.ones(4), constant=True), 2))


@pytest.mark.parametrize(
    "np_split, shape, sections, axis",
    [(np.hsplit, (2, 4), 2, 1), (np.hsplit, (6,), [1], 0), (np.vsplit, (4, 2), [1, 3], 0), (np.dsplit, (1, 2, 4), 2, 2)],
)
def test_hsplit_vsplit_dsplit(np_split, shape, sections, axis):
    x = mg.tensor(np.arange(float(np.prod(shape))).reshape(shape))
    pieces = np_split(x, sections)  # NumPy's function on a tensor runs mygrad's
    assert getattr(mg, np_split.__name__) is not None
    expected = np_split(x.data, sections)
    for piece, want in zip(pieces, expected):
        np.testing.assert_array_equal(piece.data, want)
    sum((piece * (i + 1)).sum() for i, piece in enumerate(pieces)).backward()
    np.testing.assert_array_equal(x.grad, np.concatenate([np.full(e.shape, i + 1.0) for i, e in enumerate(expected)],
                                                         axis=axis))


def test_split_errors_are_numpys_and_name_the_call():
    with pytest.raises(ValueError, match="split: array split does not result in an equal division"):
        mg.split(mg.ones((7, 2)), 3)
    with pytest.raises(np.exceptions.AxisError, match="axis 3 is out of bounds.*input shape \\(7, 2\\)"):
        mg.array_split(mg.ones((7, 2)), 3, axis=3)
    with pytest.raises(ValueError, match="vsplit only works on arrays of 2 or more"):
        mg.vsplit(mg.ones(3), 3)
    with pytest.raises(ValueError, match="dsplit only works"):
        np.dsplit(mg.ones((2, 2)), 2)


def test_concatenate_and_stack_take_out_like_mygrad():
    """MyGrad's (and NumPy's) third argument is ``out``: a tensor target is written in place and returned."""
    a, b = mg.tensor([1.0, 2.0]), mg.tensor([3.0])
    target = mg.zeros(3, dtype=float)
    assert mg.concatenate([a, b], 0, target) is target
    (target ** 2).sum().backward()
    np.testing.assert_array_equal(a.grad, [2.0, 4.0])
    np.testing.assert_array_equal(b.grad, [6.0])
    array = np.zeros(3)
    assert mg.concatenate([a, b], out=array).data is array and array.tolist() == [1.0, 2.0, 3.0]
    assert mg.concatenate([a, b], 0, None, np.float32).dtype == np.float32  # dtype is the fourth argument
    stacked = mg.zeros((2, 2), dtype=float)
    assert mg.stack([a, a * 2], 1, stacked) is stacked
    np.testing.assert_array_equal(stacked.data, [[1.0, 2.0], [2.0, 4.0]])
    assert mg.stack([a, a], dtype=np.float32).dtype == np.float32


def test_join_sequence_parameter_is_named_tensors_like_mygrad():
    assert mg.concatenate(tensors=[mg.ones(1), mg.ones(2)]).shape == (3,)
    assert mg.stack(tensors=[mg.ones(2), mg.ones(2)], axis=1).shape == (2, 2)


@pytest.mark.parametrize("name", ["split", "hsplit", "vsplit", "dsplit", "array_split"])
def test_split_refuses_zero_sections_naming_itself(name):
    x = mg.ones((2, 2, 2))
    with pytest.raises(ValueError, match=rf"{name}: .*sections must be larger than 0"):
        getattr(mg, name)(x, 0)


@pytest.mark.parametrize("bad, error", [([[1.0], [1.0, 2.0]], ValueError), (np.array(["a", "b"]), TypeError),
                                        (np.array([None, 1.0], dtype=object), TypeError)])
def test_split_refuses_an_input_of_no_numbers_naming_itself(bad, error):
    with pytest.raises(error, match="hsplit"):
        mg.hsplit(bad, 2)


def test_split_refuses_an_axis_beyond_any_integer_naming_itself():
    with pytest.raises(OverflowError, match="split"):
        mg.split(mg.ones(4), 2, axis=2 ** 63)
