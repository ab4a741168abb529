"""MyGrad 2.5's import paths, mapped onto this project's one implementation.

MyGrad 2.5 spreads its API over ~80 modules (``mygrad.math.arithmetic.funcs``,
``mygrad.tensor_manip.array_shape.ops``, ``mygrad.nnet.layers.batchnorm`` ...).
Programs written for it import from those paths, so they must keep working,
but this project keeps each function in one place (``mygrad/ops/*.py``,
``mygrad/nn/functional``). ``PATHS`` below is the whole bridge: for each
MyGrad module that has no file here, the names it exposes and where each one
lives. Nothing is copied: ``mygrad.math.arithmetic.funcs.add is mygrad.add``.

How the modules come to exist:

* ``install()`` (called at the end of ``mygrad/__init__.py``) puts a finder on
  ``sys.meta_path`` that builds an alias module for any path in ``PATHS``, and
  imports them all. So, as in MyGrad, ``import mygrad`` alone makes
  ``mygrad.math.arithmetic.funcs.add`` reachable.
* An alias module looks its names up only when they are first read (PEP 562
  ``__getattr__``), so a name can point at code that is imported later or is
  still being written; an unavailable one raises ``AttributeError`` saying where
  it was looked for.
* Where MyGrad has a package but this project a plain module
  (``mygrad.nnet.layers``, ``mygrad.random``, ``mygrad.linalg`` ...), the plain
  module is given an empty ``__path__`` so that the alias submodules can be
  imported from it. As in MyGrad, an attribute the module already has wins
  over a submodule of the same name: ``mygrad.nnet.layers.batchnorm`` is the
  function, even after ``import mygrad.nnet.layers.batchnorm``.

>>> import mygrad as mg
>>> from mygrad.math.arithmetic.funcs import add
>>> add is mg.add
True
>>> from mygrad.tensor_manip.array_shape.ops import Reshape
>>> type(mg.reshape(mg.arange(4.0), (2, 2)).creator) is Reshape
True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from typing import Dict, List, Optional

__all__ = ["PATHS", "install"]


def _same_names(source: str, names: str) -> Dict[str, str]:
    """``{name: source}`` for each of the space-separated ``names``: they keep their name in ``source``."""
    return {name: source for name in names.split()}


# MyGrad module -> {name it exposes: where it lives here}. "module" means the same name in
# that module, "module:other" a different one (MyGrad's op classes are sometimes named
# differently: its StdDev is our Std). Funcs point at the top-level ``mygrad`` name, the
# public one, so the aliases stay identical to ``mg.<name>`` whatever module defines it.
# MyGrad op classes that have no counterpart here are left out (see the test's list).
_OPS = "mygrad.ops."
_F = "mygrad.nn.functional."

PATHS: Dict[str, Dict[str, str]] = {
    # ------------------------------------------------------------------ mygrad.math
    "mygrad.math": {},
    "mygrad.math.arithmetic": {},
    "mygrad.math.arithmetic.funcs": _same_names(
        "mygrad", "add add_sequence divide multiply multiply_sequence negative positive power reciprocal square "
                  "subtract true_divide"),
    "mygrad.math.arithmetic.ops": {
        **_same_names(_OPS + "arithmetic", "Add Divide Multiply Negative Positive Power Reciprocal Square Subtract"),
        **_same_names(_OPS + "sequence", "AddSequence MultiplySequence"),
    },
    "mygrad.math.consts": _same_names("mygrad", "e euler_gamma inf nan newaxis pi"),
    "mygrad.math.exp_log": {},
    "mygrad.math.exp_log.funcs": _same_names("mygrad", "exp exp2 expm1 log log10 log1p log2 logaddexp logaddexp2"),
    "mygrad.math.exp_log.ops": {
        **_same_names(_OPS + "exp_log", "Exp Exp2 Expm1 Log Log10 Log1p Log2"),
        "Logaddexp": _OPS + "exp_log:LogAddExp",
        "Logaddexp2": _OPS + "exp_log:LogAddExp2",
    },
    "mygrad.math.hyperbolic_trig": {},
    "mygrad.math.hyperbolic_trig.funcs": _same_names(
        "mygrad", "arccosh arccoth arccsch arcsinh arctanh cosh coth csch sech sinh tanh"),
    "mygrad.math.hyperbolic_trig.ops": {
        **_same_names(_OPS + "trig", "Arccosh Arcsinh Arctanh Cosh Sinh Tanh"),
        **_same_names(_OPS + "reciprocal_trig", "Arccoth Arccsch Coth Csch Sech"),
    },
    "mygrad.math.misc": {},
    "mygrad.math.misc.funcs": _same_names(
        "mygrad", "abs absolute cbrt clip matmul maximum minimum multi_matmul sqrt"),
    "mygrad.math.misc.ops": {
        "Abs": _OPS + "arithmetic:Absolute",
        **_same_names(_OPS + "arithmetic", "Cbrt Maximum Minimum Sqrt"),
    },
    "mygrad.math.nondifferentiable": _same_names("mygrad", "any argmax argmin"),
    "mygrad.math.sequential": {},
    "mygrad.math.sequential.funcs": _same_names(
        "mygrad", "amax amin cumprod cumsum max mean min prod std sum var"),
    "mygrad.math.sequential.ops": {
        **_same_names(_OPS + "reductions", "CumProd CumSum Max Mean Min Prod Sum"),
        "StdDev": _OPS + "reductions:Std",
        "Variance": _OPS + "reductions:Var",
    },
    "mygrad.math.trigonometric": {},
    "mygrad.math.trigonometric.funcs": _same_names(
        "mygrad", "arccos arccot arccsc arcsec arcsin arctan arctan2 cos cot csc sec sin sinc tan"),
    "mygrad.math.trigonometric.ops": {
        **_same_names(_OPS + "trig", "Arccos Arcsin Arctan Arctan2 Cos Sin Sinc Tan"),
        **_same_names(_OPS + "reciprocal_trig", "Arccot Arccsc Arcsec Cot Csc Sec"),
    },
    # ------------------------------------------------------------------ tensors, creation, shapes
    "mygrad.tensor_base": {
        **_same_names("mygrad", "Tensor asarray astensor tensor"),
        "implements_numpy_override": _OPS + "numpy_protocol",
    },
    "mygrad.operation_base": {
        **_same_names("mygrad", "Operation execute_op"),
        **_same_names(_OPS + "ufunc", "BinaryUfunc Sequential Ufunc UnaryUfunc"),
        "BroadcastableOp": "mygrad:Operation",  # MyGrad's base for broadcasting ops: every Operation here
        "SkipGradient": "mygrad.errors",
    },
    "mygrad.ufuncs": {
        **_same_names(_OPS + "ufunc",
                      "MyGradBinaryUfunc MyGradUnaryUfunc ufunc ufunc_creator Ufunc UnaryUfunc BinaryUfunc Sequential"),
    },
    "mygrad.tensor_creation": {},
    "mygrad.tensor_creation.funcs": _same_names(
        "mygrad", "arange empty empty_like eye full full_like geomspace identity linspace logspace ones ones_like "
                  "zeros zeros_like"),
    "mygrad.tensor_manip": {},
    "mygrad.tensor_manip.array_shape": {},
    "mygrad.tensor_manip.array_shape.funcs": _same_names(
        "mygrad", "atleast_1d atleast_2d atleast_3d broadcast_to expand_dims ravel reshape squeeze"),
    "mygrad.tensor_manip.array_shape.ops": _same_names(
        _OPS + "shape", "AtLeast1D AtLeast2D AtLeast3D BroadcastTo ExpandDims Flatten Ravel Reshape Squeeze"),
    "mygrad.tensor_manip.tensor_joining": {},
    "mygrad.tensor_manip.tensor_joining.funcs": _same_names("mygrad", "concatenate stack"),
    "mygrad.tensor_manip.tensor_joining.ops": _same_names(_OPS + "joining", "Concatenate"),
    "mygrad.tensor_manip.tiling": {},
    "mygrad.tensor_manip.tiling.funcs": _same_names("mygrad", "repeat"),
    "mygrad.tensor_manip.tiling.ops": _same_names(_OPS + "shape", "Repeat"),
    "mygrad.tensor_manip.transpose_like": {},
    "mygrad.tensor_manip.transpose_like.funcs": _same_names("mygrad", "moveaxis roll swapaxes transpose"),
    "mygrad.tensor_manip.transpose_like.ops": {
        **_same_names(_OPS + "axes", "MoveAxis Roll SwapAxes Transpose"),
        "Tensor_Transpose_Property": _OPS + "axes:Transpose",  # Tensor.T is a plain Transpose here
    },
    "mygrad.indexing_routines": {},
    "mygrad.indexing_routines.funcs": _same_names("mygrad", "where"),
    "mygrad.indexing_routines.ops": _same_names(_OPS + "selection", "Where"),
    "mygrad.no_grad_funcs": _same_names(
        "mygrad", "allclose bincount can_cast ceil copyto divmod equal floor floor_divide fmod greater greater_equal "
                  "isclose isfinite isinf isnan isnat less less_equal logical_and logical_not logical_or "
                  "logical_xor may_share_memory min_scalar_type mod not_equal remainder result_type rint shape "
                  "shares_memory sign signbit trunc"),
    # ------------------------------------------------------------------ submodules of plain modules here
    "mygrad.linalg.funcs": _same_names("mygrad.linalg", "einsum norm"),
    "mygrad.linalg.ops": {**_same_names(_OPS + "linalg", "EinSum"), **_same_names(_OPS + "norms", "Norm")},
    "mygrad.random.funcs": _same_names(
        "mygrad.random", "rand randint randn random random_sample ranf sample seed"),
    "mygrad.nnet.activations.elu": _same_names("mygrad.nnet.activations", "elu ELU"),
    "mygrad.nnet.activations.glu": _same_names("mygrad.nnet.activations", "glu"),
    "mygrad.nnet.activations.hard_tanh": _same_names("mygrad.nnet.activations", "hard_tanh"),
    "mygrad.nnet.activations.leaky_relu": _same_names("mygrad.nnet.activations", "leaky_relu"),
    "mygrad.nnet.activations.relu": _same_names("mygrad.nnet.activations", "relu ReLu"),
    "mygrad.nnet.activations.selu": _same_names("mygrad.nnet.activations", "selu SELU"),
    "mygrad.nnet.activations.sigmoid": {"sigmoid": "mygrad.nnet.activations", "Sigmoid": _F + "activations"},
    "mygrad.nnet.activations.soft_sign": _same_names("mygrad.nnet.activations", "soft_sign"),
    "mygrad.nnet.activations.softmax": {
        **_same_names("mygrad.nnet.activations", "softmax logsoftmax"),
        **_same_names(_F + "softmax", "Softmax LogSoftmax"),
    },
    **{f"mygrad.nnet.initializers.{name}": _same_names("mygrad.nnet.initializers", name)
       for name in "constant dirac glorot_normal glorot_uniform he_normal he_uniform normal uniform".split()},
    "mygrad.nnet.layers.batchnorm": _same_names("mygrad.nnet.layers", "batchnorm"),
    "mygrad.nnet.layers.conv": {"conv_nd": "mygrad.nnet.layers", "ConvND": _F + "conv"},
    "mygrad.nnet.layers.gru": {"gru": "mygrad.nnet.layers", "GRUnit": _F + "recurrent:GRU"},
    "mygrad.nnet.layers.pooling": {"max_pool": "mygrad.nnet.layers", "MaxPoolND": _F + "pooling"},
    "mygrad.nnet.layers.utils": _same_names("mygrad", "sliding_window_view"),
    "mygrad.nnet.losses.focal_loss": _same_names("mygrad.nnet.losses", "focal_loss softmax_focal_loss FocalLoss"),
    **{f"mygrad.nnet.losses.{name}": _same_names("mygrad.nnet.losses", name)
       for name in "margin_ranking_loss multiclass_hinge negative_log_likelihood softmax_crossentropy".split()},
}


def _children(module_name: str) -> List[str]:
    """The table's direct submodules of ``module_name`` (``mygrad.math`` -> ``arithmetic``, ``consts``, ...)."""
    prefix = module_name + "."
    return [name[len(prefix):] for name in PATHS if name.startswith(prefix) and "." not in name[len(prefix):]]


