"""Gated recurrent unit, MyGrad's ``gru`` (row-vector convention), as one operation.

For t = 1..T, with ``s_0`` the initial state::

    z_t = sigmoid(X_t Uz + s_{t-1} Wz + bz)
    r_t = sigmoid(X_t Ur + s_{t-1} Wr + br)
    h_t = tanh(X_t Uh + (r_t * s_{t-1}) Wh + bh)
    s_t = (1 - z_t) * h_t + z_t * s_{t-1}

Forward loops over time (each step is batched matrix products); backward
walks back through time once, then forms every parameter gradient with one
``tensordot`` over (time, batch).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.random import RandomSource, resolve_source
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import data_of
from mygrad.nn.functional.activations import stable_sigmoid
from mygrad.nn.functional.linear import times_transpose

__all__ = ["gru", "gru_recurrence"]

_NAMES = ("X", "Uz", "Wz", "bz", "Ur", "Wr", "br", "Uh", "Wh", "bh", "s0")


class _BackwardThroughTime(Operation):
    """An op whose input gradients all come out of one pass back through time, ``_all_grads(grad)``."""

    _grads = None

    def backward_var(self, grad, index, **kwargs):
        if self._grads is None:
            self._grads = self._all_grads(grad)
        return self._grads[index]


def time_steps(length: int, reverse: bool) -> range:
    """The steps of a recurrence in the order it runs them (backward through time walks ``reversed`` of it).

    >>> list(time_steps(3, True)), list(reversed(time_steps(3, True)))
    ([2, 1, 0], [0, 1, 2])
    """
    return range(length - 1, -1, -1) if reverse else range(length)


def by_gate(a: np.ndarray, gates: int) -> np.ndarray:
    """An (N, gates * H) array as a (gates, N, H) view: gate block k is ``[k]``.

    >>> by_gate(np.arange(8).reshape(2, 4), 2)[1].tolist()   # the second block of columns
    [[2, 3], [6, 7]]
    """
    n, width = a.shape
    return a.reshape(n, gates, width // gates).transpose(1, 0, 2)


# The fewest steps for which a contiguous copy of the gate blocks' W_k^T pays for itself (measured for
# (4 * 256, 256) weights: the copy costs about what 12 one-row steps save, or 3-5 steps of 32-64 rows).
_COPY_WEIGHTS_FROM = 12


def hidden_products(w: np.ndarray, gates: int, length: int, dtype: np.dtype) -> Callable[[np.ndarray], np.ndarray]:
    """``h -> h W_k^T`` for every gate block ``W_k`` of a recurrent weight ``W`` (gates * H, K), as a
    (gates, N, H) array (or a view of a new one) that the caller may overwrite.

    Each gate comes out as a contiguous (N, H) block, on which elementwise NumPy is twice as fast as on a
    block of columns. For a sequence of ``length`` steps, at least ``_COPY_WEIGHTS_FROM``, the weight is
    copied once into contiguous blocks of ``W_k^T`` (one batched product a step, as fast as the whole
    (N, gates * H) product); for shorter ones, each step's product is ``times_transpose``'s, split by gate.

    >>> w = np.arange(8.0).reshape(4, 2)                    # two gates of H = 2 rows: W_1 = [[4, 5], [6, 7]]
    >>> hidden_products(w, 2, 1, np.dtype(np.float64))(np.array([[1.0, 0.0]]))[1].tolist()
    [[4.0, 6.0]]
    """
    if length < _COPY_WEIGHTS_FROM:
        return lambda h: by_gate(times_transpose(h, w), gates)
    w_t = np.ascontiguousarray(np.swapaxes(w.reshape(gates, -1, w.shape[1]), 1, 2), dtype)
    return lambda h: np.matmul(h, w_t)


def gate_bias(b_hh: tuple, gates: int) -> Optional[np.ndarray]:
    """``b_hh`` (a tuple of zero or one tensors of shape (gates * H,)) as (gates, 1, H), or None.

    >>> gate_bias((), 4) is None, gate_bias((np.arange(4.0),), 2).tolist()
    (True, [[[0.0, 1.0]], [[2.0, 3.0]]])
    """
    return np.reshape(data_of(b_hh[0]), (gates, 1, -1)) if b_hh else None


def sigmoid_(a: np.ndarray) -> None:
    """``a <- 1 / (1 + exp(-a))`` in place (``stable_sigmoid``'s formula and limits, without a new array).

    >>> a = np.array([-1000.0, 0.0, 1000.0]); sigmoid_(a); a
    array([0. , 0.5, 1. ])
    """
    np.negative(a, out=a)
    with np.errstate(over="ignore"):  # exp overflows to inf for very negative gates: 1 / inf is their limit, 0
        np.exp(a, out=a)
    a += 1
    np.reciprocal(a, out=a)


def previous_states(states: np.ndarray, first: np.ndarray, reverse: bool) -> np.ndarray:
    """The state before each step, (L, N, H): ``first`` then ``states`` (L, N, H) shifted by one step (in time
    order, or against it with ``reverse``).

    >>> previous_states(np.array([[[1]], [[2]], [[3]]]), np.array([[0]]), False).ravel().tolist()
    [0, 1, 2]
    """
    before = np.empty(states.shape, np.result_type(states, first))
    if reverse:
        before[:-1], before[-1] = states[1:], first
    else:
        before[1:], before[0] = states[:-1], first
    return before


def sum_time_batch(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sum_{t, n} a[t, n, :, None] * b[t, n, None, :]``: a parameter gradient over all steps in one product.

    >>> sum_time_batch(np.ones((2, 3, 1)), np.ones((2, 3, 2))).tolist()
    [[6.0, 6.0]]
    """
    return np.tensordot(a, b, axes=([0, 1], [0, 1]))


class GRU(_BackwardThroughTime):
    def __call__(self, X, Uz, Wz, bz, Ur, Wr, br, Uh, Wh, bh, *s0, bp_lim, masks):
        self.variables = (X, Uz, Wz, bz, Ur, Wr, br, Uh, Wh, bh, *s0)
        x = X.data
        T, N, _ = x.shape
        D = bz.shape[0]
        self.bp_lim = bp_lim
        # dropout masks: (mUz, mUr, mUh) of shape (N, D) and (mWz, mWr, mWh) of shape (D, D), or all None
        self.mU, self.mW = masks
        self.W = [w.data if m is None else w.data * m for w, m in zip((Wz, Wr, Wh), self.mW)]
        xu = [np.tensordot(x, u.data, axes=1) for u in (Uz, Ur, Uh)]  # (T, N, D) input contributions
        xu = [a if m is None else a * m for a, m in zip(xu, self.mU)]
        for a, b in zip(xu, (bz, br, bh)):
            a += b.data
        dtype = np.result_type(x, Uz.data, Wz.data)
        s = np.zeros((T + 1, N, D), dtype=dtype)
        if s0:
            s[0] = s0[0].data
        z, r, h = (np.empty((T, N, D), dtype=dtype) for _ in range(3))
        Wz_, Wr_, Wh_ = self.W
        for t in range(T):
            prev = s[t]
            z[t] = stable_sigmoid(xu[0][t] + prev @ Wz_)
            r[t] = stable_sigmoid(xu[1][t] + prev @ Wr_)
            h[t] = np.tanh(xu[2][t] + (r[t] * prev) @ Wh_)
            s[t + 1] = (1 - z[t]) * h[t] + z[t] * prev
        self.s, self.z, self.r, self.h = s, z, r, h
        return s

    def _local(self, ds, t):
        """Pre-activation gradients at steps ``t`` (an index or slice) given dL/ds_t there."""
        z, r, h, prev = self.z[t], self.r[t], self.h[t], self.s[:-1][t]
        dz = ds * (prev - h) * z * (1 - z)  # ds_t/dz_t = s_{t-1} - h_t; sigmoid' = z (1 - z)
        dh = ds * (1 - z) * (1 - h * h)  # ds_t/dh_t = 1 - z_t; tanh' = 1 - h^2
        dh_W = dh @ self.W[2].T  # gradient reaching (r_t * s_{t-1})
        dr = dh_W * prev * r * (1 - r)
        return dz, dr, dh, dh_W

    def _step_back(self, ds, t):
        """dL/ds_{t-1} through step ``t``'s recurrence (not counting direct gradients)."""
        dz, dr, dh, dh_W = self._local(ds, t)
        return ds * self.z[t] + dz @ self.W[0].T + dh_W * self.r[t] + dr @ self.W[1].T

    def _state_grads(self, grad):
        """Total dL/ds_t for t = 0..T (direct gradient plus everything flowing back through time)."""
        T = len(self.z)
        total = grad.astype(self.s.dtype, copy=True)
        if self.bp_lim is None or self.bp_lim >= T:
            for t in range(T, 0, -1):
                total[t - 1] += self._step_back(total[t], t - 1)
            return total
        # truncated: each loss term travels back at most bp_lim steps. ``frontier[t]`` holds the
        # gradients that have travelled exactly j steps so far; one vectorised step moves all of them.
        frontier = total.copy()
        for _ in range(self.bp_lim):
            back = self._step_back(frontier[1:], slice(None))  # back[t] = contribution to s_t from s_{t+1}
            frontier = np.concatenate([back, np.zeros_like(back[:1])])
            total += frontier
        return total

    def _all_grads(self, grad):
        total = self._state_grads(grad)
        ds = total[1:]
        dz, dr, dh, _ = self._local(ds, slice(None))
        x = self.variables[0].data
        prev = self.s[:-1]
        pre = [dz, dr, dh]
        d_in = [d if m is None else d * m for d, m in zip(pre, self.mU)]  # through the input dropout
        tdot = lambda a, b: np.tensordot(a, b, axes=([0, 1], [0, 1]))  # noqa: E731  sum over (time, batch)
        dW = [tdot(prev, dz), tdot(prev, dr), tdot(self.r * prev, dh)]
        dW = [g if m is None else g * m for g, m in zip(dW, self.mW)]
        dU = [tdot(x, d) for d in d_in]
        db = [d.sum(axis=(0, 1)) for d in pre]
        U = [self.variables[i].data for i in (1, 4, 7)]
        dX = sum(d @ u.T for d, u in zip(d_in, U))
        grads = [dX, dU[0], dW[0], db[0], dU[1], dW[1], db[1], dU[2], dW[2], db[2]]
        if len(self.variables) == 11:
            grads.append(total[0])
        return grads


def _dropout_masks(p: float, N: int, D: int, dtype, generator: Optional[RandomSource]) -> tuple:
    """MyGrad's GRU dropout: one (N, D) mask per input map (shared over time), one (D, D) per recurrent matrix.

    Drawn as MyGrad draws them (``binomial(1, 1 - p)``, input masks first), so
    after the same ``np.random.seed`` the masks are MyGrad's.
    """
    if not p:
        return (None,) * 3, (None,) * 3
    source = resolve_source(generator)
    keep = 1 - p
    mU = source.binomial(1, keep, size=(3, 1, N, D)).astype(dtype) / dtype.type(keep)
    mW = source.binomial(1, keep, size=(3, D, D)).astype(dtype) / dtype.type(keep)
    return tuple(mU), tuple(mW)


def gru(X: Any, Uz: Any, Wz: Any, bz: Any, Ur: Any, Wr: Any, br: Any, Uh: Any, Wh: Any, bh: Any,
        s0: Any = None, bp_lim: Optional[int] = None, dropout: float = 0.0, constant: Optional[bool] = None, *,
        generator: Optional[RandomSource] = None) -> Tensor:
    """Run a gated recurrent unit over a sequence and return every hidden state (MyGrad's ``gru``).

    Parameters
    ----------
    X : ArrayLike, shape=(T, N, C)
        The sequence: T steps of N samples with C features.
    Uz, Ur, Uh : ArrayLike, shape=(C, D)
        Input-to-hidden weights of the update gate, reset gate and candidate.
    Wz, Wr, Wh : ArrayLike, shape=(D, D)
        Hidden-to-hidden weights.
    bz, br, bh : ArrayLike, shape=(D,)
        Biases.
    s0 : Optional[ArrayLike], shape=(N, D)
        The initial state (zeros by default); differentiable if a tensor.
    bp_lim : Optional[int]
        Truncate back-propagation through time: each step's loss reaches at
        most ``bp_lim`` earlier states. None: full back-propagation.
    dropout : float in [0, 1)
        Drop-out of the input contributions (one mask per sample, shared over
        time) and of the recurrent weights, as in MyGrad.
    generator : Optional[np.random.Generator or np.random.RandomState]
        Randomness for ``dropout``; by default NumPy's global random state.

    Returns
    -------
    Tensor, shape=(T+1, N, D)
        ``s_0, s_1, ..., s_T``.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nnet import gru
    >>> T, N, C, D = 3, 2, 4, 5
    >>> X = np.ones((T, N, C))
    >>> U, W, b = np.full((C, D), 0.1), np.zeros((D, D)), np.zeros(D)
    >>> gru(X, U, W, b, U, W, b, U, W, b).shape
    (4, 2, 5)
    """
    x_shape = np.shape(data_of(X))
    if len(x_shape) != 3:
        raise ValueError(f"gru: X must have shape (T, N, C); got {x_shape}")
    T, N, C = x_shape
    D = np.shape(data_of(bz))[0] if np.ndim(data_of(bz)) == 1 else -1
    expected = {"Uz": (C, D), "Ur": (C, D), "Uh": (C, D), "Wz": (D, D), "Wr": (D, D), "Wh": (D, D),
                "bz": (D,), "br": (D,), "bh": (D,)}
    given = dict(zip(_NAMES[1:10], (Uz, Wz, bz, Ur, Wr, br, Uh, Wh, bh)))
    for name, shape in expected.items():
        if np.shape(data_of(given[name])) != shape:
            raise ValueError(f"gru: {name} must have shape {shape} for X of shape {x_shape} and D={D}; "
                             f"got {np.shape(data_of(given[name]))}")
    if s0 is not None and np.shape(data_of(s0)) != (N, D):
        raise ValueError(f"gru: s0 must have shape ({N}, {D}); got {np.shape(data_of(s0))}")
    if bp_lim is not None and not (isinstance(bp_lim, (int, np.integer)) and 0 <= bp_lim):
        raise ValueError(f"gru: bp_lim must be a non-negative int or None; got {bp_lim!r}")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"gru: dropout must be in [0, 1); got {dropout}")
    dtype = np.result_type(*(np.asarray(data_of(v)).dtype for v in (X, Uz, Wz)))
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    masks = _dropout_masks(dropout, N, D, dtype, generator)
    extra = () if s0 is None else (s0,)
    return execute_op(GRU, X, Uz, Wz, bz, Ur, Wr, br, Uh, Wh, bh, *extra,
                      op_kwargs=dict(bp_lim=bp_lim, masks=masks), constant=constant)


