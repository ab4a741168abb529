"""Attention: ``scaled_dot_product_attention`` and ``multi_head_attention_forward``, as PyTorch computes them.

Scaled dot-product attention of queries ``Q`` (..., L, E), keys ``K``
(..., S, E) and values ``V`` (..., S, Ev):

    A = softmax(Q K^T * scale + bias),  out = A V,   scale = 1 / sqrt(E) by default

where ``bias`` is 0 where a query may attend to a key and ``-inf`` where it
may not. Both functions are built from differentiable mygrad ops (matmul,
reshape, concatenate, linear) plus one operation, :class:`MaskedSoftmax`,
whose backward is softmax's ``dA/ds: ds = A * (g - sum(g * A))``; it also
decides what a query that may attend to nothing gets: zeros in
``scaled_dot_product_attention`` (PyTorch's CPU kernels) and NaN in
``multi_head_attention_forward(need_weights=True)`` (PyTorch's explicit
softmax), so that both match PyTorch.

Mask conventions follow PyTorch and differ between the two:
``scaled_dot_product_attention``'s boolean ``attn_mask`` is True where
attention is *allowed*; ``MultiheadAttention``'s boolean ``attn_mask`` and
``key_padding_mask`` are True where it is *not*. Float masks are added to the
scores in both.
"""

from __future__ import annotations

import math
from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.conversion import astensor
from mygrad.ops.axes import swapaxes, transpose
from mygrad.ops.joining import concatenate
from mygrad.ops.linalg import matmul
from mygrad.ops.reductions import mean
from mygrad.ops.shape import broadcast_to, repeat, reshape
from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.random import RandomSource

from mygrad.nn.functional._utils import check_real, data_of
from mygrad.nn.functional.dropout import dropout
from mygrad.nn.functional.linear import linear

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


class AttentionInputError(ValueError, AssertionError):
    """A query, key, value or mask of the wrong shape or dtype given to attention.

    A ``ValueError``, as a bad argument should be, and an ``AssertionError``,
    which PyTorch's multi-head attention raises for these (so code written for
    PyTorch that catches it still does).
    """


class MaskedSoftmax(Operation):
    """Softmax over the last axis of scores that may hold ``-inf``; a row of only ``-inf`` gives ``empty``."""

    def __call__(self, scores, empty):
        self.variables = (scores,)
        s = scores.data
        peak = s.max(axis=-1, keepdims=True) if s.shape[-1] else np.zeros(s.shape[:-1] + (1,), s.dtype)
        blocked = ~np.isfinite(peak)
        out = np.subtract(s, np.where(blocked, 0, peak), out=np.empty_like(s))  # (one array, worked in place)
        np.exp(out, out=out)
        total = out.sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(out, total, out=out)
        if blocked.any() or not total.all():
            out = np.where(blocked | (total == 0), s.dtype.type(empty), out)
        self.out = out
        return out

    def backward_var(self, grad, index, **kwargs):
        a = self.out  # d softmax: ds = A * (g - sum(g * A)), in one new array
        ds = np.multiply(grad, a, out=np.empty(np.broadcast_shapes(grad.shape, a.shape), a.dtype))
        np.subtract(grad, ds.sum(axis=-1, keepdims=True), out=ds)
        return np.multiply(ds, a, out=ds)


def _float_dtype(*arrays: Any) -> np.dtype:
    dtype = np.result_type(*(np.asarray(data_of(a)).dtype for a in arrays if a is not None))
    return dtype if dtype.kind == "f" else np.dtype(np.float32)


def _mask_as_bias(mask: Any, name: str, dtype: np.dtype, true_means_allowed: bool) -> Any:
    """A boolean mask as a constant 0/-inf array; a float mask unchanged (it is added to the scores)."""
    if mask is None:
        return None
    raw = np.asarray(data_of(mask))
    if raw.dtype == np.bool_:
        allowed = raw if true_means_allowed else ~raw
        return np.where(allowed, dtype.type(0), dtype.type(-np.inf))
    if raw.dtype.kind != "f":
        raise AttentionInputError(f"only bool and floating types of {name} are supported; got dtype {raw.dtype}")
    return mask


