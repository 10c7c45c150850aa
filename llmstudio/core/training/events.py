"""What a training run tells its watchers, as frozen dataclasses of plain numbers.

The trainer emits these from its thread (or rank 0 under torchrun); the CLI prints them
and the Train panel plots them. They live apart from the trainer and import no torch, so
the CLI and the GUI import them at module level without loading torch, and the training
loop and the trainer share them without importing each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class StepLogged:
    run_id: int
    step: int
    max_steps: int
    train_loss: float
    lr: float
    grad_norm: float
    tokens_per_s: float
    elapsed_s: float
    eta_s: float
    step_time_s: float = 0.0
    mfu: float = math.nan
    memory_bytes: int = 0


@dataclass(frozen=True)
class EvalLogged:
    run_id: int
    step: int
    val_loss: float
    train_loss: float


@dataclass(frozen=True)
class RunStarted:
    run_id: int
    start_step: int
    max_steps: int
    device: str
    parameters: int
    precision: str = "fp32"
    compiled: bool = False
    threads: int = 1
    world_size: int = 1
    micro_batch: int = 0
    grad_accum: int = 1
    trainable: int = 0  # parameters that train (fewer than ``parameters`` with LoRA adapters)


@dataclass(frozen=True)
class RunResult:
    """How a training session ended: completed, cancelled or failed, with its message."""

    run_id: int
    status: str
    step: int
    train_loss: float | None
    val_loss: float | None
    message: str


TrainEvent = StepLogged | EvalLogged | RunStarted