class GRURecurrence(_BackwardThroughTime):
    """PyTorch's GRU recurrence over one sequence, given every step's input gates (see :func:`gru_recurrence`)."""

    def __call__(self, gates_x, h0, w_hh, *b_hh, reverse=False):
        self.variables = (gates_x, h0, w_hh, *b_hh)
        gx, w = gates_x.data, w_hh.data
        length, batch = gx.shape[:2]
        hidden = w.shape[1]
        dtype = np.result_type(gx, h0.data, w)
        self.reverse = reverse
        # saved per step for backward: r and z, n, the hidden part W_hn h + b_hn, and the output (the states)
        self.r_z = np.empty((length, 2, batch, hidden), dtype)
        self.n, self.gh_n = (np.empty((length, batch, hidden), dtype) for _ in range(2))
        out = self.out = np.empty((length, batch, hidden), dtype)
        products, b = hidden_products(w, 3, length, dtype), gate_bias(b_hh, 3)
        h = h0.data.astype(dtype, copy=False)
        for t in time_steps(length, reverse):
            gh = products(h)  # h W_k^T for the gates r, z, n
            if b is not None:
                gh += b
            gx_t, r_z, n = by_gate(gx[t], 3), self.r_z[t], self.n[t]
            sigmoid_(np.add(gx_t[:2], gh[:2], out=r_z))
            r, z = r_z
            self.gh_n[t] = gh[2]
            np.multiply(r, gh[2], out=n)
            n += gx_t[2]
            np.tanh(n, out=n)
            h = np.subtract(h, n, out=out[t])  # h = (1 - z) n + z h_prev = n + z (h_prev - n)
            h *= z
            h += n
        return out

    def _all_grads(self, grad):
        """dL/d(gates_x, h0, w_hh, b_hh), walking the steps backwards once."""
        h0, w = self.variables[1].data, self.variables[2].data
        length, hidden = len(self.out), w.shape[1]
        prev = previous_states(self.out, h0, self.reverse)
        d_gh = np.empty(grad.shape[:2] + (3 * hidden,), dtype=grad.dtype)  # dL/d(h W^T + b_hh) at every step
        d_gates_x = np.empty(d_gh.shape, dtype=grad.dtype)
        d_h = np.zeros(grad.shape[1:], dtype=grad.dtype)  # dL/dh flowing back from later steps
        for t in reversed(time_steps(length, self.reverse)):
            d_h = d_h + grad[t]
            (r, z), n = self.r_z[t], self.n[t]
            d_n_pre = d_h * (1 - z) * (1 - n * n)  # h = (1 - z) n + z prev; n = tanh(n_pre)
            d_r, d_z, d_n = by_gate(d_gh[t], 3)
            d_r[...] = d_n_pre * self.gh_n[t] * r * (1 - r)  # n_pre = gx_n + r * gh_n; r = sigmoid(r_pre)
            d_z[...] = d_h * (prev[t] - n) * z * (1 - z)
            d_n[...] = d_n_pre * r
            d_gates_x[t, :, : 2 * hidden] = d_gh[t, :, : 2 * hidden]  # r and z: the same pre-activations
            d_gates_x[t, :, 2 * hidden:] = d_n_pre  # n: gates_x enters outside the r * (...) product
            d_h *= z
            d_h += d_gh[t] @ w
        return d_gates_x, d_h, sum_time_batch(d_gh, prev), d_gh.sum(axis=(0, 1))


