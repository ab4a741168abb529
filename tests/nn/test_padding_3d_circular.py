"""ZeroPad3d, ConstantPad3d, ReflectionPad3d, ReplicationPad3d and CircularPad1d/2d/3d against PyTorch: values,
input gradients (batch 0 and 1, unbatched, negative pads where PyTorch allows them), reprs, central differences,
and the checks of padding, input rank and circular wrap-around; constant padding of any input rank."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
import hypothesis.strategies as st

import mygrad as mg
from mygrad import nn
import mygrad.nn.functional as F
from tests.gradcheck import check_op

torch = pytest.importorskip("torch")
NAMES = ["ZeroPad3d", "ConstantPad3d", "ReflectionPad3d", "ReplicationPad3d", "CircularPad1d", "CircularPad2d",
         "CircularPad3d"]


def run_both(ours, theirs, x):
    mx, tx = mg.tensor(x), torch.from_numpy(x.copy()).requires_grad_(True)
    out, t_out = ours(mx), theirs(tx)
    assert out.dtype == x.dtype and out.shape == tuple(t_out.shape)
    np.testing.assert_array_equal(out.data, t_out.detach().numpy())
    g = np.random.default_rng(1).normal(size=out.shape).astype(x.dtype)
    (out * g).sum().backward()
    (t_out * torch.from_numpy(g)).sum().backward()
    np.testing.assert_allclose(mx.grad, tx.grad.numpy(), rtol=1e-5, atol=1e-6)


@settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(NAMES), batched=st.booleans(), n=st.integers(0, 2), c=st.integers(1, 2),
       sizes=st.lists(st.integers(3, 4), min_size=3, max_size=3), data=st.data(), seed=st.integers(0, 9999))
def test_padding_modules_match_torch(name, batched, n, c, sizes, data, seed):
    dims = int(name[-2])
    sizes = sizes[:dims]
    low = 0 if name.startswith(("Reflection", "Replication")) else -1
    if data.draw(st.booleans()):
        padding = data.draw(st.integers(0, 2))
    else:  # (axis sizes 3 and 4: reflection pads up to size - 1, circular ones up to the cropped size)
        padding = tuple(data.draw(st.integers(low, 2)) for _ in range(2 * dims))
    args = (padding, -1.5) if name.startswith("Constant") else (padding,)
    ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(ours) == repr(theirs)
    shape = ((n,) if batched else ()) + (c,) + tuple(sizes[::-1])
    run_both(ours, theirs, np.random.default_rng(seed).normal(size=shape).astype(np.float32))


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 2, 3, 4, 3, 2), (1, 1, 1)])
def test_constant_padding_pads_the_trailing_axes_of_any_input(shape):
    x = np.random.default_rng(0).normal(size=shape)
    run_both(nn.ConstantPad3d((1, 0, 2, 1, 0, 2), 3.0), torch.nn.ConstantPad3d((1, 0, 2, 1, 0, 2), 3.0), x)
    run_both(nn.ZeroPad3d(1), torch.nn.ZeroPad3d(1), x)


@pytest.mark.parametrize("mode", ["circular", "reflect", "replicate", "constant"])
def test_pad_3d_central_differences(mode):
    x = np.random.default_rng(2).normal(size=(1, 2, 3, 3, 4))
    pads = (2, 1, 0, 2, 1, 1)

    def ref(a):
        return torch.nn.functional.pad(torch.from_numpy(a), pads, mode).numpy()

    check_op(lambda a: F.pad(a, pads, mode), ref, x)


@pytest.mark.parametrize("call, exc, match", [
    (lambda: nn.CircularPad1d(5)(mg.ones((1, 1, 4))), RuntimeError, "wrapping around more than once"),
    (lambda: F.pad(mg.ones((1, 1, 2, 4)), (0, 0, 3, 0), "circular"), RuntimeError, r"\(3, 0\).*size 2"),
    (lambda: nn.CircularPad1d(1)(mg.ones(4)), ValueError, "2-D .* or 3-D"),
    (lambda: nn.CircularPad2d(1)(mg.ones((1, 2, 3, 4, 5))), ValueError, "got 5-D"),
    (lambda: nn.ReflectionPad3d(1)(mg.ones((2, 2, 2))), ValueError, "4-D .* or 5-D"),
    (lambda: nn.ReflectionPad3d(2)(mg.ones((1, 2, 2, 2))), ValueError, "smaller than"),
    (lambda: nn.ZeroPad3d(1)(mg.ones((2, 2))), ValueError, "at least 3 dimensions"),
    (lambda: nn.ConstantPad3d((1, 2, 3), 1.0), TypeError, "tuple of 6 ints"),
    (lambda: nn.ConstantPad3d(1, "a"), TypeError, "value"),
    (lambda: nn.ReplicationPad3d(1.5), TypeError, "padding"),
    (lambda: nn.CircularPad3d((1, 1, 1, 1, 1, True)), TypeError, "padding"),
])
def test_bad_arguments(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
