"""Comparisons, logic and value tests: ``equal``, ``logical_and``, ``isnan``, ``any``, ``allclose`` ...

None of these has a derivative, so none builds a graph: each accepts tensors
and returns NumPy's boolean result, exactly as ``numpy.<name>`` would on the
tensors' data (MyGrad documents the same).

>>> import mygrad as mg
>>> x = mg.tensor([1.0, float("nan"), 3.0])
>>> mg.isnan(x)
array([False,  True, False])
>>> mg.any(x > 2)
np.True_
>>> mg.allclose(mg.tensor([1.0, 2.0]), [1.0, 2.0 + 1e-9])
True
"""

from __future__ import annotations

import numpy as np

from mygrad.ops._nondiff import on_data

__all__ = [
    "equal",
    "not_equal",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "logical_not",
    "isnan",
    "isinf",
    "isfinite",
    "isnat",
    "isposinf",
    "isneginf",
    "signbit",
    "isclose",
    "allclose",
    "array_equal",
    "array_equiv",
    "any",
    "all",
    "count_nonzero",
]

equal = on_data(np.equal, "Elementwise ``x1 == x2`` as a boolean array.")
not_equal = on_data(np.not_equal, "Elementwise ``x1 != x2`` as a boolean array.")
greater = on_data(np.greater, "Elementwise ``x1 > x2`` as a boolean array.")
greater_equal = on_data(np.greater_equal, "Elementwise ``x1 >= x2`` as a boolean array.")
less = on_data(np.less, "Elementwise ``x1 < x2`` as a boolean array.")
less_equal = on_data(np.less_equal, "Elementwise ``x1 <= x2`` as a boolean array.")

logical_and = on_data(np.logical_and, "Elementwise logical AND of the truth values of ``x1`` and ``x2``.")
logical_or = on_data(np.logical_or, "Elementwise logical OR of the truth values of ``x1`` and ``x2``.")
logical_xor = on_data(np.logical_xor, "Elementwise logical XOR of the truth values of ``x1`` and ``x2``.")
logical_not = on_data(np.logical_not, "Elementwise logical NOT of the truth value of ``x``.")

isnan = on_data(np.isnan, "True where ``x`` is NaN (not a number).")
isinf = on_data(np.isinf, "True where ``x`` is positive or negative infinity.")
isfinite = on_data(np.isfinite, "True where ``x`` is neither infinite nor NaN.")
isnat = on_data(np.isnat, "True where a datetime/timedelta ``x`` is NaT (not a time).")
isposinf = on_data(np.isposinf, "True where ``x`` is positive infinity.")
isneginf = on_data(np.isneginf, "True where ``x`` is negative infinity.")
signbit = on_data(np.signbit, "True where the sign bit of ``x`` is set (``x < 0``, also ``-0.0``).")

isclose = on_data(np.isclose, "Elementwise ``|a - b| <= atol + rtol * |b|`` as a boolean array.")
allclose = on_data(np.allclose, "True if every element of ``a`` is close to ``b`` (see ``isclose``).")
array_equal = on_data(np.array_equal, "True if ``a1`` and ``a2`` have the same shape and elements.")
array_equiv = on_data(np.array_equiv, "True if ``a1`` and ``a2`` broadcast together and are equal elementwise.")

any = on_data(np.any, "True where any element along ``axis`` is true (``axis=None``: of all elements).")
all = on_data(np.all, "True where every element along ``axis`` is true (``axis=None``: of all elements).")
count_nonzero = on_data(np.count_nonzero, "The number of non-zero elements (along ``axis``, if given).")
