"""PyTorch training-loop habits: stepping while a graph is alive, and gradient accumulation."""

import gc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mygrad as mg
from mygrad.autodiff import backprop
from mygrad.autodiff.memory.inplace import renew_memory
from mygrad.nn.utils import clip_grad_norm_
from mygrad.optim import SGD, Adam


def listening(opt) -> bool:
    return opt._watch is not None and opt._watch._listener in backprop.leaf_grad_listeners


# ------------------------------------------------ stepping with a live graph
def test_step_with_a_live_graph_keeps_that_graph_right():
    w = mg.tensor([1.0, 2.0])
    kept = (w * w).sum()  # e.g. a validation loss computed outside no_autodiff (it keeps w's array read-only)
    opt = SGD([w], lr=0.5)
    (3 * w).sum().backward()  # grad = [3, 3]
    opt.step()  # w gets new memory; kept's graph keeps the old values
    np.testing.assert_allclose(w.data, [-0.5, 0.5])
    assert kept.item() == 5.0
    # the training backward cleared w, so kept's graph cannot reach it: MyGrad 2.5 raises here, with or without
    # the step (and PyTorch would refuse too: w was modified in place after kept saved it)
    with pytest.raises(mg.errors.InvalidBackprop):
        kept.backward()
    np.testing.assert_allclose(w.grad, [3.0, 3.0])  # w's gradient from the training pass is untouched


def test_step_with_a_live_graph_twice_and_through_views():
    w = mg.tensor(np.arange(6.0).reshape(2, 3))
    view = w.T  # a view of the parameter, used in the kept graph
    kept = (view * 2).sum()
    opt = SGD([w], lr=1.0)
    for expected in (np.arange(6.0).reshape(2, 3) - 1, np.arange(6.0).reshape(2, 3) - 2):
        (w * 1.0).sum().backward()  # grad = ones
        opt.step()
        np.testing.assert_array_equal(w.data, expected)
    np.testing.assert_array_equal(view.data, w.data.T)  # the view sees the new memory
    assert np.shares_memory(view.data, w.data)
    assert kept.item() == 30.0


def test_adam_state_survives_the_memory_change():
    a, b = mg.tensor([1.0, -1.0]), mg.tensor([1.0, -1.0])
    opt_a, opt_b = Adam([a], lr=0.1), Adam([b], lr=0.1)
    for _ in range(3):
        kept = (a * 2).sum()  # only a's optimizer sees a live graph
        (a ** 2).sum().backward()
        (b ** 2).sum().backward()
        opt_a.step()
        opt_b.step()
        del kept
    np.testing.assert_array_equal(a.data, b.data)


def test_in_place_speed_path_is_kept_without_a_live_graph():
    w = mg.tensor([1.0, 2.0])
    memory = w.data
    (w * w).sum().backward()
    SGD([w], lr=0.1).step()
    assert w.data is memory  # no live graph: updated in place


def test_read_only_by_nature_is_a_clear_error_and_changes_nothing():
    array = np.array([1.0, 2.0])
    array.setflags(write=False)
    w = mg.Tensor(array, copy=False)
    w.grad = np.ones(2)
    with pytest.raises(ValueError, match="read-only by nature"):
        SGD([w], lr=0.1).step()
    np.testing.assert_array_equal(w.data, [1.0, 2.0])


def test_renew_memory_refuses_views():
    w = mg.tensor([1.0, 2.0])
    with pytest.raises(ValueError, match="view"):
        renew_memory(w[:1])


# ------------------------------------------------ gradient accumulation
MICRO = [np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([1.0, 1.0]), np.array([2.0, 0.0])]


def test_accumulate_grad_sums_every_pass():
    w = mg.tensor([0.0, 0.0])
    opt = SGD([w], lr=0.5)
    opt.zero_grad()
    seen = []
    with opt.accumulate_grad():
        for x in MICRO:
            (w * x).sum().backward()  # d/dw = x
            seen.append(w.grad.copy())
    np.testing.assert_array_equal(seen, np.cumsum(MICRO, axis=0))  # .grad is the running sum
    opt.step()
    np.testing.assert_array_equal(w.data, [-2.0, -1.0])
    assert listening(opt)  # the next step's passes are watched (a fresh watch: nothing carried over)
    assert opt._watch.passes == 0 and not opt._watch.summed


def test_accumulated_sum_survives_a_later_forward_pass():
    w = mg.tensor([0.0, 0.0])
    opt = SGD([w], lr=1.0)
    opt.zero_grad()
    with opt.accumulate_grad():
        for x in MICRO[:2]:
            (w * x).sum().backward()
    _ = w * 2  # clears w.grad (mygrad's rule)
    assert w.grad is None
    opt.step()  # still steps with the sum
    np.testing.assert_array_equal(w.data, [-1.0, -1.0])


