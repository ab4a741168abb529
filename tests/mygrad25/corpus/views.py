# Hand-written snippets: views of tensors, their .base, gradients and in-place writes.

# %% basic-index-is-view
x = mg.arange(6.0)
v = x[1:4]
show(v.base is x, x.base is None, np.shares_memory(v.data, x.data))

# %% int-index-is-view
x = mg.arange(6.0).reshape(2, 3)
v = x[0]
show(v.base is None, np.shares_memory(v.data, x.data))

# %% reshape-is-view-base
x = mg.arange(6.0)
r = x.reshape(2, 3)
show(r.base is x, r.base is None)

# %% reshape-of-view-base-is-root
x = mg.arange(6.0)
v = x[:4]
r = v.reshape(2, 2)
show(r.base is x, r.base is v)

# %% transpose-is-view
x = mg.arange(6.0).reshape(2, 3)
t = x.T
show(t.base is x, mg.transpose(x).base is x, mg.moveaxis(x, 0, 1).base is x, mg.swapaxes(x, 0, 1).base is x)

# %% squeeze-expand-dims-ravel-views
x = mg.arange(3.0).reshape(1, 3)
show(mg.squeeze(x).base is x, mg.expand_dims(x, 0).base is x, mg.ravel(x).base is x, mg.broadcast_to(x, (2, 3)).base is x)

# %% advanced-index-not-view
x = mg.arange(6.0)
show(x[[0, 1]].base is None, x[x > 2].base is None)

# %% newaxis-and-ellipsis-view
x = mg.arange(4.0)
show(x[None].base is x, x[...].base is x, x[..., None].base is x)

# %% arithmetic-result-not-view
x = mg.arange(3.0)
show((x + 0).base is None, x.copy().base is None, (+x).base is None)

# %% constant-tensor-view-base
x = mg.arange(4, constant=True)
v = x[:2]
show(v.base is x, v.constant)

# %% view-of-non-leaf
x = mg.arange(4.0)
y = 2 * x
v = y[1:]
show(v.base is y, v.base is x)

# %% view-grad
x = mg.arange(4.0)
v = x[1:3]
(v ** 2).backward()
show(x.grad, v.grad)

# %% view-grad-two-views
x = mg.arange(4.0)
a = x[:2]
b = x[1:]
(a.sum() + 2 * b.sum()).backward()
show(x.grad, a.grad, b.grad)

# %% view-backward-on-view-directly
x = mg.arange(4.0)
v = x[::2]
v.backward()
show(x.grad, v.grad)

# %% reshape-view-grad
x = mg.arange(4.0)
r = x.reshape(2, 2)
(r * mg.tensor([[1.0, 2.0], [3.0, 4.0]])).backward()
show(x.grad, r.grad)

# %% view-of-view-grad
x = mg.arange(6.0)
v = x[1:]
w = v[::2]
(w * 3).backward()
show(x.grad, v.grad, w.grad)

# %% inplace-on-view-updates-base
x = mg.arange(4.0)
v = x[:2]
v *= -1
show(x, v)

# %% inplace-on-view-grad
x = mg.arange(4.0)
y = x * 1
v = y[1:3]
v *= 10
y.backward()
show(y, x.grad)

# %% inplace-on-base-updates-view
x = mg.arange(4.0)
y = x + 0
v = y[1:]
y[...] = 5.0
show(v)

# %% inplace-on-base-view-grad
x = mg.arange(4.0)
y = x + 0
v = y[:2]
y *= 2
v.backward()
show(v, x.grad)

# %% setitem-on-view-with-tensor
x = mg.arange(4.0)
y = x * 1
z = mg.tensor(7.0)
v = y[2:]
v[0] = z
y.backward()
show(y, x.grad, z.grad)

# %% setitem-broadcast-tensor
x = mg.zeros((2, 3), dtype=float)
y = x * 1
w = mg.tensor([1.0, 2.0, 3.0])
y[:] = w
y.sum().backward()
show(y, x.grad, w.grad)

# %% inplace-leaf-variable-error
x = mg.arange(3.0)
with raises():
    x[0] = 5.0
show(x)

# %% cross-graph-disconnection
x = mg.arange(9.0).reshape(3, 3)
(x ** 2).backward()
(x[x < 4] ** 2).backward()
show(x.grad, x.base is None)

# %% cross-graph-view-base
x = mg.arange(9.0).reshape(3, 3)
(x ** 2).backward()
show(x.grad, x.base is None)

# %% view-backward-then-base-grad
x = mg.arange(4.0)
y = x * 2
v = y[:2]
v.backward()
show(v.grad, y.grad, x.grad)

# %% base-backward-then-view-grad
x = mg.arange(4.0)
y = x * 2
v = y[:2]
y.backward()
show(v.grad, y.grad, x.grad)

