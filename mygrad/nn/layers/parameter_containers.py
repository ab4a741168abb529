"""Containers of parameters: ``ParameterList`` and ``ParameterDict``, as PyTorch's.

Each entry is an attribute of the container named by its position (``"0"``,
``"1"``, ...) or by its key, so ``parameters()`` and ``state_dict()`` see it
under exactly the keys PyTorch uses. A Tensor (or a floating-point ndarray)
that is not yet a :class:`~mygrad.nn.Parameter` is wrapped in one, sharing
its memory, as ``torch.nn.Parameter(tensor)`` does; other objects are kept as
plain attributes (modules as sub-modules).
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable as _Iterable
from collections.abc import Mapping
from typing import Any, Dict, Iterable, Iterator, Optional, Tuple

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter

__all__ = ["ParameterList", "ParameterDict"]


class _MissingKey(KeyError, AttributeError):
    """A key a ParameterDict does not hold: a KeyError (dict-like) that is also PyTorch's AttributeError."""


def _as_entry(value: Any) -> Any:
    """``value`` as the container stores it: tensors and float arrays become Parameters (sharing memory)."""
    if isinstance(value, Parameter):
        return value
    if isinstance(value, Tensor):
        return Parameter(value.data, requires_grad=True)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return Parameter(value)
    return value


def _describe(value: Any) -> str:
    """PyTorch's one-line description of an entry: ``Parameter containing: [float32 of size 3x4]``."""
    if isinstance(value, Tensor):
        kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
        size = "x".join(str(n) for n in value.shape)
        return f"{kind} containing: [mygrad.{value.dtype} of size {size}]"
    return f"Object of type: {type(value).__name__}"


class ParameterList(Module):
    """A list of parameters, registered so that they belong to the owning module.

    Entries are named ``"0"``, ``"1"``, ... in ``state_dict()``, as in
    PyTorch. Tensors and floating-point arrays are wrapped in
    :class:`~mygrad.nn.Parameter` (sharing memory) when they are added.

    Parameters
    ----------
    values : Optional[Iterable]
        The initial entries.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> params = nn.ParameterList([nn.Parameter(np.zeros((3, 4), dtype=np.float32)), np.ones(2)])
    >>> params.append(nn.Parameter(np.ones(5, dtype=np.float32)))
    ParameterList(
        (0): Parameter containing: [mygrad.float32 of size 3x4]
        (1): Parameter containing: [mygrad.float64 of size 2]
        (2): Parameter containing: [mygrad.float32 of size 5]
    )
    >>> list(params.state_dict()), len(list(params.parameters()))
    (['0', '1', '2'], 3)
    """

    def __init__(self, values: Optional[Iterable[Any]] = None) -> None:
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def _position(self, index: Any) -> str:
        try:
            index = operator.index(index)
        except TypeError:
            raise TypeError(f"ParameterList indices must be integers or slices; got {index!r:.60} of type "
                            f"{type(index).__name__}") from None
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} is out of range for a ParameterList of length {len(self)}")
        return str(index % len(self))

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return type(self)(self[i] for i in range(*index.indices(len(self))))
        return getattr(self, self._position(index))

    def __setitem__(self, index: int, value: Any) -> None:
        setattr(self, self._position(index), _as_entry(value))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))

    def __iadd__(self, values: Iterable[Any]) -> "ParameterList":
        return self.extend(values)

    def __dir__(self) -> list:
        return [key for key in super().__dir__() if not key.isdigit()]

    def append(self, value: Any) -> "ParameterList":
        """Add ``value`` at the end; returns the list."""
        self._size += 1
        self[self._size - 1] = value
        return self

    def extend(self, values: Iterable[Any]) -> "ParameterList":
        """Append every entry of ``values`` (an iterable, not a single tensor); returns the list."""
        if not isinstance(values, _Iterable) or isinstance(values, (Tensor, np.ndarray)):
            raise TypeError(f"ParameterList.extend should be called with an iterable, but got "
                            f"{type(values).__name__}")
        for value in values:
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({i}): {_describe(value)}" for i, value in enumerate(self))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("ParameterList should not be called.")


