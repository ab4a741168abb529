"""``bilinear``: ``y_k = x1 @ W[k] @ x2 + b_k``, PyTorch's ``F.bilinear`` with its shape checks.

The product runs as one matrix product, ``x1 @ W`` with ``W`` laid out as
``(in1, out * in2)``, followed by a multiply-and-sum with ``x2`` over ``in2``;
every step is a differentiable mygrad op, so inputs, weight and bias all get
their gradients (no loop over samples or output features).
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.conversion import tensor
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import data_of
from mygrad.ops.linalg import matmul
from mygrad.ops.reductions import sum as sum_
from mygrad.ops.axes import transpose
from mygrad.ops.shape import reshape

__all__ = ["bilinear"]


def _as_tensor(value: Any, constant: Optional[bool]) -> Tensor:
    if isinstance(value, Tensor):
        return value
    return tensor(value, constant=True if constant is None else constant)


def bilinear(input1: Any, input2: Any, weight: Any, bias: Any = None, *,
             constant: Optional[bool] = None) -> Tensor:
    """``y[..., k] = input1[...] @ weight[k] @ input2[...] + bias[k]``.

    Parameters
    ----------
    input1 : ArrayLike
        Shape ``(*, in1)``.
    input2 : ArrayLike
        Shape ``(*, in2)``: the same leading shape ``*`` as ``input1`` (none for one sample).
    weight : ArrayLike, shape (out, in1, in2)
    bias : Optional[ArrayLike], shape (out,)

    Returns
    -------
    Tensor
        Shape ``(*, out)``.

    Raises
    ------
    RuntimeError
        When the shapes do not fit together (PyTorch's exception class), naming both sizes.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> x1, x2 = mg.tensor([[1.0, 2.0]]), mg.tensor([[3.0, 0.0, 1.0]])
    >>> w = mg.tensor(np.ones((1, 2, 3)))          # one output feature
    >>> y = F.bilinear(x1, x2, w, bias=mg.tensor([0.5]))
    >>> y                       # (1 + 2) * (3 + 0 + 1) + 0.5
    Tensor([[12.5]])
    >>> y.sum().backward()
    >>> x1.grad, x2.grad        # dy/dx1 = W x2, dy/dx2 = x1 W
    (array([[4., 4.]]), array([[3., 3., 3.]]))
    """
    s1, s2, sw = (np.shape(data_of(v)) for v in (input1, input2, weight))
    if len(sw) != 3:
        raise RuntimeError(f"bilinear(): weight must have shape (out_features, in1_features, in2_features); "
                           f"got {sw}")
    if len(s1) == 0 or len(s2) == 0:
        raise RuntimeError(f"bilinear(): inputs must have at least one dimension (the features); got shapes "
                           f"{s1} and {s2}")
    if len(s1) != len(s2):
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {len(s1)} and {len(s2)}")
    for axis, (a, b) in enumerate(zip(s1[:-1], s2[:-1])):
        if a != b:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {axis}: got {a} and {b}")
    if s1[-1] != sw[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {s1[-1]} but expected {sw[1]}")
    if s2[-1] != sw[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {s2[-1]} but expected {sw[2]}")
    if bias is not None and np.shape(data_of(bias)) != (sw[0],):
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got {np.shape(data_of(bias))} but "
                           f"expected ({sw[0]},)")
    out, in1, in2 = sw
    x1, x2, w = (_as_tensor(v, constant) for v in (input1, input2, weight))
    lead = s1[:-1]
    n = int(np.prod(lead))  # (explicit: -1 is ambiguous for empty arrays)
    flat = matmul(reshape(x1, (n, in1)), reshape(transpose(w, (1, 0, 2)), (in1, out * in2)))  # (B, out * in2)
    y = sum_(reshape(flat, (n, out, in2)) * reshape(x2, (n, 1, in2)), axis=-1)  # (B, out)
    y = reshape(y, lead + (out,))
    return y if bias is None else y + _as_tensor(bias, constant)
