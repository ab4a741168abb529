"""Learning-rate schedules against their closed forms; warnings, errors and state dicts."""

import math
import warnings

import numpy as np
import pytest

import mygrad as mg
from mygrad import optim
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.optim import lr_scheduler as ls

BASE_LRS = [0.5, 0.2]
N_EPOCHS = 30


def make_optimizer(cls=optim.SGD, **options):
    groups = [{"params": [mg.tensor([1.0])], "lr": BASE_LRS[0]}, {"params": [mg.tensor([2.0])], "lr": BASE_LRS[1]}]
    return cls(groups, **options)


def lr_sequence(sched, opt, n=N_EPOCHS):
    """The learning rates in force at epochs 0 .. n-1 (optimizer stepped before the scheduler)."""
    lrs = []
    for _ in range(n):
        lrs.append([g["lr"] for g in opt.param_groups])
        assert sched.get_last_lr() == lrs[-1]
        opt.step()
        sched.step()
    return np.array(lrs)


def closed_form(f):
    return np.array([[f(base, e) for base in BASE_LRS] for e in range(N_EPOCHS)])


@pytest.mark.parametrize(
    "make, formula",
    [
        (lambda o: ls.StepLR(o, step_size=3, gamma=0.5), lambda b, e: b * 0.5 ** (e // 3)),
        (lambda o: ls.StepLR(o, step_size=1), lambda b, e: b * 0.1**e),
        (lambda o: ls.MultiStepLR(o, milestones=[10, 4, 20, 20], gamma=0.3),
         lambda b, e: b * 0.3 ** sum(e >= m for m in (4, 10, 20, 20))),
        (lambda o: ls.ExponentialLR(o, gamma=0.9), lambda b, e: b * 0.9**e),
        (lambda o: ls.CosineAnnealingLR(o, T_max=12, eta_min=0.01),
         lambda b, e: 0.01 + (b - 0.01) * (1 + math.cos(math.pi * e / 12)) / 2),
        (lambda o: ls.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=8),
         lambda b, e: b * (0.1 + 0.8 * min(e, 8) / 8)),
        (lambda o: ls.LinearLR(o), lambda b, e: b * (1 / 3 + (2 / 3) * min(e, 5) / 5)),
        (lambda o: ls.LambdaLR(o, lambda e: min(1.0, (e + 1) / 4) * 0.95 ** e),
         lambda b, e: b * min(1.0, (e + 1) / 4) * 0.95 ** e),
        (lambda o: ls.LambdaLR(o, [lambda e: 1 / (1 + e), lambda e: 2.0]),
         lambda b, e: b / (1 + e) if b == BASE_LRS[0] else 2 * b),
    ],
    ids=["StepLR", "StepLR-default-gamma", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR",
         "LinearLR-defaults", "LambdaLR", "LambdaLR-per-group"],
)
def test_schedule_matches_closed_form(make, formula):
    opt = make_optimizer()
    sched = make(opt)
    np.testing.assert_allclose(lr_sequence(sched, opt), closed_form(formula), rtol=1e-12)
    assert sched.base_lrs == BASE_LRS
    assert [g["initial_lr"] for g in opt.param_groups] == BASE_LRS


def one_cycle_closed_form(step, total, max_lr, pct, div, final_div, strategy, three_phase):
    """The 1cycle lr at ``step``, written as explicit phase boundaries."""
    lo = max_lr / div
    floor = lo / final_div
    up_end = pct * total - 1
    if three_phase:
        ends = [up_end, 2 * pct * total - 2, total - 1]
        values = [(lo, max_lr), (max_lr, lo), (lo, floor)]
    else:
        ends = [up_end, total - 1]
        values = [(lo, max_lr), (max_lr, floor)]
    start = 0.0
    for k, end in enumerate(ends):
        if step <= end or k == len(ends) - 1:
            frac = (step - start) / (end - start)
            a, b = values[k]
            if strategy == "linear":
                return a + frac * (b - a)
            return b + (a - b) * (1 + math.cos(math.pi * frac)) / 2
        start = end


@pytest.mark.parametrize("strategy", ["cos", "linear"])
@pytest.mark.parametrize("three_phase", [False, True])
def test_one_cycle_matches_closed_form(strategy, three_phase):
    opt = make_optimizer(momentum=0.9)
    total = 20
    sched = ls.OneCycleLR(opt, max_lr=[1.0, 0.4], total_steps=total, pct_start=0.25, anneal_strategy=strategy,
                          three_phase=three_phase, div_factor=10.0, final_div_factor=100.0)
    lrs, moms = [], []
    for _ in range(total):
        lrs.append([g["lr"] for g in opt.param_groups])
        moms.append(opt.param_groups[0]["momentum"])
        opt.step()
        if len(lrs) < total:
            sched.step()
    expected = [[one_cycle_closed_form(s, total, m, 0.25, 10.0, 100.0, strategy, three_phase) for m in (1.0, 0.4)]
                for s in range(total)]
    np.testing.assert_allclose(lrs, expected, rtol=1e-12)
    # momentum moves inversely: lowest (0.85) where the lr peaks, highest (0.95) at the start
    assert moms[0] == pytest.approx(0.95) and moms[4] == pytest.approx(0.85)
    assert np.argmax(np.array(lrs)[:, 0]) == np.argmin(moms)
    sched.step()  # step number == total_steps is still allowed
    with pytest.raises(ValueError, match="Tried to step 21 times. The specified number of total steps is 20"):
        sched.step()


def test_one_cycle_cycles_adam_beta1_and_epochs_form():
    opt = make_optimizer(optim.Adam, betas=(0.9, 0.99))
    sched = ls.OneCycleLR(opt, max_lr=0.1, epochs=2, steps_per_epoch=5)
    assert sched.total_steps == 10
    assert opt.param_groups[0]["betas"] == (0.95, 0.99)
    for _ in range(3):
        opt.step()
        sched.step()
    assert opt.param_groups[0]["betas"][1] == 0.99 and opt.param_groups[0]["betas"][0] < 0.95


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda o: ls.OneCycleLR(o, max_lr=0.1), "either total_steps OR"),
        (lambda o: ls.OneCycleLR(o, max_lr=0.1, total_steps=0), "total_steps must be a positive"),
        (lambda o: ls.OneCycleLR(o, max_lr=0.1, total_steps=5, pct_start=1.5), "pct_start"),
        (lambda o: ls.OneCycleLR(o, max_lr=0.1, total_steps=5, anneal_strategy="exp"), "anneal_strategy"),
        (lambda o: ls.OneCycleLR(o, max_lr=[0.1], total_steps=5), "expected 2 values for max_lr"),
        (lambda o: ls.StepLR(o, step_size=0), "step_size must be a positive"),
        (lambda o: ls.CosineAnnealingLR(o, T_max=0), "T_max must be a positive int"),
        (lambda o: ls.LinearLR(o, start_factor=0.0), "start_factor"),
        (lambda o: ls.LinearLR(o, end_factor=1.5), "end_factor"),
        (lambda o: ls.ReduceLROnPlateau(o, factor=1.0), "factor must be a finite real number >= 0 and < 1"),
        (lambda o: ls.ReduceLROnPlateau(o, mode="up"), "mode must be one of \\['min', 'max'\\]; got 'up'"),
        (lambda o: ls.ReduceLROnPlateau(o, threshold_mode="pct"), "threshold_mode must be one of \\['rel', 'abs'\\]; got 'pct'"),
        (lambda o: ls.StepLR(o, step_size=2, last_epoch=3), "'initial_lr' is not specified in param_groups"),
    ],
)
def test_scheduler_errors(make, match):
    with pytest.raises((ValueError, KeyError), match=match):
        make(make_optimizer())


