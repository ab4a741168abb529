"""``Module.to``'s arguments - PyTorch's device and dtype forms - and the cast of a module's floating-point state."""

from __future__ import annotations

from typing import Any, Iterable, Optional

import numpy as np

from mygrad.autodiff.tensor import Tensor

__all__ = ["to_arguments", "cast_floats"]

# the device kinds PyTorch names; only the CPU is mygrad's
_DEVICES = {"cpu", "cuda", "mps", "xpu", "meta", "xla", "hpu", "mtia", "privateuseone"}


def to_arguments(owner: str, args: tuple, kwargs: dict) -> Optional[np.dtype]:
    """The floating-point dtype asked for by ``to(*args, **kwargs)`` (None: no cast), the device checked to be the CPU.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.dtypes import to_arguments
    >>> to_arguments("Linear.to", ("cpu", np.float64), {})
    dtype('float64')
    >>> to_arguments("Linear.to", (), {"device": "cpu:0", "non_blocking": True}) is None
    True
    """
    kwargs = dict(kwargs)
    device, dtype = kwargs.pop("device", None), kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    kwargs.pop("copy", None)
    if kwargs:
        raise TypeError(f"{owner}: unexpected keyword argument(s) {sorted(kwargs)}")
    if len(args) > 2:
        raise TypeError(f"{owner}: takes a device and/or a dtype; got {len(args)} positional arguments")
    for arg in args:
        if isinstance(arg, str) and arg.split(":")[0] in _DEVICES:
            device = arg
        else:
            dtype = arg
    if device is not None and str(device) != "cpu" and not str(device).startswith("cpu:"):
        raise ValueError(f"{owner}: mygrad computes on the CPU with NumPy; got device {str(device)!r} "
                         "(use 'cpu', or leave the device out)")
    if dtype is None:
        return None
    try:
        dtype = np.dtype(dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{owner}: dtype must be a floating-point NumPy dtype (or 'cpu'); got {dtype!r:.60} "
                        f"({error})") from None
    if dtype.kind != "f":
        raise TypeError(f"{owner}: only floating-point dtypes are accepted; got {dtype}")
    return dtype


def cast_floats(tensors: Iterable[Tensor], dtype: np.dtype) -> None:
    """Cast each floating-point tensor's data (and gradient) to ``dtype``, in place; other dtypes are left alone."""
    for tensor in tensors:
        if tensor.data.dtype.kind == "f" and tensor.data.dtype != dtype:
            tensor.data = tensor.data.astype(dtype)
            if tensor.grad is not None:
                tensor.grad = tensor.grad.astype(dtype)
