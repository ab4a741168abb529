"""Power-average pooling: ``lp_pool1d/2d/3d``, ``(sum over the window of x**p) ** (1/p)``, as PyTorch computes it.

PyTorch's formula is ``(avg_pool(x**p) * window_size) ** (1/p)``, built here
from the same differentiable pieces (``avg_pool``, ``power``), so the
gradient is ``x**(p-1) * out**(1-p)`` spread over each window. As in
PyTorch, a window whose sum of powers is negative (odd ``p``, negative
inputs) gives NaN, and ``p = inf`` is not special-cased.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.conversion import astensor
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.arithmetic import power

from mygrad.nn.functional._utils import IntOrTuple, check_real, ntuple
from mygrad.nn.functional.pooling import avg_pool1d, avg_pool2d, avg_pool3d

__all__ = ["lp_pool1d", "lp_pool2d", "lp_pool3d"]


def _lp_pool(nd: int, name: str, input: Any, norm_type: float, kernel_size: IntOrTuple,
             stride: Optional[IntOrTuple], ceil_mode: bool, constant: Optional[bool]) -> Tensor:
    p = float(check_real(f"{name}: norm_type", norm_type))
    if p == 0:
        raise ValueError(f"{name}: norm_type must be nonzero (the result is a 1/norm_type power); got {norm_type}")
    kernel = ntuple(kernel_size, nd, f"{name}: kernel_size", 1)
    x = input if isinstance(input, Tensor) else astensor(input)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    pool = (avg_pool1d, avg_pool2d, avg_pool3d)[nd - 1]
    pooled = pool(power(x, dtype.type(p)), kernel, stride, 0, ceil_mode)
    out = power(pooled * dtype.type(np.prod(kernel)), dtype.type(1.0 / p))
    return Tensor(out.data, constant=True) if constant else out


def lp_pool1d(input: Any, norm_type: float, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
              ceil_mode: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """1-D power-average pooling of ``(N, C, L)`` inputs: ``(sum over each window of x**p) ** (1/p)``.

    Parameters
    ----------
    norm_type : float
        The power ``p`` (1: sum pooling; large: close to max pooling).
    kernel_size : int
    stride : Optional[int]
        Default ``kernel_size``.
    ceil_mode : bool, default False

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import lp_pool1d
    >>> lp_pool1d(np.array([[[3.0, 4.0, 1.0, 1.0]]]), 2, 2)   # sqrt(9 + 16), sqrt(1 + 1)
    Tensor([[[5.        , 1.41421356]]])
    """
    return _lp_pool(1, "lp_pool1d", input, norm_type, kernel_size, stride, ceil_mode, constant)


def lp_pool2d(input: Any, norm_type: float, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
              ceil_mode: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """2-D power-average pooling of ``(N, C, H, W)`` inputs; see :func:`lp_pool1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import lp_pool2d
    >>> lp_pool2d(np.ones((1, 1, 2, 2)), 1, 2).item()     # p = 1: the window's sum
    4.0
    """
    return _lp_pool(2, "lp_pool2d", input, norm_type, kernel_size, stride, ceil_mode, constant)


def lp_pool3d(input: Any, norm_type: float, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None,
              ceil_mode: bool = False, *, constant: Optional[bool] = None) -> Tensor:
    """3-D power-average pooling of ``(N, C, D, H, W)`` inputs; see :func:`lp_pool1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import lp_pool3d
    >>> lp_pool3d(np.ones((1, 1, 2, 2, 2)), 2, 2).item()  # sqrt(8)
    2.8284271247461903
    """
    return _lp_pool(3, "lp_pool3d", input, norm_type, kernel_size, stride, ceil_mode, constant)
