"""Group and instance normalisation: ``group_norm`` and ``instance_norm``, one fused operation.

Group normalisation splits the ``C`` channels of an ``(N, C, *spatial)``
input into ``G`` groups of ``C / G`` consecutive channels and normalises each
``(sample, group)`` over its channels and spatial positions; instance
normalisation is the case ``G = C`` (each channel of each sample on its own).
Then every channel is scaled by ``weight[c]`` and shifted by ``bias[c]``.
With ``xhat`` the normalised input, ``gs = dL/dout * weight`` and means over
one group's entries, backward is the closed form

    dL/dx = (gs - mean(gs) - xhat * mean(gs * xhat)) / sqrt(var + eps)
    dL/dweight[c] = sum(dL/dout * xhat) over n and the spatial axes,  dL/dbias[c] = sum(dL/dout)
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import check_real, data_of, real_input_shape
from mygrad.nn.functional.cache_blocks import row_slices
from mygrad.nn.functional.normalization import AffineNormalize, sum_of_products

__all__ = ["group_norm", "instance_norm"]


class GroupNormalize(Operation):
    """``(x - mean) / sqrt(var + eps) * weight + bias``, statistics per (sample, group of channels).

    The input is seen as ``(N, groups, C / groups, spatial)``, statistics
    over the last two axes. Each channel of each sample is an affine map of
    the centred input ``c = x - mean``: ``out = c * (inv_std * weight) + bias``,
    so forward writes two arrays (``c``, kept for backward, and ``out``), and
    backward is likewise affine per channel in ``grad`` and ``c`` (see
    :meth:`_input_grad`), from per-channel sums taken once per backward pass.
    """

    def __call__(self, x, *params, groups, eps, has_weight):
        self.variables = (x, *params)
        xd = x.data
        n, channels = xd.shape[:2]
        self.input_shape, self.has_weight = xd.shape, has_weight
        self.grouped_shape = (n, groups, channels // groups, int(np.prod(xd.shape[2:])))
        grouped = xd.reshape(self.grouped_shape)  # (a copy only for inputs not in batch-first order)
        mean = grouped.mean(axis=(2, 3), keepdims=True)
        self.centred = np.subtract(grouped, mean)
        count = self.grouped_shape[2] * self.grouped_shape[3]
        var = sum_of_products(self.centred, self.centred, (2, 3)) / self.centred.dtype.type(max(count, 1))
        if not self.centred.size:
            var = np.full_like(mean, np.nan)  # (np.var's variance of nothing)
        self.inv_std = 1 / np.sqrt(var + np.asarray(eps, dtype=self.centred.dtype))
        weight, bias = self._channel_params()
        scale = self.inv_std if weight is None else self.inv_std * weight  # (n, groups, C / groups, 1)
        out = np.multiply(self.centred, scale)
        if bias is not None:
            out = np.add(out, bias, out=out) if out.dtype == np.result_type(out, bias) else out + bias
        self._sums = None
        return out.reshape(xd.shape)

    def _channel_params(self):
        """The weight and bias arrays as ``(groups, C / groups, 1)`` (None where absent)."""
        shape = self.grouped_shape[1:3] + (1,)
        params = [p.data.reshape(shape) for p in self.variables[1:]]
        weight = params.pop(0) if self.has_weight else None
        return weight, (params[0] if params else None)

    def _channel_sums(self, grad: np.ndarray):
        """Per (sample, channel): ``sum(grad)`` and ``sum(grad * xhat)`` over the spatial axis, once per pass."""
        if self._sums is None or self._sums[0] is not grad:
            g = grad.reshape(self.grouped_shape)
            sum_g = _last_axis_sums(g)
            sum_gx = sum_of_products(g, self.centred, (3,))
            if self.centred.size:  # (else inv_std is NaN, and the sums of nothing are 0)
                sum_gx *= self.inv_std
            self._sums = (grad, g, sum_g, sum_gx)
        return self._sums[1:]

    def backward_var(self, grad, index, **kwargs):
        g, sum_g, sum_gx = self._channel_sums(grad)
        if index > 0:  # d/dweight = sum(g * xhat), d/dbias = sum(g), over the samples and the spatial axis
            total = sum_gx if (index == 1 and self.has_weight) else sum_g
            return total.sum(axis=0).reshape(self.variables[index].shape)
        return self._input_grad(g, sum_g, sum_gx).reshape(self.input_shape)

    def _input_grad(self, g, sum_g, sum_gx):
        # dx = (gs - mean(gs) - xhat mean(gs xhat)) inv_std with gs = g weight, means over a group; as
        # xhat = c inv_std, that is g scale + c k1 + k0 with scale = weight inv_std per channel and
        # k1 = -inv_std mean(scale sum(g xhat)), k0 = -mean(scale sum(g)) per group (sums over the spatial axis).
        # (For a group of one value, c = 0 and k0 = -g scale to the last bit: dx is exactly 0.)
        weight, _ = self._channel_params()
        scale = self.inv_std if weight is None else self.inv_std * weight
        count = g.dtype.type(self.grouped_shape[2] * self.grouped_shape[3])
        k1 = -self.inv_std * ((sum_gx * scale).sum(axis=2, keepdims=True) / count)
        k0 = -((sum_g * scale).sum(axis=2, keepdims=True) / count)
        scale = np.broadcast_to(scale, sum_g.shape)
        dx = np.empty(g.shape, np.result_type(g, self.centred, k1, scale))
        for rows in row_slices(g):  # (a cache-sized block at a time: its temporary stays in cache)
            np.multiply(self.centred[rows], k1[rows], out=dx[rows])
            dx[rows] += k0[rows]
            dx[rows] += np.multiply(g[rows], scale[rows], out=np.empty_like(dx[rows]))
        return dx


def _last_axis_sums(a: np.ndarray) -> np.ndarray:
    """``a.sum(axis=-1, keepdims=True)``, by ``np.einsum`` (2.5x faster on short rows) unless ``a`` is a
    broadcast view (where ``np.sum`` is 2x faster).

    >>> _last_axis_sums(np.arange(6.0).reshape(2, 3))
    array([[ 3.],
           [12.]])
    """
    if 0 in a.strides:
        return a.sum(axis=-1, keepdims=True)
    return np.einsum("...i->...", a)[..., None]


def _check_channel_arrays(name: str, channels: int, **arrays: Any) -> None:
    for arg, value in arrays.items():
        if value is not None and np.shape(data_of(value)) != (channels,):
            raise RuntimeError(f"{name}: Expected {arg} to be of shape ({channels},) for an input with {channels} "
                               f"channels, but got {arg} of shape {np.shape(data_of(value))}")


def group_norm(input: Any, num_groups: int, weight: Any = None, bias: Any = None, eps: float = 1e-5, *,
               constant: Optional[bool] = None) -> Tensor:
    """Group normalisation (Wu & He, 2018) of an ``(N, C, *spatial)`` input, as PyTorch's.

    Each sample's channels are split into ``num_groups`` groups of
    consecutive channels; each group is normalised with its own mean and
    (biased) variance, then channel ``c`` is scaled by ``weight[c]`` and
    shifted by ``bias[c]``.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, ...)
    num_groups : int
        Must divide ``C``.
    weight, bias : Optional[ArrayLike], shape=(C,)
    eps : float, default 1e-5
        Added to the variance.

    Returns
    -------
    Tensor, shape of ``input``

    Raises
    ------
    RuntimeError
        For an input of fewer than 2 dimensions or with ``C`` not divisible
        by ``num_groups`` (PyTorch's classes).
    ValueError
        If a group holds only one value (its variance would be 0/0).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import group_norm
    >>> x = mg.tensor([[[1.0], [3.0], [10.0], [30.0]]])  # N=1, C=4, L=1
    >>> group_norm(x, 2, eps=0.0).data.ravel()
    array([-1.,  1., -1.,  1.])
    """
    shape = real_input_shape("group_norm", input)
    if len(shape) < 2:
        raise RuntimeError(f"group_norm: Expected at least 2 dimensions for input tensor but received {len(shape)}")
    if isinstance(num_groups, (bool, np.bool_)) or not isinstance(num_groups, (int, np.integer)):
        raise TypeError(f"group_norm: num_groups must be an int; got {num_groups!r:.60}")
    if num_groups < 1 or shape[1] % num_groups:
        raise RuntimeError(f"group_norm: Expected number of channels in input to be divisible by num_groups, but "
                           f"got input of shape {list(shape)} and num_groups={num_groups}")
    if not check_real("group_norm: eps", eps) >= 0:
        raise ValueError(f"group_norm: eps must be >= 0; got {eps!r}")
    per_group = (shape[1] // num_groups) * int(np.prod(shape[2:]))
    if shape[0] * per_group == 1:
        raise ValueError(f"group_norm: Expected more than 1 value per channel when training, got input size "
                         f"{list(shape)}")
    _check_channel_arrays("group_norm", shape[1], weight=weight, bias=bias)
    params = [p for p in (weight, bias) if p is not None]
    return execute_op(GroupNormalize, input, *params,
                      op_kwargs=dict(groups=int(num_groups), eps=eps, has_weight=weight is not None),
                      constant=constant)


def _update_running(buffer: Any, batch_value: np.ndarray, momentum: float) -> None:
    arr = data_of(buffer)
    if not (isinstance(arr, np.ndarray) and arr.dtype.kind == "f"):
        raise TypeError(f"instance_norm: running statistics must be floating-point ndarrays or tensors to be "
                        f"updated in place; got {type(buffer).__name__}")
    arr *= 1 - momentum
    arr += (momentum * batch_value).astype(arr.dtype, copy=False)


def instance_norm(input: Any, running_mean: Any = None, running_var: Any = None, weight: Any = None,
                  bias: Any = None, use_input_stats: bool = True, momentum: float = 0.1, eps: float = 1e-5, *,
                  constant: Optional[bool] = None) -> Tensor:
    """Instance normalisation of an ``(N, C, *spatial)`` input: each channel of each sample on its own.

    With ``use_input_stats`` each ``input[n, c]`` is normalised with its own
    mean and (biased) variance over the spatial axes, and the running
    statistics, if given, are updated **in place** (as PyTorch) with the
    batch average of the per-instance statistics:
    ``running_mean <- (1 - momentum) running_mean + momentum * mean_n(mean[n, c])``,
    ``running_var`` likewise with the unbiased per-instance variances.
    Without it, ``running_mean``/``running_var`` normalise the input.

    Parameters
    ----------
    input : ArrayLike, shape=(N, C, ...)
    running_mean, running_var : Optional[ndarray or Tensor], shape=(C,)
    weight, bias : Optional[ArrayLike], shape=(C,)
    use_input_stats : bool, default True
    momentum : float, default 0.1
    eps : float, default 1e-5

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import instance_norm
    >>> rm, rv = np.zeros(1), np.ones(1)
    >>> instance_norm(mg.tensor([[[1.0, 3.0]], [[5.0, 9.0]]]), rm, rv, eps=0.0).data
    array([[[-1.,  1.]],
    <BLANKLINE>
           [[-1.,  1.]]])
    >>> rm, rv      # 0.1 * mean(2, 7);  0.9 + 0.1 * mean(2, 8)
    (array([0.45]), array([1.4]))
    """
    shape = real_input_shape("instance_norm", input)
    if len(shape) < 2:
        raise RuntimeError(f"instance_norm: Expected at least 2 dimensions for input tensor but received "
                           f"{len(shape)}")
    if not isinstance(use_input_stats, (bool, np.bool_)):
        raise TypeError(f"instance_norm: use_input_stats must be True or False; got {use_input_stats!r:.60}")
    if not 0.0 <= check_real("instance_norm: momentum", momentum) <= 1.0:
        raise ValueError(f"instance_norm: momentum must be in [0, 1]; got {momentum!r}")
    if not check_real("instance_norm: eps", eps) >= 0:
        raise ValueError(f"instance_norm: eps must be >= 0; got {eps!r}")
    channels = shape[1]
    _check_channel_arrays("instance_norm", channels, running_mean=running_mean, running_var=running_var,
                          weight=weight, bias=bias)
    params = [p for p in (weight, bias) if p is not None]
    if not use_input_stats:
        if running_mean is None or running_var is None:
            raise RuntimeError("instance_norm: Expected running_mean and running_var to be defined when "
                               "use_input_stats is false")
        return execute_op(AffineNormalize, input, *params,
                          op_kwargs=dict(axes=tuple(range(2, len(shape))), param_shape=(channels,) +
                                         (1,) * (len(shape) - 2), eps=eps,
                                         stats=(data_of(running_mean), data_of(running_var)),
                                         has_weight=weight is not None),
                          constant=constant)
    spatial = int(np.prod(shape[2:]))
    if spatial == 1:
        raise ValueError(f"instance_norm: Expected more than 1 spatial element when training, got input size "
                         f"{list(shape)}")
    for name, value in (("running_mean", running_mean), ("running_var", running_var)):
        arr = data_of(value)
        if value is not None and not (isinstance(arr, np.ndarray) and arr.dtype.kind == "f"):
            raise TypeError(f"instance_norm: {name} must be a floating-point ndarray or tensor to be updated in "
                            f"place; got {type(value).__name__}")
    out = execute_op(GroupNormalize, input, *params,
                     op_kwargs=dict(groups=channels, eps=eps, has_weight=weight is not None), constant=constant)
    if shape[0] > 0 and (running_mean is not None or running_var is not None):
        x = np.asarray(data_of(input), dtype=np.float64).reshape(shape[0], channels, -1)
        if running_mean is not None:
            _update_running(running_mean, x.mean(axis=2).mean(axis=0), momentum)
        if running_var is not None:
            _update_running(running_var, x.var(axis=2, ddof=1).mean(axis=0), momentum)
    return out
