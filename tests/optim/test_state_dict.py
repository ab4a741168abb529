"""Save, reload and resume: an interrupted run continues exactly like an uninterrupted one."""

import numpy as np
import pytest

import mygrad as mg
from mygrad import optim
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.optim import lr_scheduler
from tests.optim.problems import PROBLEMS, Quadratic, TanhRegression

OPTIMIZERS = [
    (optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    (optim.SGD, dict(lr=0.05, momentum=0.8, dampening=0.2)),
    (optim.Adam, dict(lr=0.05, amsgrad=True, weight_decay=0.01)),
    (optim.AdamW, dict(lr=0.05, betas=(0.8, 0.99))),
    (optim.RMSprop, dict(lr=0.01, momentum=0.5, centered=True)),
    (optim.Adagrad, dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)),
]
IDS = [cls.__name__ for cls, _ in OPTIMIZERS]


def make(opt_cls, options, problem, dtype, values=None):
    rng = np.random.default_rng(0)
    values = values or [rng.uniform(-1, 1, size=s) for s in problem.shapes]
    params = [mg.tensor(v, dtype=dtype) for v in values]
    # two groups, so positions run across groups
    opt = opt_cls([{"params": params[:1]}, {"params": params[1:], "lr": options["lr"] / 2}], **options)
    return params, opt


def run(params, opt, problem, n_steps, scheduler=None):
    for _ in range(n_steps):
        opt.zero_grad()
        problem.loss(*params).backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("opt_cls, options", OPTIMIZERS, ids=IDS)
def test_resume_from_checkpoint_matches_uninterrupted_training(opt_cls, options, dtype, problem, tmp_path):
    params, opt = make(opt_cls, options, problem, dtype)
    sched = lr_scheduler.StepLR(opt, step_size=4, gamma=0.5)
    run(params, opt, problem, 10, sched)
    path = tmp_path / "run.ckpt"
    save_checkpoint(path, {"params": [p.data for p in params], "optim": opt.state_dict(), "sched": sched.state_dict()})
    run(params, opt, problem, 12, sched)

    saved = load_checkpoint(path)
    params2, opt2 = make(opt_cls, options, problem, dtype, values=list(saved["params"]))
    sched2 = lr_scheduler.StepLR(opt2, step_size=4, gamma=0.5)
    opt2.load_state_dict(saved["optim"])
    sched2.load_state_dict(saved["sched"])
    run(params2, opt2, problem, 12, sched2)

    for p, p2 in zip(params, params2):
        assert p2.dtype == dtype
        np.testing.assert_array_equal(p2.data, p.data)
    assert sched2.get_last_lr() == sched.get_last_lr()
    for p, p2 in zip(params, params2):
        for name, value in opt.state[p].items():
            np.testing.assert_array_equal(opt2.state[p2][name], value)
            assert type(opt2.state[p2][name]) is type(value)


def test_state_dict_is_keyed_by_position_and_is_a_snapshot():
    a, b, c = mg.tensor([1.0]), mg.tensor([2.0, 3.0]), mg.tensor([4.0])
    opt = optim.SGD([{"params": [a, b]}, {"params": [c], "lr": 0.5}], lr=0.1, momentum=0.9)
    ((a * b).sum() + (c * c).sum()).backward()
    opt.step()
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2]]
    assert sorted(sd["state"]) == [0, 1, 2]
    np.testing.assert_array_equal(sd["state"][1]["momentum_buffer"], [1.0, 1.0])  # grad of b = a = 1
    assert sd["param_groups"][1]["lr"] == 0.5
    before = sd["state"][2]["momentum_buffer"].copy()
    (c * c).sum().backward()
    opt.step()
    np.testing.assert_array_equal(sd["state"][2]["momentum_buffer"], before)


def test_load_state_dict_copies_and_casts_buffers():
    w = mg.tensor(np.ones(3, dtype=np.float32))
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    buf = np.arange(3.0)
    opt.load_state_dict({"state": {0: {"momentum_buffer": buf}}, "param_groups": [{"lr": 0.2, "params": [0]}]})
    loaded = opt.state[w]["momentum_buffer"]
    assert loaded.dtype == np.float32 and loaded is not buf
    assert opt.param_groups[0]["lr"] == 0.2 and opt.param_groups[0]["momentum"] == 0.9


def test_load_state_dict_restores_tuple_options():
    w = mg.tensor([1.0])
    opt = optim.Adam([w], betas=(0.8, 0.9))
    sd = opt.state_dict()
    sd["param_groups"][0]["betas"] = np.array([0.7, 0.95])  # as an array-minded format might return it
    opt.load_state_dict(sd)
    assert opt.param_groups[0]["betas"] == (0.7, 0.95)


