"""Real PyTorch-style training programs, run side by side in mygrad and in PyTorch.

Each test is a small program of a kind people write for PyTorch - a VAE, a
GAN step, a character-level language model with truncated backpropagation, a
tiny GPT with weight tying and a warm-up schedule, a CNN that is checkpointed
and resumed, gradient accumulation, custom modules with containers and
buffers, the classification losses with all their options, feature
extraction with hooks, a transformer encoder classifier, a seq2seq model with
attention - written twice, once with ``mygrad`` (``import mygrad as mg; from
mygrad import nn, optim; import mygrad.nn.functional as F``) and once with
``torch``, as a user would translate it. Both start from the same weights
(mygrad's ``state_dict()`` loaded into the PyTorch model, which also checks
that the keys agree) and see the same data; losses, parameters and gradients
are compared step by step. Models run in float64 where the comparison should
be tight (~1e-9), in float32 where dtype behaviour itself is checked.

Where the programs need a translation that is not word for word, it is one of
mygrad's documented differences (README, "Gradient lifetime" and "Not
supported"):

* ``t.detach()`` is ``mg.tensor(t, constant=True)``; ``torch.no_grad()`` is
  ``mg.no_autodiff``; ``x.view``/``transpose``/``split(size, dim)`` are
  ``mg.reshape``, ``mg.swapaxes`` and ``np.split(x, sections, axis)`` (or
  slicing); ``x.gather(1, idx)`` is fancy indexing.
* Two backward passes into the same parameters before one ``step()`` (the
  DCGAN example's discriminator update) need ``optimizer.accumulate_grad()``;
  without it ``step()`` raises instead of silently using the last pass.
* Learning-rate schedules are closed forms and do not chain (a ``StepLR``
  stepping after a ``ReduceLROnPlateau`` reduction sets its own formula's rate).
* Dropout masks come from NumPy's global state, so the programs take the
  mask mygrad drew (through a forward hook) and apply it in the PyTorch model.

What the corpus found, fixed alongside it: ``optimizer.step()`` silently
skipped the parameters a forward pass between ``backward()`` and ``step()``
had used; ``np.split`` on a tensor returned plain arrays (no gradient);
``LambdaLR``, ``SequentialLR``, ``CosineAnnealingWarmRestarts`` and
``register_forward_pre_hook`` were missing; optimizers refused PyTorch's
``foreach``/``fused`` options, and PyTorch optimizer and scheduler state
dicts did not load; ``Module.to("cpu", dtype)`` was refused; ``DataLoader``
refused ``collate_fn``/``num_workers``/``pin_memory`` and stacked dict
samples into object arrays; a GAN zeroing through ``D.zero_grad()`` raised
"2 backward passes" at the second ``optimizerD.step()``; custom optimizers
(SAM) failed on ``self.state[p][...]`` (not a defaultdict), on their own
keys in parameter groups, and on a wrapper's ``zero_grad()``; ``del seq[i]``
left a ``Sequential``'s keys unnumbered; ``cross_entropy`` of logits masked
with ``-inf`` (SimCLR) was nan.

Without PyTorch the module is skipped.
"""

from __future__ import annotations

import copy
import math
from typing import Callable, Dict, List, Optional

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the programs are compared with PyTorch, which is not installed")
tnn = torch.nn
TF = torch.nn.functional

import mygrad as mg  # noqa: E402
import mygrad.nn.functional as F  # noqa: E402
from mygrad import nn, optim  # noqa: E402
from mygrad.checkpoint import load_checkpoint, save_checkpoint  # noqa: E402


# ------------------------------------------------------------------ helpers
def T(array) -> "torch.Tensor":
    """A PyTorch tensor holding a copy of ``array`` (mygrad may keep the original read-only)."""
    return torch.tensor(np.array(array))


def same_start(model: nn.Module, torch_model: "tnn.Module") -> None:
    """Load mygrad's weights into the PyTorch model; the state-dict keys must agree, in order."""
    ours, theirs = model.state_dict(), torch_model.state_dict()
    assert list(ours) == list(theirs)
    torch_model.load_state_dict({k: torch.from_numpy(np.array(v)).to(theirs[k].dtype) for k, v in ours.items()})


def assert_same(model: nn.Module, torch_model: "tnn.Module", where: str = "", grads: bool = True,
                rtol: float = 1e-9, atol: float = 1e-12) -> None:
    """Every parameter (and, with ``grads``, its gradient) of the two models agrees."""
    theirs = dict(torch_model.named_parameters())
    assert [name for name, _ in model.named_parameters()] == list(theirs), where
    for name, p in model.named_parameters():
        q = theirs[name]
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=rtol, atol=atol, err_msg=f"{where}: {name}")
        if not grads:
            continue
        if q.grad is None:
            assert p.grad is None or not p.grad.any(), f"{where}: {name} has a gradient, PyTorch's has none"
        else:
            assert p.grad is not None, f"{where}: {name} has no gradient, PyTorch's has one"
            np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=rtol, atol=atol, err_msg=f"{where}: grad {name}")


def assert_same_state(model: nn.Module, torch_model: "tnn.Module", rtol: float = 1e-9, atol: float = 1e-12) -> None:
    """The state dicts agree: same keys, dtypes and values (buffers included)."""
    ours = model.state_dict()
    for key, value in torch_model.state_dict().items():
        np.testing.assert_allclose(ours[key], value.numpy(), rtol=rtol, atol=atol, err_msg=key)
        assert ours[key].dtype == value.numpy().dtype, key


# ------------------------------------------------------------------ 1. a VAE
class VAE(nn.Module):
    def __init__(self, d: int = 12, h: int = 16, z: int = 3):
        super().__init__()
        self.fc1, self.fc_mu, self.fc_logvar = nn.Linear(d, h), nn.Linear(h, z), nn.Linear(h, z)
        self.fc3, self.fc4 = nn.Linear(z, h), nn.Linear(h, d)

    def forward(self, x, eps):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc_mu(h), self.fc_logvar(h)
        z = mu + eps * mg.exp(0.5 * logvar)  # the reparameterisation trick
        return self.fc4(F.relu(self.fc3(z))), mu, logvar


class TorchVAE(tnn.Module):
    def __init__(self, d: int = 12, h: int = 16, z: int = 3):
        super().__init__()
        self.fc1, self.fc_mu, self.fc_logvar = tnn.Linear(d, h), tnn.Linear(h, z), tnn.Linear(h, z)
        self.fc3, self.fc4 = tnn.Linear(z, h), tnn.Linear(h, d)

    def forward(self, x, eps):
        h = TF.relu(self.fc1(x))
        mu, logvar = self.fc_mu(h), self.fc_logvar(h)
        z = mu + eps * torch.exp(0.5 * logvar)
        return self.fc4(TF.relu(self.fc3(z))), mu, logvar


@pytest.mark.parametrize("reconstruction, optimizer", [("bce_with_logits_sum", "Adam"), ("bce_mean", "Adam"),
                                                       ("bce_with_logits_sum", "RAdam"), ("bce_mean", "Adamax")])
def test_vae(reconstruction, optimizer):
    rng = np.random.default_rng(0)
    x = (rng.random((8, 12)) > 0.5).astype(np.float64)
    mg.random.seed(0)
    model, tmodel = VAE().double(), TorchVAE().double()
    same_start(model, tmodel)
    opt = getattr(optim, optimizer)(model.parameters(), lr=1e-2)
    topt = getattr(torch.optim, optimizer)(tmodel.parameters(), lr=1e-2)
    for step in range(8):  # (RAdam's rectified steps start at step 6)
        eps = rng.normal(size=(8, 3))
        logits, mu, logvar = model(x, eps)
        if reconstruction == "bce_with_logits_sum":
            rec = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        else:
            rec = F.binary_cross_entropy(F.sigmoid(logits), x) * x.size
        kl = -0.5 * mg.sum(1 + logvar - mu ** 2 - mg.exp(logvar))
        loss = (rec + kl) / len(x)
        opt.zero_grad()
        loss.backward()

        tlogits, tmu, tlogvar = tmodel(T(x), T(eps))
        if reconstruction == "bce_with_logits_sum":
            trec = TF.binary_cross_entropy_with_logits(tlogits, T(x), reduction="sum")
        else:
            trec = TF.binary_cross_entropy(torch.sigmoid(tlogits), T(x)) * x.size
        tloss = (trec - 0.5 * torch.sum(1 + tlogvar - tmu.pow(2) - tlogvar.exp())) / len(x)
        topt.zero_grad()
        tloss.backward()

        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(model, tmodel, f"step {step}")
        opt.step()
        topt.step()
    assert_same(model, tmodel, "end", grads=False)


# ------------------------------------------------------------------ 2. a GAN
def generator(lib):
    return lib.Sequential(lib.Linear(4, 16), lib.LeakyReLU(0.2), lib.Linear(16, 6), lib.Tanh())


def discriminator(lib):
    return lib.Sequential(lib.Linear(6, 16), lib.LeakyReLU(0.2), lib.Linear(16, 1))


