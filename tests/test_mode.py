"""``mg.no_autodiff``: context manager, decorator and ``no_autodiff(func, to_numpy=...)``, as in MyGrad 2.5.

The expected behaviour was observed by running MyGrad 2.5.0.
"""

import inspect

import numpy as np
import pytest

import mygrad as mg
from mygrad.autodiff import modes as _mode


def _tracking() -> bool:
    """True if an op run now records a graph."""
    return (mg.tensor([1.0]) * 2).creator is not None


def test_call_signature_matches_mygrad25():
    params = inspect.signature(mg.no_autodiff.__call__).parameters
    assert list(params) == ["func", "to_numpy"] and params["to_numpy"].default is False


def test_to_numpy_converts_the_result_to_an_array():
    square = mg.no_autodiff(lambda x: x ** 2, to_numpy=True)
    out = square(mg.tensor([1.0, 3.0]))
    assert type(out) is np.ndarray
    np.testing.assert_array_equal(out, [1.0, 9.0])


def test_to_numpy_on_a_tuple_stacks_it_as_numpy_asarray_does():
    pair = mg.no_autodiff(lambda x: (2 * x, x), to_numpy=True)
    np.testing.assert_array_equal(pair(mg.tensor([1.0, 2.0])), [[2.0, 4.0], [1.0, 2.0]])
    assert mg.no_autodiff(lambda: 3, True)().shape == ()


def test_without_to_numpy_the_result_is_untouched():
    out = mg.no_autodiff(lambda x: 2 * x)(mg.tensor([1.0]))
    assert isinstance(out, mg.Tensor) and out.creator is None


def test_wrapper_runs_without_a_graph_and_restores_tracking():
    seen = []
    wrapped = mg.no_autodiff(lambda: seen.append(_tracking()), to_numpy=True)
    wrapped()
    assert seen == [False] and _tracking()


def test_wrapper_keeps_name_and_docstring():
    def predict(x):
        """Doc."""
        return x

    wrapped = mg.no_autodiff(predict, to_numpy=True)
    assert wrapped.__name__ == "predict" and wrapped.__doc__ == "Doc." and wrapped.__wrapped__ is predict


def test_exceptions_propagate_and_tracking_is_restored():
    def fail():
        assert not _tracking()
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        mg.no_autodiff(fail, to_numpy=True)()
    assert _tracking()


def test_nesting_restores_each_level():
    with mg.no_autodiff:
        with mg.no_autodiff:
            assert not _tracking()
        assert not _tracking()
        inner = mg.no_autodiff(lambda: _tracking())
        assert inner() is False
        assert not _tracking()
    assert _tracking()


def test_with_binds_none_and_bool_reports_tracking():
    # MyGrad 2.5: ``__enter__`` returns None; ``bool(no_autodiff)`` is the graph-tracking state
    assert bool(mg.no_autodiff) is True
    with mg.no_autodiff as bound:
        assert bound is None
        assert bool(mg.no_autodiff) is False
    assert bool(mg.no_autodiff) is True and _mode.no_autodiff_active is False


def test_wrapping_a_non_callable_is_refused():
    with pytest.raises(TypeError, match="wraps a function"):
        mg.no_autodiff(3)


def test_set_grad_enabled_acts_at_once_and_restores_at_the_end_of_a_block():
    x = mg.tensor([1.0, 2.0])
    try:
        mg.set_grad_enabled(False)  # a plain call sets the mode, as PyTorch's
        assert (2 * x).creator is None
        with mg.set_grad_enabled(True):
            assert (2 * x).creator is not None
        assert (2 * x).creator is None
    finally:
        mg.set_grad_enabled(True)
    assert (2 * x).creator is not None


def test_enable_grad_tracks_inside_no_autodiff_and_nests():
    x = mg.tensor([1.0, 2.0])
    with mg.no_autodiff:
        with mg.enable_grad:
            y = (x * x).sum()
        assert (2 * x).creator is None
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0])


@pytest.mark.parametrize("mode", ["train", None, 1, [True]])
def test_set_grad_enabled_refuses_a_mode_that_is_not_a_bool(mode):
    with pytest.raises(TypeError, match="set_grad_enabled"):
        mg.set_grad_enabled(mode)
    assert (2 * mg.tensor(1.0)).creator is not None  # the mode is untouched