def test_one_cycle_needs_momentum_to_cycle():
    opt = make_optimizer(optim.Adagrad)
    with pytest.raises(ValueError, match="Adagrad has no momentum or beta1 to cycle"):
        ls.OneCycleLR(opt, max_lr=0.1, total_steps=5)
    ls.OneCycleLR(opt, max_lr=0.1, total_steps=5, cycle_momentum=False)


def test_scheduler_step_before_optimizer_step_warns_once():
    opt = make_optimizer()
    sched = ls.StepLR(opt, step_size=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sched.step()
        sched.step()
        opt.step()
        sched.step()
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and "before `optimizer.step()`" in messages[0]


def test_correct_call_order_does_not_warn():
    opt = make_optimizer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sched = ls.ExponentialLR(opt, gamma=0.5)
        for _ in range(3):
            opt.step()
            sched.step()


def test_reduce_on_plateau_sequence():
    opt = make_optimizer()
    sched = ls.ReduceLROnPlateau(opt, factor=0.5, patience=2, cooldown=1, threshold=0.1, min_lr=[0.1, 0.0])
    # best 10; 9.5 is not 10% better -> bad epochs 1, 2, 3 -> reduce after the 3rd; cooldown 1 epoch;
    # then bad epochs count again from the epoch after cooldown.
    metrics = [10.0, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 8.0, 8.0]
    expected_lr0 = [0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125]
    got = []
    for m in metrics:
        sched.step(m)
        got.append(sched.get_last_lr()[0])
    assert got == expected_lr0
    # lr never goes below min_lr
    for _ in range(30):
        sched.step(100.0)
    lr0, lr1 = sched.get_last_lr()
    assert lr0 == 0.1 and 0 < lr1 < 0.1


def test_reduce_on_plateau_max_mode_abs_threshold():
    opt = make_optimizer()
    sched = ls.ReduceLROnPlateau(opt, mode="max", factor=0.1, patience=0, threshold=1.0, threshold_mode="abs")
    for m in [1.0, 2.5, 3.0]:  # 2.5 > 1 + 1 improves; 3.0 is not > 3.5 -> reduce at once (patience 0)
        sched.step(mg.tensor(m))
    assert sched.get_last_lr() == [pytest.approx(0.05), pytest.approx(0.02)]


@pytest.mark.parametrize(
    "make",
    [
        lambda o: ls.MultiStepLR(o, milestones=[3, 7], gamma=0.5),
        lambda o: ls.CosineAnnealingLR(o, T_max=10),
        lambda o: ls.OneCycleLR(o, max_lr=1.0, total_steps=30, three_phase=True),
        lambda o: ls.LambdaLR(o, lambda e: 0.9 ** e),
    ],
    ids=["MultiStepLR", "CosineAnnealingLR", "OneCycleLR", "LambdaLR"],
)
def test_scheduler_state_dict_resumes_through_a_checkpoint(make, tmp_path):
    opt = make_optimizer(momentum=0.9)
    sched = make(opt)
    lr_sequence(sched, opt, n=8)
    save_checkpoint(tmp_path / "s.ckpt", {"optim": opt.state_dict(), "sched": sched.state_dict()})
    rest = lr_sequence(sched, opt, n=10)

    saved = load_checkpoint(tmp_path / "s.ckpt")
    opt2 = make_optimizer(momentum=0.9)
    sched2 = make(opt2)  # build both, then load both (the optimizer's groups carry the rates in force)
    opt2.load_state_dict(saved["optim"])
    sched2.load_state_dict(saved["sched"])
    np.testing.assert_array_equal(lr_sequence(sched2, opt2, n=10), rest)


def test_reduce_on_plateau_state_dict_roundtrip(tmp_path):
    opt = make_optimizer()
    sched = ls.ReduceLROnPlateau(opt, patience=1)
    for m in [3.0, 2.0, 2.5]:
        sched.step(m)
    save_checkpoint(tmp_path / "p.ckpt", sched.state_dict())
    sched2 = ls.ReduceLROnPlateau(make_optimizer(), patience=1)
    sched2.load_state_dict(load_checkpoint(tmp_path / "p.ckpt"))
    assert sched2.best == 2.0 and sched2.num_bad_epochs == 1 and sched2.last_epoch == 3


@pytest.mark.parametrize("gamma", [-1.0, 0.0, float("nan"), float("inf")])
def test_exponential_lr_refuses_a_factor_that_is_not_positive_and_finite(gamma):
    w = mg.tensor([1.0])
    opt = optim.SGD([w], lr=0.1)
    with pytest.raises(ValueError, match="gamma"):
        ls.ExponentialLR(opt, gamma=gamma)
    assert opt.param_groups[0]["lr"] == 0.1  # nothing changed


class _Warmup:
    """A callable object: its attributes are what LambdaLR's state dict keeps of it (as PyTorch's)."""

    def __init__(self, steps):
        self.steps = steps

    def __call__(self, epoch):
        return min(1.0, (epoch + 1) / self.steps)


def test_lambda_lr_state_dict_keeps_callable_objects_attributes_and_not_functions(tmp_path):
    opt = make_optimizer()
    sched = ls.LambdaLR(opt, [_Warmup(5), lambda e: 1.0])
    lr_sequence(sched, opt, n=2)
    state = sched.state_dict()
    assert state["lr_lambdas"] == [{"steps": 5}, None] and state["last_epoch"] == 2
    save_checkpoint(tmp_path / "l.ckpt", state)
    opt2 = make_optimizer()
    warmup = _Warmup(100)
    sched2 = ls.LambdaLR(opt2, [warmup, lambda e: 1.0])
    sched2.load_state_dict(load_checkpoint(tmp_path / "l.ckpt"))
    assert warmup.steps == 5 and sched2.last_epoch == 2
    opt2.step()
    sched2.step()
    assert sched2.get_last_lr() == [pytest.approx(BASE_LRS[0] * 4 / 5), BASE_LRS[1]]


def test_lambda_lr_errors():
    opt = make_optimizer()
    with pytest.raises(ValueError, match="expected 2 lr_lambdas"):
        ls.LambdaLR(opt, [lambda e: 1.0])
    with pytest.raises(TypeError, match="callable"):
        ls.LambdaLR(opt, 0.5)
    with pytest.raises(TypeError, match="lr_lambda"):
        ls.LambdaLR(opt, lambda e: "fast")
    assert "initial_lr" not in opt.param_groups[0]  # a refused constructor leaves the optimizer as it was


@pytest.mark.parametrize(
    "name, options, metric",
    [("StepLR", dict(step_size=2, gamma=0.5), False), ("MultiStepLR", dict(milestones=[2, 4, 4]), False),
     ("ExponentialLR", dict(gamma=0.9), False), ("CosineAnnealingLR", dict(T_max=10, eta_min=0.01), False),
     ("LinearLR", dict(start_factor=0.2, total_iters=4), False), ("LambdaLR", dict(lr_lambda=lambda e: 0.5 ** e), False),
     ("OneCycleLR", dict(max_lr=1.0, total_steps=10, anneal_strategy="linear", three_phase=True), False),
     ("MultiplicativeLR", dict(lr_lambda=lambda e: 1 / (e + 1)), False),
     ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=3, mode="exp_range", gamma=0.9), False),
     ("ReduceLROnPlateau", dict(patience=0, factor=0.5), True)],
)
def test_a_pytorch_scheduler_state_dict_loads_and_continues_the_same(name, options, metric):
    # PyTorch's state dicts also hold its bookkeeping (_is_initial, _get_lr_called_within_step, OneCycleLR's
    # _schedule_phases, ReduceLROnPlateau's mode_worse, MultiStepLR's milestones as a Counter)
    torch = pytest.importorskip("torch", reason="loads a PyTorch scheduler's state dict")
    topt = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=0.1, momentum=0.9)
    tsched = getattr(torch.optim.lr_scheduler, name)(topt, **options)
    for i in range(3):
        topt.step()
        tsched.step(*([1.0 + (i == 2)] if metric else []))
    opt = optim.SGD([mg.tensor([1.0])], lr=0.1, momentum=0.9)
    sched = getattr(ls, name)(opt, **options)
    opt.load_state_dict({"state": {}, "param_groups": topt.state_dict()["param_groups"]})
    sched.load_state_dict(tsched.state_dict())
    ours, theirs = [], []
    for _ in range(5):
        for o, s, out in ((opt, sched, ours), (topt, tsched, theirs)):
            o.step()
            s.step(*([0.5] if metric else []))
            out.append((o.param_groups[0]["lr"], o.param_groups[0]["momentum"]))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def _torch_and_mygrad_lrs(make, n, fractional=None):
    """The (lr, momentum) sequences of the same schedule built by ``make(lib, opt)`` in PyTorch and in mygrad."""
    torch = pytest.importorskip("torch", reason="compares schedules with PyTorch's")
    sequences = []
    for lib, o in ((torch.optim, torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=0.5, momentum=0.9)),
                   (optim, optim.SGD([mg.tensor([1.0])], lr=0.5, momentum=0.9))):
        sched = make(lib.lr_scheduler, o)
        lrs = []
        for i in range(n):
            lrs.append(o.param_groups[0]["lr"])
            o.step()
            sched.step(*([fractional(i)] if fractional else []))
        sequences.append(lrs)
    return sequences