class ParameterDict(Module):
    """An ordered dict of named parameters, registered so that they belong to the owning module.

    Keys are the ``state_dict()`` keys, as in PyTorch. Tensors and
    floating-point arrays are wrapped in :class:`~mygrad.nn.Parameter`
    (sharing memory) when they are added. As PyTorch, ``update`` with a plain
    ``dict`` adds its entries in sorted key order; an ``OrderedDict``, a
    ``ParameterDict`` or a sequence of pairs keeps its order.

    Parameters
    ----------
    parameters : Optional[Mapping or Iterable of (str, value) pairs]
        The initial entries.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> params = nn.ParameterDict({"scale": np.ones(3, dtype=np.float32)})
    >>> params["shift"] = nn.Parameter(np.zeros(3, dtype=np.float32))
    >>> params
    ParameterDict(
        (scale): Parameter containing: [mygrad.float32 of size 3]
        (shift): Parameter containing: [mygrad.float32 of size 3]
    )
    >>> list(params.state_dict()), "scale" in params
    (['scale', 'shift'], True)
    """

    def __init__(self, parameters: Any = None) -> None:
        super().__init__()
        self._keys: Dict[str, None] = {}
        if parameters is not None:
            self.update(parameters)

    @staticmethod
    def _check_key(key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(f"Index given to ParameterDict cannot be used as a key as it is not a string "
                            f"(type is '{type(key).__name__}')")
        return key

    def __getitem__(self, key: str) -> Any:
        if self._check_key(key) not in self._keys:
            raise _MissingKey(key)
        for registry in (self._parameters, self._modules):
            if key in registry:
                return registry[key]
        return self.__dict__[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._check_key(key)
        if key == "" or "." in key:
            raise KeyError(f'ParameterDict key can\'t be empty or contain "."; got {key!r}')
        if key not in self._keys and (hasattr(type(self), key) or key in self.__dict__):
            raise KeyError(f"attribute '{key}' already exists on ParameterDict; choose another key")
        value = _as_entry(value)
        self._keys[key] = None
        if isinstance(value, Parameter) and key in self._parameters:
            self._parameters[key] = value  # (replacing an entry keeps its place in state_dict(), as PyTorch)
        else:
            setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        if self._check_key(key) not in self._keys:
            raise _MissingKey(key)
        del self._keys[key]
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __reversed__(self) -> Iterator[str]:
        return reversed(list(self._keys))

    def __contains__(self, key: Any) -> bool:
        return key in self._keys

    def keys(self) -> Iterable[str]:
        """The keys, in insertion order."""
        return self._keys.keys()

    def values(self) -> Iterable[Any]:
        """The entries, in insertion order."""
        return (self[k] for k in self._keys)

    def items(self) -> Iterable[Tuple[str, Any]]:
        """``(key, entry)`` pairs, in insertion order."""
        return ((k, self[k]) for k in self._keys)

    def get(self, key: str, default: Any = None) -> Any:
        """The entry ``key``, or ``default`` when there is none."""
        return self[key] if key in self else default

    def setdefault(self, key: str, default: Any = None) -> Any:
        """The entry ``key``, first setting it to ``default`` when there is none."""
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key: str) -> Any:
        """Remove and return the entry ``key``."""
        value = self[key]
        del self[key]
        return value

    def popitem(self) -> Tuple[str, Any]:
        """Remove and return the last inserted ``(key, entry)`` pair."""
        if not self._keys:
            raise KeyError("popitem(): ParameterDict is empty")
        key = next(reversed(list(self._keys)))
        return key, self.pop(key)

    def clear(self) -> None:
        """Remove every entry."""
        for key in list(self._keys):
            del self[key]

    def copy(self) -> "ParameterDict":
        """A new ParameterDict holding the same entries (the Parameters are shared, not copied)."""
        return ParameterDict(OrderedDict(self.items()))

    def fromkeys(self, keys: Iterable[str], default: Any = None) -> "ParameterDict":
        """A new ParameterDict with ``keys``, each set to ``default``."""
        return ParameterDict((key, default) for key in keys)

    def update(self, parameters: Any) -> None:
        """Add or replace entries from a mapping or an iterable of ``(key, value)`` pairs.

        A plain ``dict`` is added in sorted key order (as PyTorch); an
        ``OrderedDict``, a ``ParameterDict`` or a sequence of pairs in its own order.
        """
        if not isinstance(parameters, _Iterable):
            raise TypeError(f"ParameterDict.update should be called with an iterable of key/value pairs, but got "
                            f"{type(parameters).__name__}")
        if isinstance(parameters, (OrderedDict, ParameterDict)):
            pairs = list(parameters.items())
        elif isinstance(parameters, Mapping):
            pairs = sorted(parameters.items())
        else:
            pairs = []
            for j, pair in enumerate(parameters):
                if not isinstance(pair, _Iterable) or isinstance(pair, str):
                    raise TypeError(f"ParameterDict update sequence element #{j} should be Iterable; is "
                                    f"{type(pair).__name__}")
                pair = tuple(pair)
                if len(pair) != 2:
                    raise ValueError(f"ParameterDict update sequence element #{j} has length {len(pair)}; "
                                     f"2 is required")
                pairs.append(pair)
        for key, value in pairs:
            self[key] = value

    def __or__(self, other: "ParameterDict") -> "ParameterDict":
        merged = self.copy()
        merged.update(other)
        return merged

    def __ior__(self, other: "ParameterDict") -> "ParameterDict":
        self.update(other)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({key}): {_describe(value)}" for key, value in self.items())

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("ParameterDict should not be called.")
