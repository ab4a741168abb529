"""``Parameter``: a tensor that a :class:`~mygrad.nn.Module` learns.

Assigning a ``Parameter`` to a module attribute registers it, so it shows up
in ``module.parameters()`` (what an optimizer updates) and in
``module.state_dict()`` (what a checkpoint saves). Apart from that it is an
ordinary non-constant float :class:`~mygrad.Tensor`: every op accepts it and
gradients flow to it.
"""

from __future__ import annotations

from typing import Any, Callable, List, Optional

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.checkpoint import register_tensor_kind

__all__ = ["Parameter", "note_zeroed", "zeroings", "pending_gradient"]


class Parameter(Tensor):
    """A floating-point tensor registered as a learnable parameter of a module.

    Parameters
    ----------
    data : Optional[ArrayLike]
        The initial values. An ndarray or Tensor is used without copying
        where possible (as ``torch.nn.Parameter`` shares storage). ``None``
        gives an empty float32 parameter.
    requires_grad : bool, default True
        Whether gradients are computed for it. ``False`` makes it a constant
        (a frozen parameter).
    dtype : Optional[DTypeLike]
        Cast the data to this floating-point dtype.

    Raises
    ------
    TypeError
        If the data is not floating-point (only float tensors have gradients).

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn import Parameter
    >>> w = Parameter(np.array([1.0, 2.0]))
    >>> (w * w).sum().backward()
    >>> w.grad
    array([2., 4.])
    """

    __slots__ = ("_zeroings",)  # how many times Module.zero_grad() has zeroed it (see note_zeroed)

    def __init__(self, data: Any = None, requires_grad: bool = True, *, dtype: Any = None) -> None:
        if data is None:
            data = np.empty(0, dtype=np.float32 if dtype is None else dtype)
        elif isinstance(data, Tensor):
            data = data.data
        array = np.asarray(data, dtype=dtype)
        if array.dtype.kind != "f":
            raise TypeError(
                f"A Parameter must hold floating-point data so that it can have a gradient; got dtype {array.dtype}. "
                "Cast it first, e.g. Parameter(x.astype(np.float32)), or store integer state with register_buffer"
            )
        super().__init__(array, constant=not requires_grad, copy=False)
        self._zeroings = 0

    @property
    def requires_grad(self) -> bool:
        """True if gradients are computed for this parameter (it is not a constant)."""
        return not self._constant

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self._constant = not bool(value)

    def requires_grad_(self, requires_grad: bool = True) -> "Parameter":
        """Freeze (``False``) or unfreeze (``True``) the parameter in place; returns it."""
        self.requires_grad = requires_grad
        return self

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __reduce__(self) -> Any:
        return (_rebuild_parameter, (self.data, not self._constant))


def note_zeroed(param: Tensor) -> None:
    """Count a ``Module.zero_grad()`` of ``param``: an optimizer's backward-pass watch starts afresh for it.

    (An optimizer's ``zero_grad()`` restarts its watch itself; zeroing through the model is seen through this
    count, so that ``model.zero_grad(); loss.backward(); optimizer.step()`` is one pass, as in PyTorch.)
    """
    try:
        param._zeroings = getattr(param, "_zeroings", 0) + 1  # type: ignore[attr-defined]
    except AttributeError:  # (a plain Tensor has no such slot: its zeroing is not counted)
        pass


def zeroings(param: Tensor) -> int:
    """How many times ``Module.zero_grad()`` has zeroed ``param`` (0 for a plain Tensor)."""
    return getattr(param, "_zeroings", 0)


#: Where an optimizer keeps a gradient that ``step()`` will use although ``.grad`` is None: the watch of
#: :mod:`mygrad.optim.grad_watch` adds a source here while it is active, so that clipping (``nn.utils``), which
#: sits below the optimizers, sees the gradient ``step()`` will use.
pending_gradient_sources: List[Callable[[Tensor], Optional[np.ndarray]]] = []


def pending_gradient(param: Tensor) -> Optional[np.ndarray]:
    """The gradient an optimizer's next ``step()`` will use for ``param`` though ``param.grad`` is None, or None.

    A forward pass between ``backward()`` and ``step()`` (a metric, a
    validation loss) clears the parameters' ``.grad`` (MyGrad's rule, where
    PyTorch keeps it); their optimizer keeps the gradient for ``step()``.
    Clipping it in place (``clip_grad_norm_``) then clips what ``step()`` uses.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn, optim
    >>> w = nn.Parameter(mg.tensor([3.0, 4.0]))
    >>> opt = optim.SGD([w], lr=1.0)
    >>> opt.zero_grad()
    >>> (w * w).sum().backward()
    >>> _ = w * 1                      # a forward pass: w.grad is cleared
    >>> w.grad is None, pending_gradient(w)
    (True, array([6., 8.]))
    """
    for source in pending_gradient_sources:
        grad = source(param)
        if grad is not None:
            return grad
    return None


def _rebuild_parameter(data: np.ndarray, requires_grad: bool) -> Parameter:
    return Parameter(data, requires_grad)


# checkpoints save a Parameter as a "parameter" and load it back as one
register_tensor_kind("parameter", Parameter, lambda data, constant: Parameter(data, requires_grad=not constant))
