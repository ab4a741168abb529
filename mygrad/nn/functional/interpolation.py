"""Resizing: ``interpolate`` (``nearest``, ``nearest-exact``, ``linear``, ``bilinear``, ``trilinear``, ``bicubic``,
``area``) with PyTorch's index arithmetic, and the ``upsample*`` aliases.

Every mode but ``area`` is separable: output position ``o`` along a spatial
axis reads a few input positions ``idx[o, t]`` with weights ``w[o, t]``
(1 tap for nearest, 2 for linear, 4 for cubic), and the axes are resampled one
after another. One operation resamples one axis:

    out[..., o, ...] = sum_t w[o, t] * x[..., idx[o, t], ...]
    dL/dx[..., i, ...] = sum over (o, t) with idx[o, t] == i of w[o, t] * dL/dout[..., o, ...]

The backward sums are ``np.add.reduceat`` over runs of equal indices (each
``idx[:, t]`` is non-decreasing in ``o``), so no position is visited in Python.

The source positions follow ATen's ``UpSample.h``: with ``align_corners``
``src = dst * (in - 1) / (out - 1)``; otherwise ``src = (dst + 0.5) * scale - 0.5``
(clamped at 0 except for cubic) where ``scale = 1 / scale_factor`` when a
scale factor was given (and not recomputed) and ``in / out`` otherwise.
Nearest uses ``floor(dst * scale)``, nearest-exact ``floor((dst + 0.5) * scale)``,
computed in float32 as PyTorch does, so the chosen pixels are PyTorch's.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.shape import reshape

from mygrad.nn.functional._utils import data_of
from mygrad.nn.functional.pooling import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d

__all__ = ["interpolate", "upsample", "upsample_nearest", "upsample_bilinear"]

_MODES = ("nearest", "nearest-exact", "linear", "bilinear", "trilinear", "bicubic", "area")
_LINEAR_RANK = {"linear": 3, "bilinear": 4, "trilinear": 5, "bicubic": 4}
_CUBIC_A = -0.75


#: At most this many strided pieces per tap (see :func:`strided_pieces`); more, and the gather/reduceat form runs.
MAX_PIECES = 8


def strided_pieces(idx: np.ndarray, in_size: int) -> Optional[List[Tuple[slice, slice]]]:
    """The pairs ``(o, idx[o])`` of one tap as a few ``(output slice, input slice)`` pieces, or None.

    Within a piece both positions step by constants and no input position
    repeats, so a forward pass is one strided copy per piece and a backward
    pass one strided ``+=``. Pairs are grouped by ``o - k * i`` (``k = out // in``
    when upsampling; ``i - k * o`` with ``k = in // out`` when shrinking), which
    is constant along such a progression; each group is cut where the steps
    change. Integer scale factors give ``k`` (nearest) or ``k + 1`` (linear)
    pieces; irregular ratios give many, and None when more than :data:`MAX_PIECES`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional.interpolation import strided_pieces
    >>> strided_pieces(np.arange(6) // 2, 3)   # nearest, scale factor 2
    [(slice(0, 5, 2), slice(0, 3, 1)), (slice(1, 6, 2), slice(0, 3, 1))]
    """
    out_size = len(idx)
    o = np.arange(out_size)
    if out_size >= in_size:
        k = out_size // in_size
        keys, step = o - k * idx, (k, 1)
    else:
        k = in_size // out_size
        keys, step = idx - k * o, (1, k)
    groups = np.unique(keys)
    if len(groups) > MAX_PIECES:
        return None
    pieces = []
    for key in groups:
        go, gi = o[keys == key], idx[keys == key]
        cuts = np.flatnonzero((np.diff(go) != step[0]) | (np.diff(gi) != step[1])) + 1
        for start, stop in zip(np.r_[0, cuts], np.r_[cuts, len(go)]):
            a, b, c, d = (int(v) for v in (go[start], go[stop - 1], gi[start], gi[stop - 1]))
            pieces.append((slice(a, b + 1, step[0]), slice(c, d + 1, step[1])))
            if len(pieces) > MAX_PIECES:
                return None
    return pieces


class AxisResample(Operation):
    """``out[..., o] = sum_t w[o, t] * x[..., idx[o, t]]`` along ``axis`` (see the module docstring).

    Where every tap splits into a few strided pieces (:func:`strided_pieces`:
    integer scale factors, for one), both passes are strided copies and adds
    of whole pieces; otherwise the forward gathers with ``np.take`` and the
    backward sums runs with ``np.add.reduceat``.
    """

    def __call__(self, x, idx, weights, axis):
        self.variables = (x,)
        self.idx, self.weights, self.axis = idx, weights, axis
        xd = x.data
        self.pieces = None
        if idx.shape[0] and xd.shape[axis]:
            pieces = [strided_pieces(idx[:, t], xd.shape[axis]) for t in range(idx.shape[1])]
            if all(p is not None for p in pieces):
                self.pieces = [[(po, pi, self._piece_weight(weights[po, t], xd.ndim)) for po, pi in tap]
                               for t, tap in enumerate(pieces)]
                return self._strided_forward(xd)
        return self._gather_forward(xd)

    def _piece_weight(self, w: np.ndarray, ndim: int) -> Any:
        """A piece's weights: None for all ones, a scalar when constant, else shaped to broadcast along the axis."""
        if np.all(w == 1):
            return None
        if np.all(w == w[0]):
            return w[0]
        shape = [1] * ndim
        shape[self.axis] = len(w)
        return w.reshape(shape)

    def _at(self, where: slice) -> Tuple[slice, ...]:
        return (slice(None),) * self.axis + (where,)

    def _strided_forward(self, xd: np.ndarray) -> np.ndarray:
        shape = list(xd.shape)
        shape[self.axis] = self.idx.shape[0]
        out = np.empty(shape, dtype=xd.dtype)
        for t, tap in enumerate(self.pieces):  # tap 0 covers every output position once: it assigns
            for po, pi, w in tap:
                target, source = out[self._at(po)], xd[self._at(pi)]
                if t == 0:
                    np.copyto(target, source) if w is None else np.multiply(source, w, out=target)
                else:
                    target += source if w is None else source * w
        return out

    def _gather_forward(self, xd: np.ndarray) -> np.ndarray:
        idx, weights, axis = self.idx, self.weights, self.axis
        shape = [1] * xd.ndim
        shape[axis] = idx.shape[0]
        out = None
        for t in range(idx.shape[1]):  # (1, 2 or 4 taps)
            term = np.take(xd, idx[:, t], axis=axis)
            if not np.all(weights[:, t] == 1):
                term = term * weights[:, t].reshape(shape)
            out = term if out is None else out + term
        return out

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0]
        result = np.zeros(x.shape, dtype=grad.dtype)
        if grad.size == 0:
            return result
        if self.pieces is not None:
            for tap in self.pieces:
                for po, pi, w in tap:
                    source = grad[self._at(po)]
                    result[self._at(pi)] += source if w is None else source * w
            return result
        return self._reduceat_backward(grad, result)

    def _reduceat_backward(self, grad: np.ndarray, result: np.ndarray) -> np.ndarray:
        axis = self.axis
        shape = [1] * grad.ndim
        shape[axis] = grad.shape[axis]
        weighted = None
        for t in range(self.idx.shape[1]):
            idx = self.idx[:, t]
            starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])  # runs of equal source indices
            if np.all(self.weights[:, t] == 1):
                source = grad
            else:
                weighted = np.empty_like(grad) if weighted is None else weighted
                source = np.multiply(grad, self.weights[:, t].reshape(shape), out=weighted)
            sums = np.add.reduceat(source, starts, axis=axis)
            targets = idx[starts]  # distinct and increasing: a plain += is exact
            target = [slice(None)] * grad.ndim
            contiguous = targets[-1] - targets[0] == len(targets) - 1
            target[axis] = slice(targets[0], targets[-1] + 1) if contiguous else targets
            result[tuple(target)] += sums
        return result


