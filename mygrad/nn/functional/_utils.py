"""Small helpers shared by the functional layer: argument normalisation, reductions, ``inplace=``."""

from __future__ import annotations

import numbers
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff.tensor import Tensor, data_of

__all__ = [  # data_of comes from mygrad.ops.numpy_protocol, re-exported for the functional modules
    "IntOrTuple", "check_reduction", "data_of", "ntuple", "pad_trailing", "pooled_size", "unpad_trailing",
    "window_slices", "windows", "write_back",
]

IntOrTuple = Union[int, Sequence[int]]

_REDUCTIONS = ("none", "mean", "sum")


def ntuple(value: IntOrTuple, n: int, name: str, minimum: Optional[int] = None) -> Tuple[int, ...]:
    """``value`` as an ``n``-tuple of ints, each at least ``minimum``, or a ValueError naming ``name``.

    An int, or a sequence of one int, is repeated ``n`` times (as PyTorch's
    convolution and pooling arguments are); any other sequence must hold
    exactly ``n`` ints (bools are not ints here).

    Examples
    --------
    >>> from mygrad.nn.functional._utils import ntuple
    >>> ntuple(3, 2, "kernel_size"), ntuple((1, 2), 2, "stride"), ntuple([2], 3, "padding")
    ((3, 3), (1, 2), (2, 2, 2))
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        values: Tuple[int, ...] = (int(value),) * n
    else:
        try:
            entries = tuple(value) if not isinstance(value, (str, bytes)) else ()  # (b"x" would be (120,))
        except TypeError:
            entries = ()
        if entries and all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in entries):
            values = tuple(int(v) for v in entries)
            if len(values) == 1:
                values *= n
        else:
            values = ()
        if len(values) != n:
            raise ValueError(f"{name} must be an int or a sequence of {n} ints; got {value!r}")
    if minimum is not None and any(v < minimum for v in values):
        raise ValueError(f"{name} must be >= {minimum} in every dimension; got {value!r}")
    return values


def check_real(name: str, value: Any) -> Any:
    """Return ``value`` after checking that it is a real number (a bool or a string is not).

    Examples
    --------
    >>> from mygrad.nn.functional._utils import check_real
    >>> check_real("p", 0.5)
    0.5
    """
    raw = data_of(value)  # a 0-d tensor or array is a number too
    real = isinstance(raw, numbers.Real) or (isinstance(raw, np.ndarray) and raw.ndim == 0 and raw.dtype.kind in "iuf")
    if isinstance(value, (bool, np.bool_)) or not real:
        raise TypeError(f"{name} must be a real number; got {value!r} of type {type(value).__name__}")
    return value


def real_input_shape(name: str, input: Any) -> Tuple[int, ...]:
    """The shape of ``input`` (a tensor, array or array-like of real numbers), or an error naming ``name``.

    >>> real_input_shape("group_norm", [[1.0, 2.0]])
    (1, 2)
    """
    raw = data_of(input)
    try:
        array = raw if isinstance(raw, np.ndarray) else np.asarray(raw)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{name}: input ({type(input).__name__}) is not array-like: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: input must hold real numbers; got dtype {array.dtype}")
    return array.shape


def check_reduction(reduction: str) -> str:
    """Validate a loss's ``reduction`` argument."""
    if reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be one of {_REDUCTIONS}; got {reduction!r}")
    return reduction


def window_slices(offset: Sequence[int], out_shape: Sequence[int], stride: Sequence[int],
                  dilation: Sequence[int]) -> Tuple[slice, ...]:
    """The slices of a padded input that kernel offset ``offset`` touches over all output positions.

    Output position ``o`` along an axis reads input position ``o * stride + offset * dilation``.
    """
    return tuple(
        slice(k * d, k * d + (o - 1) * s + 1, s) for k, o, s, d in zip(offset, out_shape, stride, dilation)
    )


def windows(x: np.ndarray, kernel: Sequence[int], out_shape: Sequence[int], stride: Sequence[int],
            dilation: Sequence[int]) -> np.ndarray:
    """A view of every pooling/conv window over the trailing ``len(kernel)`` axes of ``x``.

    Returns shape ``(*lead, *out_shape, *kernel)``, with no copy.
    """
    nd = len(kernel)
    span = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    axes = tuple(range(x.ndim - nd, x.ndim))
    view = np.lib.stride_tricks.sliding_window_view(x, span, axis=axes)
    lead = (slice(None),) * (x.ndim - nd)
    grid = tuple(slice(0, (o - 1) * s + 1, s) for o, s in zip(out_shape, stride))
    inner = tuple(slice(None, None, d) for d in dilation)
    return view[lead + grid + inner]


def pad_trailing(x: np.ndarray, pads: Sequence[Tuple[int, int]], value: float) -> np.ndarray:
    """Pad the trailing ``len(pads)`` axes of ``x`` by ``(before, after)`` with ``value``."""
    if not any(lo or hi for lo, hi in pads):
        return x
    lead = x.ndim - len(pads)
    shape = x.shape[:lead] + tuple(n + lo + hi for n, (lo, hi) in zip(x.shape[lead:], pads))
    out = np.full(shape, value, dtype=x.dtype)
    out[(slice(None),) * lead + tuple(slice(lo, lo + n) for n, (lo, _) in zip(x.shape[lead:], pads))] = x
    return out


def unpad_trailing(x: np.ndarray, pads: Sequence[Tuple[int, int]], shape: Sequence[int]) -> np.ndarray:
    """Undo :func:`pad_trailing`: the interior of ``x`` whose trailing axes have sizes ``shape``."""
    lead = x.ndim - len(pads)
    return x[(slice(None),) * lead + tuple(slice(lo, lo + n) for n, (lo, _) in zip(shape, pads))]


def pooled_size(length: int, kernel: int, stride: int, pad: int, dilation: int, ceil_mode: bool) -> int:
    """Output length of a pooling window sweep, following PyTorch's rule for ``ceil_mode``."""
    span = dilation * (kernel - 1) + 1
    room = length + 2 * pad - span
    out = (-(-room // stride) if ceil_mode else room // stride) + 1
    if ceil_mode and (out - 1) * stride >= length + pad:
        out -= 1  # the last window must start inside the input or the left padding
    return out


def write_back(input: Any, result: Any, inplace: bool) -> Any:
    """PyTorch's ``inplace=True``: write ``result`` into the tensor ``input`` and return ``input``.

    The write is mygrad's differentiable in-place assignment (``input[...] =
    result``), so gradients still reach everything ``input`` was computed from.
    """
    if not inplace:
        return result
    if not isinstance(input, Tensor):
        raise TypeError(f"inplace=True needs a Tensor input to write into; got {type(input).__name__}")
    input[...] = result
    return input
