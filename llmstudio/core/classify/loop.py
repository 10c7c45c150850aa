"""The language-model training loop, taught to judge a classifier by validation F1.

``ClassifierLoop`` is the trainer's ``TrainingLoop`` (steps, schedule, logging, out-of-memory
recovery, cancel, checkpoints, early stopping) with two differences: an evaluation predicts
the whole validation split and scores it by macro-F1 (loss breaks ties), and checkpoints
carry the classifier's settings. "Best" therefore means the best validation F1, which is
the checkpoint the run is finally evaluated with.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from llmstudio.core.classify.batches import ExampleBatches
from llmstudio.core.classify.events import ClassifierEvalLogged
from llmstudio.core.classify.inference import batch_probabilities, decide
from llmstudio.core.classify.metrics import classification_figures
from llmstudio.core.project import utc_now
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.config import RunConfig
from llmstudio.core.training.loop import Engine, Outlet, Position, TrainingLoop


class ClassifierLoop(TrainingLoop):
    def __init__(self, config: RunConfig, engine: Engine, position: Position, outlet: Outlet, *, labels: list[str],
                 multi: bool, full_config: dict[str, Any]) -> None:
        super().__init__(config, engine, position, outlet)
        self.labels, self.multi, self.full_config = labels, multi, full_config
        self.best_f1 = -math.inf
        self.best_step = -1
        self.last_f1 = math.nan

    def _evaluate(self) -> bool:
        pos, out, engine = self.pos, self.out, self.engine
        val: ExampleBatches = engine.val_batches  # type: ignore[assignment]
        probs, loss = batch_probabilities(engine.model, val, engine.device, engine.runner.autocast,  # type: ignore[arg-type]
                                          self.config.train.batch_size)
        truth = val.targets if val.targets is not None else np.zeros(0)
        figures = classification_figures(self.labels, truth, decide(probs, self.multi), self.multi)
        f1 = figures["macro_f1"]
        pos.last_val_loss, self.last_f1 = loss, f1
        if pos.first_val is None:
            pos.first_val = loss
        improved = f1 > self.best_f1 or (f1 == self.best_f1 and loss < pos.best_val)
        if improved:
            self.best_f1, pos.best_val, self.best_step = f1, loss, pos.step
            pos.evals_without_improvement = 0
        out.metrics.add(pos.step, val_loss=loss, val_f1=f1, val_accuracy=figures["accuracy"])
        train_loss = pos.last_train_loss if pos.last_train_loss is not None else math.nan
        out.emit(ClassifierEvalLogged(out.run_id, pos.step, loss, f1, figures["accuracy"], train_loss))  # type: ignore[arg-type]
        out.metrics.flush(val_loss=loss, first_val_loss=pos.first_val, best_val_loss=pos.best_val, step=pos.step)
        return improved

    def _save(self, best: bool = False) -> None:
        pos = self.pos
        model_state, optimizer_state = self.engine.runner.state_dicts()
        meta = {
            "run_id": self.out.run_id,
            "kind": "classifier",
            "config": self.full_config,
            "labels": self.labels,
            "multi_label": self.multi,
            "vocab_size": self.vocab_size,
            "train_loss": pos.last_train_loss,
            "val_loss": pos.last_val_loss,
            "val_f1": None if math.isnan(self.last_f1) else self.last_f1,
            "best_val_f1": None if math.isinf(self.best_f1) else self.best_f1,
            "saved_at": utc_now(),
        }
        is_best = best or pos.step == self.best_step
        ckpt.save_checkpoint(self.out.run_dir, pos.step, model_state, optimizer_state, self._rng_state(), meta,
                             keep_last=self.config.train.keep_last, is_best=is_best)

    def _shrink_micro_batch(self, failure: str) -> None:
        super()._shrink_micro_batch(failure)
        # The base class stored a model + train config; put the classify section back beside it (queued with
        # the metrics, after the base class's own write).
        self.full_config = {**self.config.to_dict(), "classify": self.full_config["classify"]}
        self.out.metrics.flush(config_json=json.dumps(self.full_config))
