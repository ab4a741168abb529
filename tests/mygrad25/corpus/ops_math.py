# Hand-written snippets: mygrad's math functions, forward values and gradients.

# %% add-subtract-broadcast-grad
x = mg.tensor([[1.0], [2.0]])
y = mg.tensor([10.0, 20.0, 30.0])
z = mg.add(x, y) - mg.subtract(y, 1)
z.backward()
show(z, x.grad, y.grad)

# %% multiply-divide-grad
x = mg.tensor([1.0, 2.0])
y = mg.tensor([4.0, 8.0])
z = mg.divide(mg.multiply(x, y), y + x)
z.backward()
show(z, x.grad, y.grad)

# %% true-divide-int-inputs
show(mg.true_divide(mg.tensor([1, 2]), 2))

# %% power-grad-both
x = mg.tensor([1.0, 2.0])
p = mg.tensor([3.0, 0.5])
z = mg.power(x, p)
z.backward()
show(z, x.grad, p.grad)

# %% power-zero-base
x = mg.tensor([0.0, 1.0])
z = x ** 2
z.backward()
show(x.grad)

# %% negative-positive-square-reciprocal
x = mg.tensor([1.0, -2.0, 4.0])
z = mg.negative(x) + mg.positive(x) * mg.square(x) + mg.reciprocal(x)
z.backward()
show(z, x.grad)

# %% sqrt-cbrt
x = mg.tensor([1.0, 8.0, 4.0])
z = mg.sqrt(x) + mg.cbrt(x)
z.backward()
show(z, x.grad)

# %% abs-absolute-at-zero
x = mg.tensor([-1.0, 0.0, 2.0])
z = mg.absolute(x) + mg.abs(x)
z.backward()
show(z, x.grad)

# %% abs-nan-to-num
x = mg.tensor([0.0, -3.0])
z = mg.abs(x, nan_to_num=False)
z.backward()
show(x.grad)

# %% exp-log-family
x = mg.tensor([0.5, 1.0, 2.0])
z = mg.exp(x) + mg.exp2(x) + mg.expm1(x) + mg.log(x) + mg.log2(x) + mg.log10(x) + mg.log1p(x)
z.backward()
show(z, x.grad)

# %% logaddexp-grad
x = mg.tensor([0.0, 1.0])
y = mg.tensor([1.0, -1.0])
z = mg.logaddexp(x, y) + mg.logaddexp2(x, y)
z.backward()
show(z, x.grad, y.grad)

# %% log-of-negative-nan
with np.errstate(all="ignore"):
    z = mg.log(mg.tensor([-1.0, 0.0]))
show(z)

# %% trig-family
x = mg.tensor([0.1, 0.5, 1.0])
z = mg.sin(x) + mg.cos(x) + mg.tan(x) + mg.csc(x) + mg.sec(x) + mg.cot(x)
z.backward()
show(z, x.grad)

# %% inverse-trig-family
x = mg.tensor([0.1, 0.5, -0.3])
z = mg.arcsin(x) + mg.arccos(x) + mg.arctan(x)
z.backward()
show(z, x.grad)

# %% arccsc-grad
x = mg.tensor([1.5, 2.0, -3.0])
z = mg.arccsc(x)
z.backward()
show(z, x.grad)

# %% arcsec-grad
x = mg.tensor([1.5, 2.0, -3.0])
z = mg.arcsec(x)
z.backward()
show(z, x.grad)

# %% arccot-grad
x = mg.tensor([1.5, 2.0, -3.0])
z = mg.arccot(x)
z.backward()
show(z, x.grad)

# %% arctan2-grad
y = mg.tensor([1.0, -1.0, 0.5])
x = mg.tensor([1.0, 2.0, -1.0])
z = mg.arctan2(y, x)
z.backward()
show(z, y.grad, x.grad)

# %% hyperbolic-family
x = mg.tensor([0.2, 0.7, 1.5])
z = mg.sinh(x) + mg.cosh(x) + mg.tanh(x) + mg.csch(x) + mg.sech(x) + mg.coth(x)
z.backward()
show(z, x.grad)

