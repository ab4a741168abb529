# Hand-written snippets: Tensor construction, properties, methods and operators.

# %% construct-from-list
t = mg.Tensor([1.0, 2.0, 3.0])
show(t, t.ndim, t.size, t.shape, len(t))

# %% construct-int-list-is-constant
t = mg.Tensor([1, 2, 3])
show(t, str(t.dtype), t.constant)

# %% construct-bool-list
t = mg.Tensor([True, False])
show(t, t.constant)

# %% construct-scalar
t = mg.Tensor(2.5)
show(t, t.ndim, t.shape, t.item())

# %% construct-float32-array-keeps-dtype
a = np.arange(4, dtype=np.float32)
t = mg.Tensor(a)
show(t)

# %% construct-dtype-keyword
t = mg.Tensor([1, 2], dtype=np.float16)
show(t, t.constant)

# %% construct-constant-true-float
t = mg.Tensor([1.0, 2.0], constant=True)
show(t, t.constant)

# %% construct-int-constant-false-error
with raises():
    mg.Tensor([1, 2], constant=False)

# %% construct-copies-array-by-default
a = np.array([1.0, 2.0])
t = mg.Tensor(a)
a[0] = 99.0
show(t, np.shares_memory(t.data, a))

# %% construct-copy-false-shares
a = np.array([1.0, 2.0])
t = mg.Tensor(a, copy=False)
show(np.shares_memory(t.data, a))

# %% construct-from-tensor
x = mg.Tensor([1.0, 2.0])
y = mg.Tensor(x)
show(y, y is x, y.creator is None)

# %% construct-from-tensor-constant
x = mg.Tensor([1.0, 2.0])
y = mg.Tensor(x, constant=True)
show(x.constant, y.constant)

# %% construct-nested-empty
t = mg.Tensor([[], []])
show(t, t.size)

# %% construct-string-error
with raises():
    mg.Tensor("hello")

# %% construct-bytes-error
with raises():
    mg.Tensor(b"abc")

# %% construct-object-array-error
with raises():
    mg.Tensor(np.array([None, 1]))

# %% construct-ndmin
t = mg.Tensor(3.0, ndmin=2)
show(t)

# %% properties-dtype-ndim-size
t = mg.Tensor(np.zeros((2, 3, 0)))
show(str(t.dtype), t.ndim, t.size, t.shape, len(t))

# %% property-T
t = mg.Tensor(np.arange(6.0).reshape(2, 3))
u = t.T
u.backward(np.ones((3, 2)))
show(u, t)

# %% property-T-1d
t = mg.Tensor([1.0, 2.0])
show(t.T)

# %% astype-float32
t = mg.Tensor([1.0, 2.5])
u = t.astype(np.float32)
show(u, u is t)

# %% astype-int-becomes-constant
t = mg.Tensor([1.0, 2.5])
u = t.astype(np.int32)
show(u, u.constant)

# %% astype-same-copy-false
t = mg.Tensor([1.0, 2.5])
u = t.astype(np.float64, copy=False)
show(u is t)

# %% astype-same-copy-true
t = mg.Tensor([1.0, 2.5])
u = t.astype(np.float64)
show(u is t, np.shares_memory(u.data, t.data))

# %% astype-constant-kwarg
t = mg.Tensor([1.0, 2.5])
u = t.astype(np.float32, constant=True)
show(u.constant, t.constant)

# %% astype-not-in-graph
t = mg.Tensor([1.0, 2.5])
u = t.astype(np.float32)
(2 * u).backward()
show(t.grad, u.grad)

# %% item-single
show(mg.Tensor([[4.0]]).item(), mg.Tensor(7).item())

# %% item-many-error
with raises():
    mg.Tensor([1.0, 2.0]).item()

# %% copy-method
x = mg.Tensor([1.0, 2.0])
y = 3 * x
z = y.copy()
show(z, z.creator is None, np.shares_memory(z.data, y.data))

# %% copy-constant-kwarg
x = mg.Tensor([1.0, 2.0])
show(x.copy(constant=True).constant, x.copy().constant)

# %% tolist-exists
show(hasattr(mg.Tensor([1.0]), "tolist"))

