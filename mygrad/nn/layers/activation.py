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
    """``x`` for ``x > 0``, else ``negative_slope * x``; see :func:`mygrad.nn.functional.leaky_relu`."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = check_real("LeakyReLU: negative_slope", negative_slope)
        self.inplace = inplace

    def forward(self, input: Any) -> Any:
        return F.leaky_relu(input, self.negative_slope, inplace=self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``; see :func:`mygrad.nn.functional.elu`."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = check_real("ELU: alpha", alpha)
        self.inplace = inplace

    def forward(self, input: Any) -> Any:
        return F.elu(input, self.alpha, inplace=self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class SELU(_InplaceActivation):
    """Self-normalising ELU, ``scale * elu(x, alpha)``; see :func:`mygrad.nn.functional.selu`."""

    def forward(self, input: Any) -> Any:
        return F.selu(input, inplace=self.inplace)


class GELU(Module):
    """``x * Phi(x)``, or its tanh approximation with ``approximate="tanh"``; see :func:`mygrad.nn.functional.gelu`."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"approximate must be 'none' or 'tanh'; got {approximate!r}")
        self.approximate = approximate

    def forward(self, input: Any) -> Any:
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(_InplaceActivation):
    """``x * sigmoid(x)`` (swish); see :func:`mygrad.nn.functional.silu`."""

    def forward(self, input: Any) -> Any:
        return F.silu(input, inplace=self.inplace)


class Sigmoid(Module):
    """``1 / (1 + exp(-x))`` without overflow; see :func:`mygrad.nn.functional.sigmoid`."""

    def forward(self, input: Any) -> Any:
        return F.sigmoid(input)


class Tanh(Module):
    """Hyperbolic tangent; see :func:`mygrad.nn.functional.tanh`."""

    def forward(self, input: Any) -> Any:
        return F.tanh(input)


class Hardtanh(Module):
    """``x`` clipped to ``[min_val, max_val]``; see :func:`mygrad.nn.functional.hardtanh`."""

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
    """``log(1 + exp(beta x)) / beta`` (linear above ``threshold``); see :func:`mygrad.nn.functional.softplus`."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input: Any) -> Any:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softsign(Module):
    """``x / (1 + |x|)``; see :func:`mygrad.nn.functional.softsign`."""

    def forward(self, input: Any) -> Any:
        return F.softsign(input)


class GLU(Module):
    """Gated linear unit along ``dim``: ``a * sigmoid(b)`` for the two halves ``a, b``."""

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
    """``x - logsumexp(x)`` along ``dim``; see :func:`mygrad.nn.functional.log_softmax`."""

    def __init__(self, dim: Optional[int] = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Any:
        return F.log_softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
