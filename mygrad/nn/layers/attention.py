"""``MultiheadAttention`` with PyTorch's parameters, state_dict keys, initialisation and masks."""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn import init
from mygrad.nn import functional as F
from mygrad.nn.functional import attention
from mygrad.nn.functional._utils import check_real
from mygrad.nn.layers._common import check_flag, check_size, empty_parameter, factory_dtype
from mygrad.nn.layers.linear import Linear
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.ops.axes import swapaxes
from mygrad.random import RandomSource

__all__ = ["MultiheadAttention"]


class NonDynamicallyQuantizableLinear(Linear):
    """PyTorch's name for ``MultiheadAttention.out_proj`` (a plain Linear), kept so that reprs match."""


class MultiheadAttention(Module):
    """Multi-head attention (Vaswani et al., 2017), as ``torch.nn.MultiheadAttention``.

    ``forward(query, key, value)`` projects the inputs, attends with
    ``num_heads`` heads of ``embed_dim // num_heads`` features each (see
    :func:`mygrad.nn.functional.scaled_dot_product_attention`) and projects
    the concatenated heads with ``out_proj``.

    Parameters
    ----------
    embed_dim : int
        The query's (and output's) features ``E``; divisible by ``num_heads``.
    num_heads : int
    dropout : float, default 0.0
        Dropout on the attention weights in training mode (global random
        state, or ``generator``).
    bias : bool, default True
        Learn ``in_proj_bias`` and ``out_proj.bias``.
    add_bias_kv : bool, default False
        Learn ``bias_k``/``bias_v`` ``(1, 1, E)``, appended to the key and
        value sequences.
    add_zero_attn : bool, default False
        Append a zero key and value to every sequence.
    kdim, vdim : Optional[int]
        The key's and value's features (default ``E``); when they differ
        from ``E`` the projections are ``q_proj_weight``, ``k_proj_weight``,
        ``v_proj_weight`` instead of the packed ``in_proj_weight`` ``(3E, E)``.
    batch_first : bool, default False
        Inputs and outputs are ``(N, L, E)`` rather than ``(L, N, E)``.
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values and dropout masks.

    Notes
    -----
    Initialisation (PyTorch's): ``xavier_uniform_`` projection weights, zero
    ``in_proj_bias`` and ``out_proj.bias``, ``xavier_normal_`` ``bias_k``/``bias_v``,
    and ``out_proj.weight`` as a Linear layer's.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> attn = nn.MultiheadAttention(8, 2, batch_first=True)
    >>> [name for name, _ in attn.named_parameters()]
    ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']
    >>> x = np.random.default_rng(0).normal(size=(3, 5, 8)).astype(np.float32)
    >>> out, weights = attn(x, x, x)
    >>> out.shape, weights.shape
    ((3, 5, 8), (3, 5, 5))
    >>> causal = np.triu(np.ones((5, 5), dtype=bool), k=1)      # True: may not attend
    >>> out, weights = attn(x, x, x, attn_mask=causal)
    >>> float(weights.data[0, 0, 1:].sum())
    0.0
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: Optional[int] = None,
                 vdim: Optional[int] = None, batch_first: bool = False, device: Any = None, dtype: Any = None, *,
                 generator: Optional[RandomSource] = None) -> None:
        super().__init__()
        name = "MultiheadAttention"
        dtype = factory_dtype(device, dtype)
        embed_dim = check_size(name, "embed_dim", embed_dim, 1)
        num_heads = check_size(name, "num_heads", num_heads, 1)
        kdim = embed_dim if kdim is None else check_size(name, "kdim", kdim, 1)
        vdim = embed_dim if vdim is None else check_size(name, "vdim", vdim, 1)
        if not 0.0 <= check_real(f"{name}: dropout", dropout) <= 1.0:
            raise ValueError(f"{name}: dropout probability has to be between 0 and 1, but got {dropout}")
        if embed_dim // num_heads * num_heads != embed_dim:
            raise attention.AttentionInputError(f"{name}: embed_dim must be divisible by num_heads; got "
                                                f"embed_dim={embed_dim}, num_heads={num_heads}")
        bias = check_flag(name, "bias", bias)
        self.embed_dim, self.kdim, self.vdim = embed_dim, kdim, vdim
        self._qkv_same_embed_dim = kdim == embed_dim and vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = check_flag(name, "batch_first", batch_first)
        self.head_dim = embed_dim // num_heads
        self.generator = generator
        sizes = f"embed_dim={embed_dim}, kdim={kdim}, vdim={vdim}"
        if not self._qkv_same_embed_dim:
            self.q_proj_weight = Parameter(empty_parameter(name, sizes, (embed_dim, embed_dim), dtype))
            self.k_proj_weight = Parameter(empty_parameter(name, sizes, (embed_dim, kdim), dtype))
            self.v_proj_weight = Parameter(empty_parameter(name, sizes, (embed_dim, vdim), dtype))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(empty_parameter(name, sizes, (3 * embed_dim, embed_dim), dtype))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(np.empty(3 * embed_dim, dtype=dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, dtype=dtype,
                                                        generator=generator)
        if check_flag(name, "add_bias_kv", add_bias_kv):
            self.bias_k = Parameter(np.empty((1, 1, embed_dim), dtype=dtype))
            self.bias_v = Parameter(np.empty((1, 1, embed_dim), dtype=dtype))
        else:
            self.register_parameter("bias_k", None)
            self.register_parameter("bias_v", None)
        self.add_zero_attn = check_flag(name, "add_zero_attn", add_zero_attn)
        self._reset_parameters(generator)

    def _reset_parameters(self, generator: Optional[RandomSource] = None) -> None:
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight, generator=generator)
        else:
            for weight in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(weight, generator=generator)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k, generator=generator)
            init.xavier_normal_(self.bias_v, generator=generator)

    def forward(self, query: Any, key: Any, value: Any, key_padding_mask: Any = None, need_weights: bool = True,
                attn_mask: Any = None, average_attn_weights: bool = True,
                is_causal: bool = False) -> Tuple[Tensor, Optional[Tensor]]:
        """Attend ``query`` to ``key``/``value``; returns ``(output, weights or None)``.

        Shapes (``batch_first=False``): query ``(L, N, E)``, key ``(S, N, kdim)``,
        value ``(S, N, vdim)``, or unbatched ``(L, E)``, ``(S, kdim)``, ``(S, vdim)``;
        ``key_padding_mask`` ``(N, S)`` (True: ignore that key); ``attn_mask``
        ``(L, S)`` or ``(N * num_heads, L, S)`` (True: may not attend; floats are
        added). The weights are ``(N, L, S)`` (averaged over heads) or
        ``(N, num_heads, L, S)``.
        """
        batched = _ndim(query) == 3
        if self.batch_first and batched:
            for name, x in (("key", key), ("value", value)):
                if _ndim(x) != 3:  # (checked here: the swap below would fail first, naming only swapaxes)
                    raise attention.AttentionInputError(
                        f"MultiheadAttention: with batch_first and a batched (3-D) query, {name} must be 3-D "
                        f"too; got {name} of {_described_ndim(x)}")
            query, key, value = (swapaxes(x, 0, 1) for x in (query, key, value))
        out, weights = F.multi_head_attention_forward(  # (the public one: its errors name it)
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight, self.in_proj_bias,
            self.bias_k, self.bias_v, self.add_zero_attn, self.dropout, self.out_proj.weight, self.out_proj.bias,
            training=self.training, key_padding_mask=key_padding_mask, need_weights=need_weights,
            attn_mask=attn_mask, use_separate_proj_weight=not self._qkv_same_embed_dim,
            q_proj_weight=self.q_proj_weight, k_proj_weight=self.k_proj_weight, v_proj_weight=self.v_proj_weight,
            average_attn_weights=average_attn_weights, is_causal=is_causal, generator=self.generator)
        if self.batch_first and batched:
            out = swapaxes(out, 0, 1)
        return out, weights


def _ndim(x: Any) -> Optional[int]:
    """The number of dimensions of an array-like (None if it is not one NumPy can read: ragged, say)."""
    try:
        return np.ndim(x.data if isinstance(x, Tensor) else x)
    except (ValueError, TypeError):
        return None


def _described_ndim(x: Any) -> str:
    ndim = _ndim(x)
    return f"{ndim} dimensions" if ndim is not None else f"type {type(x).__name__}, not an array"
