"""``EmbeddingBag``: a table of embeddings summed, averaged or maximised over bags of indices, PyTorch's
``nn.EmbeddingBag``."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn import init
from mygrad.nn.functional.embedding_bags import embedding_bag
from mygrad.nn.layers._common import check_size, empty_parameter, factory_dtype
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource

__all__ = ["EmbeddingBag"]


class EmbeddingBag(Module):
    """Bags of embedding rows reduced to one vector each; see :func:`mygrad.nn.functional.embedding_bag`.

    Parameters
    ----------
    num_embeddings, embedding_dim : int
        The table's shape.
    max_norm : Optional[float]
        Looked-up rows longer than it (in ``norm_type``-norm) are scaled down, in place.
    norm_type : float, default 2
    scale_grad_by_freq : bool, default False
        Divide each row's gradient by its number of uses in the batch (modes sum and mean).
    mode : {'mean', 'sum', 'max'}, default 'mean'
    sparse : bool, default False
        ``True`` is refused: mygrad has no sparse gradients.
    _weight : Optional[ArrayLike]
        An initial table instead of N(0, 1) draws.
    include_last_offset : bool, default False
        ``offsets`` ends with the end of the last bag.
    padding_idx : Optional[int]
        Entries equal to it are left out of their bags; its row starts at zero.
    device, dtype, generator
        As for :class:`~mygrad.nn.Embedding`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> bag = nn.EmbeddingBag(10, 3, mode="sum", generator=np.random.default_rng(0))
    >>> bag
    EmbeddingBag(10, 3, mode='sum')
    >>> bag(np.array([1, 2, 4, 5, 4, 3, 2, 9]), offsets=np.array([0, 4])).shape
    (2, 3)
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, max_norm: Optional[float] = None,
                 norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                 _weight: Any = None, include_last_offset: bool = False, padding_idx: Optional[int] = None,
                 device: Any = None, dtype: Any = None, *, generator: Optional[RandomSource] = None) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.num_embeddings = check_size("EmbeddingBag", "num_embeddings", num_embeddings, 1)
        self.embedding_dim = check_size("EmbeddingBag", "embedding_dim", embedding_dim, 1)
        if padding_idx is not None:
            if isinstance(padding_idx, (bool, np.bool_)) or not isinstance(padding_idx, (int, np.integer)):
                raise TypeError(f"EmbeddingBag: padding_idx must be None or an int; got {padding_idx!r:.60}")
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError(f"EmbeddingBag: padding_idx must be within num_embeddings={num_embeddings}; "
                                     f"got {padding_idx}")
            padding_idx = int(padding_idx) % num_embeddings
        if not isinstance(mode, str) or mode not in ("sum", "mean", "max"):
            raise ValueError(f"EmbeddingBag: mode has to be one of sum, mean or max; got {mode!r}")
        if sparse:
            raise NotImplementedError("EmbeddingBag: sparse=True is not supported (mygrad has no sparse gradients)")
        self.max_norm, self.norm_type, self.scale_grad_by_freq = max_norm, norm_type, scale_grad_by_freq
        self.mode, self.sparse, self.include_last_offset, self.padding_idx = mode, sparse, include_last_offset, \
            padding_idx
        if _weight is None:
            sizes = f"num_embeddings={num_embeddings}, embedding_dim={embedding_dim}"
            self.weight = Parameter(empty_parameter("EmbeddingBag", sizes, (num_embeddings, embedding_dim), dtype))
            self.reset_parameters(generator)
        else:
            weight = np.asarray(_weight.data if isinstance(_weight, Tensor) else _weight)
            if weight.shape != (num_embeddings, embedding_dim):
                raise AssertionError(f"EmbeddingBag: _weight must have shape ({num_embeddings}, {embedding_dim}); "
                                     f"got {weight.shape}")
            self.weight = Parameter(weight)

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """Draw the table from N(0, 1) and zero the padding row."""
        init.normal_(self.weight, generator=generator)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0

    def forward(self, input: Any, offsets: Any = None, per_sample_weights: Any = None) -> Tensor:
        return embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type, self.scale_grad_by_freq,
                             self.mode, self.sparse, per_sample_weights, self.include_last_offset, self.padding_idx)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq is not False:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        s += f", mode={self.mode!r}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        return s