def test_gan_two_optimizers_detach_and_frozen_discriminator():
    rng = np.random.default_rng(1)
    mg.random.seed(1)
    G, D = generator(nn).double(), discriminator(nn).double()
    tG, tD = generator(tnn).double(), discriminator(tnn).double()
    same_start(G, tG)
    same_start(D, tD)
    criterion, tcriterion = nn.BCEWithLogitsLoss(), tnn.BCEWithLogitsLoss()
    adam = dict(lr=2e-3, betas=(0.5, 0.999))
    opt_G, opt_D = optim.Adam(G.parameters(), **adam), optim.Adam(D.parameters(), **adam)
    topt_G, topt_D = torch.optim.Adam(tG.parameters(), **adam), torch.optim.Adam(tD.parameters(), **adam)
    ones, zeros = np.ones((8, 1)), np.zeros((8, 1))
    for step in range(4):
        real, z = rng.normal(size=(8, 6)), rng.normal(size=(8, 4))
        # discriminator: the fake batch is detached, so G gets nothing from this loss
        fake = G(z)
        d_loss = criterion(D(real), ones) + criterion(D(mg.tensor(fake, constant=True)), zeros)
        opt_D.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_D.step()
        tfake = tG(T(z))
        td_loss = tcriterion(tD(T(real)), T(ones)) + tcriterion(tD(tfake.detach()), T(zeros))
        topt_D.zero_grad(set_to_none=True)
        td_loss.backward()
        topt_D.step()
        assert d_loss.item() == pytest.approx(td_loss.item(), rel=1e-10)
        assert_same(D, tD, f"D, step {step}")
        assert all(p.grad is None for p in G.parameters())

        # generator: through the same fake batch (its graph is still there), D frozen
        D.requires_grad_(False)
        tD.requires_grad_(False)
        g_loss = criterion(D(fake), ones)
        opt_G.zero_grad(set_to_none=False)
        g_loss.backward()
        opt_G.step()
        tg_loss = tcriterion(tD(tfake), T(ones))
        topt_G.zero_grad(set_to_none=False)
        tg_loss.backward()
        topt_G.step()
        D.requires_grad_(True)
        tD.requires_grad_(True)
        assert g_loss.item() == pytest.approx(tg_loss.item(), rel=1e-10)
        assert_same(G, tG, f"G, step {step}")
        assert all(p.grad is None or not p.grad.any() for p in D.parameters())


def test_dcgan_style_discriminator_update_accumulates_two_passes():
    # PyTorch's DCGAN example: errD_real.backward(); errD_fake.backward(); optimizerD.step() adds two passes.
    # mygrad needs accumulate_grad() for that (a documented difference); without it step() raises.
    # The example zeroes with netD.zero_grad() / netG.zero_grad() only (that raised at the second step: fixed).
    rng = np.random.default_rng(2)
    mg.random.seed(2)
    G, D = generator(nn).double(), discriminator(nn).double()
    tG, tD = generator(tnn).double(), discriminator(tnn).double()
    same_start(G, tG)
    same_start(D, tD)
    criterion, tcriterion = nn.BCEWithLogitsLoss(), tnn.BCEWithLogitsLoss()
    opt_G, opt_D = optim.Adam(G.parameters(), lr=1e-3), optim.Adam(D.parameters(), lr=1e-3)
    topt_G, topt_D = torch.optim.Adam(tG.parameters(), lr=1e-3), torch.optim.Adam(tD.parameters(), lr=1e-3)
    for step in range(3):
        real, z = rng.normal(size=(8, 6)), rng.normal(size=(8, 4))
        D.zero_grad()  # the example zeroes through the models only (the generator's pass reached D before)
        with opt_D.accumulate_grad():
            criterion(D(real), np.ones((8, 1))).backward()
            fake = G(z)
            criterion(D(mg.tensor(fake, constant=True)), np.zeros((8, 1))).backward()
        opt_D.step()
        tD.zero_grad()
        tcriterion(tD(T(real)), torch.ones(8, 1, dtype=torch.float64)).backward()
        tfake = tG(T(z))
        tcriterion(tD(tfake.detach()), torch.zeros(8, 1, dtype=torch.float64)).backward()
        topt_D.step()
        assert_same(D, tD, f"D, step {step}")

        G.zero_grad()  # zeroing through the model, as the example does
        criterion(D(fake), np.ones((8, 1))).backward()
        opt_G.step()
        tG.zero_grad()
        tcriterion(tD(tfake), torch.ones(8, 1, dtype=torch.float64)).backward()
        topt_G.step()
        assert_same(G, tG, f"G, step {step}")

    D.zero_grad()
    criterion(D(real), np.ones((8, 1))).backward()
    criterion(D(mg.tensor(G(z), constant=True)), np.zeros((8, 1))).backward()
    before = [p.data.copy() for p in D.parameters()]
    with pytest.raises(RuntimeError, match="accumulate_grad"):
        opt_D.step()
    assert all((p.data == b).all() for p, b in zip(D.parameters(), before))


# ------------------------------------------------------------------ 3. a character-level language model
VOCAB = 11


class CharLM(nn.Module):
    def __init__(self, kind: str):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, 6)
        self.rnn = getattr(nn, kind)(6, 8, num_layers=2, batch_first=True)
        self.out = nn.Linear(8, VOCAB)

    def forward(self, x, hidden=None):
        output, hidden = self.rnn(self.emb(x), hidden)
        return self.out(output), hidden


class TorchCharLM(tnn.Module):
    def __init__(self, kind: str):
        super().__init__()
        self.emb = tnn.Embedding(VOCAB, 6)
        self.rnn = getattr(tnn, kind)(6, 8, num_layers=2, batch_first=True)
        self.out = tnn.Linear(8, VOCAB)

    def forward(self, x, hidden=None):
        output, hidden = self.rnn(self.emb(x), hidden)
        return self.out(output), hidden


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_char_lm_truncated_bptt_clipping_and_schedules(kind):
    rng = np.random.default_rng(3)
    text = rng.integers(0, VOCAB, size=(3, 25))
    mg.random.seed(3)
    model, tmodel = CharLM(kind).double(), TorchCharLM(kind).double()
    same_start(model, tmodel)
    opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    topt = torch.optim.SGD(tmodel.parameters(), lr=0.5, momentum=0.9)
    plateau = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0, factor=0.5)
    tplateau = torch.optim.lr_scheduler.ReduceLROnPlateau(topt, patience=0, factor=0.5)
    criterion, tcriterion = nn.CrossEntropyLoss(), tnn.CrossEntropyLoss()

    def detach(h):
        return tuple(mg.tensor(a, constant=True) for a in h) if isinstance(h, tuple) else mg.tensor(h, constant=True)

    def tdetach(h):
        return tuple(a.detach() for a in h) if isinstance(h, tuple) else h.detach()

    for epoch in range(3):
        hidden = thidden = None
        for i in range(0, 24, 6):  # truncated backpropagation through time, 6 characters at a time
            x, y = text[:, i:i + 6], text[:, i + 1:i + 7]
            if hidden is not None:
                hidden, thidden = detach(hidden), tdetach(thidden)
            logits, hidden = model(x, hidden)
            loss = criterion(logits.reshape(-1, VOCAB), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            norm = nn.utils.clip_grad_norm_(model.parameters(), 0.5)
            opt.step()
            tlogits, thidden = tmodel(T(x), thidden)
            tloss = tcriterion(tlogits.reshape(-1, VOCAB), T(y).reshape(-1))
            topt.zero_grad()
            tloss.backward()
            tnorm = tnn.utils.clip_grad_norm_(tmodel.parameters(), 0.5)
            topt.step()
            assert loss.item() == pytest.approx(tloss.item(), rel=1e-9)
            assert float(norm) == pytest.approx(float(tnorm), rel=1e-9)
            assert_same(model, tmodel, f"epoch {epoch}, chunk {i}")
        model.eval()
        with mg.no_autodiff:
            val = criterion(model(text[:, :-1])[0].reshape(-1, VOCAB), text[:, 1:].reshape(-1)).item()
        model.train()
        tmodel.eval()
        with torch.no_grad():
            tval = tcriterion(tmodel(T(text[:, :-1]))[0].reshape(-1, VOCAB), T(text[:, 1:]).reshape(-1)).item()
        tmodel.train()
        assert val == pytest.approx(tval, rel=1e-9)
        plateau.step(val)
        tplateau.step(tval)
        assert opt.param_groups[0]["lr"] == topt.param_groups[0]["lr"]


def test_step_lr_after_a_plateau_reduction_follows_its_closed_form():
    # Documented difference: mygrad's schedules do not chain. PyTorch's StepLR keeps a rate another
    # scheduler lowered until its next decay epoch; mygrad's sets base_lr * gamma ** (epoch // step_size).
    w, tw = mg.tensor([1.0]), torch.tensor([1.0], requires_grad=True)
    opt, topt = optim.SGD([w], lr=1.0), torch.optim.SGD([tw], lr=1.0)
    step_lr, tstep_lr = optim.lr_scheduler.StepLR(opt, 2, 0.5), torch.optim.lr_scheduler.StepLR(topt, 2, 0.5)
    plateau = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0, factor=0.1)
    tplateau = torch.optim.lr_scheduler.ReduceLROnPlateau(topt, patience=0, factor=0.1)
    for o in (opt, topt):
        o.step()
    plateau.step(1.0)
    tplateau.step(1.0)
    plateau.step(1.0)  # no improvement: 1.0 -> 0.1
    tplateau.step(1.0)
    step_lr.step()  # epoch 1
    tstep_lr.step()
    assert topt.param_groups[0]["lr"] == pytest.approx(0.1)
    assert opt.param_groups[0]["lr"] == 1.0


