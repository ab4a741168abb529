"""Padding variable-length sequences into one batch and back: ``pad_sequence`` and ``unpad_sequence``,
as ``torch.nn.utils.rnn`` (a ``collate_fn``'s usual tool). Both are differentiable: the padded batch is made
of the sequences by joining ops, and each unpadded sequence is a slice of the batch.

(PyTorch's packed sequences - ``pack_padded_sequence`` and friends - are not here: the recurrent layers take
padded batches.)
"""

from __future__ import annotations

from typing import Any, List, Sequence

import numpy as np

from mygrad.autodiff.tensor import Tensor, data_of
from mygrad.ops.joining import concatenate, stack
from mygrad.ops.shape import reshape

__all__ = ["pad_sequence", "unpad_sequence"]


def pad_sequence(sequences: Sequence[Any], batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """Stack sequences of different lengths into one batch, padding each to the longest.

    Parameters
    ----------
    sequences : sequence of ArrayLike, shapes (L_i, ...)
        The same trailing shape ``*`` for all.
    batch_first : bool, default False
        Return shape ``(B, L_max, ...)`` instead of ``(L_max, B, ...)``.
    padding_value : float, default 0.0
    padding_side : {"right", "left"}, default "right"

    Returns
    -------
    Tensor
        The padded batch; gradients flow back to each sequence (none to the padding).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.utils.rnn import pad_sequence
    >>> a, b = mg.tensor([1.0, 2.0, 3.0]), mg.tensor([4.0])
    >>> batch = pad_sequence([a, b], batch_first=True)
    >>> batch
    Tensor([[1., 2., 3.],
            [4., 0., 0.]])
    >>> (batch * batch).sum().backward()
    >>> b.grad
    array([8.])
    """
    if padding_side not in ("right", "left"):
        raise ValueError(f"pad_sequence: padding_side must be 'right' or 'left'; got {padding_side!r}")
    if isinstance(sequences, (Tensor, np.ndarray)) or len(sequences) == 0:
        raise TypeError("pad_sequence: expected a non-empty list of sequences (arrays or tensors of shape (L, ...))")
    shapes = [np.shape(data_of(s)) for s in sequences]
    if any(len(shape) == 0 for shape in shapes) or len({shape[1:] for shape in shapes}) != 1:
        raise ValueError(f"pad_sequence: every sequence must have shape (L, ...) with the same trailing shape; got "
                         f"shapes {shapes}")
    longest = max(shape[0] for shape in shapes)
    dtype = np.result_type(*[data_of(s) for s in sequences])
    padded = []
    for sequence, shape in zip(sequences, shapes):
        fill = np.full((longest - shape[0],) + shape[1:], padding_value, dtype=dtype)
        pieces = [sequence, fill] if padding_side == "right" else [fill, sequence]
        padded.append(concatenate(pieces, axis=0) if fill.size or shape[0] == 0 else
                      (sequence if isinstance(sequence, Tensor) else reshape(sequence, shape)))
    return stack(padded, axis=0 if batch_first else 1)


def unpad_sequence(padded_sequences: Any, lengths: Sequence[int], batch_first: bool = False) -> List[Tensor]:
    """The sequences of a right-padded batch, each cut to its length: the inverse of :func:`pad_sequence`.

    Parameters
    ----------
    padded_sequences : ArrayLike, shape (L_max, B, ...) or (B, L_max, ...)
    lengths : sequence of int
        The length of each of the ``B`` sequences.
    batch_first : bool, default False

    Returns
    -------
    List[Tensor]
        Slices of the batch (differentiable).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.utils.rnn import unpad_sequence
    >>> [s.tolist() for s in unpad_sequence(np.array([[1, 2, 3], [4, 0, 0]]), [3, 1], batch_first=True)]
    [[1, 2, 3], [4]]
    """
    shape = np.shape(data_of(padded_sequences))
    batch_axis = 0 if batch_first else 1
    lengths = [int(n) for n in np.asarray(data_of(lengths)).reshape(-1)]
    if len(shape) < 2 or len(lengths) != shape[batch_axis]:
        raise ValueError(f"unpad_sequence: expected {shape[batch_axis] if len(shape) > 1 else '?'} lengths for a "
                         f"batch of shape {shape}; got {len(lengths)}")
    batch = padded_sequences if isinstance(padded_sequences, Tensor) else Tensor(np.asarray(padded_sequences),
                                                                                  constant=True)
    return [batch[i, :n] if batch_first else batch[:n, i] for i, n in enumerate(lengths)]
