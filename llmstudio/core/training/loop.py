"""The training loop of one session: steps, logging, evaluation, checkpoints, and how a
run ends (completed, cancelled, failed), including recovery from running out of memory.

Out of memory (CUDA or MPS) is not the end of a run: the half-finished step is dropped,
cached memory released, and the step retried with half the micro-batch and twice the
gradient accumulation, so every step still trains on the same sequences. The new
settings are written to the run's config and said in its message.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import torch

from llmstudio.core.errors import JobCancelled, StudioError
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.project import Project, utc_now
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.batches import TokenBatches, split_for_rank
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import memory_in_use, release_memory
from llmstudio.core.training.distributed import DistInfo, RankPlan
from llmstudio.core.training.metrics import MetricWriter
from llmstudio.core.training.schedule import learning_rate
from llmstudio.core.training.step import TrainStep

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    run_id: int
    status: str
    step: int
    train_loss: float | None
    val_loss: float | None
    message: str


def smaller_micro_batch(micro: int, accum: int) -> RankPlan | None:
    """Half the micro-batch, twice the accumulation (same sequences per step); None at 1."""
    if micro <= 1:
        return None
    if micro % 2 == 0:
        return RankPlan(micro // 2, accum * 2)
    divisor = max(d for d in range(1, micro) if micro % d == 0)  # odd sizes: the largest proper divisor
    return RankPlan(divisor, accum * (micro // divisor))


class TrainingLoop:
    """The state of one training session; ``run`` returns the final result."""

    def __init__(self, *, project: Project, run_id: int, config: RunConfig, model: torch.nn.Module,
                 step_runner: TrainStep, train_batches: TokenBatches, val_batches: TokenBatches,
                 device: torch.device, run_dir: Path, max_steps: int, start_step: int, best_val: float,
                 first_val: float | None, emit: Callable[[object], None], progress: Progress,
                 cancel: CancelToken, metrics: MetricWriter, dist: DistInfo, flops_per_token: float,
                 peak_flops: float) -> None:
        self.project, self.run_id, self.config = project, run_id, config
        self.model, self.runner = model, step_runner
        self.train_batches, self.val_batches = train_batches, val_batches
        self.device, self.run_dir, self.max_steps = device, run_dir, max_steps
        self.step, self.best_val, self.first_val = start_step, best_val, first_val
        self.emit, self.progress, self.cancel = emit, progress, cancel
        self.metrics, self.dist = metrics, dist
        self.flops_per_token, self.peak_flops = flops_per_token, peak_flops
        self.plan = step_runner.plan(config.train.batch_size, config.train.grad_accum)
        self.last_train_loss: float | None = None
        self.last_val_loss: float | None = None
        self.evals_without_improvement = 0
        self.notes: list[str] = []
        self.steps_done = 0

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
                if not self.dist.enabled:
                    self.cancel.raise_if_cancelled()
                lr = learning_rate(self.step, train)
                loss, grad_norm, stop = self._train_step(lr)
                self.step += 1
                window_steps += 1
                if not math.isfinite(loss):
                    return self._fail_nan(loss)
                if self.step % train.log_interval == 0 or self.step == self.max_steps:
                    now = time.perf_counter()
                    step_time = (now - window_start) / max(1, window_steps)
                    tokens_per_s = tokens_per_step / max(step_time, 1e-9)
                    mfu = tokens_per_s * self.flops_per_token / self.peak_flops if self.peak_flops else math.nan
                    memory = memory_in_use(self.device)
                    elapsed = now - started
                    eta = elapsed / max(1, self.step - start_step) * (self.max_steps - self.step)
                    self.last_train_loss = loss
                    self.metrics.add(self.step, train_loss=loss, lr=lr, grad_norm=grad_norm, tokens_per_s=tokens_per_s,
                                     step_time_s=step_time, mfu=mfu, memory_bytes=float(memory))
                    from llmstudio.core.training.trainer import StepLogged

                    self.emit(StepLogged(self.run_id, self.step, self.max_steps, loss, lr, grad_norm, tokens_per_s,
                                         elapsed, eta, step_time, mfu, memory))
                    self.progress(self.step / self.max_steps, f"step {self.step}/{self.max_steps} loss {loss:.4f}")
                    self.metrics.flush(step=self.step, train_loss=self.last_train_loss, tokens_per_s=tokens_per_s)
                    window_start, window_steps = time.perf_counter(), 0
                if self.step % train.eval_interval == 0 or self.step == self.max_steps:
                    improved = self._evaluate()
                    if improved and self.step < self.max_steps:
                        self._save(best=True)  # keep-best: the weights that gave this val loss
                    if train.early_stop_patience and not improved:
                        self.evals_without_improvement += 1
                        if self.evals_without_improvement >= train.early_stop_patience:
                            self._save()
                            return self._finish("completed", f"stopped early at step {self.step}: val loss did not "
                                                f"improve for {train.early_stop_patience} evaluations")
                if self.step % train.checkpoint_interval == 0 and self.step < self.max_steps:
                    self._save()
                if stop > 0:
                    raise JobCancelled()
            self._save()
            return self._finish("completed", f"trained {self.step} steps")
        except JobCancelled:
            self._save()
            return self._finish("cancelled", f"stopped at step {self.step}; resume to continue")
        except BaseException as exc:
            from llmstudio.core.training.trainer import describe_failure

            message = describe_failure(exc)
            self._finish("failed", message)
            if isinstance(exc, StudioError):
                raise
            raise StudioError(message) from exc

    def _train_step(self, lr: float) -> tuple[float, float, float]:
        """One optimizer step, retried on out-of-memory with a smaller micro-batch."""
        train = self.config.train
        starts = self.train_batches.draw(train.batch_size * train.grad_accum)
        flag = 1.0 if self.cancel.cancelled else 0.0
        while True:
            loaders = [partial(self.train_batches.load, chunk, self.device)
                       for chunk in split_for_rank(starts, self.dist.rank, self.dist.world_size, self.plan.micro)]
            failure: str | None = None
            try:
                result = self.runner.run(self.step, lr, loaders, flag)
                self.steps_done += 1
                return result
            except torch.OutOfMemoryError as exc:
                if self.dist.enabled:
                    raise
                failure = f"{type(exc).__name__}"
            except (JobCancelled, StudioError):
                raise
            except Exception as exc:
                if not (self.runner.compiled and self.steps_done == 0):
                    raise
                self.runner.fall_back_to_eager(exc)
                self.notes.extend(self.runner.notes[-1:])
                continue
            # Outside the except block, so the traceback no longer holds the step's tensors.
            self.runner.reset_after_failure()
            release_memory(self.device)
            self._shrink_micro_batch(failure)

    def _shrink_micro_batch(self, failure: str) -> None:
        smaller = smaller_micro_batch(self.plan.micro, self.plan.accum)
        if smaller is None:
            raise StudioError(
                "the device ran out of memory even with one sequence per micro-batch; lower model.context_length, "
                "use a smaller model, or choose precision bf16/fp16")
        total = self.plan.micro * self.plan.accum
        note = (f"out of memory at step {self.step + 1} with a micro-batch of {self.plan.micro}: continued with "
                f"train.batch_size={smaller.micro} and train.grad_accum={smaller.accum} "
                f"(the same {total} sequences per step)")
        log.warning(note)
        self.plan = smaller
        self.config = dataclasses.replace(
            self.config, train=dataclasses.replace(self.config.train, batch_size=smaller.micro,
                                                   grad_accum=smaller.accum))
        self.notes.append(note)
        if self.dist.is_main:
            from llmstudio.core.training.runs import save_run_config

            save_run_config(self.project, self.run_id, self.config)
            self.metrics.flush(message=note)
        self.progress(self.step / max(1, self.max_steps), note)

    # ------------------------------------------------------------------ evaluation
    def _estimate(self, batches: TokenBatches, salt: int) -> float:
        """Mean loss over eval_batches steps' worth of windows (batch_size × grad_accum each), drawn
        by a generator of their own so that evaluating never moves the training batch stream
        (resume stays exact). The ranks share the windows like they share a training step."""
        train = self.config.train
        generator = torch.Generator().manual_seed(train.seed * 1_000_003 + self.step * 2 + salt)
        starts = batches.draw(train.eval_batches * train.batch_size * train.grad_accum, generator)
        chunks = split_for_rank(starts, self.dist.rank, self.dist.world_size, self.plan.micro)
        return self.runner.evaluate([partial(batches.load, chunk, self.device) for chunk in chunks])

    def _evaluate(self) -> bool:
        """Estimate val (and train) loss; returns True when val improved on the best."""
        from llmstudio.core.training.trainer import EvalLogged

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

    # ------------------------------------------------------------------ checkpoints
    def _rng_state(self) -> dict[str, torch.Tensor]:
        return {"torch": torch.get_rng_state(), "train_batches": self.train_batches.generator.get_state()}

    def _save(self, best: bool = False) -> None:
        model_state, optimizer_state = self.runner.state_dicts()  # collective under FSDP: every rank calls it
        if not self.dist.is_main:
            return
        meta = {
            "run_id": self.run_id,
            "config": self.config.to_dict(),
            "vocab_size": self.model.config.vocab_size,
            "train_loss": self.last_train_loss,
            "val_loss": self.last_val_loss,
            "best_val_loss": None if math.isinf(self.best_val) else self.best_val,
            "saved_at": utc_now(),
        }
        is_best = best or (self.last_val_loss is not None and self.last_val_loss <= self.best_val)
        ckpt.save_checkpoint(self.run_dir, self.step, model_state, optimizer_state, self._rng_state(), meta,
                             keep_last=self.config.train.keep_last, is_best=is_best)

    # ------------------------------------------------------------------ endings
    def _fail_nan(self, loss: float) -> RunResult:
        lower = self.config.train.lr / 2
        command = (f"llmstudio train {self.project.root} --resume {self.run_id} --set train.lr={lower:g}"
                   + (f" --set train.min_lr={lower / 10:g}" if self.config.train.min_lr > lower else ""))
        if (self.run_dir / ckpt.LATEST).is_file():
            advice = (f"resume from the last good checkpoint with a lower train.lr (for example {lower:g}): "
                      f"in the app, Resume at lower LR; or {command}")
        else:
            advice = f"no checkpoint was saved yet; start a new run with a lower train.lr (for example {lower:g})"
        message = f"the loss became {loss} at step {self.step}; the run stopped: {advice}"
        return self._finish("failed", message)

    def _finish(self, status: str, message: str) -> RunResult:
        if self.notes:
            message = f"{message}; " + "; ".join(self.notes)
        try:
            self.metrics.flush(status=status, message=message, step=self.step, train_loss=self.last_train_loss,
                               val_loss=self.last_val_loss, finished_at=utc_now())
        except Exception:  # the database itself failed; nothing more we can record
            log.exception("could not record the end of run %d", self.run_id)
        self.progress(1.0, message)
        return RunResult(self.run_id, status, self.step, self.last_train_loss, self.last_val_loss, message)
