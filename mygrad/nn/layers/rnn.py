"""Recurrent layers over whole sequences: ``RNN`` (Elman, tanh or relu) and ``LSTM``.

Both follow PyTorch's equations, argument order, parameter names
(``weight_ih_l0``, ``bias_hh_l1_reverse``, ...) and initialisation, so a
``state_dict`` saved by ``torch.nn.LSTM`` loads unchanged. Each layer in each
direction is one matrix product for the input projections of all steps plus
one recurrence operation (:mod:`mygrad.nn.functional.lstm`) that loops over
time; nothing loops over the batch or the features. A
:class:`~mygrad.nn.utils.rnn.PackedSequence` input takes its own branch
(:mod:`mygrad.nn.layers.packed_recurrence`).
"""

from __future__ import annotations

import math
from typing import Any, List, Optional, Tuple

import numpy as np

from mygrad._arg_errors import reword
from mygrad.autodiff.conversion import tensor
from mygrad.autodiff.tensor import Tensor
from mygrad.nn import functional as F
from mygrad.nn import init
from mygrad.nn.functional.lstm import lstm_projected_recurrence
from mygrad.nn.layers._common import check_flag, check_parameter_memory, check_size, factory_dtype
from mygrad.nn.layers.packed_recurrence import run_packed
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.nn.utils.rnn import PackedSequence
from mygrad.ops.axes import swapaxes
from mygrad.ops.joining import concatenate, stack
from mygrad.random import RandomSource

__all__ = ["RNN", "LSTM"]


def as_state(value: Any, layer: str, what: str) -> Tensor:
    """``value`` as a tensor (arrays become constants), or the conversion's refusal naming ``layer`` and ``what``."""
    if isinstance(value, Tensor):
        return value
    try:
        return tensor(value, constant=True)
    except (TypeError, ValueError) as error:  # (strings, objects, ragged lists: the class the conversion raised)
        shown = f"<{type(value).__name__} of shape {value.shape}>" if hasattr(value, "shape") else f"{value!r:.60}"
        renamed = reword(error, f"{layer}: {what} must be an array of numbers; got {shown} ({error})")
        if renamed is error:
            raise
        raise renamed from error


def reset_uniform(module: Module, generator: Optional[RandomSource] = None) -> None:
    """Draw every parameter of a recurrent layer or cell from U(-k, k), ``k = 1/sqrt(module.hidden_size)``."""
    bound = 1.0 / math.sqrt(module.hidden_size)
    for param in module.parameters():
        init.uniform_(param, -bound, bound, generator=generator)


