"""Global modes, and the switch that sets one for the length of a block.

``no_autodiff`` switches graph-building off, as a context manager, as a
decorator, or called as ``no_autodiff(func, to_numpy=True)`` to also turn the
function's result into a NumPy array. Ops executed inside it return tensors
with no creator, so they cost about as much as the bare NumPy call.

>>> import mygrad as mg
>>> x = mg.tensor([1.0, 2.0])
>>> with mg.no_autodiff:
...     y = 2 * x
>>> y.creator is None
True

>>> @mg.no_autodiff
... def predict(x):
...     return (x ** 2).sum()
>>> predict(x).creator is None
True

>>> mg.no_autodiff(lambda x: x ** 2, to_numpy=True)(x)
array([1., 4.])
"""

from __future__ import annotations

import functools
import sys

import numpy as np
from types import ModuleType
from typing import Any, Callable, TypeVar

__all__ = ["no_autodiff", "enable_grad", "set_grad_enabled", "ModeSwitch"]

no_autodiff_active = False  # read on every op: a plain module attribute

_F = TypeVar("_F", bound=Callable[..., Any])


class ModeSwitch:
    """Context manager and decorator that sets a module-level flag within its block.

    The flag stays a plain module attribute (ops read it on every call); the
    switch saves the previous value on entry and restores it on exit, so
    blocks nest and exceptions leave the mode as it was. As in MyGrad,
    ``with switch as x`` binds None.
    """

    def __init__(self, module: ModuleType, flag: str, value: bool, name: str, doc: str) -> None:
        self._module, self._flag, self._value, self._name = module, flag, value, name
        self._saved: list = []
        self.__doc__ = doc

    def __enter__(self) -> None:
        self._saved.append(getattr(self._module, self._flag))
        setattr(self._module, self._flag, self._value)

    def __exit__(self, *exc_info: Any) -> None:
        setattr(self._module, self._flag, self._saved.pop())

    def __bool__(self) -> bool:
        # as MyGrad: the switch is truthy while its mode is *off* (bool(no_autodiff) is "graphs are tracked")
        return getattr(self._module, self._flag) != self._value

    def __call__(self, func: _F, to_numpy: bool = False) -> _F:
        """Wrap ``func`` so that it runs inside the mode.

        Parameters
        ----------
        func : Callable
            The function to wrap.
        to_numpy : bool, default False
            Convert what ``func`` returns with ``numpy.asarray``.

        Returns
        -------
        Callable
            The wrapped function (with ``func``'s name and docstring).

        Examples
        --------
        >>> import mygrad as mg
        >>> square = mg.no_autodiff(lambda x: x ** 2, to_numpy=True)
        >>> square(mg.tensor([1.0, 3.0]))
        array([1., 9.])
        """
        if not callable(func):
            raise TypeError(f"{self._name} wraps a function; got {type(func).__name__}")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                out = func(*args, **kwargs)
            return np.asarray(out) if to_numpy else out

        return wrapper  # type: ignore[return-value]

    def __repr__(self) -> str:
        return self._name


no_autodiff = ModeSwitch(
    sys.modules[__name__], "no_autodiff_active", True, "mygrad.no_autodiff",
    """Disable graph tracking inside a ``with`` block or a decorated function.

    ``no_autodiff(func, to_numpy=True)`` also turns func's result into an
    array (see :mod:`mygrad.autodiff.modes`).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> with mg.no_autodiff:
    ...     y = x * 2           # computed at NumPy speed, not recorded
    >>> y, y.creator is None
    (Tensor([2., 4.]), True)
    >>> @mg.no_autodiff
    ... def predict(w):
    ...     return (3 * w).sum()
    >>> predict(x)
    Tensor(9.)
    >>> mg.no_autodiff(lambda t: t * 2, to_numpy=True)(x)
    array([2., 4.])
    """,
)


enable_grad = ModeSwitch(
    sys.modules[__name__], "no_autodiff_active", False, "mygrad.enable_grad",
    """Track graphs inside a ``with`` block or a decorated function, also within ``no_autodiff``: PyTorch's
    ``enable_grad``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> with mg.no_autodiff:
    ...     with mg.enable_grad:
    ...         y = 2 * x
    >>> y.creator is not None
    True
    """,
)


class set_grad_enabled:
    """Turn graph tracking on or off, as PyTorch's ``set_grad_enabled``: at once when called, and back to
    what it was at the end of a ``with`` block.

    ``with mg.set_grad_enabled(phase == "train"):`` runs one loop body for
    training (graphs tracked) and evaluation (``no_autodiff``).

    Parameters
    ----------
    mode : bool
        True to track graphs, False to run as under :data:`no_autodiff`.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0, 2.0])
    >>> for training in (True, False):
    ...     with mg.set_grad_enabled(training):
    ...         y = 2 * x
    ...     print(y.creator is not None)
    True
    False
    """

    def __init__(self, mode: bool) -> None:
        global no_autodiff_active
        if not isinstance(mode, (bool, np.bool_)):
            raise TypeError(f"set_grad_enabled: mode must be True or False; got {mode!r:.60}")
        self._previous = no_autodiff_active
        no_autodiff_active = not mode

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: Any) -> None:
        global no_autodiff_active
        no_autodiff_active = self._previous
