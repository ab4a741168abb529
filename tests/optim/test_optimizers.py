"""Optimizer trajectories against independent NumPy implementations of the published rules."""

import math
import tracemalloc
import warnings

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from mygrad import optim
from tests.optim.problems import PROBLEMS, Quadratic, TanhRegression
from tests.optim.references import (
    reference_adagrad,
    reference_adam,
    reference_adamw,
    reference_rmsprop,
    reference_sgd,
)

N_STEPS = 25

# (optimizer class, reference rule, options) for each option combination
CASES = [
    (optim.SGD, reference_sgd, dict(lr=0.1)),
    (optim.SGD, reference_sgd, dict(lr=0.05, momentum=0.9)),
    (optim.SGD, reference_sgd, dict(lr=0.05, momentum=0.8, dampening=0.3)),
    (optim.SGD, reference_sgd, dict(lr=0.05, momentum=0.9, nesterov=True)),
    (optim.SGD, reference_sgd, dict(lr=0.1, weight_decay=0.2)),
    (optim.SGD, reference_sgd, dict(lr=0.02, maximize=True)),
    (optim.SGD, reference_sgd, dict(lr=0.02, momentum=0.5, nesterov=True, weight_decay=0.1, maximize=True)),
    (optim.SGD, reference_sgd, dict(lr=0.05, momentum=0.7, dampening=0.5, weight_decay=0.1)),
    (optim.Adam, reference_adam, dict(lr=0.05)),
    (optim.Adam, reference_adam, dict(lr=0.05, amsgrad=True)),
    (optim.Adam, reference_adam, dict(lr=0.05, weight_decay=0.3)),
    (optim.Adam, reference_adam, dict(lr=0.05, maximize=True)),
    (optim.Adam, reference_adam, dict(lr=0.1, betas=(0.5, 0.9), eps=1e-3)),
    (optim.Adam, reference_adam, dict(lr=0.05, betas=(0.8, 0.95), weight_decay=0.1, amsgrad=True, maximize=True)),
    (optim.AdamW, reference_adamw, dict(lr=0.05)),
    (optim.AdamW, reference_adamw, dict(lr=0.05, weight_decay=0.5)),
    (optim.AdamW, reference_adamw, dict(lr=0.05, weight_decay=0.3, amsgrad=True)),
    (optim.AdamW, reference_adamw, dict(lr=0.05, weight_decay=0.3, betas=(0.7, 0.9), maximize=True)),
    (optim.RMSprop, reference_rmsprop, dict(lr=0.01)),
    (optim.RMSprop, reference_rmsprop, dict(lr=0.01, alpha=0.5)),
    (optim.RMSprop, reference_rmsprop, dict(lr=0.01, centered=True)),
    (optim.RMSprop, reference_rmsprop, dict(lr=0.01, momentum=0.6)),
    (optim.RMSprop, reference_rmsprop, dict(lr=0.01, weight_decay=0.2, eps=1e-3)),
    (optim.RMSprop, reference_rmsprop, dict(lr=0.01, maximize=True)),
    (optim.RMSprop, reference_rmsprop, dict(lr=0.005, alpha=0.9, centered=True, momentum=0.5, weight_decay=0.1)),
    (optim.Adagrad, reference_adagrad, dict(lr=0.1)),
    (optim.Adagrad, reference_adagrad, dict(lr=0.1, lr_decay=0.1)),
    (optim.Adagrad, reference_adagrad, dict(lr=0.1, weight_decay=0.2)),
    (optim.Adagrad, reference_adagrad, dict(lr=0.1, initial_accumulator_value=0.5, eps=1e-3)),
    (optim.Adagrad, reference_adagrad, dict(lr=0.1, maximize=True)),
    (optim.Adagrad, reference_adagrad, dict(lr=0.1, lr_decay=0.05, weight_decay=0.1, initial_accumulator_value=0.1)),
]
CASE_IDS = [f"{cls.__name__}-{'-'.join(f'{k}={v}' for k, v in opts.items())}" for cls, _, opts in CASES]


def train(opt_cls, problem, init, options, n_steps, dtype=np.float64):
    """Run a mygrad optimizer; return the parameter values after every step."""
    params = [mg.tensor(x, dtype=dtype) for x in init]
    opt = opt_cls(params, **options)
    trajectory = []
    for _ in range(n_steps):
        opt.zero_grad()
        problem.loss(*params).backward()
        opt.step()
        trajectory.append([p.data.copy() for p in params])
    return trajectory, params, opt


def train_reference(rule, problem, init, options, n_steps):
    thetas = [np.array(x, dtype=np.float64) for x in init]
    states = [{} for _ in thetas]
    trajectory = []
    for t in range(1, n_steps + 1):
        grads = problem.grads(*thetas)
        for i, (theta, grad) in enumerate(zip(thetas, grads)):
            thetas[i], states[i] = rule(theta, grad, states[i], t, **options)
        trajectory.append([theta.copy() for theta in thetas])
    return trajectory


