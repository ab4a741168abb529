"""The engine's guarantees: graph walk, gradient lifetime, memory, dtypes, errors."""

import gc
import tracemalloc
import weakref

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from mygrad.autodiff.operation import Operation, execute_op
from tests.gradcheck import numerical_gradients


# --------------------------------------------------------------- graph walk
def test_deep_chain_backprops_without_recursion():
    x = mg.tensor(1.0)
    y = x
    for _ in range(100_000):
        y = y + 1e-5
    y.backward()
    assert x.grad == 1.0
    assert y.creator is None


_DAG_STEPS = {
    "add": lambda a, b, lib: a + b,
    "mul": lambda a, b, lib: a * b,
    "tanh_sub": lambda a, b, lib: lib.tanh(a) - b,
    "sin_mul": lambda a, b, lib: lib.sin(a * 0.5) * b,
}


def _run_dag(plan, lib, leaves):
    """Build the graph ``plan`` describes: each step combines two earlier nodes."""
    nodes = list(leaves)
    for name, i, j in plan:
        nodes.append(_DAG_STEPS[name](nodes[i % len(nodes)], nodes[j % len(nodes)], lib))
    return nodes


@settings(max_examples=60, deadline=None)
@given(
    plan=st.lists(
        st.tuples(st.sampled_from(sorted(_DAG_STEPS)), st.integers(0, 50), st.integers(0, 50)),
        min_size=1, max_size=12,
    ),
    n_leaves=st.integers(1, 3),
    root_picks=st.lists(st.integers(0, 60), min_size=1, max_size=3),
    data=st.data(),
)
def test_random_graphs_match_finite_differences(plan, n_leaves, root_picks, data):
    # Any DAG - reuse at several depths, diamonds, tensors that feed no root - must
    # give every leaf the full gradient of a root that sums a few random nodes.
    values = [data.draw(hnp.arrays(np.float64, (2,), elements=st.floats(-1.5, 1.5))) for _ in range(n_leaves)]
    leaves = [mg.tensor(v) for v in values]
    nodes = _run_dag(plan, mg, leaves)
    root = sum(nodes[k % len(nodes)] for k in root_picks)
    root.backward()

    def f(*xs):
        arrays = _run_dag(plan, np, xs)
        return sum(arrays[k % len(arrays)] for k in root_picks)

    expected = numerical_gradients(f, values, np.ones(2))
    for leaf, want in zip(leaves, expected):
        got = np.zeros(2) if leaf.grad is None else leaf.grad  # None: the leaf does not feed the root
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert all(n.creator is None for n in nodes if n.grad is not None)  # the walked graph is cleared


def test_fan_out_accumulates_once_per_use():
    a = mg.tensor(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    (a * a).backward()
    assert a.grad == 6.0
    b = a * 2
    (b + b + b).backward()
    assert a.grad == 6.0 and b.grad == 3.0


def test_tensor_reused_at_different_depths():
    # w feeds s directly and through m: both contributions must arrive before
    # w's gradient is final, whatever order the search meets them in
    w = mg.tensor(3.0)
    m = w * 2
    s = w + m
    s.backward()
    assert w.grad == 3.0
    w2 = mg.tensor(3.0)
    (w2 * 2 + w2).backward()
    assert w2.grad == 3.0


def test_diamond_graph():
    x = mg.tensor([1.0, 2.0])
    y = x * 3
    z = y * y + y  # dz/dx = (2y + 1) * 3
    z.backward()
    np.testing.assert_allclose(x.grad, (2 * x.data * 3 + 1) * 3)
    np.testing.assert_allclose(y.grad, 2 * y.data + 1)


def test_accumulation_does_not_corrupt_shared_gradient_arrays():
    # add passes its incoming gradient to both inputs unchanged: accumulating
    # into that array in place would corrupt the other input's gradient
    x, w = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
    s = x + w
    out = s * 2 + x
    out.backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])
    np.testing.assert_array_equal(w.grad, [2.0, 2.0])
    np.testing.assert_array_equal(s.grad, [2.0, 2.0])


