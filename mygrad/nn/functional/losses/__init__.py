"""Loss functions, each one fused operation with a closed-form gradient.

Cross-entropy and NLL share one form: with per-element class weights ``Q``
(built from the targets, class weights, label smoothing and the reduction),

    loss = -sum(Q * log_p)             dL/dlogits = p * sum_c(Q) - Q

where ``log_p = log_softmax(logits)`` (cross-entropy) or the input itself (NLL).
So the gradient of cross-entropy is softmax minus the (weighted, smoothed)
one-hot targets, and nothing overflows for logits of any finite size.

The losses live in modules by the kind of target: :mod:`.classification`
(class indices or probabilities), :mod:`.regression` (real values),
:mod:`.binary` (0/1 or +-1), :mod:`.margin` (hinge losses over classes, labels and
embeddings, built from ops), :mod:`.likelihood` (distributions: KL divergence,
Gaussian and Poisson NLL, soft margin) and :mod:`.distances` (cosine
similarity, p-norm distances and the embedding losses on them); :mod:`.common` holds the argument checks and
reductions they share. Import them from here or from ``mygrad.nn.functional``.
"""

from mygrad.nn.functional.losses.binary import (binary_cross_entropy, binary_cross_entropy_with_logits,
                                                margin_ranking_loss)
from mygrad.nn.functional.losses.classification import cross_entropy, focal_loss, nll_loss, softmax_focal_loss
from mygrad.nn.functional.losses.margin import (hinge_embedding_loss, multi_margin_loss, multilabel_margin_loss,
                                                multilabel_soft_margin_loss, triplet_margin_with_distance_loss)
from mygrad.nn.functional.losses.distances import (cosine_embedding_loss, cosine_similarity, normalize,
                                                   pairwise_distance, triplet_margin_loss)
from mygrad.nn.functional.losses.likelihood import gaussian_nll_loss, kl_div, poisson_nll_loss, soft_margin_loss
from mygrad.nn.functional.losses.common import check_same_shape  # noqa: F401  (importable here, as before)
from mygrad.nn.functional.losses.regression import huber_loss, l1_loss, mse_loss, smooth_l1_loss

__all__ = [
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "margin_ranking_loss", "multi_margin_loss", "softmax_focal_loss",
    "focal_loss", "kl_div", "gaussian_nll_loss", "poisson_nll_loss", "soft_margin_loss", "cosine_similarity",
    "normalize", "pairwise_distance", "cosine_embedding_loss", "triplet_margin_loss", "hinge_embedding_loss",
    "multilabel_margin_loss", "multilabel_soft_margin_loss", "triplet_margin_with_distance_loss",
]
