"""The settings of a classifier run: the ``classify`` section beside ``model`` and ``train``.

``llmstudio classify train --set classify.KEY=VALUE`` sets these; ``model.*`` and ``train.*``
overrides work as for language-model runs (the trainer, its precision, checkpoints and
early stopping are the same). The run config's shape is the one reward-model runs share
(``training.head_run.HeadRunConfig``). Every error names the user-facing key. No torch here.
"""

from __future__ import annotations

from llmstudio.core.classify.settings import (  # noqa: F401  (re-exported: the classify section's one home)
    CLASS_WEIGHTS,
    MODEL_DEFAULTS,
    POOLINGS,
    TRAIN_DEFAULTS,
    TRUNCATIONS,
    ClassifyConfig,
)
from llmstudio.core.training.head_run import HeadRunConfig


class ClassifierRunConfig(HeadRunConfig[ClassifyConfig]):
    """What a classifier run stores in its ``config_json``: model, train and classify sections."""

    SECTION = "classify"
    HEAD = ClassifyConfig
    MODEL_DEFAULTS = MODEL_DEFAULTS
    TRAIN_DEFAULTS = TRAIN_DEFAULTS

    @property
    def classify(self) -> ClassifyConfig:
        return self.head
