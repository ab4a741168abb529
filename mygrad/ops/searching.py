"""Index searches and counting: ``argmax``, ``argmin``, ``argsort``, ``nonzero``, ``bincount``.

These return integer indices or counts, which have no derivative, so they
accept tensors and return NumPy's result on the data (as MyGrad documents
for ``argmax``/``argmin``). Use the indices to index a tensor to keep the
graph: ``x[mg.argmax(x)]`` is differentiable.

>>> import mygrad as mg
>>> x = mg.tensor([[1.0, 5.0], [7.0, 2.0]])
>>> mg.argmax(x, axis=1)
array([1, 0])
>>> mg.bincount(mg.tensor([0, 1, 1, 3]))
array([1, 2, 0, 1])
"""

from __future__ import annotations

import numpy as np

from mygrad.ops._nondiff import on_data

__all__ = ["argmax", "argmin", "argsort", "argwhere", "flatnonzero", "searchsorted", "bincount"]

# Each example (the wrapper's Examples section) shows NumPy's result for tensor inputs.
argmax = on_data(np.argmax, "Indices of the maximum values along ``axis`` (of the flattened data by default).", """
    >>> x = mg.tensor([[1.0, 5.0], [7.0, 2.0]])
    >>> mg.argmax(x, axis=1)    # the column of each row's maximum
    array([1, 0])
    >>> y = x[0, mg.argmax(x[0])]   # indexing with it keeps the graph
    >>> y.backward()
    >>> x.grad                  # d max / dx: 1 at the maximum
    array([[0., 1.],
           [0., 0.]])
""")
argmin = on_data(np.argmin, "Indices of the minimum values along ``axis`` (of the flattened data by default).", """
    >>> mg.argmin(mg.tensor([[1.0, 5.0], [7.0, 2.0]]), axis=1)
    array([0, 1])
""")
argsort = on_data(np.argsort, "Indices that would sort the data along ``axis``.", """
    >>> x = mg.tensor([3.0, 1.0, 2.0])
    >>> order = mg.argsort(x)
    >>> order, x[order]         # x[order] is sorted (and differentiable)
    (array([1, 2, 0]), Tensor([1., 2., 3.]))
""")
argwhere = on_data(np.argwhere, "Indices of the non-zero elements, one row per element.", """
    >>> mg.argwhere(mg.tensor([[0.0, 1.0], [2.0, 0.0]]))     # (row, column) of each
    array([[0, 1],
           [1, 0]])
""")
flatnonzero = on_data(np.flatnonzero, "Indices of the non-zero elements of the flattened data.", """
    >>> mg.flatnonzero(mg.tensor([[0.0, 1.0], [2.0, 0.0]]))
    array([1, 2])
""")
searchsorted = on_data(np.searchsorted, "Indices at which ``v`` would be inserted into sorted ``a`` to keep it sorted.", """
    >>> mg.searchsorted(mg.tensor([1.0, 2.0, 4.0]), [0.5, 3.0, 5.0])
    array([0, 2, 3])
""")
bincount = on_data(np.bincount, "Count of each value in a non-negative integer array (optionally weighted).", """
    >>> mg.bincount(mg.tensor([0, 1, 1, 3]))    # 0 once, 1 twice, 2 never, 3 once
    array([1, 2, 0, 1])
""")
