"""Train a classifier run: the language-model trainer's machinery with a classification head.

``train_classifier`` builds a ``GPTClassifier`` (from scratch, or with the body of a
language-model run, optionally frozen: the setup reward runs share, ``training.head_trainer``),
encodes the labelled documents of each split once, and hands the trainer's own ``TrainStep``
(device, precision, compile, gradient accumulation) and ``ClassifierLoop`` (the
``TrainingLoop``: schedule, logging, checkpoints, out-of-memory recovery, cancel, early
stopping) batches of labelled examples. When the run
completes, the best checkpoint (validation macro-F1) is evaluated on every split, the
baseline is trained if asked, all figures and predictions are stored in one transaction,
and a prediction for every document is written for the Label panel (active learning).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from llmstudio.core.changes import Changed, declares
from llmstudio.core.classify.batches import ExampleBatches, document_examples, targets_for
from llmstudio.core.classify.config import ClassifierRunConfig
from llmstudio.core.classify.data import (
    check_labels_unchanged,
    iter_document_texts,
    labelled_splits,
    resolve_schema,
)
from llmstudio.core.classify.evaluate import evaluation_of, tune_thresholds
from llmstudio.core.classify.events import ClassifierEvalLogged
from llmstudio.core.classify.inference import batch_probabilities, decide
from llmstudio.core.classify.loop import ClassifierLoop
from llmstudio.core.classify.runs import classifier_run, read_info, write_info
from llmstudio.core.classify.store import BASELINE, TRANSFORMER, Evaluation, save_evaluations
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress, no_progress, scaled
from llmstudio.core.model.classifier import HEAD_PARAMETERS, GPTClassifier
from llmstudio.core.project import Project, utc_now
from llmstudio.core.runs import RunLock, get_run, run_config, run_folder, update_run
from llmstudio.core.runs.metrics import write_retrying
from llmstudio.core.text_tokenizer import load_text_tokenizer
from llmstudio.core.training import checkpoint as ckpt
from llmstudio.core.training.head_trainer import HeadSession, holding_lock, load_lm_body
from llmstudio.core.training.loop import Position
from llmstudio.core.training.step import MicroHook

log = logging.getLogger(__name__)
PREDICT_BATCH = 2048

__all__ = ["ClassifierEvalLogged", "ClassifierResult", "train_classifier"]


@dataclass(frozen=True)
class ClassifierResult:
    run_id: int
    status: str
    message: str
    test: dict[str, Any] = field(default_factory=dict)
    baseline_test: dict[str, Any] | None = None


def class_weights(targets: np.ndarray, n_labels: int, multi: bool, mode: str) -> list[float] | None:
    """balanced: n / (labels x count) per label (multi-label: negatives / positives per label)."""
    if mode == "none":
        return None
    if multi:
        positives = targets.sum(0)
        return [float((len(targets) - p) / p) if p else 1.0 for p in positives]
    counts = np.bincount(targets, minlength=n_labels)
    return [float(len(targets) / (n_labels * c)) if c else 0.0 for c in counts]


@declares(Changed.RUNS | Changed.LABELS)  # LABELS: the predictions the Label panel suggests from
def train_classifier(project: Project, run_id: int, *, device: str = "auto", interactive: bool = False,
                     progress: Progress = no_progress, cancel: CancelToken | None = None,
                     on_event: Callable[[object], None] | None = None,
                     gemm_cache_dir: Path | None = None, lock: RunLock | None = None,
                     micro_hook: MicroHook | None = None) -> ClassifierResult:
    """Train, evaluate and store classifier run ``run_id`` (made by ``create_classifier_run``).

    Like a language-model run, the run's lock is held for the whole session (``RunBusy`` when
    another process trains it), so liveness and recovery of interrupted runs treat both kinds
    alike; a caller that already took it passes ``lock``. ``micro_hook(step, micro_batch)``
    runs before each forward pass (a test seam, as for language-model runs).
    """
    run = classifier_run(project, run_id)  # a clear error for a run of another kind, before locking anything
    with holding_lock(project, run, lock):
        return _train(project, run_id, device, interactive, progress, cancel or CancelToken(),
                      on_event or (lambda event: None), gemm_cache_dir, micro_hook)


def _train(project: Project, run_id: int, device: str, interactive: bool, progress: Progress, cancel: CancelToken,
           emit: Callable[[object], None], gemm_cache_dir: Path | None,
           micro_hook: MicroHook | None) -> ClassifierResult:
    run = classifier_run(project, run_id)
    if run.status != "created":
        raise StudioError(f"classifier run {run_id} is {run.status}; classifier runs train once: use Retrain "
                          f"(or 'llmstudio classify train DIR') for a new run")
    config = ClassifierRunConfig.from_dict(run_config(project, run_id))
    info = read_info(project, run_id)
    schema = resolve_schema(project, info.schema)
    check_labels_unchanged(schema, info.labels, run_id)
    docs = labelled_splits(project, schema)
    labels, multi, c = info.labels, info.multi_label, config.classify
    session = HeadSession.open(project, run, config, device, interactive)

    progress(0.0, "encoding the labelled documents")
    examples: dict[str, ExampleBatches] = {}
    for offset, (split, part) in enumerate(docs.items()):
        examples[split] = document_examples(session.processor, part.texts, c.max_length, c.truncation, c.windows,
                                            targets_for(part.labels, labels, multi), config.train.seed + offset,
                                            split)
    weights = class_weights(examples["train"].targets, len(labels), multi, c.class_weights)  # type: ignore[arg-type]
    model: GPTClassifier = session.build_model(
        lambda model_config: GPTClassifier(model_config, len(labels), c.pooling, multi, weights, c.score_bias),
        load_body)
    if config.train.lora_rank:  # LoRA adapters on the body; the new score layer trains in full
        from llmstudio.core.model.lora import apply_lora

        apply_lora(model, config.train.lora_rank, config.train.lora_alpha, config.train.lora_dropout,
                   config.train.lora_target_names)
        model.score.requires_grad_(True)
    step_runner = session.start(model, emit, micro_hook)
    from llmstudio.core.training.gemm_peak import mfu_peak_flops

    peak = mfu_peak_flops(session.device, step_runner.dtype, session.threads, gemm_cache_dir)[0]
    engine = session.engine(model, step_runner, examples["train"], examples["validation"], peak)
    outlet = session.outlet(emit, scaled(progress, 0.0, 0.8), cancel)
    loop = ClassifierLoop(config, engine, Position(step=0, max_steps=config.train.max_steps), outlet,
                          labels=labels, multi=multi)
    result = loop.run()
    if result.status != "completed":
        return ClassifierResult(run_id, result.status, result.message)
    try:
        return _finish(project, run_id, config, info, schema.name, docs, examples, model, session.device,
                       result.message, progress, cancel)
    except BaseException as exc:
        message = str(exc) if isinstance(exc, StudioError) else f"evaluation failed: {type(exc).__name__}: {exc}"
        write_retrying(lambda: update_run(project, run_id, status="failed", message=message, finished_at=utc_now()),
                       what=f"failure of run {run_id}")
        raise


def _finish(project: Project, run_id: int, config: ClassifierRunConfig, info: Any, schema: str, docs: dict[str, Any],
            examples: dict[str, ExampleBatches], model: GPTClassifier, device: torch.device, trained: str,
            progress: Progress, cancel: CancelToken) -> ClassifierResult:
    """Evaluate the best checkpoint on every split (+ baseline), store it all, predict every document."""
    run = get_run(project, run_id)
    ckpt.load_weights(ckpt.find_checkpoint(run_folder(project, run), "best"), model, device)
    labels, multi, c = info.labels, info.multi_label, config.classify
    progress(0.82, "evaluating the best checkpoint")
    probs = {split: batch_probabilities(model, ex, device)[0] for split, ex in examples.items()}
    if multi and c.tune_thresholds:
        info.thresholds = tune_thresholds(probs["validation"], examples["validation"].targets, c.threshold)  # type: ignore[arg-type]
    elif multi:
        info.thresholds = [c.threshold] * len(labels)
    evaluations = [evaluation_of(TRANSFORMER, docs[split], labels, multi, p, decide(p, multi, info.thresholds),
                                 len(docs["train"])) for split, p in probs.items()]
    baseline_test = None
    if c.baseline:
        cancel.raise_if_cancelled()
        progress(0.86, "training the TF-IDF + logistic regression baseline")
        evaluations.extend(_baseline(docs, labels, multi, c))
        baseline_test = next(e.figures for e in evaluations if e.model == BASELINE and e.split == "test")
    write_info(project, run_id, info)
    save_evaluations(project, run_id, evaluations)
    test = next(e.figures for e in evaluations if e.model == TRANSFORMER and e.split == "test")
    if c.predict_all:
        progress(0.9, "predicting every document for the Label panel")
        _predict_all(project, run_id, schema, model, config, info, device, cancel)
    # Each figures wording whole (not a sentence grown by +=), so the GUI translates it as one template.
    if baseline_test is None:
        figures = f"test macro-F1 {test['macro_f1']:.4f}, accuracy {test['accuracy']:.4f}"
    else:
        figures = (f"test macro-F1 {test['macro_f1']:.4f}, accuracy {test['accuracy']:.4f} "
                   f"(baseline macro-F1 {baseline_test['macro_f1']:.4f})")
    message = f"{trained}; {figures}"
    write_retrying(lambda: update_run(project, run_id, message=message), what=f"end of run {run_id}")
    progress(1.0, message)
    return ClassifierResult(run_id, "completed", message, test, baseline_test)


def _baseline(docs: dict[str, Any], labels: list[str], multi: bool, c: Any) -> list[Evaluation]:
    from llmstudio.core.classify.baseline import Baseline

    baseline = Baseline(labels, multi, c.baseline_stem, c.baseline_stop_words, c.class_weights)
    baseline.fit(docs["train"], docs["validation"])
    result = []
    for part in docs.values():
        decisions, probs = baseline.predict(part.texts)
        result.append(evaluation_of(BASELINE, part, labels, multi, probs, decisions, len(docs["train"])))
    return result


def _predict_all(project: Project, run_id: int, schema: str, model: GPTClassifier, config: ClassifierRunConfig,
                 info: Any, device: torch.device, cancel: CancelToken) -> None:
    from llmstudio.core.labels.queue import store_predictions

    processor = load_text_tokenizer(project, project.tokenizer(get_run(project, run_id).tokenizer_id))
    c = config.classify
    rows: list[tuple[int, dict[str, float]]] = []
    for chunk in iter_document_texts(project, PREDICT_BATCH):
        cancel.raise_if_cancelled()
        batches = document_examples(processor, [t for _, t in chunk], c.max_length, c.truncation, c.windows,
                                    None, 0, "all")
        probs, _ = batch_probabilities(model, batches, device)
        rows.extend((doc, dict(zip(info.labels, map(float, p), strict=False))) for (doc, _), p in zip(chunk, probs, strict=False))
    store_predictions(project, schema, rows, run_id)


def load_body(path: str, model: GPTClassifier, device: torch.device) -> None:
    """Load a language-model checkpoint's weights into the classifier's body (the head stays new)."""
    load_lm_body(path, model, device, HEAD_PARAMETERS, "the classifier's model")
