"""The trainer: one loop for the app (on a QThread), the CLI, and torchrun.

``train_run`` creates or resumes a run in the project database, trains the language
model on the tokenizer's token shards, reports events through a callback (frozen
dataclasses of plain numbers, safe to send across threads), writes metrics to SQLite in
batches, checkpoints atomically, and finishes with exactly one final status:
completed, cancelled (the cancel token was set; a checkpoint is saved), or failed.
Under torchrun every rank runs this function; rank 0 alone writes the database and the
checkpoints (see ``distributed``).
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from llmstudio.core.db import transaction
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.model.size import flops_per_token
from llmstudio.core.project import Project, RunSummary, utc_now
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.batches import TokenBatches
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import default_threads, prepare_device, resolve_device
from llmstudio.core.training.distributed import SINGLE, DistInfo, init_process_group
from llmstudio.core.training.loop import RunResult, TrainingLoop
from llmstudio.core.training.metrics import MetricWriter, NullWriter
from llmstudio.core.training.step import MicroHook, TrainStep

log = logging.getLogger(__name__)


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


TrainEvent = StepLogged | EvalLogged | RunStarted

__all__ = ["EvalLogged", "RunResult", "RunStarted", "StepLogged", "TrainEvent", "create_run", "train_run"]


def create_run(project: Project, config: RunConfig, tokenizer_id: int | None = None, name: str = "") -> int:
    """Add a run in state 'created' (validated against the tokenizer); returns its id."""
    tokenizer = project.tokenizer(tokenizer_id)
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO runs(name, kind, status, tokenizer_id, config_json, max_steps, created_at) "
            "VALUES (?, 'lm', 'created', ?, ?, ?, ?)",
            (name or "run", tokenizer.id, json.dumps(config.to_dict()), config.train.max_steps, utc_now()),
        )
        run_id = int(cur.lastrowid or 0)
        conn.execute(
            "UPDATE runs SET name = ?, checkpoint_dir = ? WHERE id = ?",
            (name or f"run {run_id}", f"runs/{run_id}", run_id),
        )
    return run_id


def train_run(
    project: Project,
    run_id: int,
    *,
    device: str = "auto",
    extra_steps: int = 0,
    interactive: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    on_event: Callable[[TrainEvent], None] | None = None,
    dist: DistInfo = SINGLE,
    micro_hook: MicroHook | None = None,
    gemm_cache_dir: Path | None = None,
) -> RunResult:
    """Train run ``run_id`` from its latest checkpoint (or from scratch) to its max steps.

    ``extra_steps`` > 0 continues a finished run for that many more steps. ``dist`` is the
    torchrun rank (``DistInfo.from_env()``); ``micro_hook(step, micro_batch)`` runs before
    each forward pass (a test seam, e.g. to simulate running out of memory).
    """
    cancel = cancel or CancelToken()
    emit = on_event if (on_event and dist.is_main) else (lambda event: None)
    summary = project.run(run_id)
    if dist.is_main and summary.status == "running":
        raise StudioError(f"run {run_id} is already training")
    config = RunConfig.from_dict(project.run_config(run_id))
    tokenizer = project.tokenizer(summary.tokenizer_id)
    torch_device = init_process_group(dist, device) if dist.enabled else resolve_device(device)
    prepare_device(torch_device)
    threads = _threads(config.train.threads, interactive, dist)
    if torch_device.type == "cpu":
        torch.set_num_threads(threads)

    # An imported model's embedding may have more rows than its tokenizer has tokens.
    vocab_size = max(config.model.vocab_size, tokenizer.vocab_size)
    model_config = ModelConfig(**{**config.model.to_dict(), "vocab_size": vocab_size})
    run_dir = project.absolute(summary.checkpoint_dir or f"runs/{run_id}")
    resume = (run_dir / ckpt.LATEST).is_file()
    max_steps = config.train.max_steps
    if extra_steps > 0:
        max_steps = max(summary.step, summary.max_steps or 0) + extra_steps

    train_batches = _batches(project, tokenizer.train_path, tokenizer.dtype, model_config, config, "train", 0)
    val_batches = _batches(project, tokenizer.val_path, tokenizer.dtype, model_config, config, "validation", 1)
    torch.manual_seed(config.train.seed)
    model = GPT(model_config).to(torch_device)
    found = ckpt.find_checkpoint(run_dir) if resume else None
    if found is not None:
        ckpt.load_weights(found, model, torch_device)  # before FSDP shards the weights
    trainer_step = TrainStep(model, torch_device, config.train, dist)
    trainer_step.before_micro = micro_hook
    start_step, best_val, first_val = 0, math.inf, summary.first_val_loss
    if found is not None:
        trainer_step.load_optimizer_state(ckpt.load_optimizer_state(found))
        rng = ckpt.load_rng_state(found)
        torch.set_rng_state(rng["torch"])
        train_batches.generator.set_state(rng["train_batches"])
        start_step = found.step
        best_val = float(found.meta.get("best_val_loss") or math.inf)

    if dist.is_main:
        with transaction(project.db) as conn:
            conn.execute(
                "UPDATE runs SET status = 'running', device = ?, max_steps = ?, message = NULL, started_at = "
                "coalesce(started_at, ?), updated_at = ?, finished_at = NULL WHERE id = ?",
                (_device_label(torch_device, dist), max_steps, utc_now(), utc_now(), run_id),
            )
    plan = trainer_step.plan(config.train.batch_size, config.train.grad_accum)
    emit(RunStarted(run_id, start_step, max_steps, _device_label(torch_device, dist), model.num_parameters(),
                    trainer_step.precision, trainer_step.compiled, threads, dist.world_size, plan.micro, plan.accum))
    log.info("run %d on %s from step %d to %d (%d threads, %s, rank %d/%d)", run_id, torch_device, start_step,
             max_steps, threads, trainer_step.precision, dist.rank, dist.world_size)

    from llmstudio.core.training.gemm_peak import gemm_peak_flops

    peak = gemm_peak_flops(torch_device, trainer_step.dtype, threads, gemm_cache_dir) * dist.world_size
    writer = MetricWriter(project, run_id) if dist.is_main else NullWriter()
    loop = TrainingLoop(
        project=project, run_id=run_id, config=config, model=model, step_runner=trainer_step,
        train_batches=train_batches, val_batches=val_batches, device=torch_device, run_dir=run_dir,
        max_steps=max_steps, start_step=start_step, best_val=best_val, first_val=first_val, emit=emit,
        progress=progress, cancel=cancel, metrics=writer, dist=dist,
        flops_per_token=flops_per_token(model_config), peak_flops=peak,
    )
    return loop.run()


def _threads(setting: int, interactive: bool, dist: DistInfo) -> int:
    if setting:
        return setting
    if dist.enabled:  # share the cores among the ranks on this machine
        local_world = int(os.environ.get("LOCAL_WORLD_SIZE", dist.world_size))
        return max(1, (os.cpu_count() or 1) // max(1, local_world))
    return default_threads(interactive)


def _device_label(device: torch.device, dist: DistInfo) -> str:
    if not dist.enabled:
        return str(device)
    return f"{device.type} × {dist.world_size}"


def _batches(project: Project, rel: str, dtype: str, model_config: ModelConfig, config: RunConfig,
             split: str, seed_offset: int) -> TokenBatches:
    return TokenBatches(project.absolute(rel), dtype, model_config.context_length, config.train.batch_size,
                        config.train.seed + seed_offset, split)


def latest_checkpoint_for(project: Project, run: RunSummary) -> ckpt.Checkpoint:
    return ckpt.find_checkpoint(project.absolute(run.checkpoint_dir or f"runs/{run.id}"))


def describe_failure(exc: BaseException) -> str:
    if isinstance(exc, StudioError):
        return str(exc)
    if isinstance(exc, torch.OutOfMemoryError):
        return "the device ran out of memory; lower train.batch_size or model.context_length and resume"
    return f"training failed: {type(exc).__name__}: {exc}"

