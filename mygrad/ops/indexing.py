"""Indexing: ``t[index]`` with basic, integer-array and boolean indices.

``t[index]`` selects elements of ``t``; each selected element passes its
value through unchanged, so the gradient of ``t`` is the upstream gradient
written back to the positions it was read from. An element read more than
once (a repeated integer index) receives the sum of its gradients.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad._arg_errors import reword
from mygrad.autodiff.rewording import numpy_text
from mygrad.autodiff.index_text import brief_index as _brief_index
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor, data_of

__all__ = ["getitem"]


def _is_basic_entry(entry: Any) -> bool:
    """True for the index entries that NumPy treats as basic: ints, slices, Ellipsis, None."""
    if entry is None or entry is Ellipsis or isinstance(entry, slice):
        return True
    # Python/NumPy bools are advanced (a 0-d mask), although bool subclasses int
    return isinstance(entry, (int, np.integer)) and not isinstance(entry, (bool, np.bool_))


def _is_bool_array(entry: Any) -> bool:
    return isinstance(entry, np.ndarray) and entry.dtype == bool


def _index_entries(index: Any) -> tuple:
    return index if isinstance(index, tuple) else (index,)


#: Flat indices made at once by :func:`add_at_rows` (int64: 8 bytes each), so large scatters go in pieces.
_FLAT_INDICES_AT_ONCE = 1 << 22


def add_at_rows(out: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
    """``np.add.at(out, rows, values)``: add each of ``values[k]`` onto ``out[rows[k]]``, repeats accumulating.

    ``rows`` are non-negative integers indexing ``out``'s first axis, of any
    shape; ``values`` has shape ``rows.shape + out.shape[1:]`` (or broadcasts
    to ``(rows.size,) + out.shape[1:]``). NumPy's ``add.at`` is 2-3x faster on one axis than on rows, so for a
    C-contiguous ``out`` each row becomes its run of flat indices
    (``rows * row_size + arange(row_size)``), a block of rows at a time.

    Examples
    --------
    >>> out = np.zeros((3, 2))
    >>> add_at_rows(out, np.array([2, 0, 2]), np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]))
    >>> out
    array([[2., 2.],
           [0., 0.],
           [4., 4.]])
    >>> out = np.zeros(3)
    >>> add_at_rows(out, np.array([[0, 1], [1, 1]]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    >>> out
    array([1., 9., 0.])
    """
    rows = np.asarray(rows)
    values = np.asarray(values)
    if rows.ndim > 1 and values.shape[:rows.ndim] == rows.shape:  # (x[idx] with a 2-D idx: one row per entry)
        values = values.reshape(rows.size, *values.shape[rows.ndim:])
    rows = rows.reshape(-1)
    row_size = int(np.prod(out.shape[1:]))
    values = np.broadcast_to(values, (rows.size, *out.shape[1:]))
    if row_size <= 1 or not out.flags.c_contiguous:
        np.add.at(out, rows, values)
        return
    flat_out, offsets = out.reshape(-1), np.arange(row_size)
    per_block = max(1, _FLAT_INDICES_AT_ONCE // row_size)
    for start in range(0, rows.size, per_block):
        block = rows[start:start + per_block]
        flat = (block[:, None] * row_size + offsets).reshape(-1)
        np.add.at(flat_out, flat, values[start:start + per_block].reshape(-1))


class GetItem(Operation):
    """``a[index]``; the gradient is scattered back to the positions that were read."""

    can_return_view = True

    def __call__(self, a, index):
        self.variables = (a,)
        self.index = index
        return a.data[index]

    def backward_var(self, grad, index, **kwargs):
        # dL/da[i] = sum of dL/dout[k] over every output position k that read a[i]
        out = np.zeros(self.variables[0].data.shape, dtype=grad.dtype)
        entries = _index_entries(self.index)
        if all(_is_basic_entry(e) or _is_bool_array(e) for e in entries):
            # no element can be read twice: plain assignment (much faster than np.add.at)
            out[self.index] = grad
        elif isinstance(self.index, np.ndarray) and self.index.dtype.kind in "iu" and out.ndim:
            # one integer array along the first axis (x[idx]): repeats accumulate, row by row
            add_at_rows(out, self.index % out.shape[0] if out.shape[0] else self.index, grad)
        else:
            np.add.at(out, self.index, grad)  # integer arrays may repeat: accumulate
        return out


def getitem(x: Any, index: Any, *, constant: Optional[bool] = None) -> Tensor:
    """``x[index]``, indexed exactly as NumPy indexes an array.

    Basic indices (ints, slices, ``...``, ``None``) give a view of ``x``
    (``result.base`` is ``x``); integer-array and boolean indices give a copy.
    Integer arrays may be tensors, lists or arrays, and broadcast together as
    in NumPy. Where an integer index repeats an element, that element's
    gradient is the sum over its repeats.

    Parameters
    ----------
    x : ArrayLike
        The tensor to index.
    index : Any
        Any index NumPy accepts: an int, slice, ``Ellipsis``, ``None``,
        integer or boolean array (or tensor), or a tuple of these.
    constant : Optional[bool]
        If True, the result is a constant tensor.

    Returns
    -------
    Tensor
        ``x[index]``.

    Raises
    ------
    IndexError
        For out-of-bounds or invalid indices (NumPy's exception class, and its
        reason), naming the index and the tensor's shape.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0, 3.0])
    >>> y = x[[0, 0, 2]]
    >>> y
    Tensor([1., 1., 3.])
    >>> y.backward()
    >>> x.grad                        # x[0] was read twice
    array([2., 0., 1.])
    """
    plain = data_of(index)
    try:
        return execute_op(GetItem, x, op_args=(plain,), constant=constant)
    except (IndexError, ValueError, TypeError, OverflowError) as error:
        raise reword(error, _index_message(x, plain, error)) from error


_VALID = "ints, slices, ..., None, and integer or boolean arrays"


def _index_message(x: Any, index: Any, error: BaseException) -> str:
    """What was wrong with ``x[index]``: the index as given, the tensor's shape, NumPy's reason and a hint."""
    shape = np.shape(data_of(x)) if isinstance(x, (Tensor, np.ndarray)) else "?"
    reason = numpy_text(error)
    hint = ""
    if "only integers" in reason or "must be of integer" in reason:
        kinds = sorted({f"{e.dtype} array" if isinstance(e, np.ndarray) else type(e).__name__
                        for e in (index if isinstance(index, tuple) else (index,))})
        hint = f" (the index holds {', '.join(kinds)}; valid entries are {_VALID})"
    elif "boolean index did not match" in reason:
        hint = " (a boolean mask must have the shape of the axes it indexes)"
    return f"cannot index a tensor of shape {shape} with {_brief_index(index)}: {reason}{hint}"