def scaled_dot_product_attention(query: Any, key: Any, value: Any, attn_mask: Any = None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale: Optional[float] = None, enable_gqa: bool = False, *,
                                 generator: Optional[RandomSource] = None, constant: Optional[bool] = None) -> Tensor:
    """``softmax(Q K^T * scale + bias) V`` over the last two axes, as PyTorch's.

    Parameters
    ----------
    query : ArrayLike, shape=(..., L, E)
    key : ArrayLike, shape=(..., S, E)
    value : ArrayLike, shape=(..., S, Ev)
        The leading axes broadcast.
    attn_mask : Optional[ArrayLike], broadcastable to (..., L, S)
        Boolean: True where a query may attend to a key. Float: added to the scores.
    dropout_p : float, default 0.0
        Dropout on the attention weights (always applied when positive, as
        PyTorch; pass 0 in evaluation). Masks come from NumPy's global
        random state unless ``generator`` is given.
    is_causal : bool, default False
        Query ``i`` attends to keys ``0..i`` (a lower-triangular mask,
        aligned at the top left); cannot be combined with ``attn_mask``.
    scale : Optional[float]
        Default ``1 / sqrt(E)``.
    enable_gqa : bool, default False
        Grouped-query attention: keys and values with fewer heads (axis -3)
        than the queries are repeated to match.

    Returns
    -------
    Tensor, shape=(..., L, Ev)
        A query that may attend to no key gets zeros (as PyTorch).

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import scaled_dot_product_attention
    >>> q = mg.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> k = mg.tensor([[1.0, 0.0], [0.0, 1.0]]) * 100     # each query picks "its" key
    >>> v = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> scaled_dot_product_attention(q, k, v)
    Tensor([[1., 2.],
            [3., 4.]])
    >>> scaled_dot_product_attention(q, k, v, is_causal=True)  # query 0 sees key 0 only
    Tensor([[1., 2.],
            [3., 4.]])
    """
    q, k, v = (astensor(a) if not isinstance(a, Tensor) else a for a in (query, key, value))
    for name, t in (("query", q), ("key", k), ("value", v)):
        if t.ndim < 2 or t.dtype.kind != "f":
            raise RuntimeError(f"scaled_dot_product_attention: {name} must be a floating-point array of at least 2 "
                               f"dimensions (..., sequence, features); got shape {t.shape} and dtype {t.dtype}")
    if q.shape[-1] != k.shape[-1]:
        raise RuntimeError(f"scaled_dot_product_attention: query's and key's last dimensions must match; got "
                           f"query {q.shape} and key {k.shape}")
    if k.shape[-2] != v.shape[-2]:
        raise RuntimeError(f"scaled_dot_product_attention: key and value must have the same sequence length "
                           f"(axis -2); got key {k.shape} and value {v.shape}")
    if is_causal and attn_mask is not None:
        raise RuntimeError("scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    if not 0.0 <= check_real("scaled_dot_product_attention: dropout_p", dropout_p) <= 1.0:
        raise ValueError(f"scaled_dot_product_attention: dropout_p must be in [0, 1]; got {dropout_p}")
    dtype = _float_dtype(q, k, v)
    length, source = q.shape[-2], k.shape[-2]
    if enable_gqa and k.ndim >= 3 and q.ndim >= 3 and k.shape[-3] != q.shape[-3]:
        if q.shape[-3] % k.shape[-3] or v.shape[-3] != k.shape[-3]:
            raise RuntimeError(f"scaled_dot_product_attention: with enable_gqa, the query heads ({q.shape[-3]}) must "
                               f"be a multiple of the key/value heads ({k.shape[-3]}, {v.shape[-3]})")
        repeats = q.shape[-3] // k.shape[-3]
        k, v = repeat(k, repeats, axis=-3), repeat(v, repeats, axis=-3)
    scale = 1 / math.sqrt(q.shape[-1]) if scale is None else float(check_real("scaled_dot_product_attention: scale",
                                                                              scale))
    scores = matmul(q, swapaxes(k, -1, -2)) * dtype.type(scale)
    bias = _mask_as_bias(attn_mask, "attn_mask", dtype, true_means_allowed=True)
    if is_causal:
        bias = np.where(np.tri(length, source, dtype=bool), dtype.type(0), dtype.type(-np.inf))
    if bias is not None:
        scores = scores + bias
    weights = execute_op(MaskedSoftmax, scores, op_args=(0.0,), constant=constant)
    if dropout_p > 0:
        weights = dropout(weights, dropout_p, True, generator=generator)
    out = matmul(weights, v)
    return Tensor(out.data, constant=True) if constant else out


def _reshape(x: Any, shape: Tuple[int, ...]) -> Any:
    """Reshape a mask: a constant array stays an array (no gradient is tracked for it), a tensor stays a tensor."""
    return reshape(x, shape) if isinstance(x, Tensor) else np.reshape(x, shape)


def _expect_ndim(name: str, ndim: int, batched: bool, batched_ndim: int) -> None:
    """PyTorch's shape check of an input of multi-head attention (see :class:`AttentionInputError`)."""
    expected = batched_ndim if batched else batched_ndim - 1
    if ndim != expected:
        raise AttentionInputError(f"multi_head_attention_forward: For "
                                  f"{'batched (3-D)' if batched else 'unbatched (2-D)'} `query`, expected `{name}` to "
                                  f"be {expected}-D, but found {ndim}-D tensor")


def multi_head_attention_forward(
    query: Any, key: Any, value: Any, embed_dim_to_check: int, num_heads: int, in_proj_weight: Any,
    in_proj_bias: Any, bias_k: Any, bias_v: Any, add_zero_attn: bool, dropout_p: float, out_proj_weight: Any,
    out_proj_bias: Any, training: bool = True, key_padding_mask: Any = None, need_weights: bool = True,
    attn_mask: Any = None, use_separate_proj_weight: bool = False, q_proj_weight: Any = None,
    k_proj_weight: Any = None, v_proj_weight: Any = None, static_k: Any = None, static_v: Any = None,
    average_attn_weights: bool = True, is_causal: bool = False, *, generator: Optional[RandomSource] = None,
) -> Tuple[Tensor, Optional[Tensor]]:
    """Multi-head attention on sequence-first inputs: what :class:`~mygrad.nn.MultiheadAttention` runs.

    ``query`` is ``(L, N, E)`` (or unbatched ``(L, E)``), ``key`` ``(S, N, kdim)``,
    ``value`` ``(S, N, vdim)``. The inputs are projected (packed
    ``in_proj_weight`` or separate ``q/k/v_proj_weight``), split into
    ``num_heads`` heads, attended (see :func:`scaled_dot_product_attention`)
    and projected back by ``out_proj_weight``/``out_proj_bias``.

    Parameters
    ----------
    key_padding_mask : Optional[ArrayLike], shape=(N, S)
        Boolean True (or a float added to the scores) for keys to ignore.
    attn_mask : Optional[ArrayLike], shape=(L, S) or (N * num_heads, L, S)
        Boolean True where a query may **not** attend, or a float added.
    need_weights : bool, default True
        Also return the attention weights, ``(N, L, S)`` averaged over heads
        (``average_attn_weights``) or ``(N, num_heads, L, S)``.
    is_causal : bool, default False
        A hint that ``attn_mask`` is causal (it is still required).
    static_k, static_v
        Not supported (NotImplementedError).

    Returns
    -------
    (Tensor, Optional[Tensor])
        The output ``(L, N, E)`` and the weights (or None).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad.nn.functional import multi_head_attention_forward
    >>> E, x = 4, np.random.default_rng(0).normal(size=(3, 2, 4))
    >>> out, weights = multi_head_attention_forward(x, x, x, E, 2, np.eye(12, 4), np.zeros(12), None, None,
    ...                                             False, 0.0, np.eye(4), np.zeros(4))
    >>> out.shape, weights.shape, np.allclose(weights.data.sum(axis=-1), 1)
    ((3, 2, 4), (2, 3, 3), True)
    """
    if static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward: static_k/static_v are not supported by mygrad")
    query, key, value = (a if isinstance(a, Tensor) else astensor(a) for a in (query, key, value))
    batched = query.ndim == 3
    if query.ndim not in (2, 3):
        raise AttentionInputError(f"multi_head_attention_forward: query should be unbatched 2D or batched 3D "
                                  f"tensor but received {query.ndim}-D query tensor")
    _expect_ndim("key", key.ndim, batched, 3)
    _expect_ndim("value", value.ndim, batched, 3)
    if key_padding_mask is not None:
        _expect_ndim("key_padding_mask", np.ndim(data_of(key_padding_mask)), batched, 2)
    if attn_mask is not None and np.ndim(data_of(attn_mask)) not in (2, 3):
        raise AttentionInputError(f"multi_head_attention_forward: Expected `attn_mask` to be 2-D or 3-D, but found "
                                  f"{np.ndim(data_of(attn_mask))}-D tensor")
    if not batched:
        query, key, value = query[:, None], key[:, None], value[:, None]
        if key_padding_mask is not None:
            key_padding_mask = np.asarray(data_of(key_padding_mask))[None] if not isinstance(
                key_padding_mask, Tensor) else key_padding_mask[None]
    tgt_len, bsz, embed_dim = query.shape
    dtype = _float_dtype(query)
    key_padding_mask = _mask_as_bias(key_padding_mask, "key_padding_mask", dtype, true_means_allowed=False)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None
    else:
        attn_mask = _mask_as_bias(attn_mask, "attn_mask", dtype, true_means_allowed=False)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AttentionInputError(f"multi_head_attention_forward: was expecting embedding dimension of "
                                  f"{embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AttentionInputError(f"multi_head_attention_forward: embed_dim {embed_dim} not divisible by num_heads "
                                  f"{num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AttentionInputError(f"multi_head_attention_forward: key's sequence and batch dims {key.shape[:2]} "
                                      f"do not match value's {value.shape[:2]}")
        weights = (q_proj_weight, k_proj_weight, v_proj_weight)
    else:
        if key.shape != value.shape:
            raise AttentionInputError(f"multi_head_attention_forward: key shape {key.shape} does not match value "
                                      f"shape {value.shape}")
        weights = tuple(in_proj_weight[i * embed_dim:(i + 1) * embed_dim] for i in range(3))
    biases = (None,) * 3 if in_proj_bias is None else tuple(
        in_proj_bias[i * embed_dim:(i + 1) * embed_dim] for i in range(3))
    q, k, v = (linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))

    if attn_mask is not None:
        mask_shape = np.shape(data_of(attn_mask))
        if len(mask_shape) == 2:
            if mask_shape != (tgt_len, key.shape[0]):
                raise RuntimeError(f"The shape of the 2D attn_mask is {mask_shape}, but should be "
                                   f"{(tgt_len, key.shape[0])}.")
            attn_mask = attn_mask[None]
        elif mask_shape != (bsz * num_heads, tgt_len, key.shape[0]):
            raise RuntimeError(f"The shape of the 3D attn_mask is {mask_shape}, but should be "
                               f"{(bsz * num_heads, tgt_len, key.shape[0])}.")

    def pad_last(mask: Any) -> Any:  # one more key that every query may see (a 0 added to its scores)
        if mask is None:
            return None
        zeros = np.zeros(np.shape(data_of(mask))[:-1] + (1,), dtype=dtype)
        return concatenate([mask, zeros], axis=-1) if isinstance(mask, Tensor) else np.concatenate(
            [np.asarray(mask), zeros], axis=-1)

    if bias_k is not None and bias_v is not None:
        k = concatenate([k, broadcast_to(bias_k, (1, bsz, embed_dim))], axis=0)
        v = concatenate([v, broadcast_to(bias_v, (1, bsz, embed_dim))], axis=0)
        attn_mask, key_padding_mask = pad_last(attn_mask), pad_last(key_padding_mask)
    elif bias_k is not None or bias_v is not None:
        raise AttentionInputError("bias_k and bias_v must be given together")

    q = swapaxes(reshape(q, (tgt_len, bsz * num_heads, head_dim)), 0, 1)
    k = swapaxes(reshape(k, (k.shape[0], bsz * num_heads, head_dim)), 0, 1)
    v = swapaxes(reshape(v, (v.shape[0], bsz * num_heads, head_dim)), 0, 1)
    if add_zero_attn:
        zeros = np.zeros((bsz * num_heads, 1, head_dim), dtype=k.dtype)
        k, v = concatenate([k, zeros], axis=1), concatenate([v, zeros], axis=1)
        attn_mask, key_padding_mask = pad_last(attn_mask), pad_last(key_padding_mask)
    src_len = k.shape[1]
    if key_padding_mask is not None:
        if np.shape(data_of(key_padding_mask)) != (bsz, src_len):
            raise AttentionInputError(f"multi_head_attention_forward: expecting key_padding_mask shape of "
                                      f"{(bsz, src_len)}, but got {np.shape(data_of(key_padding_mask))}")
        per_head = _reshape(key_padding_mask, (bsz, 1, 1, src_len))
        per_head = (broadcast_to(per_head, (bsz, num_heads, 1, src_len)) if isinstance(per_head, Tensor) else
                    np.broadcast_to(per_head, (bsz, num_heads, 1, src_len)))
        per_head = _reshape(per_head, (bsz * num_heads, 1, src_len))
        attn_mask = per_head if attn_mask is None else attn_mask + per_head
    if not training:
        dropout_p = 0.0

    if need_weights:
        q_scaled = q * dtype.type(math.sqrt(1.0 / head_dim))
        scores = matmul(q_scaled, swapaxes(k, -1, -2))
        if attn_mask is not None:
            scores = attn_mask + scores
        attn = execute_op(MaskedSoftmax, scores, op_args=(np.nan,))  # (PyTorch's softmax: NaN for no key at all)
        if dropout_p > 0.0:
            attn = dropout(attn, dropout_p, generator=generator)
        out = matmul(attn, v)
        out = reshape(swapaxes(out, 0, 1), (tgt_len * bsz, embed_dim))
        out = reshape(linear(out, out_proj_weight, out_proj_bias), (tgt_len, bsz, embed_dim))
        attn = reshape(attn, (bsz, num_heads, tgt_len, src_len))
        if average_attn_weights:
            attn = mean(attn, axis=1)
        if not batched:
            out, attn = out[:, 0], attn[0]
        return out, attn
    if attn_mask is not None:
        mask_shape = np.shape(data_of(attn_mask))
        attn_mask = (_reshape(attn_mask, (1,) + mask_shape) if mask_shape[0] == 1 else
                     _reshape(attn_mask, (bsz, num_heads, -1, src_len)))
    q = reshape(q, (bsz, num_heads, tgt_len, head_dim))
    k = reshape(k, (bsz, num_heads, src_len, head_dim))
    v = reshape(v, (bsz, num_heads, src_len, head_dim))
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal, generator=generator)
    out = reshape(transpose(out, (2, 0, 1, 3)), (bsz * tgt_len, embed_dim))
    out = reshape(linear(out, out_proj_weight, out_proj_bias), (tgt_len, bsz, embed_dim))
    if not batched:
        out = out[:, 0]
    return out, None