def initial_values(problem, seed):
    rng = np.random.default_rng(seed)
    return [rng.uniform(-1.5, 1.5, size=shape) for shape in problem.shapes]


def assert_trajectories_close(actual, expected, rtol, atol):
    for step, (got, want) in enumerate(zip(actual, expected), start=1):
        for i, (g, w) in enumerate(zip(got, want)):
            np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg=f"parameter {i} after step {step}")


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("opt_cls, rule, options", CASES, ids=CASE_IDS)
@settings(max_examples=4)
@given(seed=st.integers(0, 2**32 - 1))
def test_trajectory_matches_reference(opt_cls, rule, options, problem, seed):
    init = initial_values(problem, seed)
    actual, _, _ = train(opt_cls, problem, init, options, N_STEPS)
    expected = train_reference(rule, problem, init, options, N_STEPS)
    assert_trajectories_close(actual, expected, rtol=1e-8, atol=1e-10)
    # the trajectory actually moves: a no-op optimizer would fail here
    assert not np.allclose(actual[-1][0], init[0])


@pytest.mark.parametrize("opt_cls, rule, options", CASES[::3], ids=CASE_IDS[::3])
def test_float32_stays_float32(opt_cls, rule, options):
    init = initial_values(TanhRegression, 0)
    actual, params, opt = train(opt_cls, TanhRegression, init, options, N_STEPS, dtype=np.float32)
    for p in params:
        assert p.dtype == np.float32
        for name, value in opt.state[p].items():
            if isinstance(value, np.ndarray):
                assert value.dtype == np.float32, name
    expected = train_reference(rule, TanhRegression, init, options, N_STEPS)
    assert_trajectories_close(actual, expected, rtol=2e-3, atol=2e-4)


def test_hand_computed_sgd_momentum_steps():
    # f = w^2: g = 2w. lr 0.1, momentum 0.5.
    # step 1: b = 2, w = 1 - 0.2 = 0.8; step 2: g = 1.6, b = 0.5*2 + 1.6 = 2.6, w = 0.8 - 0.26 = 0.54
    w = mg.tensor([1.0])
    opt = optim.SGD([w], lr=0.1, momentum=0.5)
    for _ in range(2):
        (w**2).sum().backward()
        opt.step()
    np.testing.assert_allclose(w.data, [0.54])
    np.testing.assert_allclose(opt.state[w]["momentum_buffer"], [2.6])


def test_param_groups_use_their_own_options():
    init = initial_values(Quadratic, 3)
    w, U = (mg.tensor(x) for x in init)
    opt = optim.Adam([{"params": [w], "lr": 0.1, "amsgrad": True}, {"params": U}], lr=0.01, betas=(0.8, 0.9))
    assert opt.param_groups[1]["lr"] == 0.01 and opt.param_groups[0]["betas"] == (0.8, 0.9)
    thetas, states = [x.copy() for x in init], [{}, {}]
    group_options = [dict(lr=0.1, amsgrad=True, betas=(0.8, 0.9)), dict(lr=0.01, betas=(0.8, 0.9))]
    for t in range(1, N_STEPS + 1):
        Quadratic.loss(w, U).backward()
        opt.step()
        grads = Quadratic.grads(*thetas)
        for i in range(2):
            thetas[i], states[i] = reference_adam(thetas[i], grads[i], states[i], t, **group_options[i])
    np.testing.assert_allclose(w.data, thetas[0], rtol=1e-9)
    np.testing.assert_allclose(U.data, thetas[1], rtol=1e-9)


def test_changing_lr_between_steps_takes_effect():
    w = mg.tensor([1.0, 2.0])
    opt = optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    opt.param_groups[0]["lr"] = 0.25
    opt.step()
    np.testing.assert_allclose(w.data, [0.5, 1.0])


def test_params_without_grad_are_skipped():
    a, b = mg.tensor([1.0, 2.0]), mg.tensor([3.0])
    opt = optim.Adam([a, b], lr=0.1)
    (a * a).sum().backward()
    opt.step()
    assert b.grad is None and b.data.tolist() == [3.0] and b not in opt.state
    assert a.data.tolist() != [1.0, 2.0] and opt.state[a]["step"] == 1


def test_frozen_parameter_is_accepted_and_skipped():
    from mygrad.nn.parameter import Parameter

    frozen = Parameter(np.array([1.0, 2.0]), requires_grad=False)
    live = Parameter(np.array([1.0]))
    opt = optim.SGD([frozen, live], lr=0.5)
    (frozen * live).sum().backward()
    opt.step()
    assert frozen.data.tolist() == [1.0, 2.0]
    np.testing.assert_allclose(live.data, [1.0 - 0.5 * 3.0])


