"""Running the same trainer on several processes under ``torchrun`` (DDP, or FSDP).

``torchrun`` starts one process per GPU (or per CPU slot) and sets ``RANK``,
``WORLD_SIZE`` and ``LOCAL_RANK``; ``DistInfo.from_env`` reads them. The process group
uses NCCL on CUDA and gloo on the CPU. Every rank trains; only rank 0 writes the
project database and the checkpoints. The global batch of a step (``batch_size ×
grad_accum`` sequences, as in one process) is split between the ranks, so a run's loss
curve does not depend on how many processes trained it.
"""

from __future__ import annotations

import datetime as _dt
import gc
import importlib
import logging
import os
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist

from llmstudio.core.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DistInfo:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @classmethod
    def from_env(cls) -> DistInfo:
        """The torchrun environment, or a single process when it is not set."""
        if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:
            return cls()
        try:
            return cls(int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ.get("LOCAL_RANK", 0)))
        except ValueError:
            raise ConfigError("RANK, WORLD_SIZE and LOCAL_RANK must be whole numbers (set by torchrun)") from None


SINGLE = DistInfo()


def init_process_group(info: DistInfo, device_choice: str) -> torch.device:
    """Join the process group; returns this rank's device (``cuda:LOCAL_RANK`` on GPUs)."""
    from llmstudio.core.training.device import resolve_device

    device = resolve_device(device_choice)
    if device.type == "cuda":
        device = torch.device("cuda", info.local_rank)
        torch.cuda.set_device(device)
        backend = "nccl"
    elif device.type == "mps":
        raise ConfigError("torchrun on Apple MPS is not supported; use --device cpu or a CUDA machine")
    else:
        backend = "gloo"
    if info.enabled and not dist.is_initialized():
        # torch._dynamo imported while a process group exists keeps a reference to that group (DDP
        # imports it in its constructor): destroy_process_group then cannot free it, and its gloo
        # worker threads live on into interpreter shutdown, where one can abort the process
        # ("terminate called without an active exception"). Imported first, it holds nothing.
        importlib.import_module("torch._dynamo")
        dist.init_process_group(backend=backend, timeout=_dt.timedelta(minutes=30))
        log.info("rank %d of %d joined the %s process group on %s", info.rank, info.world_size, backend, device)
    return device


def end_process_group(info: DistInfo, *, finished: bool) -> None:
    """Leave the process group in order, so that no rank aborts at exit.

    ``finished``: this rank came to the end of its work normally. Then it waits at a barrier
    until every rank has (rank 0 last: it writes the checkpoint and the run's end), so no
    rank closes its connections while another still uses them. A rank that failed skips the
    barrier (the others may never reach it; torchrun stops them). The training objects (the
    DDP model holds the group) are collected first, so that destroying the group frees it:
    its worker threads are joined here, while the interpreter is whole, not left running
    into its shutdown.
    """
    if not (info.enabled and dist.is_available() and dist.is_initialized()):
        return
    gc.collect()
    if finished:
        dist.barrier()
    dist.destroy_process_group()
    log.info("rank %d left the process group", info.rank)


def broadcast_object(info: DistInfo, value: Any) -> Any:
    """Rank 0's ``value`` on every rank (for example the id of the run rank 0 created)."""
    if not info.enabled:
        return value
    box = [value]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def all_reduce_sum(info: DistInfo, tensor: torch.Tensor) -> torch.Tensor:
    if info.enabled:
        dist.all_reduce(tensor, op=dist.ReduceOp.SUM)
    return tensor


def barrier(info: DistInfo) -> None:
    if info.enabled:
        dist.barrier()


@dataclass(frozen=True)
class RankPlan:
    """What one rank computes per optimizer step: ``accum`` micro-batches of ``micro`` sequences."""

    micro: int
    accum: int


def rank_plan(batch_size: int, grad_accum: int, world_size: int) -> RankPlan:
    """Split ``batch_size × grad_accum`` sequences per step evenly over ``world_size`` ranks.

    Fewer accumulation steps first (each GPU keeps its micro-batch), else smaller micro-batches.
    """
    if world_size <= 1:
        return RankPlan(batch_size, grad_accum)
    if grad_accum % world_size == 0:
        return RankPlan(batch_size, grad_accum // world_size)
    if batch_size % world_size == 0:
        return RankPlan(batch_size // world_size, grad_accum)
    total = batch_size * grad_accum
    if total % world_size == 0:
        share = total // world_size
        micro = max(d for d in range(1, min(batch_size, share) + 1) if share % d == 0)
        return RankPlan(micro, share // micro)
    raise ConfigError(
        f"train.batch_size × train.grad_accum ({batch_size} × {grad_accum}) sequences per step cannot be split "
        f"evenly over {world_size} processes; make it a multiple of {world_size}"
    )


def wrap_model(model: torch.nn.Module, info: DistInfo, device: torch.device, fsdp: bool) -> torch.nn.Module:
    """DDP (or FSDP when ``train.fsdp``) around ``model`` for a multi-process run."""
    if not info.enabled:
        return model
    if fsdp:
        from torch.distributed.fsdp import fully_shard

        for block in getattr(model, "blocks", []):
            fully_shard(block)
        fully_shard(model)
        return model
    from torch.nn.parallel import DistributedDataParallel

    if device.type == "cuda":
        return DistributedDataParallel(model, device_ids=[device.index])
    return DistributedDataParallel(model)  # CPU modules take no device_ids
