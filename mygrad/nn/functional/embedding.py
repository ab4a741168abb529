"""``embedding`` (a differentiable table lookup) and ``one_hot``."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.operation import Operation, execute_op
from mygrad.tensor import Tensor

from mygrad.nn.functional._utils import data_of

__all__ = ["embedding", "one_hot"]


class Embedding(Operation):
    def __call__(self, weight, indices, padding_idx):
        self.variables = (weight,)
        self.indices, self.padding_idx = indices, padding_idx
        return weight.data[indices]

    def backward_var(self, grad, index, **kwargs):
        # each looked-up row receives the sum of the gradients of its uses
        dw = np.zeros(self.variables[0].shape, dtype=grad.dtype)
        np.add.at(dw, self.indices.reshape(-1), grad.reshape(-1, dw.shape[1]))
        if self.padding_idx is not None:
            dw[self.padding_idx] = 0  # the padding row is never trained
        return dw


def _int_indices(x: Any, name: str) -> np.ndarray:
    arr = np.asarray(data_of(x))
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integers; got dtype {arr.dtype}")
    return arr


def embedding(input: Any, weight: Any, padding_idx: Optional[int] = None, max_norm: Optional[float] = None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False, *,
              constant: Optional[bool] = None) -> Tensor:
    """Look up rows of ``weight`` (num_embeddings, dim) at the integer ``input`` indices.

    The result has shape ``input.shape + (dim,)``. The row ``padding_idx``
    gets no gradient. ``max_norm``, ``scale_grad_by_freq`` and ``sparse``
    are not supported.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import embedding
    >>> embedding([2, 0], mg.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]))
    Tensor([[4., 5.],
            [0., 1.]])
    """
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError("embedding: max_norm, scale_grad_by_freq and sparse are not supported")
    idx = _int_indices(input, "embedding indices")
    w_shape = np.shape(data_of(weight))
    if len(w_shape) != 2:
        raise ValueError(f"embedding: weight must have shape (num_embeddings, embedding_dim); got {w_shape}")
    if idx.size and (idx.min() < -w_shape[0] or idx.max() >= w_shape[0]):
        raise IndexError(f"embedding: indices must be in [0, {w_shape[0]}); got values in "
                         f"[{idx.min()}, {idx.max()}]")
    if padding_idx is not None:
        if not -w_shape[0] <= padding_idx < w_shape[0]:
            raise ValueError(f"embedding: padding_idx must be within num_embeddings={w_shape[0]}; got {padding_idx}")
        padding_idx %= w_shape[0]
    return execute_op(Embedding, weight, op_args=(idx, padding_idx), constant=constant)


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """Integer class indices of any shape to a one-hot int64 tensor of shape ``(*shape, num_classes)``.

    ``num_classes=-1`` uses ``max(tensor) + 1``.

    Examples
    --------
    >>> from mygrad.nn.functional import one_hot
    >>> one_hot([0, 2])
    Tensor([[1, 0, 0],
            [0, 0, 1]])
    """
    idx = _int_indices(tensor, "one_hot input")
    if num_classes == -1:
        num_classes = int(idx.max()) + 1 if idx.size else 0
    if idx.size and (idx.min() < 0 or idx.max() >= num_classes):
        raise ValueError(f"one_hot: class values must be in [0, {num_classes}); got values in "
                         f"[{idx.min()}, {idx.max()}]")
    out = (idx[..., None] == np.arange(num_classes)).astype(np.int64)
    return Tensor(out, constant=True, copy=False)
