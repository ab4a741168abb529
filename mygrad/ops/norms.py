"""Vector and matrix norms: ``mygrad.linalg.norm``, differentiable, with NumPy's ``ord`` and ``axis`` rules.

The gradients: ``d||x||_2/dx = x / ||x||_2``, ``d||x||_1/dx = sign(x)``, the
p-norm's ``sign(x) |x|^(p-1) / ||x||_p^(p-1)``; a matrix norm's from its
definition (the Frobenius norm's ``X / ||X||_F``, the nuclear and spectral
norms' through the singular value decomposition; see :class:`Norm`).
"""

from __future__ import annotations

from typing import Any, Optional, Tuple, Union

import numpy as np

from mygrad._arg_errors import brief, reword, shape_of
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.numpy_protocol import implements_numpy_override

__all__ = ["norm"]


def _norm_axes(ndim: int, ord: Any, axis: Any) -> Tuple[int, ...]:
    """The axes ``numpy.linalg.norm`` reduces over (normalised to be non-negative)."""
    if axis is None:
        axes = tuple(range(ndim)) if ord is None or ndim <= 2 else None
        if axes is None:
            raise ValueError(f"norm: with ord={ord!r} and axis=None the input must be 1-D or 2-D, not {ndim}-D")
    elif isinstance(axis, (int, np.integer)):
        axes = (axis,)
    else:
        try:
            axes = tuple(axis)
        except TypeError as error:
            raise TypeError(f"norm: axis must be None, an int or a tuple of ints; got axis={brief(axis)} ({error})") \
                from error
        if len(axes) not in (1, 2):  # (NumPy: a ValueError for a tuple, a TypeError for anything else)
            kind = ValueError if isinstance(axis, tuple) else TypeError
            raise kind(f"norm: axis must name one axis (a vector norm) or two (a matrix norm); got axis={axis!r:.60} "
                       f"for a {ndim}-D input")
    for ax in axes:
        if isinstance(ax, (bool, np.bool_)) or not isinstance(ax, (int, np.integer)):
            raise TypeError(f"norm: axis must be None, an int or a tuple of ints; got axis={brief(axis)}")
        if not -ndim <= ax < ndim:
            raise np.exceptions.AxisError(f"norm: axis {ax} is out of bounds for a {ndim}-D input")
    return tuple(int(ax) % ndim for ax in axes)


def _vector_norm_grad(x: np.ndarray, norm: np.ndarray, ord: Any, axes: tuple) -> np.ndarray:
    """d||x||_ord/dx, with ``norm`` kept to broadcast against ``x``."""
    sign = np.sign(x)
    absx = np.abs(x)
    if ord is None or ord == 2 or ord == "fro":
        return x / np.where(norm == 0, 1, norm)  # x / ||x||; the subgradient 0 at x = 0
    if ord == 1:
        return sign  # d sum|x| / dx = sign(x)
    if ord == 0:
        return np.zeros_like(x)  # counts non-zeros: piecewise constant
    if ord in (np.inf, -np.inf):
        # max|x| (min|x|): sign(x) at the extreme entries, shared equally among ties
        hits = absx == norm
        return sign * hits / np.maximum(hits.sum(axis=axes, keepdims=True), 1)
    # (sum|x|^p)^(1/p): sign(x) |x|^(p-1) / ||x||^(p-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num(sign * absx ** (ord - 1) / norm ** (ord - 1), nan=0.0, posinf=0.0, neginf=0.0)


def _matrix_norm_grad(x: np.ndarray, norm: np.ndarray, ord: Any) -> np.ndarray:
    """d||X||_ord/dX for matrices in the last two axes; ``norm`` has shape (..., 1, 1)."""
    if ord in ("fro", None):
        return x / np.where(norm == 0, 1, norm)
    if ord in ("nuc", 2, -2):
        u, _, vh = np.linalg.svd(x, full_matrices=False)
        if ord == "nuc":
            return u @ vh  # d sum(s)/dX = U V^T
        i = 0 if ord == 2 else -1  # d s_i/dX = u_i v_i^T (largest / smallest singular value)
        return u[..., :, i:i + 1 or None] @ vh[..., i:i + 1 or None, :]
    if ord in (1, -1):  # max (min) over columns of the column sums of |X|
        sums = np.abs(x).sum(axis=-2, keepdims=True)
    elif ord in (np.inf, -np.inf):  # max (min) over rows of the row sums of |X|
        sums = np.abs(x).sum(axis=-1, keepdims=True)
    else:
        raise ValueError(f"norm: invalid norm order {ord!r} for matrices")
    hits = sums == norm
    return np.sign(x) * hits / np.maximum(hits.sum(axis=(-2, -1), keepdims=True), 1)


def _smooth_away_from_zero(ord: Any) -> bool:
    """True for the norms whose gradient is x-dependent and undefined only where the norm is 0 (p > 1)."""
    return ord in (None, "fro") or (isinstance(ord, (int, float)) and 1 < ord < np.inf)


