"""``Optimizer``: the base class every optimizer in :mod:`mygrad.optim` builds on.

An optimizer holds

* ``param_groups`` - a list of dicts; each has ``"params"`` (a list of
  tensors) plus that group's options (``"lr"``, ``"weight_decay"``, ...),
  defaulting to the values given to the constructor;
* ``state`` - a dict from each parameter to its own dict of running
  quantities (momentum buffers, step counts, ...), created on its first update.

``step()`` walks the groups and calls :meth:`Optimizer.update_param` once per
parameter that has a gradient. That method is the only thing a new optimizer
has to write: it receives the parameter's data and gradient as ndarrays and
updates the data in place.

State dicts key parameters by *position* - counting through the groups in
order - never by ``id``, so a state dict saved in one process loads into an
optimizer built the same way in another (:mod:`mygrad.optim.state_dicts`).
The backward passes between ``zero_grad()`` and ``step()`` are watched by
:mod:`mygrad.optim.grad_watch`; option checks live in ``mygrad.optim._options``.
"""

from __future__ import annotations

import contextlib
import numbers
import warnings
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Callable, DefaultDict, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import numpy as np

from mygrad.autodiff.memory import guard
from mygrad.autodiff.memory.inplace import renew_memory
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.parameter import Parameter, note_zeroed
from mygrad.optim import _options as opt
from mygrad.optim import state_dicts
from mygrad.optim._options import check_nonnegative as _check_nonnegative  # noqa: F401  (adagrad, rmsprop)
from mygrad.optim.grad_watch import GradWatch

__all__ = ["Optimizer", "ParamsT"]

ParamsT = Union[Iterable[Tensor], Iterable[Dict[str, Any]]]



