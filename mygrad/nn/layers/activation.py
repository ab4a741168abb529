"""Activation modules: thin, stateless wrappers over :mod:`mygrad.nn.functional`.

Each holds only its hyper-parameters (a slope, ``dim``...) and calls the
functional form, which is where the maths and the stable formulas live.
"""

from __future__ import annotations

from typing import Any, Optional

from mygrad.nn import functional as F
from mygrad.nn.functional._utils import check_real
from mygrad.nn.module import Module

__all__ = [
    "ReLU", "LeakyReLU", "ELU", "SELU", "GELU", "SiLU", "Sigmoid", "Tanh", "Hardtanh", "Softplus",
    "Softsign", "GLU", "Softmax", "LogSoftmax",
]


class _InplaceActivation(Module):
    """An activation whose only option is PyTorch's ``inplace`` flag (write the result into the input)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_InplaceActivation):
    """``max(x, 0)`` elementwise; see :func:`mygrad.nn.functional.relu`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReLU()(mg.tensor([-1.0, 2.0]))
    Tensor([0., 2.])
    """

    def forward(self, input: Any) -> Any:
        return F.relu(input, inplace=self.inplace)


class LeakyReLU(Module):
    """``x`` for ``x > 0``, else ``negative_slope * x``; see :func:`mygrad.nn.functional.leaky_relu`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([-2.0, 3.0])
    >>> y = nn.LeakyReLU(negative_slope=0.1)(x)
    >>> y
    Tensor([-0.2,  3. ])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = negative_slope below 0, 1 above
    array([0.1, 1. ])
    """

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = check_real("LeakyReLU: negative_slope", negative_slope)
        self.inplace = inplace

    def forward(self, input: Any) -> Any:
        return F.leaky_relu(input, self.negative_slope, inplace=self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``; see :func:`mygrad.nn.functional.elu`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([-1.0, 2.0])
    >>> y = nn.ELU(alpha=1.0)(x)
    >>> y                       # [e^-1 - 1, 2]
    Tensor([-0.63212056,  2.        ])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = alpha e^x below 0, 1 above
    array([0.36787944, 1.        ])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = check_real("ELU: alpha", alpha)
        self.inplace = inplace

    def forward(self, input: Any) -> Any:
        return F.elu(input, self.alpha, inplace=self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class SELU(_InplaceActivation):
    """Self-normalising ELU, ``scale * elu(x, alpha)``; see :func:`mygrad.nn.functional.selu`.

    ``scale ~ 1.0507`` and ``alpha ~ 1.6733`` are fixed constants.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([-1.0, 1.0])
    >>> y = nn.SELU()(x)
    >>> y                       # [scale alpha (e^-1 - 1), scale]
    Tensor([-1.11133074,  1.05070099])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = scale alpha e^x below 0, scale above
    array([0.6467686 , 1.05070099])
    """

    def forward(self, input: Any) -> Any:
        return F.selu(input, inplace=self.inplace)


class GELU(Module):
    """``x * Phi(x)``, or its tanh approximation with ``approximate="tanh"``; see :func:`mygrad.nn.functional.gelu`.

    ``Phi`` is the standard normal distribution function.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = nn.GELU()(x)
    >>> y                       # [0, Phi(1)]
    Tensor([0.        , 0.84134475])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = Phi(x) + x phi(x)
    array([0.5       , 1.08331547])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if not isinstance(approximate, str) or approximate not in ("none", "tanh"):  # (an array cannot be compared)
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh'; got {approximate!r:.60}")
        self.approximate = approximate

    def forward(self, input: Any) -> Any:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(_InplaceActivation):
    """``x * sigmoid(x)`` (swish); see :func:`mygrad.nn.functional.silu`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = nn.SiLU()(x)
    >>> y                       # [0, sigmoid(1)]
    Tensor([0.        , 0.73105858])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = s(x) (1 + x (1 - s(x))), s = sigmoid
    array([0.5       , 0.92767051])
    """

    def forward(self, input: Any) -> Any:
        return F.silu(input, inplace=self.inplace)


class Sigmoid(Module):
    """``1 / (1 + exp(-x))`` without overflow; see :func:`mygrad.nn.functional.sigmoid`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.zeros((2, 3))    # float32, as mg.zeros makes by default
    >>> y = nn.Sigmoid()(x)
    >>> y.shape, y[0, 0].item()
    ((2, 3), 0.5)
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = y (1 - y)
    array([[0.25, 0.25, 0.25],
           [0.25, 0.25, 0.25]], dtype=float32)
    """

    def forward(self, input: Any) -> Any:
        return F.sigmoid(input)


