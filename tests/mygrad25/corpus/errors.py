# Hand-written snippets: which exception types mygrad raises for misuse; mygrad.errors classes.

# %% errors-module-classes
from mygrad import errors
show([n for n in ("MyGradException", "InvalidGradient", "InvalidBackprop", "DisconnectedView") if hasattr(errors, n)])

# %% errors-hierarchy
from mygrad.errors import MyGradException, InvalidGradient, InvalidBackprop, DisconnectedView
show(issubclass(InvalidGradient, MyGradException), issubclass(InvalidBackprop, MyGradException),
     issubclass(DisconnectedView, MyGradException), issubclass(MyGradException, Exception))

# %% errors-not-builtin-subclasses
from mygrad.errors import InvalidGradient, InvalidBackprop
show(issubclass(InvalidGradient, ValueError), issubclass(InvalidBackprop, RuntimeError), issubclass(InvalidGradient, TypeError))

# %% backward-grad-wrong-shape
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward(np.ones(3))

# %% backward-grad-broadcastable-shape
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward(np.ones((1, 2)))

# %% backward-scalar-grad-for-vector
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward(3.0)
show(x.grad)

# %% backward-grad-string
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward("abc")

# %% backward-grad-none-explicit
x = mg.tensor(2.0)
y = x * 3
with raises():
    y.backward(None)
show(x.grad)

# %% backward-grad-tensor
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward(mg.tensor([1.0, 1.0]))
show(x.grad)

# %% backward-grad-int-array
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward(np.array([1, 1]))
show(x.grad)

# %% backward-on-constant
x = mg.tensor([1.0, 2.0], constant=True)
y = x * 2
with raises():
    y.backward()
show(x.grad, y.grad)

# %% backward-on-int-tensor
x = mg.tensor([1, 2])
with raises():
    x.backward()
show(x.grad)

# %% backprop-through-cleared-graph
x = mg.tensor([1.0, 2.0])
y = x * 2
z = y + 1
y.clear_graph()
with raises():
    z.backward()

# %% backprop-after-backward-of-other-branch
x = mg.tensor(2.0)
y = x * 3
z = y * 2
w = y + 1
z.backward()
with raises():
    w.backward()

# %% backprop-into-cleared-tensor-after-inplace-write
x = mg.tensor([1.0, 2.0])
y = x * 2
x.backward()  # clears x: y's op can no longer backpropagate into it
x[0] = -0.5  # y's op still reads x, so the write is recorded
z = y * 3
with raises():
    z.backward()
show(x, y.grad)
with raises():
    x.backward()
show(x)

# %% backprop-into-cleared-tensor-after-augmented-assignment
x = mg.tensor([[1.5, 0.3, -0.5], [-1.3, 1.2, 0.1]])
m = x.max(axis=1)
v = m[1:]
x.backward()  # clears x: max's op can no longer backpropagate into it
x -= 1.8  # recorded (max's op still reads x)
with raises():
    v.backward()
show(x)
x.backward()
show(x)

# %% backprop-after-clear-reuse-and-write
x = mg.tensor([0.8, 1.2])
y = x ** 2
x.clear_graph()
z = x * x  # x is used again
x[1] = 1.5
with raises():
    y.backward()
show(x)

# %% cleared-tensor-written-then-used-again-backprops
x = mg.tensor([-1.5, -0.4, 1.1])
s = x.sum()
v = x.var()
s.backward()  # clears x: var's op can no longer backpropagate into it ...
x[0:2] = 0.5  # (recorded: var's op still reads x)
u = x[::-1]  # ... until x takes part in an op again
with raises():
    v.backward()
show(v, u.shape)

# %% backward-twice-same-tensor
x = mg.tensor(2.0)
y = x ** 2
y.backward()
with raises():
    y.backward()
show(x.grad, y.grad)

# %% int-tensor-constant-false
with raises():
    mg.tensor([1, 2], constant=False)

# %% bool-tensor-constant-false
with raises():
    mg.tensor([True], constant=False)

# %% int-arange-constant-false
with raises():
    mg.arange(3, constant=False)

# %% astype-int-constant-false
with raises():
    mg.tensor([1.0]).astype(int, constant=False)

# %% sum-bad-axis
with raises():
    mg.sum(mg.tensor([[1.0]]), axis=2)

# %% mean-bad-axis-negative
with raises():
    mg.mean(mg.tensor([1.0]), axis=-2)

# %% transpose-bad-axes
with raises():
    mg.transpose(mg.tensor(np.zeros((2, 3))), (0, 0))

# %% reshape-bad-size
with raises():
    mg.reshape(mg.tensor([1.0, 2.0, 3.0]), (2, 2))

# %% add-shape-mismatch
with raises():
    mg.tensor([1.0, 2.0]) + mg.tensor([1.0, 2.0, 3.0])

# %% matmul-scalar
with raises():
    mg.matmul(mg.tensor(2.0), mg.tensor([1.0]))

# %% concatenate-mismatch
with raises():
    mg.concatenate([mg.tensor([[1.0]]), mg.tensor([1.0])])

# %% index-too-many
with raises():
    mg.tensor([1.0])[0, 0]

# %% index-float
with raises():
    mg.tensor([1.0, 2.0])[1.0]

# %% bool-index-shape-mismatch
with raises():
    mg.tensor([1.0, 2.0])[np.array([True, False, True])]

# %% setitem-shape-mismatch
x = mg.tensor([1.0, 2.0, 3.0])
y = x * 1
with raises():
    y[:2] = mg.tensor([1.0, 2.0, 3.0])

