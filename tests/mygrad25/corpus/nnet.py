# Hand-written snippets: mygrad.nnet activations, losses, layers and initializers.
# (gru: see programs.py; the harness runs MyGrad 2.5's numba code uncompiled.)

# %% relu-grad
from mygrad.nnet import relu
x = mg.tensor([-1.0, 0.0, 2.0])
y = relu(x)
y.backward()
show(y, x.grad)

# %% sigmoid-tanh-grad
from mygrad.nnet.activations import sigmoid, tanh
x = mg.tensor([-1.0, 0.0, 2.0])
y = sigmoid(x) + tanh(x)
y.backward()
show(y, x.grad)

# %% leaky-relu
from mygrad.nnet.activations import leaky_relu
x = mg.tensor([-2.0, 0.5])
y = leaky_relu(x, slope=0.1)
y.backward()
show(y, x.grad)

# %% leaky-relu-bad-slope
from mygrad.nnet.activations import leaky_relu
with raises():
    leaky_relu(mg.tensor([1.0]), slope="a")

# %% elu
from mygrad.nnet.activations import elu
x = mg.tensor([-1.0, 2.0])
y = elu(x, alpha=0.5)
y.backward()
show(y, x.grad)

# %% selu-soft-sign
from mygrad.nnet.activations import selu, soft_sign
x = mg.tensor([-1.0, 0.5, 3.0])
y = selu(x) + soft_sign(x)
y.backward()
show(y, x.grad)

# %% hard-tanh
from mygrad.nnet.activations import hard_tanh
x = mg.tensor([-3.0, 0.2, 5.0])
y = hard_tanh(x, lower_bound=-2, upper_bound=1)
y.backward()
show(y, x.grad)

# %% glu
from mygrad.nnet.activations import glu
x = mg.tensor([[1.0, -1.0, 2.0, 0.5]])
y = glu(x, axis=1)
y.backward()
show(y, x.grad)

# %% glu-odd-axis-error
from mygrad.nnet.activations import glu
with raises():
    glu(mg.tensor([1.0, 2.0, 3.0]))

# %% softmax-logsoftmax
from mygrad.nnet import softmax, logsoftmax
x = mg.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
s = softmax(x)
l = logsoftmax(x)
(s * mg.tensor([1.0, 0.0, 0.0]) + l).backward()
show(s, l, x.grad)

# %% softmax-axis-none-and-0
from mygrad.nnet import softmax
x = mg.tensor([[1.0, 2.0], [3.0, 5.0]])
show(softmax(x, axis=0), softmax(x, axis=None))

# %% softmax-large-values
from mygrad.nnet import softmax
show(softmax(mg.tensor([1000.0, 1000.0])))

# %% logsoftmax-axis-tuple
from mygrad.nnet import logsoftmax
x = mg.tensor(np.arange(8.0).reshape(2, 2, 2))
y = logsoftmax(x, axis=(1, 2))
y.backward()
show(y, x.grad)

# %% softmax-crossentropy
from mygrad.nnet.losses import softmax_crossentropy
x = mg.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
loss = softmax_crossentropy(x, [0, 1])
loss.backward()
show(loss, x.grad)

# %% softmax-crossentropy-bad-labels
from mygrad.nnet.losses import softmax_crossentropy
with raises():
    softmax_crossentropy(mg.tensor([[1.0, 2.0]]), [0, 1])

# %% negative-log-likelihood
from mygrad.nnet.losses import negative_log_likelihood
x = mg.tensor([[-1.0, -0.5], [-2.0, -0.1]])
loss = negative_log_likelihood(x, np.array([1, 0]))
loss.backward()
show(loss, x.grad)

# %% negative-log-likelihood-weights
from mygrad.nnet.losses import negative_log_likelihood
x = mg.tensor([[-1.0, -0.5], [-2.0, -0.1]])
loss = negative_log_likelihood(x, np.array([1, 0]), weights=np.array([2.0, 0.5]))
loss.backward()
show(loss, x.grad)

# %% multiclass-hinge
from mygrad.nnet.losses import multiclass_hinge
x = mg.tensor([[1.0, 2.0, 0.5], [3.0, 0.0, 2.8]])
loss = multiclass_hinge(x, [0, 0], hinge=1.0)
loss.backward()
show(loss, x.grad)

