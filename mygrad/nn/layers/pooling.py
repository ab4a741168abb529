"""Pooling layers: max, max-unpool, average and adaptive average pooling in 1, 2 and 3 dimensions."""

from __future__ import annotations

from typing import Any, Optional

from mygrad.nn import functional as F
from mygrad.nn.functional._utils import ntuple
from mygrad.nn.layers._common import IntOrTuple, check_window
from mygrad.nn.module import Module

__all__ = [
    "MaxPool1d", "MaxPool2d", "MaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "AvgPool1d", "AvgPool2d",
    "AvgPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
]


def _check_pool_args(layer: str, kernel_size: Any, stride: Any, padding: Any, dilation: Any) -> None:
    """Refuse bad window arguments when the layer is made, not at its first forward."""
    check_window(layer, "kernel_size", kernel_size, 1)
    if stride is not None:
        check_window(layer, "stride", stride, 1)
    check_window(layer, "padding", padding, 0)
    check_window(layer, "dilation", dilation, 1)


class _MaxPoolNd(Module):
    def __init__(
        self, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
        dilation: IntOrTuple = 1, return_indices: bool = False, ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        _check_pool_args(type(self).__name__, kernel_size, stride, padding, dilation)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input: Any) -> Any:
        return type(self)._pool(input, kernel_size=self.kernel_size, stride=self.stride, padding=self.padding,
                                dilation=self.dilation, ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    """The maximum over sliding windows of the last axis of ``(N, C, L)`` or ``(C, L)`` inputs.

    Parameters
    ----------
    kernel_size : int
        Window length.
    stride : Optional[int]
        Step between windows; ``kernel_size`` by default.
    padding : int, default 0
        Implicit ``-inf`` padding on both sides.
    dilation : int, default 1
        Spacing between window elements.
    return_indices : bool, default False
        Also return where each maximum came from (flat indices into each input plane, as PyTorch).
    ceil_mode : bool, default False
        Round the output length up instead of down.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([[[1.0, 5.0, 2.0, 0.0, 3.0, 4.0]]])   # (N, C, L) = (1, 1, 6)
    >>> y = nn.MaxPool1d(2)(x)  # windows [1, 5], [2, 0], [3, 4]
    >>> y
    Tensor([[[5., 2., 4.]]])
    >>> y.sum().backward()
    >>> x.grad                  # the gradient flows only to each window's maximum
    array([[[0., 1., 1., 0., 0., 1.]]])
    """

    _pool = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    """The maximum over sliding 2-D windows of ``(N, C, H, W)`` or ``(C, H, W)`` inputs.

    Same arguments as :class:`MaxPool1d`, each an int or a pair.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> pool = nn.MaxPool2d(2)
    >>> pool
    MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    >>> pool(np.arange(16.0).reshape(1, 1, 4, 4)).data[0, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """

    _pool = staticmethod(F.max_pool2d)


class MaxPool3d(_MaxPoolNd):
    """The maximum over sliding 3-D windows of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` inputs.

    Same arguments as :class:`MaxPool1d`, each an int or a triple.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor(np.arange(2 * 3 * 4 * 4 * 4, dtype=float).reshape(2, 3, 4, 4, 4))
    >>> y = nn.MaxPool3d(2)(x)  # 2x2x2 windows, stride 2
    >>> y.shape
    (2, 3, 2, 2, 2)
    >>> y.sum().backward()
    >>> int(x.grad.sum())       # one 1 per window, at its maximum
    48
    """

    _pool = staticmethod(F.max_pool3d)


class _MaxUnpoolNd(Module):
    _dims = 2

    def __init__(self, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0) -> None:
        super().__init__()
        # stored as tuples, as PyTorch does for these layers
        self.kernel_size = ntuple(kernel_size, self._dims, "kernel_size")
        self.stride = ntuple(stride if stride is not None else kernel_size, self._dims, "stride")
        self.padding = ntuple(padding, self._dims, "padding")

    def forward(self, input: Any, indices: Any, output_size: Optional[Any] = None) -> Any:
        return type(self)._unpool(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """Puts each pooled value back where ``MaxPool1d(return_indices=True)`` found it; zeros elsewhere.

    Call it as ``unpool(input, indices, output_size=None)``; see
    :func:`mygrad.nn.functional.max_unpool1d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> pool, unpool = nn.MaxPool1d(2, return_indices=True), nn.MaxUnpool1d(2)
    >>> out, where = pool(mg.tensor([[[1.0, 5.0, 2.0, 0.0]]]))
    >>> out, where              # the maxima and their positions
    (Tensor([[[5., 2.]]]), Tensor([[[1, 2]]]))
    >>> unpool(out, where)
    Tensor([[[0., 5., 2., 0.]]])
    """

    _unpool = staticmethod(F.max_unpool1d)
    _dims = 1


class MaxUnpool2d(_MaxUnpoolNd):
    """Puts each pooled value back where ``MaxPool2d(return_indices=True)`` found it; zeros elsewhere.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> out, where = pool(x)
    >>> unpool(out, where).data[0, 0]
    array([[ 0.,  0.,  0.,  0.],
           [ 0.,  5.,  0.,  7.],
           [ 0.,  0.,  0.,  0.],
           [ 0., 13.,  0., 15.]])
    """

    _unpool = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    """Puts each pooled value back where ``MaxPool3d(return_indices=True)`` found it; zeros elsewhere.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> pool, unpool = nn.MaxPool3d(2, return_indices=True), nn.MaxUnpool3d(2)
    >>> out, where = pool(np.arange(8.0).reshape(1, 1, 2, 2, 2))
    >>> restored = unpool(out, where)
    >>> restored.shape, restored.data.ravel()   # the maximum 7 back in the last corner
    ((1, 1, 2, 2, 2), array([0., 0., 0., 0., 0., 0., 0., 7.]))
    """

    _unpool = staticmethod(F.max_unpool3d)
    _dims = 3


class _AvgPoolNd(Module):
    def __init__(
        self, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
        ceil_mode: bool = False, count_include_pad: bool = True, divisor_override: Optional[int] = None,
    ) -> None:
        super().__init__()
        _check_pool_args(type(self).__name__, kernel_size, stride, padding, 1)
        if divisor_override is not None:
            check_window(type(self).__name__, "divisor_override", divisor_override, 1)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Any) -> Any:
        extra = () if self.divisor_override is None else (self.divisor_override,)
        return type(self)._pool(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                                self.count_include_pad, *extra)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """The mean over sliding windows of the last axis of ``(N, C, L)`` or ``(C, L)`` inputs.

    Same arguments as :class:`AvgPool2d`, each an int, except ``divisor_override`` (as PyTorch).

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([[[1.0, 3.0, 2.0, 6.0]]])     # (N, C, L) = (1, 1, 4)
    >>> y = nn.AvgPool1d(2)(x)  # means of [1, 3] and [2, 6]
    >>> y
    Tensor([[[2., 4.]]])
    >>> y.sum().backward()
    >>> x.grad                  # d(mean of k values)/d(each) = 1/k
    array([[[0.5, 0.5, 0.5, 0.5]]])
    """

    _pool = staticmethod(F.avg_pool1d)

    def __init__(self, kernel_size: IntOrTuple, stride: Optional[IntOrTuple] = None, padding: IntOrTuple = 0,
                 ceil_mode: bool = False, count_include_pad: bool = True) -> None:
        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)
        # stored as 1-tuples, as PyTorch does for this layer
        self.kernel_size = ntuple(self.kernel_size, 1, "kernel_size")
        self.stride, self.padding = ntuple(self.stride, 1, "stride"), ntuple(self.padding, 1, "padding")


