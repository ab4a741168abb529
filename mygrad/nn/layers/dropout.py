"""``Dropout``: random zeroing during training, identity in evaluation mode."""

from __future__ import annotations

from typing import Any, Optional

from mygrad.nn import functional as F
from mygrad.nn.functional._utils import check_real
from mygrad.nn.module import Module
from mygrad.random import RandomSource

__all__ = ["Dropout"]


class Dropout(Module):
    """Zero each element with probability ``p`` in training mode and scale the rest by ``1 / (1 - p)``.

    In evaluation mode (``module.eval()``) it returns its input unchanged, so
    the expected activation is the same in both modes.

    Parameters
    ----------
    p : float, default 0.5
        Probability of zeroing an element, in ``[0, 1]``.
    inplace : bool, default False
        Write the result into the input tensor and return it (as PyTorch).
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the masks; NumPy's global random state by default.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> drop = nn.Dropout(0.5, generator=np.random.default_rng(0))
    >>> sorted(set(drop(np.ones(100)).data.tolist()))
    [0.0, 2.0]
    >>> drop.eval()(np.ones(3)).data
    array([1., 1., 1.])
    """

    def __init__(self, p: float = 0.5, inplace: bool = False, *, generator: Optional[RandomSource] = None) -> None:
        super().__init__()
        if not 0.0 <= check_real("Dropout: p", p) <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace
        self.generator = generator

    def forward(self, input: Any) -> Any:
        return F.dropout(input, self.p, self.training, self.inplace, generator=self.generator)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
