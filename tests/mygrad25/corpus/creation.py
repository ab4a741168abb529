# Hand-written snippets: tensor-creation functions, their dtypes, constants and values.

# %% tensor-list
t = mg.tensor([1.0, 2.0])
show(t, type(t))

# %% tensor-int-list
t = mg.tensor([[1, 2], [3, 4]])
show(t, t.constant)

# %% tensor-dtype-positional
t = mg.tensor([1, 2], np.float32)
show(t)

# %% tensor-constant-kw
show(mg.tensor([1.0], constant=True).constant, mg.tensor([1.0], constant=False).constant)

# %% tensor-ndmin
show(mg.tensor([1.0, 2.0], ndmin=3).shape)

# %% tensor-copy-false-from-tensor
x = mg.tensor([1.0, 2.0])
y = mg.tensor(x, copy=False)
show(y is x, np.shares_memory(x.data, y.data))

# %% tensor-from-tensor-copies
x = mg.tensor([1.0, 2.0])
y = mg.tensor(x)
show(y is x, np.shares_memory(x.data, y.data), y.creator is None)

# %% tensor-from-nonleaf-is-leaf
x = mg.tensor([1.0, 2.0])
y = mg.tensor(x * 2)
y.backward()
show(y, x.grad)

# %% tensor-int-nonconstant-error
with raises():
    mg.tensor([1, 2], constant=False)

# %% astensor-array-no-copy
a = np.array([1.0, 2.0])
t = mg.astensor(a)
show(t, np.shares_memory(a, t.data))

# %% astensor-tensor-is-same
x = mg.tensor([1.0, 2.0])
show(mg.astensor(x) is x, mg.astensor(x, dtype=np.float64) is x)

# %% astensor-new-dtype
x = mg.tensor([1.0, 2.0])
y = mg.astensor(x, dtype=np.float32)
show(y is x, y)

# %% astensor-constant-change
x = mg.tensor([1.0, 2.0])
y = mg.astensor(x, constant=True)
show(y is x, y.constant, x.constant)

# %% astensor-scalar
show(mg.astensor(3), mg.astensor(2.0))

# %% asarray-tensor
x = mg.tensor([1.0, 2.0])
a = mg.asarray(x)
show(type(a), a, np.shares_memory(a, x.data))

# %% asarray-list-and-dtype
show(mg.asarray([1, 2]), mg.asarray([1, 2], dtype=np.float32), mg.asarray(3.0))

# %% asarray-nested-tensors
show(mg.asarray([mg.tensor(1.0), mg.tensor(2.0)]))

# %% zeros-default
t = mg.zeros((2, 3))
show(t)

# %% zeros-int-shape-and-dtype
show(mg.zeros(3, dtype=np.int32), mg.zeros(0))

# %% zeros-constant
show(mg.zeros(2, constant=True).constant, mg.zeros(2, dtype=int).constant)

# %% ones-default
show(mg.ones((1, 2)), mg.ones(2, dtype=bool))

# %% ones-grad
t = mg.ones(3)
(t * 2).backward()
show(t.grad)

# %% full-float
show(mg.full((2, 2), 3.5))

# %% full-int-fill
show(mg.full(3, 7))

# %% full-dtype
show(mg.full(2, 1, dtype=np.float32), mg.full(2, 1.5, dtype=np.int8))

# %% full-array-fill
show(mg.full((2, 3), [1.0, 2.0, 3.0]))

# %% full-constant
show(mg.full(2, 1.0, constant=True).constant)

# %% empty-shape-dtype
t = mg.empty((2, 4))
show(t.shape, str(t.dtype), t.constant)

# %% empty-int
t = mg.empty(3, dtype=np.int16)
show(t.shape, str(t.dtype), t.constant)

# %% arange-stop
show(mg.arange(5), mg.arange(5.0))

# %% arange-start-stop-step
show(mg.arange(1, 10, 3), mg.arange(0.0, 1.0, 0.25))

# %% arange-dtype
show(mg.arange(4, dtype=np.float32), mg.arange(3, dtype=float).constant)

