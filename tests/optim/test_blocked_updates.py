"""The optimizers update large parameters a block of rows at a time (mygrad/optim/_blocks.py).

Every option combination is run on parameters that span several blocks, in
C and Fortran order and as 0-d arrays, and compared with the independent
reference rules over a few steps.
"""

import numpy as np
import pytest

import mygrad as mg
from mygrad.optim._blocks import BLOCK_BYTES, WHOLE_BYTES, row_blocks
from tests.optim.test_optimizers import CASE_IDS, CASES

N_STEPS = 3

# (shape, memory order) of float64 parameters: several blocks of rows; a block boundary inside a
# Fortran-ordered array; one row larger than a block; small enough to be updated whole; 0-d
SHAPES = [((1500, 70), "C"), ((1400, 80), "F"), ((2, BLOCK_BYTES // 8 + 5), "C"), ((100, 30), "C"), ((), "C")]


def run(opt_cls, rule, options, shape, order, seed=0):
    """Returns (mygrad's parameter after each step, the reference's)."""
    rng = np.random.default_rng(seed)
    start = np.asarray(rng.uniform(-1, 1, size=shape), order=order)
    grads = [rng.standard_normal(shape) for _ in range(N_STEPS)]
    param = mg.tensor(start)
    opt = opt_cls([param], **options)
    theta, state, ours, theirs = start.copy(), {}, [], []
    for t, grad in enumerate(grads, start=1):
        param.grad = grad
        opt.step()
        ours.append(param.data.copy())
        theta, state = rule(theta, grad, state, t, **options)
        theirs.append(theta)
    return ours, theirs


@pytest.mark.parametrize("shape, order", SHAPES, ids=[f"{s}-{o}" for s, o in SHAPES])
@pytest.mark.parametrize("opt_cls, rule, options", CASES, ids=CASE_IDS)
def test_blocked_update_matches_reference(opt_cls, rule, options, shape, order):
    ours, theirs = run(opt_cls, rule, options, shape, order)
    for step, (got, want) in enumerate(zip(ours, theirs), start=1):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=f"after step {step}")


def test_blocks_cover_every_row_once_as_views():
    a = np.zeros((1000, 100))  # 800 KB in 800-byte rows: several blocks
    assert a.nbytes > WHOLE_BYTES
    seen = 0
    for (block,) in row_blocks(a):
        assert np.shares_memory(block, a) and block.nbytes <= BLOCK_BYTES
        block += 1
        seen += len(block)
    assert seen == 1000 and np.all(a == 1)


@pytest.mark.parametrize("shape", [(300, 100), (0, 3), (5, 0), ()])
def test_small_empty_and_0d_arrays_come_whole(shape):
    a = np.zeros(shape)
    assert row_blocks(a, a) == [(a, a)]