def test_closure_is_called_and_its_loss_returned():
    w = mg.tensor([2.0])
    opt = optim.SGD([w], lr=0.25)

    def closure():
        opt.zero_grad()
        loss = (w**2).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == 4.0
    np.testing.assert_allclose(w.data, [1.0])


@pytest.mark.parametrize("set_to_none", [True, False])
def test_zero_grad(set_to_none):
    w = mg.tensor([1.0, 2.0])
    opt = optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    grad = w.grad
    opt.zero_grad(set_to_none=set_to_none)
    if set_to_none:
        assert w.grad is None
    else:
        assert w.grad is grad and not grad.any()


# ------------------------------------------------------------------ tied parameters
@pytest.mark.parametrize("opt_cls, rule, options", [CASES[1], CASES[13], CASES[24]], ids=["SGD", "Adam", "RMSprop"])
def test_parameter_listed_twice_is_updated_once(opt_cls, rule, options):
    init = initial_values(Quadratic, 5)
    w, U = (mg.tensor(x) for x in init)
    with pytest.warns(UserWarning, match="duplicate parameters"):
        opt = opt_cls([w, U, w], **options)
    assert len(opt.param_groups[0]["params"]) == 2
    thetas, states = [x.copy() for x in init], [{}, {}]
    for t in range(1, 6):
        Quadratic.loss(w, U).backward()
        opt.step()
        grads = Quadratic.grads(*thetas)
        for i in range(2):
            thetas[i], states[i] = rule(thetas[i], grads[i], states[i], t, **options)
    np.testing.assert_allclose(w.data, thetas[0], rtol=1e-9)


def test_tied_weight_used_twice_in_a_graph_gets_one_update_with_summed_grad():
    # loss = sum(w * x1) + sum(w * x2) with the same w: grad = x1 + x2, applied once
    w = mg.tensor([1.0, -1.0])
    x1, x2 = np.array([1.0, 2.0]), np.array([3.0, -5.0])
    opt = optim.SGD([w], lr=0.1)
    ((w * x1).sum() + (w * 2 * x2).sum() + (w + w * 2).sum()).backward()
    np.testing.assert_allclose(w.grad, x1 + 2 * x2 + 3)
    opt.step()
    np.testing.assert_allclose(w.data, np.array([1.0, -1.0]) - 0.1 * (x1 + 2 * x2 + 3))


def test_parameter_in_two_groups_raises():
    w, v = mg.tensor([1.0]), mg.tensor([2.0])
    with pytest.raises(ValueError, match="more than one parameter group"):
        optim.SGD([{"params": [w, v]}, {"params": [w]}], lr=0.1)
    opt = optim.SGD([w], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [v, w]})


def test_add_param_group_fills_defaults_and_trains_new_params():
    w, v = mg.tensor([1.0]), mg.tensor([1.0])
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": v, "lr": 0.5})
    assert opt.param_groups[1]["momentum"] == 0.9 and opt.param_groups[1]["lr"] == 0.5
    (w * v * 2).sum().backward()
    opt.step()
    np.testing.assert_allclose([w.item(), v.item()], [1 - 0.1 * 2, 1 - 0.5 * 2])


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: optim.SGD([np.array([1.0])], lr=0.1), TypeError, "only optimize Tensors.*ndarray"),
        (lambda: optim.SGD([mg.tensor([1, 2])], lr=0.1), ValueError, "floating-point.*int"),
        (lambda: optim.SGD([mg.tensor([1.0], constant=True)], lr=0.1), ValueError, "constant"),
        (lambda: optim.SGD(mg.tensor([1.0]), lr=0.1), TypeError, "single Tensor"),
        (lambda: optim.SGD([], lr=0.1), ValueError, "empty parameter list"),
        (lambda: optim.SGD({mg.tensor([1.0])}, lr=0.1), TypeError, "not a set"),
        (lambda: optim.SGD([mg.tensor([1.0])], lr=-0.1), ValueError, "Invalid lr"),
        (lambda: optim.SGD([mg.tensor([1.0])], lr=0.1, momentum=-1), ValueError, "Invalid momentum"),
        (lambda: optim.SGD([mg.tensor([1.0])], lr=0.1, weight_decay=-1), ValueError, "Invalid weight_decay"),
        (lambda: optim.SGD([mg.tensor([1.0])], lr=0.1, nesterov=True), ValueError, "Nesterov momentum requires"),
        (lambda: optim.SGD([{"params": [mg.tensor([1.0])], "lr": -1.0}], lr=0.1), ValueError, "Invalid lr"),
        (lambda: optim.SGD([{"params": [mg.tensor([1.0])], "betas": (0.9, 0.9)}], lr=0.1), ValueError,
         r"unknown option\(s\) \['betas'\]"),
        (lambda: optim.SGD([mg.tensor([1.0])], lr="fast"), TypeError, "learning rate lr must be a real number"),
        (lambda: optim.Adam([mg.tensor([1.0])], eps=-1e-8), ValueError, "Invalid eps"),
        (lambda: optim.Adam([mg.tensor([1.0])], betas=(1.0, 0.999)), ValueError, "beta parameter at index 0"),
        (lambda: optim.Adam([mg.tensor([1.0])], betas=(0.9, -0.1)), ValueError, "beta parameter at index 1"),
        (lambda: optim.AdamW([mg.tensor([1.0])], weight_decay=-0.1), ValueError, "Invalid weight_decay"),
        (lambda: optim.RMSprop([mg.tensor([1.0])], alpha=-0.5), ValueError, "Invalid alpha"),
        (lambda: optim.RMSprop([mg.tensor([1.0])], momentum=-0.5), ValueError, "Invalid momentum"),
        (lambda: optim.Adagrad([mg.tensor([1.0])], lr_decay=-1), ValueError, "Invalid lr_decay"),
        (lambda: optim.Adagrad([mg.tensor([1.0])], initial_accumulator_value=-1), ValueError,
         "Invalid initial_accumulator_value"),
    ],
)
def test_construction_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_unknown_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="momentum"):
        optim.Adam([mg.tensor([1.0])], momentum=0.9)


