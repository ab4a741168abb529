"""Fuzz targets of training: layers and their forwards, losses, modules' state, optimizers, schedulers,
checkpoints, tensor files and data (see tests/test_bad_inputs_fuzz.py)."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import numpy as np

import mygrad as mg
from mygrad import nn, optim
from mygrad.checkpoint import load_checkpoint, save_checkpoint
from mygrad.data import DataLoader, TensorDataset, parse_idx, random_split, read_idx, write_idx
from mygrad.optim import lr_scheduler as sched
from tests.fuzz_support import (TARGETS, _kwargs_factory, _t, _with_grad, positional, still_works, target,
                                usable_module)

__all__ = ["TARGETS"]  # (TARGETS holds the targets declared here)


# -- nn layers: construction and forward passes ------------------------------------------------
_LAYERS = [
    (nn.Linear, dict(in_features=3, out_features=2, bias=True), lambda: _t(4, 3)),
    (nn.Conv2d, dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, padding=1, dilation=1, groups=1),
     lambda: _t(2, 2, 5, 5)),
    (nn.Conv1d, dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, padding=0), lambda: _t(2, 2, 7)),
    (nn.Conv3d, dict(in_channels=2, out_channels=2, kernel_size=2, stride=1, padding=0, dilation=1, groups=1,
                     bias=True, padding_mode="zeros"), lambda: _t(1, 2, 4, 4, 4)),
    (nn.BatchNorm1d, dict(num_features=3, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True),
     lambda: _t(4, 3)),
    (nn.BatchNorm2d, dict(num_features=3, eps=1e-5, momentum=0.1), lambda: _t(2, 3, 4, 4)),
    (nn.LayerNorm, dict(normalized_shape=3, eps=1e-5, elementwise_affine=True), lambda: _t(4, 3)),
    (nn.Embedding, dict(num_embeddings=5, embedding_dim=3, padding_idx=None, max_norm=None),
     lambda: np.array([[0, 4], [2, 1]])),
    (nn.Dropout, dict(p=0.5), lambda: _t(4, 3)),
    (nn.GRU, dict(input_size=3, hidden_size=4, num_layers=1, bias=True, batch_first=True, dropout=0.0,
                  bidirectional=False), lambda: _t(2, 5, 3)),
    (nn.RNN, dict(input_size=3, hidden_size=4, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                  dropout=0.0, bidirectional=False), lambda: _t(5, 2, 3)),
    (nn.LSTM, dict(input_size=3, hidden_size=4, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                   bidirectional=False, proj_size=0), lambda: _t(5, 2, 3)),
    (nn.RNNCell, dict(input_size=3, hidden_size=4, bias=True, nonlinearity="tanh"), lambda: _t(2, 3)),
    (nn.GRUCell, dict(input_size=3, hidden_size=4, bias=True), lambda: _t(2, 3)),
    (nn.LSTMCell, dict(input_size=3, hidden_size=4, bias=True), lambda: _t(2, 3)),
    (nn.MaxPool2d, dict(kernel_size=2, stride=None, padding=0, dilation=1), lambda: _t(2, 3, 6, 6)),
    (nn.AvgPool2d, dict(kernel_size=2, stride=None, padding=0), lambda: _t(2, 3, 6, 6)),
    (nn.AdaptiveAvgPool2d, dict(output_size=(2, 2)), lambda: _t(2, 3, 6, 6)),
    (nn.MaxUnpool2d, dict(kernel_size=2, stride=2, padding=0), None),
    (nn.Flatten, dict(start_dim=1, end_dim=-1), lambda: _t(2, 3, 4)),
    (nn.Unflatten, dict(dim=1, unflattened_size=(2, 3)), lambda: _t(4, 6)),
    (nn.LeakyReLU, dict(negative_slope=0.01), lambda: _t(4, 3)),
    (nn.ELU, dict(alpha=1.0), lambda: _t(4, 3)),
    (nn.Hardtanh, dict(min_val=-1.0, max_val=1.0), lambda: _t(4, 3)),
    (nn.Softmax, dict(dim=1), lambda: _t(4, 3)),
    (nn.LogSoftmax, dict(dim=1), lambda: _t(4, 3)),
    (nn.Softplus, dict(beta=1.0, threshold=20.0), lambda: _t(4, 3)),
    (nn.GELU, dict(approximate="none"), lambda: _t(4, 3)),
    (nn.GLU, dict(dim=-1), lambda: _t(4, 4)),
    # (added with this session's PyTorch layers)
    (nn.GroupNorm, dict(num_groups=2, num_channels=4, eps=1e-5, affine=True), lambda: _t(2, 4, 3)),
    (nn.InstanceNorm2d, dict(num_features=3, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True),
     lambda: _t(2, 3, 4, 4)),
    (nn.RMSNorm, dict(normalized_shape=3, eps=None, elementwise_affine=True), lambda: _t(4, 3)),
    (nn.BatchNorm3d, dict(num_features=2, eps=1e-5, momentum=0.1), lambda: _t(2, 2, 3, 3, 3)),
    (nn.ConvTranspose2d, dict(in_channels=2, out_channels=3, kernel_size=3, stride=2, padding=1, output_padding=1,
                              groups=1, bias=True, dilation=1), lambda: _t(2, 2, 4, 4)),
    (nn.ConvTranspose1d, dict(in_channels=2, out_channels=2, kernel_size=2, stride=1, padding=0), lambda: _t(2, 2, 5)),
    (nn.Upsample, dict(size=None, scale_factor=2, mode="bilinear", align_corners=False), lambda: _t(1, 2, 3, 3)),
    (nn.Dropout2d, dict(p=0.5, inplace=False), lambda: _t(2, 3, 4, 4)),
    (nn.AlphaDropout, dict(p=0.5), lambda: _t(4, 3)),
    (nn.PixelShuffle, dict(upscale_factor=2), lambda: _t(1, 8, 2, 2)),
    (nn.PixelUnshuffle, dict(downscale_factor=2), lambda: _t(1, 2, 4, 4)),
    (nn.Unfold, dict(kernel_size=2, dilation=1, padding=0, stride=1), lambda: _t(2, 3, 4, 4)),
    (nn.Fold, dict(output_size=(3, 3), kernel_size=2), lambda: _t(2, 12, 4)),
    (nn.AdaptiveMaxPool2d, dict(output_size=(2, 2), return_indices=False), lambda: _t(2, 3, 5, 5)),
    (nn.LPPool2d, dict(norm_type=2, kernel_size=2, stride=None), lambda: _t(2, 3, 4, 4)),
    (nn.MultiheadAttention, dict(embed_dim=4, num_heads=2, dropout=0.0, bias=True, batch_first=True), None),
    (nn.TransformerEncoderLayer, dict(d_model=4, nhead=2, dim_feedforward=8, dropout=0.0, batch_first=True),
     lambda: _t(2, 3, 4)),
    (nn.Bilinear, dict(in1_features=2, in2_features=3, out_features=4, bias=True), None),
    (nn.EmbeddingBag, dict(num_embeddings=5, embedding_dim=3, mode="mean"), lambda: np.array([[0, 4], [2, 1]])),
    (nn.ReflectionPad3d, dict(padding=1), lambda: _t(1, 2, 3, 3, 3)),
    (nn.CircularPad2d, dict(padding=1), lambda: _t(1, 2, 3, 3)),
    (nn.LocalResponseNorm, dict(size=3, alpha=1e-4, beta=0.75, k=1.0), lambda: _t(2, 4, 3, 3)),
    (nn.CrossMapLRN2d, dict(size=3, alpha=1e-4, beta=0.75, k=1), lambda: _t(2, 4, 3, 3)),
    (nn.LazyLinear, dict(out_features=2, bias=True), lambda: _t(4, 3)),
    (nn.LazyConv1d, dict(out_channels=2, kernel_size=2, stride=1, padding=0, dilation=1, groups=1), lambda: _t(2, 2, 5)),
    (nn.LazyConv2d, dict(out_channels=3, kernel_size=3, stride=1, padding=1, dilation=1, groups=1, bias=True,
                         padding_mode="zeros"), lambda: _t(2, 2, 5, 5)),
    (nn.LazyConv3d, dict(out_channels=2, kernel_size=2, stride=1, padding=0), lambda: _t(1, 2, 3, 3, 3)),
    (nn.LazyConvTranspose1d, dict(out_channels=2, kernel_size=2, stride=1, padding=0), lambda: _t(2, 2, 5)),
    (nn.LazyConvTranspose2d, dict(out_channels=3, kernel_size=3, stride=2, padding=1, output_padding=1, groups=1,
                                  bias=True, dilation=1), lambda: _t(2, 2, 4, 4)),
    (nn.LazyConvTranspose3d, dict(out_channels=2, kernel_size=2, stride=1, padding=0), lambda: _t(1, 2, 3, 3, 3)),
    (nn.LazyBatchNorm1d, dict(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True), lambda: _t(4, 3)),
    (nn.LazyBatchNorm2d, dict(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True),
     lambda: _t(2, 3, 4, 4)),
    (nn.LazyBatchNorm3d, dict(eps=1e-5, momentum=0.1), lambda: _t(2, 2, 3, 3, 3)),
    (nn.LazyInstanceNorm1d, dict(eps=1e-5, momentum=0.1, affine=True, track_running_stats=True), lambda: _t(2, 3, 4)),
    (nn.LazyInstanceNorm2d, dict(eps=1e-5, momentum=0.1, affine=False, track_running_stats=False),
     lambda: _t(2, 3, 4, 4)),
    (nn.LazyInstanceNorm3d, dict(eps=1e-5, momentum=0.1), lambda: _t(1, 2, 3, 3, 3)),
    (nn.CTCLoss, dict(blank=0, reduction="mean", zero_infinity=False), None),
    (nn.MultiMarginLoss, dict(p=1, margin=1.0, weight=None, reduction="mean"), None),
    (nn.HingeEmbeddingLoss, dict(margin=1.0, reduction="mean"), None),
    (nn.MSELoss, dict(reduction="mean"), None),
    (nn.CrossEntropyLoss, dict(weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0), None),
    (nn.NLLLoss, dict(weight=None, ignore_index=-100, reduction="mean"), None),
    (nn.BCELoss, dict(weight=None, reduction="mean"), None),
    (nn.BCEWithLogitsLoss, dict(weight=None, reduction="mean", pos_weight=None), None),
    (nn.HuberLoss, dict(reduction="mean", delta=1.0), None),
    (nn.SmoothL1Loss, dict(reduction="mean", beta=1.0), None),
]
for _cls, _kwargs, _example in _LAYERS:
    target(f"nn.{_cls.__name__}()", positional(_cls, 0), _kwargs_factory(_kwargs),
           result=usable_module(_example) if _example is not None else None, names=(_cls.__name__,))
    if _example is not None:
        target(f"nn.{_cls.__name__}.forward", lambda module, input: module(input),
               (lambda c=_cls, k=_kwargs, e=_example: dict(module=c(**k), input=e())), fuzz=("input",),
               mutates=("module",), names=(_cls.__name__,))  # (a training forward updates running statistics)
target("nn.MultiheadAttention.forward", lambda module, query, key, value, attn_mask, key_padding_mask:
       module(query, key, value, attn_mask=attn_mask, key_padding_mask=key_padding_mask),
       lambda: dict(module=nn.MultiheadAttention(4, 2, batch_first=True), query=_t(2, 3, 4), key=_t(2, 5, 4),
                    value=_t(2, 5, 4), attn_mask=None, key_padding_mask=None),
       fuzz=("query", "key", "value", "attn_mask", "key_padding_mask"),
       names=("MultiheadAttention", "attn_mask", "key_padding_mask", "query", "key", "value"))
target("F.interpolate", positional(nn.functional.interpolate, 1),
       lambda: dict(input=_t(1, 2, 3, 3), size=None, scale_factor=2, mode="nearest", align_corners=None),
       names=("interpolate",))
for _cls, _input, _state in [(nn.RNNCell, _t(2, 3), _t(2, 4)), (nn.GRUCell, _t(2, 3), _t(2, 4)),
                              (nn.GRU, _t(5, 2, 3), _t(1, 2, 4)), (nn.RNN, _t(5, 2, 3), _t(1, 2, 4))]:
    target(f"nn.{_cls.__name__}.forward(hx)", lambda module, input, hx: module(input, hx),
           (lambda c=_cls, i=_input, h=_state: dict(module=c(3, 4), input=mg.tensor(i.data.copy()),
                                                    hx=mg.tensor(h.data.copy()))),
           fuzz=("hx",), names=(_cls.__name__,))
target("nn.LSTM(proj_size=2)()", positional(nn.LSTM, 0),
       _kwargs_factory(dict(input_size=3, hidden_size=4, num_layers=2, bias=True, batch_first=False, dropout=0.0,
                            bidirectional=True, proj_size=2)),
       result=usable_module(lambda: _t(5, 2, 3)), names=("LSTM",))
target("nn.LSTM(proj_size=2).forward", lambda module, input, hx: module(input, hx),
       lambda: dict(module=nn.LSTM(3, 4, proj_size=2, bidirectional=True), input=_t(5, 2, 3),
                    hx=(mg.tensor(_t(2, 2, 2).data.copy()), mg.tensor(_t(2, 2, 4).data.copy()))),
       fuzz=("input", "hx"), names=("LSTM",))
target("nn.Embedding.from_pretrained", positional(nn.Embedding.from_pretrained, 1),
       lambda: dict(embeddings=_t(5, 3), freeze=True, padding_idx=None, max_norm=None),
       result=usable_module(lambda: np.array([[0, 4], [2, 1]])), names=("Embedding", "from_pretrained"),
       mutates=("embeddings",))  # (as in PyTorch: the table is the given array, and max_norm renormalises it)
for _cls in (nn.MSELoss, nn.L1Loss, nn.HuberLoss, nn.SmoothL1Loss):
    target(f"nn.{_cls.__name__}.forward", lambda module, input, target: module(input, target),
           (lambda c=_cls: dict(module=c(), input=_t(4, 3), target=_t(4, 3))), fuzz=("input", "target"),
           names=(_cls.__name__,))
target("nn.CTCLoss.forward", lambda module, log_probs, targets, input_lengths, target_lengths:
       module(log_probs, targets, input_lengths, target_lengths),
       lambda: dict(module=nn.CTCLoss(), log_probs=nn.functional.log_softmax(_t(6, 2, 4), dim=2),
                    targets=np.array([[1, 2, 2], [3, 1, 0]]), input_lengths=[6, 5], target_lengths=[3, 2]),
       fuzz=("log_probs", "targets", "input_lengths", "target_lengths"), names=("CTCLoss", "ctc_loss"))
target("nn.CrossEntropyLoss.forward", lambda module, input, target: module(input, target),
       lambda: dict(module=nn.CrossEntropyLoss(), input=_t(4, 3), target=np.array([0, 1, 2, 1])),
       fuzz=("input", "target"), names=("CrossEntropyLoss", "cross_entropy"))


class _Net(nn.Module):
    """A user's model: BatchNorm first (its running statistics change), then a layer that may refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.norm = nn.BatchNorm1d(3)
        self.inner = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
        self.head = nn.Linear(4, 2)

    def forward(self, x: Any, extra: Any = None) -> Any:
        y = self.head(nn.functional.relu(self.inner(self.norm(x))))
        return y if extra is None else y + extra