class Tanh(Module):
    """Hyperbolic tangent; see :func:`mygrad.nn.functional.tanh`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([0.0, 1.0])
    >>> y = nn.Tanh()(x)
    >>> y
    Tensor([0.        , 0.76159416])
    >>> y.sum().backward()
    >>> x.grad                  # d(tanh x)/dx = 1 - tanh^2 x
    array([1.        , 0.41997434])
    """

    def forward(self, input: Any) -> Any:
        return F.tanh(input)


class Hardtanh(Module):
    """``x`` clipped to ``[min_val, max_val]``; see :func:`mygrad.nn.functional.hardtanh`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([-3.0, 0.5, 2.0])
    >>> y = nn.Hardtanh(min_val=-1.0, max_val=1.0)(x)
    >>> y
    Tensor([-1. ,  0.5,  1. ])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = 1 inside the interval, 0 where clipped
    array([0., 1., 0.])
    """

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        check_real("Hardtanh: min_val", min_val), check_real("Hardtanh: max_val", max_val)
        if min_val > max_val:
            raise ValueError(f"min_val ({min_val}) must not exceed max_val ({max_val})")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input: Any) -> Any:
        return F.hardtanh(input, self.min_val, self.max_val, inplace=self.inplace)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}" + (", inplace=True" if self.inplace else "")


class Softplus(Module):
    """``log(1 + exp(beta x)) / beta`` (linear above ``threshold``); see :func:`mygrad.nn.functional.softplus`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([0.0, 30.0])
    >>> y = nn.Softplus(beta=1.0, threshold=20.0)(x)
    >>> y                       # [log 2, 30]: beta x > threshold is returned as x
    Tensor([ 0.69314718, 30.        ])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = sigmoid(beta x)
    array([0.5, 1. ])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input: Any) -> Any:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softsign(Module):
    """``x / (1 + |x|)``; see :func:`mygrad.nn.functional.softsign`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([-1.0, 3.0])
    >>> y = nn.Softsign()(x)
    >>> y
    Tensor([-0.5 ,  0.75])
    >>> y.sum().backward()
    >>> x.grad                  # dy/dx = 1 / (1 + |x|)^2
    array([0.25  , 0.0625])
    """

    def forward(self, input: Any) -> Any:
        return F.softsign(input)


class GLU(Module):
    """Gated linear unit along ``dim``: ``a * sigmoid(b)`` for the two halves ``a, b``.

    The size along ``dim`` is halved.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([[1.0, 2.0, 0.0, 0.0]])    # a = [1, 2], b = [0, 0]
    >>> y = nn.GLU(dim=-1)(x)
    >>> y                       # a * sigmoid(0) = a / 2
    Tensor([[0.5, 1. ]])
    >>> y.sum().backward()
    >>> x.grad                  # d/da = sigmoid(b); d/db = a sigmoid(b) (1 - sigmoid(b))
    array([[0.5 , 0.5 , 0.25, 0.5 ]])
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Any:
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax(Module):
    """``exp(x) / sum(exp(x))`` along ``dim`` (stable); see :func:`mygrad.nn.functional.softmax`.

    Parameters
    ----------
    dim : Optional[int]
        The axis that sums to 1. ``None`` picks PyTorch's legacy default with a warning.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Softmax(dim=-1)(mg.tensor([[0.0, 0.0]]))
    Tensor([[0.5, 0.5]])
    """

    def __init__(self, dim: Optional[int] = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Any:
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """``x - logsumexp(x)`` along ``dim``; see :func:`mygrad.nn.functional.log_softmax`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> x = mg.tensor([[0.0, 0.0], [1.0, 3.0]])
    >>> y = nn.LogSoftmax(dim=1)(x)
    >>> y.shape, y[0].tolist()     # two equal scores: log(1/2) each
    ((2, 2), [-0.6931471805599453, -0.6931471805599453])
    >>> y[0, 0].backward()
    >>> x.grad                  # d y_i / d x_j = [i == j] - softmax(x)_j
    array([[ 0.5, -0.5],
           [ 0. ,  0. ]])
    """

    def __init__(self, dim: Optional[int] = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Any:
        return F.log_softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
