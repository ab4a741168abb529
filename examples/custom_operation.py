"""Teach mygrad a new differentiable operation: the softplus, log(1 + e^x).

An operation is a class with two methods:
  __call__      the forward pass, on NumPy arrays
  backward_var  dL/d(input) from dL/d(output), one input at a time
Run it with:  python examples/custom_operation.py
"""

import numpy as np

import mygrad as mg


class Softplus(mg.Operation):
    """f(x) = log(1 + exp(x)), computed without overflow for large x."""

    def __call__(self, x):
        self.variables = (x,)              # the inputs, for backward
        return np.logaddexp(0, x.data)     # log(e^0 + e^x) = log(1 + e^x)

    def backward_var(self, grad, index, **kwargs):
        (x,) = self.variables
        sigmoid = np.exp(-np.logaddexp(0, -x.data))   # df/dx = 1 / (1 + e^-x)
        return grad * sigmoid                          # chain rule: dL/dx = dL/df * df/dx


def softplus(x, *, constant=None):
    """Apply the softplus elementwise; a differentiable mygrad function."""
    return mg.execute_op(Softplus, x, constant=constant)


x = mg.tensor([-50.0, -1.0, 0.0, 1.0, 50.0])
y = softplus(x)
y.backward()
print("x           ", x.data)
print("softplus(x) ", np.round(y.data, 4))
print("d/dx        ", np.round(x.grad, 4))

# Check the gradient against a central finite difference.
h = 1e-6
numeric = (np.logaddexp(0, x.data + h) - np.logaddexp(0, x.data - h)) / (2 * h)
print("numerical   ", np.round(numeric, 4))
assert np.allclose(x.grad, numeric, atol=1e-6), "the backward pass disagrees with finite differences"
print("backward agrees with finite differences")
