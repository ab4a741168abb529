"""The functions behind ``Tensor``'s operators and methods, filled in by the layers above the engine.

The engine knows no maths. ``t + s`` runs ``execute_op(op_table.Add, t, s)``
and ``t.sum()`` runs ``op_table.sum(t)``, but the engine never imports the
op families: each provider fills its entries when it is imported -
:mod:`mygrad.ops` the ops, :mod:`mygrad.ops.numpy_protocol` NumPy's hooks,
:mod:`mygrad.autodiff.memory.inplace` the in-place writes, and
:mod:`mygrad.autodiff.operation` ``execute_op``. So imports run one way,
downwards, and this table is the one place where the engine meets what is
built on it. (``import mygrad`` imports every provider.)

Reading an entry that nobody has filled raises a ``RuntimeError`` naming it.

>>> import mygrad as mg
>>> from mygrad.autodiff import op_table
>>> op_table.sum is mg.sum
True
"""

from __future__ import annotations

from typing import Any, Callable, Dict

__all__ = ["fill", "ENTRIES"]

#: Every entry, with what it is. ``fill`` refuses any other name.
ENTRIES: Dict[str, str] = {
    # the op classes the arithmetic operators run directly (operators take no ufunc keywords)
    "Add": "op class of t + s", "Subtract": "op class of t - s", "Multiply": "op class of t * s",
    "Divide": "op class of t / s", "Negative": "op class of -t",
    "Reshape": "op class of t.shape = new_shape inside a graph",
    "execute_op": "mygrad.execute_op: run an op class and record it",
    # functions
    "add": "mygrad.add", "subtract": "mygrad.subtract", "multiply": "mygrad.multiply", "divide": "mygrad.divide",
    "power": "mygrad.power", "positive": "mygrad.positive", "absolute": "mygrad.absolute",
    "floor_divide": "mygrad.floor_divide", "remainder": "mygrad.remainder", "matmul": "mygrad.matmul",
    "clip": "mygrad.clip", "getitem": "t[index] (mygrad.ops.indexing)",
    "sum": "mygrad.sum", "mean": "mygrad.mean", "var": "mygrad.var", "std": "mygrad.std", "max": "mygrad.max",
    "min": "mygrad.min", "prod": "mygrad.prod", "cumsum": "mygrad.cumsum", "cumprod": "mygrad.cumprod",
    "reshape": "mygrad.reshape", "transpose": "mygrad.transpose", "moveaxis": "mygrad.moveaxis",
    "swapaxes": "mygrad.swapaxes", "squeeze": "mygrad.squeeze", "flatten": "mygrad.flatten",
    "ravel": "mygrad.ravel",
    # in-place writes (mygrad.autodiff.memory.inplace)
    "setitem": "t[index] = value", "inplace_op": "t += s and friends", "set_shape": "t.shape = new_shape",
    # NumPy interoperability (mygrad.ops.numpy_protocol, mygrad.ops.ufunc_keywords)
    "array_ufunc": "Tensor.__array_ufunc__", "array_function": "Tensor.__array_function__",
    "write_out": "the out= keyword: write a result into a tensor or an array",
}


def fill(**entries: Callable[..., Any]) -> None:
    """Provide entries of the table (called by the modules that implement them, as they are imported).

    Examples
    --------
    >>> from mygrad.autodiff import op_table
    >>> op_table.fill(sum=op_table.sum)   # (mygrad.ops has filled it already; this changes nothing)
    """
    unknown = set(entries) - set(ENTRIES)
    if unknown:
        raise ValueError(f"op_table.fill(): no such entries {sorted(unknown)}; the table has {sorted(ENTRIES)}")
    globals().update(entries)


def __getattr__(name: str) -> Any:  # only reached for entries not filled yet
    if name in ENTRIES:
        raise RuntimeError(
            f"mygrad's op table has no {name!r} ({ENTRIES[name]}) yet: it is filled when mygrad.ops is "
            "imported - use `import mygrad` rather than importing the engine alone"
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
