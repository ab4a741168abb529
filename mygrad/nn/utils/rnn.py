"""Variable-length sequences, as ``torch.nn.utils.rnn``: padding them into one batch and back
(``pad_sequence``, ``unpad_sequence``) and PyTorch's packed sequences (``PackedSequence``,
``pack_padded_sequence``, ``pad_packed_sequence``, ``pack_sequence``, ``unpack_sequence``), which ``nn.RNN``,
``nn.LSTM`` and ``nn.GRU`` take as input.

A packed sequence holds the steps of a batch sorted by decreasing length, time step by time step: first the
first step of every sequence, then the second step of every sequence at least two long, and so on.
``batch_sizes[t]`` says how many sequences have a step ``t``. Everything here is differentiable: packing and
padding are gathers (fancy indexing) of the input's rows, so gradients flow back to the sequences.
"""

from __future__ import annotations

from typing import Any, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from mygrad._arg_errors import name_errors, reword
from mygrad.autodiff.tensor import Tensor, data_of
from mygrad.nn.dtypes import to_arguments
from mygrad.ops.casting import astype
from mygrad.ops.joining import concatenate, stack
from mygrad.ops.shape import reshape

__all__ = ["pad_sequence", "unpad_sequence", "PackedSequence", "pack_padded_sequence", "pad_packed_sequence",
           "pack_sequence", "unpack_sequence"]


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


def _converted(convert: Any, value: Any, func: str, what: str) -> Any:
    """``convert(value)``, or its TypeError/ValueError (same class) naming ``func`` and ``what``."""
    try:
        return convert(value)
    except (TypeError, ValueError) as error:
        renamed = reword(error, f"{func}: {what} must be an array of numbers; got {type(value).__name__} ({error})")
        if renamed is error:
            raise
        raise renamed from error


def _as_tensor(value: Any, func: str, what: str) -> Tensor:
    """``value`` itself if a tensor, else a constant tensor of it (refusals naming ``func`` and ``what``)."""
    if isinstance(value, Tensor):
        return value
    return _converted(lambda v: Tensor(np.asarray(v), constant=True), value, func, what)


def _index_array(value: Any, func: str, what: str) -> np.ndarray:
    """``value`` as a 1-d int64 array, or a TypeError/ValueError naming ``func`` and ``what``."""
    array = _converted(lambda v: np.asarray(data_of(v)), value, func, what)
    if array.ndim != 1:
        raise ValueError(f"{func}: {what} must be 1-D; got an array of shape {array.shape}")
    integral = array.dtype.kind in "iu" or array.size == 0 or (
        array.dtype.kind == "f" and bool(np.all(np.isfinite(array))) and bool(np.all(array % 1 == 0)))
    if not integral:
        raise TypeError(f"{func}: {what} must hold integers; got {array.tolist()!r:.60} (dtype {array.dtype})")
    return array.astype(np.int64)


def _inverse_permutation(order: np.ndarray) -> np.ndarray:
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return inverse


class _PackedFields(NamedTuple):
    data: Tensor
    batch_sizes: np.ndarray
    sorted_indices: Optional[np.ndarray]
    unsorted_indices: Optional[np.ndarray]


