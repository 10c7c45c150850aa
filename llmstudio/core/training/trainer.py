"""The trainer: one loop for the app (on a QThread), the CLI, and torchrun.

``train_run`` creates or resumes a run in the project database, trains the language
model on the tokenizer's token shards, reports events through a callback (frozen
dataclasses of plain numbers, safe to send across threads), writes metrics to SQLite in
batches, checkpoints atomically, and finishes with exactly one final status:
completed, cancelled (the cancel token was set; a checkpoint is saved), or failed.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import torch

from llmstudio.core.db import transaction
from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.gpt import GPT
from llmstudio.core.project import Project, RunSummary, utc_now
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.batches import TokenBatches
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import autocast_dtype, default_threads, resolve_device
from llmstudio.core.training.optim import build_optimizer
from llmstudio.core.training.schedule import learning_rate

log = logging.getLogger(__name__)

METRIC_FLUSH_SECONDS = 2.0


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


TrainEvent = StepLogged | EvalLogged | RunStarted


@dataclass(frozen=True)
class RunResult:
    run_id: int
    status: str
    step: int
    train_loss: float | None
    val_loss: float | None
    message: str


def create_run(project: Project, config: RunConfig, tokenizer_id: int | None = None, name: str = "") -> int:
    """Add a run in state 'created' (validated against the tokenizer); returns its id."""
    tokenizer = project.tokenizer(tokenizer_id)
    with transaction(project.db) as conn:
        cur = conn.execute(
            "INSERT INTO runs(name, kind, status, tokenizer_id, config_json, max_steps, created_at) "
            "VALUES (?, 'lm', 'created', ?, ?, ?, ?)",
            (name or "run", tokenizer.id, json.dumps(config.to_dict()), config.train.max_steps, utc_now()),
        )
        run_id = int(cur.lastrowid)
        conn.execute(
            "UPDATE runs SET name = ?, checkpoint_dir = ? WHERE id = ?",
            (name or f"run {run_id}", f"runs/{run_id}", run_id),
        )
    return run_id


class _MetricWriter:
    """Buffers metric rows and writes them in one transaction every few seconds."""

    def __init__(self, project: Project, run_id: int) -> None:
        self.project, self.run_id = project, run_id
        self.rows: list[tuple[int, str, int, float]] = []
        self.last_flush = time.monotonic()

    def add(self, step: int, **values: float) -> None:
        for name, value in values.items():
            self.rows.append((self.run_id, name, step, None if not math.isfinite(value) else float(value)))
        if time.monotonic() - self.last_flush > METRIC_FLUSH_SECONDS:
            self.flush()

    def flush(self, **run_fields: object) -> None:
        with transaction(self.project.db) as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO metrics(run_id, name, step, value) VALUES (?,?,?,?)", self.rows
            )
            if run_fields:
                assignments = ", ".join(f"{key} = ?" for key in run_fields)
                conn.execute(
                    f"UPDATE runs SET {assignments}, updated_at = ? WHERE id = ?",
                    (*run_fields.values(), utc_now(), self.run_id),
                )
        self.rows.clear()
        self.last_flush = time.monotonic()


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
) -> RunResult:
    """Train run ``run_id`` from its latest checkpoint (or from scratch) to its max steps.

    ``extra_steps`` > 0 continues a finished run for that many more steps.
    """
    cancel = cancel or CancelToken()
    emit = on_event or (lambda event: None)
    summary = project.run(run_id)
    if summary.status == "running":
        raise StudioError(f"run {run_id} is already training")
    config = RunConfig.from_dict(project.run_config(run_id))
    tokenizer = project.tokenizer(summary.tokenizer_id)
    torch_device = resolve_device(device)
    threads = config.train.threads or default_threads(interactive)
    if torch_device.type == "cpu":
        torch.set_num_threads(threads)

    model_config = ModelConfig(**{**config.model.to_dict(), "vocab_size": tokenizer.vocab_size})
    run_dir = project.absolute(summary.checkpoint_dir or f"runs/{run_id}")
    resume = (run_dir / ckpt.LATEST).is_file()
    max_steps = config.train.max_steps
    if extra_steps > 0:
        max_steps = max(summary.step, summary.max_steps or 0) + extra_steps

    train_batches = _batches(project, tokenizer.train_path, tokenizer.dtype, model_config, config, "train", 0)
    val_batches = _batches(project, tokenizer.val_path, tokenizer.dtype, model_config, config, "validation", 1)
    torch.manual_seed(config.train.seed)
    model = GPT(model_config).to(torch_device)
    optimizer = build_optimizer(model, config.train, torch_device)
    start_step, best_val, first_val = 0, math.inf, summary.first_val_loss
    if resume:
        found = ckpt.find_checkpoint(run_dir)
        ckpt.load_weights(found, model, torch_device)
        rng = ckpt.load_training_state(found, optimizer)
        torch.set_rng_state(rng["torch"])
        train_batches.generator.set_state(rng["train_batches"])
        start_step = found.step
        best_val = float(found.meta.get("best_val_loss") or math.inf)

    with transaction(project.db) as conn:
        conn.execute(
            "UPDATE runs SET status = 'running', device = ?, max_steps = ?, message = NULL, started_at = "
            "coalesce(started_at, ?), updated_at = ?, finished_at = NULL WHERE id = ?",
            (str(torch_device), max_steps, utc_now(), utc_now(), run_id),
        )
    emit(RunStarted(run_id, start_step, max_steps, str(torch_device), model.num_parameters()))
    log.info("run %d on %s from step %d to %d (%d threads)", run_id, torch_device, start_step, max_steps, threads)

    loop = _Loop(project, run_id, config, model, optimizer, train_batches, val_batches, torch_device,
                 run_dir, max_steps, start_step, best_val, first_val, emit, progress, cancel)
    return loop.run()


def _batches(project: Project, rel: str, dtype: str, model_config: ModelConfig, config: RunConfig,
             split: str, seed_offset: int) -> TokenBatches:
    return TokenBatches(project.absolute(rel), dtype, model_config.context_length, config.train.batch_size,
                        config.train.seed + seed_offset, split)


class _Loop:
    """The state of one training session; ``run`` returns the final result."""

    def __init__(self, project: Project, run_id: int, config: RunConfig, model: GPT,
                 optimizer: torch.optim.Optimizer, train_batches: TokenBatches, val_batches: TokenBatches,
                 device: torch.device, run_dir: Path, max_steps: int, start_step: int, best_val: float,
                 first_val: float | None, emit: Callable[[TrainEvent], None], progress: Progress,
                 cancel: CancelToken) -> None:
        self.project, self.run_id, self.config = project, run_id, config
        self.model, self.optimizer = model, optimizer
        self.train_batches, self.val_batches = train_batches, val_batches
        self.device, self.run_dir, self.max_steps = device, run_dir, max_steps
        self.step, self.best_val, self.first_val = start_step, best_val, first_val
        self.emit, self.progress, self.cancel = emit, progress, cancel
        self.metrics = _MetricWriter(project, run_id)
        self.last_train_loss: float | None = None
        self.last_val_loss: float | None = None
        self.evals_without_improvement = 0
        dtype = autocast_dtype(device, config.train.precision)
        self.autocast = (lambda: torch.autocast(device.type, dtype=dtype)) if dtype else nullcontext
        self.scaler = torch.amp.GradScaler(device.type) if dtype == torch.float16 else None
        self.forward = torch.compile(model) if config.train.compile else model

    # ------------------------------------------------------------------ loop
    def run(self) -> RunResult:
        train = self.config.train
        try:
            if self.first_val is None or self.step == 0:
                self._evaluate()
            tokens_per_step = train.batch_size * train.grad_accum * self.model.config.context_length
            window_start, window_steps, started = time.perf_counter(), 0, time.perf_counter()
            start_step = self.step
            while self.step < self.max_steps:
                self.cancel.raise_if_cancelled()
                lr = learning_rate(self.step, train)
                loss, grad_norm = self._train_step(lr)
                self.step += 1
                window_steps += 1
                if not math.isfinite(loss):
                    return self._fail_nan(loss)
                if self.step % train.log_interval == 0 or self.step == self.max_steps:
                    now = time.perf_counter()
                    tokens_per_s = window_steps * tokens_per_step / max(now - window_start, 1e-9)
                    elapsed = now - started
                    eta = elapsed / max(1, self.step - start_step) * (self.max_steps - self.step)
                    self.last_train_loss = loss
                    self.metrics.add(self.step, train_loss=loss, lr=lr, grad_norm=grad_norm, tokens_per_s=tokens_per_s)
                    self.emit(StepLogged(self.run_id, self.step, self.max_steps, loss, lr, grad_norm, tokens_per_s, elapsed, eta))
                    self.progress(self.step / self.max_steps, f"step {self.step}/{self.max_steps} loss {loss:.4f}")
                    self._update_run(tokens_per_s=tokens_per_s)
                    window_start, window_steps = time.perf_counter(), 0
                if self.step % train.eval_interval == 0 or self.step == self.max_steps:
                    improved = self._evaluate()
                    if train.early_stop_patience and not improved:
                        self.evals_without_improvement += 1
                        if self.evals_without_improvement >= train.early_stop_patience:
                            self._save()
                            return self._finish("completed", f"stopped early at step {self.step}: val loss did not improve for {train.early_stop_patience} evaluations")
                if self.step % train.checkpoint_interval == 0 and self.step < self.max_steps:
                    self._save()
            self._save()
            return self._finish("completed", f"trained {self.step} steps")
        except JobCancelled:
            self._save()
            return self._finish("cancelled", f"stopped at step {self.step}; resume to continue")
        except BaseException as exc:
            message = _describe_failure(exc)
            self._finish("failed", message)
            if isinstance(exc, StudioError):
                raise
            raise StudioError(message) from exc

    def _train_step(self, lr: float) -> tuple[float, float]:
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        accum = self.config.train.grad_accum
        total = 0.0
        for _ in range(accum):
            x, y = self.train_batches.next(self.device)
            with self.autocast():
                _, loss = self.forward(x, y)
            loss = loss / accum
            (self.scaler.scale(loss) if self.scaler else loss).backward()
            total += loss.item()  # CPU-GPU sync point, once per micro-batch
        if self.scaler:
            self.scaler.unscale_(self.optimizer)
        clip = self.config.train.grad_clip
        grad_norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), clip if clip > 0 else float("inf"))
        if self.scaler:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return total, float(grad_norm)

    @torch.no_grad()
    def _estimate(self, batches: TokenBatches, salt: int) -> float:
        """Mean loss over eval_batches windows drawn by a generator of their own, so that
        evaluating never moves the training batch stream (resume stays exact)."""
        self.model.eval()
        generator = torch.Generator().manual_seed(self.config.train.seed * 1_000_003 + self.step * 2 + salt)
        losses = []
        for _ in range(self.config.train.eval_batches):
            x, y = batches.next(self.device, generator)
            with self.autocast():
                _, loss = self.forward(x, y)
            losses.append(loss.item())
        self.model.train()
        return sum(losses) / len(losses)

    def _evaluate(self) -> bool:
        """Estimate val (and train) loss; returns True when val improved on the best."""
        val = self._estimate(self.val_batches, 0)
        train = self._estimate(self.train_batches, 1)
        self.last_val_loss = val
        if self.first_val is None:
            self.first_val = val
        improved = val < self.best_val
        if improved:
            self.best_val = val
            self.evals_without_improvement = 0
        self.metrics.add(self.step, val_loss=val, eval_train_loss=train)
        self.emit(EvalLogged(self.run_id, self.step, val, train))
        self.metrics.flush(val_loss=val, first_val_loss=self.first_val, best_val_loss=self.best_val, step=self.step)
        return improved

    def _rng_state(self) -> dict[str, torch.Tensor]:
        return {"torch": torch.get_rng_state(), "train_batches": self.train_batches.generator.get_state()}

    def _save(self) -> None:
        meta = {
            "run_id": self.run_id,
            "config": self.config.to_dict(),
            "vocab_size": self.model.config.vocab_size,
            "train_loss": self.last_train_loss,
            "val_loss": self.last_val_loss,
            "best_val_loss": None if math.isinf(self.best_val) else self.best_val,
            "saved_at": utc_now(),
        }
        is_best = self.last_val_loss is not None and self.last_val_loss <= self.best_val
        ckpt.save_checkpoint(self.run_dir, self.step, self.model, self.optimizer, self._rng_state(), meta,
                             keep_last=self.config.train.keep_last, is_best=is_best)

    def _update_run(self, **fields: object) -> None:
        self.metrics.flush(step=self.step, train_loss=self.last_train_loss, **fields)

    def _fail_nan(self, loss: float) -> RunResult:
        lower = f"a lower train.lr (for example {self.config.train.lr / 2:g})"
        if (self.run_dir / ckpt.LATEST).is_file():
            advice = f"resume from the last good checkpoint with {lower}"
        else:
            advice = f"no checkpoint was saved yet; start a new run with {lower}"
        message = f"the loss became {loss} at step {self.step}; the run stopped: {advice}"
        return self._finish("failed", message)

    def _finish(self, status: str, message: str) -> RunResult:
        try:
            self.metrics.flush(status=status, message=message, step=self.step, train_loss=self.last_train_loss,
                               val_loss=self.last_val_loss, finished_at=utc_now())
        except Exception:  # the database itself failed; nothing more we can record
            log.exception("could not record the end of run %d", self.run_id)
        self.progress(1.0, message)
        return RunResult(self.run_id, status, self.step, self.last_train_loss, self.last_val_loss, message)


def _describe_failure(exc: BaseException) -> str:
    if isinstance(exc, StudioError):
        return str(exc)
    if isinstance(exc, torch.OutOfMemoryError):
        return "the device ran out of memory; lower train.batch_size or model.context_length and resume"
    return f"training failed: {type(exc).__name__}: {exc}"


def latest_checkpoint_for(project: Project, run: RunSummary) -> ckpt.Checkpoint:
    return ckpt.find_checkpoint(project.absolute(run.checkpoint_dir or f"runs/{run.id}"))