# %% view-grad-after-base-backward-with-array
x = mg.arange(4.0)
v = x[1:]
(x * mg.tensor([1.0, 2.0, 3.0, 4.0])).backward()
show(x.grad, v.grad)

# %% view-of-leaf-backward-then-leaf
x = mg.arange(4.0)
v = x[1:]
(v * v).backward()
g = x.grad
(x * 1).backward()
show(g, x.grad, v.grad)

# %% reshape-view-disconnected
x = mg.arange(4.0)
r = x.reshape(2, 2)
(r * 2).backward()
(x + 0).backward()
show(r.grad, x.grad)

# %% view-of-view-after-clear-graph
x = mg.arange(4.0)
v = x[:2]
y = v * 2
y.clear_graph()
show(v.base is x, y.creator is None)

# %% view-mutation-after-backward
x = mg.arange(4.0)
y = x * 1
v = y[:2]
(v * 2).backward()
v[0] = 100.0
show(y, x.grad)

# %% inplace-view-with-constant-base
x = mg.arange(4.0, constant=True)
v = x[:2]
v += 1
show(x, v.constant)

# %% copyto-into-tensor
x = mg.zeros(3, dtype=float)
y = x * 1
mg.copyto(y, mg.tensor([1.0, 2.0, 3.0]))
show(y)

# %% transpose-view-inplace
x = mg.arange(4.0).reshape(2, 2)
y = x + 0
t = y.T
t[0, 1] = -1.0
y.backward()
show(y, x.grad)

# %% view-shares-memory-helpers
x = mg.arange(4.0)
show(mg.shares_memory(x, x[1:]), mg.may_share_memory(x, x[1:]), mg.shares_memory(x, x + 1))

# %% base-of-float-view-after-astype
x = mg.arange(4.0)
show(x.astype(np.float32).base is None, x.astype(np.float64, copy=False).base is None)

# %% view-grad-dtype-float32
x = mg.arange(4.0, dtype=np.float32)
v = x[1:3]
(v * v).backward()
show(x.grad, v.grad)

# %% size0-view
x = mg.arange(4.0)
v = x[2:2]
(v * 2).backward()
show(v, x.grad)

# %% negative-step-view-grad
x = mg.arange(4.0)
v = x[::-1]
(v * mg.tensor([1.0, 2.0, 3.0, 4.0])).backward()
show(v.base is x, x.grad)

# %% iteration-rows-are-views
x = mg.arange(4.0).reshape(2, 2)
rows = list(x)
show([r.base is x for r in rows])

# %% reshaped-arange-base-before-backward
x = mg.arange(9.0).reshape(3, 3)
show(x.base is None)

# %% reshaped-arange-base-after-backward
x = mg.arange(9.0).reshape(3, 3)
(x * 1).backward()
show(x.base is None, x.grad)

# %% cross-graph-no-first-backward
x = mg.arange(9.0).reshape(3, 3)
(x[x < 4] ** 2).backward()
show(x.grad)

# %% cross-graph-basic-index-second
x = mg.arange(9.0).reshape(3, 3)
(x ** 2).backward()
(x[0] * 3).backward()
show(x.grad)

# %% cross-graph-base-then-view-backward
x = mg.arange(4.0).reshape(2, 2)
(x * 5).backward()
v = x[1]
(v * 2).backward()
show(x.grad, v.grad)

# %% cross-graph-leaf-root
x = mg.arange(4.0)
(x ** 2).backward()
(x[x < 2] ** 2).backward()
show(x.grad, x.base is None)

# %% cross-graph-view-kept-across
x = mg.arange(6.0)
v = x[:3]
(v * 2).backward()
(x * 3).backward()
show(x.grad, v.grad)

# %% cross-graph-base-grad-after-view-backward
x = mg.arange(6.0)
r = x.reshape(2, 3)
(r ** 2).backward()
show(x.grad, r.grad)

# %% cross-graph-null-grad-between
x = mg.arange(4.0).reshape(2, 2)
(x ** 2).backward()
x.null_grad()
(x[x < 2] ** 2).backward()
show(x.grad)

# %% view-of-constant-then-graph
x = mg.arange(4.0, constant=True)
v = x[1:]
y = v * mg.tensor([1.0, 2.0, 3.0])
y.backward()
show(x.grad, v.grad)

# %% setitem-on-base-propagates-grad-through-view
x = mg.arange(4.0)
y = x * 1
v = y[1:3]
w = mg.tensor(9.0)
y[1] = w
(v * 2).backward()
show(v, x.grad, w.grad)

# %% inplace-on-view-with-tensor-grad
x = mg.arange(4.0)
y = x * 1
v = y[::2]
s = mg.tensor([10.0, 20.0])
v += s
y.backward()
show(y, x.grad, s.grad)

# %% two-views-inplace
x = mg.arange(4.0)
y = x * 1
a = y[:2]
b = y[1:3]
a *= 2
b *= 3
y.backward()
show(y, x.grad)

