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

# Each example (the wrapper's Examples section) shows NumPy's result for tensor inputs.
equal = on_data(np.equal, "Elementwise ``x1 == x2`` as a boolean array.", """
    >>> mg.equal(mg.tensor([1.0, 2.0, 3.0]), [1.0, 0.0, 3.0])
    array([ True, False,  True])
""")
not_equal = on_data(np.not_equal, "Elementwise ``x1 != x2`` as a boolean array.", """
    >>> mg.not_equal(mg.tensor([1.0, 2.0, 3.0]), 2.0)
    array([ True, False,  True])
""")
greater = on_data(np.greater, "Elementwise ``x1 > x2`` as a boolean array.", """
    >>> mg.greater(mg.tensor([1.0, 2.0, 3.0]), 2.0)
    array([False, False,  True])
""")
greater_equal = on_data(np.greater_equal, "Elementwise ``x1 >= x2`` as a boolean array.", """
    >>> mg.greater_equal(mg.tensor([1.0, 2.0, 3.0]), 2.0)
    array([False,  True,  True])
""")
less = on_data(np.less, "Elementwise ``x1 < x2`` as a boolean array.", """
    >>> mg.less(mg.tensor([1.0, 2.0, 3.0]), 2.0)
    array([ True, False, False])
""")
less_equal = on_data(np.less_equal, "Elementwise ``x1 <= x2`` as a boolean array.", """
    >>> mg.less_equal(mg.tensor([1.0, 2.0, 3.0]), 2.0)
    array([ True,  True, False])
""")

logical_and = on_data(np.logical_and, "Elementwise logical AND of the truth values of ``x1`` and ``x2``.", """
    >>> mg.logical_and(mg.tensor([1.0, 0.0, 2.0]), mg.tensor([1.0, 1.0, 0.0]))    # non-zero is true
    array([ True, False, False])
""")
logical_or = on_data(np.logical_or, "Elementwise logical OR of the truth values of ``x1`` and ``x2``.", """
    >>> mg.logical_or(mg.tensor([1.0, 0.0, 0.0]), mg.tensor([0.0, 0.0, 3.0]))
    array([ True, False,  True])
""")
logical_xor = on_data(np.logical_xor, "Elementwise logical XOR of the truth values of ``x1`` and ``x2``.", """
    >>> mg.logical_xor(mg.tensor([1.0, 0.0, 2.0]), mg.tensor([1.0, 1.0, 0.0]))
    array([False,  True,  True])
""")
logical_not = on_data(np.logical_not, "Elementwise logical NOT of the truth value of ``x``.", """
    >>> mg.logical_not(mg.tensor([1.0, 0.0, 2.0]))
    array([False,  True, False])
""")

isnan = on_data(np.isnan, "True where ``x`` is NaN (not a number).", """
    >>> mg.isnan(mg.tensor([1.0, float("inf"), float("nan")]))
    array([False, False,  True])
""")
isinf = on_data(np.isinf, "True where ``x`` is positive or negative infinity.", """
    >>> mg.isinf(mg.tensor([1.0, float("inf"), -float("inf"), float("nan")]))
    array([False,  True,  True, False])
""")
isfinite = on_data(np.isfinite, "True where ``x`` is neither infinite nor NaN.", """
    >>> mg.isfinite(mg.tensor([1.0, float("inf"), float("nan")]))
    array([ True, False, False])
""")
isnat = on_data(np.isnat, "True where a datetime/timedelta ``x`` is NaT (not a time).", """
    >>> import numpy as np
    >>> mg.isnat(np.array(["2024-01-01", "NaT"], dtype="datetime64[D]"))
    array([False,  True])
""")
isposinf = on_data(np.isposinf, "True where ``x`` is positive infinity.", """
    >>> mg.isposinf(mg.tensor([1.0, float("inf"), -float("inf")]))
    array([False,  True, False])
""")
isneginf = on_data(np.isneginf, "True where ``x`` is negative infinity.", """
    >>> mg.isneginf(mg.tensor([1.0, float("inf"), -float("inf")]))
    array([False, False,  True])
""")
signbit = on_data(np.signbit, "True where the sign bit of ``x`` is set (``x < 0``, also ``-0.0``).", """
    >>> mg.signbit(mg.tensor([-1.0, -0.0, 0.0, 2.0]))
    array([ True,  True, False, False])
""")

isclose = on_data(np.isclose, "Elementwise ``|a - b| <= atol + rtol * |b|`` as a boolean array.", """
    >>> mg.isclose(mg.tensor([1.0, 2.0]), [1.0 + 1e-9, 2.1])   # rtol=1e-05, atol=1e-08 by default
    array([ True, False])
""")
allclose = on_data(np.allclose, "True if every element of ``a`` is close to ``b`` (see ``isclose``).", """
    >>> mg.allclose(mg.tensor([1.0, 2.0]), [1.0 + 1e-9, 2.0])
    True
""")
array_equal = on_data(np.array_equal, "True if ``a1`` and ``a2`` have the same shape and elements.", """
    >>> x = mg.tensor([1.0, 2.0])
    >>> mg.array_equal(x, [1.0, 2.0]), mg.array_equal(x, [[1.0, 2.0]])    # shapes (2,) and (1, 2)
    (True, False)
""")
array_equiv = on_data(np.array_equiv, "True if ``a1`` and ``a2`` broadcast together and are equal elementwise.", """
    >>> x = mg.tensor([1.0, 2.0])
    >>> mg.array_equiv(x, [[1.0, 2.0], [1.0, 2.0]])     # x broadcasts to (2, 2)
    True
""")

any = on_data(np.any, "True where any element along ``axis`` is true (``axis=None``: of all elements).", """
    >>> mg.any(mg.tensor([[0.0, 1.0], [0.0, 0.0]]), axis=1)
    array([ True, False])
""")
all = on_data(np.all, "True where every element along ``axis`` is true (``axis=None``: of all elements).", """
    >>> mg.all(mg.tensor([[1.0, 1.0], [0.0, 2.0]]), axis=1)
    array([ True, False])
""")
count_nonzero = on_data(np.count_nonzero, "The number of non-zero elements (along ``axis``, if given).", """
    >>> mg.count_nonzero(mg.tensor([[1.0, 0.0], [3.0, 4.0]]), axis=0)
    array([2, 1])
""")
