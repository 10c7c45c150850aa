"""The learning-rate finder: a short run whose learning rate rises exponentially, step by step.

Loss falls slowly while the rate is too small, fast in the useful range, and blows up when
the rate is too large. The suggested value is where the smoothed loss falls fastest
against log(lr), taken before the lowest loss (the usual "steepest slope" rule; the value
at the minimum itself is already too large to train with). Nothing is written to the
project: the model is thrown away after the sweep of rates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project
from llmstudio.core.training.batches import TokenBatches
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import default_threads, prepare_device, resolve_device
from llmstudio.core.training.step import TrainStep

DIVERGED = 4.0  # stop once the smoothed loss is this many times the best so far
SMOOTHING = 0.9


@dataclass(frozen=True)
class LrFindResult:
    lrs: list[float]
    losses: list[float]
    suggested_lr: float | None

    def to_json(self) -> dict[str, Any]:
        return {"lrs": self.lrs, "losses": self.losses, "suggested_lr": self.suggested_lr}


def rising_lrs(min_lr: float, max_lr: float, steps: int) -> list[float]:
    if not 0 < min_lr < max_lr:
        raise StudioError(f"the learning-rate range needs 0 < min lr < max lr, not {min_lr:g} to {max_lr:g}")
    if steps < 5:
        raise StudioError(f"the finder needs at least 5 steps, not {steps}")
    ratio = max_lr / min_lr
    return [min_lr * ratio ** (i / (steps - 1)) for i in range(steps)]


def smoothed(losses: list[float]) -> list[float]:
    """Exponential moving average with bias correction (the first values are not pulled to 0)."""
    out, average = [], 0.0
    for index, loss in enumerate(losses):
        average = SMOOTHING * average + (1 - SMOOTHING) * loss
        out.append(average / (1 - SMOOTHING ** (index + 1)))
    return out


def suggest(lrs: list[float], losses: list[float]) -> float | None:
    """Where the smoothed loss falls fastest against log(lr), before its minimum."""
    if len(losses) < 5:
        return None
    curve = smoothed(losses)
    lowest = min(range(len(curve)), key=curve.__getitem__)
    if lowest < 2:
        return None
    slopes = [(curve[i + 1] - curve[i - 1]) / (math.log(lrs[i + 1]) - math.log(lrs[i - 1]))
              for i in range(1, lowest)]
    steepest = min(range(len(slopes)), key=slopes.__getitem__)
    return lrs[steepest + 1]


def find_lr(project: Project, config: RunConfig, *, steps: int = 100, min_lr: float = 1e-6, max_lr: float = 1.0,
            device: str = "auto", progress: Progress = no_progress, cancel: CancelToken | None = None) -> LrFindResult:
    """Train a fresh model for ``steps`` steps with the rate rising from ``min_lr`` to ``max_lr``."""
    cancel = cancel or CancelToken()
    schedule = rising_lrs(min_lr, max_lr, steps)
    tokenizer = project.tokenizer()
    torch_device = resolve_device(device)
    prepare_device(torch_device)
    if torch_device.type == "cpu":
        torch.set_num_threads(config.train.threads or default_threads(False))
    model_config = ModelConfig(**{**config.model.to_dict(), "vocab_size": tokenizer.vocab_size})
    batches = TokenBatches(project.absolute(tokenizer.train_path, "the tokenizer's train token file"), tokenizer.dtype, model_config.context_length,
                           config.train.batch_size, config.train.seed, "train")
    torch.manual_seed(config.train.seed)
    model = GPT(model_config).to(torch_device)
    runner = TrainStep(model, torch_device, config.train)
    lrs: list[float] = []
    losses: list[float] = []
    best = math.inf
    for step, lr in enumerate(schedule):
        cancel.raise_if_cancelled()
        starts = batches.draw(config.train.batch_size * config.train.grad_accum)
        chunks = [starts[i:i + config.train.batch_size] for i in range(0, len(starts), config.train.batch_size)]
        loss, _, _ = runner.run(step, lr, [partial(batches.load, c, torch_device) for c in chunks])
        if not math.isfinite(loss):
            break
        lrs.append(lr)
        losses.append(loss)
        current = smoothed(losses)[-1]
        best = min(best, current)
        progress((step + 1) / steps, f"lr {lr:.2e}: loss {loss:.4f}")
        if step > 5 and current > DIVERGED * best:
            break
    return LrFindResult(lrs, losses, suggest(lrs, losses))
