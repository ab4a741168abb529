"""Normalisation layers: ``batch_norm`` and ``layer_norm``, one fused operation.

Both compute ``y = (x - mean) / sqrt(var + eps) * weight + bias`` with the
statistics taken over some axes. When the statistics come from ``x`` itself,
backward uses the closed form (``xhat`` the normalised input, ``gs`` the
upstream gradient times the weight, means over the statistic axes):

    dL/dx = (gs - mean(gs) - xhat * mean(gs * xhat)) / sqrt(var + eps)
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.functional import cache_blocks

__all__ = ["batch_norm", "layer_norm"]


class AffineNormalize(Operation):
    """``(x - mean) / sqrt(var + eps) * weight + bias`` over ``axes``.

    ``stats=None``: mean and (biased) variance are computed from ``x`` and
    differentiated through; otherwise ``stats=(mean, var)`` are fixed arrays.
    ``param_shape`` is how ``weight``/``bias`` broadcast against ``x``.

    Memory traffic is what these layers cost, so each pass over ``x``-sized
    arrays counts: the normalised input is made in one new array (centred,
    then scaled in place), sums of products are taken without a temporary
    (:func:`sum_of_products`), and backward takes its two sums once and
    shares them between the input's and the parameters' gradients.
    """

    def __call__(self, x, *params, axes, param_shape, eps, stats, has_weight):
        self.variables = (x, *params)
        return self._normalize(x.data, [p.data for p in params], axes, param_shape, eps, stats, has_weight)

    def _normalize(self, xd, params, axes, param_shape, eps, stats, has_weight):
        """The forward pass on arrays (``params``: the weight and/or bias arrays)."""
        self.axes = tuple(a % xd.ndim for a in axes)
        self.param_shape, self.has_weight = param_shape, has_weight
        self.batch_stats = stats is None
        if stats is None:
            mean = xd.mean(axis=self.axes, keepdims=True)
            xhat = np.subtract(xd, mean)  # centred here, scaled in place below
            count = xd.size // max(mean.size, 1) if xd.size else 0
            var = sum_of_products(xhat, xhat, self.axes) / xhat.dtype.type(max(count, 1))
            if not count:
                var = np.full_like(mean, np.nan)  # the variance of nothing, as np.var gives it
            self.mean, self.var = mean, var
        else:
            mean, var = (np.asarray(s, dtype=xd.dtype).reshape(param_shape) for s in stats)
            xhat = np.subtract(xd, mean)
        self.inv_std = 1 / np.sqrt(var + np.asarray(eps, dtype=xhat.dtype))
        self.xhat = np.multiply(xhat, self.inv_std, out=xhat)
        self._sums = None
        out = self.xhat
        if has_weight:
            out = out * params[0].reshape(param_shape)
        if len(params) == 1 + has_weight:
            bias = params[-1].reshape(param_shape)
            out = np.add(out, bias, out=out) if out is not self.xhat and out.dtype == np.result_type(out, bias) \
                else out + bias
        return out

    def _param_axes(self, ndim: int) -> Tuple[int, ...]:
        return tuple(i for i in range(ndim) if self._padded_param_shape(ndim)[i] == 1)

    def _padded_param_shape(self, ndim: int) -> Tuple[int, ...]:
        return (1,) * (ndim - len(self.param_shape)) + tuple(self.param_shape)

    def _grad_sums(self, grad: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """``sum(g)`` and ``sum(g * xhat)`` over the parameters' broadcast axes (kept as length-1 axes), once
        per backward pass: the input's and both parameters' gradients are made from them."""
        if self._sums is None or self._sums[0] is not grad:
            axes = self._param_axes(grad.ndim)
            self._sums = (grad, grad.sum(axis=axes, keepdims=True), sum_of_products(grad, self.xhat, axes))
        return self._sums[1:]

    def backward_var(self, grad, index, **kwargs):
        param = self.variables[index]
        if index > 0:
            sum_g, sum_gx = self._grad_sums(grad)
            # d/dweight = sum(g * xhat), d/dbias = sum(g), over the axes the parameter is broadcast along
            return (sum_gx if (index == 1 and self.has_weight) else sum_g).reshape(param.shape)
        weight = self.variables[1].data.reshape(self.param_shape) if self.has_weight else None
        if not self.batch_stats:  # fixed statistics: an affine map
            return grad * (self.inv_std if weight is None else self.inv_std * weight)
        # dx = (gs - mean(gs) - xhat * mean(gs * xhat)) / std, gs = g * weight, means over the statistics' axes
        if self._param_axes(grad.ndim) == self.axes:  # (batch norm) the weight is constant over those axes:
            sum_g, sum_gx = self._grad_sums(grad)  # the parameters' own sums serve, and gs factors out
            gs, scale = grad, self.inv_std if weight is None else self.inv_std * weight
        else:  # (layer norm) the weight varies along the statistics' axes
            gs, scale = (grad if weight is None else grad * weight), self.inv_std
            sum_g, sum_gx = gs.sum(axis=self.axes, keepdims=True), sum_of_products(gs, self.xhat, self.axes)
        count = grad.dtype.type(max(grad.size // max(sum_g.size, 1), 1))
        dx = np.multiply(self.xhat, sum_gx / count)
        np.subtract(gs, dx, out=dx)
        dx -= sum_g / count
        dx *= scale
        return dx


class LayerNormalize(AffineNormalize):
    """:class:`AffineNormalize` over the trailing axes, with the parameters shaped like those axes (layer norm).

    Backward goes through the input a block of rows at a time (a row: one
    set of statistics): each block of ``grad`` and ``xhat`` is read from
    memory once, by the parameters' sums, and the per-row sums and the
    input's gradient that follow find it in the cache.
    """

    def backward_var(self, grad, index, **kwargs):
        if self._sums is None or self._sums[0] is not grad:
            self._sums = (grad, *self._gradients(grad))
        dx, sum_g, sum_gx = self._sums[1:]
        if index == 0:
            return dx.reshape(grad.shape)
        # d/dweight = sum(g * xhat), d/dbias = sum(g), over the leading axes
        return (sum_gx if (index == 1 and self.has_weight) else sum_g).reshape(self.variables[index].shape)

    def _gradients(self, grad: np.ndarray):
        """The input's gradient (None for a constant input) and the column sums of ``grad`` and ``grad * xhat``."""
        size = int(np.prod(self.param_shape))
        g, xhat = grad.reshape(-1, size), self.xhat.reshape(-1, size)
        inv_std = self.inv_std.reshape(-1, 1)
        weight = self.variables[1].data.reshape(size) if self.has_weight else None
        dtype = np.result_type(g, xhat, *(() if weight is None else (weight,)))
        sum_g, sum_gx = np.zeros(size, dtype), np.zeros(size, dtype)
        dx = None if self.variables[0].constant else np.empty(xhat.shape, dtype)
        for rows in cache_blocks.row_slices(xhat):
            g_rows, xhat_rows = g[rows], xhat[rows]
            sum_g += g_rows.sum(axis=0)
            sum_gx += np.einsum("ij,ij->j", g_rows, xhat_rows)
            if dx is not None:
                _layer_norm_input_grad(g_rows, weight, xhat_rows, inv_std[rows, 0], out=dx[rows])
        return dx, sum_g, sum_gx