@pytest.mark.parametrize(
    "make",
    [
        lambda L, o: L.ConstantLR(o, factor=0.25, total_iters=3),
        lambda L, o: L.ConstantLR(o),
        lambda L, o: L.PolynomialLR(o, total_iters=6, power=0.5),
        lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=3, eta_min=0.01),
        lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=3),
        lambda L, o: L.SequentialLR(o, [L.LinearLR(o, start_factor=0.1, total_iters=4),
                                        L.CosineAnnealingLR(o, T_max=10, eta_min=0.01)], milestones=[4]),
        lambda L, o: L.SequentialLR(o, [L.ConstantLR(o, factor=0.5, total_iters=2), L.ExponentialLR(o, 0.8),
                                        L.StepLR(o, 2, 0.5)], milestones=[3, 7]),
    ],
    ids=["ConstantLR", "ConstantLR-defaults", "PolynomialLR", "WarmRestarts", "WarmRestarts-T_mult",
         "SequentialLR-warmup-cosine", "SequentialLR-three"],
)
def test_new_schedules_follow_pytorchs(make):
    theirs, ours = _torch_and_mygrad_lrs(make, 30)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-14)


def test_warm_restarts_stepped_per_batch_with_fractional_epochs():
    theirs, ours = _torch_and_mygrad_lrs(lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2), 40,
                                         fractional=lambda i: (i + 1) / 5)  # 5 batches per epoch
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-14)