target("custom Module.forward", lambda module, input, extra: module(input, extra),
       lambda: dict(module=_Net(), input=_t(4, 3), extra=None), fuzz=("input", "extra"), mutates=("module",),
       names=("Linear", "BatchNorm1d", "add", "shape", "broadcast"))


def _load_module_state(module: nn.Module, key: str, value: Any, strict: Any) -> Any:
    state = module.state_dict()
    state[key] = value
    return module.load_state_dict(state, strict=strict)


target("Module.load_state_dict value", _load_module_state,
       lambda: dict(module=nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)), key="1.running_var",
                    value=np.ones(2), strict=True), fuzz=("value", "strict"), mutates=("module",),
       result=still_works(lambda args: args["module"](_t(4, 3))), names=("state_dict", "load_state_dict"))
target("Module.load_state_dict dict", lambda module, state_dict: module.load_state_dict(state_dict),
       lambda: dict(module=nn.Linear(3, 2), state_dict=nn.Linear(3, 2).state_dict()), fuzz=("state_dict",),
       mutates=("module",), result=still_works(lambda args: args["module"](_t(4, 3))),
       names=("state_dict", "load_state_dict"))
target("Module.register_buffer", lambda module, name, tensor, persistent: module.register_buffer(name, tensor,
                                                                                                 persistent),
       lambda: dict(module=nn.Linear(3, 2), name="extra", tensor=np.zeros(3), persistent=True),
       fuzz=("name", "tensor", "persistent"), mutates=("module",), raises=(KeyError,), names=("buffer",))
