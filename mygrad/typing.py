"""Type aliases for annotating code that uses mygrad (``from mygrad.typing import ArrayLike``).

* ``ArrayLike``: anything mygrad accepts as an op input - a Tensor, an
  ndarray, a Python number, or a (nested) sequence of numbers.
* ``DTypeLike``: anything ``numpy.dtype`` accepts.
* ``Real``: a Python or NumPy real number.
* ``Mask``: a boolean array-like, as taken by ``where=``.
* ``Shape``: a tuple of ints.
* ``DTypeLikeReals``: a dtype of real numbers (``np.float32``, ``float``, ``"int64"`` ...).
* ``Index``: anything that indexes a tensor (``t[index]``).

>>> import numpy as np
>>> from mygrad.typing import ArrayLike, Shape
>>> def total(x: ArrayLike, shape: Shape) -> np.ndarray:
...     return np.broadcast_to(x, shape).sum()
>>> int(total(2, (2, 3)))
12
"""

from __future__ import annotations

from typing import List, Sequence, Tuple, Type, Union

import numpy as np
from numpy.typing import ArrayLike as _NumpyArrayLike
from numpy.typing import DTypeLike

from mygrad.autodiff.tensor import Tensor

__all__ = ["ArrayLike", "DTypeLike", "DTypeLikeReals", "Index", "Mask", "Real", "Shape"]

ArrayLike = Union[Tensor, _NumpyArrayLike]
Real = Union[int, float, np.integer, np.floating]
Mask = Union[bool, Sequence[bool], np.ndarray, Tensor]
Shape = Tuple[int, ...]
DTypeLikeReals = Union[np.dtype, None, Type[bool], Type[int], Type[float], str]
Index = Union[int, None, slice, type(Ellipsis), np.ndarray, Tensor, Sequence[int], Tuple["Index", ...],
              List["Index"]]