def test_sequential_lr_resumes_through_a_checkpoint_and_refuses_bad_arguments(tmp_path):
    def build():
        o = make_optimizer()
        warm = ls.LinearLR(o, start_factor=0.2, total_iters=3)
        return o, ls.SequentialLR(o, [warm, ls.CosineAnnealingLR(o, T_max=8)], milestones=[3])

    opt, sched = build()
    lr_sequence(sched, opt, n=5)
    save_checkpoint(tmp_path / "seq.ckpt", {"optim": opt.state_dict(), "sched": sched.state_dict()})
    rest = lr_sequence(sched, opt, n=6)
    opt2, sched2 = build()
    saved = load_checkpoint(tmp_path / "seq.ckpt")
    opt2.load_state_dict(saved["optim"])
    sched2.load_state_dict(saved["sched"])
    np.testing.assert_allclose(lr_sequence(sched2, opt2, n=6), rest, rtol=1e-12)

    o = make_optimizer()
    a, b = ls.ConstantLR(o), ls.ExponentialLR(o, 0.9)
    with pytest.raises(ValueError, match="expected 1 milestones"):
        ls.SequentialLR(o, [a, b], milestones=[2, 4])
    with pytest.raises(TypeError, match="ReduceLROnPlateau"):
        ls.SequentialLR(o, [a, ls.ReduceLROnPlateau(o)], milestones=[2])
    with pytest.raises(ValueError, match="another optimizer"):
        ls.SequentialLR(o, [a, ls.ExponentialLR(make_optimizer(), 0.9)], milestones=[2])
    with pytest.raises(ValueError, match="factor"):
        ls.ConstantLR(o, factor=1.5)


