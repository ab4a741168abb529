"""Re-raising NumPy's argument errors with the facts a caller needs.

NumPy's messages often omit the function, the argument and the shape of the
array involved ("repeated axis", "negative dimensions are not allowed").
:func:`explain` builds an exception of the *same class* (so ``AxisError``
stays ``AxisError``) whose message names the function, what it was given,
what it expected, and keeps NumPy's own text. It is only called on the
error path, so it costs nothing when a call succeeds.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mygrad.autodiff.tensor import data_of

__all__ = ["explain", "shape_of"]

# exact classes only: mygrad's own errors (subclasses of ValueError, ...) pass through untouched
_REWORDED = (ValueError, TypeError, IndexError, ZeroDivisionError, np.exceptions.AxisError)


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
        ValueError, TypeError, IndexError, ZeroDivisionError or AxisError.
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
    if type(error) not in _REWORDED:
        return error
    facts = ", ".join(f"{name}={value!r}" for name, value in got.items())
    return type(error)(f"{func}: expected {expected}; got {facts} (NumPy: {error})")
