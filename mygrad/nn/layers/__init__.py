"""The layer library, one module per family; everything is re-exported at ``mygrad.nn``."""

from mygrad.nn.layers import activation, container, conv, dropout, embedding, flatten, linear, normalization
from mygrad.nn.layers import loss_modules, padding, piecewise_activation, pooling, recurrent, rnn, rnn_cells
from mygrad.nn.layers import attention, conv_transpose, feature_dropout, group_norm, parameter_containers, upsampling
from mygrad.nn.layers import adaptive_max_pool, bilinear, embedding_bag, fold, lp_pool, shuffle_and_norm, transformer
from mygrad.nn.layers import ctc_loss, lazy, local_response
from mygrad.nn.layers.activation import *  # noqa: F401,F403
from mygrad.nn.layers.adaptive_max_pool import *  # noqa: F401,F403
from mygrad.nn.layers.attention import *  # noqa: F401,F403
from mygrad.nn.layers.bilinear import *  # noqa: F401,F403
from mygrad.nn.layers.container import *  # noqa: F401,F403
from mygrad.nn.layers.conv import *  # noqa: F401,F403
from mygrad.nn.layers.ctc_loss import *  # noqa: F401,F403
from mygrad.nn.layers.conv_transpose import *  # noqa: F401,F403
from mygrad.nn.layers.dropout import *  # noqa: F401,F403
from mygrad.nn.layers.embedding import *  # noqa: F401,F403
from mygrad.nn.layers.embedding_bag import *  # noqa: F401,F403
from mygrad.nn.layers.feature_dropout import *  # noqa: F401,F403
from mygrad.nn.layers.flatten import *  # noqa: F401,F403
from mygrad.nn.layers.fold import *  # noqa: F401,F403
from mygrad.nn.layers.group_norm import *  # noqa: F401,F403
from mygrad.nn.layers.lazy import *  # noqa: F401,F403
from mygrad.nn.layers.linear import *  # noqa: F401,F403
from mygrad.nn.layers.local_response import *  # noqa: F401,F403
from mygrad.nn.layers.loss_modules import *  # noqa: F401,F403
from mygrad.nn.layers.lp_pool import *  # noqa: F401,F403
from mygrad.nn.layers.normalization import *  # noqa: F401,F403
from mygrad.nn.layers.padding import *  # noqa: F401,F403
from mygrad.nn.layers.parameter_containers import *  # noqa: F401,F403
from mygrad.nn.layers.piecewise_activation import *  # noqa: F401,F403
from mygrad.nn.layers.pooling import *  # noqa: F401,F403
from mygrad.nn.layers.recurrent import *  # noqa: F401,F403
from mygrad.nn.layers.rnn import *  # noqa: F401,F403
from mygrad.nn.layers.rnn_cells import *  # noqa: F401,F403
from mygrad.nn.layers.shuffle_and_norm import *  # noqa: F401,F403
from mygrad.nn.layers.transformer import *  # noqa: F401,F403
from mygrad.nn.layers.upsampling import *  # noqa: F401,F403

__all__ = [
    name
    for family in (activation, container, conv, dropout, embedding, flatten, linear, loss_modules, normalization,
                   padding, piecewise_activation, pooling, recurrent, rnn, rnn_cells, parameter_containers,
                   feature_dropout, group_norm, upsampling, conv_transpose, attention, transformer,
                   fold, shuffle_and_norm, adaptive_max_pool, lp_pool, bilinear, embedding_bag, local_response,
                   lazy, ctc_loss)
    for name in family.__all__
]