def _layer_norm_input_grad(g: np.ndarray, weight: Optional[np.ndarray], xhat: np.ndarray, inv_std: np.ndarray,
                           out: np.ndarray) -> None:
    """``out = (gs - mean(gs) - xhat mean(gs xhat)) inv_std`` with ``gs = g weight``, means along rows.

    As ``gs inv_std - mean(gs inv_std) - xhat mean(gs inv_std xhat)``: the products with a value per row
    (``inv_std``, the means) are ``np.einsum``'s, which takes 2/3 of a broadcasting ufunc's time on short rows.
    """
    if weight is None:
        scaled = np.einsum("ij,i->ij", g, inv_std)
    else:
        scaled = np.einsum("i,j->ij", inv_std, weight)
        scaled *= g
    size = xhat.dtype.type(xhat.shape[1])
    np.einsum("ij,i->ij", xhat, np.einsum("ij,ij->i", scaled, xhat) / -size, out=out)
    out += scaled
    out -= (np.einsum("ij->i", scaled) / size)[:, None]


def sum_of_products(a: np.ndarray, b: np.ndarray, axes: Tuple[int, ...]) -> np.ndarray:
    """``(a * b).sum(axis=axes, keepdims=True)`` without the product's temporary array (``np.einsum``).

    >>> a = np.arange(6.0).reshape(2, 3)
    >>> sum_of_products(a, a, (1,))
    array([[ 5.],
           [50.]])
    """
    letters = "abcdefghijklmnopqrstuvwxyz"[:a.ndim]
    kept = "".join(letter for axis, letter in enumerate(letters) if axis not in axes)
    total = np.einsum(f"{letters},{letters}->{kept}", a, b)
    return np.asarray(total).reshape([1 if axis in axes else n for axis, n in enumerate(a.shape)])


