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


def _unwrap(x: Any) -> Any:
    """Replace tensors (also inside lists/tuples) by their data."""
    from mygrad.tensor import Tensor

    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(i) for i in x)
    return x


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    """Run ``ufunc`` on tensor inputs: mygrad's op if there is one, else NumPy on the data.

    mygrad's op supports the ufunc keywords ``out``, ``where`` and ``dtype``:

    * ``dtype``: the inputs are cast to it first (differentiably), so the op
      computes in that dtype.
    * ``out``: the result is written into the target. A tensor target is
      mutated through mygrad's in-place machinery (differentiable; every
      view sees it); an ndarray target receives the data.
    * ``where``: only where the mask is true does the result replace the
      ``out`` target's values; elsewhere the target keeps its values (and
      their gradient path). Without ``out`` the unselected elements are 0
      (NumPy leaves them uninitialised).
    """
    op = _mygrad_namesake(ufunc.__name__) if method == "__call__" else None
    if op is not None and getattr(op, "_mygrad_takes_numpy_kwargs", False):
        return op(*inputs, **kwargs)  # e.g. mygrad.floor: handles (and checks) NumPy's keywords itself
    if op is None or set(kwargs) - {"out", "where", "dtype"}:
        kwargs = {k: _unwrap(v) for k, v in kwargs.items()}
        return getattr(ufunc, method)(*_unwrap(inputs), **kwargs)

    out = kwargs.get("out")
    where = _unwrap(kwargs.get("where", True))
    dtype = kwargs.get("dtype")
    if dtype is not None:
        inputs = tuple(_cast(x, dtype) for x in inputs)
    result = op(*inputs)
    target = None
    if out is not None:
        (target,) = out if isinstance(out, tuple) else (out,)
    if where is not True:
        result = _select(where, result, target)
    return result if target is None else _into_out(result, target)


def _cast(x: Any, dtype: Any) -> Any:
    from mygrad.tensor import Tensor

    if isinstance(x, Tensor):
        return x if x.dtype == np.dtype(dtype) else x.astype(dtype)
    return np.asarray(x, dtype=dtype)


def _select(where: Any, result: Any, target: Any) -> Any:
    """``result`` where ``where`` is true, else the ``out`` target's values (0 without a target)."""
    import mygrad

    where = np.asarray(where, dtype=bool)
    if target is None:
        return mygrad.where(where, result, np.zeros((), dtype=result.dtype))
    if isinstance(target, mygrad.Tensor):
        return mygrad.where(where, result, target)
    return np.where(where, np.asarray(result.data, dtype=target.dtype), target)


def _into_out(result: Any, target: Any) -> Any:
    """Write ``result`` into NumPy's ``out=`` target and return the target."""
    from mygrad.tensor import Tensor

    if isinstance(target, Tensor):
        target[...] = result  # differentiable in-place write (mygrad.inplace)
        return target
    target[...] = result.data if isinstance(result, Tensor) else result
    return target


def array_function(func: Callable, args: tuple, kwargs: dict) -> Any:
    """Run NumPy function ``func``: mygrad's namesake if it has one, else NumPy on the data."""
    global _function_table
    if _function_table is None:
        _function_table = {}
    impl = _function_table.get(func)
    if impl is None:
        namespace = "linalg" if getattr(func, "__module__", "").endswith("linalg") else ""
        impl = _mygrad_namesake(func.__name__, namespace) or (
            lambda *a, **k: func(*_unwrap(a), **_unwrap_kwargs(k))
        )
        _function_table[func] = impl
    return impl(*args, **kwargs)


def _unwrap_kwargs(kwargs: dict) -> dict:
    return {k: _unwrap(v) for k, v in kwargs.items()}