def test_leaf_gradients_never_alias_each_other():
    w1, w2 = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
    (w1 + w2).backward()
    w1.grad *= 10  # what a gradient-clipping routine does
    np.testing.assert_array_equal(w2.grad, [1.0, 1.0])


def test_backward_of_non_scalar_is_backward_of_sum():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    (x * x).backward()
    g1 = x.grad.copy()
    (x * x).sum().backward()
    np.testing.assert_array_equal(g1, x.grad)


def test_backward_with_upstream_grad():
    x = mg.tensor([1.0, 2.0])
    (x * 3).backward(np.array([10.0, 100.0]))
    np.testing.assert_array_equal(x.grad, [30.0, 300.0])
    (x * 3).backward(2.0)  # a scalar is broadcast
    np.testing.assert_array_equal(x.grad, [6.0, 6.0])


def test_backward_with_wrong_grad_shape_names_both_shapes():
    x = mg.tensor([1.0, 2.0])
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        (x * 3).backward(np.ones(3))


def test_constants_get_no_gradient():
    c = mg.tensor([1.0, 2.0], constant=True)
    x = mg.tensor([3.0, 4.0])
    (c * x).backward()
    assert c.grad is None
    np.testing.assert_array_equal(x.grad, c.data)
    out = c * 2
    assert out.constant and out.grad is None
    # as in MyGrad, ops on constants are recorded (creator is an op) and backward() only clears them
    assert type(out.creator).__name__ == "Multiply"
    out.backward()
    assert out.creator is None and out.grad is None and c.grad is None


def test_branch_not_leading_to_root_gets_no_gradient():
    x = mg.tensor(2.0)
    y = x * 3
    unrelated = y * 5  # noqa: F841  (built from y, but not part of what we differentiate)
    z = y + 1
    z.backward()
    assert y.grad == 1.0 and x.grad == 3.0


# ------------------------------------------------------ gradient lifetime
def test_backward_clears_the_graph():
    x = mg.tensor(2.0)
    y = x * 3
    z = y + 1
    z.backward()
    assert z.creator is None and y.creator is None
    assert x.grad == 3.0 and y.grad == 1.0


def test_grad_is_cleared_when_tensor_takes_part_in_a_new_op():
    x = mg.tensor(2.0)
    (x * 3).backward()
    assert x.grad == 3.0
    y = x * 5
    assert x.grad is None
    y.backward()
    assert x.grad == 5.0


def test_training_loop_needs_no_zeroing():
    w = mg.tensor(1.0)
    for _ in range(3):
        loss = (w * 2 - 1) ** 2
        loss.backward()
        expected = 2 * (2 * w.data - 1) * 2
        assert w.grad == expected  # not accumulated across iterations
        w.data -= 0.1 * w.grad


def test_null_grad_and_clear_graph():
    x = mg.tensor(2.0)
    (x * 3).backward()
    assert x.null_grad() is x and x.grad is None
    y = x * 3
    z = y * 2
    z.clear_graph()
    assert z.creator is None and y.creator is None


# ------------------------------------------------------------------ memory
def test_intermediates_are_released_after_backward():
    x = mg.tensor(np.ones(10))
    y = x * 2
    z = mg.tanh(y) if hasattr(mg, "tanh") else y * y
    out = z.sum()
    refs = [weakref.ref(t) for t in (y, z)]
    op_ref = weakref.ref(out.creator)
    del y, z
    out.backward()
    gc.collect()
    assert all(r() is None for r in refs)
    assert op_ref() is None


def test_training_loop_memory_does_not_grow():
    rng = np.random.default_rng(0)
    w = mg.tensor(rng.normal(size=(20, 20)))
    x = rng.normal(size=(20, 20))

    def step():
        loss = ((x @ w) * w + w).sum()
        loss.backward()
        w.data -= 1e-6 * w.grad

    tracemalloc.start()
    for _ in range(2_000):  # warm-up: NumPy's internal caches fill (and are traced) here
        step()
    base, _ = tracemalloc.get_traced_memory()
    for _ in range(10_000):
        step()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # a leaked graph would keep ~10 KB per step; allow only noise
    assert current - base < 20_000, f"memory grew by {current - base} bytes over 10,000 steps"


