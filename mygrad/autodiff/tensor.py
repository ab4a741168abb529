"""``Tensor``: a NumPy array that remembers how it was computed.

A tensor holds its data (``.data``, an ndarray), the operation that created
it (``.creator``), whether gradients flow to it (``.constant``) and, after
``backward()``, its gradient (``.grad``). The class is deliberately thin: it is
the autodiff state and the array protocol; its operators and ndarray-like
methods (:class:`~mygrad.autodiff.ndarray_methods.NDArrayMethods`) each
delegate to an op in :mod:`mygrad.ops`, where the maths lives.

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
from typing import Any, Iterator, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff import backprop, hooks, modes, op_table
from mygrad.autodiff.memory import views
from mygrad.autodiff.ndarray_methods import NDArrayMethods
from mygrad.autodiff.rewording import REWORDED, reword

__all__ = ["Tensor", "data_of"]

_Shape = Union[int, Tuple[int, ...]]


class Tensor(NDArrayMethods):
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

    __slots__ = ("data", "_grad", "_constant", "_creator", "_base", "_ops", "_holds", "_locked", "_cleared",
                 "__weakref__", "__dict__")  # __dict__: users may set attributes, as in MyGrad
    __array_priority__ = 15.0
    # Rarely set, so class-level defaults rather than slots: a new tensor (one per op) need not set them.
    _view_chain: Optional[tuple] = None  # the view ops leading from _base to this tensor
    _views: Optional[list] = None  # weakrefs to the views of this (base) tensor
    _grad_source: Optional[np.ndarray] = None  # (a view) the base gradient its graph ended with
    _cleared_with: Any = None  # (the snapshot of a cleared tensor) weakref to it: cleared only while that one is
    _hooks: Optional[dict] = None  # id -> hook(grad), see register_hook (mygrad.autodiff.hooks)

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
        try:
            data = np.array(x, dtype=dtype, copy=True if copy else None, ndmin=ndmin)
        except REWORDED as error:
            raise reword(error, f"Tensor: cannot make an array of {type(x).__name__} {x!r:.60} with dtype={dtype!r}, "
                                f"ndmin={ndmin!r}: {error}") from error
        is_float = data.dtype.kind == "f"
        if not is_float and not modes.no_autodiff_active:  # as MyGrad: anything goes under no_autodiff
            _check_constant_only_dtype(data.dtype, x, constant)
        if constant is None:
            constant = not is_float
        self.data = data
        self._grad: Optional[np.ndarray] = None
        self._constant = bool(constant)
        self._creator = None
        self._base: Optional[Tensor] = None
        self._ops: Optional[list] = None  # weakrefs to the ops that read this tensor
        self._holds = 0  # live ops keeping this tensor's array read-only (mygrad.autodiff.memory.guard)
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
        out._ops = None
        out._holds = 0
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
        return op_table.execute_op(Op, *input_vars, op_args=tuple(op_args or ()), op_kwargs=op_kwargs,
                                   constant=constant, out=out)

    def _view_of(self, base_array: np.ndarray) -> np.ndarray:
        """The part of ``base_array`` (shaped like this view's base) that this view shows: its view ops replayed."""
        for op_type, op_args, op_kwargs in self._view_chain or ():
            base_array = op_type()(Tensor._wrap(base_array, None, True), *op_args, **op_kwargs)
        return base_array

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
        creator = self._creator
        if base_grad is None or (creator is None and self._grad_source is not base_grad):
            return None
        if creator is not None:  # as MyGrad, through the view it was taken from: none if that view has none
            parent = creator.variables[0] if creator.variables else None
            if parent is not None and parent._base is base and parent.grad is None:
                return None
        return self._view_of(base_grad)

    @grad.setter
    def grad(self, value: Optional[np.ndarray]) -> None:
        if value is None:
            self._grad = None
            return
        try:
            value = np.asarray(value)
        except ValueError as error:  # ragged nested lists
            raise ValueError(f"Tensor.grad must be an array of shape {self.data.shape}; got {value!r:.60}: {error}") from None
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
        if modes.no_autodiff_active:
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
            raise ValueError(f"backward() got a gradient of shape {grad_arr.shape}, which does not broadcast to the "
                             f"tensor's shape {shape}") from None

    def null_grad(self, *, _clear_view_info: bool = False) -> "Tensor":
        """Set ``.grad`` to None and return the tensor.

        ``_clear_view_info=True`` (internal, as in MyGrad) also forgets the
        ``base`` of a view whose graph has been cleared.
        """
        self._grad = self._grad_source = None
        if _clear_view_info and self._base is not None and self._creator is None:
            views.disconnect(self)
        return self

    def null_gradients(self, clear_graph: bool = True) -> None:
        """Deprecated MyGrad 1 spelling: clear ``.grad`` (and the graph)."""
        warnings.warn("Tensor.null_gradients() is deprecated: gradients are cleared automatically when a tensor "
                      "takes part in a new operation (use null_grad() or clear_graph() explicitly)",
                      FutureWarning, stacklevel=2)
        self._grad = None
        if clear_graph:
            self.clear_graph()

    def clear_graph(self) -> None:
        """Detach every tensor upstream of this one from its creator."""
        backprop.clear_graph(self)

    def register_hook(self, hook: Any) -> Any:
        """Call ``hook(grad)`` when ``backward()`` has this tensor's gradient; a returned array replaces it
        (PyTorch's). Returns a handle: ``handle.remove()`` unregisters it. See :mod:`mygrad.autodiff.hooks`.

        >>> import mygrad as mg; x = mg.tensor([1.0, 2.0]); h = x.register_hook(lambda g: 2 * g)
        >>> (3 * x).sum().backward(); x.grad
        array([6., 6.])
        """
        return hooks.register_hook(self, hook)

    def retain_grad(self) -> None:
        """PyTorch's request to keep an intermediate tensor's gradient: nothing to do, every tensor keeps it.

        >>> import mygrad as mg; x = mg.tensor(3.0); y = x ** 2; y.retain_grad(); (2 * y).backward(); y.grad
        array(2.)
        """

    def detach(self) -> "Tensor":
        """A constant tensor sharing this one's data, outside any graph: PyTorch's ``detach()``.

        Gradients do not flow through it (a GAN's generated batch given to the
        discriminator, a hidden state carried across truncated BPTT windows,
        a loss kept for logging). Its array is this tensor's, not a copy.

        Examples
        --------
        >>> import mygrad as mg
        >>> x = mg.tensor([1.0, 2.0])
        >>> y = 2 * x
        >>> (y.detach() * y).sum().backward()   # only the second factor carries the gradient
        >>> x.grad
        array([4., 8.])
        """
        return Tensor._wrap(self.data, None, True)

    # ---------------------------------------------------------- array basics
    @property
    def shape(self) -> Tuple[int, ...]:
        """The shape of the data."""
        return self.data.shape

    @shape.setter
    def shape(self, new_shape: _Shape) -> None:
        op_table.set_shape(self, new_shape)

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
        return op_table.transpose(self)

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
        try:
            data = self.data.astype(dtype, casting=casting, copy=copy)
        except REWORDED as error:
            raise reword(error, f"astype: cannot cast a {self.data.dtype} tensor of shape {self.shape} with "
                                f"dtype={dtype!r}, casting={casting!r}: {error}") from error
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
        return op_table.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Any, types: Any, args: tuple, kwargs: dict) -> Any:
        return op_table.array_function(func, args, kwargs)

    def __repr__(self) -> str:
        return repr(self.data).replace("array", "Tensor", 1).replace("\n", "\n ")

    __str__ = __repr__  # print(t) shows that t is a Tensor, not an array

    __hash__ = object.__hash__

    def __reduce__(self) -> Any:
        return (_rebuild_tensor, (self.data, self._constant, self._grad))

    # Comparisons are not differentiable: like NumPy they give boolean arrays.
    def __eq__(self, other: Any) -> np.ndarray:  # type: ignore[override]
        return self.data == data_of(other)

    def __ne__(self, other: Any) -> np.ndarray:  # type: ignore[override]
        return self.data != data_of(other)

    def __lt__(self, other: Any) -> np.ndarray:
        return self.data < data_of(other)

    def __le__(self, other: Any) -> np.ndarray:
        return self.data <= data_of(other)

    def __gt__(self, other: Any) -> np.ndarray:
        return self.data > data_of(other)

    def __ge__(self, other: Any) -> np.ndarray:
        return self.data >= data_of(other)


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


def data_of(x: Any) -> Any:
    """A tensor's data; lists and tuples are unwrapped element by element; anything else unchanged.

    Examples
    --------
    >>> import mygrad as mg
    >>> data_of([mg.tensor(1.0), 2.0])
    [array(1.), 2.0]
    """
    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, (list, tuple)):
        return type(x)(data_of(i) for i in x)
    return x