@pytest.mark.parametrize("keep_output", [True, False], ids=["output-kept", "output-dropped"])
def test_a_forward_pass_between_backward_and_step_does_not_skip_the_step(keep_output):
    # PyTorch keeps .grad until zero_grad(), so `loss.backward(); model(x_val); optimizer.step()` steps with
    # the loss's gradient. mygrad clears .grad when w enters the new op; step() used to skip w silently.
    w = mg.tensor([1.0, 2.0])
    opt = SGD([w], lr=0.5, momentum=0.9)
    opt.zero_grad()
    (3 * w).sum().backward()  # grad = [3, 3]
    logged = (w * w).sum()  # e.g. logging a metric outside no_autodiff
    if not keep_output:
        del logged
    assert w.grad is None
    opt.step()
    np.testing.assert_allclose(w.data, [-0.5, 0.5])
    np.testing.assert_allclose(opt.state[w]["momentum_buffer"], [3.0, 3.0])
    opt.zero_grad()
    (w * 1.0).sum().backward()  # the next step: only its own pass counts (buffer 0.9 * 3 + 1)
    opt.step()
    np.testing.assert_allclose(w.data, [-0.5 - 0.5 * 3.7, 0.5 - 0.5 * 3.7])


def test_a_gradient_cleared_by_hand_is_skipped_as_pytorch_skips_it():
    w, v = mg.tensor([1.0, 2.0]), mg.tensor([1.0])
    opt = SGD([w, v], lr=0.5)
    opt.zero_grad()
    ((3 * w).sum() + v.sum()).backward()
    w.grad = None  # by hand: PyTorch's step skips a parameter whose .grad is None
    v.null_grad()
    opt.step()
    np.testing.assert_array_equal(w.data, [1.0, 2.0])
    np.testing.assert_array_equal(v.data, [1.0])


def test_clipping_sees_the_accumulated_gradient():
    w = mg.tensor([0.0, 0.0])
    opt = SGD([w], lr=1.0)
    opt.zero_grad()
    with opt.accumulate_grad():
        for x in MICRO:
            (w * x).sum().backward()
    norm = clip_grad_norm_([w], max_norm=1.0)
    assert norm == pytest.approx(np.sqrt(20.0))
    opt.step()
    np.testing.assert_allclose(w.data, -np.array([4.0, 2.0]) / np.sqrt(20.0), rtol=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(0, 10_000))
def test_accumulated_step_equals_one_pass_over_the_summed_loss(n_micro, seed):
    rng = np.random.default_rng(seed)
    xs, ys = rng.normal(size=(n_micro, 4, 3)), rng.normal(size=(n_micro, 4))
    w0 = rng.normal(size=3)
    w_acc, w_one = mg.tensor(w0), mg.tensor(w0)
    opt_acc, opt_one = SGD([w_acc], lr=0.1, momentum=0.9), SGD([w_one], lr=0.1, momentum=0.9)
    for _ in range(2):
        opt_acc.zero_grad()
        with opt_acc.accumulate_grad():
            for x, y in zip(xs, ys):
                ((mg.matmul(x, w_acc) - y) ** 2).mean().backward()
        opt_acc.step()
        opt_one.zero_grad()
        sum(((mg.matmul(x, w_one) - y) ** 2).mean() for x, y in zip(xs, ys)).backward()
        opt_one.step()
    np.testing.assert_allclose(w_acc.data, w_one.data, rtol=1e-12, atol=1e-12)


# ------------------------------------------------ detecting the unsupported pattern
def test_several_passes_without_accumulation_raise_at_step():
    w = mg.tensor([0.0, 0.0])
    opt = SGD([w], lr=0.5)
    opt.zero_grad()
    for x in MICRO:
        (w * x).sum().backward()
    for _ in range(2):  # still refused on a retry: nothing was updated
        with pytest.raises(RuntimeError, match=r"4 backward passes.*accumulate_grad"):
            opt.step()
        np.testing.assert_array_equal(w.data, [0.0, 0.0])
    opt.zero_grad()  # starts again
    (w * MICRO[0]).sum().backward()
    opt.step()
    np.testing.assert_array_equal(w.data, [-0.5, 0.0])


def test_a_pass_after_the_accumulation_block_is_detected():
    w = mg.tensor([0.0, 0.0])
    opt = SGD([w], lr=0.5)
    opt.zero_grad()
    with opt.accumulate_grad():
        (w * MICRO[0]).sum().backward()
    (w * MICRO[1]).sum().backward()  # outside the block: would replace the sum
    with pytest.raises(RuntimeError, match="backward passes"):
        opt.step()


def test_one_pass_per_step_and_passes_on_other_parameters_are_fine():
    w, other = mg.tensor([1.0]), mg.tensor([1.0])
    opt = SGD([w], lr=0.5)
    for _ in range(3):
        opt.zero_grad()
        (other * 2).sum().backward()  # does not reach the optimizer's parameters
        (w * 2).sum().backward()
        (other * 3).sum().backward()
        opt.step()
    np.testing.assert_array_equal(w.data, [-2.0])


def test_passes_before_the_first_step_or_zero_grad_are_not_watched_later_ones_are():
    w = mg.tensor([1.0])
    opt = SGD([w], lr=0.5)
    (w * 2).sum().backward()
    (w * 2).sum().backward()  # nothing told the optimizer to watch yet: the last gradient is used
    opt.step()
    np.testing.assert_array_equal(w.data, [0.0])
    assert listening(opt)  # from the first step on, every step's passes are watched


