"""The one shared gradient checker: mygrad's backward against finite differences.

``check_op`` runs a mygrad function on float64 tensors, compares the forward
result with a NumPy reference, then back-propagates a random upstream
gradient ``G`` and compares every input's gradient with the central
difference of ``L(x) = sum(G * f(x))``:

    dL/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / 2h

Hypothesis strategies for the shapes and values the op tests draw from
live here too.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import numpy as np
import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st

import mygrad as mg

__all__ = ["check_op", "numerical_gradients", "arrays", "broadcastable_arrays", "shapes", "axis_args"]


def numerical_gradients(
    f: Callable[..., np.ndarray], inputs: Sequence[np.ndarray], upstream: np.ndarray, h: float = 1e-6,
    wrt: Optional[Sequence[int]] = None,
) -> list:
    """Central-difference gradient of ``sum(upstream * f(*inputs))`` for each input in ``wrt``."""
    inputs = [np.array(x, dtype=np.float64) for x in inputs]
    wrt = range(len(inputs)) if wrt is None else wrt
    grads = []
    for i in wrt:
        x = inputs[i]
        g = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            orig = x[idx]
            x[idx] = orig + h
            up = np.sum(upstream * f(*inputs))
            x[idx] = orig - h
            down = np.sum(upstream * f(*inputs))
            x[idx] = orig
            g[idx] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def check_op(
    mygrad_func: Callable[..., Any],
    numpy_func: Optional[Callable[..., np.ndarray]],
    *inputs: np.ndarray,
    kwargs: Optional[dict] = None,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    constant_inputs: Sequence[int] = (),
    seed: int = 0,
) -> None:
    """Check ``mygrad_func`` against ``numpy_func`` (forward) and finite differences (backward).

    ``constant_inputs`` lists the positions of inputs passed as plain arrays
    (no gradient expected for them).
    """
    kwargs = kwargs or {}
    inputs = [np.asarray(x, dtype=np.float64) for x in inputs]
    tensors = [x.copy() if i in constant_inputs else mg.tensor(x) for i, x in enumerate(inputs)]
    out = mygrad_func(*tensors, **kwargs)
    assert isinstance(out, mg.Tensor), f"expected a Tensor, got {type(out).__name__}"
    for i, t in enumerate(tensors):
        if i not in constant_inputs:
            np.testing.assert_array_equal(t.data, inputs[i], err_msg="the op mutated its input")

    def forward(*arrays):
        return np.asarray(mygrad_func(*[mg.tensor(a, constant=True) for a in arrays], **kwargs).data)

    if numpy_func is not None:
        expected = numpy_func(*inputs, **kwargs)
        np.testing.assert_allclose(out.data, expected, atol=1e-12, rtol=1e-10, err_msg="forward differs from NumPy")
        assert out.shape == np.shape(expected)

    upstream = np.random.default_rng(seed).normal(size=out.shape)
    out.backward(upstream)
    wrt = [i for i in range(len(inputs)) if i not in constant_inputs]
    expected_grads = numerical_gradients(forward, inputs, upstream, wrt=wrt)
    for i, expected_grad in zip(wrt, expected_grads):
        grad = tensors[i].grad
        assert grad is not None, f"input {i} got no gradient"
        assert grad.shape == inputs[i].shape, f"input {i}: grad shape {grad.shape} != input shape {inputs[i].shape}"
        assert grad.dtype == np.float64
        np.testing.assert_allclose(grad, expected_grad, atol=atol, rtol=rtol, err_msg=f"gradient of input {i}")


def shapes(min_dims: int = 0, max_dims: int = 4, min_side: int = 0, max_side: int = 4) -> st.SearchStrategy:
    """Array shapes, including size-0 and size-1 axes by default."""
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)


def arrays(shape: Any, low: float = -10.0, high: float = 10.0) -> st.SearchStrategy:
    """float64 arrays of ``shape`` (a tuple or a shape strategy) with finite values in ``[low, high]``."""
    return hnp.arrays(
        np.float64, shape, elements=st.floats(low, high, allow_nan=False, allow_infinity=False, width=64)
    )


def broadcastable_arrays(num: int = 2, low: float = -10.0, high: float = 10.0, max_dims: int = 4,
                         min_side: int = 0, max_side: int = 4) -> st.SearchStrategy:
    """``num`` float64 arrays whose shapes broadcast together (size-0/1 axes included)."""
    shape_st = hnp.mutually_broadcastable_shapes(num_shapes=num, max_dims=max_dims, min_side=min_side,
                                                  max_side=max_side)
    return shape_st.flatmap(lambda s: st.tuples(*(arrays(shp, low, high) for shp in s.input_shapes)))


def axis_args(ndim: int, allow_none: bool = True, allow_tuple: bool = True) -> st.SearchStrategy:
    """Valid ``axis`` arguments for an ``ndim``-D array: None, an int or a tuple, negative ones included."""
    options = []
    if allow_none:
        options.append(st.none())
    if ndim > 0:
        options.append(st.integers(-ndim, ndim - 1))
        if allow_tuple:
            options.append(hnp.valid_tuple_axes(ndim))
    return st.one_of(*options) if options else st.none()
