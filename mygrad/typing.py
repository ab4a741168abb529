"""Type aliases for annotating code that uses mygrad (``from mygrad.typing import ArrayLike``).

* ``ArrayLike``: anything mygrad accepts as an op input - a Tensor, an
  ndarray, a Python number, or a (nested) sequence of numbers.
* ``DTypeLike``: anything ``numpy.dtype`` accepts.
* ``Real``: a Python or NumPy real number.
* ``Mask``: a boolean array-like, as taken by ``where=``.
* ``Shape``: a tuple of ints.
"""

from __future__ import annotations

from typing import Sequence, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike as _NumpyArrayLike
from numpy.typing import DTypeLike

from mygrad.tensor import Tensor

__all__ = ["ArrayLike", "DTypeLike", "Real", "Mask", "Shape"]

ArrayLike = Union[Tensor, _NumpyArrayLike]
Real = Union[int, float, np.integer, np.floating]
Mask = Union[bool, Sequence[bool], np.ndarray, Tensor]
Shape = Tuple[int, ...]
