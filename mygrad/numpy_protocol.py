"""NumPy interoperability: ``np.exp(tensor)`` and ``np.sum(tensor)`` return tensors.

NumPy hands control to a Tensor through two protocols:

* ``__array_ufunc__`` for ufunc calls (``np.exp(t)``, ``np.add(x, t)``,
  ``ndarray + tensor``). A ufunc that mygrad implements under the same name
  runs as the differentiable mygrad op; so do ``np.add.reduce`` (sum),
  ``np.multiply.reduce`` (prod), ``np.maximum/minimum.reduce`` (max/min) and
  ``np.add/multiply.accumulate`` (cumsum/cumprod).
* ``__array_function__`` for other NumPy functions (``np.sum``,
  ``np.reshape``, ``np.concatenate`` ...), dispatched the same way by name.

Anything mygrad does not implement runs on the tensors' data and returns
plain NumPy results, as MyGrad documents (e.g. ``np.argmax(t)``).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import numpy as np

from mygrad.ufunc_keywords import apply_ufunc_keywords

__all__ = ["array_ufunc", "array_function", "data_of"]

_function_table: Optional[Dict[Any, Callable]] = None


# NumPy functions whose mygrad namesake means something else: they run on the data.
# (mygrad.save writes mygrad's .npz format; numpy.save must write NumPy's .npy.)
_DIFFERENT_MEANING = {"save", "load"}


def _mygrad_namesake(name: str, namespace: str = "") -> Optional[Callable]:
    """mygrad's differentiable function called ``name``, if there is one.

    ``namespace`` is NumPy's submodule: ``"linalg"`` looks in ``mygrad.linalg``
    (``numpy.linalg.norm`` -> ``mygrad.linalg.norm``). Non-differentiable
    helpers (``mygrad.isnan``, ``mygrad.argmax`` ...) are skipped: for those
    NumPy itself runs on the data, with all its options.
    """
    import mygrad

    if name in _DIFFERENT_MEANING:
        return None
    module = getattr(mygrad, namespace, None) if namespace else mygrad
    func = getattr(module, name, None)
    if not callable(func) or isinstance(func, type) or getattr(func, "_mygrad_returns_numpy", False):
        return None
    return func


def data_of(x: Any) -> Any:
    """A tensor's data; lists and tuples are unwrapped element by element; anything else unchanged."""
    from mygrad.tensor import Tensor

    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, (list, tuple)):
        return type(x)(data_of(i) for i in x)
    return x


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    """Run ``ufunc`` on tensor inputs: mygrad's op if there is one, else NumPy on the data.

    mygrad's op supports the ufunc keywords ``out``, ``where`` and ``dtype``
    (see :mod:`mygrad.ufunc_keywords`); any other keyword (``casting``,
    ``order`` ...) makes NumPy run on the data instead.
    """
    if method in ("reduce", "accumulate"):
        reduced = _reduce_differentiably(ufunc, method, inputs, kwargs)
        if reduced is not None:
            return reduced
    op = _mygrad_namesake(ufunc.__name__) if method == "__call__" else None
    if op is not None and getattr(op, "_mygrad_takes_numpy_kwargs", False):
        return op(*inputs, **kwargs)  # e.g. mygrad.floor: handles (and checks) NumPy's keywords itself
    if op is None or set(kwargs) - _UFUNC_KEYWORDS:
        kwargs = _data_of_kwargs(kwargs)
        return getattr(ufunc, method)(*data_of(inputs), **kwargs)
    if getattr(op, "_mygrad_ufunc_keywords", False):
        return op(*inputs, **kwargs)
    return apply_ufunc_keywords(op, inputs, **kwargs)


_UFUNC_KEYWORDS = {"out", "where", "dtype"}

# ufunc methods with a differentiable mygrad equivalent: np.add.reduce(t) is mygrad.sum(t, axis=0)
_UFUNC_METHODS = {
    ("add", "reduce"): "sum", ("multiply", "reduce"): "prod", ("maximum", "reduce"): "max",
    ("minimum", "reduce"): "min", ("add", "accumulate"): "cumsum", ("multiply", "accumulate"): "cumprod",
}


def _reduce_differentiably(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    """``ufunc.reduce`` / ``ufunc.accumulate`` computed by the mygrad reduction equal to it, or None if there is none.

    Only ``axis`` (NumPy's default: 0) and, for ``reduce``, ``keepdims`` are
    translated; any other keyword leaves the call to NumPy.
    """
    import mygrad

    name = _UFUNC_METHODS.get((ufunc.__name__, method))
    given = {k: v for k, v in kwargs.items() if v is not None or k == "axis"}
    allowed = {"axis", "keepdims"} if method == "reduce" else {"axis"}
    if name is None or len(inputs) != 1 or set(given) - allowed:
        return None
    return getattr(mygrad, name)(inputs[0], **dict(given, axis=given.get("axis", 0)))


def array_function(func: Callable, args: tuple, kwargs: dict) -> Any:
    """Run NumPy function ``func``: mygrad's namesake if it has one, else NumPy on the data."""
    global _function_table
    if _function_table is None:
        _function_table = {}
    impl = _function_table.get(func)
    if impl is None:
        namespace = "linalg" if getattr(func, "__module__", "").endswith("linalg") else ""
        impl = _mygrad_namesake(func.__name__, namespace) or (
            lambda *a, **k: func(*data_of(a), **_data_of_kwargs(k))
        )
        _function_table[func] = impl
    return impl(*args, **kwargs)


def _data_of_kwargs(kwargs: dict) -> dict:
    return {k: data_of(v) for k, v in kwargs.items()}