class _RecurrentLayer(Module):
    """What RNN, LSTM and GRU share: parameters per layer and direction, input layout, dropout between layers."""

    _gates = 1  # gate blocks stacked in each weight matrix

    def __init__(self, input_size: int, hidden_size: int, num_layers: int, bias: bool, batch_first: bool,
                 dropout: float, bidirectional: bool, device: Any, dtype: Any,
                 generator: Optional[RandomSource], proj_size: int = 0) -> None:
        super().__init__()
        name = type(self).__name__
        dtype = factory_dtype(device, dtype)
        check_size(name, "input_size", input_size, 1)
        check_size(name, "hidden_size", hidden_size, 1)
        num_layers = check_size(name, "num_layers", num_layers, 1)
        for flag, value in (("bias", bias), ("batch_first", batch_first), ("bidirectional", bidirectional)):
            check_flag(name, flag, value)
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float, np.floating, np.integer)) \
                or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             f"element being zeroed; got {dropout!r}")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.bidirectional = bool(bias), bool(batch_first), bool(bidirectional)
        self.dropout = float(dropout)
        self.proj_size = proj_size
        self.generator = generator
        directions = 2 if bidirectional else 1
        rows = self._gates * hidden_size
        out_size = proj_size or hidden_size  # (the hidden state's features: proj_size for a projected LSTM)
        check_parameter_memory(name, f"num_layers={num_layers}", num_layers * directions * rows
                               * (max(input_size, out_size * directions) + out_size + 2 * bias + proj_size), dtype)
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else out_size * directions
            for suffix in self._suffixes(layer):
                setattr(self, "weight_ih" + suffix, Parameter(np.empty((rows, layer_input), dtype=dtype)))
                setattr(self, "weight_hh" + suffix, Parameter(np.empty((rows, out_size), dtype=dtype)))
                if bias:
                    setattr(self, "bias_ih" + suffix, Parameter(np.empty(rows, dtype=dtype)))
                    setattr(self, "bias_hh" + suffix, Parameter(np.empty(rows, dtype=dtype)))
                if proj_size:
                    setattr(self, "weight_hr" + suffix, Parameter(np.empty((proj_size, hidden_size), dtype=dtype)))
        self.reset_parameters(generator)

    def _suffixes(self, layer: int) -> List[str]:
        return [f"_l{layer}"] + ([f"_l{layer}_reverse"] if self.bidirectional else [])

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """Draw every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as PyTorch."""
        reset_uniform(self, generator)

    def _input(self, input: Any) -> Tuple[Tensor, bool]:
        """The input as (L, N, input_size), and whether it was unbatched."""
        name = type(self).__name__
        x = as_state(input, name, "input")
        if x.ndim not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {x.ndim}D tensor instead")
        if x.shape[-1] != self.input_size:
            raise ValueError(f"{name}: input.size(-1) must be equal to input_size. Expected input_size={self.input_size}, "
                             f"got {x.shape[-1]}")
        unbatched = x.ndim == 2
        if unbatched:
            x = x[:, None]
        elif self.batch_first:
            x = swapaxes(x, 0, 1)
        return x, unbatched

    def _state(self, state: Any, batch: int, unbatched: bool, dtype: np.dtype, what: str) -> Tensor:
        """An initial state as (D*num_layers, N, H) (a projected LSTM's hidden state: (D*num_layers, N, P)):
        zeros if None, checked against PyTorch's shapes."""
        size = self.proj_size if (self.proj_size and what == "hidden") else self.hidden_size
        shape = ((2 if self.bidirectional else 1) * self.num_layers, batch, size)
        if state is None:
            return tensor(np.zeros(shape, dtype=dtype), constant=True)
        state = as_state(state, type(self).__name__, f"the initial {what} state")
        if state.ndim != (2 if unbatched else 3):
            raise ValueError(f"{type(self).__name__}: for {'unbatched 2-D' if unbatched else 'batched 3-D'} input, "
                             f"{what} should also be {2 if unbatched else 3}-D but got {state.ndim}-D")
        if unbatched:
            state = state[:, None]
        if tuple(state.shape) != shape:
            want = shape[:1] + shape[2:] if unbatched else shape
            got = tuple(state.shape[:1] + state.shape[2:]) if unbatched else tuple(state.shape)
            raise ValueError(f"{type(self).__name__}: Expected {what} size {want}, got {got}")
        return state

    def _layers(self, x: Tensor, states: Tuple[Tensor, ...]) -> Tuple[Tensor, List[Tuple[Tensor, ...]]]:
        """Run every layer and direction; return the last layer's outputs and each one's final states."""
        directions = 2 if self.bidirectional else 1
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for direction, suffix in enumerate(self._suffixes(layer)):
                k = layer * directions + direction
                sequence, final = self._run(x, tuple(s[k] for s in states), suffix, bool(direction))
                outputs.append(sequence)
                finals.append(final)
            x = outputs[0] if directions == 1 else concatenate(outputs, axis=-1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True, generator=self.generator)
        return x, finals

    def _packed(self, packed: PackedSequence, states: Tuple[Any, ...]) -> Tuple[PackedSequence, Tuple[Tensor, ...]]:
        """The layer over a packed sequence from the initial ``states`` (hidden, and cell for LSTM)."""
        name = type(self).__name__
        data = packed.data
        if data.ndim != 2 or data.shape[-1] != self.input_size:
            raise ValueError(f"{name}: a PackedSequence input's data must have shape (total steps, input_size="
                             f"{self.input_size}); got {data.shape}")
        batch, dtype = int(packed.batch_sizes[0]), self.weight_ih_l0.dtype
        states = tuple(self._state(s, batch, False, dtype, what) for s, what in zip(states, ("hidden", "cell")))
        return run_packed(self, packed, states)

    def _state_sequences(self, x: Tensor, states: Tuple[Tensor, ...], suffix: str) -> Tuple[Tensor, ...]:
        """The states after every step (L, N, .) forwards over ``x`` (L, N, features), the output first."""
        return (self._run(x, states, suffix, False)[0],)

    def forward(self, input: Any, hx: Any = None) -> Tuple[Tensor, Tensor]:
        """``(output, h_n)`` of a layer with one state (RNN, GRU; LSTM's two are its own)."""
        if isinstance(input, PackedSequence):
            output, (h_n,) = self._packed(input, (hx,))
            return output, h_n
        x, unbatched = self._input(input)
        h0 = self._state(hx, x.shape[1], unbatched, self.weight_ih_l0.dtype, "hidden")
        output, finals = self._layers(x, (h0,))
        h_n = stack(finals, axis=0)
        return self._output(output, unbatched), (h_n[:, 0] if unbatched else h_n)

    def _output(self, output: Tensor, unbatched: bool) -> Tensor:
        if unbatched:
            return output[:, 0]
        return swapaxes(output, 0, 1) if self.batch_first else output

    def _gates_x(self, x: Tensor, suffix: str) -> Tensor:
        """Every step's input projection ``x_t W_ih^T + b_ih`` in one matrix product."""
        return F.linear(x, getattr(self, "weight_ih" + suffix), getattr(self, "bias_ih" + suffix) if self.bias else None)

    def _hidden_weights(self, suffix: str) -> Tuple[Tensor, Optional[Tensor]]:
        return getattr(self, "weight_hh" + suffix), getattr(self, "bias_hh" + suffix) if self.bias else None

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            text += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if self.batch_first is not False:
            text += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            text += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            text += f", bidirectional={self.bidirectional}"
        return text


