"""One optimizer step, the same for the app, the CLI, torchrun and the benchmarks.

``TrainStep`` owns what surrounds the model during a step: autocast (bf16, or fp16 with
a gradient scaler), ``torch.compile``, DDP / FSDP wrapping with gradient sync only on the
last micro-batch, gradient clipping and the AdamW update. The benchmark times this very
object, so the throughput it reports is the trainer's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import Any, cast

import torch

from llmstudio.core.training.config import TrainConfig
from llmstudio.core.training.device import autocast_dtype, compile_enabled, precision_label
from llmstudio.core.training.distributed import (
    SINGLE,
    DistInfo,
    RankPlan,
    all_reduce_sum,
    rank_plan,
    wrap_model,
)
from llmstudio.core.training.optim import build_optimizer

log = logging.getLogger(__name__)

Batch = tuple[torch.Tensor, ...]  # model inputs then targets: (x, y) for a language model,
# (tokens, lengths, labels) for a classifier; the model's forward takes them in that order
MicroHook = Callable[[int, int], None]  # (step, micro-batch size), called before each forward


class TrainStep:
    def __init__(self, model: torch.nn.Module, device: torch.device, config: TrainConfig,
                 dist: DistInfo = SINGLE) -> None:
        self.model, self.device, self.config, self.dist = model, device, config, dist
        self.dtype = autocast_dtype(device, config.precision)
        self.precision = precision_label(self.dtype)
        self.scaler = torch.amp.GradScaler(device.type) if self.dtype == torch.float16 else None
        self.compiled = compile_enabled(device, config.compile)
        self.forward_model: Any = torch.compile(model) if self.compiled else model  # a callable module
        self.module: Any = wrap_model(cast(torch.nn.Module, self.forward_model), dist, device, config.fsdp)
        self.optimizer = build_optimizer(model, config, device)  # after FSDP has sharded the weights
        self.before_micro: MicroHook | None = None
        self.notes: list[str] = []

    def autocast(self) -> Any:
        if self.dtype is None:
            return nullcontext()
        return torch.autocast(self.device.type, dtype=self.dtype)

    def fall_back_to_eager(self, exc: BaseException) -> None:
        """torch.compile failed (no compiler, unsupported backend): train uncompiled instead."""
        log.warning("torch.compile failed (%s: %s); training without it", type(exc).__name__, exc)
        self.notes.append(f"torch.compile failed ({type(exc).__name__}), so the run trained without it")
        self.compiled = False
        self.forward_model = self.model
        self.module = wrap_model(self.model, self.dist, self.device, self.config.fsdp)

    def _sync_context(self, last: bool) -> Any:
        """Skip the gradient all-reduce on all but the last micro-batch (DDP / FSDP)."""
        if not self.dist.enabled:
            return nullcontext()
        if hasattr(self.module, "no_sync"):
            return nullcontext() if last else self.module.no_sync()
        if hasattr(self.module, "set_requires_gradient_sync"):
            self.module.set_requires_gradient_sync(last)
        return nullcontext()

    def run(self, step: int, lr: float, micro_batches: Sequence[Callable[[], Batch]],
            flag: float = 0.0) -> tuple[float, float, float]:
        """Train on this rank's micro-batches; returns (mean loss over all ranks, grad norm, summed flag).

        ``flag`` is summed over the ranks with the loss (one all-reduce), so a stop request
        seen by one process stops them all at the same step.
        """
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        accum = len(micro_batches)
        total = torch.zeros((), device=self.device)
        for index, load in enumerate(micro_batches):
            batch = load()
            if self.before_micro is not None:
                self.before_micro(step, batch[0].shape[0])
            with self._sync_context(index == accum - 1):
                with self.autocast():
                    _, loss = self.module(*batch)
                loss = loss / accum
                (self.scaler.scale(loss) if self.scaler else loss).backward()
            total += loss.detach()
        if self.scaler:
            self.scaler.unscale_(self.optimizer)
        clip = self.config.grad_clip
        grad_norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), clip if clip > 0 else float("inf"))
        if hasattr(grad_norm, "full_tensor"):  # FSDP returns a sharded norm
            grad_norm = grad_norm.full_tensor()
        if self.scaler:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        if self.dist.enabled:
            shared = all_reduce_sum(self.dist, torch.stack([total.float(), torch.tensor(float(flag), device=self.device)]))
            loss_sum, flag_sum = shared.tolist()  # CPU-GPU sync point, once per step
            return loss_sum / self.dist.world_size, float(grad_norm), flag_sum
        return float(total), float(grad_norm), flag  # CPU-GPU sync point, once per step

    @torch.no_grad()
    def evaluate(self, micro_batches: Sequence[Callable[[], Batch]]) -> float:
        """Mean loss over equal-sized micro-batches, in eval mode."""
        self.model.eval()
        losses = []
        for load in micro_batches:
            batch = load()
            with self.autocast():
                _, loss = self.forward_model(*batch)
            losses.append(loss.float())
        self.model.train()
        mean = torch.stack(losses).mean()
        if self.dist.enabled:  # every rank evaluated an equal share
            return float(all_reduce_sum(self.dist, mean)) / self.dist.world_size
        return float(mean)

    @property
    def sharded(self) -> bool:
        return self.dist.enabled and self.config.fsdp

    def plan(self, batch_size: int, grad_accum: int) -> RankPlan:
        """This rank's micro-batch and accumulation for a step of ``batch_size × grad_accum`` sequences."""
        return rank_plan(batch_size, grad_accum, self.dist.world_size)

    def state_dicts(self) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
        """Full (unsharded) model and optimizer state; a collective call under FSDP."""
        if self.sharded:
            from torch.distributed.checkpoint.state_dict import StateDictOptions, get_state_dict

            options = StateDictOptions(full_state_dict=True, cpu_offload=True)
            model_state, optim_state = get_state_dict(self.model, self.optimizer, options=options)
            return cast(dict[str, torch.Tensor], model_state), cast(dict[str, Any], optim_state)
        return self.model.state_dict(), self.optimizer.state_dict()

    def load_optimizer_state(self, state: dict[str, Any]) -> None:
        if self.sharded:
            from torch.distributed.checkpoint.state_dict import StateDictOptions, set_optimizer_state_dict

            set_optimizer_state_dict(self.model, self.optimizer, state,
                                     options=StateDictOptions(full_state_dict=True, broadcast_from_rank0=False))
            return
        self.optimizer.load_state_dict(state)

    def reset_after_failure(self) -> None:
        """Drop half-accumulated gradients (after an out-of-memory error)."""
        self.optimizer.zero_grad(set_to_none=True)
