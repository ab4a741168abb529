"""Linear algebra: matmul, einsum and multi_matmul (norms: :mod:`mygrad.ops.norms`).

The gradients are themselves linear-algebra expressions:

* ``C = A @ B``: ``dL/dA = G @ B^T`` and ``dL/dB = A^T @ G``.
* ``einsum``: the gradient of one operand is the einsum of the upstream
  gradient with all the *other* operands, written out to that operand's
  subscripts (see :class:`EinSum`).
"""

from __future__ import annotations

import string
from functools import reduce
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
from numpy.lib.stride_tricks import as_strided

from mygrad._arg_errors import brief, reword, shape_of
from mygrad.ops.numpy_protocol import implements_numpy_override
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.ops.ufunc import BinaryUfunc, as_ufunc
from mygrad.ops.ufunc_keywords import _out_target, write_named_out

__all__ = ["matmul", "einsum", "multi_matmul"]


# ---------------------------------------------------------------------------- matmul
def _stack_times_matrix(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``a @ b`` is a stack of matrices times one matrix: then it is one (N*T, D) @ (D, E) product.

    (NumPy's matmul of a stack by a matrix is a loop of small products over the stack; one large product
    is 1.5-2x faster for (32, 64, 256) @ (256, 256).)"""
    return a.ndim >= 3 and b.ndim == 2


def as_rows(a: np.ndarray) -> np.ndarray:
    """``a`` as a 2-D array of its last axis' rows, so that a stack of them is one matrix product, not one per
    stack entry. A view where ``a``'s memory allows, else a copy (a 2-D ``a`` is returned as it is)."""
    return a if a.ndim == 2 else a.reshape(int(np.prod(a.shape[:-1])), a.shape[-1])


class MatMul(BinaryUfunc):
    """``A @ B`` with NumPy's rules for 1-D and stacked operands."""

    numpy_ufunc = np.matmul
    fresh_result = True

    def __call__(self, x1, x2):
        self.variables = (x1, x2)
        a, b = x1.data, x2.data
        if _stack_times_matrix(a, b):
            return np.matmul(as_rows(a), b).reshape(*a.shape[:-1], b.shape[-1])
        return np.matmul(a, b)

    def backward_var(self, grad, index, **kwargs):
        a, b = (v.data for v in self.variables)
        if _stack_times_matrix(a, b):  # dL/dA = G B^T, dL/dB = A^T G summed over the stack: one product each
            if index == 0:
                return np.matmul(as_rows(grad), b.T).reshape(a.shape)
            return np.matmul(as_rows(a).T, as_rows(grad))
        # promote 1-D operands to matrices as matmul does, then undo it
        a2 = a[np.newaxis, :] if a.ndim == 1 else a
        b2 = b[:, np.newaxis] if b.ndim == 1 else b
        g = grad
        if b.ndim == 1:  # restore the column axis first, so a 0-d grad (1-D @ 1-D) works
            g = np.expand_dims(g, -1)
        if a.ndim == 1:
            g = np.expand_dims(g, -2)
        if index == 0:  # dL/dA = G B^T
            out = np.matmul(g, np.swapaxes(b2, -1, -2))
            return out.reshape(out.shape[:-2] + (a.shape[-1],)) if a.ndim == 1 else out
        out = np.matmul(np.swapaxes(a2, -1, -2), g)  # dL/dB = A^T G
        return out.reshape(out.shape[:-2] + (b.shape[0],)) if b.ndim == 1 else out


@implements_numpy_override(np.linalg.matmul)
@as_ufunc(np.matmul)
def matmul(x1: Any, x2: Any, *, constant: Optional[bool] = None) -> Tensor:
    """Matrix product, with NumPy's rules for 1-D and batched operands.

    2-D operands multiply as matrices; N-D operands are stacks of matrices in
    their last two axes, and the stack axes broadcast. A 1-D first operand
    acts as a row vector, a 1-D second operand as a column vector, and the
    added axis is removed from the result. ``x1 @ x2`` calls this function.

    Parameters
    ----------
    x1, x2 : ArrayLike
        The operands; scalars are not allowed (as in NumPy).
    constant : Optional[bool]
        If True, the result is a constant tensor.

    Returns
    -------
    Tensor
        The matrix product.

    Examples
    --------
    >>> import mygrad as mg
    >>> a = mg.tensor([[1.0, 2.0]])
    >>> b = mg.tensor([[3.0], [4.0]])
    >>> mg.matmul(a, b)
    Tensor([[11.]])
    """
    try:
        return execute_op(MatMul, x1, x2, constant=constant)
    except ValueError as error:  # NumPy's gufunc text names neither operand's shape
        raise ValueError(f"matmul: operands of shapes {_shape(x1)} and {_shape(x2)} are not aligned: the last "
                         f"axis of the first must equal the second-to-last axis of the second ({error})") from error


def _shape(x: Any) -> Tuple[int, ...]:
    return np.shape(x.data if isinstance(x, Tensor) else x)


# ---------------------------------------------------------------------------- einsum
_LABELS = string.ascii_letters
# NumPy's sublist format numbers labels 0-51: 0-25 are 'A'-'Z', 26-51 are 'a'-'z'
_SUBLIST_LABELS = string.ascii_uppercase + string.ascii_lowercase


def _sublist_to_subscripts(sublist: Sequence[Any]) -> str:
    chars = []
    for item in sublist:
        if item is Ellipsis:
            chars.append("...")
        elif isinstance(item, (int, np.integer)) and 0 <= item < 52:
            chars.append(_SUBLIST_LABELS[item])
        else:
            raise ValueError(f"einsum: sublist entries must be integers in [0, 52) or Ellipsis, got {item!r}")
    return "".join(chars)


def _split_operands(operands: tuple) -> Tuple[str, list]:
    """Turn either einsum calling convention into ``(subscripts, arrays)``."""
    if not operands:
        raise ValueError("einsum needs at least the subscripts and one operand")
    if isinstance(operands[0], str):
        return operands[0], list(operands[1:])
    # interleaved form: einsum(op0, sublist0, op1, sublist1, ..., [sublist_out])
    arrays = list(operands[0::2])
    sublists = list(operands[1::2])
    output = None
    if len(operands) % 2 == 1:
        output = arrays.pop()
    subscripts = ",".join(_sublist_to_subscripts(s) for s in sublists)
    if output is not None:
        subscripts += "->" + _sublist_to_subscripts(output)
    return subscripts, arrays


def _parse_einsum(subscripts: str, ndims: Sequence[int]) -> Tuple[List[str], str]:
    """Rewrite einsum subscripts with one letter per axis: no ellipsis, explicit output.

    Returns the list of input label strings and the output label string.
    """
    subscripts = subscripts.replace(" ", "")
    if subscripts.count("->") > 1:
        raise ValueError(f"einsum subscripts {subscripts!r} contain '->' more than once")
    inputs, arrow, output = subscripts.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(ndims):
        raise ValueError(f"einsum subscripts {subscripts!r} name {len(terms)} operand(s) but {len(ndims)} were given")
    for term in terms + ([output] if arrow else []):
        bad = set(term.replace("...", "")) - set(_LABELS)
        if bad or term.count("...") > 1:
            raise ValueError(f"einsum subscripts {subscripts!r}: invalid term {term!r} (use letters and at most one '...')")

    ellipsis_dims = []
    for term, ndim in zip(terms, ndims):
        n_letters = len(term.replace("...", ""))
        if "..." not in term and n_letters != ndim:
            raise ValueError(f"einsum: term {term!r} has {n_letters} subscripts but its operand has {ndim} dimensions")
        if n_letters > ndim:
            raise ValueError(f"einsum: term {term!r} has more subscripts than its operand's {ndim} dimensions")
        ellipsis_dims.append(ndim - n_letters if "..." in term else 0)

    spare = [c for c in _LABELS if c not in subscripts]
    n_broadcast = max(ellipsis_dims, default=0)
    if n_broadcast > len(spare):
        raise ValueError("einsum: too many dimensions for the 52 available subscript letters")
    broadcast_labels = "".join(spare[:n_broadcast])
    # ellipsis dims are right-aligned, as in broadcasting
    in_labels = [t.replace("...", broadcast_labels[n_broadcast - k:]) for t, k in zip(terms, ellipsis_dims)]

    if not arrow:  # implicit output: the labels used exactly once, in sorted order, after the ellipsis
        letters = "".join(t.replace("...", "") for t in terms)
        output = broadcast_labels + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    elif "..." in output:
        output = output.replace("...", broadcast_labels)
    elif n_broadcast:
        raise ValueError(
            f"einsum subscripts {subscripts!r}: the output needs '...' for the operands' broadcast dimensions"
        )
    used = set("".join(in_labels))
    for c in output:
        if c not in used:
            raise ValueError(f"einsum: output subscript {c!r} does not appear in any input")
        if output.count(c) > 1:
            raise ValueError(f"einsum: output subscript {c!r} appears more than once")
    return in_labels, output


def _label_sizes(in_labels: Sequence[str], arrays: Sequence[np.ndarray]) -> Dict[str, int]:
    """The size of each label after broadcasting (a size-1 axis stretches to match)."""
    sizes: Dict[str, int] = {}
    for labels, arr in zip(in_labels, arrays):
        for c, n in zip(labels, arr.shape):
            if sizes.get(c, 1) == 1:
                sizes[c] = n
    return sizes


class EinSum(Operation):
    """Einstein summation over any number of operands.

    For operand ``k`` with (unique) labels ``u_k`` the gradient is::

        dL/dX_k[u_k] = einsum(G[out], X_j[labels_j] for j != k  ->  u_k)

    Labels that only operand ``k`` carries were summed away in the forward
    pass, so the gradient is constant along them (broadcast). A label that
    repeats within operand ``k`` (``'ii'``) means only the diagonal was read:
    the gradient is written onto that diagonal and is zero elsewhere.
    """

    can_return_view = True  # single-operand forms such as 'ii->i' and 'ij->ji' view their operand

    def __call__(self, *variables, in_labels, out_labels, optimize=False):
        self.variables = variables
        self.in_labels, self.out_labels, self.optimize = in_labels, out_labels, optimize
        arrays = [v.data for v in variables]
        out = np.einsum(",".join(in_labels) + "->" + out_labels, *arrays, optimize=optimize)
        # a single-operand einsum ('ij->ji', 'ii->i') may return a view of its operand, as in NumPy
        # (the engine then records the view); with several operands a result must own its data
        if len(arrays) > 1 and any(np.may_share_memory(out, arr) for arr in arrays):
            out = out.copy()
        return out

    def backward_var(self, grad, index, **kwargs):
        arrays = [v.data for v in self.variables]
        labels = self.in_labels[index]
        others = [(lab, arr) for i, (lab, arr) in enumerate(zip(self.in_labels, arrays)) if i != index]
        unique = "".join(dict.fromkeys(labels))
        reachable = set(self.out_labels).union(*(lab for lab, _ in others))
        kept = "".join(c for c in unique if c in reachable)

        subscripts = ",".join([self.out_labels] + [lab for lab, _ in others]) + "->" + kept
        # an explicit contraction path (a list) was planned for the forward operands: re-plan instead
        optimize = "greedy" if isinstance(self.optimize, (list, tuple)) else self.optimize
        g = np.asarray(np.einsum(subscripts, grad, *(arr for _, arr in others), optimize=optimize))

        sizes = _label_sizes(self.in_labels, arrays)
        # broadcast along the labels that only this operand carries
        g = g.reshape(tuple(g.shape[kept.index(c)] if c in kept else 1 for c in unique))
        g = np.broadcast_to(g, tuple(sizes[c] for c in unique))
        if len(unique) == len(labels):
            return np.transpose(g, [unique.index(c) for c in labels]) if unique != labels else g
        # repeated labels: write g onto the diagonal of a zero array
        out = np.zeros(tuple(sizes[c] for c in labels), dtype=g.dtype)
        diag_strides = tuple(sum(s for c2, s in zip(labels, out.strides) if c2 == c) for c in unique)
        as_strided(out, shape=g.shape, strides=diag_strides)[...] = g
        return out


@implements_numpy_override(np.einsum)
def einsum(*operands: Any, optimize: Union[bool, str, list] = False, out: Any = None,
           constant: Optional[bool] = None) -> Tensor:
    """Einstein summation, exactly as ``numpy.einsum``, differentiable in every operand.

    Supports implicit (``'ij,jk'``) and explicit (``'ij,jk->ik'``) output,
    repeated labels within an operand (``'ii->i'`` diagonal, ``'ii'`` trace),
    summation over labels left out of the output, ``...`` broadcasting,
    any number of operands, and NumPy's interleaved form
    ``einsum(a, [0, 1], b, [1, 2], [0, 2])``.

    Parameters
    ----------
    *operands : str and ArrayLike
        The subscripts followed by the operands, or the interleaved form.
    optimize : bool, str or list, default False
        Passed on to ``numpy.einsum`` (contraction-order optimisation), for
        the forward and the backward pass.
    out : Optional[Union[Tensor, ndarray]]
        Where to write the result, as in MyGrad: a tensor is written in place
        (differentiably) and returned; an array receives the values.
    constant : Optional[bool]
        If True, the result is a constant tensor.

    Returns
    -------
    Tensor
        The summation's result (its own data, never a view; ``out`` when given).

    Notes
    -----
    NumPy's ``dtype``, ``order`` and ``casting`` arguments are not
    supported (cast the operands first instead).

    Examples
    --------
    >>> import mygrad as mg
    >>> a = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> mg.einsum("ii", a)              # trace
    Tensor(5.)
    >>> mg.einsum("ij,j->i", a, [1.0, 1.0])
    Tensor([3., 7.])
    >>> mg.einsum("ii->", a).backward()
    >>> a.grad                          # the trace reads only the diagonal
    array([[1., 0.],
           [0., 1.]])
    """
    if out is not None:
        _out_target(out, "einsum")  # (refused before any work, as NumPy does)
        return write_named_out(einsum(*operands, optimize=optimize, constant=constant), out, "einsum")
    subscripts, tensors = _split_operands(operands)
    try:
        ndims = [np.ndim(t.data if isinstance(t, Tensor) else t) for t in tensors]
    except ValueError as error:  # (a ragged list)
        raise reword(error, f"einsum({subscripts!r}): every operand must be array-like; got operands of shapes "
                            f"[{', '.join(str(shape_of(t)) for t in tensors)}] ({error})") from error
    in_labels, out_labels = _parse_einsum(subscripts, ndims)
    if isinstance(optimize, dict):  # (NumPy reads optimize[0] of a path: a dict gives a KeyError, or for {} this)
        raise TypeError(f"einsum: optimize must be a bool, 'greedy', 'optimal' or an einsum_path list; got "
                        f"{optimize!r:.60} (Did not understand the path)")
    try:
        return execute_op(
            EinSum,
            *tensors,
            op_kwargs=dict(in_labels=in_labels, out_labels=out_labels, optimize=optimize),
            constant=constant,
        )
    except ValueError as error:  # NumPy's text names remapped shapes, not the operands'
        shapes = ", ".join(str(_shape(t)) for t in tensors)
        raise ValueError(f"einsum({subscripts!r}): operands of shapes [{shapes}] do not match the subscripts "
                         f"(a repeated label must have the same size, or 1, in every operand) ({error})") from error


# ---------------------------------------------------------------------------- multi_matmul
def _chain_order(dims: Sequence[int]) -> np.ndarray:
    """``split[i, j]``: where to split the product of matrices ``i..j`` at least cost.

    Matrix ``i`` has shape ``(dims[i], dims[i + 1])``; the classic dynamic
    programme over chain lengths (Cormen et al., "matrix-chain order").
    """
    n = len(dims) - 1
    cost = np.zeros((n, n))
    split = np.zeros((n, n), dtype=int)
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            candidates = [cost[i, k] + cost[k + 1, j] + dims[i] * dims[k + 1] * dims[j + 1] for k in range(i, j)]
            best = int(np.argmin(candidates))
            cost[i, j], split[i, j] = candidates[best], i + best
    return split


def multi_matmul(tensors: Sequence[Any], *, optimize: bool = True, constant: Optional[bool] = None) -> Tensor:
    """The matrix product of a chain ``t0 @ t1 @ ... @ tn``, in the cheapest order.

    The result (and its gradients) equal ``functools.reduce(mygrad.matmul,
    tensors)``; only the order of the pairwise products differs. As in
    ``numpy.linalg.multi_dot`` the first tensor may be 1-D (a row vector) and
    the last may be 1-D (a column vector); stacked operands broadcast as in
    :func:`matmul`.

    Parameters
    ----------
    tensors : Sequence[ArrayLike]
        At least two operands.
    optimize : bool, default True
        Choose the order of products that needs the fewest scalar
        multiplications; if False, multiply left to right.
    constant : Optional[bool]
        If True, the result is a constant tensor.

    Returns
    -------
    Tensor
        The product of the chain.

    Examples
    --------
    >>> import mygrad as mg
    >>> a, b, c = mg.ones((1, 3)), mg.ones((3, 3)), mg.ones((3, 2))
    >>> mg.multi_matmul([a, b, c])
    Tensor([[9., 9.]], dtype=float32)
    """
    try:
        tensors = list(tensors)
    except TypeError as error:
        raise TypeError(f"multi_matmul: tensors must be a sequence of at least two arrays; got {brief(tensors)} "
                        f"({error})") from error
    if len(tensors) < 2:
        raise ValueError(f"multi_matmul needs at least two tensors, got {len(tensors)}")
    try:
        return _chain_product(tensors, optimize, constant)
    except (TypeError, ValueError, IndexError) as error:  # re-raised naming multi_matmul and every operand's shape
        shapes = ", ".join(str(shape_of(t)) for t in tensors)
        if isinstance(error, IndexError):  # (from reading the chain's sizes: an operand had too few axes)
            message = (f"multi_matmul: the first and last operands must be at least 1-D and those between them at "
                       f"least 2-D; got shapes [{shapes}]")
        else:
            message = f"multi_matmul: cannot multiply the chain of operands of shapes [{shapes}] ({error})"
        renamed = reword(error, message)
        if renamed is error:
            raise
        raise renamed from error


def _chain_product(tensors: List[Any], optimize: bool, constant: Optional[bool]) -> Tensor:
    """``tensors[0] @ ... @ tensors[-1]`` (left to right, or in the cheapest order with ``optimize``)."""
    if not optimize or len(tensors) == 2:
        return reduce(lambda x, y: matmul(x, y, constant=constant), tensors)
    shapes = [np.shape(t.data if isinstance(t, Tensor) else t) for t in tensors]
    first = shapes[0] if len(shapes[0]) > 1 else (1,) + tuple(shapes[0])
    last = shapes[-1] if len(shapes[-1]) > 1 else tuple(shapes[-1]) + (1,)
    dims = [first[-2]] + [s[-2] for s in shapes[1:-1]] + [last[-2], last[-1]]
    split = _chain_order(dims)

    def product(i: int, j: int) -> Any:
        if i == j:
            return tensors[i]
        k = split[i, j]
        return matmul(product(i, k), product(k + 1, j), constant=constant)

    return product(0, len(tensors) - 1)
