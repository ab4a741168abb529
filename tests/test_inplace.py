"""Views and in-place operations: NumPy's memory semantics, correct gradients.

The oracle for every in-place test is the same code run on plain NumPy
arrays (where the mutation is ordinary NumPy), differentiated numerically:
mygrad must agree with NumPy on values and with finite differences on
gradients, however the mutation reaches memory (directly or via a view).
"""

import gc

import numpy as np
import pytest
import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
from hypothesis import assume, given

import mygrad as mg
from mygrad.errors import InvalidBackprop
from tests.gradcheck import arrays, check_op, shapes


@st.composite
def array_and_view_index(draw, min_dims=1):
    x = draw(arrays(shapes(min_dims=min_dims, max_dims=3, min_side=1, max_side=4), low=-2, high=2))
    index = draw(hnp.basic_indices(x.shape, allow_newaxis=False, allow_ellipsis=True))
    return x, index


@given(data=array_and_view_index(), scale=st.floats(-2, 2))
def test_setitem_inside_a_graph_matches_numpy(data, scale):
    x, index = data
    value = np.full(np.shape(x[index])[-1:], scale)  # broadcasts against the selected region

    def compute(a, w):
        b = a * 2.0
        before = b ** 2  # uses b's pre-mutation values
        b[index] = w * 3.0
        return before * b + b

    check_op(compute, compute, x, value)


@given(data=array_and_view_index(), scale=st.floats(-2, 2))
def test_augmented_assignment_through_a_view_matches_numpy(data, scale):
    x, index = data
    assume(np.ndim(x[index]) > 0)  # a full integer index gives a scalar, not a view

    def compute(a, w):
        b = a * 1.5
        before = b * b
        view = b[index]
        view *= w  # mutates b through the view
        view += 1.0
        return before + b * 2.0

    check_op(compute, compute, x, np.array(scale))


@given(x=arrays(shapes(min_dims=2, max_dims=2, min_side=1, max_side=4), low=-2, high=2))
def test_mutation_through_transpose_and_reshape_views(x):
    def compute(a, w):
        b = a + 0.0
        t = b.T
        t[0] = w  # the first column of b
        r = b.reshape(-1)
        r[-1] = r[0] * 2.0
        return b * a

    check_op(compute, compute, x, np.full(x.shape[0], 0.5))


def test_views_share_memory_exactly_where_numpy_does():
    x = mg.tensor(np.arange(12.0).reshape(3, 4))
    for view in (x[1:], x[:, ::2], x.T, x.reshape(4, 3), x[..., None], x.transpose(1, 0)[1]):
        assert view.base is x
        assert np.shares_memory(view, x)
    for copy in (x[[0, 1]], x[x > 3], x * 1, x.flatten()):
        assert copy.base is None
        assert not np.shares_memory(copy, x)
    assert x[1:][0].base is x  # a view of a view has the same base


def test_mutation_propagates_to_views_and_gradients_follow_views():
    x = mg.tensor([1.0, 2.0, 3.0, 4.0])
    y = x[:2]
    y *= -1
    np.testing.assert_array_equal(x.data, [-1.0, -2.0, 3.0, 4.0])
    (x ** 2).backward()
    np.testing.assert_array_equal(x.grad, [-2.0, -4.0, 6.0, 8.0])
    np.testing.assert_array_equal(y.grad, [-2.0, -4.0])
    assert np.shares_memory(y.grad, x.grad)


def test_views_keep_sharing_memory_after_a_write_in_a_graph():
    x = mg.tensor([1.0, 2.0, 3.0])
    y = x[1:]
    w = mg.tensor(5.0)
    x[0] = w
    assert np.shares_memory(x, y)
    y[0] = 7.0
    assert x.data.tolist() == [5.0, 7.0, 3.0]
    x.sum().backward()
    assert w.grad == 1.0


def test_augmented_assignment_outside_a_graph_is_plain_numpy():
    w = mg.tensor([1.0, 2.0])
    memory = w.data
    (w * w).sum().backward()
    w -= 0.5 * w.grad  # the gradient-descent step
    assert w.creator is None and w.data is memory
    np.testing.assert_array_equal(w.data, [0.0, 0.0])
    assert w.grad is None