# (KeyError for an empty or dotted name, as PyTorch)
target("Module.to", lambda module, dtype: module.to(dtype), lambda: dict(module=nn.Linear(3, 2), dtype="float64"),
       fuzz=("dtype",), mutates=("module",), names=("to", "dtype"))
target("Module.register_forward_pre_hook", lambda module, hook, with_kwargs: module.register_forward_pre_hook(
           hook, with_kwargs=with_kwargs), lambda: dict(module=nn.Linear(3, 2), hook=lambda m, args, *kwargs: None,
                                                        with_kwargs=False),
       fuzz=("hook", "with_kwargs"), mutates=("module",), result=still_works(lambda args: args["module"](_t(4, 3))),
       names=("hook", "with_kwargs", "register_forward_pre_hook"))
for _lookup, _target in [("get_submodule", "1"), ("get_parameter", "0.weight"), ("get_buffer", "1.running_mean")]:
    target(f"Module.{_lookup}", lambda module, target, lookup=_lookup: getattr(module, lookup)(target),
           lambda t=_target: dict(module=nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)), target=t),
           fuzz=("target",), raises=(AttributeError,), names=(_lookup, "target"))  # (AttributeError: PyTorch's)
target("Module.train", lambda module, mode: module.train(mode), lambda: dict(module=nn.Linear(3, 2), mode=False),
       fuzz=("mode",), mutates=("module",), names=("train", "mode"))
