"""Transformer layers with PyTorch's names, submodules and equations: ``TransformerEncoderLayer``,
``TransformerDecoderLayer``, ``TransformerEncoder``, ``TransformerDecoder`` and ``Transformer``.

Each layer is attention and a feed-forward block, each wrapped in dropout, a
residual connection and a LayerNorm - after the residual (``norm_first=False``,
the original "post-norm") or before the block (``norm_first=True``):

    post-norm:  x = norm1(x + SA(x));        x = norm2(x + FF(x))
    pre-norm:   x = x + SA(norm1(x));        x = x + FF(norm2(x))
    FF(x) = dropout2(linear2(dropout(activation(linear1(x)))))

(the decoder adds cross-attention to ``memory`` between the two, with
``norm2``/``dropout2``, and its feed-forward block uses ``norm3``/``dropout3``).
PyTorch's nested-tensor "fast path" (evaluation without gradients) is not
reproduced: outputs at padded positions are computed, as PyTorch's training path does.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Optional, Union

import numpy as np

from mygrad.nn import init
from mygrad.nn.functional import attention
from mygrad.nn.functional.activations import relu
from mygrad.nn.functional.gelu import gelu
from mygrad.nn.functional._utils import check_real
from mygrad.nn.layers._common import check_flag, check_parameter_memory, check_size, factory_dtype
from mygrad.nn.layers.attention import MultiheadAttention
from mygrad.nn.layers.container import ModuleList
from mygrad.nn.layers.dropout import Dropout
from mygrad.nn.layers.linear import Linear
from mygrad.nn.layers.normalization import LayerNorm
from mygrad.nn.module import Module

__all__ = ["TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder", "TransformerDecoder",
           "Transformer"]

Activation = Union[str, Callable[[Any], Any]]


def _activation(activation: Activation) -> Callable[[Any], Any]:
    if isinstance(activation, str):
        if activation == "relu":
            return relu
        if activation == "gelu":
            return gelu
        raise RuntimeError(f"activation should be relu/gelu, not {activation}")
    if not callable(activation):
        raise TypeError(f"activation must be 'relu', 'gelu' or a callable; got {activation!r:.60}")
    return activation


class _Block(Module):
    """What the encoder and decoder layers share: arguments, the feed-forward block, the first attention."""

    def _build(self, d_model: int, nhead: int, dim_feedforward: int, dropout: float, activation: Activation,
               layer_norm_eps: float, batch_first: bool, norm_first: bool, bias: bool, device: Any, dtype: Any,
               norms: int) -> None:
        name = type(self).__name__
        dtype = factory_dtype(device, dtype)
        d_model = check_size(name, "d_model", d_model, 1)
        dim_feedforward = check_size(name, "dim_feedforward", dim_feedforward, 1)
        nhead = check_size(name, "nhead", nhead, 1)
        if d_model % nhead:  # (PyTorch's AssertionError, from its attention; ours is also a ValueError)
            raise attention.AttentionInputError(f"{name}: d_model must be divisible by nhead; got d_model={d_model}, "
                                                f"nhead={nhead}")
        if not 0.0 <= check_real(f"{name}: dropout", dropout) <= 1.0:
            raise ValueError(f"{name}: dropout probability has to be between 0 and 1, but got {dropout}")
        bias = check_flag(name, "bias", bias)
        attentions = 1 if norms == 2 else 2  # (an encoder layer: self-attention; a decoder layer: and cross-attention)
        check_parameter_memory(name, f"d_model={d_model}, dim_feedforward={dim_feedforward}",
                               4 * d_model * d_model * attentions + 2 * d_model * dim_feedforward, dtype)
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first,
                                            dtype=dtype)
        if norms == 3:
            self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                     batch_first=batch_first, dtype=dtype)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = check_flag(name, "norm_first", norm_first)
        for i in range(1, norms + 1):
            setattr(self, f"norm{i}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        for i in range(1, norms + 1):
            setattr(self, f"dropout{i}", Dropout(dropout))
        self.activation = _activation(activation)

    def _sa_block(self, x: Any, attn_mask: Any, key_padding_mask: Any, is_causal: bool) -> Any:
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False,
                           is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x: Any, dropout: Module) -> Any:
        return dropout(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoderLayer(_Block):
    """Self-attention and a feed-forward block, each with dropout, a residual connection and LayerNorm.

    Parameters
    ----------
    d_model : int
        The features of each position.
    nhead : int
        Attention heads (must divide ``d_model``).
    dim_feedforward : int, default 2048
    dropout : float, default 0.1
    activation : "relu", "gelu" or a callable, default "relu"
    layer_norm_eps : float, default 1e-5
    batch_first : bool, default False
        ``(N, S, E)`` rather than ``(S, N, E)`` inputs and outputs.
    norm_first : bool, default False
        LayerNorm before each block (pre-norm) instead of after the residual.
    bias : bool, default True
        Biases of the linear layers, the attention and the LayerNorms.
    device : None or "cpu"
    dtype : DTypeLike, default float32

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
    >>> x = np.random.default_rng(0).normal(size=(3, 5, 8)).astype(np.float32)
    >>> layer(x).shape
    (3, 5, 8)
    >>> [name for name, _ in layer.named_children()]  # doctest: +NORMALIZE_WHITESPACE
    ['self_attn', 'linear1', 'dropout', 'linear2', 'norm1', 'norm2', 'dropout1', 'dropout2']
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: Activation = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self._build(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first,
                    bias, device, dtype, norms=2)

    def forward(self, src: Any, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Any:
        """``src`` ``(S, N, E)`` (or ``(N, S, E)``, or unbatched ``(S, E)``); masks as :class:`MultiheadAttention`'s."""
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x), self.dropout2)
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x, self.dropout2))


