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

argmax = on_data(np.argmax, "Indices of the maximum values along ``axis`` (of the flattened data by default).")
argmin = on_data(np.argmin, "Indices of the minimum values along ``axis`` (of the flattened data by default).")
argsort = on_data(np.argsort, "Indices that would sort the data along ``axis``.")
argwhere = on_data(np.argwhere, "Indices of the non-zero elements, one row per element.")
flatnonzero = on_data(np.flatnonzero, "Indices of the non-zero elements of the flattened data.")
searchsorted = on_data(np.searchsorted, "Indices at which ``v`` would be inserted into sorted ``a`` to keep it sorted.")
bincount = on_data(np.bincount, "Count of each value in a non-negative integer array (optionally weighted).")
