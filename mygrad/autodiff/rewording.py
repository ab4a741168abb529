"""Re-raising NumPy's errors as the same class, with a message that says where they came from.

NumPy's text ("operands could not be broadcast together with shapes (2,) (3,)")
does not say which op of a long program refused its inputs. :func:`reword`
builds an exception of the *same class* with a better message, and
:func:`name_op` is what :func:`~mygrad.autodiff.operation.execute_op` raises
when an op's forward pass fails: the op, its inputs' dtypes and shapes, and
NumPy's own words. Both run only on the error path.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from mygrad.autodiff.anomaly import PACKAGE_DIR

# where mygrad's and NumPy's own code lives (an error raised there is the library's, not its user's)
_LIBRARY_DIRS = (PACKAGE_DIR, os.path.dirname(os.path.abspath(np.__file__)) + os.sep)

__all__ = ["reword", "name_op", "names", "numpy_text", "raised_by_library", "REWORDED"]

# these classes and NumPy's subclasses of them (DTypePromotionError, UFuncTypeError, ...); mygrad's own errors
# (subclasses of ValueError, ...) already name their facts and pass through untouched
REWORDED = (ValueError, TypeError, IndexError, ZeroDivisionError, OverflowError, MemoryError, RuntimeError,
            np.exceptions.AxisError)


def reword(error: BaseException, message: str) -> BaseException:
    """``error``'s class with ``message``, or ``error`` itself if it is not one of :data:`REWORDED` / NumPy's.

    NumPy's own subclasses that cannot be built from a message alone
    (``UFuncTypeError``) become their nearest plain base class.

    Examples
    --------
    >>> reword(IndexError("too many indices"), "x[0, 0]: too many indices for a 1-D tensor")
    IndexError('x[0, 0]: too many indices for a 1-D tensor')
    """
    kind = type(error)
    if kind not in REWORDED and not (isinstance(error, REWORDED) and kind.__module__.startswith("numpy")):
        return error
    try:
        return kind(message)
    except Exception:  # a NumPy class built from other arguments (UFuncTypeError): its nearest plain base
        return next(base for base in kind.__mro__ if base in REWORDED)(message)


def names(error: BaseException, name: str, *, as_spelled: bool = False) -> bool:
    """Whether ``error`` already says where it came from: an inner call named it (``error._named_by``), or its
    message names ``name`` - ignoring case and underscores (an op or layer class named in its function's
    spelling), or ``as_spelled`` (a public function, which the message must call as its user does).

    Examples
    --------
    >>> names(ValueError("log_softmax: axis 3 is out of bounds"), "LogSoftmax")
    True
    >>> names(ValueError("batch_norm: weight is not real"), "batchnorm", as_spelled=True)
    False
    """
    if getattr(error, "_named_by", None):
        return True
    if as_spelled:
        return name in str(error)
    return name.lower().replace("_", "") in str(error).lower().replace("_", "")


def name_op(error: BaseException, op_type: type, inputs: tuple) -> BaseException:
    """The error an op's forward pass raised, naming the op and its inputs (or ``error`` if it names the op).

    A NumPy error whose class cannot be rebuilt from a message (``UFuncTypeError``)
    is returned as it is, with a note naming the op (shown in tracebacks).

    Examples
    --------
    >>> import numpy as np
    >>> class Add: pass
    >>> x, y = np.ones(2), np.ones((2, 3))
    >>> name_op(ValueError("operands could not be broadcast together"), Add, (x, y))
    ValueError('Add (inputs: float64 of shape (2,), float64 of shape (2, 3)): operands could not be broadcast together')
    """
    name = op_type.__name__
    text = str(error)
    if names(error, name):
        return error
    where = f"{name} (inputs: {', '.join(_describe(x) for x in inputs)})"
    renamed = reword(error, f"{where}: {text}")
    if type(renamed) is not type(error):  # (a NumPy class whose text is not its message: keep the class)
        error.add_note(f"raised by {where}")
        return error
    renamed._numpy_text = text  # type: ignore[attr-defined]  (for callers that name the op their own way)
    return renamed


def numpy_text(error: BaseException) -> str:
    """``error``'s message without the op-and-inputs prefix :func:`name_op` gave it.

    Examples
    --------
    >>> import numpy as np
    >>> class Add: pass
    >>> numpy_text(name_op(ValueError("shapes differ"), Add, (np.ones(2),)))
    'shapes differ'
    """
    return getattr(error, "_numpy_text", None) or str(error)


def _describe(x: Any) -> str:
    """An input by dtype and shape (its values would swamp the message)."""
    data = x if isinstance(x, np.ndarray) else getattr(x, "data", x)  # (a Tensor's array)
    if isinstance(data, np.ndarray):
        return f"{data.dtype} of shape {data.shape}"
    return f"{type(x).__name__}"


def raised_by_library(error: BaseException) -> bool:
    """Whether ``error`` was raised by mygrad's or NumPy's code (its innermost frame is theirs), not its user's.

    Examples
    --------
    >>> import numpy as np
    >>> try:
    ...     np.zeros(-1)
    ... except ValueError as error:
    ...     raised_by_library(error)  # (a C function: the innermost Python frame is the caller's, this one)
    False
    """
    tb = error.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_filename.startswith(_LIBRARY_DIRS)
