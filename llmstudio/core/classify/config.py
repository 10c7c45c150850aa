"""The settings of a classifier run: the ``classify`` section beside ``model`` and ``train``.

``llmstudio classify train --set classify.KEY=VALUE`` sets these; ``model.*`` and ``train.*``
overrides work as for language-model runs (the trainer, its precision, checkpoints and
early stopping are the same). Every error names the user-facing key. No torch here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

from llmstudio.core.errors import ConfigError
from llmstudio.core.training.config import RunConfig, _build, parse_override

POOLINGS = ("mean", "last")
TRUNCATIONS = ("end", "start")
CLASS_WEIGHTS = ("balanced", "none")

# Classifier defaults for the train section: a few epochs over labelled documents, evaluated
# often enough for early stopping to matter.
TRAIN_DEFAULTS = {"lr": 5e-4, "min_lr": 5e-5, "warmup_steps": 20, "batch_size": 32, "eval_interval": 50,
                  "log_interval": 10, "checkpoint_interval": 100000, "early_stop_patience": 5,
                  "weight_decay": 0.1, "keep_last": 1}
MODEL_DEFAULTS = {"n_layer": 2, "n_head": 4, "d_model": 128, "dropout": 0.1}


@dataclass(frozen=True)
class ClassifyConfig:
    schema: str = ""
    """The label schema to learn (empty: the project's only schema)."""
    pooling: str = "mean"
    """How a document becomes one vector: mean of its token states, or the last token's state."""
    max_length: int = 128
    """Tokens per document; longer documents are truncated (see truncation)."""
    truncation: str = "end"
    """Which side of a long document is cut: end (keep the beginning) or start (keep the ending)."""
    class_weights: str = "balanced"
    """balanced: weigh each label by n / (labels x its count), so rare labels count as much; or none."""
    from_run: int = 0
    """Start from this language-model run's weights (0: from scratch)."""
    score_bias: bool = True
    """Give the score layer a bias; false makes a Llama-layout classifier exportable as
    LlamaForSequenceClassification, whose score layer has none (GPT-2 layouts carry the bias exactly)."""
    freeze_body: bool = False
    """With from_run: train the classification head only, the Transformer body stays as it was."""
    epochs: float = 8.0
    """Passes over the training documents; sets train.max_steps (0: use train.max_steps as given)."""
    threshold: float = 0.5
    """Multi-label: the probability above which a label is predicted (before tuning)."""
    tune_thresholds: bool = True
    """Multi-label: choose each label's threshold for the best F1 on the validation split."""
    tokenizer: int = 0
    """Tokenizer id (0: the latest); a from_run language model must have been trained with it."""
    baseline: bool = False
    """Also train the TF-IDF + logistic regression baseline on the same split."""
    baseline_stem: bool = False
    """Baseline: stem words (Snowball, the Stemming cleaning step) before TF-IDF."""
    baseline_stop_words: bool = False
    """Baseline: remove stop words (the Stop-word removal cleaning step) before TF-IDF."""
    predict_all: bool = True
    """After training, write a prediction for every document (the Label panel's suggestions and queue)."""

    def __post_init__(self) -> None:
        def need(condition: bool, message: str) -> None:
            if not condition:
                raise ConfigError(message)

        need(self.pooling in POOLINGS, f"classify.pooling must be one of {', '.join(POOLINGS)}, not {self.pooling!r}")
        need(self.truncation in TRUNCATIONS,
             f"classify.truncation must be one of {', '.join(TRUNCATIONS)}, not {self.truncation!r}")
        need(self.class_weights in CLASS_WEIGHTS,
             f"classify.class_weights must be one of {', '.join(CLASS_WEIGHTS)}, not {self.class_weights!r}")
        need(self.max_length >= 2, f"classify.max_length must be at least 2, not {self.max_length}")
        need(self.from_run >= 0, "classify.from_run must be a run id, or 0 to start from scratch")
        need(self.epochs >= 0, f"classify.epochs must be >= 0, not {self.epochs}")
        need(0.0 < self.threshold < 1.0, f"classify.threshold must be between 0 and 1, not {self.threshold}")
        need(not (self.freeze_body and not self.from_run),
             "classify.freeze_body needs classify.from_run (a language-model run to keep frozen); "
             "pass --from-run ID or leave the body trainable")


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