def test_lambda_lr_refuses_a_saved_entry_that_is_not_an_attribute_dict_and_loads_nothing():
    scheduler = ls.LambdaLR(optim.SGD([mg.tensor([1.0])], lr=0.1), lr_lambda=lambda epoch: 0.5 ** epoch)
    state = scheduler.state_dict()
    state["lr_lambdas"], state["last_epoch"] = [(1, "a")], 7
    with pytest.raises(TypeError, match="lr_lambdas entry"):
        scheduler.load_state_dict(state)
    assert scheduler.last_epoch == 0


def test_polynomial_lr_refuses_a_negative_power():
    # (PyTorch accepts it, then fails with ZeroDivisionError when the factor reaches 0 ** -p)
    with pytest.raises(ValueError, match="PolynomialLR: power"):
        ls.PolynomialLR(optim.SGD([mg.tensor([1.0])], lr=1.0), total_iters=2, power=-1.0)


@pytest.mark.parametrize("options", [
    dict(base_lr=0.1, max_lr=1.0, step_size_up=4),
    dict(base_lr=0.1, max_lr=1.0, step_size_up=3, step_size_down=5, mode="triangular2"),
    dict(base_lr=0.1, max_lr=1.0, step_size_up=3, mode="exp_range", gamma=0.9, base_momentum=0.7),
    dict(base_lr=0.1, max_lr=1.0, step_size_up=2.5, scale_fn=lambda x: 1 / x, scale_mode="cycle"),
    dict(base_lr=0.1, max_lr=1.0, step_size_up=2, scale_fn=lambda x: 0.95 ** x, scale_mode="iterations"),
    dict(base_lr=0.1, max_lr=1.0, step_size_up=2, cycle_momentum=False),
])
def test_cyclic_lr_follows_pytorchs_rates_and_momenta(options):
    torch = pytest.importorskip("torch", reason="compares CyclicLR with PyTorch's")
    sequences = []
    for lib, o in ((torch.optim, torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=0.5, momentum=0.9)),
                   (optim, optim.SGD([mg.tensor([1.0])], lr=0.5, momentum=0.9))):
        sched = lib.lr_scheduler.CyclicLR(o, **options)
        seen = []
        for _ in range(25):
            seen.append((o.param_groups[0]["lr"], o.param_groups[0]["momentum"]))
            o.step()
            sched.step()
        sequences.append(seen)
    np.testing.assert_allclose(sequences[1], sequences[0], rtol=1e-12)


