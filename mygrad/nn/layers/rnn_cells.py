"""Single-step recurrent cells: ``RNNCell``, ``LSTMCell`` and ``GRUCell`` (PyTorch's names and equations).

A cell advances a batch by one time step; the caller writes the loop over
time. Each is one input projection plus the matching recurrence operation
run for a sequence of length 1, so a cell and its sequence layer share
their maths (and their gradients) exactly.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.conversion import tensor
from mygrad.autodiff.tensor import Tensor
from mygrad.nn import functional as F
from mygrad.nn.layers._common import check_flag, check_size, empty_parameter, factory_dtype
from mygrad.nn.layers.rnn import as_state, reset_uniform
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource

__all__ = ["RNNCell", "LSTMCell", "GRUCell"]


class _Cell(Module):
    """The parameters ``weight_ih`` (G*H, input_size), ``weight_hh`` (G*H, H), ``bias_ih``, ``bias_hh`` (G*H,)."""

    _gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool, device: Any, dtype: Any,
                 generator: Optional[RandomSource]) -> None:
        super().__init__()
        name = type(self).__name__
        dtype = factory_dtype(device, dtype)
        self.input_size = check_size(name, "input_size", input_size, 1)
        self.hidden_size = check_size(name, "hidden_size", hidden_size, 1)
        check_flag(name, "bias", bias)  # (as the sequence layers: PyTorch's `if bias:` would take "no" for True)
        self.bias = bias
        rows = self._gates * hidden_size
        sizes = f"input_size={input_size}, hidden_size={hidden_size}"
        self.weight_ih = Parameter(empty_parameter(name, sizes, (rows, input_size), dtype))
        self.weight_hh = Parameter(empty_parameter(name, f"hidden_size={hidden_size}", (rows, hidden_size), dtype))
        if bias:
            self.bias_ih = Parameter(empty_parameter(name, f"hidden_size={hidden_size}", (rows,), dtype))
            self.bias_hh = Parameter(empty_parameter(name, f"hidden_size={hidden_size}", (rows,), dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters(generator)

    def reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        """Draw every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as PyTorch."""
        reset_uniform(self, generator)

    def _input(self, input: Any) -> Tuple[Tensor, bool]:
        """The input as (N, input_size) and whether it was a single (1-D) sample."""
        name = type(self).__name__
        x = as_state(input, name, "input")
        if x.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {x.ndim}D instead")
        if x.shape[-1] != self.input_size:
            raise ValueError(f"{name}: input has inconsistent input_size: got {x.shape[-1]} expected "
                             f"{self.input_size}")
        return (x[None] if x.ndim == 1 else x), x.ndim == 1

    def _state(self, state: Any, batch: int, single: bool, what: str) -> Tensor:
        """An initial state as (N, H): zeros if None, else checked against the input."""
        if state is None:
            return tensor(np.zeros((batch, self.hidden_size), dtype=self.weight_ih.dtype), constant=True)
        state = as_state(state, type(self).__name__, what)
        if state.ndim != (1 if single else 2):
            raise ValueError(f"{type(self).__name__}: Expected {what} to be {1 if single else 2}D, got "
                             f"{state.ndim}D instead")
        state = state[None] if single else state
        if tuple(state.shape) != (batch, self.hidden_size):
            raise ValueError(f"{type(self).__name__}: {what} has shape {tuple(state.shape)[single:]}; expected "
                             f"{(batch, self.hidden_size)[single:]}")
        return state

    def _gates_x(self, x: Tensor) -> Tensor:
        """The input projection as a sequence of length 1: (1, N, G*H)."""
        return F.linear(x, self.weight_ih, self.bias_ih)[None]

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            text += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            text += f", nonlinearity={self.nonlinearity}"
        return text


class RNNCell(_Cell):
    """One step of an Elman RNN: ``h_1 = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or relu).

    Call ``cell(input, hx=None)`` with ``input`` of shape (N, input_size) or
    (input_size,) and ``hx`` of shape (N, hidden_size) or (hidden_size,)
    (zeros if omitted); it returns the new state ``h_1`` shaped like ``hx``.

    Parameters
    ----------
    input_size : int
    hidden_size : int
    bias : bool, default True
    nonlinearity : {"tanh", "relu"}, default "tanh"
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values, all from U(-k, k), ``k = 1/sqrt(hidden_size)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> cell = nn.RNNCell(3, 4)
    >>> h = None
    >>> for x_t in np.ones((5, 2, 3), dtype=np.float32):   # five steps of a batch of 2
    ...     h = cell(x_t, h)
    >>> h.shape
    (2, 4)
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh",
                 device: Any = None, dtype: Any = None, *, generator: Optional[RandomSource] = None) -> None:
        if not isinstance(nonlinearity, str) or nonlinearity not in ("tanh", "relu"):  # (an array cannot be compared)
            raise ValueError(f"RNNCell: Unknown nonlinearity: {nonlinearity!r:.60}")
        super().__init__(input_size, hidden_size, bias, device, dtype, generator)
        self.nonlinearity = nonlinearity

    def forward(self, input: Any, hx: Any = None) -> Tensor:
        x, single = self._input(input)
        h = self._state(hx, x.shape[0], single, "hx")
        out = F.rnn_recurrence(self._gates_x(x), h, self.weight_hh, self.bias_hh, nonlinearity=self.nonlinearity)[0]
        return out[0] if single else out


