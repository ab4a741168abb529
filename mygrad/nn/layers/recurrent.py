"""Recurrent layers: ``GRU`` (PyTorch's parameter names and equations), on the layer machinery of
:mod:`mygrad.nn.layers.rnn` that ``RNN`` and ``LSTM`` share."""

from __future__ import annotations

from typing import Any, Optional, Tuple

from mygrad.nn import functional as F
from mygrad.nn.layers.rnn import _RecurrentLayer
from mygrad.random import RandomSource
from mygrad.autodiff.tensor import Tensor

__all__ = ["GRU"]


class GRU(_RecurrentLayer):
    """A multi-layer gated recurrent unit over a sequence.

    For each time step ``t`` and layer (PyTorch's equations and gate order r, z, n)::

        r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
        z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
        n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
        h_t = (1 - z_t) * n_t + z_t * h_{t-1}

    The input projections of all time steps are one matrix product; the
    recurrence is one operation (:func:`mygrad.nn.functional.gru_recurrence`)
    that loops over time in NumPy and back-propagates through time in one pass.

    Parameters
    ----------
    input_size : int
        Features per time step of the input.
    hidden_size : int
        Features of the hidden state.
    num_layers : int, default 1
        Stacked GRUs; each layer reads the previous one's outputs.
    bias : bool, default True
        Use the biases ``b_ih`` and ``b_hh``.
    batch_first : bool, default False
        Input and output are ``(N, L, features)`` instead of ``(L, N, features)``.
    dropout : float, default 0
        Dropout on the outputs of every layer but the last, in training mode.
    bidirectional : bool, default False
        Also run each layer backwards in time and concatenate the two outputs.
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values: all from U(-k, k), ``k = 1/sqrt(hidden_size)``.

    Attributes
    ----------
    weight_ih_l{k} : (3*hidden_size, input_size) for k = 0, else (3*hidden_size, num_directions*hidden_size)
    weight_hh_l{k} : (3*hidden_size, hidden_size)
    bias_ih_l{k}, bias_hh_l{k} : (3*hidden_size,)
        The backward direction's have the suffix ``_reverse``.

    Returns (from a call)
    ---------------------
    output : Tensor or PackedSequence, (L, N, D*hidden_size) (or (N, L, ...) with batch_first)
        The last layer's hidden state at every step. A :class:`~mygrad.nn.utils.rnn.PackedSequence` input gives a
        PackedSequence output (``batch_first`` does not apply to it), and final states taken at each sequence's
        own last step (the reverse direction's at its first), in the original batch order.
    h_n : Tensor, (D*num_layers, N, hidden_size)
        Every layer's final hidden state.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> gru = nn.GRU(input_size=3, hidden_size=5, batch_first=True)
    >>> [name for name, _ in gru.named_parameters()]
    ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
    >>> out, h_n = gru(np.zeros((2, 7, 3), dtype=np.float32))
    >>> out.shape, h_n.shape
    ((2, 7, 5), (1, 2, 5))
    """

    _gates = 3  # r, z, n

    def __init__(
        self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True, batch_first: bool = False,
        dropout: float = 0.0, bidirectional: bool = False, device: Any = None, dtype: Any = None,
        *, generator: Optional[RandomSource] = None,
    ) -> None:
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, device,
                         dtype, generator)

    def _run(self, x: Tensor, states: Tuple[Tensor, ...], suffix: str, reverse: bool) -> Tuple[Tensor, Tensor]:
        """One layer in one direction over the whole sequence ``x`` (L, N, features)."""
        w_hh, b_hh = self._hidden_weights(suffix)
        out = F.gru_recurrence(self._gates_x(x, suffix), states[0], w_hh, b_hh, reverse=reverse)
        return out, out[0] if reverse else out[-1]
