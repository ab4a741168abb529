"""Memory guarding: arrays a live graph depends on are read-only until the graph is done."""

import gc

import numpy as np
import pytest

import mygrad as mg
from mygrad import memory_guard


def test_input_array_is_locked_while_the_graph_lives_and_released_by_backward():
    x = np.arange(3.0)
    y = mg.tensor([1.0, 1.0, 1.0])
    z = x * y
    with pytest.raises(ValueError, match="read-only"):
        x[:] = 0
    z.backward()
    np.testing.assert_array_equal(y.grad, [0.0, 1.0, 2.0])  # the gradient saw the original x
    x[:] = 0  # writeable again
    assert y.data.flags.writeable and z.data.flags.writeable


def test_tensor_data_is_locked_too():
    w = mg.tensor([1.0, 2.0])
    loss = (w * w).sum()
    with pytest.raises(ValueError):
        w.data[0] = 5.0
    with pytest.raises(ValueError):
        loss.data[...] = 0.0
    loss.backward()
    w.data[0] = 5.0


def test_clear_graph_and_garbage_collection_release_locks():
    x = np.ones(3)
    w = mg.tensor([1.0, 2.0, 3.0])
    out = w * x
    out.clear_graph()
    x[0] = 2.0
    w.data[0] = 0.0

    y = np.ones(3)
    dropped = w * y
    assert not y.flags.writeable
    del dropped
    gc.collect()
    assert y.flags.writeable


def test_an_array_in_two_live_graphs_stays_locked_until_both_are_done():
    x = np.ones(2)
    a, b = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
    first, second = a * x, b * x
    first.backward()
    assert not x.flags.writeable  # second still needs it
    second.backward()
    assert x.flags.writeable


def test_views_become_writeable_after_their_base():
    w = mg.tensor(np.arange(6.0))
    y = w * 2
    v = y[:3]  # a view of y's (locked) memory
    assert v.base is y
    v.sum().backward()
    v.data[0] = 100.0  # released along with y's memory
    assert y.data[0] == 100.0


def test_natively_read_only_arrays_stay_read_only():
    x = np.ones(3)
    x.setflags(write=False)
    w = mg.tensor([1.0, 2.0, 3.0])
    (w * x).backward()
    assert not x.flags.writeable


def test_mem_guard_off_context_decorator_and_global_switch():
    x = np.ones(2)
    w = mg.tensor([1.0, 2.0])
    assert mg.mem_guard_active()
    with mg.mem_guard_off:
        assert not mg.mem_guard_active()
        out = w * x
        x[0] = 3.0  # not guarded: allowed (and it would corrupt out's gradient)
    assert mg.mem_guard_active()
    out.backward()

    @mg.mem_guard_off
    def unguarded(t):
        return t * x

    unguarded(w)
    assert x.flags.writeable

    mg.turn_memory_guarding_off()
    try:
        out = w * x
        assert x.flags.writeable
        with mg.mem_guard_on:
            guarded = w * x
            assert not x.flags.writeable
        guarded.backward()
    finally:
        mg.turn_memory_guarding_on()
    assert x.flags.writeable


def test_no_autodiff_locks_nothing():
    x = np.ones(2)
    with mg.no_autodiff:
        mg.tensor([1.0, 2.0]) * x
    assert x.flags.writeable


def test_guarded_state_is_clean_after_a_training_loop():
    w = mg.tensor(np.ones((4, 4)))
    x = np.ones((3, 4))
    for _ in range(50):
        loss = (x @ w).sum()
        loss.backward()
        w -= 0.01 * w.grad
    del loss
    gc.collect()
    assert w.data.flags.writeable and x.flags.writeable
    assert not memory_guard._locks  # every lock was given back


def test_environment_switch_is_validated(monkeypatch):
    monkeypatch.setenv("MYGRAD_MEM_GUARD", "maybe")
    with pytest.raises(ValueError, match="MYGRAD_MEM_GUARD"):
        memory_guard._guard_from_environment()
    monkeypatch.setenv("MYGRAD_MEM_GUARD", "0")
    assert memory_guard._guard_from_environment() is False