# %% arange-constant
show(mg.arange(3.0, constant=True).constant, mg.arange(3.0).constant)

# %% arange-empty
show(mg.arange(0), mg.arange(5, 2))

# %% linspace-basic
show(mg.linspace(0, 1, 5))

# %% linspace-endpoint-false
show(mg.linspace(0, 1, 4, endpoint=False))

# %% linspace-dtype-int
show(mg.linspace(0, 10, 5, dtype=int))

# %% linspace-tensor-endpoints-grad
a = mg.tensor(0.0)
b = mg.tensor(2.0)
t = mg.linspace(a, b, 3)
show(t)

# %% linspace-array-endpoints-axis
show(mg.linspace([0.0, 1.0], [1.0, 3.0], 3, axis=1))

# %% linspace-num-zero-and-one
show(mg.linspace(0, 1, 0), mg.linspace(2, 5, 1))

# %% logspace-basic
show(mg.logspace(0, 2, 3))

# %% logspace-base
show(mg.logspace(0, 3, 4, base=2))

# %% logspace-constant
show(mg.logspace(0, 1, 2, constant=True).constant)

# %% geomspace-basic
show(mg.geomspace(1, 1000, 4))

# %% geomspace-negative
show(mg.geomspace(-1, -100, 3))

# %% geomspace-zero-error
with raises():
    mg.geomspace(0, 10, 3)

# %% eye-square
show(mg.eye(3))

# %% eye-rect-k
show(mg.eye(2, 4, k=1), mg.eye(3, k=-1, dtype=int))

# %% eye-constant
show(mg.eye(2, constant=True).constant)

# %% identity-basic
show(mg.identity(2), mg.identity(3, dtype=np.float32).dtype == np.float32)

# %% zeros-like-array
a = np.ones((2, 2), dtype=np.int32)
show(mg.zeros_like(a))

# %% zeros-like-tensor
x = mg.tensor([[1.0, 2.0]])
z = mg.zeros_like(x)
show(z, z is x)

# %% zeros-like-tensor-constant-inherited
x = mg.tensor([1.0, 2.0], constant=True)
show(mg.zeros_like(x).constant, mg.zeros_like([1.0, 2.0]).constant)

# %% zeros-like-shape-dtype
x = mg.tensor([1.0, 2.0])
show(mg.zeros_like(x, shape=(3, 1)), mg.zeros_like(x, dtype=np.float32))

# %% ones-like-list
show(mg.ones_like([[1, 2, 3]]), mg.ones_like(3.0))

# %% ones-like-constant
x = mg.tensor([1.0, 2.0])
show(mg.ones_like(x, constant=True).constant, mg.ones_like(x).constant)

# %% full-like-basic
x = mg.tensor([1.0, 2.0, 3.0])
show(mg.full_like(x, 4), mg.full_like(np.arange(3), 2.7))

# %% full-like-dtype-shape
show(mg.full_like([1, 2], 0.5, dtype=float, shape=(2, 2)))

# %% empty-like
x = mg.tensor(np.zeros((2, 3), dtype=np.float32))
e = mg.empty_like(x)
show(e.shape, str(e.dtype), e.constant)

# %% empty-like-dtype-shape
e = mg.empty_like([1.0], dtype=np.int64, shape=4)
show(e.shape, str(e.dtype), e.constant)

# %% creation-results-are-leaves
ts = [mg.zeros(2), mg.ones(2), mg.arange(2.0), mg.linspace(0, 1, 2), mg.eye(2), mg.full(2, 1.0)]
show([t.creator is None for t in ts], [t.base is None for t in ts])

# %% creation-negative-shape-error
with raises():
    mg.zeros(-1)

# %% creation-bad-dtype-error
with raises():
    mg.ones(2, dtype="not-a-dtype")

# %% tensor-complex-error
with raises():
    mg.tensor([1 + 2j])

# %% tensor-float16-grad-dtype
x = mg.tensor([1.0, 2.0], dtype=np.float16)
(x * x).backward()
show(x.grad.dtype == np.float16, x.grad)

