"""matmul, einsum, multi_matmul, norm: forward against NumPy, gradients against finite differences."""

from functools import reduce

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
from tests.gradcheck import arrays, check_op


# ------------------------------------------------------------------ matmul
@given(data=st.data(), shapes=hnp.mutually_broadcastable_shapes(signature=np.matmul.signature, max_dims=3, max_side=3))
def test_matmul_matches_numpy_with_broadcasting_and_1d(data, shapes):
    a = data.draw(arrays(shapes.input_shapes[0]), label="a")
    b = data.draw(arrays(shapes.input_shapes[1]), label="b")
    check_op(mg.matmul, np.matmul, a, b)
    check_op(lambda x, y: x @ y, np.matmul, a, b)


def test_matmul_float32_and_errors():
    a = mg.tensor(np.ones((2, 3), dtype=np.float32))
    out = a @ np.ones(3, dtype=np.float32)
    assert out.dtype == np.float32
    out.backward()
    assert a.grad.dtype == np.float32
    with pytest.raises(ValueError, match="mismatch"):
        mg.matmul(np.ones((2, 3)), np.ones((2, 3)))


# ------------------------------------------------------------------ einsum
EINSUM_CASES = [
    ("ij,jk", [(2, 3), (3, 4)]),
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("...ij,...jk", [(2, 1, 2, 3), (3, 3, 2)]),
    ("...ij,...jk->...ik", [(1, 2, 3), (4, 3, 2)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("iji->j", [(3, 2, 3)]),
    ("iij->ji", [(2, 2, 4)]),
    ("ij->", [(2, 3)]),
    ("ij->j", [(2, 3)]),
    ("ba", [(2, 3)]),
    ("Ba,a", [(2, 3), (3,)]),
    ("i,i", [(3,), (3,)]),
    ("i,i", [(1,), (3,)]),  # size-1 axes broadcast, as NumPy allows
    ("i,j->ij", [(2,), (3,)]),
    ("ijk,jl->il", [(2, 3, 2), (3, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 4)]),
    ("i,i,i", [(4,), (4,), (4,)]),
    ("ii,ij,jk->k", [(2, 2), (2, 3), (3, 2)]),
    ("a...,a->...", [(3, 2, 2), (3,)]),
    ("...", [(2, 3)]),
    ("", [()]),
    (",i->i", [(), (3,)]),
    ("i...->...", [(0, 2)]),
    ("ij,jk", [(0, 3), (3, 2)]),
]


@pytest.mark.parametrize("subscripts, shapes", EINSUM_CASES)
@pytest.mark.parametrize("optimize", [False, True])
def test_einsum_cases(subscripts, shapes, optimize):
    rng = np.random.default_rng(1)
    inputs = [rng.normal(size=s) for s in shapes]
    check_op(
        lambda *ts: mg.einsum(subscripts, *ts, optimize=optimize),
        lambda *arrs: np.einsum(subscripts, *arrs, optimize=optimize),
        *inputs,
    )


@st.composite
def einsum_problems(draw):
    """A random einsum: 1-3 operands, repeated labels, sums, optional '...' and implicit output."""
    sizes = draw(st.fixed_dictionaries({c: st.integers(1, 3) for c in "abcd"}))
    n_operands = draw(st.integers(1, 3))
    use_ellipsis = draw(st.booleans())
    broadcast_shape = draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=2)) if use_ellipsis else ()
    terms, shapes = [], []
    for _ in range(n_operands):
        labels = draw(st.lists(st.sampled_from("abcd"), max_size=3))
        shape = [sizes[c] for c in labels]
        term = "".join(labels)
        if use_ellipsis and draw(st.booleans()):
            k = draw(st.integers(0, len(broadcast_shape)))
            ell = [draw(st.sampled_from([1, n])) for n in broadcast_shape[len(broadcast_shape) - k:]]
            term, shape = "..." + term, ell + shape
        terms.append(term)
        shapes.append(tuple(shape))
    subscripts = ",".join(terms)
    if draw(st.booleans()):  # explicit output
        used = sorted(set("".join(terms).replace(".", "")))
        out = draw(st.permutations(used)).copy()
        out = out[: draw(st.integers(0, len(out)))]
        subscripts += "->" + ("..." if "..." in subscripts else "") + "".join(out)
    arrays_ = [draw(arrays(s)) for s in shapes]
    return subscripts, arrays_


@settings(max_examples=60)
@given(problem=einsum_problems(), optimize=st.sampled_from([False, True, "greedy"]))
def test_einsum_random_expressions(problem, optimize):
    subscripts, inputs = problem
    check_op(
        lambda *ts: mg.einsum(subscripts, *ts, optimize=optimize),
        lambda *arrs: np.einsum(subscripts, *arrs),
        *inputs,
    )


