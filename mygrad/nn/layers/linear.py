"""Affine layers: ``Linear`` and the pass-through ``Identity``."""

from __future__ import annotations

from typing import Any, Optional

from mygrad.nn import functional as F
from mygrad.nn.layers._common import check_size, empty_parameter, factory_dtype, flag_truth, reset_weight_and_bias
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource

__all__ = ["Identity", "Linear"]


class Identity(Module):
    """Returns its input unchanged; any constructor arguments are ignored.

    Useful as a placeholder, e.g. to remove a layer from a model
    (``model.head = nn.Identity()``).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([1.0, -2.0])
    >>> y = nn.Identity(54, unused="ignored")(x)
    >>> y is x
    True
    >>> (3 * y).sum().backward()
    >>> x.grad                  # the gradient passes straight through
    array([3., 3.])
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:
        return input


class Linear(Module):
    """An affine map of the last axis: ``y = x @ weight.T + bias``.

    Parameters
    ----------
    in_features : int
        Size of each input sample (the last axis of ``x``).
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
    weight : Parameter, shape (out_features, in_features)
        Initialised from U(-k, k) with ``k = 1 / sqrt(in_features)``
        (``kaiming_uniform_(a=sqrt(5))``, as PyTorch).
    bias : Parameter, shape (out_features,), or None
        Initialised from U(-k, k).

    Shape
    -----
    input ``(*, in_features)`` -> output ``(*, out_features)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> layer = nn.Linear(3, 2, generator=np.random.default_rng(0))
    >>> layer.weight.shape, layer.weight.dtype
    ((2, 3), dtype('float32'))
    >>> layer(np.ones((5, 3), dtype=np.float32)).shape
    (5, 2)
    """

    def __init__(
        self, in_features: int, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None,
        *, generator: Optional[RandomSource] = None,
    ) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.in_features = check_size("Linear", "in_features", in_features)
        self.out_features = check_size("Linear", "out_features", out_features)
        sizes = f"in_features={in_features}, out_features={out_features}"
        self.weight = Parameter(empty_parameter("Linear", sizes, (out_features, in_features), dtype))
        if flag_truth("Linear", "bias", bias):
            self.bias = Parameter(empty_parameter("Linear", f"out_features={out_features}", (out_features,), dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters(generator)

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """Re-draw weight and bias with PyTorch's default initialisation."""
        reset_weight_and_bias(self.weight, self.bias, generator)

    def forward(self, input: Any) -> Any:
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"
