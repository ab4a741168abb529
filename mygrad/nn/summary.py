"""``Module.summary()``: a table of each leaf layer's output shape and parameter count."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff import modes as _mode
from mygrad.autodiff.tensor import Tensor

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.nn.module import Module

__all__ = ["summarize"]


def summarize(
    root: "Module", input_shape: Union[Sequence[int], Sequence[Sequence[int]]], dtype: Any = None,
    print_fn: Optional[Callable[[str], Any]] = print,
) -> str:
    """``root.summary(input_shape, dtype, print_fn)`` (see :meth:`mygrad.nn.Module.summary`)."""
    shapes = _input_shapes(input_shape)
    if dtype is None:
        first = next(root.parameters(), None)
        dtype = first.dtype if first is not None else np.float32
    rows: List[Tuple[str, str, int]] = []
    leaves = [(name, m) for name, m in root.named_modules() if not any(True for _ in m.children())]

    def recorder(name: str) -> Callable:
        def hook(module: "Module", inputs: tuple, output: Any) -> None:
            n_params = sum(p.size for p in module.parameters())
            label = f"{name or type(module).__name__} ({type(module).__name__})"
            rows.append((label, _format_shapes(output), n_params))

        return hook

    handles = [m.register_forward_hook(recorder(name)) for name, m in leaves]
    modes = [(m, m.training) for m in root.modules()]
    try:
        root.eval()
        with _mode.no_autodiff:
            root(*[Tensor(np.zeros(s, dtype=dtype), constant=True) for s in shapes])
    finally:
        for handle in handles:
            handle.remove()
        for module, mode in modes:
            object.__setattr__(module, "training", mode)

    params = list(root.parameters())
    total = sum(p.size for p in params)
    trainable = sum(p.size for p in params if not p.constant)
    width = max([len("Layer (type)")] + [len(r[0]) for r in rows]) + 2
    shape_width = max([len("Output Shape")] + [len(r[1]) for r in rows]) + 2
    rule = "=" * (width + shape_width + 12)
    lines = [f"{'Layer (type)':<{width}}{'Output Shape':<{shape_width}}{'Param #':>12}", rule]
    lines += [f"{label:<{width}}{shape:<{shape_width}}{count:>12,}" for label, shape, count in rows]
    lines += [
        rule,
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
    ]
    text = "\n".join(lines)
    if print_fn is not None:
        print_fn(text)
    return text


def _input_shapes(input_shape: Any) -> List[Tuple[int, ...]]:
    """``input_shape`` as a list of shapes (one per forward input), or a TypeError naming ``summary``."""
    try:
        shapes = [tuple(input_shape)] if _is_shape(input_shape) else [tuple(s) for s in input_shape]
    except TypeError:
        shapes = []
    if not shapes or not all(_is_shape(s) and all(n >= 0 for n in s) for s in shapes):
        raise TypeError(f"summary: input_shape must be a shape (a tuple of non-negative ints, batch axis included) or "
                        f"a list of shapes; got {input_shape!r:.60}")
    return shapes


def _is_shape(x: Any) -> bool:
    return all(isinstance(n, (int, np.integer)) for n in x)


def _format_shapes(output: Any) -> str:
    if isinstance(output, (Tensor, np.ndarray)):
        return str(tuple(output.shape))
    if isinstance(output, (tuple, list)):
        return "[" + ", ".join(_format_shapes(o) for o in output) + "]"
    return type(output).__name__
