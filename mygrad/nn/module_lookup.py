"""Finding a module's parts by their dotted names: ``get_submodule``, ``get_parameter``, ``get_buffer``.

The names are those of :meth:`~mygrad.nn.Module.named_modules`,
``named_parameters`` and ``named_buffers`` (``"layer1.0.conv.weight"``). As in
PyTorch, a name that leads nowhere raises ``AttributeError``, naming the
module where the path broke off and what it lacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Tuple

from mygrad.autodiff.tensor import Tensor

if TYPE_CHECKING:  # pragma: no cover
    from mygrad.nn.module import Module
    from mygrad.nn.parameter import Parameter

__all__ = ["ModuleLookup"]


class ModuleLookup:
    """The dotted-name lookups of :class:`~mygrad.nn.Module` (a mixin: no state of its own)."""

    def get_submodule(self, target: str) -> "Module":
        """The sub-module at the dotted path ``target`` (``""`` is the module itself), as PyTorch's.

        Raises
        ------
        AttributeError
            If a step of the path is not a sub-module.

        Examples
        --------
        >>> from mygrad import nn
        >>> net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)))
        >>> net.get_submodule("1.1")
        Linear(in_features=3, out_features=1, bias=True)
        """
        if not isinstance(target, str):
            raise TypeError(f"get_submodule: target must be a dotted name (str); got {type(target).__name__}")
        module: Any = self
        if target == "":
            return module
        for name in target.split("."):
            children = module.__dict__.get("_modules", {})
            if name not in children or children[name] is None:
                raise _missing("get_submodule", target, module, name, "an nn.Module")
            module = children[name]
        return module

    def get_parameter(self, target: str) -> "Parameter":
        """The parameter at the dotted path ``target`` (a name of ``named_parameters()``), as PyTorch's.

        Examples
        --------
        >>> from mygrad import nn
        >>> net = nn.Sequential(nn.Linear(2, 3))
        >>> net.get_parameter("0.bias").shape
        (3,)
        """
        module, name = self._owner_of(target, "get_parameter")
        if module.__dict__["_parameters"].get(name) is None:
            raise _missing("get_parameter", target, module, name, "an nn.Parameter")
        return module.__dict__["_parameters"][name]

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at the dotted path ``target`` (a name of ``named_buffers()``), as PyTorch's.

        Examples
        --------
        >>> from mygrad import nn
        >>> net = nn.Sequential(nn.BatchNorm1d(3))
        >>> net.get_buffer("0.running_mean")
        Tensor([0., 0., 0.], dtype=float32)
        """
        module, name = self._owner_of(target, "get_buffer")
        if module.__dict__["_buffers"].get(name) is None:
            raise _missing("get_buffer", target, module, name, "a buffer")
        return module.__dict__["_buffers"][name]

    def _owner_of(self, target: str, caller: str) -> Tuple[Any, str]:
        """The module holding the last part of the dotted ``target``, and that part."""
        if not isinstance(target, str):
            raise TypeError(f"{caller}: target must be a dotted name (str); got {type(target).__name__}")
        path, _, name = target.rpartition(".")
        return self.get_submodule(path), name


def _missing(caller: str, target: str, module: Any, name: str, kind: str) -> AttributeError:
    """PyTorch's AttributeError for a path that breaks off at ``module``'s ``name``."""
    if hasattr(module, name):
        return AttributeError(f"{caller}({target!r}): `{name}` of {type(module).__name__} is not {kind}")
    return AttributeError(f"{caller}({target!r}): {type(module).__name__} has no attribute `{name}`")

