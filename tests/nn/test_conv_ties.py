"""Identical input windows give identical convolution outputs, so ``max_pool``'s ties and ``relu``'s kink route
gradients as PyTorch does, whatever algorithm runs (Winograd included).

The inputs are MNIST-like: an exact-zero background with a blob and a
constant bar drawn on it (quantised to k/255, as MNIST's pixels), so that
all-zero windows, the constant ``relu(bias)`` planes they become after a
layer, padded borders next to them and the identical windows along a
straight stroke are everywhere. Before Winograd recomputed the outputs of
repeated windows exactly (``mygrad/nn/functional/repeated_windows.py``), its
input gradients were 40-60% off PyTorch's on such inputs.
"""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import mygrad as mg
import mygrad.nn.functional as F
from mygrad import nn
from mygrad.nn.functional import repeated_windows
from mygrad.nn.functional.conv import choose_algorithm

torch = pytest.importorskip("torch")

ALGORITHMS = ["auto", "im2col", "winograd2", "winograd4"]


def blobs(rng, n, size=28):
    """``n`` single-channel images: zeros, a random blob and a constant vertical bar, in steps of 1/255."""
    yy, xx = np.mgrid[:size, :size]
    images = np.zeros((n, 1, size, size))
    for image in images[:, 0]:
        cy, cx = rng.uniform(size / 3, 2 * size / 3, 2)
        sy, sx = rng.uniform(2, size / 6, 2)
        image += 1.3 * np.exp(-((yy - cy) / sy) ** 2 - ((xx - cx) / sx) ** 2) * rng.uniform(0.5, 1, (size, size))
        image[image < 0.1] = 0
        col, top = rng.integers(3, size - 5), rng.integers(2, size // 2)
        image[top:top + size // 3, col:col + 2] = 1.0
    return np.round(np.clip(images, 0, 1) * 255) / 255


def relative_error(ours, reference):
    return np.abs(np.asarray(ours, dtype=np.float64) - reference).max() / np.abs(reference).max()


def torch_reference(x, params, padding, head):
    """Conv-ReLU-MaxPool twice, then a fixed linear read-out ``head``: loss and gradients by PyTorch."""
    tensors = [torch.tensor(a, requires_grad=True) for a in (x, *params)]
    h = tensors[0]
    for w, b in zip(tensors[1::2], tensors[2::2]):
        h = torch.max_pool2d(torch.relu(torch.nn.functional.conv2d(h, w, b, padding=padding)), 2)
    (h * torch.tensor(head)).sum().backward()
    return [t.grad.numpy() for t in tensors]


def mygrad_grads(x, params, padding, head, algorithm):
    tensors = [mg.tensor(a) for a in (x, *params)]
    h = tensors[0]
    for w, b in zip(tensors[1::2], tensors[2::2]):
        h = F.max_pool2d(F.relu(F.conv2d(h, w, b, padding=padding, algorithm=algorithm)), 2)
    (h * head).sum().backward()
    return [t.grad for t in tensors]


@pytest.mark.parametrize("algorithm", ALGORITHMS)
@pytest.mark.parametrize("kernel, padding", [(3, 0), (3, 1), (5, 2)])
@pytest.mark.parametrize("dtype, tolerance", [(np.float64, 1e-9), (np.float32, 1e-4)])
def test_conv_relu_maxpool_stack_gradients_match_pytorch(algorithm, kernel, padding, dtype, tolerance):
    """Input, weight and bias gradients of two Conv2d-ReLU-MaxPool2d layers on zero-background images."""
    rng = np.random.default_rng(kernel + 10 * padding)
    x = blobs(rng, 6).astype(dtype)
    params = []
    for c_in, c_out in [(1, 6), (6, 8)]:
        bound = 1 / np.sqrt(c_in * kernel * kernel)  # PyTorch's default initialisation
        params += [rng.uniform(-bound, bound, (c_out, c_in, kernel, kernel)).astype(dtype),
                   rng.uniform(-bound, bound, c_out).astype(dtype)]
    side = ((28 + 2 * padding - kernel + 1) // 2 + 2 * padding - kernel + 1) // 2
    head = rng.normal(size=(6, 8, side, side)).astype(dtype)
    expected = torch_reference(x, params, padding, head)
    for name, ours, reference in zip(["x", "w1", "b1", "w2", "b2"],
                                     mygrad_grads(x, params, padding, head, algorithm), expected):
        assert relative_error(ours, reference) <= tolerance, name


def mnist_models(lib, kind):
    """The two MNIST CNNs: the 3x3 one, and examples/train_mnist.py's 5x5 one (without dropout)."""
    if kind == "3x3":
        return lib.Sequential(lib.Conv2d(1, 32, 3), lib.ReLU(), lib.MaxPool2d(2), lib.Conv2d(32, 64, 3), lib.ReLU(),
                              lib.MaxPool2d(2), lib.Flatten(), lib.Linear(64 * 5 * 5, 10))
    return lib.Sequential(lib.Conv2d(1, 16, 5, padding=2), lib.ReLU(), lib.MaxPool2d(2),
                          lib.Conv2d(16, 32, 5, padding=2), lib.ReLU(), lib.MaxPool2d(2), lib.Flatten(),
                          lib.Linear(32 * 7 * 7, 128), lib.ReLU(), lib.Linear(128, 10))


@pytest.mark.parametrize("kind, second_conv", [("3x3", ((64, 32, 13, 13), (64, 32, 3, 3))),
                                               ("5x5", ((64, 16, 14, 14), (32, 16, 5, 5)))])
def test_mnist_models_gradients_match_pytorch(kind, second_conv):
    """nn.Conv2d (algorithm "auto", which runs Winograd for the second convolution), batch 64, float32."""
    assert choose_algorithm(*second_conv, (1, 1), (1, 1), 1) == "winograd4"
    torch.manual_seed(0)
    reference = mnist_models(torch.nn, kind)
    model = mnist_models(nn, kind)
    model.load_state_dict({k: v.detach().numpy() for k, v in reference.state_dict().items()})
    rng = np.random.default_rng(1)
    x, y = blobs(rng, 64).astype(np.float32), rng.integers(0, 10, 64)
    xt = torch.tensor(x, requires_grad=True)
    torch.nn.functional.cross_entropy(reference(xt), torch.tensor(y)).backward()
    xm = mg.tensor(x)
    nn.functional.cross_entropy(model(xm), y).backward()
    assert relative_error(xm.grad, xt.grad.numpy()) <= 1e-4
    for (name, p), q in zip(reference.named_parameters(), model.parameters()):
        assert relative_error(q.grad, p.grad.numpy()) <= 1e-4, name


@pytest.mark.parametrize("algorithm", ["winograd2", "winograd4", "im2col", "im2col-blocks"])
def test_identical_windows_give_bitwise_identical_outputs(algorithm, monkeypatch):
    """Every pair of output positions (of one sample) with identical padded windows, -0.0 counting as 0.0
    (im2col-blocks: cols built 3 output rows at a time, the last block 1 row, so products of two sizes)."""
    if algorithm == "im2col-blocks":
        from mygrad.nn.functional import im2col
        monkeypatch.setattr(im2col, "BLOCK_BYTES", 3 * 28 * 4 * 4 * 16)  # a row of cols: 28 rows x 4 bytes x 4 x 16
        monkeypatch.setattr(im2col, "MIN_BLOCK_COLUMNS", 1)
        algorithm = "im2col"
    rng = np.random.default_rng(3)
    x = np.maximum(blobs(rng, 4, size=16), 0).astype(np.float32).repeat(3, axis=1)
    x[:, 1] *= 0.5
    x[:, 2, ::2] *= -1  # -0.0 on every other row of the background
    w, b = rng.normal(size=(5, 3, 3, 3)).astype(np.float32), rng.normal(size=5).astype(np.float32)
    out = F.conv2d(x, w, b, padding=1, algorithm=algorithm).data
    padded = np.pad(x, [(0, 0), (0, 0), (1, 1), (1, 1)]) + 0  # + 0: -0.0 -> 0.0
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))  # (N, C, 16, 16, 3, 3)
    for n in range(x.shape[0]):
        flat = windows[n].transpose(1, 2, 0, 3, 4).reshape(16 * 16, -1)
        _, group = np.unique(flat, axis=0, return_inverse=True)
        values = out[n].reshape(5, -1)
        for g in np.unique(group):
            members = values[:, group.reshape(-1) == g]
            assert (members == members[:, :1]).all()


def test_hash_collisions_are_caught(monkeypatch):
    """With every window hashed alike, the check sorts them out: the outputs are still the convolution."""
    rng = np.random.default_rng(4)
    x, w = blobs(rng, 3, size=12), rng.normal(size=(4, 1, 3, 3))
    expected = F.conv2d(x, w, algorithm="im2col").data
    zeros = (np.zeros(1, np.uint64), np.zeros(3, np.uint64), np.zeros(3, np.uint64), np.zeros(3, np.uint64))
    monkeypatch.setattr(repeated_windows, "_multipliers", lambda *args: zeros)
    found = repeated_windows.find_repeated_windows(np.moveaxis(x, 0, -1), ((0, 0), (0, 0)), (3, 3), (10, 10))
    assert found[0].size == 3 * 10 * 10  # every position looked repeated (and all-zero)
    np.testing.assert_allclose(F.conv2d(x, w, algorithm="winograd4").data, expected, rtol=1e-12, atol=1e-12)


def test_nan_windows_are_their_own_groups_in_one_pass(monkeypatch):
    """NaN equals nothing, itself included: windows holding one are never grouped, and many identical NaN bit
    patterns (here every pixel of a channel) do not cost a pass each."""
    checks = []
    representatives = repeated_windows._representatives

    def counted(keys, first_groups, equal, **kwargs):
        checks.append(0)
        return representatives(keys, first_groups, lambda a, b: (checks.__setitem__(-1, checks[-1] + 1), equal(a, b))[1],
                               **kwargs)

    monkeypatch.setattr(repeated_windows, "_representatives", counted)
    xb = np.zeros((2, 12, 12, 3), dtype=np.float32)
    xb[1] = np.nan  # every window reads NaNs, all with the same bits: their hashes are alike
    positions, groups, windows = repeated_windows.find_repeated_windows(xb, ((1, 1), (1, 1)), (3, 3), (12, 12))
    assert positions.size == 12 * 12 * 3
    assert np.unique(groups).size == groups.size  # no two grouped
    assert max(checks) <= 4  # at most two passes: the hash groups, then (windows) the exact ones
    i, j, s = np.unravel_index(positions, (12, 12, 3))
    padded = np.pad(xb, [(0, 0), (1, 1), (1, 1), (0, 0)])
    for k in range(0, positions.size, 37):
        window = padded[:, i[k]:i[k] + 3, j[k]:j[k] + 3, s[k]].reshape(-1)
        np.testing.assert_array_equal(windows[:, groups[k]], window)


def brute_force_repeats(xb, pads, kernel):
    """Per sample, the groups of identical windows of the padded input (by value: -0.0 is 0.0), as a dict from
    flat (OH, OW, N) position to a group label, for the positions that need exact values: windows that repeat in
    their sample, and all-zero windows."""
    padded = np.pad(xb, [(0, 0), *pads, (0, 0)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, kernel, axis=(1, 2))  # (C, OH, OW, N, kh, kw)
    c, oh, ow, n = windows.shape[:4]
    flat = (windows.transpose(1, 2, 3, 0, 4, 5).reshape(oh * ow * n, -1) + 0).astype(np.float64)  # + 0: -0.0
    labels = {}
    for sample in range(n):
        positions = np.arange(sample, oh * ow * n, n)
        _, group, count = np.unique(flat[positions], axis=0, return_inverse=True, return_counts=True)
        group = group.reshape(-1)
        for position, g in zip(positions, group):
            if count[g] > 1 or not flat[position].any():
                labels[int(position)] = (sample, int(g))
    return labels


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), kernel=st.sampled_from([(1, 1), (2, 3), (3, 3), (5, 5)]),
       pads=st.tuples(st.integers(0, 2), st.integers(0, 2)), levels=st.integers(1, 4),
       dtype=st.sampled_from([np.float32, np.float64]), bucket_bits=st.sampled_from([1, 16]))
