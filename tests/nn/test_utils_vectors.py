"""nn.utils.parameters_to_vector / vector_to_parameters, against PyTorch's where it is installed."""

import numpy as np
import pytest

import mygrad as mg
from mygrad import nn
from mygrad.nn.utils import parameters_to_vector, vector_to_parameters


def test_round_trip_and_gradient():
    mg.random.seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    flat = parameters_to_vector(model.parameters())
    assert flat.shape == (3 * 4 + 4 + 4 * 2 + 2,) and flat.dtype == np.float32
    np.testing.assert_array_equal(flat.data[:12], model[0].weight.data.ravel())
    (flat * np.arange(flat.size)).sum().backward()  # the vector is differentiable: gradients reach the parameters
    np.testing.assert_array_equal(model[2].bias.grad, [24.0, 25.0])
    vector_to_parameters(np.arange(flat.size, dtype=np.float64), model.parameters())
    np.testing.assert_array_equal(model[0].weight.data, np.arange(12).reshape(4, 3))
    assert model[0].weight.dtype == np.float32
    np.testing.assert_array_equal(parameters_to_vector(model.parameters()).data, np.arange(flat.size))


def test_writing_while_a_graph_reads_the_parameters_keeps_that_graph_right():
    layer = nn.Linear(2, 1, bias=False)
    nn.init.ones_(layer.weight)
    out = layer(np.ones((1, 2), dtype=np.float32))  # alive: the weight's array is read-only now
    vector_to_parameters(np.array([5.0, 6.0]), layer.parameters())
    np.testing.assert_array_equal(layer.weight.data, [[5.0, 6.0]])
    assert out.item() == 2.0


def test_errors():
    layer = nn.Linear(2, 1)
    with pytest.raises(ValueError, match="3 elements"):
        vector_to_parameters(np.zeros(4), layer.parameters())
    with pytest.raises(TypeError, match="expected Tensors"):
        parameters_to_vector([np.zeros(2)])


def test_same_as_pytorch():
    torch = pytest.importorskip("torch", reason="compares with torch.nn.utils")
    mg.random.seed(1)
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 2))
    tmodel = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 2))
    tmodel.load_state_dict({k: torch.from_numpy(v) for k, v in model.state_dict().items()})
    np.testing.assert_array_equal(parameters_to_vector(model.parameters()).data,
                                  torch.nn.utils.parameters_to_vector(tmodel.parameters()).detach().numpy())