class GRUCell(_Cell):
    """One step of a GRU (PyTorch's equations, gate order r, z, n; see :class:`mygrad.nn.GRU`).

    Call ``cell(input, hx=None)`` with ``input`` of shape (N, input_size) or
    (input_size,); it returns the new state ``h_1`` of shape (N, hidden_size) (or (hidden_size,)).

    Parameters
    ----------
    input_size : int
    hidden_size : int
    bias : bool, default True
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values, all from U(-k, k), ``k = 1/sqrt(hidden_size)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> cell = nn.GRUCell(3, 4)
    >>> [name for name, _ in cell.named_parameters()]
    ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']
    >>> cell(np.ones(3, dtype=np.float32)).shape
    (4,)
    """

    _gates = 3

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None, dtype: Any = None,
                 *, generator: Optional[RandomSource] = None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype, generator)

    def forward(self, input: Any, hx: Any = None) -> Tensor:
        x, single = self._input(input)
        h = self._state(hx, x.shape[0], single, "hx")
        out = F.gru_recurrence(self._gates_x(x), h, self.weight_hh, self.bias_hh)[0]
        return out[0] if single else out


class LSTMCell(_Cell):
    """One step of an LSTM (PyTorch's equations, gate order i, f, g, o; see :class:`mygrad.nn.LSTM`).

    Call ``cell(input, (h, c)=None)`` with ``input`` of shape (N, input_size)
    or (input_size,); it returns ``(h_1, c_1)``, each (N, hidden_size) (or (hidden_size,)).

    Parameters
    ----------
    input_size : int
    hidden_size : int
    bias : bool, default True
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values, all from U(-k, k), ``k = 1/sqrt(hidden_size)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> cell = nn.LSTMCell(3, 4)
    >>> state = None
    >>> for x_t in np.ones((5, 2, 3), dtype=np.float32):
    ...     state = cell(x_t, state)
    >>> h, c = state
    >>> h.shape, c.shape, cell.weight_ih.shape
    ((2, 4), (2, 4), (16, 3))
    """

    _gates = 4

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None, dtype: Any = None,
                 *, generator: Optional[RandomSource] = None) -> None:
        super().__init__(input_size, hidden_size, bias, device, dtype, generator)

    def forward(self, input: Any, hx: Any = None) -> Tuple[Tensor, Tensor]:
        x, single = self._input(input)
        if hx is not None and (not isinstance(hx, (tuple, list)) or len(hx) != 2):
            raise TypeError("LSTMCell: hx must be a tuple (h, c) of two tensors")
        h0, c0 = (None, None) if hx is None else hx
        h, c = self._state(h0, x.shape[0], single, "hx"), self._state(c0, x.shape[0], single, "cx")
        out = F.lstm_recurrence(self._gates_x(x), h, c, self.weight_hh, self.bias_hh)[:, 0]
        return (out[0, 0], out[1, 0]) if single else (out[0], out[1])
