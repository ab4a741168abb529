"""Helpers shared by the layer families: the ``device``/``dtype`` factory arguments, tuple
arguments, and PyTorch's default initialisation of weight-and-bias layers."""

from __future__ import annotations

import math
import os
from typing import Any, Optional, Sequence, Union

import numpy as np

from mygrad.nn import init
from mygrad.random import RandomSource

IntOrTuple = Union[int, Sequence[int]]


def factory_dtype(device: Any, dtype: Any) -> np.dtype:
    """The floating-point dtype a layer creates its parameters with (float32 by default).

    ``device`` exists so that PyTorch code runs unchanged; only ``None`` and
    ``"cpu"`` are meaningful here.
    """
    if device is not None and str(device) != "cpu":
        raise ValueError(f"mygrad runs on the CPU only; got device={device!r}")
    dtype = np.dtype(np.float32 if dtype is None else dtype)
    if dtype.kind != "f":
        raise TypeError(f"layer parameters must be floating-point; got dtype={dtype}")
    return dtype


def check_size(layer: str, name: str, value: Any, minimum: int = 0) -> int:
    """``value`` as an int, after checking that it is an integer (not a bool) of at least ``minimum``.

    Examples
    --------
    >>> from mygrad.nn.layers._common import check_size
    >>> check_size("Linear", "in_features", 3)
    3
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{layer}: {name} must be an int; got {value!r} of type {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{layer}: {name} must be an int >= {minimum}; got {value}")
    return int(value)


def _physical_memory() -> Optional[int]:
    """This machine's physical memory in bytes, or None where the platform does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # (not POSIX)
        return None


def check_parameter_memory(layer: str, arguments: str, count: int, dtype: np.dtype) -> None:
    """Raise MemoryError, naming ``arguments``, when ``count`` parameters of ``dtype`` exceed physical memory.

    For layers that build their parameters one sub-layer at a time, where an
    absurd count would otherwise run for hours before NumPy's own MemoryError.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.layers._common import check_parameter_memory
    >>> check_parameter_memory("GRU", "num_layers=2", 1000, np.dtype(np.float32))
    >>> check_parameter_memory("GRU", "num_layers=2**62", 2**70, np.dtype(np.float32))
    Traceback (most recent call last):
    ...
    MemoryError: GRU: num_layers=2**62 needs 1180591620717411303424 parameters (4.72e+21 bytes), more than this machine's memory
    """
    available = _physical_memory() or 2**63
    if count * dtype.itemsize > available:
        raise MemoryError(f"{layer}: {arguments} needs {count} parameters ({count * dtype.itemsize:.3g} bytes), "
                          f"more than this machine's memory")


def check_window(layer: str, name: str, value: Any, minimum: int) -> None:
    """Check that ``value`` is an int, or a sequence of ints, each at least ``minimum`` (pooling arguments).

    Examples
    --------
    >>> from mygrad.nn.layers._common import check_window
    >>> check_window("MaxPool2d", "kernel_size", (2, 3), 1)
    """
    values = value if isinstance(value, (tuple, list)) else (value,)
    if not values or any(isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) for v in values):
        raise TypeError(f"{layer}: {name} must be an int or a tuple of ints; got {value!r}")
    if any(v < minimum for v in values):
        raise ValueError(f"{layer}: {name} must be >= {minimum} in every dimension; got {value!r}")


def reset_weight_and_bias(weight: Any, bias: Any, generator: Optional[RandomSource] = None) -> None:
    """PyTorch's default for Linear and Conv: ``kaiming_uniform_(a=sqrt(5))`` weights and
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias, ``fan_in`` being the inputs feeding one output."""
    init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
    if bias is not None:
        fan_in = weight.data[0].size
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        init.uniform_(bias, -bound, bound, generator=generator)
