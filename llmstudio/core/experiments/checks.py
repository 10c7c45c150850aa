"""Warnings about a run config that trains but probably not as meant.

These do not stop a run (an experiment may want exactly this); the CLI prints them on
stderr before training and the app shows them beside the settings.
"""

from __future__ import annotations

from llmstudio.core.training.config import RunConfig


def config_warnings(config: RunConfig) -> list[str]:
    train = config.train
    found: list[str] = []
    if train.warmup_steps >= train.max_steps:
        found.append(
            f"train.warmup_steps ({train.warmup_steps}) is as long as the run (train.max_steps {train.max_steps}): "
            f"the learning rate never reaches train.lr; lower train.warmup_steps (about 5-10% of the steps)")
    return found
