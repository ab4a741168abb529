"""Helpers shared by the layer families: the ``device``/``dtype`` factory arguments, tuple
arguments, and PyTorch's default initialisation of weight-and-bias layers."""

from __future__ import annotations

import math
from typing import Any, Optional, Sequence, Tuple, Union

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


def as_tuple(value: IntOrTuple, n: int, name: str) -> Tuple[int, ...]:
    """``value`` as an ``n``-tuple of ints (an int is repeated), or a clear error."""
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    values = tuple(int(v) for v in value)
    if len(values) != n:
        raise ValueError(f"{name} must be an int or a sequence of {n} ints; got {value!r}")
    return values


def reset_weight_and_bias(weight: Any, bias: Any, generator: Optional[RandomSource] = None) -> None:
    """PyTorch's default for Linear and Conv: ``kaiming_uniform_(a=sqrt(5))`` weights and
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias, ``fan_in`` being the inputs feeding one output."""
    init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
    if bias is not None:
        fan_in = weight.data[0].size
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        init.uniform_(bias, -bound, bound, generator=generator)
