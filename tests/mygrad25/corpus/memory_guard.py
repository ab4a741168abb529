# Hand-written snippets: memory guarding of arrays that take part in a computational graph.

# %% leaf-writeable-before-graph
x = mg.tensor([1.0, 2.0])
show(x.data.flags.writeable, mg.mem_guard_active())

# %% inputs-and-outputs-locked-in-graph
x = mg.tensor([1.0, 2.0])
y = x * 2
show(x.data.flags.writeable, y.data.flags.writeable)

# %% released-by-backward
x = mg.tensor([1.0, 2.0])
y = x * 2
y.backward()
show(x.data.flags.writeable, y.data.flags.writeable)

# %% released-by-clear-graph
x = mg.tensor([1.0, 2.0])
y = x * 2
y.clear_graph()
show(x.data.flags.writeable, y.data.flags.writeable)

# %% released-by-del
x = mg.tensor([1.0, 2.0])
y = x * 2
del y
show(x.data.flags.writeable)

# %% del-intermediate-keeps-lock
x = mg.tensor([1.0, 2.0])
y = x * 2
z = y + 1
del y
show(x.data.flags.writeable, z.data.flags.writeable)

# %% del-whole-chain
x = mg.tensor([1.0, 2.0])
y = x * 2
z = y + 1
del y, z
show(x.data.flags.writeable)

# %% two-graphs-one-backward
x = mg.tensor([1.0, 2.0])
a = x * 2
b = x + 1
a.backward()
show(x.data.flags.writeable, b.data.flags.writeable)

# %% two-graphs-both-backward
x = mg.tensor([1.0, 2.0])
a = x * 2
b = x + 1
a.backward()
b.backward()
show(x.data.flags.writeable)

# %% two-graphs-del-one
x = mg.tensor([1.0, 2.0])
a = x * 2
b = x + 1
del a
show(x.data.flags.writeable)
del b
show(x.data.flags.writeable)

# %% numpy-input-locked
a = np.array([1.0, 2.0])
x = mg.tensor([3.0, 4.0])
y = x * a
show(a.flags.writeable)
y.backward()
show(a.flags.writeable)

# %% numpy-input-write-error
a = np.array([1.0, 2.0])
x = mg.tensor([3.0, 4.0])
y = x * a
with raises():
    a[0] = 5.0

# %% tensor-data-write-error
x = mg.tensor([3.0, 4.0])
y = x * 2
with raises():
    x.data[0] = 0.0

# %% read-only-array-stays-read-only
a = np.array([1.0, 2.0])
a.flags.writeable = False
x = mg.tensor([3.0, 4.0])
y = x * a
y.backward()
show(a.flags.writeable)

# %% read-only-array-after-del
a = np.array([1.0, 2.0])
a.flags.writeable = False
x = mg.tensor([3.0, 4.0])
y = x + a
del y
show(a.flags.writeable)

# %% constant-only-graph-not-locked
x = mg.tensor([1.0, 2.0], constant=True)
y = x * 2
show(x.data.flags.writeable, y.data.flags.writeable)

# %% constant-input-in-graph-locked
x = mg.tensor([1.0, 2.0], constant=True)
w = mg.tensor([3.0, 4.0])
y = x * w
show(x.data.flags.writeable, w.data.flags.writeable)

# %% view-follows-base
x = mg.tensor([1.0, 2.0, 3.0])
v = x[:2]
y = x * 2
show(v.data.flags.writeable)
y.backward()
show(v.data.flags.writeable)

# %% numpy-view-of-input-locked
a = np.arange(4.0)
v = a[:2]
x = mg.tensor(np.ones(4))
y = x * a
show(a.flags.writeable, v.flags.writeable)
y.backward()
show(a.flags.writeable, v.flags.writeable)

# %% mem-guard-off-context
x = mg.tensor([1.0, 2.0])
with mg.mem_guard_off:
    y = x * 2
    active = mg.mem_guard_active()
show(active, x.data.flags.writeable, y.data.flags.writeable, mg.mem_guard_active())

# %% mem-guard-off-then-on-nested
x = mg.tensor([1.0, 2.0])
with mg.mem_guard_off:
    with mg.mem_guard_on:
        y = x * 2
        inner = mg.mem_guard_active()
    outer = mg.mem_guard_active()
show(inner, outer, x.data.flags.writeable, mg.mem_guard_active())

# %% mem-guard-off-nested-twice
with mg.mem_guard_off:
    with mg.mem_guard_off:
        a = mg.mem_guard_active()
    b = mg.mem_guard_active()
show(a, b, mg.mem_guard_active())

# %% mem-guard-off-decorator
@mg.mem_guard_off
def f(x):
    return x * 2, mg.mem_guard_active()

x = mg.tensor([1.0, 2.0])
y, active = f(x)
show(active, x.data.flags.writeable, mg.mem_guard_active())

# %% mem-guard-on-decorator
@mg.mem_guard_on
def f(x):
    return x * 2, mg.mem_guard_active()

x = mg.tensor([1.0, 2.0])
with mg.mem_guard_off:
    y, active = f(x)
show(active, x.data.flags.writeable)

# %% turn-off-and-on-functions
mg.turn_memory_guarding_off()
a = mg.mem_guard_active()
x = mg.tensor([1.0])
y = x * 2
w = x.data.flags.writeable
mg.turn_memory_guarding_on()
show(a, w, mg.mem_guard_active())

