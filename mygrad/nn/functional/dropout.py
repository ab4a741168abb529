"""Dropout: zero each element with probability ``p`` and scale the survivors by ``1 / (1 - p)``."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.random import RandomSource, draw_unit_floats, get_generator, resolve_source
from mygrad.autodiff.conversion import astensor
from mygrad.autodiff.tensor import Tensor

from mygrad.nn.functional._utils import check_real, data_of, write_back

__all__ = ["dropout", "default_generator"]


def default_generator() -> np.random.RandomState:
    """Where masks come from without a ``generator``: NumPy's global state (:func:`mygrad.random.get_generator`)."""
    return get_generator()


class Dropout(Operation):
    def __call__(self, x, mask):
        self.variables = (x,)
        self.mask = mask
        return x.data * mask

    def backward_var(self, grad, index, **kwargs):
        return grad * self.mask  # d(x m)/dx = m


def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False, *,
            generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """Randomly zero elements of ``input`` with probability ``p`` (training only).

    Survivors are scaled by ``1 / (1 - p)`` so the expected value is unchanged.
    With ``training=False`` (or ``p=0``) the input is returned as a tensor,
    unchanged. With ``inplace=True`` the result is written into ``input``
    (a tensor), which is returned, as PyTorch does.

    Parameters
    ----------
    p : float in [0, 1]
    training : bool, default True
    generator : Optional[np.random.Generator or np.random.RandomState]
        Source of randomness; by default NumPy's global random state (the
        mask then is ``np.random.random_sample(shape) >= p``).

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import dropout
    >>> x = mg.tensor(np.ones(6))
    >>> dropout(x, 0.5, generator=np.random.default_rng(0))
    Tensor([2., 0., 0., 0., 2., 2.])
    >>> dropout(x, 0.5, training=False) is x
    True
    """
    if not 0.0 <= check_real("dropout: p", p) <= 1.0:
        raise ValueError(f"dropout probability must be in [0, 1]; got {p}")
    if not training or p == 0.0:
        return astensor(input)
    x = np.asarray(data_of(input))
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    if p == 1.0:
        mask = np.zeros(x.shape, dtype=dtype)
    else:
        source = resolve_source(generator)
        keep = draw_unit_floats(source, x.shape, np.float64 if dtype.itemsize >= 8 else np.float32) >= p
        mask = keep.astype(dtype) * dtype.type(1 / (1 - p))
    return write_back(input, execute_op(Dropout, input, op_args=(mask,), constant=constant), inplace)
