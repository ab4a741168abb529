"""``Tensor``: a NumPy array that remembers how it was computed.

A tensor holds its data (``.data``, an ndarray), the operation that created
it (``.creator``), whether gradients flow to it (``.constant``) and, after
``backward()``, its gradient (``.grad``). The class is deliberately thin:
every operator and method delegates to a function in :mod:`mygrad.ops`,
where the maths lives.

Gradient lifetime (MyGrad 2 semantics)
--------------------------------------
* ``backward()`` fills ``.grad`` of every non-constant tensor upstream and
  then clears the graph behind it (each tensor's ``creator`` becomes None).
* A tensor's ``.grad`` is cleared automatically when the tensor takes part
  in a new operation, so a training loop never zeroes gradients by hand.
"""

from __future__ import annotations

import copy as _copy
import warnings
import weakref
from typing import Any, Iterator, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad import _mode, backprop
from mygrad import numpy_protocol as _numpy_protocol
from mygrad.numpy_protocol import implements_numpy_override

__all__ = ["Tensor", "tensor", "astensor", "asarray"]

_Shape = Union[int, Tuple[int, ...]]


class Tensor:
    """An N-dimensional array that records the operations applied to it.

    Parameters
    ----------
    x : ArrayLike
        The data: a number, a (nested) sequence, an ndarray or a Tensor.
    dtype : Optional[DTypeLike]
        The data type; by default inferred as NumPy would. It must be a
        float, integer or boolean dtype (as in MyGrad, any dtype is accepted
        under ``no_autodiff``).
    constant : Optional[bool]
        If True, no gradient is computed for this tensor. Integer and
        boolean tensors are always constant; by default a floating-point
        tensor is not.
    copy : bool, default True
        Copy the data. With ``copy=False`` the tensor shares memory with an
        input ndarray where NumPy can.
    ndmin : int, default 0
        Minimum number of dimensions, as in ``np.array``.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.Tensor([1.0, 2.0, 3.0])
    >>> f = (x ** 2).sum()          # f = x0^2 + x1^2 + x2^2
    >>> f.backward()
    >>> x.grad                      # df/dx = 2x
    array([2., 4., 6.])
    """

    __slots__ = ("data", "_grad", "_constant", "_creator", "_base", "_view_chain", "_views", "_ops", "_holds", "_locked",
                 "_grad_source", "_cleared", "__weakref__", "__dict__")  # __dict__: users may set attributes, as in MyGrad
    __array_priority__ = 15.0

    def __init__(
        self,
        x: Any,
        *,
        dtype: Any = None,
        constant: Optional[bool] = None,
        copy: bool = True,
        ndmin: int = 0,
    ) -> None:
        if constant is not None and not isinstance(constant, bool):
            raise TypeError(f"`constant` must be True, False or None; got {constant!r}")
        if isinstance(x, Tensor):
            x = x.data
        data = np.array(x, dtype=dtype, copy=True if copy else None, ndmin=ndmin)
        is_float = data.dtype.kind == "f"
        if not is_float and not _mode.no_autodiff_active:  # as MyGrad: anything goes under no_autodiff
            _check_constant_only_dtype(data.dtype, x, constant)
        if constant is None:
            constant = not is_float
        self.data = data
        self._grad: Optional[np.ndarray] = None
        self._constant = bool(constant)
        self._creator = None
        self._base: Optional[Tensor] = None
        self._view_chain: Optional[tuple] = None  # the view ops leading from _base to this tensor
        self._views: Optional[list] = None  # weakrefs to the views of this (base) tensor
        self._ops: Optional[list] = None  # weakrefs to the ops that read this tensor
        self._holds = 0  # live ops keeping this tensor's array read-only (mygrad.memory_guard)
        self._grad_source: Optional[np.ndarray] = None  # (a view) the base gradient its graph ended with
        self._cleared = False  # cleared by backward()/clear_graph() and not used by an op since

    @classmethod
    def _wrap(cls, data: np.ndarray, creator: Any, constant: bool) -> "Tensor":
        """Fast internal constructor: no validation, no copy."""
        out = object.__new__(cls)
        out.data = data
        out._grad = None
        out._constant = constant
        out._creator = creator
        out._base = None
        out._view_chain = None
        out._views = None
        out._ops = None
        out._holds = 0
        out._grad_source = None
        out._cleared = False
        return out

    @classmethod
    def _op(cls, Op: type, *input_vars: Any, op_args: Optional[Sequence] = None, op_kwargs: Optional[dict] = None,
            constant: Optional[bool] = None, out: Any = None) -> "Tensor":
        """MyGrad's spelling of :func:`mygrad.execute_op` (as MyGrad's guide to custom ops uses it).

        ``out`` (a tensor or an array) receives the result, as the ufunc
        keyword does.

        Examples
        --------
        >>> import mygrad as mg
        >>> from mygrad.ops.arithmetic import Multiply
        >>> mg.Tensor._op(Multiply, mg.tensor(2.0), 3.0)
        Tensor(6.)
        """
        result = execute_op(Op, *input_vars, op_args=tuple(op_args or ()), op_kwargs=op_kwargs, constant=constant)
        return result if out is None else _ufunc_keywords.write_out(result, out)

    def _set_base_from(self, parent: "Tensor", op_type: type, op_args: tuple, op_kwargs: Optional[dict]) -> bool:
        """If this tensor's data views ``parent``'s memory, record the base and the view op; say whether it does."""
        root = parent._base if parent._base is not None else parent
        owner = root.data if root.data.base is None else root.data.base  # NumPy views point at the owner
        if self.data.base is None or self.data.base is not owner:
            return False
        self._base = root
        self._view_chain = (parent._view_chain or ()) + ((op_type, op_args, op_kwargs or {}),)
        views = root._views
        if views is None:
            root._views = [weakref.ref(self)]
            return True
        views.append(weakref.ref(self))
        n = len(views)
        if n >= 32 and not n & (n - 1):  # at powers of two, forget views that have died
            views[:] = [ref for ref in views if ref() is not None]
        return True

    # ------------------------------------------------------------------ graph
    @property
    def grad(self) -> Optional[np.ndarray]:
        """``dL/d(self)`` after ``L.backward()``, else None. Same shape as the tensor.

        The gradient of a view is the matching view of its base's gradient,
        as long as the view is connected to its base: while its graph is
        alive, or, once that graph is cleared, while the base still holds the
        gradient that graph ended with. (A view that takes part in an op after
        its graph was cleared is disconnected: ``base`` becomes None and its
        gradient is its own from then on, as in MyGrad.)

        Examples
        --------
        >>> import mygrad as mg
        >>> x = mg.tensor([1.0, 2.0, 3.0])
        >>> v = x[:2]
        >>> (v ** 2).backward()
        >>> x.grad, v.grad              # v.grad is a view of x.grad
        (array([2., 4., 0.]), array([2., 4.]))
        >>> (v ** 3).backward()         # v is disconnected from x as it enters a new graph
        >>> v.base is None, v.grad, x.grad
        (True, array([ 3., 12.]), array([2., 4., 0.]))
        """
        base = self._base
        if base is None:
            grad = self._grad
            if grad is not None and not grad.flags.writeable:  # e.g. a broadcast view from sum's backward:
                grad = self._grad = grad.copy()  # hand out an array of its own, as MyGrad does
            return grad
        base_grad = base._grad
        if base_grad is None or (self._creator is None and self._grad_source is not base_grad):
            return None
        return _inplace.view_of_base_array(self, base_grad)

    @grad.setter
    def grad(self, value: Optional[np.ndarray]) -> None:
        if value is None:
            self._grad = None
            return
        value = np.asarray(value)
        if value.shape != self.data.shape:
            raise ValueError(f"Cannot set a gradient of shape {value.shape} on a tensor of shape {self.data.shape}")
        self._grad = value

    @property
    def constant(self) -> bool:
        """True if no gradient is computed for this tensor."""
        return self._constant

    @property
    def creator(self) -> Any:
        """The :class:`~mygrad.Operation` that produced this tensor, or None."""
        return self._creator

    @property
    def base(self) -> Optional["Tensor"]:
        """The tensor whose memory this one views, or None (as ``ndarray.base``).

        A view made inside a graph reports its base until it takes part in an
        op after its graph was cleared; from then on it is a tensor in its own
        right and ``base`` is None (MyGrad's rule). Views made under
        ``no_autodiff`` have no base.

        Examples
        --------
        >>> import mygrad as mg
        >>> x = mg.tensor([1.0, 2.0, 3.0])
        >>> v = x[1:]
        >>> v.base is x
        True
        >>> (v * 2).backward()          # v's graph is cleared ...
        >>> v.base is x
        True
        >>> _ = v * 2                   # ... and v is disconnected when it is used again
        >>> v.base is None
        True
        """
        return self._base

    def backward(self, grad: Any = None) -> None:
        """Compute ``dL/dx`` for every non-constant tensor ``x`` upstream.

        Parameters
        ----------
        grad : Optional[ArrayLike]
            ``dL/d(self)``, the derivative of some downstream quantity ``L``
            with respect to this tensor; its shape must broadcast to this
            tensor's (a scalar, or ``[1, 2]`` for a ``(3, 2)`` tensor). By
            default ``L`` is the sum of this tensor's elements (ones), so
            ``f.backward()`` for a non-scalar ``f`` behaves like
            ``f.sum().backward()``.

        Raises
        ------
        ValueError, TypeError
            If ``grad`` is not numeric or does not broadcast to this
            tensor's shape (MyGrad 2.5's exception types).
        mygrad.errors.InvalidBackprop
            If part of the graph was cleared by an earlier ``backward()`` or
            ``clear_graph()`` after this graph had used it.

        Notes
        -----
        Afterwards the graph is cleared: every tensor involved keeps its
        ``.grad`` but has ``creator is None``. Under ``no_autodiff`` this
        does nothing. On a constant tensor it only clears the graph.

        Examples
        --------
        >>> import mygrad as mg
        >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> (x ** 2).backward([1.0, 10.0])     # dL/d(x**2), broadcast to x's shape
        >>> x.grad
        array([[ 2., 40.],
               [ 6., 80.]])
        """
        if _mode.no_autodiff_active:
            return
        if self._constant:
            backprop.clear_graph(self)
            return
        if grad is None:
            grad_arr, private = np.ones(self.data.shape, dtype=self.data.dtype), True
        else:
            grad_arr, private = self._as_gradient(grad), False
        backprop.backward(self, grad_arr, grad_is_private=private)

    def _as_gradient(self, grad: Any) -> np.ndarray:
        """``grad`` as an array of this tensor's shape and dtype (ValueError/TypeError, as MyGrad, if it cannot be)."""
        dtype, shape = self.data.dtype, self.data.shape
        try:
            grad_arr = np.asarray(grad.data if isinstance(grad, Tensor) else grad, dtype=dtype)
        except TypeError as e:
            raise TypeError(f"backward() needs a numeric gradient; got {type(grad).__name__}: {e}") from None
        except ValueError as e:
            raise ValueError(f"backward() needs a numeric gradient; got {grad!r}: {e}") from None
        if grad_arr.shape == shape:
            return grad_arr
        try:
            return np.broadcast_to(grad_arr, shape).copy()
        except ValueError:
            raise ValueError(
                f"backward() got a gradient of shape {grad_arr.shape}, which does not broadcast to the "
                f"tensor's shape {shape}"
            ) from None

    def null_grad(self, *, _clear_view_info: bool = False) -> "Tensor":
        """Set ``.grad`` to None and return the tensor.

        ``_clear_view_info=True`` (internal, as in MyGrad) also forgets the
        ``base`` of a view whose graph has been cleared.
        """
        self._grad = self._grad_source = None
        if _clear_view_info and self._base is not None and self._creator is None:
            self._base = self._view_chain = None
        return self

    def null_gradients(self, clear_graph: bool = True) -> None:
        """Deprecated MyGrad 1 spelling: clear ``.grad`` (and the graph)."""
        warnings.warn(
            "Tensor.null_gradients() is deprecated: gradients are cleared automatically when a tensor "
            "takes part in a new operation (use null_grad() or clear_graph() explicitly)",
            FutureWarning,
            stacklevel=2,
        )
        self._grad = None
        if clear_graph:
            self.clear_graph()

    def clear_graph(self) -> None:
        """Detach every tensor upstream of this one from its creator."""
        backprop.clear_graph(self)

    # ---------------------------------------------------------- array basics
    @property
    def shape(self) -> Tuple[int, ...]:
        """The shape of the data."""
        return self.data.shape

    @shape.setter
    def shape(self, new_shape: _Shape) -> None:
        _inplace.set_shape(self, new_shape)

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self.data.ndim

    @property
    def size(self) -> int:
        """Number of elements."""
        return self.data.size

    @property
    def dtype(self) -> np.dtype:
        """The data's dtype."""
        return self.data.dtype

    @property
    def itemsize(self) -> int:
        """Bytes per element."""
        return self.data.itemsize

    @property
    def nbytes(self) -> int:
        """Total bytes of the data."""
        return self.data.nbytes

    @property
    def T(self) -> "Tensor":
        """The transpose (axes reversed), as ``ndarray.T``."""
        return _shape.transpose(self)

    def item(self) -> Union[int, float, bool]:
        """The tensor's single element as a Python scalar (not differentiable).

        Examples
        --------
        >>> import mygrad as mg
        >>> mg.tensor([[2.5]]).item()
        2.5
        """
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with exactly one element; this one has shape {self.data.shape}")
        return self.data.item()

    def astype(
        self, dtype: Any, casting: str = "unsafe", copy: bool = True, *, constant: Optional[bool] = None
    ) -> "Tensor":
        """The tensor's data cast to ``dtype``, as a new tensor outside any graph.

        As in MyGrad, the result is a leaf: no gradient flows back through the
        cast (use :func:`mygrad.astype` for a differentiable cast).

        Parameters
        ----------
        dtype : DTypeLike
            The float, integer or boolean dtype to cast to.
        casting : {"no", "equiv", "safe", "same_kind", "unsafe"}, default "unsafe"
            Which casts NumPy may do (as ``ndarray.astype``).
        copy : bool, default True
            If False and the data already has ``dtype`` (and ``constant`` is
            None or matches), the tensor itself is returned.
        constant : Optional[bool]
            If given, whether the result is a constant; by default a float
            result is not a constant and an integer/bool result is.

        Returns
        -------
        Tensor

        Examples
        --------
        >>> import mygrad as mg
        >>> x = mg.tensor([1.5, 2.5])
        >>> x.astype("float32")
        Tensor([1.5, 2.5], dtype=float32)
        >>> x.astype(int)
        Tensor([1, 2])
        >>> x.astype(float, copy=False) is x
        True
        """
        data = self.data.astype(dtype, casting=casting, copy=copy)
        if data is self.data and (constant is None or constant is self._constant):
            return self
        return Tensor(data, constant=constant, copy=False)

    def copy(self, *, constant: Optional[bool] = None) -> "Tensor":
        """A copy of the data and the gradient, outside any graph (``creator`` None).

        Parameters
        ----------
        constant : Optional[bool]
            Whether the copy is a constant; by default as this tensor.

        Examples
        --------
        >>> import mygrad as mg
        >>> x = mg.tensor([1.0, 2.0])
        >>> (3 * x).backward()
        >>> y = x.copy()
        >>> y.grad, y.creator is None
        (array([3., 3.]), True)
        """
        out = Tensor(self.data, constant=self._constant if constant is None else constant, copy=True)
        if self._grad is not None:
            out._grad = self._grad.copy()
        return out

    def __copy__(self) -> "Tensor":
        # as MyGrad: copy.copy gives new data and grad (here through __reduce__, so subclasses keep their class)
        return _copy.deepcopy(self)

    def tolist(self) -> Any:
        """The data as nested Python lists.

        Examples
        --------
        >>> import mygrad as mg
        >>> mg.tensor([[1, 2]]).tolist()
        [[1, 2]]
        """
        return self.data.tolist()

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.data)

    def __iter__(self) -> Iterator["Tensor"]:
        if self.data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self.data)))

    def __contains__(self, item: Any) -> bool:
        return (item.data if isinstance(item, Tensor) else item) in self.data

    def __bool__(self) -> bool:
        return bool(self.data)

    def _scalar(self) -> Union[int, float, bool]:
        """The single element, for ``float(t)``, ``int(t)`` and ``complex(t)``."""
        if self.data.size > 1:
            raise TypeError(f"only a tensor with one element converts to a Python scalar; this one has shape {self.shape}")
        return self.data.item()

    def __float__(self) -> float:
        return float(self._scalar())

    def __int__(self) -> int:
        return int(self._scalar())

    def __complex__(self) -> complex:
        return complex(self._scalar())

    def __index__(self) -> int:
        return self.data.__index__()

    def __array__(self, dtype: Any = None, copy: Optional[bool] = None) -> np.ndarray:
        if dtype is None and not copy:
            return self.data
        return np.asarray(self.data, dtype=dtype, copy=copy)  # copy=False with a new dtype raises, as NumPy

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return _numpy_protocol.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Any, types: Any, args: tuple, kwargs: dict) -> Any:
        return _numpy_protocol.array_function(func, args, kwargs)

    def __repr__(self) -> str:
        return repr(self.data).replace("array", "Tensor", 1).replace("\n", "\n ")

    __str__ = __repr__  # print(t) shows that t is a Tensor, not an array

    __hash__ = object.__hash__

    def __reduce__(self) -> Any:
        return (_rebuild_tensor, (self.data, self._constant, self._grad))

    # ------------------------------------------------------------- operators
    # (the common ones run their op directly: operators take no out=/where=/dtype= keywords)
    def __add__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Add, self, other)

    def __radd__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Add, other, self)

    def __sub__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Subtract, self, other)

    def __rsub__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Subtract, other, self)

    def __mul__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Multiply, self, other)

    def __rmul__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Multiply, other, self)

    def __truediv__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Divide, self, other)

    def __rtruediv__(self, other: Any) -> "Tensor":
        return execute_op(_arithmetic.Divide, other, self)

    def __floordiv__(self, other: Any) -> "Tensor":
        return _rounding.floor_divide(self, other)  # constants only, giving an array (as MyGrad)

    def __rfloordiv__(self, other: Any) -> "Tensor":
        return _rounding.floor_divide(other, self)

    def __mod__(self, other: Any) -> "Tensor":
        return _rounding.remainder(self, other)

    def __rmod__(self, other: Any) -> "Tensor":
        return _rounding.remainder(other, self)

    def __pow__(self, other: Any) -> "Tensor":
        return _arithmetic.power(self, other)

    def __rpow__(self, other: Any) -> "Tensor":
        return _arithmetic.power(other, self)

    def __matmul__(self, other: Any) -> "Tensor":
        return _linalg.matmul(self, other)

    def __rmatmul__(self, other: Any) -> "Tensor":
        return _linalg.matmul(other, self)

    def __neg__(self) -> "Tensor":
        return execute_op(_arithmetic.Negative, self)

    def __pos__(self) -> "Tensor":
        return _arithmetic.positive(self)

    def __abs__(self) -> "Tensor":
        return _arithmetic.absolute(self)

    def __getitem__(self, index: Any) -> "Tensor":
        return _indexing.getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        _inplace.setitem(self, index, value)

    # Augmented assignment mutates the tensor (and its views) as NumPy does.
    def __iadd__(self, other: Any) -> "Tensor":
        return _inplace.inplace_op(np.add, _arithmetic.add, self, other)

    def __isub__(self, other: Any) -> "Tensor":
        return _inplace.inplace_op(np.subtract, _arithmetic.subtract, self, other)

    def __imul__(self, other: Any) -> "Tensor":
        return _inplace.inplace_op(np.multiply, _arithmetic.multiply, self, other)

    def __itruediv__(self, other: Any) -> "Tensor":
        return _inplace.inplace_op(np.divide, _arithmetic.divide, self, other)

    # (no //= or %=: `t //= 2` rebinds t to the array `t // 2`, as in MyGrad)

    def __ipow__(self, other: Any) -> "Tensor":
        return _inplace.inplace_op(np.power, _arithmetic.power, self, other)

    # Comparisons are not differentiable: like NumPy they give boolean arrays.
    def __eq__(self, other: Any) -> np.ndarray:  # type: ignore[override]
        return self.data == _numpy_protocol.data_of(other)

    def __ne__(self, other: Any) -> np.ndarray:  # type: ignore[override]
        return self.data != _numpy_protocol.data_of(other)

    def __lt__(self, other: Any) -> np.ndarray:
        return self.data < _numpy_protocol.data_of(other)

    def __le__(self, other: Any) -> np.ndarray:
        return self.data <= _numpy_protocol.data_of(other)

    def __gt__(self, other: Any) -> np.ndarray:
        return self.data > _numpy_protocol.data_of(other)

    def __ge__(self, other: Any) -> np.ndarray:
        return self.data >= _numpy_protocol.data_of(other)

    # ---------------------------------------------------------- ndarray-like methods
    def sum(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Sum of elements over ``axis``; see :func:`mygrad.sum`."""
        return _reductions.sum(self, axis=axis, keepdims=keepdims, constant=constant)

    def mean(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Mean over ``axis``; see :func:`mygrad.mean`."""
        return _reductions.mean(self, axis=axis, keepdims=keepdims, constant=constant)

    def var(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Variance over ``axis``; see :func:`mygrad.var`."""
        return _reductions.var(self, axis=axis, ddof=ddof, keepdims=keepdims, constant=constant)

    def std(self, axis: Any = None, ddof: int = 0, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Standard deviation over ``axis``; see :func:`mygrad.std`."""
        return _reductions.std(self, axis=axis, ddof=ddof, keepdims=keepdims, constant=constant)

    def max(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Maximum over ``axis``; see :func:`mygrad.max`."""
        return _reductions.max(self, axis=axis, keepdims=keepdims, constant=constant)

    def min(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Minimum over ``axis``; see :func:`mygrad.min`."""
        return _reductions.min(self, axis=axis, keepdims=keepdims, constant=constant)

    def prod(self, axis: Any = None, keepdims: bool = False, *, constant: Optional[bool] = None) -> "Tensor":
        """Product over ``axis``; see :func:`mygrad.prod`."""
        return _reductions.prod(self, axis=axis, keepdims=keepdims, constant=constant)

    def reshape(self, *newshape: Any, constant: Optional[bool] = None) -> "Tensor":
        """Same data, new shape (``t.reshape(2, 3)`` or ``t.reshape((2, 3))``)."""
        if not newshape:
            raise TypeError("reshape() needs the new shape: t.reshape(2, 3) or t.reshape((2, 3))")
        if len(newshape) == 1:
            newshape = newshape[0]
        return _shape.reshape(self, newshape, constant=constant)

    def transpose(self, *axes: Any, constant: Optional[bool] = None) -> "Tensor":
        """Permute the axes (reversed by default), as ``ndarray.transpose``."""
        if not axes:
            axes = None
        elif len(axes) == 1 and (axes[0] is None or not isinstance(axes[0], (int, np.integer))):
            axes = axes[0]
        return _shape.transpose(self, axes, constant=constant)

    def moveaxis(self, source: Any, destination: Any, *, constant: Optional[bool] = None) -> "Tensor":
        """Move axes to new positions; see :func:`mygrad.moveaxis`."""
        return _shape.moveaxis(self, source, destination, constant=constant)

    def swapaxes(self, axis1: int, axis2: int, *, constant: Optional[bool] = None) -> "Tensor":
        """Interchange two axes; see :func:`mygrad.swapaxes`."""
        return _shape.swapaxes(self, axis1, axis2, constant=constant)

    def squeeze(self, axis: Any = None, *, constant: Optional[bool] = None) -> "Tensor":
        """Remove size-1 axes; see :func:`mygrad.squeeze`."""
        return _shape.squeeze(self, axis, constant=constant)

    def flatten(self, *, constant: Optional[bool] = None) -> "Tensor":
        """A flattened copy; see :func:`mygrad.flatten`."""
        return _shape.flatten(self, constant=constant)

    def ravel(self, *, constant: Optional[bool] = None) -> "Tensor":
        """A flattened view where possible; see :func:`mygrad.ravel`."""
        return _shape.ravel(self, constant=constant)

    def clip(self, a_min: Any = None, a_max: Any = None, *, constant: Optional[bool] = None) -> "Tensor":
        """Limit values to ``[a_min, a_max]``; see :func:`mygrad.clip`."""
        return _arithmetic.clip(self, a_min, a_max, constant=constant)

    def matmul(self, other: Any, *, constant: Optional[bool] = None) -> "Tensor":
        """Matrix product; see :func:`mygrad.matmul`."""
        return _linalg.matmul(self, other, constant=constant)

    def argmax(self, axis: Optional[int] = None, out: Any = None) -> np.ndarray:
        """Indices of the maxima (not differentiable: returns an ndarray)."""
        return np.argmax(self.data, axis, out)

    def argmin(self, axis: Optional[int] = None, out: Any = None) -> np.ndarray:
        """Indices of the minima (not differentiable: returns an ndarray)."""
        return np.argmin(self.data, axis, out)

    def any(self, axis: Any = None, out: Optional[np.ndarray] = None, keepdims: bool = False) -> np.ndarray:
        """True where any element is true (returns an ndarray, as ``numpy.any``)."""
        return np.any(self.data, axis=axis, out=out, keepdims=keepdims)

    def all(self, axis: Any = None, out: Optional[np.ndarray] = None, keepdims: bool = False) -> np.ndarray:
        """True where all elements are true (returns an ndarray, as ``numpy.all``)."""
        return np.all(self.data, axis=axis, out=out, keepdims=keepdims)

    def cumsum(self, axis: Optional[int] = None, *, constant: Optional[bool] = None) -> "Tensor":
        """Cumulative sum along ``axis``; see :func:`mygrad.cumsum`."""
        return _reductions.cumsum(self, axis=axis, constant=constant)

    def cumprod(self, axis: Optional[int] = None, *, constant: Optional[bool] = None) -> "Tensor":
        """Cumulative product along ``axis``; see :func:`mygrad.cumprod`."""
        return _reductions.cumprod(self, axis=axis, constant=constant)


def _check_constant_only_dtype(dtype: np.dtype, x: Any, constant: Optional[bool]) -> None:
    """Refuse data that cannot be a tensor, and non-constant integer/bool tensors."""
    if dtype.kind not in "biu":
        source = f"{type(x).__name__} that converts to " if dtype == object else ""
        raise TypeError(f"Tensor data must have a float, integer or boolean dtype; got {source}{dtype}")
    if constant is False:
        raise ValueError(f"A tensor of dtype {dtype} must be constant: only float tensors have gradients")


def _rebuild_tensor(data: np.ndarray, constant: bool, grad: Optional[np.ndarray] = None) -> Tensor:
    """Unpickle a tensor: its data, constant flag and gradient (never its graph)."""
    out = Tensor(data, constant=constant, copy=False)
    out._grad = grad
    return out


def tensor(
    arr_like: Any, dtype: Any = None, *, constant: Optional[bool] = None, copy: bool = True, ndmin: int = 0
) -> Tensor:
    """Create a tensor from array-like data (a copy by default).

    Parameters
    ----------
    arr_like : ArrayLike
        A number, a (nested) sequence, an ndarray or a tensor.
    dtype : Optional[DTypeLike]
        A float, integer or boolean dtype; by default inferred as NumPy would.
    constant : Optional[bool]
        If True, no gradient is computed for the tensor. By default a float
        tensor is differentiable and an integer/bool tensor is a constant.
    copy : bool, default True
        With ``copy=False`` a tensor ``arr_like`` that already has ``dtype``
        and ``constant`` is returned itself (graph and gradient included);
        an ndarray is shared rather than copied where NumPy can.
    ndmin : int, default 0
        Minimum number of dimensions; size-1 axes are prepended as needed.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.tensor([1, 2, 3])          # integers: a constant tensor
    Tensor([1, 2, 3])
    >>> mg.tensor(2.0).constant
    False
    >>> x = mg.tensor([1.0, 2.0])
    >>> mg.tensor(x, copy=False) is x      # nothing to change: x itself
    True
    """
    if isinstance(arr_like, Tensor) and copy is False and _tensor_fits(arr_like, dtype, constant):
        if not isinstance(ndmin, (int, np.integer)):
            raise TypeError(f"ndmin must be an integer; got {type(ndmin).__name__}")
        missing = ndmin - arr_like.ndim
        # as MyGrad: a view with leading size-1 axes, which stays in arr_like's graph
        return arr_like[(None,) * missing] if missing > 0 else arr_like
    return Tensor(arr_like, dtype=dtype, constant=constant, copy=copy, ndmin=ndmin)


def _tensor_fits(t: Tensor, dtype: Any, constant: Optional[bool]) -> bool:
    """True if ``t`` already has the requested dtype and constant flag."""
    return (dtype is None or np.dtype(dtype) == t.dtype) and (constant is None or constant is t.constant)


def astensor(t: Any, dtype: Any = None, *, constant: Optional[bool] = None) -> Tensor:
    """Convert to a tensor, returning ``t`` itself when nothing would change.

    Parameters
    ----------
    t : ArrayLike
        The data. A tensor with the requested ``dtype`` and ``constant`` is
        returned unchanged (its graph and gradient kept); an ndarray is shared
        rather than copied where possible.
    dtype : Optional[DTypeLike]
        The data type; by default that of ``t``.
    constant : Optional[bool]
        If True, no gradient is computed for the result. By default that of
        a tensor ``t``, else inferred from the dtype.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([1.0])
    >>> mg.astensor(x) is x
    True
    """
    if isinstance(t, Tensor) and _tensor_fits(t, dtype, constant):
        return t
    return Tensor(t, dtype=dtype, constant=constant, copy=False)


@implements_numpy_override(np.asarray)
def asarray(a: Any, dtype: Any = None, order: Any = None) -> np.ndarray:
    """The data as an ndarray: a tensor's ``.data`` (no copy), else ``np.asarray``.

    Parameters
    ----------
    a : ArrayLike
        A tensor, an ndarray or anything ``numpy.asarray`` accepts.
    dtype : Optional[DTypeLike]
        Cast to this dtype (a copy if it differs).
    order : Optional[{"C", "F", "A", "K"}]
        The memory layout, as in ``numpy.asarray``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import mygrad as mg
    >>> mg.asarray(mg.tensor([1.0, 2.0]))
    array([1., 2.])
    """
    if isinstance(a, Tensor):
        a = a.data
    return np.asarray(a, dtype=dtype, order=order)


# The op families import Tensor-free helpers from mygrad.operation; they are
# imported last so that ``Tensor`` exists when they load.
from mygrad import inplace as _inplace  # noqa: E402
from mygrad.operation import execute_op  # noqa: E402
from mygrad import ufunc_keywords as _ufunc_keywords  # noqa: E402
from mygrad.ops import arithmetic as _arithmetic  # noqa: E402
from mygrad.ops import indexing as _indexing  # noqa: E402
from mygrad.ops import linalg as _linalg  # noqa: E402
from mygrad.ops import reductions as _reductions  # noqa: E402
from mygrad.ops import rounding as _rounding  # noqa: E402
from mygrad.ops import shape as _shape  # noqa: E402
