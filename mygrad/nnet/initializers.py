"""MyGrad's initialisers (``mygrad.nnet.initializers``): each returns a new Tensor of ``shape``.

Adapters over :mod:`mygrad.nn.init` (``fan_in = shape[1] * prod(shape[2:])``,
``fan_out = shape[0] * prod(shape[2:])``, except for two MyGrad quirks kept on
purpose, see :func:`glorot_normal` and :func:`he_uniform`). Randomness comes
from ``generator`` or, by default, NumPy's global random state, drawn the way
MyGrad draws it (float64 samples, then cast to ``dtype``): after the same
``np.random.seed`` every initialiser returns MyGrad 2.5's numbers.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from mygrad.creation import full
from mygrad.creation import identity  # noqa: F401  (MyGrad's nnet.identity is mygrad.identity itself)
from mygrad.nn import init
from mygrad.random import RandomSource
from mygrad.autodiff.tensor import Tensor
from mygrad._arg_errors import name_errors as _name_errors

__all__ = ["constant", "dirac", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "normal",
           "uniform"]


def _empty(shape: tuple, dtype: Any, name: str, min_dims: int = 0) -> np.ndarray:
    # MyGrad raises TypeError for one bare integer (he_normal(3)) and ValueError for a short tuple
    error = TypeError if len(shape) == 1 and isinstance(shape[0], (int, np.integer)) else ValueError
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = tuple(shape[0])
    if len(shape) < min_dims:
        raise error(f"{name} needs a shape with at least {min_dims} dimensions; got {tuple(shape)}")
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"{name} needs a floating-point dtype; got {dtype}")
    return np.empty(shape, dtype=dtype)


def uniform(*shape: int, lower_bound: float = 0, upper_bound: float = 1, dtype: Any = np.float32,
            constant: Optional[bool] = None, generator: Optional[RandomSource] = None) -> Tensor:
    """Values drawn from U[lower_bound, upper_bound); ``np.random.uniform`` cast to ``dtype``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nnet.initializers import uniform
    >>> np.random.seed(0)
    >>> uniform(2, 2, lower_bound=-1, upper_bound=1)
    Tensor([[0.09762701, 0.43037874],
            [0.20552675, 0.08976637]], dtype=float32)
    >>> uniform(2, 3, generator=np.random.default_rng(0)).shape
    (2, 3)
    """
    if lower_bound >= upper_bound:
        raise ValueError(f"uniform: lower_bound ({lower_bound}) must be less than upper_bound ({upper_bound})")
    data = init.uniform_(_empty(shape, dtype, "uniform"), float(lower_bound), float(upper_bound), generator)
    return Tensor(data, constant=constant, copy=False)


def normal(*shape: int, mean: float = 0, std: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
           generator: Optional[RandomSource] = None) -> Tensor:
    """Values drawn from N(mean, std^2); ``np.random.normal`` cast to ``dtype``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nnet.initializers import normal
    >>> np.random.seed(1)
    >>> normal(3, std=2.0, dtype="float64")
    Tensor([ 3.24869073, -1.22351283, -1.0563435 ])
    """
    if std < 0:
        raise ValueError(f"normal: std must be non-negative; got {std}")
    data = init.normal_(_empty(shape, dtype, "normal"), float(mean), float(std), generator)
    return Tensor(data, constant=constant, copy=False)


def constant(*shape: int, value: float = 0.0, dtype: Any = None, constant: Optional[bool] = None) -> Tensor:
    """Every value equal to ``value``; the dtype is inferred from ``value`` unless given (as MyGrad).

    Examples
    --------
    >>> from mygrad.nnet.initializers import constant
    >>> constant(2, 2, value=0.5)
    Tensor([[0.5, 0.5],
            [0.5, 0.5]])
    >>> constant(3, value=1, dtype="float32")
    Tensor([1., 1., 1.], dtype=float32)
    """
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = tuple(shape[0])
    return full(shape, value, dtype=dtype, constant=constant)


def dirac(*shape: int, dtype: Any = np.float32, constant: Optional[bool] = None) -> Tensor:
    """The Dirac initialisation (Zagoruyko & Komodakis): a convolution with it is the identity.

    ``out[i, i, centre...] = 1`` for ``i < min(shape[0], shape[1])``, zeros
    elsewhere; ``shape`` needs at least two dimensions (a 2-D shape gives an
    identity matrix, padded with zero rows or columns).

    Examples
    --------
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
                   generator: Optional[RandomSource] = None) -> Tensor:
    """Glorot/Xavier uniform: U(-b, b), ``b = gain * sqrt(6 / (fan_in + fan_out))``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nnet.initializers import glorot_uniform
    >>> np.random.seed(2)
    >>> glorot_uniform(2, 2)
    Tensor([[-0.15677983, -1.1612388 ],
            [ 0.12164773, -0.15842713]], dtype=float32)
    """
    data = init.xavier_uniform_(_empty(shape, dtype, "glorot_uniform", 2), gain, generator)
    return Tensor(data, constant=constant, copy=False)