# %% view-reflects-later-inplace-on-base
x = mg.arange(4.0)
y = x + 0
v = y[:2]
y += 10
show(v)

# %% view-base-after-inplace
x = mg.arange(4.0)
y = x + 0
v = y[:2]
y += 10
show(v.base is y, v.base is None)

# %% reshape-view-inplace-grad
x = mg.arange(4.0)
y = x * 1
r = y.reshape(2, 2)
r[0] = mg.tensor([5.0, 6.0])
y.backward()
show(y, x.grad)

# %% mg-reshape-function-base
x = mg.arange(4.0)
show(mg.reshape(x, (2, 2)).base is x, mg.reshape(x[1:], (3, 1)).base is x)

# %% flatten-not-view
x = mg.arange(4.0).reshape(2, 2)
show(x.flatten().base is None, mg.ravel(x).base is None)

# %% ravel-non-contiguous
x = mg.arange(6.0).reshape(2, 3)
r = mg.ravel(x.T)
show(r, r.base is None)

# %% view-grad-is-none-before-backward
x = mg.arange(4.0)
v = x[:2]
(v * 1)
show(v.grad, x.grad)

# %% view-chain-three-levels
x = mg.arange(8.0)
a = x.reshape(2, 4)
b = a[:, 1:]
c = b.T
(c * c).backward()
show(c.base is x, x.grad, a.grad, b.grad)

# %% view-of-int-tensor
x = mg.arange(4)
v = x[1:]
show(v.base is x, v.constant)

# %% base-of-0d-index
x = mg.arange(4.0)
v = x[2]
show(v.base is x, v.shape)

# %% view-grad-shape-after-base-backward
x = mg.arange(6.0).reshape(2, 3)
v = x[:, 0]
(x ** 2).backward()
show(v.grad)

# %% disconnected-view-new-graph
x = mg.arange(4.0)
v = x[:2]
(x * 2).backward()
(v * 5).backward()
show(x.grad, v.grad)

# %% view-of-output-used-after-clear
x = mg.arange(3.0)
y = x * 2
v = y[1:]
z = v + 1
z.backward()
show(x.grad, y.grad, v.grad)

# %% setitem-on-view-of-leaf-error-free
x = mg.arange(4.0)
v = x[:2]
v[0] = -1.0
show(x, v.base is x)

# %% moveaxis-view-grad
x = mg.arange(6.0).reshape(1, 2, 3)
m = mg.moveaxis(x, 0, -1)
m.backward(np.arange(6.0).reshape(2, 3, 1))
show(m.base is x, x.grad)

# %% broadcast-to-view-inplace-error
x = mg.arange(2.0)
b = mg.broadcast_to(x, (2, 2))
with raises():
    b[0, 0] = 5.0
show(x)

# %% expand-dims-view-inplace
x = mg.arange(3.0)
y = x * 1
e = mg.expand_dims(y, 0)
e[0, 0] = 7.0
y.backward()
show(y, x.grad)

# %% backward-again-on-a-cleared-view
x = mg.tensor([-0.6, -1.6, -0.1])
v = x.reshape(-1, 1)
v.backward()
show(v.grad, x.grad)
v.backward()  # v is out of its graph now: its gradient no longer shows x's
show(v, x)

# %% grad-of-view-taken-from-a-cleared-view
x = mg.tensor([[0.5, 1.5], [0.5, -0.4], [1.7, 1.0]])
v = x[..., None]
w = mg.transpose(v)  # a view of x taken through v
(v * 2).backward()  # clears v's graph, not w's
x.backward()
show(x.grad, v, w)

# %% write-into-a-transposed-result-keeps-its-layout
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
y = 2.5 * mg.transpose(x * 1)  # not C-contiguous, as NumPy's result
y[0] = 1.0
z = y.reshape(-1, 1)  # needs a copy, as in MyGrad: not a view
show(z, z.base is None)
z.backward()
show(x.grad)

# %% write-through-a-view-of-a-view-keeps-the-chain
x = mg.tensor([0.4, 1.5, 0.5, -1.4, 0.2, 1.2], constant=True)
v = x[3:]
w = v.reshape(3, 1)  # taken from v
v *= v
w.backward()  # a constant: clears w's graph, through v as in MyGrad
show(x, v, w)

# %% grad-through-nested-views-after-a-write
x = mg.tensor(np.arange(12.0).reshape(3, 4))
y = x * 1
a = y[1:, ::2]
b = a.T
c = b[0]
w = mg.tensor(2.0)
c[...] = w * 3
(c * 2 + a.sum() + b[1, 0]).backward()
show(x, y, a, b, c, w)

# %% base-write-after-backward-reaches-views
x = mg.tensor([[-1.0, 0.6], [0.5, 2.0]])
v = x[1]  # a live view, not part of the graph below
x.backward()
w = mg.tensor(-0.75)
x -= w
show(x, v)