class RNN(_RecurrentLayer):
    """A multi-layer Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or relu).

    Parameters
    ----------
    input_size : int
        Features per time step of the input.
    hidden_size : int
        Features of the hidden state.
    num_layers : int, default 1
        Stacked RNNs; each layer reads the previous one's outputs.
    nonlinearity : {"tanh", "relu"}, default "tanh"
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
        The source of the initial values (all from U(-k, k), ``k = 1/sqrt(hidden_size)``) and of the dropout masks.

    Attributes
    ----------
    weight_ih_l{k} : (hidden_size, input_size) for k = 0, else (hidden_size, num_directions*hidden_size)
    weight_hh_l{k} : (hidden_size, hidden_size)
    bias_ih_l{k}, bias_hh_l{k} : (hidden_size,)
        The backward direction's have the suffix ``_reverse``.

    Returns (from a call ``rnn(input, hx=None)``)
    ---------------------------------------------
    output : Tensor or PackedSequence, (L, N, D*hidden_size) (or (N, L, ...) with batch_first; (L, ...) unbatched)
        The last layer's hidden state at every step. A :class:`~mygrad.nn.utils.rnn.PackedSequence` input gives a
        PackedSequence output (``batch_first`` does not apply to it), and final states taken at each sequence's
        own last step (the reverse direction's at its first), in the original batch order.
    h_n : Tensor, (D*num_layers, N, hidden_size)
        Every layer's final hidden state.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> rnn = nn.RNN(3, 5, num_layers=2, nonlinearity="relu", batch_first=True)
    >>> out, h_n = rnn(np.ones((2, 7, 3), dtype=np.float32))
    >>> out.shape, h_n.shape, out.dtype
    ((2, 7, 5), (2, 2, 5), dtype('float32'))
    """

    def __init__(
        self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh", bias: bool = True,
        batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False, device: Any = None,
        dtype: Any = None, *, generator: Optional[RandomSource] = None,
    ) -> None:
        if not isinstance(nonlinearity, str) or nonlinearity not in ("tanh", "relu"):  # (an array cannot be compared)
            raise ValueError(f"RNN: Unknown nonlinearity {nonlinearity!r:.60}. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, device,
                         dtype, generator)

    def _run(self, x: Tensor, states: Tuple[Tensor, ...], suffix: str, reverse: bool) -> Tuple[Tensor, Tensor]:
        w_hh, b_hh = self._hidden_weights(suffix)
        out = F.rnn_recurrence(self._gates_x(x, suffix), states[0], w_hh, b_hh, nonlinearity=self.nonlinearity,
                               reverse=reverse)
        return out, out[0] if reverse else out[-1]