class AvgPool2d(_AvgPoolNd):
    """The mean over sliding 2-D windows of ``(N, C, H, W)`` or ``(C, H, W)`` inputs.

    Parameters
    ----------
    kernel_size : int or (int, int)
    stride : Optional[int or (int, int)]
        ``kernel_size`` by default.
    padding : int or (int, int), default 0
        Zero padding on both sides.
    ceil_mode : bool, default False
        Round the output size up instead of down.
    count_include_pad : bool, default True
        Count the padding zeros in the divisor.
    divisor_override : Optional[int]
        Divide by this instead of the window size.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    >>> y = nn.AvgPool2d(2)(x)  # the mean of each 2x2 block
    >>> y
    Tensor([[[[ 2.5,  4.5],
              [10.5, 12.5]]]])
    >>> y.sum().backward()
    >>> x.grad[0, 0, 0]         # each input is 1/4 of one mean
    array([0.25, 0.25, 0.25, 0.25])
    """

    _pool = staticmethod(F.avg_pool2d)


class AvgPool3d(_AvgPoolNd):
    """The mean over sliding 3-D windows of ``(N, C, D, H, W)`` or ``(C, D, H, W)``; see :class:`AvgPool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor(np.ones((2, 3, 4, 4, 4)))
    >>> y = nn.AvgPool3d(2)(x)  # the mean of each 2x2x2 block
    >>> y.shape
    (2, 3, 2, 2, 2)
    >>> y.sum().backward()
    >>> x.grad[0, 0, 0, 0, 0].item()    # 1/8: one of 8 values in its block
    0.125
    """

    _pool = staticmethod(F.avg_pool3d)


class _AdaptiveAvgPoolNd(Module):
    def __init__(self, output_size: Any) -> None:
        super().__init__()
        sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size,)
        check_window(type(self).__name__, "output_size", [1 if s is None else s for s in sizes], 1)
        self.output_size = output_size

    def forward(self, input: Any) -> Any:
        return type(self)._pool(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """Average pooling of the last axis to ``output_size`` bins, whatever its length; see :class:`AdaptiveAvgPool2d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([[[1.0, 3.0, 2.0, 6.0, 4.0, 8.0]]])
    >>> y = nn.AdaptiveAvgPool1d(2)(x)  # 6 values into 2 bins of 3
    >>> y
    Tensor([[[2., 6.]]])
    >>> y.sum().backward()
    >>> x.grad                  # 1/3 each: one of 3 values in its bin
    array([[[0.33333333, 0.33333333, 0.33333333, 0.33333333, 0.33333333,
             0.33333333]]])
    """

    _pool = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """Average pooling to a fixed output size, whatever the input's spatial size.

    Parameters
    ----------
    output_size : int, None or a pair of them
        The target ``(H_out, W_out)``; ``None`` keeps that axis's size.
        ``AdaptiveAvgPool2d(1)`` is global average pooling.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> nn.AdaptiveAvgPool2d(1)(np.ones((2, 3, 5, 7))).shape
    (2, 3, 1, 1)
    """

    _pool = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    """Average pooling of ``(N, C, D, H, W)`` inputs to a fixed ``(D_out, H_out, W_out)``; see :class:`AdaptiveAvgPool2d`.

    Examples
    --------
    >>> import numpy as np
    >>> from mygrad import nn
    >>> pool = nn.AdaptiveAvgPool3d((1, 2, None))   # None keeps that axis's size
    >>> pool(np.ones((2, 3, 4, 6, 8))).shape
    (2, 3, 1, 2, 8)
    """

    _pool = staticmethod(F.adaptive_avg_pool3d)