def test_a_dropped_optimizer_stops_listening():
    w = mg.tensor([1.0])
    opt = SGD([w], lr=0.5)
    opt.zero_grad()
    assert listening(opt)
    listener = opt._watch._listener
    del opt
    gc.collect()
    assert listener not in backprop.leaf_grad_listeners
    (w * 2).sum().backward()  # no error from a dead listener


def test_a_watched_optimizer_pickles_and_copies_unwatched():
    import copy
    import pickle

    w = mg.tensor([1.0])
    opt = SGD([w], lr=0.5)
    opt.zero_grad()
    for clone in (pickle.loads(pickle.dumps(opt)), copy.deepcopy(opt)):
        assert clone._watch is None and clone.param_groups[0]["lr"] == 0.5
    assert listening(opt)  # only the original listens
    opt.step()
    assert listening(opt)  # ... and goes on listening for the next step's passes


@pytest.mark.parametrize("zero_grad_after_step", [True, False])
def test_stepping_every_k_passes_inside_one_accumulation_block(zero_grad_after_step):
    w = mg.tensor([0.0, 0.0])
    opt = SGD([w], lr=0.5)
    opt.zero_grad()
    with opt.accumulate_grad():
        for i, x in enumerate(MICRO * 2):
            (w * x).sum().backward()
            if (i + 1) % 4 == 0:
                opt.step()  # each step uses the sum of the last 4 passes: [4, 2]
                if zero_grad_after_step:
                    opt.zero_grad()
    np.testing.assert_array_equal(w.data, [-4.0, -2.0])


def test_lost_passes_are_caught_after_a_step_even_if_zeroing_goes_through_the_model():
    w = mg.tensor([1.0, 2.0])
    opt = SGD([w], lr=0.1)
    (w * w).sum().backward()
    opt.step()  # no zero_grad() anywhere, as MyGrad loops do: one pass per step is fine
    for _ in range(3):
        (w * w).sum().backward()
        opt.step()
    (w * w).sum().backward()
    (w * 3.0).sum().backward()  # model.zero_grad()-style loop: the optimizer never saw zero_grad()
    before = w.data.copy()
    with pytest.raises(RuntimeError, match="2 backward passes"):
        opt.step()
    np.testing.assert_array_equal(w.data, before)  # nothing was updated


def _two_layer():
    from mygrad import nn

    mg.random.seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).double()


def test_zeroing_through_the_model_between_passes_is_one_pass_per_step():
    # a GAN's generator step backpropagates through D; the next iteration's D.zero_grad() (the module's, as in
    # PyTorch's DCGAN example) clears that, so D's own pass is the only one: step() used to call it a lost pass
    D = _two_layer()
    opt = SGD(D.parameters(), lr=0.5)
    x = np.ones((2, 3))
    opt.zero_grad()
    D(x).sum().backward()
    opt.step()
    for _ in range(3):
        D(x * 2).sum().backward()  # the generator's pass reaching D's parameters
        D.zero_grad()
        (D(x) ** 2).sum().backward()  # D's own pass
        own = [p.grad.copy() for p in D.parameters()]
        before = [p.data.copy() for p in D.parameters()]
        opt.step()
        for p, b, g in zip(D.parameters(), before, own):
            np.testing.assert_allclose(p.data, b - 0.5 * g)
    D(x).sum().backward()
    (D(x) * 3).sum().backward()  # two passes with no zeroing in between: still refused
    with pytest.raises(RuntimeError, match="2 backward passes"):
        opt.step()


def test_zeroing_through_the_model_restarts_an_accumulated_sum_and_clears_it():
    D = _two_layer()
    w = D[0].weight
    opt = SGD(D.parameters(), lr=1.0)
    x = np.ones((2, 3))
    opt.zero_grad()
    with opt.accumulate_grad():
        D(x).sum().backward()
        D.zero_grad()  # PyTorch: the sum starts again here
        D(2 * x).sum().backward()
        second = w.grad.copy()
        D(2 * x).sum().backward()
    np.testing.assert_allclose(w.grad, 2 * second)
    before = w.data.copy()
    opt.step()
    np.testing.assert_allclose(w.data, before - 2 * second)

    opt.zero_grad()
    with opt.accumulate_grad():
        D(x).sum().backward()
    D.zero_grad()  # after the passes: PyTorch's step then has no gradient to use
    _ = D(x)  # (and a forward pass does not bring it back)
    before = [p.data.copy() for p in D.parameters()]
    opt.step()
    assert all((p.data == b).all() for p, b in zip(D.parameters(), before))


def test_a_gradient_zeroed_through_the_model_is_not_rescued_after_a_forward_pass():
    D = _two_layer()
    opt = SGD(D.parameters(), lr=1.0)
    opt.zero_grad()
    D(np.ones((2, 3))).sum().backward()
    D.zero_grad()
    _ = D(np.ones((2, 3)))  # logging after zeroing
    before = [p.data.copy() for p in D.parameters()]
    opt.step()  # PyTorch: .grad is None, nothing to do
    assert all((p.data == b).all() for p, b in zip(D.parameters(), before))