target("Module.summary", lambda module, input_shape: module.summary(input_shape, print_fn=None),
       lambda: dict(module=nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)), input_shape=(4, 3)),
       fuzz=("input_shape",), names=("summary", "input_shape", "Linear", "BatchNorm1d", "forward"))
target("Sequential[index]", lambda module, index: module[index],
       lambda: dict(module=nn.Sequential(nn.Linear(3, 2), nn.ReLU()), index=1), fuzz=("index",),
       names=("Sequential", "index"))
target("nn.utils.clip_grad_norm_", positional(nn.utils.clip_grad_norm_, 2),
       lambda: dict(parameters=[_with_grad(_t(2, 3))], max_norm=1.0, norm_type=2.0),
       mutates=("parameters",), names=("clip_grad_norm_", "max_norm", "norm_type", "parameters"))


# -- optimizers --------------------------------------------------------------------------------
_OPTIMIZERS = [
    (optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=False)),
    (optim.Adam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False)),
    (optim.AdamW, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)),
    (optim.RMSprop, dict(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False)),
    (optim.Adagrad, dict(lr=0.01, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10)),
    (optim.Adamax, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)),
    (optim.NAdam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=0.004,
                       decoupled_weight_decay=False)),
    (optim.RAdam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled_weight_decay=False)),
    (optim.Adadelta, dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0)),
    (optim.Rprop, dict(lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-6, 50.0))),
    (optim.ASGD, dict(lr=0.01, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0)),
]