def _source_scale(in_size: int, out_size: int, scale: Optional[float], dtype: Any) -> Any:
    """ATen's ``compute_scales_value``: 1 / scale_factor when one was given, else in / out."""
    if scale is not None and scale > 0:
        return dtype(1.0 / scale)
    return dtype(in_size) / dtype(out_size)


def _taps(mode: str, in_size: int, out_size: int, scale: Optional[float], align_corners: bool,
          dtype: np.dtype) -> Tuple[np.ndarray, np.ndarray]:
    """``(idx, weights)``, each of shape ``(out_size, taps)``, for one axis."""
    dst = np.arange(out_size)
    if mode in ("nearest", "nearest-exact"):
        f = np.float32
        s = _source_scale(in_size, out_size, scale, f)
        if mode == "nearest":
            if out_size == in_size:
                src = dst
            elif out_size == 2 * in_size:
                src = dst >> 1
            else:
                src = np.floor(dst.astype(f) * s).astype(np.int64)
        else:
            src = np.floor((dst.astype(f) + f(0.5)) * s).astype(np.int64)
        idx = np.minimum(src, in_size - 1)[:, None]
        return idx, np.ones(idx.shape, dtype=dtype)
    t = dtype.type  # ATen computes the positions in the input's precision (float for float32)
    if align_corners:
        s = t(in_size - 1) / t(out_size - 1) if out_size > 1 else t(0)
        src = s * dst.astype(dtype)
    else:
        s = _source_scale(in_size, out_size, scale, t)
        src = s * (dst.astype(dtype) + t(0.5)) - t(0.5)
        if mode != "bicubic":
            src = np.maximum(src, t(0))
    if mode != "bicubic":
        i0 = np.minimum(src.astype(np.int64), in_size - 1)  # (src >= 0: truncation is floor)
        lam = np.clip(src - i0.astype(dtype), 0, 1).astype(dtype)
        i1 = np.where(i0 < in_size - 1, i0 + 1, i0)
        return np.stack([i0, i1], axis=1), np.stack([t(1) - lam, lam], axis=1).astype(dtype)
    i0 = np.floor(src).astype(np.int64)
    frac = (src - np.floor(src)).astype(np.float64)
    a = _CUBIC_A

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    weights = np.stack([far(frac + 1), near(frac), near(1 - frac), far(2 - frac)], axis=1)
    idx = np.clip(i0[:, None] + np.arange(-1, 3)[None, :], 0, in_size - 1)
    return idx, weights.astype(dtype)


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _spatial_list(name: str, value: Any, dims: int, spatial: Sequence[int], kind: str) -> List[Any]:
    if isinstance(value, (list, tuple)):
        if len(value) != dims:
            raise ValueError(f"interpolate: Input and {name} must have the same number of spatial dimensions, but "
                             f"got input with spatial dimensions of {list(spatial)} and {name} {value}. Please "
                             f"provide input tensor in (N, C, d1, d2, ...,dK) format and {name} in "
                             f"({kind}1, {kind}2, ...,{kind}K) format.")
        return list(value)
    return [value] * dims


