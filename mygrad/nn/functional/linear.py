"""``linear``: ``x @ W.T + b``, fused in one operation (two BLAS products in backward).

Two matrix-product shapes that NumPy + OpenBLAS handle badly are routed
around here (measured with NumPy 2.4, OpenBLAS 0.3.31, one thread; the
numbers are per product on a 2-core x86-64 machine):

* the weight gradient ``G.T @ x`` of a single sample has an inner dimension
  of 1 (an outer product), which ``np.matmul`` does not hand to BLAS: 500 us
  for 512x784 against 90 us through ``np.einsum``, which is used for it;
* the forward product ``x @ W.T`` of a small float32 batch takes up to
  twice as long as the same product computed as ``(W @ x.T).T``, which is
  used for those shapes (copied back to row-major order, which costs little
  at these sizes). Where the transposed order wins depends on the batch and
  the layer's width (measured over batches 2-96, 64-2048 inputs and 128-2048
  outputs: 0.5-0.7x the time inside the region :func:`_transposed_is_faster`
  draws, up to 1.7x slower outside it, e.g. 64 rows into a layer of 64
  inputs). Elsewhere, and for float64, the two orders are within noise of
  each other and ``x @ W.T`` is kept.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.linalg import as_rows

from mygrad.nn.functional._utils import data_of

__all__ = ["linear"]


# The fewest rows for which the transposed forward order wins, by the layer's outputs (at least the key).
_TRANSPOSED_FIRST_ROW = ((1024, 2), (512, 3), (256, 6), (128, 12))


def _transposed_is_faster(rows: int, n_in: int, n_out: int) -> bool:
    """Whether OpenBLAS computes a float32 ``x @ W.T`` faster as ``(W @ x.T).T`` (measured; see the module notes).

    The transposed order wins from a few rows (the wider the layer, the
    fewer) up to 32 rows for layers of fewer than 256 outputs, 48 for
    narrow inputs, 64 for 512 or more inputs.

    >>> _transposed_is_faster(2, 1024, 1024), _transposed_is_faster(2, 784, 256), _transposed_is_faster(64, 64, 512)
    (True, False, False)
    """
    first = next((row for width, row in _TRANSPOSED_FIRST_ROW if n_out >= width), None)
    if first is None:
        return False
    last = 32 if n_out < 256 else 64 if n_in >= 512 else 48
    return first <= rows <= last


def times_transpose(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``x @ w.T`` for a 2-D ``w``, in whichever order BLAS computes faster for these shapes.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(6, dtype=np.float32).reshape(2, 3)
    >>> times_transpose(x, np.ones((2, 3), dtype=np.float32))
    array([[ 3.,  3.],
           [12., 12.]], dtype=float32)
    """
    if (x.ndim == 2 and x.dtype == np.float32 and w.dtype == np.float32
            and _transposed_is_faster(x.shape[0], w.shape[1], w.shape[0])):
        return np.ascontiguousarray((w @ x.T).T)
    return x @ w.T


def transpose_times(g: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``g.T @ x`` for 2-D ``g`` and ``x`` (a sum of outer products over rows); one row goes to ``einsum``.

    Examples
    --------
    >>> import numpy as np
    >>> transpose_times(np.array([[1.0, 2.0]]), np.array([[3.0, 4.0, 5.0]]))
    array([[ 3.,  4.,  5.],
           [ 6.,  8., 10.]])
    """
    if g.shape[0] == 1:
        return np.einsum("ni,nj->ij", g, x)
    return g.T @ x


class Linear(Operation):
    def __call__(self, x, w, *bias):
        self.variables = (x, w, *bias)
        xd = x.data
        out = times_transpose(as_rows(xd), w.data)
        if bias:
            out += bias[0].data
        return out if xd.ndim == 2 else out.reshape(*xd.shape[:-1], out.shape[-1])

    def backward_var(self, grad, index, **kwargs):
        x, w = self.variables[:2]
        rows = self._rows_of(grad)
        if index == 0:
            return (rows @ w.data).reshape(x.shape)  # d(x W^T)/dx: G W
        if index == 2:
            return rows.sum(axis=0)  # d/db: sum of G over all rows
        return transpose_times(rows, as_rows(x.data))  # d/dW = G^T x, over every leading axis

    _grad_rows: Tuple[Any, Any] = (None, None)

    def _rows_of(self, grad: np.ndarray) -> np.ndarray:
        """``grad`` as one matrix of rows, made once for the (up to three) gradients of one backward pass: it is
        a copy when ``grad``'s memory is not in row order (a gradient that arrives transposed, from attention)."""
        seen, rows = self._grad_rows
        if seen is not grad:
            rows = as_rows(grad)
            self._grad_rows = (grad, rows)
        return rows


def _shape(x: Any) -> Tuple[int, ...]:
    return x.shape if isinstance(x, (Tensor, np.ndarray)) else np.shape(data_of(x))


def linear(input: Any, weight: Any, bias: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """Affine map ``input @ weight.T + bias``, as PyTorch (``weight`` has shape (out, in)).

    Parameters
    ----------
    input : ArrayLike, shape=(..., in_features)
    weight : ArrayLike, shape=(out_features, in_features)
    bias : Optional[ArrayLike], shape=(out_features,)

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import linear
    >>> linear(mg.tensor([[1.0, 2.0]]), mg.tensor([[1.0, 1.0], [0.0, 1.0]]), mg.tensor([0.5, 0.0]))
    Tensor([[3.5, 2. ]])
    """
    x_shape, w_shape = _shape(input), _shape(weight)
    if len(w_shape) != 2:
        raise ValueError(f"linear: weight must have shape (out_features, in_features); got {w_shape}")
    if len(x_shape) < 1 or x_shape[-1] != w_shape[1]:
        raise ValueError(f"linear: input's last dimension must equal in_features={w_shape[1]}; "
                         f"got input shape {x_shape}")
    if bias is not None and _shape(bias) != (w_shape[0],):
        raise ValueError(f"linear: bias must have shape ({w_shape[0]},); got {_shape(bias)}")
    tensors = (input, weight) if bias is None else (input, weight, bias)
    return execute_op(Linear, *tensors, constant=constant)
