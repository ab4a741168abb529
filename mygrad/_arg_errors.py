"""Re-raising NumPy's argument errors with the facts a caller needs.

NumPy's messages often omit the function, the argument and the shape of the
array involved ("repeated axis", "negative dimensions are not allowed").
:func:`explain` builds an exception of the *same class* (so ``AxisError``
stays ``AxisError``) whose message names the function, what it was given,
what it expected, and keeps NumPy's own text. It is only called on the
error path, so it costs nothing when a call succeeds.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

import numpy as np

from mygrad.autodiff.rewording import REWORDED as _REWORDED, names, numpy_text, reword
from mygrad.autodiff.tensor import data_of

__all__ = ["explain", "explained", "reword", "shape_of", "brief", "named", "name_errors"]


def shape_of(a: Any) -> Any:
    """The shape of a tensor or array-like (``'?'`` if it has none)."""
    try:
        return np.shape(data_of(a))  # (tensors inside lists too)
    except Exception:  # a ragged or otherwise shapeless value: the shape is not a fact we can state
        return "?"


def explain(error: BaseException, func: str, expected: str, **got: Any) -> BaseException:
    """An exception of ``error``'s class, naming ``func``, the values ``got`` and the ``expected`` form.

    Parameters
    ----------
    error : BaseException
        The error NumPy raised; returned unchanged unless its class is one of
        :data:`mygrad.autodiff.rewording.REWORDED` or NumPy's own subclass of
        one (see :func:`~mygrad.autodiff.rewording.reword`).
    func : str
        The public function, as the user called it (e.g. ``"mygrad.sum"``).
    expected : str
        What a valid argument looks like.
    **got : Any
        The arguments as given (``shape=`` for the input's shape).

    Returns
    -------
    BaseException
        To be raised ``from error``.

    Examples
    --------
    >>> err = explain(ValueError("repeated axis"), "mygrad.sum", "distinct axes", axis=(0, 0), shape=(2, 3))
    >>> str(err)
    'mygrad.sum: expected distinct axes; got axis=(0, 0), shape=(2, 3) (NumPy: repeated axis)'
    """
    facts = ", ".join(f"{name}={value!r}" for name, value in got.items())
    return reword(error, f"{func}: expected {expected}; got {facts} (NumPy: {numpy_text(error)})")


def explained(expected: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator: re-raise a NumPy argument error (same class) naming the function, the arguments and ``expected``.

    Examples
    --------
    >>> import numpy as np
    >>> @explained("shape: a non-negative int or a sequence of them")
    ... def zeros(shape):
    ...     return np.zeros(shape)
    >>> zeros(-1)
    Traceback (most recent call last):
    ...
    ValueError: zeros: expected shape: a non-negative int or a sequence of them; got shape=-1 (NumPy: negative dimensions are not allowed)
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception as error:
                raise explain(error, func.__name__, expected, **_given(func, args, kwargs)) from error

        return wrapper

    return decorate


def _given(func: Callable[..., Any], args: tuple, kwargs: dict) -> dict:
    """The arguments of a call by parameter name (the shapes of array arguments, not their values)."""
    try:
        bound = inspect.signature(func).bind(*args, **kwargs).arguments
    except TypeError:  # the call did not fit the signature: report it positionally
        bound = {"args": args, **kwargs}
    return {name: _brief(value) for name, value in bound.items() if name != "constant"}


def _brief(value: Any) -> Any:
    """An array or tensor argument by its type, shape and dtype (its values would swamp the message)."""
    if isinstance(value, np.ndarray) or (hasattr(value, "shape") and hasattr(value, "dtype") and hasattr(value, "data")
                                         and isinstance(getattr(value, "data"), np.ndarray)):
        return _Shown(f"<{type(value).__name__} of shape {value.shape}, dtype {value.dtype}>")
    return value


def brief(value: Any, width: int = 60) -> str:
    """``value`` for a message: an array or tensor by type, shape and dtype, anything else by its repr, cut short.

    Examples
    --------
    >>> import numpy as np
    >>> brief(np.zeros((2, 3))), brief("abc"), brief(list(range(30)), width=12)
    ('<ndarray of shape (2, 3), dtype float64>', "'abc'", '[0, 1, 2, 3,')
    """
    shown = _brief(value)
    return str(shown) if isinstance(shown, _Shown) else f"{value!r:.{width}}"


class _Shown(str):
    """A description that prints as itself, without the quotes of a string's repr."""

    __repr__ = str.__str__


def named(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``func``, re-raising an argument error that does not name it as the same class, naming ``name`` and the call.

    Errors raised by NumPy or Python deep inside a function ("scale < 0",
    "'slice' object is not iterable") do not say which call they came from;
    this prefixes the public name and lists the arguments (arrays by shape
    and dtype). A message that already names the function, and mygrad's own
    error classes, pass through unchanged. Costs one frame when a call succeeds.

    Examples
    --------
    >>> import numpy as np
    >>> normal = named(lambda loc, scale: np.random.normal(loc, scale), "mygrad.random.normal")
    >>> normal(0.0, -1.0)
    Traceback (most recent call last):
    ...
    ValueError: mygrad.random.normal: scale < 0 (got loc=0.0, scale=-1.0)
    """
    short = name.rsplit(".", 1)[-1]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except _REWORDED as error:
            if names(error, short, as_spelled=True):  # (named already, by an inner call or its own check)
                raise
            facts = ", ".join(f"{k}={v!r:.80}" for k, v in _given(func, args, kwargs).items())
            renamed = reword(error, f"{name}: {error} (got {facts})")
            if renamed is error:
                raise
            renamed._named_by = name
            raise renamed.with_traceback(error.__traceback__) from None

    return wrapper


def name_errors(namespace: dict, public: str, *, reexported: bool = False) -> None:
    """Wrap every function listed in ``namespace["__all__"]`` with :func:`named` (``public``: the module's name).

    Called at the bottom of a public module, so that both its users and its
    own callers get the named errors; with ``reexported``, at the bottom of a
    package's ``__init__`` that gathers functions defined in its modules.
    """
    for attribute in namespace["__all__"]:
        value = namespace[attribute]
        if inspect.isfunction(value) and (reexported or value.__module__ == namespace["__name__"]):
            namespace[attribute] = named(value, f"{public}.{attribute}")
