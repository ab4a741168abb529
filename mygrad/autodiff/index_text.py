"""How an index is written in error messages (``x[index]`` reads and ``x[index] = v`` writes)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["brief_index"]


def brief_index(index: Any) -> str:
    """The index as written in code, arrays shown by dtype and shape (their values could be huge).

    Examples
    --------
    >>> brief_index((0, slice(1, None), Ellipsis))
    '[0, 1:, ...]'
    """

    def one(entry: Any) -> str:
        if isinstance(entry, np.ndarray):
            return f"<{entry.dtype} array of shape {entry.shape}>" if entry.size > 6 else repr(entry.tolist())
        if isinstance(entry, slice):
            start, stop, step = ("" if v is None else repr(v) for v in (entry.start, entry.stop, entry.step))
            return f"{start}:{stop}" + (f":{step}" if step else "")  # 1:, :3, ::2 as written
        return "..." if entry is Ellipsis else repr(entry)

    entries = index if isinstance(index, tuple) else (index,)
    return "[" + ", ".join(one(e) for e in entries) + "]"
