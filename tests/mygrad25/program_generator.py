"""Random MyGrad programs, written as text, for the differential harness.

``generate_program(seed)`` writes a short program of random op chains on small
float64 tensors: elementwise ops with broadcasting, reductions over axes,
views (reshape, transpose, basic indexing), in-place writes (``t[idx] = v``,
``t += x``, ``t *= c``) on tensors and on views, repeated ``backward()``
passes, ``no_autodiff`` blocks and ``clear_graph()``, and ``show(...)`` of
everything along the way (values, ``.grad``, ``.constant``, ``.base is None``,
``.creator is None``). The same seed always gives the same text, so a
differing program is reproduced by its seed:

>>> generate_program(3) == generate_program(3)
True
>>> "show(" in generate_program(3)
True

The generator tracks each variable's shape (with NumPy) so that every
operation it writes is valid; whatever raises under one implementation must
raise the same way under the other.
"""

from __future__ import annotations

import random

import numpy as np

SHAPES = [(), (3,), (1, 3), (2, 1), (2, 3), (3, 2), (2, 2, 3), (4,)]

UNARY = [
    "mg.exp({x} / 4)", "np.tanh({x})", "{x} ** 2", "-{x}", "mg.sin({x})", "mg.sqrt({x} * {x} + 1.0)",
    "mg.log1p({x} * {x})", "np.square({x})", "2.5 * {x}", "{x} / 3.0", "mg.cos({x}) + {x}",
]  # fmt: skip
BINARY = ["{x} + {y}", "{x} * {y}", "{x} - {y}", "{x} / ({y} * {y} + 1.0)", "mg.multiply({x}, {y})", "np.add({x}, {y})"]
REDUCTIONS = ["sum", "mean", "max", "prod", "var"]


