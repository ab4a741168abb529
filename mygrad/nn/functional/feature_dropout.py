"""Channel-wise and self-normalising dropout: ``dropout1d/2d/3d``, ``alpha_dropout``, ``feature_alpha_dropout``.

Channel-wise ("feature") dropout zeroes whole channels: one draw per
``(sample, channel)``, broadcast over the spatial axes, so the mask of an
``(N, C, H, W)`` input has shape ``(N, C, 1, 1)``. Masks come from NumPy's
global random state unless a ``generator`` is passed (the draw is
``random_sample(mask_shape) >= p``), as :func:`~mygrad.nn.functional.dropout`.

Alpha dropout (for SELU networks) keeps the mean and variance of its input:
a dropped element is set to SELU's negative saturation ``-alpha'`` rather than
0, and the result is mapped by an affine ``a * y + b`` with

    alpha' = 1.7580993408473766,  a = 1 / sqrt((alpha'^2 p + 1)(1 - p)),  b = a alpha' p,

which is PyTorch's arithmetic: ``out = x * (a m) + a alpha' (m - 1) + a alpha' p``
for a keep-mask ``m``, so dL/dx = ``a m`` * dL/dout.
"""

from __future__ import annotations

import warnings
from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.conversion import astensor
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.random import RandomSource, draw_unit_floats, resolve_source

from mygrad.nn.functional._utils import check_real, data_of, write_back

__all__ = ["dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"]

_SELU_SATURATION = 1.7580993408473766  # -SELU(-inf) = scale * alpha


class ScaleShift(Operation):
    """``x * scale + shift`` with fixed arrays broadcast against ``x``: dL/dx = dL/dout * scale."""

    def __call__(self, x, scale, shift):
        self.variables = (x,)
        self.scale = scale
        out = x.data * scale
        return out if shift is None else out + shift

    def backward_var(self, grad, index, **kwargs):
        return np.broadcast_to(grad * self.scale, self.variables[0].shape)


def _check_p(name: str, p: Any) -> float:
    if not 0.0 <= check_real(f"{name}: p", p) <= 1.0:
        raise ValueError(f"{name}: dropout probability has to be between 0 and 1, but got {p}")
    return float(p)


def _float_data(input: Any) -> Tuple[np.ndarray, np.dtype]:
    x = np.asarray(data_of(input))
    return x, (x.dtype if x.dtype.kind == "f" else np.dtype(np.float64))


def _keep_mask(shape: Tuple[int, ...], p: float, dtype: np.dtype, generator: Optional[RandomSource]) -> np.ndarray:
    """1.0 where an entry is kept (probability ``1 - p``), else 0.0, drawn from ``generator`` or the global state."""
    if p == 1.0:
        return np.zeros(shape, dtype=dtype)
    source = resolve_source(generator)
    draws = draw_unit_floats(source, shape, np.float64 if dtype.itemsize >= 8 else np.float32)
    return (draws >= p).astype(dtype)


def _feature_shape(shape: Tuple[int, ...], name: str) -> Tuple[int, ...]:
    """The mask shape of feature dropout: one entry per (sample, channel), broadcast over the rest."""
    if len(shape) < 2:
        raise RuntimeError(f"{name}: Feature dropout requires at least 2 dimensions in the input; got shape {shape}")
    return shape[:2] + (1,) * (len(shape) - 2)


def _feature_dropout(name: str, input: Any, p: float, training: bool, inplace: bool, batched: bool,
                     generator: Optional[RandomSource], constant: Optional[bool]) -> Tensor:
    p = _check_p(name, p)
    x, dtype = _float_data(input)
    shape = x.shape if batched else (1,) + x.shape
    mask_shape = _feature_shape(shape, name)
    if not training or p == 0.0:
        return astensor(input)
    keep = _keep_mask(mask_shape, p, dtype, generator)
    scale = keep if p == 1.0 else keep * dtype.type(1 / (1 - p))
    if not batched:
        scale = scale[0]
    return write_back(input, execute_op(ScaleShift, input, op_args=(scale, None), constant=constant), inplace)


def dropout1d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False, *,
              generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """Zero whole channels of an ``(N, C, L)`` or ``(C, L)`` input with probability ``p``; scale the rest.

    Each channel ``input[n, c]`` is kept with probability ``1 - p`` and then
    multiplied by ``1 / (1 - p)``; dL/dx is the same mask times dL/dout.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, L) or (C, L)
    p : float in [0, 1], default 0.5
    training : bool, default True
        With ``False`` (or ``p=0``) the input is returned unchanged, as a tensor.
    inplace : bool, default False
        Write the result into ``input`` (a tensor) and return it.
    generator : Optional[np.random.Generator or np.random.RandomState]
        The source of the mask; NumPy's global random state by default.

    Raises
    ------
    RuntimeError
        For an input that is not 2-D or 3-D (PyTorch's class).

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import dropout1d
    >>> dropout1d(mg.ones((1, 4, 3)), 0.5, generator=np.random.default_rng(0))
    Tensor([[[2., 2., 2.],
             [2., 2., 2.],
             [2., 2., 2.],
             [0., 0., 0.]]], dtype=float32)
    """
    ndim = np.ndim(data_of(input))
    if ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {ndim}D input. Note that dropout1d "
                           f"exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
                           f"dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
    return _feature_dropout("dropout1d", input, p, training, inplace, ndim == 3, generator, constant)