# ------------------------------------------------------------ no_autodiff
def test_no_autodiff_context_and_decorator():
    x = mg.tensor([1.0, 2.0])
    with mg.no_autodiff:
        y = x * 2
        with mg.no_autodiff:
            pass
        z = y + 1  # still inside after the nested block closed
    assert y.creator is None and z.creator is None  # (and not constants: MyGrad's rule, see below)
    w = x * 2
    assert not w.constant and w.creator is not None

    @mg.no_autodiff
    def f(t):
        return t * t

    assert f(x).creator is None
    assert (x * x).creator is not None


def test_no_autodiff_restores_mode_after_an_exception():
    with pytest.raises(RuntimeError):
        with mg.no_autodiff:
            raise RuntimeError("boom")
    assert not (mg.tensor(1.0) * 2).constant


# ----------------------------------------------------------------- dtypes
def test_float32_end_to_end():
    x = mg.tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    y = (x * 2.5 + 1) / 3 - x ** 2
    assert y.dtype == np.float32
    y.backward()
    assert x.grad.dtype == np.float32


def test_grad_dtype_matches_tensor_dtype_with_float64_upstream():
    x = mg.tensor([1.0], dtype=np.float32)
    (x * 2).backward(np.array([1.0]))
    assert x.grad.dtype == np.float32


def test_non_float_tensor_cannot_be_variable():
    with pytest.raises(ValueError, match="int64.*constant"):
        mg.tensor([1, 2], constant=False)


# ----------------------------------------------------------------- errors
def test_non_broadcastable_shapes_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        mg.tensor([1.0, 2.0]) + mg.tensor([1.0, 2.0, 3.0])


def test_failed_op_leaves_inputs_untouched():
    x = mg.tensor([1.0, 2.0])
    (x * 2).backward()
    y = mg.tensor([1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        x + y
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])  # a failed op clears nothing
    np.testing.assert_array_equal(x.data, [1.0, 2.0])


@pytest.mark.parametrize("bad", ["abc", {"a": 1}, [[1.0], [1.0, 2.0]]])
def test_unsupported_input_types_are_named(bad):
    with pytest.raises(TypeError, match="mygrad cannot use an input of type"):
        mg.add(mg.tensor(1.0), bad)


def test_bad_axis_is_reported():
    with pytest.raises(np.exceptions.AxisError, match="axis 3"):
        mg.sum(mg.tensor(np.ones((2, 2))), axis=3)


# ------------------------------------------------------- custom operation
class Cube(Operation):
    def __call__(self, x):
        self.variables = (x,)
        return x.data ** 3

    def backward_var(self, grad, index, **kwargs):
        (x,) = self.variables
        return grad * 3 * x.data ** 2


def test_custom_operation_broadcasts_and_backprops():
    x = mg.tensor([1.0, 2.0])
    out = execute_op(Cube, x) * mg.tensor([[1.0], [1.0]])  # broadcast to (2, 2)
    out.backward()
    np.testing.assert_allclose(x.grad, 2 * 3 * x.data ** 2)


def test_operation_without_backward_says_so():
    class NoBackward(Operation):
        def __call__(self, x):
            self.variables = (x,)
            return x.data * 1

    # Operation is abstract, as in MyGrad 2.5: the op cannot even be made
    with pytest.raises(TypeError, match="NoBackward.*backward_var"):
        execute_op(NoBackward, mg.tensor(1.0))


# ------------------------------------------------------------- tensor API
def test_tensor_basics():
    t = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert repr(t) == "Tensor([[1., 2.],\n        [3., 4.]])"
    assert repr(mg.tensor([1.0, 2.0])) == "Tensor([1., 2.])"
    assert (t.shape, t.ndim, t.size, t.dtype, len(t)) == ((2, 2), 2, 4, np.float64, 2)
    np.testing.assert_array_equal(t.T.data, t.data.T)
    assert mg.tensor(3.0).item() == 3.0
    assert [row.data.tolist() for row in t] == [[1.0, 2.0], [3.0, 4.0]]
    assert isinstance(t == t, np.ndarray) and (t < 2.5).tolist() == [[True, True], [False, False]]
    assert hash(t) != hash(mg.tensor(1.0))
    c = t.copy()
    assert c.creator is None and not np.shares_memory(c.data, t.data)
    assert t.astype(np.float32).dtype == np.float32
    with pytest.raises(ValueError, match="exactly one element"):
        t.item()


