"""``embedding`` (a differentiable table lookup) and ``one_hot``."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.modes import no_autodiff
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import data_of
from mygrad.ops.indexing import add_at_rows

__all__ = ["embedding", "one_hot"]


class Embedding(Operation):
    def __call__(self, weight, indices, padding_idx, scale_grad_by_freq=False):
        self.variables = (weight,)
        self.indices, self.padding_idx = indices, padding_idx
        self.scale_grad_by_freq = scale_grad_by_freq
        return weight.data[indices]

    def backward_var(self, grad, index, **kwargs):
        # each looked-up row receives the sum of the gradients of its uses
        n_rows, dim = self.variables[0].shape
        dw = np.zeros((n_rows, dim), dtype=grad.dtype)
        rows = self.indices.reshape(-1) % max(n_rows, 1)
        add_at_rows(dw, rows, grad.reshape(-1, dim))
        if self.scale_grad_by_freq:  # ... divided by how often the row was looked up in this batch
            uses = np.bincount(rows, minlength=n_rows)
            looked_up = uses > 0
            dw[looked_up] /= uses[looked_up, None].astype(dw.dtype)
        if self.padding_idx is not None:
            dw[self.padding_idx] = 0  # the padding row is never trained
        return dw


def _renormalize_rows(weight: Any, idx: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Scale the looked-up rows of ``weight`` whose ``norm_type``-norm exceeds ``max_norm`` down to it, in place.

    As in PyTorch this is a modification of the table itself, outside the graph.
    """
    table = data_of(weight)
    rows = np.unique(idx.reshape(-1) % table.shape[0])
    looked_up = table[rows]
    norms = np.linalg.norm(looked_up, ord=norm_type, axis=1)
    too_long = norms > max_norm
    if not too_long.any():
        return
    rows = rows[too_long]
    scaled = looked_up[too_long] * (max_norm / (norms[too_long] + 1e-7))[:, None].astype(table.dtype)
    if isinstance(weight, Tensor):
        with no_autodiff:  # refused with a clear message if a live graph still reads the table
            weight[rows] = scaled
    else:
        table[rows] = scaled


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
    gets no gradient. With ``max_norm``, every looked-up row whose
    ``norm_type``-norm exceeds it is first scaled down to that norm - in place,
    in ``weight`` itself, as PyTorch does. With ``scale_grad_by_freq``, a row's
    gradient is divided by the number of times the row occurs in ``input``.
    ``sparse=True`` is refused: mygrad has no sparse gradients.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import embedding
    >>> embedding([2, 0], mg.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]))
    Tensor([[4., 5.],
            [0., 1.]])
    """
    if sparse:
        raise NotImplementedError("embedding: sparse=True is not supported (mygrad has no sparse gradients)")
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
    if max_norm is not None:
        if not max_norm > 0:
            raise ValueError(f"embedding: max_norm must be positive; got {max_norm}")
        _renormalize_rows(weight, idx, max_norm, norm_type)
    return execute_op(Embedding, weight, op_args=(idx, padding_idx, bool(scale_grad_by_freq)), constant=constant)


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
