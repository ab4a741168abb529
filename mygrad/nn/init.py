"""Weight initialisation, following ``torch.nn.init``.

Every function fills a tensor (a :class:`~mygrad.Tensor`, a
:class:`~mygrad.nn.Parameter` or an ndarray) **in place** and returns it.
Random ones take an optional ``generator`` (a ``numpy.random.Generator`` or
``numpy.random.RandomState``); by default they draw from NumPy's global
random state, which ``np.random.seed(n)`` (or ``mygrad.random.seed(n)``) sets.

Fans: for a weight of shape ``(out, in, *kernel)``,
``fan_in = in * prod(kernel)`` and ``fan_out = out * prod(kernel)``.
"""

from __future__ import annotations

import math
from typing import Any, Optional, Tuple, TypeVar

import numpy as np

from mygrad.random import RandomSource, resolve_source
from mygrad.autodiff.tensor import Tensor
from mygrad._arg_errors import name_errors as _name_errors

__all__ = [
    "calculate_gain",
    "uniform_",
    "normal_",
    "trunc_normal_",
    "constant_",
    "zeros_",
    "ones_",
    "eye_",
    "dirac_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "orthogonal_",
    "glorot_uniform_",
    "glorot_normal_",
    "he_uniform_",
    "he_normal_",
]

_T = TypeVar("_T")

_LINEAR_GAINS = {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                 "conv_transpose3d", "sigmoid"}


def calculate_gain(nonlinearity: str, param: Optional[float] = None) -> float:
    """The recommended scale for weights feeding the given nonlinearity.

    ========================  ==================================
    nonlinearity              gain
    ========================  ==================================
    linear, conv*, sigmoid    1
    tanh                      5/3
    relu                      sqrt(2)
    leaky_relu                sqrt(2 / (1 + negative_slope^2))
    selu                      3/4
    ========================  ==================================

    Parameters
    ----------
    nonlinearity : str
        The name of the nonlinearity (as in ``torch.nn.init``).
    param : Optional[float]
        The negative slope for ``"leaky_relu"`` (default 0.01).

    Examples
    --------
    >>> from mygrad.nn import init
    >>> round(init.calculate_gain("relu"), 6)
    1.414214
    """
    if nonlinearity in _LINEAR_GAINS:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "selu":
        return 3.0 / 4
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    raise ValueError(f"Unsupported nonlinearity {nonlinearity!r}")


# ----------------------------------------------------------------- helpers
def _data(tensor: Any) -> np.ndarray:
    """The ndarray to fill in place; only floating-point data can be initialised."""
    data = tensor.data if isinstance(tensor, Tensor) else tensor
    if not isinstance(data, np.ndarray):
        raise TypeError(f"nn.init fills a Tensor or ndarray in place; got {type(tensor).__name__}")
    if data.dtype.kind != "f":
        raise TypeError(f"nn.init needs a floating-point tensor; got dtype {data.dtype}")
    return data


def _calculate_fan_in_and_fan_out(tensor: Any) -> Tuple[int, int]:
    shape = np.shape(tensor.data if isinstance(tensor, Tensor) else tensor)
    if len(shape) < 2:
        raise ValueError(
            f"Fan in and fan out can not be computed for a tensor with fewer than 2 dimensions; got shape {shape}"
        )
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def _calculate_correct_fan(tensor: Any, mode: str) -> int:
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    if mode == "fan_in":
        return fan_in
    if mode == "fan_out":
        return fan_out
    raise ValueError(f"Mode {mode!r} not supported, please use one of 'fan_in', 'fan_out'")


# ------------------------------------------------------------ constant fills
def constant_(tensor: _T, val: float) -> _T:
    """Fill ``tensor`` with ``val``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> w = nn.Parameter(np.empty((2, 3)))
    >>> nn.init.constant_(w, 0.5) is w      # filled in place, and returned
    True
    >>> w.data
    array([[0.5, 0.5, 0.5],
           [0.5, 0.5, 0.5]])
    """
    _data(tensor)[...] = val
    return tensor


def zeros_(tensor: _T) -> _T:
    """Fill ``tensor`` with 0.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn import init
    >>> init.zeros_(mg.tensor(np.empty(3)))     # a usual start for biases
    Tensor([0., 0., 0.])
    """
    return constant_(tensor, 0.0)


def ones_(tensor: _T) -> _T:
    """Fill ``tensor`` with 1.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> init.ones_(np.empty((2, 2)))    # ndarrays are filled too
    array([[1., 1.],
           [1., 1.]])
    """
    return constant_(tensor, 1.0)


