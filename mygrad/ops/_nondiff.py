"""Shared plumbing for NumPy functions that mygrad exposes without a gradient.

Comparisons, predicates (``isnan``), index searches (``argmax``) and the like
have no useful derivative. mygrad offers them under NumPy's names so that
code written against NumPy keeps working on tensors: each one runs NumPy on
the tensors' data and returns what NumPy returns (ndarrays, bools, ints).
"""

from __future__ import annotations

import textwrap
from typing import Any, Callable

from mygrad.autodiff.tensor import data_of


__all__ = ["on_data", "NONDIFF_MARK"]

# Functions carrying this attribute return NumPy results, not tensors; the
# NumPy protocol (mygrad.ops.numpy_protocol) then runs NumPy itself on the data.
NONDIFF_MARK = "_mygrad_returns_numpy"


def examples_section(example: str) -> str:
    """A generated docstring's ``Examples`` section: ``example``'s doctest lines after ``import mygrad as mg``.

    ``example`` may be indented as it likes (it is dedented); empty gives no section.
    """
    if not example.strip():
        return ""
    body = textwrap.indent(">>> import mygrad as mg\n" + textwrap.dedent(example).strip("\n"), "    ")
    return f"\n    Examples\n    --------\n{body}\n    "


def on_data(numpy_func: Callable, summary: str, example: str = "") -> Callable:
    """Wrap ``numpy_func`` so that it accepts tensors (their data is used) and returns NumPy's result.

    ``summary`` is the one-line description used in the wrapper's docstring;
    ``example``, doctest lines, becomes its Examples section (see :func:`examples_section`).
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
    """ + examples_section(example)
    setattr(wrapper, NONDIFF_MARK, True)
    return wrapper