def _params() -> List[mg.Tensor]:
    return [_with_grad(_t(2, 3)), _with_grad(_t(3))]


def _stepped(opt: optim.Optimizer) -> optim.Optimizer:
    opt.zero_grad()
    for p in (p for g in opt.param_groups for p in g["params"]):
        _with_grad(p)
    opt.step()
    for p in (p for g in opt.param_groups for p in g["params"]):
        _with_grad(p)
    return opt


for _cls, _kwargs in _OPTIMIZERS:
    target(f"optim.{_cls.__name__}()", lambda cls=_cls, **kw: cls(**kw),
           (lambda k=_kwargs: dict(params=_params(), **copy.deepcopy(k))), names=(_cls.__name__,))

    target(f"{_cls.__name__}.step grad", lambda optimizer, grad: optimizer.step(),
           (lambda c=_cls, k=_kwargs: dict(optimizer=_stepped(c(_params(), **k)), grad=np.ones(3))),
           fuzz=("grad",), mutates=("optimizer",), names=("grad", "gradient", "parameter"),
           setup=lambda optimizer, grad: setattr(optimizer.param_groups[0]["params"][-1], "grad", grad))
    for _option in _kwargs:
        target(f"{_cls.__name__}.step group[{_option!r}]", lambda optimizer, option, value: optimizer.step(),
               (lambda c=_cls, k=_kwargs, o=_option: dict(optimizer=_stepped(c([{"params": _params()[:1]},
                                                                                 {"params": _params()[1:]}], **k)),
                                                          option=o, value=k[o])),
               fuzz=("value",), mutates=("optimizer",), names=(_option, "option"),
               setup=lambda optimizer, option, value: optimizer.param_groups[-1].__setitem__(option, value))

    def _load_optimizer(optimizer: optim.Optimizer, path: str, value: Any) -> None:
        state = optimizer.state_dict()
        node = state
        keys = path.split("/")
        for key in keys[:-1]:
            node = node[int(key) if key.isdigit() else key]
        last = keys[-1]
        node[int(last) if last.isdigit() else last] = value
        optimizer.load_state_dict(state)

    _state_key = {optim.SGD: "momentum_buffer", optim.Adam: "exp_avg", optim.AdamW: "exp_avg_sq",
                  optim.RMSprop: "square_avg", optim.Adagrad: "sum", optim.Adamax: "exp_inf", optim.NAdam: "exp_avg",
                  optim.RAdam: "exp_avg_sq", optim.Adadelta: "acc_delta",
                  optim.Rprop: "step_size", optim.ASGD: "ax"}[_cls]
    for _path, _valid in [(f"state/1/{_state_key}", np.ones(3)), ("param_groups/0/lr", 0.5),
                          ("param_groups/0/params", [0]), ("param_groups", [{"params": [0]}, {"params": [1]}]),
                          ("state", {}), ("state/1", {})]:
        target(f"{_cls.__name__}.load_state_dict {_path}", _load_optimizer,
               (lambda c=_cls, k=_kwargs, p=_path, v=_valid: dict(
                   optimizer=_stepped(c([{"params": _params()[:1]}, {"params": _params()[1:]}], **k)),
                   path=p, value=copy.deepcopy(v))),
               fuzz=("value",), mutates=("optimizer",), result=still_works(lambda args: _stepped(args["optimizer"])),
               names=("state_dict", "load_state_dict"))
    target(f"{_cls.__name__}.load_state_dict whole",
           lambda optimizer, state_dict: optimizer.load_state_dict(state_dict),
           (lambda c=_cls, k=_kwargs: dict(optimizer=_stepped(c(_params(), **k)), state_dict={"state": {},
                                                                                             "param_groups": []})),
           fuzz=("state_dict",), result=still_works(lambda args: _stepped(args["optimizer"])),
           names=("state_dict", "load_state_dict"))
    target(f"{_cls.__name__}.add_param_group", lambda optimizer, param_group: optimizer.add_param_group(param_group),
           (lambda c=_cls, k=_kwargs: dict(optimizer=_stepped(c(_params(), **k)), param_group={"params": [_t(2)]})),
           fuzz=("param_group",), names=("param", "group"))


