"""nn.utils.rnn.pad_sequence / unpad_sequence, against PyTorch's where it is installed."""

import numpy as np
import pytest

import mygrad as mg
from mygrad.nn.utils.rnn import pad_sequence, unpad_sequence

SEQUENCES = [np.arange(6.0).reshape(3, 2), np.array([[9.0, 8.0]]), np.arange(10.0, 14.0).reshape(2, 2)]


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("padding_side", ["right", "left"])
def test_pad_sequence_values_gradients_and_round_trip(batch_first, padding_side):
    tensors = [mg.tensor(s) for s in SEQUENCES]
    batch = pad_sequence(tensors, batch_first=batch_first, padding_value=-1.0, padding_side=padding_side)
    assert batch.shape == ((3, 3, 2) if batch_first else (3, 3, 2))
    rows = batch.data if batch_first else np.swapaxes(batch.data, 0, 1)
    for row, s in zip(rows, SEQUENCES):
        pad = np.full((3 - len(s), 2), -1.0)
        np.testing.assert_array_equal(row, np.concatenate([s, pad] if padding_side == "right" else [pad, s]))
    (batch * 2).sum().backward()
    assert all((t.grad == 2).all() and t.grad.shape == s.shape for t, s in zip(tensors, SEQUENCES))
    if padding_side == "right":
        back = unpad_sequence(pad_sequence(SEQUENCES, batch_first=batch_first), [3, 1, 2], batch_first=batch_first)
        for piece, s in zip(back, SEQUENCES):
            np.testing.assert_array_equal(piece.data, s)


def test_pad_sequence_errors_and_pytorch():
    with pytest.raises(ValueError, match="same trailing shape"):
        pad_sequence([np.zeros((2, 3)), np.zeros((2, 4))])
    with pytest.raises(ValueError, match="padding_side"):
        pad_sequence(SEQUENCES, padding_side="middle")
    with pytest.raises(ValueError, match="expected 3 lengths"):
        unpad_sequence(np.zeros((4, 3)), [1, 2])
    torch = pytest.importorskip("torch")
    ours = pad_sequence([np.array([1, 2, 3]), np.array([4])], batch_first=True, padding_value=7)
    theirs = torch.nn.utils.rnn.pad_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])], batch_first=True,
                                             padding_value=7)
    np.testing.assert_array_equal(ours.data, theirs.numpy())
    assert ours.dtype == theirs.numpy().dtype