def eye_(tensor: _T) -> _T:
    """Fill the 2-D ``tensor`` with the identity matrix (ones on the diagonal).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> init.eye_(np.empty((2, 3)))     # a Linear weight that copies its first 2 inputs
    array([[1., 0., 0.],
           [0., 1., 0.]])
    """
    data = _data(tensor)
    if data.ndim != 2:
        raise ValueError(f"eye_ needs a 2-D tensor; got shape {data.shape}")
    data[...] = np.eye(*data.shape, dtype=data.dtype)
    return tensor


def dirac_(tensor: _T, groups: int = 1) -> _T:
    """Fill a 3-, 4- or 5-D convolution weight with the Dirac delta: the convolution is the identity.

    Each of the ``groups`` blocks of output channels copies the matching
    input channel (as many as both have) through the kernel's centre.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> w = nn.init.dirac_(np.empty((2, 2, 3)))     # (C_out, C_in, k): 1 at each centre tap
    >>> w[:, :, 1]
    array([[1., 0.],
           [0., 1.]])
    >>> x = np.array([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]])
    >>> nn.functional.conv1d(x, w, padding=1)       # the convolution returns its input
    Tensor([[[1., 2., 3.],
             [4., 5., 6.]]])
    """
    data = _data(tensor)
    if data.ndim not in (3, 4, 5):
        raise ValueError(f"dirac_ needs a 3, 4 or 5-D tensor; got shape {data.shape}")
    if groups < 1 or data.shape[0] % groups:
        raise ValueError(f"dim 0 ({data.shape[0]}) must be divisible by groups ({groups})")
    out_per_group = data.shape[0] // groups
    n_identity = min(out_per_group, data.shape[1])
    data[...] = 0
    out_channels = (np.arange(groups)[:, None] * out_per_group + np.arange(n_identity)).ravel()
    in_channels = np.tile(np.arange(n_identity), groups)
    centre = tuple(n // 2 for n in data.shape[2:])
    data[(out_channels, in_channels) + centre] = 1
    return tensor


# ------------------------------------------------------------- random fills
def uniform_(tensor: _T, a: float = 0.0, b: float = 1.0, generator: Optional[RandomSource] = None) -> _T:
    """Fill ``tensor`` with values drawn from the uniform distribution U(a, b).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.uniform_(np.empty(1000), -1.0, 1.0, generator=np.random.default_rng(0))
    >>> bool(w.min() >= -1 and w.max() < 1)
    True
    """
    data = _data(tensor)
    data[...] = resolve_source(generator).uniform(a, b, size=data.shape)
    return tensor


def normal_(tensor: _T, mean: float = 0.0, std: float = 1.0, generator: Optional[RandomSource] = None) -> _T:
    """Fill ``tensor`` with values drawn from the normal distribution N(mean, std^2).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.normal_(np.empty(10_000), mean=2.0, std=0.5, generator=np.random.default_rng(0))
    >>> round(float(w.mean()), 2), round(float(w.std()), 2)
    (2.0, 0.5)
    """
    data = _data(tensor)
    data[...] = resolve_source(generator).normal(mean, std, size=data.shape)
    return tensor


def trunc_normal_(
    tensor: _T, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0,
    generator: Optional[RandomSource] = None,
) -> _T:
    """Fill ``tensor`` from N(mean, std^2) restricted to ``[a, b]`` (out-of-range draws are redrawn).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.trunc_normal_(np.empty(10_000), std=1.0, a=-1.0, b=1.0,
    ...                        generator=np.random.default_rng(0))
    >>> bool(w.min() >= -1.0 and w.max() <= 1.0)    # no value beyond one std
    True
    """
    if not a < b:
        raise ValueError(f"trunc_normal_ needs a < b; got a={a}, b={b}")
    data = _data(tensor)
    rng = resolve_source(generator)
    values = rng.normal(mean, std, size=data.shape)
    outside = (values < a) | (values > b)
    for _ in range(1000):  # each round redraws only the rejected values
        if not outside.any():
            break
        values[outside] = rng.normal(mean, std, size=int(outside.sum()))
        outside = (values < a) | (values > b)
    else:
        raise ValueError(f"trunc_normal_: [{a}, {b}] is too unlikely under N({mean}, {std}^2) to sample")
    data[...] = values
    return tensor


def _checked_gain(gain: Any, func: str, allow_negative: bool = False) -> float:
    """``gain`` as a float: a finite real number (non-negative unless ``allow_negative``), or a named error."""
    if isinstance(gain, Tensor):
        gain = gain.data
    if not isinstance(gain, (int, float, np.integer, np.floating)):  # (bool is an int, as in PyTorch)
        if not (isinstance(gain, np.ndarray) and gain.ndim == 0 and gain.dtype.kind in "iuf"):
            raise TypeError(f"{func}: gain must be a real number; got {type(gain).__name__} {gain!r:.60}")
    value = float(gain)
    if not math.isfinite(value) or (value < 0 and not allow_negative):
        expected = "a finite number" if allow_negative else "a finite, non-negative number"
        raise ValueError(f"{func}: gain must be {expected}; got {value}")
    return value


def xavier_uniform_(tensor: _T, gain: float = 1.0, generator: Optional[RandomSource] = None) -> _T:
    """Glorot/Xavier uniform: U(-bound, bound) with ``bound = gain * sqrt(6 / (fan_in + fan_out))``.

    Keeps the variance of activations and gradients roughly equal across
    layers (Glorot & Bengio, 2010). Needs at least 2 dimensions.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.xavier_uniform_(np.empty((20, 30)), generator=np.random.default_rng(0))
    >>> bound = np.sqrt(6 / (30 + 20))      # fan_in = 30, fan_out = 20
    >>> bool(np.abs(w).max() <= bound)
    True
    """
    gain = _checked_gain(gain, "xavier_uniform_")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator=generator)


