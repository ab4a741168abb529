"""NumPy interoperability: ``np.exp(tensor)`` and ``np.sum(tensor)`` return tensors.

NumPy hands control to a Tensor through two protocols:

* ``__array_ufunc__`` for ufunc calls (``np.exp(t)``, ``np.add(x, t)``,
  ``ndarray + tensor``). A ufunc that mygrad implements under the same name
  runs as the differentiable mygrad op (a :class:`mygrad.ufunc`); so do ``np.add.reduce`` (sum),
  ``np.multiply.reduce`` (prod), ``np.maximum/minimum.reduce`` (max/min) and
  ``np.add/multiply.accumulate`` (cumsum/cumprod).
* ``__array_function__`` for other NumPy functions (``np.sum``,
  ``np.reshape``, ``np.concatenate`` ...).

Both look the NumPy function up in one explicit table that mygrad's functions
fill as they are declared (:func:`implements_numpy_override`).

Anything mygrad does not implement runs on the tensors' data and returns
plain NumPy results, as MyGrad documents (e.g. ``np.argmax(t)``).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, TypeVar

import numpy as np

from mygrad.autodiff import op_table
from mygrad.autodiff.tensor import data_of

_F = TypeVar("_F", bound=Callable[..., Any])

__all__ = ["array_ufunc", "array_function", "implements_numpy_override"]

# The NumPy-override table: NumPy function or ufunc -> the mygrad function that replaces it on
# tensors. Each mygrad function declares its own entry (``@implements_numpy_override(np.sum)``;
# ufuncs through ``mygrad.ops.ufunc.as_ufunc``); nothing is found by name.
_OVERRIDES: Dict[Any, Callable] = {}
# overrides that take all of NumPy's keywords themselves (e.g. mygrad.floor, for constants only)
_TAKES_NUMPY_KEYWORDS: set = set()


def implements_numpy_override(numpy_function: Any = None, *, numpy_keywords: bool = False) -> Callable[[_F], _F]:
    """Declare the decorated mygrad function as what ``numpy_function`` does on tensors.

    Parameters
    ----------
    numpy_function : Optional[Callable]
        A NumPy function (``np.sum``) or ufunc (``np.exp``). By default, the
        one in ``numpy`` named as the decorated function (MyGrad's rule).
    numpy_keywords : bool, default False
        For a ufunc: the mygrad function handles all of NumPy's keywords
        itself. Otherwise only ``out``, ``where`` and ``dtype`` reach it, and
        a call with any other keyword runs NumPy on the tensors' data.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.ops.numpy_protocol import implements_numpy_override
    >>> implements_numpy_override(np.sum)(mg.sum) is mg.sum     # (mygrad.sum declares this itself)
    True
    >>> np.sum(mg.tensor([1.0, 2.0]))
    Tensor(3.)
    """
    def register(func: _F) -> _F:
        overridden = numpy_function if numpy_function is not None else _numpy_namesake(func)
        declared = _OVERRIDES.get(overridden)
        # One declaration per op inside mygrad: a second Tanh is refused. (A user's own override
        # replaces ours, as MyGrad's documentation shows with np.reshape.)
        if declared is not None and declared is not func and _is_mygrads(func):
            raise ValueError(
                f"{getattr(overridden, '__name__', overridden)} already has a mygrad override: "
                f"{declared.__module__}.{getattr(declared, '__name__', declared)}; an op is declared once"
            )
        _OVERRIDES[overridden] = func
        if numpy_keywords:
            _TAKES_NUMPY_KEYWORDS.add(overridden)
        return func

    return register


def _is_mygrads(func: Callable) -> bool:
    module = getattr(func, "__module__", None) or ""
    return module == "mygrad" or module.startswith("mygrad.")


def _numpy_namesake(func: Callable) -> Any:
    name = getattr(func, "__name__", "")
    numpy_function = getattr(np, name, None)
    if not callable(numpy_function):
        raise ValueError(f"implements_numpy_override(): numpy has no function named {name!r}; name it explicitly")
    return numpy_function


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    """Run ``ufunc`` on tensor inputs: mygrad's override if there is one, else NumPy on the data.

    A mygrad ufunc takes the ufunc keywords ``out``, ``where`` and ``dtype``
    (see :mod:`mygrad.ops.ufunc_keywords`); any other keyword (``casting``,
    ``order`` ...) makes NumPy run on the data instead. The methods
    ``reduce``/``accumulate``/``outer`` run differentiably where the mygrad
    ufunc can (see :class:`mygrad.ufunc`).
    """
    override = _OVERRIDES.get(ufunc)
    if override is not None:
        if method == "__call__":
            if ufunc in _TAKES_NUMPY_KEYWORDS or kwargs.keys() <= _UFUNC_KEYWORDS:
                return override(*inputs, **kwargs)
        elif hasattr(override, "_numpy_method"):
            result = override._numpy_method(method, inputs, kwargs)
            if result is not NotImplemented:
                return result
    return getattr(ufunc, method)(*data_of(inputs), **_data_of_kwargs(kwargs))


_UFUNC_KEYWORDS = {"out", "where", "dtype"}


def array_function(func: Callable, args: tuple, kwargs: dict) -> Any:
    """Run NumPy function ``func``: mygrad's override if it has one, else NumPy on the data."""
    override = _OVERRIDES.get(func)
    if override is not None:
        return override(*args, **kwargs)
    return func(*data_of(args), **_data_of_kwargs(kwargs))


def _data_of_kwargs(kwargs: dict) -> dict:
    return {k: data_of(v) for k, v in kwargs.items()}


op_table.fill(array_ufunc=array_ufunc, array_function=array_function)
