# Hand-written snippets: mg.no_autodiff as context manager and decorator.

# %% context-op-result
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    y = x * 2
show(type(y), y)

# %% context-ufunc-result
x = mg.tensor([0.0, 1.0])
with mg.no_autodiff:
    y = mg.exp(x)
    z = mg.sum(x)
show(y, z)

# %% context-tensor-creation
with mg.no_autodiff:
    t = mg.tensor([1.0, 2.0])
    z = mg.zeros(2)
show(t, z)

# %% context-backward-inside
x = mg.tensor([1.0, 2.0])
y = x * x
with mg.no_autodiff:
    y.backward()
show(x.grad, y.grad)

# %% context-backward-after
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    y = x * x
with raises():
    y.backward()
show(x.grad)

# %% context-graph-outside-unchanged
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    pass
y = x * 3
y.backward()
show(x.grad, y.creator is None)

# %% context-nested
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    with mg.no_autodiff:
        a = x + 1
    b = x + 2
c = x + 3
show(a, b, c)

# %% context-restored-after-exception
x = mg.tensor([1.0])
try:
    with mg.no_autodiff:
        raise KeyError
except KeyError:
    pass
y = x * 2
show(y.creator is None)

# %% decorator-basic
@mg.no_autodiff
def f(x):
    return x ** 2

x = mg.tensor([3.0])
y = f(x)
show(type(y), y)

# %% decorator-factory-to-numpy
with raises():
    @mg.no_autodiff(to_numpy=True)
    def f(x):
        return x ** 2

# %% call-with-func-to-numpy-single
def f(x):
    return mg.exp(x)

out = mg.no_autodiff(f, to_numpy=True)(mg.tensor([0.0]))
show(type(out), out)

# %% call-with-func-to-numpy
def f(x):
    return x + 1, x * 2

x = mg.tensor([1.0, 2.0])
g = mg.no_autodiff(f, to_numpy=True)
out = g(x)
show(type(out), out)

# %% call-with-func-default
def f(x):
    return mg.sum(x * x)

g = mg.no_autodiff(f)
r = g(mg.tensor([1.0, 2.0]))
show(type(r), r)

# %% decorator-preserves-name
@mg.no_autodiff
def my_function(x):
    """doc"""
    return x

show(my_function.__name__, my_function.__doc__)

# %% decorator-inside-context
@mg.no_autodiff
def f(x):
    return x * 2

x = mg.tensor([1.0])
with mg.no_autodiff:
    y = f(x)
z = x * 2
show(y, z)

# %% decorator-restores-after
@mg.no_autodiff
def f(x):
    return x * 2

x = mg.tensor([1.0])
f(x)
y = x * 5
y.backward()
show(x.grad)

# %% context-returns-array-for-view
x = mg.tensor([1.0, 2.0, 3.0])
with mg.no_autodiff:
    v = x[1:]
show(type(v), v)

# %% context-inplace
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    x[0] = 10.0
show(x)

# %% context-method-calls
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
with mg.no_autodiff:
    a = x.sum(axis=0)
    b = x.reshape(4)
    c = x.T
show(a, b, c)

# %% context-numpy-functions
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    a = np.add(x, 1)
    b = np.sum(x)
show(a, b)

# %% context-nnet
from mygrad.nnet import relu
x = mg.tensor([-1.0, 2.0])
with mg.no_autodiff:
    y = relu(x)
show(y)

# %% context-does-not-lock
x = mg.tensor([1.0, 2.0])
with mg.no_autodiff:
    y = x * 2
show(x.data.flags.writeable)

# %% context-constant-of-created
with mg.no_autodiff:
    t = mg.arange(3.0)
show(t.constant)

# %% context-is-reusable
x = mg.tensor([1.0])
with mg.no_autodiff:
    a = x * 2
with mg.no_autodiff:
    b = x * 3
c = x * 4
show(a.creator is None, b.creator is None, c.creator is None)

# %% decorator-with-kwargs-function
@mg.no_autodiff
def f(x, *, scale=1.0):
    return x * scale

x = mg.tensor([2.0])
show(f(x, scale=3.0))

# %% to-numpy-nested-structure
def f(x):
    return [x * 2, (x + 1, 5)]

out = mg.no_autodiff(f, to_numpy=True)(mg.tensor([1.0]))
show(type(out), out)

# %% to-numpy-non-tensor-return
out = mg.no_autodiff(lambda: 3.0, to_numpy=True)()
show(out)

# %% context-grad-unchanged
x = mg.tensor([1.0, 2.0])
(x * 2).backward()
with mg.no_autodiff:
    y = x * 5
show(x.grad)

# %% context-view-of-tensor
x = mg.tensor([1.0, 2.0, 3.0])
with mg.no_autodiff:
    r = x.reshape(3, 1)
show(r.base is None, r.creator is None)

# %% context-inside-graph-construction
x = mg.tensor([1.0, 2.0])
y = x * 2
with mg.no_autodiff:
    scale = y.sum()
z = y * scale
z.backward()
show(z, x.grad)

# %% context-clear-graph-inside
x = mg.tensor([1.0])
y = x * 2
with mg.no_autodiff:
    y.clear_graph()
show(y.creator is None)

# %% context-random-and-initializers
from mygrad.nnet.initializers import normal
np.random.seed(0)
with mg.no_autodiff:
    w = normal(2, 2)
    r = mg.random.rand(2)
show(w, r)