def xavier_normal_(tensor: _T, gain: float = 1.0, generator: Optional[RandomSource] = None) -> _T:
    """Glorot/Xavier normal: N(0, std^2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.xavier_normal_(np.empty((200, 300)), generator=np.random.default_rng(0))
    >>> round(float(w.std()), 3), round(float(np.sqrt(2 / (300 + 200))), 3)
    (0.063, 0.063)
    """
    gain = _checked_gain(gain, "xavier_normal_")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator=generator)


def kaiming_uniform_(
    tensor: _T, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
    generator: Optional[RandomSource] = None,
) -> _T:
    """He/Kaiming uniform: U(-bound, bound) with ``bound = gain * sqrt(3 / fan)``.

    ``gain = calculate_gain(nonlinearity, a)``; ``fan`` is ``fan_in``
    (preserves the forward variance) or ``fan_out`` (the backward one)
    (He et al., 2015). ``Linear`` and ``Conv`` use it with ``a=sqrt(5)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.kaiming_uniform_(np.empty((64, 100)), nonlinearity="relu", generator=np.random.default_rng(0))
    >>> bool(np.abs(w).max() <= np.sqrt(2) * np.sqrt(3 / 100))
    True
    """
    if _data(tensor).size == 0:
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    bound = math.sqrt(3.0) * calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return uniform_(tensor, -bound, bound, generator=generator)


def kaiming_normal_(
    tensor: _T, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
    generator: Optional[RandomSource] = None,
) -> _T:
    """He/Kaiming normal: N(0, std^2) with ``std = gain / sqrt(fan)`` (see :func:`kaiming_uniform_`).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.kaiming_normal_(np.empty((256, 512)), nonlinearity="relu",
    ...                          generator=np.random.default_rng(0))
    >>> round(float(w.std()), 4), float(np.sqrt(2) / np.sqrt(512))    # gain sqrt(2), fan_in 512
    (0.0626, 0.0625)
    """
    if _data(tensor).size == 0:
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator=generator)


def orthogonal_(tensor: _T, gain: float = 1.0, generator: Optional[RandomSource] = None) -> _T:
    """Fill ``tensor`` with a (semi-)orthogonal matrix scaled by ``gain`` (Saxe et al., 2013).

    The tensor is viewed as ``(shape[0], prod(shape[1:]))``; its rows (or
    columns, whichever are fewer) are orthonormal. The matrix is the Q of a
    QR decomposition of a Gaussian matrix, with signs fixed so that it is
    uniformly distributed.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn import init
    >>> w = init.orthogonal_(np.empty((3, 5)), generator=np.random.default_rng(0))
    >>> bool(np.allclose(w @ w.T, np.eye(3)))       # 3 orthonormal rows
    True
    """
    data = _data(tensor)
    if data.ndim < 2:
        raise ValueError(f"Only tensors with 2 or more dimensions are supported; got shape {data.shape}")
    if data.size == 0:
        return tensor
    rows = data.shape[0]
    cols = data.size // rows
    gain = _checked_gain(gain, "orthogonal_", allow_negative=True)
    flat = resolve_source(generator).normal(size=(rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))  # makes the decomposition unique, so Q is Haar-distributed
    if rows < cols:
        q = q.T
    data[...] = (gain * q).reshape(data.shape)
    return tensor


# MyGrad / Keras names for the same initialisers.
glorot_uniform_ = xavier_uniform_
glorot_normal_ = xavier_normal_
he_uniform_ = kaiming_uniform_
he_normal_ = kaiming_normal_

_name_errors(globals(), "mygrad.nn.init")