# %% flatten-method
t = mg.Tensor(np.arange(6.0).reshape(2, 3))
f = t.flatten()
f.backward(np.arange(6.0))
show(f, t.grad, f.base is None)

# %% reshape-method-tuple-and-args
t = mg.Tensor(np.arange(6.0))
show(t.reshape(2, 3).shape, t.reshape((3, 2)).shape, t.reshape(-1, 1).shape)

# %% reshape-method-bad
with raises():
    mg.Tensor(np.arange(6.0)).reshape(4, 2)

# %% null-grad
x = mg.Tensor([1.0, 2.0])
(x * x).backward()
r = x.null_grad()
show(x.grad, r is x)

# %% clear-graph
x = mg.Tensor([1.0, 2.0])
y = x * 2
z = y + 1
z.clear_graph()
show(z.creator is None, y.creator is None, x.grad)

# %% backward-scalar-grad
x = mg.Tensor([1.0, 2.0, 3.0])
y = (x ** 2).sum()
y.backward()
show(x, y)

# %% backward-nonscalar-default-ones
x = mg.Tensor([1.0, 2.0, 3.0])
y = x * 3
y.backward()
show(x.grad, y.grad)

# %% backward-with-grad-array
x = mg.Tensor([1.0, 2.0])
y = x * x
y.backward([10.0, -1.0])
show(x.grad)

# %% backward-twice-on-new-graph
x = mg.Tensor(2.0)
(x ** 3).backward()
g1 = x.grad
(x * 5).backward()
show(g1, x.grad)

# %% add-operators
x = mg.Tensor([1.0, 2.0])
show(x + 1, 1 + x, x + x, x + np.array([3.0, 4.0]))

# %% sub-operators
x = mg.Tensor([1.0, 2.0])
a = x - 1
b = 1 - x
(a + b).backward()
show(a, b, x.grad)

# %% mul-div-operators
x = mg.Tensor([2.0, 4.0])
y = (3 * x) / (x + 1) + 1 / x
y.backward()
show(y, x.grad)