def test_cyclic_lr_cycles_adams_beta1_and_refuses_an_optimizer_without_momentum():
    opt = optim.Adam([mg.tensor([1.0])], lr=1.0, betas=(0.9, 0.999))
    sched = ls.CyclicLR(opt, base_lr=0.1, max_lr=0.3, step_size_up=1, base_momentum=0.8, max_momentum=0.9)
    opt.step()
    sched.step()  # at the top of the cycle: max_lr, base_momentum
    assert opt.param_groups[0]["lr"] == pytest.approx(0.3) and opt.param_groups[0]["betas"] == (0.8, 0.999)
    with pytest.raises(ValueError, match="CyclicLR: Adagrad has no momentum"):
        ls.CyclicLR(optim.Adagrad([mg.tensor([1.0])]), base_lr=0.1, max_lr=0.3)


def test_cyclic_lr_state_dict_resumes_and_leaves_out_a_custom_scale_fn(tmp_path):
    opt = optim.SGD([mg.tensor([1.0])], lr=1.0, momentum=0.9)
    sched = ls.CyclicLR(opt, base_lr=0.1, max_lr=1.0, step_size_up=3, scale_fn=lambda x: 1 / x)
    for _ in range(4):
        opt.step()
        sched.step()
    save_checkpoint(tmp_path / "c.ckpt", {"optimizer": opt.state_dict(), "scheduler": sched.state_dict()})
    saved = load_checkpoint(tmp_path / "c.ckpt")
    assert saved["scheduler"]["_scale_fn_custom"] is None
    opt2 = optim.SGD([mg.tensor([1.0])], lr=1.0, momentum=0.9)
    opt2.load_state_dict(saved["optimizer"])
    sched2 = ls.CyclicLR(opt2, base_lr=0.1, max_lr=1.0, step_size_up=3, scale_fn=lambda x: 1 / x)
    sched2.load_state_dict(saved["scheduler"])
    for _ in range(5):
        for o, s in ((opt, sched), (opt2, sched2)):
            o.step()
            s.step()
        assert sched2.get_last_lr() == pytest.approx(sched.get_last_lr())


@pytest.mark.parametrize("options, error", [(dict(step_size_up=0), ValueError), (dict(mode="square"), ValueError),
                                            (dict(scale_fn=3), TypeError), (dict(max_momentum=1.5), ValueError)])
def test_cyclic_lr_refuses_bad_options_and_leaves_the_optimizer_alone(options, error):
    opt = optim.SGD([mg.tensor([1.0])], lr=0.5, momentum=0.9)
    with pytest.raises(error, match="CyclicLR"):
        ls.CyclicLR(opt, **{"base_lr": 0.1, "max_lr": 1.0, **options})
    assert opt.param_groups[0]["lr"] == 0.5 and opt.param_groups[0]["momentum"] == 0.9


def test_multiplicative_lr_compounds_the_current_rate_as_pytorchs():
    opt = make_optimizer()
    sched = ls.MultiplicativeLR(opt, [lambda e: 0.5, lambda e: 1.0 / (e + 1)])
    expected = [list(BASE_LRS)]
    for epoch in range(1, 5):
        expected.append([expected[-1][0] * 0.5, expected[-1][1] / (epoch + 1)])
    seen = []
    for _ in range(5):
        seen.append(sched.get_last_lr())
        opt.step()
        sched.step()
    np.testing.assert_allclose(seen, expected, rtol=1e-14)
    opt.param_groups[0]["lr"] = 1.0  # it reads the current rate: a change by hand compounds
    opt.step()
    sched.step()
    assert opt.param_groups[0]["lr"] == pytest.approx(0.5)
    with pytest.raises(TypeError, match="MultiplicativeLR: lr_lambda"):
        ls.MultiplicativeLR(make_optimizer(), 0.5)

