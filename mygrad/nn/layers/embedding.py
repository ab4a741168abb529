"""``Embedding``: a learnable lookup table of vectors, indexed by integer ids."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn import init
from mygrad._arg_errors import reword
from mygrad.nn.layers._common import check_size, empty_parameter, factory_dtype, flag_truth
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource
from mygrad.autodiff.tensor import Tensor

__all__ = ["Embedding"]


class Embedding(Module):
    """Map integer ids to rows of a learnable ``(num_embeddings, embedding_dim)`` table.

    Parameters
    ----------
    num_embeddings : int
        The vocabulary size.
    embedding_dim : int
        The size of each vector.
    padding_idx : Optional[int]
        An id whose row is initialised to zeros and receives no gradient
        (negative values count from the end).
    max_norm, norm_type, scale_grad_by_freq, sparse
        PyTorch's options, passed on to :func:`mygrad.nn.functional.embedding`.
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values, N(0, 1) as PyTorch (NumPy's global random state by default).

    Shape
    -----
    input: integer array of any shape ``(*)`` -> output ``(*, embedding_dim)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> emb = nn.Embedding(10, 3, padding_idx=0)
    >>> emb
    Embedding(10, 3, padding_idx=0)
    >>> out = emb(np.array([[0, 2], [4, 9]]))
    >>> out.shape, out.data[0, 0].tolist()
    ((2, 2, 3), [0.0, 0.0, 0.0])
    """

    def __init__(
        self, num_embeddings: int, embedding_dim: int, padding_idx: Optional[int] = None,
        max_norm: Optional[float] = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
        sparse: bool = False, _weight: Any = None, _freeze: bool = False, device: Any = None, dtype: Any = None,
        *, generator: Optional[RandomSource] = None,
    ) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.num_embeddings = check_size("Embedding", "num_embeddings", num_embeddings, 1)
        self.embedding_dim = check_size("Embedding", "embedding_dim", embedding_dim, 1)
        self.padding_idx = None if padding_idx is None else _padding_row(padding_idx, self.num_embeddings)
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        if _weight is None:
            sizes = f"num_embeddings={num_embeddings}, embedding_dim={embedding_dim}"
            self.weight = Parameter(empty_parameter("Embedding", sizes, (num_embeddings, embedding_dim), dtype),
                                    requires_grad=not _freeze)
            self.reset_parameters(generator)
        else:
            weight = np.asarray(_weight.data if isinstance(_weight, Tensor) else _weight)
            if weight.shape != (num_embeddings, embedding_dim):
                raise ValueError(
                    f"_weight must have shape ({num_embeddings}, {embedding_dim}); got {weight.shape}"
                )
            self.weight = Parameter(weight, requires_grad=not _freeze)

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """Draw the table from N(0, 1) and zero the padding row."""
        init.normal_(self.weight, generator=generator)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0

    def forward(self, input: Any) -> Any:
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)

    @classmethod
    def from_pretrained(
        cls, embeddings: Any, freeze: bool = True, padding_idx: Optional[int] = None,
        max_norm: Optional[float] = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> "Embedding":
        """An Embedding whose table is ``embeddings`` (2-D), frozen by default."""
        try:
            table = np.asarray(embeddings.data if isinstance(embeddings, Tensor) else embeddings)
        except ValueError as error:  # (a ragged list)
            raise ValueError(f"Embedding.from_pretrained: embeddings must be a 2-D array; got {embeddings!r:.60} "
                             f"({error})") from error
        if table.ndim != 2:
            raise ValueError(f"Embedding.from_pretrained: embeddings must be 2-D (num_embeddings, embedding_dim); got "
                             f"shape {table.shape}")
        if table.dtype.kind != "f":  # (PyTorch keeps an integer table as a frozen one; mygrad's parameters are floats)
            raise TypeError(f"Embedding.from_pretrained: embeddings must be floating-point; got dtype {table.dtype}")
        freeze = flag_truth("Embedding.from_pretrained", "freeze", freeze)
        return cls(table.shape[0], table.shape[1], padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                   _weight=table, _freeze=freeze, dtype=table.dtype)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += ", scale_grad_by_freq=True"
        if self.sparse:
            text += ", sparse=True"
        return text


def _padding_row(padding_idx: Any, num_embeddings: int) -> int:
    """``padding_idx`` as a row of the table (negative ids count from the end), or PyTorch's class of refusal
    (TypeError for a string, ValueError for an array, IndexError for a fraction), naming the argument."""
    try:
        within = -num_embeddings <= padding_idx < num_embeddings
    except (TypeError, ValueError) as error:
        shown = f"<{type(padding_idx).__name__} of shape {np.shape(padding_idx)}>" if hasattr(padding_idx, "shape") \
            else f"{padding_idx!r:.60}"
        renamed = reword(error, f"Embedding: padding_idx must be None or an int; got {shown} ({error})")
        if renamed is error:
            raise
        raise renamed from error
    if not within:
        raise ValueError(f"Embedding: padding_idx must be within [-{num_embeddings}, {num_embeddings}); "
                         f"got {padding_idx!r:.60}")
    if not isinstance(padding_idx, (int, np.integer, np.bool_)):  # (a 0-d array or tensor too: it indexes a row)
        raise IndexError(f"Embedding: padding_idx must be an int (it indexes a row); got {padding_idx!r:.60} of type "
                         f"{type(padding_idx).__name__}")
    return int(padding_idx) % num_embeddings
