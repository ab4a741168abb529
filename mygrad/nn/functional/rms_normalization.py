"""Root-mean-square normalisation: ``rms_norm`` (Zhang & Sennrich, 2019), one fused operation.

Over the trailing ``normalized_shape`` axes, with ``r = 1 / sqrt(mean(x**2) + eps)``
and means over those axes:

    y = x * r * weight
    dL/dx = r * gw - x * r**3 * mean(gw * x),   gw = dL/dy * weight
    dL/dweight = sum(dL/dy * x * r) over the leading axes
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.functional.normalization import normalized_shape_of

__all__ = ["rms_norm"]


class RMSNormalize(Operation):
    """``x / sqrt(mean(x**2) + eps) * weight`` over the trailing ``nd`` axes."""

    def __call__(self, x, *weight, nd, eps):
        self.variables = (x, *weight)
        xd = x.data
        self.axes = tuple(range(xd.ndim - nd, xd.ndim))
        eps = np.finfo(xd.dtype).eps if eps is None else eps
        self.r = 1 / np.sqrt(np.mean(xd * xd, axis=self.axes, keepdims=True) + xd.dtype.type(eps))
        self.normalised = xd * self.r
        return self.normalised * weight[0].data if weight else self.normalised

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        if index == 1:
            lead = tuple(range(grad.ndim - len(self.axes)))
            return (grad * self.normalised).sum(axis=lead)
        gw = grad * self.variables[1].data if len(self.variables) > 1 else grad
        return self.r * gw - x * self.r ** 3 * np.mean(gw * x, axis=self.axes, keepdims=True)


def rms_norm(input: Any, normalized_shape: Union[int, Sequence[int]], weight: Any = None,
             eps: Optional[float] = None, *, constant: Optional[bool] = None) -> Tensor:
    """Divide by the root mean square over the trailing ``normalized_shape`` axes, then scale by ``weight``.

    Parameters
    ----------
    input : ArrayLike
        Its trailing axes have the sizes ``normalized_shape``.
    normalized_shape : int or tuple of int
    weight : Optional[ArrayLike], shape=normalized_shape
    eps : Optional[float]
        Added to the mean square; by default the machine epsilon of the
        input's dtype (as PyTorch).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import rms_norm
    >>> rms_norm(mg.tensor([[3.0, 4.0], [1.0, 1.0]]), 2, eps=0.0)   # rms: 3.5355, 1
    Tensor([[0.84852814, 1.13137085],
            [1.        , 1.        ]])
    """
    shape = normalized_shape_of("rms_norm", normalized_shape)
    x_shape = np.shape(data_of(input))
    if x_shape[len(x_shape) - len(shape):] != shape:
        raise RuntimeError(f"rms_norm: Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{', '.join(map(str, shape))}], but got input of size{list(x_shape)}")
    if eps is not None and not check_real("rms_norm: eps", eps) >= 0:
        raise ValueError(f"rms_norm: eps must be >= 0 or None; got {eps!r}")
    if weight is not None and np.shape(data_of(weight)) != shape:
        raise RuntimeError(f"rms_norm: weight must have shape {shape}; got {np.shape(data_of(weight))}")
    params = () if weight is None else (weight,)
    return execute_op(RMSNormalize, input, *params, op_kwargs=dict(nd=len(shape), eps=eps), constant=constant)
