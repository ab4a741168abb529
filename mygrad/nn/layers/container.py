"""Containers: modules that hold other modules (``Sequential``, ``ModuleList``, ``ModuleDict``)."""

from __future__ import annotations

import operator
from collections import OrderedDict
from typing import Any, Iterable, Iterator, Mapping, Optional, Tuple, Union

from mygrad.nn.module import Module

__all__ = ["Sequential", "ModuleList", "ModuleDict"]


def _normalise_index(index: Any, length: int, kind: str) -> int:
    """A valid non-negative position for ``index`` (an int, negative ones counting from the end)."""
    try:
        index = operator.index(index)
    except TypeError:
        raise TypeError(f"{kind} indices must be integers or slices; got {index!r:.60} of type "
                        f"{type(index).__name__}") from None
    if not -length <= index < length:
        raise IndexError(f"index {index} is out of range for a {kind} of length {length}")
    return index % length


class Sequential(Module):
    """Modules applied one after another: ``forward(x)`` returns ``m_n(...m_2(m_1(x)))``.

    Build it from modules (named ``"0"``, ``"1"``, ...) or from an ordered
    dict of named modules. It indexes like a list: ``seq[0]``, ``seq[-1]``,
    and slices (``seq[1:]``) give a new ``Sequential`` sharing the modules.

    Examples
    --------
    >>> from mygrad import nn
    >>> net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    >>> len(net), type(net[1]).__name__
    (3, 'ReLU')
    >>> net[1:]
    Sequential(
      (1): ReLU()
      (2): Linear(in_features=8, out_features=2, bias=True)
    )
    """

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], Mapping):
            for name, module in args[0].items():
                self.register_module(name, module)
        else:
            for index, module in enumerate(args):
                self.register_module(str(index), module)

    def forward(self, input: Any) -> Any:
        # (a later layer that raises leaves the earlier ones' running statistics as they were:
        # Module.__call__ restores the buffers of any call that raises)
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, index: Union[int, slice]) -> Union[Module, "Sequential"]:
        items = list(self._modules.items())
        if isinstance(index, slice):
            return type(self)(OrderedDict(items[index]))
        return items[_normalise_index(index, len(items), "Sequential")][1]

    def __setitem__(self, index: int, module: Module) -> None:
        keys = list(self._modules)
        self.register_module(keys[_normalise_index(index, len(keys), "Sequential")], module)

    def __delitem__(self, index: Union[int, slice]) -> None:
        """Remove the module(s) at ``index``; the rest are renumbered 0, 1, ... (as PyTorch does, so state-dict
        keys stay PyTorch's and a later ``append`` cannot reuse a remaining module's name)."""
        modules = list(self._modules.values())
        if isinstance(index, slice):
            del modules[index]
        else:
            del modules[_normalise_index(index, len(modules), "Sequential")]
        self._modules.clear()
        for position, module in enumerate(modules):
            self.register_module(str(position), module)

    def pop(self, index: Union[int, slice] = -1) -> Union[Module, "Sequential"]:
        """Remove and return the module(s) at ``index`` (the last by default); the rest are renumbered."""
        popped = self[index]
        del self[index]
        return popped

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> "Sequential":
        """Add ``module`` at the end (named by its position); returns the Sequential."""
        self.register_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> "Sequential":
        """Append each module in ``modules``; returns the Sequential."""
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> "Sequential":
        """Insert ``module`` before position ``index``; the modules are renumbered."""
        modules = list(self._modules.values())
        index = max(0, min(len(modules), index if index >= 0 else len(modules) + index))
        modules.insert(index, module)
        self._modules.clear()
        for position, item in enumerate(modules):
            self.register_module(str(position), item)
        return self


class ModuleList(Module):
    """A list of modules, registered so that their parameters belong to the owner.

    Use it (not a plain Python list) when a model holds a variable number of
    layers. It has no ``forward``: iterate over it in your own.

    Examples
    --------
    >>> from mygrad import nn
    >>> layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    >>> len(layers), len(list(layers.parameters()))
    (3, 6)
    """

    def __init__(self, modules: Optional[Iterable[Module]] = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _renumber(self, modules: list) -> None:
        self._modules.clear()
        for position, module in enumerate(modules):
            self.register_module(str(position), module)

    def __getitem__(self, index: Union[int, slice]) -> Union[Module, "ModuleList"]:
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return type(self)(modules[index])
        return modules[_normalise_index(index, len(modules), "ModuleList")]

    def __setitem__(self, index: int, module: Module) -> None:
        self.register_module(str(_normalise_index(index, len(self), "ModuleList")), module)

    def __delitem__(self, index: Union[int, slice]) -> None:
        modules = list(self._modules.values())
        if isinstance(index, slice):
            del modules[index]
        else:
            del modules[_normalise_index(index, len(modules), "ModuleList")]
        self._renumber(modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __iadd__(self, modules: Iterable[Module]) -> "ModuleList":
        return self.extend(modules)

    def append(self, module: Module) -> "ModuleList":
        """Add ``module`` at the end; returns the list."""
        self.register_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> "ModuleList":
        """Append every module of ``modules``; returns the list."""
        if isinstance(modules, (Module, str)) or not hasattr(modules, "__iter__"):
            raise TypeError(f"ModuleList.extend should be called with an iterable of modules, got {type(modules).__name__}")
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert ``module`` before position ``index``."""
        modules = list(self._modules.values())
        modules.insert(index, module)
        self._renumber(modules)

    def pop(self, index: Union[int, slice] = -1) -> Union[Module, "ModuleList"]:
        """Remove and return the module(s) at ``index`` (the last by default); the rest are renumbered."""
        popped = self[index]
        del self[index]
        return popped

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ModuleList has no forward: iterate over its modules in your model's forward")


class ModuleDict(Module):
    """An ordered dict of named modules, registered so that their parameters belong to the owner.

    Examples
    --------
    >>> from mygrad import nn
    >>> heads = nn.ModuleDict({"cls": nn.Linear(4, 3), "box": nn.Linear(4, 4)})
    >>> list(heads.keys()), "cls" in heads
    (['cls', 'box'], True)
    """

    def __init__(self, modules: Optional[Union[Mapping[str, Module], Iterable[Tuple[str, Module]]]] = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        self.register_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: str) -> bool:
        return key in self._modules

    def keys(self) -> Iterable[str]:
        """The module names, in insertion order."""
        return self._modules.keys()

    def values(self) -> Iterable[Module]:
        """The modules, in insertion order."""
        return self._modules.values()

    def items(self) -> Iterable[Tuple[str, Module]]:
        """``(name, module)`` pairs, in insertion order."""
        return self._modules.items()

    def update(self, modules: Union[Mapping[str, Module], Iterable[Tuple[str, Module]]]) -> None:
        """Add or replace modules from a mapping or an iterable of ``(name, module)`` pairs."""
        pairs = modules.items() if isinstance(modules, Mapping) else modules
        for pair in pairs:
            name, module = pair
            self[name] = module

    def pop(self, key: str) -> Module:
        """Remove and return the module ``key``."""
        return self._modules.pop(key)

    def clear(self) -> None:
        """Remove every module."""
        self._modules.clear()

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ModuleDict has no forward: pick its modules by name in your model's forward")