@pytest.mark.parametrize(
    "state_dict, match",
    [
        ({"state": {}, "param_groups": []}, "0 parameter groups, but the optimizer has 1"),
        ({"state": {}, "param_groups": [{"lr": 0.1, "params": [0]}]}, "group 0 .* has 1 parameters, but .* has 2"),
        (
            {"state": {1: {"momentum_buffer": np.zeros(5)}}, "param_groups": [{"lr": 0.1, "params": [0, 1]}]},
            r"'momentum_buffer' of parameter 1 has shape \(5,\), but the parameter has shape \(2,\)",
        ),
        ({"state": {7: {}}, "param_groups": [{"lr": 0.1, "params": [0, 1]}]}, "refers to parameter 7"),
    ],
)
def test_load_state_dict_errors(state_dict, match):
    opt = optim.SGD([mg.tensor([1.0]), mg.tensor([1.0, 2.0])], lr=0.1, momentum=0.9)
    with pytest.raises(ValueError, match=match):
        opt.load_state_dict(state_dict)


def test_nn_model_training_resumes_exactly_from_a_checkpoint(tmp_path):
    from mygrad import nn

    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 3)).astype(np.float32)
    y = np.tanh(x.sum(axis=1, keepdims=True))

    def build():
        model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
        return model, optim.Adam(model.parameters(), lr=0.01, amsgrad=True)

    def train(model, opt, n):
        for _ in range(n):
            opt.zero_grad()
            ((model(x) - y) ** 2).mean().backward()
            opt.step()

    model, opt = build()
    train(model, opt, 5)
    save_checkpoint(tmp_path / "m.ckpt", {"model": model.state_dict(), "optim": opt.state_dict()})
    train(model, opt, 5)

    model2, opt2 = build()
    saved = load_checkpoint(tmp_path / "m.ckpt")
    model2.load_state_dict(saved["model"])
    opt2.load_state_dict(saved["optim"])
    train(model2, opt2, 5)
    for p, p2 in zip(model.parameters(), model2.parameters()):
        assert p2.dtype == np.float32
        np.testing.assert_array_equal(p2.data, p.data)


def test_load_state_dict_names_what_is_missing_and_changes_nothing():
    w = mg.tensor([1.0, 2.0])
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    before = opt.state_dict()
    with pytest.raises(ValueError, match="'state' or 'param_groups'.*foo"):
        opt.load_state_dict({"foo": 1})
    assert opt.state_dict()["param_groups"] == before["param_groups"]


@pytest.mark.parametrize(
    "name, options",
    [("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)), ("Adam", dict(lr=0.1, amsgrad=True)),
     ("AdamW", dict(lr=0.1, weight_decay=0.1)), ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5)),
     ("Adagrad", dict(lr=0.1, lr_decay=0.01))],
)
def test_a_pytorch_optimizer_state_dict_loads_and_continues_the_same(name, options):
    # PyTorch's groups also carry foreach/fused/capturable/differentiable (and Adam's decoupled_weight_decay)
    torch = pytest.importorskip("torch", reason="compares with a PyTorch optimizer's state dict")
    start = np.array([[1.0, -2.0], [0.5, 3.0]])
    w, tw = mg.tensor(start), torch.tensor(start, requires_grad=True)
    topt = getattr(torch.optim, name)([tw], **options)
    for _ in range(2):
        topt.zero_grad()
        (tw ** 3).sum().backward()
        topt.step()
    saved = topt.state_dict()
    w.data[...] = tw.detach().numpy()
    opt = getattr(optim, name)([w], **options)
    opt.load_state_dict({"state": {k: {n: v.numpy() if torch.is_tensor(v) else v for n, v in s.items()}
                                   for k, s in saved["state"].items()},
                         "param_groups": saved["param_groups"]})
    for _ in range(2):
        opt.zero_grad()
        (w ** 3).sum().backward()
        opt.step()
        topt.zero_grad()
        (tw ** 3).sum().backward()
        topt.step()
    np.testing.assert_allclose(w.data, tw.detach().numpy(), rtol=1e-12)


def test_a_state_dict_of_the_other_adam_is_refused():
    w = mg.tensor([1.0])
    saved = optim.Adam([w], lr=0.1).state_dict()
    saved["param_groups"][0]["decoupled_weight_decay"] = True
    with pytest.raises(ValueError, match="decoupled_weight_decay=True was saved"):
        optim.Adam([w], lr=0.1).load_state_dict(saved)
    saved["param_groups"][0].update(decoupled_weight_decay=False, differentiable=True)
    with pytest.raises(NotImplementedError, match="differentiable"):
        optim.Adam([w], lr=0.1).load_state_dict(saved)


def test_a_pytorch_state_dict_loads_as_torch_load_returns_it():
    # optimizer.load_state_dict(torch.load(path)["optimizer"]): the state holds torch tensors, not arrays
    torch = pytest.importorskip("torch", reason="loads a PyTorch optimizer's state dict")
    tw = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    topt = torch.optim.Adam([tw], lr=0.1)
    (tw ** 2).sum().backward()
    topt.step()
    w = mg.tensor(tw.detach().numpy().copy())
    opt = optim.Adam([w], lr=0.1)
    opt.load_state_dict(topt.state_dict())
    assert opt.state[w]["step"] == 1 and isinstance(opt.state[w]["exp_avg"], np.ndarray)
    np.testing.assert_array_equal(opt.state[w]["exp_avg_sq"], topt.state[tw]["exp_avg_sq"].numpy())