def gru_recurrence(gates_x: Any, h0: Any, w_hh: Any, b_hh: Any = None, *, reverse: bool = False,
                   constant: Optional[bool] = None) -> Tensor:
    """The recurrence of PyTorch's GRU layer as one operation; returns the state after every step.

    With ``gates_x`` = ``x_t W_ih^T + b_ih`` for all steps (gates in the order
    r, z, n) it computes, for t = 1..L (or L..1 with ``reverse``)::

        r_t, z_t = sigmoid(gates_x[t, :, :2H] + (h_{t-1} W_hh^T + b_hh)[:, :2H])
        n_t = tanh(gates_x[t, :, 2H:] + r_t * (h_{t-1} W_hh^T + b_hh)[:, 2H:])
        h_t = (1 - z_t) * n_t + z_t * h_{t-1}

    The forward pass loops over time with NumPy; the backward pass walks back
    through time once (no per-step graph), which is what makes
    :class:`mygrad.nn.GRU` fast.

    Parameters
    ----------
    gates_x : ArrayLike, shape (L, N, 3H)
    h0 : ArrayLike, shape (N, H)
    w_hh : ArrayLike, shape (3H, H)
    b_hh : Optional[ArrayLike], shape (3H,)
    reverse : bool
        Run from the last step to the first.

    Returns
    -------
    Tensor, shape (L, N, H)
        ``h_t`` at every step (the final state is ``[-1]``, or ``[0]`` with ``reverse``).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional.recurrent import gru_recurrence
    >>> w = mg.tensor(np.zeros((6, 2)))
    >>> states = gru_recurrence(np.zeros((4, 1, 6)), np.ones((1, 2)), w)
    >>> states.shape, states[-1].data.tolist()   # z = 1/2 each step: h halves towards n = 0
    ((4, 1, 2), [[0.0625, 0.0625]])
    """
    gx, h, w = (np.shape(data_of(a)) for a in (gates_x, h0, w_hh))
    if len(gx) != 3 or len(w) != 2 or w[0] != 3 * w[1] or gx[2] != w[0] or h != (gx[1], w[1]):
        raise ValueError(f"gru_recurrence: expected gates_x (L, N, 3H), h0 (N, H) and w_hh (3H, H); got "
                         f"{gx}, {h} and {w}")
    if gx[0] == 0:
        raise ValueError("gru_recurrence: the sequence is empty (length 0)")
    biases = () if b_hh is None else (b_hh,)
    return execute_op(GRURecurrence, gates_x, h0, w_hh, *biases, op_kwargs={"reverse": reverse}, constant=constant)
