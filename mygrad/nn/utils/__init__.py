"""Gradient clipping (``clip_grad_norm_``, ``clip_grad_value_``) and flattening the parameters into one vector
(``parameters_to_vector``, ``vector_to_parameters``), as in ``torch.nn.utils``; padding and packing sequences
in :mod:`mygrad.nn.utils.rnn`.

Both work in place on the ``.grad`` arrays of the given parameters, between
``loss.backward()`` and ``optimizer.step()``. A leaf tensor's ``.grad`` is an
array of its own (the backward walk never hands one array to two leaves),
so scaling one parameter's gradient never changes another's.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, List, Optional, Union

import numpy as np

from mygrad.autodiff.memory.inplace import renew_memory
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.parameter import pending_gradient
from mygrad.nn.utils import rnn  # torch.nn.utils.rnn's padding and packing
from mygrad.ops.joining import concatenate
from mygrad.ops.shape import reshape
from mygrad._arg_errors import name_errors as _name_errors

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters"]

Parameters = Union[Tensor, Iterable[Tensor]]


def _grads(parameters: Parameters) -> List[np.ndarray]:
    """The gradient arrays of ``parameters`` (each parameter once; None grads skipped)."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    unique = {id(p): p for p in parameters}.values()
    for p in unique:
        if not isinstance(p, Tensor):
            raise TypeError(f"expected Tensors whose gradients to clip, got a {type(p).__name__}")
    # (a forward pass since backward() clears .grad, MyGrad's rule: the gradient step() will use is clipped then)
    grads = [p.grad if p.grad is not None else pending_gradient(p) for p in unique]
    return [g for g in grads if g is not None]


def clip_grad_norm_(
    parameters: Parameters, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
    foreach: Optional[bool] = None,
) -> np.float64:
    r"""Scale gradients so that their total norm is at most ``max_norm``.

    The total norm is that of all gradients concatenated into one vector,
    :math:`\|g\|_p = (\sum_i |g_i|^p)^{1/p}` (the largest :math:`|g_i|` for
    ``norm_type=inf``). When it exceeds ``max_norm`` every gradient is
    multiplied by ``max_norm / (total_norm + 1e-6)``; otherwise they are left
    unchanged.

    Parameters
    ----------
    parameters : Tensor or Iterable[Tensor]
        The tensors whose ``.grad`` to clip; those without a gradient are skipped.
    max_norm : float
        The largest total norm allowed.
    norm_type : float, default 2.0
        The order :math:`p` of the norm; ``float("inf")`` for the max-norm.
    error_if_nonfinite : bool, default False
        Raise if the total norm is nan or inf (instead of scaling by it).
    foreach : Optional[bool]
        PyTorch's choice of implementation; accepted and ignored.

    Returns
    -------
    np.float64
        The total norm of the gradients *before* clipping.

    Raises
    ------
    RuntimeError
        If ``error_if_nonfinite`` and the total norm is not finite.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.utils import clip_grad_norm_
    >>> w = mg.tensor([3.0, 4.0])
    >>> (w * w).sum().backward()        # grad = [6, 8], norm 10
    >>> clip_grad_norm_([w], max_norm=5.0)
    np.float64(10.0)
    >>> w.grad.round(4)
    array([3., 4.])
    """
    grads = _grads(parameters)
    if not grads:
        return np.float64(0.0)
    norm_type = float(norm_type)
    if norm_type == math.inf:
        total = max(float(np.max(np.abs(g), initial=0.0)) for g in grads)
    else:
        per_grad = [np.linalg.norm(g.ravel().astype(np.float64, copy=False), ord=norm_type) for g in grads]
        total = float(np.linalg.norm(np.array(per_grad), ord=norm_type))
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {norm_type} of the gradients is non-finite ({total}), so it cannot be "
            "clipped. To scale the gradients by it anyway, set error_if_nonfinite=False"
        )
    coef = float(max_norm) / (total + 1e-6)
    if coef < 1.0 or math.isnan(coef):
        with np.errstate(invalid="ignore"):  # an inf gradient times 0 is nan, as in PyTorch
            for g in grads:
                g *= coef
    return np.float64(total)


def clip_grad_value_(parameters: Parameters, clip_value: float, foreach: Optional[bool] = None) -> None:
    """Clip every gradient element into ``[-clip_value, clip_value]``, in place.

    Parameters
    ----------
    parameters : Tensor or Iterable[Tensor]
        The tensors whose ``.grad`` to clip; those without a gradient are skipped.
    clip_value : float
        The largest magnitude allowed (>= 0).
    foreach : Optional[bool]
        PyTorch's choice of implementation; accepted and ignored.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.utils import clip_grad_value_
    >>> w = mg.tensor([-3.0, 0.5, 4.0])
    >>> (w * w).sum().backward()        # grad = [-6, 1, 8]
    >>> clip_grad_value_(w, 2.0)
    >>> w.grad
    array([-2.,  1.,  2.])
    """
    clip_value = float(clip_value)
    if clip_value < 0:
        raise ValueError(f"clip_value must be >= 0, got {clip_value}")
    for g in _grads(parameters):
        np.clip(g, -clip_value, clip_value, out=g)

def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All the parameters, flattened and joined into one 1-d tensor (differentiable: its gradient reaches them).

    Parameters
    ----------
    parameters : Iterable[Tensor]
        E.g. ``model.parameters()``; taken in order.

    Returns
    -------
    Tensor, shape=(total number of elements,)

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.utils import parameters_to_vector
    >>> w, b = mg.tensor([[1.0, 2.0], [3.0, 4.0]]), mg.tensor([5.0])
    >>> flat = parameters_to_vector([w, b])
    >>> flat
    Tensor([1., 2., 3., 4., 5.])
    >>> (flat ** 2).sum().backward()
    >>> b.grad
    array([10.])
    """
    params = _tensors(parameters, "parameters_to_vector")
    if not params:
        raise ValueError("parameters_to_vector: got no parameters")
    return concatenate([reshape(p, (-1,)) for p in params])


def vector_to_parameters(vec: Any, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-d ``vec`` into the parameters, in place (the inverse of
    :func:`parameters_to_vector`).

    Parameters
    ----------
    vec : ArrayLike, shape=(total number of elements,)
    parameters : Iterable[Tensor]

    Raises
    ------
    ValueError
        If ``vec`` is not 1-d or its length is not the parameters' total size.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> from mygrad.nn.utils import vector_to_parameters
    >>> layer = nn.Linear(2, 1)
    >>> vector_to_parameters(np.array([1.0, 2.0, 3.0]), layer.parameters())
    >>> layer.weight.data, layer.bias.data
    (array([[1., 2.]], dtype=float32), array([3.], dtype=float32))
    """
    params = _tensors(parameters, "vector_to_parameters")
    values = np.asarray(vec.data if isinstance(vec, Tensor) else vec)
    total = sum(p.data.size for p in params)
    if values.ndim != 1 or values.size != total:
        raise ValueError(f"vector_to_parameters: vec must be 1-d with {total} elements (the parameters' total "
                         f"size); got shape {values.shape}")
    start = 0
    for p in params:
        piece = values[start:start + p.data.size].reshape(p.data.shape)
        target = p.data if p.data.flags.writeable else renew_memory(p)  # (a live graph keeps the old values)
        target[...] = piece
        start += p.data.size


def _tensors(parameters: Any, owner: str) -> List[Tensor]:
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    for p in params:
        if not isinstance(p, Tensor):
            raise TypeError(f"{owner}: expected Tensors (model.parameters()); got a {type(p).__name__}")
    return params


_name_errors(globals(), "mygrad.nn.utils")
