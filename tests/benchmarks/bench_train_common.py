"""Shared parts of the training benchmarks: the char-level Moby-Dick project, nanoGPT's
CPU recipe, a minimal hand-written PyTorch loop for the same model, and one evaluation
both are scored with.

The hand-written loop is what a careful person writes in nanoGPT's style: random windows
from the memory-mapped token file, AdamW with decay on matrices only, warmup + cosine,
clip 1.0, no framework around it. It uses llmstudio's ``GPT`` class so that the model is
the same and only the training machinery differs.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import torch

from llmstudio.core.model.build import build_model
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.training.config import RunConfig

# nanoGPT README, "I only have a macbook": --block_size=64 --batch_size=12 --n_layer=4 --n_head=4 --n_embd=128
# --max_iters=2000 --lr_decay_iters=2000 --dropout=0.0, with train_shakespeare_char's lr 1e-3 -> 1e-4, warmup 100,
# beta2 0.99, weight decay 0.1, grad clip 1.0, eval every 250 iterations on 20 batches.
RECIPE = [
    "model.n_layer=4", "model.n_head=4", "model.d_model=128", "model.context_length=64", "model.dropout=0",
    "model.bias=false", "model.tie_embeddings=true", "train.batch_size=12", "train.grad_accum=1",
    "train.max_steps=2000", "train.lr=1e-3", "train.min_lr=1e-4", "train.warmup_steps=100",
    "train.schedule=cosine", "train.beta1=0.9", "train.beta2=0.99", "train.weight_decay=0.1", "train.grad_clip=1.0",
    "train.eval_interval=250", "train.eval_batches=20", "train.log_interval=10", "train.checkpoint_interval=1000",
    "train.precision=fp32", "train.compile=false", "train.seed=1337",
]


def recipe(*extra: str) -> RunConfig:
    return RunConfig().with_overrides(RECIPE + list(extra))


def char_project(folder: Path) -> Project:
    """The bundled Moby-Dick chapters (public domain), cleaned, with a character tokenizer."""
    from llmstudio.core.demo import create_demo_project
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    fresh = not (folder / "project.sqlite").exists()
    project = create_demo_project(folder)
    if fresh or not project.tokenizers():
        train_tokenizer(project, TokenizerSettings(model_type="char", vocab_size=100, name="char"))
    return project


def token_files(project: Project) -> tuple[np.memmap, np.memmap, int]:
    tok = project.tokenizer()
    train = np.memmap(project.absolute(tok.train_path), dtype=np.dtype(tok.dtype), mode="r")
    val = np.memmap(project.absolute(tok.val_path), dtype=np.dtype(tok.dtype), mode="r")
    return train, val, tok.vocab_size


def hand_written_loop(train_tokens: np.ndarray, config: RunConfig, vocab_size: int, steps: int | None = None,
                      log_every: int = 10) -> tuple[GPT, list[float], float]:
    """nanoGPT-style training; returns (model, loss every log_every steps, seconds in the loop)."""
    m, t = config.model, config.train
    torch.manual_seed(t.seed)
    model = build_model(m, vocab_size)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and not n.startswith(("tok_emb", "pos_emb"))]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and not n.startswith(("tok_emb", "pos_emb")))]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": t.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=t.lr, betas=(t.beta1, t.beta2), eps=t.eps)
    T, B, total = m.context_length, t.batch_size, steps or t.max_steps
    generator = torch.Generator().manual_seed(t.seed)

    def get_batch() -> tuple[torch.Tensor, torch.Tensor]:
        ix = torch.randint(len(train_tokens) - T - 1, (B,), generator=generator)
        x = torch.stack([torch.from_numpy(train_tokens[i : i + T].astype(np.int64)) for i in ix.tolist()])
        y = torch.stack([torch.from_numpy(train_tokens[i + 1 : i + 1 + T].astype(np.int64)) for i in ix.tolist()])
        return x, y

    def get_lr(it: int) -> float:
        if it < t.warmup_steps:
            return t.lr * (it + 1) / (t.warmup_steps + 1)
        if it >= t.max_steps:
            return t.min_lr
        ratio = (it - t.warmup_steps) / (t.max_steps - t.warmup_steps)
        return t.min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (t.lr - t.min_lr)

    losses: list[float] = []
    model.train()
    start = time.perf_counter()
    for it in range(total):
        for group in optimizer.param_groups:
            group["lr"] = get_lr(it)
        x, y = get_batch()
        _, loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), t.grad_clip)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if (it + 1) % log_every == 0:
            losses.append(loss.item())
    return model, losses, time.perf_counter() - start


@torch.no_grad()
def full_val_loss(model: torch.nn.Module, val_tokens: np.ndarray, context: int, batch: int = 64) -> float:
    """Mean loss over the whole validation split in non-overlapping windows: no sampling noise."""
    model.eval()
    n = (len(val_tokens) - 1) // context
    data = torch.from_numpy(np.asarray(val_tokens[: n * context + 1]).astype(np.int64))
    x_all = data[:-1].view(n, context)
    y_all = data[1:].view(n, context)
    total, count = 0.0, 0
    for i in range(0, n, batch):
        x, y = x_all[i : i + batch], y_all[i : i + batch]
        _, loss = model(x, y)
        total += float(loss) * x.shape[0]
        count += x.shape[0]
    model.train()
    return total / count


def load_run_model(project: Project, run_id: int, which: str = "latest") -> GPT:
    from llmstudio.core.evaluation.generate import Generator

    return Generator(project, run_id, device="cpu", which=which).model


def cpu_pressure() -> str:
    try:
        return Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return "n/a"
