"""GELU, the Gaussian error linear unit ``x Phi(x)``, exact and in PyTorch's tanh form.

``Phi``, the standard normal CDF, comes from ``math.erf`` in float64 and
from the Abramowitz & Stegun 7.1.26 approximation of erf (absolute error
< 1.5e-7) in lower precisions, computed in their own dtype. Forward runs a
cache block at a time (:func:`~mygrad.nn.functional.cache_blocks.blockwise`)
and makes the derivative there too, so that backward is one product.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional.activations import float_input, wants_gradient
from mygrad.nn.functional.cache_blocks import blockwise

__all__ = ["gelu"]


_erf64 = np.frompyfunc(math.erf, 1, 1)


def _normal_cdf(x: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """``Phi(x) = (1 + erf(x / sqrt 2)) / 2``, the standard normal CDF, elementwise into ``out`` (not ``x``).

    Also leaves ``exp(-x^2 / 2)`` in ``scratch`` (shaped like ``x``).

    float64 (and wider) uses ``math.erf`` exactly; lower precisions use the
    Abramowitz & Stegun 7.1.26 approximation of erf (absolute error
    < 1.5e-7) in their own dtype: with ``z = |x| / sqrt 2`` and
    ``t = 1 / (1 + p z)``, ``erf(z) = 1 - poly(t) exp(-z^2)``, so
    ``Phi(x) = 1/2 + sign(x) (1/2 - h)`` with ``h = poly(t) exp(-z^2) / 2``.

    >>> x = np.array([-1.0, 0.0, 2.0], dtype=np.float32)
    >>> _normal_cdf(x, np.empty_like(x), np.empty_like(x))
    array([0.15865529, 0.5       , 0.97725   ], dtype=float32)
    """
    kind = x.dtype.type
    if x.dtype.itemsize >= 8:
        out[...] = _erf64(x * (1 / math.sqrt(2)))
        out += 1
        out *= 0.5
        np.square(x, out=scratch)
        scratch *= -0.5
        np.exp(scratch, out=scratch)
        return out
    t = np.abs(x, out=np.empty_like(x))
    t += kind(_ERF_P_INVERSE)
    np.divide(kind(_ERF_P_INVERSE), t, out=t)  # t = 1 / (1 + p z) = (sqrt 2 / p) / (sqrt 2 / p + |x|)
    coeffs = _halved_erf_coefficients(kind)
    h = np.multiply(t, coeffs[0], out=out)  # Horner: -poly(t) / 2
    for c in coeffs[1:]:
        h += c
        h *= t
    e = np.square(x, out=scratch)
    e *= kind(-0.5)
    np.exp(e, out=e)  # exp(-z^2) = exp(-x^2 / 2)
    h *= e
    h += kind(0.5)  # 1/2 - h
    # times sign(x), by flipping its sign bit where x's is set (np.sign then a product takes 4 times as long;
    # at x = 0, where sign(0) = 0, 1/2 - h is exactly 0)
    bits = np.dtype(f"i{x.dtype.itemsize}")
    sign = np.bitwise_and(x.view(bits), np.iinfo(bits).min, out=t.view(bits))
    np.bitwise_xor(h.view(bits), sign, out=h.view(bits))
    h += kind(0.5)
    return h


_ERF_COEFFS = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)  # A&S 7.1.26, c5 ... c1
_ERF_P_INVERSE = math.sqrt(2) / 0.3275911


def _halved_erf_coefficients(kind: type) -> list:
    """A&S 7.1.26's coefficients times -1/2 in the dtype ``kind``, c5 ... c1; c1 is rounded so that at ``t = 1``
    (``x = 0``) Horner's sum in that dtype is exactly -1/2 (A&S's coefficients add up to 1.000000001).

    >>> bool(sum(_halved_erf_coefficients(np.float16)) == -0.5)
    True
    """
    coeffs = [kind(-0.5 * c) for c in _ERF_COEFFS[:-1]]
    total = coeffs[0]
    for c in coeffs[1:]:
        total = total + c
    return coeffs + [kind(-0.5) - total]


def _gelu_forward(x: np.ndarray, out: np.ndarray, slope: np.ndarray) -> None:
    """``out = x Phi(x)`` and its derivative ``slope = Phi(x) + x phi(x)``, with ``phi(x) = exp(-x^2/2) / sqrt(2 pi)``.

    The derivative is made here, while the block is in cache, so that backward is one product.
    """
    e = np.empty_like(x)
    cdf = _normal_cdf(x, out=slope, scratch=e)
    np.multiply(x, cdf, out=out)
    e *= x
    e *= x.dtype.type(1 / math.sqrt(2 * math.pi))
    slope += e


def _gelu_value(x: np.ndarray, out: np.ndarray) -> None:
    np.multiply(x, _normal_cdf(x, out=out, scratch=np.empty_like(x)), out=out)


_SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
_GELU_CUBIC = 0.044715


def _gelu_tanh_value(x: np.ndarray, out: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """``out = x (1 + t) / 2`` with ``t = tanh(sqrt(2/pi) (x + 0.044715 x^3))``; returns ``t`` (a new array) and
    leaves ``x^2`` in ``squares``. (``x * x * x``: NumPy's ``x ** 3`` takes 50 times as long where x < 0.)"""
    kind = x.dtype.type
    np.multiply(x, x, out=squares)
    t = np.multiply(squares, x, out=np.empty_like(x))
    t *= kind(_GELU_CUBIC)
    t += x
    t *= kind(_SQRT_2_OVER_PI)
    np.tanh(t, out=t)
    np.add(t, 1, out=out)
    out *= x
    out *= kind(0.5)
    return t


def _gelu_tanh_forward(x: np.ndarray, out: np.ndarray, slope: np.ndarray) -> None:
    """:func:`_gelu_tanh_value` and its derivative, as PyTorch writes it:
    ``slope = (1 + t) / 2 + x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2) / 2``."""
    kind = x.dtype.type
    t = _gelu_tanh_value(x, out, squares=slope)
    du = slope
    du *= kind(3 * _GELU_CUBIC)
    du += 1
    du *= kind(_SQRT_2_OVER_PI)
    du *= x
    du *= kind(0.5)
    t2 = np.square(t, out=np.empty_like(t))  # (an array also for a 0-d t)
    np.subtract(1, t2, out=t2)
    du *= t2
    t += 1
    t *= kind(0.5)
    du += t


class GELU(Operation):
    def __call__(self, x, approximate):
        self.variables = (x,)
        xd = float_input(x.data)
        self.approximate = approximate
        if not wants_gradient(x):
            value = _gelu_value if approximate == "none" else \
                (lambda a, out: _gelu_tanh_value(a, out, squares=np.empty_like(a)))
            return blockwise(value, xd)[0]
        # (chains of ten to twenty steps, in cached blocks; the derivative too, so that backward is one product)
        out, self.slope = blockwise(_gelu_forward if approximate == "none" else _gelu_tanh_forward, xd, outputs=2)
        return out

    def backward_var(self, grad, index, **kwargs):
        # d/dx x Phi(x) = Phi(x) + x phi(x), or the tanh form's derivative, made in forward
        return self.product(grad, self.slope)


def gelu(input: Any, approximate: str = "none", *, constant: Optional[bool] = None) -> Tensor:
    """Gaussian error linear unit, ``x * Phi(x)`` (``Phi`` the standard normal CDF).

    Parameters
    ----------
    approximate : {'none', 'tanh'}
        ``'tanh'`` uses ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import gelu
    >>> gelu(mg.tensor([0.0, 1.0]))
    Tensor([0.        , 0.84134475])
    """
    if approximate not in ("none", "tanh"):
        raise ValueError(f"approximate must be 'none' or 'tanh'; got {approximate!r}")
    return execute_op(GELU, input, op_args=(approximate,), constant=constant)
