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