class Optimizer:
    """Base class of all optimizers: parameter groups, per-parameter state, ``step``.

    Parameters
    ----------
    params : Iterable[Tensor] | Iterable[dict]
        The tensors to optimize, or dicts that each define a parameter group:
        ``{"params": [...], "lr": 0.1, ...}``. Options missing from a group
        take the value in ``defaults``.
    defaults : Dict[str, Any]
        Every option this optimizer understands, with its default value.

    Attributes
    ----------
    param_groups : List[dict]
        The parameter groups; change ``group["lr"]`` to change a learning rate.
    state : Dict[Tensor, dict]
        Per-parameter state (buffers are ndarrays of the parameter's dtype).
    defaults : Dict[str, Any]
        The default options.

    Notes
    -----
    Parameters must be floating-point tensors, not constants (a frozen
    ``nn.Parameter`` is accepted and skipped while frozen). A parameter
    listed twice in one group is kept once (with a warning); one listed in
    two groups is an error. Parameters whose ``.grad`` is None are skipped.

    Examples
    --------
    Writing an optimizer means subclassing and writing one update rule,
    which changes ``param`` (an ndarray) in place. Here is sign descent,
    ``theta <- theta - lr * sign(g)``:

    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.optim import Optimizer
    >>> class SignSGD(Optimizer):
    ...     def __init__(self, params, lr=0.1):
    ...         super().__init__(params, dict(lr=lr))
    ...     def update_param(self, param, grad, state, group):
    ...         step = self.scratch(param)          # reusable buffer, param's shape and dtype
    ...         np.sign(grad, out=step)
    ...         step *= group["lr"]
    ...         param -= step
    >>> w = mg.tensor([1.0, -2.0])
    >>> opt = SignSGD([w], lr=0.5)
    >>> (w * w).sum().backward()                 # grad = 2w = [2, -4]
    >>> opt.step()
    >>> w
    Tensor([ 0.5, -1.5])
    """

    def __init__(self, params: ParamsT, defaults: Dict[str, Any]) -> None:
        self.defaults = dict(defaults)
        self.param_groups: List[Dict[str, Any]] = []
        # per-parameter state; a defaultdict as PyTorch's, so custom optimizers can write self.state[p][key]
        self.state: DefaultDict[Tensor, Dict[str, Any]] = defaultdict(dict)
        self._step_count = 0  # read by lr schedulers (warning on the wrong call order)
        self._scratch: Dict[tuple, np.ndarray] = {}
        # between zero_grad() and step(), backward passes are watched (see GradWatch)
        self._watch: Optional[GradWatch] = None
        owner = type(self).__name__
        if isinstance(params, Tensor):
            raise TypeError(
                f"{owner}: params must be an iterable of Tensors or of dicts, but got a single Tensor; "
                "wrap it in a list: [param]"
            )
        if isinstance(params, (set, frozenset)):
            raise TypeError(f"{owner}: params must be an ordered collection (a list or tuple), not a set")
        if isinstance(params, (str, bytes, Mapping)) or not isinstance(params, Iterable):
            raise TypeError(f"{owner}: params must be a list of Tensors (model.parameters()) or of parameter-group "
                            f"dicts; got {type(params).__name__} {params!r:.60}")
        try:
            groups = list(params)
        except TypeError as error:  # (a 0-d array, an iterator that fails)
            raise TypeError(f"{owner}: params must be a list of Tensors or of parameter-group dicts; got "
                            f"{type(params).__name__} {params!r:.60} ({error})") from None
        if not groups:
            raise ValueError(f"{owner}: optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    # ------------------------------------------------------------ groups
    def add_param_group(self, param_group: Dict[str, Any]) -> None:
        """Add a parameter group, e.g. to train layers unfrozen part-way through.

        Parameters
        ----------
        param_group : dict
            ``{"params": tensors, **options}``; missing options take the
            optimizer's defaults.

        Raises
        ------
        TypeError
            If a parameter is not a Tensor, or the group is not a dict.
        ValueError
            For constant or non-float parameters, a parameter already in
            another group, an unknown option, or an invalid option value.
        """
        owner = type(self).__name__
        if not isinstance(param_group, dict):
            raise TypeError(f"{owner}: a parameter group must be a dict, got {type(param_group).__name__}")
        if "params" not in param_group:
            raise ValueError(f"{owner}: a parameter group needs a 'params' entry")
        group = dict(param_group)
        group["params"] = self._unique_params(group["params"], owner)

        # keys of the user's own (a tag, a per-group "lr_scale" a schedule reads, SAM's "rho") are kept, as in
        # PyTorch; an option of another optimizer ("betas" given to SGD) is a mistake, refused
        unknown = (set(group) - set(self.defaults)) & opt.OPTIMIZER_OPTIONS
        if unknown:
            raise ValueError(
                f"{owner}: unknown option(s) {sorted(map(str, unknown))} in a parameter group; "
                f"valid options are {sorted(self.defaults)}"
            )
        for key, value in self.defaults.items():
            group.setdefault(key, value)
        self._check_options(group)

        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError(f"{owner}: some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    @staticmethod
    def _unique_params(params: Any, owner: str = "optimizer") -> List[Tensor]:
        """The group's parameters as a list, validated, each kept once."""
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise TypeError(f"{owner}: parameters must be an ordered collection (a list or tuple), not a set")
        elif isinstance(params, (str, bytes, Mapping)) or not isinstance(params, Iterable):
            raise TypeError(f"{owner}: a group's 'params' must be a list of Tensors; got {type(params).__name__} "
                            f"{params!r:.60}")
        try:
            params = list(params)
        except TypeError as error:
            raise TypeError(f"{owner}: a group's 'params' must be a list of Tensors; got {type(params).__name__} "
                            f"{params!r:.60} ({error})") from None
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{owner}: can only optimize Tensors, but parameter {i} is a {type(p).__name__}")
            if p.dtype.kind != "f":
                raise ValueError(
                    f"{owner}: can only optimize floating-point tensors, but parameter {i} has dtype {p.dtype}"
                )
            if p.constant and not isinstance(p, Parameter):  # (a frozen nn.Parameter may be unfrozen later)
                raise ValueError(
                    f"{owner}: parameter {i} is a constant tensor: it has no gradient to optimize with "
                    "(a frozen nn.Parameter is accepted and skipped until it is unfrozen)"
                )
        unique = list({id(p): p for p in params}.values())
        if len(unique) != len(params):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; each is updated once",
                UserWarning,
                stacklevel=4,
            )
        return unique

    def _check_options(self, group: Dict[str, Any]) -> None:
        """Raise TypeError (wrong type) or ValueError (out of range) for an invalid option (subclasses extend this).

        Each option must have the type of its default: a bool option a bool,
        a numeric option a real number (not a bool), a tuple option (Adam's
        ``betas``) a sequence of as many real numbers. ``lr``, ``weight_decay``,
        ``eps``, ``lr_decay`` and ``initial_accumulator_value`` must be >= 0.
        :meth:`step` runs this on every group before it changes anything, so an
        option set by hand (``group["lr"] = ...``) is checked too.
        """
        owner = type(self).__name__
        lr = group.get("lr")
        if lr is None or not isinstance(lr, numbers.Real) or isinstance(lr, (bool, np.bool_)):
            raise TypeError(f"{owner}: the learning rate lr must be a real number; got {lr!r}")
        declared = opt.declared_defaults(type(self))
        for key, default in self.defaults.items():
            if key in group:
                opt.check_like_default(owner, key, group[key], declared.get(key, default))
        opt.check_nonnegative(group, "lr", "weight_decay", "eps", "lr_decay", "initial_accumulator_value")

    # -------------------------------------------------------------- steps
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset every parameter's gradient, and watch backward passes until :meth:`step`.

        mygrad needs no zeroing (a gradient is cleared when its tensor enters
        a new op), but PyTorch-style loops call this before each batch. From
        here to the next ``step()`` the optimizer notes which backward passes
        reach its parameters: a second pass reaching a parameter would, in
        PyTorch, add to its gradient, but here it replaces it, so ``step()``
        then raises instead of silently using the last pass only - unless the
        passes ran under :meth:`accumulate_grad`, which sums them.

        Parameters
        ----------
        set_to_none : bool, default True
            Set ``.grad`` to None (the gradient is skipped by ``step``);
            with False, fill the existing gradient arrays with zeros.

        Examples
        --------
        >>> import mygrad as mg
        >>> from mygrad.optim import SGD
        >>> w = mg.tensor([1.0, 2.0])
        >>> opt = SGD([w], lr=0.1)
        >>> opt.zero_grad()
        >>> (w * w).sum().backward()
        >>> (w * w).sum().backward()        # replaces w.grad: PyTorch would add to it
        >>> try:
        ...     opt.step()
        ... except RuntimeError as error:
        ...     print(str(error)[:60])
        2 backward passes reached the same parameters since zero_gra
        """
        for group in self.param_groups:
            for p in group["params"]:
                note_zeroed(p)  # (other optimizers over these parameters - SAM's base optimizer - see it)
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    p.grad[...] = 0
        self._start_watching()

    def _start_watching(self) -> None:
        """Watch the backward passes that reach the parameters from now until ``step()`` (see ``zero_grad``)."""
        if self._watch is None:
            self._watch = GradWatch(self)
        self._watch.start(p for group in self.param_groups for p in group["params"])

    @contextlib.contextmanager
    def accumulate_grad(self) -> Iterator["Optimizer"]:
        """Sum the gradients of the backward passes made inside this block, as PyTorch does.

        Each backward pass that reaches the optimizer's parameters adds its
        gradient into a running sum, which is what the parameters' ``.grad``
        shows after each pass (so gradient clipping sees the sum) and what
        ``step()`` uses - even if a later forward pass has cleared ``.grad``
        (mygrad's rule). The sum starts at the last :meth:`zero_grad` (or at
        this block, if none came first) and ends at ``step()``; a ``step()``
        inside the block starts a new sum, so the usual
        ``if (i + 1) % k == 0: optimizer.step(); optimizer.zero_grad()``
        pattern works inside one block around the whole loop.

        Yields
        ------
        Optimizer
            This optimizer.

        Examples
        --------
        Four micro-batches, one step with the sum of their gradients:

        >>> import numpy as np
        >>> import mygrad as mg
        >>> from mygrad.optim import SGD
        >>> w = mg.tensor([0.0, 0.0])
        >>> opt = SGD([w], lr=0.5)
        >>> opt.zero_grad()
        >>> with opt.accumulate_grad():
        ...     for x in ([1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.0]):
        ...         (w * np.array(x)).sum().backward()   # d/dw = x
        >>> w.grad
        array([4., 2.])
        >>> opt.step()
        >>> w
        Tensor([-2., -1.])
        """
        if self._watch is None:
            self._watch = GradWatch(self)
        if not self._watch.active:
            self._watch.start(p for group in self.param_groups for p in group["params"])
        previous, self._watch.accumulating = self._watch.accumulating, True
        try:
            yield self
        finally:
            self._watch.accumulating = previous

    def step(self, closure: Optional[Callable[[], Any]] = None) -> Any:
        """Update every parameter that has a gradient, once.

        Parameters
        ----------
        closure : Optional[Callable[[], Any]]
            A function that re-evaluates the model, calls ``backward`` and
            returns the loss; it is called before the update.

        Returns
        -------
        Any
            The closure's return value, or None.

        Raises
        ------
        RuntimeError
            If, since :meth:`zero_grad`, more than one backward pass reached
            a parameter outside :meth:`accumulate_grad` (only the last pass's
            gradient would remain: see ``zero_grad``). Nothing is updated.

        Notes
        -----
        A parameter whose array a live graph still reads (a model output
        computed outside ``no_autodiff`` and kept, say) is given new memory
        for its new values; the graph keeps the old values, so it stays
        correct (see :func:`mygrad.autodiff.memory.inplace.renew_memory`). Otherwise the
        update is made in place.
        """
        loss = closure() if closure is not None else None
        watch = self._watch
        pending = watch.pending() if watch is not None and watch.active else {}
        updates = self._planned_updates(pending)  # every check first: a refused step changes nothing
        summed = None
        if watch is not None and watch.active:
            watch_params = list(watch.params.values())
            summed = watch.finish()
        for p, data, grad, group in updates:
            if summed:
                grad = summed.get(id(p), grad)
            if not data.flags.writeable:  # a live graph still reads it: the update goes into new memory
                data = _writeable_data(p)
            state = self.state.get(p)
            if state is None:
                state = self.state[p] = {}
            self.update_param(data, grad, state, group)
        if summed is not None and watch.accumulating:  # inside accumulate_grad(): a new sum starts
            watch.start(watch_params)
        else:  # the passes before the next step are watched too, whether or not zero_grad() is called
            self._start_watching()  # (loops that zero with model.zero_grad() are covered)
        self._step_count += 1
        return loss

    def _planned_updates(self, pending: Dict[int, np.ndarray]) -> List[Tuple[Tensor, np.ndarray, np.ndarray, dict]]:
        """``(param, data, grad, group)`` for each parameter a step updates, after checking everything it uses.

        Checked: every group's options (``_check_options``), and every gradient
        (a real-valued array of its parameter's shape) and parameter (floating
        point, and writeable or renewable). Raises TypeError/ValueError naming
        the group or parameter; nothing has been changed then.
        """
        owner = f"{type(self).__name__}.step"
        updates = []
        position = -1
        validated = self.__dict__.setdefault("_validated", {})  # id(group) -> (group, keys, values) last checked
        for i, group in enumerate(self.param_groups):
            seen = validated.get(id(group))
            if seen is None or seen[0] is not group or not opt.same_objects(seen[1], seen[2], group):
                # (options change rarely - a scheduler's new lr - so they are checked only when they have)
                try:
                    self._check_options(group)
                except (TypeError, ValueError) as error:
                    raise type(error)(f"{owner}: param_groups[{i}] has an invalid option: {error}") from None
                validated[id(group)] = (group, tuple(group), tuple(group.values()))
            for p in group["params"]:
                position += 1
                grad = pending.get(id(p)) if pending else None
                if grad is None:
                    grad = p.grad
                    if grad is None:
                        continue
                data = p.data
                if not isinstance(grad, np.ndarray) or grad.shape != data.shape or grad.dtype.kind not in "fiu":
                    got = (f"shape {grad.shape}, dtype {grad.dtype}" if isinstance(grad, np.ndarray)
                           else f"a {type(grad).__name__}")
                    raise TypeError(f"{owner}: the gradient of parameter {position} (param_groups[{i}]) must be a "
                                    f"real-valued array of the parameter's shape {data.shape}; got {got}")
                if data.dtype.kind != "f":
                    raise TypeError(f"{owner}: parameter {position} (param_groups[{i}]) must be floating point; "
                                    f"its data has dtype {data.dtype}")
                if not data.flags.writeable and (p.base is not None or not guard.is_guarded(data)):
                    why = ("it is a read-only view of another tensor" if p.base is not None
                           else "its array is read-only by nature, not locked by a live graph")
                    raise ValueError(f"{owner}: cannot update parameter {position} of shape {data.shape}: {why}")
                updates.append((p, data, grad, group))
        return updates

    def update_param(self, param: np.ndarray, grad: np.ndarray, state: Dict[str, Any], group: Dict[str, Any]) -> None:
        """The update rule: change ``param`` in place given its gradient.

        It must not raise after changing ``param`` or ``state``: :meth:`step`
        checks the options (:meth:`_check_options`) and gradients of every
        parameter before it calls this for any, so that a refused step
        changes nothing; put a new optimizer's checks in ``_check_options``.

        Parameters
        ----------
        param : np.ndarray
            The parameter's data; update it in place.
        grad : np.ndarray
            ``dL/dparam``. Do not modify it: it is the parameter's ``.grad``.
        state : dict
            This parameter's state, empty on its first update; store buffers here.
        group : dict
            The options of the parameter's group (``group["lr"]``, ...).
        """
        raise NotImplementedError(f"{type(self).__name__} does not define update_param")

    def scratch(self, like: np.ndarray, slot: int = 0) -> np.ndarray:
        """A reusable buffer shaped and typed like ``like`` (contents undefined).

        One flat buffer per ``(dtype, slot)`` is kept and grown to the largest
        parameter, so an update allocates nothing after the first step.
        Different ``slot`` numbers give non-overlapping buffers.
        """
        key = (like.dtype, slot)
        buf = self._scratch.get(key)
        if buf is None or buf.size < like.size:
            buf = self._scratch[key] = np.empty(like.size, dtype=like.dtype)
        return buf[: like.size].reshape(like.shape)

    def gradient(self, param: np.ndarray, grad: np.ndarray, group: Dict[str, Any]) -> np.ndarray:
        """``g = (-grad if maximize else grad) + weight_decay * param``.

        The L2-penalised, sign-corrected gradient that most optimizers start
        from. Returns ``grad`` itself when neither option is on, else a
        scratch buffer (slot 0).
        """
        weight_decay = float(group.get("weight_decay", 0.0))
        maximize = bool(group.get("maximize", False))
        if not weight_decay and not maximize:
            return grad
        g = self.scratch(param, 0)
        if weight_decay:
            np.multiply(param, weight_decay, out=g)
            (np.subtract if maximize else np.add)(g, grad, out=g)
        else:
            np.negative(grad, out=g)
        return g

    # --------------------------------------------------------- state dicts
    def state_dict(self) -> Dict[str, Any]:
        """The optimizer's state as plain data, with parameters replaced by positions.

        Returns
        -------
        dict
            ``{"state": {position: {name: ndarray or number}},
            "param_groups": [{option: value, "params": [positions]}]}``.
            Positions count through the groups in order. Arrays are copies,
            so the dict is a snapshot that later steps do not change.

        Examples
        --------
        >>> import mygrad as mg
        >>> from mygrad.optim import SGD
        >>> w = mg.tensor([1.0, 2.0])
        >>> opt = SGD([w], lr=0.1, momentum=0.9)
        >>> (w * w).sum().backward()
        >>> opt.step()
        >>> sd = opt.state_dict()
        >>> sd["state"][0]["momentum_buffer"]
        array([2., 4.])
        >>> sd["param_groups"][0]["params"]
        [0]
        """
        return state_dicts.save_state(self)

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        """Restore options and state saved by :meth:`state_dict`.

        The optimizer must have been built with the same groups and the same
        number of parameters in each. Buffers are copied and cast to each
        parameter's dtype; 0-d arrays (as a checkpoint file may return
        numbers) become Python numbers again.

        Raises
        ------
        ValueError
            If the group structure or a buffer's shape does not match.
        """
        state_dicts.load_state(self, state_dict)

    def __getstate__(self) -> Dict[str, Any]:
        """Pickles and deep copies leave out the backward-pass watch (a copy starts unwatched)."""
        state = dict(self.__dict__)
        state["_watch"] = None
        state["_validated"] = {}  # (keyed by the ids of this object's groups)
        return state

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines.extend(f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params")
        return "\n".join(lines) + "\n)"


def _writeable_data(param: Tensor) -> np.ndarray:
    """``param``'s array, moved to new memory if a live graph keeps the current one read-only."""
    try:
        return renew_memory(param)
    except ValueError as error:
        raise ValueError(
            f"cannot update the parameter of shape {param.data.shape}: its array is read-only ({error})"
        ) from None