def _check_arrays(name: str, **arrays: Any) -> None:
    """Refuse, naming the function and argument, an array argument that is ragged or holds no real numbers."""
    for arg, value in arrays.items():
        if value is None:
            continue
        raw = data_of(value)
        if not isinstance(raw, np.ndarray):
            try:
                raw = np.asarray(raw)
            except (TypeError, ValueError) as error:
                raise type(error)(f"{name}: {arg} ({type(value).__name__}) is not array-like: {error}") from None
        if raw.dtype.kind not in "biuf":
            raise TypeError(f"{name}: {arg} must hold real numbers; got {type(value).__name__} of dtype {raw.dtype}")


def _updatable(buffer: Any) -> bool:
    """Whether a running statistic can be updated in place (a float array, writeable or a tensor's)."""
    arr = data_of(buffer)
    return isinstance(arr, np.ndarray) and arr.dtype.kind == "f" and (arr.flags.writeable or isinstance(buffer, Tensor))


def normalized_shape_of(name: str, normalized_shape: Any) -> Tuple[int, ...]:
    """``normalized_shape`` (an int or a sequence of ints, each >= 1) as a tuple, or an error naming ``name``."""
    entries = (normalized_shape,) if isinstance(normalized_shape, (int, np.integer)) else normalized_shape
    sequence = isinstance(entries, (Sequence, np.ndarray)) and not isinstance(entries, (str, bytes))
    if not sequence or (isinstance(entries, np.ndarray) and entries.ndim != 1) or not all(
        isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_)) for n in entries
    ):
        raise TypeError(f"{name}: normalized_shape must be an int or a sequence of ints; got {normalized_shape!r:.60}")
    if any(n < 1 or n > 2**31 for n in entries):
        raise ValueError(f"{name}: normalized_shape must hold sizes in [1, 2**31]; got {normalized_shape!r}")
    return tuple(int(n) for n in entries)


def _update_running(buffer: Any, batch_value: np.ndarray, momentum: float) -> None:
    """``buffer <- (1 - momentum) * buffer + momentum * batch_value``, in place on the array (or tensor's data)."""
    arr = data_of(buffer)
    if not isinstance(arr, np.ndarray):
        raise TypeError(f"running statistics must be ndarrays or tensors to be updated in place; "
                        f"got {type(buffer).__name__}")
    arr *= 1 - momentum
    arr += (momentum * batch_value).astype(arr.dtype, copy=False)


