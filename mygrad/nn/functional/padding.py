"""``pad``: PyTorch's padding of trailing axes (constant, reflect, replicate, circular)."""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.indexing import add_at_rows

from mygrad.nn.functional._utils import data_of

__all__ = ["pad"]

_NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


class ConstantPad(Operation):
    """Crop (negative pads) then surround with ``value``: out[interior] = x[crop]."""

    def __call__(self, x, pads, value):
        self.variables = (x,)
        xd = x.data
        lead = xd.ndim - len(pads)
        self.crop = (slice(None),) * lead + tuple(slice(max(-lo, 0), n - max(-hi, 0))
                                                  for n, (lo, hi) in zip(xd.shape[lead:], pads))
        cropped = xd[self.crop]
        shape = cropped.shape[:lead] + tuple(n + max(lo, 0) + max(hi, 0)
                                             for n, (lo, hi) in zip(cropped.shape[lead:], pads))
        self.interior = (slice(None),) * lead + tuple(slice(max(lo, 0), max(lo, 0) + n)
                                                      for n, (lo, _) in zip(cropped.shape[lead:], pads))
        out = np.full(shape, value, dtype=xd.dtype)
        out[self.interior] = cropped
        return out

    def backward_var(self, grad, index, **kwargs):
        dx = np.zeros(self.variables[0].shape, dtype=grad.dtype)
        dx[self.crop] = grad[self.interior]  # padding constants carry no gradient
        return dx


class IndexPad(Operation):
    """Padding by gathering: along each padded axis, out = x.take(source_index)."""

    def __call__(self, x, pads, mode):
        self.variables = (x,)
        xd = x.data
        lead = xd.ndim - len(pads)
        self.maps = []
        out = xd
        for axis, (lo, hi) in zip(range(lead, xd.ndim), pads):
            n = xd.shape[axis]
            if mode == "reflect" and (lo >= n or hi >= n):
                raise ValueError(f"pad: reflect padding ({lo}, {hi}) must be smaller than the padded "
                                 f"dimension of size {n}")
            src = np.arange(n)[max(-lo, 0): n - max(-hi, 0)]
            src = np.pad(src, (max(lo, 0), max(hi, 0)), mode=_NUMPY_MODES[mode])
            self.maps.append((axis, n, src))
            out = np.take(out, src, axis=axis)
        return out

    def backward_var(self, grad, index, **kwargs):
        g = grad
        for axis, n, src in reversed(self.maps):  # each source element sums the gradients of its copies
            moved = np.moveaxis(g, axis, 0)
            acc = np.zeros((n,) + moved.shape[1:], dtype=grad.dtype)
            add_at_rows(acc, src, moved)
            g = np.moveaxis(acc, 0, axis)
        return g


def pad(input: Any, pad: Sequence[int], mode: str = "constant", value: Optional[float] = None, *,
        constant: Optional[bool] = None) -> Tensor:
    """Pad the trailing axes of ``input``, PyTorch style.

    ``pad`` lists ``(before, after)`` pairs starting from the **last** axis:
    ``(left, right)`` pads the last axis, ``(left, right, top, bottom)`` the
    last two. Negative values crop.

    Parameters
    ----------
    mode : {'constant', 'reflect', 'replicate', 'circular'}
    value : float, default 0
        Fill value for ``'constant'``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import pad
    >>> pad(mg.tensor([[1.0, 2.0, 3.0]]), (1, 2))
    Tensor([[0., 1., 2., 3., 0., 0.]])
    >>> pad(mg.tensor([[1.0, 2.0, 3.0]]), (2, 1), mode="reflect")
    Tensor([[3., 2., 1., 2., 3., 2.]])
    """
    pad = tuple(int(p) for p in pad)
    shape = np.shape(data_of(input))
    if len(pad) % 2 or len(pad) // 2 > len(shape):
        raise ValueError(f"pad must have an even length of at most 2 * ndim = {2 * len(shape)}; got {pad}")
    pairs = [(pad[i], pad[i + 1]) for i in range(0, len(pad), 2)][::-1]  # first pair is the last axis
    for n, (lo, hi) in zip(shape[len(shape) - len(pairs):], pairs):
        if n + lo + hi < 0 or -lo > n or -hi > n:
            raise ValueError(f"pad {pad} crops more than the input's shape {shape} holds")
    if mode == "constant":
        return execute_op(ConstantPad, input, op_args=(tuple(pairs), 0 if value is None else value),
                          constant=constant)
    if mode not in _NUMPY_MODES:
        raise ValueError(f"pad: mode must be one of 'constant', 'reflect', 'replicate', 'circular'; got {mode!r}")
    if mode == "circular":
        for n, (lo, hi) in zip(shape[len(shape) - len(pairs):], pairs):
            if lo > n or hi > n:
                raise RuntimeError(f"pad: Padding value causes wrapping around more than once: circular padding "
                                   f"({lo}, {hi}) is larger than the padded dimension of size {n}")
    return execute_op(IndexPad, input, op_args=(tuple(pairs), mode), constant=constant)
