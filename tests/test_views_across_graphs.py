"""Views, bases and gradients across several graphs: MyGrad 2.5's rules.

A view (``v = x[1:]``) shares its base's memory and, while connected, its
gradient is the matching view of the base's gradient. The rules for what
happens once graphs are cleared (all observed by running MyGrad 2.5):

* a view whose graph was cleared (by ``backward()``/``clear_graph()``) is
  *disconnected* from its base when it next takes part in an op:
  ``v.base`` becomes None and its gradient is its own from then on;
* taking a view of a tensor leaves that tensor's gradient alone; any other
  op clears the gradients of its inputs;
* a connected view whose graph is gone reports only the base gradient its
  graph ended with (None once the base's gradient is cleared or replaced);
* backpropagating through an op that read a tensor which an earlier
  ``backward()``/``clear_graph()`` has cleared since raises InvalidBackprop.

``model`` below is a pure-Python statement of these rules; hypothesis
checks mygrad against it on random programs. (The model itself was checked
against MyGrad 2.5 on thousands of random programs.) The explicit cases
further down are outputs of MyGrad 2.5, pinned.
"""

from __future__ import annotations

from typing import Any, List, Optional

import numpy as np
import pytest
import hypothesis.strategies as st
from hypothesis import given, settings

import mygrad as mg
from mygrad.errors import InvalidBackprop, MyGradException

SLICES = [slice(1, None), slice(None, 2), slice(None, None, 2), slice(1, 3)]
BASE_VALUES = [1.0, 2.0, 3.0, 4.0]


# ------------------------------------------------------------------ programs
# Steps: ("view", s)         v = base[SLICES[s]]
#        ("pend", t, k)      p = tensors[t] * k, kept for later
#        ("back", p)         pending[p].backward()   (each pending output at most once)
#        ("now", t, k)       (tensors[t] * k).backward()
#        ("clear", p)        pending[p].clear_graph()
#        ("null", t)         tensors[t].null_grad()
# tensors[0] is the base; tensors[1:] are its views in order of creation.


def _grad(t: Any) -> Optional[list]:
    return None if t.grad is None else np.asarray(t.grad).tolist()


def run_mygrad(program: list) -> list:
    """Run ``program`` on real tensors; after each step record the base's grad and each view's
    (``base is None``, grad). Stops at the first InvalidBackprop."""
    base = mg.tensor(BASE_VALUES)
    tensors = [base]
    pending: list = []
    trace = []
    for step in program:
        kind = step[0]
        try:
            if kind == "view":
                tensors.append(base[SLICES[step[1]]])
            elif kind == "pend":
                pending.append(tensors[step[1] % len(tensors)] * float(step[2]))
            elif kind == "now":
                (tensors[step[1] % len(tensors)] * float(step[2])).backward()
            elif kind == "null":
                tensors[step[1] % len(tensors)].null_grad()
            elif pending:
                out = pending.pop(step[1] % len(pending))
                out.backward() if kind == "back" else out.clear_graph()
        except InvalidBackprop:
            trace.append("InvalidBackprop")
            return trace
        trace.append([_grad(base)] + [(v.base is None, _grad(v)) for v in tensors[1:]])
    return trace


class _T:
    """The model of one tensor: only what the rules need."""

    def __init__(self, view_of: Optional[slice] = None) -> None:
        self.slice = view_of
        self.connected = view_of is not None  # a view still reporting its base
        self.creator = view_of is not None  # the view op is alive
        self.ops_cleared = False  # cleared by a walk since it last entered an op
        self.grad: Optional[np.ndarray] = None  # its own gradient
        self.source: Optional[int] = None  # (view) token of the base gradient its graph ended with


