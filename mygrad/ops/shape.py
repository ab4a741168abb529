"""Shape manipulation: reshape, ravel, flatten, squeeze, expand_dims, atleast_Nd, broadcast_to, repeat.

These ops move elements around without changing them, so each backward
applies the inverse rearrangement to the gradient. (Reordering axes -
transpose, moveaxis, swapaxes, roll - is in :mod:`mygrad.ops.axes`.) Ops whose NumPy
counterpart returns a view set ``can_return_view``, so the result's
``.base`` records the tensor whose memory it shares.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple, Union

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from mygrad._arg_errors import explain, reword, shape_of
from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.indexing import add_at_rows

__all__ = [
    "reshape",
    "squeeze",
    "expand_dims",
    "broadcast_to",
    "ravel",
    "flatten",
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "repeat",
]


class _Rearrangement(Operation):
    """An op whose gradient is ``grad`` reshaped back to the input's shape."""

    def backward_var(self, grad, index, **kwargs):
        return np.reshape(grad, self.variables[0].data.shape)  # elements are unchanged: dL/dx = dL/dy


class Reshape(_Rearrangement):
    can_return_view = True

    def __call__(self, a, newshape):
        self.variables = (a,)
        return np.reshape(a.data, newshape)


class AtLeast1D(Reshape):
    """``atleast_1d``: the reshape to the shape ``np.atleast_1d`` gives (MyGrad's name for the op)."""


class AtLeast2D(Reshape):
    """``atleast_2d``: the reshape to the shape ``np.atleast_2d`` gives."""


class AtLeast3D(Reshape):
    """``atleast_3d``: the reshape to the shape ``np.atleast_3d`` gives."""


class Squeeze(_Rearrangement):
    can_return_view = True

    def __call__(self, a, axis=None):
        self.variables = (a,)
        return np.squeeze(a.data, axis=axis)


class ExpandDims(_Rearrangement):
    can_return_view = True

    def __call__(self, a, axis):
        self.variables = (a,)
        return np.expand_dims(a.data, axis)


class Ravel(_Rearrangement):
    can_return_view = True

    def __call__(self, a):
        self.variables = (a,)
        return np.ravel(a.data)


class Flatten(_Rearrangement):
    def __call__(self, a):
        self.variables = (a,)
        return a.data.flatten()  # always a copy


class BroadcastTo(Operation):
    can_return_view = True

    def __call__(self, a, shape):
        self.variables = (a,)
        return np.broadcast_to(a.data, shape)

    def backward_var(self, grad, index, **kwargs):
        # each element was used once per copy: the base class sums the copies (un-broadcasting)
        return grad


class Repeat(Operation):
    def __call__(self, a, repeats, axis=None):
        self.variables = (a,)
        self.repeats, self.axis = repeats, axis
        return np.repeat(a.data, repeats, axis=axis)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        # each input element appears repeats[i] times: dL/dx_i sums the gradient of its copies
        if self.axis is None:
            axis, source_shape = 0, (x.size,)
        else:
            axis = normalize_axis_index(self.axis, x.ndim)
            source_shape = x.shape
        n = source_shape[axis]
        if np.size(self.repeats) == 1:  # the same count for every element: sum each run of copies
            reps = int(np.reshape(self.repeats, -1)[0])
            split = grad.shape[:axis] + (n, reps) + grad.shape[axis + 1 :]
            dx = np.reshape(grad, split).sum(axis=axis + 1)
        else:
            owner = np.repeat(np.arange(n), self.repeats)  # which input element each output copy came from
            dx = np.zeros((n,) + tuple(np.delete(source_shape, axis)), dtype=grad.dtype)
            add_at_rows(dx, owner, np.moveaxis(grad, axis, 0))
            dx = np.moveaxis(dx, 0, axis)
        return dx.reshape(x.shape)


@implements_numpy_override(np.reshape)
def reshape(a: Any, shape: Any = None, *, newshape: Any = None, constant: Optional[bool] = None) -> Tensor:
    """Give ``a`` a new shape without changing its data (a view where NumPy makes one).

    Parameters
    ----------
    a : ArrayLike
    shape : int | tuple of ints
        The new shape; one entry may be -1, inferred from the size.
    newshape : int | tuple of ints
        The older (MyGrad / NumPy < 2.1) name of ``shape``; give one of the two.
    constant : Optional[bool]
        If True, the result is a constant (no gradient flows back).

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.reshape(mg.arange(6.0), (2, 3)).shape
    (2, 3)
    """
    if (shape is None) == (newshape is None):
        raise TypeError("reshape needs the new shape, given as `shape` or `newshape` (not both)")
    new = newshape if shape is None else shape
    try:
        return execute_op(Reshape, a, op_args=(new,), constant=constant)
    except Exception as error:
        expected = "a shape of ints with the same number of elements, at most one of them -1"
        raise explain(error, "reshape", expected, shape=new, input_shape=shape_of(a)) from error


