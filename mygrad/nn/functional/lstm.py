"""The recurrences of PyTorch's LSTM (with and without projections) and Elman RNN layers, each one operation.

As with :func:`mygrad.nn.functional.gru_recurrence`, the layer computes every
step's input projection ``x_t W_ih^T + b_ih`` with one matrix product and hands
it to an operation that loops over time in NumPy (each step a batched matrix
product) and back-propagates through time in one backward pass, so a sequence
of any length adds one node to the graph. The parameter gradients are formed
once at the end, with a ``tensordot`` over (time, batch).

A step keeps its gates as (4, N, H), one contiguous block per gate
(:func:`mygrad.nn.functional.recurrent.hidden_products`): NumPy's elementwise
ops take about half the time on those that they take on column blocks of an
(N, 4H) array. Elementwise work stays a step at a time, in cache: the same
pass over every step at once costs two to three times as much.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import numpy as np

from mygrad.autodiff.operation import execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import data_of
from mygrad.nn.functional.linear import times_transpose
from mygrad.nn.functional.recurrent import (_BackwardThroughTime, by_gate, gate_bias, hidden_products, previous_states,
                                            sigmoid_, sum_time_batch, time_steps)

__all__ = ["lstm_recurrence", "lstm_projected_recurrence", "rnn_recurrence"]


def _quarters(gates: np.ndarray) -> tuple:
    """The four gate blocks (i, f, g, o) of a (batch, 4 * hidden) array, as views (np.split costs ~4 us a call)."""
    h = gates.shape[1] // 4
    return gates[:, :h], gates[:, h:2 * h], gates[:, 2 * h:3 * h], gates[:, 3 * h:]


def _gate_step(h: np.ndarray, products: Callable, b: Optional[np.ndarray], gx_t: np.ndarray,
               gates: np.ndarray) -> np.ndarray:
    """One step's gates into ``gates``, (4, N, H), one contiguous block per gate: ``pre_k = h W_k^T + gx_t[:, k]
    + b_k``, then the sigmoid on i, f, o and tanh on g, in place. ``products, b`` come from
    :func:`~mygrad.nn.functional.recurrent.hidden_products` and ``gate_bias``."""
    np.add(products(h), by_gate(gx_t, 4), out=gates)
    if b is not None:
        gates += b
    sigmoid_(gates[:2])  # i and f, side by side
    np.tanh(gates[2], out=gates[2])
    sigmoid_(gates[3])
    return gates


def _cell_step(gates: np.ndarray, c: np.ndarray, c_out: np.ndarray, tanh_c: np.ndarray, h_out: np.ndarray) -> None:
    """``c_out = f c + i g``, ``tanh_c = tanh(c_out)`` and ``h_out = o tanh_c`` (written in place)."""
    i, f, g, o = gates
    np.multiply(f, c, out=c_out)
    c_out += i * g
    np.tanh(c_out, out=tanh_c)
    np.multiply(o, tanh_c, out=h_out)


def _cell_backward(d_out: np.ndarray, d_c: np.ndarray, gates: np.ndarray, tanh_c: np.ndarray, c_prev: np.ndarray,
                   d: np.ndarray) -> np.ndarray:
    """One step back through the cell ``c = f c_prev + i g``, ``out = o tanh(c)``.

    ``d_out = dL/d(o tanh c)`` and ``d_c`` (dL/dc from later steps and this
    step's output) in; ``gates`` is (4, N, H); dL/d(pre-activation gates) written into ``d`` (N, 4H);
    returns dL/dc_prev.
    """
    i, f, g, o = gates
    d_c = d_c + d_out * o * (1 - tanh_c * tanh_c)  # through out = o tanh(c)
    d_i, d_f, d_g, d_o = _quarters(d)  # (each made in a new array, then copied: in place on column blocks is slower)
    d_i[...] = d_c * g * i * (1 - i)  # sigmoid' = s (1 - s)
    d_f[...] = d_c * c_prev * f * (1 - f)
    d_g[...] = d_c * i * (1 - g * g)  # tanh' = 1 - g^2
    d_o[...] = d_out * tanh_c * o * (1 - o)
    return d_c * f


class LSTMRecurrence(_BackwardThroughTime):
    """PyTorch's LSTM recurrence over one sequence (see :func:`lstm_recurrence`)."""

    def __call__(self, gates_x, h0, c0, w_hh, *b_hh, reverse=False):
        self.variables = (gates_x, h0, c0, w_hh, *b_hh)
        gx, w = gates_x.data, w_hh.data
        length, batch = gx.shape[:2]
        hidden = w.shape[1]
        dtype = np.result_type(gx, h0.data, c0.data, w)
        self.reverse = reverse
        # saved for backward: the activated gates (i, f, g, o), tanh(c_t), and the output (the states)
        self.gates = np.empty((length, 4, batch, hidden), dtype)
        self.tanh_c = np.empty((length, batch, hidden), dtype)
        out = self.out = np.empty((2, length, batch, hidden), dtype)  # out[0]: h_t, out[1]: c_t
        products, b = hidden_products(w, 4, length, dtype), gate_bias(b_hh, 4)
        h, c = h0.data.astype(dtype, copy=False), c0.data.astype(dtype, copy=False)
        for t in time_steps(length, reverse):
            gates = _gate_step(h, products, b, gx[t], self.gates[t])
            _cell_step(gates, c, out[1, t], self.tanh_c[t], out[0, t])
            h, c = out[0, t], out[1, t]
        return out

    def _all_grads(self, grad):
        """dL/d(gates_x, h0, c0, w_hh, b_hh), walking the steps backwards once."""
        gates_x, h0, c0, w = (v.data for v in self.variables[:4])
        length, batch = gates_x.shape[:2]
        c_prev = previous_states(self.out[1], c0, self.reverse)
        grad_h, grad_c = grad[0], grad[1]
        d_pre = np.empty((length, batch, w.shape[0]), dtype=grad.dtype)  # dL/d(pre-activation gates), every step
        d_h = np.zeros(grad.shape[2:], dtype=grad.dtype)  # dL/dh_t and dL/dc_t flowing back from later steps
        d_c = np.zeros(grad.shape[2:], dtype=grad.dtype)
        for t in reversed(time_steps(length, self.reverse)):
            d_h = d_h + grad_h[t]
            d_c = _cell_backward(d_h, d_c + grad_c[t], self.gates[t], self.tanh_c[t], c_prev[t], d_pre[t])
            d_h = d_pre[t] @ w  # pre = gates_x + h_prev W^T + b
        d_w = sum_time_batch(d_pre, previous_states(self.out[0], h0, self.reverse))
        return d_pre, d_h, d_c, d_w, d_pre.sum(axis=(0, 1))


class LSTMProjectedRecurrence(_BackwardThroughTime):
    """PyTorch's LSTM recurrence with projections, ``h_t = (o_t * tanh(c_t)) W_hr^T`` (see
    :func:`lstm_projected_recurrence`)."""

    def __call__(self, gates_x, h0, c0, w_hh, w_hr, *b_hh, reverse=False):
        self.variables = (gates_x, h0, c0, w_hh, w_hr, *b_hh)
        gx, w, w_r = gates_x.data, w_hh.data, w_hr.data
        length, batch = gx.shape[:2]
        proj, hidden = w_r.shape
        dtype = np.result_type(gx, h0.data, c0.data, w, w_r)
        self.reverse = reverse
        # saved for backward: the activated gates (i, f, g, o), tanh(c_t), m_t = o_t tanh(c_t) and the output
        self.gates = np.empty((length, 4, batch, hidden), dtype)
        self.tanh_c, self.m = (np.empty((length, batch, hidden), dtype) for _ in range(2))
        out = self.out = np.empty((length, batch, proj + hidden), dtype)  # [h_t | c_t]
        products, b = hidden_products(w, 4, length, dtype), gate_bias(b_hh, 4)
        h, c = h0.data.astype(dtype, copy=False), c0.data.astype(dtype, copy=False)
        for t in time_steps(length, reverse):
            gates = _gate_step(h, products, b, gx[t], self.gates[t])
            _cell_step(gates, c, out[t, :, proj:], self.tanh_c[t], self.m[t])
            h, c = out[t, :, :proj], out[t, :, proj:]
            h[...] = times_transpose(self.m[t], w_r)
        return out

    def _all_grads(self, grad):
        """dL/d(gates_x, h0, c0, w_hh, w_hr, b_hh), walking the steps backwards once."""
        gates_x, h0, c0, w, w_r = (v.data for v in self.variables[:5])
        proj, (length, batch) = w_r.shape[0], gates_x.shape[:2]
        c_prev = previous_states(self.out[..., proj:], c0, self.reverse)
        grad_h, grad_c = grad[..., :proj], grad[..., proj:]
        d_pre = np.empty((length, batch, w.shape[0]), dtype=grad.dtype)  # dL/d(pre-activation gates), every step
        d_hs = np.empty(grad_h.shape, dtype=grad.dtype)  # dL/dh_t at every step (for dL/dW_hr)
        d_h = np.zeros(grad_h.shape[1:], dtype=grad.dtype)  # dL/dh_t and dL/dc_t flowing back from later steps
        d_c = np.zeros(grad_c.shape[1:], dtype=grad.dtype)
        for t in reversed(time_steps(length, self.reverse)):
            d_h = d_hs[t] = d_h + grad_h[t]
            d_m = d_h @ w_r  # h = m W_hr^T
            d_c = _cell_backward(d_m, d_c + grad_c[t], self.gates[t], self.tanh_c[t], c_prev[t], d_pre[t])
            d_h = d_pre[t] @ w  # pre = gates_x + h_prev W^T + b
        d_w = sum_time_batch(d_pre, previous_states(self.out[..., :proj], h0, self.reverse))
        d_w_r = sum_time_batch(d_hs, self.m)
        return d_pre, d_h, d_c, d_w, d_w_r, d_pre.sum(axis=(0, 1))


class RNNRecurrence(_BackwardThroughTime):
    """The Elman recurrence ``h_t = act(gates_x[t] + h_{t-1} W^T + b)`` (see :func:`rnn_recurrence`)."""

    def __call__(self, gates_x, h0, w_hh, *b_hh, nonlinearity="tanh", reverse=False):
        self.variables = (gates_x, h0, w_hh, *b_hh)
        gx, w = gates_x.data, w_hh.data
        dtype = np.result_type(gx, h0.data, w)
        self.nonlinearity = nonlinearity
        self.steps = time_steps(len(gx), reverse)
        out = np.empty(gx.shape, dtype)
        self.h_prev = np.empty(gx.shape, dtype)
        h = h0.data.astype(dtype, copy=False)
        for t in self.steps:
            pre = times_transpose(h, w)  # h W^T, in BLAS's faster order for these shapes
            pre += gx[t]
            if b_hh:
                pre += b_hh[0].data
            self.h_prev[t] = h
            h = out[t] = np.tanh(pre) if nonlinearity == "tanh" else np.maximum(pre, 0)
        self.out = out
        return out

    def _all_grads(self, grad):
        """dL/d(gates_x, h0, w_hh, b_hh), walking the steps backwards once."""
        w = self.variables[2].data
        # the derivative of the activation, from its output: tanh' = 1 - h^2, relu' = [h > 0]
        slope = 1 - self.out * self.out if self.nonlinearity == "tanh" else (self.out > 0).astype(grad.dtype)
        d_pre = np.empty(grad.shape, dtype=grad.dtype)
        d_h = np.zeros(grad.shape[1:], dtype=grad.dtype)
        for t in reversed(self.steps):
            d_pre[t] = (d_h + grad[t]) * slope[t]
            d_h = d_pre[t] @ w
        return d_pre, d_h, sum_time_batch(d_pre, self.h_prev), d_pre.sum(axis=(0, 1))


def _check_shapes(name: str, gates: int, gates_x: Any, states: tuple, w_hh: Any, b_hh: Any) -> None:
    gx, w = np.shape(data_of(gates_x)), np.shape(data_of(w_hh))
    shapes = [np.shape(data_of(s)) for s in states]
    if (len(gx) != 3 or len(w) != 2 or w[0] != gates * w[1] or gx[2] != w[0]
            or any(s != (gx[1], w[1]) for s in shapes)):
        g = "" if gates == 1 else f"{gates}"
        raise ValueError(f"{name}: expected gates_x (L, N, {g}H), states (N, H) and w_hh ({g}H, H); got "
                         f"{gx}, {', '.join(map(str, shapes))} and {w}")
    if b_hh is not None and np.shape(data_of(b_hh)) != (w[0],):
        raise ValueError(f"{name}: b_hh must have shape ({w[0]},); got {np.shape(data_of(b_hh))}")
    if gx[0] == 0:
        raise ValueError(f"{name}: the sequence is empty (length 0)")


def lstm_recurrence(gates_x: Any, h0: Any, c0: Any, w_hh: Any, b_hh: Any = None, *, reverse: bool = False,
                    constant: Optional[bool] = None) -> Tensor:
    """The recurrence of PyTorch's LSTM layer as one operation; returns ``h_t`` and ``c_t`` after every step.

    With ``gates_x`` = ``x_t W_ih^T + b_ih`` for all steps (gates in PyTorch's
    order i, f, g, o) and ``pre_t = gates_x[t] + h_{t-1} W_hh^T + b_hh``, for
    t = 1..L (or L..1 with ``reverse``)::

        i_t, f_t, o_t = sigmoid(pre_t[:, :H]), sigmoid(pre_t[:, H:2H]), sigmoid(pre_t[:, 3H:])
        g_t = tanh(pre_t[:, 2H:3H])
        c_t = f_t * c_{t-1} + i_t * g_t
        h_t = o_t * tanh(c_t)

    Parameters
    ----------
    gates_x : ArrayLike, shape (L, N, 4H)
    h0, c0 : ArrayLike, shape (N, H)
        The initial hidden and cell states.
    w_hh : ArrayLike, shape (4H, H)
    b_hh : Optional[ArrayLike], shape (4H,)
    reverse : bool
        Run from the last step to the first.

    Returns
    -------
    Tensor, shape (2, L, N, H)
        ``[0]`` holds ``h_t`` at every step, ``[1]`` holds ``c_t`` (the final
        states are at step ``-1``, or ``0`` with ``reverse``).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import lstm_recurrence
    >>> w = mg.tensor(np.zeros((8, 2)))
    >>> out = lstm_recurrence(np.zeros((3, 1, 8)), np.zeros((1, 2)), np.ones((1, 2)), w)
    >>> out.shape, out[1, -1].data.tolist()   # f = 1/2, g = 0: the cell state halves each step
    ((2, 3, 1, 2), [[0.125, 0.125]])
    """
    _check_shapes("lstm_recurrence", 4, gates_x, (h0, c0), w_hh, b_hh)
    biases = () if b_hh is None else (b_hh,)
    return execute_op(LSTMRecurrence, gates_x, h0, c0, w_hh, *biases, op_kwargs={"reverse": reverse},
                      constant=constant)


def lstm_projected_recurrence(gates_x: Any, h0: Any, c0: Any, w_hh: Any, w_hr: Any, b_hh: Any = None, *,
                              reverse: bool = False, constant: Optional[bool] = None) -> Tensor:
    """The recurrence of PyTorch's LSTM layer with ``proj_size > 0`` as one operation.

    As :func:`lstm_recurrence`, except that the hidden state is projected to
    ``P < H`` features (the ``m_t`` below is what an unprojected LSTM calls ``h_t``)::

        pre_t = gates_x[t] + h_{t-1} W_hh^T + b_hh              (W_hh: (4H, P))
        c_t = f_t * c_{t-1} + i_t * g_t,   m_t = o_t * tanh(c_t)
        h_t = m_t W_hr^T                                        (W_hr: (P, H))

    and backward adds ``dL/dW_hr = sum_t dL/dh_t^T m_t`` and ``dL/dm_t = dL/dh_t W_hr``.

    Parameters
    ----------
    gates_x : ArrayLike, shape (L, N, 4H)
    h0 : ArrayLike, shape (N, P)
    c0 : ArrayLike, shape (N, H)
    w_hh : ArrayLike, shape (4H, P)
    w_hr : ArrayLike, shape (P, H)
    b_hh : Optional[ArrayLike], shape (4H,)
    reverse : bool
        Run from the last step to the first.

    Returns
    -------
    Tensor, shape (L, N, P + H)
        ``[..., :P]`` holds ``h_t`` at every step, ``[..., P:]`` holds ``c_t``.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional.lstm import lstm_projected_recurrence
    >>> w_hr = mg.tensor(np.ones((1, 2)))                  # P=1, H=2: h is the sum of m's two features
    >>> out = lstm_projected_recurrence(np.zeros((3, 1, 8)), np.zeros((1, 1)), np.ones((1, 2)),
    ...                                 np.zeros((8, 1)), w_hr)
    >>> out.shape, out[-1, 0, 1:].data.tolist()           # f = 1/2, g = 0: the cell state halves each step
    ((3, 1, 3), [0.125, 0.125])
    >>> out[..., 0].sum().backward()
    >>> w_hr.grad.shape
    (1, 2)
    """
    gx, w, w_r = np.shape(data_of(gates_x)), np.shape(data_of(w_hh)), np.shape(data_of(w_hr))
    h_shape, c_shape = np.shape(data_of(h0)), np.shape(data_of(c0))
    if (len(gx) != 3 or len(w) != 2 or len(w_r) != 2 or w[0] != 4 * w_r[1] or w[1] != w_r[0] or gx[2] != w[0]
            or h_shape != (gx[1], w_r[0]) or c_shape != (gx[1], w_r[1])):
        raise ValueError(f"lstm_projected_recurrence: expected gates_x (L, N, 4H), h0 (N, P), c0 (N, H), w_hh (4H, P) "
                         f"and w_hr (P, H); got {gx}, {h_shape}, {c_shape}, {w} and {w_r}")
    if b_hh is not None and np.shape(data_of(b_hh)) != (w[0],):
        raise ValueError(f"lstm_projected_recurrence: b_hh must have shape ({w[0]},); got {np.shape(data_of(b_hh))}")
    if gx[0] == 0:
        raise ValueError("lstm_projected_recurrence: the sequence is empty (length 0)")
    biases = () if b_hh is None else (b_hh,)
    return execute_op(LSTMProjectedRecurrence, gates_x, h0, c0, w_hh, w_hr, *biases, op_kwargs={"reverse": reverse},
                      constant=constant)


def rnn_recurrence(gates_x: Any, h0: Any, w_hh: Any, b_hh: Any = None, *, nonlinearity: str = "tanh",
                   reverse: bool = False, constant: Optional[bool] = None) -> Tensor:
    """The recurrence of PyTorch's (Elman) RNN layer as one operation; returns ``h_t`` after every step.

    With ``gates_x`` = ``x_t W_ih^T + b_ih`` for all steps, for t = 1..L (or
    L..1 with ``reverse``)::

        h_t = nonlinearity(gates_x[t] + h_{t-1} W_hh^T + b_hh)

    Parameters
    ----------
    gates_x : ArrayLike, shape (L, N, H)
    h0 : ArrayLike, shape (N, H)
    w_hh : ArrayLike, shape (H, H)
    b_hh : Optional[ArrayLike], shape (H,)
    nonlinearity : {"tanh", "relu"}
    reverse : bool
        Run from the last step to the first.

    Returns
    -------
    Tensor, shape (L, N, H)

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import rnn_recurrence
    >>> w = mg.tensor(np.eye(2))
    >>> rnn_recurrence(np.ones((3, 1, 2)), np.zeros((1, 2)), w, nonlinearity="relu").data[:, 0, 0].tolist()
    [1.0, 2.0, 3.0]
    """
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
    _check_shapes("rnn_recurrence", 1, gates_x, (h0,), w_hh, b_hh)
    biases = () if b_hh is None else (b_hh,)
    return execute_op(RNNRecurrence, gates_x, h0, w_hh, *biases,
                      op_kwargs={"nonlinearity": nonlinearity, "reverse": reverse}, constant=constant)
