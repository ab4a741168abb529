"""Global modes, and the switch that sets one for the length of a block.

``no_autodiff`` switches graph-building off, as a context manager or as a
decorator. Ops executed inside it return constant tensors with no creator,
so they cost about as much as the bare NumPy call.

>>> import mygrad as mg
>>> x = mg.tensor([1.0, 2.0])
>>> with mg.no_autodiff:
...     y = 2 * x
>>> y.constant, y.creator is None
(True, True)

>>> @mg.no_autodiff
... def predict(x):
...     return (x ** 2).sum()
>>> predict(x).constant
True
"""

from __future__ import annotations

import functools
import sys
from types import ModuleType
from typing import Any, Callable, TypeVar

__all__ = ["no_autodiff", "ModeSwitch"]

no_autodiff_active = False  # read on every op: a plain module attribute

_F = TypeVar("_F", bound=Callable[..., Any])


class ModeSwitch:
    """Context manager and decorator that sets a module-level flag within its block.

    The flag stays a plain module attribute (ops read it on every call); the
    switch saves the previous value on entry and restores it on exit, so
    blocks nest and exceptions leave the mode as it was.
    """

    def __init__(self, module: ModuleType, flag: str, value: bool, name: str, doc: str) -> None:
        self._module, self._flag, self._value, self._name = module, flag, value, name
        self._saved: list = []
        self.__doc__ = doc

    def __enter__(self) -> "ModeSwitch":
        self._saved.append(getattr(self._module, self._flag))
        setattr(self._module, self._flag, self._value)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        setattr(self._module, self._flag, self._saved.pop())

    def __call__(self, func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def __repr__(self) -> str:
        return self._name


no_autodiff = ModeSwitch(
    sys.modules[__name__], "no_autodiff_active", True, "mygrad.no_autodiff",
    "Disable graph tracking inside a ``with`` block or a decorated function (see the module docstring).",
)
