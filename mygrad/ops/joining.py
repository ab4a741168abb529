"""Joining tensors (concatenate, stack) and splitting them (split, array_split, hsplit, vsplit, dsplit).

The gradient of a joined tensor is cut back into the pieces that were
joined: each input receives its own slice of ``grad``. Splitting is the
reverse: each piece is a slice (a view) of the tensor, so each piece's
gradient lands in its own part of the tensor's.
"""

from __future__ import annotations

import operator
from typing import Any, List, Optional, Sequence

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from mygrad._arg_errors import brief, reword, shape_of
from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor, data_of
from mygrad.ops.indexing import getitem
from mygrad.ops.ufunc_keywords import _out_target, write_named_out

__all__ = ["concatenate", "stack", "split", "array_split", "hsplit", "vsplit", "dsplit"]


class Concatenate(Operation):
    def __call__(self, *arrays, axis=0, dtype=None):
        self.variables = arrays
        self.axis = axis
        out = np.concatenate([a.data for a in arrays], axis=axis, dtype=dtype)
        if axis is not None:
            self.axis = normalize_axis_index(axis, out.ndim)
        return out

    def backward_var(self, grad, index, **kwargs):
        # d(concat)/dx_k is the identity on x_k's own slice of the result
        if self.axis is None:
            sizes = [a.data.size for a in self.variables]
            axis = 0
        else:
            sizes = [a.data.shape[self.axis] for a in self.variables]
            axis = self.axis
        start = int(np.sum(sizes[:index]))
        piece = np.take(grad, np.arange(start, start + sizes[index]), axis=axis)
        return piece.reshape(self.variables[index].data.shape)


class Stack(Operation):
    def __call__(self, *arrays, axis=0, dtype=None):
        self.variables = arrays
        out = np.stack([a.data for a in arrays], axis=axis, dtype=dtype)
        self.axis = normalize_axis_index(axis, out.ndim)
        return out

    def backward_var(self, grad, index, **kwargs):
        # x_k is the k-th slice of the result along the new axis
        return np.take(grad, index, axis=self.axis)


@implements_numpy_override(np.concatenate)
def concatenate(
    tensors: Sequence[Any], axis: Optional[int] = 0, out: Any = None, dtype: Any = None, *,
    constant: Optional[bool] = None
) -> Tensor:
    """Join a sequence of tensors along an existing axis (flattening them all first when ``axis`` is None).

    Parameters
    ----------
    tensors : sequence of ArrayLike
        Shapes must match except along ``axis``.
    axis : Optional[int]
        The axis to join along (negative counts from the end); None joins the flattened inputs.
    out : Optional[Union[Tensor, ndarray]]
        Where to write the result, as in MyGrad and NumPy: a tensor is written
        in place (differentiably) and returned; an array receives the values.
    dtype : Optional[DTypeLike]
        The result's dtype, as in ``np.concatenate``.
    constant : Optional[bool]
        If True, the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b = mg.tensor([[1.0, 2.0]]), mg.tensor([[3.0, 4.0], [5.0, 6.0]])
    >>> out = mg.concatenate([a, b], axis=0)
    >>> out.shape
    (3, 2)
    >>> (out * out).sum().backward()
    >>> a.grad
    array([[2., 4.]])
    """
    return _join(Concatenate, "concatenate", tensors, axis, dtype, constant, out)


@implements_numpy_override(np.stack)
def stack(tensors: Sequence[Any], axis: int = 0, out: Any = None, *, dtype: Any = None,
          constant: Optional[bool] = None) -> Tensor:
    """Join a sequence of same-shaped tensors along a new axis.

    Parameters
    ----------
    tensors : sequence of ArrayLike
        All of the same shape.
    axis : int
        The position of the new axis in the result (negative counts from the end).
    out : Optional[Union[Tensor, ndarray]]
        Where to write the result (as MyGrad's and NumPy's third argument):
        a tensor is written in place (differentiably) and returned.
    dtype : Optional[DTypeLike]
        The result's dtype, as in ``np.stack`` (keyword only, as there).
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.stack([mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])], axis=-1)
    Tensor([[1., 3.],
            [2., 4.]])
    """
    return _join(Stack, "stack", tensors, axis, dtype, constant, out)


