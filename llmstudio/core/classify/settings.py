"""The ``classify`` settings and the model/train values a classifier run starts from.

Declared with ``setting(...)`` metadata like ``model.*`` and ``train.*``, so the same text
is ``docs/settings.md`` (its classify section), the app's tooltips and ``--help``. This
module imports neither torch nor the trainer's config, so the settings page can list it.
"""

from __future__ import annotations

from dataclasses import dataclass

from llmstudio.core.settings import markdown_table, setting
from llmstudio.core.training.head_settings import (
    HEAD_MODEL_DEFAULTS,
    check_head_fields,
    head_train_defaults,
    need,
)

POOLINGS = ("mean", "last")
TRUNCATIONS = ("end", "start", "middle")
CLASS_WEIGHTS = ("balanced", "none")

# A classifier run's train and model sections start from these (head_settings: what reward runs
# share). The learning rate (1e-3, was 5e-4), classify.max_length (256, was 128) and
# classify.truncation (middle, was end) were set on the SpamAssassin benchmark in docs/benchmarks.md.
TRAIN_DEFAULTS = head_train_defaults(lr=1e-3, eval_interval=50, log_interval=10, early_stop_patience=5)
MODEL_DEFAULTS = dict(HEAD_MODEL_DEFAULTS)


@dataclass(frozen=True)
class ClassifyConfig:
    schema: str = setting("", "The label schema to learn (empty: the project's only schema).")
    pooling: str = setting("mean", "How a document becomes one vector: the mean of its token states, or the last "
                                    "token's state.", choices=POOLINGS)
    max_length: int = setting(256, "Tokens per document (per window, see classify.windows); longer documents are "
                                                "cut (see classify.truncation).",
                              unit="tokens", minimum=2)
    truncation: str = setting("middle", "What of a long document is cut: end (keep the beginning), start (keep the "
                                     "ending) or middle (keep the first and the last max_length/2 tokens: an "
                                     "e-mail's subject and its signature or list footer).", choices=TRUNCATIONS)
    windows: int = setting(1, "Windows per document: a document longer than max_length is read as up to this "
                              "many consecutive windows of max_length tokens (cut to windows x max_length by "
                              "classify.truncation) and judged on all of them; 1 reads one window. Training and "
                              "prediction cost grow with the windows a document fills.", minimum=1)
    class_weights: str = setting("balanced", "balanced: weigh each label by n / (labels x its count), so rare "
                                             "labels count as much; or none.", choices=CLASS_WEIGHTS)
    from_run: int = setting(0, "Start from this language-model run's weights (0: from scratch).")
    score_bias: bool = setting(True, "Give the score layer a bias; false makes a Llama-layout classifier "
                                     "exportable as LlamaForSequenceClassification, whose score layer has none "
                                     "(GPT-2 layouts carry the bias exactly).")
    freeze_body: bool = setting(False, "With from_run: train the classification head only, the Transformer body "
                                       "stays as it was.")
    epochs: float = setting(8.0, "Passes over the training documents; sets train.max_steps (0: use "
                                 "train.max_steps as given). Early stopping on validation macro-F1 usually ends "
                                 "the run sooner.", minimum=0)
    threshold: float = setting(0.5, "Multi-label: the probability above which a label is predicted (before "
                                    "tuning).", minimum=0, maximum=1)
    tune_thresholds: bool = setting(True, "Multi-label: choose each label's threshold for the best F1 on the "
                                          "validation split.")
    tokenizer: int = setting(0, "Tokenizer id (0: the latest); a from_run language model must have been trained "
                                "with it.")
    baseline: bool = setting(False, "Also train the TF-IDF + logistic regression baseline on the same split.")
    baseline_stem: bool = setting(False, "Baseline: stem words (Snowball, the Stemming cleaning step) before "
                                         "TF-IDF.")
    baseline_stop_words: bool = setting(False, "Baseline: remove stop words (the Stop-word removal cleaning step) "
                                               "before TF-IDF.")
    predict_all: bool = setting(True, "After training, write a prediction for every document (the Label panel's "
                                      "suggestions and queue).")

    def __post_init__(self) -> None:
        need(self.pooling in POOLINGS, f"classify.pooling must be one of {', '.join(POOLINGS)}, not {self.pooling!r}")
        need(self.class_weights in CLASS_WEIGHTS,
             f"classify.class_weights must be one of {', '.join(CLASS_WEIGHTS)}, not {self.class_weights!r}")
        need(self.windows >= 1, f"classify.windows must be at least 1 (one window per document), not {self.windows}")
        need(0.0 < self.threshold < 1.0, f"classify.threshold must be between 0 and 1, not {self.threshold}")
        check_head_fields("classify", self, TRUNCATIONS)


def classify_markdown() -> str:
    """The classify section of ``docs/settings.md``."""
    starts = ", ".join(f"`model.{k}={v}`" for k, v in MODEL_DEFAULTS.items())
    train = ", ".join(f"`train.{k}={v}`" for k, v in TRAIN_DEFAULTS.items())
    return "\n".join([
        "## classify",
        "",
        "Classifier runs (`llmstudio classify train DIR --set classify.KEY=VALUE`, the Train panel's",
        "Classifier tab). Their `model.*` and `train.*` keys are the ones above, starting from other",
        f"values: {starts}; {train}.",
        "Why these values, and what they measured, is in `docs/benchmarks.md` (Supervised learning).",
        "",
        markdown_table(ClassifyConfig, "classify"),
        "",
    ])
