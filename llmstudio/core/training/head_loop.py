"""The language-model training loop, judging a head run by a score on its held-out examples.

A classifier run is judged by validation macro-F1, a reward run by held-out pairwise
accuracy; otherwise their loops are the same ``TrainingLoop`` (steps, schedule, logging,
out-of-memory recovery, cancel, checkpoints, early stopping) with three changes, made
here once: "best" means the best score (held-out loss breaks ties), so the best
checkpoint is the one the run is finally evaluated with; checkpoints carry the whole run
config (with the head section) and the score; and when running out of memory shrinks the
micro-batch, the stored config keeps its head section.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from llmstudio.core.project import utc_now
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.head_run import HeadRunConfig
from llmstudio.core.training.loop import Engine, Outlet, Position, TrainingLoop


@dataclass
class Measured:
    """One evaluation of a head run: its score (higher is better), held-out loss, the metrics to store
    at this step and the event to emit."""

    score: float
    loss: float
    metrics: dict[str, float] = field(default_factory=dict)
    event: object = None


class HeadLoop(TrainingLoop):
    """A ``TrainingLoop`` that keeps the best checkpoint by ``SCORE`` (a subclass's ``_measure``)."""

    KIND: ClassVar[str]  # the run kind, written in each checkpoint's meta
    SCORE: ClassVar[str]  # the checkpoint meta key of the score; best_SCORE holds the best one

    def __init__(self, config: HeadRunConfig[Any], engine: Engine, position: Position, outlet: Outlet) -> None:
        super().__init__(config.model_train, engine, position, outlet)
        self.section = config.SECTION
        self.full_config = config.to_dict()
        self.best_score = -math.inf
        self.best_step = -1
        self.last_score = math.nan

    def _measure(self) -> Measured:
        raise NotImplementedError

    def _meta(self) -> dict[str, Any]:
        """What a subclass adds to each checkpoint's meta, after the run config."""
        return {}

    def _evaluate(self) -> bool:
        pos, out = self.pos, self.out
        measured = self._measure()
        loss = measured.loss
        pos.last_val_loss, self.last_score = loss, measured.score
        if pos.first_val is None:
            pos.first_val = loss
        improved = measured.score > self.best_score or (measured.score == self.best_score and loss < pos.best_val)
        if improved:
            self.best_score, pos.best_val, self.best_step = measured.score, loss, pos.step
            pos.evals_without_improvement = 0
        out.metrics.add(pos.step, **measured.metrics)
        out.emit(measured.event)  # type: ignore[arg-type]
        out.metrics.flush(val_loss=loss, first_val_loss=pos.first_val, best_val_loss=pos.best_val, step=pos.step)
        return improved

    def _save(self, best: bool = False) -> None:
        pos = self.pos
        model_state, optimizer_state = self.engine.runner.state_dicts()
        meta = {
            "run_id": self.out.run_id,
            "kind": self.KIND,
            "config": self.full_config,
            **self._meta(),
            "vocab_size": self.vocab_size,
            "train_loss": pos.last_train_loss,
            "val_loss": pos.last_val_loss,
            self.SCORE: None if math.isnan(self.last_score) else self.last_score,
            f"best_{self.SCORE}": None if math.isinf(self.best_score) else self.best_score,
            "saved_at": utc_now(),
        }
        ckpt.save_checkpoint(self.out.run_dir, pos.step, model_state, optimizer_state, self._rng_state(), meta,
                             keep_last=self.config.train.keep_last, is_best=best or pos.step == self.best_step)

    def _shrink_micro_batch(self, failure: str) -> None:
        super()._shrink_micro_batch(failure)
        # The base class stored a model + train config; put the head section back beside it (queued with
        # the metrics, after the base class's own write).
        self.full_config = {**self.config.to_dict(), self.section: self.full_config[self.section]}
        self.out.metrics.flush(config_json=json.dumps(self.full_config))
