"""detect_anomaly: checked in the forward pass and in backward, wherever the graph was built."""

import numpy as np
import pytest

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # inf and nan are made on purpose here

import mygrad as mg
from mygrad.autodiff.anomaly import AnomalyError


def _graph_with_nan_gradient():
    x = mg.tensor([0.0, 1.0])
    return x, mg.sqrt(x).sum()  # d(sqrt x)/dx = 1 / (2 sqrt x): inf at 0


def test_backward_inside_the_block_checks_ops_created_before_it():
    x, y = _graph_with_nan_gradient()
    with mg.detect_anomaly():
        with pytest.raises(AnomalyError, match=r"Sqrt\.backward_var returned inf .* input 0 \(shape \(2,\)"):
            y.backward()


def test_ops_created_inside_name_their_line():
    with mg.detect_anomaly():
        x, y = _graph_with_nan_gradient()
        with pytest.raises(AnomalyError, match="test_anomaly.py"):
            y.backward()


def test_off_by_default_and_after_the_block():
    x, y = _graph_with_nan_gradient()
    with mg.detect_anomaly():
        pass
    y.backward()  # no error: the gradient is inf, as NumPy's maths says
    assert np.isinf(x.grad[0])


def test_a_custom_op_returning_nan_is_caught():
    class Bad(mg.Operation):
        def __call__(self, x):
            self.variables = (x,)
            return x.data * 2

        def backward_var(self, grad, index, **kwargs):
            return grad * np.nan

    x = mg.tensor([1.0, 2.0])
    y = mg.execute_op(Bad, x)
    with mg.detect_anomaly():
        with pytest.raises(AnomalyError, match="Bad.backward_var returned nan"):
            y.backward()
