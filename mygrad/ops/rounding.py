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

from mygrad._arg_errors import reword, shape_of
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.ops._nondiff import examples_section

__all__ = ["floor", "ceil", "trunc", "rint", "sign", "floor_divide", "remainder", "mod", "fmod", "divmod"]


def _constants_only(ufunc: np.ufunc, summary: str, example: str = "") -> Callable:
    """Wrap ``ufunc`` to accept arrays and constant tensors only, returning NumPy's result.

    ``example``, doctest lines, becomes the docstring's Examples section
    (see :func:`mygrad.ops._nondiff.examples_section`).
    """
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
        try:
            return ufunc(*(as_constant_data(a) for a in args), **kwargs)
        except (TypeError, ValueError, IndexError, OverflowError) as error:  # (NumPy's text: "operands could not be
            if name in str(error):  # broadcast together with shapes (2,3) (7,5)" names no function) - NumPy's class
                raise
            given = ", ".join(f"{shape_of(a)}" for a in args)
            renamed = reword(error, f"mygrad.{name}: {error} (inputs of shapes {given})")
            if renamed is error:
                raise
            raise renamed from error

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
    """ + examples_section(example)
    # np.floor(tensor) must call it too, with all of NumPy's keywords (to refuse non-constants)
    return implements_numpy_override(ufunc, numpy_keywords=True)(wrapper)


# Each example (the wrapper's Examples section) shows NumPy's result for a constant tensor.
floor = _constants_only(np.floor, "The largest integer ``<= x``, elementwise.", """
    >>> mg.floor(mg.tensor([1.5, -1.5], constant=True))
    array([ 1., -2.])
    >>> mg.floor(mg.tensor([1.5]))      # a tensor that wants a gradient is refused  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: mygrad.floor is not differentiable ...
""")
ceil = _constants_only(np.ceil, "The smallest integer ``>= x``, elementwise.", """
    >>> mg.ceil(mg.tensor([1.5, -1.5, 2.0], constant=True))
    array([ 2., -1.,  2.])
""")
trunc = _constants_only(np.trunc, "``x`` rounded towards zero, elementwise.", """
    >>> mg.trunc(mg.tensor([1.5, -1.5], constant=True))
    array([ 1., -1.])
""")
rint = _constants_only(np.rint, "``x`` rounded to the nearest integer (ties to even), elementwise.", """
    >>> mg.rint(mg.tensor([1.5, 2.5, -0.4], constant=True))
    array([ 2.,  2., -0.])
""")
sign = _constants_only(np.sign, "-1, 0 or 1 for negative, zero or positive ``x``, elementwise.", """
    >>> mg.sign(mg.tensor([-2.0, 0.0, 3.0], constant=True))
    array([-1.,  0.,  1.])
""")
floor_divide = _constants_only(np.floor_divide, "``x1 // x2``: the largest integer ``<= x1 / x2``, elementwise.", """
    >>> mg.floor_divide(mg.tensor([7.0, -7.0], constant=True), 2.0)
    array([ 3., -4.])
""")
remainder = _constants_only(np.remainder, "``x1 % x2`` with the sign of the divisor, elementwise.", """
    >>> mg.remainder(mg.tensor([7.0, -7.0], constant=True), 3.0)     # -7 = -3 * 3 + 2
    array([1., 2.])
""")
mod = remainder
fmod = _constants_only(np.fmod, "The C-style remainder of ``x1 / x2`` (sign of the dividend), elementwise.", """
    >>> mg.fmod(mg.tensor([7.0, -7.0], constant=True), 3.0)          # -7 = -2 * 3 - 1
    array([ 1., -1.])
""")
divmod = _constants_only(np.divmod, "``(x1 // x2, x1 % x2)`` elementwise, as a pair of arrays.", """
    >>> mg.divmod(mg.tensor([7.0, -7.0], constant=True), 2.0)
    (array([ 3., -4.]), array([1., 1.]))
""")