def test_tensor_copies_by_default_and_shares_on_request():
    a = np.array([1.0, 2.0])
    assert not np.shares_memory(mg.tensor(a).data, a)
    assert np.shares_memory(mg.Tensor(a, copy=False).data, a)
    t = mg.tensor(a)
    assert mg.astensor(t) is t and mg.asarray(t) is t.data


def test_astype_function_is_differentiable():
    # (the Tensor.astype method gives a leaf, as MyGrad 2.5's: tests/test_tensor_api.py)
    x = mg.tensor([1.0, 2.0])
    y = mg.astype(x, np.float32)
    (y * 2).backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad, [2.0, 2.0])
    assert mg.astype(x, int).constant


def test_numpy_ufuncs_and_functions_on_tensors():
    x = mg.tensor([1.0, 2.0])
    y = np.multiply(x, 3.0) + np.ones(2)
    assert isinstance(y, mg.Tensor)
    s = np.sum(y * x)
    assert isinstance(s, mg.Tensor)
    s.backward()
    np.testing.assert_allclose(x.grad, 6 * x.data + 1)
    assert isinstance(np.argmax(x), np.integer)
    np.testing.assert_array_equal(np.asarray(x), x.data)


# ------------------------------------------------------------ mygrad.errors where MyGrad 2.5 raises them


@pytest.mark.parametrize(
    "grad, error",
    [
        ("ones", ValueError),  # the exception types MyGrad 2.5 raises for each
        ([[1.0], [1.0, 2.0]], ValueError),  # ragged
        (object(), TypeError),
        ([1.0, 2.0, 3.0], ValueError),  # does not broadcast to (2,)
        ([[1.0, 2.0]], ValueError),  # broadcasts *with* (2,), but not *to* it
    ],
)
def test_backward_rejects_a_bad_gradient(grad, error):
    x = mg.tensor([1.0, 2.0])
    y = x * 2
    with pytest.raises(error, match="backward"):
        y.backward(grad)
    assert y.creator is not None  # nothing was cleared


@pytest.mark.parametrize(
    "grad, expected",
    [
        (2.0, [[2.0, 2.0], [2.0, 2.0]]),
        ([3.0], [[3.0, 3.0], [3.0, 3.0]]),
        ([3.0, 4.0], [[3.0, 4.0], [3.0, 4.0]]),
        ([[3.0], [4.0]], [[3.0, 3.0], [4.0, 4.0]]),
        (np.array([[1, 2], [3, 4]]), [[1.0, 2.0], [3.0, 4.0]]),  # integers: cast to the tensor's dtype
        (True, [[1.0, 1.0], [1.0, 1.0]]),
        (mg.tensor([5.0, 6.0]), [[5.0, 6.0], [5.0, 6.0]]),
    ],
)
def test_backward_broadcasts_a_gradient_to_the_tensors_shape(grad, expected):
    # (values printed by MyGrad 2.5 for the same calls)
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    x.backward(grad)
    assert x.grad.dtype == x.dtype
    np.testing.assert_array_equal(x.grad, expected)


def test_backward_with_a_gradient_leaves_the_callers_array_alone():
    x = mg.tensor([1.0, 2.0])
    g = np.array([1.0, 1.0])
    (x * 1).backward(g)
    x.grad[...] = 0.0
    np.testing.assert_array_equal(g, [1.0, 1.0])


class _Returns(mg.Operation):
    """Identity whose backward_var returns whatever the test sets."""

    result: object = None

    def __call__(self, x):
        self.variables = (x,)
        return x.data * 1

    def backward_var(self, grad, index, **kwargs):
        return type(self).result


