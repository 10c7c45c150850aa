"""What the classifier and reward-model trainers share: setting up a Transformer with a head.

Both kinds train once, from a run made by their ``create_*_run``, while holding the run's
lock (``holding_lock``). ``HeadSession.open`` reads the run's tokenizer and picks the
device and threads; ``build_model`` makes the model from scratch or with the body of the
starting language-model run (a LoRA run's adapters merged in), optionally frozen;
``start`` wraps it in the trainer's ``TrainStep`` (optimizer, precision, compile), marks
the run running and announces it; ``engine`` and ``outlet`` hand the training loop its
data and where results go. What differs (the examples, the head, how a run is judged and
finished) stays with each kind; the judging loop they share is ``head_loop.HeadLoop``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import torch

from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.model.build import model_config_for
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.model.size import flops_per_token
from llmstudio.core.project import Project, TokenizerSummary, utc_now
from llmstudio.core.runs import (
    MetricWriter,
    RunLock,
    RunSummary,
    acquire_run_lock,
    get_run,
    run_folder,
    update_run,
)
from llmstudio.core.runs.metrics import write_retrying
from llmstudio.core.text_tokenizer import TextTokenizer, load_text_tokenizer
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.device import default_threads, prepare_device, resolve_device
from llmstudio.core.training.distributed import SINGLE
from llmstudio.core.training.events import RunStarted
from llmstudio.core.training.head_run import HeadRunConfig
from llmstudio.core.training.loop import Engine, Outlet
from llmstudio.core.training.step import MicroHook, TrainStep

BodyLoader = Callable[[str, Any, torch.device], None]


@contextmanager
def holding_lock(project: Project, run: RunSummary, lock: RunLock | None = None) -> Iterator[None]:
    """Hold ``run``'s lock for the session (``RunBusy`` when another process trains it), so liveness and
    recovery treat every kind alike; a caller that already took it passes ``lock`` (kept, not released)."""
    held = lock if lock is not None and lock.held and lock.run_id == run.id else acquire_run_lock(project, run)
    try:
        yield
    finally:
        if held is not lock:
            held.release()


def load_lm_body(path: str, model: torch.nn.Module, device: torch.device, head_parameters: tuple[str, ...] | set[str],
                 what: str) -> None:
    """A language-model checkpoint's weights into ``model``'s body (a LoRA run's adapters merged in);
    the head (``head_parameters``) stays new. ``what`` names the model in the error ("the classifier's model")."""
    from safetensors.torch import load_file

    from llmstudio.core.model.lora import merge_lora_state

    tensors = merge_lora_state(ckpt.model_tensors(load_file(path, device=str(device))))
    tensors.pop("head.weight", None)  # the language-model head (or its tied copy)
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [m for m in missing if m not in head_parameters]
    if missing or unexpected:
        raise StudioError(
            f"the language-model checkpoint {path} does not match {what} (missing {missing[:3]}, unexpected "
            f"{list(unexpected)[:3]}); start from scratch or from a run of the same shape")


@dataclass
class HeadSession:
    """One training session of a head run: its config, tokenizer, device and threads."""

    project: Project
    run: RunSummary
    config: HeadRunConfig[Any]
    tokenizer: TokenizerSummary
    processor: TextTokenizer
    device: torch.device
    threads: int
    model_config: ModelConfig

    @classmethod
    def open(cls, project: Project, run: RunSummary, config: HeadRunConfig[Any], device: str,
             interactive: bool) -> HeadSession:
        tokenizer = project.tokenizer(run.tokenizer_id)
        processor = load_text_tokenizer(project, tokenizer)
        torch_device = resolve_device(device)
        prepare_device(torch_device)
        threads = config.train.threads or default_threads(interactive)
        if torch_device.type == "cpu":
            torch.set_num_threads(threads)
        return cls(project, run, config, tokenizer, processor, torch_device, threads,
                   model_config_for(config.model, tokenizer))

    def build_model(self, make: Callable[[ModelConfig], torch.nn.Module], load_body: BodyLoader) -> Any:
        """``make(model_config)`` on the device, seeded by train.seed; with ``from_run``, the starting run's
        best weights in its body (``load_body``), frozen if ``freeze_body``."""
        head = self.config.head
        torch.manual_seed(self.config.train.seed)
        model = make(self.model_config).to(self.device)
        if head.from_run:
            found = ckpt.find_checkpoint(run_folder(self.project, get_run(self.project, head.from_run)), "best")
            load_body(str(found.folder / "model.safetensors"), model, self.device)
            if head.freeze_body:
                model.freeze_body()  # type: ignore[operator]
        return model

    def start(self, model: torch.nn.Module, emit: Callable[[object], None],
              micro_hook: MicroHook | None = None) -> TrainStep:
        """The trainer's step for ``model``; the run is marked running and ``RunStarted`` is emitted."""
        train, run_id = self.config.train, self.run.id
        step_runner = TrainStep(model, self.device, train)
        step_runner.before_micro = micro_hook
        write_retrying(lambda: update_run(self.project, run_id, status="running", device=str(self.device),
                                          message=None, started_at=utc_now(), finished_at=None),
                       what=f"start of run {run_id}")
        plan = step_runner.plan(train.batch_size, train.grad_accum)
        trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
        emit(RunStarted(run_id, 0, train.max_steps, str(self.device), trainable, step_runner.precision,
                        step_runner.compiled, self.threads, 1, plan.micro, plan.accum))
        return step_runner

    def engine(self, model: torch.nn.Module, step_runner: TrainStep, train: Any, validation: Any,
               peak_flops: float = 0.0) -> Engine:
        """The loop's engine over ``train`` and ``validation`` (examples or pairs, drawn and loaded like
        ``Batches``)."""
        return Engine(model, step_runner, self.device, SINGLE, train, validation, flops_per_token(self.model_config),
                      peak_flops)

    def outlet(self, emit: Callable[[object], None], progress: Progress, cancel: CancelToken,
               metrics: MetricWriter | None = None) -> Outlet:
        return Outlet(self.project, self.run.id, run_folder(self.project, self.run),
                      metrics or MetricWriter(self.project, self.run.id), emit, progress, cancel)