# %% inverse-hyperbolic
x = mg.tensor([1.5, 2.0])
z = mg.arcsinh(x) + mg.arccosh(x) + mg.arccoth(x) + mg.arcsinh(1 / x) + mg.arccsch(x) + mg.arctanh(1 / x)
z.backward()
show(z, x.grad)

# %% sinc-grad
x = mg.tensor([0.5, 1.5])
z = mg.sinc(x)
z.backward()
show(z, x.grad)

# %% maximum-minimum-ties
x = mg.tensor([1.0, 2.0, 3.0])
y = mg.tensor([3.0, 2.0, 1.0])
z = mg.maximum(x, y) + 2 * mg.minimum(x, y)
z.backward()
show(z, x.grad, y.grad)

# %% rounding-functions-constant
x = mg.tensor([-1.5, 0.5, 2.7], constant=True)
show(mg.floor(x), mg.ceil(x), mg.trunc(x), mg.rint(x), mg.sign(x))

# %% rounding-function-variable-error
x = mg.tensor([-1.5, 0.5, 2.7])
with raises():
    mg.floor(x)

# %% sum-axis-keepdims
x = mg.tensor(np.arange(6.0).reshape(2, 3))
s = mg.sum(x, axis=1, keepdims=True)
s.backward()
show(s, x.grad)

# %% sum-negative-axis-tuple
x = mg.tensor(np.arange(24.0).reshape(2, 3, 4))
s = x.sum(axis=(-1, 0))
s.backward(np.array([1.0, 2.0, 3.0]))
show(s, x.grad[1])

# %% sum-empty
x = mg.tensor(np.zeros((0, 2)))
s = x.sum(axis=0)
s.backward()
show(s, x.grad)

# %% sum-bad-axis
with raises():
    mg.sum(mg.tensor([1.0, 2.0]), axis=1)

# %% mean-grad
x = mg.tensor(np.arange(6.0).reshape(3, 2))
m = mg.mean(x, axis=0)
m.backward()
show(m, x.grad)

# %% mean-empty-nan
x = mg.tensor(np.zeros((0,)))
with np.errstate(all="ignore"):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = x.mean()
show(m)

# %% var-ddof
x = mg.tensor([1.0, 2.0, 4.0, 7.0])
v = mg.var(x, ddof=1)
v.backward()
show(v, x.grad)

# %% std-axis-keepdims
x = mg.tensor([[1.0, 3.0], [2.0, 6.0]])
s = mg.std(x, axis=1, keepdims=True)
s.backward()
show(s, x.grad)

# %% var-method
x = mg.tensor([[1.0, 2.0], [3.0, 5.0]])
v = x.var(axis=-1)
v.backward()
show(v, x.grad)

# %% max-min-ties-grad
x = mg.tensor([[1.0, 4.0, 4.0], [2.0, 0.0, 2.0]])
m = mg.max(x, axis=1) + mg.min(x, axis=1)
m.backward()
show(m, x.grad)

# %% amax-amin-all
x = mg.tensor([3.0, -1.0, 2.0])
m = mg.amax(x) - mg.amin(x)
m.backward()
show(m, x.grad)

# %% max-keepdims-method
x = mg.tensor(np.arange(6.0).reshape(2, 3))
m = x.max(axis=0, keepdims=True)
show(m, x.min().item())

# %% max-empty-error
with raises():
    mg.max(mg.tensor(np.zeros((0,))))

# %% prod-grad-with-zero
x = mg.tensor([2.0, 0.0, 3.0])
p = mg.prod(x)
p.backward()
show(p, x.grad)

# %% prod-axis
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
p = x.prod(axis=0)
p.backward()
show(p, x.grad)

# %% cumsum-grad
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
c = mg.cumsum(x, axis=1)
c.backward()
show(c, x.grad)

# %% cumsum-flat
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
c = mg.cumsum(x)
c.backward()
show(c, x.grad)

# %% cumprod-grad
x = mg.tensor([1.0, 2.0, 0.0, 4.0])
c = mg.cumprod(x)
c.backward()
show(c, x.grad)

# %% clip-grad
x = mg.tensor([-2.0, 0.5, 3.0])
c = mg.clip(x, -1, 1)
c.backward()
show(c, x.grad)

