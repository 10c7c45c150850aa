"""Measuring training speed: the trainer's own step on random tokens, timed.

``bench_train`` is what ``llmstudio bench train`` prints and what the Model panel's
"time per 1,000 steps" comes from. It times ``TrainStep`` (the object the trainer uses),
so its figures are the trainer's, not a separate fast path. Random tokens need no
project: the speed of a step does not depend on what the tokens say.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace
from typing import Any

import torch

from llmstudio.core.jobs import CancelToken
from llmstudio.core.model.build import build_model
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.size import flops_per_token, parameter_count
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.device import (
    default_threads,
    device_name,
    prepare_device,
    resolve_device,
    synchronize,
)
from llmstudio.core.training.gemm_peak import gemm_peak_flops, mfu_peak_flops
from llmstudio.core.training.step import TrainStep

BENCH_VOCAB = 2000  # when the config does not say (no tokenizer yet)


def bench_train(config: RunConfig, steps: int = 10, device: str = "auto", threads: int = 0, warmup: int = 2,
                interactive: bool = False, cancel: CancelToken | None = None,
                refresh_peak: bool = True) -> dict[str, Any]:
    """Train ``steps`` steps of ``config`` on random tokens; median step time and what follows from it."""
    torch_device = resolve_device(device)
    prepare_device(torch_device)
    threads = threads or config.train.threads or default_threads(interactive)
    if torch_device.type == "cpu":
        torch.set_num_threads(threads)
    model_config = config.model if config.model.vocab_size else replace(config.model, vocab_size=BENCH_VOCAB)
    model_config = ModelConfig(**model_config.to_dict())
    train = config.train
    if not interactive:  # in the app a run may be training on another thread: leave the global RNG alone
        torch.manual_seed(train.seed)
    model = build_model(model_config, model_config.vocab_size).to(torch_device)
    runner = TrainStep(model, torch_device, train)
    generator = torch.Generator().manual_seed(train.seed)
    T, B = model_config.context_length, train.batch_size
    tokens = [torch.randint(model_config.vocab_size, (B, T + 1), generator=generator) for _ in range(train.grad_accum)]
    batches = [(b[:, :-1].to(torch_device), b[:, 1:].to(torch_device)) for b in tokens]
    loaders = [lambda batch=batch: batch for batch in batches]

    times: list[float] = []
    first_step_s = 0.0
    for index in range(warmup + steps):
        if cancel is not None:
            cancel.raise_if_cancelled()
        synchronize(torch_device)
        start = time.perf_counter()
        runner.run(index, train.lr, loaders)
        synchronize(torch_device)
        elapsed = time.perf_counter() - start
        if index == 0:
            first_step_s = elapsed
        if index >= warmup:
            times.append(elapsed)
    step_time = statistics.median(times)
    tokens_per_step = B * train.grad_accum * T
    tokens_per_s = tokens_per_step / step_time
    fpt = flops_per_token(model_config)
    peak, basis = mfu_peak_flops(torch_device, runner.dtype, threads, refresh=refresh_peak)
    return {
        "tokens_per_s": tokens_per_s,
        "params": parameter_count(model_config),
        "flops_per_token": fpt,
        "mfu": tokens_per_s * fpt / peak if peak else None,  # None: the device's peak is unknown
        "peak_flops": peak,
        "peak_basis": basis,
        "gemm_peak_flops": gemm_peak_flops(torch_device, runner.dtype, threads),  # cached by the line above
        "device": str(torch_device),
        "device_name": device_name(torch_device),
        "threads": threads if torch_device.type == "cpu" else torch.get_num_threads(),
        "precision": runner.precision,
        "compiled": runner.compiled,
        "step_time_s": step_time,
        "min_step_time_s": min(times),
        "first_step_s": first_step_s,
        "steps": steps,
        "tokens_per_step": tokens_per_step,
        "vocab_size": model_config.vocab_size,
    }


def estimate_time_per_1000_steps(config: RunConfig, device: str = "auto", threads: int = 0,
                                 cancel: CancelToken | None = None, budget_flops: float = 2e10) -> dict[str, Any]:
    """A quick estimate for the Model panel: a few steps at a micro-batch small enough to
    finish in about a second, scaled up linearly to the configured batch."""
    model_config = config.model if config.model.vocab_size else replace(config.model, vocab_size=BENCH_VOCAB)
    per_sequence = flops_per_token(model_config) * model_config.context_length
    micro = max(1, min(config.train.batch_size, int(budget_flops // max(per_sequence, 1.0))))
    small = replace(config, model=model_config, train=replace(config.train, batch_size=micro, grad_accum=1))
    result = bench_train(small, steps=3, device=device, threads=threads, warmup=1, interactive=True, cancel=cancel,
                         refresh_peak=False)
    scale = config.train.batch_size * config.train.grad_accum / micro
    step_time = result["step_time_s"] * scale
    return {**result, "measured_micro_batch": micro, "step_time_s": step_time,
            "seconds_per_1000_steps": 1000 * step_time}
