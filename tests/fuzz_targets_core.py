"""Fuzz targets of the core and the functional layer: ufuncs, reductions, shapes, indexing, creation,
gradients, nn.functional, nn.init and nnet (see tests/test_bad_inputs_fuzz.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

import mygrad as mg
import mygrad.nn.functional as F
import mygrad.nnet as nnet
from mygrad import nn
from tests.fuzz_support import TARGETS, _kwargs_factory, _t, like_numpy, positional, target, tensor_result

__all__ = ["TARGETS", "UNARY", "BINARY"]  # (TARGETS holds the targets declared here)


# -- core: elementwise ufuncs -----------------------------------------------------------------
UNARY = ["abs", "negative", "positive", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt",
         "square", "reciprocal", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
         "arcsinh", "arccosh", "arctanh"]
BINARY = ["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "logaddexp", "logaddexp2",
          "arctan2"]
for _name in UNARY:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1),
           lambda: dict(x1=_t(2, 3), out=None, where=True, dtype=None),
           result=like_numpy(getattr(np, _name)), names=(_name,))
for _name in BINARY:
    target(f"mg.{_name}", positional(getattr(mg, _name), 2),
           lambda: dict(x1=_t(2, 3), x2=_t(2, 3), out=None, where=True, dtype=None),
           result=like_numpy(getattr(np, _name), 2), names=(_name,))
for _name in ["cot", "csc", "sec", "coth", "csch", "sech", "arccot", "arccsc", "arcsec", "arccoth", "arccsch",
              "sinc"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1), lambda: dict(x=_t(2, 3), constant=None),
           result=tensor_result)
# rounding: constants only (a tensor that needs a gradient is refused); NumPy's results. (fmod is left out: NumPy's
# object loop looks up a .fmod method, so an object raises NumPy's AttributeError, kept as MyGrad 2.5 keeps it.)
for _name in ["floor", "ceil", "trunc", "rint", "sign"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1), lambda: dict(x=mg.tensor(_t(2, 3).data, constant=True)),
           result=like_numpy(getattr(np, _name)), names=(_name,))
for _name, _np_name in [("floor_divide", "floor_divide"), ("remainder", "remainder"), ("mod", "remainder"),
                        ("divmod", "divmod")]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 2),
           lambda: dict(x1=mg.tensor(_t(2, 3).data, constant=True), x2=mg.tensor(_t(2, 3).data + 3, constant=True)),
           result=like_numpy(getattr(np, _np_name), 2), names=(_name, _np_name))
target("mg.matmul", positional(mg.matmul, 2), lambda: dict(x1=_t(2, 3), x2=_t(3, 4)),
       result=like_numpy(np.matmul, 2))
target("mg.clip", positional(mg.clip, 1), lambda: dict(a=_t(2, 3), a_min=-0.5, a_max=0.5),
       result=like_numpy(np.clip, 1))
target("mg.where", positional(mg.where, 3), lambda: dict(condition=np.array([[True, False, True]] * 2),
                                                      x=_t(2, 3), y=_t(2, 3)),
       result=like_numpy(np.where, 3))

# -- core: reductions --------------------------------------------------------------------------
for _name in ["sum", "mean", "max", "min", "amax", "amin", "prod"]:
    _np = {"max": np.max, "min": np.min}.get(_name, getattr(np, _name))
    target(f"mg.{_name}", positional(getattr(mg, _name), 1), lambda: dict(x=_t(2, 3, 4), axis=1, keepdims=False),
           result=like_numpy(_np), names=(_name,))
for _name in ["var", "std"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1),
           lambda: dict(x=_t(2, 3, 4), axis=1, ddof=0, keepdims=False), result=like_numpy(getattr(np, _name)),
           names=(_name,))
for _name in ["cumsum", "cumprod"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 1), lambda: dict(a=_t(2, 3), axis=1),
           result=like_numpy(getattr(np, _name)), names=(_name,))
target("mg.linalg.norm", positional(mg.linalg.norm, 1), lambda: dict(x=_t(2, 3), ord=None, axis=1, keepdims=False),
       result=like_numpy(np.linalg.norm), names=("norm",))

# -- core: shapes, joining, indexing -----------------------------------------------------------
target("mg.reshape", positional(mg.reshape, 2), lambda: dict(a=_t(2, 3), shape=(3, 2)),
       result=like_numpy(np.reshape, 2))
target("mg.transpose", positional(mg.transpose, 2), lambda: dict(a=_t(2, 3, 4), axes=(2, 0, 1)),
       result=like_numpy(np.transpose, 2))
target("mg.moveaxis", positional(mg.moveaxis, 3), lambda: dict(a=_t(2, 3, 4), source=0, destination=2),
       result=like_numpy(np.moveaxis, 3))
target("mg.swapaxes", positional(mg.swapaxes, 3), lambda: dict(a=_t(2, 3, 4), axis1=0, axis2=2),
       result=like_numpy(np.swapaxes, 3))
target("mg.squeeze", positional(mg.squeeze, 2), lambda: dict(a=_t(2, 1, 3), axis=1),
       result=like_numpy(np.squeeze, 2))
target("mg.expand_dims", positional(mg.expand_dims, 2), lambda: dict(a=_t(2, 3), axis=1),
       result=like_numpy(np.expand_dims, 2))
target("mg.broadcast_to", positional(mg.broadcast_to, 2), lambda: dict(array=_t(1, 3), shape=(4, 3)),
       result=like_numpy(np.broadcast_to, 2))
target("mg.repeat", positional(mg.repeat, 3), lambda: dict(a=_t(2, 3), repeats=2, axis=1),
       result=like_numpy(np.repeat, 3))
target("mg.roll", positional(mg.roll, 3), lambda: dict(a=_t(2, 3), shift=1, axis=1), result=like_numpy(np.roll, 3))
target("mg.flatten", mg.flatten, lambda: dict(a=_t(2, 3)), result=tensor_result)
target("mg.ravel", mg.ravel, lambda: dict(a=_t(2, 3)), result=like_numpy(np.ravel))
for _name in ["atleast_1d", "atleast_2d", "atleast_3d"]:
    target(f"mg.{_name}", lambda x, f=getattr(mg, _name): f(x), lambda: dict(x=_t(3)),
           result=like_numpy(getattr(np, _name)))
target("mg.concatenate", lambda arrays, axis: mg.concatenate(arrays, axis=axis),
       lambda: dict(arrays=[_t(2, 3), _t(1, 3)], axis=0), result=like_numpy(np.concatenate))
target("mg.stack", lambda arrays, axis: mg.stack(arrays, axis=axis), lambda: dict(arrays=[_t(2, 3), _t(2, 3)], axis=1),
       result=like_numpy(np.stack))
target("mg.stack element", lambda first, second: mg.stack([first, second]), lambda: dict(first=_t(2, 3),
                                                                                       second=_t(2, 3)),
       names=("stack",))
for _name, _sections in [("split", 3), ("array_split", 4), ("hsplit", [1]), ("vsplit", 2), ("dsplit", [1, 2])]:
    _shape = (4, 3, 3) if _name == "dsplit" else (4, 3)  # (dsplit needs a third axis)
    target(f"mg.{_name}", (lambda split: lambda **kw: tuple(split(**kw)))(positional(getattr(mg, _name), 2)),
           (lambda shape=_shape, sections=_sections, axis=(_name in ("split", "array_split")):
            dict(ary=_t(*shape), indices_or_sections=sections, **({"axis": 1} if axis else {}))),
           result=like_numpy(lambda ary, *args, f=getattr(np, _name), **kw: tuple(f(np.asarray(ary), *args, **kw)), 2))
target("mg.clip out=", lambda a, a_min, a_max, out: mg.clip(a, a_min, a_max, out),
       lambda: dict(a=_t(2, 3), a_min=-0.5, a_max=0.5, out=_t(2, 3)), fuzz=("out",), mutates=("out",),
       names=("clip", "out"))
target("mg.einsum", lambda subscripts, a, b, optimize: mg.einsum(subscripts, a, b, optimize=optimize),
       lambda: dict(subscripts="ij,jk->ik", a=_t(2, 3), b=_t(3, 2), optimize=False), result=like_numpy(np.einsum, 3))
target("mg.multi_matmul", lambda tensors: mg.multi_matmul(tensors),
       lambda: dict(tensors=[_t(2, 3), _t(3, 4), _t(4, 2)]),
       result=tensor_result)
target("mg.add_sequence", lambda a, b, c: mg.add_sequence(a, b, c), lambda: dict(a=_t(2, 3), b=_t(2, 3), c=_t(2, 3)),
       result=tensor_result, names=("add_sequence",))
target("mg.getitem", positional(mg.getitem, 2), lambda: dict(x=_t(2, 3), index=(1, slice(None))),
       result=like_numpy(lambda a, index: np.asarray(a)[index], 2), names=("index", "indices", "getitem"))
target("Tensor.register_hook", lambda x, hook: (x.register_hook(hook), (x * 2).sum().backward()),
       lambda: dict(x=_t(2, 3), hook=lambda grad: grad * 2), fuzz=("hook",), mutates=("x",),
       names=("register_hook", "hook"))
target("Tensor[index]", lambda x, index: x[index], lambda: dict(x=_t(2, 3, 4), index=(0, 1)), fuzz=("index",),
       result=like_numpy(lambda a, index: a[index], 2), names=("index",))
target("Tensor[index] = value", lambda x, index, value: x.__setitem__(index, value),
       lambda: dict(x=_t(2, 3), index=0, value=5.0), fuzz=("index", "value"), mutates=("x",),
       names=("index", "setitem", "assign"))
target("mg.sliding_window_view", positional(mg.sliding_window_view, 2),
       lambda: dict(arr=_t(5, 5), window_shape=(2, 2), step=1, dilation=None),
       result=lambda out, args: isinstance(out, (mg.Tensor, np.ndarray)) or tensor_result(out, args),
       names=("sliding_window_view", "window"))
target("mg.astype", positional(mg.astype, 2), lambda: dict(x=_t(2, 3), dtype="float32"),
       result=like_numpy(lambda a, dtype: np.asarray(a).astype(dtype), 2))
target("Tensor.astype", lambda x, dtype: x.astype(dtype), lambda: dict(x=_t(2, 3), dtype="float32"),
       fuzz=("dtype",), names=("astype", "dtype"))

# -- core: making tensors ----------------------------------------------------------------------
target("mg.tensor", positional(mg.tensor, 1), lambda: dict(arr_like=[[1.0, 2.0]], dtype=None, constant=None,
                                                           ndmin=0), names=("tensor", "Tensor"))
target("mg.zeros", positional(mg.zeros, 2), lambda: dict(shape=(2, 3), dtype="float32"),
       result=like_numpy(np.zeros, 2))
target("mg.ones", positional(mg.ones, 2), lambda: dict(shape=(2, 3), dtype="float32"), result=like_numpy(np.ones, 2))
target("mg.empty", positional(mg.empty, 2), lambda: dict(shape=(2, 3), dtype="float32"), result=tensor_result)
target("mg.full", positional(mg.full, 3), lambda: dict(shape=(2, 3), fill_value=1.5, dtype=None),
       result=like_numpy(np.full, 3))
for _name in ["zeros_like", "ones_like", "empty_like"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 3), lambda: dict(other=_t(2, 3), dtype=None, shape=None),
           result=tensor_result, names=(_name,))
target("mg.full_like", positional(mg.full_like, 4), lambda: dict(other=_t(2, 3), fill_value=2.0, dtype=None,
                                                                 shape=None), result=tensor_result)
target("mg.eye", positional(mg.eye, 4), lambda: dict(N=3, M=4, k=1, dtype=float), result=like_numpy(np.eye, 4))
target("mg.identity", positional(mg.identity, 2), lambda: dict(n=3, dtype=float), result=like_numpy(np.identity, 2))
target("mg.arange", positional(mg.arange, 3), lambda: dict(start=0, stop=5, step=1), result=like_numpy(np.arange, 3),
       raises=(ZeroDivisionError,))  # (NumPy's class for step 0, kept as MyGrad keeps it; the message names arange)
for _name in ["linspace", "logspace", "geomspace"]:
    target(f"mg.{_name}", positional(getattr(mg, _name), 3), lambda: dict(start=1.0, stop=4.0, num=5, dtype=None),
           result=like_numpy(getattr(np, _name), 3), names=(_name,))
target("mg.random.rand", lambda a, b: mg.random.rand(a, b), lambda: dict(a=2, b=3), result=tensor_result,
       names=("rand", "shape", "dimension"))
target("mg.random.normal", positional(mg.random.normal, 3), lambda: dict(loc=0.0, scale=1.0, size=(2, 3)),
       result=tensor_result, names=("normal", "scale", "size", "loc"))
target("mg.random.randint", positional(mg.random.randint, 3), lambda: dict(low=0, high=5, shape=(2, 3)),
       result=tensor_result, names=("randint", "low", "high", "shape"))


# -- core: gradients ---------------------------------------------------------------------------
def _backward(x: mg.Tensor, grad: Any) -> None:
    (x * 2).backward(grad)


target("Tensor.backward", _backward, lambda: dict(x=_t(2, 3), grad=np.ones((2, 3))), fuzz=("grad",), mutates=("x",),
       names=("backward", "grad", "gradient"))

# -- nn.functional -----------------------------------------------------------------------------
_F_CASES = {
    "relu": dict(input=_t(2, 3)),
    "leaky_relu": dict(input=_t(2, 3), negative_slope=0.1),
    "elu": dict(input=_t(2, 3), alpha=1.0),
    "selu": dict(input=_t(2, 3)),
    "silu": dict(input=_t(2, 3)),
    "gelu": dict(input=_t(2, 3), approximate="none"),
    "glu": dict(input=_t(2, 4), dim=-1),
    "hardtanh": dict(input=_t(2, 3), min_val=-1.0, max_val=1.0),
    "sigmoid": dict(input=_t(2, 3)),
    "softsign": dict(input=_t(2, 3)),
    "softplus": dict(input=_t(2, 3), beta=1.0, threshold=20.0),
    "softmax": dict(input=_t(2, 3), dim=1),
    "log_softmax": dict(input=_t(2, 3), dim=1),
    "linear": dict(input=_t(4, 3), weight=_t(2, 3), bias=_t(2)),
    "bilinear": dict(input1=_t(4, 3), input2=_t(4, 2), weight=_t(5, 3, 2), bias=_t(5)),
    "dropout": dict(input=_t(2, 3), p=0.5, training=True),
    "embedding": dict(input=np.array([[0, 2], [1, 3]]), weight=_t(4, 3), padding_idx=None, max_norm=None),
    "one_hot": dict(tensor=np.array([0, 2, 1]), num_classes=3),
    "pad": dict(input=_t(2, 3), pad=(1, 1), mode="constant", value=0.0),
    "layer_norm": dict(input=_t(2, 3), normalized_shape=(3,), weight=None, bias=None, eps=1e-5),
    "batch_norm": dict(input=_t(4, 3), running_mean=np.zeros(3), running_var=np.ones(3), weight=None, bias=None,
                       training=True, momentum=0.1, eps=1e-5),
    "conv1d": dict(input=_t(2, 3, 8), weight=_t(4, 3, 3), bias=None, stride=1, padding=0, dilation=1, groups=1),
    "conv2d": dict(input=_t(2, 2, 6, 6), weight=_t(4, 2, 3, 3), bias=_t(4), stride=1, padding=1, dilation=1,
                   groups=1),
    "conv3d": dict(input=_t(1, 2, 4, 4, 4), weight=_t(2, 2, 2, 2, 2), bias=None, stride=1, padding=0),
    "max_pool1d": dict(input=_t(2, 3, 8), kernel_size=2, stride=None, padding=0, dilation=1, ceil_mode=False),
    "max_pool2d": dict(input=_t(2, 3, 6, 6), kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False,
                       return_indices=False),
    "avg_pool1d": dict(input=_t(2, 3, 8), kernel_size=2, stride=None, padding=0, ceil_mode=False),
    "avg_pool2d": dict(input=_t(2, 3, 6, 6), kernel_size=3, stride=2, padding=1, ceil_mode=False,
                       count_include_pad=True, divisor_override=None),
    "adaptive_avg_pool1d": dict(input=_t(2, 3, 8), output_size=3),
    "adaptive_avg_pool2d": dict(input=_t(2, 3, 6, 6), output_size=(2, 3)),
    "mse_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="mean"),
    "l1_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="sum"),
    "smooth_l1_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="mean", beta=1.0),
    "huber_loss": dict(input=_t(4, 3), target=_t(4, 3), reduction="mean", delta=1.0),
    "binary_cross_entropy": dict(input=mg.tensor(np.full((4, 3), 0.3)), target=np.ones((4, 3)), weight=None,
                                 reduction="mean"),
    "binary_cross_entropy_with_logits": dict(input=_t(4, 3), target=np.ones((4, 3)), weight=None, reduction="mean",
                                             pos_weight=None),
    "cross_entropy": dict(input=_t(4, 3), target=np.array([0, 2, 1, 1]), weight=None, ignore_index=-100,
                          reduction="mean", label_smoothing=0.0),
    "nll_loss": dict(input=_t(4, 3), target=np.array([0, 2, 1, 1]), weight=None, ignore_index=-100,
                     reduction="mean"),
    "multi_margin_loss": dict(input=_t(4, 3), target=np.array([0, 2, 1, 1]), p=1, margin=1.0, weight=None,
                              reduction="mean"),
    "margin_ranking_loss": dict(input1=_t(4), input2=_t(4), target=np.array([1, -1, 1, 1]), margin=0.0,
                                reduction="mean"),
    "focal_loss": dict(probs=mg.tensor(np.full((4, 3), 1 / 3)), targets=np.array([0, 2, 1, 1]), alpha=1.0, gamma=2.0),
    "softmax_focal_loss": dict(scores=_t(4, 3), targets=np.array([0, 2, 1, 1]), alpha=1.0, gamma=2.0),
    # (added with this session's PyTorch functions)
    "hinge_embedding_loss": dict(input=_t(4, 3), target=np.ones((4, 3)), margin=1.0, reduction="mean"),
    "multilabel_margin_loss": dict(input=_t(2, 3), target=np.array([[0, 2, -1], [1, -1, 0]]), reduction="mean"),
    "multilabel_soft_margin_loss": dict(input=_t(2, 3), target=np.array([[0, 1, 1], [1, 0, 0]]), weight=None,
                                        reduction="mean"),
    "group_norm": dict(input=_t(2, 4, 3), num_groups=2, weight=None, bias=None, eps=1e-5),
    "conv_transpose2d": dict(input=_t(1, 2, 3, 3), weight=_t(2, 3, 2, 2), bias=None, stride=2, padding=0,
                             output_padding=0, groups=1, dilation=1),
    "embedding_bag": dict(input=np.array([[0, 2], [1, 3]]), weight=_t(4, 3), offsets=None, mode="mean"),
    "pixel_shuffle": dict(input=_t(1, 8, 2, 2), upscale_factor=2),
    "rms_norm": dict(input=_t(4, 3), normalized_shape=(3,), weight=None, eps=None),
    "scaled_dot_product_attention": dict(query=_t(2, 3, 4), key=_t(2, 5, 4), value=_t(2, 5, 4), attn_mask=None,
                                         dropout_p=0.0, is_causal=False),
}


_F_MUTATES = {"batch_norm": ("running_mean", "running_var"), "embedding": ("weight",)}  # by design
for _name, _example in _F_CASES.items():
    target(f"F.{_name}", positional(getattr(F, _name), 1), _kwargs_factory(_example),
           result=lambda out, args: (isinstance(out, tuple) and args.get("return_indices")) or tensor_result(out, args),
           mutates=_F_MUTATES.get(_name, ()), names=(_name,))

target("F.max_unpool2d", positional(F.max_unpool2d, 3),
       lambda: dict(input=_t(1, 1, 2, 2), indices=np.array([[[[0, 3], [8, 15]]]]), kernel_size=2, stride=2,
                    padding=0, output_size=None), result=tensor_result)

# -- nn.init -----------------------------------------------------------------------------------
_INIT = {
    "uniform_": dict(tensor=_t(3, 4), a=-1.0, b=1.0),
    "normal_": dict(tensor=_t(3, 4), mean=0.0, std=1.0),
    "trunc_normal_": dict(tensor=_t(3, 4), mean=0.0, std=1.0, a=-2.0, b=2.0),
    "constant_": dict(tensor=_t(3, 4), val=0.5),
    "ones_": dict(tensor=_t(3, 4)),
    "zeros_": dict(tensor=_t(3, 4)),
    "eye_": dict(tensor=_t(3, 4)),
    "dirac_": dict(tensor=_t(4, 2, 3, 3), groups=1),
    "xavier_uniform_": dict(tensor=_t(3, 4), gain=1.0),
    "xavier_normal_": dict(tensor=_t(3, 4), gain=1.0),
    "kaiming_uniform_": dict(tensor=_t(3, 4), a=0.0, mode="fan_in", nonlinearity="leaky_relu"),
    "kaiming_normal_": dict(tensor=_t(3, 4), a=0.0, mode="fan_out", nonlinearity="relu"),
    "orthogonal_": dict(tensor=_t(3, 4), gain=1.0),
}
for _name, _example in _INIT.items():
    target(f"nn.init.{_name}", positional(getattr(nn.init, _name), 1), _kwargs_factory(_example),
           mutates=("tensor",), names=(_name, _name.rstrip("_")))
target("nn.init.calculate_gain", positional(nn.init.calculate_gain, 2),
       lambda: dict(nonlinearity="leaky_relu", param=0.2), names=("calculate_gain", "nonlinearity", "param"))

# -- nnet (MyGrad 2.5's API) -------------------------------------------------------------------
target("nnet.softmax", positional(nnet.softmax, 1), lambda: dict(x=_t(2, 3), axis=-1), result=tensor_result)
target("nnet.leaky_relu", positional(nnet.leaky_relu, 2), lambda: dict(x=_t(2, 3), slope=0.1), result=tensor_result)
target("nnet.softmax_crossentropy", positional(nnet.softmax_crossentropy, 2),
       lambda: dict(x=_t(4, 3), y_true=np.array([0, 2, 1, 1])), result=tensor_result)
target("nnet.multiclass_hinge", positional(nnet.multiclass_hinge, 2),
       lambda: dict(x=_t(4, 3), y_true=np.array([0, 2, 1, 1]), hinge=1.0), result=tensor_result)
target("nnet.negative_log_likelihood", positional(nnet.negative_log_likelihood, 2),
       lambda: dict(x=_t(4, 3), y_true=np.array([0, 2, 1, 1]), weights=None), result=tensor_result)
target("nnet.margin_ranking_loss", positional(nnet.margin_ranking_loss, 4),
       lambda: dict(x1=_t(4), x2=_t(4), y=np.array([1, -1, 1, 1]), margin=0.5), result=tensor_result)
target("nnet.conv_nd", positional(nnet.conv_nd, 2),
       lambda: dict(x=_t(2, 3, 6, 6), filter_bank=_t(4, 3, 2, 2), stride=1, padding=0, dilation=1),
       result=tensor_result)
target("nnet.max_pool", positional(nnet.max_pool, 3), lambda: dict(x=_t(2, 3, 6, 6), pool=(2, 2), stride=2),
       result=tensor_result)
target("nnet.batchnorm", positional(nnet.batchnorm, 1), lambda: dict(x=_t(4, 3), gamma=None, beta=None, eps=1e-5),
       result=tensor_result)
target("nnet.initializers.uniform", lambda a, b, lower_bound: nnet.initializers.uniform(a, b, lower_bound=lower_bound),
       lambda: dict(a=2, b=3, lower_bound=-1.0), result=tensor_result, names=("uniform", "shape", "bound"))
target("nnet.initializers.glorot_normal", lambda a, b, gain: nnet.initializers.glorot_normal(a, b, gain=gain),
       lambda: dict(a=3, b=4, gain=1.0), result=tensor_result, names=("glorot_normal", "shape", "gain"))