# %% guard-restored-after-exception
try:
    with mg.mem_guard_off:
        raise KeyError("x")
except KeyError:
    pass
show(mg.mem_guard_active())

# %% unlocked-graph-backward-still-works
x = mg.tensor([1.0, 2.0])
with mg.mem_guard_off:
    y = x * x
y.backward()
show(x.grad)

# %% locked-then-mem-guard-off-graph
x = mg.tensor([1.0, 2.0])
y = x * 2
with mg.mem_guard_off:
    z = x * 3
show(x.data.flags.writeable)
y.backward()
show(x.data.flags.writeable)

# %% inplace-op-on-locked-tensor
x = mg.tensor([1.0, 2.0])
y = x * 1
z = y * 2
y += 1
show(y, z, y.data.flags.writeable)

# %% grad-arrays-writeable
x = mg.tensor([1.0, 2.0])
y = x * x
y.backward()
show(x.grad.flags.writeable, y.grad.flags.writeable)

# %% astensor-of-array-locks-original
a = np.array([1.0, 2.0])
x = mg.astensor(a)
y = x * 2
show(a.flags.writeable, np.shares_memory(a, x.data))
y.backward()
show(a.flags.writeable)

# %% copy-false-tensor-locks-original
a = np.array([1.0, 2.0])
x = mg.tensor(a, copy=False)
y = mg.exp(x)
show(a.flags.writeable)
del y
show(a.flags.writeable)

# %% no-autodiff-does-not-lock
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    y = x * 2
show(x.data.flags.writeable, type(y))

# %% reduction-graph-locks
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
s = x.sum()
show(x.data.flags.writeable, s.data.flags.writeable)
s.backward()
show(x.data.flags.writeable)

# %% view-op-locks-base
x = mg.tensor([1.0, 2.0, 3.0])
v = x[1:]
y = v * 2
show(x.data.flags.writeable, v.data.flags.writeable)

# %% output-of-view-op-writeable-after-backward
x = mg.tensor([1.0, 2.0, 3.0])
v = x[1:]
(v * 2).backward()
show(x.data.flags.writeable, v.data.flags.writeable)

# %% guard-inside-no-autodiff-nested
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    with mg.mem_guard_off:
        y = x * 2
show(x.data.flags.writeable, mg.mem_guard_active())

# %% mem-guard-active-is-function
show(callable(mg.mem_guard_active), mg.mem_guard_active())

# %% mem-guard-off-decorated-keeps-name
@mg.mem_guard_off
def my_func(x):
    """doc"""
    return x

show(my_func.__name__, my_func.__doc__)

# %% mem-guard-on-inside-off-decorator
@mg.mem_guard_off
def outer(x):
    with mg.mem_guard_on:
        y = x * 2
        return y, x.data.flags.writeable

x = mg.tensor([1.0])
y, w = outer(x)
show(w, mg.mem_guard_active())

# %% locked-input-free-after-graph-done-by-reference-drop
x = mg.tensor([1.0, 2.0])
def f(t):
    return (t * 2).sum()
s = f(x)
locked = not x.data.flags.writeable
del s
show(locked, x.data.flags.writeable)

# %% view-of-input-array-released
a = np.arange(4.0)
x = mg.tensor([1.0, 1.0])
y = x * a[:2]
show(a.flags.writeable)
y.backward()
show(a.flags.writeable)

# %% tensor-view-data-locked
x = mg.tensor([1.0, 2.0, 3.0])
v = x[:2]
y = v * 2
show(v.data.flags.writeable, x.data.flags.writeable)
del y
show(v.data.flags.writeable, x.data.flags.writeable)

# %% multiple-uses-in-one-graph
x = mg.tensor([1.0, 2.0])
y = x * x + x
show(x.data.flags.writeable)
y.backward()
show(x.data.flags.writeable)

# %% backward-on-intermediate
x = mg.tensor([1.0, 2.0])
y = x * 2
z = y * 3
y.backward()
show(x.data.flags.writeable, y.data.flags.writeable, z.data.flags.writeable)

# %% null-grad-does-not-unlock
x = mg.tensor([1.0, 2.0])
y = x * 2
x.null_grad()
show(x.data.flags.writeable)

# %% astype-does-not-lock
x = mg.tensor([1.0, 2.0])
y = x.astype(np.float32)
show(x.data.flags.writeable, y.data.flags.writeable)

# %% copy-not-locked
x = mg.tensor([1.0, 2.0])
y = x * 2
c = y.copy()
show(c.data.flags.writeable, y.data.flags.writeable)

# %% int-constant-input-locked
a = np.array([1, 2])
x = mg.tensor([1.0, 1.0])
y = x * a
show(a.flags.writeable)

# %% scalar-input-no-error
x = mg.tensor([1.0, 2.0])
y = x * 2.0
y.backward()
show(x.grad)

# %% tensor-setitem-on-locked-tensor
x = mg.tensor([1.0, 2.0])
y = x * 1
z = y * 2
y[0] = 10.0
z.backward()
show(y, z, x.grad)

# %% output-array-locked-writes-fail
x = mg.tensor([1.0, 2.0])
y = x * 2
with raises():
    y.data[0] = 0.0
show(y)
