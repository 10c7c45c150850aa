"""Train a reward model on preference pairs: the language-model trainer with a scalar head.

``train_reward_model`` creates a ``reward`` run (``reward_runs``), encodes each pair's
prompt + chosen and prompt + rejected texts once, and hands the trainer's ``TrainStep``
and a ``RewardLoop`` (the ``TrainingLoop``: schedule, logging, out-of-memory recovery,
cancel, checkpoints, early stopping) batches of pairs. The loss is Bradley-Terry,
``-log sigmoid(r_chosen - r_rejected)``. Evaluation scores every held-out pair and counts
how often the chosen completion gets the higher reward (pairwise accuracy); "best" means
the best held-out accuracy (held-out loss breaks ties), and the result reports that
checkpoint. The run's lock is held for the whole session, like language-model runs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from llmstudio.core.changes import Changed, declares
from llmstudio.core.classify.batches import encode_documents
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress, scaled
from llmstudio.core.labels.pairs import PreferencePair, preference_pairs
from llmstudio.core.model.build import model_config_for
from llmstudio.core.model.reward import GPTReward
from llmstudio.core.model.size import flops_per_token
from llmstudio.core.project import Project, utc_now
from llmstudio.core.rl.events import RewardStepLogged
from llmstudio.core.rl.reward_config import pair_text
from llmstudio.core.rl.reward_runs import RewardRunConfig, create_reward_run, reward_run
from llmstudio.core.runs import MetricWriter, acquire_run_lock, get_run, run_config, run_folder, update_run
from llmstudio.core.text_tokenizer import TextTokenizer, load_text_tokenizer
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.device import default_threads, prepare_device, resolve_device
from llmstudio.core.training.distributed import SINGLE
from llmstudio.core.training.events import RunStarted, StepLogged
from llmstudio.core.training.loop import Engine, Outlet, Position, TrainingLoop
from llmstudio.core.training.step import TrainStep

log = logging.getLogger(__name__)
PAD_MULTIPLE = 16
EVAL_BATCH = 64


@dataclass(frozen=True)
class RewardResult:
    run_id: int
    pair_accuracy: float  # on the held-out pairs, with the best checkpoint
    n_train: int
    n_heldout: int
    status: str = "completed"
    message: str = ""


class PairBatches:
    """Encoded pairs of one split; a batch is 2B right-padded sequences, the chosen ones first."""

    def __init__(self, processor: TextTokenizer, pairs: list[PreferencePair], max_length: int, truncation: str,
                 seed: int) -> None:
        self.chosen = encode_documents(processor, [pair_text(p.prompt, p.chosen) for p in pairs], max_length,
                                       truncation)
        self.rejected = encode_documents(processor, [pair_text(p.prompt, p.rejected) for p in pairs], max_length,
                                         truncation)
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return int(self.chosen[0].shape[0])

    def draw(self, count: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return torch.randint(len(self), (count,), generator=generator or self.generator)

    def load(self, rows: torch.Tensor | np.ndarray, device: torch.device) -> tuple[torch.Tensor, ...]:
        index = rows.numpy() if isinstance(rows, torch.Tensor) else np.asarray(rows)
        lengths = np.concatenate([self.chosen[1][index], self.rejected[1][index]])
        width = min(self.chosen[0].shape[1], -(-int(lengths.max()) // PAD_MULTIPLE) * PAD_MULTIPLE)
        tokens = np.concatenate([self.chosen[0][index, :width], self.rejected[0][index, :width]])
        return torch.from_numpy(tokens).to(device), torch.from_numpy(lengths).to(device)

    def in_order(self, batch_size: int, device: torch.device) -> Iterator[tuple[torch.Tensor, ...]]:
        for start in range(0, len(self), batch_size):
            yield self.load(np.arange(start, min(start + batch_size, len(self))), device)


@torch.no_grad()
def heldout_figures(model: GPTReward, batches: PairBatches, device: torch.device,
                    autocast: Callable[[], Any] | None = None) -> tuple[float, float]:
    """(pairwise accuracy, mean Bradley-Terry loss) over every pair of ``batches``; a tie counts as wrong."""
    was_training = model.training
    model.eval()
    margins: list[torch.Tensor] = []
    for batch in batches.in_order(EVAL_BATCH, device):
        if autocast is not None:
            with autocast():
                margin, _ = model(*batch)
        else:
            margin, _ = model(*batch)
        margins.append(margin.float().cpu())
    if was_training:
        model.train()
    if not margins:
        return math.nan, math.nan
    all_margins = torch.cat(margins)
    loss = float(-torch.nn.functional.logsigmoid(all_margins).mean())
    return float((all_margins > 0).float().mean()), loss


class RewardLoop(TrainingLoop):
    """The training loop, judging a reward model by its held-out pairwise accuracy."""

    def __init__(self, config: Any, engine: Engine, position: Position, outlet: Outlet, *,
                 full_config: dict[str, Any]) -> None:
        super().__init__(config, engine, position, outlet)
        self.full_config = full_config
        self.best_accuracy = -math.inf
        self.best_step = -1
        self.last_accuracy = math.nan

    def _evaluate(self) -> bool:
        pos, out, engine = self.pos, self.out, self.engine
        accuracy, loss = heldout_figures(engine.model, engine.val_batches, engine.device,  # type: ignore[arg-type]
                                         engine.runner.autocast)
        pos.last_val_loss, self.last_accuracy = loss, accuracy
        if pos.first_val is None:
            pos.first_val = loss
        improved = accuracy > self.best_accuracy or (accuracy == self.best_accuracy and loss < pos.best_val)
        if improved:
            self.best_accuracy, pos.best_val, self.best_step = accuracy, loss, pos.step
            pos.evals_without_improvement = 0
        out.metrics.add(pos.step, pair_accuracy=accuracy, val_loss=loss)
        bt = pos.last_train_loss if pos.last_train_loss is not None else math.nan
        out.emit(RewardStepLogged(out.run_id, pos.step, pos.max_steps, bt, accuracy))  # type: ignore[arg-type]
        out.metrics.flush(val_loss=loss, first_val_loss=pos.first_val, best_val_loss=pos.best_val, step=pos.step)
        return improved

    def _save(self, best: bool = False) -> None:
        pos = self.pos
        model_state, optimizer_state = self.engine.runner.state_dicts()
        meta = {
            "run_id": self.out.run_id, "kind": "reward", "config": self.full_config, "vocab_size": self.vocab_size,
            "train_loss": pos.last_train_loss, "val_loss": pos.last_val_loss,
            "pair_accuracy": None if math.isnan(self.last_accuracy) else self.last_accuracy,
            "best_pair_accuracy": None if math.isinf(self.best_accuracy) else self.best_accuracy,
            "saved_at": utc_now(),
        }
        ckpt.save_checkpoint(self.out.run_dir, pos.step, model_state, optimizer_state, self._rng_state(), meta,
                             keep_last=self.config.train.keep_last, is_best=best or pos.step == self.best_step)

    def _shrink_micro_batch(self, failure: str) -> None:
        super()._shrink_micro_batch(failure)
        self.full_config = {**self.config.to_dict(), "reward": self.full_config["reward"]}


def load_reward_body(path: str, model: GPTReward, device: torch.device) -> None:
    """A language-model checkpoint's weights into the reward model's body (the value head stays new)."""
    from safetensors.torch import load_file

    from llmstudio.core.model.reward import HEAD_PARAMETERS

    tensors = ckpt.model_tensors(load_file(path, device=str(device)))
    tensors.pop("head.weight", None)  # the language-model head (or its tied copy)
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [m for m in missing if m not in HEAD_PARAMETERS]
    if missing or unexpected:
        raise StudioError(f"the language-model checkpoint {path} does not match the reward model's shape (missing "
                          f"{missing[:3]}, unexpected {list(unexpected)[:3]}); start from scratch or from a run of "
                          "the same shape")


@declares(Changed.RUNS)
def train_reward_model(project: Project, schema_name: str, *, from_run: int | None = None,
                       overrides: list[str] | None = None, device: str = "auto",
                       on_event: Callable[[object], None] | None = None, progress: Progress = no_progress,
                       cancel: CancelToken | None = None, interactive: bool = False) -> RewardResult:
    """Create a reward run on ``schema_name``'s preference pairs and train it; returns its held-out figures."""
    chosen = [f"reward.schema={schema_name}", *([f"reward.from_run={from_run}"] if from_run else [])]
    config = RewardRunConfig.default().with_overrides([*(overrides or []), *chosen])
    run_id = create_reward_run(project, config)
    return train_reward_run(project, run_id, device=device, on_event=on_event, progress=progress, cancel=cancel,
                            interactive=interactive)


