"""Load a classifier run and score texts: the small API that evaluation, active learning,
the CLI's ``predict`` and reinforcement learning (a classifier as a reward) share.

    classifier = load_classifier(project, run_id)
    probs = classifier.scores(["a text", "another"])          # (texts, labels), rows sum to 1
    reward = classifier.probability(["a text"], "positive")   # (texts,) probability of one label

Single-label runs give softmax probabilities and predict the most probable label;
multi-label runs give a sigmoid per label and predict every label at or above its threshold
(tuned on validation when the run was trained).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext

import numpy as np
import torch

from llmstudio.core.classify.batches import ExampleBatches, document_examples
from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.data import check_labels_unchanged, resolve_schema
from llmstudio.core.classify.runs import ClassifierInfo, classifier_run, read_info
from llmstudio.core.model.classifier import GPTClassifier
from llmstudio.core.model.config import ModelConfig
from llmstudio.core.project import Project
from llmstudio.core.runs import run_config, run_folder
from llmstudio.core.text_tokenizer import load_text_tokenizer
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.device import resolve_device

EVAL_BATCH = 64


@torch.no_grad()
def batch_probabilities(model: GPTClassifier, batches: ExampleBatches, device: torch.device,
                        autocast: object = None, batch_size: int = EVAL_BATCH) -> tuple[np.ndarray, float]:
    """Probabilities for every example of ``batches`` in order, and the mean loss (nan without targets)."""
    was_training = model.training
    model.eval()
    probs, losses, counts = [], [], []
    for batch in batches.in_order(batch_size, device):
        with autocast() if autocast is not None else nullcontext():  # type: ignore[operator]
            logits, loss = model(*batch)
        probs.append(model.probabilities(logits.float()).cpu().numpy())
        if loss is not None:
            losses.append(float(loss))
            counts.append(logits.shape[0])
    if was_training:
        model.train()
    mean = float(np.average(losses, weights=counts)) if losses else float("nan")
    width = model.n_labels
    return (np.concatenate(probs) if probs else np.zeros((0, width))), mean


def decide(probs: np.ndarray, multi: bool, thresholds: Sequence[float] | None = None) -> np.ndarray:
    """Class indices (single-label) or a 0/1 matrix at the per-label thresholds (multi-label)."""
    if not multi:
        return probs.argmax(1) if len(probs) else np.zeros(0, dtype=np.int64)
    limits = np.asarray(thresholds if thresholds else [0.5] * probs.shape[1])
    return (probs >= limits[None, :]).astype(np.int64)


class Classifier:
    """A trained classifier run, loaded once, ready to score many texts."""

    def __init__(self, project: Project, run_id: int | None = None, device: str = "auto",
                 check_labels: bool = True) -> None:
        run = classifier_run(project, run_id)
        self.run_id = run.id
        self.config = ClassifierRunConfig.from_dict(run_config(project, run.id))
        self.info: ClassifierInfo = read_info(project, run.id)
        if check_labels:
            check_labels_unchanged(resolve_schema(project, self.info.schema), self.info.labels, run.id)
        tokenizer = project.tokenizer(run.tokenizer_id)
        self.processor = load_text_tokenizer(project, tokenizer)
        self.device = resolve_device(device)
        model_config = ModelConfig(**{**self.config.model.to_dict(),
                                      "vocab_size": max(self.config.model.vocab_size, tokenizer.vocab_size)})
        self.model = GPTClassifier(model_config, len(self.info.labels), self.config.classify.pooling,
                                   self.info.multi_label, bias=self.config.classify.score_bias)
        found = ckpt.find_checkpoint(run_folder(project, run), "best")
        ckpt.load_weights(found, self.model, self.device)
        self.model.to(self.device).eval()

    @property
    def labels(self) -> list[str]:
        return list(self.info.labels)

    @property
    def multi_label(self) -> bool:
        return self.info.multi_label

    def examples(self, texts: Sequence[str]) -> ExampleBatches:
        c = self.config.classify
        return document_examples(self.processor, texts, c.max_length, c.truncation, c.windows, None, 0, "predict")

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """(texts, labels) probabilities, in the order of ``labels``."""
        probs, _ = batch_probabilities(self.model, self.examples(texts), self.device)
        return probs

    def probability(self, texts: Sequence[str], label: str) -> np.ndarray:
        """The probability of ``label`` for each text (a reward in [0, 1])."""
        if label not in self.info.labels:
            raise ValueError(f"classifier run {self.run_id} has no label {label!r} (labels: {', '.join(self.labels)})")
        return self.scores(texts)[:, self.info.labels.index(label)]

    def decide(self, probs: np.ndarray) -> np.ndarray:
        return decide(probs, self.multi_label, self.info.thresholds or None)

    def predict(self, texts: Sequence[str]) -> list[tuple[tuple[str, ...], dict[str, float]]]:
        """(predicted labels, {label: probability}) per text."""
        probs = self.scores(texts)
        return [(self.chosen(row, p), dict(zip(self.labels, map(float, p), strict=False)))
                for row, p in zip(self.decide(probs), probs, strict=False)]

    def chosen(self, decision: np.ndarray, probs: np.ndarray) -> tuple[str, ...]:
        if self.multi_label:
            return tuple(name for name, on in zip(self.labels, decision, strict=False) if on)
        return (self.labels[int(decision)],)


def load_classifier(project: Project, run_id: int | None = None, device: str = "auto") -> Classifier:
    """The classifier run ``run_id`` (default: the latest), refusing one whose labels have changed."""
    return Classifier(project, run_id, device)
