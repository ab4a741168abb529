"""Local response normalisation layers: ``LocalResponseNorm`` and ``CrossMapLRN2d``."""

from __future__ import annotations

from typing import Any

from mygrad.nn.functional import local_response as LRN
from mygrad.nn.module import Module

__all__ = ["LocalResponseNorm", "CrossMapLRN2d"]


class _CrossChannelNorm(Module):
    """The arguments, checks and repr the two LRN layers share; ``_function`` is the normalisation."""

    _function: Any = None

    def __init__(self, size: int, alpha: float, beta: float, k: float) -> None:
        super().__init__()
        LRN._check_arguments(type(self).__name__, size, alpha, beta, k)
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input: Any) -> Any:
        return type(self)._function(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class LocalResponseNorm(_CrossChannelNorm):
    """Local response normalisation across the channels of an ``(N, C, *)`` input (any rank >= 3).

    ``y[:, c] = x[:, c] * (k + alpha / size * sum(x[:, c'] ** 2)) ** -beta`` over the ``size``
    neighbouring channels ``c - size // 2 ... c + (size - 1) // 2``; see
    :func:`mygrad.nn.functional.local_response_norm`. No parameters, no buffers.

    Parameters
    ----------
    size : int
        The number of neighbouring channels summed over.
    alpha : float, default 1e-4
    beta : float, default 0.75
    k : float, default 1.0

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> lrn = nn.LocalResponseNorm(2)
    >>> lrn
    LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)
    >>> y = lrn(np.ones((2, 5, 4, 4), dtype=np.float32))
    >>> y.shape, y.dtype
    ((2, 5, 4, 4), dtype('float32'))
    """

    _function = staticmethod(LRN.local_response_norm)

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> None:
        super().__init__(size, alpha, beta, k)


class CrossMapLRN2d(_CrossChannelNorm):
    """PyTorch's legacy cross-channel local response normalisation of ``(N, C, H, W)`` inputs.

    Forward values are PyTorch's, including its quirks: the window is
    ``c - p + 1 ... c + p - 1`` with ``p = int((size - 1) / 2 + 1)`` (3 channels
    for ``size=4``, still divided by ``size``), and channel 0 keeps counting
    for every channel ``c >= p``. Gradients are the exact derivative of those
    values; PyTorch's hand-written backward is not (it uses a shifted window,
    and fails for ``size=1``). See
    :func:`mygrad.nn.functional.local_response.cross_map_lrn2d`.

    Parameters
    ----------
    size : int
    alpha : float, default 1e-4
    beta : float, default 0.75
    k : float, default 1 (an int, as PyTorch's default)

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> lrn = nn.CrossMapLRN2d(3, alpha=3.0, beta=1.0, k=0)
    >>> lrn
    CrossMapLRN2d(3, alpha=3.0, beta=1.0, k=0)
    >>> lrn(np.ones((1, 4, 1, 1))).data.ravel()
    array([0.5       , 0.33333333, 0.25      , 0.33333333])
    """

    _function = staticmethod(LRN.cross_map_lrn2d)

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1) -> None:
        super().__init__(size, alpha, beta, k)