@declares(Changed.RUNS)
def train_reward_run(project: Project, run_id: int, *, device: str = "auto",
                     on_event: Callable[[object], None] | None = None, progress: Progress = no_progress,
                     cancel: CancelToken | None = None, interactive: bool = False) -> RewardResult:
    """Train reward run ``run_id`` (made by ``create_reward_run``) while holding its lock."""
    cancel = cancel or CancelToken()
    run = reward_run(project, run_id)
    if run.status != "created":
        raise StudioError(f"reward run {run_id} is {run.status}; reward runs train once: start a new one with "
                          "'llmstudio reward train DIR'")
    with acquire_run_lock(project, run):
        return _train(project, run_id, device, on_event or (lambda event: None), progress, cancel, interactive)


def _train(project: Project, run_id: int, device: str, emit: Callable[[object], None], progress: Progress,
           cancel: CancelToken, interactive: bool) -> RewardResult:
    config = RewardRunConfig.from_dict(run_config(project, run_id))
    run, r = get_run(project, run_id), config.reward
    pairs = {split: preference_pairs(project, r.schema, split) for split in ("train", "validation")}
    tokenizer = project.tokenizer(run.tokenizer_id)
    processor = load_text_tokenizer(project, tokenizer)
    torch_device = resolve_device(device)
    prepare_device(torch_device)
    threads = config.train.threads or default_threads(interactive)
    if torch_device.type == "cpu":
        torch.set_num_threads(threads)
    progress(0.0, "encoding the preference pairs")
    batches = {split: PairBatches(processor, part, r.max_length, r.truncation, config.train.seed + i)
               for i, (split, part) in enumerate(pairs.items())}
    model_config = model_config_for(config.model, tokenizer)
    torch.manual_seed(config.train.seed)
    model = GPTReward(model_config).to(torch_device)
    if r.from_run:
        lm_run = get_run(project, r.from_run)
        found = ckpt.find_checkpoint(run_folder(project, lm_run), "best")
        load_reward_body(str(found.folder / "model.safetensors"), model, torch_device)
        if r.freeze_body:
            model.freeze_body()
    step_runner = TrainStep(model, torch_device, config.train)
    update_run(project, run_id, status="running", device=str(torch_device), message=None, started_at=utc_now())
    plan = step_runner.plan(config.train.batch_size, config.train.grad_accum)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    emit(RunStarted(run_id, 0, config.train.max_steps, str(torch_device), trainable, step_runner.precision,
                    step_runner.compiled, threads, 1, plan.micro, plan.accum))
    metrics = MetricWriter(project, run_id)

    def relay(event: object) -> None:  # a logged training step is also a Bradley-Terry step
        if isinstance(event, StepLogged):
            metrics.add(event.step, bt_loss=event.train_loss)
            emit(RewardStepLogged(run_id, event.step, event.max_steps, event.train_loss))
        emit(event)

    engine = Engine(model, step_runner, torch_device, SINGLE, batches["train"], batches["validation"],  # type: ignore[arg-type]
                    flops_per_token(model_config))
    outlet = Outlet(project, run_id, run_folder(project, run), metrics, relay, scaled(progress, 0.0, 0.95), cancel)
    loop = RewardLoop(config.model_train, engine, Position(step=0, max_steps=config.train.max_steps), outlet,
                      full_config=config.to_dict())
    result = loop.run()
    n_train, n_heldout = len(pairs["train"]), len(pairs["validation"])
    if result.status != "completed":
        return RewardResult(run_id, loop.best_accuracy if loop.best_step >= 0 else math.nan, n_train, n_heldout,
                            result.status, result.message)
    ckpt.load_weights(ckpt.find_checkpoint(run_folder(project, run), "best"), model, torch_device)
    accuracy, loss = heldout_figures(model, batches["validation"], torch_device)
    message = (f"{result.message}; held-out pair accuracy {accuracy:.4f} over {n_heldout} pairs "
               f"(best checkpoint, Bradley-Terry loss {loss:.4f}; {n_train} training pairs)")
    update_run(project, run_id, message=message)
    progress(1.0, message)
    return RewardResult(run_id, accuracy, n_train, n_heldout, "completed", message)