def _group_option(cls: type, option: str, value: Any) -> Any:
    return cls([{"params": _params(), option: value}], lr=0.1)


target("optim group option", lambda option, value: _group_option(optim.SGD, option, value),
       lambda: dict(option="momentum", value=0.5), fuzz=("value",), names=("option", "momentum"))

# -- schedulers --------------------------------------------------------------------------------
_SCHEDULERS = [
    (sched.StepLR, dict(step_size=2, gamma=0.5, last_epoch=-1)),
    (sched.MultiStepLR, dict(milestones=[1, 3], gamma=0.5)),
    (sched.ExponentialLR, dict(gamma=0.9)),
    (sched.LambdaLR, dict(lr_lambda=lambda epoch: 0.9 ** epoch)),
    (sched.MultiplicativeLR, dict(lr_lambda=lambda epoch: 0.9)),
    (sched.ConstantLR, dict(factor=0.5, total_iters=3)),
    (sched.PolynomialLR, dict(total_iters=4, power=2.0)),
    (sched.CosineAnnealingWarmRestarts, dict(T_0=3, T_mult=2, eta_min=0.0)),
    (sched.CyclicLR, dict(base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=None, mode="triangular2",
                          gamma=1.0, scale_fn=None, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8,
                          max_momentum=0.9)),
    (sched.CosineAnnealingLR, dict(T_max=5, eta_min=0.0)),
    (sched.LinearLR, dict(start_factor=0.5, end_factor=1.0, total_iters=4)),
    (sched.OneCycleLR, dict(max_lr=1.0, total_steps=10, pct_start=0.3, anneal_strategy="cos", cycle_momentum=True,
                            base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4,
                            three_phase=False)),
    (sched.ReduceLROnPlateau, dict(mode="min", factor=0.5, patience=1, threshold=1e-4, threshold_mode="rel",
                                   cooldown=0, min_lr=0.0, eps=1e-8)),
]


def _opt() -> optim.SGD:
    return optim.SGD([{"params": _params()[:1]}, {"params": _params()[1:]}], lr=0.1, momentum=0.9)


def _use_scheduler(args: Dict[str, Any]) -> None:
    scheduler = args["scheduler"]
    scheduler.optimizer.step()
    scheduler.step(1.0) if isinstance(scheduler, sched.ReduceLROnPlateau) else scheduler.step()
    lrs = scheduler.get_last_lr()
    assert all(isinstance(lr, float) for lr in lrs), f"learning rates {lrs!r}"
    assert all(isinstance(g["lr"], float) for g in scheduler.optimizer.param_groups)


