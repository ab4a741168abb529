"""Convolutions (cross-correlations, as in deep learning): ``conv1d``, ``conv2d``, ``conv3d``, ``conv_nd``.

Two algorithms compute them, each in its own module, both working in the
batch-last memory layout of :mod:`mygrad.nn.functional.batch_last` (results
come back as ``(N, F, *O)`` views of ``(F, *O, N)`` memory):

* :mod:`~mygrad.nn.functional.im2col` - every convolution: the windows are
  copied into one matrix and each pass is one matrix product;
* :mod:`~mygrad.nn.functional.winograd` - 2-D, stride 1, no dilation, one
  group: Winograd's minimal filtering ``F(m x m, r x r)``, which needs
  2.25x (``m = 2``) to 4x (``m = 4``, 3x3 kernels) fewer multiplications,
  at the price of transforming the tiles before and after; the outputs of
  repeated input windows are recomputed exactly
  (:mod:`~mygrad.nn.functional.repeated_windows`), so that identical
  windows give identical outputs, as in im2col and PyTorch.

Which one runs (``algorithm="auto"``) is :func:`choose_algorithm`'s rule,
measured with ``benchmarks/conv_algorithms.py``; ``algorithm=`` forces one.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from mygrad.autodiff.operation import Operation, execute_op
from mygrad.autodiff.tensor import Tensor
from mygrad.nn.functional._utils import IntOrTuple, data_of, ntuple
from mygrad.nn.functional.im2col import Im2colConv
from mygrad.nn.functional.winograd import WinogradConv2d

__all__ = ["conv1d", "conv2d", "conv3d", "conv_nd", "choose_algorithm", "ALGORITHMS"]

Padding = Union[str, int, Sequence[int]]

#: The names ``algorithm=`` accepts: ``"winogradM"`` is Winograd with M x M output tiles.
ALGORITHMS = ("auto", "im2col", "winograd2", "winograd4")


def winograd_applies(x_shape: Sequence[int], w_shape: Sequence[int], stride: Sequence[int],
                     dilation: Sequence[int], groups: int, dtype: Any = np.float32) -> bool:
    """Whether Winograd can compute this convolution: 2-D, stride 1, no dilation, one group, kernel sides
    2 to 5, float32 or float64 data.

    Examples
    --------
    >>> from mygrad.nn.functional.conv import winograd_applies
    >>> winograd_applies((8, 3, 32, 32), (16, 3, 3, 3), (1, 1), (1, 1), 1)
    True
    >>> winograd_applies((8, 3, 32, 32), (16, 3, 3, 3), (2, 2), (1, 1), 1)
    False
    """
    return (len(w_shape) == 4 and tuple(stride) == (1, 1) and tuple(dilation) == (1, 1) and groups == 1
            and all(2 <= k <= 5 for k in w_shape[2:]) and np.dtype(dtype) in (np.float32, np.float64))


#: Below this many multiply-adds in im2col's matrix product (``N*H*W*C*F*kh*kw``, counted on the input's
#: size) im2col is faster: Winograd's extra NumPy calls and transforms cost more than its products save.
WINOGRAD_MIN_WORK = 4_000_000


def choose_algorithm(x_shape: Sequence[int], w_shape: Sequence[int], stride: Sequence[int],
                     dilation: Sequence[int], groups: int, dtype: Any = np.float32) -> str:
    """The algorithm ``algorithm="auto"`` runs for a convolution of this shape: the measured rule.

    Winograd ``F(4x4, r x r)`` where it applies (:func:`winograd_applies`),
    input and output have at least 2 channels, and im2col's product has at
    least :data:`WINOGRAD_MIN_WORK` multiply-adds; im2col otherwise.

    Measured with ``benchmarks/conv_algorithms.py`` (forward + the three
    gradients, float32, batch-last data, one BLAS thread, 2-core x86-64,
    OpenBLAS; time as a ratio to im2col's, below 1 = faster)::

        N    C    F    HxW  kernel  multiply-adds  winograd2  winograd4
        64   32   64   13   3x3     199M (*)       1.49       0.93
        64   16   32   14   5x5     161M (**)      1.06       0.68
        64   1    32   28   3x3     14M  (C=1)     5.15       4.21
        8    64   64   28   3x3     231M           1.04       0.63
        64   16   16   7    3x3     7.2M           1.24       0.91
        64   3    3    28   3x3     4.1M           0.78       0.54
        8    16   16   14   3x3     3.6M           1.10       1.23
        8    32   32   7    3x3     3.6M           1.41       1.24
        64   8    8    7    3x3     1.8M           1.24       1.09
        8    16   16   28   5x5     40M            0.92       0.52
        64   8    8    7    5x5     5.0M           1.07       0.75
        8    16   16   7    5x5     2.5M           1.32       1.11

    (*) ``benchmarks/train_step.py``'s second convolution, (**)
    ``examples/train_mnist.py``'s second. ``F(2x2)`` was never clearly
    faster than ``F(4x4)`` (at best by 5-15%, on 14x14 images, which 4x4
    tiles cover with two rows to spare), so the rule does not pick it. An FFT
    convolution's forward pass alone (written in the benchmark, ``--fft``)
    took 0.27-3.4x im2col's forward and backward together; its two gradients
    are as much work again each, which puts it behind ``F(4x4)`` in every
    shape measured, 5x5 kernels included, so mygrad has no FFT path.

    Exactness: Winograd's rounding differs from one output position to the
    next, so it alone would break the ties between positions whose input
    windows are identical (all-zero backgrounds, the constant ``relu(bias)``
    planes after them, straight strokes), which ``max_pool`` and ``relu``
    then route gradients by: on real MNIST its input gradients were 40-60%
    off PyTorch's. Its forward pass therefore recomputes those positions
    exactly (:mod:`~mygrad.nn.functional.repeated_windows`); with that, both
    algorithms agree with PyTorch to float32 tolerance (median 3e-6 relative,
    input, weight and bias gradients; what remains are near-ties of
    *different* windows, values 1e-8 apart, which any two implementations
    may order differently: 2 to 5 batches in 20 on the 3x3 model below, for
    im2col and Winograd alike). The repair costs 0.85-0.9 ms per forward
    pass on real MNIST batches of 64 (1.2-1.4 ms when the tables below were
    measured; the table above predates it).

    Measured again on realistic data (``benchmarks/conv_algorithms.py
    --quick --data mnist``: real MNIST images, and for the second
    convolutions what the example's first layer makes of them, the repair
    included; with im2col cache-blocked, :data:`~mygrad.nn.functional.im2col.BLOCK_BYTES`)::

        shape                    winograd2  winograd4   (time / im2col's, forward + 3 gradients)
        train_step conv1  (C=1)    14.85      11.57
        train_step conv2  (*)       1.46       1.01
        train_mnist conv1 (C=1)     7.78       5.33
        train_mnist conv2 (**)      1.19       0.65

    and as whole training steps, the two example models with the second
    convolution forced to im2col against the rule, interleaved step by step
    (CPU time per step, medians of 60-100 steps, machine loaded): (**)'s
    model 24.9 ms (rule) vs 32.2 ms (im2col); (*)'s model on MNIST 27.7 vs
    27.5 ms, on random data 28.9 vs 28.9 ms. So the rule stands: Winograd
    wins clearly for 5x5 kernels, and for (*)'s 3x3 shape the two are
    within 2% either way (on MNIST the repair takes what Winograd saves).
    Since Winograd transforms small images' inputs by matrix products over
    whole axes, and im2col builds shifted rows instead of blocks of ``cols``,
    the same realistic measurement gives (load average 2.6)::

        shape                    winograd2  winograd4
        train_step conv1  (C=1)     9.55       7.86
        train_step conv2  (*)       1.30       0.90
        train_mnist conv1 (C=1)     8.93       6.28
        train_mnist conv2 (**)      1.09       0.57

    so the rule still stands.

    Examples
    --------
    >>> from mygrad.nn.functional.conv import choose_algorithm
    >>> choose_algorithm((64, 32, 13, 13), (64, 32, 3, 3), (1, 1), (1, 1), 1)
    'winograd4'
    >>> choose_algorithm((64, 1, 28, 28), (32, 1, 3, 3), (1, 1), (1, 1), 1)  # one input channel
    'im2col'
    >>> choose_algorithm((8, 16, 14, 14), (16, 16, 3, 3), (1, 1), (1, 1), 1)  # too little work
    'im2col'
    """
    if not winograd_applies(x_shape, w_shape, stride, dilation, groups, dtype):
        return "im2col"
    (n, c, h, w), (f, _, kh, kw) = x_shape, w_shape
    if min(c, f) < 2 or n * h * w * c * f * kh * kw < WINOGRAD_MIN_WORK:
        return "im2col"
    return "winograd4"


def _algorithm(name: str, x_shape, w_shape, stride, pads, dilation, groups, dtype=np.float32):
    """The algorithm object for ``name`` (``"auto"`` resolved by :func:`choose_algorithm`)."""
    if name == "auto":
        name = choose_algorithm(x_shape, w_shape, stride, dilation, groups, dtype)
    if name == "im2col" or 0 in x_shape:  # (an empty input: nothing to compute, and im2col takes every shape)
        return Im2colConv(stride, pads, dilation, groups)
    if not winograd_applies(x_shape, w_shape, stride, dilation, groups, dtype):
        raise ValueError(f"algorithm={name!r} needs a float32/float64 2-D convolution with stride 1, dilation 1, "
                         f"groups 1 and kernel sides 2 to 5; got weight shape {tuple(w_shape)}, stride "
                         f"{tuple(stride)}, dilation {tuple(dilation)}, groups {groups}, dtype {np.dtype(dtype)}")
    m = int(name[len("winograd"):])  # m x m output tiles: with kernel sides up to 5, tiles up to 8x8
    return WinogradConv2d((m, m), pads)


class ConvND(Operation):
    """N-d convolution of ``x`` (N, C, *S) with filters ``w`` (F, C/groups, *K), plus an optional bias (F,).

    The arithmetic lives in an algorithm object (:class:`Im2colConv` or
    :class:`WinogradConv2d`), which keeps what its backward pass needs.
    """

    def __call__(self, x, w, *bias, stride, pads, dilation, groups, algorithm):
        self.variables = (x, w, *bias)
        dtype = np.result_type(x.data, w.data)
        self.algorithm = _algorithm(algorithm, x.shape, w.shape, stride, pads, dilation, groups, dtype)
        return self.algorithm.forward(x.data, w.data, bias[0].data if bias else None)

    def backward_var(self, grad, index, **kwargs):
        if index == 2:  # d(out)/d(bias) = 1: the gradient summed over the batch and the positions
            return self.algorithm.bias_grad(grad)
        if index == 1:
            return self.algorithm.weight_grad(grad)
        return self.algorithm.input_grad(grad)


def _conv_padding(padding: Padding, kernel: Tuple[int, ...], stride: Tuple[int, ...],
                  dilation: Tuple[int, ...]) -> Tuple[Tuple[int, int], ...]:
    """PyTorch's ``padding`` argument as ``(before, after)`` per spatial axis."""
    nd = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * nd
        if padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions (stride must be 1)")
            totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
            return tuple((t // 2, t - t // 2) for t in totals)
        raise ValueError(f"padding must be 'valid', 'same', an int or a tuple of ints; got {padding!r}")
    pads = ntuple(padding, nd, "padding")
    if any(p < 0 for p in pads):
        raise ValueError(f"padding must be non-negative; got {padding!r}")
    return tuple((p, p) for p in pads)


def _conv(input: Any, weight: Any, bias: Any, stride: IntOrTuple, padding: Padding, dilation: IntOrTuple,
          groups: int, nd: Optional[int], constant: Optional[bool], algorithm: str = "auto") -> Tensor:
    """Validate the arguments of an N-d convolution and run :class:`ConvND`."""
    x_shape, w_shape = np.shape(data_of(input)), np.shape(data_of(weight))
    if nd is None:
        nd = len(w_shape) - 2
    if len(w_shape) != nd + 2:
        raise ValueError(f"weight must have shape (out_channels, in_channels/groups, *kernel) with {nd} kernel "
                         f"dimensions; got shape {w_shape}")
    unbatched = len(x_shape) == nd + 1
    if unbatched:
        input = input[None] if isinstance(input, Tensor) else np.asarray(input)[None]
        x_shape = (1, *x_shape)
    if len(x_shape) != nd + 2:
        raise ValueError(f"input must have shape (N, C, *spatial) or (C, *spatial) with {nd} spatial dimensions; "
                         f"got shape {x_shape[1:] if unbatched else x_shape}")
    if not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive int; got {groups!r}")
    f, cg, kernel = w_shape[0], w_shape[1], tuple(w_shape[2:])
    if x_shape[1] != cg * groups:
        raise ValueError(f"input has {x_shape[1]} channels but weight of shape {w_shape} with groups={groups} "
                         f"expects {cg * groups}")
    if f % groups:
        raise ValueError(f"out_channels ({f}) must be divisible by groups ({groups})")
    stride, dilation = ntuple(stride, nd, "stride"), ntuple(dilation, nd, "dilation")
    if any(s < 1 for s in stride) or any(d < 1 for d in dilation):
        raise ValueError(f"stride and dilation must be positive; got stride={stride}, dilation={dilation}")
    pads = _conv_padding(padding, kernel, stride, dilation)
    for size, (lo, hi), k, d in zip(x_shape[2:], pads, kernel, dilation):
        if size + lo + hi < d * (k - 1) + 1:
            raise ValueError(f"the kernel {kernel} (dilation {dilation}) is larger than the padded input "
                             f"{tuple(n + a + b for n, (a, b) in zip(x_shape[2:], pads))}")
    tensors = (input, weight) if bias is None else (input, weight, bias)
    if bias is not None and np.shape(data_of(bias)) != (f,):
        raise ValueError(f"bias must have shape ({f},); got {np.shape(data_of(bias))}")
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}; got {algorithm!r}")
    out = execute_op(ConvND, *tensors, op_kwargs=dict(stride=stride, pads=pads, dilation=dilation, groups=int(groups),
                                                      algorithm=algorithm), constant=constant)
    return out[0] if unbatched else out


def conv1d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
           dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None,
           algorithm: str = "auto") -> Tensor:
    """1-D convolution over an input of shape (N, C_in, L) or (C_in, L); see :func:`conv2d`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import conv1d
    >>> x = mg.tensor([[[1.0, 2.0, 3.0, 4.0]]])
    >>> conv1d(x, mg.tensor([[[1.0, -1.0]]]))
    Tensor([[[-1., -1., -1.]]])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1, constant, algorithm)


def conv2d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
           dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None,
           algorithm: str = "auto") -> Tensor:
    """2-D convolution (cross-correlation, as ``torch.nn.functional.conv2d``).

    ``out[n, f, i, j] = bias[f] + sum_{c,a,b} weight[f, c, a, b] * x_pad[n, g*C/G + c, i*s0 + a*d0, j*s1 + b*d1]``

    Parameters
    ----------
    input : ArrayLike, shape=(N, C_in, H, W) or (C_in, H, W)
    weight : ArrayLike, shape=(C_out, C_in/groups, kH, kW)
    bias : Optional[ArrayLike], shape=(C_out,)
    stride : int or (int, int), default 1
    padding : int, (int, int), 'valid' or 'same', default 0
        Zeros added to both sides of each spatial axis. ``'same'`` (stride 1
        only) pads so the output has the input's size; an odd total puts the
        extra zero after, as PyTorch does.
    dilation : int or (int, int), default 1
        Spacing between kernel taps.
    groups : int, default 1
        Split channels into ``groups`` independent convolutions.
    constant : Optional[bool]
        Force the result to be a constant.
    algorithm : str, default "auto"
        (mygrad only) ``"im2col"``, ``"winograd2"`` or ``"winograd4"`` (Winograd
        with 2x2 or 4x4 output tiles; 2-D, stride 1, dilation 1, groups 1) to
        force one; ``"auto"`` applies :func:`choose_algorithm`.

    Returns
    -------
    Tensor, shape=(N, C_out, H_out, W_out)
        ``H_out = (H + 2p - d(kH - 1) - 1) // s + 1``, likewise ``W_out``.

    Examples
    --------
    >>> import numpy as np, mygrad as mg
    >>> from mygrad.nn.functional import conv2d
    >>> x = mg.tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    >>> w = mg.tensor(np.ones((1, 1, 2, 2)))
    >>> conv2d(x, w, stride=2)
    Tensor([[[[10., 18.],
              [42., 50.]]]])
    >>> conv2d(x, w, padding="same").shape
    (1, 1, 4, 4)
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 2, constant, algorithm)


def conv3d(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
           dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None,
           algorithm: str = "auto") -> Tensor:
    """3-D convolution over an input of shape (N, C_in, D, H, W); see :func:`conv2d`.

    Examples
    --------
    >>> import numpy as np
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import conv3d
    >>> x = mg.tensor(np.ones((1, 1, 3, 3, 3)))
    >>> w = mg.tensor(np.full((1, 1, 2, 2, 2), 0.5))  # (C_out, C_in, kD, kH, kW)
    >>> y = conv3d(x, w)        # each output: the sum of 8 inputs times 0.5
    >>> y.shape, y[0, 0, 0, 0, 0].item()
    ((1, 1, 2, 2, 2), 4.0)
    >>> y.sum().backward()
    >>> x.grad[0, 0, 0]         # 0.5 times the number of windows covering each input
    array([[0.5, 1. , 0.5],
           [1. , 2. , 1. ],
           [0.5, 1. , 0.5]])
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, constant, algorithm)


def conv_nd(input: Any, weight: Any, bias: Any = None, stride: IntOrTuple = 1, padding: Padding = 0,
            dilation: IntOrTuple = 1, groups: int = 1, *, constant: Optional[bool] = None,
           algorithm: str = "auto") -> Tensor:
    """Convolution over as many spatial axes as ``weight`` has kernel axes (``weight.ndim - 2``).

    Same arguments and rules as :func:`conv2d`; ``input`` must be batched,
    shape ``(N, C_in, *spatial)``.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.nn.functional import conv_nd
    >>> x = mg.tensor([[[1.0, 2.0, 3.0]]])      # (N, C_in, L): one spatial axis
    >>> w = mg.tensor([[[1.0, -1.0]]])          # a 1-D kernel: y_i = x_i - x_(i+1)
    >>> y = conv_nd(x, w)
    >>> y
    Tensor([[[-1., -1.]]])
    >>> y.sum().backward()
    >>> x.grad, w.grad          # dy/dx: kernel taps summed; dy/dw: input windows summed
    (array([[[ 1.,  0., -1.]]]), array([[[3., 5.]]]))
    """
    return _conv(input, weight, bias, stride, padding, dilation, groups, None, constant, algorithm)
