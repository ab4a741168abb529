"""``embedding_bag``: sums, means or maxima of bags of embedding rows, without the intermediate rows' graph.

The bags are given as a 2-D ``input`` (one bag per row) or as a 1-D
``input`` cut at ``offsets``. Each element gets its bag's number, and one
``np.add.at`` (sum, mean) or ``np.maximum.at`` (max) over those numbers
builds every bag at once; the backward pass scatters the bags' gradients
back to the rows (and to ``per_sample_weights``) the same way.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.functional.embedding import _renormalize_rows
from mygrad.ops.indexing import add_at_rows

__all__ = ["embedding_bag"]

_MODES = ("sum", "mean", "max")


class EmbeddingBag(Operation):
    """``out[b] = reduce_{m in bag b} w_m * weight[idx_m]`` (``w`` the per-sample weights, 1 without them)."""

    def __call__(self, weight, *psw, idx, bag, n_bags, mode, scale_grad_by_freq):
        self.variables = (weight,) + psw
        self.idx, self.bag, self.mode, self.n_bags = idx, bag, mode, n_bags
        self.scale = scale_grad_by_freq
        table = weight.data
        rows = table[idx]  # (M, D)
        if psw:
            rows = rows * psw[0].data[:, None]
        out = np.zeros((n_bags, table.shape[1]), dtype=table.dtype)
        if mode == "max":
            if idx.size:
                out.fill(-np.inf)
                np.maximum.at(out, bag, rows)
                out[np.isneginf(out).all(axis=1)] = 0  # an empty bag is zeros, as in PyTorch
                # the first element that reaches each bag's maximum takes its gradient
                position = np.where(rows == out[bag], np.arange(idx.size)[:, None], idx.size)
                self.first = np.full(out.shape, idx.size)
                np.minimum.at(self.first, bag, position)
            return out
        add_at_rows(out, bag, rows)
        self.count = np.bincount(bag, minlength=n_bags).astype(table.dtype)
        if mode == "mean":
            out /= np.maximum(self.count, 1)[:, None]
        return out

    def backward_var(self, grad, index, **kwargs):
        weight = self.variables[0]
        n_rows, dim = weight.shape
        if self.mode == "max":
            dw = np.zeros((n_rows, dim), dtype=grad.dtype)
            if not self.idx.size:
                return dw
            bags, features = np.nonzero(self.first < self.idx.size)
            np.add.at(dw, (self.idx[self.first[bags, features]], features), grad[bags, features])
            return dw
        g = grad / np.maximum(self.count, 1)[:, None] if self.mode == "mean" else grad
        g_rows = g[self.bag]  # (M, D): each element's share of its bag's gradient
        if index == 1:  # d out / d psw_m = weight[idx_m] (mode sum)
            return (g_rows * weight.data[self.idx]).sum(axis=1)
        if len(self.variables) > 1:
            g_rows = g_rows * self.variables[1].data[:, None]
        dw = np.zeros((n_rows, dim), dtype=grad.dtype)
        add_at_rows(dw, self.idx, g_rows)
        if self.scale:  # a row's gradient divided by how often it occurs in the batch
            uses = np.bincount(self.idx, minlength=n_rows)
            dw[uses > 0] /= uses[uses > 0, None].astype(dw.dtype)
        return dw


def _bags(idx: np.ndarray, offsets: Any, include_last_offset: bool):
    """Each element's bag number and the number of bags."""
    if idx.ndim == 2:
        if offsets is not None:
            raise ValueError("embedding_bag: if input is 2D, then offsets has to be None, as input is treated as a "
                             f"mini-batch of fixed length sequences; got offsets of type {type(offsets).__name__}")
        return np.repeat(np.arange(idx.shape[0]), idx.shape[1]), idx.shape[0]
    if idx.ndim != 1:
        raise ValueError(f"embedding_bag: input has to be 1D or 2D; got {idx.ndim}D input of shape {idx.shape}")
    if offsets is None:
        raise ValueError("embedding_bag: offsets has to be a 1D array (the start of each bag in the 1D input) "
                         "but got None")
    off = np.asarray(data_of(offsets))
    if off.ndim != 1 or off.dtype.kind not in "iu":
        raise ValueError(f"embedding_bag: offsets has to be a 1D array of integers; got shape {off.shape} and "
                         f"dtype {off.dtype}")
    if off.size and off[0] != 0:
        raise RuntimeError(f"embedding_bag: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has "
                           f"to start from position 0; got {off[0]}")
    if off.size and off[-1] > idx.size:
        raise RuntimeError(f"embedding_bag: offsets[-1] can not be greater than input's length {idx.size}; got "
                           f"{off[-1]}")
    if (np.diff(off) < 0).any():
        raise RuntimeError(f"embedding_bag: offsets must be non-decreasing; got {off.tolist()[:20]}")
    if include_last_offset:  # offsets[-1] ends the last bag; elements after it belong to no bag
        if off.size == 0:
            raise ValueError("embedding_bag: include_last_offset=True needs at least one offset")
        n_bags, ends = off.size - 1, off[1:]
    else:
        n_bags, ends = off.size, np.append(off[1:], idx.size)
    return np.repeat(np.arange(n_bags), ends - off[:n_bags]), n_bags


