"""Optimizer behaviour shared by every update rule."""

import numpy as np
import pytest

import mygrad as mg
from mygrad.optim import SGD


def test_step_updates_a_parameter_kept_read_only_by_a_live_graph():
    w = mg.tensor([1.0, 2.0])
    kept = w * 3  # a graph that is never back-propagated: it keeps w's array read-only
    (w * w).sum().backward()
    SGD([w], lr=0.1).step()  # w gets new memory; the graph keeps the old values
    np.testing.assert_allclose(w.data, [0.8, 1.6])
    np.testing.assert_array_equal(kept.data, [3.0, 6.0])
    assert w.data.flags.writeable
