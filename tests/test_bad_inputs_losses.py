"""Hostile inputs to the losses: targets that broadcast by accident, labels of the wrong kind, bad options.

Every case asserts the exception's type, that the message names the facts,
and (where there is one) that the input is unchanged; see tests/test_bad_inputs.py
for the helpers and the other layers of the API.
"""

from __future__ import annotations

import numpy as np
import pytest

import mygrad as mg
import mygrad.nn.functional as F
from mygrad import nn
from tests.test_bad_inputs import check, rng

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


ELEMENTWISE = [F.mse_loss, F.l1_loss, F.smooth_l1_loss, F.huber_loss]
ELEMENTWISE_MODULES = [nn.MSELoss, nn.L1Loss, nn.SmoothL1Loss, nn.HuberLoss]
ACCIDENTAL = [((4, 1), (4,)), ((4,), (4, 1)), ((3, 1), (1, 3)), ((2, 3), (3,)), ((5,), (1,)), ((2, 1, 3), (2, 3))]


@pytest.mark.parametrize("loss", ELEMENTWISE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("xs, ts", ACCIDENTAL)
def test_elementwise_losses_refuse_accidental_broadcasting(loss, xs, ts):
    x, t = mg.tensor(rng().normal(size=xs)), mg.tensor(rng().normal(size=ts))
    check(lambda: loss(x, t), ValueError, loss.__name__, str(xs), str(ts), unchanged=(x, t))


@pytest.mark.parametrize("module", ELEMENTWISE_MODULES, ids=lambda m: m.__name__)
@pytest.mark.parametrize("xs, ts", ACCIDENTAL[:3])
def test_elementwise_loss_modules_refuse_accidental_broadcasting(module, xs, ts):
    x = mg.tensor(rng().normal(size=xs))
    check(lambda: module()(x, np.zeros(ts)), ValueError, str(xs), str(ts), unchanged=(x,))


def test_mse_of_column_against_vector_used_to_give_a_wrong_number():
    prediction, target = mg.tensor([[1.0], [2.0]]), np.array([1.0, 2.0])
    check(lambda: F.mse_loss(prediction, target), ValueError, "(2, 1)", "(2,)", "(2, 2)")
    assert F.mse_loss(prediction, target[:, None]).item() == 0.0  # the shapes made equal: the right answer


def test_elementwise_losses_still_accept_a_scalar_target():
    assert F.mse_loss(mg.tensor([1.0, 3.0]), 0.0).item() == 5.0


@pytest.mark.parametrize("loss", [F.binary_cross_entropy, F.binary_cross_entropy_with_logits],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("xs, ts", ACCIDENTAL[:4])
def test_binary_losses_require_equal_shapes(loss, xs, ts):
    x = mg.tensor(np.full(xs, 0.5))
    check(lambda: loss(x, np.zeros(ts)), ValueError, loss.__name__, str(xs), str(ts), unchanged=(x,))


@pytest.mark.parametrize("weight_shape", [(3,), (2, 1, 1), (5, 4)])
@pytest.mark.parametrize("loss", [F.binary_cross_entropy, F.binary_cross_entropy_with_logits],
                         ids=lambda f: f.__name__)
def test_binary_loss_weight_must_broadcast_to_the_input(loss, weight_shape):
    x = mg.tensor(np.full((2, 4), 0.5))
    check(lambda: loss(x, np.zeros((2, 4)), weight=np.ones(weight_shape)), ValueError, "weight",
          str(weight_shape), "(2, 4)", unchanged=(x,))


def test_bce_with_logits_pos_weight_must_broadcast():
    x = mg.tensor(np.zeros((2, 4)))
    check(lambda: F.binary_cross_entropy_with_logits(x, np.zeros((2, 4)), pos_weight=np.ones(3)), ValueError,
          "pos_weight", "(3,)", "(2, 4)", unchanged=(x,))


@pytest.mark.parametrize("bad", [-0.5, 1.5, np.nan])
def test_bce_names_the_out_of_range_probabilities(bad):
    x = mg.tensor([0.2, bad])
    message = check(lambda: F.binary_cross_entropy(x, np.zeros(2)), ValueError, "probabilities in [0, 1]",
                    unchanged=(x,)) if not np.isnan(bad) else None
    if message is not None:
        assert "with_logits" in message


@pytest.mark.parametrize("labels", [np.array([0.0, 2.0]), np.array([0.0, 1.0], dtype=np.float32), [0.0, 1.0],
                                    np.array([True, False])])
@pytest.mark.parametrize("loss", [F.cross_entropy, nn.CrossEntropyLoss()], ids=["function", "module"])
def test_cross_entropy_float_labels_say_labels_must_be_integers(loss, labels):
    x = mg.tensor(rng().normal(size=(2, 3)))
    check(lambda: loss(x, labels), TypeError, "integers", "(2,)", np.asarray(labels).dtype.name, unchanged=(x,))


@pytest.mark.parametrize("target, exc, facts", [
    (np.array([0, 3]), IndexError, ["[0, 3)", "3"]),
    (np.array([-1, 0]), IndexError, ["[0, 3)", "-1"]),
    (np.array([0, 1, 2]), ValueError, ["(2,)", "(3,)"]),
    (np.array([[0], [1]]), ValueError, ["(2,)", "(2, 1)"]),
    (np.zeros((2, 4)), ValueError, ["(2, 3)", "(2, 4)"]),
])
def test_cross_entropy_bad_targets(target, exc, facts):
    x = mg.tensor(rng().normal(size=(2, 3)))
    check(lambda: F.cross_entropy(x, target), exc, "cross_entropy", *facts, unchanged=(x,))


@pytest.mark.parametrize("kwargs, facts", [
    (dict(weight=np.ones(4)), ["weight", "(3,)", "(4,)"]),
    (dict(label_smoothing=1.5), ["label_smoothing", "1.5"]),
    (dict(label_smoothing=-0.1), ["label_smoothing", "-0.1"]),
    (dict(reduction="avg"), ["reduction", "avg"]),
])
def test_cross_entropy_bad_options(kwargs, facts):
    x = mg.tensor(rng().normal(size=(2, 3)))
    check(lambda: F.cross_entropy(x, np.array([0, 1]), **kwargs), ValueError, *facts, unchanged=(x,))


def test_cross_entropy_0d_input():
    check(lambda: F.cross_entropy(mg.tensor(1.0), 0), ValueError, "0-d")


@pytest.mark.parametrize("target", [np.array([0.0, 1.0]), np.array(["a", "b"])])
def test_nll_loss_needs_integer_targets(target):
    x = mg.tensor(np.log(np.full((2, 3), 1 / 3)))
    check(lambda: F.nll_loss(x, target), TypeError, "nll_loss", "integer", str(target.dtype), unchanged=(x,))


@pytest.mark.parametrize("loss", [F.softmax_focal_loss, F.focal_loss, F.multi_margin_loss],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("target, exc, facts", [
    (np.array([0, 5]), IndexError, ["[0, 3)", "5"]),
    (np.array([-2, 0]), IndexError, ["[0, 3)", "-2"]),
    (np.array([0.0, 1.0]), (ValueError, TypeError), ["float64"]),  # (multi_margin_loss: TypeError, as nll_loss)
    (np.array([0, 1, 2]), ValueError, ["(3,)"]),
])
def test_class_index_losses_check_their_targets(loss, target, exc, facts):
    x = mg.tensor(np.full((2, 3), 1 / 3))
    check(lambda: loss(x, target), exc, loss.__name__, *facts, unchanged=(x,))


@pytest.mark.parametrize("shapes", [((3,), (4,), (3,)), ((3,), (3,), (4,)), ((3, 1), (3, 1), (3, 2)),
                                    ((2, 3), (2, 3), (3, 1))])
def test_margin_ranking_loss_shapes(shapes):
    a, b = mg.tensor(np.ones(shapes[0])), mg.tensor(np.ones(shapes[1]))
    check(lambda: F.margin_ranking_loss(a, b, np.ones(shapes[2])), ValueError, "margin_ranking_loss",
          *[str(s) for s in shapes], unchanged=(a, b))


@pytest.mark.parametrize("make, facts", [
    (lambda: nn.MSELoss(reduction="avg"), ["reduction", "'avg'"]),
    (lambda: nn.CrossEntropyLoss(reduction="max"), ["reduction", "'max'"]),
    (lambda: F.huber_loss(mg.tensor([1.0]), [0.0], delta=0), ["delta", "0"]),
    (lambda: F.smooth_l1_loss(mg.tensor([1.0]), [0.0], beta=-1), ["beta", "-1"]),
    (lambda: F.multi_margin_loss(mg.tensor(np.ones((2, 3))), np.array([0, 1]), p=3), ["p == 1", "p == 2", "p=3"]),
    (lambda: nn.CrossEntropyLoss(weight=np.ones((2, 2))), ["CrossEntropyLoss", "weight", "1-D", "(2, 2)"]),
    (lambda: nn.NLLLoss(weight=np.ones((3, 1))), ["NLLLoss", "weight", "(3, 1)"]),
    (lambda: nn.CrossEntropyLoss(label_smoothing=2.0), ["label_smoothing", "2.0"]),
    (lambda: nn.HuberLoss(delta=0), ["delta", "0"]),
    (lambda: nn.SmoothL1Loss(beta=-1), ["beta", "-1"]),
])
def test_loss_options(make, facts):
    check(make, (ValueError, NotImplementedError), *facts)


@pytest.mark.parametrize("make, facts", [
    (lambda: nn.CrossEntropyLoss(weight="abc"), ["CrossEntropyLoss", "weight", "<U3"]),
    (lambda: nn.BCEWithLogitsLoss(pos_weight=["a"]), ["BCEWithLogitsLoss", "pos_weight", "<U1"]),
    (lambda: nn.BCELoss(weight=np.array([None])), ["BCELoss", "weight", "object"]),
    (lambda: nn.CrossEntropyLoss(ignore_index=1.5), ["CrossEntropyLoss", "ignore_index", "1.5"]),
    (lambda: nn.NLLLoss(ignore_index="-100"), ["NLLLoss", "ignore_index", "'-100'"]),
])
def test_loss_module_argument_types(make, facts):
    check(make, TypeError, *facts)