def model(program: list) -> list:
    """The same trace as ``run_mygrad``, computed from the rules alone."""
    base = _T()
    base_token = [0]  # a new token each time the base gets a new gradient array
    tensors = [base]
    pending: List[list] = []  # [input tensor, k]
    trace: list = []

    def set_base_grad(grad: Optional[np.ndarray]) -> None:
        base.grad = grad
        base_token[0] += 1

    def enter_op(t: _T, makes_view: bool = False) -> None:
        if t.connected and not t.creator:
            t.connected = False
        if not makes_view:
            if t is base:
                set_base_grad(None)
            else:
                t.grad = None
        t.ops_cleared = False

    def visit_view(t: _T) -> None:  # a walk clears a connected view's graph
        t.creator = False
        t.ops_cleared = True
        t.source = base_token[0] if base.grad is not None else None

    def backward(t: _T, k: float) -> None:
        if t.ops_cleared:
            raise InvalidBackprop
        grad = np.full(len(BASE_VALUES) if t is base else len(range(4)[t.slice]), k)
        if t is not base and t.creator:  # a connected view with a live view op: on into the base
            if base.ops_cleared:
                raise InvalidBackprop
            t.grad = grad
            full = np.zeros(len(BASE_VALUES))
            full[t.slice] = grad
            set_base_grad(full)
            base.ops_cleared = True
            visit_view(t)
            return
        if t is base:
            set_base_grad(grad)
        else:
            t.grad = grad
        t.ops_cleared = True

    def clear(t: _T) -> None:
        if t is not base and t.creator:
            visit_view(t)
            base.ops_cleared = True
        t.ops_cleared = True

    def view_grad(v: _T) -> Optional[list]:
        if not v.connected:
            return None if v.grad is None else v.grad.tolist()
        if base.grad is None or (not v.creator and v.source != base_token[0]):
            return None
        return base.grad[v.slice].tolist()

    for step in program:
        kind = step[0]
        try:
            if kind == "view":
                enter_op(base, makes_view=True)
                tensors.append(_T(SLICES[step[1]]))
            elif kind in ("pend", "now"):
                t = tensors[step[1] % len(tensors)]
                enter_op(t)
                if kind == "pend":
                    pending.append([t, float(step[2])])
                else:
                    backward(t, float(step[2]))
            elif kind == "null":
                t = tensors[step[1] % len(tensors)]
                if t is base:
                    set_base_grad(None)
                else:  # a view forgets its own gradient and the base gradient its graph ended with
                    t.grad = t.source = None
            elif pending:
                t, k = pending.pop(step[1] % len(pending))
                backward(t, k) if kind == "back" else clear(t)
        except InvalidBackprop:
            trace.append("InvalidBackprop")
            return trace
        base_grad = None if base.grad is None else base.grad.tolist()
        trace.append([base_grad] + [(not v.connected, view_grad(v)) for v in tensors[1:]])
    return trace


STEPS = st.one_of(
    st.tuples(st.just("view"), st.integers(0, len(SLICES) - 1)),
    st.tuples(st.sampled_from(["pend", "now"]), st.integers(0, 9), st.integers(1, 5)),
    st.tuples(st.sampled_from(["back", "clear", "null"]), st.integers(0, 9)),
)


@settings(max_examples=300, deadline=None)
@given(program=st.lists(STEPS, min_size=1, max_size=12))
def test_random_programs_follow_mygrads_rules(program):
    assert run_mygrad(program) == model(program)


# ------------------------------------------------------------ explicit cases
# Each expected value below is what MyGrad 2.5 printed for the same lines.


