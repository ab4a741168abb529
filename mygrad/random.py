"""Random tensors, drawn - like all of mygrad's randomness - from NumPy's global random state.

As in MyGrad, ``mygrad.random.f`` is ``numpy.random.f`` returning a
:class:`~mygrad.Tensor`: after the same ``np.random.seed(n)`` both give the
same numbers. Weight initialisation, dropout and data shuffling use that same
global state by default, so one ``np.random.seed(n)`` (or, equivalently,
``mygrad.random.seed(n)``) at the top of a program reproduces the whole run:

>>> import numpy as np
>>> import mygrad as mg
>>> np.random.seed(0)
>>> a = mg.random.rand(3)
>>> np.random.seed(0)
>>> bool((np.random.rand(3) == a.data).all())
True

Code that wants an independent stream passes its own ``np.random.Generator``
(or ``np.random.RandomState``) where a function takes a ``generator``.

The second half of this module is the small toolkit the rest of the library
uses to draw from "a generator, or the global state": :func:`resolve_source`,
:func:`draw_unit_floats`, :func:`draw_permutation` and the seeding helpers for
reproducible data shuffling. ``Generator`` and ``RandomState`` spell some
methods differently; those differences are bridged here and nowhere else.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np

from mygrad.autodiff.tensor import data_of
from mygrad.autodiff.tensor import Tensor
from mygrad._arg_errors import name_errors as _name_errors

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

Shape = Optional[Union[int, Sequence[int]]]
RandomSource = Union[np.random.Generator, np.random.RandomState]

# NumPy's module-level functions (np.random.rand, np.random.seed, ...) are bound
# methods of this one RandomState object; np.random.seed re-seeds it in place.
_GLOBAL_STATE: np.random.RandomState = np.random.mtrand._rand


def seed(seed_number: Any) -> None:
    """Seed NumPy's global random state; exactly ``numpy.random.seed(seed_number)``.

    Everything in mygrad that draws random numbers without an explicit
    generator draws from this state, so seeding once reproduces a whole run.

    Parameters
    ----------
    seed_number : int, 1-d array_like of ints, or None
        Anything ``numpy.random.seed`` accepts (None: fresh entropy).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> mg.random.seed(42)
    >>> first = mg.random.rand(2)
    >>> np.random.seed(42)
    >>> bool((mg.random.rand(2) == first).all())
    True
    """
    np.random.seed(seed_number)


def get_generator() -> np.random.RandomState:
    """The object every default draw in mygrad comes from: NumPy's global ``RandomState``.

    It is the object behind ``np.random.rand``, ``np.random.seed`` and the
    other module-level functions, so ``get_generator().get_state()`` equals
    ``np.random.get_state()``. (Before mygrad switched to NumPy's global state
    this returned a private ``np.random.Generator``.)

    Returns
    -------
    numpy.random.RandomState
        Always the same object; seeding re-seeds it in place.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> state = mg.random.get_generator()
    >>> np.random.seed(1)
    >>> first = state.random_sample(2)
    >>> np.random.seed(1)
    >>> bool((np.random.random_sample(2) == first).all())
    True
    """
    return _GLOBAL_STATE


def _tensor(data: Any, constant: Optional[bool]) -> Tensor:
    return Tensor(np.asarray(data), constant=constant, copy=False)


# ------------------------------------------------------------------ samplers
def rand(*shape: int, constant: Optional[bool] = None) -> Tensor:
    """Uniform samples in ``[0, 1)`` of the given shape; ``numpy.random.rand`` as a tensor.

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
    >>> mg.random.seed(0)
    >>> mg.random.rand(2, 3)
    Tensor([[0.5488135 , 0.71518937, 0.60276338],
            [0.54488318, 0.4236548 , 0.64589411]])
    """
    return _tensor(_GLOBAL_STATE.random_sample(shape), constant)


def randn(*shape: int, constant: Optional[bool] = None) -> Tensor:
    """Standard-normal samples of the given shape; ``numpy.random.randn`` as a tensor.

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
    >>> mg.random.seed(0)
    >>> mg.random.randn(3)
    Tensor([1.76405235, 0.40015721, 0.97873798])
    """
    return _tensor(_GLOBAL_STATE.standard_normal(shape), constant)


def randint(low: int, high: Optional[int] = None, shape: Shape = None, dtype: Any = int) -> Tensor:
    """Random integers in ``[low, high)`` (``[0, low)`` when ``high`` is None); ``numpy.random.randint``.

    Integer tensors are always constant, so there is no ``constant`` argument.

    Parameters
    ----------
    low : int
        The lowest value (inclusive), or the upper bound if ``high`` is None.
    high : Optional[int]
        The upper bound (exclusive).
    shape : Optional[int or Sequence[int]]
        The shape (NumPy calls it ``size``); None gives a 0-d tensor.
    dtype : DTypeLike, default int
        An integer dtype.

    Returns
    -------
    Tensor
        A constant integer tensor.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.seed(42)
    >>> mg.random.randint(0, 10, shape=4)
    Tensor([6, 3, 7, 4])
    """
    return _tensor(_GLOBAL_STATE.randint(low, high, shape, dtype), True)


def random_integers(low: int, high: Optional[int] = None, size: Shape = None) -> Tensor:
    """Random integers in the closed interval ``[low, high]`` (``[1, low]`` when ``high`` is None).

    NumPy's legacy ``numpy.random.random_integers`` (deprecated there in
    favour of ``randint``), with the same numbers but no deprecation warning.
    Integer tensors are always constant.

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
    # NumPy's own random_integers is exactly this randint call
    return _tensor(_GLOBAL_STATE.randint(low, int(high) + 1, size, dtype=np.int64), True)