def dropout2d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False, *,
              generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """Zero whole channels of an ``(N, C, H, W)`` input with probability ``p``; scale the rest by ``1 / (1 - p)``.

    As PyTorch, a 3-D input is read as ``(N, C, L)`` (channel-wise 1-D
    dropout, with a warning), and other ranks warn that they are deprecated.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, H, W)
    p : float in [0, 1], default 0.5
    training : bool, default True
    inplace : bool, default False
    generator : Optional[np.random.Generator or np.random.RandomState]

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import dropout2d
    >>> y = dropout2d(mg.ones((2, 3, 4, 4)), 0.5, generator=np.random.default_rng(1))
    >>> y.data[:, :, 0, 0], bool((y.data == y.data[:, :, :1, :1]).all())
    (array([[0., 2., 2.],
           [2., 0., 0.]], dtype=float32), True)
    """
    ndim = np.ndim(data_of(input))
    if ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated and will result in "
                      f"an error in a future release. Use dropout instead; dropout2d exists to provide channel-wise "
                      f"dropout on 3D or 4D inputs.", stacklevel=2)
    if ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                      "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim "
                      "(as PyTorch). Use dropout1d for this behaviour.", stacklevel=2)
    return _feature_dropout("dropout2d", input, p, training, inplace, True, generator, constant)


def dropout3d(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False, *,
              generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """Zero whole channels of an ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input with probability ``p``.

    The kept channels are scaled by ``1 / (1 - p)``. Other ranks warn (as
    PyTorch) and are treated as unbatched.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, D, H, W) or (C, D, H, W)
    p : float in [0, 1], default 0.5
    training : bool, default True
    inplace : bool, default False
    generator : Optional[np.random.Generator or np.random.RandomState]

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import dropout3d
    >>> y = dropout3d(mg.ones((3, 2, 2, 2)), 0.5, generator=np.random.default_rng(0))
    >>> y.shape, y.data.reshape(3, -1).max(axis=1)
    ((3, 2, 2, 2), array([2., 2., 2.], dtype=float32))
    """
    ndim = np.ndim(data_of(input))
    if ndim not in (4, 5):
        warnings.warn(f"dropout3d: Received a {ndim}-D input to dropout3d, which is deprecated and will result in "
                      f"an error in a future release. Use dropout instead; dropout3d exists to provide channel-wise "
                      f"dropout on 4D or 5D inputs.", stacklevel=2)
    return _feature_dropout("dropout3d", input, p, training, inplace, ndim == 5, generator, constant)


def _alpha(name: str, input: Any, p: float, training: bool, inplace: bool, feature: bool,
           generator: Optional[RandomSource], constant: Optional[bool]) -> Tensor:
    p = _check_p(name, p)
    x, dtype = _float_data(input)
    mask_shape = _feature_shape(x.shape, name) if feature else x.shape
    if not training or p == 0.0:
        return astensor(input)
    if p == 1.0:  # PyTorch: input * 0
        scale, shift = np.zeros((), dtype=dtype), None
    else:
        keep = _keep_mask(mask_shape, p, dtype, generator).astype(np.float64)
        a = 1.0 / np.sqrt((_SELU_SATURATION ** 2 * p + 1) * (1 - p))
        scale = (keep * a).astype(dtype)
        shift = ((keep - 1) * (_SELU_SATURATION * a) + _SELU_SATURATION * a * p).astype(dtype)
    return write_back(input, execute_op(ScaleShift, input, op_args=(scale, shift), constant=constant), inplace)


def alpha_dropout(input: Any, p: float = 0.5, training: bool = False, inplace: bool = False, *,
                  generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """Alpha dropout (for SELU networks): drop elements to SELU's saturation value, keeping mean and variance.

    Kept elements become ``a x + a alpha' p``, dropped ones ``a alpha' (p - 1)``,
    with ``alpha' = 1.7580993408473766`` and ``a = ((alpha'^2 p + 1)(1 - p))^(-1/2)``,
    as PyTorch computes them. Note PyTorch's default ``training=False``.

    Parameters
    ----------
    input : ArrayLike
    p : float in [0, 1], default 0.5
    training : bool, default False
    inplace : bool, default False
    generator : Optional[np.random.Generator or np.random.RandomState]

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import alpha_dropout
    >>> y = alpha_dropout(mg.zeros(6), 0.5, training=True, generator=np.random.default_rng(0))
    >>> np.round(y.data, 4)
    array([ 0.7792,  0.7792,  0.7792, -0.7792, -0.7792, -0.7792],
          dtype=float32)
    """
    return _alpha("alpha_dropout", input, p, training, inplace, False, generator, constant)


def feature_alpha_dropout(input: Any, p: float = 0.5, training: bool = False, inplace: bool = False, *,
                          generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """Alpha dropout of whole channels (one draw per sample and channel); see :func:`alpha_dropout`.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import feature_alpha_dropout
    >>> y = feature_alpha_dropout(mg.zeros((1, 3, 2)), 0.5, training=True, generator=np.random.default_rng(0))
    >>> np.round(y.data, 4)
    array([[[0.7792, 0.7792],
            [0.7792, 0.7792],
            [0.7792, 0.7792]]], dtype=float32)
    """
    return _alpha("feature_alpha_dropout", input, p, training, inplace, True, generator, constant)