def embedding_bag(input: Any, weight: Any, offsets: Any = None, max_norm: Optional[float] = None,
                  norm_type: float = 2, scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                  per_sample_weights: Any = None, include_last_offset: bool = False,
                  padding_idx: Optional[int] = None, *, constant: Optional[bool] = None) -> Tensor:
    """Sum, mean or maximum of each bag of rows of ``weight`` (num_embeddings, dim), PyTorch's ``embedding_bag``.

    Parameters
    ----------
    input : ArrayLike of ints
        ``(B, L)``: ``B`` bags of ``L`` indices; or ``(M,)`` indices cut into bags at ``offsets``.
    weight : ArrayLike, shape (num_embeddings, dim)
    offsets : Optional[ArrayLike of ints]
        With a 1-D ``input``, the start of each bag (the first 0, non-decreasing).
    max_norm : Optional[float]
        Rows looked up whose ``norm_type``-norm exceeds it are scaled down to it, in place, as PyTorch.
    scale_grad_by_freq : bool
        Divide each row's gradient by how often it occurs in ``input`` (modes sum and mean), as documented
        for PyTorch (whose CPU kernel in 2.13 divides every row by the count of one index instead).
    mode : {'mean', 'sum', 'max'}
        An empty bag gives zeros in every mode.
    per_sample_weights : Optional[ArrayLike], shaped like ``input``
        Weights of the rows in the sum (mode ``'sum'`` only); they get gradients too.
    include_last_offset : bool
        ``offsets`` has one more entry, the end of the last bag.
    padding_idx : Optional[int]
        Entries equal to it are left out of their bags (not counted in the mean).

    Returns
    -------
    Tensor, shape (B, dim)

    Examples
    --------
    >>> import mygrad as mg
    >>> import mygrad.nn.functional as F
    >>> w = mg.tensor([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0]])
    >>> F.embedding_bag([0, 1, 2, 2], w, offsets=[0, 1], mode="sum")   # bags [0] and [1, 2, 2]
    Tensor([[1., 0.],
            [6., 8.]])
    """
    if sparse:
        raise NotImplementedError("embedding_bag: sparse=True is not supported (mygrad has no sparse gradients)")
    if not isinstance(mode, str) or mode not in _MODES:
        raise ValueError(f"embedding_bag: mode has to be one of sum, mean or max; got {mode!r}")
    idx = np.asarray(data_of(input))
    if idx.dtype.kind not in "iu":
        raise TypeError(f"embedding_bag: input must hold integer indices; got dtype {idx.dtype}")
    w_shape = np.shape(data_of(weight))
    if len(w_shape) != 2:
        raise ValueError(f"embedding_bag: weight must have shape (num_embeddings, embedding_dim); got {w_shape}")
    n_rows = w_shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n_rows):
        raise IndexError(f"embedding_bag: indices must be in [0, {n_rows}); got values in [{idx.min()}, {idx.max()}]")
    if per_sample_weights is not None:
        if mode != "sum":
            raise NotImplementedError(f"embedding_bag: per_sample_weights is only supported for mode='sum' "
                                      f"(got mode={mode!r})")
        if np.shape(data_of(per_sample_weights)) != idx.shape:
            raise ValueError(f"embedding_bag: per_sample_weights ({np.shape(data_of(per_sample_weights))}) must "
                             f"have the same shape as the input ({idx.shape})")
    if scale_grad_by_freq and mode == "max":
        raise ValueError("embedding_bag: max mode does not support scaling the gradient by the frequency")
    bag, n_bags = _bags(idx, offsets, bool(include_last_offset))
    flat = idx.reshape(-1)[:bag.size]
    keep = np.ones(flat.shape, bool)
    if padding_idx is not None:
        if isinstance(padding_idx, (bool, np.bool_)) or not isinstance(padding_idx, (int, np.integer)) or \
                not -n_rows <= padding_idx < n_rows:
            raise ValueError(f"embedding_bag: padding_idx must be an int within num_embeddings={n_rows}; got "
                             f"{padding_idx!r}")
        keep = flat != padding_idx % n_rows
    if max_norm is not None:
        if not check_real("embedding_bag: max_norm", max_norm) > 0:
            raise ValueError(f"embedding_bag: max_norm must be positive; got {max_norm}")
        _renormalize_rows(weight, flat, max_norm, norm_type)
    psw = ()
    if per_sample_weights is not None:
        w = per_sample_weights
        psw = (w.reshape(-1)[:bag.size][keep] if isinstance(w, Tensor)
               else np.asarray(w, dtype=np.result_type(data_of(weight), np.float32)).reshape(-1)[:bag.size][keep],)
    return execute_op(EmbeddingBag, weight, *psw,
                      op_kwargs=dict(idx=flat[keep], bag=bag[keep], n_bags=n_bags, mode=mode,
                                     scale_grad_by_freq=bool(scale_grad_by_freq)), constant=constant)
