"""Global autodiff mode: whether operations record a graph.

``no_autodiff`` switches graph-building off, as a context manager or as a
decorator. Ops executed inside it return constant tensors with no creator,
so they cost about as much as the bare NumPy call.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

__all__ = ["no_autodiff"]

no_autodiff_active = False

_F = TypeVar("_F", bound=Callable[..., Any])


class _NoAutodiff:
    """Context manager and decorator that disables graph tracking.

    Examples
    --------
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

    def __init__(self) -> None:
        self._depth_stack: list = []

    def __enter__(self) -> "_NoAutodiff":
        global no_autodiff_active
        self._depth_stack.append(no_autodiff_active)
        no_autodiff_active = True
        return self

    def __exit__(self, *exc_info: Any) -> None:
        global no_autodiff_active
        no_autodiff_active = self._depth_stack.pop()

    def __call__(self, func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def __repr__(self) -> str:
        return "mygrad.no_autodiff"


no_autodiff = _NoAutodiff()