# %% clip-none-bound
x = mg.tensor([-2.0, 0.5, 3.0])
show(mg.clip(x, None, 1), mg.clip(x, 0, None))

# %% clip-both-none-error
with raises():
    mg.clip(mg.tensor([1.0]), None, None)

# %% where-grad
x = mg.tensor([1.0, 2.0, 3.0])
y = mg.tensor([-1.0, -2.0, -3.0])
w = mg.where(x > 1.5, x, y)
w.backward()
show(w, x.grad, y.grad)

# %% where-scalar-branch
x = mg.tensor([1.0, 2.0])
w = mg.where([True, False], x, 0.0)
w.backward()
show(w, x.grad)

# %% einsum-matmul
a = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
b = mg.tensor([[0.0, 1.0], [1.0, 0.0]])
c = mg.einsum("ij,jk->ik", a, b)
c.backward()
show(c, a.grad, b.grad)

# %% einsum-trace-and-diag
a = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
t = mg.einsum("ii", a)
t.backward()
show(t, a.grad)

# %% einsum-outer-broadcast
a = mg.tensor([1.0, 2.0])
b = mg.tensor([3.0, 4.0, 5.0])
c = mg.einsum("i,j", a, b)
c.backward()
show(c, a.grad, b.grad)

# %% einsum-ellipsis
a = mg.tensor(np.arange(12.0).reshape(2, 2, 3))
c = mg.einsum("...ij->...ji", a)
c.backward(np.arange(12.0).reshape(2, 3, 2))
show(c.shape, a.grad)

# %% matmul-batched
a = mg.tensor(np.arange(12.0).reshape(2, 2, 3))
b = mg.tensor(np.ones((3, 2)))
c = mg.matmul(a, b)
c.backward()
show(c, b.grad)

# %% matmul-1d-1d
a = mg.tensor([1.0, 2.0, 3.0])
c = mg.matmul(a, a)
c.backward()
show(c, a.grad)

# %% matmul-shape-error
with raises():
    mg.matmul(mg.tensor([1.0, 2.0]), mg.tensor([1.0, 2.0, 3.0]))

# %% multi-matmul
a = mg.tensor([[1.0, 2.0]])
b = mg.tensor([[1.0], [1.0]])
c = mg.tensor([[2.0, 3.0]])
m = mg.multi_matmul([a, b, c])
m.backward()
show(m, a.grad, b.grad, c.grad)

# %% multi-matmul-too-few
with raises():
    mg.multi_matmul([mg.tensor([[1.0]])])

# %% linalg-norm-default
x = mg.tensor([3.0, 4.0])
n = mg.linalg.norm(x)
n.backward()
show(n, x.grad)

# %% linalg-norm-ord-axis
x = mg.tensor([[1.0, -2.0], [3.0, -4.0]])
n = mg.linalg.norm(x, ord=1, axis=1)
n.backward()
show(n, x.grad)

# %% linalg-norm-inf-keepdims
x = mg.tensor([[1.0, -5.0], [3.0, 2.0]])
n = mg.linalg.norm(x, ord=np.inf, axis=-1, keepdims=True)
n.backward()
show(n, x.grad)

# %% linalg-norm-fro
x = mg.tensor([[1.0, 2.0], [2.0, 4.0]])
n = mg.linalg.norm(x, ord="fro")
n.backward()
show(n, x.grad)

# %% reshape-function-grad
x = mg.tensor(np.arange(6.0))
r = mg.reshape(x, (3, 2))
r.backward(np.arange(6.0).reshape(3, 2))
show(r, x.grad)

# %% transpose-axes
x = mg.tensor(np.arange(6.0).reshape(1, 2, 3))
t = mg.transpose(x, (2, 0, 1))
t.backward(np.arange(6.0).reshape(3, 1, 2))
show(t.shape, x.grad)

# %% moveaxis-swapaxes
x = mg.tensor(np.arange(6.0).reshape(1, 2, 3))
show(mg.moveaxis(x, 0, -1).shape, mg.swapaxes(x, 0, 2).shape)

# %% squeeze-expand-dims
x = mg.tensor(np.arange(3.0).reshape(1, 3, 1))
s = mg.squeeze(x)
e = mg.expand_dims(s, -1)
e.backward()
show(s.shape, e.shape, x.grad.shape)

