# Hand-written snippets: public import paths of MyGrad 2.5 and a user-written Operation.

# %% tensor-base-tensor
from mygrad.tensor_base import Tensor
show(Tensor is mg.Tensor)

# %% operation-base-operation
from mygrad.operation_base import Operation
show(isinstance(Operation, type))

# %% operation-base-ufunc-classes
from mygrad.operation_base import Operation, UnaryUfunc, BinaryUfunc
show(issubclass(UnaryUfunc, Operation), issubclass(BinaryUfunc, Operation))

# %% errors-module-path
import mygrad.errors
from mygrad.errors import InvalidBackprop
show(mygrad.errors.InvalidBackprop is InvalidBackprop)

# %% math-arithmetic-ops
from mygrad.math.arithmetic.ops import Add, Multiply, Subtract, Divide, Power
from mygrad.operation_base import Operation
show([issubclass(c, Operation) for c in (Add, Multiply, Subtract, Divide, Power)])

# %% math-arithmetic-funcs
from mygrad.math.arithmetic.funcs import add, multiply
show(add is mg.add, multiply is mg.multiply)

# %% math-exp-log-and-trig-paths
from mygrad.math.exp_log.funcs import exp, log
from mygrad.math.trigonometric.funcs import sin, cos
from mygrad.math.hyperbolic_trig.funcs import tanh
show(exp is mg.exp, log is mg.log, sin is mg.sin, cos is mg.cos, tanh is mg.tanh)

# %% math-sequential-funcs
from mygrad.math.sequential.funcs import sum, mean, cumsum
show(sum is mg.sum, mean is mg.mean, cumsum is mg.cumsum)

# %% math-misc-funcs
from mygrad.math.misc.funcs import clip, maximum, minimum
show(clip is mg.clip, maximum is mg.maximum, minimum is mg.minimum)

# %% tensor-manip-paths
from mygrad.tensor_manip.array_shape.funcs import reshape, squeeze
from mygrad.tensor_manip.transpose_like.funcs import transpose, moveaxis
from mygrad.tensor_manip.tensor_joining.funcs import concatenate, stack
show(reshape is mg.reshape, squeeze is mg.squeeze, transpose is mg.transpose, moveaxis is mg.moveaxis,
     concatenate is mg.concatenate, stack is mg.stack)

# %% tensor-manip-tiling
from mygrad.tensor_manip.tiling.funcs import repeat
show(repeat is mg.repeat)

# %% tensor-creation-paths
from mygrad.tensor_creation.funcs import zeros, ones, arange, linspace
show(zeros is mg.zeros, ones is mg.ones, arange is mg.arange, linspace is mg.linspace)

# %% linalg-paths
from mygrad.linalg.funcs import norm, einsum
from mygrad.math.misc.funcs import multi_matmul
show(norm is mg.linalg.norm, einsum is mg.einsum, multi_matmul is mg.multi_matmul)

# %% matmul-path
from mygrad.math.misc.funcs import matmul
show(matmul is mg.matmul)

# %% indexing-routines-path
from mygrad.indexing_routines.funcs import where
show(where is mg.where)

# %% nnet-layers-modules
import mygrad.nnet.layers.batchnorm
import mygrad.nnet.layers.conv
import mygrad.nnet.layers.pooling
from mygrad.nnet.layers.batchnorm import batchnorm
from mygrad.nnet.layers.conv import conv_nd
from mygrad.nnet.layers.pooling import max_pool
show(batchnorm is mg.nnet.batchnorm, conv_nd is mg.nnet.conv_nd, max_pool is mg.nnet.max_pool)

# %% nnet-layers-utils
from mygrad.nnet.layers.utils import sliding_window_view
show(sliding_window_view is mg.sliding_window_view)

# %% nnet-activation-modules
from mygrad.nnet.activations.relu import relu
from mygrad.nnet.activations.sigmoid import sigmoid
from mygrad.nnet.activations.softmax import softmax, logsoftmax
show(relu is mg.nnet.relu, sigmoid is mg.nnet.sigmoid, softmax is mg.nnet.softmax, logsoftmax is mg.nnet.logsoftmax)

