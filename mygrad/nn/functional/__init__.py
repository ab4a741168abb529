"""``mygrad.nn.functional``: the stateless form of every layer, activation and loss.

Names, signatures and defaults follow ``torch.nn.functional``; every function
also takes mygrad's keyword-only ``constant``. Modules are grouped by family:

==================  =========================================================
``activations``     relu, leaky_relu, elu, selu, gelu, silu, sigmoid, tanh,
                    softmax, log_softmax, hardtanh, softplus, softsign, glu;
                    in ``piecewise_activations``: relu6, hardswish,
                    hardsigmoid, mish, logsigmoid, softmin, celu, softshrink,
                    hardshrink, tanhshrink, threshold, prelu, rrelu
``linear``          linear; in ``bilinear_map``: bilinear (checked shapes, one matrix product)
``conv``            conv1d, conv2d, conv3d, conv_nd (algorithms: ``im2col``, ``winograd``;
                    their memory: ``batch_last`` layout, ``scratch`` buffers)
``conv_transpose``  conv_transpose1d, conv_transpose2d, conv_transpose3d
``pooling``         max_pool1d/2d/3d, avg_pool1d/2d/3d, adaptive_avg_pool1d/2d/3d; in
                    ``adaptive_max_pool``: adaptive_max_pool1d/2d/3d; in ``lp_pool``: lp_pool1d/2d/3d
``unpooling``       max_unpool1d/2d/3d
``normalization``   batch_norm, layer_norm; in ``group_normalization``: group_norm, instance_norm;
                    in ``rms_normalization``: rms_norm; in ``local_response``:
                    local_response_norm
``dropout``         dropout; in ``feature_dropout``: dropout1d, dropout2d, dropout3d,
                    alpha_dropout, feature_alpha_dropout
``embedding``       embedding, one_hot; in ``embedding_bags``: embedding_bag
``attention``       scaled_dot_product_attention, multi_head_attention_forward
``padding``         pad; in ``sliding_blocks``: unfold, fold; in ``reshuffle``:
                    pixel_shuffle, pixel_unshuffle, channel_shuffle
``interpolation``   interpolate, upsample, upsample_nearest, upsample_bilinear
``losses``          cross_entropy, nll_loss, mse_loss, l1_loss, smooth_l1_loss,
                    huber_loss, binary_cross_entropy,
                    binary_cross_entropy_with_logits, margin_ranking_loss,
                    multi_margin_loss, softmax_focal_loss, focal_loss, kl_div,
                    gaussian_nll_loss, poisson_nll_loss, soft_margin_loss,
                    cosine_embedding_loss, triplet_margin_loss,
                    hinge_embedding_loss, multilabel_margin_loss,
                    multilabel_soft_margin_loss,
                    triplet_margin_with_distance_loss; in ``ctc``:
                    ctc_loss; distances:
                    cosine_similarity, normalize, pairwise_distance
``recurrent``       gru (MyGrad's), gru_recurrence (PyTorch's GRU layer)
``lstm``            lstm_recurrence, lstm_projected_recurrence, rnn_recurrence
                    (PyTorch's LSTM and RNN layers)
==================  =========================================================

>>> import mygrad as mg
>>> import mygrad.nn.functional as F
>>> F.relu(mg.tensor([-1.0, 2.0]))
Tensor([0., 2.])
"""

from mygrad.nn.functional.activations import (elu, glu, hardtanh, leaky_relu, relu, selu, sigmoid, silu, softplus,
                                              softsign, tanh)
from mygrad.nn.functional.gelu import gelu
from mygrad.nn.functional.softmax import log_softmax, softmax
from mygrad.nn.functional.conv import conv1d, conv2d, conv3d, conv_nd
from mygrad.nn.functional.conv_transpose import conv_transpose1d, conv_transpose2d, conv_transpose3d
from mygrad.nn.functional.dropout import dropout
from mygrad.nn.functional.feature_dropout import (alpha_dropout, dropout1d, dropout2d, dropout3d,
                                                  feature_alpha_dropout)
