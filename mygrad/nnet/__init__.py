"""``mygrad.nnet``: MyGrad's documented functional API for neural networks.

Every function here is a thin adapter over :mod:`mygrad.nn.functional`
(or :mod:`mygrad.nn.init`), differing only in argument names and order, so
each computation is implemented once.

>>> import mygrad as mg
>>> from mygrad.nnet import relu, softmax_crossentropy
>>> softmax_crossentropy(mg.tensor([[2.0, 2.0, 2.0]]), [0])
Tensor(1.09861229)
"""

from mygrad.nnet import activations, initializers, layers, losses
from mygrad.nnet.activations import (elu, glu, hard_tanh, leaky_relu, logsoftmax, relu, selu, sigmoid, soft_sign,
                                     softmax, tanh)
from mygrad.nnet.layers import batchnorm, conv_nd, gru, max_pool
from mygrad.nnet.initializers import (constant, dirac, glorot_normal, glorot_uniform, he_normal, he_uniform, identity,
                                      normal, uniform)
from mygrad.nnet.losses import (focal_loss, margin_ranking_loss, multiclass_hinge, negative_log_likelihood,
                                softmax_crossentropy, softmax_focal_loss)

__all__ = [
    "activations", "initializers", "layers", "losses",
    "elu", "glu", "hard_tanh", "leaky_relu", "logsoftmax", "relu", "selu", "sigmoid", "soft_sign", "softmax", "tanh",
    "batchnorm", "conv_nd", "gru", "max_pool",
    "constant", "dirac", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "normal", "uniform",
    "focal_loss", "margin_ranking_loss", "multiclass_hinge", "negative_log_likelihood", "softmax_crossentropy",
    "softmax_focal_loss",
]