def test_inplace_returns_the_same_object():
    t = mg.tensor([1.0])
    u = t
    t += mg.tensor([2.0])  # a non-constant operand: recorded in the graph
    assert t is u and t.creator is not None


def test_numpy_out_into_a_tensor_is_differentiable():
    x = mg.tensor([1.0, 2.0])
    target = mg.zeros(2)
    result = np.multiply(x, 3.0, out=target)
    assert result is target
    target.backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_inplace_errors_follow_numpy():
    t = mg.tensor([1.0, 2.0])
    with pytest.raises(ValueError, match="non-broadcastable output operand"):
        t += mg.tensor([[1.0], [2.0]])
    i = mg.tensor([1, 2])
    with pytest.raises(TypeError, match="same_kind"):
        i += 0.5
    np.testing.assert_array_equal(t.data, [1.0, 2.0])


def test_writing_a_constant_into_a_tensor_in_a_graph_blocks_its_gradient():
    a = mg.tensor([1.0, 2.0, 3.0])
    b = a * 1.0
    b[1] = 0.0
    b.sum().backward()
    np.testing.assert_array_equal(a.grad, [1.0, 0.0, 1.0])


def test_repeated_positions_keep_the_last_write():
    a = mg.tensor(np.zeros(3))
    w = mg.tensor([1.0, 2.0])
    a[[0, 0]] = w
    assert a.data[0] == 2.0  # NumPy: the last write wins
    a.sum().backward()
    np.testing.assert_array_equal(w.grad, [0.0, 1.0])


def test_no_autodiff_inplace_writes_memory_directly():
    x = mg.tensor([1.0, 2.0])
    memory = x.data
    with mg.no_autodiff:
        x[0] = 10.0
        x += 1.0
    assert x.data is memory and x.data.tolist() == [11.0, 3.0] and x.creator is None


def test_no_autodiff_write_into_memory_a_live_graph_needs_is_refused():
    x = mg.tensor([1.0, 2.0])
    y = x * 2
    with mg.no_autodiff:
        with pytest.raises(ValueError, match="live computational graph"):
            x[0] = 10.0
        with pytest.raises(ValueError, match="live computational graph"):
            x += 1.0
    assert x.data.tolist() == [1.0, 2.0]
    y.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])


def test_setting_shape_outside_a_graph_keeps_the_memory():
    t = mg.tensor(np.arange(6.0))
    memory = t.data
    t.shape = (2, 3)
    assert t.shape == (2, 3) and np.shares_memory(t.data, memory) and t.creator is None
    fortran_ordered = mg.tensor(np.ones((2, 3)).T)  # a copy keeps NumPy's memory order
    with pytest.raises(AttributeError, match="reshape"):  # NumPy's rule: no silent copy
        fortran_ordered.shape = (6,)
    assert fortran_ordered.shape == (3, 2)


def test_setting_shape_inside_a_graph_is_differentiable():
    x = mg.tensor(np.arange(6.0))
    y = x * 2
    y.shape = (3, 2)
    (y * mg.tensor([1.0, 2.0])).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 2.0, 4.0, 2.0, 4.0])


def test_setting_shape_with_live_views_is_refused():
    z = mg.tensor(np.ones((2, 2)))
    row = z[0]  # noqa: F841  (a live view derived from the old shape)
    with pytest.raises(ValueError, match="live views"):
        z.shape = (4,)
    assert z.shape == (2, 2)


def test_dead_views_are_forgotten():
    w = mg.tensor(np.ones((3, 3)))
    for _ in range(1000):
        w.T  # a new view each time, dropped at once
    assert len(w._views) < 64


def _locks_left_by(program):
    """Run ``program``; return the memory-guard locks it left behind once everything it made is gone."""
    from mygrad.autodiff.memory import guard as memory_guard

    gc.collect()
    before = set(memory_guard._locks)
    program()
    gc.collect()
    return set(memory_guard._locks) - before


