"""mygrad.optim.swa_utils against torch.optim.swa_utils, and on its own."""

from __future__ import annotations

import numpy as np
import pytest

import mygrad as mg
from mygrad import nn, optim
from mygrad.optim import swa_utils as su


def _models(torch):
    ours = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
    with torch.no_grad():
        for value, target in zip(ours.state_dict().values(), theirs.state_dict().values()):
            if target.dtype.is_floating_point:
                target.copy_(torch.tensor(np.asarray(value)))
    return ours, theirs


@pytest.mark.parametrize("kind", ["swa", "ema", "ema with buffers", "avg_fn"])
def test_averaged_model_follows_pytorchs(kind):
    torch = pytest.importorskip("torch", reason="compares with torch.optim.swa_utils")
    tsu = torch.optim.swa_utils
    rng = np.random.default_rng(0)
    ours, theirs = _models(torch)
    options = {"swa": ({}, {}),
               "ema": (dict(multi_avg_fn=su.get_ema_multi_avg_fn(0.9)), dict(multi_avg_fn=tsu.get_ema_multi_avg_fn(0.9))),
               "ema with buffers": (dict(multi_avg_fn=su.get_ema_multi_avg_fn(0.9), use_buffers=True),
                                    dict(multi_avg_fn=tsu.get_ema_multi_avg_fn(0.9), use_buffers=True)),
               "avg_fn": (dict(avg_fn=su.get_ema_avg_fn(0.8)), dict(avg_fn=tsu.get_ema_avg_fn(0.8)))}[kind]
    averaged, t_averaged = su.AveragedModel(ours, **options[0]), tsu.AveragedModel(theirs, **options[1])
    for _ in range(4):
        x = rng.standard_normal((5, 3)).astype(np.float32)
        ours(x), theirs(torch.tensor(x))  # (training mode: the batch norm's statistics move)
        for p, tp in zip(ours.parameters(), theirs.parameters()):
            step = rng.standard_normal(p.shape).astype(np.float32) * 0.1
            p.data[...] = p.data + step
            with torch.no_grad():
                tp.add_(torch.tensor(step))
        averaged.update_parameters(ours)
        t_averaged.update_parameters(theirs)
    mine, reference = averaged.state_dict(), t_averaged.state_dict()
    assert list(mine) == list(reference)
    for key in mine:
        np.testing.assert_allclose(np.asarray(mine[key]), reference[key].numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("strategy", ["cos", "linear"])
@pytest.mark.parametrize("anneal_epochs", [0, 1, 3])
def test_swalr_follows_pytorchs(strategy, anneal_epochs):
    torch = pytest.importorskip("torch", reason="compares with torch.optim.swa_utils")
    rates = []
    for lib, o in ((torch.optim, torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=0.5, momentum=0.9)),
                   (optim, optim.SGD([mg.tensor([1.0])], lr=0.5, momentum=0.9))):
        sched = lib.swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=anneal_epochs, anneal_strategy=strategy)
        seen = []
        for _ in range(6):
            seen.append(o.param_groups[0]["lr"])
            o.step()
            sched.step()
        rates.append(seen)
    np.testing.assert_allclose(rates[1], rates[0], rtol=1e-12)


def test_update_bn_follows_pytorchs_and_restores_mode_and_momentum():
    torch = pytest.importorskip("torch", reason="compares with torch.optim.swa_utils")
    rng = np.random.default_rng(1)
    ours, theirs = _models(torch)
    ours.eval()
    batches = [rng.standard_normal((6, 3)).astype(np.float32) for _ in range(3)]
    su.update_bn([(b, 0) for b in batches], ours)
    torch.optim.swa_utils.update_bn([(torch.tensor(b), 0) for b in batches], theirs)
    np.testing.assert_allclose(ours[1].running_mean.data, theirs[1].running_mean.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours[1].running_var.data, theirs[1].running_var.numpy(), rtol=1e-5, atol=1e-6)
    assert ours[1].momentum == 0.1 and not ours.training


def test_swa_is_the_mean_of_the_weights_seen_and_the_copy_runs_forward():
    model = nn.Linear(2, 1)
    swa = su.AveragedModel(model)
    seen = []
    for w in (1.0, 2.0, 6.0):
        model.weight.data[...] = w
        seen.append(model.weight.data.copy())
        swa.update_parameters(model)
    np.testing.assert_allclose(swa.module.weight.data, np.mean(seen, axis=0))
    assert swa.module is not model and int(swa.n_averaged.item()) == 3
    x = np.ones((1, 2), dtype=np.float32)
    np.testing.assert_allclose(swa(x).data, swa.module(x).data)


def test_bad_arguments_are_refused_naming_them():
    with pytest.raises(TypeError, match="AveragedModel: model"):
        su.AveragedModel(3)
    with pytest.raises(ValueError, match="AveragedModel.update_parameters"):
        su.AveragedModel(nn.Linear(2, 1)).update_parameters(nn.Linear(3, 1))
    with pytest.raises(ValueError, match="SWALR: anneal_strategy"):
        su.SWALR(optim.SGD([mg.tensor([1.0])], lr=0.1), swa_lr=0.05, anneal_strategy="exp")
    with pytest.raises(TypeError, match="update_bn: model"):
        su.update_bn([], "model")
