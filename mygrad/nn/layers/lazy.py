"""Lazy modules: ``LazyLinear``, ``LazyConv1d/2d/3d``, ``LazyConvTranspose1d/2d/3d``, ``LazyBatchNorm1d/2d/3d`` and
``LazyInstanceNorm1d/2d/3d``, whose input size is read from the first input, as PyTorch's.

A lazy module holds :class:`~mygrad.nn.UninitializedParameter` (and
``UninitializedBuffer``) placeholders until its first call. That call reads
``in_features`` / ``in_channels`` / ``num_features`` from the input,
materialises every placeholder in place with the regular initialisation,
and turns the module into the ordinary class (``cls_to_become``:
``type(m)`` and ``repr(m)`` then say ``Linear``, ``Conv2d``, ...). The
parameters are the same objects before and after, so an optimizer built
from ``lazy.parameters()`` before the first call updates the materialised
parameters (as in PyTorch). ``load_state_dict`` of initialised values
materialises the placeholders with the loaded shapes; the module turns into
the ordinary class at its next call.

Differences from PyTorch, on purpose:

* a first call that raises leaves the module lazy and unchanged (PyTorch
  keeps whatever it had materialised), as every failed mygrad module call
  leaves its state as it was;
* the inferred size is always recorded (PyTorch leaves ``in_features`` /
  ``num_features`` at 0 when the parameters came from ``load_state_dict`` or
  when a norm layer has no parameters or statistics);
* ``LazyInstanceNorm*d`` reads the channels of an unbatched input from its
  axis 0 (PyTorch reads axis 1 and then refuses the input);
* ``LazyConv*`` checks ``out_channels % groups`` when it is built (PyTorch
  only fails at the first call).
"""

from __future__ import annotations

from itertools import chain
from typing import Any, Callable, List, Optional, Tuple

import numpy as np

from mygrad.nn.functional._utils import IntOrTuple, data_of
from mygrad.nn.layers._common import check_size, factory_dtype
from mygrad.nn.layers.conv import Conv1d, Conv2d, Conv3d
from mygrad.nn.layers.conv_transpose import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, _ConvTransposeNd
from mygrad.nn.layers.group_norm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, _InstanceNorm
from mygrad.nn.layers.linear import Linear
from mygrad.nn.layers.normalization import BatchNorm1d, BatchNorm2d, _BatchNorm
from mygrad.nn.layers.shuffle_and_norm import BatchNorm3d
from mygrad.nn.uninitialized import UninitializedBuffer, UninitializedParameter, is_lazy
from mygrad.random import RandomSource

__all__ = [
    "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
    "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
    "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d",
]


def _placeholder_generator() -> np.random.Generator:
    """The source of the throwaway values the regular constructor draws for the placeholders' stand-ins
    (so that building a lazy module leaves NumPy's global random state alone)."""
    return np.random.default_rng(0)


def _input_shape(owner: str, input: Any) -> Tuple[int, ...]:
    try:
        return np.shape(data_of(input))
    except (TypeError, ValueError) as error:  # (a ragged list)
        raise ValueError(f"{owner}: the input is not array-like: {error}") from None