for _cls, _kwargs in _SCHEDULERS:
    target(f"lr_scheduler.{_cls.__name__}()", lambda cls=_cls, **kw: cls(**kw),
           (lambda k=_kwargs: dict(optimizer=_opt(), **copy.deepcopy(k))), mutates=("optimizer",),
           raises=(KeyError,), names=(_cls.__name__,))  # (KeyError: resuming without 'initial_lr', as PyTorch)

    def _load_sched(scheduler: Any, key: str, value: Any) -> None:
        state = scheduler.state_dict()
        state[key] = value
        scheduler.load_state_dict(state)

    _made = _cls(_opt(), **_kwargs)
    for _key in sorted(_made.state_dict()):
        target(f"{_cls.__name__}.load_state_dict[{_key!r}]", _load_sched,
               (lambda c=_cls, k=_kwargs, key=_key: dict(scheduler=c(_opt(), **k), key=key,
                                                          value=copy.deepcopy(c(_opt(), **k).state_dict()[key]))),
               fuzz=("value",), mutates=("scheduler",), result=still_works(_use_scheduler),
               names=("state_dict", "load_state_dict", _key))
target("ReduceLROnPlateau.step", lambda scheduler, metrics: scheduler.step(metrics),
       lambda: dict(scheduler=sched.ReduceLROnPlateau(_opt()), metrics=1.0), fuzz=("metrics",),
       mutates=("scheduler",), names=("ReduceLROnPlateau", "metrics", "metric"))


def _step_after_edit(scheduler: Any, attribute: str, value: Any) -> None:
    setattr(scheduler, attribute, value)
    scheduler.step()


# -- checkpoints, tensor files, data -----------------------------------------------------------
_TMP = Path(tempfile.mkdtemp(prefix="mygrad-fuzz-"))


def _checkpoint_path() -> Path:
    path = _TMP / "run.ckpt"
    if not path.exists():
        save_checkpoint(path, {"epoch": 1})
    return path


target("save_checkpoint", lambda path, obj: save_checkpoint(path, obj),
       lambda: dict(path=_checkpoint_path(), obj={"w": np.ones(2), "epoch": 2}), fuzz=("obj",),
       mutates=("path",), names=("checkpoint", "save"))
target("load_checkpoint", lambda path: load_checkpoint(path), lambda: dict(path=_checkpoint_path()),
       names=("checkpoint", "path", "load_checkpoint"))
target("mg.save", lambda file, tensor: mg.save(file, tensor), lambda: dict(file=str(_TMP / "x.npz"), tensor=_t(2)),
       fuzz=("tensor",), names=("save", "Tensor", "tensor"))
target("mg.load", lambda file: mg.load(file), lambda: dict(file=str(_TMP / "missing.npz")),
       raises=(FileNotFoundError,), names=("load", "file", "tensor file"))
target("TensorDataset", lambda a, b: TensorDataset(a, b), lambda: dict(a=np.zeros((4, 3)), b=np.arange(4)),
       names=("TensorDataset",))
target("DataLoader", positional(DataLoader, 1),
       lambda: dict(dataset=TensorDataset(np.zeros((5, 3)), np.arange(5)), batch_size=2, shuffle=True, seed=0,
                    drop_last=False), result=lambda loader, args: [b for b in loader],
       names=("DataLoader", "dataset", "batch_size", "shuffle", "seed", "drop_last", "batch"))
target("DataLoader collate_fn", lambda dataset, collate_fn: [b for b in DataLoader(dataset, 2, collate_fn=collate_fn)],
       lambda: dict(dataset=TensorDataset(np.zeros((5, 3)), np.arange(5)), collate_fn=lambda samples: len(samples)),
       names=("DataLoader", "collate_fn"))
target("nn.utils.rnn.pad_sequence", positional(nn.utils.rnn.pad_sequence, 1),
       lambda: dict(sequences=[_t(3, 2), _t(1, 2)], batch_first=True, padding_value=0.0, padding_side="right"),
       names=("pad_sequence", "sequences", "batch_first", "padding_value", "padding_side"))
target("nn.utils.rnn.unpad_sequence", positional(nn.utils.rnn.unpad_sequence, 2),
       lambda: dict(padded_sequences=_t(3, 2, 4), lengths=[3, 1], batch_first=False),
       names=("unpad_sequence", "padded_sequences", "lengths", "batch_first"))
