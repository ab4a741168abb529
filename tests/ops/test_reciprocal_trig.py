"""Reciprocal trig/hyperbolic ops: forward vs NumPy formulas, backward vs finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
from tests.gradcheck import arrays, check_op, shapes

# (mygrad function, independent NumPy formula, lowest input, highest input): away from poles and domain edges
CASES = [
    (mg.csc, lambda x: 1 / np.sin(x), 0.3, 2.8),
    (mg.sec, lambda x: 1 / np.cos(x), -1.2, 1.2),
    (mg.cot, lambda x: np.cos(x) / np.sin(x), 0.3, 2.8),
    (mg.arccsc, lambda x: np.arcsin(1 / x), 1.2, 10.0),
    (mg.arccsc, lambda x: np.arcsin(1 / x), -10.0, -1.2),
    (mg.arcsec, lambda x: np.arccos(1 / x), 1.2, 10.0),
    (mg.arcsec, lambda x: np.arccos(1 / x), -10.0, -1.2),
    (mg.arccot, lambda x: np.arctan(1 / x), 0.1, 10.0),  # MyGrad's branch jumps at 0: each side on its own
    (mg.arccot, lambda x: np.arctan(1 / x), -10.0, -0.1),
    (mg.csch, lambda x: 1 / np.sinh(x), 0.3, 4.0),
    (mg.sech, lambda x: 1 / np.cosh(x), -4.0, 4.0),
    (mg.coth, lambda x: np.cosh(x) / np.sinh(x), -4.0, -0.3),
    (mg.arccsch, lambda x: np.arcsinh(1 / x), 0.3, 10.0),
    (mg.arccsch, lambda x: np.arcsinh(1 / x), -10.0, -0.3),
    (mg.arccoth, lambda x: np.arctanh(1 / x), 1.2, 10.0),
]


@pytest.mark.parametrize("mg_func, formula, low, high", CASES, ids=lambda v: getattr(v, "__name__", str(v)))
@settings(max_examples=15)
@given(data=st.data())
def test_reciprocal_trig(mg_func, formula, low, high, data):
    x = data.draw(arrays(shapes(max_dims=2, max_side=3), low, high))
    check_op(mg_func, formula, x)


def test_float32_stays_float32():
    x = mg.tensor([0.5, 1.0], dtype="float32")
    y = mg.csc(x)
    y.backward()
    assert y.dtype == np.float32 and x.grad.dtype == np.float32


def test_arccot_takes_mygrads_branch_minus_half_pi_to_half_pi():
    values = mg.arccot(np.array([-1e6, -1.0, 0.0, -0.0, 1.0, 1e6])).data
    assert np.all((values > -np.pi / 2) & (values <= np.pi / 2))
    np.testing.assert_allclose(values, [-1e-6, -np.pi / 4, np.pi / 2, np.pi / 2, np.pi / 4, 1e-6], rtol=1e-9)


def test_input_by_name_a_like_mygrad():
    """MyGrad 2.5 names these functions' input ``a``: ``mg.cot(a=t)``; two values for it are a TypeError."""
    t = mg.tensor([0.5, 1.0])
    for name in ["cot", "csc", "sec", "coth", "csch", "sech", "arccot", "arccoth", "sinc"]:
        func = getattr(mg, name)
        np.testing.assert_array_equal(func(a=t).data, func(t).data)
    with pytest.raises(TypeError, match="multiple values"):
        mg.cot(t, a=t)
    with pytest.raises(TypeError, match="unexpected keyword"):
        mg.cot(x=t)