# %% margin-ranking-loss
from mygrad.nnet.losses import margin_ranking_loss
a = mg.tensor([1.0, 2.0, 0.0])
b = mg.tensor([0.5, 3.0, 0.0])
loss = margin_ranking_loss(a, b, np.array([1, -1, 1]), margin=0.5)
loss.backward()
show(loss, a.grad, b.grad)

# %% margin-ranking-bad-y
from mygrad.nnet.losses import margin_ranking_loss
with raises():
    margin_ranking_loss(mg.tensor([1.0]), mg.tensor([2.0]), np.array([2]), margin=0.1)

# %% focal-loss
from mygrad.nnet.losses import focal_loss
p = mg.tensor([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
loss = focal_loss(p, [0, 2], alpha=0.5, gamma=2)
loss.sum().backward()
show(loss, p.grad)

# %% softmax-focal-loss
from mygrad.nnet.losses import softmax_focal_loss
s = mg.tensor([[1.0, 2.0, 0.5]])
loss = softmax_focal_loss(s, [1], gamma=1.0)
loss.backward()
show(loss, s.grad)

# %% conv-nd-1d
from mygrad.nnet.layers import conv_nd
x = mg.tensor(np.arange(10.0).reshape(1, 2, 5))
w = mg.tensor(np.ones((3, 2, 2)))
out = conv_nd(x, w, stride=1)
out.backward()
show(out, x.grad, w.grad)

# %% conv-nd-2d-stride-padding
from mygrad.nnet.layers import conv_nd
x = mg.tensor(np.arange(16.0).reshape(1, 1, 4, 4))
w = mg.tensor(np.array([[[[1.0, 0.0], [0.0, -1.0]]]]))
out = conv_nd(x, w, stride=2, padding=1)
out.backward()
show(out, x.grad, w.grad)

# %% conv-nd-dilation
from mygrad.nnet.layers import conv_nd
x = mg.tensor(np.arange(7.0).reshape(1, 1, 7))
w = mg.tensor(np.array([[[1.0, 2.0]]]))
out = conv_nd(x, w, stride=(1,), dilation=3)
out.backward()
show(out, x.grad)

# %% conv-nd-zero-background-relu-pool
# MNIST-like input (a blob on an exact-zero background): where a window sees only zeros the convolution must
# give exactly 0, so that relu's kink and max_pool's ties route the gradient as MyGrad does (a fast algorithm
# that leaves +-1e-17 there sends gradient through dead units)
from mygrad.nnet.layers import conv_nd, max_pool
from mygrad.nnet.activations import relu
rng = np.random.default_rng(0)
x = np.zeros((16, 1, 14, 14))
x[:, :, 4:9, 5:10] = rng.random((16, 1, 5, 5))
w1 = mg.tensor(rng.normal(size=(16, 1, 3, 3)).astype(np.float32))
w2 = mg.tensor(rng.normal(size=(16, 16, 3, 3)).astype(np.float32))
b1, b2 = mg.zeros((1, 16, 1, 1)), mg.zeros((1, 16, 1, 1))
h = relu(conv_nd(x, w1, stride=1, padding=1) + b1)
h = max_pool(relu(conv_nd(h, w2, stride=1, padding=1) + b2), (2, 2), 2)
(h * rng.normal(size=h.shape)).sum().backward()
show(h, w1.grad, w2.grad, b1.grad, b2.grad)

# %% conv-nd-bad-stride-fit
from mygrad.nnet.layers import conv_nd
with raises():
    conv_nd(mg.tensor(np.ones((1, 1, 5))), mg.tensor(np.ones((1, 1, 2))), stride=2)

# %% conv-nd-channel-mismatch
from mygrad.nnet.layers import conv_nd
with raises():
    conv_nd(mg.tensor(np.ones((1, 2, 5))), mg.tensor(np.ones((1, 3, 2))), stride=1)

# %% max-pool-2d
from mygrad.nnet.layers import max_pool
x = mg.tensor(np.array([[[[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0], [0.0, 0.0, 1.0, 1.0], [9.0, 0.0, 1.0, 1.0]]]]))
out = max_pool(x, (2, 2), 2)
out.backward()
show(out, x.grad)

# %% max-pool-1d-overlap
from mygrad.nnet.layers import max_pool
x = mg.tensor([[1.0, 3.0, 2.0, 5.0, 4.0]])
out = max_pool(x, (2,), 1)
out.backward()
show(out, x.grad)

# %% max-pool-ties
from mygrad.nnet.layers import max_pool
x = mg.tensor([[[2.0, 2.0], [2.0, 2.0]]])
out = max_pool(x, (2, 2), 1)
out.backward()
show(out, x.grad)

# %% batchnorm-basic
from mygrad.nnet.layers import batchnorm
x = mg.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 1.0]])
y = batchnorm(x, eps=1e-5)
(y * mg.tensor([1.0, 2.0])).backward()
show(y, x.grad)