def test_einsum_interleaved_sublist_form():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(2, 3)), rng.normal(size=(3, 4))
    check_op(
        lambda x, y: mg.einsum(x, [0, 1], y, [1, 26], [26, 0]),
        lambda x, y: np.einsum(x, [0, 1], y, [1, 26], [26, 0]),
        a, b,
    )
    check_op(lambda x: mg.einsum(x, [Ellipsis, 1]), lambda x: np.einsum(x, [Ellipsis, 1]), a)


def test_einsum_accepts_an_explicit_contraction_path():
    rng = np.random.default_rng(3)
    arrs = [rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=(4, 2))]
    path, _ = np.einsum_path("ij,jk,kl->il", *arrs, optimize="optimal")
    check_op(
        lambda *ts: mg.einsum("ij,jk,kl->il", *ts, optimize=path),
        lambda *a: np.einsum("ij,jk,kl->il", *a),
        *arrs,
    )


def test_einsum_float32_grads():
    a = mg.tensor(np.ones((2, 2), dtype=np.float32))
    out = mg.einsum("ii->i", a)
    out.backward()
    assert out.dtype == np.float32 and a.grad.dtype == np.float32


def test_einsum_views_exactly_where_numpy_does_and_constant_inputs():
    a = mg.tensor(np.arange(9.0).reshape(3, 3))
    for subscripts in ("ii->i", "ij->ji", "ij->i", "ii"):
        numpy_view = np.shares_memory(np.einsum(subscripts, a.data), a.data)
        result = mg.einsum(subscripts, a)
        assert np.shares_memory(result.data, a.data) == numpy_view, subscripts
        assert (result.base is a) == numpy_view, subscripts
    diag = mg.einsum("ii->i", a)
    diag *= 2  # a write through the view reaches a, as with NumPy
    np.testing.assert_array_equal(np.diag(a.data), [0.0, 8.0, 16.0])
    out = mg.einsum("ij,j->i", a, np.ones(3))
    out.backward()
    np.testing.assert_array_equal(a.grad, np.ones((3, 3)))
    assert mg.einsum("ij->i", a, constant=True).constant


@pytest.mark.parametrize(
    "args, match",
    [
        (("ij,jk", np.ones((2, 3))), "name 2 operand"),
        (("ijk", np.ones((2, 3))), "3 subscripts but its operand has 2 dimensions"),
        (("ij->k", np.ones((2, 3))), "'k' does not appear"),
        (("ij->ii", np.ones((2, 3))), "'i' appears more than once"),
        (("i1", np.ones((2, 3))), "invalid term"),
        (("...i->i", np.ones((2, 3))), r"needs '\.\.\.'"),
        (("i->i->i", np.ones(2)), "more than once"),
    ],
)
def test_einsum_errors(args, match):
    with pytest.raises(ValueError, match=match):
        mg.einsum(*args)


# ------------------------------------------------------------------ multi_matmul
@given(
    data=st.data(),
    num=st.integers(2, 5),
    left_1d=st.booleans(),
    right_1d=st.booleans(),
    optimize=st.booleans(),
)
def test_multi_matmul_equals_chained_matmul(data, num, left_1d, right_1d, optimize):
    dims = data.draw(st.lists(st.integers(1, 4), min_size=num + 1, max_size=num + 1), label="dims")
    shapes = [(dims[i], dims[i + 1]) for i in range(num)]
    if left_1d:
        shapes[0] = shapes[0][1:]
    if right_1d:
        shapes[-1] = shapes[-1][:1]
    inputs = [data.draw(arrays(s), label=f"x{i}") for i, s in enumerate(shapes)]
    check_op(
        lambda *ts: mg.multi_matmul(ts, optimize=optimize),
        lambda *arrs: reduce(np.matmul, arrs),
        *inputs,
    )


def test_multi_matmul_picks_the_cheap_order():
    a, b, c = mg.tensor(np.ones((10, 1))), mg.tensor(np.ones((1, 10))), mg.tensor(np.ones((10, 1)))
    out = mg.multi_matmul([a, b, c])  # a @ (b @ c) costs 20 products, (a @ b) @ c costs 200
    assert out.creator.variables[0] is a
    left_to_right = mg.multi_matmul([a, b, c], optimize=False)
    assert left_to_right.creator.variables[1] is c
    np.testing.assert_allclose(out.data, left_to_right.data)


def test_multi_matmul_needs_two():
    with pytest.raises(ValueError, match="at least two"):
        mg.multi_matmul([np.ones((2, 2))])


# ------------------------------------------------------------------ norm
def _tie_free(shape, seed):
    """Values with distinct, non-zero magnitudes (norm gradients are undefined at ties and 0)."""
    rng = np.random.default_rng(seed)
    magnitudes = rng.uniform(0.5, 2.0, size=shape)  # continuous: sums of |x| do not tie either
    return magnitudes * rng.choice([-1.0, 1.0], size=shape)


