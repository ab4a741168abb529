"""Group and instance normalisation layers: ``GroupNorm``, ``InstanceNorm1d/2d/3d``."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional import group_normalization as GN
from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.layers._common import add_affine, check_size, factory_dtype, reset_affine
from mygrad.nn.layers.normalization import _BatchNorm
from mygrad.nn.module import Module

__all__ = ["GroupNorm", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]


class GroupNorm(Module):
    """Group normalisation over ``num_groups`` groups of channels of ``(N, C, *)`` inputs.

    See :func:`mygrad.nn.functional.group_norm`. The statistics are always
    those of the input (there are no running statistics), in training and
    evaluation alike.

    Parameters
    ----------
    num_groups : int
        The number of groups; must divide ``num_channels``.
    num_channels : int
        The number of channels ``C``.
    eps : float, default 1e-5
    affine : bool, default True
        Learn a per-channel ``weight`` (initialised to 1) and ``bias`` (0).
    device : None or "cpu"
    dtype : DTypeLike, default float32
    bias : bool, default True
        With ``affine``, also learn ``bias``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> gn = nn.GroupNorm(2, 4)
    >>> gn
    GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)
    >>> y = gn(np.random.default_rng(0).normal(3.0, 2.0, size=(5, 4, 6)).astype(np.float32))
    >>> np.allclose(y.data.reshape(5, 2, 12).mean(axis=2), 0, atol=1e-5)
    True
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 device: Any = None, dtype: Any = None, *, bias: bool = True) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.num_groups = check_size("GroupNorm", "num_groups", num_groups, 1)
        self.num_channels = check_size("GroupNorm", "num_channels", num_channels, 0)
        if num_channels % num_groups != 0:
            raise ValueError(f"GroupNorm: num_channels ({num_channels}) must be divisible by num_groups "
                             f"({num_groups})")
        if not check_real("GroupNorm: eps", eps) >= 0:
            raise ValueError(f"GroupNorm: eps must be >= 0; got {eps}")
        for flag, value in (("affine", affine), ("bias", bias)):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"GroupNorm: {flag} must be True or False; got {value!r:.60}")
        self.eps = eps
        self.affine = affine
        add_affine(self, num_channels, affine, affine and bias, dtype)

    def reset_parameters(self) -> None:
        """Scale 1, shift 0."""
        reset_affine(self)

    def forward(self, input: Any) -> Any:
        return GN.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, " \
               f"bias={self.bias is not None}"


class _InstanceNorm(_BatchNorm):
    """PyTorch's ``_InstanceNorm``: BatchNorm's arguments and buffers, statistics per sample and channel."""

    _no_batch_dim = 0

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: Any = 0.1, affine: bool = False,
                 track_running_stats: bool = False, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def forward(self, input: Any) -> Any:
        name = type(self).__name__
        try:
            shape = np.shape(data_of(input))
        except ValueError as error:  # a ragged list
            raise ValueError(f"{name}: the input is not array-like: {error}") from None
        batched = self._no_batch_dim + 1
        if len(shape) not in (self._no_batch_dim, batched):
            raise ValueError(f"{name}: expected {self._no_batch_dim}D or {batched}D input (got {len(shape)}D input)")
        feature_dim = len(shape) - self._no_batch_dim
        if shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"{name}: expected input's size at dim={feature_dim} to match num_features "
                                 f"({self.num_features}), but got: {shape[feature_dim]}.")
            warnings.warn(f"{name}: input's size at dim={feature_dim} does not match num_features. You can silence "
                          f"this warning by not passing in num_features, which is not used because affine=False",
                          stacklevel=2)
        unbatched = len(shape) == self._no_batch_dim
        if unbatched:
            input = (input if isinstance(input, Tensor) else np.asarray(input))[None]
        out = GN.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                               self.training or not self.track_running_stats,
                               self.momentum if self.momentum is not None else 0.0, self.eps)
        return out[0] if unbatched else out


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation of ``(N, C, L)`` or ``(C, L)`` inputs: each channel of each sample on its own.

    As PyTorch: no affine parameters and no running statistics by default;
    with ``track_running_stats=True`` the buffers ``running_mean``,
    ``running_var`` and ``num_batches_tracked`` exist (the counter is not
    advanced, as in PyTorch), are updated in training and used in evaluation.
    See :func:`mygrad.nn.functional.instance_norm`.

    Parameters
    ----------
    num_features : int
        The number of channels ``C``.
    eps : float, default 1e-5
    momentum : Optional[float], default 0.1
        ``None`` leaves the running statistics unchanged (PyTorch passes 0).
    affine : bool, default False
        Learn a per-channel ``weight`` (1) and ``bias`` (0).
    track_running_stats : bool, default False
    device : None or "cpu"
    dtype : DTypeLike, default float32
    bias : bool, default True
        With ``affine``, also learn ``bias``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> norm = nn.InstanceNorm1d(3)
    >>> norm
    InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False)
    >>> y = norm(np.random.default_rng(0).normal(2.0, 3.0, size=(4, 3, 10)).astype(np.float32))
    >>> np.allclose(y.data.mean(axis=2), 0, atol=1e-5), np.allclose(y.data.std(axis=2), 1, atol=1e-3)
    (True, True)
    """

    _no_batch_dim = 2


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation of ``(N, C, H, W)`` or ``(C, H, W)`` inputs; see :class:`InstanceNorm1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> norm = nn.InstanceNorm2d(2, affine=True, track_running_stats=True)
    >>> list(norm.state_dict())
    ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
    >>> norm(np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2)).shape
    (2, 2, 2, 2)
    >>> norm.running_mean       # 0.1 * the batch average of each channel's per-sample means
    Tensor([0.55, 0.95], dtype=float32)
    """

    _no_batch_dim = 3


class InstanceNorm3d(_InstanceNorm):
    """Instance normalisation of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` inputs; see :class:`InstanceNorm1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.InstanceNorm3d(1)(np.arange(8.0).reshape(1, 2, 2, 2)).shape
    (1, 2, 2, 2)
    """

    _no_batch_dim = 4