def test_reused_view_gets_its_own_gradient_not_its_old_base_view():
    # the bug this file started from: x.grad used to stay at the first graph's 2x
    x = mg.arange(9.0).reshape(3, 3)
    a = x.base
    assert a is not None
    (x**2).backward()
    np.testing.assert_array_equal(x.grad, 2 * x.data)
    assert x.base is a  # still connected: its graph is gone, but it has not been used again
    (x[x < 4] ** 2).backward()
    assert x.base is None
    np.testing.assert_array_equal(x.grad, [[0.0, 2.0, 4.0], [6.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(a.grad, 2 * np.arange(9.0))  # the base keeps its gradient


def test_view_disconnects_on_entering_an_op_not_on_backward():
    b = mg.tensor([1.0, 2.0, 3.0])
    v = b[:2]
    (v**2).backward()
    assert v.base is b and _grad(v) == [2.0, 4.0] and _grad(b) == [2.0, 4.0, 0.0]
    y = v * 2
    assert v.base is None and v.grad is None and _grad(b) == [2.0, 4.0, 0.0]
    y.backward()
    assert _grad(v) == [2.0, 2.0] and _grad(b) == [2.0, 4.0, 0.0]


def test_clear_graph_also_disconnects_on_next_use():
    b = mg.tensor([1.0, 2.0, 3.0])
    v = b[:2]
    (v * 2).clear_graph()
    assert v.base is b and v.grad is None
    (v * 1).backward()
    assert v.base is None and _grad(v) == [1.0, 1.0] and b.grad is None


def test_view_of_a_tensor_with_a_gradient_reports_that_gradient():
    b = mg.tensor([1.0, 2.0, 3.0])
    (b**2).backward()
    v = b[1:]  # taking a view does not clear b's gradient
    assert _grad(b) == [2.0, 4.0, 6.0] and _grad(v) == [4.0, 6.0]
    w = b.reshape(3, 1)
    assert _grad(w) == [[2.0], [4.0], [6.0]]
    (v * 2).backward()  # v's view op is alive, so the gradient reaches b
    assert _grad(b) == [0.0, 2.0, 2.0] and _grad(v) == [2.0, 2.0] and _grad(w) == [[0.0], [2.0], [2.0]]


def test_view_of_view_chain():
    b = mg.tensor([1.0, 2.0, 3.0, 4.0])
    v = b[1:]
    w = v[1:]
    assert w.base is b
    (w**2).backward()
    assert _grad(b) == [0.0, 0.0, 6.0, 8.0] and _grad(v) == [0.0, 6.0, 8.0] and _grad(w) == [6.0, 8.0]
    (v * 1).backward()
    assert v.base is None and w.base is b
    assert _grad(b) == [0.0, 0.0, 6.0, 8.0] and _grad(v) == [1.0, 1.0, 1.0] and _grad(w) == [6.0, 8.0]
    (w * 1).backward()
    assert w.base is None and _grad(w) == [1.0, 1.0]


def test_new_view_of_a_disconnected_view_has_it_as_base():
    b = mg.tensor([1.0, 2.0, 3.0])
    v = b[:2]
    (v**2).backward()
    (v * 1).backward()
    w = v[:1]
    assert w.base is v and v.base is None
    (w * 5).backward()
    assert _grad(w) == [5.0] and _grad(v) == [5.0, 0.0] and _grad(b) == [2.0, 4.0, 0.0]


def test_reshaped_view_used_in_two_graphs():
    a = mg.arange(4.0)
    x = a.reshape(2, 2)
    (x**2).backward()
    (x**3).backward()
    assert x.base is None
    assert _grad(a) == [0.0, 2.0, 4.0, 6.0] and _grad(x) == [[0.0, 3.0], [12.0, 27.0]]
    (a * 1).backward()
    assert _grad(a) == [1.0, 1.0, 1.0, 1.0] and _grad(x) == [[0.0, 3.0], [12.0, 27.0]]


def test_base_gradient_cleared_or_replaced_hides_a_cleared_views_gradient():
    b = mg.tensor([1.0, 2.0, 3.0])
    v = b[:2]
    (v**2).backward()
    y = b * 1  # b's gradient is cleared: so is what v reports
    assert v.grad is None and v.base is b
    y.backward()  # b has a new gradient, but v's graph ended with the old one
    assert _grad(b) == [1.0, 1.0, 1.0] and v.grad is None


def test_null_grad_of_base_and_view():
    b = mg.tensor([1.0, 2.0, 3.0])
    v = b[:2]
    (b**2).backward()
    v.null_grad()  # a view whose graph is alive reports its base's gradient
    assert _grad(v) == [2.0, 4.0] and v.base is b
    w = b[1:]
    (w * 1).clear_graph()
    assert _grad(w) == [4.0, 6.0]
    w.null_grad()  # ... but once its graph is gone, null_grad() forgets it
    assert w.grad is None and w.base is b
    b.null_grad()
    assert b.grad is None and v.grad is None


def test_view_used_twice_in_one_graph_stays_connected():
    b = mg.tensor([1.0, 2.0, 3.0])
    v = b[:2]
    y = v * 2
    z = v * 3
    (y + z.sum()).backward()
    assert v.base is b and _grad(b) == [8.0, 8.0, 0.0] and _grad(v) == [8.0, 8.0]


def test_views_of_constants_are_recorded_and_disconnect_too():
    b = mg.tensor([1.0, 2.0, 3.0], constant=True)
    v = b[:2]
    assert v.base is b and v.creator is not None
    (v * 2).backward()
    assert v.base is b and v.grad is None
    _ = v * 2
    assert v.base is None


def test_views_made_under_no_autodiff_have_no_base():
    x = mg.tensor([1.0, 2.0])
    with mg.no_autodiff:
        v = x[:1]
    assert v.base is None and v.creator is None


# ----------------------------------------------------- InvalidBackprop cases


def test_two_outputs_of_one_leaf_backpropagated_separately():
    x = mg.tensor(2.0)
    p, q = x * 2, x * 3
    p.backward()
    with pytest.raises(InvalidBackprop, match="cleared"):
        q.backward()


def test_backprop_through_an_intermediate_cleared_by_another_backward():
    # silently wrong before: x.grad kept 6.0 from z's graph
    x = mg.tensor(2.0)
    y = x * 2
    z, w = y * 3, y + 1
    z.backward()
    with pytest.raises(InvalidBackprop):
        w.backward()


def test_backprop_after_clear_graph_of_an_intermediate():
    x = mg.tensor(2.0)
    y = x * 2
    z = y * 3
    y.clear_graph()
    assert z.creator is not None  # clear_graph only clears upstream
    with pytest.raises(InvalidBackprop):
        z.backward()


def test_backward_on_a_leaf_clears_its_pending_uses():
    x = mg.tensor(2.0)
    p = x * 2
    x.backward()
    with pytest.raises(InvalidBackprop):
        p.backward()


def test_view_made_before_its_bases_backward():
    b = mg.tensor([1.0, 2.0, 3.0])
    v = b[:2]
    (b**2).backward()
    with pytest.raises(InvalidBackprop):
        (v * 3).backward()


def test_reusing_a_leaf_after_backward_starts_a_fresh_graph():
    x = mg.tensor(2.0)
    (x * 2).backward()
    q = x * 3  # recorded after the clear: fine
    q.backward()
    assert x.grad == 3.0


def test_invalid_backprop_is_a_mygrad_exception():
    assert issubclass(InvalidBackprop, MyGradException)


def test_a_constant_branch_is_never_checked():
    # as in MyGrad: constants get no gradient, so a cleared constant cannot spoil one
    c = mg.tensor([1.0, 2.0], constant=True)
    p = c * 2
    c.backward()
    w = mg.tensor(1.0)
    (p * w).backward()
    assert p.grad is None and w.grad == 6.0


def test_gradients_after_an_invalid_backprop_are_mygrads():
    # MyGrad 2.5 clears the graph's gradients before walking it: the cleared leaf ends with none
    t0 = mg.tensor([-1.85, -1.42, 0.35, 1.86])
    t1 = t0 / (t0 * t0 + 1.0)
    t0.backward()
    assert _grad(t0) == [1.0, 1.0, 1.0, 1.0]
    with pytest.raises(InvalidBackprop):
        t1.backward()
    assert t0.grad is None and _grad(t1) == [1.0, 1.0, 1.0, 1.0]
    assert t1.creator is not None  # the op that could not backpropagate stays in place


def test_backward_again_on_a_cleared_view_leaves_it_without_a_gradient():
    # MyGrad 2.5: once out of its graph, a view's .grad is its base's only while it came from that graph
    x = mg.tensor([1.0, 2.0, 3.0])
    v = x.reshape(-1, 1)
    v.backward()
    assert v.grad is not None
    v.backward()
    assert v.grad is None and _grad(x) == [1.0, 1.0, 1.0]


def test_a_view_taken_through_a_cleared_view_has_no_gradient():
    # MyGrad 2.5 reaches the base's gradient through the view a view was taken from
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    v = x[..., None]
    w = mg.transpose(v)
    (v * 2).backward()
    x.backward()
    assert v.grad is None and w.grad is None
    u = x[0]  # a view taken from x itself still shows x's gradient
    x.backward()
    assert _grad(u) == [1.0, 1.0]


def test_a_write_into_a_transposed_tensor_keeps_its_memory_layout():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    y = mg.transpose(x * 1)
    y[0] = 0.0
    assert y.data.flags.f_contiguous and not y.data.flags.c_contiguous
    y.backward()
    assert _grad(x) == [[0.0, 1.0], [0.0, 1.0]]