# ------------------------------------------------------------------ 4. a tiny GPT
N_EMBD, BLOCK, HEADS, GPT_VOCAB = 8, 6, 2, 13


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(N_EMBD), nn.LayerNorm(N_EMBD)
        self.attn, self.proj = nn.Linear(N_EMBD, 3 * N_EMBD), nn.Linear(N_EMBD, N_EMBD)
        self.mlp = nn.Sequential(nn.Linear(N_EMBD, 4 * N_EMBD), nn.GELU(approximate="tanh"),
                                 nn.Linear(4 * N_EMBD, N_EMBD))
        self.register_buffer("mask", np.tril(np.ones((BLOCK, BLOCK), dtype=bool)), persistent=False)

    def forward(self, x, manual: bool):
        B, L, C = x.shape
        qkv = self.attn(self.ln1(x))
        if manual:  # torch's qkv.split(C, dim=2), as NumPy spells it
            q, k, v = np.split(qkv, 3, axis=2)
        else:
            q, k, v = (qkv[..., i * C:(i + 1) * C] for i in range(3))
        q, k, v = (mg.swapaxes(mg.reshape(a, (B, L, HEADS, C // HEADS)), 1, 2) for a in (q, k, v))
        if manual:
            att = (q @ mg.swapaxes(k, -2, -1)) * (1.0 / math.sqrt(C // HEADS))
            att = mg.where(self.mask.data[:L, :L], att, -np.inf)  # masked_fill(~mask, -inf)
            y = F.softmax(att, dim=-1) @ v
        else:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(mg.reshape(mg.swapaxes(y, 1, 2), (B, L, C)))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    def __init__(self, manual: bool):
        super().__init__()
        self.manual = manual
        self.wte = nn.Embedding(GPT_VOCAB, N_EMBD)
        self.wpe = nn.Parameter(np.zeros((1, BLOCK, N_EMBD), dtype=np.float32))
        self.blocks = nn.ModuleList([Block() for _ in range(2)])
        self.ln_f = nn.LayerNorm(N_EMBD)
        self.head = nn.Linear(N_EMBD, GPT_VOCAB, bias=False)
        self.head.weight = self.wte.weight  # weight tying

    def forward(self, idx):
        x = self.wte(idx) + self.wpe[:, :idx.shape[1]]
        for block in self.blocks:
            x = block(x, self.manual)
        return self.head(self.ln_f(x))


class TorchBlock(tnn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = tnn.LayerNorm(N_EMBD), tnn.LayerNorm(N_EMBD)
        self.attn, self.proj = tnn.Linear(N_EMBD, 3 * N_EMBD), tnn.Linear(N_EMBD, N_EMBD)
        self.mlp = tnn.Sequential(tnn.Linear(N_EMBD, 4 * N_EMBD), tnn.GELU(approximate="tanh"),
                                  tnn.Linear(4 * N_EMBD, N_EMBD))
        self.register_buffer("mask", torch.tril(torch.ones(BLOCK, BLOCK, dtype=torch.bool)), persistent=False)

    def forward(self, x):
        B, L, C = x.shape
        q, k, v = self.attn(self.ln1(x)).split(C, dim=2)
        q, k, v = (a.view(B, L, HEADS, C // HEADS).transpose(1, 2) for a in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // HEADS))
        att = att.masked_fill(~self.mask[:L, :L], float("-inf"))
        y = TF.softmax(att, dim=-1) @ v
        x = x + self.proj(y.transpose(1, 2).contiguous().view(B, L, C))
        return x + self.mlp(self.ln2(x))


class TorchGPT(tnn.Module):
    def __init__(self):
        super().__init__()
        self.wte = tnn.Embedding(GPT_VOCAB, N_EMBD)
        self.wpe = tnn.Parameter(torch.zeros(1, BLOCK, N_EMBD))
        self.blocks = tnn.ModuleList([TorchBlock() for _ in range(2)])
        self.ln_f = tnn.LayerNorm(N_EMBD)
        self.head = tnn.Linear(N_EMBD, GPT_VOCAB, bias=False)
        self.head.weight = self.wte.weight

    def forward(self, idx):
        x = self.wte(idx) + self.wpe[:, :idx.shape[1]]
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))


def decay_groups(model, weight_decay: float) -> List[Dict]:
    """nanoGPT's rule: matrices decay, biases and norms do not."""
    params = [p for _, p in model.named_parameters()]
    return [{"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay},
            {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0}]


@pytest.mark.parametrize("manual", [True, False], ids=["masked-softmax", "sdpa-is-causal"])
def test_tiny_gpt_weight_tying_adamw_groups_and_warmup(manual):
    rng = np.random.default_rng(4)
    data = rng.integers(0, GPT_VOCAB, size=(4, BLOCK + 1))
    mg.random.seed(4)
    model, tmodel = GPT(manual).double(), TorchGPT().double()
    nn.init.normal_(model.wpe, std=0.02)
    same_start(model, tmodel)
    assert "blocks.0.mask" not in model.state_dict() and "head.weight" in model.state_dict()
    assert sum(p.size for p in model.parameters()) == sum(p.numel() for p in tmodel.parameters())
    extra_args = dict(fused=False) if manual else dict(foreach=None)  # nanoGPT passes fused= where available
    opt = optim.AdamW(decay_groups(model, 0.1), lr=3e-3, betas=(0.9, 0.95), **extra_args)
    topt = torch.optim.AdamW(decay_groups(tmodel, 0.1), lr=3e-3, betas=(0.9, 0.95), **extra_args)
    warmup = lambda step: min(1.0, (step + 1) / 3)  # noqa: E731
    sched = optim.lr_scheduler.LambdaLR(opt, warmup)
    tsched = torch.optim.lr_scheduler.LambdaLR(topt, warmup)
    x, y = data[:, :-1], data[:, 1:]
    for step in range(5):
        loss = F.cross_entropy(model(x).reshape(-1, GPT_VOCAB), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        tloss = TF.cross_entropy(tmodel(T(x)).reshape(-1, GPT_VOCAB), T(y).reshape(-1))
        topt.zero_grad(set_to_none=True)
        tloss.backward()
        tnn.utils.clip_grad_norm_(tmodel.parameters(), 1.0)
        topt.step()
        tsched.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-9)
        assert sched.get_last_lr() == pytest.approx(tsched.get_last_lr(), rel=1e-12)
        assert_same(model, tmodel, f"step {step}", rtol=1e-8, atol=1e-11)
        assert model.head.weight is model.wte.weight


# ------------------------------------------------------------------ 5. a CNN, checkpointed and resumed
def cnn(lib, dropout):
    return lib.Sequential(
        lib.Conv2d(2, 4, 3, padding=1, bias=False), lib.BatchNorm2d(4), lib.ReLU(), dropout,
        lib.MaxPool2d(2), lib.Conv2d(4, 6, 3), lib.BatchNorm2d(6), lib.ReLU(), lib.AdaptiveAvgPool2d(1),
        lib.Flatten(), lib.Linear(6, 3))


class MaskFromMygrad(tnn.Module):
    """PyTorch's stand-in for Dropout2d: multiplies by the masks mygrad's Dropout2d drew, in order."""

    def __init__(self, masks: List[np.ndarray]):
        super().__init__()
        self.masks = masks

    def forward(self, x):
        return x * torch.from_numpy(self.masks.pop(0)) if self.training else x


def record_dropout_masks(masks: List[np.ndarray]) -> Callable:
    def hook(module, inputs, output):  # output = input * mask / (1 - p): recover mask / (1 - p)
        if module.training:
            x = inputs[0].data
            masks.append(np.where(x != 0, output.data / np.where(x != 0, x, 1), 0.0))
    return hook


CNN_X = np.random.default_rng(5).normal(size=(24, 2, 8, 8))
CNN_Y = np.random.default_rng(6).integers(0, 3, size=24)
CNN_XV = np.random.default_rng(7).normal(size=(8, 2, 8, 8))
CNN_YV = np.random.default_rng(8).integers(0, 3, size=8)


def cnn_epoch(model, opt, epoch: int, library: str):
    """One epoch (3 shuffled batches) and an evaluation: the losses and the validation loss."""
    order = np.random.default_rng(100 + epoch).permutation(24)
    losses = []
    model.train()
    for i in range(0, 24, 8):
        index = order[i:i + 8]
        if library == "mygrad":
            loss = F.cross_entropy(model(CNN_X[index]), CNN_Y[index])
        else:
            loss = TF.cross_entropy(model(T(CNN_X[index])), T(CNN_Y[index]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    model.eval()
    if library == "mygrad":
        with mg.no_autodiff:
            val = F.cross_entropy(model(CNN_XV), CNN_YV).item()
    else:
        with torch.no_grad():
            val = TF.cross_entropy(model(T(CNN_XV)), T(CNN_YV)).item()
    return losses + [val]


def test_cnn_batchnorm_dropout_eval_and_checkpoint_resume(tmp_path):
    masks: List[np.ndarray] = []

    def build(seed):
        mg.random.seed(seed)
        model = cnn(nn, nn.Dropout2d(0.25)).double()
        model[3].register_forward_hook(record_dropout_masks(masks))
        opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3)
        return model, opt, optim.lr_scheduler.MultiStepLR(opt, [1, 2], 0.5)

    model, opt, sched = build(9)
    tmodel = cnn(tnn, MaskFromMygrad(masks)).double()
    same_start(model, tmodel)
    topt = torch.optim.SGD(tmodel.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-3)
    tsched = torch.optim.lr_scheduler.MultiStepLR(topt, [1, 2], 0.5)
    curve = []
    for epoch in range(3):
        ours = cnn_epoch(model, opt, epoch, "mygrad")
        theirs = cnn_epoch(tmodel, topt, epoch, "torch")
        np.testing.assert_allclose(ours, theirs, rtol=1e-9)
        assert_same_state(model, tmodel)
        assert not masks
        sched.step()
        tsched.step()
        curve.append(ours)
        if epoch == 0:  # checkpoint mid-training: model, optimizer, schedule and the random state
            save_checkpoint(tmp_path / "ckpt.npz", {"model": model.state_dict(), "optimizer": opt.state_dict(),
                                                    "scheduler": sched.state_dict()})
            random_state = np.random.get_state()
    assert model[1].num_batches_tracked.item() == 9

    # resume in a fresh program: another initialisation, then the checkpoint
    resumed, opt2, sched2 = build(123)
    saved = load_checkpoint(tmp_path / "ckpt.npz")
    resumed.load_state_dict(saved["model"])
    opt2.load_state_dict(saved["optimizer"])
    sched2.load_state_dict(saved["scheduler"])
    np.random.set_state(random_state)
    for epoch in (1, 2):
        assert cnn_epoch(resumed, opt2, epoch, "mygrad") == curve[epoch]  # the very same numbers
        sched2.step()
        masks.clear()
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(resumed.state_dict()[key], value)


def test_resuming_a_pytorch_checkpoint_in_mygrad():
    # trained for a while in PyTorch, torch.save({"model": ..., "optimizer": ..., "scheduler": ...}); the
    # checkpoint's tensors read as arrays, then training goes on in mygrad exactly as it would in PyTorch
    rng = np.random.default_rng(20)
    X, Y = rng.normal(size=(16, 5)), rng.integers(0, 3, size=16)

    def net(lib):
        return lib.Sequential(lib.Linear(5, 8), lib.BatchNorm1d(8), lib.GELU(), lib.Dropout(0.0), lib.Linear(8, 3))

    torch.manual_seed(20)
    tmodel = net(tnn).double()
    topt = torch.optim.AdamW(tmodel.parameters(), lr=0.01, weight_decay=0.05, amsgrad=True)
    tsched = torch.optim.lr_scheduler.OneCycleLR(topt, max_lr=0.05, total_steps=8)
    for step in range(3):
        topt.zero_grad()
        TF.cross_entropy(tmodel(T(X)), T(Y)).backward()
        topt.step()
        tsched.step()
    checkpoint = {"model": tmodel.state_dict(), "optimizer": topt.state_dict(), "scheduler": tsched.state_dict()}

    def as_arrays(tree):
        if isinstance(tree, dict):
            return {k: as_arrays(v) for k, v in tree.items()}
        return tree.numpy().copy() if torch.is_tensor(tree) else tree

    model = net(nn).double()
    opt = optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.05, amsgrad=True)
    sched = optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=8)
    model.load_state_dict(as_arrays(checkpoint["model"]))
    opt.load_state_dict(as_arrays(checkpoint["optimizer"]))
    sched.load_state_dict(checkpoint["scheduler"])
    assert_same_state(model, tmodel)
    for step in range(4):
        opt.zero_grad()
        loss = F.cross_entropy(model(X), Y)
        loss.backward()
        opt.step()
        sched.step()
        topt.zero_grad()
        tloss = TF.cross_entropy(tmodel(T(X)), T(Y))
        tloss.backward()
        topt.step()
        tsched.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert opt.param_groups[0]["lr"] == pytest.approx(topt.param_groups[0]["lr"], rel=1e-12)
        assert_same(model, tmodel, f"step {step}")
    assert_same_state(model, tmodel)


# ------------------------------------------------------------------ 6. gradient accumulation in float32
def test_gradient_accumulation_clipping_and_closures_in_float32():
    rng = np.random.default_rng(9)
    X, Y = rng.normal(size=(32, 6)).astype(np.float32), rng.normal(size=(32, 2)).astype(np.float32)
    mg.random.seed(9)

    def net(lib):
        return lib.Sequential(lib.Linear(6, 16, bias=False), lib.BatchNorm1d(16), lib.ELU(), lib.Linear(16, 2))

    model, tmodel = net(nn), net(tnn)
    same_start(model, tmodel)
    rms = dict(lr=1e-2, alpha=0.9, momentum=0.5, centered=True, weight_decay=1e-4)
    opt, topt = optim.RMSprop(model.parameters(), **rms), torch.optim.RMSprop(tmodel.parameters(), **rms)
    sched = optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4, eta_min=1e-4)
    tsched = torch.optim.lr_scheduler.CosineAnnealingLR(topt, T_max=4, eta_min=1e-4)
    accumulation = 4
    for step in range(4):
        opt.zero_grad()
        with opt.accumulate_grad():
            for k in range(accumulation):
                part = slice(8 * k, 8 * k + 8)
                (F.smooth_l1_loss(model(X[part]), Y[part]) / accumulation).backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
        opt.step()
        sched.step()
        topt.zero_grad()
        for k in range(accumulation):
            part = slice(8 * k, 8 * k + 8)
            (TF.smooth_l1_loss(tmodel(T(X[part])), T(Y[part])) / accumulation).backward()
        tnorm = tnn.utils.clip_grad_norm_(tmodel.parameters(), max_norm=0.5)
        topt.step()
        tsched.step()
        assert float(norm) == pytest.approx(float(tnorm), rel=1e-5)
        assert_same(model, tmodel, f"step {step}", rtol=1e-4, atol=1e-6)
        assert all(p.dtype == np.float32 and p.grad.dtype == np.float32 for p in model.parameters())
        assert_same_state(model, tmodel, rtol=1e-4, atol=1e-6)  # float32 running statistics, int64 counter

    for make, tmake, options in (
        (optim.Adagrad, torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1)),
        (optim.SGD, torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1)),
        (optim.AdamW, torch.optim.AdamW, dict(lr=0.05, amsgrad=True)),
    ):
        opt, topt = make(model.parameters(), **options), tmake(tmodel.parameters(), **options)

        def closure():
            opt.zero_grad()
            loss = F.mse_loss(model(X), Y)
            loss.backward()
            return loss

        def tclosure():
            topt.zero_grad()
            loss = TF.mse_loss(tmodel(T(X)), T(Y))
            loss.backward()
            return loss

        for step in range(3):
            assert opt.step(closure).item() == pytest.approx(topt.step(tclosure).item(), rel=1e-5)
            assert_same(model, tmodel, f"{make.__name__} step {step}", grads=False, rtol=1e-4, atol=1e-6)
            assert opt.state[model[0].weight]  # state is keyed on the parameter


# ------------------------------------------------------------------ 7. custom modules: containers, buffers, init
class Expert(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = nn.Linear(d, d)
        self.scale = nn.Parameter(np.ones(d, dtype=np.float32))

    def forward(self, x):
        return self.fc(x) * self.scale


class Mixture(nn.Module):
    def __init__(self, d=5, k=3):
        super().__init__()
        self.experts = nn.ModuleList([Expert(d) for _ in range(k)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(d, 3), "reg": nn.Linear(d, 1)})
        self.mix = nn.ParameterList([nn.Parameter(np.full(1, 1.0 / k, dtype=np.float32)) for _ in range(k)])
        self.register_buffer("steps", np.zeros((), dtype=np.int64))
        self.register_buffer("ema", np.zeros(d, dtype=np.float32))
        self.register_buffer("scratch", np.zeros(d, dtype=np.float32), persistent=False)
        self.norm = nn.LayerNorm(d)

    def forward(self, x):
        h = self.norm(F.silu(sum(w * expert(x) for w, expert in zip(self.mix, self.experts))))
        if self.training:
            with mg.no_autodiff:
                self.ema.data[...] = 0.9 * self.ema.data + 0.1 * h.data.mean(0)
            self.steps += 1
        return self.heads["cls"](h), self.heads["reg"](h)


class TorchExpert(tnn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = tnn.Linear(d, d)
        self.scale = tnn.Parameter(torch.ones(d))

    def forward(self, x):
        return self.fc(x) * self.scale


class TorchMixture(tnn.Module):
    def __init__(self, d=5, k=3):
        super().__init__()
        self.experts = tnn.ModuleList([TorchExpert(d) for _ in range(k)])
        self.heads = tnn.ModuleDict({"cls": tnn.Linear(d, 3), "reg": tnn.Linear(d, 1)})
        self.mix = tnn.ParameterList([tnn.Parameter(torch.full((1,), 1.0 / k)) for _ in range(k)])
        self.register_buffer("steps", torch.zeros((), dtype=torch.int64))
        self.register_buffer("ema", torch.zeros(d))
        self.register_buffer("scratch", torch.zeros(d), persistent=False)
        self.norm = tnn.LayerNorm(d)

    def forward(self, x):
        h = self.norm(TF.silu(sum(w * expert(x) for w, expert in zip(self.mix, self.experts))))
        if self.training:
            with torch.no_grad():
                self.ema.mul_(0.9).add_(0.1 * h.mean(0))
            self.steps += 1
        return self.heads["cls"](h), self.heads["reg"](h)


def init_weights(module):
    init = nn.init if isinstance(module, nn.Module) else tnn.init
    if isinstance(module, (nn.Linear, tnn.Linear)):
        if module.weight.shape[0] == module.weight.shape[1]:
            init.eye_(module.weight)
        init.constant_(module.bias, 0.01)
    elif isinstance(module, (nn.LayerNorm, tnn.LayerNorm)):
        init.ones_(module.weight)
        init.zeros_(module.bias)


def test_custom_module_containers_buffers_init_and_param_groups():
    mg.random.seed(10)
    model, tmodel = Mixture(), TorchMixture()
    visited, tvisited = [], []
    model.apply(init_weights).apply(lambda m: visited.append(type(m).__name__))
    tmodel.apply(init_weights).apply(lambda m: tvisited.append(type(m).__name__.replace("Torch", "")))
    assert visited == tvisited  # children first, then the module, in registration order
    assert [n for n, _ in model.named_modules()] == [n for n, _ in tmodel.named_modules()]
    assert [n for n, _ in model.named_buffers()] == [n for n, _ in tmodel.named_buffers()]
    assert list(model.state_dict()) == list(tmodel.state_dict())  # the non-persistent buffer is left out
    for key in ("experts.0.fc.weight", "experts.2.fc.bias", "norm.weight", "heads.reg.bias"):
        np.testing.assert_array_equal(model.state_dict()[key], tmodel.state_dict()[key].numpy())
    model.double()
    tmodel.double()
    same_start(model, tmodel)
    assert model.steps.dtype == np.int64  # .double() leaves integer buffers alone

    model.experts[0].requires_grad_(False)  # freeze one expert
    tmodel.experts[0].requires_grad_(False)

    def groups(m):
        named = [(n, p) for n, p in m.named_parameters() if p.requires_grad]
        decays = [n.endswith("weight") and "norm" not in n for n, _ in named]
        return [{"params": [p for (_, p), d in zip(named, decays) if d], "weight_decay": 0.05},
                {"params": [p for (_, p), d in zip(named, decays) if not d], "weight_decay": 0.0, "lr": 0.02}]

    opt, topt = optim.Adam(groups(model), lr=0.01, amsgrad=True), torch.optim.Adam(groups(tmodel), lr=0.01, amsgrad=True)
    rng = np.random.default_rng(10)
    for step in range(4):
        x, y_cls, y_reg = rng.normal(size=(6, 5)), rng.integers(0, 3, size=6), rng.normal(size=(6, 1))
        logits, value = model(x)
        loss = F.cross_entropy(logits, y_cls) + 0.5 * F.mse_loss(value, y_reg)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tlogits, tvalue = tmodel(T(x))
        tloss = TF.cross_entropy(tlogits, T(y_cls)) + 0.5 * TF.mse_loss(tvalue, T(y_reg))
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(model, tmodel, f"step {step}")
    assert_same_state(model, tmodel)
    assert model.steps.item() == 4


# ------------------------------------------------------------------ 8. the classification losses and their options
def test_losses_with_label_smoothing_ignore_index_class_weights_and_reductions():
    rng = np.random.default_rng(11)
    logits, weight = rng.normal(size=(10, 4)), rng.random(4) + 0.5
    labels = rng.integers(0, 4, size=10)
    labels[[2, 5]] = -100
    labels_ignoring_1 = np.where(labels == -100, 1, labels)
    probabilities = rng.random((10, 4))
    probabilities /= probabilities.sum(1, keepdims=True)

    def compare(ours, theirs, x=logits, **options):
        a = mg.tensor(x)
        loss = ours(a, **options)
        mg.sum(loss).backward()
        b = torch.tensor(x, requires_grad=True)
        tloss = theirs(b, **{k: (T(v) if isinstance(v, np.ndarray) else v) for k, v in options.items()})
        tloss.sum().backward()
        np.testing.assert_allclose(loss.data, tloss.detach().numpy(), rtol=1e-10, err_msg=str(options))
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=1e-10, atol=1e-14, err_msg=str(options))

    for reduction in ("mean", "sum", "none"):
        for smoothing in (0.0, 0.1):
            for w in (None, weight):
                for target, ignore in ((labels, -100), (labels_ignoring_1, 1)):
                    options = dict(weight=w, ignore_index=ignore, label_smoothing=smoothing, reduction=reduction)
                    compare(F.cross_entropy, TF.cross_entropy, target=target, **options)
                    layer = nn.CrossEntropyLoss(**options)
                    tlayer = tnn.CrossEntropyLoss(**{**options, "weight": None if w is None else T(w)})
                    compare(lambda a, target: layer(a, target), lambda b, target: tlayer(b, target), target=target)
                compare(F.cross_entropy, TF.cross_entropy, target=probabilities, weight=w, label_smoothing=smoothing,
                        reduction=reduction)
            compare(lambda a, **k: F.nll_loss(F.log_softmax(a, dim=1), **k),
                    lambda b, **k: TF.nll_loss(TF.log_softmax(b, dim=1), **k),
                    target=labels, weight=weight, reduction=reduction)
    segmentation = rng.integers(0, 4, size=(3, 5))
    segmentation[0, 0] = -100
    compare(F.cross_entropy, TF.cross_entropy, x=rng.normal(size=(3, 4, 5)), target=segmentation, weight=weight,
            label_smoothing=0.1)

    x, y = rng.normal(size=(10, 3)), (rng.random((10, 3)) > 0.5).astype(np.float64)
    for reduction in ("mean", "sum", "none"):
        compare(F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits, x=x, target=y,
                weight=rng.random((10, 3)), pos_weight=rng.random(3) + 0.5, reduction=reduction)
        for ours, theirs, options in ((F.smooth_l1_loss, TF.smooth_l1_loss, dict(beta=0.5)),
                                      (F.huber_loss, TF.huber_loss, dict(delta=0.5)),
                                      (F.l1_loss, TF.l1_loss, {}), (F.mse_loss, TF.mse_loss, {})):
            compare(ours, theirs, x=x, target=y, reduction=reduction, **options)
    log_p = np.log(probabilities)
    compare(F.kl_div, TF.kl_div, x=log_p, target=probabilities[::-1].copy(), reduction="batchmean")


# ------------------------------------------------------------------ 9. hooks: feature extraction and input transforms
def test_hooks_extract_features_and_transform_inputs():
    rng = np.random.default_rng(12)
    mg.random.seed(12)

    def net(lib):
        return lib.Sequential(lib.Linear(4, 8), lib.Tanh(), lib.Linear(8, 8), lib.ReLU(), lib.Linear(8, 2))

    model, tmodel = net(nn).double(), net(tnn).double()
    same_start(model, tmodel)
    mean, std = rng.normal(size=4), rng.random(4) + 0.5
    features: Dict[str, List] = {"mygrad": [], "torch": []}
    handles = []
    for m, key, to_numpy, shift, scale in ((model, "mygrad", lambda t: t.data.copy(), mean, std),
                                           (tmodel, "torch", lambda t: t.detach().numpy().copy(), T(mean), T(std))):
        handles.append(m[0].register_forward_pre_hook(  # normalise the inputs
            lambda module, args, shift=shift, scale=scale: (args[0] - shift) / scale))
        handles.append(m[1].register_forward_hook(
            lambda module, args, output, key=key, to_numpy=to_numpy: features[key].append(to_numpy(output))))
        handles.append(m[3].register_forward_hook(lambda module, args, output: output * 0.5))  # replace output
    opt, topt = optim.SGD(model.parameters(), lr=0.1), torch.optim.SGD(tmodel.parameters(), lr=0.1)
    for step in range(3):
        x, y = rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tloss = TF.mse_loss(tmodel(T(x)), T(y))
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(model, tmodel, f"step {step}")
    np.testing.assert_allclose(features["mygrad"], features["torch"], rtol=1e-10)
    for handle in handles:
        handle.remove()
    x = rng.normal(size=(5, 4))
    with mg.no_autodiff:
        out = model(x).data
    with torch.no_grad():
        np.testing.assert_allclose(out, tmodel(T(x)).numpy(), rtol=1e-10)
    assert len(features["mygrad"]) == 3


# ------------------------------------------------------------------ 10. a transformer encoder classifier
class EncoderClassifier(nn.Module):
    def __init__(self, lib, norm_first: bool):
        super().__init__()
        self.lib = lib
        self.emb = lib.Embedding(10, 8, padding_idx=0)
        layer = lib.TransformerEncoderLayer(8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True,
                                            norm_first=norm_first, activation="gelu")
        self.encoder = lib.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.cls = lib.Linear(8, 3)

    def forward(self, x, padding):
        if self.lib is nn:
            causal = nn.Transformer.generate_square_subsequent_mask(x.shape[1])
        else:
            causal = tnn.Transformer.generate_square_subsequent_mask(x.shape[1], dtype=torch.float64)
        h = self.encoder(self.emb(x), mask=causal, src_key_padding_mask=padding)
        keep = (~padding)[..., None]
        return self.cls((h * keep).sum(1) / keep.sum(1))  # mean over the real tokens


class TorchEncoderClassifier(tnn.Module):
    forward = EncoderClassifier.forward

    def __init__(self, norm_first: bool):
        super().__init__()
        self.lib = tnn
        self.emb = tnn.Embedding(10, 8, padding_idx=0)
        layer = tnn.TransformerEncoderLayer(8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True,
                                            norm_first=norm_first, activation="gelu")
        self.encoder = tnn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.cls = tnn.Linear(8, 3)


@pytest.mark.filterwarnings("ignore::UserWarning")  # PyTorch's notes on mixed mask types / nested tensors
@pytest.mark.parametrize("norm_first", [False, True], ids=["post-norm", "pre-norm"])
def test_transformer_encoder_classifier_with_padding_and_causal_masks(norm_first):
    rng = np.random.default_rng(13)
    x = rng.integers(1, 10, size=(4, 6))
    x[0, 4:] = 0
    x[2, 5:] = 0
    padding, y = x == 0, rng.integers(0, 3, size=4)
    mg.random.seed(13)
    model, tmodel = EncoderClassifier(nn, norm_first).double(), TorchEncoderClassifier(norm_first).double()
    same_start(model, tmodel)
    opt, topt = optim.Adam(model.parameters(), lr=1e-2), torch.optim.Adam(tmodel.parameters(), lr=1e-2)
    for step in range(3):
        loss = F.cross_entropy(model(x, padding), y, label_smoothing=0.1)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tloss = TF.cross_entropy(tmodel(T(x), T(padding)), T(y), label_smoothing=0.1)
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-9)
        assert_same(model, tmodel, f"step {step}", rtol=1e-7, atol=1e-10)
    model.eval()
    tmodel.eval()
    with mg.no_autodiff:
        out = model(x, padding).data
    with torch.no_grad():
        np.testing.assert_allclose(out, tmodel(T(x), T(padding)).numpy(), rtol=1e-9)


# ------------------------------------------------------------------ 11. seq2seq with attention and teacher forcing
class Seq2Seq(nn.Module):
    def __init__(self, lib):
        super().__init__()
        self.lib = lib
        self.emb = lib.Embedding(10, 8)
        self.encoder = lib.GRU(8, 8, batch_first=True)
        self.cell = lib.LSTMCell(16, 8)
        self.attention = lib.MultiheadAttention(8, 2, batch_first=True)
        self.out = lib.Linear(8, 10)

    def forward(self, source, target, padding):
        cat, stack = (mg.concatenate, mg.stack) if self.lib is nn else (torch.cat, torch.stack)
        memory, h = self.encoder(self.emb(source))
        hx, cx = h[0], h[0] * 0
        outputs = []
        for i in range(target.shape[1]):  # teacher forcing: the true previous token goes in
            context, weights = self.attention(hx[:, None], memory, memory, key_padding_mask=padding)
            hx, cx = self.cell(cat([self.emb(target[:, i]), context[:, 0]], -1), (hx, cx))
            outputs.append(self.out(hx))
        return stack(outputs, 1), weights


class TorchSeq2Seq(tnn.Module):
    forward = Seq2Seq.forward

    def __init__(self):
        super().__init__()
        self.lib = tnn
        self.emb = tnn.Embedding(10, 8)
        self.encoder = tnn.GRU(8, 8, batch_first=True)
        self.cell = tnn.LSTMCell(16, 8)
        self.attention = tnn.MultiheadAttention(8, 2, batch_first=True)
        self.out = tnn.Linear(8, 10)


def test_seq2seq_attention_teacher_forcing_ignore_index():
    rng = np.random.default_rng(14)
    source, target = rng.integers(1, 10, size=(3, 5)), rng.integers(1, 10, size=(3, 4))
    source[1, 3:] = 0
    target[2, 3:] = 0  # padding in the targets: ignored by the loss
    padding = source == 0
    mg.random.seed(14)
    model, tmodel = Seq2Seq(nn).double(), TorchSeq2Seq().double()
    same_start(model, tmodel)
    opt, topt = optim.Adam(model.parameters(), lr=1e-2), torch.optim.Adam(tmodel.parameters(), lr=1e-2)
    for step in range(3):
        logits, weights = model(source, target[:, :-1], padding)
        loss = F.cross_entropy(logits.reshape(-1, 10), target[:, 1:].reshape(-1), ignore_index=0)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        tlogits, tweights = tmodel(T(source), T(target[:, :-1]), T(padding))
        tloss = TF.cross_entropy(tlogits.reshape(-1, 10), T(target[:, 1:]).reshape(-1), ignore_index=0)
        topt.zero_grad()
        tloss.backward()
        tnn.utils.clip_grad_norm_(tmodel.parameters(), 1.0)
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-9)
        np.testing.assert_allclose(weights.data, tweights.detach().numpy(), rtol=1e-9, atol=1e-12)
        assert not weights.data[1, 0, 3:].any()  # padded source positions get no attention
        assert_same(model, tmodel, f"step {step}", rtol=1e-7, atol=1e-10)


# ------------------------------------------------------------------ 12. a bidirectional GRU classifier with 1cycle
class GRUClassifier(nn.Module):
    def __init__(self, lib):
        super().__init__()
        self.lib = lib
        self.emb = lib.Embedding(9, 5, padding_idx=0)
        self.gru = lib.GRU(5, 6, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = lib.Linear(12, 3)

    def forward(self, x):
        out, h = self.gru(self.emb(x))
        last = mg.concatenate([h[-2], h[-1]], axis=1) if self.lib is nn else torch.cat([h[-2], h[-1]], dim=1)
        return self.fc(last), out


class TorchGRUClassifier(tnn.Module):
    forward = GRUClassifier.forward

    def __init__(self):
        super().__init__()
        self.lib = tnn
        self.emb = tnn.Embedding(9, 5, padding_idx=0)
        self.gru = tnn.GRU(5, 6, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = tnn.Linear(12, 3)


def test_bidirectional_gru_classifier_one_cycle_and_value_clipping():
    rng = np.random.default_rng(15)
    X, Y = rng.integers(0, 9, size=(12, 7)), rng.integers(0, 3, size=12)
    X[:, -2:] = 0
    mg.random.seed(15)
    model, tmodel = GRUClassifier(nn).double(), TorchGRUClassifier().double()
    same_start(model, tmodel)
    assert not model.emb.weight.data[0].any()
    opt, topt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9), torch.optim.SGD(tmodel.parameters(), lr=0.1,
                                                                                      momentum=0.9)
    cycle = dict(max_lr=0.5, epochs=2, steps_per_epoch=3)
    sched, tsched = optim.lr_scheduler.OneCycleLR(opt, **cycle), torch.optim.lr_scheduler.OneCycleLR(topt, **cycle)
    for epoch in range(2):
        for i in range(0, 12, 4):
            logits, out = model(X[i:i + 4])
            loss = F.cross_entropy(logits, Y[i:i + 4])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_value_(model.parameters(), 0.05)
            opt.step()
            sched.step()  # per batch
            tlogits, tout = tmodel(T(X[i:i + 4]))
            tloss = TF.cross_entropy(tlogits, T(Y[i:i + 4]))
            topt.zero_grad()
            tloss.backward()
            tnn.utils.clip_grad_value_(tmodel.parameters(), 0.05)
            topt.step()
            tsched.step()
            assert loss.item() == pytest.approx(tloss.item(), rel=1e-9)
            np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-9, atol=1e-12)
            assert_same(model, tmodel, f"epoch {epoch}, batch {i}")
            for key in ("lr", "momentum"):  # 1cycle moves momentum against the rate
                assert opt.param_groups[0][key] == pytest.approx(topt.param_groups[0][key], rel=1e-12)


# ------------------------------------------------------------------ 12b. PyTorch's text classification tutorial
class Sentences:
    """A map-style dataset of (label, token list) pairs of different lengths."""

    def __init__(self, n: int, seed: int):
        rng = np.random.default_rng(seed)
        self.items = [(int(rng.integers(0, 3)), rng.integers(1, 20, size=rng.integers(2, 7)).tolist())
                      for _ in range(n)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def collate_batch(batch):
    """The tutorial's collate_fn: labels, all tokens concatenated, and each text's offset into them."""
    labels = np.array([label for label, _ in batch])
    texts = [np.array(tokens) for _, tokens in batch]
    offsets = np.cumsum([0] + [len(t) for t in texts[:-1]])
    return labels, np.concatenate(texts), offsets


class TextClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.EmbeddingBag(20, 6, mode="mean")
        self.fc = nn.Linear(6, 3)

    def forward(self, text, offsets):
        return self.fc(self.embedding(text, offsets))


class TorchTextClassifier(tnn.Module):
    forward = TextClassifier.forward

    def __init__(self):
        super().__init__()
        self.embedding = tnn.EmbeddingBag(20, 6, mode="mean")
        self.fc = tnn.Linear(6, 3)


def test_text_classification_tutorial_with_embedding_bag_and_collate_fn():
    from mygrad.data import DataLoader, random_split

    train, valid = random_split(Sentences(30, seed=21), [0.8, 0.2], generator=0)
    mg.random.seed(21)
    model, tmodel = TextClassifier().double(), TorchTextClassifier().double()
    same_start(model, tmodel)
    opt, topt = optim.SGD(model.parameters(), lr=5.0), torch.optim.SGD(tmodel.parameters(), lr=5.0)
    sched, tsched = optim.lr_scheduler.StepLR(opt, 1, gamma=0.1), torch.optim.lr_scheduler.StepLR(topt, 1, gamma=0.1)
    loader = DataLoader(train, batch_size=8, shuffle=False, collate_fn=collate_batch, num_workers=0,
                        pin_memory=False)
    tloader = torch.utils.data.DataLoader(train, batch_size=8, shuffle=False,
                                          collate_fn=lambda b: tuple(T(a) for a in collate_batch(b)))
    assert len(loader) == len(tloader) == 3
    for epoch in range(2):
        model.train()
        for (label, text, offsets), (tlabel, ttext, toffsets) in zip(loader, tloader):
            opt.zero_grad()
            loss = F.cross_entropy(model(text, offsets), label)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 0.1)
            opt.step()
            topt.zero_grad()
            tloss = TF.cross_entropy(tmodel(ttext, toffsets), tlabel)
            tloss.backward()
            tnn.utils.clip_grad_norm_(tmodel.parameters(), 0.1)
            topt.step()
            assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
            assert_same(model, tmodel, f"epoch {epoch}")
        sched.step()
        tsched.step()
        model.eval()
        correct = 0
        with mg.no_autodiff:
            for label, text, offsets in DataLoader(valid, batch_size=4, collate_fn=collate_batch):
                correct += int((model(text, offsets).data.argmax(1) == label).sum())
        tcorrect = 0
        with torch.no_grad():
            for label, text, offsets in DataLoader(valid, batch_size=4, collate_fn=collate_batch):
                tcorrect += int((tmodel(T(text), T(offsets)).argmax(1).numpy() == label).sum())
        assert correct == tcorrect


def test_padded_gru_classifier_with_pad_sequence_in_collate_fn():
    from mygrad.data import DataLoader
    from mygrad.nn.utils.rnn import pad_sequence

    def collate(batch):  # pad the token lists, keep the lengths to read each sequence's last real step
        lengths = np.array([len(tokens) for _, tokens in batch])
        tokens = pad_sequence([np.array(t) for _, t in batch], batch_first=True, padding_value=0)
        return tokens.data, lengths, np.array([label for label, _ in batch])

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb, self.gru, self.fc = nn.Embedding(20, 5, padding_idx=0), nn.GRU(5, 6, batch_first=True), \
                nn.Linear(6, 3)

        def forward(self, tokens, lengths):
            out, _ = self.gru(self.emb(tokens))
            return self.fc(out[np.arange(len(lengths)), lengths - 1])

    class TorchClassifier(tnn.Module):
        def __init__(self):
            super().__init__()
            self.emb, self.gru, self.fc = tnn.Embedding(20, 5, padding_idx=0), tnn.GRU(5, 6, batch_first=True), \
                tnn.Linear(6, 3)

        def forward(self, tokens, lengths):
            out, _ = self.gru(self.emb(tokens))
            return self.fc(out[torch.arange(len(lengths)), lengths - 1])

    mg.random.seed(28)
    model, tmodel = Classifier().double(), TorchClassifier().double()
    same_start(model, tmodel)
    opt, topt = optim.Adam(model.parameters(), lr=1e-2), torch.optim.Adam(tmodel.parameters(), lr=1e-2)
    for tokens, lengths, labels in DataLoader(Sentences(12, seed=28), batch_size=4, collate_fn=collate):
        ttokens = torch.nn.utils.rnn.pad_sequence([T(t) for t in tokens], batch_first=True)  # (already padded)
        loss = F.cross_entropy(model(tokens, lengths), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tloss = TF.cross_entropy(tmodel(ttokens, T(lengths)), T(labels))
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(model, tmodel, "batch")


# ------------------------------------------------------------------ 12c. a custom optimizer: SAM
class SAM(optim.Optimizer):
    """Sharpness-aware minimisation as its popular PyTorch implementation writes it (translated)."""

    def __init__(self, params, base_optimizer, rho=0.05, **kwargs):
        super().__init__(params, dict(rho=rho, **kwargs))
        self.base_optimizer = base_optimizer(self.param_groups, **kwargs)  # the groups carry "rho" too
        self.param_groups = self.base_optimizer.param_groups

    def first_step(self, zero_grad=False):
        grad_norm = math.sqrt(sum(float((p.grad ** 2).sum()) for g in self.param_groups for p in g["params"]
                                  if p.grad is not None))
        for group in self.param_groups:
            scale = group["rho"] / (grad_norm + 1e-12)
            for p in group["params"]:
                if p.grad is None:
                    continue
                self.state[p]["old_p"] = p.data.copy()  # (self.state is a defaultdict, as PyTorch's)
                p.data += p.grad * scale  # climb to the local maximum w + e(w)
        if zero_grad:
            self.zero_grad()

    def second_step(self, zero_grad=False):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p.data[...] = self.state[p]["old_p"]  # back to w
        self.base_optimizer.step()  # the sharpness-aware update, with the gradient at w + e(w)
        if zero_grad:
            self.zero_grad()


class TorchSAM(torch.optim.Optimizer):
    def __init__(self, params, base_optimizer, rho=0.05, **kwargs):
        super().__init__(params, dict(rho=rho, **kwargs))
        self.base_optimizer = base_optimizer(self.param_groups, **kwargs)
        self.param_groups = self.base_optimizer.param_groups

    @torch.no_grad()
    def first_step(self, zero_grad=False):
        grad_norm = torch.norm(torch.stack([p.grad.norm(p=2) for g in self.param_groups for p in g["params"]
                                            if p.grad is not None]), p=2)
        for group in self.param_groups:
            scale = group["rho"] / (grad_norm + 1e-12)
            for p in group["params"]:
                if p.grad is None:
                    continue
                self.state[p]["old_p"] = p.data.clone()
                p.add_(p.grad * scale)
        if zero_grad:
            self.zero_grad()

    @torch.no_grad()
    def second_step(self, zero_grad=False):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    p.data = self.state[p]["old_p"]
        self.base_optimizer.step()
        if zero_grad:
            self.zero_grad()


def test_sam_custom_optimizer_wrapping_a_base_optimizer():
    # needed: extra keys in parameter groups ("rho"), optimizer.state as a defaultdict, and the wrapper's
    # zero_grad() between the two passes counting for the base optimizer's watch
    rng = np.random.default_rng(22)
    mg.random.seed(22)

    def net(lib):
        return lib.Sequential(lib.Linear(4, 8), lib.ReLU(), lib.Linear(8, 3))

    model, tmodel = net(nn).double(), net(tnn).double()
    same_start(model, tmodel)
    opt = SAM(model.parameters(), optim.SGD, rho=0.1, lr=0.1, momentum=0.9)
    topt = TorchSAM(tmodel.parameters(), torch.optim.SGD, rho=0.1, lr=0.1, momentum=0.9)
    for step in range(4):
        x, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
        F.cross_entropy(model(x), y).backward()
        opt.first_step(zero_grad=True)
        F.cross_entropy(model(x), y).backward()
        opt.second_step(zero_grad=True)
        TF.cross_entropy(tmodel(T(x)), T(y)).backward()
        topt.first_step(zero_grad=True)
        TF.cross_entropy(tmodel(T(x)), T(y)).backward()
        topt.second_step(zero_grad=True)
        assert_same(model, tmodel, f"step {step}", grads=False)


# ------------------------------------------------------------------ 12d. a ResNet block: in-place ReLU, residual +=
class BasicBlock(nn.Module):
    def __init__(self, lib, c_in, c_out, stride):
        super().__init__()
        self.conv1 = lib.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = lib.BatchNorm2d(c_out)
        self.relu = lib.ReLU(inplace=True)
        self.conv2 = lib.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = lib.BatchNorm2d(c_out)
        self.downsample = (lib.Sequential(lib.Conv2d(c_in, c_out, 1, stride, bias=False), lib.BatchNorm2d(c_out))
                           if stride != 1 or c_in != c_out else None)

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity  # in place, inside the graph
        return self.relu(out)


class TorchBasicBlock(tnn.Module):
    forward = BasicBlock.forward

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.conv1 = tnn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = tnn.BatchNorm2d(c_out)
        self.relu = tnn.ReLU(inplace=True)
        self.conv2 = tnn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = tnn.BatchNorm2d(c_out)
        self.downsample = (tnn.Sequential(tnn.Conv2d(c_in, c_out, 1, stride, bias=False), tnn.BatchNorm2d(c_out))
                           if stride != 1 or c_in != c_out else None)


def resnet(lib):
    block = (lambda *a: BasicBlock(nn, *a)) if lib is nn else TorchBasicBlock
    return lib.Sequential(lib.Conv2d(3, 4, 3, padding=1, bias=False), lib.BatchNorm2d(4), lib.ReLU(inplace=True),
                          block(4, 4, 1), block(4, 8, 2), lib.AdaptiveAvgPool2d((1, 1)), lib.Flatten(), lib.Linear(8, 5))


def test_resnet_with_in_place_relu_and_residual_add():
    rng = np.random.default_rng(23)
    mg.random.seed(23)
    model, tmodel = resnet(nn).double(), resnet(tnn).double()
    same_start(model, tmodel)
    sgd = dict(lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
    opt, topt = optim.SGD(model.parameters(), **sgd), torch.optim.SGD(tmodel.parameters(), **sgd)
    sched, tsched = optim.lr_scheduler.CosineAnnealingLR(opt, 3), torch.optim.lr_scheduler.CosineAnnealingLR(topt, 3)
    for step in range(3):
        x, y = rng.normal(size=(4, 3, 8, 8)), rng.integers(0, 5, size=4)
        loss = F.cross_entropy(model(x), y, label_smoothing=0.1)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        tloss = TF.cross_entropy(tmodel(T(x)), T(y), label_smoothing=0.1)
        topt.zero_grad()
        tloss.backward()
        topt.step()
        tsched.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-9)
        assert_same(model, tmodel, f"step {step}", rtol=1e-7, atol=1e-10)
    assert_same_state(model, tmodel, rtol=1e-9)


# ------------------------------------------------------------------ 12e. fine-tuning: freeze, then unfreeze
def test_fine_tuning_frozen_backbone_then_unfrozen_with_a_new_param_group():
    rng = np.random.default_rng(24)
    X, Y = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10)
    mg.random.seed(24)

    def net(lib):
        return lib.Sequential(lib.Linear(4, 8), lib.ReLU(), lib.Linear(8, 8), lib.ReLU(), lib.Linear(8, 3))

    model, tmodel = net(nn).double(), net(tnn).double()
    same_start(model, tmodel)
    for m in (model, tmodel):
        for p in list(m[0].parameters()) + list(m[2].parameters()):
            p.requires_grad = False  # the "pretrained" backbone
    opt = optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1, momentum=0.9)
    topt = torch.optim.SGD(filter(lambda p: p.requires_grad, tmodel.parameters()), lr=0.1, momentum=0.9)
    for step in range(5):
        if step == 2:  # unfreeze the backbone with a smaller learning rate
            for m, o in ((model, opt), (tmodel, topt)):
                backbone = list(m[0].parameters()) + list(m[2].parameters())
                for p in backbone:
                    p.requires_grad_(True)
                o.add_param_group({"params": backbone, "lr": 0.01})
        loss = F.cross_entropy(model(X), Y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tloss = TF.cross_entropy(tmodel(T(X)), T(Y))
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(model, tmodel, f"step {step}")
        assert len(opt.state) == len(topt.state)


# ------------------------------------------------------------------ 12f. distillation and contrastive learning
def small_net(lib, hidden):
    return lib.Sequential(lib.Linear(6, hidden), lib.ReLU(), lib.Linear(hidden, 4))


def test_knowledge_distillation_with_a_frozen_teacher():
    rng = np.random.default_rng(25)
    mg.random.seed(25)
    teacher, student = small_net(nn, 16).double().eval(), small_net(nn, 8).double()
    tteacher, tstudent = small_net(tnn, 16).double().eval(), small_net(tnn, 8).double()
    same_start(teacher, tteacher)
    same_start(student, tstudent)
    opt, topt = optim.Adam(student.parameters(), lr=1e-2), torch.optim.Adam(tstudent.parameters(), lr=1e-2)
    temperature, alpha = 3.0, 0.7
    for step in range(3):
        x, y = rng.normal(size=(8, 6)), rng.integers(0, 4, size=8)
        with mg.no_autodiff:
            soft = F.softmax(teacher(x) / temperature, dim=1)
        logits = student(x)
        loss = (alpha * temperature ** 2 * F.kl_div(F.log_softmax(logits / temperature, dim=1), soft,
                                                   reduction="batchmean")
                + (1 - alpha) * F.cross_entropy(logits, y))
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            tsoft = TF.softmax(tteacher(T(x)) / temperature, dim=1)
        tlogits = tstudent(T(x))
        tloss = (alpha * temperature ** 2 * TF.kl_div(TF.log_softmax(tlogits / temperature, dim=1), tsoft,
                                                     reduction="batchmean")
                 + (1 - alpha) * TF.cross_entropy(tlogits, T(y)))
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(student, tstudent, f"step {step}")


def test_simclr_nt_xent_with_a_masked_diagonal():
    # the similarity matrix's diagonal is masked with -inf before cross_entropy (that gave a nan loss: fixed)
    rng = np.random.default_rng(26)
    mg.random.seed(26)
    encoder, tencoder = small_net(nn, 8).double(), small_net(tnn, 8).double()
    same_start(encoder, tencoder)
    opt = optim.SGD(encoder.parameters(), lr=0.1, momentum=0.9)
    topt = torch.optim.SGD(tencoder.parameters(), lr=0.1, momentum=0.9)
    n, tau = 6, 0.5
    targets = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    for step in range(3):
        x = rng.normal(size=(n, 6))
        view1, view2 = x + 0.1 * rng.normal(size=x.shape), x + 0.1 * rng.normal(size=x.shape)
        z = F.normalize(mg.concatenate([encoder(view1), encoder(view2)], axis=0), dim=1)
        similarity = mg.where(np.eye(2 * n, dtype=bool), -np.inf, z @ z.T / tau)
        loss = F.cross_entropy(similarity, targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tz = TF.normalize(torch.cat([tencoder(T(view1)), tencoder(T(view2))], dim=0), dim=1)
        tsimilarity = (tz @ tz.T / tau).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
        tloss = TF.cross_entropy(tsimilarity, T(targets))
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert np.isfinite(loss.item()) and loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(encoder, tencoder, f"step {step}")


# ------------------------------------------------------------------ 12g. DQN: a target network and Polyak averaging
def test_dqn_update_with_a_target_network():
    rng = np.random.default_rng(27)
    mg.random.seed(27)

    def q_net(lib):
        return lib.Sequential(lib.Linear(4, 16), lib.ReLU(), lib.Linear(16, 2))

    policy, tpolicy = q_net(nn).double(), q_net(tnn).double()
    same_start(policy, tpolicy)
    target, ttarget = copy.deepcopy(policy), copy.deepcopy(tpolicy)
    target.load_state_dict(policy.state_dict())
    opt = optim.AdamW(policy.parameters(), lr=1e-3, amsgrad=True)
    topt = torch.optim.AdamW(tpolicy.parameters(), lr=1e-3, amsgrad=True)
    gamma, tau = 0.99, 0.05
    for step in range(4):
        state, next_state = rng.normal(size=(8, 4)), rng.normal(size=(8, 4))
        action, reward, done = rng.integers(0, 2, size=8), rng.normal(size=8), rng.random(8) < 0.2
        q = policy(state)[np.arange(8), action]  # q.gather(1, action[:, None])
        with mg.no_autodiff:
            expected = reward + gamma * target(next_state).data.max(axis=1) * ~done
        loss = F.smooth_l1_loss(q, expected)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_value_(policy.parameters(), 100)
        opt.step()
        for p, tp in zip(policy.parameters(), target.parameters()):  # soft update of the target network
            tp.data[...] = tau * p.data + (1 - tau) * tp.data

        tq = tpolicy(T(state)).gather(1, T(action)[:, None]).squeeze(1)
        with torch.no_grad():
            texpected = T(reward) + gamma * ttarget(T(next_state)).max(1).values * T(~done)
        tloss = TF.smooth_l1_loss(tq, texpected)
        topt.zero_grad()
        tloss.backward()
        tnn.utils.clip_grad_value_(tpolicy.parameters(), 100)
        topt.step()
        with torch.no_grad():
            for p, tp in zip(tpolicy.parameters(), ttarget.parameters()):
                tp.mul_(1 - tau).add_(tau * p)
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-10)
        assert_same(policy, tpolicy, f"step {step}")
        assert_same(target, ttarget, f"target, step {step}", grads=False)


# ------------------------------------------------------------------ 12h. an EMA of the weights (timm's ModelEmaV2)
def test_weight_ema_through_the_state_dict():
    # timm writes ema_v.copy_(decay * ema_v + (1 - decay) * model_v) over state_dict().values(), which share the
    # parameters' memory in PyTorch. mygrad's state_dict() returns copies (documented): keep_vars=True and .data
    rng = np.random.default_rng(29)
    mg.random.seed(29)

    def net(lib):
        return lib.Sequential(lib.Linear(4, 8), lib.BatchNorm1d(8), lib.ReLU(), lib.Linear(8, 2))

    model, tmodel = net(nn).double(), net(tnn).double()
    same_start(model, tmodel)
    ema, tema = copy.deepcopy(model).eval(), copy.deepcopy(tmodel).eval()
    opt, topt = optim.SGD(model.parameters(), lr=0.1), torch.optim.SGD(tmodel.parameters(), lr=0.1)
    decay = 0.9
    for step in range(4):
        x, y = rng.normal(size=(6, 4)), rng.normal(size=(6, 2))
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        opt.step()
        for e, m in zip(ema.state_dict(keep_vars=True).values(), model.state_dict(keep_vars=True).values()):
            e.data[...] = decay * e.data + (1 - decay) * m.data if e.dtype.kind == "f" else m.data
        topt.zero_grad()
        TF.mse_loss(tmodel(T(x)), T(y)).backward()
        topt.step()
        with torch.no_grad():
            for e, m in zip(tema.state_dict().values(), tmodel.state_dict().values()):
                e.copy_(decay * e + (1 - decay) * m if e.is_floating_point() else m)
        assert_same_state(ema, tema)
    x = rng.normal(size=(3, 4))
    with mg.no_autodiff:
        out = ema(x).data
    with torch.no_grad():
        np.testing.assert_allclose(out, tema(T(x)).numpy(), rtol=1e-10)


# ------------------------------------------------------------------ 13. habits around backward() and step()
OPTIMIZERS = [
    (optim.SGD, torch.optim.SGD, dict(lr=0.1, momentum=0.9, weight_decay=0.1)),
    (optim.Adam, torch.optim.Adam, dict(lr=0.1, weight_decay=0.1)),
    (optim.AdamW, torch.optim.AdamW, dict(lr=0.1)),
    (optim.RMSprop, torch.optim.RMSprop, dict(lr=0.1, momentum=0.5)),
    (optim.Adagrad, torch.optim.Adagrad, dict(lr=0.1)),
]


@pytest.mark.parametrize("set_to_none", [True, False])
@pytest.mark.parametrize("make, tmake, options", OPTIMIZERS, ids=[o[0].__name__ for o in OPTIMIZERS])
def test_multi_head_model_updating_one_head_per_step(make, tmake, options, set_to_none):
    # a head unused in a step: with set_to_none it is skipped (no weight decay, no momentum);
    # with zeros it is stepped with a zero gradient - as in PyTorch
    mg.random.seed(16)
    model = nn.ModuleDict({"a": nn.Linear(3, 2), "b": nn.Linear(3, 2)}).double()
    tmodel = tnn.ModuleDict({"a": tnn.Linear(3, 2), "b": tnn.Linear(3, 2)}).double()
    same_start(model, tmodel)
    opt, topt = make(model.parameters(), **options), tmake(tmodel.parameters(), **options)
    x = np.random.default_rng(16).normal(size=(4, 3))
    for step in range(4):
        head = "ab"[step % 2]
        opt.zero_grad(set_to_none=set_to_none)
        topt.zero_grad(set_to_none=set_to_none)
        model[head](x).sum().backward()
        opt.step()
        tmodel[head](T(x)).sum().backward()
        topt.step()
        assert_same(model, tmodel, f"step {step}")


@pytest.mark.parametrize("under_no_autodiff", [False, True])
def test_logging_a_forward_pass_between_backward_and_step(under_no_autodiff):
    # loss.backward(); <evaluate the model for a log line>; optimizer.step(): PyTorch steps with the loss's
    # gradient. mygrad's step() skipped every parameter the logging pass had used (fixed)
    rng = np.random.default_rng(17)
    mg.random.seed(17)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1)).double()
    tmodel = tnn.Sequential(tnn.Linear(3, 4), tnn.Tanh(), tnn.Linear(4, 1)).double()
    same_start(model, tmodel)
    opt, topt = optim.Adam(model.parameters(), lr=0.05), torch.optim.Adam(tmodel.parameters(), lr=0.05)
    x_val = rng.normal(size=(4, 3))
    for step in range(3):
        x, y = rng.normal(size=(6, 3)), rng.normal(size=(6, 1))
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        if under_no_autodiff:
            with mg.no_autodiff:
                logged = model(x_val).data.mean()
        else:
            logged = model(x_val).data.mean()
        opt.step()
        topt.zero_grad()
        TF.mse_loss(tmodel(T(x)), T(y)).backward()
        with torch.no_grad():
            tlogged = tmodel(T(x_val)).mean().item()
        topt.step()
        assert logged == pytest.approx(tlogged, rel=1e-10)
        assert_same(model, tmodel, f"step {step}", grads=False)


def test_seeding_reproduces_initialisation_and_dropout():
    # torch.manual_seed(0) at the top of a program; in mygrad, mg.random.seed (NumPy's global state)
    def run():
        mg.random.seed(0)
        model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1))
        out = model(np.ones((3, 4), dtype=np.float32))
        return model.state_dict(), out.data

    (state_a, out_a), (state_b, out_b) = run(), run()
    assert all((state_a[k] == state_b[k]).all() for k in state_a)
    np.testing.assert_array_equal(out_a, out_b)
