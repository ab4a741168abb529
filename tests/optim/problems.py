"""Two small training problems, each with a mygrad loss and a hand-derived NumPy gradient.

* ``Quadratic``: ``0.5 w.A.w - b.w + sum(c (U - T)^2)`` over a vector ``w``
  and a matrix ``U`` (a fixed, well-conditioned quadratic).
* ``TanhRegression``: a linear layer with a tanh, mean squared error:
  ``mean((tanh(X W + bias) - Y)^2)`` over ``W`` and ``bias``.
"""

import numpy as np

import mygrad as mg

_rng = np.random.default_rng(1234)


class Quadratic:
    M = _rng.normal(size=(4, 4))
    A = M @ M.T / 4 + 0.5 * np.eye(4)
    b = _rng.normal(size=4)
    c = _rng.uniform(0.5, 1.5, size=(2, 3))
    T = _rng.normal(size=(2, 3))
    shapes = [(4,), (2, 3)]

    @classmethod
    def loss(cls, w, U):
        return 0.5 * (w @ (cls.A @ w)) - cls.b @ w + (cls.c * (U - cls.T) ** 2).sum()

    @classmethod
    def grads(cls, w, U):
        return [cls.A @ w - cls.b, 2 * cls.c * (U - cls.T)]


class TanhRegression:
    X = _rng.normal(size=(8, 3))
    Y = np.tanh(X @ _rng.normal(size=(3, 2)) + 0.3) + 0.05 * _rng.normal(size=(8, 2))
    shapes = [(3, 2), (2,)]

    @classmethod
    def loss(cls, W, bias):
        return ((mg.tanh(cls.X @ W + bias) - cls.Y) ** 2).mean()

    @classmethod
    def grads(cls, W, bias):
        a = np.tanh(cls.X @ W + bias)
        dz = 2 * (a - cls.Y) / a.size * (1 - a**2)  # dL/dz through the mean and tanh
        return [cls.X.T @ dz, dz.sum(axis=0)]


PROBLEMS = [Quadratic, TanhRegression]
