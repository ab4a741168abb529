"""Optimizer behaviour shared by every update rule."""

import numpy as np
import pytest

import mygrad as mg
from mygrad.optim import SGD


def test_step_explains_a_parameter_kept_read_only_by_a_live_graph():
    w = mg.tensor([1.0, 2.0])
    kept = w * 3  # a graph that is never back-propagated: it keeps w's array read-only
    (w * w).sum().backward()
    with pytest.raises(ValueError, match="no_autodiff"):
        SGD([w], lr=0.1).step()
    np.testing.assert_array_equal(w.data, [1.0, 2.0])
    kept.clear_graph()
    SGD([w], lr=0.1).step()
    np.testing.assert_allclose(w.data, [0.8, 1.6])
