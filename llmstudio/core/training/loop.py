"""The training loop of one session: steps, logging, evaluation, checkpoints, and how a
run ends (completed, cancelled, failed), including recovery from running out of memory.

Out of memory (CUDA or MPS) is not the end of a run: the half-finished step is dropped,
cached memory released, and the step retried with half the micro-batch and twice the
gradient accumulation, so every step still trains on the same sequences. The new
settings are written to the run's config and said in its message.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

import torch

from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.project import Project, utc_now
from llmstudio.core.runs import MetricWriter, lower_lr, lower_lr_command
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.batches import Batches, split_for_rank
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import memory_in_use, release_memory
from llmstudio.core.training.distributed import DistInfo, RankPlan
from llmstudio.core.training.events import EvalLogged, RunResult, StepLogged, TrainEvent
from llmstudio.core.training.schedule import learning_rate
from llmstudio.core.training.step import TrainStep

log = logging.getLogger(__name__)


@dataclass
class Engine:
    """What trains: the model, its step (optimizer, precision, DDP/FSDP), device and data."""

    model: torch.nn.Module  # a GPT, or a model with a GPT body (a classifier)
    runner: TrainStep
    device: torch.device
    dist: DistInfo
    train_batches: Batches
    val_batches: Batches
    flops_per_token: float = 0.0
    peak_flops: float = 0.0


@dataclass
class Position:
    """Where the run stands; the loop moves it forward. Resuming starts from the stored figures."""

    step: int
    max_steps: int
    best_val: float = math.inf
    first_val: float | None = None
    last_train_loss: float | None = None
    last_val_loss: float | None = None
    evals_without_improvement: int = 0


@dataclass
class Outlet:
    """Where the session's results go: the run's row and metrics, its folder, its watchers."""

    project: Project
    run_id: int
    run_dir: Path
    metrics: MetricWriter
    emit: Callable[[TrainEvent], None]
    progress: Progress
    cancel: CancelToken


def smaller_micro_batch(micro: int, accum: int) -> RankPlan | None:
    """Half the micro-batch, twice the accumulation (same sequences per step); None at 1."""
    if micro <= 1:
        return None
    if micro % 2 == 0:
        return RankPlan(micro // 2, accum * 2)
    divisor = max(d for d in range(1, micro) if micro % d == 0)  # odd sizes: the largest proper divisor
    return RankPlan(divisor, accum * (micro // divisor))


def describe_failure(exc: BaseException) -> str:
    if isinstance(exc, StudioError):
        return str(exc)
    if isinstance(exc, torch.OutOfMemoryError):
        return "the device ran out of memory; lower train.batch_size or model.context_length and resume"
    return f"training failed: {type(exc).__name__}: {exc}"


class TrainingLoop:
    """The state of one training session; ``run`` returns the final result."""

    # Early stopping's message names what an evaluation must improve (the GUI translates each kind's wording).
    STOPPED_EARLY: ClassVar[str] = "stopped early at step {step}: val loss did not improve for {count} evaluations"

    def __init__(self, config: RunConfig, engine: Engine, position: Position, outlet: Outlet) -> None:
        self.config, self.engine, self.pos, self.out = config, engine, position, outlet
        self.plan = engine.runner.plan(config.train.batch_size, config.train.grad_accum)
        self.notes: list[str] = []
        self.steps_done = 0

    # ------------------------------------------------------------------ loop
    def run(self) -> RunResult:
        train, pos, out, engine = self.config.train, self.pos, self.out, self.engine
        try:
            if pos.step >= pos.max_steps and pos.step > 0:  # a finished run resumed: its figures stay
                return self._finish("completed", f"already trained {pos.step} of {pos.max_steps} steps; nothing to "
                                    f"do (raise train.max_steps, or continue for more steps)")
            if pos.first_val is None or pos.step == 0:
                self._evaluate()
            tokens_per_step = train.batch_size * train.grad_accum * self.config.model.context_length
            window_start, window_steps, started = time.perf_counter(), 0, time.perf_counter()
            start_step = pos.step
            while pos.step < pos.max_steps:
                if not engine.dist.enabled:
                    out.cancel.raise_if_cancelled()
                lr = learning_rate(pos.step, train)
                loss, grad_norm, stop = self._train_step(lr)
                pos.step += 1
                window_steps += 1
                if not math.isfinite(loss):
                    return self._fail_nan(loss)
                # Also at each evaluation: a short run (fewer steps than log_interval, or stopped early) still
                # has a train loss beside every validation point.
                if (pos.step % train.log_interval == 0 or pos.step == pos.max_steps
                        or pos.step % train.eval_interval == 0):
                    now = time.perf_counter()
                    step_time = (now - window_start) / max(1, window_steps)
                    tokens_per_s = tokens_per_step / max(step_time, 1e-9)
                    mfu = tokens_per_s * engine.flops_per_token / engine.peak_flops if engine.peak_flops else math.nan
                    memory = memory_in_use(engine.device)
                    elapsed = now - started
                    eta = elapsed / max(1, pos.step - start_step) * (pos.max_steps - pos.step)
                    pos.last_train_loss = loss
                    out.metrics.add(pos.step, train_loss=loss, lr=lr, grad_norm=grad_norm, tokens_per_s=tokens_per_s,
                                    step_time_s=step_time, mfu=mfu, memory_bytes=float(memory))
                    out.emit(StepLogged(out.run_id, pos.step, pos.max_steps, loss, lr, grad_norm, tokens_per_s,
                                        elapsed, eta, step_time, mfu, memory))
                    out.progress(pos.step / pos.max_steps, f"step {pos.step}/{pos.max_steps} loss {loss:.4f}")
                    out.metrics.flush(step=pos.step, train_loss=loss, tokens_per_s=tokens_per_s)
                    window_start, window_steps = time.perf_counter(), 0
                if pos.step % train.eval_interval == 0 or pos.step == pos.max_steps:
                    improved = self._evaluate()
                    if improved and pos.step < pos.max_steps:
                        self._save(best=True)  # keep-best: the weights that gave this val loss
                    if train.early_stop_patience and not improved:
                        pos.evals_without_improvement += 1
                        if pos.evals_without_improvement >= train.early_stop_patience:
                            self._save()
                            return self._finish("completed", self.STOPPED_EARLY.format(
                                step=pos.step, count=train.early_stop_patience))
                if pos.step % train.checkpoint_interval == 0 and pos.step < pos.max_steps:
                    self._save()
                if stop > 0:
                    raise JobCancelled()
            self._save()
            return self._finish("completed", f"trained {pos.step} steps")
        except JobCancelled:
            self._save()
            return self._finish("cancelled", f"stopped at step {pos.step}; resume to continue")
        except BaseException as exc:
            message = describe_failure(exc)
            self._finish("failed", message)
            if isinstance(exc, StudioError):
                raise
            raise StudioError(message) from exc

    def _train_step(self, lr: float) -> tuple[float, float, float]:
        """One optimizer step, retried on out-of-memory with a smaller micro-batch."""
        train, engine = self.config.train, self.engine
        starts = engine.train_batches.draw(train.batch_size * train.grad_accum)
        flag = 1.0 if self.out.cancel.cancelled else 0.0
        while True:
            loaders = [partial(engine.train_batches.load, chunk, engine.device)
                       for chunk in split_for_rank(starts, engine.dist.rank, engine.dist.world_size, self.plan.micro)]
            failure: str | None = None
            try:
                result = engine.runner.run(self.pos.step, lr, loaders, flag)
                self.steps_done += 1
                return result
            except torch.OutOfMemoryError as exc:
                if engine.dist.enabled:
                    raise
                failure = f"{type(exc).__name__}"
            except (JobCancelled, StudioError):
                raise
            except Exception as exc:
                if not (engine.runner.compiled and self.steps_done == 0):
                    raise
                engine.runner.fall_back_to_eager(exc)
                self.notes.extend(engine.runner.notes[-1:])
                continue
            # Outside the except block, so the traceback no longer holds the step's tensors.
            engine.runner.reset_after_failure()
            release_memory(engine.device)
            self._shrink_micro_batch(failure)

    def _shrink_micro_batch(self, failure: str) -> None:
        smaller = smaller_micro_batch(self.plan.micro, self.plan.accum)
        if smaller is None:
            raise StudioError(
                "the device ran out of memory even with one sequence per micro-batch; lower model.context_length, "
                "use a smaller model, or choose precision bf16/fp16")
        total = self.plan.micro * self.plan.accum
        note = (f"out of memory at step {self.pos.step + 1} with a micro-batch of {self.plan.micro}: continued with "
                f"train.batch_size={smaller.micro} and train.grad_accum={smaller.accum} "
                f"(the same {total} sequences per step)")
        log.warning(note)
        self.plan = smaller
        self.config = dataclasses.replace(
            self.config, train=dataclasses.replace(self.config.train, batch_size=smaller.micro,
                                                   grad_accum=smaller.accum))
        self.notes.append(note)
        if self.engine.dist.is_main:  # queued with the metrics: a busy database does not stop the run
            self.out.metrics.flush(message=note, config_json=json.dumps(self.config.to_dict()))
        self.out.progress(self.pos.step / max(1, self.pos.max_steps), note)

    # ------------------------------------------------------------------ evaluation
    def _estimate(self, batches: Batches, salt: int) -> float:
        """Mean loss over eval_batches steps' worth of windows (batch_size × grad_accum each), drawn
        by a generator of their own so that evaluating never moves the training batch stream
        (resume stays exact). The ranks share the windows like they share a training step."""
        train, engine = self.config.train, self.engine
        generator = torch.Generator().manual_seed(train.seed * 1_000_003 + self.pos.step * 2 + salt)
        starts = batches.draw(train.eval_batches * train.batch_size * train.grad_accum, generator)
        chunks = split_for_rank(starts, engine.dist.rank, engine.dist.world_size, self.plan.micro)
        return engine.runner.evaluate([partial(batches.load, chunk, engine.device) for chunk in chunks])

    def _evaluate(self) -> bool:
        """Estimate val (and train) loss; returns True when val improved on the best."""
        pos = self.pos
        val = self._estimate(self.engine.val_batches, 0)
        train = self._estimate(self.engine.train_batches, 1)
        pos.last_val_loss = val
        if pos.first_val is None:
            pos.first_val = val
        improved = val < pos.best_val
        if improved:
            pos.best_val = val
            pos.evals_without_improvement = 0
        self.out.metrics.add(pos.step, val_loss=val, eval_train_loss=train)
        self.out.emit(EvalLogged(self.out.run_id, pos.step, val, train))
        self.out.metrics.flush(val_loss=val, first_val_loss=pos.first_val, best_val_loss=pos.best_val, step=pos.step)
        return improved

    # ------------------------------------------------------------------ checkpoints
    @property
    def vocab_size(self) -> int:
        """The model's vocabulary (the tokenizer's; the stored config may hold a placeholder)."""
        return int(getattr(self.engine.model, "config", self.config.model).vocab_size)

    def _rng_state(self) -> dict[str, torch.Tensor]:
        return {"torch": torch.get_rng_state(), "train_batches": self.engine.train_batches.generator.get_state()}

    def _save(self, best: bool = False) -> None:
        if getattr(self, "_saved_step", None) == self.pos.step:
            return  # a keep-best save already wrote this very state (same step, same pointers)
        self._saved_step = self.pos.step
        model_state, optimizer_state = self.engine.runner.state_dicts()  # collective under FSDP: every rank calls it
        if not self.engine.dist.is_main:
            return
        pos = self.pos
        meta = {
            "run_id": self.out.run_id,
            "config": self.config.to_dict(),
            "vocab_size": self.vocab_size,
            "train_loss": pos.last_train_loss,
            "val_loss": pos.last_val_loss,
            "best_val_loss": None if math.isinf(pos.best_val) else pos.best_val,
            "saved_at": utc_now(),
        }
        is_best = best or (pos.last_val_loss is not None and pos.last_val_loss <= pos.best_val)
        ckpt.save_checkpoint(self.out.run_dir, pos.step, model_state, optimizer_state, self._rng_state(), meta,
                             keep_last=self.config.train.keep_last, is_best=is_best)

    # ------------------------------------------------------------------ endings
    def _fail_nan(self, loss: float) -> RunResult:
        train = self.config.train
        lower = lower_lr(train.lr)
        command = lower_lr_command(self.out.project.root, self.out.run_id, lower, train.min_lr)
        if (self.out.run_dir / ckpt.LATEST).is_file():
            advice = (f"resume from the last good checkpoint with a lower train.lr (for example {lower:g}): "
                      f"in the app, Resume at lower LR; or {command}")
        else:
            advice = f"no checkpoint was saved yet; start a new run with a lower train.lr (for example {lower:g})"
        message = f"the loss became {loss} at step {self.pos.step}; the run stopped: {advice}"
        return self._finish("failed", message)

    def _finish(self, status: str, message: str) -> RunResult:
        pos = self.pos
        if self.notes:
            message = f"{message}; " + "; ".join(self.notes)
        try:
            self.out.metrics.flush(final=True, status=status, message=message, step=pos.step,
                                   train_loss=pos.last_train_loss, val_loss=pos.last_val_loss, finished_at=utc_now())
        except Exception:  # the database itself failed; nothing more we can record
            log.exception("could not record the end of run %d", self.out.run_id)
        self.out.progress(1.0, message)
        return RunResult(self.out.run_id, status, pos.step, pos.last_train_loss, pos.last_val_loss, message)