def glorot_normal(*shape: int, gain: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
                  generator: Optional[RandomSource] = None) -> Tensor:
    """Glorot/Xavier normal: N(0, std^2), ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    MyGrad quirk, kept so the numbers match: for ``shape`` with more than two
    dimensions the fans use only the *last* one, ``fan_in = shape[1] * shape[-1]``
    and ``fan_out = shape[0] * shape[-1]`` (for 3-D shapes this is the usual rule).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nnet.initializers import glorot_normal
    >>> np.random.seed(3)
    >>> glorot_normal(2, 2)
    Tensor([[ 1.2647513 ,  0.30865908],
            [ 0.06823401, -1.3176883 ]], dtype=float32)
    """
    data = _empty(shape, dtype, "glorot_normal", 2)
    receptive_field = data.shape[-1] if data.ndim > 2 else 1
    fan_in, fan_out = data.shape[1] * receptive_field, data.shape[0] * receptive_field
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return Tensor(init.normal_(data, 0.0, std, generator), constant=constant, copy=False)


def he_uniform(*shape: int, gain: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
               generator: Optional[RandomSource] = None) -> Tensor:
    """He uniform as MyGrad 2.5 computes it: U(-b, b), ``b = gain * sqrt(shape[1] / (3 * prod(shape[2:])))``.

    MyGrad quirk, kept so the numbers match: He et al.'s bound is
    ``gain * sqrt(3 / fan_in)`` with ``fan_in = shape[1] * prod(shape[2:])``
    (``mygrad.nn.init.kaiming_uniform_`` uses that). MyGrad 2.5 writes
    ``gain / sqrt(3 / shape[1] * prod(shape[2:]))``, which is a different
    number for every shape. For a well-scaled He initialisation use
    :func:`he_normal` or ``mygrad.nn.init.kaiming_uniform_``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nnet.initializers import he_uniform
    >>> np.random.seed(4)
    >>> he_uniform(2, 3, dtype="float64")
    Tensor([[ 0.93405968,  0.0944645 ,  0.94536872],
            [ 0.42963199,  0.39545765, -0.56782101]])
    """
    data = _empty(shape, dtype, "he_uniform", 2)
    receptive_field = math.prod(data.shape[2:])
    bound = gain / math.sqrt(3.0 / data.shape[1] * receptive_field)
    return Tensor(init.uniform_(data, -bound, bound, generator), constant=constant, copy=False)


def he_normal(*shape: int, gain: float = 1, dtype: Any = np.float32, constant: Optional[bool] = None,
              generator: Optional[RandomSource] = None) -> Tensor:
    """He normal: N(0, std^2), ``std = gain / sqrt(fan_in)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nnet.initializers import he_normal
    >>> np.random.seed(5)
    >>> he_normal(2, 2)
    Tensor([[ 0.31199494, -0.23396052],
            [ 1.7188147 , -0.17825605]], dtype=float32)
    """
    data = _empty(shape, dtype, "he_normal", 2)
    fan_in, _ = init._calculate_fan_in_and_fan_out(data)
    return Tensor(init.normal_(data, 0.0, gain / math.sqrt(fan_in), generator), constant=constant, copy=False)

_name_errors(globals(), "mygrad.nnet.initializers")
