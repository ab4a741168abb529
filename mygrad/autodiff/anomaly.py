"""Anomaly detection: find the op that first produced a NaN or an infinity.

Inside ``with mg.detect_anomaly():`` (or in a function decorated with
``@mg.detect_anomaly()``) every op checks

* its forward result: a NaN, or an infinity, that none of its inputs had,
  raises at once;
* each gradient it passes back during a ``backward()`` run inside the block:
  any NaN or infinity raises (whether the op was created inside the block
  or before it).

The error, :class:`AnomalyError`, names the op, the shapes and dtypes of its
inputs, and the lines of *your* code where the op was created (mygrad's own
frames are left out), as ``torch.autograd.detect_anomaly`` does.

When it is off (the default), the whole cost is one module-attribute check
per op in :func:`mygrad.execute_op` and one per ``backward()`` call. (Where
an op was created is known only for ops created inside the block.)

Examples
--------
>>> import mygrad as mg
>>> x = mg.tensor([1.0, 0.0])
>>> with mg.detect_anomaly():
...     try:
...         y = mg.log(x) * 0
...     except mg.anomaly.AnomalyError as error:
...         print(str(error).splitlines()[0])
detect_anomaly: Log produced inf in its forward result (shape (2,), float64); its inputs had none.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from typing import Any, List, Sequence

import numpy as np

__all__ = ["detect_anomaly", "AnomalyError", "is_anomaly_enabled"]

#: Read by ``execute_op`` on every op: a plain module attribute, False unless inside ``detect_anomaly``.
active = False

#: Where mygrad's own code lives (``mygrad/``): frames there are the library's, not its user's.
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


class AnomalyError(FloatingPointError):
    """An op produced, or back-propagated, a NaN or an infinity under :class:`detect_anomaly`."""


class detect_anomaly(contextlib.ContextDecorator):
    """Check every op's result and every gradient for NaN/inf; raise naming the op and where it was created.

    Use it as a context manager (``with mg.detect_anomaly():``) or as a
    decorator (``@mg.detect_anomaly()``). Blocks nest; leaving one restores
    the previous setting, also when an exception leaves it. Detection makes
    each op noticeably slower (a finiteness check and a stack capture per op):
    use it to debug, not to train.

    Parameters
    ----------
    enabled : bool, default True
        False switches detection off within the block (e.g. for a part that
        produces infinities on purpose).

    Examples
    --------
    >>> import mygrad as mg
    >>> @mg.detect_anomaly()
    ... def loss(x):
    ...     return (mg.sqrt(x) * 0).sum()
    >>> x = mg.tensor([0.0, 4.0])
    >>> l = loss(x)                  # forward is finite: sqrt(0) = 0
    >>> try:
    ...     with mg.detect_anomaly():
    ...         mg.sqrt(x).sum().backward()
    ... except mg.anomaly.AnomalyError as error:
    ...     print(str(error).splitlines()[0])
    detect_anomaly: Sqrt.backward_var returned inf in the gradient for its input 0 (shape (2,), float64).
    """

    def __init__(self, enabled: bool = True) -> None:
        if not isinstance(enabled, (bool, np.bool_)):
            raise TypeError(f"detect_anomaly: enabled must be a bool; got {enabled!r}")
        self.enabled = bool(enabled)
        self._saved: List[bool] = []

    def __enter__(self) -> None:
        global active
        self._saved.append(active)
        active = self.enabled

    def __exit__(self, *exc_info: Any) -> None:
        global active
        active = self._saved.pop()


def is_anomaly_enabled() -> bool:
    """True inside a :class:`detect_anomaly` block.

    Examples
    --------
    >>> import mygrad as mg
    >>> with mg.detect_anomaly():
    ...     print(mg.anomaly.is_anomaly_enabled())
    True
    """
    return active


# ----------------------------------------------------------------- the hook (called only while active)
def check_forward(op: Any, inputs: Sequence[Any], data: np.ndarray) -> None:
    """Record where ``op`` was created and check its forward result."""
    op._anomaly_origin = _user_stack()
    bad = _non_finite(data)
    if bad:
        had = set()
        for t in inputs:
            had.update(_non_finite(t.data).split(" and ") if _non_finite(t.data) else ())
        new = [kind for kind in bad.split(" and ") if kind not in had and not (kind == "inf" and "nan" in had)]
        if new:
            raise AnomalyError(
                f"detect_anomaly: {type(op).__name__} produced {' and '.join(new)} in its forward result "
                f"(shape {data.shape}, {data.dtype}); its inputs had none.\n"
                f"{_describe_inputs(inputs)}\n{_origin_text(op)}"
            )


def check_gradient(op: Any, var: Any, grad: np.ndarray) -> None:
    """Raise if ``grad``, the gradient ``op`` passes back to its input ``var``, has a NaN or an infinity."""
    bad = _non_finite(grad)
    if bad:
        variables = op.variables
        index = next((i for i, v in enumerate(variables) if v is var), "?")
        raise AnomalyError(
            f"detect_anomaly: {type(op).__name__}.backward_var returned {bad} in the gradient for its "
            f"input {index} (shape {np.shape(var.data)}, {np.asarray(grad).dtype}).\n"
            f"{_describe_inputs(variables)}\n{_origin_text(op)}"
        )


def _non_finite(values: Any) -> str:
    """'nan', 'inf', 'nan and inf' or '' for an array's non-finite entries."""
    arr = np.asarray(values)
    if arr.dtype.kind not in "fc" or np.isfinite(arr).all():
        return ""
    kinds = [name for name, test in (("nan", np.isnan), ("inf", np.isinf)) if test(arr).any()]
    return " and ".join(kinds)


def _describe_inputs(inputs: Sequence[Any]) -> str:
    parts = [f"{np.shape(t.data)} {np.asarray(t.data).dtype}" for t in inputs]
    return "Its inputs: " + (", ".join(parts) if parts else "none") + "."


def _user_stack() -> traceback.StackSummary:
    """The current call stack without mygrad's own frames (and this module's)."""
    frames = [f for f in traceback.extract_stack()[:-2] if not f.filename.startswith(PACKAGE_DIR)]
    return traceback.StackSummary.from_list(frames[-12:])


def _origin_text(op: Any) -> str:
    stack = getattr(op, "_anomaly_origin", None)
    if not stack:
        return "(where it was created is unknown)"
    return "The op was created at (most recent call last):\n" + "".join(stack.format()).rstrip()