class LazyModuleMixin:
    """The lazy behaviour shared by the ``Lazy*`` modules (PyTorch's ``LazyModuleMixin``).

    A subclass lists the attribute(s) it infers in ``_inferred``, names the
    class it becomes in ``cls_to_become``, and defines
    :meth:`initialize_parameters`, which reads the first input and
    materialises the placeholders.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> layer = nn.LazyLinear(2)
    >>> layer.has_uninitialized_params()
    True
    >>> layer(np.ones((4, 3), dtype=np.float32)).shape
    (4, 2)
    >>> type(layer).__name__, layer.weight.shape
    ('Linear', (2, 3))
    """

    cls_to_become: Optional[type] = None
    _inferred: Tuple[str, ...] = ()

    def has_uninitialized_params(self) -> bool:
        """Whether a parameter or buffer of this module (not of its children) is still a placeholder."""
        return any(is_lazy(t) for t in chain(self._parameters.values(), self._buffers.values()))  # type: ignore

    def reset_parameters(self, *args: Any, **kwargs: Any) -> None:
        """The regular class's initialisation, once the placeholders are materialised (before: nothing, as PyTorch)."""
        if not self.has_uninitialized_params():
            super().reset_parameters(*args, **kwargs)  # type: ignore[misc]

    def initialize_parameters(self, *args: Any, **kwargs: Any) -> None:
        """Read the input's size and materialise the placeholders; the Lazy classes define it."""
        raise NotImplementedError(f"initialize_parameters is not implemented for {type(self).__name__}")

    def _materialize(self, shapes: List[Tuple[Any, Tuple[int, ...]]], reset: Callable[[], None]) -> None:
        """Materialise each ``(placeholder, shape)``, then ``reset()`` (the regular init), keeping loaded values."""
        tensors = [t for t in chain(self._parameters.values(), self._buffers.values())  # type: ignore
                   if t is not None]
        loaded = [(t, t.data.copy()) for t in tensors if not is_lazy(t)]
        for tensor, shape in shapes:
            if tensor is not None and is_lazy(tensor):
                tensor.materialize(shape)
        reset()
        for tensor, values in loaded:  # (values that load_state_dict put there stay)
            if tensor.data.shape == values.shape:
                tensor.data[...] = values

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The first call: infer the sizes, materialise, become ``cls_to_become``, and run its ``forward``.

        If any of it raises, the module is put back exactly as it was (still lazy).
        """
        state = self.__dict__
        before = (type(self), {name: state[name] for name in self._inferred},
                  [(t, type(t), t.data) for t in chain(self._parameters.values(), self._buffers.values())  # type: ignore
                   if is_lazy(t)])
        try:
            self.initialize_parameters(*args, **kwargs)
            if self.has_uninitialized_params():
                raise RuntimeError(f"module {type(self).__name__} has not been fully initialized")
            self.__class__ = self.cls_to_become
            return self.forward(*args, **kwargs)
        except BaseException:
            cls, attributes, placeholders = before
            for tensor, kind, data in placeholders:
                tensor.data, tensor.__class__ = data, kind
                tensor.grad = None
            state.update(attributes)
            self.__class__ = cls
            raise


# -- Linear ----------------------------------------------------------------------------------------
class LazyLinear(LazyModuleMixin, Linear):
    """A :class:`Linear` layer whose ``in_features`` is the size of the last axis of its first input.

    Until the first call, ``weight`` and ``bias`` are
    :class:`~mygrad.nn.UninitializedParameter` placeholders and
    ``in_features`` is 0; the first call materialises them (shapes
    ``(out_features, in_features)`` and ``(out_features,)``, PyTorch's
    default initialisation) and the module becomes a :class:`Linear`.

    Parameters
    ----------
    out_features : int
    bias : bool, default True
    device : None or "cpu"
    dtype : DTypeLike, default float32
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the initial values drawn at the first call (NumPy's global random state by default).

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn, optim
    >>> layer = nn.LazyLinear(2)
    >>> layer
    LazyLinear(in_features=0, out_features=2, bias=True)
    >>> opt = optim.SGD(layer.parameters(), lr=0.1)   # before the first call: it sees the materialised ones
    >>> layer(np.ones((5, 3), dtype=np.float32)).sum().backward()
    >>> layer, layer.weight.shape
    (Linear(in_features=3, out_features=2, bias=True), (2, 3))
    >>> w = layer.weight.data.copy()
    >>> opt.step()
    >>> np.allclose(layer.weight.data, w - 0.1 * 5)
    True
    """

    cls_to_become = Linear
    _inferred = ("in_features",)

    def __init__(self, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None, *,
                 generator: Optional[RandomSource] = None) -> None:
        out_features = check_size("LazyLinear", "out_features", out_features)
        dtype = factory_dtype(device, dtype)
        super().__init__(0, 0, bias, device, dtype, generator=_placeholder_generator())
        self.out_features = out_features
        self._generator = generator
        self.weight = UninitializedParameter(dtype=dtype)
        if self.bias is not None:
            self.bias = UninitializedParameter(dtype=dtype)

    def initialize_parameters(self, input: Any, *args: Any, **kwargs: Any) -> None:
        """``in_features`` from the last axis of ``input``; materialise and initialise ``weight`` and ``bias``."""
        if not is_lazy(self.weight):
            self.in_features = self.weight.data.shape[1]
        else:
            shape = _input_shape("LazyLinear", input)
            if len(shape) < 1:
                raise ValueError("LazyLinear: the input must have at least 1 dimension (its last axis holds the "
                                 "in_features); got a 0-d input")
            self.in_features = shape[-1]
        self._materialize([(self.weight, (self.out_features, self.in_features)), (self.bias, (self.out_features,))],
                          lambda: self.reset_parameters(self._generator))


# -- convolutions ----------------------------------------------------------------------------------
class _LazyConvMixin(LazyModuleMixin):
    """``in_channels`` from axis 1 (axis 0 unbatched) of the first input; weight and bias materialised."""

    _inferred = ("in_channels",)

    def _become_lazy(self, generator: Optional[RandomSource]) -> None:
        dtype = self.weight.data.dtype
        self.in_channels = 0
        self._generator = generator
        self.weight = UninitializedParameter(dtype=dtype)
        if self.bias is not None:
            self.bias = UninitializedParameter(dtype=dtype)

    def initialize_parameters(self, input: Any, *args: Any, **kwargs: Any) -> None:
        """``in_channels`` from ``input``; materialise and initialise ``weight`` and ``bias``."""
        name = type(self).__name__
        transposed = isinstance(self, _ConvTransposeNd)
        if not is_lazy(self.weight):
            self.in_channels = self.weight.data.shape[0] if transposed else self.weight.data.shape[1] * self.groups
        else:
            shape = _input_shape(name, input)
            nd = len(self.kernel_size)
            if len(shape) not in (nd + 1, nd + 2):
                raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to {name}, but "
                                   f"got input of size: {list(shape)}")
            channels = shape[1] if len(shape) == nd + 2 else shape[0]
            if channels == 0 or channels % self.groups:
                raise ValueError(f"{name}: in_channels must be divisible by groups (and not 0); the input has "
                                 f"{channels} channels and groups={self.groups}")
            self.in_channels = channels
        out = self.out_channels
        if transposed:
            weight_shape = (self.in_channels, out // self.groups, *self.kernel_size)
        else:
            weight_shape = (out, self.in_channels // self.groups, *self.kernel_size)
        self._materialize([(self.weight, weight_shape), (self.bias, (out,))],
                          lambda: self.reset_parameters(self._generator))


def _check_groups(name: str, out_channels: Any, groups: Any) -> int:
    groups = check_size(name, "groups", groups, 1)
    if check_size(name, "out_channels", out_channels, 1) % groups:
        raise ValueError(f"{name}: out_channels ({out_channels}) must be divisible by groups ({groups})")
    return groups


class _LazyConvNd(_LazyConvMixin):
    def __init__(self, out_channels: int, kernel_size: IntOrTuple, stride: IntOrTuple = 1, padding: Any = 0,
                 dilation: IntOrTuple = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device: Any = None, dtype: Any = None, *, generator: Optional[RandomSource] = None) -> None:
        groups = _check_groups(type(self).__name__, out_channels, groups)
        super().__init__(groups, out_channels, kernel_size, stride, padding, dilation, groups, bias,  # type: ignore
                         padding_mode, device, dtype, generator=_placeholder_generator())
        self._become_lazy(generator)


class _LazyConvTransposeNd(_LazyConvMixin):
    def __init__(self, out_channels: int, kernel_size: IntOrTuple, stride: IntOrTuple = 1, padding: IntOrTuple = 0,
                 output_padding: IntOrTuple = 0, groups: int = 1, bias: bool = True, dilation: IntOrTuple = 1,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None, *,
                 generator: Optional[RandomSource] = None) -> None:
        groups = _check_groups(type(self).__name__, out_channels, groups)
        super().__init__(groups, out_channels, kernel_size, stride, padding, output_padding, groups,  # type: ignore
                         bias, dilation, padding_mode, device, dtype, generator=_placeholder_generator())
        self._become_lazy(generator)


_CONV_DOC = """A :class:`{base}` whose ``in_channels`` is read from its first input (axis 1, or axis 0 unbatched).

    Takes :class:`{base}`'s arguments without ``in_channels``. Until the first
    call ``weight`` and ``bias`` are placeholders and ``in_channels`` is 0;
    then they are materialised with the regular initialisation and the module
    becomes a :class:`{base}`. See :class:`LazyLinear`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> layer = nn.{name}(4, 3)
    >>> layer
    {name}(0, 4, kernel_size={kernel}, stride={stride})
    >>> layer(np.ones({shape}, dtype=np.float32)).shape[:2]
    (2, 4)
    >>> layer
    {base}(2, 4, kernel_size={kernel}, stride={stride})
    """


def _conv_doc(name: str, base: type, nd: int) -> str:
    return _CONV_DOC.format(name=name, base=base.__name__, kernel=(3,) * nd, stride=(1,) * nd,
                            shape=(2, 2) + (5,) * nd)


class LazyConv1d(_LazyConvNd, Conv1d):
    __doc__ = _conv_doc("LazyConv1d", Conv1d, 1)
    cls_to_become = Conv1d


class LazyConv2d(_LazyConvNd, Conv2d):
    __doc__ = _conv_doc("LazyConv2d", Conv2d, 2)
    cls_to_become = Conv2d


class LazyConv3d(_LazyConvNd, Conv3d):
    __doc__ = _conv_doc("LazyConv3d", Conv3d, 3)
    cls_to_become = Conv3d


class LazyConvTranspose1d(_LazyConvTransposeNd, ConvTranspose1d):
    __doc__ = _conv_doc("LazyConvTranspose1d", ConvTranspose1d, 1)
    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvTransposeNd, ConvTranspose2d):
    __doc__ = _conv_doc("LazyConvTranspose2d", ConvTranspose2d, 2)
    cls_to_become = ConvTranspose2d


class LazyConvTranspose3d(_LazyConvTransposeNd, ConvTranspose3d):
    __doc__ = _conv_doc("LazyConvTranspose3d", ConvTranspose3d, 3)
    cls_to_become = ConvTranspose3d


# -- normalisation ---------------------------------------------------------------------------------
class _LazyNormBase(LazyModuleMixin):
    """PyTorch's ``_LazyNormBase``: ``num_features`` from the first input; affine parameters and running
    statistics materialised (note the defaults ``affine=True, track_running_stats=True``, instance norms too)."""

    _inferred = ("num_features",)

    def __init__(self, eps: float = 1e-5, momentum: Optional[float] = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        name = type(self).__name__
        for flag, value in (("affine", affine), ("track_running_stats", track_running_stats), ("bias", bias)):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name}: {flag} must be True or False; got {value!r:.60}")
        super().__init__(1, eps, momentum, False, False, device, dtype, bias=bias)  # type: ignore
        dtype = factory_dtype(device, dtype)
        self.num_features = 0
        self.affine, self.track_running_stats = bool(affine), bool(track_running_stats)
        if affine:
            self.weight = UninitializedParameter(dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(dtype=dtype)
            self.running_var = UninitializedBuffer(dtype=dtype)
            self.num_batches_tracked = np.array(0, dtype=np.int64)

    def _channel_axis(self, shape: Tuple[int, ...]) -> int:
        return 1

    def initialize_parameters(self, input: Any, *args: Any, **kwargs: Any) -> None:
        """``num_features`` from the channel axis of ``input``; materialise and reset the parameters and statistics."""
        name = type(self).__name__
        materialized = [t for t in (self.weight, self.running_mean) if t is not None and not is_lazy(t)]
        if materialized:
            self.num_features = materialized[0].data.shape[0]
        else:
            shape = _input_shape(name, input)
            axis = self._channel_axis(shape)
            if axis is None:
                raise ValueError(f"{name}: expected {self._expected_ranks()} input (got {len(shape)}D input)")
            self.num_features = check_size(name, "the input's channel count (num_features)", shape[axis], 1)
        features = (self.num_features,)
        self._materialize([(self.weight, features), (self.bias, features), (self.running_mean, features),
                           (self.running_var, features)], self.reset_parameters)


class _LazyBatchNorm(_LazyNormBase):
    def _expected_ranks(self) -> str:
        return " or ".join(f"{n}D" for n in self._allowed_ndims)

    def _channel_axis(self, shape: Tuple[int, ...]) -> Optional[int]:
        return 1 if len(shape) in self._allowed_ndims else None


class _LazyInstanceNorm(_LazyNormBase):
    def _expected_ranks(self) -> str:
        return f"{self._no_batch_dim}D or {self._no_batch_dim + 1}D"

    def _channel_axis(self, shape: Tuple[int, ...]) -> Optional[int]:
        return {self._no_batch_dim: 0, self._no_batch_dim + 1: 1}.get(len(shape))


_NORM_DOC = """A :class:`{base}` whose ``num_features`` is read from its first input's channel axis.

    Takes :class:`{base}`'s arguments without ``num_features``; as in PyTorch,
    ``affine`` and ``track_running_stats`` default to True. Until the first
    call the parameters and running statistics are placeholders and
    ``num_features`` is 0; then they are materialised (weight 1, bias 0,
    running mean 0, running variance 1) and the module becomes a
    :class:`{base}`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> norm = nn.{name}()
    >>> norm
    {name}(0, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    >>> norm(np.random.default_rng(0).normal(size={shape}).astype(np.float32)).shape
    {shape}
    >>> norm
    {base}(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    """


class LazyBatchNorm1d(_LazyBatchNorm, _BatchNorm):
    __doc__ = _NORM_DOC.format(name="LazyBatchNorm1d", base="BatchNorm1d", shape=(4, 3))
    cls_to_become = BatchNorm1d
    _allowed_ndims = BatchNorm1d._allowed_ndims


class LazyBatchNorm2d(_LazyBatchNorm, _BatchNorm):
    __doc__ = _NORM_DOC.format(name="LazyBatchNorm2d", base="BatchNorm2d", shape=(2, 3, 2, 2))
    cls_to_become = BatchNorm2d
    _allowed_ndims = BatchNorm2d._allowed_ndims


class LazyBatchNorm3d(_LazyBatchNorm, _BatchNorm):
    __doc__ = _NORM_DOC.format(name="LazyBatchNorm3d", base="BatchNorm3d", shape=(2, 3, 2, 2, 2))
    cls_to_become = BatchNorm3d
    _allowed_ndims = BatchNorm3d._allowed_ndims


class LazyInstanceNorm1d(_LazyInstanceNorm, _InstanceNorm):
    __doc__ = _NORM_DOC.format(name="LazyInstanceNorm1d", base="InstanceNorm1d", shape=(2, 3, 4))
    cls_to_become = InstanceNorm1d
    _no_batch_dim = InstanceNorm1d._no_batch_dim


class LazyInstanceNorm2d(_LazyInstanceNorm, _InstanceNorm):
    __doc__ = _NORM_DOC.format(name="LazyInstanceNorm2d", base="InstanceNorm2d", shape=(2, 3, 2, 2))
    cls_to_become = InstanceNorm2d
    _no_batch_dim = InstanceNorm2d._no_batch_dim


class LazyInstanceNorm3d(_LazyInstanceNorm, _InstanceNorm):
    __doc__ = _NORM_DOC.format(name="LazyInstanceNorm3d", base="InstanceNorm3d", shape=(2, 3, 2, 2, 2))
    cls_to_become = InstanceNorm3d
    _no_batch_dim = InstanceNorm3d._no_batch_dim