# %% squeeze-bad-axis
with raises():
    mg.squeeze(mg.tensor(np.zeros((1, 3))), axis=1)

# %% ravel-broadcast-to
x = mg.tensor([[1.0, 2.0]])
b = mg.broadcast_to(x, (3, 2))
r = mg.ravel(b)
r.backward()
show(r, x.grad)

# %% atleast-nd
x = mg.tensor(2.0)
show(mg.atleast_1d(x).shape, mg.atleast_2d(x).shape, mg.atleast_3d(x).shape)

# %% concatenate-grad
a = mg.tensor([1.0, 2.0])
b = mg.tensor([3.0])
c = mg.concatenate([a, b])
c.backward(np.array([10.0, 20.0, 30.0]))
show(c, a.grad, b.grad)

# %% concatenate-axis-none-and-2d
a = mg.tensor([[1.0, 2.0]])
b = mg.tensor([[3.0, 4.0]])
show(mg.concatenate([a, b], axis=1), mg.concatenate([a, b], axis=None))

# %% stack-grad
a = mg.tensor([1.0, 2.0])
b = mg.tensor([3.0, 4.0])
s = mg.stack([a, b], axis=1)
s.backward(np.array([[1.0, 2.0], [3.0, 4.0]]))
show(s, a.grad, b.grad)

# %% stack-shape-mismatch
with raises():
    mg.stack([mg.tensor([1.0]), mg.tensor([1.0, 2.0])])

# %% repeat-grad
x = mg.tensor([1.0, 2.0])
r = mg.repeat(x, 3)
r.backward()
show(r, x.grad)

# %% repeat-axis-list
x = mg.tensor([[1.0, 2.0]])
r = mg.repeat(x, [1, 2], axis=1)
r.backward()
show(r, x.grad)

# %% roll-grad
x = mg.tensor([1.0, 2.0, 3.0])
r = mg.roll(x, 1)
r.backward(np.array([1.0, 0.0, 0.0]))
show(r, x.grad)

# %% index-basic-grad
x = mg.tensor(np.arange(6.0).reshape(2, 3))
y = x[1, ::2]
y.backward()
show(y, x.grad)

# %% index-negative-and-newaxis
x = mg.tensor(np.arange(4.0))
y = x[None, -1]
show(y, y.shape)

# %% index-advanced-repeated
x = mg.tensor([1.0, 2.0, 3.0])
y = x[[0, 0, 2]]
y.backward()
show(y, x.grad)

# %% index-advanced-2d
x = mg.tensor(np.arange(9.0).reshape(3, 3))
y = x[[0, 2], [1, 1]]
y.backward()
show(y, x.grad)

# %% index-boolean-grad
x = mg.tensor([1.0, -2.0, 3.0])
y = x[x > 0]
y.backward()
show(y, x.grad)

# %% index-mixed-slice-advanced
x = mg.tensor(np.arange(12.0).reshape(3, 4))
y = x[1:, [0, 3]]
y.backward()
show(y, x.grad)

# %% index-ellipsis
x = mg.tensor(np.arange(8.0).reshape(2, 2, 2))
y = x[..., 0]
y.backward()
show(y, x.grad)

# %% index-out-of-bounds
with raises():
    mg.tensor([1.0, 2.0])[5]

# %% index-with-tensor
x = mg.tensor([5.0, 6.0, 7.0])
idx = mg.tensor([2, 0])
show(x[idx])

# %% setitem-differentiable
x = mg.tensor([1.0, 2.0, 3.0])
y = mg.tensor(10.0)
z = x * 1
z[1] = y
z.backward()
show(z, x.grad, y.grad)

# %% add-sequence-multiply-sequence
a, b, c = mg.tensor(1.0), mg.tensor(2.0), mg.tensor(3.0)
s = mg.add_sequence(a, b, c) + mg.multiply_sequence(a, b, c)
s.backward()
show(s, a.grad, b.grad, c.grad)

# %% any-argmax-argmin
x = mg.tensor([[1.0, 5.0], [7.0, 0.0]])
show(mg.any(x > 6), mg.argmax(x), mg.argmin(x, axis=1))

