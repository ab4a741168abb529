"""``Bilinear``: ``y = x1 @ W[k] @ x2 + b`` for every output feature ``k``, PyTorch's ``nn.Bilinear``."""

from __future__ import annotations

import math
from typing import Any, Optional

from mygrad.nn import init
from mygrad.nn.functional.bilinear_map import bilinear
from mygrad.nn.layers._common import check_size, empty_parameter, factory_dtype, flag_truth
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource

__all__ = ["Bilinear"]


class Bilinear(Module):
    """A bilinear map of two inputs: ``y[..., k] = x1 @ weight[k] @ x2 + bias[k]``.

    Parameters
    ----------
    in1_features, in2_features : int
        Sizes of the last axes of ``x1`` and ``x2`` (at least 1).
    out_features : int
        Size of each output sample.
    bias : bool, default True
        Learn an additive bias.
    device : None or "cpu"
        Accepted for PyTorch compatibility.
    dtype : DTypeLike, default float32
        The parameters' floating-point dtype.
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values (NumPy's global random state by default).

    Attributes
    ----------
    weight : Parameter, shape (out_features, in1_features, in2_features)
        Initialised from U(-k, k) with ``k = 1 / sqrt(in1_features)``, as PyTorch.
    bias : Parameter, shape (out_features,), or None
        Initialised from U(-k, k).

    Shape
    -----
    ``x1`` ``(*, in1_features)`` and ``x2`` ``(*, in2_features)`` (the same ``*``) -> ``(*, out_features)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> layer = nn.Bilinear(3, 4, 2, generator=np.random.default_rng(0))
    >>> layer
    Bilinear(in1_features=3, in2_features=4, out_features=2, bias=True)
    >>> layer.weight.shape, layer.weight.dtype
    ((2, 3, 4), dtype('float32'))
    >>> layer(np.ones((5, 3), dtype=np.float32), np.ones((5, 4), dtype=np.float32)).shape
    (5, 2)
    """

    def __init__(self, in1_features: int, in2_features: int, out_features: int, bias: bool = True,
                 device: Any = None, dtype: Any = None, *, generator: Optional[RandomSource] = None) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.in1_features = check_size("Bilinear", "in1_features", in1_features, minimum=1)
        self.in2_features = check_size("Bilinear", "in2_features", in2_features, minimum=1)
        self.out_features = check_size("Bilinear", "out_features", out_features)
        sizes = f"in1_features={in1_features}, in2_features={in2_features}, out_features={out_features}"
        self.weight = Parameter(empty_parameter("Bilinear", sizes, (out_features, in1_features, in2_features),
                                                dtype))
        if flag_truth("Bilinear", "bias", bias):
            self.bias = Parameter(empty_parameter("Bilinear", f"out_features={out_features}", (out_features,),
                                                  dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters(generator)

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """Re-draw weight and bias from U(-1/sqrt(in1_features), 1/sqrt(in1_features)), as PyTorch."""
        bound = 1 / math.sqrt(self.in1_features)
        init.uniform_(self.weight, -bound, bound, generator=generator)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound, generator=generator)

    def forward(self, input1: Any, input2: Any) -> Any:
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")