def test_base_class_without_update_rule_says_so():
    w = mg.tensor([1.0])
    opt = optim.Optimizer([w], dict(lr=0.1))
    (w * w).sum().backward()
    with pytest.raises(NotImplementedError, match="update_param"):
        opt.step()


# ------------------------------------------------------------------ memory
@pytest.mark.parametrize("opt_cls, options", [(c, o) for c, _, o in CASES[::2]], ids=CASE_IDS[::2])
def test_steady_state_step_allocates_no_parameter_sized_arrays(opt_cls, options):
    w = mg.tensor(np.linspace(-1, 1, 50_000))
    opt = opt_cls([w], **options)
    (w * w).sum().backward()
    opt.step()  # first step: state buffers and scratch are allocated
    buffers = {name: value for name, value in opt.state[w].items() if isinstance(value, np.ndarray)}
    tracemalloc.start()
    try:
        opt.step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < w.data.nbytes / 4, f"a step allocated {peak} bytes for a {w.data.nbytes}-byte parameter"
    for name, value in opt.state[w].items():
        if name in buffers:
            assert value is buffers[name], f"state {name!r} was reallocated"


@pytest.mark.parametrize("opt_cls", [optim.SGD, optim.Adam, optim.AdamW, optim.RMSprop, optim.Adagrad])
def test_pytorchs_implementation_flags_are_accepted_and_change_nothing(opt_cls):
    # real PyTorch programs pass foreach=/fused=/capturable= (nanoGPT: AdamW(..., fused=use_fused))
    flags = {"SGD": dict(foreach=True, fused=False), "Adam": dict(foreach=False, fused=True, capturable=False),
             "AdamW": dict(fused=True, capturable=True), "RMSprop": dict(foreach=None, capturable=False),
             "Adagrad": dict(foreach=None, fused=None)}[opt_cls.__name__]
    values = []
    for options in ({}, flags):
        w = mg.tensor([1.0, -2.0])
        opt = opt_cls([w], lr=0.1, **options, differentiable=False)
        for _ in range(3):
            opt.zero_grad()
            (w ** 2).sum().backward()
            opt.step()
        values.append(w.data.copy())
        assert not set(flags) & set(opt.param_groups[0])  # not options of the update
    np.testing.assert_array_equal(*values)
    with pytest.raises(NotImplementedError, match="differentiable=True"):
        opt_cls([mg.tensor([1.0])], lr=0.1, differentiable=True)
    with pytest.raises(TypeError, match="foreach must be None, True or False"):
        opt_cls([mg.tensor([1.0])], lr=0.1, foreach="yes")


def test_adam_decoupled_weight_decay_is_adamw():
    a, b = mg.tensor([1.0, -2.0]), mg.tensor([1.0, -2.0])
    adam = optim.Adam([a], lr=0.1, weight_decay=0.3, decoupled_weight_decay=True)
    adamw = optim.AdamW([b], lr=0.1, weight_decay=0.3)
    for _ in range(3):
        for w, opt in ((a, adam), (b, adamw)):
            opt.zero_grad()
            (w ** 2).sum().backward()
            opt.step()
    np.testing.assert_array_equal(a.data, b.data)
    assert optim.Adam([mg.tensor([1.0])]).decoupled_weight_decay is False
