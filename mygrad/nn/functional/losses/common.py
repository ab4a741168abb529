"""What every loss does: check its arguments, refuse targets that broadcast by accident, reduce.

Each check names the loss and the argument; :func:`check_same_shape` refuses
an ``(N, 1)`` prediction against an ``(N,)`` target, which would broadcast
to ``(N, N)`` and give a wrong number without any error.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import check_real, data_of

__all__ = ["check_args", "check_options", "check_index", "check_same_shape", "check_broadcasts_to",
           "check_class_range", "reduce_loss", "per_element"]

_REDUCTIONS = ("none", "mean", "sum")
_OPTIONAL = frozenset({"weight", "pos_weight"})  # the array arguments that may be None


def check_args(name: str, reduction: Any, *, labels: bool = False, **arrays: Any) -> None:
    """Refuse, naming the loss and the argument, a reduction other than PyTorch's three and an array argument
    that holds no numbers (a ragged list, strings, objects, complex values); None arrays are skipped. With
    ``labels``, the message for ``target``/``targets`` asks for integer class indices."""
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        kind = ValueError if isinstance(reduction, str) else TypeError
        raise kind(f"{name}: reduction must be one of {list(_REDUCTIONS)}; got {reduction!r:.60}")
    for arg, value in arrays.items():
        if value is None:
            if arg in _OPTIONAL:
                continue
            raise TypeError(f"{name}: {arg} must be an array or tensor; got None")
        raw = value.data if isinstance(value, Tensor) else value
        if not isinstance(raw, np.ndarray):
            try:
                raw = np.asarray(raw)
            except (TypeError, ValueError) as error:  # a ragged list, say
                raise type(error)(f"{name}: {arg} ({type(value).__name__}) is not array-like: {error}") from None
        label = labels and arg in ("target", "targets")  # (bool labels get the class-label message later)
        if raw.dtype.kind not in ("biuf" if arg in _OPTIONAL or label else "iuf"):  # (NumPy has no bool minus)
            what = "integer class indices" if label else "real numbers, not bools"
            raise TypeError(f"{name}: {arg} must hold {what}; got {type(value).__name__} of dtype {raw.dtype}")


def check_options(name: str, **options: Any) -> None:
    """Refuse, naming the loss and the option, a numeric option that is not a real number (nor a 0-d array)."""
    for option, value in options.items():
        check_real(f"{name}: {option}", value)


def check_index(name: str, ignore_index: Any) -> None:
    if isinstance(ignore_index, (bool, np.bool_)) or not isinstance(ignore_index, (int, np.integer)):
        raise TypeError(f"{name}: ignore_index must be an int (a class index to skip); got {ignore_index!r:.60}")


def check_same_shape(name: str, input: Any, target: Any, target_name: str = "target") -> None:
    """Raise unless ``target`` has exactly ``input``'s shape (or is a scalar).

    An ``(N, 1)`` prediction against an ``(N,)`` target would broadcast to
    ``(N, N)`` and give a wrong number without any error, so elementwise
    losses accept only equal shapes (a 0-d target, a constant, is allowed).
    """
    xs, ys = np.shape(data_of(input)), np.shape(data_of(target))
    if xs != ys and ys != ():
        both = broadcast_or_none(xs, ys)
        hint = f" (they would broadcast to {both})" if both is not None else ""
        raise ValueError(f"{name}: {target_name} shape {ys} must equal input shape {xs}{hint}; "
                         f"reshape one of them explicitly")


def broadcast_or_none(*shapes: Tuple[int, ...]) -> Optional[Tuple[int, ...]]:
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        return None


def check_broadcasts_to(name: str, what: str, value: np.ndarray, shape: Tuple[int, ...]) -> None:
    """Raise unless ``value`` (a weight) broadcasts to ``shape`` without changing it."""
    if broadcast_or_none(value.shape, shape) != tuple(shape):
        raise ValueError(f"{name}: {what} of shape {value.shape} must broadcast to the input's shape {tuple(shape)}")


def check_class_range(name: str, t: np.ndarray, n_classes: int) -> None:
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        raise IndexError(f"{name}: target class indices must be in [0, {n_classes}); "
                         f"got values in [{t.min()}, {t.max()}]")


def reduce_loss(loss: np.ndarray, reduction: str, denominator: Any = None) -> np.ndarray:
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return total
    return total / (loss.size if denominator is None else denominator)


def per_element(grad: np.ndarray, reduction: str, shape: Tuple[int, ...]) -> np.ndarray:
    """dL/d(each element of the unreduced loss): the upstream gradient spread over ``shape``
    (and divided by the element count for ``reduction="mean"``)."""
    if reduction == "none":
        return grad
    spread = np.broadcast_to(grad, shape)
    return spread / int(np.prod(shape)) if reduction == "mean" else spread
