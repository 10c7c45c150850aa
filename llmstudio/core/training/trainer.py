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

import logging
import math
import os
from collections.abc import Callable
from pathlib import Path

import torch

from llmstudio.core.changes import Changed, declares
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.build import build_model, model_config_for
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.lora import apply_lora
from llmstudio.core.model.size import flops_per_token
from llmstudio.core.project import Project, utc_now
from llmstudio.core.runs import (
    MetricWriter,
    NullWriter,
    RunLock,
    acquire_run_lock,
    get_run,
    run_folder,
    update_run,
)
from llmstudio.core.runs.metrics import write_retrying
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.batches import Batches, TokenBatches
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import default_threads, prepare_device, resolve_device
from llmstudio.core.training.distributed import SINGLE, DistInfo, init_process_group
from llmstudio.core.training.events import EvalLogged, RunResult, RunStarted, StepLogged, TrainEvent
from llmstudio.core.training.from_run import initial_weights
from llmstudio.core.training.loop import Engine, Outlet, Position, TrainingLoop, describe_failure
from llmstudio.core.training.runs import create_run, load_run_config
from llmstudio.core.training.step import MicroHook, TrainStep

log = logging.getLogger(__name__)

# The events and create_run live in torch-free modules; they are re-exported here for callers of old.
__all__ = ["EvalLogged", "RunResult", "RunStarted", "StepLogged", "TrainEvent", "create_run", "describe_failure",
           "train_run"]


@declares(Changed.RUNS)
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
    lock: RunLock | None = None,
) -> RunResult:
    """Train run ``run_id`` from its latest checkpoint (or from scratch) to its max steps.

    ``extra_steps`` > 0 continues a finished run for that many more steps. ``dist`` is the
    torchrun rank (``DistInfo.from_env()``); ``micro_hook(step, micro_batch)`` runs before
    each forward pass (a test seam, e.g. to simulate running out of memory). Rank 0 holds
    the run's lock for the whole session (``RunBusy`` when another process trains it);
    a caller that already took it (the CLI, before changing the run's config) passes ``lock``.
    """
    held = None
    if dist.is_main:
        held = lock if lock is not None and lock.held and lock.run_id == run_id else acquire_run_lock(project, run_id)
    try:
        return _train(project, run_id, device, extra_steps, interactive, progress, cancel or CancelToken(),
                      on_event, dist, micro_hook, gemm_cache_dir)
    finally:
        if held is not None and held is not lock:
            held.release()


def _train(project: Project, run_id: int, device: str, extra_steps: int, interactive: bool, progress: Progress,
           cancel: CancelToken, on_event: Callable[[TrainEvent], None] | None, dist: DistInfo,
           micro_hook: MicroHook | None, gemm_cache_dir: Path | None) -> RunResult:
    emit: Callable[[TrainEvent], None] = on_event if (on_event and dist.is_main) else (lambda event: None)
    summary = get_run(project, run_id, kind="lm")
    config = load_run_config(project, run_id)
    tokenizer = project.tokenizer(summary.tokenizer_id)
    torch_device = init_process_group(dist, device) if dist.enabled else resolve_device(device)
    prepare_device(torch_device)
    threads = _threads(config.train.threads, interactive, dist)
    if torch_device.type == "cpu":
        torch.set_num_threads(threads)

    model_config = model_config_for(config, tokenizer)
    run_dir = run_folder(project, summary)
    resume = (run_dir / ckpt.LATEST).is_file()
    max_steps = config.train.max_steps
    if extra_steps > 0:
        max_steps = max(summary.step, summary.max_steps or 0) + extra_steps

    train_batches: Batches
    val_batches: Batches
    if config.train.instruct:  # instruction tuning: prompt/response pairs, loss on the responses
        from llmstudio.core.instruct.batches import instruct_batches

        train_batches, val_batches = instruct_batches(project, tokenizer, config.train, model_config.context_length)
    else:
        train_batches = _batches(project, tokenizer.train_path, tokenizer.dtype, model_config, config, "train", 0)
        val_batches = _batches(project, tokenizer.val_path, tokenizer.dtype, model_config, config, "validation", 1)
    torch.manual_seed(config.train.seed)
    model = build_model(model_config, tokenizer).to(torch_device)
    trainable = model.num_parameters()
    if config.train.lora_rank:  # adapters before any weights load: a resumed run's checkpoint holds them
        trainable = apply_lora(model, config.train.lora_rank, config.train.lora_alpha, config.train.lora_dropout,
                               config.train.lora_target_names)
    found = ckpt.find_checkpoint(run_dir) if resume else None
    if found is not None and not (found.folder / "optimizer.safetensors").is_file():
        raise StudioError(f"run {run_id} has weights but no training state (an imported model); start a new run "
                          f"from its weights: llmstudio train DIR --from-run {run_id}")
    if found is not None:
        ckpt.load_weights(found, model, torch_device)  # before FSDP shards the weights
    elif (start := initial_weights(run_dir)) is not None:
        ckpt.load_weights(start, model, torch_device)  # --from-run: another run's weights, a fresh optimizer
    trainer_step = TrainStep(model, torch_device, config.train, dist)
    trainer_step.before_micro = micro_hook
    position = Position(step=0, max_steps=max_steps, first_val=summary.first_val_loss)
    if found is not None:
        trainer_step.load_optimizer_state(ckpt.load_optimizer_state(found))
        rng = ckpt.load_rng_state(found)
        torch.set_rng_state(rng["torch"])
        train_batches.generator.set_state(rng["train_batches"])
        position.step = found.step
        position.best_val = float(found.meta.get("best_val_loss") or math.inf)
        # A resumed run keeps its figures until it logs new ones (a finished run resumed keeps them for good).
        position.last_train_loss, position.last_val_loss = summary.train_loss, summary.val_loss

    label = _device_label(torch_device, dist)
    if dist.is_main:
        write_retrying(lambda: update_run(project, run_id, status="running", device=label, max_steps=max_steps,
                                          message=None, started_at=summary.started_at or utc_now(),
                                          finished_at=None), what=f"start of run {run_id}")
    plan = trainer_step.plan(config.train.batch_size, config.train.grad_accum)
    emit(RunStarted(run_id, position.step, max_steps, label, model.num_parameters(), trainer_step.precision,
                    trainer_step.compiled, threads, dist.world_size, plan.micro, plan.accum, trainable))
    log.info("run %d on %s from step %d to %d (%d threads, %s, rank %d/%d)", run_id, torch_device, position.step,
             max_steps, threads, trainer_step.precision, dist.rank, dist.world_size)

    from llmstudio.core.training.gemm_peak import mfu_peak_flops

    peak = mfu_peak_flops(torch_device, trainer_step.dtype, threads, gemm_cache_dir)[0] * dist.world_size
    writer = MetricWriter(project, run_id) if dist.is_main else NullWriter()
    engine = Engine(model, trainer_step, torch_device, dist, train_batches, val_batches,
                    flops_per_token(model_config), peak)
    outlet = Outlet(project, run_id, run_dir, writer, emit, progress, cancel)
    return TrainingLoop(config, engine, position, outlet).run()


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
    return TokenBatches(project.absolute(rel, "the tokenizer's token file"), dtype, model_config.context_length, config.train.batch_size,
                        config.train.seed + seed_offset, split)
