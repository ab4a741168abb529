# Hand-written snippets: mygrad's ufunc objects, their attributes, keywords and NumPy overrides.

# %% attrs-add
show(mg.add.__name__, mg.add.nin, mg.add.nout, mg.add.nargs, mg.add.identity, mg.add.signature)

# %% attrs-multiply
show(mg.multiply.__name__, mg.multiply.nin, mg.multiply.nargs, mg.multiply.identity)

# %% attrs-exp
show(mg.exp.__name__, mg.exp.nin, mg.exp.nout, mg.exp.nargs, mg.exp.identity, mg.exp.signature)

# %% attrs-ntypes
names = ["add", "subtract", "multiply", "divide", "power", "exp", "log", "sin", "arctan2", "maximum", "minimum", "logaddexp", "sqrt", "negative"]
show([getattr(mg, n).ntypes for n in names])

# %% attrs-types
show(mg.add.types, mg.sin.types, mg.arctan2.types)

# %% attrs-identities
show(mg.maximum.identity, mg.logaddexp.identity, mg.subtract.identity, mg.power.identity)

# %% attrs-names-various
show([u.__name__ for u in (mg.true_divide, mg.divide, mg.absolute, mg.abs, mg.positive, mg.square, mg.reciprocal)])

# %% ufunc-is-not-numpy-ufunc
show(isinstance(mg.add, np.ufunc), isinstance(mg.exp, np.ufunc))

# %% ufunc-nargs-unary-binary-all
unary = ["exp", "log", "sin", "cos", "tanh", "sqrt", "cbrt", "square", "negative", "exp2", "expm1", "log1p"]
binary = ["add", "subtract", "multiply", "divide", "power", "arctan2", "maximum", "minimum", "logaddexp", "logaddexp2"]
show([getattr(mg, n).nin for n in unary], [getattr(mg, n).nin for n in binary])

# %% call-returns-tensor
r = mg.add(np.array([1.0]), np.array([2.0]))
show(r, type(r))

# %% call-on-python-scalars
show(mg.multiply(2, 3), mg.exp(0.0))

# %% out-keyword-array
x = mg.tensor([1.0, 2.0])
out = np.zeros(2)
r = mg.add(x, 1, out=out)
show(type(r), out)

# %% out-keyword-array-same-data
x = mg.tensor([1.0, 2.0])
out = np.zeros(2)
r = mg.multiply(x, 3, out=out)
show(np.shares_memory(r.data, out), r)

# %% out-keyword-tensor
x = mg.tensor([1.0, 2.0])
out = mg.zeros(2, dtype=float)
r = mg.exp(x, out=out)
show(r is out, out)

# %% out-tensor-grad
x = mg.tensor([1.0, 2.0])
out = mg.zeros(2, dtype=float)
r = mg.multiply(x, x, out=out)
r.backward()
show(x.grad, out.grad)

# %% out-positional-binary
x = mg.tensor([1.0, 2.0])
out = np.zeros(2)
with raises():
    mg.add(x, 1, out)
show(out)

# %% out-positional-unary
x = mg.tensor([0.0, 1.0])
out = np.zeros(2)
with raises():
    mg.exp(x, out)
show(out)

# %% out-wrong-shape
x = mg.tensor([1.0, 2.0])
with raises():
    mg.add(x, 1, out=np.zeros(3))

# %% out-tuple
x = mg.tensor([1.0, 2.0])
out = np.zeros(2)
with raises():
    mg.negative(x, out=(out,))
show(out)

# %% where-with-out
x = mg.tensor([1.0, 2.0, 3.0])
out = np.full(3, -1.0)
mg.multiply(x, 10, where=[True, False, True], out=out)
show(out)

# %% where-with-out-tensor-grad
x = mg.tensor([1.0, 2.0, 3.0])
out = mg.full(3, -1.0)
r = mg.multiply(x, 10, where=np.array([True, False, True]), out=out)
r.backward()
show(r, x.grad)

# %% where-grad-no-out
x = mg.tensor([1.0, 2.0])
r = mg.exp(x, where=np.array([True, False]))
r.backward()
show(x.grad, r.shape)

# %% dtype-keyword
x = mg.tensor([1.0, 2.0])
r = mg.exp(x, dtype=np.float32)
r.backward()
show(r, x.grad)

# %% dtype-keyword-binary
x = mg.tensor([1, 2])
r = mg.add(x, 1, dtype=np.float64)
show(r, r.constant)

# %% constant-keyword
x = mg.tensor([1.0, 2.0])
show(mg.exp(x, constant=True).constant, mg.add(x, x, constant=True).constant)

# %% numpy-add-on-tensor
x = mg.tensor([1.0, 2.0])
r = np.add(x, 1)
r.backward()
show(type(r), r, x.grad)