def _join(op_type: type, name: str, arrays: Any, axis: Any, dtype: Any, constant: Optional[bool],
          out: Any = None) -> Tensor:
    """Run a join op over the sequence ``arrays`` (a tensor or array is split along its first axis, as NumPy does).

    With ``out`` the result is written into that tensor or array (see ``ufunc_keywords.write_out``).
    """
    if out is not None:
        _out_target(out, name)  # (refused before any work, as NumPy does)
        return write_named_out(_join(op_type, name, arrays, axis, dtype, constant), out, name)
    try:
        if isinstance(arrays, (Tensor, np.ndarray)):
            arrays = list(arrays)
        if len(arrays) == 0:
            raise ValueError(f"need at least one array to {name}")
        return execute_op(op_type, *arrays, op_kwargs=dict(axis=axis, dtype=dtype), constant=constant)
    except (TypeError, ValueError, IndexError, OverflowError) as error:  # (AxisError is a ValueError and IndexError)
        renamed = _join_error(name, arrays, axis, error)
        if renamed is error:
            raise
        raise renamed from error


def _join_error(name: str, arrays: Any, axis: Any, error: BaseException) -> BaseException:
    """The error of a failed join naming ``name``, the argument at fault and every input's shape (NumPy's class)."""
    if name in str(error) and not isinstance(error, np.exceptions.AxisError):  # (named already: "need at least one")
        return error
    zero_d = isinstance(arrays, (Tensor, np.ndarray)) and arrays.ndim == 0
    if zero_d or not hasattr(arrays, "__len__"):
        return reword(error, f"{name}: arrays must be a sequence (list or tuple) of arrays; got {brief(arrays)} "
                             f"({error})")
    shapes = ", ".join(str(shape_of(a)) for a in arrays) if isinstance(arrays, (list, tuple)) else "?"
    if isinstance(error, np.exceptions.AxisError):
        return reword(error, f"{name}: axis={axis!r} is out of bounds for the result of joining arrays of shapes "
                             f"[{shapes}] ({error})")
    if isinstance(error, (TypeError, OverflowError)) and not _is_axis(axis, allow_none=name == "concatenate"):
        expected = "an int or None" if name == "concatenate" else "an int"
        return reword(error, f"{name}: axis must be {expected}; got axis={brief(axis)} ({error})")
    if isinstance(error, ValueError) and ("shape" in str(error) or "dimension" in str(error)):
        rule = "all of the same shape" if name == "stack" else "the same shape except along the axis"
        return reword(error, f"{name}(axis={axis!r}): the arrays must have {rule}; got shapes [{shapes}] ({error})")
    return reword(error, f"{name}(axis={brief(axis)}, arrays of shapes [{shapes}]): {error}")


def _is_axis(axis: Any, allow_none: bool) -> bool:
    """Whether NumPy can read ``axis`` as an axis (an integer that fits a C long, or None where allowed)."""
    if axis is None:
        return allow_none
    try:
        return -2**63 <= operator.index(axis) < 2**63
    except TypeError:
        return False



@implements_numpy_override(np.split)
def split(ary: Any, indices_or_sections: Any, axis: int = 0, *, constant: Optional[bool] = None) -> List[Tensor]:
    """Split a tensor into equal pieces, or at the given indices, along ``axis``; each piece is a view.

    As ``np.split``: an int ``N`` makes ``N`` equal pieces (``ValueError``
    if the axis does not divide evenly); a sequence of sorted indices cuts
    there (``[2, 3]`` gives ``ary[:2]``, ``ary[2:3]``, ``ary[3:]``). The
    pieces are differentiable views of ``ary``: the gradient of each lands
    in its own slice of ``ary``'s, and pieces not used get none.

    ``torch.split(x, size, dim)`` takes the *size* of each piece instead;
    ``torch.chunk(x, n, dim)`` is ``array_split(x, n, axis)`` when ``n``
    divides the axis.

    Parameters
    ----------
    ary : ArrayLike
    indices_or_sections : int or sequence of ints
    axis : int, default 0
    constant : Optional[bool]
        If True, the pieces are constants.

    Returns
    -------
    List[Tensor]

    Examples
    --------
    Splitting the query, key and value projections of an attention layer:

    >>> import mygrad as mg
    >>> qkv = mg.arange(12.0).reshape(2, 6)
    >>> q, k, v = mg.split(qkv, 3, axis=1)
    >>> k
    Tensor([[2., 3.],
            [8., 9.]])
    >>> (q * v).sum().backward()
    >>> qkv.grad                        # d/dq = v, d/dk = 0, d/dv = q
    array([[ 4.,  5.,  0.,  0.,  0.,  1.],
           [10., 11.,  0.,  0.,  6.,  7.]])
    """
    return _split(np.split, "split", ary, indices_or_sections, axis, constant)


