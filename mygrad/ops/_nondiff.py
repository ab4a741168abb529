"""Shared plumbing for NumPy functions that mygrad exposes without a gradient.

Comparisons, predicates (``isnan``), index searches (``argmax``) and the like
have no useful derivative. mygrad offers them under NumPy's names so that
code written against NumPy keeps working on tensors: each one runs NumPy on
the tensors' data and returns what NumPy returns (ndarrays, bools, ints).
"""

from __future__ import annotations

from typing import Any, Callable

from mygrad.numpy_protocol import data_of


__all__ = ["data_of", "on_data", "NONDIFF_MARK"]

# Functions carrying this attribute return NumPy results, not tensors; the
# NumPy protocol (mygrad.numpy_protocol) then runs NumPy itself on the data.
NONDIFF_MARK = "_mygrad_returns_numpy"


def on_data(numpy_func: Callable, summary: str) -> Callable:
    """Wrap ``numpy_func`` so that it accepts tensors (their data is used) and returns NumPy's result.

    ``summary`` is the one-line description used in the wrapper's docstring.
    """
    name = numpy_func.__name__

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return numpy_func(*data_of(args), **{k: data_of(v) for k, v in kwargs.items()})

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__wrapped__ = numpy_func  # inspect.signature shows NumPy's signature
    wrapper.__doc__ = f"""{summary}

    ``numpy.{name}`` applied to the data of any tensor arguments. It is not
    differentiable: the result is NumPy's (an ndarray, bool or number), never
    a tensor. It takes exactly ``numpy.{name}``'s arguments.

    Parameters
    ----------
    *args, **kwargs
        As for ``numpy.{name}``; tensors may appear wherever arrays may.

    Returns
    -------
    Any
        ``numpy.{name}(*args, **kwargs)`` computed on the data.
    """
    setattr(wrapper, NONDIFF_MARK, True)
    return wrapper
