"""Normalisation layers: ``BatchNorm1d``, ``BatchNorm2d`` and ``LayerNorm``."""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.nn import functional as F
from mygrad.nn.functional._utils import check_real
from mygrad.nn.functional.normalization import normalized_shape_of
from mygrad.nn.layers._common import add_affine, check_size, factory_dtype, reset_affine
from mygrad.nn.module import Module
from mygrad.autodiff.tensor import Tensor

__all__ = ["BatchNorm1d", "BatchNorm2d", "LayerNorm"]

_MAX_FEATURES = 2**31  # (a larger channel count is a mistake, not a model: NumPy could not allocate it)


class _BatchNorm(Module):
    """Batch normalisation over the channel axis (axis 1); subclasses fix the accepted input ranks."""

    _allowed_ndims: Sequence[int] = ()

    def __init__(
        self, num_features: int, eps: float = 1e-5, momentum: Optional[float] = 0.1, affine: bool = True,
        track_running_stats: bool = True, device: Any = None, dtype: Any = None, *, bias: bool = True,
    ) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        name = type(self).__name__
        self.num_features = check_size(name, "num_features", num_features, 1)
        if not check_real(f"{name}: eps", eps) > 0:
            raise ValueError(f"{name}: eps must be positive; got {eps}")
        if momentum is not None and not 0.0 <= check_real(f"{name}: momentum", momentum) <= 1.0:
            raise ValueError(f"{name}: momentum must be in [0, 1] or None; got {momentum}")
        for flag, value in (("affine", affine), ("track_running_stats", track_running_stats), ("bias", bias)):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name}: {flag} must be True or False; got {value!r:.60}")
        if num_features > _MAX_FEATURES:
            raise ValueError(f"{name}: num_features={num_features} is too large to allocate (at most {_MAX_FEATURES})")
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        add_affine(self, num_features, affine, affine and bias, dtype)
        if track_running_stats:
            self.register_buffer("running_mean", np.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", np.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batches seen."""
        if self.track_running_stats:
            self.running_mean.data[...] = 0
            self.running_var.data[...] = 1
            self.num_batches_tracked.data[...] = 0

    def reset_parameters(self) -> None:
        """Reset the running statistics, and the affine scale to 1 and shift to 0."""
        self.reset_running_stats()
        reset_affine(self)

    def _check_input(self, shape: Tuple[int, ...]) -> None:
        """Every check ``forward`` needs, made before any running statistic is touched."""
        name = type(self).__name__
        if len(shape) not in self._allowed_ndims:
            expected = " or ".join(f"{n}D" for n in self._allowed_ndims)
            raise ValueError(f"{name} expected {expected} input (got {len(shape)}D input), of shape {shape}")
        if shape[1] != self.num_features:
            raise ValueError(f"{name}({self.num_features}) got an input with {shape[1]} channels (axis 1) "
                             f"of shape {shape}; expected {self.num_features}")
        if self.training and int(np.prod(shape)) // shape[1] <= 1:
            raise ValueError(f"{name} expected more than 1 value per channel when training; got input of shape "
                             f"{shape} (use a batch of 2 or more, or call .eval())")

    def forward(self, input: Any) -> Any:
        try:
            shape = np.shape(input.data if isinstance(input, Tensor) else input)
        except ValueError as error:  # a ragged list
            raise ValueError(f"{type(self).__name__}: the input is not array-like: {error}") from None
        self._check_input(shape)
        averaging_factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.data += 1
            if self.momentum is None:  # cumulative moving average over every batch seen
                averaging_factor = 1.0 / float(self.num_batches_tracked.data)
        # Batch statistics in training, and in eval when there are no running statistics to use.
        use_batch_stats = self.training or self.running_mean is None
        update_running = not self.training or self.track_running_stats
        return F.batch_norm(
            input,
            self.running_mean if update_running else None,
            self.running_var if update_running else None,
            self.weight,
            self.bias,
            use_batch_stats,
            averaging_factor,
            self.eps,
        )

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of ``(N, C)`` or ``(N, C, L)`` inputs, per channel ``C``.

    In training mode each channel is normalised with the batch's mean and
    (biased) variance, then scaled by ``weight`` and shifted by ``bias``; the
    running statistics are updated as
    ``running = (1 - momentum) * running + momentum * batch_stat`` (the
    unbiased variance for ``running_var``). In evaluation mode the running
    statistics are used instead.

    Parameters
    ----------
    num_features : int
        The number of channels ``C``.
    eps : float, default 1e-5
        Added to the variance for stability.
    momentum : Optional[float], default 0.1
        The running statistics' update weight; ``None`` gives a cumulative
        (equal-weight) average over all batches seen.
    affine : bool, default True
        Learn ``weight`` (initialised to 1) and ``bias`` (0).
    track_running_stats : bool, default True
        Keep the buffers ``running_mean``, ``running_var`` and
        ``num_batches_tracked``; without them, batch statistics are used in
        evaluation mode too.
    device : None or "cpu"
    dtype : DTypeLike, default float32
    bias : bool, default True
        With ``affine``, also learn the shift ``bias``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> bn = nn.BatchNorm1d(3)
    >>> y = bn(np.random.default_rng(0).normal(5.0, 2.0, size=(64, 3)).astype(np.float32))
    >>> bool(abs(y.data.mean()) < 1e-5), int(bn.num_batches_tracked.item())
    (True, 1)
    """

    _allowed_ndims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of ``(N, C, H, W)`` inputs, per channel; see :class:`BatchNorm1d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> bn = nn.BatchNorm2d(2)
    >>> x = np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2)
    >>> y = bn(x)               # each channel: (x - batch mean) / sqrt(batch var + eps)
    >>> y.shape, np.allclose(y.data.mean(axis=(0, 2, 3)), 0, atol=1e-6)
    ((2, 2, 2, 2), True)
    >>> bn.running_mean         # 0.9 * 0 + 0.1 * batch mean of each channel
    Tensor([0.55, 0.95], dtype=float32)
    """

    _allowed_ndims = (4,)


class LayerNorm(Module):
    """Normalise over the trailing ``normalized_shape`` axes of each sample, then scale and shift.

    Parameters
    ----------
    normalized_shape : int or tuple of int
        The trailing shape to normalise over.
    eps : float, default 1e-5
        Added to the variance for stability.
    elementwise_affine : bool, default True
        Learn ``weight`` (initialised to 1) and ``bias`` (0) of shape ``normalized_shape``.
    bias : bool, default True
        Learn the shift (only with ``elementwise_affine``).
    device : None or "cpu"
    dtype : DTypeLike, default float32

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> ln = nn.LayerNorm(4)
    >>> ln
    LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)
    >>> np.round(ln(np.array([[1.0, 2.0, 3.0, 4.0]])).data.sum(), 6)
    np.float64(0.0)
    """

    def __init__(
        self, normalized_shape: Union[int, Sequence[int]], eps: float = 1e-5, elementwise_affine: bool = True,
        bias: bool = True, device: Any = None, dtype: Any = None,
    ) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.normalized_shape = normalized_shape_of("LayerNorm", normalized_shape)
        if not check_real("LayerNorm: eps", eps) >= 0:
            raise ValueError(f"LayerNorm: eps must be >= 0; got {eps}")
        for flag, value in (("elementwise_affine", elementwise_affine), ("bias", bias)):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"LayerNorm: {flag} must be True or False; got {value!r:.60}")
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        add_affine(self, self.normalized_shape, elementwise_affine, elementwise_affine and bias, dtype)

    def reset_parameters(self) -> None:
        """Scale 1, shift 0."""
        reset_affine(self)

    def forward(self, input: Any) -> Any:
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")