from mygrad.nn.functional.embedding import embedding, one_hot
from mygrad.nn.functional.embedding_bags import embedding_bag
from mygrad.nn.functional.attention import multi_head_attention_forward, scaled_dot_product_attention
from mygrad.nn.functional.linear import linear
from mygrad.nn.functional.bilinear_map import bilinear
from mygrad.nn.functional.losses import (binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy,
                                         focal_loss, huber_loss, l1_loss, margin_ranking_loss, mse_loss,
                                         multi_margin_loss, nll_loss, smooth_l1_loss, softmax_focal_loss,
                                         hinge_embedding_loss, multilabel_margin_loss, multilabel_soft_margin_loss,
                                         triplet_margin_with_distance_loss)
from mygrad.nn.functional.losses import (cosine_embedding_loss, cosine_similarity, gaussian_nll_loss, kl_div,
                                         normalize, pairwise_distance, poisson_nll_loss, soft_margin_loss,
                                         triplet_margin_loss)
from mygrad.nn.functional.normalization import batch_norm, layer_norm
from mygrad.nn.functional.group_normalization import group_norm, instance_norm
from mygrad.nn.functional.padding import pad
from mygrad.nn.functional.sliding_blocks import fold, unfold
from mygrad.nn.functional.reshuffle import channel_shuffle, pixel_shuffle, pixel_unshuffle
from mygrad.nn.functional.rms_normalization import rms_norm
from mygrad.nn.functional.local_response import local_response_norm
from mygrad.nn.functional.ctc import ctc_loss
from mygrad.nn.functional.interpolation import interpolate, upsample, upsample_bilinear, upsample_nearest
from mygrad.nn.functional.piecewise_activations import (celu, hardshrink, hardsigmoid, hardswish, logsigmoid,
                                                        mish, prelu, relu6, rrelu, softmin, softshrink, tanhshrink,
                                                        threshold)
from mygrad.nn.functional.pooling import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, avg_pool1d,
                                          avg_pool2d, avg_pool3d, max_pool1d, max_pool2d, max_pool3d, max_pool_nd)
from mygrad.nn.functional.lstm import lstm_projected_recurrence, lstm_recurrence, rnn_recurrence
from mygrad.nn.functional.recurrent import gru, gru_recurrence
from mygrad.nn.functional.unpooling import max_unpool1d, max_unpool2d, max_unpool3d
from mygrad.nn.functional.adaptive_max_pool import adaptive_max_pool1d, adaptive_max_pool2d, adaptive_max_pool3d
from mygrad.nn.functional.lp_pool import lp_pool1d, lp_pool2d, lp_pool3d
from mygrad._arg_errors import name_errors as _name_errors

__all__ = [
    "relu", "leaky_relu", "elu", "selu", "gelu", "silu", "sigmoid", "tanh", "softmax", "log_softmax", "hardtanh",
    "softplus", "softsign", "glu",
    "relu6", "hardswish", "hardsigmoid", "mish", "logsigmoid", "softmin", "celu", "softshrink", "hardshrink",
    "tanhshrink", "threshold", "prelu", "rrelu",
    "linear", "bilinear",
    "conv1d", "conv2d", "conv3d", "conv_nd", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    "max_pool1d", "max_pool2d", "max_pool3d", "max_pool_nd", "max_unpool1d", "max_unpool2d", "max_unpool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "lp_pool1d", "lp_pool2d", "lp_pool3d",
    "batch_norm", "layer_norm", "group_norm", "instance_norm", "rms_norm", "local_response_norm",
    "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout",
    "embedding", "one_hot", "embedding_bag",
    "scaled_dot_product_attention", "multi_head_attention_forward",
    "pad", "unfold", "fold", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle",
    "interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "margin_ranking_loss", "multi_margin_loss", "softmax_focal_loss",
    "focal_loss", "kl_div", "gaussian_nll_loss", "poisson_nll_loss", "soft_margin_loss", "cosine_embedding_loss",
    "triplet_margin_loss", "hinge_embedding_loss", "multilabel_margin_loss", "multilabel_soft_margin_loss",
    "triplet_margin_with_distance_loss", "ctc_loss",
    "cosine_similarity", "normalize", "pairwise_distance",
    "gru",
    "gru_recurrence", "lstm_recurrence", "lstm_projected_recurrence", "rnn_recurrence",
]

_name_errors(globals(), "mygrad.nn.functional", reexported=True)