def interpolate(input: Any, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                align_corners: Optional[bool] = None, recompute_scale_factor: Optional[bool] = None,
                antialias: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """Resize the spatial axes of an ``(N, C, *spatial)`` input to ``size`` or by ``scale_factor``, as PyTorch.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, L), (N, C, H, W) or (N, C, D, H, W)
    size : Optional[int or tuple of int]
        The output's spatial size (one int for every axis, or one per axis).
    scale_factor : Optional[float or tuple of float]
        Multiplier of the spatial size; the output size is
        ``floor(in * scale_factor)``. Give exactly one of ``size`` and ``scale_factor``.
    mode : str, default "nearest"
        ``"nearest"``, ``"nearest-exact"``, ``"linear"`` (3-D input),
        ``"bilinear"`` or ``"bicubic"`` (4-D), ``"trilinear"`` (5-D) or
        ``"area"`` (adaptive average pooling).
    align_corners : Optional[bool]
        For the interpolating modes only (default False): map the corner
        pixels' centres onto each other instead of the corners' edges.
    recompute_scale_factor : Optional[bool]
        With True, the positions use ``in / out`` of the computed output size
        rather than ``1 / scale_factor``.
    antialias : bool, default False
        Not supported (``True`` raises NotImplementedError).

    Returns
    -------
    Tensor, shape=(N, C, *output_size)

    Raises
    ------
    ValueError
        Both or neither of ``size`` and ``scale_factor``; ``align_corners``
        with a non-interpolating mode; a wrong number of sizes.
    NotImplementedError
        A mode that does not fit the input's rank, an unknown mode, antialiasing.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import interpolate
    >>> x = mg.tensor([[[1.0, 2.0, 4.0]]])
    >>> interpolate(x, scale_factor=2)
    Tensor([[[1., 1., 2., 2., 4., 4.]]])
    >>> interpolate(x, size=5, mode="linear", align_corners=True)
    Tensor([[[1. , 1.5, 2. , 3. , 4. ]]])
    >>> out = interpolate(x, size=5, mode="linear", align_corners=True)
    >>> out.backward()
    >>> x.grad   # each input's share of the five outputs
    array([[[1.5, 2. , 1.5]]])
    """
    if not isinstance(mode, str) or mode not in _MODES + ("lanczos",):
        raise NotImplementedError(f"interpolate: mode must be one of {', '.join(_MODES)}; got {mode!r}")
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("interpolate: align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    elif not isinstance(align_corners, (bool, np.bool_)):
        raise TypeError(f"interpolate: align_corners must be True, False or None; got {align_corners!r:.60}")
    raw = data_of(input)
    shape = np.shape(raw)
    dims = len(shape) - 2
    if size is not None and scale_factor is not None:
        raise ValueError("interpolate: only one of size or scale_factor should be defined")
    if size is not None:
        output_size = _spatial_list("output size", size, dims, shape[2:], "o")
        if not all(_is_int(s) for s in output_size):
            raise TypeError(f"interpolate: expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                            f"Tuple[int, int, int], but got size {size!r}")
        scales: List[Optional[float]] = [None] * max(dims, 0)
    elif scale_factor is not None:
        scales = _spatial_list("scale_factor", scale_factor, dims, shape[2:], "s")
        if not all(isinstance(s, numbers.Real) and not isinstance(s, (bool, np.bool_)) for s in scales):
            raise TypeError(f"interpolate: scale_factor must be a real number or a tuple of them; got "
                            f"{scale_factor!r}")
        output_size = [math.floor(n * float(s)) for n, s in zip(shape[2:], scales)]
        if recompute_scale_factor or mode == "area":
            scales = [None] * dims
    else:
        raise ValueError("interpolate: either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("interpolate: recompute_scale_factor is not meaningful with an explicit size.")
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not supported by mygrad")
    if mode == "lanczos":
        raise NotImplementedError("interpolate: mode='lanczos' (antialiased) is not supported by mygrad")
    if dims not in (1, 2, 3):
        raise NotImplementedError(f"interpolate: Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                                  f"{len(shape)}D) for the modes: {' | '.join(_MODES)} (got {mode})")
    if mode in _LINEAR_RANK and len(shape) != _LINEAR_RANK[mode]:
        raise NotImplementedError(f"interpolate: Got {len(shape)}D input, but {mode} mode needs "
                                  f"{_LINEAR_RANK[mode]}D input")
    if mode != "area" and (any(n <= 0 for n in shape[2:]) or any(o <= 0 for o in output_size)):
        raise RuntimeError(f"interpolate: Input and output sizes should be greater than 0, but got input "
                           f"(spatial: {list(shape[2:])}) and output (spatial: {list(output_size)})")
    if mode == "area" and 0 in output_size:  # PyTorch: an empty result (adaptive pooling to no bins)
        axis = 2 + list(output_size).index(0)
        empty = execute_op(AxisResample, input, op_args=(np.zeros((0, 1), dtype=np.int64),
                                                         np.zeros((0, 1)), axis), constant=constant)
        return reshape(empty, tuple(shape[:2]) + tuple(output_size))
    if mode == "area":
        pool = (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dims - 1]
        return pool(input, tuple(output_size), constant=constant)
    array = raw if isinstance(raw, np.ndarray) else np.asarray(raw)
    dtype = array.dtype if array.dtype.kind == "f" else np.dtype(np.float32)
    out: Any = input
    for axis, (n, o, s) in enumerate(zip(shape[2:], output_size, scales), start=2):
        idx, weights = _taps(mode, n, o, None if s is None else float(s), bool(align_corners), dtype)
        out = execute_op(AxisResample, out, op_args=(idx, weights, axis), constant=constant)
    return out


def upsample(input: Any, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
             align_corners: Optional[bool] = None, *, constant: Optional[bool] = None) -> Tensor:
    """PyTorch's deprecated alias of :func:`interpolate`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import upsample
    >>> upsample(mg.tensor([[[1.0, 2.0]]]), scale_factor=2).shape
    (1, 1, 4)
    """
    return interpolate(input, size, scale_factor, mode, align_corners, constant=constant)


def upsample_nearest(input: Any, size: Any = None, scale_factor: Any = None, *,
                     constant: Optional[bool] = None) -> Tensor:
    """PyTorch's deprecated ``interpolate(..., mode="nearest")``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import upsample_nearest
    >>> upsample_nearest(mg.tensor([[[1.0, 2.0]]]), 3)
    Tensor([[[1., 1., 2.]]])
    """
    return interpolate(input, size, scale_factor, mode="nearest", constant=constant)


def upsample_bilinear(input: Any, size: Any = None, scale_factor: Any = None, *,
                      constant: Optional[bool] = None) -> Tensor:
    """PyTorch's deprecated ``interpolate(..., mode="bilinear", align_corners=True)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import upsample_bilinear
    >>> upsample_bilinear(mg.tensor([[[[0.0, 2.0]]]]), size=(1, 3))
    Tensor([[[[0., 1., 2.]]]])
    """
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True, constant=constant)