# %% tensor-from-numpy-scalar
show(mg.tensor(np.float32(1.5)), mg.tensor(np.int16(3)))

# %% tensor-from-tuple-and-range
show(mg.tensor((1.0, 2.0)), mg.tensor(range(3)))

# %% tensor-from-list-of-tensors
a = mg.tensor(1.0)
b = mg.tensor(2.0)
t = mg.tensor([a, b])
show(t, t.creator is None)

# %% tensor-from-list-of-arrays
show(mg.tensor([np.array([1.0, 2.0]), np.array([3.0, 4.0])]))

# %% tensor-dtype-cast-from-tensor
x = mg.tensor([1.5, 2.5])
y = mg.tensor(x, dtype=np.int32)
show(y, y.constant)

# %% tensor-float16-and-uint8
show(mg.tensor([1, 2], dtype=np.uint8), mg.tensor([0.1], dtype=np.float16))

# %% tensor-bool-dtype-constant
show(mg.tensor([1.0, 0.0], dtype=bool))

# %% astensor-list
t = mg.astensor([1, 2, 3])
show(t, t.constant)

# %% astensor-array-dtype-change-copies
a = np.array([1.0, 2.0])
t = mg.astensor(a, dtype=np.float32)
show(t, np.shares_memory(a, t.data))

# %% astensor-constant-tensor-to-variable
x = mg.tensor([1.0], constant=True)
y = mg.astensor(x, constant=False)
show(y is x, y.constant)

# %% asarray-order
a = mg.asarray(mg.tensor([[1.0, 2.0], [3.0, 4.0]]), order="F")
show(a.flags.f_contiguous, a)

# %% asarray-of-non-leaf
x = mg.tensor([1.0, 2.0])
y = x * 2
a = mg.asarray(y)
show(a, np.shares_memory(a, y.data), a.flags.writeable)

# %% zeros-tuple-with-zero
show(mg.zeros((2, 0, 3)), mg.ones(()))

# %% full-shape-tuple-and-int-dtype
show(mg.full((2,), 3), mg.full((), 2.5))

# %% full-bool-fill
show(mg.full(2, True))

# %% full-tensor-fill
f = mg.tensor(2.0)
t = mg.full(3, f)
show(t, t.creator is None)

# %% arange-negative-step
show(mg.arange(5, 0, -2), mg.arange(1.0, -1.0, -0.5))

# %% arange-float-step-count
show(mg.arange(0, 1, 0.1).shape)

# %% arange-step-zero-error
with raises():
    mg.arange(0, 5, 0)

# %% linspace-retstep
with raises():
    r = mg.linspace(0, 1, 3, retstep=True)
    show(r)

# %% linspace-negative-num-error
with raises():
    mg.linspace(0, 1, -1)

# %% logspace-endpoint-false-dtype
show(mg.logspace(0, 2, 2, endpoint=False, dtype=np.float32))

# %% geomspace-endpoint-false
show(mg.geomspace(1, 16, 4, endpoint=False))

# %% eye-zero-and-negative
show(mg.eye(0), mg.eye(2, 3, k=5))

# %% identity-int
show(mg.identity(2, dtype=int))

# %% zeros-like-bool-array
show(mg.zeros_like(np.array([True, False])))

# %% ones-like-0d-tensor
x = mg.tensor(5.0)
show(mg.ones_like(x))

# %% full-like-int-array-float-fill
show(mg.full_like(np.array([1, 2, 3]), 2.7))

# %% like-functions-of-non-leaf
x = mg.tensor([1.0, 2.0])
y = x * 2
z = mg.zeros_like(y)
show(z, z.creator is None)

# %% empty-constant-kw
e = mg.empty(2, constant=True)
show(e.constant, e.shape)

# %% creation-float-shape-error
with raises():
    mg.zeros(2.5)

# %% creation-list-shape
show(mg.ones([2, 1]).shape, mg.full([1, 2], 0.0).shape)