# %% nnet-loss-modules
from mygrad.nnet.losses.softmax_crossentropy import softmax_crossentropy
from mygrad.nnet.losses.multiclass_hinge import multiclass_hinge
from mygrad.nnet.losses.focal_loss import focal_loss, softmax_focal_loss
show(softmax_crossentropy is mg.nnet.softmax_crossentropy, multiclass_hinge is mg.nnet.multiclass_hinge,
     focal_loss is mg.nnet.focal_loss, softmax_focal_loss is mg.nnet.softmax_focal_loss)

# %% nnet-initializer-modules
from mygrad.nnet.initializers.he_normal import he_normal
from mygrad.nnet.initializers.glorot_uniform import glorot_uniform
show(he_normal is mg.nnet.he_normal, glorot_uniform is mg.nnet.glorot_uniform)

# %% random-module
import mygrad.random
from mygrad.random import rand, randn, seed
show(rand is mg.random.rand, randn is mg.random.randn, seed is mg.random.seed)

# %% computational-graph-module
import mygrad.computational_graph
show(hasattr(mygrad.computational_graph, "build_graph"))

# %% typing-module
from mygrad.typing import ArrayLike, DTypeLike, Shape
show(ArrayLike is not None, Shape is not None)

# %% ufuncs-module
import mygrad.ufuncs
show(hasattr(mygrad, "ufunc"))

# %% top-level-constants
show(mg.pi, mg.e, mg.inf, mg.nan, mg.euler_gamma, mg.newaxis)

# %% top-level-dtypes
show([getattr(mg, n) is getattr(np, n) for n in ("float16", "float32", "float64", "int8", "int32", "int64", "bool_", "uint8")])

# %% top-level-numpy-reexports
show(mg.result_type(np.float32, np.int64) == np.result_type(np.float32, np.int64),
     mg.can_cast(np.int32, np.float64), mg.min_scalar_type(10) == np.uint8)

# %% version
show(mg.__version__.split(".")[0])

# %% save-load
import tempfile, os
d = tempfile.mkdtemp()
p = os.path.join(d, "t.npz")
x = mg.tensor([1.0, 2.0], constant=True)
mg.save(p, x)
y = mg.load(p)
show(y, y.constant)

# %% custom-op-unary
from mygrad.operation_base import Operation