# %% einsum-bad-subscripts
with raises():
    mg.einsum("ij,jk->ik", mg.tensor([1.0, 2.0]), mg.tensor([1.0, 2.0]))

# %% norm-bad-ord
with raises():
    mg.linalg.norm(mg.tensor([1.0, 2.0]), ord="nuc")

# %% clip-broadcast-error
with raises():
    mg.clip(mg.tensor([1.0, 2.0]), [0.0, 0.0, 0.0], 1.0)

# %% where-missing-branch
with raises():
    mg.where(mg.tensor([True, False]), mg.tensor([1.0, 2.0]))

# %% var-ddof-too-large-warning-free
import warnings
x = mg.tensor([1.0])
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    v = mg.var(x, ddof=1)
show(v)

# %% repeat-negative
with raises():
    mg.repeat(mg.tensor([1.0]), -1)

# %% stack-empty-list
with raises():
    mg.stack([])

# %% tensor-from-ragged
with raises():
    mg.tensor([[1.0], [1.0, 2.0]])

# %% operation-on-non-numeric
with raises():
    mg.tensor([1.0]) + "a"

# %% grad-of-view-of-cleared-base
x = mg.arange(4.0)
y = x * 1
v = y[:2]
y.clear_graph()
with raises():
    v.backward()
show(x.grad)

# %% exception-classes-importable-from-errors-only
show(hasattr(mg, "InvalidGradient"), hasattr(mg, "MyGradException"), hasattr(mg.errors, "InvalidBackprop"))

# %% raise-and-catch-mygrad-exception
from mygrad.errors import InvalidGradient, MyGradException
x = mg.tensor([1.0, 2.0])
y = x * 2
try:
    y.backward(np.ones(5))
    caught = "none"
except MyGradException:
    caught = "MyGradException"
except Exception as e:
    caught = "other"
show(caught)

# %% invalid-gradient-nan-grad
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward(np.array([np.nan, 1.0]))
show(x.grad)

# %% backward-grad-list
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.backward([1.0, 1.0])
show(x.grad)

# %% backward-grad-0d-array-for-scalar
x = mg.tensor(2.0)
y = x * 2
with raises():
    y.backward(np.array(3.0))
show(x.grad)

# %% backward-grad-object-array
x = mg.tensor([1.0])
y = x * 2
with raises():
    y.backward(np.array([None]))

# %% constant-output-backward-no-grad
x = mg.tensor([1.0], constant=True)
y = mg.exp(x)
y.backward()
show(y.grad, x.grad)

# %% cleared-graph-then-new-graph-ok
x = mg.tensor(2.0)
y = x * 3
y.clear_graph()
z = x * 4
z.backward()
show(x.grad)

# %% backprop-through-deleted-intermediate
x = mg.tensor(2.0)
y = x * 3
z = y + 1
del y
z.backward()
show(x.grad)

# %% view-disconnected-error-class
from mygrad.errors import DisconnectedView
x = mg.arange(4.0)
y = x * 1
v = y[:2]
(y * 2).backward()
try:
    (v * 3).backward()
    result = "ok"
except DisconnectedView:
    result = "DisconnectedView"
except Exception as e:
    result = type(e).__name__
show(result, x.grad)

# %% axis-error-is-value-error
try:
    mg.sum(mg.tensor([1.0]), axis=3)
except ValueError:
    r = "ValueError"
except IndexError:
    r = "IndexError"
show(r)

# %% conv-nd-bad-ndim
from mygrad.nnet.layers import conv_nd
with raises():
    conv_nd(mg.tensor(np.ones((2, 5))), mg.tensor(np.ones((1, 2))), stride=1)

# %% max-pool-bad-pool
from mygrad.nnet.layers import max_pool
with raises():
    max_pool(mg.tensor(np.ones((1, 4))), (5,), 1)

# %% softmax-crossentropy-shape-mismatch
from mygrad.nnet.losses import softmax_crossentropy
with raises():
    softmax_crossentropy(mg.tensor(np.ones((2, 3))), [0, 1, 2])

# %% batchnorm-missing-eps
from mygrad.nnet.layers import batchnorm
with raises():
    batchnorm(mg.tensor(np.ones((2, 2))))

# %% linspace-num-float
with raises():
    mg.linspace(0, 1, 2.5)

# %% randint-bad-dtype
with raises():
    mg.random.randint(0, 3, shape=2, dtype=float)

# %% multi-matmul-shape-mismatch
with raises():
    mg.multi_matmul([mg.tensor(np.ones((2, 3))), mg.tensor(np.ones((2, 3)))])

# %% reshape-two-unknown
with raises():
    mg.tensor(np.zeros(4)).reshape(-1, -1)

# %% swapaxes-bad-axis
with raises():
    mg.swapaxes(mg.tensor(np.zeros((2, 2))), 0, 5)

# %% moveaxis-duplicate
with raises():
    mg.moveaxis(mg.tensor(np.zeros((2, 3))), [0, 0], [1, 0])

# %% cumsum-bad-axis
with raises():
    mg.cumsum(mg.tensor([1.0]), axis=1)

# %% var-bad-axis-type
with raises():
    mg.var(mg.tensor([1.0]), axis="a")

# %% where-bad-condition-shape
with raises():
    mg.where(np.array([True, False, True]), mg.tensor([1.0, 2.0]), 0.0)

# %% add-none
with raises():
    mg.tensor([1.0]) + None

# %% matmul-with-list-ok
r = mg.tensor([[1.0, 2.0]]) @ [[1.0], [1.0]]
show(r)
