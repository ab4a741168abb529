"""MyGrad's initialisers (``mygrad.nnet.initializers``): each returns a new Tensor of ``shape``.

Adapters over :mod:`mygrad.nn.init` (same fan conventions:
``fan_in = shape[1] * prod(shape[2:])``, ``fan_out = shape[0] * prod(shape[2:])``).
Randomness comes from ``generator`` or, by default, ``mygrad.random.get_generator()``.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from mygrad.nn import init
from mygrad.tensor import Tensor

__all__ = ["constant", "dirac", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "normal", "uniform"]


def _empty(shape: tuple, dtype: Any, name: str, min_dims: int = 0) -> np.ndarray:
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = tuple(shape[0])
    if len(shape) < min_dims:
        raise ValueError(f"{name} needs a shape with at least {min_dims} dimensions; got {shape}")
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"{name} needs a floating-point dtype; got {dtype}")
    return np.empty(shape, dtype=dtype)


def uniform(*shape: int, lower_bound: float = 0, upper_bound: float = 1, dtype: Any = np.float32,
            constant: Optional[bool] = None, generator: Optional[np.random.Generator] = None) -> Tensor:
    """Values drawn from U[lower_bound, upper_bound).

    >>> import numpy as np
    >>> uniform(2, 3, generator=np.random.default_rng(0)).shape
    (2, 3)
    """
    if lower_bound >= upper_bound:
        raise ValueError(f"uniform: lower_bound ({lower_bound}) must be less than upper_bound ({upper_bound})")
    data = init.uniform_(_empty(shape, dtype, "uniform"), float(lower_bound), float(upper_bound), generator)
    return Tensor(data, constant=constant, copy=False)


def normal(*shape: int, mean: float = 0, std: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
           generator: Optional[np.random.Generator] = None) -> Tensor:
    """Values drawn from N(mean, std^2)."""
    if std < 0:
        raise ValueError(f"normal: std must be non-negative; got {std}")
    data = init.normal_(_empty(shape, dtype, "normal"), float(mean), float(std), generator)
    return Tensor(data, constant=constant, copy=False)


def constant(*shape: int, value: float = 0.0, dtype: Any = np.float32, constant: Optional[bool] = None) -> Tensor:
    """Every value equal to ``value``."""
    data = init.constant_(_empty(shape, dtype, "constant"), value)
    return Tensor(data, constant=constant, copy=False)


def dirac(*shape: int, dtype: Any = np.float32, constant: Optional[bool] = None) -> Tensor:
    """The Dirac initialisation (Zagoruyko & Komodakis): a convolution with it is the identity.

    ``out[i, i, centre...] = 1`` for ``i < min(shape[0], shape[1])``, zeros
    elsewhere; ``shape`` needs at least two dimensions (a 2-D shape gives an
    identity matrix, padded with zero rows or columns).

    >>> dirac(2, 2, 3).data[:, :, 1].tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    data = _empty(shape, dtype, "dirac", min_dims=2)
    data[...] = 0
    diagonal = np.arange(min(data.shape[0], data.shape[1]))
    centre = tuple(n // 2 for n in data.shape[2:])
    data[(diagonal, diagonal) + centre] = 1
    return Tensor(data, constant=constant, copy=False)


def glorot_uniform(*shape: int, gain: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
                   generator: Optional[np.random.Generator] = None) -> Tensor:
    """Glorot/Xavier uniform: U(-b, b), ``b = gain * sqrt(6 / (fan_in + fan_out))``."""
    data = init.xavier_uniform_(_empty(shape, dtype, "glorot_uniform", 2), gain, generator)
    return Tensor(data, constant=constant, copy=False)


def glorot_normal(*shape: int, gain: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
                  generator: Optional[np.random.Generator] = None) -> Tensor:
    """Glorot/Xavier normal: N(0, std^2), ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    data = init.xavier_normal_(_empty(shape, dtype, "glorot_normal", 2), gain, generator)
    return Tensor(data, constant=constant, copy=False)


def he_uniform(*shape: int, gain: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
               generator: Optional[np.random.Generator] = None) -> Tensor:
    """He uniform (MyGrad's convention): U(-b, b), ``b = gain * sqrt(3 / fan_in)``."""
    data = _empty(shape, dtype, "he_uniform", 2)
    fan_in, _ = init._calculate_fan_in_and_fan_out(data)
    bound = gain * math.sqrt(3.0 / fan_in)
    return Tensor(init.uniform_(data, -bound, bound, generator), constant=constant, copy=False)


def he_normal(*shape: int, gain: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
              generator: Optional[np.random.Generator] = None) -> Tensor:
    """He normal (MyGrad's convention): N(0, std^2), ``std = gain / sqrt(fan_in)``."""
    data = _empty(shape, dtype, "he_normal", 2)
    fan_in, _ = init._calculate_fan_in_and_fan_out(data)
    return Tensor(init.normal_(data, 0.0, gain / math.sqrt(fan_in), generator), constant=constant, copy=False)
