"""Adaptive max pooling: ``adaptive_max_pool1d/2d/3d``, PyTorch's windows and tie rule.

Output cell ``i`` of an axis of length ``L`` pooled to ``O`` cells covers
input positions ``floor(i L / O)`` to ``ceil((i + 1) L / O) - 1`` (windows
may overlap). The maximum over a box is the maximum of maxima along one axis
at a time, so the axes are pooled one after another, the last axis first:
each pass gathers every window at once (an ``(O, longest window)`` index
table, short windows repeating their last index) and takes the first
maximum, so the element chosen in a box is the first maximum in row-major
order, as PyTorch's scan picks it. The gradient of each pass goes to the
chosen positions (``np.bincount``, which adds where windows overlap).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import data_of

__all__ = ["adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d"]


def window_table(length: int, out: int) -> np.ndarray:
    """``(out, longest window)`` input indices of each adaptive window, short windows padded with their last index.

    Examples
    --------
    >>> from mygrad.nn.functional.adaptive_max_pool import window_table
    >>> window_table(5, 3)      # windows 0-1, 1-3, 3-4
    array([[0, 1, 1],
           [1, 2, 3],
           [3, 4, 4]])
    """
    i = np.arange(out)
    start = (i * length) // out
    end = -((-(i + 1) * length) // out)  # ceil((i + 1) L / O)
    width = int((end - start).max()) if out else 0
    return np.minimum(start[:, None] + np.arange(width)[None, :], (end - 1)[:, None])


def choose(x: np.ndarray, out_size: int, axis: int) -> np.ndarray:
    """For each adaptive window along ``axis``, the input index of its first maximum (shape of the pooled result)."""
    table = window_table(x.shape[axis], out_size)
    gathered = np.take(x, table.ravel(), axis=axis)
    gathered = gathered.reshape(x.shape[:axis] + table.shape + x.shape[axis + 1:])
    pick = np.argmax(gathered, axis=axis + 1)  # first maximum (NaN counts as the maximum, as in argmax)
    shape = [1] * pick.ndim
    shape[axis] = out_size
    return table[np.arange(out_size).reshape(shape), pick]


class AxisPick(Operation):
    """``x`` at the ``chosen`` indices along ``axis``; backward adds each output's gradient at its index."""

    def __call__(self, x, chosen, axis):
        self.variables = (x,)
        self.chosen, self.axis = chosen, axis
        return np.take_along_axis(x.data, chosen, axis=axis)

    def backward_var(self, grad, index, **kwargs):
        length = self.variables[0].shape[self.axis]
        moved = np.moveaxis(grad, self.axis, -1)
        chosen = np.moveaxis(self.chosen, self.axis, -1)
        count = int(np.prod(moved.shape[:-1]))
        flat = (np.arange(count).reshape(moved.shape[:-1] + (1,)) * length + chosen).ravel()
        summed = np.bincount(flat, weights=moved.ravel(), minlength=count * length)  # (adds where windows overlap)
        return np.moveaxis(summed.astype(grad.dtype, copy=False).reshape(moved.shape[:-1] + (length,)), -1,
                           self.axis)


def _output_size(name: str, output_size: Any, spatial: Sequence[int]) -> Tuple[int, ...]:
    nd = len(spatial)
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size,) * nd
    if len(sizes) != nd:
        raise ValueError(f"{name}: output_size must be an int or a tuple of {nd}; got {output_size!r}")
    result = []
    for size, n in zip(sizes, spatial):
        if size is None:
            result.append(n)
        elif isinstance(size, (bool, np.bool_)) or not isinstance(size, (int, np.integer)) or size < 0:
            raise ValueError(f"{name}: output_size must hold non-negative ints or None; got {output_size!r}")
        else:
            result.append(int(size))
    return tuple(result)


def _adaptive_max(nd: int, name: str, input: Any, output_size: Any, return_indices: bool,
                  constant: Optional[bool]) -> Union[Tensor, Tuple[Tensor, np.ndarray]]:
    raw = data_of(input)
    shape = np.shape(raw)
    if len(shape) not in (nd + 1, nd + 2):
        raise RuntimeError(f"{name}: Expected {nd + 1}D or {nd + 2}D tensor for input, but got: {len(shape)}D input "
                           f"of shape {shape}")
    if any(n == 0 for n in shape[-nd:]) or (len(shape) == nd + 2 and shape[1] == 0):
        raise RuntimeError(f"{name}: Expected input to have non-zero size for non-batch dimensions, but input has "
                           f"sizes {list(shape)}")
    sizes = _output_size(name, output_size, shape[-nd:])
    lead = len(shape) - nd
    out: Any = input
    positions = []  # per pooled axis: the input index along it, for every element of the current result
    for k in reversed(range(nd)):  # the last axis first: ties go to the first maximum in row-major order
        axis = lead + k
        chosen = choose(np.asarray(data_of(out)), sizes[k], axis)
        out = execute_op(AxisPick, out, op_args=(chosen, axis), constant=constant)
        positions = [np.take_along_axis(p, chosen, axis=axis) for p in positions] + [chosen]
    if not return_indices:
        return out
    spatial = shape[-nd:]
    flat = np.zeros(out.shape, dtype=np.int64)
    for k, p in zip(reversed(range(nd)), positions):  # positions[j] belongs to axis nd - 1 - j
        flat += np.broadcast_to(p, out.shape) * int(np.prod(spatial[k + 1:]))
    return out, flat


def adaptive_max_pool1d(input: Any, output_size: Any, return_indices: bool = False, *,
                        constant: Optional[bool] = None) -> Union[Tensor, Tuple[Tensor, np.ndarray]]:
    """Max over ``output_size`` adaptive windows of an ``(N, C, L)`` or ``(C, L)`` input.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, L) or (C, L)
    output_size : int
    return_indices : bool, default False
        Also return, for every output, the position of its maximum in ``L``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import adaptive_max_pool1d
    >>> adaptive_max_pool1d(mg.tensor([[1.0, 5.0, 2.0, 0.0, 3.0]]), 3, return_indices=True)
    (Tensor([[5., 5., 3.]]), array([[1, 1, 4]]))
    """
    return _adaptive_max(1, "adaptive_max_pool1d", input, output_size, return_indices, constant)


def adaptive_max_pool2d(input: Any, output_size: Any, return_indices: bool = False, *,
                        constant: Optional[bool] = None) -> Union[Tensor, Tuple[Tensor, np.ndarray]]:
    """Max over adaptive windows of an ``(N, C, H, W)`` or ``(C, H, W)`` input, as PyTorch's.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, H, W) or (C, H, W)
    output_size : int, or (int or None, int or None)
        ``None`` keeps that axis' size.
    return_indices : bool, default False
        Also return each maximum's position in the flattened ``H * W`` plane
        (what :func:`max_unpool2d` takes).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import adaptive_max_pool2d
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> adaptive_max_pool2d(x, (2, 1))
    Tensor([[[[ 7.],
              [15.]]]])
    """
    return _adaptive_max(2, "adaptive_max_pool2d", input, output_size, return_indices, constant)


def adaptive_max_pool3d(input: Any, output_size: Any, return_indices: bool = False, *,
                        constant: Optional[bool] = None) -> Union[Tensor, Tuple[Tensor, np.ndarray]]:
    """Max over adaptive windows of an ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input; see :func:`adaptive_max_pool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import adaptive_max_pool3d
    >>> adaptive_max_pool3d(np.arange(8.0).reshape(1, 2, 2, 2), 1).data.ravel()
    array([7.])
    """
    return _adaptive_max(3, "adaptive_max_pool3d", input, output_size, return_indices, constant)
