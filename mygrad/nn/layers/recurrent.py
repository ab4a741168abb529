"""Recurrent layers: ``GRU`` (PyTorch's parameter names and equations)."""

from __future__ import annotations

import math
from typing import Any, List, Optional, Tuple

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn import init
from mygrad.nn.layers._common import check_parameter_memory, check_size, factory_dtype
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource
from mygrad.autodiff.conversion import tensor
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.joining import concatenate, stack
from mygrad.ops.axes import swapaxes

__all__ = ["GRU"]


class GRU(Module):
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
    output : Tensor, (L, N, D*hidden_size) (or (N, L, ...) with batch_first)
        The last layer's hidden state at every step.
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

    def __init__(
        self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True, batch_first: bool = False,
        dropout: float = 0.0, bidirectional: bool = False, device: Any = None, dtype: Any = None,
        *, generator: Optional[RandomSource] = None,
    ) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        check_size(type(self).__name__, "input_size", input_size, 1)
        check_size(type(self).__name__, "hidden_size", hidden_size, 1)
        num_layers = check_size(type(self).__name__, "num_layers", num_layers, 1)
        if not 0 <= dropout <= 1:
            raise ValueError(f"dropout must be a probability in [0, 1]; got {dropout}")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout, self.bidirectional = bias, batch_first, float(dropout), bidirectional
        self.generator = generator
        directions = 2 if bidirectional else 1
        per_layer = 3 * hidden_size * (max(input_size, hidden_size * directions) + hidden_size + 2 * bias)
        check_parameter_memory(type(self).__name__, f"num_layers={num_layers}", num_layers * directions * per_layer,
                               dtype)
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * directions
            for suffix in self._suffixes(layer):
                setattr(self, "weight_ih" + suffix, Parameter(np.empty((3 * hidden_size, layer_input), dtype=dtype)))
                setattr(self, "weight_hh" + suffix, Parameter(np.empty((3 * hidden_size, hidden_size), dtype=dtype)))
                if bias:
                    setattr(self, "bias_ih" + suffix, Parameter(np.empty(3 * hidden_size, dtype=dtype)))
                    setattr(self, "bias_hh" + suffix, Parameter(np.empty(3 * hidden_size, dtype=dtype)))
        self.reset_parameters(generator)

    def _suffixes(self, layer: int) -> List[str]:
        return [f"_l{layer}"] + ([f"_l{layer}_reverse"] if self.bidirectional else [])

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """Draw every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as PyTorch."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0.0
        for param in self.parameters():
            init.uniform_(param, -bound, bound, generator=generator)

    def forward(self, input: Any, hx: Any = None) -> Tuple[Tensor, Tensor]:
        x = input if isinstance(input, Tensor) else tensor(input, constant=True)
        if x.ndim not in (2, 3):
            raise ValueError(f"GRU expects a 2-D (unbatched) or 3-D (batched) input; got shape {x.shape}")
        unbatched = x.ndim == 2
        if unbatched:
            x = x[:, None]
        elif self.batch_first:
            x = swapaxes(x, 0, 1)
        if x.shape[-1] != self.input_size:
            raise ValueError(f"GRU: input has {x.shape[-1]} features per step, expected input_size={self.input_size}")
        directions = 2 if self.bidirectional else 1
        state_shape = (self.num_layers * directions, x.shape[1], self.hidden_size)
        if hx is None:
            hx = tensor(np.zeros(state_shape, dtype=self.weight_ih_l0.dtype), constant=True)
        elif unbatched:
            hx = hx[:, None] if isinstance(hx, Tensor) else tensor(np.asarray(hx)[:, None], constant=True)
        if tuple(hx.shape) != state_shape:
            raise ValueError(f"GRU: hx must have shape {state_shape[:1] + state_shape[2:] if unbatched else state_shape}; "
                             f"got {tuple(hx.shape[:1] + hx.shape[2:]) if unbatched else tuple(hx.shape)}")

        final_states = []
        layer_input = x
        for layer in range(self.num_layers):
            outputs = []
            for direction, suffix in enumerate(self._suffixes(layer)):
                sequence, h = self._run(layer_input, hx[layer * directions + direction], suffix, bool(direction))
                outputs.append(sequence)
                final_states.append(h)
            layer_input = outputs[0] if directions == 1 else concatenate(outputs, axis=-1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True, generator=self.generator)

        output, h_n = layer_input, stack(final_states, axis=0)
        if unbatched:
            return output[:, 0], h_n[:, 0]
        return (swapaxes(output, 0, 1) if self.batch_first else output), h_n

    def _run(self, x: Tensor, h: Tensor, suffix: str, reverse: bool) -> Tuple[Tensor, Tensor]:
        """One layer in one direction over the whole sequence ``x`` (L, N, features)."""
        w_hh = getattr(self, "weight_hh" + suffix)
        b_hh = getattr(self, "bias_hh" + suffix) if self.bias else None
        # All time steps' input projections at once: (L, N, 3H), gates in the order r, z, n.
        gates_x = F.linear(x, getattr(self, "weight_ih" + suffix), getattr(self, "bias_ih" + suffix) if self.bias else None)
        states = F.gru_recurrence(gates_x, h, w_hh, b_hh, reverse=reverse)
        return states, states[0] if reverse else states[-1]

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text