class _Program:
    """The text of one program, and the shape of each tensor variable it holds."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lines: list[str] = []
        self.shapes: dict[str, tuple] = {}

    def new_name(self) -> str:
        return f"t{len(self.shapes)}"

    def emit(self, line: str) -> None:
        self.lines.append(line)

    def assign(self, expression: str, shape: tuple) -> str:
        name = self.new_name()
        self.emit(f"{name} = {expression}")
        self.shapes[name] = tuple(shape)
        return name

    def pick(self, condition=lambda shape: True) -> str | None:
        names = [n for n, s in self.shapes.items() if condition(s)]
        return self.rng.choice(names) if names else None

    def literal(self, shape: tuple) -> str:
        values = [round(self.rng.uniform(-2, 2), 2) for _ in range(int(np.prod(shape, dtype=int)))]
        if not shape:
            return repr(values[0])
        return f"np.array({values!r}).reshape({shape!r})"

    # ---------------------------------------------------------------- steps

    def leaf(self) -> None:
        shape = self.rng.choice(SHAPES)
        constant = ", constant=True" if self.rng.random() < 0.15 else ""
        self.assign(f"mg.tensor({self.literal(shape)}{constant})", shape)

    def unary(self) -> None:
        x = self.pick()
        self.assign(self.rng.choice(UNARY).format(x=x), self.shapes[x])

    def binary(self) -> None:
        x = self.pick()
        y = self.pick(lambda s: _broadcasts(s, self.shapes[x]))
        if self.rng.random() < 0.2:  # a plain array or a number as the other operand
            y_shape = self.rng.choice([(), self.shapes[x][-1:]])
            y_text, y_shape = self.literal(y_shape), y_shape
        else:
            y_text, y_shape = y, self.shapes[y]
        operands = (x, y_text) if self.rng.random() < 0.5 else (y_text, x)
        expression = self.rng.choice(BINARY).format(x=operands[0], y=operands[1])
        self.assign(expression, np.broadcast_shapes(self.shapes[x], y_shape))

    def reduction(self) -> None:
        x = self.pick(lambda s: len(s) > 0)
        if x is None:
            return self.unary()
        shape = self.shapes[x]
        axis = self.rng.choice([None, *range(-len(shape), len(shape))])
        keepdims = self.rng.random() < 0.3
        result = np.empty(shape).sum(axis=axis, keepdims=keepdims).shape
        self.assign(f"{x}.{self.rng.choice(REDUCTIONS)}(axis={axis}, keepdims={keepdims})", result)

    def view(self) -> None:
        x = self.pick(lambda s: len(s) > 0)
        if x is None:
            return self.unary()
        shape = self.shapes[x]
        kind = self.rng.choice(["reshape", "transpose", "index", "index", "expand"])
        if kind == "reshape":
            new_shape = self.rng.choice([(-1,), (1, -1), (*shape, 1), (-1, 1)])
            result = np.empty(shape).reshape(new_shape).shape
            self.assign(f"{x}.reshape{new_shape!r}", result)
        elif kind == "transpose":
            self.assign(f"{x}.T" if self.rng.random() < 0.5 else f"mg.transpose({x})", shape[::-1])
        elif kind == "expand":
            self.assign(f"{x}[..., None]", (*shape, 1))
        else:
            index = self.basic_index(shape)
            self.assign(f"{x}[{index}]", _indexed_shape(shape, index))

    def basic_index(self, shape: tuple) -> str:
        parts = []
        for size in shape[: self.rng.randint(1, len(shape))]:
            choice = self.rng.random()
            if choice < 0.35:
                parts.append(str(self.rng.randrange(-size, size)))
            elif choice < 0.7:
                start = self.rng.randrange(0, size)
                parts.append(f"{start}:{self.rng.randint(start + 1, size)}")
            elif choice < 0.85:
                parts.append("::-1")
            else:
                parts.append(":")
        return ", ".join(parts) + ("," if len(parts) == 1 else "")

    def setitem(self) -> None:
        x = self.pick(lambda s: len(s) > 0)
        if x is None:
            return self.augmented()
        index = self.basic_index(self.shapes[x])
        target_shape = _indexed_shape(self.shapes[x], index)
        source = self.pick(lambda s: _broadcasts(s, target_shape) and np.broadcast_shapes(s, target_shape) == target_shape)
        value = source if source is not None and self.rng.random() < 0.7 else self.literal(())
        self.emit(f"with raises():\n    {x}[{index}] = {value}")

    def augmented(self) -> None:
        x = self.pick()
        shape = self.shapes[x]
        y = self.pick(lambda s: _broadcasts(s, shape) and np.broadcast_shapes(s, shape) == shape)
        operator = self.rng.choice(["+=", "*=", "-="])
        value = y if y is not None and self.rng.random() < 0.7 else self.literal(())
        self.emit(f"with raises():\n    {x} {operator} {value}")

    def backward(self) -> None:
        x = self.pick()
        self.emit(f"with raises():\n    {x}.backward()")
        self.show_some(4)

    def no_autodiff(self) -> None:
        x = self.pick()
        name = self.new_name()
        self.emit(f"with mg.no_autodiff:\n    {name} = {self.rng.choice(UNARY).format(x=x)}")
        self.shapes[name] = self.shapes[x]

    def clear_graph(self) -> None:
        self.emit(f"{self.pick()}.clear_graph()")

    def show_some(self, count: int) -> None:
        names = list(self.shapes)
        chosen = sorted(self.rng.sample(names, min(count, len(names))), key=names.index)
        self.emit(f"show({', '.join(chosen)})")


def _indexed_shape(shape: tuple, index: str) -> tuple:
    return np.empty(shape)[eval(f"np.s_[{index}]")].shape


def _broadcasts(a: tuple, b: tuple) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


STEPS = {
    "leaf": 1, "unary": 3, "binary": 4, "reduction": 2, "view": 4, "setitem": 2, "augmented": 2, "backward": 2,
    "show_some": 1, "no_autodiff": 0.3, "clear_graph": 0.3,
}  # fmt: skip


def generate_program(seed: int, length: int | None = None) -> str:
    """The text of a random program (``length`` random steps; 6 to 16 by default) from ``seed``.

    >>> print(generate_program(0).splitlines()[0])  # doctest: +ELLIPSIS
    t0 = mg.tensor(...)
    """
    rng = random.Random(seed)
    program = _Program(rng)
    for _ in range(rng.randint(1, 2)):
        program.leaf()
    for _ in range(length if length is not None else rng.randint(6, 16)):
        step = rng.choices(list(STEPS), weights=list(STEPS.values()))[0]
        getattr(program, step)(*([3] if step == "show_some" else []))
    program.backward()
    program.emit(f"show({', '.join(program.shapes)})")
    return "\n".join(program.lines) + "\n"