class TransformerDecoderLayer(_Block):
    """Self-attention, attention to ``memory`` (the encoder's output) and a feed-forward block.

    Same arguments as :class:`TransformerEncoderLayer`; the cross-attention is
    ``multihead_attn`` with ``norm2``/``dropout2``, the feed-forward block uses
    ``norm3``/``dropout3``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
    >>> tgt, memory = np.zeros((4, 2, 8), dtype=np.float32), np.ones((6, 2, 8), dtype=np.float32)
    >>> layer(tgt, memory, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4)).shape
    (4, 2, 8)
    """

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: Activation = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self._build(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first,
                    bias, device, dtype, norms=3)

    def _mha_block(self, x: Any, memory: Any, attn_mask: Any, key_padding_mask: Any, is_causal: bool) -> Any:
        x = self.multihead_attn(x, memory, memory, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                is_causal=is_causal, need_weights=False)[0]
        return self.dropout2(x)

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None, tgt_is_causal: bool = False,
                memory_is_causal: bool = False) -> Any:
        """``tgt`` ``(T, N, E)``, ``memory`` ``(S, N, E)`` (batch first with ``batch_first``)."""
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal)
            return x + self._ff_block(self.norm3(x), self.dropout3)
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
        return self.norm3(x + self._ff_block(x, self.dropout3))


def _clones(module: Module, count: int, owner: str) -> ModuleList:
    count = check_size(owner, "num_layers", count, 0)
    return ModuleList([copy.deepcopy(module) for _ in range(count)])


