"""Helpers shared by the layer families: the ``device``/``dtype`` factory arguments and tuple arguments."""

from __future__ import annotations

from typing import Any, Sequence, Tuple, Union

import numpy as np

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
