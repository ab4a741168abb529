"""Random programs of views and in-place writes: mygrad must agree with NumPy.

Hypothesis writes a short program - take views, write into them, do
arithmetic in place and out of place - and runs it twice: on NumPy arrays
(where in-place semantics are NumPy's own) and on mygrad tensors. Values
must match, and mygrad's gradients of a random weighted sum of everything
must match central differences of the NumPy version.
"""

import numpy as np
import hypothesis.strategies as st
from hypothesis import given, settings

import mygrad as mg
from tests.gradcheck import check_op

VIEWS = [
    lambda t: t[1:],
    lambda t: t[:, ::2],
    lambda t: t.T,
    lambda t: t[0],
    lambda t: t.reshape(-1),
    lambda t: t[..., 1],
]

STEP = st.tuples(
    st.sampled_from(["view", "iadd", "imul", "setitem", "new", "isub_var"]),
    st.integers(0, 100),  # which existing array to act on
    st.integers(0, len(VIEWS) - 1),  # which view
    st.floats(-2, 2),  # a scalar
)


def run(program, x, w, scale_array):
    """The program on either NumPy arrays or tensors; returns every array it made."""
    arrays = [x * 1.0, w * 1.0]
    for kind, target, view_kind, scalar in program:
        a = arrays[target % len(arrays)]
        if kind == "view":
            if a.ndim == 2:
                arrays.append(VIEWS[view_kind](a))
        elif kind == "iadd":
            a += scalar
        elif kind == "imul":
            a *= scalar
        elif kind == "isub_var":  # an in-place op whose operand depends on the inputs
            if a.shape == w.shape:
                a -= w * scalar
        elif kind == "setitem":
            if a.ndim >= 1 and a.shape[0] > 0:
                a[0] = x.sum() * scalar
        else:
            arrays.append(a * np.resize(scale_array, a.shape[-1]) if a.ndim else a * 2.0)
    return arrays


@settings(max_examples=60, deadline=None)
@given(program=st.lists(STEP, min_size=1, max_size=8), seed=st.integers(0, 2**16))
def test_random_programs_match_numpy(program, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(3, 4))
    w = rng.uniform(-1, 1, size=(3, 4))
    scale_array = rng.uniform(0.5, 1.5, size=4)

    def total(a, b):
        arrays = run(program, a, b, scale_array)
        weights = np.random.default_rng(seed + 1)
        out = 0.0
        for arr in arrays:
            out = out + (arr * weights.uniform(-1, 1, size=np.shape(arr))).sum()
        return out

    check_op(total, total, x, w, atol=1e-5, rtol=1e-4)

    # the values of every array agree as well
    numpy_arrays = run(program, x.copy(), w.copy(), scale_array)
    tensors = run(program, mg.tensor(x), mg.tensor(w), scale_array)
    for expected, got in zip(numpy_arrays, tensors):
        np.testing.assert_allclose(got.data, expected)