# %% batchnorm-gamma-beta
from mygrad.nnet.layers import batchnorm
x = mg.tensor(np.arange(12.0).reshape(3, 2, 2))
g = mg.tensor([2.0, 0.5])
b = mg.tensor([1.0, -1.0])
y = batchnorm(x, gamma=g, beta=b, eps=1e-3)
(y ** 2).sum().backward()
show(y, g.grad, b.grad)

# %% he-normal
from mygrad.nnet.initializers import he_normal
np.random.seed(0)
w = he_normal(3, 2)
show(w)

# %% he-uniform-gain
from mygrad.nnet.initializers import he_uniform
np.random.seed(1)
show(he_uniform(2, 3, gain=2.0))

# %% glorot-normal-uniform
from mygrad.nnet.initializers import glorot_normal, glorot_uniform
np.random.seed(2)
show(glorot_normal(2, 2), glorot_uniform(2, 2, 2))

# %% glorot-shape-tuple
from mygrad.nnet.initializers import glorot_uniform
np.random.seed(3)
show(glorot_uniform((2, 3)).shape)

# %% initializer-1d-error
from mygrad.nnet.initializers import he_normal
with raises():
    he_normal(3)

# %% normal-uniform-initializers
from mygrad.nnet.initializers import normal, uniform
np.random.seed(4)
show(normal(2, 2, mean=1.0, std=0.1), uniform(3, lower_bound=-1, upper_bound=1))

# %% uniform-bad-bounds
from mygrad.nnet.initializers import uniform
with raises():
    uniform(2, lower_bound=1, upper_bound=0)

# %% constant-initializer
from mygrad.nnet.initializers import constant
show(constant(2, 2, value=3.0), constant(3, dtype=np.int32))

# %% dirac-initializer
from mygrad.nnet.initializers import dirac
show(dirac(2, 2, 3))

# %% identity-initializer
from mygrad.nnet.initializers import identity
show(identity(3))

# %% initializer-dtype-constant
from mygrad.nnet.initializers import he_normal
np.random.seed(5)
w = he_normal(2, 2, dtype=np.float64, constant=True)
show(w.dtype == np.float64, w.constant)

# %% nnet-top-level-aliases
import mygrad.nnet as nnet
from mygrad.nnet.layers import conv_nd
from mygrad.nnet.activations import relu
from mygrad.nnet.initializers import he_normal
show(nnet.conv_nd is conv_nd, nnet.relu is relu, nnet.he_normal is he_normal)

# %% activation-constant-kw
from mygrad.nnet.activations import relu, softmax
x = mg.tensor([1.0, -1.0])
show(relu(x, constant=True).constant, softmax(x, constant=True).constant)

# %% activation-on-numpy-array
from mygrad.nnet.activations import sigmoid
y = sigmoid(np.array([0.0, 1.0]))
show(type(y), y)

# %% relu-int-input
from mygrad.nnet import relu
y = relu(np.array([-1, 2]))
show(y)

# %% sigmoid-extremes
from mygrad.nnet import sigmoid
x = mg.tensor([-800.0, 0.0, 800.0])
with np.errstate(all="ignore"):
    y = sigmoid(x)
    y.backward()
show(y, x.grad)

# %% tanh-float32
from mygrad.nnet.activations import tanh
x = mg.tensor(np.array([0.5, -1.0], dtype=np.float32))
y = tanh(x)
y.backward()
show(y, x.grad)

# %% softmax-1d-grad
from mygrad.nnet import softmax
x = mg.tensor([1.0, 2.0, 3.0])
y = softmax(x)
(y * mg.tensor([1.0, 0.0, -1.0])).backward()
show(y, x.grad)

# %% logsoftmax-axis0-grad
from mygrad.nnet import logsoftmax
x = mg.tensor([[1.0, 2.0], [3.0, 0.0]])
y = logsoftmax(x, axis=0)
y[0, 0].backward()
show(y, x.grad)

