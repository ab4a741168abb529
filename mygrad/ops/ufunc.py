"""mygrad's universal functions: ``mg.add``, ``mg.exp`` ... are objects, as ``np.add`` is.

NumPy's elementwise functions are :class:`numpy.ufunc` objects: ``np.add``
carries ``nin``, ``nout``, ``identity`` ... and methods such as
``np.add.reduce``. mygrad mirrors that: every differentiable op that NumPy
implements as a ufunc is an instance of :class:`ufunc` (exactly, of
:class:`MyGradUnaryUfunc` or :class:`MyGradBinaryUfunc`), built from **one
declaration** in its op family's module::

    @as_ufunc(np.exp)
    def exp(x, *, constant=None):
        \"\"\"Elementwise e ** x ...\"\"\"
        return execute_op(Exp, x, constant=constant)

That declaration gives the public object everything the outside sees: its
name, docstring and signature (with NumPy's ``out``, ``where`` and ``dtype``
keywords, ``out`` also positional), NumPy's ufunc attributes, the methods
``reduce``/``accumulate``/``outer``/``at``/``reduceat``, and its entry in the
NumPy-override table, so that ``np.exp(tensor)`` runs it
(:mod:`mygrad.ops.numpy_protocol`).

>>> import mygrad as mg
>>> isinstance(mg.add, mg.ufunc), mg.add.nin, mg.add.identity
(True, 2, 0)
>>> x = mg.tensor([1.0, 2.0, 3.0])
>>> mg.add.reduce(x).backward()          # the differentiable sum
>>> x.grad
array([1., 1., 1.])

This module also holds MyGrad's op base classes for ufuncs (:class:`Ufunc`,
:class:`UnaryUfunc`, :class:`BinaryUfunc`, and :class:`Sequential` for
reductions) and :func:`ufunc_creator`, MyGrad's way of turning such an op
into a ufunc object.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional, Tuple, Union

import numpy as np

from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.ufunc_keywords import apply_ufunc_keywords, write_out

__all__ = [
    "ufunc",
    "MyGradUnaryUfunc",
    "MyGradBinaryUfunc",
    "as_ufunc",
    "ufunc_creator",
    "register_sequential",
    "Ufunc",
    "UnaryUfunc",
    "BinaryUfunc",
    "Sequential",
]

_Out = Optional[Union[Tensor, np.ndarray]]


class _UfuncType(type):
    """The metaclass of :class:`ufunc`: ``issubclass(mg.add, mg.ufunc)`` holds, as in MyGrad.

    MyGrad makes each ufunc a class deriving from ``mygrad.ufunc``; here each
    is an instance of it. So that code (and MyGrad's documentation) asking
    ``issubclass(mg.add, mg.ufunc)`` still gets True, a ufunc object counts as
    a "subclass" of every ufunc type it is an instance of.
    """

    def __subclasscheck__(cls, candidate: Any) -> bool:
        if isinstance(candidate, ufunc):
            return isinstance(candidate, cls)
        return super().__subclasscheck__(candidate)


class ufunc(metaclass=_UfuncType):
    """The type of mygrad's ufunc objects (``mg.add``, ``mg.exp``, ...).

    An instance computes its op differentiably when called, and carries the
    attributes of the NumPy ufunc it mirrors (``nin``, ``nout``, ``nargs``,
    ``ntypes``, ``types``, ``identity``, ``signature``).

    Methods ``reduce``, ``accumulate`` and ``outer`` are differentiable where
    a mygrad op computes them (``add.reduce`` is ``sum``, ``multiply.accumulate``
    is ``cumprod``, ``outer`` works for every binary ufunc); otherwise, and
    for ``at`` and ``reduceat``, they raise ``NotImplementedError`` naming the
    alternative.

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.multiply.nin, mg.multiply.nout, mg.multiply.identity
    (2, 1, 1)
    >>> mg.exp
    <mygrad-ufunc 'exp'>
    """

    def __init__(self, numpy_ufunc: np.ufunc, forward: Callable[..., Tensor], doc: Optional[str] = None,
                 name: Optional[str] = None) -> None:
        self.numpy_ufunc = numpy_ufunc
        self._forward = forward  # forward(*inputs, constant=None) -> Tensor
        self.__name__ = self.__qualname__ = name or forward.__name__
        self.__module__ = "mygrad"
        self.__doc__ = doc if doc is not None else forward.__doc__
        self.__signature__ = _public_signature(type(self))

    # NumPy's ufunc attributes, read from the ufunc this one mirrors
    nin = property(lambda self: self.numpy_ufunc.nin, doc="Number of inputs.")
    nout = property(lambda self: self.numpy_ufunc.nout, doc="Number of outputs.")
    nargs = property(lambda self: self.numpy_ufunc.nargs, doc="Number of arguments: inputs plus outputs.")
    @property
    def types(self) -> list:
        """NumPy's type signatures for real numbers and booleans, e.g. ``'dd->d'`` (as MyGrad lists them)."""
        return [t for t in self.numpy_ufunc.types if not set(t) & _NOT_REAL_TYPECODES]

    @property
    def ntypes(self) -> int:
        """The number of type signatures in :attr:`types`."""
        return len(self.types)

    identity = property(lambda self: self.numpy_ufunc.identity, doc="The value of an empty reduction, or None.")
    signature = property(lambda self: self.numpy_ufunc.signature, doc="The core signature of a generalised ufunc, else None.")

    def __repr__(self) -> str:
        return f"<mygrad-ufunc '{self.__name__}'>"

    def __reduce__(self) -> str:
        return self.__name__  # pickled by reference, as functions are: mygrad.<name>

    def _keywords_call(self, inputs: Tuple[Any, ...], out: Any, where: Any, dtype: Any,
                       constant: Optional[bool], op_kwargs: dict) -> Any:
        """The call with NumPy's ufunc keywords (see :mod:`mygrad.ops.ufunc_keywords`); ``op_kwargs`` go to the op."""
        forward = functools.partial(self._forward, **op_kwargs) if op_kwargs else self._forward
        return apply_ufunc_keywords(forward, inputs, out=out, where=where, dtype=dtype, constant=constant,
                                    numpy_ufunc=self.numpy_ufunc, name=self.__name__)

    # ------------------------------------------------------------- methods
    def reduce(self, array: Any, axis: Any = 0, dtype: Any = None, out: Any = None, keepdims: bool = False,
               *, constant: Optional[bool] = None) -> Tensor:
        """Reduce ``array`` along ``axis`` by applying the ufunc repeatedly (NumPy's ``ufunc.reduce``).

        Differentiable for ``add`` (``sum``), ``multiply`` (``prod``),
        ``maximum`` (``max``) and ``minimum`` (``min``); the other ufuncs
        raise ``NotImplementedError``.

        Examples
        --------
        >>> import mygrad as mg
        >>> mg.multiply.reduce(mg.tensor([[1.0, 2.0], [3.0, 4.0]]), axis=1)
        Tensor([ 2., 12.])
        """
        return self._sequential("reduce", array, axis, dtype, out, constant, keepdims=keepdims)

    def accumulate(self, array: Any, axis: int = 0, dtype: Any = None, out: Any = None,
                   *, constant: Optional[bool] = None) -> Tensor:
        """Accumulate the ufunc along ``axis`` (NumPy's ``ufunc.accumulate``).

        Differentiable for ``add`` (``cumsum``) and ``multiply``
        (``cumprod``); the other ufuncs raise ``NotImplementedError``.

        Examples
        --------
        >>> import mygrad as mg
        >>> mg.add.accumulate(mg.tensor([1.0, 2.0, 3.0]))
        Tensor([1., 3., 6.])
        """
        return self._sequential("accumulate", array, axis, dtype, out, constant)

    def _sequential(self, method: str, array: Any, axis: Any, dtype: Any, out: Any,
                    constant: Optional[bool], **options: Any) -> Tensor:
        """``reduce``/``accumulate`` through the mygrad reduction registered for them, if any."""
        reduction = _SEQUENTIAL.get((self.numpy_ufunc, method))
        if reduction is None:
            raise NotImplementedError(
                f"mygrad.{self.__name__}.{method} is not differentiable; "
                f"use numpy.{self.__name__}.{method} on the tensor's data (x.data) instead"
            )
        if dtype is not None:
            array = array.astype(dtype) if isinstance(array, Tensor) else np.asarray(array, dtype=dtype)
        result = reduction(array, axis=axis, constant=constant, **options)
        return result if out is None else write_out(result, out)

    def outer(self, a: Any, b: Any, *, out: _Out = None, where: Any = True, dtype: Any = None,
              constant: Optional[bool] = None) -> Tensor:
        """``ufunc(a[i...], b[j...])`` for every pair of elements (NumPy's ``ufunc.outer``), differentiably.

        Examples
        --------
        >>> import mygrad as mg
        >>> x, y = mg.tensor([1.0, 2.0]), mg.tensor([10.0, 20.0, 30.0])
        >>> z = mg.multiply.outer(x, y)
        >>> z.shape
        (2, 3)
        >>> z.backward()
        >>> x.grad, y.grad
        (array([60., 60.]), array([3., 3., 3.]))
        """
        if self.nin != 2:
            raise ValueError(f"outer product only supported for binary functions; {self.__name__} takes one input")
        if self.signature is not None:
            raise TypeError(f"method outer is not allowed in ufunc with non-trivial signature ({self.__name__})")
        a = a if isinstance(a, Tensor) else np.asarray(a)
        b_ndim = np.ndim(b.data if isinstance(b, Tensor) else b)
        a_expanded = a.reshape(a.shape + (1,) * b_ndim)  # a view: a[i..., newaxis...] broadcasts against b
        return self(a_expanded, b, out=out, where=where, dtype=dtype, constant=constant)

    def at(self, *args: Any, **kwargs: Any) -> None:
        """NumPy's unbuffered in-place ``ufunc.at``: not supported by mygrad (raises ``NotImplementedError``).

        Write ``x[indices] = ufunc(x[indices], b)`` instead (differentiable),
        or apply ``numpy.<ufunc>.at`` to an array.
        """
        raise NotImplementedError(
            f"mygrad.{self.__name__}.at is not supported; write x[indices] = mygrad.{self.__name__}(x[indices], ...) "
            f"(differentiable) or use numpy.{self.__name__}.at on an array"
        )

    def reduceat(self, *args: Any, **kwargs: Any) -> None:
        """NumPy's ``ufunc.reduceat``: not supported by mygrad (raises ``NotImplementedError``)."""
        raise NotImplementedError(
            f"mygrad.{self.__name__}.reduceat is not supported; reduce each slice (e.g. with mygrad.sum) "
            f"and join the results with mygrad.stack, or use numpy.{self.__name__}.reduceat on the data"
        )

    def _numpy_method(self, method: str, inputs: tuple, kwargs: dict) -> Any:
        """``np.<ufunc>.<method>(*inputs, **kwargs)`` on tensors (see :mod:`mygrad.ops.numpy_protocol`).

        Runs the differentiable method where there is one for these
        arguments; returns ``NotImplemented`` to let NumPy run on the data.
        """
        allowed = _NUMPY_METHOD_KEYWORDS.get(method, ())
        given = {k: v for k, v in kwargs.items() if not (v is None and k in ("out", "dtype"))}
        if set(given) - set(allowed):
            return NotImplemented
        if method in ("reduce", "accumulate") and (self.numpy_ufunc, method) in _SEQUENTIAL and len(inputs) == 1:
            return getattr(self, method)(inputs[0], **given)
        if method == "outer" and self.nin == 2 and self.signature is None and len(inputs) == 2:
            return self.outer(*inputs, **given)
        return NotImplemented


# (NumPy ufunc, "reduce" | "accumulate") -> the mygrad reduction computing it; filled by
# mygrad.ops.reductions with register_sequential (np.add.reduce is mygrad.sum, ...)
_SEQUENTIAL: dict = {}


def register_sequential(numpy_ufunc: np.ufunc, method: str) -> Callable[[Callable], Callable]:
    """Declare ``func`` as the differentiable ``numpy_ufunc.<method>`` (``method``: "reduce" or "accumulate").

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.ops import ufunc
    >>> ufunc._SEQUENTIAL[(np.add, "reduce")] is mg.sum
    True
    """
    def register(func: Callable) -> Callable:
        _SEQUENTIAL[(numpy_ufunc, method)] = func
        return func

    return register


_NUMPY_METHOD_KEYWORDS = {
    "reduce": ("axis", "keepdims", "out", "dtype"),
    "accumulate": ("axis", "out", "dtype"),
    "outer": ("out", "where", "dtype"),
}

_KEYWORDS_DOC = """

    As a NumPy ufunc, it also takes ``out`` (positionally too), ``where`` and
    ``dtype`` (see :mod:`mygrad.ops.ufunc_keywords`), and has the ufunc attributes
    and methods described in :class:`mygrad.ufunc`.
"""


class MyGradUnaryUfunc(ufunc):
    """A mygrad ufunc of one input (``mg.exp``, ``mg.negative``, ...)."""

    # (the input is named x, as in MyGrad: mg.exp(x=t) works there)
    def __call__(self, x: Any, out: _Out = None, *, where: Any = True, dtype: Any = None,
                 constant: Optional[bool] = None, **kwargs: Any) -> Tensor:
        if out is None and where is True and dtype is None:
            if kwargs:
                return self._forward(x, constant=constant, **kwargs)
            return self._forward(x, constant=constant)  # (the common call: no dict to unpack)
        return self._keywords_call((x,), out, where, dtype, constant, kwargs)


class MyGradBinaryUfunc(ufunc):
    """A mygrad ufunc of two inputs (``mg.add``, ``mg.power``, ...)."""

    def __call__(self, x1: Any, x2: Any, out: _Out = None, *, where: Any = True, dtype: Any = None,
                 constant: Optional[bool] = None, **kwargs: Any) -> Tensor:
        if out is None and where is True and dtype is None:
            if kwargs:
                return self._forward(x1, x2, constant=constant, **kwargs)
            return self._forward(x1, x2, constant=constant)
        return self._keywords_call((x1, x2), out, where, dtype, constant, kwargs)


_UFUNC_TYPES = {1: MyGradUnaryUfunc, 2: MyGradBinaryUfunc}


@functools.lru_cache(maxsize=None)
def _public_signature(ufunc_type: type) -> inspect.Signature:
    """``ufunc_type.__call__``'s signature without ``self``: what ``inspect.signature(mg.add)`` shows (one per type)."""
    call = inspect.signature(ufunc_type.__call__, eval_str=True)
    return call.replace(parameters=list(call.parameters.values())[1:])
_NOT_REAL_TYPECODES = set("FDGOMm")  # complex, object, datetime and timedelta loops


def as_ufunc(numpy_ufunc: np.ufunc, *, name: Optional[str] = None,
             numpy_override: bool = True) -> Callable[[Callable[..., Tensor]], ufunc]:
    """Declare a mygrad op's public function as the ufunc mirroring ``numpy_ufunc``.

    The decorated function computes the op (``forward(*inputs, constant=None)``)
    and documents it; the result is a :class:`ufunc` object with NumPy's
    keywords, attributes and methods, registered so that ``numpy_ufunc`` on a
    tensor runs it.

    Parameters
    ----------
    numpy_ufunc : numpy.ufunc
        The NumPy ufunc this op mirrors (``np.add`` for ``mygrad.add``).
    name : Optional[str]
        The public name, if not the decorated function's.
    numpy_override : bool, default True
        Make ``numpy_ufunc`` on a tensor run this op.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> @as_ufunc(np.negative, numpy_override=False)
    ... def flip(x, *, constant=None):
    ...     '''Elementwise -x.'''
    ...     return mg.multiply(x, -1.0, constant=constant)
    >>> flip.nin, flip(mg.tensor([1.0, -2.0]))
    (1, Tensor([-1.,  2.]))
    """
    if not isinstance(numpy_ufunc, np.ufunc) or numpy_ufunc.nin not in _UFUNC_TYPES:
        raise TypeError(f"as_ufunc needs a NumPy ufunc of one or two inputs; got {numpy_ufunc!r}")

    def declare(forward: Callable[..., Tensor]) -> ufunc:
        doc = (forward.__doc__ or "").rstrip() + _KEYWORDS_DOC
        public = _UFUNC_TYPES[numpy_ufunc.nin](numpy_ufunc, forward, doc=doc, name=name)
        if numpy_override:
            implements_numpy_override(numpy_ufunc)(public)
        return public

    return declare


def ufunc_creator(mygrad_op: type, *, register: bool = False) -> Callable[[Any], ufunc]:
    """MyGrad's way to make a ufunc object from an op class with a ``numpy_ufunc`` attribute.

    Decorate a class or function whose name and docstring the ufunc takes;
    calling the ufunc runs ``mygrad_op``.

    Parameters
    ----------
    mygrad_op : Type[Ufunc]
        An op class (usually a :class:`UnaryUfunc` or :class:`BinaryUfunc`
        subclass) with a ``numpy_ufunc`` class attribute.
    register : bool, default False
        Also make ``numpy_ufunc`` on a tensor run this op (NumPy override).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.ops.ufunc import ufunc_creator, UnaryUfunc
    >>> class Cube(UnaryUfunc):
    ...     numpy_ufunc = np.cbrt   # only its attributes are used here
    ...     def __call__(self, x):
    ...         self.variables = (x,)
    ...         return x.data ** 3
    ...     def backward_var(self, grad, index, **kwargs):
    ...         return grad * 3 * self.variables[0].data ** 2
    >>> @ufunc_creator(Cube)
    ... class cube:
    ...     '''Elementwise x ** 3.'''
    >>> x = mg.tensor(2.0)
    >>> cube(x).backward()
    >>> x.grad
    array(12.)
    """
    numpy_ufunc = getattr(mygrad_op, "numpy_ufunc", None)
    if not isinstance(numpy_ufunc, np.ufunc):
        raise TypeError(f"{getattr(mygrad_op, '__name__', mygrad_op)!r} has no `numpy_ufunc` attribute naming a NumPy ufunc")

    def create(declaration: Any) -> ufunc:
        def forward(*inputs: Any, constant: Optional[bool] = None) -> Tensor:
            return execute_op(mygrad_op, *inputs, constant=constant)

        forward.__name__ = declaration.__name__
        public = _UFUNC_TYPES[numpy_ufunc.nin](numpy_ufunc, forward, doc=declaration.__doc__)
        if register:
            implements_numpy_override(numpy_ufunc)(public)
        return public

    return create


# ---------------------------------------------------------------- op base classes (MyGrad's contract)
class Ufunc(Operation):
    """Base class of ops that mirror a NumPy ufunc: ``numpy_ufunc`` computes the forward pass.

    A subclass names ``numpy_ufunc`` and defines ``backward_var``; the
    forward pass needs no code. A derivative written in terms of the
    result (``d exp(x)/dx = exp(x)``) sets ``keeps_result = True`` and reads
    it as ``self.out``.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.ops.ufunc import UnaryUfunc
    >>> class Sin(UnaryUfunc):
    ...     numpy_ufunc = np.sin
    ...     def backward_var(self, grad, index, **kwargs):
    ...         return grad * np.cos(self.variables[0].data)   # d(sin x)/dx = cos x
    >>> x = mg.tensor(0.0)
    >>> mg.execute_op(Sin, x).backward()
    >>> x.grad
    array(1.)
    """

    numpy_ufunc: np.ufunc
    fresh_result = True  # a ufunc's result is a new array
    keeps_result = False  # True: the forward pass keeps its result as ``self.out`` for backward_var

    def __call__(self, *inputs: Tensor) -> np.ndarray:
        self.variables = inputs
        out = self.numpy_ufunc(*(x.data for x in inputs))
        if self.keeps_result:
            self.out = out
        return out


class UnaryUfunc(Ufunc):
    """Base class of ops mirroring a one-input NumPy ufunc (see :class:`Ufunc`)."""

    fresh_result = True

    def __call__(self, x: Tensor) -> np.ndarray:
        self.variables = (x,)
        out = self.numpy_ufunc(x.data)
        if self.keeps_result:
            self.out = out
        return out


class BinaryUfunc(Ufunc):
    """Base class of ops mirroring a two-input NumPy ufunc (see :class:`Ufunc`)."""

    fresh_result = True

    def __call__(self, x1: Tensor, x2: Tensor) -> np.ndarray:
        self.variables = (x1, x2)
        out = self.numpy_ufunc(x1.data, x2.data)
        if self.keeps_result:
            self.out = out
        return out


class Sequential(Operation):
    """Base class of reductions along axes (sum, mean, max, ...): ``numpy_func`` computes the forward pass.

    The forward pass binds the input and records ``self.axis`` and
    ``self.keepdims`` for ``backward_var`` to use.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.ops.ufunc import Sequential
    >>> class Total(Sequential):
    ...     numpy_func = staticmethod(np.sum)
    ...     def backward_var(self, grad, index, **kwargs):
    ...         x = self.variables[0].data
    ...         if not self.keepdims and self.axis is not None:
    ...             grad = np.expand_dims(grad, self.axis)
    ...         return np.broadcast_to(grad, x.shape)          # d(sum x)/dx_i = 1
    >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> mg.execute_op(Total, x, op_kwargs={"axis": 0}).backward()
    >>> x.grad
    array([[1., 1.],
           [1., 1.]])
    """

    numpy_func: Callable[..., np.ndarray]

    def __call__(self, a: Tensor, axis: Any = None, keepdims: bool = False, **kwargs: Any) -> np.ndarray:
        self.variables = (a,)
        self.axis = axis
        self.keepdims = keepdims
        return np.asarray(type(self).numpy_func(a.data, axis=axis, keepdims=keepdims, **kwargs))