def test_found_groups_are_exactly_the_identical_windows(seed, kernel, pads, levels, dtype, bucket_bits):
    """The positions found and their grouping are those of a brute-force comparison of all windows, whatever
    the padding, with -0.0 as 0.0 (few levels per number, so repeats are common; bucket_bits=1 crowds every
    bucket, so the sorted fallbacks run too); each group's window is the padded input's."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(repeated_windows, "BUCKET_BITS", bucket_bits)
        check_found_groups(seed, kernel, pads, levels, dtype)


def check_found_groups(seed, kernel, pads, levels, dtype):
    rng = np.random.default_rng(seed)
    c, h, w, n = rng.integers(1, 4), rng.integers(kernel[0], 9), rng.integers(kernel[1], 9), rng.integers(1, 4)
    xb = (rng.integers(0, levels, (c, h, w, n)) * rng.choice([-1.0, 1.0], (c, h, w, n))).astype(dtype)
    pads = ((pads[0], pads[0]), (pads[1], pads[1] + 1))
    oh, ow = h + 2 * pads[0][0] - kernel[0] + 1, w + 2 * pads[1][0] + 1 - kernel[1] + 1
    expected = brute_force_repeats(xb, pads, kernel)
    found = repeated_windows.find_repeated_windows(xb, pads, kernel, (oh, ow))
    if found is None:
        assert not expected
        return
    positions, groups, windows = found
    # every position that needs it, and more only where a hash collided (x and -x hash alike): those alone
    assert set(expected) <= set(positions.tolist())
    sizes = np.bincount(groups)
    assert all(sizes[g] == 1 for p, g in zip(positions, groups) if int(p) not in expected)
    pairs = {(expected[int(p)], int(g)) for p, g in zip(positions, groups) if int(p) in expected}
    assert len(pairs) == len({label for label, _ in pairs}) == len({g for _, g in pairs})  # a bijection
    padded = np.pad(xb, [(0, 0), *pads, (0, 0)])
    i, j, s = np.unravel_index(positions, (oh, ow, n))
    for k in range(positions.size):
        window = padded[:, i[k]:i[k] + kernel[0], j[k]:j[k] + kernel[1], s[k]].reshape(-1)
        np.testing.assert_array_equal(windows[:, groups[k]], window)
