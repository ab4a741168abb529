# Hand-written snippets: mygrad.random functions draw from NumPy's global random state.

# %% module-functions
show([hasattr(mg.random, n) for n in ("rand", "randint", "randn", "random", "random_sample", "ranf", "sample", "seed")])

# %% rand-after-np-seed
np.random.seed(0)
t = mg.random.rand(2, 3)
show(t)

# %% rand-no-args
np.random.seed(1)
t = mg.random.rand()
show(t, type(t))

# %% rand-constant
np.random.seed(2)
show(mg.random.rand(2, constant=True).constant, mg.random.rand(2).constant)

# %% randn-after-np-seed
np.random.seed(3)
show(mg.random.randn(4))

# %% randn-matches-numpy
np.random.seed(4)
a = mg.random.randn(2, 2)
np.random.seed(4)
b = np.random.randn(2, 2)
show(np.array_equal(a.data, b))

# %% randint-basic
np.random.seed(5)
t = mg.random.randint(0, 10, (3,))
show(t, t.constant)

# %% randint-low-only
np.random.seed(6)
show(mg.random.randint(5, shape=4))

# %% randint-dtype
np.random.seed(7)
t = mg.random.randint(-3, 3, shape=(2, 2), dtype=np.int8)
show(t)

# %% randint-bad-range
with raises():
    mg.random.randint(5, 2, shape=3)

# %% random-shape
np.random.seed(8)
show(mg.random.random((2,)), mg.random.random())

# %% random-sample-ranf-sample
np.random.seed(9)
a = mg.random.random_sample(2)
b = mg.random.ranf(2)
c = mg.random.sample(2)
show(a, b, c)

# %% random-aliases-constant
np.random.seed(10)
show(mg.random.ranf(1, constant=True).constant, mg.random.sample(1).constant)

# %% mg-random-seed
mg.random.seed(11)
a = mg.random.rand(3)
np.random.seed(11)
b = np.random.rand(3)
show(a, np.array_equal(a.data, b))

# %% mg-random-seed-affects-numpy
mg.random.seed(12)
show(np.random.rand(2))

# %% seed-repeatable
np.random.seed(13)
a = mg.random.randn(3)
np.random.seed(13)
b = mg.random.randn(3)
show(np.array_equal(a.data, b.data))

# %% interleaved-with-numpy
np.random.seed(14)
a = mg.random.rand(2)
b = np.random.rand(2)
c = mg.random.randn(2)
show(a, b, c)

# %% random-results-are-leaves
np.random.seed(15)
t = mg.random.randn(2)
(t * 2).backward()
show(t.grad, t.creator is None)

# %% rand-dtype
np.random.seed(16)
show(str(mg.random.rand(2).dtype), str(mg.random.randn(2).dtype), str(mg.random.randint(3, shape=2).dtype))

# %% rand-zero-size
np.random.seed(17)
show(mg.random.rand(0, 2), mg.random.randn(0))

# %% rand-negative-dim-error
with raises():
    mg.random.rand(-1)

# %% randn-constant-and-shape-tuple-error
np.random.seed(18)
with raises():
    mg.random.randn((2, 2))

# %% rand-float-dim-error
with raises():
    mg.random.rand(2.5)

# %% random-shape-int
np.random.seed(19)
show(mg.random.random(3).shape, mg.random.random_sample((1, 2)).shape)

# %% randint-high-none-shape-none
np.random.seed(20)
t = mg.random.randint(4)
show(t, t.shape)

# %% seed-none-then-reseed
mg.random.seed(None)
mg.random.seed(21)
a = mg.random.rand(2)
np.random.seed(21)
show(np.array_equal(a.data, np.random.rand(2)))

# %% random-then-grad-graph
np.random.seed(22)
w = mg.random.randn(3)
x = mg.tensor([1.0, 2.0, 3.0])
y = (w * x).sum()
y.backward()
show(y, w.grad, x.grad)

# %% rand-float32-cast-via-astype
np.random.seed(23)
w = mg.random.rand(2).astype(np.float32)
show(w)