# %% int-tensor-math-constant
x = mg.tensor([1, 2, 3])
y = mg.exp(x)
show(y, y.constant)

# %% float32-unary-grad-dtype
x = mg.tensor(np.array([1.0, 2.0], dtype=np.float32))
y = mg.sin(x)
y.backward()
show(y, x.grad)

# %% float32-times-int-scalar-dtype
x = mg.tensor(np.array([1.0, 2.0], dtype=np.float32))
show(str((x * 2).dtype), str(mg.multiply(x, 2).dtype))

# %% constant-kwarg-on-op
x = mg.tensor([1.0, 2.0])
y = mg.multiply(x, 2, constant=True)
show(y.constant)

# %% grad-accumulates-fanout
x = mg.tensor(3.0)
y = x * x + x
y.backward()
show(x.grad)

# %% sliding-window-view-array
from mygrad import sliding_window_view
w = sliding_window_view(np.arange(5.0), window_shape=(3,), step=(1,))
show(w.shape, w.tolist(), np.shares_memory(w, w.base))

# %% sliding-window-view-2d-step-dilation
from mygrad import sliding_window_view
w = sliding_window_view(np.arange(16.0).reshape(4, 4), window_shape=(2, 2), step=(2, 1), dilation=(1, 2))
show(w.shape, w[0, 0].tolist())

# %% sum-keepdims-negative-axis
x = mg.tensor(np.arange(6.0).reshape(2, 3))
s = mg.sum(x, axis=-2, keepdims=True)
s.backward(np.array([[1.0, 2.0, 3.0]]))
show(s, x.grad)

# %% sum-int-tensor
x = mg.tensor([[1, 2], [3, 4]])
show(mg.sum(x), mg.sum(x, axis=0).dtype == np.int64)

# %% sum-bool-tensor
x = mg.tensor([True, False, True])
show(mg.sum(x), mg.mean(x))

# %% sum-float32-dtype
x = mg.tensor(np.array([1.0, 2.0], dtype=np.float32))
s = x.sum()
s.backward()
show(s, x.grad)

# %% mean-axis-tuple-keepdims
x = mg.tensor(np.arange(24.0).reshape(2, 3, 4))
m = mg.mean(x, axis=(0, 2), keepdims=True)
m.backward()
show(m, x.grad[0, 0])

# %% mean-size1-axis
x = mg.tensor(np.arange(3.0).reshape(3, 1))
m = mg.mean(x, axis=1)
m.backward()
show(m, x.grad)

# %% var-axis-none-keepdims
x = mg.tensor([[1.0, 2.0], [4.0, 8.0]])
v = mg.var(x, keepdims=True)
v.backward()
show(v, x.grad)

# %% std-ddof-axis-neg
x = mg.tensor([[1.0, 2.0, 4.0], [0.0, 0.0, 3.0]])
s = mg.std(x, axis=-1, ddof=1)
s.backward()
show(s, x.grad)

# %% std-constant-input-zero-grad
x = mg.tensor([2.0, 2.0, 2.0])
s = mg.std(x)
with np.errstate(all="ignore"):
    s.backward()
show(s, x.grad)

# %% max-axis-tuple
x = mg.tensor(np.arange(8.0).reshape(2, 2, 2))
m = mg.max(x, axis=(0, 2))
m.backward()
show(m, x.grad)

# %% min-negative-axis-keepdims
x = mg.tensor([[3.0, 1.0], [0.0, 2.0]])
m = mg.min(x, axis=-1, keepdims=True)
m.backward()
show(m, x.grad)

# %% max-int-tensor
x = mg.tensor([[3, 1], [0, 2]])
show(mg.max(x), mg.min(x, axis=0))

# %% prod-keepdims-negative-axis
x = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
p = mg.prod(x, axis=-1, keepdims=True)
p.backward()
show(p, x.grad)

# %% prod-two-zeros
x = mg.tensor([0.0, 2.0, 0.0])
p = mg.prod(x)
p.backward()
show(p, x.grad)

# %% prod-empty
x = mg.tensor(np.zeros((0,)))
p = mg.prod(x)
p.backward()
show(p, x.grad)