class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer`` (deep copies: independent weights), then ``norm``.

    Parameters
    ----------
    encoder_layer : TransformerEncoderLayer
    num_layers : int
    norm : Optional[Module]
    enable_nested_tensor, mask_check : bool
        Accepted for PyTorch's signature; mygrad has no nested-tensor fast path.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), num_layers=2)
    >>> list(encoder.state_dict())[:2]
    ['layers.0.self_attn.in_proj_weight', 'layers.0.self_attn.in_proj_bias']
    >>> encoder(np.zeros((5, 3, 8), dtype=np.float32)).shape
    (5, 3, 8)
    """

    def __init__(self, encoder_layer: Module, num_layers: int, norm: Optional[Module] = None,
                 enable_nested_tensor: bool = True, mask_check: bool = True) -> None:
        super().__init__()
        self.layers = _clones(encoder_layer, num_layers, "TransformerEncoder")
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check

    def forward(self, src: Any, mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: Optional[bool] = None) -> Any:
        """Run the layers in turn with the same masks."""
        out = src
        for layer in self.layers:
            out = layer(out, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=bool(is_causal))
        return self.norm(out) if self.norm is not None else out


class TransformerDecoder(Module):
    """``num_layers`` copies of ``decoder_layer`` (deep copies), then ``norm``.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> decoder = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), num_layers=2, norm=nn.LayerNorm(8))
    >>> decoder(np.zeros((4, 1, 8), dtype=np.float32), np.ones((6, 1, 8), dtype=np.float32)).shape
    (4, 1, 8)
    """

    def __init__(self, decoder_layer: Module, num_layers: int, norm: Optional[Module] = None) -> None:
        super().__init__()
        self.layers = _clones(decoder_layer, num_layers, "TransformerDecoder")
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt: Any, memory: Any, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: Optional[bool] = None, memory_is_causal: bool = False) -> Any:
        """Run the layers in turn, each attending to ``memory``."""
        out = tgt
        for layer in self.layers:
            out = layer(out, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                        tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask,
                        tgt_is_causal=bool(tgt_is_causal), memory_is_causal=memory_is_causal)
        return self.norm(out) if self.norm is not None else out


class Transformer(Module):
    """The encoder-decoder Transformer (Vaswani et al., 2017) as ``torch.nn.Transformer``.

    Parameters
    ----------
    d_model : int, default 512
    nhead : int, default 8
    num_encoder_layers, num_decoder_layers : int, default 6
    dim_feedforward : int, default 2048
    dropout : float, default 0.1
    activation : "relu", "gelu" or a callable, default "relu"
    custom_encoder, custom_decoder : Optional[Module]
        Used instead of the stacks built from the arguments.
    layer_norm_eps : float, default 1e-5
    batch_first, norm_first, bias : bool
        As :class:`TransformerEncoderLayer`.
    device : None or "cpu"
    dtype : DTypeLike, default float32

    Every parameter with more than one dimension is re-initialised with
    ``xavier_uniform_``, as PyTorch does.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
    ...                        dim_feedforward=16, batch_first=True)
    >>> src = np.zeros((2, 7, 8), dtype=np.float32)
    >>> tgt = np.zeros((2, 5, 8), dtype=np.float32)
    >>> model(src, tgt, tgt_mask=nn.Transformer.generate_square_subsequent_mask(5)).shape
    (2, 5, 8)
    """

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6, num_decoder_layers: int = 6,
                 dim_feedforward: int = 2048, dropout: float = 0.1, activation: Activation = "relu",
                 custom_encoder: Optional[Module] = None, custom_decoder: Optional[Module] = None,
                 layer_norm_eps: float = 1e-5, batch_first: bool = False, norm_first: bool = False,
                 bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            layer = TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                                            batch_first, norm_first, bias, device, dtype)
            self.encoder = TransformerEncoder(layer, num_encoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            layer = TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                                            batch_first, norm_first, bias, device, dtype)
            self.decoder = TransformerDecoder(layer, num_decoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype))
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first
        for param in self.parameters():
            if param.ndim > 1:
                init.xavier_uniform_(param)

    def forward(self, src: Any, tgt: Any, src_mask: Any = None, tgt_mask: Any = None, memory_mask: Any = None,
                src_key_padding_mask: Any = None, tgt_key_padding_mask: Any = None,
                memory_key_padding_mask: Any = None, src_is_causal: Optional[bool] = None,
                tgt_is_causal: Optional[bool] = None, memory_is_causal: bool = False) -> Any:
        """Encode ``src``, then decode ``tgt`` attending to the encoding."""
        src_shape, tgt_shape = np.shape(getattr(src, "data", src)), np.shape(getattr(tgt, "data", tgt))
        batch_axis = 0 if self.batch_first else 1
        if len(src_shape) == 3 and len(tgt_shape) == 3 and src_shape[batch_axis] != tgt_shape[batch_axis]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src_shape[-1] != self.d_model or tgt_shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask, tgt_is_causal=tgt_is_causal,
                            memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device: Any = None, dtype: Any = None) -> np.ndarray:
        """A float ``(sz, sz)`` mask: 0 on and below the diagonal, ``-inf`` above (position i sees 0..i).

        Examples
        --------
        >>> from mygrad import nn
        >>> nn.Transformer.generate_square_subsequent_mask(3)
        array([[  0., -inf, -inf],
               [  0.,   0., -inf],
               [  0.,   0.,   0.]], dtype=float32)
        """
        dtype = factory_dtype(device, dtype)
        return np.triu(np.full((sz, sz), -np.inf, dtype=dtype), k=1)
