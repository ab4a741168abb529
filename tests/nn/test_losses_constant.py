"""``constant=True`` makes a loss (or distance) a constant even when its input is a variable tensor."""

from __future__ import annotations

import numpy as np
import pytest

import mygrad as mg
import mygrad.nn.functional as F

X = np.array([[0.2, 0.7, 0.1], [0.5, -0.3, 0.9]])
POSITIVE = np.abs(X) + 0.1
CALLS = {
    "normalize": lambda x, **kw: F.normalize(x, **kw),
    "cosine_similarity": lambda x, **kw: F.cosine_similarity(x, X[::-1], **kw),
    "pairwise_distance": lambda x, **kw: F.pairwise_distance(x, X[::-1], **kw),
    "cosine_embedding_loss": lambda x, **kw: F.cosine_embedding_loss(x, X[::-1], [1.0, -1.0], **kw),
    "triplet_margin_loss": lambda x, **kw: F.triplet_margin_loss(x, X[::-1], X * 2, **kw),
    "kl_div": lambda x, **kw: F.kl_div(x, POSITIVE / POSITIVE.sum(), reduction="batchmean", **kw),
    "gaussian_nll_loss": lambda x, **kw: F.gaussian_nll_loss(x, X[::-1], POSITIVE, **kw),
    "poisson_nll_loss": lambda x, **kw: F.poisson_nll_loss(x, POSITIVE, **kw),
    "soft_margin_loss": lambda x, **kw: F.soft_margin_loss(x, np.sign(X), **kw),
    "hinge_embedding_loss": lambda x, **kw: F.hinge_embedding_loss(x, np.sign(X), **kw),
    "multi_margin_loss": lambda x, **kw: F.multi_margin_loss(x, [1, 2], **kw),
    "multilabel_margin_loss": lambda x, **kw: F.multilabel_margin_loss(x, [[1, -1, 0], [0, 2, -1]], **kw),
    "multilabel_soft_margin_loss": lambda x, **kw: F.multilabel_soft_margin_loss(x, (X > 0).astype(float), **kw),
    "triplet_margin_with_distance_loss": lambda x, **kw: F.triplet_margin_with_distance_loss(x, X[::-1], X * 2,
                                                                                           **kw),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_constant_true_gives_a_constant_for_a_variable_input(name):
    x = mg.tensor(X)
    variable, constant = CALLS[name](x), CALLS[name](x, constant=True)
    assert not variable.constant and constant.constant
    np.testing.assert_allclose(constant.data, variable.data)
    constant.sum().backward()  # no gradient flows through a constant result
    assert x.grad is None


@pytest.mark.parametrize("name", sorted(CALLS))
def test_constant_false_keeps_an_array_input_a_variable(name):
    assert not CALLS[name](X.copy(), constant=False).constant
