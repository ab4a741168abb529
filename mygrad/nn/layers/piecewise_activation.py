"""More activation modules (PyTorch's names): thin wrappers over
:mod:`mygrad.nn.functional.piecewise_activations`; ``PReLU`` holds a learnable slope, ``RReLU`` a generator."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from mygrad.autodiff.tensor import Tensor
from mygrad.nn import functional as F
from mygrad.nn.functional._utils import check_real
from mygrad.nn.layers._common import check_size, factory_dtype
from mygrad.nn.module import Module
from mygrad.nn.parameter import Parameter
from mygrad.random import RandomSource

__all__ = ["ReLU6", "Hardswish", "Hardsigmoid", "Mish", "LogSigmoid", "Softmin", "CELU", "Softshrink", "Hardshrink",
           "Tanhshrink", "Threshold", "PReLU", "RReLU"]


class _Inplace(Module):
    """An activation whose only option is ``inplace``; ``_fn`` names its functional form."""

    _fn = ""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return getattr(F, self._fn)(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU6(_Inplace):
    """``min(max(x, 0), 6)``; see :func:`mygrad.nn.functional.relu6`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.ReLU6()(mg.tensor([-1.0, 7.0]))
    Tensor([0., 6.])
    """

    _fn = "relu6"


class Hardswish(_Inplace):
    """``x * relu6(x + 3) / 6``; see :func:`mygrad.nn.functional.hardswish`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Hardswish()(mg.tensor([3.0]))
    Tensor([3.])
    """

    _fn = "hardswish"


class Hardsigmoid(_Inplace):
    """``relu6(x + 3) / 6``; see :func:`mygrad.nn.functional.hardsigmoid`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Hardsigmoid()(mg.tensor([0.0]))
    Tensor([0.5])
    """

    _fn = "hardsigmoid"


class Mish(_Inplace):
    """``x * tanh(softplus(x))``; see :func:`mygrad.nn.functional.mish`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Mish()(mg.tensor([0.0]))
    Tensor([0.])
    """

    _fn = "mish"


class LogSigmoid(Module):
    """``log(sigmoid(x))``; see :func:`mygrad.nn.functional.logsigmoid`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.LogSigmoid()(mg.tensor([1000.0]))
    Tensor([-0.])
    """

    def forward(self, input: Any) -> Tensor:
        return F.logsigmoid(input)


class Tanhshrink(Module):
    """``x - tanh(x)``; see :func:`mygrad.nn.functional.tanhshrink`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Tanhshrink()(mg.tensor([0.0]))
    Tensor([0.])
    """

    def forward(self, input: Any) -> Tensor:
        return F.tanhshrink(input)


class Softmin(Module):
    """``softmax(-x)`` along ``dim``; see :func:`mygrad.nn.functional.softmin`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Softmin(dim=0)(mg.tensor([0.0, 0.0]))
    Tensor([0.5, 0.5])
    """

    def __init__(self, dim: Optional[int] = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Any) -> Tensor:
        return F.softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class CELU(Module):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``; see :func:`mygrad.nn.functional.celu`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.CELU(alpha=2.0)(mg.tensor([-1000.0, 1.0]))
    Tensor([-2.,  1.])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = check_real("CELU: alpha", alpha), inplace

    def forward(self, input: Any) -> Tensor:
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softshrink(Module):
    """Shrink towards 0 by ``lambd`` (0 inside ``[-lambd, lambd]``); see :func:`mygrad.nn.functional.softshrink`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Softshrink(1.0)(mg.tensor([-3.0, 0.5]))
    Tensor([-2.,  0.])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = check_real("Softshrink: lambd", lambd)

    def forward(self, input: Any) -> Tensor:
        return F.softshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


class Hardshrink(Module):
    """Zero inside ``[-lambd, lambd]``, identity outside; see :func:`mygrad.nn.functional.hardshrink`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Hardshrink(1.0)(mg.tensor([-3.0, 0.5]))
    Tensor([-3.,  0.])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = check_real("Hardshrink: lambd", lambd)

    def forward(self, input: Any) -> Tensor:
        return F.hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


class Threshold(Module):
    """``x`` where ``x > threshold``, else ``value``; see :func:`mygrad.nn.functional.threshold`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> nn.Threshold(0.1, 20.0)(mg.tensor([0.0, 1.0]))
    Tensor([20.,  1.])
    """

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold = check_real("Threshold: threshold", threshold)
        self.value = check_real("Threshold: value", value)
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    """``x`` where ``x > 0``, else ``weight * x``, the slope learnt (one, or one per channel); see
    :func:`mygrad.nn.functional.prelu`.

    Parameters
    ----------
    num_parameters : int, default 1
        1 (one slope for all) or the number of channels (axis 1 of the input).
    init : float, default 0.25
        The initial slope.
    device : None or "cpu"
    dtype : DTypeLike, default float32

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> act = nn.PReLU(num_parameters=2, init=0.1)
    >>> y = act(mg.tensor([[-1.0, -2.0]]))
    >>> y
    Tensor([[-0.1, -0.2]])
    >>> y.sum().backward()
    >>> act.weight.grad
    array([-1., -2.], dtype=float32)
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        dtype = factory_dtype(device, dtype)
        self.num_parameters = check_size("PReLU", "num_parameters", num_parameters, 1)
        self.init = check_real("PReLU: init", init)
        self.weight = Parameter(np.full(num_parameters, init, dtype=dtype))

    def reset_parameters(self) -> None:
        """Set every slope back to ``init``."""
        self.weight.data[...] = self.init

    def forward(self, input: Any) -> Tensor:
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """Randomized leaky ReLU: random negative slopes from U(lower, upper) in training, their mean in evaluation;
    see :func:`mygrad.nn.functional.rrelu`.

    Parameters
    ----------
    lower, upper : float, default 1/8 and 1/3
    inplace : bool, default False
    generator : Optional[numpy.random.Generator or numpy.random.RandomState]
        The source of the slopes; NumPy's global random state by default.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad import nn
    >>> act = nn.RReLU(0.1, 0.3)
    >>> act.eval()(mg.tensor([-1.0, 1.0]))
    Tensor([-0.2,  1. ])
    """

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False, *,
                 generator: Optional[RandomSource] = None) -> None:
        super().__init__()
        self.lower, self.upper = check_real("RReLU: lower", lower), check_real("RReLU: upper", upper)
        if lower > upper:
            raise ValueError(f"RReLU: lower bound {lower} should be less than or equal to upper bound {upper}")
        self.inplace, self.generator = inplace, generator

    def forward(self, input: Any) -> Tensor:
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace, generator=self.generator)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}" + (", inplace=True" if self.inplace else "")