def random(shape: Shape = None, *, constant: Optional[bool] = None) -> Tensor:
    """Uniform samples in ``[0, 1)`` of shape ``shape``; ``numpy.random.random`` as a tensor.

    Parameters
    ----------
    shape : Optional[int or Sequence[int]]
        The shape; None gives a 0-d tensor.
    constant : Optional[bool]
        If True, no gradient is computed for this tensor.

    Returns
    -------
    Tensor
        float64 samples.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.seed(0)
    >>> mg.random.random((2, 2))
    Tensor([[0.5488135 , 0.71518937],
            [0.60276338, 0.54488318]])
    """
    return _tensor(_GLOBAL_STATE.random_sample(shape), constant)


def random_sample(shape: Shape = None, *, constant: Optional[bool] = None) -> Tensor:
    """Uniform samples in ``[0, 1)``; ``numpy.random.random_sample`` as a tensor (same as :func:`random`).

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.random_sample(3).shape
    (3,)
    """
    return random(shape, constant=constant)


def ranf(shape: Shape = None, *, constant: Optional[bool] = None) -> Tensor:
    """Uniform samples in ``[0, 1)``; ``numpy.random.ranf`` as a tensor (same as :func:`random`).

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.ranf((2, 1)).shape
    (2, 1)
    """
    return random(shape, constant=constant)


def sample(shape: Shape = None, *, constant: Optional[bool] = None) -> Tensor:
    """Uniform samples in ``[0, 1)``; ``numpy.random.sample`` as a tensor (same as :func:`random`).

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.random.sample().shape
    ()
    """
    return random(shape, constant=constant)


def uniform(
    low: Any = 0.0, high: Any = 1.0, size: Shape = None, *, dtype: Any = None, constant: Optional[bool] = None
) -> Tensor:
    """Uniform samples in ``[low, high)``; ``numpy.random.uniform`` as a tensor.

    Parameters
    ----------
    low, high : ArrayLike
        The bounds; arrays broadcast against each other and ``size``.
    size : Optional[int or Sequence[int]]
        The shape; by default the broadcast shape of ``low`` and ``high``.
    dtype : Optional[DTypeLike]
        A floating-point dtype to cast the float64 samples to.
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
    data = np.asarray(_GLOBAL_STATE.uniform(data_of(low), data_of(high), size))
    return _tensor(data if dtype is None else data.astype(dtype), constant)


def normal(
    loc: Any = 0.0, scale: Any = 1.0, size: Shape = None, *, dtype: Any = None, constant: Optional[bool] = None
) -> Tensor:
    """Normal (Gaussian) samples with mean ``loc`` and standard deviation ``scale``; ``numpy.random.normal``.

    Parameters
    ----------
    loc, scale : ArrayLike
        Mean and standard deviation (``scale >= 0``); arrays broadcast.
    size : Optional[int or Sequence[int]]
        The shape; by default the broadcast shape of ``loc`` and ``scale``.
    dtype : Optional[DTypeLike]
        A floating-point dtype to cast the float64 samples to.
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
    data = np.asarray(_GLOBAL_STATE.normal(data_of(loc), data_of(scale), size))
    return _tensor(data if dtype is None else data.astype(dtype), constant)