@implements_numpy_override(np.array_split)
def array_split(ary: Any, indices_or_sections: Any, axis: int = 0, *, constant: Optional[bool] = None) -> List[Tensor]:
    """Split a tensor into ``N`` nearly equal pieces (or at indices) along ``axis``; each piece is a view.

    As ``np.array_split``: with ``N`` sections of an axis of length ``l``,
    the first ``l % N`` pieces have ``l // N + 1`` elements, the others
    ``l // N``. Otherwise as :func:`split`.

    Parameters
    ----------
    ary : ArrayLike
    indices_or_sections : int or sequence of ints
    axis : int, default 0
    constant : Optional[bool]
        If True, the pieces are constants.

    Returns
    -------
    List[Tensor]

    Examples
    --------
    >>> import mygrad as mg
    >>> [piece.shape for piece in mg.array_split(mg.ones((7, 2)), 3)]
    [(3, 2), (2, 2), (2, 2)]
    """
    return _split(np.array_split, "array_split", ary, indices_or_sections, axis, constant)


@implements_numpy_override(np.hsplit)
def hsplit(ary: Any, indices_or_sections: Any, *, constant: Optional[bool] = None) -> List[Tensor]:
    """:func:`split` along the second axis (the first, for a 1-d tensor), as ``np.hsplit``.

    Examples
    --------
    >>> import mygrad as mg
    >>> [piece.shape for piece in mg.hsplit(mg.ones((2, 4)), 2)]
    [(2, 2), (2, 2)]
    """
    ary = _split_input("hsplit", ary)
    ndim = np.ndim(data_of(ary))
    if ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return _split(np.split, "hsplit", ary, indices_or_sections, 1 if ndim > 1 else 0, constant)


@implements_numpy_override(np.vsplit)
def vsplit(ary: Any, indices_or_sections: Any, *, constant: Optional[bool] = None) -> List[Tensor]:
    """:func:`split` along the first axis of a tensor of 2 or more dimensions, as ``np.vsplit``.

    Examples
    --------
    >>> import mygrad as mg
    >>> [piece.shape for piece in mg.vsplit(mg.ones((4, 2)), [1])]
    [(1, 2), (3, 2)]
    """
    ary = _split_input("vsplit", ary)
    if np.ndim(data_of(ary)) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return _split(np.split, "vsplit", ary, indices_or_sections, 0, constant)


@implements_numpy_override(np.dsplit)
def dsplit(ary: Any, indices_or_sections: Any, *, constant: Optional[bool] = None) -> List[Tensor]:
    """:func:`split` along the third axis of a tensor of 3 or more dimensions, as ``np.dsplit``.

    Examples
    --------
    >>> import mygrad as mg
    >>> [piece.shape for piece in mg.dsplit(mg.ones((1, 1, 4)), 4)]
    [(1, 1, 1), (1, 1, 1), (1, 1, 1), (1, 1, 1)]
    """
    ary = _split_input("dsplit", ary)
    if np.ndim(data_of(ary)) < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return _split(np.split, "dsplit", ary, indices_or_sections, 2, constant)


def _split_input(name: str, ary: Any) -> Any:
    """``ary`` itself if it is a tensor, else as an array of numbers (refused, naming ``name``, if it is not one)."""
    if isinstance(ary, Tensor):
        return ary
    try:
        array = np.asarray(ary)
    except (TypeError, ValueError) as error:  # ragged nested sequences
        raise reword(error, f"{name}: cannot make an array of {brief(ary)}: {error}") from error
    if array.dtype.kind not in "biufc":
        raise TypeError(f"{name}: `ary` must hold numbers; got {brief(ary)} (dtype {array.dtype})")
    return array


def _split(numpy_split: Any, name: str, ary: Any, indices_or_sections: Any, axis: Any,
           constant: Optional[bool]) -> List[Tensor]:
    """The pieces of ``ary`` as slices along ``axis``, at the bounds ``numpy_split`` finds (with its errors)."""
    ary = _split_input(name, ary)
    shape = np.shape(data_of(ary))
    try:
        axis = normalize_axis_index(operator.index(axis), len(shape))
        # NumPy checks the arguments and finds the bounds: split the positions along the axis the same way
        positions = numpy_split(np.arange(shape[axis]), data_of(indices_or_sections))
    except (TypeError, ValueError, IndexError, OverflowError) as error:
        raise reword(error, f"{name}: {error} (indices_or_sections={brief(indices_or_sections)}, axis={brief(axis)}, "
                            f"input shape {shape})") from error
    except ZeroDivisionError:  # (np.split's "integer modulo by zero" for 0 sections; array_split says this)
        raise ValueError(f"{name}: the number of sections must be larger than 0; got "
                         f"indices_or_sections={brief(indices_or_sections)}") from None
    except MemoryError:  # (array_split of a huge number of sections)
        raise ValueError(f"{name}: too many sections to make: indices_or_sections={brief(indices_or_sections)}") from None
    before = (slice(None),) * axis
    return [getitem(ary, before + ((slice(int(piece[0]), int(piece[-1]) + 1) if piece.size else slice(0, 0)),),
                    constant=constant)
            for piece in positions]
