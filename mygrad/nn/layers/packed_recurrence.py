"""Recurrent layers over a :class:`~mygrad.nn.utils.rnn.PackedSequence`: the branch that ``RNN``, ``LSTM`` and
``GRU`` take for packed input (plain tensors never come here).

Each layer and direction gathers the packed steps into a padded (L, B, features) batch, sorted by decreasing
length, runs the layer's ordinary recurrence forwards over it, and gathers the valid steps back into packed
rows. A padded step only comes after a sequence's last one, so it never changes a valid step; its outputs are
simply not gathered (and receive no gradient). The reverse direction reverses each sequence within its own
length by the gather, so it starts at that sequence's last element; each direction's final state is the state
after each sequence's own last step of that direction.
"""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn import functional as F
from mygrad.nn.utils.rnn import PackedSequence
from mygrad.ops.joining import concatenate, stack
from mygrad.ops.shape import reshape

__all__ = ["PackedLayout", "run_packed"]


class PackedLayout:
    """Index arrays between the packed rows of a batch and its padded (L, B) grid, sorted by length.

    ``rows[reverse]`` (L, B): the packed row read at each padded position, ``N`` (one past the last row, the
    padding row) after a sequence's end; with ``reverse``, position ``t`` of sequence ``b`` reads its step
    ``length_b - 1 - t``. ``flat[reverse]`` (N,): for each packed row, the position in the flattened (L*B)
    grid of that direction's output at that step. ``last`` (B,): each sequence's last position in the
    flattened grid.

    >>> layout = PackedLayout(np.array([2, 1]))            # lengths 2 and 1: rows (t0 b0), (t0 b1), (t1 b0)
    >>> layout.rows[True].tolist(), layout.last.tolist()
    ([[2, 1], [0, 3]], [2, 1])
    """

    def __init__(self, batch_sizes: np.ndarray) -> None:
        steps, batch = len(batch_sizes), int(batch_sizes[0])
        ranks = np.arange(batch)
        self.lengths = (batch_sizes[:, None] > ranks[None, :]).sum(axis=0)
        t, b = np.nonzero(ranks[None, :] < batch_sizes[:, None])  # the packed rows' (step, sequence), in order
        t_reversed = self.lengths[b] - 1 - t
        count = len(t)
        self.rows, self.flat = {}, {}
        for reverse, position in ((False, t), (True, t_reversed)):
            rows = np.full((steps, batch), count, dtype=np.int64)
            rows[position, b] = np.arange(count)
            self.rows[reverse], self.flat[reverse] = rows, position * batch + b
        self.last = (self.lengths - 1) * batch + ranks
        self.shape = (steps, batch)


def _direction(layer: Any, data: Tensor, layout: PackedLayout, states: Tuple[Tensor, ...], suffix: str,
               reverse: bool) -> Tuple[Tensor, Tuple[Tensor, ...]]:
    """One layer in one direction: the packed output rows and the final states (B, .) in sorted order."""
    padding = np.zeros((1,) + data.shape[1:], dtype=data.dtype)
    padded = concatenate([data, padding], axis=0)[layout.rows[reverse]]  # (L, B, features)
    sequences = layer._state_sequences(padded, states, suffix)
    grid = layout.shape[0] * layout.shape[1]
    flat = [reshape(s, (grid, s.shape[-1])) for s in sequences]
    return flat[0][layout.flat[reverse]], tuple(f[layout.last] for f in flat)


def run_packed(layer: Any, packed: PackedSequence, states: Tuple[Tensor, ...]) -> Tuple[PackedSequence,
                                                                                          Tuple[Tensor, ...]]:
    """``layer`` (RNN, LSTM or GRU) over ``packed`` from the initial ``states`` (each (D*num_layers, B, .), in
    the original batch order); returns the packed output and the final states (same shapes and order)."""
    order, inverse = packed.sorted_indices, packed.unsorted_indices
    if order is not None:
        states = tuple(s[:, order] for s in states)
    layout = PackedLayout(packed.batch_sizes)
    directions = 2 if layer.bidirectional else 1
    data, finals = packed.data, []
    for number in range(layer.num_layers):
        outputs = []
        for direction, suffix in enumerate(layer._suffixes(number)):
            k = number * directions + direction
            output, final = _direction(layer, data, layout, tuple(s[k] for s in states), suffix, bool(direction))
            outputs.append(output)
            finals.append(final)
        data = outputs[0] if directions == 1 else concatenate(outputs, axis=-1)
        if layer.dropout and layer.training and number < layer.num_layers - 1:
            data = F.dropout(data, layer.dropout, True, generator=layer.generator)
    final_states = tuple(stack([f[i] for f in finals], axis=0) for i in range(len(states)))
    if inverse is not None:
        final_states = tuple(s[:, inverse] for s in final_states)
    return PackedSequence(data, packed.batch_sizes, order, inverse), final_states
