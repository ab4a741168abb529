"""sliding_window_view: windows vs explicit slicing, gradient vs finite differences, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import check_op


@st.composite
def window_cases(draw):
    """(array shape, window, step, dilation) with the dilated window fitting the trailing axes."""
    k = draw(st.integers(1, 2))
    lead = draw(st.lists(st.integers(1, 2), max_size=1))
    window = draw(st.lists(st.integers(1, 3), min_size=k, max_size=k))
    dilation = draw(st.lists(st.integers(1, 2), min_size=k, max_size=k))
    step = draw(st.lists(st.integers(1, 3), min_size=k, max_size=k))
    trailing = [(w - 1) * d + 1 + draw(st.integers(0, 3)) for w, d in zip(window, dilation)]
    return tuple(lead + trailing), tuple(window), tuple(step), tuple(dilation)


def reference_windows(x, window, step, dilation):
    """The windows by explicit slicing: out[i, j, ...] = x[..., i*S:..:D, j*S:..:D]."""
    k = len(window)
    trailing = x.shape[x.ndim - k:]
    counts = [(n - (w - 1) * d - 1) // s + 1 for n, w, s, d in zip(trailing, window, step, dilation)]
    out = np.empty(tuple(counts) + x.shape[: x.ndim - k] + tuple(window), dtype=x.dtype)
    for grid in np.ndindex(*counts):
        index = tuple(slice(g * s, g * s + (w - 1) * d + 1, d) for g, w, s, d in zip(grid, window, step, dilation))
        out[grid] = x[(Ellipsis,) + index]
    return out


@settings(max_examples=30)
@given(case=window_cases())
def test_matches_slicing_for_arrays(case):
    shape, window, step, dilation = case
    x = np.arange(np.prod(shape)).reshape(shape)
    view = mg.sliding_window_view(x, window, step, dilation)
    assert isinstance(view, np.ndarray) and np.shares_memory(view, x) and not view.flags.writeable
    np.testing.assert_array_equal(view, reference_windows(x, window, step, dilation))


@settings(max_examples=20)
@given(case=window_cases(), data=st.data())
def test_tensor_gradient(case, data):
    shape, window, step, dilation = case
    x = np.random.default_rng(data.draw(st.integers(0, 99))).normal(size=shape)
    check_op(
        lambda t: mg.sliding_window_view(t, window, step, dilation),
        lambda a: reference_windows(a, window, step, dilation),
        x,
    )


def test_tensor_result_shares_read_only_memory():
    t = mg.arange(6.0)
    w = mg.sliding_window_view(t, (3,), step=3)
    assert isinstance(w, mg.Tensor) and np.shares_memory(w, t)
    frozen = mg.sliding_window_view(mg.arange(6.0, constant=True), (3,), step=3)
    with pytest.raises(ValueError, match="read-only"):
        frozen[0] = 1.0  # overlapping windows: writing through them is refused, as in NumPy


def test_integer_step_and_dilation_apply_to_every_axis():
    x = np.arange(49).reshape(7, 7)
    np.testing.assert_array_equal(
        mg.sliding_window_view(x, (2, 2), 2, 3), mg.sliding_window_view(x, (2, 2), (2, 2), (3, 3))
    )


@pytest.mark.parametrize(
    "window, step, dilation, error, match",
    [
        (3, 1, None, TypeError, "window_shape"),
        ((0,), 1, None, TypeError, "window_shape"),
        ((2,), 0, None, ValueError, "step"),
        ((2,), (1, 1), None, ValueError, "step"),
        ((2,), 1, 0, ValueError, "dilation"),
        ((5,), 1, None, ValueError, "does not fit"),
        ((2,), 1, 4, ValueError, "does not fit"),
        ((1, 1, 1), 1, None, ValueError, "more axes"),
    ],
)
def test_errors(window, step, dilation, error, match):
    with pytest.raises(error, match=match):
        mg.sliding_window_view(np.zeros((2, 4)), window, step, dilation)