def _resolve(module_name: str, name: str) -> object:
    """Import the object that ``module_name.name`` stands for, from where it lives here."""
    source, _, attribute = PATHS[module_name][name].partition(":")
    try:
        return getattr(importlib.import_module(source), attribute or name)
    except (ImportError, AttributeError) as error:
        raise AttributeError(
            f"{module_name}.{name} (a MyGrad 2.5 name) stands for {source}.{attribute or name}, "
            f"which is not available: {error}") from error


def _make_getattr(module: types.ModuleType):
    """PEP 562 ``__getattr__`` for an alias module: resolve a table name on first use, then keep it."""
    def __getattr__(name: str) -> object:
        if name not in PATHS[module.__name__]:
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
        value = _resolve(module.__name__, name)
        setattr(module, name, value)  # later reads are plain attribute lookups
        return value
    return __getattr__


class _AliasLoader(importlib.abc.Loader):
    """Fills in an alias module: its docstring, ``__all__`` and the lazy ``__getattr__``."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # a plain module object

    def exec_module(self, module: types.ModuleType) -> None:
        names = sorted(PATHS[module.__name__])
        module.__doc__ = f"MyGrad 2.5's ``{module.__name__}``: aliases of our own objects (mygrad._mygrad25_paths)."
        if names:
            module.__all__ = names
        module.__getattr__ = _make_getattr(module)
        module.__dir__ = lambda: sorted(set(names) | set(vars(module)))


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Answers imports of the paths in ``PATHS``, and nothing else."""

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> Optional[importlib.machinery.ModuleSpec]:
        if fullname not in PATHS:
            return None
        return importlib.machinery.ModuleSpec(fullname, _LOADER, is_package=bool(_children(fullname)))


_LOADER = _AliasLoader()
_FINDER = _AliasFinder()
_NOT_SET = object()


def install() -> None:
    """Register the finder and import every alias module (parents first), as ``import mygrad`` does in MyGrad."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    for name in sorted(PATHS):  # sorted: a parent sorts before its children
        parent_name, _, child = name.rpartition(".")
        parent = importlib.import_module(parent_name)
        if not hasattr(parent, "__path__"):
            parent.__path__ = []  # a plain module here, a package in MyGrad: let it hold submodules
        existing = vars(parent).get(child, _NOT_SET)
        importlib.import_module(name)
        if existing is not _NOT_SET:
            setattr(parent, child, existing)  # importing set parent.child to the module: keep the function