@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
    ord=st.sampled_from([None, 1, 2, np.inf, -np.inf, 3, 0.5, -1.5]),
    keepdims=st.booleans(),
    data=st.data(),
    seed=st.integers(0, 100),
)
def test_vector_norms(shape, ord, keepdims, data, seed):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1), label="axis")
    if len(shape) == 1 and data.draw(st.booleans(), label="axis None"):
        axis = None
    x = _tie_free(shape, seed)
    kwargs = dict(ord=ord, axis=axis, keepdims=keepdims)
    check_op(mg.linalg.norm, np.linalg.norm, x, kwargs=kwargs)


@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=3), keepdims=st.booleans(), seed=st.integers(0, 9))
def test_default_norm_flattens(shape, keepdims, seed):
    check_op(mg.linalg.norm, np.linalg.norm, _tie_free(shape, seed) if np.prod(shape) else np.zeros(shape),
             kwargs=dict(keepdims=keepdims))


@given(
    shape=hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=4),
    ord=st.sampled_from([None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]),
    keepdims=st.booleans(),
    data=st.data(),
    seed=st.integers(0, 100),
)
def test_matrix_norms(shape, ord, keepdims, data, seed):
    axis = tuple(data.draw(st.permutations(range(-len(shape), 0)), label="axes")[:2])
    if len(shape) == 2 and data.draw(st.booleans(), label="axis None") and ord is not None:
        axis = None
    x = _tie_free(shape, seed)
    check_op(mg.linalg.norm, np.linalg.norm, x, kwargs=dict(ord=ord, axis=axis, keepdims=keepdims), atol=1e-4)


@pytest.mark.parametrize("ord", [None, 2, 3])
def test_norm_subgradient_is_zero_at_zero(ord):
    x = mg.tensor(np.zeros((2, 3)))
    mg.linalg.norm(x, ord=ord, axis=1).backward()
    np.testing.assert_array_equal(x.grad, np.zeros((2, 3)))


def test_norm_hand_values_and_ties():
    x = mg.tensor([3.0, -4.0])
    mg.linalg.norm(x, ord=1).backward()
    np.testing.assert_array_equal(x.grad, [1.0, -1.0])
    x = mg.tensor([2.0, -2.0, 1.0])
    mg.linalg.norm(x, ord=np.inf).backward()  # ties share the gradient
    np.testing.assert_array_equal(x.grad, [0.5, -0.5, 0.0])
    x = mg.tensor(np.ones(3, dtype=np.float32))
    n = mg.linalg.norm(x)
    n.backward()
    assert n.dtype == np.float32 and x.grad.dtype == np.float32


def test_norm_errors():
    with pytest.raises(ValueError, match="1-D or 2-D"):
        mg.linalg.norm(np.ones((2, 2, 2)), ord=2)
    with pytest.raises(np.exceptions.AxisError, match="out of bounds"):
        mg.linalg.norm(np.ones(3), axis=1)


def test_linalg_namespace():
    assert mg.linalg.matmul is mg.matmul and mg.linalg.einsum is mg.einsum
    assert mg.linalg.multi_matmul is mg.multi_matmul


@pytest.mark.parametrize("ord", [None, 2, 3.5, "fro"])
def test_norm_nan_to_num_false_leaves_the_undefined_gradient_of_a_zero_slice_nan(ord):
    x = np.array([[0.0, 0.0], [3.0, 4.0]])
    axis = (0, 1) if ord == "fro" else 1
    if ord == "fro":
        x = np.zeros((2, 2))
    strict, lenient = mg.tensor(x), mg.tensor(x)
    mg.linalg.norm(strict, ord=ord, axis=axis, nan_to_num=False).backward()
    mg.linalg.norm(lenient, ord=ord, axis=axis).backward()
    zero_rows = np.linalg.norm(x, axis=-1, keepdims=True) == 0 if ord != "fro" else np.ones((1, 1), bool)
    assert np.all(np.isnan(strict.grad) == np.broadcast_to(zero_rows, x.shape))
    np.testing.assert_array_equal(np.nan_to_num(strict.grad), lenient.grad)  # elsewhere identical; 0 by default


@settings(max_examples=30, deadline=None)
@given(stack=st.lists(st.integers(0, 3), min_size=1, max_size=2).map(tuple), t=st.integers(0, 3),
       d=st.integers(0, 3), e=st.integers(1, 3), seed=st.integers(0, 99))
def test_stack_times_matrix_is_one_product_with_numpys_result(stack, t, d, e, seed):
    """(N, T, D) @ (D, E) runs as one (N*T, D) @ (D, E) product; values and both gradients as NumPy's."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(*stack, t, d)), rng.normal(size=(d, e))
    check_op(mg.matmul, np.matmul, a, b)


def test_einsum_out_like_mygrad():
    a = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    target = mg.zeros(2, dtype=float)
    assert mg.einsum("ij->i", a, out=target) is target
    np.testing.assert_array_equal(target.data, [3.0, 7.0])
    (target * mg.tensor([1.0, 2.0])).sum().backward()
    np.testing.assert_array_equal(a.grad, [[1.0, 1.0], [2.0, 2.0]])