# %% numpy-exp-on-tensor
x = mg.tensor([0.0, 1.0])
r = np.exp(x)
r.backward()
show(r, x.grad)

# %% numpy-multiply-array-tensor
x = mg.tensor([1.0, 2.0])
r = np.multiply(np.array([3.0, 4.0]), x)
r.backward()
show(r, x.grad)

# %% numpy-sum-on-tensor
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
r = np.sum(x, axis=0)
r.backward()
show(type(r), r, x.grad)

# %% numpy-mean-var-std-on-tensor
x = mg.tensor([1.0, 2.0, 6.0])
show(type(np.mean(x)), np.mean(x), np.var(x), np.std(x))

# %% numpy-functions-on-tensor
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
show(type(np.transpose(x)), type(np.reshape(x, 4)), type(np.concatenate([x, x])), type(np.matmul(x, x)))

# %% numpy-einsum-on-tensor
x = mg.tensor([1.0, 2.0])
r = np.einsum("i,i", x, x)
show(type(r), r)

# %% numpy-function-unsupported
x = mg.tensor([3.0, 1.0, 2.0])
with raises():
    r = np.sort(x)

# %% numpy-floor-on-tensor-constant
x = mg.tensor([1.5, -0.5], constant=True)
r = np.floor(x)
show(type(r), r)

# %% numpy-isnan-on-tensor
x = mg.tensor([1.0, np.nan])
r = np.isnan(x)
show(type(r), r)

# %% numpy-out-tensor
x = mg.tensor([1.0, 2.0])
out = mg.zeros(2, dtype=float)
r = np.multiply(x, 2, out=out)
show(r is out, out)

# %% method-reduce
x = mg.tensor([1.0, 2.0, 3.0])
with raises():
    mg.add.reduce(x)

# %% method-accumulate
x = mg.tensor([1.0, 2.0, 3.0])
with raises():
    mg.multiply.accumulate(x)

# %% method-outer
x = mg.tensor([1.0, 2.0])
with raises():
    mg.add.outer(x, x)

# %% method-at
x = np.array([1.0, 2.0, 3.0])
with raises():
    mg.add.at(x, [0, 0], 1.0)
show(x)

# %% method-reduceat
x = mg.tensor([1.0, 2.0, 3.0, 4.0])
with raises():
    mg.add.reduceat(x, [0, 2])

# %% method-unary-reduce
with raises():
    mg.exp.reduce(mg.tensor([1.0]))

# %% method-outer-too-few-args
with raises():
    mg.multiply.outer(mg.tensor([1.0]))

# %% numpy-add-reduce-on-tensor
x = mg.tensor([1.0, 2.0, 3.0])
r = np.add.reduce(x)
show(type(r), r)

# %% numpy-multiply-outer-on-tensor
x = mg.tensor([1.0, 2.0])
with raises():
    r = np.multiply.outer(x, x)
    show(type(r), r)

# %% ufunc-wrong-arg-count
with raises():
    mg.add(mg.tensor([1.0]))

# %% ufunc-too-many-args
with raises():
    mg.exp(mg.tensor([1.0]), 2.0, 3.0)

# %% ufunc-broadcast-error
with raises():
    mg.add(mg.tensor([1.0, 2.0]), mg.tensor([1.0, 2.0, 3.0]))

# %% ufunc-unknown-kwarg
with raises():
    mg.exp(mg.tensor([1.0]), bogus=1)

# %% ufunc-signature-in-dir
show(all(hasattr(mg.add, a) for a in ("nin", "nout", "nargs", "ntypes", "types", "identity", "signature")))

# %% out-keyword-tensor-is-view-of-other
x = mg.tensor([1.0, 2.0, 3.0])
base = mg.zeros(4, dtype=float)
out = base[1:]
r = mg.multiply(x, 2, out=out)
show(base, r is out)

# %% out-keyword-constant-tensor
x = mg.tensor([1.0, 2.0])
out = mg.zeros(2, dtype=float, constant=True)
r = mg.add(x, 1, out=out)
r.backward()
show(r, x.grad)

# %% out-keyword-dtype-mismatch-int
x = mg.tensor([1.5, 2.5])
out = np.zeros(2, dtype=np.int64)
with raises():
    mg.add(x, 1, out=out)
show(out)

# %% out-and-where-unary
x = mg.tensor([1.0, 4.0, 9.0])
out = np.full(3, 7.0)
mg.sqrt(x, out=out, where=np.array([False, True, True]))
show(out)

# %% where-broadcast-mask
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
out = mg.zeros((2, 2), dtype=float)
r = mg.negative(x, out=out, where=np.array([True, False]))
r.backward()
show(r, x.grad)

