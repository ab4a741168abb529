"""Channel-wise and alpha dropout modules: ``Dropout1d/2d/3d``, ``AlphaDropout``, ``FeatureAlphaDropout``."""

from __future__ import annotations

from typing import Any, Optional

from mygrad.nn.functional import feature_dropout as FD
from mygrad.nn.functional._utils import check_real
from mygrad.nn.module import Module
from mygrad.random import RandomSource

__all__ = ["Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]


class _DropoutNd(Module):
    """``p`` and ``inplace`` checked and shown as PyTorch's ``_DropoutNd``; ``forward`` applies ``_function``."""

    _function: Any = None

    def __init__(self, p: float = 0.5, inplace: bool = False, *, generator: Optional[RandomSource] = None) -> None:
        super().__init__()
        if not 0.0 <= check_real(f"{type(self).__name__}: p", p) <= 1.0:
            raise ValueError(f"{type(self).__name__}: dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace
        self.generator = generator

    def forward(self, input: Any) -> Any:
        return type(self)._function(input, self.p, self.training, self.inplace, generator=self.generator)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(_DropoutNd):
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` inputs with probability ``p`` in training mode.

    The kept channels are scaled by ``1 / (1 - p)``; in evaluation mode the
    input passes unchanged. See :func:`mygrad.nn.functional.dropout1d`.

    Parameters
    ----------
    p : float, default 0.5
    inplace : bool, default False
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the masks; NumPy's global random state by default.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> drop = nn.Dropout1d(0.5, generator=np.random.default_rng(0))
    >>> drop
    Dropout1d(p=0.5, inplace=False)
    >>> drop(np.ones((2, 3, 4), dtype=np.float32)).data[:, :, 0]
    array([[2., 2., 2.],
           [0., 0., 0.]], dtype=float32)
    """

    _function = staticmethod(FD.dropout1d)


class Dropout2d(_DropoutNd):
    """Zero whole channels of ``(N, C, H, W)`` inputs with probability ``p`` in training mode.

    See :func:`mygrad.nn.functional.dropout2d` (3-D inputs are read as
    ``(N, C, L)``, with a warning, as PyTorch).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> drop = nn.Dropout2d(0.25, generator=np.random.default_rng(0))
    >>> y = drop(np.ones((1, 4, 2, 2), dtype=np.float32))
    >>> np.round(y.data[0, :, 0, 0], 4)
    array([1.3333, 1.3333, 1.3333, 1.3333], dtype=float32)
    """

    _function = staticmethod(FD.dropout2d)


class Dropout3d(_DropoutNd):
    """Zero whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` inputs with probability ``p`` in training.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.Dropout3d(0.5).eval()(np.ones((1, 1, 1, 1, 2))).data
    array([[[[[1., 1.]]]]])
    """

    _function = staticmethod(FD.dropout3d)


class AlphaDropout(_DropoutNd):
    """Alpha dropout for SELU networks: keeps the input's mean and variance; identity in evaluation mode.

    See :func:`mygrad.nn.functional.alpha_dropout` for the arithmetic.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> drop = nn.AlphaDropout(0.2, generator=np.random.default_rng(0))
    >>> x = np.random.default_rng(1).normal(size=100_000).astype(np.float32)
    >>> y = drop(x).data
    >>> bool(abs(y.mean()) < 0.02 and abs(y.std() - 1) < 0.02)
    True
    """

    _function = staticmethod(FD.alpha_dropout)


class FeatureAlphaDropout(_DropoutNd):
    """Alpha dropout of whole channels (``(N, C, ...)`` inputs); see :class:`AlphaDropout`.

    Examples
    --------
    >>> from mygrad import nn
    >>> nn.FeatureAlphaDropout(0.1)
    FeatureAlphaDropout(p=0.1, inplace=False)
    """

    _function = staticmethod(FD.feature_alpha_dropout)