class Cube(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return a.data ** 3

    def backward_var(self, grad, index, **kwargs):
        a = self.variables[index]
        return grad * 3 * a.data ** 2

x = mg.tensor([1.0, 2.0])
y = mg.execute_op(Cube, x)
y.backward()
show(y, x.grad)

# %% custom-op-via-tensor-op
from mygrad.operation_base import Operation

class Double(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return 2 * a.data

    def backward_var(self, grad, index, **kwargs):
        return 2 * grad

x = mg.tensor([1.0, -1.0])
y = mg.Tensor._op(Double, x)
(y * y).backward()
show(y, x.grad)

# %% custom-op-binary
from mygrad.operation_base import Operation

class WeightedSum(Operation):
    def __call__(self, a, b):
        self.variables = (a, b)
        return a.data + 3 * b.data

    def backward_var(self, grad, index, **kwargs):
        return grad if index == 0 else 3 * grad

a = mg.tensor([1.0, 2.0])
b = mg.tensor([[1.0], [2.0]])
y = mg.execute_op(WeightedSum, a, b)
y.backward()
show(y, a.grad, b.grad)

# %% custom-op-with-kwargs-and-constant
from mygrad.operation_base import Operation

class Scale(Operation):
    def __call__(self, a, factor=1.0):
        self.variables = (a,)
        self.factor = factor
        return a.data * factor

    def backward_var(self, grad, index, **kwargs):
        return grad * self.factor

x = mg.tensor([1.0, 2.0])
y = mg.execute_op(Scale, x, op_kwargs={"factor": 5.0})
y.backward()
c = mg.execute_op(Scale, x, op_kwargs={"factor": 5.0}, constant=True)
show(y, x.grad, c.constant)

# %% custom-op-creator-and-variables
from mygrad.operation_base import Operation

class Neg(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return -a.data

    def backward_var(self, grad, index, **kwargs):
        return -grad

x = mg.tensor([3.0])
y = mg.execute_op(Neg, x)
show(type(y.creator).__name__, y.creator.variables[0] is x)

# %% custom-op-missing-backward-var
from mygrad.operation_base import Operation

class NoBackward(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return a.data

with raises():
    mg.execute_op(NoBackward, mg.tensor([1.0]))

# %% builtin-op-class-via-execute-op
from mygrad.math.arithmetic.ops import Multiply
a = mg.tensor([2.0, 3.0])
b = mg.tensor([4.0, 5.0])
y = mg.execute_op(Multiply, a, b)
y.backward()
show(y, a.grad, b.grad)

# %% creator-type-names
x = mg.tensor([1.0, 2.0])
show(type((x + x).creator).__name__, type((x * x).creator).__name__, type(mg.sum(x).creator).__name__)

# %% gru-import-path
from mygrad.nnet.layers import gru
from mygrad.nnet.layers.gru import gru as gru2
show(callable(gru), gru is gru2, gru is mg.nnet.gru)

# %% top-level-tensor-import
from mygrad import Tensor, tensor, astensor, execute_op
show(Tensor is mg.Tensor, callable(tensor), callable(astensor), callable(execute_op))

# %% no-grad-funcs-module
import mygrad.no_grad_funcs
show(hasattr(mygrad.no_grad_funcs, "__name__"))

# %% indexing-routines-module
from mygrad import indexing_routines
show(hasattr(indexing_routines, "where"))

# %% tensor-creation-module-attrs
import mygrad.tensor_creation
show(all(hasattr(mygrad.tensor_creation, n) for n in ("zeros", "ones", "arange")))

# %% math-consts
show(mg.math.consts.pi == np.pi if hasattr(mg.math, "consts") else "no consts")

# %% nnet-layers-all
import mygrad.nnet.layers as layers
show(sorted(n for n in ("batchnorm", "conv_nd", "gru", "max_pool") if hasattr(layers, n)))

# %% nnet-losses-all
import mygrad.nnet.losses as losses
names = ("focal_loss", "margin_ranking_loss", "multiclass_hinge", "negative_log_likelihood",
         "softmax_crossentropy", "softmax_focal_loss")
show([hasattr(losses, n) for n in names])

# %% nnet-activations-all
import mygrad.nnet.activations as acts
names = ("elu", "glu", "hard_tanh", "leaky_relu", "logsoftmax", "relu", "selu", "sigmoid", "soft_sign", "softmax", "tanh")
show([hasattr(acts, n) for n in names])

# %% nnet-initializers-all
import mygrad.nnet.initializers as inits
names = ("constant", "dirac", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "normal", "uniform")
show([hasattr(inits, n) for n in names])

# %% custom-op-documented-multiply
from mygrad.operation_base import Operation

class TimesOp(Operation):
    def __call__(self, a, b):
        self.variables = (a, b)
        return a.data * b.data

    def backward_var(self, grad, index, **kwargs):
        a, b = self.variables
        return grad * (b.data if index == 0 else a.data)

def times(a, b, constant=None):
    return mg.execute_op(TimesOp, a, b, constant=constant)

x = mg.tensor(2.0)
y = mg.tensor([1.0, 2.0, 3.0])
times(x, y).backward()
show(x.grad, y.grad, times(x, y, constant=True).constant)

# %% custom-op-array-inputs-constant
from mygrad.operation_base import Operation

class Sq(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return a.data ** 2

    def backward_var(self, grad, index, **kwargs):
        return 2 * grad * self.variables[0].data

r = mg.execute_op(Sq, np.array([3.0]))
show(r, r.constant)

# %% custom-op-out-keyword-needs-op-support
from mygrad.operation_base import Operation

class Inc(Operation):
    def __call__(self, a):
        self.variables = (a,)
        return a.data + 1

    def backward_var(self, grad, index, **kwargs):
        return grad

out = np.zeros(2)
with raises():
    mg.execute_op(Inc, mg.tensor([1.0, 2.0]), out=out)
show(out)

# %% custom-op-overriding-backward
from mygrad.operation_base import Operation
class Cube(Operation):
    def __call__(self, x):
        self.variables = (x,)
        return x.data ** 3
    def backward(self, grad, **kwargs):
        self.slope = 3 * self.variables[0].data ** 2
        return super().backward(grad, **kwargs)
    def backward_var(self, grad, index, **kwargs):
        return grad * self.slope
x = mg.tensor([1.0, -2.0])
y = mg.execute_op(Cube, x)
y.backward()
show(y, x.grad)
