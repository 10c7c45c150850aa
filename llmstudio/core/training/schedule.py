"""Learning-rate schedules: linear warmup, then cosine, linear, constant or warmup-stable-decay."""

from __future__ import annotations

import math

from llmstudio.core.training.config import TrainConfig

WSD_DECAY_FRACTION = 0.2  # warmup-stable-decay: decay over the last 20% of steps


def learning_rate(step: int, config: TrainConfig) -> float:
    """The learning rate for optimizer step ``step`` (0-based)."""
    lr, min_lr, warmup, total = config.lr, config.min_lr, config.warmup_steps, config.max_steps
    if warmup > 0 and step < warmup:
        return lr * (step + 1) / (warmup + 1)
    if config.schedule == "constant":
        return lr
    if step >= total:
        return min_lr
    if config.schedule == "wsd":
        decay_start = max(warmup, int(total * (1 - WSD_DECAY_FRACTION)))
        if step < decay_start:
            return lr
        progress = (step - decay_start) / max(1, total - decay_start)
        return lr - (lr - min_lr) * progress
    progress = (step - warmup) / max(1, total - warmup)
    if config.schedule == "linear":
        return lr - (lr - min_lr) * progress
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (lr - min_lr)
