"""Views: which tensors share memory, and which elements of it each one shows.

An op that returns a view of its input (basic indexing, reshape, transpose,
...) records on the result its ``base`` - the tensor that owns the memory -
and the *view chain*: the view ops that lead from the base to it. Replaying
the chain on any array shaped like the base (``Tensor._view_of``) gives the
matching part of that array: of the base's gradient for ``view.grad``, of
``arange(base.size)`` for the positions a view covers (what an in-place
write needs), of the base's new memory after a write.

The base keeps weak references to its views (``_views``), so that an
in-place write can find every tensor showing the memory it changes.

All view state (``_base``, ``_view_chain``, ``_views``) is changed here and
nowhere else.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, List

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.autodiff.tensor import Tensor

__all__ = ["attach_view", "disconnect", "live_views", "positions_in_base", "extend_chain"]


def attach_view(view: "Tensor", parent: "Tensor", step: tuple) -> bool:
    """If ``view``'s data is a view of ``parent``'s memory, record its base and chain; say whether it is.

    ``step`` is ``(op_type, op_args, op_kwargs)``, the op that made ``view``
    from ``parent``.
    """
    root = parent._base if parent._base is not None else parent
    owner = root.data if root.data.base is None else root.data.base  # NumPy views point at the owner
    if view.data.base is None or view.data.base is not owner:
        return False
    op_type, op_args, op_kwargs = step
    view._base = root
    view._view_chain = (parent._view_chain or ()) + ((op_type, op_args, op_kwargs or {}),)
    known = root._views
    if known is None:
        root._views = [weakref.ref(view)]
        return True
    known.append(weakref.ref(view))
    n = len(known)
    if n >= 32 and not n & (n - 1):  # at powers of two, forget views that have died
        known[:] = [ref for ref in known if ref() is not None]
    return True


def extend_chain(view: "Tensor", op_type: type, op_args: tuple) -> None:
    """Add one more view op to ``view``'s chain (an in-place reshape of a view: ``view.shape = ...``)."""
    view._view_chain = (view._view_chain or ()) + ((op_type, op_args, {}),)


def disconnect(view: "Tensor") -> None:
    """Make ``view`` a tensor in its own right: no base, no chain (MyGrad's rule once its graph is cleared)."""
    view._base = view._view_chain = None


def live_views(base: "Tensor") -> List["Tensor"]:
    """The views of ``base`` that are alive and still connected to it (forgetting the rest)."""
    if not base._views:
        return []
    alive = [ref() for ref in base._views]
    alive = [v for v in alive if v is not None and v._base is base]
    base._views = [weakref.ref(v) for v in alive]
    return alive


def positions_in_base(view: "Tensor") -> np.ndarray:
    """The flat positions (C order) of ``view``'s base that each element of ``view`` covers.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.arange(6.0).reshape(2, 3)
    >>> positions_in_base(x[:, 1:].T)
    array([[1, 4],
           [2, 5]])
    """
    base = view._base if view._base is not None else view
    return view._view_of(np.arange(base.data.size).reshape(base.data.shape))