# %% floordiv-constant
x = mg.Tensor([5.0, -7.0], constant=True)
show(x // 2, 7 // x, mg.Tensor([1, 2]) // 2)

# %% floordiv-variable-error
x = mg.Tensor([5.0, -7.0])
with raises():
    x // 2

# %% mod-operator
x = mg.Tensor([5.0, -7.0], constant=True)
with raises():
    x % 3

# %% mod-function
x = mg.Tensor([5.0, -7.0], constant=True)
show(mg.mod(x, 3), mg.remainder(10.0, x))

# %% pow-operators
x = mg.Tensor([2.0, 3.0])
y = x ** 2 + 2 ** x
y.backward()
show(y, x.grad)

# %% neg-pos
x = mg.Tensor([-2.0, 3.0])
y = -x + (+x) * 2
y.backward()
show(y, x.grad)

# %% abs-builtin
x = mg.Tensor([-2.0, 3.0])
with raises():
    abs(x)

# %% abs-function
x = mg.Tensor([-2.0, 3.0])
y = mg.abs(x)
y.backward()
show(y, x.grad)

# %% matmul-operator
a = mg.Tensor([[1.0, 2.0], [3.0, 4.0]])
b = mg.Tensor([1.0, -1.0])
c = a @ b
c.backward()
show(c, a.grad, b.grad)

# %% rmatmul-array
a = np.eye(2)
b = mg.Tensor([[1.0, 2.0], [3.0, 4.0]])
c = a @ b
show(type(c), c)

# %% inplace-iadd
x = mg.Tensor([1.0, 2.0])
y = x * 1
y += 5
y.backward()
show(y, x.grad)

# %% inplace-imul-leaf-constant
x = mg.Tensor([1.0, 2.0], constant=True)
x *= 2
show(x)

# %% comparisons
x = mg.Tensor([1.0, 2.0, 3.0])
show(x < 2, x <= 2, x > 2, x >= 2, x == 2, x != 2)

# %% comparison-types
x = mg.Tensor([1.0, 2.0])
show(type(x < 2), type(x == x))

# %% eq-tensor-tensor
x = mg.Tensor([1.0, 2.0])
y = mg.Tensor([1.0, 3.0])
show(x == y)

# %% iteration
x = mg.Tensor([[1.0, 2.0], [3.0, 4.0]])
rows = [r for r in x]
show(len(rows), rows[0], type(rows[1]))

# %% iteration-grad
x = mg.Tensor([1.0, 2.0, 3.0])
total = sum(r * r for r in x)
total.backward()
show(total, x.grad)

# %% iterate-0d-error
with raises():
    iter(mg.Tensor(1.0))

# %% len-0d-error
with raises():
    len(mg.Tensor(1.0))

# %% bool-0d
with raises():
    bool(mg.Tensor(0.0))

# %% bool-one-element
show(bool(mg.Tensor([2.0])), bool(mg.Tensor([0.0])))

# %% bool-ambiguous
with raises():
    bool(mg.Tensor([1.0, 2.0]))

# %% int-float-index
t = mg.Tensor(3.0)
show(int(t), float(t), [10, 20, 30, 40][mg.Tensor(2)])

# %% pickle-roundtrip
import pickle
x = mg.Tensor([1.0, 2.0])
y = pickle.loads(pickle.dumps(x))
show(y, y.constant)

# %% pickle-constant
import pickle
x = mg.Tensor([1, 2])
y = pickle.loads(pickle.dumps(x))
show(y, y.constant)

# %% pickle-non-leaf
import pickle
x = mg.Tensor([1.0, 2.0])
z = x * 2
z2 = pickle.loads(pickle.dumps(z))
show(z2, z2.creator is None)

# %% repr-str
x = mg.Tensor([1.0, 2.0])
show(repr(x), str(x), repr(mg.Tensor(1)), repr(mg.Tensor([[1, 2]], constant=True)))

# %% grad-of-constant-stays-none
x = mg.Tensor([1.0, 2.0], constant=True)
y = mg.Tensor([3.0, 4.0])
(x * y).backward()
show(x.grad, y.grad)

# %% data-attribute
x = mg.Tensor([1.0, 2.0])
show(type(x.data), x.data)

# %% dtype-promotion-int-float
x = mg.Tensor([1, 2])
y = x + 0.5
show(y, y.constant)

# %% float32-plus-python-float
x = mg.Tensor(np.array([1.0], dtype=np.float32))
show(str((x + 1.0).dtype), str((x * np.float64(2.0)).dtype), str((x * np.float32(2.0)).dtype))

# %% float32-plus-float32-tensor
x = mg.Tensor(np.array([1.0], dtype=np.float32))
show(str((x + x).dtype), str((x + np.ones(1, np.float32)).dtype))

# %% setitem-leaf
x = mg.Tensor([1.0, 2.0, 3.0])
x[0] = -1.0
show(x)

# %% size0-tensor-ops
x = mg.Tensor(np.zeros((0, 3)))
y = (x * 2).sum()
y.backward()
show(y, x.grad)

# %% size1-broadcast
x = mg.Tensor([[2.0]])
y = x * mg.Tensor([1.0, 2.0, 3.0])
y.backward()
show(y, x.grad)

# %% array-conversion
x = mg.Tensor([1.0, 2.0])
a = np.asarray(x)
show(a, np.array(x * 2))

# %% int-tensor-bool-mask-square
x = mg.arange(9).reshape(3, 3)
y = x[x == 4] ** 2
show(y, y.constant)

# %% forward-backward-two-scalars
x = mg.Tensor(3.0)
y = mg.Tensor(2.0)
f = 2 * x + y ** 2
f.backward()
show(x.grad, y.grad, f.grad)

# %% tensor-power-array-exponent
x = mg.Tensor([2.0, 2.0, 2.0])
f = x ** np.array([1.0, 2.0, 3.0])
f.backward()
show(f, x.grad)

# %% hinge-loss-with-masked-assignment
np.random.seed(0)
scores = mg.Tensor(10 * np.random.rand(6, 4))
labels = np.random.randint(0, 4, size=6)
rows = (range(6), labels)
correct = scores[rows]
margins = scores - correct[:, np.newaxis] + 1.0
margins[margins <= 0] = 0
margins[rows] = 0
loss = margins.sum() / scores.shape[0]
loss.backward()
show(loss, scores.grad)

# %% grad-of-output-itself
x = mg.Tensor([1.0, 2.0])
f = (x * x).sum()
f.backward()
show(f.grad, f.creator is None)

# %% null-gradients-attribute
show(hasattr(mg.Tensor(1.0), "null_gradients"), hasattr(mg.Tensor(1.0), "scalar_only"))

# %% constant-property-readonly
x = mg.Tensor([1.0])
with raises():
    x.constant = True
show(x.constant)

# %% grad-property-after-op-without-backward
x = mg.Tensor([1.0, 2.0])
y = x * 2
show(x.grad, y.grad)

# %% backward-then-grad-cleared-by-new-op
x = mg.Tensor([1.0, 2.0])
(x * 2).backward()
g = x.grad
y = x * 3
show(g, x.grad)

# %% shape-setter
x = mg.Tensor(np.arange(6.0))
x.shape = (2, 3)
show(x)

# %% shape-setter-in-graph
x = mg.Tensor(np.arange(6.0))
y = x * 1
y.shape = (3, 2)
y.backward(np.arange(6.0).reshape(3, 2))
show(y, x.grad)

# %% shape-setter-bad
x = mg.Tensor(np.arange(6.0))
with raises():
    x.shape = (4, 2)

# %% sum-mean-methods
x = mg.Tensor([[1.0, 2.0], [3.0, 4.0]])
show(x.sum(), x.mean(axis=0), x.std(), x.max(), x.min(axis=1), x.prod())

# %% cumsum-argmax-methods
x = mg.Tensor([[1.0, 5.0], [3.0, 4.0]])
show(hasattr(x, "cumsum"), hasattr(x, "argmax"), hasattr(x, "any"), hasattr(x, "clip"))

# %% squeeze-swapaxes-moveaxis-methods
x = mg.Tensor(np.zeros((1, 2, 3)))
show(x.squeeze().shape, x.swapaxes(0, 2).shape, x.moveaxis(0, 2).shape, x.transpose(2, 1, 0).shape)

# %% transpose-method-no-args
x = mg.Tensor(np.zeros((1, 2, 3)))
show(x.transpose().shape, x.transpose((1, 0, 2)).shape)

# %% repr-float32-and-int
show(repr(mg.Tensor(np.array([1.5], dtype=np.float32))), repr(mg.Tensor(np.array([1, 2], dtype=np.int8))))

# %% repr-large-and-0d
show(repr(mg.Tensor(np.arange(2000.0))), repr(mg.Tensor(np.float64(3.25))))

# %% ndim-of-0d-and-dtype-str
x = mg.Tensor(1.0)
show(x.ndim, x.size, str(x.dtype))

# %% tensor-in-python-sum
x = mg.Tensor([1.0, 2.0])
y = sum([x, x, 1.0])
y.backward()
show(y, x.grad)

# %% comparison-with-tensor-result-type-ops
x = mg.Tensor([1.0, 2.0])
m = x > 1
show(m.dtype == bool, (x * m).constant)

# %% contains
x = mg.Tensor([1.0, 2.0])
show(2.0 in x, 5.0 in x)

# %% deepcopy
import copy
x = mg.Tensor([1.0, 2.0])
y = x * 2
z = copy.deepcopy(y)
show(z, z is y)

# %% copy-module-copy
import copy
x = mg.Tensor([1.0, 2.0], constant=True)
z = copy.copy(x)
show(z, z is x, np.shares_memory(z.data, x.data))

# %% hash-and-eq-identity
x = mg.Tensor([1.0])
show(isinstance(hash(x), int), {x: 1}[x])

# %% dunder-array-priority
x = mg.Tensor([1.0, 2.0])
r = np.array([1.0, 2.0]) + x
show(type(r), r)

# %% numpy-scalar-times-tensor
x = mg.Tensor([1.0, 2.0])
r = np.float64(2.0) * x
r.backward()
show(type(r), x.grad)

# %% inplace-operators-all
x = mg.Tensor([8.0, 4.0])
y = x * 1
y += 1
y -= 2
y *= 3
y /= 2
y **= 2
y.backward()
show(y, x.grad)

# %% reflected-ops-with-int-list
x = mg.Tensor([1.0, 2.0])
show([1, 1] + x, [4, 4] - x, [2, 2] * x, [1, 1] / x, [2, 2] ** x)
