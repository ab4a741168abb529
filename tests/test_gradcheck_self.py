"""The gradient checker must be able to fail: a deliberately wrong op is caught."""

import numpy as np
import pytest

import mygrad as mg
from mygrad.autodiff.operation import Operation, execute_op
from tests.gradcheck import check_op


class WrongSquare(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return a.data ** 2

    def backward_var(self, grad, index, **kwargs):
        return grad * 3 * self.variables[0].data  # wrong: should be 2x


def test_checker_catches_a_wrong_gradient():
    with pytest.raises(AssertionError, match="gradient of input 0"):
        check_op(lambda x: execute_op(WrongSquare, x), np.square, np.array([1.0, -2.0, 3.0]))


def test_checker_catches_a_wrong_forward():
    with pytest.raises(AssertionError, match="forward differs"):
        check_op(lambda x: mg.multiply(x, 2.0), lambda x: x * 3.0, np.array([1.0, 2.0]))


def test_checker_passes_a_right_op():
    check_op(mg.multiply, np.multiply, np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]]))