class LSTM(_RecurrentLayer):
    """A multi-layer long short-term memory over a sequence.

    For each time step ``t`` and layer (PyTorch's equations and gate order i, f, g, o)::

        i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
        f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
        g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
        o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
        c_t = f_t * c_{t-1} + i_t * g_t
        h_t = o_t * tanh(c_t)

    Parameters
    ----------
    input_size : int
        Features per time step of the input.
    hidden_size : int
        Features of the hidden and cell states.
    num_layers : int, default 1
        Stacked LSTMs; each layer reads the previous one's outputs.
    bias : bool, default True
        Use the biases ``b_ih`` and ``b_hh``.
    batch_first : bool, default False
        Input and output are ``(N, L, features)`` instead of ``(L, N, features)``.
    dropout : float, default 0
        Dropout on the outputs of every layer but the last, in training mode.
    bidirectional : bool, default False
        Also run each layer backwards in time and concatenate the two outputs.
    proj_size : int, default 0
        With ``0 < proj_size < hidden_size``, an LSTM with projections (Sak et
        al., 2014), as PyTorch's: ``h_t = W_hr (o_t * tanh(c_t))`` has
        ``proj_size`` features, ``weight_hh`` reads ``proj_size`` features and
        each layer and direction learns ``weight_hr_l{k}`` of shape
        ``(proj_size, hidden_size)``; outputs and ``h_n`` then have
        ``proj_size`` features per direction (``c_n`` keeps ``hidden_size``).
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values (all from U(-k, k), ``k = 1/sqrt(hidden_size)``) and of the dropout masks.

    Attributes
    ----------
    weight_ih_l{k} : (4*hidden_size, input_size) for k = 0, else (4*hidden_size, num_directions*H_out)
    weight_hh_l{k} : (4*hidden_size, H_out)
    bias_ih_l{k}, bias_hh_l{k} : (4*hidden_size,)
    weight_hr_l{k} : (proj_size, hidden_size), only with ``proj_size > 0``
        ``H_out`` is ``proj_size`` if it is not 0, else ``hidden_size``. The
        backward direction's have the suffix ``_reverse``.

    Returns (from a call ``lstm(input, (h_0, c_0)=None)``)
    ------------------------------------------------------
    output : Tensor or PackedSequence, (L, N, D*H_out) (or (N, L, ...) with batch_first; (L, ...) unbatched)
        The last layer's hidden state at every step. A :class:`~mygrad.nn.utils.rnn.PackedSequence` input gives a
        PackedSequence output (``batch_first`` does not apply to it), and final states taken at each sequence's
        own last step (the reverse direction's at its first), in the original batch order.
    (h_n, c_n) : Tensor, (D*num_layers, N, H_out) and (D*num_layers, N, hidden_size)
        Every layer's final hidden and cell states.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> lstm = nn.LSTM(input_size=3, hidden_size=5, batch_first=True)
    >>> [name for name, _ in lstm.named_parameters()]
    ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
    >>> out, (h_n, c_n) = lstm(np.zeros((2, 7, 3), dtype=np.float32))
    >>> out.shape, h_n.shape, c_n.shape
    ((2, 7, 5), (1, 2, 5), (1, 2, 5))
    >>> out.sum().backward()
    >>> lstm.weight_hh_l0.grad.shape
    (20, 5)
    >>> projected = nn.LSTM(3, 5, proj_size=2, bidirectional=True)
    >>> out, (h_n, c_n) = projected(np.zeros((7, 2, 3), dtype=np.float32))
    >>> out.shape, h_n.shape, c_n.shape, projected.weight_hr_l0_reverse.shape
    ((7, 2, 4), (2, 2, 2), (2, 2, 5), (2, 5))
    >>> from mygrad.nn.utils.rnn import pack_sequence
    >>> packed = pack_sequence([np.ones((4, 3), np.float32), np.ones((2, 3), np.float32)])
    >>> out, (h_n, c_n) = lstm(packed)                  # a PackedSequence out; h_n at steps 4 and 2
    >>> out.data.shape, out.batch_sizes, h_n.shape
    ((6, 5), array([2, 2, 1, 1]), (1, 2, 5))
    """

    _gates = 4

    def __init__(
        self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True, batch_first: bool = False,
        dropout: float = 0.0, bidirectional: bool = False, proj_size: int = 0, device: Any = None, dtype: Any = None,
        *, generator: Optional[RandomSource] = None,
    ) -> None:
        try:
            projected = bool(proj_size != 0)
        except ValueError as error:  # (an array of several elements: PyTorch's class)
            raise ValueError(f"LSTM: proj_size must be an int; got an array of shape {np.shape(proj_size)} "
                             f"({error})") from error
        if projected:
            if isinstance(proj_size, (bool, np.bool_)) or not isinstance(proj_size, (int, np.integer)):
                raise TypeError(f"LSTM: proj_size must be an int; got {proj_size!r:.60} of type "
                                f"{type(proj_size).__name__}")
            if proj_size < 0:
                raise ValueError(f"LSTM: proj_size should be a positive integer or zero to disable projections; "
                                 f"got {proj_size}")
            if isinstance(hidden_size, (int, np.integer)) and proj_size >= hidden_size:
                raise ValueError(f"LSTM: proj_size has to be smaller than hidden_size; got proj_size={proj_size} "
                                 f"and hidden_size={hidden_size}")
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, device,
                         dtype, generator, int(proj_size) if projected else 0)

    def forward(self, input: Any, hx: Any = None) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        packed = isinstance(input, PackedSequence)
        if not packed:
            x, unbatched = self._input(input)
        if hx is not None and (not isinstance(hx, (tuple, list)) or len(hx) != 2):
            raise TypeError("LSTM: hx must be a tuple (h_0, c_0) of two tensors")
        h0, c0 = (None, None) if hx is None else hx
        if packed:
            return self._packed(input, (h0, c0))
        dtype = self.weight_ih_l0.dtype
        states = (self._state(h0, x.shape[1], unbatched, dtype, "hidden"),
                  self._state(c0, x.shape[1], unbatched, dtype, "cell"))
        output, finals = self._layers(x, states)
        h_n, c_n = stack([h for h, _ in finals], axis=0), stack([c for _, c in finals], axis=0)
        if unbatched:
            h_n, c_n = h_n[:, 0], c_n[:, 0]
        return self._output(output, unbatched), (h_n, c_n)

    def _run(self, x: Tensor, states: Tuple[Tensor, ...], suffix: str,
             reverse: bool) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        w_hh, b_hh = self._hidden_weights(suffix)
        last = 0 if reverse else -1
        if self.proj_size:
            out = lstm_projected_recurrence(self._gates_x(x, suffix), states[0], states[1], w_hh,
                                            getattr(self, "weight_hr" + suffix), b_hh, reverse=reverse)
            p = self.proj_size
            return out[..., :p], (out[last, :, :p], out[last, :, p:])
        out = F.lstm_recurrence(self._gates_x(x, suffix), states[0], states[1], w_hh, b_hh, reverse=reverse)
        return out[0], (out[0, last], out[1, last])

    def _state_sequences(self, x: Tensor, states: Tuple[Tensor, ...], suffix: str) -> Tuple[Tensor, Tensor]:
        """``(h_t, c_t)`` after every step forwards over ``x``, each (L, N, .)."""
        w_hh, b_hh = self._hidden_weights(suffix)
        if self.proj_size:
            out = lstm_projected_recurrence(self._gates_x(x, suffix), states[0], states[1], w_hh,
                                            getattr(self, "weight_hr" + suffix), b_hh)
            return out[..., :self.proj_size], out[..., self.proj_size:]
        out = F.lstm_recurrence(self._gates_x(x, suffix), states[0], states[1], w_hh, b_hh)
        return out[0], out[1]