@pytest.mark.parametrize("result", [None, "a", [1.0, 2.0], mg.tensor([1.0, 2.0])])
def test_an_op_returning_a_non_gradient_raises_invalid_gradient(result, monkeypatch):
    # MyGrad 2.5 accepts only ndarrays and real numbers from backward_var (not lists or tensors)
    monkeypatch.setattr(_Returns, "result", result)
    out = mg.execute_op(_Returns, mg.tensor([1.0, 2.0]))
    with pytest.raises(mg.errors.InvalidGradient, match="_Returns.backward_var"):
        out.backward()


@pytest.mark.parametrize("result", [np.ones(3), np.ones((2, 1)), np.float64(3.0)])
def test_an_op_returning_a_misshapen_gradient_raises_value_error(result, monkeypatch):
    monkeypatch.setattr(_Returns, "result", result)
    out = mg.execute_op(_Returns, mg.tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"_Returns produced a gradient of shape"):
        out.backward()


@pytest.mark.parametrize(
    "result, expected",
    [
        (np.ones((2, 2)), [2.0, 2.0]),  # broadcast: summed back
        (np.array([1, 2]), [1.0, 2.0]),  # integers are cast
    ],
)
def test_an_op_gradient_that_fits_is_accepted(result, expected, monkeypatch):
    monkeypatch.setattr(_Returns, "result", result)
    x = mg.tensor([1.0, 2.0])
    mg.execute_op(_Returns, x).backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad, expected)


def test_backward_under_no_autodiff_does_nothing():
    x = mg.tensor([1.0, 2.0])
    y = x * 2
    with mg.no_autodiff:
        y.backward()
    assert x.grad is None and y.creator is not None


def test_ops_on_constants_record_a_creator_and_lock_their_arrays():
    c = mg.tensor([1.0, 2.0], constant=True)
    assert type(c.T.creator).__name__ == "Transpose"
    a = np.arange(2.0)
    y = c * a
    assert y.constant and type(y.creator).__name__ == "Multiply"
    assert not a.flags.writeable  # memory guarding covers constant graphs too, as in MyGrad
    y.backward()  # on a constant: only clears the graph
    assert y.creator is None and a.flags.writeable and y.grad is None


def test_constant_subgraph_of_a_differentiable_graph_is_cleared_by_backward():
    c = mg.tensor([1.0, 2.0], constant=True)
    a = np.arange(2.0)
    k = c * a  # constant, with a creator
    w = mg.tensor([3.0, 4.0])
    (w * k).backward()
    assert k.creator is None and a.flags.writeable
    np.testing.assert_array_equal(w.grad, [0.0, 2.0])


def test_no_autodiff_results_are_constant_by_dtype_as_in_mygrad():
    # MyGrad 2.5 printed: False False True False True for the same lines
    x = mg.tensor([1.0, 2.0])
    c = mg.tensor([1.0, 2.0], constant=True)
    with mg.no_autodiff:
        results = [(2 * x).constant, mg.exp(c).constant, (mg.tensor([1, 2]) * 2).constant, x[:1].constant]
        results.append(mg.multiply(x, 2, constant=True).constant)
        assert (2 * x).creator is None
    assert results == [False, False, True, False, True]


def test_gradients_handed_out_are_writeable_arrays_of_their_own():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    y = x * 2.0
    y.sum().backward()  # sum's backward gives y a broadcast (read-only) view of one number
    for grad in (x.grad, y.grad):
        assert grad.flags.writeable and grad.flags.owndata
    y.grad[0, 0] = 5.0  # the user's own array now
    assert x.grad[0, 0] == 2.0


def test_python_scalars_share_one_read_only_array_but_keep_their_sign_and_warnings():
    import warnings

    x = mg.tensor([1.0, 2.0])
    first, second = (x * 0.5).creator.variables[1], (x * 0.5).creator.variables[1]
    assert first.data is second.data and not first.data.flags.writeable
    assert np.signbit((x * -0.0).data).all() and not np.signbit((x * 0.0).data).any()
    half = mg.tensor([1.0], dtype="float16")
    for _ in range(2):  # an overflowing cast is not cached: it warns every time
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            half * 1e6
        assert any("overflow" in str(w.message) for w in caught)