def batch_norm(input: Any, running_mean: Any, running_var: Any, weight: Any = None, bias: Any = None,
               training: bool = False, momentum: float = 0.1, eps: float = 1e-5, *,
               constant: Optional[bool] = None) -> Tensor:
    """Batch normalisation over every axis but the channel axis 1, as PyTorch.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, ...)
    running_mean, running_var : Optional[ndarray or Tensor], shape=(C,)
        In training they are updated **in place**:
        ``r <- (1 - momentum) r + momentum * batch_stat``, using the unbiased
        batch variance for ``running_var``. In evaluation they normalise the input.
    weight, bias : Optional[ArrayLike], shape=(C,)
    training : bool, default False
        Use batch statistics (and update the running ones) rather than the running ones.
    momentum : float, default 0.1
    eps : float, default 1e-5

    Returns
    -------
    Tensor, shape of ``input``

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import batch_norm
    >>> rm, rv = np.zeros(1), np.ones(1)
    >>> batch_norm(mg.tensor([[1.0], [3.0]]), rm, rv, training=True, eps=0.0)
    Tensor([[-1.],
            [ 1.]])
    >>> rm, rv
    (array([0.2]), array([1.1]))
    """
    _check_arrays("batch_norm", input=input, running_mean=running_mean, running_var=running_var, weight=weight,
                  bias=bias)
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"batch_norm: training must be True or False; got {training!r:.60}")
    if not 0.0 <= check_real("batch_norm: momentum", momentum) <= 1.0:
        raise ValueError(f"batch_norm: momentum must be in [0, 1]; got {momentum!r}")
    if not check_real("batch_norm: eps", eps) >= 0:
        raise ValueError(f"batch_norm: eps must be >= 0; got {eps!r}")
    x_shape = np.shape(data_of(input))
    if len(x_shape) < 2:
        raise ValueError(f"batch_norm expects an input of shape (N, C, ...); got shape {x_shape}")
    channels = x_shape[1]
    for name, value in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                        ("bias", bias)):
        if value is not None and np.shape(data_of(value)) != (channels,):
            raise ValueError(f"batch_norm: {name} must have shape ({channels},) for an input with {channels} "
                             f"channels; got shape {np.shape(data_of(value))}")
    if training:  # the running statistics are updated in place: check both before either changes
        for name, value in (("running_mean", running_mean), ("running_var", running_var)):
            if value is not None and not _updatable(value):
                raise TypeError(f"batch_norm: {name} must be a writeable floating-point ndarray or tensor to be "
                                f"updated in training; got {type(value).__name__} of dtype "
                                f"{np.asarray(data_of(value)).dtype}")
    axes = (0, *range(2, len(x_shape)))
    param_shape = (channels,) + (1,) * (len(x_shape) - 2)
    if training:
        count = int(np.prod([x_shape[i] for i in axes]))
        if count <= 1:
            raise ValueError(f"batch_norm: expected more than 1 value per channel when training; got input of "
                             f"shape {x_shape}")
        stats = None
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm: running_mean and running_var are required when training=False")
        stats = (data_of(running_mean), data_of(running_var))
    params = [p for p in (weight, bias) if p is not None]
    out = execute_op(AffineNormalize, input, *params,
                     op_kwargs=dict(axes=axes, param_shape=param_shape, eps=eps, stats=stats,
                                    has_weight=weight is not None),
                     constant=constant)
    if training:
        op = out.creator if out.creator is not None else None
        x = data_of(input)
        mean = x.mean(axis=axes) if op is None else op.mean.reshape(channels)
        var = x.var(axis=axes) if op is None else op.var.reshape(channels)
        if running_mean is not None:
            _update_running(running_mean, mean, momentum)
        if running_var is not None:
            _update_running(running_var, var * (count / (count - 1)), momentum)
    return out


def layer_norm(input: Any, normalized_shape: Union[int, Sequence[int]], weight: Any = None, bias: Any = None,
               eps: float = 1e-5, *, constant: Optional[bool] = None) -> Tensor:
    """Normalise over the trailing ``normalized_shape`` axes, then scale by ``weight`` and shift by ``bias``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import layer_norm
    >>> layer_norm(mg.tensor([[1.0, 3.0]]), (2,), eps=0.0)
    Tensor([[-1.,  1.]])
    """
    _check_arrays("layer_norm", input=input, weight=weight, bias=bias)
    if not check_real("layer_norm: eps", eps) >= 0:
        raise ValueError(f"layer_norm: eps must be >= 0; got {eps!r}")
    normalized_shape = normalized_shape_of("layer_norm", normalized_shape)
    x_shape = np.shape(data_of(input))
    nd = len(normalized_shape)
    if nd == 0 or x_shape[len(x_shape) - nd:] != normalized_shape:
        raise ValueError(f"layer_norm: normalized_shape {normalized_shape} must match the trailing dimensions of "
                         f"the input's shape {x_shape}")
    for name, value in (("weight", weight), ("bias", bias)):
        if value is not None and np.shape(data_of(value)) != normalized_shape:
            raise ValueError(f"layer_norm: {name} must have shape {normalized_shape}; got "
                             f"{np.shape(data_of(value))}")
    params = [p for p in (weight, bias) if p is not None]
    return execute_op(LayerNormalize, input, *params,
                      op_kwargs=dict(axes=tuple(range(-nd, 0)), param_shape=normalized_shape, eps=eps, stats=None,
                                     has_weight=weight is not None),
                      constant=constant)
