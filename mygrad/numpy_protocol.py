"""NumPy interoperability: ``np.exp(tensor)`` and ``np.sum(tensor)`` return tensors.

NumPy hands control to a Tensor through two protocols:

* ``__array_ufunc__`` for ufunc calls (``np.exp(t)``, ``np.add(x, t)``,
  ``ndarray + tensor``). A ufunc that mygrad implements under the same name
  runs as the differentiable mygrad op.
* ``__array_function__`` for other NumPy functions (``np.sum``,
  ``np.reshape``, ``np.concatenate`` ...), dispatched the same way by name.

Anything mygrad does not implement runs on the tensors' data and returns
plain NumPy results, as MyGrad documents (e.g. ``np.argmax(t)``).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import numpy as np

__all__ = ["array_ufunc", "array_function"]

_function_table: Optional[Dict[Any, Callable]] = None


def _mygrad_namesake(name: str) -> Optional[Callable]:
    import mygrad

    func = getattr(mygrad, name, None)
    return func if callable(func) and not isinstance(func, type) else None


def _unwrap(x: Any) -> Any:
    """Replace tensors (also inside lists/tuples) by their data."""
    from mygrad.tensor import Tensor

    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(i) for i in x)
    return x


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    """Run ``ufunc`` on tensor inputs: mygrad's op if there is one, else NumPy on the data."""
    op = _mygrad_namesake(ufunc.__name__) if method == "__call__" else None
    unsupported = set(kwargs) - {"out", "where", "dtype"}
    if op is not None and not unsupported:
        out = kwargs.pop("out", None)
        if kwargs:
            return op(*inputs, **kwargs)
        if out is None:
            return op(*inputs)
        return _into_out(op(*inputs), out)
    kwargs = {k: _unwrap(v) for k, v in kwargs.items()}
    return getattr(ufunc, method)(*_unwrap(inputs), **kwargs)


def _into_out(result: Any, out: tuple) -> Any:
    """Write ``result`` into NumPy's ``out=`` target when it is a plain array."""
    from mygrad.tensor import Tensor

    (target,) = out
    if isinstance(target, Tensor):
        target[...] = result  # differentiable in-place write (mygrad.inplace)
        return target
    target[...] = result.data
    return target


def array_function(func: Callable, args: tuple, kwargs: dict) -> Any:
    """Run NumPy function ``func``: mygrad's namesake if it has one, else NumPy on the data."""
    global _function_table
    if _function_table is None:
        _function_table = {}
    impl = _function_table.get(func)
    if impl is None:
        impl = _mygrad_namesake(func.__name__) or (lambda *a, **k: func(*_unwrap(a), **_unwrap_kwargs(k)))
        _function_table[func] = impl
    return impl(*args, **kwargs)


def _unwrap_kwargs(kwargs: dict) -> dict:
    return {k: _unwrap(v) for k, v in kwargs.items()}