# %% softmax-crossentropy-tensor-labels
from mygrad.nnet.losses import softmax_crossentropy
x = mg.tensor([[1.0, 2.0], [0.5, 0.5]])
loss = softmax_crossentropy(x, mg.tensor([1, 0]))
loss.backward()
show(loss, x.grad)

# %% softmax-crossentropy-float-labels-error
from mygrad.nnet.losses import softmax_crossentropy
with raises():
    softmax_crossentropy(mg.tensor([[1.0, 2.0]]), np.array([0.5]))

# %% multiclass-hinge-zero-loss
from mygrad.nnet.losses import multiclass_hinge
x = mg.tensor([[5.0, 0.0, 0.0]])
loss = multiclass_hinge(x, [0])
loss.backward()
show(loss, x.grad)

# %% focal-loss-gamma-zero-equals-nll
from mygrad.nnet.losses import focal_loss
p = mg.tensor([[0.25, 0.75]])
loss = focal_loss(p, [1])
loss.backward()
show(loss, p.grad)

# %% focal-loss-bad-gamma
from mygrad.nnet.losses import focal_loss
with raises():
    focal_loss(mg.tensor([[0.5, 0.5]]), [0], gamma=-1)

# %% conv-nd-constant-filter
from mygrad.nnet.layers import conv_nd
x = mg.tensor(np.arange(4.0).reshape(1, 1, 4))
out = conv_nd(x, np.array([[[1.0, -1.0]]]), stride=1)
out.backward()
show(out, x.grad)

# %% conv-nd-multi-filter-batch
from mygrad.nnet.layers import conv_nd
x = mg.tensor(np.arange(16.0).reshape(2, 1, 2, 4))
w = mg.tensor(np.arange(8.0).reshape(2, 1, 2, 2))
out = conv_nd(x, w, stride=(1, 2))
out.sum().backward()
show(out, w.grad)

# %% conv-nd-3d
from mygrad.nnet.layers import conv_nd
x = mg.tensor(np.ones((1, 1, 3, 3, 3)))
w = mg.tensor(np.ones((1, 1, 2, 2, 2)))
out = conv_nd(x, w, stride=1)
out.backward()
show(out.shape, x.grad[0, 0, 1])

# %% conv-nd-padding-tuple
from mygrad.nnet.layers import conv_nd
x = mg.tensor(np.ones((1, 1, 2, 2)))
w = mg.tensor(np.ones((1, 1, 1, 1)))
out = conv_nd(x, w, stride=1, padding=(1, 0))
show(out)

# %% max-pool-3d-input-2d-pool
from mygrad.nnet.layers import max_pool
x = mg.tensor(np.arange(16.0).reshape(1, 4, 4))
out = max_pool(x, (2, 2), (2, 2))
out.backward()
show(out, x.grad)

# %% max-pool-stride-tuple
from mygrad.nnet.layers import max_pool
x = mg.tensor(np.arange(12.0).reshape(3, 4))
out = max_pool(x, (2, 2), (1, 2))
show(out)

# %% batchnorm-4d
from mygrad.nnet.layers import batchnorm
x = mg.tensor(np.arange(16.0).reshape(2, 2, 2, 2))
y = batchnorm(x, eps=1e-5)
y[0, 0, 0, 0].backward()
show(y[0], x.grad[0, 0])

# %% batchnorm-constant-gamma
from mygrad.nnet.layers import batchnorm
x = mg.tensor([[1.0, 2.0], [3.0, 5.0]])
y = batchnorm(x, gamma=np.array([1.0, 2.0]), beta=np.array([0.0, 1.0]), eps=0.1)
show(y)

# %% initializers-float32-default
from mygrad.nnet.initializers import glorot_normal, he_uniform, normal, uniform
np.random.seed(6)
show([str(f(2, 2).dtype) for f in (glorot_normal, he_uniform, normal, uniform)])

# %% he-normal-conv-shape
from mygrad.nnet.initializers import he_normal
np.random.seed(7)
w = he_normal(2, 1, 3, 3)
show(w.shape, float(w.data.std()) > 0)

# %% dirac-rectangular
from mygrad.nnet.initializers import dirac
show(dirac(3, 2, 3))

# %% dirac-1d-error
from mygrad.nnet.initializers import dirac
with raises():
    dirac(3)

# %% normal-negative-std-error
from mygrad.nnet.initializers import normal
with raises():
    normal(2, 2, std=-1.0)