def test_writing_a_tensor_or_its_view_into_itself_reads_the_old_values():
    # values and gradients as MyGrad 2.5 printed them
    x = mg.tensor([1.0, 2.0, 3.0])
    y = x * 1
    y[1:] = y[:2]
    (y * mg.tensor([1.0, 2.0, 3.0])).backward()
    np.testing.assert_array_equal(y.data, [1.0, 1.0, 2.0])
    np.testing.assert_array_equal(x.grad, [3.0, 3.0, 0.0])

    t = mg.tensor([[0.92, 1.6, 0.74]])
    u = t * 1
    v = u[0, ::-1]
    v[:] = v
    (u * mg.tensor([1.0, 2.0, 3.0])).backward()
    np.testing.assert_array_equal(t.grad, [[1.0, 2.0, 3.0]])


def test_self_assignment_after_a_backward_leaves_no_locks_behind():
    # used to leave stale locks: the write made a cycle, and cleared tensors lost their readers
    def program():
        t1 = mg.tensor([[0.92, 1.6, 0.74]])
        t2 = t1[0:1, 2:3]
        t4 = mg.cos(mg.exp(t2 / 4)) + t2
        t5 = t4[0, ::-1]
        (t1 - t4).backward()
        t5[:] = t5
        t4[:] = t4

    assert not _locks_left_by(program)


@pytest.mark.parametrize("write", [
    lambda c, x: c.__setitem__(Ellipsis, x),
    lambda c, x: c.__iadd__(x),
    lambda c, x: mg.add(x, 1.0, out=c),
])
def test_writing_a_variable_into_a_constant_tensor_keeps_it_constant(write):
    x = mg.tensor([1.0, 2.0])
    c = mg.zeros(2, dtype=float, constant=True)
    write(c, x)
    assert c.constant  # MyGrad's rule: the target keeps its constant-ness ...
    (c * 2).backward()
    assert x.grad is None  # ... so no gradient reaches the value through it


def test_a_write_into_a_cleared_tensor_keeps_older_ops_from_backpropagating_into_it():
    # MyGrad's rule: an op recorded before a tensor's graph was cleared cannot backpropagate into it,
    # and a later in-place write into that tensor does not change that (the snapshot stays cleared)
    x = mg.tensor([1.0, 2.0])
    y = x * 2
    x.backward()
    x[0] = -0.5  # recorded (y's op still reads x): the old values move to a snapshot
    with pytest.raises(InvalidBackprop):
        (y * 3).backward()
    x.backward()  # the write itself is a new op: x backpropagates through it
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])


def test_self_assignment_into_a_cleared_tensor_still_backpropagates():
    x = mg.tensor([1.0, 2.0])
    y = x * 2
    x.backward()
    w = mg.tensor(3.0)
    x[...] = x * w  # reads the (cleared) x through a new op, then writes into it
    x.backward()
    np.testing.assert_array_equal(w.grad, 3.0)
    assert y.creator is not None


def test_a_write_re_creates_each_view_from_the_view_it_was_taken_from():
    # as MyGrad: after the write, w's creator reads v (not the base), so clearing w's graph clears v's too
    x = mg.tensor([0.4, 1.5, 0.5, -1.4, 0.2, 1.2])
    y = x * 1
    v = y[3:]
    w = v.reshape(3, 1)
    v[0] = 0.0
    assert w.creator.variables[0] is v and v.creator.variables[0] is y
    w.clear_graph()
    assert v.creator is None and y.creator is None
    # gradients through the chain match NumPy's
    x = mg.tensor(np.arange(12.0).reshape(3, 4))
    y = x * 1
    a = y[1:, ::2]
    b = a.T
    c = b[0]
    c[...] = 5.0
    (c * 2 + a.sum() + b[1, 0]).sum().backward()  # (c has 2 elements: a.sum() and b[1, 0] count twice)
    expected = np.zeros((3, 4))
    expected[1:, ::2] = 2.0
    expected[1:, 0] = 0.0  # c = b[0] = a[:, 0] was overwritten
    expected[1, 2] += 2.0  # b[1, 0] = a[0, 1] = y[1, 2]
    np.testing.assert_array_equal(x.grad, expected)


def test_a_written_cleared_tensor_used_again_lets_older_ops_backpropagate():
    # MyGrad's rule: the ops recorded before the clear raise only while no op uses the tensor
    x = mg.tensor([-1.5, -0.4, 1.1])
    s, v = x.sum(), x.var()
    s.backward()
    x[0:2] = 0.5
    x[::-1]  # x takes part in an op again
    v.backward()  # no InvalidBackprop
    assert v.grad == 1.0
