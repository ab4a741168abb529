"""``Module``: the base class of every layer and model.

Writing a model feels like PyTorch: subclass :class:`Module`, call
``super().__init__()``, assign layers and :class:`~mygrad.nn.Parameter` s as
attributes in ``__init__``, and write ``forward``. Assignment registers them
(``Module.__setattr__``), which is all that ``parameters()``,
``state_dict()``, ``train()``/``eval()`` and the nested ``repr`` need.

Three ordered registries live on each module:

* ``_parameters`` - name -> Parameter (or None): what an optimizer updates;
* ``_buffers`` - name -> constant Tensor (or None): state that is saved but
  not learned, such as BatchNorm's running statistics;
* ``_modules`` - name -> sub-Module (or None).

State-dict keys are the dotted attribute paths (``"encoder.0.weight"``),
exactly as PyTorch names them, so weights move between the two libraries.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

import numpy as np

from mygrad.autodiff.rewording import REWORDED, names, raised_by_library, reword
from mygrad.autodiff.tensor import Tensor
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.nn import dtypes, state_dicts
from mygrad.nn.forward_call import (BufferRollback, Registry, RemovableHandle, add_hook, calls, run_forward_hooks,
                                    run_pre_hooks)
from mygrad.nn.module_lookup import ModuleLookup
from mygrad.nn.parameter import Parameter, note_zeroed
from mygrad.nn.state_dicts import IncompatibleKeys
from mygrad.nn.summary import summarize

__all__ = ["Module", "IncompatibleKeys", "RemovableHandle"]


class Module(ModuleLookup):
    """Base class for all neural-network modules (layers and models).

    Subclass it, register sub-modules and parameters by assigning them as
    attributes in ``__init__`` (after ``super().__init__()``), and define
    ``forward``. Call the module, not ``forward``, to run it.

    Attributes
    ----------
    training : bool
        Whether the module is in training mode (see :meth:`train`, :meth:`eval`).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> class MLP(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = nn.Linear(4, 8)
    ...         self.out = nn.Linear(8, 1)
    ...     def forward(self, x):
    ...         return self.out(nn.functional.relu(self.hidden(x)))
    >>> model = MLP()
    >>> [name for name, _ in model.named_parameters()]
    ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    >>> model(mg.zeros((2, 4), dtype="float32")).shape
    (2, 1)
    >>> model
    MLP(
      (hidden): Linear(in_features=4, out_features=8, bias=True)
      (out): Linear(in_features=8, out_features=1, bias=True)
    )
    """

    training: bool

    def __init__(self) -> None:
        set_raw = object.__setattr__
        set_raw(self, "training", True)
        set_raw(self, "_parameters", Registry())
        set_raw(self, "_buffers", Registry())
        set_raw(self, "_non_persistent_buffers", set())
        set_raw(self, "_modules", Registry())
        set_raw(self, "_forward_hooks", OrderedDict())
        set_raw(self, "_forward_pre_hooks", OrderedDict())

    # ----------------------------------------------------------------- running
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; every subclass defines it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` and the forward hooks.

        A call that raises leaves every buffer of the module - running
        statistics, counters - as it was before the call, even if some layers
        had already updated theirs (see :mod:`mygrad.nn.forward_call`).
        """
        rollback = getattr(calls, "rollback", None)
        if rollback is not None:  # inside another module's call, whose rollback covers this one too
            if id(self) not in rollback.covered:  # (a module outside that call's tree)
                rollback.cover(self)
            return self._run_forward(args, kwargs)
        with BufferRollback(self):
            return self._run_forward(args, kwargs)

    def _run_forward(self, args: tuple, kwargs: dict) -> Any:
        pre_hooks = self.__dict__.get("_forward_pre_hooks")
        if pre_hooks:
            args, kwargs = run_pre_hooks(self, pre_hooks, args, kwargs)
        try:
            result = self.forward(*args, **kwargs)
        except REWORDED as error:  # (free unless it raises)
            renamed = self._named_error(error)
            if renamed is error:
                raise
            raise renamed.with_traceback(error.__traceback__) from None
        hooks = self.__dict__.get("_forward_hooks")
        return run_forward_hooks(self, hooks, args, kwargs, result) if hooks else result

    def _named_error(self, error: BaseException) -> BaseException:
        """An error mygrad or NumPy raised inside ``forward``, naming this module's class (the innermost module
        names it; an error that already names its source, or that the user's own code raised, is left alone)."""
        name = type(self).__name__
        text = str(error)
        if getattr(error, "_named_by", None) or not raised_by_library(error):
            return error
        if names(error, name):  # (named already, by the layer's own check)
            error._named_by = name  # type: ignore[attr-defined]
            return error
        renamed = reword(error, f"{name}.forward: {text}")
        if type(renamed) is not type(error):
            return error
        renamed._named_by = name  # type: ignore[attr-defined]  (the modules around this one leave it as it is)
        return renamed

    def register_forward_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, args, output)`` after every forward; a non-None return replaces the output.

        ``with_kwargs=True``: ``hook(module, args, kwargs, output)``; ``prepend=True``: run before the hooks
        already registered. Returns a handle whose ``remove()`` unregisters the hook (also a context manager).

        Examples
        --------
        >>> import numpy as np
        >>> from mygrad import nn
        >>> net, seen = nn.Sequential(nn.Linear(3, 4), nn.ReLU()), {}
        >>> handle = net[1].register_forward_hook(lambda module, args, out: seen.update(relu=out.shape))
        >>> _ = net(np.ones((2, 3), dtype=np.float32)); handle.remove(); seen
        {'relu': (2, 4)}
        """
        return add_hook(self, "_forward_hooks", hook, prepend, with_kwargs)

    def register_forward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook(module, args)`` before every forward; a non-None return replaces the arguments.

        A return that is not a tuple becomes the only argument. ``with_kwargs=True``: ``hook(module, args,
        kwargs)`` returning None or ``(new_args, new_kwargs)``; ``prepend`` and the handle as for forward hooks.

        Examples
        --------
        >>> import numpy as np
        >>> from mygrad import nn
        >>> layer = nn.ReLU()
        >>> with layer.register_forward_pre_hook(lambda module, args: args[0] * 10):
        ...     layer(np.ones(2))
        Tensor([10., 10.])
        """
        return add_hook(self, "_forward_pre_hooks", hook, prepend, with_kwargs)

    # ------------------------------------------------------------ registration
    def register_parameter(self, name: str, param: Optional[Parameter]) -> None:
        """Register ``param`` (a Parameter or None) under ``name``.

        Raises
        ------
        AttributeError
            Before ``Module.__init__`` ran, or if ``name`` is already a
            non-parameter attribute.
        TypeError
            If ``param`` is not a Parameter or None.
        """
        self._check_can_register(name, "parameter", "_parameters")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                "(mygrad.nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Any, persistent: bool = True) -> None:
        """Register state that is saved with the model but not learned (e.g. running statistics).

        Parameters
        ----------
        name : str
            The attribute name.
        tensor : Optional[ArrayLike]
            The value: a Tensor, an ndarray (wrapped, without copying, in a
            constant Tensor), or None.
        persistent : bool, default True
            Whether the buffer is part of ``state_dict()``.
        """
        self._check_can_register(name, "buffer", "_buffers")
        if not isinstance(persistent, (bool, np.bool_)):
            raise TypeError(f"{type(self).__name__}.register_buffer: persistent must be True or False; got "
                            f"{persistent!r:.60}")
        self._buffers[name] = _as_buffer(name, tensor)
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def register_module(self, name: str, module: Optional["Module"]) -> None:
        """Register ``module`` (a Module or None) as a child called ``name``."""
        self._check_can_register(name, "module", "_modules")
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._modules[name] = module

    add_module = register_module

    def _check_can_register(self, name: str, kind: str, registry: str) -> None:
        if "_parameters" not in self.__dict__:
            raise AttributeError(
                f"cannot register {kind} '{name}' before Module.__init__() call: "
                f"call super().__init__() first in {type(self).__name__}.__init__"
            )
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string; got {type(name).__name__}")
        if name == "" or "." in name:
            raise KeyError(f'{kind} name can\'t be empty or contain "."; got {name!r}')
        if name in self.__dict__ or (registry != "_parameters" and name in self._parameters) or (
            registry != "_buffers" and name in self._buffers
        ) or (registry != "_modules" and name in self._modules):
            raise KeyError(f"attribute '{name}' already exists on {type(self).__name__}")

    def __setattr__(self, name: str, value: Any) -> None:
        registries = self.__dict__.get("_parameters") is not None
        if isinstance(value, (Parameter, Module)) and not registries:
            kind = "parameters" if isinstance(value, Parameter) else "submodules"
            raise AttributeError(
                f"cannot assign {kind} before Module.__init__() call: "
                f"call super().__init__() first in {type(self).__name__}.__init__"
            )
        if not registries:
            object.__setattr__(self, name, value)
            return
        if isinstance(value, Parameter):
            self._forget(name)
            self._parameters[name] = value
        elif name in self._parameters:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                    "(mygrad.nn.Parameter or None expected)"
                )
            self._parameters[name] = None
        elif isinstance(value, Module):
            self._forget(name)
            self._modules[name] = value
        elif name in self._modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as child module '{name}' (mygrad.nn.Module or None expected)"
                )
            self._modules[name] = None
        elif name in self._buffers:
            self._buffers[name] = _as_buffer(name, value)
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name: str) -> None:
        """Remove ``name`` from every registry and the instance dict (before re-registering it)."""
        self.__dict__.pop(name, None)
        self._parameters.pop(name, None)
        self._buffers.pop(name, None)
        self._non_persistent_buffers.discard(name)
        self._modules.pop(name, None)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: look in the registries.
        state = self.__dict__
        if "_parameters" not in state:
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{name}' "
                f"(did {type(self).__name__}.__init__ call super().__init__()?)"
            )
        for registry in ("_parameters", "_buffers", "_modules"):
            if name in state[registry]:
                return state[registry][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for registry in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__.get(registry, ()):
                del self.__dict__[registry][name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> List[str]:
        names = list(super().__dir__())
        for registry in ("_parameters", "_buffers", "_modules"):
            names.extend(self.__dict__.get(registry, ()))
        return sorted(set(names))

    # --------------------------------------------------------------- traversal
    def named_modules(
        self, memo: Optional[Set[int]] = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, "Module"]]:
        """Yield ``(dotted_name, module)`` for this module and all below it, parents first.

        A module reachable by two paths is yielded once unless ``remove_duplicate=False``.
        """
        memo = set() if memo is None else memo
        stack: List[Tuple[str, Module]] = [(prefix, self)]
        while stack:  # iterative pre-order walk: deep models cannot hit the recursion limit
            name, module = stack.pop()
            if remove_duplicate:
                if id(module) in memo:
                    continue
                memo.add(id(module))
            yield name, module
            children = [
                (name + "." + child_name if name else child_name, child)
                for child_name, child in module._modules.items()
                if child is not None
            ]
            stack.extend(reversed(children))

    def modules(self) -> Iterator["Module"]:
        """Yield this module and every module below it (each once)."""
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[Tuple[str, "Module"]]:
        """Yield ``(name, module)`` for the direct children (each once)."""
        seen: Set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator["Module"]:
        """Yield the direct child modules (each once)."""
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, registry: str, prefix: str, recurse: bool, remove_duplicate: bool
    ) -> Iterator[Tuple[str, Any]]:
        seen: Set[int] = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in getattr(module, registry).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield (module_prefix + "." + name if module_prefix else name), value

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, Parameter]]:
        """Yield ``(dotted_name, parameter)``; a shared (tied) parameter is yielded once, under its first name."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Yield every parameter once (what an optimizer updates)."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[Tuple[str, Tensor]]:
        """Yield ``(dotted_name, buffer)`` for every buffer (persistent or not)."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Yield every buffer once."""
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    # ------------------------------------------------------------------- modes
    def train(self, mode: bool = True) -> "Module":
        """Set training mode (``True``) or evaluation mode (``False``) on this module and all below it."""
        if not isinstance(mode, bool):
            raise ValueError(f"training mode is expected to be boolean; got {type(mode).__name__}")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> "Module":
        """Evaluation mode: Dropout is off, BatchNorm uses its running statistics. Same as ``train(False)``."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        """Freeze (``False``) or unfreeze every parameter; returns the module."""
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every parameter's gradient (set it to None, or to zeros with ``set_to_none=False``)."""
        for param in self.parameters():
            if set_to_none or param.grad is None:
                param.null_grad()
            else:
                param.grad = np.zeros_like(param.data)
            note_zeroed(param)  # (an optimizer's watch of backward passes starts afresh for it)

    def apply(self, fn: Callable[["Module"], Any]) -> "Module":
        """Call ``fn`` on every sub-module (children first) and then on this module; returns the module.

        Examples
        --------
        >>> from mygrad import nn
        >>> def init_weights(m):
        ...     if isinstance(m, nn.Linear):
        ...         nn.init.zeros_(m.bias)
        >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU()).apply(init_weights)
        >>> net[0].bias.data.tolist()
        [0.0, 0.0, 0.0]
        """
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------- dtype
    def to(self, *args: Any, **kwargs: Any) -> "Module":
        """Cast every floating-point parameter and buffer (and gradient) to ``dtype`` in place; returns the module.

        Integer buffers (e.g. ``num_batches_tracked``) are left alone, and the Parameter objects are kept.
        PyTorch's forms are accepted - ``to(dtype)``, ``to(device)``, ``to(device, dtype)``,
        ``to(device=..., dtype=..., non_blocking=...)`` - with the CPU as the device (``"cuda"`` raises
        ``ValueError``); a dtype that is not floating point raises ``TypeError`` (see
        :func:`mygrad.nn.dtypes.to_arguments`).
        """
        dtype = dtypes.to_arguments(f"{type(self).__name__}.to", args, kwargs)
        if dtype is not None:
            dtypes.cast_floats(list(self.parameters()) + list(self.buffers()), dtype)
        return self

    def double(self) -> "Module":
        """Cast floating-point parameters and buffers to float64."""
        return self.to(np.float64)

    def float(self) -> "Module":
        """Cast floating-point parameters and buffers to float32."""
        return self.to(np.float32)

    def half(self) -> "Module":
        """Cast floating-point parameters and buffers to float16."""
        return self.to(np.float16)

    # -------------------------------------------------------------- state dict
    def _state_entries(self, prefix: str = "") -> "OrderedDict[str, Tensor]":
        """Every persistent parameter/buffer by state-dict key, in PyTorch's order (tied ones under each name)."""
        return state_dicts.state_entries(self, prefix)

    def state_dict(self, destination: Optional[dict] = None, prefix: str = "", keep_vars: bool = False) -> dict:
        """A flat, ordered dict of every parameter and persistent buffer, keyed like PyTorch's.

        Parameters
        ----------
        destination : Optional[dict]
            A dict to fill; a new ``OrderedDict`` by default.
        prefix : str
            Prepended to every key.
        keep_vars : bool, default False
            Return the Parameter / buffer tensors themselves instead of
            copies of their data.

        Returns
        -------
        OrderedDict[str, numpy.ndarray]
            ``"layer.weight" -> array``. The arrays are copies, so training
            afterwards does not change a saved state dict.

        Examples
        --------
        >>> from mygrad import nn
        >>> net = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
        >>> {k: v.shape for k, v in net.state_dict().items()}  # doctest: +NORMALIZE_WHITESPACE
        {'0.weight': (2, 3), '0.bias': (2,), '1.weight': (2,), '1.bias': (2,), '1.running_mean': (2,),
         '1.running_var': (2,), '1.num_batches_tracked': ()}
        """
        destination = OrderedDict() if destination is None else destination
        for key, tensor in self._state_entries(prefix).items():
            destination[key] = tensor if keep_vars else tensor.data.copy()
        return destination

    def load_state_dict(self, state_dict: Dict[str, Any], strict: bool = True) -> IncompatibleKeys:
        """Copy parameters and buffers from ``state_dict`` into this module (in place).

        Every entry is checked before anything is copied: if any key is
        missing or unexpected (with ``strict=True``), or any shape differs, a
        single error lists all of them and the module is left unchanged.

        Parameters
        ----------
        state_dict : Mapping[str, ArrayLike]
            As returned by :meth:`state_dict` (values may be arrays or tensors).
        strict : bool, default True
            Require the keys to match exactly. With ``False``, missing and
            unexpected keys are returned instead of raised (shape mismatches
            still raise).

        Returns
        -------
        IncompatibleKeys
            ``(missing_keys, unexpected_keys)``.

        Raises
        ------
        RuntimeError
            Listing every missing, unexpected and shape-mismatched entry.
        """
        return state_dicts.load_into(self, state_dict, strict)

    def save(self, path: Any) -> None:
        """Write ``state_dict()`` to the checkpoint file ``path`` (see :func:`mygrad.checkpoint.save_checkpoint`)."""
        save_checkpoint(path, self.state_dict())

    def load(self, path: Any, strict: bool = True) -> IncompatibleKeys:
        """Load a state dict written by :meth:`save` (see :meth:`load_state_dict`)."""
        return self.load_state_dict(load_checkpoint(path), strict=strict)

    # ---------------------------------------------------------------- display
    def extra_repr(self) -> str:
        """The text shown inside this module's parentheses in ``repr``; layers override it."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): " + _indent(repr(child), 2) for name, child in self._modules.items()]
        lines = extra_lines + child_lines
        body = ""
        if len(extra_lines) == 1 and not child_lines:
            body = extra_lines[0]
        elif lines:
            body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{type(self).__name__}({body})"

    def summary(
        self, input_shape: Union[Sequence[int], Sequence[Sequence[int]]], dtype: Any = None,
        print_fn: Optional[Callable[[str], Any]] = print,
    ) -> str:
        """Print (and return) each leaf layer's output shape and parameter count, plus totals.

        Runs one forward pass on zeros of ``input_shape`` (batch axis
        included), in eval mode and without building a graph; the module's
        training flags are restored afterwards.

        Parameters
        ----------
        input_shape : tuple of int, or list of tuples
            The shape of the input (several shapes for a multi-input forward).
        dtype : Optional[DTypeLike]
            The input dtype; by default the dtype of the first parameter
            (float32 when there is none). Use an integer dtype for Embedding.
        print_fn : Optional[Callable[[str], Any]], default print
            Called with the table; ``None`` prints nothing.

        Returns
        -------
        str
            The table.
        """
        return summarize(self, input_shape, dtype, print_fn)


def _as_buffer(name: str, value: Any) -> Optional[Tensor]:
    """A buffer value as a Tensor (ndarrays are wrapped without copying) or None."""
    if value is None or isinstance(value, Tensor):
        return value
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # a ragged list, say
        array = np.asarray(None)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"cannot assign '{type(value).__name__}' object to buffer '{name}' (a Tensor, an ndarray of numbers or "
            f"None is required; got {value!r:.60})"
        )
    return Tensor(array, constant=True, copy=False)


def _indent(text: str, spaces: int) -> str:
    """Indent every line but the first."""
    return text.replace("\n", "\n" + " " * spaces)
