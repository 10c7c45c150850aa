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
from llmstudio.core.db import transaction
from llmstudio.core.project import utc_now
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.loop import TrainingLoop


class ClassifierLoop(TrainingLoop):
    def __init__(self, *, labels: list[str], multi: bool, full_config: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.labels, self.multi, self.full_config = labels, multi, full_config
        self.best_f1 = -math.inf
        self.best_step = -1
        self.last_f1 = math.nan

    def _evaluate(self) -> bool:
        val: ExampleBatches = self.val_batches  # type: ignore[assignment]
        probs, loss = batch_probabilities(self.model, val, self.device, self.runner.autocast,  # type: ignore[arg-type]
                                          self.config.train.batch_size)
        truth = val.targets if val.targets is not None else np.zeros(0)
        figures = classification_figures(self.labels, truth, decide(probs, self.multi), self.multi)
        f1 = figures["macro_f1"]
        self.last_val_loss, self.last_f1 = loss, f1
        if self.first_val is None:
            self.first_val = loss
        improved = f1 > self.best_f1 or (f1 == self.best_f1 and loss < self.best_val)
        if improved:
            self.best_f1, self.best_val, self.best_step = f1, loss, self.step
            self.evals_without_improvement = 0
        self.metrics.add(self.step, val_loss=loss, val_f1=f1, val_accuracy=figures["accuracy"])
        train_loss = self.last_train_loss if self.last_train_loss is not None else math.nan
        self.emit(ClassifierEvalLogged(self.run_id, self.step, loss, f1, figures["accuracy"], train_loss))
        self.metrics.flush(val_loss=loss, first_val_loss=self.first_val, best_val_loss=self.best_val, step=self.step)
        return improved

    def _save(self, best: bool = False) -> None:
        model_state, optimizer_state = self.runner.state_dicts()
        meta = {
            "run_id": self.run_id,
            "kind": "classifier",
            "config": self.full_config,
            "labels": self.labels,
            "multi_label": self.multi,
            "vocab_size": self.model.config.vocab_size,  # type: ignore[union-attr]
            "train_loss": self.last_train_loss,
            "val_loss": self.last_val_loss,
            "val_f1": None if math.isnan(self.last_f1) else self.last_f1,
            "best_val_f1": None if math.isinf(self.best_f1) else self.best_f1,
            "saved_at": utc_now(),
        }
        is_best = best or self.step == self.best_step
        ckpt.save_checkpoint(self.run_dir, self.step, model_state, optimizer_state, self._rng_state(), meta,
                             keep_last=self.config.train.keep_last, is_best=is_best)

    def _shrink_micro_batch(self, failure: str) -> None:
        super()._shrink_micro_batch(failure)
        # The base class stored a model + train config; put the classify section back beside it.
        self.full_config = {**self.config.to_dict(), "classify": self.full_config["classify"]}
        with transaction(self.project.db) as conn:
            conn.execute("UPDATE runs SET config_json = ? WHERE id = ?", (json.dumps(self.full_config), self.run_id))