# %% where-false-scalar
x = mg.tensor([1.0, 2.0])
out = np.ones(2)
mg.exp(x, out=out, where=False)
show(out)

# %% dtype-float32-binary-grad
x = mg.tensor([1.0, 2.0])
y = mg.tensor([3.0, 4.0])
r = mg.multiply(x, y, dtype=np.float32)
r.backward()
show(r, x.grad, y.grad)

# %% casting-keyword
x = mg.tensor([1.0, 2.0])
with raises():
    r = mg.add(x, 1, casting="same_kind")
    show(r)

# %% order-keyword
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
with raises():
    r = mg.exp(x, order="F")
    show(r)

# %% subok-keyword
x = mg.tensor([1.0])
with raises():
    r = mg.exp(x, subok=True)
    show(r)

# %% numpy-ufunc-out-array-with-tensor-input
x = mg.tensor([1.0, 2.0])
out = np.zeros(2)
r = np.add(x, 1, out=out)
show(type(r), out)

# %% numpy-ufunc-where-tensor-input
x = mg.tensor([1.0, 2.0])
out = np.zeros(2)
r = np.multiply(x, 3, out=out, where=np.array([True, False]))
show(type(r), out)

# %% numpy-ufunc-two-outputs
x = mg.tensor([1.5, -2.5], constant=True)
with raises():
    r = np.modf(x)
    show(type(r))

# %% numpy-divmod-on-tensor
x = mg.tensor([7.0, -3.0], constant=True)
with raises():
    q, r = np.divmod(x, 2)
    show(q, r)

# %% mg-divmod
x = mg.tensor([7.0, -3.0], constant=True)
with raises():
    q, r = mg.divmod(x, 2)
    show(q, r)

# %% numpy-logical-on-tensor
x = mg.tensor([1.0, 0.0])
show(np.logical_and(x, True), mg.logical_not(x), mg.logical_or(x, False), mg.logical_xor(x, x))

# %% numpy-comparison-ufuncs-on-tensor
x = mg.tensor([1.0, 2.0])
show(np.greater(x, 1), mg.less_equal(x, 1), mg.equal(x, x), mg.not_equal(x, 2))

# %% isfinite-isinf-isnan-signbit
x = mg.tensor([1.0, np.inf, np.nan, -0.0])
show(mg.isfinite(x), mg.isinf(x), mg.isnan(x), mg.signbit(x))

# %% numpy-maximum-on-tensors-grad
x = mg.tensor([1.0, 5.0])
y = mg.tensor([3.0, 2.0])
r = np.maximum(x, y)
r.backward()
show(type(r), x.grad, y.grad)

# %% numpy-power-on-tensor
x = mg.tensor([2.0, 3.0])
r = np.power(x, 2)
r.backward()
show(r, x.grad)

# %% numpy-square-sqrt-on-tensor
x = mg.tensor([4.0, 9.0])
r = np.sqrt(np.square(x))
r.backward()
show(r, x.grad)

# %% numpy-negative-positive-on-tensor
x = mg.tensor([1.0, -2.0])
r = np.negative(x) + np.positive(x)
show(r)

# %% numpy-absolute-on-tensor
x = mg.tensor([1.0, -2.0])
r = np.absolute(x)
r.backward()
show(type(r), x.grad)

# %% numpy-matmul-out
a = mg.tensor([[1.0, 2.0]])
b = mg.tensor([[3.0], [4.0]])
out = np.zeros((1, 1))
r = np.matmul(a, b, out=out)
show(type(r), out)

# %% numpy-functions-on-tensors-many
x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
show(np.max(x), np.min(x), np.prod(x), np.cumsum(x), np.cumprod(x), np.squeeze(x).shape)

# %% numpy-where-on-tensor
x = mg.tensor([1.0, 2.0])
r = np.where(x > 1, x, 0.0)
show(type(r), r)

# %% numpy-clip-on-tensor
x = mg.tensor([1.0, 5.0])
r = np.clip(x, 2, 4)
r.backward()
show(type(r), x.grad)

# %% numpy-stack-and-moveaxis
x = mg.tensor([1.0, 2.0])
show(type(np.stack([x, x])), type(np.moveaxis(np.stack([x, x]), 0, 1)), type(np.expand_dims(x, 0)))

# %% numpy-linalg-norm-on-tensor
x = mg.tensor([3.0, 4.0])
r = np.linalg.norm(x)
show(type(r), r)

# %% numpy-array-equal-on-tensors
x = mg.tensor([1.0, 2.0])
show(np.array_equal(x, x), np.allclose(x, [1.0, 2.0]))

# %% mg-allclose-isclose
x = mg.tensor([1.0, 2.0])
show(mg.allclose(x, [1.0, 2.0 + 1e-12]), mg.isclose(x, [1.0, 3.0]))