@implements_numpy_override(np.squeeze)
def squeeze(a: Any, axis: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """Remove size-1 axes (all of them, or those in ``axis``); a view.

    Parameters
    ----------
    a : ArrayLike
    axis : None | int | tuple of ints
        Axes to remove; NumPy raises ``ValueError`` if one is not of size 1.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.squeeze(mg.ones((1, 3, 1))).shape
    (3,)
    """
    try:
        return execute_op(Squeeze, a, op_args=(axis,), constant=constant)
    except Exception as error:
        expected = "None, or int(s) naming axes of size 1 within the input's axes"
        raise explain(error, "squeeze", expected, axis=axis, input_shape=shape_of(a)) from error


@implements_numpy_override(np.expand_dims)
def expand_dims(a: Any, axis: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Insert size-1 axes at positions ``axis`` (in the result); a view.

    Parameters
    ----------
    a : ArrayLike
    axis : int | tuple of ints
        Positions of the new axes in the expanded result.
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.expand_dims(mg.ones((2, 3)), (0, -1)).shape
    (1, 2, 3, 1)
    """
    try:
        return execute_op(ExpandDims, a, op_args=(axis,), constant=constant)
    except Exception as error:
        expected = "distinct int(s) within the result's axes (input ndim + number of new axes)"
        raise explain(error, "expand_dims", expected, axis=axis, input_shape=shape_of(a)) from error


@implements_numpy_override(np.broadcast_to)
def broadcast_to(a: Any, shape: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Broadcast ``a`` to ``shape``: a read-only view, as ``np.broadcast_to``.

    The gradient of each input element is the sum over its copies.

    Parameters
    ----------
    a : ArrayLike
        (MyGrad's name; NumPy's is ``array``)
    shape : int | tuple of ints
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> mg.broadcast_to(x, (3, 2)).backward()
    >>> x.grad
    array([3., 3.])
    """
    try:
        return execute_op(BroadcastTo, a, op_args=(shape,), constant=constant)
    except Exception as error:
        expected = "a shape of non-negative ints that the input's shape broadcasts to"
        raise explain(error, "broadcast_to", expected, shape=shape, input_shape=shape_of(a)) from error


@implements_numpy_override(np.ravel)
def ravel(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """The elements as a 1-D tensor (C order); a view where NumPy makes one.

    Parameters
    ----------
    a : ArrayLike
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> y = mg.ravel(x)
    >>> y, np.shares_memory(y, x)   # a view of x's data
    (Tensor([1., 2., 3., 4.]), True)
    >>> (y * mg.tensor([0.0, 1.0, 2.0, 3.0])).sum().backward()
    >>> x.grad                  # the gradient, reshaped back to (2, 2)
    array([[0., 1.],
           [2., 3.]])
    """
    return execute_op(Ravel, a, constant=constant)


def flatten(a: Any, *, constant: Optional[bool] = None) -> Tensor:
    """The elements as a 1-D tensor (C order); always a copy, as ``ndarray.flatten``.

    Parameters
    ----------
    a : ArrayLike
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> y = mg.flatten(x)
    >>> y, np.shares_memory(y, x)   # a copy, unlike ravel
    (Tensor([1., 2., 3., 4.]), False)
    >>> (y * mg.tensor([0.0, 1.0, 2.0, 3.0])).sum().backward()
    >>> x.grad                  # the gradient, reshaped back to (2, 2)
    array([[0., 1.],
           [2., 3.]])
    """
    return execute_op(Flatten, a, constant=constant)


def _atleast(ndim_shape: Any, op_type: type, arys: tuple, constant: Optional[bool]) -> Union[Tensor, List[Tensor]]:
    """Reshape each input to the shape ``ndim_shape`` (a NumPy ``atleast_*``) gives its data.

    As in MyGrad, a tensor that already has enough dimensions (and the
    requested ``constant``) is returned itself, and several inputs give a list.
    """
    if not arys:
        raise TypeError("atleast_nd needs at least one array")
    outs = [_at_least(ndim_shape, op_type, x, constant) for x in arys]
    return outs[0] if len(outs) == 1 else outs


def _at_least(ndim_shape: Any, op_type: type, x: Any, constant: Optional[bool]) -> Tensor:
    try:
        shape = ndim_shape(np.asarray(x.data if isinstance(x, Tensor) else x)).shape
    except ValueError as error:  # (a ragged list)
        raise reword(error, f"{ndim_shape.__name__}: each input must be array-like; got {x!r:.60} ({error})") \
            from error
    if isinstance(x, Tensor) and shape == x.shape and constant in (None, x.constant):
        return x
    return execute_op(op_type, x, op_args=(shape,), constant=constant)


@implements_numpy_override(np.atleast_1d)
def atleast_1d(*arys: Any, constant: Optional[bool] = None) -> Union[Tensor, Tuple[Tensor, ...]]:
    """View each input with at least one dimension (a 0-d input becomes shape ``(1,)``).

    Parameters
    ----------
    *arys : ArrayLike
    constant : Optional[bool]
        If True, the results are constants.

    Returns
    -------
    Tensor, or a list of them when given several inputs (as MyGrad). A tensor that
    already has enough dimensions is returned itself.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.atleast_1d(mg.tensor(3.0))
    Tensor([3.])
    """
    return _atleast(np.atleast_1d, AtLeast1D, arys, constant)


@implements_numpy_override(np.atleast_2d)
def atleast_2d(*arys: Any, constant: Optional[bool] = None) -> Union[Tensor, Tuple[Tensor, ...]]:
    """View each input with at least two dimensions (``(N,)`` becomes ``(1, N)``).

    Parameters
    ----------
    *arys : ArrayLike
    constant : Optional[bool]
        If True, the results are constants.

    Returns
    -------
    Tensor, or a list of them when given several inputs (as MyGrad).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.atleast_2d(x)
    >>> y
    Tensor([[1., 2.]])
    >>> y.sum().backward()
    >>> x.grad                  # reshaped back to x's shape (2,)
    array([1., 1.])
    >>> [t.shape for t in mg.atleast_2d(5.0, [[1.0]])]     # several inputs: a list
    [(1, 1), (1, 1)]
    """
    return _atleast(np.atleast_2d, AtLeast2D, arys, constant)


@implements_numpy_override(np.atleast_3d)
def atleast_3d(*arys: Any, constant: Optional[bool] = None) -> Union[Tensor, Tuple[Tensor, ...]]:
    """View each input with at least three dimensions (``(N,)`` becomes ``(1, N, 1)``, ``(M, N)`` ``(M, N, 1)``).

    Parameters
    ----------
    *arys : ArrayLike
    constant : Optional[bool]
        If True, the results are constants.

    Returns
    -------
    Tensor, or a list of them when given several inputs (as MyGrad).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.atleast_3d(x)
    >>> y.shape, mg.atleast_3d(mg.zeros((2, 3))).shape
    ((1, 2, 1), (2, 3, 1))
    >>> y.sum().backward()
    >>> x.grad                  # reshaped back to x's shape (2,)
    array([1., 1.])
    """
    return _atleast(np.atleast_3d, AtLeast3D, arys, constant)


def _counts(repeats: Any) -> Any:
    """``repeats`` as NumPy reads it; a tensor of whole numbers in a float dtype is taken as integers, as MyGrad
    takes it (other float tensors - 2.5, nan - stay floats, which NumPy refuses as counts)."""
    if not isinstance(repeats, Tensor):
        return repeats
    counts = repeats.data
    if counts.dtype.kind == "f" and np.all(np.isfinite(counts)) and np.all(counts == np.round(counts)):
        return counts.astype(np.int64)
    return counts


@implements_numpy_override(np.repeat)
def repeat(a: Any, repeats: Any, axis: Optional[int] = None, *, constant: Optional[bool] = None) -> Tensor:
    """Repeat each element ``repeats`` times along ``axis`` (of the flattened input when None).

    The gradient of an element is the sum of the gradients of its copies.

    Parameters
    ----------
    a : ArrayLike
    repeats : int | sequence of ints
        The number of copies of each element (broadcast along ``axis``).
    axis : Optional[int]
    constant : Optional[bool]
        If True, the result is a constant.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> y = mg.repeat(x, [1, 3])
    >>> y.backward()
    >>> y, x.grad
    (Tensor([1., 2., 2., 2.]), array([1., 3.]))
    """
    repeats = _counts(repeats)
    try:
        return execute_op(Repeat, a, op_args=(repeats, axis), constant=constant)
    except Exception as error:
        expected = "non-negative repeats, one count or one per element along axis (None or an int within the input's axes)"
        raise explain(error, "repeat", expected, repeats=repeats, axis=axis, input_shape=shape_of(a)) from error
