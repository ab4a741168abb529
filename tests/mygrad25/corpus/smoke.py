# Smoke tests of the differential harness itself: one snippet per kind of record.
# Format: see tests/mygrad25/corpus/README.md.

# %% tensor-basics
x = mg.tensor([1.0, 2.0, 3.0])
show(x, x.dtype, x.shape, x.ndim)

# %% backward-fills-grad
x = mg.tensor([1.0, -2.0, 0.5])
f = (x ** 2).sum()
f.backward()
show(f, x, x.grad)

# %% integer-tensor-is-constant
show(mg.tensor([1, 2, 3]), mg.tensor(2.0, constant=True))

# %% view-base
x = mg.arange(6.0).reshape(2, 3)
v = x[0]
show(v, v.base is x, np.shares_memory(v, x))

# %% inplace-write-through-view
x = mg.tensor([1.0, 2.0, 3.0, 4.0])
v = x[:2]
v *= -1
show(x, v)
(x ** 2).backward()
show(x, v)

# %% comparison-returns-array
x = mg.tensor([1.0, 2.0])
show(x > 1.5)

# %% bad-reshape-raises
with raises():
    mg.tensor([1.0, 2.0, 3.0]).reshape(2, 2)
show("after the error")

# %% escaping-exception-ends-snippet
show(1)
mg.tensor([1.0, 2.0]) @ mg.tensor([1.0, 2.0, 3.0])
show("never reached")

# %% printed-repr
print(mg.tensor([[1.0, 2.5], [3.0, 4.0]]))
print(repr(mg.tensor(3, dtype=np.int8)))

# %% numpy-functions-on-tensors
x = mg.tensor([0.0, 1.0, 2.0])
y = np.exp(x)
y.backward()
show(y, x.grad, np.sum(x), type(y))

# %% grad-cleared-by-new-op
x = mg.tensor(2.0)
(x * x).backward()
show(x.grad)
y = x + 1
show(x.grad, y.creator is None)
