"""Random tensors, drawn from one library-wide ``numpy.random.Generator``.

All of mygrad's randomness - these functions, weight initialisation,
dropout, data shuffling - draws from the generator returned by
:func:`get_generator`, never from NumPy's hidden global state. Seeding it
with :func:`seed` makes a whole program reproducible:

>>> import mygrad as mg
>>> mg.random.seed(0)
>>> a = mg.random.rand(3)
>>> mg.random.seed(0)
>>> bool((mg.random.rand(3) == a).all())
True

:func:`seed` re-seeds the generator *in place*, so a reference obtained from
:func:`get_generator` earlier stays valid. Code that wants an independent
stream can still pass its own ``np.random.Generator`` where a function
accepts one.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from mygrad.numpy_protocol import data_of
from mygrad.tensor import Tensor

__all__ = [
    "seed",
    "get_generator",
    "rand",
    "randn",
    "randint",
    "random_integers",
    "random",
    "random_sample",
    "ranf",
    "sample",
    "uniform",
    "normal",
]

Size = Optional[Union[int, Sequence[int]]]

_generator: np.random.Generator = np.random.default_rng()


def seed(seed: Optional[Any] = None) -> None:
    """Re-seed the library-wide generator (``None``: fresh entropy from the OS).

    Parameters
    ----------
    seed : Optional[int, Sequence[int], SeedSequence]
        Anything ``numpy.random.default_rng`` accepts as a seed.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.seed(42)
    >>> mg.random.randint(0, 10, size=3)
    Tensor([0, 7, 6])
    """
    # assign the state, not a new object: references from get_generator() stay live
    _generator.bit_generator.state = np.random.default_rng(seed).bit_generator.state


def get_generator() -> np.random.Generator:
    """The library-wide ``numpy.random.Generator`` that all of mygrad draws from.

    Returns
    -------
    numpy.random.Generator
        Always the same object; :func:`seed` re-seeds it in place.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.get_generator() is mg.random.get_generator()
    True
    """
    return _generator


def _tensor(data: Any, constant: Optional[bool]) -> Tensor:
    return Tensor(np.asarray(data), constant=constant, copy=False)


def _shape_from_args(shape: tuple) -> tuple:
    """``rand(2, 3)`` and ``rand((2, 3))`` both mean shape (2, 3)."""
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        return tuple(shape[0])
    return shape


def rand(*shape: int, constant: Optional[bool] = None) -> Tensor:
    """Uniform samples in ``[0, 1)`` of the given shape (``rand(2, 3)``).

    Parameters
    ----------
    *shape : int
        The dimensions; none gives a 0-d tensor.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        float64 samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.rand(2, 3).shape
    (2, 3)
    """
    return _tensor(_generator.random(_shape_from_args(shape)), constant)


def randn(*shape: int, constant: Optional[bool] = None) -> Tensor:
    """Standard-normal samples of the given shape (``randn(2, 3)``).

    Parameters
    ----------
    *shape : int
        The dimensions; none gives a 0-d tensor.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        float64 samples from N(0, 1).

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.randn(4).shape
    (4,)
    """
    return _tensor(_generator.standard_normal(_shape_from_args(shape)), constant)


def randint(low: int, high: Optional[int] = None, size: Size = None, dtype: Any = np.int64) -> Tensor:
    """Random integers in ``[low, high)`` (or ``[0, low)`` when ``high`` is None).

    Integer tensors are always constant, so there is no ``constant`` argument.

    Parameters
    ----------
    low : int
        The lowest value (inclusive), or the upper bound if ``high`` is None.
    high : Optional[int]
        The upper bound (exclusive).
    size : Optional[int or Sequence[int]]
        The shape; None gives a 0-d tensor.
    dtype : DTypeLike, default int64
        An integer dtype.

    Returns
    -------
    Tensor
        A constant integer tensor.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.random.randint(5, size=(2, 2))
    >>> x.constant, bool((x.data >= 0).all() and (x.data < 5).all())
    (True, True)
    """
    if high is None:
        low, high = 0, low
    return _tensor(_generator.integers(low, high, size=size, dtype=dtype), True)


def random_integers(low: int, high: Optional[int] = None, size: Size = None) -> Tensor:
    """Random integers in the closed interval ``[low, high]`` (``[1, low]`` when ``high`` is None).

    NumPy's legacy name (``numpy.random.random_integers``, deprecated there in
    favour of ``randint``), kept because MyGrad documents it. Integer tensors
    are always constant.

    Parameters
    ----------
    low : int
        The lowest value (inclusive), or the highest if ``high`` is None.
    high : Optional[int]
        The highest value (inclusive).
    size : Optional[int or Sequence[int]]
        The shape; None gives a 0-d tensor.

    Returns
    -------
    Tensor
        A constant int64 tensor.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.random.random_integers(1, 6, size=100)
    >>> bool((x.data >= 1).all() and (x.data <= 6).all())
    True
    """
    if high is None:
        low, high = 1, low
    return _tensor(_generator.integers(low, high, size=size, endpoint=True), True)


def random(size: Size = None, dtype: Any = np.float64, *, constant: Optional[bool] = None) -> Tensor:
    """Uniform samples in ``[0, 1)``; ``size`` is the shape.

    Parameters
    ----------
    size : Optional[int or Sequence[int]]
        The shape; None gives a 0-d tensor.
    dtype : {float64, float32}
        The floating-point dtype.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.random((2,), dtype="float32").dtype
    dtype('float32')
    """
    return _tensor(_generator.random(size, dtype=dtype), constant)


def random_sample(size: Size = None, *, constant: Optional[bool] = None) -> Tensor:
    """Alias of :func:`random` (NumPy's legacy name): uniform samples in ``[0, 1)``."""
    return random(size, constant=constant)


def ranf(size: Size = None, *, constant: Optional[bool] = None) -> Tensor:
    """Alias of :func:`random` (NumPy's legacy name): uniform samples in ``[0, 1)``."""
    return random(size, constant=constant)


def sample(size: Size = None, *, constant: Optional[bool] = None) -> Tensor:
    """Alias of :func:`random` (NumPy's legacy name): uniform samples in ``[0, 1)``."""
    return random(size, constant=constant)


def uniform(
    low: Any = 0.0, high: Any = 1.0, size: Size = None, *, dtype: Any = None, constant: Optional[bool] = None
) -> Tensor:
    """Uniform samples in ``[low, high)``.

    Parameters
    ----------
    low, high : ArrayLike
        The bounds; arrays broadcast against each other and ``size``.
    size : Optional[int or Sequence[int]]
        The shape; by default the broadcast shape of ``low`` and ``high``.
    dtype : Optional[DTypeLike]
        A floating-point dtype for the result (float64 by default).
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.random.uniform(-1, 1, size=(3, 2), dtype="float32")
    >>> x.shape, x.dtype
    ((3, 2), dtype('float32'))
    """
    data = np.asarray(_generator.uniform(data_of(low), data_of(high), size))
    return _tensor(data if dtype is None else data.astype(dtype), constant)


def normal(
    loc: Any = 0.0, scale: Any = 1.0, size: Size = None, *, dtype: Any = None, constant: Optional[bool] = None
) -> Tensor:
    """Normal (Gaussian) samples with mean ``loc`` and standard deviation ``scale``.

    Parameters
    ----------
    loc, scale : ArrayLike
        Mean and standard deviation (``scale >= 0``); arrays broadcast.
    size : Optional[int or Sequence[int]]
        The shape; by default the broadcast shape of ``loc`` and ``scale``.
    dtype : Optional[DTypeLike]
        A floating-point dtype for the result (float64 by default).
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        The samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.normal(10.0, 0.0, size=2)
    Tensor([10., 10.])
    """
    data = np.asarray(_generator.normal(data_of(loc), data_of(scale), size))
    return _tensor(data if dtype is None else data.astype(dtype), constant)