class _SkipsSecond(mg.Operation):
    """a * b whose backward leaves b's gradient to someone else (MyGrad's SkipGradient)."""

    def __call__(self, a, b):
        self.variables = (a, b)
        return a.data * b.data

    def backward_var(self, grad, index, **kwargs):
        if index == 1:
            raise mg.errors.SkipGradient()
        return grad * self.variables[1].data


class _SkipsSecondPreparing(_SkipsSecond):
    """The same, through an overridden backward that calls the default one (MyGrad's style)."""

    def backward(self, grad, **kwargs):
        self.prepared = True
        return super().backward(grad, **kwargs)


@pytest.mark.parametrize("op", [_SkipsSecond, _SkipsSecondPreparing])
def test_skip_gradient_gives_that_input_nothing_from_the_op(op):
    a, b = mg.tensor([1.0, 2.0]), mg.tensor([3.0, 4.0])
    out = mg.execute_op(op, a, b) + b  # b still gets the sum's gradient
    out.sum().backward()
    np.testing.assert_array_equal(a.grad, [3.0, 4.0])
    np.testing.assert_array_equal(b.grad, [1.0, 1.0])
    from mygrad.operation_base import SkipGradient  # (MyGrad 2.5's import path)
    assert SkipGradient is mg.errors.SkipGradient


def test_execute_op_writes_into_out():
    from mygrad.ops.arithmetic import Multiply
    x, target = mg.tensor([1.0, 2.0]), mg.zeros(2, dtype=np.float64)
    assert mg.execute_op(Multiply, x, 3.0, out=target) is target
    target.sum().backward()  # written differentiably: the gradient reaches x
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_execute_op_refuses_a_non_constant_integer_result_with_valueerror():
    class Count(mg.Operation):
        def __call__(self, x):
            self.variables = (x,)
            return np.array([1, 2])

        def backward_var(self, grad, index, **kwargs):
            return grad

    with pytest.raises(ValueError, match="Count produced int64"):
        mg.execute_op(Count, mg.tensor([1.0, 2.0]), constant=False)


def test_register_hook_replaces_a_gradient_on_its_way_and_on_a_leaf_as_pytorch():
    x = mg.tensor([1.0, 2.0])
    y = x * 3
    y.register_hook(lambda g: -g)  # a gradient-reversal layer
    (y * y).sum().backward()
    np.testing.assert_array_equal(x.grad, -18 * np.array([1.0, 2.0]))
    seen = []
    w = mg.tensor([1.0, 2.0])
    handle = w.register_hook(lambda g: seen.append(g.copy()))  # None: the gradient stays
    keep = w.register_hook(lambda g: g * 10)
    (w ** 2).sum().backward()
    np.testing.assert_array_equal(seen[0], [2.0, 4.0])
    np.testing.assert_array_equal(w.grad, [20.0, 40.0])
    handle.remove(), keep.remove()
    (w ** 2).sum().backward()
    np.testing.assert_array_equal(w.grad, [2.0, 4.0])
    assert len(seen) == 1


def test_register_hook_sees_a_read_only_gradient_and_refuses_bad_hooks():
    a = mg.tensor([1.0, 2.0])
    b = a + 0
    b.register_hook(lambda g: g.__setitem__(0, 5.0))  # (the array may be shared: writing to it must fail)
    with pytest.raises(ValueError, match="read-only"):
        (b + b).sum().backward()
    c = mg.tensor([1.0, 2.0])
    c.register_hook(lambda g: np.ones(3))
    with pytest.raises(ValueError, match="register_hook: a hook returned a gradient of shape"):
        (c * 2).sum().backward()
    with pytest.raises(TypeError, match="register_hook: hook must be callable"):
        c.register_hook(3)
    with pytest.raises(RuntimeError, match="constant"):
        mg.tensor([1.0], constant=True).register_hook(lambda g: g)