# %% cumsum-negative-axis
x = mg.tensor(np.arange(6.0).reshape(2, 3))
c = mg.cumsum(x, axis=-1)
c.backward(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
show(c, x.grad)

# %% cumprod-axis-with-zero
x = mg.tensor([[1.0, 0.0, 3.0], [2.0, 2.0, 2.0]])
c = mg.cumprod(x, axis=1)
c.backward()
show(c, x.grad)

# %% cumsum-empty
x = mg.tensor(np.zeros((0, 2)))
c = mg.cumsum(x, axis=0)
c.backward()
show(c, x.grad)

# %% clip-tensor-bounds
x = mg.tensor([-2.0, 0.5, 3.0])
lo = mg.tensor([-1.0, 1.0, 0.0])
c = mg.clip(x, lo, 2.0)
c.backward()
show(c, x.grad, lo.grad)

# %% clip-at-boundary
x = mg.tensor([-1.0, 1.0])
c = mg.clip(x, -1.0, 1.0)
c.backward()
show(x.grad)

# %% where-broadcast-condition
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
y = mg.tensor(0.0)
w = mg.where(np.array([True, False]), x, y)
w.backward()
show(w, x.grad, y.grad)

# %% where-one-arg
x = mg.tensor([0.0, 2.0, 3.0])
r = mg.where(x > 1)
show(type(r), r)

# %% matmul-vector-matrix
a = mg.tensor([1.0, 2.0])
b = mg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
c = a @ b
c.backward()
show(c, a.grad, b.grad)

# %% matmul-int-tensors
a = mg.tensor([[1, 2], [3, 4]])
show(mg.matmul(a, a))

# %% einsum-sum-all-and-broadcast
a = mg.tensor(np.arange(6.0).reshape(2, 3))
s = mg.einsum("ij->", a)
s.backward()
show(s, a.grad)

# %% einsum-repeated-output-index-error
with raises():
    mg.einsum("ij->ii", mg.tensor(np.ones((2, 2))))

# %% einsum-diag-extract
a = mg.tensor(np.arange(9.0).reshape(3, 3))
d = mg.einsum("ii->i", a)
d.backward(np.array([1.0, 2.0, 3.0]))
show(d, a.grad)

# %% einsum-three-operands
a = mg.tensor([1.0, 2.0])
b = mg.tensor([[1.0, 0.0], [0.0, 1.0]])
c = mg.tensor([3.0, 4.0])
r = mg.einsum("i,ij,j->", a, b, c)
r.backward()
show(r, a.grad, b.grad, c.grad)

# %% norm-axis-none-2d-vector-style
x = mg.tensor([[3.0, 4.0], [0.0, 0.0]])
n = mg.linalg.norm(x, axis=1)
n.backward()
show(n, x.grad)

# %% norm-zero-vector-grad
x = mg.tensor([0.0, 0.0])
n = mg.linalg.norm(x)
with np.errstate(all="ignore"):
    n.backward()
show(n, x.grad)

# %% norm-ord-3
x = mg.tensor([1.0, -2.0, 2.0])
n = mg.linalg.norm(x, ord=3)
n.backward()
show(n, x.grad)

# %% norm-neg-inf
x = mg.tensor([1.0, -0.5, 2.0])
n = mg.linalg.norm(x, ord=-np.inf)
n.backward()
show(n, x.grad)

# %% reshape-minus-one-grad
x = mg.tensor(np.arange(6.0).reshape(2, 3))
r = mg.reshape(x, -1)
r.backward(np.arange(6.0))
show(r, x.grad)

# %% transpose-negative-axes
x = mg.tensor(np.zeros((2, 3, 4)))
show(mg.transpose(x, (-1, 0, 1)).shape)

# %% expand-dims-negative
x = mg.tensor([1.0, 2.0])
show(mg.expand_dims(x, -1).shape, mg.expand_dims(x, 0).shape)

# %% squeeze-axis-tuple
x = mg.tensor(np.zeros((1, 2, 1)))
show(mg.squeeze(x, axis=(0, 2)).shape)

# %% broadcast-to-grad-sum
x = mg.tensor([1.0, 2.0])
b = mg.broadcast_to(x, (3, 2))
(b * mg.tensor([[1.0], [2.0], [3.0]])).backward()
show(x.grad)

# %% broadcast-to-bad
with raises():
    mg.broadcast_to(mg.tensor([1.0, 2.0]), (3,))

# %% concatenate-size0
a = mg.tensor(np.zeros((0, 2)))
b = mg.tensor([[1.0, 2.0]])
c = mg.concatenate([a, b])
c.backward()
show(c, a.grad, b.grad)

# %% concatenate-with-array
a = mg.tensor([1.0])
c = mg.concatenate([a, np.array([2.0, 3.0])])
c.backward()
show(c, a.grad)

# %% stack-negative-axis
a = mg.tensor([[1.0, 2.0]])
b = mg.tensor([[3.0, 4.0]])
s = mg.stack([a, b], axis=-1)
s.backward()
show(s.shape, a.grad)

# %% roll-axis-and-negative-shift
x = mg.tensor(np.arange(6.0).reshape(2, 3))
r = mg.roll(x, -1, axis=1)
r.backward(np.arange(6.0).reshape(2, 3))
show(r, x.grad)

# %% repeat-axis-none-2d
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
r = mg.repeat(x, 2)
r.backward()
show(r.shape, x.grad)

# %% index-negative-index-grad
x = mg.tensor([1.0, 2.0, 3.0])
y = x[-1] * x[-3]
y.backward()
show(y, x.grad)

# %% index-bool-0d-scalar
x = mg.tensor([1.0, 2.0])
show(x[True].shape, x[False].shape)

# %% index-empty-list
x = mg.tensor([1.0, 2.0])
y = x[[]]
show(y)

# %% index-advanced-broadcast
x = mg.tensor(np.arange(12.0).reshape(3, 4))
rows = np.array([[0], [2]])
cols = np.array([1, 3])
y = x[rows, cols]
y.backward()
show(y, x.grad)

# %% index-tuple-of-lists-repeated-accumulate
x = mg.tensor(np.zeros((2, 2)))
y = x[[0, 0, 1], [1, 1, 0]]
y.backward(np.array([1.0, 2.0, 3.0]))
show(x.grad)

# %% setitem-advanced-repeated
x = mg.tensor([1.0, 2.0, 3.0])
y = x * 1
v = mg.tensor([10.0, 20.0])
y[[0, 0]] = v
y.backward()
show(y, x.grad, v.grad)

# %% setitem-boolean-mask-scalar
x = mg.tensor([1.0, -2.0, 3.0])
y = x * 1
y[y < 0] = 0.0
y.backward()
show(y, x.grad)

# %% exp-overflow-inf
with np.errstate(all="ignore"):
    y = mg.exp(mg.tensor([1000.0]))
show(y)

# %% sqrt-zero-grad
x = mg.tensor([0.0, 4.0])
y = mg.sqrt(x)
with np.errstate(all="ignore"):
    y.backward()
show(x.grad)

# %% divide-by-zero
x = mg.tensor([1.0, 0.0])
with np.errstate(all="ignore"):
    y = 1 / x
    y.backward()
show(y, x.grad)

# %% power-negative-base-fractional
x = mg.tensor([-8.0])
with np.errstate(all="ignore"):
    y = x ** (1 / 3)
show(y)

# %% power-int-tensor-int-exponent
x = mg.tensor([2, 3])
show(x ** 2, 2 ** x)

# %% power-zero-exponent-grad
x = mg.tensor([0.0, 2.0])
y = x ** 0
y.backward()
show(y, x.grad)

# %% add-bool-tensors
x = mg.tensor([True, False])
show(x + x, x * x)

# %% mixed-float32-float64-tensors
a = mg.tensor(np.array([1.0], dtype=np.float32))
b = mg.tensor(np.array([2.0], dtype=np.float64))
c = a * b
c.backward()
show(c, a.grad, b.grad)

# %% int8-overflow
x = mg.tensor(np.array([100], dtype=np.int8))
show(x + x)

# %% logaddexp-large
x = mg.tensor([1000.0, -1000.0])
y = mg.logaddexp(x, x)
y.backward()
show(y, x.grad)

# %% log-int-input
x = mg.tensor([1, 10])
show(mg.log10(x), mg.log2(x))