_rnn = nn.utils.rnn
target("nn.utils.rnn.pack_padded_sequence", positional(_rnn.pack_padded_sequence, 2),
       lambda: dict(input=_t(3, 2, 4), lengths=[3, 1], batch_first=False, enforce_sorted=True),
       names=("pack_padded_sequence", "input", "lengths", "batch_first", "enforce_sorted"))
target("nn.utils.rnn.pad_packed_sequence", positional(_rnn.pad_packed_sequence, 1),
       lambda: dict(sequence=_rnn.pack_padded_sequence(_t(3, 2, 4), [3, 1]), batch_first=True, padding_value=0.0,
                    total_length=None),
       names=("pad_packed_sequence", "sequence", "batch_first", "padding_value", "total_length"))
target("nn.utils.rnn.pack_sequence", positional(_rnn.pack_sequence, 1),
       lambda: dict(sequences=[_t(3, 2), _t(1, 2)], enforce_sorted=False),
       names=("pack_sequence", "sequences", "enforce_sorted"))
target("nn.utils.rnn.unpack_sequence", lambda packed_sequences: _rnn.unpack_sequence(packed_sequences),
       lambda: dict(packed_sequences=_rnn.pack_sequence([_t(3, 2), _t(1, 2)])),
       names=("unpack_sequence", "packed_sequences", "PackedSequence"))
target("nn.utils.rnn.PackedSequence", positional(_rnn.PackedSequence, 2),
       lambda: dict(data=_t(4, 2), batch_sizes=np.array([2, 1, 1]), sorted_indices=None, unsorted_indices=None),
       names=("PackedSequence", "data", "batch_sizes", "sorted_indices", "unsorted_indices"))
target("LSTM(packed)", lambda module, input: module(input),
       lambda: dict(module=nn.LSTM(2, 3, bidirectional=True), input=_rnn.pack_sequence([_t(3, 2), _t(1, 2)])),
       fuzz=("input",), names=("LSTM", "input", "PackedSequence"))
_swa = optim.swa_utils
target("swa_utils.AveragedModel", positional(_swa.AveragedModel, 1),
       lambda: dict(model=nn.Linear(3, 2), device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False),
       names=("AveragedModel", "model", "device", "avg_fn", "multi_avg_fn", "use_buffers"))
target("AveragedModel.update_parameters", lambda averaged, model: averaged.update_parameters(model),
       lambda: dict(averaged=_swa.AveragedModel(nn.Linear(3, 2)), model=nn.Linear(3, 2)), fuzz=("model",),
       mutates=("averaged",), names=("update_parameters", "model", "parameters"))
target("swa_utils.SWALR", positional(_swa.SWALR, 2),
       lambda: dict(optimizer=optim.SGD([_t(2)], lr=0.1), swa_lr=0.05, anneal_epochs=3, anneal_strategy="cos"),
       mutates=("optimizer",), names=("SWALR", "swa_lr", "anneal_epochs", "anneal_strategy", "optimizer"))
target("swa_utils.update_bn", lambda loader, model: _swa.update_bn(loader, model),
       lambda: dict(loader=[np.ones((4, 3), dtype=np.float32)], model=nn.Sequential(nn.BatchNorm1d(3))),
       mutates=("model",), names=("update_bn", "loader", "model", "BatchNorm1d", "batch"))
target("nn.utils.parameters_to_vector", lambda parameters: nn.utils.parameters_to_vector(parameters),
       lambda: dict(parameters=[_t(2, 3), _t(3)]), names=("parameters_to_vector", "parameters"))
target("nn.utils.vector_to_parameters", lambda vec, parameters: nn.utils.vector_to_parameters(vec, parameters),
       lambda: dict(vec=_t(9), parameters=[_t(2, 3), _t(3)]), mutates=("parameters",),
       names=("vector_to_parameters", "vec", "parameters"))
target("random_split", positional(random_split, 2),
       lambda: dict(dataset=TensorDataset(np.zeros((5, 3))), lengths=[3, 2], generator=0),
       names=("random_split", "lengths", "generator"))
target("parse_idx", lambda content: parse_idx(content), lambda: dict(content=b"\x00\x00\x08\x01\x00\x00\x00\x02ab"),
       names=("IDX", "idx", "bytes"))
target("write_idx", lambda path, array: write_idx(path, array),
       lambda: dict(path=_TMP / "a.idx", array=np.arange(6, dtype=np.uint8).reshape(2, 3)), fuzz=("array",),
       mutates=("path",), names=("IDX", "idx", "array"))
target("read_idx", lambda path: read_idx(path), lambda: dict(path=_TMP / "missing.idx"), names=("IDX", "idx", "path"))