class PackedSequence(_PackedFields):
    """A batch of variable-length sequences packed step by step, as PyTorch's (a named tuple of four fields).

    Make one with :func:`pack_padded_sequence` or :func:`pack_sequence` rather than by hand; ``nn.RNN``,
    ``nn.LSTM`` and ``nn.GRU`` take one as input and return one as output.

    Parameters
    ----------
    data : ArrayLike, shape (sum of lengths, ...)
        The steps of all sequences, time-major: the ``batch_sizes[0]`` first steps (longest sequence first), then
        the ``batch_sizes[1]`` second steps, and so on.
    batch_sizes : ArrayLike of int, shape (longest length,)
        How many sequences have each step; positive, non-increasing, summing to ``len(data)``.
    sorted_indices : Optional[ArrayLike of int], shape (batch,)
        The original batch index of each sorted sequence (None: the batch was already sorted by length).
    unsorted_indices : Optional[ArrayLike of int], shape (batch,)
        The inverse permutation (computed from ``sorted_indices`` when not given).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.utils.rnn import pack_sequence
    >>> packed = pack_sequence([np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0])], enforce_sorted=False)
    >>> packed.data
    Tensor([3., 1., 4., 2., 5.])
    >>> packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices
    (array([2, 2, 1]), array([1, 0]), array([1, 0]))
    """

    __slots__ = ()

    def __new__(cls, data: Any, batch_sizes: Any, sorted_indices: Any = None,
                unsorted_indices: Any = None) -> "PackedSequence":
        func = "PackedSequence"
        data = _as_tensor(data, func, "data")
        sizes = _index_array(batch_sizes, func, "batch_sizes")
        if sizes.size == 0 or sizes[-1] < 1 or np.any(np.diff(sizes) > 0):
            raise ValueError(f"{func}: batch_sizes must be a non-empty, non-increasing run of positive ints; got "
                             f"{sizes.tolist()}")
        if data.ndim == 0 or data.shape[0] != sizes.sum():
            raise ValueError(f"{func}: data must have sum(batch_sizes) = {sizes.sum()} rows; got shape {data.shape}")
        batch = int(sizes[0])
        if sorted_indices is None and unsorted_indices is not None:
            raise ValueError(f"{func}: unsorted_indices given without sorted_indices")
        if sorted_indices is not None:
            sorted_indices = _index_array(sorted_indices, func, "sorted_indices")
            if sorted(sorted_indices.tolist()) != list(range(batch)):
                raise ValueError(f"{func}: sorted_indices must be a permutation of range({batch}) (the batch); got "
                                 f"{sorted_indices.tolist()}")
            inverse = _inverse_permutation(sorted_indices)
            if unsorted_indices is None:
                unsorted_indices = inverse
            else:
                unsorted_indices = _index_array(unsorted_indices, func, "unsorted_indices")
                if unsorted_indices.shape != inverse.shape or np.any(unsorted_indices != inverse):
                    raise ValueError(f"{func}: unsorted_indices must be the inverse permutation of sorted_indices, "
                                     f"{inverse.tolist()}; got {unsorted_indices.tolist()}")
        return super().__new__(cls, data, sizes, sorted_indices, unsorted_indices)

    def to(self, *args: Any, **kwargs: Any) -> "PackedSequence":
        """The packed sequence with its ``data`` cast to a dtype (differentiably), as PyTorch's ``to``: ``to(dtype)``,
        ``to(device)``, ``to(device, dtype)``, keywords too; the device must be the CPU. Returns ``self`` if
        nothing changes.

        >>> from mygrad.nn.utils.rnn import pack_sequence
        >>> pack_sequence([np.ones(2), np.ones(1)]).to(np.float32).data.dtype
        dtype('float32')
        """
        dtype = to_arguments("PackedSequence.to", args, kwargs)
        if dtype is None or dtype == self.data.dtype:
            return self
        return type(self)(astype(self.data, dtype), self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def cpu(self) -> "PackedSequence":
        """``self`` (mygrad computes on the CPU)."""
        return self

    def float(self) -> "PackedSequence":
        """``to(float32)``."""
        return self.to(np.float32)

    def double(self) -> "PackedSequence":
        """``to(float64)``."""
        return self.to(np.float64)

    @property
    def is_cuda(self) -> bool:
        """False: mygrad computes on the CPU."""
        return False

    def is_pinned(self) -> bool:
        """False (no pinned memory here)."""
        return False


def _batch_sizes(lengths: np.ndarray) -> np.ndarray:
    """The batch sizes of sequences of ``lengths`` (sorted, decreasing): how many are longer than each step."""
    return (lengths[None, :] > np.arange(lengths[0])[:, None]).sum(axis=1)


def pack_padded_sequence(input: Any, lengths: Any, batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    """Pack a right-padded batch of sequences of the given lengths into a :class:`PackedSequence`.

    Parameters
    ----------
    input : ArrayLike, shape (L, B, ...) or (B, L, ...) with ``batch_first``
        The padded batch (what :func:`pad_sequence` makes); the padding is left out.
    lengths : ArrayLike of int, shape (B,)
        Each sequence's length, from 1 to L.
    batch_first : bool, default False
    enforce_sorted : bool, default True
        Require ``lengths`` in decreasing order (the packed sequence's ``sorted_indices`` is then None);
        with False, the batch is sorted here and the order kept in ``sorted_indices``.

    Returns
    -------
    PackedSequence
        Its ``data`` (shape (sum(lengths), ...)) is a differentiable gather of ``input``'s steps.

    Raises
    ------
    RuntimeError
        As PyTorch: lengths not sorted with ``enforce_sorted=True``, a length below 1, or not one length per
        sequence of the batch.
    ValueError
        A length longer than the input's sequence axis.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.utils.rnn import pack_padded_sequence
    >>> batch = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 0.0]])     # (B, L); the second sequence is 2 long
    >>> packed = pack_padded_sequence(batch, [3, 2], batch_first=True)
    >>> packed.data, packed.batch_sizes
    (Tensor([1., 4., 2., 5., 3.]), array([2, 2, 1]))
    >>> (packed.data ** 2).sum().backward()
    >>> batch.grad                                                 # none reaches the padding
    array([[ 2.,  4.,  6.],
           [ 8., 10.,  0.]])
    """
    func = "pack_padded_sequence"
    x = _as_tensor(input, func, "input")
    if x.ndim < 2:
        raise ValueError(f"{func}: input must have shape (L, B, ...) or (B, L, ...) with batch_first; got shape "
                         f"{x.shape}")
    batch_axis, time_axis = (0, 1) if batch_first else (1, 0)
    array = _converted(lambda v: np.asarray(data_of(v)), lengths, func, "lengths")
    if array.ndim != 1:
        raise RuntimeError(f"{func}: 'lengths' argument should be a 1D array of ints, but got {array.ndim}D")
    lengths = _index_array(array, func, "lengths")
    if len(lengths) != x.shape[batch_axis]:
        raise RuntimeError(f"{func}: Expected `len(lengths)` to be equal to batch_size, but got {len(lengths)} "
                           f"(batch_size={x.shape[batch_axis]})")
    if np.any(lengths <= 0):
        raise RuntimeError(f"{func}: Length of all samples has to be greater than 0, but found an element in "
                           f"'lengths' that is <= 0 (lengths {lengths.tolist()})")
    if lengths.max() > x.shape[time_axis]:
        raise ValueError(f"{func}: lengths must be at most the input's sequence length {x.shape[time_axis]} "
                         f"(axis {time_axis}); got a length of {lengths.max()}")
    if enforce_sorted:
        if np.any(np.diff(lengths) > 0):
            raise RuntimeError(f"{func}: `lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                               "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                               "pack_sequence to sidestep this requirement if you do not need ONNX exportability. "
                               f"(lengths {lengths.tolist()})")
        order = None
        sorted_lengths = lengths
    else:
        order = np.argsort(-lengths, kind="stable")
        sorted_lengths = lengths[order]
    steps, rank = np.nonzero(np.arange(len(lengths))[None, :] < _batch_sizes(sorted_lengths)[:, None])
    sequence = rank if order is None else order[rank]
    data = x[sequence, steps] if batch_first else x[steps, sequence]
    return PackedSequence(data, _batch_sizes(sorted_lengths), order)


def _padded_rows(batch_sizes: np.ndarray, total_length: int) -> Tuple[np.ndarray, np.ndarray]:
    """(rows, lengths): the packed row of each (step, sorted sequence), ``sum(batch_sizes)`` for the padding,
    shape (total_length, B); and each sorted sequence's length."""
    batch = int(batch_sizes[0])
    ranks = np.arange(batch)
    starts = np.concatenate([[0], np.cumsum(batch_sizes)[:-1]])
    rows = np.full((total_length, batch), batch_sizes.sum(), dtype=np.int64)
    rows[: len(batch_sizes)] = np.where(ranks[None, :] < batch_sizes[:, None], starts[:, None] + ranks[None, :],
                                        batch_sizes.sum())
    return rows, (batch_sizes[:, None] > ranks[None, :]).sum(axis=0)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: Optional[int] = None) -> Tuple[Tensor, np.ndarray]:
    """Unpack a :class:`PackedSequence` into a right-padded batch, in the original batch order.

    The inverse of :func:`pack_padded_sequence`.

    Parameters
    ----------
    sequence : PackedSequence
    batch_first : bool, default False
        Return shape (B, T, ...) instead of (T, B, ...).
    padding_value : float, default 0.0
    total_length : Optional[int]
        Pad to this many steps (at least the longest length; e.g. the input's length, for a ``DataParallel``-style
        round trip); by default the longest length.

    Returns
    -------
    padded : Tensor, shape (T, B, ...) or (B, T, ...)
        Gradients flow back to ``sequence.data`` (none from the padding).
    lengths : numpy.ndarray of int64, shape (B,)
        Each sequence's length (PyTorch returns an int64 tensor).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.utils.rnn import pack_sequence, pad_packed_sequence
    >>> packed = pack_sequence([np.array([1.0]), np.array([2.0, 3.0])], enforce_sorted=False)
    >>> padded, lengths = pad_packed_sequence(packed, batch_first=True, padding_value=-1.0)
    >>> padded, lengths
    (Tensor([[ 1., -1.],
            [ 2.,  3.]]), array([1, 2]))
    """
    func = "pad_packed_sequence"
    if not isinstance(sequence, PackedSequence):
        raise TypeError(f"{func}: sequence must be a PackedSequence (from pack_padded_sequence or pack_sequence); "
                        f"got {type(sequence).__name__}")
    longest = len(sequence.batch_sizes)
    if total_length is None:
        total_length = longest
    elif isinstance(total_length, (bool, np.bool_)) or not isinstance(total_length, (int, np.integer)):
        raise TypeError(f"{func}: total_length must be an int or None; got {total_length!r:.60}")
    elif total_length < longest:
        raise ValueError(f"{func}: Expected total_length to be at least the length of the longest sequence in "
                         f"input, but got total_length={total_length} and max sequence length being {longest}")
    rows, lengths = _padded_rows(sequence.batch_sizes, int(total_length))
    if sequence.unsorted_indices is not None:
        rows, lengths = rows[:, sequence.unsorted_indices], lengths[sequence.unsorted_indices]
    data = sequence.data
    fill = np.full((1,) + data.shape[1:], padding_value, dtype=data.dtype)
    padded = concatenate([data, fill], axis=0)[rows.T if batch_first else rows]
    return padded, lengths


def pack_sequence(sequences: Sequence[Any], enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of sequences of different lengths: :func:`pad_sequence` then :func:`pack_padded_sequence`.

    Parameters
    ----------
    sequences : sequence of ArrayLike, shapes (L_i, ...)
        The same trailing shape for all; each at least one step long.
    enforce_sorted : bool, default True
        Require the sequences in order of decreasing length (see :func:`pack_padded_sequence`).

    Returns
    -------
    PackedSequence

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.utils.rnn import pack_sequence
    >>> a, b = mg.tensor([1.0, 2.0, 3.0]), mg.tensor([4.0])
    >>> packed = pack_sequence([a, b])
    >>> packed.data, packed.batch_sizes
    (Tensor([1., 4., 2., 3.]), array([2, 1, 1]))
    >>> packed.data.sum().backward()
    >>> b.grad
    array([1.])
    """
    if isinstance(sequences, (Tensor, np.ndarray)) or len(sequences) == 0:
        raise RuntimeError("pack_sequence: received an empty list of sequences" if not isinstance(
            sequences, (Tensor, np.ndarray)) else "pack_sequence: sequences must be a list of arrays or tensors")
    lengths = [np.shape(data_of(s))[0] if np.ndim(data_of(s)) else 0 for s in sequences]
    if min(lengths) < 1:
        raise RuntimeError(f"pack_sequence: Length of all samples has to be greater than 0, but got lengths "
                           f"{lengths}")
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> List[Tensor]:
    """The sequences of a :class:`PackedSequence`, in the original order: the inverse of :func:`pack_sequence`.

    Parameters
    ----------
    packed_sequences : PackedSequence

    Returns
    -------
    List[Tensor]
        One tensor of shape (L_i, ...) per sequence (differentiable).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.utils.rnn import pack_sequence, unpack_sequence
    >>> packed = pack_sequence([np.array([1, 2]), np.array([3, 4, 5])], enforce_sorted=False)
    >>> [s.tolist() for s in unpack_sequence(packed)]
    [[1, 2], [3, 4, 5]]
    """
    if not isinstance(packed_sequences, PackedSequence):
        raise TypeError(f"unpack_sequence: packed_sequences must be a PackedSequence (from pack_sequence); got "
                        f"{type(packed_sequences).__name__}")
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


name_errors(globals(), "mygrad.nn.utils.rnn")