class Norm(Operation):
    """Vector and matrix norms, as ``numpy.linalg.norm``."""

    def __call__(self, x, ord=None, axis=None, keepdims=False, nan_to_num=True):
        self.variables = (x,)
        self.ord, self.keepdims, self.nan_to_num = ord, keepdims, nan_to_num
        self.axes = _norm_axes(x.data.ndim, ord, axis)
        if isinstance(keepdims, np.bool_) and len(self.axes) == 1:  # (NumPy's vector norms cannot read one)
            raise TypeError(f"norm: keepdims must be a Python bool for a vector norm; got NumPy's {keepdims!r}")
        if axis is None and ord is None:
            axis = None  # NumPy's flattened 2-norm
        else:
            axis = self.axes if len(self.axes) == 2 else self.axes[0]
        self.norm = np.asarray(np.linalg.norm(x.data, ord=ord, axis=axis, keepdims=True))
        return self.norm if keepdims else self.norm.reshape(
            tuple(n for i, n in enumerate(self.norm.shape) if i not in self.axes)
        )

    def backward_var(self, grad, index, **kwargs):
        x = self.variables[0].data
        g = grad if self.keepdims else np.expand_dims(grad, self.axes)
        if len(self.axes) == 2:  # matrix norms (ord=None over a 2-D input: 'fro', the same value)
            moved = np.moveaxis(x, self.axes, (-2, -1))
            norm = np.moveaxis(self.norm, self.axes, (-2, -1))
            local = np.moveaxis(_matrix_norm_grad(moved, norm, self.ord), (-2, -1), self.axes)
        else:
            local = _vector_norm_grad(x, self.norm, self.ord, self.axes)
        if self.nan_to_num:
            local = np.nan_to_num(local, nan=0.0)
        elif _smooth_away_from_zero(self.ord):  # the gradient of a p-norm (p > 1) at a zero slice is 0/0
            local = np.where(self.norm == 0, np.nan, local)
        return g * local


@implements_numpy_override(np.linalg.norm)
def norm(
    x: Any,
    ord: Optional[Union[int, float, str]] = None,
    axis: Optional[Union[int, Tuple[int, int]]] = None,
    keepdims: bool = False,
    *,
    nan_to_num: bool = True,
    constant: Optional[bool] = None,
) -> Tensor:
    """Vector or matrix norm, with ``numpy.linalg.norm``'s ``ord``/``axis`` rules.

    * ``axis=None, ord=None``: the 2-norm of the flattened input.
    * ``axis`` an int (or ``axis=None`` with a 1-D input): vector norms;
      ``ord`` is ``None``/2 (Euclidean), 1, ``inf`` (``max |x|``), ``-inf``
      (``min |x|``), 0 (count of non-zeros) or any other p:
      ``(sum |x|^p)^(1/p)``.
    * ``axis`` a 2-tuple (or ``axis=None`` with a 2-D input): matrix norms;
      ``ord`` is ``None``/``'fro'``, ``'nuc'``, 1, -1, 2, -2, ``inf``, ``-inf``.

    Gradients: ``d||x||_2/dx = x/||x||_2`` (the subgradient 0 at ``x = 0``);
    ``d||x||_1/dx = sign(x)``; for ``inf``/``-inf`` (and the matrix 1/inf
    norms) the gradient goes to the extreme entries, shared equally among
    ties; the spectral and nuclear norms use the SVD (``u_1 v_1^T`` and
    ``U V^T``).

    Parameters
    ----------
    x : ArrayLike
        The input.
    ord : {None, int, float, inf, -inf, 'fro', 'nuc'}
        The order of the norm (see above).
    axis : {None, int, 2-tuple of ints}
        The axis (vector norms) or pair of axes (matrix norms).
    keepdims : bool, default False
        Keep the reduced axes as size-1 axes.
    nan_to_num : bool, default True
        Replace NaNs in the gradient (from 0/0 at ``x = 0``) by 0.
    constant : Optional[bool]
        If True, the result is a constant tensor.

    Returns
    -------
    Tensor
        The norm(s).

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor([3.0, 4.0])
    >>> n = mg.linalg.norm(x)
    >>> n
    Tensor(5.)
    >>> n.backward()
    >>> x.grad
    array([0.6, 0.8])
    """
    if not isinstance(keepdims, (bool, np.bool_, int, np.integer)):  # (as NumPy: a bool, or an int used as one)
        raise TypeError(f"norm: keepdims must be a bool; got keepdims={keepdims!r:.60}")
    if not isinstance(keepdims, np.bool_) and not -2**63 <= keepdims < 2**63:  # NumPy reads it as a C long
        raise OverflowError(f"norm: keepdims={keepdims!r:.60} is a Python int too large to convert to C long")
    try:
        return execute_op(
            Norm, x, op_kwargs=dict(ord=ord, axis=axis, keepdims=keepdims, nan_to_num=nan_to_num), constant=constant
        )
    except (TypeError, ValueError, IndexError, OverflowError) as error:
        if str(error).startswith("norm: "):  # (named already, by the checks above)
            raise
        facts = f"ord={brief(ord)}, axis={brief(axis)}"
        if _is_order(ord):
            message = f"norm({facts}) of an input of shape {shape_of(x)}: {error}"
        else:
            message = (f"norm: ord must be None, 'fro', 'nuc', inf, -inf or a number (an int within 64 bits, or a "
                       f"float); got {facts} for an input of shape {shape_of(x)} ({error})")
        renamed = reword(error, message)
        if renamed is error:
            raise
        raise renamed from error


def _is_order(ord: Any) -> bool:
    """Whether ``ord`` has the form of a norm order (whether it suits the axes is ``numpy.linalg.norm``'s call)."""
    if ord is None or isinstance(ord, str):
        return True
    real = isinstance(ord, (int, float, np.integer, np.floating)) and not isinstance(ord, (bool, np.bool_))
    return real and (isinstance(ord, (float, np.floating)) or -2**63 <= ord < 2**63)
