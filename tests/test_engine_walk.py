"""The backward walk's fast paths: the inlined default ``Operation.backward`` and the guard's release on collection."""

import gc

import numpy as np

import mygrad as mg
from mygrad import Operation, execute_op


class Scale(Operation):
    def __call__(self, x, y):
        self.variables = (x, y)
        return x.data * y.data

    def backward_var(self, grad, index, **kwargs):
        return grad * self.variables[1 - index].data


class Prepares(Scale):  # MyGrad's style: prepare, call super().backward() and return nothing
    def backward(self, grad, **kwargs):
        self.prepared = True
        super().backward(grad, **kwargs)


class Doubles(Scale):  # an override that yields its own gradients
    def backward(self, grad, **kwargs):
        for var, var_grad in super().backward(grad, **kwargs):
            yield var, 2 * var_grad


class Inherits(Doubles):  # inherits the override
    pass


def test_only_overriding_classes_are_flagged():
    assert not Scale._overrides_backward
    assert Prepares._overrides_backward and Doubles._overrides_backward and Inherits._overrides_backward


def test_default_backward_unbroadcasts_and_casts():
    x = mg.tensor(np.ones((2, 3), dtype=np.float32))
    y = mg.tensor([[2.0], [3.0]])  # float64, broadcast over columns
    execute_op(Scale, x, y).backward()
    assert x.grad.dtype == np.float32 and x.grad.shape == (2, 3)
    np.testing.assert_array_equal(x.grad, [[2, 2, 2], [3, 3, 3]])
    np.testing.assert_array_equal(y.grad, [[3.0], [3.0]])


def test_overrides_are_honoured():
    x, y = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
    out = execute_op(Prepares, x, y)
    op = out.creator
    out.backward()
    assert op.prepared
    np.testing.assert_array_equal(x.grad, [3.0, 4.0])
    for op_type in (Doubles, Inherits):
        x, y = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
        execute_op(op_type, x, y).backward()
        np.testing.assert_array_equal(x.grad, [6.0, 8.0])
        np.testing.assert_array_equal(y.grad, [2.0, 4.0])


def test_constant_inputs_get_no_gradient_on_the_inlined_path():
    x, c = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0], constant=True)
    execute_op(Scale, x, c).backward()
    assert c.grad is None
    np.testing.assert_array_equal(x.grad, [3.0, 4.0])


def test_a_dropped_graph_unlocks_its_arrays_when_collected_by_refcount():
    a = np.arange(3.0)
    x = mg.tensor([1.0, 1.0, 1.0])
    out = mg.exp(a * x)
    inner = out.creator.variables[0].data
    assert not a.flags.writeable and not inner.flags.writeable
    del out  # no backward(): the ops die by reference counting and their holds are given back
    assert a.flags.writeable and inner.flags.writeable and x.data.flags.writeable


def test_released_ops_drop_their_holds():
    x = mg.tensor([1.0, 2.0])
    out = x * 2
    op = out.creator
    assert op._guarded is not None
    out.backward()
    assert op._guarded is None and x.data.flags.writeable


def test_a_dropped_graph_in_a_reference_cycle_unlocks_when_the_collector_runs():
    a = np.arange(3.0)
    out = mg.exp(a * mg.tensor([1.0, 1.0, 1.0]))
    cycle = [out]
    cycle.append(cycle)  # the graph is only reachable from a cycle: only the garbage collector frees it
    out.creator.cycle = cycle
    del out, cycle
    assert not a.flags.writeable
    gc.collect()
    assert a.flags.writeable
