"""Train a reward model on preference pairs: the language-model trainer with a scalar head.

``train_reward_model`` creates a ``reward`` run (``reward_runs``), encodes each pair's
prompt + chosen and prompt + rejected texts once, and hands the trainer's ``TrainStep``
and a ``RewardLoop`` (the ``TrainingLoop``: schedule, logging, out-of-memory recovery,
cancel, checkpoints, early stopping; the setup and loop classifier runs share,
``training.head_trainer`` and ``training.head_loop``) batches of pairs. The loss is Bradley-Terry,
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
from llmstudio.core.model.reward import GPTReward
from llmstudio.core.project import Project
from llmstudio.core.rl.events import RewardStepLogged
from llmstudio.core.rl.reward_config import pair_text
from llmstudio.core.rl.reward_runs import RewardRunConfig, create_reward_run, reward_run
from llmstudio.core.runs import MetricWriter, get_run, run_config, run_folder, update_run
from llmstudio.core.text_tokenizer import TextTokenizer
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.events import StepLogged
from llmstudio.core.training.head_loop import HeadLoop, Measured
from llmstudio.core.training.head_trainer import HeadSession, holding_lock, load_lm_body
from llmstudio.core.training.loop import Position
from llmstudio.core.training.step import MicroHook

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


class RewardLoop(HeadLoop):
    """The training loop, judging a reward model by its held-out pairwise accuracy."""

    KIND = "reward"
    SCORE = "pair_accuracy"
    STOPPED_EARLY = "stopped early at step {step}: held-out pair accuracy did not improve for {count} evaluations"

    def _measure(self) -> Measured:
        pos, engine = self.pos, self.engine
        accuracy, loss = heldout_figures(engine.model, engine.val_batches, engine.device,  # type: ignore[arg-type]
                                         engine.runner.autocast)
        bt = pos.last_train_loss if pos.last_train_loss is not None else math.nan
        return Measured(accuracy, loss, {"pair_accuracy": accuracy, "val_loss": loss},
                        RewardStepLogged(self.out.run_id, pos.step, pos.max_steps, bt, accuracy))


def load_reward_body(path: str, model: GPTReward, device: torch.device) -> None:
    """A language-model checkpoint's weights into the reward model's body (the value head stays new)."""
    from llmstudio.core.model.reward import HEAD_PARAMETERS

    load_lm_body(path, model, device, HEAD_PARAMETERS, "the reward model's shape")


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
                     cancel: CancelToken | None = None, interactive: bool = False,
                     micro_hook: MicroHook | None = None) -> RewardResult:
    """Train reward run ``run_id`` (made by ``create_reward_run``) while holding its lock;
    ``micro_hook(step, micro_batch)`` runs before each forward pass (a test seam)."""
    cancel = cancel or CancelToken()
    run = reward_run(project, run_id)
    if run.status != "created":
        raise StudioError(f"reward run {run_id} is {run.status}; reward runs train once: start a new one with "
                          "'llmstudio reward train DIR'")
    with holding_lock(project, run):
        return _train(project, run_id, device, on_event or (lambda event: None), progress, cancel, interactive,
                      micro_hook)


def _train(project: Project, run_id: int, device: str, emit: Callable[[object], None], progress: Progress,
           cancel: CancelToken, interactive: bool, micro_hook: MicroHook | None) -> RewardResult:
    config = RewardRunConfig.from_dict(run_config(project, run_id))
    run, r = get_run(project, run_id), config.reward
    pairs = {split: preference_pairs(project, r.schema, split) for split in ("train", "validation")}
    session = HeadSession.open(project, run, config, device, interactive)
    progress(0.0, "encoding the preference pairs")
    batches = {split: PairBatches(session.processor, part, r.max_length, r.truncation, config.train.seed + i)
               for i, (split, part) in enumerate(pairs.items())}
    model: GPTReward = session.build_model(GPTReward, load_reward_body)
    step_runner = session.start(model, emit, micro_hook)
    metrics = MetricWriter(project, run_id)

    def relay(event: object) -> None:  # a logged training step is also a Bradley-Terry step
        if isinstance(event, StepLogged):
            metrics.add(event.step, bt_loss=event.train_loss)
            emit(RewardStepLogged(run_id, event.step, event.max_steps, event.train_loss))
        emit(event)

    engine = session.engine(model, step_runner, batches["train"], batches["validation"])
    outlet = session.outlet(relay, scaled(progress, 0.0, 0.95), cancel, metrics)
    loop = RewardLoop(config, engine, Position(step=0, max_steps=config.train.max_steps), outlet)
    result = loop.run()
    n_train, n_heldout = len(pairs["train"]), len(pairs["validation"])
    if result.status != "completed":
        return RewardResult(run_id, loop.best_score if loop.best_step >= 0 else math.nan, n_train, n_heldout,
                            result.status, result.message)
    ckpt.load_weights(ckpt.find_checkpoint(run_folder(project, run), "best"), model, session.device)
    accuracy, loss = heldout_figures(model, batches["validation"], session.device)
    figures = (f"held-out pair accuracy {accuracy:.4f} over {n_heldout} pairs "
               f"(best checkpoint, Bradley-Terry loss {loss:.4f}; {n_train} training pairs)")
    message = f"{result.message}; {figures}"  # each part a wording of its own (the GUI translates each)
    update_run(project, run_id, message=message)
    progress(1.0, message)
    return RewardResult(run_id, accuracy, n_train, n_heldout, "completed", message)
