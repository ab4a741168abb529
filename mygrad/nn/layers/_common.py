"""Helpers shared by the layer families: the ``device``/``dtype`` factory arguments, tuple
arguments, and PyTorch's default initialisation of weight-and-bias layers."""

from __future__ import annotations

import math
import os
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.nn import init
from mygrad.nn.parameter import Parameter
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


def check_flag(layer: str, name: str, value: Any) -> bool:
    """``value`` as a bool, after checking that it is one (or the int 0 or 1, as PyTorch's code often passes).

    PyTorch reads such flags with ``if flag:``, so that an array fails with NumPy's "truth value ... is
    ambiguous" and a string or a list is quietly true; here both are refused, naming the layer and the argument.

    Examples
    --------
    >>> from mygrad.nn.layers._common import check_flag
    >>> check_flag("Linear", "bias", 0)
    False
    >>> check_flag("Linear", "bias", "no")
    Traceback (most recent call last):
    ...
    TypeError: Linear: bias must be a bool; got 'no' of type str
    """
    if not isinstance(value, (bool, np.bool_)) and not (isinstance(value, (int, np.integer)) and value in (0, 1)):
        raise TypeError(f"{layer}: {name} must be a bool; got {value!r:.60} of type {type(value).__name__}")
    return bool(value)


def flag_truth(layer: str, name: str, value: Any) -> bool:
    """``bool(value)``, as PyTorch's ``if bias:`` reads a flag, or its refusal (an array's) naming the layer and argument.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.layers._common import flag_truth
    >>> flag_truth("Linear", "bias", None)
    False
    >>> flag_truth("Linear", "bias", np.ones(3))
    Traceback (most recent call last):
    ...
    ValueError: Linear: bias must be a bool; got an array of shape (3,) (The truth value of an array with more than one element is ambiguous. Use a.any() or a.all())
    """
    try:
        return bool(value)
    except Exception as error:  # (an array of several elements, or an object whose __bool__ fails)
        shown = f"an array of shape {tuple(value.shape)}" if hasattr(value, "shape") else f"{value!r:.60}"
        kind = ValueError if isinstance(error, ValueError) else TypeError
        raise kind(f"{layer}: {name} must be a bool; got {shown} ({error})") from error


def empty_parameter(layer: str, sizes: str, shape: Tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """``np.empty(shape, dtype)``, or NumPy's refusal (same class) naming the layer and the size arguments ``sizes``.

    NumPy's own words ("Maximum allowed dimension exceeded", "Unable to allocate 3.6 TiB") do not say which
    argument asked for the size.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.layers._common import empty_parameter
    >>> empty_parameter("Linear", "in_features=3, out_features=2", (2, 3), np.dtype(np.float32)).shape
    (2, 3)
    >>> empty_parameter("Linear", "in_features=10**30", (2, 10**30), np.dtype(np.float32))
    Traceback (most recent call last):
    ...
    ValueError: Linear: a parameter of shape (2, 1000000000000000000000000000000) (from in_features=10**30) is more than NumPy can allocate (Maximum allowed dimension exceeded)
    """
    try:
        return np.empty(shape, dtype=dtype)
    except (ValueError, MemoryError) as error:  # (MemoryError: NumPy's subclass is built from the shape, not a message)
        kind = ValueError if isinstance(error, ValueError) else MemoryError
        raise kind(f"{layer}: a parameter of shape {shape} (from {sizes}) is more than NumPy can allocate "
                   f"({error})") from error


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


def add_affine(module: Any, shape: Any, weight: bool, bias: bool, dtype: np.dtype) -> None:
    """Give a normalisation layer its learnt scale ``weight`` (ones) and shift ``bias`` (zeros) of ``shape``.

    One not learnt is registered as None, so that it still has its name (as PyTorch).
    """
    layer = type(module).__name__
    for name, learnt, value in (("weight", weight, 1), ("bias", bias, 0)):
        if learnt:
            data = empty_parameter(layer, f"its {name}", shape, dtype)
            data[...] = value
            setattr(module, name, Parameter(data))
        else:
            module.register_parameter(name, None)


def reset_affine(module: Any) -> None:
    """A normalisation layer's scale back to 1 and shift to 0 (those it learns)."""
    if module.weight is not None:
        init.ones_(module.weight)
    if getattr(module, "bias", None) is not None:
        init.zeros_(module.bias)


def reset_weight_and_bias(weight: Any, bias: Any, generator: Optional[RandomSource] = None) -> None:
    """PyTorch's default for Linear and Conv: ``kaiming_uniform_(a=sqrt(5))`` weights and
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias, ``fan_in`` being the inputs feeding one output."""
    init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
    if bias is not None:
        fan_in = math.prod(weight.shape[1:])  # (a layer with no outputs has no weight.data[0])
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        init.uniform_(bias, -bound, bound, generator=generator)
