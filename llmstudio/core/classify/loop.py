"""The language-model training loop, taught to judge a classifier by validation F1.

``ClassifierLoop`` is the head runs' ``HeadLoop`` (the trainer's ``TrainingLoop``: steps,
schedule, logging, out-of-memory recovery, cancel, checkpoints, early stopping, "best" by
a score): an evaluation predicts the whole validation split and scores it by macro-F1
(loss breaks ties), and checkpoints carry the classifier's labels. "Best" therefore means
the best validation F1, which is the checkpoint the run is finally evaluated with.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from llmstudio.core.classify.batches import ExampleBatches
from llmstudio.core.classify.events import ClassifierEvalLogged
from llmstudio.core.classify.inference import batch_probabilities, decide
from llmstudio.core.classify.metrics import classification_figures
from llmstudio.core.training.head_loop import HeadLoop, Measured
from llmstudio.core.training.head_run import HeadRunConfig
from llmstudio.core.training.loop import Engine, Outlet, Position


class ClassifierLoop(HeadLoop):
    KIND = "classifier"
    SCORE = "val_f1"
    STOPPED_EARLY = "stopped early at step {step}: validation macro-F1 did not improve for {count} evaluations"

    def __init__(self, config: HeadRunConfig[Any], engine: Engine, position: Position, outlet: Outlet, *,
                 labels: list[str], multi: bool) -> None:
        super().__init__(config, engine, position, outlet)
        self.labels, self.multi = labels, multi

    def _measure(self) -> Measured:
        pos, engine = self.pos, self.engine
        val: ExampleBatches = engine.val_batches  # type: ignore[assignment]
        probs, loss = batch_probabilities(engine.model, val, engine.device, engine.runner.autocast,  # type: ignore[arg-type]
                                          self.config.train.batch_size)
        truth = val.targets if val.targets is not None else np.zeros(0)
        figures = classification_figures(self.labels, truth, decide(probs, self.multi), self.multi)
        f1 = figures["macro_f1"]
        train_loss = pos.last_train_loss if pos.last_train_loss is not None else math.nan
        return Measured(f1, loss, {"val_loss": loss, "val_f1": f1, "val_accuracy": figures["accuracy"]},
                        ClassifierEvalLogged(self.out.run_id, pos.step, loss, f1, figures["accuracy"], train_loss))

    def _meta(self) -> dict[str, Any]:
        return {"labels": self.labels, "multi_label": self.multi}
