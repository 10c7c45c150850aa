"""The settings of a classifier run: the ``classify`` section beside ``model`` and ``train``.

``llmstudio classify train --set classify.KEY=VALUE`` sets these; ``model.*`` and ``train.*``
overrides work as for language-model runs (the trainer, its precision, checkpoints and
early stopping are the same). Every error names the user-facing key. No torch here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

from llmstudio.core.classify.settings import (  # noqa: F401  (re-exported: the classify section's one home)
    CLASS_WEIGHTS,
    MODEL_DEFAULTS,
    POOLINGS,
    TRAIN_DEFAULTS,
    TRUNCATIONS,
    ClassifyConfig,
)
from llmstudio.core.training.config import RunConfig, _build, parse_override


@dataclass(frozen=True)
class ClassifierRunConfig:
    """What a classifier run stores in its ``config_json``: model, train and classify sections."""

    model_train: RunConfig = field(default_factory=RunConfig)
    classify: ClassifyConfig = field(default_factory=ClassifyConfig)

    @property
    def model(self) -> Any:
        return self.model_train.model

    @property
    def train(self) -> Any:
        return self.model_train.train

    def to_dict(self) -> dict[str, Any]:
        return {**self.model_train.to_dict(), "classify": asdict(self.classify)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClassifierRunConfig:
        rest = {k: v for k, v in data.items() if k != "classify"}
        return cls(RunConfig.from_dict(rest), _build(ClassifyConfig, "classify", data.get("classify", {})))

    @classmethod
    def default(cls) -> ClassifierRunConfig:
        base = RunConfig().to_dict()
        base["model"].update(MODEL_DEFAULTS)
        base["train"].update(TRAIN_DEFAULTS)
        return cls(RunConfig.from_dict(base), ClassifyConfig())

    def with_overrides(self, overrides: list[str]) -> ClassifierRunConfig:
        """Apply ``section.key=value`` items; sections model, train and classify."""
        data = self.to_dict()
        for item in overrides:
            if item.split("=", 1)[0].strip().startswith("classify."):
                dotted, value = item.split("=", 1)
                key = dotted.strip().split(".", 1)[1].strip()
                data["classify"][key] = value.strip()
            else:
                section, key, value = parse_override(item)
                data[section][key] = value
        return ClassifierRunConfig.from_dict(data)

    def replace(self, **classify: Any) -> ClassifierRunConfig:
        return dataclasses.replace(self, classify=dataclasses.replace(self.classify, **classify))
