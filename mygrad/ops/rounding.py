"""Piecewise-constant functions: ``floor``, ``ceil``, ``trunc``, ``rint``, ``sign``, ``floor_divide``,
``remainder`` (``mod``), ``fmod``, ``divmod``.

These functions are piecewise constant, so their derivative is zero almost
everywhere and a gradient through them is meaningless. As in MyGrad they are
for constants only: arrays and constant tensors give NumPy's result (an
ndarray); a tensor that needs a gradient raises ``ValueError`` instead of
silently cutting the graph. Pass ``x.data`` (or a constant tensor) to use
them on trainable values deliberately.

>>> import mygrad as mg
>>> mg.floor(mg.tensor([1.5, -1.5], constant=True))
array([ 1., -2.])
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from mygrad.numpy_protocol import implements_numpy_override

__all__ = ["floor", "ceil", "trunc", "rint", "sign", "floor_divide", "remainder", "mod", "fmod", "divmod"]


def _constants_only(ufunc: np.ufunc, summary: str) -> Callable:
    """Wrap ``ufunc`` to accept arrays and constant tensors only, returning NumPy's result."""
    from mygrad.tensor import Tensor

    name = ufunc.__name__

    def as_constant_data(x: Any) -> Any:
        if isinstance(x, Tensor):
            if not x.constant:
                raise ValueError(
                    f"mygrad.{name} is not differentiable (it is piecewise: constant or jumping between pieces), "
                    f"so it only accepts constant tensors, as in MyGrad; got a non-constant tensor. Use "
                    f"{name}(x.data) to apply it outside the graph"
                )
            return x.data
        return x

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "out" in kwargs:
            out = kwargs["out"]
            kwargs["out"] = tuple(as_constant_data(o) for o in out) if isinstance(out, tuple) else as_constant_data(out)
        return ufunc(*(as_constant_data(a) for a in args), **kwargs)

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__wrapped__ = ufunc
    wrapper.__doc__ = f"""{summary}

    ``numpy.{name}`` for arrays and constant tensors; returns NumPy's result.

    Parameters
    ----------
    *args, **kwargs
        As for ``numpy.{name}``.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If a tensor argument (or ``out``) is not constant: ``{name}`` has no
        useful gradient.
    """
    # np.floor(tensor) must call it too, with all of NumPy's keywords (to refuse non-constants)
    return implements_numpy_override(ufunc, numpy_keywords=True)(wrapper)


floor = _constants_only(np.floor, "The largest integer ``<= x``, elementwise.")
ceil = _constants_only(np.ceil, "The smallest integer ``>= x``, elementwise.")
trunc = _constants_only(np.trunc, "``x`` rounded towards zero, elementwise.")
rint = _constants_only(np.rint, "``x`` rounded to the nearest integer (ties to even), elementwise.")
sign = _constants_only(np.sign, "-1, 0 or 1 for negative, zero or positive ``x``, elementwise.")
floor_divide = _constants_only(np.floor_divide, "``x1 // x2``: the largest integer ``<= x1 / x2``, elementwise.")
remainder = _constants_only(np.remainder, "``x1 % x2`` with the sign of the divisor, elementwise.")
mod = remainder
fmod = _constants_only(np.fmod, "The C-style remainder of ``x1 / x2`` (sign of the dividend), elementwise.")
divmod = _constants_only(np.divmod, "``(x1 // x2, x1 % x2)`` elementwise, as a pair of arrays.")