# ------------------------------------------- drawing from "a generator or the global state"
def resolve_source(generator: Optional[RandomSource], owner: str = "generator") -> RandomSource:
    """``generator`` itself, or NumPy's global ``RandomState`` when it is None.

    Parameters
    ----------
    generator : None, numpy.random.Generator or numpy.random.RandomState
        The caller's explicit source of randomness, if any.
    owner : str
        How the argument is named in the error message.

    Raises
    ------
    TypeError
        If ``generator`` is anything else (an int seed, say).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.random import get_generator, resolve_source
    >>> resolve_source(None) is get_generator()
    True
    """
    if generator is None:
        return _GLOBAL_STATE
    if isinstance(generator, (np.random.Generator, np.random.RandomState)):
        return generator
    raise TypeError(
        f"{owner} must be a numpy.random.Generator or numpy.random.RandomState (or None for NumPy's global "
        f"random state); got {type(generator).__name__}"
    )


def draw_unit_floats(source: RandomSource, shape: Shape, dtype: Any = np.float64) -> np.ndarray:
    """Uniform floats in ``[0, 1)``; a ``Generator`` draws float32 directly when asked.

    ``RandomState`` can only draw float64 (so its numbers match
    ``np.random.random``); the result then has that dtype whatever ``dtype`` says.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.random import draw_unit_floats
    >>> draw_unit_floats(np.random.default_rng(0), (2,), np.float32).dtype
    dtype('float32')
    """
    if isinstance(source, np.random.Generator):
        return source.random(shape, dtype=dtype)
    return source.random_sample(shape)


def draw_permutation(source: RandomSource, n: int) -> np.ndarray:
    """A random permutation of ``range(n)`` (int64) that is stable across NumPy versions.

    ``RandomState.permutation`` is frozen by NumPy's stability policy (NEP 19),
    so the global state gives exactly ``np.random.permutation(n)``.
    ``Generator.permutation`` carries no such promise, so for a ``Generator``
    the permutation is the stable argsort of ``n`` raw 64-bit draws, which
    depend only on the bit generator's stream (that one never changes).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.random import draw_permutation
    >>> sorted(draw_permutation(np.random.default_rng(0), 5).tolist())
    [0, 1, 2, 3, 4]
    """
    if isinstance(source, np.random.RandomState):
        return source.permutation(n).astype(np.int64, copy=False)
    keys = source.bit_generator.random_raw(n)
    return np.argsort(keys, kind="stable").astype(np.int64, copy=False)


def seeded_generator(seed: int) -> np.random.Generator:
    """A fresh PCG64 ``Generator`` from an integer seed: the same stream on every machine.

    Examples
    --------
    >>> from mygrad.random import seeded_generator
    >>> bool(seeded_generator(3).random() == seeded_generator(3).random())
    True
    """
    return np.random.Generator(np.random.PCG64(seed))


def epoch_generator(seed: int, epoch: int) -> np.random.Generator:
    """The generator for pass number ``epoch`` over data shuffled with ``seed``.

    Each ``(seed, epoch)`` pair gets an independent PCG64 stream through
    NumPy's ``SeedSequence``, so pass ``e`` can be replayed without replaying
    passes ``0 .. e-1`` (that is what lets training resume mid-run).

    Examples
    --------
    >>> from mygrad.random import epoch_generator
    >>> bool(epoch_generator(0, 1).random() != epoch_generator(0, 2).random())
    True
    """
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(epoch,))))


def check_seed(seed: Optional[int], name: str = "seed") -> None:
    """Raise a ``ValueError`` naming ``name`` unless ``seed`` is None or a non-negative integer.

    Examples
    --------
    >>> from mygrad.random import check_seed
    >>> check_seed(3)
    >>> check_seed(-1)
    Traceback (most recent call last):
        ...
    ValueError: seed must be None or a non-negative integer; got -1
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"{name} must be None or a non-negative integer; got {seed!r}")

_name_errors(globals(), "mygrad.random")
