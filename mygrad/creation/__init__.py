"""Tensor creation: NumPy's array-creation routines, returning tensors.

Each function mirrors its NumPy namesake and adds the keyword-only
``constant`` flag. Following MyGrad, ``zeros``, ``ones`` and ``empty``
default to float32 (the dtype models are trained in); everything else takes
NumPy's default dtype. None of these functions is differentiable in its
arguments: the results are new leaves of the graph.

``constant`` (all functions)
    If True, no gradient is computed for the tensor. By default a float
    tensor is not constant and an integer/bool tensor is (integer tensors
    must be constant). The ``*_like`` functions follow MyGrad's rule: the
    result is a constant unless ``other`` is a non-constant tensor, in which
    case the dtype decides (so ``ones_like`` of a NumPy array is a constant).

The functions live in two modules, by family: :mod:`.filled` (arrays of
one value: ``empty``, ``zeros``, ``ones``, ``full``, their ``*_like``
forms, ``eye``, ``identity``) and :mod:`.ranges` (evenly spaced values:
``arange``, ``linspace``, ``logspace``, ``geomspace``); import them from
here or from ``mygrad``.
"""

from mygrad.creation.filled import (
    empty,
    empty_like,
    eye,
    full,
    full_like,
    identity,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from mygrad.creation.ranges import arange, geomspace, linspace, logspace

__all__ = [
    "empty",
    "empty_like",
    "zeros",
    "zeros_like",
    "ones",
    "ones_like",
    "full",
    "full_like",
    "eye",
    "identity",
    "arange",
    "linspace",
    "logspace",
    "geomspace",
]
