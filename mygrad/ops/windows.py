"""``sliding_window_view``: every placement of a window over the trailing axes, without copying.

MyGrad's utility (used by convolution and pooling), with its signature
``sliding_window_view(arr, window_shape, step, dilation=None)``. Given an
ndarray it returns a read-only ndarray view, as MyGrad does; given a tensor
it returns a differentiable tensor that views the tensor's memory. An input
element that appears in several windows receives the sum of their
gradients.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

__all__ = ["sliding_window_view"]

_IntOrSeq = Union[int, Sequence[int]]


class SlidingWindowView(Operation):
    # The result shares the input's memory but, as with NumPy's sliding_window_view, it is a read-only
    # strided array whose ``base`` is not the input; so it is not tracked as a (writeable) view.
    read_only_result = True

    def __call__(self, x, window_shape, step, dilation):
        self.variables = (x,)
        self.args = (window_shape, step, dilation)
        return _windows(x.data, *self.args)

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        # each output element is one input element: dL/dx[j] = sum of grad where the window shows x[j]
        source = _windows(np.arange(x.size).reshape(x.shape), *self.args)
        summed = np.bincount(source.ravel(), weights=grad.ravel(), minlength=x.size)
        return summed.reshape(x.shape)


def _as_tuple(name: str, value: Any, length: int) -> Tuple[int, ...]:
    values = (value,) * length if isinstance(value, Integral) else _items(name, value, "a positive integer or")
    if len(values) != length or not all(isinstance(v, Integral) and v > 0 for v in values):
        raise ValueError(
            f"sliding_window_view: `{name}` must be a positive integer or {length} positive integers (one per window axis); got {value!r}"
        )
    return tuple(int(v) for v in values)


def _items(name: str, value: Any, expected: str) -> Tuple[Any, ...]:
    """``tuple(value)``, or a TypeError naming the argument (a float, None, a 0-d array... cannot be iterated)."""
    try:
        return tuple(value)
    except TypeError as error:
        shown = f"<{type(value).__name__} of shape {value.shape}>" if hasattr(value, "shape") else f"{value!r:.60}"
        raise TypeError(f"sliding_window_view: `{name}` must be {expected} sequence of positive integers; got {shown} "
                        f"({error})") from error


def _validate(
    shape: Tuple[int, ...], window_shape: Any, step: Any, dilation: Any
) -> Tuple[Tuple[int, ...], Tuple[int, ...], Tuple[int, ...]]:
    if isinstance(window_shape, Integral) or not hasattr(window_shape, "__iter__"):
        raise TypeError(f"sliding_window_view: `window_shape` must be a sequence of positive integers; got {window_shape!r}")
    window = _items("window_shape", window_shape, "a")
    if not window or not all(isinstance(w, Integral) and w > 0 for w in window):
        raise TypeError(f"sliding_window_view: `window_shape` must be a non-empty sequence of positive integers; got {window_shape!r}")
    if len(window) > len(shape):
        raise ValueError(f"sliding_window_view: `window_shape` {window} has more axes than the array (shape {shape})")
    steps = _as_tuple("step", step, len(window))
    dilations = _as_tuple("dilation", 1 if dilation is None else dilation, len(window))
    trailing = shape[len(shape) - len(window):]
    spans = tuple((w - 1) * d + 1 for w, d in zip(window, dilations))
    if any(span > n for span, n in zip(spans, trailing)):
        raise ValueError(
            f"sliding_window_view: the window {window} with dilation {dilations} spans {spans}, which does not fit in the "
            f"trailing axes {trailing} of the array"
        )
    return tuple(int(w) for w in window), steps, dilations


def _windows(arr: np.ndarray, window: Tuple[int, ...], step: Tuple[int, ...], dilation: Tuple[int, ...]) -> np.ndarray:
    """The view ``(grid..., leading..., window...)`` of ``arr`` (see :func:`sliding_window_view`)."""
    k, lead = len(window), arr.ndim - len(window)
    spans = tuple((w - 1) * d + 1 for w, d in zip(window, dilation))
    trailing_axes = tuple(range(lead, arr.ndim))
    view = np.lib.stride_tricks.sliding_window_view(arr, spans, axis=trailing_axes)
    # view: (leading..., grid (stride 1)..., span...) -> keep every step-th window, every dilation-th element
    keep = (slice(None),) * lead + tuple(slice(None, None, s) for s in step) + tuple(slice(None, None, d) for d in dilation)
    view = view[keep]
    grid_axes = tuple(range(lead, lead + k))
    return view.transpose(grid_axes + tuple(range(lead)) + tuple(range(lead + k, lead + 2 * k)))


def sliding_window_view(
    arr: Union[np.ndarray, Tensor],
    window_shape: Sequence[int],
    step: _IntOrSeq,
    dilation: Optional[_IntOrSeq] = None,
) -> Union[np.ndarray, Tensor]:
    """A view of every placement of a window over the trailing axes of ``arr``.

    For ``arr`` of shape ``(..., x, ..., z)`` and ``window_shape = (Wx, ..., Wz)``
    the result has shape ``(X, ..., Z, ..., Wx, ..., Wz)``: the grid of window
    positions first, then ``arr``'s leading axes, then the window. Along an
    axis of size ``x`` a window of size ``W`` with step ``S`` and dilation
    ``D`` is placed ``X = (x - (W - 1) * D - 1) // S + 1`` times, and::

        out[ix, ..., iz] == arr[..., ix*Sx : ix*Sx + (Wx-1)*Dx + 1 : Dx, ..., iz*Sz : ... : Dz]

    Parameters
    ----------
    arr : Union[numpy.ndarray, Tensor]
        The array; the window slides over its last ``len(window_shape)`` axes.
    window_shape : Sequence[int]
        The window's size along each of those axes.
    step : Union[int, Sequence[int]]
        How far the window moves between placements (one value for all axes,
        or one per axis).
    dilation : Optional[Union[int, Sequence[int]]]
        The spacing between the window's elements (default 1: adjacent).

    Returns
    -------
    Union[numpy.ndarray, Tensor]
        For an ndarray: a read-only ndarray view (no copy). For a tensor: a
        tensor sharing the tensor's (read-only) memory, whose gradient flows
        back to ``arr`` (summed over the windows that share an element).

    Raises
    ------
    TypeError, ValueError
        For a window, step or dilation that is not made of positive integers,
        or a dilated window that does not fit in the array.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> x = np.arange(16).reshape(4, 4)
    >>> y = mg.sliding_window_view(x, window_shape=(2, 2), step=2)
    >>> y.shape
    (2, 2, 2, 2)
    >>> y[1, 0]
    array([[ 8,  9],
           [12, 13]])

    Gradients of overlapping windows add up:

    >>> t = mg.tensor([1.0, 2.0, 3.0])
    >>> mg.sliding_window_view(t, (2,), step=1).sum().backward()
    >>> t.grad
    array([1., 2., 1.])
    """
    if isinstance(arr, Tensor):
        args = _validate(arr.shape, window_shape, step, dilation)
        return execute_op(SlidingWindowView, arr, op_args=args)
    arr = np.asarray(arr)
    return _windows(arr, *_validate(arr.shape, window_shape, step, dilation))
