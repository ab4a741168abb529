"""The gradient-lifetime watch: what the backward passes between ``zero_grad()`` and ``step()`` did.

mygrad replaces a tensor's gradient where PyTorch adds to it (a gradient is
cleared when its tensor enters a new op). An optimizer's :class:`GradWatch`
listens to the backward passes that reach its parameters, so that ``step()``
can refuse to use only the last of several passes - or, inside
``optimizer.accumulate_grad()``, sum them as PyTorch would - and can still use
a pass's gradient that a forward pass made afterwards has cleared from
``.grad`` (``loss.backward(); model(x_val); optimizer.step()`` steps as in
PyTorch instead of silently skipping every parameter).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Callable, Dict, Iterable, List, Optional, Tuple

import numpy as np

from mygrad.autodiff import backprop
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.parameter import pending_gradient_sources, zeroings

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.optim.optimizer import Optimizer

__all__ = ["GradWatch"]


class GradWatch:
    """What the backward passes between ``zero_grad()`` and ``step()`` did to an optimizer's parameters.

    While active it listens to every backward pass (``backprop.leaf_grad_listeners``)
    and, for the passes that reach the parameters, either sums their gradients
    (``accumulating``) or notes a pass that reaches a parameter an earlier pass
    already reached - whose gradient mygrad has replaced where PyTorch adds.
    """

    def __init__(self, optimizer: "Optimizer") -> None:
        self.active = False
        self.accumulating = False
        self.params: Dict[int, Tensor] = {}
        self.reached: Dict[int, int] = {}  # id(param) -> its zeroings() when a pass last reached it
        self.passes = 0  # passes that reached some parameter
        self.lost = 0  # passes outside accumulation that reached an already-reached parameter
        self.summed: Dict[int, np.ndarray] = {}
        self.summed_since: Dict[int, int] = {}  # id(param) -> its zeroings() when its sum started
        self.latest: Dict[int, Tuple[np.ndarray, int]] = {}  # id(param) -> (last pass's gradient, zeroings())
        owner = weakref.ref(optimizer)

        def listener(leaves: List[Tensor]) -> None:
            if owner() is not None:
                self.on_backward(leaves)

        def source(param: Tensor) -> Optional[np.ndarray]:
            return self.pending_for(param) if owner() is not None else None

        self._listener, self._source = listener, source
        weakref.finalize(optimizer, stop_listening, listener, source)

    def start(self, params: Iterable[Tensor]) -> None:
        self.params = {id(p): p for p in params}
        self.reached.clear()
        self.summed.clear()
        self.summed_since.clear()
        self.latest.clear()
        self.passes = self.lost = 0
        if not self.active:
            backprop.leaf_grad_listeners.append(self._listener)
            pending_gradient_sources.append(self._source)
            self.active = True

    def on_backward(self, leaves: List[Tensor]) -> None:
        params = self.params
        hits = [leaf for leaf in leaves if id(leaf) in params]
        if not hits:
            return
        self.passes += 1
        if self.accumulating:
            self._add(hits)
        elif any(self.reached.get(id(p)) == zeroings(p) for p in hits):  # (not zeroed through the model since)
            self.lost += 1
        latest, reached = self.latest, self.reached
        for p in hits:
            count = zeroings(p)
            reached[id(p)] = count
            latest[id(p)] = (p._grad, count)

    def pending(self) -> Dict[int, np.ndarray]:
        """The gradient ``step()`` uses for each parameter whose ``.grad`` alone would not do.

        Inside ``accumulate_grad()``: the running sum. Otherwise: the gradient a
        pass left on a parameter that has taken part in a new op since (mygrad
        then clears ``.grad``; PyTorch keeps it until ``zero_grad()``). A
        parameter whose gradient was cleared by hand (``p.grad = None``,
        ``null_grad()``) is not in a new op (``_cleared`` is still set by the
        pass), and is skipped, as PyTorch skips a parameter without gradient.
        """
        pending = {key: total for key, total in self.summed.items()  # (a sum zeroed through the model is gone)
                   if key not in self.params or zeroings(self.params[key]) == self.summed_since[key]}
        for key, (grad, count) in self.latest.items():
            if key not in pending:
                p = self.params.get(key)
                if p is not None and p._grad is None and not p._cleared and zeroings(p) == count:
                    pending[key] = grad
        return pending

    def pending_for(self, param: Tensor) -> Optional[np.ndarray]:
        """:meth:`pending`'s entry for one parameter (None if ``step()`` would use ``.grad`` or nothing)."""
        key = id(param)
        if self.params.get(key) is not param or param._grad is not None:
            return None
        total = self.summed.get(key)
        if total is not None and zeroings(param) == self.summed_since[key]:
            return total
        grad, count = self.latest.get(key, (None, None))
        return grad if grad is not None and not param._cleared and zeroings(param) == count else None

    def _add(self, hits: List[Tensor]) -> None:
        summed = self.summed
        for p in hits:
            key = id(p)
            total = summed.get(key)
            if total is None or self.summed_since[key] != zeroings(p):  # (a new sum after model.zero_grad())
                summed[key] = p._grad  # a leaf's gradient is its own array (see backprop.backward)
                self.summed_since[key] = zeroings(p)
            else:
                np.add(total, p._grad, out=total, casting="same_kind")
                p._grad = total  # .grad shows the running sum, as in PyTorch

    def finish(self) -> Dict[int, np.ndarray]:
        """Stop listening; raise if gradients were lost, else return the summed gradients."""
        if self.lost:
            raise RuntimeError(
                f"{self.passes} backward passes reached the same parameters since zero_grad(), but mygrad does not add "
                "them up as PyTorch does: each replaced the previous gradient (a tensor's gradient is cleared when "
                "it enters a new op), so this step would use the last pass's gradient only. To accumulate "
                "gradients over micro-batches, run the passes under `with optimizer.accumulate_grad():` (after "
                "optimizer.zero_grad()); or add the losses and call backward() once. Nothing was updated; "
                "call zero_grad() to start again."
            )
        summed, self.summed = self.pending(), {}
        self.summed_since, self.latest = {}, {}
        self.reached.clear()
        self.params = {}
        self.passes = 0
        stop_listening(self._listener, self._source)
        self.active = False
        return summed


def stop_listening(listener: Callable, source: Callable) -> None:
    """Unregister a watch's backward-pass listener and its pending-gradient source (either may be gone)."""
    for registry, entry in ((backprop.leaf_grad_listeners, listener), (pending_gradient_sources, source)):
        try:
            registry.remove(entry)
        except ValueError:
            pass
